#!/usr/bin/python3
"""The docs a newcomer walks: README.md at most 15 KB; every relative link of README.md and
docs/*.md reaches a file in the repository (none leaves it), and every #anchor a heading of
that file; no unfilled placeholder. usage: check_docs.py REPO"""
import os
import re
import sys

repo = os.path.abspath(sys.argv[1])
pages = [os.path.join(repo, "README.md")] + sorted(
    os.path.join(repo, "docs", f) for f in os.listdir(os.path.join(repo, "docs")) if f.endswith(".md"))
problems = []
size = os.path.getsize(pages[0])
if size > 15 * 1024:
    problems.append(f"README.md is {size} bytes, more than 15 KB: move reference material to docs/")


def anchors(path):
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    out = set()
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            text = line.lstrip("#").strip().lower()
            text = re.sub(r"[^\w\- ]", "", text)
            out.add(text.replace(" ", "-"))
    return out


links = 0
for page in pages:
    text = open(page, encoding="utf-8").read()
    if "@@" in text:
        problems.append(f"{os.path.relpath(page, repo)}: an unfilled @@ placeholder")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+://", target):
            continue
        links += 1
        path, _, anchor = target.partition("#")
        full = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
        if not full.startswith(repo + os.sep):
            problems.append(f"{os.path.relpath(page, repo)}: {target} leaves the repository")
        elif not os.path.exists(full):
            problems.append(f"{os.path.relpath(page, repo)}: {target} does not exist")
        elif anchor and full.endswith(".md") and anchor not in anchors(full):
            problems.append(f"{os.path.relpath(page, repo)}: {target}: no such heading")
if problems:
    sys.exit("\n".join(problems))
print(f"docs: README.md {size} bytes, {len(pages)} pages, {links} links, all inside the repository")

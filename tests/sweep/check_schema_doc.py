#!/usr/bin/python3
"""docs/store.md's tables name exactly the datasets a store holds, and the root attributes.
usage: check_schema_doc.py docs/store.md STORE.h5 [HEADING]
  (study 1: a store made with --save-weights and the heading "## The store"; study 2's store
  tables are under "## Study 2's store")"""
import itertools
import re
import sys

import h5py


def expand(name):
    """`classify/a/{mean,var,last}` → the three names."""
    parts = re.split(r"\{([^}]*)\}", name)
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    return {"".join(c) for c in itertools.product(*choices)}


def main(readme, store, heading="## The store"):
    text = open(readme, encoding="utf-8").read()
    section = text[text.index(heading):]
    level = heading.split(" ")[0]  # the section ends at the next heading of its level or above
    ends = [section.find("\n" + "#" * k + " ", 1) for k in range(2, len(level) + 1)]
    section = section[:min([e for e in ends if e > 0] or [len(section)])]
    tables = {"root attribute": set(), "dataset": set()}
    current = None
    for line in section.splitlines():
        for head in tables:
            if line.startswith(f"| {head} |"):
                current = head
        if line.startswith("| `") and current:
            first = line.split("|")[1]
            tables[current].update(*(expand(n) for n in re.findall(r"`([^`]+)`", first)))
    with h5py.File(store, "r") as f:
        held = []
        f.visititems(lambda n, o: held.append(n) if isinstance(o, h5py.Dataset) else None)
        attrs = set(f.attrs)
    problems = []
    for what, doc, real in (("dataset", tables["dataset"], set(held)),
                            ("root attribute", tables["root attribute"], attrs)):
        if real - doc:
            problems.append(f"{what}s in the store but not in {readme}: {sorted(real - doc)}")
        if doc - real:
            problems.append(f"{what}s in {readme} but not in the store: {sorted(doc - real)}")
    if problems:
        sys.exit("\n".join(problems))
    print(f"schema doc: {len(held)} datasets and {len(attrs)} root attributes, all documented")


if __name__ == "__main__":
    main(*sys.argv[1:])

#!/usr/bin/python3
"""The engine's folders form layers (docs/architecture.md): every #include points down or
sideways, never up, and a study's folder includes no other study. The generic folders never
name a study: no registered study name, and no "study 1"/"study-2" style reference.
usage: check_layers.py REPO        (exit 1 listing every violation)"""
import pathlib
import re
import sys

# Lowest first. A folder may include its own layer and any layer below it.
LAYERS = ["util", "linalg", "net", "tasks", "train", "dynamics", "spec", "store", "query",
          "study", "studies", "sweep", "slurm", "cli"]
# Folders that know no study (DESIGN.md: sweep/, store/, query/ and cli/ never name one).
GENERIC = ["util", "linalg", "net", "spec", "store", "query", "study", "sweep", "slurm", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"', re.M)


def layer_of(rel):
    """engine/<folder>/… → (folder, the study's name for engine/studies/<name>/…)."""
    parts = rel.parts
    study = parts[2] if parts[1] == "studies" and len(parts) > 3 else None
    return parts[1], study


def main(repo):
    engine = pathlib.Path(repo) / "engine"
    studies = sorted(p.name for p in (engine / "studies").iterdir() if p.is_dir())
    names = set(studies)
    for study_h in (engine / "studies").glob("*/study.h"):  # the names specs use
        names.update(re.findall(r'name\(\) const override \{ return "([a-z_0-9]+)"; \}', study_h.read_text()))
    naming = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b|\bstudy[ -]?[0-9]\b|\bflip-?flop\b", re.I)
    problems, files = [], 0
    for path in sorted(engine.rglob("*")):
        if path.suffix not in (".h", ".cpp", ".inl"):
            continue
        files += 1
        rel = path.relative_to(engine.parent)
        folder, study = layer_of(rel)
        text = path.read_text(encoding="utf-8")
        for target, rest in INCLUDE.findall(text):
            if target not in LAYERS:
                problems.append(f"{rel}: includes {target}/{rest}, a folder outside the layers")
            elif LAYERS.index(target) > LAYERS.index(folder):
                problems.append(f"{rel}: includes {target}/{rest}, a layer above {folder}/")
            elif target == "studies" and study:
                other = rest.split("/")[0]
                if other != study:
                    problems.append(f"{rel}: study {study} includes study {other} ({target}/{rest})")
        if folder in GENERIC:
            for n, line in enumerate(text.splitlines(), 1):
                m = naming.search(line)
                if m:
                    problems.append(f"{rel}:{n}: names a study ({m.group(0)!r}): {line.strip()}")
    if problems:
        sys.exit("\n".join(problems))
    print(f"layers: {files} files, every include points down; {len(studies)} studies "
          f"({', '.join(studies)}), named only in engine/studies/")


if __name__ == "__main__":
    main(*sys.argv[1:])

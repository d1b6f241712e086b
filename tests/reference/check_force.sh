#!/usr/bin/env bash
# Independent numpy check of wmsweep's modified-FORCE training.
# Usage: tests/reference/check_force.sh BUILD/wmsweep REPO_ROOT
# Trains small networks with the engine (--save-inputs), re-trains them with
# tests/reference/force_reference.py and requires readouts equal to 1e-9 (relative).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 WMSWEEP_BINARY REPO_ROOT" >&2
  exit 2
fi
bin=$1
root=$2
ref="$root/tests/reference/force_reference.py"
py=/usr/bin/python3   # Debian python with numpy + h5py

[[ -x "$bin" ]] || { echo "not an executable: $bin" >&2; exit 2; }
[[ -f "$ref" ]] || { echo "missing: $ref" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check_force.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# run_case NAME G N_TRAIN
run_case() {
  local name=$1 g=$2 n_train=$3
  local dir="$tmp/$name"
  mkdir -p "$dir"
  cat >"$dir/spec.toml" <<EOF
name = "ref_$name"
[network]
n = 50
g = $g
fb = 40.0
pg = 0.9
in = 50.0
[train]
n_train = $n_train
[analysis]
run = []
EOF
  echo "== case $name: g=$g n_train=$n_train"
  "$bin" one "$dir/spec.toml" --job 0 --out "$dir/net.h5" --save-inputs >"$dir/engine.log" 2>&1 || {
    echo "engine failed:" >&2; cat "$dir/engine.log" >&2; return 1; }
  "$py" "$ref" "$dir/net.h5"
}

run_case stable 0.8 4
run_case chaotic 1.2 3
echo "check_force: all cases passed"

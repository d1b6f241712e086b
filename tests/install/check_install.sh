#!/usr/bin/env bash
# `cmake --install` into a prefix, then everything run from there with the source tree out of
# sight (a private mount namespace lays an empty folder over it; without one, the prefix is
# moved to another folder and the build folder's copy of the templates is hidden by renaming
# nothing: the binary must find what it needs relative to itself): --help, submit --dry-run
# (templates from PREFIX/share/wmsweep/slurm), a run of the installed tiny spec, status, query
# the installed Python package (its version the binary's) and `wmsweep report`.
# usage: check_install.sh BUILD_DIR REPO
build=$(realpath "$1") repo=$(realpath "$2")
bin=unused
source "$repo/tests/sweep/common.sh"
cd "$tmp"
cmake --install "$build" --prefix "$tmp/prefix" > install.log 2>&1 || fail "cmake --install: $(cat install.log)"
mv "$tmp/prefix" "$tmp/moved"  # the prefix is relocatable
p=$tmp/moved
for f in bin/wmsweep share/wmsweep/slurm/array.sbatch.in share/wmsweep/slurm/aggregate.sbatch.in \
         share/wmsweep/jobs/tiny.toml share/wmsweep/python/wmsweep/report.py share/doc/wmsweep/cli.md \
         share/man/man1/wmsweep.1; do
  [ -e "$p/$f" ] || fail "cmake --install left out $f"
done
# the man page holds every subcommand's --help, and renders where man is installed
for sub in one run status submit query aggregate plan relabel report; do
  grep -q "^\.SH \"WMSWEEP ${sub^^}\"" "$p/share/man/man1/wmsweep.1" || fail "the man page lacks $sub"
done
if command -v man > /dev/null; then
  man -l "$p/share/man/man1/wmsweep.1" 2> /dev/null | grep -q "Usage: wmsweep report \[OPTIONS\] store" \
    || fail "man -l does not render the man page"
fi
cat > "$tmp/from_prefix.sh" <<SH
set -e
cd "$tmp"
[ ! -e "$repo/CMakeLists.txt" ] || [ "\${HIDDEN:-0}" = 0 ] || { echo "the source tree is still visible"; exit 1; }
"$p/bin/wmsweep" --help | grep -q "submit"
"$p/bin/wmsweep" submit "$p/share/wmsweep/jobs/tiny.toml" --run-dir runs --tasks 2 --dry-run > submit.txt
grep -q "^#SBATCH --array=0-1\$" runs/array.sbatch
OPENBLAS_NUM_THREADS=1 "$p/bin/wmsweep" run "$p/share/wmsweep/jobs/tiny.toml" --store tiny.h5 > run.txt 2>&1
"$p/bin/wmsweep" status tiny.h5 | grep -q "^networks  8: 8 ok, 0 failed, 0 pending\$"
"$p/bin/wmsweep" query tiny.h5 --all --format csv > query.csv
PYTHONPATH="$p/share/wmsweep/python" /usr/bin/python3 -m wmsweep.figures tiny.h5 --out figs > plot.txt 2>&1
ls figs/*.png > /dev/null
"$p/bin/wmsweep" report tiny.h5 -o tiny.html > report.txt 2>&1
grep -q "<img alt=\"spectra.png\"" tiny.html
[ "\$("$p/bin/wmsweep" --version)" = "wmsweep \$(PYTHONPATH="$p/share/wmsweep/python" /usr/bin/python3 -c 'import wmsweep; print(wmsweep.__version__)')" ]
SH
if unshare --mount true 2> /dev/null; then
  mkdir -p "$tmp/empty"
  unshare --mount bash -c "mount --bind '$tmp/empty' '$repo' && mount --bind '$tmp/empty' '$build' 2>/dev/null; HIDDEN=1 bash '$tmp/from_prefix.sh'" > out.txt 2>&1 \
    || fail "from the prefix, the source tree hidden: $(cat out.txt; tail -5 "$tmp"/*.txt)"
  echo "ran from the prefix with the source tree hidden"
else
  bash "$tmp/from_prefix.sh" > out.txt 2>&1 || fail "from the prefix: $(cat out.txt; tail -5 "$tmp"/*.txt)"
  echo "ran from a moved prefix (no mount namespace here to hide the source tree)"
fi
rows=$(tail -n +2 query.csv | wc -l)
[ "$rows" -ge 1 ] || fail "query from the prefix: $(cat query.csv)"
echo "PASS: installed, moved, and run from the prefix"

#!/usr/bin/env bash
# `wmsweep report` in a real browser (Debian's chromium, headless): for a store of each study
# (study 1, study 2, the flip-flop) and for a sweep frozen while it runs, the page renders with
# no console message, every table holds exactly what `wmsweep query --format csv` prints, the
# status counts and failures equal the store read with h5py, and each study's figures are there
# and decode. The checks are shown to fail on a page with a broken figure and on a changed cell.
# Bad input exits 2 with the problem named. usage: check_report.sh WMSWEEP REPO
bin=$1 repo=$2
source "$repo/tests/sweep/common.sh"
cd "$tmp"
command -v chromium > /dev/null || fail "chromium is not installed (tests/run.sh installs it)"
browse() {  # browse PAGE: the DOM after load into PAGE.dom, the browser's log into PAGE.log
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "file://$tmp/$1" \
    > "$1.dom" 2> "$1.log" || fail "chromium could not open $1: $(tail -5 "$1.log")"
}
check() {  # check STORE PAGE FIGURES: the page of STORE against the engine and the store
  browse "$2"
  if grep -q ":CONSOLE" "$2.log"; then fail "console messages on $2: $(grep ":CONSOLE" "$2.log")"; fi
  "$py" "$repo/tests/report/check_report.py" "$bin" "$1" "$2.dom" "$3" || fail "the page $2 of $1"
}

"$bin" run "$repo/jobs/tiny.toml" --store tiny.h5 > run1.txt 2>&1 || fail "run tiny: $(cat run1.txt)"
"$bin" run "$repo/jobs/orientations_tiny.toml" --store o2.h5 > run2.txt 2>&1 || fail "run study 2: $(cat run2.txt)"
"$bin" run "$repo/jobs/flipflop_tiny.toml" --store ff.h5 > run3.txt 2>&1 || fail "run flip-flop: $(cat run3.txt)"
# a name with a leading dash, a space, a quote and a semicolon reaches Python and the engine as
# one argument and a name, never a shell or an option
cp tiny.h5 "./-tiny; it's.h5"
"$bin" report -o tiny.html -- "-tiny; it's.h5" > out.txt 2>&1 || fail "report: $(cat out.txt)"
[ "$(tail -1 out.txt)" = "$tmp/tiny.html" ] || fail "report did not print its path: $(cat out.txt)"
check "./-tiny; it's.h5" tiny.html 6
"$bin" report o2.h5 > out.txt 2>&1 || fail "report study 2: $(cat out.txt)"
[ -s o2.html ] || fail "the default -o is not the store's name with .html"
check o2.h5 o2.html 5
# a diverging network: a failed row, listed with its reason
sed -e 's/^seed = .*/seed = [0]/' -e 's/^g = .*/g = [1.5]/' -e 's/^fb = .*/fb = [10.0, 1e-9]/' \
  "$repo/jobs/tiny.toml" > diverge.toml
"$bin" run diverge.toml --store d.h5 > run4.txt 2>&1 || fail "run diverge: $(cat run4.txt)"
"$bin" report d.h5 > out.txt 2>&1 || fail "report of a failed network: $(cat out.txt)"
check d.h5 d.html 6
grep -q "diverged during training" d.html.dom || fail "the failure's reason is not on the page"
# an adaptive sweep: its skipped seeds counted apart, its cells in the status
{ sed 's/^seed = .*/seed = [0, 1, 2, 3]/' "$repo/jobs/tiny.toml"
  printf '\n[adaptive]\nquantity = "mechanism_a_all"\nhalf_width = 0.3\ninitial = 3\nbatch = 2\n'; } > adaptive.toml
"$bin" run adaptive.toml --store ad.h5 > run5.txt 2>&1 || fail "run adaptive: $(cat run5.txt)"
"$bin" report ad.h5 > out.txt 2>&1 || fail "report adaptive: $(cat out.txt)"
check ad.h5 ad.html 6
grep -q "skipped <b>[1-9]" ad.html.dom && grep -q "stopped: " ad.html.dom || fail "the adaptive page lacks its skipped seeds or its stop"
"$bin" report ff.h5 -o ff.html > out.txt 2>&1 || fail "report flip-flop: $(cat out.txt)"
check ff.h5 ff.html 0

# a sweep frozen (SIGSTOP) right after its 3rd row, holding its store open for writing
WMSWEEP_TEST_AFTER_ROW=3:STOP "$bin" run "$repo/jobs/tiny.toml" --store live.h5 > live.txt 2>&1 &
live=$!
for _ in $(seq 600); do
  [ "$(ps -o stat= -p $live 2> /dev/null | cut -c1)" = T ] && break
  sleep 0.1
done
[ "$(ps -o stat= -p $live | cut -c1)" = T ] || fail "the sweep did not stop after its 3rd row: $(cat live.txt)"
"$bin" report live.h5 -o live.html > out.txt 2>&1 || { kill -9 $live; fail "report of a running sweep: $(cat out.txt)"; }
check live.h5 live.html 6
grep -q "5 networks are not in this report yet" live.html.dom || fail "the partial page does not say 5 are pending"
kill -9 $live; wait $live 2> /dev/null

# the checks can fail: a figure that does not decode, a table cell the engine did not print
"$py" - tiny.html <<'PY'
import re, sys
page = open(sys.argv[1]).read()
open("broken_figure.html", "w").write(re.sub(r"base64,[A-Za-z0-9+/]{64}", "base64,AAAA", page, count=1))
body = page.index("<tbody>", page.index("data-query"))  # the first query table's first number
cell = re.compile(r"<td>(\d+)</td>").search(page, body)
open("changed_cell.html", "w").write(page[:cell.start()] + f"<td>{int(cell.group(1)) + 1}</td>" + page[cell.end():])
PY
browse broken_figure.html
grep -q ":CONSOLE.*did not decode" broken_figure.html.log || fail "a broken figure gave no console error"
browse changed_cell.html
"$py" "$repo/tests/report/check_report.py" "$bin" tiny.h5 changed_cell.html.dom 6 > changed.txt 2>&1 \
  && fail "a changed table cell passed: $(cat changed.txt)"
grep -q "differs from" changed.txt || fail "a changed cell, wrong message: $(cat changed.txt)"

# refusals: exit 2, the problem named, no page written
expect_error "not a readable HDF5 file" report "$repo/jobs/tiny.toml" -o x.html
expect_error "the folder nowhere does not exist" report tiny.h5 -o nowhere/x.html
expect_error "is the store" report tiny.h5 -o tiny.h5
expect_error "a or b" report tiny.h5 --variant c
head -c 4000 tiny.h5 > broken.h5
expect_error "broken.h5" report broken.h5 -o x.html
[ ! -e x.html ] || fail "a refused report left x.html"
WMSWEEP_PYTHON=/nonexistent/python3 "$bin" report tiny.h5 -o y.html > err.txt 2>&1
[ $? = 2 ] && grep -q "WMSWEEP_PYTHON" err.txt || fail "a missing interpreter: $(cat err.txt)"
echo "PASS: reports of 3 studies and of a running sweep render without console errors and hold the engine's numbers"

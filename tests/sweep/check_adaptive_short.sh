#!/usr/bin/env bash
# A tenth of check_adaptive.sh for the sanitizer build (label `sanitize` only): one adaptive
# sweep of 4 cells × a pool of 8 tiny networks, through its rounds, the marking of the seeds it
# did not need, status and query --adaptive, at 1 rank and at 3 (the rounds' MPI and syncs).
# usage: check_adaptive_short.sh WMSWEEP REPO
bin=$(realpath "$1") repo=$(realpath "$2")
source "$repo/tests/sweep/common.sh"
cd "$tmp"
sed 's/^seed = \[0, 1\]$/seed = [0, 1, 2, 3, 4, 5, 6, 7]/' "$repo/jobs/tiny.toml" > ad.toml
printf '\n[adaptive]\nquantity = "mechanism_a_all"\nhalf_width = 0.3\ninitial = 3\nbatch = 4\n' >> ad.toml
timeout 600 "$bin" run ad.toml --store a1.h5 > a1.txt 2>&1 || fail "adaptive run exited $?: $(cat a1.txt)"
grep -q "adaptive sweep stopped: every cell met the target after 2 rounds; 16 networks run" a1.txt || fail "$(tail -3 a1.txt)"
mpi 3 "$bin" run ad.toml --store a3.h5 > a3.txt 2>&1 || fail "3-rank adaptive run exited $?: $(cat a3.txt)"
compare same a1.h5 a3.h5
"$bin" status a1.h5 | grep -q "^networks  32: 16 ok, 0 failed, 0 pending, 16 skipped" || fail "status: $("$bin" status a1.h5)"
[ "$("$bin" query a1.h5 --adaptive --format csv | grep -c ',yes$')" = 4 ] || fail "query --adaptive: $("$bin" query a1.h5 --adaptive --format csv)"
echo "adaptive (short): 16 networks in 2 rounds at 1 and 3 ranks, the same store"

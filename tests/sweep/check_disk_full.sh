#!/usr/bin/env bash
# A full disk, one process and under mpirun with 3 ranks: a clear "no space left" message,
# exit 1 (the store could not be written), no rank left waiting (each run has a time limit),
# and the store resumes to the same bits once there is room. A store too large for the disk is
# refused before any work (exit 2), leaving nothing behind. Needs root to mount a small tmpfs;
# skipped (77) where mounting is not allowed.
# usage: check_disk_full.sh WMSWEEP REPO
bin=$1 repo=$2
spec=$repo/jobs/tiny.toml
. "$repo/tests/sweep/common.sh"
cd "$tmp"
mkdir full
mount -t tmpfs -o size=2m tmpfs full 2> /dev/null || { echo "cannot mount a tmpfs here: skipped"; exit 77; }
trap 'umount "$tmp/full" 2> /dev/null; rm -rf "$tmp"' EXIT
"$bin" run "$spec" --store ref.h5 > /dev/null 2>&1 || fail "reference run"

for ranks in 1 3; do
  rm -f full/*
  # the store is created (its data pages are not written yet), then the disk fills up
  WMSWEEP_TEST_KILL_MID_ROW=1 timeout 120 "$bin" run "$spec" --store full/t.h5 > /dev/null 2>&1
  [ -e full/t.h5 ] || fail "the store was not created"
  dd if=/dev/zero of=full/filler bs=1k count=$(( $(df -k --output=avail full | tail -1) - 8 )) 2> /dev/null
  if [ $ranks = 1 ]; then timeout 120 "$bin" run "$spec" --store full/t.h5 > out.txt 2>&1
  else mpi 3 "$bin" run "$spec" --store full/t.h5 > out.txt 2>&1; fi
  rc=$?
  [ $rc = 1 ] || fail "$ranks rank(s) on a full disk exited $rc, expected 1: $(cat out.txt)"
  grep -q "no space left on the device holding it" out.txt || fail "no 'no space' message: $(cat out.txt)"
  grep -q "the store resumes (exit code 1)" out.txt || fail "no resume hint: $(cat out.txt)"
  rm full/filler
  "$bin" run "$spec" --store full/t.h5 > resume.txt 2>&1 || fail "resume after freeing space: $(cat resume.txt)"
  compare same ref.h5 full/t.h5
  compare complete full/t.h5
done

# a store larger than the free space: refused before any work, nothing left behind
rm -f full/*
mount -o remount,size=150k full || fail "could not shrink the tmpfs"
expect_error "would take" run "$spec" --store full/t.h5
grep -q "and the disk holding it has" err.txt || fail "the message does not give the free space: $(cat err.txt)"
[ -z "$(ls full | grep -v lock)" ] || fail "a refused store left files: $(ls full)"
echo "check_disk_full: all passed"

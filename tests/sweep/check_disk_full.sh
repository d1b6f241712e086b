#!/usr/bin/env bash
# A full disk, one process and under mpirun with 3 ranks: a clear "no space left" message,
# exit 1 (the store could not be written), no rank left waiting (each run has a time limit),
# no half store left behind when creation fails, and the store resumes to the same bits once
# there is room. Needs root to mount a small tmpfs; skipped (77) where mounting is not allowed.
# usage: check_disk_full.sh WMSWEEP REPO
bin=$1 repo=$2
spec=$repo/jobs/tiny.toml
. "$repo/tests/sweep/common.sh"
cd "$tmp"
mkdir full
mount -t tmpfs -o size=150k tmpfs full 2> /dev/null || { echo "cannot mount a tmpfs here: skipped"; exit 77; }
trap 'umount "$tmp/full" 2> /dev/null; rm -rf "$tmp"' EXIT
"$bin" run "$spec" --store ref.h5 > /dev/null 2>&1 || fail "reference run"

for ranks in 1 3; do
  rm -f full/*
  if [ $ranks = 1 ]; then timeout 120 "$bin" run "$spec" --store full/t.h5 > out.txt 2>&1
  else mpi 3 "$bin" run "$spec" --store full/t.h5 > out.txt 2>&1; fi
  rc=$?
  [ $rc = 1 ] || fail "$ranks rank(s) on a full disk exited $rc, expected 1: $(cat out.txt)"
  grep -q "no space left on the device holding it" out.txt || fail "no 'no space' message: $(cat out.txt)"
  grep -q "the store resumes (exit code 1)" out.txt || fail "no resume hint: $(cat out.txt)"
  mount -o remount,size=2m full || fail "could not grow the tmpfs"
  "$bin" run "$spec" --store full/t.h5 > resume.txt 2>&1 || fail "resume after freeing space: $(cat resume.txt)"
  compare same ref.h5 full/t.h5
  compare complete full/t.h5
  mount -o remount,size=150k full 2> /dev/null || { rm -f full/*; mount -o remount,size=150k full; }
done

# creation itself fails: exit 1, and neither the store nor its .partial is left
rm -f full/*
dd if=/dev/zero of=full/filler bs=1k count=100 2> /dev/null
"$bin" run "$spec" --store full/t.h5 > create.txt 2>&1
rc=$?
[ $rc = 1 ] || fail "a store that cannot be created exited $rc: $(cat create.txt)"
grep -q "no space left" create.txt || fail "creation: $(cat create.txt)"
[ ! -e full/t.h5 ] && [ ! -e full/t.h5.partial ] || fail "a half store was left: $(ls full)"
echo "check_disk_full: all passed"

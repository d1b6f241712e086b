#!/usr/bin/env bash
# Installs wmsweep's build dependencies from Debian's archive (when missing) and builds it
# into ./build. Idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake g++ make pkg-config libopenmpi-dev openmpi-bin libopenblas-dev liblapacke-dev
          libhdf5-openmpi-dev hdf5-tools libspdlog-dev doctest-dev libcli11-dev
          libtomlplusplus-dev python3 python3-numpy python3-h5py
          python3-pandas python3-matplotlib  # analysis/: results as a DataFrame, figures
          strace      # tests/sweep/check_faults.sh kills a run at its rename
          debootstrap   # tests/docker/check_recipes.sh replays the container recipes
          slurm-wlm munge)  # tests/slurm/: a real one-node SLURM for wmsweep submit
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install.sh: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
rm -f build.log
echo "install.sh: built build/wmsweep"

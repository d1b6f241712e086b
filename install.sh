#!/usr/bin/env bash
# Installs wmsweep's build and run dependencies from Debian's archive (when missing) and builds
# build/wmsweep. Idempotent: a second run only rebuilds what changed.
#   ./install.sh [PACKAGE...]   also installs these Debian packages (tests/run.sh: the tests' own)
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake g++ make pkg-config libopenmpi-dev openmpi-bin libopenblas-dev liblapacke-dev
          libhdf5-openmpi-dev hdf5-tools libspdlog-dev doctest-dev libcli11-dev
          libtomlplusplus-dev python3 python3-numpy python3-h5py
          python3-pandas python3-matplotlib  # analysis/ and `wmsweep report`: pandas, figures
          "$@")
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
cmake --build build -j"$(nproc)" --target wmsweep >> build.log 2>&1 || { tail -50 build.log; exit 1; }
rm -f build.log
echo "install.sh: built build/wmsweep"

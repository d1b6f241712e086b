#!/usr/bin/env bash
# The container recipes, checked without a container engine:
#   check_recipes.sh REPO            docker/Dockerfile and docker/wmsweep.def run the same
#                                    build step (the install script the README and CI use)
#   check_recipes.sh REPO ROOTFS     …and that step, replayed as root in a Debian 12 chroot at
#                                    ROOTFS (made with debootstrap when missing), builds an
#                                    image whose entry point answers and runs a network
# The second form downloads ~400 MB (about 1.5 minutes here); a ROOTFS it made is removed at
# the end. Nothing is mounted into the chroot (debootstrap makes its /dev nodes), so removing
# it can never reach the host.
set -uo pipefail
repo=$1; root=${2:-}
fail() { echo "FAIL: $*"; exit 1; }

recipe() {  # the command on the line after "# RECIPE:" in $1, without RUN and indentation
  awk '/# RECIPE:/ { getline; sub(/^[ \t]*(RUN[ \t]+)?/, ""); print; exit }' "$1"
}
docker_step=$(recipe "$repo/docker/Dockerfile")
apptainer_step=$(recipe "$repo/docker/wmsweep.def")
[ -n "$docker_step" ] || fail "no RECIPE step in docker/Dockerfile"
[ "$docker_step" = "$apptainer_step" ] || fail "the recipes differ: '$docker_step' vs '$apptainer_step'"
case "$docker_step" in *./install.sh*) ;; *) fail "the recipe does not use install.sh: $docker_step" ;; esac
grep -q '^ENTRYPOINT \["wmsweep"\]' "$repo/docker/Dockerfile" || fail "Dockerfile entry point is not wmsweep"
grep -q 'exec wmsweep "\$@"' "$repo/docker/wmsweep.def" || fail "Apptainer runscript is not wmsweep"
grep -q "bash tests/run.sh" "$repo/.ci/run" || fail ".ci/run does not run the README's test command"
echo "check_recipes: both recipes build with: $docker_step"
[ -n "$root" ] || exit 0

made=0
if [ ! -x "$root/bin/bash" ]; then
  made=1
  command -v debootstrap > /dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap > /dev/null
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian > debootstrap.log 2>&1 \
    || fail "debootstrap: $(tail -5 debootstrap.log)"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
rm -rf "$root/opt/wmsweep" && mkdir -p "$root/opt/wmsweep"
# the working tree as `COPY .` sees it: tracked and new files, not what .gitignore ignores
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - ) | tar -xf - -C "$root/opt/wmsweep"
if ((made)); then
  trap 'grep -q " $(realpath "$root")" /proc/mounts || rm -rf "$root"' EXIT
fi
start=$(date +%s)
chroot "$root" /bin/bash -c "cd /opt/wmsweep && $docker_step" > recipe.log 2>&1 \
  || fail "the recipe failed in the chroot: $(tail -20 recipe.log)"
echo "check_recipes: the recipe built in the chroot in $(( $(date +%s) - start )) s"
image_env="PATH=/usr/local/bin:/usr/bin:/bin OPENBLAS_NUM_THREADS=1"  # installed to /usr/local
chroot "$root" /usr/bin/env $image_env wmsweep --help > help.txt 2>&1 || fail "wmsweep --help in the image"
grep -q "Subcommands" help.txt || fail "no subcommands in --help: $(cat help.txt)"
chroot "$root" /bin/bash -c "cd /opt/wmsweep && env $image_env wmsweep one jobs/tiny.toml --job 0 --out /tmp/job0.h5" \
  > one.txt 2>&1 || fail "wmsweep one in the image: $(tail -5 one.txt)"
grep -q "^status      ok" one.txt || fail "one in the image: $(cat one.txt)"
# the installed binary finds its sbatch templates in /usr/local/share/wmsweep (no source tree needed)
chroot "$root" /bin/bash -c "cd /tmp && env $image_env wmsweep submit /usr/local/share/wmsweep/jobs/tiny.toml --run-dir /tmp/r --tasks 2 --dry-run" \
  > submit.txt 2>&1 || fail "wmsweep submit --dry-run in the image: $(tail -5 submit.txt)"
grep -qx "#SBATCH --array=0-1" "$root/tmp/r/array.sbatch" || fail "submit in the image: $(cat submit.txt)"
# a sweep and its report in the image: the Python package from /usr/local/share/wmsweep/python,
# found without /proc (the chroot has none) through the configured install prefix
chroot "$root" /bin/bash -c "cd /tmp && env $image_env wmsweep run /usr/local/share/wmsweep/jobs/tiny.toml --store /tmp/tiny.h5 && env $image_env wmsweep report /tmp/tiny.h5" \
  > report.txt 2>&1 || fail "run and report in the image: $(tail -5 report.txt)"
[ "$(grep -o 'src="data:image/png;base64,' "$root/tmp/tiny.html" | wc -l)" = 6 ] || fail "the image's report lacks its 6 figures: $(tail -5 report.txt)"
echo "check_recipes: the image's entry point answers --help, trains a network (wmsweep one), runs a sweep and writes its report"

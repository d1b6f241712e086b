#!/usr/bin/env bash
# The man page wmsweep(1), made from the binary's own --help (so it never disagrees with it):
#   docs/man.sh WMSWEEP OUT.1      (cmake --install runs it: PREFIX/share/man/man1/wmsweep.1)
# Each subcommand's --help is a section, kept verbatim (.nf); roff's control characters are
# escaped: a backslash becomes \e and a line starting with . or ' is guarded with \&.
set -euo pipefail
bin=$1 out=$2
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
help() { (exec -a wmsweep "$bin" "$@" --help); }  # argv[0] is the name --help prints
version=$("$bin" --version)
{
  echo ".TH WMSWEEP 1 \"\" \"$version\" \"User Commands\""
  echo ".SH NAME"
  echo "wmsweep \\- train and analyse ensembles of working-memory rate networks"
  echo ".SH SYNOPSIS"
  echo ".B wmsweep"
  echo "[\\fB\\-v\\fR] \\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR]"
  echo ".SH DESCRIPTION"
  echo ".nf"
  help | roff
  echo ".fi"
  for sub in $(help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}'); do
    echo ".SH \"WMSWEEP ${sub^^}\""
    echo ".nf"
    help "$sub" | awk '/^Studies \(/ {exit} {print}' | roff
    echo ".fi"
  done
  echo ".SH FILES"
  echo "PREFIX/share/wmsweep: sbatch templates (slurm/), example specs (jobs/), the Python package"
  echo "(python/wmsweep). PREFIX/share/doc/wmsweep: the full documentation (cli.md: exit codes)."
} > "$out.partial"
mv "$out.partial" "$out"

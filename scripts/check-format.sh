#!/usr/bin/env bash
# Checks the C++ sources (every .cc and .h that git tracks or would track) against
# .clang-format, with Debian bookworm's clang-format 14 (installed when missing: another
# version formats differently).
#
# Usage: scripts/check-format.sh [--fix] [FILE...]
#   no option   lists the files whose formatting differs, one per line
#   --fix       reformats them in place, and lists them
#   FILE...     only these files (default: the whole tree)
# Exit codes: 0 every file is formatted (or was fixed); 1 some file differs (listed); 2 usage
# error, or clang-format could not be installed or failed.
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
if [ "${1:-}" = --fix ]; then
  fix=1
  shift
fi
case "${1:-}" in
  -*) echo "usage: scripts/check-format.sh [--fix] [FILE...]" >&2; exit 2 ;;
esac

scripts/install-packages.sh check-format clang-format-14 || exit 2
clang_format=clang-format-14

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h')
fi

differ=()
for file in "${files[@]}"; do
  [ -f "$file" ] || { echo "check-format: $file: no such file" >&2; exit 2; }
  # --dry-run --Werror: exit status 1 when the file would change (nothing is written).
  status=0
  "$clang_format" --style=file --dry-run --Werror "$file" 2>/dev/null || status=$?
  case "$status" in
    0) ;;
    1) differ+=("$file") ;;
    *) echo "check-format: clang-format failed on $file" >&2; exit 2 ;;
  esac
done

[ ${#differ[@]} -eq 0 ] && exit 0
printf '%s\n' "${differ[@]}"
if [ "$fix" = 1 ]; then
  "$clang_format" --style=file -i "${differ[@]}" || exit 2
  echo "check-format: reformatted ${#differ[@]} file(s)" >&2
  exit 0
fi
echo "check-format: ${#differ[@]} of ${#files[@]} file(s) differ from .clang-format (scripts/check-format.sh --fix)" >&2
exit 1

#!/usr/bin/env bash
# Short fuzz run for CI: builds every libFuzzer target of tests/fuzz/ (scripts/fuzz.sh) and
# runs each for SECONDS seconds (default 10), seeded from the fixtures and the corpus kept in
# build-fuzz/corpus/. Catches a regression that crashes on the fixtures or near them; the
# long campaigns (scripts/fuzz.sh TARGET 600) are what find new bugs.
#
# Usage: scripts/fuzz-smoke.sh [SECONDS]
# Exit codes: 0 no finding; 1 at least one target found a problem (its log and input are
# named on stderr); 2 usage or build error.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz-smoke.sh [SECONDS]" >&2; exit 2; }

scripts/fuzz.sh --build all || exit 2
failed=()
for target in $(scripts/fuzz.sh --list); do
  if [ ! -x "build-fuzz/bin/$target" ]; then
    echo "fuzz-smoke: $target not built (see the build messages above); skipped" >&2
    continue
  fi
  status=0
  PRESSOIR_FUZZ_NO_BUILD=1 scripts/fuzz.sh "$target" "$seconds" || status=$?
  case "$status" in
    0) ;;
    1) failed+=("$target") ;;
    *) exit 2 ;;
  esac
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz-smoke: every target ran ${seconds}s without a finding"

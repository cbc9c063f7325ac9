#!/usr/bin/env bash
# Configures and builds pressoir with a preset of CMakePresets.json.
# Usage: scripts/build.sh release|asan|tsan|fuzz [BUILD_DIR]
#   release: optimized build of the pressoir executable (and the benchmark helpers)
#   asan:    debug build with AddressSanitizer and UndefinedBehaviorSanitizer, tests included
#   tsan:    ThreadSanitizer build (-O1) of the tests; ctest runs the crawler, corpus and Redis ones
#   fuzz:    the libFuzzer targets of tests/fuzz/ (clang; scripts/fuzz.sh installs it and runs them)
# BUILD_DIR defaults to the preset's directory, build-<preset>. Every preset builds with -Werror.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
case "$kind" in
  release|asan|tsan|fuzz) ;;
  *) echo "usage: scripts/build.sh release|asan|tsan|fuzz [BUILD_DIR]" >&2; exit 2 ;;
esac
dir=${2:-build-$kind}
cmake --preset "$kind" -B "$dir" >/dev/null
if [ "$dir" = "build-$kind" ]; then
  cmake --build --preset "$kind" -j "$(nproc)"
else
  # A build preset is tied to its configure preset's directory: elsewhere, the same targets
  # by hand (the fuzz preset builds only the fuzz targets).
  targets=()
  [ "$kind" = fuzz ] && targets=(--target pressoir_fuzz_targets)
  cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
fi

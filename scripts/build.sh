#!/usr/bin/env bash
# Configures and builds pressoir. Usage: scripts/build.sh release|asan [BUILD_DIR]
#   release: optimized build of the pressoir executable (and the benchmark helpers)
#   asan:    debug build with AddressSanitizer and UndefinedBehaviorSanitizer, tests included
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
case "$kind" in
  release) dir=${2:-build-release}; flags=(-DCMAKE_BUILD_TYPE=Release -DPRESSOIR_TESTS=OFF) ;;
  asan)    dir=${2:-build-asan};    flags=(-DCMAKE_BUILD_TYPE=Debug -DPRESSOIR_SANITIZE=ON -DPRESSOIR_WERROR=ON) ;;
  *) echo "usage: scripts/build.sh release|asan [BUILD_DIR]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"

#!/usr/bin/env bash
# Sets up, builds every preset CI checks (CMakePresets.json; all with -Werror) and runs the
# tests. Exits non-zero on any failure. CI runs exactly this (.ci/run).
#   1. release: the optimized build, for the warnings only -O3 shows (no tests of its own)
#   2. asan: AddressSanitizer + UndefinedBehaviorSanitizer build of the tests
#   3. fuzz: a short smoke run of every libFuzzer target (a few seconds each;
#      PRESSOIR_FUZZ_SMOKE_SECONDS=0 skips it)
#   4. every test through ctest, under ASan+UBSan
#   5. the crawler, corpus and Redis tests under ThreadSanitizer (scripts/test-tsan.sh;
#      PRESSOIR_TSAN=0 skips it)
# Formatting is checked first (scripts/check-format.sh, clang-format 14); the module structure
# (scripts/check-structure.py) is a ctest test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/check-format.sh
scripts/build.sh release
scripts/build.sh asan build-asan

# Sanitizer settings: fail on the first error, report leaks, keep stacks readable.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Tests talk only to servers they start on 127.0.0.1; a proxy from the environment must not
# intercept them.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
seconds=${PRESSOIR_FUZZ_SMOKE_SECONDS:-3}
if [ "$seconds" -gt 0 ]; then
  scripts/fuzz-smoke.sh "$seconds"
fi
# Two tests per core: many of them spend their time waiting on servers, timers and child
# processes rather than computing.
jobs=$((2 * $(nproc)))
ctest --preset asan -j "$jobs"
if [ "${PRESSOIR_TSAN:-1}" != 0 ]; then
  scripts/test-tsan.sh
fi

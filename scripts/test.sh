#!/usr/bin/env bash
# Sets up, builds with AddressSanitizer and UndefinedBehaviorSanitizer, and runs every test
# through ctest, with a short smoke run of every fuzz target first (libFuzzer; a few seconds
# each; PRESSOIR_FUZZ_SMOKE_SECONDS=0 skips it). Exits non-zero on any failure. CI runs exactly this
# (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh asan build-asan

# Sanitizer settings: fail on the first error, report leaks, keep stacks readable.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Tests talk only to servers they start on 127.0.0.1; a proxy from the environment must not
# intercept them.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
# The fuzz smoke runs first so that ctest's summary closes the output.
seconds=${PRESSOIR_FUZZ_SMOKE_SECONDS:-3}
if [ "$seconds" -gt 0 ]; then
  scripts/fuzz-smoke.sh "$seconds"
fi
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

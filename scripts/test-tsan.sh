#!/usr/bin/env bash
# Sets up, builds the tests with ThreadSanitizer (the tsan preset of CMakePresets.json, -Werror)
# and runs the crawler, corpus and Redis tests under it through ctest. Exits non-zero on any
# failure or TSan report. Not part of scripts/test.sh: on the 2-core CI machine it adds about
# 6 minutes (the build) to a run of about 10 (README, "Building and checking").
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh tsan
# Tests talk only to servers they start on 127.0.0.1; a proxy from the environment must not
# intercept them.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
ctest --preset tsan -j "$(nproc)"

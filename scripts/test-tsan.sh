#!/usr/bin/env bash
# Sets up, builds the tests with ThreadSanitizer (the tsan preset of CMakePresets.json, -Werror)
# and runs the crawler, corpus and Redis tests under it through ctest. Exits non-zero on any
# failure or TSan report. scripts/test.sh runs it last.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh tsan
# Tests talk only to servers they start on 127.0.0.1; a proxy from the environment must not
# intercept them.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
ctest --preset tsan -j "$((2 * $(nproc)))"

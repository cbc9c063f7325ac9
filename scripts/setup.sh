#!/usr/bin/env bash
# Installs pressoir's build and test dependencies from Debian bookworm packages.
# Idempotent: packages already present are left alone. Works as root or through sudo.
set -euo pipefail

# Why each package is here: see README.md, section "Dependencies".
packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev      # HTTP(S) transfers: the multi interface drives the fetcher
  libgumbo-dev              # HTML5 parsing into a DOM
  libboost1.81-dev          # Asio event loop (and Beast for the test fixture server)
  libyaml-cpp-dev           # crawler.yaml and sites/*.yaml
  catch2                    # unit tests (v2.13)
  libuchardet-dev           # charset detection when a page declares none
  libcld2-dev               # language detection (CLD2) when a page declares none or a wrong one
  libpcre2-dev              # regular expressions in rule files (bounded backtracking)
  libsqlite3-dev            # crawl state: frontier, seen URLs, validators
  libssl-dev                # SHA-256 of article text (libcrypto)
  nlohmann-json3-dev        # JSON-LD metadata, manifest.jsonl
  libexpat1-dev             # RSS/Atom feeds and XML sitemaps
  zlib1g-dev                # gzip sitemaps; gzip bodies in the test fixture server
  libdeflate-dev            # the WARC archive's gzip members (faster than zlib's deflate)
  libbrotli-dev             # br bodies in the test fixture server
  libhiredis-dev            # the shared Redis frontier (crawl scale-out)
  redis-server              # tests of the Redis frontier start their own on 127.0.0.1
  python3                   # demo site server and benchmark scorer
  wget                      # tests read the WARC files `wget --warc-file` writes
  chromium                  # the extract --html preview is loaded in headless Chromium (browser test)
)
# warcio (npm) checks the WARC files pressoir writes, in the tests. Machines that already have
# Node.js with npm (NodeSource's nodejs package bundles npm, and conflicts with Debian's npm
# package) keep theirs; others get Debian's.
if ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

"$(dirname "$0")/install-packages.sh" setup "${packages[@]}"

# warcio, an independent WARC implementation (Webrecorder), for tests/warc/archive_crawl_test.cc:
# installed from npm into .cache/npm (not committed), pinned, once.
warcio_version=2.4.11
npm_dir="$(cd "$(dirname "$0")/.." && pwd)/.cache/npm"
if ! grep -qs "\"version\": \"$warcio_version\"" "$npm_dir/node_modules/warcio/package.json"; then
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent "warcio@$warcio_version" >/dev/null
fi
echo "setup: dependencies present"

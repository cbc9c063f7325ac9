#!/usr/bin/env bash
# The demo: sets up, builds, serves the bundled demo site (real news pages copied into
# tests/fixtures/demo-site) on 127.0.0.1, crawls it with config/demo.yaml and the rules in
# sites/, and prints where the corpus landed with a summary. No internet needed.
# Usage: scripts/demo.sh [CORPUS_DIR]   (default: ./demo-corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-demo-corpus}

scripts/setup.sh
scripts/build.sh release >/dev/null

site=tests/fixtures/demo-site
port_file=$(mktemp)
python3 scripts/demo_server.py "$site" >"$port_file" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(head -1 "$port_file")
[ -n "$port" ] || { echo "demo: the demo server did not start" >&2; exit 1; }

args=()
for dir in "$site"/*/; do
  host=$(basename "$dir")
  args+=(--resolve "$host:$port:127.0.0.1" --start "http://$host:$port/")
done

echo "demo: serving $(ls -d "$site"/*/ | wc -l) news sites from $site on 127.0.0.1:$port"
status=0
build-release/pressoir crawl --config config/demo.yaml --sites sites --corpus "$corpus" \
  --state "$corpus/.state" --archive "$corpus/.archive" "${args[@]}" || status=$?
echo
echo "demo: articles in $corpus:"
find "$corpus" -name '*.txt' | sort | sed 's/^/  /'
echo "demo: manifest: $corpus/manifest.jsonl"
echo "demo: every response as WARC: $(ls "$corpus/.archive"/*.warc.gz 2>/dev/null | tr '\n' ' ')"
exit $status

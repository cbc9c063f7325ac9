#!/usr/bin/env bash
# Measures the crawler's memory with a large frontier (issue 6, item 1: the frontier lives on
# disk, so memory stays flat however many URLs are queued).
#
# For each frontier size (default: 1,000 and 1,000,000 URLs), it writes a crawl state whose
# frontier holds that many due URLs, spread over four hosts (the rows go straight into
# state.sqlite3 with the sqlite3 CLI, using the schema in crawler/state.cc), then runs
# `pressoir crawl --max-pages N` (release build) against a local python3 server on 127.0.0.1
# that answers every URL with a small page without links, and reports the peak RSS
# (/usr/bin/time -v), the wall time (start-up on the big state included), the size of
# state.sqlite3 and the time the sqlite3 CLI took to fill it.
#
# Usage: scripts/bench-frontier.sh [BUILD_DIR]      (default: build-release)
#   SIZES="1000 1000000"   frontier sizes to measure (a frontier smaller than PAGES is fetched
#                          whole)
#   PAGES=2000             --max-pages of each run
# Needs: sqlite3 and time (Debian packages of those names), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
sizes=${SIZES:-"1000 1000000"}
pages=${PAGES:-2000}
hosts=4

scripts/setup.sh >/dev/null
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { echo "error: cannot install ${missing[*]}" >&2; exit 2; }
fi

scripts/build.sh release "$build" >/dev/null
bin=$build/pressoir

work=$(mktemp -d "${TMPDIR:-/tmp}/pressoir-bench-frontier-XXXXXX")
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Every path answers with a small page without links (not an article: nothing is written),
# robots.txt allows everything. Threaded, so the crawler's parallel connections are served.
cat >"$work/server.py" <<'EOF'
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nDisallow:\n", "text/plain"
        else:
            body = ("<!DOCTYPE html><html><head><meta charset=utf-8><title>%s</title></head>"
                    "<body><p>Page %s.</p></body></html>" % (self.path, self.path)).encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF
python3 "$work/server.py" "$work/port" &
server_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
port=$(cat "$work/port")

# The schema, straight from the source, so the bench follows it.
schema=$(awk '/kSchema = R"sql\(/{on=1; next} /^\)sql";/{on=0} on' crawler/state.cc)
[[ -n "$schema" ]] || { echo "error: cannot find the schema in crawler/state.cc" >&2; exit 1; }

resolve=()
for h in $(seq 1 $hosts); do resolve+=(--resolve "h$h.bench:$port:127.0.0.1"); done

cat >"$work/crawler.yaml" <<EOF
user_agent: pressoir-bench
contact_url: https://example.org/bench
rule_start_urls: false
concurrency: 32
per_host_concurrency: 8
per_host_delay: 0
retries: 0
timeout: 10s
extract_threads: 2
EOF
mkdir -p "$work/sites"

rows=()
for size in $sizes; do
  dir=$work/run-$size
  mkdir -p "$dir/state"
  start_ms=$(( $(date +%s%N) / 1000000 ))
  sqlite3 "$dir/state/state.sqlite3" >/dev/null <<EOF
PRAGMA journal_mode=WAL;
$schema
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $size - 1)
INSERT INTO urls (url, site, host, depth, kind, priority, due_ms)
SELECT 'http://h' || (i % $hosts + 1) || '.bench:$port/p/' || i || '.html',
       'h' || (i % $hosts + 1) || '.bench', 'http://h' || (i % $hosts + 1) || '.bench:$port', 1, 0, 0, 0
FROM n;
COMMIT;
EOF
  fill_ms=$(( $(date +%s%N) / 1000000 - start_ms ))
  db_mib=$(( $(stat -c %s "$dir/state/state.sqlite3") / 1024 / 1024 ))
  /usr/bin/time -v -o "$dir/time.txt" "$bin" crawl --config "$work/crawler.yaml" --sites "$work/sites" \
    --corpus "$dir/corpus" --state "$dir/state" --max-pages "$pages" "${resolve[@]}" >"$dir/out.txt" 2>"$dir/err.txt" || {
    echo "error: the crawl of the $size-URL frontier failed:" >&2; cat "$dir/out.txt" "$dir/err.txt" >&2; exit 1; }
  rss_kib=$(awk -F: '/Maximum resident set size/{gsub(/ /, "", $2); print $2}' "$dir/time.txt")
  wall=$(awk '/Elapsed \(wall clock\)/{print $NF}' "$dir/time.txt")
  fetched=$(grep -o 'pages fetched: [0-9]*' "$dir/out.txt" | grep -o '[0-9]*$')
  rows+=("$(printf '| %13d | %7s | %12s | %7s | %6d | %9s |' "$size" "$fetched" \
    "$(awk -v k="$rss_kib" 'BEGIN{printf "%.1f", k / 1024}')" "$wall" "$db_mib" \
    "$(awk -v m="$fill_ms" 'BEGIN{printf "%.1f s", m / 1000}')")")
done

echo
echo "pressoir crawl --max-pages $pages, frontier on $hosts hosts, release build ($build)"
echo
echo "| frontier URLs | fetched | peak RSS MiB | wall    | db MiB | fill time |"
echo "|--------------:|--------:|-------------:|--------:|-------:|----------:|"
for row in "${rows[@]}"; do echo "$row"; done

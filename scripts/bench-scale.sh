#!/usr/bin/env bash
# Scale-out benchmark (issue 8): pages/s of a fleet of 1, 2 and 4 pressoir workers sharing one
# Redis frontier, against a local site of many hosts (HOSTS host names, all on 127.0.0.1),
# with the embedded SQLite frontier as the one-process baseline.
#
# Each worker has the same per-process limits (concurrency: 8 transfers, one connection per
# host), and the web server answers every request after LATENCY_MS, standing for remote
# servers that take a while to answer: a crawl is then bound by how many transfers are in
# flight, which is what more workers add. Host leases keep one worker per host at a time.
# The server is a small asyncio HTTP/1.1 server (keep-alive) in this script: nginx cannot
# delay a response. Pages are counted from its log (distinct pages answered 200); every run
# must fetch all of them. Workers extract and write their own corpus directories.
#
# Usage: scripts/bench-scale.sh          (HOSTS=32 PAGES_PER_HOST=40 LATENCY_MS=100 to vary)
# Installs redis-server and time from Debian (as root or through sudo), builds pressoir
# (scripts/build.sh release). Only 127.0.0.1 is used; everything lives in a temporary
# directory removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
HOSTS=${HOSTS:-32}
PAGES_PER_HOST=${PAGES_PER_HOST:-40}
LATENCY_MS=${LATENCY_MS:-100}
WORKER_COUNTS=${WORKER_COUNTS:-"1 2 4"}

# --- Dependencies (idempotent, like scripts/setup.sh) -------------------------------------
packages=(redis-server time python3)
scripts/install-packages.sh bench "${packages[@]}"

echo "bench: building pressoir (release)"
scripts/build.sh release >/dev/null
pressoir=$root/build-release/pressoir
[ -x "$pressoir" ] || { echo "bench: $pressoir missing after the build" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pressoir-bench-scale-XXXXXX")
server_pid=""
redis_pid=""
cleanup() {
  for pid in $server_pid $redis_pid $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- The site: HOSTS hosts, each a home page and PAGES_PER_HOST articles of ~8 KB ----------
echo "bench: generating $HOSTS hosts x $PAGES_PER_HOST articles in $work/site"
python3 - "$work/site" "$HOSTS" "$PAGES_PER_HOST" <<'PY'
import os, random, sys
out, hosts, per_host = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
words = ("le la les un une des du de et à en pour par sur dans avec ville commune conseil budget école "
         "projet travaux rue quartier habitants maire réunion vote décision année semaine marché culture "
         "sport club match saison festival concert police enquête tribunal route gare train santé "
         "hôpital économie emploi entreprise gouvernement ministre parlement loi réforme élection").split()

def sentence():
    s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
    return s[0].upper() + s[1:] + "."

def page(title, body, links):
    related = "".join('<li><a href="/a/%d.html">Article %d</a></li>' % (j, j) for j in links)
    return ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>%s</title></head><body>'
            '<nav><a href="/">Accueil</a></nav><main>%s<aside><ul>%s</ul></aside></main>'
            '<footer>© La Gazette</footer></body></html>\n') % (title, body, related)

for h in range(hosts):
    root = os.path.join(out, "h%02d.bench" % h)
    os.makedirs(os.path.join(root, "a"), exist_ok=True)
    with open(os.path.join(root, "index.html"), "w", encoding="utf-8") as f:
        f.write(page("La Gazette %d" % h, "<h1>À la une</h1>", range(min(10, per_host))))
    for i in range(per_host):
        paragraphs = []
        while sum(len(p) for p in paragraphs) < 6000:
            paragraphs.append("<p>%s</p>" % " ".join(sentence() for _ in range(4)))
        children = [j for j in range(i * 10 + 10, i * 10 + 20) if j < per_host]
        with open(os.path.join(root, "a", "%d.html" % i), "w", encoding="utf-8") as f:
            f.write(page("Article %d" % i, "<article><h1>%s</h1>%s</article>" % (sentence(), "".join(paragraphs)),
                         children))
PY

port=$(free_port)
cat >"$work/server.py" <<'PY'
# Serves <root>/<Host header without port>/<path> (index.html for a directory) after a fixed
# delay, HTTP/1.1 with keep-alive; logs "host status path" per response.
import asyncio, os, sys
root, port, delay, log_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000, sys.argv[4]
log = open(log_path, "a", buffering=1)

async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1].split("?")[0]
            host = ""
            for line in lines[1:]:
                if line.lower().startswith("host:"):
                    host = line[5:].strip().split(":")[0].lower()
            file = os.path.normpath(os.path.join(root, host, path.lstrip("/")))
            if os.path.isdir(file):
                file = os.path.join(file, "index.html")
            await asyncio.sleep(delay)
            if file.startswith(root + os.sep) and os.path.isfile(file):
                with open(file, "rb") as f:
                    body, status = f.read(), 200
            else:
                body, status = b"not found", 404
            writer.write(b"HTTP/1.1 %d X\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
                         % (status, len(body)) + body)
            await writer.drain()
            log.write("%s %d %s\n" % (host, status, path))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()

asyncio.run(main())
PY
access_log=$work/access.log
python3 "$work/server.py" "$work/site" "$port" "$LATENCY_MS" "$access_log" &
server_pid=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.1; done

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" \
  --logfile "$work/redis.log" &
redis_pid=$!
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "bench: web server on 127.0.0.1:$port ($HOSTS hosts, ${LATENCY_MS} ms per response), redis on 127.0.0.1:$redis_port"

mkdir -p "$work/sites"
cat >"$work/pressoir.yaml" <<EOF
user_agent: pressoir-bench
contact_url: "http://127.0.0.1/"
rule_start_urls: false
use_sitemaps: false
concurrency: 8
per_host_concurrency: 1
per_host_delay: 0
obey_robots: false
max_depth: 100
retries: 0
host_lease: 5s
EOF
crawl_args=(--config "$work/pressoir.yaml" --sites "$work/sites")
for h in $(seq 0 $((HOSTS - 1))); do
  name=$(printf 'h%02d.bench' "$h")
  crawl_args+=(--start "http://$name:$port/" --resolve "$name:$port:127.0.0.1")
done
expected=$((HOSTS * (PAGES_PER_HOST + 1)))

pages_fetched() { awk '$2 == 200 { print $1 $3 }' "$access_log" | sort -u | wc -l; }

# run LABEL WORKERS [--frontier URL]: WORKERS processes at once; prints one result line.
run() {
  local label=$1 workers=$2
  shift 2
  : >"$access_log"
  redis-cli -p "$redis_port" flushall >/dev/null
  rm -rf "$work/run"
  mkdir -p "$work/run"
  local started ended pids=()
  started=$(date +%s.%N)
  for w in $(seq "$workers"); do
    /usr/bin/time -f '%M' -o "$work/run/rss-$w" "$pressoir" crawl "${crawl_args[@]}" --corpus "$work/run/corpus-$w" \
      --state "$work/run/state-$w" "$@" >"$work/run/out-$w" 2>"$work/run/err-$w" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  ended=$(date +%s.%N)
  local pages seconds rss
  pages=$(pages_fetched)
  seconds=$(python3 -c "print(f'{$ended - $started:.2f}')")
  rss=$(sort -n "$work"/run/rss-* | tail -1)
  echo "$label|$workers|$pages|$seconds|$rss" >>"$work/results"
  printf '  %-28s %d worker(s): %5d pages in %7.2f s\n' "$label" "$workers" "$pages" "$seconds"
  if [ "$pages" -ne "$expected" ]; then
    echo "bench: $label with $workers worker(s) fetched $pages of $expected pages; stderr of worker 1:" >&2
    tail -5 "$work/run/err-1" >&2
  fi
}

: >"$work/results"
run "embedded (SQLite)" 1
for n in $WORKER_COUNTS; do run "redis" "$n" --frontier "redis://127.0.0.1:$redis_port/0"; done

python3 - "$work/results" "$expected" "$HOSTS" "$LATENCY_MS" <<'PY'
import sys
results, expected, hosts, latency = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [line.rstrip("\n").split("|") for line in open(results)]
base = None
print()
print("| frontier | workers | pages | seconds | pages/s | vs. 1 Redis worker | peak RSS per worker |")
print("|---|---|---|---|---|---|---|")
complete = True
for label, workers, pages, seconds, rss in rows:
    rate_ps = int(pages) / float(seconds)
    if label == "redis" and base is None:
        base = rate_ps
    complete &= int(pages) == expected
    ratio = "%.2f" % (rate_ps / base) if label == "redis" else "—"
    print("| %s | %s | %s | %s | %.1f | %s | %.0f MB |" % (label, workers, pages, seconds, rate_ps, ratio,
                                                          int(rss) / 1024))
print()
print("%d pages on %s hosts, each answered after %s ms; 8 transfers per worker, one per host." % (expected, hosts, latency))
if not complete:
    print("warning: a run did not fetch every page")
    sys.exit(1)
PY

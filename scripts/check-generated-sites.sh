#!/usr/bin/env bash
# Crawls generated news sites (scripts/gen_news_sites.py: six hosts, four languages, three
# markup families, pages labelled article / listing / other / ...) with the generic extractor
# and checks what lands in the corpus: every article written with all its paragraphs and none
# of the related headlines or service lines around it, no listing (home, section, tag, author
# or search page) and no service page ("about", kind other) written. Prints per-kind counts per
# seed.
#
# Usage: scripts/check-generated-sites.sh [--pressoir PATH] [--seeds "1 2 3"]
# Exit codes: 0 every check held; 1 an article missing or incomplete, boilerplate in an
# article, a listing or service page written, or the crawl failed.
# The server is scripts/demo_server.py on 127.0.0.1; the hosts are mapped with --resolve.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pressoir=""
seeds="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --pressoir) pressoir="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    *) echo "usage: scripts/check-generated-sites.sh [--pressoir PATH] [--seeds \"1 2 3\"]" >&2; exit 1 ;;
  esac
done
if [ -z "$pressoir" ]; then
  for candidate in "$repo/build-release/pressoir" "$repo/build-asan/pressoir"; do
    if [ -x "$candidate" ]; then pressoir="$candidate"; break; fi
  done
fi
[ -n "$pressoir" ] && [ -x "$pressoir" ] || { echo "check-generated-sites: no pressoir executable (--pressoir PATH)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/generated-sites.XXXXXX")"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cat >"$work/crawler.yaml" <<'YAML'
user_agent: pressoir
rule_start_urls: false
use_advertised_feeds: false
concurrency: 8
per_host_delay: 0
max_depth: 6
timeout: 10s
retries: 0
YAML

mkdir -p "$work/no-rules"  # no rule file: every host goes to the generic extractor
status=0
for seed in $seeds; do
  site="$work/site-$seed"
  python3 "$repo/scripts/gen_news_sites.py" "$site" "$seed" >/dev/null
  python3 "$repo/scripts/demo_server.py" "$site" >"$work/port" &
  server=$!
  for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
  port=$(head -1 "$work/port")
  [ -n "$port" ] || { echo "check-generated-sites: the server did not start" >&2; exit 1; }
  args=()
  for dir in "$site"/*/; do
    host=$(basename "$dir")
    args+=(--resolve "$host:$port:127.0.0.1" --start "http://$host:$port/")
  done
  corpus="$work/corpus-$seed"
  if ! "$pressoir" crawl --config "$work/crawler.yaml" --sites "$work/no-rules" --corpus "$corpus" \
      --state "$corpus/.state" --archive "" "${args[@]}" >"$work/crawl.log" 2>&1; then
    echo "check-generated-sites: the crawl of seed $seed failed:" >&2
    cat "$work/crawl.log" >&2
    status=1
  fi
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  : >"$work/port"
  python3 - "$site" "$corpus" "$seed" <<'PY' || status=1
import collections, json, os, sys, urllib.parse

site, corpus, seed = sys.argv[1:4]
labels = {}
with open(os.path.join(site, "labels.tsv"), encoding="utf-8") as f:
    for line in f:
        host, path, kind = line.rstrip("\n").split("\t")
        labels[(host, path)] = kind
written = {}
manifest = os.path.join(corpus, "manifest.jsonl")
if os.path.exists(manifest):
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            url = urllib.parse.urlsplit(record["url"])
            written[(url.hostname, urllib.parse.unquote(url.path))] = record
counts = collections.Counter()
problems = []
for key, kind in sorted(labels.items()):
    if kind == "robots":
        continue
    counts[(kind, key in written)] += 1
    if kind in ("article", "short-article") and key not in written:
        problems.append("article not written: http://%s%s" % key)
    if kind == "listing" and key in written:
        problems.append("listing written: http://%s%s" % key)
    if kind == "other" and key in written:
        problems.append("service page written: http://%s%s" % key)
paragraphs = found = 0
with open(os.path.join(site, "expected.jsonl"), encoding="utf-8") as f:
    for line in f:
        expected = json.loads(line)
        key = (expected["host"], expected["path"])
        if key not in written:
            continue
        with open(os.path.join(corpus, written[key]["path"]), encoding="utf-8") as text_file:
            text = " ".join(text_file.read().split())
        for paragraph in expected["must"]:
            paragraphs += 1
            if " ".join(paragraph.split()) in text:
                found += 1
            else:
                problems.append("paragraph missing in http://%s%s: %s..." % (key + (paragraph[:50],)))
        for line_text in expected["must_not"]:
            if line_text in text:
                problems.append("boilerplate in http://%s%s: %s" % (key + (line_text[:50],)))
kinds = sorted({kind for kind, _ in counts})
print("seed %s: %s; article paragraphs found %d/%d" % (
    seed, ", ".join("%s %d written / %d not" % (k, counts[(k, True)], counts[(k, False)]) for k in kinds),
    found, paragraphs))
for problem in problems[:20]:
    print("  " + problem)
if len(problems) > 20:
    print("  ... and %d more" % (len(problems) - 20))
sys.exit(1 if problems else 0)
PY
done
exit $status

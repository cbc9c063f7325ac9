#!/usr/bin/env bash
# Fetching benchmark (issue 3, "Benchmark"): pressoir against wget2 and Scrapy on a generated
# news-like site of 5,000 linked pages served by nginx on 127.0.0.1. Politeness limits are
# lifted for every crawler (50 transfers at once, no delay, no robots.txt).
#
#   pressoir crawl --no-extract   vs  wget2 -r --max-threads=50     (fetch and follow links)
#   pressoir crawl (corpus)       vs  Scrapy CrawlSpider            (pressoir also extracts)
#
# Each pair runs ROUNDS times (default 3), alternating, and the table reports the median
# rate. Pages are counted from nginx's access log (distinct article URLs answered 200), so
# every crawler is measured the same way, and each must have fetched all of them.
#
# Usage: scripts/bench-fetch.sh            (ROUNDS=5 PAGES=2000 scripts/bench-fetch.sh to vary)
# Installs nginx, wget2, python3-scrapy and time from Debian (as root or through sudo), then
# builds pressoir (scripts/build.sh release). Nothing listens anywhere but 127.0.0.1, and
# everything else lives in a temporary directory removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-3}
PAGES=${PAGES:-5000}

# --- Dependencies (idempotent, like scripts/setup.sh) -------------------------------------
packages=(nginx wget2 python3-scrapy time python3)
scripts/install-packages.sh bench "${packages[@]}"

# --- Build ---------------------------------------------------------------------------------
echo "bench: building pressoir (release)"
scripts/build.sh release >/dev/null
pressoir=$root/build-release/pressoir
[ -x "$pressoir" ] || { echo "bench: $pressoir missing after the build" >&2; exit 2; }

# --- Temporary directory, nginx ------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/pressoir-bench-XXXXXX")
nginx_pid_file=$work/nginx/nginx.pid
cleanup() {
  if [ -s "$nginx_pid_file" ]; then
    kill "$(cat "$nginx_pid_file")" 2>/dev/null || true
    for _ in $(seq 50); do [ -e "$nginx_pid_file" ] || break; sleep 0.1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench: generating $PAGES pages in $work/site"
python3 - "$work/site" "$PAGES" <<'PY'
# A news site: "/" and every article carry a menu of section pages; each article links to
# ~10 others (its children in a 10-ary tree, so every page is within 5 clicks of "/", plus
# related articles) and weighs about 10 KB.
import os, random, sys
out, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
words = ("le la les un une des du de et à en pour par sur dans avec sans sous ville commune "
         "conseil budget école élèves projet travaux rue quartier habitants maire échevin "
         "réunion vote décision année semaine hier demain lundi mardi marché culture sport "
         "club match victoire défaite saison festival concert théâtre exposition musée "
         "police enquête tribunal procès témoin accident route trafic gare train bus "
         "santé hôpital médecin patients économie emploi entreprise usine salariés grève "
         "gouvernement ministre parlement loi réforme élection parti opposition majorité").split()
sections = ["politique", "economie", "societe", "culture", "sports", "regions"]

def path(i):
    return "/%s/%04d/%02d/article-%d.html" % (sections[i % len(sections)], 2015 + i % 10, 1 + i % 12, i)

def sentence():
    s = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
    return s[0].upper() + s[1:] + "."

def page(title, body_html, links):
    menu = "".join('<li><a href="/%s/">%s</a></li>' % (s, s.capitalize()) for s in sections)
    related = "".join('<li><a href="%s">%s</a></li>' % (path(j), "Article %d" % j) for j in links)
    return ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>%s</title>"
            "<meta name=\"viewport\" content=\"width=device-width\">"
            "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body>"
            "<header class=\"site-header\"><a class=\"logo\" href=\"/\">Le Quotidien</a>"
            "<nav class=\"menu\"><ul><li><a href=\"/\">Accueil</a></li>%s</ul></nav></header>"
            "<main>%s<aside class=\"related\"><h2>À lire aussi</h2><ul>%s</ul></aside></main>"
            "<footer class=\"site-footer\"><p>© Le Quotidien — <a href=\"/\">mentions légales</a></p>"
            "</footer></body></html>\n") % (title, menu, body_html, related)

def write(rel, html):
    full = os.path.join(out, rel.lstrip("/"))
    if full.endswith("/"):
        full += "index.html"
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(html)

def links_of(i):
    children = [j for j in range(i * 10 + 1, i * 10 + 11) if j < count]
    related = [rng.randrange(count) for _ in range(10 - len(children))]
    return children + related

for i in range(count):
    title = sentence()[:70]
    paragraphs = []
    while sum(len(p) for p in paragraphs) < 7000:
        paragraphs.append("<p>%s</p>" % " ".join(sentence() for _ in range(4)))
    body = ('<article><h1>%s</h1><p class="byline">Par la rédaction, le %d/%d/%d</p>%s</article>'
            % (title, 1 + i % 28, 1 + i % 12, 2015 + i % 10, "".join(paragraphs)))
    write(path(i), page(title, body, links_of(i)))
write("/", page("Le Quotidien", "<h1>À la une</h1>", [0] + list(range(1, 10))))
for s in sections:
    write("/%s/" % s, page(s.capitalize(), "<h1>%s</h1>" % s.capitalize(), [0]))
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/tmp" "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<EOF
user $(id -un);
worker_processes 2;
pid $nginx_pid_file;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  types { text/html html; text/css css; }
  default_type application/octet-stream;
  access_log $work/nginx/logs/access.log;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  sendfile on;
  keepalive_requests 100000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$port;
    root $work/site;
    index index.html;
  }
}
EOF
/usr/sbin/nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/logs/error.log"
for _ in $(seq 50); do [ -s "$nginx_pid_file" ] && break; sleep 0.1; done
start_url="http://127.0.0.1:$port/"
curl -fsS -o /dev/null "$start_url" 2>/dev/null || python3 -c "import urllib.request; urllib.request.urlopen('$start_url')"
echo "bench: nginx serving $start_url"

# --- Crawler set-ups -----------------------------------------------------------------------
mkdir -p "$work/sites"
cat >"$work/pressoir.yaml" <<EOF
user_agent: pressoir-bench
contact_url: "http://127.0.0.1/"
rule_start_urls: false
use_sitemaps: false
concurrency: 50
per_host_concurrency: 50
per_host_delay: 0
obey_robots: false
max_depth: 1000
retries: 0
EOF

cat >"$work/follow_spider.py" <<'PY'
# Scrapy baseline: follows every link, extracts nothing.
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class FollowSpider(CrawlSpider):
    name = "follow"
    allowed_domains = ["127.0.0.1"]
    rules = (Rule(LinkExtractor(), follow=True),)

    def __init__(self, start=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = [start]
PY

# Distinct article URLs answered 200 since the log was last truncated.
articles_fetched() {
  awk '$9 == 200 && $7 ~ /\/article-[0-9]+\.html$/ { print $7 }' "$work/nginx/logs/access.log" | sort -u | wc -l
}

# run NAME COMMAND...: empties the access log, runs, records seconds and pages in $work/results.
run() {
  local name=$1
  shift
  : >"$work/nginx/logs/access.log"
  local started ended
  started=$(date +%s.%N)
  "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  ended=$(date +%s.%N)
  local pages seconds
  pages=$(articles_fetched)
  seconds=$(python3 -c "print(f'{$ended - $started:.3f}')")
  echo "$name $pages $seconds" >>"$work/results"
  printf '  %-20s %5d pages in %7.2f s\n' "$name" "$pages" "$seconds"
}

pressoir_run() {  # pressoir_run ROUND [--no-extract]
  local dir=$work/run-pressoir-$1${2:-}
  rm -rf "$dir"
  mkdir -p "$dir"
  /usr/bin/time -v -o "$dir/time.txt" "$pressoir" crawl --config "$work/pressoir.yaml" --sites "$work/sites" \
    --corpus "$dir/corpus" --state "$dir/state" --start "$start_url" ${2:-}
  grep 'Maximum resident set size' "$dir/time.txt" | awk '{ print $NF }' >>"$work/rss${2:-}"
}

wget2_run() {
  local dir=$work/run-wget2-$1
  rm -rf "$dir"
  # Its download is left until the end (the cleanup removes it): deleting 5,000 files right
  # before the next crawler's run slows that run's file creations on ext4 without a journal,
  # which avoids reusing recently deleted inodes (it scans past them for about a minute).
  wget2 -r -l inf --max-threads=50 --no-robots --no-verbose -P "$dir" "$start_url"
}

scrapy_run() {
  (cd "$work" && scrapy runspider follow_spider.py -a start="$start_url" \
    -s CONCURRENT_REQUESTS=50 -s CONCURRENT_REQUESTS_PER_DOMAIN=50 -s ROBOTSTXT_OBEY=False \
    -s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0 -s DEPTH_LIMIT=0 -s LOG_LEVEL=ERROR \
    -s TELNETCONSOLE_ENABLED=False -s HTTPCACHE_ENABLED=False)
}

: >"$work/results"
for round in $(seq "$ROUNDS"); do
  echo "bench: round $round/$ROUNDS"
  run "pressoir-no-extract" pressoir_run "$round" --no-extract
  run "wget2" wget2_run "$round"
  run "pressoir" pressoir_run "$round"
  run "scrapy" scrapy_run
done

# --- Report --------------------------------------------------------------------------------
python3 - "$work/results" "$work/rss--no-extract" "$work/rss" "$PAGES" <<'PY'
import statistics, sys
results, rss_no_extract, rss_extract, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
runs = {}
for line in open(results):
    name, pages, seconds = line.split()
    runs.setdefault(name, []).append((int(pages), float(seconds)))

def rate(name):
    return statistics.median(p / s for p, s in runs[name])

def peak_mb(path):
    return max(int(line) for line in open(path)) / 1024

complete = True
print()
print("| crawler | pages fetched (each round) | median time (s) | pages/s (median) |")
print("|---|---|---|---|")
labels = {"pressoir-no-extract": "pressoir --no-extract", "wget2": "wget2 -r --max-threads=50",
          "pressoir": "pressoir (extraction, corpus written)", "scrapy": "Scrapy CrawlSpider (links only)"}
for name in ["pressoir-no-extract", "wget2", "pressoir", "scrapy"]:
    pages = [p for p, _ in runs[name]]
    complete &= all(p == expected for p in pages)
    print("| %s | %s | %.2f | %.0f |" % (labels[name], ", ".join(map(str, pages)),
                                         statistics.median(s for _, s in runs[name]), rate(name)))
print()
print("| ratio | value | target |")
print("|---|---|---|")
print("| pressoir --no-extract / wget2 | %.2f | ≥ 1 |" % (rate("pressoir-no-extract") / rate("wget2")))
print("| pressoir with extraction / Scrapy | %.2f | ≥ 5 |" % (rate("pressoir") / rate("scrapy")))
print()
print("pressoir peak RSS: %.0f MB with --no-extract, %.0f MB with extraction (max of %d rounds)."
      % (peak_mb(rss_no_extract), peak_mb(rss_extract), len(runs["pressoir"])))
if not complete:
    print("\nwarning: a crawler did not fetch all %d pages in some round; its rate is not comparable" % expected)
    sys.exit(1)
PY

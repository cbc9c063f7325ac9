#!/usr/bin/env bash
# Fetching benchmark (issue 3, "Benchmark"): pressoir against wget2 and Scrapy on a generated
# news-like site of 5,000 linked pages served by nginx on 127.0.0.1. Politeness limits are
# lifted for every crawler (50 transfers at once, no delay, no robots.txt).
#
#   pressoir crawl --no-extract   vs  wget2 -r --max-threads=50     (fetch and follow links)
#   pressoir crawl (corpus)       vs  Scrapy CrawlSpider            (pressoir also extracts)
#   pressoir crawl (corpus) with the raw WARC archive on (issue 16: what keeping every
#   response costs, and the archive's bytes per page)
#
# Each pair runs ROUNDS times (default 3), alternating, and the table reports the median
# rate; the runs with and without the archive are back to back, in turn first, and their
# ratio is also given round by round (median and spread), with pressoir's CPU time (user +
# system) per page, which a loaded machine disturbs less than the run time. Pages are counted from nginx's access log (distinct article URLs answered 200), so
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

# --- Build, temporary directory, site, nginx, pressoir config (scripts/bench-site.sh) -------
source "$root/scripts/bench-site.sh"
bench_build_pressoir
bench_serve_site "$PAGES"

# --- Crawler set-ups -----------------------------------------------------------------------

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
  pages=$(bench_articles_fetched)
  seconds=$(python3 -c "print(f'{$ended - $started:.3f}')")
  echo "$name $pages $seconds" >>"$work/results"
  printf '  %-20s %5d pages in %7.2f s\n' "$name" "$pages" "$seconds"
}

pressoir_run() {  # pressoir_run ROUND [--no-extract | --archive]
  local dir=$work/run-pressoir-$1${2:-}
  local extra=${2:-}
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$extra" = --archive ] && extra="--archive $dir/archive"
  /usr/bin/time -v -o "$dir/time.txt" "$pressoir" crawl --config "$work/pressoir.yaml" --sites "$work/sites" \
    --corpus "$dir/corpus" --state "$dir/state" --start "$start_url" $extra
  grep 'Maximum resident set size' "$dir/time.txt" | awk '{ print $NF }' >>"$work/rss${2:-}"
  # CPU time (user + system): steadier than the run time on a loaded machine.
  awk -F': ' '/User time|System time/ { cpu += $2 } END { print cpu }' "$dir/time.txt" >>"$work/cpu${2:-}"
  if [ "${2:-}" = --archive ]; then
    du -sb "$dir/archive" | cut -f1 >>"$work/archive-bytes"
  fi
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
  # With and without the archive back to back, in turn first: their ratio per round is
  # measured under the same load.
  if [ $((round % 2)) = 1 ]; then
    run "pressoir" pressoir_run "$round"
    run "pressoir-archive" pressoir_run "$round" --archive
  else
    run "pressoir-archive" pressoir_run "$round" --archive
    run "pressoir" pressoir_run "$round"
  fi
  run "scrapy" scrapy_run
done

# --- Report --------------------------------------------------------------------------------
python3 - "$work/results" "$work/rss--no-extract" "$work/rss" "$PAGES" "$work/archive-bytes" "$work/cpu" \
  "$work/cpu--archive" <<'PY'
import statistics, sys
results, rss_no_extract, rss_extract, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
archive_bytes = [int(line) for line in open(sys.argv[5])]
cpu_plain = [float(line) for line in open(sys.argv[6])]
cpu_archive = [float(line) for line in open(sys.argv[7])]
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
          "pressoir": "pressoir (extraction, corpus written)",
          "pressoir-archive": "pressoir (extraction, corpus and WARC archive written)",
          "scrapy": "Scrapy CrawlSpider (links only)"}
for name in ["pressoir-no-extract", "wget2", "pressoir", "pressoir-archive", "scrapy"]:
    pages = [p for p, _ in runs[name]]
    complete &= all(p == expected for p in pages)
    print("| %s | %s | %.2f | %.0f |" % (labels[name], ", ".join(map(str, pages)),
                                         statistics.median(s for _, s in runs[name]), rate(name)))
print()
print("| ratio | value | target |")
print("|---|---|---|")
print("| pressoir --no-extract / wget2 | %.2f | ≥ 1 |" % (rate("pressoir-no-extract") / rate("wget2")))
print("| pressoir with extraction / Scrapy | %.2f | ≥ 5 |" % (rate("pressoir") / rate("scrapy")))
print("| pressoir with extraction and archive / Scrapy | %.2f | ≥ 5 |" % (rate("pressoir-archive") / rate("scrapy")))
time_archive = statistics.median(s for _, s in runs["pressoir-archive"])
time_plain = statistics.median(s for _, s in runs["pressoir"])
print("| archive's added run time (median times) | %+.1f %% | ≤ 15 %% |" % (100 * (time_archive / time_plain - 1)))
added = [100 * (a / p - 1) for (_, a), (_, p) in zip(runs["pressoir-archive"], runs["pressoir"])]
print("| archive's added run time, round by round: median (min to max) | %+.1f %% (%+.1f to %+.1f) | ≤ 15 %% |"
      % (statistics.median(added), min(added), max(added)))
print()
print("archive's added run time per round: %s" % ", ".join("%+.1f %%" % a for a in added))
# Every response is archived (pages, robots.txt, errors): bytes per article fetched.
print("archive: %.0f bytes per page (median of %d rounds, %d pages each; %.1f MB per 10,000 pages)"
      % (statistics.median(archive_bytes) / expected, len(archive_bytes), expected,
         statistics.median(archive_bytes) / expected * 10000 / 1e6))
# CPU time (user + system) per page, and what the archive adds to it, round by round.
cpu_added = [100 * (a / p - 1) for a, p in zip(cpu_archive, cpu_plain)]
print("pressoir CPU time (user + system) per page, median: %.2f ms without the archive, %.2f ms with it"
      " (%s); the archive's added CPU time per round: %s"
      % (1000 * statistics.median(cpu_plain) / expected, 1000 * statistics.median(cpu_archive) / expected,
         ", ".join("%.2f / %.2f s" % pair for pair in zip(cpu_plain, cpu_archive)),
         ", ".join("%+.1f %%" % a for a in cpu_added)))
print()
print("pressoir peak RSS: %.0f MB with --no-extract, %.0f MB with extraction (max of %d rounds)."
      % (peak_mb(rss_no_extract), peak_mb(rss_extract), len(runs["pressoir"])))
if not complete:
    print("\nwarning: a crawler did not fetch all %d pages in some round; its rate is not comparable" % expected)
    sys.exit(1)
PY

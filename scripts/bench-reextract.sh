#!/usr/bin/env bash
# Re-extraction benchmark (issue 16, item 4): `pressoir reextract` over a crawl's raw archive
# against `pressoir extract --jobs N` over the same pages saved as files. The site is
# bench-fetch's generated news site (scripts/bench-site.sh) served by nginx on 127.0.0.1; it is
# crawled once with the archive on, then each round alternates
#
#   pressoir reextract --archive A --corpus C          every archived page, from the WARC files,
#                                                      against the crawl's corpus (rules unchanged:
#                                                      every article found unchanged, nothing written)
#   pressoir reextract --archive A --corpus (fresh)    the same, every article written anew
#   pressoir extract --sites R --jobs N --out D FILE... the same pages and rules, from the files
#
# and the table reports the median pages per second (reextract counts the pages it read; the
# extract run is given every page of the site). Target: reextract >= 80 % of extract.
#
# Usage: scripts/bench-reextract.sh   (ROUNDS=5 PAGES=2000 JOBS=2 to vary)
# Installs nginx and time from Debian (as root or through sudo), then builds pressoir
# (scripts/build.sh release). Everything lives in a temporary directory removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-3}
PAGES=${PAGES:-2000}
JOBS=${JOBS:-$(nproc)}

scripts/install-packages.sh bench nginx time python3
echo "bench: building pressoir (release)"
scripts/build.sh release >/dev/null
pressoir=$root/build-release/pressoir
[ -x "$pressoir" ] || { echo "bench: $pressoir missing after the build" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pressoir-bench-XXXXXX")
source "$root/scripts/bench-site.sh"
cleanup() {
  bench_stop_nginx
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_generate_site "$PAGES"
bench_start_nginx
bench_write_pressoir_config

echo "bench: crawling $start_url with the archive on"
"$pressoir" crawl --config "$work/pressoir.yaml" --sites "$work/sites" --corpus "$work/crawl/corpus" \
  --state "$work/crawl/state" --archive "$work/crawl/archive" --start "$start_url" >"$work/crawl.out" || true
cat "$work/crawl.out"
archive_bytes=$(du -sb "$work/crawl/archive" | cut -f1)
find "$work/site" -name '*.html' | sort >"$work/pages.txt"
pages=$(wc -l <"$work/pages.txt")

: >"$work/results"
for round in $(seq "$ROUNDS"); do
  rm -rf "$work/re" "$work/ex"
  # reextract runs with its default threads (the crawl's page stage: two per core, at least 4).
  for target in "$work/crawl/corpus" "$work/re"; do
    started=$(date +%s.%N)
    "$pressoir" reextract --config "$work/pressoir.yaml" --sites "$work/sites" --archive "$work/crawl/archive" \
      --corpus "$target" --state "$work/crawl/state" >"$work/re.out"
    ended=$(date +%s.%N)
    read_pages=$(sed -n 's/^total: \([0-9]*\) pages.*/\1/p' "$work/re.out")
    name=reextract-existing
    [ "$target" = "$work/re" ] && name=reextract-fresh
    echo "$name $read_pages $(python3 -c "print($ended - $started)")" >>"$work/results"
    tail -1 "$work/re.out"
  done
  started=$(date +%s.%N)
  xargs -a "$work/pages.txt" "$pressoir" extract --sites "$work/sites" --jobs "$JOBS" --out "$work/ex" >/dev/null
  ended=$(date +%s.%N)
  echo "extract $pages $(python3 -c "print($ended - $started)")" >>"$work/results"
  echo "bench: round $round/$ROUNDS: $(tail -3 "$work/results" | tr '\n' ' ')"
done

python3 - "$work/results" "$archive_bytes" "$pages" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, pages, seconds = line.split()
    runs.setdefault(name, []).append((int(pages), float(seconds)))
rate = {name: statistics.median(p / s for p, s in values) for name, values in runs.items()}
print()
print("| command | pages (each round) | median time (s) | pages/s (median) |")
print("|---|---|---|---|")
for name, label in [("reextract-existing", "pressoir reextract, the crawl's corpus (all unchanged)"),
                    ("reextract-fresh", "pressoir reextract, a fresh corpus (all written)"),
                    ("extract", "pressoir extract --jobs (the same pages as files)")]:
    print("| %s | %s | %.2f | %.0f |" % (label, ", ".join(str(p) for p, _ in runs[name]),
                                         statistics.median(s for _, s in runs[name]), rate[name]))
print()
print("reextract / extract: %.2f on the crawl's corpus, %.2f into a fresh corpus (target >= 0.80);"
      " archive %.0f bytes per page of the site"
      % (rate["reextract-existing"] / rate["extract"], rate["reextract-fresh"] / rate["extract"],
         int(sys.argv[2]) / int(sys.argv[3])))
PY

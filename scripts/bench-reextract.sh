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
#                                                      (the last two in turn first)
#
# and the table reports the median pages per second (reextract counts the pages it read; the
# extract run is given every page of the site) and the ratios, from the medians and round by
# round. Target: reextract >= 80 % of extract.
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
source "$root/scripts/bench-site.sh"
bench_build_pressoir
bench_serve_site "$PAGES"

echo "bench: crawling $start_url with the archive on"
"$pressoir" crawl --config "$work/pressoir.yaml" --sites "$work/sites" --corpus "$work/crawl/corpus" \
  --state "$work/crawl/state" --archive "$work/crawl/archive" --start "$start_url" >"$work/crawl.out" || true
cat "$work/crawl.out"
archive_bytes=$(du -sb "$work/crawl/archive" | cut -f1)
find "$work/site" -name '*.html' | sort >"$work/pages.txt"
pages=$(wc -l <"$work/pages.txt")

: >"$work/results"
# reextract NAME CORPUS: one reextract run (its default threads: one extraction thread per core).
reextract() {
  local started ended read_pages
  started=$(date +%s.%N)
  "$pressoir" reextract --config "$work/pressoir.yaml" --sites "$work/sites" --archive "$work/crawl/archive" \
    --corpus "$2" --state "$work/crawl/state" >"$work/re.out"
  ended=$(date +%s.%N)
  read_pages=$(sed -n 's/^total: \([0-9]*\) pages.*/\1/p' "$work/re.out")
  echo "$1 $read_pages $(python3 -c "print($ended - $started)")" >>"$work/results"
}
extract() {  # extract OUT_DIR
  local started ended
  started=$(date +%s.%N)
  xargs -a "$work/pages.txt" "$pressoir" extract --sites "$work/sites" --jobs "$JOBS" --out "$1" >/dev/null
  ended=$(date +%s.%N)
  echo "extract $pages $(python3 -c "print($ended - $started)")" >>"$work/results"
}
for round in $(seq "$ROUNDS"); do
  # Each round writes into directories of its own, all removed at exit: deleting thousands of
  # files slows the next file creations on ext4 without a journal (it scans past recently
  # deleted inodes for minutes), which would penalize whichever command runs next. The
  # fresh-corpus reextract and extract swap places every round.
  reextract reextract-existing "$work/crawl/corpus"
  if [ $((round % 2)) = 1 ]; then
    reextract reextract-fresh "$work/re-$round"
    extract "$work/ex-$round"
  else
    extract "$work/ex-$round"
    reextract reextract-fresh "$work/re-$round"
  fi
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
# The same ratio round by round (each round's runs are back to back): its spread says how much
# the machine's load moved during the run.
def per_round(name):
    return ["%.2f" % ((p / s) / (pe / se)) for (p, s), (pe, se) in zip(runs[name], runs["extract"])]
print("reextract / extract: %.2f on the crawl's corpus, %.2f into a fresh corpus (target >= 0.80; medians);"
      " per round: %s and %s; archive %.0f bytes per page of the site"
      % (rate["reextract-existing"] / rate["extract"], rate["reextract-fresh"] / rate["extract"],
         " ".join(per_round("reextract-existing")), " ".join(per_round("reextract-fresh")),
         int(sys.argv[2]) / int(sys.argv[3])))
PY

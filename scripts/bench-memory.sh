#!/usr/bin/env bash
# Memory benchmark (issue 13, item 15): peak RSS and rate of a full crawl of a large site on
# 127.0.0.1, where pages arrive faster than they are extracted. The site and nginx are
# bench-fetch.sh's (scripts/bench-site.sh: 10 KB pages, ten links each), politeness lifted
# (50 transfers at once, no delay, no robots.txt); extraction on and the corpus written.
#
# Runs, per round: this tree's pressoir, with extraction and with --no-extract, and, when
# BASELINE names another pressoir executable (e.g. a build of an earlier commit), that one in
# both modes, alternating. Peak RSS is /usr/bin/time's "Maximum resident set size"; pages are counted from
# nginx's access log (distinct article URLs answered 200), and each run must fetch them all.
#
# Usage: scripts/bench-memory.sh      (PAGES=40000 ROUNDS=2 by default;
#        BASELINE=/path/to/old/pressoir scripts/bench-memory.sh to compare)
# Installs nginx and time from Debian (as root or through sudo), then builds pressoir
# (scripts/build.sh release). Nothing listens anywhere but 127.0.0.1, and everything else lives
# in a temporary directory removed at exit (about 2 GB at 40,000 pages: the site and every
# run's corpus, kept to the end as bench-fetch.sh does, because deleting 40,000 files slows the
# next run's file creations on ext4).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-2}
PAGES=${PAGES:-40000}
BASELINE=${BASELINE:-}

# --- Dependencies (idempotent, like scripts/setup.sh) -------------------------------------
scripts/install-packages.sh bench nginx time python3

# --- Build ---------------------------------------------------------------------------------
source "$root/scripts/bench-site.sh"
bench_build_pressoir
if [ -n "$BASELINE" ]; then
  BASELINE=$(realpath "$BASELINE")
  [ -x "$BASELINE" ] || { echo "bench: BASELINE=$BASELINE is not an executable" >&2; exit 2; }
fi

# --- Temporary directory, site, nginx, pressoir config --------------------------------------
bench_serve_site "$PAGES"

# run NAME ROUND BINARY [--no-extract]: one crawl from scratch; appends "NAME pages seconds
# rss_kb" to $work/results.
run() {
  local name=$1 round=$2 binary=$3 mode=${4:-}
  local dir=$work/run-$name-$round
  rm -rf "$dir"
  mkdir -p "$dir"
  : >"$work/nginx/logs/access.log"
  local started ended
  started=$(date +%s.%N)
  /usr/bin/time -v -o "$dir/time.txt" "$binary" crawl --config "$work/pressoir.yaml" --sites "$work/sites" \
    --corpus "$dir/corpus" --state "$dir/state" --start "$start_url" $mode >"$dir/out" 2>"$dir/err" || true
  ended=$(date +%s.%N)
  local pages seconds rss
  pages=$(bench_articles_fetched)
  seconds=$(python3 -c "print(f'{$ended - $started:.3f}')")
  rss=$(awk '/Maximum resident set size/ { print $NF }' "$dir/time.txt")
  echo "$name $pages $seconds $rss" >>"$work/results"
  printf '  %-22s %6d pages in %7.2f s, peak RSS %4d MB\n' "$name" "$pages" "$seconds" "$((rss / 1024))"
}

: >"$work/results"
for round in $(seq "$ROUNDS"); do
  echo "bench: round $round/$ROUNDS"
  if [ -n "$BASELINE" ]; then run "baseline" "$round" "$BASELINE"; fi
  run "pressoir" "$round" "$pressoir"
  if [ -n "$BASELINE" ]; then run "baseline-no-extract" "$round" "$BASELINE" --no-extract; fi
  run "pressoir-no-extract" "$round" "$pressoir" --no-extract
done

# --- Report --------------------------------------------------------------------------------
python3 - "$work/results" "$PAGES" <<'PY'
import statistics, sys
results, expected = sys.argv[1], int(sys.argv[2])
runs = {}
for line in open(results):
    name, pages, seconds, rss = line.split()
    runs.setdefault(name, []).append((int(pages), float(seconds), int(rss) / 1024))
labels = {"baseline": "BASELINE (extraction, corpus written)",
          "pressoir": "pressoir (extraction, corpus written)",
          "baseline-no-extract": "BASELINE --no-extract",
          "pressoir-no-extract": "pressoir --no-extract"}
complete = True
print()
print("| crawler | pages fetched (each round) | median time (s) | pages/s (median) | peak RSS MB (max) |")
print("|---|---|---|---|---|")
for name in ["baseline", "pressoir", "baseline-no-extract", "pressoir-no-extract"]:
    if name not in runs:
        continue
    rounds = runs[name]
    complete &= all(p == expected for p, _, _ in rounds)
    print("| %s | %s | %.2f | %.0f | %.0f |" % (
        labels[name], ", ".join(str(p) for p, _, _ in rounds), statistics.median(s for _, s, _ in rounds),
        statistics.median(p / s for p, s, _ in rounds), max(r for _, _, r in rounds)))
if not complete:
    print("\nwarning: a crawl did not fetch all %d pages in some round; its figures are not comparable" % expected)
    sys.exit(1)
PY

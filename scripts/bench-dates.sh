#!/usr/bin/env bash
# Publication-date benchmark: `pressoir extract --format jsonl` over the pages of
# ../shared/date-bench (htmldate's evaluation pages), scored by the benchmark's own score.py
# (htmldate's metric: right day, wrong day, no date). Prints score.py's output, whose last line is
#   dates: accuracy A precision P recall R f1 F pages N (missing predictions M)
# then the published peers' figures from the benchmark's README (htmldate, newspaper4k,
# news-please, ...), which are over htmldate's 1,000 evaluation pages, not these 200 alone.
#
# Usage: scripts/bench-dates.sh [PRESSOIR]   (default: build-release/pressoir, built if missing)
# Environment: DATE_BENCH_DIR overrides the benchmark folder; BENCH_SHOW_ERRORS=1 lists the
#              pages with a wrong or no date; DATE_BENCH_FLOOR="ACCURACY PRECISION" (the ctest
#              date_bench sets it) fails the run when either figure is below its floor.
# Exit codes: 0 done (also when the benchmark folder is absent: nothing to measure, and a line
#             says so), 1 pressoir or the scorer failed, or a figure is below DATE_BENCH_FLOOR,
#             77 the benchmark folder is absent and DATE_BENCH_FLOOR is set (ctest: skipped).
# The pages are read in place (never copied into the repository); the predictions go to a
# temporary file that is removed on exit.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${DATE_BENCH_DIR:-$repo/../shared/date-bench}"
if [ ! -d "$bench/html" ] || [ ! -f "$bench/score.py" ] || [ ! -f "$bench/truth.json" ]; then
  echo "bench-dates: no benchmark at $bench (expected html/, truth.json, score.py); nothing to do"
  if [ -n "${DATE_BENCH_FLOOR:-}" ]; then exit 77; fi
  exit 0
fi
pressoir="${1:-$repo/build-release/pressoir}"
if [ ! -x "$pressoir" ]; then
  "$repo/scripts/build.sh" release >/dev/null
fi

predictions="$(mktemp)"
trap 'rm -f "$predictions"' EXIT
# --generic: the benchmark's sites have no rules; a rule file for one of them would measure
# the rule, not the date finder.
"$pressoir" extract --generic --format jsonl "$bench"/html/*.html >"$predictions"
show=()
if [ "${BENCH_SHOW_ERRORS:-0}" = 1 ]; then show=(--show-errors); fi
scored="$(python3 "$bench/score.py" "$bench/truth.json" "$predictions" "${show[@]}")"
echo "$scored"
# The published peers beside ours: the benchmark README's reference table (htmldate's own
# evaluation over 1,000 pages of the same benchmark, these 200 included), as it gives them.
if [ -f "$bench/README.md" ]; then
  echo "peers (the benchmark README: htmldate's evaluation over 1,000 pages, this set included):"
  awk -F'|' 'function row() {
               for (i = 2; i <= 6; i++) gsub(/^ +| +$/, "", $i)
               printf "  %-28s %-10s %-10s %-10s %s\n", $2, $3, $4, $5, $6
             }
             /^\| *tool *\|/ {header = 1; row(); next}
             header && /^\| *-/ {next}
             header && /^\|/ {row(); next}
             header {header = 0}' "$bench/README.md"
fi
if [ -n "${DATE_BENCH_FLOOR:-}" ]; then
  read -r floor_accuracy floor_precision <<<"$DATE_BENCH_FLOOR"
  last="$(tail -n 1 <<<"$scored")"
  accuracy="$(sed -n 's/.*accuracy \([0-9.]*\).*/\1/p' <<<"$last")"
  precision="$(sed -n 's/.*precision \([0-9.]*\).*/\1/p' <<<"$last")"
  if ! python3 -c "import sys; sys.exit(0 if $accuracy >= $floor_accuracy and $precision >= $floor_precision else 1)"; then
    echo "bench-dates: below the floor (accuracy $accuracy < $floor_accuracy or precision $precision < $floor_precision)" >&2
    exit 1
  fi
  echo "bench-dates: floor held (accuracy $accuracy >= $floor_accuracy, precision $precision >= $floor_precision)"
fi

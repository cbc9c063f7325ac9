#!/usr/bin/env bash
# Rule drafts against the extraction benchmark: for every site (host, without "www.") with three
# or more L3S-GN1 pages in ../shared/extraction-bench (pages.tsv gives their URLs), drafts a
# rule with `pressoir rules draft`, extracts the pages with it (`pressoir extract --site NAME
# --body-only`) and scores the text against the benchmark's truth with its own score.py, next
# to the generic extractor alone (`--generic --body-only`) on the same pages.
#
# Modes (--mode):
#   all  (default) the draft is made from all of a site's pages and applied to the same pages;
#   loo  leave-one-out: each page is extracted with a draft made from the site's other pages
#        (so only sites with four or more pages are measured: a draft needs three).
# Prints a markdown table (site, pages, F1 of the draft, F1 of the generic extractor) and the
# mean of the per-site F1s; the per-site figures are score.py's "F1" on that site's pages.
#
# Usage: scripts/bench-draft.sh [--mode all|loo] [--floor F] [--pressoir PATH]
# Environment: BENCH_DIR overrides the benchmark folder (default: ../shared/extraction-bench
# next to the repository, or next to the main checkout when this is a git worktree).
# Exit codes: 0 done; 1 the mean draft F1 is below --floor, or pressoir/python3 failed;
#             77 no benchmark (ctest reads it as "skipped": nothing to measure).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${BENCH_DIR:-$repo/../shared/extraction-bench}"
if [ -z "${BENCH_DIR:-}" ] && [ ! -d "$bench" ]; then
  # In a git worktree, ../shared is next to the main checkout.
  common="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
  if [ -n "$common" ]; then bench="$(dirname "$common")/../shared/extraction-bench"; fi
fi
mode=all
floor=""
pressoir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --floor) floor="$2"; shift 2 ;;
    --pressoir) pressoir="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-draft.sh [--mode all|loo] [--floor F] [--pressoir PATH]" >&2; exit 1 ;;
  esac
done
if [ ! -f "$bench/pages.tsv" ] || [ ! -f "$bench/score.py" ]; then
  echo "bench-draft: no benchmark at $bench (expected pages.tsv, html/, truth/, score.py); nothing to do"
  exit 77
fi
if [ -z "$pressoir" ]; then
  for candidate in "$repo/build-release/pressoir" "$repo/build-asan/pressoir" "$repo/build/pressoir"; do
    if [ -x "$candidate" ]; then pressoir="$candidate"; break; fi
  done
fi
if [ -z "$pressoir" ] || [ ! -x "$pressoir" ]; then
  echo "bench-draft: no pressoir executable (build it, or give --pressoir PATH)" >&2
  exit 1
fi
command -v python3 >/dev/null 2>&1 || { echo "bench-draft: python3 is needed for score.py" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-draft.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 - "$bench" "$pressoir" "$mode" "$work" "$floor" <<'EOF'
import collections, os, re, subprocess, sys

bench, pressoir, mode, work, floor = sys.argv[1:6]
sites = collections.defaultdict(list)
with open(os.path.join(bench, "pages.tsv"), encoding="utf-8") as tsv:
    next(tsv)
    for line in tsv:
        fields = line.rstrip("\n").split("\t")
        page_id, url = fields[0], fields[3]
        if not page_id.startswith("l3s-") or not url:
            continue
        host = re.sub(r"^www\.", "", url.split("/")[2].split(":")[0].lower())
        sites[host].append((page_id, url))
minimum = 4 if mode == "loo" else 3
sites = {h: p for h, p in sorted(sites.items()) if len(p) >= minimum}

def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.stderr.write("bench-draft: %s failed (%d): %s\n" % (args[:3], result.returncode, result.stderr.strip()))
    return result

def score(truth_ids, pred_dir, name):
    truth_dir = os.path.join(work, name + "-truth")
    os.makedirs(truth_dir, exist_ok=True)
    for page_id in truth_ids:
        target = os.path.join(truth_dir, page_id + ".txt")
        if not os.path.exists(target):
            os.symlink(os.path.join(bench, "truth", page_id + ".txt"), target)
    out = subprocess.run([sys.executable, os.path.join(bench, "score.py"), truth_dir, pred_dir],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    return float(out.split()[1])

def draft(name, pages, rules_dir):
    urls = os.path.join(rules_dir, "urls.txt")
    with open(urls, "w", encoding="utf-8") as f:
        for page_id, url in pages:
            f.write("%s %s\n" % (os.path.join(bench, "html", page_id + ".html"), url))
    result = run([pressoir, "rules", "draft", "--name", name, "--urls", urls,
                  "--out", os.path.join(rules_dir, name + ".yaml")]
                 + [os.path.join(bench, "html", p + ".html") for p, _ in pages])
    os.remove(urls)
    return result.returncode == 0

def extract(args, page_ids, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    run([pressoir, "extract", "--body-only", "--jobs", "1", "--out", out_dir] + args
        + [os.path.join(bench, "html", p + ".html") for p in page_ids])

rows, failures = [], 0
for host, pages in sites.items():
    name = host
    ids = [p for p, _ in pages]
    site_dir = os.path.join(work, name)
    pred_draft, pred_generic = os.path.join(site_dir, "draft"), os.path.join(site_dir, "generic")
    if mode == "all":
        rules_dir = os.path.join(site_dir, "rules")
        os.makedirs(rules_dir)
        if draft(name, pages, rules_dir):
            extract(["--sites", rules_dir, "--site", name], ids, pred_draft)
        else:
            failures += 1
    else:
        for i, held_out in enumerate(ids):
            rules_dir = os.path.join(site_dir, "rules-%d" % i)
            os.makedirs(rules_dir)
            if draft(name, pages[:i] + pages[i + 1:], rules_dir):
                extract(["--sites", rules_dir, "--site", name], [held_out], pred_draft)
            else:
                failures += 1
    os.makedirs(pred_draft, exist_ok=True)
    extract(["--generic"], ids, pred_generic)
    rows.append((host, len(ids), score(ids, pred_draft, name + "-d"), score(ids, pred_generic, name + "-g")))

print("| site | pages | draft F1 | generic F1 |")
print("|---|---|---|---|")
for host, count, f1_draft, f1_generic in rows:
    print("| %s | %d | %.3f | %.3f |" % (host, count, f1_draft, f1_generic))
mean_draft = sum(r[2] for r in rows) / len(rows)
mean_generic = sum(r[3] for r in rows) / len(rows)
at_least = sum(1 for r in rows if r[2] >= 0.95)
print()
print("mode %s: %d sites, %d pages; mean F1 draft %.3f, generic %.3f; sites with draft F1 >= 0.95: %d; drafts refused: %d"
      % (mode, len(rows), sum(r[1] for r in rows), mean_draft, mean_generic, at_least, failures))
if floor and mean_draft < float(floor):
    print("bench-draft: mean draft F1 %.3f is below the floor %s" % (mean_draft, floor), file=sys.stderr)
    sys.exit(1)
EOF

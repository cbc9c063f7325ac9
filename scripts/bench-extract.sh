#!/usr/bin/env bash
# Extraction benchmark: quality (F1 with the benchmark's own scorer) and speed (MB/s) of
# `pressoir extract --generic --body-only` on ../shared/extraction-bench, next to Gumbo's bare
# parse rate on the same files and, when they can be installed, readability-lxml and
# Readability.js (linkedom). Prints every figure and the ratios as a markdown table.
#
# Usage: scripts/bench-extract.sh            (from anywhere; paths are relative to the repo)
# Environment: BENCH_DIR overrides the benchmark folder; BENCH_NO_PEERS=1 skips the peers;
#              BENCH_NO_BUILD=1 reuses build-release as it is; BENCH_INSTRUCTIONS=1 also counts
#              the instructions (valgrind callgrind, repeatable on a loaded machine) of
#              pressoir and of Gumbo's bare parse on every 4th page, and prints their ratio.
# Exit codes: 0 done (also when the benchmark folder is absent: there is nothing to measure),
#             1 build or pressoir failure, or no python3 for the scorer.
# Speed is measured pinned to one core (taskset -c 0) when taskset exists; the machine is
# shared, so run it on a quiet machine and read the figures as ±10 %.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bench="${BENCH_DIR:-$repo/../shared/extraction-bench}"
if [ ! -d "$bench/html" ] || [ ! -f "$bench/score.py" ]; then
  echo "bench-extract: no benchmark at $bench (expected html/, truth/, score.py); nothing to do"
  exit 0
fi

# Installs Debian packages when apt is usable (root, or passwordless sudo); the package lists
# are refreshed once when the first attempt fails.
apt_install() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || return 1
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  "${sudo[@]}" apt-get install -y -q "$@" >/dev/null 2>&1 && return 0
  "${sudo[@]}" apt-get update -q >/dev/null 2>&1 || return 1
  "${sudo[@]}" apt-get install -y -q "$@" >/dev/null 2>&1
}
if ! command -v python3 >/dev/null 2>&1 && ! apt_install python3; then
  echo "bench-extract: python3 is needed to run score.py (apt-get install python3)" >&2
  exit 1
fi

# One core: pinned with taskset, and pressoir runs one worker thread (its default is one per
# core of the machine, which would only take turns on the pinned core).
pin=()
jobs=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c 0)
  jobs=(--jobs 1)
fi

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  # Builds pressoir and the gumbo_bare_parse baseline (Release, no tests).
  scripts/build.sh release build-release >/dev/null || { echo "bench-extract: build failed" >&2; exit 1; }
fi

# Outputs go to a tmpfs when there is one: creating 871 files on a busy ext4 costs up to half
# a second of kernel time (inode allocation), which would be counted as extraction time.
# The pages themselves are read from $bench as they are.
tmp_parent="${TMPDIR:-/tmp}"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then tmp_parent=/dev/shm; fi
work="$(mktemp -d -p "$tmp_parent")"
trap 'rm -rf "$work"' EXIT
files=("$bench"/html/*.html)
bytes=$(cat "${files[@]}" | wc -c)
echo "bench-extract: ${#files[@]} pages, $bytes bytes"

now() { date +%s.%N; }
# rate BYTES SECONDS -> MB/s (10^6 bytes, as the benchmark README)
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.2f", (s > 0 ? b / 1e6 / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
# f1 PRED_DIR [--only PREFIX] -> the F1 figure of score.py's last line
f1() {
  local pred="$1"
  shift
  python3 "$bench/score.py" "$@" "$bench/truth" "$pred" | tail -1 | awk '{ print $2 }'
}

# --- pressoir ---------------------------------------------------------------------------
mkdir -p "$work/pressoir"
start=$(now)
"${pin[@]}" build-release/pressoir extract --generic --body-only "${jobs[@]}" --out "$work/pressoir" \
  "${files[@]}" || { echo "bench-extract: pressoir extract failed" >&2; exit 1; }
end=$(now)
p_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
p_rate=$(rate "$bytes" "$p_seconds")
p_f1=$(f1 "$work/pressoir")
p_l3s=$(f1 "$work/pressoir" --only l3s-)
p_dragnet=$(f1 "$work/pressoir" --only dragnet-)

# --- Gumbo bare parse ---------------------------------------------------------------------
g_line=$("${pin[@]}" build-release/gumbo_bare_parse "${files[@]}")
g_rate=$(echo "$g_line" | awk '{ for (i = 1; i < NF; ++i) if ($i == "MB/s") print $(i + 1) }')

# --- peers --------------------------------------------------------------------------------
declare -A peer_f1 peer_l3s peer_dragnet peer_rate
peers=()

# Readability-lxml: Debian's python3-readability (bookworm: 0.8.1), installed when apt is
# usable.
# Debian's package lands in the system interpreter's dist-packages: when `python3` on PATH is
# another one (pyenv, a venv), /usr/bin/python3 is used for it.
readability_python() {
  local python
  for python in python3 /usr/bin/python3; do
    if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import readability' 2>/dev/null; then
      echo "$python"
      return 0
    fi
  done
  return 1
}
if [ "${BENCH_NO_PEERS:-0}" != 1 ]; then
  if ! readability_python >/dev/null; then
    if ! apt_install python3-readability; then
      if command -v apt-cache >/dev/null 2>&1 && [ -z "$(apt-cache policy python3-readability 2>/dev/null)" ]; then
        echo "bench-extract: apt has no package python3-readability on this machine"
      else
        echo "bench-extract: could not install python3-readability (needs root or passwordless sudo)"
      fi
    fi
  fi
  if rl_python=$(readability_python); then
    cat >"$work/readability_lxml.py" <<'EOF'
# Times readability-lxml's Document(html).summary() over pages already in memory and writes
# the summary's text, one block a line, to OUT/<id>.txt. Prints the extraction seconds.
import html as htmlmod, os, re, sys, time
from readability import Document
out, files = sys.argv[1], sys.argv[2:]
pages = [(os.path.splitext(os.path.basename(f))[0], open(f, encoding='utf-8', errors='replace').read()) for f in files]
block = re.compile(r'</?(p|div|li|h[1-6]|br|tr|td|blockquote|pre|ul|ol|table|section|article)\b[^>]*>', re.I)
results, seconds = {}, 0.0
for pid, page in pages:
    start = time.perf_counter()
    try:
        summary = Document(page).summary()
    except Exception:
        summary = ''
    seconds += time.perf_counter() - start
    text = htmlmod.unescape(re.sub(r'<[^>]+>', '', block.sub('\n', summary)))
    results[pid] = '\n'.join(l.strip() for l in text.split('\n') if l.strip())
for pid, text in results.items():
    with open(os.path.join(out, pid + '.txt'), 'w', encoding='utf-8') as f:
        f.write(text)
print('%.3f' % seconds)
EOF
    mkdir -p "$work/readability_lxml"
    s=$("${pin[@]}" "$rl_python" "$work/readability_lxml.py" "$work/readability_lxml" "${files[@]}")
    peers+=(readability-lxml)
    peer_rate[readability-lxml]=$(rate "$bytes" "$s")
    peer_f1[readability-lxml]=$(f1 "$work/readability_lxml")
    peer_l3s[readability-lxml]=$(f1 "$work/readability_lxml" --only l3s-)
    peer_dragnet[readability-lxml]=$(f1 "$work/readability_lxml" --only dragnet-)
  else
    echo "bench-extract: readability-lxml unavailable: skipped (apt-get install python3-readability)"
  fi

  # Readability.js on linkedom, installed into build-bench/node (ignored by git through its
  # own .gitignore, so the repository's files stay untouched).
  node_dir="$repo/build-bench/node"
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    mkdir -p "$node_dir"
    printf '*\n' >"$repo/build-bench/.gitignore"
    if [ ! -d "$node_dir/node_modules/@mozilla/readability" ] || [ ! -d "$node_dir/node_modules/linkedom" ]; then
      npm install --silent --no-audit --no-fund --prefix "$node_dir" @mozilla/readability linkedom \
        >/dev/null 2>&1 || true
    fi
  fi
  if [ -d "$node_dir/node_modules/@mozilla/readability" ] && [ -d "$node_dir/node_modules/linkedom" ]; then
    cat >"$work/readability_js.cjs" <<'EOF'
// Times Readability.js (on linkedom) over pages already in memory and writes textContent
// to OUT/<id>.txt. Prints the extraction seconds.
const fs = require('fs'), path = require('path');
const { Readability } = require(path.join(process.env.NODE_DIR, 'node_modules/@mozilla/readability'));
const { parseHTML } = require(path.join(process.env.NODE_DIR, 'node_modules/linkedom'));
const [out, ...files] = process.argv.slice(2);
const pages = files.map(f => [path.basename(f, '.html'), fs.readFileSync(f, 'utf8')]);
let seconds = 0;
const results = [];
for (const [id, html] of pages) {
  const start = process.hrtime.bigint();
  let text = '';
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    text = article && article.textContent ? article.textContent : '';
  } catch (e) {
    text = '';
  }
  seconds += Number(process.hrtime.bigint() - start) / 1e9;
  results.push([id, text.split('\n').map(l => l.trim()).filter(l => l).join('\n')]);
}
for (const [id, text] of results) fs.writeFileSync(path.join(out, id + '.txt'), text);
console.log(seconds.toFixed(3));
EOF
    mkdir -p "$work/readability_js"
    s=$(NODE_DIR="$node_dir" "${pin[@]}" node "$work/readability_js.cjs" "$work/readability_js" "${files[@]}")
    peers+=(readability-js-linkedom)
    peer_rate[readability-js-linkedom]=$(rate "$bytes" "$s")
    peer_f1[readability-js-linkedom]=$(f1 "$work/readability_js")
    peer_l3s[readability-js-linkedom]=$(f1 "$work/readability_js" --only l3s-)
    peer_dragnet[readability-js-linkedom]=$(f1 "$work/readability_js" --only dragnet-)
  else
    echo "bench-extract: Readability.js unavailable (needs node and npm)"
  fi
fi

# --- report -------------------------------------------------------------------------------
echo
echo "| tool | F1 | F1 l3s- | F1 dragnet- | MB/s | pressoir F1 / tool F1 | pressoir MB/s / tool MB/s |"
echo "|---|---|---|---|---|---|---|"
echo "| pressoir (whole process, $p_seconds s) | $p_f1 | $p_l3s | $p_dragnet | $p_rate | 1.00 | 1.00 |"
echo "| gumbo bare parse | - | - | - | $g_rate | - | $(ratio "$p_rate" "$g_rate") |"
for peer in "${peers[@]}"; do
  echo "| $peer | ${peer_f1[$peer]} | ${peer_l3s[$peer]} | ${peer_dragnet[$peer]} | ${peer_rate[$peer]} |" \
       "$(ratio "$p_f1" "${peer_f1[$peer]}") | $(ratio "$p_rate" "${peer_rate[$peer]}") |"
done
echo
echo "pressoir MB/s / Gumbo bare MB/s: $(ratio "$p_rate" "$g_rate") (target >= 1.5)"

# --- instruction counts (optional) ----------------------------------------------------------
if [ "${BENCH_INSTRUCTIONS:-0}" = 1 ]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "bench-extract: BENCH_INSTRUCTIONS=1 needs valgrind" >&2
    exit 1
  fi
  quarter=()
  for ((i = 0; i < ${#files[@]}; i += 4)); do quarter+=("${files[$i]}"); done
  # instructions CMD... -> callgrind's total ("I refs"), without commas
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
  }
  mkdir -p "$work/quarter"
  p_ins=$(instructions build-release/pressoir extract --generic --body-only --jobs 1 --out "$work/quarter" "${quarter[@]}")
  g_ins=$(instructions build-release/gumbo_bare_parse "${quarter[@]}")
  echo "instructions on every 4th page (${#quarter[@]} pages): pressoir $p_ins, Gumbo bare parse $g_ins;" \
       "Gumbo / pressoir: $(ratio "$g_ins" "$p_ins")"
fi

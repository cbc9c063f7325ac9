#!/usr/bin/env bash
# Multilingual snippet benchmark: runs `pressoir extract --generic --body-only` on the pages
# listed in tests/snippets/multilingual.json (real French, German, English, Spanish, Italian, Dutch,
# Portuguese and Polish news pages read in place from ../shared) and scores the text
# trafilatura's way: a "with" snippet found is a true positive (else a false negative), a
# "without" snippet found is a false positive (else a true negative); precision, recall and F1
# over all snippets, and per language.
#
# Usage: scripts/bench-snippets.sh [--verbose] [--check]
#   --verbose  one line per missed snippet
#   --check    only verify that every snippet occurs in its page's text (catches typos)
# Environment: SHARED_DIR overrides ../shared; PRESSOIR overrides build-release/pressoir.
# Exit codes: 0 done (also when the shared folder is absent), 1 pressoir or python3 missing,
#             or (--check) a snippet not found in its page.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$repo/../shared}"
pressoir="${PRESSOIR:-$repo/build-release/pressoir}"
set_file="$repo/tests/snippets/multilingual.json"
if [ ! -d "$shared" ]; then
  echo "bench-snippets: no shared data at $shared; nothing to do"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "bench-snippets: python3 is needed" >&2; exit 1; }
if [ ! -x "$pressoir" ] && [[ " $* " != *" --check "* ]]; then
  echo "bench-snippets: $pressoir not built (scripts/build.sh release)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

exec python3 - "$set_file" "$shared" "$pressoir" "$work" "$@" <<'PY'
import html, json, os, re, subprocess, sys

set_file, shared, pressoir, work = sys.argv[1:5]
flags = set(sys.argv[5:])
pages = json.load(open(set_file, encoding='utf-8'))['pages']

def normalize(text):
    # Typographic apostrophes and quotes vary between a page and its reader; so do spaces.
    text = text.replace('\u2019', "'").replace('\u2018', "'")
    return re.sub(r'[\s\u00a0\u202f]+', ' ', text).strip()

if '--check' in flags:
    bad = 0
    for page in pages:
        raw = open(os.path.join(shared, page['file']), 'rb').read()
        m = re.search(rb'charset=["\']?([\w-]+)', raw[:20000])
        try:
            text = raw.decode('utf-8')  # pages often declare a charset they are not in
        except UnicodeDecodeError:
            try:
                text = raw.decode(m.group(1).decode() if m else 'cp1252')
            except (LookupError, UnicodeDecodeError):
                text = raw.decode('utf-8', 'replace')
        text = normalize(html.unescape(re.sub(r'<[^>]*>', ' ', text)))
        for snippet in page['with'] + page['without']:
            if normalize(snippet) not in text:
                bad += 1
                print('not in page: %s: %s' % (page['file'], snippet))
    print('bench-snippets: %d snippet(s) not found in their page' % bad)
    sys.exit(1 if bad else 0)

# One link per page under a unique name, so that `extract --out` writes one file per page.
links = []
for i, page in enumerate(pages):
    link = os.path.join(work, 'page%03d.html' % i)
    os.symlink(os.path.abspath(os.path.join(shared, page['file'])), link)
    links.append(link)
out = os.path.join(work, 'out')
os.mkdir(out)
result = subprocess.run([pressoir, 'extract', '--generic', '--body-only', '--out', out] + links)
if result.returncode not in (0, 1):
    sys.exit('bench-snippets: pressoir extract failed (exit %d)' % result.returncode)

tp = fp = fn = tn = 0
per_lang = {}
for i, page in enumerate(pages):
    try:
        text = normalize(open(os.path.join(out, 'page%03d.txt' % i), encoding='utf-8').read())
    except FileNotFoundError:
        text = ''
    counts = per_lang.setdefault(page['lang'], [0, 0, 0, 0])
    for snippet in page['with']:
        if normalize(snippet) in text:
            tp += 1; counts[0] += 1
        else:
            fn += 1; counts[2] += 1
            if '--verbose' in flags: print('missing  %s: %s' % (page['file'], snippet))
    for snippet in page['without']:
        if normalize(snippet) in text:
            fp += 1; counts[1] += 1
            if '--verbose' in flags: print('unwanted %s: %s' % (page['file'], snippet))
        else:
            tn += 1; counts[3] += 1

def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

for lang, (ltp, lfp, lfn, ltn) in sorted(per_lang.items()):
    p, r, f = f1(ltp, lfp, lfn)
    print('%s  F1 %.3f precision %.3f recall %.3f (with %d/%d, without leaked %d/%d)'
          % (lang, f, p, r, ltp, ltp + lfn, lfp, lfp + ltn))
p, r, f = f1(tp, fp, fn)
accuracy = (tp + tn) / max(tp + tn + fp + fn, 1)
print('F1 %.3f precision %.3f recall %.3f accuracy %.3f pages %d snippets %d'
      % (f, p, r, accuracy, len(pages), tp + fp + fn + tn))
PY

#!/usr/bin/env bash
# Builds one libFuzzer target of tests/fuzz/ with clang and runs it.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_ARGS...]
#        scripts/fuzz.sh --build TARGET...   (build only; "all" builds every target)
#        scripts/fuzz.sh --list
# TARGET is the name of tests/fuzz/TARGET_fuzz.cc (extract_generic, extract_rule,
# selector_compile, rules_yaml, robots, charset, url, feeds).
#
# Everything goes to build-fuzz/ (git-ignored): the CMake build of the `fuzz` preset
# (CMakePresets.json: clang, PRESSOIR_FUZZ=ON, the module libraries compiled with
# -fsanitize=fuzzer-no-link,address,undefined, each target linked with -fsanitize=fuzzer) with
# the binaries in bin/, the corpus in corpus/TARGET/ (seeded from the project's fixtures on
# every run, then grown by libFuzzer and kept between runs), crashing inputs in
# artifacts/TARGET/, the log in logs/TARGET.log.
#
# Exit codes: 0 no finding; 1 the fuzzer found a crash, a leak, a timeout (-timeout=10 s per
# input) or an out-of-memory (-rss_limit_mb=2048); the input is in artifacts/TARGET/;
# 2 usage or build error.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/build-fuzz

# Every tests/fuzz/*_fuzz.cc is a target (CMake globs the same files).
targets=()
for source in "$root"/tests/fuzz/*_fuzz.cc; do
  name=$(basename "$source" _fuzz.cc)
  targets+=("$name")
done

usage() {
  echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_ARGS...] | --build TARGET... | --list" >&2
  echo "targets: ${targets[*]}" >&2
  exit 2
}

# Largest input libFuzzer generates, per target: 128 KB HTML pages (the fixtures are up to
# 184 KB, but under ASan a page costs ~15 ms per 100 KB, and structure, not size, finds bugs;
# tests/hardening/ covers huge pages), short selectors, rule files and URLs.
max_len() {
  case "$1" in
    extract_generic|extract_rule) echo 131072 ;;
    selector_compile) echo 4096 ;;
    rules_yaml) echo 16384 ;;
    robots|charset) echo 65536 ;;
    url) echo 8192 ;;
    feeds) echo 131072 ;;
    warc_reader) echo 131072 ;;
    *) echo 65536 ;;
  esac
}

# clang and libFuzzer from Debian bookworm: `clang` (clang 14) and the compiler-rt archive
# that holds libclang_rt.fuzzer (libclang-rt-14-dev). Idempotent, like scripts/setup.sh.
setup_toolchain() {
  "$root/scripts/setup.sh" >/dev/null
  "$root/scripts/install-packages.sh" fuzz clang libclang-rt-14-dev
}

# Builds the named targets (CMake's own dependency tracking decides what to recompile).
build_targets() {
  local t cmake_targets=()
  for t in "$@"; do
    [ -f "$root/tests/fuzz/${t}_fuzz.cc" ] || { echo "fuzz: no such target: tests/fuzz/${t}_fuzz.cc" >&2; exit 2; }
    cmake_targets+=("fuzz_$t")
  done
  cmake --preset fuzz -B "$out" >/dev/null || { echo "fuzz: cmake configure failed" >&2; exit 2; }
  nice cmake --build "$out" -j "$(nproc)" --target "${cmake_targets[@]}" || { echo "fuzz: build failed" >&2; exit 2; }
}

# Copies a file into the corpus under its content hash (as libFuzzer names its own inputs).
add_seed() {
  local dir=$1 file=$2 name
  name=$(sha1sum "$file" | cut -c1-40)
  [ -f "$dir/$name" ] || cp "$file" "$dir/$name"
}

add_seed_text() {
  local dir=$1 tmp
  tmp=$(mktemp)
  printf '%s' "$2" >"$tmp"
  add_seed "$dir" "$tmp"
  rm -f "$tmp"
}

html_fixtures() { find "$root/tests/fixtures" -type f -name '*.html' | sort; }

seed_corpus() {
  local target=$1 dir=$out/corpus/$1 f
  mkdir -p "$dir"
  case "$target" in
    extract_generic|extract_rule)
      while read -r f; do add_seed "$dir" "$f"; done < <(html_fixtures)
      ;;
    selector_compile)
      # Every selector of the rule files (list items under the selector keys), and the
      # expressions the selector unit tests compile.
      local line
      while IFS= read -r line; do
        [ -n "$line" ] && add_seed_text "$dir" "$line"
      done < <(awk '
        /^[a-z_]+:/ { key = $1; sub(":", "", key); inline = $0; sub(/^[a-z_]+:[ ]*/, "", inline)
                      if (key ~ /^(body|remove|title|date|author|lede)$/ && inline != "") print inline; next }
        /^  *- / && key ~ /^(body|remove|title|date|author|lede)$/ {
          v = $0; sub(/^  *- /, "", v); sub(/[ ]+#.*$/, "", v); print v }' \
          "$root"/sites/*.yaml "$root"/tests/fixtures/e2e/rules/*.yaml |
        sed -e "s/^'\(.*\)'\$/\1/" -e 's/^"\(.*\)"$/\1/' -e "s/''/'/g" | sort -u)
      while IFS= read -r line; do
        [ -n "$line" ] && add_seed_text "$dir" "$line"
      done < <(grep -oh 'Compile("[^"]*"' "$root"/tests/extractors/*_test.cc 2>/dev/null |
               sed -e 's/^Compile("//' -e 's/"$//' | sort -u)
      ;;
    rules_yaml)
      for f in "$root"/sites/*.yaml "$root"/config/*.yaml "$root"/tests/fixtures/e2e/rules/*.yaml; do
        [ -f "$f" ] && add_seed "$dir" "$f"
      done
      ;;
    robots)
      while read -r f; do add_seed "$dir" "$f"; done < <(find "$root/tests/fixtures" -type f -name robots.txt)
      add_seed_text "$dir" $'User-agent: pressoir\nDisallow: /private*$\nAllow: /private/ok\nCrawl-delay: 1.5\n\nUser-agent: *\nDisallow: /%7Ejoe/\nSitemap: https://example.com/sitemap.xml\n'
      ;;
    charset)
      # One byte giving the Content-Type length, the Content-Type, then a fixture page.
      local types=("text/html; charset=utf-8" "text/html; charset=iso-8859-1" "text/html; charset=windows-1251"
                   "text/html; charset=shift_jis" "text/html; charset=x-unknown-charset" "text/html" "")
      local i=0 tmp ct
      tmp=$(mktemp)
      while read -r f; do
        ct=${types[$((i % ${#types[@]}))]}
        { printf "\\$(printf '%03o' "${#ct}")"; printf '%s' "$ct"; head -c 60000 "$f"; } >"$tmp"
        add_seed "$dir" "$tmp"
        i=$((i + 1))
      done < <(html_fixtures | head -14)
      rm -f "$tmp"
      ;;
    url)
      # Links of the fixture pages, each resolved against the page's site.
      local href
      while IFS= read -r href; do
        add_seed_text "$dir" "https://www.example.com/rubrique/article.html?id=3#x"$'\n'"$href"
      done < <(html_fixtures | xargs grep -oh 'href="[^"]*"' | sed -e 's/^href="//' -e 's/"$//' | sort -u | head -400)
      ;;
    feeds)
      while read -r f; do add_seed "$dir" "$f"; done < <(find "$root/tests/fixtures" -type f \
        \( -name '*.xml' -o -name '*.rss' -o -name '*.atom' -o -name '*.xml.gz' \) 2>/dev/null)
      add_seed_text "$dir" '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://example.com/a</link><pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate></item></channel></rss>'
      add_seed_text "$dir" '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title><link href="https://example.com/a"/><updated>2020-01-02T03:04:05Z</updated></entry></feed>'
      add_seed_text "$dir" '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/a</loc><lastmod>2020-01-02</lastmod></url></urlset>'
      add_seed_text "$dir" '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>'
      ;;
    warc_reader)
      # WARC files as pressoir and wget write them: records uncompressed and one gzip member
      # per record, with plain, chunked and gzip-coded HTTP bodies.
      local record1 record2 record3 tmp
      record1=$'WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\nContent-Length: 20\r\n\r\nsoftware: pressoir\r\n\r\n\r\n'
      record2=$'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://a.test/>\r\nContent-Length: 64\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n3\r\nabc\r\n0\r\n\r\n\r\n\r\n'
      record3=$'WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.test/p\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 57\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>page</p>\r\n\r\n'
      add_seed_text "$dir" "$record1$record2$record3"
      tmp=$(mktemp)
      { printf '%s' "$record1" | gzip -c; printf '%s' "$record2" | gzip -c; printf '%s' "$record3" | gzip -c; } >"$tmp"
      add_seed "$dir" "$tmp"
      rm -f "$tmp"
      ;;
  esac
}

[ $# -ge 1 ] || usage
case "$1" in
  --list) printf '%s\n' "${targets[@]}"; exit 0 ;;
  --build)
    shift
    [ $# -ge 1 ] || usage
    [ "$1" = all ] && set -- "${targets[@]}"
    setup_toolchain
    build_targets "$@"
    exit 0
    ;;
esac
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

# PRESSOIR_FUZZ_NO_BUILD=1 runs the binary built earlier (a long campaign keeps testing one
# snapshot of the sources while they are being edited).
if [ "${PRESSOIR_FUZZ_NO_BUILD:-0}" != 1 ] || [ ! -x "$out/bin/$target" ]; then
  setup_toolchain
  build_targets "$target"
fi
seed_corpus "$target"
mkdir -p "$out/artifacts/$target" "$out/logs"

log=$out/logs/$target.log
echo "fuzz: running $target for ${seconds}s (corpus: $(ls "$out/corpus/$target" | wc -l) inputs; log: $log)"
# Leaks count as findings; a UBSan report aborts (-fno-sanitize-recover=all).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
(cd "$out" && nice -n 10 "$out/bin/$target" \
  -max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix="$out/artifacts/$target/" -print_final_stats=1 "$@" "$out/corpus/$target") \
  >"$log" 2>&1 || status=$?

execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
corpus_files=$(ls "$out/corpus/$target" | wc -l)
corpus_kb=$(( $(du -sb "$out/corpus/$target" | cut -f1) / 1024 ))
if [ "$status" -ne 0 ]; then
  echo "fuzz: $target FOUND A PROBLEM (libFuzzer exit $status); see $log and $out/artifacts/$target/" >&2
  grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: contract)|runtime error|Test unit written' "$log" | head -10 >&2 || true
  exit 1
fi
echo "fuzz: $target ok: ${seconds}s, ${execs:-?} executions, corpus $corpus_files inputs (${corpus_kb} KB), no finding"

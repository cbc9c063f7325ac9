// libFuzzer target: the extraction cascade without a site rule (prefilter, Gumbo adapter,
// metadata, generic extractor, serializer), fed the way the crawler feeds it: the bytes are
// first decoded as a page served with "charset=utf-8". Contract checked: the corpus text of
// valid UTF-8 input is valid UTF-8, and so is the title. The --no-extract link scanner reads
// the same bytes (it must not crash; its links are valid UTF-8 when the page is). Built by
// scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/html_prefilter.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pressoir;
  charset::DecodedText page = charset::DecodeToUtf8(fuzz::AsView(data, size), "text/html; charset=utf-8");
  extract::ExtractOptions options;
  options.collect_links = true;
  options.explain = (size % 2) == 0;  // the --explain paths (Describe, truncation) too
  extract::Article article = extract::Extract(page.utf8, nullptr, options);
  FUZZ_CHECK(fuzz::IsValidUtf8(article.Text()), "Article::Text() is valid UTF-8");
  FUZZ_CHECK(fuzz::IsValidUtf8(article.metadata.title), "title is valid UTF-8");
  for (const std::string& line : article.explain)
    FUZZ_CHECK(fuzz::IsValidUtf8(line), "--explain lines are valid UTF-8");
  std::string base;
  for (const std::string& href : extract::ExtractLinks(page.utf8, &base)) {
    FUZZ_CHECK(fuzz::IsValidUtf8(href), "scanned links are valid UTF-8");
  }
  return 0;
}

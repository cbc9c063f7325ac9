// libFuzzer target: URL normalization and resolution (curl's URL API underneath). Input: a
// base URL, a newline, then an href; without a newline the whole input is the href and a
// fixed base is used. Contracts checked: results are http(s) URLs, and Host/Origin/PathAndQuery
// accept them. Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/url.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

bool IsHttpUrl(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

void CheckUrl(const std::string& url) {
  FUZZ_CHECK(IsHttpUrl(url), "result is an http(s) URL");
  (void)pressoir::url::Host(url);
  (void)pressoir::url::Origin(url);
  (void)pressoir::url::PathAndQuery(url);
}

bool HasRawControlOrNonAscii(std::string_view url) {
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace url = pressoir::url;
  const std::string_view input = pressoir::fuzz::AsView(data, size);
  std::string_view base = "https://www.example.com/section/page.html?x=1#top";
  std::string_view href = input;
  if (size_t newline = input.find('\n'); newline != std::string_view::npos) {
    base = input.substr(0, newline);
    href = input.substr(newline + 1);
  }
  if (auto normalized = url::Normalize(input)) CheckUrl(*normalized);
  if (auto normalized = url::Normalize(href)) {
    CheckUrl(*normalized);
    // Normalizing twice must not fail: a normalized URL is a valid http(s) URL (hosts that
    // decode to control or non-ASCII bytes are rejected or written in punycode).
    FUZZ_CHECK(!HasRawControlOrNonAscii(*normalized), "a normalized URL is plain ASCII");
    auto twice = url::Normalize(*normalized);
    FUZZ_CHECK(twice.has_value(), "a normalized URL normalizes again");
  }
  if (auto resolved = url::Resolve(base, href)) CheckUrl(*resolved);
  url::NormalizeOptions keep_all;
  keep_all.strip_query_params.clear();
  if (auto resolved = url::Resolve(base, href, keep_all)) CheckUrl(*resolved);
  (void)url::Host(input);
  (void)url::Origin(input);
  (void)url::PathAndQuery(input);
  return 0;
}

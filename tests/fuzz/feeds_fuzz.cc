// libFuzzer target: feed and sitemap discovery (expat, gzip inflation, date conversion, URL
// resolution). The input is the document body; the cap on its (inflated) size is 1 MiB so
// that the gzip-bomb path is reachable. Contracts checked: URLs are absolute http(s), at most
// kMaxUrls, without duplicates; no URL is returned with a size error. The input's lines are
// also read as rel/type/href triples for AdvertisedFeeds. Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/feeds.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

bool IsHttpUrl(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace feeds = pressoir::feeds;
  const std::string_view body = pressoir::fuzz::AsView(data, size);
  constexpr size_t kMaxBytes = size_t{1} << 20;
  feeds::Discovery discovery = feeds::Parse(body, "https://www.example.com/feeds/une.xml", kMaxBytes);
  FUZZ_CHECK(discovery.urls.size() <= feeds::kMaxUrls, "at most kMaxUrls URLs");
  FUZZ_CHECK(discovery.sitemaps.size() <= feeds::kMaxUrls, "at most kMaxUrls sitemaps");
  std::set<std::string> seen;
  for (const feeds::DiscoveredUrl& url : discovery.urls) {
    FUZZ_CHECK(IsHttpUrl(url.url), "article URLs are http(s)");
    FUZZ_CHECK(seen.insert(url.url).second, "article URLs are deduplicated");
  }
  seen.clear();
  for (const std::string& sitemap : discovery.sitemaps) {
    FUZZ_CHECK(IsHttpUrl(sitemap), "sitemap URLs are http(s)");
    FUZZ_CHECK(seen.insert(sitemap).second, "sitemap URLs are deduplicated");
  }
  FUZZ_CHECK(discovery.error.find('\n') == std::string::npos || body.find('\n') != std::string_view::npos,
             "the error is one line");
  (void)feeds::Parse(body, "", kMaxBytes);  // no base: relative links are dropped
  for (std::string_view type : {"application/rss+xml; charset=utf-8", "text/html", ""}) {
    (void)feeds::LooksLikeFeedOrSitemap(type, body);
  }

  // AdvertisedFeeds: lines taken three at a time as rel, type and href.
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < body.size() && lines.size() < 300;) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  std::vector<feeds::HtmlLink> links;
  for (size_t i = 0; i + 2 < lines.size(); i += 3) links.push_back({lines[i], lines[i + 1], lines[i + 2]});
  links.push_back({"alternate", "application/rss+xml", body.substr(0, 256)});
  for (const std::string& feed : feeds::AdvertisedFeeds(links, "https://www.example.com/page.html")) {
    FUZZ_CHECK(IsHttpUrl(feed), "advertised feeds are http(s)");
  }
  return 0;
}

// libFuzzer target: robots.txt parsing and matching. The input is the body; paths to match
// come from the input's own lines (so rules and paths share bytes) and a fixed list. Checks
// the documented contracts: /robots.txt is always allowed, Crawl-delay lies in
// [0, kMaxCrawlDelaySeconds], sitemaps are absolute http(s) URLs. Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/ascii.h"
#include "crawler/robots.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using pressoir::robots::RobotsTxt;
  const std::string_view body = pressoir::fuzz::AsView(data, size);
  RobotsTxt robots = RobotsTxt::Parse(body);
  const std::string_view agents[] = {"pressoir", "pressoir/0.1 (+https://example.org/bot)", "Googlebot", "*", "",
                                     " press"};
  const std::string_view paths[] = {"/", "/a?b=c#frag",       "https://host/%7Ejoe/a%3cd$*", "//host/x",
                                    "",  "/\xc3\xa9t\xc3\xa9"};
  for (std::string_view agent : agents) {
    FUZZ_CHECK(robots.IsAllowed(agent, "/robots.txt"), "/robots.txt is always allowed");
    for (std::string_view path : paths) (void)robots.IsAllowed(agent, path);
    if (auto delay = robots.CrawlDelay(agent)) {
      FUZZ_CHECK(*delay >= 0 && *delay <= pressoir::robots::kMaxCrawlDelaySeconds, "Crawl-delay in range");
    }
  }
  // Every line of the input, and its value after the first ':', as a path.
  size_t lines = 0;
  for (size_t start = 0; start < body.size() && lines < 64; ++lines) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    (void)robots.IsAllowed("pressoir", line);
    if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      (void)robots.IsAllowed("pressoir", line.substr(colon + 1));
    }
  }
  for (const std::string& sitemap : robots.sitemaps()) {
    // Schemes are case-insensitive (RFC 3986 §3.1).
    using pressoir::ascii::StartsWithIgnoreCase;
    FUZZ_CHECK(StartsWithIgnoreCase(sitemap, "http://") || StartsWithIgnoreCase(sitemap, "https://"),
               "sitemaps are http(s)");
  }
  RobotsTxt for_status = RobotsTxt::ForStatus(static_cast<int>(size % 600), body);
  (void)for_status.IsAllowed("pressoir", "/x");
  return 0;
}

// URL resolution and normalization, on top of curl's URL API (RFC 3986 parsing that
// matches what the fetcher will actually request).
#ifndef PRESSOIR_CRAWLER_URL_H_
#define PRESSOIR_CRAWLER_URL_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pressoir::url {

struct NormalizeOptions {
  // Query parameters removed from URLs before they are compared or queued (tracking tags
  // that make one article look like many). A trailing '*' matches any suffix.
  std::vector<std::string> strip_query_params = {"utm_*", "fbclid", "gclid", "xtor", "at_medium", "at_campaign"};
};

// Resolves `href` against `base` (RFC 3986 §5) and normalizes the result. Returns nullopt for
// anything that is not an http or https URL (mailto:, javascript:, data:, ftp:, ...) and for
// URLs curl cannot parse.
std::optional<std::string> Resolve(std::string_view base, std::string_view href, const NormalizeOptions& options = {});

// Normalizes an absolute http(s) URL: scheme and host lower-cased, default port and fragment
// dropped, empty path made "/", percent-encoding of unreserved characters decoded and other
// escapes written with lower-case hex (as curl writes them), tracking parameters removed.
// Hosts must be DNS names in ASCII (internationalized names in punycode, xn--...) or IP
// literals; anything else (control bytes, raw non-ASCII) gives nullopt. nullopt when not an http(s) URL.
std::optional<std::string> Normalize(std::string_view url, const NormalizeOptions& options = {});

// The lower-case host of an absolute URL; empty when it cannot be parsed.
std::string Host(std::string_view url);
// "scheme://host[:port]" of an absolute URL; empty when it cannot be parsed.
std::string Origin(std::string_view url);
// Path and query of an absolute URL ("/a/b?c=d"); "/" when empty.
std::string PathAndQuery(std::string_view url);

struct ResolvedUrl {
  std::string url;     // as Resolve() returns it
  std::string origin;  // Origin(url)
  std::string host;    // Host(url)
};

// Resolve() with a memo, for the crawler's link resolution: the navigation, footer and
// "related" links repeated on every page of a site are resolved once. Only hrefs whose result
// does not depend on the base's path are remembered (absolute http(s) URLs, and absolute
// paths per base origin), so results are exactly Resolve()'s. At most `capacity` entries (the
// memo starts over when full). Not thread-safe: one per thread.
class ResolveCache {
 public:
  explicit ResolveCache(size_t capacity = 20000) : capacity_(capacity) {}
  std::optional<ResolvedUrl> Resolve(std::string_view base, std::string_view href);

 private:
  size_t capacity_;
  std::string last_base_;  // the base whose origin is below
  std::string last_base_origin_;
  std::unordered_map<std::string, std::optional<ResolvedUrl>> memo_;
};

}  // namespace pressoir::url

#endif  // PRESSOIR_CRAWLER_URL_H_

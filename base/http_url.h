// A syntax check for the URLs an operator writes (--start, start_urls and feeds of the config
// and of the rule files): an absolute http or https URL with a host. It runs while the config
// is validated, before anything is fetched, so that a typo is a usage error rather than a
// start URL the crawl skips. Stricter than the crawler's curl-based url::Normalize() (what it
// accepts, Normalize() accepts: tests/base/http_url_test.cc checks the two agree), so a URL
// that passes here is one the crawler can fetch.
//
// Part of `base/`: standard library only (config/ may not depend on crawler/'s URL parser).
#ifndef PRESSOIR_BASE_HTTP_URL_H_
#define PRESSOIR_BASE_HTTP_URL_H_

#include <optional>
#include <string>
#include <string_view>

namespace pressoir::http_url {

// Why `text` is not an absolute http(s) URL with a host, as a phrase that completes
// "'TEXT' is not an absolute http(s) URL: ..." (e.g. "no scheme; write https://example.com");
// nullopt when it is one. Accepted: "http" or "https" (any case), "://", an optional
// "user@" (one '@'), a DNS name (ASCII letters, digits, '-', '_', '.'; internationalized names in
// punycode) or a bracketed IPv6 literal, an optional port 1-65535, then anything after the
// first '/', '?' or '#' except spaces and control characters.
std::optional<std::string> Problem(std::string_view text);

}  // namespace pressoir::http_url

#endif  // PRESSOIR_BASE_HTTP_URL_H_

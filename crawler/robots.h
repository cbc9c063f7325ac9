// robots.txt for the crawler: parses a host's robots.txt once and answers "may agent X fetch
// URL Y?", following RFC 9309 (Robots Exclusion Protocol), plus the common non-standard
// Crawl-delay and Sitemap lines.
//
// The parser is tolerant, like google/robotstxt: it never fails, it accepts frequent typos
// ("useragent", "user agent", "dissallow", ...) and it skips lines it does not understand.
// The crawler keeps one RobotsTxt per host, built from the fetch outcome with ForStatus().
#ifndef PRESSOIR_CRAWLER_ROBOTS_H_
#define PRESSOIR_CRAWLER_ROBOTS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::robots {

// Bytes of a robots.txt body that are parsed; the rest is ignored. RFC 9309 §2.5: crawlers
// MUST parse at least the first 500 KiB, and MAY ignore what follows.
inline constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

// Redirects the fetcher should follow for /robots.txt before calling ForStatus() with the
// last 3xx status. RFC 9309 §2.3.1.2: crawlers SHOULD follow at least five consecutive
// redirects, and MAY treat the file as unavailable after that.
inline constexpr int kMaxRobotsRedirects = 5;

// Upper bound of CrawlDelay(), in seconds (one day). The value comes from untrusted input;
// the bound lets callers convert it to integer milliseconds without overflow.
inline constexpr double kMaxCrawlDelaySeconds = 86400;

// Returns the product token of a User-Agent string: its leading run of [A-Za-z_-] characters
// (RFC 9309 §2.2.1), e.g. "pressoir" for "pressoir/0.1 (+https://example.org/bot)". Leading
// spaces are skipped. Returns an empty view when the string does not start with a token.
// The result points into `user_agent`.
std::string_view ProductToken(std::string_view user_agent);

// A parsed robots.txt. Immutable once built: every const method may be called concurrently
// from several threads. Copies own their data; nothing refers to the parsed body.
// A default-constructed RobotsTxt has no rules and allows everything.
class RobotsTxt {
 public:
  RobotsTxt() = default;

  // Parses a robots.txt body (the bytes of a 2xx response). Never fails: malformed lines are
  // skipped. Accepts CR, LF and CRLF line ends, a UTF-8 byte order mark (or its first bytes),
  // `#` comments and case-insensitive keys. Lines have no length limit of their own (Google
  // cuts them at 16,664 bytes; a cut rule matches more than its author wrote). Only the first
  // kMaxRobotsBytes bytes are read, and a line cut by that limit is dropped whole, so a
  // truncated "Allow: /private" cannot become "Allow: /p".
  //
  // Grouping (RFC 9309 §2.1): one or more consecutive user-agent lines start a group; the
  // group's rules follow until a user-agent line that comes after a rule (Allow, Disallow or
  // Crawl-delay). Rules before the first user-agent line belong to no group and are ignored.
  // Sitemap lines belong to no group (§2.2.4) and are collected wherever they appear.
  // An empty Disallow value ("Disallow:") adds no rule, so such a group allows everything.
  static RobotsTxt Parse(std::string_view body);

  // Builds the policy from the outcome of fetching /robots.txt (RFC 9309 §2.3.1):
  //   2xx                -> Parse(body).
  //   3xx                -> the fetcher must follow up to kMaxRobotsRedirects redirects itself;
  //                         a 3xx reaching this function means the hops ran out, which
  //                         §2.3.1.2 lets us treat as "unavailable": allow all.
  //   4xx except 429     -> "unavailable" (§2.3.1.3; includes 401 and 403): allow all.
  //   429, 5xx, 0        -> "unreachable" (§2.3.1.4; 0 means a network error): disallow all.
  //                         429 "Too Many Requests" is a server asking us to back off, so it
  //                         is treated like a server error (as Google does), not like a 404.
  //   anything else      -> unreachable: disallow all (the safe side).
  // §2.4: the caller caches the result (SHOULD NOT keep it more than 24 hours) and may treat
  // a host unreachable for 30 days as unavailable (§2.3.1.4); neither is done here.
  static RobotsTxt ForStatus(int http_status, std::string_view body);

  // Policies that ignore every rule: everything allowed, or everything but /robots.txt
  // disallowed.
  static RobotsTxt AllowAll();
  static RobotsTxt DisallowAll();

  // True when `agent` may fetch `url_or_path`.
  //
  // `agent` is a product token or a whole User-Agent string (see ProductToken()).
  // `url_or_path` is an absolute URL ("https://host/a?b=c#frag"), a network-path reference
  // ("//host/a") or a path with optional query ("/a?b=c"). Only path and query are matched;
  // a fragment is dropped and an empty path means "/". Scheme and host are not checked: the
  // caller asks the RobotsTxt of the URL's own host.
  //
  // Group selection (RFC 9309 §2.2.1): the agent's product token is compared
  // case-insensitively with each group's user-agent value, itself read up to its first
  // character outside [a-zA-Z_-] as google/robotstxt does ("Googlebot/2.1" and "barbarbot*"
  // name "googlebot" and "barbarbot"). A group applies only when the two are equal: neither
  // is a prefix match, so "User-agent: barbarbot*" or "User-agent: press" does not apply to
  // "barbarbot-prod" or "pressoir" (RFC 9309 matches the product token, and so does Google).
  // All groups naming the token are merged (§2.2.1). Without a match the "*" groups are used
  // (merged too); without those, or without any rule in the selected groups, everything is
  // allowed.
  //
  // Rule precedence (RFC 9309 §2.2.2): the matching rule with the longest pattern in octets
  // wins; on a tie Allow wins. Patterns support `*` (any sequence) and a trailing `$` (end of
  // path) (§2.2.3). Pattern and path are compared after the same percent-encoding
  // normalization (§2.2.2): %XX of unreserved characters is decoded, other %XX get upper-case
  // hex, and non-ASCII bytes, spaces, controls and other characters not allowed in a URI are
  // %-encoded; so "/%7Ejoe" == "/~joe", "/a%3cd" == "/a%3Cd" and a UTF-8 path equals its
  // encoded form. A literal `*` or `$` in the URL matches %2A / %24 in a pattern (§2.2.3).
  // Paths are case-sensitive. "/robots.txt" itself is always allowed (§2.2.2).
  //
  // Cost: at worst O(path length x total pattern length) per call, no backtracking (see .cc).
  bool IsAllowed(std::string_view agent, std::string_view url_or_path) const;

  // The Crawl-delay, in seconds, of the groups selected for `agent` (same selection as
  // IsAllowed()). Crawl-delay is not in RFC 9309; we accept a non-negative decimal number
  // ("10", "1.5", ".5") and ignore any other value. When the selected groups give several
  // values the largest (most polite) wins. Values above kMaxCrawlDelaySeconds are clamped to
  // it; the caller applies its own, lower limit.
  // Empty when the selected groups set none, and for AllowAll()/DisallowAll() policies.
  std::optional<double> CrawlDelay(std::string_view agent) const;

  // Absolute http(s) URLs from Sitemap lines (RFC 9309 §2.2.4), in file order, without
  // duplicates. Relative or non-http(s) values are dropped.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

  // The fetch outcome, for logging: allow_all() for an "unavailable" robots.txt (4xx,
  // redirect limit), disallow_all() for an "unreachable" one (5xx, network error). Both are
  // false for a parsed body, even one that says "Disallow: /".
  bool allow_all() const { return mode_ == Mode::kAllowAll; }
  bool disallow_all() const { return mode_ == Mode::kDisallowAll; }

  // True when Parse() ignored bytes past kMaxRobotsBytes.
  bool truncated() const { return truncated_; }

 private:
  enum class Mode { kRules, kAllowAll, kDisallowAll };

  struct Rule {
    std::string pattern;  // normalized (see IsAllowed()); always starts with '/' or '*'
    bool allow = false;
  };

  struct Group {
    std::vector<std::string> agents;  // lower-case product tokens; "*" for the global group
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };

  // The groups that apply to `agent` (see IsAllowed()); empty when none does.
  std::vector<const Group*> SelectGroups(std::string_view agent) const;

  Mode mode_ = Mode::kRules;
  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
  bool truncated_ = false;
};

}  // namespace pressoir::robots

#endif  // PRESSOIR_CRAWLER_ROBOTS_H_

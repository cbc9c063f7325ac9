// robots.txt parsing and matching (RFC 9309). See robots.h for the contract.
//
// Rules are normalized once at parse time; a query only normalizes the URL's path and runs
// a wildcard matcher that never backtracks.
#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "base/ascii.h"

namespace pressoir::robots {
namespace {

// ---- Character classes -------------------------------------------------------------------

// Whitespace within a line (lines are split first): RFC 9309 §2.2's WS is SPACE and TAB; this
// parser also reads VT and FF as space, leniently, like its misspelled keys.
constexpr auto IsSpace = ascii::IsLineSpace;

using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::StartsWithIgnoreCase;
using ascii::ToLower;

std::string_view Trim(std::string_view text) { return ascii::TrimIf(text, IsSpace); }

// RFC 9309 §2.2.1: the product token is made of "a-zA-Z_-".
bool IsProductTokenChar(char c) { return IsAlpha(c) || c == '_' || c == '-'; }

// RFC 3986 §2.3 unreserved characters: their %XX form and their literal form are equivalent.
bool IsUnreserved(char c) { return IsAlpha(c) || IsDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

// Characters that may appear literally in a URI path or query (RFC 3986 §2.2 reserved plus
// unreserved). Everything else is compared in %XX form. '*' and '$' are handled by the caller.
bool IsLiteralUriChar(char c) {
  constexpr std::string_view kReserved = ":/?#[]@!&'()+,;=";
  return IsUnreserved(c) || kReserved.find(c) != std::string_view::npos;
}

void AppendPercentEncoded(unsigned char byte, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 0x0F]);
}

// ---- Percent-encoding normalization (RFC 9309 §2.2.2) ------------------------------------

enum class Operand { kPattern, kPath };

// Rewrites `in` so that equivalent URI octets compare equal: %XX of unreserved characters
// becomes the character, other %XX get upper-case hex, a '%' not followed by two hex digits
// becomes %25, and bytes that may not appear literally in a URI (non-ASCII, controls, space,
// '"', '<', ...) are %-encoded. In a pattern, '*' and a final '$' stay operators and any
// other '$' is literal (%24); in a path, '*' and '$' are literal, so they become %2A and %24
// and match the %-encoded form a robots.txt must use for them (§2.2.3).
std::string NormalizeOctets(std::string_view in, Operand operand) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      const bool has_two_more = i + 2 < in.size();
      const int high = has_two_more ? ascii::HexDigitValue(in[i + 1]) : -1;
      const int low = has_two_more ? ascii::HexDigitValue(in[i + 2]) : -1;
      if (high >= 0 && low >= 0) {
        const auto byte = static_cast<unsigned char>(high * 16 + low);
        if (IsUnreserved(static_cast<char>(byte))) {
          out.push_back(static_cast<char>(byte));
        } else {
          AppendPercentEncoded(byte, out);
        }
        i += 2;
      } else {
        AppendPercentEncoded('%', out);
      }
      continue;
    }
    if (operand == Operand::kPattern) {
      if (c == '*' || (c == '$' && i + 1 == in.size())) {
        out.push_back(c);
        continue;
      }
    }
    if (IsLiteralUriChar(c)) {
      out.push_back(c);
    } else {
      AppendPercentEncoded(static_cast<unsigned char>(c), out);
    }
  }
  return out;
}

// ---- Wildcard matching (RFC 9309 §2.2.3) -------------------------------------------------

// True when the normalized `pattern` matches a prefix of the normalized `path` (or all of it,
// with a final '$'). '*' matches any sequence of octets.
//
// Greedy, without backtracking: the pattern is split at '*' into literal segments. The first
// must be a prefix of the path; each later one is taken at its leftmost occurrence after the
// previous one, which leaves the most room for the rest, so if any placement works this one
// does; with '$' the last segment must end the path. Each segment is searched once, so the
// cost is at most O(|path| x |pattern|) and "/*a*a*a*a*a*b" cannot blow up the way a
// backtracking glob would. Same result as google/robotstxt's Matches(), without its array.
bool Matches(std::string_view path, std::string_view pattern) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);

  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) {
    return anchored ? path == pattern : path.starts_with(pattern);
  }
  if (!path.starts_with(pattern.substr(0, star))) return false;
  std::size_t pos = star;
  pattern.remove_prefix(star + 1);

  while ((star = pattern.find('*')) != std::string_view::npos) {
    const std::string_view segment = pattern.substr(0, star);
    pattern.remove_prefix(star + 1);
    if (segment.empty()) continue;
    const std::size_t at = path.find(segment, pos);
    if (at == std::string_view::npos) return false;
    pos = at + segment.size();
  }

  // `pattern` is now the segment after the last '*'.
  if (anchored) return path.size() - pos >= pattern.size() && path.ends_with(pattern);
  return pattern.empty() || path.find(pattern, pos) != std::string_view::npos;
}

// ---- URL handling ------------------------------------------------------------------------

// The path and query of `url_or_path`, without fragment; "/" when the path is empty.
std::string_view PathAndQuery(std::string_view url) {
  url = Trim(url);
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    url = url.substr(0, hash);
  }
  // An absolute URL starts with a scheme (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" /
  // "." )) followed by "://"; a network-path reference starts with "//".
  std::size_t authority = std::string_view::npos;
  if (url.starts_with("//")) {
    authority = 2;
  } else if (!url.empty() && IsAlpha(url.front())) {
    std::size_t i = 1;
    while (i < url.size() && (IsAlpha(url[i]) || IsDigit(url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')) {
      ++i;
    }
    if (url.substr(i).starts_with("://")) authority = i + 3;
  }
  if (authority != std::string_view::npos) {
    const std::size_t path_start = url.find_first_of("/?", authority);
    url = path_start == std::string_view::npos ? std::string_view() : url.substr(path_start);
  }
  return url;
}

// The string a URL is matched as: normalized path and query, always starting with '/'.
std::string MatchablePath(std::string_view url_or_path) {
  const std::string_view path = PathAndQuery(url_or_path);
  if (path.starts_with('/')) return NormalizeOctets(path, Operand::kPath);
  // "" -> "/", "?q" -> "/?q", "a/b" (a relative path given by mistake) -> "/a/b".
  std::string rooted = "/";
  rooted += path;
  return NormalizeOctets(rooted, Operand::kPath);
}

// RFC 9309 §2.2.2: "The /robots.txt URI is implicitly allowed."
bool IsRobotsTxtPath(std::string_view normalized_path) {
  return normalized_path == "/robots.txt" || normalized_path.starts_with("/robots.txt?");
}

// ---- Line parsing ------------------------------------------------------------------------

enum class Key { kUnknown, kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay };

// Keys are case-insensitive (RFC 9309 §2.2). Separators are dropped before comparing, which
// accepts "user-agent", "user agent", "useragent", "crawl-delay", "site-map"...; the
// Disallow misspellings are the ones google/robotstxt accepts.
Key ClassifyKey(std::string_view raw_key) {
  std::string key;
  key.reserve(raw_key.size());
  for (char c : raw_key) {
    if (c == '-' || c == '_' || IsSpace(c)) continue;
    key.push_back(ToLower(c));
  }
  if (key == "useragent") return Key::kUserAgent;
  if (key == "allow") return Key::kAllow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" || key == "diasllow" ||
      key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "sitemap") return Key::kSitemap;
  if (key == "crawldelay") return Key::kCrawlDelay;
  return Key::kUnknown;
}

struct KeyValue {
  Key key = Key::kUnknown;
  std::string_view value;
};

// Splits one line (without its line end) into key and value. Comments run from '#' to the
// end of the line (RFC 9309 §2.2). The separator is ':'; like google/robotstxt we also
// accept "Disallow /path" without a colon when the value is a single word.
std::optional<KeyValue> SplitLine(std::string_view line) {
  if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
    line = line.substr(0, hash);
  }
  line = Trim(line);
  if (line.empty()) return std::nullopt;

  std::string_view key;
  std::string_view value;
  if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    key = Trim(line.substr(0, colon));
    value = Trim(line.substr(colon + 1));
  } else {
    const auto space = std::find_if(line.begin(), line.end(), IsSpace);
    if (space == line.end()) return std::nullopt;
    const auto split = static_cast<std::size_t>(space - line.begin());
    key = line.substr(0, split);
    value = Trim(line.substr(split));
    if (std::any_of(value.begin(), value.end(), IsSpace)) return std::nullopt;
  }
  if (key.empty()) return std::nullopt;
  return KeyValue{ClassifyKey(key), value};
}

// The agent a user-agent line names: "*" for the global group, else the lower-case product
// token (RFC 9309 §2.2.1), so "Googlebot/2.1" names "googlebot". Empty when the value
// names no valid token; such a line still starts a group, but the group never matches.
std::string AgentOfLine(std::string_view value) {
  if (value.starts_with('*') && (value.size() == 1 || IsSpace(value[1]))) return "*";
  return ToLower(ProductToken(value));
}

// Crawl-delay seconds: a non-negative decimal number, nothing else (no exponent, no unit).
std::optional<double> ParseCrawlDelay(std::string_view value) {
  if (value.empty() || value == ".") return std::nullopt;
  if (!std::all_of(value.begin(), value.end(), [](char c) { return IsDigit(c) || c == '.'; })) {
    return std::nullopt;
  }
  // Huge values are clamped before conversion, so that they cannot overflow a double.
  std::string_view whole = value.substr(0, value.find('.'));
  while (whole.starts_with('0')) whole.remove_prefix(1);
  if (whole.size() > 6) return kMaxCrawlDelaySeconds;  // >= 1000000 s

  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds, std::chars_format::fixed);
  if (end != value.data() + value.size()) return std::nullopt;  // e.g. "1.2.3"
  if (ec == std::errc::result_out_of_range) return 0.0;         // "0.000…1" underflows
  if (ec != std::errc() || !std::isfinite(seconds)) return std::nullopt;
  return std::min(seconds, kMaxCrawlDelaySeconds);
}

// RFC 9309 §2.2.4: sitemap URLs are fully qualified; we keep http(s) ones.
bool IsAbsoluteHttpUrl(std::string_view value) {
  return StartsWithIgnoreCase(value, "http://") || StartsWithIgnoreCase(value, "https://");
}

// RFC 9309 §2.2.2: path-pattern = "/" *UTF8-char-noctl. Patterns that start with neither '/'
// nor '*' ("Disallow: private/") are read as rooted ("/private/"): the reading that protects
// what the author evidently meant to protect.
std::string NormalizePattern(std::string_view value) {
  if (value.starts_with('/') || value.starts_with('*')) {
    return NormalizeOctets(value, Operand::kPattern);
  }
  std::string rooted = "/";
  rooted += value;
  return NormalizeOctets(rooted, Operand::kPattern);
}

struct CappedBody {
  std::string_view bytes;
  bool truncated = false;
};

// The first kMaxRobotsBytes of `body`, without a final line cut by the limit (RFC 9309 §2.5).
CappedBody CapBody(std::string_view body) {
  if (body.size() <= kMaxRobotsBytes) return {body, false};
  const char next = body[kMaxRobotsBytes];
  body = body.substr(0, kMaxRobotsBytes);
  if (next == '\n' || next == '\r') return {body, true};
  const std::size_t last_break = body.find_last_of("\r\n");
  if (last_break == std::string_view::npos) return {std::string_view(), true};
  return {body.substr(0, last_break + 1), true};
}

}  // namespace

std::string_view ProductToken(std::string_view user_agent) {
  while (!user_agent.empty() && IsSpace(user_agent.front())) user_agent.remove_prefix(1);
  std::size_t end = 0;
  while (end < user_agent.size() && IsProductTokenChar(user_agent[end])) ++end;
  return user_agent.substr(0, end);
}

RobotsTxt RobotsTxt::Parse(std::string_view body) {
  RobotsTxt robots;
  const CappedBody capped = CapBody(body);
  robots.truncated_ = capped.truncated;
  body = capped.bytes;
  // A UTF-8 byte order mark, or the start of one (google/robotstxt skips a cut-off BOM too;
  // "\xEF\x11" is not one, and its line stays unreadable).
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < kByteOrderMark.size() && body.starts_with(kByteOrderMark[i]); ++i) {
    body.remove_prefix(1);
  }

  // RFC 9309 §2.1: a group starts with one or more user-agent lines; a user-agent line that
  // follows a rule starts the next group.
  bool in_agent_lines = false;
  while (!body.empty()) {
    const std::size_t end = body.find_first_of("\r\n");
    const std::string_view line = body.substr(0, end);
    // RFC 9309 §2.2: EOL is CR, LF or CRLF. Splitting at every CR and LF reads a CRLF as a
    // line end plus an empty line, which is skipped like any blank line.
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);

    const std::optional<KeyValue> kv = SplitLine(line);
    if (!kv) continue;
    switch (kv->key) {
      case Key::kUserAgent:
        if (!in_agent_lines) robots.groups_.emplace_back();
        in_agent_lines = true;
        if (std::string agent = AgentOfLine(kv->value); !agent.empty()) {
          robots.groups_.back().agents.push_back(std::move(agent));
        }
        break;
      case Key::kAllow:
      case Key::kDisallow:
        in_agent_lines = false;
        // Rules outside any group and empty values ("Disallow:") add nothing (§2.2.2).
        if (robots.groups_.empty() || kv->value.empty()) break;
        robots.groups_.back().rules.push_back(Rule{NormalizePattern(kv->value), kv->key == Key::kAllow});
        break;
      case Key::kCrawlDelay:
        in_agent_lines = false;
        if (robots.groups_.empty()) break;
        if (const std::optional<double> delay = ParseCrawlDelay(kv->value)) {
          std::optional<double>& current = robots.groups_.back().crawl_delay;
          current = std::max(current.value_or(0.0), *delay);
        }
        break;
      case Key::kSitemap:
        // Not part of any group (§2.2.4), so it neither opens nor closes one.
        if (IsAbsoluteHttpUrl(kv->value) &&
            std::find(robots.sitemaps_.begin(), robots.sitemaps_.end(), kv->value) == robots.sitemaps_.end()) {
          robots.sitemaps_.emplace_back(kv->value);
        }
        break;
      case Key::kUnknown:
        // §2.2.4: other records MAY be interpreted; we ignore them and keep the group open.
        break;
    }
  }
  return robots;
}

RobotsTxt RobotsTxt::ForStatus(int http_status, std::string_view body) {
  if (http_status >= 200 && http_status < 300) return Parse(body);      // §2.3.1.1
  if (http_status >= 300 && http_status < 400) return AllowAll();       // §2.3.1.2
  if (http_status >= 400 && http_status < 500 && http_status != 429) {  // §2.3.1.3
    return AllowAll();
  }
  return DisallowAll();  // §2.3.1.4: 429, 5xx, network error (0) and nonsense statuses
}

RobotsTxt RobotsTxt::AllowAll() {
  RobotsTxt robots;
  robots.mode_ = Mode::kAllowAll;
  return robots;
}

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt robots;
  robots.mode_ = Mode::kDisallowAll;
  return robots;
}

std::vector<const RobotsTxt::Group*> RobotsTxt::SelectGroups(std::string_view agent) const {
  const std::string token = ToLower(ProductToken(agent));

  // RFC 9309 §2.2.1: the groups whose user-agent value equals the product token, all merged;
  // else the "*" groups. No prefix matching (see robots.h).
  auto names = [](const Group& group, std::string_view name) {
    return std::find(group.agents.begin(), group.agents.end(), name) != group.agents.end();
  };
  const bool specific = !token.empty() && std::any_of(groups_.begin(), groups_.end(),
                                                      [&](const Group& group) { return names(group, token); });
  const std::string_view wanted = specific ? std::string_view(token) : std::string_view("*");
  std::vector<const Group*> selected;
  for (const Group& group : groups_) {
    if (names(group, wanted)) selected.push_back(&group);
  }
  return selected;
}

bool RobotsTxt::IsAllowed(std::string_view agent, std::string_view url_or_path) const {
  const std::string path = MatchablePath(url_or_path);
  if (IsRobotsTxtPath(path)) return true;
  if (mode_ == Mode::kAllowAll) return true;
  if (mode_ == Mode::kDisallowAll) return false;

  // RFC 9309 §2.2.2: the most specific (longest) matching rule wins; Allow wins a tie.
  std::optional<std::size_t> longest_allow;
  std::optional<std::size_t> longest_disallow;
  for (const Group* group : SelectGroups(agent)) {
    for (const Rule& rule : group->rules) {
      std::optional<std::size_t>& longest = rule.allow ? longest_allow : longest_disallow;
      if (longest && *longest >= rule.pattern.size()) continue;  // cannot change the verdict
      if (Matches(path, rule.pattern)) longest = rule.pattern.size();
    }
  }
  if (!longest_disallow) return true;
  return longest_allow && *longest_allow >= *longest_disallow;
}

std::optional<double> RobotsTxt::CrawlDelay(std::string_view agent) const {
  if (mode_ != Mode::kRules) return std::nullopt;
  std::optional<double> delay;
  for (const Group* group : SelectGroups(agent)) {
    if (group->crawl_delay) delay = std::max(delay.value_or(0.0), *group->crawl_delay);
  }
  return delay;
}

}  // namespace pressoir::robots

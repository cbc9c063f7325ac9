// A site's extraction and crawl rules, compiled: what sites/<site>.yaml says, in the form the
// crawler and the extractors use. config/ builds these from YAML (and validates them);
// extractors/ and crawler/ only read them.
//
// Immutable after loading; safe to share between threads.
#ifndef PRESSOIR_EXTRACTORS_SITE_RULES_H_
#define PRESSOIR_EXTRACTORS_SITE_RULES_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extractors/regex.h"
#include "extractors/selector.h"

namespace pressoir::rules {

// Per-site overrides of the crawler's politeness settings (config/crawler.yaml).
struct FetchOverrides {
  std::optional<int> per_host_concurrency;
  std::optional<std::chrono::milliseconds> per_host_delay;
  std::optional<int> max_depth;
  std::optional<std::chrono::milliseconds> revisit_articles;
  std::optional<std::chrono::milliseconds> revisit_index;
  // Sent with every request to this site's hosts (robots.txt included) and to no other host:
  // request headers (name, value) and cookies (name, value), in file order. config/ checks
  // that names are HTTP tokens and that values hold no line breaks (nor ';' for cookies).
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> cookies;
};

struct SiteRules {
  std::string name;  // the site's name, used as the corpus sub-directory
  std::string file;  // the rule file it came from, for messages
  // SHA-256 (hex) of that file's bytes as they were loaded, "" for rules built in code: the
  // manifest's rule_sha256, so an article says which version of the rule cleaned it.
  std::string file_sha256;

  // Host names this rule applies to: "example.com" matches example.com and www.example.com;
  // "*.example.com" matches every subdomain and example.com itself.
  std::vector<std::string> domains;
  std::vector<std::string> start_urls;
  std::vector<std::string> feeds;

  // URL patterns (searched anywhere in the absolute URL). A page is an article when
  // `article_urls` is empty or one matches. A link is followed when it is on one of `domains`,
  // matches `follow` (or `follow` is empty) and matches no `never_follow`.
  std::vector<regex::Regex> article_urls;
  std::vector<regex::Regex> follow;
  std::vector<regex::Regex> never_follow;

  // Extraction. `body` selectors are tried in order; the first that finds text wins.
  std::vector<selector::Selector> body;
  std::vector<selector::Selector> remove;  // elements removed before serializing
  std::vector<selector::Selector> title;   // first non-empty match wins
  std::vector<selector::Selector> date;
  std::vector<selector::Selector> author;
  std::vector<selector::Selector> lede;     // standfirst, printed before the body
  std::vector<std::string> drop_lines;      // lines dropped when equal (whitespace-collapsed)
  std::vector<regex::Regex> drop_patterns;  // lines dropped when the pattern matches
  // The site's language (BCP 47 primary tag, "fr"): set for every article, instead of the
  // declared or detected one (language.h). Empty: not set.
  std::string language;
  // Whether the in-body cleaning (body_cleaner.h: captions, promotions, trailing lists of
  // linked headlines) runs on the rule's body too, as on the generic extractor's.
  bool clean = true;

  FetchOverrides fetch;

  bool MatchesHost(std::string_view host) const;
  bool IsArticleUrl(std::string_view url) const;
  bool ShouldFollow(std::string_view url) const;
};

// The rule whose domains match `host` (the longest domain wins; on a tie a plain domain
// beats a wildcard), or null.
const SiteRules* FindRulesForHost(const std::vector<SiteRules>& all, std::string_view host);

}  // namespace pressoir::rules

#endif  // PRESSOIR_EXTRACTORS_SITE_RULES_H_

// Matching of host names and URLs against a site's rules (see site_rules.h).
#include "extractors/site_rules.h"

#include <algorithm>

#include "base/ascii.h"

namespace pressoir::rules {
namespace {

// Length of `domain` when it matches `host`, else 0. "www." is optional on plain domains, as in
// FiveFilters' convention; "*.d" matches d and every subdomain of d.
size_t DomainMatchLength(std::string_view domain, std::string_view host) {
  bool wildcard = domain.starts_with("*.");
  if (wildcard) domain.remove_prefix(2);
  if (host == domain) return domain.size();
  if (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.') {
    std::string_view prefix = host.substr(0, host.size() - domain.size() - 1);
    if (wildcard || prefix == "www") return domain.size();
  }
  return 0;
}

bool AnyMatches(const std::vector<regex::Regex>& patterns, std::string_view url) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const regex::Regex& pattern) { return pattern.Search(url); });
}

}  // namespace

bool SiteRules::MatchesHost(std::string_view host) const {
  std::string lower = ascii::ToLower(host);
  return std::any_of(domains.begin(), domains.end(),
                     [&](const std::string& domain) { return DomainMatchLength(domain, lower) > 0; });
}

bool SiteRules::IsArticleUrl(std::string_view url) const {
  return article_urls.empty() || AnyMatches(article_urls, url);
}

bool SiteRules::ShouldFollow(std::string_view url) const {
  if (AnyMatches(never_follow, url)) return false;
  return follow.empty() || AnyMatches(follow, url);
}

const SiteRules* FindRulesForHost(const std::vector<SiteRules>& all, std::string_view host) {
  std::string lower = ascii::ToLower(host);
  const SiteRules* best = nullptr;
  size_t best_length = 0;
  bool best_is_wildcard = false;
  for (const SiteRules& rules : all) {
    for (const std::string& domain : rules.domains) {
      size_t length = DomainMatchLength(domain, lower);
      bool wildcard = domain.starts_with("*.");
      // Longest domain wins; on a tie a plain domain beats a wildcard (FiveFilters' order).
      bool better = length > best_length || (length == best_length && length > 0 && best_is_wildcard && !wildcard);
      if (better) {
        best = &rules;
        best_length = length;
        best_is_wildcard = wildcard;
      }
    }
  }
  return best;
}

}  // namespace pressoir::rules

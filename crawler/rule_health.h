// Rule health (issue 17, item 4): a site redesign silently breaks a rule's body selectors,
// and every page falls back to the generic extractor. Each run counts, per rule with body
// selectors, its pages, article pages, hits per body selector, fallbacks, blocked pages and
// the median body length (RuleTally), then compares them with the rule's earlier runs in
// runs.jsonl (Assess): a rule that looks rotten gets one stderr line, which cron mails.
//
// Not thread-safe: the crawl tallies on its io thread.
#ifndef PRESSOIR_CRAWLER_RULE_HEALTH_H_
#define PRESSOIR_CRAWLER_RULE_HEALTH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "store/run_log.h"

namespace pressoir::crawl {

// Fewer article pages than this in a run say nothing about a rule: a quiet day on a site,
// or a run stopped early, must not page anyone.
inline constexpr int64_t kHealthMinArticlePages = 5;
// A rule is rotten when its body selectors find fewer than this share of the article pages
// (a redesign renames the container: the share drops from ~100% to ~0%, not by a few points).
inline constexpr double kHealthMinBodyMatchShare = 0.5;
// ... or when the median body length falls below this share of the earlier runs' median (the
// selector still matches, but now a teaser box or an empty shell instead of the article).
inline constexpr double kHealthMinMedianShare = 0.5;
// How many earlier runs (that had enough article pages of the rule) make up its history.
inline constexpr size_t kHealthHistoryRuns = 10;
// Bodies whose length a run keeps per rule for the median: beyond it the median is that of
// the first pages, and memory stays bounded however long the run.
inline constexpr size_t kHealthMaxLengthSamples = 100000;

// What one page of a rule's site says about the rule.
struct RulePage {
  bool blocked = false;          // a consent wall, challenge, paywall stub or error page
  bool article_page = false;     // by the rule's article_urls, else by the page type
  bool body_matched = false;     // a body selector of the rule found the text
  std::string matched_selector;  // which one
  size_t body_chars = 0;         // the extracted body's length
};

// The counts of one rule in one run.
class RuleTally {
 public:
  void Add(const RulePage& page);
  // The counts, with the median body length; `problem` is left empty (Assess decides it).
  corpus::RuleHealth Health(const std::string& rule_file) const;

 private:
  corpus::RuleHealth counts_;
  std::vector<uint32_t> lengths_;
};

// Why `now` (the rule of `site` in this run) looks rotten, given the earlier runs (oldest
// first; runs.jsonl's order), or "" when it looks healthy or the run had fewer than
// kHealthMinArticlePages article pages of the site. Both signals may be reported, joined by
// "; ". E.g. "body selectors matched 3 of 41 article pages (98% over the last 10 runs); 38
// fell back to generic extraction".
std::string Assess(const std::string& site, const corpus::RuleHealth& now,
                   const std::vector<corpus::RunRecord>& earlier);

// The stderr line: "rule lesoir (sites/lesoir.yaml): " + the problem.
std::string RuleHealthLine(const std::string& site, const corpus::RuleHealth& health);

}  // namespace pressoir::crawl

#endif  // PRESSOIR_CRAWLER_RULE_HEALTH_H_

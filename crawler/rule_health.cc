// Rule health (see rule_health.h).
#include "crawler/rule_health.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace pressoir::crawl {
namespace {

int64_t Median(std::vector<int64_t> values) {
  if (values.empty()) return 0;
  size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  return values[middle];
}

}  // namespace

void RuleTally::Add(const RulePage& page) {
  counts_.pages++;
  if (page.blocked) {
    counts_.blocked++;
    return;
  }
  if (!page.article_page) return;
  counts_.article_pages++;
  if (page.body_matched) {
    counts_.body_matched++;
    counts_.selector_hits[page.matched_selector]++;
  } else {
    counts_.fallbacks++;
  }
  if (lengths_.size() < kHealthMaxLengthSamples) {
    lengths_.push_back(static_cast<uint32_t>(std::min<size_t>(page.body_chars, std::numeric_limits<uint32_t>::max())));
  }
}

corpus::RuleHealth RuleTally::Health(const std::string& rule_file) const {
  corpus::RuleHealth health = counts_;
  health.rule_file = rule_file;
  health.median_body_chars = Median(std::vector<int64_t>(lengths_.begin(), lengths_.end()));
  return health;
}

std::string Assess(const std::string& site, const corpus::RuleHealth& now,
                   const std::vector<corpus::RunRecord>& earlier) {
  if (now.article_pages < kHealthMinArticlePages) return "";
  // The history: the last kHealthHistoryRuns earlier runs in which the rule had enough
  // article pages to say something.
  int64_t history_pages = 0, history_matched = 0;
  std::vector<int64_t> history_medians;
  size_t runs = 0;
  for (auto run = earlier.rbegin(); run != earlier.rend() && runs < kHealthHistoryRuns; ++run) {
    auto found = run->rule_health.find(site);
    if (found == run->rule_health.end() || found->second.article_pages < kHealthMinArticlePages) continue;
    runs++;
    history_pages += found->second.article_pages;
    history_matched += found->second.body_matched;
    history_medians.push_back(found->second.median_body_chars);
  }
  std::string problem;
  if (static_cast<double>(now.body_matched) < kHealthMinBodyMatchShare * static_cast<double>(now.article_pages)) {
    problem = "body selectors matched " + std::to_string(now.body_matched) + " of " +
              std::to_string(now.article_pages) + " article pages (";
    if (runs == 0) {
      problem += "no earlier runs";
    } else {
      long percent = std::lround(100.0 * static_cast<double>(history_matched) / static_cast<double>(history_pages));
      problem += std::to_string(percent) + "% over the last " + std::to_string(runs) + (runs == 1 ? " run" : " runs");
    }
    problem += "); " + std::to_string(now.fallbacks) + " fell back to generic extraction";
  }
  int64_t before = Median(history_medians);
  if (runs > 0 && static_cast<double>(now.median_body_chars) < kHealthMinMedianShare * static_cast<double>(before)) {
    if (!problem.empty()) problem += "; ";
    problem += "median body length " + std::to_string(now.median_body_chars) + " characters, below half of " +
               std::to_string(before) + " over the last " + std::to_string(runs) + (runs == 1 ? " run" : " runs");
  }
  return problem;
}

std::string RuleHealthLine(const std::string& site, const corpus::RuleHealth& health) {
  return "rule " + site + " (" + health.rule_file + "): " + health.problem;
}

}  // namespace pressoir::crawl

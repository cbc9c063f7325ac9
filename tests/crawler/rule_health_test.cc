// Rule health (issue 17, item 4): the counts of a run and the decision that a rule is rotten
// (crawler/rule_health.h), without a crawl.
#include "crawler/rule_health.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using pressoir::corpus::RuleHealth;
using pressoir::corpus::RunRecord;
using pressoir::crawl::Assess;
using pressoir::crawl::RulePage;
using pressoir::crawl::RuleTally;

RuleHealth Counts(int64_t article_pages, int64_t matched, int64_t median) {
  RuleHealth health;
  health.rule_file = "sites/lesoir.yaml";
  health.pages = article_pages + 3;
  health.article_pages = article_pages;
  health.body_matched = matched;
  health.fallbacks = article_pages - matched;
  health.median_body_chars = median;
  return health;
}

RunRecord RunWith(const std::string& site, const RuleHealth& health) {
  RunRecord run;
  run.rule_health[site] = health;
  return run;
}

}  // namespace

TEST_CASE("a rule tally counts article pages, selector hits, fallbacks, blocked pages and the median length",
          "[crawler][rule_health]") {
  RuleTally tally;
  tally.Add({false, true, true, "article .body", 1000});
  tally.Add({false, true, true, "article .body", 3000});
  tally.Add({false, true, true, ".story", 2000});
  tally.Add({false, true, false, "", 50});
  tally.Add({false, false, false, "", 400});  // an index page
  tally.Add({true, false, false, "", 0});     // a consent wall
  RuleHealth health = tally.Health("sites/x.yaml");
  CHECK(health.rule_file == "sites/x.yaml");
  CHECK(health.pages == 6);
  CHECK(health.article_pages == 4);
  CHECK(health.body_matched == 3);
  CHECK(health.fallbacks == 1);
  CHECK(health.blocked == 1);
  CHECK(health.selector_hits.at("article .body") == 2);
  CHECK(health.selector_hits.at(".story") == 1);
  CHECK(health.median_body_chars == 2000);  // of 50, 1000, 2000, 3000: the upper middle
  CHECK(health.problem.empty());
}

TEST_CASE("a rule whose body selectors miss most article pages is rotten", "[crawler][rule_health]") {
  std::vector<RunRecord> earlier;
  for (int i = 0; i < 12; ++i) earlier.push_back(RunWith("lesoir", Counts(50, 49, 2400)));
  std::string problem = Assess("lesoir", Counts(41, 3, 2300), earlier);
  CHECK(problem ==
        "body selectors matched 3 of 41 article pages (98% over the last 10 runs); 38 fell back to generic "
        "extraction");
  RuleHealth health = Counts(41, 3, 2300);
  health.problem = problem;
  CHECK(pressoir::crawl::RuleHealthLine("lesoir", health) == "rule lesoir (sites/lesoir.yaml): " + problem);

  // Without history the counts alone decide.
  CHECK(Assess("lesoir", Counts(10, 4, 2300), {}) ==
        "body selectors matched 4 of 10 article pages (no earlier runs); 6 fell back to generic extraction");
  // Half is enough: the threshold is "fewer than half".
  CHECK(Assess("lesoir", Counts(10, 5, 2300), earlier).empty());
  // Another site's history is not this one's.
  CHECK(Assess("other", Counts(10, 2, 2300), earlier).find("no earlier runs") != std::string::npos);
}

TEST_CASE("a rule whose median body length halves is rotten", "[crawler][rule_health]") {
  std::vector<RunRecord> earlier = {RunWith("lesoir", Counts(20, 20, 2000)), RunWith("lesoir", Counts(20, 20, 2400)),
                                    RunWith("lesoir", Counts(20, 20, 2200))};
  CHECK(Assess("lesoir", Counts(20, 20, 1100), earlier).empty());  // exactly half of the median 2200
  CHECK(Assess("lesoir", Counts(20, 20, 1099), earlier) ==
        "median body length 1099 characters, below half of 2200 over the last 3 runs");
  // Both signals at once.
  CHECK(Assess("lesoir", Counts(20, 2, 300), earlier) ==
        "body selectors matched 2 of 20 article pages (100% over the last 3 runs); 18 fell back to generic "
        "extraction; median body length 300 characters, below half of 2200 over the last 3 runs");
  // No history: no length to compare with.
  CHECK(Assess("lesoir", Counts(20, 20, 10), {}).empty());
}

TEST_CASE("too few article pages say nothing about a rule", "[crawler][rule_health]") {
  std::vector<RunRecord> earlier = {RunWith("lesoir", Counts(20, 20, 2000))};
  CHECK(Assess("lesoir", Counts(4, 0, 10), earlier).empty());
  CHECK(!Assess("lesoir", Counts(5, 0, 10), earlier).empty());
  // Earlier runs with too few article pages are not history: the percentage and the median
  // come from the runs that had enough.
  earlier.push_back(RunWith("lesoir", Counts(3, 0, 10)));
  CHECK(Assess("lesoir", Counts(10, 2, 1500), earlier) ==
        "body selectors matched 2 of 10 article pages (100% over the last 1 run); 8 fell back to generic extraction");
}

// `pressoir rules test NAME` (issue 17, item 3): a crawl with the raw archive, then the rule
// edited, and the command tells what the edit does to the site's archived pages, writing
// nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "tests/support/archived_crawl.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;

const std::string kRule = pressoir::testing::E2eRule();
const std::string kConseil = "/actualite/conseil-communal.html";
const std::string kAlep = "/actualite/alep-treve.html";

struct CrawledSite : pressoir::testing::ArchivedCrawl {
  // Replaces `from` (which must be in the rule) with `to` in the rule file.
  void EditRule(const std::string& from, const std::string& to) {
    std::string rule = kRule;
    REQUIRE(rule.find(from) != std::string::npos);
    rule.replace(rule.find(from), from.size(), to);
    WriteFile(sites + "/e2e-news.yaml", rule);
  }

  pressoir::testing::CommandResult Test() {
    return RunCommand({PRESSOIR_BINARY, "rules", "test", "e2e-news", "--config", config, "--sites", sites, "--corpus",
                       corpus, "--archive", archive});
  }
};

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("rules test with the crawl's rule finds every article as it is", "[cli][rules_test]") {
  CrawledSite site;
  auto result = site.Test();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "pages: 4\n"));  // the home page, the section page and two articles
  CHECK(Has(result.out, "articles: 2\n"));
  CHECK(Has(result.out, "body selector div.article-main: 0 of 2 articles\n"));
  CHECK(Has(result.out, "body selector div.article-body: 2 of 2 articles\n"));
  CHECK(Has(result.out, "fallbacks to the generic extractor: 0 of 2 articles\n"));
  CHECK(Has(result.out, "text would change: 0 of 2 articles in the corpus\n"));
  CHECK(Has(result.out, "articles lost: 0\n"));
  CHECK_FALSE(Has(result.out, "--- "));
}

// A remove selector that changes one article's text: counted, and its diff shows the line.
TEST_CASE("rules test shows the articles a remove selector changes", "[cli][rules_test]") {
  CrawledSite site;
  const std::string manifest = ReadFileOrEmpty(site.corpus + "/manifest.jsonl");
  site.EditRule("remove: [", "remove: [\"p.lede\", ");
  auto result = site.Test();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK(Has(result.out, "articles: 2\n"));
  CHECK(Has(result.out, "text would change: 1 of 2 articles in the corpus\n"));
  CHECK(Has(result.out, "--- " + site.Url(kConseil) + "\n  - Après trois heures de débat"));
  CHECK_FALSE(Has(result.out, "--- " + site.Url(kAlep)));
  CHECK_FALSE(Has(result.out, "\n  + "));  // a line went, none came
  // Nothing is written: the corpus is the crawl's.
  CHECK(ReadFileOrEmpty(site.corpus + "/manifest.jsonl") == manifest);
}

// A redesign: the body selectors match nothing, every article falls back to the generic
// extractor, which the figures say.
TEST_CASE("rules test counts the fallbacks of a body selector that no longer matches", "[cli][rules_test]") {
  CrawledSite site;
  site.EditRule("\"div.article-body\"", "\"div.corps-article\"");
  auto result = site.Test();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(Has(result.out, "body selector div.corps-article: 0 of 2 articles\n"));
  CHECK(Has(result.out, "body selector div.article-main: 0 of 2 articles\n"));
  CHECK(Has(result.out, "fallbacks to the generic extractor: 2 of 2 articles\n"));
  CHECK(result.exit_code == 0);  // the pages still have a body, from the generic extractor
}

// A page that had an article and would have none: exit 1, the page named.
TEST_CASE("rules test fails when a page would lose its article", "[cli][rules_test]") {
  CrawledSite site;
  site.EditRule("[a-z-]+", "conseil-communal");
  auto result = site.Test();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK(Has(result.out, "articles: 1\n"));
  CHECK(Has(result.out, "articles lost: 1\n"));
  CHECK(Has(result.err, "error: " + site.Url(kAlep) + ": has an article in the corpus, none now\n"));
  CHECK(fs::exists(site.corpus + "/manifest.jsonl"));
}

TEST_CASE("rules test rejects an unknown rule name", "[cli][rules_test]") {
  CrawledSite site;
  auto result = RunCommand({PRESSOIR_BINARY, "rules", "test", "nope", "--config", site.config, "--sites", site.sites,
                            "--corpus", site.corpus, "--archive", site.archive});
  CHECK(result.exit_code == 2);
  CHECK(Has(result.err, "error: no rule named 'nope' in " + site.sites + "\n"));
}

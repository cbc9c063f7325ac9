// Site-level boilerplate learning in a crawl (issue 5, item 2): a line repeated on every
// article of a site without a rule is learned after a few pages and removed, and what was
// learned persists in the crawl state for the next run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "crawler/state.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

constexpr int kArticles = 8;

std::string ArticlePage(int n) {
  std::string body;
  for (int paragraph = 0; paragraph < 4; ++paragraph) {
    body += "<p>Article " + std::to_string(n) + ", paragraphe " + std::to_string(paragraph) +
            " : le conseil de la ville numéro " + std::to_string(n * 7 + paragraph) +
            " a débattu longuement du budget, des écoles et de la voirie, avant de voter tard dans la nuit.</p>";
  }
  return "<html><head><title>Article " + std::to_string(n) +
         "</title><meta property=\"og:type\" content=\"article\"></head><body><article><h1>Article " +
         std::to_string(n) + "</h1>" + body +
         "<p>Écoutez Radio Test en direct, toute la journée</p></article></body></html>";
}

}  // namespace

TEST_CASE("boilerplate repeated across a site's articles is learned and removed", "[crawler][e2e]") {
  FixtureServer server;
  std::string index = "<html><body><h1>Une</h1><ul>";
  for (int n = 0; n < kArticles; ++n) {
    std::string path = "/article-" + std::to_string(n) + ".html";
    index += "<li><a href=\"" + path + "\">Article " + std::to_string(n) + "</a></li>";
    server.Route(path, pressoir::testing::Html(ArticlePage(n)));
  }
  server.Route("/", pressoir::testing::Html(index + "</ul></body></html>"));
  TempDir dir;
  WriteFile(dir.path() + "/crawler.yaml", "per_host_delay: 0\nmax_depth: 1\nretries: 0\n");
  WriteFile(dir.path() + "/sites/.keep", "");
  auto result = RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", dir.path() + "/crawler.yaml",
                            "--sites", dir.path() + "/sites", "--corpus", dir.path() + "/corpus", "--state",
                            dir.path() + "/state", "--start", server.Url("/")});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);

  int with_line = 0;
  int articles = 0;
  std::istringstream manifest(ReadFileOrEmpty(dir.path() + "/corpus/manifest.jsonl"));
  for (std::string line; std::getline(manifest, line);) {
    auto entry = nlohmann::json::parse(line);
    std::string text = ReadFileOrEmpty(dir.path() + "/corpus/" + entry["path"].get<std::string>());
    CHECK(text.find("paragraphe 3") != std::string::npos);  // article text is never learned
    if (text.find("Radio Test") != std::string::npos) ++with_line;
    ++articles;
  }
  CHECK(articles == kArticles);
  // The first articles of a site cannot be filtered yet; from the third on the line is gone.
  CHECK(with_line <= 2);

  // The learned fingerprints are in the state for the next run.
  pressoir::state::CrawlState state(dir.path() + "/state");
  CHECK_FALSE(state.GetPrefixed("boilerplate:").empty());
}

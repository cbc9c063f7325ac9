// Rule health in a crawl (issue 17, item 4): the real `pressoir crawl` against a fixture
// server on 127.0.0.1 whose article pages do, or no longer do, match the rule's body selector.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::FixtureServer;
using pressoir::testing::Html;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;

constexpr int kArticles = 6;

std::vector<nlohmann::json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::json> entries;
  std::istringstream lines(ReadFileOrEmpty(path));
  for (std::string line; std::getline(lines, line);) entries.push_back(nlohmann::json::parse(line));
  return entries;
}

// An article page whose text sits in <div class="CLASS">.
std::string ArticlePage(int number, const std::string& body_class) {
  std::string paragraphs;
  for (int i = 0; i < 6; ++i) {
    paragraphs += "<p>Le conseil communal a examiné le projet numéro " + std::to_string(number) +
                  " pendant plus de trois heures, et les riverains venus nombreux ont posé des questions "
                  "précises sur le calendrier des travaux, le coût total et les nuisances attendues. (" +
                  std::to_string(i) + ")</p>";
  }
  return "<html><head><title>Projet " + std::to_string(number) +
         "</title><meta property=\"og:type\" content=\"article\"></head><body><nav><a href=\"/\">Accueil</a></nav>"
         "<article><h1>Projet " +
         std::to_string(number) + "</h1><div class=\"" + body_class + "\">" + paragraphs +
         "</div></article></body></html>";
}

struct Site : pressoir::testing::CrawlDirs {
  FixtureServer server;

  // The rule finds the body in div.article-body; the site serves it in `body_class`.
  explicit Site(const std::string& body_class) {
    WriteFile(config,
              "user_agent: pressoir\n"
              "contact_url: https://example.org/contact\n"
              "rule_start_urls: false\n"
              "per_host_delay: 0ms\n"
              "timeout: 10s\n"
              "retries: 0\n");
    WriteFile(sites + "/quotidien.yaml",
              "name: quotidien\n"
              "domains: [quotidien.test]\n"
              "article_urls: ['/article/']\n"
              "body: ['div.article-body']\n");
    std::string links;
    for (int i = 1; i <= kArticles; ++i) {
      std::string path = "/article/" + std::to_string(i);
      links += "<li><a href=\"" + path + "\">Un titre d'article assez long pour un lien</a></li>";
      server.RouteHost("quotidien.test", path, Html(ArticlePage(i, body_class)));
    }
    server.RouteHost("quotidien.test", "/", Html("<html><body><ul>" + links + "</ul></body></html>"));
    server.RouteHost("quotidien.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nAllow: /\n"));
  }

  pressoir::testing::CommandResult Crawl() {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", config, "--sites", sites, "--corpus",
                       corpus, "--state", state, "--resolve", server.ResolveEntry("quotidien.test"), "--start",
                       server.UrlFor("quotidien.test", "/")});
  }
};

}  // namespace

TEST_CASE("a crawl whose pages still match the rule's body selector reports a healthy rule",
          "[crawler][e2e][rule_health]") {
  Site site("article-body");
  auto result = site.Crawl();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("rule quotidien") == std::string::npos);
  CHECK(result.out.find("rules failing") == std::string::npos);

  std::vector<nlohmann::json> runs = ReadJsonLines(site.corpus + "/runs.jsonl");
  REQUIRE(runs.size() == 1);
  const nlohmann::json& health = runs[0]["rule_health"]["quotidien"];
  CHECK(health["pages"] == kArticles + 1);  // the front page too
  CHECK(health["article_pages"] == kArticles);
  CHECK(health["body_matched"] == kArticles);
  CHECK(health["selector_hits"]["div.article-body"] == kArticles);
  CHECK(health["fallbacks"] == 0);
  CHECK(health["median_body_chars"].get<int>() > 1000);
  CHECK(health["problem"] == "");
  CHECK(runs[0]["unhealthy_rules"] == 0);

  auto stats = RunCommand({PRESSOIR_BINARY, "stats", "--corpus", site.corpus});
  INFO("stats: " << stats.out);
  CHECK(stats.exit_code == 0);
  CHECK(stats.out.find("rule health") != std::string::npos);
  CHECK(stats.out.find("quotidien      7         6        6          0        0") != std::string::npos);
  CHECK(stats.out.find("  ok\n") != std::string::npos);
}

// The site was redesigned: its articles now sit in div.story-text. An earlier run (written
// into runs.jsonl as a crawl would have) found 39 of 40 with the selector.
TEST_CASE("a crawl whose pages no longer match the rule's body selector says so on stderr, in runs.jsonl and stats",
          "[crawler][e2e][rule_health]") {
  Site site("story-text");
  WriteFile(site.corpus + "/runs.jsonl",
            R"({"pages_fetched":45,"rule_health":{"quotidien":{"rule_file":"x","pages":45,"article_pages":40,)"
            R"("body_matched":39,"fallbacks":1,"median_body_chars":2000,"problem":""}}})"
            "\n");
  auto result = site.Crawl();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  const std::string line = "rule quotidien (" + site.sites +
                           "/quotidien.yaml): body selectors matched 0 of 6 article pages (98% over the last 1 "
                           "run); 6 fell back to generic extraction\n";
  CHECK(result.err.find(line) != std::string::npos);
  CHECK(result.out.find("rules failing: 1") != std::string::npos);

  std::vector<nlohmann::json> runs = ReadJsonLines(site.corpus + "/runs.jsonl");
  REQUIRE(runs.size() == 2);
  const nlohmann::json& health = runs[1]["rule_health"]["quotidien"];
  CHECK(health["article_pages"] == kArticles);
  CHECK(health["body_matched"] == 0);
  CHECK(health["fallbacks"] == kArticles);
  CHECK(health["problem"].get<std::string>().find("body selectors matched 0 of 6") == 0);
  CHECK(runs[1]["unhealthy_rules"] == 1);

  auto stats = RunCommand({PRESSOIR_BINARY, "stats", "--corpus", site.corpus});
  INFO("stats: " << stats.out);
  CHECK(stats.exit_code == 0);
  CHECK(stats.out.find("quotidien      7         6        0          6        0") != std::string::npos);
  CHECK(stats.out.find("FAILING: body selectors matched 0 of 6 article pages") != std::string::npos);
  CHECK(stats.out.find("1 rule failing (quotidien)") != std::string::npos);
}

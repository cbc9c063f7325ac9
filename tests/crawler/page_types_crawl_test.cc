// Page types in a crawl (issue 14, part 1): only articles land in the corpus; consent walls,
// challenges, paywall stubs and error pages are counted per site and reason (summary,
// runs.jsonl, stats, one stderr line each); a rule's fetch headers and cookies reach its own
// hosts only. The real `pressoir crawl` against fixture servers on 127.0.0.1.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/news_site.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::FixtureServer;
using pressoir::testing::Html;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;

const std::string kPageTypes = PRESSOIR_SOURCE_DIR "/tests/fixtures/page-types";

std::vector<nlohmann::json> ReadJsonLines(const std::string& path) {
  std::vector<nlohmann::json> entries;
  std::istringstream lines(ReadFileOrEmpty(path));
  for (std::string line; std::getline(lines, line);) entries.push_back(nlohmann::json::parse(line));
  return entries;
}

std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

struct Site : pressoir::testing::CrawlDirs {
  FixtureServer server;

  Site() {
    WriteFile(config,
              "user_agent: pressoir\n"
              "contact_url: https://example.org/contact\n"
              "rule_start_urls: false\n"
              "per_host_delay: 0ms\n"
              "max_depth: 4\n"
              "timeout: 10s\n"
              "retries: 0\n");
    WriteFile(sites + "/.keep", "");
  }

  pressoir::testing::CommandResult Crawl(const std::vector<std::string>& hosts) {
    std::vector<std::string> argv = {PRESSOIR_BINARY, "crawl", "--archive", "",     "--config", config,
                                     "--sites",       sites,   "--corpus",  corpus, "--state",  state};
    for (const std::string& host : hosts) {
      argv.push_back("--resolve");
      argv.push_back(server.ResolveEntry(host));
      argv.push_back("--start");
      argv.push_back(server.UrlFor(host, "/"));
    }
    return RunCommand(argv);
  }
};

}  // namespace

// The generated site's home page links to section fronts, archives, tag, author and search
// pages, which link to the articles: without a rule, only the articles are written (the issue:
// every section front reached through a link was written as an article before).
TEST_CASE("a crawl without a rule writes the articles of a news site and none of its listings",
          "[crawler][e2e][page_type]") {
  Site site;
  pressoir::testing::NewsSiteOptions options;
  options.seed = 11;
  std::set<std::string> articles, listings;
  for (pressoir::testing::GeneratedPage& page : pressoir::testing::GenerateNewsSite(options)) {
    (page.is_article ? articles : listings).insert(page.path);
    site.server.RouteHost("news.test", page.path, Html(std::move(page.html)));
  }
  REQUIRE(listings.size() >= 10);
  site.server.RouteHost("news.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nAllow: /\n"));
  auto result = site.Crawl({"news.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);

  std::set<std::string> written;
  for (const nlohmann::json& entry : ReadJsonLines(site.corpus + "/manifest.jsonl")) {
    written.insert(PathOf(entry["url"].get<std::string>()));
    CHECK(entry["page_type"] == "article");
    CHECK(entry["confidence"].get<double>() > 0);
    CHECK(entry["confidence"].get<double>() <= 1);
  }
  for (const std::string& listing : listings) {
    INFO(listing);
    CHECK(written.count(listing) == 0);
  }
  CHECK(written == articles);
  // Every listing was fetched (the articles were reached through them).
  for (const std::string& listing : listings) {
    bool fetched = false;
    for (const auto& request : site.server.RequestsFor("news.test")) fetched = fetched || request.path == listing;
    INFO(listing);
    CHECK(fetched);
  }
}

// A rule calls every /article/ page an article; the site serves a consent wall, a paywall
// stub and a soft 404 for three of them. Those are not written, whatever the rule says; they
// are counted per site and reason in the summary, runs.jsonl and `pressoir stats`, with one
// stderr line per site and reason, and the run exits 1 (README, "What cron sees").
TEST_CASE("blocked pages are not written and are reported per site and reason", "[crawler][e2e][page_type]") {
  Site site;
  WriteFile(site.sites + "/walls.yaml",
            "name: walls\n"
            "domains: [walls.test]\n"
            "article_urls: ['/article/']\n");
  std::string links;
  for (const char* path : {"/article/1", "/article/2", "/article/3", "/article/4", "/article/5"}) {
    links += std::string("<li><a href=\"") + path + "\">Un titre d'article assez long pour un lien</a></li>";
  }
  site.server.RouteHost("walls.test", "/", Html("<html><body><ul>" + links + "</ul></body></html>"));
  site.server.RouteHost("walls.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nAllow: /\n"));
  site.server.RouteHost("walls.test", "/article/1", Html(ReadFileOrEmpty(kPageTypes + "/consent/didomi-fr-gate.html")));
  site.server.RouteHost("walls.test", "/article/2",
                        Html(ReadFileOrEmpty(kPageTypes + "/consent/onetrust-en-wall.html")));
  site.server.RouteHost("walls.test", "/article/3",
                        Html(ReadFileOrEmpty(kPageTypes + "/paywall/fr-reserve-abonnes.html")));
  site.server.RouteHost("walls.test", "/article/4",
                        Html(ReadFileOrEmpty(kPageTypes + "/error/fr-page-introuvable.html")));
  site.server.RouteHost(
      "walls.test", "/article/5",
      Html(ReadFileOrEmpty(PRESSOIR_SOURCE_DIR "/tests/fixtures/lemonde/2015-loi-renseignement.html")));
  auto result = site.Crawl({"walls.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("blocked: 4") != std::string::npos);
  CHECK(result.err.find("walls: 2 pages were a consent wall\n") != std::string::npos);
  CHECK(result.err.find("walls: 1 page was a paywall stub\n") != std::string::npos);
  CHECK(result.err.find("walls: 1 page was an error page\n") != std::string::npos);

  std::vector<nlohmann::json> manifest = ReadJsonLines(site.corpus + "/manifest.jsonl");
  REQUIRE(manifest.size() == 1);
  CHECK(PathOf(manifest[0]["url"]) == "/article/5");

  std::vector<nlohmann::json> runs = ReadJsonLines(site.corpus + "/runs.jsonl");
  REQUIRE(runs.size() == 1);
  CHECK(runs[0]["blocked"] == 4);
  CHECK(runs[0]["blocked_by_site"]["walls"]["consent"] == 2);
  CHECK(runs[0]["blocked_by_site"]["walls"]["paywall"] == 1);
  CHECK(runs[0]["blocked_by_site"]["walls"]["error"] == 1);

  auto stats = RunCommand({PRESSOIR_BINARY, "stats", "--corpus", site.corpus});
  INFO("stats: " << stats.out);
  CHECK(stats.exit_code == 0);
  CHECK(stats.out.find("blocked pages per site") != std::string::npos);
  CHECK(stats.out.find("walls  consent") != std::string::npos);
  CHECK(stats.out.find("4 blocked (walls consent 2, walls error 1, walls paywall 1)") != std::string::npos);
}

// fetch.headers and fetch.cookies of a rule are sent to its hosts (robots.txt included) and
// never to another site crawled in the same run.
TEST_CASE("a rule's request headers and cookies reach its own hosts only", "[crawler][e2e][config]") {
  Site site;
  WriteFile(site.sites + "/walled.yaml",
            "name: walled\n"
            "domains: [walled.test]\n"
            "fetch:\n"
            "  headers: {Accept-Language: fr-BE, X-Pressoir-Test: 'yes please'}\n"
            "  cookies: {euconsent-v2: CPabc123, didomi_token: eyJ0b2tlbiI6MX0}\n");
  for (const char* host : {"walled.test", "other.test"}) {
    site.server.RouteHost(host, "/", Html("<html><body><a href=\"/next\">next</a></body></html>"));
    site.server.RouteHost(host, "/next", Html("<html><body><p>Rien.</p></body></html>"));
  }
  auto result = site.Crawl({"walled.test", "other.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  std::vector<pressoir::testing::RecordedRequest> walled = site.server.RequestsFor("walled.test");
  std::vector<pressoir::testing::RecordedRequest> other = site.server.RequestsFor("other.test");
  REQUIRE(walled.size() >= 3);  // robots.txt, /, /next
  REQUIRE(other.size() >= 3);
  for (const auto& request : walled) {
    INFO(request.path);
    CHECK(request.Header("X-Pressoir-Test") == "yes please");
    CHECK(request.Header("Accept-Language") == "fr-BE");
    CHECK(request.Header("Cookie") == "euconsent-v2=CPabc123; didomi_token=eyJ0b2tlbiI6MX0");
  }
  for (const auto& request : other) {
    INFO(request.path);
    CHECK(request.Header("X-Pressoir-Test").empty());
    CHECK(request.Header("Cookie").empty());
    CHECK(request.Header("Accept-Language").empty());
  }
}

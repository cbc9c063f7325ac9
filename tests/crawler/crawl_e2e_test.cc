// End to end: a fixture site on 127.0.0.1, the real `pressoir crawl` executable, and the
// corpus it writes compared with expected texts (tests/fixtures/e2e).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>

#include "crawler/state.h"
#include "store/corpus.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

const std::string kFixtures = PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e";

std::vector<nlohmann::json> ReadManifest(const std::string& corpus) {
  std::vector<nlohmann::json> entries;
  std::istringstream lines(ReadFileOrEmpty(corpus + "/manifest.jsonl"));
  for (std::string line; std::getline(lines, line);) entries.push_back(nlohmann::json::parse(line));
  return entries;
}

struct E2eSite : pressoir::testing::CrawlDirs {
  FixtureServer server;

  E2eSite() {
    server.ServeDirectory(kFixtures + "/site");
    WriteFile(sites + "/e2e-news.yaml", ReadFileOrEmpty(kFixtures + "/rules/e2e-news.yaml"));
    WriteFile(config,
              "user_agent: pressoir\n"
              "contact_url: https://example.org/contact\n"
              "rule_start_urls: false\n"
              "per_host_delay: 100ms\n"
              "max_depth: 2\n"
              "timeout: 10s\n"
              "retries: 0\n");
  }

  pressoir::testing::CommandResult Crawl(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {PRESSOIR_BINARY, "crawl",
                                     "--archive",     "",
                                     "--config",      config,
                                     "--sites",       sites,
                                     "--corpus",      corpus,
                                     "--state",       dir.path() + "/state",
                                     "--resolve",     server.ResolveEntry("news.test"),
                                     "--start",       server.UrlFor("news.test", "/")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv);
  }
};

}  // namespace

// The main job: start URL -> links followed within the site -> rule applied -> one clean
// text file per article, with its manifest line (issue 2, item 5).
TEST_CASE("crawl writes each article's clean text and a manifest line", "[crawler][e2e]") {
  E2eSite site;
  auto result = site.Crawl();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("articles written: 2") != std::string::npos);

  std::vector<nlohmann::json> manifest = ReadManifest(site.corpus);
  REQUIRE(manifest.size() == 2);
  for (const nlohmann::json& entry : manifest) {
    std::string url = entry["url"];
    std::string stem = std::filesystem::path(url).stem().string();
    std::string expected = ReadFileOrEmpty(kFixtures + "/expected/" + stem + ".txt");
    REQUIRE_FALSE(expected.empty());
    std::string path = entry["path"];
    CHECK(path.rfind("e2e-news/2016/05/", 0) == 0);
    std::string text = ReadFileOrEmpty(site.corpus + "/" + path);
    INFO("article " << url);
    CHECK(text == expected);
    CHECK(entry["site"] == "e2e-news");
    CHECK(entry["extractor"] == "rule");
    CHECK(entry["sha256"].get<std::string>().size() == 64);
  }
  // The canonical URL from <link rel=canonical> is recorded.
  bool has_canonical = std::any_of(manifest.begin(), manifest.end(), [](const nlohmann::json& entry) {
    return entry["canonical_url"] == "https://news.test/actualite/conseil-communal.html";
  });
  CHECK(has_canonical);
  // No temporary file is left behind.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(site.corpus)) {
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
  }
}

// robots.txt is fetched once per host and obeyed; URLs differing only by tracking parameters
// or fragments are fetched once; the User-Agent names the crawler and its contact URL.
TEST_CASE("crawl obeys robots.txt and fetches each page once", "[crawler][e2e]") {
  E2eSite site;
  auto result = site.Crawl();
  REQUIRE(result.exit_code == 0);
  auto requests = site.server.RequestsFor("news.test");
  std::map<std::string, int> fetched;
  for (const auto& request : requests) fetched[request.path]++;
  CHECK(fetched["/robots.txt"] == 1);
  CHECK(fetched["/abonnes/enquete.html"] == 0);
  CHECK(fetched["/abonnes/"] == 0);
  CHECK(fetched["/tag/budget/"] == 0);  // never_follow
  CHECK(fetched["/actualite/conseil-communal.html"] == 1);
  CHECK(fetched["/actualite/alep-treve.html"] == 1);
  CHECK(result.out.find("robots.txt disallowed: 2") != std::string::npos);
  for (const auto& request : requests) {
    CHECK(request.Header("user-agent").rfind("pressoir/", 0) == 0);
    CHECK(request.Header("user-agent").find("(+https://example.org/contact)") != std::string::npos);
  }
}

// Politeness: one connection at a time to the host and at least per_host_delay (100 ms)
// between the starts of two requests, robots.txt included.
TEST_CASE("crawl keeps the per-host delay and concurrency", "[crawler][e2e]") {
  E2eSite site;
  REQUIRE(site.Crawl().exit_code == 0);
  auto requests = site.server.RequestsFor("news.test");
  REQUIRE(requests.size() >= 4);
  for (size_t i = 1; i < requests.size(); ++i) {
    auto gap =
        std::chrono::duration_cast<std::chrono::milliseconds>(requests[i].received_at - requests[i - 1].received_at);
    INFO("between " << requests[i - 1].path << " and " << requests[i].path);
    CHECK(gap.count() >= 95);  // 5 ms of slack for the server's own timestamping
  }
  CHECK(site.server.MaxConcurrentRequests("news.test") == 1);
}

// Issue 6, item 3: a second run over an unchanged site writes nothing and fetches only the
// index pages (start URL and section page), not the articles, whose revisit interval (30 days
// by default) has not passed. Unchanged bytes are not extracted again.
TEST_CASE("a second crawl fetches only index pages and writes nothing", "[crawler][e2e]") {
  E2eSite site;
  REQUIRE(site.Crawl().exit_code == 0);
  site.server.ClearRequests();
  auto second = site.Crawl();
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("articles written: 0") != std::string::npos);
  CHECK(second.out.find("unchanged: 2") != std::string::npos);
  std::set<std::string> fetched;
  for (const auto& request : site.server.RequestsFor("news.test")) fetched.insert(request.path);
  CHECK(fetched == std::set<std::string>{"/robots.txt", "/", "/actualite/"});
  CHECK(ReadManifest(site.corpus).size() == 2);
}

// Only one run may use a state directory: a second one exits at once with code 3.
TEST_CASE("a second concurrent crawl exits on the lock", "[crawler][e2e]") {
  E2eSite site;
  std::string state_dir = site.dir.path() + "/state";
  auto lock = pressoir::state::StateLock::Acquire(state_dir);
  REQUIRE(lock.has_value());
  auto result = site.Crawl();
  CHECK(result.exit_code == 3);
  // One line, naming the directory and the holder (here this test process).
  CHECK(result.err == "pressoir: another run holds the lock on " + state_dir + " (pid " + std::to_string(::getpid()) +
                          "), exiting\n");
  CHECK(site.server.Requests().empty());
}

// Issue 13, item 3: two runs with different state directories on one corpus would race each
// other's renames and manifest lines; the second exits like a second run on one state.
// Readers (stats, dump) are not blocked by the lock.
TEST_CASE("a crawl exits on the corpus lock held by another writer", "[crawler][e2e]") {
  E2eSite site;
  std::optional<pressoir::corpus::CorpusWriter> other_run;
  other_run.emplace(site.corpus);
  auto result = site.Crawl();
  CHECK(result.exit_code == 3);
  CHECK(result.err == "pressoir: another run holds the lock on corpus " + site.corpus + " (pid " +
                          std::to_string(::getpid()) + "), exiting\n");
  CHECK(site.server.Requests().empty());
  CHECK(ReadManifest(site.corpus).empty());

  auto stats = RunCommand({PRESSOIR_BINARY, "stats", "--corpus", site.corpus});
  CHECK(stats.exit_code == 0);
  auto dump = RunCommand({PRESSOIR_BINARY, "dump", "--corpus", site.corpus, "--out", "-"});
  CHECK(dump.exit_code == 0);

  other_run.reset();
  auto after = site.Crawl();
  INFO(after.err);
  CHECK(after.exit_code == 0);
  CHECK(ReadManifest(site.corpus).size() == 2);
}

// A bad configuration is reported with file and line, exit code 2, before any fetch.
TEST_CASE("crawl rejects a bad config before fetching", "[crawler][e2e]") {
  E2eSite site;
  WriteFile(site.config, "user_agent: pressoir\nper_host_delay: soon\n");
  auto result = site.Crawl();
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(site.config + ":2:") != std::string::npos);
  CHECK(site.server.Requests().empty());
}

// Issue 13, item 12: a wrong value on the command line or in the config is exit code 2 and one
// line naming it, before anything is fetched or created; cron mails that line.
TEST_CASE("crawl refuses malformed values in one line", "[crawler][e2e]") {
  E2eSite site;
  const auto check = [&](const std::vector<std::string>& extra, const std::string& line) {
    auto result = site.Crawl(extra);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "error: " + line + "\n");
    CHECK(result.out.empty());
  };
  check({"--max-pages", "-1"}, "--max-pages: '-1' is not a number of pages (a whole number, 0 for no limit)");
  check({"--max-pages", "10x"}, "--max-pages: '10x' is not a number of pages (a whole number, 0 for no limit)");
  check({"--time-limit", "10"},
        "--time-limit: '10' has no unit: write 10s, 10m or 10h (units: ms, s, m, h, d; only 0 goes without one)");
  check({"--time-limit", "10 minutes"}, "--time-limit: '10 minutes': unknown unit ' minutes' (units: ms, s, m, h, d)");
  check({"--resolve", "news.test:80"},
        "--resolve: 'news.test:80': expected HOST:PORT:ADDRESS, e.g. news.test:443:127.0.0.1");
  check({"--resolve", "news.test:http:127.0.0.1"},
        "--resolve: 'news.test:http:127.0.0.1': port 'http' is not a number from 1 to 65535");
  check({"--resolve", "news.test:80:localhost"},
        "--resolve: 'news.test:80:localhost': 'localhost' is not an IP address");
  WriteFile(site.config, "user_agent: pressoir\ntime_limit: 14\n");
  check({}, site.config +
                ":2: 'time_limit': '14' has no unit: write 14s, 14m or 14h (units: ms, s, m, h, d; only 0 goes without "
                "one)");
  CHECK(site.server.Requests().empty());
  CHECK_FALSE(std::filesystem::exists(site.corpus));
  CHECK_FALSE(std::filesystem::exists(site.dir.path() + "/state"));
}

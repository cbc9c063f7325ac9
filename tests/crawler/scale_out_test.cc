// End to end: three `pressoir crawl` workers share one Redis frontier (issue 8, item 4). The
// test starts its own redis-server and fixture web server on 127.0.0.1, runs the workers on
// four hosts, kills one with SIGKILL in the middle of its crawl, and checks what the fleet
// promises: every article in the corpora exactly once, no host ever asked by two workers at
// once, and per-host delays obeyed across workers.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/background_process.h"
#include "tests/support/fixture_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::BackgroundProcess;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RecordedRequest;
using pressoir::testing::RedisServer;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;
using std::chrono::milliseconds;

constexpr int kHosts = 4;
constexpr int kArticlesPerHost = 12;
constexpr milliseconds kDelay{150};        // per_host_delay
constexpr milliseconds kResponseTime{60};  // every article takes this long to answer

std::string HostName(int h) { return "h" + std::to_string(h) + ".test"; }

std::string ArticleHtml(int h, int i) {
  std::string text = "Dans la commune numero " + std::to_string(h) + ", le conseil a vote le budget " +
                     std::to_string(i) + " apres un long debat sur les ecoles, la voirie et la piscine. " +
                     "L'opposition s'est abstenue lors du vote du point " + std::to_string(i * 7 + h) + ".";
  return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Article " + std::to_string(i) +
         "</title></head><body><h1 class=\"title\">Article " + std::to_string(h) + "-" + std::to_string(i) +
         "</h1><div class=\"article-body\"><p>" + text + "</p></div></body></html>";
}

// The URLs of every manifest line of a corpus (a missing manifest: none).
std::vector<std::string> ManifestUrls(const std::string& corpus) {
  std::vector<std::string> urls;
  std::istringstream in(ReadFileOrEmpty(corpus + "/manifest.jsonl"));
  for (std::string line; std::getline(in, line);) {
    if (!nlohmann::json::accept(line)) continue;  // the killed worker's torn last line
    urls.push_back(nlohmann::json::parse(line)["url"].get<std::string>());
  }
  return urls;
}

}  // namespace

TEST_CASE("three workers share a Redis frontier; one killed with SIGKILL mid-crawl", "[crawler][redis][e2e]") {
  RedisServer redis;
  FixtureServer server;
  TempDir dir;
  std::string config = dir.path() + "/crawler.yaml";
  std::string sites = dir.path() + "/sites";
  WriteFile(config, "per_host_delay: " + std::to_string(kDelay.count()) +
                        "ms\n"
                        "per_host_concurrency: 1\n"
                        "host_lease: 1s\n"
                        "hosts_per_worker: 1\n"
                        "retries: 0\n"
                        "timeout: 20s\n"
                        "min_article_chars: 100\n"
                        "extract_threads: 2\n"
                        "log_file: " +
                        dir.path() + "/crawl.log\n");
  fs::create_directories(sites);
  std::string domains, starts;
  std::set<std::string> expected;
  for (int h = 0; h < kHosts; ++h) {
    std::string host = HostName(h);
    domains += (h ? ", " : "") + host;
    starts += std::string(h ? ", " : "") + "'" + server.UrlFor(host, "/") + "'";
    std::string home = "<html><body><ul>";
    for (int i = 0; i < kArticlesPerHost; ++i) {
      std::string path = "/a/" + std::to_string(i) + ".html";
      home += "<li><a href=\"" + path + "\">" + path + "</a></li>";
      pressoir::testing::Response article = pressoir::testing::Html(ArticleHtml(h, i));
      article.delay = kResponseTime;
      server.RouteHost(host, path, article);
      expected.insert(server.UrlFor(host, path));
    }
    server.RouteHost(host, "/", pressoir::testing::Html(home + "</ul></body></html>"));
  }
  WriteFile(sites + "/fleet.yaml", "name: fleet\ndomains: [" + domains + "]\nstart_urls: [" + starts +
                                       "]\narticle_urls: ['/a/']\nbody: ['div.article-body']\ntitle: ['h1.title']\n");

  auto worker_args = [&](int w) {
    std::vector<std::string> args = {PRESSOIR_BINARY, "crawl",
                                     "--archive",     "",
                                     "--config",      config,
                                     "--sites",       sites,
                                     "--corpus",      dir.path() + "/corpus-" + std::to_string(w),
                                     "--state",       dir.path() + "/state-" + std::to_string(w),
                                     "--frontier",    redis.Url()};
    for (int h = 0; h < kHosts; ++h) {
      args.push_back("--resolve");
      args.push_back(server.ResolveEntry(HostName(h)));
    }
    return args;
  };
  std::vector<std::unique_ptr<BackgroundProcess>> workers;
  for (int w = 1; w <= 3; ++w) workers.push_back(std::make_unique<BackgroundProcess>(worker_args(w)));

  // Kill worker 2 once it has written an article: it is then in the middle of its crawl,
  // holding at least one host lease.
  std::string corpus2 = dir.path() + "/corpus-2";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ManifestUrls(corpus2).empty() && std::chrono::steady_clock::now() < deadline) {
    if (workers[1]->WaitFor(milliseconds(0))) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  INFO("worker 2 stdout: " << workers[1]->Stdout() << " stderr: " << workers[1]->Stderr()
                           << " exit: " << workers[1]->WaitFor(milliseconds(0)).value_or(-1));
  REQUIRE_FALSE(workers[1]->WaitFor(milliseconds(0)).has_value());  // still crawling
  REQUIRE_FALSE(ManifestUrls(corpus2).empty());
  workers[1]->Signal(SIGKILL);
  CHECK(workers[1]->WaitFor(std::chrono::seconds(10)) == 128 + SIGKILL);

  for (size_t w : {size_t{0}, size_t{2}}) {
    std::optional<int> code = workers[w]->WaitFor(std::chrono::seconds(120));
    INFO("worker " << w + 1 << " stderr: " << workers[w]->Stderr());
    REQUIRE(code.has_value());
    CHECK(*code == 0);
  }

  // Exactly once: no corpus holds an article twice, and the corpora together hold every
  // article; `pressoir dump` over the three directories lists each once.
  std::set<std::string> all;
  for (int w = 1; w <= 3; ++w) {
    std::vector<std::string> urls = ManifestUrls(dir.path() + "/corpus-" + std::to_string(w));
    std::set<std::string> unique(urls.begin(), urls.end());
    INFO("corpus " << w);
    CHECK(unique.size() == urls.size());
    all.insert(unique.begin(), unique.end());
  }
  CHECK(all == expected);
  std::string dump = dir.path() + "/dump.jsonl";
  std::vector<std::string> dump_args = {PRESSOIR_BINARY, "dump", "--format", "jsonl", "--out", dump};
  for (int w = 1; w <= 3; ++w) {
    dump_args.push_back("--corpus");
    dump_args.push_back(dir.path() + "/corpus-" + std::to_string(w));
  }
  pressoir::testing::CommandResult dumped = RunCommand(dump_args);
  INFO(dumped.err);
  CHECK(dumped.exit_code == 0);
  std::multiset<std::string> dumped_urls;
  std::istringstream in(ReadFileOrEmpty(dump));
  for (std::string line; std::getline(in, line);)
    dumped_urls.insert(nlohmann::json::parse(line)["url"].get<std::string>());
  CHECK(std::set<std::string>(dumped_urls.begin(), dumped_urls.end()) == expected);
  CHECK(dumped_urls.size() == expected.size());

  // Politeness across the fleet: one request at a time per host, and at least the per-host
  // delay between two requests to a host, whichever workers sent them. (Arrival times at the
  // server: 15 ms of slack for scheduling jitter between the crawler's clock and ours.)
  for (int h = 0; h < kHosts; ++h) {
    std::string host = HostName(h);
    INFO("host " << host);
    CHECK(server.MaxConcurrentRequests(host) == 1);
    std::vector<RecordedRequest> requests = server.RequestsFor(host);
    std::sort(requests.begin(), requests.end(),
              [](const RecordedRequest& a, const RecordedRequest& b) { return a.received_at < b.received_at; });
    for (size_t i = 1; i < requests.size(); ++i) {
      auto gap = std::chrono::duration_cast<milliseconds>(requests[i].received_at - requests[i - 1].received_at);
      INFO(requests[i - 1].path << " then " << requests[i].path);
      CHECK(gap >= kDelay - milliseconds(15));
    }
  }
}

// Issue 7, item 4, for the scale-out settings: a malformed or unreachable frontier is one
// line naming it, and exit code 2, before any fetch.
TEST_CASE("a bad or unreachable --frontier is a configuration error", "[crawler][redis]") {
  FixtureServer server;
  server.Route("/", pressoir::testing::Html("<html><body>x</body></html>"));
  TempDir dir;
  fs::create_directories(dir.path() + "/sites");
  auto crawl = [&](const std::string& frontier) {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--sites", dir.path() + "/sites", "--corpus",
                       dir.path() + "/corpus", "--state", dir.path() + "/state", "--start", server.Url("/"),
                       "--frontier", frontier});
  };
  SECTION("malformed") {
    pressoir::testing::CommandResult result = crawl("redis://127.0.0.1:notaport/0");
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("error: --frontier: redis://127.0.0.1:notaport/0", 0) == 0);
  }
  SECTION("nothing listening") {
    int port = pressoir::testing::FreeLoopbackPort();
    std::string url = "redis://127.0.0.1:" + std::to_string(port) + "/0";
    pressoir::testing::CommandResult result = crawl(url);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(url) != std::string::npos);
  }
  CHECK(server.Requests().empty());
}

// Issue 13, item 5: a fault of the frontier or the state (a Redis connection lost, an SQLite
// error) or an exception from the page stage ends the run cleanly: RunCrawl returns with
// `error` set and one error line, after the extraction pool is stopped and joined (its
// threads use the crawler's members: before, they ran on while those were destroyed, which
// ASan reports as a heap-use-after-free; an exception in a pool task called std::terminate).
// The state and the corpus stay consistent: a second, healthy run completes the corpus, each
// article once.
//
// The faults are injected through the interfaces the crawl is given: a Frontier that throws
// state::StateError on a chosen call, a CorpusSink that throws something other than a
// CorpusError. The site is one index page linking to long articles, crawled with one
// extraction thread. The frontier fails when it records the first article; that article's
// corpus write is held until every article has been fetched (and queued for extraction),
// so that the thread is extracting the next one when the fault comes.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "crawler/crawl.h"
#include "crawler/frontier.h"
#include "crawler/log.h"
#include "crawler/state.h"
#include "store/corpus.h"
#include "store/manifest.h"
#include "tests/support/background_process.h"
#include "tests/support/fixture_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/run_command.h"
#include "tests/support/wait.h"

namespace {

using pressoir::testing::BackgroundProcess;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;
using std::chrono::milliseconds;
namespace crawl = pressoir::crawl;
namespace corpus = pressoir::corpus;
namespace frontier = pressoir::frontier;
namespace state = pressoir::state;

constexpr int kArticles = 12;
// Paragraphs per article (about 80 KB): extracting one takes a while, under ASan tens of ms.
constexpr int kParagraphs = 150;

// Words that differ from article to article, so that the articles are neither learned as
// boilerplate nor near duplicates of each other.
std::string ArticleText(int article, int paragraph) {
  std::string text;
  unsigned seed = static_cast<unsigned>(article * 7919 + paragraph * 104729 + 1);
  for (int word = 0; word < 60; ++word) {
    seed = seed * 1103515245u + 12345u;
    text += "mot" + std::to_string((seed >> 8) % 100000) + " ";
  }
  return text;
}

// news.test: "/" links to /a0.html ... ; each article is long (extraction takes a while).
void AddNewsSite(FixtureServer& server) {
  std::string index = "<html><body><h1>Accueil</h1>";
  for (int i = 0; i < kArticles; ++i) {
    std::string path = "/a" + std::to_string(i) + ".html";
    index += "<a href=\"" + path + "\">article " + std::to_string(i) + "</a> ";
    std::string page = "<html><head><title>Article " + std::to_string(i) +
                       "</title></head><body><article><h1>Article " + std::to_string(i) + "</h1>";
    for (int p = 0; p < kParagraphs; ++p) page += "<p>" + ArticleText(i, p) + "</p>";
    page += "</article></body></html>";
    server.RouteHost("news.test", path, pressoir::testing::Html(page));
  }
  index += "</body></html>";
  server.RouteHost("news.test", "/", pressoir::testing::Html(index));
  server.RouteHost("news.test", "/robots.txt", pressoir::testing::Status(404));
}

crawl::CrawlOptions Options(const FixtureServer& server) {
  crawl::CrawlOptions options;
  options.config.user_agent = "pressoir";
  options.config.per_host_delay = milliseconds(0);
  options.config.per_host_concurrency = 4;
  options.config.retries = 0;
  options.config.extract_threads = 1;
  options.start_urls = {server.UrlFor("news.test", "/")};
  options.resolve = {server.ResolveEntry("news.test")};
  options.handle_signals = false;
  return options;
}

// The embedded frontier, failing from the `fail_at`-th Record() of a page that was extracted
// (outcome "ok") on, as a lost Redis connection or a failing database would.
class FailingFrontier final : public frontier::Frontier {
 public:
  FailingFrontier(state::CrawlState& state, int fail_at) : inner_(state), fail_at_(fail_at) {}

  std::string Describe() const override { return "failing:" + inner_.Describe(); }
  bool Shared() const override { return false; }
  std::vector<bool> AddIfNew(const std::vector<frontier::FrontierEntry>& entries, int64_t due_ms) override {
    return inner_.AddIfNew(entries, due_ms);
  }
  void ScheduleAt(const frontier::FrontierEntry& entry, int64_t due_ms) override { inner_.ScheduleAt(entry, due_ms); }
  std::optional<frontier::FrontierEntry> Lookup(const std::string& url) override { return inner_.Lookup(url); }
  std::vector<std::string> HostsWithDueUrls(int64_t now_ms) override { return inner_.HostsWithDueUrls(now_ms); }
  std::optional<int64_t> AcquireHost(const std::string& host, int64_t now_ms) override {
    return inner_.AcquireHost(host, now_ms);
  }
  std::vector<std::string> RenewHosts(const std::vector<std::pair<std::string, int64_t>>& held) override {
    return inner_.RenewHosts(held);
  }
  void ReleaseHost(const std::string& host, int64_t next_request_ms) override {
    inner_.ReleaseHost(host, next_request_ms);
  }
  int64_t LeaseRenewIntervalMs() const override { return inner_.LeaseRenewIntervalMs(); }
  std::vector<frontier::FrontierEntry> LeaseDue(const std::string& host, int64_t now_ms, int limit) override {
    return inner_.LeaseDue(host, now_ms, limit);
  }
  void Record(const frontier::FetchRecord& record) override {
    if (record.outcome == "ok" && ++extracted_ >= fail_at_) {
      failed_ = true;
      throw state::StateError("injected fault: connection to the frontier lost");
    }
    inner_.Record(record);
  }
  void Release(const std::string& url) override { inner_.Release(url); }
  int64_t LiveWorkers() override { return inner_.LiveWorkers(); }
  bool FleetIdle(int64_t now_ms) override { return inner_.FleetIdle(now_ms); }
  void Begin() override { inner_.Begin(); }
  void Commit() override { inner_.Commit(); }

  bool failed() const { return failed_; }

 private:
  frontier::EmbeddedFrontier inner_;
  int fail_at_;
  int extracted_ = 0;
  bool failed_ = false;
};

// The corpus, whose first write waits until `release` returns true (or 10 s have passed).
class HoldFirstWrite final : public corpus::CorpusSink {
 public:
  HoldFirstWrite(corpus::CorpusSink& inner, std::function<bool()> release)
      : inner_(inner), release_(std::move(release)) {}
  corpus::WriteResult Write(const corpus::ArticleRecord& record) override {
    if (!held_.exchange(true)) pressoir::testing::WaitUntil(release_, std::chrono::seconds(10));
    return inner_.Write(record);
  }

 private:
  corpus::CorpusSink& inner_;
  std::function<bool()> release_;
  std::atomic<bool> held_{false};
};

// A corpus whose writes throw something other than a CorpusError (a bug, out of memory).
class ThrowingSink final : public corpus::CorpusSink {
 public:
  corpus::WriteResult Write(const corpus::ArticleRecord&) override {
    ++writes_;
    throw std::runtime_error("injected fault in the page stage");
  }
  int writes() const { return writes_; }

 private:
  std::atomic<int> writes_{0};
};

std::vector<std::string> ErrorLines(const std::string& console) {
  std::vector<std::string> lines;
  std::istringstream in(console);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("error: ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

// Every article of the site once in the corpus, each manifest line readable.
void CheckCorpusComplete(const std::string& directory) {
  std::ostringstream err;
  corpus::manifest::ReadResult read = corpus::manifest::ReadManifests({directory}, err);
  INFO(err.str());
  CHECK(read.problems == 0);
  std::set<std::string> urls;
  for (const corpus::manifest::Entry& entry : read.entries) urls.insert(entry.url);
  CHECK(read.entries.size() == static_cast<size_t>(kArticles));
  CHECK(urls.size() == static_cast<size_t>(kArticles));
}

}  // namespace

TEST_CASE("a frontier fault ends the run cleanly: one line, pool joined, state and corpus consistent",
          "[crawler][faults]") {
  FixtureServer server;
  AddNewsSite(server);
  TempDir dir;
  crawl::CrawlOptions options = Options(server);
  std::ostringstream console;
  pressoir::log::Log log(console, "", false);
  crawl::CrawlSummary summary;
  {
    corpus::CorpusWriter writer(dir.path() + "/corpus");
    // Released once the server has seen no new request for a moment: every article served, or
    // the crawl's backpressure holding further transfers (the extraction queue full of pages
    // waiting behind this write), so that many tasks are queued in the pool when the fault hits.
    size_t requests_seen = 0;
    auto last_new_request = std::chrono::steady_clock::now();
    HoldFirstWrite held(writer, [&] {
      size_t requests = server.RequestsFor("news.test").size();
      auto now = std::chrono::steady_clock::now();
      if (requests != requests_seen) {
        requests_seen = requests;
        last_new_request = now;
      }
      return now > last_new_request + milliseconds(300);
    });
    state::CrawlState crawl_state(dir.path() + "/state");
    FailingFrontier failing(crawl_state, 2);  // the index page, then the first article
    summary = crawl::RunCrawl(options, held, crawl_state, failing, log);
    REQUIRE(failing.failed());
  }
  INFO(console.str());
  CHECK(summary.error == "injected fault: connection to the frontier lost");
  std::vector<std::string> errors = ErrorLines(console.str());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "error: injected fault: connection to the frontier lost; run stopped");
  CHECK(summary.articles_written < kArticles);
  CHECK(crawl::FormatSummary(summary).find("(stopped by an error)") != std::string::npos);

  // The next run, with a healthy frontier, finds a consistent state and corpus and completes
  // the corpus: the articles not recorded are fetched again, and those already written are
  // recognized, not written twice.
  std::ostringstream console2;
  pressoir::log::Log log2(console2, "", false);
  corpus::CorpusWriter writer(dir.path() + "/corpus");
  state::CrawlState crawl_state(dir.path() + "/state");
  crawl::CrawlSummary second = crawl::RunCrawl(options, writer, crawl_state, log2);
  INFO(console2.str());
  CHECK(second.error.empty());
  CHECK(second.failures == 0);
  CheckCorpusComplete(dir.path() + "/corpus");
}

TEST_CASE("an exception in the page stage ends the run cleanly instead of terminating", "[crawler][faults]") {
  FixtureServer server;
  AddNewsSite(server);
  TempDir dir;
  crawl::CrawlOptions options = Options(server);
  std::ostringstream console;
  pressoir::log::Log log(console, "", false);
  ThrowingSink sink;
  state::CrawlState crawl_state(dir.path() + "/state");
  crawl::CrawlSummary summary = crawl::RunCrawl(options, sink, crawl_state, log);
  INFO(console.str());
  CHECK(sink.writes() >= 1);
  CHECK(summary.articles_written == 0);
  // The message names the page.
  CHECK(summary.error.find(server.UrlFor("news.test", "/a")) == 0);
  CHECK(summary.error.find(": processing the page failed: injected fault in the page stage") != std::string::npos);
  std::vector<std::string> errors = ErrorLines(console.str());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "error: " + summary.error + "; run stopped");
}

// The same through `pressoir crawl` with a shared frontier whose Redis server goes away in the
// middle of the run: what cron sees is one error line on stderr (not a terminal here) and exit
// 1, and the run is recorded with its error for `pressoir stats`.
TEST_CASE("the Redis frontier lost mid-run: one line on stderr, exit 1, the run recorded", "[crawler][faults][redis]") {
  FixtureServer server;
  std::string index = "<html><body>";
  for (int i = 0; i < 20; ++i) {
    std::string path = "/s" + std::to_string(i) + ".html";
    index += "<a href=\"" + path + "\">" + path + "</a> ";
    pressoir::testing::Response page = pressoir::testing::Html("<html><body><p>page</p></body></html>");
    page.delay = milliseconds(100);  // the run lasts a couple of seconds
    server.RouteHost("slow.test", path, page);
  }
  server.RouteHost("slow.test", "/", pressoir::testing::Html(index + "</body></html>"));
  pressoir::testing::RedisServer redis;
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/sites");
  WriteFile(dir.path() + "/crawler.yaml", "per_host_delay: 0\nretries: 0\n");
  std::string corpus = dir.path() + "/corpus";
  BackgroundProcess crawl({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", dir.path() + "/crawler.yaml",
                           "--sites", dir.path() + "/sites", "--corpus", corpus, "--state", dir.path() + "/state",
                           "--frontier", redis.Url(), "--resolve", server.ResolveEntry("slow.test"), "--start",
                           server.UrlFor("slow.test", "/")});
  REQUIRE(pressoir::testing::WaitUntil([&] { return server.RequestsFor("slow.test").size() >= 4; },
                                       std::chrono::seconds(30)));
  try {
    redis.Command({"SHUTDOWN", "NOSAVE"});
  } catch (const std::exception&) {
    // The server closes the connection without a reply when it shuts down.
  }
  std::optional<int> code = crawl.WaitFor(std::chrono::seconds(60));
  INFO("stdout: " << crawl.Stdout() << "\nstderr: " << crawl.Stderr());
  REQUIRE(code.has_value());
  CHECK(*code == 1);
  CHECK(server.RequestsFor("slow.test").size() < 22);  // stopped before the end of the site
  std::vector<std::string> errors = ErrorLines(crawl.Stderr());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(redis.Url()) != std::string::npos);
  CHECK(errors[0].find("; run stopped") != std::string::npos);
  CHECK(crawl.Stderr() == errors[0] + "\n");  // nothing else
  CHECK(crawl.Stdout().find("(stopped by an error)") != std::string::npos);
  std::string runs = ReadFileOrEmpty(corpus + "/runs.jsonl");
  REQUIRE_FALSE(runs.empty());
  nlohmann::json record = nlohmann::json::parse(runs.substr(0, runs.find('\n')));
  CHECK(record["error"].get<std::string>() + "; run stopped" == errors[0].substr(std::string("error: ").size()));
  pressoir::testing::CommandResult stats =
      pressoir::testing::RunCommand({PRESSOIR_BINARY, "stats", "--corpus", corpus});
  INFO("stats: " << stats.out << stats.err);
  CHECK(stats.out.find(", stopped by an error: " + record["error"].get<std::string>()) != std::string::npos);
}

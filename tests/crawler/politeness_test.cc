// Politeness and fault handling of a whole crawl: the real `pressoir crawl` executable against
// fixture servers answering for several host names (issue 3, items 2-5). The server records
// when each request arrived, per host, so the cases check what a site owner would see in
// their access log: delays between requests, connections at once, robots.txt obeyed,
// back-off after errors, and text that comes out with its accents.
//
// Timing checks are lower bounds (a delay at least this long), with a few milliseconds of
// slack for the server's own timestamps; upper bounds only guard against hangs. Every run is
// wrapped in timeout(1) so a stuck crawl fails its case instead of the whole suite.
//
// Cases about waits of a second or more (back-off, Retry-After, Crawl-delay, the host pause,
// the time limit) crawl on a test clock (crawler/clock.h, README "Tests"): crawl time runs
// `clock_speed` times faster than real time, so configured delays keep realistic values while
// the case takes a fraction of them. The server stamps arrivals in real time: gaps are
// multiplied by the speed to be read on the crawl's clock (OnCrawlClock), and so is the slack,
// which stays the same few real milliseconds.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/background_process.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"
#include "tests/support/wait.h"

namespace {

using pressoir::testing::BackgroundProcess;
using pressoir::testing::CommandResult;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RecordedRequest;
using pressoir::testing::Response;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;
using std::chrono::milliseconds;

// Slack for comparing a configured delay between request starts with the gap between two
// arrival times recorded by the server (scheduling shifts an arrival by a millisecond or two).
constexpr milliseconds kSlack{10};
// The first request to a host (robots.txt) also waits for a new connection before it arrives,
// so the gap from it to the next request may look shorter by the connect time.
constexpr milliseconds kFirstRequestSlack{60};

// Real time between two arrivals.
milliseconds Between(const RecordedRequest& earlier, const RecordedRequest& later) {
  return std::chrono::duration_cast<milliseconds>(later.received_at - earlier.received_at);
}

// A real duration as the crawl's clock sees it, when that clock runs `clock_speed` times
// faster than real time (1: the real clock).
milliseconds OnCrawlClock(milliseconds real, int64_t clock_speed) { return real * clock_speed; }

// The smallest gap between two consecutive requests in `requests` (in arrival order),
// starting with the gap after requests[from].
milliseconds MinGap(const std::vector<RecordedRequest>& requests, size_t from = 0) {
  milliseconds smallest = milliseconds::max();
  for (size_t i = from + 1; i < requests.size(); ++i) {
    smallest = std::min(smallest, Between(requests[i - 1], requests[i]));
  }
  return smallest;
}

// Checks that consecutive requests to one host arrived at least `delay` apart on the crawl's
// clock (the first gap, after the connection was opened, with kFirstRequestSlack).
void CheckDelayKept(const std::vector<RecordedRequest>& requests, milliseconds delay, int64_t clock_speed = 1) {
  REQUIRE(requests.size() >= 2);
  CHECK(OnCrawlClock(Between(requests[0], requests[1]), clock_speed) >=
        delay - OnCrawlClock(kFirstRequestSlack, clock_speed));
  if (requests.size() >= 3) {
    CHECK(OnCrawlClock(MinGap(requests, 1), clock_speed) >= delay - OnCrawlClock(kSlack, clock_speed));
  }
}

using pressoir::testing::WaitUntil;

std::vector<RecordedRequest> WithPath(const std::vector<RecordedRequest>& requests, const std::string& path) {
  std::vector<RecordedRequest> matching;
  for (const RecordedRequest& request : requests) {
    if (request.path == path) matching.push_back(request);
  }
  return matching;
}

std::string PagePath(int i) { return "/page-" + std::to_string(i) + ".html"; }

std::string IndexHtml(int pages) {
  std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Accueil</title></head><body><ul>";
  for (int i = 1; i <= pages; ++i)
    html += "<li><a href=\"" + PagePath(i) + "\">Page " + std::to_string(i) + "</a></li>";
  return html + "</ul></body></html>";
}

// A small site on `host`: "/" links to /page-1.html ... /page-N.html. Every response is
// delayed by `delay`. robots.txt is not routed (404: allow all) unless the case routes it.
void AddSite(FixtureServer& server, const std::string& host, int pages, milliseconds delay = milliseconds(0)) {
  Response index = pressoir::testing::Html(IndexHtml(pages));
  index.delay = delay;
  server.RouteHost(host, "/", index);
  for (int i = 1; i <= pages; ++i) {
    Response page = pressoir::testing::Html("<html><body><p>Page " + std::to_string(i) + "</p></body></html>");
    page.delay = delay;
    server.RouteHost(host, PagePath(i), page);
  }
}

// Config keys and values, e.g. {{"per_host_delay", "200ms"}}.
using ConfigKeys = std::vector<std::pair<std::string, std::string>>;

// One crawl run in its own directory (config, state, corpus, log).
class CrawlRun {
 public:
  // `overrides` replace or add keys of the base config below. `clock_speed` > 1: the crawl
  // runs on a test clock that many times faster than real time.
  explicit CrawlRun(const ConfigKeys& overrides = {}, int64_t clock_speed = 1) : clock_speed_(clock_speed) {
    ConfigKeys keys = {
        {"user_agent", "pressoir"},   {"contact_url", "https://example.org/contact"},
        {"rule_start_urls", "false"}, {"use_sitemaps", "false"},
        {"concurrency", "16"},        {"per_host_concurrency", "1"},
        {"per_host_delay", "100ms"},  {"max_depth", "2"},
        {"timeout", "10s"},           {"retries", "0"},
        {"min_article_chars", "100"}, {"log_file", log_path()},
    };
    for (const auto& [key, value] : overrides) {
      auto found = std::find_if(keys.begin(), keys.end(), [&](const auto& entry) { return entry.first == key; });
      if (found != keys.end()) {
        found->second = value;
      } else {
        keys.emplace_back(key, value);
      }
    }
    std::string yaml;
    for (const auto& [key, value] : keys) yaml += key + ": " + value + "\n";
    WriteFile(config_path(), yaml);
    WriteFile(dir_.path() + "/sites/README", "no rules: every host is crawled with the generic extractor\n");
  }

  // Crawls "/" of each host (all mapped to `server`). The crawl gets SIGTERM after
  // `terminate_after` (it then finishes in-flight work and exits with its own status).
  CommandResult Run(const FixtureServer& server, const std::vector<std::string>& hosts, bool extract = false,
                    int terminate_after_seconds = 60) {
    std::vector<std::string> argv = {"/usr/bin/timeout", "--preserve-status", "-s", "TERM",
                                     std::to_string(terminate_after_seconds)};
    std::vector<std::string> crawl = Argv(server, hosts, extract);
    argv.insert(argv.end(), crawl.begin(), crawl.end());
    auto started = std::chrono::steady_clock::now();
    CommandResult result = RunCommand(argv);
    elapsed_ = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    return result;
  }

  // The same crawl in the background, to be signalled by the case.
  std::unique_ptr<BackgroundProcess> Start(const FixtureServer& server, const std::vector<std::string>& hosts) {
    return std::make_unique<BackgroundProcess>(Argv(server, hosts, false));
  }

  std::string config_path() const { return dir_.path() + "/crawler.yaml"; }
  std::string corpus_path() const { return dir_.path() + "/corpus"; }
  std::string log_path() const { return dir_.path() + "/crawl.log"; }
  std::string Log() const { return ReadFileOrEmpty(log_path()); }
  // Real time the last Run() took.
  milliseconds elapsed() const { return elapsed_; }
  // A real duration on this run's crawl clock.
  milliseconds OnCrawlClock(milliseconds real) const { return ::OnCrawlClock(real, clock_speed_); }
  int64_t clock_speed() const { return clock_speed_; }

  // Hosts mapped to the server without being start hosts (redirect targets).
  std::vector<std::string> also_resolve;

 private:
  // `pressoir crawl` of "/" of each host, through env(1) to select the test clock.
  std::vector<std::string> Argv(const FixtureServer& server, const std::vector<std::string>& hosts,
                                bool extract) const {
    std::vector<std::string> argv;
    if (clock_speed_ > 1) argv = {"/usr/bin/env", "PRESSOIR_TEST_CLOCK_SPEED=" + std::to_string(clock_speed_)};
    std::vector<std::string> crawl = {PRESSOIR_BINARY, "crawl",       "--archive", "",
                                      "--config",      config_path(), "--sites",   dir_.path() + "/sites",
                                      "--corpus",      corpus_path(), "--state",   dir_.path() + "/state"};
    argv.insert(argv.end(), crawl.begin(), crawl.end());
    if (!extract) argv.push_back("--no-extract");
    for (const std::string& host : also_resolve) {
      argv.push_back("--resolve");
      argv.push_back(server.ResolveEntry(host));
    }
    for (const std::string& host : hosts) {
      argv.push_back("--resolve");
      argv.push_back(server.ResolveEntry(host));
      argv.push_back("--start");
      argv.push_back(server.UrlFor(host, "/"));
    }
    return argv;
  }

  int64_t clock_speed_;
  TempDir dir_;
  milliseconds elapsed_{0};
};

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

// Issue 3, item 2: a per-host minimum delay between request starts (robots.txt included),
// kept for each host independently, while hosts are crawled in parallel: one slow host does
// not hold back the others (the run takes about as long as the slowest host, not the sum).
// On a test clock 20 times faster: a 2 s delay is 100 ms of real time, and the slow host's
// 250 ms answers (real time: the server's) are 5 s of crawl time.
TEST_CASE("politeness: per-host delay is kept while hosts are crawled in parallel", "[crawler][e2e]") {
  constexpr milliseconds kSlowAnswer{250};
  FixtureServer server;
  AddSite(server, "fast.test", 6);
  AddSite(server, "slow.test", 3, kSlowAnswer);
  server.RouteHost("slow.test", "/robots.txt", Response{.status = 404, .delay = kSlowAnswer});
  CrawlRun crawl(ConfigKeys{{"per_host_delay", "2s"}}, 20);

  CommandResult result = crawl.Run(server, {"fast.test", "slow.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);

  auto fast = server.RequestsFor("fast.test");
  auto slow = server.RequestsFor("slow.test");
  REQUIRE(fast.size() == 8);  // robots.txt, "/" and 6 pages
  REQUIRE(slow.size() == 5);
  CheckDelayKept(fast, milliseconds(2000), crawl.clock_speed());
  CheckDelayKept(slow, crawl.OnCrawlClock(kSlowAnswer), crawl.clock_speed());
  // The fast host was crawled entirely while the slow one was still being crawled.
  CHECK(fast.front().received_at < slow[1].received_at);
  CHECK(fast.back().received_at < slow.back().received_at);
}

// RFC 9112 §9.4: "a client ought to limit the number of simultaneous open connections that
// it maintains to a given server"; issue 3, item 2: a global limit and a per-host limit.
TEST_CASE("politeness: per-host and global concurrency limits hold", "[crawler][e2e]") {
  FixtureServer server;
  AddSite(server, "a.test", 10, milliseconds(150));
  AddSite(server, "b.test", 10, milliseconds(150));
  CrawlRun crawl(ConfigKeys{{"per_host_delay", "0"}, {"per_host_concurrency", "2"}, {"concurrency", "3"}});

  CommandResult result = crawl.Run(server, {"a.test", "b.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);

  CHECK(server.RequestsFor("a.test").size() == 12);
  CHECK(server.RequestsFor("b.test").size() == 12);
  CHECK(server.MaxConcurrentRequests("a.test") <= 2);
  CHECK(server.MaxConcurrentRequests("b.test") <= 2);
  CHECK(server.MaxConcurrentConnections("a.test") <= 2);
  CHECK(server.MaxConcurrentConnections("b.test") <= 2);
  CHECK(server.MaxConcurrentRequests() <= 3);
  // The limits are reached, not just respected by crawling one page at a time.
  CHECK(server.MaxConcurrentRequests() == 3);
}

// RFC 9309 §2.2.4: crawlers MAY interpret records other than the protocol's; issue 3, item 3:
// Crawl-delay is honoured (it raises the per-host delay), capped by max_crawl_delay so a
// robots.txt cannot stall the crawler for hours. On a test clock 20 times faster.
TEST_CASE("politeness: robots.txt Crawl-delay is honoured and capped", "[crawler][e2e]") {
  FixtureServer server;
  AddSite(server, "news.test", 3);

  SECTION("honoured") {
    server.RouteHost("news.test", "/robots.txt",
                     pressoir::testing::Text("User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n"));
    CrawlRun crawl(ConfigKeys{{"per_host_delay", "500ms"}}, 20);
    CommandResult result = crawl.Run(server, {"news.test"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    auto requests = server.RequestsFor("news.test");
    REQUIRE(requests.size() == 5);
    CheckDelayKept(requests, milliseconds(3000), crawl.clock_speed());
  }
  SECTION("capped by max_crawl_delay") {
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Text("User-agent: pressoir\nCrawl-delay: 3600\n"));
    CrawlRun crawl(ConfigKeys{{"per_host_delay", "500ms"}, {"max_crawl_delay", "2500ms"}}, 20);
    CommandResult result = crawl.Run(server, {"news.test"}, false, 30);
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_FALSE(Contains(result.out, "stopped early"));
    auto requests = server.RequestsFor("news.test");
    REQUIRE(requests.size() == 5);
    CheckDelayKept(requests, milliseconds(2500), crawl.clock_speed());
  }
}

// RFC 9309 §2.3.1.3: robots.txt "unavailable" (4xx) -> the crawler MAY access any resource.
// RFC 9309 §2.3.1.4: "unreachable" (5xx, network error) -> the crawler MUST assume complete
// disallow (for this run); pressoir reports that as a failure of the host.
TEST_CASE("politeness: robots.txt 404 allows all, 500 disallows the host", "[crawler][e2e]") {
  FixtureServer server;
  AddSite(server, "news.test", 3);

  SECTION("404") {
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Status(404));
    CrawlRun crawl;
    CommandResult result = crawl.Run(server, {"news.test"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(server.RequestsFor("news.test").size() == 5);
    CHECK(Contains(result.out, "robots.txt disallowed: 0"));
  }
  SECTION("500") {
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Status(500));
    CrawlRun crawl;
    CommandResult result = crawl.Run(server, {"news.test"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    auto requests = server.RequestsFor("news.test");
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].path == "/robots.txt");
    // Reported as the host's failure (issue 13), not as pages refused by robots.txt.
    CHECK(result.exit_code == 1);
    CHECK(Contains(result.out, "failures: 1 (robots-unavailable: 1)"));
    CHECK(Contains(result.out, "robots.txt disallowed: 0"));
    CHECK(Contains(crawl.Log(), ": robots.txt unavailable ("));
  }
}

// RFC 9309 §2.3.1.2: robots.txt redirects are followed, across hosts too (the crawler follows
// them hop by hop: issue 13, item 6), and the rules of the file they lead to apply; after five
// hops the file is treated as unavailable (allow all).
TEST_CASE("politeness: robots.txt redirects are followed up to five hops", "[crawler][e2e]") {
  FixtureServer server;
  AddSite(server, "news.test", 3);
  SECTION("to another host: its rules apply") {
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Redirect(301, "/r1"));
    server.RouteHost("news.test", "/r1", pressoir::testing::Redirect(302, server.UrlFor("cdn.test", "/robots.txt")));
    server.RouteHost("cdn.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nDisallow: /page-2.html\n"));
    CrawlRun crawl(ConfigKeys{{"allow_private_addresses", "true"}});
    crawl.also_resolve = {"cdn.test"};
    CommandResult result = crawl.Run(server, {"news.test"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err << "\nlog: " << crawl.Log());
    CHECK(result.exit_code == 0);
    CHECK(server.RequestsFor("cdn.test").size() == 1);
    CHECK(WithPath(server.RequestsFor("news.test"), "/page-1.html").size() == 1);
    CHECK(WithPath(server.RequestsFor("news.test"), "/page-2.html").empty());
    CHECK(Contains(result.out, "robots.txt disallowed: 1"));
  }
  SECTION("a loop: unavailable after five hops, everything allowed") {
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Redirect(302, "/robots.txt"));
    CrawlRun crawl;
    CommandResult result = crawl.Run(server, {"news.test"});
    INFO("stdout: " << result.out << "\nstderr: " << result.err << "\nlog: " << crawl.Log());
    CHECK(result.exit_code == 0);
    CHECK(WithPath(server.RequestsFor("news.test"), "/robots.txt").size() == 6);  // the request and 5 hops
    CHECK(WithPath(server.RequestsFor("news.test"), "/page-3.html").size() == 1);
    CHECK(Contains(result.out, "robots.txt disallowed: 0"));
  }
}

// RFC 9309 §2.2.2: Disallow rules are obeyed, and the most specific (longest) match wins, so
// an Allow inside a disallowed directory is fetched; §2.2.1: the group of the crawler's
// product token applies, not the groups of other crawlers.
TEST_CASE("politeness: robots.txt Disallow rules are obeyed", "[crawler][e2e]") {
  FixtureServer server;
  server.RouteHost("news.test", "/robots.txt",
                   pressoir::testing::Text("User-agent: otherbot\nDisallow: /\n\n"
                                           "User-agent: pressoir\nDisallow: /private/\nAllow: /private/open.html\n"));
  server.RouteHost("news.test", "/",
                   pressoir::testing::Html(
                       "<html><body><a href=\"/a.html\">a</a> <a href=\"/private/secret.html\">s</a>"
                       " <a href=\"/private/open.html\">o</a></body></html>"));
  for (std::string path : {"/a.html", "/private/secret.html", "/private/open.html"}) {
    server.RouteHost("news.test", path, pressoir::testing::Html("<html><body><p>" + path + "</p></body></html>"));
  }
  CrawlRun crawl;

  CommandResult result = crawl.Run(server, {"news.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);

  auto requests = server.RequestsFor("news.test");
  CHECK(WithPath(requests, "/robots.txt").size() == 1);
  CHECK(WithPath(requests, "/a.html").size() == 1);
  CHECK(WithPath(requests, "/private/open.html").size() == 1);
  CHECK(WithPath(requests, "/private/secret.html").empty());
  CHECK(Contains(result.out, "robots.txt disallowed: 1"));
}

namespace {

// One crawl shared by the retry cases (the back-off takes seconds of crawl time; running it
// once keeps the file fast), on a test clock 10 times faster: busy.test answers its first
// /page-1.html with 429 and Retry-After: 1, then normally; down.test answers /page-1.html
// with 503 every time.
struct RetryCrawl {
  FixtureServer server;
  CrawlRun crawl{ConfigKeys{{"retries", "2"}, {"per_host_delay", "100ms"}}, 10};
  CommandResult result;
  std::atomic<int> busy_hits{0};

  RetryCrawl() {
    AddSite(server, "busy.test", 3);
    server.RouteHost("busy.test", PagePath(1), [this](const RecordedRequest&) {
      if (busy_hits++ == 0) return pressoir::testing::RetryAfter(429, "1");
      return pressoir::testing::Html("<html><body><p>finally</p></body></html>");
    });
    AddSite(server, "down.test", 2);
    server.RouteHost("down.test", PagePath(1), pressoir::testing::Status(503));
    result = crawl.Run(server, {"busy.test", "down.test"});
  }

  static RetryCrawl& Get() {
    static RetryCrawl shared;
    return shared;
  }
};

}  // namespace

// RFC 6585 §4 and RFC 9110 §10.2.3: after a 429 with Retry-After: 1 the client waits at least
// one second before asking again; the crawl waits that long before any request to the host,
// since Retry-After speaks for the server, not for one URL.
TEST_CASE("politeness: 429 Retry-After is honoured", "[crawler][e2e]") {
  RetryCrawl& run = RetryCrawl::Get();
  INFO("stdout: " << run.result.out << "\nstderr: " << run.result.err);
  auto requests = run.server.RequestsFor("busy.test");
  auto page = WithPath(requests, PagePath(1));
  REQUIRE(page.size() == 2);
  const CrawlRun& crawl = run.crawl;
  CHECK(crawl.OnCrawlClock(Between(page[0], page[1])) >= milliseconds(1000) - crawl.OnCrawlClock(kSlack));
  for (const RecordedRequest& request : requests) {
    if (request.received_at <= page[0].received_at) continue;
    INFO("request " << request.path);
    CHECK(crawl.OnCrawlClock(Between(page[0], request)) >= milliseconds(1000) - crawl.OnCrawlClock(kSlack));
  }
  CHECK(requests.size() == 6);  // robots.txt, "/", 3 pages, 1 retry
}

// RFC 9110 §15.6.4: 503 is temporary, so it is retried; issue 3, item 4: with exponential
// back-off (each wait longer than the last, whatever the jitter) and, after `retries` extra
// attempts, given up: counted as a failure, and the exit code says some pages failed.
TEST_CASE("politeness: 503 is retried with back-off, then given up", "[crawler][e2e]") {
  RetryCrawl& run = RetryCrawl::Get();
  INFO("stdout: " << run.result.out << "\nstderr: " << run.result.err);
  auto page = WithPath(run.server.RequestsFor("down.test"), PagePath(1));
  REQUIRE(page.size() == 3);  // the first attempt and 2 retries
  milliseconds first_wait = run.crawl.OnCrawlClock(Between(page[0], page[1]));
  milliseconds second_wait = run.crawl.OnCrawlClock(Between(page[1], page[2]));
  CHECK(first_wait >= milliseconds(1000));  // a back-off, not the 100 ms per-host delay
  CHECK(second_wait > first_wait);
  CHECK(run.result.exit_code == 1);
  CHECK(Contains(run.result.out, "failures: 1 (http-503: 1)"));
  CHECK(Contains(run.result.out, "retries: 3"));  // 1 on busy.test, 2 on down.test
  // The other pages of the host were not held back by the retries.
  CHECK(WithPath(run.server.RequestsFor("down.test"), PagePath(2)).size() == 1);
}

// Issue 3, item 4: "a per-host circuit breaker that backs off a host that keeps failing".
// After host_failure_threshold (5) failures in a row the host is paused (for host_pause,
// 60 s), while the other hosts go on. On a test clock 20 times faster, the case waits until
// the other host is done and the failing one has failed 5 times, watches the paused host for
// 10 s of crawl time (well within the pause), then stops the run with SIGTERM.
TEST_CASE("politeness: a host failing repeatedly is paused", "[crawler][e2e]") {
  constexpr milliseconds kWatchPaused{10000};  // crawl time
  FixtureServer server;
  AddSite(server, "failing.test", 8);
  for (int i = 1; i <= 8; ++i) server.RouteHost("failing.test", PagePath(i), pressoir::testing::Status(500));
  AddSite(server, "healthy.test", 8);
  CrawlRun crawl(ConfigKeys{}, 20);
  auto failed_pages = [&] {
    auto failing = server.RequestsFor("failing.test");
    return failing.size() - WithPath(failing, "/robots.txt").size() - WithPath(failing, "/").size();
  };

  std::unique_ptr<BackgroundProcess> process = crawl.Start(server, {"failing.test", "healthy.test"});
  bool settled = WaitUntil([&] { return server.RequestsFor("healthy.test").size() >= 10 && failed_pages() >= 5; },
                           milliseconds(30000));
  std::this_thread::sleep_for(kWatchPaused / crawl.clock_speed());
  process->Signal(SIGTERM);
  std::optional<int> exit_code = process->WaitFor(milliseconds(15000));
  INFO("stdout: " << process->Stdout() << "\nstderr: " << process->Stderr() << "\nlog: " << crawl.Log());
  CHECK(settled);
  REQUIRE(exit_code);

  CHECK(failed_pages() == 5);  // 8 pages waiting, none after the fifth failure
  CHECK(Contains(crawl.Log(), "5 failures in a row, pausing the host"));
  CHECK(server.RequestsFor("healthy.test").size() == 10);  // the other host finished
  CHECK(Contains(process->Stdout(), "stopped early"));
  CHECK(*exit_code == 1);
}

// Issue 3 ("Scope and budgets" in crawler.yaml): time_limit stops the run on time. Known bug
// (crawl.cc): BudgetReached() compares the clock with the deadline only when Pump() runs, and
// no timer is armed for the deadline, so a run whose only pending work is a paused host (or a
// long retry) sleeps past the limit until that wake-up (host_pause: 60 s). On a test clock 4
// times faster: the 60 s pause is 15 s of real time, beyond the 12 s before timeout(1) sends
// SIGTERM.
TEST_CASE("politeness: time_limit ends the run even while a host is paused", "[crawler][e2e]") {
  FixtureServer server;
  AddSite(server, "failing.test", 8);
  for (int i = 1; i <= 8; ++i) server.RouteHost("failing.test", PagePath(i), pressoir::testing::Status(500));
  CrawlRun crawl(ConfigKeys{{"time_limit", "2s"}}, 4);

  CommandResult result = crawl.Run(server, {"failing.test"}, false, 12);
  INFO("stdout: " << result.out << "\nstderr: " << result.err << "\nlog: " << crawl.Log());

  CHECK(Contains(result.out, "stopped early"));
  CHECK_FALSE(Contains(crawl.Log(), "received SIGTERM"));            // it stopped by itself
  CHECK(crawl.OnCrawlClock(crawl.elapsed()) < milliseconds(10000));  // 2 s limit; without the fix 60 s
}

// RFC 9309 §2.2.2 / §2.4: a crawler obeys the robots.txt of every host it fetches from, and
// issue 3, item 2: every request to a host counts toward its delay. Known bug (crawl.cc with
// the fetcher's CURLOPT_FOLLOWLOCATION): redirects are followed inside libcurl, so a page on
// one host that redirects to another host fetches the target without that host's robots.txt
// (or delay, or scope) ever being consulted.
TEST_CASE("politeness: a redirect to another host obeys that host's robots.txt", "[crawler][e2e]") {
  FixtureServer server;
  server.RouteHost("a.test", "/",
                   pressoir::testing::Html("<html><body><a href=\"/moved.html\">moved</a></body></html>"));
  server.RouteHost("a.test", "/moved.html",
                   pressoir::testing::Redirect(302, server.UrlFor("b.test", "/private/secret.html")));
  server.RouteHost("b.test", "/robots.txt", pressoir::testing::Text("User-agent: *\nDisallow: /private/\n"));
  server.RouteHost("b.test", "/private/secret.html", pressoir::testing::Html("<html><body>secret</body></html>"));
  CrawlRun crawl;
  crawl.also_resolve = {"b.test"};

  CommandResult result = crawl.Run(server, {"a.test"});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);

  CHECK(WithPath(server.RequestsFor("a.test"), "/moved.html").size() == 1);
  CHECK(WithPath(server.RequestsFor("b.test"), "/private/secret.html").empty());
}

namespace {

// UTF-8 -> ISO-8859-1 or Windows-1252 (the characters these tests use; others become '?',
// which the expected strings never contain).
std::string Encode(const std::string& utf8, bool windows_1252) {
  static const std::map<char32_t, char> kWindows1252 = {
      {U'€', '\x80'}, {U'…', '\x85'}, {U'‘', '\x91'}, {U'’', '\x92'}, {U'“', '\x93'},
      {U'”', '\x94'}, {U'–', '\x96'}, {U'—', '\x97'}, {U'Œ', '\x8C'}, {U'œ', '\x9C'},
  };
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    char32_t code = 0;
    size_t length = 1;
    if (byte < 0x80) {
      code = byte;
    } else if ((byte & 0xE0) == 0xC0) {
      code = byte & 0x1F;
      length = 2;
    } else if ((byte & 0xF0) == 0xE0) {
      code = byte & 0x0F;
      length = 3;
    } else {
      code = byte & 0x07;
      length = 4;
    }
    for (size_t k = 1; k < length; ++k) code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += length;
    if (code < 0x80 || (code >= 0xA0 && code <= 0xFF)) {
      out += static_cast<char>(code);
    } else if (auto found = kWindows1252.find(code); windows_1252 && found != kWindows1252.end()) {
      out += found->second;
    } else {
      out += '?';
    }
  }
  return out;
}

struct EncodedPage {
  std::string path;
  bool windows_1252;
  std::string header_charset;  // charset parameter of Content-Type; "" for none
  std::string meta;            // <meta> declaration in <head>; "" for none
};

const std::string kLatin1Text =
    "<h1>À Liège, l'été s'achève sous la pluie</h1>"
    "<p>Les élèves reçoivent déjà leurs bulletins : « Ça a été très dur », confie Éloïse, qui rêve "
    "d'études à l'étranger. Au château de Chênée, le maître d'hôtel prépare un gâteau à la crème "
    "brûlée pour la fête du quartier, où l'on attend près de deux cents invités.</p>"
    "<p>Dès l'aube, les bénévoles ont installé des tréteaux et des bâches ; le maïs grillé et les "
    "crêpes au sucre seront vendus au profit de l'école. « Nous espérons un ciel dégagé », glisse "
    "la présidente du comité, très émue.</p>";

const std::string kWindows1252Text =
    "<h1>L’économie belge face au cœur de la crise</h1>"
    "<p>“Nous n’avons jamais vu ça”, reconnaît l’économiste Zoé Lefèvre. Le prix du pain a "
    "augmenté de 12 € en un an – une hausse que les ménages ressentent déjà… Les œuvres "
    "caritatives reçoivent deux fois plus de demandes qu’il y a douze mois.</p>"
    "<p>À Bruxelles, l’État promet des mesures “rapides et ciblées”. Les syndicats, eux, "
    "réclament un geste plus fort : « Ce n’est qu’un début », prévient leur porte-parole, "
    "sous les applaudissements de la foule réunie devant le siège du gouvernement.</p>";

std::string ArticleHtml(const EncodedPage& page) {
  std::string body = page.windows_1252 ? kWindows1252Text : kLatin1Text;
  return Encode("<!DOCTYPE html><html lang=\"fr\"><head>" + page.meta +
                    "<title>Article</title></head><body>"
                    "<header><nav><a href=\"/\">Accueil</a></nav></header><main><article>" +
                    body + "</article></main><footer>Le Journal</footer></body></html>",
                page.windows_1252);
}

}  // namespace

// Issue 3, item 5: the charset comes from the Content-Type parameter (RFC 9110 §8.3.2), else
// a <meta charset> or http-equiv declaration (HTML Standard §4.2.5.5, "prescan"), else
// detection; the text is converted to UTF-8, so ISO-8859-1 and Windows-1252 pages come out
// with correct accents, never as mojibake or U+FFFD.
TEST_CASE("politeness: Latin-1 and Windows-1252 pages come out with correct accents", "[crawler][e2e]") {
  const std::vector<EncodedPage> pages = {
      {"/latin1-header.html", false, "iso-8859-1", ""},
      {"/latin1-meta.html", false, "", "<meta charset=\"ISO-8859-1\">"},
      {"/latin1-undeclared.html", false, "", ""},
      {"/cp1252-header.html", true, "windows-1252", ""},
      {"/cp1252-http-equiv.html", true, "",
       "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"},
      {"/cp1252-undeclared.html", true, "", ""},
  };
  FixtureServer server;
  std::string index = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Accueil</title></head><body><ul>";
  for (const EncodedPage& page : pages) {
    index += "<li><a href=\"" + page.path + "\">" + page.path + "</a></li>";
    server.RouteHost("enc.test", page.path, pressoir::testing::Html(ArticleHtml(page), page.header_charset));
  }
  server.RouteHost("enc.test", "/", pressoir::testing::Html(index + "</ul></body></html>"));
  CrawlRun crawl(ConfigKeys{{"per_host_delay", "0"}});

  CommandResult result = crawl.Run(server, {"enc.test"}, true);
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);

  std::map<std::string, std::string> text_by_path;
  std::istringstream manifest(ReadFileOrEmpty(crawl.corpus_path() + "/manifest.jsonl"));
  for (std::string line; std::getline(manifest, line);) {
    nlohmann::json entry = nlohmann::json::parse(line);
    std::string url = entry["url"];
    text_by_path[url.substr(url.rfind('/'))] =
        ReadFileOrEmpty(crawl.corpus_path() + "/" + entry["path"].get<std::string>());
  }
  for (const EncodedPage& page : pages) {
    INFO("page " << page.path);
    REQUIRE(text_by_path.count(page.path) == 1);
    const std::string& text = text_by_path[page.path];
    CHECK_FALSE(Contains(text, "\xEF\xBF\xBD"));  // U+FFFD
    CHECK_FALSE(Contains(text, "Ã"));             // UTF-8 read as Latin-1
    if (page.windows_1252) {
      CHECK(Contains(text, "L’économie belge face au cœur de la crise"));
      CHECK(Contains(text, "“Nous n’avons jamais vu ça”"));
      CHECK(Contains(text, "12 € en un an – une hausse"));
      CHECK(Contains(text, "déjà…"));
      CHECK(Contains(text, "À Bruxelles, l’État"));
    } else {
      CHECK(Contains(text, "À Liège, l'été s'achève"));
      CHECK(Contains(text, "« Ça a été très dur », confie Éloïse"));
      CHECK(Contains(text, "château de Chênée, le maître d'hôtel"));
      CHECK(Contains(text, "maïs grillé"));
    }
  }
}

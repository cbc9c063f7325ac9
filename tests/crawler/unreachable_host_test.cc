// Issue 13, item 1: a host that cannot be reached (DNS failure, connection refused, TLS
// error, timeout) is a failure that cron sees: counted in the summary ("host-unreachable"),
// one error line per host on stderr even when stderr is not a terminal (RunCommand reads it
// through a pipe), in runs.jsonl and `pressoir stats`, and exit 1. RFC 9309's rule stays: an
// unreachable robots.txt disallows the host for the run, but is not counted as "robots.txt
// disallowed"; the host's URLs are due again in the next run.
//
// Nothing leaves 127.0.0.1: the refused host is a loopback port nothing listens on, and the
// DNS failure is a name that the resolver rejects before sending any query (a label longer
// than the 63 bytes RFC 1035 §2.3.4 allows: glibc fails while building the query, as
// `strace -e trace=network curl http://<64 a>.invalid/` shows).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/state.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::CommandResult;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::Response;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;
using std::chrono::milliseconds;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A crawl of one start URL with no site rules, one retry after a short back-off.
struct UnreachableRun : pressoir::testing::CrawlDirs {
  CommandResult Crawl(const std::string& start, const std::string& extra_config = "", const std::string& resolve = "") {
    fs::create_directories(sites);
    WriteFile(config, "retries: 1\nretry_base_delay: 10ms\nconnect_timeout: 2s\n" + extra_config);
    std::vector<std::string> argv = {PRESSOIR_BINARY, "crawl", "--archive", "",    "--config", config, "--sites", sites,
                                     "--corpus",      corpus,  "--state",   state, "--start",  start};
    if (!resolve.empty()) argv.insert(argv.end(), {"--resolve", resolve});
    return RunCommand(argv);
  }
};

// Everything cron and `pressoir stats` should show for one unreachable `origin`.
void CheckReportedUnreachable(UnreachableRun& run, const CommandResult& result, const std::string& origin) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  // One line on stderr, naming the host and the reason.
  std::vector<std::string> err_lines = Lines(result.err);
  REQUIRE(err_lines.size() == 1);
  CHECK(Contains(err_lines[0], "error: " + origin + ": host unreachable ("));
  CHECK(Contains(err_lines[0], "2 attempts"));
  // The summary counts it as a failure, not as a robots.txt refusal.
  CHECK(Contains(result.out, "failures: 1 (host-unreachable: 1)"));
  CHECK(Contains(result.out, "retries: 1"));
  CHECK(Contains(result.out, "robots.txt disallowed: 0"));

  std::vector<std::string> runs = Lines(ReadFileOrEmpty(run.corpus + "/runs.jsonl"));
  REQUIRE(runs.size() == 1);
  nlohmann::json record = nlohmann::json::parse(runs[0]);
  CHECK(record["failures"] == 1);
  CHECK(record["failures_by_reason"]["host-unreachable"] == 1);
  CHECK(record["unreachable_hosts"] == nlohmann::json::array({origin}));
  CHECK(record["robots_disallowed"] == 0);

  CommandResult stats = RunCommand({PRESSOIR_BINARY, "stats", "--corpus", run.corpus});
  INFO("stats: " << stats.out << stats.err);
  CHECK(stats.exit_code == 0);
  CHECK(Contains(stats.out, "1 failure (host-unreachable 1), unreachable host: " + origin));

  // Its start URL is due again in the next run (RFC 9309: disallowed for this run only).
  pressoir::state::CrawlState state(run.state);
  std::vector<std::string> due = state.HostsWithDueUrls(INT64_MAX);
  CHECK(std::find(due.begin(), due.end(), origin) != due.end());
}

}  // namespace

TEST_CASE("an unreachable start host is a failure on stderr, in the summary and in stats", "[crawler][e2e]") {
  SECTION("connection refused (robots.txt)") {
    UnreachableRun run;
    std::string origin = "http://127.0.0.1:" + std::to_string(pressoir::testing::FreeLoopbackPort());
    CommandResult result = run.Crawl(origin + "/");
    CheckReportedUnreachable(run, result, origin);
    CHECK(Contains(result.err, "network-error"));
  }
  SECTION("DNS failure (robots.txt)") {
    UnreachableRun run;
    std::string origin = "http://" + std::string(64, 'a') + ".invalid";
    CommandResult result = run.Crawl(origin + "/");
    CheckReportedUnreachable(run, result, origin);
    CHECK(Contains(result.err, "Could not resolve host"));
  }
  SECTION("timeout (robots.txt: the server accepts the connection and never answers in time)") {
    FixtureServer server;
    server.RouteHost("silent.test", "/robots.txt", Response{.status = 200, .delay = milliseconds(3000)});
    UnreachableRun run;
    std::string origin = server.UrlFor("silent.test", "");
    CommandResult result = run.Crawl(origin + "/", "timeout: 300ms\n", server.ResolveEntry("silent.test"));
    CheckReportedUnreachable(run, result, origin);
    CHECK(Contains(result.err, "timeout"));
    CHECK(server.RequestsFor("silent.test").size() == 2);  // robots.txt, tried twice; no page
  }
  SECTION("connection refused where robots.txt redirects") {
    FixtureServer server;
    std::string target = "http://127.0.0.1:" + std::to_string(pressoir::testing::FreeLoopbackPort()) + "/robots.txt";
    server.RouteHost("news.test", "/robots.txt", pressoir::testing::Redirect(302, target));
    UnreachableRun run;
    std::string origin = server.UrlFor("news.test", "");
    CommandResult result = run.Crawl(origin + "/", "allow_private_addresses: true\n", server.ResolveEntry("news.test"));
    CheckReportedUnreachable(run, result, origin);
    CHECK(Contains(result.err, "host unreachable (its robots.txt redirects to " + target + ") (network-error"));
    CHECK(server.RequestsFor("news.test").size() == 2);  // robots.txt, tried twice; no page
  }
  SECTION("connection refused (the first page, robots.txt not obeyed)") {
    UnreachableRun run;
    std::string origin = "http://127.0.0.1:" + std::to_string(pressoir::testing::FreeLoopbackPort());
    CommandResult result = run.Crawl(origin + "/", "obey_robots: false\n");
    CheckReportedUnreachable(run, result, origin);
  }
}

// RFC 9309 §2.3.1.4: a robots.txt that answers 429 or a server error disallows the whole
// host. That too is a host nothing could be crawled of: retried, then one error line, a
// failure ("robots-unavailable"), exit 1, and its URLs due again in the next run (not held
// back for a day as a robots.txt refusal would be).
TEST_CASE("a robots.txt that keeps answering 503 or 429 is a failure cron sees", "[crawler][e2e]") {
  for (int status : {503, 429}) {
    DYNAMIC_SECTION("robots.txt answers " << status) {
      FixtureServer server;
      server.RouteHost("busy.test", "/robots.txt", Response{.status = status, .body = "busy"});
      server.RouteHost("busy.test", "/", Response{.status = 200, .body = "<html><body><p>front</p></body></html>"});
      UnreachableRun run;
      std::string origin = server.UrlFor("busy.test", "");
      CommandResult result = run.Crawl(origin + "/", "", server.ResolveEntry("busy.test"));
      INFO("stdout: " << result.out << "\nstderr: " << result.err);
      CHECK(result.exit_code == 1);
      std::vector<std::string> err_lines = Lines(result.err);
      REQUIRE(err_lines.size() == 1);
      CHECK(Contains(err_lines[0], "error: " + origin + ": robots.txt unavailable (" + origin +
                                       "/robots.txt answered http-" + std::to_string(status)));
      CHECK(Contains(err_lines[0], "2 attempts"));
      CHECK(Contains(result.out, "failures: 1 (robots-unavailable: 1)"));
      CHECK(Contains(result.out, "robots.txt disallowed: 0"));
      CHECK(server.RequestsFor("busy.test").size() == 2);  // robots.txt twice, never the page

      nlohmann::json record = nlohmann::json::parse(Lines(ReadFileOrEmpty(run.corpus + "/runs.jsonl")).at(0));
      CHECK(record["unreachable_hosts"] == nlohmann::json::array({origin}));
      pressoir::state::CrawlState state(run.state);
      // Due within the next minute (a robots.txt refusal would wait a day).
      int64_t in_a_minute = std::chrono::duration_cast<milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch() + std::chrono::minutes(1))
                                .count();
      std::vector<std::string> due = state.HostsWithDueUrls(in_a_minute);
      CHECK(std::find(due.begin(), due.end(), origin) != due.end());
    }
  }
}

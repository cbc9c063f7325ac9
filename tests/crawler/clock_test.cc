// The crawl's clock (crawler/clock.h): the real clock reads real time and maps deadlines to
// themselves; a test clock dilates time from the moment it is made, moves its wall time by its
// offset, and maps a deadline to a real time at which it has been reached. A crawl on a test
// clock writes its times to the frontier on that clock.
//
// Timing checks are lower bounds (a sleep lasts at least what was asked); upper bounds are
// loose, only to catch a clock that does not run at all at the given speed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "crawler/clock.h"
#include "crawler/crawl.h"
#include "crawler/log.h"
#include "crawler/state.h"
#include "store/corpus.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::clock::Clock;
using std::chrono::milliseconds;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

// The default clock is real time, read directly: behaviour under it is what it was before.
TEST_CASE("clock: the real clock is steady_clock and system_clock", "[crawler]") {
  Clock clock = Clock::Real();
  CHECK(clock.real());
  CHECK(clock.speed() == 1);
  auto before = std::chrono::steady_clock::now();
  Clock::time_point now = clock.Now();
  auto after = std::chrono::steady_clock::now();
  CHECK(now.time_since_epoch() >= before.time_since_epoch());
  CHECK(now.time_since_epoch() <= after.time_since_epoch());
  CHECK(clock.RealDeadline(now).time_since_epoch() == now.time_since_epoch());
  int64_t wall_before = SystemNowMs();
  int64_t wall = clock.NowMs();
  CHECK(wall >= wall_before);
  CHECK(wall <= SystemNowMs());
}

// Time dilation: crawl time runs `speed` times faster than real time, monotonic and wall alike.
TEST_CASE("clock: a test clock runs speed times faster than real time", "[crawler]") {
  Clock clock = Clock::Test(50);
  CHECK_FALSE(clock.real());
  Clock::time_point start = clock.Now();
  int64_t wall_start = clock.NowMs();
  CHECK(std::abs(wall_start - SystemNowMs()) < 1000);
  std::this_thread::sleep_for(milliseconds(40));
  CHECK(clock.Now() - start >= milliseconds(2000));  // 40 ms real at least
  CHECK(clock.NowMs() - wall_start >= 2000 - 50);    // NowMs() is truncated to the ms
  CHECK(clock.Now() - start < std::chrono::seconds(3600));

  CHECK_THROWS_AS(Clock::Test(0), std::invalid_argument);
}

// A timer armed for crawl time t waits until RealDeadline(t): by then crawl time has reached
// t (never early, or a politeness delay would be cut short), and it is 1/speed as far away.
TEST_CASE("clock: a test clock's real deadline is reached on the crawl clock", "[crawler]") {
  Clock clock = Clock::Test(7);
  for (milliseconds ahead : {milliseconds(1), milliseconds(70), milliseconds(123)}) {
    Clock::time_point when = clock.Now() + ahead;
    auto real_deadline = clock.RealDeadline(when);
    CHECK(real_deadline - std::chrono::steady_clock::now() <= ahead / 7 + milliseconds(1));
    std::this_thread::sleep_until(real_deadline);
    CHECK(clock.Now() >= when);
  }
  // A deadline in the past is in the past in real time too.
  CHECK(clock.RealDeadline(clock.Now() - std::chrono::seconds(1)) < std::chrono::steady_clock::now());
}

// The offset moves the wall time only: a run "30 days later" without waiting 30 days.
TEST_CASE("clock: a test clock's offset moves its wall time", "[crawler]") {
  Clock later = Clock::Test(1, milliseconds(30 * kDayMs));
  CHECK(later.wall_offset() == milliseconds(30 * kDayMs));
  CHECK(std::abs(later.NowMs() - (SystemNowMs() + 30 * kDayMs)) < 1000);
  CHECK(std::abs(std::chrono::duration_cast<milliseconds>(later.Now().time_since_epoch() -
                                                          std::chrono::steady_clock::now().time_since_epoch())
                     .count()) < 1000);
}

// Every time the crawl stores (the URL's last fetch, its next visit) comes from its clock:
// a crawl on a clock 30 days ahead records its fetch 30 days ahead and schedules the
// article's revisit (revisit_articles) from there.
TEST_CASE("clock: a crawl writes its clock's times to the frontier", "[crawler]") {
  pressoir::testing::FixtureServer server;
  server.RouteHost("news.test", "/", pressoir::testing::Html("<html><body><p>Accueil</p></body></html>"));
  pressoir::testing::TempDir dir;
  pressoir::crawl::CrawlOptions options;
  options.config.user_agent = "pressoir";
  options.config.per_host_delay = milliseconds(0);
  options.config.revisit_index = milliseconds(kDayMs);
  options.config.retries = 0;
  options.start_urls = {server.UrlFor("news.test", "/")};
  options.resolve = {server.ResolveEntry("news.test")};
  options.extract = false;
  options.handle_signals = false;
  options.clock = Clock::Test(1, milliseconds(30 * kDayMs));
  int64_t before = options.clock.NowMs();
  {
    pressoir::corpus::CorpusWriter corpus(dir.path() + "/corpus");
    pressoir::state::CrawlState state(dir.path() + "/state");
    std::ostringstream console;
    pressoir::log::Log log(console, "", false);
    pressoir::crawl::CrawlSummary summary = pressoir::crawl::RunCrawl(options, corpus, state, log);
    INFO(console.str());
    REQUIRE(summary.pages_fetched == 1);
  }
  int64_t after = options.clock.NowMs();
  pressoir::state::CrawlState next_run(dir.path() + "/state");
  auto entry = next_run.Lookup(server.UrlFor("news.test", "/"));
  REQUIRE(entry);
  REQUIRE(entry->last_fetch_ms);
  CHECK(*entry->last_fetch_ms >= before);
  CHECK(*entry->last_fetch_ms <= after);
  // Due again a day after the fetch on the crawl's clock: not a day after in real time.
  CHECK(next_run.HostsWithDueUrls(after + kDayMs - 1000).empty());
  CHECK(next_run.HostsWithDueUrls(before + kDayMs + 1000).size() == 1);
}

// Unit tests of the crawl state (crawler/state.h): the on-disk frontier, leases per run, the
// validators kept between runs and the exclusive lock on a state directory (issue 6, items 1,
// 4 and 5).
#include "crawler/state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace {

using pressoir::state::CrawlState;
using pressoir::state::FetchRecord;
using pressoir::state::FrontierEntry;
using pressoir::state::StateLock;
using pressoir::state::UrlKind;
using pressoir::testing::TempDir;

constexpr const char* kHost = "http://a.test";

FrontierEntry Entry(const std::string& path, int priority = 0, const std::string& host = kHost) {
  FrontierEntry entry;
  entry.url = host + path;
  entry.site = "a";
  entry.host = host;
  entry.depth = 1;
  entry.priority = priority;
  return entry;
}

std::vector<std::string> Urls(const std::vector<FrontierEntry>& entries) {
  std::vector<std::string> urls;
  for (const FrontierEntry& entry : entries) urls.push_back(entry.url);
  return urls;
}

FetchRecord RecordOf(const std::string& url, std::optional<int64_t> next_due_ms, bool retry_this_run = false) {
  FetchRecord record;
  record.url = url;
  record.outcome = "ok";
  record.next_due_ms = next_due_ms;
  record.retry_this_run = retry_this_run;
  return record;
}

// Issue 6, item 1: every URL seen is remembered once; adding it again (from another page, or
// in a later run) neither duplicates it nor reschedules it.
TEST_CASE("AddIfNew adds a URL once", "[crawler]") {
  TempDir dir;
  CrawlState state(dir.path());
  int64_t now = pressoir::state::NowMs();
  CHECK(state.AddIfNew(Entry("/a"), now));
  CHECK_FALSE(state.AddIfNew(Entry("/a", 5), now - 1000));
  CHECK(state.AddIfNew(Entry("/b"), now));
  CHECK(state.CountUrls() == 2);
  CHECK(state.CountDue() == 2);
  auto found = state.Lookup("http://a.test/a");
  REQUIRE(found);
  CHECK(found->site == "a");
  CHECK(found->host == kHost);
  CHECK(found->depth == 1);
  CHECK(found->priority == 0);  // the first add wins
  CHECK(found->kind == UrlKind::kPage);
  CHECK_FALSE(found->last_fetch_ms);
  CHECK_FALSE(state.Lookup("http://a.test/missing"));
}

// state.h: LeaseDue hands out up to `limit` due URLs of one host, best priority first, then
// earliest due; URLs not yet due and URLs of other hosts are not handed out.
TEST_CASE("LeaseDue hands out due URLs by priority, within the limit", "[crawler]") {
  TempDir dir;
  CrawlState state(dir.path());
  int64_t now = pressoir::state::NowMs();
  state.AddIfNew(Entry("/low-late", 0), now - 10);
  state.AddIfNew(Entry("/low-early", 0), now - 20);
  state.AddIfNew(Entry("/high", 10), now - 1);
  state.AddIfNew(Entry("/mid", 5), now - 1);
  state.AddIfNew(Entry("/future", 99), now + 3'600'000);
  state.AddIfNew(Entry("/other", 99, "http://b.test"), now - 1);

  auto hosts = state.HostsWithDueUrls(now);
  std::sort(hosts.begin(), hosts.end());
  CHECK(hosts == std::vector<std::string>{"http://a.test", "http://b.test"});

  CHECK(Urls(state.LeaseDue(kHost, now, 2)) == std::vector<std::string>{"http://a.test/high", "http://a.test/mid"});
  CHECK(Urls(state.LeaseDue(kHost, now, 10)) ==
        std::vector<std::string>{"http://a.test/low-early", "http://a.test/low-late"});
  CHECK(state.LeaseDue(kHost, now, 10).empty());
  CHECK(state.HostsWithDueUrls(now) == std::vector<std::string>{"http://b.test"});
  // The future URL is the next one due on this host.
  CHECK(state.NextDueMs() == std::optional<int64_t>(now - 1));  // b.test's URL is still due
  CHECK(Urls(state.LeaseDue("http://b.test", now, 10)) == std::vector<std::string>{"http://b.test/other"});
  CHECK(state.NextDueMs() == std::optional<int64_t>(now + 3'600'000));
  CHECK(Urls(state.LeaseDue(kHost, now + 3'600'000, 10)) == std::vector<std::string>{"http://a.test/future"});
  CHECK_FALSE(state.NextDueMs());
}

// state.h: a URL is not handed out twice in one run, even when its fetch was recorded with a
// next visit already due; the next run (a new number) takes it again.
TEST_CASE("LeaseDue never hands a URL out twice in one run", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  {
    CrawlState state(dir.path());
    state.AddIfNew(Entry("/a"), now - 1);
    REQUIRE(state.LeaseDue(kHost, now, 10).size() == 1);
    // Scheduling it again in the same run (a start URL seen again) does not hand it out again.
    state.ScheduleAt(Entry("/a"), now - 1);
    CHECK(state.LeaseDue(kHost, now, 10).empty());
    state.Record(RecordOf("http://a.test/a", now - 1));
    CHECK(state.LeaseDue(kHost, now, 10).empty());
    CHECK(state.HostsWithDueUrls(now).empty());
    CHECK_FALSE(state.NextDueMs());
    CHECK(state.CountDue() == 1);
  }
  CrawlState next(dir.path());
  CHECK(next.run() == 2);
  CHECK(Urls(next.LeaseDue(kHost, pressoir::state::NowMs(), 10)) == std::vector<std::string>{"http://a.test/a"});
}

// Issue 6, item 5: a run killed with SIGKILL after taking URLs never records them; the next
// run (the database reopened) finds them due again, at their old due time.
TEST_CASE("URLs leased by a killed run are due again in the next run", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  {
    CrawlState state(dir.path());
    CHECK(state.run() == 1);
    state.Begin();
    state.AddIfNew(Entry("/a", 1), now - 100);
    state.AddIfNew(Entry("/b"), now - 50);
    state.Commit();
    REQUIRE(state.LeaseDue(kHost, now, 10).size() == 2);
    CHECK(state.CountDue() == 0);
    // Destroyed without Record or Release: what a killed process leaves on disk.
  }
  CrawlState state(dir.path());
  CHECK(state.run() == 2);
  CHECK(state.CountDue() == 2);
  CHECK(state.NextDueMs() == std::optional<int64_t>(now - 100));
  CHECK(Urls(state.LeaseDue(kHost, now, 10)) == std::vector<std::string>{"http://a.test/a", "http://a.test/b"});
}

// state.h: Record stores the outcome, validators, hash and article id and the next visit:
// nullopt never again; retry_this_run gives the lease back so the URL is handed out again in
// this run once due.
TEST_CASE("Record schedules the next visit", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  CrawlState state(dir.path());
  state.AddIfNew(Entry("/article"), now - 1);
  state.AddIfNew(Entry("/retry"), now - 1);
  state.AddIfNew(Entry("/later"), now - 1);
  REQUIRE(state.LeaseDue(kHost, now, 10).size() == 3);

  SECTION("never again") {
    FetchRecord record = RecordOf("http://a.test/article", std::nullopt);
    record.etag = "\"v1\"";
    record.last_modified = "Wed, 01 May 2024 10:00:00 GMT";
    record.content_hash = "abc";
    record.article_id = "0123456789abcdef";
    state.Record(record);
    auto found = state.Lookup("http://a.test/article");
    REQUIRE(found);
    CHECK(found->etag == "\"v1\"");
    CHECK(found->last_modified == "Wed, 01 May 2024 10:00:00 GMT");
    CHECK(found->content_hash == "abc");
    CHECK(found->article_id == "0123456789abcdef");
    REQUIRE(found->last_fetch_ms);
    CHECK(*found->last_fetch_ms >= now);
    // A later record without an article id keeps the one known (a 304 on a revisit).
    state.Record(RecordOf("http://a.test/article", std::nullopt));
    CHECK(state.Lookup("http://a.test/article")->article_id == "0123456789abcdef");
    CHECK(state.CountDue() == 0);
  }
  SECTION("retry in this run") {
    FetchRecord record = RecordOf("http://a.test/retry", now + 50, /*retry_this_run=*/true);
    record.outcome = "timeout";
    record.attempts = 1;
    state.Record(record);
    CHECK(state.LeaseDue(kHost, now, 10).empty());  // not due yet
    CHECK(state.NextDueMs() == std::optional<int64_t>(now + 50));
    auto again = state.LeaseDue(kHost, now + 50, 10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].url == "http://a.test/retry");
    CHECK(again[0].attempts == 1);
  }
  SECTION("a later run") {
    state.Record(RecordOf("http://a.test/later", now - 1));
    CHECK(state.LeaseDue(kHost, now, 10).empty());
    CHECK_FALSE(state.NextDueMs());
  }
}

// state.h: Release gives a leased URL back unfetched (a run stopping early): due as before,
// and available again even in this run.
TEST_CASE("Release makes a leased URL due again", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  CrawlState state(dir.path());
  state.AddIfNew(Entry("/a"), now - 10);
  REQUIRE(state.LeaseDue(kHost, now, 10).size() == 1);
  state.Release("http://a.test/a");
  CHECK(state.CountDue() == 1);
  CHECK(state.NextDueMs() == std::optional<int64_t>(now - 10));
  CHECK(state.LeaseDue(kHost, now, 10).size() == 1);
  // Releasing a URL that is not leased changes nothing.
  state.Release("http://a.test/a");
  state.Release("http://a.test/a");
  CHECK(state.CountDue() == 1);
  state.Record(RecordOf("http://a.test/a", std::nullopt));
  state.Release("http://a.test/a");  // recorded: no lease left to give back
  CHECK(state.CountDue() == 0);
}

// state.h: ScheduleAt makes a URL due at a time (adding it when unknown) unless it is due
// earlier already or was handed out in this run; start URLs and feeds are re-scheduled so.
TEST_CASE("ScheduleAt moves a URL earlier, never later", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  CrawlState state(dir.path());
  state.ScheduleAt(Entry("/start"), now + 1000);
  CHECK(state.CountUrls() == 1);
  CHECK(state.NextDueMs() == std::optional<int64_t>(now + 1000));
  state.ScheduleAt(Entry("/start"), now + 5000);  // later: ignored
  CHECK(state.NextDueMs() == std::optional<int64_t>(now + 1000));
  state.ScheduleAt(Entry("/start"), now - 5);  // earlier: moved
  CHECK(state.NextDueMs() == std::optional<int64_t>(now - 5));
  REQUIRE(state.LeaseDue(kHost, now, 10).size() == 1);
  state.ScheduleAt(Entry("/start"), now - 5);  // handed out in this run: unchanged
  CHECK(state.LeaseDue(kHost, now, 10).empty());
  state.Record(RecordOf("http://a.test/start", std::nullopt));
  state.ScheduleAt(Entry("/start"), now - 1);  // still this run's
  CHECK(state.CountDue() == 0);
}

// The same contract across runs: a URL recorded "never again" in one run is due again once a
// later run schedules it (start URLs and feeds), and its validators survive.
TEST_CASE("ScheduleAt re-schedules a URL done in an earlier run", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  {
    CrawlState state(dir.path());
    state.ScheduleAt(Entry("/feed.xml"), now - 1);
    REQUIRE(state.LeaseDue(kHost, now, 10).size() == 1);
    FetchRecord record = RecordOf("http://a.test/feed.xml", std::nullopt);
    record.etag = "\"f1\"";
    state.Record(record);
  }
  CrawlState state(dir.path());
  CHECK(state.CountDue() == 0);
  state.ScheduleAt(Entry("/feed.xml"), now);
  auto leased = state.LeaseDue(kHost, pressoir::state::NowMs(), 10);
  REQUIRE(leased.size() == 1);
  CHECK(leased[0].etag == "\"f1\"");
}

// Issue 6, item 1: the state persists across runs: URLs, validators, the key/value store and
// the run counter.
TEST_CASE("the crawl state persists across reopen", "[crawler]") {
  TempDir dir;
  int64_t now = pressoir::state::NowMs();
  {
    CrawlState state(dir.path());
    state.Begin();
    for (int i = 0; i < 100; ++i) state.AddIfNew(Entry("/p" + std::to_string(i)), now + i);
    state.Commit();
    state.Commit();  // without Begin: a no-op
    state.Put("boilerplate", "x");
    state.Put("boilerplate", "y");
    auto leased = state.LeaseDue(kHost, now + 10, 1);
    REQUIRE(leased.size() == 1);
    FetchRecord record = RecordOf(leased[0].url, std::nullopt);
    record.last_modified = "Wed, 01 May 2024 10:00:00 GMT";
    state.Record(record);
  }
  {
    CrawlState state(dir.path());
    CHECK(state.run() == 2);
  }
  CrawlState state(dir.path());
  CHECK(state.run() == 3);
  CHECK(state.CountUrls() == 100);
  CHECK(state.CountDue() == 99);
  CHECK(state.Get("boilerplate") == std::optional<std::string>("y"));
  CHECK_FALSE(state.Get("missing"));
  CHECK(state.Lookup("http://a.test/p0")->last_modified == "Wed, 01 May 2024 10:00:00 GMT");
}

// Issue 6, item 4: one run per state directory. flock locks belong to the open file
// description, so a second Acquire conflicts even in the same process, and another process
// cannot take the lock either until the holder releases it (or dies).
TEST_CASE("StateLock is exclusive", "[crawler]") {
  TempDir dir;
  std::string state_dir = dir.path() + "/state";
  auto first = StateLock::Acquire(state_dir);
  REQUIRE(first);
  CHECK_FALSE(StateLock::Acquire(state_dir));
  CHECK(pressoir::testing::ReadFileOrEmpty(state_dir + "/lock") == std::to_string(::getpid()) + "\n");

  SECTION("another process cannot take it") {
    std::string lock_path = state_dir + "/lock";
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // Only async-signal-safe calls in the child of a threaded process.
      int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
      int locked = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0;
      ::_exit(fd < 0 ? 2 : locked ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
  }
  SECTION("a moved lock stays held; released when its last owner goes") {
    std::optional<StateLock> moved = std::move(first);
    first.reset();
    CHECK_FALSE(StateLock::Acquire(state_dir));
    moved.reset();
    CHECK(StateLock::Acquire(state_dir));
  }
  SECTION("released on destruction") {
    first.reset();
    auto again = StateLock::Acquire(state_dir);
    CHECK(again);
  }
}

}  // namespace

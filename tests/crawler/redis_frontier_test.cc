// Unit tests of the Redis frontier (crawler/redis_frontier.h) against a real redis-server on
// 127.0.0.1 (issue 8, item 2): every point of the Frontier contract (crawler/frontier.h), with
// several RedisFrontier objects standing for several workers. Leases use short TTLs so that
// expiry takes a fraction of a second.
#include "crawler/redis_frontier.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/redis_server.h"

namespace {

using pressoir::frontier::RedisFrontier;
using pressoir::state::FetchRecord;
using pressoir::state::FrontierEntry;
using pressoir::state::NowMs;
using pressoir::state::StateError;
using pressoir::state::UrlKind;
using pressoir::testing::RedisServer;

constexpr const char* kHost = "http://a.test";
constexpr int64_t kLongTtl = 10000;  // never expires during a test
constexpr int64_t kShortTtl = 400;   // tests of expiry
constexpr int64_t kPastTtl = 700;    // sleep this long for a short lease to be gone

FrontierEntry Entry(const std::string& path, int priority = 0, const std::string& host = kHost) {
  FrontierEntry entry;
  entry.url = host + path;
  entry.site = "a";
  entry.host = host;
  entry.depth = 1;
  entry.priority = priority;
  return entry;
}

FetchRecord RecordOf(const std::string& url, std::optional<int64_t> next_due_ms, bool retry_this_run = false) {
  FetchRecord record;
  record.url = url;
  record.outcome = "ok";
  record.next_due_ms = next_due_ms;
  record.retry_this_run = retry_this_run;
  return record;
}

std::vector<std::string> Urls(const std::vector<FrontierEntry>& entries) {
  std::vector<std::string> urls;
  for (const FrontierEntry& entry : entries) urls.push_back(entry.url);
  return urls;
}

void SleepMs(int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

TEST_CASE("Redis frontier URLs are validated", "[redis]") {
  for (const char* good : {"redis://127.0.0.1:6379/0", "redis://localhost", "redis://redis.internal:7000",
                           "redis://h:1/3?prefix=crawl", "redis://[::1]:6379/1", "redis://h/"}) {
    INFO(good);
    CHECK_FALSE(RedisFrontier::ValidateUrl(good));
  }
  for (const char* bad : {"http://h:6379/0", "redis://", "redis://h:port/0", "redis://h:70000/0", "redis://h:/0",
                          "redis://h:1/db", "redis://user:secret@h:1/0", "redis://h:1/0?db=2",
                          "redis://h:1/0?prefix=", "redis://h:1/0?prefix=a b", "redis://[::1/0", "redis://h h/0"}) {
    INFO(bad);
    std::optional<std::string> error = RedisFrontier::ValidateUrl(bad);
    REQUIRE(error);
    CHECK(error->rfind(std::string(bad) + ": ", 0) == 0);  // names the URL
  }
  CHECK_THROWS_AS(RedisFrontier("redis://h:port/0", "w"), StateError);
}

TEST_CASE("Redis frontier reports an unreachable server with its URL", "[redis]") {
  // Nothing listens on a port just released.
  std::string url = "redis://127.0.0.1:" + std::to_string(pressoir::testing::FreeLoopbackPort()) + "/0";
  CHECK_THROWS_WITH(RedisFrontier(url, "w"), url + ": Connection refused");
}

TEST_CASE("Redis frontier basics: description, sharing, renew interval", "[redis]") {
  RedisServer server;
  RedisFrontier frontier(server.Url(), "host:1", 900);
  CHECK(frontier.Describe() == server.Url());
  CHECK(frontier.Shared());
  CHECK(frontier.LeaseRenewIntervalMs() == 300);
  CHECK(frontier.worker().rfind("host:1/", 0) == 0);
  CHECK(frontier.LiveWorkers() == 1);
  {
    RedisFrontier other(server.Url(), "host:1", 900);
    CHECK(other.worker() != frontier.worker());  // unique even with the same name
    CHECK(frontier.LiveWorkers() == 2);
  }
  CHECK(frontier.LiveWorkers() == 1);  // gone: unregistered
}

TEST_CASE("Redis frontier seen set: of two workers adding a URL, exactly one gets true", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  RedisFrontier b(server.Url(), "b", kLongTtl);
  int64_t now = NowMs();
  CHECK(a.AddIfNew({Entry("/x"), Entry("/y")}, now) == std::vector<bool>{true, true});
  CHECK(b.AddIfNew({Entry("/y"), Entry("/z"), Entry("/z")}, now) == std::vector<bool>{false, true, false});
  CHECK(a.AddIfNew({}, now).empty());
  std::optional<FrontierEntry> z = a.Lookup(std::string(kHost) + "/z");
  REQUIRE(z);
  CHECK(z->site == "a");
  CHECK(z->host == kHost);

  SECTION("concurrently, in batches, in opposite orders") {
    constexpr int kUrls = 1200;
    std::vector<FrontierEntry> entries;
    for (int i = 0; i < kUrls; ++i) entries.push_back(Entry("/c/" + std::to_string(i)));
    std::vector<FrontierEntry> reversed(entries.rbegin(), entries.rend());
    auto add_all = [&](RedisFrontier& frontier, const std::vector<FrontierEntry>& order, std::vector<bool>& out) {
      for (size_t start = 0; start < order.size(); start += 100) {
        std::vector<FrontierEntry> batch(order.begin() + static_cast<std::ptrdiff_t>(start),
                                         order.begin() +
                                             static_cast<std::ptrdiff_t>(std::min(order.size(), start + 100)));
        for (bool added : frontier.AddIfNew(batch, NowMs())) out.push_back(added);
      }
    };
    std::vector<bool> a_added, b_added;
    std::thread other([&] { add_all(b, reversed, b_added); });
    add_all(a, entries, a_added);
    other.join();
    REQUIRE(a_added.size() == kUrls);
    REQUIRE(b_added.size() == kUrls);
    for (size_t i = 0; i < kUrls; ++i) {
      INFO(i);
      CHECK(a_added[i] != b_added[kUrls - 1 - i]);
    }
  }
}

TEST_CASE("Redis frontier LeaseDue: best priority first, earliest due next, due URLs only", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  int64_t now = NowMs();
  a.AddIfNew({Entry("/p0-old")}, now - 300);
  a.AddIfNew({Entry("/p0-new")}, now - 100);
  a.AddIfNew({Entry("/p1-old", 1)}, now - 200);
  a.AddIfNew({Entry("/p1-new", 1)}, now - 50);
  a.AddIfNew({Entry("/p5-later", 5)}, now + 60000);
  a.AddIfNew({Entry("/p-2", -2)}, now - 1000);
  CHECK(a.HostsWithDueUrls(now) == std::vector<std::string>{kHost});

  // LeaseDue requires the host.
  CHECK(a.LeaseDue(kHost, now, 10).empty());
  REQUIRE(a.AcquireHost(kHost, now));
  std::vector<FrontierEntry> first = a.LeaseDue(kHost, now, 3);
  CHECK(Urls(first) == std::vector<std::string>{std::string(kHost) + "/p1-old", std::string(kHost) + "/p1-new",
                                                std::string(kHost) + "/p0-old"});
  CHECK(first[0].priority == 1);
  std::vector<FrontierEntry> rest = a.LeaseDue(kHost, now, 10);
  CHECK(Urls(rest) == std::vector<std::string>{std::string(kHost) + "/p0-new", std::string(kHost) + "/p-2"});
  CHECK(a.LeaseDue(kHost, now, 10).empty());
  CHECK(a.LeaseDue(kHost, now, 0).empty());
  // Only the later URL is left: not due now.
  CHECK(a.HostsWithDueUrls(now).empty());
  CHECK(a.HostsWithDueUrls(now + 60000) == std::vector<std::string>{kHost});
  CHECK(Urls(a.LeaseDue(kHost, now + 60000, 10)) == std::vector<std::string>{std::string(kHost) + "/p5-later"});
}

TEST_CASE("Redis frontier host leases: one worker at a time, next request time passed on", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  RedisFrontier b(server.Url(), "b", kLongTtl);
  int64_t now = NowMs();
  a.AddIfNew({Entry("/1"), Entry("/2")}, now);

  std::optional<int64_t> next = a.AcquireHost(kHost, now);
  REQUIRE(next);
  CHECK(*next == 0);  // never asked before
  CHECK_FALSE(b.AcquireHost(kHost, now));
  CHECK(a.AcquireHost(kHost, now));  // holding it again is fine
  CHECK(b.LeaseDue(kHost, now, 10).empty());
  CHECK(Urls(a.LeaseDue(kHost, now, 1)) == std::vector<std::string>{std::string(kHost) + "/1"});

  // Renewal carries the next request time too.
  CHECK(a.RenewHosts({{kHost, now + 1500}}).empty());
  // A host given back with a URL still in flight (the crawler does not, but a worker may stop
  // halfway): the next holder gets that URL back.
  a.ReleaseHost(kHost, now + 2500);
  std::optional<int64_t> handed = b.AcquireHost(kHost, NowMs());
  REQUIRE(handed);
  CHECK(*handed == now + 2500);
  CHECK_FALSE(a.AcquireHost(kHost, NowMs()));
  CHECK(Urls(b.LeaseDue(kHost, NowMs(), 10)) ==
        std::vector<std::string>{std::string(kHost) + "/1", std::string(kHost) + "/2"});
  // A release by a worker that does not hold the host changes nothing.
  a.ReleaseHost(kHost, now + 100);
  CHECK_FALSE(a.AcquireHost(kHost, NowMs()));
  b.RenewHosts({{kHost, now + 3000}});
  b.ReleaseHost(kHost, now + 3500);
  CHECK(a.AcquireHost(kHost, NowMs()) == now + 3500);
}

TEST_CASE("Redis frontier leases are kept by renewal and lost after the TTL", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kShortTtl);
  RedisFrontier b(server.Url(), "b", kShortTtl);
  const std::string other = "http://b.test";

  SECTION("renewed in time, the lease outlives its TTL") {
    REQUIRE(a.AcquireHost(kHost, NowMs()));
    for (int i = 0; i < 5; ++i) {
      SleepMs(a.LeaseRenewIntervalMs());
      CHECK(a.RenewHosts({{kHost, NowMs()}}).empty());
      CHECK_FALSE(b.AcquireHost(kHost, NowMs()));
    }
  }
  SECTION("expired and taken: lost for good") {
    REQUIRE(a.AcquireHost(kHost, NowMs()));
    SleepMs(kPastTtl);
    REQUIRE(b.AcquireHost(kHost, NowMs()));
    CHECK(a.RenewHosts({{kHost, NowMs()}, {other, NowMs()}}) == std::vector<std::string>{kHost, other});
    CHECK(a.LeaseDue(kHost, NowMs(), 10).empty());
    // The old holder can neither renew nor release the new holder's lease.
    a.ReleaseHost(kHost, NowMs());
    CHECK_FALSE(a.AcquireHost(kHost, NowMs()));
    CHECK(b.RenewHosts({{kHost, NowMs()}}).empty());
  }
  SECTION("expired but nobody took it since: the holder keeps it") {
    REQUIRE(a.AcquireHost(kHost, NowMs()));
    SleepMs(kPastTtl);
    CHECK(a.RenewHosts({{kHost, NowMs()}}).empty());
    CHECK_FALSE(b.AcquireHost(kHost, NowMs()));
  }
  SECTION("expired, taken and given back meanwhile: lost") {
    REQUIRE(a.AcquireHost(kHost, NowMs()));
    SleepMs(kPastTtl);
    REQUIRE(b.AcquireHost(kHost, NowMs()));
    b.ReleaseHost(kHost, NowMs());
    CHECK(a.RenewHosts({{kHost, NowMs()}}) == std::vector<std::string>{kHost});
  }
}

TEST_CASE("Redis frontier: URLs in flight at a dead worker come back once its lease is gone", "[redis]") {
  RedisServer server;
  std::optional<RedisFrontier> dead(std::in_place, server.Url(), "dead", kShortTtl);
  RedisFrontier b(server.Url(), "b", kShortTtl);
  int64_t now = NowMs();
  dead->AddIfNew({Entry("/1", 1), Entry("/2"), Entry("/3")}, now - 10);
  REQUIRE(dead->AcquireHost(kHost, now));
  REQUIRE(dead->LeaseDue(kHost, now, 10).size() == 3);
  dead->ReleaseHost("http://unrelated.test", now);  // a call that is not a Record or Release

  SECTION("destroyed without Release") { dead.reset(); }
  SECTION("abandoned (no call after the lease)") {}

  // The host has nothing queued, and its lease still lives: nothing to do yet, but the fleet
  // is not idle.
  CHECK(b.HostsWithDueUrls(NowMs()).empty());
  CHECK_FALSE(b.AcquireHost(kHost, NowMs()));
  CHECK_FALSE(b.FleetIdle(NowMs()));
  SleepMs(kPastTtl);
  // Only orphaned URLs: the host must still be listed, and the fleet is not idle.
  CHECK(b.HostsWithDueUrls(NowMs()) == std::vector<std::string>{kHost});
  CHECK_FALSE(b.FleetIdle(NowMs()));
  REQUIRE(b.AcquireHost(kHost, NowMs()));
  std::vector<FrontierEntry> back = b.LeaseDue(kHost, NowMs(), 10);
  CHECK(Urls(back) ==
        std::vector<std::string>{std::string(kHost) + "/1", std::string(kHost) + "/2", std::string(kHost) + "/3"});
  CHECK(back[0].priority == 1);
  for (const FrontierEntry& entry : back) b.Record(RecordOf(entry.url, NowMs() + 3600000));
  b.ReleaseHost(kHost, NowMs());
  CHECK(b.FleetIdle(NowMs()));
}

TEST_CASE("Redis frontier: a worker that lost its lease cannot disturb the new holder", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kShortTtl);
  RedisFrontier b(server.Url(), "b", kShortTtl);
  const std::string url = std::string(kHost) + "/1";
  a.AddIfNew({Entry("/1")}, NowMs());
  REQUIRE(a.AcquireHost(kHost, NowMs()));
  REQUIRE(a.LeaseDue(kHost, NowMs(), 10).size() == 1);
  SleepMs(kPastTtl);
  REQUIRE(b.AcquireHost(kHost, NowMs()));
  REQUIRE(Urls(b.LeaseDue(kHost, NowMs(), 10)) == std::vector<std::string>{url});

  // The stalled worker wakes up and reports on the URL it had: b's lease wins.
  FetchRecord late = RecordOf(url, std::nullopt);
  late.outcome = "late";
  a.Record(late);
  a.Release(url);
  CHECK(b.LeaseDue(kHost, NowMs(), 10).empty());  // still b's, in flight, not queued twice
  CHECK(b.Lookup(url)->attempts == 0);
  FetchRecord mine = RecordOf(url, NowMs() + 3600000);
  mine.attempts = 0;
  mine.etag = "\"b\"";
  b.Record(mine);
  CHECK(b.Lookup(url)->etag == "\"b\"");
}

TEST_CASE("Redis frontier runs: a URL recorded in a run is handed out again only by a later run", "[redis]") {
  RedisServer server;
  const std::string url = std::string(kHost) + "/index";
  int64_t first_run = 0;
  {
    RedisFrontier a(server.Url(), "a", kLongTtl);
    RedisFrontier b(server.Url(), "b", kLongTtl);  // joins a's run
    first_run = a.run();
    CHECK(b.run() == first_run);
    a.AddIfNew({Entry("/index", 10)}, NowMs());
    REQUIRE(a.AcquireHost(kHost, NowMs()));
    REQUIRE(a.LeaseDue(kHost, NowMs(), 10).size() == 1);
    a.Record(RecordOf(url, NowMs()));                   // due again at once, but for the next run
    a.ScheduleAt(Entry("/index", 10), NowMs() - 1000);  // handed out in this run: no effect
    CHECK(a.LeaseDue(kHost, NowMs() + 1000, 10).empty());
    a.ReleaseHost(kHost, NowMs());
    CHECK(a.HostsWithDueUrls(NowMs() + 1000).empty());
    CHECK(b.HostsWithDueUrls(NowMs() + 1000).empty());
    REQUIRE(b.AcquireHost(kHost, NowMs()));
    CHECK(b.LeaseDue(kHost, NowMs() + 1000, 10).empty());
    b.ReleaseHost(kHost, NowMs());
    CHECK(a.FleetIdle(NowMs() + 1000));
  }
  // Every worker gone: the next one begins a new run, which finds the URL.
  RedisFrontier c(server.Url(), "c", kLongTtl);
  CHECK(c.run() == first_run + 1);
  CHECK_FALSE(c.FleetIdle(NowMs()));
  CHECK(c.HostsWithDueUrls(NowMs()) == std::vector<std::string>{kHost});
  REQUIRE(c.AcquireHost(kHost, NowMs()));
  std::vector<FrontierEntry> again = c.LeaseDue(kHost, NowMs(), 10);
  REQUIRE(Urls(again) == std::vector<std::string>{url});
  CHECK(again[0].priority == 10);
  CHECK(again[0].last_fetch_ms);
}

TEST_CASE("Redis frontier runs: workers that died without a word end their run too", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kShortTtl);
  RedisFrontier b(server.Url(), "b", kShortTtl);  // alive: joins
  CHECK(b.run() == a.run());
  SleepMs(kPastTtl);  // both silent past their TTL: dead to the fleet
  RedisFrontier c(server.Url(), "c", kShortTtl);
  CHECK(c.run() == a.run() + 1);
  CHECK(c.LiveWorkers() == 1);
}

TEST_CASE("Redis frontier runs: a new run finds the hosts of many URLs recorded by the last one", "[redis]") {
  RedisServer server;
  constexpr int kHosts = 230;  // more than one batch of hosts opened per call
  auto host_name = [](int i) { return "http://h" + std::to_string(i) + ".test"; };
  {
    RedisFrontier a(server.Url(), "a", kLongTtl);
    std::vector<FrontierEntry> entries;
    for (int i = 0; i < kHosts; ++i) entries.push_back(Entry("/", 0, host_name(i)));
    a.AddIfNew(entries, NowMs());
    REQUIRE(a.HostsWithDueUrls(NowMs()).size() == kHosts);
    for (int i = 0; i < kHosts; ++i) {
      REQUIRE(a.AcquireHost(host_name(i), NowMs()));
      REQUIRE(a.LeaseDue(host_name(i), NowMs(), 10).size() == 1);
      a.Begin();
      a.Record(RecordOf(host_name(i) + "/", NowMs()));
      a.ReleaseHost(host_name(i), NowMs());
      a.Commit();
    }
    CHECK(a.HostsWithDueUrls(NowMs() + 1000).empty());
    CHECK(a.FleetIdle(NowMs() + 1000));
  }
  RedisFrontier b(server.Url(), "b", kLongTtl);
  CHECK(b.HostsWithDueUrls(NowMs()).size() == kHosts);
}

TEST_CASE("Redis frontier retries of this run", "[redis]") {
  RedisServer server;
  const std::string url = std::string(kHost) + "/flaky";
  std::optional<RedisFrontier> a(std::in_place, server.Url(), "a", kLongTtl);
  a->AddIfNew({Entry("/flaky")}, NowMs());
  REQUIRE(a->AcquireHost(kHost, NowMs()));
  REQUIRE(a->LeaseDue(kHost, NowMs(), 10).size() == 1);
  FetchRecord retry = RecordOf(url, NowMs() + 300, true);
  retry.outcome = "timeout";
  retry.attempts = 1;
  a->Record(retry);
  a->ReleaseHost(kHost, NowMs());
  CHECK(a->HostsWithDueUrls(NowMs()).empty());  // not due yet
  CHECK_FALSE(a->FleetIdle(NowMs()));           // but the run must wait for it
  SleepMs(350);
  CHECK(a->HostsWithDueUrls(NowMs()) == std::vector<std::string>{kHost});
  REQUIRE(a->AcquireHost(kHost, NowMs()));
  std::vector<FrontierEntry> again = a->LeaseDue(kHost, NowMs(), 10);
  REQUIRE(again.size() == 1);
  CHECK(again[0].attempts == 1);
  a->Record(RecordOf(url, NowMs()));  // done for this run
  a->ReleaseHost(kHost, NowMs());
  CHECK(a->FleetIdle(NowMs()));

  SECTION("a retry left by an earlier run does not hold the next one, but is handed out when due") {
    a.emplace(server.Url(), "a2", kLongTtl);  // the old object unregisters first: a new run
    REQUIRE(a->AcquireHost(kHost, NowMs()));
    REQUIRE(a->LeaseDue(kHost, NowMs(), 10).size() == 1);
    a->Record(RecordOf(url, NowMs() + 60000, true));
    a->ReleaseHost(kHost, NowMs());
    CHECK_FALSE(a->FleetIdle(NowMs()));
    a.emplace(server.Url(), "a3", kLongTtl);
    CHECK(a->FleetIdle(NowMs()));
    CHECK(a->HostsWithDueUrls(NowMs() + 60000) == std::vector<std::string>{kHost});
  }
}

TEST_CASE("Redis frontier ScheduleAt", "[redis]") {
  RedisServer server;
  std::optional<RedisFrontier> a(std::in_place, server.Url(), "a", kLongTtl);
  const std::string url = std::string(kHost) + "/feed";
  int64_t now = NowMs();
  FrontierEntry feed = Entry("/feed", 10);
  feed.kind = UrlKind::kFeed;

  // Unknown: added.
  a->ScheduleAt(feed, now + 10000);
  REQUIRE(a->Lookup(url));
  CHECK(a->Lookup(url)->kind == UrlKind::kFeed);
  CHECK(a->HostsWithDueUrls(now).empty());
  // A later time does not postpone it.
  a->ScheduleAt(feed, now + 20000);
  CHECK(a->HostsWithDueUrls(now + 15000) == std::vector<std::string>{kHost});
  // An earlier one brings it forward.
  a->ScheduleAt(feed, now - 1);
  CHECK(a->HostsWithDueUrls(now) == std::vector<std::string>{kHost});

  // Handed out in this run: in flight, then recorded, it stays put.
  REQUIRE(a->AcquireHost(kHost, now));
  REQUIRE(a->LeaseDue(kHost, now, 10).size() == 1);
  a->ScheduleAt(feed, now - 1);
  CHECK(a->LeaseDue(kHost, now, 10).empty());
  a->Record(RecordOf(url, now + 3600000));
  a->ScheduleAt(feed, now - 1);
  CHECK(a->LeaseDue(kHost, now, 10).empty());

  SECTION("a new run schedules it again") {
    a->ReleaseHost(kHost, now);
    a.emplace(server.Url(), "a2", kLongTtl);
    CHECK(a->HostsWithDueUrls(NowMs()).empty());  // due in an hour
    a->ScheduleAt(feed, now - 1);
    REQUIRE(a->AcquireHost(kHost, NowMs()));
    CHECK(Urls(a->LeaseDue(kHost, NowMs(), 10)) == std::vector<std::string>{url});
  }
  SECTION("a released URL can be scheduled again") {
    a->ScheduleAt(Entry("/page"), now - 5);  // unknown: added
    std::vector<FrontierEntry> page = a->LeaseDue(kHost, now, 10);
    REQUIRE(Urls(page) == std::vector<std::string>{std::string(kHost) + "/page"});
    a->Release(page[0].url);
    a->ScheduleAt(Entry("/page"), now + 50000);  // due earlier already: unchanged
    CHECK(Urls(a->LeaseDue(kHost, now, 10)) == std::vector<std::string>{std::string(kHost) + "/page"});
  }
  SECTION("the priority of a known URL stays") {
    a->AddIfNew({Entry("/low", 0)}, now + 100000);
    a->ScheduleAt(Entry("/low", 10), now - 1);
    std::vector<FrontierEntry> low = a->LeaseDue(kHost, now, 10);
    REQUIRE(low.size() == 1);
    CHECK(low[0].priority == 0);
  }
}

TEST_CASE("Redis frontier Release: due again as it was", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  int64_t now = NowMs();
  a.AddIfNew({Entry("/1")}, now - 500);
  a.AddIfNew({Entry("/2")}, now - 100);
  REQUIRE(a.AcquireHost(kHost, now));
  REQUIRE(a.LeaseDue(kHost, now, 10).size() == 2);
  a.Release(std::string(kHost) + "/2");
  a.Release(std::string(kHost) + "/2");  // twice: no-op
  a.Release(std::string(kHost) + "/unknown");
  CHECK(a.HostsWithDueUrls(now - 200).empty());  // due at now - 100, as before
  CHECK(Urls(a.LeaseDue(kHost, now, 10)) == std::vector<std::string>{std::string(kHost) + "/2"});
}

TEST_CASE("Redis frontier Lookup returns every field", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  CHECK_FALSE(a.Lookup("http://nowhere.test/"));
  FrontierEntry entry = Entry("/article", 7);
  entry.site = "lesoir";
  entry.depth = 3;
  entry.kind = UrlKind::kFeed;
  entry.redirect_hops = 2;
  REQUIRE(a.AddIfNew({entry}, NowMs()) == std::vector<bool>{true});
  std::optional<FrontierEntry> known = a.Lookup(entry.url);
  REQUIRE(known);
  CHECK(known->url == entry.url);
  CHECK(known->site == "lesoir");
  CHECK(known->host == kHost);
  CHECK(known->depth == 3);
  CHECK(known->kind == UrlKind::kFeed);
  CHECK(known->priority == 7);
  CHECK(known->redirect_hops == 2);
  CHECK(known->attempts == 0);
  CHECK(known->etag.empty());
  CHECK_FALSE(known->last_fetch_ms);

  REQUIRE(a.AcquireHost(kHost, NowMs()));
  REQUIRE(a.LeaseDue(kHost, NowMs(), 10).size() == 1);
  FetchRecord record = RecordOf(entry.url, NowMs() + 3600000);
  record.etag = std::string("W/\"x y\xff\x00z\"", 11);  // validators are bytes, not text
  record.last_modified = "Tue, 01 Oct 2024 10:00:00 GMT";
  record.content_hash = std::string(64, 'c');
  record.article_id = "0123abcd";
  record.attempts = 2;
  int64_t before = NowMs();
  a.Record(record);
  int64_t after = NowMs();
  known = a.Lookup(entry.url);
  REQUIRE(known);
  CHECK(known->etag == record.etag);
  CHECK(known->last_modified == record.last_modified);
  CHECK(known->content_hash == record.content_hash);
  CHECK(known->article_id == "0123abcd");
  CHECK(known->attempts == 2);
  REQUIRE(known->last_fetch_ms);
  CHECK(*known->last_fetch_ms >= before);
  CHECK(*known->last_fetch_ms <= after);
  CHECK(known->site == "lesoir");
  CHECK(known->priority == 7);
  CHECK(known->redirect_hops == 2);

  // A later fetch that is not an article keeps the article id.
  record.article_id.clear();
  a.Record(record);
  CHECK(a.Lookup(entry.url)->article_id == "0123abcd");
}

TEST_CASE("Redis frontier FleetIdle", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  RedisFrontier b(server.Url(), "b", kLongTtl);
  int64_t now = NowMs();
  CHECK(a.FleetIdle(now));
  a.AddIfNew({Entry("/later")}, now + 60000);
  CHECK(a.FleetIdle(now));  // due in a later run or later in this one, not a retry
  a.AddIfNew({Entry("/now", 0, "http://b.test")}, now);
  CHECK_FALSE(a.FleetIdle(now));
  REQUIRE(b.AcquireHost("http://b.test", now));
  REQUIRE(b.LeaseDue("http://b.test", now, 10).size() == 1);
  CHECK_FALSE(a.FleetIdle(now));  // b holds a host
  b.Record(RecordOf("http://b.test/now", std::nullopt));
  CHECK_FALSE(a.FleetIdle(now));
  b.ReleaseHost("http://b.test", now);
  CHECK(a.FleetIdle(now));
  CHECK(b.FleetIdle(now));
}

TEST_CASE("Redis frontier Begin/Commit: buffered writes are seen by reads and by others after Commit", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  RedisFrontier b(server.Url(), "b", kLongTtl);
  int64_t now = NowMs();
  a.Commit();  // without Begin: no-op
  a.AddIfNew({Entry("/1"), Entry("/2")}, now);
  REQUIRE(a.AcquireHost(kHost, now));
  REQUIRE(a.LeaseDue(kHost, now, 10).size() == 2);
  a.Begin();
  a.Begin();  // no-op while a batch is open
  FetchRecord record = RecordOf(std::string(kHost) + "/1", std::nullopt);
  record.outcome = "http-404";
  record.etag = "\"e\"";
  a.Record(record);
  a.Release(std::string(kHost) + "/2");
  a.ScheduleAt(Entry("/3"), now);
  CHECK(a.Lookup(std::string(kHost) + "/1")->etag == "\"e\"");  // this worker's reads see them
  CHECK(Urls(a.LeaseDue(kHost, now, 10)) ==
        std::vector<std::string>{std::string(kHost) + "/2", std::string(kHost) + "/3"});
  a.Record(RecordOf(std::string(kHost) + "/2", std::nullopt));
  a.Record(RecordOf(std::string(kHost) + "/3", std::nullopt));
  a.ReleaseHost(kHost, now + 777);
  a.Commit();
  CHECK(b.AcquireHost(kHost, now) == now + 777);
  CHECK(b.Lookup(std::string(kHost) + "/3")->url == std::string(kHost) + "/3");
  CHECK(b.FleetIdle(now) == false);  // b holds the host now
}

TEST_CASE("Redis frontier reconnects once after a dropped connection", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(), "a", kLongTtl);
  a.AddIfNew({Entry("/1")}, NowMs());
  a.Begin();
  a.ScheduleAt(Entry("/2"), NowMs());
  // The server drops every client connection (the helper's own is spared).
  CHECK(server.Command({"CLIENT", "KILL", "TYPE", "normal"}) == "1");
  CHECK(a.AddIfNew({Entry("/1"), Entry("/3")}, NowMs()) == std::vector<bool>{false, true});
  a.Commit();
  CHECK(a.Lookup(std::string(kHost) + "/2"));
  // A script cache flushed behind its back (an operator's SCRIPT FLUSH) is loaded again.
  CHECK(server.Command({"SCRIPT", "FLUSH"}) == "OK");
  CHECK(a.AddIfNew({Entry("/4")}, NowMs()) == std::vector<bool>{true});
}

TEST_CASE("Redis frontier: a server gone for good is reported with its URL", "[redis]") {
  std::optional<RedisServer> server(std::in_place);
  std::string url = server->Url();
  RedisFrontier a(url, "a", kLongTtl);
  server.reset();
  try {
    a.AddIfNew({Entry("/1")}, NowMs());
    FAIL("no error");
  } catch (const StateError& e) {
    CHECK(std::string(e.what()).rfind(url + ": ", 0) == 0);
  }
}

TEST_CASE("Redis frontier key prefixes and databases keep crawls apart", "[redis]") {
  RedisServer server;
  RedisFrontier a(server.Url(0, "news"), "a", kLongTtl);
  RedisFrontier b(server.Url(0, "other:"), "b", kLongTtl);
  RedisFrontier c(server.Url(3), "c", kLongTtl);
  RedisFrontier d(server.Url(), "d", kLongTtl);
  int64_t now = NowMs();
  CHECK(a.AddIfNew({Entry("/1")}, now) == std::vector<bool>{true});
  CHECK(b.AddIfNew({Entry("/1")}, now) == std::vector<bool>{true});
  CHECK(c.AddIfNew({Entry("/1")}, now) == std::vector<bool>{true});
  CHECK(d.AddIfNew({Entry("/1")}, now) == std::vector<bool>{true});
  REQUIRE(a.AcquireHost(kHost, now));
  CHECK(b.AcquireHost(kHost, now));
  CHECK(c.AcquireHost(kHost, now));
  CHECK(d.AcquireHost(kHost, now));
  CHECK(server.Command({"EXISTS", "news:u:" + std::string(kHost) + "/1"}) == "1");
  CHECK(server.Command({"EXISTS", "other:lease:" + std::string(kHost)}) == "1");
  CHECK(server.Command({"EXISTS", "pressoir:run"}) == "1");
  CHECK(server.Command({"GET", "news:run"}) == "1");
}

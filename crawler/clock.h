// The clock a crawl runs on: what time it is for the crawl, and when, in real time, a wait on
// that clock ends. RunCrawl takes it through CrawlOptions (crawl.h); the default is the real
// clock, which `pressoir crawl` always uses unless a test selects a test clock (crawl.h).
//
// A crawl reads time two ways:
//  - Now(): monotonic crawl time, like std::chrono::steady_clock. Per-host delays, Crawl-delay,
//    retry back-off, Retry-After, the host pause (circuit breaker), the time limit.
//  - NowMs(): wall time in unix ms, what the frontier stores (SQLite state, Redis): when a URL
//    is due, when it was last fetched, when a host may next be asked.
// and waits: a timer set for crawl time `t` must fire at RealDeadline(t).
//
// Two kinds of clock:
//  - Real(): steady_clock and system_clock read directly; RealDeadline() is the identity. A
//    crawl on it behaves exactly as it did before this clock existed.
//  - Test(speed, offset): time dilation. From the moment the clock is made, crawl time runs
//    `speed` times faster than real time: Now() = start + (real now - start) * speed, NowMs()
//    likewise from the wall time at start plus `offset`, and a timer for `t` fires at real
//    start + (t - start) / speed, rounded up. `offset` moves the wall time only: a run "30
//    days later" is Test(1, 30 days). The wall time of a clock faster than real time runs
//    ahead of real time: what a crawl on it writes to the frontier is due in the future for
//    a crawl on the real clock that follows at once. A run after it belongs later, as a cron
//    run would: on a clock with an offset larger than the drift. For the same reason a test
//    clock faster than real time is for one process: workers sharing a Redis frontier, each
//    with its own, would disagree on the time (due times, a host's next request).
//
// Why dilation rather than a manual clock advanced by the test: a crawl waits on the network
// (the fixture server's delays, connects, curl's own timeouts) as much as on its timers, and
// the network runs in real time. Dilation keeps every event in the order real time would give
// it, only sooner; a manual clock would have to know when the crawl is idle (nothing fetching,
// extracting or committing) before jumping, and re-arm the timers set before each jump. And
// dilation keeps lower bounds exact: the mapping is monotonic and a timer fires at or after
// its real deadline, so the crawl never starts a request early on its own clock, however
// loaded the machine. An observer measuring in real time (a test reading a server's arrival
// times) sees crawl-time gaps divided by `speed`, with its own real-time jitter unchanged: it
// multiplies its measurements by `speed` and its slack too.
//
// Why the crawl converts deadlines itself rather than using asio::basic_waitable_timer with a
// custom clock and wait_traits: such a clock is a type whose now() is static, so a clock
// chosen per crawl would have to live in a global. The mapping being linear, converting a
// deadline once when the timer is armed gives the same real deadline as wait_traits would.
//
// Not on this clock (real time whatever the crawl's clock): curl's timeouts (connect,
// transfer, low speed; they are curl's), Redis lease expiries and worker liveness (the Redis
// server's TIME), the log file's timestamps, the manifest's fetched_at, and the crawl's
// housekeeping timers, which pace real work rather than politeness: state commits every
// 100 ms, lease renewals (against Redis's real-time expiry), shared-frontier polling, the
// progress line.
//
// Thread safety: a Clock is an immutable value; any method may be called from any thread.
#ifndef PRESSOIR_CRAWLER_CLOCK_H_
#define PRESSOIR_CRAWLER_CLOCK_H_

#include <chrono>
#include <cstdint>

namespace pressoir::clock {

class Clock {
 public:
  // Crawl time has types of its own, so that it never mixes with real steady_clock time
  // (the two differ under a test clock). The epoch is steady_clock's.
  using duration = std::chrono::steady_clock::duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<Clock, duration>;
  static constexpr bool is_steady = true;

  // The real clock.
  static Clock Real() { return Clock(); }
  // A test clock `speed` (at least 1) times faster than real time from now on, its wall time
  // `wall_offset` ahead of the real one. Throws std::invalid_argument when speed < 1.
  static Clock Test(int64_t speed, std::chrono::milliseconds wall_offset = std::chrono::milliseconds(0));

  time_point Now() const;
  // Unix ms.
  int64_t NowMs() const;
  // The real time at which crawl time reaches `when` (never earlier).
  std::chrono::steady_clock::time_point RealDeadline(time_point when) const;

  bool real() const { return real_; }
  int64_t speed() const { return speed_; }
  std::chrono::milliseconds wall_offset() const { return wall_offset_; }

 private:
  Clock() = default;

  bool real_ = true;
  int64_t speed_ = 1;
  std::chrono::milliseconds wall_offset_{0};
  std::chrono::steady_clock::time_point real_start_{};  // test clock: made at
  int64_t wall_start_ms_ = 0;                           // test clock: NowMs() at real_start_
};

}  // namespace pressoir::clock

#endif  // PRESSOIR_CRAWLER_CLOCK_H_

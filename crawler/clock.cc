// The crawl's clock (see clock.h).
#include "crawler/clock.h"

#include <stdexcept>

namespace pressoir::clock {
namespace {

using std::chrono::steady_clock;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Clock Clock::Test(int64_t speed, std::chrono::milliseconds wall_offset) {
  if (speed < 1) throw std::invalid_argument("a test clock's speed must be at least 1");
  Clock clock;
  clock.real_ = false;
  clock.speed_ = speed;
  clock.wall_offset_ = wall_offset;
  clock.real_start_ = steady_clock::now();
  clock.wall_start_ms_ = SystemNowMs() + wall_offset.count();
  return clock;
}

Clock::time_point Clock::Now() const {
  steady_clock::time_point now = steady_clock::now();
  if (real_) return time_point(now.time_since_epoch());
  return time_point(real_start_.time_since_epoch() + (now - real_start_) * speed_);
}

int64_t Clock::NowMs() const {
  if (real_) return SystemNowMs();
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>((steady_clock::now() - real_start_) * speed_);
  return wall_start_ms_ + elapsed.count();
}

steady_clock::time_point Clock::RealDeadline(time_point when) const {
  if (real_) return steady_clock::time_point(when.time_since_epoch());
  duration ahead = when.time_since_epoch() - real_start_.time_since_epoch();
  // Rounded up, so that crawl time has reached `when` once the real deadline has passed.
  duration real_ahead = ahead / speed_;
  if (ahead.count() > 0 && ahead.count() % speed_ != 0) real_ahead += duration(1);
  return real_start_ + real_ahead;
}

}  // namespace pressoir::clock

// Polling for a condition in tests that watch another process or thread.
#ifndef PRESSOIR_TESTS_SUPPORT_WAIT_H_
#define PRESSOIR_TESTS_SUPPORT_WAIT_H_

#include <chrono>
#include <thread>

namespace pressoir::testing {

// Calls `predicate` every 5 ms until it returns true (then true) or `timeout` has passed (then
// false), on the real clock.
template <typename Predicate>
bool WaitUntil(Predicate predicate, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_WAIT_H_

// Runs a program in the background (the pressoir executable, in signal and crash tests) so a
// test can signal it, SIGTERM or SIGKILL, at a moment of its choosing and then reap it.
//
// Not thread-safe: use one object from one thread. The destructor kills (SIGKILL) and reaps a
// child still running, so a failing test never leaves a crawler behind.
#ifndef PRESSOIR_TESTS_SUPPORT_BACKGROUND_PROCESS_H_
#define PRESSOIR_TESTS_SUPPORT_BACKGROUND_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace pressoir::testing {

class BackgroundProcess {
 public:
  // Starts argv[0] with arguments argv[1..] (no shell), stdin from /dev/null, stdout and
  // stderr to files in a private temp directory. Throws std::runtime_error when it cannot.
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Sends `signal` to the child; a no-op once it has been reaped.
  void Signal(int signal);
  // Waits up to `timeout` for the child to end. Returns its exit code (128+N when killed by
  // signal N), or nullopt if it is still running. Once reaped, returns the same code again.
  std::optional<int> WaitFor(std::chrono::milliseconds timeout);
  // What the child wrote so far.
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  TempDir scratch_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_BACKGROUND_PROCESS_H_

// A throwaway redis-server for tests of the Redis frontier: 127.0.0.1 only, on a free port,
// no persistence, its files in a private temp directory, killed by the destructor.
//
// redis-server comes from PATH (Debian's redis-server package, installed by scripts/setup.sh).
// When it is missing or does not start, the constructor throws with a message saying so: the
// tests fail rather than skip, so that CI cannot pass without having run them.
//
// Not thread-safe: use one object from one thread.
#ifndef PRESSOIR_TESTS_SUPPORT_REDIS_SERVER_H_
#define PRESSOIR_TESTS_SUPPORT_REDIS_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "tests/support/background_process.h"
#include "tests/support/run_command.h"

namespace pressoir::testing {

class RedisServer {
 public:
  // Starts the server and waits until it answers PING. Throws std::runtime_error.
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  // "redis://127.0.0.1:<port>/<db>", with "?prefix=<prefix>" when one is given.
  std::string Url(int db = 0, const std::string& prefix = "") const;
  // Runs one command on a connection of its own (db 0) and returns the reply as text: a
  // string, status, error or integer as is, nil as "(nil)", an array as its elements joined
  // by '\n'. Throws std::runtime_error when the server cannot be reached.
  std::string Command(const std::vector<std::string>& argv) const;

 private:
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago (bind to port 0, read the
// port, close). Another process may take it before the caller does: callers retry.
int FreeLoopbackPort();

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_REDIS_SERVER_H_

// A throwaway redis-server for tests (see redis_server.h).
#include "tests/support/redis_server.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pressoir::testing {
namespace {

std::string FindInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr && *path != '\0' ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    std::filesystem::path candidate = std::filesystem::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

struct ContextDeleter {
  void operator()(redisContext* context) const { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

Context ConnectTo(int port, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  Context context(redisConnectWithTimeout("127.0.0.1", port, tv));
  if (context && context->err == 0) redisSetTimeout(context.get(), tv);
  return context;
}

std::string ReplyText(const redisReply* reply) {
  switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      return std::string(reply->str, reply->len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply->integer);
    case REDIS_REPLY_NIL:
      return "(nil)";
    case REDIS_REPLY_ARRAY: {
      std::string text;
      for (size_t i = 0; i < reply->elements; ++i) text += (i > 0 ? "\n" : "") + ReplyText(reply->element[i]);
      return text;
    }
    default:
      return "";
  }
}

std::string RunOn(redisContext* context, const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lengths;
  for (const std::string& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply =
      static_cast<redisReply*>(redisCommandArgv(context, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (reply == nullptr) throw std::runtime_error(std::string("redis: ") + context->errstr);
  std::string text = ReplyText(reply);
  freeReplyObject(reply);
  return text;
}

}  // namespace

int FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

RedisServer::RedisServer() {
  std::string binary = FindInPath("redis-server");
  if (binary.empty()) {
    throw std::runtime_error(
        "redis-server not found in PATH: the Redis frontier tests need it (Debian package redis-server, "
        "installed by scripts/setup.sh)");
  }
  std::string last_output;
  // `--port 0` would disable TCP, so pick a free port; another process may grab it between
  // the probe and the server's bind, hence the retries.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreeLoopbackPort();
    process_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        binary, "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
        dir_.path(), "--daemonize", "no", "--logfile", "", "--databases", "16"});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (process_->WaitFor(std::chrono::milliseconds(0))) break;  // exited: port taken?
      Context context = ConnectTo(port_, std::chrono::milliseconds(500));
      if (context && context->err == 0) {
        try {
          if (RunOn(context.get(), {"PING"}) == "PONG") return;
        } catch (const std::runtime_error&) {
          // still loading: try again
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    last_output = process_->Stdout() + process_->Stderr();
    process_.reset();
  }
  throw std::runtime_error("redis-server did not start on 127.0.0.1: " + last_output);
}

RedisServer::~RedisServer() = default;  // BackgroundProcess kills (SIGKILL) and reaps it

std::string RedisServer::Url(int db, const std::string& prefix) const {
  std::string url = "redis://127.0.0.1:" + std::to_string(port_) + "/" + std::to_string(db);
  if (!prefix.empty()) url += "?prefix=" + prefix;
  return url;
}

std::string RedisServer::Command(const std::vector<std::string>& argv) const {
  Context context = ConnectTo(port_, std::chrono::milliseconds(5000));
  if (!context || context->err != 0) {
    throw std::runtime_error("cannot connect to redis-server on port " + std::to_string(port_));
  }
  return RunOn(context.get(), argv);
}

}  // namespace pressoir::testing

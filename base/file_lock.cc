// Lock files (see file_lock.h).
#include "base/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pressoir::file_lock {
namespace {

// A pid is a few digits; anything longer is not one.
constexpr size_t kMaxPidChars = 20;

// The pid the holder wrote, or "" (it may not have written it yet, or the file is not ours).
std::string ReadHolderPid(int fd) {
  char buffer[kMaxPidChars + 2] = {};
  ssize_t n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  if (n <= 0) return "";
  std::string text(buffer, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty() || text.size() > kMaxPidChars || text.find_first_not_of("0123456789") != std::string::npos) {
    return "";
  }
  return text;
}

}  // namespace

Attempt FileLock::TryAcquire(const std::string& path) {
  Attempt attempt;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    attempt.error = path + ": cannot open lock file: " + std::strerror(errno);
    return attempt;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int error = errno;
    if (error == EWOULDBLOCK) {
      attempt.held_elsewhere = true;
      attempt.holder_pid = ReadHolderPid(fd);
    } else {
      attempt.error = path + ": cannot lock: " + std::strerror(error);
    }
    ::close(fd);
    return attempt;
  }
  // The holder's pid, for the person wondering which run holds the lock.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t ignored = ::pwrite(fd, pid.data(), pid.size(), 0);
    (void)ignored;
  }
  attempt.lock.emplace(FileLock(fd));
  return attempt;
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace pressoir::file_lock

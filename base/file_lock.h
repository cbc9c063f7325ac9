// An exclusive, non-blocking lock held through a lock file: what keeps two crawl runs out of
// one state directory (crawler/state.h) and out of one corpus directory (store/corpus.h).
// Part of `base/`: depends on the standard library and POSIX only.
//
// flock(2) on the file, so the kernel releases the lock when the holder exits, even on
// kill -9: a stale lock file never blocks the next run. The holder writes its pid into the
// file, for the person (or cron mail) wondering which process holds it; the file itself is
// never removed (removing a lock file while others may have it open would let two processes
// hold "the" lock at once).
#ifndef PRESSOIR_BASE_FILE_LOCK_H_
#define PRESSOIR_BASE_FILE_LOCK_H_

#include <optional>
#include <string>

namespace pressoir::file_lock {

struct Attempt;

// Holds the lock until destroyed. Movable, not copyable.
class FileLock {
 public:
  // Creates `path` (not its directory) if needed and tries to lock it without waiting.
  static Attempt TryAcquire(const std::string& path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct Attempt {
  // Set when the lock was taken.
  std::optional<FileLock> lock;
  // Not taken because another open file holds it (another process, or another FileLock of
  // this one); `holder_pid` is the pid the holder wrote, empty when not (yet) known.
  bool held_elsewhere = false;
  std::string holder_pid;
  // Neither: the file could not be created or locked ("<path>: cannot ...: <reason>").
  std::string error;
};

}  // namespace pressoir::file_lock

#endif  // PRESSOIR_BASE_FILE_LOCK_H_

// A file-system fault injector for tests, loaded with LD_PRELOAD into a process under test
// (resource_faults_test.cc runs `pressoir crawl` with it). It makes the file system under one
// directory fail the way a full disk (ENOSPC) or a read-only one (EROFS, or EACCES for a
// directory without write permission) does, from a chosen operation on, deterministically and
// without privileges: tests run as root in CI, where chmod does not stop writes, and mounting
// a small tmpfs needs privileges or user namespaces that CI machines may not have.
//
// Configuration, from the environment (read once, at the first intercepted call):
//   PRESSOIR_FAULT_DIR    absolute path; the fault applies to paths under it (as written: no
//                         symlink or ".." resolution) and to the file descriptors opened there.
//                         Unset: the shim only forwards calls.
//   PRESSOIR_FAULT_ERRNO  ENOSPC (default), EROFS or EACCES; or KILL: the process sends itself
//                         SIGKILL instead of making the operation (a kill -9 at that exact point).
//   PRESSOIR_FAULT_AFTER  N: the first N counted operations succeed, every later one fails (a
//                         full disk stays full, a read-only file system stays read-only).
//                         Default 0.
//   PRESSOIR_FAULT_OPS    optional, operation names separated by commas ("fdatasync", say):
//                         only those are counted and made to fail; the others are forwarded.
//   PRESSOIR_FAULT_LOG    optional file: one line per counted operation, "<n> <op> <path> ok"
//                         or "... fail" (a clean run with a huge N lists the fault points),
//                         and one per failed access(W_OK).
// Counted operations, on paths under the directory or descriptors opened there: opening for
// writing (open, openat, creat, fopen and their 64-bit and fortified variants), write, pwrite,
// writev, fsync, fdatasync, ftruncate, truncate, rename(at), link(at), symlink, mkdir(at),
// unlink(at), remove, rmdir. With ENOSPC, the first failing write writes half of its bytes and
// returns that short count, as a disk with a few bytes left does, and operations that free
// space (unlink, remove, rmdir, a truncate that shrinks) still succeed. With EROFS and EACCES
// everything fails, and access(W_OK) reports the error too (it is not counted).
//
// The real operations are made with raw system calls (fopen excepted, forwarded with
// dlsym(RTLD_NEXT)), so that the shim depends on nothing it intercepts. Thread-safe. Built
// without sanitizers: an AddressSanitizer executable runs with it when ASAN_OPTIONS contains
// verify_asan_link_order=0 (the shim comes before the ASan runtime in the library list).
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kMaxTrackedFd = 1 << 16;
constexpr size_t kMaxPath = 4096;
// An absolute path built from a directory and a relative path, both at most kMaxPath long.
constexpr size_t kAbsoluteSize = 2 * kMaxPath + 2;

struct Config {
  bool loaded = false;
  char directory[kMaxPath] = {};
  size_t directory_length = 0;  // 0: no fault
  int error = ENOSPC;
  bool kill = false;  // PRESSOIR_FAULT_ERRNO=KILL
  long after = 0;
  int log_fd = -1;
  char ops[kMaxPath] = {};  // PRESSOIR_FAULT_OPS, "" for every operation
};

Config config;
pthread_once_t config_once = PTHREAD_ONCE_INIT;
pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
long operations = 0;  // counted so far (under mutex)
bool partial_write_done = false;
// The path each descriptor opened under the directory was opened with (malloc'ed), else null.
std::atomic<char*> tracked[kMaxTrackedFd];

void LoadConfig() {
  const char* directory = std::getenv("PRESSOIR_FAULT_DIR");
  if (directory != nullptr && directory[0] == '/' && std::strlen(directory) < kMaxPath) {
    std::strcpy(config.directory, directory);
    config.directory_length = std::strlen(directory);
    while (config.directory_length > 1 && config.directory[config.directory_length - 1] == '/') {
      config.directory[--config.directory_length] = '\0';
    }
  }
  if (const char* error = std::getenv("PRESSOIR_FAULT_ERRNO")) {
    if (std::strcmp(error, "EROFS") == 0) config.error = EROFS;
    if (std::strcmp(error, "EACCES") == 0) config.error = EACCES;
    if (std::strcmp(error, "KILL") == 0) config.kill = true;
  }
  if (const char* after = std::getenv("PRESSOIR_FAULT_AFTER")) config.after = std::atol(after);
  if (const char* ops = std::getenv("PRESSOIR_FAULT_OPS"); ops != nullptr && std::strlen(ops) < kMaxPath) {
    std::strcpy(config.ops, ops);
  }
  if (const char* log = std::getenv("PRESSOIR_FAULT_LOG")) {
    config.log_fd =
        static_cast<int>(syscall(SYS_openat, AT_FDCWD, log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  }
  config.loaded = true;
}

const Config& Get() {
  pthread_once(&config_once, LoadConfig);
  return config;
}

bool IsUnder(const char* path) {
  const Config& c = Get();
  if (c.directory_length == 0 || path == nullptr) return false;
  return std::strncmp(path, c.directory, c.directory_length) == 0 &&
         (path[c.directory_length] == '\0' || path[c.directory_length] == '/');
}

// `path` made absolute against `dirfd` (AT_FDCWD: the working directory), into `out`.
const char* Absolute(int dirfd, const char* path, char* out) {
  if (path == nullptr || path[0] == '/') return path;
  char base[kMaxPath + 1];
  if (dirfd == AT_FDCWD) {
    if (syscall(SYS_getcwd, base, sizeof(base)) < 0) return path;
  } else {
    char link[64];
    std::snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
    ssize_t n = static_cast<ssize_t>(syscall(SYS_readlink, link, base, sizeof(base) - 1));
    if (n < 0) return path;
    base[n] = '\0';
  }
  std::snprintf(out, kAbsoluteSize, "%s/%s", base, path);
  return out;
}

bool IsTracked(int fd) { return fd >= 0 && fd < kMaxTrackedFd && tracked[fd].load() != nullptr; }

// Starts (with the path) or stops (null) tracking a descriptor.
void Track(int fd, const char* path) {
  if (fd < 0 || fd >= kMaxTrackedFd) return;
  char* copy = path != nullptr ? strdup(path) : nullptr;
  std::free(tracked[fd].exchange(copy));
}

enum class Kind { kMutation, kRelease, kWrite };

// Counts one operation; true when it must fail. `kRelease` operations (freeing space) never fail
// with ENOSPC. For a write, `*partial` is set when this failure is the short-write one.
// True when PRESSOIR_FAULT_OPS is unset or names `op`.
bool Selected(const Config& c, const char* op) {
  if (c.ops[0] == '\0') return true;
  const size_t length = std::strlen(op);
  for (const char* at = c.ops; (at = std::strstr(at, op)) != nullptr; at += length) {
    bool starts = at == c.ops || at[-1] == ',';
    bool ends = at[length] == '\0' || at[length] == ',';
    if (starts && ends) return true;
  }
  return false;
}

bool Fault(const char* op, const char* what, Kind kind, bool* partial = nullptr) {
  const Config& c = Get();
  if (!Selected(c, op)) return false;
  pthread_mutex_lock(&mutex);
  long index = operations++;
  bool fail = index >= c.after && !(kind == Kind::kRelease && c.error == ENOSPC && !c.kill);
  if (fail && kind == Kind::kWrite && c.error == ENOSPC && !partial_write_done && partial != nullptr) {
    partial_write_done = true;
    *partial = true;
  }
  if (c.log_fd >= 0) {
    char line[kAbsoluteSize + 64];
    int length = std::snprintf(line, sizeof(line), "%ld %s %s %s\n", index, op, what, fail ? "fail" : "ok");
    if (length > 0) syscall(SYS_write, c.log_fd, line, static_cast<size_t>(std::min<int>(length, sizeof(line) - 1)));
  }
  // A kill -9 at this point: the operation is never made, and nothing after it runs.
  if (fail && c.kill) syscall(SYS_kill, syscall(SYS_getpid), SIGKILL);
  pthread_mutex_unlock(&mutex);
  return fail;
}

// For access(W_OK), which is not counted: true (and logged) once as many operations as
// allowed have been made.
bool Active(const char* op, const char* path) {
  const Config& c = Get();
  pthread_mutex_lock(&mutex);
  bool active = operations >= c.after && !c.kill;
  if (active && c.log_fd >= 0) {
    char line[kAbsoluteSize + 64];
    int length = std::snprintf(line, sizeof(line), "%ld %s %s fail\n", operations, op, path);
    if (length > 0) syscall(SYS_write, c.log_fd, line, static_cast<size_t>(std::min<int>(length, sizeof(line) - 1)));
  }
  pthread_mutex_unlock(&mutex);
  return active;
}

// The path a tracked descriptor was opened with (valid until it is closed).
const char* FdName(int fd) {
  const char* path = tracked[fd].load();
  return path != nullptr ? path : "?";
}

long Fail() {
  errno = Get().error;
  return -1;
}

bool WantsWrite(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) != 0; }

int OpenAt(const char* op, int dirfd, const char* path, int flags, mode_t mode) {
  char buffer[kAbsoluteSize];
  const char* absolute = Absolute(dirfd, path, buffer);
  bool under = IsUnder(absolute);
  if (under && WantsWrite(flags) && Fault(op, absolute, Kind::kMutation)) return static_cast<int>(Fail());
  int fd = static_cast<int>(syscall(SYS_openat, dirfd, path, flags, mode));
  if (fd >= 0) Track(fd, under && WantsWrite(flags) ? absolute : nullptr);
  return fd;
}

mode_t ModeArgument(int flags, va_list arguments) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(arguments, int)) : 0;
}

// Path operations: `path` (and `second`, for rename and link) checked against the directory.
long PathOp(const char* op, int dirfd, const char* path, Kind kind, int second_dirfd = AT_FDCWD,
            const char* second = nullptr) {
  char buffer[kAbsoluteSize];
  char second_buffer[kAbsoluteSize];
  const char* absolute = Absolute(dirfd, path, buffer);
  const char* second_absolute = second == nullptr ? nullptr : Absolute(second_dirfd, second, second_buffer);
  bool under = IsUnder(absolute) || IsUnder(second_absolute);
  if (under && Fault(op, IsUnder(absolute) ? absolute : second_absolute, kind)) return Fail();
  return 0;
}

using FopenFunction = FILE* (*)(const char*, const char*);

FILE* Fopen(const char* op, const char* path, const char* mode) {
  auto next = reinterpret_cast<FopenFunction>(dlsym(RTLD_NEXT, op));
  if (next == nullptr) {
    errno = ENOSYS;
    return nullptr;
  }
  char buffer[kAbsoluteSize];
  const char* absolute = Absolute(AT_FDCWD, path, buffer);
  bool writes = mode != nullptr && (std::strpbrk(mode, "wa+") != nullptr);
  bool under = IsUnder(absolute);
  if (under && writes && Fault(op, absolute, Kind::kMutation)) {
    Fail();
    return nullptr;
  }
  FILE* file = next(path, mode);
  if (file != nullptr) Track(fileno(file), under && writes ? absolute : nullptr);
  return file;
}

// A write of `count` bytes to `fd`; `real(n)` writes the first n of them.
template <typename Real>
ssize_t Written(const char* op, int fd, size_t count, Real real) {
  if (!IsTracked(fd)) return real(count);
  bool partial = false;
  if (Fault(op, FdName(fd), Kind::kWrite, &partial)) {
    if (partial && count > 1) return real(count / 2);
    return Fail();
  }
  return real(count);
}

// Flush and size operations on a descriptor. A truncate that shrinks the file frees space.
long FdOp(const char* op, int fd, Kind kind) {
  if (!IsTracked(fd)) return 0;
  return Fault(op, FdName(fd), kind) ? Fail() : 0;
}

Kind TruncateKind(int fd, off_t length) {
  struct stat status;
  if (syscall(SYS_fstat, fd, &status) == 0 && length < status.st_size) return Kind::kRelease;
  return Kind::kMutation;
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  mode_t mode = ModeArgument(flags, arguments);
  va_end(arguments);
  return OpenAt("open", AT_FDCWD, path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  mode_t mode = ModeArgument(flags, arguments);
  va_end(arguments);
  return OpenAt("open64", AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  mode_t mode = ModeArgument(flags, arguments);
  va_end(arguments);
  return OpenAt("openat", dirfd, path, flags, mode);
}

int openat64(int dirfd, const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  mode_t mode = ModeArgument(flags, arguments);
  va_end(arguments);
  return OpenAt("openat64", dirfd, path, flags, mode);
}

int __open_2(const char* path, int flags) { return OpenAt("__open_2", AT_FDCWD, path, flags, 0); }
int __open64_2(const char* path, int flags) { return OpenAt("__open64_2", AT_FDCWD, path, flags, 0); }

int creat(const char* path, mode_t mode) { return OpenAt("creat", AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode); }
int creat64(const char* path, mode_t mode) {
  return OpenAt("creat64", AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

FILE* fopen(const char* path, const char* mode) { return Fopen("fopen", path, mode); }
FILE* fopen64(const char* path, const char* mode) { return Fopen("fopen64", path, mode); }

int close(int fd) {
  Track(fd, nullptr);
  return static_cast<int>(syscall(SYS_close, fd));
}

ssize_t write(int fd, const void* data, size_t count) {
  return Written("write", fd, count, [&](size_t n) { return static_cast<ssize_t>(syscall(SYS_write, fd, data, n)); });
}

ssize_t pwrite(int fd, const void* data, size_t count, off_t offset) {
  return Written("pwrite", fd, count,
                 [&](size_t n) { return static_cast<ssize_t>(syscall(SYS_pwrite64, fd, data, n, offset)); });
}

ssize_t pwrite64(int fd, const void* data, size_t count, off_t offset) {
  return Written("pwrite64", fd, count,
                 [&](size_t n) { return static_cast<ssize_t>(syscall(SYS_pwrite64, fd, data, n, offset)); });
}

// No short write here: a vector is written whole or not at all.
ssize_t writev(int fd, const struct iovec* vector, int count) {
  if (FdOp("writev", fd, Kind::kMutation) < 0) return -1;
  return static_cast<ssize_t>(syscall(SYS_writev, fd, vector, count));
}

int fsync(int fd) {
  if (FdOp("fsync", fd, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_fsync, fd));
}

int fdatasync(int fd) {
  if (FdOp("fdatasync", fd, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_fdatasync, fd));
}

int ftruncate(int fd, off_t length) {
  if (IsTracked(fd) && FdOp("ftruncate", fd, TruncateKind(fd, length)) < 0) return -1;
  return static_cast<int>(syscall(SYS_ftruncate, fd, length));
}

int ftruncate64(int fd, off_t length) { return ftruncate(fd, length); }

int truncate(const char* path, off_t length) {
  struct stat status;
  Kind kind = syscall(SYS_newfstatat, AT_FDCWD, path, &status, 0) == 0 && length < status.st_size ? Kind::kRelease
                                                                                                  : Kind::kMutation;
  if (PathOp("truncate", AT_FDCWD, path, kind) < 0) return -1;
  return static_cast<int>(syscall(SYS_truncate, path, length));
}

int truncate64(const char* path, off_t length) { return truncate(path, length); }

int rename(const char* from, const char* to) {
  if (PathOp("rename", AT_FDCWD, from, Kind::kMutation, AT_FDCWD, to) < 0) return -1;
  return static_cast<int>(syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 0));
}

int renameat(int from_dirfd, const char* from, int to_dirfd, const char* to) {
  if (PathOp("renameat", from_dirfd, from, Kind::kMutation, to_dirfd, to) < 0) return -1;
  return static_cast<int>(syscall(SYS_renameat2, from_dirfd, from, to_dirfd, to, 0));
}

int renameat2(int from_dirfd, const char* from, int to_dirfd, const char* to, unsigned int flags) {
  if (PathOp("renameat2", from_dirfd, from, Kind::kMutation, to_dirfd, to) < 0) return -1;
  return static_cast<int>(syscall(SYS_renameat2, from_dirfd, from, to_dirfd, to, flags));
}

int link(const char* from, const char* to) {
  if (PathOp("link", AT_FDCWD, to, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_linkat, AT_FDCWD, from, AT_FDCWD, to, 0));
}

int linkat(int from_dirfd, const char* from, int to_dirfd, const char* to, int flags) {
  if (PathOp("linkat", to_dirfd, to, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_linkat, from_dirfd, from, to_dirfd, to, flags));
}

int symlink(const char* target, const char* path) {
  if (PathOp("symlink", AT_FDCWD, path, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_symlinkat, target, AT_FDCWD, path));
}

int mkdir(const char* path, mode_t mode) {
  if (PathOp("mkdir", AT_FDCWD, path, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_mkdirat, AT_FDCWD, path, mode));
}

int mkdirat(int dirfd, const char* path, mode_t mode) {
  if (PathOp("mkdirat", dirfd, path, Kind::kMutation) < 0) return -1;
  return static_cast<int>(syscall(SYS_mkdirat, dirfd, path, mode));
}

int unlink(const char* path) {
  if (PathOp("unlink", AT_FDCWD, path, Kind::kRelease) < 0) return -1;
  return static_cast<int>(syscall(SYS_unlinkat, AT_FDCWD, path, 0));
}

int unlinkat(int dirfd, const char* path, int flags) {
  if (PathOp("unlinkat", dirfd, path, Kind::kRelease) < 0) return -1;
  return static_cast<int>(syscall(SYS_unlinkat, dirfd, path, flags));
}

int rmdir(const char* path) {
  if (PathOp("rmdir", AT_FDCWD, path, Kind::kRelease) < 0) return -1;
  return static_cast<int>(syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}

// glibc's remove() calls its internal unlink and rmdir, which the shim cannot see.
int remove(const char* path) {
  if (PathOp("remove", AT_FDCWD, path, Kind::kRelease) < 0) return -1;
  if (syscall(SYS_unlinkat, AT_FDCWD, path, 0) == 0) return 0;
  if (errno != EISDIR) return -1;
  return static_cast<int>(syscall(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}

// A read-only file system (or directory) says so to access(W_OK); a full disk does not.
int access(const char* path, int mode) {
  char buffer[kAbsoluteSize];
  const char* absolute = Absolute(AT_FDCWD, path, buffer);
  if ((mode & W_OK) != 0 && Get().error != ENOSPC && IsUnder(absolute) && Active("access", absolute)) {
    return static_cast<int>(Fail());
  }
  return static_cast<int>(syscall(SYS_faccessat, AT_FDCWD, path, mode));
}

}  // extern "C"

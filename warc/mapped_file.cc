// Memory-mapped files (see mapped_file.h).
#include "warc/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pressoir::warc {

MappedFile::MappedFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error_ = std::string("cannot open: ") + std::strerror(errno);
    return;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    error_ = std::string("cannot stat: ") + std::strerror(errno);
    ::close(fd);
    return;
  }
  if (!S_ISREG(info.st_mode)) {
    error_ = "not a regular file";
    ::close(fd);
    return;
  }
  size_ = static_cast<size_t>(info.st_size);
  if (size_ > 0) {
    address_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (address_ == MAP_FAILED) {
      address_ = nullptr;
      size_ = 0;
      error_ = std::string("cannot map: ") + std::strerror(errno);
    } else {
      // Records are read front to back.
      ::madvise(address_, size_, MADV_SEQUENTIAL);
    }
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (address_ != nullptr) ::munmap(address_, size_);
}

}  // namespace pressoir::warc

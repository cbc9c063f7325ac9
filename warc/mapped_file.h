// A read-only memory map of a whole file, for reading WARC files that may be gigabytes large
// without holding them in memory (the kernel pages them in and out). Internal to warc/.
#ifndef PRESSOIR_WARC_MAPPED_FILE_H_
#define PRESSOIR_WARC_MAPPED_FILE_H_

#include <string>
#include <string_view>

namespace pressoir::warc {

class MappedFile {
 public:
  // Maps `path`; on failure data() is empty and error() says why ("cannot open: ...").
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view data() const { return {static_cast<const char*>(address_), size_}; }
  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }

 private:
  void* address_ = nullptr;
  size_t size_ = 0;
  std::string error_;
};

}  // namespace pressoir::warc

#endif  // PRESSOIR_WARC_MAPPED_FILE_H_

// WarcWriter: the crawl's raw archive, <archive>/pressoir-<YYYYMMDDhhmmss>-<NNNNN>.warc.gz.
//
// Each file starts with a warcinfo record; each exchange is a `request` record (when the
// request is known) and a `response` record, written together in one write(2), each record its
// own gzip member (so a reader can seek to a record, as Common Crawl's index does). A file
// grows to about max_file_bytes, then the next one is opened. Records carry WARC-Record-ID,
// WARC-Date, WARC-Target-URI, WARC-IP-Address, WARC-Warcinfo-ID, WARC-Block-Digest and
// WARC-Payload-Digest ("sha1:" base32); the request record names its response in
// WARC-Concurrent-To. See warc.h for how decoded bodies are recorded.
//
// File names: <NNNNN> is the first free serial for the second (files are created with O_EXCL),
// so several writers (a fleet of crawl workers sharing the Redis frontier and one archive
// directory, or two runs in the same second) each get their own files.
//
// Crash safety. While a file is open its writer holds a lock (flock) on the marker
// <archive>/.open/<name>.lock. A writer that starts cuts every file whose marker no live writer
// holds (a run that was killed) back to its last whole gzip member, then removes the marker.
// SyncWritten() makes every record written so far durable, with one fdatasync; the crawl has
// the corpus writer call it once per group commit (corpus.h, CommitBarrier), after the
// batch's records were written and before their manifest lines are, the same order the corpus
// writer keeps between an article file and its line, so no manifest line ever points at a
// torn or missing record.
//
// Thread-safe: Write() and SyncWritten() may be called from several threads; records are compressed
// outside the lock.
#ifndef PRESSOIR_WARC_WRITER_H_
#define PRESSOIR_WARC_WRITER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/file_lock.h"
#include "warc/warc.h"

namespace pressoir::warc {

// The archive cannot be written (disk full, read-only, permissions): the message names the file.
class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WriterOptions {
  std::string directory;                      // created if missing
  int64_t max_file_bytes = int64_t{1} << 30;  // archive_max_size: then the next file
  std::string software = "pressoir";          // warcinfo's "software" field
  std::string operator_note;                  // warcinfo "description", when set
  // zlib level of each member (zlib's default). The crawl asks for 1, the fastest: on
  // bench-fetch's generated 10 KB pages, 4.1 KB per page against 3.9 KB at 6.
  int compression_level = 6;
};

// The directory that marks files being written (see "Crash safety").
inline constexpr char kOpenMarkerDirectory[] = ".open";

class WarcWriter {
 public:
  // Creates the directory, repairs files of crashed writers (see above). Throws ArchiveError.
  // The first file is created by the first Write().
  explicit WarcWriter(WriterOptions options);
  // Closes the current file (fdatasync, marker removed). Errors are not reported: call Close().
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Appends the exchange's records; returns the response record's location. Throws ArchiveError.
  RecordLocation Write(const Exchange& exchange);

  // Makes every record that Write() has returned so far durable: one fdatasync of the current
  // file (none when it is durable already; earlier files were synced when they were closed),
  // shared by the threads calling it at the same time. Throws ArchiveError, also when an
  // earlier file could not be synced or closed (its records may be lost) or an append failed:
  // from then on every call throws.
  void SyncWritten();

  // Closes the current file (fdatasync, marker removed). Throws ArchiveError. Write() after
  // Close() opens a new file.
  void Close();

  const std::string& directory() const { return options_.directory; }

  // Files repaired at construction: "name: cut from N to M bytes" each (for the log).
  const std::vector<std::string>& repairs() const { return repairs_; }

 private:
  struct File;
  // Opens the next file (under mutex_) and writes its warcinfo record.
  void OpenNext();
  void CloseCurrent();

  WriterOptions options_;
  std::vector<std::string> repairs_;
  std::mutex mutex_;  // guards current_, failure_ and the appends
  std::shared_ptr<File> current_;
  // Set when a file could not be synced (by SyncWritten() or when closing it) or
  // closed (its records may not be durable), or an append failed (the file may end in a
  // partial member, and later offsets would be wrong): every later Write() and
  // SyncWritten() throws it.
  std::string failure_;
};

// Cuts `path` back to the end of its last whole gzip member (nothing if it is whole). Returns
// the new size, or nullopt when nothing was cut; throws ArchiveError when it cannot read or
// truncate the file. (What a writer does to a crashed writer's file; exposed for tests.)
std::optional<int64_t> TruncateTornTail(const std::string& path);

}  // namespace pressoir::warc

#endif  // PRESSOIR_WARC_WRITER_H_

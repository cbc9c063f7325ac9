// Reading WARC files: pressoir's own, wget's (`wget --warc-file`), Common Crawl's (CC-NEWS).
//
// WARC 1.0 and 1.1; each record its own gzip member (the common practice), a whole file in one
// gzip stream (up to max_block_bytes, as it is inflated at once), or no compression. Every record is handed over,
// whatever its type (the caller skips what it does not use). Bad input never stops the reading: a corrupt or truncated
// gzip member, a record whose Content-Length does not match its data, a header block that is not WARC, or a block
// bigger than max_block_bytes is one problem (reported with the file offset where it starts), and reading goes on at
// the next member or the next "WARC/1." line. Memory is bounded by max_block_bytes: the file itself is memory-mapped,
// not read into memory.
#ifndef PRESSOIR_WARC_READER_H_
#define PRESSOIR_WARC_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "warc/warc.h"

namespace pressoir::warc {

struct Record {
  std::string version;  // "WARC/1.0", "WARC/1.1"
  HeaderList headers;   // the WARC header fields, in order
  std::string block;
  // Where the record is in its file: the offset and length of its gzip member (the offset of
  // the member holding it when one gzip stream holds several records), or of the record itself.
  int64_t offset = 0;
  int64_t length = 0;

  std::string_view Type() const { return FindHeader(headers, "WARC-Type").value_or(""); }
  // WARC-Target-URI without the angle brackets WARC 1.0's grammar had.
  std::string TargetUri() const;
};

struct ReadOptions {
  size_t max_block_bytes = size_t{10} << 20;  // larger records are a problem, and skipped
};

// Called for each problem: the offset in the file where the bad part starts, and what is wrong
// ("truncated gzip member", "Content-Length 900 runs past the end of the file", ...).
using ProblemHandler = std::function<void(int64_t offset, const std::string& message)>;
// Called for each record read. Return false to stop reading.
using RecordHandler = std::function<bool(Record&& record)>;

// Reads every record of `data` (a whole WARC file's bytes) in order. Returns the number of
// problems reported. Never throws (but std::bad_alloc and what the handlers throw).
int ReadRecords(std::string_view data, const ReadOptions& options, const RecordHandler& on_record,
                const ProblemHandler& on_problem);

// The same for the file `path`; a file that cannot be opened or mapped is one problem at
// offset 0.
int ReadFile(const std::string& path, const ReadOptions& options, const RecordHandler& on_record,
             const ProblemHandler& on_problem);

// The one record at `offset` (its gzip member or plain record of `length` bytes) of `path`,
// or nullopt with `error` set (no such range in the file, a `length` beyond what a record
// within options.max_block_bytes can take, a read error, a record that does not parse). Only
// those bytes are read, not the file.
std::optional<Record> ReadRecordAt(const std::string& path, int64_t offset, int64_t length, const ReadOptions& options,
                                   std::string& error);

}  // namespace pressoir::warc

#endif  // PRESSOIR_WARC_READER_H_

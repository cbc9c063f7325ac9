// gzip (RFC 1952) with a bound on the output, for feeds and sitemaps served as .gz files
// (crawler/feeds.cc), saved pages given to `pressoir extract` (cli/) and the WARC archive
// (archive/: one gzip member per record, written and read one member at a time). Part of
// `base/`: depends on the standard library, zlib and libdeflate only.
#ifndef PRESSOIR_BASE_GZIP_H_
#define PRESSOIR_BASE_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace pressoir::gzip {

// True when `data` starts with gzip's magic bytes (1f 8b).
bool HasGzipMagic(std::string_view data);

struct Inflated {
  std::string data;
  std::string error;    // "gzip: ..." one lower-case line; empty when the stream was complete
  bool usable = false;  // data may be used (complete, or a truncated stream's prefix)
};

// Inflates gzip data, every member of a multi-member file; bytes after the last member that
// are not one (padding some servers add) are ignored. Stops as soon as the output would exceed
// `max_bytes`: memory is bounded by the cap, not by the compression ratio. A truncated stream
// gives its prefix with `usable` and an error; corrupt data or the cap give no data. Never
// throws (but std::bad_alloc); thread-safe.
Inflated Gunzip(std::string_view data, std::size_t max_bytes);

// One gzip member holding `data` (deflate at `level`, 1 fastest .. 9 smallest). Concatenated
// members form a valid multi-member gzip file (RFC 1952 §2.2), which is how WARC files are
// compressed: each record its own member, so a reader can seek to a record. Compressed with
// libdeflate (zlib inflates it). Never throws (but std::bad_alloc); thread-safe: each thread
// keeps its compressor for its next call.
std::string GzipMember(std::string_view data, int level);

// The first gzip member of `data`, inflated, and where it ends.
struct Member {
  enum class Status {
    kOk,         // a whole member: `data` holds it (unless it was over the cap: `too_large`)
    kTruncated,  // `data` ends inside the member
    kCorrupt,    // not gzip, or a bad deflate stream or checksum
  };
  Status status = Status::kCorrupt;
  std::size_t compressed_size = 0;  // kOk: bytes of `data` the member takes (header to trailer)
  std::string data;                 // kOk and not too_large: the member's content
  bool too_large = false;           // kOk: the content is over `max_bytes` (not kept)
  std::string error;                // kTruncated, kCorrupt: "gzip: ..." one lower-case line
};

// Inflates the member at the start of `data`. Output past `max_bytes` is not kept, but the
// member is still read to its end (so a reader can go on with the next one): memory is bounded
// by the cap. Never throws (but std::bad_alloc); thread-safe.
Member InflateMember(std::string_view data, std::size_t max_bytes);

}  // namespace pressoir::gzip

#endif  // PRESSOIR_BASE_GZIP_H_

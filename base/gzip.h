// gzip decompression (RFC 1952) with a bound on the output, for feeds and sitemaps served as
// .gz files (crawler/feeds.cc) and saved pages given to `pressoir extract` (cli/). Part of
// `base/`: depends on the standard library and zlib only.
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

}  // namespace pressoir::gzip

#endif  // PRESSOIR_BASE_GZIP_H_

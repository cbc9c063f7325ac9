// gzip with zlib (see gzip.h).
#include "base/gzip.h"

// zlib's next_in is const when ZLIB_CONST is defined (zlib.h, "z_const").
#define ZLIB_CONST
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <memory>
#include <new>

namespace pressoir::gzip {

bool HasGzipMagic(std::string_view data) {
  return data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b;
}

Inflated Gunzip(std::string_view data, std::size_t max_bytes) {
  Inflated result;
  z_stream stream{};
  // 16 + MAX_WBITS: gzip wrapper only (zlib manual, inflateInit2).
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    result.error = "gzip: cannot initialize zlib";
    return result;
  }
  struct StreamEnd {
    void operator()(z_stream* s) const { inflateEnd(s); }
  };
  std::unique_ptr<z_stream, StreamEnd> guard(&stream);

  std::size_t fed = 0;  // bytes of `data` handed to zlib so far
  std::array<unsigned char, 64 * 1024> buffer;
  for (;;) {
    if (stream.avail_in == 0 && fed < data.size()) {
      std::size_t take = std::min<std::size_t>(data.size() - fed, std::size_t{1} << 30);
      stream.next_in = reinterpret_cast<const Bytef*>(data.data() + fed);
      stream.avail_in = static_cast<uInt>(take);
      fed += take;
    }
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    int rc = inflate(&stream, Z_NO_FLUSH);
    std::size_t produced = buffer.size() - stream.avail_out;
    if (produced > max_bytes - result.data.size()) {
      result.error = "gzip: decompressed size exceeds " + std::to_string(max_bytes) + " bytes";
      result.data.clear();
      result.data.shrink_to_fit();
      return result;
    }
    result.data.append(reinterpret_cast<const char*>(buffer.data()), produced);
    bool input_left = stream.avail_in > 0 || fed < data.size();
    if (rc == Z_STREAM_END) {
      // RFC 1952 §2.2: a gzip file is a series of members; bytes after the last one that
      // are not a member (padding some servers add) are ignored.
      std::size_t offset = fed - stream.avail_in;  // first byte zlib has not consumed
      if (!input_left || !HasGzipMagic(data.substr(offset))) break;
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc == Z_BUF_ERROR && !input_left) {
      result.error = "gzip: truncated stream";
      result.usable = true;
      return result;
    }
    if (rc != Z_OK) {
      result.error = std::string("gzip: ") + (stream.msg != nullptr ? stream.msg : "corrupt data");
      result.data.clear();
      return result;
    }
  }
  result.usable = true;
  return result;
}

namespace {

// A libdeflate compressor kept by each thread between GzipMember() calls, for the last level
// it was asked for. libdeflate compresses a whole buffer at once, which is all a WARC member
// needs, and faster than zlib's deflate: at level 1 on 1,000 of bench-fetch's generated
// pages, 2.3 to 4.4 times as fast in three passes on the loaded project machine, and 5 %
// smaller (2,991 bytes a page against 3,146). In bench-fetch's crawl zlib's level 1 took about
// 0.13 ms per page, most of what the archive cost. Kept because a compressor holds a few
// hundred KB: allocating and freeing one per member made glibc return that memory to the
// kernel every time (madvise, and on several cores a TLB shootdown each).
class ThreadCompressor {
 public:
  ~ThreadCompressor() {
    if (compressor_ != nullptr) libdeflate_free_compressor(compressor_);
  }
  libdeflate_compressor* For(int level) {
    if (compressor_ != nullptr && level_ != level) {
      libdeflate_free_compressor(compressor_);
      compressor_ = nullptr;
    }
    if (compressor_ == nullptr) {
      // libdeflate's levels run 0-12; zlib's 1-9 mean about the same there.
      compressor_ = libdeflate_alloc_compressor(std::clamp(level, 0, 12));
      if (compressor_ == nullptr) throw std::bad_alloc();  // its only failure with a valid level
      level_ = level;
    }
    return compressor_;
  }

 private:
  libdeflate_compressor* compressor_ = nullptr;
  int level_ = 0;
};

}  // namespace

std::string GzipMember(std::string_view data, int level) {
  thread_local ThreadCompressor compressors;
  libdeflate_compressor* compressor = compressors.For(level);
  std::string out;
  out.resize(libdeflate_gzip_compress_bound(compressor, data.size()));
  // The bound is enough for any input (libdeflate.h): 0 (no room) cannot happen.
  size_t written = libdeflate_gzip_compress(compressor, data.data(), data.size(), out.data(), out.size());
  assert(written > 0 && "libdeflate_gzip_compress_bound leaves room for the whole member");
  out.resize(written);
  return out;
}

Member InflateMember(std::string_view data, std::size_t max_bytes) {
  Member member;
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
    member.error = "gzip: cannot initialize zlib";
    return member;
  }
  struct StreamEnd {
    void operator()(z_stream* s) const { inflateEnd(s); }
  };
  std::unique_ptr<z_stream, StreamEnd> guard(&stream);
  if (!HasGzipMagic(data)) {
    member.error = data.size() < 2 ? "gzip: truncated stream" : "gzip: not gzip data";
    member.status = data.size() < 2 ? Member::Status::kTruncated : Member::Status::kCorrupt;
    return member;
  }
  std::size_t fed = 0;
  std::array<unsigned char, 64 * 1024> buffer;
  for (;;) {
    if (stream.avail_in == 0 && fed < data.size()) {
      std::size_t take = std::min<std::size_t>(data.size() - fed, std::size_t{1} << 30);
      stream.next_in = reinterpret_cast<const Bytef*>(data.data() + fed);
      stream.avail_in = static_cast<uInt>(take);
      fed += take;
    }
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    int rc = inflate(&stream, Z_NO_FLUSH);
    std::size_t produced = buffer.size() - stream.avail_out;
    if (!member.too_large && produced > max_bytes - member.data.size()) {
      member.too_large = true;
      member.data.clear();
      member.data.shrink_to_fit();
    }
    if (!member.too_large) member.data.append(reinterpret_cast<const char*>(buffer.data()), produced);
    if (rc == Z_STREAM_END) {
      member.status = Member::Status::kOk;
      member.compressed_size = fed - stream.avail_in;
      return member;
    }
    bool input_left = stream.avail_in > 0 || fed < data.size();
    if ((rc == Z_BUF_ERROR || rc == Z_OK) && !input_left && produced == 0) {
      member.status = Member::Status::kTruncated;
      member.error = "gzip: truncated stream";
      member.data.clear();
      return member;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      member.status = Member::Status::kCorrupt;
      member.error = std::string("gzip: ") + (stream.msg != nullptr ? stream.msg : "corrupt data");
      member.data.clear();
      return member;
    }
  }
}

}  // namespace pressoir::gzip

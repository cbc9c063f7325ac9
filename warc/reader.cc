// Reading WARC files (see warc_reader.h).
#include "warc/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/ascii.h"
#include "base/gzip.h"
#include "warc/mapped_file.h"

namespace pressoir::warc {
namespace {

// A WARC header block larger than this is not one (real ones are under 2 KB).
constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::string_view kGzipMagic = "\x1f\x8b\x08";  // RFC 1952 §2.3.1: ID1 ID2 CM=deflate
constexpr std::string_view kRecordStart = "WARC/1.";

struct Parsed {
  std::optional<Record> record;
  size_t consumed = 0;  // bytes of the record, when it could be framed (also on a problem)
  std::string error;
};

bool IsLineSpace(char c) { return c == ' ' || c == '\t'; }

// The most bytes one record (a gzip member, or a plain record) can take in its file and still
// be read: its block limit, what deflate can add to incompressible data (5 bytes per stored
// block of up to 64 KB: 1/256 is ample), its header block and the gzip framing.
uint64_t MaxMemberBytes(const ReadOptions& options) {
  const uint64_t block = options.max_block_bytes;
  return block + block / 256 + kMaxHeaderBytes + 4096;
}

// One record at the start of `data`.
Parsed ParseRecord(std::string_view data, const ReadOptions& options) {
  Parsed parsed;
  // The header block is looked for within its size limit only: garbage without an end must
  // not be scanned to the end of the file at every resynchronisation point.
  const std::string_view window = data.substr(0, kMaxHeaderBytes + 4);
  size_t header_end = window.find("\r\n\r\n");
  size_t block_start = header_end == std::string_view::npos ? header_end : header_end + 4;
  if (size_t lf = window.find("\n\n"); lf != std::string_view::npos && lf < header_end) {
    header_end = lf;
    block_start = lf + 2;
  }
  if (header_end == std::string_view::npos || header_end > kMaxHeaderBytes) {
    parsed.error = data.size() < kMaxHeaderBytes ? "record header cut short" : "record header has no end";
    return parsed;
  }
  Record record;
  std::string_view head = data.substr(0, header_end);
  size_t line_start = 0;
  bool first = true;
  while (line_start <= head.size()) {
    size_t line_end = head.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = head.size();
    std::string_view line = head.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line_start = line_end + 1;
    if (first) {
      first = false;
      record.version = std::string(ascii::Trim(line));
      if (record.version != "WARC/1.0" && record.version != "WARC/1.1") {
        parsed.error =
            record.version.starts_with("WARC/") ? "unsupported version '" + record.version + "'" : "not a WARC record";
        return parsed;
      }
      continue;
    }
    if (!line.empty() && IsLineSpace(line.front()) && !record.headers.empty()) {
      record.headers.back().second += " " + std::string(ascii::Trim(line));  // a folded line
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (ascii::Trim(line).empty()) continue;
      parsed.error = "bad header line";
      return parsed;
    }
    record.headers.emplace_back(std::string(ascii::Trim(line.substr(0, colon))),
                                std::string(ascii::Trim(line.substr(colon + 1))));
  }
  std::optional<std::string_view> length_text = FindHeader(record.headers, "Content-Length");
  if (!length_text) {
    parsed.error = "record without Content-Length";
    return parsed;
  }
  std::string_view digits = ascii::Trim(*length_text);
  if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    parsed.error = "bad Content-Length '" + std::string(digits) + "'";
    return parsed;
  }
  size_t length = std::stoull(std::string(digits));
  if (length > data.size() - block_start) {
    parsed.error = "Content-Length " + std::string(digits) + " runs past the end of the record's data";
    return parsed;
  }
  size_t end = block_start + length;
  // WARC 1.1 §4: two CRLFs end a record. Some writers put LF only; tolerated.
  std::string_view tail = data.substr(end, 4);
  if (tail == "\r\n\r\n") {
    parsed.consumed = end + 4;
  } else if (tail.substr(0, 2) == "\n\n") {
    parsed.consumed = end + 2;
  } else if (end == data.size()) {
    parsed.consumed = end;
  } else {
    parsed.error = "Content-Length " + std::string(digits) + " does not end at the end of the record";
    return parsed;
  }
  if (length > options.max_block_bytes) {
    parsed.error = "record block of " + std::string(digits) + " bytes is over max_body_size (" +
                   std::to_string(options.max_block_bytes) + "), skipped";
    return parsed;  // consumed is set: the reader goes on after it
  }
  record.block.assign(data.substr(block_start, length));
  parsed.record = std::move(record);
  return parsed;
}

// Blank lines between records (some writers add more than the two CRLFs).
size_t SkipBlankLines(std::string_view data, size_t at) {
  while (at < data.size() && (data[at] == '\r' || data[at] == '\n')) ++at;
  return at;
}

// Where the next record may start after a problem at `at`: the next gzip member or WARC line.
size_t Resync(std::string_view data, size_t at) {
  size_t gzip = data.find(kGzipMagic, at + 1);
  size_t plain = data.find(std::string("\n") + std::string(kRecordStart), at);
  if (plain != std::string_view::npos) ++plain;
  return std::min(gzip, plain);
}

}  // namespace

std::string Record::TargetUri() const {
  std::string_view uri = ascii::Trim(FindHeader(headers, "WARC-Target-URI").value_or(""));
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
  return std::string(uri);
}

int ReadRecords(std::string_view data, const ReadOptions& options, const RecordHandler& on_record,
                const ProblemHandler& on_problem) {
  int problems = 0;
  // After a problem the reader looks for the next member or "WARC/1." line; a false start
  // there (those bytes inside compressed data) is part of the same problem, not a new line.
  bool resyncing = false;
  auto problem = [&](size_t offset, const std::string& message) {
    if (resyncing) return;
    ++problems;
    on_problem(static_cast<int64_t>(offset), message);
  };
  // A member holds one record, or (a whole file compressed as one stream) several: the header
  // allowance on top of the block cap.
  const size_t member_cap = options.max_block_bytes + kMaxHeaderBytes;
  size_t at = SkipBlankLines(data, 0);
  while (at < data.size()) {
    std::string_view rest = data.substr(at);
    if (rest.starts_with(kGzipMagic)) {
      gzip::Member member = gzip::InflateMember(rest, member_cap);
      if (member.status != gzip::Member::Status::kOk) {
        problem(at, member.status == gzip::Member::Status::kTruncated ? "truncated gzip member"
                                                                      : "corrupt gzip member (" + member.error + ")");
        at = Resync(data, at);
        resyncing = true;
        continue;
      }
      resyncing = false;
      if (member.too_large) {
        problem(at, "gzip member over max_body_size (" + std::to_string(options.max_block_bytes) + "), skipped");
        at = SkipBlankLines(data, at + member.compressed_size);
        continue;
      }
      std::string_view content = member.data;
      size_t inner = SkipBlankLines(content, 0);
      while (inner < content.size()) {
        Parsed parsed = ParseRecord(content.substr(inner), options);
        if (!parsed.record) {
          problem(at, parsed.error);
          break;
        }
        parsed.record->offset = static_cast<int64_t>(at);
        parsed.record->length = static_cast<int64_t>(member.compressed_size);
        if (!on_record(std::move(*parsed.record))) return problems;
        inner = SkipBlankLines(content, inner + parsed.consumed);
      }
      at = SkipBlankLines(data, at + member.compressed_size);
      continue;
    }
    if (rest.starts_with("WARC/")) {
      Parsed parsed = ParseRecord(rest, options);
      if (!parsed.record) {
        problem(at, parsed.error);
        resyncing = parsed.consumed == 0;
        at = parsed.consumed > 0 ? SkipBlankLines(data, at + parsed.consumed) : Resync(data, at);
        continue;
      }
      resyncing = false;
      parsed.record->offset = static_cast<int64_t>(at);
      parsed.record->length = static_cast<int64_t>(parsed.consumed);
      if (!on_record(std::move(*parsed.record))) return problems;
      at = SkipBlankLines(data, at + parsed.consumed);
      continue;
    }
    problem(at, "not a WARC record");
    at = Resync(data, at);
    resyncing = true;
  }
  return problems;
}

int ReadFile(const std::string& path, const ReadOptions& options, const RecordHandler& on_record,
             const ProblemHandler& on_problem) {
  MappedFile file(path);
  if (!file.ok()) {
    on_problem(0, file.error());
    return 1;
  }
  return ReadRecords(file.data(), options, on_record, on_problem);
}

std::optional<Record> ReadRecordAt(const std::string& path, int64_t offset, int64_t length, const ReadOptions& options,
                                   std::string& error) {
  // Read with pread, not mapped: `pressoir reextract` reads thousands of records a second on
  // several threads, and each unmapping of a file interrupts every other thread of the process
  // (a TLB shootdown).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  struct stat info {};
  const bool have_size = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  const auto file_size = have_size ? static_cast<uint64_t>(info.st_size) : 0;
  if (!have_size || offset < 0 || length <= 0 ||
      static_cast<uint64_t>(offset) + static_cast<uint64_t>(length) > file_size) {
    ::close(fd);
    error = "no record at offset " + std::to_string(offset) + " (file has " + std::to_string(file_size) + " bytes)";
    return std::nullopt;
  }
  if (static_cast<uint64_t>(length) > MaxMemberBytes(options)) {
    ::close(fd);
    error = "a record of " + std::to_string(length) + " bytes is larger than the block limit";
    return std::nullopt;
  }
  std::string bytes(static_cast<size_t>(length), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n =
        ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(offset) + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  const int read_errno = errno;
  ::close(fd);
  if (got < bytes.size()) {
    error = std::string("cannot read: ") + (got > 0 ? "short read" : std::strerror(read_errno));
    return std::nullopt;
  }
  std::optional<Record> found;
  std::string problem_text;
  ReadRecords(
      bytes, options,
      [&](Record&& record) {
        found = std::move(record);
        return false;
      },
      [&](int64_t, const std::string& message) {
        if (problem_text.empty()) problem_text = message;
      });
  if (!found) {
    error = "offset " + std::to_string(offset) + ": " + (problem_text.empty() ? "no record" : problem_text);
    return std::nullopt;
  }
  found->offset = offset;
  found->length = length;
  return found;
}

}  // namespace pressoir::warc

// WARC record and HTTP message formats (see warc.h).
#include "warc/warc.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

#include "base/ascii.h"
#include "base/gzip.h"

namespace pressoir::warc {
namespace {

// Header lines whose meaning changes when the body is stored decoded (see warc.h).
constexpr std::array<std::string_view, 3> kFramingHeaders = {"content-encoding", "transfer-encoding", "content-length"};
// The prefix Common Crawl and StormCrawler give those lines when the payload is stored decoded.
constexpr char kDecodedPrefix[] = "X-Crawler-";

bool IsFramingHeader(std::string_view name) {
  for (std::string_view framing : kFramingHeaders) {
    if (ascii::EqualsIgnoreCase(name, framing)) return true;
  }
  return false;
}

// The head split into lines, each without its line end.
std::vector<std::string_view> HeadLines(std::string_view head) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < head.size()) {
    size_t end = head.find('\n', start);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string_view HeaderName(std::string_view line) {
  size_t colon = line.find(':');
  return colon == std::string_view::npos ? std::string_view() : ascii::Trim(line.substr(0, colon));
}

std::optional<size_t> ParseSize(std::string_view text) {
  text = ascii::Trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    if (!ascii::IsDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

// RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF [trailers] CRLF.
std::optional<std::string> Dechunk(std::string_view body, size_t max_bytes, std::string& error) {
  std::string out;
  size_t at = 0;
  for (;;) {
    size_t line_end = body.find('\n', at);
    if (line_end == std::string_view::npos) {
      error = "chunked body cut short";
      return std::nullopt;
    }
    std::string_view size_text = body.substr(at, line_end - at);
    size_text = size_text.substr(0, size_text.find(';'));
    size_text = ascii::Trim(size_text);
    // 1 to 15 hex digits: larger sizes cannot be real (and would overflow).
    std::optional<uint64_t> size;
    if (!size_text.empty() && size_text.size() <= 15) {
      uint64_t value = 0;
      for (char c : size_text) {
        int digit = ascii::HexDigitValue(c);
        if (digit < 0) break;
        value = (value << 4) | static_cast<uint64_t>(digit);
      }
      if (std::all_of(size_text.begin(), size_text.end(), ascii::IsHexDigit)) size = value;
    }
    if (!size) {
      error = "bad chunk size";
      return std::nullopt;
    }
    at = line_end + 1;
    if (*size == 0) return out;
    if (*size > body.size() - at) {
      error = "chunked body cut short";
      return std::nullopt;
    }
    if (out.size() + *size > max_bytes) {
      error = "body over " + std::to_string(max_bytes) + " bytes";
      return std::nullopt;
    }
    out.append(body.substr(at, *size));
    at += *size;
    if (body.substr(at, 2) == "\r\n") {
      at += 2;
    } else if (body.substr(at, 1) == "\n") {
      at += 1;
    }
  }
}

}  // namespace

std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (ascii::EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string ArchivedResponseHead(std::string_view response_head, size_t body_size) {
  std::vector<std::string_view> lines = HeadLines(response_head);
  bool rewrite = false;
  bool has_length = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view name = HeaderName(lines[i]);
    if (ascii::EqualsIgnoreCase(name, "content-length")) {
      has_length = true;
      std::optional<size_t> length = ParseSize(lines[i].substr(lines[i].find(':') + 1));
      if (!length || *length != body_size) rewrite = true;
    } else if (IsFramingHeader(name)) {
      rewrite = true;
    }
  }
  std::string head;
  head.reserve(response_head.size() + 64);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (rewrite && i > 0 && IsFramingHeader(HeaderName(lines[i]))) head += kDecodedPrefix;
    head.append(lines[i]);
    head += "\r\n";
  }
  // A response without Content-Length (HTTP/1.0 closing the connection, HTTP/2) gets one too:
  // the block must say where its payload ends for every reader.
  if (rewrite || !has_length) head += "Content-Length: " + std::to_string(body_size) + "\r\n";
  head += "\r\n";
  return head;
}

std::string NewRecordId() {
  thread_local std::mt19937_64 random(std::random_device{}());
  uint64_t high = random();
  uint64_t low = random();
  // RFC 4122 §4.4: version 4 in the time_hi_and_version field, variant 10 in clock_seq.
  high = (high & ~uint64_t{0xF000}) | uint64_t{0x4000};
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  char text[64];
  std::snprintf(text, sizeof(text), "<urn:uuid:%08x-%04x-%04x-%04x-%012llx>", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

std::string FormatRecord(const HeaderList& headers, std::string_view block) {
  std::string record = "WARC/1.1\r\n";
  for (const auto& [name, value] : headers) {
    record += name;
    record += ": ";
    record += value;
    record += "\r\n";
  }
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record.append(block);
  record += "\r\n\r\n";
  return record;
}

namespace {

// The head of `block` parsed, and where its body starts.
std::optional<HttpResponse> ParseHead(std::string_view block, size_t& body_start, std::string& error) {
  if (!block.starts_with("HTTP/")) {
    error = "not an HTTP response";
    return std::nullopt;
  }
  size_t head_end = block.find("\r\n\r\n");
  body_start = head_end == std::string_view::npos ? std::string_view::npos : head_end + 4;
  size_t lf_end = block.find("\n\n");
  if (lf_end != std::string_view::npos && (head_end == std::string_view::npos || lf_end < head_end)) {
    head_end = lf_end;
    body_start = lf_end + 2;
  }
  if (head_end == std::string_view::npos) {
    error = "HTTP header block has no end";
    return std::nullopt;
  }
  std::vector<std::string_view> lines = HeadLines(block.substr(0, head_end));
  HttpResponse response;
  std::string_view status_line = lines.front();
  size_t space = status_line.find(' ');
  std::optional<size_t> status =
      space == std::string_view::npos ? std::nullopt : ParseSize(status_line.substr(space + 1, 3));
  if (!status || *status < 100 || *status > 999) {
    error = "bad HTTP status line";
    return std::nullopt;
  }
  response.status = static_cast<int>(*status);
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    response.headers.emplace_back(std::string(ascii::Trim(lines[i].substr(0, colon))),
                                  std::string(ascii::Trim(lines[i].substr(colon + 1))));
  }
  return response;
}

}  // namespace

std::optional<HttpResponse> ParseHttpHead(std::string_view block, std::string& error) {
  size_t body_start = 0;
  return ParseHead(block, body_start, error);
}

std::optional<HttpResponse> ParseHttpResponse(std::string_view block, size_t max_body_bytes, std::string& error) {
  size_t body_start = 0;
  std::optional<HttpResponse> head = ParseHead(block, body_start, error);
  if (!head) return std::nullopt;
  HttpResponse& response = *head;
  std::string_view body = block.substr(body_start);
  std::string decoded;
  std::optional<std::string_view> transfer = FindHeader(response.headers, "transfer-encoding");
  if (transfer && ascii::ContainsIgnoreCase(*transfer, "chunked")) {
    std::optional<std::string> dechunked = Dechunk(body, max_body_bytes, error);
    if (!dechunked) return std::nullopt;
    decoded = std::move(*dechunked);
  } else {
    if (body.size() > max_body_bytes) {
      error = "body over " + std::to_string(max_body_bytes) + " bytes";
      return std::nullopt;
    }
    decoded.assign(body);
  }
  std::optional<std::string_view> encoding = FindHeader(response.headers, "content-encoding");
  std::string_view coding = encoding ? ascii::Trim(*encoding) : std::string_view();
  if (!coding.empty() && !ascii::EqualsIgnoreCase(coding, "identity")) {
    if (!ascii::EqualsIgnoreCase(coding, "gzip") && !ascii::EqualsIgnoreCase(coding, "x-gzip")) {
      error = "content-encoding '" + std::string(coding) + "' is not supported";
      return std::nullopt;
    }
    gzip::Inflated inflated = gzip::Gunzip(decoded, max_body_bytes);
    if (!inflated.error.empty()) {
      error = inflated.error;
      return std::nullopt;
    }
    decoded = std::move(inflated.data);
  }
  response.body = std::move(decoded);
  return head;
}

}  // namespace pressoir::warc

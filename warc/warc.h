// The warc module (the raw archive): every HTTP exchange of a crawl kept as WARC (ISO 28500, WARC/1.1), and
// WARC files (pressoir's, wget's, Common Crawl's CC-NEWS) read back for re-extraction. It may
// depend on base/ only: the crawler hands it plain Exchanges, the commands read Records.
//  - warc.h (this file): record and HTTP message formats, shared by the writer and the reader;
//  - writer.h: WarcWriter, the crash-safe writer of <archive>/pressoir-*.warc.gz files;
//  - reader.h: reading records from a file (gzip per record or uncompressed).
//
// Decoded bodies. libcurl removes Content-Encoding (gzip, br, zstd) and Transfer-Encoding
// (chunked) before pressoir sees a body, and pressoir's size limit applies to decoded bytes.
// The archive stores the body as decoded and says so the way Common Crawl and StormCrawler (the
// writer of CC-NEWS) do: the received Content-Encoding, Transfer-Encoding and Content-Length
// header lines are kept with the prefix "X-Crawler-" and a Content-Length of the stored body is
// added, so a WARC reader (warcio, pywb) neither decodes the body again nor mis-frames it, and
// the payload digest is that of the bytes stored. Storing the raw bytes instead would mean
// turning off curl's decoding and decoding brotli and zstd ourselves, for a body no extractor
// wants in that form. A response without those headers, and whose Content-Length matches, is
// stored exactly as received.
#ifndef PRESSOIR_WARC_WARC_H_
#define PRESSOIR_WARC_WARC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pressoir::warc {

// One HTTP exchange as the fetcher saw it.
struct Exchange {
  std::string target_uri;     // the URL requested (WARC-Target-URI)
  std::string peer_ip;        // the address connected to, "" when unknown (no WARC-IP-Address)
  std::string request_head;   // request line and header lines as sent, CRLF each, blank line
                              // included; "" when unknown (no request record is written)
  std::string response_head;  // status line and header lines as received, the same way
  std::string body;           // the body as received, after curl's decoding (see above)
  // "" for a whole body, else why it is cut short (WARC 1.1 §5.13 WARC-Truncated): "length"
  // (over max_body_size), "unspecified" (not downloaded: a content type pressoir does not read).
  std::string truncated;
  std::string date;  // WARC-Date, ISO 8601 UTC ("2026-12-06T12:00:00Z"); "" = when written
};

// Where a record is: its file's name (no directory), the offset of its first byte and its
// length in the file (the gzip member, for compressed files), as Common Crawl's index gives it.
struct RecordLocation {
  std::string filename;
  int64_t offset = 0;
  int64_t length = 0;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (ASCII case-insensitive), or nullopt.
std::optional<std::string_view> FindHeader(const HeaderList& headers, std::string_view name);

// The response head as the archive stores it for `body_size` stored bytes (see "Decoded
// bodies" above).
std::string ArchivedResponseHead(std::string_view response_head, size_t body_size);

// A new WARC-Record-ID: "<urn:uuid:...>" (RFC 4122 version 4, random). Thread-safe.
std::string NewRecordId();

// One WARC/1.1 record: the version line, `headers` in order, Content-Length of `block`, a blank
// line, the block and the two CRLFs that end a record (WARC 1.1 §4).
std::string FormatRecord(const HeaderList& headers, std::string_view block);

// An HTTP response read from a WARC record's block.
struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string body;  // Transfer-Encoding and a gzip Content-Encoding removed
};

// Parses an HTTP/1.x (or curl's "HTTP/2") response: status line, header lines (CRLF or LF),
// blank line, body. A chunked body is de-chunked and a gzip or x-gzip Content-Encoding
// inflated (bodies WARC writers such as wget store as received); a body over `max_body_bytes`
// (decoded) is an error. nullopt with `error` set ("not an HTTP response", "chunked body cut
// short", "content-encoding 'br' is not supported", ...).
std::optional<HttpResponse> ParseHttpResponse(std::string_view block, size_t max_body_bytes, std::string& error);

// The status line and headers only (`body` left empty, nothing decoded): what deciding whether
// a record is a page needs. nullopt with `error` set as above.
std::optional<HttpResponse> ParseHttpHead(std::string_view block, std::string& error);

}  // namespace pressoir::warc

#endif  // PRESSOIR_WARC_WARC_H_

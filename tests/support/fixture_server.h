// A loopback HTTP/1.1 server for network tests: no test may touch the internet (STYLE.md).
//
// FixtureServer listens on 127.0.0.1 on an ephemeral port and serves canned or computed
// responses from its own threads. It records every request it receives (with the TCP
// connection it arrived on and when), tracks how many connections and requests were open at
// once, and can misbehave on demand: delay, stall mid-body, reset the connection, lie about
// Content-Length, stream an endless chunked body, or compress the body. Fetcher, frontier and
// politeness tests use it to check timeouts, limits, connection reuse and per-host
// concurrency against a real socket.
//
// Virtual hosts: the server answers for any Host header. Tests map names such as `a.test` to
// 127.0.0.1 with CURLOPT_RESOLVE (see ResolveEntry()) and route on the host with RouteHost().
//
// Thread safety: every public method may be called from any thread, including from inside a
// handler. Handlers run on a small pool of server threads (kHandlerThreads), possibly
// several at once, so they must be thread-safe themselves. Prefer Response::delay to
// sleeping inside a handler: a sleeping handler holds a pool thread and delays shutdown.
#ifndef PRESSOIR_TESTS_SUPPORT_FIXTURE_SERVER_H_
#define PRESSOIR_TESTS_SUPPORT_FIXTURE_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pressoir::testing {

// One request as the server parsed it.
struct RecordedRequest {
  std::string method;  // e.g. "GET", as sent
  std::string target;  // path and query exactly as sent, e.g. "/a?b=1"
  std::string path;    // target without the query (what routes match on)
  std::string host;    // Host header, lower-cased, without the port; "" when absent
  std::vector<std::pair<std::string, std::string>> headers;  // in order; names lower-cased
  std::string body;                                          // request body (POST); usually empty
  std::chrono::steady_clock::time_point received_at;         // when the request was fully read
  int connection_id = 0;  // same id for every request on one TCP connection; starts at 1

  // Value of the first header called `name` (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

// What to send back, including faults to inject. Fields combine unless noted otherwise.
// Every field has a default initializer, so designated initializers may name any subset.
struct Response {
  int status = 200;
  // Sent in order, e.g. {"Content-Type", "text/html; charset=utf-8"}. The server owns
  // framing: Content-Length, Transfer-Encoding and Content-Encoding given here are dropped
  // (use declared_length, chunked and content_encoding instead).
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};

  // Fault injection.
  // Waits this long after reading the request before sending anything.
  std::chrono::milliseconds delay{0};
  // Sends the header block and this many bytes of the wire body (after compression and, when
  // chunked, including chunk framing), then sends nothing more. The socket stays open until
  // the client closes it, the server stops, or kStallTimeout passes.
  std::optional<size_t> stall_after_bytes{};
  // Closes the socket abruptly with an RST (SO_LINGER 0) instead of answering.
  bool reset_connection = false;
  // Sends `Content-Length: declared_length` instead of the real size (a lie). The server
  // closes the connection after the body, so a client waiting for more bytes sees a short
  // body (curl: CURLE_PARTIAL_FILE) and one given fewer bytes never reads the excess as
  // the next response.
  std::optional<uint64_t> declared_length{};
  // Sends the body with Transfer-Encoding: chunked, in chunks of `chunk_size` bytes.
  bool chunked = false;
  size_t chunk_size = 1024;
  // Ignores `body` and streams chunks of this many bytes ('x'; at least 1) forever, chunked,
  // until the client closes the connection or the server stops.
  std::optional<size_t> endless_body_chunk{};
  // "gzip", "deflate" (zlib format, RFC 9110 §8.4.1.2) or "br": the server compresses
  // `body` and sets Content-Encoding. Any other non-empty value is sent as the header with
  // the body untouched (to test unknown codings).
  std::string content_encoding{};
  // Header flood: after `headers`, sends `flood_header_count` more header lines
  // "X-Flood-<n>: hhh...", each value `flood_header_bytes` long, then the framing headers and
  // the body as usual. Lines are generated while they are sent (64 KiB at a time), so a flood of
  // gigabytes costs the server no memory. With `endless_headers` the lines never stop: the
  // header block never ends, until the client closes the connection or the server stops. Not
  // combined with the faults above (delay excepted); the connection is closed afterwards.
  size_t flood_header_count = 0;
  size_t flood_header_bytes = 16;
  bool endless_headers = false;
};

using Handler = std::function<Response(const RecordedRequest&)>;

// Canned responses.
// 200 with Content-Type "text/html; charset=<charset>" (just "text/html" if charset is "").
Response Html(std::string body, std::string_view charset = "utf-8");
// 200 with the given Content-Type.
Response Text(std::string body, std::string_view content_type = "text/plain; charset=utf-8");
// `status` (301, 302, 303, 307, 308) with a Location header and an empty body.
Response Redirect(int status, std::string location);
// `code` with a short text/plain body naming the status.
Response Status(int code);
// `code` (usually 429 or 503) with `Retry-After: value` (seconds or an HTTP-date).
Response RetryAfter(int code, std::string value);

class FixtureServer {
 public:
  // How long a stalled response keeps its socket open at most.
  static constexpr std::chrono::seconds kStallTimeout{30};
  // Number of threads that run handlers (and read files for ServeDirectory).
  static constexpr int kHandlerThreads = 16;

  // Binds 127.0.0.1:0 and starts serving. Throws std::runtime_error (a Boost system_error)
  // if it cannot listen.
  FixtureServer();
  // Stops accepting, drops every open connection (stalled and endless ones included) and
  // joins the server threads; returns within milliseconds unless a handler is still
  // running, which it waits for.
  ~FixtureServer();
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  uint16_t port() const;
  // "http://127.0.0.1:PORT" + path_and_query (which should start with '/').
  std::string Url(std::string_view path_and_query) const;
  // "http://HOST:PORT" + path_and_query, for use with ResolveEntry(host).
  std::string UrlFor(std::string_view host, std::string_view path_and_query) const;
  // "HOST:PORT:127.0.0.1", an entry for CURLOPT_RESOLVE that maps `host` to this server.
  std::string ResolveEntry(std::string_view host) const;

  // Routing. A request is answered by, in order: a RouteHost() for its host and path, a
  // Route() for its path, the ServeDirectory() tree, else 404. Paths match exactly, without
  // the query string; hosts match case-insensitively without the port. Registering the
  // same path (and host) again replaces the earlier route. Routes may change while serving.
  void Route(std::string path, Response response);
  void Route(std::string path, Handler handler);
  void RouteHost(std::string host, std::string path, Response response);
  void RouteHost(std::string host, std::string path, Handler handler);
  // Serves files under `directory` for unrouted paths: "/" and other directory paths serve
  // their index.html, Content-Type follows the extension, paths are percent-decoded, and any
  // path that would leave the directory ("..", symlinks out) or names no file gets 404.
  void ServeDirectory(std::string directory);

  // Snapshot of every request received so far, in arrival order.
  std::vector<RecordedRequest> Requests() const;
  // The same, restricted to requests whose host equals `host` (case-insensitive).
  std::vector<RecordedRequest> RequestsFor(std::string_view host) const;
  // Forgets recorded requests and resets the peak counters to the current values.
  void ClearRequests();

  // Connections open right now.
  size_t OpenConnections() const;
  // Peak number of simultaneously open TCP connections.
  size_t MaxConcurrentConnections() const;
  // Peak number of simultaneously open connections whose first request named `host`.
  size_t MaxConcurrentConnections(std::string_view host) const;
  // Peak number of requests in flight at once (read, response not yet fully sent), overall
  // and for one host. A stalled response stays in flight until its socket closes.
  size_t MaxConcurrentRequests() const;
  size_t MaxConcurrentRequests(std::string_view host) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_FIXTURE_SERVER_H_

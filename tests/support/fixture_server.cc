// The loopback fixture server behind every network test (contract in fixture_server.h).
//
// Design: one thread runs an io_context; each accepted connection is a C++20 coroutine that
// reads requests with Beast's parser and writes responses as raw bytes, so that faults (a
// lying Content-Length, a stall mid-body, an RST) need no cooperation from a serializer.
// Handlers run on a thread_pool, so a slow handler never blocks the I/O of other connections.
// Shutdown stops the io_context and destroys it: asio destroys every pending operation and
// with it every coroutine frame, which closes all sockets at once however stalled they are.
#include "tests/support/fixture_server.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "base/ascii.h"

namespace pressoir::testing {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
using boost::system::error_code;
using namespace asio::experimental::awaitable_operators;

// as_tuple keeps errors as values: a failed socket operation ends one connection, never
// throws through the coroutine.
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// How long a closing connection waits for the client's FIN before closing anyway.
constexpr std::chrono::seconds kLingerTimeout{1};
// Requests bigger than this are refused (the connection is dropped); tests never need more.
constexpr uint64_t kMaxRequestBody = 8 * 1024 * 1024;

using ascii::EqualsIgnoreCase;
using ascii::ToLower;

// Host header value without the port, lower-cased. RFC 9110 §7.2: Host = uri-host [":"
// port], and an IPv6 literal keeps its brackets (RFC 3986 §3.2.2).
std::string HostWithoutPort(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    return ToLower(host.substr(0, close == std::string_view::npos ? host.size() : close + 1));
  }
  return ToLower(host.substr(0, host.rfind(':')));
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find_first_of("?#")); }

// Compresses `body` with zlib; window_bits 15 gives the zlib format (HTTP "deflate", RFC
// 9110 §8.4.1.2), 15 + 16 the gzip format (RFC 1952).
std::string ZlibCompress(std::string_view body, int window_bits) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  // zlib's API is not const-correct; deflate never writes through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string BrotliCompress(std::string_view body) {
  size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) size = body.size() + 1024;  // 0 means "bound not computable"
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("BrotliEncoderCompress failed");
  }
  out.resize(size);
  return out;
}

// The body as sent for `coding`; unknown codings leave it untouched (see Response).
std::string Encode(std::string_view coding, std::string body) {
  if (EqualsIgnoreCase(coding, "gzip")) return ZlibCompress(body, 15 + 16);
  if (EqualsIgnoreCase(coding, "deflate")) return ZlibCompress(body, 15);
  if (EqualsIgnoreCase(coding, "br")) return BrotliCompress(body);
  return body;
}

std::string Hex(size_t value) {
  std::ostringstream out;
  out << std::hex << value;
  return out.str();
}

// One chunk in the chunked transfer coding (RFC 9112 §7.1).
std::string Chunk(std::string_view data) { return Hex(data.size()) + "\r\n" + std::string(data) + "\r\n"; }

std::string ChunkEncode(std::string_view body, size_t chunk_size) {
  if (chunk_size == 0) chunk_size = body.size();
  std::string out;
  for (size_t at = 0; at < body.size(); at += chunk_size) {
    out += Chunk(body.substr(at, chunk_size));
  }
  return out + "0\r\n\r\n";
}

// RFC 9110 §6.4.1: these statuses never carry content.
bool IsBodylessStatus(int status) { return (status >= 100 && status < 200) || status == 204 || status == 304; }

// Framing headers the server computes itself (see Response::headers).
bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "content-encoding");
}

std::string ReasonPhrase(int status) {
  std::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
  return std::string(reason == "<unknown-status>" ? "Unknown" : reason);
}

// Percent-decodes a URL path (RFC 3986 §2.1); nullopt on a malformed escape or a NUL.
std::optional<std::string> PercentDecode(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    if (i + 2 >= path.size() || !ascii::IsHexDigit(path[i + 1]) || !ascii::IsHexDigit(path[i + 2])) {
      return std::nullopt;
    }
    out += static_cast<char>(std::stoi(std::string(path.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return out;
}

std::string ContentTypeFor(const std::filesystem::path& file) {
  // No charset for HTML: fixture pages come in many encodings and tests of charset
  // detection need the server to stay silent about it.
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html"},      {".htm", "text/html"},           {".txt", "text/plain"},
      {".css", "text/css"},        {".js", "text/javascript"},      {".json", "application/json"},
      {".xml", "application/xml"}, {".rss", "application/rss+xml"}, {".atom", "application/atom+xml"},
      {".png", "image/png"},       {".jpg", "image/jpeg"},          {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},       {".svg", "image/svg+xml"},       {".webp", "image/webp"},
      {".ico", "image/x-icon"},    {".pdf", "application/pdf"},     {".gz", "application/gzip"},
  };
  auto found = kTypes.find(ToLower(file.extension().string()));
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

bool IsInside(const std::filesystem::path& root, const std::filesystem::path& file) {
  auto [root_end, file_end] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return root_end == root.end();
}

Response ServeFile(const std::string& directory, std::string_view url_path) {
  namespace fs = std::filesystem;
  std::optional<std::string> path = PercentDecode(url_path);
  if (!path || path->empty() || path->front() != '/') return Status(404);
  // Refuse ".." outright; the canonical-prefix check below also catches symlinks out.
  std::istringstream segments(*path);
  for (std::string segment; std::getline(segments, segment, '/');) {
    if (segment == "..") return Status(404);
  }
  std::error_code ec;
  fs::path root = fs::canonical(directory, ec);
  if (ec) return Status(404);
  fs::path file = root / fs::path(*path).relative_path();  // "//etc" must not reset the root
  if (fs::is_directory(file, ec)) file /= "index.html";
  fs::path real = fs::canonical(file, ec);
  if (ec || !IsInside(root, real) || !fs::is_regular_file(real, ec)) return Status(404);
  std::ifstream in(real, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) return Status(500);
  return Response{.status = 200, .headers = {{"Content-Type", ContentTypeFor(real)}}, .body = contents.str()};
}

RecordedRequest MakeRecord(const http::request<http::string_body>& request, int connection_id) {
  RecordedRequest record;
  record.method = std::string(request.method_string());
  record.target = std::string(request.target());
  record.path = std::string(PathOf(record.target));
  for (const auto& field : request) {
    record.headers.emplace_back(ToLower(field.name_string()), std::string(field.value()));
  }
  record.host = HostWithoutPort(record.Header("host"));
  record.body = request.body();
  record.connection_id = connection_id;
  return record;
}

asio::awaitable<void> Sleep(std::chrono::steady_clock::duration duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(kUseTuple);
}

// Reads and discards until the peer closes (or resets) the connection.
asio::awaitable<void> DrainUntilClosed(tcp::socket& socket) {
  std::array<char, 4096> scratch;
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(scratch), kUseTuple);
    if (ec) co_return;
  }
}

// Half-closes, waits for the client's FIN, then closes. Closing outright with unread input
// makes the kernel answer with an RST (RFC 1122 §4.2.2.13), which may destroy the response
// before the client has read it.
asio::awaitable<void> LingeringClose(tcp::socket& socket) {
  error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) co_await (DrainUntilClosed(socket) || Sleep(kLingerTimeout));
  socket.close(ec);
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

Response Html(std::string body, std::string_view charset) {
  std::string type = charset.empty() ? "text/html" : "text/html; charset=" + std::string(charset);
  return Response{.status = 200, .headers = {{"Content-Type", type}}, .body = std::move(body)};
}

Response Text(std::string body, std::string_view content_type) {
  return Response{.status = 200, .headers = {{"Content-Type", std::string(content_type)}}, .body = std::move(body)};
}

Response Redirect(int status, std::string location) {
  return Response{.status = status, .headers = {{"Location", std::move(location)}}};
}

Response Status(int code) {
  return Response{.status = code,
                  .headers = {{"Content-Type", "text/plain; charset=utf-8"}},
                  .body = std::to_string(code) + " " + ReasonPhrase(code) + "\n"};
}

Response RetryAfter(int code, std::string value) {
  Response response = Status(code);
  response.headers.emplace_back("Retry-After", std::move(value));
  return response;
}

class FixtureServer::Impl {
 public:
  Impl();
  ~Impl();

  uint16_t port() const { return port_; }

  void AddRoute(std::string host, std::string path, Handler handler);
  void SetDirectory(std::string directory);
  std::vector<RecordedRequest> Requests(std::optional<std::string_view> host) const;
  void ClearRequests();
  size_t OpenConnections() const;
  size_t MaxConnections(std::optional<std::string_view> host) const;
  size_t MaxRequests(std::optional<std::string_view> host) const;

 private:
  struct Counter {
    size_t now = 0;
    size_t peak = 0;
    void Up() { peak = std::max(peak, ++now); }
    void Down() { --now; }
  };
  struct HostStats {
    Counter connections;
    Counter requests;
  };

  // Keeps the connection counters right however the session coroutine ends: normally, or
  // destroyed with the io_context at shutdown.
  class ConnectionScope {
   public:
    explicit ConnectionScope(Impl& impl);
    ~ConnectionScope();
    ConnectionScope(const ConnectionScope&) = delete;
    ConnectionScope& operator=(const ConnectionScope&) = delete;
    int id() const { return id_; }
    // Attributes the connection to the host of its first request; later calls do nothing.
    void SetHost(const std::string& host);

   private:
    Impl& impl_;
    int id_;
    std::optional<std::string> host_;
  };

  // Records the request and counts it in flight until destroyed.
  class RequestScope {
   public:
    RequestScope(Impl& impl, RecordedRequest& record);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;

   private:
    Impl& impl_;
    std::string host_;
  };

  asio::awaitable<void> AcceptLoop(tcp::acceptor acceptor);
  asio::awaitable<void> Session(tcp::socket socket);
  asio::awaitable<Response> RunHandler(const RecordedRequest& record);
  // Sends `response` (with its faults). Returns true if the connection may carry another
  // request.
  asio::awaitable<bool> Send(tcp::socket& socket, const RecordedRequest& record, Response response, bool keep_alive);
  Handler FindHandler(const RecordedRequest& record) const;

  uint16_t port_ = 0;

  mutable std::mutex mutex_;                                       // guards everything below up to the pool
  std::map<std::pair<std::string, std::string>, Handler> routes_;  // (host or "", path)
  std::string directory_;
  std::vector<RecordedRequest> requests_;
  Counter connections_;
  Counter requests_in_flight_;
  std::map<std::string, HostStats> host_stats_;
  int next_connection_id_ = 1;

  asio::thread_pool pool_{kHandlerThreads};
  // Destroyed explicitly in ~Impl, after the threads, while the members above still live:
  // destroying it destroys the session coroutines, whose scopes update the counters.
  std::unique_ptr<asio::io_context> io_;
  std::thread io_thread_;
};

FixtureServer::Impl::Impl() : io_(std::make_unique<asio::io_context>()) {
  tcp::endpoint endpoint(asio::ip::address_v4::loopback(), 0);
  tcp::acceptor acceptor(*io_, endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor.local_endpoint().port();
  asio::co_spawn(*io_, AcceptLoop(std::move(acceptor)), asio::detached);
  // The pending accept keeps run() busy until stop(); no work guard is needed.
  io_thread_ = std::thread([this] { io_->run(); });
}

FixtureServer::Impl::~Impl() {
  io_->stop();
  io_thread_.join();
  // Let running handlers finish: they reference requests held by session frames, which must
  // outlive them. Their results are posted to the stopped io_context and dropped with it.
  pool_.join();
  io_.reset();
}

void FixtureServer::Impl::AddRoute(std::string host, std::string path, Handler handler) {
  std::lock_guard lock(mutex_);
  routes_[{ToLower(host), std::move(path)}] = std::move(handler);
}

void FixtureServer::Impl::SetDirectory(std::string directory) {
  std::lock_guard lock(mutex_);
  directory_ = std::move(directory);
}

std::vector<RecordedRequest> FixtureServer::Impl::Requests(std::optional<std::string_view> host) const {
  std::lock_guard lock(mutex_);
  if (!host) return requests_;
  std::vector<RecordedRequest> matching;
  for (const RecordedRequest& request : requests_) {
    if (EqualsIgnoreCase(request.host, *host)) matching.push_back(request);
  }
  return matching;
}

void FixtureServer::Impl::ClearRequests() {
  std::lock_guard lock(mutex_);
  requests_.clear();
  connections_.peak = connections_.now;
  requests_in_flight_.peak = requests_in_flight_.now;
  for (auto& [host, stats] : host_stats_) {
    stats.connections.peak = stats.connections.now;
    stats.requests.peak = stats.requests.now;
  }
}

size_t FixtureServer::Impl::OpenConnections() const {
  std::lock_guard lock(mutex_);
  return connections_.now;
}

size_t FixtureServer::Impl::MaxConnections(std::optional<std::string_view> host) const {
  std::lock_guard lock(mutex_);
  if (!host) return connections_.peak;
  auto found = host_stats_.find(ToLower(*host));
  return found == host_stats_.end() ? 0 : found->second.connections.peak;
}

size_t FixtureServer::Impl::MaxRequests(std::optional<std::string_view> host) const {
  std::lock_guard lock(mutex_);
  if (!host) return requests_in_flight_.peak;
  auto found = host_stats_.find(ToLower(*host));
  return found == host_stats_.end() ? 0 : found->second.requests.peak;
}

FixtureServer::Impl::ConnectionScope::ConnectionScope(Impl& impl) : impl_(impl) {
  std::lock_guard lock(impl_.mutex_);
  id_ = impl_.next_connection_id_++;
  impl_.connections_.Up();
}

FixtureServer::Impl::ConnectionScope::~ConnectionScope() {
  std::lock_guard lock(impl_.mutex_);
  impl_.connections_.Down();
  if (host_) impl_.host_stats_[*host_].connections.Down();
}

void FixtureServer::Impl::ConnectionScope::SetHost(const std::string& host) {
  if (host_) return;
  host_ = host;
  std::lock_guard lock(impl_.mutex_);
  impl_.host_stats_[host].connections.Up();
}

FixtureServer::Impl::RequestScope::RequestScope(Impl& impl, RecordedRequest& record) : impl_(impl), host_(record.host) {
  std::lock_guard lock(impl_.mutex_);
  // Stamped under the lock so that arrival order and timestamps always agree.
  record.received_at = std::chrono::steady_clock::now();
  impl_.requests_.push_back(record);
  impl_.requests_in_flight_.Up();
  impl_.host_stats_[host_].requests.Up();
}

FixtureServer::Impl::RequestScope::~RequestScope() {
  std::lock_guard lock(impl_.mutex_);
  impl_.requests_in_flight_.Down();
  impl_.host_stats_[host_].requests.Down();
}

Handler FixtureServer::Impl::FindHandler(const RecordedRequest& record) const {
  std::lock_guard lock(mutex_);
  // Copied out so that the handler runs without the lock and may itself call Route().
  if (auto found = routes_.find({record.host, record.path}); found != routes_.end()) {
    return found->second;
  }
  if (auto found = routes_.find({"", record.path}); found != routes_.end()) {
    return found->second;
  }
  if (!directory_.empty()) {
    return [directory = directory_](const RecordedRequest& request) { return ServeFile(directory, request.path); };
  }
  return [](const RecordedRequest&) { return Status(404); };
}

asio::awaitable<void> FixtureServer::Impl::AcceptLoop(tcp::acceptor acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kUseTuple);
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // E.g. EMFILE under a connection flood: back off instead of spinning.
      co_await Sleep(std::chrono::milliseconds(10));
      continue;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(acceptor.get_executor(), Session(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> FixtureServer::Impl::Session(tcp::socket socket) {
  ConnectionScope connection(*this);
  boost::beast::flat_buffer buffer;  // outlives each request: it may hold a pipelined next one
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxRequestBody);
    // End of stream, reset, or a malformed request: drop the connection.
    if (auto [ec, bytes] = co_await http::async_read_header(socket, buffer, parser, kUseTuple); ec) {
      co_return;
    }
    // curl sends "Expect: 100-continue" before a large POST body and would otherwise wait a
    // second for the interim response (RFC 9110 §10.1.1).
    if (EqualsIgnoreCase(parser.get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      if (auto [ec, bytes] = co_await asio::async_write(socket, asio::buffer(kContinue), kUseTuple); ec) {
        co_return;
      }
    }
    if (!parser.is_done()) {
      if (auto [ec, bytes] = co_await http::async_read(socket, buffer, parser, kUseTuple); ec) {
        co_return;
      }
    }
    const http::request<http::string_body>& request = parser.get();
    RecordedRequest record = MakeRecord(request, connection.id());
    connection.SetHost(record.host);
    RequestScope in_flight(*this, record);
    Response response = co_await RunHandler(record);
    bool keep_alive = co_await Send(socket, record, std::move(response), request.keep_alive());
    if (!keep_alive) co_return;
  }
}

asio::awaitable<Response> FixtureServer::Impl::RunHandler(const RecordedRequest& record) {
  Handler handler = FindHandler(record);
  // co_spawn on the pool runs the handler there and resumes this coroutine back on the
  // io_context with the result. `record` lives in the suspended session frame meanwhile.
  co_return co_await asio::co_spawn(
      pool_,
      [&handler, &record]() -> asio::awaitable<Response> {
        try {
          co_return handler(record);
        } catch (const std::exception& e) {
          Response failed = Status(500);
          failed.body += std::string("handler threw: ") + e.what() + "\n";
          co_return failed;
        }
      },
      asio::use_awaitable);
}

asio::awaitable<bool> FixtureServer::Impl::Send(tcp::socket& socket, const RecordedRequest& record, Response response,
                                                bool keep_alive) {
  if (response.delay.count() > 0) co_await Sleep(response.delay);
  error_code ec;
  if (response.reset_connection) {
    // SO_LINGER with a zero timeout makes close() send an RST instead of a FIN.
    socket.set_option(tcp::socket::linger(true, 0), ec);
    socket.close(ec);
    co_return false;
  }

  const bool flood = response.flood_header_count > 0 || response.endless_headers;
  const bool endless = response.endless_body_chunk.has_value();
  const bool chunked = response.chunked || endless;
  const bool lying = response.declared_length.has_value();
  const bool stalls = response.stall_after_bytes.has_value();
  const bool bodyless = IsBodylessStatus(response.status);
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "connection") && EqualsIgnoreCase(value, "close")) {
      keep_alive = false;
    }
  }
  // After a lying length the client and the server disagree on where the next response
  // starts, so the connection must not be reused; a stalled one never finishes.
  keep_alive = keep_alive && !lying && !stalls && !flood;

  std::string body;
  if (!bodyless && !endless) {
    body = response.content_encoding.empty() ? std::move(response.body)
                                             : Encode(response.content_encoding, std::move(response.body));
  }

  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " + ReasonPhrase(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    if (IsFramingHeader(name)) continue;
    if (!keep_alive && EqualsIgnoreCase(name, "connection")) continue;
    head += name + ": " + value + "\r\n";
  }
  if (flood) {
    // The status line and the given headers, then the flood, written in batches; the framing
    // headers and the body follow below unless the flood is endless.
    // A value longer than a batch is sent in pieces: no flood is ever held in memory whole.
    constexpr size_t kBatchBytes = 64 * 1024;
    std::string batch = std::move(head);
    head.clear();
    for (size_t line = 0; response.endless_headers || line < response.flood_header_count; ++line) {
      batch += "X-Flood-" + std::to_string(line) + ": ";
      for (size_t left = response.flood_header_bytes; left > 0 || !batch.empty();) {
        size_t piece = std::min(left, kBatchBytes - std::min(batch.size(), kBatchBytes));
        batch.append(piece, 'h');
        left -= piece;
        if (left == 0) batch += "\r\n";
        bool last_line = !response.endless_headers && line + 1 == response.flood_header_count;
        if (batch.size() < kBatchBytes && left == 0 && !last_line) break;
        auto [flood_ec, flood_bytes] = co_await asio::async_write(socket, asio::buffer(batch), kUseTuple);
        if (flood_ec) co_return false;  // the client gave up: the way an endless flood ends
        batch.clear();
        if (left == 0) break;
      }
    }
  }
  if (!response.content_encoding.empty()) {
    head += "Content-Encoding: " + response.content_encoding + "\r\n";
  }
  if (chunked && !bodyless) head += "Transfer-Encoding: chunked\r\n";
  if (lying) {
    head += "Content-Length: " + std::to_string(*response.declared_length) + "\r\n";
  } else if (!chunked && !bodyless) {
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (!keep_alive) head += "Connection: close\r\n";
  head += "\r\n";

  // RFC 9110 §9.3.2: a response to HEAD has no content, whatever its headers say.
  const bool sends_body = !bodyless && record.method != "HEAD";
  // A zero-size chunk would be the terminator (RFC 9112 §7.1), so chunks are never empty.
  std::string chunk = endless ? Chunk(std::string(std::max<size_t>(1, *response.endless_body_chunk), 'x')) : "";
  std::string wire;
  if (sends_body && endless) {
    // Only a stall needs the stream up front; otherwise it is written chunk by chunk below.
    while (stalls && !chunk.empty() && wire.size() < *response.stall_after_bytes) wire += chunk;
  } else if (sends_body) {
    wire = chunked ? ChunkEncode(body, response.chunk_size) : std::move(body);
  }

  if (stalls && sends_body) {
    wire.resize(std::min(wire.size(), *response.stall_after_bytes));
    auto [write_ec, written] =
        co_await asio::async_write(socket, std::array{asio::buffer(head), asio::buffer(wire)}, kUseTuple);
    if (!write_ec) {
      co_await (DrainUntilClosed(socket) || Sleep(kStallTimeout));
    }
    socket.close(ec);
    co_return false;
  }

  auto [write_ec, written] =
      co_await asio::async_write(socket, std::array{asio::buffer(head), asio::buffer(wire)}, kUseTuple);
  if (write_ec) co_return false;

  if (endless && sends_body) {
    // Ends when the client closes: the write fails with EPIPE or ECONNRESET (asio sends with
    // MSG_NOSIGNAL, so no SIGPIPE).
    for (;;) {
      auto [chunk_ec, chunk_bytes] = co_await asio::async_write(socket, asio::buffer(chunk), kUseTuple);
      if (chunk_ec) co_return false;
    }
  }

  if (!keep_alive) {
    co_await LingeringClose(socket);
    co_return false;
  }
  co_return true;
}

FixtureServer::FixtureServer() : impl_(std::make_unique<Impl>()) {}

FixtureServer::~FixtureServer() = default;

uint16_t FixtureServer::port() const { return impl_->port(); }

std::string FixtureServer::Url(std::string_view path_and_query) const { return UrlFor("127.0.0.1", path_and_query); }

std::string FixtureServer::UrlFor(std::string_view host, std::string_view path_and_query) const {
  return "http://" + std::string(host) + ":" + std::to_string(port()) + std::string(path_and_query);
}

std::string FixtureServer::ResolveEntry(std::string_view host) const {
  return std::string(host) + ":" + std::to_string(port()) + ":127.0.0.1";
}

void FixtureServer::Route(std::string path, Response response) {
  Route(std::move(path), [response = std::move(response)](const RecordedRequest&) { return response; });
}

void FixtureServer::Route(std::string path, Handler handler) {
  impl_->AddRoute("", std::move(path), std::move(handler));
}

void FixtureServer::RouteHost(std::string host, std::string path, Response response) {
  RouteHost(std::move(host), std::move(path),
            [response = std::move(response)](const RecordedRequest&) { return response; });
}

void FixtureServer::RouteHost(std::string host, std::string path, Handler handler) {
  impl_->AddRoute(std::move(host), std::move(path), std::move(handler));
}

void FixtureServer::ServeDirectory(std::string directory) { impl_->SetDirectory(std::move(directory)); }

std::vector<RecordedRequest> FixtureServer::Requests() const { return impl_->Requests(std::nullopt); }

std::vector<RecordedRequest> FixtureServer::RequestsFor(std::string_view host) const { return impl_->Requests(host); }

void FixtureServer::ClearRequests() { impl_->ClearRequests(); }

size_t FixtureServer::OpenConnections() const { return impl_->OpenConnections(); }

size_t FixtureServer::MaxConcurrentConnections() const { return impl_->MaxConnections(std::nullopt); }

size_t FixtureServer::MaxConcurrentConnections(std::string_view host) const { return impl_->MaxConnections(host); }

size_t FixtureServer::MaxConcurrentRequests() const { return impl_->MaxRequests(std::nullopt); }

size_t FixtureServer::MaxConcurrentRequests(std::string_view host) const { return impl_->MaxRequests(host); }

}  // namespace pressoir::testing

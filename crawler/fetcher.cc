// libcurl multi on Boost.Asio (see fetcher.h and curl's docs/examples/multi-uv.c).
#include "crawler/fetcher.h"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cassert>
#include <cstring>

#include "base/ascii.h"
#include "crawler/address_policy.h"

namespace pressoir::fetch {

namespace asio = boost::asio;

struct Fetcher::SocketContext {
  SocketContext(asio::io_context& io, curl_socket_t fd) : socket(fd), descriptor(io, fd) {}
  curl_socket_t socket;
  asio::posix::stream_descriptor descriptor;
  int wanted = 0;        // CURL_POLL_IN / CURL_POLL_OUT / CURL_POLL_INOUT
  bool reading = false;  // an async_wait for read is outstanding
  bool writing = false;
  bool removed = false;  // curl said CURL_POLL_REMOVE: ignore late completions
};

struct Fetcher::Transfer {
  FetchRequest request;
  Callback done;
  FetchResult result;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  int64_t max_body_bytes = 0;
  const std::vector<std::string>* accepted_types = nullptr;
  bool too_large = false;
  bool skipped_type = false;
  bool forbidden_address = false;  // the open-socket callback refused a non-public address
  char error_buffer[CURL_ERROR_SIZE] = {};
};

namespace {

// A header field's name or value: RFC 9110 §5.6.3 optional whitespace (SPACE, TAB) around it,
// and after it the CRLF that ends the header line.
std::string_view TrimField(std::string_view text) {
  text = ascii::TrimRightIf(text, [](char c) { return ascii::IsBlank(c) || c == '\r' || c == '\n'; });
  return ascii::TrimLeftIf(text, ascii::IsBlank);
}

bool IsHttpsUrl(std::string_view url) { return ascii::StartsWithIgnoreCase(url, "https://"); }

bool IsAcceptedType(const std::string& content_type, const std::vector<std::string>& accepted) {
  if (accepted.empty() || content_type.empty()) return true;
  std::string lower = ascii::ToLower(content_type);
  for (const std::string& type : accepted) {
    if (lower.starts_with(type)) return true;
  }
  return false;
}

// CURLOPT_HEADERFUNCTION: records the headers of the last response (each redirect hop starts
// a new block with its status line). At the end of a final response's headers, a content
// type we do not read aborts the transfer before any body byte is downloaded.
size_t OnHeader(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Fetcher::Transfer*>(user);
  size_t length = size * count;
  std::string_view line(data, length);
  if (line.starts_with("HTTP/")) {
    transfer->result.etag.clear();
    transfer->result.last_modified.clear();
    transfer->result.retry_after.clear();
    transfer->result.location.clear();
    transfer->result.content_type.clear();
    return length;
  }
  if (line == "\r\n" || line == "\n") {
    long status = 0;
    curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
    bool redirect = status >= 300 && status < 400;
    if (!redirect && status >= 200 && status < 300 &&
        !IsAcceptedType(transfer->result.content_type, *transfer->accepted_types)) {
      transfer->skipped_type = true;
      return 0;  // aborts with CURLE_WRITE_ERROR
    }
    return length;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return length;
  std::string name = ascii::ToLower(TrimField(line.substr(0, colon)));
  std::string value(TrimField(line.substr(colon + 1)));
  try {
    if (name == "content-type") {
      transfer->result.content_type = value;
    } else if (name == "etag") {
      transfer->result.etag = value;
    } else if (name == "last-modified") {
      transfer->result.last_modified = value;
    } else if (name == "retry-after") {
      transfer->result.retry_after = value;
    } else if (name == "location") {
      transfer->result.location = value;
    }
  } catch (...) {
    return 0;  // out of memory: abort this transfer, never unwind into curl
  }
  return length;
}

// CURLOPT_WRITEFUNCTION: appends decoded body bytes, stopping at max_body_bytes (this also
// bounds decompression bombs: the limit applies to decoded bytes).
size_t OnBody(char* data, size_t size, size_t count, void* user) noexcept {
  auto* transfer = static_cast<Fetcher::Transfer*>(user);
  size_t length = size * count;
  if (static_cast<int64_t>(transfer->result.body.size() + length) > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;
  }
  try {
    transfer->result.body.append(data, length);
  } catch (...) {
    transfer->too_large = true;
    return 0;
  }
  return length;
}

// CURLOPT_OPENSOCKETFUNCTION for requests that refuse non-public addresses: curl calls it
// with each resolved address before connecting, so the check sees what DNS really returned.
curl_socket_t OpenPublicSocket(void* user, curlsocktype, curl_sockaddr* address) noexcept {
  auto* transfer = static_cast<Fetcher::Transfer*>(user);
  if (!net::IsPublicAddress(&address->addr)) {
    transfer->forbidden_address = true;
    return CURL_SOCKET_BAD;  // curl tries the next address, then fails with COULDNT_CONNECT
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

FetchResult::Outcome OutcomeOf(const Fetcher::Transfer& transfer, CURLcode code) {
  using Outcome = FetchResult::Outcome;
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) return Outcome::kTooLarge;
  if (transfer.skipped_type) return Outcome::kSkippedContentType;
  if (transfer.forbidden_address) return Outcome::kForbiddenAddress;
  switch (code) {
    case CURLE_OK:
      return Outcome::kOk;
    case CURLE_OPERATION_TIMEDOUT:
      return Outcome::kTimeout;
    case CURLE_TOO_MANY_REDIRECTS:
      return Outcome::kTooManyRedirects;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return Outcome::kBadUrl;
    default:
      return Outcome::kNetworkError;
  }
}

}  // namespace

const char* OutcomeName(FetchResult::Outcome outcome) {
  switch (outcome) {
    case FetchResult::Outcome::kOk: return "ok";
    case FetchResult::Outcome::kNetworkError: return "network-error";
    case FetchResult::Outcome::kTimeout: return "timeout";
    case FetchResult::Outcome::kTooLarge: return "too-large";
    case FetchResult::Outcome::kSkippedContentType: return "skipped-content-type";
    case FetchResult::Outcome::kTooManyRedirects: return "too-many-redirects";
    case FetchResult::Outcome::kBadUrl: return "bad-url";
    case FetchResult::Outcome::kForbiddenAddress: return "forbidden-address";
  }
  return "unknown";
}

Fetcher::Fetcher(asio::io_context& io, FetcherOptions options)
    : io_(io), options_(std::move(options)), timer_(io), alive_(std::make_shared<bool>(true)) {
  multi_ = curl_multi_init();
  if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Fetcher::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Fetcher::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_host_connections);
  // Keep idle connections for reuse (keep-alive) across the hosts being crawled.
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options_.max_total_connections * 4);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  for (const std::string& entry : options_.resolve) resolve_list_ = curl_slist_append(resolve_list_, entry.c_str());
}

Fetcher::~Fetcher() {
  *alive_ = false;
  timer_.cancel();
  for (auto& [easy, transfer] : transfers_) {
    curl_multi_remove_handle(multi_, easy);
    curl_easy_cleanup(easy);
    curl_slist_free_all(transfer->headers);
  }
  transfers_.clear();
  curl_multi_cleanup(multi_);  // may call OnSocket with CURL_POLL_REMOVE
  for (auto& [socket, context] : sockets_) {
    context->removed = true;
    boost::system::error_code ignored;
    context->descriptor.cancel(ignored);
    context->descriptor.release();
  }
  curl_slist_free_all(resolve_list_);
}

void Fetcher::Fetch(FetchRequest request, Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  transfer->result.url = transfer->request.url;
  transfer->result.final_url = transfer->request.url;
  transfer->max_body_bytes = options_.max_body_bytes;
  transfer->accepted_types = &options_.accepted_content_types;
  CURL* easy = curl_easy_init();
  if (easy == nullptr) {
    transfer->result.outcome = FetchResult::Outcome::kNetworkError;
    transfer->result.error = "curl_easy_init failed";
    Report(std::shared_ptr<Transfer>(std::move(transfer)));
    return;
  }
  transfer->easy = easy;
  Transfer* raw = transfer.get();
  // Limits on every handle, as in curl's crawler.c example.
  curl_easy_setopt(easy, CURLOPT_URL, raw->request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, raw);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, raw->error_buffer);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, raw->request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_MAXREDIRS, options_.max_redirects);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_second);
  curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max<int64_t>(1, options_.low_speed_time.count() / 1000)));
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  // Prefer multiplexing on an HTTP/2 connection, but only over TLS, where ALPN settles the
  // protocol during the handshake. Over plain http curl learns the version only from the
  // first response, and with PIPEWAIT every other transfer to that host stays pending
  // until some transfer completes: one slow response stalled the whole host.
  if (IsHttpsUrl(raw->request.url)) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, raw);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, raw);
  if (resolve_list_ != nullptr) curl_easy_setopt(easy, CURLOPT_RESOLVE, resolve_list_);
  if (!raw->request.allow_private_addresses) {
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &OpenPublicSocket);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, raw);
  }
  if (!raw->request.if_none_match.empty()) {
    raw->headers = curl_slist_append(raw->headers, ("If-None-Match: " + raw->request.if_none_match).c_str());
  }
  if (!raw->request.if_modified_since.empty()) {
    raw->headers = curl_slist_append(raw->headers, ("If-Modified-Since: " + raw->request.if_modified_since).c_str());
  }
  if (raw->headers != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, raw->headers);
  transfers_.emplace(easy, std::move(transfer));
  CURLMcode code = curl_multi_add_handle(multi_, easy);
  if (code != CURLM_OK) {
    auto node = transfers_.extract(easy);
    std::shared_ptr<Transfer> failed(std::move(node.mapped()));
    failed->result.outcome = FetchResult::Outcome::kNetworkError;
    failed->result.error = curl_multi_strerror(code);
    curl_easy_cleanup(easy);
    curl_slist_free_all(failed->headers);
    failed->headers = nullptr;
    Report(std::move(failed));
  }
}

int Fetcher::OnSocket(CURL*, curl_socket_t socket, int what, void* user, void* context_pointer) noexcept {
  auto* self = static_cast<Fetcher*>(user);
  try {
    if (what == CURL_POLL_REMOVE) {
      auto found = self->sockets_.find(socket);
      if (found != self->sockets_.end()) {
        found->second->removed = true;
        boost::system::error_code ignored;
        found->second->descriptor.cancel(ignored);
        // release(), never close(): curl owns the file descriptor.
        found->second->descriptor.release();
        self->sockets_.erase(found);
      }
      curl_multi_assign(self->multi_, socket, nullptr);
      return 0;
    }
    std::shared_ptr<SocketContext> context;
    if (context_pointer == nullptr) {
      context = std::make_shared<SocketContext>(self->io_, socket);
      self->sockets_[socket] = context;
      curl_multi_assign(self->multi_, socket, context.get());
    } else {
      context = self->sockets_.at(socket);
    }
    context->wanted = what;
    self->Watch(context);
  } catch (...) {
    return -1;  // curl fails the transfers on this socket; nothing unwinds through curl
  }
  return 0;
}

int Fetcher::OnTimer(CURLM*, long timeout_ms, void* user) noexcept {
  auto* self = static_cast<Fetcher*>(user);
  // Never call curl from here (a 0 ms timeout would recurse): arm the Asio timer instead.
  // curl calls this after nearly every socket action, mostly with the deadline it already
  // gave or with 0; re-arming a timer costs a timerfd_settime system call each time, so an
  // unchanged deadline is left alone and "now" is a posted handler. (A spurious timeout
  // action is harmless: curl checks its own deadlines.)
  if (timeout_ms < 0) {
    if (self->timer_armed_) self->timer_.cancel();
    self->timer_armed_ = false;
    return 0;
  }
  if (timeout_ms == 0) {
    if (self->timer_armed_) self->timer_.cancel();
    self->timer_armed_ = false;
    asio::post(self->io_, [self, alive = self->alive_] {
      if (*alive) self->Act(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }
  auto expiry = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  if (self->timer_armed_ && expiry - self->timer_expiry_ < std::chrono::milliseconds(1) &&
      self->timer_expiry_ - expiry < std::chrono::milliseconds(1)) {
    return 0;
  }
  self->timer_expiry_ = expiry;
  self->timer_armed_ = true;
  self->timer_.expires_at(expiry);  // cancels a pending wait
  self->timer_.async_wait([self, alive = self->alive_](const boost::system::error_code& error) {
    if (error || !*alive) return;
    self->timer_armed_ = false;
    self->Act(CURL_SOCKET_TIMEOUT, 0);
  });
  return 0;
}

void Fetcher::Watch(const std::shared_ptr<SocketContext>& context) {
  if (context->removed) return;
  if ((context->wanted & CURL_POLL_IN) && !context->reading) {
    context->reading = true;
    context->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                   [this, context, alive = alive_](const boost::system::error_code& error) {
                                     context->reading = false;
                                     if (error || !*alive || context->removed) return;
                                     OnSocketReady(context, CURL_CSELECT_IN);
                                   });
  }
  if ((context->wanted & CURL_POLL_OUT) && !context->writing) {
    context->writing = true;
    context->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                   [this, context, alive = alive_](const boost::system::error_code& error) {
                                     context->writing = false;
                                     if (error || !*alive || context->removed) return;
                                     OnSocketReady(context, CURL_CSELECT_OUT);
                                   });
  }
}

void Fetcher::OnSocketReady(const std::shared_ptr<SocketContext>& context, int event) {
  Act(context->socket, event);
  // Re-arm while curl still wants this direction (it may have changed `wanted` meanwhile).
  if (!context->removed) Watch(context);
}

void Fetcher::Act(curl_socket_t socket, int events) {
  int running = 0;
  curl_multi_socket_action(multi_, socket, events, &running);
  DrainFinished();
}

void Fetcher::DrainFinished() {
  int pending = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &pending)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    auto node = transfers_.extract(easy);
    if (node.empty()) continue;
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    FetchResult& result = transfer->result;
    result.curl_code = code;
    result.outcome = OutcomeOf(*transfer, code);
    if (code != CURLE_OK) {
      result.error = transfer->error_buffer[0] != '\0' ? transfer->error_buffer : curl_easy_strerror(code);
    }
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.http_status);
    char* effective = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective != nullptr) {
      result.final_url = effective;
    }
    long redirects = 0;
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &redirects);
    result.redirects = static_cast<int>(redirects);
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &result.total_seconds);
    result.bytes = static_cast<int64_t>(result.body.size());
    if (result.outcome != FetchResult::Outcome::kOk) result.body.clear();
    curl_multi_remove_handle(multi_, easy);
    curl_easy_cleanup(easy);
    curl_slist_free_all(transfer->headers);
    transfer->headers = nullptr;
    // Report outside of curl's call stack, so the callback may start new transfers freely.
    Report(std::shared_ptr<Transfer>(std::move(transfer)));
  }
}

void Fetcher::Report(std::shared_ptr<Transfer> transfer) {
  // Counted in active() until the callback starts: a caller that stops the io_context once
  // active() is 0 (the crawl loop does) must not drop a result still waiting in the queue.
  ++reports_pending_;
  asio::post(io_, [this, transfer = std::move(transfer), alive = alive_] {
    if (!*alive) return;
    --reports_pending_;
    transfer->done(std::move(transfer->result));
  });
}

}  // namespace pressoir::fetch

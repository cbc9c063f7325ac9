// libcurl multi on Boost.Asio (see fetcher.h and curl's docs/examples/multi-uv.c).
#include "crawler/fetcher.h"

#include <arpa/inet.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cassert>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "base/ascii.h"
#include "crawler/address_policy.h"

namespace pressoir::fetch {

namespace asio = boost::asio;

struct Fetcher::SocketContext {
  SocketContext(asio::io_context& io, curl_socket_t fd) : socket(fd), descriptor(io, fd) {}
  // release(), never close(): curl owns the file descriptor. Usually done on CURL_POLL_REMOVE
  // already; this covers a context dropped on an exception path.
  ~SocketContext() { descriptor.release(); }
  SocketContext(const SocketContext&) = delete;
  SocketContext& operator=(const SocketContext&) = delete;

  curl_socket_t socket;
  asio::posix::stream_descriptor descriptor;
  int wanted = 0;        // CURL_POLL_IN / CURL_POLL_OUT / CURL_POLL_INOUT
  bool reading = false;  // an async_wait for read is outstanding
  bool writing = false;
  bool removed = false;  // curl said CURL_POLL_REMOVE: ignore late completions
};

struct Fetcher::Transfer {
  Transfer() = default;
  ~Transfer() { LeaveMulti(); }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Takes `easy` out of the multi handle it was added to, if any: curl wants that before
  // curl_easy_cleanup (curl_multi_remove_handle(3)).
  void LeaveMulti() noexcept {
    if (multi == nullptr) return;
    [[maybe_unused]] CURLMcode code = curl_multi_remove_handle(multi, easy.get());
    // It fails only for a handle that is not in `multi` or when called from inside a curl
    // callback; the fetcher never does either (results are reported through posted handlers).
    assert(code == CURLM_OK && "curl_multi_remove_handle failed");
    multi = nullptr;
  }

  // Frees the curl side once the transfer is over, so that a result waiting to be reported
  // (possibly after the Fetcher is gone) holds no curl handle.
  void ReleaseCurl() noexcept {
    LeaveMulti();
    easy.reset();
    headers = curl::SList();
  }

  FetchRequest request;
  Callback done;
  FetchResult result;
  int64_t max_body_bytes = 0;
  const std::vector<std::string>* accepted_types = nullptr;
  bool capture = false;  // FetcherOptions::capture_exchange
  bool too_large = false;
  bool skipped_type = false;
  bool forbidden_address = false;  // the open-socket callback refused a non-public address
  // A curl call made inside a callback failed and the transfer was aborted: which call, and
  // its code (the callbacks are noexcept and cannot build a message).
  const char* failed_call = nullptr;
  CURLcode failed_code = CURLE_OK;
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl::SList headers;     // CURLOPT_HTTPHEADER
  CURLM* multi = nullptr;  // not owned: the multi handle `easy` is in, while it is in one
  // Declared last, so destroyed first: the buffer and list it points to outlive it.
  curl::EasyHandle easy;
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
  if (transfer->capture) {
    try {
      if (line.starts_with("HTTP/")) transfer->result.response_head.clear();
      transfer->result.response_head.append(line);
    } catch (...) {
      return 0;  // out of memory: abort this transfer, never unwind into curl
    }
  }
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
    if (CURLcode code = curl_easy_getinfo(transfer->easy.get(), CURLINFO_RESPONSE_CODE, &status); code != CURLE_OK) {
      // Without the status the content-type rule cannot be applied: abort rather than
      // download a body we may not want.
      transfer->failed_call = "curl_easy_getinfo(CURLINFO_RESPONSE_CODE)";
      transfer->failed_code = code;
      return 0;
    }
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

// CURLOPT_DEBUGFUNCTION (with CURLOPT_VERBOSE, which only routes curl's trace here): keeps the
// request head as sent. curl hands it over whole, once per request (each redirect hop or retry
// on a reused connection replaces it).
int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) noexcept {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* transfer = static_cast<Fetcher::Transfer*>(user);
  try {
    transfer->result.request_head.assign(data, size);
  } catch (...) {
    transfer->result.request_head.clear();
  }
  return 0;
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
  if (transfer.failed_call != nullptr) return Outcome::kNetworkError;
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

// curl_easy_setopt and curl_multi_setopt are variadic (curl's compile-time type check is for C
// only): an int passed where curl reads a long is undefined behaviour, so only exact types pass.
template <typename Value>
constexpr bool kIsOptionType =
    std::is_same_v<Value, long> || std::is_same_v<Value, curl_off_t> || std::is_pointer_v<Value>;

// Sets the options of one easy handle and remembers the first one curl refuses; after that the
// others are not tried, since the transfer will not run. A transfer never runs without an
// option it was meant to have: without CURLOPT_PROTOCOLS_STR or CURLOPT_REDIR_PROTOCOLS_STR
// curl would speak every scheme it knows (file://, ftp://, ...), without the size and time
// limits a hostile server could feed or hold it forever, without the open-socket callback it
// would connect to private addresses, without CURLOPT_RESOLVE it would ask DNS, and without a
// callback or the error buffer the result would be incomplete.
class EasySetup {
 public:
  explicit EasySetup(CURL* easy) : easy_(easy) {}

  template <typename Value>
  void Set(CURLoption option, Value value) {
    static_assert(kIsOptionType<Value>, "curl_easy_setopt takes a long, a curl_off_t or a pointer");
    if (code_ != CURLE_OK) return;
    code_ = curl_easy_setopt(easy_, option, value);
    option_ = option;
  }

  bool failed() const { return code_ != CURLE_OK; }
  CURLoption option() const { return option_; }  // the option that failed
  CURLcode code() const { return code_; }
  // "curl_easy_setopt(CURLOPT_MAXREDIRS) failed: A libcurl function was given a bad argument"
  std::string Error() const {
    // curl_easy_option_by_id names the option (without "CURLOPT_"), so call sites name it once.
    const curl_easyoption* info = curl_easy_option_by_id(option_);
    std::string name =
        info != nullptr ? std::string("CURLOPT_") + info->name : "option " + std::to_string(static_cast<int>(option_));
    return "curl_easy_setopt(" + name + ") failed: " + curl_easy_strerror(code_);
  }

 private:
  CURL* easy_;
  CURLoption option_ = CURLOPT_URL;
  CURLcode code_ = CURLE_OK;
};

// A multi handle option, or an exception naming it: the fetcher cannot drive curl without its
// socket and timer callbacks, and must not open more connections than configured.
template <typename Value>
void SetMultiOption(CURLM* multi, CURLMoption option, Value value, const char* name) {
  static_assert(kIsOptionType<Value>, "curl_multi_setopt takes a long, a curl_off_t or a pointer");
  CURLMcode code = curl_multi_setopt(multi, option, value);
  if (code != CURLM_OK) {
    throw std::runtime_error(std::string("curl_multi_setopt(") + name + ") failed: " + curl_multi_strerror(code));
  }
}

// Why a transfer could not be set up (it never ran).
struct SetupFailure {
  FetchResult::Outcome outcome;
  CURLcode code;
  std::string error;
};

// Builds the request headers and sets every option of `transfer`'s easy handle.
std::optional<SetupFailure> Configure(Fetcher::Transfer& transfer, const FetcherOptions& options,
                                      const curl::SList& resolve) {
  const FetchRequest& request = transfer.request;
  // A missing validator would turn a conditional GET into a full one: not a request we send.
  if ((!request.if_none_match.empty() &&
       !transfer.headers.Append(("If-None-Match: " + request.if_none_match).c_str())) ||
      (!request.if_modified_since.empty() &&
       !transfer.headers.Append(("If-Modified-Since: " + request.if_modified_since).c_str()))) {
    return SetupFailure{FetchResult::Outcome::kNetworkError, CURLE_OUT_OF_MEMORY,
                        "curl_slist_append failed: cannot build the request headers"};
  }
  for (const std::string& header : request.extra_headers) {
    if (!transfer.headers.Append(header.c_str())) {
      return SetupFailure{FetchResult::Outcome::kNetworkError, CURLE_OUT_OF_MEMORY,
                          "curl_slist_append failed: cannot build the request headers"};
    }
  }
  EasySetup setup(transfer.easy.get());
  // Limits on every handle, as in curl's crawler.c example.
  setup.Set(CURLOPT_URL, request.url.c_str());
  setup.Set(CURLOPT_PRIVATE, &transfer);
  setup.Set(CURLOPT_ERRORBUFFER, transfer.error_buffer);
  setup.Set(CURLOPT_USERAGENT, options.user_agent.c_str());
  setup.Set(CURLOPT_PROTOCOLS_STR, "http,https");
  setup.Set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  setup.Set(CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  setup.Set(CURLOPT_MAXREDIRS, options.max_redirects);
  setup.Set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  setup.Set(CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  setup.Set(CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
  setup.Set(CURLOPT_LOW_SPEED_TIME, static_cast<long>(std::max<int64_t>(1, options.low_speed_time.count() / 1000)));
  setup.Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  setup.Set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  setup.Set(CURLOPT_NOSIGNAL, 1L);
  setup.Set(CURLOPT_TCP_KEEPALIVE, 1L);
  // Prefer multiplexing on an HTTP/2 connection, but only over TLS, where ALPN settles the
  // protocol during the handshake. Over plain http curl learns the version only from the
  // first response, and with PIPEWAIT every other transfer to that host stays pending
  // until some transfer completes: one slow response stalled the whole host.
  if (IsHttpsUrl(request.url)) setup.Set(CURLOPT_PIPEWAIT, 1L);
  setup.Set(CURLOPT_HEADERFUNCTION, &OnHeader);
  setup.Set(CURLOPT_HEADERDATA, &transfer);
  setup.Set(CURLOPT_WRITEFUNCTION, &OnBody);
  setup.Set(CURLOPT_WRITEDATA, &transfer);
  if (!resolve.empty()) setup.Set(CURLOPT_RESOLVE, resolve.get());
  if (transfer.capture) {
    setup.Set(CURLOPT_DEBUGFUNCTION, &OnDebug);
    setup.Set(CURLOPT_DEBUGDATA, &transfer);
    setup.Set(CURLOPT_VERBOSE, 1L);
  }
  if (!request.allow_private_addresses) {
    setup.Set(CURLOPT_OPENSOCKETFUNCTION, &OpenPublicSocket);
    setup.Set(CURLOPT_OPENSOCKETDATA, &transfer);
  }
  if (!transfer.headers.empty()) setup.Set(CURLOPT_HTTPHEADER, transfer.headers.get());
  if (!request.cookie.empty()) setup.Set(CURLOPT_COOKIE, request.cookie.c_str());
  if (!setup.failed()) return std::nullopt;
  // curl refuses a URL only for its length (CURLOPT_URL parses nothing); out of memory is
  // not the URL's fault.
  bool bad_url = setup.option() == CURLOPT_URL && setup.code() != CURLE_OUT_OF_MEMORY;
  return SetupFailure{bad_url ? FetchResult::Outcome::kBadUrl : FetchResult::Outcome::kNetworkError, setup.code(),
                      setup.Error()};
}

// An IPv4 or IPv6 address in text form (what CURLOPT_RESOLVE takes; not a host name).
bool IsNumericAddress(const std::string& text) {
  in6_addr buffer{};
  return ::inet_pton(AF_INET, text.c_str(), &buffer) == 1 || ::inet_pton(AF_INET6, text.c_str(), &buffer) == 1;
}

}  // namespace

const char* OutcomeName(FetchResult::Outcome outcome) {
  switch (outcome) {
    case FetchResult::Outcome::kOk:
      return "ok";
    case FetchResult::Outcome::kNetworkError:
      return "network-error";
    case FetchResult::Outcome::kTimeout:
      return "timeout";
    case FetchResult::Outcome::kTooLarge:
      return "too-large";
    case FetchResult::Outcome::kSkippedContentType:
      return "skipped-content-type";
    case FetchResult::Outcome::kTooManyRedirects:
      return "too-many-redirects";
    case FetchResult::Outcome::kBadUrl:
      return "bad-url";
    case FetchResult::Outcome::kForbiddenAddress:
      return "forbidden-address";
  }
  return "unknown";
}

std::optional<std::string> ResolveEntryProblem(const std::string& entry) {
  constexpr char kShape[] = "expected HOST:PORT:ADDRESS, e.g. news.test:443:127.0.0.1";
  size_t host_end = entry.find(':');
  size_t port_end = host_end == std::string::npos ? std::string::npos : entry.find(':', host_end + 1);
  if (host_end == 0 || port_end == std::string::npos) return kShape;
  std::string host = entry.substr(0, host_end);
  std::string port = entry.substr(host_end + 1, port_end - host_end - 1);
  std::string addresses = entry.substr(port_end + 1);
  for (char c : host) {
    if (!ascii::IsAlnum(c) && c != '.' && c != '-' && c != '_') return "'" + host + "' is not a host name";
  }
  bool port_ok = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoi(port) >= 1 && std::stoi(port) <= 65535;
  if (!port_ok) return "port '" + port + "' is not a number from 1 to 65535";
  if (addresses.empty()) return kShape;
  size_t start = 0;
  while (start <= addresses.size()) {
    size_t comma = addresses.find(',', start);
    if (comma == std::string::npos) comma = addresses.size();
    std::string address = addresses.substr(start, comma - start);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
      address = address.substr(1, address.size() - 2);
    }
    if (!IsNumericAddress(address)) return "'" + addresses.substr(start, comma - start) + "' is not an IP address";
    start = comma + 1;
  }
  return std::nullopt;
}

Fetcher::Fetcher(asio::io_context& io, FetcherOptions options)
    : io_(io),
      options_(std::move(options)),
      timer_(io),
      alive_(std::make_shared<bool>(true)),
      multi_(curl_multi_init()) {
  if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
  CURLM* multi = multi_.get();
  SetMultiOption(multi, CURLMOPT_SOCKETFUNCTION, &Fetcher::OnSocket, "CURLMOPT_SOCKETFUNCTION");
  SetMultiOption(multi, CURLMOPT_SOCKETDATA, this, "CURLMOPT_SOCKETDATA");
  SetMultiOption(multi, CURLMOPT_TIMERFUNCTION, &Fetcher::OnTimer, "CURLMOPT_TIMERFUNCTION");
  SetMultiOption(multi, CURLMOPT_TIMERDATA, this, "CURLMOPT_TIMERDATA");
  SetMultiOption(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections,
                 "CURLMOPT_MAX_TOTAL_CONNECTIONS");
  SetMultiOption(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_host_connections, "CURLMOPT_MAX_HOST_CONNECTIONS");
  // Keep idle connections for reuse (keep-alive) across the hosts being crawled.
  SetMultiOption(multi, CURLMOPT_MAXCONNECTS, options_.max_total_connections * 4, "CURLMOPT_MAXCONNECTS");
  SetMultiOption(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX, "CURLMOPT_PIPELINING");
  for (const std::string& entry : options_.resolve) {
    // A dropped entry would send that name to DNS instead of the configured address.
    if (!resolve_list_.Append(entry.c_str()))
      throw std::runtime_error("curl_slist_append failed: CURLOPT_RESOLVE list");
  }
}

Fetcher::~Fetcher() {
  *alive_ = false;
  timer_.cancel();
  // curl's order: each easy handle leaves the multi handle (~Transfer) and is cleaned up, then
  // the multi handle goes (curl_multi_cleanup(3)). Its cleanup may call OnSocket with
  // CURL_POLL_REMOVE, which needs sockets_ (multi_.get() is already null by then).
  transfers_.clear();
  multi_.reset();
  for (auto& [socket, context] : sockets_) {
    context->removed = true;
    boost::system::error_code ignored;
    context->descriptor.cancel(ignored);
    context->descriptor.release();
  }
}

void Fetcher::Fetch(FetchRequest request, Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  transfer->result.url = transfer->request.url;
  transfer->result.final_url = transfer->request.url;
  transfer->max_body_bytes = options_.max_body_bytes;
  transfer->accepted_types = &options_.accepted_content_types;
  transfer->capture = options_.capture_exchange;
  transfer->easy.reset(curl_easy_init());
  if (transfer->easy == nullptr) {
    Fail(std::move(transfer), FetchResult::Outcome::kNetworkError, CURLE_FAILED_INIT, "curl_easy_init failed");
    return;
  }
  if (std::optional<SetupFailure> failure = Configure(*transfer, options_, resolve_list_)) {
    Fail(std::move(transfer), failure->outcome, failure->code, std::move(failure->error));
    return;
  }
  CURL* easy = transfer->easy.get();
  Transfer& added = *transfers_.emplace(easy, std::move(transfer)).first->second;
  CURLMcode code = curl_multi_add_handle(multi_.get(), easy);
  if (code != CURLM_OK) {
    auto node = transfers_.extract(easy);
    Fail(std::move(node.mapped()), FetchResult::Outcome::kNetworkError, CURLE_OK,
         std::string("curl_multi_add_handle failed: ") + curl_multi_strerror(code));
    return;
  }
  added.multi = multi_.get();
}

void Fetcher::Fail(std::unique_ptr<Transfer> transfer, FetchResult::Outcome outcome, CURLcode code, std::string error) {
  transfer->ReleaseCurl();
  transfer->result.outcome = outcome;
  transfer->result.curl_code = code;
  transfer->result.error = std::move(error);
  Report(std::shared_ptr<Transfer>(std::move(transfer)));
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
      // As multi-uv.c does. Its result is dropped: curl forgets the socket after this
      // callback anyway, and during curl_multi_cleanup (~Fetcher) multi_ is already null.
      curl_multi_assign(self->multi_.get(), socket, nullptr);
      return 0;
    }
    std::shared_ptr<SocketContext> context;
    if (context_pointer == nullptr) {
      context = std::make_shared<SocketContext>(self->io_, socket);
      // Without its context curl would report this socket as new again, and a second
      // descriptor would watch the same file descriptor: fail instead (see the catch below).
      if (curl_multi_assign(self->multi_.get(), socket, context.get()) != CURLM_OK) return -1;
      self->sockets_[socket] = context;
    } else {
      context = self->sockets_.at(socket);
    }
    context->wanted = what;
    self->Watch(context);
  } catch (...) {
    // Nothing unwinds through curl. -1 makes curl abort every transfer of the multi handle:
    // the socket action returns CURLM_ABORTED_BY_CALLBACK and Act() reports them.
    return -1;
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
  CURLMcode code = curl_multi_socket_action(multi_.get(), socket, events, &running);
  DrainFinished();
  // A failed action means curl could not drive its transfers: out of memory, or
  // CURLM_ABORTED_BY_CALLBACK after OnSocket returned -1 (curl then ends every transfer, but
  // only during a later action that nothing may trigger). The transfers left are reported
  // now rather than left hanging. CURLM_BAD_SOCKET only says that curl already forgot the
  // socket: nothing to do.
  if (code != CURLM_OK && code != CURLM_BAD_SOCKET) {
    FailAll(std::string("curl_multi_socket_action failed: ") + curl_multi_strerror(code));
  }
}

void Fetcher::FailAll(const std::string& error) {
  std::map<CURL*, std::unique_ptr<Transfer>> failed = std::exchange(transfers_, {});
  for (auto& [easy, transfer] : failed) {
    Fail(std::move(transfer), FetchResult::Outcome::kNetworkError, CURLE_OK, error);
  }
}

void Fetcher::DrainFinished() {
  int pending = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &pending)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    auto node = transfers_.extract(easy);
    if (node.empty()) continue;
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    FetchResult& result = transfer->result;
    result.curl_code = code;
    result.outcome = OutcomeOf(*transfer, code);
    if (transfer->failed_call != nullptr) {
      result.error = std::string(transfer->failed_call) + " failed: " + curl_easy_strerror(transfer->failed_code);
    } else if (code != CURLE_OK) {
      result.error = transfer->error_buffer[0] != '\0' ? transfer->error_buffer : curl_easy_strerror(code);
    }
    // The status and the final URL decide how the crawl reads a response (links resolve
    // against the final URL): an ok result without either would be wrong, so it becomes a
    // network error. A transfer that failed already keeps its own reason.
    auto info_failed = [&result](const char* info, CURLcode info_code) {
      if (result.outcome != FetchResult::Outcome::kOk) return;
      result.outcome = FetchResult::Outcome::kNetworkError;
      result.curl_code = info_code;
      result.error = std::string("curl_easy_getinfo(") + info + ") failed: " + curl_easy_strerror(info_code);
    };
    if (CURLcode info = curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.http_status); info != CURLE_OK) {
      info_failed("CURLINFO_RESPONSE_CODE", info);
    }
    char* effective = nullptr;
    if (CURLcode info = curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective); info != CURLE_OK) {
      info_failed("CURLINFO_EFFECTIVE_URL", info);
    } else if (effective != nullptr) {
      result.final_url = effective;
    }
    // The redirect count and the time are statistics: 0 when curl cannot tell.
    long redirects = 0;
    if (curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &redirects) != CURLE_OK) redirects = 0;
    result.redirects = static_cast<int>(redirects);
    if (curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &result.total_seconds) != CURLE_OK) result.total_seconds = 0;
    result.bytes = static_cast<int64_t>(result.body.size());
    if (transfer->capture) {
      char* ip = nullptr;
      if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) result.peer_ip = ip;
    }
    if (result.outcome != FetchResult::Outcome::kOk) result.body.clear();
    transfer->ReleaseCurl();  // `message` is invalid from here on
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

// Asynchronous HTTP fetching: libcurl's multi interface driven by a Boost.Asio io_context.
//
// Modeled on curl's multi-uv.c example: curl tells us which sockets to watch
// (CURLMOPT_SOCKETFUNCTION) and when to wake up (CURLMOPT_TIMERFUNCTION); each socket gets a
// context assigned with curl_multi_assign and watched with an Asio stream_descriptor; one
// steady_timer serves curl's timeouts; curl_multi_info_read is drained after every
// curl_multi_socket_action. No polling loop and no thread per transfer.
//
// The fetcher knows nothing about HTML or politeness: it runs the transfers it is given and
// reports every outcome as data (FetchResult). Scheduling (per-host delays, robots.txt,
// retries) is the caller's job.
//
// Threading: every member function must be called on the thread that runs the io_context,
// and callbacks run on that thread. The Fetcher must outlive the transfers it runs or be
// destroyed on that thread (pending callbacks are then dropped).
//
// curl's own failures are data too: a transfer whose request or options curl refuses (an
// option value it rejects, out of memory) is never run without them; it is reported as
// kNetworkError (kBadUrl when curl refuses the URL) with `error` naming the call and option,
// e.g. "curl_easy_setopt(CURLOPT_MAXREDIRS) failed: ...". Only construction throws: when the
// multi handle cannot be created or configured (the message names the option).
#ifndef PRESSOIR_CRAWLER_FETCHER_H_
#define PRESSOIR_CRAWLER_FETCHER_H_

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/curl_handles.h"

namespace pressoir::fetch {

// The limits and settings of every transfer. The crawler sets each one from the loaded config
// (crawl.cc); the defaults are the config's own (config::CrawlConfig, documented in
// config/crawler.yaml), never a copy of them.
struct FetcherOptions {
  // The User-Agent header. By default the bare product token; the crawler sends
  // CrawlConfig::UserAgentHeader().
  std::string user_agent = config::DefaultCrawlConfig().user_agent;
  std::chrono::milliseconds connect_timeout = config::DefaultCrawlConfig().connect_timeout;
  std::chrono::milliseconds timeout = config::DefaultCrawlConfig().timeout;
  long low_speed_bytes_per_second = config::DefaultCrawlConfig().low_speed_bytes_per_second;
  std::chrono::milliseconds low_speed_time = config::DefaultCrawlConfig().low_speed_time;
  long max_redirects = config::DefaultCrawlConfig().max_redirects;
  int64_t max_body_bytes = config::DefaultCrawlConfig().max_body_bytes;
  long max_total_connections = config::DefaultCrawlConfig().concurrency;
  long max_host_connections = config::DefaultCrawlConfig().per_host_concurrency;
  // Extra "HOST:PORT:ADDRESS" entries for CURLOPT_RESOLVE (tests map names to 127.0.0.1).
  std::vector<std::string> resolve;
  // Only bodies whose Content-Type is one of these (prefix match) are downloaded; an empty
  // or missing Content-Type is accepted. Empty list: accept everything.
  // true: every result carries the exchange as it went over the wire (FetchResult::
  // request_head, response_head, peer_ip), for the raw archive. Off by default: it costs a
  // copy of the headers per transfer.
  bool capture_exchange = false;
  std::vector<std::string> accepted_content_types = {
      "text/html",           "application/xhtml+xml", "text/plain",         "application/xml", "text/xml",
      "application/rss+xml", "application/atom+xml",  "application/x-gzip", "application/gzip"};
};

struct FetchRequest {
  std::string url;
  std::string if_none_match;      // ETag from an earlier fetch: sent as If-None-Match
  std::string if_modified_since;  // Last-Modified from an earlier fetch: If-Modified-Since
  // false: a 3xx is reported as is (with its Location in FetchResult::location), so that the
  // caller can schedule the target under that host's robots.txt and politeness.
  bool follow_redirects = true;
  // false: no connection is made to an address that is not public (net::IsPublicAddress,
  // checked after DNS resolution, for every address tried); the outcome is kForbiddenAddress.
  // For hosts a page chose (redirect targets, links) rather than the operator.
  bool allow_private_addresses = true;
  // Extra request headers ("Name: value", as a site rule's fetch.headers gives them; a header
  // curl sets itself, such as User-Agent, is replaced) and a Cookie header value ("a=1; b=2",
  // from fetch.cookies; empty: none). The caller sends them to the rule's hosts only.
  std::vector<std::string> extra_headers = {};
  std::string cookie = {};
};

struct FetchResult {
  enum class Outcome {
    kOk,                  // a response arrived (any HTTP status; see http_status)
    kNetworkError,        // DNS, connect, reset, TLS, protocol errors
    kTimeout,             // connect, total or low-speed timeout
    kTooLarge,            // body above max_body_bytes: transfer aborted
    kSkippedContentType,  // not a type we read: body not downloaded
    kTooManyRedirects,
    kBadUrl,            // unsupported scheme (redirect to file://, ftp://, ...) or malformed
    kForbiddenAddress,  // the host resolved to a non-public address the request disallows
  };
  Outcome outcome = Outcome::kOk;
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long http_status = 0;   // 0 when no response
  CURLcode curl_code = CURLE_OK;
  std::string error;  // curl's error buffer text, when any
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string retry_after;  // raw Retry-After header value
  std::string location;     // Location header of the last response (redirect target), raw
  std::string body;         // decoded (Content-Encoding removed), not charset-converted
  int64_t bytes = 0;        // body bytes received
  // With FetcherOptions::capture_exchange (else empty): the last request sent (request line and
  // header lines, CRLF each, the blank line included, as curl reports them with
  // CURLINFO_HEADER_OUT), the last response's status line and header lines as received (the
  // same shape; empty when no response came), and the address connected to
  // (CURLINFO_PRIMARY_IP).
  std::string request_head;
  std::string response_head;
  std::string peer_ip;
  double total_seconds = 0;
  int redirects = 0;
  // When the response was received, seconds since the Unix epoch; 0: now. Set for responses
  // read back from an archive (their WARC-Date), so that re-extraction judges dates against
  // the original fetch and the manifest keeps its fetched_at.
  std::time_t fetched_at = 0;
};

const char* OutcomeName(FetchResult::Outcome outcome);

// What is wrong with a FetcherOptions::resolve entry ("HOST:PORT:ADDRESS[,ADDRESS...]", each
// address numeric, IPv6 ones optionally in brackets), or nullopt when it is well formed. curl
// skips an entry it cannot read, and the host then goes to DNS: the caller refuses it first.
std::optional<std::string> ResolveEntryProblem(const std::string& entry);

class Fetcher {
 public:
  using Callback = std::function<void(FetchResult)>;

  // Throws std::runtime_error when curl's multi handle cannot be created or set up.
  Fetcher(boost::asio::io_context& io, FetcherOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts a transfer; `done` is called exactly once, later, on the io thread (never from
  // inside Fetch()).
  void Fetch(FetchRequest request, Callback done);

  // Transfers started and not yet reported: a transfer counts until its callback starts
  // (inside the callback it no longer does), so a caller that sees 0 may stop the io_context
  // without losing a result.
  size_t active() const { return transfers_.size() + reports_pending_; }

  struct SocketContext;  // public for the callbacks in fetcher.cc
  struct Transfer;

 private:
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* fetcher, void* context) noexcept;
  static int OnTimer(CURLM* multi, long timeout_ms, void* fetcher) noexcept;
  void Watch(const std::shared_ptr<SocketContext>& context);
  void OnSocketReady(const std::shared_ptr<SocketContext>& context, int event);
  void Act(curl_socket_t socket, int events);
  void DrainFinished();
  // Reports `transfer` (not in the multi handle) with this outcome, curl's handles freed.
  void Fail(std::unique_ptr<Transfer> transfer, FetchResult::Outcome outcome, CURLcode code, std::string error);
  // Reports every transfer still running as a network error with this text.
  void FailAll(const std::string& error);
  // Posts `transfer`'s callback (never run from inside curl's call stack or Fetch()).
  void Report(std::shared_ptr<Transfer> transfer);

  boost::asio::io_context& io_;
  FetcherOptions options_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;  // a wait on timer_ is pending, for timer_expiry_
  std::chrono::steady_clock::time_point timer_expiry_{};
  std::map<curl_socket_t, std::shared_ptr<SocketContext>> sockets_;
  size_t reports_pending_ = 0;   // finished transfers whose callback has not started yet
  std::shared_ptr<bool> alive_;  // lets posted handlers notice the fetcher is gone
  // Declared last and in this order, so that they are destroyed first and in curl's order
  // (the destructor also does it explicitly): each transfer leaves the multi handle and frees
  // its easy handle, then the multi handle goes (its cleanup may call OnSocket, which needs
  // sockets_), then the CURLOPT_RESOLVE list the transfers used.
  curl::SList resolve_list_;
  curl::MultiHandle multi_;
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
};

}  // namespace pressoir::fetch

#endif  // PRESSOIR_CRAWLER_FETCHER_H_

// Tests of fetch::Fetcher (libcurl multi on an Asio io_context) against the loopback fixture
// server: each case checks one promise of fetcher.h or of issue 3, item 4-6 (limits,
// timeouts, redirects, content types, decoding, conditional GET, concurrency, shutdown).
//
// Timing assertions are lower bounds or generous upper bounds ("in bounded time": well below
// the limit that would apply if the one under test were ignored), so the suite stays
// reliable on a loaded machine.
#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/support/fixture_server.h"

namespace {

namespace asio = boost::asio;
namespace fetch = pressoir::fetch;
using Outcome = fetch::FetchResult::Outcome;
using pressoir::testing::FixtureServer;
using pressoir::testing::RecordedRequest;
using pressoir::testing::Response;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Limits that no passing case comes near, so a case only trips the limit it is about.
fetch::FetcherOptions TestOptions() {
  fetch::FetcherOptions options;
  options.user_agent = "pressoir-test/0.1 (+https://example.org/contact)";
  options.connect_timeout = milliseconds(5000);
  options.timeout = milliseconds(20000);
  options.low_speed_time = milliseconds(20000);
  options.max_total_connections = 8;
  options.max_host_connections = 2;
  return options;
}

// Owns an io_context and a Fetcher, and runs the context until the fetches started through
// it have all reported (or a watchdog far above any expected duration fires).
class Harness {
 public:
  explicit Harness(fetch::FetcherOptions options)
      : fetcher_(std::make_unique<fetch::Fetcher>(io_, std::move(options))) {}

  // Fetches every request at once; results come back in request order. A result that never
  // arrived is left default-constructed with an empty url (the caller's REQUIREs catch it).
  std::vector<fetch::FetchResult> FetchAll(std::vector<fetch::FetchRequest> requests) {
    std::vector<fetch::FetchResult> results(requests.size());
    size_t remaining = requests.size();
    for (size_t i = 0; i < requests.size(); ++i) {
      fetcher_->Fetch(std::move(requests[i]), [this, &results, &remaining, i](fetch::FetchResult result) {
        results[i] = std::move(result);
        if (--remaining == 0) io_.stop();
      });
    }
    Run();
    return results;
  }

  fetch::FetchResult FetchOne(fetch::FetchRequest request) { return std::move(FetchAll({std::move(request)}).front()); }
  fetch::FetchResult FetchOne(const std::string& url) { return FetchOne(fetch::FetchRequest{url, "", ""}); }

  // Wall time of the last FetchAll()/FetchOne().
  milliseconds elapsed() const { return elapsed_; }
  asio::io_context& io() { return io_; }
  fetch::Fetcher& fetcher() { return *fetcher_; }

  // Runs the context until io().stop() or the watchdog.
  void Run() {
    auto started = Clock::now();
    asio::steady_timer watchdog(io_, std::chrono::seconds(60));
    watchdog.async_wait([this](const boost::system::error_code& error) {
      if (!error) io_.stop();
    });
    io_.restart();
    io_.run();
    elapsed_ = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    watchdog.cancel();
    io_.restart();
    io_.poll();  // lets the cancelled watchdog handler run before `watchdog` goes away
  }

 private:
  asio::io_context io_;
  std::unique_ptr<fetch::Fetcher> fetcher_;
  milliseconds elapsed_{0};
};

// A listening socket whose accept queue is full, so that the kernel drops further SYNs and a
// client's connect() hangs: the only way to get a connect timeout on 127.0.0.1.
class BlackHoleListener {
 public:
  BlackHoleListener() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    bool ok = listener_ >= 0 && bind(listener_, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
              listen(listener_, 0) == 0 && getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    if (!ok) throw std::runtime_error("cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    // With a backlog of 0 the queue holds one connection; the others stay in SYN-SENT.
    for (int i = 0; i < 3; ++i) {
      int filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof(address));
      fillers_.push_back(filler);
    }
  }
  ~BlackHoleListener() {
    for (int filler : fillers_) close(filler);
    close(listener_);
  }
  BlackHoleListener(const BlackHoleListener&) = delete;
  BlackHoleListener& operator=(const BlackHoleListener&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::vector<int> fillers_;
};

std::string HtmlPage(const std::string& title) {
  return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><p>" + title + "</p></body></html>";
}

}  // namespace

// The basic contract: a 200 response is reported as kOk with status, content type, body,
// byte count, timing, and the requested and final URL; the User-Agent is the configured one.
TEST_CASE("fetcher reports an ok page with its metadata", "[crawler]") {
  FixtureServer server;
  server.Route("/page.html", pressoir::testing::Html(HtmlPage("Bonjour"), "utf-8"));
  Harness harness(TestOptions());

  fetch::FetchResult result = harness.FetchOne(server.Url("/page.html"));

  CHECK(result.outcome == Outcome::kOk);
  CHECK(std::string(fetch::OutcomeName(result.outcome)) == "ok");
  CHECK(result.http_status == 200);
  CHECK(result.curl_code == CURLE_OK);
  CHECK(result.error.empty());
  CHECK(result.url == server.Url("/page.html"));
  CHECK(result.final_url == server.Url("/page.html"));
  CHECK(result.content_type == "text/html; charset=utf-8");
  CHECK(result.body == HtmlPage("Bonjour"));
  CHECK(result.bytes == static_cast<int64_t>(HtmlPage("Bonjour").size()));
  CHECK(result.redirects == 0);
  CHECK(result.total_seconds > 0);
  auto requests = server.Requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "GET");
  CHECK(requests[0].Header("user-agent") == "pressoir-test/0.1 (+https://example.org/contact)");
  CHECK(harness.fetcher().active() == 0);
}

// A 404 or 500 is a response, not a transfer failure: outcome kOk, status recorded, body kept
// (the crawl loop decides what a status means).
TEST_CASE("fetcher reports HTTP error statuses as responses", "[crawler]") {
  FixtureServer server;
  server.Route("/gone", pressoir::testing::Status(404));
  server.Route("/broken", pressoir::testing::Status(500));
  Harness harness(TestOptions());

  auto results = harness.FetchAll({{server.Url("/gone"), "", ""}, {server.Url("/broken"), "", ""}});

  CHECK(results[0].outcome == Outcome::kOk);
  CHECK(results[0].http_status == 404);
  CHECK(results[1].outcome == Outcome::kOk);
  CHECK(results[1].http_status == 500);
}

// Keep-alive (RFC 9112 §9.3): consecutive requests to one host reuse one TCP connection.
// Each fetch is started from the previous one's callback, as the crawl loop does.
TEST_CASE("fetcher reuses a keep-alive connection for one host", "[crawler]") {
  FixtureServer server;
  server.Route("/a", pressoir::testing::Html("a"));
  server.Route("/b", pressoir::testing::Html("b"));
  server.Route("/c", pressoir::testing::Html("c"));
  Harness harness(TestOptions());
  std::vector<fetch::FetchResult> results;
  std::vector<std::string> paths = {"/a", "/b", "/c"};
  std::function<void(size_t)> fetch_next = [&](size_t i) {
    harness.fetcher().Fetch({server.Url(paths[i]), "", ""}, [&, i](fetch::FetchResult result) {
      results.push_back(std::move(result));
      if (i + 1 < paths.size()) {
        fetch_next(i + 1);
      } else {
        harness.io().stop();
      }
    });
  };
  fetch_next(0);
  harness.Run();

  REQUIRE(results.size() == 3);
  for (const auto& result : results) CHECK(result.outcome == Outcome::kOk);
  auto requests = server.Requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].connection_id == requests[0].connection_id);
  CHECK(requests[2].connection_id == requests[0].connection_id);
  CHECK(server.MaxConcurrentConnections() == 1);
}

// Redirects (RFC 9110 §15.4) are followed up to max_redirects; the final URL and hop count
// are recorded; only http and https targets are followed (curl's crawler.c sets
// CURLOPT_REDIR_PROTOCOLS_STR), so a redirect to file:// or ftp:// never reads a local file
// or opens another protocol.
TEST_CASE("fetcher follows redirects within limits and schemes", "[crawler]") {
  FixtureServer server;
  server.Route("/start", pressoir::testing::Redirect(302, "/middle"));
  server.Route("/middle", Response{.status = 301, .headers = {{"Location", "/final"}, {"ETag", "\"hop\""}}});
  server.Route("/final", pressoir::testing::Html("final"));
  server.Route("/loop", pressoir::testing::Redirect(302, "/loop"));
  server.Route("/to-file", pressoir::testing::Redirect(302, "file:///etc/passwd"));
  server.Route("/to-ftp", pressoir::testing::Redirect(301, "ftp://127.0.0.1/pub/file"));
  fetch::FetcherOptions options = TestOptions();
  options.max_redirects = 3;
  Harness harness(options);

  SECTION("a chain is followed and the final URL recorded") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/start"));
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.http_status == 200);
    CHECK(result.url == server.Url("/start"));
    CHECK(result.final_url == server.Url("/final"));
    CHECK(result.redirects == 2);
    CHECK(result.body == "final");
    // Headers come from the final response only, not from a hop.
    CHECK(result.etag.empty());
    CHECK(result.location.empty());
  }
  SECTION("not followed when the request says so: the 3xx and its Location are reported") {
    fetch::FetchRequest request{server.Url("/start"), "", ""};
    request.follow_redirects = false;
    fetch::FetchResult result = harness.FetchOne(request);
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.http_status == 302);
    CHECK(result.location == "/middle");
    CHECK(result.final_url == server.Url("/start"));
    CHECK(result.redirects == 0);
    CHECK(server.Requests().size() == 1);
  }
  SECTION("a loop stops at max_redirects") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/loop"));
    CHECK(result.outcome == Outcome::kTooManyRedirects);
    CHECK(result.curl_code == CURLE_TOO_MANY_REDIRECTS);
    CHECK_FALSE(result.error.empty());
    CHECK(server.Requests().size() == 4);  // the first request and 3 redirects
  }
  SECTION("a redirect to file:// is refused") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/to-file"));
    CHECK(result.outcome == Outcome::kBadUrl);
    CHECK(result.body.empty());
    CHECK(result.bytes == 0);
  }
  SECTION("a redirect to ftp:// is refused") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/to-ftp"));
    CHECK(result.outcome == Outcome::kBadUrl);
    CHECK(result.body.empty());
  }
  SECTION("a start URL that is not http(s) is refused") {
    fetch::FetchResult result = harness.FetchOne("file:///etc/passwd");
    CHECK(result.outcome == Outcome::kBadUrl);
    CHECK(result.body.empty());
  }
}

// Issue 3, item 4: a body above max_body_bytes aborts the transfer and the page is recorded
// as too large, whether the size is declared (Content-Length, checked before the body with
// CURLOPT_MAXFILESIZE_LARGE), only discovered while streaming (chunked, endless), or hidden
// by compression (the limit applies to decoded bytes). "Quickly": long before the 20 s total
// timeout that an endless body would otherwise run into.
TEST_CASE("fetcher aborts bodies above max_body_bytes", "[crawler]") {
  FixtureServer server;
  const std::string big(256 * 1024, 'x');
  server.Route("/declared", pressoir::testing::Html(big));
  server.Route("/chunked", Response{.body = big, .chunked = true, .chunk_size = 4096});
  server.Route("/endless", Response{.headers = {{"Content-Type", "text/html"}}, .endless_body_chunk = 8192});
  server.Route("/lying", Response{.body = "short", .declared_length = 1ULL << 40});
  server.Route("/bomb", Response{.headers = {{"Content-Type", "text/html"}},
                                 .body = std::string(4 * 1024 * 1024, '0'),
                                 .content_encoding = "gzip"});
  server.Route("/small", pressoir::testing::Html("small"));
  fetch::FetcherOptions options = TestOptions();
  options.max_body_bytes = 64 * 1024;
  Harness harness(options);

  for (std::string path : {"/declared", "/chunked", "/endless", "/lying", "/bomb"}) {
    DYNAMIC_SECTION("body " << path) {
      fetch::FetchResult result = harness.FetchOne(server.Url(path));
      CHECK(result.outcome == Outcome::kTooLarge);
      CHECK(std::string(fetch::OutcomeName(result.outcome)) == "too-large");
      CHECK(result.body.empty());
      CHECK(result.bytes <= options.max_body_bytes);
      CHECK(harness.elapsed() < milliseconds(10000));
      // The aborted connection is not reused for garbage: the next fetch is clean.
      fetch::FetchResult next = harness.FetchOne(server.Url("/small"));
      CHECK(next.outcome == Outcome::kOk);
      CHECK(next.body == "small");
    }
  }
}

// Issue 3, item 4: "non-HTML content types skipped without downloading the body". The
// decision is taken when the header block ends, so not one body byte reaches the result, and
// the connection is dropped rather than drained (a multi-megabyte image costs nothing).
TEST_CASE("fetcher skips content types it does not read without downloading", "[crawler]") {
  FixtureServer server;
  server.Route("/photo.jpg", pressoir::testing::Text(std::string(8 * 1024 * 1024, 'j'), "image/jpeg"));
  server.Route("/doc.pdf", pressoir::testing::Text(std::string(8 * 1024 * 1024, 'p'), "application/pdf"));
  server.Route("/upper", pressoir::testing::Text("<p>upper</p>", "Text/HTML; Charset=UTF-8"));
  server.Route("/untyped", Response{.body = "no type"});
  server.Route("/small", pressoir::testing::Html("small"));
  Harness harness(TestOptions());

  for (std::string path : {"/photo.jpg", "/doc.pdf"}) {
    DYNAMIC_SECTION("skipped " << path) {
      fetch::FetchResult result = harness.FetchOne(server.Url(path));
      CHECK(result.outcome == Outcome::kSkippedContentType);
      CHECK(result.http_status == 200);
      CHECK(result.bytes == 0);
      CHECK(result.body.empty());
      CHECK_FALSE(result.content_type.empty());
      fetch::FetchResult next = harness.FetchOne(server.Url("/small"));
      CHECK(next.outcome == Outcome::kOk);
      CHECK(next.body == "small");
    }
  }
  SECTION("media types are case-insensitive (RFC 9110 §8.3.1)") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/upper"));
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.body == "<p>upper</p>");
  }
  SECTION("a response without Content-Type is read") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/untyped"));
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.body == "no type");
  }
}

// Issue 3, item 4: connect, total and low-speed timeouts each end a transfer as kTimeout,
// well before the other (20 s) limits would.
TEST_CASE("fetcher times out stalled transfers in bounded time", "[crawler]") {
  FixtureServer server;
  server.Route("/silent", Response{.body = "late", .delay = std::chrono::seconds(25)});
  // Stalls after a few body bytes: curl measures speed over a window of about five seconds,
  // so a larger first burst would keep the average above the limit for a while.
  server.Route("/stall", Response{.headers = {{"Content-Type", "text/html"}},
                                  .body = std::string(100000, 's'),
                                  .stall_after_bytes = 100});
  fetch::FetcherOptions options = TestOptions();

  SECTION("connect timeout") {
    BlackHoleListener listener;
    options.connect_timeout = milliseconds(300);
    Harness harness(options);
    fetch::FetchResult result = harness.FetchOne(listener.Url());
    CHECK(result.outcome == Outcome::kTimeout);
    CHECK(result.http_status == 0);
    CHECK_FALSE(result.error.empty());
    CHECK(harness.elapsed() >= milliseconds(250));
    CHECK(harness.elapsed() < milliseconds(10000));
  }
  SECTION("total timeout with no response") {
    options.timeout = milliseconds(500);
    Harness harness(options);
    fetch::FetchResult result = harness.FetchOne(server.Url("/silent"));
    CHECK(result.outcome == Outcome::kTimeout);
    CHECK(result.curl_code == CURLE_OPERATION_TIMEDOUT);
    CHECK(harness.elapsed() >= milliseconds(450));
    CHECK(harness.elapsed() < milliseconds(10000));
  }
  SECTION("total timeout mid-body") {
    options.timeout = milliseconds(500);
    Harness harness(options);
    fetch::FetchResult result = harness.FetchOne(server.Url("/stall"));
    CHECK(result.outcome == Outcome::kTimeout);
    CHECK(result.body.empty());
    CHECK(harness.elapsed() < milliseconds(10000));
  }
  SECTION("low-speed timeout mid-body") {
    options.low_speed_bytes_per_second = 100;
    options.low_speed_time = milliseconds(1000);
    Harness harness(options);
    fetch::FetchResult result = harness.FetchOne(server.Url("/stall"));
    CHECK(result.outcome == Outcome::kTimeout);
    CHECK(result.curl_code == CURLE_OPERATION_TIMEDOUT);
    CHECK(harness.elapsed() >= milliseconds(900));
    CHECK(harness.elapsed() < milliseconds(10000));
  }
}

// Connection faults are data (STYLE.md, "A failed URL is data"): a reset, or a body cut short
// of its Content-Length (RFC 9112 §6.3: incomplete message), is a network error, never an
// ok page with a truncated body.
TEST_CASE("fetcher reports resets and truncated bodies as network errors", "[crawler]") {
  FixtureServer server;
  server.Route("/reset", Response{.reset_connection = true});
  server.Route("/short",
               Response{.headers = {{"Content-Type", "text/html"}}, .body = "0123456789", .declared_length = 1000});
  Harness harness(TestOptions());

  auto results = harness.FetchAll({{server.Url("/reset"), "", ""}, {server.Url("/short"), "", ""}});

  CHECK(results[0].outcome == Outcome::kNetworkError);
  CHECK(results[0].http_status == 0);
  CHECK_FALSE(results[0].error.empty());
  CHECK(results[1].outcome == Outcome::kNetworkError);
  CHECK(results[1].curl_code == CURLE_PARTIAL_FILE);
  CHECK(results[1].body.empty());
}

// Issue 3, item 5: Accept-Encoding names what libcurl decodes, and gzip, deflate and br
// bodies (RFC 9110 §8.4.1) come back decoded, whether sent whole or chunked.
TEST_CASE("fetcher asks for and decodes compressed bodies", "[crawler]") {
  FixtureServer server;
  std::string page;
  for (int i = 0; i < 500; ++i) page += "<p>Paragraphe " + std::to_string(i) + " : l'été à Liège.</p>\n";
  for (std::string coding : {"gzip", "deflate", "br"}) {
    server.Route("/" + coding, Response{.headers = {{"Content-Type", "text/html; charset=utf-8"}},
                                        .body = page,
                                        .content_encoding = coding});
    server.Route("/chunked-" + coding, Response{.headers = {{"Content-Type", "text/html; charset=utf-8"}},
                                                .body = page,
                                                .chunked = true,
                                                .content_encoding = coding});
  }
  Harness harness(TestOptions());

  for (std::string path : {"/gzip", "/deflate", "/br", "/chunked-gzip", "/chunked-br"}) {
    DYNAMIC_SECTION("coding " << path) {
      fetch::FetchResult result = harness.FetchOne(server.Url(path));
      CHECK(result.outcome == Outcome::kOk);
      CHECK(result.body == page);
      CHECK(result.bytes == static_cast<int64_t>(page.size()));
      auto requests = server.Requests();
      REQUIRE(requests.size() == 1);
      std::string accept = requests[0].Header("accept-encoding");
      CHECK(accept.find("gzip") != std::string::npos);
      CHECK(accept.find("deflate") != std::string::npos);
      CHECK(accept.find("br") != std::string::npos);
    }
  }
}

// Issue 3, item 6 and RFC 9110 §13.1.2 / §13.1.3: validators from an earlier fetch are sent
// as If-None-Match / If-Modified-Since, and a 304 (§15.4.5) is reported as such, with no
// body. Without validators, neither header is sent.
TEST_CASE("fetcher sends conditional headers and reports 304", "[crawler]") {
  FixtureServer server;
  const std::string etag = "\"v1-abc\"";
  const std::string last_modified = "Tue, 15 Nov 1994 12:45:26 GMT";
  server.Route("/article", [&](const RecordedRequest& request) {
    if (request.Header("if-none-match") == etag || request.Header("if-modified-since") == last_modified) {
      return Response{.status = 304, .headers = {{"ETag", etag}}};
    }
    return Response{.headers = {{"Content-Type", "text/html"}, {"ETag", etag}, {"Last-Modified", last_modified}},
                    .body = "<p>article</p>"};
  });
  Harness harness(TestOptions());

  SECTION("first fetch: no validators sent, both captured") {
    fetch::FetchResult result = harness.FetchOne(server.Url("/article"));
    CHECK(result.http_status == 200);
    CHECK(result.etag == etag);
    CHECK(result.last_modified == last_modified);
    auto requests = server.Requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].Header("if-none-match").empty());
    CHECK(requests[0].Header("if-modified-since").empty());
  }
  SECTION("If-None-Match") {
    fetch::FetchResult result = harness.FetchOne({server.Url("/article"), etag, ""});
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.http_status == 304);
    CHECK(result.body.empty());
    CHECK(result.etag == etag);
    auto requests = server.Requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].Header("if-none-match") == etag);
  }
  SECTION("If-Modified-Since") {
    fetch::FetchResult result = harness.FetchOne({server.Url("/article"), "", last_modified});
    CHECK(result.outcome == Outcome::kOk);
    CHECK(result.http_status == 304);
    auto requests = server.Requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].Header("if-modified-since") == last_modified);
  }
}

// Retry-After (RFC 9110 §10.2.3) is captured raw, in both its forms, for the crawl loop to
// honour on 429 (RFC 6585 §4) and 503.
TEST_CASE("fetcher captures Retry-After", "[crawler]") {
  FixtureServer server;
  server.Route("/busy", pressoir::testing::RetryAfter(429, "1"));
  server.Route("/down", pressoir::testing::RetryAfter(503, "Wed, 21 Oct 2015 07:28:00 GMT"));
  Harness harness(TestOptions());

  auto results = harness.FetchAll({{server.Url("/busy"), "", ""}, {server.Url("/down"), "", ""}});

  CHECK(results[0].outcome == Outcome::kOk);
  CHECK(results[0].http_status == 429);
  CHECK(results[0].retry_after == "1");
  CHECK(results[1].http_status == 503);
  CHECK(results[1].retry_after == "Wed, 21 Oct 2015 07:28:00 GMT");
}

// Issue 3, items 1-2: many transfers run concurrently on one thread, each gets its own
// response, and the global and per-host connection limits hold (CURLMOPT_MAX_TOTAL_CONNECTIONS,
// CURLMOPT_MAX_HOST_CONNECTIONS).
TEST_CASE("fetcher runs many transfers within the connection limits", "[crawler]") {
  FixtureServer server;
  server.Route("/page", [](const RecordedRequest& request) {
    Response response = pressoir::testing::Html(request.host + " " + request.target);
    response.delay = milliseconds(5);
    return response;
  });
  const std::vector<std::string> hosts = {"a.test", "b.test", "c.test", "d.test",
                                          "e.test", "f.test", "g.test", "h.test"};
  fetch::FetcherOptions options = TestOptions();

  auto run = [&](size_t host_count, size_t per_host, size_t total) {
    options.max_host_connections = static_cast<long>(per_host);
    options.max_total_connections = static_cast<long>(total);
    for (size_t h = 0; h < host_count; ++h) options.resolve.push_back(server.ResolveEntry(hosts[h]));
    Harness harness(options);
    std::vector<fetch::FetchRequest> requests;
    for (int i = 0; i < 200; ++i) {
      const std::string& host = hosts[static_cast<size_t>(i) % host_count];
      requests.push_back({server.UrlFor(host, "/page?n=" + std::to_string(i)), "", ""});
    }
    auto results = harness.FetchAll(requests);
    for (size_t i = 0; i < results.size(); ++i) {
      INFO("transfer " << i << ": " << fetch::OutcomeName(results[i].outcome) << " " << results[i].error);
      REQUIRE(results[i].outcome == Outcome::kOk);
      const std::string& host = hosts[i % host_count];
      CHECK(results[i].body == host + " /page?n=" + std::to_string(i));
    }
    CHECK(server.Requests().size() == 200);
    CHECK(harness.fetcher().active() == 0);
  };

  SECTION("hosts x per-host limit fits the global limit: connections counted") {
    run(4, 2, 8);
    CHECK(server.MaxConcurrentConnections() <= 8);
    for (size_t h = 0; h < 4; ++h) CHECK(server.MaxConcurrentConnections(hosts[h]) <= 2);
    CHECK(server.MaxConcurrentRequests() > 1);  // they did overlap
  }
  SECTION("more hosts than the global limit allows: idle connections are evicted") {
    // Eviction closes a connection the server notices a moment later, so count requests in
    // flight (a lower estimate of connections in use) rather than open sockets.
    run(8, 2, 4);
    CHECK(server.MaxConcurrentRequests() <= 4);
    for (size_t h = 0; h < 8; ++h) CHECK(server.MaxConcurrentRequests(hosts[h]) <= 2);
  }
}

// Issue 3, item 2: "one slow host never stalls the others", and within a host allowed several
// connections, one slow response does not hold back the rest. (Regression: CURLOPT_PIPEWAIT
// on plain http kept every later transfer to the host pending until one completed.)
TEST_CASE("fetcher does not queue transfers behind a slow response", "[crawler]") {
  FixtureServer server;
  server.Route("/slow", Response{.body = "slow", .delay = std::chrono::seconds(3)});
  server.Route("/quick", pressoir::testing::Html("quick"));
  fetch::FetcherOptions options = TestOptions();
  options.max_host_connections = 4;
  options.resolve = {server.ResolveEntry("other.test")};
  Harness harness(options);
  std::vector<std::string> finished;
  auto record = [&](fetch::FetchResult result) {
    finished.push_back(result.url);
    if (finished.size() == 5) harness.io().stop();
  };
  harness.fetcher().Fetch({server.Url("/slow"), "", ""}, record);
  // Let the slow request reach the server before the others start.
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (server.Requests().empty() && Clock::now() < deadline) harness.io().run_for(milliseconds(5));
  for (int i = 0; i < 3; ++i) harness.fetcher().Fetch({server.Url("/quick"), "", ""}, record);
  harness.fetcher().Fetch({server.UrlFor("other.test", "/quick"), "", ""}, record);
  harness.Run();

  REQUIRE(finished.size() == 5);
  CHECK(finished.back() == server.Url("/slow"));
}

// fetcher.h: active() counts "transfers started and not yet reported", so a caller that stops
// the io_context when it reaches 0 (the crawl loop's MaybeFinish, on a timer or a signal)
// never drops a result whose callback is still queued. (Regression: the count dropped when
// curl finished the transfer, one handler before the callback ran.)
TEST_CASE("fetcher counts a transfer as active until its callback runs", "[crawler]") {
  FixtureServer server;
  server.Route("/a", pressoir::testing::Html("a"));
  asio::io_context io;
  fetch::Fetcher fetcher(io, TestOptions());
  bool reported = false;
  size_t active_in_callback = 99;
  fetcher.Fetch({server.Url("/a"), "", ""}, [&](fetch::FetchResult) {
    reported = true;
    active_in_callback = fetcher.active();
  });
  auto deadline = Clock::now() + std::chrono::seconds(20);
  size_t steps_seen_idle = 0;
  while (!reported && Clock::now() < deadline) {
    io.run_one_for(milliseconds(100));
    if (!reported && fetcher.active() != 1) steps_seen_idle++;
  }
  REQUIRE(reported);
  CHECK(steps_seen_idle == 0);
  CHECK(active_in_callback == 0);
}

// fetcher.h: "The Fetcher must outlive the transfers it runs or be destroyed on that thread
// (pending callbacks are then dropped)". Destroying it mid-transfer frees every handle and
// socket (ASan's leak checker sees the rest) and calls nothing afterwards.
TEST_CASE("fetcher can be destroyed with transfers in flight", "[crawler]") {
  FixtureServer server;
  server.Route("/stall", Response{.headers = {{"Content-Type", "text/html"}},
                                  .body = std::string(100000, 's'),
                                  .stall_after_bytes = 2000});
  server.Route("/silent", Response{.body = "late", .delay = std::chrono::seconds(25)});
  server.Route("/quick", pressoir::testing::Html("quick"));
  asio::io_context io;
  fetch::FetcherOptions options = TestOptions();
  options.max_host_connections = 30;
  options.max_total_connections = 30;
  auto fetcher = std::make_unique<fetch::Fetcher>(io, options);
  int reported = 0;
  for (int i = 0; i < 10; ++i) {
    fetcher->Fetch({server.Url("/stall"), "", ""}, [&](fetch::FetchResult) { reported++; });
    fetcher->Fetch({server.Url("/silent"), "", ""}, [&](fetch::FetchResult) { reported++; });
  }

  SECTION("from outside any callback") {
    // Wait until every request reached the server, so the transfers are truly mid-flight.
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (server.Requests().size() < 20 && Clock::now() < deadline) io.run_for(milliseconds(20));
    REQUIRE(server.Requests().size() == 20);
    REQUIRE(fetcher->active() == 20);
    fetcher.reset();
  }
  SECTION("from inside a completion callback") {
    fetcher->Fetch({server.Url("/quick"), "", ""}, [&](fetch::FetchResult result) {
      reported++;
      CHECK(result.outcome == Outcome::kOk);
      fetcher.reset();
    });
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (fetcher && Clock::now() < deadline) io.run_for(milliseconds(20));
    REQUIRE_FALSE(fetcher);
    reported--;  // the quick one
  }
  io.restart();
  io.run_for(milliseconds(200));
  CHECK(reported == 0);
  // Whatever is left in the context (cancelled waits) must run or be destroyed cleanly.
  io.restart();
  io.poll();
}

// Issue 12, item 3 and fetcher.h ("curl's own failures are data too"): a request or limit
// curl refuses to take fails the transfer before it runs, with the option named, rather than
// running it without the limit. curl 7.88 rejects a CURLOPT_MAXREDIRS below -1, a negative
// CURLOPT_LOW_SPEED_LIMIT or CURLOPT_MAXFILESIZE_LARGE, and a URL longer than
// CURL_MAX_INPUT_LENGTH (8,000,000 bytes) with CURLE_BAD_FUNCTION_ARGUMENT.
TEST_CASE("fetcher fails a transfer whose options curl refuses and never runs it", "[crawler]") {
  FixtureServer server;
  server.Route("/page", pressoir::testing::Html("page"));
  fetch::FetcherOptions options = TestOptions();
  std::string url = server.Url("/page");
  std::string option;
  Outcome expected = Outcome::kNetworkError;
  SECTION("max_redirects below -1") {
    options.max_redirects = -2;
    option = "CURLOPT_MAXREDIRS";
  }
  SECTION("negative low_speed_bytes_per_second") {
    options.low_speed_bytes_per_second = -1;
    option = "CURLOPT_LOW_SPEED_LIMIT";
  }
  SECTION("negative max_body_bytes") {
    options.max_body_bytes = -1;
    option = "CURLOPT_MAXFILESIZE_LARGE";
  }
  SECTION("a URL above curl's length limit") {
    url += "?q=" + std::string(8'000'000, 'q');
    option = "CURLOPT_URL";
    expected = Outcome::kBadUrl;
  }
  Harness harness(options);
  fetch::FetchResult result = harness.FetchOne(url);

  INFO(result.error);
  CHECK(result.url == url);
  CHECK(result.outcome == expected);
  CHECK(result.curl_code == CURLE_BAD_FUNCTION_ARGUMENT);
  CHECK_THAT(result.error, Catch::Matchers::Contains("curl_easy_setopt(" + option + ") failed"));
  CHECK(result.http_status == 0);
  CHECK(result.body.empty());
  CHECK(server.Requests().empty());  // never run
  CHECK(harness.fetcher().active() == 0);
}

// Issue 12, item 3: whatever state its transfers are in, a destroyed fetcher frees every curl
// handle, header list and resolve list (ASan's leak checker runs on the whole suite) and calls
// no callback. Besides the transfers mid-body of the case above: transfers curl has not
// started yet, transfers waiting behind the connection limit, conditional requests (their
// header lists), and a refused request whose report is still queued.
TEST_CASE("fetcher frees every transfer when destroyed before they ran", "[crawler]") {
  FixtureServer server;
  server.Route("/stall", Response{.headers = {{"Content-Type", "text/html"}},
                                  .body = std::string(100000, 's'),
                                  .stall_after_bytes = 2000});
  server.Route("/quick", pressoir::testing::Html("quick"));
  asio::io_context io;
  fetch::FetcherOptions options = TestOptions();
  options.max_total_connections = 1;  // every transfer but the first waits in curl for a connection
  options.max_host_connections = 1;
  options.resolve = {server.ResolveEntry("news.test"), server.ResolveEntry("other.test")};
  auto fetcher = std::make_unique<fetch::Fetcher>(io, options);
  int reported = 0;
  auto count = [&reported](fetch::FetchResult) { reported++; };
  fetcher->Fetch({server.UrlFor("news.test", "/stall"), "\"v1\"", "Tue, 01 Dec 2026 10:00:00 GMT"}, count);
  for (int i = 0; i < 5; ++i) {
    fetcher->Fetch({server.UrlFor("other.test", "/quick?n=" + std::to_string(i)), "\"v2\"", ""}, count);
  }

  SECTION("before the io_context ran") {
    fetcher->Fetch({server.UrlFor("news.test", "/" + std::string(8'000'000, 'a')), "", ""}, count);
    REQUIRE(fetcher->active() == 7);
    fetcher.reset();
  }
  SECTION("with one transfer mid-body and the others queued") {
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (server.Requests().empty() && Clock::now() < deadline) io.run_for(milliseconds(20));
    io.run_for(milliseconds(100));  // the stalled body has started to arrive
    REQUIRE(server.Requests().size() == 1);
    REQUIRE(fetcher->active() == 6);
    fetcher.reset();
  }
  io.restart();
  io.run_for(milliseconds(200));
  CHECK(reported == 0);
  CHECK(server.Requests().size() <= 1);
  // Whatever is left in the context (cancelled waits) must run or be destroyed cleanly.
  io.restart();
  io.poll();
}

// Issue 13, item 12: curl skips a CURLOPT_RESOLVE entry it cannot read and sends the host to
// DNS instead; the crawl refuses such an entry up front (crawl_e2e_test.cc checks the message).
TEST_CASE("resolve entries are checked before curl sees them", "[crawler]") {
  using pressoir::fetch::ResolveEntryProblem;
  for (const char* good : {"news.test:443:127.0.0.1", "news.test:8080:::1", "news.test:80:[::1]",
                           "a-b.example_1.test:1:10.0.0.1,::1", "h:65535:127.0.0.1"}) {
    INFO(good);
    CHECK_FALSE(ResolveEntryProblem(good).has_value());
  }
  for (const char* bad :
       {"", "news.test", "news.test:80", "news.test:80:", ":80:127.0.0.1", "news.test::127.0.0.1",
        "news.test:0:127.0.0.1", "news.test:65536:127.0.0.1", "news.test:-1:127.0.0.1", "news.test:80:localhost",
        "news.test:80:127.0.0.1,", "news test:80:127.0.0.1", "news.test:80:127.0.0.256"}) {
    INFO(bad);
    CHECK(ResolveEntryProblem(bad).has_value());
  }
}

// Hostile servers (issue #7, item 3), the header flood: a server that answers with a huge
// number of headers, one huge header, or a header block that never ends. The Fetcher must give
// a clean failure outcome in bounded time and memory, never hang until the transfer timeout,
// crash, or keep the flood in memory. (Endless and oversized bodies, gzip bombs, slowloris
// responses and redirects to other schemes are in tests/crawler/fetcher_test.cc.)
//
// Who bounds what:
//  - libcurl rejects a header line longer than CURL_MAX_HTTP_HEADER (100 KiB), and, since the
//    fix for CVE-2023-38039 (curl 8.3.0, backported to Debian's 7.88.1-10+deb12u1), a header
//    block larger than 300 KiB in total ("Too large response headers"), both as
//    CURLE_RECV_ERROR or CURLE_OUT_OF_MEMORY: the Fetcher's kNetworkError. Without that fix,
//    curl kept every header of a response in memory for curl_easy_header(): these tests would
//    then fail, which is the point;
//  - the Fetcher's header callback (fetcher.cc, OnHeader) keeps only the headers it reads
//    (Content-Type, ETag, Last-Modified, Retry-After, Location: the last value of each), so
//    what passes curl's limits costs it at most a few times 100 KiB.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "crawler/fetcher.h"
#include "tests/support/fixture_server.h"

namespace {

namespace asio = boost::asio;
namespace fetch = pressoir::fetch;
using Outcome = fetch::FetchResult::Outcome;
using pressoir::testing::FixtureServer;
using pressoir::testing::Response;
using std::chrono::milliseconds;

// Peak resident set size of this process in KiB (VmHWM), and its reset (Linux >= 4.0): the
// growth of the peak during a fetch bounds what the fetch held in memory at once.
size_t StatusKib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0)
      return std::strtoul(line.c_str() + std::char_traits<char>::length(field), nullptr, 10);
  }
  return 0;
}

void ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
}

struct Fetched {
  fetch::FetchResult result;
  milliseconds elapsed{0};
  size_t peak_growth_kib = 0;
};

// One fetch on a fresh io_context and Fetcher, with a 20 s transfer timeout (what a hang would
// run into) and a 60 s watchdog.
Fetched FetchOnce(const std::string& url) {
  fetch::FetcherOptions options;
  options.user_agent = "pressoir-test/0.1";
  options.connect_timeout = milliseconds(5000);
  options.timeout = milliseconds(20000);
  options.low_speed_time = milliseconds(20000);
  asio::io_context io;
  auto fetcher = std::make_unique<fetch::Fetcher>(io, options);
  Fetched fetched;
  bool done = false;
  ResetPeakRss();
  const size_t rss_before = StatusKib("VmRSS:");
  const auto start = std::chrono::steady_clock::now();
  fetcher->Fetch(fetch::FetchRequest{url, "", ""}, [&](fetch::FetchResult result) {
    fetched.result = std::move(result);
    done = true;
    io.stop();
  });
  asio::steady_timer watchdog(io, std::chrono::seconds(60));
  watchdog.async_wait([&](const boost::system::error_code& error) {
    if (!error) io.stop();
  });
  io.run();
  fetched.elapsed = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  const size_t peak = StatusKib("VmHWM:");
  fetched.peak_growth_kib = peak > rss_before ? peak - rss_before : 0;
  REQUIRE(done);  // else the watchdog fired: the fetcher hung
  return fetched;
}

// Reads a whole response from the fixture server with a plain socket (no HTTP client limits).
std::string RawGet(uint16_t port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof(buffer))) > 0;) response.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  return response;
}

size_t CountLines(const std::string& text, const std::string& prefix) {
  size_t count = 0;
  for (size_t at = text.find("\r\n" + prefix); at != std::string::npos; at = text.find("\r\n" + prefix, at + 2))
    ++count;
  return count;
}

}  // namespace

// The fixture server's flood is what it claims: N header lines of the given size, then the
// usual framing headers and the body.
TEST_CASE("the fixture server sends a header flood", "[hardening]") {
  FixtureServer server;
  server.Route("/flood", Response{.headers = {{"Content-Type", "text/html"}},
                                  .body = "body",
                                  .flood_header_count = 5000,
                                  .flood_header_bytes = 20});
  std::string response = RawGet(server.port(), "/flood");
  CHECK(CountLines(response, "X-Flood-") == 5000);
  CHECK(response.find("\r\nX-Flood-4999: " + std::string(20, 'h') + "\r\n") != std::string::npos);
  CHECK(response.find("\r\nContent-Length: 4\r\n") != std::string::npos);
  CHECK(response.substr(response.size() - 8) == "\r\n\r\nbody");
}

// A flood far past curl's limits fails as a network error: at once (well before the 20 s
// transfer timeout a hang would run into), without holding the flood in memory, and without
// a body. Measured (Debug+ASan, shared 2-core machine, fixture server in the same process):
// 1-50 ms each, peak RSS +0.5-3 MiB. curl's words: "Too large response headers: 307236 >
// 307200" (CURLE_RECV_ERROR) for the many and the endless, "Out of memory" (its 100 KiB line
// limit, CURLE_OUT_OF_MEMORY) for the huge one.
TEST_CASE("a header flood ends the transfer with a clean failure in bounded time and memory", "[hardening]") {
  FixtureServer server;
  const std::pair<std::string, Response> floods[] = {
      // 100 000 headers of 20 bytes: 3.4 MB of header block.
      {"/many", Response{.headers = {{"Content-Type", "text/html"}},
                         .body = "<p>x</p>",
                         .flood_header_count = 100'000,
                         .flood_header_bytes = 20}},
      // One header of 10 MiB.
      {"/huge", Response{.headers = {{"Content-Type", "text/html"}},
                         .body = "<p>x</p>",
                         .flood_header_count = 1,
                         .flood_header_bytes = 10 << 20}},
      // A header block that never ends (the server writes until the client hangs up).
      {"/endless", Response{.headers = {{"Content-Type", "text/html"}}, .endless_headers = true}},
  };
  for (const auto& [path, response] : floods) server.Route(path, response);
  for (const auto& [path, response] : floods) {
    DYNAMIC_SECTION("flood " << path) {
      Fetched fetched = FetchOnce(server.Url(path));
      INFO("curl: " << fetched.result.curl_code << " " << fetched.result.error);
      CHECK(fetched.result.outcome == Outcome::kNetworkError);
      CHECK_FALSE(fetched.result.error.empty());
      CHECK(fetched.result.body.empty());
      CHECK(fetched.elapsed < milliseconds(10000));
      CHECK(fetched.peak_growth_kib < 16 * 1024);
      // The fetcher's own fields hold no part of the flood.
      CHECK(fetched.result.content_type == "text/html");
      CHECK(fetched.result.etag.empty());
    }
  }
}

// Just inside curl's limits the response is read, and the fetcher keeps only the headers it
// reads, each bounded by curl's 100 KiB per line: 2 000 headers (about 250 KB), and a 90 KiB
// ETag sent three times (the last one wins). Measured (Debug+ASan): 7-12 ms, +1.3-3 MiB.
TEST_CASE("headers within curl's limits are read and kept bounded", "[hardening]") {
  FixtureServer server;
  const std::string etag(90 * 1024, 'e');
  server.Route("/many", Response{.headers = {{"Content-Type", "text/html"}},
                                 .body = "<p>many</p>",
                                 .flood_header_count = 2000,
                                 .flood_header_bytes = 100});
  server.Route("/long", Response{.headers = {{"Content-Type", "text/html"},
                                             {"ETag", "\"1" + etag + "\""},
                                             {"ETag", "\"2" + etag + "\""},
                                             {"ETag", "\"3" + etag + "\""}},
                                 .body = "<p>long</p>"});
  SECTION("2 000 headers") {
    Fetched fetched = FetchOnce(server.Url("/many"));
    CHECK(fetched.result.outcome == Outcome::kOk);
    CHECK(fetched.result.body == "<p>many</p>");
    CHECK(fetched.elapsed < milliseconds(10000));
    CHECK(fetched.peak_growth_kib < 16 * 1024);
  }
  SECTION("a 90 KiB header, three times") {
    Fetched fetched = FetchOnce(server.Url("/long"));
    CHECK(fetched.result.outcome == Outcome::kOk);
    CHECK(fetched.result.body == "<p>long</p>");
    CHECK(fetched.result.etag == "\"3" + etag + "\"");
    CHECK(fetched.peak_growth_kib < 16 * 1024);
  }
}

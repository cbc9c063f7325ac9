// Tests for the loopback fixture server, driven by libcurl as the fetcher will drive it.
//
// Each case checks one promise of fixture_server.h that the network tests rely on: routing,
// connection reuse, request recording, each injected fault, and a fast clean shutdown.
#include "tests/support/fixture_server.h"

#include <curl/curl.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace pressoir::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct Fetched {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
  std::string headers;  // raw header block(s), as received
  milliseconds elapsed{0};
};

// Stops the transfer once more than `limit` bytes arrived (returning a short count makes
// curl fail with CURLE_WRITE_ERROR, the documented way to abort from a write callback).
struct Sink {
  std::string data;
  size_t limit = SIZE_MAX;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) noexcept {
  auto* sink = static_cast<Sink*>(user);
  sink->data.append(data, size * count);
  return sink->data.size() > sink->limit ? 0 : size * count;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) noexcept {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// One easy handle; successive Get() calls reuse its connection as the fetcher's would.
class Client {
 public:
  // No Catch2 assertions here or in Get(): clients run on test threads too, and Catch2 2.x
  // assertions are not thread-safe. Failures surface as Fetched::code instead.
  Client() : handle_(InitCurl() ? curl_easy_init() : nullptr) {}

  // `configure` sets extra options for this transfer only (the handle is reset first, which
  // keeps the connection cache). `limit` aborts the body after that many bytes.
  Fetched Get(const std::string& url, const std::function<void(CURL*)>& configure = {}, size_t limit = SIZE_MAX) {
    Fetched result;
    CURL* curl = handle_.get();
    if (curl == nullptr) {
      result.code = CURLE_FAILED_INIT;
      return result;
    }
    curl_easy_reset(curl);
    Sink sink{.data = {}, .limit = limit};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");  // an http_proxy variable must not interfere
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "pressoir-test");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result.headers);
    if (configure) configure(curl);
    Clock::time_point start = Clock::now();
    result.code = curl_easy_perform(curl);
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    result.body = std::move(sink.data);
    return result;
  }

 private:
  static bool InitCurl() {
    static const bool kInitialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return kInitialized;
  }
  struct Deleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  std::unique_ptr<CURL, Deleter> handle_;
};

Fetched Get(const std::string& url, const std::function<void(CURL*)>& configure = {}, size_t limit = SIZE_MAX) {
  return Client().Get(url, configure, limit);
}

// A curl_slist (for CURLOPT_RESOLVE or CURLOPT_HTTPHEADER) that must outlive the transfer.
class SList {
 public:
  explicit SList(const std::string& entry) : list_(curl_slist_append(nullptr, entry.c_str())) {}
  ~SList() { curl_slist_free_all(list_); }
  SList(const SList&) = delete;
  SList& operator=(const SList&) = delete;
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_;
};

bool HasHeader(const Fetched& fetched, const std::string& line) {
  return fetched.headers.find(line + "\r\n") != std::string::npos;
}

// Polls `condition` for up to two seconds: server-side effects of a client closing are
// asynchronous.
bool Eventually(const std::function<bool()>& condition) {
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return condition();
}

// Paths match exactly without the query; a host route beats a path route; everything else
// is 404. Canned helpers produce the documented status and headers.
TEST_CASE("fixture server routes requests by path and host", "[support]") {
  FixtureServer server;
  server.Route("/a", Html("page a"));
  server.RouteHost("A.test", "/a", Html("host a", "iso-8859-1"));

  SECTION("exact path, query ignored for matching but recorded") {
    Fetched fetched = Get(server.Url("/a?x=1"));
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.status == 200);
    CHECK(fetched.body == "page a");
    CHECK(HasHeader(fetched, "Content-Type: text/html; charset=utf-8"));
    std::vector<RecordedRequest> requests = server.Requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].target == "/a?x=1");
    CHECK(requests[0].path == "/a");
    CHECK(requests[0].host == "127.0.0.1");
    CHECK(requests[0].Header("User-Agent") == "pressoir-test");
    CHECK(requests[0].Header("x-absent").empty());
    for (const auto& [name, value] : requests[0].headers) CHECK(name == Catch::toLower(name));
  }
  SECTION("host route wins for its host") {
    SList resolve(server.ResolveEntry("a.test"));
    Fetched fetched =
        Get(server.UrlFor("a.test", "/a"), [&](CURL* c) { curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get()); });
    CHECK(fetched.body == "host a");
    CHECK(HasHeader(fetched, "Content-Type: text/html; charset=iso-8859-1"));
    CHECK(server.RequestsFor("a.test").size() == 1);
    CHECK(server.RequestsFor("127.0.0.1").empty());
  }
  SECTION("unrouted path is 404") {
    CHECK(Get(server.Url("/a/")).status == 404);
    CHECK(Get(server.Url("/missing")).status == 404);
  }
  SECTION("handlers see the request and may be replaced while serving") {
    server.Route("/echo", [](const RecordedRequest& request) { return Text(request.method + " " + request.target); });
    CHECK(Get(server.Url("/echo?q=2")).body == "GET /echo?q=2");
    server.Route("/echo", Status(410));
    CHECK(Get(server.Url("/echo")).status == 410);
  }
  SECTION("a throwing handler becomes a 500") {
    server.Route("/throw", [](const RecordedRequest&) -> Response { throw std::runtime_error("boom"); });
    Fetched fetched = Get(server.Url("/throw"));
    CHECK(fetched.status == 500);
    CHECK(fetched.body.find("boom") != std::string::npos);
  }
  SECTION("redirect chains are routes") {
    server.Route("/r1", Redirect(301, "/r2"));
    server.Route("/r2", Redirect(302, server.Url("/a")));
    Fetched fetched = Get(server.Url("/r1"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L); });
    CHECK(fetched.body == "page a");
    CHECK(server.Requests().size() == 3);
  }
  SECTION("retry-after") {
    server.Route("/busy", RetryAfter(503, "120"));
    Fetched fetched = Get(server.Url("/busy"));
    CHECK(fetched.status == 503);
    CHECK(HasHeader(fetched, "Retry-After: 120"));
  }
  SECTION("POST bodies are recorded, without a wait for 100-continue") {
    server.Route("/post", [](const RecordedRequest& request) { return Text(request.body); });
    std::string payload(5000, 'p');
    SList expect("Expect: 100-continue");
    Fetched fetched = Get(server.Url("/post"), [&](CURL* c) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, expect.get());
    });
    CHECK(fetched.body == payload);
    CHECK(fetched.elapsed < milliseconds(900));  // curl waits 1 s for a missing 100
    CHECK(server.Requests().at(0).method == "POST");
    CHECK(server.Requests().at(0).body == payload);
  }
  SECTION("HEAD gets headers only") {
    Fetched fetched = Get(server.Url("/a"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_NOBODY, 1L); });
    CHECK(fetched.code == CURLE_OK);
    CHECK(HasHeader(fetched, "Content-Length: 6"));
    CHECK(server.Requests().at(0).method == "HEAD");
  }
}

// HTTP/1.1 connections are persistent by default (RFC 9112 §9.3): requests on one handle
// share a connection id, and many clients can hold connections open at once.
TEST_CASE("fixture server keeps connections alive and serves many at once", "[support]") {
  FixtureServer server;
  server.Route("/k", Html("k"));

  SECTION("one client reuses its connection") {
    Client client;
    for (int i = 0; i < 3; ++i) CHECK(client.Get(server.Url("/k")).body == "k");
    Client other;
    CHECK(other.Get(server.Url("/k")).body == "k");
    std::vector<RecordedRequest> requests = server.Requests();
    REQUIRE(requests.size() == 4);
    CHECK(requests[0].connection_id == requests[1].connection_id);
    CHECK(requests[1].connection_id == requests[2].connection_id);
    CHECK(requests[3].connection_id != requests[0].connection_id);
    CHECK(server.MaxConcurrentConnections() == 2);  // both clients keep theirs open
  }
  SECTION("Connection: close is honoured") {
    Client client;
    SList header("Connection: close");
    auto close = [&](CURL* c) { curl_easy_setopt(c, CURLOPT_HTTPHEADER, header.get()); };
    client.Get(server.Url("/k"), close);
    client.Get(server.Url("/k"), close);
    std::vector<RecordedRequest> requests = server.Requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].connection_id != requests[1].connection_id);
    CHECK(Eventually([&] { return server.OpenConnections() == 0; }));
  }
  SECTION("many concurrent keep-alive clients") {
    constexpr int kClients = 32;
    constexpr int kRequestsEach = 3;
    server.Route("/slow", Response{.body = "slow", .delay = milliseconds(100)});
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    // Every client keeps its connection open until all are done, so the peak is exact.
    std::latch all_done(kClients);
    for (int i = 0; i < kClients; ++i) {
      threads.emplace_back([&] {
        Client client;
        for (int j = 0; j < kRequestsEach; ++j) {
          if (client.Get(server.Url("/slow")).body == "slow") ++ok;
        }
        all_done.arrive_and_wait();
      });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(ok == kClients * kRequestsEach);
    std::set<int> ids;
    for (const RecordedRequest& request : server.Requests()) ids.insert(request.connection_id);
    CHECK(ids.size() == kClients);
    CHECK(server.MaxConcurrentConnections() == kClients);
    CHECK(server.MaxConcurrentConnections("127.0.0.1") == kClients);
    CHECK(server.MaxConcurrentRequests() > 1);
    CHECK(server.MaxConcurrentRequests() <= kClients);
    CHECK(server.MaxConcurrentRequests("127.0.0.1") == server.MaxConcurrentRequests());
    CHECK(server.MaxConcurrentRequests("other.test") == 0);
  }
}

// Requests are recorded in arrival order with monotonic timestamps, which politeness tests
// use to measure the gap between requests to one host.
TEST_CASE("fixture server records requests in arrival order with times", "[support]") {
  FixtureServer server;
  server.Route("/t", Html("t"));
  Client client;
  for (int i = 0; i < 3; ++i) {
    client.Get(server.Url("/t?n=" + std::to_string(i)));
    std::this_thread::sleep_for(milliseconds(50));
  }
  std::vector<RecordedRequest> requests = server.Requests();
  REQUIRE(requests.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(requests[i].target == "/t?n=" + std::to_string(i));
  CHECK(requests[1].received_at - requests[0].received_at >= milliseconds(50));
  CHECK(requests[2].received_at - requests[1].received_at >= milliseconds(50));

  server.ClearRequests();
  CHECK(server.Requests().empty());
  CHECK(server.MaxConcurrentConnections() == 1);  // the client's connection is still open
}

// Response::delay holds the whole response back, so client timeouts fire.
TEST_CASE("fixture server delays responses", "[support]") {
  FixtureServer server;
  server.Route("/d", Response{.body = "late", .delay = milliseconds(200)});
  SECTION("patient client") {
    Fetched fetched = Get(server.Url("/d"));
    CHECK(fetched.body == "late");
    CHECK(fetched.elapsed >= milliseconds(200));
  }
  SECTION("impatient client") {
    Fetched fetched = Get(server.Url("/d"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 50L); });
    CHECK(fetched.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(fetched.body.empty());
  }
}

// A stalled body delivers its first bytes and then nothing: only the client's total or
// low-speed timeout ends the transfer.
TEST_CASE("fixture server stalls mid-body", "[support]") {
  FixtureServer server;
  server.Route("/s", Response{.body = std::string(10000, 'a'), .stall_after_bytes = 100});
  SECTION("total timeout") {
    Fetched fetched = Get(server.Url("/s"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 300L); });
    CHECK(fetched.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(fetched.status == 200);
    CHECK(fetched.body == std::string(100, 'a'));
  }
  SECTION("low-speed timeout") {
    Fetched fetched = Get(server.Url("/s"), [](CURL* c) {
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1000L);
      curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 1L);
    });
    CHECK(fetched.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(fetched.elapsed < milliseconds(5000));
  }
  // Once the client gives up the stalled connection is released, not held for 30 s.
  CHECK(Eventually([&] { return server.OpenConnections() == 0; }));
}

// reset_connection answers with an RST and nothing else; the server keeps serving.
TEST_CASE("fixture server resets connections", "[support]") {
  FixtureServer server;
  server.Route("/rst", Response{.reset_connection = true});
  server.Route("/ok", Html("ok"));
  Fetched fetched = Get(server.Url("/rst"));
  CHECK((fetched.code == CURLE_RECV_ERROR || fetched.code == CURLE_GOT_NOTHING));
  CHECK(fetched.body.empty());
  CHECK(Get(server.Url("/ok")).body == "ok");
}

// Transfer-Encoding: chunked (RFC 9112 §7.1) carries the body without a Content-Length.
TEST_CASE("fixture server sends chunked bodies", "[support]") {
  FixtureServer server;
  std::string body(5000, 'c');
  server.Route("/c", Response{.body = body, .chunked = true, .chunk_size = 1000});
  Client client;
  for (int i = 0; i < 2; ++i) {  // the connection stays usable after a chunked body
    Fetched fetched = client.Get(server.Url("/c"));
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body == body);
    CHECK(HasHeader(fetched, "Transfer-Encoding: chunked"));
    CHECK(fetched.headers.find("Content-Length") == std::string::npos);
  }
  std::vector<RecordedRequest> requests = server.Requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].connection_id == requests[1].connection_id);
}

// content_encoding compresses the body; curl decodes it when CURLOPT_ACCEPT_ENCODING is "".
TEST_CASE("fixture server compresses bodies", "[support]") {
  FixtureServer server;
  std::string body;
  for (int i = 0; i < 200; ++i) body += "<p>paragraph " + std::to_string(i) + "</p>\n";
  auto coding = GENERATE(as<std::string>{}, "gzip", "deflate", "br");
  server.Route("/z", Response{.body = body, .content_encoding = coding});
  SECTION("decoded by curl") {
    Fetched fetched = Get(server.Url("/z"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); });
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body == body);
    CHECK(HasHeader(fetched, "Content-Encoding: " + coding));
  }
  SECTION("sent compressed") {
    Fetched fetched = Get(server.Url("/z"));
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body.size() < body.size() / 2);
    if (coding == "gzip") CHECK(fetched.body.substr(0, 2) == "\x1f\x8b");  // RFC 1952 magic
  }
  SECTION("chunked too") {
    server.Route("/zc", Response{.body = body, .chunked = true, .content_encoding = coding});
    Fetched fetched = Get(server.Url("/zc"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); });
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body == body);
  }
}

// declared_length lies about the size; the connection is closed after the body.
TEST_CASE("fixture server lies about Content-Length", "[support]") {
  FixtureServer server;
  SECTION("longer than the body: client sees a short transfer") {
    server.Route("/l", Response{.body = "0123456789", .declared_length = 100});
    Fetched fetched = Get(server.Url("/l"));
    CHECK(fetched.code == CURLE_PARTIAL_FILE);
    CHECK(fetched.body == "0123456789");
  }
  SECTION("shorter than the body: client reads only the declared bytes") {
    server.Route("/l", Response{.body = "hello world", .declared_length = 5});
    server.Route("/next", Html("next"));
    Client client;
    Fetched fetched = client.Get(server.Url("/l"));
    CHECK(fetched.code == CURLE_OK);
    CHECK(fetched.body == "hello");
    CHECK(client.Get(server.Url("/next")).body == "next");  // not " world"
  }
  SECTION("huge declared size trips CURLOPT_MAXFILESIZE before the body") {
    server.Route("/l", Response{.body = "x", .declared_length = 1ULL << 40});
    Fetched fetched =
        Get(server.Url("/l"), [](CURL* c) { curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, curl_off_t{1} << 20); });
    CHECK(fetched.code == CURLE_FILESIZE_EXCEEDED);
  }
}

// An endless chunked body runs until the client gives up. curl 7.88 enforces
// CURLOPT_MAXFILESIZE only against a declared length, so the client aborts from its write
// callback, as the fetcher must.
TEST_CASE("fixture server streams endless bodies", "[support]") {
  FixtureServer server;
  server.Route("/e", Response{.endless_body_chunk = 4096});
  Fetched fetched = Get(server.Url("/e"), {}, 1 << 20);
  CHECK(fetched.code == CURLE_WRITE_ERROR);
  CHECK(fetched.body.size() > (1 << 20));
  CHECK(fetched.body.find_first_not_of('x') == std::string::npos);
  CHECK(Eventually([&] { return server.OpenConnections() == 0; }));
}

// ServeDirectory serves a tree as fallback, and never anything outside it.
TEST_CASE("fixture server serves a directory", "[support]") {
  namespace fs = std::filesystem;
  fs::path base =
      fs::temp_directory_path() / ("fixture_server_test_" + std::to_string(Clock::now().time_since_epoch().count()));
  fs::create_directories(base / "site" / "sub");
  auto write = [](const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; };
  write(base / "site" / "index.html", "<p>home</p>");
  write(base / "site" / "sub" / "index.html", "<p>sub home</p>");
  write(base / "site" / "sub" / "page one.htm", "<p>one</p>");
  write(base / "site" / "feed.xml", "<rss/>");
  write(base / "secret.txt", "secret");
  fs::create_symlink(base / "secret.txt", base / "site" / "link.txt");

  {
    FixtureServer server;
    server.ServeDirectory((base / "site").string());
    server.Route("/feed.xml", Html("routed"));
    auto as_is = [](CURL* c) { curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L); };

    Fetched home = Get(server.Url("/"));
    CHECK(home.body == "<p>home</p>");
    CHECK(HasHeader(home, "Content-Type: text/html"));
    CHECK(Get(server.Url("/sub/")).body == "<p>sub home</p>");
    CHECK(Get(server.Url("/sub/page%20one.htm?x=1")).body == "<p>one</p>");
    CHECK(Get(server.Url("/feed.xml")).body == "routed");  // routes come first
    CHECK(Get(server.Url("/nope.html")).status == 404);
    CHECK(Get(server.Url("/../secret.txt"), as_is).status == 404);
    CHECK(Get(server.Url("/sub/%2e%2e/%2e%2e/secret.txt"), as_is).status == 404);
    CHECK(Get(server.Url("/link.txt")).status == 404);
    CHECK(Get(server.Url("//etc/passwd"), as_is).status == 404);
  }
  fs::remove_all(base);
}

// The destructor must not wait for stalled or endless transfers: tests with faults would
// otherwise take 30 s each.
TEST_CASE("fixture server shuts down fast with hung connections", "[support]") {
  auto server = std::make_unique<FixtureServer>();
  server->Route("/stall", Response{.body = std::string(1000, 's'), .stall_after_bytes = 10});
  server->Route("/endless", Response{.endless_body_chunk = 1024});
  server->Route("/delay", Response{.body = "d", .delay = std::chrono::seconds(30)});
  std::vector<CURLcode> codes(3, CURLE_OK);
  std::vector<std::string> urls = {server->Url("/stall"), server->Url("/endless"), server->Url("/delay")};
  std::vector<std::thread> clients;
  for (size_t i = 0; i < urls.size(); ++i) {
    clients.emplace_back([&, i] { codes[i] = Get(urls[i]).code; });
  }
  REQUIRE(Eventually([&] { return server->Requests().size() == 3; }));

  Clock::time_point start = Clock::now();
  server.reset();
  CHECK(Clock::now() - start < milliseconds(100));
  for (std::thread& client : clients) client.join();
  for (CURLcode code : codes) CHECK(code != CURLE_OK);
}

}  // namespace
}  // namespace pressoir::testing

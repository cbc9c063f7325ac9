// Backpressure between the fetcher and the page stage (issue 13, item 15): a fetcher faster
// than extraction must not hold the whole site's bodies in memory.
#include <catch2/catch.hpp>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "crawler/crawl.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using std::chrono::milliseconds;

// A corpus slower than the fetcher: each write takes `delay` (a slow disk, a long fsync).
class SlowSink : public pressoir::corpus::CorpusSink {
 public:
  explicit SlowSink(milliseconds delay) : delay_(delay) {}
  pressoir::corpus::WriteResult Write(const pressoir::corpus::ArticleRecord& record) override {
    std::this_thread::sleep_for(delay_);
    pressoir::corpus::WriteResult result;
    result.id = pressoir::corpus::ArticleId(record.url);
    return result;
  }

 private:
  milliseconds delay_;
};

std::string ArticlePage(int i) {
  std::string body = "<html><head><title>Article " + std::to_string(i) + "</title></head><body><article><h1>Article " +
                     std::to_string(i) + "</h1>";
  for (int p = 0; p < 4; ++p) {
    body += "<p>Le conseil communal a voté le budget de l'année prochaine après un long débat, paragraphe " +
            std::to_string(p) + " de l'article " + std::to_string(i) + ".</p>";
  }
  return body + "</article></body></html>";
}

}  // namespace

// An index links to kPages articles; the fetcher gets them in a fraction of the time the page
// stage (one thread, a slow corpus) needs. Without backpressure every fetched body waits in
// the queue (the peak is about kPages); with it, the queue stays within its limit plus the
// transfers in flight, and every article is still written.
TEST_CASE("no transfer starts while the extraction queue is full", "[crawler]") {
  constexpr int kPages = 120;
  pressoir::testing::FixtureServer server;
  std::string index = "<html><body><h1>Accueil</h1><ul>";
  for (int i = 0; i < kPages; ++i) {
    std::string path = "/a/" + std::to_string(i) + ".html";
    server.RouteHost("news.test", path, pressoir::testing::Html(ArticlePage(i)));
    index += "<li><a href=\"" + path + "\">Article " + std::to_string(i) + "</a></li>";
  }
  server.RouteHost("news.test", "/", pressoir::testing::Html(index + "</ul></body></html>"));

  pressoir::testing::TempDir dir;
  pressoir::crawl::CrawlOptions options;
  options.config.user_agent = "pressoir";
  options.config.per_host_delay = milliseconds(0);
  options.config.concurrency = 8;
  options.config.per_host_concurrency = 8;
  options.config.extract_threads = 1;
  options.config.obey_robots = false;
  options.config.max_depth = 1;
  options.config.retries = 0;
  options.start_urls = {server.UrlFor("news.test", "/")};
  options.resolve = {server.ResolveEntry("news.test")};
  options.handle_signals = false;
  SlowSink sink(milliseconds(10));
  pressoir::state::CrawlState state(dir.path() + "/state");
  std::ostringstream console;
  pressoir::log::Log log(console, "", false);
  pressoir::crawl::CrawlSummary summary = pressoir::crawl::RunCrawl(options, sink, state, log);
  INFO(console.str());
  REQUIRE(summary.pages_fetched == kPages + 1);
  REQUIRE(summary.articles_written == kPages);

  const int64_t limit = pressoir::crawl::ExtractionQueueLimit(options.config);
  REQUIRE(limit + options.config.concurrency < kPages / 2);  // the bound means something here
  CHECK(summary.peak_extraction_queue <= limit + options.config.concurrency);
  // The queue did fill (the test exercised the gate, not a slow fetcher).
  CHECK(summary.peak_extraction_queue >= limit);
}

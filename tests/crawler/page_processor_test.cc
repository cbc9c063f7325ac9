// The per-page stage of a crawl (crawler/page_processor.h), driven without a server: a fetched
// response in, the article written to an in-memory sink and the links to crawl next out.
#include "crawler/page_processor.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::crawl::FoundUrl;
using pressoir::crawl::PageOutcome;
using pressoir::crawl::PageProcessor;
using pressoir::testing::ReadFileOrEmpty;

const std::string kFixtures = PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e";

// Keeps what it is given; answers like a corpus that had none of it.
class MemorySink : public pressoir::corpus::CorpusSink {
 public:
  pressoir::corpus::WriteResult Write(const pressoir::corpus::ArticleRecord& record) override {
    std::lock_guard<std::mutex> lock(mutex_);
    records.push_back(record);
    pressoir::corpus::WriteResult result;
    result.id = "id-" + std::to_string(records.size());
    if (fail) throw pressoir::corpus::CorpusError("corpus: disk full");
    return result;
  }
  std::vector<pressoir::corpus::ArticleRecord> records;
  bool fail = false;

 private:
  std::mutex mutex_;
};

pressoir::fetch::FetchResult Response(const std::string& url, const std::string& body,
                                      const std::string& content_type = "text/html") {
  pressoir::fetch::FetchResult result;
  result.url = url;
  result.final_url = url;
  result.http_status = 200;
  result.content_type = content_type;
  result.body = body;
  result.bytes = static_cast<int64_t>(body.size());
  return result;
}

pressoir::state::FrontierEntry EntryFor(const std::string& url, const std::string& site, int depth) {
  pressoir::state::FrontierEntry entry;
  entry.url = url;
  entry.site = site;
  entry.host = "http://news.test";
  entry.depth = depth;
  return entry;
}

std::vector<std::string> Urls(const std::vector<FoundUrl>& found) {
  std::vector<std::string> urls;
  for (const FoundUrl& url : found) urls.push_back(url.url);
  return urls;
}

bool Contains(const std::vector<std::string>& urls, const std::string& url) {
  return std::find(urls.begin(), urls.end(), url) != urls.end();
}

struct Stage {
  pressoir::config::CrawlConfig config;
  pressoir::rules::SiteRules rule = pressoir::config::LoadSiteRulesFile(kFixtures + "/rules/e2e-news.yaml");
  pressoir::boilerplate::SiteBoilerplate learned;
  MemorySink sink;
};

}  // namespace

TEST_CASE("an article page is written through its rule and its on-site links are found", "[crawler]") {
  Stage stage;
  PageProcessor processor(stage.config, /*extract=*/true, stage.learned, stage.sink);
  const std::string url = "http://news.test/actualite/alep-treve.html";
  PageOutcome outcome =
      processor.Process(EntryFor(url, "e2e-news", 1), &stage.rule,
                        Response(url, ReadFileOrEmpty(kFixtures + "/site/actualite/alep-treve.html")));

  CHECK(outcome.kind == PageOutcome::Kind::kArticleWritten);
  CHECK(outcome.article_id == "id-1");
  REQUIRE(stage.sink.records.size() == 1);
  const pressoir::corpus::ArticleRecord& record = stage.sink.records.front();
  CHECK(record.url == url);
  CHECK(record.site == "e2e-news");
  CHECK(record.extractor == "rule");
  CHECK(record.text + "\n" == ReadFileOrEmpty(kFixtures + "/expected/alep-treve.txt"));

  CHECK(Contains(Urls(outcome.found), "http://news.test/"));
  for (const FoundUrl& found : outcome.found) {
    INFO(found.url);
    CHECK(found.origin == "http://news.test");            // off-site, mailto: and javascript: links are dropped
    CHECK(found.url.find("/tag/") == std::string::npos);  // the rule's never_follow
  }
}

TEST_CASE("an index page is crawled for links and not written", "[crawler]") {
  Stage stage;
  PageProcessor processor(stage.config, /*extract=*/true, stage.learned, stage.sink);
  const std::string url = "http://news.test/";
  PageOutcome outcome = processor.Process(EntryFor(url, "e2e-news", 0), &stage.rule,
                                          Response(url, ReadFileOrEmpty(kFixtures + "/site/index.html")));
  CHECK(outcome.kind == PageOutcome::Kind::kNotArticle);
  CHECK(stage.sink.records.empty());
  std::vector<std::string> urls = Urls(outcome.found);
  CHECK(Contains(urls, "http://news.test/actualite/alep-treve.html"));
  CHECK(Contains(urls, "http://news.test/actualite/conseil-communal.html"));
  CHECK_FALSE(Contains(urls, "https://elsewhere.example.org/"));

  SECTION("past the depth limit, no link is followed") {
    stage.config.max_depth = 0;
    PageOutcome deep = processor.Process(EntryFor(url, "e2e-news", 0), &stage.rule,
                                         Response(url, ReadFileOrEmpty(kFixtures + "/site/index.html")));
    CHECK_FALSE(Contains(Urls(deep.found), "http://news.test/actualite/alep-treve.html"));
    for (const FoundUrl& found : deep.found) CHECK(found.kind == pressoir::state::UrlKind::kFeed);
  }
}

TEST_CASE("with --no-extract a page only gives its links", "[crawler]") {
  Stage stage;
  PageProcessor processor(stage.config, /*extract=*/false, stage.learned, stage.sink);
  const std::string url = "http://news.test/actualite/alep-treve.html";
  PageOutcome outcome =
      processor.Process(EntryFor(url, "e2e-news", 1), &stage.rule,
                        Response(url, ReadFileOrEmpty(kFixtures + "/site/actualite/alep-treve.html")));
  CHECK(outcome.kind == PageOutcome::Kind::kNotArticle);
  CHECK(stage.sink.records.empty());
  CHECK(Contains(Urls(outcome.found), "http://news.test/"));
}

TEST_CASE("a feed gives its items on the site only whatever the depth", "[crawler]") {
  Stage stage;
  PageProcessor processor(stage.config, /*extract=*/true, stage.learned, stage.sink);
  const std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>News</title>"
      "<item><link>http://news.test/actualite/new-story.html</link></item>"
      "<item><link>https://elsewhere.example.org/story.html</link></item>"
      "</channel></rss>";
  pressoir::state::FrontierEntry entry = EntryFor("http://news.test/feed.xml", "e2e-news", 5);
  entry.kind = pressoir::state::UrlKind::kFeed;
  PageOutcome outcome = processor.Process(entry, &stage.rule, Response(entry.url, feed, "application/rss+xml"));
  CHECK(outcome.kind == PageOutcome::Kind::kFeed);
  CHECK(Urls(outcome.found) == std::vector<std::string>{"http://news.test/actualite/new-story.html"});
  CHECK(outcome.found.front().from_feed);
  CHECK(stage.sink.records.empty());
}

TEST_CASE("a corpus that cannot be written is the page outcome and not an exception", "[crawler]") {
  Stage stage;
  stage.sink.fail = true;
  PageProcessor processor(stage.config, /*extract=*/true, stage.learned, stage.sink);
  const std::string url = "http://news.test/actualite/alep-treve.html";
  PageOutcome outcome =
      processor.Process(EntryFor(url, "e2e-news", 1), &stage.rule,
                        Response(url, ReadFileOrEmpty(kFixtures + "/site/actualite/alep-treve.html")));
  CHECK(outcome.kind == PageOutcome::Kind::kCorpusError);
  CHECK(outcome.error == "corpus: disk full");
}

// The crawler hands the extraction its fetch time and URL (issue 15, item 2): a date in the
// URL's path dates a page that prints none, a date after the fetch is no publication date, and
// the record carries the modification date and where the language came from.
TEST_CASE("the page stage dates articles from their URL and rejects future dates", "[crawler]") {
  Stage stage;
  PageProcessor processor(stage.config, /*extract=*/true, stage.learned, stage.sink);
  const std::string url = "http://news.test/2020/06/07/story.html";
  const std::string body =
      R"(<html lang="fr"><head><meta property="og:type" content="article">
      <meta property="article:published_time" content="2099-01-01T10:00:00+01:00">
      <meta property="article:modified_time" content="2020-06-08T09:00:00+02:00"></head>
      <body><article><h1>Un titre assez long pour un article</h1>
      <p>Le premier paragraphe de l'article raconte une histoire assez longue pour être retenue par
      l'extracteur générique, avec plusieurs phrases et quelques détails sur la ville.</p>
      <p>Le second paragraphe poursuit le récit, lui aussi avec assez de mots pour compter comme du
      texte d'article et non comme un menu ou un pied de page du site.</p></article></body></html>)";
  PageOutcome outcome = processor.Process(EntryFor(url, "news.test", 1), nullptr, Response(url, body));
  REQUIRE(outcome.kind == PageOutcome::Kind::kArticleWritten);
  REQUIRE(stage.sink.records.size() == 1);
  const pressoir::corpus::ArticleRecord& record = stage.sink.records.front();
  CHECK(record.date == "2020-06-07");
  CHECK(record.date_modified == "2020-06-08T09:00:00+02:00");
  CHECK(record.language == "fr");
  CHECK(record.language_source == "declared");
}

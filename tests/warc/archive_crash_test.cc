// Crash safety of the raw archive (issue 16, item 3): a crawl killed with SIGKILL at a random
// moment leaves no manifest line pointing at a torn or missing record, and the next run takes
// over the killed run's file (its marker is settled) and completes the corpus.
#include <signal.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <thread>

#include "tests/support/background_process.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"
#include "warc/reader.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::BackgroundProcess;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RecordedRequest;
using pressoir::testing::Response;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;

constexpr int kArticles = 30;

std::string ArticleName(int i) {
  return std::string("article-") + static_cast<char>('a' + i % 26) + (i >= 26 ? "z" : "");
}

std::vector<nlohmann::json> Manifest(const std::string& corpus) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(ReadFileOrEmpty(corpus + "/manifest.jsonl"));
  for (std::string line; std::getline(in, line);) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) lines.push_back(parsed);
  }
  return lines;
}

// Every manifest line's record is whole and is that page's response.
void CheckProvenance(const std::string& corpus, const std::string& archive) {
  for (const nlohmann::json& line : Manifest(corpus)) {
    INFO(line.dump());
    std::string error;
    auto record = pressoir::warc::ReadRecordAt(archive + "/" + line["warc_filename"].get<std::string>(),
                                               line["warc_offset"], line["warc_length"], {}, error);
    INFO(error);
    REQUIRE(record);
    CHECK(record->Type() == "response");
    CHECK(record->TargetUri() == line["url"].get<std::string>());
  }
}

}  // namespace

TEST_CASE("a crawl killed with SIGKILL leaves every manifest line pointing at a whole record", "[warc][e2e]") {
  pressoir::testing::CrawlDirs dirs;
  std::string archive = dirs.dir.path() + "/archive";
  FixtureServer server;
  std::string index = "<html><body><h1>Une</h1>";
  for (int i = 0; i < kArticles; ++i) {
    index += "<p><a href=\"/actualite/" + ArticleName(i) + ".html\">" + ArticleName(i) + "</a></p>";
  }
  server.Route("/", Response{.headers = {{"Content-Type", "text/html"}}, .body = index + "</body></html>"});
  server.Route("/robots.txt", Response{.status = 404});
  for (int i = 0; i < kArticles; ++i) {
    std::string body = "<html><head><title>T" + std::to_string(i) + "</title></head><body><h1 class=\"title\">Titre " +
                       std::to_string(i) + "</h1><div class=\"article-body\">";
    for (int p = 0; p < 6; ++p)
      body += "<p>Paragraphe " + std::to_string(p) + " de l'article " + std::to_string(i) +
              ", assez long pour compter comme un article de presse.</p>";
    server.Route("/actualite/" + ArticleName(i) + ".html", Response{.headers = {{"Content-Type", "text/html"}},
                                                                    .body = body + "</div></body></html>",
                                                                    .delay = std::chrono::milliseconds(40)});
  }
  WriteFile(dirs.sites + "/e2e-news.yaml",
            ReadFileOrEmpty(PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e/rules/e2e-news.yaml"));
  WriteFile(dirs.config,
            "rule_start_urls: false\nper_host_delay: 0ms\nper_host_concurrency: 2\nmax_depth: 2\ntimeout: 10s\n"
            "retries: 0\n");
  std::vector<std::string> argv = {PRESSOIR_BINARY, "crawl",
                                   "--config",      dirs.config,
                                   "--sites",       dirs.sites,
                                   "--corpus",      dirs.corpus,
                                   "--state",       dirs.state,
                                   "--archive",     archive,
                                   "--resolve",     server.ResolveEntry("news.test"),
                                   "--start",       server.UrlFor("news.test", "/")};
  {
    BackgroundProcess crawl(argv);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (Manifest(dirs.corpus).size() < 4 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    crawl.Signal(SIGKILL);
    REQUIRE(crawl.WaitFor(std::chrono::seconds(10)) == 128 + SIGKILL);
  }
  size_t written = Manifest(dirs.corpus).size();
  INFO("articles written before the kill: " << written);
  REQUIRE(written >= 4);
  REQUIRE(written < static_cast<size_t>(kArticles));
  CheckProvenance(dirs.corpus, archive);
  // The killed run's file is still marked open; the next run settles it and completes.
  REQUIRE_FALSE(fs::is_empty(archive + "/.open"));
  auto again = RunCommand(argv);
  INFO("second run stderr: " << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(Manifest(dirs.corpus).size() == static_cast<size_t>(kArticles));
  CheckProvenance(dirs.corpus, archive);
  CHECK(fs::is_empty(archive + "/.open"));
  for (const auto& file : fs::directory_iterator(archive)) {
    if (!file.path().string().ends_with(".warc.gz")) continue;
    int problems = pressoir::warc::ReadFile(
        file.path().string(), {}, [](pressoir::warc::Record&&) { return true; },
        [&](int64_t offset, const std::string& message) { FAIL(file.path() << ": " << offset << ": " << message); });
    CHECK(problems == 0);
  }
}

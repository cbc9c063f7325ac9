// The raw archive of a real crawl, checked by an independent WARC implementation: warcio (npm;
// installed by scripts/setup.sh into .cache/npm) reads every record pressoir writes, its
// digests are recomputed, and the record at each manifest line's warc_offset is that page's
// response (issue 16, items 1, 2 and 6); and the archive of a fleet of workers on a Redis
// frontier, each writing files of its own.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "tests/support/background_process.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/run_command.h"
#include "warc/reader.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::Response;
using pressoir::testing::RunCommand;
using pressoir::testing::WriteFile;

const std::string kFixtures = PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e";
const std::string kNpmDirectory = PRESSOIR_SOURCE_DIR "/.cache/npm";

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

// The e2e fixture site, plus a redirect, a 404, and an article sent gzip-encoded and chunked
// (curl decodes it: the archive must say so).
struct ArchivedSite : pressoir::testing::CrawlDirs {
  FixtureServer server;
  std::string archive = dir.path() + "/archive";

  ArchivedSite() {
    server.ServeDirectory(kFixtures + "/site");
    std::string index = ReadFileOrEmpty(kFixtures + "/site/index.html");
    index.replace(index.find("</main>"), 0, "<a href=\"/old.html\">old</a> <a href=\"/missing.html\">gone</a>");
    server.Route("/", Response{.headers = {{"Content-Type", "text/html; charset=utf-8"}}, .body = index});
    server.Route("/old.html", Response{.status = 301,
                                       .headers = {{"Location", "/actualite/conseil-communal.html"}},
                                       .body = "moved"});
    server.Route("/actualite/alep-treve.html",
                 Response{.headers = {{"Content-Type", "text/html"}},
                          .body = ReadFileOrEmpty(kFixtures + "/site/actualite/alep-treve.html"),
                          .chunked = true,
                          .content_encoding = "gzip"});
    WriteFile(sites + "/e2e-news.yaml", ReadFileOrEmpty(kFixtures + "/rules/e2e-news.yaml"));
    WriteFile(config, "rule_start_urls: false\nper_host_delay: 0ms\nmax_depth: 2\ntimeout: 10s\nretries: 0\n");
  }

  pressoir::testing::CommandResult Crawl() {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--config", config, "--sites", sites, "--corpus", corpus, "--state",
                       state, "--archive", archive, "--resolve", server.ResolveEntry("news.test"), "--start",
                       server.UrlFor("news.test", "/")});
  }

  std::vector<std::string> WarcFiles() const {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(archive)) {
      if (entry.path().string().ends_with(".warc.gz")) files.push_back(entry.path().string());
    }
    return files;
  }
};

// The path of node, "" when it is not installed.
std::string Node() { return pressoir::testing::Which("node"); }

}  // namespace

TEST_CASE("warcio reads every record of a crawl's archive, digests verified", "[warc][e2e]") {
  const std::string node = Node();
  if (node.empty()) {
    WARN("node is not installed: the warcio check is skipped (scripts/setup.sh installs node and warcio)");
    return;
  }
  INFO("warcio not found in " << kNpmDirectory << ": run scripts/setup.sh");
  REQUIRE(fs::exists(kNpmDirectory + "/node_modules/warcio/package.json"));

  ArchivedSite site;
  auto crawl = site.Crawl();
  INFO("stdout: " << crawl.out << "\nstderr: " << crawl.err);
  // The 404 page makes the run exit 1 (a page failed); everything else went through.
  REQUIRE(crawl.exit_code == 1);
  REQUIRE(crawl.out.find("articles written: 2") != std::string::npos);

  std::vector<std::string> files = site.WarcFiles();
  REQUIRE(files.size() == 1);
  std::vector<std::string> argv = {node, PRESSOIR_SOURCE_DIR "/tests/warc/warcio_check.cjs", kNpmDirectory};
  argv.insert(argv.end(), files.begin(), files.end());
  auto check = RunCommand(argv);
  INFO("warcio_check stderr: " << check.err);
  REQUIRE(check.exit_code == 0);
  std::vector<nlohmann::json> records = JsonLines(check.out);

  // warcio sees exactly the records pressoir's reader sees.
  size_t ours = 0;
  pressoir::warc::ReadFile(
      files[0], {},
      [&](pressoir::warc::Record&&) {
        ++ours;
        return true;
      },
      [](int64_t offset, const std::string& message) { FAIL("pressoir's reader: " << offset << ": " << message); });
  CHECK(records.size() == ours);

  std::map<std::string, nlohmann::json> responses;  // by target URI
  std::set<std::string> response_ids;
  for (const nlohmann::json& record : records) {
    INFO(record.dump());
    CHECK(record["block_digest_ok"] == true);
    if (record["type"] == "response") {
      CHECK(record["payload_digest_ok"] == true);
      responses[record["uri"].get<std::string>()] = record;
      response_ids.insert(record["id"].get<std::string>());
    }
  }
  CHECK(records.front()["type"] == "warcinfo");
  // Every response has its request, which names it (WARC-Concurrent-To).
  size_t requests = 0;
  for (const nlohmann::json& record : records) {
    if (record["type"] != "request") continue;
    ++requests;
    CHECK(response_ids.count(record["concurrent_to"].get<std::string>()) == 1);
  }
  CHECK(requests == responses.size());
  // robots.txt, the redirect and the 404 are records too, not only the pages.
  CHECK(responses.count(site.server.UrlFor("news.test", "/robots.txt")) == 1);
  CHECK(responses.count(site.server.UrlFor("news.test", "/old.html")) == 1);
  CHECK(responses.count(site.server.UrlFor("news.test", "/missing.html")) == 1);

  // The manifest's provenance points at each page's response record.
  std::vector<nlohmann::json> manifest = JsonLines(ReadFileOrEmpty(site.corpus + "/manifest.jsonl"));
  REQUIRE(manifest.size() == 2);
  for (const nlohmann::json& line : manifest) {
    INFO(line.dump());
    const std::string url = line["url"];
    REQUIRE(responses.count(url) == 1);
    const nlohmann::json& record = responses[url];
    CHECK(line["warc_filename"] == record["file"]);
    CHECK(line["warc_offset"] == record["offset"]);
    CHECK(line["warc_length"] == record["length"]);
    CHECK(line["rule_sha256"].get<std::string>().size() == 64);
    CHECK(line["pressoir_version"].is_string());
  }

  // The gzip-encoded, chunked article was stored decoded, and its record says so.
  std::string error;
  const nlohmann::json& alep = responses[site.server.UrlFor("news.test", "/actualite/alep-treve.html")];
  auto record = pressoir::warc::ReadRecordAt(files[0], alep["offset"], alep["length"], {}, error);
  REQUIRE(record);
  std::string head = record->block.substr(0, record->block.find("\r\n\r\n"));
  CHECK(head.find("X-Crawler-Content-Encoding: gzip") != std::string::npos);
  CHECK(head.find("X-Crawler-Transfer-Encoding: chunked") != std::string::npos);
  CHECK(record->block.find("Staffan de Mistura") != std::string::npos);
}

// Issue 16, item 1: "With the Redis frontier each worker writes its own files". Two workers
// started together (in the same second, so their files get the same timestamp) on one archive
// directory crawl four hosts through one Redis frontier: no file holds the records of both,
// every file reads whole, and each manifest line of either corpus points at that page's
// response record; warcio checks every record and offset when it is installed.
TEST_CASE("two workers on a Redis frontier archive into files of their own", "[warc][redis][e2e]") {
  constexpr int kHosts = 4;
  constexpr int kArticlesPerHost = 6;
  pressoir::testing::RedisServer redis;
  FixtureServer server;
  pressoir::testing::TempDir dir;
  const std::string archive = dir.path() + "/archive";
  const std::string config = dir.path() + "/crawler.yaml";
  const std::string sites = dir.path() + "/sites";
  // One host per worker at a time, so that both have work; articles answer slowly enough that
  // neither worker can finish the site before the other has started.
  WriteFile(config,
            "per_host_delay: 0ms\nper_host_concurrency: 1\nhost_lease: 1s\nhosts_per_worker: 1\nretries: 0\n"
            "timeout: 20s\nmin_article_chars: 100\nextract_threads: 2\n");
  auto host_name = [](int h) { return "h" + std::to_string(h) + ".test"; };
  std::string domains, starts;
  std::set<std::string> expected;
  for (int h = 0; h < kHosts; ++h) {
    domains += (h ? ", " : "") + host_name(h);
    starts += std::string(h ? ", " : "") + "'" + server.UrlFor(host_name(h), "/") + "'";
    std::string home = "<html><body><ul>";
    for (int i = 0; i < kArticlesPerHost; ++i) {
      const std::string path = "/a/" + std::to_string(i) + ".html";
      home += "<li><a href=\"" + path + "\">" + path + "</a></li>";
      pressoir::testing::Response article = pressoir::testing::Html(
          "<html><head><title>Article</title></head><body><h1 class=\"title\">Article " + std::to_string(h) + "-" +
          std::to_string(i) + "</h1><div class=\"article-body\"><p>Le conseil de la commune " + std::to_string(h) +
          " a vote le point " + std::to_string(i) +
          " apres un long debat sur les ecoles, la voirie et la piscine communale.</p></div></body></html>");
      article.delay = std::chrono::milliseconds(40);
      server.RouteHost(host_name(h), path, article);
      expected.insert(server.UrlFor(host_name(h), path));
    }
    server.RouteHost(host_name(h), "/", pressoir::testing::Html(home + "</ul></body></html>"));
  }
  WriteFile(sites + "/fleet.yaml", "name: fleet\ndomains: [" + domains + "]\nstart_urls: [" + starts +
                                       "]\narticle_urls: ['/a/']\nbody: ['div.article-body']\ntitle: ['h1.title']\n");
  auto corpus_of = [&](int w) { return dir.path() + "/corpus-" + std::to_string(w); };
  std::vector<std::unique_ptr<pressoir::testing::BackgroundProcess>> workers;
  for (int w = 1; w <= 2; ++w) {
    std::vector<std::string> argv = {
        PRESSOIR_BINARY, "crawl",    "--config",   config,     "--sites",
        sites,           "--corpus", corpus_of(w), "--state",  dir.path() + "/state-" + std::to_string(w),
        "--archive",     archive,    "--frontier", redis.Url()};
    for (int h = 0; h < kHosts; ++h) {
      argv.push_back("--resolve");
      argv.push_back(server.ResolveEntry(host_name(h)));
    }
    workers.push_back(std::make_unique<pressoir::testing::BackgroundProcess>(argv));
  }
  for (auto& worker : workers) {
    std::optional<int> code = worker->WaitFor(std::chrono::seconds(120));
    INFO("worker stdout: " << worker->Stdout() << "\nstderr: " << worker->Stderr());
    REQUIRE(code.has_value());
    CHECK(*code == 0);
  }

  // Every file reads whole (two writers never interleaved their records), and every article
  // was fetched once: its response is in exactly one file.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(archive)) {
    if (entry.path().string().ends_with(".warc.gz")) files.push_back(entry.path().string());
  }
  REQUIRE(files.size() >= 2);
  std::map<std::string, int> article_responses;
  for (const std::string& file : files) {
    INFO(file);
    size_t warcinfos = 0;
    pressoir::warc::ReadFile(
        file, {},
        [&](pressoir::warc::Record&& record) {
          if (record.Type() == "warcinfo") ++warcinfos;
          if (record.Type() == "response" && expected.count(record.TargetUri()) == 1) {
            ++article_responses[record.TargetUri()];
          }
          return true;
        },
        [](int64_t offset, const std::string& message) { FAIL("offset " << offset << ": " << message); });
    CHECK(warcinfos == 1);
  }
  CHECK(article_responses.size() == expected.size());
  for (const auto& [url, count] : article_responses) {
    INFO(url);
    CHECK(count == 1);
  }

  // Each manifest line points at its page's response; the two workers' lines point into
  // different files.
  std::map<int, std::set<std::string>> files_of;
  std::set<std::string> written;
  for (int w = 1; w <= 2; ++w) {
    std::vector<nlohmann::json> manifest = JsonLines(ReadFileOrEmpty(corpus_of(w) + "/manifest.jsonl"));
    INFO("worker " << w);
    CHECK_FALSE(manifest.empty());  // both workers had hosts to crawl
    for (const nlohmann::json& line : manifest) {
      INFO(line.dump());
      const std::string name = line["warc_filename"];
      files_of[w].insert(name);
      written.insert(line["url"].get<std::string>());
      std::string error;
      auto record =
          pressoir::warc::ReadRecordAt(archive + "/" + name, line["warc_offset"], line["warc_length"], {}, error);
      INFO(error);
      REQUIRE(record);
      CHECK(record->Type() == "response");
      CHECK(record->TargetUri() == line["url"]);
    }
  }
  CHECK(written == expected);
  for (const std::string& name : files_of[1]) {
    INFO(name);
    CHECK(files_of[2].count(name) == 0);
  }

  // warcio, an independent reader: every record's digests, and the manifest offsets are where
  // it finds each response.
  const std::string node = Node();
  if (node.empty() || !fs::exists(kNpmDirectory + "/node_modules/warcio/package.json")) {
    WARN("node or warcio is not installed: the warcio check is skipped (scripts/setup.sh installs them)");
    return;
  }
  std::vector<std::string> argv = {node, PRESSOIR_SOURCE_DIR "/tests/warc/warcio_check.cjs", kNpmDirectory};
  argv.insert(argv.end(), files.begin(), files.end());
  auto check = RunCommand(argv);
  INFO("warcio_check stderr: " << check.err);
  REQUIRE(check.exit_code == 0);
  std::map<std::string, nlohmann::json> responses;  // by target URI
  for (const nlohmann::json& record : JsonLines(check.out)) {
    INFO(record.dump());
    CHECK(record["block_digest_ok"] == true);
    if (record["type"] == "response") {
      CHECK(record["payload_digest_ok"] == true);
      responses[record["uri"].get<std::string>()] = record;
    }
  }
  for (int w = 1; w <= 2; ++w) {
    for (const nlohmann::json& line : JsonLines(ReadFileOrEmpty(corpus_of(w) + "/manifest.jsonl"))) {
      INFO(line.dump());
      REQUIRE(responses.count(line["url"].get<std::string>()) == 1);
      const nlohmann::json& record = responses[line["url"].get<std::string>()];
      CHECK(line["warc_filename"] == record["file"]);
      CHECK(line["warc_offset"] == record["offset"]);
      CHECK(line["warc_length"] == record["length"]);
    }
  }
}

// Crash safety of the raw archive (issue 16, item 3): a crawl killed with SIGKILL at a random
// moment leaves no manifest line pointing at a torn or missing record, and the next run takes
// over the killed run's file (its marker is settled) and completes the corpus.
#include <signal.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "base/digest.h"
#include "tests/support/background_process.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fault_shim.h"
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

// Every manifest line's article file is there with the bytes the line describes.
void CheckFiles(const std::string& corpus) {
  for (const nlohmann::json& line : Manifest(corpus)) {
    INFO(line.dump());
    CHECK(pressoir::digest::Sha256Hex(ReadFileOrEmpty(corpus + "/" + line["path"].get<std::string>())) ==
          line["sha256"].get<std::string>());
  }
}

std::set<std::string> ManifestUrls(const std::string& corpus) {
  std::set<std::string> urls;
  for (const nlohmann::json& line : Manifest(corpus)) urls.insert(line["url"].get<std::string>());
  return urls;
}

// A news site of `articles` pages linked from its home page, each long enough to be an article
// under the e2e rule, served as news.test.
void ServeNewsSite(FixtureServer& server, int articles, std::chrono::milliseconds delay) {
  std::string index = "<html><body><h1>Une</h1>";
  for (int i = 0; i < articles; ++i) {
    index += "<p><a href=\"/actualite/" + ArticleName(i) + ".html\">" + ArticleName(i) + "</a></p>";
  }
  server.Route("/", Response{.headers = {{"Content-Type", "text/html"}}, .body = index + "</body></html>"});
  server.Route("/robots.txt", Response{.status = 404});
  for (int i = 0; i < articles; ++i) {
    std::string body = "<html><head><title>T" + std::to_string(i) + "</title></head><body><h1 class=\"title\">Titre " +
                       std::to_string(i) + "</h1><div class=\"article-body\">";
    for (int p = 0; p < 6; ++p)
      body += "<p>Paragraphe " + std::to_string(p) + " de l'article " + std::to_string(i) +
              ", assez long pour compter comme un article de presse.</p>";
    server.Route("/actualite/" + ArticleName(i) + ".html", Response{.headers = {{"Content-Type", "text/html"}},
                                                                    .body = body + "</div></body></html>",
                                                                    .delay = delay});
  }
}

// The e2e rule and a crawl config of `per_host_concurrency` transfers (no delay, depth 2, no
// retries) in `dirs`, for a crawl of ServeNewsSite's site.
void WriteNewsCrawlConfig(const pressoir::testing::CrawlDirs& dirs, int per_host_concurrency) {
  WriteFile(dirs.sites + "/e2e-news.yaml",
            ReadFileOrEmpty(PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e/rules/e2e-news.yaml"));
  WriteFile(dirs.config, "rule_start_urls: false\nper_host_delay: 0ms\nper_host_concurrency: " +
                             std::to_string(per_host_concurrency) + "\nmax_depth: 2\ntimeout: 10s\nretries: 0\n");
}

// The file operations (fault shim log lines "<n> <op> <path> ok") of a run.
std::vector<std::string> Operations(const std::string& log) {
  std::vector<std::string> operations;
  std::istringstream in(ReadFileOrEmpty(log));
  for (std::string line; std::getline(in, line);) operations.push_back(line);
  return operations;
}

}  // namespace

TEST_CASE("a crawl killed with SIGKILL leaves every manifest line pointing at a whole record", "[warc][e2e]") {
  pressoir::testing::CrawlDirs dirs;
  std::string archive = dirs.dir.path() + "/archive";
  FixtureServer server;
  ServeNewsSite(server, kArticles, std::chrono::milliseconds(40));
  WriteNewsCrawlConfig(dirs, 2);
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

// The batched durability of the crawl (one fdatasync of the WARC file per group commit of the
// corpus, corpus.h CommitBarrier): the fault shim SIGKILLs the crawl at file operations of the
// archive and the corpus in turn (every one of a small crawl's, at most kMaxKillPoints of them,
// the archive's fdatasyncs and the manifest's appends always among them), so that kills land
// between a batch's record writes, its WARC sync and its manifest lines. After each kill every
// manifest line's record is whole and its file there; the next run completes the corpus.
TEST_CASE("a crawl killed at file operations of a group commit leaves no line without its record", "[warc][faults]") {
  const std::string shim = pressoir::testing::FaultShimPath();
  INFO("the file-system fault shim '" << shim << "' is missing");
  REQUIRE(!shim.empty());
  REQUIRE(fs::exists(shim));
  constexpr int kSiteArticles = 8;
  constexpr size_t kMaxKillPoints = 40;
  pressoir::testing::CrawlDirs dirs;
  const std::string out = dirs.dir.path() + "/out";  // the shim's directory: archive and corpus
  const std::string corpus = out + "/corpus";
  const std::string archive = out + "/archive";
  FixtureServer server;
  ServeNewsSite(server, kSiteArticles, std::chrono::milliseconds(0));
  WriteNewsCrawlConfig(dirs, 4);
  auto crawl = [&](const std::map<std::string, std::string>& environment) {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--config", dirs.config, "--sites", dirs.sites, "--corpus", corpus,
                       "--state", dirs.state, "--archive", archive, "--resolve", server.ResolveEntry("news.test"),
                       "--start", server.UrlFor("news.test", "/")},
                      environment);
  };
  // The operations of an uninterrupted run.
  const std::string log = dirs.dir.path() + "/operations.log";
  auto clean = crawl(pressoir::testing::FaultShimEnvironment(out, "ENOSPC", 1L << 40, log));
  INFO("clean run stderr: " << clean.err);
  REQUIRE(clean.exit_code == 0);
  REQUIRE(ManifestUrls(corpus).size() == static_cast<size_t>(kSiteArticles));
  std::vector<std::string> operations = Operations(log);
  REQUIRE(operations.size() > 10);
  std::set<long> points;
  for (size_t i = 0; i < operations.size(); ++i) {
    const std::string& op = operations[i];
    bool archive_sync = op.find(" fdatasync ") != std::string::npos && op.find(".warc.gz") != std::string::npos;
    bool manifest_append = op.find(" write ") != std::string::npos && op.find("manifest.jsonl") != std::string::npos;
    if (archive_sync || manifest_append) points.insert(static_cast<long>(i));
  }
  INFO("operations: " << operations.size() << ", archive syncs and manifest appends: " << points.size());
  REQUIRE(points.size() >= 2);
  const size_t step = std::max<size_t>(1, operations.size() / kMaxKillPoints);
  for (size_t i = 0; i < operations.size(); i += step) points.insert(static_cast<long>(i));

  size_t kills = 0;
  for (long after : points) {
    INFO("killed before operation " << after << " of " << operations.size() << ": "
                                    << operations[static_cast<size_t>(after)]);
    fs::remove_all(out);
    fs::remove_all(dirs.state);
    auto killed = crawl(pressoir::testing::FaultShimEnvironment(out, "KILL", after));
    // Writer threads batch articles as they come, so a run may make fewer operations than
    // the clean one did and finish before the kill point.
    REQUIRE((killed.exit_code == 128 + SIGKILL || killed.exit_code == 0));
    if (killed.exit_code != 0) ++kills;
    CheckProvenance(corpus, archive);
    CheckFiles(corpus);
    auto resumed = crawl({});
    INFO("resumed stderr: " << resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(ManifestUrls(corpus).size() == static_cast<size_t>(kSiteArticles));
    CheckProvenance(corpus, archive);
    CheckFiles(corpus);
    CHECK(fs::is_empty(archive + "/.open"));
  }
  // Nearly every point is reached (the last few may not be, see above).
  CHECK(kills * 4 >= points.size() * 3);
}

// A failed sync of the WARC file is an error: the articles of that batch get no manifest line,
// and the run exits non-zero, naming the file (the fault shim fails only fdatasync there).
TEST_CASE("a crawl whose archive cannot be synced fails and writes no line for the batch", "[warc][faults]") {
  const std::string shim = pressoir::testing::FaultShimPath();
  INFO("the file-system fault shim '" << shim << "' is missing");
  REQUIRE(!shim.empty());
  REQUIRE(fs::exists(shim));
  pressoir::testing::CrawlDirs dirs;
  const std::string archive = dirs.dir.path() + "/archive";
  FixtureServer server;
  ServeNewsSite(server, 6, std::chrono::milliseconds(0));
  WriteNewsCrawlConfig(dirs, 4);
  auto crawl = [&](const std::map<std::string, std::string>& environment) {
    return RunCommand({PRESSOIR_BINARY, "crawl", "--config", dirs.config, "--sites", dirs.sites, "--corpus",
                       dirs.corpus, "--state", dirs.state, "--archive", archive, "--resolve",
                       server.ResolveEntry("news.test"), "--start", server.UrlFor("news.test", "/")},
                      environment);
  };
  // Every fdatasync of a file in the archive fails (and nothing else does: the records are
  // written, only their durability is refused).
  auto failed = crawl(pressoir::testing::FaultShimEnvironment(archive, "ENOSPC", 0, "", "fdatasync"));
  INFO("stderr: " << failed.err);
  CHECK(failed.exit_code != 0);
  CHECK(failed.err.find("cannot sync") != std::string::npos);
  // No line points at a record of the failed batch, or of any later one: the writer refuses
  // to go on once a sync failed.
  CHECK(Manifest(dirs.corpus).empty());
  CheckProvenance(dirs.corpus, archive);
  CheckFiles(dirs.corpus);
  // Space again: the next run completes the corpus.
  auto again = crawl({});
  INFO("second run stderr: " << again.err);
  CHECK(again.exit_code == 0);
  CHECK(ManifestUrls(dirs.corpus).size() == 6);
  CheckProvenance(dirs.corpus, archive);
}

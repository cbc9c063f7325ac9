// The corpus writer: atomic files, one manifest line per article, stable ids, once only.
#include "store/corpus.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "base/digest.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::corpus::ArticleRecord;
using pressoir::corpus::CorpusWriter;
using pressoir::corpus::WriteResult;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;

ArticleRecord Record(const std::string& url) {
  ArticleRecord record;
  record.url = url;
  record.site = "example";
  record.title = "Un titre";
  record.date = "2016-05-03T08:15:00+02:00";
  record.fetched_at = "2026-11-23T10:00:00Z";
  record.extractor = "rule";
  record.text = "Un titre\n\nPremier paragraphe.";
  return record;
}

std::vector<nlohmann::json> Manifest(const std::string& corpus) {
  std::vector<nlohmann::json> entries;
  std::istringstream lines(ReadFileOrEmpty(corpus + "/manifest.jsonl"));
  for (std::string line; std::getline(lines, line);) entries.push_back(nlohmann::json::parse(line));
  return entries;
}

}  // namespace

// Layout <site>/<YYYY>/<MM>/<id>.txt with the id taken from the canonical URL, and one
// manifest line holding the fields of issue 2 (url, site, title, fetched_at, path, sha256).
TEST_CASE("an article is written with its manifest line", "[store]") {
  TempDir dir;
  CorpusWriter writer(dir.path());
  ArticleRecord record = Record("https://example.com/a?x=1");
  record.canonical_url = "https://example.com/a";
  WriteResult result = writer.Write(record);
  CHECK(result.status == WriteResult::Status::kWritten);
  std::string id = pressoir::corpus::ArticleId("https://example.com/a");
  CHECK(result.path == "example/2016/05/" + id + ".txt");
  CHECK(ReadFileOrEmpty(dir.path() + "/" + result.path) == record.text + "\n");
  auto manifest = Manifest(dir.path());
  REQUIRE(manifest.size() == 1);
  CHECK(manifest[0]["url"] == "https://example.com/a?x=1");
  CHECK(manifest[0]["canonical_url"] == "https://example.com/a");
  CHECK(manifest[0]["title"] == "Un titre");
  CHECK(manifest[0]["path"] == result.path);
  CHECK(manifest[0]["sha256"] == pressoir::digest::Sha256Hex(record.text));
  CHECK(manifest[0]["fetched_at"] == "2026-11-23T10:00:00Z");
}

// Group commit: many threads writing at once share directory and manifest fsyncs; every
// article still gets exactly one whole manifest line, after its file, in any order, and the
// same article written by two threads at once is written once.
TEST_CASE("concurrent writers each get one whole manifest line", "[store]") {
  TempDir dir;
  CorpusWriter writer(dir.path());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::vector<std::thread> threads;
  std::atomic<int> written{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also writes article "shared-<i>": one of them wins each.
        for (const std::string& name :
             {"t" + std::to_string(t) + "-" + std::to_string(i), "shared-" + std::to_string(i)}) {
          ArticleRecord record = Record("https://example.com/" + name);
          record.date = "2016-0" + std::to_string(1 + i % 9) + "-03";  // several directories
          record.text = "Titre " + name + "\n\nTexte de l'article " + name + ".";
          if (writer.Write(record).status == WriteResult::Status::kWritten) written++;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(written == kThreads * kPerThread + kPerThread);
  std::vector<nlohmann::json> manifest = Manifest(dir.path());
  CHECK(manifest.size() == static_cast<size_t>(written.load()));
  std::set<std::string> ids;
  for (const nlohmann::json& line : manifest) {
    ids.insert(line["id"].get<std::string>());
    std::string text = ReadFileOrEmpty(dir.path() + "/" + line["path"].get<std::string>());
    REQUIRE(!text.empty());
    text.pop_back();
    CHECK(pressoir::digest::Sha256Hex(text) == line["sha256"].get<std::string>());
  }
  CHECK(ids.size() == manifest.size());
  // No write in progress: the journal is empty, and nothing else waits in .pending.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/.pending")) {
    INFO(entry.path().string());
    CHECK(entry.path().filename() == "journal.log");
    CHECK(std::filesystem::file_size(entry.path()) == 0);
  }
}

// Without an article date the fetch date chooses the folder.
TEST_CASE("undated articles are filed under the fetch month", "[store]") {
  TempDir dir;
  CorpusWriter writer(dir.path());
  ArticleRecord record = Record("https://example.com/b");
  record.date.clear();
  CHECK(writer.Write(record).path.rfind("example/2026/11/", 0) == 0);
}

// The same canonical URL is written once, also by a later writer on the same corpus
// (a later cron run), which reads the ids back from the manifest.
TEST_CASE("an article is written once across runs", "[store]") {
  TempDir dir;
  {
    CorpusWriter writer(dir.path());
    CHECK(writer.Write(Record("https://example.com/a")).status == WriteResult::Status::kWritten);
    CHECK(writer.Write(Record("https://example.com/a")).status == WriteResult::Status::kAlreadyPresent);
  }
  CorpusWriter next_run(dir.path());
  CHECK(next_run.Write(Record("https://example.com/a")).status == WriteResult::Status::kAlreadyPresent);
  CHECK(next_run.Write(Record("https://example.com/b")).status == WriteResult::Status::kWritten);
  CHECK(Manifest(dir.path()).size() == 2);
}

// A torn last manifest line (a crash mid-append) is ignored, not fatal.
TEST_CASE("a torn manifest line does not stop the next run", "[store]") {
  TempDir dir;
  pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", "{\"id\":\"0123\"}\n{\"id\":\"45");
  CorpusWriter writer(dir.path());
  CHECK(writer.Write(Record("https://example.com/c")).status == WriteResult::Status::kWritten);
}

// A corpus that cannot be written is an error with the path, and nothing partial is left.
TEST_CASE("an unwritable corpus is reported", "[store]") {
  if (geteuid() == 0) {
    // root ignores permission bits; use a path under a regular file instead.
    TempDir dir;
    pressoir::testing::WriteFile(dir.path() + "/file", "x");
    CHECK_THROWS_AS(CorpusWriter(dir.path() + "/file/corpus"), pressoir::corpus::CorpusError);
    return;
  }
  TempDir dir;
  CorpusWriter writer(dir.path());
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  CHECK_THROWS_AS(writer.Write(Record("https://example.com/d")), pressoir::corpus::CorpusError);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
  CHECK(Manifest(dir.path()).empty());
}

// SHA-256 test vector (FIPS 180-2, "abc").
TEST_CASE("sha256 matches the standard test vector", "[store]") {
  CHECK(pressoir::digest::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Issue 13, item 3: one writer per corpus directory. A second writer (a crawl with another
// state directory) is refused before its recovery could take the first one's writes in
// progress for a crash's leftovers, and learns the holder's pid; readers are not blocked.
TEST_CASE("a second writer on the same corpus is refused while the first one lives", "[store]") {
  TempDir dir;
  {
    CorpusWriter first(dir.path());
    CHECK(first.Write(Record("https://example.com/a")).status == WriteResult::Status::kWritten);
    // What the first writer's journal shows while it writes an article: an entry, and the
    // file, whose manifest line is still to come. A recovery would delete that file.
    std::string in_progress = dir.path() + "/example/2016/05/0123456789abcdef.txt";
    pressoir::testing::WriteFile(in_progress, "Titre\n\nEn cours.\n");
    pressoir::testing::WriteFile(dir.path() + "/.pending/journal.log",
                                 "0123456789abcdef example/2016/05/0123456789abcdef.txt\n");
    try {
      CorpusWriter second(dir.path());
      FAIL("the second writer was not refused");
    } catch (const pressoir::corpus::CorpusLocked& e) {
      CHECK(e.holder_pid() == std::to_string(::getpid()));
      CHECK(std::string(e.what()).find(dir.path()) != std::string::npos);
    }
    // The refused writer touched nothing: the first one goes on.
    CHECK(std::filesystem::exists(in_progress));
    CHECK(first.Write(Record("https://example.com/b")).status == WriteResult::Status::kWritten);
    CHECK(Manifest(dir.path()).size() == 2);
  }
  // The lock goes with its writer (and with its process, kill -9 included: flock).
  CorpusWriter next_run(dir.path());
  CHECK(next_run.Write(Record("https://example.com/a")).status == WriteResult::Status::kAlreadyPresent);
  CHECK(Manifest(dir.path()).size() == 2);
}

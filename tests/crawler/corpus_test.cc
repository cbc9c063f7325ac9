// The corpus writer: atomic files, one manifest line per article, stable ids, once only.
#include "crawler/corpus.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

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
TEST_CASE("an article is written with its manifest line", "[crawler]") {
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
  CHECK(manifest[0]["sha256"] == pressoir::corpus::Sha256Hex(record.text));
  CHECK(manifest[0]["fetched_at"] == "2026-11-23T10:00:00Z");
}

// Without an article date the fetch date chooses the folder.
TEST_CASE("undated articles are filed under the fetch month", "[crawler]") {
  TempDir dir;
  CorpusWriter writer(dir.path());
  ArticleRecord record = Record("https://example.com/b");
  record.date.clear();
  CHECK(writer.Write(record).path.rfind("example/2026/11/", 0) == 0);
}

// The same canonical URL is written once, also by a later writer on the same corpus
// (a later cron run), which reads the ids back from the manifest.
TEST_CASE("an article is written once across runs", "[crawler]") {
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
TEST_CASE("a torn manifest line does not stop the next run", "[crawler]") {
  TempDir dir;
  pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", "{\"id\":\"0123\"}\n{\"id\":\"45");
  CorpusWriter writer(dir.path());
  CHECK(writer.Write(Record("https://example.com/c")).status == WriteResult::Status::kWritten);
}

// A corpus that cannot be written is an error with the path, and nothing partial is left.
TEST_CASE("an unwritable corpus is reported", "[crawler]") {
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
TEST_CASE("sha256 matches the standard test vector", "[crawler]") {
  CHECK(pressoir::corpus::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

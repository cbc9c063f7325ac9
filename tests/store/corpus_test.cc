// The corpus writer: atomic files, one manifest line per article, stable ids, once only.
#include "store/corpus.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "base/digest.h"
#include "store/manifest.h"
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
  // The SHA-256 of the file's bytes, as `sha256sum` computes it.
  CHECK(manifest[0]["sha256"] == pressoir::digest::Sha256Hex(record.text + "\n"));
  CHECK(manifest[0]["fetched_at"] == "2026-11-23T10:00:00Z");
}

// Issue 13, item 7: `jq -r '"\(.sha256)  \(.path)"' manifest.jsonl | sha256sum -c` in the
// corpus passes for every file (the manifest's sha256 is that of the file's bytes).
TEST_CASE("sha256sum -c checks every article file against the manifest", "[store]") {
  TempDir dir;
  {
    CorpusWriter writer(dir.path());
    for (const char* name : {"a", "b", "c"}) {
      ArticleRecord record = Record(std::string("https://example.com/") + name);
      record.text = std::string("Titre ") + name + "\n\nTexte " + name + ".";
      writer.Write(record);
    }
  }
  std::string checks;
  for (const nlohmann::json& line : Manifest(dir.path())) {
    checks += line["sha256"].get<std::string>() + "  " + line["path"].get<std::string>() + "\n";
  }
  pressoir::testing::WriteFile(dir.path() + "/checks.sha256", checks);
  pressoir::testing::CommandResult check =
      pressoir::testing::RunCommand({"/bin/sh", "-c", "cd \"$0\" && sha256sum -c checks.sha256", dir.path()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find(": OK") != std::string::npos);
  CHECK(check.out.find("FAILED") == std::string::npos);
}

// A manifest written by an earlier version recorded the SHA-256 of the text without its final
// newline: the same text seen again is not a changed article (no "updated" line, no rewrite).
TEST_CASE("a manifest line with the earlier text-only sha256 still describes its file", "[store]") {
  TempDir dir;
  ArticleRecord record = Record("https://example.com/legacy");
  std::string path;
  {
    CorpusWriter writer(dir.path());
    path = writer.Write(record).path;
  }
  nlohmann::json line = Manifest(dir.path()).at(0);
  line["sha256"] = pressoir::digest::Sha256Hex(record.text);  // as written before the fix
  pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", line.dump() + "\n");
  CorpusWriter next_run(dir.path());
  CHECK(next_run.Write(record).status == WriteResult::Status::kAlreadyPresent);
  ArticleRecord changed = record;
  changed.text += " Suite.";
  CHECK(next_run.Write(changed).status == WriteResult::Status::kUpdated);
  CHECK(Manifest(dir.path()).back()["sha256"] == pressoir::digest::Sha256Hex(changed.text + "\n"));
}

// Group commit: many threads writing at once share directory and manifest fsyncs; every
// article still gets exactly one whole manifest line, after its file, in any order, and the
// same article written by two threads at once is written once.
// Both ways of syncing (SyncMode): each file by its thread, or the batch with one syncfs.
TEST_CASE("concurrent writers each get one whole manifest line", "[store]") {
  const pressoir::corpus::SyncMode mode =
      GENERATE(pressoir::corpus::SyncMode::kEachFile, pressoir::corpus::SyncMode::kBatch);
  INFO("sync mode " << static_cast<int>(mode));
  TempDir dir;
  CorpusWriter writer(dir.path(), mode);
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
    CHECK(pressoir::digest::Sha256Hex(text) == line["sha256"].get<std::string>());
  }
  CHECK(ids.size() == manifest.size());
  // A text that changed replaces the file and gets a line of its own, in either mode.
  ArticleRecord changed = Record("https://example.com/shared-0");
  changed.text = "Titre shared-0\n\nUn autre texte.";
  WriteResult update = writer.Write(changed);
  CHECK(update.status == WriteResult::Status::kUpdated);
  CHECK(ReadFileOrEmpty(dir.path() + "/" + update.path) == changed.text + "\n");
  CHECK(Manifest(dir.path()).size() == manifest.size() + 1);
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

namespace {

// A corpus with repeated ids, as a run that re-wrote articles leaves it before compaction:
// `count` articles, every third one updated once (its second line "updated": true).
void WriteCorpusWithUpdates(const std::string& corpus, int count) {
  CorpusWriter writer(corpus);
  for (int i = 0; i < count; ++i) {
    ArticleRecord record = Record("https://example.com/n" + std::to_string(i));
    record.text = "Titre " + std::to_string(i) + "\n\nVersion un.";
    writer.Write(record);
  }
  for (int i = 0; i < count; i += 3) {
    ArticleRecord record = Record("https://example.com/n" + std::to_string(i));
    record.text = "Titre " + std::to_string(i) + "\n\nVersion deux.";
    REQUIRE(writer.Write(record).status == WriteResult::Status::kUpdated);
  }
}

// What a reader of the manifest sees: id -> (sha256, path, updated), by the last line of each id.
std::map<std::string, std::string> ReaderView(const std::string& corpus) {
  std::ostringstream err;
  pressoir::corpus::manifest::ReadResult read = pressoir::corpus::manifest::ReadManifests({corpus}, err);
  INFO(err.str());
  CHECK(read.problems == 0);
  std::map<std::string, std::string> view;
  for (const auto& entry : read.entries) {
    view[entry.id] = entry.sha256 + " " + entry.path + (entry.updated ? " updated" : "");
  }
  return view;
}

}  // namespace

// Issue 13, item 8: after CompactManifest() the manifest holds exactly one line per article,
// the last one of each id (with "updated": true), at the place of its first; readers see the
// same articles as before, and every file still matches its line.
TEST_CASE("compaction leaves one manifest line per article", "[store]") {
  TempDir dir;
  WriteCorpusWithUpdates(dir.path(), 9);
  const std::vector<nlohmann::json> before = Manifest(dir.path());
  REQUIRE(before.size() == 12);
  const std::map<std::string, std::string> view = ReaderView(dir.path());
  // One writer at a time holds the corpus lock: the sections that start a "next run" end this one.
  std::optional<CorpusWriter> run(std::in_place, dir.path());
  CorpusWriter& writer = *run;
  CHECK(writer.CompactManifest().empty());
  const std::vector<nlohmann::json> after = Manifest(dir.path());
  REQUIRE(after.size() == 9);
  std::set<std::string> ids;
  for (size_t i = 0; i < after.size(); ++i) {
    ids.insert(after[i]["id"].get<std::string>());
    CHECK(after[i]["id"] == before[i]["id"]);  // the order of first appearance
    CHECK(after[i].value("updated", false) == (i % 3 == 0));
    const std::string text = ReadFileOrEmpty(dir.path() + "/" + after[i]["path"].get<std::string>());
    CHECK(pressoir::digest::Sha256Hex(text) == after[i]["sha256"].get<std::string>());
    CHECK(text.find(i % 3 == 0 ? "Version deux." : "Version un.") != std::string::npos);
  }
  CHECK(ids.size() == 9);
  CHECK(ReaderView(dir.path()) == view);
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/manifest.jsonl.compacting"));

  SECTION("a manifest without repeated ids is left alone") {
    const auto modified = std::filesystem::last_write_time(dir.path() + "/manifest.jsonl");
    run.reset();
    CorpusWriter next_run(dir.path());
    CHECK(next_run.CompactManifest().empty());
    CHECK(std::filesystem::last_write_time(dir.path() + "/manifest.jsonl") == modified);
  }
  SECTION("writes after a compaction are appended as usual") {
    ArticleRecord record = Record("https://example.com/n1");
    record.text = "Titre 1\n\nVersion trois.";
    CHECK(writer.Write(record).status == WriteResult::Status::kUpdated);
    CHECK(writer.Write(Record("https://example.com/new")).status == WriteResult::Status::kWritten);
    CHECK(Manifest(dir.path()).size() == 11);
    CHECK(writer.CompactManifest().empty());
    CHECK(Manifest(dir.path()).size() == 10);
  }
  SECTION("a line that does not parse is kept, not dropped") {
    std::string manifest = ReadFileOrEmpty(dir.path() + "/manifest.jsonl");
    pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl",
                                 manifest + "not json\n" + before[0].dump() + "\n" + after[0].dump() + "\n");
    run.reset();
    CorpusWriter next_run(dir.path());
    CHECK(next_run.CompactManifest().empty());
    const std::string compacted = ReadFileOrEmpty(dir.path() + "/manifest.jsonl");
    CHECK(compacted.find("\nnot json\n") != std::string::npos);
    CHECK(std::count(compacted.begin(), compacted.end(), '\n') == 10);
  }
}

// A compaction that cannot write its copy reports the error, naming the file, and leaves the
// manifest as it was (valid, with its repeated ids).
TEST_CASE("a failed compaction is reported and changes nothing", "[store]") {
  TempDir dir;
  WriteCorpusWithUpdates(dir.path(), 6);
  const std::string original = ReadFileOrEmpty(dir.path() + "/manifest.jsonl");
  CorpusWriter writer(dir.path());
  // A directory where the copy goes: open() fails (EISDIR), for root too.
  std::filesystem::create_directories(dir.path() + "/manifest.jsonl.compacting/x");
  const std::string error = writer.CompactManifest();
  CHECK(error.find(dir.path() + "/manifest.jsonl.compacting: cannot create: ") == 0);
  CHECK(ReadFileOrEmpty(dir.path() + "/manifest.jsonl") == original);
  std::filesystem::remove_all(dir.path() + "/manifest.jsonl.compacting");
  CHECK(writer.CompactManifest().empty());  // the next attempt succeeds
  CHECK(Manifest(dir.path()).size() == 6);
}

// Issue 13, item 8: kill -9 at any moment of a compaction. The intermediate states are: a
// partial or complete manifest.jsonl.compacting beside the untouched manifest (before the
// rename), then the compacted manifest alone. In each, a reader sees the same articles, and
// the next run deletes the leftover and carries on.
TEST_CASE("an interrupted compaction is recovered by the next run", "[store]") {
  TempDir dir;
  WriteCorpusWithUpdates(dir.path(), 9);
  const std::string original = ReadFileOrEmpty(dir.path() + "/manifest.jsonl");
  const std::map<std::string, std::string> view = ReaderView(dir.path());
  std::string compacted;
  {
    TempDir scratch;
    std::filesystem::copy(dir.path(), scratch.path(),
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    CorpusWriter writer(scratch.path());
    REQUIRE(writer.CompactManifest().empty());
    compacted = ReadFileOrEmpty(scratch.path() + "/manifest.jsonl");
  }
  for (size_t cut : {size_t{0}, compacted.size() / 3, compacted.size() - 1, compacted.size()}) {
    INFO("killed with " << cut << " bytes of the compacted manifest written");
    pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", original);
    pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl.compacting", compacted.substr(0, cut));
    CHECK(ReaderView(dir.path()) == view);
    CorpusWriter next_run(dir.path());
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/manifest.jsonl.compacting"));
    CHECK(ReadFileOrEmpty(dir.path() + "/manifest.jsonl") == original);
    ArticleRecord unchanged = Record("https://example.com/n4");
    unchanged.text = "Titre 4\n\nVersion un.";
    CHECK(next_run.Write(unchanged).status == WriteResult::Status::kAlreadyPresent);
    CHECK(next_run.CompactManifest().empty());
    CHECK(ReadFileOrEmpty(dir.path() + "/manifest.jsonl") == compacted);
  }
  // After the rename: the compacted manifest is the manifest.
  pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", compacted);
  CHECK(ReaderView(dir.path()) == view);
}

// The same with real kills: a child process compacts a large manifest and is killed with
// SIGKILL after a varying delay; whatever it left, readers see every article and the next run
// recovers.
TEST_CASE("kill -9 during compaction leaves a recoverable manifest", "[store]") {
  TempDir dir;
  // Written directly (no article files: neither compaction nor recovery reads them): 300
  // articles, every third one with a second line.
  std::string original;
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 300; i += pass == 0 ? 1 : 3) {
      pressoir::corpus::ManifestLine line;
      line.url = "https://example.com/n" + std::to_string(i);
      line.id = pressoir::corpus::ArticleId(line.url);
      line.canonical_url = line.url;
      line.site = "example";
      line.title = "Titre " + std::to_string(i);
      line.path = "example/2026/11/" + line.id + ".txt";
      line.sha256 = pressoir::digest::Sha256Hex(line.title + std::to_string(pass));
      line.updated = pass == 1;
      original += pressoir::corpus::FormatManifestLine(line);
    }
  }
  pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", original);
  const std::map<std::string, std::string> view = ReaderView(dir.path());
  // A child that opens the corpus and compacts it; `kill_after` > 0: killed after that long.
  auto run_child = [&](std::chrono::microseconds kill_after) {
    pressoir::testing::WriteFile(dir.path() + "/manifest.jsonl", original);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      CorpusWriter writer(dir.path());
      _exit(writer.CompactManifest().empty() ? 0 : 1);
    }
    if (kill_after.count() > 0) {
      std::this_thread::sleep_for(kill_after);
      kill(child, SIGKILL);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return status;
  };
  // How long an uninterrupted child takes: the kills are spread over that time.
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(run_child(std::chrono::microseconds(0)) == 0);
  const auto duration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  CHECK(Manifest(dir.path()).size() == 300);
  // The last kill comes after the child's end: the state after the rename is checked too.
  constexpr int kAttempts = 8;
  int killed_before_rename = 0;
  int killed_after_rename = 0;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    run_child(duration * attempt * 11 / (kAttempts * 10) + std::chrono::microseconds(1));
    const bool renamed = ReadFileOrEmpty(dir.path() + "/manifest.jsonl") != original;
    (renamed ? killed_after_rename : killed_before_rename)++;
    INFO("attempt " << attempt << (renamed ? ": compacted" : ": not compacted yet"));
    CHECK(ReaderView(dir.path()) == view);
    CorpusWriter next_run(dir.path());
    CHECK_FALSE(std::filesystem::exists(dir.path() + "/manifest.jsonl.compacting"));
    CHECK(next_run.CompactManifest().empty());
    CHECK(Manifest(dir.path()).size() == 300);
    CHECK(ReaderView(dir.path()) == view);
  }
  // Which states were hit depends on timing (the test above covers each state); say which.
  WARN("killed before the rename " << killed_before_rename << " times, after it " << killed_after_rename
                                   << "; an uninterrupted child took " << duration.count() << " us");
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

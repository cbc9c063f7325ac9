// Resource faults (issue #7, item 5): the disk fills up (ENOSPC) or the corpus directory turns
// read-only (EROFS, or EACCES) while `pressoir crawl` writes articles. The run must stop with
// a clear error naming the file and a non-zero exit code; the manifest and the article files
// already written must stay intact and consistent (corpus.h: no manifest line without its file,
// no file without its line once the next run has recovered); and a second run without the fault
// must resume and complete the corpus without writing any article twice. If the state had
// recorded an article that the corpus lacks, the second run would not fetch it again (articles
// are revisited after 30 days) and the corpus would stay incomplete: completeness after the
// second run checks the state too.
//
// The fault comes from fs_fault_shim.cc, preloaded into the real executable (LD_PRELOAD): it
// fails the file operations under the corpus directory from the N-th one on. Tests run as root
// in CI, so chmod cannot make a directory read-only for them, and a tmpfs of limited size needs
// privileges or user namespaces; the shim needs neither and picks the failing operation exactly.
// A first run with the shim and no fault lists every file operation the crawl makes (about 13
// per article: journal entry, article file, fsyncs, renames, manifest line); the cases then make
// each of those fail in turn for the first article, plus one midway and the last ones.
// PRESSOIR_FAULT_SWEEP=all makes every operation of the run fail in turn (two crawls per
// operation); it passes except at the last four operations, the run summary's (runs.jsonl, see
// the hidden case at the end).
//
// Measured (Debug+ASan, shared 2-core machine): a crawl of the 6-article site takes 0.1-0.2 s;
// the [faults] cases (2 x 20 fault points and 2 more, two crawls each, plus one clean crawl per
// case that counts the operations) run in 12 s, the sweep of all 79 operations in both modes
// in 51 s.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "base/digest.h"
#include "store/corpus.h"
#include "tests/support/crawl_dirs.h"
#include "tests/support/fault_shim.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::CommandResult;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

std::string ShimPath() { return pressoir::testing::FaultShimPath(); }

// Fails the test unless the shim exists: without it nothing here can run.
void RequireShim() {
  INFO("the file-system fault shim '" << ShimPath()
                                      << "' is missing: add tests/hardening/CMakeLists-snippet.txt to CMakeLists.txt");
  REQUIRE_FALSE(ShimPath().empty());
  REQUIRE(std::filesystem::exists(ShimPath()));
}

constexpr int kArticles = 6;

// A news site without a rule (the generic extractor): an index page and kArticles articles,
// each with its own text.
std::string ArticlePage(int n) {
  std::string paragraph = "Article " + std::to_string(n) +
                          " : le conseil communal a voté mardi soir le budget de l'année prochaine, après "
                          "un débat de trois heures sur la rénovation des écoles et le prix de l'eau. ";
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Article " + std::to_string(n) +
         "</title><meta property=\"article:published_time\" content=\"2024-03-0" + std::to_string(n) +
         "T10:00:00Z\"></head><body><article><h1>Article " + std::to_string(n) + "</h1><p>" + paragraph + "</p><p>" +
         paragraph + paragraph + "</p><p>" + paragraph + "</p></article></body></html>";
}

struct FaultSite : pressoir::testing::CrawlDirs {
  FixtureServer server;

  FaultSite() {
    std::string index = "<!DOCTYPE html><html><head><title>Index</title></head><body><ul>";
    for (int n = 1; n <= kArticles; ++n) {
      std::string path = "/articles/" + std::to_string(n) + ".html";
      index += "<li><a href=\"" + path + "\">Article " + std::to_string(n) + "</a></li>";
      server.RouteHost("faults.test", path, pressoir::testing::Html(ArticlePage(n)));
    }
    server.RouteHost("faults.test", "/", pressoir::testing::Html(index + "</ul></body></html>"));
    fs::create_directories(sites);
    // One extraction thread and no delay: the writes come in a reproducible order, quickly.
    WriteFile(config,
              "user_agent: pressoir\n"
              "contact_url: https://example.org/contact\n"
              "rule_start_urls: false\n"
              "per_host_delay: 0\n"
              "max_depth: 1\n"
              "timeout: 10s\n"
              "retries: 0\n"
              "extract_threads: 1\n");
  }

  // One crawl; with `fault`, the shim fails the corpus's file operations from the
  // `after`-th on, with `error` (ENOSPC, EROFS, EACCES), and logs them to `fault_log`.
  CommandResult Crawl(const std::string& error = "", long after = 0, const std::string& fault_log = "") {
    std::map<std::string, std::string> environment;
    if (!error.empty() || !fault_log.empty()) {
      environment = pressoir::testing::FaultShimEnvironment(corpus, error.empty() ? "ENOSPC" : error,
                                                            error.empty() ? 1L << 40 : after, fault_log);
    }
    return RunCommand({PRESSOIR_BINARY, "crawl", "--archive", "", "--config", config, "--sites", sites, "--corpus",
                       corpus, "--state", state, "--resolve", server.ResolveEntry("faults.test"), "--start",
                       server.UrlFor("faults.test", "/")},
                      environment);
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// What a reader of the corpus sees, checked against corpus.h's promises. `recovered`: the
// corpus has been opened again since the fault (a later run recovered it), so no journal entry,
// temporary file or unlisted article file may remain; right after a fault, those may remain
// only under a journal entry that names them (EROFS: the cleanup itself fails), for the next
// run to remove.
struct CorpusView {
  std::vector<std::string> manifest_lines;
  std::map<std::string, std::string> url_of_id;
  std::multiset<std::string> ids;
};

CorpusView CheckCorpus(const std::string& corpus, bool recovered) {
  CorpusView view;
  std::string manifest = ReadFileOrEmpty(corpus + "/manifest.jsonl");
  INFO("manifest.jsonl:\n" << manifest);
  // Whole lines only: a torn line (disk full in the middle of the append) is cut off again.
  CHECK((manifest.empty() || manifest.back() == '\n'));
  std::set<std::string> listed_paths;
  for (const std::string& line : Lines(manifest)) {
    view.manifest_lines.push_back(line);
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    INFO("line: " << line);
    REQUIRE(entry.is_object());
    REQUIRE(entry.contains("id"));
    REQUIRE(entry.contains("path"));
    REQUIRE(entry.contains("sha256"));
    std::string path = entry["path"];
    listed_paths.insert(path);
    view.ids.insert(entry["id"].get<std::string>());
    view.url_of_id[entry["id"]] = entry["url"];
    // The file exists and holds the text the line describes.
    std::string text = ReadFileOrEmpty(corpus + "/" + path);
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    CHECK(pressoir::digest::Sha256Hex(text) == entry["sha256"].get<std::string>());
  }
  // Journal entries and the files they name.
  std::set<std::string> journaled;
  std::error_code ec;
  if (fs::is_directory(corpus + "/.pending", ec)) {
    for (const auto& entry : fs::directory_iterator(corpus + "/.pending")) {
      INFO("journal entry " << entry.path());
      CHECK_FALSE(recovered);
      std::vector<std::string> lines = Lines(ReadFileOrEmpty(entry.path().string()));
      if (entry.path().filename() == "journal.log") {
        // One "<id> <path>" line per article being written (see corpus.h).
        for (const std::string& line : lines) {
          if (line.find(' ') != std::string::npos) journaled.insert(line.substr(line.find(' ') + 1));
        }
      } else if (!lines.empty()) {
        journaled.insert(lines.front());  // an entry of the per-article format of earlier versions
      }
    }
  }
  if (!fs::is_directory(corpus, ec)) return view;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), corpus).string();
    if (relative.rfind(".pending/", 0) == 0 || relative == "manifest.jsonl" || relative == "runs.jsonl" ||
        relative == pressoir::corpus::kCorpusLockFileName) {
      continue;
    }
    INFO("file " << relative);
    std::string article = relative;
    if (article.size() > 4 && article.substr(article.size() - 4) == ".tmp") article.resize(article.size() - 4);
    bool listed = listed_paths.count(relative) > 0;
    bool pending = journaled.count(article) > 0 && !recovered;
    // A temporary is never visible to readers; an article file is listed, or journaled for removal.
    CHECK((listed || pending));
  }
  return view;
}

struct FaultCase {
  std::string error;  // ENOSPC, EROFS, EACCES
  long after;         // operations that succeed before the fault
};

// The file operations of a clean crawl, as the shim counts them: "<n> <op> <path> ok".
std::vector<std::string> CountOperations() {
  FaultSite site;
  std::string log = site.dir.path() + "/operations.log";
  CommandResult result = site.Crawl("", 0, log);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  return Lines(ReadFileOrEmpty(log));
}

// The same, counted once per test process. Catch2 runs a test case again from the top for
// each of its sections, and the clean run is the same every time (one extraction thread, no
// delay: FaultSite), so one count serves every fault point of a case (and keeps the points, and
// so the section names, the same from one entry to the next).
const std::vector<std::string>& CleanRunOperations() {
  static const std::vector<std::string> operations = CountOperations();
  return operations;
}

// Runs one fault case end to end and checks every promise.
void CheckFaultCase(const FaultCase& fault, const std::vector<std::string>& operations) {
  FaultSite site;
  std::string log = site.dir.path() + "/fault.log";
  CommandResult first = site.Crawl(fault.error, fault.after, log);
  std::vector<std::string> fault_log = Lines(ReadFileOrEmpty(log));
  std::string failed_op;
  for (const std::string& line : fault_log) {
    if (line.size() > 5 && line.substr(line.size() - 5) == " fail") {
      failed_op = line;
      break;
    }
  }
  INFO("fault " << fault.error << " after " << fault.after << " operations: first failure '" << failed_op
                << "' (clean run: '"
                << (fault.after < static_cast<long>(operations.size()) ? operations[static_cast<size_t>(fault.after)]
                                                                       : "")
                << "')\nfirst run stdout: " << first.out << "\nfirst run stderr: " << first.err);
  REQUIRE_FALSE(failed_op.empty());  // the fault fired

  const std::string reason = fault.error == "ENOSPC"  ? std::strerror(ENOSPC)
                             : fault.error == "EROFS" ? std::strerror(EROFS)
                                                      : std::strerror(EACCES);
  // A clear error: the file, under the corpus directory, and the system's reason, in one line.
  bool named = false;
  for (const std::string& line : Lines(first.err)) {
    if (line.find(site.corpus) != std::string::npos && line.find(reason) != std::string::npos) named = true;
  }
  CHECK(named);
  CHECK(first.exit_code != 0);
  if (first.exit_code == 2) {
    // The corpus could not be opened at all: reported before any fetch (issue #7, item 4).
    CHECK(site.server.Requests().empty());
  } else {
    CHECK(first.exit_code == 1);
    CHECK(first.err.find("stopping the crawl") != std::string::npos);
  }
  CorpusView before = CheckCorpus(site.corpus, /*recovered=*/false);
  CHECK(before.ids.size() == std::set<std::string>(before.ids.begin(), before.ids.end()).size());

  // The next run, without the fault, resumes and completes the corpus.
  CommandResult second = site.Crawl();
  INFO("second run stdout: " << second.out << "\nsecond run stderr: " << second.err);
  CHECK(second.exit_code == 0);
  CorpusView after = CheckCorpus(site.corpus, /*recovered=*/true);
  CHECK(after.url_of_id.size() == kArticles);
  CHECK(after.ids.size() == kArticles);  // no article written twice
  // What the first run wrote is untouched: its lines come first, unchanged.
  REQUIRE(after.manifest_lines.size() >= before.manifest_lines.size());
  for (size_t i = 0; i < before.manifest_lines.size(); ++i) CHECK(after.manifest_lines[i] == before.manifest_lines[i]);
  CHECK(second.out.find("articles written: " + std::to_string(kArticles - before.ids.size())) != std::string::npos);
}

// The fault points of a case list: every operation of the first article (each kind of write
// the corpus makes fails once), one midway and the last article's manifest line.
std::vector<long> FaultPoints(const std::vector<std::string>& operations) {
  std::vector<long> points;
  const long total = static_cast<long>(operations.size());
  if (const char* sweep = std::getenv("PRESSOIR_FAULT_SWEEP"); sweep != nullptr && std::string(sweep) == "all") {
    for (long n = 0; n < total; ++n) points.push_back(n);
    return points;
  }
  // Operations before the second article's journal append belong to the corpus's creation and
  // the first article (the journal is .pending/journal.log; an append is a write to it).
  long first_article_end = total;
  int journal_entries = 0;
  for (long n = 0; n < total; ++n) {
    if (operations[static_cast<size_t>(n)].find("/.pending/journal.log ") != std::string::npos &&
        operations[static_cast<size_t>(n)].find(" write") != std::string::npos && ++journal_entries == 2) {
      first_article_end = n;
      break;
    }
  }
  for (long n = 0; n < first_article_end; ++n) points.push_back(n);
  points.push_back(total / 2);
  // The last article's manifest line (open, append, fsync): a fault after the article file is
  // in place.
  for (long n = first_article_end; n < total; ++n) {
    if (operations[static_cast<size_t>(n)].find("/manifest.jsonl ") != std::string::npos && n >= total - 8)
      points.push_back(n);
  }
  return points;
}

}  // namespace

// The shim is there (CMake builds it with the tests) and works: a clean run through it counts
// the corpus's file operations and writes the whole corpus.
TEST_CASE("the file-system fault shim counts the corpus's operations", "[hardening][faults]") {
  RequireShim();
  std::vector<std::string> operations = CountOperations();
  CHECK(operations.size() >= 10 * kArticles);
  for (const std::string& line : operations) CHECK(line.substr(line.size() - 3) == " ok");
}

// Disk full at each write of the first article, midway, and at the last manifest line.
TEST_CASE("a crawl that fills the disk stops cleanly and the next run completes the corpus", "[hardening][faults]") {
  RequireShim();
  const std::vector<std::string>& operations = CleanRunOperations();
  for (long after : FaultPoints(operations)) {
    DYNAMIC_SECTION("ENOSPC after " << after << " operations") { CheckFaultCase({"ENOSPC", after}, operations); }
  }
}

// The file system turns read-only (ext4's errors=remount-ro) at the same points: unlike a full
// disk, removing files fails too, so the failed article's leftovers stay, journaled, until the
// next run removes them.
TEST_CASE("a corpus that turns read-only stops the crawl cleanly and the next run completes it",
          "[hardening][faults]") {
  RequireShim();
  const std::vector<std::string>& operations = CleanRunOperations();
  for (long after : FaultPoints(operations)) {
    DYNAMIC_SECTION("EROFS after " << after << " operations") { CheckFaultCase({"EROFS", after}, operations); }
  }
}

// A corpus directory without write permission (EACCES): from the start it is a configuration
// error (exit code 2 before any fetch); midway it stops the crawl like the others.
TEST_CASE("a corpus directory that is not writable is reported", "[hardening][faults]") {
  RequireShim();
  const std::vector<std::string>& operations = CleanRunOperations();
  SECTION("from the start") {
    FaultSite site;
    fs::create_directories(site.corpus);
    CommandResult result = site.Crawl("EACCES", 0);
    INFO(result.out << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(site.corpus + ": corpus directory is not writable: " + std::strerror(EACCES)) !=
          std::string::npos);
    CHECK(site.server.Requests().empty());
  }
  SECTION("midway") { CheckFaultCase({"EACCES", static_cast<long>(operations.size() / 2)}, operations); }
}

// The run summary: `pressoir crawl` appends one line to <corpus>/runs.jsonl after the crawl (read
// by `pressoir stats`). A full disk there must not break later runs' summaries. HIDDEN ([.])
// because it fails today (crawl_command.cc, not the corpus writer): the short write leaves a torn
// line, the next run appends its own line to it, and `pressoir stats` then reports "bad run
// line: not a JSON object" and "no crawl run recorded" for good; the error line names the file
// but not the reason, and the exit code stays 0. Un-hide with the fix (cut a torn last line
// before appending, as CorpusWriter::Recover does for the manifest, or truncate back after a
// failed append; add the errno text; exit 1).
TEST_CASE("a full disk while appending the run summary leaves runs.jsonl readable", "[hardening][faults]") {
  RequireShim();
  const std::vector<std::string>& operations = CleanRunOperations();
  long summary_write = -1;
  for (long n = 0; n < static_cast<long>(operations.size()); ++n) {
    bool write = operations[static_cast<size_t>(n)].find(" write ") != std::string::npos ||
                 operations[static_cast<size_t>(n)].find(" pwrite") != std::string::npos;
    if (write && operations[static_cast<size_t>(n)].find("/runs.jsonl ") != std::string::npos) {
      summary_write = n;
    }
  }
  REQUIRE(summary_write >= 0);
  FaultSite site;
  CommandResult first = site.Crawl("ENOSPC", summary_write);
  INFO("first run: " << first.out << first.err);
  CHECK(first.exit_code == 1);
  CHECK(first.err.find(site.corpus + "/runs.jsonl: cannot append the run summary: " + std::strerror(ENOSPC)) !=
        std::string::npos);
  CommandResult second = site.Crawl();
  INFO("second run: " << second.out << second.err);
  CHECK(second.exit_code == 0);
  std::vector<std::string> runs = Lines(ReadFileOrEmpty(site.corpus + "/runs.jsonl"));
  CHECK_FALSE(runs.empty());
  for (const std::string& line : runs) {
    INFO("runs.jsonl line: " << line);
    CHECK(nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false).is_object());
  }
  CommandResult stats = pressoir::testing::RunCommand({PRESSOIR_BINARY, "stats", "--corpus", site.corpus});
  INFO("stats: " << stats.out << stats.err);
  CHECK(stats.exit_code == 0);
  CHECK(stats.out.find("no crawl run recorded") == std::string::npos);
}

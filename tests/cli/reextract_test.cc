// `pressoir reextract` (issue 16, item 4): a crawl with the raw archive, a rule edited
// afterwards, and the corpus re-cleaned from the archive without fetching anything; and
// `--from-warc`, a corpus built from WARC files alone.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "base/digest.h"
#include "store/corpus.h"
#include "tests/support/archived_crawl.h"
#include "tests/support/fault_shim.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

const std::string kRule = pressoir::testing::E2eRule();
const std::string kConseil = "/actualite/conseil-communal.html";
const std::string kAlep = "/actualite/alep-treve.html";

std::map<std::string, nlohmann::json> ManifestByUrl(const std::string& corpus) {
  std::map<std::string, nlohmann::json> entries;
  std::istringstream lines(ReadFileOrEmpty(corpus + "/manifest.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json entry = nlohmann::json::parse(line);
    entries[entry["url"].get<std::string>()] = entry;
  }
  return entries;
}

// Every manifest line describes its file, and no article file lacks a line.
void CheckCorpusConsistent(const std::string& corpus) {
  auto manifest = ManifestByUrl(corpus);
  std::set<std::string> paths;
  for (const auto& [url, entry] : manifest) {
    std::string path = entry["path"];
    paths.insert(path);
    CHECK(pressoir::digest::Sha256Hex(ReadFileOrEmpty(corpus + "/" + path)) == entry["sha256"]);
  }
  for (const auto& file : fs::recursive_directory_iterator(corpus)) {
    if (file.path().extension() != ".txt") continue;
    CHECK(paths.count(fs::relative(file.path(), corpus).string()) == 1);
  }
}

struct CrawledSite : pressoir::testing::ArchivedCrawl {
  using ArchivedCrawl::ArchivedCrawl;

  pressoir::testing::CommandResult Reextract(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {PRESSOIR_BINARY, "reextract", "--config",  config,  "--sites", sites,
                                     "--corpus",      corpus,      "--archive", archive, "--jobs",  "2"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv);
  }
};

// An uncompressed WARC/1.1 response record of an HTML page, as an archive holds one.
std::string WarcResponse(const std::string& url, const std::string& date, const std::string& html, int serial) {
  const std::string block =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(html.size()) +
      "\r\n\r\n" + html;
  return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-" +
         std::string(11, '0') + std::to_string(serial) + ">\r\nWARC-Date: " + date + "\r\nWARC-Target-URI: " + url +
         "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + std::to_string(block.size()) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

}  // namespace

// Nothing changed: every article is found unchanged in the archive, and nothing is fetched.
TEST_CASE("reextract with the same rules finds every article unchanged", "[cli][reextract]") {
  CrawledSite site;
  size_t requests = site.server.RequestsFor("news.test").size();
  std::string manifest = ReadFileOrEmpty(site.corpus + "/manifest.jsonl");
  auto result = site.Reextract();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("e2e-news: unchanged 2, changed 0, new 0, removed 0\n") != std::string::npos);
  CHECK(ReadFileOrEmpty(site.corpus + "/manifest.jsonl") == manifest);
  CHECK(site.server.RequestsFor("news.test").size() == requests);
}

// The point of the archive: a rule fixed after the crawl cleans the articles already written.
TEST_CASE("reextract rewrites the articles whose text a rule change altered", "[cli][reextract]") {
  CrawledSite site;
  auto before = ManifestByUrl(site.corpus);
  REQUIRE(before.size() == 2);
  std::string conseil_before =
      ReadFileOrEmpty(site.corpus + "/" + before[site.Url(kConseil)]["path"].get<std::string>());
  REQUIRE(conseil_before.find("Après trois heures de débat") != std::string::npos);
  // The lede goes (only the conseil-communal page has one).
  std::string rule = kRule;
  rule.replace(rule.find("remove: ["), 9, "remove: [\"p.lede\", ");
  WriteFile(site.sites + "/e2e-news.yaml", rule);

  auto result = site.Reextract();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("e2e-news: unchanged 1, changed 1, new 0, removed 0\n") != std::string::npos);
  auto after = ManifestByUrl(site.corpus);
  REQUIRE(after.size() == 2);
  std::string conseil = ReadFileOrEmpty(site.corpus + "/" + after[site.Url(kConseil)]["path"].get<std::string>());
  CHECK(conseil.find("Après trois heures de débat") == std::string::npos);
  CHECK(conseil.find("La majorité a défendu") != std::string::npos);
  CHECK(after[site.Url(kConseil)]["rule_sha256"] == pressoir::digest::Sha256Hex(rule));
  CheckCorpusConsistent(site.corpus);
  // A second run has nothing left to do (what a run after a kill -9 relies on).
  auto again = site.Reextract();
  CHECK(again.out.find("e2e-news: unchanged 2, changed 0, new 0, removed 0\n") != std::string::npos);
}

// A page that is no longer an article goes (file and manifest line); one that now is, comes.
TEST_CASE("reextract removes pages that are no longer articles and adds new ones", "[cli][reextract]") {
  // Only the conseil-communal page is an article under the narrowed rule.
  std::string narrowed = kRule;
  narrowed.replace(narrowed.find("[a-z-]+"), 7, "conseil-communal");
  SECTION("removed") {
    CrawledSite site;
    std::string alep_path = ManifestByUrl(site.corpus)[site.Url(kAlep)]["path"];
    WriteFile(site.sites + "/e2e-news.yaml", narrowed);
    auto result = site.Reextract();
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("e2e-news: unchanged 1, changed 0, new 0, removed 1\n") != std::string::npos);
    auto after = ManifestByUrl(site.corpus);
    CHECK(after.size() == 1);
    CHECK(after.count(site.Url(kAlep)) == 0);
    CHECK_FALSE(fs::exists(site.corpus + "/" + alep_path));
    CheckCorpusConsistent(site.corpus);
  }
  SECTION("new") {
    CrawledSite site(narrowed);  // the crawl wrote one article, archived both pages
    REQUIRE(ManifestByUrl(site.corpus).size() == 1);
    WriteFile(site.sites + "/e2e-news.yaml", kRule);
    auto result = site.Reextract();
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("e2e-news: unchanged 1, changed 0, new 1, removed 0\n") != std::string::npos);
    auto after = ManifestByUrl(site.corpus);
    REQUIRE(after.count(site.Url(kAlep)) == 1);
    CHECK(after[site.Url(kAlep)]["warc_filename"].get<std::string>().ends_with(".warc.gz"));
    CheckCorpusConsistent(site.corpus);
  }
}

// --from-warc: a corpus from WARC files alone (someone holding CC-NEWS files), pages of rule
// sites only; --site narrows further.
TEST_CASE("reextract --from-warc builds a corpus from WARC files", "[cli][reextract]") {
  CrawledSite site;
  std::vector<std::string> warcs;
  for (const auto& entry : fs::directory_iterator(site.archive)) {
    if (entry.path().string().ends_with(".warc.gz")) warcs.push_back(entry.path().string());
  }
  REQUIRE(warcs.size() == 1);
  std::string fresh = site.dir.path() + "/fresh";
  auto result = RunCommand({PRESSOIR_BINARY, "reextract", "--sites", site.sites, "--from-warc", warcs[0], "--corpus",
                            fresh, "--config", site.config});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("e2e-news: unchanged 0, changed 0, new 2, removed 0\n") != std::string::npos);
  auto built = ManifestByUrl(fresh);
  auto crawled = ManifestByUrl(site.corpus);
  REQUIRE(built.size() == 2);
  for (const auto& [url, entry] : crawled) {
    INFO(url);
    REQUIRE(built.count(url) == 1);
    CHECK(built[url]["sha256"] == entry["sha256"]);  // the same text as the crawl wrote
    CHECK(built[url]["warc_filename"] == warcs[0]);
    CHECK(built[url]["warc_offset"] == entry["warc_offset"]);
  }
  CheckCorpusConsistent(fresh);
  auto other_site = RunCommand({PRESSOIR_BINARY, "reextract", "--sites", site.sites, "--from-warc", warcs[0],
                                "--corpus", site.dir.path() + "/none", "--site", "elsewhere"});
  CHECK(other_site.exit_code == 0);
  CHECK(other_site.out.find("total: 0 pages") != std::string::npos);
}

// One writer per corpus: reextract refuses a corpus another process writes (exit 3).
TEST_CASE("reextract takes the corpus lock", "[cli][reextract]") {
  CrawledSite site;
  pressoir::corpus::CorpusWriter holder(site.corpus);
  auto result = site.Reextract();
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("another run holds the lock on corpus") != std::string::npos);
}

// Bad input: a WARC file with a corrupt record is reported with its offset; the good records
// are still used and the exit code says something was wrong.
TEST_CASE("reextract reports a corrupt archive record and goes on", "[cli][reextract]") {
  CrawledSite site;
  std::string warc;
  for (const auto& entry : fs::directory_iterator(site.archive)) {
    if (entry.path().string().ends_with(".warc.gz")) warc = entry.path().string();
  }
  std::string bytes = ReadFileOrEmpty(warc);
  WriteFile(warc, bytes + "\x1f\x8b\x08garbage that is not deflate data at all");
  auto result = site.Reextract();
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("error: " + warc + ": offset " + std::to_string(bytes.size()) + ": ") != std::string::npos);
  CHECK(result.out.find("e2e-news: unchanged 2") != std::string::npos);
}

// kill -9 at any moment (issue 16, item 4): the file-system fault shim SIGKILLs reextract at
// each of its file operations in the corpus in turn; a second run must then leave the corpus
// exactly as one uninterrupted run does, consistent, with nothing left to do.
TEST_CASE("reextract killed at any file operation is completed by the next run", "[cli][reextract][faults]") {
  const std::string shim = pressoir::testing::FaultShimPath();
  INFO("the file-system fault shim '" << shim << "' is missing");
  REQUIRE(!shim.empty());
  REQUIRE(fs::exists(shim));
  CrawledSite site;
  std::string rule = kRule;
  rule.replace(rule.find("remove: ["), 9, "remove: [\"p.lede\", ");
  WriteFile(site.sites + "/e2e-news.yaml", rule);
  const std::string pristine = site.dir.path() + "/pristine";
  fs::copy(site.corpus, pristine, fs::copy_options::recursive);
  auto restore = [&] {
    fs::remove_all(site.corpus);
    fs::copy(pristine, site.corpus, fs::copy_options::recursive);
  };
  auto reextract = [&](const std::map<std::string, std::string>& environment) {
    return RunCommand({PRESSOIR_BINARY, "reextract", "--config", site.config, "--sites", site.sites, "--corpus",
                       site.corpus, "--archive", site.archive, "--jobs", "2"},
                      environment);
  };
  // The operations an uninterrupted run makes, and what it leaves.
  const std::string log = site.dir.path() + "/operations.log";
  REQUIRE(reextract(pressoir::testing::FaultShimEnvironment(site.corpus, "ENOSPC", 1L << 40, log)).exit_code == 0);
  long operations = 0;
  std::istringstream lines(ReadFileOrEmpty(log));
  for (std::string line; std::getline(lines, line);) ++operations;
  REQUIRE(operations > 3);
  std::map<std::string, std::string> expected;
  for (const auto& [url, entry] : ManifestByUrl(site.corpus)) expected[url] = entry["sha256"];
  REQUIRE(expected.size() == 2);

  for (long after = 0; after < operations; ++after) {
    INFO("killed before operation " << after << " of " << operations);
    restore();
    auto killed = reextract(pressoir::testing::FaultShimEnvironment(site.corpus, "KILL", after));
    CHECK(killed.exit_code == 128 + 9);
    auto resumed = reextract({});
    INFO("resumed stdout: " << resumed.out << "\nstderr: " << resumed.err);
    REQUIRE(resumed.exit_code == 0);
    std::map<std::string, std::string> found;
    for (const auto& [url, entry] : ManifestByUrl(site.corpus)) found[url] = entry["sha256"];
    CHECK(found == expected);
    CheckCorpusConsistent(site.corpus);
    CHECK(reextract({}).out.find("e2e-news: unchanged 2, changed 0, new 0, removed 0\n") != std::string::npos);
  }
}

// --since DATE: only the responses archived (WARC-Date) on or after DATE, a day from midnight
// UTC or a second; the corpus's other pages are neither re-extracted nor removed.
TEST_CASE("reextract --since takes only the responses archived since DATE", "[cli][reextract]") {
  TempDir dir;
  const std::string sites = dir.path() + "/sites";
  WriteFile(sites + "/e2e-news.yaml", kRule);
  const std::string site_dir = pressoir::testing::kE2eFixtures + "/site";
  const std::string warc = dir.path() + "/two-dates.warc";
  WriteFile(warc,
            WarcResponse("http://news.test" + kConseil, "2026-01-10T08:00:00Z", ReadFileOrEmpty(site_dir + kConseil),
                         1) +
                WarcResponse("http://news.test" + kAlep, "2026-03-10T08:00:00Z", ReadFileOrEmpty(site_dir + kAlep), 2));
  int run = 0;
  auto reextract = [&](const std::string& since) {
    std::string corpus = dir.path() + "/corpus-" + std::to_string(++run);
    auto result = RunCommand(
        {PRESSOIR_BINARY, "reextract", "--sites", sites, "--from-warc", warc, "--corpus", corpus, "--since", since});
    return std::make_pair(result, ManifestByUrl(corpus));
  };
  for (const std::string since : {"2026-02-01", "2026-03-10", "2026-03-10T08:00:00Z"}) {
    INFO("--since " << since);
    auto [result, manifest] = reextract(since);
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("e2e-news: unchanged 0, changed 0, new 1, removed 0\n") != std::string::npos);
    CHECK(manifest.size() == 1);
    CHECK(manifest.count("http://news.test" + kAlep) == 1);
  }
  for (const std::string since : {"2026-03-11", "2026-03-10T08:00:01Z"}) {
    INFO("--since " << since);
    auto [result, manifest] = reextract(since);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("total: 0 pages") != std::string::npos);
    CHECK(manifest.empty());
  }
  CHECK(reextract("2026-01-10").second.size() == 2);
  for (const std::string bad : {"last week", "2026-02-30", "2026-03-10T08:00:00+01:00"}) {
    INFO("--since " << bad);
    auto [result, manifest] = reextract(bad);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("error: --since: '" + bad + "' is not a date") != std::string::npos);
  }

  // On a crawl's corpus, pages archived before DATE stay as they are, even under a rule that
  // would remove them.
  CrawledSite site;
  std::string manifest = ReadFileOrEmpty(site.corpus + "/manifest.jsonl");
  std::string narrowed = kRule;
  narrowed.replace(narrowed.find("[a-z-]+"), 7, "conseil-communal");
  WriteFile(site.sites + "/e2e-news.yaml", narrowed);
  auto later = site.Reextract({"--since", "2999-01-01"});
  CHECK(later.exit_code == 0);
  CHECK(later.out.find("total: 0 pages") != std::string::npos);
  CHECK(ReadFileOrEmpty(site.corpus + "/manifest.jsonl") == manifest);
  auto all = site.Reextract({"--since", "2000-01-01"});
  CHECK(all.out.find("e2e-news: unchanged 1, changed 0, new 0, removed 1\n") != std::string::npos);
}

// A progress line ("reextract: N/M pages", redrawn in place) on a terminal, cleared at the end;
// none when stderr is not a terminal (a log file, cron).
TEST_CASE("reextract shows a progress line on a terminal only", "[cli][reextract]") {
  CrawledSite site;
  auto piped = site.Reextract();
  INFO("piped stderr: " << piped.err);
  REQUIRE(piped.exit_code == 0);
  CHECK(piped.err.find("reextract: ") == std::string::npos);
  CHECK(piped.err.find('\r') == std::string::npos);
  auto shown = pressoir::testing::RunInTerminal({PRESSOIR_BINARY, "reextract", "--config", site.config, "--sites",
                                                 site.sites, "--corpus", site.corpus, "--archive", site.archive});
  INFO("terminal: " << shown.out);
  CHECK(shown.exit_code == 0);
  CHECK(std::regex_search(shown.out, std::regex("\rreextract: [0-9]+/4 pages")));
  const size_t cleared = shown.out.find("\r\033[K");
  CHECK(cleared != std::string::npos);
  const size_t summary = shown.out.find("e2e-news: unchanged 2, changed 0, new 0, removed 0");
  CHECK(summary != std::string::npos);
  CHECK(summary > cleared);
}

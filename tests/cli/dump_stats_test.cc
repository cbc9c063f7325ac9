// `pressoir dump` and `pressoir stats` over small corpora written by hand (issue 6 items 6-7,
// issue 8 item 3): selection, both dump formats, several corpora, damaged corpora, exit codes.
#include "cli/commands.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/corpus.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

struct Article {
  std::string id;
  std::string site = "lesoir";
  std::string date = "2026-11-20T08:00:00+01:00";
  std::string fetched_at = "2026-11-23T10:00:00Z";
  std::string text;  // title, blank line, paragraphs (as the corpus writer stores it)
  std::string near_duplicate_of;
};

std::string Path(const Article& article) {
  const std::string& source = article.date.empty() ? article.fetched_at : article.date;
  return article.site + "/" + source.substr(0, 4) + "/" + source.substr(5, 2) + "/" + article.id + ".txt";
}

std::string ManifestLine(const Article& article) {
  nlohmann::json entry = {
      {"id", article.id},
      {"url", "https://" + article.site + ".example/" + article.id + "?utm_source=x"},
      {"canonical_url", "https://" + article.site + ".example/" + article.id},
      {"site", article.site},
      {"title", article.text.substr(0, article.text.find('\n'))},
      {"date", article.date},
      {"authors", {"Anne Auteur"}},
      {"language", "fr"},
      {"fetched_at", article.fetched_at},
      {"path", Path(article)},
      {"sha256", "0"},
      {"extractor", "rule"},
      {"simhash", "0123456789abcdef"},
  };
  if (!article.near_duplicate_of.empty()) entry["near_duplicate_of"] = article.near_duplicate_of;
  return entry.dump() + "\n";
}

// Writes the article's file and appends its manifest line, as CorpusWriter does.
void Add(const std::string& corpus, const Article& article) {
  WriteFile(corpus + "/" + Path(article), article.text + "\n");
  std::string manifest = ReadFileOrEmpty(corpus + "/manifest.jsonl");
  WriteFile(corpus + "/manifest.jsonl", manifest + ManifestLine(article));
}

Article Make(const std::string& id, const std::string& date, const std::string& site = "lesoir") {
  Article article;
  article.id = id;
  article.date = date;
  article.site = site;
  article.text = "Titre " + id + "\n\nPremier paragraphe de " + id + ".\n\nSecond paragraphe de " + id + ".";
  return article;
}

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

Result Dump(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = pressoir::cli::RunDumpCommand(args, out, err);
  return {code, out.str(), err.str()};
}

Result Stats(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = pressoir::cli::RunStatsCommand(args, out, err);
  return {code, out.str(), err.str()};
}

// The ids of a txt dump, in order: each block's first line is "Titre <id>".
std::vector<std::string> TxtIds(const std::string& dump) {
  std::vector<std::string> ids;
  std::istringstream lines(dump);
  bool block_start = true;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      block_start = true;
      continue;
    }
    if (block_start) ids.push_back(line.substr(line.find(' ') + 1));
    block_start = false;
  }
  return ids;
}

std::vector<nlohmann::json> JsonLines(const std::string& dump) {
  std::vector<nlohmann::json> objects;
  std::istringstream lines(dump);
  for (std::string line; std::getline(lines, line);) objects.push_back(nlohmann::json::parse(line));
  return objects;
}

// A small corpus: three sites, dates spread over a week, one article dated only by its fetch.
void FillCorpus(const std::string& corpus) {
  Add(corpus, Make("b2", "2026-11-20T08:00:00+01:00"));
  Add(corpus, Make("a1", "2026-11-18T23:30:00+01:00"));
  Add(corpus, Make("c3", "2026-11-20T07:00:00Z", "lalibre"));
  Add(corpus, Make("d4", "2026-11-22", "rtbf"));
  Article undated = Make("e5", "", "lalibre");
  undated.fetched_at = "2026-11-21T05:00:00Z";
  Add(corpus, undated);
}

}  // namespace

// txt: "one document per blank-line-separated block" (issue 6 item 6): a document's paragraphs
// become consecutive lines, title first, and exactly one blank line separates documents. Order is
// by date, then id; an undated article sorts by its fetch day.
TEST_CASE("dump txt writes one block per document, ordered by date then id", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  Result result = Dump({"--corpus", dir.path(), "--out", "-"});
  CHECK(result.code == 0);
  CHECK(result.err.empty());
  CHECK(TxtIds(result.out) == std::vector<std::string>{"a1", "b2", "c3", "e5", "d4"});
  CHECK(result.out.starts_with("Titre a1\nPremier paragraphe de a1.\nSecond paragraphe de a1.\n\nTitre b2\n"));
  CHECK(result.out.ends_with("Second paragraphe de d4.\n"));
  CHECK(result.out.find("\n\n\n") == std::string::npos);
  CHECK_FALSE(result.out.starts_with("\n"));

  SECTION("txt is the default format, and blank-looking lines inside a document are dropped") {
    TempDir other;
    Article spaced = Make("s1", "2026-11-20");
    spaced.text = "Titre s1\n\n\n  \n\r\nLigne\r\n\n\nFin";
    Add(other.path(), spaced);
    Add(other.path(), Make("s2", "2026-11-21"));
    Result spaced_result = Dump({"--corpus", other.path(), "--out", "-", "--format", "txt"});
    CHECK(spaced_result.out ==
          "Titre s1\nLigne\nFin\n\nTitre s2\nPremier paragraphe de s2.\nSecond paragraphe de s2.\n");
  }
}

// jsonl: one object per line with every field of the manifest line (issue 13, item 9:
// fetched_at, sha256 and extractor were dropped before) and the body without the title.
TEST_CASE("dump jsonl writes one parseable object per article", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  Result result = Dump({"--corpus", dir.path(), "--format", "jsonl", "--out", "-"});
  CHECK(result.code == 0);
  std::vector<nlohmann::json> objects = JsonLines(result.out);
  REQUIRE(objects.size() == 5);
  const nlohmann::json& first = objects[0];
  CHECK(first["id"] == "a1");
  CHECK(first["url"] == "https://lesoir.example/a1?utm_source=x");
  CHECK(first["canonical_url"] == "https://lesoir.example/a1");
  CHECK(first["site"] == "lesoir");
  CHECK(first["title"] == "Titre a1");
  CHECK(first["date"] == "2026-11-18T23:30:00+01:00");
  CHECK(first["authors"] == nlohmann::json::array({"Anne Auteur"}));
  CHECK(first["language"] == "fr");
  CHECK(first["text"] == "Premier paragraphe de a1.\n\nSecond paragraphe de a1.");
  CHECK(first["fetched_at"] == "2026-11-23T10:00:00Z");
  CHECK(first["sha256"] == "0");
  CHECK(first["extractor"] == "rule");
  CHECK(first["simhash"] == "0123456789abcdef");
  CHECK(first["path"] == "lesoir/2026/11/a1.txt");
  CHECK_FALSE(first.contains("near_duplicate_of"));  // as in the manifest: only when set
  // Every key of the manifest line is in the record, and "text" comes last.
  nlohmann::json manifest_line = nlohmann::json::parse(ManifestLine(Make("a1", "2026-11-18T23:30:00+01:00")));
  for (const auto& [key, value] : manifest_line.items()) {
    INFO(key);
    CHECK(first.contains(key));
  }
  // ... plus the article fields that line predates (issue 15: the schema every output shares),
  // null when unknown.
  for (const char* key : {"date_modified", "language_source", "page_type", "confidence"}) {
    INFO(key);
    CHECK(first.contains(key));
    CHECK(first[key].is_null());
  }
  // The line was written before the provenance keys (issue 16) existed: they come as null.
  for (const char* key : {"warc_filename", "warc_offset", "warc_length", "rule_sha256", "pressoir_version"}) {
    INFO(key);
    CHECK(!manifest_line.contains(key));
    CHECK(first[key].is_null());
  }
  CHECK(first.size() == manifest_line.size() + 1 + 4 + 5);
  const std::string first_line = result.out.substr(0, result.out.find('\n'));
  CHECK(first_line.find("\"text\":") > first_line.find("\"url\":"));
  CHECK(objects[3]["id"] == "e5");
  CHECK(objects[3]["date"].is_null());  // "" in an older manifest: unknown, written as null
}

// --site repeats; --since/--until are inclusive days, compared with the article's own day (the
// date as the site wrote it, time zone included), else its fetch day.
TEST_CASE("dump selects by site and by inclusive date bounds", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  SECTION("one site") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--site", "lalibre", "--out", "-"}).out) ==
          std::vector<std::string>{"c3", "e5"});
  }
  SECTION("several sites") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--site", "rtbf", "--site=lalibre", "--out", "-"}).out) ==
          std::vector<std::string>{"c3", "e5", "d4"});
  }
  // Issue 13, item 12: an empty dump with exit code 0 would hide the typo from cron.
  SECTION("a site no article has is a usage error, in one line naming the corpus's sites") {
    std::string out = dir.path() + "/dump.txt";
    Result result = Dump({"--corpus", dir.path(), "--site", "lesoir", "--site", "nope", "--out", out});
    CHECK(result.code == 2);
    CHECK(result.err ==
          "error: --site nope: no article of that site in " + dir.path() + " (sites: lalibre, lesoir, rtbf)\n");
    CHECK(result.out.empty());
    CHECK_FALSE(std::filesystem::exists(out));
  }
  SECTION("a site with articles outside the dates is not an error") {
    Result result = Dump({"--corpus", dir.path(), "--site", "rtbf", "--until", "2026-11-19", "--out", "-"});
    CHECK(result.code == 0);
    CHECK(result.out.empty());
  }
  SECTION("both bounds are inclusive") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--since", "2026-11-20", "--until", "2026-11-21", "--out", "-"}).out) ==
          std::vector<std::string>{"b2", "c3", "e5"});
  }
  SECTION("a single day") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--since", "2026-11-18", "--until", "2026-11-18", "--out", "-"}).out) ==
          std::vector<std::string>{"a1"});
  }
  SECTION("open-ended bounds") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--since", "2026-11-21", "--out", "-"}).out) ==
          std::vector<std::string>{"e5", "d4"});
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--until", "2026-11-19", "--out", "-"}).out) ==
          std::vector<std::string>{"a1"});
  }
  SECTION("site and dates together") {
    CHECK(TxtIds(Dump({"--corpus", dir.path(), "--site", "lesoir", "--since", "2026-11-19", "--out", "-"}).out) ==
          std::vector<std::string>{"b2"});
  }
}

// Issue 8 item 3: several corpus directories (one per worker) are dumped together, each article
// id exactly once, even when two workers both wrote it; a copy missing from the first corpus
// is taken from the next one.
TEST_CASE("dump reads several corpora and writes each article once", "[cli]") {
  TempDir one;
  TempDir two;
  Add(one.path(), Make("a1", "2026-11-18"));
  Add(one.path(), Make("b2", "2026-11-19"));
  Add(two.path(), Make("b2", "2026-11-19"));
  Add(two.path(), Make("c3", "2026-11-17"));
  Result result = Dump({"--corpus", one.path(), "--corpus", two.path(), "--format", "jsonl", "--out", "-"});
  CHECK(result.code == 0);
  std::vector<nlohmann::json> objects = JsonLines(result.out);
  REQUIRE(objects.size() == 3);
  CHECK(objects[0]["id"] == "c3");
  CHECK(objects[1]["id"] == "a1");
  CHECK(objects[2]["id"] == "b2");

  SECTION("a copy missing from one corpus is read from the other") {
    std::filesystem::remove(one.path() + "/" + Path(Make("b2", "2026-11-19")));
    Result fallback = Dump({"--corpus", one.path(), "--corpus", two.path(), "--out", "-"});
    CHECK(fallback.code == 0);
    CHECK(TxtIds(fallback.out) == std::vector<std::string>{"c3", "a1", "b2"});
    CHECK(fallback.err.find("warning: " + one.path() + "/lesoir/2026/11/b2.txt: cannot read") != std::string::npos);
  }
  SECTION("the same corpus given twice") {
    CHECK(TxtIds(Dump({"--corpus", one.path(), "--corpus", one.path(), "--out", "-"}).out) ==
          std::vector<std::string>{"a1", "b2"});
  }
}

// A re-crawl that finds a changed article replaces its file and appends a new manifest line for
// the same id (corpus.h, kUpdated): the last line describes the article. Across corpora the
// most recently fetched version wins.
TEST_CASE("dump takes the latest version of an updated article", "[cli]") {
  TempDir one;
  Article first = Make("a1", "2026-11-18");
  Add(one.path(), first);
  Add(one.path(), Make("b2", "2026-11-19"));
  Article updated = first;
  updated.text = "Titre a1 corrigé\n\nTexte corrigé.";
  updated.fetched_at = "2026-11-24T10:00:00Z";
  Add(one.path(), updated);

  SECTION("in one corpus, the last line of an id") {
    std::vector<nlohmann::json> objects =
        JsonLines(Dump({"--corpus", one.path(), "--format", "jsonl", "--out", "-"}).out);
    REQUIRE(objects.size() == 2);
    CHECK(objects[0]["title"] == "Titre a1 corrigé");
    CHECK(objects[0]["text"] == "Texte corrigé.");
  }
  SECTION("across corpora, the latest fetched_at, whatever the order of --corpus") {
    TempDir two;
    Article newest = first;
    newest.text = "Titre a1 v3\n\nTroisième version.";
    newest.fetched_at = "2026-11-25T10:00:00Z";
    Add(two.path(), newest);
    for (auto order : {std::vector<std::string>{one.path(), two.path()}, {two.path(), one.path()}}) {
      Result result = Dump({"--corpus", order[0], "--corpus", order[1], "--format", "jsonl", "--out", "-"});
      std::vector<nlohmann::json> objects = JsonLines(result.out);
      REQUIRE(objects.size() == 2);
      CHECK(objects[0]["title"] == "Titre a1 v3");
      CHECK(objects[0]["text"] == "Troisième version.");
    }
  }
}

// Issue 13, item 9: without --out the dump goes to stdout, as with "--out -".
TEST_CASE("dump writes to stdout when --out is absent", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  Result implicit = Dump({"--corpus", dir.path()});
  INFO(implicit.err);
  CHECK(implicit.code == 0);
  CHECK(implicit.err.empty());
  CHECK(implicit.out == Dump({"--corpus", dir.path(), "--out", "-"}).out);
  CHECK(TxtIds(implicit.out) == std::vector<std::string>{"a1", "b2", "c3", "e5", "d4"});
  CHECK(Dump({"--corpus", dir.path(), "--format", "jsonl"}).out ==
        Dump({"--corpus", dir.path(), "--format", "jsonl", "--out", "-"}).out);
}

// Issue 13, item 9: --body-only leaves the title line out of each txt block; the jsonl text
// never holds it. A text whose first line is not the title is kept whole.
TEST_CASE("dump --body-only leaves the title out", "[cli]") {
  TempDir dir;
  Add(dir.path(), Make("a1", "2026-11-18"));
  Article untitled = Make("b2", "2026-11-19");
  untitled.text = "Un chapeau sans titre.\n\nLe texte.";
  Add(dir.path(), untitled);
  Result result = Dump({"--corpus", dir.path(), "--body-only"});
  CHECK(result.code == 0);
  // b2's manifest title is its first line (ManifestLine): a text that is only a title line
  // and its body.
  CHECK(result.out == "Premier paragraphe de a1.\nSecond paragraphe de a1.\n\nLe texte.\n");
  SECTION("a first line that is not the title stays") {
    TempDir other;
    Article renamed = Make("c3", "2026-11-20");
    Add(other.path(), renamed);
    std::string manifest = ReadFileOrEmpty(other.path() + "/manifest.jsonl");
    nlohmann::json entry = nlohmann::json::parse(manifest);
    entry["title"] = "Titre c";  // a prefix of the first line, not the line
    WriteFile(other.path() + "/manifest.jsonl", entry.dump() + "\n");
    CHECK(Dump({"--corpus", other.path(), "--body-only"}).out.starts_with("Titre c3\n"));
    CHECK(JsonLines(Dump({"--corpus", other.path(), "--format", "jsonl"}).out).at(0)["text"] == renamed.text);
  }
  CHECK(JsonLines(Dump({"--corpus", dir.path(), "--format", "jsonl", "--body-only"}).out).at(0)["text"] ==
        "Premier paragraphe de a1.\n\nSecond paragraphe de a1.");
}

// Issue 6 item 6: "--drop-near-dups leaves them out": entries with near_duplicate_of.
TEST_CASE("dump --drop-near-dups leaves out marked near duplicates", "[cli]") {
  TempDir dir;
  Add(dir.path(), Make("a1", "2026-11-18"));
  Article copy = Make("b2", "2026-11-19", "lalibre");
  copy.near_duplicate_of = "a1";
  Add(dir.path(), copy);
  CHECK(TxtIds(Dump({"--corpus", dir.path(), "--out", "-"}).out) == std::vector<std::string>{"a1", "b2"});
  CHECK(TxtIds(Dump({"--corpus", dir.path(), "--drop-near-dups", "--out", "-"}).out) == std::vector<std::string>{"a1"});
}

// A crash during the manifest append leaves a last line without its newline (corpus.h): it is
// not an article yet, so it is skipped with a warning and the dump succeeds. If a later run
// appended to that line, the later, complete entry is kept.
TEST_CASE("dump skips a torn last manifest line", "[cli]") {
  TempDir dir;
  Add(dir.path(), Make("a1", "2026-11-18"));
  std::string torn = ManifestLine(Make("b2", "2026-11-19"));
  torn = torn.substr(0, torn.size() / 2);

  SECTION("at the end of the manifest") {
    WriteFile(dir.path() + "/manifest.jsonl", ReadFileOrEmpty(dir.path() + "/manifest.jsonl") + torn);
    Result result = Dump({"--corpus", dir.path(), "--out", "-"});
    CHECK(result.code == 0);
    CHECK(TxtIds(result.out) == std::vector<std::string>{"a1"});
    CHECK(result.err.find("warning: " + dir.path() + "/manifest.jsonl:2: incomplete last line") != std::string::npos);
  }
  SECTION("followed by a later run's append") {
    WriteFile(dir.path() + "/manifest.jsonl", ReadFileOrEmpty(dir.path() + "/manifest.jsonl") + torn);
    Add(dir.path(), Make("c3", "2026-11-20"));
    Result result = Dump({"--corpus", dir.path(), "--out", "-"});
    CHECK(result.code == 0);
    CHECK(TxtIds(result.out) == std::vector<std::string>{"a1", "c3"});
    CHECK(result.err.find("manifest.jsonl:2: an interrupted append") != std::string::npos);
  }
  SECTION("a bad line in the middle is an error") {
    WriteFile(dir.path() + "/manifest.jsonl", ReadFileOrEmpty(dir.path() + "/manifest.jsonl") + "garbage\n");
    Add(dir.path(), Make("c3", "2026-11-20"));
    Result result = Dump({"--corpus", dir.path(), "--out", "-"});
    CHECK(result.code == 1);
    CHECK(TxtIds(result.out) == std::vector<std::string>{"a1", "c3"});
    CHECK(result.err.find("error: " + dir.path() + "/manifest.jsonl:2: bad manifest line") != std::string::npos);
  }
}

// Exit code 1: an article file is missing or unreadable; the error names the file and the
// other articles are still dumped.
TEST_CASE("dump reports a missing article file and dumps the rest", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  std::string missing = dir.path() + "/lesoir/2026/11/b2.txt";
  std::filesystem::remove(missing);
  Result result = Dump({"--corpus", dir.path(), "--out", "-"});
  CHECK(result.code == 1);
  CHECK(result.err.find("error: " + missing + ": cannot read: No such file or directory") != std::string::npos);
  CHECK(TxtIds(result.out) == std::vector<std::string>{"a1", "c3", "e5", "d4"});

  SECTION("a directory in place of the file") {
    std::filesystem::create_directory(missing);
    Result directory = Dump({"--corpus", dir.path(), "--format", "jsonl", "--out", "-"});
    CHECK(directory.code == 1);
    CHECK(directory.err.find("error: " + missing + ": cannot read") != std::string::npos);
    CHECK(JsonLines(directory.out).size() == 4);
  }
}

// --out PATH is written to a temporary name and renamed (issue 6: files are written atomically):
// a reader never sees half a dump, and an old dump is replaced whole.
TEST_CASE("dump writes its output file atomically", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  std::string out = dir.path() + "/dump.txt";
  WriteFile(out, "old dump\n");
  Result result = Dump({"--corpus", dir.path(), "--out", out});
  CHECK(result.code == 0);
  CHECK(result.out.empty());
  CHECK(TxtIds(ReadFileOrEmpty(out)) == std::vector<std::string>{"a1", "b2", "c3", "e5", "d4"});
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files += entry.is_regular_file();
  CHECK(files == 2);  // manifest.jsonl and dump.txt: no temporary left behind

  SECTION("an output that cannot be created is a usage error") {
    Result bad = Dump({"--corpus", dir.path(), "--out", dir.path() + "/no/such/dir/dump.txt"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("cannot create") != std::string::npos);
  }
}

// Exit code 2 for any usage error, and nothing is written. A command line of the wrong shape
// gets the usage text; a wrong value gets one line naming it (issue 13, item 12: what cron
// mails should be that line, not the usage text).
TEST_CASE("dump usage errors exit with 2", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  const auto check_usage = [&](std::vector<std::string> args, const std::string& message) {
    Result result = Dump(args);
    INFO(result.err);
    CHECK(result.code == 2);
    CHECK(result.err.find("error: " + message) != std::string::npos);
    CHECK(result.err.find("usage: pressoir dump") != std::string::npos);
    CHECK(result.out.empty());
  };
  const auto check_value = [&](std::vector<std::string> args, const std::string& message) {
    Result result = Dump(args);
    CHECK(result.code == 2);
    CHECK(result.err == "error: " + message + "\n");
    CHECK(result.out.empty());
  };
  check_usage({"--out", "-"}, "missing --corpus");
  check_usage({"--corpus", dir.path(), "--out", "-", "--bogus"}, "unknown option '--bogus'");
  check_usage({"--corpus", dir.path(), "--out", "-", "extra"}, "unexpected argument 'extra'");
  check_usage({"--corpus", dir.path(), "--out"}, "option '--out' needs a value");
  check_value({"--corpus", dir.path() + "/nope", "--out", "-"}, dir.path() + "/nope: no such corpus directory");
  check_value({"--corpus", dir.path() + "/manifest.jsonl", "--out", "-"},
              dir.path() + "/manifest.jsonl: not a directory");
  check_value({"--corpus", dir.path(), "--format", "xml", "--out", "-"},
              "--format: unknown format 'xml' (txt or jsonl)");
  check_value({"--corpus", dir.path(), "--since", "2026-02-30", "--out", "-"},
              "--since: '2026-02-30' is not a date (YYYY-MM-DD)");
  check_value({"--corpus", dir.path(), "--until", "2026-11-2", "--out", "-"},
              "--until: '2026-11-2' is not a date (YYYY-MM-DD)");
  check_value({"--corpus", dir.path(), "--since", "20261120", "--out", "-"},
              "--since: '20261120' is not a date (YYYY-MM-DD)");
  check_value({"--corpus", dir.path(), "--since", "2026-11-21T00:00:00Z", "--out", "-"},
              "--since: '2026-11-21T00:00:00Z' is not a date (YYYY-MM-DD)");
  check_value({"--corpus", dir.path(), "--since", "2026-11-22", "--until", "2026-11-21", "--out", "-"},
              "--since 2026-11-22 is after --until 2026-11-21");
  check_value({"--corpus", dir.path(), "--site", "", "--out", "-"}, "--site: an empty site name");
  check_value({"--corpus", dir.path(), "--out="}, "--out: empty path (a file, or '-' for stdout)");

  SECTION("a directory that is not a corpus (its parent, a typo) is refused, not dumped as empty") {
    TempDir elsewhere;
    WriteFile(elsewhere.path() + "/notes.txt", "x\n");
    check_value({"--corpus", elsewhere.path(), "--out", "-"},
                elsewhere.path() + ": not a pressoir corpus (no manifest.jsonl or runs.jsonl)");
    check_value({"--corpus", dir.path(), "--corpus", elsewhere.path(), "--out", "-"},
                elsewhere.path() + ": not a pressoir corpus (no manifest.jsonl or runs.jsonl)");
  }

  Result help = Dump({"--help"});
  CHECK(help.code == 0);
  CHECK(help.out.starts_with("usage: pressoir dump"));
}

// Issue 6 item 7: articles per site and day, failures per site, last run summary.
TEST_CASE("stats summarizes articles per site and day, failures and the last run", "[cli]") {
  TempDir dir;
  FillCorpus(dir.path());
  Article old = Make("z9", "2025-01-02", "lesoir");
  old.near_duplicate_of = "a1";
  Add(dir.path(), old);
  WriteFile(dir.path() + "/runs.jsonl",
            R"({"started_at":"2026-11-22T10:00:00Z","finished_at":"2026-11-22T10:04:00Z","pages_fetched":50,)"
            R"("articles_written":4,"failures":3,"failures_by_site":{"lesoir":2,"rtbf":1},)"
            R"("failures_by_reason":{"timeout":3},"interrupted":false})"
            "\n"
            R"({"started_at":"2026-11-23T10:00:00Z","finished_at":"2026-11-23T10:05:12Z","pages_fetched":340,)"
            R"("articles_written":12,"failures":5,"failures_by_site":{"lesoir":1,"lalibre":4},)"
            R"("failures_by_reason":{"http 404":1,"timeout":4},"interrupted":true})"
            "\n");
  Result result = Stats({"--corpus", dir.path(), "--as-of", "2026-11-22"});
  INFO(result.out);
  CHECK(result.code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.find("corpus: " + dir.path() + "\n") != std::string::npos);
  CHECK(result.out.find("articles: 6 (1 marked near duplicates), 3 sites\n") != std::string::npos);
  CHECK(result.out.find("last 7 days to 2026-11-22") != std::string::npos);
  // Columns: site, total, 11-16 .. 11-22, newest.
  CHECK(result.out.find("site      total  11-16  11-17  11-18  11-19  11-20  11-21  11-22  newest\n") !=
        std::string::npos);
  CHECK(result.out.find("lalibre       2      0      0      0      0      1      1      0  2026-11-21\n") !=
        std::string::npos);
  CHECK(result.out.find("lesoir        3      0      0      1      0      1      0      0  2026-11-20\n") !=
        std::string::npos);
  CHECK(result.out.find("rtbf          1      0      0      0      0      0      0      1  2026-11-22\n") !=
        std::string::npos);
  CHECK(result.out.find("all           6      0      0      1      0      2      1      1  2026-11-22\n") !=
        std::string::npos);
  CHECK(result.out.find("failures per site (2 runs):\n") != std::string::npos);
  CHECK(result.out.find("site     all runs  last run\n") != std::string::npos);
  CHECK(result.out.find("lalibre         4         4\n") != std::string::npos);
  CHECK(result.out.find("lesoir          3         1\n") != std::string::npos);
  CHECK(result.out.find("rtbf            1         0\n") != std::string::npos);
  CHECK(result.out.find("last run: 2026-11-23T10:00:00Z to 2026-11-23T10:05:12Z, 340 pages fetched, 12 articles "
                        "written, 5 failures (timeout 4, http 404 1), interrupted\n") != std::string::npos);
}

// Several corpora: articles counted once by id, failures summed, one last-run line per corpus;
// a torn last line of runs.jsonl is skipped like the manifest's.
TEST_CASE("stats over several corpora", "[cli]") {
  TempDir one;
  TempDir two;
  Add(one.path(), Make("a1", "2026-11-18"));
  Add(two.path(), Make("a1", "2026-11-18"));
  Add(two.path(), Make("b2", "2026-11-19", "rtbf"));
  WriteFile(one.path() + "/runs.jsonl",
            R"({"started_at":"A1","finished_at":"A2","pages_fetched":1,"articles_written":1,"failures":2,)"
            R"("failures_by_site":{"rtbf":2},"failures_by_reason":{"dns":2},"interrupted":false})"
            "\n{\"started_at\":\"torn");
  WriteFile(two.path() + "/runs.jsonl",
            R"({"started_at":"B1","finished_at":"B2","pages_fetched":3,"articles_written":2,"failures":1,)"
            R"("failures_by_site":{"rtbf":1},"failures_by_reason":{"timeout":1},"interrupted":false})"
            "\n");
  Result result = Stats({"--corpus", one.path(), "--corpus", two.path(), "--as-of", "2026-11-19"});
  INFO(result.out);
  CHECK(result.code == 0);
  CHECK(result.out.find("corpus: " + one.path() + ", " + two.path() + "\n") != std::string::npos);
  CHECK(result.out.find("articles: 2 (0 marked near duplicates), 2 sites\n") != std::string::npos);
  CHECK(result.out.find("failures per site (2 runs):\n") != std::string::npos);
  CHECK(result.out.find("rtbf         3         3\n") != std::string::npos);
  CHECK(result.out.find("last run of " + one.path() +
                        ": A1 to A2, 1 pages fetched, 1 articles written, 2 failures "
                        "(dns 2)\n") != std::string::npos);
  CHECK(result.out.find("last run of " + two.path() + ": B1 to B2") != std::string::npos);
  CHECK(result.err.find("warning: " + one.path() + "/runs.jsonl:2: incomplete last line skipped") != std::string::npos);
}

TEST_CASE("stats of an empty corpus and stats usage errors", "[cli]") {
  TempDir dir;
  // A corpus a crawl opened but wrote nothing to yet: its writer's lock file marks it.
  { pressoir::corpus::CorpusWriter writer(dir.path()); }
  Result empty = Stats({"--corpus", dir.path()});
  CHECK(empty.code == 0);
  CHECK(empty.out.find("articles: 0 (0 marked near duplicates), 0 sites\n") != std::string::npos);
  CHECK(empty.out.find("no crawl run recorded (runs.jsonl)") != std::string::npos);

  CHECK(Stats({}).code == 2);
  CHECK(Stats({"--corpus", dir.path(), "--site", "x"}).code == 2);
  // Issue 13, item 12: a wrong value is one line, without the usage text.
  Result missing = Stats({"--corpus", dir.path() + "/nope"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "error: " + dir.path() + "/nope: no such corpus directory\n");
  TempDir not_a_corpus;
  Result elsewhere = Stats({"--corpus", not_a_corpus.path()});
  CHECK(elsewhere.code == 2);
  CHECK(elsewhere.err ==
        "error: " + not_a_corpus.path() + ": not a pressoir corpus (no manifest.jsonl or runs.jsonl)\n");
  CHECK(elsewhere.out.empty());
  Result bad_day = Stats({"--corpus", dir.path(), "--as-of", "yesterday"});
  CHECK(bad_day.code == 2);
  CHECK(bad_day.err == "error: --as-of: 'yesterday' is not a date (YYYY-MM-DD)\n");
  Result help = Stats({"-h"});
  CHECK(help.code == 0);
  CHECK(help.out.starts_with("usage: pressoir stats"));
}

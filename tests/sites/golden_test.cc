// Golden tests for the site rules in sites/: every rule file is run on the saved pages in
// tests/fixtures/<rule name>/ and must reproduce the expected text exactly.
//
// For each tests/fixtures/<name>/<page>.html:
//   <page>.txt           the expected `article.Text()` (title, blank line, paragraphs separated
//                        by blank lines), checked by reading the page; required.
//   <page>.must-not.txt  optional: lines that must not appear as a line of the output.
// A rule file without at least one .html/.txt pair fails the suite (STYLE.md: "A site file
// with no fixture fails the suite"). No fixture may print a line of the seed boilerplate that
// issue #4 lists (Sputnik, ESH Médias and L'Orient-Le Jour template strings).
//
// Each rule file is a test case of its own, "golden: <file name without .yaml>" (ctest runs
// and reports each rule apart, and one rule failing does not hide another): the test program
// registers one per file of sites/ when it starts, as Catch2 v2 registers a TEST_CASE
// (Catch::AutoReg at static initialization), so catch_discover_tests lists them all.
// CMakeLists.txt makes this file depend on the rule files, so that adding one rebuilds the
// program and refreshes ctest's list.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "extractors/charset.h"
#include "extractors/extract.h"

namespace {

namespace fs = std::filesystem;
using pressoir::config::LoadSiteRulesDirectory;
using pressoir::config::LoadSiteRulesFile;

const fs::path kSitesDir = fs::path(PRESSOIR_SOURCE_DIR) / "sites";
const fs::path kFixturesDir = fs::path(PRESSOIR_SOURCE_DIR) / "tests" / "fixtures";

// Lines the naive crawler's dumps in ../shared/seeds/ show as boilerplate (issue #4): none
// may survive as a line of any extracted article.
const std::vector<std::string> kSeedBoilerplate = {
    "Ecoutez Radio Sputnik",
    "© Sputnik",
    "URL courte",
    "S'abonner",
    "Lire aussi:",
    "Tags:",
    "Règles de conduite",
    "Commenter via Facebook",
    "Votre publicité ici avec IMPACT_medias",
    "Rechercher",
    "Dernières Infos",
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Expected files end with the newline that `pressoir extract` prints after the text.
std::string WithoutFinalNewline(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// "line N: expected '...' / got '...'" for the first line that differs.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::vector<std::string> want = SplitLines(expected);
  std::vector<std::string> got = SplitLines(actual);
  size_t n = std::max(want.size(), got.size());
  for (size_t i = 0; i < n; ++i) {
    std::string w = i < want.size() ? "'" + want[i] + "'" : "(end of text)";
    std::string g = i < got.size() ? "'" + got[i] + "'" : "(end of text)";
    if (w != g) {
      return "first difference at line " + std::to_string(i + 1) + " (of " + std::to_string(want.size()) +
             " expected, " + std::to_string(got.size()) + " extracted):\n  expected: " + w + "\n  got:      " + g;
    }
  }
  return "texts differ only in line endings";
}

struct Fixture {
  fs::path html;
  fs::path expected;
  fs::path must_not;  // empty when absent
};

std::vector<Fixture> FixturesOf(const std::string& site) {
  std::vector<Fixture> fixtures;
  fs::path dir = kFixturesDir / site;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fixtures;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    Fixture fixture{entry.path(), entry.path(), {}};
    fixture.expected.replace_extension(".txt");
    if (!fs::is_regular_file(fixture.expected)) continue;
    fs::path must_not = entry.path();
    must_not.replace_extension(".must-not.txt");
    if (fs::is_regular_file(must_not)) fixture.must_not = must_not;
    fixtures.push_back(fixture);
  }
  std::sort(fixtures.begin(), fixtures.end(), [](const Fixture& a, const Fixture& b) { return a.html < b.html; });
  return fixtures;
}

// Runs at static initialization too: a missing sites/ gives no files (the test case below
// fails then), never an exception.
std::vector<fs::path> RuleFiles() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kSitesDir, ec)) {
    fs::path ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string GoldenTestName(const fs::path& rule_file) { return "golden: " + rule_file.stem().string(); }

// The rule in `file` reproduces the checked text of its fixtures exactly, prints no must-not
// line and no seed boilerplate line; a rule without a fixture fails (STYLE.md, tests).
void CheckGoldenFixtures(const fs::path& file) {
  pressoir::rules::SiteRules rules = LoadSiteRulesFile(file.string());
  std::vector<Fixture> fixtures = FixturesOf(rules.name);
  INFO("rule " << file.filename().string() << " (name '" << rules.name << "')");
  INFO("fixtures expected in " << (kFixturesDir / rules.name).string() << " as <page>.html + <page>.txt");
  REQUIRE_FALSE(fixtures.empty());

  for (const Fixture& fixture : fixtures) {
    INFO("fixture " << fixture.html.filename().string());
    std::string bytes = ReadFile(fixture.html);
    pressoir::extract::Article article =
        pressoir::extract::Extract(pressoir::charset::DecodeToUtf8(bytes, "").utf8, &rules, {});
    std::string actual = article.Text();
    std::string expected = WithoutFinalNewline(ReadFile(fixture.expected));

    INFO("extractor step: " << pressoir::extract::ExtractorName(article.extractor) << " " << article.matched_selector);
    CHECK(article.extractor == pressoir::extract::ExtractorStep::kRule);
    if (actual != expected) FAIL_CHECK(FirstDifference(expected, actual));

    std::vector<std::string> lines = SplitLines(actual);
    if (!fixture.must_not.empty()) {
      for (const std::string& banned : SplitLines(ReadFile(fixture.must_not))) {
        if (banned.empty()) continue;
        INFO("must-not line: '" << banned << "'");
        CHECK(std::find(lines.begin(), lines.end(), banned) == lines.end());
      }
    }
    for (const std::string& banned : kSeedBoilerplate) {
      INFO("seed boilerplate line: '" << banned << "'");
      CHECK(std::find(lines.begin(), lines.end(), banned) == lines.end());
    }
  }
}

// The body of one "golden: <site>" test case.
class GoldenTest final : public Catch::ITestInvoker {
 public:
  explicit GoldenTest(fs::path rule_file) : rule_file_(std::move(rule_file)) {}
  void invoke() const override { CheckGoldenFixtures(rule_file_); }

 private:
  fs::path rule_file_;
};

// One test case per rule file, registered before main() runs (Catch's registry owns them).
const bool kGoldenTestsRegistered = [] {
  for (const fs::path& file : RuleFiles()) {
    Catch::AutoReg(new GoldenTest(file), CATCH_INTERNAL_LINEINFO, Catch::StringRef(),
                   Catch::NameAndTags{GoldenTestName(file), "[sites][golden]"});
  }
  return true;
}();

}  // namespace

// `pressoir rules check sites/` must be clean: every shipped rule file loads (issue #4,
// "Done when").
TEST_CASE("every rule file in sites/ loads without errors", "[sites]") {
  auto load = LoadSiteRulesDirectory(kSitesDir.string());
  for (const std::string& error : load.errors) UNSCOPED_INFO(error);
  CHECK(load.errors.empty());
  CHECK_FALSE(load.rules.empty());
}

// sites/ has rule files, and each is a golden test case of this program (one that ctest runs
// once the program was rebuilt after the file appeared: see CMakeLists.txt).
TEST_CASE("every rule file in sites/ has a golden test case", "[sites]") {
  REQUIRE(kGoldenTestsRegistered);
  std::vector<fs::path> files = RuleFiles();
  REQUIRE_FALSE(files.empty());
  std::vector<std::string> registered;
  for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    registered.push_back(test.name);
  }
  for (const fs::path& file : files) {
    INFO("rule file " << file.string());
    CHECK(std::find(registered.begin(), registered.end(), GoldenTestName(file)) != registered.end());
  }
}

// `pressoir rules import` (cli/rules_import_command.cc): one rule file per input, the
// conversion report, usage errors and exit codes. The conversion itself is tested in
// tests/config/ftr_import_test.cc.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "config/config.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;

// A scratch directory with a helper that writes a file into it.
class ScratchDir : public pressoir::testing::TempDir {
 public:
  // Writes `contents` to DIR/name and returns the path.
  std::string Write(const std::string& name, const std::string& contents) const {
    std::string file = path() + "/" + name;
    pressoir::testing::WriteFile(file, contents);
    return file;
  }
};

// A site config whose every rule directive converts.
constexpr char kArticleConfig[] =
    "body: //article\n"
    "strip_id_or_class: related\n"
    "title: //h1\n";

// `pressoir rules import FILE.txt... --out DIR [--summary]`: exit 0 when every file was read
// and written, 1 when one could not be, 2 on a usage error.
TEST_CASE("rules import writes one rule file per input and reports the conversion", "[cli]") {
  ScratchDir dir;
  const std::string good = dir.Write("example.com.txt", kArticleConfig);
  const std::string partial = dir.Write(".example.org.txt", "body: //div[contains(@class='x')]\ntidy: no\n");
  const std::string license = dir.Write("LICENSE.txt", "public domain\n");
  const std::string out_dir = dir.path() + "/out";
  std::ostringstream out;
  std::ostringstream err;

  SECTION("all files imported") {
    int code = pressoir::cli::RunRulesImport({good, partial, license, "--out", out_dir}, out, err);
    CHECK(code == 0);
    CHECK(fs::exists(out_dir + "/example.com.yaml"));
    CHECK(fs::exists(out_dir + "/example.org_subdomains.yaml"));
    CHECK(pressoir::config::LoadSiteRulesDirectory(out_dir).errors.empty());
    CHECK(out.str().find(good + " -> ") != std::string::npos);
    CHECK(out.str().find("convert fully in 1 of 2 imported files (50.0%)") != std::string::npos);
    CHECK(out.str().find("strip_id_or_class") != std::string::npos);  // the per-directive table
    CHECK(err.str().find("LICENSE.txt: not imported") != std::string::npos);
  }
  SECTION("--summary prints no line per file") {
    CHECK(pressoir::cli::RunRulesImport({"--summary", good, "--out=" + out_dir}, out, err) == 0);
    CHECK(out.str().find(" -> ") == std::string::npos);
    CHECK(out.str().find("(100.0%)") != std::string::npos);
  }
  SECTION("an unreadable file fails the run, the others are still written") {
    CHECK(pressoir::cli::RunRulesImport({dir.path() + "/missing.com.txt", good, "--out", out_dir}, out, err) == 1);
    CHECK(fs::exists(out_dir + "/example.com.yaml"));
    CHECK(err.str().find("missing.com.txt") != std::string::npos);
  }
  SECTION("usage errors") {
    CHECK(pressoir::cli::RunRulesImport({good}, out, err) == 2);
    CHECK(pressoir::cli::RunRulesImport({"--out", out_dir}, out, err) == 2);
    CHECK(pressoir::cli::RunRulesImport({good, "--out"}, out, err) == 2);
    CHECK(pressoir::cli::RunRulesImport({good, "--frobnicate", "--out", out_dir}, out, err) == 2);
    CHECK_FALSE(fs::exists(out_dir));
  }
  SECTION("--help") {
    CHECK(pressoir::cli::RunRulesImport({"--help"}, out, err) == 0);
    CHECK(out.str().find("usage: pressoir rules import") == 0);
  }
}

}  // namespace

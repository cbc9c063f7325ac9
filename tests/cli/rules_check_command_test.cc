// `pressoir rules check [PATH...]` (cli/rules_command.cc): every error of every file on
// stderr, warnings that do not fail the check, files as well as directories, and exit codes
// (issue 13, items 11 and 12). What each error says is tested in tests/config/config_test.cc.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

struct Check {
  int code;
  std::string out;
  std::string err;
};

Check RulesCheck(const std::vector<std::string>& paths) {
  std::vector<std::string> args = {"check"};
  args.insert(args.end(), paths.begin(), paths.end());
  std::ostringstream out;
  std::ostringstream err;
  int code = pressoir::cli::RunRulesCommand(args, out, err);
  return {code, out.str(), err.str()};
}

size_t CountLines(const std::string& text, const std::string& prefix) {
  size_t count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("rules check reports every error of every file", "[cli]") {
  TempDir dir;
  const std::string sites = dir.path() + "/sites";
  WriteFile(sites + "/a.yaml", "name: a\ndomains: [a.com]\nbodies: main\ntitle: 'h1['\n");
  WriteFile(sites + "/b.yaml", "name: b\ndomains: [a.com]\nstart_urls: [notaurl]\n");
  WriteFile(sites + "/c.yaml", "name: c\ndomains: [c.com]\nbody: #main\n");
  WriteFile(sites + "/d.yaml", "name: d\ndomains: [d.com]\nbody: main\n");

  Check check = RulesCheck({sites});
  INFO(check.err);
  CHECK(check.code == 1);
  CHECK(CountLines(check.err, "error: ") == 4);
  CHECK(check.err.find("error: " + sites + "/a.yaml:3: unknown key 'bodies'; did you mean 'body'?\n") !=
        std::string::npos);
  CHECK(check.err.find("error: " + sites + "/a.yaml:4: bad selector in 'title'") != std::string::npos);
  CHECK(check.err.find("error: " + sites + "/b.yaml:3: 'start_urls' entry 'notaurl'") != std::string::npos);
  // Claimed by a.yaml, which has errors of its own: all of them show at once.
  CHECK(check.err.find("error: " + sites + "/b.yaml:2: domain 'a.com' is also claimed by " + sites + "/a.yaml:2") !=
        std::string::npos);
  CHECK(CountLines(check.err, "warning: " + sites + "/c.yaml:3: 'body' has no value") == 1);
  CHECK(check.out == sites + ": 2 rule file(s) valid, 2 with errors, 1 warning(s)\n");

  // Files named one by one, in the order given.
  WriteFile(sites + "/a.yaml", "name: a\ndomains: [a.com]\n");
  WriteFile(sites + "/b.yaml", "name: b\ndomains: [a.com]\n");
  check = RulesCheck({sites + "/b.yaml", sites + "/d.yaml", sites + "/a.yaml"});
  CHECK(check.code == 1);
  CHECK(check.err == "error: " + sites + "/a.yaml:2: domain 'a.com' is also claimed by " + sites +
                         "/b.yaml:2 (which rule applies to its pages would depend on file order)\n");
  CHECK(check.out.find(": 2 rule file(s) valid, 1 with errors\n") != std::string::npos);

  // Warnings alone do not fail the check.
  check = RulesCheck({sites + "/c.yaml", sites + "/d.yaml"});
  CHECK(check.code == 0);
  CHECK(CountLines(check.err, "warning: ") == 1);
  CHECK(check.out == sites + "/c.yaml " + sites + "/d.yaml: 2 rule file(s) valid, 0 with errors, 1 warning(s)\n");
}

// A path that is not there is a usage error (exit 2) in one line, not an invalid rule file.
TEST_CASE("rules check on a missing path is a usage error", "[cli]") {
  TempDir dir;
  WriteFile(dir.path() + "/a.yaml", "name: a\ndomains: [a.com]\n");
  Check check = RulesCheck({dir.path() + "/missing"});
  CHECK(check.code == 2);
  CHECK(check.err == "error: " + dir.path() + "/missing: no such rule file or directory\n");
  CHECK(check.out.empty());
  check = RulesCheck({dir.path() + "/a.yaml", dir.path() + "/missing.yaml"});
  CHECK(check.code == 2);
  CHECK(check.err == "error: " + dir.path() + "/missing.yaml: no such rule file or directory\n");
  CHECK(RulesCheck({dir.path() + "/a.yaml"}).code == 0);
  CHECK(RulesCheck({"--strict"}).code == 2);
}

// The shipped rules pass, with no warning.
TEST_CASE("rules check passes the shipped sites", "[cli]") {
  Check check = RulesCheck({PRESSOIR_SOURCE_DIR "/sites"});
  INFO(check.err);
  CHECK(check.code == 0);
  CHECK(check.err.empty());
}

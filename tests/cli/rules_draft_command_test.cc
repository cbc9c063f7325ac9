// `pressoir rules draft` (cli/rules_draft_command.cc, issue 17 item 2): the draft it writes
// passes `rules check` and extracts exactly the article from a page of the site it has not
// seen; bad input is one error line naming the file, with exit code 2.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "tests/support/draft_site.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::DraftSitePage;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result Rules(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = pressoir::cli::RunRulesCommand(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

// The draft made from four pages is a valid rule file; with it, a fifth page extracts as its
// title, standfirst and paragraphs, without the share bar, the "related" box or the ad line.
TEST_CASE("rules draft writes a rule that passes rules check and extracts an unseen page", "[cli]") {
  TempDir dir;
  std::vector<std::string> args = {"draft", "--name", "example", "--out", dir.path() + "/sites/example.yaml"};
  for (int i = 0; i < 4; ++i) {
    std::string path = dir.path() + "/page" + std::to_string(i) + ".html";
    WriteFile(path, DraftSitePage(i).html);
    args.push_back(path);
  }
  WriteFile(dir.path() + "/sites/.keep", "");
  Result draft = Rules(args);
  INFO(draft.err);
  REQUIRE(draft.code == 0);
  CHECK(draft.out.empty());
  std::string yaml = pressoir::testing::ReadFileOrEmpty(dir.path() + "/sites/example.yaml");
  INFO(yaml);
  CHECK(yaml.find("# Draft rule for example") == 0);
  CHECK(yaml.find("domains:\n  - 'example-news.test'\n") != std::string::npos);
  CHECK(yaml.find("on 4 of 4 pages") != std::string::npos);

  Result check = Rules({"check", dir.path() + "/sites"});
  CHECK(check.code == 0);
  CHECK(check.err.empty());

  pressoir::testing::DraftSiteArticle unseen = DraftSitePage(6);
  WriteFile(dir.path() + "/unseen.html", unseen.html);
  std::ostringstream out, err;
  int code = pressoir::cli::RunExtractCommand(
      {"--sites", dir.path() + "/sites", "--site", "example", dir.path() + "/unseen.html"}, out, err);
  CHECK(code == 0);
  CHECK(out.str() == unseen.title + "\n\n" + unseen.lede + "\n\n" + unseen.body + "\n");
}

// Without --out the draft goes to standard output.
TEST_CASE("rules draft prints the draft without --out", "[cli]") {
  TempDir dir;
  std::vector<std::string> args = {"draft", "--name", "example"};
  for (int i = 0; i < 3; ++i) {
    std::string path = dir.path() + "/page" + std::to_string(i) + ".html";
    WriteFile(path, DraftSitePage(i).html);
    args.push_back(path);
  }
  Result draft = Rules(args);
  CHECK(draft.code == 0);
  CHECK(draft.out.find("name: 'example'\n") != std::string::npos);
  CHECK(draft.out.find("body:\n  - '") != std::string::npos);
}

// Usage errors: one line, exit code 2, naming the file when there is one.
TEST_CASE("rules draft reports bad input in one line with exit code 2", "[cli]") {
  TempDir dir;
  std::vector<std::string> pages;
  for (int i = 0; i < 3; ++i) {
    pages.push_back(dir.path() + "/page" + std::to_string(i) + ".html");
    WriteFile(pages.back(), DraftSitePage(i, /*canonical=*/i != 1).html);
  }
  SECTION("no --name") {
    Result r = Rules({"draft", pages[0], pages[1], pages[2]});
    CHECK(r.code == 2);
    CHECK(r.err.find("error: rules draft needs --name NAME\n") == 0);
  }
  SECTION("a missing page") {
    Result r = Rules({"draft", "--name", "x", pages[0], pages[2], dir.path() + "/missing.html"});
    CHECK(r.code == 2);
    CHECK(r.err == "error: " + dir.path() + "/missing.html: cannot read file: No such file or directory\n");
  }
  SECTION("fewer than three pages") {
    Result r = Rules({"draft", "--name", "x", pages[0], pages[2]});
    CHECK(r.code == 2);
    CHECK(r.err == "error: a draft needs at least 3 pages of one site, got 2\n");
  }
  SECTION("a page without URL, then the same with --domain and with --urls") {
    Result r = Rules({"draft", "--name", "x", pages[0], pages[1], pages[2]});
    CHECK(r.code == 2);
    CHECK(r.err == "error: " + pages[1] + ": no canonical link or og:url in the page; give the site with --domain\n");
    CHECK(Rules({"draft", "--name", "x", "--domain", "example-news.test", pages[0], pages[1], pages[2]}).code == 0);
    WriteFile(dir.path() + "/urls.txt", pages[1] + " " + DraftSitePage(1).url + "\n");
    CHECK(Rules({"draft", "--name", "x", "--urls", dir.path() + "/urls.txt", pages[0], pages[1], pages[2]}).code == 0);
    WriteFile(dir.path() + "/bad-urls.txt", "# comment\n" + pages[1] + "\n");
    r = Rules({"draft", "--name", "x", "--urls", dir.path() + "/bad-urls.txt", pages[0], pages[1], pages[2]});
    CHECK(r.code == 2);
    CHECK(r.err == "error: " + dir.path() + "/bad-urls.txt:2: expected 'PAGE URL'\n");
  }
}

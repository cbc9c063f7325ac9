// `pressoir extract --explain --html OUT.html` (issue 17, item 1) and `rules check --pages`
// (item 5): the preview file of a page with a rule, its errors, and the selector explanations
// the two commands share (extractors/selector_report.h). The preview loaded in a real browser is
// tests/cli/preview_browser_test.py.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

constexpr char kRule[] = R"(name: exemple
domains: [exemple.test]
body: [article .texte]
remove: [.partage, "div[data-pub]"]
title: [h1.titre]
)";

constexpr char kPage[] = R"(<html><head><link rel="canonical" href="https://exemple.test/a/1">
<script src="https://cdn.exemple.test/app.js"></script></head><body>
<article><h1 class="titre">Le titre de l'article</h1><div class="texte">
<p>Premier paragraphe de l'article, assez long pour être du texte.</p>
<div class="partage"><a href="https://reseau.test/share">Partager</a></div>
<p>Second paragraphe de l'article, lui aussi assez long.</p></div></article></body></html>)";

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run Command(int (*command)(const pressoir::cli::Args&, std::ostream&, std::ostream&),
            const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = command(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("extract --html writes a preview with the rule's marks and selectors", "[cli][preview]") {
  TempDir dir;
  WriteFile(dir.path() + "/sites/exemple.yaml", kRule);
  WriteFile(dir.path() + "/page.html", kPage);
  const std::string out = dir.path() + "/preview.html";
  Run run = Command(pressoir::cli::RunExtractCommand,
                    {"--explain", "--html", out, "--sites", dir.path() + "/sites", dir.path() + "/page.html"});
  INFO(run.err);
  REQUIRE(run.code == 0);
  CHECK(run.out.find(out + ": preview of " + dir.path() + "/page.html (rule exemple, rule, ") == 0);
  std::string html = ReadFileOrEmpty(out);
  CHECK(html.find("data-pressoir-mark=\"body\" data-pressoir-by=\"body: article .texte\"") != std::string::npos);
  CHECK(html.find("data-pressoir-mark=\"removed\" data-pressoir-by=\"remove: .partage\"") != std::string::npos);
  CHECK(html.find("data-pressoir-mark=\"title\" data-pressoir-by=\"title: h1.titre\"") != std::string::npos);
  // The selector table: each selector and its count, with the shared explanation.
  CHECK(html.find("data-pressoir-selector=\"div[data-pub]\" data-pressoir-key=\"remove\" data-pressoir-count=\"0\"") !=
        std::string::npos);
  CHECK(html.find("no element has the attribute(s) it tests (data-pub)") != std::string::npos);
  // The jsonl fields and where the metadata came from.
  CHECK(html.find("data-pressoir-field=\"canonical_url\">https://exemple.test/a/1<") != std::string::npos);
  CHECK(html.find("data-pressoir-field=\"title from\">selector 'h1.titre'") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("https://cdn.exemple.test") == std::string::npos);
  CHECK(html.find("data-pressoir-warning") == std::string::npos);
}

TEST_CASE("extract --html: a binary file, a missing file and bad usage are errors", "[cli][preview]") {
  TempDir dir;
  std::string png = "\x89PNG\r\n\x1a\n";
  png.append(std::string("\x00\x00\x00\x0dIHDR\x00\x01", 10));
  for (int i = 0; i < 200; ++i) png.push_back(static_cast<char>(i));
  WriteFile(dir.path() + "/image.html", png);
  const std::string out = dir.path() + "/preview.html";
  Run binary = Command(pressoir::cli::RunExtractCommand, {"--generic", "--html", out, dir.path() + "/image.html"});
  CHECK(binary.code == 1);
  CHECK(binary.err.find(dir.path() + "/image.html: binary data, not a page") != std::string::npos);
  CHECK(ReadFileOrEmpty(out).empty());

  Run missing = Command(pressoir::cli::RunExtractCommand, {"--generic", "--html", out, dir.path() + "/none.html"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find(dir.path() + "/none.html: cannot read file") != std::string::npos);

  WriteFile(dir.path() + "/page.html", kPage);
  Run unwritable = Command(pressoir::cli::RunExtractCommand,
                           {"--generic", "--html", dir.path() + "/no/such/dir/p.html", dir.path() + "/page.html"});
  CHECK(unwritable.code == 1);
  CHECK(unwritable.err.find("no/such/dir/p.html: cannot write") != std::string::npos);

  Run two = Command(pressoir::cli::RunExtractCommand, {"--generic", "--html", out, "--format", "jsonl",
                                                       dir.path() + "/page.html", dir.path() + "/page.html"});
  CHECK(two.code == 2);
  CHECK(two.err.find("--html takes one FILE") != std::string::npos);
}

TEST_CASE("rules check --pages explains each selector on the pages", "[cli][preview][rules]") {
  TempDir dir;
  WriteFile(dir.path() + "/exemple.yaml", kRule);
  WriteFile(dir.path() + "/a.html", kPage);
  WriteFile(dir.path() + "/b.html",
            "<html><body><article><div class=texte><p>Autre.</p></div></article></body></html>");
  Run run = Command(pressoir::cli::RunRulesCommand,
                    {"check", dir.path() + "/exemple.yaml", "--pages", dir.path() + "/a.html", dir.path() + "/b.html"});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  CHECK(run.out.find("exemple (" + dir.path() + "/exemple.yaml) on 2 page(s):\n") != std::string::npos);
  CHECK(run.out.find("  body 'article .texte': matches 2 elements on 2 of 2 pages\n") != std::string::npos);
  CHECK(run.out.find("  remove '.partage': matches 1 element on 1 of 2 pages\n") != std::string::npos);
  CHECK(run.out.find(
            "  remove 'div[data-pub]': matches nothing: no element has the attribute(s) it tests (data-pub)\n") !=
        std::string::npos);
  CHECK(run.out.find("  title 'h1.titre': matches 1 element on 1 of 2 pages; 1 page matched by no title selector\n") !=
        std::string::npos);

  Run unreadable = Command(pressoir::cli::RunRulesCommand,
                           {"check", dir.path() + "/exemple.yaml", "--pages", dir.path() + "/missing.html"});
  CHECK(unreadable.code == 1);
  CHECK(unreadable.err.find(dir.path() + "/missing.html: cannot read a page there") != std::string::npos);
  Run no_pages = Command(pressoir::cli::RunRulesCommand, {"check", dir.path() + "/exemple.yaml", "--pages"});
  CHECK(no_pages.code == 2);
}

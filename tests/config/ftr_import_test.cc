// Tests for the FiveFilters Full-Text RSS site config import (config/ftr_import.h): the mapping
// of each directive, file names to domains, strip_id_or_class semantics as FTR defines them,
// skipped directives, the written rule files (which must load with LoadSiteRulesFile and behave
// like the import), and the whole public-domain set when present (`rules import` itself:
// tests/cli/rules_import_command_test.cc).
#include "config/ftr_import.h"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "extractors/dom.h"
#include "extractors/extract.h"
#include "extractors/html_parser.h"
#include "extractors/selector.h"

namespace {

namespace fs = std::filesystem;
using pressoir::config::ConvertsFully;
using pressoir::config::FtrDirective;
using pressoir::config::FtrImportResult;
using pressoir::config::FtrOutcome;
using pressoir::config::ImportFtrFile;
using pressoir::config::ToYaml;
using pressoir::selector::Selector;
using Strs = std::vector<std::string>;

// A fresh directory under the system temp dir, removed with its contents at the end.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("pressoir-ftr-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `contents` to DIR/name and returns the path.
  std::string Write(const std::string& name, const std::string& contents) const {
    std::string path = (path_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

FtrImportResult Import(const std::string& file_name, const std::string& text) {
  ScratchDir dir;
  return ImportFtrFile(dir.Write(file_name, text));
}

const FtrDirective& DirectiveAt(const FtrImportResult& result, int line) {
  auto it = std::find_if(result.directives.begin(), result.directives.end(),
                         [&](const FtrDirective& directive) { return directive.line == line; });
  REQUIRE(it != result.directives.end());
  return *it;
}

std::string Ids(std::string_view html, const std::string& expression) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(html);
  std::string ids;
  for (const pressoir::dom::Node* node : Selector::Compile(expression).Select(document.root())) {
    const std::string* id = node->Attr("id");
    if (!ids.empty()) ids += ' ';
    ids += id != nullptr ? *id : node->tag;
  }
  return ids;
}

// The rules the import describes, compiled directly (what the written file must behave like).
pressoir::rules::SiteRules RulesOf(const FtrImportResult& result) {
  pressoir::rules::SiteRules rules;
  rules.name = result.name;
  rules.domains = result.domains;
  auto compile = [](const Strs& expressions) {
    std::vector<Selector> selectors;
    for (const std::string& expression : expressions) selectors.push_back(Selector::Compile(expression));
    return selectors;
  };
  rules.body = compile(result.body);
  rules.remove = compile(result.remove);
  rules.title = compile(result.title);
  rules.date = compile(result.date);
  rules.author = compile(result.author);
  return rules;
}

Strs Sources(const std::vector<Selector>& selectors) {
  Strs sources;
  for (const Selector& selector : selectors) sources.push_back(selector.source());
  return sources;
}

constexpr char kArticleConfig[] =
    "# Example site\n"
    "body: //div[@id='story']\n"
    "body: //article\n"
    "\n"
    "strip: //div[@class='share']\n"
    "strip_id_or_class: related\n"
    "strip_image_src: /ads/\n"
    "title: //h1\n"
    "date: //meta[@property='article:published_time']/@content\n"
    "author: //span[@class='byline']\n"
    "prune: no\n"
    "tidy: no\n"
    "test_url: https://www.example.com/2024/01/story.html\n";

constexpr char kArticlePage[] = R"(<!DOCTYPE html>
<html><head><title>Example</title>
<meta property="article:published_time" content="2024-01-15T08:00:00Z"></head>
<body>
<h1>The headline</h1>
<span class="byline">Ann Author</span>
<div id="story">
<p>First paragraph of the story, long enough to count as an article body for the extractor.</p>
<div class="share">Share on Facebook</div>
<p>Second paragraph of the story, which goes on about the subject for quite a while longer.</p>
<aside class="box related">Related: another story</aside>
<p>Third paragraph, <img src="https://example.com/ads/banner.png" alt="">closing the story with a final sentence.</p>
<p id="related">Read also: more stories</p>
</div>
</body></html>)";

// Each rule directive goes to the pressoir key of the same meaning (FTR's site config docs:
// body and strip are XPath; strip_id_or_class and strip_image_src are shorthands for strip).
TEST_CASE("FTR rule directives map to pressoir rule keys", "[config]") {
  FtrImportResult result = Import("example.com.txt", kArticleConfig);
  REQUIRE(result.ok());
  CHECK(result.name == "example.com");
  CHECK(result.domains == Strs{"example.com"});
  CHECK(result.body == Strs{"//div[@id='story']", "//article"});
  CHECK(result.remove == Strs{"//div[@class='share']",
                              "//*[contains(concat(' ',normalize-space(@class),' '),' related ') or @id='related']",
                              "//img[contains(@src,'/ads/')]"});
  CHECK(result.title == Strs{"//h1"});
  CHECK(result.date == Strs{"//meta[@property='article:published_time']/@content"});
  CHECK(result.author == Strs{"//span[@class='byline']"});
  CHECK(result.test_urls == Strs{"https://www.example.com/2024/01/story.html"});
  CHECK(result.notes.empty());
  CHECK(ConvertsFully(result));

  SECTION("line numbers count comments and blank lines") {
    CHECK(DirectiveAt(result, 2).name == "body");
    CHECK(DirectiveAt(result, 5).target == "remove");
    CHECK(DirectiveAt(result, 6).selector == result.remove[1]);
    CHECK(DirectiveAt(result, 11).outcome == FtrOutcome::kConverted);  // prune: no needs nothing
    CHECK(DirectiveAt(result, 13).target == "comment");
    CHECK(result.directives.size() == 11);
  }
  SECTION("repeated directives accumulate, in file order, without repeats") {
    FtrImportResult repeated = Import("example.com.txt", "strip: //nav\nstrip: //footer\nstrip: //nav\n");
    CHECK(repeated.remove == Strs{"//nav", "//footer"});
    CHECK(repeated.directives.size() == 3);
  }
  SECTION("prune: yes is noted, since pressoir never prunes rule output") {
    FtrImportResult pruned = Import("example.com.txt", "body: //article\nprune: yes\n");
    CHECK(DirectiveAt(pruned, 2).outcome == FtrOutcome::kNoted);
    REQUIRE(pruned.notes.size() == 1);
    CHECK(ConvertsFully(pruned));  // prune is not a rule directive
    CHECK(ToYaml(pruned).find("# note: prune: yes") != std::string::npos);
  }
  SECTION("CRLF line ends and a byte order mark are tolerated") {
    FtrImportResult crlf = Import("example.com.txt",
                                  "\xEF\xBB\xBF"
                                  "body: //article\r\ntitle: //h1\r\n");
    CHECK(crlf.body == Strs{"//article"});
    CHECK(crlf.title == Strs{"//h1"});
  }
}

// FTR looks up example.com.txt for example.com and www.example.com, and .example.com.txt for
// subdomains (SiteConfig::build); LICENSE.txt and global.txt name no host.
TEST_CASE("FTR file names give the site name and domains", "[config]") {
  SECTION("a plain host") {
    FtrImportResult result = Import("news.example.co.uk.txt", "body: //article\n");
    CHECK(result.name == "news.example.co.uk");
    CHECK(result.domains == Strs{"news.example.co.uk"});
  }
  SECTION("a leading dot is a subdomain wildcard with a name of its own") {
    FtrImportResult result = Import(".example.com.txt", "body: //article\n");
    REQUIRE(result.ok());
    CHECK(result.domains == Strs{"*.example.com"});
    CHECK(result.name == "example.com_subdomains");
    CHECK(ToYaml(result).find("subdomains only") != std::string::npos);
  }
  SECTION("files that are not site configs produce no rule") {
    for (const char* name : {"LICENSE.txt", "global.txt", "example.com.yaml", "a..b.txt"}) {
      FtrImportResult result = Import(name, "body: //article\n");
      CHECK_FALSE(result.ok());
      CHECK_FALSE(result.unreadable);
      CHECK(ToYaml(result).empty());
    }
  }
  SECTION("an unreadable file is reported, not thrown") {
    FtrImportResult result = ImportFtrFile("/nonexistent/dir/example.com.txt");
    CHECK_FALSE(result.ok());
    CHECK(result.unreadable);
  }
}

// FTR (ContentExtractor.php): strip_id_or_class X removes elements whose class attribute holds
// the token X or whose id is X; a class that merely contains X ("relatedness") is kept.
TEST_CASE("strip_id_or_class matches a class token or an id, not a substring", "[config]") {
  constexpr char kPage[] = R"(<body>
<div id="a" class="related">1</div>
<div id="b" class="box  related wide">2</div>
<div id="related">3</div>
<div id="c" class="relatedness">4</div>
<div id="d" class="unrelated">5</div>
<div id="e" data-x="related">6</div>
</body>)";
  FtrImportResult result = Import("example.com.txt", "strip_id_or_class: related\n");
  REQUIRE(result.remove.size() == 1);
  CHECK(Ids(kPage, result.remove[0]) == "a b related");

  SECTION("FTR trims quotes around the value") {
    FtrImportResult quoted = Import("example.com.txt", "strip_id_or_class: 'related'\n");
    CHECK(quoted.remove == result.remove);
  }
  SECTION("a value with an apostrophe is quoted with double quotes") {
    FtrImportResult apostrophe = Import("example.com.txt", "strip_id_or_class: it's\n");
    REQUIRE(apostrophe.remove.size() == 1);
    CHECK(Ids(R"(<div id="x" class="it's">x</div><div id="y" class="its">y</div>)", apostrophe.remove[0]) == "x");
  }
  SECTION("a value with both quote characters cannot be an XPath 1.0 literal") {
    FtrImportResult both = Import("example.com.txt", "strip_id_or_class: a'b\"c\n");
    CHECK(both.remove.empty());
    CHECK(DirectiveAt(both, 1).outcome == FtrOutcome::kSkipped);
    CHECK_FALSE(ConvertsFully(both));
  }
  SECTION("strip_image_src removes images whose src contains the value") {
    FtrImportResult images = Import("example.com.txt", "strip_image_src: doubleclick.net\n");
    REQUIRE(images.remove.size() == 1);
    CHECK(Ids(R"(<img id="ad" src="https://ad.doubleclick.net/x.gif"><img id="ok" src="/photo.jpg">)",
              images.remove[0]) == "ad");
  }
}

// Directives without a pressoir meaning are reported one by one, with the line and a reason,
// and listed as comments in the rule file; they never count against full conversion.
TEST_CASE("FTR directives without a pressoir meaning are reported as skipped", "[config]") {
  FtrImportResult result = Import("example.com.txt",
                                  "body: //article\n"                                   // 1
                                  "tidy: no\n"                                          // 2
                                  "replace_string(<p class=\"x\">): <p>\n"              // 3
                                  "strip_attr(user-agent): Mozilla/5.0 (X11): Gecko\n"  // 4
                                  "next_page_link: //a[@rel='next']\n"                  // 5
                                  "titl: //h1\n"                                        // 6
                                  "// a stray comment\n"                                // 7
                                  "find_string: \x02\n");                               // 8
  REQUIRE(result.ok());
  CHECK(ConvertsFully(result));
  for (int line = 2; line <= 8; ++line) {
    INFO("line " << line);
    const FtrDirective& directive = DirectiveAt(result, line);
    CHECK(directive.outcome == FtrOutcome::kSkipped);
    CHECK_FALSE(directive.reason.empty());
  }
  CHECK(DirectiveAt(result, 3).name == "replace_string");
  CHECK(DirectiveAt(result, 3).argument == "<p class=\"x\">");
  CHECK(DirectiveAt(result, 3).value == "<p>");
  CHECK(DirectiveAt(result, 4).argument == "user-agent");
  CHECK(DirectiveAt(result, 4).value == "Mozilla/5.0 (X11): Gecko");
  CHECK(DirectiveAt(result, 6).reason.find("unknown directive") != std::string::npos);
  CHECK(DirectiveAt(result, 7).name.empty());

  const std::string yaml = ToYaml(result);
  CHECK(yaml.find("# line 2: tidy: no\n") != std::string::npos);
  CHECK(yaml.find("# line 5: next_page_link: //a[@rel='next']\n") != std::string::npos);
  CHECK(yaml.find("# line 8: find_string: \\x02\n") != std::string::npos);  // control byte escaped
}

// Every selector is compiled as LoadSiteRulesFile will compile it; one that does not compile,
// or would not act as FTR's does in pressoir, is reported and left out.
TEST_CASE("FTR selectors that pressoir cannot use are reported and left out", "[config]") {
  FtrImportResult result = Import("example.com.txt",
                                  "body: //div[contains(@class='x')]\n"
                                  "body: //article\n"
                                  "strip: //img/@srcset\n"
                                  "body: substring-after(//script, 'x')\n"
                                  "title: substring-before(//meta[@property='og:title']/@content, ' | ')\n");
  CHECK(result.body == Strs{"//article"});
  CHECK(result.remove.empty());
  CHECK(result.title == Strs{"substring-before(//meta[@property='og:title']/@content, ' | ')"});
  const FtrDirective& broken = DirectiveAt(result, 1);
  CHECK(broken.outcome == FtrOutcome::kSkipped);
  CHECK(broken.reason.find("selector does not compile") == 0);
  CHECK(broken.reason.find("contains") != std::string::npos);  // the engine's message
  CHECK(DirectiveAt(result, 3).reason.find("attributes") != std::string::npos);
  CHECK(DirectiveAt(result, 4).reason.find("string") != std::string::npos);
  CHECK_FALSE(ConvertsFully(result));
  CHECK(ToYaml(result).find("# line 1: body: //div[contains(@class='x')]") != std::string::npos);
}

// The written rule file loads with LoadSiteRulesFile and extracts exactly what the imported
// rules extract.
TEST_CASE("imported rule files load back and behave like the import", "[config]") {
  ScratchDir dir;
  FtrImportResult result = ImportFtrFile(dir.Write("example.com.txt", std::string(kArticleConfig) +
                                                                          "strip: //div[@title='a: b # c']\n"
                                                                          "strip_id_or_class: \"x'y\"\n"
                                                                          "replace_string(#): '\"\x01 -- ]]> {}\n"));
  REQUIRE(result.ok());
  const std::string yaml_path = dir.Write("example.com.yaml", ToYaml(result));
  pressoir::rules::SiteRules loaded = pressoir::config::LoadSiteRulesFile(yaml_path);

  CHECK(loaded.name == result.name);
  CHECK(loaded.domains == result.domains);
  CHECK(Sources(loaded.body) == result.body);
  CHECK(Sources(loaded.remove) == result.remove);
  CHECK(Sources(loaded.title) == result.title);
  CHECK(Sources(loaded.date) == result.date);
  CHECK(Sources(loaded.author) == result.author);
  CHECK(loaded.MatchesHost("www.example.com"));
  CHECK_FALSE(loaded.MatchesHost("news.example.com"));

  pressoir::rules::SiteRules direct = RulesOf(result);
  pressoir::extract::Article from_file = pressoir::extract::Extract(kArticlePage, &loaded);
  pressoir::extract::Article from_import = pressoir::extract::Extract(kArticlePage, &direct);
  CHECK(from_file.extractor == pressoir::extract::ExtractorStep::kRule);
  CHECK(from_file.Text() == from_import.Text());
  CHECK(from_file.metadata.title == "The headline");
  CHECK(from_file.metadata.authors == Strs{"Ann Author"});
  const std::string text = from_file.Text();
  CHECK(text.find("Second paragraph") != std::string::npos);
  CHECK(text.find("Share on Facebook") == std::string::npos);
  CHECK(text.find("Related: another story") == std::string::npos);
  CHECK(text.find("Read also") == std::string::npos);

  SECTION("a wildcard file loads and matches subdomains") {
    FtrImportResult wildcard = ImportFtrFile(dir.Write(".example.org.txt", "body: //article\n"));
    pressoir::rules::SiteRules rules = pressoir::config::LoadSiteRulesFile(dir.Write("wild.yaml", ToYaml(wildcard)));
    CHECK(rules.MatchesHost("news.example.org"));
  }
  SECTION("a file whose every directive is skipped still loads") {
    FtrImportResult empty = ImportFtrFile(dir.Write("example.net.txt", "tidy: no\nhttp_header(a): b\n"));
    CHECK_NOTHROW(pressoir::config::LoadSiteRulesFile(dir.Write("empty.yaml", ToYaml(empty))));
  }
}

// The whole FTR set (../shared/ftr-site-config, when present): every file imports into a rule
// file that LoadSiteRulesFile accepts, so the importer never writes an invalid rule file.
TEST_CASE("every file of the FTR site config set imports into a valid rule file", "[config]") {
  const fs::path set = PRESSOIR_SOURCE_DIR "/../shared/ftr-site-config";
  std::error_code ec;
  if (!fs::is_directory(set, ec)) {
    WARN("skipped: " << set.string() << " is absent");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(set, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 1000);

  ScratchDir dir;
  int imported = 0;
  int fully = 0;
  int invalid = 0;
  for (const fs::path& file : files) {
    FtrImportResult result = ImportFtrFile(file.string());
    REQUIRE_FALSE(result.unreadable);
    if (!result.ok()) continue;  // LICENSE.txt, global.txt
    ++imported;
    if (ConvertsFully(result)) ++fully;
    const std::string yaml_path = dir.Write(result.name + ".yaml", ToYaml(result));
    try {
      pressoir::rules::SiteRules rules = pressoir::config::LoadSiteRulesFile(yaml_path);
      if (Sources(rules.body) != result.body || Sources(rules.remove) != result.remove) {
        FAIL_CHECK(file.filename().string() << ": selectors changed on the way through YAML");
      }
    } catch (const pressoir::config::ConfigError& error) {
      ++invalid;
      FAIL_CHECK(file.filename().string() << ": " << error.what());
    }
  }
  CHECK(invalid == 0);
  // Names are unique, so the whole import can live in one sites/ directory.
  CHECK(pressoir::config::LoadSiteRulesDirectory(dir.path()).errors.empty());
  std::ostringstream share;
  share << std::fixed << std::setprecision(1) << (imported == 0 ? 0.0 : 100.0 * fully / imported) << "%";
  WARN("FTR set: body/strip/title/date/author directives convert fully in " << fully << " of " << imported << " files ("
                                                                            << share.str() << ")");
}

}  // namespace

// http_header(name): value lines become fetch.headers, a Cookie header fetch.cookies; the
// rule file loads with them (issue 14). A bad header name is skipped with its reason.
TEST_CASE("FTR http_header lines become fetch headers and cookies", "[config]") {
  FtrImportResult result = Import("example.com.txt",
                                  "body: //article\n"                                          // 1
                                  "http_header(user-agent): Mozilla/5.0 (X11; Linux) Gecko\n"  // 2
                                  "http_header(referer): https://www.example.com/\n"           // 3
                                  "http_header(Cookie): consent=yes; region=be\n"              // 4
                                  "http_header(bad name): x\n");                               // 5
  REQUIRE(result.ok());
  using Fields = std::vector<std::pair<std::string, std::string>>;
  CHECK(result.headers ==
        Fields{{"user-agent", "Mozilla/5.0 (X11; Linux) Gecko"}, {"referer", "https://www.example.com/"}});
  CHECK(result.cookies == Fields{{"consent", "yes"}, {"region", "be"}});
  CHECK(DirectiveAt(result, 2).outcome == FtrOutcome::kConverted);
  CHECK(DirectiveAt(result, 4).target == "fetch.cookies");
  CHECK(DirectiveAt(result, 5).outcome == FtrOutcome::kSkipped);
  CHECK(DirectiveAt(result, 5).reason.find("not an HTTP header name") != std::string::npos);

  ScratchDir dir;
  pressoir::rules::SiteRules rules = pressoir::config::LoadSiteRulesFile(dir.Write("example.yaml", ToYaml(result)));
  CHECK(rules.fetch.headers == result.headers);
  CHECK(rules.fetch.cookies == result.cookies);
}

// Rule drafts from sample pages (extractors/rule_draft.h, issue 17 item 2): the body selector
// choice, the detection of blocks and lines that repeat across pages, the metadata selectors,
// the URL pattern generalisation and the errors for page sets that cannot make a draft.
#include "extractors/rule_draft.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "extractors/html_parser.h"
#include "extractors/regex.h"
#include "extractors/selector.h"
#include "extractors/text_serializer.h"
#include "tests/support/draft_site.h"

namespace {

using pressoir::draft::DraftOutcome;
using pressoir::draft::DraftPage;
using pressoir::draft::DraftRule;
using pressoir::draft::DraftValue;
using pressoir::testing::DraftSitePage;

std::vector<DraftPage> SitePages(int count, bool canonical = true) {
  std::vector<DraftPage> pages;
  for (int i = 0; i < count; ++i)
    pages.push_back({"page" + std::to_string(i) + ".html", DraftSitePage(i, canonical).html, ""});
  return pages;
}

DraftOutcome DraftSite(int count) { return DraftRule(SitePages(count), {"example", ""}); }

std::vector<pressoir::dom::Node*> Select(const std::string& expression, pressoir::dom::Document& document) {
  return pressoir::selector::Selector::Compile(expression).Select(document.root());
}

std::string FirstString(const std::string& expression, pressoir::dom::Document& document) {
  for (const std::string& value : pressoir::selector::Selector::Compile(expression).SelectStrings(document.root())) {
    std::string collapsed = pressoir::text::CollapseWhitespace(value);
    if (!collapsed.empty()) return collapsed;
  }
  return "";
}

bool AnyMatches(const std::vector<DraftValue>& values, int page, const std::string& css_of_block) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(DraftSitePage(page).html);
  std::vector<pressoir::dom::Node*> blocks = Select(css_of_block, document);
  for (const DraftValue& value : values) {
    for (pressoir::dom::Node* node : Select(value.value, document)) {
      if (std::find(blocks.begin(), blocks.end(), node) != blocks.end()) return true;
    }
  }
  return false;
}

}  // namespace

// The body selector finds the element that holds the article on every page, and only it,
// from stable names: not the per-build hash class (css-4711ab) nor the per-page layout class.
TEST_CASE("draft: the body selector matches the article container on every page", "[extractors]") {
  DraftOutcome outcome = DraftSite(4);
  REQUIRE(outcome.error.empty());
  REQUIRE(outcome.draft.has_value());
  REQUIRE(!outcome.draft->body.empty());
  const std::string body = outcome.draft->body.front().value;
  INFO(body);
  CHECK(body.find("css-") == std::string::npos);
  CHECK(body.find("layout-") == std::string::npos);
  CHECK(outcome.draft->body.front().comment.find("on 4 of 4 pages") != std::string::npos);
  // Also on a page the draft did not see.
  for (int page : {0, 1, 2, 3, 7}) {
    pressoir::dom::Document document = pressoir::html::ParseHtml(DraftSitePage(page).html);
    std::vector<pressoir::dom::Node*> matched = Select(body, document);
    REQUIRE(matched.size() == 1);
    CHECK(matched.front()->HasClass("story-body"));
  }
}

// Blocks inside the body that repeat on several pages (a share bar, a "related" box) become
// `remove` selectors; the article's paragraphs are never removed; a line repeated in the body
// of several pages becomes a `drop_lines` entry.
TEST_CASE("draft: repeated blocks and lines inside the body are removed", "[extractors]") {
  DraftOutcome outcome = DraftSite(4);
  REQUIRE(outcome.draft.has_value());
  const auto& draft = *outcome.draft;
  for (int page : {0, 5}) {
    CHECK(AnyMatches(draft.remove, page, ".share-bar"));
    CHECK(AnyMatches(draft.remove, page, ".related"));
    CHECK_FALSE(AnyMatches(draft.remove, page, ".story-body > p"));
    CHECK_FALSE(AnyMatches(draft.remove, page, ".story-body"));
  }
  std::vector<std::string> lines;
  for (const DraftValue& value : draft.drop_lines) lines.push_back(value.value);
  CHECK(lines == std::vector<std::string>{"Advertisement"});
}

// Title, date, author and lede selectors are chosen where the pages' metadata is, and read
// the right value on a page the draft did not see.
TEST_CASE("draft: metadata selectors read the title, date, author and lede", "[extractors]") {
  DraftOutcome outcome = DraftSite(3);
  REQUIRE(outcome.draft.has_value());
  const auto& draft = *outcome.draft;
  REQUIRE(!draft.title.empty());
  REQUIRE(!draft.date.empty());
  REQUIRE(!draft.author.empty());
  REQUIRE(!draft.lede.empty());
  pressoir::testing::DraftSiteArticle unseen = DraftSitePage(8);
  pressoir::dom::Document document = pressoir::html::ParseHtml(unseen.html);
  CHECK(FirstString(draft.title.front().value, document) == unseen.title);
  CHECK(FirstString(draft.date.front().value, document).substr(0, 10) == unseen.date);
  CHECK(FirstString(draft.author.front().value, document) == unseen.author);
  CHECK(FirstString(draft.lede.front().value, document) == unseen.lede);
  CHECK(draft.title.front().comment.find("of 3 pages") != std::string::npos);
}

// URL patterns: literal segments stay, dates and ids become digit classes, slugs a slug class;
// the pattern matches a new article of the same shape and not other pages of the site.
TEST_CASE("draft: article URL patterns are generalised from the pages' URLs", "[extractors]") {
  auto matches = [](const std::vector<std::string>& patterns, const std::string& url) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return pressoir::regex::Regex::Compile(p).Search(url); });
  };
  SECTION("dated paths") {
    std::vector<std::string> patterns = pressoir::draft::GeneralizeUrls({
        "https://www.example.com/news/2020/03/06/council-votes-budget",
        "https://example.com/news/2021/11/21/storm-hits-coast",
        "https://www.example.com/news/2019/01/02/new-park-opens",
    });
    REQUIRE(patterns.size() == 1);
    CHECK(patterns.front() == "^https?://(?:www\\.)?example\\.com/news/\\d{4}/\\d{2}/\\d{2}/[a-z0-9]+(?:-[a-z0-9]+)*$");
    CHECK(matches(patterns, "https://www.example.com/news/2022/05/30/a-new-article"));
    CHECK_FALSE(matches(patterns, "https://www.example.com/news/"));
    CHECK_FALSE(matches(patterns, "https://www.example.com/news/2022/05/30/"));
    CHECK_FALSE(matches(patterns, "https://www.other.com/news/2022/05/30/a-new-article"));
  }
  SECTION("a section, then a slug with an id and an extension") {
    std::vector<std::string> patterns = pressoir::draft::GeneralizeUrls({
        "http://www.example.be/sport/slug-one-123456.html",
        "http://www.example.be/monde/another-slug-654321.html",
        "http://www.example.be/sport/third-1234567.html",
    });
    REQUIRE(patterns.size() == 1);
    CHECK(patterns.front() ==
          "^https?://(?:www\\.)?example\\.be/[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*[-_]\\d+\\.html$");
    CHECK(matches(patterns, "http://www.example.be/culture/a-film-99.html"));
    CHECK_FALSE(matches(patterns, "http://www.example.be/culture/"));
  }
  SECTION("an id in the query") {
    std::vector<std::string> patterns = pressoir::draft::GeneralizeUrls({
        "http://www.example.org/apps/news/story.asp?NewsID=25318&Cr=kosovo",
        "http://www.example.org/apps/news/story.asp?NewsID=25400&Cr=iraq",
        "http://www.example.org/apps/news/story.asp?NewsID=2541&Cr1=",
    });
    REQUIRE(patterns.size() == 1);
    CHECK(matches(patterns, "http://www.example.org/apps/news/story.asp?NewsID=1&Cr=x"));
    CHECK_FALSE(matches(patterns, "http://www.example.org/apps/news/story.asp?page=2"));
    CHECK_FALSE(matches(patterns, "http://www.example.org/apps/news/index.asp?NewsID=1"));
  }
  SECTION("paths of different depths give one pattern each") {
    std::vector<std::string> patterns = pressoir::draft::GeneralizeUrls(
        {"https://example.com/a/1234", "https://example.com/a/5678", "https://example.com/b/c/9999"});
    CHECK(patterns.size() == 2);
  }
}

// Ids and classes that a build tool or a CMS generated are not used.
TEST_CASE("draft: generated names are not used in selectors", "[extractors]") {
  CHECK(pressoir::draft::IsGeneratedName("css-1x2y3z"));
  CHECK(pressoir::draft::IsGeneratedName("sc-bdVaJa"));
  CHECK(pressoir::draft::IsGeneratedName("post-12345"));
  CHECK(pressoir::draft::IsGeneratedName("a8f3e9c2"));
  CHECK_FALSE(pressoir::draft::IsGeneratedName("article-body"));
  CHECK_FALSE(pressoir::draft::IsGeneratedName("story_text"));
  CHECK_FALSE(pressoir::draft::IsGeneratedName("h2"));
  pressoir::dom::Document document = pressoir::html::ParseHtml(
      "<div id=\"post-12345\" class=\"css-1x2y3z entry-content\" itemprop=\"articleBody\"><p>x</p></div>");
  std::vector<std::string> candidates = pressoir::draft::CandidateSelectors(*Select("div", document).front());
  REQUIRE(!candidates.empty());
  CHECK(candidates.front() == "[itemprop=\"articleBody\"]");  // semantic first
  CHECK(std::find(candidates.begin(), candidates.end(), "div.entry-content") != candidates.end());
  for (const std::string& candidate : candidates) {
    CHECK(candidate.find("12345") == std::string::npos);
    CHECK(candidate.find("css-") == std::string::npos);
  }
}

// Page sets that cannot make a draft are refused with one line naming the page.
TEST_CASE("draft: errors name the problem and the page", "[extractors]") {
  SECTION("fewer than three pages") {
    DraftOutcome outcome = DraftSite(2);
    CHECK_FALSE(outcome.draft.has_value());
    CHECK(outcome.error == "a draft needs at least 3 pages of one site, got 2");
  }
  SECTION("pages of different hosts") {
    std::vector<DraftPage> pages = SitePages(3);
    pages[2].url = "https://news.other.test/2021/03/12/x";
    DraftOutcome outcome = DraftRule(pages, {"example", ""});
    CHECK_FALSE(outcome.draft.has_value());
    CHECK(outcome.error ==
          "pages of different hosts: page0.html is on www.example-news.test, page2.html on news.other.test (give the "
          "site's domain with --domain)");
    outcome = DraftRule(pages, {"example", "example-news.test"});
    CHECK(outcome.error == "page2.html: host news.other.test is not on the domain example-news.test");
  }
  SECTION("a page without canonical URL and no domain") {
    std::vector<DraftPage> pages = SitePages(3);
    pages[1].utf8_html = DraftSitePage(1, false).html;
    DraftOutcome outcome = DraftRule(pages, {"example", ""});
    CHECK_FALSE(outcome.draft.has_value());
    CHECK(outcome.error == "page1.html: no canonical link or og:url in the page; give the site with --domain");
    outcome = DraftRule(pages, {"example", "example-news.test"});
    CHECK(outcome.draft.has_value());
  }
  SECTION("a bad URL and a bad name") {
    std::vector<DraftPage> pages = SitePages(3);
    pages[0].url = "ftp://example-news.test/x";
    CHECK(DraftRule(pages, {"example", ""}).error ==
          "page0.html: URL 'ftp://example-news.test/x' is not an absolute http(s) URL");
    CHECK(DraftRule(SitePages(3), {"bad name", ""}).error ==
          "invalid rule name 'bad name' (letters, digits, '.', '-', '_' only)");
  }
}

// Between selectors that find the same text, a name without digits wins: "#part1" numbers a
// part of one page, "#storytext" names the article.
TEST_CASE("draft: names with digits lose ties to names without", "[extractors]") {
  std::vector<DraftPage> pages;
  for (int i = 0; i < 3; ++i) {
    std::string paragraphs;
    std::string body = DraftSitePage(i).body;
    for (size_t start = 0; start < body.size();) {
      size_t end = body.find("\n\n", start);
      if (end == std::string::npos) end = body.size();
      paragraphs += "<p>" + body.substr(start, end - start) + "</p>";
      start = end + 2;
    }
    pages.push_back({"p" + std::to_string(i) + ".html",
                     "<html><head><link rel=\"canonical\" href=\"https://ex.test/a/" + std::to_string(100 + i) +
                         "\"></head><body><div id=\"part1\"><div id=\"storytext\">" + paragraphs +
                         "</div></div></body></html>",
                     ""});
  }
  DraftOutcome outcome = DraftRule(pages, {"ex", ""});
  REQUIRE(outcome.draft.has_value());
  REQUIRE(!outcome.draft->body.empty());
  CHECK(outcome.draft->body.front().value == "#storytext");
}

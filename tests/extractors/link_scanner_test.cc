// The DOM-less link scanner (--no-extract): the same links as a full Gumbo parse on every real
// page of the fixtures, and the tokenizer rules that decide what is a link.
#include "extractors/link_scanner.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "extractors/dom.h"
#include "extractors/html_parser.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::links::PageLinks;
using pressoir::links::ScanLinks;

// The reference: the links of the tree Gumbo builds (what the crawler used before).
PageLinks GumboLinks(const std::string& html) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(html);
  PageLinks links;
  bool have_base = false;
  pressoir::dom::Walk(const_cast<pressoir::dom::Node*>(document.root()), [&](pressoir::dom::Node* node) {
    if (!node->IsElement()) return node->kind == pressoir::dom::NodeKind::kDocument;
    const std::string* href = node->Attr("href");
    if ((node->tag == "a" || node->tag == "area") && href) links.hrefs.push_back(*href);
    if (node->tag == "base" && href && !have_base) {
      links.base_href = *href;
      have_base = true;
    }
    return true;
  });
  return links;
}

std::vector<std::string> Hrefs(std::string_view html) { return ScanLinks(html).hrefs; }

}  // namespace

TEST_CASE("the link scanner finds what a Gumbo parse finds on every fixture page", "[extractors][links]") {
  int pages = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(PRESSOIR_SOURCE_DIR "/tests/fixtures")) {
    if (entry.path().extension() != ".html") continue;
    std::string html = pressoir::testing::ReadFileOrEmpty(entry.path().string());
    INFO(entry.path().string());
    PageLinks scanned = ScanLinks(html);
    PageLinks parsed = GumboLinks(html);
    CHECK(scanned.hrefs == parsed.hrefs);
    CHECK(scanned.base_href == parsed.base_href);
    ++pages;
  }
  CHECK(pages >= 20);
}

TEST_CASE("the link scanner follows the HTML tokenizer", "[extractors][links]") {
  // Attribute syntax: quotes, unquoted values, case, duplicates (the first wins), spaces.
  CHECK(Hrefs(R"(<a href="/1">x</a><A HREF='/2'>y</A><a href=/3>z</a><a href = "/4" href="/dup">)") ==
        std::vector<std::string>{"/1", "/2", "/3", "/4"});
  // A '>' inside a quoted value does not end the tag; abbr and article are not <a>.
  CHECK(Hrefs(R"(<a title="a > b" href="/ok"><abbr href="/no"><article href="/no">)") ==
        std::vector<std::string>{"/ok"});
  // Character references: numeric, the URL ones, legacy &amp without ';', and "&lt=" kept.
  CHECK(Hrefs(R"(<a href="/?a=1&amp;b=2&#38;c=3&#x26;d=4&ampe=5&lt=6&copy;">)") ==
        std::vector<std::string>{"/?a=1&b=2&c=3&d=4&ampe=5&lt=6&copy;"});
  CHECK(Hrefs("<a href=\"/x&amp\">") == std::vector<std::string>{"/x&"});
  CHECK(Hrefs("<a href=\"/&#150;&#0;\">") == std::vector<std::string>{"/\xE2\x80\x93\xEF\xBF\xBD"});
  // Comments, bogus comments, scripts, styles, textareas and titles hide tags.
  CHECK(Hrefs("<!-- <a href=/c> --><!--><a href=/1><!---><a href=/2><!-- -- --!><a href=/3>") ==
        std::vector<std::string>{"/1", "/2", "/3"});
  CHECK(Hrefs("<? <a href=/p> ?><a href=/1><!DOCTYPE html><a href=/2>") == std::vector<std::string>{"/1", "/2"});
  CHECK(Hrefs("<script>var s = '<a href=/s>';</script><a href=/1><style>a{}</style><a href=/2>"
              "<textarea><a href=/t></textarea><title><a href=/u></TITLE ><a href=/3>") ==
        std::vector<std::string>{"/1", "/2", "/3"});
  CHECK(Hrefs("<script>if (a</scripts) x();</script><a href=/1>") == std::vector<std::string>{"/1"});
  // End tags with quoted attributes, "</>", and text '<'.
  CHECK(Hrefs(R"(</div title=">"><a href=/1></><a href=/2>1 < 2 <a href=/3>)") ==
        std::vector<std::string>{"/1", "/2", "/3"});
  // Newlines in values are normalized; <area>; plaintext ends markup.
  CHECK(Hrefs("<a href=\"/a\r\nb\"><area href=/m><plaintext><a href=/no>") == std::vector<std::string>{"/a\nb", "/m"});
  // Truncated input: an unclosed tag, comment or script yields nothing more, never a crash.
  for (std::string_view cut : {"<a href=\"/x", "<a href=/x", "<!-- <a href=/x>", "<script><a href=/x>", "<a", "<",
                               "<a href=", "&", "<a href='&#", "<a href='&#x"}) {
    INFO(cut);
    CHECK(Hrefs(cut).empty());
  }
}

TEST_CASE("the link scanner reports base and alternate links", "[extractors][links]") {
  PageLinks links = ScanLinks(
      R"(<head><base href="https://a.test/"><base href="https://b.test/"><link rel="stylesheet" href="s.css">
         <LINK REL="Alternate" type="application/rss+xml" href="/rss?x=1&amp;y=2"><link rel=alternate href=/nl/>
         <link rel="alternate" type="application/atom+xml"></head>)");
  CHECK(links.base_href == "https://a.test/");
  REQUIRE(links.alternates.size() == 2);
  CHECK(links.alternates[0].type == "application/rss+xml");
  CHECK(links.alternates[0].href == "/rss?x=1&y=2");
  CHECK(links.alternates[1].type.empty());
  CHECK(links.alternates[1].href == "/nl/");
}

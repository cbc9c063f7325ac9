// Tests of html::StripNonText: what it removes before parsing, what it must keep, and that it
// survives malformed and truncated markup; and of html::BoundTreeShape, the bounds on the
// parser's tree: real markup untouched, hostile markup bounded, end tags kept balanced.
#include "extractors/html_prefilter.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "extractors/html_parser.h"

namespace {

using pressoir::html::BoundTreeShape;
using pressoir::html::IsHtmlTemplateType;
using pressoir::html::kMaxAttributes;
using pressoir::html::kMaxOpenElements;
using pressoir::html::StripNonText;

std::string Repeat(std::string_view unit, size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (size_t i = 0; i < count; ++i) out += unit;
  return out;
}

std::string Numbered(std::string_view before, std::string_view after, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += std::string(before) + std::to_string(i) + std::string(after);
  return out;
}

size_t Count(std::string_view text, std::string_view what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Depth of the deepest element and number of elements of the tree ParseHtml builds (which
// applies BoundTreeShape first), walked without recursion.
struct TreeSize {
  size_t depth = 0;
  size_t elements = 0;
};

TreeSize ParsedTreeSize(std::string_view html) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(html);
  TreeSize size;
  std::vector<std::pair<const pressoir::dom::Node*, size_t>> stack{{document.root(), 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (node->IsElement()) {
      ++size.elements;
      size.depth = std::max(size.depth, depth);
    }
    for (const pressoir::dom::Node* child : node->children) stack.emplace_back(child, depth + 1);
  }
  return size;
}

}  // namespace

// Scripts never hold article text; JSON-LD scripts hold the article's metadata and stay.
TEST_CASE("scripts are removed except JSON-LD", "[extractors]") {
  std::string out = StripNonText(
      "<p>a</p><script>var x = '</p>';</script><p>b</p>"
      "<SCRIPT type=\"text/javascript\" src=\"x.js\"></SCRIPT>"
      "<script type=\" Application/LD+JSON \">{\"headline\":\"h\"}</script>");
  CHECK(out == "<p>a</p><p>b</p><script type=\" Application/LD+JSON \">{\"headline\":\"h\"}</script>");
}

// An HTML template script may hold the only copy of the article (generic_extractor.h): it stays.
TEST_CASE("HTML template scripts are kept", "[extractors]") {
  std::string out = StripNonText(
      "<script type=\"text/template\"><p>a</p></script><script type=\" Text/X-Handlebars-Template\"><p>b</p>"
      "</script><script type=\"text/html\"><p>c</p></script><script type=\"text/javascript\">x()</script>");
  CHECK(out ==
        "<script type=\"text/template\"><p>a</p></script><script type=\" Text/X-Handlebars-Template\"><p>b</p>"
        "</script><script type=\"text/html\"><p>c</p></script>");
  CHECK(IsHtmlTemplateType("text/x-template"));
  CHECK_FALSE(IsHtmlTemplateType("text/javascript"));
  CHECK_FALSE(IsHtmlTemplateType("application/ld+json"));
}

// A title is a tooltip (dropped) except on <abbr> and <time>, where microformats put a
// machine-readable date (abbr.published[title]) that the date finder reads.
TEST_CASE("titles are dropped except the dates of abbr and time", "[extractors]") {
  std::string out = StripNonText(
      "<div title=\"tip\"><abbr class=\"published\" title=\"2019-03-04T10:00:00+01:00\">4 mars</abbr>"
      "<TIME Title=\"2019-03-05\">5 mars</TIME><a title=\"x\" href=\"/a\">a</a></div>");
  CHECK(out ==
        "<div><abbr class=\"published\" title=\"2019-03-04T10:00:00+01:00\">4 mars</abbr>"
        "<TIME Title=\"2019-03-05\">5 mars</TIME><a href=\"/a\">a</a></div>");
}

// Styles, templates, noscript fallbacks, embedded objects and <select> lists are not text.
TEST_CASE("style, template, noscript, iframe, object and select are removed", "[extractors]") {
  std::string out = StripNonText(
      "<style>p{color:red}</style><template><p>t</p></template><noscript><img></noscript>"
      "<iframe src=\"ad.html\">fallback</iframe><object><param name=a></object><embed src=x>"
      "<select><option>France</option></select><p>kept</p>");
  CHECK(out == "<p>kept</p>");
}

// <svg> may nest <svg>; the outer element goes as a whole, and "<svg/>" is complete.
TEST_CASE("nested and self-closing svg are removed", "[extractors]") {
  CHECK(StripNonText("a<svg><svg><path/></svg><text>x</text></svg>b") == "ab");
  CHECK(StripNonText("a<svg/>b<svg viewBox=\"0 0 1 1\"><use/></svg>c") == "abc");
}

// HTML comments, including IE conditional comments and the empty forms "<!-->" and "<!--->"
// (HTML §13.2.5.43-44), are removed; a DOCTYPE is kept.
TEST_CASE("comments are removed", "[extractors]") {
  CHECK(StripNonText("<!DOCTYPE html>a<!-- x --><!--[if IE]><p>ie</p><![endif]-->b<!-->c<!--->d") ==
        "<!DOCTYPE html>abcd");
}

// Inline data: URIs (base64 images, fonts) are emptied wherever they survive; the attribute
// stays, other attributes stay.
TEST_CASE("data URIs are emptied", "[extractors]") {
  CHECK(StripNonText("<a class=\"c\" href=\"data:text/plain;base64,AAAA\" id=\"A\">x</a>") ==
        "<a class=\"c\" href=\"\" id=\"A\">x</a>");
  CHECK(StripNonText("<div data-bg=DATA:image/gif;base64,R0 id=x>") == "<div data-bg= id=x>");
}

// Link targets are emptied only on request (StripOptions::empty_link_targets), on <a> and <area>
// alone: <link href> (canonical, feeds) and <base href> stay, and a kept attribute wins.
TEST_CASE("link targets are emptied when the caller asks", "[extractors]") {
  const std::string page =
      "<link rel=canonical href=\"https://n.test/a\"><base href=/b/><a class=k HREF='/x?y=1'>x</a>"
      "<area href=/m><a href>y</a><a name=z>z</a>";
  CHECK(StripNonText(page) == page);
  pressoir::html::StripOptions options;
  options.empty_link_targets = true;
  CHECK(StripNonText(page, options) ==
        "<link rel=canonical href=\"https://n.test/a\"><base href=/b/><a class=k HREF=''>x</a>"
        "<area href=><a href>y</a><a name=z>z</a>");
  options.keep_attributes = {"href"};
  CHECK(StripNonText(page, options) == page);
}

// Event handlers are script; presentational attributes, tooltips, image sources and form
// plumbing never hold article text and no extractor reads them. They go with the whitespace
// before them. Attributes that selectors and metadata use (class, id, href, rel, itemprop,
// datetime, content, data-*) are kept.
TEST_CASE("attributes no extractor reads are removed", "[extractors]") {
  CHECK(StripNonText("<a href=\"/x\" onclick=\"go('>')\" title=\"t\" class=\"k\" data-id=\"1\">x</a>") ==
        "<a href=\"/x\" class=\"k\" data-id=\"1\">x</a>");
  CHECK(StripNonText("<td width=\"10\" itemprop=\"articleBody\">x</td>") == "<td itemprop=\"articleBody\">x</td>");
  CHECK(StripNonText("<img class=c src=\"/a.jpg\" srcset=\"/a.jpg 2x\" alt=\"A\"><time datetime=\"2024\">") ==
        "<img class=c><time datetime=\"2024\">");
  CHECK(StripNonText("<form action=\"/s\" method=post><label for=q>Q</label></form>") ==
        "<form><label>Q</label></form>");
  CHECK(StripNonText("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:og=\"x\" lang=fr dir=ltr>") ==
        "<html lang=fr>");
  // A '/' before the attribute keeps its space: "<math/>" would be self-closing.
  CHECK(StripNonText("<math/ title=x>") == "<math/ >");
}

// An inline style is kept only when it may hide its element (the serializer skips
// display:none and visibility:hidden); other styles are presentation.
TEST_CASE("styles are kept only when they may hide", "[extractors]") {
  CHECK(StripNonText("<p style=\"color:red\">a</p><p style=\"DISPLAY: none\">b</p>") ==
        "<p>a</p><p style=\"DISPLAY: none\">b</p>");
  CHECK(StripNonText("<div style='visibility:hidden' id=x>") == "<div style='visibility:hidden' id=x>");
}

// Form state and presentation-only <link>s go; canonical links are metadata and stay.
TEST_CASE("hidden inputs and stylesheet links are removed", "[extractors]") {
  CHECK(StripNonText("<input type=\"hidden\" name=\"__VIEWSTATE\" value=\"abc\"><input name=q>") == "<input name=q>");
  CHECK(StripNonText("<link rel=\"stylesheet\" href=\"a.css\"><link rel=\"canonical\" href=\"/a\">") ==
        "<link rel=\"canonical\" href=\"/a\">");
}

// A run of whitespace renders as one space (CSS Text §4.1.1) except in preformatted text.
TEST_CASE("whitespace runs are collapsed outside pre", "[extractors]") {
  CHECK(StripNonText("<p>a \n\t b</p>\n\n  <pre>x\n\n  y</pre>  z") == "<p>a b</p>\n<pre>x\n\n  y</pre> z");
}

// Inside RCDATA/raw text elements and attribute values, "<script" is text, not a tag.
TEST_CASE("markup-like text in title, textarea and attributes is kept", "[extractors]") {
  std::string html =
      "<title>a <script> b</title><textarea><script>x</script></textarea>"
      "<a title2=\"<script>\" href=\"/\">l</a>";
  CHECK(StripNonText(html) == html);
}

// A construct whose end is missing keeps the rest of the input as written: the parser decides.
TEST_CASE("unclosed constructs keep the rest of the input", "[extractors]") {
  SECTION("script") { CHECK(StripNonText("a<script>var x;<p>b") == "a<script>var x;<p>b"); }
  SECTION("comment") { CHECK(StripNonText("a<!-- b <p>c") == "a<!-- b <p>c"); }
  SECTION("tag cut by the end of input") { CHECK(StripNonText("a<img src=\"x") == "a<img src=\"x"); }
  SECTION("svg without its end tag") { CHECK(StripNonText("a<svg><p>b") == "a<svg><p>b"); }
}

// A <title> that is never closed would swallow the page (RCDATA runs to the end of input);
// the prefilter ends it at the next tag, as lenient parsers do.
TEST_CASE("an unclosed title ends at the next tag", "[extractors]") {
  CHECK(StripNonText("<title>News<p>body</p>") == "<title>News</title><p>body</p>");
  CHECK(StripNonText("<title>a<title>b") == "<title>a</title><title>b</title>");
}

// An element never closed is looked for once, not at each of its start tags: the scan stays
// linear. Before, each unclosed <svg>, <select> or <title> scanned the rest of the page: 200 000
// of them took hours. Measured (Debug+ASan): 0.1-0.3 s each.
TEST_CASE("a page of unclosed svg, template, object, select or title is stripped in linear time", "[extractors]") {
  for (std::string_view tag : {"svg", "template", "object", "select", "title"}) {
    DYNAMIC_SECTION("<" << tag << ">") {
      std::string html = Repeat("<" + std::string(tag) + ">x", 200'000);
      auto start = std::chrono::steady_clock::now();
      std::string out = StripNonText(html);
      CHECK(SecondsSince(start) < 10);
      CHECK(Count(out, "x") == 200'000);  // nothing of the text is lost
    }
  }
}

// Inner elements that are closed are still removed when an outer one never is.
TEST_CASE("closed svg inside an unclosed one are still removed", "[extractors]") {
  CHECK(StripNonText("<svg>a<svg>b</svg>c") == "<svg>ac");
  CHECK(StripNonText("<svg>a<svg>b</svg>c<svg>d<svg>e</svg></svg>f") == "<svg>acf");
  CHECK(StripNonText("<svg>a<svg>b<svg/>c</svg>d") == "<svg>ad");
}

// Every prefix of a tricky input is handled without reading out of bounds (run under ASan).
TEST_CASE("truncated input at every length is safe", "[extractors]") {
  const std::string html =
      "<!DOCTYPE html><title>t</title><!-- c --><script type='application/ld+json'>{}</script>"
      "<svg><svg/></svg><a href=\"x\" onclick='y' src=data:z>t</a><pre> p </pre><SCRIPT>s"
      "</SCRIPT ><style>q</style ><input type=hidden><</";
  for (size_t length = 0; length <= html.size(); ++length) {
    std::string out = StripNonText(std::string_view(html).substr(0, length));
    CHECK(out.size() <= length + 8);  // only an inserted "</title>" can add bytes
  }
}

// Text is never removed from ordinary elements, and non-ASCII bytes pass through unchanged.
TEST_CASE("ordinary markup and UTF-8 text are kept byte for byte", "[extractors]") {
  std::string html = "<div class=\"article\"><h1>Élection à Paris</h1><p>« Bonjour », dit-il. Straße.</p></div>";
  CHECK(StripNonText(html) == html);
}

// ---------------------------------------------------------------------------------------------
// BoundTreeShape

// Real pages are never changed: the bounds are far above what real markup does, and the
// implied end tags of HTML (an unclosed <p>, <li>, <td>, <option>...) are not counted as open.
TEST_CASE("markup within the bounds is left as it is", "[extractors]") {
  const std::string cases[] = {
      "<body>" + Repeat("<p>paragraph", 10'000),
      "<ul>" + Repeat("<li>item", 10'000) + "</ul>",
      "<table>" + Repeat("<tr><td>a<td>b", 10'000) + "</table>",
      "<dl>" + Repeat("<dt>term<dd>definition", 10'000) + "</dl>",
      "<datalist>" + Repeat("<option>o", 10'000) + "</datalist>",
      Repeat("<h2>title</h3><p>text", 10'000),
      Repeat("<div><span>text</div>", 10'000),
      Repeat("<p><b>bold</p>", 10'000),
      Repeat("<a href=x>link<a href=y>link", 10'000),
      Repeat("<div>", kMaxOpenElements) + "text" + Repeat("</div>", kMaxOpenElements),
      Repeat("<div>", 200) + "<script>" + Repeat("<div>", 1000) + "</script><div>x",
      Repeat("<div>", 200) + "<!--" + Repeat("<div>", 1000) + "--><textarea><div></textarea><div>x",
      "<svg>" + Repeat("<path d=\"x\"/>", 10'000) + "</svg><math>" + Repeat("<mi/>", 10'000) + "</math>",
      "<div " + Numbered("data-a", "=x ", kMaxAttributes) + ">",
  };
  for (const std::string& html : cases) {
    INFO(html.substr(0, 80));
    CHECK_FALSE(BoundTreeShape(html).has_value());
  }
}

// Every page of the golden and end-to-end fixtures (real news pages) is within the bounds.
TEST_CASE("every fixture page is within the tree bounds", "[extractors]") {
  size_t pages = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(PRESSOIR_SOURCE_DIR "/tests/fixtures")) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    INFO(entry.path());
    CHECK_FALSE(BoundTreeShape(contents.str()).has_value());
    CHECK_FALSE(BoundTreeShape(StripNonText(contents.str())).has_value());
    ++pages;
  }
  CHECK(pages > 20);
}

// Past kMaxOpenElements open elements, start tags are removed with the end tags that close
// them; the text stays, and what follows is outside the kept elements again.
TEST_CASE("start tags past the depth bound are removed with their end tags", "[extractors]") {
  const size_t depth = kMaxOpenElements + 50;
  std::optional<std::string> out =
      BoundTreeShape(Repeat("<div>", depth) + "text<span>inner</span>" + Repeat("</div>", depth) + "<p>after");
  REQUIRE(out.has_value());
  CHECK(*out == Repeat("<div>", kMaxOpenElements) + "textinner" + Repeat("</div>", kMaxOpenElements) + "<p>after");
}

// The parser's tree stays within a constant factor of kMaxOpenElements deep, whatever makes it
// deep: a run of one tag, end tags that cannot close what they name, implied end tags that do
// not apply, nested tables, foreign content. Without the bound each of these builds a tree as
// deep as its number of repetitions (5 000 to 10 000 here).
TEST_CASE("the parsed tree stays shallow whatever the markup", "[extractors]") {
  const size_t n = 5000;
  const std::pair<std::string_view, std::string> cases[] = {
      {"div", Repeat("<div>", n)},
      {"b", Repeat("<b>", n)},
      {"span", Repeat("<span>", n)},
      {"custom elements", Numbered("<x-", ">", n)},
      {"span/div misnested", Repeat("<span><div></span>", n)},
      {"li across a section", "<ul>" + Repeat("<li><section>", n)},
      {"dd across an article", "<dl>" + Repeat("<dd><article>", n)},
      {"nested tables", Repeat("<table><td>", n)},
      {"nested tables with rows", Repeat("<table><tr><td>", n)},
      {"tables in captions", Repeat("<table><caption>", n)},
      {"button in span", Repeat("<button><span>", n)},
      {"a in div", Repeat("<a href=x><div>", n)},
      {"b across a div", Repeat("<b><div></b>", n)},
      {"ruby parts without ruby", Repeat("<rb><div>", n)},
      {"headings", Repeat("<h1><h2><div>", n)},
      {"select", Repeat("<select><div>", n)},
      {"forms", Repeat("<form><div>", n)},
      {"svg groups", "<svg>" + Repeat("<g>", n)},
      // "x/" is the value: an unquoted value takes the '/', so nothing self-closes here.
      {"svg paths with an unquoted value", "<svg>" + Repeat("<path d=x/>", n)},
      {"svg foreignObject", Repeat("<svg><foreignObject>", n)},
      // <body> and <font color|face|size> end foreign content: what follows is HTML again.
      {"svg left by body", "<svg><body>" + Repeat("<a><section></a>", n)},
      {"svg left by font", "<svg><font color=red>" + Repeat("<a><section></a>", n)},
      {"a across a section", Repeat("<a><section></a>", n)},
      {"math", Repeat("<math><mi>", n)},
      {"template", Repeat("<template><div>", n)},
      {"noscript", Repeat("<noscript><div>", n)},
  };
  for (const auto& [name, markup] : cases) {
    DYNAMIC_SECTION(name) {
      TreeSize size = ParsedTreeSize("<!DOCTYPE html><body>" + markup + "text");
      CHECK(size.depth <= 4 * kMaxOpenElements + pressoir::html::kMaxActiveFormatting + 3);
    }
  }
}

// Distinct formatting elements left open at the end of their block are re-opened by the parser
// in every later block (HTML §13.2.4.3): 5 000 paragraphs, each leaving one more <b> active,
// would hold 16 re-opened copies each (80 000 elements; 12.5 million for 5 000 distinct ones
// without the active-formatting bound). At most four are left active.
TEST_CASE("formatting elements left open are not re-opened in every later block", "[extractors]") {
  const size_t n = 5000;
  TreeSize size = ParsedTreeSize("<!DOCTYPE html><body>" + Numbered("<p><b class=c", ">x</p>", n));
  CHECK(size.elements < n * 8);
  // Real pages keep theirs: three unclosed bold spans re-open in the next paragraphs.
  CHECK_FALSE(BoundTreeShape("<p><b class=a>1</p><p><i>2</p><p><u>3</p><p>4</p>").has_value());
}

// Attributes past the first kMaxAttributes of a tag are removed, with the space before them;
// "/>" and "/ " before the end of the tag stay as written.
TEST_CASE("attributes past the bound are removed", "[extractors]") {
  const std::string kept = Numbered(" a", "=\"x y\"", kMaxAttributes);
  const std::string extra = Numbered(" b", "='>'", 100);
  CHECK(BoundTreeShape("<div" + kept + extra + ">t</div>") == "<div" + kept + ">t</div>");
  CHECK(BoundTreeShape("<br" + kept + extra + " />") == "<br" + kept + " />");
  CHECK(BoundTreeShape("<p>t</p" + kept + extra + ">") == "<p>t</p" + kept + ">");
  // A tag cut off by the end of the input is dropped by the parser anyway: all of it goes.
  CHECK(BoundTreeShape("<p>t</p><div" + kept + extra) == "<p>t</p>");
  CHECK_FALSE(BoundTreeShape("<p>t</p><div" + kept).has_value());
}

// Gumbo 0.10 aborts the whole process (an assertion in handle_in_table) on a CDATA section
// read inside an HTML integration point of <svg> or <math> in a table. The section reaches the
// parser as the bogus comment it is outside foreign content; scripts and comments keep theirs.
TEST_CASE("CDATA sections reach the parser as bogus comments", "[extractors]") {
  CHECK(BoundTreeShape("<p>a<![CDATA[ b ]]>c") == std::optional<std::string>("<p>a<?[CDATA[ b ]]>c"));
  CHECK_FALSE(BoundTreeShape("<script>//<![CDATA[\nx = 1;\n//]]></script>").has_value());
  CHECK_FALSE(BoundTreeShape("<!-- <![CDATA[ b ]]> -->").has_value());
  // Outside foreign content the tree is unchanged: the section was a comment, and is dropped.
  CHECK(pressoir::dom::TextContent(pressoir::html::ParseHtml("<p>a<![CDATA[ b ]]>c</p>").root()) == "ac");
  for (const char* html :
       {"<table><svg><foreignObject><![CDATA[ ]]>x", "<table><math><mi><![CDATA[ ]]>x",
        "<table><svg><desc><![CDATA[ ]]> <p>x",
        "<template><dd><!--x--!>y--></a ><mi><rt>\xef\xbf\xbd<mtext><table>\xef\xbf\xbd<<annotation-xml "
        "encoding=text/html><script>if (a<b) x</script><base><ol><nobr><!-- c --><svg><frameset>\xc2\x85</b></b>"
        "</b>&amp;\r<foreignObject><![CDATA[ z > ]]>\xc3\xa9\n"}) {
    INFO(html);
    pressoir::dom::Document document = pressoir::html::ParseHtml(html);  // aborted the process before
    CHECK(document.root() != nullptr);
  }
}

// Every prefix of a tricky input is handled without reading out of bounds (run under ASan).
TEST_CASE("BoundTreeShape is safe on truncated input", "[extractors]") {
  const std::string html = Repeat("<div a=1 b='2' c=\"3\">", kMaxOpenElements) +
                           "<p><b>x</p><svg><g/></svg><math><mi/></math><!-- <div> --><script><div></script>"
                           "<table><td><b class=x>y</table><" +
                           Repeat("</div >", kMaxOpenElements + 2) + "</";
  for (size_t length = 0; length <= html.size(); ++length) {
    std::optional<std::string> out = BoundTreeShape(std::string_view(html).substr(0, length));
    if (out) CHECK(out->size() * 2 <= length * 5);
  }
}

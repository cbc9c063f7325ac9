// Tests of html::StripNonText: what it removes before parsing, what it must keep, and that it
// survives malformed and truncated markup.
#include "extractors/html_prefilter.h"

#include <catch2/catch.hpp>

#include <string>

namespace {

using pressoir::html::StripNonText;

}  // namespace

// Scripts never hold article text; JSON-LD scripts hold the article's metadata and stay.
TEST_CASE("scripts are removed except JSON-LD", "[extractors]") {
  std::string out = StripNonText(
      "<p>a</p><script>var x = '</p>';</script><p>b</p>"
      "<SCRIPT type=\"text/javascript\" src=\"x.js\"></SCRIPT>"
      "<script type=\" Application/LD+JSON \">{\"headline\":\"h\"}</script>");
  CHECK(out ==
        "<p>a</p><p>b</p><script type=\" Application/LD+JSON \">{\"headline\":\"h\"}</script>");
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

// Event handlers are script; presentational attributes, tooltips, image sources and form
// plumbing never hold article text and no extractor reads them. They go with the whitespace
// before them. Attributes that selectors and metadata use (class, id, href, rel, itemprop,
// datetime, content, data-*) are kept.
TEST_CASE("attributes no extractor reads are removed", "[extractors]") {
  CHECK(StripNonText("<a href=\"/x\" onclick=\"go('>')\" title=\"t\" class=\"k\" data-id=\"1\">x</a>") ==
        "<a href=\"/x\" class=\"k\" data-id=\"1\">x</a>");
  CHECK(StripNonText("<td width=\"10\" itemprop=\"articleBody\">x</td>") ==
        "<td itemprop=\"articleBody\">x</td>");
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
  CHECK(StripNonText("<input type=\"hidden\" name=\"__VIEWSTATE\" value=\"abc\"><input name=q>") ==
        "<input name=q>");
  CHECK(StripNonText("<link rel=\"stylesheet\" href=\"a.css\"><link rel=\"canonical\" href=\"/a\">") ==
        "<link rel=\"canonical\" href=\"/a\">");
}

// A run of whitespace renders as one space (CSS Text §4.1.1) except in preformatted text.
TEST_CASE("whitespace runs are collapsed outside pre", "[extractors]") {
  CHECK(StripNonText("<p>a \n\t b</p>\n\n  <pre>x\n\n  y</pre>  z") ==
        "<p>a b</p>\n<pre>x\n\n  y</pre> z");
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
  std::string html =
      "<div class=\"article\"><h1>Élection à Paris</h1><p>« Bonjour », dit-il. Straße.</p></div>";
  CHECK(StripNonText(html) == html);
}

// Tests of the text set aside before parsing (text_runs.h): the tree that ParseHtml builds from
// StripNonText's output with placeholders and `runs` must be the tree of the same output with
// its text in place, node for node, on tricky markup, random markup and every real page at hand.
#include "extractors/text_runs.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/charset.h"
#include "extractors/html_parser.h"
#include "extractors/strip_non_text.h"

namespace {

using pressoir::dom::Node;
using pressoir::html::IsVerbatimText;
using pressoir::html::ParseHtml;
using pressoir::html::StripNonText;
using pressoir::html::StripOptions;
using pressoir::html::TextRuns;

// The whole tree, one line per node: depth, tag and attributes, or text.
void Dump(const Node* node, int depth, std::string& out) {
  out.append(static_cast<size_t>(depth), ' ');
  if (node->IsText()) {
    out += "\"" + node->text + "\"\n";
  } else {
    out += "<" + node->tag;
    for (const auto& attribute : node->attributes) out += " " + attribute.name + "=" + attribute.value;
    out += ">\n";
  }
  for (const Node* child : node->children) Dump(child, depth + 1, out);
}

std::string Tree(const pressoir::dom::Document& document) {
  std::string out;
  Dump(document.root(), 0, out);
  return out;
}

// The tree of the filtered page as it is, and the one with its text set aside and put back.
void CheckSameTree(const std::string& html, const StripOptions& options = {}) {
  TextRuns runs;
  std::string with_runs = StripNonText(html, options, &runs);
  std::string plain = StripNonText(html, options);
  INFO(html.substr(0, 300));
  REQUIRE(Tree(ParseHtml(with_runs, &runs)) == Tree(ParseHtml(plain)));
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

TEST_CASE("verbatim text is what the parser keeps byte for byte", "[extractors]") {
  CHECK(IsVerbatimText("Hello, world <3"));
  CHECK(IsVerbatimText("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80\t\n\f"));
  CHECK_FALSE(IsVerbatimText(""));
  CHECK_FALSE(IsVerbatimText(" leading space"));
  CHECK_FALSE(IsVerbatimText("a &amp; b"));
  CHECK_FALSE(IsVerbatimText("a\r\nb"));
  CHECK_FALSE(IsVerbatimText(std::string("a\0b", 3)));
  CHECK_FALSE(IsVerbatimText("a\x01z"));
  CHECK_FALSE(IsVerbatimText("a\x7Fz"));
  CHECK_FALSE(IsVerbatimText("C1 \xC2\x85"));               // U+0085
  CHECK_FALSE(IsVerbatimText("nonchar \xEF\xB7\x90"));      // U+FDD0
  CHECK_FALSE(IsVerbatimText("nonchar \xEF\xBF\xBF"));      // U+FFFF
  CHECK_FALSE(IsVerbatimText("nonchar \xF0\x9F\xBF\xBE"));  // U+1FFFE
  CHECK_FALSE(IsVerbatimText("private \xEE\x80\x80"));      // placeholder range
  CHECK_FALSE(IsVerbatimText("bad \xC3"));                  // truncated
  CHECK_FALSE(IsVerbatimText("bad \xE0\x80\x80"));          // overlong
  CHECK_FALSE(IsVerbatimText("surrogate \xED\xA0\x80"));
  CHECK(IsVerbatimText("\xEF\xBF\xBD replacement"));  // U+FFFD is kept
}

TEST_CASE("text is set aside and put back", "[extractors]") {
  TextRuns runs;
  std::string filtered = StripNonText("<p>  Hello   world  </p><p>a &amp; b</p>", {}, &runs);
  REQUIRE(runs.size() == 1);
  CHECK(runs.Run(0) == "Hello world ");
  CHECK(filtered == "<p> \xEE\x80\x80</p><p>a &amp; b</p>");
  const auto document = ParseHtml(filtered, &runs);
  CHECK(Tree(document) == Tree(ParseHtml("<p> Hello world </p><p>a &amp; b</p>")));

  // A page with its own U+E000-U+EFFF characters gets no placeholders.
  StripNonText("<p>icon \xEE\x80\x81</p><p>text</p>", {}, &runs);
  CHECK(runs.size() == 0);
}

TEST_CASE("the tree is the same with text set aside, on tricky markup", "[extractors]") {
  const std::string cases[] = {
      "<html><head> \n x <title>T &amp; t</title></head><body>y</body></html>",
      "  text before html<html>after",
      "<table> a <tr> b <td>c</td> d </tr> e </table> f",
      "<table><colgroup> x y<col></table>",
      "<frameset> a b <frame></frameset> c d",
      "<math><mi>x</mi><![CDATA[ a > b ]]> tail</math> after",
      "<svg><![CDATA[ a > b ]]></svg>rest",
      "<div>a < b <3 <?php echo 1 ?> c</div>",
      "<p>x</p></div class=\"a>b\">text \"quoted\" <p>y",
      "<script type=\"application/ld+json\"><!--<script>x</script>--> more</script> text <b>bold</b>",
      "<pre>\n  keep   this  </pre> after   pre",
      "<textarea>\n t <b> </textarea> text",
      "<select><option>one<option>two</select> text",
      "<b>one<p>two</b>three</p>four",
      "<a href=x>one<div>two</a>three</div>",
      "<body><p>line\r\nbreak</p><p>nul \0 byte</p>",
      "text at the end without a tag",
      "trailing lt <",
      "<ul><li>one<li>two</ul>  <ul> <li> three </li> </ul>",
      "<p>a</p><!-- c --><p>b</p>x<!-- d -->y",
      "<title>unclosed title <p>text",
      "<body></body></html> after the end",
      "<noframes> a <b> </noframes> x",
      "<plaintext> a <b> c",
      "<p>\xC2\x85 C1 control</p><p>caf\xC3\xA9</p>",
      // Text that meets a '<' or a '&' of the output once the markup between them is dropped.
      "<p>a <<!-- c -->two words</p><p><<link rel=stylesheet>b>c</p><p>x &am<!-- c -->p; y</p>",
      "<h2>x</h2>< <link rel=stylesheet>two words <link rel=stylesheet>two words </i><b>y</b>",
      "<?xml version=\"1.0\"?>\n<html><body><p>a <?x <!-- y --> z> w</p><p>v</p>",
      // Foreign content, where <title> and <textarea> hold markup.
      "<math><title><!--</title>abc--> def</math> ghi",
      "<svg><textarea><template></textarea><col>two words  here",
      "<svg><font color=red><colgroup>x<foreignObject><table><math><table>two words <p>y",
      // A <template> left open, and its column group, where only whitespace is kept.
      "<template><col>two words  here</p> after",
  };
  StripOptions keep_all;  // what a site rule's selectors may need kept
  keep_all.keep_elements = true;
  keep_all.keep_all_attributes = true;
  for (const std::string& html : cases) {
    CheckSameTree(html);
    CheckSameTree(html, keep_all);
  }
}

// Random markup from pieces that change how the parser reads text: the trees must match.
TEST_CASE("the tree is the same with text set aside, on random markup", "[extractors]") {
  const std::vector<std::string> pieces = {
      "<p>",
      "</p>",
      "<div>",
      "</div>",
      "<table>",
      "</table>",
      "<tr>",
      "<td>",
      "</td>",
      "<b>",
      "</b>",
      "<i>",
      "<a href=x>",
      "</a>",
      "<li>",
      "<ul>",
      "<pre>",
      "</pre>",
      "<math>",
      "</math>",
      "<svg>",
      "<head>",
      "<body>",
      "</body>",
      "<html>",
      "</html>",
      "<select>",
      "<option>",
      "<textarea>",
      "<title>",
      "</title>",
      "<frameset>",
      "<colgroup>",
      "<caption>",
      "<h1>",
      "<br>",
      "<!-- c -->",
      "<!x>",
      "<?y>",
      "< ",
      "<3",
      "&amp;",
      "&nbsp",
      "\r\n",
      " ",
      "\n\t ",
      "word",
      "two words ",
      " lead",
      "trail ",
      "\xC3\xA9",
      "\xE2\x80\x99",
      "</x y='>'>",
      "<![CDATA[ z > ]]>",
      "<template>",
      "</template>",
      "<col>",
      "<link rel=icon>",
      "<noscript>",
      "<style>s</style>",
      "<script>if (a<b) x</script>",
  };
  std::mt19937 random(20261206);
  for (int page = 0; page < 3000; ++page) {
    std::string html;
    const int count = 1 + static_cast<int>(random() % 30);
    for (int k = 0; k < count; ++k) html += pieces[random() % pieces.size()];
    CheckSameTree(html);
    StripOptions keep_all;
    keep_all.keep_elements = true;
    CheckSameTree(html, keep_all);
  }
}

// Every real page at hand: the fixtures and, when present, the extraction benchmark's pages.
TEST_CASE("the tree is the same with text set aside, on real pages", "[extractors]") {
  std::vector<std::filesystem::path> pages;
  for (const char* dir :
       {PRESSOIR_SOURCE_DIR "/tests/fixtures", PRESSOIR_SOURCE_DIR "/../shared/extraction-bench/html"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.path().extension() == ".html") pages.push_back(entry.path());
    }
  }
  CHECK(pages.size() > 20);
  size_t with_runs = 0;
  for (const auto& path : pages) {
    std::string html = pressoir::charset::DecodeToUtf8(ReadFile(path), "").utf8;
    INFO(path);
    CheckSameTree(html);
    TextRuns runs;
    StripNonText(html, {}, &runs);
    if (runs.size() > 0) ++with_runs;
  }
  CHECK(with_runs * 10 >= pages.size() * 9);  // nearly every page has its text set aside
}

// Tests for the selector engine (extractors/selector.h): CSS selectors, the XPath 1.0 subset
// used by FiveFilters Full-Text RSS site rules, error messages, and deep-tree safety.
#include "extractors/selector.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"
#include "extractors/html_parser.h"

namespace {

using pressoir::dom::Document;
using pressoir::dom::Node;
using pressoir::dom::NodeKind;
using pressoir::selector::Selector;
using pressoir::selector::SelectorError;

// A small article page shared by most cases. Element positions in #a: h1, p, p, span, p.
constexpr std::string_view kPage = R"(<!DOCTYPE html>
<html><head><title>Site - Headline</title><meta property="og:title" content="Headline"></head>
<body>
<div id="a" class="post main" data-x="en-US" lang="en-US">
<h1 id="t" class="entry-title">Title</h1>
<p id="p1" class="lead">One <b id="b1">bold</b></p>
<p id="p2">Two</p>
<span id="s1" title="x y">S</span>
<p id="p3" class="note  big">Three</p>
</div>
<div id="c"><p id="p4">Four</p></div>
</body></html>)";

// Names the nodes: the id attribute, else the tag, else "#text" / "#document".
std::string Describe(const std::vector<Node*>& nodes) {
  std::string out;
  for (const Node* node : nodes) {
    if (!out.empty()) out += ' ';
    if (node->IsText()) {
      out += "#text";
    } else if (node->kind == NodeKind::kDocument) {
      out += "#document";
    } else if (const std::string* id = node->Attr("id")) {
      out += *id;
    } else {
      out += node->tag;
    }
  }
  return out;
}

std::string Pick(std::string_view expression, Selector::Syntax syntax = Selector::Syntax::kAuto) {
  Document document = pressoir::html::ParseHtml(kPage);
  return Describe(Selector::Compile(expression, syntax).Select(document.root()));
}

std::vector<std::string> Strings(std::string_view expression) {
  Document document = pressoir::html::ParseHtml(kPage);
  return Selector::Compile(expression).SelectStrings(document.root());
}

Node* ById(Document& document, std::string_view id) {
  std::vector<Node*> found = Selector::Compile("#" + std::string(id)).Select(document.root());
  REQUIRE(found.size() == 1);
  return found.front();
}

std::string CompileError(std::string_view expression, Selector::Syntax syntax = Selector::Syntax::kAuto) {
  try {
    Selector::Compile(expression, syntax);
  } catch (const SelectorError& error) {
    return error.what();
  }
  return "(compiled)";
}

using Strs = std::vector<std::string>;

}  // namespace

// ---------------------------------------------------------------------------------------------
// CSS (Selectors Level 3).

// Type selectors and '*' match elements by tag name (Selectors 3 §6.1, §6.2).
TEST_CASE("css type and universal selectors", "[extractors]") {
  SECTION("type") { CHECK(Pick("div") == "a c"); }
  SECTION("universal") { CHECK(Pick("#a > *") == "t p1 p2 s1 p3"); }
  SECTION("universal alone covers every element") { CHECK(Pick("#c *") == "p4"); }
  SECTION("no match") { CHECK(Pick("article").empty()); }
}

// .class matches one whitespace-separated class; #id matches the id attribute (§6.4, §6.5).
TEST_CASE("css class and id selectors", "[extractors]") {
  SECTION("class") { CHECK(Pick(".lead") == "p1"); }
  SECTION("type with class") { CHECK(Pick("p.note") == "p3"); }
  SECTION("two classes, extra whitespace in the attribute") { CHECK(Pick(".note.big") == "p3"); }
  SECTION("id") { CHECK(Pick("#p2") == "p2"); }
  SECTION("compound of classes and id") { CHECK(Pick("div.post.main#a") == "a"); }
  SECTION("class is not a substring match") { CHECK(Pick(".mai").empty()); }
}

// Attribute selectors with every operator of Selectors 3 §6.3.1-2 and the Level 4 'i' flag.
TEST_CASE("css attribute selectors", "[extractors]") {
  SECTION("presence") { CHECK(Pick("[title]") == "s1"); }
  SECTION("equals") { CHECK(Pick("[class=lead]") == "p1"); }
  SECTION("includes word") { CHECK(Pick("[class~=big]") == "p3"); }
  SECTION("dash match") { CHECK(Pick("[data-x|=en]") == "a"); }
  SECTION("prefix") { CHECK(Pick("p[id^=p]") == "p1 p2 p3 p4"); }
  SECTION("suffix") { CHECK(Pick("[id$='1']") == "p1 b1 s1"); }
  SECTION("substring") { CHECK(Pick("[class*=tit]") == "t"); }
  SECTION("empty operand never matches prefix/suffix/substring") {
    CHECK(Pick("[id^='']").empty());
    CHECK(Pick("[id*=\"\"]").empty());
  }
  SECTION("unquoted, single- and double-quoted values are equivalent") {
    CHECK(Pick("[data-x=en-US]") == "a");
    CHECK(Pick("[data-x='en-US']") == "a");
    CHECK(Pick("[data-x=\"en-US\"]") == "a");
    CHECK(Pick("[ data-x = \"en-US\" ]") == "a");
  }
  SECTION("values are case-sensitive unless flagged with i") {
    CHECK(Pick("[data-x='EN-us']").empty());
    CHECK(Pick("[data-x='EN-us' i]") == "a");
  }
}

// HTML tag and attribute names are case-insensitive; the DOM stores them lower-case.
TEST_CASE("css names are case-insensitive", "[extractors]") {
  CHECK(Pick("DIV[DATA-X=en-US]") == "a");
  CHECK(Pick("P.lead") == "p1");
}

// Combinators: descendant, child '>', next sibling '+', subsequent sibling '~' (§8).
TEST_CASE("css combinators", "[extractors]") {
  SECTION("descendant") { CHECK(Pick("div b") == "b1"); }
  SECTION("child") {
    CHECK(Pick("div > b").empty());
    CHECK(Pick("#a>p") == "p1 p2 p3");
  }
  SECTION("next sibling is the next element only") {
    CHECK(Pick("h1 + p") == "p1");
    CHECK(Pick("#p2 + p").empty());
    CHECK(Pick("#p2 + span") == "s1");
  }
  SECTION("subsequent siblings") {
    CHECK(Pick("#p2 ~ p") == "p3");
    CHECK(Pick("h1 ~ p") == "p1 p2 p3");
  }
  SECTION("chains") { CHECK(Pick("body > div p > b") == "b1"); }
}

// :not() takes a compound selector or a list of them (Selectors 4 §4.3).
TEST_CASE("css :not()", "[extractors]") {
  CHECK(Pick("p:not(.lead)") == "p2 p3 p4");
  CHECK(Pick("p:not(.lead, #p2)") == "p3 p4");
  CHECK(Pick("#a > :not(p)") == "t s1");
  CHECK(Pick("p:not([class])") == "p2 p4");
  CHECK(Pick("p:not(:first-child)") == "p1 p2 p3");
}

// :first-child, :last-child, :only-child and the -of-type forms count element siblings (§6.6.5).
TEST_CASE("css structural pseudo-classes", "[extractors]") {
  SECTION("first-child") {
    CHECK(Pick("#a > :first-child") == "t");
    CHECK(Pick("p:first-child") == "p4");
  }
  SECTION("last-child") { CHECK(Pick("p:last-child") == "p3 p4"); }
  SECTION("only-child") {
    CHECK(Pick("b:only-child") == "b1");
    CHECK(Pick("p:only-child") == "p4");
  }
  SECTION("of-type") {
    CHECK(Pick("p:first-of-type") == "p1 p4");
    CHECK(Pick("p:last-of-type") == "p3 p4");
    CHECK(Pick("p:only-of-type") == "p4");
  }
  SECTION("empty and root") {
    CHECK(Pick("meta:empty") == "meta");
    CHECK(Pick(":root") == "html");
  }
}

// :nth-child(an+b) and relatives, with odd/even keywords (CSS Syntax §6 An+B).
TEST_CASE("css :nth-child() and :nth-of-type()", "[extractors]") {
  SECTION("keywords") {
    CHECK(Pick("#a > :nth-child(odd)") == "t p2 p3");
    CHECK(Pick("#a > :nth-child(even)") == "p1 s1");
  }
  SECTION("an+b forms") {
    CHECK(Pick("#a > :nth-child(n)") == "t p1 p2 s1 p3");
    CHECK(Pick("#a > :nth-child(2n+1)") == "t p2 p3");
    CHECK(Pick("#a > :nth-child( 2n + 1 )") == "t p2 p3");
    CHECK(Pick("#a > :nth-child(-n+2)") == "t p1");
    CHECK(Pick("#a > :nth-child(3)") == "p2");
  }
  SECTION("from the end") { CHECK(Pick("#a > :nth-last-child(1)") == "p3"); }
  SECTION("of type") {
    CHECK(Pick("p:nth-of-type(2)") == "p2");
    CHECK(Pick("p:nth-last-of-type(1)") == "p3 p4");
  }
}

// A selector group returns the union in document order without duplicates.
TEST_CASE("css groups are in document order without duplicates", "[extractors]") {
  CHECK(Pick("p#p4, h1, #p4") == "t p4");
  CHECK(Pick("p, .lead") == "p1 p2 p3 p4");
}

// Select() searches below and including its root; nothing above the root is visible.
TEST_CASE("selection is scoped to the root node", "[extractors]") {
  Document document = pressoir::html::ParseHtml(kPage);
  Node* a = ById(document, "a");
  SECTION("css includes the root itself") {
    CHECK(Describe(Selector::Compile("div").Select(a)) == "a");
    CHECK(Describe(Selector::Compile("p").Select(a)) == "p1 p2 p3");
  }
  SECTION("no axis climbs above the root") {
    CHECK(Describe(Selector::Compile("//b/ancestor::*").Select(a)) == "a p1");
    CHECK(Selector::Compile("body div").Select(a).empty());
    CHECK(Selector::Compile("//div/following-sibling::*").Select(a).empty());
  }
  SECTION("the root counts as an only child") {
    CHECK(Describe(Selector::Compile("div:first-child").Select(a)) == "a");
  }
  SECTION("an absolute path starts above the root element") {
    CHECK(Describe(Selector::Compile("/div/h1").Select(a)) == "t");
  }
  SECTION("null root selects nothing") {
    CHECK(Selector::Compile("p").Select(nullptr).empty());
    CHECK(Selector::Compile("//p").SelectStrings(nullptr).empty());
  }
}

// Malformed CSS is rejected at compile time with a lower-case message naming the column.
TEST_CASE("css syntax errors name the column", "[extractors]") {
  CHECK(CompileError("div]") == "unexpected ']' at column 4 in selector 'div]'");
  CHECK(CompileError("div[class") == "unclosed '[' at column 4 in selector 'div[class'");
  CHECK(CompileError("a:hover") == "unknown pseudo-class ':hover' at column 2 in selector 'a:hover'");
  CHECK(CompileError("p:nth-child(foo)") ==
        "bad :nth-child() argument 'foo' at column 13 in selector 'p:nth-child(foo)'");
  CHECK(CompileError("p:not(.a") == "unclosed '(' at column 6 in selector 'p:not(.a'");
  CHECK(CompileError("div >") == "missing selector after '>' at column 6 in selector 'div >'");
  CHECK(CompileError("p::before") == "css pseudo-elements are not supported at column 2 in selector 'p::before'");
  CHECK(CompileError("p:not(div p)", Selector::Syntax::kCss) ==
        "only compound selectors are supported inside :not() at column 11 in selector 'p:not(div "
        "p)'");
  CHECK(CompileError("   ") == "empty selector at column 1 in selector '   '");
  CHECK(CompileError("a,,b") == "unexpected ',' at column 3 in selector 'a,,b'");
}

// ---------------------------------------------------------------------------------------------
// XPath 1.0.

// Location paths: absolute, //-abbreviated and relative to the root node (XPath 1.0 §2.5).
TEST_CASE("xpath location paths", "[extractors]") {
  SECTION("descendants") {
    CHECK(Pick("//p") == "p1 p2 p3 p4");
    CHECK(Pick("//div//b") == "b1");
    CHECK(Pick("//*[@id='b1']") == "b1");
  }
  SECTION("absolute child paths") {
    CHECK(Pick("/html/body/div") == "a c");
    CHECK(Pick("/html/body/*") == "a c");
    CHECK(Pick("/html/body/div[2]/p") == "p4");
    CHECK(Pick("//div/p") == "p1 p2 p3 p4");
  }
  SECTION("the root alone") { CHECK(Pick("/") == "#document"); }
  SECTION("relative to an element root") {
    Document document = pressoir::html::ParseHtml(kPage);
    Node* a = ById(document, "a");
    CHECK(Describe(Selector::Compile(".//b").Select(a)) == "b1");
    CHECK(Describe(Selector::Compile("./p").Select(a)) == "p1 p2 p3");
    CHECK(Describe(Selector::Compile("p", Selector::Syntax::kXPath).Select(a)) == "p1 p2 p3");
  }
  SECTION("names are matched case-insensitively") { CHECK(Pick("//P[@ID='p2']") == "p2"); }
}

// Attribute predicates: presence, = and != with either quote style (§3.4).
TEST_CASE("xpath attribute predicates", "[extractors]") {
  CHECK(Pick("//span[@title]") == "s1");
  CHECK(Pick("//p[@class='lead']") == "p1");
  CHECK(Pick("//p[@class=\"lead\"]") == "p1");
  CHECK(Pick("//p[@id = 'p2']") == "p2");
  // != on a missing attribute is false: the node-set is empty, so no member differs.
  CHECK(Pick("//p[@class!='lead']") == "p3");
  CHECK(Pick("//p[@*='lead']") == "p1");
}

// String functions used by site rules: contains, starts-with, concat/normalize-space class
// idiom, and ends-with (XPath 2.0, accepted because rules use it).
TEST_CASE("xpath string functions in predicates", "[extractors]") {
  CHECK(Pick("//p[contains(@class,'no')]") == "p3");
  CHECK(Pick("//div[contains(concat(' ',normalize-space(@class),' '),' main ')]") == "a");
  CHECK(Pick("//p[contains(concat(' ',normalize-space(@class),' '),' no ')]").empty());
  CHECK(Pick("//p[starts-with(@id, 'p')]") == "p1 p2 p3 p4");
  CHECK(Pick("//p[ends-with(@id, '3')]") == "p3");
  CHECK(Pick("//p[string-length(@id) > 1][substring(@id, 2) = '4']") == "p4");
  CHECK(Pick("//div[lang('en')]") == "a");
}

// text(), '.', string() and normalize-space() compare against node text (§4.2, §5.7).
TEST_CASE("xpath predicates on text", "[extractors]") {
  CHECK(Pick("//p[contains(text(),'One')]") == "p1");
  CHECK(Pick("//p[text()='Two']") == "p2");
  CHECK(Pick("//p[.='One bold']") == "p1");
  CHECK(Pick("//h1[normalize-space()='Title']") == "t");
  CHECK(Pick("//p[string()='Four']") == "p4");
  CHECK(Pick("//p[contains(., 'bold')]") == "p1");
}

// and, or and not() combine predicates (§3.4, §4.3).
TEST_CASE("xpath boolean operators", "[extractors]") {
  CHECK(Pick("//p[@class and @id='p3']") == "p3");
  CHECK(Pick("//p[@id='p2' or @id='p4']") == "p2 p4");
  CHECK(Pick("//p[not(@class)]") == "p2 p4");
  CHECK(Pick("//p[contains(@class, 'note') and not(contains(@class, 'lead'))]") == "p3");
}

// Positional predicates count within each step's node list; (expr)[n] counts in the whole
// node-set; predicates apply left to right (§2.4, §3.3).
TEST_CASE("xpath positional predicates", "[extractors]") {
  SECTION("[n] is per parent") {
    CHECK(Pick("//p[1]") == "p1 p4");
    CHECK(Pick("//div[1]") == "a");
  }
  SECTION("(expr)[n] is over the whole set") {
    CHECK(Pick("(//p)[1]") == "p1");
    CHECK(Pick("(//p)[last()]") == "p4");
    CHECK(Pick("(//p)[position() > 1]") == "p2 p3 p4");
  }
  SECTION("last() and position()") {
    CHECK(Pick("//p[last()]") == "p3 p4");
    CHECK(Pick("//p[position()>1]") == "p2 p3");
    CHECK(Pick("//p[position() < last()]") == "p1 p2");
  }
  SECTION("multiple predicates renumber") {
    CHECK(Pick("//p[@class][2]") == "p3");
    CHECK(Pick("//p[2][@class]").empty());
  }
}

// Axes, including reverse axes whose positions count nearest-first (§2.2, §2.4).
TEST_CASE("xpath axes", "[extractors]") {
  SECTION("parent and ..") {
    CHECK(Pick("//b/parent::p") == "p1");
    CHECK(Pick("//b/..") == "p1");
  }
  SECTION("ancestor") {
    CHECK(Pick("//b/ancestor::div") == "a");
    CHECK(Pick("//b/ancestor::*[1]") == "p1");
    CHECK(Pick("//b/ancestor::*[2]") == "a");
    CHECK(Pick("//b/ancestor-or-self::*[1]") == "b1");
  }
  SECTION("siblings") {
    CHECK(Pick("//h1/following-sibling::p") == "p1 p2 p3");
    CHECK(Pick("//h1/following-sibling::*[1]") == "p1");
    CHECK(Pick("//p[@id='p3']/preceding-sibling::p") == "p1 p2");
    CHECK(Pick("//p[@id='p3']/preceding-sibling::p[1]") == "p2");
  }
  SECTION("child, descendant, self and .") {
    CHECK(Pick("//div[@id='a']/child::h1") == "t");
    CHECK(Pick("//div[@id='a']/descendant::b") == "b1");
    CHECK(Pick("//p/self::p[@class]") == "p1 p3");
    CHECK(Pick("//b/.") == "b1");
    CHECK(Pick("//div/descendant-or-self::*[@id='c']") == "c");
  }
  SECTION("following and preceding") {
    CHECK(Pick("//h1/following::p[1]") == "p1");
    CHECK(Pick("//p[@id='p4']/preceding::p[1]") == "p3");
    CHECK(Pick("//b/preceding::*[1]") == "t");
  }
}

// A final /text() step returns text nodes and /@attr returns attribute values; Select() then
// returns the text nodes and the attribute owners respectively (selector.h).
TEST_CASE("xpath text() and @attr final steps", "[extractors]") {
  SECTION("text()") {
    CHECK(Strings("//p[@id='p2']/text()") == Strs{"Two"});
    CHECK(Strings("//p[@id='p1']/text()") == Strs{"One "});
    CHECK(Pick("//p[@id='p1']/text()") == "#text");
  }
  SECTION("@attr") {
    CHECK(Strings("//meta[@property=\"og:title\"]/@content") == Strs{"Headline"});
    CHECK(Strings("//div/@id") == Strs{"a", "c"});
    CHECK(Pick("//meta/@content") == "meta");
  }
  SECTION("elements give their text content") {
    CHECK(Strings("//p[@id='p1']") == Strs{"One bold"});
    CHECK(Strings("//p[1]") == Strs{"One bold", "Four"});
  }
}

// '|' unions node-sets into document order without duplicates (§3.3).
TEST_CASE("xpath unions", "[extractors]") {
  CHECK(Pick("//h1 | //p[@id='p4']") == "t p4");
  CHECK(Pick("//p[@id='p4'] | //h1") == "t p4");
  CHECK(Pick("//p | //p[1]") == "p1 p2 p3 p4");
  CHECK(Pick("//footer/self::footer | //h1/following-sibling::*") == "p1 p2 s1 p3");
}

// id() selects by id, from a string of space-separated ids (§4.1).
TEST_CASE("xpath id()", "[extractors]") {
  CHECK(Pick("id('p2')") == "p2");
  CHECK(Pick("id('p4 p2')") == "p2 p4");
  CHECK(Pick("id(\"a\")/p") == "p1 p2 p3");
}

// Expressions that are strings, numbers or booleans give one string from SelectStrings (none
// when empty) and no nodes from Select.
TEST_CASE("xpath string-valued expressions", "[extractors]") {
  CHECK(Strings("substring-after(//title, '- ')") == Strs{"Headline"});
  CHECK(Strings("substring-before(//title, ' -')") == Strs{"Site"});
  CHECK(Strings("normalize-space(//meta[@property='og:title']/@content)") == Strs{"Headline"});
  CHECK(Strings("translate(//p[@id='p2'], 'T', 't')") == Strs{"two"});
  CHECK(Strings("concat('a', 'b', 'c')") == Strs{"abc"});
  CHECK(Strings("'Ryan A. Chapman'") == Strs{"Ryan A. Chapman"});
  CHECK(Strings("count(//p)") == Strs{"4"});
  CHECK(Strings("string-length(//title)") == Strs{"15"});
  CHECK(Strings("substring('12345', 1.5, 2.6)") == Strs{"234"});
  CHECK(Strings("1 div 4 + 2 * 3 - 7 mod 4") == Strs{"3.25"});
  CHECK(Strings("boolean(//h1)") == Strs{"true"});
  CHECK(Strings("substring-after(//title, 'missing')").empty());
  CHECK(Pick("substring-after(//title, '- ')").empty());
}

// Malformed XPath is rejected at compile time with a lower-case message naming the column.
TEST_CASE("xpath syntax errors name the column", "[extractors]") {
  CHECK(CompileError("//div[@id='a'") ==
        "expected ']' before end of selector at column 14 in selector '//div[@id='a''");
  CHECK(CompileError("//div)") == "unexpected ')' at column 6 in selector '//div)'");
  CHECK(CompileError("//a[foo()]") == "unknown xpath function 'foo()' at column 5 in selector '//a[foo()]'");
  CHECK(CompileError("//div[contains(@class='x')]") ==
        "function contains() takes 2 arguments, not 1 at column 7 in selector "
        "'//div[contains(@class='x')]'");
  CHECK(CompileError("//a/sideways::b") == "unknown xpath axis 'sideways' at column 5 in selector '//a/sideways::b'");
  CHECK(CompileError("//a[@x='y]") == "unterminated string literal at column 8 in selector '//a[@x='y]'");
  CHECK(CompileError("//div[]") == "empty predicate at column 7 in selector '//div[]'");
  CHECK(CompileError("///span") == "expected a node test but found '/' at column 3 in selector '///span'");
  CHECK(CompileError("//a[$x]") == "xpath variables are not supported at column 5 in selector '//a[$x]'");
  CHECK(CompileError("'a' | //p") == "union operand is not a node-set at column 1 in selector ''a' | //p'");
  CHECK(CompileError("//p[@a = 1 2]") == "expected ']' but found '2' at column 12 in selector '//p[@a = 1 2]'");
}

// Expressions nested past the limit are rejected instead of overflowing the parser's stack.
TEST_CASE("deeply nested expressions are rejected", "[extractors]") {
  const std::string xpath = std::string(5000, '(') + "//p" + std::string(5000, ')');
  CHECK_THROWS_WITH(Selector::Compile(xpath), Catch::Contains("nested too deeply"));
  std::string css = "p";
  for (int i = 0; i < 5000; ++i) css = "p:not(" + css + ")";
  CHECK_THROWS_AS(Selector::Compile(css), SelectorError);
}

// kAuto picks XPath for expressions starting with '/', './', '(', '..', '@', a quote, a digit or
// an XPath function call, CSS otherwise, and falls back to XPath when CSS fails but XPath parses.
TEST_CASE("syntax detection", "[extractors]") {
  CHECK(Selector::Compile("//div").is_xpath());
  CHECK(Selector::Compile(".//div").is_xpath());
  CHECK(Selector::Compile("(//p)[1]").is_xpath());
  CHECK(Selector::Compile("id('x')").is_xpath());
  CHECK(Selector::Compile("substring-after(//title, '-')").is_xpath());
  CHECK_FALSE(Selector::Compile("div.post > p").is_xpath());
  CHECK(Selector::Compile("div[@class='author']//h3").is_xpath());
  CHECK(Pick("div[@class='post main']//b").empty());  // relative to the document: no div child
  CHECK(Selector::Compile(" div p ").source() == " div p ");
  SECTION("forced syntax is not second-guessed") {
    CHECK_THROWS_AS(Selector::Compile("div[@class='x']", Selector::Syntax::kCss), SelectorError);
    CHECK_THROWS_AS(Selector::Compile("#a", Selector::Syntax::kXPath), SelectorError);
    CHECK(Selector::Compile("div", Selector::Syntax::kXPath).is_xpath());
  }
}

// Real FiveFilters Full-Text RSS rule expressions (copied from ftr-site-config) compile and
// select what their authors meant on a page shaped like the sites they target.
TEST_CASE("real full-text rss expressions", "[extractors]") {
  Document document = pressoir::html::ParseHtml(R"(
<html><head><title>A story | News</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-01-02">
<script type="application/ld+json">{"datePublished":"2024-01-02T10:00","dateModified":"x"}</script>
</head><body>
<header><h1 class="entry-title">A story</h1></header>
<article class="post hentry"><div class=" entry-content  main "><p>Body text</p>
<aside class="relatedStories">Related</aside><div class="x"><time datetime="2024">Jan</time></div>
<p class="id-Story-authors">Written on: Jane</p></div></article>
<footer>Foot</footer><div id="after">After</div>
</body></html>)");
  auto select = [&](std::string_view expression) {
    return Selector::Compile(expression, Selector::Syntax::kXPath).Select(document.root()).size();
  };
  auto strings = [&](std::string_view expression) {
    return Selector::Compile(expression, Selector::Syntax::kXPath).SelectStrings(document.root());
  };
  CHECK(select("//article[1]") == 1);
  CHECK(select("//div[contains(concat(' ',normalize-space(@class),' '),' entry-content ')]") == 1);
  CHECK(select("//article[contains(concat(' ',normalize-space(@class),' '),' post ')]") == 1);
  CHECK(select("//aside[contains(@class,'relatedStories')]") == 1);
  CHECK(select("//time/parent::div") == 1);
  CHECK(select("//footer/self::footer | //footer/following-sibling::*") == 2);
  CHECK(select("//h1[@class='entry-title']") == 1);
  CHECK(select("(//article)[1]") == 1);
  CHECK(strings("//meta[@name=\"author\"]/@content") == Strs{"Jane Doe"});
  CHECK(strings("//meta[@property=\"article:published_time\"]/@content") == Strs{"2024-01-02"});
  CHECK(strings("//time/@datetime") == Strs{"2024"});
  CHECK(strings("substring-after(//p[contains(@class, 'id-Story-authors')] , 'on:')") == Strs{" Jane"});
  CHECK(strings("substring-before(substring-after(//script[@type=\"application/ld+json\"], "
                "'\"datePublished\":\"'), '\",\"dateModified\"')") == Strs{"2024-01-02T10:00"});
  CHECK(strings("substring-before(//title, '|')") == Strs{"A story "});
  CHECK(strings("normalize-space(//meta[@property='og:title']/@content)").empty());
}

// Compiled selectors hold no per-document state: one selector, and its copies, match any
// number of documents.
TEST_CASE("a compiled selector is reusable", "[extractors]") {
  const Selector selector = Selector::Compile("//p[last()]");
  const Selector copy = selector;
  Document first = pressoir::html::ParseHtml("<p id=x>1</p><p id=y>2</p>");
  Document second = pressoir::html::ParseHtml("<div><p id=z>3</p></div>");
  CHECK(Describe(selector.Select(first.root())) == "y");
  CHECK(Describe(copy.Select(second.root())) == "z");
  CHECK(Describe(selector.Select(first.root())) == "y");
}

// Matching is iterative: a 100,000-deep tree must not overflow the stack (and stays linear for
// descendant selectors).
TEST_CASE("deep trees do not overflow the stack", "[extractors]") {
  constexpr int kDepth = 100000;
  Document document;
  Node* parent = document.root();
  for (int i = 0; i < kDepth; ++i) {
    Node* div = document.NewNode(NodeKind::kElement);
    div->tag = "div";
    div->parent = parent;
    parent->children.push_back(div);
    parent = div;
  }
  Node* p = document.NewNode(NodeKind::kElement);
  p->tag = "p";
  p->parent = parent;
  parent->children.push_back(p);
  Node* text = document.NewNode(NodeKind::kText);
  text->text = "deep";
  text->parent = p;
  p->children.push_back(text);

  auto count = [&](std::string_view expression) {
    return Selector::Compile(expression).Select(document.root()).size();
  };
  CHECK(count("div p") == 1);
  CHECK(count("div > p") == 1);
  CHECK(count("div div") == kDepth - 1);
  CHECK(count("//div//p") == 1);
  CHECK(count("//p/ancestor::div[1]") == 1);
  CHECK(count("//p/ancestor::div") == kDepth);
  CHECK(count("//div[1]") == kDepth);
  CHECK(count("div:first-child > p:not(.x)") == 1);
  CHECK(Selector::Compile("//p/text()").SelectStrings(document.root()) == Strs{"deep"});
  CHECK(Selector::Compile("string(/div)").SelectStrings(document.root()) == Strs{"deep"});
}

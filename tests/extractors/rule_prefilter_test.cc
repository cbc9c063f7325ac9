// A site rule's selectors match as on the page as written, although the pre-parse filter
// (html_prefilter.h) drops attributes, elements and whitespace (issue 13, item 2): every
// attribute selector form, for every attribute the filter drops, gives the same result on
// extract::ParseForRules' document as on the unfiltered parse; so do selectors that count
// siblings or read text. Also Selector::reads(), which decides what the filter keeps.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "extractors/extract.h"
#include "extractors/html_parser.h"
#include "extractors/selector.h"
#include "extractors/strip_non_text.h"
#include "extractors/text_serializer.h"

namespace {

using pressoir::dom::Document;
using pressoir::dom::Node;
using pressoir::extract::ParseForRules;
using pressoir::rules::SiteRules;
using pressoir::selector::DocumentReads;
using pressoir::selector::Selector;

using Strs = std::vector<std::string>;

// What a selector gives on a document: each selected node as tag#id (or its text, for text
// nodes), then its string values, whitespace-collapsed as Extract uses them (a title, date or
// author). Two documents of the same page compare equal when the selector behaves the same on
// both.
std::string Results(const Selector& selector, Document& document) {
  std::string out;
  for (const Node* node : selector.Select(document.root())) {
    if (node->IsText()) {
      out += "text(" + node->text + ") ";
      continue;
    }
    const std::string* id = node->Attr("id");
    out += node->tag + "#" + (id != nullptr ? *id : "") + " ";
  }
  out += "|";
  for (const std::string& value : selector.SelectStrings(document.root())) {
    out += " [" + pressoir::text::CollapseWhitespace(value) + "]";
  }
  return out;
}

// The rule a test runs: `expression` as its only body selector.
SiteRules RuleWith(std::string_view expression) {
  SiteRules rules;
  rules.name = "test";
  rules.body = {Selector::Compile(expression)};
  return rules;
}

// Results of `expression` on the unfiltered page, on the document Extract would run the rule on,
// and on the page through the default filter (what rules saw before the filter kept anything).
struct Compared {
  std::string unfiltered;
  std::string for_rule;
  std::string default_filter;
};

Compared Compare(std::string_view html, std::string_view expression) {
  const Selector selector = Selector::Compile(expression);
  Document unfiltered = pressoir::html::ParseHtml(html);
  SiteRules rules = RuleWith(expression);
  Document for_rule = ParseForRules(html, &rules);
  Document filtered = pressoir::html::ParseHtml(pressoir::html::StripNonText(html));
  return {Results(selector, unfiltered), Results(selector, for_rule), Results(selector, filtered)};
}

// A page where attribute `name` appears with values that each selector form below tells apart,
// on ordinary elements and on elements the filter drops (iframe, svg, hidden input).
std::string PageWith(std::string_view name) {
  const std::string a(name);
  return "<!DOCTYPE html><html><head><title>t</title><link id=l0 rel=stylesheet " + a +
         "=\"alpha\" href=/s.css></head><body>\n"
         "<div id=d1 " +
         a + "=\"alpha beta\">one</div>\n<p id=d2 " + a + "=\"alpha-x\">two</p>\n<span id=d3 " + a +
         "=\"data:image/png;base64,AAAA\">three</span>\n<img id=d4 " + a + "=\"/img/ads/banner.jpg\">\n<abbr id=d5 " +
         a + "=\"2024-01-15\" class=published>Jan 15</abbr>\n<div id=d6>none</div>\n<table id=d7 " + a +
         "=\"justify\"><tr><td id=d8 " + a + "=\"JUSTIFY\">cell</td></tr></table>\n<iframe id=d9 " + a +
         "=\"alpha\"></iframe><svg id=d10 " + a + "=\"alpha\"><g id=d11 " + a +
         "=\"alpha\"></g></svg><input id=d12 type=hidden " + a + "=\"alpha\">\n</body></html>";
}

// Every form of attribute selector, CSS and XPath, for attribute `name`.
Strs FormsFor(std::string_view name) {
  const std::string a(name);
  return {
      "[" + a + "]",
      "[" + a + "=\"alpha-x\"]",
      "[" + a + "~=\"beta\"]",
      "[" + a + "^=\"alpha\"]",
      "[" + a + "$=\".jpg\"]",
      "[" + a + "*=\"/ads/\"]",
      "[" + a + "|=\"alpha\"]",
      "[" + a + "=\"justify\" i]",
      "[" + a + "^=\"data:\"]",
      "div[" + a + "]",
      "img[" + a + "*=ads]",
      "td[" + a + "=JUSTIFY]",
      "div:not([" + a + "])",
      "//*[@" + a + "]",
      "//*[@" + a + "='alpha beta']",
      "//*[contains(@" + a + ", 'alpha')]",
      "//*[starts-with(@" + a + ", 'data:')]",
      "//abbr[@class='published']/@" + a,
      "//*/@" + a,
      "//div[not(@" + a + ")]",
      "//" + a + "/..",  // an element test named like the attribute: nothing, both ways
  };
}

}  // namespace

TEST_CASE("every attribute selector behaves as on the unfiltered page, for every attribute the filter drops",
          "[extractors]") {
  Strs names(pressoir::html::DroppedAttributeNames().begin(), pressoir::html::DroppedAttributeNames().end());
  // Dropped by rule rather than by name: event handlers, namespace declarations, and a style
  // that cannot hide its element.
  names.insert(names.end(), {"onclick", "xmlns", "style"});
  REQUIRE(names.size() > 40);
  for (const std::string& name : names) {
    const std::string page = PageWith(name);
    bool filter_changes_some_form = false;
    for (const std::string& form : FormsFor(name)) {
      INFO("attribute " << name << ", selector " << form);
      Compared compared = Compare(page, form);
      CHECK(compared.for_rule == compared.unfiltered);
      if (compared.default_filter != compared.unfiltered) filter_changes_some_form = true;
    }
    // The page does exercise the filter: without what the rule keeps, results differ.
    INFO("attribute " << name);
    CHECK(filter_changes_some_form);
  }
}

// The examples of the issue, through Extract: a body selected by align, a date read from
// <abbr title>, an image removed by its src (FTR's strip_image_src).
TEST_CASE("rules select by align, title and src through Extract", "[extractors]") {
  const char page[] = R"(<html><head><title>Page</title></head><body>
<div class="post"><h1>Le titre</h1><abbr class="published" title="2024-03-05T10:00:00Z">5 mars</abbr>
<div align="left">Menu</div>
<div align="justify"><p>Le texte de l'article, qui est justifié.</p><img src="/ads/pub.gif" alt="Publicité"></div>
</div></body></html>)";
  SiteRules rules;
  rules.name = "test";
  rules.body = {Selector::Compile("div[align=justify]")};
  rules.date = {Selector::Compile("//abbr[@class=\"published\"]/@title")};
  rules.remove = {Selector::Compile("img[src*=\"/ads/\"]")};
  pressoir::extract::ExtractOptions options;
  options.explain = true;
  pressoir::extract::Article article = pressoir::extract::Extract(page, &rules, options);
  CHECK(article.extractor == pressoir::extract::ExtractorStep::kRule);
  CHECK(article.matched_selector == "div[align=justify]");
  CHECK(article.Text(false) == "Le texte de l'article, qui est justifié.");
  CHECK(article.metadata.date == "2024-03-05T10:00:00Z");
  bool image_removed = false;
  for (const std::string& line : article.explain) {
    if (line.starts_with("removed by 'img[src*=\"/ads/\"]': img")) image_removed = true;
  }
  CHECK(image_removed);
}

// Sibling counts, sibling combinators, :empty and text: the filter's dropped elements (script,
// hidden input, svg), blank text and collapsed whitespace must not show.
TEST_CASE("selectors that count siblings or read text behave as on the unfiltered page", "[extractors]") {
  const std::string page =
      "<html><body><div id=a>\n  \n</div><div id=b><h2 id=h>T</h2><script>var x = 1;</script>"
      "<p id=p1>a  b</p><input type=hidden name=k value=v><p id=p2>c</p></div>"
      "<div id=c><svg class=icon><path d=M0/></svg><span id=s class=icon>i</span></div>"
      "<ul id=u><li id=l1>x<!-- c -->y</li>\n\n<li id=l2>z</li></ul></body></html>";
  const Strs forms = {"h2 + p",
                      "h2 + *",
                      "p:first-of-type",
                      "#b > :nth-child(2)",
                      "#b > p:nth-child(3)",
                      "div:empty",
                      ".icon",
                      "#b *",
                      "#u > li:last-child",
                      "//p[. = 'a  b']",
                      "//div/text()",
                      "//p[contains(., 'a  b')]",
                      "//ul/node()",
                      "//li[1]/text()",
                      "//*[@id='b']/*[2]",
                      "count(//div/*)",
                      "//h2/following-sibling::*[1]",
                      "//input/@value",
                      "//li[string-length(.) = 2]"};
  size_t changed_by_filter = 0;
  for (const std::string& form : forms) {
    INFO("selector " << form);
    Compared compared = Compare(page, form);
    CHECK(compared.for_rule == compared.unfiltered);
    if (compared.default_filter != compared.unfiltered) ++changed_by_filter;
  }
  // Most of them would not match as written through the default filter.
  CHECK(changed_by_filter >= forms.size() / 2);
}

// StripOptions itself: what it keeps, and that the rest of the filter still applies.
TEST_CASE("StripNonText keeps the attributes and elements StripOptions names", "[extractors]") {
  using pressoir::html::StripNonText;
  using pressoir::html::StripOptions;
  const std::string page =
      "<div align=center title=\"T\" width=1 onclick=\"x()\"><img src=\"data:image/gif;base64,R0\" alt=A>"
      "<script>var a = '<p>';</script><!-- c --><svg><g/></svg><noscript><p>n</p></noscript>"
      "<input type=hidden value=v><link rel=stylesheet href=s.css>  \n  <p>t</p></div>";
  StripOptions attributes;
  attributes.keep_attributes = {"align", "src", "title"};
  CHECK(StripNonText(page, attributes) ==
        "<div align=center title=\"T\"><img src=\"data:image/gif;base64,R0\"><p>t</p></div>");
  StripOptions all;
  all.keep_all_attributes = true;
  all.keep_elements = true;
  CHECK(StripNonText(page, all) ==
        "<div align=center title=\"T\" width=1 onclick=\"x()\"><img src=\"data:image/gif;base64,R0\" alt=A>"
        "<script>var a = '<p>';</script><svg><g/></svg><noscript><p>n</p></noscript>"
        "<input type=hidden value=v><link rel=stylesheet href=s.css><p>t</p></div>");
  CHECK(StripNonText(page) == "<div><img><p>t</p></div>");
}

TEST_CASE("Selector::reads names the attributes and the text a selector can observe", "[extractors]") {
  auto reads = [](std::string_view expression) { return Selector::Compile(expression).reads(); };
  CHECK(reads("div.post > p").attributes.empty());
  CHECK_FALSE(reads("div.post > p").text);
  CHECK(reads("img[SRC*=ads][Alt]").attributes == Strs{"alt", "src"});
  CHECK(reads("//abbr[@class='published']/@TITLE").attributes == Strs{"class", "title"});
  CHECK(reads("a:not([target])").attributes == Strs{"target"});
  CHECK(reads("//div[lang('fr')]").attributes == Strs{"lang", "xml:lang"});
  CHECK(reads("//img/@*").all_attributes);
  CHECK(reads("//img[attribute::node()]").all_attributes);
  CHECK_FALSE(reads("//img[@src]").all_attributes);
  // FTR's strip_id_or_class: string functions on attributes read no text.
  CHECK_FALSE(reads("//*[contains(concat(' ',normalize-space(@class),' '),' related ') or @id='related']").text);
  CHECK_FALSE(reads("//div[@id='x']//p[1]").text);
  CHECK_FALSE(reads("//p[count(a) > 1]").text);
  CHECK(reads("//p/text()").text);
  CHECK(reads("//p[contains(., 'x')]").text);
  CHECK(reads("//p[normalize-space()]").text);
  CHECK(reads("//p[span = 'x']").text);
  CHECK(reads("substring-before(//title, '|')").text);
  CHECK(reads("//div/node()").text);
  CHECK(reads("p:empty").text);
  DocumentReads merged = reads("[src]");
  merged.Merge(reads("//a/@title"));
  merged.Merge(reads("[src]"));
  CHECK(merged.attributes == Strs{"src", "title"});
}

// The generic extractor sees what it always saw: without a rule, or with a rule that has no
// extraction selectors, the page goes through the full filter.
TEST_CASE("pages without rule selectors get the full filter", "[extractors]") {
  const std::string page = PageWith("title");
  auto tree = [](Document& document) {
    return Results(Selector::Compile("//*"), document) + Results(Selector::Compile("//*/@*"), document);
  };
  Document expected = pressoir::html::ParseHtml(pressoir::html::StripNonText(page));
  Document without_rule = ParseForRules(page, nullptr);
  SiteRules crawl_only;
  crawl_only.name = "crawl-only";
  Document with_crawl_only_rule = ParseForRules(page, &crawl_only);
  CHECK(tree(without_rule) == tree(expected));
  CHECK(tree(with_crawl_only_rule) == tree(expected));
}

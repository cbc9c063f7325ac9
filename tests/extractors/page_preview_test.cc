// The extraction preview (extractors/page_preview.h): numbering, marks tied to the cascade's
// decisions, and a file that runs no script and loads nothing, also from hostile pages.
#include "extractors/page_preview.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/ascii.h"
#include "extractors/html_parser.h"

namespace {

using pressoir::dom::Node;
using pressoir::extract::Extract;
using pressoir::extract::ExtractOptions;
using pressoir::rules::SiteRules;
using pressoir::selector::Selector;
namespace preview = pressoir::preview;

constexpr char kArticle[] = R"X(<!DOCTYPE html><html><head><meta charset="utf-8"><title>T</title>
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<style>@import url("https://fonts.example.net/f.css"); body { background: url(https://img.example.net/bg.png) }
@font-face { font-family: X; src: url('//fonts.example.net/x.woff2') format('woff2') }</style>
<script>window.track("</div>")</script></head>
<body onload="steal()"><nav><a href="/a">Accueil</a> <a href="/b">Monde</a></nav>
<article><h1 class="headline">Un budget voté de justesse</h1>
<p class="lede">Le chapeau de l'article, qui résume l'affaire en une phrase.</p>
<span class="byline">Marie Dupont</span><time datetime="2024-03-05">5 mars 2024</time>
<div class="share-bar"><a href="https://social.example.com/share">Partager</a></div>
<p>Le premier paragraphe raconte la séance, avec assez de mots pour être du texte.</p>
<img src="https://img.example.net/photo.jpg" srcset="https://img.example.net/p2.jpg 2x" alt="photo">
<p style="background-image: url(http://img.example.net/x.png)">Le second paragraphe donne les chiffres du vote.</p>
<a href="javascript:alert(1)">lien</a>
<iframe src="https://video.example.com/embed/1"></iframe>
</article><footer>Pied de page</footer></body></html>)X";

SiteRules ArticleRule() {
  SiteRules rules;
  rules.name = "exemple";
  rules.file = "sites/exemple.yaml";
  rules.body = {Selector::Compile("article")};
  rules.remove = {Selector::Compile(".share-bar")};
  rules.title = {Selector::Compile("h1.headline")};
  rules.author = {Selector::Compile(".byline")};
  rules.date = {Selector::Compile("//time/@datetime")};
  rules.lede = {Selector::Compile("p.lede")};
  return rules;
}

// The preview as `extract --html` builds it: extraction on the numbered page, then Render().
std::string PreviewOf(const std::string& page, const SiteRules* rules, std::vector<std::string>* bys = nullptr) {
  std::string numbered = preview::NumberElements(page);
  ExtractOptions options;
  options.explain = true;
  options.node_id_attribute = preview::kNodeIdAttribute;
  pressoir::extract::Article article = Extract(numbered, rules, options);
  if (bys != nullptr) {
    for (const auto& decision : article.decisions) bys->push_back(decision.by);
  }
  preview::PreviewInfo info;
  info.file = "page.html";
  info.text = article.Text();
  info.faithful = article.Text() == Extract(page, rules, {}).Text();
  return preview::Render(numbered, article.decisions, info);
}

// Every element of the preview, parsed again as a browser would.
struct Parsed {
  pressoir::dom::Document document;
  std::vector<const Node*> elements;
};

Parsed Parse(const std::string& html) {
  Parsed parsed{pressoir::html::ParseHtml(html), {}};
  pressoir::dom::Walk(parsed.document.root(), [&](Node* node) {
    if (node->IsElement()) parsed.elements.push_back(node);
    return true;
  });
  return parsed;
}

// The elements whose data-pressoir-mark has `mark`.
std::vector<const Node*> Marked(const Parsed& parsed, const std::string& mark) {
  std::vector<const Node*> found;
  for (const Node* element : parsed.elements) {
    const std::string* marks = element->Attr("data-pressoir-mark");
    if (marks != nullptr && (" " + *marks + " ").find(" " + mark + " ") != std::string::npos) found.push_back(element);
  }
  return found;
}

bool HasClass(const Node* node, const char* name) { return node->HasClass(name); }

// What a file made by Render() must never hold: a script, an event handler, a javascript: URL
// in an attribute a browser follows, or a URL that loads anything from the network.
void RequireInert(const std::string& html) {
  Parsed parsed = Parse(html);
  for (const Node* element : parsed.elements) {
    INFO("element <" << element->tag << ">");
    CHECK(element->tag != "script");
    CHECK(element->tag != "iframe");
    CHECK(element->tag != "object");
    CHECK(element->tag != "embed");
    CHECK(element->tag != "link");
    CHECK(element->tag != "base");
    for (const auto& attribute : element->attributes) {
      INFO("attribute " << attribute.name << "=\"" << attribute.value << "\"");
      CHECK_FALSE(attribute.name.starts_with("on"));
      bool data_attribute = attribute.name.starts_with("data-");
      if (!data_attribute) {
        CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(attribute.value, "javascript:"));
        CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(attribute.value, "http:"));
        CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(attribute.value, "https:"));
        CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(attribute.value, "//"));
        CHECK(attribute.name != "src");
        CHECK(attribute.name != "srcset");
      }
    }
    if (element->tag == "style") {
      std::string css = pressoir::dom::TextContent(element);
      CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(css, "url("));
      CHECK_FALSE(pressoir::ascii::ContainsIgnoreCase(css, "@import"));
    }
  }
  // The CSP comes first in <head>, before anything the page has.
  const Node* head = parsed.document.head();
  REQUIRE(head != nullptr);
  std::vector<Node*> head_children = head->ElementChildren();
  REQUIRE(head_children.size() >= 2);
  const std::string* csp = head_children[1]->Attr("http-equiv");
  REQUIRE(csp != nullptr);
  CHECK(*csp == "Content-Security-Policy");
  CHECK(*head_children[1]->Attr("content") == preview::kContentSecurityPolicy);
  // The only meta that refreshes or sets policies is ours.
  size_t http_equiv = 0;
  for (const Node* element : parsed.elements) http_equiv += element->Attr("http-equiv") != nullptr ? 1u : 0u;
  CHECK(http_equiv == 1);
}

}  // namespace

TEST_CASE("NumberElements numbers start tags, not tags inside comments, scripts or attribute values",
          "[extractors][preview]") {
  std::string numbered = preview::NumberElements(
      R"X(<p title="<b>">x</p><!-- <i> --><script>if (a<b) x("<div>")</script><DIV class=y><br/>)X");
  CHECK(
      numbered ==
      R"X(<p data-pressoir-n="1" title="<b>">x</p><!-- <i> --><script data-pressoir-n="2">if (a<b) x("<div>")</script>)X"
      R"X(<DIV data-pressoir-n="3" class=y><br data-pressoir-n="4"/>)X");
  // A tag cut off by the end of the input is copied as it is.
  CHECK(preview::NumberElements("<p>a<div class=\"x") ==
        "<p data-pressoir-n=\"1\">a<div data-pressoir-n=\"2\" class=\"x");
  CHECK(preview::NumberElements("a < b <3 <") == "a < b <3 <");
}

TEST_CASE("the preview marks the body, kept blocks, removals, lede and metadata sources of a rule",
          "[extractors][preview]") {
  SiteRules rules = ArticleRule();
  std::string html = PreviewOf(kArticle, &rules);
  Parsed parsed = Parse(html);

  std::vector<const Node*> body = Marked(parsed, "body");
  REQUIRE(body.size() == 1);
  CHECK(body[0]->tag == "article");
  CHECK(*body[0]->Attr("data-pressoir-by") == "body: article");

  std::vector<const Node*> removed = Marked(parsed, "removed");
  REQUIRE_FALSE(removed.empty());
  bool share_bar = false;
  for (const Node* node : removed) {
    if (HasClass(node, "share-bar")) {
      share_bar = true;
      CHECK(*node->Attr("data-pressoir-by") == "remove: .share-bar");
    }
  }
  CHECK(share_bar);

  std::vector<const Node*> lede = Marked(parsed, "lede");
  REQUIRE(lede.size() == 1);
  CHECK(HasClass(lede[0], "lede"));
  std::vector<const Node*> title = Marked(parsed, "title");
  REQUIRE(title.size() == 1);
  CHECK(HasClass(title[0], "headline"));
  // The title's <h1> is in the body: it is also removed from the text, which prints it once.
  CHECK(*title[0]->Attr("data-pressoir-by") == "title: h1.headline | repeats the title");
  std::vector<const Node*> author = Marked(parsed, "author");
  REQUIRE(author.size() == 1);
  CHECK(HasClass(author[0], "byline"));
  std::vector<const Node*> date = Marked(parsed, "date");
  REQUIRE(date.size() == 1);
  CHECK(date[0]->tag == "time");

  // Kept: the paragraphs of the text (and the body itself for its loose inline text: the
  // byline), nothing outside the body.
  std::vector<const Node*> kept = Marked(parsed, "kept");
  REQUIRE(kept.size() >= 2);
  for (const Node* node : kept) CHECK((node->tag == "p" || node == body[0]));
  CHECK(Marked(parsed, "removed").size() == removed.size());
  // The page's own classes and its text stay: it looks as it does.
  CHECK(html.find("Le second paragraphe donne les chiffres du vote.") != std::string::npos);
  CHECK(html.find("class=\"share-bar\"") != std::string::npos);
  RequireInert(html);
}

TEST_CASE("the preview of a page without a rule marks the generic extractor's decisions", "[extractors][preview]") {
  std::string page = "<html><body><nav class=\"menu\"><ul>";
  for (int i = 0; i < 12; ++i)
    page += "<li><a href=\"/r" + std::to_string(i) + "\">Rubrique " + std::to_string(i) + "</a></li>";
  page += "</ul></nav><div id=\"story\">";
  for (int i = 0; i < 6; ++i) {
    page += "<p>Le paragraphe " + std::to_string(i) +
            " de l'article, avec des phrases complètes, des virgules, et assez de mots pour compter. "
            "Il continue encore un peu, pour que le score soit net.</p>";
  }
  page += "</div><div class=\"related\">";
  for (int i = 0; i < 8; ++i)
    page += "<a href=\"/x" + std::to_string(i) + "\">Autre article " + std::to_string(i) + "</a> ";
  page += "</div></body></html>";
  std::vector<std::string> bys;
  std::string html = PreviewOf(page, nullptr, &bys);
  Parsed parsed = Parse(html);
  std::vector<const Node*> body = Marked(parsed, "body");
  REQUIRE(body.size() == 1);
  CHECK(*body[0]->Attr("id") == "story");
  CHECK(body[0]->Attr("data-pressoir-by")->starts_with("generic:"));
  CHECK(Marked(parsed, "kept").size() == 6);
  RequireInert(html);
}

// Without a rule, the title, date and author that the generic metadata read from elements of
// the page (an <h1>, a <time> in the header, a byline) are marked where they are.
TEST_CASE("the preview of a page without a rule marks where its metadata came from", "[extractors][preview]") {
  std::string html = PreviewOf(kArticle, nullptr);
  Parsed parsed = Parse(html);
  std::vector<const Node*> title = Marked(parsed, "title");
  REQUIRE(title.size() == 1);
  CHECK(title[0]->tag == "h1");
  CHECK(*title[0]->Attr("data-pressoir-by") == "title: <h1>");
  std::vector<const Node*> date = Marked(parsed, "date");
  REQUIRE(date.size() == 1);
  CHECK(date[0]->tag == "time");
  std::vector<const Node*> author = Marked(parsed, "author");
  REQUIRE(author.size() == 1);
  CHECK(*author[0]->Attr("class") == "byline");
  // The byline was also pruned from the body: both decisions are named.
  CHECK(author[0]->Attr("data-pressoir-by")->find("authors: byline") != std::string::npos);
  // Metadata from the head (JSON-LD, <meta>) has no element: nothing is marked for it.
  std::string with_meta = std::string(kArticle).replace(std::string(kArticle).find("<title>"), 0,
                                                        "<meta property=\"og:title\" content=\"Titre\">");
  CHECK(Marked(Parse(PreviewOf(with_meta, nullptr)), "title").empty());
}

TEST_CASE("the preview of hostile pages runs nothing and loads nothing", "[extractors][preview]") {
  const char* pages[] = {
      // </script> inside attribute values, event handlers, script URLs in every spelling.
      R"X(<div title="</script><script>alert(1)</script>" onclick="x()"><p>texte</p></div>)X"
      R"X(<a href=" JaVaScRiPt:alert(1)">a</a><a href="java&#x09;script:alert(2)">b</a>)X"
      R"X(<form action="https://evil.example/"><button formaction="//evil.example/">go</button></form>)X",
      // SVG: a script, a remote <use> and <image>, an animation that sets href.
      R"X(<svg><script>alert(1)</script><use href="https://evil.example/s.svg#a"/>)X"
      R"X(<image xlink:href="https://evil.example/i.png"/><a><animate attributeName="href" values="javascript:alert(1)"/>)X"
      R"X(<text>t</text></a><rect fill="url(https://evil.example/g.svg#p)" stroke="url(#local)"/></svg>)X",
      // A refresh, a base, a remote background, data: HTML, srcset, poster, objects.
      R"X(<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">)X"
      R"X(<body background="https://evil.example/b.png"><a href="data:text/html,<script>alert(1)</script>">d</a>)X"
      R"X(<img src="//evil.example/i.png" srcset="https://evil.example/a.png 1x"><video poster="https://e.example/p.png">)X"
      R"X(<source src="https://e.example/v.mp4"></video><object data="https://e.example/o.swf"></object>)X"
      R"X(<embed src="https://e.example/e.swf"><noscript><img src="https://e.example/n.png"></noscript>)X"
      R"X(<div style="background:URL( 'https://e.example/x.png' )">s</div><style>@IMPORT 'https://e.example/a.css';)X"
      R"X(.a { background: url("https://e.example/)b.png") } </style><p>fin</p>)X",
      // Broken markup: unclosed tags, a tag cut off, stray end tags, a style closed in a string.
      R"X(<div><p>un<table><tr><td>deux</div></script></style><b><i>trois</b></i><style>p{color:red}</STYLE )X"
      R"X(<p>quatre<div class="x)X",
      // A page that spoofs the marks.
      R"X(<p data-pressoir-mark="body" data-pressoir-by="remove: fake">texte de la page</p>)X",
  };
  for (const char* page : pages) {
    INFO(page);
    std::string html = PreviewOf(page, nullptr);
    RequireInert(html);
    CHECK(html.find("remove: fake") == std::string::npos);
  }
  // A reference to an element of the page itself stays.
  CHECK(PreviewOf(R"X(<svg><rect fill="url( '#grad')"/></svg><p>texte</p>)X", nullptr).find("fill=\"url( '#grad')\"") !=
        std::string::npos);
  // Tags named with characters that would break the output are written as spans.
  std::string odd = PreviewOf("<p>a</p><x\"y onload=1>b</x\"y>", nullptr);
  RequireInert(odd);
}

TEST_CASE("the preview of a huge, deeply nested page is written", "[extractors][preview]") {
  std::string page = "<html><body>";
  for (int i = 0; i < 20000; ++i) page += "<div><p>Paragraphe " + std::to_string(i) + ", assez long, pour la taille.";
  page += "</body></html>";
  std::string html = PreviewOf(page, nullptr);
  CHECK(html.find("Paragraphe 19999") != std::string::npos);
  RequireInert(html);
}

TEST_CASE("the preview's panel shows the fields, selectors, text and warns when the marks may be off",
          "[extractors][preview]") {
  preview::PreviewInfo info;
  info.file = "a<b>.html";
  info.fields = {{"title", "Un <titre>"}, {"date", "null"}};
  info.text = "Le texte & le reste";
  pressoir::selector_report::SelectorLine line;
  line.key = "body";
  line.selector = "div[data-x=\"1\"]";
  line.matches = 0;
  line.explanation = "matches nothing";
  info.selectors = {line};
  info.faithful = false;
  std::string html = preview::Render("<p>x</p>", {}, info);
  Parsed parsed = Parse(html);
  bool title = false;
  bool selector = false;
  bool warning = false;
  for (const Node* element : parsed.elements) {
    if (const std::string* field = element->Attr("data-pressoir-field"); field && *field == "title") {
      title = pressoir::dom::TextContent(element) == "Un <titre>";
    }
    if (const std::string* source = element->Attr("data-pressoir-selector")) {
      selector = *source == "div[data-x=\"1\"]" && *element->Attr("data-pressoir-count") == "0";
    }
    if (element->Attr("data-pressoir-warning") != nullptr) warning = true;
  }
  CHECK(title);
  CHECK(selector);
  CHECK(warning);
  CHECK(html.find("Le texte &amp; le reste") != std::string::npos);
}

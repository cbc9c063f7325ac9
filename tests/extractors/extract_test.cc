// The extraction cascade: site rule, then the fallbacks; drop lines; --explain (issues 2, 4).
#include "extractors/extract.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "extractors/regex.h"
#include "extractors/selector.h"

namespace {

using pressoir::extract::Extract;
using pressoir::extract::ExtractOptions;
using pressoir::extract::ExtractorStep;
using pressoir::rules::SiteRules;
using pressoir::selector::Selector;

const char kPage[] = R"(<html><head><title>Titre de page</title></head><body>
<nav><a href="/">Accueil</a> <a href="/sport/">Sport</a></nav>
<h1 class="headline">Le vrai titre</h1>
<div class="chapo">Le chapeau de l'article.</div>
<div class="article"><div class="share">Partager</div>
<p>Premier paragraphe de l'article, assez long pour être lu.</p>
<p>Ecoutez Radio Sputnik</p>
<p>Tags: politique, budget</p>
<p>Deuxième paragraphe.<br>Lire aussi: autre chose</p>
</div>
<footer>Pied de page</footer></body></html>)";

SiteRules Rules() {
  SiteRules rules;
  rules.name = "test";
  rules.domains = {"news.test"};
  rules.body = {Selector::Compile("div.missing"), Selector::Compile("div.article")};
  rules.remove = {Selector::Compile(".share")};
  rules.title = {Selector::Compile("h1.headline")};
  rules.lede = {Selector::Compile(".chapo")};
  rules.drop_lines = {"Ecoutez  Radio Sputnik"};
  rules.drop_patterns = {pressoir::regex::Regex::Compile("^Tags:"), pressoir::regex::Regex::Compile("^Lire aussi")};
  return rules;
}

}  // namespace

// The rule's body selectors are tried in order; remove selectors, the lede and drop lines
// apply; the title comes from the rule's title selector.
TEST_CASE("a site rule extracts the article", "[extractors]") {
  SiteRules rules = Rules();
  auto article = Extract(kPage, &rules);
  CHECK(article.extractor == ExtractorStep::kRule);
  CHECK(article.matched_selector == "div.article");
  CHECK(article.Text() ==
        "Le vrai titre\n\nLe chapeau de l'article.\n\nPremier paragraphe de l'article, assez long pour être lu.\n\n"
        "Deuxième paragraphe.");
  CHECK(article.Text(false).rfind("Le chapeau", 0) == 0);
}

// Without a rule (or when no body selector finds text) a fallback step runs, and the output
// says which step won.
TEST_CASE("without a rule a fallback step extracts", "[extractors]") {
  auto article = Extract(kPage, nullptr);
  CHECK(article.extractor != ExtractorStep::kRule);
  CHECK(article.Text().find("Premier paragraphe") != std::string::npos);
  SiteRules rules = Rules();
  rules.body = {Selector::Compile("div.nothing-here")};
  CHECK(Extract(kPage, &rules).extractor != ExtractorStep::kRule);
}

// The manifest's "extractor" field and --explain name each step; stored manifests hold these
// strings, so they never change.
TEST_CASE("extractor steps keep their manifest names", "[extractors]") {
  using pressoir::extract::ExtractorName;
  CHECK(std::string(ExtractorName(ExtractorStep::kRule)) == "rule");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericMain)) == "generic:main");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericMerged)) == "generic:merged");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericRelaxed)) == "generic:relaxed");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericFallback)) == "generic:fallback");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericJsonLd)) == "generic:jsonld");
  CHECK(std::string(ExtractorName(ExtractorStep::kGenericNone)) == "generic:none");
  CHECK(std::string(ExtractorName(Extract(kPage, nullptr).extractor)).starts_with("generic:"));
}

// --explain names the rule, the winning selector and each removed block with its reason.
TEST_CASE("explain says why blocks were removed", "[extractors]") {
  SiteRules rules = Rules();
  ExtractOptions options;
  options.explain = true;
  auto article = Extract(kPage, &rules, options);
  auto has = [&](const std::string& needle) {
    for (const auto& line : article.explain) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("rule: test"));
  CHECK(has("body: 'div.article' matched 1 element(s)"));
  CHECK(has("removed by '.share': div.share \"Partager\""));
  CHECK(has("dropped line (drop_lines): Ecoutez Radio Sputnik"));
  CHECK(has("dropped line (drop_patterns '^Tags:'): Tags: politique, budget"));
}

// The generic path empties link targets before parsing only when nothing reads them: the
// crawler's link collection still gets every href.
TEST_CASE("link targets reach the readers that need them", "[extractors]") {
  const std::string page = "<html><body><nav><a href=\"/sport/\">Sport</a></nav><article><p>" + std::string(300, 'w') +
                           "</p></article></body></html>";
  ExtractOptions options;
  options.collect_links = true;
  CHECK(Extract(page, nullptr, options).links == std::vector<std::string>{"/sport/"});
  ExtractOptions plain;
  CHECK(Extract(page, nullptr, plain).Text() == Extract(page, nullptr, options).Text());
}

// Links are collected from the whole page (navigation included) before anything is removed.
TEST_CASE("links are collected from the whole page", "[extractors]") {
  SiteRules rules = Rules();
  ExtractOptions options;
  options.collect_links = true;
  auto article = Extract(kPage, &rules, options);
  CHECK(article.links == std::vector<std::string>{"/", "/sport/"});
  std::string base;
  CHECK(pressoir::extract::ExtractLinks(R"(<base href="https://b.test/"><a href="x">x</a>)", &base) ==
        std::vector<std::string>{"x"});
  CHECK(base == "https://b.test/");

  // <link rel="alternate"> elements (advertised feeds), with and without extraction.
  const char* head = R"(<head><link rel="stylesheet" href="s.css"><link rel="Alternate" type="application/rss+xml"
      href="/rss.xml"><link rel="alternate" hreflang="nl" href="/nl/"></head><p>x</p>)";
  std::vector<pressoir::extract::AlternateLink> alternates;
  pressoir::extract::ExtractLinks(head, &base, &alternates);
  REQUIRE(alternates.size() == 2);
  CHECK(alternates[0].type == "application/rss+xml");
  CHECK(alternates[0].href == "/rss.xml");
  CHECK(alternates[1].type.empty());
  CHECK(alternates[1].href == "/nl/");
  auto extracted = Extract(head, nullptr, options);
  REQUIRE(extracted.alternates.size() == 2);
  CHECK(extracted.alternates[0].href == "/rss.xml");
}

// Broken HTML is repaired as browsers do, never rejected.
TEST_CASE("broken HTML still extracts", "[extractors]") {
  SiteRules whole_body;
  whole_body.name = "body";
  whole_body.body = {Selector::Compile("body")};
  auto article = Extract("<p>un<p>deux<div><b>trois</div></i></p></table>", &whole_body);
  CHECK(article.Text() == "un\n\ndeux\n\ntrois");
  CHECK(Extract("", nullptr).Text().empty());
  CHECK(Extract("", &whole_body).Text().empty());
  CHECK(Extract(std::string("\0\0<p>nul\0</p>", 14), &whole_body).Text().find("nul") != std::string::npos);
}

// A rule's date selector wins over the page's own evidence, and a rule's language over the
// declared and detected ones (issue 15, items 2 and 4); --explain names each source.
TEST_CASE("rule metadata wins and explain names every source", "[extractors]") {
  const std::string page = R"(<html lang="en"><head><meta property="article:published_time" content="2020-06-01">
    </head><body><h1 class="headline">Le vrai titre de l'article</h1><p class="when">Publié le 7 juin 2020</p>
    <div class="article"><p>Premier paragraphe de l'article, assez long pour être lu.</p></div></body></html>)";
  SiteRules rules = Rules();
  ExtractOptions options;
  options.explain = true;
  auto from_page = Extract(page, &rules, options);
  CHECK(from_page.metadata.date == "2020-06-01");
  CHECK(from_page.metadata.language == "en");
  rules.date = {Selector::Compile("p.when")};
  rules.language = "fr";
  auto article = Extract(page, &rules, options);
  CHECK(article.metadata.date == "2020-06-07");
  CHECK(article.metadata.language == "fr");
  CHECK(article.metadata.language_source == "rule");
  auto has = [&](const std::string& line) {
    return std::find(article.explain.begin(), article.explain.end(), line) != article.explain.end();
  };
  CHECK(has("metadata: date = 2020-06-07 from selector 'p.when'"));
  CHECK(has("metadata: language = fr from rule (set by the site rule)"));
  CHECK(has("metadata: title = Le vrai titre de l'article from selector 'h1.headline'"));
  // A future date from a selector is rejected like any other.
  rules.date = {Selector::Compile("p.future")};
  options.fetch_time = 1591488000;  // 2020-06-07T00:00:00Z
  CHECK(Extract(R"(<p class="future">1 janvier 2030</p><div class="article"><p>Texte.</p></div>)", &rules, options)
            .metadata.date.empty());
}

// The in-body cleaning runs on a rule's body as on the generic extractor's: captions, widget
// headings and a trailing list of related headlines go, unless the rule says `clean: false`
// (issue 14).
TEST_CASE("a rule's body is cleaned unless the rule says clean: false", "[extractors]") {
  const char page[] = R"(<html><body><div class="story">
<p>Le conseil municipal a voté mardi soir l'extension du réseau de tramway vers l'hôpital.</p>
<figure><img src="a.jpg"><figcaption>Le tramway place Bellecour. Photo : Jean Dupont</figcaption></figure>
<p>À lire aussi : Le budget de la ville en hausse</p>
<p>Les travaux commenceront au printemps et dureront deux ans, selon la mairie.</p>
<p><a href="/a">Un autre article sur la ville</a></p>
<p><a href="/b">Encore un autre article sur les transports</a></p>
</div></body></html>)";
  SiteRules rules;
  rules.name = "test";
  rules.domains = {"news.test"};
  rules.body = {Selector::Compile("div.story")};
  std::string cleaned = Extract(page, &rules).Text(false);
  CHECK(cleaned ==
        "Le conseil municipal a voté mardi soir l'extension du réseau de tramway vers l'hôpital.\n\n"
        "Les travaux commenceront au printemps et dureront deux ans, selon la mairie.");
  rules.clean = false;
  std::string raw = Extract(page, &rules).Text(false);
  CHECK(raw.find("Photo : Jean Dupont") != std::string::npos);
  CHECK(raw.find("lire aussi") != std::string::npos);
  CHECK(raw.find("Encore un autre article") != std::string::npos);
}

// A page whose HTML holds no article (a script renders it) but whose JSON-LD gives the
// articleBody: the text comes from there, paragraph per line (issue 14, error class 1). A page
// with a readable body keeps it.
TEST_CASE("the JSON-LD articleBody stands in for a body rendered by a script", "[extractors]") {
  const std::string body =
      "Le conseil municipal a voté mardi soir l'extension du réseau de tramway vers l'hôpital et la gare.\\n"
      "Les travaux commenceront au printemps et dureront deux ans, a précisé la mairie après le vote.\\n"
      "La région paiera la moitié du coût, la ville un tiers et l'Etat le reste, selon le plan adopté.";
  const std::string jsonld = R"(<script type="application/ld+json">{"@context":"https://schema.org","@graph":[)"
                             R"({"@type":"WebPage"},{"@type":"NewsArticle","headline":"Tram","articleBody":")" +
                             body + R"("}]}</script>)";
  std::string shell = "<html><head>" + jsonld +
                      "</head><body><div id=\"app\"></div><nav><a href=\"/\">Accueil</a>"
                      "</nav></body></html>";
  auto article = Extract(shell, nullptr);
  CHECK(article.extractor == ExtractorStep::kGenericJsonLd);
  REQUIRE(article.body.size() == 3);
  CHECK(article.body[1].text.rfind("Les travaux commenceront", 0) == 0);

  std::string page = "<html><head>" + jsonld + "</head><body><article><p>" + std::string(300, 'x') +
                     " et une phrase, avec une virgule.</p><p>Une autre phrase, plus longue, pour le score, et "
                     "encore une.</p></article></body></html>";
  CHECK(Extract(page, nullptr).extractor != ExtractorStep::kGenericJsonLd);
}

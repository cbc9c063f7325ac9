// Tests of generic::ExtractGeneric on small hand-written pages: what the cascade keeps, what
// it prunes, and which step wins. The pages imitate common news-site layouts; no benchmark
// page is copied here.
#include "extractors/generic_extractor.h"

#include <catch2/catch.hpp>

#include <string>

#include "extractors/html_parser.h"
#include "extractors/html_prefilter.h"
#include "extractors/text_serializer.h"

namespace {

using pressoir::generic::ExtractGeneric;
using pressoir::generic::GenericOptions;
using pressoir::generic::GenericResult;

struct Extracted {
  std::string text;  // paragraphs joined by blank lines
  GenericResult result;
};

Extracted Extract(const std::string& html, const GenericOptions& options = {}) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(pressoir::html::StripNonText(html));
  Extracted extracted;
  extracted.result = ExtractGeneric(document, options);
  extracted.text = pressoir::text::JoinParagraphs(extracted.result.paragraphs);
  return extracted;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Three prose paragraphs of an English article (about 700 characters).
const std::string kArticle =
    "<p>The city council voted on Tuesday to expand the tram network, after a debate that "
    "lasted well into the night, and the first works will start in the spring.</p>"
    "<p>Supporters said the new line, which will run from the station to the hospital, would "
    "cut journey times by half. Opponents, however, questioned the cost, the schedule and the "
    "disruption for shops along the route.</p>"
    "<p>The mayor, speaking after the vote, said the project was the largest investment in "
    "public transport in a generation, and promised regular public reports on its progress, "
    "its budget and its delays.</p>";

std::string Page(const std::string& body) {
  return "<!DOCTYPE html><html><head><title>Trams</title></head><body>" + body + "</body></html>";
}

const std::string kNavigation =
    "<div id=\"nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
    "<li><a href=\"/sport\">Sport</a></li><li><a href=\"/culture\">Culture</a></li></ul></div>";

}  // namespace

// The article container wins over navigation and footer; the result is body paragraphs in
// order, without the headline (the caller prints the title separately).
TEST_CASE("the article body is extracted without navigation, footer or headline", "[extractors]") {
  Extracted extracted =
      Extract(Page(kNavigation + "<div class=\"article\"><h1>Council backs tram plan</h1>" + kArticle +
                   "</div><div id=\"footer\"><p>Copyright 2024, Example News. All rights reserved.</p></div>"));
  CHECK(Contains(extracted.text, "The city council voted on Tuesday"));
  CHECK(Contains(extracted.text, "regular public reports"));
  CHECK(extracted.text.find("The city council") < extracted.text.find("The mayor"));
  CHECK_FALSE(Contains(extracted.text, "Council backs tram plan"));
  CHECK_FALSE(Contains(extracted.text, "Sport"));
  CHECK_FALSE(Contains(extracted.text, "Copyright"));
  CHECK(extracted.result.step == "main");
  CHECK(extracted.result.paragraphs.size() == 3);
}

// User comments are not article text (the benchmarks' ground truth excludes them), whether
// they sit in a box named "comments" or follow a "Comments" heading inside the article.
TEST_CASE("comments are pruned", "[extractors]") {
  SECTION("a comments container") {
    Extracted extracted =
        Extract(Page("<div class=\"story\">" + kArticle +
                     "<div class=\"comments\"><p>Great article, thanks, I agree with every word of it.</p>"
                     "<p>Nonsense, the tram will never be built, mark my words, never.</p></div></div>"));
    CHECK(Contains(extracted.text, "The mayor"));
    CHECK_FALSE(Contains(extracted.text, "Great article"));
    CHECK_FALSE(Contains(extracted.text, "mark my words"));
  }
  SECTION("everything after a comments heading") {
    Extracted extracted =
        Extract(Page("<div>" + kArticle +
                     "<h3 id=\"comments\">3 Comments</h3>"
                     "<div id=\"c1\"><p>Great article, thanks, I agree with every word of it.</p></div>"
                     "<div id=\"c2\"><p>Nonsense, the tram will never be built, mark my words, never.</p></div>"
                     "</div>"));
    CHECK(Contains(extracted.text, "The mayor"));
    CHECK_FALSE(Contains(extracted.text, "Great article"));
    CHECK_FALSE(Contains(extracted.text, "mark my words"));
  }
}

// Related-article lists, share bars, newsletter boxes, cookie banners and bylines inside the
// article container are boilerplate; explain lines say what was pruned and why.
TEST_CASE("related lists, share bars, newsletter, cookie and byline blocks are pruned", "[extractors]") {
  Extracted extracted =
      Extract(Page("<div class=\"cookie-banner\"><p>We use cookies to improve your experience, accept them "
                   "or manage your preferences.</p></div>"
                   "<article><div class=\"byline\">By Jane Doe, transport reporter</div>"
                   "<div class=\"share-bar\"><a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a></div>" +
                   kArticle +
                   "<div class=\"newsletter-signup\"><p>Get the morning briefing, every day, free of "
                   "charge, in your inbox.</p></div>"
                   "<div class=\"related-articles\"><h3>Related</h3><ul>"
                   "<li><a href=\"/a\">Buses to run all night, says the council</a></li>"
                   "<li><a href=\"/b\">Cycle lanes: the mayor's plan, explained</a></li></ul></div>"
                   "</article>"));
  CHECK(Contains(extracted.text, "The city council voted"));
  CHECK_FALSE(Contains(extracted.text, "cookies"));
  CHECK_FALSE(Contains(extracted.text, "Jane Doe"));
  CHECK_FALSE(Contains(extracted.text, "Facebook"));
  CHECK_FALSE(Contains(extracted.text, "morning briefing"));
  CHECK_FALSE(Contains(extracted.text, "Buses to run"));
  bool explained = false;
  for (const std::string& line : extracted.result.pruned) {
    if (Contains(line, "related-articles")) explained = true;
  }
  CHECK(explained);
}

// Schema.org microdata marks the article text (itemprop="articleBody"); a captioned
// slideshow beside or inside it, named like a promotion, must not win on its many commas.
TEST_CASE("the block marked itemprop=articleBody wins over a captioned slideshow", "[extractors]") {
  std::string captions;
  for (int i = 0; i < 12; ++i) {
    captions +=
        "<li><p>The new tram, seen from the bridge, on its first test run, in the rain, "
        "on Tuesday, with the mayor, the engineers and, behind them, the crowd. (Photo " +
        std::to_string(i) + ")</p></li>";
  }
  Extracted extracted =
      Extract(Page("<div itemprop=\"articleBody\">" + kArticle +
                   "<div class=\"promo_holder\"><ul class=\"slideshow\">" + captions + "</ul></div></div>"));
  CHECK(Contains(extracted.text, "The city council voted"));
  CHECK(Contains(extracted.text, "its budget and its delays."));
  CHECK_FALSE(Contains(extracted.text, "first test run"));
}

// A line of short fields separated by '|' ("Posted in: Sport | 3 comments |") is metadata
// or navigation, whatever the language; a sentence that contains a '|' is kept.
TEST_CASE("lines of short fields separated by bars are dropped", "[extractors]") {
  Extracted extracted =
      Extract(Page("<article>" + kArticle +
                   "<p>Publié dans : Politique | 3 commentaires |</p>"
                   "<p>Home | World | Sport | Culture</p>"
                   "<p>The vote, 31 | 12 according to the official minutes published by the council on its "
                   "website on Wednesday morning, was closer than expected.</p></article>"));
  CHECK(Contains(extracted.text, "The city council voted"));
  CHECK_FALSE(Contains(extracted.text, "Publié dans"));
  CHECK_FALSE(Contains(extracted.text, "Home | World"));
  CHECK(Contains(extracted.text, "The vote, 31 | 12 according"));
}

// An article split over sibling containers (a layout with the lead paragraph in one box and
// the rest in another) is merged back, in order; a link-list sibling is not.
TEST_CASE("siblings that belong to the article are merged", "[extractors]") {
  Extracted extracted =
      Extract(Page("<div id=\"wrap\"><div class=\"lead\"><p>In a surprise move, the council voted on "
                   "Tuesday to expand the tram network, with works starting in spring, and the first line "
                   "opening in two years.</p></div>"
                   "<div class=\"text\">" +
                   kArticle + kArticle +
                   "</div>"
                   "<div class=\"more\"><a href=\"/1\">Buses at night</a> <a href=\"/2\">Cycle lanes</a> "
                   "<a href=\"/3\">Parking fees</a> <a href=\"/4\">New bridge</a></div></div>"));
  CHECK(Contains(extracted.text, "In a surprise move"));
  CHECK(Contains(extracted.text, "The mayor"));
  CHECK(extracted.text.find("In a surprise move") < extracted.text.find("The city council"));
  CHECK_FALSE(Contains(extracted.text, "Parking fees"));
  CHECK(extracted.result.step == "merged");
}

// When no container scores (all the text is in list items, which are not scored), the
// whole-body fallback keeps the prose and leaves out short link lines.
TEST_CASE("the whole-body fallback runs when the main cascade finds too little", "[extractors]") {
  Extracted extracted =
      Extract(Page("<ul><li><a href=\"/\">Home</a></li>"
                   "<li>The council voted on Tuesday to expand the tram network, after a long debate, and "
                   "the first works will start in the spring, the mayor said.</li>"
                   "<li>Supporters said the new line would cut journey times by half; opponents questioned "
                   "the cost, the schedule and the disruption for shops.</li>"
                   "<li>The project is the largest investment in public transport in a generation, and "
                   "public reports on its progress will follow every quarter.</li></ul>"));
  CHECK(extracted.result.step == "fallback");
  CHECK(Contains(extracted.text, "The council voted"));
  CHECK(Contains(extracted.text, "every quarter"));
  CHECK_FALSE(Contains(extracted.text, "Home"));
}

// The signals are language-neutral: a French page (guillemets, narrow no-break spaces before
// punctuation) is extracted like an English one.
TEST_CASE("a French article is extracted", "[extractors]") {
  Extracted extracted = Extract(
      Page(kNavigation + "<div class=\"contenu\"><h1>Le conseil adopte le tramway</h1>"
                         "<p>Le conseil municipal a voté mardi l\xE2\x80\x99"
                         "extension du réseau de tramway, "
                         "après un débat qui s\xE2\x80\x99"
                         "est prolongé tard dans la nuit ; les travaux "
                         "commenceront au printemps.</p>"
                         "<p>\xC2\xAB\xE2\x80\xAF"
                         "C\xE2\x80\x99"
                         "est le plus grand investissement depuis une "
                         "génération\xE2\x80\xAF\xC2\xBB, a déclaré le maire, qui a promis des rapports réguliers "
                         "sur l\xE2\x80\x99"
                         "avancement, le budget et les retards du chantier.</p>"
                         "<p>Les opposants, eux, ont dénoncé le coût, le calendrier et la gêne pour les commerces "
                         "situés le long du tracé, qui craignent une baisse de leur chiffre d\xE2\x80\x99"
                         "affaires.</p>"
                         "</div><div class=\"partage\"><a href=\"#\">Partager</a></div>"));
  CHECK(Contains(extracted.text, "Le conseil municipal a voté mardi"));
  CHECK(Contains(extracted.text, "a déclaré le maire"));
  CHECK(Contains(extracted.text,
                 "chiffre d\xE2\x80\x99"
                 "affaires."));
  CHECK_FALSE(Contains(extracted.text, "Le conseil adopte le tramway"));
  CHECK_FALSE(Contains(extracted.text, "Sport"));
}

// A German page with German class names ("artikel", "kommentare" are not in the hint lists)
// still wins on text length and punctuation; its sidebar of teasers loses on link density.
TEST_CASE("a German article is extracted", "[extractors]") {
  Extracted extracted =
      Extract(Page("<div class=\"randspalte\"><a href=\"/1\">Mehr zum Thema: Busse fahren nachts</a><br>"
                   "<a href=\"/2\">Radwege: Der Plan des Bürgermeisters</a><br>"
                   "<a href=\"/3\">Parkgebühren steigen, sagt die Stadt</a></div>"
                   "<div class=\"artikel\">"
                   "<p>Der Stadtrat hat am Dienstag den Ausbau des Straßenbahnnetzes beschlossen, nach einer "
                   "Debatte, die bis tief in die Nacht dauerte. Die Arbeiten beginnen im Frühjahr.</p>"
                   "<p>Befürworter sagten, die neue Linie vom Bahnhof zum Krankenhaus werde die Fahrzeit "
                   "halbieren. Gegner kritisierten die Kosten, den Zeitplan und die Belastung für die "
                   "Geschäfte an der Strecke.</p>"
                   "<p>\xE2\x80\x9E"
                   "Das ist die größte Investition in den Nahverkehr seit einer "
                   "Generation\xE2\x80\x9C, sagte der Oberbürgermeister nach der Abstimmung.</p></div>"));
  CHECK(Contains(extracted.text, "Der Stadtrat hat am Dienstag"));
  CHECK(Contains(extracted.text, "sagte der Oberbürgermeister"));
  CHECK_FALSE(Contains(extracted.text, "Parkgebühren"));
}

// ASP.NET pages wrap the whole page in one <form>, which the serializer skips; the extractor
// reads a form that wraps the article.
TEST_CASE("an article inside a page-wide form is extracted", "[extractors]") {
  Extracted extracted =
      Extract(Page("<form id=\"aspnetForm\" action=\"/\"><input type=\"text\" name=\"q\">"
                   "<div class=\"story\">" +
                   kArticle + "</div></form>"));
  CHECK(Contains(extracted.text, "The city council voted"));
  CHECK(Contains(extracted.text, "The mayor"));
}

// Bad pages never throw and give an empty result with step "none"; a deeply nested page
// does not overflow the stack.
TEST_CASE("empty, textless and deeply nested pages are handled", "[extractors]") {
  SECTION("empty input") {
    Extracted extracted = Extract("");
    CHECK(extracted.result.paragraphs.empty());
    CHECK(extracted.result.step == "none");
  }
  SECTION("no text") {
    Extracted extracted = Extract(Page("<div><img src=\"a.png\"></div>"));
    CHECK(extracted.text.empty());
    CHECK(extracted.result.step == "none");
  }
  SECTION("100000 nested divs") {
    std::string html;
    for (int i = 0; i < 100000; ++i) html += "<div>";
    html += kArticle;
    Extracted extracted = Extract(html);
    CHECK(Contains(extracted.text, "The mayor"));
  }
}

// Below min_main_chars the cascade moves on; a short article is still returned when it is
// the best any step found.
TEST_CASE("a short article below the minimum is still returned", "[extractors]") {
  GenericOptions options;
  options.min_main_chars = 100000;
  Extracted extracted = Extract(Page(kNavigation + "<div class=\"story\">" + kArticle + "</div>"), options);
  CHECK(Contains(extracted.text, "The city council voted"));
  CHECK_FALSE(Contains(extracted.text, "Sport"));
}

// Text split into paragraphs by <br><br> inside one table cell (older CMSes) scores as that
// many paragraphs, as Readability's conversion of such runs into <p> does: it beats a cell of
// short teaser paragraphs elsewhere on the page (issue 14, error class 1). Before, the whole
// cell was one paragraph and the teasers won.
TEST_CASE("a body written with <br><br> is scored as several paragraphs", "[extractors]") {
  std::string article;
  for (const char* sentence :
       {"The council met on Tuesday to discuss the new tram line, which will serve the hospital.",
        "Supporters said the line would halve journey times, for thousands of patients and staff.",
        "Opponents questioned the cost of the project, and the disruption for shops on the route.",
        "The mayor promised regular public reports on the works, their progress and their budget.",
        "Works are due to start in the spring and to last two years, if the funding is confirmed.",
        "The regional council will pay half of the cost, the city a third, and the state the rest."}) {
    article += std::string(sentence) + "<br><br>";
  }
  std::string teasers;
  for (int i = 0; i < 6; ++i) {
    teasers += "<p>Other story " + std::to_string(i) + ": a short summary of another story, with a comma.</p>";
  }
  std::string page =
      Page("<table><tr><td>" + article + "</td></tr></table><table><tr><td>" + teasers + "</td></tr></table>");
  Extracted extracted = Extract(page);
  CHECK(Contains(extracted.text, "Supporters said the line"));
  CHECK_FALSE(Contains(extracted.text, "Other story"));
}

// Disclaimers, affiliate notices, author bios and "browser not supported" banners are
// prose-like boxes that win, or are merged, beside a short article; their class/id names them
// (issue 14, error class 1).
TEST_CASE("a disclaimer box beside a short article is not taken for it", "[extractors]") {
  std::string page = Page(
      "<div class=\"page\"><div class=\"story\"><p>The council voted on Tuesday to extend the tram line to the "
      "hospital, after a long debate.</p><p>Works will start in the spring and last two years, the mayor said "
      "after the vote.</p><p>The new line will carry ten thousand passengers a day, according to the transport "
      "authority.</p></div><div class=\"disclaimer\"><p>This site, its owners, its partners and its authors "
      "accept no liability, of any kind, for errors, omissions, delays, or actions taken on the basis of the "
      "information published here.</p><p>Opinions, forecasts, figures and quotes, whether ours or our partners', "
      "are given for information only, without warranty, and may change without notice.</p><p>Reproduction, in "
      "whole or in part, in any form, on any medium, is forbidden without written permission, except for short "
      "quotes, with a link.</p></div></div>");
  GenericOptions options;
  options.min_main_chars = 200;  // as extract::Extract() sets it: the article is short
  Extracted extracted = Extract(page, options);
  CHECK(Contains(extracted.text, "The council voted"));
  CHECK_FALSE(Contains(extracted.text, "accept no liability"));
}

// A lede (standfirst, chapo) set in the header box with the headline, away from the article's
// container, is part of the article; the headline is not (issue 14, error class 1).
TEST_CASE("a lede named as such before the article's container is added", "[extractors]") {
  std::string page = Page(
      "<div class=\"wrap\"><div class=\"top\"><div class=\"titles\"><h1>The tram reaches the hospital</h1>"
      "<div class=\"standfirst\">After ten years of debate, the council has approved the new line to the "
      "hospital.</div></div><div class=\"tools\"><a href=\"/share\">Share</a> <a href=\"/print\">Print</a></div>"
      "</div><div class=\"main-col\"><div class=\"article-body\"><p>The council voted on Tuesday to extend the tram "
      "line to the hospital, after a long debate that lasted into the night.</p><p>Works will start in the spring "
      "and last two years, the mayor said after the vote, promising regular reports.</p><p>The new line will carry "
      "ten thousand passengers a day, according to the transport authority, and cost two hundred million.</p>"
      "</div><div class=\"related\"><a href=\"/x\">Other story</a></div></div></div>");
  Extracted extracted = Extract(page);
  CHECK(extracted.text.rfind("After ten years of debate", 0) == 0);
  CHECK_FALSE(Contains(extracted.text, "The tram reaches the hospital"));
  CHECK(Contains(extracted.text, "The new line will carry"));
}

// A sentence whose words are mostly links (a linked source, a linked name) is article text when
// the paragraphs around it are article prose; the same links on lines of their own, or a link
// list after the text, are not (issue 14, error class 5).
TEST_CASE("a link-dense sentence between prose paragraphs is kept", "[extractors]") {
  std::string page = Page(
      "<div class=\"story\"><p>The council voted on Tuesday to extend the tram line to the hospital, after a "
      "long debate that lasted into the night.</p><p>As <a href=\"/a\">the transport authority's annual "
      "report on the network</a> showed, <a href=\"/b\">ridership doubled</a>.</p><p>Works will start in the "
      "spring and last two years, the mayor said after the vote, promising regular reports.</p><p><a "
      "href=\"/c\">Tram news</a><br><a href=\"/d\">Hospital news, with every report of the year</a></p>"
      "<p>The new line will carry ten thousand passengers a day, according to the transport authority, and "
      "cost two hundred million.</p><p><a href=\"/e\">Read the full report of the transport authority on "
      "the new tram line</a>.</p></div>");
  Extracted extracted = Extract(page);
  CHECK(Contains(extracted.text, "ridership doubled"));
  CHECK_FALSE(Contains(extracted.text, "Tram news"));
  CHECK_FALSE(Contains(extracted.text, "Read the full report"));  // prose before it only
  CHECK(Contains(extracted.text, "ten thousand passengers"));
}

// A deck or intro just before the article's container, whatever its class, is the article's
// lede when it says what the page's og:description says; the headline (the og:title's words)
// and a subheading whose few words only occur in a long description are not (issue 14, class 1).
TEST_CASE("a deck that repeats og:description before the article is added", "[extractors]") {
  const std::string body =
      "<div class=\"wrap\"><header><h1>Tram line approved</h1><h2 class=\"sub\">Council backs the line</h2>"
      "<h2 class=\"xyz\">The tram will reach the hospital in two years, the council decided</h2></header>"
      "<div class=\"article-body\"><p>The council voted on Tuesday to extend the tram line to the hospital, "
      "after a long debate that lasted into the night.</p><p>Works will start in the spring and last two years, "
      "the mayor said after the vote, promising regular reports.</p><p>The new line will carry ten thousand "
      "passengers a day, according to the transport authority, and cost two hundred million.</p></div></div>";
  auto page = [&](const std::string& description) {
    return "<!DOCTYPE html><html><head><title>Tram line approved</title><meta property=\"og:description\" "
           "content=\"" +
           description + "\"></head><body>" + body + "</body></html>";
  };
  Extracted deck = Extract(page("The tram will reach the hospital in two years, the council decided."));
  CHECK(deck.text.rfind("The tram will reach the hospital", 0) == 0);
  CHECK_FALSE(Contains(deck.text, "Tram line approved"));
  CHECK_FALSE(Contains(deck.text, "Council backs the line"));

  // In a header block apart from the article's column, several levels up: found all the same.
  std::string far =
      "<!DOCTYPE html><html><head><meta name=\"description\" content=\"The tram will reach the "
      "hospital in two years.\"></head><body><div class=\"top\"><div><div><section><p>The tram "
      "will reach the hospital in two years.</p></section></div></div></div><main><div><div><div "
      "class=\"col\"><div class=\"text\">" +
      kArticle + "</div></div></div></div></main></body></html>";
  CHECK(Extract(far).text.rfind("The tram will reach the hospital in two years.", 0) == 0);

  Extracted other = Extract(page("A long summary: the council backs the line after a debate, works start in spring."));
  CHECK_FALSE(Contains(other.text, "The tram will reach the hospital in two years"));
  CHECK_FALSE(Contains(other.text, "Council backs the line"));
}

// A page rendered in the browser may hold its article only in a script template: the markup is
// parsed and read like a page, when the page itself has no article (issue 14, class 1).
TEST_CASE("an article held only by a script template is read", "[extractors]") {
  std::string page = Page(kNavigation +
                          "<div id=\"app\"></div><script type=\"text/template\" id=\"t\">"
                          "<div class=\"story\"><h1>Council backs tram plan</h1>" +
                          kArticle + "</div></script><script>render()</script>");
  Extracted extracted = Extract(page);
  CHECK(Contains(extracted.text, "The city council voted on Tuesday"));
  CHECK(Contains(extracted.text, "regular public reports"));
  CHECK_FALSE(Contains(extracted.text, "<p>"));
  CHECK_FALSE(Contains(extracted.text, "Council backs tram plan"));
  for (const auto& paragraph : extracted.result.paragraphs) CHECK(paragraph.block == nullptr);

  // The page's own article wins over a template (a comment form, a teaser card).
  Extracted own = Extract(Page("<div class=\"story\">" + kArticle +
                               "</div><script type=\"text/x-template\"><div><p>A teaser card, long enough to be "
                               "read as prose by the extractor, with commas, and sentences.</p></div></script>"));
  CHECK(Contains(own.text, "The city council voted on Tuesday"));
  CHECK_FALSE(Contains(own.text, "teaser card"));
}

// A list of the article whose items open with a linked name and go on with a sentence is kept
// between prose paragraphs; the same list closing the article (teasers) goes (issue 14, class 5).
TEST_CASE("a list whose items open with a link is kept inside the article's flow", "[extractors]") {
  const std::string list =
      "<ul><li><a href=\"/p/1\">The Lakeside Tram Museum and its collection</a>, open on weekends, shows the "
      "first cars of the line and their drivers' uniforms.</li><li><a href=\"/p/2\">The Old Depot Cafe by the "
      "river</a>, in the former depot, serves breakfast to the drivers before their first run.</li><li><a "
      "href=\"/p/3\">The Hospital Gardens and their greenhouses</a>, at the end of the line, will get a new "
      "entrance next to the stop.</li></ul>";
  const std::string before =
      "<p>The council voted on Tuesday to extend the tram line to the hospital, after a long debate that lasted "
      "into the night.</p><p>Three places along the route will change, the mayor said.</p>";
  const std::string after =
      "<p>Works will start in the spring and last two years, the mayor said after the vote, promising regular "
      "reports on the budget.</p>";
  GenericOptions options;
  options.min_main_chars = 200;  // as extract::Extract() sets it: the article is short
  Extracted inside = Extract(Page("<div class=\"story\">" + before + list + after + "</div>"), options);
  CHECK(Contains(inside.text, "shows the first cars of the line"));
  CHECK(Contains(inside.text, "Works will start"));
  Extracted closing = Extract(Page("<div class=\"story\">" + before + after + list + "</div>"), options);
  CHECK(Contains(closing.text, "Works will start"));
  CHECK_FALSE(Contains(closing.text, "shows the first cars of the line"));
}

// The box right after the article's container, of the same tag, with paragraphs and no links,
// is the rest of the article (a "more" extended entry); a box of links after it is not
// (issue 14, class 1: articles that continue in sibling blocks).
TEST_CASE("the article continues in the link-free box right after its container", "[extractors]") {
  const std::string rest =
      "<div id=\"more\"><p>---</p><p>The line will have eleven stops between the station and the hospital, and a "
      "depot near the market</p><p><strong>The line<br>Stops:</strong><br>1. Station<br>2. Market<br>3. "
      "Hospital</p></div>";
  Extracted extracted = Extract(Page("<div class=\"page\"><div class=\"body\">" + kArticle + "</div>" + rest +
                                     "<div class=\"x\"><a href=\"/a\">Other news of the week</a></div></div>"));
  CHECK(Contains(extracted.text, "regular public reports"));
  CHECK(Contains(extracted.text, "3. Hospital"));
  CHECK_FALSE(Contains(extracted.text, "Other news of the week"));

  const std::string links =
      "<div id=\"more\"><p><a href=\"/1\">Station works start</a> and <a href=\"/2\">market moves</a></p>"
      "<p><a href=\"/3\">The hospital gets a stop, and a new entrance</a></p></div>";
  Extracted linked = Extract(Page("<div class=\"page\"><div class=\"body\">" + kArticle + "</div>" + links + "</div>"));
  CHECK_FALSE(Contains(linked.text, "Station works start"));
}

// A box beside the article's container whose paragraphs have the article's paragraph style
// (the class of most of its <p>) continues it, whatever its own name says: a "teaser" box
// holding the first paragraphs. A box of another style stays out (issue 14, class 1).
TEST_CASE("a sibling box styled like the article's paragraphs is part of it", "[extractors]") {
  const std::string style = "<p class=\"font-body copy\">";
  const std::string first = "<div class=\"teaser-content\"><section>" + style +
                            "With the number of cases rising again, members of the council challenge the order to "
                            "return to the offices.</p>" +
                            style +
                            "The chairman said in an interview that there was no data that could make one "
                            "comfortable.</p></section></div>";
  std::string rest = "<div class=\"remainder-content\"><section>";
  for (const char* sentence :
       {"Senators sent a letter on Thursday warning against reopenings that could lead to new cases in the region.",
        "The letter asks the agencies to keep the staff at home until the numbers fall again for two weeks.",
        "The agencies said they were following the guidance, and that their buildings had been cleaned.",
        "Unions said many workplaces had not been prepared, and that the staff were safer working from home."}) {
    rest += style + sentence + "</p>";
  }
  rest += "</section></div>";
  const std::string other =
      "<div class=\"teaser-content\"><p class=\"promo\">Subscribe to our newsletter, the best stories of the day, "
      "delivered every morning, with offers from our partners.</p></div>";
  Extracted styled = Extract(Page("<div class=\"article-body\">" + first + rest + "</div>"));
  CHECK(styled.text.rfind("With the number of cases rising again", 0) == 0);
  CHECK(Contains(styled.text, "Unions said many workplaces"));
  Extracted unstyled = Extract(Page("<div class=\"article-body\">" + other + rest + "</div>"));
  CHECK(Contains(unstyled.text, "Unions said many workplaces"));
  CHECK_FALSE(Contains(unstyled.text, "Subscribe to our newsletter"));
}

// A header box inside the article's container, pruned for its share buttons, may hold the deck:
// the paragraph that says what og:description says is kept, before the text; the rest of the
// box (headline, buttons) is not (issue 14, class 1: ledes outside the chosen block).
TEST_CASE("a deck in a header box pruned for its buttons is kept", "[extractors]") {
  auto page = [](const std::string& description) {
    return "<!DOCTYPE html><html><head><title>Sanctions</title><meta property=\"og:description\" content=\"" +
           description +
           "\"></head><body><section class=\"container\"><div class=\"headline\"><h1>New sanctions shake the "
           "economy</h1><p class=\"lead\">After nine years of war the economy lies in ruins, and new sanctions "
           "push the currency down further.</p><div class=\"meta\">Jane Doe, 15.06.2020</div><button>Print</button>"
           "<button>Share</button></div>" +
           kArticle + "</section></body></html>";
  };
  Extracted deck =
      Extract(page("After nine years of war the economy lies in ruins, and new sanctions push the currency "
                   "down further."));
  CHECK(deck.text.rfind("After nine years of war", 0) == 0);
  CHECK(Contains(deck.text, "regular public reports"));
  CHECK_FALSE(Contains(deck.text, "New sanctions shake the economy"));
  CHECK_FALSE(Contains(deck.text, "Jane Doe"));
  Extracted other = Extract(page("The city council voted to expand the tram network."));
  CHECK_FALSE(Contains(other.text, "After nine years of war"));
}

// The page's summary anchors the choice: when the best-scoring block (here a reader's long letter
// in another column, in a box the layout does not name) shares little of og:description and a
// paragraph elsewhere says it, the candidate around that paragraph is the article (issue 14,
// class 1).
TEST_CASE("og:description anchors the choice of the article's block", "[extractors]") {
  const std::string article =
      "<div class=\"story\"><p>The council voted on Tuesday to extend the tram line to the hospital, after a "
      "long debate that lasted into the night.</p><p>Works will start in the spring and last two years, the mayor "
      "said, promising regular reports on the budget and the delays.</p><p>The line will carry ten thousand "
      "passengers a day.</p></div>";
  std::string letter = "<div class=\"box\">";
  for (int i = 0; i < 4; ++i) {
    letter +=
        "<p>I have lived here for forty years, and I have seen plans come and go, roads dug up, shops closed, "
        "promises made, and, every time, the same people paying for them, so forgive me, dear editor, if I "
        "doubt.</p>";
  }
  letter += "</div>";
  auto page = [&](const std::string& description) {
    return "<!DOCTYPE html><html><head><title>Tram</title><meta property=\"og:description\" content=\"" + description +
           "\"></head><body><div class=\"col\">" + article + "</div><div class=\"col2\"><div>" + letter +
           "</div></div></body></html>";
  };
  GenericOptions options;
  options.min_main_chars = 200;
  Extracted anchored = Extract(
      page("The council voted on Tuesday to extend the tram line to the hospital after a long debate."), options);
  CHECK(Contains(anchored.text, "The council voted on Tuesday"));
  CHECK_FALSE(Contains(anchored.text, "forgive me, dear editor"));
  // A summary the page's text does not say (a site's slogan) changes nothing.
  Extracted slogan = Extract(page("All the news of the region, every day, from our reporters in every town."), options);
  CHECK(Contains(slogan.text, "forgive me, dear editor"));
}

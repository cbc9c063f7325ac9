// Tests of clean::CleanBody, one rule per test case (issue 14, error classes 2 and 3): what
// goes (captions, credits, widget headings, notices, promotions, bylines, press-release
// boilerplate, trailing link lists) and what stays (prose that mentions the same words).
// The snippets are written for the tests, in the languages the phrase lists cover.
#include "extractors/body_cleaner.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "extractors/html_parser.h"
#include "extractors/text_serializer.h"

namespace {

using pressoir::clean::CleanBody;
using pressoir::clean::TextReason;

// The body of `html` serialized, cleaned and joined (blank line between paragraphs).
std::string Cleaned(const std::string& html, std::vector<std::string>* explain = nullptr) {
  pressoir::dom::Document document = pressoir::html::ParseHtml("<html><body>" + html + "</body></html>");
  auto paragraphs = pressoir::text::Serialize(document.body());
  return pressoir::text::JoinParagraphs(CleanBody(std::move(paragraphs), explain));
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kProse1 =
    "<p>Le conseil municipal a voté mardi soir, après un long débat, l'extension du réseau de tramway vers "
    "l'hôpital et la gare.</p>";
const std::string kProse2 =
    "<p>Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern, teilte die Stadtverwaltung am Dienstag "
    "mit.</p>";
const std::string kProse3 =
    "<p>The mayor said the project was the largest investment in public transport in a generation, and "
    "promised regular reports.</p>";

}  // namespace

// Captions and credits: <figcaption>, caption/credit/legend boxes, "Photo: ...", agency
// credits and media counters are not article text.
TEST_CASE("captions, credits and media counters are removed", "[extractors]") {
  SECTION("figcaption and caption boxes") {
    std::string text =
        Cleaned(kProse1 + "<figure><img src=a.jpg><figcaption>Le tram place Bellecour</figcaption></figure>" +
                "<div class=\"photo-credit\">Jean Dupont</div>" +
                "<div class=\"wp-caption\"><p>Vue de la gare</p></div>" + kProse2 + kProse3);
    CHECK_FALSE(Contains(text, "Bellecour"));
    CHECK_FALSE(Contains(text, "Jean Dupont"));
    CHECK_FALSE(Contains(text, "Vue de la gare"));
    CHECK(Contains(text, "Die Arbeiten"));
  }
  SECTION("credit lines by their text") {
    CHECK(TextReason("Photo: Radio-Canada / Steve Bruce") != nullptr);
    CHECK(TextReason("Crédit : Jean Dupont") != nullptr);
    CHECK(TextReason("Foto: dpa") != nullptr);
    CHECK(TextReason("Delil Souleiman /AFP") != nullptr);
    CHECK(TextReason("(©Adobe Stock)") != nullptr);
    CHECK(TextReason("Getty Images") != nullptr);
    CHECK(TextReason("1 of 4") != nullptr);
    CHECK(TextReason("3 / 12") != nullptr);
  }
  SECTION("a caption that ends with its photo credit, and a video teaser") {
    CHECK(TextReason("Kindergottesdiensttage machen Spaß, finden die Kinder (von links). Foto: Claudia Ludewig") !=
          nullptr);
    CHECK(TextReason("Farmers protest in Bathinda, Punjab. (Credits: PTI)") != nullptr);
    CHECK(TextReason("1:30 Turkish military releases footage showing airstrike on Syrian targets") != nullptr);
    CHECK(TextReason("1:02:15 Full interview with the minister") != nullptr);
  }
  SECTION("a paragraph citing its source, and a time in a sentence, stay") {
    CHECK(TextReason("Cases rose by 2,000 in a week, the ministry said. (Source: WHO)") == nullptr);
    CHECK(TextReason("Les chiffres ont doublé en un an. Quelle: Statistisches Bundesamt") == nullptr);
    CHECK(TextReason("10:30 The police arrived at the scene and closed the road.") == nullptr);
  }
  SECTION("caption boxes named in other languages or abbreviated") {
    std::string text = Cleaned(kProse1 + "<div class=\"img_cptn\">Le tram place Bellecour</div>" +
                               "<div class=\"bildunterschrift\">Der Bahnhof am Morgen</div>" + kProse2 + kProse3);
    CHECK_FALSE(Contains(text, "Bellecour"));
    CHECK_FALSE(Contains(text, "Bahnhof am Morgen"));
    CHECK(Contains(text, "Die Arbeiten"));
  }
  SECTION("prose that mentions photos or agencies stays") {
    CHECK(TextReason("The photo was taken by a reporter of AFP in Kabul on Monday.") == nullptr);
    CHECK(TextReason("Reuters reported the deal on Monday, citing two sources.") == nullptr);
    CHECK(TextReason("1 of the 4 suspects was arrested") == nullptr);
  }
  SECTION("a container named like a credit but holding the article stays") {
    std::string text = Cleaned("<div class=\"post tag-credit-cards\">" + kProse1 + kProse2 + kProse3 + kProse1 +
                               kProse2 + kProse3 + "</div>");
    CHECK(Contains(text, "Le conseil municipal"));
  }
  SECTION("a photo story keeps its captions: they are its text") {
    std::string text = Cleaned(
        "<figure><figcaption>Les premiers voyageurs montent dans la rame à six heures du "
        "matin.</figcaption></figure><figure><figcaption>La rame arrive à l'hôpital, "
        "sous les applaudissements du personnel.</figcaption></figure><p>Fin.</p>");
    CHECK(Contains(text, "Les premiers voyageurs"));
  }
}

// Copyright lines are the site's legal notice, not the article.
TEST_CASE("short copyright lines are removed", "[extractors]") {
  CHECK(TextReason("© 2020 AFP") != nullptr);
  CHECK(TextReason("Copyright (c) Press Association Ltd. 2008, All Rights Reserved.") != nullptr);
  CHECK(TextReason("Alle Rechte vorbehalten.") != nullptr);
  CHECK(TextReason("A settlement does not indicate an admission of copyright infringement, the lawyer said.") ==
        nullptr);
}

// Widget headings and "read also" teasers, in the languages of the phrase table.
TEST_CASE("read-also widget lines are removed in many languages", "[extractors]") {
  for (const char* line :
       {"À lire aussi : Le budget de la ville en hausse", "Lire aussi: Le tram", "Lesen Sie auch: Neue Straßenbahn",
        "Te puede interesar", "Leggi anche: il tram", "Lees ook: De tram", "Czytaj także: Tramwaj",
        "Leia também: O bonde", "» Read more: the tram", "Related: The tram", "Te recomendamos ⬇",
        "Wir empfehlen: Die neue Straßenbahn", "Polecamy: Tramwaj", "Veja também: O bonde"}) {
    INFO(line);
    CHECK(TextReason(line) != nullptr);
  }
  CHECK(TextReason("Lire aussi les propositions du maire, qui demande depuis trois ans une nouvelle ligne de tram "
                   "jusqu'à la gare, aux quartiers nord et à l'hôpital, pour un coût estimé à deux cents millions "
                   "d'euros selon le dernier rapport publié par la chambre régionale des comptes.") == nullptr);
}

// Notices of the comment, rating and share services and bare ad labels.
TEST_CASE("service notices and ad labels are removed", "[extractors]") {
  // Share bars, their labels glued or separated; a lone name or a sentence naming them stays.
  CHECK(TextReason("FacebookTwitterLinkedinEMail") != nullptr);
  CHECK(TextReason("Facebook | Twitter | WhatsApp") != nullptr);
  CHECK(TextReason("Facebook") == nullptr);
  CHECK(TextReason("Facebook said it would share the data with Twitter") == nullptr);
  CHECK(TextReason("Vos commentaires seront modérés, et publiés s'ils respectent la nétiquette.") != nullptr);
  CHECK(TextReason("Kommentare werden moderiert.") != nullptr);
  CHECK(TextReason("There are currently no Comments available.") != nullptr);
  CHECK(TextReason("Anzeige") != nullptr);
  CHECK(TextReason("Publicité") != nullptr);
  CHECK(TextReason("ADVERTISEMENT") != nullptr);
  CHECK(TextReason("Share:") != nullptr);
  CHECK(TextReason("The advertisement campaign cost the city two million euros.") == nullptr);
}

// Newsletter and follow calls go when they sit at the end of the body or are set apart by
// their style; in the middle of the text, in plain prose, they stay.
TEST_CASE("promotions go at the end of the body or when styled apart", "[extractors]") {
  std::string promotion = "<p>Inscrivez-vous à notre newsletter pour recevoir l'essentiel.</p>";
  std::string styled = "<p><strong>Abonnez-vous à notre newsletter !</strong></p>";
  SECTION("at the end") {
    std::string text = Cleaned(kProse1 + kProse2 + kProse3 + promotion);
    CHECK_FALSE(Contains(text, "Inscrivez-vous"));
    CHECK(Contains(text, "The mayor"));
  }
  SECTION("styled, in the middle") {
    std::string text = Cleaned(kProse1 + styled + kProse2 + kProse3 + kProse1 + kProse2);
    CHECK_FALSE(Contains(text, "Abonnez-vous"));
  }
  SECTION("plain, in the middle") {
    std::string text = Cleaned(kProse1 + promotion + kProse2 + kProse3 + kProse1 + kProse2);
    CHECK(Contains(text, "Inscrivez-vous"));
  }
  SECTION("a longer pitch closing the body, but not before its end") {
    std::string pitch =
        "<p>Get the best of the Daily delivered to your inbox - subscribe to the Daily Morning. Follow the Daily on "
        "Twitter, Instagram, Facebook, Telegram and on YouTube, and stay in the know with what's happening in the "
        "world around you, in real time, every day of the week.</p>";
    std::string closing = Cleaned(kProse1 + kProse2 + kProse3 + pitch);
    CHECK_FALSE(Contains(closing, "Get the best of the Daily"));
    std::string before_end = Cleaned(kProse1 + kProse2 + pitch + kProse3);
    CHECK(Contains(before_end, "Get the best of the Daily"));
  }
}

// Contest and giveaway calls are promotions too (a rule site's held-out page ended with one).
TEST_CASE("contest calls at the end of the body are removed", "[extractors]") {
  for (const char* call : {"<p>Jeu-concours : tentez de gagner deux places pour le festival !</p>",
                           "<p>Gewinnspiel: Jetzt mitmachen und gewinnen!</p>",
                           "<p>Enter our competition for a chance to win a weekend in Rome.</p>",
                           "<p>Participa en el sorteo de dos entradas para el concierto.</p>"}) {
    INFO(call);
    std::string text = Cleaned(kProse1 + kProse2 + kProse3 + call);
    CHECK(Contains(text, "The mayor"));
    CHECK_FALSE(Contains(text, std::string(call).substr(3, 12)));
  }
}

// A byline above the text goes; a first sentence that starts with the same word stays.
TEST_CASE("bylines at the top of the body are removed", "[extractors]") {
  CHECK(Cleaned("<p>By Jane Doe</p>" + kProse3) == Cleaned(kProse3));
  CHECK(Contains(Cleaned("<p>Par Jean Dupont et Marie Curie</p>" + kProse1), "Le conseil"));
  CHECK_FALSE(Contains(Cleaned("<p>Par Jean Dupont et Marie Curie</p>" + kProse1), "Jean Dupont"));
  CHECK(Contains(Cleaned("<p>By 2030 the network will reach the airport</p>" + kProse3), "By 2030"));
  CHECK(Contains(Cleaned(kProse1 + kProse2 + kProse3 + "<p>By Jane Doe</p>"), "By Jane Doe"));
}

// "About <company>" closes a press release: the heading and what follows go.
TEST_CASE("the about-the-company section of a press release is removed", "[extractors]") {
  std::string text = Cleaned(kProse1 + kProse2 + kProse3 + kProse1 + kProse2 +
                             "<h3>About Tramco</h3><p>Tramco builds trams in twelve countries.</p>");
  CHECK_FALSE(Contains(text, "About Tramco"));
  CHECK_FALSE(Contains(text, "twelve countries"));
  CHECK(Contains(text, "The mayor"));
  // In the middle of the text, a heading "About ..." is a section of the article.
  std::string middle = Cleaned(kProse1 + "<h3>About the route</h3>" + kProse2 + kProse3 + kProse1 + kProse2);
  CHECK(Contains(middle, "About the route"));
}

// A trailing run of linked headlines (related articles) goes; one link (a source) stays.
TEST_CASE("a trailing list of linked headlines is removed", "[extractors]") {
  std::string list = "<p><a href=/1>Le budget de la ville en hausse</a></p><p><a href=/2>Un nouveau maire</a></p>";
  std::vector<std::string> explain;
  std::string text = Cleaned(kProse1 + kProse2 + list, &explain);
  CHECK_FALSE(Contains(text, "Le budget"));
  CHECK_FALSE(Contains(text, "Un nouveau maire"));
  CHECK(Contains(text, "Die Arbeiten"));
  CHECK(explain.size() == 2);
  CHECK(explain[0].rfind("cleaned (link-list): ", 0) == 0);
  std::string source = Cleaned(kProse1 + kProse2 + "<p><a href=/r>Le rapport de la cour des comptes</a></p>");
  CHECK(Contains(source, "Le rapport"));
}

// A dateline that also carries the source and the photo credit as fields is metadata, not
// text; a sentence with a date and a credit word is text.
TEST_CASE("a dateline with source and photo credit fields is removed", "[extractors]") {
  std::string text =
      Cleaned("<p>22/11/2020 - 04:30 - Fonte: Agência Brasil - Foto: Ana Lima/Clube</p>" + kProse1 + kProse2 + kProse3);
  CHECK_FALSE(Contains(text, "Fonte: Agência Brasil"));
  CHECK(Contains(text, "Le conseil municipal"));
  std::string sentence = Cleaned(
      "<p>On 22 November 2020 - a Sunday - the photo: a crowd in front of the town hall, waiting for the "
      "results of the vote.</p>" +
      kProse1 + kProse2);
  CHECK(Contains(sentence, "waiting for the results"));
  // Every field a date or a time: the posted/updated line.
  std::string posted = Cleaned("<p>Posted: Nov 20, 2020 / 05:25 PM CST / Updated: Nov 20, 2020 / 07:16 PM CST</p>" +
                               kProse1 + kProse2 + kProse3);
  CHECK_FALSE(Contains(posted, "Posted: Nov 20"));
  CHECK(Contains(posted, "Le conseil municipal"));
  std::string season = Cleaned("<p>Season 2019 / 2020 / the review of the year, with all the results</p>" + kProse1);
  CHECK(Contains(season, "the review of the year"));
}

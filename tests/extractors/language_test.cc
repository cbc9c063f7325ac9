// Language decisions (issue 15, item 4): CLD2 reads the text when the page declares no
// language or one its text contradicts; short text keeps the declared value; a rule sets it.
#include "extractors/language.h"

#include <catch2/catch.hpp>

namespace {

using pressoir::language::Decide;

constexpr char kGerman[] =
    "Die Bundesregierung hat am Mittwoch neue Regeln für den Umgang mit der Pandemie beschlossen. "
    "Nach stundenlangen Beratungen einigten sich Bund und Länder darauf, die Kontaktbeschränkungen "
    "zu verlängern und die Schulen vorerst geschlossen zu halten. Die Kanzlerin sprach von einer "
    "schwierigen, aber notwendigen Entscheidung, die das Land noch einige Wochen begleiten werde.";
constexpr char kFrench[] =
    "Le gouvernement a présenté mercredi un nouveau plan pour soutenir les entreprises touchées par la "
    "crise. Les mesures, qui doivent encore être votées par le Parlement, prévoient des prêts garantis "
    "par l'État et un report des charges sociales pour les plus petites sociétés du pays, a expliqué "
    "le ministre de l'Économie lors d'une conférence de presse.";

}  // namespace

TEST_CASE("primary tags of declared languages", "[extractors]") {
  using pressoir::language::PrimaryTag;
  CHECK(PrimaryTag("fr-BE") == "fr");
  CHECK(PrimaryTag("en_US") == "en");
  CHECK(PrimaryTag(" DE ") == "de");
  CHECK(PrimaryTag("fil") == "fil");
  CHECK(PrimaryTag("") == "");
  CHECK(PrimaryTag("english") == "");
  CHECK(PrimaryTag("x") == "");
}

TEST_CASE("CLD2 detects the language of enough text", "[extractors]") {
  auto german = pressoir::language::Detect(kGerman);
  CHECK(german.language == "de");
  CHECK(german.reliable);
  CHECK(pressoir::language::Detect(kFrench).language == "fr");
}

TEST_CASE("language decisions: declared, detected, rule", "[extractors]") {
  // No declared language: detected.
  auto none = Decide("", "", kGerman);
  CHECK(none.language == "de");
  CHECK(none.source == "detected");
  // An English template's lang on a German article: the text wins.
  auto contradicted = Decide("en-US", "", kGerman);
  CHECK(contradicted.language == "de");
  CHECK(contradicted.source == "detected");
  // The declaration agrees: declared (its primary tag).
  auto agreed = Decide("fr-BE", "", kFrench);
  CHECK(agreed.language == "fr");
  CHECK(agreed.source == "declared");
  // Too short to tell: the declaration stays, whatever it says.
  auto short_text = Decide("en", "", "Die Regierung hat entschieden.");
  CHECK(short_text.language == "en");
  CHECK(short_text.source == "declared");
  CHECK(Decide("", "", "Kurz.").language.empty());
  // A rule sets it for the site.
  auto rule = Decide("en", "fr", kGerman);
  CHECK(rule.language == "fr");
  CHECK(rule.source == "rule");
}

// Close languages that pages and CLD2 name differently are one family: the declared one stays.
TEST_CASE("close languages keep the declared tag", "[extractors]") {
  constexpr char kNorwegian[] =
      "Regjeringen la onsdag fram et nytt forslag om hvordan kommunene skal fordele pengene til skolene. "
      "Forslaget betyr at mange små skoler på bygda kan få mer penger enn før, mens de store skolene i "
      "byene må klare seg med litt mindre, sier statsråden til avisen etter møtet i Stortinget i dag.";
  auto decision = Decide("nb", "", kNorwegian);
  CHECK(decision.language == "nb");
  CHECK(decision.source == "declared");
}

// Article metadata from JSON-LD, OpenGraph, <meta> and the page (issue 5, item 3).
#include "extractors/metadata.h"

#include <catch2/catch.hpp>

#include "extractors/html_parser.h"

using pressoir::metadata::ExtractMetadata;
using pressoir::metadata::NormalizeDate;

namespace {

pressoir::metadata::Metadata Of(const std::string& html) { return ExtractMetadata(pressoir::html::ParseHtml(html)); }

}  // namespace

// JSON-LD article objects come first, also inside @graph and arrays.
TEST_CASE("metadata from JSON-LD", "[extractors]") {
  auto metadata = Of(
      R"(<html lang="fr-BE"><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
         {"@type":"WebSite","name":"Site"},
         {"@type":["NewsArticle"],"headline":"Le titre","datePublished":"2020-03-06T10:20:00+01:00",
          "author":[{"@type":"Person","name":"A. Dupont"},{"name":"B. Martin"}]}]}</script>
         <meta property="og:title" content="Autre titre"></head><body></body></html>)");
  CHECK(metadata.title == "Le titre");
  CHECK(metadata.date == "2020-03-06T10:20:00+01:00");
  CHECK(metadata.authors == std::vector<std::string>{"A. Dupont", "B. Martin"});
  CHECK(metadata.language == "fr");  // the BCP 47 primary tag
  CHECK(metadata.declared_language == "fr-be");
  CHECK(metadata.language_source == "declared");
  CHECK(metadata.declares_article);
}

// Malformed JSON-LD is skipped; OpenGraph and <meta> fill in.
TEST_CASE("metadata from OpenGraph and meta tags", "[extractors]") {
  auto metadata = Of(
      R"(<head><script type="application/ld+json">{"@type": "NewsArticle", broken</script>
         <meta property="og:title" content=" Titre OG ">
         <meta property="article:published_time" content="2019-11-05">
         <meta name="author" content="Jeanne Doe">
         <meta property="og:locale" content="de_DE">
         <meta property="og:url" content="https://news.test/og"></head>)");
  CHECK(metadata.title == "Titre OG");
  CHECK(metadata.date == "2019-11-05");
  CHECK(metadata.authors == std::vector<std::string>{"Jeanne Doe"});
  CHECK(metadata.language == "de");
  CHECK(metadata.declared_language == "de-de");
  CHECK(metadata.canonical_url == "https://news.test/og");
  CHECK_FALSE(metadata.declares_article);
}

// The page itself: <link rel=canonical> beats og:url; <h1> then <title> give the title.
TEST_CASE("metadata from the page", "[extractors]") {
  auto metadata = Of(R"(<head><title>Titre | Site</title><link rel="canonical" href="https://news.test/c">
                        <meta property="og:url" content="https://news.test/og"></head><body><h1>Grand titre</h1></body>)");
  CHECK(metadata.title == "Grand titre");
  CHECK(metadata.canonical_url == "https://news.test/c");
  CHECK(Of("<title> Seul titre </title>").title == "Seul titre");
  CHECK(Of(R"(<meta name="author" content="https://facebook.com/someone">)").authors.empty());
}

// Dates as pages write them, in French, English and German, become ISO 8601.
TEST_CASE("dates normalize to ISO 8601", "[extractors]") {
  CHECK(NormalizeDate("2020-03-06T10:20:00+01:00") == "2020-03-06T10:20:00+01:00");
  CHECK(NormalizeDate("2012-11-20 14:03") == "2012-11-20T14:03");
  CHECK(NormalizeDate("Publié le 06.03.2020 à 11:20") == "2020-03-06");
  CHECK(NormalizeDate("06/03/2020") == "2020-03-06");
  CHECK(NormalizeDate("mardi 20 novembre 2012") == "2012-11-20");
  CHECK(NormalizeDate("1er août 2019") == "2019-08-01");
  CHECK(NormalizeDate("5 août 2019") == "2019-08-05");
  CHECK(NormalizeDate("November 20, 2012") == "2012-11-20");
  CHECK(NormalizeDate("Tue, 20 Nov 2012 10:00:00 GMT") == "2012-11-20");
  CHECK(NormalizeDate("3. März 2021") == "2021-03-03");
  CHECK(NormalizeDate("no date here") == std::nullopt);
  CHECK(NormalizeDate("2020-13-45") == std::nullopt);
}

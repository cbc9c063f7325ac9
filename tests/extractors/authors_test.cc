// Author lists (issue 15, item 5): split, stripped of lead-ins, without addresses, URLs,
// newsroom boilerplate or the site's own name.
#include "extractors/authors.h"

#include <catch2/catch.hpp>

#include "extractors/html_parser.h"
#include "extractors/metadata.h"

namespace {

using pressoir::authors::CleanAuthors;
using pressoir::authors::SplitAuthors;
using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("author values split into names", "[extractors]") {
  CHECK(SplitAuthors("Jane Doe and John Smith") == Names{"Jane Doe", "John Smith"});
  CHECK(SplitAuthors("Par Jean Dupont et Marie Martin") == Names{"Jean Dupont", "Marie Martin"});
  CHECK(SplitAuthors("A. Adams, B. Brown & C. Clark") == Names{"A. Adams", "B. Brown", "C. Clark"});
  CHECK(SplitAuthors("Von Hans Müller und Eva Schmidt") == Names{"Hans Müller", "Eva Schmidt"});
  CHECK(SplitAuthors("Por María López y Juan Pérez") == Names{"María López", "Juan Pérez"});
  CHECK(SplitAuthors("By JANE DOE") == Names{"JANE DOE"});
  CHECK(SplitAuthors("  Jane   Doe ; Jane Doe ") == Names{"Jane Doe"});  // duplicates once
}

// What follows the name on a byline (a date, "le", "Updated") is not part of it.
TEST_CASE("bylines keep the names only", "[extractors]") {
  CHECK(SplitAuthors("Par Jean Dupont le 7 juin 2020 à 10h12") == Names{"Jean Dupont"});
  CHECK(SplitAuthors("By Jane Doe | Updated June 7, 2020") == Names{"Jane Doe"});
  CHECK(SplitAuthors("Jane Doe - 07/06/2020") == Names{"Jane Doe"});
}

TEST_CASE("addresses, URLs and boilerplate are not authors", "[extractors]") {
  CHECK(SplitAuthors("jane.doe@news.test").empty());
  CHECK(SplitAuthors("https://www.facebook.com/jane").empty());
  CHECK(SplitAuthors("La Rédaction").empty());
  CHECK(SplitAuthors("Rédaction Le Soir").empty());
  CHECK(SplitAuthors("Redacción").empty());
  CHECK(SplitAuthors("Staff").empty());
  CHECK(SplitAuthors("Jane Doe, jane@news.test") == Names{"Jane Doe"});
  CHECK(SplitAuthors("This is a whole sentence that a byline widget put where a name goes").empty());
}

// The site's name alone is no author; beside a person it stays (an agency may co-sign).
TEST_CASE("the site's name alone is not an author", "[extractors]") {
  CHECK(CleanAuthors({"Le Soir"}, "Le Soir").empty());
  CHECK(CleanAuthors({"lesoir.be"}, "Le Soir").empty());
  CHECK(CleanAuthors({"Le Soir"}, "") == Names{"Le Soir"});
  CHECK(CleanAuthors({"Jane Doe"}, "Le Soir") == Names{"Jane Doe"});
  CHECK(CleanAuthors({"Jane Doe and Le Soir"}, "Le Soir") == Names{"Jane Doe", "Le Soir"});
  CHECK(CleanAuthors({"Le Monde"}, "Le Monde diplomatique") == Names{"Le Monde"});  // not the same name
}

// Evidence order in the page: JSON-LD author objects and arrays, <meta name=author>,
// rel=author, itemprop=author, then the byline.
TEST_CASE("authors from JSON-LD, meta, rel=author and the byline", "[extractors]") {
  auto of = [](const std::string& html) {
    return pressoir::metadata::ExtractMetadata(pressoir::html::ParseHtml(html)).authors;
  };
  CHECK(
      of(R"(<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"By Jane Doe"},
              {"@type":"Organization","name":"Daily Test"}],"publisher":{"name":"Daily Test"}}</script>)") ==
      Names{"Jane Doe", "Daily Test"});
  CHECK(
      of(R"(<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Daily Test"},
              "publisher":{"name":"Daily Test"}}</script><body><span class="byline">Par Ann Lee</span></body>)") ==
      Names{"Ann Lee"});
  CHECK(of(R"(<meta name="author" content="Jane Doe, John Roe">)") == Names{"Jane Doe", "John Roe"});
  CHECK(of(R"(<body><a rel="author" href="/jane">Jane Doe</a></body>)") == Names{"Jane Doe"});
  CHECK(of(R"(<body><div class="article-byline">Par Jean Dupont et Marie Martin, le 7 juin</div></body>)") ==
        Names{"Jean Dupont", "Marie Martin"});
}

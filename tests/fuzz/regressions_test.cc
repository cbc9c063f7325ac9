// Regression tests for what the fuzz targets of tests/fuzz/ found (issue #7): each input is the
// minimized reproducer, fed through the normal API. The fuzz targets themselves are built by
// scripts/fuzz.sh, not by CMake.
//
// Every finding below is fixed. An open finding may be tagged [!mayfail] until its fix lands:
// it still runs (so ASan checks it) without failing the suite.
#include <catch2/catch.hpp>

#include "tests/support/utf8_oracle.h"

#include <string>
#include <string_view>
#include <vector>

#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/selector.h"

namespace pressoir {
namespace {

using pressoir::testing::IsValidUtf8;

extract::Article ExtractUtf8Page(std::string_view bytes, const extract::ExtractOptions& options = {}) {
  charset::DecodedText page = charset::DecodeToUtf8(bytes, "text/html; charset=utf-8");
  return extract::Extract(page.utf8, nullptr, options);
}

constexpr std::string_view kParagraph =
    "Le conseil communal a voté mardi soir le budget de l'année prochaine, après un débat de "
    "trois heures sur la rénovation des écoles et le prix de l'eau. ";

}  // namespace

// Found by extract_generic (minimized: "<&#6666666666\v..."). HTML5 §13.2.5.80: a numeric
// character reference above U+10FFFF is a parse error and becomes U+FFFD. Gumbo 0.10.1
// (char_ref.c, consume_numeric_ref) accumulates the value in an int; 6666666666 wraps to a
// negative int, passes the "> 0x10FFFF" check, and Gumbo writes a lone byte 0xAA (invalid
// UTF-8) into the text node; in attribute values too ("&#x80000041;" even becomes "A").
// "&#2147483648;" disappears. Fixed: html_parser.cc replaces invalid UTF-8 in Gumbo's text and
// attribute values with U+FFFD when it copies them into the dom.
TEST_CASE("an overflowing numeric character reference yields valid UTF-8", "[hardening]") {
  for (std::string_view reference : {"&#6666666666;", "&#6666666666", "&#x80000041;", "&#2147483648;"}) {
    DYNAMIC_SECTION(reference) {
      std::string page = "<html><head><title>T " + std::string(reference) + "</title></head><body><article><p>" +
                         std::string(kParagraph) + std::string(reference) + std::string(kParagraph) +
                         "</p><a href=\"/a" + std::string(reference) + "\">x</a></article></body></html>";
      extract::ExtractOptions options;
      options.collect_links = true;
      extract::Article article = ExtractUtf8Page(page, options);
      CHECK(IsValidUtf8(article.Text()));
      CHECK(IsValidUtf8(article.metadata.title));
      for (const std::string& link : article.links) CHECK(IsValidUtf8(link));
      // The invalid byte Gumbo writes is replaced (it turns the others into "A" or nothing).
      if (reference.starts_with("&#6666666666")) CHECK(article.Text().find("\xef\xbf\xbd") != std::string::npos);
    }
  }
  SECTION("the fuzzer's input") {
    extract::Article article = ExtractUtf8Page("<&#6666666666\vm.aipm.ccm/a.cm/a.ccm/a.cm/a");
    CHECK(IsValidUtf8(article.Text()));
  }
}

// Found by extract_generic. --explain lines quote the start of a pruned or repeated
// paragraph cut at a byte count (generic_extractor.cc: paragraph.text.substr(0, 60), twice;
// extract.cc: "dropped repeated paragraph: " + substr(0, 80)), which can end in the middle of
// a UTF-8 sequence. Describe() in extract.cc already backs off to a character boundary; the
// same is needed at those three places.
TEST_CASE("explain lines are valid UTF-8 when they cut a paragraph", "[hardening]") {
  // "é" straddles bytes 59-60 and 79-80 of the repeated paragraph.
  std::string repeated = std::string(59, 'a') + "\xc3\xa9" + std::string(18, 'b') + "\xc3\xa9" + " fin du paragraphe.";
  std::string page = "<html><body><article><p>" + std::string(kParagraph) + std::string(kParagraph) + "</p><p>" +
                     repeated + "</p><p>" + std::string(kParagraph) + "</p><p>" + repeated +
                     "</p></article><div class=\"related\"><p>" + repeated + "</p></div><footer><p>" + repeated +
                     "</p></footer></body></html>";
  extract::ExtractOptions options;
  options.explain = true;
  extract::Article article = ExtractUtf8Page(page, options);
  REQUIRE_FALSE(article.explain.empty());
  for (const std::string& line : article.explain) {
    INFO(line);
    CHECK(IsValidUtf8(line));
  }
}

// Found by extract_generic (minimized from a 44 KB input): a <body> with the hidden attribute
// is skipped, so the generic extractor indexed no element at all, and its whole-page fallback
// then read the index's first entry. Such a page has no text to give.
TEST_CASE("a page whose body is hidden extracts nothing and reads nothing out of bounds", "[hardening]") {
  for (const std::string& page : std::vector<std::string>{
           "<body hidden>", "<body hidden><article><p>" + std::string(kParagraph) + "</p></article></body>"}) {
    INFO(page);
    extract::Article article = ExtractUtf8Page(page, {});
    CHECK(article.body.empty());
  }
}

// Found by selector_compile. SelectorError::what() is documented as one line, and config/
// turns it into one "file:line: message" line; but the message quotes the decoded CSS
// identifier, and a CSS escape ("\a " is U+000A, CSS Syntax §4.3.7) puts a newline in it.
// Fix proposed: selector.cc quotes names in messages as written (source slice) or escapes
// control characters.
TEST_CASE("a selector error is one line even with escaped newlines", "[hardening]") {
  for (std::string_view expression : {"p:foo\\a ", "p:foo\\A x"}) {
    DYNAMIC_SECTION(expression) {
      try {
        selector::Selector::Compile(expression);
        FAIL("compiled");
      } catch (const selector::SelectorError& e) {
        CHECK(std::string_view(e.what()).find('\n') == std::string_view::npos);
      }
    }
  }
}

}  // namespace pressoir

// Text serialization: what a reader sees, as paragraphs (issue 4, item 3).
#include "extractors/text_serializer.h"

#include <catch2/catch.hpp>

#include "extractors/html_parser.h"

namespace {

std::string TextOf(const std::string& html) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(html);
  return pressoir::text::JoinParagraphs(pressoir::text::Serialize(document.body()));
}

}  // namespace

// Block elements become paragraphs; inline elements join with single spaces.
TEST_CASE("blocks are paragraphs and inline text joins", "[extractors]") {
  CHECK(TextOf("<p>Un <b>deux</b>   <i>trois</i></p><div>quatre</div>") == "Un deux trois\n\nquatre");
  CHECK(TextOf("<p>a<span>b</span>c</p>") == "abc");
  CHECK(TextOf("<div>avant<p>dedans</p>après</div>") == "avant\n\ndedans\n\naprès");
}

// <br> breaks the line inside a paragraph; two in a row separate paragraphs, as older CMSes
// wrote whole articles with <br><br> between paragraphs.
TEST_CASE("br breaks lines", "[extractors]") {
  CHECK(TextOf("<p>ligne un<br>ligne deux<br/> <br>ligne trois</p>") == "ligne un\nligne deux\n\nligne trois");
  CHECK(TextOf("<p>a<br>&nbsp;<br>b</p>") == "a\n\nb");
  CHECK(TextOf("<p><br>a<br></p>") == "a");
}

// Lists and headings are their own lines.
TEST_CASE("list items and headings stand alone", "[extractors]") {
  auto paragraphs =
      pressoir::text::Serialize(pressoir::html::ParseHtml("<h2>Titre</h2><ul><li>un</li><li>deux</li></ul>").body());
  REQUIRE(paragraphs.size() == 3);
  CHECK(paragraphs[0].kind == pressoir::text::BlockKind::kHeading);
  CHECK(paragraphs[1].text == "un");
  CHECK(paragraphs[1].kind == pressoir::text::BlockKind::kListItem);
}

// Whitespace is normalized, no-break and narrow spaces included (French typography).
TEST_CASE("whitespace is collapsed", "[extractors]") {
  CHECK(TextOf("<p>  a \n\t b&nbsp;&nbsp;c\xE2\x80\xAF?  </p>") == "a b c ?");
  CHECK(TextOf("<p>zero\xE2\x80\x8Bwidth</p>") == "zerowidth");
  CHECK(pressoir::text::CollapseWhitespace("  x \xC2\xA0 y  ") == "x y");
}

// Collapsing a text given in pieces (the text nodes of a link) gives what collapsing the
// pieces joined gives, wherever the pieces are cut between characters.
TEST_CASE("whitespace is collapsed across pieces as in the joined text", "[extractors]") {
  const std::string text = "  Un\t titre \xC2\xA0 long\xE2\x80\xAF:\n  la suite  ";
  for (size_t cut1 = 0; cut1 <= text.size(); ++cut1) {
    for (size_t cut2 = cut1; cut2 <= text.size(); ++cut2) {
      std::string_view whole(text);
      auto starts_character = [&](size_t at) {
        return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
      };
      if (!starts_character(cut1) || !starts_character(cut2)) continue;  // pieces never split a character
      std::string out;
      bool pending = false;
      pressoir::text::AppendCollapsedWhitespace(whole.substr(0, cut1), out, pending);
      pressoir::text::AppendCollapsedWhitespace(whole.substr(cut1, cut2 - cut1), out, pending);
      pressoir::text::AppendCollapsedWhitespace(whole.substr(cut2), out, pending);
      INFO("cuts " << cut1 << ", " << cut2);
      CHECK(out == pressoir::text::CollapseWhitespace(text));
    }
  }
  CHECK(pressoir::text::CollapseWhitespace(text) == "Un titre long : la suite");
}

// Scripts, styles, forms, buttons, iframes and hidden elements are never text.
TEST_CASE("non-text and hidden elements are dropped", "[extractors]") {
  CHECK(TextOf("<p>vu</p><script>var x='caché';</script><style>p{}</style><noscript>ns</noscript>"
               "<form><span>formulaire</span><input value=v></form><button>Partager</button><iframe>i</iframe>") ==
        "vu");
  CHECK(TextOf("<p hidden>h</p><p aria-hidden=\"true\">a</p><p style=\"color:red; display: none\">d</p>"
               "<p style=\"visibility:hidden\">v</p><p>visible</p>") == "visible");
  CHECK(TextOf("<template><p>t</p></template><p>ok</p>") == "ok");
}

// An inline style is CSS, whose whitespace (CSS Syntax §3.3: SPACE, TAB, LF, CR and FF, the
// last two read as LF) may separate "display", ":" and "none".
TEST_CASE("a style hides an element whatever CSS whitespace it holds", "[extractors]") {
  CHECK(TextOf("<p style=\"display:\fnone\">f</p><p style=\"display\t:\r\n none\">t</p><p>visible</p>") == "visible");
  CHECK(TextOf("<p style=\"VISIBILITY :\f HIDDEN\">v</p><p>visible</p>") == "visible");
}

// Preformatted text keeps its line breaks.
TEST_CASE("pre keeps lines", "[extractors]") { CHECK(TextOf("<pre>a\nb</pre>") == "a\nb"); }

// An article printed twice keeps one copy; a teaser that repeats the lede and ends in an
// ellipsis is dropped, before or after the full text (issue 4, item 3).
TEST_CASE("repeated paragraphs are dropped", "[extractors]") {
  using pressoir::text::DropRepeatedParagraphs;
  using pressoir::text::Paragraph;
  auto texts = [](const std::vector<Paragraph>& paragraphs) {
    std::vector<std::string> out;
    for (const auto& paragraph : paragraphs) out.push_back(paragraph.text);
    return out;
  };
  std::string lede = "Le gouvernement a annoncé mardi un plan de relance de deux milliards d'euros pour les communes.";
  std::string body = "Le plan sera discuté au Parlement la semaine prochaine.";
  SECTION("article printed twice") {
    auto kept = DropRepeatedParagraphs({{lede}, {body}, {lede}, {body}});
    CHECK(texts(kept) == std::vector<std::string>{lede, body});
  }
  SECTION("teaser before the lede") {
    std::vector<Paragraph> removed;
    auto kept = DropRepeatedParagraphs({{lede.substr(0, 60) + "..."}, {lede}, {body}}, &removed);
    CHECK(texts(kept) == std::vector<std::string>{lede, body});
    CHECK(removed.size() == 1);
  }
  SECTION("teaser after the lede, with a typographic ellipsis") {
    auto kept = DropRepeatedParagraphs({{lede}, {body}, {lede.substr(0, 50) + "\xE2\x80\xA6"}});
    CHECK(texts(kept) == std::vector<std::string>{lede, body});
  }
  SECTION("a short paragraph ending in ... is kept unless repeated exactly") {
    auto kept = DropRepeatedParagraphs({{"Et puis..."}, {"Et puis il est parti."}});
    CHECK(kept.size() == 2);
  }
}

// Repeat removal is limited to paragraph-level text (issue 14, error class 4): table cells of
// a standings table, list items and short lines such as interview labels recur inside an
// article and stay; a long paragraph printed twice still goes.
TEST_CASE("repeats of table cells, list items and short lines are kept", "[extractors]") {
  using pressoir::text::BlockKind;
  using pressoir::text::DropRepeatedParagraphs;
  using pressoir::text::Paragraph;
  std::string answer = "Nous avons travaillé pendant trois ans sur ce projet de tramway.";
  SECTION("table cells") {
    auto kept = DropRepeatedParagraphs({{"Lyon", BlockKind::kTableCell},
                                        {"Olympique de Marseille, Paris Saint-Germain", BlockKind::kTableCell},
                                        {"Olympique de Marseille, Paris Saint-Germain", BlockKind::kTableCell}});
    CHECK(kept.size() == 3);
  }
  SECTION("list items") {
    auto kept = DropRepeatedParagraphs({{"Deux oeufs, une cuillère de farine et du lait", BlockKind::kListItem},
                                        {"Deux oeufs, une cuillère de farine et du lait", BlockKind::kListItem}});
    CHECK(kept.size() == 2);
  }
  SECTION("interview labels") {
    auto kept = DropRepeatedParagraphs({{"Question :"}, {answer}, {"Question :"}, {"Oui."}});
    CHECK(kept.size() == 4);
  }
  SECTION("a long paragraph printed twice") {
    auto kept = DropRepeatedParagraphs({{answer}, {"Oui."}, {answer}});
    CHECK(kept.size() == 2);
  }
}

// Very deep nesting does not overflow the stack.
TEST_CASE("deeply nested pages serialize", "[extractors]") {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<span>";
  html += "profond";
  CHECK(TextOf(html) == "profond");
}

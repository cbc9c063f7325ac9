// Selector explanations (extractors/selector_report.h), shared by `rules check --pages` and the
// extraction preview.
#include "extractors/selector_report.h"

#include <catch2/catch.hpp>

#include "extractors/html_parser.h"

namespace {

using pressoir::rules::SiteRules;
using pressoir::selector::Selector;
namespace report = pressoir::selector_report;

}  // namespace

TEST_CASE("selector report: counts per selector and what looks wrong", "[extractors][selector_report]") {
  SiteRules rules;
  rules.body = {Selector::Compile("div[data-role=article]"), Selector::Compile(".story"), Selector::Compile("p")};
  rules.remove = {Selector::Compile(".ad"), Selector::Compile(".share")};
  rules.title = {Selector::Compile("h1")};
  rules.lede = {Selector::Compile(".chapo")};
  pressoir::dom::Document one = pressoir::html::ParseHtml(
      "<h1>T</h1><p class=chapo>c</p><div class=story><p>a</p><p>b</p><p>c</p><p>d</p><div class=ad>x</div></div>");
  pressoir::dom::Document two = pressoir::html::ParseHtml("<h1>U</h1><article><p>a</p></article>");
  std::vector<report::SelectorLine> lines = report::Report(rules, {&one, &two});
  REQUIRE(lines.size() == 7);

  CHECK(lines[0].key == "body");
  CHECK(lines[0].matches == 0);
  CHECK(lines[0].explanation == "matches nothing: no element has the attribute(s) it tests (data-role)");

  CHECK(lines[1].selector == ".story");
  CHECK(lines[1].matches == 1);
  CHECK(lines[1].pages == 2);
  CHECK(lines[1].pages_matched == 1);
  CHECK(lines[1].explanation == "matches 1 element on 1 of 2 pages; the key's other selectors match the other pages");

  CHECK(lines[2].matches == 6);
  CHECK(lines[2].max_on_one_page == 5);
  CHECK(lines[2].explanation.find("5 on one page: their texts are all joined") != std::string::npos);

  CHECK(lines[3].key == "remove");
  CHECK(lines[3].matches == 1);
  CHECK(lines[4].explanation == "matches nothing on 2 pages (a block other pages have, or a stale selector)");
  CHECK(lines[5].key == "title");
  CHECK(lines[5].explanation == "matches 2 elements on 2 of 2 pages");
  CHECK(report::FormatLine(lines[5]) == "title 'h1': matches 2 elements on 2 of 2 pages");
  CHECK(lines[6].explanation == "matches 1 element on 1 of 2 pages; 1 page matched by no lede selector");
}

TEST_CASE("selector report: one page, text-reading selectors, null pages", "[extractors][selector_report]") {
  SiteRules rules;
  rules.date = {Selector::Compile("//span[contains(., 'Publié')]")};
  pressoir::dom::Document page = pressoir::html::ParseHtml("<span>Publié le 3 mars</span>");
  std::vector<report::SelectorLine> lines = report::Report(rules, {&page, nullptr});
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].pages == 1);
  CHECK(lines[0].explanation == "matches 1 element; reads text, so the page is parsed unfiltered (slower)");
}

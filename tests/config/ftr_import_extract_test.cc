// FiveFilters directives that `rules import` reports as converted work in extraction, not only on
// a raw parse (issue 13, item 2): strip_image_src selects by @src and a date by
// //abbr/@title, attributes that the pre-parse filter drops from pages without a rule.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/ftr_import.h"
#include "extractors/extract.h"
#include "extractors/selector.h"

namespace {

using pressoir::config::FtrImportResult;
using pressoir::selector::Selector;

std::vector<Selector> Compile(const std::vector<std::string>& expressions) {
  std::vector<Selector> selectors;
  for (const std::string& expression : expressions) selectors.push_back(Selector::Compile(expression));
  return selectors;
}

}  // namespace

TEST_CASE("imported strip_image_src and @title dates work through Extract", "[config]") {
  FtrImportResult imported = pressoir::config::ImportFtrText("example.com.txt",
                                                             "body: //div[@id='story']\n"
                                                             "strip_image_src: /ads/\n"
                                                             "date: //abbr[@class='published']/@title\n");
  REQUIRE(imported.ok());
  REQUIRE(imported.remove.size() == 1);
  pressoir::rules::SiteRules rules;
  rules.name = imported.name;
  rules.domains = imported.domains;
  rules.body = Compile(imported.body);
  rules.remove = Compile(imported.remove);
  rules.date = Compile(imported.date);

  const char page[] = R"(<html><body><div id="story">
<abbr class="published" title="2024-01-15T08:00:00Z">15 janvier</abbr>
<p>Le texte de l'article.</p><img id="ad" src="https://cdn.example.com/ads/banner.gif"><img id="photo" src="/photo.jpg">
</div></body></html>)";
  pressoir::extract::ExtractOptions options;
  options.explain = true;
  pressoir::extract::Article article = pressoir::extract::Extract(page, &rules, options);
  CHECK(article.extractor == pressoir::extract::ExtractorStep::kRule);
  CHECK(article.metadata.date == "2024-01-15T08:00:00Z");
  std::vector<std::string> removed;
  for (const std::string& line : article.explain) {
    if (line.starts_with("removed by ")) removed.push_back(line);
  }
  CHECK(removed == std::vector<std::string>{"removed by '" + imported.remove[0] + "': img#ad"});
}

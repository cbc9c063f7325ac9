// libFuzzer target: the rule-driven extraction step with a fixed, realistic site rule (CSS
// and XPath body/remove/title/date/author/lede selectors, drop_lines and drop_patterns)
// compiled once, and a second rule whose selectors read no text, so that the page goes through
// the pre-parse filter with what the rule names kept (extract::ParseForRules; the first rule's
// :empty and normalize-space(.) get the page unfiltered). Input: page bytes, decoded as
// "charset=utf-8" like the crawler does; the input's size picks the rule.
// Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/html_prefilter.h"
#include "extractors/regex.h"
#include "extractors/selector.h"
#include "extractors/site_rules.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using pressoir::regex::Regex;
using pressoir::selector::Selector;

const pressoir::rules::SiteRules& Rules() {
  static const pressoir::rules::SiteRules* rules = [] {
    auto* r = new pressoir::rules::SiteRules;
    r->name = "fuzz";
    r->file = "sites/fuzz.yaml";
    r->domains = {"example.com"};
    r->body = {Selector::Compile("article.article #articleBody"), Selector::Compile("[itemprop=articleBody]"),
               Selector::Compile("//div[contains(concat(' ', normalize-space(@class), ' '), ' story ')]"),
               Selector::Compile(".article__content > p:not(.ad)")};
    r->remove = {Selector::Compile(".lire"), Selector::Compile("aside, figure, .related li:nth-child(2n+1)"),
                 Selector::Compile("//div[@id='comments']"), Selector::Compile("p:empty"),
                 Selector::Compile("//p[starts-with(normalize-space(.), 'Lire aussi')]")};
    r->title = {Selector::Compile("h1[itemprop=headline]"), Selector::Compile("substring-before(//title, '|')"),
                Selector::Compile("//meta[@property='og:title']/@content")};
    r->date = {Selector::Compile("time[itemprop=datePublished]"), Selector::Compile("//time/@datetime")};
    r->author = {Selector::Compile(".bloc_signature [itemprop=author] a"), Selector::Compile("//a[@rel='author']")};
    r->lede = {Selector::Compile(".description-article"), Selector::Compile("//p[@class='chapo']")};
    r->drop_lines = {"Publicité", "Partager sur Facebook"};
    r->drop_patterns = {Regex::Compile("^(Lire|Lire aussi|Voir|Voir aussi)\\s*:"), Regex::Compile("^Revivez "),
                        Regex::Compile("(a+)+$"), Regex::Compile("\\p{Lu}{3,}\\d", true)};
    return r;
  }();
  return *rules;
}

// Attribute selectors on attributes the filter drops by default (align, title, src, style).
const pressoir::rules::SiteRules& AttributeRules() {
  static const pressoir::rules::SiteRules* rules = [] {
    auto* r = new pressoir::rules::SiteRules;
    r->name = "fuzz-attributes";
    r->file = "sites/fuzz-attributes.yaml";
    r->domains = {"example.org"};
    r->body = {Selector::Compile("div[align=justify]"), Selector::Compile("//td[@width > 300]"),
               Selector::Compile("article")};
    r->remove = {Selector::Compile("img[src*=\"/ads/\"]"), Selector::Compile("[style~=\"float:right\"]"),
                 Selector::Compile("iframe, script, noscript")};
    r->date = {Selector::Compile("//abbr[@class='published']/@title")};
    r->author = {Selector::Compile("a[title|=auteur]")};
    return r;
  }();
  return *rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pressoir;
  const rules::SiteRules& rules = size % 3 == 0 ? AttributeRules() : Rules();
  charset::DecodedText page = charset::DecodeToUtf8(fuzz::AsView(data, size), "text/html; charset=utf-8");
  extract::ExtractOptions options;
  options.collect_links = true;
  options.explain = (size % 2) == 0;
  extract::Article article = extract::Extract(page.utf8, &rules, options);
  FUZZ_CHECK(fuzz::IsValidUtf8(article.Text()), "Article::Text() is valid UTF-8");
  const std::string_view extractor = extract::ExtractorName(article.extractor);
  FUZZ_CHECK(extractor == "rule" || extractor.starts_with("generic:"), "extractor is named");
  return 0;
}

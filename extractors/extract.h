// The extractors module: pure functions from page bytes to clean text, no I/O. Charset
// decoding (charset.h), the byte-level pre-parse filters (html_prefilter.h), the HTML5 parse
// into a small editable DOM (html_parser.h, dom.h; the only Gumbo user), CSS and XPath
// selectors (selector.h), site rules as data (site_rules.h), the generic extractor
// (generic_extractor.h), metadata (metadata.h), text serialization (text_serializer.h), links
// without a DOM (link_scanner.h) and site boilerplate learning (boilerplate.h). It may depend
// on base/ only; config/ builds its SiteRules, the crawler and the commands call it.
//
// The extraction cascade: UTF-8 HTML in, clean article text and metadata out.
//
// Steps, each tried only when the previous one found too little (trafilatura's sequence):
//   1. the site rule (sites/<site>.yaml): remove selectors, then the first body selector
//      that finds text;
//   2. the generic main-content extractor (generic_extractor.h), whose own cascade ends
//      with the whole <body>;
//   3. when that found no main content, or less than min_body_chars, the JSON-LD
//      articleBody when it is longer (jsonld_body.h: a body rendered by a script).
// Then lines named by the rule's drop_lines/drop_patterns are dropped, and paragraphs that
// repeat earlier text (an article printed twice, a teaser repeating the lede) are removed.
// Article::extractor records which step won.
//
// Pure function: no I/O, no global state; safe to call from several threads at once with
// the same (immutable) SiteRules.
#ifndef PRESSOIR_EXTRACTORS_EXTRACT_H_
#define PRESSOIR_EXTRACTORS_EXTRACT_H_

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"
#include "extractors/metadata.h"
#include "extractors/page_type.h"
#include "extractors/site_rules.h"
#include "extractors/text_serializer.h"

namespace pressoir::extract {

struct ExtractOptions {
  bool collect_links = false;  // fill Article::links and alternates (the crawler needs them)
  // The fetch time, seconds since the Unix epoch: publication dates after it (plus a day) are
  // rejected (dates.h). The crawler passes the fetch time, `extract` the current time; 0:
  // unknown. A parameter, not a clock read, so that Extract() stays a pure function.
  std::time_t fetch_time = 0;
  std::string page_url;  // the URL the page came from, when known: a date in its path, a weak cue of its type
  bool explain = false;  // fill Article::explain
  // When not empty: fill Article::decisions, naming each element by the value of this
  // attribute, which the caller put on every element of the page (the preview, page_preview.h).
  std::string node_id_attribute;
  // A generic step that yields fewer characters falls through to the next one. A rule's body
  // selector wins with any text: rules are precise, and news briefs are short.
  size_t min_body_chars = 200;
};

// The cascade step that produced an article's text. The manifest's "extractor" field and the
// --explain output name it with ExtractorName(); inside the code it is this enum.
enum class ExtractorStep {
  kGenericNone,      // "generic:none": the generic cascade found nothing readable
  kRule,             // "rule": a body selector of the site rule (Article::matched_selector)
  kGenericMain,      // "generic:main": the best-scoring container
  kGenericMerged,    // "generic:merged": the same, with sibling blocks of the article added
  kGenericRelaxed,   // "generic:relaxed": without pre-pruning unlikely containers
  kGenericFallback,  // "generic:fallback": the prose of the whole page
  kGenericJsonLd,    // "generic:jsonld": the JSON-LD articleBody of a page whose HTML holds no body
};

// "rule", "generic:main", ...: the step's name in the manifest and the --explain output.
const char* ExtractorName(ExtractorStep step);

// A <link rel="alternate" ...> element, raw: feeds a page advertises, translations.
struct AlternateLink {
  std::string type;
  std::string href;
};

// One element a decision of the cascade was about, so that the decisions can be shown on the
// page itself (page_preview.h). The same decisions as the --explain lines, with the element.
struct NodeDecision {
  enum class Kind { kBody, kKept, kRemoved, kLede, kTitle, kDate, kAuthor };
  Kind kind = Kind::kKept;
  std::string node_id;  // the element's ExtractOptions::node_id_attribute value
  std::string by;       // what decided: "body: SEL", "remove: SEL", "generic: why", ...
};

struct Article {
  metadata::Metadata metadata;                            // title is the article's final title
  std::vector<text::Paragraph> body;                      // lede first when the rule names one
  ExtractorStep extractor = ExtractorStep::kGenericNone;  // the step that won (set by Extract())
  std::string matched_selector;                           // the body selector that won, for "rule"
  std::vector<std::string> links;                         // raw href values of <a>, in document order
  std::string base_href;                                  // <base href>, when present
  std::vector<AlternateLink> alternates;                  // <link> elements whose rel has "alternate"
  std::vector<std::string> explain;                       // one line per decision, when requested
  std::vector<NodeDecision> decisions;                    // with ExtractOptions::node_id_attribute
  // What the page is (page_type.h: article, listing, consent, ...) and how sure we are, in
  // [0, 1], that `body` is the whole article and nothing else (0 when it is not an article).
  page_type::PageType page_type = page_type::PageType::kOther;
  double confidence = 0;

  size_t BodyChars() const;
  // True when a rule or the generic extractor's main steps found the article (not the
  // whole-page fallback).
  bool FoundMainContent() const;
  // The corpus text: the title, a blank line, then the body paragraphs separated by blank
  // lines; without the title when `include_title` is false.
  std::string Text(bool include_title = true) const;
};

// The raw href values of <a>/<area> elements, the <base href> and (when `alternates` is not
// null) the <link rel="alternate"> elements of a page, without extracting anything else (the
// crawler's --no-extract mode).
std::vector<std::string> ExtractLinks(std::string_view utf8_html, std::string* base_href,
                                      std::vector<AlternateLink>* alternates = nullptr);

// The document Extract() runs the selectors of `rules` on: the page through the pre-parse filter
// (html_prefilter.h) minus what the selectors can observe, so that every selector matches as on
// the page as written. The filter then keeps every element and the attributes the selectors
// name (all of them after @*); a selector that reads text nodes or the string value of elements
// (text(), contains(., 'x'), :empty) gets the page unfiltered. A rule without extraction
// selectors, and a null `rules`, get the full filter, as the generic extractor does.
dom::Document ParseForRules(std::string_view utf8_html, const rules::SiteRules* rules);

// `rules` may be null (no rule for this site): the generic steps run. Everything runs on the
// ParseForRules() document: when the rule's body selectors find nothing, the generic steps see
// the page after the rule's removals, with what the filter kept for the rule. One difference:
// with the full filter, and when `options` neither collects links nor gives a page URL, the
// href values of <a> and <area> are emptied before parsing (StripOptions::empty_link_targets):
// nothing else reads them, and they are a large part of what the parser would copy.
Article Extract(std::string_view utf8_html, const rules::SiteRules* rules, const ExtractOptions& options = {});

}  // namespace pressoir::extract

#endif  // PRESSOIR_EXTRACTORS_EXTRACT_H_

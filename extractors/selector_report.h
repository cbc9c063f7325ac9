// Selector explanations shared by `rules check --pages` and the extraction preview
// (page_preview.h): for a rule and one or more parsed pages, each extraction selector with its
// rule key, how many elements it matched and a one-line explanation a rule writer can act on
// (a selector that matches nothing, or an attribute no element of the pages has; a body
// selector that matches many elements; a selector that only some pages answer).
//
// Pure functions over parsed documents; no I/O. Thread-safe.
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_REPORT_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "extractors/dom.h"
#include "extractors/site_rules.h"

namespace pressoir::selector_report {

// A body selector that matches more elements than this on one page joins the text of all of
// them: a rule meant for one article container rarely wants that (a class shared by the
// article and the teasers around it is the usual cause).
inline constexpr size_t kManyBodyMatches = 3;
// A title, date or author selector that matches more elements than this on one page takes the
// first non-empty one, which is then a matter of page order rather than of the selector.
inline constexpr size_t kManyMetadataMatches = 5;

struct SelectorLine {
  std::string key;             // the rule key: body, remove, title, date, author, lede
  std::string selector;        // as written in the rule file
  size_t matches = 0;          // elements matched, over all pages
  size_t pages = 0;            // pages looked at
  size_t pages_matched = 0;    // pages with at least one match
  size_t max_on_one_page = 0;  // the most elements matched on one page
  std::string explanation;     // one line, "matches 1 element" or what looks wrong
};

// Every body, remove, title, date, author and lede selector of `rules`, in that order and in
// file order within a key, matched against each of `pages` (documents parsed as extraction
// parses them, extract::ParseForRules, before any element is removed). Null pages are skipped.
// Matching never modifies the documents.
std::vector<SelectorLine> Report(const rules::SiteRules& rules, const std::vector<const dom::Document*>& pages);

// "key 'selector': explanation" for a terminal.
std::string FormatLine(const SelectorLine& line);

}  // namespace pressoir::selector_report

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_REPORT_H_

// The generic main-content extractor: finds the article body of a page that no site rule
// covers, in the spirit of Readability (candidate scoring), jusText (link density and
// paragraph classification) and trafilatura (a cascade that falls back step by step).
//
// Cascade, each step only when the previous one found less than `min_main_chars`:
//   "main"     best-scoring container, boilerplate pruned ("merged" when siblings that belong
//              to the article were added to it);
//   "relaxed"  the same without the pre-scoring pruning of unlikely containers (a page whose
//              article sits in a box named like a sidebar or comment);
//   "fallback" the whole body, keeping the paragraphs that read like prose;
//   "none"     nothing readable was found (empty result).
// When every step found less than `min_main_chars`, the longest HTML template script of the
// page (<script type="text/template">, strip_non_text.h) is parsed and read the same way: some
// pages hold their article only there, for a script to render. The step is then the
// template's own ("main", "merged", ...) and the paragraphs' `block` is null.
// The signals are language-neutral: text length, punctuation (commas and sentence ends in
// Latin, CJK and Arabic scripts), link density, tags, class/id hints (generic_hints.h) and
// position. No word lists of any natural language.
#ifndef PRESSOIR_EXTRACTORS_GENERIC_EXTRACTOR_H_
#define PRESSOIR_EXTRACTORS_GENERIC_EXTRACTOR_H_

#include <cstddef>
#include <string>
#include <vector>

#include "extractors/dom.h"
#include "extractors/text_serializer.h"

namespace pressoir::generic {

struct GenericOptions {
  // Below this many characters of body text (code points, whitespace excluded) a cascade step
  // is taken as failed and the next one runs.
  size_t min_main_chars = 250;
  // Paragraph units shorter than this (code points) add nothing to their container's score
  // (Readability uses 25).
  size_t min_scored_chars = 25;
  // Number of ancestors of a paragraph that receive its score (Readability: 5).
  int score_ancestor_levels = 5;
  // A block whose share of text inside links exceeds this is navigation, not article text.
  double max_link_density = 0.5;
  // When false, no `pruned` lines are produced (saves a little time when nobody reads them).
  bool explain = true;
};

struct GenericResult {
  std::vector<text::Paragraph> paragraphs;  // the article body, in document order
  std::string step;                         // which cascade step won: see the file comment
  std::vector<std::string> pruned;          // one line per pruned block and why (--explain)
  // With `explain`: the element each `pruned` line is about (same index; null when none), and
  // the chosen containers, for a caller that shows the decisions on the page (extract.h).
  std::vector<const dom::Node*> pruned_nodes;
  std::vector<const dom::Node*> roots;
};

// Extracts the article body of `document` (headline excluded: the caller prints the title).
// May modify `document`: pruned blocks are detached, and a <form> that wraps the article
// (ASP.NET pages wrap the whole page in one) is renamed <div> so that the serializer reads it.
// Paragraph::block pointers refer to nodes of `document` and live as long as it does (null
// for text read from a script template).
// Never throws on bad pages (only std::bad_alloc can escape); time and memory are linear in
// the number of nodes (each node is visited a bounded number of times).
// Thread safety: independent documents may be processed concurrently.
GenericResult ExtractGeneric(dom::Document& document, const GenericOptions& options = {});

}  // namespace pressoir::generic

#endif  // PRESSOIR_EXTRACTORS_GENERIC_EXTRACTOR_H_

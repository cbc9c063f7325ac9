// What kind of page a fetched HTML page is, decided from the page itself, and how sure the
// extraction is that its text is the whole article and nothing else.
//
// Types: an `article`; a `listing` (section fronts, home pages, tag, author, search and archive
// pages: many teasers, each its own headline and link); a `consent` wall served instead of the
// page (Didomi, OneTrust, Sourcepoint, Quantcast and other TCF walls); a bot `challenge`
// ("checking your browser", captchas, JavaScript-only shells); a `paywall` stub (a teaser and a
// call to subscribe); an `error` page served with 200 ("page not found"); `other` (too little
// text to be anything, or a site's service page: about, contact, legal notice, privacy policy,
// named so and carrying no article evidence, see service_page.h). Consent, challenge, paywall and error pages are
// "blocked": the page we asked for was not served.
//
// Two calls, so that the classifier costs one walk over the DOM: CollectSignals() reads the
// parsed page before extraction changes it (the generic extractor detaches pruned blocks), and
// Classify() combines those signals with the extraction's result once it is known. The raw page
// is read again only for short pages (markers in script URLs and inline configuration, which
// the pre-parse filter removed from the DOM).
//
// Every threshold is a named constant in page_type.cc with the reason for its value; the
// marker and phrase lists are generic (consent frameworks, CDN challenge pages, subscriber
// calls in fr/en/de/nl/es/it), never a site's own strings.
//
// Pure functions, no I/O; thread-safe.
#ifndef PRESSOIR_EXTRACTORS_PAGE_TYPE_H_
#define PRESSOIR_EXTRACTORS_PAGE_TYPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"
#include "extractors/text_serializer.h"

namespace pressoir::page_type {

enum class PageType { kArticle, kListing, kConsent, kChallenge, kPaywall, kError, kOther };

// "article", "listing", "consent", "challenge", "paywall", "error", "other": the names of the
// manifest, runs.jsonl and --explain.
const char* PageTypeName(PageType type);

// Consent, challenge, paywall and error pages: served instead of the page asked for. They are
// never written to the corpus and are counted per site and reason.
bool IsBlocked(PageType type);

// What one walk over the parsed page (before extraction) finds. Sizes are in bytes of text,
// whitespace excluded.
struct PageSignals {
  size_t text_chars = 0;                  // visible text of the page (scripts, styles, templates excluded)
  size_t link_text_chars = 0;             // the part of it inside <a href>
  int links = 0;                          // <a href> elements
  int linked_headings = 0;                // <h1>-<h6> holding a link or inside one: teaser headlines
  std::string title;                      // <title>, whitespace collapsed
  std::string first_h1;                   // the first <h1>, whitespace collapsed
  std::string og_type;                    // og:type, lower-case
  std::string description;                // og:description, else <meta name=description>
  std::vector<std::string> jsonld_types;  // every "@type" value of the JSON-LD blocks
  bool jsonld_not_free = false;           // "isAccessibleForFree": false (or "False") somewhere
  size_t jsonld_article_body_chars = 0;   // length of the longest JSON-LD "articleBody" string
  // FNV-1a hashes of the whitespace-collapsed text of links long enough to be headlines,
  // sorted: a body paragraph equal to one is a teaser headline, not article prose.
  std::vector<uint64_t> link_text_hashes;
  // Teaser cards: small elements around a linked heading (its summary, date, kicker), sorted.
  // Not owned: nodes of the document, valid as long as it lives.
  std::vector<const dom::Node*> teaser_cards;
  // The page's visible text, up to a few KB, for the phrase checks of short pages.
  std::string text_sample;
};

// One pass over `document` (which must not have been changed by extraction yet). Never throws
// on bad pages (only std::bad_alloc); linear in the number of nodes.
PageSignals CollectSignals(const dom::Document& document);

// What the extraction found, as Classify() needs it. Pointers and views are not owned and
// must stay valid during the call (Paragraph::block nodes included).
struct ExtractionFacts {
  const std::vector<text::Paragraph>* body = nullptr;  // the final body (must not be null)
  std::string_view step;                               // ExtractorName(): "rule", "generic:main", ...
  bool declares_article = false;                       // Metadata::declares_article
  std::string_view url;                                // the page's URL when known (a weak cue), else ""
  std::string_view html;                               // the page as given to Extract(), UTF-8
  std::string_view title;                              // Metadata::title
  bool has_date = false;                               // a publication date was found
  bool has_authors = false;                            // an author was found
};

struct Verdict {
  PageType type = PageType::kOther;
  // In [0, 1]: how sure we are that the body is the whole article and nothing else (0 for a
  // page that is not an article).
  double confidence = 0;
  // One line per piece of evidence, for --explain ("page type: listing (...)", "confidence: ...").
  std::vector<std::string> evidence;
};

// The page's type and the body's confidence. Deterministic; never throws on bad pages.
Verdict Classify(const PageSignals& signals, const ExtractionFacts& facts);

}  // namespace pressoir::page_type

#endif  // PRESSOIR_EXTRACTORS_PAGE_TYPE_H_

// Drafting a site rule from sample pages (`pressoir rules draft`): given three or more saved
// article pages of one site, proposes the keys of a rule file (sites/README.md) so that a
// person starts from a working rule and edits it, instead of writing selectors from scratch.
//
// How each key is chosen (all of it from the pages; no site names or page strings in here):
//   body         the generic extractor (generic_extractor.h) finds the article text on each
//                page; candidate selectors are made from the ids, classes, itemprops and tags
//                of the element that holds that text and of its close ancestors and
//                descendants; the one whose matches give text closest to the generic text on
//                the most pages wins (and a fallback selector covers pages it misses);
//   remove       blocks inside the body, named by their own class, id or itemprop, that the
//                generic extractor dropped, whose text repeats across pages or that are mostly
//                links (under the same selector on at least two pages; on one page only when
//                the generic extractor dropped all of it), and the title, date and byline
//                blocks inside the body (read before removal, printed apart);
//   drop_lines   lines that the draft's body still yields on at least two pages (two
//                versions of one story count once);
//   title, date, author, lede
//                the selectors (CSS, or XPath /@attr for meta tags and time[datetime]) whose
//                value agrees with the page's metadata (metadata.h) on the most pages;
//   article_urls the pages' URLs generalised segment by segment (digits, dates, slugs).
// Every chosen value carries a comment saying what it matched on how many of the pages.
//
// Pure functions: no I/O, no global state. Cost: a few parses and selector evaluations per
// page and candidate, bounded by the candidate caps below; meant for a handful of pages.
#ifndef PRESSOIR_EXTRACTORS_RULE_DRAFT_H_
#define PRESSOIR_EXTRACTORS_RULE_DRAFT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::draft {

// The fewest pages a draft is made from: with two, "repeats across pages" means "on both",
// and any shared accident of two articles would become a rule.
inline constexpr size_t kMinDraftPages = 3;

struct DraftPage {
  std::string source;     // where the page came from (a file name), for messages and comments
  std::string utf8_html;  // the page, UTF-8 (transcode first: charset::DecodeToUtf8)
  // The page's URL; when empty, its <link rel=canonical> or og:url is used.
  std::string url;
};

struct DraftOptions {
  std::string name;    // the rule's name (letters, digits, '.', '-', '_')
  std::string domain;  // the rule's domain; empty: the pages' common host without "www."
};

// One value of a key with the comment written after it in the rule file.
struct DraftValue {
  std::string value;
  std::string comment;
};

struct RuleDraft {
  std::string name;
  std::string domain;
  std::vector<std::string> sources;  // the pages' sources, in input order
  std::vector<DraftValue> start_urls;
  std::vector<DraftValue> article_urls;
  std::vector<DraftValue> body;
  std::vector<DraftValue> remove;
  std::vector<DraftValue> title;
  std::vector<DraftValue> date;
  std::vector<DraftValue> author;
  std::vector<DraftValue> lede;
  std::vector<DraftValue> drop_lines;
  // Why a key has no value ("date: no selector gave the page's date on 2 or more of 3
  // pages"), written as comments in the rule file.
  std::vector<std::string> notes;
};

struct DraftOutcome {
  std::optional<RuleDraft> draft;  // set on success
  std::string error;               // one line naming the page when there is one; set on failure
};

// Drafts a rule from `pages`. Fails (DraftOutcome::error) when there are fewer than
// kMinDraftPages pages, the name is not a valid rule name, a page has no URL (none given, no
// canonical link, no og:url) and `options.domain` is empty, a URL is not an absolute http(s)
// URL, or the pages are on different hosts (without a domain) or off `options.domain`.
// Never throws on bad pages (only std::bad_alloc can escape).
DraftOutcome DraftRule(const std::vector<DraftPage>& pages, const DraftOptions& options);

// The draft as a commented YAML rule file that `pressoir rules check` accepts: every string
// single-quoted, each value followed by its comment, the notes as comment lines.
std::string RenderYaml(const RuleDraft& draft);

// The building blocks, public for the tests.

// Regular expressions matching every URL of `urls` (absolute http(s) URLs of one host):
// one per path shape (segment count), anchored at both ends. A path segment equal in all URLs
// stays literal; others become \d{N}, \d+, a date, a slug followed by an id, a slug, or
// [^/]+, whichever is the narrowest class that covers every value. The query keeps its
// parameter names when every URL of the shape has them.
std::vector<std::string> GeneralizeUrls(const std::vector<std::string>& urls);

// True for an id or class name that a build tool or a CMS generated (a hash, a per-article
// number), which would not match the next page: "css-1x2y3z", "post-12345", "a8f3e9c2".
bool IsGeneratedName(std::string_view name);

// CSS selectors for `element`, most specific and most semantic first: itemprop, id, tag with
// classes, class, then the tag under its nearest ancestor with a usable id or class, and
// semantic tags (article, main, aside, ...) alone. Generated names (IsGeneratedName) are
// skipped. Every returned selector compiles.
std::vector<std::string> CandidateSelectors(const dom::Node& element);

}  // namespace pressoir::draft

#endif  // PRESSOIR_EXTRACTORS_RULE_DRAFT_H_

// Site-level boilerplate learning (issue 5, item 2): while a crawl sees many pages of one
// site, the short lines that repeat on a large share of them (menus, "Ecoutez Radio Sputnik",
// "Votre publicité ici avec IMPACT_medias", footers, newsletter prompts) are learned as that
// site's boilerplate and removed from its later pages, also for sites that have no rule.
//
// The unit is the line: a paragraph's text split at '\n'. A line is identified by a 64-bit
// fingerprint of its whitespace-collapsed, case-folded text, so nothing but numbers is kept
// per line. The rule is language-neutral: it counts repetitions, it reads no words.
//
// What counts as boilerplate. A line is boilerplate of a site when
//   - it is at most `max_line_chars` code points long (article paragraphs are long; template
//     text is short: a long line is never learned and never removed), and
//   - it was seen on at least `min_pages` distinct pages of the site, and
//   - it was seen on at least `min_page_share` of the site's pages observed since the line was
//     first counted (its "span", the current page included).
// Measuring the share over the span rather than over the site's whole history lets a banner
// that a site adds after 10 000 pages be learned after a few pages, as on a new site, and lets
// a line the site stopped printing fall below the share and be kept again. With the defaults
// (3 pages, 0.3), a line must repeat on 3 pages out of at most 10 after its first sighting.
// Consequences, accepted for a news corpus: a short agency tag on its own line ("(Belga)",
// "AFP") or the byline of a site with one author is learned and dropped once it is on about a
// third of the pages, as trafilatura-style output drops it; a sentence quoted verbatim in a
// few articles is not (too small a share), and no long line is ever dropped.
//
// Dynamics. The first pages of a site are never filtered (nothing is learned before
// `min_pages` pages). When Observe() runs before Filter() on each page, a line printed on every
// page is removed from the `min_pages`-th page on.
//
// Memory is bounded per site: at most `max_fingerprints_per_site` line entries (16 bytes of
// data each) and `max_remembered_pages` page fingerprints. When the table is full the entries
// with the lowest share over their span are forgotten first: single sightings of article lines
// that stopped recurring; learned lines go last, even when one page brings a flood of new
// lines. Forgetting costs no learning: a forgotten line that recurs is counted afresh, over a
// fresh span.
#ifndef PRESSOIR_EXTRACTORS_BOILERPLATE_H_
#define PRESSOIR_EXTRACTORS_BOILERPLATE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extractors/text_serializer.h"

namespace pressoir::boilerplate {

// Fingerprint of one line: FNV-1a 64 over the code points of the line after whitespace
// collapsing (text::CollapseWhitespace) and simple case folding (ASCII, Latin-1, Latin
// Extended-A, Greek, Cyrillic), finished with a 64-bit mixer. Invalid UTF-8 bytes are hashed as
// themselves. 0 for a line that is empty after collapsing. Persisted: changing this function
// requires a new blob format version (old blobs are then ignored, and relearned).
uint64_t LineFingerprint(std::string_view line);

// Learns and removes the boilerplate lines of each site. Thread-safe: every method may be
// called from several threads at once (extraction runs on a thread pool); Observe() and Load()
// take an exclusive lock, Filter(), Serialize() and Stats() a shared one.
class SiteBoilerplate {
 public:
  struct Options {
    int min_pages = 3;                         // distinct pages a line must be seen on
    double min_page_share = 0.3;               // ... and this share of the site's pages over its span
    size_t max_line_chars = 300;               // longer lines (code points) are never learned or removed
    size_t max_fingerprints_per_site = 20000;  // line entries kept per site (memory bound)
    size_t max_remembered_pages = 5000;        // page URLs remembered per site to count each once
    size_t max_lines_per_page = 1000;          // distinct lines of one page that are counted
  };

  // Counters of one site, for logs and tests.
  struct SiteStats {
    uint64_t pages = 0;           // distinct pages observed (including loaded state)
    size_t fingerprints = 0;      // line entries in memory
    size_t remembered_pages = 0;  // page fingerprints in memory
    size_t learned = 0;           // entries that currently count as boilerplate
  };

  SiteBoilerplate() : SiteBoilerplate(Options{}) {}
  explicit SiteBoilerplate(Options options);

  SiteBoilerplate(const SiteBoilerplate&) = delete;
  SiteBoilerplate& operator=(const SiteBoilerplate&) = delete;

  // Records the lines of one page of `site` (any key: the caller's host or site name). Each
  // distinct line is counted once per page. A `page_url` already observed for this site (among
  // the last `max_remembered_pages`, persisted) is not counted again; neither is a page with no
  // paragraph. Only lines of at most `max_line_chars` code points are counted.
  void Observe(const std::string& site, const std::string& page_url, const std::vector<text::Paragraph>& paragraphs);

  // Removes from `paragraphs` the lines learned as boilerplate of `site` (see the file
  // comment). A paragraph that keeps some of its lines keeps them in order, joined by '\n'
  // (each one as it was); a paragraph left with no line is removed. Returns the removed lines,
  // in order, whitespace-collapsed (for --explain). Unknown sites: nothing is removed.
  std::vector<std::string> Filter(const std::string& site, std::vector<text::Paragraph>& paragraphs) const;

  // Persistence for the crawl state's key/value store (key "boilerplate:<site>"): one blob per
  // site with at least one observed page, sorted by site. A blob is JSON text (ASCII only) with
  // the page count, the remembered page fingerprints and the line entries that can still
  // matter (seen on 2 pages or more, or first seen on one of the last few pages), at most
  // `max_fingerprints_per_site` of them, most frequent first: about 30 bytes per line entry
  // and 16 per remembered page.
  std::vector<std::pair<std::string, std::string>> Serialize() const;

  // Replaces what is known of `site` by the content of `blob`. A blob that is not a valid
  // Serialize() output of this format version (corrupted, truncated, inconsistent counts) is
  // ignored and leaves the site as it was; never throws. Entries beyond this object's bounds
  // are dropped, keeping the most frequent.
  void Load(const std::string& site, const std::string& blob);

  SiteStats Stats(const std::string& site) const;

 private:
  struct LineEntry {
    uint32_t count = 0;       // distinct pages the line was seen on since first_page
    uint64_t first_page = 0;  // site page number (1-based) when the line was first counted
  };
  struct Site {
    uint64_t pages = 0;
    std::unordered_map<uint64_t, LineEntry> lines;
    std::unordered_set<uint64_t> page_set;  // fingerprints of remembered page URLs
    std::deque<uint64_t> page_order;        // the same, oldest first (FIFO eviction)
  };

  bool IsBoilerplate(const Site& site, const LineEntry& entry) const;
  double RecentWindow() const;
  void Prune(Site& site) const;
  std::vector<std::pair<uint64_t, LineEntry>> RankedEntries(const Site& site) const;

  const Options options_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Site, std::less<>> sites_;
};

}  // namespace pressoir::boilerplate

#endif  // PRESSOIR_EXTRACTORS_BOILERPLATE_H_

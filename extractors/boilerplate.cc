// Site-level boilerplate learning: line fingerprints counted per site (see boilerplate.h).
#include "extractors/boilerplate.h"

#include "base/ascii.h"
#include "base/text_hash.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

namespace pressoir::boilerplate {
namespace {

using text_hash::FnvAppend;
using text_hash::kFnvOffset;
using text_hash::Mix64;
using text_hash::SimpleLower;

// Blob format version; bump when LineFingerprint() or the layout changes (old blobs are then
// ignored by Load() and the boilerplate is relearned).
constexpr int kFormatVersion = 1;
constexpr size_t kHexDigits = 16;

// The next code point of `text` at `i`, advancing `i`; a byte that does not start a valid
// sequence is returned as 0x80000000 | byte (outside Unicode, so it never equals a code point).
uint32_t NextCodePoint(std::string_view text, size_t& i) {
  size_t at = i;
  if (auto code_point = text_hash::DecodeUtf8(text, i)) return *code_point;
  return 0x80000000u | static_cast<unsigned char>(text[at]);
}

// Fingerprint of an already collapsed line.
uint64_t FingerprintCollapsed(std::string_view line) {
  if (line.empty()) return 0;
  uint64_t hash = kFnvOffset;
  for (size_t i = 0; i < line.size();) hash = FnvAppend(hash, SimpleLower(NextCodePoint(line, i)));
  const uint64_t fingerprint = Mix64(hash);
  return fingerprint == 0 ? 1 : fingerprint;  // 0 means "no line"
}

uint64_t PageFingerprint(std::string_view url) { return Mix64(text_hash::Fnv1a(url)); }

// Code points, counting each invalid byte as one.
size_t CharCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  return count;
}

// One line of a paragraph: its raw text, and its fingerprint (0 when the line is empty or
// too long to be boilerplate, i.e. never counted and never removed).
struct Line {
  std::string_view raw;
  std::string collapsed;
  uint64_t fingerprint = 0;
};

std::vector<Line> SplitLines(std::string_view text, size_t max_line_chars) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    line.raw = text.substr(start, end - start);
    line.collapsed = text::CollapseWhitespace(line.raw);
    if (CharCount(line.collapsed) <= max_line_chars) line.fingerprint = FingerprintCollapsed(line.collapsed);
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

void AppendHex(std::string& out, uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kDigits[(value >> shift) & 0xf]);
}

// Parses a string of concatenated 16-digit lower-case hex numbers; nullopt when malformed.
std::optional<std::vector<uint64_t>> ParseHexList(const std::string& text) {
  if (text.size() % kHexDigits != 0) return std::nullopt;
  std::vector<uint64_t> values;
  values.reserve(text.size() / kHexDigits);
  for (size_t i = 0; i < text.size(); i += kHexDigits) {
    std::optional<uint64_t> value = ascii::ParseHex64(std::string_view(text).substr(i, kHexDigits), true);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

// The unsigned integers of a JSON array; nullopt when it is not an array of them.
std::optional<std::vector<uint64_t>> UnsignedArray(const nlohmann::json& value) {
  if (!value.is_array()) return std::nullopt;
  std::vector<uint64_t> out;
  out.reserve(value.size());
  for (const auto& element : value) {
    if (!element.is_number_unsigned()) return std::nullopt;
    out.push_back(element.get<uint64_t>());
  }
  return out;
}

}  // namespace

uint64_t LineFingerprint(std::string_view line) { return FingerprintCollapsed(text::CollapseWhitespace(line)); }

SiteBoilerplate::SiteBoilerplate(Options options) : options_(options) {}

bool SiteBoilerplate::IsBoilerplate(const Site& site, const LineEntry& entry) const {
  const uint64_t min_pages = static_cast<uint64_t>(std::max(options_.min_pages, 1));
  if (entry.count < min_pages) return false;
  const uint64_t span = site.pages - entry.first_page + 1;
  return static_cast<double>(entry.count) >= options_.min_page_share * static_cast<double>(span);
}

// The number of pages over which a line first seen can become boilerplate at the earliest
// rate that still qualifies: min_pages sightings at min_page_share (10 with the defaults).
double SiteBoilerplate::RecentWindow() const {
  const double min_pages = static_cast<double>(std::max(options_.min_pages, 1));
  const double share = std::max(options_.min_page_share, 1e-9);
  return std::max(min_pages, std::ceil(min_pages / share));
}

// Entries most frequent first: by share over their span smoothed by RecentWindow() pages, then
// by count, then by fingerprint (deterministic output for equal scores). The smoothing ranks
// established boilerplate (share near 1 over a long span) above lines just seen once (1 / 11
// with the defaults), so that a page with a flood of new lines cannot push the learned lines
// out; lines on their way to being learned (3 / 13) come next, and single sightings from long
// ago (1 / (span + 10): article text) last.
std::vector<std::pair<uint64_t, SiteBoilerplate::LineEntry>> SiteBoilerplate::RankedEntries(const Site& site) const {
  std::vector<std::pair<uint64_t, LineEntry>> entries(site.lines.begin(), site.lines.end());
  const double smoothing = RecentWindow();
  const auto share = [&](const LineEntry& entry) {
    return static_cast<double>(entry.count) / (static_cast<double>(site.pages - entry.first_page + 1) + smoothing);
  };
  std::sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
    const double share_a = share(a.second);
    const double share_b = share(b.second);
    if (share_a != share_b) return share_a > share_b;
    if (a.second.count != b.second.count) return a.second.count > b.second.count;
    return a.first < b.first;
  });
  return entries;
}

// Forgets the least frequent quarter of the table at once, so that the sort is paid once per
// many pages rather than on every new line (see RankedEntries() for the order).
void SiteBoilerplate::Prune(Site& site) const {
  const size_t cap = options_.max_fingerprints_per_site;
  if (site.lines.size() <= cap) return;
  const size_t keep = cap - cap / 4;
  auto entries = RankedEntries(site);
  entries.resize(keep);
  site.lines = std::unordered_map<uint64_t, LineEntry>(entries.begin(), entries.end());
}

void SiteBoilerplate::Observe(const std::string& site_name, const std::string& page_url,
                              const std::vector<text::Paragraph>& paragraphs) {
  if (paragraphs.empty()) return;
  // Fingerprint outside the lock: it is the costly part.
  std::vector<uint64_t> fingerprints;
  for (const auto& paragraph : paragraphs) {
    for (const Line& line : SplitLines(paragraph.text, options_.max_line_chars)) {
      if (line.fingerprint != 0) fingerprints.push_back(line.fingerprint);
    }
  }
  std::sort(fingerprints.begin(), fingerprints.end());
  fingerprints.erase(std::unique(fingerprints.begin(), fingerprints.end()), fingerprints.end());
  // A page with a flood of short lines (a huge list) must not flush the table; which lines
  // are kept does not matter (fingerprints are random), as long as it is deterministic.
  if (fingerprints.size() > options_.max_lines_per_page) fingerprints.resize(options_.max_lines_per_page);
  const uint64_t page = PageFingerprint(page_url);

  std::unique_lock lock(mutex_);
  auto it = sites_.find(site_name);
  if (it == sites_.end()) it = sites_.emplace(site_name, Site{}).first;
  Site& site = it->second;
  if (options_.max_remembered_pages > 0) {
    if (!site.page_set.insert(page).second) return;  // this URL was already counted
    site.page_order.push_back(page);
    if (site.page_order.size() > options_.max_remembered_pages) {
      site.page_set.erase(site.page_order.front());
      site.page_order.pop_front();
    }
  }
  ++site.pages;
  for (uint64_t fingerprint : fingerprints) {
    auto [entry, inserted] = site.lines.try_emplace(fingerprint, LineEntry{0, site.pages});
    ++entry->second.count;
  }
  Prune(site);
}

std::vector<std::string> SiteBoilerplate::Filter(const std::string& site_name,
                                                 std::vector<text::Paragraph>& paragraphs) const {
  std::vector<std::string> removed;
  std::vector<std::vector<Line>> lines;
  lines.reserve(paragraphs.size());
  for (const auto& paragraph : paragraphs) lines.push_back(SplitLines(paragraph.text, options_.max_line_chars));

  // Looks the lines up under the lock; rebuilds the paragraphs after releasing it.
  std::vector<std::vector<bool>> drop(lines.size());
  bool any = false;
  {
    std::shared_lock lock(mutex_);
    auto it = sites_.find(site_name);
    if (it == sites_.end()) return removed;
    const Site& site = it->second;
    for (size_t p = 0; p < lines.size(); ++p) {
      drop[p].resize(lines[p].size(), false);
      for (size_t l = 0; l < lines[p].size(); ++l) {
        if (lines[p][l].fingerprint == 0) continue;
        auto entry = site.lines.find(lines[p][l].fingerprint);
        if (entry == site.lines.end() || !IsBoilerplate(site, entry->second)) continue;
        drop[p][l] = true;
        any = true;
      }
    }
  }
  if (!any) return removed;

  std::vector<text::Paragraph> kept;
  kept.reserve(paragraphs.size());
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    std::string text;
    bool changed = false;
    for (size_t l = 0; l < lines[p].size(); ++l) {
      if (drop[p][l]) {
        removed.push_back(std::move(lines[p][l].collapsed));
        changed = true;
        continue;
      }
      if (lines[p][l].collapsed.empty()) continue;
      if (!text.empty()) text.push_back('\n');
      text.append(lines[p][l].raw);
    }
    if (!changed) {
      kept.push_back(std::move(paragraphs[p]));
      continue;
    }
    if (text.empty()) continue;
    text::Paragraph paragraph = std::move(paragraphs[p]);
    paragraph.text = std::move(text);
    kept.push_back(std::move(paragraph));
  }
  paragraphs = std::move(kept);
  return removed;
}

std::vector<std::pair<std::string, std::string>> SiteBoilerplate::Serialize() const {
  // A single sighting older than this many pages can no longer help: if the line recurs,
  // counting it afresh learns it as fast. Keeping the recent ones lets a crawl that sees
  // only a few pages of a site per run still learn across runs.
  const double recent_window = RecentWindow();

  std::vector<std::pair<std::string, std::string>> out;
  std::shared_lock lock(mutex_);
  for (const auto& [name, site] : sites_) {
    if (site.pages == 0) continue;
    std::string urls;
    urls.reserve(site.page_order.size() * kHexDigits);
    for (uint64_t page : site.page_order) AppendHex(urls, page);
    std::string fingerprints;
    nlohmann::json counts = nlohmann::json::array();
    nlohmann::json ages = nlohmann::json::array();
    size_t written = 0;
    for (const auto& [fingerprint, entry] : RankedEntries(site)) {
      if (written == options_.max_fingerprints_per_site) break;
      const uint64_t age = site.pages - entry.first_page;  // 0: first seen on the last page
      const bool recent = static_cast<double>(age + 1) <= recent_window;
      if (entry.count < 2 && !recent) continue;
      AppendHex(fingerprints, fingerprint);
      counts.push_back(entry.count);
      ages.push_back(age);
      ++written;
    }
    nlohmann::json blob = {{"v", kFormatVersion}, {"pages", site.pages}, {"urls", urls},
                           {"fp", fingerprints},  {"n", counts},         {"age", ages}};
    out.emplace_back(name, blob.dump());
  }
  return out;
}

void SiteBoilerplate::Load(const std::string& site_name, const std::string& blob) {
  // Every field is checked before use: nlohmann's accessors throw on a type mismatch, and a
  // corrupted state must cost the learned boilerplate, never the crawl.
  const nlohmann::json json = nlohmann::json::parse(blob, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return;
  const auto field = [&](const char* name) -> const nlohmann::json* {
    auto it = json.find(name);
    return it == json.end() ? nullptr : &*it;
  };
  const nlohmann::json* version = field("v");
  const nlohmann::json* pages_field = field("pages");
  const nlohmann::json* urls_field = field("urls");
  const nlohmann::json* fp_field = field("fp");
  const nlohmann::json* n_field = field("n");
  const nlohmann::json* age_field = field("age");
  if (!version || !pages_field || !urls_field || !fp_field || !n_field || !age_field) return;
  if (!version->is_number_integer() || version->get<int64_t>() != kFormatVersion) return;
  if (!pages_field->is_number_unsigned() || !urls_field->is_string() || !fp_field->is_string()) return;
  const uint64_t pages = pages_field->get<uint64_t>();
  auto urls = ParseHexList(urls_field->get<std::string>());
  auto fingerprints = ParseHexList(fp_field->get<std::string>());
  auto counts = UnsignedArray(*n_field);
  auto ages = UnsignedArray(*age_field);
  if (!urls || !fingerprints || !counts || !ages) return;
  if (counts->size() != fingerprints->size() || ages->size() != fingerprints->size()) return;

  Site site;
  site.pages = pages;
  for (size_t i = 0; i < fingerprints->size(); ++i) {
    const uint64_t count = (*counts)[i];
    const uint64_t age = (*ages)[i];
    // A line is counted at most once per page of its span.
    const bool consistent = (*fingerprints)[i] != 0 && count >= 1 && age < pages && count <= age + 1 &&
                            count <= std::numeric_limits<uint32_t>::max();
    if (!consistent) return;
    site.lines.try_emplace((*fingerprints)[i], LineEntry{static_cast<uint32_t>(count), pages - age});
  }
  // Keep the most recent pages when this object remembers fewer than the blob holds.
  const size_t skip = urls->size() > options_.max_remembered_pages ? urls->size() - options_.max_remembered_pages : 0;
  for (size_t i = skip; i < urls->size(); ++i) {
    if (site.page_set.insert((*urls)[i]).second) site.page_order.push_back((*urls)[i]);
  }
  Prune(site);

  std::unique_lock lock(mutex_);
  sites_[site_name] = std::move(site);
}

SiteBoilerplate::SiteStats SiteBoilerplate::Stats(const std::string& site_name) const {
  SiteStats stats;
  std::shared_lock lock(mutex_);
  auto it = sites_.find(site_name);
  if (it == sites_.end()) return stats;
  const Site& site = it->second;
  stats.pages = site.pages;
  stats.fingerprints = site.lines.size();
  stats.remembered_pages = site.page_order.size();
  for (const auto& [fingerprint, entry] : site.lines) stats.learned += IsBoilerplate(site, entry) ? 1u : 0u;
  return stats;
}

}  // namespace pressoir::boilerplate

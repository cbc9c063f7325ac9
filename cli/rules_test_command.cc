// `pressoir rules test NAME`: the rule file as it is now, run on every archived page of its
// site, compared with the corpus, writing nothing (issue 17, item 3). What `pressoir reextract
// --site NAME` would do, told before it is done.
//
// How: the archive's WARC files are indexed for the latest 2xx HTML response of each URL on
// the rule's domains (or in the corpus under the rule's name), as reextract does; each page
// goes through the crawler's page stage (crawl::PageProcessor, learning nothing) for the
// article decision and the text, and through extract::Extract once more for which body
// selector won (the page stage keeps only the step's name). Nothing is written: the corpus,
// the state and the archive are only read, without their locks (a crawl may run meanwhile;
// its newest pages may then be missed, which a second test sees).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "cli/archived_pages.h"
#include "cli/args.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/crawl.h"
#include "crawler/page_processor.h"
#include "crawler/state.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "store/manifest.h"
#include "warc/reader.h"

namespace pressoir::cli {

namespace {

constexpr char kRulesTestUsage[] =
    "usage: pressoir rules test NAME [--config FILE] [--sites DIR] [--archive DIR] [--corpus DIR]\n"
    "                               [--state DIR]\n"
    "\n"
    "Runs the rule NAME (its file as it is now) on every archived page of its site (the latest\n"
    "2xx HTML response of each URL on the rule's domains) and prints: pages, articles, hits per\n"
    "body selector, fallbacks to the generic extractor, empty bodies, how many articles' text\n"
    "would change compared with the corpus, with up to three short diffs. Writes nothing; apply\n"
    "the rule with `pressoir reextract --site NAME`.\n"
    "\n"
    "  --config FILE  crawler config (default: config/crawler.yaml when it exists)\n"
    "  --sites DIR    rule files (default: the config's `sites`)\n"
    "  --archive DIR  the WARC archive (default: the config's `archive`)\n"
    "  --corpus DIR   the corpus to compare with (default: the config's `corpus`)\n"
    "  --state DIR    the crawl state, for the boilerplate crawls learned (default: the config's)\n"
    "\n"
    "Exit codes: 0 no page lost its body, 1 a page that has an article in the corpus would\n"
    "have none now (or an archive record could not be read), 2 usage or configuration error.\n";

// At most this many diffs are printed: enough to see what a change does, short enough to read.
constexpr int kMaxDiffs = 3;
// Lines of one diff, and characters of one line: a diff shows where the texts part, not all.
constexpr size_t kMaxDiffLines = 6;
constexpr size_t kMaxDiffLineChars = 100;

// The crawler's page stage hands its article here (one slot per thread) instead of the corpus.
class CaptureSink : public corpus::CorpusSink {
 public:
  corpus::WriteResult Write(const corpus::ArticleRecord& record) override {
    slot = record;
    return {};
  }
  std::optional<corpus::ArticleRecord> slot;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string Shorten(const std::string& line) {
  if (line.size() <= kMaxDiffLineChars) return line;
  size_t cut = kMaxDiffLineChars;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return line.substr(0, cut) + "...";
}

// A short diff of two texts by non-empty lines: the common head and tail are left out, the
// lines between are shown as removed ("- ") and added ("+ "), at most kMaxDiffLines of them.
std::string ShortDiff(const std::string& before, const std::string& after) {
  std::vector<std::string> old_lines = Lines(before), new_lines = Lines(after);
  size_t head = 0;
  while (head < old_lines.size() && head < new_lines.size() && old_lines[head] == new_lines[head]) ++head;
  size_t tail = 0;
  while (tail < old_lines.size() - head && tail < new_lines.size() - head &&
         old_lines[old_lines.size() - 1 - tail] == new_lines[new_lines.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<std::string> shown;
  for (size_t i = head; i < old_lines.size() - tail; ++i) shown.push_back("  - " + Shorten(old_lines[i]) + "\n");
  for (size_t i = head; i < new_lines.size() - tail; ++i) shown.push_back("  + " + Shorten(new_lines[i]) + "\n");
  std::string diff;
  for (size_t i = 0; i < shown.size() && i < kMaxDiffLines; ++i) diff += shown[i];
  if (shown.size() > kMaxDiffLines) diff += "  ... " + std::to_string(shown.size() - kMaxDiffLines) + " more line(s)\n";
  if (shown.empty()) diff = "  (only blank lines differ)\n";
  return diff;
}

std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

}  // namespace

int RunRulesTest(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--config", "--corpus", "--archive", "--sites", "--state"}, {"--help"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kRulesTestUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help")) {
    out << kRulesTestUsage;
    return kExitOk;
  }
  if (parsed.positional.size() != 1) {
    err << "error: " << (parsed.positional.empty() ? "rules test needs a rule NAME" : "rules test takes one rule NAME")
        << "\n"
        << kRulesTestUsage;
    return kExitUsage;
  }
  const std::string name = parsed.positional.front();
  config::CrawlConfig crawl_config;
  if (!LoadConfigWithOverrides(parsed, crawl_config, err)) return kExitUsage;
  if (crawl_config.archive.empty()) {
    err << "error: no archive: the config's `archive` is empty (give --archive DIR)\n";
    return kExitUsage;
  }
  std::optional<std::vector<rules::SiteRules>> loaded = LoadRules(crawl_config.sites, err);
  if (!loaded) return kExitUsage;
  const std::vector<rules::SiteRules> all_rules = std::move(*loaded);
  const rules::SiteRules* rule = nullptr;
  for (const rules::SiteRules& candidate : all_rules) {
    if (candidate.name == name) rule = &candidate;
  }
  if (rule == nullptr) {
    err << "error: no rule named '" << name << "' in " << crawl_config.sites << "\n";
    return kExitUsage;
  }
  std::string archive_error;
  const std::vector<std::string> files = ArchiveFiles(crawl_config.archive, archive_error);
  if (!archive_error.empty()) {
    err << "error: " << archive_error << "\n";
    return kExitUsage;
  }

  // The boilerplate crawls learned, as the crawl and reextract filter articles with it; read
  // only when the state exists (opening it would create one).
  boilerplate::SiteBoilerplate learned;
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(crawl_config.state) / "state.sqlite3", ec)) {
    try {
      state::CrawlState crawl_state(crawl_config.state);
      crawl::LoadLearnedBoilerplate(crawl_state, learned);
    } catch (const state::StateError& e) {
      err << "error: " << e.what() << "\n";
      return kExitUsage;
    }
  }

  // The corpus's articles of this site, by URL: the text each page has now.
  struct CorpusPage {
    std::string path;
  };
  std::unordered_map<std::string, CorpusPage> in_corpus;
  corpus::manifest::ReadResult manifest = corpus::manifest::ReadManifests({crawl_config.corpus}, err);
  for (const corpus::manifest::Entry& entry : manifest.entries) {
    if (entry.site == name) in_corpus[entry.url] = {entry.path};
  }
  int problems = manifest.problems;

  // Index: the latest page response of each URL of the site.
  struct Candidate {
    std::string date;
    size_t file = 0;
    int64_t offset = 0;
    int64_t length = 0;
  };
  const size_t max_body = static_cast<size_t>(crawl_config.max_body_bytes);
  std::map<std::string, Candidate> latest;  // by URL: pages in URL order, output that does not vary
  for (size_t index = 0; index < files.size(); ++index) {
    warc::ReadOptions options;
    options.max_block_bytes = max_body + 64 * 1024;  // the body and its HTTP head
    problems += warc::ReadFile(
        files[index], options,
        [&](warc::Record&& record) {
          std::string error;
          std::optional<ArchivedPage> page = PageOf(record, max_body, error, /*head_only=*/true);
          if (!page) return true;
          if (rules::FindRulesForHost(all_rules, url::Host(page->url)) != rule && !in_corpus.count(page->url)) {
            return true;
          }
          Candidate candidate{page->date, index, record.offset, record.length};
          auto [found, inserted] = latest.try_emplace(page->url, candidate);
          if (!inserted && std::tie(candidate.date, candidate.file, candidate.offset) >
                               std::tie(found->second.date, found->second.file, found->second.offset)) {
            found->second = candidate;
          }
          return true;
        },
        [&](int64_t offset, const std::string& message) {
          err << "error: " << files[index] << ": offset " << offset << ": " << message << "\n";
        });
  }

  CaptureSink capture;
  crawl::PageProcessor processor(crawl_config, /*extract=*/true, learned, capture);
  processor.set_learning(false);
  int64_t pages = 0, articles = 0, fallbacks = 0, empty = 0, changed = 0, compared = 0;
  std::map<std::string, int64_t> hits;  // body selector -> pages it won on
  for (const selector::Selector& body : rule->body) hits[body.source()] = 0;
  std::vector<std::string> diffs;
  std::vector<std::string> lost;  // pages with an article in the corpus and none now
  for (const auto& [page_url, candidate] : latest) {
    std::string error;
    std::optional<warc::Record> record =
        warc::ReadRecordAt(files[candidate.file], candidate.offset, candidate.length, {max_body + 64 * 1024}, error);
    std::optional<ArchivedPage> page;
    if (record) page = PageOf(*record, max_body, error);
    if (!page) {
      err << "error: " << files[candidate.file] << ": offset " << candidate.offset << ": "
          << (error.empty() ? "not a page" : error) << "\n";
      ++problems;
      continue;
    }
    ++pages;
    state::FrontierEntry entry;
    entry.url = page_url;
    entry.site = name;
    entry.host = url::Origin(page_url);
    entry.depth = 1;  // as reextract: the generic article test takes the page as found by a link
    capture.slot.reset();
    processor.Process(entry, rule, page->response);
    // Which body selector won: the page stage records only the step.
    charset::DecodedText decoded = charset::DecodeToUtf8(page->response.body, page->response.content_type);
    extract::ExtractOptions options;
    options.min_body_chars = crawl_config.min_article_chars;
    options.fetch_time = page->response.fetched_at;
    options.page_url = page_url;
    extract::Article extracted = extract::Extract(decoded.utf8, rule, options);
    if (extracted.body.empty()) ++empty;
    auto corpus_page = in_corpus.find(page_url);
    if (!capture.slot) {
      if (corpus_page != in_corpus.end()) lost.push_back(page_url);
      continue;
    }
    ++articles;
    if (extracted.extractor == extract::ExtractorStep::kRule) {
      ++hits[extracted.matched_selector];
    } else {
      ++fallbacks;
    }
    if (corpus_page == in_corpus.end()) continue;
    std::optional<std::string> before = ReadWholeFile(crawl_config.corpus + "/" + corpus_page->second.path);
    if (!before) {
      err << "error: " << crawl_config.corpus << "/" << corpus_page->second.path << ": cannot read the article file\n";
      ++problems;
      continue;
    }
    ++compared;
    if (*before == capture.slot->text + "\n") continue;  // the corpus file: the text and a final newline
    ++changed;
    if (diffs.size() < kMaxDiffs) diffs.push_back(page_url + "\n" + ShortDiff(*before, capture.slot->text));
  }

  out << "rule " << name << " (" << rule->file << ") on " << files.size() << " WARC file(s)\n";
  out << "pages: " << pages << "\n";
  out << "articles: " << articles << "\n";
  for (const selector::Selector& body : rule->body) {
    out << "body selector " << body.source() << ": " << hits[body.source()] << " of " << articles << " articles\n";
  }
  out << "fallbacks to the generic extractor: " << fallbacks << " of " << articles << " articles\n";
  out << "empty bodies: " << empty << " of " << pages << " pages\n";
  out << "text would change: " << changed << " of " << compared << " articles in the corpus\n";
  for (const std::string& diff : diffs) out << "--- " << diff;
  out << "articles lost: " << lost.size() << "\n";
  for (const std::string& page_url : lost) err << "error: " << page_url << ": has an article in the corpus, none now\n";
  return !lost.empty() || problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

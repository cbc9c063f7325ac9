// The per-page stage of a crawl: what happens to one fetched 2xx response between the fetcher
// and the frontier. Feeds and sitemaps are parsed for URLs; HTML pages are decoded (charset ->
// UTF-8), extracted (site rule or generic extractor), their links and advertised feeds kept
// when they stay on the site, and an article page has the site's learned boilerplate removed
// and is written to the corpus.
//
// It touches no crawl scheduling state: the crawl (crawl.h) calls it on its extraction pool
// and applies the outcome (records, new URLs, counters) on its io thread. Tests drive it
// directly with a FetchResult and an in-memory CorpusSink, without a server.
//
// Thread-safe: Process() may run on several threads at once (the learned boilerplate and the
// corpus sink are thread-safe; everything else is read-only).
#ifndef PRESSOIR_CRAWLER_PAGE_PROCESSOR_H_
#define PRESSOIR_CRAWLER_PAGE_PROCESSOR_H_

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/fetcher.h"
#include "crawler/state.h"
#include "extractors/boilerplate.h"
#include "extractors/extract.h"
#include "extractors/site_rules.h"
#include "store/corpus.h"
#include "warc/writer.h"

namespace pressoir::crawl {

// A link or feed item found on a page, to be added to the frontier.
struct FoundUrl {
  std::string url;
  state::UrlKind kind = state::UrlKind::kPage;
  bool from_feed = false;  // feed items and sitemap entries ignore the depth limit
  std::string origin;      // scheme://host[:port] of `url`
  std::string host;        // host of `url`
};

// What became of one page.
struct PageOutcome {
  // kBlocked: a consent wall, bot challenge, paywall stub or error page was served instead of
  // the page (page_type.h); never written, counted per site and `page_type`.
  enum class Kind { kArticleWritten, kArticleUpdated, kAlreadyPresent, kNotArticle, kBlocked, kFeed, kCorpusError };
  Kind kind = Kind::kNotArticle;
  // What the page is, for HTML pages that were extracted (kOther otherwise).
  page_type::PageType page_type = page_type::PageType::kOther;
  // URLs to crawl next: all within the page's site (the rule's domains and follow patterns, or
  // the page's host without a rule), with origin and host filled in.
  std::vector<FoundUrl> found;
  std::string article_id;    // set when the page is an article in the corpus
  std::string content_hash;  // not set by Process(): the crawl records the fetched bytes' hash
  std::string error;         // kFeed: a parse problem worth a warning; kCorpusError: the error
  // For rule health (rule_health.h), set for extracted HTML pages that are not blocked: an
  // article page by the rule's article_urls (else by its page type), whether a body selector
  // of the rule found its text (and which), and the extracted body's length. Whether or not
  // the page was written: a rule whose selectors broke writes fewer articles, or generic text.
  bool article_page = false;
  bool body_matched = false;
  std::string matched_selector;
  size_t body_chars = 0;
};

class PageProcessor {
 public:
  // `config` gives max_depth and min_article_chars; `extract` false reads links only (crawl
  // --no-extract: nothing is written). `learned` and `sink` must outlive the processor, and so
  // must `archive` (null: no raw archive). With an archive, the processor sets the sink's
  // commit barrier (corpus.h) to the archive's SyncWritten(): an article's record is written
  // before its Write(), so the sink's next group commit makes it durable, once for the whole
  // batch, before a manifest line can point at it.
  PageProcessor(const config::CrawlConfig& config, bool extract, boilerplate::SiteBoilerplate& learned,
                corpus::CorpusSink& sink, warc::WarcWriter* archive = nullptr);

  // Processes the response `result` to the frontier entry `entry` (whose site rule is `site`,
  // null for a host without a rule). `archived`: where the archive holds the response (null:
  // not archived); an article written from it carries that location in the manifest, and the
  // record is made durable first (the commit barrier). Never throws for a bad page; a corpus
  // write that fails is the outcome kCorpusError (an archive sync that fails too).
  PageOutcome Process(const state::FrontierEntry& entry, const rules::SiteRules* site, const fetch::FetchResult& result,
                      const warc::RecordLocation* archived = nullptr) const;

  // Process() in two steps, for a caller that writes articles on threads of its own (the
  // crawl: the corpus write waits on the disk, extraction on the CPU). Prepare() does all but
  // the corpus write: when the page is an article, `article` holds its record and `outcome`
  // is completed by WriteArticle(). Process() is Prepare() then WriteArticle().
  struct Prepared {
    PageOutcome outcome;
    std::optional<corpus::ArticleRecord> article;
  };
  Prepared Prepare(const state::FrontierEntry& entry, const rules::SiteRules* site, const fetch::FetchResult& result,
                   const warc::RecordLocation* archived = nullptr) const;
  // Writes `record` to the sink; sets `outcome`'s kind and article_id (kCorpusError and the
  // error when the write fails). Never throws for a failed write.
  void WriteArticle(const corpus::ArticleRecord& record, PageOutcome& outcome) const;

  // The depth limit of links for pages of `site` (the rule's max_depth, else the config's).
  int MaxDepth(const rules::SiteRules* site) const;

  // false: articles are filtered with the boilerplate learned so far, and nothing more is
  // learned, so that the text of a page does not depend on which pages came before it
  // (`pressoir reextract` runs pages in any order, on all cores). Set before Process() runs.
  void set_learning(bool learning) { learning_ = learning; }

 private:
  // A page is written as an article when its text is long enough and the rule (or, without a
  // rule, the page itself) says it is one; index pages are crawled for links only. A rule's
  // article_urls (or body selectors) decide for its site; without a rule the page's type must
  // be `article` (listings are crawled for links only). Blocked pages are handled before.
  bool IsArticle(const state::FrontierEntry& entry, const rules::SiteRules* site, const extract::Article& article,
                 const std::string& page_url) const;

  const config::CrawlConfig& config_;
  bool extract_;
  boilerplate::SiteBoilerplate& learned_;
  corpus::CorpusSink& sink_;
  bool learning_ = true;
};

}  // namespace pressoir::crawl

#endif  // PRESSOIR_CRAWLER_PAGE_PROCESSOR_H_

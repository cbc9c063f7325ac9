// The per-page stage of a crawl (see page_processor.h).
#include "crawler/page_processor.h"

#include <ctime>
#include <optional>
#include <unordered_set>

#include "base/time_format.h"
#include "crawler/archiving.h"
#include "crawler/feeds.h"
#include "crawler/url.h"
#include "extractors/charset.h"

namespace pressoir::crawl {
namespace {

// Drops the links that leave the page's site and fills in their origins. Runs on the worker
// pool: URL parsing would be the io thread's largest cost per page otherwise.
void KeepInScope(const state::FrontierEntry& entry, const rules::SiteRules* site, std::vector<FoundUrl>& found) {
  std::string page_host = url::Host(entry.host);
  std::vector<FoundUrl> kept;
  kept.reserve(found.size());
  for (FoundUrl& link : found) {
    if (link.origin.empty()) {
      link.origin = url::Origin(link.url);
      link.host = url::Host(link.url);
    }
    if (link.origin.empty()) continue;
    // A link stays on its site: the rule's domains and follow patterns, or the same host for
    // a site without a rule.
    bool in_scope =
        site != nullptr ? site->MatchesHost(link.host) && site->ShouldFollow(link.url) : link.host == page_host;
    if (in_scope) kept.push_back(std::move(link));
  }
  found = std::move(kept);
}

}  // namespace

PageProcessor::PageProcessor(const config::CrawlConfig& config, bool extract, boilerplate::SiteBoilerplate& learned,
                             corpus::CorpusSink& sink, warc::WarcWriter* archive)
    : config_(config), extract_(extract), learned_(learned), sink_(sink) {
  if (archive != nullptr && extract_) {
    sink_.SetCommitBarrier([archive]() -> std::string {
      try {
        archive->SyncWritten();
        return "";
      } catch (const warc::ArchiveError& e) {
        return e.what();
      }
    });
  }
}

int PageProcessor::MaxDepth(const rules::SiteRules* site) const {
  return site && site->fetch.max_depth ? *site->fetch.max_depth : config_.max_depth;
}

bool PageProcessor::IsArticle(const state::FrontierEntry& entry, const rules::SiteRules* site,
                              const extract::Article& article, const std::string& page_url) const {
  if (article.BodyChars() < config_.min_article_chars) return false;
  if (site != nullptr) {
    if (!site->article_urls.empty()) return site->IsArticleUrl(page_url);
    if (!site->body.empty()) return article.extractor == extract::ExtractorStep::kRule;
  }
  return article.page_type == page_type::PageType::kArticle && article.FoundMainContent() &&
         (article.metadata.declares_article || entry.depth > 0);
}

PageOutcome PageProcessor::Process(const state::FrontierEntry& entry, const rules::SiteRules* site,
                                   const fetch::FetchResult& result, const warc::RecordLocation* archived) const {
  Prepared prepared = Prepare(entry, site, result, archived);
  if (prepared.article) WriteArticle(*prepared.article, prepared.outcome);
  return std::move(prepared.outcome);
}

PageProcessor::Prepared PageProcessor::Prepare(const state::FrontierEntry& entry, const rules::SiteRules* site,
                                               const fetch::FetchResult& result,
                                               const warc::RecordLocation* archived) const {
  Prepared prepared;
  PageOutcome& outcome = prepared.outcome;
  const std::string& page_url = result.final_url.empty() ? entry.url : result.final_url;
  if (entry.kind == state::UrlKind::kFeed || feeds::LooksLikeFeedOrSitemap(result.content_type, result.body)) {
    feeds::Discovery discovery = feeds::Parse(result.body, page_url);
    if (discovery.kind != feeds::DocumentKind::kUnknown || entry.kind == state::UrlKind::kFeed) {
      outcome.kind = PageOutcome::Kind::kFeed;
      if (!discovery.error.empty()) outcome.error = page_url + ": " + discovery.error;
      for (feeds::DiscoveredUrl& found : discovery.urls) {
        outcome.found.push_back({std::move(found.url), state::UrlKind::kPage, true, "", ""});
      }
      for (std::string& sitemap : discovery.sitemaps) {
        outcome.found.push_back({std::move(sitemap), state::UrlKind::kFeed, true, "", ""});
      }
      KeepInScope(entry, site, outcome.found);
      return prepared;
    }
  }
  // When the response came: now in a crawl, the WARC-Date for an archived response.
  const std::time_t fetch_time = result.fetched_at != 0 ? result.fetched_at : std::time(nullptr);
  charset::DecodedText decoded = charset::DecodeToUtf8(result.body, result.content_type);
  std::string base = page_url;
  std::vector<std::string> hrefs;
  std::vector<extract::AlternateLink> alternates;
  std::optional<extract::Article> article;
  if (extract_) {
    extract::ExtractOptions extract_options;
    extract_options.collect_links = true;
    extract_options.min_body_chars = config_.min_article_chars;
    extract_options.fetch_time = fetch_time;  // dates after the fetch are rejected
    extract_options.page_url = page_url;
    article = extract::Extract(decoded.utf8, site, extract_options);
    hrefs = std::move(article->links);
    alternates = std::move(article->alternates);
    if (!article->base_href.empty()) base = url::Resolve(page_url, article->base_href).value_or(page_url);
  } else {
    std::string base_href;
    hrefs = extract::ExtractLinks(decoded.utf8, &base_href, &alternates);
    if (!base_href.empty()) base = url::Resolve(page_url, base_href).value_or(page_url);
  }
  // Feeds the page advertises (<link rel="alternate" type="application/rss+xml">) list the
  // site's new articles: crawled like the rules' feeds, whatever the page's depth (unless the
  // config turns that off: use_advertised_feeds).
  if (config_.use_advertised_feeds) {
    std::vector<feeds::HtmlLink> link_elements;
    for (const extract::AlternateLink& link : alternates) link_elements.push_back({"alternate", link.type, link.href});
    for (std::string& feed : feeds::AdvertisedFeeds(link_elements, base)) {
      outcome.found.push_back({std::move(feed), state::UrlKind::kFeed, true, "", ""});
    }
  }
  if (entry.depth < MaxDepth(site)) {
    // Most links of a page are the site's navigation, repeated on every page: resolved once
    // per worker thread.
    thread_local url::ResolveCache resolve_cache;
    std::unordered_set<std::string> unique;
    for (const std::string& href : hrefs) {
      std::optional<url::ResolvedUrl> resolved = resolve_cache.Resolve(base, href);
      if (resolved && unique.insert(resolved->url).second) {
        outcome.found.push_back({resolved->url, state::UrlKind::kPage, false, resolved->origin, resolved->host});
      }
    }
  }
  KeepInScope(entry, site, outcome.found);
  if (!article) return prepared;
  outcome.page_type = article->page_type;
  // A wall served instead of the page is never an article, whatever the rule says of its URL.
  if (page_type::IsBlocked(article->page_type)) {
    outcome.kind = PageOutcome::Kind::kBlocked;
    return prepared;
  }
  if (site != nullptr) {
    outcome.article_page =
        site->article_urls.empty() ? article->page_type == page_type::PageType::kArticle : site->IsArticleUrl(page_url);
    outcome.body_matched = article->extractor == extract::ExtractorStep::kRule;
    outcome.matched_selector = article->matched_selector;
    outcome.body_chars = article->BodyChars();
  }
  if (!IsArticle(entry, site, *article, page_url)) return prepared;
  // Lines that repeat across the articles of a site (menus, "Ecoutez Radio Sputnik", ad
  // slots, footers) are learned as its boilerplate and removed, with or without a rule.
  // Only articles are observed: index pages repeat the ledes of the articles they list.
  if (learning_) learned_.Observe(entry.site, page_url, article->body);
  std::vector<text::Paragraph> filtered = article->body;
  learned_.Filter(entry.site, filtered);
  // Boilerplate is a small share of an article. When most of the text "repeats", the
  // article itself is repeated (the same story under several URLs): keep it whole, and let
  // the corpus recognize the duplicate.
  size_t kept_chars = 0;
  for (const text::Paragraph& paragraph : filtered) kept_chars += paragraph.text.size();
  if (kept_chars * 2 >= article->BodyChars()) article->body = std::move(filtered);

  corpus::ArticleRecord record;
  record.url = page_url;
  if (!article->metadata.canonical_url.empty()) {
    record.canonical_url = url::Resolve(page_url, article->metadata.canonical_url).value_or(page_url);
  }
  record.site = entry.site;
  record.title = article->metadata.title;
  record.date = article->metadata.date;
  record.authors = article->metadata.authors;
  record.language = article->metadata.language;
  record.date_modified = article->metadata.date_modified;
  record.language_source = article->metadata.language_source;
  record.fetched_at = time_format::Iso8601Utc(fetch_time);
  record.extractor = extract::ExtractorName(article->extractor);
  record.page_type = page_type::PageTypeName(article->page_type);
  record.confidence = article->confidence;
  record.text = article->Text();
  if (archived != nullptr) {
    record.warc_filename = archived->filename;
    record.warc_offset = archived->offset;
    record.warc_length = archived->length;
  }
  record.rule_sha256 = site != nullptr ? site->file_sha256 : "";
  record.pressoir_version = PressoirVersion();
  prepared.article = std::move(record);
  return prepared;
}

void PageProcessor::WriteArticle(const corpus::ArticleRecord& record, PageOutcome& outcome) const {
  try {
    // The manifest line must never point at a record a crash could lose: the sink's commit
    // barrier syncs the archive (see the constructor).
    corpus::WriteResult written = sink_.Write(record);
    outcome.article_id = written.id;
    switch (written.status) {
      case corpus::WriteResult::Status::kWritten:
        outcome.kind = PageOutcome::Kind::kArticleWritten;
        break;
      case corpus::WriteResult::Status::kUpdated:
        outcome.kind = PageOutcome::Kind::kArticleUpdated;
        break;
      case corpus::WriteResult::Status::kAlreadyPresent:
        outcome.kind = PageOutcome::Kind::kAlreadyPresent;
        break;
    }
  } catch (const corpus::CorpusError& e) {
    outcome.kind = PageOutcome::Kind::kCorpusError;
    outcome.error = e.what();
  }
}

}  // namespace pressoir::crawl

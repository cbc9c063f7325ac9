// The crawler module: everything between a start URL and an article handed to the corpus.
// Scheduling and politeness (crawl.h, this file), the frontier (frontier.h: embedded SQLite
// state.h, or shared redis_frontier.h), the fetcher (fetcher.h: libcurl multi on Asio),
// robots.txt (robots.h), feeds and sitemaps (feeds.h), URLs (url.h), the address policy against
// SSRF (address_policy.h), the run log on stderr and in a file (log.h), and the per-page stage
// (page_processor.h). It may depend on config/, extractors/, store/ and base/; never on cli/.
//
// One crawl run: start URLs in, articles in the corpus out.
//
// Pipeline: frontier (CrawlState on disk, a small window per host in memory) -> Fetcher
// (libcurl multi on Asio) -> the page stage on a worker pool (PageProcessor: charset -> DOM ->
// site rule / generic -> CorpusSink), then the state records the outcome (after the corpus
// write, so a crash never loses an article reported written).
// Discovery: start URLs and feeds of the rules and the config, RSS/Atom feeds and XML
// sitemaps (robots.txt Sitemap: lines included, and feeds that pages advertise with <link
// rel="alternate">), and links within each site's patterns up to its depth limit.
// Re-crawls: articles are re-fetched conditionally (If-None-Match / If-Modified-Since) once
// their revisit interval has passed; index pages and feeds on theirs.
// Politeness: a global concurrency limit, per-host concurrency and a per-host minimum delay
// between requests, from start to start and, with one connection per host, also from the end
// of a response to the next start (a site rule may override both), robots.txt fetched once
// per host and obeyed (Crawl-delay raises the per-host delay, capped by max_crawl_delay).
// Failed fetches are retried with exponential back-off and jitter (timeouts, connection
// errors, 429 and 5xx; Retry-After honoured), and a host that keeps failing is backed off
// (circuit breaker). A host that never answers (DNS, connection, TLS or timeout, on robots.txt
// or on the first page, after the same retries) is unreachable: one failure and one error
// line for the host, and its URLs wait for the next run.
// robots.txt redirects are followed hop by hop (RFC 9309: up to five), each hop checked
// against the address policy for its own host.
// Redirects are not followed inside curl: the target is scheduled as a new URL, so that its
// host's robots.txt, politeness and the site's scope apply. Lines repeated across a site's
// articles are learned as boilerplate and removed (kept in the state between runs).
//
// Time: every time decision of the crawl (delays, back-off, Retry-After, pauses, the time
// limit, due and last-fetch times written to the frontier) reads CrawlOptions::clock
// (clock.h): the real clock by default. Test hook: `pressoir crawl` runs on a test clock when
// PRESSOIR_TEST_CLOCK_SPEED=N (crawl time N times faster than real time) or
// PRESSOIR_TEST_CLOCK_OFFSET=D (wall time D ahead, e.g. 30d) is set in its environment (README,
// "Tests"); nothing else reads them. curl's timeouts stay real time.
//
// Threading: the io_context runs on the calling thread and makes every curl call; the page
// stage runs on a thread pool and posts its results back.
#ifndef PRESSOIR_CRAWLER_CRAWL_H_
#define PRESSOIR_CRAWLER_CRAWL_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/clock.h"
#include "crawler/frontier.h"
#include "crawler/log.h"
#include "crawler/state.h"
#include "extractors/boilerplate.h"
#include "extractors/site_rules.h"
#include "store/corpus.h"
#include "store/run_log.h"
#include "warc/writer.h"

namespace pressoir::crawl {

struct CrawlOptions {
  config::CrawlConfig config;
  std::vector<rules::SiteRules> sites;        // loaded rules; their start_urls are crawled
  std::vector<std::string> start_urls;        // ad-hoc --start URLs (and the config's start_urls)
  bool extract = true;                        // false: fetch and follow links, write nothing
  std::vector<std::string> resolve;           // CURLOPT_RESOLVE entries ("host:port:127.0.0.1")
  bool handle_signals = true;                 // SIGINT/SIGTERM: finish in-flight work, then stop
  clock::Clock clock = clock::Clock::Real();  // what time it is for the crawl (clock.h)
  // The raw archive: every response received (pages, feeds, sitemaps, robots.txt, redirects,
  // errors) is written to it with its request, and the manifest lines of articles point at
  // their response record. Not owned; null: no archive (config `archive: ""`).
  warc::WarcWriter* archive = nullptr;
  // The earlier runs of the corpus (runs.jsonl, oldest first): the history rule health
  // compares this run's rules with (rule_health.h). Empty: no history.
  std::vector<corpus::RunRecord> earlier_runs;
};

struct CrawlSummary {
  int64_t pages_fetched = 0;  // HTTP responses received for pages (robots.txt excluded)
  int64_t articles_written = 0;
  int64_t articles_updated = 0;  // re-fetched articles whose text changed
  int64_t articles_already_present = 0;
  int64_t unchanged = 0;     // 304 Not Modified, or the same bytes as last time
  int64_t feeds = 0;         // feeds and sitemaps read
  int64_t not_articles = 0;  // fetched pages that are index pages or too short
  // Pages served as a consent wall, a bot challenge, a paywall stub or an error page instead
  // of the page (extractors/page_type.h): never written. Per site, then per page type
  // ("consent", "challenge", "paywall", "error").
  int64_t blocked = 0;
  std::map<std::string, std::map<std::string, int64_t>> blocked_by_site;
  int64_t failures = 0;  // pages given up on (after retries)
  int64_t retries = 0;
  int64_t redirects = 0;  // 3xx answers; their targets were scheduled as new URLs
  int64_t robots_disallowed = 0;
  int64_t bytes = 0;
  std::map<std::string, int64_t> failures_by_reason;  // "http-404", "timeout", "host-unreachable", ...
  std::map<std::string, int64_t> failures_by_site;
  // Origins that could not be reached (DNS failure, connection refused, TLS error, timeout on
  // robots.txt or on the first page, after retries). Each is one failure (reason
  // "host-unreachable"); its URLs are not fetched, and are due again in the next run.
  std::vector<std::string> unreachable_hosts;
  std::string started_at;    // ISO 8601 UTC, on the crawl's clock
  double seconds = 0;        // on the crawl's clock
  bool interrupted = false;  // stopped by a signal or a budget
  std::string corpus_error;  // set when writing the corpus failed (run stopped)
  // Set when a fault ended the run: the state database or the frontier failed (an SQLite
  // error, the Redis connection lost), or processing a page threw (a bug, out of memory).
  std::string error;
  // Per site with a rule that has body selectors: its health this run (rule_health.h), and
  // how many of them looked rotten (each one stderr line, and the run exits 1).
  std::map<std::string, corpus::RuleHealth> rule_health;
  int64_t unhealthy_rules = 0;
  // The most pages fetched and not yet through the page stage at one time (their bodies are
  // in memory): at most ExtractionQueueLimit() + the transfers in flight. For tests and the
  // log; not in the summary line.
  int64_t peak_extraction_queue = 0;
};

// The page stage's threads: the config's extract_threads, else two per core (at least 4).
int ExtractionThreads(const config::CrawlConfig& config);

// The threads that write articles to the corpus (each waits on the disk, not the CPU): the
// config's extract_threads when it is set (the config's "extraction and corpus-writing
// threads": with 1, articles are written one at a time, in the order they were extracted),
// else 16.
int CorpusWriterThreads(const config::CrawlConfig& config);

// Backpressure: a transfer starts only while fewer than this many fetched pages wait for (or
// are in) the page stage, so that a fetcher faster than extraction does not queue the whole
// site's bodies in memory: however large the crawl, at most this many plus the transfers in
// flight (config.concurrency) are held at once. A few per extraction thread keep every thread
// busy while the io thread starts the next transfers; the pages whose articles are being
// written (by the corpus writer threads) count too, and have room of their own.
int ExtractionQueueLimit(const config::CrawlConfig& config);

// Runs the crawl to completion (or until a signal / budget). Warnings and errors, one line
// each, go to `log`. Never throws: a fault of the state, the frontier or the page stage ends
// the run with `error` set (and one error line in `log`), after the extraction pool has been
// stopped and joined, so nothing of the run is left running when it returns. What was
// recorded stays consistent (the corpus is written before the state records a page; URLs
// leased and not recorded are due again in the next run, see frontier.h).
// `state` keeps what this process learns (site boilerplate); `frontier` holds the URLs. With
// a shared frontier (Redis) the run takes part in a fleet run: it fetches only from hosts it
// holds a lease on, polls for hosts that other workers made due, and ends when the whole
// fleet is idle (or at its own budget or signal).
CrawlSummary RunCrawl(const CrawlOptions& options, corpus::CorpusSink& sink, state::CrawlState& state,
                      frontier::Frontier& frontier, log::Log& log);
// The same with the embedded frontier in `state`.
CrawlSummary RunCrawl(const CrawlOptions& options, corpus::CorpusSink& sink, state::CrawlState& state, log::Log& log);

// The summary as the run log records it (`pressoir crawl` appends it to <corpus>/runs.jsonl),
// finished now on `clock` (the crawl's).
corpus::RunRecord RunRecordOf(const CrawlSummary& summary, const clock::Clock& clock = clock::Clock::Real());

// Loads into `learned` the site boilerplate that crawls learned and kept in `state` (what a
// crawl starts from), for `pressoir reextract` to filter articles the way the crawl does.
void LoadLearnedBoilerplate(state::CrawlState& state, boilerplate::SiteBoilerplate& learned);

// "pages fetched: 12, articles written: 8, ..." on one line.
std::string FormatSummary(const CrawlSummary& summary);

// The stderr line of one site and reason of CrawlSummary::blocked_by_site, what cron mails:
// "lesoir: 12 pages were a consent wall".
std::string BlockedLine(const std::string& site, const std::string& page_type, int64_t count);
// "a consent wall", "a bot challenge", "a paywall stub", "an error page" for a blocked page type.
std::string BlockedWhat(const std::string& page_type);

}  // namespace pressoir::crawl

#endif  // PRESSOIR_CRAWLER_CRAWL_H_

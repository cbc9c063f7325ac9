// The crawl loop (see crawl.h).
#include "crawler/crawl.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <deque>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "crawler/fetcher.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "extractors/extract.h"

namespace pressoir::crawl {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct QueuedUrl {
  std::string url;
  int depth = 0;
  const rules::SiteRules* site = nullptr;  // null for ad-hoc start hosts
  std::string site_name;
  int attempts = 0;
  Clock::time_point not_before{};
};

struct HostState {
  std::string origin;
  std::deque<QueuedUrl> queue;
  int in_flight = 0;
  int concurrency = 1;
  milliseconds delay{0};
  Clock::time_point next_start{};
  Clock::time_point paused_until{};
  int consecutive_failures = 0;
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  robots::RobotsTxt robots;
};

// What the worker pool hands back to the io thread for one page.
struct PageOutcome {
  std::vector<std::string> links;  // absolute, normalized
  enum class Kind { kArticleWritten, kAlreadyPresent, kNotArticle, kCorpusError } kind = Kind::kNotArticle;
  std::string error;
};

bool IsRetryableStatus(long status) { return status == 429 || (status >= 500 && status <= 599); }

// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
std::optional<milliseconds> ParseRetryAfter(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return milliseconds(999'999'999'000LL);
    return milliseconds(std::stoll(value) * 1000);
  }
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  time_t now = std::time(nullptr);
  return milliseconds(std::max<int64_t>(0, static_cast<int64_t>(when - now)) * 1000);
}

class Crawler {
 public:
  Crawler(const CrawlOptions& options, corpus::CorpusSink& sink, std::ostream& log)
      : options_(options),
        config_(options.config),
        sink_(sink),
        log_(log),
        fetcher_(io_, MakeFetcherOptions(options)),
        pool_(static_cast<size_t>(config_.extract_threads > 0
                                      ? config_.extract_threads
                                      : std::max(1u, std::thread::hardware_concurrency()))),
        wake_(io_),
        signals_(io_),
        random_(std::random_device{}()) {}

  CrawlSummary Run() {
    auto started = Clock::now();
    if (config_.rule_start_urls) {
      for (const rules::SiteRules& site : options_.sites) {
        for (const std::string& start : site.start_urls) AddStart(start, &site, site.name);
      }
    }
    for (const std::string& start : options_.start_urls) {
      const rules::SiteRules* site = rules::FindRulesForHost(options_.sites, url::Host(start));
      AddStart(start, site, site ? site->name : url::Host(start));
    }
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
        if (error) return;
        log_ << "pressoir: received " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
             << ", finishing in-flight work\n";
        summary_.interrupted = true;
        stopping_ = true;
        MaybeFinish();
      });
    }
    asio::post(io_, [this] { Pump(); });
    io_.run();
    pool_.join();
    summary_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary_;
  }

 private:
  static fetch::FetcherOptions MakeFetcherOptions(const CrawlOptions& options) {
    const config::CrawlConfig& config = options.config;
    fetch::FetcherOptions fetcher;
    fetcher.user_agent = config.UserAgentHeader();
    fetcher.connect_timeout = config.connect_timeout;
    fetcher.timeout = config.timeout;
    fetcher.low_speed_bytes_per_second = config.low_speed_bytes_per_second;
    fetcher.low_speed_time = config.low_speed_time;
    fetcher.max_redirects = config.max_redirects;
    fetcher.max_body_bytes = config.max_body_bytes;
    fetcher.max_total_connections = config.concurrency;
    int per_host = config.per_host_concurrency;
    for (const rules::SiteRules& site : options.sites) {
      per_host = std::max(per_host, site.fetch.per_host_concurrency.value_or(per_host));
    }
    fetcher.max_host_connections = per_host;
    fetcher.resolve = options.resolve;
    return fetcher;
  }

  void AddStart(const std::string& start, const rules::SiteRules* site, const std::string& site_name) {
    auto normalized = url::Normalize(start);
    if (!normalized) {
      log_ << "warning: " << start << ": not an http(s) URL, skipped\n";
      return;
    }
    Enqueue(*normalized, 0, site, site_name);
  }

  void Enqueue(const std::string& normalized_url, int depth, const rules::SiteRules* site,
               const std::string& site_name) {
    if (!seen_.insert(normalized_url).second) return;
    std::string origin = url::Origin(normalized_url);
    HostState& host = hosts_[origin];
    if (host.origin.empty()) {
      host.origin = origin;
      host.concurrency = site && site->fetch.per_host_concurrency ? *site->fetch.per_host_concurrency
                                                                    : config_.per_host_concurrency;
      host.delay = site && site->fetch.per_host_delay ? *site->fetch.per_host_delay : config_.per_host_delay;
      if (!config_.obey_robots) host.robots_state = HostState::Robots::kReady;
      host_order_.push_back(origin);
    }
    host.queue.push_back(QueuedUrl{normalized_url, depth, site, site_name, 0, {}});
  }

  int MaxDepth(const rules::SiteRules* site) const {
    return site && site->fetch.max_depth ? *site->fetch.max_depth : config_.max_depth;
  }

  bool BudgetReached() const { return config_.max_pages > 0 && pages_started_ >= config_.max_pages; }

  // Starts every fetch that politeness allows now, and arms the wake-up timer for the next one.
  void Pump() {
    if (stopping_) return MaybeFinish();
    auto now = Clock::now();
    std::optional<Clock::time_point> next_wake;
    auto consider_wake = [&](Clock::time_point when) {
      if (!next_wake || when < *next_wake) next_wake = when;
    };
    bool progress = true;
    while (progress && fetcher_.active() < static_cast<size_t>(config_.concurrency) && !BudgetReached()) {
      progress = false;
      for (size_t i = 0; i < host_order_.size() && fetcher_.active() < static_cast<size_t>(config_.concurrency);
           ++i) {
        HostState& host = hosts_[host_order_[(round_robin_ + i) % host_order_.size()]];
        if (host.queue.empty()) continue;
        if (host.paused_until > now) {
          consider_wake(host.paused_until);
          continue;
        }
        if (host.robots_state == HostState::Robots::kUnknown) {
          StartRobots(host);
          progress = true;
          continue;
        }
        if (host.robots_state == HostState::Robots::kFetching) continue;
        if (host.in_flight >= host.concurrency) continue;
        if (host.next_start > now) {
          consider_wake(host.next_start);
          continue;
        }
        auto ready = std::find_if(host.queue.begin(), host.queue.end(),
                                  [&](const QueuedUrl& item) { return item.not_before <= now; });
        if (ready == host.queue.end()) {
          for (const QueuedUrl& item : host.queue) consider_wake(item.not_before);
          continue;
        }
        QueuedUrl item = std::move(*ready);
        host.queue.erase(ready);
        StartPage(host, std::move(item), now);
        progress = true;
        if (BudgetReached()) break;
      }
      ++round_robin_;
    }
    if (BudgetReached() && !budget_logged_) {
      budget_logged_ = true;
      summary_.interrupted = true;
      log_ << "pressoir: max_pages budget of " << config_.max_pages << " reached\n";
    }
    if (next_wake && !BudgetReached()) {
      wake_.expires_at(*next_wake);
      wake_.async_wait([this](const boost::system::error_code& error) {
        if (!error) Pump();
      });
    }
    MaybeFinish();
  }

  void StartRobots(HostState& host) {
    host.robots_state = HostState::Robots::kFetching;
    host.in_flight++;
    // The robots.txt request counts toward the host's delay like any other.
    auto started = Clock::now();
    host.next_start = started + host.delay;
    std::string origin = host.origin;
    fetcher_.Fetch({origin + "/robots.txt", "", ""}, [this, origin, started](fetch::FetchResult result) {
      HostState& state = hosts_[origin];
      state.in_flight--;
      long status = result.outcome == fetch::FetchResult::Outcome::kOk ? result.http_status : 0;
      state.robots = robots::RobotsTxt::ForStatus(static_cast<int>(status), result.body);
      state.robots_state = HostState::Robots::kReady;
      if (state.robots.disallow_all()) {
        log_ << "warning: " << origin << "/robots.txt: unreachable (" << DescribeFailure(result)
             << "), host not crawled this run\n";
      }
      if (auto delay = state.robots.CrawlDelay(config_.user_agent)) {
        auto crawl_delay = milliseconds(static_cast<int64_t>(*delay * 1000));
        state.delay = std::max(state.delay, std::min(crawl_delay, config_.max_crawl_delay));
        state.next_start = std::max(state.next_start, started + state.delay);
      }
      Pump();
    });
  }

  void StartPage(HostState& host, QueuedUrl item, Clock::time_point now) {
    if (!host.robots.IsAllowed(config_.user_agent, item.url)) {
      summary_.robots_disallowed++;
      return;
    }
    host.in_flight++;
    host.next_start = now + host.delay;
    pages_started_++;
    std::string origin = host.origin;
    std::string request_url = item.url;
    fetcher_.Fetch({request_url, "", ""}, [this, origin, item = std::move(item)](fetch::FetchResult result) mutable {
      OnPageFetched(origin, std::move(item), std::move(result));
    });
  }

  static std::string DescribeFailure(const fetch::FetchResult& result) {
    if (result.outcome == fetch::FetchResult::Outcome::kOk) return "http-" + std::to_string(result.http_status);
    return fetch::OutcomeName(result.outcome);
  }

  void OnPageFetched(const std::string& origin, QueuedUrl item, fetch::FetchResult result) {
    HostState& host = hosts_[origin];
    host.in_flight--;
    bool got_response = result.outcome == fetch::FetchResult::Outcome::kOk;
    if (got_response) {
      summary_.pages_fetched++;
      summary_.bytes += result.bytes;
    }
    bool retryable = (got_response && IsRetryableStatus(result.http_status)) ||
                     result.outcome == fetch::FetchResult::Outcome::kTimeout ||
                     result.outcome == fetch::FetchResult::Outcome::kNetworkError;
    if (retryable) {
      host.consecutive_failures++;
      auto now = Clock::now();
      std::optional<milliseconds> retry_after = ParseRetryAfter(result.retry_after);
      if (retry_after) {
        // Retry-After speaks for the whole server, not only this URL.
        host.next_start = std::max(host.next_start, now + std::min(*retry_after, options_.retry_max_delay));
      }
      if (host.consecutive_failures >= options_.host_failure_threshold) {
        host.paused_until = now + options_.host_pause;
        log_ << "warning: " << origin << ": " << host.consecutive_failures
             << " failures in a row, pausing the host\n";
        host.consecutive_failures = 0;
      }
      if (item.attempts < config_.retries && !stopping_) {
        item.attempts++;
        summary_.retries++;
        milliseconds backoff = Backoff(item.attempts);
        if (retry_after) backoff = std::max(backoff, std::min(*retry_after, options_.retry_max_delay));
        item.not_before = now + backoff;
        host.queue.push_back(std::move(item));
        return Pump();
      }
    } else {
      host.consecutive_failures = 0;
    }
    if (!got_response || result.http_status < 200 || result.http_status >= 300) {
      if (got_response && result.http_status == 304) return Pump();
      std::string reason = DescribeFailure(result);
      summary_.failures++;
      summary_.failures_by_reason[reason]++;
      log_ << "warning: " << item.url << ": " << reason << (result.error.empty() ? "" : " (" + result.error + ")")
           << "\n";
      return Pump();
    }
    pending_extractions_++;
    asio::post(pool_, [this, item = std::move(item), result = std::move(result)]() mutable {
      PageOutcome outcome = Process(item, result);
      asio::post(io_, [this, item = std::move(item), outcome = std::move(outcome)]() mutable {
        OnProcessed(item, std::move(outcome));
      });
    });
    Pump();
  }

  milliseconds Backoff(int attempt) {
    int64_t base = options_.retry_base_delay.count() << std::min(attempt - 1, 20);
    base = std::min<int64_t>(base, options_.retry_max_delay.count());
    std::uniform_int_distribution<int64_t> jitter(0, base / 2);
    return milliseconds(base + jitter(random_));
  }

  // Runs on the worker pool: decode, extract, write. Touches no crawler state but the sink.
  PageOutcome Process(const QueuedUrl& item, const fetch::FetchResult& result) const {
    PageOutcome outcome;
    charset::DecodedText decoded = charset::DecodeToUtf8(result.body, result.content_type);
    const std::string& page_url = result.final_url.empty() ? item.url : result.final_url;
    std::string base = page_url;
    std::vector<std::string> hrefs;
    std::optional<extract::Article> article;
    if (options_.extract) {
      extract::ExtractOptions extract_options;
      extract_options.collect_links = true;
      extract_options.min_body_chars = config_.min_article_chars;
      article = extract::Extract(decoded.utf8, item.site, extract_options);
      hrefs = std::move(article->links);
      if (!article->base_href.empty()) base = url::Resolve(page_url, article->base_href).value_or(page_url);
    } else {
      std::string base_href;
      hrefs = extract::ExtractLinks(decoded.utf8, &base_href);
      if (!base_href.empty()) base = url::Resolve(page_url, base_href).value_or(page_url);
    }
    if (item.depth < MaxDepth(item.site)) {
      std::unordered_set<std::string> unique;
      for (const std::string& href : hrefs) {
        auto absolute = url::Resolve(base, href);
        if (absolute && unique.insert(*absolute).second) outcome.links.push_back(std::move(*absolute));
      }
    }
    if (!article || !IsArticle(item, *article, page_url)) return outcome;

    corpus::ArticleRecord record;
    record.url = page_url;
    if (!article->metadata.canonical_url.empty()) {
      record.canonical_url = url::Resolve(page_url, article->metadata.canonical_url).value_or(page_url);
    }
    record.site = item.site_name;
    record.title = article->metadata.title;
    record.date = article->metadata.date;
    record.authors = article->metadata.authors;
    record.language = article->metadata.language;
    record.fetched_at = corpus::NowIso8601();
    record.extractor = article->extractor;
    record.text = article->Text();
    try {
      corpus::WriteResult written = sink_.Write(record);
      outcome.kind = written.status == corpus::WriteResult::Status::kWritten ? PageOutcome::Kind::kArticleWritten
                                                                             : PageOutcome::Kind::kAlreadyPresent;
    } catch (const corpus::CorpusError& e) {
      outcome.kind = PageOutcome::Kind::kCorpusError;
      outcome.error = e.what();
    }
    return outcome;
  }

  // A page is written as an article when its text is long enough and the rule (or, without a
  // rule, the page itself) says it is one; index pages are crawled for links only.
  bool IsArticle(const QueuedUrl& item, const extract::Article& article, const std::string& page_url) const {
    if (article.BodyChars() < config_.min_article_chars) return false;
    if (item.site != nullptr) {
      if (!item.site->article_urls.empty()) return item.site->IsArticleUrl(page_url);
      if (!item.site->body.empty()) return article.extractor == "rule";
    }
    return article.FoundMainContent() && (article.metadata.declares_article || item.depth > 0);
  }

  void OnProcessed(const QueuedUrl& item, PageOutcome outcome) {
    pending_extractions_--;
    switch (outcome.kind) {
      case PageOutcome::Kind::kArticleWritten:
        summary_.articles_written++;
        break;
      case PageOutcome::Kind::kAlreadyPresent:
        summary_.articles_already_present++;
        break;
      case PageOutcome::Kind::kNotArticle:
        summary_.not_articles++;
        break;
      case PageOutcome::Kind::kCorpusError:
        if (summary_.corpus_error.empty()) {
          summary_.corpus_error = outcome.error;
          log_ << "error: " << outcome.error << "; stopping the crawl\n";
        }
        stopping_ = true;
        break;
    }
    if (!stopping_) {
      for (const std::string& link : outcome.links) {
        const rules::SiteRules* site = item.site;
        std::string host = url::Host(link);
        bool in_scope = site ? site->MatchesHost(host) && site->ShouldFollow(link)
                             : host == url::Host(item.url);
        if (in_scope) Enqueue(link, item.depth + 1, site, item.site_name);
      }
    }
    Pump();
  }

  void MaybeFinish() {
    if (fetcher_.active() > 0 || pending_extractions_ > 0) return;
    bool queued = !stopping_ && !BudgetReached() &&
                  std::any_of(hosts_.begin(), hosts_.end(), [](const auto& entry) { return !entry.second.queue.empty(); });
    if (queued) return;
    wake_.cancel();
    signals_.cancel();
    io_.stop();
  }

  const CrawlOptions& options_;
  const config::CrawlConfig& config_;
  corpus::CorpusSink& sink_;
  std::ostream& log_;
  asio::io_context io_;
  fetch::Fetcher fetcher_;
  asio::thread_pool pool_;
  asio::steady_timer wake_;
  asio::signal_set signals_;
  std::mt19937_64 random_;
  std::unordered_map<std::string, HostState> hosts_;
  std::vector<std::string> host_order_;
  size_t round_robin_ = 0;
  std::unordered_set<std::string> seen_;
  int pending_extractions_ = 0;
  int64_t pages_started_ = 0;
  bool stopping_ = false;
  bool budget_logged_ = false;
  CrawlSummary summary_;
};

}  // namespace

CrawlSummary RunCrawl(const CrawlOptions& options, corpus::CorpusSink& sink, std::ostream& log) {
  Crawler crawler(options, sink, log);
  return crawler.Run();
}

std::string FormatSummary(const CrawlSummary& summary) {
  std::ostringstream out;
  out << "pages fetched: " << summary.pages_fetched << ", articles written: " << summary.articles_written
      << ", already in corpus: " << summary.articles_already_present << ", not articles: " << summary.not_articles
      << ", failures: " << summary.failures;
  if (!summary.failures_by_reason.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, count] : summary.failures_by_reason) {
      out << (first ? "" : ", ") << reason << ": " << count;
      first = false;
    }
    out << ")";
  }
  out << ", retries: " << summary.retries << ", robots.txt disallowed: " << summary.robots_disallowed;
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.1f", summary.seconds);
  out << ", " << seconds << " s";
  if (summary.interrupted) out << " (stopped early)";
  return out.str();
}

}  // namespace pressoir::crawl

// The crawl loop (see crawl.h).
#include "crawler/crawl.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <csignal>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/digest.h"
#include "base/time_format.h"
#include "crawler/archiving.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/page_processor.h"
#include "crawler/robots.h"
#include "crawler/rule_health.h"
#include "crawler/url.h"
#include "extractors/boilerplate.h"
#include "extractors/page_type.h"

namespace pressoir::crawl {
namespace {

namespace asio = boost::asio;
using Time = clock::Clock::time_point;  // crawl time (clock.h)
using std::chrono::milliseconds;

// URLs of one host held in memory at a time; the rest of the frontier stays on disk.
constexpr int kWindowPerHost = 16;
// URL hashes remembered as already in the frontier (about 8 MB at most); cleared when full.
constexpr size_t kKnownUrlsCapacity = 200'000;
// Shared frontier: how long to leave a host another worker holds before asking again.
constexpr std::chrono::seconds kAcquireRetry{1};
// Key prefix of each site's learned boilerplate in the state's key/value store.
constexpr char kBoilerplateKey[] = "boilerplate:";
// Backpressure (ExtractionQueueLimit, crawl.h): fetched pages queued per extraction thread
// before new transfers wait. One page takes a thread milliseconds, and the transfers already
// in flight land in the queue while it drains, so a few per thread leave no thread idle: with
// 4 threads (16 pages) a 40,000-page loopback crawl keeps its rate (scripts/bench-memory.sh).
constexpr int kExtractionQueuePerThread = 4;
// Threads that write articles to the corpus (PageProcessor::WriteArticle), apart from the
// extraction threads, unless the config sets extract_threads (CorpusWriterThreads): a write
// waits on the disk (the file's and its directory's syncs, then the group commit that syncs
// the archive's records and the manifest), which would leave the cores idle if the extraction
// threads waited for it. They use little CPU; the more writes in flight, the more share one
// group commit (corpus.h). 16: on the project machine's disk (one new file's fdatasync 8.8 ms
// alone, about 1.1 ms each with 16 or more in flight) bench-fetch's crawl then keeps both
// cores busy extracting (scripts/bench-fetch.sh: 5,000 pages in 11 s instead of 27).
constexpr int kCorpusWriterThreads = 16;

struct QueuedUrl {
  state::FrontierEntry entry;
  const rules::SiteRules* site = nullptr;  // null for ad-hoc start hosts
};

struct HostState {
  std::string origin;
  std::deque<QueuedUrl> window;  // leased from the state, not yet started
  bool drained = false;          // the state had no due URL for this host at the last look
  std::vector<Time> retry_due;   // retries of this run not yet handed out
  bool configured = false;
  bool private_address_ok = false;  // may resolve to a non-public address (see address_policy.h)
  // Shared frontier: this worker holds the host's lease (embedded: always, once asked).
  bool held = false;
  Time acquire_retry_at{};  // another worker held it: do not ask before this
  int in_flight = 0;
  // URLs taken from the window whose outcome is not recorded yet (fetching or extracting):
  // a host is given back only when this is 0, or its next holder would fetch them again.
  int unrecorded = 0;
  int concurrency = 1;
  milliseconds delay{0};
  Time next_start{};
  Time paused_until{};
  int consecutive_failures = 0;
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  robots::RobotsTxt robots;
  int robots_attempts = 0;   // robots.txt fetches that got no connection (then retried)
  Time robots_retry_at{};    // the next robots.txt attempt, after back-off
  bool reached = false;      // a response (any status) came from the host in this run
  bool unreachable = false;  // no connection after retries: its URLs wait for the next run
};

// The failure reason of a host that could not be reached (CrawlSummary::unreachable_hosts).
constexpr char kHostUnreachable[] = "host-unreachable";
// The failure reason of a host whose robots.txt kept answering 429 or a server error: RFC
// 9309 disallows the whole host then, so nothing of it is crawled (also in unreachable_hosts).
constexpr char kRobotsUnavailable[] = "robots-unavailable";

// No answer from the host: DNS failure, connection refused or reset, TLS handshake or
// certificate error, timeout. (Other network errors, such as curl refusing an option, say
// nothing about the host.)
bool IsNoConnection(const fetch::FetchResult& result) {
  if (result.outcome == fetch::FetchResult::Outcome::kTimeout) return true;
  if (result.outcome != fetch::FetchResult::Outcome::kNetworkError) return false;
  switch (result.curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return true;
    default:
      return false;
  }
}

bool IsRetryableStatus(long status) { return status == 429 || (status >= 500 && status <= 599); }

// robots.txt statuses that RFC 9309 §2.3.1.4 reads as "unreachable": 429 and 5xx. Other
// statuses outside 200-499 are nonsense, treated the same way by RobotsTxt::ForStatus.
bool IsRobotsServerError(long http_status) {
  return IsRetryableStatus(http_status) || http_status >= 600 || http_status < 200;
}

// 4xx other than 408 and 429 will not get better by asking again soon.
bool IsPermanentFailure(const fetch::FetchResult& result) {
  if (result.outcome == fetch::FetchResult::Outcome::kOk) {
    return result.http_status >= 400 && result.http_status < 500 && result.http_status != 408 &&
           result.http_status != 429;
  }
  return result.outcome == fetch::FetchResult::Outcome::kBadUrl ||
         result.outcome == fetch::FetchResult::Outcome::kTooLarge ||
         result.outcome == fetch::FetchResult::Outcome::kSkippedContentType ||
         result.outcome == fetch::FetchResult::Outcome::kTooManyRedirects ||
         result.outcome == fetch::FetchResult::Outcome::kForbiddenAddress;
}

// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, counted from `now_ms` (unix).
std::optional<milliseconds> ParseRetryAfter(const std::string& value, int64_t now_ms) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return milliseconds(999'999'999'000LL);
    return milliseconds(std::stoll(value) * 1000);
  }
  time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  time_t now = static_cast<time_t>(now_ms / 1000);
  return milliseconds(std::max<int64_t>(0, static_cast<int64_t>(when - now)) * 1000);
}

std::string DescribeFailure(const fetch::FetchResult& result) {
  if (result.outcome == fetch::FetchResult::Outcome::kOk) return "http-" + std::to_string(result.http_status);
  return fetch::OutcomeName(result.outcome);
}

// An Asio timer set in crawl time: it fires when the crawl's clock reaches the deadline (the
// real clock: exactly a steady_timer; a test clock: sooner in real time, see clock.h).
class CrawlTimer {
 public:
  CrawlTimer(asio::io_context& io, const clock::Clock& clock) : timer_(io), clock_(clock) {}
  void ExpiresAt(Time when) { timer_.expires_at(clock_.RealDeadline(when)); }
  template <typename Handler>
  void AsyncWait(Handler&& handler) {
    timer_.async_wait(std::forward<Handler>(handler));
  }
  void Cancel() { timer_.cancel(); }

 private:
  asio::steady_timer timer_;
  const clock::Clock& clock_;
};

class Crawler {
 public:
  Crawler(const CrawlOptions& options, corpus::CorpusSink& sink, state::CrawlState& state, frontier::Frontier& frontier,
          log::Log& log)
      : options_(options),
        config_(options.config),
        state_(state),
        frontier_(frontier),
        log_(log),
        clock_(options.clock),
        fetcher_(io_, MakeFetcherOptions(options)),
        pool_(static_cast<size_t>(ExtractionThreads(config_))),
        writers_(static_cast<size_t>(options.extract ? CorpusWriterThreads(config_) : 1)),
        extraction_queue_limit_(ExtractionQueueLimit(config_)),
        wake_(io_, clock_),
        progress_timer_(io_),
        batch_timer_(io_),
        renew_timer_(io_),
        poll_timer_(io_),
        signals_(io_),
        random_(std::random_device{}()),
        processor_(config_, options.extract, learned_, sink, options.archive) {
    for (const rules::SiteRules& site : options_.sites) {
      sites_by_name_[site.name] = &site;
      for (const std::string& start : site.start_urls) operator_hosts_.insert(url::Host(start));
      for (const std::string& feed : site.feeds) operator_hosts_.insert(url::Host(feed));
    }
    for (const std::string& start : options_.start_urls) operator_hosts_.insert(url::Host(start));
  }

  CrawlSummary Run() {
    started_ = clock_.Now();
    summary_.started_at = time_format::Iso8601Utc(static_cast<std::time_t>(clock_.NowMs() / 1000));
    if (config_.time_limit.count() > 0) deadline_ = started_ + config_.time_limit;
    try {
      Crawl();
    } catch (const std::exception& e) {
      Abandon(e.what());
    } catch (...) {
      Abandon("unknown exception");
    }
    log_.ClearProgress();
    summary_.seconds = std::chrono::duration<double>(clock_.Now() - started_).count();
    // One line per site and reason, on stderr whether or not it is a terminal: a site that
    // starts serving a consent wall loses every article until someone acts (a cookie in its
    // rule's fetch.cookies, say).
    for (const auto& [site, by_type] : summary_.blocked_by_site) {
      for (const auto& [type, count] : by_type) log_.Notice(BlockedLine(site, type, count));
    }
    // One line per rule that looks rotten (rule_health.h): its articles now come from the
    // generic extractor, or not at all, until someone fixes its selectors.
    for (const auto& [site, tally] : rule_tallies_) {
      corpus::RuleHealth health = tally.Health(sites_by_name_.at(site)->file);
      health.problem = Assess(site, health, options_.earlier_runs);
      if (!health.problem.empty()) {
        summary_.unhealthy_rules++;
        log_.Notice(RuleHealthLine(site, health));
      }
      summary_.rule_health[site] = std::move(health);
    }
    return summary_;
  }

 private:
  // A fault (the state or the frontier failed, or the page stage threw: see OnPageFetched) ends
  // the run where it is. The pool's threads use this object's members (the processor, the
  // learned boilerplate): they are stopped (queued pages are dropped; their URLs were leased
  // and not recorded, so they are due again in the next run) and joined before anything else
  // happens, and the frontier, which may be what failed, is not touched again.
  void Abandon(const std::string& what) {
    pool_.stop();
    pool_.join();
    writers_.stop();
    writers_.join();
    summary_.error = what;
    log_.Error(what + "; run stopped");
  }

  void Crawl() {
    // Boilerplate learned in earlier runs (issue 5: persisted with the crawl state).
    LoadLearnedBoilerplate(state_, learned_);
    ScheduleStarts();
    LookForDueHosts();
    if (options_.handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](const boost::system::error_code& error, int signal_number) {
        if (error) return;
        log_.Error(std::string("received ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                   ", finishing in-flight work");
        summary_.interrupted = true;
        stopping_ = true;
        MaybeFinish();
      });
    }
    if (log_.terminal()) ShowProgress();
    if (frontier_.Shared()) {
      RenewLeases();
      Poll();
    }
    asio::post(io_, [this] { Pump(); });
    // The io_context must not run out of work while pages are being extracted on the pool
    // (their results are posted back later); MaybeFinish() releases this guard.
    work_guard_.emplace(io_.get_executor());
    io_.run();
    pool_.join();
    writers_.join();
    ReleaseUnstarted();
    state_.Begin();
    for (const auto& [site, blob] : learned_.Serialize()) state_.Put(kBoilerplateKey + site, blob);
    state_.Commit();
  }

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
    fetcher.capture_exchange = options.archive != nullptr;
    fetcher.max_total_connections = config.concurrency;
    int per_host = config.per_host_concurrency;
    for (const rules::SiteRules& site : options.sites) {
      per_host = std::max(per_host, site.fetch.per_host_concurrency.value_or(per_host));
    }
    fetcher.max_host_connections = per_host;
    fetcher.resolve = options.resolve;
    return fetcher;
  }

  const rules::SiteRules* SiteNamed(const std::string& name) const {
    auto found = sites_by_name_.find(name);
    return found == sites_by_name_.end() ? nullptr : found->second;
  }

  milliseconds RevisitIndex(const rules::SiteRules* site) const {
    return site && site->fetch.revisit_index ? *site->fetch.revisit_index : config_.revisit_index;
  }
  milliseconds RevisitArticles(const rules::SiteRules* site) const {
    return site && site->fetch.revisit_articles ? *site->fetch.revisit_articles : config_.revisit_articles;
  }
  int MaxDepth(const rules::SiteRules* site) const { return processor_.MaxDepth(site); }

  // Start URLs and feeds are due again each run once their revisit interval has passed.
  void ScheduleStarts() {
    frontier_.Begin();
    if (config_.rule_start_urls) {
      for (const rules::SiteRules& site : options_.sites) {
        for (const std::string& start : site.start_urls) ScheduleStart(start, &site, site.name, state::UrlKind::kPage);
        for (const std::string& feed : site.feeds) ScheduleStart(feed, &site, site.name, state::UrlKind::kFeed);
      }
    }
    for (const std::string& start : options_.start_urls) {
      const rules::SiteRules* site = rules::FindRulesForHost(options_.sites, url::Host(start));
      ScheduleStart(start, site, site ? site->name : url::Host(start), state::UrlKind::kPage);
    }
    frontier_.Commit();
  }

  void ScheduleStart(const std::string& start, const rules::SiteRules* site, const std::string& site_name,
                     state::UrlKind kind) {
    auto normalized = url::Normalize(start);
    if (!normalized) {
      log_.Warning(start + ": not an http(s) URL, skipped");
      return;
    }
    state::FrontierEntry entry;
    entry.url = *normalized;
    entry.site = site_name;
    entry.host = url::Origin(*normalized);
    entry.kind = kind;
    entry.priority = 10;
    int64_t now = clock_.NowMs();
    int64_t due = now;
    if (auto known = frontier_.Lookup(entry.url); known && known->last_fetch_ms) {
      due = std::max(now, *known->last_fetch_ms + RevisitIndex(site).count());
    }
    frontier_.ScheduleAt(entry, due);
    if (due <= now) Host(entry.host).drained = false;
  }

  HostState& Host(const std::string& origin) {
    HostState& host = hosts_[origin];
    if (host.origin.empty()) {
      host.origin = origin;
      host.concurrency = config_.per_host_concurrency;
      host.delay = config_.per_host_delay;
      // The hosts of the operator's start URLs and feeds may be on a private network; a host a
      // page led to (redirect, link, sitemap) may not, unless the config allows it: SSRF.
      host.private_address_ok = PrivateAddressOk(url::Host(origin));
      if (!config_.obey_robots) host.robots_state = HostState::Robots::kReady;
      host_order_.push_back(origin);
    }
    return host;
  }

  // Per-host politeness comes from the rule of the host's first URL.
  void Configure(HostState& host, const rules::SiteRules* site) {
    if (host.configured) return;
    host.configured = true;
    if (site == nullptr) return;
    if (site->fetch.per_host_concurrency) host.concurrency = *site->fetch.per_host_concurrency;
    if (site->fetch.per_host_delay) host.delay = std::max(host.delay, *site->fetch.per_host_delay);
  }

  // Backpressure (crawl.h): no transfer starts while this many pages wait for the page stage;
  // OnProcessed() pumps again as each one leaves it.
  bool ExtractionQueueFull() const { return pending_extractions_ >= extraction_queue_limit_; }

  bool BudgetReached() const {
    if (config_.max_pages > 0 && pages_started_ >= config_.max_pages) return true;
    return deadline_ && clock_.Now() >= *deadline_;
  }

  void Refill(HostState& host, Time now) {
    auto& retries = host.retry_due;
    retries.erase(std::remove_if(retries.begin(), retries.end(), [&](auto due) { return due <= now; }), retries.end());
    Batch();
    if (!host.held) {
      // A worker of a shared frontier holds at most hosts_per_worker hosts, so that one
      // worker does not take every host while the others wait.
      if (frontier_.Shared() && (held_hosts_ >= HostsPerWorker() || now < host.acquire_retry_at)) {
        host.drained = true;  // the poll looks again
        return;
      }
      if (!Acquire(host)) {
        host.acquire_retry_at = now + kAcquireRetry;
        host.drained = true;
        return;
      }
    }
    std::vector<state::FrontierEntry> entries = frontier_.LeaseDue(host.origin, clock_.NowMs(), kWindowPerHost);
    if (entries.empty()) {
      host.drained = true;
      return;
    }
    for (state::FrontierEntry& entry : entries) {
      const rules::SiteRules* site = SiteNamed(entry.site);
      Configure(host, site);
      host.window.push_back(QueuedUrl{std::move(entry), site});
    }
  }

  // Takes the host's lease. The fleet's next-request time for the host comes with it, so the
  // per-host delay holds across workers.
  bool Acquire(HostState& host) {
    std::optional<int64_t> next_request_ms = frontier_.AcquireHost(host.origin, clock_.NowMs());
    if (!next_request_ms) return false;
    host.held = true;
    held_hosts_++;
    int64_t wait_ms = *next_request_ms - clock_.NowMs();
    if (wait_ms > 0) host.next_start = std::max(host.next_start, clock_.Now() + milliseconds(wait_ms));
    return true;
  }

  // The unix ms at which the host may next be asked, as the fleet sees it.
  int64_t NextRequestMs(const HostState& host) const {
    auto wait = std::chrono::duration_cast<milliseconds>(host.next_start - clock_.Now());
    return clock_.NowMs() + std::max<int64_t>(0, wait.count());
  }

  // Held, and nothing of it is being fetched, extracted or waiting for its record.
  static bool BetweenFetches(const HostState& host) {
    return host.held && host.in_flight == 0 && host.unrecorded == 0 &&
           host.robots_state != HostState::Robots::kFetching;
  }

  // Shared frontier: hosts with nothing left for this worker go back to the fleet. Called
  // after a commit, so that the records of their last URLs are in the frontier first.
  // A worker holding more than its fair share (workers that started later have none) hands
  // hosts over between two fetches: the URLs of their windows go back to the queue first.
  void ReleaseIdleHosts() {
    if (!frontier_.Shared()) return;
    for (auto& [origin, host] : hosts_) {
      if (!BetweenFetches(host)) continue;
      bool idle = host.window.empty() && host.drained;
      bool surplus = held_hosts_ > HostsPerWorker();
      if (!idle && !surplus) continue;
      if (!idle) {
        for (const QueuedUrl& item : host.window) frontier_.Release(item.entry.url);
        host.window.clear();
        host.drained = true;
        host.acquire_retry_at = clock_.Now() + kAcquireRetry;  // let another worker take it
      }
      frontier_.ReleaseHost(origin, NextRequestMs(host));
      host.held = false;
      held_hosts_--;
    }
  }

  // A worker of a shared frontier holds its fair share of the hosts that have work (updated
  // by the poll), and never more than hosts_per_worker when that is set.
  int HostsPerWorker() const {
    return config_.hosts_per_worker > 0 ? std::min(config_.hosts_per_worker, fair_share_) : fair_share_;
  }

  // Shared frontier: keeps the held leases alive; a lost lease (this worker stalled longer
  // than the lease) means another worker may have the host now: stop fetching from it.
  void RenewLeases() {
    int64_t interval = frontier_.LeaseRenewIntervalMs();
    if (interval <= 0) return;
    renew_timer_.expires_after(milliseconds(interval));
    renew_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      std::vector<std::pair<std::string, int64_t>> held;
      for (const auto& [origin, host] : hosts_) {
        if (host.held) held.emplace_back(origin, NextRequestMs(host));
      }
      if (!held.empty()) {
        for (const std::string& lost : frontier_.RenewHosts(held)) {
          HostState& host = hosts_[lost];
          log_.Warning(lost + ": host lease lost (expired); another worker may crawl it now");
          host.held = false;
          held_hosts_--;
          host.window.clear();  // the next holder takes these URLs back
          host.drained = true;
        }
      }
      RenewLeases();
    });
  }

  // Hosts with due URLs (other workers may have added them) are worth a look; with a shared
  // frontier, this worker's fair share of the hosts follows from their number.
  void LookForDueHosts() {
    int64_t hosts_with_work = held_hosts_;
    for (const std::string& origin : frontier_.HostsWithDueUrls(clock_.NowMs())) {
      HostState& host = Host(origin);
      if (!host.held) {
        host.drained = false;
        hosts_with_work++;
      }
    }
    if (!frontier_.Shared()) return;
    int64_t workers = std::max<int64_t>(1, frontier_.LiveWorkers());
    fair_share_ = static_cast<int>(std::max<int64_t>(1, (hosts_with_work + workers - 1) / workers));
  }

  // Shared frontier: other workers add URLs and give hosts back; look for due hosts, and
  // whether the whole fleet is done, a few times a second.
  void Poll() {
    poll_timer_.expires_after(milliseconds(250));
    poll_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      CommitBatch();
      LookForDueHosts();
      fleet_idle_ = !HasWork() && frontier_.FleetIdle(clock_.NowMs());
      Poll();
      Pump();
    });
  }

  // Starts every fetch that politeness allows now, and arms the wake-up timer for the next one.
  void Pump() {
    if (stopping_) return MaybeFinish();
    Time now = clock_.Now();
    std::optional<Time> next_wake;
    auto consider_wake = [&](Time when) {
      if (!next_wake || when < *next_wake) next_wake = when;
    };
    bool budget_reached = BudgetReached();
    for (size_t i = 0; i < host_order_.size() && !budget_reached; ++i) {
      HostState& host = hosts_[host_order_[(round_robin_ + i) % host_order_.size()]];
      for (auto due : host.retry_due) {
        if (due <= now) host.drained = false;
        consider_wake(due);
      }
      while (fetcher_.active() < static_cast<size_t>(config_.concurrency) && !budget_reached &&
             !ExtractionQueueFull()) {
        if (host.window.empty() && !host.drained) Refill(host, now);
        if (host.window.empty()) break;
        if (host.paused_until > now) {
          consider_wake(host.paused_until);
          break;
        }
        if (host.robots_state == HostState::Robots::kUnknown) {
          if (host.robots_retry_at > now) {
            consider_wake(host.robots_retry_at);
          } else {
            StartRobots(host);
          }
          break;
        }
        if (host.robots_state == HostState::Robots::kFetching) break;
        if (host.in_flight >= host.concurrency) break;
        if (host.next_start > now) {
          consider_wake(host.next_start);
          break;
        }
        QueuedUrl item = std::move(host.window.front());
        host.window.pop_front();
        StartPage(host, std::move(item), now);
        budget_reached = BudgetReached();
      }
    }
    ++round_robin_;
    if (budget_reached && !budget_logged_) {
      budget_logged_ = true;
      summary_.interrupted = true;
      log_.Warning(config_.max_pages > 0 && pages_started_ >= config_.max_pages
                       ? "max_pages budget of " + std::to_string(config_.max_pages) + " reached"
                       : "time limit reached");
    }
    if (next_wake && deadline_) next_wake = std::min(*next_wake, *deadline_);
    if (next_wake && !budget_reached) {
      wake_.ExpiresAt(*next_wake);
      wake_.AsyncWait([this](const boost::system::error_code& error) {
        if (!error) Pump();
      });
    } else if (deadline_ && !budget_reached) {
      // Nothing else to wake for (e.g. every host paused): still end at the time limit.
      wake_.ExpiresAt(*deadline_);
      wake_.AsyncWait([this](const boost::system::error_code& error) {
        if (!error) Pump();
      });
    }
    MaybeFinish();
  }

  void StartRobots(HostState& host) {
    host.robots_state = HostState::Robots::kFetching;
    host.in_flight++;
    Time started = clock_.Now();
    // The robots.txt request counts toward the host's delay like any other.
    host.next_start = started + host.delay;
    FetchRobots(host.origin, host.origin + "/robots.txt", 0, started);
  }

  // The request headers and cookies of the rule of the request's own host (fetch.headers,
  // fetch.cookies): never sent to another site's hosts, whatever page linked there.
  void AddSiteFields(fetch::FetchRequest& request) const {
    const rules::SiteRules* site = rules::FindRulesForHost(options_.sites, url::Host(request.url));
    if (site == nullptr) return;
    for (const auto& [name, value] : site->fetch.headers) request.extra_headers.push_back(name + ": " + value);
    for (const auto& [name, value] : site->fetch.cookies) {
      if (!request.cookie.empty()) request.cookie += "; ";
      request.cookie += name + "=" + value;
    }
  }

  // Whether a request to `host` may connect to a non-public address: only for the hosts the
  // operator named (start URLs, feeds), unless the config allows it for all (SSRF, see
  // address_policy.h).
  bool PrivateAddressOk(const std::string& host) const {
    return config_.allow_private_addresses || operator_hosts_.count(host) > 0;
  }

  // One hop of the robots.txt fetch of `origin`. RFC 9309 §2.3.1.2 asks to follow its
  // redirects, across hosts too; they are followed here rather than by curl, so that each hop
  // is checked against the address policy on its own: a start host's robots.txt that
  // redirects to another name must not lend that name the start host's permission.
  void FetchRobots(const std::string& origin, const std::string& url, int hops, Time started) {
    fetch::FetchRequest request{url, "", ""};
    AddSiteFields(request);
    request.follow_redirects = false;
    request.allow_private_addresses = PrivateAddressOk(url::Host(url));
    fetcher_.Fetch(std::move(request), [this, origin, url, hops, started](fetch::FetchResult result) {
      OnRobotsFetched(origin, url, hops, started, std::move(result));
    });
  }

  // Writes the exchange of `result` to the raw archive, if any and if a response came. Throws
  // ArchiveError (which ends the run: a crawl that was asked to keep every response and cannot
  // must not go on as if it did).
  std::optional<warc::RecordLocation> Archive(const fetch::FetchResult& result) {
    if (options_.archive == nullptr) return std::nullopt;
    std::optional<warc::Exchange> exchange = ExchangeOf(result);
    if (!exchange) return std::nullopt;
    return options_.archive->Write(*exchange);
  }

  void OnRobotsFetched(const std::string& origin, const std::string& url, int hops, Time started,
                       fetch::FetchResult result) {
    Archive(result);
    HostState& state = hosts_[origin];
    bool got_response = result.outcome == fetch::FetchResult::Outcome::kOk;
    if (got_response && hops == 0) state.reached = true;
    if (got_response && IsRedirect(result.http_status) && hops < robots::kMaxRobotsRedirects) {
      std::optional<std::string> target;
      if (!result.location.empty()) target = url::Resolve(url, result.location);
      if (target) return FetchRobots(origin, *target, hops + 1, started);
    }
    state.in_flight--;
    KeepDelayAfterResponse(state);
    // No connection (to the host, or to where its robots.txt redirects): retried from the
    // start like a page (its URLs wait meanwhile).
    bool no_connection = IsNoConnection(result);
    // A server error or 429 on robots.txt disallows the whole host (RFC 9309 §2.3.1.4): worth
    // the same retries as no connection, and a failure of the host if it persists.
    bool server_error = got_response && IsRobotsServerError(result.http_status);
    if ((no_connection || server_error) && state.robots_attempts < config_.retries && !stopping_) {
      state.robots_attempts++;
      summary_.retries++;
      state.robots_state = HostState::Robots::kUnknown;
      milliseconds backoff = Backoff(state.robots_attempts);
      if (auto retry_after = RetryAfter(result)) backoff = std::max(backoff, *retry_after);
      state.robots_retry_at = clock_.Now() + backoff;
      return Pump();
    }
    long status = got_response ? result.http_status : 0;
    if (result.outcome == fetch::FetchResult::Outcome::kForbiddenAddress && hops == 0) {
      // Nothing was sent. Let the pages be tried (each is refused the same way without a
      // connection) so that every URL is recorded with the real reason, not "disallowed".
      log_.Warning(origin +
                   ": resolves to a non-public address and was reached through a page, not a start "
                   "URL: refused (allow_private_addresses: true allows it)");
      status = 404;
    }
    // Status 0 (no response) is RFC 9309's "unreachable": disallow all, for this run.
    state.robots = robots::RobotsTxt::ForStatus(static_cast<int>(status), result.body);
    state.robots_state = HostState::Robots::kReady;
    if (no_connection) {
      MarkUnreachable(state, SiteOf(state), result, state.robots_attempts + 1, hops > 0 ? url : "");
    } else if (server_error) {
      MarkUnreachable(state, SiteOf(state), result, state.robots_attempts + 1, url, kRobotsUnavailable);
    } else if (result.outcome == fetch::FetchResult::Outcome::kForbiddenAddress && hops > 0) {
      // A redirect hop to a host the crawl may not connect to (nothing was sent to it): a
      // failure of the host, reported like an unreachable one.
      CountFailure(SiteOf(state), fetch::OutcomeName(result.outcome));
      log_.Error(origin + "/robots.txt: redirect to " + url +
                 " refused: it resolves to a non-public address (allow_private_addresses: true allows it); "
                 "host not crawled this run");
    } else if (state.robots.disallow_all()) {
      log_.Warning(origin + "/robots.txt: unreachable (" + DescribeFailure(result) + "), host not crawled this run");
    }
    if (auto delay = state.robots.CrawlDelay(config_.user_agent)) {
      auto crawl_delay = milliseconds(static_cast<int64_t>(*delay * 1000));
      state.delay = std::max(state.delay, std::min(crawl_delay, config_.max_crawl_delay));
      state.next_start = std::max(state.next_start, started + state.delay);
    }
    if (config_.use_sitemaps) ScheduleSitemaps(state);
    Pump();
  }

  // The site a host's failures are counted under: that of the URLs waiting for it.
  static std::string SiteOf(const HostState& host) {
    return host.window.empty() ? url::Host(host.origin) : host.window.front().entry.site;
  }

  void CountFailure(const std::string& site, const std::string& reason) {
    summary_.failures++;
    summary_.failures_by_reason[reason]++;
    summary_.failures_by_site[site]++;
  }

  // The host gave no answer after `attempts` tries (robots.txt, or the first page when
  // robots.txt is not obeyed): one failure for the host, one error line (on stderr even when
  // it is not a terminal: cron must see it), and its URLs wait for the next run.
  // `via`: the URL its robots.txt redirected to, when that is what could not be reached.
  // With `reason` kRobotsUnavailable, `via` is the robots.txt URL that kept answering an
  // error status: the host is reported (and listed in unreachable_hosts) the same way, since
  // RFC 9309 lets nothing of it be crawled.
  void MarkUnreachable(HostState& host, const std::string& site, const fetch::FetchResult& result, int attempts,
                       const std::string& via = "", const char* reason = kHostUnreachable) {
    if (host.unreachable) return;
    host.unreachable = true;
    CountFailure(site, reason);
    summary_.unreachable_hosts.push_back(host.origin);
    const std::string tries =
        std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts") + "), not crawled this run";
    if (std::string_view(reason) == kRobotsUnavailable) {
      log_.Error(host.origin + ": robots.txt unavailable (" + via + " answered " + DescribeFailure(result) +
                 "; RFC 9309 disallows the whole host, " + tries);
      return;
    }
    log_.Error(host.origin + ": host unreachable" + (via.empty() ? "" : " (its robots.txt redirects to " + via + ")") +
               " (" + DescribeFailure(result) + (result.error.empty() ? "" : ": " + result.error) + ", " + tries);
  }

  // A URL of an unreachable host: not fetched, due again in the next run (the frontier hands
  // a URL out once per run, so it is not tried again in this one).
  void RecordUnreachable(const QueuedUrl& item) {
    state::FetchRecord record = RecordFor(item, kHostUnreachable);
    record.attempts = 0;
    record.next_due_ms = clock_.NowMs();
    Batch();
    frontier_.Record(record);
  }

  // RFC 9309 §2.2.4: robots.txt may name sitemaps; they are crawled like feeds.
  void ScheduleSitemaps(HostState& host) {
    if (host.robots.sitemaps().empty() || host.window.empty()) return;
    const QueuedUrl& sample = host.window.front();
    Batch();
    for (const std::string& sitemap : host.robots.sitemaps()) {
      auto normalized = url::Normalize(sitemap);
      if (!normalized || !InScope(sample.site, sample.entry.host, *normalized)) continue;
      state::FrontierEntry entry;
      entry.url = *normalized;
      entry.site = sample.entry.site;
      entry.host = url::Origin(*normalized);
      entry.kind = state::UrlKind::kFeed;
      entry.priority = 5;
      frontier_.ScheduleAt(entry, clock_.NowMs());
      Host(entry.host).drained = false;
    }
  }

  void StartPage(HostState& host, QueuedUrl item, Time now) {
    if (host.unreachable) return RecordUnreachable(item);
    if (!host.robots.IsAllowed(config_.user_agent, item.entry.url)) {
      summary_.robots_disallowed++;
      state::FetchRecord record = RecordFor(item, "robots-disallowed");
      record.next_due_ms = clock_.NowMs() + 24LL * 3600 * 1000;  // robots.txt may change
      Batch();
      frontier_.Record(record);
      return;
    }
    host.in_flight++;
    host.unrecorded++;
    host.next_start = now + host.delay;
    pages_started_++;
    std::string origin = host.origin;
    // Conditional GET (RFC 9110 §13.1): validators of the last fetch, if any.
    fetch::FetchRequest request{item.entry.url, item.entry.etag, item.entry.last_modified};
    AddSiteFields(request);
    // Redirects are scheduled as new URLs rather than followed by curl, so that the target
    // goes through its own host's robots.txt, politeness and the site's scope.
    request.follow_redirects = false;
    request.allow_private_addresses = host.private_address_ok;
    fetcher_.Fetch(std::move(request), [this, origin, item = std::move(item)](fetch::FetchResult result) mutable {
      OnPageFetched(origin, std::move(item), std::move(result));
    });
  }

  state::FetchRecord RecordFor(const QueuedUrl& item, std::string outcome) const {
    state::FetchRecord record;
    record.url = item.entry.url;
    record.fetched_ms = clock_.NowMs();
    record.outcome = std::move(outcome);
    record.etag = item.entry.etag;
    record.last_modified = item.entry.last_modified;
    record.content_hash = item.entry.content_hash;
    record.attempts = item.entry.attempts;
    return record;
  }

  // When a URL is next due after a visit: articles on the articles' interval (0: never),
  // everything else (index pages, feeds) on the index interval, in a later run.
  std::optional<int64_t> NextDue(const QueuedUrl& item, bool is_article) const {
    int64_t now = clock_.NowMs();
    if (is_article) {
      milliseconds revisit = RevisitArticles(item.site);
      if (revisit.count() == 0) return std::nullopt;
      return now + revisit.count();
    }
    return now + RevisitIndex(item.site).count();
  }

  // With one connection per host, the delay also runs from the end of each response: the
  // server then sees at least `delay` between two requests even when connecting or sending
  // took a while (a request start is only our side's view).
  void KeepDelayAfterResponse(HostState& host) const {
    if (host.concurrency == 1) host.next_start = std::max(host.next_start, clock_.Now() + host.delay);
  }

  void OnPageFetched(const std::string& origin, QueuedUrl item, fetch::FetchResult result) {
    HostState& host = hosts_[origin];
    host.in_flight--;
    host.unrecorded--;  // every path below records the URL, but extraction (counted again)
    KeepDelayAfterResponse(host);
    bool got_response = result.outcome == fetch::FetchResult::Outcome::kOk;
    if (got_response) {
      host.reached = true;
      summary_.pages_fetched++;
      summary_.bytes += result.bytes;
    }
    // A 2xx response is archived by the page stage (on the pool: compression is not the io
    // thread's work), or below when its bytes are unchanged; every other response here.
    bool page_stage_archives = got_response && result.http_status >= 200 && result.http_status < 300;
    if (!page_stage_archives) Archive(result);
    bool retryable = (got_response && IsRetryableStatus(result.http_status)) ||
                     result.outcome == fetch::FetchResult::Outcome::kTimeout ||
                     result.outcome == fetch::FetchResult::Outcome::kNetworkError;
    Time now = clock_.Now();
    if (retryable) {
      host.consecutive_failures++;
      std::optional<milliseconds> retry_after = RetryAfter(result);
      // Retry-After speaks for the whole server, not only this URL.
      if (retry_after) host.next_start = std::max(host.next_start, now + *retry_after);
      if (host.consecutive_failures >= config_.host_failure_threshold) {
        host.paused_until = now + config_.host_pause;
        log_.Warning(origin + ": " + std::to_string(host.consecutive_failures) +
                     " failures in a row, pausing the host");
        host.consecutive_failures = 0;
      }
      if (item.entry.attempts < config_.retries && !stopping_) {
        summary_.retries++;
        milliseconds backoff = Backoff(item.entry.attempts + 1);
        if (retry_after) backoff = std::max(backoff, *retry_after);
        state::FetchRecord record = RecordFor(item, DescribeFailure(result));
        record.attempts = item.entry.attempts + 1;
        record.next_due_ms = clock_.NowMs() + backoff.count();
        record.retry_this_run = true;
        Batch();
        frontier_.Record(record);
        host.retry_due.push_back(now + backoff);
        return Pump();
      }
    } else {
      host.consecutive_failures = 0;
    }
    if (got_response && IsRedirect(result.http_status)) return OnRedirect(item, result);
    if (got_response && result.http_status == 304) {
      summary_.unchanged++;
      state::FetchRecord record = RecordFor(item, "unchanged");
      record.attempts = 0;
      record.next_due_ms = NextDue(item, !item.entry.article_id.empty());
      Batch();
      frontier_.Record(record);
      return Pump();
    }
    if (!host.reached && IsNoConnection(result)) {
      // Nothing ever came from the host (robots.txt not obeyed, so this was the first contact):
      // the host is the failure, not this page.
      MarkUnreachable(host, item.entry.site, result, item.entry.attempts + 1);
      RecordUnreachable(item);
      return Pump();
    }
    if (!got_response || result.http_status < 200 || result.http_status >= 300) {
      std::string reason = DescribeFailure(result);
      CountFailure(item.entry.site, reason);
      log_.Warning(item.entry.url + ": " + reason + (result.error.empty() ? "" : " (" + result.error + ")"));
      state::FetchRecord record = RecordFor(item, reason);
      record.attempts = 0;
      // A page that is gone stays gone; a server error is tried again next run.
      if (IsPermanentFailure(result)) {
        record.next_due_ms = std::nullopt;
      } else {
        record.next_due_ms = clock_.NowMs();
      }
      Batch();
      frontier_.Record(record);
      return Pump();
    }
    std::string content_hash = digest::Sha256Hex(result.body);
    if (!item.entry.content_hash.empty() && content_hash == item.entry.content_hash) {
      // The same bytes as last time (a server without validators): nothing to extract.
      Archive(result);
      summary_.unchanged++;
      state::FetchRecord record = RecordFor(item, "unchanged");
      record.etag = result.etag;
      record.last_modified = result.last_modified;
      record.attempts = 0;
      record.next_due_ms = NextDue(item, !item.entry.article_id.empty());
      Batch();
      frontier_.Record(record);
      return Pump();
    }
    pending_extractions_++;
    summary_.peak_extraction_queue = std::max<int64_t>(summary_.peak_extraction_queue, pending_extractions_);
    host.unrecorded++;
    asio::post(pool_, [this, item = std::move(item), result = std::move(result),
                       content_hash = std::move(content_hash)]() mutable {
      PageProcessor::Prepared prepared;
      std::optional<std::string> fault;
      try {
        std::optional<warc::RecordLocation> archived = Archive(result);
        prepared = processor_.Prepare(item.entry, item.site, result, archived ? &*archived : nullptr);
      } catch (const std::exception& e) {
        fault = e.what();
      } catch (...) {
        fault = "unknown exception";
      }
      if (fault) return Fault(item, *fault);
      prepared.outcome.content_hash = std::move(content_hash);
      if (!prepared.article) return Processed(std::move(item), std::move(result), std::move(prepared.outcome));
      // The corpus write waits on the disk: on a writer thread (kCorpusWriterThreads).
      asio::post(writers_,
                 [this, item = std::move(item), result = std::move(result), prepared = std::move(prepared)]() mutable {
                   try {
                     processor_.WriteArticle(*prepared.article, prepared.outcome);
                   } catch (const std::exception& e) {
                     return Fault(item, e.what());
                   } catch (...) {
                     return Fault(item, "unknown exception");
                   }
                   Processed(std::move(item), std::move(result), std::move(prepared.outcome));
                 });
    });
    Pump();
  }

  // The page stage is over for `item` (on a pool thread): the outcome goes to the io thread.
  void Processed(QueuedUrl item, fetch::FetchResult result, PageOutcome outcome) {
    asio::post(io_, [this, item = std::move(item), result = std::move(result), outcome = std::move(outcome)]() mutable {
      OnProcessed(item, result, std::move(outcome));
    });
  }

  // The page stage threw, which it does only for a bug or out of memory (a corpus write that
  // fails is an outcome): the run cannot go on. Thrown on the io thread, it ends the run (Run()).
  void Fault(const QueuedUrl& item, const std::string& what) {
    asio::post(io_, [message = item.entry.url + ": processing the page failed: " + what] {
      throw std::runtime_error(message);
    });
  }

  // Rule health counts the extracted HTML pages of sites whose rule has body selectors.
  void TallyRule(const QueuedUrl& item, const PageOutcome& outcome) {
    if (item.site == nullptr || item.site->body.empty() || !options_.extract) return;
    if (outcome.kind == PageOutcome::Kind::kFeed || outcome.kind == PageOutcome::Kind::kCorpusError) return;
    RulePage page;
    page.blocked = outcome.kind == PageOutcome::Kind::kBlocked;
    page.article_page = outcome.article_page;
    page.body_matched = outcome.body_matched;
    page.matched_selector = outcome.matched_selector;
    page.body_chars = outcome.body_chars;
    rule_tallies_[item.site->name].Add(page);
  }

  static bool IsRedirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  // RFC 9110 §15.4: the target replaces the URL. It is added to the frontier at the same depth
  // when it is on the site (http and https only); the seen set ends redirect loops.
  void OnRedirect(const QueuedUrl& item, const fetch::FetchResult& result) {
    summary_.redirects++;
    std::optional<std::string> target;
    if (!result.location.empty()) target = url::Resolve(item.entry.url, result.location);
    bool too_many = item.entry.redirect_hops >= config_.max_redirects;
    state::FetchRecord record = RecordFor(item, "redirect-" + std::to_string(result.http_status));
    record.attempts = 0;
    record.next_due_ms = NextDue(item, false);
    Batch();
    frontier_.Record(record);
    if (!target || too_many) {
      std::string reason = too_many ? "too-many-redirects" : "bad-redirect";
      CountFailure(item.entry.site, reason);
      log_.Warning(item.entry.url + ": redirect to '" + result.location + "' refused (" +
                   (too_many ? "more than max_redirects in a row" : "not an http(s) URL") + ")");
    } else if (!InScope(item.site, item.entry.host, *target)) {
      log_.Info(item.entry.url + ": redirect to " + *target + " leaves the site, not followed");
    } else {
      state::FrontierEntry entry = item.entry;
      entry.url = *target;
      entry.host = url::Origin(*target);
      entry.attempts = 0;
      entry.redirect_hops = item.entry.redirect_hops + 1;
      entry.etag.clear();
      entry.last_modified.clear();
      entry.content_hash.clear();
      entry.article_id.clear();
      if (frontier_.AddIfNew({entry}, clock_.NowMs()).front()) Host(entry.host).drained = false;
    }
    Pump();
  }

  // The response's Retry-After (RFC 9110 §10.2.3), capped by retry_max_delay; nullopt without one.
  std::optional<milliseconds> RetryAfter(const fetch::FetchResult& result) const {
    std::optional<milliseconds> retry_after = ParseRetryAfter(result.retry_after, clock_.NowMs());
    if (retry_after) retry_after = std::min(*retry_after, config_.retry_max_delay);
    return retry_after;
  }

  milliseconds Backoff(int attempt) {
    int64_t base = config_.retry_base_delay.count() << std::min(attempt - 1, 20);
    base = std::min<int64_t>(base, config_.retry_max_delay.count());
    std::uniform_int_distribution<int64_t> jitter(0, base / 2);
    return milliseconds(base + jitter(random_));
  }

  // A link stays on its site: the rule's domains and follow patterns, or the same host for a
  // site without a rule.
  static bool InScope(const rules::SiteRules* site, const std::string& page_origin, const std::string& link) {
    if (site != nullptr) return site->MatchesHost(url::Host(link)) && site->ShouldFollow(link);
    return url::Host(link) == url::Host(page_origin);
  }

  void OnProcessed(const QueuedUrl& item, const fetch::FetchResult& result, PageOutcome outcome) {
    pending_extractions_--;
    hosts_[item.entry.host].unrecorded--;
    TallyRule(item, outcome);
    bool is_article = false;
    switch (outcome.kind) {
      case PageOutcome::Kind::kArticleWritten:
        summary_.articles_written++;
        is_article = true;
        break;
      case PageOutcome::Kind::kArticleUpdated:
        summary_.articles_updated++;
        is_article = true;
        break;
      case PageOutcome::Kind::kAlreadyPresent:
        summary_.articles_already_present++;
        is_article = true;
        break;
      case PageOutcome::Kind::kNotArticle:
        summary_.not_articles++;
        break;
      case PageOutcome::Kind::kBlocked:
        summary_.blocked++;
        summary_.blocked_by_site[item.entry.site][page_type::PageTypeName(outcome.page_type)]++;
        log_.Warning(item.entry.url + ": not written, the page served was " +
                     BlockedWhat(page_type::PageTypeName(outcome.page_type)));
        break;
      case PageOutcome::Kind::kFeed:
        summary_.feeds++;
        if (!outcome.error.empty()) log_.Warning(outcome.error);
        break;
      case PageOutcome::Kind::kCorpusError:
        if (summary_.corpus_error.empty()) {
          summary_.corpus_error = outcome.error;
          log_.Error(outcome.error + "; stopping the crawl");
        }
        stopping_ = true;
        break;
    }
    Batch();
    if (outcome.kind == PageOutcome::Kind::kCorpusError) {
      frontier_.Release(item.entry.url);  // not written: due again next run
    } else {
      // The state commit follows the corpus write (crash safety: see corpus.h).
      state::FetchRecord record = RecordFor(item, "ok");
      record.etag = result.etag;
      record.last_modified = result.last_modified;
      record.content_hash = outcome.content_hash;
      record.article_id = outcome.article_id;
      record.attempts = 0;
      record.next_due_ms = NextDue(item, is_article || !item.entry.article_id.empty());
      frontier_.Record(record);
    }
    if (!stopping_ && !outcome.found.empty()) {
      int depth = item.entry.depth + 1;
      std::vector<state::FrontierEntry> entries;
      entries.reserve(outcome.found.size());
      for (const FoundUrl& found : outcome.found) {
        state::FrontierEntry& entry = entries.emplace_back();
        entry.url = found.url;
        entry.site = item.entry.site;
        entry.host = found.origin;
        entry.depth = found.from_feed ? std::min(depth, MaxDepth(item.site)) : depth;
        entry.kind = found.kind;
        entry.priority = found.from_feed ? 1 : 0;  // feed items are fresh articles
      }
      // Links this run already gave the frontier (the site's navigation, on every page) are
      // known not to be new: only the others are asked about, in one call (with a shared
      // frontier, one round trip).
      std::vector<state::FrontierEntry> unknown;
      for (state::FrontierEntry& entry : entries) {
        if (!known_urls_.contains(std::hash<std::string>{}(entry.url))) unknown.push_back(std::move(entry));
      }
      if (known_urls_.size() + unknown.size() > kKnownUrlsCapacity) known_urls_.clear();
      std::vector<bool> added = frontier_.AddIfNew(unknown, clock_.NowMs());
      for (size_t i = 0; i < unknown.size(); ++i) {
        known_urls_.insert(std::hash<std::string>{}(unknown[i].url));
        if (added[i]) Host(unknown[i].host).drained = false;
      }
    }
    Pump();
  }

  void ShowProgress() {
    progress_timer_.expires_after(milliseconds(500));
    progress_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      std::ostringstream line;
      line << "pressoir: fetched " << summary_.pages_fetched << ", articles " << summary_.articles_written
           << ", failures " << summary_.failures << ", in flight " << fetcher_.active();
      log_.Progress(line.str());
      ShowProgress();
    });
  }

  bool HasWork() const {
    return std::any_of(hosts_.begin(), hosts_.end(), [](const auto& entry) {
      const HostState& host = entry.second;
      return !host.window.empty() || !host.drained || !host.retry_due.empty();
    });
  }

  // State writes are grouped into one transaction per 100 ms: a commit per page would cost
  // more than the page. A crash loses at most those 100 ms of records; their pages are fetched
  // again by the next run and recognized by the corpus (ids), so nothing is written twice.
  void Batch() {
    frontier_.Begin();  // no-op while a batch is open
    if (batch_timer_armed_) return;
    batch_timer_armed_ = true;
    batch_timer_.expires_after(milliseconds(100));
    batch_timer_.async_wait([this](const boost::system::error_code& error) {
      if (error) return;
      CommitBatch();
    });
  }

  void CommitBatch() {
    batch_timer_armed_ = false;
    frontier_.Commit();
    ReleaseIdleHosts();
  }

  void MaybeFinish() {
    if (fetcher_.active() > 0 || pending_extractions_ > 0) return;
    bool ending = stopping_ || BudgetReached();
    if (!ending && HasWork()) return;
    // A worker of a shared frontier waits for the fleet: others may still find URLs for it.
    if (!ending && frontier_.Shared() && !fleet_idle_) return;
    batch_timer_.cancel();
    CommitBatch();
    wake_.Cancel();
    renew_timer_.cancel();
    poll_timer_.cancel();
    progress_timer_.cancel();
    signals_.cancel();
    work_guard_.reset();
    io_.stop();
  }

  // URLs leased but never started (a budget, a signal) are due again for the next run, and
  // held hosts go back to the fleet.
  void ReleaseUnstarted() {
    frontier_.Begin();
    for (auto& [origin, host] : hosts_) {
      for (const QueuedUrl& item : host.window) frontier_.Release(item.entry.url);
      host.window.clear();
    }
    frontier_.Commit();
    for (auto& [origin, host] : hosts_) {
      if (!host.held || !frontier_.Shared()) continue;
      frontier_.ReleaseHost(origin, NextRequestMs(host));
      host.held = false;
      held_hosts_--;
    }
  }

  const CrawlOptions& options_;
  const config::CrawlConfig& config_;
  state::CrawlState& state_;  // this process's own: learned boilerplate
  frontier::Frontier& frontier_;
  log::Log& log_;
  const clock::Clock& clock_;  // every time decision of the crawl (clock.h)
  asio::io_context io_;
  fetch::Fetcher fetcher_;
  asio::thread_pool pool_;
  asio::thread_pool writers_;  // corpus writes (kCorpusWriterThreads), fed by pool_
  const int extraction_queue_limit_;
  CrawlTimer wake_;  // the next fetch politeness allows, or the time limit
  // Housekeeping timers pace real work (a terminal line, database commits, Redis round trips
  // and lease expiries that Redis counts in real time): real time whatever the crawl's clock.
  asio::steady_timer progress_timer_;
  asio::steady_timer batch_timer_;
  bool batch_timer_armed_ = false;
  asio::steady_timer renew_timer_;  // shared frontier: host lease renewals
  asio::steady_timer poll_timer_;   // shared frontier: hosts made due by other workers
  bool fleet_idle_ = false;
  int held_hosts_ = 0;  // hosts whose lease this worker holds
  int fair_share_ = 1;  // shared frontier: hosts with work / live workers, rounded up
  // 64-bit hashes of URLs given to the frontier's AddIfNew in this run (a bounded cache; a
  // hash collision would drop one new link: odds about 10^-14 per lookup when full).
  std::unordered_set<uint64_t> known_urls_;
  asio::signal_set signals_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_guard_;
  std::mt19937_64 random_;
  std::unordered_map<std::string, const rules::SiteRules*> sites_by_name_;
  std::map<std::string, RuleTally> rule_tallies_;   // site -> its rule's health this run (io thread)
  std::unordered_set<std::string> operator_hosts_;  // hosts of start URLs and feeds
  boilerplate::SiteBoilerplate learned_;            // thread-safe: used by the extraction workers
  PageProcessor processor_;                         // runs on the extraction workers
  std::unordered_map<std::string, HostState> hosts_;
  std::vector<std::string> host_order_;
  size_t round_robin_ = 0;
  int pending_extractions_ = 0;
  int64_t pages_started_ = 0;
  bool stopping_ = false;
  bool budget_logged_ = false;
  Time started_;
  std::optional<Time> deadline_;
  CrawlSummary summary_;
};

}  // namespace

int ExtractionThreads(const config::CrawlConfig& config) {
  // Two per core: chosen when these threads also waited on the corpus's fsyncs. Corpus writes
  // now have threads of their own (CorpusWriterThreads); fewer was not measured since.
  if (config.extract_threads > 0) return config.extract_threads;
  return static_cast<int>(std::max(4u, 2 * std::thread::hardware_concurrency()));
}

int CorpusWriterThreads(const config::CrawlConfig& config) {
  return config.extract_threads > 0 ? config.extract_threads : kCorpusWriterThreads;
}

int ExtractionQueueLimit(const config::CrawlConfig& config) {
  // Pages whose article is being written count too: room for every writer thread.
  return ExtractionThreads(config) * kExtractionQueuePerThread + CorpusWriterThreads(config);
}

CrawlSummary RunCrawl(const CrawlOptions& options, corpus::CorpusSink& sink, state::CrawlState& state,
                      frontier::Frontier& frontier, log::Log& log) {
  std::optional<Crawler> crawler;
  try {
    crawler.emplace(options, sink, state, frontier, log);
  } catch (const std::exception& e) {
    // Nothing started (curl's multi handle or the pool could not be created).
    CrawlSummary summary;
    summary.error = e.what();
    log.Error(summary.error + "; run stopped");
    return summary;
  }
  return crawler->Run();
}

void LoadLearnedBoilerplate(state::CrawlState& state, boilerplate::SiteBoilerplate& learned) {
  for (const auto& [key, blob] : state.GetPrefixed(kBoilerplateKey)) {
    learned.Load(key.substr(std::string_view(kBoilerplateKey).size()), blob);
  }
}

CrawlSummary RunCrawl(const CrawlOptions& options, corpus::CorpusSink& sink, state::CrawlState& state, log::Log& log) {
  frontier::EmbeddedFrontier frontier(state);
  return RunCrawl(options, sink, state, frontier, log);
}

std::string FormatSummary(const CrawlSummary& summary) {
  std::ostringstream out;
  out << "pages fetched: " << summary.pages_fetched << ", articles written: " << summary.articles_written;
  if (summary.articles_updated > 0) out << ", updated: " << summary.articles_updated;
  out << ", already in corpus: " << summary.articles_already_present << ", unchanged: " << summary.unchanged
      << ", not articles: " << summary.not_articles;
  if (summary.blocked > 0) out << ", blocked: " << summary.blocked;
  if (summary.unhealthy_rules > 0) out << ", rules failing: " << summary.unhealthy_rules;
  out << ", feeds: " << summary.feeds << ", failures: " << summary.failures;
  if (!summary.failures_by_reason.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, count] : summary.failures_by_reason) {
      out << (first ? "" : ", ") << reason << ": " << count;
      first = false;
    }
    out << ")";
  }
  out << ", retries: " << summary.retries;
  if (summary.redirects > 0) out << ", redirects: " << summary.redirects;
  out << ", robots.txt disallowed: " << summary.robots_disallowed;
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.1f", summary.seconds);
  out << ", " << seconds << " s";
  if (summary.interrupted) out << " (stopped early)";
  if (!summary.error.empty()) out << " (stopped by an error)";
  return out.str();
}

std::string BlockedWhat(const std::string& page_type) {
  return page_type == "consent"     ? "a consent wall"
         : page_type == "challenge" ? "a bot challenge"
         : page_type == "paywall"   ? "a paywall stub"
         : page_type == "error"     ? "an error page"
                                    : "a " + page_type + " page";
}

std::string BlockedLine(const std::string& site, const std::string& page_type, int64_t count) {
  return site + ": " + std::to_string(count) + (count == 1 ? " page was " : " pages were ") + BlockedWhat(page_type);
}

corpus::RunRecord RunRecordOf(const CrawlSummary& summary, const clock::Clock& clock) {
  corpus::RunRecord run;
  run.started_at = summary.started_at;
  run.finished_at = time_format::Iso8601Utc(static_cast<std::time_t>(clock.NowMs() / 1000));
  run.seconds = summary.seconds;
  run.pages_fetched = summary.pages_fetched;
  run.articles_written = summary.articles_written;
  run.articles_updated = summary.articles_updated;
  run.already_in_corpus = summary.articles_already_present;
  run.unchanged = summary.unchanged;
  run.not_articles = summary.not_articles;
  run.blocked = summary.blocked;
  run.blocked_by_site = summary.blocked_by_site;
  run.feeds = summary.feeds;
  run.failures = summary.failures;
  run.retries = summary.retries;
  run.redirects = summary.redirects;
  run.robots_disallowed = summary.robots_disallowed;
  run.bytes = summary.bytes;
  run.failures_by_reason = summary.failures_by_reason;
  run.failures_by_site = summary.failures_by_site;
  run.unreachable_hosts = summary.unreachable_hosts;
  run.interrupted = summary.interrupted;
  run.corpus_error = summary.corpus_error;
  run.error = summary.error;
  run.rule_health = summary.rule_health;
  run.unhealthy_rules = summary.unhealthy_rules;
  return run;
}

}  // namespace pressoir::crawl

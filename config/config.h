// The config module: loading and validating configuration, config/crawler.yaml into
// CrawlConfig and sites/*.yaml into rules::SiteRules, and the import of FiveFilters rules
// (ftr_import.h). The only module that includes yaml-cpp. It may depend on extractors/ (the
// rule types and the selector compiler) and base/; the crawler and the commands use it.
//
// Everything is validated at start-up, before any fetch: unknown keys (with the nearest known
// key as a hint), repeated keys, wrong types, bad durations, bad selectors, bad regular
// expressions and start URLs or feeds that are not absolute http(s) URLs are errors that name
// the file and line ("sites/example.yaml:14: unknown key 'drop'"). Every error of a file is
// reported, not only the first. Warnings (a value YAML read as a comment, "body: #main") name
// the file and line too. Defaults live here, in CrawlConfig, and are documented key by key in
// config/crawler.yaml.
#ifndef PRESSOIR_CONFIG_CONFIG_H_
#define PRESSOIR_CONFIG_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "extractors/site_rules.h"

namespace pressoir::config {

// Each message is one line "FILE:LINE: message" (or "FILE: message" when no line applies).
// what() is the first; messages() has every error found, in file order.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& message) : std::runtime_error(message), messages_{message} {}
  // `messages` must not be empty.
  explicit ConfigError(std::vector<std::string> messages)
      : std::runtime_error(messages.at(0)), messages_(std::move(messages)) {}

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

struct CrawlConfig {
  std::string file;  // where it was loaded from; empty for built-in defaults

  // Identity. The User-Agent sent is "<user_agent>/<version> (+<contact_url>)"; the product
  // token `user_agent` is also the name matched against robots.txt groups.
  std::string user_agent = "pressoir";
  std::string contact_url;

  // Paths (relative paths are relative to the working directory).
  std::string corpus = "corpus";
  std::string state = "state";
  std::string sites = "sites";
  std::string log_file;  // empty: no log file
  // The raw archive: every response as WARC (warc/writer.h); empty: none. A file grows to
  // about archive_max_bytes, then the next one starts.
  std::string archive = "archive";
  int64_t archive_max_bytes = int64_t{1} << 30;

  // Where the frontier lives: "" for the embedded one (SQLite in `state`), or
  // "redis://host:port/db" for one shared by many crawler processes (scale-out). Host leases
  // of a shared frontier expire after host_lease unless renewed (a dead worker's hosts and
  // in-flight URLs go to the others then).
  std::string frontier;
  std::chrono::milliseconds host_lease{10000};
  // The most hosts one worker of a shared frontier holds at once (0: no cap beyond its fair
  // share, the hosts with work divided by the live workers).
  int hosts_per_worker = 0;

  std::vector<std::string> start_urls;
  // When false, the start_urls of the rule files are not crawled: only the config's
  // start_urls and --start URLs are (rules still apply to the pages they reach).
  bool rule_start_urls = true;

  // Politeness: defaults a site owner accepts.
  int concurrency = 16;
  int per_host_concurrency = 1;
  std::chrono::milliseconds per_host_delay{1000};
  bool obey_robots = true;
  std::chrono::milliseconds max_crawl_delay{30000};  // cap on robots.txt Crawl-delay
  // False: a host reached by a redirect or a link (not one of the configured start URLs,
  // feeds or rules' hosts) is not fetched when it resolves to a loopback, private,
  // link-local or otherwise non-public address (SSRF: a public site steering the crawler
  // into the operator's network).
  bool allow_private_addresses = false;

  // Scope and budgets.
  int max_depth = 2;
  int64_t max_pages = 0;                    // 0: no limit
  std::chrono::milliseconds time_limit{0};  // 0: no limit; stop starting fetches after it
  bool use_sitemaps = true;                 // crawl the Sitemap: lines of robots.txt
  bool use_advertised_feeds = true;         // crawl the feeds pages advertise (<link rel=alternate>)

  // Re-crawls. Articles already fetched are fetched again (conditionally) once this interval
  // has passed (0: never); index pages, start URLs and feeds on their own interval (0: every run).
  std::chrono::milliseconds revisit_articles{30LL * 24 * 3600 * 1000};
  std::chrono::milliseconds revisit_index{0};

  // Transfers.
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds timeout{30000};
  int low_speed_bytes_per_second = 100;  // slower than this for low_speed_time aborts
  std::chrono::milliseconds low_speed_time{15000};
  int max_redirects = 5;
  int64_t max_body_bytes = 10 * 1024 * 1024;
  int retries = 2;  // extra attempts after a timeout, connection error, 429 or 5xx
  // Back-off before retry n: retry_base_delay * 2^(n-1) plus up to 50% jitter, capped at
  // retry_max_delay (a Retry-After header is honoured up to the same cap).
  std::chrono::milliseconds retry_base_delay{2000};
  std::chrono::milliseconds retry_max_delay{120000};
  // Circuit breaker: after this many failures in a row a host is paused for host_pause.
  int host_failure_threshold = 5;
  std::chrono::milliseconds host_pause{60000};

  // Extraction.
  int extract_threads = 0;         // extraction threads (0: two per core, at least 4); when set, also corpus writers
  size_t min_article_chars = 200;  // shorter extractions are not written as articles

  std::string UserAgentHeader() const;

  // Every member compares, `file` included.
  bool operator==(const CrawlConfig&) const = default;
};

// The built-in defaults, CrawlConfig{}: for the options of other layers that take their defaults
// from the config rather than repeat them (fetch::FetcherOptions, frontier::RedisFrontier).
const CrawlConfig& DefaultCrawlConfig();

// Loads a crawler config file. Throws ConfigError, with every error of the file, on a missing
// file, a YAML syntax error, an unknown or repeated key, a value of the wrong type or out of
// range, a start URL that is not an absolute http(s) URL. `warnings`, when not null, receives
// the file's warnings ("FILE:LINE: message").
CrawlConfig LoadCrawlConfig(const std::string& path, std::vector<std::string>* warnings = nullptr);

// The keys LoadCrawlConfig() reads, sorted (config/crawler.yaml documents each one).
std::vector<std::string> CrawlConfigKeys();

// Loads one rule file. Throws ConfigError with every error of the file, each naming the file
// and line. `warnings`, when not null, receives the file's warnings.
rules::SiteRules LoadSiteRulesFile(const std::string& path, std::vector<std::string>* warnings = nullptr);

struct SiteRulesLoad {
  std::vector<rules::SiteRules> rules;  // the files that loaded, in the order read
  std::vector<std::string> errors;      // "file:line: message", every error of every file
  std::vector<std::string> warnings;    // "file:line: message"
  size_t files = 0;                     // rule files read
  size_t files_with_errors = 0;
};

// Loads rule files: each path is a file, or a directory whose *.yaml / *.yml files are read
// (sorted, not recursive). A path that is neither is an error. Files with errors are left out
// of `rules`. Across files, two naming the same site, or claiming the same domain (which rule
// applies to its pages would depend on file order; "example.com" and "*.example.com" differ)
// are errors of the second file.
SiteRulesLoad LoadSiteRules(const std::vector<std::string>& paths);

// LoadSiteRules({directory}), where `directory` must be a directory.
SiteRulesLoad LoadSiteRulesDirectory(const std::string& directory);

// "250ms", "1s", "1.5s", "2m", "1h", "30d", "0": a number and a unit (ms, s, m or min, h, d);
// only 0 may go without one. Throws std::invalid_argument whose what() says what is wrong
// ("'10' has no unit: write 10s, 10m or 10h ...") for the caller to prefix with the key.
std::chrono::milliseconds ParseDuration(const std::string& text);
// "10MB", "512KiB", "1GB", "1000" (bytes). Throws std::invalid_argument.
int64_t ParseByteSize(const std::string& text);

}  // namespace pressoir::config

#endif  // PRESSOIR_CONFIG_CONFIG_H_

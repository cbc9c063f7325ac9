// config/crawler.yaml documents the defaults of the crawler config, which are written once, in
// CrawlConfig's member initializers (config/config.h): the file names every key that
// LoadCrawlConfig() reads, once, with its default value, and no other key. A default changed
// in one place only (the header or the file) fails here; so does a FetcherOptions default that
// is not the config's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/fetcher.h"

namespace {

using pressoir::config::CrawlConfig;

const std::string kCrawlerYaml = PRESSOIR_SOURCE_DIR "/config/crawler.yaml";

// The top-level keys of a flat YAML file, in file order: the text before ':' of each line that
// starts neither with a space (comment continuations) nor with '#'.
std::vector<std::string> TopLevelKeys(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<std::string> keys;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#' || line.front() == ' ') continue;
    keys.push_back(line.substr(0, line.find(':')));
  }
  return keys;
}

std::vector<std::string> Difference(const std::vector<std::string>& sorted_a,
                                    const std::vector<std::string>& sorted_b) {
  std::vector<std::string> difference;
  std::set_difference(sorted_a.begin(), sorted_a.end(), sorted_b.begin(), sorted_b.end(),
                      std::back_inserter(difference));
  return difference;
}

}  // namespace

TEST_CASE("crawler.yaml names every config key once and nothing else", "[config]") {
  std::vector<std::string> documented = TopLevelKeys(kCrawlerYaml);
  std::sort(documented.begin(), documented.end());
  const std::vector<std::string> keys = pressoir::config::CrawlConfigKeys();
  REQUIRE(std::is_sorted(keys.begin(), keys.end()));
  REQUIRE(keys.size() > 30);

  INFO("keys LoadCrawlConfig() reads that crawler.yaml does not document, then keys it does not read");
  CHECK(Difference(keys, documented) == std::vector<std::string>{});
  CHECK(Difference(documented, keys) == std::vector<std::string>{});
  const auto repeated = std::adjacent_find(documented.begin(), documented.end());
  CHECK(repeated == documented.end());
}

TEST_CASE("crawler.yaml's values are CrawlConfig's defaults", "[config]") {
  // Loading also rejects any key the loader does not know.
  CrawlConfig documented = pressoir::config::LoadCrawlConfig(kCrawlerYaml);
  const CrawlConfig defaults;
  CHECK(documented.file == kCrawlerYaml);
  documented.file = defaults.file;

  // Field by field, for a failure that names the field; the comparison of the whole structs at
  // the end also covers members added after this list.
#define CHECK_DEFAULT(member) CHECK(documented.member == defaults.member)
  CHECK_DEFAULT(user_agent);
  CHECK_DEFAULT(contact_url);
  CHECK_DEFAULT(corpus);
  CHECK_DEFAULT(state);
  CHECK_DEFAULT(sites);
  CHECK_DEFAULT(log_file);
  CHECK_DEFAULT(frontier);
  CHECK_DEFAULT(host_lease);
  CHECK_DEFAULT(hosts_per_worker);
  CHECK_DEFAULT(start_urls);
  CHECK_DEFAULT(rule_start_urls);
  CHECK_DEFAULT(concurrency);
  CHECK_DEFAULT(per_host_concurrency);
  CHECK_DEFAULT(per_host_delay);
  CHECK_DEFAULT(obey_robots);
  CHECK_DEFAULT(max_crawl_delay);
  CHECK_DEFAULT(allow_private_addresses);
  CHECK_DEFAULT(max_depth);
  CHECK_DEFAULT(max_pages);
  CHECK_DEFAULT(time_limit);
  CHECK_DEFAULT(use_sitemaps);
  CHECK_DEFAULT(use_advertised_feeds);
  CHECK_DEFAULT(revisit_articles);
  CHECK_DEFAULT(revisit_index);
  CHECK_DEFAULT(connect_timeout);
  CHECK_DEFAULT(timeout);
  CHECK_DEFAULT(low_speed_bytes_per_second);
  CHECK_DEFAULT(low_speed_time);
  CHECK_DEFAULT(max_redirects);
  CHECK_DEFAULT(max_body_bytes);
  CHECK_DEFAULT(retries);
  CHECK_DEFAULT(retry_base_delay);
  CHECK_DEFAULT(retry_max_delay);
  CHECK_DEFAULT(host_failure_threshold);
  CHECK_DEFAULT(host_pause);
  CHECK_DEFAULT(extract_threads);
  CHECK_DEFAULT(min_article_chars);
#undef CHECK_DEFAULT
  CHECK(documented == defaults);
  CHECK(pressoir::config::DefaultCrawlConfig() == defaults);
}

// The fetcher's defaults are the config's, not a copy that could drift from it.
TEST_CASE("FetcherOptions defaults are the crawler config's", "[config][crawler]") {
  const pressoir::fetch::FetcherOptions options;
  const CrawlConfig defaults;
  CHECK(options.user_agent == defaults.user_agent);
  CHECK(options.connect_timeout == defaults.connect_timeout);
  CHECK(options.timeout == defaults.timeout);
  CHECK(options.low_speed_bytes_per_second == defaults.low_speed_bytes_per_second);
  CHECK(options.low_speed_time == defaults.low_speed_time);
  CHECK(options.max_redirects == defaults.max_redirects);
  CHECK(options.max_body_bytes == defaults.max_body_bytes);
  CHECK(options.max_total_connections == defaults.concurrency);
  CHECK(options.max_host_connections == defaults.per_host_concurrency);
}

// Loading and validating crawler.yaml and rule files: defaults, overrides, and errors that
// name the file and line (issue 2, item 4; issue 4, item 2).
#include "config/config.h"

#include <catch2/catch.hpp>

#include <functional>

#include "tests/support/run_command.h"

namespace {

using pressoir::config::ConfigError;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

std::string ErrorOf(const std::function<void()>& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// Every key of config/crawler.yaml is optional; an empty file means the built-in defaults,
// which are polite (one connection and one second per host).
TEST_CASE("crawler config defaults are polite", "[config]") {
  TempDir dir;
  WriteFile(dir.path() + "/empty.yaml", "");
  auto config = pressoir::config::LoadCrawlConfig(dir.path() + "/empty.yaml");
  CHECK(config.per_host_concurrency == 1);
  CHECK(config.per_host_delay == std::chrono::milliseconds(1000));
  CHECK(config.obey_robots);
  CHECK(config.UserAgentHeader().rfind("pressoir/", 0) == 0);
}

// The shipped config/crawler.yaml documents every key; it must load and match the defaults.
TEST_CASE("the shipped crawler.yaml loads and equals the defaults", "[config]") {
  auto shipped = pressoir::config::LoadCrawlConfig(PRESSOIR_SOURCE_DIR "/config/crawler.yaml");
  pressoir::config::CrawlConfig defaults;
  CHECK(shipped.concurrency == defaults.concurrency);
  CHECK(shipped.per_host_delay == defaults.per_host_delay);
  CHECK(shipped.max_depth == defaults.max_depth);
  CHECK(shipped.max_body_bytes == defaults.max_body_bytes);
  CHECK(shipped.timeout == defaults.timeout);
  CHECK(shipped.retries == defaults.retries);
  CHECK(shipped.rule_start_urls == defaults.rule_start_urls);
  CHECK_NOTHROW(pressoir::config::LoadCrawlConfig(PRESSOIR_SOURCE_DIR "/config/demo.yaml"));
}

// Durations accept ms, s, m, h, d (and 0 without a unit); sizes accept SI and binary units.
TEST_CASE("durations and sizes parse", "[config]") {
  using pressoir::config::ParseByteSize;
  using pressoir::config::ParseDuration;
  CHECK(ParseDuration("250ms").count() == 250);
  CHECK(ParseDuration("1s").count() == 1000);
  CHECK(ParseDuration("1.5s").count() == 1500);
  CHECK(ParseDuration("2m").count() == 120000);
  CHECK(ParseDuration("0").count() == 0);
  CHECK(ParseDuration("0.0").count() == 0);
  CHECK(ParseDuration("30d").count() == 30LL * 86'400'000);
  CHECK_THROWS(ParseDuration("soon"));
  CHECK_THROWS(ParseDuration("-1s"));
  CHECK_THROWS(ParseDuration("1 fortnight"));
  // Issue 13, item 12: a number without a unit (10 seconds or 10 minutes?) is refused, and
  // so is what std::stod would take for a number.
  CHECK_THROWS_WITH(ParseDuration("10"), Catch::Contains("'10' has no unit: write 10s, 10m or 10h"));
  CHECK_THROWS_WITH(ParseDuration("1.5"), Catch::Contains("'1.5' has no unit"));
  for (const char* bad : {" 5s", "5s ", "1e3s", "0x10s", "inf", "nan", "+5s", "5.s", ".5s", "", "s", "1e20d"}) {
    INFO("'" << bad << "'");
    CHECK_THROWS_AS(ParseDuration(bad), std::invalid_argument);
  }
  CHECK(ParseByteSize("10MB") == 10'000'000);
  CHECK(ParseByteSize("512KiB") == 512 * 1024);
  CHECK(ParseByteSize("1000") == 1000);
  CHECK_THROWS(ParseByteSize("big"));
}

// Mistakes in the config are one line naming the file and the line (LLVM style).
TEST_CASE("crawler config errors name file and line", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/crawler.yaml";
  SECTION("unknown key") {
    WriteFile(path, "concurrency: 4\nper_host_dealy: 1s\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) == path + ":2: unknown key 'per_host_dealy'");
  }
  SECTION("wrong type") {
    WriteFile(path, "concurrency: many\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) == path + ":1: 'concurrency' must be an integer");
  }
  SECTION("out of range") {
    WriteFile(path, "\n\nper_host_concurrency: 0\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }).rfind(path + ":3: ", 0) == 0);
  }
  SECTION("bad duration") {
    WriteFile(path, "per_host_delay: 1 sec\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) ==
          path + ":1: 'per_host_delay': '1 sec': unknown unit ' sec' (units: ms, s, m, h, d)");
  }
  SECTION("duration without a unit") {
    WriteFile(path, "user_agent: pressoir\ntime_limit: 10\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) ==
          path +
              ":2: 'time_limit': '10' has no unit: write 10s, 10m or 10h (units: ms, s, m, h, d; only 0 goes "
              "without one)");
  }
  SECTION("YAML syntax error") {
    WriteFile(path, "concurrency: [1, 2\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }).rfind(path + ":", 0) == 0);
  }
  SECTION("missing file") {
    CHECK(ErrorOf([&] {
            pressoir::config::LoadCrawlConfig(dir.path() + "/nope.yaml");
          }).find("nope.yaml: cannot read") != std::string::npos);
  }
  SECTION("a frontier that is not a redis:// URL") {
    WriteFile(path, "concurrency: 4\nfrontier: postgres://db/1\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }).rfind(path + ":2: 'frontier' must be", 0) == 0);
  }
  SECTION("a host lease too short to renew") {
    WriteFile(path, "host_lease: 100ms\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) ==
          path + ":1: 'host_lease' must be at least 500ms");
  }
  SECTION("user agent with a slash") {
    WriteFile(path, "user_agent: pressoir/1.0\n");
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }).find("product token") != std::string::npos);
  }
}

// A complete rule file loads into compiled selectors and patterns.
TEST_CASE("a rule file loads with every key", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/example.yaml";
  WriteFile(path,
            "name: example\n"
            "domains: [example.com, '*.example.org']\n"
            "start_urls: ['https://example.com/']\n"
            "feeds: ['https://example.com/rss']\n"
            "article_urls: ['/article/\\d+']\n"
            "follow: ['/news/']\n"
            "never_follow: ['/login']\n"
            "body: ['div.article-body', '//div[@id=\"content\"]']\n"
            "remove: ['.share']\n"
            "title: ['h1']\n"
            "date: ['time/@datetime']\n"
            "author: ['.byline']\n"
            "lede: ['.chapo']\n"
            "drop_lines: ['Lire aussi:']\n"
            "drop_patterns: ['^Tags:']\n"
            "fetch: {per_host_delay: 2s, per_host_concurrency: 2, max_depth: 3}\n");
  auto rules = pressoir::config::LoadSiteRulesFile(path);
  CHECK(rules.name == "example");
  CHECK(rules.body.size() == 2);
  CHECK(rules.body[1].is_xpath());
  CHECK(rules.fetch.per_host_delay == std::chrono::milliseconds(2000));
  CHECK(rules.fetch.max_depth == 3);
  CHECK(rules.MatchesHost("www.example.com"));
  CHECK(rules.MatchesHost("news.example.org"));
  CHECK(rules.MatchesHost("example.org"));
  CHECK_FALSE(rules.MatchesHost("news.example.com"));  // no wildcard: only www.
  CHECK_FALSE(rules.MatchesHost("badexample.com"));
  CHECK(rules.IsArticleUrl("https://example.com/article/123"));
  CHECK_FALSE(rules.IsArticleUrl("https://example.com/section/"));
  CHECK(rules.ShouldFollow("https://example.com/news/1"));
  CHECK_FALSE(rules.ShouldFollow("https://example.com/news/login"));
  CHECK_FALSE(rules.ShouldFollow("https://example.com/sport/"));
}

// Broken rules are caught before cron runs them: unknown keys, bad selectors, bad regular
// expressions and missing required keys, each with file and line (issue 4, item 2).
TEST_CASE("rule file errors name file and line", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/bad.yaml";
  auto error = [&](const std::string& yaml) {
    WriteFile(path, yaml);
    return ErrorOf([&] { pressoir::config::LoadSiteRulesFile(path); });
  };
  CHECK(error("name: x\ndomains: [x.com]\ndrop: ['a']\n") == path + ":3: unknown key 'drop'");
  CHECK(error("name: x\ndomains: [x.com]\nbody:\n  - 'div.ok'\n  - 'div[class='\n")
            .rfind(path + ":5: bad selector in 'body'", 0) == 0);
  CHECK(error("name: x\ndomains: [x.com]\ndrop_patterns: ['(unclosed']\n")
            .rfind(path + ":3: bad regular expression", 0) == 0);
  CHECK(error("domains: [x.com]\n").find("missing required key 'name'") != std::string::npos);
  CHECK(error("name: x\n").find("missing required key 'domains'") != std::string::npos);
  CHECK(error("name: ../escape\ndomains: [x.com]\n").find("'name' must use only") != std::string::npos);
  CHECK(error("name: x\ndomains: ['http://x.com/']\n").find("bad domain") != std::string::npos);
  CHECK(error("name: x\ndomains: [x.com]\nfetch: {per_host_delay: fast}\n").rfind(path + ":3:", 0) == 0);
}

// A directory load reports every bad file and keeps the good ones; duplicate names are errors.
TEST_CASE("a rules directory reports each bad file", "[config]") {
  TempDir dir;
  WriteFile(dir.path() + "/a.yaml", "name: a\ndomains: [a.com]\n");
  WriteFile(dir.path() + "/b.yaml", "name: a\ndomains: [b.com]\n");
  WriteFile(dir.path() + "/c.yaml", "name: c\ndomains: [c.com]\nbogus: 1\n");
  WriteFile(dir.path() + "/README.md", "not a rule");
  auto load = pressoir::config::LoadSiteRulesDirectory(dir.path());
  CHECK(load.rules.size() == 1);
  REQUIRE(load.errors.size() == 2);
  CHECK(load.errors[0].find("also used by") != std::string::npos);
  CHECK(load.errors[1].find("c.yaml:3: unknown key 'bogus'") != std::string::npos);
  CHECK_FALSE(pressoir::config::LoadSiteRulesDirectory(dir.path() + "/missing").errors.empty());
}

// The most specific domain wins when several rules could apply to a host.
TEST_CASE("rules are found by host, longest domain first", "[config]") {
  TempDir dir;
  WriteFile(dir.path() + "/a.yaml", "name: group\ndomains: ['*.example.ch']\n");
  WriteFile(dir.path() + "/b.yaml", "name: sport\ndomains: ['sport.example.ch']\n");
  auto load = pressoir::config::LoadSiteRulesDirectory(dir.path());
  REQUIRE(load.errors.empty());
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "sport.example.ch")->name == "sport");
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "www.example.ch")->name == "group");
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "example.ch")->name == "group");
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "example.com") == nullptr);
}

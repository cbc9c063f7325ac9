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
    CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(path); }) ==
          path + ":2: unknown key 'per_host_dealy'; did you mean 'per_host_delay'?");
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
            "language: fr-BE\n"
            "drop_lines: ['Lire aussi:']\n"
            "drop_patterns: ['^Tags:']\n"
            "fetch: {per_host_delay: 2s, per_host_concurrency: 2, max_depth: 3}\n");
  auto rules = pressoir::config::LoadSiteRulesFile(path);
  CHECK(rules.name == "example");
  CHECK(rules.language == "fr");  // the BCP 47 primary tag
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

// `clean` turns the in-body cleaning off for a rule (issue 14): true by default, a boolean,
// and anything else is an error with its line.
TEST_CASE("a rule's clean key", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/clean.yaml";
  WriteFile(path, "name: x\ndomains: [x.com]\n");
  CHECK(pressoir::config::LoadSiteRulesFile(path).clean);
  WriteFile(path, "name: x\ndomains: [x.com]\nclean: false\n");
  CHECK_FALSE(pressoir::config::LoadSiteRulesFile(path).clean);
  WriteFile(path, "name: x\ndomains: [x.com]\nclean: sometimes\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadSiteRulesFile(path); }) == path + ":3: 'clean' must be true or false");
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
  CHECK(error("name: x\ndomains: [x.com]\nlanguage: french\n") ==
        path + ":3: 'language' must be a BCP 47 language tag such as 'fr' or 'de-CH', not 'french'");
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

namespace {

// Every error of a load, in file order: messages() of the ConfigError thrown, or nothing.
std::vector<std::string> ErrorsOf(const std::function<void()>& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.messages();
  }
  return {};
}

}  // namespace

// `rules check` reports every mistake of a file at once, not one per run (issue 13, item 11):
// the keys after a bad one are still read, and each bad entry of a list is reported.
TEST_CASE("every error of a rule file is reported, in file order", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/bad.yaml";
  WriteFile(path,
            "name: x\n"
            "domains: [x.com, 'http://y.com/']\n"
            "drop: ['a']\n"
            "body:\n"
            "  - 'div[class='\n"
            "  - 'div.ok'\n"
            "  - 'p[='\n"
            "drop_patterns: ['(unclosed']\n"
            "fetch: {per_host_delay: fast, max_depth: -1}\n");
  std::vector<std::string> errors = ErrorsOf([&] { pressoir::config::LoadSiteRulesFile(path); });
  REQUIRE(errors.size() == 7);
  CHECK(errors[0].rfind(path + ":2: bad domain 'http://y.com/'", 0) == 0);
  CHECK(errors[1] == path + ":3: unknown key 'drop'");
  CHECK(errors[2].rfind(path + ":5: bad selector in 'body'", 0) == 0);
  CHECK(errors[3].rfind(path + ":7: bad selector in 'body'", 0) == 0);
  CHECK(errors[4].rfind(path + ":8: bad regular expression in 'drop_patterns'", 0) == 0);
  CHECK(errors[5].rfind(path + ":9: 'per_host_delay': 'fast' is not a duration", 0) == 0);
  CHECK(errors[6].rfind(path + ":9: 'max_depth' must be between", 0) == 0);

  std::string config = dir.path() + "/crawler.yaml";
  WriteFile(config, "concurrency: many\ntimeout: soon\nretries: 2\nuser_agent: a/b\n");
  errors = ErrorsOf([&] { pressoir::config::LoadCrawlConfig(config); });
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == config + ":1: 'concurrency' must be an integer");
  CHECK(errors[1].rfind(config + ":2: 'timeout': 'soon' is not a duration", 0) == 0);
  CHECK(errors[2].rfind(config + ":4: 'user_agent' must be a product token", 0) == 0);
}

// A misspelt key gets the nearest known one as a hint, within a few edits; an unrelated one
// gets none (issue 13, item 11).
TEST_CASE("an unknown key suggests the nearest known key", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/x.yaml";
  auto error = [&](const std::string& key_line) {
    WriteFile(path, "name: x\ndomains: [x.com]\n" + key_line + "\n");
    return ErrorOf([&] { pressoir::config::LoadSiteRulesFile(path); });
  };
  CHECK(error("bodies: ['main']") == path + ":3: unknown key 'bodies'; did you mean 'body'?");
  CHECK(error("titel: h1") == path + ":3: unknown key 'titel'; did you mean 'title'?");
  CHECK(error("start_url: []") == path + ":3: unknown key 'start_url'; did you mean 'start_urls'?");
  CHECK(error("Feeds: []") == path + ":3: unknown key 'Feeds'; did you mean 'feeds'?");
  CHECK(error("fetch: {per_host_delays: 1s}") ==
        path + ":3: unknown key 'per_host_delays'; did you mean 'per_host_delay'?");
  CHECK(error("drop: ['a']") == path + ":3: unknown key 'drop'");  // drop_lines is 6 edits away
  CHECK(error("foo: 1") == path + ":3: unknown key 'foo'");
  CHECK(error("xyzzy: 1") == path + ":3: unknown key 'xyzzy'");
}

// yaml-cpp keeps both entries of a repeated key; the second would silently win (issue 13,
// item 11). In rule files, in their nested mappings and in the crawler config.
TEST_CASE("a repeated key is an error", "[config]") {
  TempDir dir;
  std::string rule = dir.path() + "/x.yaml";
  WriteFile(rule, "name: x\ndomains: [x.com]\nbody: main\ntitle: h1\nbody: article\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadSiteRulesFile(rule); }) ==
        rule + ":5: duplicate key 'body' (first on line 3)");
  WriteFile(rule, "name: x\ndomains: [x.com]\nfetch:\n  max_depth: 1\n  max_depth: 2\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadSiteRulesFile(rule); }) ==
        rule + ":5: duplicate key 'max_depth' (first on line 4)");
  std::string config = dir.path() + "/crawler.yaml";
  WriteFile(config, "concurrency: 4\nper_host_delay: 1s\nconcurrency: 8\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(config); }) ==
        config + ":3: duplicate key 'concurrency' (first on line 1)");
}

// "body: #main" is a key without a value to YAML: the rest is a comment. A warning names it
// and says how to quote it; a prose comment after a key left empty is not warned about
// (issue 13, item 11).
TEST_CASE("a value YAML read as a comment is a warning", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/x.yaml";
  WriteFile(path,
            "name: x\n"
            "domains: [x.com]\n"
            "body: #main\n"
            "title:   #headline .big  \n"
            "lede: # none on this site\n"
            "author:\n");
  std::vector<std::string> warnings;
  pressoir::rules::SiteRules rules = pressoir::config::LoadSiteRulesFile(path, &warnings);
  CHECK(rules.body.empty());
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] == path + ":3: 'body' has no value: YAML reads '#main' as a comment; quote it: body: '#main'");
  CHECK(warnings[1] == path +
                           ":4: 'title' has no value: YAML reads '#headline .big' as a comment; quote it: title: "
                           "'#headline .big'");

  // When the missing value is an error, the hint is part of the error.
  std::string config = dir.path() + "/crawler.yaml";
  WriteFile(config, "concurrency: 2\ncontact_url: #contact\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(config); }) ==
        config +
            ":2: 'contact_url' must be a string ('contact_url' has no value: YAML reads '#contact' as a comment; "
            "quote it: contact_url: '#contact')");
}

// In double quotes, YAML reads "\d" as an (unknown) escape before the regex compiler sees it:
// the error says to use single quotes (issue 13, item 11).
TEST_CASE("a double-quoted regex with an unknown escape hints at single quotes", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/x.yaml";
  WriteFile(path, "name: x\ndomains: [x.com]\narticle_urls: [\"/article/\\d+\"]\n");
  std::string error = ErrorOf([&] { pressoir::config::LoadSiteRulesFile(path); });
  CHECK(error.rfind(path + ":3: unknown escape character: d", 0) == 0);
  CHECK(error.find("write regular expressions in single quotes: '\\d+'") != std::string::npos);
  WriteFile(path, "name: x\ndomains: [x.com]\narticle_urls: ['/article/\\d+']\n");
  CHECK_NOTHROW(pressoir::config::LoadSiteRulesFile(path));
}

// Start URLs and feeds must be absolute http(s) URLs, in rule files and in the crawler config;
// anything else is an error with file and line, before any fetch (issue 13, item 4).
TEST_CASE("start URLs and feeds that are not http(s) URLs are errors", "[config]") {
  TempDir dir;
  std::string rule = dir.path() + "/x.yaml";
  WriteFile(rule,
            "name: x\n"
            "domains: [x.com]\n"
            "start_urls:\n"
            "  - https://x.com/\n"
            "  - notaurl\n"
            "  - example.com\n"
            "feeds: ftp://x\n");
  std::vector<std::string> errors = ErrorsOf([&] { pressoir::config::LoadSiteRulesFile(rule); });
  CHECK(errors == std::vector<std::string>{
                      rule + ":5: 'start_urls' entry 'notaurl' is not an absolute http(s) URL: no http:// or "
                             "https:// scheme",
                      rule + ":6: 'start_urls' entry 'example.com' is not an absolute http(s) URL: no scheme; "
                             "write https://example.com",
                      rule + ":7: 'feeds' entry 'ftp://x' is not an absolute http(s) URL: scheme 'ftp' (only "
                             "http and https are crawled)",
                  });
  std::string config = dir.path() + "/crawler.yaml";
  WriteFile(config, "concurrency: 2\nstart_urls: ['https://ok.test/', 'http://']\n");
  CHECK(ErrorOf([&] { pressoir::config::LoadCrawlConfig(config); }) ==
        config + ":2: 'start_urls' entry 'http://' is not an absolute http(s) URL: no host");
}

// Two rules with the same domain tie on the longest-domain match: which one applies would
// depend on file order. The second file's error names both files (issue 13, item 11).
TEST_CASE("two rules claiming the same domain are an error naming both files", "[config]") {
  TempDir dir;
  WriteFile(dir.path() + "/a.yaml", "name: a\ndomains:\n  - a.com\n  - shared.com\n");
  WriteFile(dir.path() + "/b.yaml", "name: b\ndomains: [b.com]\n");
  WriteFile(dir.path() + "/c.yaml", "name: c\ndomains:\n  - c.com\n  - Shared.com\n");
  WriteFile(dir.path() + "/d.yaml", "name: d\ndomains: ['*.shared.com', 'www.shared.com']\n");
  auto load = pressoir::config::LoadSiteRulesDirectory(dir.path());
  REQUIRE(load.errors.size() == 1);
  CHECK(load.errors[0] == dir.path() + "/c.yaml:4: domain 'Shared.com' is also claimed by " + dir.path() +
                              "/a.yaml:4 (which rule applies to its pages would depend on file order)");
  CHECK(load.files == 4);
  CHECK(load.files_with_errors == 1);
  // A plain domain and its wildcard do not tie (the plain one wins), nor do different lengths.
  CHECK(load.rules.size() == 3);
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "shared.com")->name == "a");
  CHECK(pressoir::rules::FindRulesForHost(load.rules, "news.shared.com")->name == "d");
}

// Files and directories may be mixed; a file named twice is read once; a path that is not
// there is an error naming it (issue 13, item 11).
TEST_CASE("rule files load from files and directories", "[config]") {
  TempDir dir;
  WriteFile(dir.path() + "/sites/a.yaml", "name: a\ndomains: [a.com]\n");
  WriteFile(dir.path() + "/sites/b.yaml", "name: b\ndomains: [b.com]\n");
  WriteFile(dir.path() + "/extra.yml", "name: e\ndomains: [e.com]\n");
  auto load =
      pressoir::config::LoadSiteRules({dir.path() + "/sites", dir.path() + "/extra.yml", dir.path() + "/sites/a.yaml"});
  CHECK(load.errors.empty());
  CHECK(load.files == 3);
  CHECK(load.rules.size() == 3);
  load = pressoir::config::LoadSiteRules({dir.path() + "/nowhere"});
  CHECK(load.errors == std::vector<std::string>{dir.path() + "/nowhere: no such file or directory of rule files"});
}

// fetch.headers and fetch.cookies (issue 14): mappings of names to one-line values, kept in
// file order; a bad name, a line break, a ';' in a cookie or a Cookie header is an error with
// the file and line.
TEST_CASE("a rule's fetch headers and cookies load and are checked", "[config]") {
  TempDir dir;
  std::string path = dir.path() + "/site.yaml";
  WriteFile(path,
            "name: x\n"
            "domains: [x.com]\n"
            "fetch:\n"
            "  headers: {Referer: 'https://x.com/', Accept-Language: fr-BE}\n"
            "  cookies: {euconsent-v2: CPabc, didomi_token: 'eyJ=='}\n");
  pressoir::rules::SiteRules rules = pressoir::config::LoadSiteRulesFile(path);
  using Fields = std::vector<std::pair<std::string, std::string>>;
  CHECK(rules.fetch.headers == Fields{{"Referer", "https://x.com/"}, {"Accept-Language", "fr-BE"}});
  CHECK(rules.fetch.cookies == Fields{{"euconsent-v2", "CPabc"}, {"didomi_token", "eyJ=="}});

  auto error = [&](const std::string& fetch) {
    WriteFile(path, "name: x\ndomains: [x.com]\nfetch:\n" + fetch);
    return ErrorOf([&] { pressoir::config::LoadSiteRulesFile(path); });
  };
  CHECK(error("  headers: [a, b]\n") == path + ":4: 'headers' must be a mapping of names to values");
  CHECK(error("  headers: {'bad name': 1}\n") == path + ":4: 'headers': 'bad name' is not a valid header name");
  CHECK(error("  headers:\n    X-A: \"one\\r\\nX-B: two\"\n")
            .rfind(path + ":5: 'headers': the value of 'X-A' holds a line break", 0) == 0);
  CHECK(error("  cookies: {a: 'b; c=d'}\n").rfind(path + ":4: 'cookies': the value of 'a' holds", 0) == 0);
  CHECK(error("  headers: {Cookie: a=b}\n").find("send cookies with 'cookies'") != std::string::npos);
  CHECK(error("  header: {a: b}\n").find("unknown key 'header'; did you mean 'headers'?") != std::string::npos);
}

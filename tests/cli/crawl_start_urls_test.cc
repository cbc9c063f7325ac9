// `pressoir crawl` refuses start URLs that are not absolute http(s) URLs (issue 13, item 4):
// a --start value, or a start_urls / feeds entry of the config or of a rule file, is a usage
// error (exit 2) with the file and line when it comes from a file, before anything is
// fetched: the fixture server sees no request and no state or corpus directory is made.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::FixtureServer;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

struct Setup : pressoir::testing::CrawlDirs {
  FixtureServer server;

  Setup() {
    server.Route("/", pressoir::testing::Html("<html><body><p>start</p></body></html>"));
    WriteFile(config, "rule_start_urls: true\nretries: 0\ntimeout: 5s\n");
    WriteFile(sites + "/ok.yaml", "name: ok\ndomains: [ok.test]\n");
  }

  pressoir::testing::CommandResult Crawl(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {PRESSOIR_BINARY, "crawl", "--archive", "",     "--config", config,
                                     "--sites",       sites,   "--corpus",  corpus, "--state",  state};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunCommand(argv);
  }

  // Nothing was fetched nor written.
  void CheckNothingDone() const {
    CHECK(server.Requests().empty());
    CHECK_FALSE(std::filesystem::exists(state));
    CHECK_FALSE(std::filesystem::exists(corpus));
  }
};

}  // namespace

TEST_CASE("a --start that is not an http(s) URL is a usage error before any fetch", "[cli][e2e]") {
  Setup setup;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"notaurl", "no http:// or https:// scheme"},
      {"example.com", "no scheme; write https://example.com"},
      {"ftp://x", "scheme 'ftp' (only http and https are crawled)"},
  };
  for (const auto& [start, reason] : cases) {
    auto result = setup.Crawl({"--start", setup.server.Url("/"), "--start", start});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "error: --start '" + start + "' is not an absolute http(s) URL: " + reason + "\n");
    setup.CheckNothingDone();
  }
  // The same URL alone is crawled: the refusal above is the bad value's, not the setup's.
  auto result = setup.Crawl({"--start", setup.server.Url("/")});
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  CHECK(setup.server.Requests().size() >= 1);
}

TEST_CASE("a bad start URL or feed in the config or a rule file is a usage error naming file and line", "[cli][e2e]") {
  Setup setup;
  SECTION("config start_urls") {
    WriteFile(setup.config, "retries: 0\nstart_urls:\n  - " + setup.server.Url("/") + "\n  - example.com\n");
    auto result = setup.Crawl({});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "error: " + setup.config +
                            ":4: 'start_urls' entry 'example.com' is not an absolute http(s) URL: no scheme; write "
                            "https://example.com\n");
  }
  SECTION("rule feeds") {
    WriteFile(setup.sites + "/ok.yaml",
              "name: ok\ndomains: [ok.test]\nstart_urls: ['" + setup.server.Url("/") + "']\nfeeds: [ftp://x]\n");
    auto result = setup.Crawl({});
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err == "error: " + setup.sites +
                            "/ok.yaml:4: 'feeds' entry 'ftp://x' is not an absolute http(s) URL: scheme 'ftp' (only "
                            "http and https are crawled)\n");
  }
  SECTION("crawl --check") {
    WriteFile(setup.sites + "/ok.yaml", "name: ok\ndomains: [ok.test]\nstart_urls: notaurl\n");
    auto result = setup.Crawl({"--check"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(setup.sites + "/ok.yaml:3: 'start_urls' entry 'notaurl'") != std::string::npos);
  }
  setup.CheckNothingDone();
}

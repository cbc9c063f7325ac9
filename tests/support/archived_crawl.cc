// The fixture site crawled with the raw archive on (see archived_crawl.h).
#include "tests/support/archived_crawl.h"

#include <catch2/catch.hpp>

#include "tests/support/run_command.h"

namespace pressoir::testing {

std::string E2eRule() { return ReadFileOrEmpty(kE2eFixtures + "/rules/e2e-news.yaml"); }

ArchivedCrawl::ArchivedCrawl(const std::string& rule) {
  server.ServeDirectory(kE2eFixtures + "/site");
  WriteFile(sites + "/e2e-news.yaml", rule);
  WriteFile(config,
            "rule_start_urls: false\nper_host_delay: 0ms\nmax_depth: 2\ntimeout: 10s\nretries: 0\n"
            "state: " +
                state + "\n");
  auto crawl = RunCommand({PRESSOIR_BINARY, "crawl", "--config", config, "--sites", sites, "--corpus", corpus,
                           "--state", state, "--archive", archive, "--resolve", server.ResolveEntry("news.test"),
                           "--start", server.UrlFor("news.test", "/")});
  INFO("crawl stderr: " << crawl.err);
  REQUIRE(crawl.exit_code == 0);
}

}  // namespace pressoir::testing

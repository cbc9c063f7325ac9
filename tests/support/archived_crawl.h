// The end-to-end fixture site (tests/fixtures/e2e/site, served as news.test on 127.0.0.1)
// crawled once by the real executable with the raw archive on: the starting point of the tests
// of the commands that work from the archive (`pressoir reextract`, `pressoir rules test`).
#ifndef PRESSOIR_TESTS_SUPPORT_ARCHIVED_CRAWL_H_
#define PRESSOIR_TESTS_SUPPORT_ARCHIVED_CRAWL_H_

#include <string>

#include "tests/support/crawl_dirs.h"
#include "tests/support/fixture_server.h"

namespace pressoir::testing {

// The fixture site's directory, and its rule file's text (rule e2e-news, domain news.test).
inline const std::string kE2eFixtures = PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e";
std::string E2eRule();

// The crawl is made by the constructor (a failed crawl fails the test): the corpus in
// `corpus`, the archive in `archive`, the rule `rule` as sites/e2e-news.yaml. It finds the home
// page, the section page and the two articles.
struct ArchivedCrawl : CrawlDirs {
  FixtureServer server;
  std::string archive = dir.path() + "/archive";

  explicit ArchivedCrawl(const std::string& rule = E2eRule());

  // The URL of a page of the site (a path such as "/actualite/alep-treve.html").
  std::string Url(const std::string& path) const { return server.UrlFor("news.test", path); }
};

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_ARCHIVED_CRAWL_H_

// The directories of one test crawl run by the real executable: a config, a rule directory, a
// corpus, a state and a log file, all under one temporary directory removed at the end.
#ifndef PRESSOIR_TESTS_SUPPORT_CRAWL_DIRS_H_
#define PRESSOIR_TESTS_SUPPORT_CRAWL_DIRS_H_

#include <string>

#include "tests/support/run_command.h"

namespace pressoir::testing {

// Paths only: nothing is created but the temporary directory. Test sites derive from it, so
// that their servers (members of the derived struct) stop before the directory goes.
struct CrawlDirs {
  TempDir dir;
  std::string config = dir.path() + "/crawler.yaml";
  std::string sites = dir.path() + "/sites";
  std::string corpus = dir.path() + "/corpus";
  std::string state = dir.path() + "/state";
  std::string log = dir.path() + "/crawl.log";
};

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_CRAWL_DIRS_H_

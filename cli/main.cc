// pressoir: a crawler for news sites that writes clean article text.
//
// Thin entry point: dispatches to the commands of commands.h. Exit codes: exit_codes.h.
#include <curl/curl.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: pressoir COMMAND [OPTIONS]\n"
    "\n"
    "A crawler for news sites that writes clean article text.\n"
    "\n"
    "commands:\n"
    "  crawl         crawl the configured sites and write articles to the corpus\n"
    "  extract       extract article text from saved HTML pages\n"
    "  reextract     re-clean a corpus from the WARC archive, or build one from WARC files\n"
    "  dump          write the corpus as clean text or JSON lines\n"
    "  stats         articles per site and day, failures, the last run\n"
    "  rules check   validate site rule files\n"
    "  rules import  convert FiveFilters Full-Text RSS site configs into rule files\n"
    "  rules draft   draft a rule file from saved pages of one site\n"
    "  robots        check URLs against a robots.txt file\n"
    "\n"
    "  pressoir COMMAND --help   shows a command's options\n"
    "  pressoir --version        prints the version\n"
    "\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage << pressoir::cli::kExitCodesHelp;
    return pressoir::cli::kExitUsage;
  }
  const std::string command = args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage << pressoir::cli::kExitCodesHelp;
    return pressoir::cli::kExitOk;
  }
  if (command == "--version") {
    std::cout << "pressoir " << PRESSOIR_VERSION << " (" << curl_version() << ")\n";
    return pressoir::cli::kExitOk;
  }
  // libcurl's global state must be set up before any thread starts (curl_global_init docs).
  // A failure (out of memory, the TLS library) is not fatal here: only crawl fetches, and
  // there every transfer that cannot start is reported as a network error ("curl_easy_init
  // failed"); the warning says why.
  if (CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT); init != CURLE_OK) {
    std::cerr << "warning: curl_global_init failed: " << curl_easy_strerror(init) << "\n";
  }
  int code = pressoir::cli::kExitUsage;
  if (command == "crawl") {
    code = pressoir::cli::RunCrawlCommand(rest, std::cout, std::cerr);
  } else if (command == "reextract") {
    code = pressoir::cli::RunReextractCommand(rest, std::cout, std::cerr);
  } else if (command == "extract") {
    code = pressoir::cli::RunExtractCommand(rest, std::cout, std::cerr);
  } else if (command == "dump") {
    code = pressoir::cli::RunDumpCommand(rest, std::cout, std::cerr);
  } else if (command == "stats") {
    code = pressoir::cli::RunStatsCommand(rest, std::cout, std::cerr);
  } else if (command == "rules") {
    code = pressoir::cli::RunRulesCommand(rest, std::cout, std::cerr);
  } else if (command == "robots") {
    code = pressoir::cli::RunRobotsCommand(rest, std::cout, std::cerr);
  } else {
    std::cerr << "error: unknown command '" << command << "'\n" << kUsage << pressoir::cli::kExitCodesHelp;
  }
  curl_global_cleanup();
  return code;
}

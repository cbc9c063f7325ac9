// `pressoir crawl`: loads the config and the rules, runs the crawl, prints the summary.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "config/config.h"
#include "crawler/args.h"
#include "crawler/commands.h"
#include "crawler/corpus.h"
#include "crawler/crawl.h"

namespace pressoir::cli {

const char kCrawlUsage[] =
    "usage: pressoir crawl [--config FILE] [--sites DIR] [--corpus DIR] [--state DIR]\n"
    "                      [--start URL]... [--max-pages N] [--no-extract]\n"
    "\n"
    "Crawls the start URLs of the config, of every rule in the sites directory and of each\n"
    "--start URL (a host without a rule is crawled with the generic extractor), and writes\n"
    "the articles found to the corpus directory.\n"
    "\n"
    "  --config FILE    crawler config (default: config/crawler.yaml when it exists)\n"
    "  --sites DIR      rule files (default: the config's `sites`)\n"
    "  --corpus DIR     output directory (default: the config's `corpus`)\n"
    "  --state DIR      crawl state directory (default: the config's `state`)\n"
    "  --start URL      an extra start URL; may be repeated\n"
    "  --max-pages N    stop starting new fetches after N pages\n"
    "  --no-extract     fetch and follow links only; write nothing\n"
    "  --resolve H:P:A  connect to address A for host H, port P (as curl --resolve)\n"
    "\n"
    "Exit codes: 0 success, 1 some pages failed, 2 usage or configuration error.\n";

int RunCrawlCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--config", "--sites", "--corpus", "--state", "--start", "--max-pages", "--resolve"},
                       {"--help", "--no-extract"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kCrawlUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help")) {
    out << kCrawlUsage;
    return kExitOk;
  }
  if (!parsed.positional.empty()) {
    err << "error: unexpected argument '" << parsed.positional.front() << "'\n";
    return kExitUsage;
  }

  crawl::CrawlOptions options;
  try {
    std::string config_path = parsed.Value("--config");
    if (config_path.empty() && std::filesystem::exists("config/crawler.yaml")) config_path = "config/crawler.yaml";
    if (!config_path.empty()) options.config = config::LoadCrawlConfig(config_path);
    if (parsed.values.count("--sites")) options.config.sites = parsed.Value("--sites");
    if (parsed.values.count("--corpus")) options.config.corpus = parsed.Value("--corpus");
    if (parsed.values.count("--state")) options.config.state = parsed.Value("--state");
    if (parsed.values.count("--max-pages")) {
      try {
        options.config.max_pages = std::stoll(parsed.Value("--max-pages"));
      } catch (const std::exception&) {
        err << "error: --max-pages needs a whole number\n";
        return kExitUsage;
      }
    }
  } catch (const config::ConfigError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  }

  config::SiteRulesLoad load = config::LoadSiteRulesDirectory(options.config.sites);
  if (!load.errors.empty()) {
    for (const std::string& error : load.errors) err << "error: " << error << "\n";
    return kExitUsage;
  }
  options.sites = std::move(load.rules);
  options.start_urls = options.config.start_urls;
  for (const std::string& start : parsed.Values("--start")) options.start_urls.push_back(start);
  options.extract = !parsed.Has("--no-extract");
  options.resolve = parsed.Values("--resolve");

  std::unique_ptr<corpus::CorpusWriter> writer;
  try {
    writer = std::make_unique<corpus::CorpusWriter>(options.config.corpus);
  } catch (const corpus::CorpusError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  }

  crawl::CrawlSummary summary = crawl::RunCrawl(options, *writer, err);
  out << "corpus: " << options.config.corpus << "\n" << crawl::FormatSummary(summary) << "\n";
  if (!summary.corpus_error.empty()) return kExitSomeFailed;
  return summary.failures > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

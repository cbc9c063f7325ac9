// `pressoir crawl`: loads the config and the rules, runs the crawl, prints the summary.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "base/http_url.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/clock.h"
#include "crawler/crawl.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/log.h"
#include "crawler/redis_frontier.h"
#include "crawler/rule_health.h"
#include "crawler/state.h"
#include "crawler/url.h"
#include "store/corpus.h"
#include "store/run_log.h"
#include "warc/writer.h"

namespace pressoir::cli {
namespace {

// The earlier runs (runs.jsonl) a crawl keeps for rule health: ten times the history it
// needs (crawl/rule_health.h), for rules not crawled in every run.
constexpr size_t kEarlierRunsKept = 10 * crawl::kHealthHistoryRuns;

// "host:pid": names this worker in the shared frontier's host leases.
std::string WorkerName() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::strcpy(host, "unknown");
  return std::string(host) + ":" + std::to_string(::getpid());
}

// Test hook (crawl.h, README "Tests"): the environment may select a test clock (clock.h) so
// that end-to-end tests of delays, back-off and revisits need not wait in real time.
constexpr char kTestClockSpeedVariable[] = "PRESSOIR_TEST_CLOCK_SPEED";    // crawl time N times faster
constexpr char kTestClockOffsetVariable[] = "PRESSOIR_TEST_CLOCK_OFFSET";  // wall time ahead by a duration
constexpr int64_t kMaxTestClockSpeed = 1000;

struct TestClockSetting {
  int64_t speed = 1;
  std::chrono::milliseconds offset{0};
};

// The test clock the environment asks for, nullopt for the real clock; `error` is set (and
// nullopt returned) when a variable is malformed.
std::optional<TestClockSetting> TestClockFromEnvironment(std::string& error) {
  const char* speed = std::getenv(kTestClockSpeedVariable);
  const char* offset = std::getenv(kTestClockOffsetVariable);
  if (speed == nullptr && offset == nullptr) return std::nullopt;
  TestClockSetting setting;
  if (speed != nullptr) {
    std::string text = speed;
    bool digits = !text.empty() && text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos;
    setting.speed = digits ? std::stoll(text) : 0;
    if (setting.speed < 1 || setting.speed > kMaxTestClockSpeed) {
      error = std::string(kTestClockSpeedVariable) + ": needs a whole number from 1 to " +
              std::to_string(kMaxTestClockSpeed);
      return std::nullopt;
    }
  }
  if (offset != nullptr) {
    try {
      setting.offset = config::ParseDuration(offset);
    } catch (const std::exception&) {
      error = std::string(kTestClockOffsetVariable) + ": needs a duration such as 30d or 90s";
      return std::nullopt;
    }
  }
  return setting;
}

// Why a --start value cannot be crawled, or nullopt: the syntax check the config's and the
// rules' start URLs get, then the crawler's own parser (the one that would skip it).
std::optional<std::string> StartUrlProblem(const std::string& start) {
  if (auto problem = http_url::Problem(start)) return problem;
  if (!url::Normalize(start)) return "curl cannot parse it";
  return std::nullopt;
}

// A non-negative whole number in decimal digits (std::stoll alone would take "-1", " 5" or
// "5x"), or nullopt.
std::optional<int64_t> WholeNumber(const std::string& text) {
  constexpr size_t kMaxDigits = 18;  // below INT64_MAX whatever the digits
  if (text.empty() || text.size() > kMaxDigits || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

// " (pid N)" when the lock holder's pid is known.
std::string HolderNote(const std::string& holder_pid) { return holder_pid.empty() ? "" : " (pid " + holder_pid + ")"; }

}  // namespace

constexpr char kCrawlUsage[] =
    "usage: pressoir crawl [--config FILE] [--sites DIR] [--corpus DIR] [--state DIR]\n"
    "                      [--start URL]... [--max-pages N] [--time-limit DURATION]\n"
    "                      [--no-extract] [--frontier redis://HOST:PORT/DB] [--archive DIR]\n"
    "\n"
    "Crawls the start URLs of the config, of every rule in the sites directory and of each\n"
    "--start URL (a host without a rule is crawled with the generic extractor), and writes\n"
    "the articles found to the corpus directory.\n"
    "\n"
    "  --config FILE    crawler config (default: config/crawler.yaml when it exists)\n"
    "  --sites DIR      rule files (default: the config's `sites`)\n"
    "  --corpus DIR     output directory (default: the config's `corpus`)\n"
    "  --state DIR      crawl state directory (default: the config's `state`)\n"
    "  --archive DIR    keep every response as WARC there (default: the config's `archive`;\n"
    "                   an empty value keeps none)\n"
    "  --start URL      an extra start URL (absolute http or https); may be repeated\n"
    "  --max-pages N    stop starting new fetches after N pages\n"
    "  --time-limit D   stop starting new fetches after D (e.g. 10m), so a cron run ends in time\n"
    "  --no-extract     fetch and follow links only; write nothing\n"
    "  --check          validate the config and the rules, then exit (nothing is fetched)\n"
    "  --resolve H:P:A  connect to address A for host H, port P (as curl --resolve)\n"
    "  --frontier URL   share the frontier in Redis with other workers (default: the\n"
    "                   config's `frontier`; empty: embedded in the state directory)\n"
    "\n"
    "Runs are incremental: the state directory remembers every URL, its validators and the\n"
    "frontier, so a run resumes where the last one stopped (even after kill -9) and fetches\n"
    "only what is new or due. Only one run may use a state directory at a time.\n"
    "Scale-out: workers started with the same --frontier redis://... crawl together (one\n"
    "worker per host at a time, per-host delays fleet-wide), each with its own --state and\n"
    "--corpus; a worker ends when the whole fleet has nothing left to fetch.\n"
    "Output: one summary line on stdout; errors on stderr (warnings too on a terminal, with a\n"
    "live progress line); everything, timestamped, in the config's log_file.\n"
    "\n"
    "Exit codes: 0 success, 1 some pages failed, a host could not be reached, or a fault of\n"
    "the state or the frontier stopped the run, 2 usage or configuration error,\n"
    "3 another run holds the lock on the state or the corpus directory.\n";

int RunCrawlCommand(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args,
                       {"--config", "--sites", "--corpus", "--state", "--start", "--max-pages", "--time-limit",
                        "--resolve", "--frontier", "--archive"},
                       {"--help", "--no-extract", "--check"});
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

  bool bad_start = false;
  for (const std::string& start : parsed.Values("--start")) {
    if (auto problem = StartUrlProblem(start)) {
      err << "error: --start '" << start << "' is not an absolute http(s) URL: " << *problem << "\n";
      bad_start = true;
    }
  }
  if (bad_start) return kExitUsage;

  crawl::CrawlOptions options;
  std::vector<std::string> config_warnings;
  try {
    std::string config_path = parsed.Value("--config");
    if (config_path.empty() && std::filesystem::exists("config/crawler.yaml")) config_path = "config/crawler.yaml";
    if (!config_path.empty()) options.config = config::LoadCrawlConfig(config_path, &config_warnings);
    if (parsed.values.count("--sites")) options.config.sites = parsed.Value("--sites");
    if (parsed.values.count("--corpus")) options.config.corpus = parsed.Value("--corpus");
    if (parsed.values.count("--state")) options.config.state = parsed.Value("--state");
    if (parsed.values.count("--archive")) options.config.archive = parsed.Value("--archive");
    if (parsed.values.count("--frontier")) options.config.frontier = parsed.Value("--frontier");
    if (!options.config.frontier.empty()) {
      if (auto problem = frontier::RedisFrontier::ValidateUrl(options.config.frontier)) {
        err << "error: " << (parsed.values.count("--frontier") ? "--frontier" : options.config.file + ": frontier")
            << ": " << *problem << "\n";
        return kExitUsage;
      }
    }
    if (parsed.values.count("--max-pages")) {
      std::optional<int64_t> max_pages = WholeNumber(parsed.Value("--max-pages"));
      if (!max_pages) {
        err << "error: --max-pages: '" << parsed.Value("--max-pages")
            << "' is not a number of pages (a whole number, 0 for no limit)\n";
        return kExitUsage;
      }
      options.config.max_pages = *max_pages;
    }
    if (parsed.values.count("--time-limit")) {
      try {
        options.config.time_limit = config::ParseDuration(parsed.Value("--time-limit"));
      } catch (const std::invalid_argument& e) {
        err << "error: --time-limit: " << e.what() << "\n";
        return kExitUsage;
      }
    }
    for (const std::string& entry : parsed.Values("--resolve")) {
      if (std::optional<std::string> problem = fetch::ResolveEntryProblem(entry)) {
        err << "error: --resolve: '" << entry << "': " << *problem << "\n";
        return kExitUsage;
      }
    }
  } catch (const config::ConfigError& e) {
    for (const std::string& message : e.messages()) err << "error: " << message << "\n";
    return kExitUsage;
  }

  config::SiteRulesLoad load = config::LoadSiteRulesDirectory(options.config.sites);
  if (!load.errors.empty()) {
    for (const std::string& error : load.errors) err << "error: " << error << "\n";
    return kExitUsage;
  }
  options.sites = std::move(load.rules);
  // Warnings go to the log (made below): on a terminal and in the log file, not in cron's mail.
  config_warnings.insert(config_warnings.end(), load.warnings.begin(), load.warnings.end());
  if (parsed.Has("--check")) {
    for (const std::string& warning : config_warnings) err << "warning: " << warning << "\n";
    out << "ok: " << (options.config.file.empty() ? "built-in defaults" : options.config.file) << ", "
        << options.sites.size() << " site rule(s) in " << options.config.sites << "\n";
    return kExitOk;
  }
  options.start_urls = options.config.start_urls;
  for (const std::string& start : parsed.Values("--start")) options.start_urls.push_back(start);
  options.extract = !parsed.Has("--no-extract");
  options.resolve = parsed.Values("--resolve");
  std::string clock_error;
  std::optional<TestClockSetting> test_clock = TestClockFromEnvironment(clock_error);
  if (!clock_error.empty()) {
    err << "error: " << clock_error << "\n";
    return kExitUsage;
  }

  // One run per state directory: cron may start the next run while this one still works.
  std::optional<state::StateLock> lock;
  std::string holder_pid;
  try {
    lock = state::StateLock::Acquire(options.config.state, &holder_pid);
  } catch (const state::StateError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!lock) {
    err << "pressoir: another run holds the lock on " << options.config.state << HolderNote(holder_pid)
        << ", exiting\n";
    return kExitLocked;
  }

  std::unique_ptr<log::Log> log;
  std::unique_ptr<corpus::CorpusWriter> writer;
  std::unique_ptr<warc::WarcWriter> archive;
  std::unique_ptr<state::CrawlState> crawl_state;
  std::unique_ptr<frontier::Frontier> frontier;
  std::string fleet_note;
  try {
    log = std::make_unique<log::Log>(err, options.config.log_file, isatty(STDERR_FILENO) == 1);
    writer = std::make_unique<corpus::CorpusWriter>(options.config.corpus);
    if (!options.config.archive.empty()) {
      warc::WriterOptions archive_options;
      archive_options.directory = options.config.archive;
      archive_options.max_file_bytes = options.config.archive_max_bytes;
      archive_options.software = std::string("pressoir/") + PRESSOIR_VERSION;
      // zlib's fastest level: on bench-fetch's generated news pages (3,000) the archive was
      // 4.1 KB per page at level 1 and 3.9 KB at level 6, 6 % larger for about a third less
      // compression time, which the crawl pays on every response.
      archive_options.compression_level = 1;
      archive = std::make_unique<warc::WarcWriter>(archive_options);
      options.archive = archive.get();
    }
    crawl_state = std::make_unique<state::CrawlState>(options.config.state);
    if (options.config.frontier.empty()) {
      frontier = std::make_unique<frontier::EmbeddedFrontier>(*crawl_state);
    } else {
      auto shared = std::make_unique<frontier::RedisFrontier>(options.config.frontier, WorkerName(),
                                                              options.config.host_lease.count());
      fleet_note = ", worker " + shared->worker() + " in fleet run " + std::to_string(shared->run());
      frontier = std::move(shared);
    }
  } catch (const corpus::CorpusLocked& e) {
    // Another run (with another state directory) writes this corpus: the same answer as for
    // the state lock, or the two would race each other's renames and manifest lines.
    err << "pressoir: another run holds the lock on corpus " << options.config.corpus << HolderNote(e.holder_pid())
        << ", exiting\n";
    return kExitLocked;
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  }

  for (const std::string& warning : config_warnings) log->Warning(warning);
  if (archive) {
    // Files a killed run left with a torn last record (warc/writer.h, "Crash safety").
    for (const std::string& repair : archive->repairs()) log->Warning(options.config.archive + "/" + repair);
  }
  if (test_clock) {
    // Made last, so that the test clock starts with the crawl.
    options.clock = clock::Clock::Test(test_clock->speed, test_clock->offset);
    log->Warning("test clock (" + std::string(kTestClockSpeedVariable) + ", " + kTestClockOffsetVariable +
                 "): crawl time runs " + std::to_string(test_clock->speed) + " times faster than real time, " +
                 std::to_string(test_clock->offset.count()) + " ms ahead");
  }
  // However the run ends (all done, SIGTERM/SIGINT, --time-limit, a fault), the manifest is
  // left with one line per article (corpus.h, "Compaction").
  auto compact_manifest = [&] {
    std::string error = writer->CompactManifest();
    if (!error.empty()) log->Error("cannot compact the manifest (it keeps repeated ids): " + error);
    return error.empty();
  };
  {
    // Rule health compares this run with the earlier ones (crawl/rule_health.h). A bad line
    // of runs.jsonl costs the history that line only: a warning, not a failed crawl.
    std::ostringstream problems;
    int bad_lines = 0;
    options.earlier_runs = corpus::ReadRunLog(options.config.corpus, problems, bad_lines).runs;
    // The last runs are all it looks at: memory stays bounded however old the corpus.
    if (options.earlier_runs.size() > kEarlierRunsKept) {
      options.earlier_runs.erase(options.earlier_runs.begin(),
                                 options.earlier_runs.end() - static_cast<std::ptrdiff_t>(kEarlierRunsKept));
    }
    std::istringstream lines(problems.str());
    for (std::string problem; std::getline(lines, problem);) log->Warning(problem);
  }
  log->Info("run " + std::to_string(crawl_state->run()) + " starting, frontier " + frontier->Describe() + fleet_note);
  // A fault of the state, the frontier or the page stage ends the run with summary.error set
  // (RunCrawl logged it): the run is still recorded, and the exit code says it failed.
  crawl::CrawlSummary summary = crawl::RunCrawl(options, *writer, *crawl_state, *frontier, *log);
  const bool compacted = compact_manifest();
  bool archive_closed = true;
  if (archive) {
    try {
      archive->Close();
    } catch (const warc::ArchiveError& e) {
      log->Error(std::string("cannot close the archive: ") + e.what());
      archive_closed = false;
    }
  }
  std::string line = crawl::FormatSummary(summary);
  log->Info("run " + std::to_string(crawl_state->run()) + " finished: " + line);
  // The run's summary, for `pressoir stats`: one line per run.
  std::string summary_error = corpus::AppendRun(options.config.corpus, crawl::RunRecordOf(summary, options.clock));
  if (!summary_error.empty()) {
    log->Error((std::filesystem::path(options.config.corpus) / corpus::kRunLogFileName).string() +
               ": cannot append the run summary: " + summary_error);
  }
  out << "corpus: " << options.config.corpus << "\n" << line << "\n";
  if (!summary.corpus_error.empty() || !summary.error.empty() || !summary_error.empty() || !compacted ||
      !archive_closed) {
    return kExitSomeFailed;
  }
  // Blocked pages (consent walls, challenges, paywall stubs, error pages) are articles the run
  // did not get: like a failed page, they make the exit code 1 (README, "What cron sees"). So
  // does a rule that looks rotten: its articles are lost or degraded until someone fixes it.
  return summary.failures > 0 || summary.blocked > 0 || summary.unhealthy_rules > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

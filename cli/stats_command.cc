// `pressoir stats`: a plain-text summary of one or more corpora for the person running the
// cron job: articles per site and day, crawl failures per site, and the last run.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <map>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/manifest.h"
#include "store/run_log.h"

namespace pressoir::cli {

constexpr char kStatsUsage[] =
    "usage: pressoir stats --corpus DIR [--corpus DIR...] [--as-of DATE]\n"
    "\n"
    "Prints, for the corpus directories together (each article id counted once):\n"
    "  - articles per site: total, the last 7 days day by day, and the newest article date;\n"
    "    an article's date is its publication day, else its fetch day (as in pressoir dump)\n"
    "  - crawl failures per site, summed over all runs and for the last run (runs.jsonl)\n"
    "  - the last run's summary line, per corpus directory (with the hosts it could not\n"
    "    reach and the error that stopped it, if any)\n"
    "\n"
    "  --corpus DIR   a corpus directory; repeat for several (one per worker)\n"
    "  --as-of DATE   the last day of the 7-day window (YYYY-MM-DD; default: today, UTC)\n"
    "\n"
    "Exit codes: 0 success, 1 some manifest or runs.jsonl line is unreadable (reported),\n"
    "2 usage error (one line when a value is wrong: a directory that is not a corpus, a\n"
    "malformed date).\n";

namespace {

using Days = std::chrono::sys_days;

constexpr int kWindowDays = 7;

std::optional<Days> ParseDay(const std::string& text) {
  std::optional<std::string> day = corpus::DayOf(text);
  if (!day) return std::nullopt;
  return Days{std::chrono::year_month_day{std::chrono::year{std::stoi(day->substr(0, 4))},
                                          std::chrono::month{static_cast<unsigned>(std::stoi(day->substr(5, 2)))},
                                          std::chrono::day{static_cast<unsigned>(std::stoi(day->substr(8, 2)))}}};
}

std::string FormatDay(Days day, bool with_year) {
  std::chrono::year_month_day date{day};
  std::ostringstream text;
  text << std::setfill('0');
  if (with_year) text << std::setw(4) << static_cast<int>(date.year()) << "-";
  text << std::setw(2) << static_cast<unsigned>(date.month()) << "-" << std::setw(2)
       << static_cast<unsigned>(date.day());
  return text.str();
}

struct SiteCounts {
  long long total = 0;
  long long near_duplicates = 0;
  long long window[kWindowDays] = {};  // window[kWindowDays - 1] is the as-of day
  std::string newest;                  // YYYY-MM-DD, empty if no article has a date
};

void PrintArticles(const corpus::manifest::ReadResult& read, Days as_of, std::ostream& out) {
  std::map<std::string, SiteCounts> sites;
  SiteCounts all;
  const Days first_day = as_of - std::chrono::days{kWindowDays - 1};
  for (const corpus::manifest::Entry& entry : read.entries) {
    for (SiteCounts* counts : {&sites[entry.site], &all}) {
      ++counts->total;
      if (!entry.near_duplicate_of.empty()) ++counts->near_duplicates;
      if (entry.day.empty()) continue;
      counts->newest = std::max(counts->newest, entry.day);
      std::optional<Days> day = ParseDay(entry.day);
      if (day && *day >= first_day && *day <= as_of) ++counts->window[(*day - first_day).count()];
    }
  }
  out << "articles: " << all.total << " (" << all.near_duplicates << " marked near duplicates), " << sites.size()
      << (sites.size() == 1 ? " site" : " sites") << "\n";
  if (sites.empty()) return;

  size_t site_width = 6;  // "(none)"
  for (const auto& [site, counts] : sites) site_width = std::max(site_width, site.size());
  const auto row = [&](const std::string& site, const SiteCounts& counts) {
    out << std::left << std::setw(static_cast<int>(site_width)) << site << std::right << std::setw(8) << counts.total;
    for (long long count : counts.window) out << std::setw(7) << count;
    out << "  " << (counts.newest.empty() ? "-" : counts.newest) << "\n";
  };
  out << "\narticles per site (by article date, else fetch date; last " << kWindowDays << " days to "
      << FormatDay(as_of, true) << "):\n";
  out << std::left << std::setw(static_cast<int>(site_width)) << "site" << std::right << std::setw(8) << "total";
  for (int offset = 0; offset < kWindowDays; ++offset) {
    out << std::setw(7) << FormatDay(first_day + std::chrono::days{offset}, false);
  }
  out << "  newest\n";
  for (const auto& [site, counts] : sites) row(site.empty() ? "(none)" : site, counts);
  if (sites.size() > 1) row("all", all);
}

std::string RunSummary(const corpus::RunRecord& run) {
  std::ostringstream line;
  line << (run.started_at.empty() ? "?" : run.started_at) << " to " << (run.finished_at.empty() ? "?" : run.finished_at)
       << ", " << run.pages_fetched << " pages fetched, " << run.articles_written << " articles written, "
       << run.failures << (run.failures == 1 ? " failure" : " failures");
  if (!run.failures_by_reason.empty()) {
    // Most frequent reasons first.
    std::vector<std::pair<std::string, long long>> reasons(run.failures_by_reason.begin(),
                                                           run.failures_by_reason.end());
    std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    line << " (";
    for (size_t i = 0; i < reasons.size(); ++i)
      line << (i > 0 ? ", " : "") << reasons[i].first << " " << reasons[i].second;
    line << ")";
  }
  if (!run.unreachable_hosts.empty()) {
    line << ", unreachable host" << (run.unreachable_hosts.size() == 1 ? "" : "s") << ": ";
    for (size_t i = 0; i < run.unreachable_hosts.size(); ++i) line << (i > 0 ? ", " : "") << run.unreachable_hosts[i];
  }
  if (run.blocked > 0) {
    // What the sites served instead of their pages (consent walls, challenges, ...).
    line << ", " << run.blocked << " blocked (";
    bool first = true;
    for (const auto& [site, types] : run.blocked_by_site) {
      for (const auto& [type, count] : types) {
        line << (first ? "" : ", ") << site << " " << type << " " << count;
        first = false;
      }
    }
    line << ")";
  }
  if (run.unhealthy_rules > 0) {
    line << ", " << run.unhealthy_rules << (run.unhealthy_rules == 1 ? " rule" : " rules") << " failing (";
    bool first = true;
    for (const auto& [site, health] : run.rule_health) {
      if (health.problem.empty()) continue;
      line << (first ? "" : ", ") << site;
      first = false;
    }
    line << ")";
  }
  if (run.interrupted) line << ", interrupted";
  if (!run.error.empty()) line << ", stopped by an error: " << run.error;
  return line.str();
}

// Pages that were a consent wall, a bot challenge, a paywall stub or an error page instead of
// the page, per site and page type: over all runs and in the last run.
void PrintBlocked(const std::vector<corpus::RunLog>& logs, std::ostream& out) {
  std::map<std::pair<std::string, std::string>, std::pair<long long, long long>> blocked;  // (site, type)
  for (const corpus::RunLog& log : logs) {
    for (size_t i = 0; i < log.runs.size(); ++i) {
      for (const auto& [site, types] : log.runs[i].blocked_by_site) {
        for (const auto& [type, count] : types) {
          blocked[{site, type}].first += count;
          if (i + 1 == log.runs.size()) blocked[{site, type}].second += count;
        }
      }
    }
  }
  if (blocked.empty()) return;
  size_t site_width = 4;
  for (const auto& [key, counts] : blocked) site_width = std::max(site_width, key.first.size());
  out << "\nblocked pages per site (consent walls, challenges, paywalls, error pages):\n";
  out << std::left << std::setw(static_cast<int>(site_width)) << "site" << std::setw(11) << "  type" << std::right
      << std::setw(10) << "all runs" << std::setw(10) << "last run"
      << "\n";
  for (const auto& [key, counts] : blocked) {
    out << std::left << std::setw(static_cast<int>(site_width)) << key.first << "  " << std::setw(9) << key.second
        << std::right << std::setw(10) << counts.first << std::setw(10) << counts.second << "\n";
  }
}

// Rule health (crawler/rule_health.h): per rule with body selectors, its counts in the last
// run that crawled its site, and whether that run found it rotten.
void PrintRuleHealth(const std::vector<corpus::RunLog>& logs, std::ostream& out) {
  std::map<std::string, corpus::RuleHealth> latest;  // site -> its health in its last run
  for (const corpus::RunLog& log : logs) {
    for (const corpus::RunRecord& run : log.runs) {
      for (const auto& [site, health] : run.rule_health) latest[site] = health;
    }
  }
  if (latest.empty()) return;
  size_t site_width = 4;
  for (const auto& [site, health] : latest) site_width = std::max(site_width, site.size());
  out << "\nrule health (last run of each rule; body selector hits among article pages):\n";
  out << std::left << std::setw(static_cast<int>(site_width)) << "rule" << std::right << std::setw(7) << "pages"
      << std::setw(10) << "articles" << std::setw(9) << "matched" << std::setw(11) << "fallbacks" << std::setw(9)
      << "blocked" << std::setw(8) << "median"
      << "  status\n";
  for (const auto& [site, health] : latest) {
    out << std::left << std::setw(static_cast<int>(site_width)) << site << std::right << std::setw(7) << health.pages
        << std::setw(10) << health.article_pages << std::setw(9) << health.body_matched << std::setw(11)
        << health.fallbacks << std::setw(9) << health.blocked << std::setw(8) << health.median_body_chars << "  "
        << (health.problem.empty() ? "ok" : "FAILING: " + health.problem) << "\n";
  }
}

void PrintRuns(const std::vector<corpus::RunLog>& logs, std::ostream& out) {
  std::map<std::string, std::pair<long long, long long>> failures;  // site -> (all runs, last run)
  size_t run_count = 0;
  for (const corpus::RunLog& log : logs) {
    run_count += log.runs.size();
    for (const corpus::RunRecord& run : log.runs) {
      for (const auto& [site, count] : run.failures_by_site) failures[site].first += count;
    }
    if (log.runs.empty()) continue;
    for (const auto& [site, count] : log.runs.back().failures_by_site) failures[site].second += count;
  }
  if (run_count == 0) {
    out << "\nno crawl run recorded (runs.jsonl)\n";
    return;
  }
  out << "\nfailures per site (" << run_count << (run_count == 1 ? " run" : " runs") << "):\n";
  if (failures.empty()) out << "none\n";
  if (!failures.empty()) {
    size_t site_width = 4;
    for (const auto& [site, counts] : failures) site_width = std::max(site_width, site.size());
    out << std::left << std::setw(static_cast<int>(site_width)) << "site" << std::right << std::setw(10) << "all runs"
        << std::setw(10) << "last run"
        << "\n";
    for (const auto& [site, counts] : failures) {
      out << std::left << std::setw(static_cast<int>(site_width)) << site << std::right << std::setw(10) << counts.first
          << std::setw(10) << counts.second << "\n";
    }
  }
  PrintBlocked(logs, out);
  PrintRuleHealth(logs, out);
  out << "\n";
  for (const corpus::RunLog& log : logs) {
    if (log.runs.empty()) continue;
    out << "last run" << (logs.size() > 1 ? " of " + log.corpus : std::string()) << ": " << RunSummary(log.runs.back())
        << "\n";
  }
}

}  // namespace

int RunStatsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; }) !=
      args.end()) {
    out << kStatsUsage;
    return kExitOk;
  }
  std::vector<std::string> corpora;
  Days as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  try {
    ParsedArgs parsed = ParseArgs(args, {"--corpus", "--as-of"}, {});
    if (!parsed.positional.empty()) throw UsageError("unexpected argument '" + parsed.positional.front() + "'");
    corpora = parsed.Values("--corpus");
    if (corpora.empty()) throw UsageError("missing --corpus");
    for (const std::string& directory : corpora) {
      if (std::optional<std::string> problem = corpus::manifest::CorpusDirectoryProblem(directory)) {
        throw BadValue(*problem);
      }
    }
    if (parsed.values.count("--as-of") > 0) {
      std::string value = parsed.Value("--as-of");
      std::optional<Days> day = value.size() == 10 ? ParseDay(value) : std::nullopt;
      if (!day) throw BadValue("--as-of: '" + value + "' is not a date (YYYY-MM-DD)");
      as_of = *day;
    }
  } catch (const BadValue& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kStatsUsage;
    return kExitUsage;
  }

  corpus::manifest::ReadResult read = corpus::manifest::ReadManifests(corpora, err);
  int problems = read.problems;
  std::vector<corpus::RunLog> logs;
  for (const std::string& directory : corpora) logs.push_back(corpus::ReadRunLog(directory, err, problems));

  out << "corpus: ";
  for (size_t i = 0; i < corpora.size(); ++i) out << (i > 0 ? ", " : "") << corpora[i];
  out << "\n";
  PrintArticles(read, as_of, out);
  PrintRuns(logs, out);
  return problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

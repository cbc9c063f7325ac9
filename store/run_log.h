// runs.jsonl: one line per crawl run, appended by `pressoir crawl` when a run ends and read by
// `pressoir stats`. The one home of its format.
//
// Each line is one JSON object (keys in alphabetical order): started_at, finished_at (ISO 8601
// UTC), seconds, the counters of the run (pages_fetched, articles_written, articles_updated,
// already_in_corpus, unchanged, not_articles, feeds, failures, retries, redirects,
// robots_disallowed, bytes), blocked (pages served as a consent wall, bot challenge, paywall
// stub or error page instead of the page, never written) and blocked_by_site (site -> page
// type -> count; absent from lines of earlier versions), failures_by_reason and
// failures_by_site (objects of counts),
// unreachable_hosts (the origins that could not be reached, each also one failure with the
// reason "host-unreachable"), interrupted (stopped by a signal or a budget), corpus_error (""
// or why writing the corpus failed) and error ("" or the fault that ended the run: the state
// or the frontier failed, or processing a page threw), rule_health (site -> RuleHealth below,
// for the rules with body selectors; absent from lines of earlier versions) and
// unhealthy_rules (how many of them looked rotten this run).
#ifndef PRESSOIR_STORE_RUN_LOG_H_
#define PRESSOIR_STORE_RUN_LOG_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace pressoir::corpus {

inline constexpr char kRunLogFileName[] = "runs.jsonl";

// The health of one site rule in one run: did its body selectors still find the articles?
// Filled by the crawl (crawler/rule_health.h, which also decides `problem`).
struct RuleHealth {
  std::string rule_file;          // the rule's file, for the stderr line
  int64_t pages = 0;              // HTML pages of the site extracted this run, blocked ones included
  int64_t article_pages = 0;      // not blocked, and articles by the rule's article_urls (else page type)
  int64_t body_matched = 0;       // article pages whose text a body selector found
  int64_t fallbacks = 0;          // article pages the generic extractor had to extract instead
  int64_t blocked = 0;            // consent walls, challenges, paywall stubs, error pages
  int64_t median_body_chars = 0;  // of the article pages' bodies (0: none)
  std::map<std::string, int64_t> selector_hits;  // body selector -> article pages it found
  std::string problem;  // "" (healthy, or too few article pages to tell) or why it looks rotten
};

// One run (see above for each field).
struct RunRecord {
  std::string started_at;
  std::string finished_at;
  double seconds = 0;
  int64_t pages_fetched = 0;
  int64_t articles_written = 0;
  int64_t articles_updated = 0;
  int64_t already_in_corpus = 0;
  int64_t unchanged = 0;
  int64_t not_articles = 0;
  int64_t blocked = 0;
  std::map<std::string, std::map<std::string, int64_t>> blocked_by_site;  // site -> page type -> pages
  int64_t feeds = 0;
  int64_t failures = 0;
  int64_t retries = 0;
  int64_t redirects = 0;
  int64_t robots_disallowed = 0;
  int64_t bytes = 0;
  std::map<std::string, int64_t> failures_by_reason;
  std::map<std::string, int64_t> failures_by_site;
  std::vector<std::string> unreachable_hosts;
  bool interrupted = false;
  std::string corpus_error;
  std::string error;
  std::map<std::string, RuleHealth> rule_health;  // site -> health
  int64_t unhealthy_rules = 0;
};

// The line as written, without its newline.
std::string FormatRunLine(const RunRecord& run);

// Appends `run` to <corpus_directory>/runs.jsonl in one write. A torn last line (a disk that
// filled up during an earlier append) is cut off first, and a failed append is cut back, so
// that every line stays one whole JSON object. Returns "" or the reason it failed.
std::string AppendRun(const std::string& corpus_directory, const RunRecord& run);

struct RunLog {
  std::string corpus;           // the directory, as given
  std::vector<RunRecord> runs;  // in file order; the last is the last run
};

// Reads <corpus>/runs.jsonl. Missing or mistyped fields read as zero or empty. A torn last
// line (run killed while appending) is skipped with a warning to `err`; other bad lines are
// errors (naming the file and line) counted in `problems`. No file: no runs yet.
RunLog ReadRunLog(const std::string& corpus, std::ostream& err, int& problems);

}  // namespace pressoir::corpus

#endif  // PRESSOIR_STORE_RUN_LOG_H_

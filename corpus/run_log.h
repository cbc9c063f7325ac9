// <corpus>/runs.jsonl: one JSON object per crawl run, appended by `pressoir crawl` when a run
// ends and read by `pressoir stats`. The keys are the fields of RunRecord, in alphabetical
// order; counts are integers, failures_by_reason and failures_by_site objects of counts.
#ifndef PRESSOIR_CORPUS_RUN_LOG_H_
#define PRESSOIR_CORPUS_RUN_LOG_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace pressoir::corpus {

inline constexpr char kRunLogFileName[] = "runs.jsonl";

// One run, as the crawl summarizes it.
struct RunRecord {
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;  // ISO 8601 UTC
  double seconds = 0;
  int64_t pages_fetched = 0;
  int64_t articles_written = 0;
  int64_t articles_updated = 0;
  int64_t already_in_corpus = 0;
  int64_t unchanged = 0;
  int64_t not_articles = 0;
  int64_t feeds = 0;
  int64_t failures = 0;
  int64_t retries = 0;
  int64_t redirects = 0;
  int64_t robots_disallowed = 0;
  int64_t bytes = 0;
  std::map<std::string, int64_t> failures_by_reason;  // "http-404", "timeout", ...
  std::map<std::string, int64_t> failures_by_site;
  bool interrupted = false;
  std::string corpus_error;  // empty: the corpus was written without error
};

// The runs of one corpus directory.
struct RunLog {
  std::string corpus;           // the directory, as given
  std::vector<RunRecord> runs;  // in file order; the last is the last run
};

// Appends `run` to <corpus_directory>/runs.jsonl in one write. A torn last line (a disk that
// filled up during an earlier append) is cut off first, and a failed append is cut back, so
// that every line stays one whole JSON object. Returns "" or the reason.
std::string AppendRun(const std::string& corpus_directory, const RunRecord& run);

// Reads <corpus_directory>/runs.jsonl. A torn last line (a run killed while appending) is
// skipped with a warning to `err`; other bad lines are errors, reported and counted in
// `problems`. No file: no runs yet. Fields absent or not of their type are left at their
// defaults.
RunLog ReadRunLog(const std::string& corpus_directory, std::ostream& err, int& problems);

}  // namespace pressoir::corpus

#endif  // PRESSOIR_CORPUS_RUN_LOG_H_

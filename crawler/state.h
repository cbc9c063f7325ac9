// The crawl state: an SQLite database (WAL mode) in the state directory that remembers, from
// run to run, every URL seen and the frontier of URLs due for a fetch.
//
// One row per normalized URL holds its site, host, depth and kind (page or feed), when it is
// next due (NULL: not scheduled), its attempts, its validators (ETag, Last-Modified), the
// SHA-256 of the last body, the last outcome and the corpus id of the article it produced.
// The frontier is the set of rows with a due time; it lives on disk, and the crawler keeps only
// a small window of it in memory per host, so memory stays flat however many URLs are queued.
//
// Leases: a row handed to the crawler is stamped with the current run's number, so it is not
// handed out twice in one run. A run killed with SIGKILL leaves its leased rows due; the next
// run (a new number) takes them again: delivery is at least once, and the corpus, keyed by
// article id, stays exactly once.
//
// Threading: not thread-safe; the crawler uses it from its io thread only.
#ifndef PRESSOIR_CRAWLER_STATE_H_
#define PRESSOIR_CRAWLER_STATE_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/file_lock.h"

// SQLite is this unit's implementation detail: its handles are only named here.
struct sqlite3;
struct sqlite3_stmt;

namespace pressoir::state {

class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class UrlKind { kPage = 0, kFeed = 1 };

struct FrontierEntry {
  std::string url;   // normalized
  std::string site;  // rule name, or host for ad-hoc start URLs
  std::string host;  // origin: scheme://host[:port]
  int depth = 0;
  UrlKind kind = UrlKind::kPage;
  int priority = 0;  // higher first
  int attempts = 0;
  int redirect_hops = 0;  // redirects followed to reach this URL (bounded by max_redirects)
  std::string etag;
  std::string last_modified;
  std::string content_hash;
  std::string article_id;                // set when the URL produced an article
  std::optional<int64_t> last_fetch_ms;  // unix ms of the last fetch, if any
};

// What the crawler learned from fetching a URL.
struct FetchRecord {
  std::string url;
  std::string outcome;  // "ok", "unchanged", "http-404", "timeout", ...
  std::string etag;
  std::string last_modified;
  std::string content_hash;
  std::string article_id;              // empty when not an article
  std::optional<int64_t> next_due_ms;  // unix ms of the next visit; nullopt: never again
  // Unix ms of the fetch, stored as the URL's last fetch. The crawl sets it from its clock
  // (clock.h); unset: NowMs().
  std::optional<int64_t> fetched_ms;
  int attempts = 0;
  // True for a retry later in this same run (the lease is dropped so the URL can be handed
  // out again); false for a visit in a later run.
  bool retry_this_run = false;
};

class CrawlState {
 public:
  // Opens (creating if needed) <directory>/state.sqlite3. Throws StateError.
  explicit CrawlState(const std::string& directory);
  ~CrawlState();
  CrawlState(const CrawlState&) = delete;
  CrawlState& operator=(const CrawlState&) = delete;

  // The number of this run (1 for the first run of a state directory).
  int64_t run() const { return run_; }
  // The database file.
  const std::string& path() const { return path_; }

  // Adds a URL if it was never seen. Returns true when it is new. `due_ms` schedules it.
  bool AddIfNew(const FrontierEntry& entry, int64_t due_ms);
  // Makes a URL due at `due_ms` (adding it when unknown) unless it is already due earlier or
  // was handed out in this run. Start URLs and feeds are re-scheduled this way each run.
  void ScheduleAt(const FrontierEntry& entry, int64_t due_ms);

  // Hosts that have URLs due at or before `now_ms` and not leased in this run.
  std::vector<std::string> HostsWithDueUrls(int64_t now_ms);
  // Up to `limit` due URLs of `host`, best priority first, leased to this run.
  std::vector<FrontierEntry> LeaseDue(const std::string& host, int64_t now_ms, int limit);
  // The earliest due time of URLs not leased in this run, if any.
  std::optional<int64_t> NextDueMs();

  // Records the result of a fetch; the row keeps its lease for this run.
  void Record(const FetchRecord& record);
  // Gives a leased URL back without a fetch (a run stopping early): due again as before.
  void Release(const std::string& url);

  std::optional<FrontierEntry> Lookup(const std::string& url);
  int64_t CountDue();
  int64_t CountUrls();

  // Groups writes into one transaction (much faster than one per statement). Nesting is
  // not supported; Commit() without Begin() is a no-op.
  void Begin();
  void Commit();

  // Key/value store for small pieces of persistent state (e.g. learned boilerplate).
  std::optional<std::string> Get(const std::string& key);
  void Put(const std::string& key, const std::string& value);
  // Every (key, value) whose key starts with `prefix`.
  std::vector<std::pair<std::string, std::string>> GetPrefixed(const std::string& prefix);

 private:
  sqlite3_stmt* Prepare(const char* sql);
  void Exec(const char* sql);
  [[noreturn]] void Fail(const std::string& what);

  std::string path_;
  sqlite3* db_ = nullptr;
  int64_t run_ = 0;
  bool in_transaction_ = false;
  struct Statements;
  Statements* statements_ = nullptr;
};

// Exclusive lock on a state directory for the lifetime of the object (flock on
// <directory>/lock, released by the kernel if the process dies; base/file_lock.h).
class StateLock {
 public:
  // Creates the directory if needed. Returns nullopt when another process holds the lock,
  // and then sets `*holder_pid` (when given) to its pid, or "" when unknown; throws
  // StateError when the directory or lock file cannot be created.
  static std::optional<StateLock> Acquire(const std::string& directory, std::string* holder_pid = nullptr);

 private:
  explicit StateLock(file_lock::FileLock lock) : lock_(std::move(lock)) {}
  file_lock::FileLock lock_;
};

// The real wall time in unix ms. The crawl passes times from its own clock (clock.h) instead.
int64_t NowMs();

}  // namespace pressoir::state

#endif  // PRESSOIR_CRAWLER_STATE_H_

// SQLite crawl state (see state.h).
#include "crawler/state.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>

namespace pressoir::state {
namespace {

// Schema version 1. `leased_due_ms` keeps the due time of a URL handed out to a run; a row
// leased by a run that died is put back at the next open.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS urls (
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  host TEXT NOT NULL,
  depth INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  priority INTEGER NOT NULL DEFAULT 0,
  due_ms INTEGER,
  leased_due_ms INTEGER,
  lease_run INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  redirect_hops INTEGER NOT NULL DEFAULT 0,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL DEFAULT '',
  last_outcome TEXT NOT NULL DEFAULT '',
  last_fetch_ms INTEGER,
  article_id TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS urls_frontier ON urls(host, priority DESC, due_ms) WHERE due_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS urls_leased ON urls(leased_due_ms) WHERE leased_due_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

constexpr const char* kEntryColumns =
    "url, site, host, depth, kind, priority, attempts, etag, last_modified, content_hash, article_id, last_fetch_ms, "
    "redirect_hops";

struct StatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

}  // namespace

struct CrawlState::Statements {
  sqlite3_stmt* add = nullptr;
  sqlite3_stmt* schedule = nullptr;
  sqlite3_stmt* hosts = nullptr;
  sqlite3_stmt* select_due = nullptr;
  sqlite3_stmt* lease = nullptr;
  sqlite3_stmt* next_due = nullptr;
  sqlite3_stmt* record = nullptr;
  sqlite3_stmt* release = nullptr;
  sqlite3_stmt* lookup = nullptr;
  sqlite3_stmt* get = nullptr;
  sqlite3_stmt* put = nullptr;
  std::vector<sqlite3_stmt*> All() const {
    return {add, schedule, hosts, select_due, lease, next_due, record, release, lookup, get, put};
  }
};

namespace {

// Binds and resets around one use of a cached statement.
class Use {
 public:
  explicit Use(sqlite3_stmt* statement) : statement_(statement) {}
  ~Use() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  Use& Text(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Use& Int(int index, int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  Use& OptionalInt(int index, std::optional<int64_t> value) {
    if (value) {
      sqlite3_bind_int64(statement_, index, *value);
    } else {
      sqlite3_bind_null(statement_, index);
    }
    return *this;
  }
  int Step() { return sqlite3_step(statement_); }
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

std::string ColumnText(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text == nullptr ? "" : reinterpret_cast<const char*>(text);
}

FrontierEntry ReadEntry(sqlite3_stmt* statement) {
  FrontierEntry entry;
  entry.url = ColumnText(statement, 0);
  entry.site = ColumnText(statement, 1);
  entry.host = ColumnText(statement, 2);
  entry.depth = sqlite3_column_int(statement, 3);
  entry.kind = static_cast<UrlKind>(sqlite3_column_int(statement, 4));
  entry.priority = sqlite3_column_int(statement, 5);
  entry.attempts = sqlite3_column_int(statement, 6);
  entry.etag = ColumnText(statement, 7);
  entry.last_modified = ColumnText(statement, 8);
  entry.content_hash = ColumnText(statement, 9);
  entry.article_id = ColumnText(statement, 10);
  if (sqlite3_column_type(statement, 11) != SQLITE_NULL) entry.last_fetch_ms = sqlite3_column_int64(statement, 11);
  entry.redirect_hops = sqlite3_column_int(statement, 12);
  return entry;
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

CrawlState::CrawlState(const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw StateError(directory + ": cannot create state directory: " + ec.message());
  path_ = (std::filesystem::path(directory) / "state.sqlite3").string();
  if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StateError(path_ + ": cannot open: " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    // WAL: readers never block the writer, and a crash (even kill -9) never corrupts the
    // database; synchronous=NORMAL loses at most the last transactions on power loss.
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=NORMAL");
    Exec(kSchema);
    statements_ = new Statements;
    statements_->add = Prepare(
        "INSERT OR IGNORE INTO urls (url, site, host, depth, kind, priority, due_ms, redirect_hops) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    statements_->schedule = Prepare(
        "INSERT INTO urls (url, site, host, depth, kind, priority, due_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(url) DO UPDATE SET due_ms = CASE "
        "  WHEN lease_run IS ?8 THEN due_ms "
        "  WHEN due_ms IS NOT NULL AND due_ms <= excluded.due_ms THEN due_ms "
        "  ELSE excluded.due_ms END");
    statements_->hosts =
        Prepare("SELECT DISTINCT host FROM urls WHERE due_ms IS NOT NULL AND due_ms <= ?1 AND lease_run IS NOT ?2");
    statements_->select_due =
        Prepare((std::string("SELECT ") + kEntryColumns +
                 " FROM urls WHERE host = ?1 AND due_ms IS NOT NULL AND due_ms <= ?2 AND lease_run IS NOT ?3 "
                 "ORDER BY priority DESC, due_ms LIMIT ?4")
                    .c_str());
    statements_->lease =
        Prepare("UPDATE urls SET leased_due_ms = due_ms, due_ms = NULL, lease_run = ?2 WHERE url = ?1");
    statements_->next_due = Prepare("SELECT MIN(due_ms) FROM urls WHERE due_ms IS NOT NULL AND lease_run IS NOT ?1");
    statements_->record = Prepare(
        "UPDATE urls SET due_ms = ?2, leased_due_ms = NULL, attempts = ?3, etag = ?4, last_modified = ?5, "
        "content_hash = ?6, last_outcome = ?7, last_fetch_ms = ?8, "
        "article_id = CASE WHEN ?9 = '' THEN article_id ELSE ?9 END, "
        "lease_run = CASE WHEN ?10 THEN NULL ELSE lease_run END WHERE url = ?1");
    statements_->release = Prepare(
        "UPDATE urls SET due_ms = leased_due_ms, leased_due_ms = NULL, lease_run = NULL "
        "WHERE url = ?1 AND leased_due_ms IS NOT NULL");
    statements_->lookup = Prepare((std::string("SELECT ") + kEntryColumns + " FROM urls WHERE url = ?1").c_str());
    statements_->get = Prepare("SELECT value FROM kv WHERE key = ?1");
    statements_->put = Prepare("INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");

    // A new run: its number, and the URLs that a killed run had taken are due again.
    Begin();
    run_ = std::stoll(Get("runs").value_or("0")) + 1;
    Put("runs", std::to_string(run_));
    Exec("UPDATE urls SET due_ms = leased_due_ms, leased_due_ms = NULL WHERE leased_due_ms IS NOT NULL");
    Commit();
  } catch (...) {
    if (statements_ != nullptr) {
      for (sqlite3_stmt* statement : statements_->All()) sqlite3_finalize(statement);
      delete statements_;
      statements_ = nullptr;
    }
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

CrawlState::~CrawlState() {
  if (in_transaction_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (statements_ != nullptr) {
    for (sqlite3_stmt* statement : statements_->All()) sqlite3_finalize(statement);
    delete statements_;
  }
  sqlite3_close(db_);
}

void CrawlState::Fail(const std::string& what) { throw StateError(path_ + ": " + what + ": " + sqlite3_errmsg(db_)); }

sqlite3_stmt* CrawlState::Prepare(const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
    Fail("cannot prepare statement");
  }
  return statement;
}

void CrawlState::Exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw StateError(path_ + ": " + message);
  }
}

void CrawlState::Begin() {
  if (in_transaction_) return;
  Exec("BEGIN IMMEDIATE");
  in_transaction_ = true;
}

void CrawlState::Commit() {
  if (!in_transaction_) return;
  Exec("COMMIT");
  in_transaction_ = false;
}

bool CrawlState::AddIfNew(const FrontierEntry& entry, int64_t due_ms) {
  Use use(statements_->add);
  use.Text(1, entry.url).Text(2, entry.site).Text(3, entry.host).Int(4, entry.depth);
  use.Int(5, static_cast<int>(entry.kind)).Int(6, entry.priority).Int(7, due_ms).Int(8, entry.redirect_hops);
  if (use.Step() != SQLITE_DONE) Fail("cannot add URL");
  return sqlite3_changes(db_) > 0;
}

void CrawlState::ScheduleAt(const FrontierEntry& entry, int64_t due_ms) {
  Use use(statements_->schedule);
  use.Text(1, entry.url).Text(2, entry.site).Text(3, entry.host).Int(4, entry.depth);
  use.Int(5, static_cast<int>(entry.kind)).Int(6, entry.priority).Int(7, due_ms).Int(8, run_);
  if (use.Step() != SQLITE_DONE) Fail("cannot schedule URL");
}

std::vector<std::string> CrawlState::HostsWithDueUrls(int64_t now_ms) {
  std::vector<std::string> hosts;
  Use use(statements_->hosts);
  use.Int(1, now_ms).Int(2, run_);
  int code;
  while ((code = use.Step()) == SQLITE_ROW) hosts.push_back(ColumnText(use.get(), 0));
  if (code != SQLITE_DONE) Fail("cannot list hosts");
  return hosts;
}

std::vector<FrontierEntry> CrawlState::LeaseDue(const std::string& host, int64_t now_ms, int limit) {
  std::vector<FrontierEntry> entries;
  {
    Use use(statements_->select_due);
    use.Text(1, host).Int(2, now_ms).Int(3, run_).Int(4, limit);
    int code;
    while ((code = use.Step()) == SQLITE_ROW) entries.push_back(ReadEntry(use.get()));
    if (code != SQLITE_DONE) Fail("cannot read the frontier");
  }
  for (const FrontierEntry& entry : entries) {
    Use use(statements_->lease);
    use.Text(1, entry.url).Int(2, run_);
    if (use.Step() != SQLITE_DONE) Fail("cannot lease URL");
  }
  return entries;
}

std::optional<int64_t> CrawlState::NextDueMs() {
  Use use(statements_->next_due);
  use.Int(1, run_);
  if (use.Step() != SQLITE_ROW) Fail("cannot read the frontier");
  if (sqlite3_column_type(use.get(), 0) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(use.get(), 0);
}

void CrawlState::Record(const FetchRecord& record) {
  Use use(statements_->record);
  use.Text(1, record.url).OptionalInt(2, record.next_due_ms).Int(3, record.attempts).Text(4, record.etag);
  use.Text(5, record.last_modified)
      .Text(6, record.content_hash)
      .Text(7, record.outcome)
      .Int(8, record.fetched_ms.value_or(NowMs()));
  use.Text(9, record.article_id).Int(10, record.retry_this_run ? 1 : 0);
  if (use.Step() != SQLITE_DONE) Fail("cannot record fetch");
}

void CrawlState::Release(const std::string& url) {
  Use use(statements_->release);
  use.Text(1, url);
  if (use.Step() != SQLITE_DONE) Fail("cannot release URL");
}

std::optional<FrontierEntry> CrawlState::Lookup(const std::string& url) {
  Use use(statements_->lookup);
  use.Text(1, url);
  int code = use.Step();
  if (code == SQLITE_ROW) return ReadEntry(use.get());
  if (code != SQLITE_DONE) Fail("cannot look up URL");
  return std::nullopt;
}

int64_t CrawlState::CountDue() {
  std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(
      Prepare("SELECT COUNT(*) FROM urls WHERE due_ms IS NOT NULL"));
  if (sqlite3_step(statement.get()) != SQLITE_ROW) Fail("cannot count");
  return sqlite3_column_int64(statement.get(), 0);
}

int64_t CrawlState::CountUrls() {
  std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(Prepare("SELECT COUNT(*) FROM urls"));
  if (sqlite3_step(statement.get()) != SQLITE_ROW) Fail("cannot count");
  return sqlite3_column_int64(statement.get(), 0);
}

std::optional<std::string> CrawlState::Get(const std::string& key) {
  Use use(statements_->get);
  use.Text(1, key);
  int code = use.Step();
  if (code == SQLITE_ROW) return ColumnText(use.get(), 0);
  if (code != SQLITE_DONE) Fail("cannot read key");
  return std::nullopt;
}

void CrawlState::Put(const std::string& key, const std::string& value) {
  Use use(statements_->put);
  use.Text(1, key).Text(2, value);
  if (use.Step() != SQLITE_DONE) Fail("cannot write key");
}

std::vector<std::pair<std::string, std::string>> CrawlState::GetPrefixed(const std::string& prefix) {
  std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(
      Prepare("SELECT key, value FROM kv WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key"));
  sqlite3_bind_text(statement.get(), 1, prefix.data(), static_cast<int>(prefix.size()), SQLITE_TRANSIENT);
  std::vector<std::pair<std::string, std::string>> entries;
  int code;
  while ((code = sqlite3_step(statement.get())) == SQLITE_ROW) {
    entries.emplace_back(ColumnText(statement.get(), 0), ColumnText(statement.get(), 1));
  }
  if (code != SQLITE_DONE) Fail("cannot read keys");
  return entries;
}

std::optional<StateLock> StateLock::Acquire(const std::string& directory, std::string* holder_pid) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw StateError(directory + ": cannot create state directory: " + ec.message());
  file_lock::Attempt attempt = file_lock::FileLock::TryAcquire((std::filesystem::path(directory) / "lock").string());
  if (!attempt.error.empty()) throw StateError(attempt.error);
  if (!attempt.lock) {
    if (holder_pid != nullptr) *holder_pid = attempt.holder_pid;
    return std::nullopt;
  }
  return StateLock(std::move(*attempt.lock));
}

}  // namespace pressoir::state

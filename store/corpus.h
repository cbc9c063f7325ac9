// The store module: the corpus on disk, written and read back. (Named store/, not corpus/,
// because ./corpus is the crawl's default output directory.) It may depend on base/ only (no
// crawler, extractor or config type reaches it): the crawler hands it ArticleRecords, the
// commands read it through manifest.h, run_log.h and output_format.h.
//  - corpus.h (this file): CorpusWriter, the crash-safe writer of articles and manifest lines;
//  - manifest.h: the manifest's format, and reading the manifests of one or more corpora;
//  - run_log.h: runs.jsonl, one line per crawl run;
//  - near_dup.h: SimHash near-duplicate detection;
//  - article_index.h: the writer's compact per-article state (packed ids, raw SHA-256s);
//  - output_format.h: the txt and jsonl formats of `pressoir dump`, atomic output files.
//
// The corpus: one UTF-8 text file per article and one JSON line per article in manifest.jsonl.
//
// Layout: <corpus>/<site>/<YYYY>/<MM>/<id>.txt, where <id> is the first 16 hex digits of the
// SHA-256 of the article's canonical URL (stable across runs) and YYYY/MM come from the
// article's date, else from the fetch date. Every file is written to a temporary name in the
// same directory, fsynced (or synced with its batch: SyncMode below), then renamed, so a
// reader (or a crash) never sees a partial file; the manifest line is appended (one write,
// fsynced) only after the rename is durable (its directory fsynced).
//
// Group commit: articles finished at about the same time by several threads share the
// manifest fsync. The first thread to arrive (its file and directory synced, SyncMode below)
// passes the commit barrier once for every waiting article (CommitBarrier: the crawl's WARC
// records), appends all their lines in one write and fsyncs the manifest once; the others
// wait for it. Fsyncs dominate the cost of a write on most disks, so this is what lets the
// corpus keep up with the fetcher.
//
// Crash safety (kill -9 at any moment): before a file is written, a line "<id> <path>" in the
// journal <corpus>/.pending/journal.log names it; the journal is emptied whenever no write is
// in progress (one append per article, no file created and deleted per article: on ext4
// without a journal, each deleted inode slows every later inode allocation for a minute).
// At start, a torn last manifest line is cut off, and for every journal entry whose id has no
// manifest line the file (and its temporary) is deleted; an update whose line never got
// written gets its previous text back from <corpus>/.pending/<id>.old. The corpus never holds
// a file without its manifest line, nor a manifest line without its file. (Corpora written by
// earlier versions, with one journal file <corpus>/.pending/<id> per article, recover too.) The crawler records the
// article in its state only after Write() returns, so an article lost this way is fetched again.
//
// Compaction: an article re-written with a new text (kUpdated) gets a second manifest line
// during the run. CompactManifest(), called when a run ends, rewrites the manifest with one
// line per article (the last line of each id, at the position of its first) into
// manifest.jsonl.compacting, fsyncs it and renames it over manifest.jsonl, then fsyncs the
// directory. A kill -9 at any moment leaves either the old manifest (and maybe a partial
// .compacting file, which readers never open and the next run deletes) or the compacted one:
// both describe the same articles, since readers take the last line of an id.
//
// One writer at a time: the writer holds an exclusive lock on <corpus>/.lock (flock, see
// base/file_lock.h) from construction to destruction, taken before the crash recovery; a second
// writer (a crawl run with another state directory, started on the same corpus) is refused
// with CorpusLocked instead of racing the first one's renames and manifest lines. Readers
// (manifest.h: dump, stats) take no lock: files appear by rename and lines by whole appends.
//
// Near duplicates: each line carries the article's SimHash ("simhash"); an article within
// 3 bits of an earlier one (the same wire story on two sites) gets "near_duplicate_of": <id>.
#ifndef PRESSOIR_STORE_CORPUS_H_
#define PRESSOIR_STORE_CORPUS_H_

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/file_lock.h"
#include "store/article_index.h"
#include "store/near_dup.h"

namespace pressoir::corpus {

struct ArticleRecord {
  std::string url;            // the URL fetched (after redirects)
  std::string canonical_url;  // from the page; `url` when the page names none
  std::string site;           // rule name, or the host for ad-hoc start URLs
  std::string title;
  std::string date;  // ISO 8601 or empty
  std::vector<std::string> authors;
  std::string language;
  std::string date_modified;    // ISO 8601 or empty
  std::string language_source;  // "declared", "detected", "rule" or empty
  std::string fetched_at;       // ISO 8601 UTC
  std::string extractor;        // which cascade step produced the text
  std::string page_type;        // "article" (extractors/page_type.h); empty: not recorded
  double confidence = 0;        // in [0, 1]: the text is the whole article and nothing else
  std::string text;             // title, blank line, body
  // Provenance (manifest.h): the archived response record, empty when none; the rule file's
  // SHA-256, empty for the generic extractor; the version of pressoir.
  std::string warc_filename;
  int64_t warc_offset = 0;
  int64_t warc_length = 0;
  std::string rule_sha256;
  std::string pressoir_version;
};

struct WriteResult {
  // kUpdated: the id was in the corpus with another text; the file was replaced and a new
  // manifest line (with "updated": true) appended. Readers take the last line of an id.
  enum class Status { kWritten, kUpdated, kAlreadyPresent };
  Status status = Status::kWritten;
  std::string path;  // relative to the corpus directory
  std::string sha256;
  std::string id;
  std::string near_duplicate_of;  // id of an earlier near-identical article, or empty
};

// Thrown when the corpus cannot be written (disk full, read-only, permissions). The corpus is
// left consistent: nothing of the failed article is visible.
class CorpusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by the CorpusWriter constructor when another writer holds the corpus's lock.
class CorpusLocked : public CorpusError {
 public:
  // `holder_pid`: the pid the holder wrote in the lock file, "" when unknown.
  CorpusLocked(const std::string& directory, std::string holder_pid)
      : CorpusError(directory + ": another process" + (holder_pid.empty() ? "" : " (pid " + holder_pid + ")") +
                    " is writing this corpus"),
        holder_pid_(std::move(holder_pid)) {}
  const std::string& holder_pid() const { return holder_pid_; }

 private:
  std::string holder_pid_;
};

// The lock file of a corpus directory (see "One writer at a time" above).
inline constexpr char kCorpusLockFileName[] = ".lock";

// Makes durable what manifest lines point at outside the corpus, before they are written: the
// crawl's WARC records (ArticleRecord::warc_*). Returns "" or the error. Called by the thread
// that commits a batch, after the batch's Write() calls began, so it must cover everything
// written before them (the crawl: warc::WarcWriter::SyncWritten, one fdatasync per batch).
using CommitBarrier = std::function<std::string()>;

// Where articles go. A small interface so that tests can swap in an in-memory sink.
class CorpusSink {
 public:
  virtual ~CorpusSink() = default;
  virtual WriteResult Write(const ArticleRecord& record) = 0;
  // Sets the barrier that Write() passes before an article's manifest line is written (see
  // CommitBarrier). Call it before the first Write(). A sink that keeps nothing on disk has no
  // line to order and may ignore it (the default).
  virtual void SetCommitBarrier(CommitBarrier barrier) { (void)barrier; }
};

// How an article's file is made durable before its manifest line is appended.
//  - kEachFile: each file is fdatasync'ed by the thread that wrote it, which then fsyncs its
//    directory (an fsync shared by the threads that renamed files into the same directory
//    meanwhile), all before the line goes to the group commit: the threads wait for their
//    flushes at the same time, and the commit's serial part is the barrier and the manifest.
//    Flushes only the corpus's own data: what a crawl uses, since the state and the archive
//    on the same disk have their own syncs.
//  - kBatch: files are written without a sync, and the group commit makes the whole batch
//    durable with one syncfs() of the corpus's file system (file data, inodes and renames
//    alike: Linux's syncfs gives the guarantees of an fsync of every file on it). A batch costs
//    two device flushes (syncfs, then the manifest's fdatasync) instead of one per article plus
//    the directories' and the manifest's; but it also flushes whatever else is dirty on that
//    file system. For a writer with many articles in flight (`pressoir reextract`'s writer
//    threads), where per-article fsyncs are the bottleneck: on the project machine's disk one
//    fdatasync of a new file takes 8.8 ms alone and about 1.1 ms each with 16-64 in flight,
//    while writing files in batches of 64 with one syncfs costs 0.32 ms per file, what writing
//    them without any sync costs. Crash safety is the same in both modes.
enum class SyncMode { kEachFile, kBatch };

// Writes to a directory. Thread-safe: Write() may be called from several extraction threads.
class CorpusWriter : public CorpusSink {
 public:
  // Creates the directory if needed, recovers from a crash (see above) and reads the ids
  // already in its manifest, so that an article is written once however many runs see it.
  // Throws CorpusLocked when another writer holds the directory, CorpusError otherwise.
  explicit CorpusWriter(std::string directory, SyncMode sync_mode = SyncMode::kEachFile);
  ~CorpusWriter() override;
  CorpusWriter(const CorpusWriter&) = delete;
  CorpusWriter& operator=(const CorpusWriter&) = delete;
  WriteResult Write(const ArticleRecord& record) override;
  // The barrier runs once per group commit, with the directory syncs, before the batch's lines
  // are appended; its error fails the batch like a failed sync (CorpusError from Write()).
  void SetCommitBarrier(CommitBarrier barrier) override { barrier_ = std::move(barrier); }
  const std::string& directory() const { return directory_; }

  // Leaves the manifest with exactly one line per article (see "Compaction" above); does
  // nothing when it already has. Meant for the end of a run: a Write() that commits meanwhile
  // waits for it. Returns "" or the error ("<corpus>/manifest.jsonl.compacting: cannot
  // write: ..."); on error the manifest is left as it was (still valid, with repeated ids).
  std::string CompactManifest();

  // Removes articles from the corpus: their manifest lines (every line of each id) and their
  // files (`paths`, relative to the corpus, as the manifest gives them). For `pressoir
  // reextract`, when a page is no longer an article under today's rules. Crash safety: the
  // journal names every file first, then the manifest is rewritten without the ids (as
  // compaction does: a temporary copy, fsynced, renamed), then the files go; a kill -9 before
  // the rename leaves the articles whole, after it the next writer's recovery deletes the files
  // whose ids have no line left. Meant for the end of a run: the ids stay known to this writer
  // (a later Write() of one of them is compared with its old text). Returns "" or the error;
  // on error the manifest is left as it was or without the ids, never torn.
  std::string Remove(const std::vector<std::pair<std::string, std::string>>& ids_and_paths);

 private:
  void Recover();
  // Appends a journal line (creating the journal on first use). Throws CorpusError.
  void AppendJournal(const std::string& line);
  // The write of `id` is over; the journal is emptied when no write is left in progress.
  void FinishWriting(const std::string& id, bool failed);
  struct Commit;
  struct DirectorySync;
  // kEachFile: makes the rename of a file into `directory`, just made by this thread, durable
  // (an fsync of the directory, shared by the threads that renamed into it meanwhile). Returns
  // "" or the error.
  std::string SyncRename(const std::filesystem::path& directory);
  // Makes `commit` (a renamed article file and its manifest line) durable, with whatever
  // other commits are waiting (see "Group commit" above). Returns "" or the error.
  std::string CommitLine(const std::shared_ptr<Commit>& commit);
  // CompactManifest()'s work, done while it holds the manifest, leaving out the lines of the
  // ids in `drop` (Remove()). Returns "" or the error.
  std::string RewriteManifest(const std::unordered_set<std::string>& drop = {});

  std::string directory_;
  SyncMode sync_mode_;
  CommitBarrier barrier_;                    // set before the first Write(); read by the committing thread
  std::optional<file_lock::FileLock> lock_;  // held for the writer's lifetime
  std::mutex mutex_;
  // The sha256 of the manifest's last line per id: one entry per article of the corpus, kept
  // compact (about 51 bytes) since a corpus filled by cron for months holds millions.
  DigestIndex digests_;
  std::unordered_set<std::string> writing_;  // ids being written right now (by any thread)
  // kEachFile: per article directory, the renames into it and those known durable (the map
  // grows by one small entry per directory: a site's months).
  std::unordered_map<std::string, std::unique_ptr<DirectorySync>> directory_syncs_;
  int journal_fd_ = -1;          // .pending/journal.log, opened on the first write
  bool keep_journal_ = false;    // a write failed: leave its entry to the next run's recovery
  size_t superseded_lines_ = 0;  // manifest lines that a later line of the same id replaces
  near_dup::SimHashIndex near_;  // the SimHash of every article (about 32 bytes each)

  // Group commit: commits waiting for the next batch, and whether a thread is syncing one.
  std::mutex commit_mutex_;
  std::condition_variable commit_done_;
  std::vector<std::shared_ptr<Commit>> commit_queue_;
  bool committing_ = false;
};

// Stable id of a canonical URL (16 hex digits of its SHA-256).
std::string ArticleId(const std::string& canonical_url);

}  // namespace pressoir::corpus

#endif  // PRESSOIR_STORE_CORPUS_H_

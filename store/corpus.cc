// Atomic corpus writes and the manifest (see corpus.h).
#include "store/corpus.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "base/digest.h"
#include "store/manifest.h"

namespace pressoir::corpus {
namespace {

namespace fs = std::filesystem;

// <corpus>/.pending/journal.log: one line "<id> <path>" per article being written.
constexpr char kJournalName[] = "journal.log";

// The compacted manifest before it is renamed over manifest.jsonl (see "Compaction").
constexpr char kCompactingSuffix[] = ".compacting";

// Recover() reads the manifest this many bytes at a time.
constexpr size_t kManifestChunkBytes = size_t{1} << 20;

// Recover() sizes the index for the manifest's lines and this many more: room for the run's
// new articles (a sixteenth of the corpus, and at least the floor) before the digest table has
// to grow, which holds the old table and the new one at once.
constexpr size_t kRunHeadroomDivisor = 16;
constexpr size_t kRunHeadroomFloor = 1024;

std::string ErrnoText() { return std::strerror(errno); }

// Writes all of `data` to `fd`, retrying on short writes and EINTR.
bool WriteAll(int fd, const std::string& data) {
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

// Makes `directory` durable (fsync), or with `whole_file_system` everything on the file system
// it is on (syncfs: SyncMode::kBatch). Returns "" or the error.
std::string SyncDirectory(const fs::path& directory, bool whole_file_system = false) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return directory.string() + ": " + ErrnoText();
  const int synced = whole_file_system ? ::syncfs(fd) : ::fsync(fd);
  std::string error =
      synced == 0 ? ""
                  : directory.string() + (whole_file_system ? ": cannot sync the file system: " : ": ") + ErrnoText();
  ::close(fd);
  return error;
}

// An article file holds its text and one final newline (a text file, as `cat` and editors
// expect); the manifest's sha256 is the SHA-256 of those bytes, so that `sha256sum -c` checks
// the files as they are.
std::string FileContents(const std::string& text) { return text + "\n"; }

// True when the manifest's `recorded` sha256 describes `contents`, the bytes of an article
// file. Manifests written before the sha256 covered the final newline recorded the hash of the
// text alone; such a line still describes its file (it is not a changed article).
bool DescribesFile(const DigestIndex::Recorded& recorded, const std::string& contents) {
  if (!recorded) return false;  // a "sha256" that no SHA-256 of ours is written as
  if (*recorded == digest::Sha256(contents)) return true;
  return contents.ends_with('\n') &&
         *recorded == digest::Sha256(std::string_view(contents).substr(0, contents.size() - 1));
}

std::string ReadFileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path TemporaryFor(const fs::path& path) {
  fs::path temporary = path;
  temporary += ".tmp";
  return temporary;
}

// Writes `data` to `path` atomically: temporary file in the same directory (`temporary`, by
// default PATH.tmp), fsync (when `sync`), rename. The rename is durable once the directory is
// fsynced (the caller's job).
void WriteFileAtomically(const fs::path& path, const std::string& data, bool sync, fs::path temporary = {}) {
  if (temporary.empty()) temporary = TemporaryFor(path);
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw CorpusError(temporary.string() + ": cannot create: " + ErrnoText());
  bool ok = WriteAll(fd, data) && (!sync || ::fdatasync(fd) == 0);
  std::string error = ok ? "" : ErrnoText();
  ::close(fd);
  if (!ok) {
    ::unlink(temporary.c_str());
    throw CorpusError(temporary.string() + ": cannot write: " + error);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    error = ErrnoText();
    ::unlink(temporary.c_str());
    throw CorpusError(path.string() + ": cannot rename into place: " + error);
  }
}

std::string YearMonth(const std::string& date, const std::string& fetched_at, std::string& month) {
  const std::string& source = date.size() >= 7 ? date : fetched_at;
  month = source.size() >= 7 ? source.substr(5, 2) : "00";
  return source.size() >= 4 ? source.substr(0, 4) : "0000";
}

}  // namespace

std::string ArticleId(const std::string& canonical_url) { return digest::Sha256Hex(canonical_url).substr(0, 16); }

struct CorpusWriter::DirectorySync {
  std::atomic<uint64_t> renames{0};  // renames into the directory so far
  std::mutex mutex;                  // one fsync at a time; waiting threads share its result
  uint64_t synced = 0;               // renames known durable (under mutex)
};

std::string CorpusWriter::SyncRename(const fs::path& directory) {
  DirectorySync* sync = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<DirectorySync>& slot = directory_syncs_[directory.string()];
    if (!slot) slot = std::make_unique<DirectorySync>();
    sync = slot.get();
  }
  // This thread's rename is done: an fsync that starts from now on covers it.
  const uint64_t mine = ++sync->renames;
  std::lock_guard<std::mutex> lock(sync->mutex);
  if (sync->synced >= mine) return "";  // another thread's fsync began after the rename
  const uint64_t covered = sync->renames.load();
  std::string error = SyncDirectory(directory);
  if (error.empty()) sync->synced = std::max(sync->synced, covered);
  return error;
}

struct CorpusWriter::Commit {
  std::string line;      // the manifest line, with its newline
  bool done = false;     // set by the thread that synced the batch
  bool written = false;  // the line is in the manifest (even if its fsync then failed)
  std::string error;
};

std::string CorpusWriter::CommitLine(const std::shared_ptr<Commit>& commit) {
  std::unique_lock<std::mutex> lock(commit_mutex_);
  commit_queue_.push_back(commit);
  while (!commit->done) {
    if (committing_) {
      commit_done_.wait(lock);
      continue;
    }
    // This thread syncs everything queued so far (its own commit included); commits queued
    // meanwhile go in the next batch.
    committing_ = true;
    std::vector<std::shared_ptr<Commit>> batch;
    batch.swap(commit_queue_);
    lock.unlock();
    std::string error;
    // The renames first (and in kBatch mode the files too): a manifest line must never be on
    // disk before its file.
    // (In kEachFile mode each writer synced its file and its rename before queuing the line.)
    if (sync_mode_ == SyncMode::kBatch) error = SyncDirectory(directory_, /*whole_file_system=*/true);
    // What the lines point at outside the corpus (the crawl's WARC records): durable before
    // the lines, once for the whole batch.
    if (error.empty() && barrier_) {
      try {
        error = barrier_();
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    fs::path manifest = fs::path(directory_) / kManifestFileName;
    std::string lines;
    for (const auto& item : batch) lines += item->line;
    bool written = false;
    if (error.empty()) {
      int fd = ::open(manifest.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd < 0) {
        error = manifest.string() + ": cannot append: " + ErrnoText();
      } else {
        // One write() of whole lines; only this thread appends, so lines never interleave.
        off_t size_before = ::lseek(fd, 0, SEEK_END);
        if (size_before < 0 || !WriteAll(fd, lines)) {
          error = manifest.string() + ": cannot append: " + ErrnoText();
          // A partial line (disk full) would corrupt the next one: cut it off again.
          if (size_before >= 0 && ::ftruncate(fd, size_before) == 0) ::fsync(fd);
        } else {
          written = true;
          if (::fdatasync(fd) != 0) {
            // The lines stay (they may be on disk): the next run's recovery keeps each pair.
            error = manifest.string() + ": cannot sync: " + ErrnoText();
          }
        }
        ::close(fd);
      }
    }
    lock.lock();
    for (const auto& item : batch) {
      item->done = true;
      item->written = written;
      item->error = error;
    }
    committing_ = false;
    commit_done_.notify_all();
  }
  return commit->error;
}

void CorpusWriter::AppendJournal(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (journal_fd_ < 0) {
    std::error_code ec;
    fs::create_directories(fs::path(directory_) / ".pending", ec);
    std::string path = (fs::path(directory_) / ".pending" / kJournalName).string();
    journal_fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (journal_fd_ < 0) throw CorpusError(path + ": cannot open the journal: " + ErrnoText());
  }
  if (!WriteAll(journal_fd_, line)) {
    keep_journal_ = true;  // a partial line: recovery skips what it cannot read
    throw CorpusError(directory_ + "/.pending/" + kJournalName + ": cannot append: " + ErrnoText());
  }
}

void CorpusWriter::FinishWriting(const std::string& id, bool failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  writing_.erase(id);
  // A failed write may leave a file only recovery can judge: its entry stays for the next run.
  if (failed) keep_journal_ = true;
  // With no write in progress, every entry is settled (its manifest line is durable): the
  // journal starts over, so it never holds more than the articles of a busy stretch.
  if (writing_.empty() && !keep_journal_ && journal_fd_ >= 0 && ::ftruncate(journal_fd_, 0) != 0) {
    keep_journal_ = true;
  }
}

CorpusWriter::~CorpusWriter() {
  if (journal_fd_ < 0) return;
  ::close(journal_fd_);
  // Nothing left to recover: a finished run leaves no journal behind.
  if (!keep_journal_ && writing_.empty()) {
    ::unlink((fs::path(directory_) / ".pending" / kJournalName).c_str());
  }
}

CorpusWriter::CorpusWriter(std::string directory, SyncMode sync_mode)
    : directory_(std::move(directory)), sync_mode_(sync_mode) {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) throw CorpusError(directory_ + ": cannot create corpus directory: " + ec.message());
  if (::access(directory_.c_str(), W_OK) != 0) {
    throw CorpusError(directory_ + ": corpus directory is not writable: " + ErrnoText());
  }
  // Before the recovery: another writer's journal entries are its writes in progress, not
  // leftovers of a crash.
  file_lock::Attempt attempt = file_lock::FileLock::TryAcquire((fs::path(directory_) / kCorpusLockFileName).string());
  if (attempt.held_elsewhere) throw CorpusLocked(directory_, attempt.holder_pid);
  if (!attempt.error.empty()) throw CorpusError(attempt.error);
  lock_ = std::move(attempt.lock);
  Recover();
}

void CorpusWriter::Recover() {
  fs::path manifest_path = fs::path(directory_) / kManifestFileName;
  std::error_code ec;
  // A compaction killed before its rename: manifest.jsonl is still whole, the copy goes.
  fs::path compacting = manifest_path;
  compacting += kCompactingSuffix;
  if (fs::remove(compacting, ec); ec) {
    throw CorpusError(compacting.string() + ": cannot remove an interrupted compaction: " + ec.message());
  }
  // A torn last line (killed during the append) is cut off: its article was never reported
  // written, and its journal entry below removes its file. The manifest is read twice, in
  // pieces, rather than held whole: it is some 500 bytes per article, far more than the index
  // built from it. The first pass finds the end of the last whole line and counts the lines,
  // so that the index is allocated once, before it is filled.
  if (fs::exists(manifest_path, ec)) {
    size_t lines = 0;
    size_t keep = 0;  // the bytes up to the last newline
    size_t size = 0;
    {
      std::ifstream in(manifest_path, std::ios::binary);
      std::string chunk(kManifestChunkBytes, '\0');
      while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        const auto got = static_cast<size_t>(in.gcount());
        for (size_t i = 0; i < got; ++i) {
          if (chunk[i] != '\n') continue;
          ++lines;
          keep = size + i + 1;
        }
        size += got;
      }
    }
    if (keep != size && ::truncate(manifest_path.c_str(), static_cast<off_t>(keep)) != 0) {
      throw CorpusError(manifest_path.string() + ": cannot cut a torn last line: " + ErrnoText());
    }
    const size_t room = lines + std::max(lines / kRunHeadroomDivisor, kRunHeadroomFloor);
    digests_.Reserve(room);
    near_.Reserve(room);
    std::ifstream in(manifest_path, std::ios::binary);
    std::string text;
    for (size_t read = 0; read < keep && std::getline(in, text); read += text.size() + 1) {
      std::string why;
      std::optional<ManifestLine> line = ParseManifestLine(text, why);
      if (!line) continue;
      if (digests_.Contains(line->id)) ++superseded_lines_;
      digests_.Set(line->id, digest::FromHex(line->sha256));
      if (auto hash = near_dup::FromHex(line->simhash)) near_.Add(line->id, *hash);
    }
  }
  fs::path pending = fs::path(directory_) / ".pending";
  if (!fs::is_directory(pending, ec)) return;
  // Settles one journal entry: an article file that `relative` names and whose write may not
  // have finished.
  auto settle = [&](const std::string& id, const std::string& relative) {
    if (relative.empty() || relative.find("..") != std::string::npos) return;
    fs::path file = fs::path(directory_) / relative;
    fs::path backup = pending / (id + ".old");
    fs::remove(TemporaryFor(file), ec);
    std::optional<DigestIndex::Recorded> known = digests_.Find(id);
    if (!known) {
      fs::remove(file, ec);  // a new article whose manifest line was never written
    } else if (fs::exists(backup, ec) && !DescribesFile(*known, ReadFileBytes(file))) {
      // An update replaced the file but its manifest line was never written: put back the
      // text the manifest describes.
      if (::rename(backup.c_str(), file.c_str()) != 0) {
        throw CorpusError(file.string() + ": cannot restore after an interrupted update: " + ErrnoText());
      }
    }
    fs::remove(backup, ec);
  };
  {
    // Lines "<id> <path>"; a torn last line (killed during the append) named nothing yet.
    std::ifstream journal(pending / kJournalName);
    for (std::string line; std::getline(journal, line);) {
      size_t space = line.find(' ');
      if (space == std::string::npos || journal.eof()) continue;
      settle(line.substr(0, space), line.substr(space + 1));
    }
  }
  std::vector<fs::path> entries;
  for (const auto& entry : fs::directory_iterator(pending, ec)) entries.push_back(entry.path());
  for (const fs::path& entry : entries) {
    // Entries of earlier versions are files named by bare ids; "<id>.old" is handled with its
    // entry, and "<id>.tmp" is an entry that was never completed (no data write had begun).
    if (entry.has_extension()) continue;
    std::ifstream in(entry);
    std::string relative;
    std::getline(in, relative);
    settle(entry.filename().string(), relative);
  }
  // Everything is settled: the journal, old-style entries and orphan backups go.
  for (const fs::path& entry : entries) fs::remove(entry, ec);
}

WriteResult CorpusWriter::Write(const ArticleRecord& record) {
  const std::string& canonical = record.canonical_url.empty() ? record.url : record.canonical_url;
  std::string id = ArticleId(canonical);
  WriteResult result;
  const std::string contents = FileContents(record.text);
  const digest::Sha256Digest file_digest = digest::Sha256(contents);
  result.sha256 = digest::ToHex(file_digest);
  std::string month;
  std::string year = YearMonth(record.date, record.fetched_at, month);
  fs::path relative = fs::path(record.site) / year / month / (id + ".txt");
  result.path = relative.string();

  result.id = id;

  bool update = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<DigestIndex::Recorded> known = digests_.Find(id);
    if ((known && DescribesFile(*known, contents)) || !writing_.insert(id).second) {
      // Already in the corpus with this text, or another thread is writing this very article.
      result.status = WriteResult::Status::kAlreadyPresent;
      return result;
    }
    update = known.has_value();
  }
  // Hashed only for an article that is written (re-extraction finds most of them unchanged).
  uint64_t simhash = near_dup::ArticleSimHash(record.text);
  if (!update) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto near = near_.FindNear(simhash)) result.near_duplicate_of = *near;
  }
  // Files are written without the lock, so that several extraction threads wait for their
  // fsyncs at the same time (the file system commits them together).
  auto done_writing = [&](bool failed) { FinishWriting(id, failed); };
  fs::path absolute = fs::path(directory_) / relative;
  fs::path backup = fs::path(directory_) / ".pending" / id;
  backup += ".old";
  std::error_code ec;
  try {
    fs::create_directories(absolute.parent_path(), ec);
    if (ec) throw CorpusError(absolute.parent_path().string() + ": cannot create directory: " + ec.message());
    // The journal entry needs no fsync of its own: the article file's fsync below comes after
    // it, and a process killed at any point leaves the page cache to the next run.
    AppendJournal(id + " " + result.path + "\n");
    if (update) {
      // Keep the text the manifest describes until the new line is written (a hard link: no
      // copy; the rename below replaces only the directory entry).
      fs::remove(backup, ec);
      if (::link(absolute.c_str(), backup.c_str()) != 0 && errno != ENOENT) {
        throw CorpusError(backup.string() + ": cannot keep the previous version: " + ErrnoText());
      }
    }
    WriteFileAtomically(absolute, contents, /*sync=*/sync_mode_ == SyncMode::kEachFile);
  } catch (...) {
    done_writing(/*failed=*/true);
    throw;
  }

  ManifestLine line;
  line.id = id;
  line.url = record.url;
  line.canonical_url = canonical;
  line.site = record.site;
  line.title = record.title;
  line.date = record.date;
  line.authors = record.authors;
  line.language = record.language;
  line.fetched_at = record.fetched_at;
  line.date_modified = record.date_modified;
  line.language_source = record.language_source;
  line.path = result.path;
  line.sha256 = result.sha256;
  line.extractor = record.extractor;
  line.page_type = record.page_type;
  line.confidence = record.confidence;
  line.simhash = near_dup::ToHex(simhash);
  line.near_duplicate_of = result.near_duplicate_of;
  line.updated = update;
  line.warc_filename = record.warc_filename;
  line.warc_offset = record.warc_offset;
  line.warc_length = record.warc_length;
  line.rule_sha256 = record.rule_sha256;
  line.pressoir_version = record.pressoir_version;
  auto commit = std::make_shared<Commit>();
  commit->line = FormatManifestLine(line);
  // The rename durable before the line (kBatch: the commit's syncfs does it); a failure is
  // handled below like a failed commit: the file goes.
  std::string error = sync_mode_ == SyncMode::kEachFile ? SyncRename(absolute.parent_path()) : "";
  if (error.empty()) error = CommitLine(commit);
  // A line in the manifest is the article's, even when its fsync failed: its file must stay.
  if (commit->written) {
    std::lock_guard<std::mutex> lock(mutex_);
    digests_.Set(id, file_digest);
    if (update) ++superseded_lines_;
    if (!update) near_.Add(id, simhash);
  }
  if (!error.empty()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // No file without its manifest line: remove a new file, put back an updated one. (If
      // only the final fsync failed, the line stays; the next run's recovery keeps the pair.)
      if (!digests_.Contains(id)) {
        if (!update) {
          fs::remove(absolute, ec);
        } else if (::rename(backup.c_str(), absolute.c_str()) != 0) {
          fs::remove(backup, ec);
        }
      }
    }
    done_writing(/*failed=*/true);  // takes the lock itself
    throw CorpusError(error);
  }
  if (update) fs::remove(backup, ec);  // only an update made one
  done_writing(/*failed=*/false);
  result.status = update ? WriteResult::Status::kUpdated : WriteResult::Status::kWritten;
  return result;
}

std::string CorpusWriter::CompactManifest() {
  // Hold the manifest: no batch is being appended, and none starts until the rename is done.
  std::unique_lock<std::mutex> commit_lock(commit_mutex_);
  commit_done_.wait(commit_lock, [&] { return !committing_; });
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (superseded_lines_ == 0) return "";
  }
  committing_ = true;
  commit_lock.unlock();
  std::string error = RewriteManifest();
  commit_lock.lock();
  committing_ = false;
  commit_done_.notify_all();
  return error;
}

std::string CorpusWriter::Remove(const std::vector<std::pair<std::string, std::string>>& ids_and_paths) {
  if (ids_and_paths.empty()) return "";
  std::unordered_set<std::string> drop;
  std::string journal;
  for (const auto& [id, path] : ids_and_paths) {
    if (path.empty() || path.find("..") != std::string::npos) continue;  // never outside the corpus
    drop.insert(id);
    journal += id + " " + path + "\n";
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::string& id : drop) writing_.insert(id);  // keeps the journal until the files are gone
  }
  auto finish = [&](bool failed) {
    for (const std::string& id : drop) FinishWriting(id, failed);
  };
  try {
    AppendJournal(journal);
  } catch (const CorpusError& e) {
    finish(true);
    return e.what();
  }
  std::unique_lock<std::mutex> commit_lock(commit_mutex_);
  commit_done_.wait(commit_lock, [&] { return !committing_; });
  committing_ = true;
  commit_lock.unlock();
  std::string error = RewriteManifest(drop);
  commit_lock.lock();
  committing_ = false;
  commit_done_.notify_all();
  commit_lock.unlock();
  if (!error.empty()) {
    finish(true);  // the journal stays: the next recovery settles whichever state was reached
    return error;
  }
  std::error_code ec;
  for (const auto& [id, path] : ids_and_paths) {
    if (drop.count(id) == 0) continue;
    fs::remove(fs::path(directory_) / path, ec);
  }
  finish(false);
  return "";
}

std::string CorpusWriter::RewriteManifest(const std::unordered_set<std::string>& drop) {
  const fs::path manifest = fs::path(directory_) / kManifestFileName;
  fs::path compacting = manifest;
  compacting += kCompactingSuffix;
  const std::string contents = ReadFileBytes(manifest);
  // Each line's bytes are kept as they are: the last line of each id, at the place of the
  // first. A line that does not parse (damaged by hand) is kept too: compaction drops only
  // what a later line replaces.
  std::vector<std::string_view> lines;
  std::unordered_map<std::string, size_t> slot_of_id;
  for (size_t start = 0; start < contents.size();) {
    size_t end = contents.find('\n', start);
    end = end == std::string::npos ? contents.size() : end + 1;
    std::string_view line = std::string_view(contents).substr(start, end - start);
    start = end;
    std::string why;
    std::optional<ManifestLine> parsed = ParseManifestLine(line, why);
    if (!parsed || !line.ends_with('\n')) {
      lines.push_back(line);
      continue;
    }
    if (drop.count(parsed->id) > 0) continue;
    auto [slot, inserted] = slot_of_id.emplace(parsed->id, lines.size());
    if (inserted) {
      lines.push_back(line);
    } else {
      lines[slot->second] = line;
    }
  }
  std::string compacted;
  compacted.reserve(contents.size());
  for (std::string_view line : lines) compacted += line;
  try {
    WriteFileAtomically(manifest, compacted, /*sync=*/true, compacting);
  } catch (const CorpusError& e) {
    return e.what();
  }
  if (std::string error = SyncDirectory(directory_); !error.empty()) return error;
  std::lock_guard<std::mutex> lock(mutex_);
  superseded_lines_ = 0;
  return "";
}

}  // namespace pressoir::corpus

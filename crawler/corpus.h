// The corpus: one UTF-8 text file per article and one JSON line per article in manifest.jsonl.
//
// Layout: <corpus>/<site>/<YYYY>/<MM>/<id>.txt, where <id> is the first 16 hex digits of the
// SHA-256 of the article's canonical URL (stable across runs) and YYYY/MM come from the
// article's date, else from the fetch date. Every file is written to a temporary name in the
// same directory, fsynced, then renamed, so a reader (or a crash) never sees a partial file;
// the manifest line is appended (one write, fsynced) only after the rename.
#ifndef PRESSOIR_CRAWLER_CORPUS_H_
#define PRESSOIR_CRAWLER_CORPUS_H_

#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace pressoir::corpus {

struct ArticleRecord {
  std::string url;            // the URL fetched (after redirects)
  std::string canonical_url;  // from the page; `url` when the page names none
  std::string site;           // rule name, or the host for ad-hoc start URLs
  std::string title;
  std::string date;           // ISO 8601 or empty
  std::vector<std::string> authors;
  std::string language;
  std::string fetched_at;     // ISO 8601 UTC
  std::string extractor;      // which cascade step produced the text
  std::string text;           // title, blank line, body
};

struct WriteResult {
  enum class Status { kWritten, kAlreadyPresent };
  Status status = Status::kWritten;
  std::string path;  // relative to the corpus directory
  std::string sha256;
};

// Thrown when the corpus cannot be written (disk full, read-only, permissions). The corpus is
// left consistent: nothing of the failed article is visible.
class CorpusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where articles go. A one-method interface so that tests can swap in an in-memory sink.
class CorpusSink {
 public:
  virtual ~CorpusSink() = default;
  virtual WriteResult Write(const ArticleRecord& record) = 0;
};

// Writes to a directory. Thread-safe: Write() may be called from several extraction threads.
class CorpusWriter : public CorpusSink {
 public:
  // Creates the directory if needed and reads the ids already in its manifest, so that an
  // article is written once however many runs see it. Throws CorpusError.
  explicit CorpusWriter(std::string directory);
  WriteResult Write(const ArticleRecord& record) override;
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::mutex mutex_;
  std::unordered_set<std::string> ids_;  // ids already in the manifest
};

// Stable id of a canonical URL (16 hex digits of its SHA-256).
std::string ArticleId(const std::string& canonical_url);
std::string Sha256Hex(const std::string& data);
// The current time as ISO 8601 UTC ("2026-11-23T13:45:00Z").
std::string NowIso8601();

}  // namespace pressoir::corpus

#endif  // PRESSOIR_CRAWLER_CORPUS_H_

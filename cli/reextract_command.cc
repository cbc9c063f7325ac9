// `pressoir reextract`: today's rules and extractor over the archived responses of a corpus's
// pages (after a rule was fixed), or over other people's WARC files (--from-warc: a corpus of
// the rule sites from CC-NEWS, without crawling).
//
// How: every WARC file is indexed (one pass, files in parallel) for the latest 2xx HTML
// response of each URL; each of those pages then goes through the crawler's page stage
// (crawl::PageProcessor: charset, extraction, the article decision, learned boilerplate, on
// all cores) and the corpus writer (store/corpus.h), which keeps an article whose text is the
// same and rewrites one whose text changed. The writes have threads of their own and are
// synced in batches (SyncMode::kBatch): an fsync per article would leave the cores idle. Pages of the corpus that are
// no longer articles are removed at the end (CorpusWriter::Remove). Crash safety is the corpus writer's: after a kill
// -9 the corpus is consistent, and a second run finds the articles already written unchanged and completes the rest.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/time_format.h"
#include "cli/archived_pages.h"
#include "cli/args.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/crawl.h"
#include "crawler/page_processor.h"
#include "crawler/state.h"
#include "crawler/url.h"
#include "store/corpus.h"
#include "store/manifest.h"
#include "warc/reader.h"

namespace pressoir::cli {

constexpr char kReextractUsage[] =
    "usage: pressoir reextract [--config FILE] [--corpus DIR] [--archive DIR] [--sites DIR]\n"
    "                          [--state DIR] [--site NAME]... [--since DATE] [--jobs N]\n"
    "       pressoir reextract --from-warc FILE.warc.gz... --corpus DIR [--sites DIR] ...\n"
    "\n"
    "Runs today's rules and extractor over the archived responses (the latest 2xx HTML\n"
    "response of each URL in the archive's WARC files): rewrites the articles whose text\n"
    "changed, writes pages that are now articles, and removes from the corpus (files and\n"
    "manifest lines) the pages that no longer are. Prints per site: unchanged, changed,\n"
    "new, removed. With --from-warc, reads the WARC FILEs given instead of the archive, and\n"
    "only pages of sites that have a rule (or are in the corpus already): a corpus of the\n"
    "rule sites from CC-NEWS files without crawling.\n"
    "\n"
    "  --config FILE  crawler config (default: config/crawler.yaml when it exists)\n"
    "  --corpus DIR   the corpus (default: the config's `corpus`)\n"
    "  --archive DIR  the WARC archive (default: the config's `archive`)\n"
    "  --sites DIR    rule files (default: the config's `sites`)\n"
    "  --state DIR    the crawl state, for the boilerplate crawls learned (default: the config's)\n"
    "  --site NAME    only this site (a rule name, or a host without a rule); may be repeated\n"
    "  --since DATE   only the responses archived (fetched) on or after DATE: YYYY-MM-DD (from\n"
    "                midnight UTC) or YYYY-MM-DDThh:mm:ssZ; the corpus's other pages are left\n"
    "                as they are\n"
    "  --jobs N       pages extracted in parallel (default: the config's extract_threads,\n"
    "                else one per core; the corpus is written by threads of its own)\n"
    "\n"
    "It takes the corpus's lock (and the crawl state's, to read the boilerplate crawls learned):\n"
    "a crawl cannot run meanwhile. Killed at any moment, a second run completes the work.\n"
    "\n"
    "Exit codes: 0 success, 1 some record could not be read or the corpus could not be\n"
    "written, 2 usage or configuration error, 3 another process holds the corpus or state lock.\n";

namespace {

// Corpus writes are made by their own threads, so that the extraction threads (one per core)
// never wait on the disk; the corpus syncs the articles in flight together (SyncMode::kBatch),
// so the more writer threads, the fewer syncs per article. 64: on the project machine's disk a
// batch sync costs about as much as 20-30 article files take to write, and 64 writes in flight
// let a batch grow past that; each thread holds one article (about 10 KB).
constexpr int kWriterThreads = 64;
// Articles extracted and waiting for a writer thread, at most.
constexpr size_t kWriteQueueArticles = 2 * kWriterThreads;

// The crawler's per-page stage writes to a CorpusSink; here it hands the article back to the
// caller instead (one slot per thread), who decides against the corpus.
class CaptureSink : public corpus::CorpusSink {
 public:
  corpus::WriteResult Write(const corpus::ArticleRecord& record) override {
    Slot() = record;
    return {};
  }
  static std::optional<corpus::ArticleRecord>& Slot() {
    thread_local std::optional<corpus::ArticleRecord> slot;
    return slot;
  }
};

// The latest page response of a URL.
struct Candidate {
  std::string date;
  size_t file = 0;
  int64_t offset = 0;
  int64_t length = 0;
  bool Newer(const Candidate& other) const {
    return std::tie(date, file, offset) > std::tie(other.date, other.file, other.offset);
  }
};

struct Counts {
  int64_t unchanged = 0;
  int64_t changed = 0;
  int64_t added = 0;
  int64_t removed = 0;
};

struct CorpusPage {
  std::string id;
  std::string path;
  std::string site;
};

// --since's DATE as seconds since the epoch: a day (YYYY-MM-DD, from midnight UTC) or a time
// as pressoir writes them (YYYY-MM-DDThh:mm:ssZ); 0 when `text` is neither.
std::time_t SinceTime(const std::string& text) {
  if (text.size() == 10 && corpus::DayOf(text)) return time_format::ParseIso8601Utc(text + "T00:00:00Z");
  return time_format::ParseIso8601Utc(text);
}

// An article extracted, on its way to the corpus.
struct PendingWrite {
  corpus::ArticleRecord article;
  const CorpusPage* corpus_page = nullptr;  // the page's entry in the corpus, null when none
  std::string site;
};

// Articles between the extraction threads and the writer threads. Bounded, so that extraction
// does not run ahead of the disk by more than a few batches (an article is about 10 KB here).
class WriteQueue {
 public:
  explicit WriteQueue(size_t capacity) : capacity_(capacity) {}
  // Waits while the queue is full.
  void Push(PendingWrite&& item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  // The next article; nullopt once the queue is closed and empty.
  std::optional<PendingWrite> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    PendingWrite item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  // No more articles: Pop() returns nullopt once the queue is drained.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<PendingWrite> items_;
  bool closed_ = false;
};

void RunOnThreads(int jobs, size_t count, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::thread> threads;
  int extra = static_cast<int>(std::min<size_t>(static_cast<size_t>(jobs), count)) - 1;
  for (int i = 0; i < extra; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace

int RunReextractCommand(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--config", "--corpus", "--archive", "--sites", "--state", "--site", "--since", "--jobs"},
                       {"--help", "--from-warc"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kReextractUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help")) {
    out << kReextractUsage;
    return kExitOk;
  }
  const bool from_warc = parsed.Has("--from-warc");
  if (from_warc != !parsed.positional.empty()) {
    err << "error: "
        << (from_warc ? "--from-warc needs WARC FILEs"
                      : "unexpected argument '" + parsed.positional.front() + "' (WARC files go after --from-warc)")
        << "\n"
        << kReextractUsage;
    return kExitUsage;
  }
  config::CrawlConfig crawl_config;
  if (!LoadConfigWithOverrides(parsed, crawl_config, err)) return kExitUsage;
  const std::string since_text = parsed.Value("--since");
  const std::time_t since = SinceTime(since_text);
  if (!since_text.empty() && since == 0) {
    err << "error: --since: '" << since_text << "' is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)\n";
    return kExitUsage;
  }
  // One extraction thread per core (the config's extract_threads when set): they never wait on
  // the disk, the writer threads do.
  int jobs = crawl_config.extract_threads > 0 ? crawl_config.extract_threads
                                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (parsed.values.count("--jobs")) {
    try {
      jobs = std::clamp(std::stoi(parsed.Value("--jobs")), 1, 256);
    } catch (const std::exception&) {
      err << "error: --jobs needs a whole number\n";
      return kExitUsage;
    }
  }
  std::vector<std::string> files;
  if (from_warc) {
    files = parsed.positional;
  } else {
    if (crawl_config.archive.empty()) {
      err << "error: no archive: the config's `archive` is empty (give --archive DIR or --from-warc FILE...)\n";
      return kExitUsage;
    }
    std::string error;
    files = ArchiveFiles(crawl_config.archive, error);
    if (!error.empty()) {
      err << "error: " << error << "\n";
      return kExitUsage;
    }
  }
  std::optional<std::vector<rules::SiteRules>> loaded = LoadRules(crawl_config.sites, err);
  if (!loaded) return kExitUsage;
  const std::vector<rules::SiteRules> all_rules = std::move(*loaded);
  const std::vector<std::string> only_sites = parsed.Values("--site");

  // The crawl state's lock (a crawl must not start meanwhile) and its learned boilerplate,
  // when the state exists; then the corpus's lock.
  std::optional<state::StateLock> state_lock;
  boilerplate::SiteBoilerplate learned;
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(crawl_config.state) / "state.sqlite3", ec)) {
    std::string holder;
    try {
      state_lock = state::StateLock::Acquire(crawl_config.state, &holder);
      if (!state_lock) {
        err << "pressoir: another run holds the lock on " << crawl_config.state
            << (holder.empty() ? "" : " (pid " + holder + ")") << ", exiting\n";
        return kExitLocked;
      }
      state::CrawlState crawl_state(crawl_config.state);
      crawl::LoadLearnedBoilerplate(crawl_state, learned);
    } catch (const state::StateError& e) {
      err << "error: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  std::unique_ptr<corpus::CorpusWriter> writer;
  try {
    writer = std::make_unique<corpus::CorpusWriter>(crawl_config.corpus, corpus::SyncMode::kBatch);
  } catch (const corpus::CorpusLocked& e) {
    err << "pressoir: another run holds the lock on corpus " << crawl_config.corpus
        << (e.holder_pid().empty() ? "" : " (pid " + e.holder_pid() + ")") << ", exiting\n";
    return kExitLocked;
  } catch (const corpus::CorpusError& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  }
  const auto started = std::chrono::steady_clock::now();

  // The corpus's pages, by URL.
  std::unordered_map<std::string, CorpusPage> in_corpus;
  corpus::manifest::ReadResult manifest = corpus::manifest::ReadManifests({crawl_config.corpus}, err);
  for (const corpus::manifest::Entry& entry : manifest.entries)
    in_corpus[entry.url] = {entry.id, entry.path, entry.site};
  int problems = manifest.problems;
  std::mutex err_mutex;

  auto site_of = [&](const std::string& page_url, const rules::SiteRules** rule) {
    *rule = rules::FindRulesForHost(all_rules, url::Host(page_url));
    return *rule != nullptr ? (*rule)->name : url::Host(page_url);
  };
  auto wanted_site = [&](const std::string& site) {
    return only_sites.empty() || std::find(only_sites.begin(), only_sites.end(), site) != only_sites.end();
  };

  // Index: the latest page response of each URL, files read in parallel.
  const size_t max_body = static_cast<size_t>(crawl_config.max_body_bytes);
  std::vector<std::unordered_map<std::string, Candidate>> per_file(files.size());
  RunOnThreads(jobs, files.size(), [&](size_t index) {
    warc::ReadOptions options;
    options.max_block_bytes = max_body + 64 * 1024;  // the body and its HTTP head
    int file_problems = warc::ReadFile(
        files[index], options,
        [&](warc::Record&& record) {
          std::string error;
          std::optional<ArchivedPage> page = PageOf(record, max_body, error, /*head_only=*/true);
          // A response whose WARC-Date cannot be read (fetched_at 0) is not known to be recent.
          if (!page || (since != 0 && page->response.fetched_at < since)) return true;
          Candidate candidate{page->date, index, record.offset, record.length};
          auto [found, inserted] = per_file[index].try_emplace(page->url, candidate);
          if (!inserted && candidate.Newer(found->second)) found->second = candidate;
          return true;
        },
        [&](int64_t offset, const std::string& message) {
          std::lock_guard lock(err_mutex);
          err << "error: " << files[index] << ": offset " << offset << ": " << message << "\n";
        });
    std::lock_guard lock(err_mutex);
    problems += file_problems;
  });
  std::unordered_map<std::string, Candidate> latest;
  for (auto& file_index : per_file) {
    for (auto& [page_url, candidate] : file_index) {
      auto [found, inserted] = latest.try_emplace(page_url, candidate);
      if (!inserted && candidate.Newer(found->second)) found->second = candidate;
    }
    file_index.clear();
  }
  std::vector<std::pair<std::string, Candidate>> work;
  for (auto& [page_url, candidate] : latest) {
    const rules::SiteRules* rule = nullptr;
    std::string site = site_of(page_url, &rule);
    auto corpus_page = in_corpus.find(page_url);
    if (corpus_page != in_corpus.end()) site = corpus_page->second.site;
    if (!wanted_site(site)) continue;
    // Other people's WARC files hold every site of the web: only the rule sites (and pages
    // already in the corpus) become articles.
    if (from_warc && rule == nullptr && corpus_page == in_corpus.end()) continue;
    work.emplace_back(page_url, candidate);
  }
  latest.clear();
  // File order: each file's records are read front to back.
  std::sort(work.begin(), work.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.file, a.second.offset) < std::tie(b.second.file, b.second.offset);
  });

  CaptureSink capture;
  crawl::PageProcessor processor(crawl_config, /*extract=*/true, learned, capture);
  processor.set_learning(false);
  std::map<std::string, Counts> counts;
  std::vector<std::pair<std::string, std::string>> removals;
  std::atomic<size_t> done{0};
  std::atomic<bool> failed{false};
  std::string corpus_error;
  // What became of a page: counted for its site, and its old article removed at the end.
  auto tally = [&](const std::string& site, std::optional<corpus::WriteResult::Status> status,
                   std::optional<std::pair<std::string, std::string>> removal) {
    std::lock_guard lock(err_mutex);
    Counts& site_counts = counts[site];
    if (status == corpus::WriteResult::Status::kWritten) ++site_counts.added;
    if (status == corpus::WriteResult::Status::kUpdated) ++site_counts.changed;
    if (status == corpus::WriteResult::Status::kAlreadyPresent) ++site_counts.unchanged;
    if (removal) {
      removals.push_back(*removal);
      ++site_counts.removed;
    }
    ++done;
  };
  // The writer threads: each article into the corpus (or found there unchanged).
  WriteQueue queue(kWriteQueueArticles);
  auto write = [&] {
    while (std::optional<PendingWrite> pending = queue.Pop()) {
      if (failed) continue;  // drained without writing: the run stops
      try {
        corpus::WriteResult written = writer->Write(pending->article);
        std::optional<std::pair<std::string, std::string>> removal;
        // The page's canonical URL changed: its old article goes.
        if (pending->corpus_page != nullptr && pending->corpus_page->id != written.id) {
          removal.emplace(pending->corpus_page->id, pending->corpus_page->path);
        }
        tally(pending->site, written.status, removal);
      } catch (const corpus::CorpusError& e) {
        std::lock_guard lock(err_mutex);
        if (corpus_error.empty()) corpus_error = e.what();
        failed = true;
      }
    }
  };
  // The extraction threads: each page through the crawl's page stage.
  auto process = [&](size_t index) {
    if (failed) return;
    const auto& [page_url, candidate] = work[index];
    std::string error;
    std::optional<warc::Record> record =
        warc::ReadRecordAt(files[candidate.file], candidate.offset, candidate.length, {max_body + 64 * 1024}, error);
    std::optional<ArchivedPage> page;
    if (record) page = PageOf(*record, max_body, error);
    if (!page) {
      std::lock_guard lock(err_mutex);
      err << "error: " << files[candidate.file] << ": offset " << candidate.offset << ": "
          << (error.empty() ? "not a page" : error) << "\n";
      ++problems;
      ++done;
      return;
    }
    const rules::SiteRules* rule = nullptr;
    state::FrontierEntry entry;
    entry.url = page_url;
    entry.site = site_of(page_url, &rule);
    entry.host = url::Origin(page_url);
    // A page of the corpus keeps its site; the generic article test takes a page found by a
    // link (depth 1) as the crawl does.
    auto found = in_corpus.find(page_url);
    const CorpusPage* corpus_page = found != in_corpus.end() ? &found->second : nullptr;
    if (corpus_page != nullptr) entry.site = corpus_page->site;
    entry.depth = 1;
    const std::string filename =
        from_warc ? files[candidate.file] : std::filesystem::path(files[candidate.file]).filename().string();
    warc::RecordLocation location{filename, candidate.offset, candidate.length};
    CaptureSink::Slot().reset();
    processor.Process(entry, rule, page->response, &location);
    std::optional<corpus::ArticleRecord> article = std::move(CaptureSink::Slot());
    CaptureSink::Slot().reset();
    if (!article) {
      std::optional<std::pair<std::string, std::string>> removal;
      if (corpus_page != nullptr) removal.emplace(corpus_page->id, corpus_page->path);
      tally(entry.site, std::nullopt, removal);
      return;
    }
    if (!page->date.empty()) article->fetched_at = page->date;
    queue.Push({std::move(*article), corpus_page, entry.site});
  };
  const bool terminal = isatty(STDERR_FILENO) == 1;
  std::atomic<bool> finished{false};
  std::thread progress;
  if (terminal) {
    progress = std::thread([&] {
      while (!finished) {
        {
          std::lock_guard lock(err_mutex);
          err << "\rreextract: " << done.load() << "/" << work.size() << " pages" << std::flush;
        }
        for (int i = 0; i < 5 && !finished; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriterThreads; ++i) writers.emplace_back(write);
  RunOnThreads(jobs, work.size(), process);
  queue.Close();
  for (std::thread& thread : writers) thread.join();
  finished = true;
  if (progress.joinable()) {
    progress.join();
    err << "\r\033[K" << std::flush;
  }
  if (!corpus_error.empty()) {
    err << "error: " << corpus_error << "; reextract stopped (run it again once the corpus can be written)\n";
    return kExitSomeFailed;
  }
  if (std::string error = writer->Remove(removals); !error.empty()) {
    err << "error: cannot remove articles: " << error << "\n";
    return kExitSomeFailed;
  }
  if (std::string error = writer->CompactManifest(); !error.empty()) {
    err << "error: cannot compact the manifest (it keeps repeated ids): " << error << "\n";
    return kExitSomeFailed;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  Counts total;
  for (const auto& [site, site_counts] : counts) {
    out << site << ": unchanged " << site_counts.unchanged << ", changed " << site_counts.changed << ", new "
        << site_counts.added << ", removed " << site_counts.removed << "\n";
    total.unchanged += site_counts.unchanged;
    total.changed += site_counts.changed;
    total.added += site_counts.added;
    total.removed += site_counts.removed;
  }
  char rate[64];
  std::snprintf(rate, sizeof(rate), "%.1f s, %.0f pages/s", seconds,
                seconds > 0 ? static_cast<double>(work.size()) / seconds : 0.0);
  out << "total: " << work.size() << " pages from " << files.size() << " WARC file(s): unchanged " << total.unchanged
      << ", changed " << total.changed << ", new " << total.added << ", removed " << total.removed << ", " << rate
      << "\n";
  return problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

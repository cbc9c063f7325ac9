// `pressoir dump`: writes the articles of one or more corpora as a clean text dump (txt, one
// document per blank-line-separated block) or as JSON lines, selected by site and date. Also
// holds the manifest reader shared with `pressoir stats` (corpus_commands.h).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "crawler/args.h"
#include "crawler/commands.h"
#include "crawler/corpus_commands.h"

namespace pressoir::cli {

const char kDumpUsage[] =
    "usage: pressoir dump --corpus DIR [--corpus DIR...] [--site S...] [--since DATE]\n"
    "                     [--until DATE] [--format txt|jsonl] [--drop-near-dups] --out PATH\n"
    "\n"
    "Writes the articles of the corpus directories (each article id once, however many\n"
    "directories hold it) ordered by date, then id.\n"
    "\n"
    "  --corpus DIR      a corpus directory; repeat for several (one per worker)\n"
    "  --site S          only articles of site S; repeat for several sites\n"
    "  --since DATE      only articles dated DATE (YYYY-MM-DD) or later; an article's date is\n"
    "  --until DATE      its publication day, else its fetch day; both bounds are inclusive\n"
    "  --format F        txt (default): each article on consecutive lines (title first) and a\n"
    "                    blank line between articles; jsonl: one JSON object per article with\n"
    "                    id, url, canonical_url, site, title, date, authors, language, text\n"
    "  --drop-near-dups  leave out the articles the manifest marks as near duplicates\n"
    "  --out PATH        the output file, written whole or not at all; '-' for stdout\n"
    "\n"
    "Exit codes: 0 success, 1 some article file or manifest line is missing or unreadable\n"
    "(reported; the rest is dumped), 2 usage error.\n";

namespace manifest {
namespace {

namespace fs = std::filesystem;

std::string StringField(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// A manifest path must stay inside its corpus.
bool IsSafeRelativePath(const std::string& path) {
  if (path.empty()) return false;
  fs::path parsed(path);
  if (parsed.is_absolute()) return false;
  return std::none_of(parsed.begin(), parsed.end(), [](const fs::path& part) { return part == ".."; });
}

// The entry of a manifest line, or nullopt with `why` set.
std::optional<Entry> ParseEntry(const std::string& line, std::string& why) {
  nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  Entry entry;
  entry.id = StringField(object, "id");
  std::string path = StringField(object, "path");
  if (entry.id.empty()) {
    why = "no \"id\"";
    return std::nullopt;
  }
  if (!IsSafeRelativePath(path)) {
    why = "\"path\" is missing or leaves the corpus directory";
    return std::nullopt;
  }
  entry.url = StringField(object, "url");
  entry.canonical_url = StringField(object, "canonical_url");
  entry.site = StringField(object, "site");
  entry.title = StringField(object, "title");
  entry.date = StringField(object, "date");
  entry.language = StringField(object, "language");
  entry.fetched_at = StringField(object, "fetched_at");
  entry.near_duplicate_of = StringField(object, "near_duplicate_of");
  if (auto authors = object.find("authors"); authors != object.end() && authors->is_array()) {
    for (const nlohmann::json& author : *authors) {
      if (author.is_string()) entry.authors.push_back(author.get<std::string>());
    }
  }
  entry.day = DayOf(entry.date).value_or(DayOf(entry.fetched_at).value_or(""));
  entry.copies.push_back({"", path});
  return entry;
}

// CorpusWriter appends each line in one O_APPEND write; a crash can leave a line without its
// newline, and the next run's append then lands on the same line. The appended entry is the
// last complete JSON object on the line: no '{"' can occur inside a manifest string (quotes
// are escaped) and entries hold no nested objects, so it starts at some '{"' after column 0.
std::optional<Entry> RecoverAppendedEntry(const std::string& line) {
  for (size_t at = line.find("{\"", 1); at != std::string::npos; at = line.find("{\"", at + 1)) {
    std::string why;
    if (std::optional<Entry> entry = ParseEntry(line.substr(at), why)) return entry;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> DayOf(const std::string& text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{std::stoi(text.substr(0, 4))},
                                         std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                         std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  if (!date.ok()) return std::nullopt;
  return text.substr(0, 10);
}

ReadResult ReadManifests(const std::vector<std::string>& corpora, std::ostream& err) {
  ReadResult result;
  std::unordered_map<std::string, size_t> index_of_id;  // into result.entries
  std::set<std::string> seen_corpora;
  for (const std::string& corpus : corpora) {
    // The same directory given twice is one corpus.
    std::error_code ec;
    std::string key = fs::weakly_canonical(corpus, ec).string();
    if (!seen_corpora.insert(ec ? corpus : key).second) continue;
    // This corpus's entries, one per id: a re-crawl that found a changed article appends a new
    // line for its id ("updated"), and the last line of an id is the current one.
    std::vector<Entry> entries;
    std::unordered_map<std::string, size_t> position;
    const std::string name = (fs::path(corpus) / "manifest.jsonl").string();
    std::ifstream manifest(name, std::ios::binary);
    if (!manifest) {
      if (!fs::exists(name, ec)) continue;  // a corpus nothing was written to yet
      err << "error: " << name << ": cannot read: " << std::strerror(errno) << "\n";
      ++result.problems;
      continue;
    }
    std::string line;
    for (size_t number = 1; std::getline(manifest, line); ++number) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const bool unterminated = manifest.eof();  // getline hit the end before a newline
      std::string why;
      std::optional<Entry> entry = ParseEntry(line, why);
      if (!entry && unterminated) {
        err << "warning: " << name << ":" << number
            << ": incomplete last line skipped (a crawl was interrupted while appending)\n";
        continue;
      }
      if (!entry) {
        entry = RecoverAppendedEntry(line);
        if (entry) {
          err << "warning: " << name << ":" << number
              << ": an interrupted append was followed by a complete entry; kept the complete entry\n";
        }
      }
      if (!entry) {
        err << "error: " << name << ":" << number << ": bad manifest line: " << why << "\n";
        ++result.problems;
        continue;
      }
      entry->copies.front().corpus = corpus;
      auto [found, inserted] = position.emplace(entry->id, entries.size());
      if (inserted) {
        entries.push_back(std::move(*entry));
      } else {
        entries[found->second] = std::move(*entry);
      }
    }
    // Across corpora the most recently fetched version describes the article (ISO 8601 UTC
    // strings compare in time order), the earlier corpus on ties; the other copies stay as
    // fallbacks for reading the text.
    for (Entry& entry : entries) {
      auto [found, inserted] = index_of_id.emplace(entry.id, result.entries.size());
      if (inserted) {
        result.entries.push_back(std::move(entry));
        continue;
      }
      Entry& existing = result.entries[found->second];
      if (entry.fetched_at > existing.fetched_at) {
        std::vector<Copy> copies = std::move(existing.copies);
        existing = std::move(entry);
        existing.copies.insert(existing.copies.end(), copies.begin(), copies.end());
      } else {
        existing.copies.push_back(entry.copies.front());
      }
    }
  }
  return result;
}

}  // namespace manifest

namespace {

namespace fs = std::filesystem;

struct DumpOptions {
  std::vector<std::string> corpora;
  std::set<std::string> sites;  // empty: all
  std::string since;            // YYYY-MM-DD or empty
  std::string until;
  bool jsonl = false;
  bool drop_near_dups = false;
  std::string out;
};

std::string ExactDay(const std::string& option, const std::string& value) {
  std::optional<std::string> day = manifest::DayOf(value);
  if (value.size() != 10 || !day) throw UsageError(option + ": '" + value + "' is not a date (YYYY-MM-DD)");
  return *day;
}

DumpOptions ParseDumpOptions(const std::vector<std::string>& args) {
  ParsedArgs parsed =
      ParseArgs(args, {"--corpus", "--site", "--since", "--until", "--format", "--out"}, {"--drop-near-dups"});
  if (!parsed.positional.empty()) throw UsageError("unexpected argument '" + parsed.positional.front() + "'");
  DumpOptions options;
  options.corpora = parsed.Values("--corpus");
  if (options.corpora.empty()) throw UsageError("missing --corpus");
  for (const std::string& corpus : options.corpora) {
    std::error_code ec;
    if (!fs::is_directory(corpus, ec)) throw UsageError(corpus + ": no such corpus directory");
  }
  for (const std::string& site : parsed.Values("--site")) options.sites.insert(site);
  if (parsed.values.count("--since") > 0) options.since = ExactDay("--since", parsed.Value("--since"));
  if (parsed.values.count("--until") > 0) options.until = ExactDay("--until", parsed.Value("--until"));
  if (!options.since.empty() && !options.until.empty() && options.since > options.until) {
    throw UsageError("--since " + options.since + " is after --until " + options.until);
  }
  std::string format = parsed.Value("--format", "txt");
  if (format != "txt" && format != "jsonl") throw UsageError("unknown format '" + format + "' (txt or jsonl)");
  options.jsonl = format == "jsonl";
  options.drop_near_dups = parsed.Has("--drop-near-dups");
  options.out = parsed.Value("--out");
  if (options.out.empty()) throw UsageError("missing --out (a file, or '-' for stdout)");
  return options;
}

bool IsSelected(const manifest::Entry& entry, const DumpOptions& options) {
  if (!options.sites.empty() && options.sites.count(entry.site) == 0) return false;
  if (options.drop_near_dups && !entry.near_duplicate_of.empty()) return false;
  const bool date_bounded = !options.since.empty() || !options.until.empty();
  if (date_bounded && entry.day.empty()) return false;
  if (!options.since.empty() && entry.day < options.since) return false;
  if (!options.until.empty() && entry.day > options.until) return false;
  return true;
}

// The whole file, or nullopt with `error` set (errno text: a missing file, a directory...).
std::optional<std::string> ReadWholeFile(const std::string& name, std::string& error) {
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string contents;
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return contents;
}

// The article's text, from the first readable copy. Unreadable copies are reported; nullopt
// when none could be read.
std::optional<std::string> ReadArticle(const manifest::Entry& entry, std::ostream& err) {
  std::vector<std::string> failed;
  for (const manifest::Copy& copy : entry.copies) {
    std::string name = (fs::path(copy.corpus) / copy.path).string();
    std::string error;
    std::optional<std::string> text = ReadWholeFile(name, error);
    if (!text) {
      failed.push_back(name + ": cannot read: " + error);
      continue;
    }
    for (const std::string& failure : failed) err << "warning: " << failure << "; used " << name << " instead\n";
    if (text->ends_with('\n')) text->pop_back();  // the corpus writer adds one newline
    return text;
  }
  for (const std::string& failure : failed) err << "error: " << failure << "\n";
  return std::nullopt;
}

// One block: the text's non-blank lines, so that blank lines only ever separate documents.
std::string TxtBlock(const std::string& text) {
  std::string block;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t\f\v") == std::string::npos) continue;
    block += line;
    block += '\n';
  }
  return block;
}

std::string JsonLine(const manifest::Entry& entry, const std::string& text) {
  nlohmann::ordered_json object = {
      {"id", entry.id},           {"url", entry.url},           {"canonical_url", entry.canonical_url},
      {"site", entry.site},       {"title", entry.title},       {"date", entry.date},
      {"authors", entry.authors}, {"language", entry.language}, {"text", text},
  };
  // A corpus file with invalid UTF-8 must not abort the dump.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The output: a stream for '-', else a temporary file beside PATH renamed over it at the end,
// so that a reader never sees half a dump.
class Output {
 public:
  Output(const std::string& path, std::ostream& stdout_stream) : path_(path), stream_(&stdout_stream) {
    if (path == "-") return;
    temporary_ = path + ".tmp-" + std::to_string(::getpid());
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw UsageError(path + ": cannot create: " + std::strerror(errno));
  }
  ~Output() {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(temporary_.c_str());
    }
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void Write(const std::string& data) {
    if (fd_ < 0) {
      *stream_ << data;
      return;
    }
    for (size_t written = 0; written < data.size() && error_.empty();) {
      ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = std::strerror(errno);
      if (n > 0) written += static_cast<size_t>(n);
    }
  }

  // Puts the file in place. Returns an error message, empty on success.
  std::string Commit() {
    if (fd_ < 0) return stream_->flush() ? "" : "cannot write to stdout";
    if (error_.empty() && ::fsync(fd_) != 0) error_ = std::strerror(errno);
    if (::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
    fd_ = -1;
    if (error_.empty() && ::rename(temporary_.c_str(), path_.c_str()) != 0) error_ = std::strerror(errno);
    if (error_.empty()) return "";
    ::unlink(temporary_.c_str());
    return path_ + ": cannot write: " + error_;
  }

 private:
  std::string path_;
  std::ostream* stream_;
  std::string temporary_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace

int RunDumpCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; }) !=
      args.end()) {
    out << kDumpUsage;
    return kExitOk;
  }
  DumpOptions options;
  std::optional<Output> output;
  try {
    options = ParseDumpOptions(args);
    output.emplace(options.out, out);
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kDumpUsage;
    return kExitUsage;
  }

  manifest::ReadResult read = manifest::ReadManifests(options.corpora, err);
  std::vector<const manifest::Entry*> selected;
  for (const manifest::Entry& entry : read.entries) {
    if (IsSelected(entry, options)) selected.push_back(&entry);
  }
  std::sort(selected.begin(), selected.end(), [](const manifest::Entry* a, const manifest::Entry* b) {
    return std::tie(a->day, a->id) < std::tie(b->day, b->id);
  });

  int problems = read.problems;
  bool first_block = true;
  for (const manifest::Entry* entry : selected) {
    std::optional<std::string> text = ReadArticle(*entry, err);
    if (!text) {
      ++problems;
      continue;
    }
    if (options.jsonl) {
      output->Write(JsonLine(*entry, *text));
      continue;
    }
    std::string block = TxtBlock(*text);
    if (block.empty()) continue;  // an empty block would read as a document separator
    output->Write(first_block ? block : "\n" + block);
    first_block = false;
  }
  if (std::string error = output->Commit(); !error.empty()) {
    err << "error: " << error << "\n";
    return kExitSomeFailed;
  }
  return problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

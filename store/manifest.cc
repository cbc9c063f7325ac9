// The manifest format and its reader (see manifest.h).
#include "store/manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "store/corpus.h"
#include "store/json_fields.h"
#include "store/run_log.h"

namespace pressoir::corpus {
namespace {

namespace fs = std::filesystem;

using json_fields::String;

}  // namespace

ArticleFields FieldsOf(const ManifestLine& line) {
  ArticleFields fields;
  fields.url = line.url;
  fields.canonical_url = line.canonical_url;
  fields.title = line.title;
  fields.date = line.date;
  fields.date_modified = line.date_modified;
  fields.authors = line.authors;
  fields.language = line.language;
  fields.language_source = line.language_source;
  if (!line.page_type.empty()) {
    fields.page_type = line.page_type;
    // Two decimals: the figure is a judgement, not a measurement.
    fields.confidence = std::round(std::clamp(line.confidence, 0.0, 1.0) * 100) / 100;
  }
  fields.extractor = line.extractor;
  return fields;
}

std::string FormatManifestLine(const ManifestLine& line) {
  // nlohmann::json keeps keys sorted: the line's key order does not depend on this code's.
  nlohmann::json entry = {
      {"id", line.id},     {"site", line.site},     {"fetched_at", line.fetched_at},
      {"path", line.path}, {"sha256", line.sha256}, {"simhash", line.simhash},
  };
  json_fields::PutArticleFields(entry, FieldsOf(line));
  if (!line.near_duplicate_of.empty()) entry["near_duplicate_of"] = line.near_duplicate_of;
  if (line.updated) entry["updated"] = true;
  if (line.warc_filename.empty()) {
    entry["warc_filename"] = nullptr;
    entry["warc_offset"] = nullptr;
    entry["warc_length"] = nullptr;
  } else {
    entry["warc_filename"] = line.warc_filename;
    entry["warc_offset"] = line.warc_offset;
    entry["warc_length"] = line.warc_length;
  }
  entry["rule_sha256"] = line.rule_sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(line.rule_sha256);
  entry["pressoir_version"] =
      line.pressoir_version.empty() ? nlohmann::json(nullptr) : nlohmann::json(line.pressoir_version);
  return entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<ManifestLine> ParseManifestLine(std::string_view text, std::string& why) {
  nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  if (auto id = object.find("id"); id == object.end() || !id->is_string()) {
    why = "no \"id\"";
    return std::nullopt;
  }
  ManifestLine line;
  line.id = String(object, "id");
  line.url = String(object, "url");
  line.canonical_url = String(object, "canonical_url");
  line.site = String(object, "site");
  line.title = String(object, "title");
  line.date = String(object, "date");
  if (auto authors = object.find("authors"); authors != object.end() && authors->is_array()) {
    for (const nlohmann::json& author : *authors) {
      if (author.is_string()) line.authors.push_back(author.get<std::string>());
    }
  }
  line.language = String(object, "language");
  line.fetched_at = String(object, "fetched_at");
  line.date_modified = String(object, "date_modified");
  line.language_source = String(object, "language_source");
  line.path = String(object, "path");
  line.sha256 = String(object, "sha256");
  line.extractor = String(object, "extractor");
  line.simhash = String(object, "simhash");
  line.page_type = String(object, "page_type");
  if (auto confidence = object.find("confidence"); confidence != object.end() && confidence->is_number()) {
    line.confidence = confidence->get<double>();
  }
  line.near_duplicate_of = String(object, "near_duplicate_of");
  if (auto updated = object.find("updated"); updated != object.end() && updated->is_boolean()) {
    line.updated = updated->get<bool>();
  }
  line.warc_filename = String(object, "warc_filename");
  line.warc_offset = json_fields::Integer(object, "warc_offset");
  line.warc_length = json_fields::Integer(object, "warc_length");
  line.rule_sha256 = String(object, "rule_sha256");
  line.pressoir_version = String(object, "pressoir_version");
  return line;
}

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

namespace manifest {
namespace {

// A manifest path must stay inside its corpus.
bool IsSafeRelativePath(const std::string& path) {
  if (path.empty()) return false;
  fs::path parsed(path);
  if (parsed.is_absolute()) return false;
  return std::none_of(parsed.begin(), parsed.end(), [](const fs::path& part) { return part == ".."; });
}

// The entry of a manifest line, or nullopt with `why` set.
std::optional<Entry> ParseEntry(const std::string& text, std::string& why) {
  std::optional<ManifestLine> line = ParseManifestLine(text, why);
  if (!line) return std::nullopt;
  if (line->id.empty()) {
    why = "no \"id\"";
    return std::nullopt;
  }
  if (!IsSafeRelativePath(line->path)) {
    why = "\"path\" is missing or leaves the corpus directory";
    return std::nullopt;
  }
  Entry entry;
  static_cast<ManifestLine&>(entry) = std::move(*line);
  entry.day = DayOf(entry.date).value_or(DayOf(entry.fetched_at).value_or(""));
  entry.copies.push_back({"", entry.path});
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

}  // namespace

std::optional<std::string> CorpusDirectoryProblem(const std::string& directory) {
  std::error_code ec;
  fs::file_status status = fs::status(directory, ec);
  if (!fs::exists(status)) return directory + ": no such corpus directory";
  if (!fs::is_directory(status)) return directory + ": not a directory";
  for (const char* marker : {kManifestFileName, kRunLogFileName, kCorpusLockFileName}) {
    if (fs::exists(fs::path(directory) / marker, ec)) return std::nullopt;
  }
  return directory + ": not a pressoir corpus (no " + kManifestFileName + " or " + kRunLogFileName + ")";
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
    const std::string name = (fs::path(corpus) / kManifestFileName).string();
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

std::optional<std::string> ReadArticleText(const Entry& entry, std::ostream& err) {
  std::vector<std::string> failed;
  for (const Copy& copy : entry.copies) {
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

}  // namespace manifest
}  // namespace pressoir::corpus

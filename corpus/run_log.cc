// runs.jsonl: appending a run and reading the runs back (see run_log.h).
#include "corpus/run_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace pressoir::corpus {
namespace {

namespace fs = std::filesystem;

std::string RunJson(const RunRecord& run) {
  nlohmann::json json = {
      {"started_at", run.started_at},
      {"finished_at", run.finished_at},
      {"seconds", run.seconds},
      {"pages_fetched", run.pages_fetched},
      {"articles_written", run.articles_written},
      {"articles_updated", run.articles_updated},
      {"already_in_corpus", run.already_in_corpus},
      {"unchanged", run.unchanged},
      {"not_articles", run.not_articles},
      {"feeds", run.feeds},
      {"failures", run.failures},
      {"retries", run.retries},
      {"redirects", run.redirects},
      {"robots_disallowed", run.robots_disallowed},
      {"bytes", run.bytes},
      {"failures_by_reason", run.failures_by_reason},
      {"failures_by_site", run.failures_by_site},
      {"interrupted", run.interrupted},
      {"corpus_error", run.corpus_error},
  };
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int64_t Count(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

std::map<std::string, int64_t> Counts(const nlohmann::json& object, const char* name) {
  std::map<std::string, int64_t> counts;
  auto found = object.find(name);
  if (found == object.end() || !found->is_object()) return counts;
  for (auto& [key, value] : found->items()) {
    if (value.is_number_integer()) counts[key] += value.get<int64_t>();
  }
  return counts;
}

std::string Text(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

std::string AppendRun(const std::string& corpus_directory, const RunRecord& run) {
  const std::string path = (fs::path(corpus_directory) / kRunLogFileName).string();
  const std::string line = RunJson(run) + "\n";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::strerror(errno);
  off_t size = ::lseek(fd, 0, SEEK_END);
  // The end of the last whole line: scan back from the end for a newline.
  off_t keep = size;
  char buffer[4096];
  while (keep > 0) {
    off_t start = keep > static_cast<off_t>(sizeof(buffer)) ? keep - static_cast<off_t>(sizeof(buffer)) : 0;
    ssize_t got = ::pread(fd, buffer, static_cast<size_t>(keep - start), start);
    if (got <= 0) break;
    if (keep == size && buffer[got - 1] == '\n') break;  // the file ends with a whole line
    const char* newline = static_cast<const char*>(::memrchr(buffer, '\n', static_cast<size_t>(got)));
    if (newline != nullptr) {
      keep = start + (newline - buffer) + 1;
      break;
    }
    keep = start;
  }
  std::string error;
  if (keep != size && ::ftruncate(fd, keep) != 0) error = std::strerror(errno);
  size_t written = 0;
  while (error.empty() && written < line.size()) {
    ssize_t n = ::pwrite(fd, line.data() + written, line.size() - written, keep + static_cast<off_t>(written));
    if (n > 0) {
      written += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      error = std::strerror(errno);
    } else if (n == 0) {
      error = "nothing written";
    }
  }
  if (!error.empty() && written > 0 && ::ftruncate(fd, keep) != 0) {
    error += ", and the partial line could not be cut off";
  }
  ::close(fd);
  return error;
}

RunLog ReadRunLog(const std::string& corpus_directory, std::ostream& err, int& problems) {
  RunLog log{corpus_directory, {}};
  const std::string name = (fs::path(corpus_directory) / kRunLogFileName).string();
  std::ifstream file(name, std::ios::binary);
  std::string line;
  for (size_t number = 1; std::getline(file, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!object.is_object()) {
      if (file.eof()) {
        err << "warning: " << name << ":" << number << ": incomplete last line skipped\n";
      } else {
        err << "error: " << name << ":" << number << ": bad run line: not a JSON object\n";
        ++problems;
      }
      continue;
    }
    RunRecord run;
    run.started_at = Text(object, "started_at");
    run.finished_at = Text(object, "finished_at");
    auto seconds = object.find("seconds");
    if (seconds != object.end() && seconds->is_number()) run.seconds = seconds->get<double>();
    run.pages_fetched = Count(object, "pages_fetched");
    run.articles_written = Count(object, "articles_written");
    run.articles_updated = Count(object, "articles_updated");
    run.already_in_corpus = Count(object, "already_in_corpus");
    run.unchanged = Count(object, "unchanged");
    run.not_articles = Count(object, "not_articles");
    run.feeds = Count(object, "feeds");
    run.failures = Count(object, "failures");
    run.retries = Count(object, "retries");
    run.redirects = Count(object, "redirects");
    run.robots_disallowed = Count(object, "robots_disallowed");
    run.bytes = Count(object, "bytes");
    run.failures_by_site = Counts(object, "failures_by_site");
    run.failures_by_reason = Counts(object, "failures_by_reason");
    auto interrupted = object.find("interrupted");
    run.interrupted = interrupted != object.end() && interrupted->is_boolean() && interrupted->get<bool>();
    run.corpus_error = Text(object, "corpus_error");
    log.runs.push_back(std::move(run));
  }
  return log;
}

}  // namespace pressoir::corpus

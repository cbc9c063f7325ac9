// runs.jsonl (see run_log.h).
#include "store/run_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/json_fields.h"

namespace pressoir::corpus {

namespace fs = std::filesystem;

std::string FormatRunLine(const RunRecord& run) {
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
      {"blocked", run.blocked},
      {"blocked_by_site", run.blocked_by_site},
      {"feeds", run.feeds},
      {"failures", run.failures},
      {"retries", run.retries},
      {"redirects", run.redirects},
      {"robots_disallowed", run.robots_disallowed},
      {"bytes", run.bytes},
      {"failures_by_reason", run.failures_by_reason},
      {"failures_by_site", run.failures_by_site},
      {"unreachable_hosts", run.unreachable_hosts},
      {"interrupted", run.interrupted},
      {"corpus_error", run.corpus_error},
      {"error", run.error},
      {"unhealthy_rules", run.unhealthy_rules},
  };
  nlohmann::json health = nlohmann::json::object();
  for (const auto& [site, rule] : run.rule_health) {
    health[site] = {
        {"rule_file", rule.rule_file},
        {"pages", rule.pages},
        {"article_pages", rule.article_pages},
        {"body_matched", rule.body_matched},
        {"fallbacks", rule.fallbacks},
        {"blocked", rule.blocked},
        {"median_body_chars", rule.median_body_chars},
        {"selector_hits", rule.selector_hits},
        {"problem", rule.problem},
    };
  }
  json["rule_health"] = std::move(health);
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string AppendRun(const std::string& corpus_directory, const RunRecord& run) {
  const std::string path = (fs::path(corpus_directory) / kRunLogFileName).string();
  const std::string line = FormatRunLine(run) + "\n";
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

RunLog ReadRunLog(const std::string& corpus, std::ostream& err, int& problems) {
  RunLog log{corpus, {}};
  const std::string name = (fs::path(corpus) / kRunLogFileName).string();
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
    run.started_at = json_fields::String(object, "started_at");
    run.finished_at = json_fields::String(object, "finished_at");
    if (auto seconds = object.find("seconds"); seconds != object.end() && seconds->is_number()) {
      run.seconds = seconds->get<double>();
    }
    run.pages_fetched = json_fields::Integer(object, "pages_fetched");
    run.articles_written = json_fields::Integer(object, "articles_written");
    run.articles_updated = json_fields::Integer(object, "articles_updated");
    run.already_in_corpus = json_fields::Integer(object, "already_in_corpus");
    run.unchanged = json_fields::Integer(object, "unchanged");
    run.not_articles = json_fields::Integer(object, "not_articles");
    run.feeds = json_fields::Integer(object, "feeds");
    run.failures = json_fields::Integer(object, "failures");
    run.retries = json_fields::Integer(object, "retries");
    run.redirects = json_fields::Integer(object, "redirects");
    run.robots_disallowed = json_fields::Integer(object, "robots_disallowed");
    run.bytes = json_fields::Integer(object, "bytes");
    run.failures_by_reason = json_fields::Counts(object, "failures_by_reason");
    run.failures_by_site = json_fields::Counts(object, "failures_by_site");
    run.blocked = json_fields::Integer(object, "blocked");
    if (auto blocked = object.find("blocked_by_site"); blocked != object.end() && blocked->is_object()) {
      for (const auto& item : blocked->items()) {
        for (const auto& [type, count] : json_fields::Counts(*blocked, item.key().c_str())) {
          run.blocked_by_site[item.key()][type] += count;
        }
      }
    }
    run.unreachable_hosts = json_fields::Strings(object, "unreachable_hosts");
    auto interrupted = object.find("interrupted");
    run.interrupted = interrupted != object.end() && interrupted->is_boolean() && interrupted->get<bool>();
    run.corpus_error = json_fields::String(object, "corpus_error");
    run.error = json_fields::String(object, "error");
    run.unhealthy_rules = json_fields::Integer(object, "unhealthy_rules");
    if (auto health = object.find("rule_health"); health != object.end() && health->is_object()) {
      for (const auto& item : health->items()) {
        if (!item.value().is_object()) continue;
        const nlohmann::json& fields = item.value();
        RuleHealth& rule = run.rule_health[item.key()];
        rule.rule_file = json_fields::String(fields, "rule_file");
        rule.pages = json_fields::Integer(fields, "pages");
        rule.article_pages = json_fields::Integer(fields, "article_pages");
        rule.body_matched = json_fields::Integer(fields, "body_matched");
        rule.fallbacks = json_fields::Integer(fields, "fallbacks");
        rule.blocked = json_fields::Integer(fields, "blocked");
        rule.median_body_chars = json_fields::Integer(fields, "median_body_chars");
        rule.selector_hits = json_fields::Counts(fields, "selector_hits");
        rule.problem = json_fields::String(fields, "problem");
      }
    }
    log.runs.push_back(std::move(run));
  }
  return log;
}

}  // namespace pressoir::corpus

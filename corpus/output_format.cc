// The formats of `pressoir dump` and its atomic output file (see output_format.h).
#include "corpus/output_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace pressoir::corpus {

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "txt") return OutputFormat::kTxt;
  if (name == "jsonl") return OutputFormat::kJsonl;
  return std::nullopt;
}

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

std::string JsonlRecord(const manifest::Entry& entry, const std::string& text) {
  nlohmann::ordered_json object = {
      {"id", entry.id},           {"url", entry.url},           {"canonical_url", entry.canonical_url},
      {"site", entry.site},       {"title", entry.title},       {"date", entry.date},
      {"authors", entry.authors}, {"language", entry.language}, {"text", text},
  };
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

AtomicOutput::AtomicOutput(const std::string& path, std::ostream& stdout_stream)
    : path_(path), stream_(&stdout_stream) {
  if (path == "-") return;
  temporary_ = path + ".tmp-" + std::to_string(::getpid());
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

void AtomicOutput::Write(const std::string& data) {
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

std::string AtomicOutput::Commit() {
  if (fd_ < 0) return stream_->flush() ? "" : "cannot write to stdout";
  if (error_.empty() && ::fsync(fd_) != 0) error_ = std::strerror(errno);
  if (::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
  fd_ = -1;
  if (error_.empty() && ::rename(temporary_.c_str(), path_.c_str()) != 0) error_ = std::strerror(errno);
  if (error_.empty()) return "";
  ::unlink(temporary_.c_str());
  return path_ + ": cannot write: " + error_;
}

}  // namespace pressoir::corpus

// Output formats (see output_format.h).
#include "store/output_format.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "base/ascii.h"
#include "store/json_fields.h"

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
    if (std::all_of(line.begin(), line.end(), ascii::IsLineSpace)) continue;  // a blank line
    block += line;
    block += '\n';
  }
  return block;
}

std::string BodyOf(const std::string& text, const std::string& title) {
  if (title.empty() || !text.starts_with(title)) return text;
  size_t end = title.size();
  if (end < text.size() && text[end] != '\n' && text[end] != '\r') return text;  // a longer first line
  // The title line, then the blank lines that separate it from the body.
  while (end < text.size() && (text[end] == '\n' || text[end] == '\r')) ++end;
  return text.substr(end);
}

std::string JsonlRecord(const manifest::Entry& entry, const std::string& text) {
  // The manifest line itself supplies the fields, so that a field added to the manifest
  // reaches the dump with no change here. Its keys come sorted; ordered_json keeps that
  // order and puts "text" last.
  nlohmann::ordered_json object = nlohmann::ordered_json::parse(FormatManifestLine(entry), nullptr, false);
  object["text"] = BodyOf(text, entry.title);
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ExtractRecord(const std::string& file, const ArticleFields& fields, const std::string& text) {
  nlohmann::ordered_json object;
  object["file"] = file;
  json_fields::PutArticleFields(object, fields);
  object["text"] = text;
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

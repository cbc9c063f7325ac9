// Run log (see log.h).
#include "crawler/log.h"

#include <stdexcept>

#include "base/time_format.h"

namespace pressoir::log {

Log::Log(std::ostream& console, const std::string& file, bool console_is_terminal)
    : console_(console), terminal_(console_is_terminal) {
  if (file.empty()) return;
  file_.open(file, std::ios::app);
  if (!file_) throw std::runtime_error(file + ": cannot open log file for appending");
}

void Log::Write(const char* level, const std::string& message, bool to_console, bool console_level) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (file_.is_open()) {
    file_ << time_format::NowIso8601() << " " << level << ": " << message << "\n";
    file_.flush();
  }
  if (!to_console) return;
  if (progress_shown_) {
    console_ << "\r\033[K";
    progress_shown_ = false;
  }
  if (console_level) console_ << level << ": ";
  console_ << message << "\n";
}

void Log::Info(const std::string& message) { Write("info", message, false); }
void Log::Warning(const std::string& message) { Write("warning", message, terminal_); }
void Log::Error(const std::string& message) { Write("error", message, true); }
void Log::Notice(const std::string& message) { Write("notice", message, true, /*console_level=*/false); }

void Log::Progress(const std::string& line) {
  if (!terminal_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  console_ << "\r\033[K" << line << std::flush;
  progress_shown_ = true;
}

void Log::ClearProgress() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!progress_shown_) return;
  console_ << "\r\033[K" << std::flush;
  progress_shown_ = false;
}

}  // namespace pressoir::log

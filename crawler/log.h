// Run log: timestamped lines to the log file set in the config, and to stderr what a person
// or cron must see. Quiet when not on a terminal: only errors reach stderr then (cron mails
// whatever a job prints); on a terminal warnings are shown too.
//
// Thread-safe: lines from several threads never interleave.
#ifndef PRESSOIR_CRAWLER_LOG_H_
#define PRESSOIR_CRAWLER_LOG_H_

#include <fstream>
#include <mutex>
#include <ostream>
#include <string>

namespace pressoir::log {

class Log {
 public:
  // `file` may be empty (no log file). Throws std::runtime_error when it cannot be opened.
  Log(std::ostream& console, const std::string& file, bool console_is_terminal);

  void Info(const std::string& message);     // log file only
  void Warning(const std::string& message);  // log file; console on a terminal
  void Error(const std::string& message);    // log file and console
  // Log file ("notice: ...") and console, where it has no level: a per-run report that cron
  // must see although it is no error ("lesoir: 12 pages were a consent wall").
  void Notice(const std::string& message);

  bool terminal() const { return terminal_; }
  // Writes to the console without a newline (the live progress line), terminal only.
  void Progress(const std::string& line);
  void ClearProgress();

 private:
  void Write(const char* level, const std::string& message, bool to_console, bool console_level = true);

  std::mutex mutex_;
  std::ostream& console_;
  std::ofstream file_;
  bool terminal_;
  bool progress_shown_ = false;
};

}  // namespace pressoir::log

#endif  // PRESSOIR_CRAWLER_LOG_H_

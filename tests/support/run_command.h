// Runs a program (the pressoir executable, in end-to-end tests) and captures its output.
#ifndef PRESSOIR_TESTS_SUPPORT_RUN_COMMAND_H_
#define PRESSOIR_TESTS_SUPPORT_RUN_COMMAND_H_

#include <map>
#include <string>
#include <vector>

namespace pressoir::testing {

struct CommandResult {
  int exit_code = -1;  // the program's exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments argv[1..] (no shell), waits for it, returns its output. The
// child gets the test's environment plus `extra_environment` (replacing variables of the same
// name: a fault shim's LD_PRELOAD and settings, for instance).
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& extra_environment = {});

// Runs argv[0] as RunCommand does, but with a pseudo-terminal as its standard input, output
// and error (for what a program shows only on a terminal, such as a progress line): `out`
// gets everything it wrote to either, as the terminal received it; `err` stays empty.
CommandResult RunInTerminal(const std::vector<std::string>& argv);

// The path of `program` on PATH, "" when there is none (RunCommand does not search PATH).
std::string Which(const std::string& program);

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFileOrEmpty(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_RUN_COMMAND_H_

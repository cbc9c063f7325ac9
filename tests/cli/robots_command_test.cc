// `pressoir robots FILE --agent NAME URL...` (cli/robots_command.cc): verdicts, usage and exit
// codes. The matcher itself is tested in tests/crawler/robots_test.cc.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "crawler/robots.h"

namespace pressoir::cli {
namespace {

using robots::kMaxRobotsBytes;

// A file in the temp directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(std::string_view contents) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("pressoir_robots_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".txt");
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandResult RunCommand(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  CommandResult result;
  result.exit_code = RunRobotsCommand(args, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::size_t CountLines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

// RFC 9309 §2.2.2: the subcommand prints the verdict of the same matcher, one line per URL.
TEST_CASE("robots command prints one verdict per URL", "[cli]") {
  const TempFile file("User-agent: *\nDisallow: /private\n\nUser-agent: pressoir\nDisallow: /p\n");

  const CommandResult result =
      RunCommand({file.path(), "--agent", "pressoir", "https://example.com/news", "/p/1", "/private"});
  CHECK(result.exit_code == 0);
  CHECK(result.out ==
        "allowed https://example.com/news\n"
        "disallowed /p/1\n"
        "disallowed /private\n");
  CHECK(result.err.empty());

  SECTION("--agent=NAME and options after operands") {
    const CommandResult other = RunCommand({file.path(), "/p/1", "--agent=otherbot", "/private"});
    CHECK(other.exit_code == 0);
    CHECK(other.out == "allowed /p/1\ndisallowed /private\n");
  }
}

// RFC 9309 §2.2.2 (the command is a front end to the matcher): usage and exit codes.
TEST_CASE("robots command usage and errors", "[cli]") {
  const TempFile file("User-agent: *\nDisallow: /\n");

  SECTION("--help prints usage and succeeds") {
    const CommandResult result = RunCommand({"--help"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("usage: pressoir robots FILE --agent NAME URL...") == 0);
    CHECK(result.err.empty());
  }
  SECTION("missing FILE") {
    const CommandResult result = RunCommand({"--agent", "pressoir"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("error: ", 0) == 0);
    CHECK(CountLines(result.err) == 1);
    CHECK(result.out.empty());
  }
  SECTION("missing agent names the file") {
    const CommandResult result = RunCommand({file.path(), "/a"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("error: " + file.path() + ": ", 0) == 0);
    CHECK(result.err.find("--agent") != std::string::npos);
    CHECK(CountLines(result.err) == 1);
  }
  SECTION("--agent without a value") {
    const CommandResult result = RunCommand({file.path(), "/a", "--agent"});
    CHECK(result.exit_code == 2);
    CHECK(CountLines(result.err) == 1);
  }
  SECTION("missing URL") {
    const CommandResult result = RunCommand({file.path(), "--agent", "pressoir"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.rfind("error: " + file.path() + ": ", 0) == 0);
    CHECK(CountLines(result.err) == 1);
  }
  SECTION("unknown option") {
    const CommandResult result = RunCommand({file.path(), "--agnet", "x", "/a"});
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("'--agnet'") != std::string::npos);
  }
  SECTION("unreadable file: missing or a directory") {
    const std::string missing = file.path() + ".does-not-exist";
    for (const std::string& path : {missing, std::filesystem::temp_directory_path().string()}) {
      const CommandResult result = RunCommand({path, "--agent", "pressoir", "/a"});
      CHECK(result.exit_code == 2);
      CHECK(result.err.rfind("error: " + path + ": cannot read robots.txt: ", 0) == 0);
      CHECK(CountLines(result.err) == 1);
      CHECK(result.out.empty());
    }
  }
  SECTION("a file over 500 KiB is used up to the limit, with a warning") {
    std::string big = "User-agent: *\nDisallow: /a\n";
    big += std::string(kMaxRobotsBytes, '\n');
    big += "Disallow: /b\n";
    const TempFile big_file(big);
    const CommandResult result = RunCommand({big_file.path(), "--agent", "pressoir", "/a", "/b"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "disallowed /a\nallowed /b\n");
    CHECK(result.err.rfind("warning: " + big_file.path() + ": ", 0) == 0);
  }
  SECTION("a disallowed verdict is still exit code 0") {
    const CommandResult result = RunCommand({file.path(), "--agent", "pressoir", "/a"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "disallowed /a\n");
  }
}

}  // namespace pressoir::cli

// scripts/install-cron.sh (issue 13, item 13): --dry-run prints the crontab line and installs
// nothing; relative paths are resolved against the directory the script is run from; the
// README's example prints the line the README shows. The script runs for real (bash), with
// --dry-run, so no crontab is touched.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::CommandResult;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

const std::string kScript = PRESSOIR_SOURCE_DIR "/scripts/install-cron.sh";

// Runs the script in `directory` with `args` (no shell between: arguments arrive as given).
CommandResult InstallCron(const std::string& directory, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/bin/bash", "-c", "cd \"$0\" && exec bash \"$@\"", directory, kScript};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::string Real(const std::string& path) { return fs::canonical(path).string(); }

// A working directory laid out like the repository: config/crawler.yaml (relative paths:
// corpus, state, sites), sites/ beside config/, and build-release/pressoir.
struct RepositoryLayout {
  TempDir dir;
  std::string root;
  RepositoryLayout() : root(Real(dir.path())) {
    fs::create_directories(root + "/config");
    WriteFile(root + "/config/crawler.yaml", ReadFileOrEmpty(PRESSOIR_SOURCE_DIR "/config/crawler.yaml"));
    fs::create_directory_symlink(PRESSOIR_SOURCE_DIR "/sites", root + "/sites");
    fs::create_directories(root + "/build-release");
    // A wrapper rather than a symlink: realpath keeps its path, as for a real build.
    WriteFile(root + "/build-release/pressoir", std::string("#!/bin/sh\nexec '") + PRESSOIR_BINARY + "' \"$@\"\n");
    fs::permissions(root + "/build-release/pressoir", fs::perms::owner_all);
  }
};

// The lines of the README's "Running it from cron" example: the command after "cd DIR", the
// directory, and the crontab line shown.
struct ReadmeExample {
  std::string directory;
  std::vector<std::string> args;
  std::string line;
};

std::vector<std::string> SplitShellWords(const std::string& command) {
  // The README's command uses plain words and one "..." string: enough for it.
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool any = false;
  for (char c : command) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

ReadmeExample ReadReadmeExample() {
  ReadmeExample example;
  std::istringstream readme(ReadFileOrEmpty(PRESSOIR_SOURCE_DIR "/README.md"));
  for (std::string line; std::getline(readme, line);) {
    if (line.starts_with("cd /") && example.directory.empty()) example.directory = line.substr(3);
    if (line.starts_with("scripts/install-cron.sh ") && example.args.empty()) {
      example.args = SplitShellWords(line);
      example.args.erase(example.args.begin());
    }
    if (line.find("crawl --config") != std::string::npos && line.find("# pressoir:") != std::string::npos) {
      example.line = line;
    }
  }
  return example;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

TEST_CASE("install-cron --dry-run prints the line, resolving paths against the current directory", "[cli]") {
  RepositoryLayout layout;
  CommandResult result =
      InstallCron(layout.root, {"--dry-run", "*/15 * * * *", "build-release/pressoir", "config/crawler.yaml"});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  // The crawl runs in the directory the script was run from, where config/crawler.yaml's
  // "sites: sites" names the repository's sites/ (not config/sites/).
  CHECK(result.out == "*/15 * * * * cd '" + layout.root + "' && '" + layout.root +
                          "/build-release/pressoir' crawl --config '" + layout.root +
                          "/config/crawler.yaml' --time-limit 14m >/dev/null # pressoir:" + layout.root +
                          "/config/crawler.yaml\n");
  // The config check's report goes to stderr, so stdout is the line alone.
  CHECK(result.err.find("ok: ") != std::string::npos);

  SECTION("from another directory, relative arguments are relative to it") {
    CommandResult from_config = InstallCron(
        layout.root + "/config", {"--dry-run", "0 * * * *", "../build-release/pressoir", "crawler.yaml", "..", "50m"});
    INFO(from_config.out << from_config.err);
    CHECK(from_config.exit_code == 0);
    CHECK(from_config.out.starts_with("0 * * * * cd '" + layout.root + "' && '" + layout.root +
                                      "/build-release/pressoir' crawl --config '" + layout.root +
                                      "/config/crawler.yaml' --time-limit 50m >/dev/null"));
  }
  SECTION("a working directory where the config's relative paths do not resolve fails the check") {
    // The rules directory "sites" does not exist under config/.
    CommandResult wrong = InstallCron(layout.root, {"--dry-run", "*/15 * * * *", "build-release/pressoir",
                                                    "config/crawler.yaml", "config"});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.out.empty());
    CHECK(wrong.err.find("install-cron: " + layout.root + "/config/crawler.yaml: the check failed") !=
          std::string::npos);
  }
  SECTION("bad arguments exit 2 with one line naming them") {
    CommandResult fields =
        InstallCron(layout.root, {"--dry-run", "*/15 * *", "build-release/pressoir", "config/crawler.yaml"});
    CHECK(fields.exit_code == 2);
    CHECK(fields.err.find("the schedule needs 5 fields") != std::string::npos);
    CommandResult missing =
        InstallCron(layout.root, {"--dry-run", "*/15 * * * *", "build-release/pressoir", "config/nope.yaml"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("config/nope.yaml: no such file") != std::string::npos);
    CommandResult limit = InstallCron(layout.root, {"--dry-run", "*/15 * * * *", "build-release/pressoir",
                                                    "config/crawler.yaml", ".", "14m;rm"});
    CHECK(limit.exit_code == 2);
    CHECK(limit.err.find("time limit '14m;rm'") != std::string::npos);
    fs::create_directories(layout.root + "/50%");
    CommandResult percent =
        InstallCron(layout.root, {"--dry-run", "*/15 * * * *", "build-release/pressoir", "config/crawler.yaml", "50%"});
    CHECK(percent.exit_code == 2);
    CHECK(percent.err.find("cannot go in a crontab line") != std::string::npos);
    CommandResult usage = InstallCron(layout.root, {"--dry-run"});
    CHECK(usage.exit_code == 2);
    CHECK(usage.err.find("Usage: scripts/install-cron.sh [--dry-run]") != std::string::npos);
  }
}

// The README's example, run in a directory laid out as it says, prints the line it shows.
TEST_CASE("install-cron: the README's example prints the line the README shows", "[cli]") {
  ReadmeExample example = ReadReadmeExample();
  INFO("README example: cd " << example.directory << "; line: " << example.line);
  REQUIRE_FALSE(example.directory.empty());
  REQUIRE(example.args.size() >= 3);
  REQUIRE_FALSE(example.line.empty());
  RepositoryLayout layout;
  std::vector<std::string> args = {"--dry-run"};
  for (const std::string& arg : example.args) {
    if (arg != "--dry-run") args.push_back(arg);
  }
  CommandResult result = InstallCron(layout.root, args);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == ReplaceAll(example.line, example.directory, layout.root) + "\n");
}

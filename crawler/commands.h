// The subcommands of the `pressoir` executable. Each takes its arguments (after the
// subcommand name), writes results to `out` and messages to `err`, and returns the exit code:
//   0  success
//   1  the command ran but some pages failed (crawl) or some files are bad (rules check, extract)
//   2  usage or configuration error, reported before any work starts
//   3  crawl only: another run holds the state directory's lock
#ifndef PRESSOIR_CRAWLER_COMMANDS_H_
#define PRESSOIR_CRAWLER_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace pressoir::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitLocked = 3;

int RunCrawlCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunExtractCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunRulesCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kCrawlUsage[];
extern const char kExtractUsage[];
extern const char kRulesUsage[];

}  // namespace pressoir::cli

#endif  // PRESSOIR_CRAWLER_COMMANDS_H_

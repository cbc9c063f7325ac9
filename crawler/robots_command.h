// `pressoir robots FILE --agent NAME URL...`: checks URLs against a local robots.txt with
// exactly the matcher the crawler uses (robots::RobotsTxt), to debug a site's rules offline.
#ifndef PRESSOIR_CRAWLER_ROBOTS_COMMAND_H_
#define PRESSOIR_CRAWLER_ROBOTS_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace pressoir::robots {

// Runs the `robots` subcommand. `args` are the arguments after the subcommand name, e.g.
// {"robots.txt", "--agent", "pressoir", "https://example.org/a", "/b?c=d"}.
//
// Options: `--agent NAME` or `--agent=NAME` (a product token or a whole User-Agent string),
// `--help`/`-h`, and `--` to end options. The first operand is FILE, the others are URLs or
// paths; options and operands may come in any order.
//
// Output: for each URL, in order, one line on `out`: "allowed URL" or "disallowed URL",
// where URL is echoed as given. The file is read like a 2xx body (RobotsTxt::Parse), so
// bytes past kMaxRobotsBytes are ignored; a warning line on `err` says so.
//
// Exit codes:
//   0  usage printed (--help), or every URL checked (whatever the verdicts)
//   2  bad usage (no FILE, no --agent, no URL, unknown option) or FILE unreadable; one
//      "error: ..." line is written to `err`, naming FILE when it is known
// Never throws for bad input.
int RunRobotsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace pressoir::robots

#endif  // PRESSOIR_CRAWLER_ROBOTS_COMMAND_H_

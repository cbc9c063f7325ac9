// A small command-line parser for the subcommands: "--name value", "--name=value", boolean
// flags and positional arguments. Unknown options are usage errors (exit code 2).
#ifndef PRESSOIR_CLI_ARGS_H_
#define PRESSOIR_CLI_ARGS_H_

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace pressoir::cli {

// The command line's shape is wrong (an unknown option, a missing option or value, a stray
// argument): reported with the command's usage text.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A value is wrong (a directory that does not exist, a malformed date, a site no corpus
// holds): reported as one line naming the option and the value, without the usage text, which
// would not help and would bury the line in a cron mail. Still exit code 2.
class BadValue : public UsageError {
 public:
  using UsageError::UsageError;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // option -> values, in order
  std::set<std::string> flags;
  std::vector<std::string> positional;

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  // The last value of `option`, or `fallback`.
  std::string Value(const std::string& option, const std::string& fallback = "") const;
  std::vector<std::string> Values(const std::string& option) const;
};

// `with_value`: options that take a value (e.g. "--config"); `flags`: options that don't.
// Throws UsageError naming the offending argument.
ParsedArgs ParseArgs(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                     const std::set<std::string>& flags);

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_ARGS_H_

// Command-line parsing (see args.h).
#include "cli/args.h"

namespace pressoir::cli {

std::string ParsedArgs::Value(const std::string& option, const std::string& fallback) const {
  auto found = values.find(option);
  if (found == values.end() || found->second.empty()) return fallback;
  return found->second.back();
}

std::vector<std::string> ParsedArgs::Values(const std::string& option) const {
  auto found = values.find(option);
  return found == values.end() ? std::vector<std::string>{} : found->second;
}

ParsedArgs ParseArgs(const std::vector<std::string>& args, const std::set<std::string>& with_value,
                     const std::set<std::string>& flags) {
  ParsedArgs parsed;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg[0] != '-' || arg[1] != '-') {
      if (!options_done && arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option '" + arg + "'");
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool inline_value = false;
    if (size_t equals = arg.find('='); equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
      inline_value = true;
    }
    if (with_value.count(name) > 0) {
      if (!inline_value) {
        if (i + 1 >= args.size()) throw UsageError("option '" + name + "' needs a value");
        value = args[++i];
      }
      parsed.values[name].push_back(value);
    } else if (flags.count(name) > 0) {
      if (inline_value) throw UsageError("option '" + name + "' takes no value");
      parsed.flags.insert(name);
    } else {
      throw UsageError("unknown option '" + name + "'");
    }
  }
  return parsed;
}

}  // namespace pressoir::cli

// YAML loading and validation (see config.h). Errors are collected as "file:line: message".
#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "base/ascii.h"
#include "base/digest.h"
#include "base/http_url.h"
#include "extractors/language.h"

namespace pressoir::config {
namespace {

// Unknown keys within this many edits of a known key (insertions, deletions, substitutions,
// swaps of two neighbours) get a "did you mean" hint: "bodies" -> "body" is 3. And within half
// the unknown key's length, so that a short one ("foo") does not suggest an unrelated key.
constexpr size_t kMaxSuggestionEdits = 3;

// The longest duration accepted (10^15 ms, about 31,700 years: "never" in practice), small
// enough that a time plus it stays far within int64 milliseconds.
constexpr double kMaxDurationMs = 1e15;

// yaml-cpp marks are 0-based; editors and messages count lines from 1.
int LineOf(const YAML::Node& node) { return node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0; }

// The optimal string alignment distance (Damerau-Levenshtein without repeated edits of one
// substring): typos are mostly one wrong, missing, extra or swapped character.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The known key nearest to `key` (the first in sorted order on a tie), or "" when none is
// close enough to be a likely typo.
std::string NearestKey(const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = kMaxSuggestionEdits + 1;
  for (const std::string& candidate : known) {
    size_t distance = EditDistance(ascii::ToLower(key), candidate);
    if (distance < best_distance && distance <= key.size() / 2) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// One YAML file: its parsed tree and its source lines (for what the tree loses: comments).
struct YamlFile {
  YAML::Node root;
  std::vector<std::string> lines;
  std::string sha256;  // of the file's bytes as read (a rule's rule_sha256 in the manifest)
};

// yaml-cpp's message for a backslash it does not know in a double-quoted string.
constexpr std::string_view kUnknownEscapeMessage = "unknown escape character";

YamlFile LoadYaml(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw ConfigError(path + ": cannot read file (missing or not a regular file)");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) throw ConfigError(path + ": cannot read file");
  YamlFile file;
  file.sha256 = digest::Sha256Hex(content.str());
  std::string line;
  while (std::getline(content, line)) file.lines.push_back(line);
  try {
    file.root = YAML::Load(content.str());
  } catch (const YAML::ParserException& e) {
    std::string message = e.msg;
    // "\d+" in double quotes: YAML takes the backslash, before the regex compiler sees it.
    if (message.starts_with(kUnknownEscapeMessage)) {
      message +=
          " (in double quotes YAML reads backslashes as escapes; write regular expressions in single "
          "quotes: '\\d+')";
    }
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + message);
  }
  return file;
}

// The errors and warnings of one file, "file:line: message" each, in file order: a check
// reports every mistake of a file, not only the first.
struct Diagnostics {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

using Handlers = std::map<std::string, std::function<void(const YAML::Node&)>>;

// Reads typed values and reports the file and line on a wrong type. The value readers throw
// ConfigError (their key is then left out); Keys() records it and goes on with the next key.
class Reader {
 public:
  Reader(std::string file, const std::vector<std::string>* lines, Diagnostics* diagnostics)
      : file_(std::move(file)), lines_(lines), diagnostics_(diagnostics) {}

  // Records an error and goes on.
  void Report(const YAML::Node& node, const std::string& message) const {
    diagnostics_->errors.push_back(Where(node) + message);
  }
  void Warn(const YAML::Node& node, const std::string& message) const {
    diagnostics_->warnings.push_back(Where(node) + message);
  }
  // Throws the error; Keys() records it and goes on with the next key.
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& message) const {
    throw ConfigError(Where(node) + message);
  }

  std::string String(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) Fail(node, "'" + key + "' must be a string");
    return node.Scalar();
  }

  // The strings of a string or a list of strings, each with its node (for its line). Entries
  // that are not strings are reported and left out.
  std::vector<std::pair<std::string, YAML::Node>> StringNodes(const YAML::Node& node, const std::string& key) const {
    std::vector<std::pair<std::string, YAML::Node>> values;
    if (node.IsNull()) return values;
    if (node.IsScalar()) return {{node.Scalar(), node}};
    if (!node.IsSequence()) Fail(node, "'" + key + "' must be a string or a list of strings");
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) {
        Report(item, "'" + key + "' entries must be strings");
        continue;
      }
      values.emplace_back(item.Scalar(), item);
    }
    return values;
  }

  std::vector<std::string> StringList(const YAML::Node& node, const std::string& key) const {
    std::vector<std::string> values;
    for (auto& [value, item] : StringNodes(node, key)) values.push_back(std::move(value));
    return values;
  }

  // Start URLs and feeds: each an absolute http(s) URL (a typo is an error here, at start-up,
  // not a URL the crawl skips).
  std::vector<std::string> UrlList(const YAML::Node& node, const std::string& key) const {
    std::vector<std::string> urls;
    for (auto& [value, item] : StringNodes(node, key)) {
      if (auto problem = http_url::Problem(value)) {
        Report(item, "'" + key + "' entry '" + value + "' is not an absolute http(s) URL: " + *problem);
        continue;
      }
      urls.push_back(std::move(value));
    }
    return urls;
  }

  int64_t Integer(const YAML::Node& node, const std::string& key, int64_t min, int64_t max) const {
    int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value)) {
      Fail(node, "'" + key + "' must be an integer");
    }
    if (value < min || value > max) {
      Fail(node, "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
  }

  bool Bool(const YAML::Node& node, const std::string& key) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      Fail(node, "'" + key + "' must be true or false");
    }
    return value;
  }

  std::chrono::milliseconds Duration(const YAML::Node& node, const std::string& key) const {
    try {
      return ParseDuration(String(node, key));
    } catch (const std::invalid_argument& e) {
      Fail(node, "'" + key + "': " + e.what());
    }
  }

  int64_t ByteSize(const YAML::Node& node, const std::string& key) const {
    try {
      return ParseByteSize(String(node, key));
    } catch (const std::invalid_argument&) {
      Fail(node, "'" + key + "' must be a size such as 512KB, 10MB or 1000");
    }
  }

  // Calls handlers[key] for each key of the mapping. Unknown keys (with the nearest known one
  // as a hint), repeated keys (yaml-cpp keeps both) and the errors of each value are reported,
  // and the other keys still read. Throws ConfigError when `mapping` is not a mapping.
  void Keys(const YAML::Node& mapping, const std::string& what, const Handlers& handlers) const {
    if (!mapping.IsMap()) Fail(mapping, what + " must be a mapping of keys to values");
    std::map<std::string, int> line_of_key;
    int outer_key_line = key_line_;
    for (const auto& entry : mapping) {
      key_line_ = LineOf(entry.first);
      std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
      auto [first, inserted] = line_of_key.emplace(key, LineOf(entry.first));
      if (!inserted) {
        Report(entry.first, "duplicate key '" + key + "' (first on line " + std::to_string(first->second) + ")");
        continue;
      }
      auto handler = handlers.find(key);
      if (handler == handlers.end()) {
        Report(entry.first, UnknownKeyMessage(key, handlers));
        continue;
      }
      std::string commented_out = CommentedOutValue(entry.first, entry.second, key);
      try {
        handler->second(entry.second);
      } catch (const ConfigError& e) {
        // The hint explains the error ("'contact_url' must be a string"): one message.
        diagnostics_->errors.push_back(e.what() + (commented_out.empty() ? "" : " (" + commented_out + ")"));
        continue;
      }
      if (!commented_out.empty()) Warn(entry.first, commented_out);
    }
    key_line_ = outer_key_line;
  }

 private:
  static std::string UnknownKeyMessage(const std::string& key, const Handlers& handlers) {
    std::vector<std::string> known;
    for (const auto& entry : handlers) known.push_back(entry.first);
    std::string nearest = NearestKey(key, known);
    return "unknown key '" + key + "'" + (nearest.empty() ? "" : "; did you mean '" + nearest + "'?");
  }

  // "body: #main": YAML reads " #..." as a comment, so the key has no value, silently. The
  // message saying so, or "" when it is not the case. Only when the comment starts right after
  // the '#' (a CSS id, "#main"), not for prose comments ("# none on this site") after a key
  // meant to be empty.
  std::string CommentedOutValue(const YAML::Node& key_node, const YAML::Node& value, const std::string& key) const {
    if (!value.IsNull() || lines_ == nullptr || key_node.Mark().line < 0) return "";
    auto line = static_cast<size_t>(key_node.Mark().line);
    if (line >= lines_->size()) return "";
    std::string_view text = (*lines_)[line];
    size_t colon = text.find(':', static_cast<size_t>(std::max(key_node.Mark().column, 0)));
    if (colon == std::string_view::npos) return "";
    size_t hash = text.find_first_not_of(" \t", colon + 1);
    bool comment = hash != std::string_view::npos && hash > colon + 1 && text[hash] == '#';
    if (!comment || hash + 1 >= text.size() || ascii::IsBlank(text[hash + 1])) return "";
    std::string commented(ascii::TrimIf(text.substr(hash), ascii::IsSpace));
    return "'" + key + "' has no value: YAML reads '" + commented + "' as a comment; quote it: " + key + ": '" +
           commented + "'";
  }

  // "file:line: " for a message about `node`. An empty value has no place of its own (yaml-cpp
  // marks where the next token starts, often the next line): its key's line is used, or none.
  std::string Where(const YAML::Node& node) const {
    int line = node.IsDefined() && node.IsNull() ? key_line_ : LineOf(node);
    return line > 0 ? file_ + ":" + std::to_string(line) + ": " : file_ + ": ";
  }

  std::string file_;
  const std::vector<std::string>* lines_;  // the file's source lines; not owned
  Diagnostics* diagnostics_;               // not owned
  mutable int key_line_ = 0;               // the line of the key whose value is being read, in Keys()
};

// Each entry compiled; the bad ones reported, each on its line, and left out.
std::vector<selector::Selector> Selectors(const Reader& reader, const YAML::Node& node, const std::string& key) {
  std::vector<selector::Selector> selectors;
  for (const auto& [expression, item] : reader.StringNodes(node, key)) {
    try {
      selectors.push_back(selector::Selector::Compile(expression));
    } catch (const selector::SelectorError& e) {
      reader.Report(item, "bad selector in '" + key + "': " + e.what());
    }
  }
  return selectors;
}

std::vector<regex::Regex> Patterns(const Reader& reader, const YAML::Node& node, const std::string& key) {
  std::vector<regex::Regex> patterns;
  for (const auto& [source, item] : reader.StringNodes(node, key)) {
    try {
      patterns.push_back(regex::Regex::Compile(source));
    } catch (const regex::RegexError& e) {
      reader.Report(item, "bad regular expression in '" + key + "': " + e.what());
    }
  }
  return patterns;
}

// An HTTP field name or cookie name: a token (RFC 9110 §5.6.2).
bool IsHttpToken(std::string_view name) {
  constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return ascii::IsAlnum(c) || kTokenPunctuation.find(c) != std::string_view::npos;
  });
}

// fetch.headers / fetch.cookies: a mapping of names to string values, in file order. A value
// with a control character (a line break would inject another header) or, for a cookie, a ';'
// (it would start another cookie) is an error, and so is a Cookie header (use 'cookies').
std::vector<std::pair<std::string, std::string>> RequestFields(const Reader& r, const YAML::Node& node, bool cookies) {
  const std::string what = cookies ? "'cookies'" : "'headers'";
  if (!node.IsMap()) r.Fail(node, what + " must be a mapping of names to values");
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& entry : node) {
    std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (!IsHttpToken(name)) {
      r.Fail(entry.first, what + ": '" + name + "' is not a valid " + (cookies ? "cookie" : "header") + " name");
    }
    if (!cookies && ascii::EqualsIgnoreCase(name, "cookie")) {
      r.Fail(entry.first, "'headers': send cookies with 'cookies' (name: value), not a Cookie header");
    }
    std::string value = r.String(entry.second, name);
    bool bad = std::any_of(value.begin(), value.end(), [&](char c) {
      return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f || (cookies && c == ';');
    });
    if (bad) {
      r.Fail(entry.second, what + ": the value of '" + name + "' holds a line break or control character" +
                               (cookies ? " or ';'" : ""));
    }
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

bool IsValidSiteName(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return ascii::IsAlnum(c) || c == '.' || c == '-' || c == '_'; });
}

bool IsYamlFile(const std::filesystem::path& path) { return path.extension() == ".yaml" || path.extension() == ".yml"; }

}  // namespace

std::string CrawlConfig::UserAgentHeader() const {
  std::string header = user_agent + "/" PRESSOIR_VERSION;
  if (!contact_url.empty()) header += " (+" + contact_url + ")";
  return header;
}

std::chrono::milliseconds ParseDuration(const std::string& text) {
  // Digits, an optional fraction, then the unit: std::stod alone would also take " 5s",
  // "1e3s", "0x10s" or "inf".
  size_t end = 0;
  while (end < text.size() && ascii::IsDigit(text[end])) ++end;
  size_t integer_digits = end;
  if (end < text.size() && text[end] == '.') {
    ++end;
    size_t fraction_start = end;
    while (end < text.size() && ascii::IsDigit(text[end])) ++end;
    if (end == fraction_start) integer_digits = 0;  // "5." is not a number
  }
  if (integer_digits == 0) {
    throw std::invalid_argument("'" + text + "' is not a duration (a number and a unit: 250ms, 90s, 10m, 1h, 30d)");
  }
  const std::string number = text.substr(0, end);
  const std::string unit = text.substr(end);
  const double value = std::stod(number);
  double factor = 0;
  if (unit.empty()) {
    // "10" could mean seconds or minutes: a cron run's --time-limit 10 read as 10 s would end
    // every run at once. Only 0 means the same in every unit.
    if (value != 0) {
      throw std::invalid_argument("'" + text + "' has no unit: write " + number + "s, " + number + "m or " + number +
                                  "h (units: ms, s, m, h, d; only 0 goes without one)");
    }
  } else if (unit == "s") {
    factor = 1000;
  } else if (unit == "ms") {
    factor = 1;
  } else if (unit == "m" || unit == "min") {
    factor = 60'000;
  } else if (unit == "h") {
    factor = 3'600'000;
  } else if (unit == "d") {
    factor = 86'400'000;
  } else {
    throw std::invalid_argument("'" + text + "': unknown unit '" + unit + "' (units: ms, s, m, h, d)");
  }
  if (value * factor > kMaxDurationMs) throw std::invalid_argument("'" + text + "' is too long");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(value * factor)));
}

int64_t ParseByteSize(const std::string& text) {
  size_t end = 0;
  double value = 0;
  try {
    value = std::stod(text, &end);
  } catch (const std::exception&) {
    throw std::invalid_argument("bad size");
  }
  std::string unit = text.substr(end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  static const std::map<std::string, double> kUnits = {
      {"", 1},     {"B", 1},      {"KB", 1e3},        {"MB", 1e6},
      {"GB", 1e9}, {"KiB", 1024}, {"MiB", 1048576.0}, {"GiB", 1073741824.0}};
  auto unit_factor = kUnits.find(unit);
  if (unit_factor == kUnits.end()) throw std::invalid_argument("bad size unit");
  double bytes = value * unit_factor->second;
  if (!std::isfinite(bytes) || bytes < 0 || bytes > 1e15) throw std::invalid_argument("size out of range");
  return static_cast<int64_t>(bytes);
}

namespace {

// The keys of the crawler config and how each one is read into `config`: the one list of the
// keys, for LoadCrawlConfig() and CrawlConfigKeys().
Handlers CrawlConfigHandlers(CrawlConfig& config, const Reader& r) {
  return Handlers({
      {"user_agent", [&](const YAML::Node& n) { config.user_agent = r.String(n, "user_agent"); }},
      {"contact_url", [&](const YAML::Node& n) { config.contact_url = r.String(n, "contact_url"); }},
      {"corpus", [&](const YAML::Node& n) { config.corpus = r.String(n, "corpus"); }},
      {"state", [&](const YAML::Node& n) { config.state = r.String(n, "state"); }},
      {"sites", [&](const YAML::Node& n) { config.sites = r.String(n, "sites"); }},
      {"log_file", [&](const YAML::Node& n) { config.log_file = r.String(n, "log_file"); }},
      {"archive", [&](const YAML::Node& n) { config.archive = r.String(n, "archive"); }},
      {"archive_max_size", [&](const YAML::Node& n) { config.archive_max_bytes = r.ByteSize(n, "archive_max_size"); }},
      {"frontier",
       [&](const YAML::Node& n) {
         config.frontier = r.String(n, "frontier");
         if (!config.frontier.empty() && config.frontier.rfind("redis://", 0) != 0) {
           r.Fail(n, "'frontier' must be empty (embedded) or a redis://host:port/db URL");
         }
       }},
      {"hosts_per_worker",
       [&](const YAML::Node& n) {
         config.hosts_per_worker = static_cast<int>(r.Integer(n, "hosts_per_worker", 0, 1'000'000));
       }},
      {"host_lease",
       [&](const YAML::Node& n) {
         config.host_lease = r.Duration(n, "host_lease");
         if (config.host_lease.count() < 500) r.Fail(n, "'host_lease' must be at least 500ms");
       }},
      {"start_urls", [&](const YAML::Node& n) { config.start_urls = r.UrlList(n, "start_urls"); }},
      {"rule_start_urls", [&](const YAML::Node& n) { config.rule_start_urls = r.Bool(n, "rule_start_urls"); }},
      {"concurrency",
       [&](const YAML::Node& n) { config.concurrency = static_cast<int>(r.Integer(n, "concurrency", 1, 10000)); }},
      {"per_host_concurrency",
       [&](const YAML::Node& n) {
         config.per_host_concurrency = static_cast<int>(r.Integer(n, "per_host_concurrency", 1, 1000));
       }},
      {"per_host_delay", [&](const YAML::Node& n) { config.per_host_delay = r.Duration(n, "per_host_delay"); }},
      {"obey_robots", [&](const YAML::Node& n) { config.obey_robots = r.Bool(n, "obey_robots"); }},
      {"allow_private_addresses",
       [&](const YAML::Node& n) { config.allow_private_addresses = r.Bool(n, "allow_private_addresses"); }},
      {"max_crawl_delay", [&](const YAML::Node& n) { config.max_crawl_delay = r.Duration(n, "max_crawl_delay"); }},
      {"max_depth",
       [&](const YAML::Node& n) { config.max_depth = static_cast<int>(r.Integer(n, "max_depth", 0, 1000)); }},
      {"max_pages", [&](const YAML::Node& n) { config.max_pages = r.Integer(n, "max_pages", 0, INT64_MAX); }},
      {"time_limit", [&](const YAML::Node& n) { config.time_limit = r.Duration(n, "time_limit"); }},
      {"use_sitemaps", [&](const YAML::Node& n) { config.use_sitemaps = r.Bool(n, "use_sitemaps"); }},
      {"use_advertised_feeds",
       [&](const YAML::Node& n) { config.use_advertised_feeds = r.Bool(n, "use_advertised_feeds"); }},
      {"revisit_articles", [&](const YAML::Node& n) { config.revisit_articles = r.Duration(n, "revisit_articles"); }},
      {"revisit_index", [&](const YAML::Node& n) { config.revisit_index = r.Duration(n, "revisit_index"); }},
      {"connect_timeout", [&](const YAML::Node& n) { config.connect_timeout = r.Duration(n, "connect_timeout"); }},
      {"timeout", [&](const YAML::Node& n) { config.timeout = r.Duration(n, "timeout"); }},
      {"low_speed_bytes_per_second",
       [&](const YAML::Node& n) {
         config.low_speed_bytes_per_second =
             static_cast<int>(r.Integer(n, "low_speed_bytes_per_second", 0, 1'000'000'000));
       }},
      {"low_speed_time", [&](const YAML::Node& n) { config.low_speed_time = r.Duration(n, "low_speed_time"); }},
      {"max_redirects",
       [&](const YAML::Node& n) { config.max_redirects = static_cast<int>(r.Integer(n, "max_redirects", 0, 50)); }},
      {"max_body_size", [&](const YAML::Node& n) { config.max_body_bytes = r.ByteSize(n, "max_body_size"); }},
      {"retries", [&](const YAML::Node& n) { config.retries = static_cast<int>(r.Integer(n, "retries", 0, 20)); }},
      {"retry_base_delay", [&](const YAML::Node& n) { config.retry_base_delay = r.Duration(n, "retry_base_delay"); }},
      {"retry_max_delay", [&](const YAML::Node& n) { config.retry_max_delay = r.Duration(n, "retry_max_delay"); }},
      {"host_failure_threshold",
       [&](const YAML::Node& n) {
         config.host_failure_threshold = static_cast<int>(r.Integer(n, "host_failure_threshold", 1, 1000));
       }},
      {"host_pause", [&](const YAML::Node& n) { config.host_pause = r.Duration(n, "host_pause"); }},
      {"extract_threads",
       [&](const YAML::Node& n) {
         config.extract_threads = static_cast<int>(r.Integer(n, "extract_threads", 0, 256));
       }},
      {"min_article_chars",
       [&](const YAML::Node& n) {
         config.min_article_chars = static_cast<size_t>(r.Integer(n, "min_article_chars", 0, 1'000'000));
       }},
  });
}

}  // namespace

const CrawlConfig& DefaultCrawlConfig() {
  static const CrawlConfig defaults;
  return defaults;
}

std::vector<std::string> CrawlConfigKeys() {
  CrawlConfig config;
  Diagnostics unused;
  const Reader reader("", nullptr, &unused);
  std::vector<std::string> keys;
  for (const auto& entry : CrawlConfigHandlers(config, reader)) keys.push_back(entry.first);
  return keys;
}

CrawlConfig LoadCrawlConfig(const std::string& path, std::vector<std::string>* warnings) {
  YamlFile yaml = LoadYaml(path);
  CrawlConfig config;
  config.file = path;
  if (yaml.root.IsNull()) return config;  // an empty file means all defaults
  Diagnostics diagnostics;
  Reader r(path, &yaml.lines, &diagnostics);
  try {
    r.Keys(yaml.root, "the crawler config", CrawlConfigHandlers(config, r));
  } catch (const ConfigError& e) {
    diagnostics.errors.push_back(e.what());
  }
  if (yaml.root.IsMap() &&
      (config.user_agent.empty() || config.user_agent.find_first_of(" /\t") != std::string::npos)) {
    r.Report(yaml.root["user_agent"], "'user_agent' must be a product token without spaces or '/'");
  }
  if (!diagnostics.errors.empty()) throw ConfigError(std::move(diagnostics.errors));
  if (warnings != nullptr) *warnings = std::move(diagnostics.warnings);
  return config;
}

namespace {

// One rule file read: its rules (valid when there is no error; what could be read
// otherwise, for the checks across files) and where each of its domains is written.
struct RuleFileLoad {
  rules::SiteRules rules;
  std::vector<int> domain_lines;  // domain_lines[i]: the line of rules.domains[i]
  Diagnostics diagnostics;
};

RuleFileLoad LoadRuleFile(const std::string& path) {
  RuleFileLoad load;
  YamlFile yaml;
  try {
    yaml = LoadYaml(path);
  } catch (const ConfigError& e) {
    load.diagnostics.errors.push_back(e.what());
    return load;
  }
  const YAML::Node& root = yaml.root;
  Reader r(path, &yaml.lines, &load.diagnostics);
  rules::SiteRules& site = load.rules;
  site.file = path;
  site.file_sha256 = yaml.sha256;
  std::vector<int>& domain_lines = load.domain_lines;
  try {
    r.Keys(
        root, "a rule file",
        {
            {"name", [&](const YAML::Node& n) { site.name = r.String(n, "name"); }},
            {"domains",
             [&](const YAML::Node& n) {
               for (const auto& [domain, item] : r.StringNodes(n, "domains")) {
                 std::string_view bare(domain);
                 if (bare.starts_with("*.")) bare.remove_prefix(2);
                 if (bare.empty() || bare.find_first_of("/:*? ") != std::string_view::npos) {
                   r.Report(item,
                            "bad domain '" + domain + "' (write a host name such as example.com or *.example.com)");
                   continue;
                 }
                 site.domains.push_back(domain);
                 domain_lines.push_back(LineOf(item));
               }
             }},
            {"start_urls", [&](const YAML::Node& n) { site.start_urls = r.UrlList(n, "start_urls"); }},
            {"feeds", [&](const YAML::Node& n) { site.feeds = r.UrlList(n, "feeds"); }},
            {"article_urls", [&](const YAML::Node& n) { site.article_urls = Patterns(r, n, "article_urls"); }},
            {"follow", [&](const YAML::Node& n) { site.follow = Patterns(r, n, "follow"); }},
            {"never_follow", [&](const YAML::Node& n) { site.never_follow = Patterns(r, n, "never_follow"); }},
            {"body", [&](const YAML::Node& n) { site.body = Selectors(r, n, "body"); }},
            {"remove", [&](const YAML::Node& n) { site.remove = Selectors(r, n, "remove"); }},
            {"title", [&](const YAML::Node& n) { site.title = Selectors(r, n, "title"); }},
            {"date", [&](const YAML::Node& n) { site.date = Selectors(r, n, "date"); }},
            {"author", [&](const YAML::Node& n) { site.author = Selectors(r, n, "author"); }},
            {"lede", [&](const YAML::Node& n) { site.lede = Selectors(r, n, "lede"); }},
            {"language",
             [&](const YAML::Node& n) {
               std::string value = r.String(n, "language");
               site.language = language::PrimaryTag(value);
               if (site.language.empty() && n.IsScalar()) {
                 r.Report(n, "'language' must be a BCP 47 language tag such as 'fr' or 'de-CH', not '" + value + "'");
               }
             }},
            {"drop_lines", [&](const YAML::Node& n) { site.drop_lines = r.StringList(n, "drop_lines"); }},
            {"drop_patterns", [&](const YAML::Node& n) { site.drop_patterns = Patterns(r, n, "drop_patterns"); }},
            {"clean", [&](const YAML::Node& n) { site.clean = r.Bool(n, "clean"); }},
            {"fetch",
             [&](const YAML::Node& n) {
               r.Keys(
                   n, "'fetch'",
                   {
                       {"per_host_concurrency",
                        [&](const YAML::Node& v) {
                          site.fetch.per_host_concurrency =
                              static_cast<int>(r.Integer(v, "per_host_concurrency", 1, 1000));
                        }},
                       {"per_host_delay",
                        [&](const YAML::Node& v) { site.fetch.per_host_delay = r.Duration(v, "per_host_delay"); }},
                       {"max_depth",
                        [&](const YAML::Node& v) {
                          site.fetch.max_depth = static_cast<int>(r.Integer(v, "max_depth", 0, 1000));
                        }},
                       {"revisit_articles",
                        [&](const YAML::Node& v) { site.fetch.revisit_articles = r.Duration(v, "revisit_articles"); }},
                       {"revisit_index",
                        [&](const YAML::Node& v) { site.fetch.revisit_index = r.Duration(v, "revisit_index"); }},
                       {"headers", [&](const YAML::Node& v) { site.fetch.headers = RequestFields(r, v, false); }},
                       {"cookies", [&](const YAML::Node& v) { site.fetch.cookies = RequestFields(r, v, true); }},
                   });
             }},
        });
  } catch (const ConfigError& e) {
    load.diagnostics.errors.push_back(e.what());  // not a mapping: nothing else to check
    return load;
  }
  bool has_name = root["name"].IsDefined();
  bool has_domains = root["domains"].IsDefined();
  if (!has_name) r.Report(root, "missing required key 'name'");
  if (has_name && !site.name.empty() && !IsValidSiteName(site.name)) {
    r.Report(root["name"], "'name' must use only letters, digits, '.', '-' and '_' (it names a directory)");
  } else if (has_name && site.name.empty() && root["name"].IsScalar()) {
    r.Report(root["name"], "'name' must not be empty");
  }
  if (!has_domains) {
    r.Report(root, "missing required key 'domains'");
  } else if (site.domains.empty() && load.diagnostics.errors.empty()) {
    r.Report(root["domains"], "'domains' must name at least one host");
  }
  return load;
}

std::string FileLine(const std::string& file, int line) { return line > 0 ? file + ":" + std::to_string(line) : file; }

}  // namespace

rules::SiteRules LoadSiteRulesFile(const std::string& path, std::vector<std::string>* warnings) {
  RuleFileLoad load = LoadRuleFile(path);
  if (!load.diagnostics.errors.empty()) throw ConfigError(std::move(load.diagnostics.errors));
  if (warnings != nullptr) *warnings = std::move(load.diagnostics.warnings);
  return std::move(load.rules);
}

SiteRulesLoad LoadSiteRules(const std::vector<std::string>& paths) {
  SiteRulesLoad load;
  std::vector<std::filesystem::path> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> in_directory;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
        if (entry.is_regular_file() && IsYamlFile(entry.path())) in_directory.push_back(entry.path());
      }
      if (ec) load.errors.push_back(path + ": cannot list the directory: " + ec.message());
      std::sort(in_directory.begin(), in_directory.end());
      files.insert(files.end(), in_directory.begin(), in_directory.end());
    } else if (std::filesystem::is_regular_file(path, ec)) {
      files.emplace_back(path);
    } else {
      load.errors.push_back(path + ": no such file or directory of rule files");
    }
  }
  std::set<std::filesystem::path> seen;
  std::map<std::string, std::string> file_of_site;
  // Lower-cased domain ("*.example.com" and "example.com" apart: the plain one wins a tie) ->
  // the file that claimed it first, and "file:line".
  std::map<std::string, std::pair<std::string, std::string>> claim_of_domain;
  for (const auto& file : files) {
    if (!seen.insert(file.lexically_normal()).second) continue;  // named twice (a file and its directory)
    ++load.files;
    RuleFileLoad one = LoadRuleFile(file.string());
    for (std::string& warning : one.diagnostics.warnings) load.warnings.push_back(std::move(warning));
    std::vector<std::string> errors = std::move(one.diagnostics.errors);
    // Names and domains are compared even when the file has other errors (all of them show
    // at once) and are claimed by the first file, valid or not.
    const rules::SiteRules& site = one.rules;
    if (!site.name.empty()) {
      auto [named, inserted] = file_of_site.emplace(site.name, file.string());
      if (!inserted)
        errors.push_back(file.string() + ": site name '" + site.name + "' is also used by " + named->second);
    }
    // The longest matching domain picks a page's rule; two rules with the same domain tie, and
    // which one applies would depend on the order of the files.
    for (size_t i = 0; i < site.domains.size(); ++i) {
      std::string here = FileLine(file.string(), one.domain_lines[i]);
      auto [claimed, inserted] =
          claim_of_domain.emplace(ascii::ToLower(site.domains[i]), std::pair{file.string(), here});
      if (!inserted && claimed->second.first != file.string()) {  // twice in one file is harmless
        errors.push_back(here + ": domain '" + site.domains[i] + "' is also claimed by " + claimed->second.second +
                         " (which rule applies to its pages would depend on file order)");
      }
    }
    if (errors.empty()) load.rules.push_back(std::move(one.rules));
    if (!errors.empty()) ++load.files_with_errors;
    for (std::string& error : errors) load.errors.push_back(std::move(error));
  }
  return load;
}

SiteRulesLoad LoadSiteRulesDirectory(const std::string& directory) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    SiteRulesLoad load;
    load.errors.push_back(directory + ": not a directory of rule files");
    return load;
  }
  return LoadSiteRules({directory});
}

}  // namespace pressoir::config

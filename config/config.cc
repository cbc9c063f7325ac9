// YAML loading and validation (see config.h). Errors are collected as "file:line: message".
#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "base/ascii.h"

namespace pressoir::config {
namespace {

// The longest duration accepted (10^15 ms, about 31,700 years: "never" in practice), small
// enough that a time plus it stays far within int64 milliseconds.
constexpr double kMaxDurationMs = 1e15;

// yaml-cpp marks are 0-based; editors and messages count lines from 1.
[[noreturn]] void Fail(const std::string& file, const YAML::Node& node, const std::string& message) {
  if (node.IsDefined() && node.Mark().line >= 0) {
    throw ConfigError(file + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
  }
  throw ConfigError(file + ": " + message);
}

YAML::Node LoadYaml(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw ConfigError(path + ": cannot read file (missing or not a regular file)");
  }
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const YAML::BadFile&) {
    throw ConfigError(path + ": cannot read file");
  }
}

// Reads typed values and reports the file and line on a wrong type.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  std::string String(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) Fail(file_, node, "'" + key + "' must be a string");
    return node.Scalar();
  }

  std::vector<std::string> StringList(const YAML::Node& node, const std::string& key) const {
    std::vector<std::string> values;
    if (node.IsNull()) return values;
    if (node.IsScalar()) return {node.Scalar()};
    if (!node.IsSequence()) Fail(file_, node, "'" + key + "' must be a string or a list of strings");
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) Fail(file_, item, "'" + key + "' entries must be strings");
      values.push_back(item.Scalar());
    }
    return values;
  }

  int64_t Integer(const YAML::Node& node, const std::string& key, int64_t min, int64_t max) const {
    int64_t value = 0;
    if (!node.IsScalar() || !YAML::convert<int64_t>::decode(node, value)) {
      Fail(file_, node, "'" + key + "' must be an integer");
    }
    if (value < min || value > max) {
      Fail(file_, node, "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
  }

  bool Bool(const YAML::Node& node, const std::string& key) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      Fail(file_, node, "'" + key + "' must be true or false");
    }
    return value;
  }

  std::chrono::milliseconds Duration(const YAML::Node& node, const std::string& key) const {
    try {
      return ParseDuration(String(node, key));
    } catch (const std::invalid_argument& e) {
      Fail(file_, node, "'" + key + "': " + e.what());
    }
  }

  int64_t ByteSize(const YAML::Node& node, const std::string& key) const {
    try {
      return ParseByteSize(String(node, key));
    } catch (const std::invalid_argument&) {
      Fail(file_, node, "'" + key + "' must be a size such as 512KB, 10MB or 1000");
    }
  }

  // Calls handlers[key] for each key of the mapping; any other key is an error.
  void Keys(const YAML::Node& mapping, const std::string& what,
            const std::map<std::string, std::function<void(const YAML::Node&)>>& handlers) const {
    if (!mapping.IsMap()) Fail(file_, mapping, what + " must be a mapping of keys to values");
    for (const auto& entry : mapping) {
      std::string key = entry.first.Scalar();
      auto handler = handlers.find(key);
      if (handler == handlers.end()) Fail(file_, entry.first, "unknown key '" + key + "'");
      handler->second(entry.second);
    }
  }

 private:
  std::string file_;
};

std::vector<selector::Selector> Selectors(const Reader& reader, const YAML::Node& node, const std::string& key) {
  std::vector<selector::Selector> selectors;
  std::vector<std::string> expressions = reader.StringList(node, key);
  for (size_t i = 0; i < expressions.size(); ++i) {
    const YAML::Node& item = node.IsSequence() ? node[i] : node;
    try {
      selectors.push_back(selector::Selector::Compile(expressions[i]));
    } catch (const selector::SelectorError& e) {
      Fail(reader.file(), item, "bad selector in '" + key + "': " + e.what());
    }
  }
  return selectors;
}

std::vector<regex::Regex> Patterns(const Reader& reader, const YAML::Node& node, const std::string& key) {
  std::vector<regex::Regex> patterns;
  std::vector<std::string> sources = reader.StringList(node, key);
  for (size_t i = 0; i < sources.size(); ++i) {
    const YAML::Node& item = node.IsSequence() ? node[i] : node;
    try {
      patterns.push_back(regex::Regex::Compile(sources[i]));
    } catch (const regex::RegexError& e) {
      Fail(reader.file(), item, "bad regular expression in '" + key + "': " + e.what());
    }
  }
  return patterns;
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

using Handlers = std::map<std::string, std::function<void(const YAML::Node&)>>;

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
      {"frontier",
       [&](const YAML::Node& n) {
         config.frontier = r.String(n, "frontier");
         if (!config.frontier.empty() && config.frontier.rfind("redis://", 0) != 0) {
           Fail(r.file(), n, "'frontier' must be empty (embedded) or a redis://host:port/db URL");
         }
       }},
      {"hosts_per_worker",
       [&](const YAML::Node& n) {
         config.hosts_per_worker = static_cast<int>(r.Integer(n, "hosts_per_worker", 0, 1'000'000));
       }},
      {"host_lease",
       [&](const YAML::Node& n) {
         config.host_lease = r.Duration(n, "host_lease");
         if (config.host_lease.count() < 500) Fail(r.file(), n, "'host_lease' must be at least 500ms");
       }},
      {"start_urls", [&](const YAML::Node& n) { config.start_urls = r.StringList(n, "start_urls"); }},
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
  const Reader reader("");
  std::vector<std::string> keys;
  for (const auto& entry : CrawlConfigHandlers(config, reader)) keys.push_back(entry.first);
  return keys;
}

CrawlConfig LoadCrawlConfig(const std::string& path) {
  YAML::Node root = LoadYaml(path);
  CrawlConfig config;
  config.file = path;
  if (root.IsNull()) return config;  // an empty file means all defaults
  Reader r(path);
  r.Keys(root, "the crawler config", CrawlConfigHandlers(config, r));
  if (config.user_agent.empty() || config.user_agent.find_first_of(" /\t") != std::string::npos) {
    Fail(path, root["user_agent"], "'user_agent' must be a product token without spaces or '/'");
  }
  return config;
}

rules::SiteRules LoadSiteRulesFile(const std::string& path) {
  YAML::Node root = LoadYaml(path);
  Reader r(path);
  rules::SiteRules site;
  site.file = path;
  r.Keys(root, "a rule file",
         {
             {"name", [&](const YAML::Node& n) { site.name = r.String(n, "name"); }},
             {"domains", [&](const YAML::Node& n) { site.domains = r.StringList(n, "domains"); }},
             {"start_urls", [&](const YAML::Node& n) { site.start_urls = r.StringList(n, "start_urls"); }},
             {"feeds", [&](const YAML::Node& n) { site.feeds = r.StringList(n, "feeds"); }},
             {"article_urls", [&](const YAML::Node& n) { site.article_urls = Patterns(r, n, "article_urls"); }},
             {"follow", [&](const YAML::Node& n) { site.follow = Patterns(r, n, "follow"); }},
             {"never_follow", [&](const YAML::Node& n) { site.never_follow = Patterns(r, n, "never_follow"); }},
             {"body", [&](const YAML::Node& n) { site.body = Selectors(r, n, "body"); }},
             {"remove", [&](const YAML::Node& n) { site.remove = Selectors(r, n, "remove"); }},
             {"title", [&](const YAML::Node& n) { site.title = Selectors(r, n, "title"); }},
             {"date", [&](const YAML::Node& n) { site.date = Selectors(r, n, "date"); }},
             {"author", [&](const YAML::Node& n) { site.author = Selectors(r, n, "author"); }},
             {"lede", [&](const YAML::Node& n) { site.lede = Selectors(r, n, "lede"); }},
             {"drop_lines", [&](const YAML::Node& n) { site.drop_lines = r.StringList(n, "drop_lines"); }},
             {"drop_patterns", [&](const YAML::Node& n) { site.drop_patterns = Patterns(r, n, "drop_patterns"); }},
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
                    });
              }},
         });
  if (site.name.empty()) Fail(path, root, "missing required key 'name'");
  if (!IsValidSiteName(site.name)) {
    Fail(path, root["name"], "'name' must use only letters, digits, '.', '-' and '_' (it names a directory)");
  }
  if (site.domains.empty()) Fail(path, root, "missing required key 'domains'");
  for (const std::string& domain : site.domains) {
    std::string_view bare(domain);
    if (bare.starts_with("*.")) bare.remove_prefix(2);
    if (bare.empty() || bare.find_first_of("/:*? ") != std::string_view::npos) {
      Fail(path, root["domains"],
           "bad domain '" + domain + "' (write a host name such as example.com or *.example.com)");
    }
  }
  return site;
}

SiteRulesLoad LoadSiteRulesDirectory(const std::string& directory) {
  SiteRulesLoad load;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    load.errors.push_back(directory + ": not a directory of rule files");
    return load;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file() && IsYamlFile(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> file_of_site;
  for (const auto& file : files) {
    try {
      rules::SiteRules site = LoadSiteRulesFile(file.string());
      auto [it, inserted] = file_of_site.emplace(site.name, file.string());
      if (!inserted) {
        load.errors.push_back(file.string() + ": site name '" + site.name + "' is also used by " + it->second);
        continue;
      }
      load.rules.push_back(std::move(site));
    } catch (const ConfigError& e) {
      load.errors.push_back(e.what());
    }
  }
  return load;
}

}  // namespace pressoir::config

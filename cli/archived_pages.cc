// The HTML pages of WARC files (see archived_pages.h).
#include "cli/archived_pages.h"

#include <algorithm>
#include <filesystem>

#include "base/ascii.h"
#include "base/time_format.h"

namespace pressoir::cli {
namespace {

bool IsHtmlType(std::string_view content_type) {
  return ascii::ContainsIgnoreCase(content_type, "text/html") ||
         ascii::ContainsIgnoreCase(content_type, "application/xhtml+xml");
}

// A body without Content-Type that starts like an HTML document (after white space).
bool LooksLikeHtml(std::string_view body) {
  std::string_view start = ascii::TrimLeftIf(body.substr(0, 1024), ascii::IsSpace);
  return ascii::StartsWithIgnoreCase(start, "<!doctype html") || ascii::StartsWithIgnoreCase(start, "<html");
}

}  // namespace

std::optional<ArchivedPage> PageOf(const warc::Record& record, size_t max_body_bytes, std::string& error,
                                   bool head_only) {
  error.clear();
  if (record.Type() != "response") return std::nullopt;
  std::string_view block_type = warc::FindHeader(record.headers, "Content-Type").value_or("");
  if (!block_type.empty() && !ascii::ContainsIgnoreCase(block_type, "application/http")) return std::nullopt;
  std::string uri = record.TargetUri();
  if (!ascii::StartsWithIgnoreCase(uri, "http://") && !ascii::StartsWithIgnoreCase(uri, "https://")) {
    return std::nullopt;
  }
  // A cut body (WARC-Truncated) is not the page: extracting it would store half an article.
  if (warc::FindHeader(record.headers, "WARC-Truncated")) return std::nullopt;
  std::string_view block = record.block;
  if (!block.starts_with("HTTP/")) return std::nullopt;  // not HTTP (a dns: or ftp: record)
  // The status line and headers decide first; the body is decoded only for a page.
  std::optional<warc::HttpResponse> http = warc::ParseHttpHead(block, error);
  if (!http) return std::nullopt;
  if (http->status < 200 || http->status >= 300) return std::nullopt;
  std::string_view type = warc::FindHeader(http->headers, "Content-Type").value_or("");
  if (!type.empty() && !IsHtmlType(type)) return std::nullopt;
  if (!head_only) {
    http = warc::ParseHttpResponse(block, max_body_bytes, error);
    if (!http) return std::nullopt;
  }
  std::string content_type(warc::FindHeader(http->headers, "Content-Type").value_or(""));
  if (content_type.empty() && !head_only && !LooksLikeHtml(http->body)) return std::nullopt;
  ArchivedPage page;
  page.url = uri;
  page.date = std::string(warc::FindHeader(record.headers, "WARC-Date").value_or(""));
  page.response.fetched_at = time_format::ParseIso8601Utc(page.date);
  page.response.url = uri;
  page.response.final_url = uri;
  page.response.http_status = http->status;
  page.response.content_type = content_type;
  page.response.body = std::move(http->body);
  page.response.bytes = static_cast<int64_t>(page.response.body.size());
  return page;
}

std::vector<std::string> ArchiveFiles(const std::string& directory, std::string& error) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    error = directory + ": no such archive directory";
    return files;
  }
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && (name.ends_with(".warc.gz") || name.ends_with(".warc"))) {
      files.push_back(entry.path().string());
    }
  }
  if (ec) error = directory + ": cannot list: " + ec.message();
  std::sort(files.begin(), files.end());
  return files;
}

bool LoadConfigWithOverrides(const ParsedArgs& parsed, config::CrawlConfig& crawl_config, std::ostream& err) {
  try {
    std::string config_path = parsed.Value("--config");
    if (config_path.empty() && std::filesystem::exists("config/crawler.yaml")) config_path = "config/crawler.yaml";
    if (!config_path.empty()) crawl_config = config::LoadCrawlConfig(config_path, nullptr);
  } catch (const config::ConfigError& e) {
    for (const std::string& message : e.messages()) err << "error: " << message << "\n";
    return false;
  }
  if (parsed.values.count("--corpus")) crawl_config.corpus = parsed.Value("--corpus");
  if (parsed.values.count("--archive")) crawl_config.archive = parsed.Value("--archive");
  if (parsed.values.count("--sites")) crawl_config.sites = parsed.Value("--sites");
  if (parsed.values.count("--state")) crawl_config.state = parsed.Value("--state");
  return true;
}

}  // namespace pressoir::cli

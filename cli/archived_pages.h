// Internal to cli/: the HTML pages of WARC files, for `pressoir extract --warc` and `pressoir
// reextract`. A WARC response record is a page when its HTTP status is 2xx and its
// Content-Type is HTML (text/html, application/xhtml+xml) or missing with an HTML start;
// every other record (requests, metadata, redirects, images, PDFs) is skipped.
#ifndef PRESSOIR_CLI_ARCHIVED_PAGES_H_
#define PRESSOIR_CLI_ARCHIVED_PAGES_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "config/config.h"

#include "crawler/fetcher.h"
#include "warc/reader.h"

namespace pressoir::cli {

struct ArchivedPage {
  std::string url;              // WARC-Target-URI
  std::string date;             // WARC-Date (ISO 8601 UTC), "" when absent
  fetch::FetchResult response;  // url, final_url, http_status, content_type, body: what a fetch gives
};

// The page `record` holds, or nullopt: with `error` empty for a record that is not an HTML
// page, with `error` set ("content-encoding 'br' is not supported", ...) for a response that
// should be one and cannot be read. With `head_only`, the body is not kept (an index pass).
std::optional<ArchivedPage> PageOf(const warc::Record& record, size_t max_body_bytes, std::string& error,
                                   bool head_only = false);

// The WARC files (*.warc.gz, *.warc) of an archive directory, sorted by name (the names begin
// with their creation time). Sets `error` ("DIR: no such archive directory", ...) when the
// directory cannot be listed.
std::vector<std::string> ArchiveFiles(const std::string& directory, std::string& error);

// The crawl config of a command that works on a crawl's corpus and archive (reextract, rules
// test): --config FILE, else config/crawler.yaml when present, else the defaults; then
// --corpus, --archive, --sites and --state override it. False, with one "error: ..." line per
// problem on `err`, when the config file is invalid.
bool LoadConfigWithOverrides(const ParsedArgs& parsed, config::CrawlConfig& crawl_config, std::ostream& err);

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_ARCHIVED_PAGES_H_

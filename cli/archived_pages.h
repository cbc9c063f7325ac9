// Internal to cli/: the HTML pages of WARC files, for `pressoir extract --warc` and `pressoir
// reextract`. A WARC response record is a page when its HTTP status is 2xx and its
// Content-Type is HTML (text/html, application/xhtml+xml) or missing with an HTML start;
// every other record (requests, metadata, redirects, images, PDFs) is skipped.
#ifndef PRESSOIR_CLI_ARCHIVED_PAGES_H_
#define PRESSOIR_CLI_ARCHIVED_PAGES_H_

#include <optional>
#include <string>

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

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_ARCHIVED_PAGES_H_

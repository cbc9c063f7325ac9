// What the crawl hands the raw archive (warc/writer.h) and the manifest's provenance
// fields: the exchange of a fetch result and pressoir's version (the rule file's digest is
// SiteRules::file_sha256, taken when the rule is loaded).
#ifndef PRESSOIR_CRAWLER_ARCHIVING_H_
#define PRESSOIR_CRAWLER_ARCHIVING_H_

#include <optional>
#include <string>

#include "crawler/fetcher.h"
#include "warc/warc.h"

namespace pressoir::crawl {

// The exchange of `result` as the archive records it, or nullopt when no response arrived (a
// connection error or timeout before any header: nothing to record) or the result was fetched
// without FetcherOptions::capture_exchange. A body cut at max_body_size, or not downloaded (a
// content type pressoir does not read), is recorded with the headers, no body and
// WARC-Truncated.
std::optional<warc::Exchange> ExchangeOf(const fetch::FetchResult& result);

// pressoir's version ("0.1.0"), for the manifest.
const char* PressoirVersion();

}  // namespace pressoir::crawl

#endif  // PRESSOIR_CRAWLER_ARCHIVING_H_

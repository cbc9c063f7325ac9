// Fetch results to archive exchanges (see archiving.h).
#include "crawler/archiving.h"

namespace pressoir::crawl {

std::optional<warc::Exchange> ExchangeOf(const fetch::FetchResult& result) {
  if (result.response_head.empty() || result.http_status == 0) return std::nullopt;
  warc::Exchange exchange;
  exchange.target_uri = result.url;
  exchange.peer_ip = result.peer_ip;
  exchange.request_head = result.request_head;
  exchange.response_head = result.response_head;
  switch (result.outcome) {
    case fetch::FetchResult::Outcome::kOk:
      exchange.body = result.body;
      break;
    case fetch::FetchResult::Outcome::kTooLarge:
      exchange.truncated = "length";
      break;
    default:
      // Not downloaded (content type), or the connection broke after the headers.
      exchange.truncated = "unspecified";
      break;
  }
  return exchange;
}

const char* PressoirVersion() { return PRESSOIR_VERSION; }

}  // namespace pressoir::crawl

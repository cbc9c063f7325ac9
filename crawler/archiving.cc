// Fetch results to archive exchanges, rule digests (see archiving.h).
#include "crawler/archiving.h"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "base/digest.h"

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

std::string RuleFileSha256(const rules::SiteRules* site) {
  if (site == nullptr || site->file.empty()) return "";
  static std::mutex mutex;
  static std::map<std::string, std::string> cache;
  std::lock_guard lock(mutex);
  auto found = cache.find(site->file);
  if (found != cache.end()) return found->second;
  std::ifstream in(site->file, std::ios::binary);
  std::string digest;
  if (in) {
    std::ostringstream contents;
    contents << in.rdbuf();
    digest = digest::Sha256Hex(contents.str());
  }
  cache.emplace(site->file, digest);
  return digest;
}

const char* PressoirVersion() { return PRESSOIR_VERSION; }

}  // namespace pressoir::crawl

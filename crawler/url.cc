// URL handling with curl's CURLU API (see url.h).
#include "crawler/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "base/ascii.h"
#include "crawler/curl_handles.h"

namespace pressoir::url {
namespace {

using UrlPtr = curl::UrlHandle;

// One part of a parsed URL, as curl_url_get gives it.
struct UrlPart {
  CURLUcode code = CURLUE_OK;
  std::string text;  // when code is CURLUE_OK

  bool present() const { return code == CURLUE_OK; }
  // CURLUE_NO_QUERY, CURLUE_NO_PORT, ...: the URL has no such part, which is an answer. Any
  // other code (out of memory) leaves the part unknown: the URL cannot be processed.
  bool failed() const {
    switch (code) {
      case CURLUE_OK:
      case CURLUE_NO_SCHEME:
      case CURLUE_NO_USER:
      case CURLUE_NO_PASSWORD:
      case CURLUE_NO_OPTIONS:
      case CURLUE_NO_HOST:
      case CURLUE_NO_PORT:
      case CURLUE_NO_QUERY:
      case CURLUE_NO_FRAGMENT:
      case CURLUE_NO_ZONEID:
        return false;
      default:
        return true;
    }
  }
};

UrlPart GetPart(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  UrlPart result;
  result.code = curl_url_get(handle, part, &raw, flags);
  curl::String owned(raw);
  if (result.code == CURLUE_OK && raw == nullptr) result.code = CURLUE_OUT_OF_MEMORY;  // never seen; not an answer
  if (result.code == CURLUE_OK) result.text = raw;
  return result;
}

// A part that must be there: nullopt when it is absent or cannot be read.
std::optional<std::string> Part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  UrlPart found = GetPart(handle, part, flags);
  if (!found.present()) return std::nullopt;
  return std::move(found.text);
}

using ascii::ToLower;

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 §6.2.2.2: percent-encoded unreserved characters are decoded, so that equivalent
// URLs compare equal. (curl then writes the remaining escapes with lower-case hex digits.)
std::string NormalizePercentEncoding(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      auto byte = static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      if (IsUnreserved(byte)) {
        out.push_back(static_cast<char>(byte));
      } else {
        out.push_back('%');
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 15]);
      }
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool IsStripped(std::string_view name, const NormalizeOptions& options) {
  for (const std::string& pattern : options.strip_query_params) {
    if (!pattern.empty() && pattern.back() == '*') {
      if (name.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1))) return true;
    } else if (name == pattern) {
      return true;
    }
  }
  return false;
}

std::string StripTrackingParams(std::string_view query, const NormalizeOptions& options) {
  std::string kept;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !IsStripped(name, options)) {
      if (!kept.empty()) kept.push_back('&');
      kept.append(pair);
    }
    start = end + 1;
  }
  return kept;
}

// A DNS name (letters, digits, '-', '_', '.') or a bracketed IPv6 literal. curl decodes
// %XX in hosts, which could otherwise put control bytes into a URL we store.
bool IsValidHost(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.front() == '[') {
    return host.back() == ']' && std::all_of(host.begin() + 1, host.end() - 1,
                                             [](char c) { return ascii::IsHexDigit(c) || c == ':' || c == '.'; });
  }
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return ascii::IsAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Normalizes the parsed URL in `handle` and returns it as a string.
std::optional<std::string> Finish(CURLU* handle, const NormalizeOptions& options) {
  auto scheme = Part(handle, CURLUPART_SCHEME);
  if (!scheme) return std::nullopt;
  std::string lower_scheme = ToLower(*scheme);
  if (lower_scheme != "http" && lower_scheme != "https") return std::nullopt;
  // Hosts must be plain ASCII: internationalized names are accepted in their punycode form
  // (xn--...). curl 7.88's own CURLU_PUNYCODE conversion leaks and fails on some names, so
  // raw non-ASCII hosts are refused rather than converted.
  auto host = Part(handle, CURLUPART_HOST);
  if (!host || !IsValidHost(*host)) return std::nullopt;
  // Every change below is part of the normal form (a fragment or credentials left in, or a
  // path or query left as they were, would give the same page two names or store a password):
  // when curl cannot make one (out of memory, a part above its length limit), no URL.
  if (curl_url_set(handle, CURLUPART_SCHEME, lower_scheme.c_str(), 0) != CURLUE_OK ||
      curl_url_set(handle, CURLUPART_HOST, ToLower(*host).c_str(), 0) != CURLUE_OK ||
      curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK ||
      curl_url_set(handle, CURLUPART_USER, nullptr, 0) != CURLUE_OK ||
      curl_url_set(handle, CURLUPART_PASSWORD, nullptr, 0) != CURLUE_OK) {
    return std::nullopt;
  }
  // CURLU_URLENCODE on get: curl keeps non-ASCII bytes raw inside and encodes them only on
  // output; take them encoded, then normalize the escapes.
  UrlPart path = GetPart(handle, CURLUPART_PATH, CURLU_URLENCODE);
  if (path.failed()) return std::nullopt;
  if (path.present() &&
      curl_url_set(handle, CURLUPART_PATH, NormalizePercentEncoding(path.text).c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  UrlPart query = GetPart(handle, CURLUPART_QUERY, CURLU_URLENCODE);
  if (query.failed()) return std::nullopt;
  if (query.present()) {
    std::string kept = StripTrackingParams(NormalizePercentEncoding(query.text), options);
    if (curl_url_set(handle, CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
  }
  return Part(handle, CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
}

UrlPtr Parse(std::string_view text) {
  UrlPtr handle(curl_url());
  if (!handle) return nullptr;
  std::string owned(text);
  if (curl_url_set(handle.get(), CURLUPART_URL, owned.c_str(), CURLU_URLENCODE) != CURLUE_OK) return nullptr;
  return handle;
}

std::string TrimmedHref(std::string_view href) {
  // Browsers strip leading/trailing C0 controls and spaces and remove tabs and newlines
  // inside URLs (WHATWG URL parser); pages rely on it.
  href = ascii::TrimIf(href, ascii::IsC0ControlOrSpace);
  std::string cleaned;
  for (char c : href) {
    if (!ascii::IsTabOrNewline(c)) cleaned.push_back(c);
  }
  return cleaned;
}

}  // namespace

std::optional<std::string> Resolve(std::string_view base, std::string_view href, const NormalizeOptions& options) {
  std::string cleaned = TrimmedHref(href);
  if (cleaned.empty() || cleaned.starts_with('#')) return std::nullopt;
  UrlPtr handle = Parse(base);
  if (!handle) return std::nullopt;
  if (curl_url_set(handle.get(), CURLUPART_URL, cleaned.c_str(), CURLU_URLENCODE | CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return std::nullopt;
  }
  return Finish(handle.get(), options);
}

std::optional<std::string> Normalize(std::string_view url, const NormalizeOptions& options) {
  UrlPtr handle = Parse(TrimmedHref(url));
  if (!handle) return std::nullopt;
  return Finish(handle.get(), options);
}

std::string Host(std::string_view url) {
  UrlPtr handle = Parse(url);
  if (!handle) return "";
  return ToLower(Part(handle.get(), CURLUPART_HOST).value_or(""));
}

std::string Origin(std::string_view url) {
  UrlPtr handle = Parse(url);
  if (!handle) return "";
  auto scheme = Part(handle.get(), CURLUPART_SCHEME);
  auto host = Part(handle.get(), CURLUPART_HOST);
  if (!scheme || !host) return "";
  std::string origin = ToLower(*scheme) + "://" + ToLower(*host);
  UrlPart port = GetPart(handle.get(), CURLUPART_PORT);
  if (port.failed()) return "";  // an origin without its port would name another server
  if (port.present()) origin += ":" + port.text;
  return origin;
}

std::optional<ResolvedUrl> ResolveCache::Resolve(std::string_view base, std::string_view href) {
  auto compute = [&]() -> std::optional<ResolvedUrl> {
    std::optional<std::string> resolved = url::Resolve(base, href);
    if (!resolved) return std::nullopt;
    ResolvedUrl result{*resolved, Origin(*resolved), Host(*resolved)};
    return result;
  };
  std::string cleaned = TrimmedHref(href);
  std::string key;
  std::string scheme = ToLower(std::string_view(cleaned).substr(0, 8));
  if (scheme.starts_with("http://") || scheme.starts_with("https://")) {
    key = cleaned;  // absolute: the base does not matter
  } else if (cleaned.starts_with('/') && !cleaned.starts_with("//") && !cleaned.starts_with("/\\")) {
    if (base != last_base_) {
      last_base_ = std::string(base);
      last_base_origin_ = Origin(base);
    }
    if (last_base_origin_.empty()) return compute();
    key = last_base_origin_ + cleaned;  // an absolute path: only the base's origin matters
  } else {
    return compute();
  }
  if (auto found = memo_.find(key); found != memo_.end()) return found->second;
  if (memo_.size() >= capacity_) memo_.clear();
  return memo_.emplace(std::move(key), compute()).first->second;
}

std::string PathAndQuery(std::string_view url) {
  UrlPtr handle = Parse(url);
  if (!handle) return "/";
  UrlPart path = GetPart(handle.get(), CURLUPART_PATH);
  UrlPart query = GetPart(handle.get(), CURLUPART_QUERY);
  // A part curl cannot read (out of memory) is treated as a URL it cannot parse, rather than
  // giving a path without its query.
  if (path.failed() || query.failed()) return "/";
  std::string result = path.present() && !path.text.empty() ? path.text : "/";
  if (query.present()) result += "?" + query.text;
  return result;
}

}  // namespace pressoir::url

// The http(s) URL syntax check (see http_url.h).
#include "base/http_url.h"

#include <algorithm>

#include "base/ascii.h"

namespace pressoir::http_url {
namespace {

constexpr size_t kMaxHostLength = 253;  // RFC 1035 §2.3.4, as url::Normalize() enforces
constexpr long kMaxPort = 65535;

bool IsControlOrSpace(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }

bool IsHostChar(char c) { return ascii::IsAlnum(c) || c == '-' || c == '_' || c == '.'; }

// A host written without a scheme: "example.com", "www.example.com/news".
bool LooksLikeHost(std::string_view text) {
  std::string_view host = text.substr(0, text.find_first_of("/?#"));
  return host.find('.') != std::string_view::npos && std::all_of(host.begin(), host.end(), IsHostChar);
}

std::optional<std::string> HostProblem(std::string_view host) {
  if (host.empty()) return "no host";
  if (host.size() > kMaxHostLength) return "host longer than " + std::to_string(kMaxHostLength) + " characters";
  if (host.front() == '[') {
    bool ipv6 = host.size() > 2 && host.back() == ']' && std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
                  return ascii::IsHexDigit(c) || c == ':' || c == '.';
                });
    if (!ipv6) return "bad IPv6 address '" + std::string(host) + "'";
    return std::nullopt;
  }
  if (!std::all_of(host.begin(), host.end(), IsHostChar) || std::none_of(host.begin(), host.end(), ascii::IsAlnum)) {
    return "bad host '" + std::string(host) +
           "' (letters, digits, '-', '_' and '.'; internationalized names in punycode, xn--...)";
  }
  return std::nullopt;
}

std::optional<std::string> PortProblem(std::string_view port) {
  bool digits = !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), ascii::IsDigit);
  long value = digits ? std::stol(std::string(port)) : 0;
  if (value < 1 || value > kMaxPort) return "bad port '" + std::string(port) + "'";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Problem(std::string_view text) {
  if (text.empty()) return "empty";
  if (std::any_of(text.begin(), text.end(), IsControlOrSpace)) {
    return "contains a space or a control character (write spaces as %20)";
  }
  size_t separator = text.find("://");
  std::string_view scheme = text.substr(0, separator == std::string_view::npos ? 0 : separator);
  if (separator == std::string_view::npos || scheme.empty() ||
      !std::all_of(scheme.begin(), scheme.end(), [](char c) { return ascii::IsAlnum(c) || c == '+' || c == '-'; })) {
    if (LooksLikeHost(text)) return "no scheme; write https://" + std::string(text);
    return "no http:// or https:// scheme";
  }
  if (!ascii::EqualsIgnoreCase(scheme, "http") && !ascii::EqualsIgnoreCase(scheme, "https")) {
    return "scheme '" + std::string(scheme) + "' (only http and https are crawled)";
  }
  std::string_view rest = text.substr(separator + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    // curl refuses a raw '@' in the user name or password (RFC 3986 §3.2.1 wants %40).
    if (authority.find('@') != at) return "more than one '@' before the host (write '@' in a user name as %40)";
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  // A port follows the last ':' after the host (an IPv6 literal has its own colons, in brackets).
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    if (auto problem = PortProblem(authority.substr(colon + 1))) return problem;
  }
  return HostProblem(host);
}

}  // namespace pressoir::http_url

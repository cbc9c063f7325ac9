// Address classification (see address_policy.h).
#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace pressoir::net {
namespace {

bool InPrefix(uint32_t address, uint32_t prefix, int bits) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (address & mask) == (prefix & mask);
}

// `address` in host byte order.
bool IsPublicV4(uint32_t address) {
  static constexpr struct {
    uint32_t prefix;
    int bits;
  } kNotPublic[] = {
      {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8}, {0xA9FE0000, 16}, {0xAC100000, 12},
      {0xC0000000, 24}, {0xC0A80000, 16}, {0xC6120000, 15}, {0xE0000000, 4}, {0xF0000000, 4},
  };
  for (const auto& range : kNotPublic) {
    if (InPrefix(address, range.prefix, range.bits)) return false;
  }
  return true;
}

uint32_t V4At(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
}

bool IsPublicV6(const uint8_t* b) {
  static const uint8_t kZero[16] = {};
  bool first_ten_zero = std::memcmp(b, kZero, 10) == 0;
  if (first_ten_zero && b[10] == 0xff && b[11] == 0xff) return IsPublicV4(V4At(b + 12));  // mapped
  if (std::memcmp(b, kZero, 12) == 0) {
    // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
    return V4At(b + 12) > 1 && IsPublicV4(V4At(b + 12));
  }
  static const uint8_t kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
  if (std::memcmp(b, kNat64, 12) == 0) return IsPublicV4(V4At(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(V4At(b + 2));  // 6to4
  if ((b[0] & 0xfe) == 0xfc) return false;                           // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;           // fe80::/10
  if (b[0] == 0xff) return false;                                    // multicast
  return true;
}

}  // namespace

bool IsPublicAddress(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof(v4));
    return IsPublicV4(ntohl(v4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof(v6));
    return IsPublicV6(v6.sin6_addr.s6_addr);
  }
  return false;
}

bool IsPublicAddress(std::string_view text) {
  std::string copy(text);
  in_addr v4;
  if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) return IsPublicV4(ntohl(v4.s_addr));
  in6_addr v6;
  if (inet_pton(AF_INET6, copy.c_str(), &v6) == 1) return IsPublicV6(v6.s6_addr);
  return false;
}

}  // namespace pressoir::net

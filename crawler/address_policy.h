// Which network addresses a crawl may connect to when a page, not the operator, chose them.
//
// A public news site can redirect or link the crawler to http://127.0.0.1:6379/,
// http://169.254.169.254/ (cloud metadata) or http://10.0.0.1/admin: server-side request
// forgery into the network the crawler runs in. The fetcher checks every address it is about
// to connect to, after DNS resolution (so a public name resolving to a private address, or
// DNS rebinding, is caught too), for the hosts the crawl did not get from the operator.
#ifndef PRESSOIR_CRAWLER_ADDRESS_POLICY_H_
#define PRESSOIR_CRAWLER_ADDRESS_POLICY_H_

#include <sys/socket.h>

#include <string_view>

namespace pressoir::net {

// False for addresses that are not globally reachable unicast: IPv4 0/8, 10/8, 100.64/10
// (carrier-grade NAT), 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15
// (benchmarking), 224/4 (multicast), 240/4 (reserved, broadcast); IPv6 ::, ::1, fc00::/7
// (unique local), fe80::/10 (link-local), ff00::/8 (multicast), and IPv4-mapped (::ffff:0:0/96),
// IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses whose embedded IPv4
// address is not public. Unknown families are not public. (IANA special-purpose registries,
// RFC 6890.)
bool IsPublicAddress(const sockaddr* address);

// The same for a textual IPv4 or IPv6 address ("10.1.2.3", "::1"); false when not an address.
bool IsPublicAddress(std::string_view text);

}  // namespace pressoir::net

#endif  // PRESSOIR_CRAWLER_ADDRESS_POLICY_H_

// Cryptographic digests as the corpus and the crawl state store them. Part of `base/`: depends
// on the standard library and OpenSSL's libcrypto only.
#ifndef PRESSOIR_BASE_DIGEST_H_
#define PRESSOIR_BASE_DIGEST_H_

#include <string>
#include <string_view>

namespace pressoir::digest {

// SHA-256 of `data` as 64 lower-case hex digits. Thread-safe.
std::string Sha256Hex(std::string_view data);

}  // namespace pressoir::digest

#endif  // PRESSOIR_BASE_DIGEST_H_

// Stable text hashing (base/text_hash.h) and the persisted values computed with it: manifest
// SimHashes (corpus/near_dup.h) and learned boilerplate fingerprints (extractors/boilerplate.h).
// The expected values below were computed with the code of commit 0167991, before the FNV loops
// were merged into text_hash.h. They are stored on disk by earlier runs: if one of these checks
// fails, old manifests and crawl states no longer match new ones (see the headers: such a
// change needs a new format version, not a new expected value here).
#include "base/text_hash.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "extractors/boilerplate.h"
#include "store/near_dup.h"

namespace {

using pressoir::text_hash::Fnv1a;
using pressoir::text_hash::FnvAppend;
using pressoir::text_hash::FnvAppendByte;
using pressoir::text_hash::kFnvOffset;

}  // namespace

// FNV-1a 64 over bytes: the reference test vectors of the FNV authors
// (http://www.isthe.com/chongo/tech/comp/fnv/, "FNV test vectors").
TEST_CASE("FNV-1a over bytes matches the reference vectors", "[base]") {
  CHECK(Fnv1a("") == 0xcbf29ce484222325ULL);
  CHECK(Fnv1a("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(Fnv1a("foobar") == 0x85944171f73967e8ULL);
  CHECK(FnvAppendByte(kFnvOffset, uint8_t{'a'}) == Fnv1a("a"));
}

// A code point is hashed as its 4 bytes, least significant first.
TEST_CASE("FNV-1a over code points hashes 4 little-endian bytes each", "[base]") {
  CHECK(FnvAppend(kFnvOffset, 'a') == Fnv1a(std::string("a\0\0\0", 4)));
  uint64_t hash = kFnvOffset;
  for (uint32_t code_point : {0x41u, 0xe9u, 0x416u, 0x1f600u}) hash = FnvAppend(hash, code_point);
  CHECK(hash == 0x93eaa40249430d28ULL);
}

// Manifest "simhash" values: near_dup::SimHash and ArticleSimHash must never change.
TEST_CASE("pinned SimHash values", "[base][corpus]") {
  using pressoir::near_dup::ArticleSimHash;
  using pressoir::near_dup::SimHash;
  CHECK(SimHash("") == 0);
  CHECK(SimHash("a") == 0xd81624624923a053ULL);
  CHECK(SimHash("foobar") == 0x35bb24753731b043ULL);
  CHECK(SimHash("one two") == 0xa429dd65db2deaf1ULL);
  CHECK(SimHash("Ecoutez Radio Sputnik") == 0xa8589acbcb115e9aULL);
  CHECK(SimHash("  ECOUTEZ   radio\xC2\xA0sputnik ") == 0xa8589acbcb115e9aULL);
  CHECK(SimHash("Écoutez") == 0x6e2bb9938740b65aULL);
  CHECK(SimHash("НОВОСТИ") == 0xeba4d86be0cb4b2aULL);
  CHECK(SimHash("Ελληνικά κείμενα και λέξεις εδώ") == 0xa99692815ea777c1ULL);
  CHECK(SimHash("\xFF\xFE broken") == 0x44380341c88e5a7bULL);
  CHECK(SimHash("Le projet de loi sur le renseignement massivement approuvé à l'Assemblée") == 0x3a1ecbd60a860885ULL);
  CHECK(SimHash("Les députés ont, sans surprise, adopté à une large majorité le projet de loi.") ==
        0xd671b28209400a78ULL);
  const char* article = "Titre du jour\n\nLes députés ont adopté le projet de loi.\n\nIl sera examiné par le Sénat.";
  CHECK(SimHash(article) == 0x70aa8ab7a9848b8dULL);
  CHECK(ArticleSimHash(article) == 0x10a882b789c0888dULL);
}

// Crawl-state boilerplate blobs: line fingerprints and page (URL) fingerprints must never change.
TEST_CASE("pinned boilerplate fingerprints", "[base][extractors]") {
  using pressoir::boilerplate::LineFingerprint;
  CHECK(LineFingerprint("") == 0);
  CHECK(LineFingerprint("a") == 0xc07a34ed4afcf393ULL);
  CHECK(LineFingerprint("foobar") == 0x42b0b47f39627874ULL);
  CHECK(LineFingerprint("Ecoutez Radio Sputnik") == 0xedc3f30273cf4fe5ULL);
  CHECK(LineFingerprint("Écoutez") == 0x72d93bfee4f6441aULL);
  CHECK(LineFingerprint("НОВОСТИ") == 0xa36f440fb6ab08a8ULL);
  CHECK(LineFingerprint("Ελληνικά κείμενα και λέξεις εδώ") == 0x192456a73a607aa4ULL);
  CHECK(LineFingerprint("\xFF\xFE broken") == 0x8a9548a28579a1f8ULL);
  CHECK(LineFingerprint("Votre publicité ici avec IMPACT_medias") == 0xeae873d3da04a66aULL);

  // The page fingerprints are private; the blob shows them ("urls", in observation order).
  pressoir::boilerplate::SiteBoilerplate learner;
  std::vector<pressoir::text::Paragraph> page(2);
  page[0].text = "Menu\nEcoutez Radio Sputnik";
  page[1].text = "Article text";
  learner.Observe("site", "https://example.com/a", page);
  learner.Observe("site", "https://example.com/b", page);
  learner.Observe("site", "http://example.org/é?x=1", page);
  const auto blobs = learner.Serialize();
  REQUIRE(blobs.size() == 1);
  CHECK(blobs[0].second ==
        R"({"age":[2,2,2],"fp":"1430d5c0f4c9e986341e8f8ad139ae80edc3f30273cf4fe5","n":[3,3,3],"pages":3,)"
        R"("urls":"36d1f651171f52bef6843a128c209b811ccca353694f6fd1","v":1})");
}

// The corpus writer's compact per-article state (store/article_index.h, the SimHash index's
// packed ids): pressoir's own ids are packed into 64 bits and SHA-256s kept as raw bytes, and
// every other id or sha256 a manifest may carry behaves exactly as the strings did.
#include "store/article_index.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <random>
#include <string>

#include "base/digest.h"
#include "store/corpus.h"
#include "store/manifest.h"
#include "store/near_dup.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::corpus::ArticleRecord;
using pressoir::corpus::CorpusWriter;
using pressoir::corpus::DigestIndex;
using pressoir::corpus::PackArticleId;
using pressoir::corpus::UnpackArticleId;
using pressoir::corpus::WriteResult;
using pressoir::digest::Sha256;
using pressoir::testing::TempDir;

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// A manifest line as an earlier run (or a test, or a hand) wrote it.
std::string Line(const std::string& id, const std::string& sha256, const std::string& simhash = "") {
  pressoir::corpus::ManifestLine line;
  line.id = id;
  line.url = "https://example.com/" + id;
  line.canonical_url = line.url;
  line.site = "example";
  line.path = "example/2016/05/" + id + ".txt";
  line.sha256 = sha256;
  line.simhash = simhash;
  return pressoir::corpus::FormatManifestLine(line);
}

ArticleRecord Record(const std::string& url, const std::string& text) {
  ArticleRecord record;
  record.url = url;
  record.site = "example";
  record.date = "2016-05-03";
  record.fetched_at = "2026-11-23T10:00:00Z";
  record.text = text;
  return record;
}

}  // namespace

TEST_CASE("only ids of 16 lower-case hex digits are packed, and unpack to themselves", "[store]") {
  const std::string id = pressoir::corpus::ArticleId("https://example.com/a");
  REQUIRE(PackArticleId(id).has_value());
  CHECK(UnpackArticleId(*PackArticleId(id)) == id);
  CHECK(PackArticleId("0000000000000000") == std::uint64_t{0});
  CHECK(UnpackArticleId(0) == "0000000000000000");
  CHECK(PackArticleId("00000000000000a1") == std::uint64_t{0xa1});
  CHECK(UnpackArticleId(0xa1) == "00000000000000a1");
  CHECK(PackArticleId("ffffffffffffffff") == UINT64_MAX);
  // Anything else is kept as a string by the indexes: packing it would lose or merge it.
  CHECK_FALSE(PackArticleId("a1").has_value());
  CHECK_FALSE(PackArticleId("").has_value());
  CHECK_FALSE(PackArticleId(Upper(id)).has_value());
  CHECK_FALSE(PackArticleId("0123456789abcde").has_value());
  CHECK_FALSE(PackArticleId("0123456789abcdef0").has_value());
  CHECK_FALSE(PackArticleId("0123456789abcdeg").has_value());
  CHECK_FALSE(PackArticleId(" 123456789abcdef").has_value());
}

TEST_CASE("SHA-256 hex converts to raw bytes and back, lower case only", "[store]") {
  const std::string hex = pressoir::digest::Sha256Hex("abc");
  CHECK(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(pressoir::digest::FromHex(hex) == Sha256("abc"));
  CHECK(pressoir::digest::ToHex(Sha256("abc")) == hex);
  // Sha256Hex never writes these, so no recorded value of this form describes a file.
  CHECK_FALSE(pressoir::digest::FromHex(Upper(hex)).has_value());
  CHECK_FALSE(pressoir::digest::FromHex(hex.substr(1)).has_value());
  CHECK_FALSE(pressoir::digest::FromHex("").has_value());
  CHECK_FALSE(pressoir::digest::FromHex(hex.substr(1) + "g").has_value());
}

TEST_CASE("the digest index keeps every id exactly, packed or not", "[store]") {
  DigestIndex index;
  const std::string id = pressoir::corpus::ArticleId("https://example.com/a");
  CHECK_FALSE(index.Find(id).has_value());
  index.Set(id, Sha256("one"));
  index.Set("a1", Sha256("two"));
  index.Set(Upper(id), Sha256("three"));
  index.Set("00000000000000a1", std::nullopt);  // a line whose sha256 is missing or damaged
  CHECK(index.size() == 4);
  CHECK(index.Find(id) == DigestIndex::Recorded(Sha256("one")));
  CHECK(index.Find("a1") == DigestIndex::Recorded(Sha256("two")));
  CHECK(index.Find(Upper(id)) == DigestIndex::Recorded(Sha256("three")));
  // Recorded without a digest is not the same as not recorded.
  REQUIRE(index.Find("00000000000000a1").has_value());
  CHECK_FALSE(index.Find("00000000000000a1")->has_value());
  CHECK_FALSE(index.Find("00000000000000A1").has_value());
  CHECK_FALSE(index.Find("A1").has_value());
  CHECK_FALSE(index.Find("0000000000000000").has_value());
  // A later line of an id replaces the record; the count of ids stays.
  index.Set(id, Sha256("four"));
  index.Set("00000000000000a1", Sha256("five"));
  index.Set("a1", std::nullopt);
  CHECK(index.size() == 4);
  CHECK(index.Find(id) == DigestIndex::Recorded(Sha256("four")));
  CHECK(index.Find("00000000000000a1") == DigestIndex::Recorded(Sha256("five")));
  REQUIRE(index.Find("a1").has_value());
  CHECK_FALSE(index.Find("a1")->has_value());
}

// The table grows as ids arrive (and is sized once by Reserve): each id keeps its own record
// across every rehash, sequential ids (hand-written manifests) included.
TEST_CASE("the digest index finds every id after growing", "[store]") {
  const bool reserved = GENERATE(false, true);
  std::mt19937_64 random(reserved ? 1 : 2);
  std::vector<std::uint64_t> ids;
  for (std::uint64_t i = 0; i < 3000; ++i) ids.push_back(i);  // 0000000000000000, ...0001, ...
  for (int i = 0; i < 3000; ++i) ids.push_back(random());
  DigestIndex index;
  if (reserved) index.Reserve(ids.size());
  for (std::uint64_t id : ids) index.Set(UnpackArticleId(id), Sha256(std::to_string(id)));
  CHECK(index.size() == ids.size());
  for (std::uint64_t id : ids) {
    REQUIRE(index.Find(UnpackArticleId(id)) == DigestIndex::Recorded(Sha256(std::to_string(id))));
  }
  for (int i = 0; i < 1000; ++i) {
    std::uint64_t absent = random();
    if (std::find(ids.begin(), ids.end(), absent) == ids.end()) REQUIRE_FALSE(index.Find(UnpackArticleId(absent)));
  }
}

TEST_CASE("the SimHash index returns the id strings it was given", "[store]") {
  pressoir::near_dup::SimHashIndex index;
  const std::string id = pressoir::corpus::ArticleId("https://example.com/a");
  index.Add(id, 0x1111);
  index.Add("a1", 0x2222'0000);
  index.Add("00000000000000a1", 0x3333'0000'0000);
  index.Add(Upper(id), 0x4444'0000'0000'0000);
  index.Add("", 0x5555'0000'5555'0000);
  CHECK(index.size() == 5);
  CHECK(index.FindNear(0x1111) == id);
  CHECK(index.FindNear(0x2222'0000) == "a1");
  CHECK(index.FindNear(0x3333'0000'0000 ^ 0b111) == "00000000000000a1");
  CHECK(index.FindNear(0x4444'0000'0000'0000) == Upper(id));
  CHECK(index.FindNear(0x5555'0000'5555'0000) == "");
  // Equally close: the earliest added, whichever of its ids is packed.
  index.Add("later", 0x1111);
  CHECK(index.FindNear(0x1111) == id);
  pressoir::near_dup::SimHashIndex other_first;
  other_first.Add("b2", 7);
  other_first.Add(id, 7);
  CHECK(other_first.FindNear(7) == "b2");
  CHECK_FALSE(pressoir::near_dup::SimHashIndex().FindNear(0).has_value());
}

// The writer on a manifest of hand-written ids and sha256s: recovery, the "already present"
// check and near-duplicate marks treat them as the strings they are.
TEST_CASE("the corpus writer keeps ids and sha256s of any form exactly", "[store]") {
  TempDir dir;
  const std::string corpus = dir.path();
  const std::string text = "Titre\n\nUn texte déjà dans le corpus.";
  const std::string story = "Titre\n\nUne dépêche reprise par deux sites, mot pour mot, avec sa date.";
  const std::string other = "Titre\n\nUne autre dépêche, sur un autre sujet, reprise elle aussi.";
  const std::string legacy_id = pressoir::corpus::ArticleId("https://example.com/legacy");
  const std::string upper_id = pressoir::corpus::ArticleId("https://example.com/upper");
  const std::string simhash_story = pressoir::near_dup::ToHex(pressoir::near_dup::ArticleSimHash(story));
  const std::string simhash_other = pressoir::near_dup::ToHex(pressoir::near_dup::ArticleSimHash(other));
  pressoir::testing::WriteFile(
      corpus + "/manifest.jsonl",
      Line("a1", "not a hash", simhash_story) + Line("00000000000000b2", "", simhash_other) +
          // The SHA-256 of the text alone, as versions before the final newline recorded it.
          Line(legacy_id, pressoir::digest::Sha256Hex(text)) +
          // The right digest, in a form Sha256Hex never writes: it did not match before either.
          Line(upper_id, Upper(pressoir::digest::Sha256Hex(text + "\n"))) + Line("0123456789ABCDEF", ""));
  // Journal entries of a crash: a file is kept when its id has a manifest line, exactly.
  std::filesystem::create_directories(corpus + "/.pending");
  std::filesystem::create_directories(corpus + "/example");
  for (const char* name : {"a1", "c3", "0123456789ABCDEF", "0123456789abcdef"}) {
    pressoir::testing::WriteFile(corpus + "/example/" + name + ".txt", "x\n");
  }
  pressoir::testing::WriteFile(corpus + "/.pending/journal.log",
                               "a1 example/a1.txt\nc3 example/c3.txt\n0123456789ABCDEF example/0123456789ABCDEF.txt\n"
                               "0123456789abcdef example/0123456789abcdef.txt\n");
  CorpusWriter writer(corpus);
  CHECK(std::filesystem::exists(corpus + "/example/a1.txt"));
  CHECK_FALSE(std::filesystem::exists(corpus + "/example/c3.txt"));
  CHECK(std::filesystem::exists(corpus + "/example/0123456789ABCDEF.txt"));
  CHECK_FALSE(std::filesystem::exists(corpus + "/example/0123456789abcdef.txt"));

  CHECK(writer.Write(Record("https://example.com/legacy", text)).status == WriteResult::Status::kAlreadyPresent);
  CHECK(writer.Write(Record("https://example.com/upper", text)).status == WriteResult::Status::kUpdated);
  CHECK(writer.Write(Record("https://example.com/upper", text)).status == WriteResult::Status::kAlreadyPresent);

  WriteResult copy = writer.Write(Record("https://other.example/story", story));
  CHECK(copy.status == WriteResult::Status::kWritten);
  CHECK(copy.near_duplicate_of == "a1");
  copy = writer.Write(Record("https://other.example/other", other));
  CHECK(copy.near_duplicate_of == "00000000000000b2");
  // A new article is found by the next one like it, under its own (packed) id.
  const std::string fresh = "Titre\n\nUn tout nouvel article, que personne n'avait encore publié ici.";
  WriteResult first = writer.Write(Record("https://example.com/fresh", fresh));
  CHECK(first.near_duplicate_of.empty());
  CHECK(writer.Write(Record("https://other.example/fresh", fresh)).near_duplicate_of == first.id);
}

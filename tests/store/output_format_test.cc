// The JSON schema every output shares (issue 15, item 1): manifest lines, `dump --format jsonl`
// and `extract --format jsonl` write the same article fields, unknown values as null.
#include "store/output_format.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "store/manifest.h"

namespace {

using pressoir::corpus::ArticleFields;

// The article fields, in schema order.
const std::vector<std::string> kFieldKeys = {"url",           "canonical_url", "title",    "date",
                                             "date_modified", "authors",       "language", "language_source",
                                             "page_type",     "confidence",    "extractor"};

}  // namespace

TEST_CASE("extract jsonl records: file, the article fields, text", "[store]") {
  ArticleFields fields;
  fields.canonical_url = "https://news.test/a";
  fields.title = "Titre";
  fields.date = "2020-06-07T10:12:00+02:00";
  fields.authors = {"Jane Doe"};
  fields.language = "fr";
  fields.language_source = "detected";
  fields.extractor = "generic:main";
  std::string line = pressoir::corpus::ExtractRecord("pages/a.html", fields, "Le texte.");
  REQUIRE(line.ends_with("}\n"));
  nlohmann::ordered_json record = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (const auto& item : record.items()) keys.push_back(item.key());
  std::vector<std::string> expected = {"file"};
  expected.insert(expected.end(), kFieldKeys.begin(), kFieldKeys.end());
  expected.push_back("text");
  CHECK(keys == expected);
  CHECK(record["file"] == "pages/a.html");
  CHECK(record["url"].is_null());
  CHECK(record["date"] == "2020-06-07T10:12:00+02:00");
  CHECK(record["date_modified"].is_null());
  CHECK(record["authors"] == nlohmann::json::array({"Jane Doe"}));
  CHECK(record["language_source"] == "detected");
  CHECK(record["page_type"].is_null());
  CHECK(record["confidence"].is_null());
  CHECK(record["text"] == "Le texte.");
  ArticleFields empty;
  nlohmann::json none = nlohmann::json::parse(pressoir::corpus::ExtractRecord("b.html", empty, ""));
  CHECK(none["authors"] == nlohmann::json::array());
  CHECK(none["title"].is_null());
}

// The manifest writes the same fields (and its own), and reads them back.
TEST_CASE("manifest lines carry the shared article fields", "[store]") {
  pressoir::corpus::ManifestLine line;
  line.id = "0123456789abcdef";
  line.url = "https://news.test/a";
  line.canonical_url = "https://news.test/a";
  line.title = "Titre";
  line.date_modified = "2020-06-09";
  line.language = "de";
  line.language_source = "detected";
  line.extractor = "rule";
  line.path = "site/2020/06/0123456789abcdef.txt";
  nlohmann::json object = nlohmann::json::parse(pressoir::corpus::FormatManifestLine(line));
  for (const std::string& key : kFieldKeys) CHECK(object.contains(key));
  CHECK(object["date"].is_null());
  CHECK(object["date_modified"] == "2020-06-09");
  CHECK(object["language_source"] == "detected");
  std::string why;
  auto parsed = pressoir::corpus::ParseManifestLine(pressoir::corpus::FormatManifestLine(line), why);
  REQUIRE(parsed.has_value());
  CHECK(parsed->date.empty());
  CHECK(parsed->date_modified == "2020-06-09");
  CHECK(parsed->language_source == "detected");
}

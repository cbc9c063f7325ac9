// Internal to the store module (manifest.cc, run_log.cc): lenient field access for the JSON
// lines the store reads back. A field that is absent or not of the expected type reads as
// empty or zero: lines written by older or newer versions, or damaged by hand, still load.
#ifndef PRESSOIR_STORE_JSON_FIELDS_H_
#define PRESSOIR_STORE_JSON_FIELDS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pressoir::corpus::json_fields {

inline std::string String(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

inline int64_t Integer(const nlohmann::json& object, const char* name) {
  auto found = object.find(name);
  return found != object.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

// An object of integer counts ({"http-404": 3, ...}); other values are skipped.
inline std::map<std::string, int64_t> Counts(const nlohmann::json& object, const char* name) {
  std::map<std::string, int64_t> counts;
  auto found = object.find(name);
  if (found == object.end() || !found->is_object()) return counts;
  for (auto& [key, value] : found->items()) {
    if (value.is_number_integer()) counts[key] += value.get<int64_t>();
  }
  return counts;
}

// An array of strings (["a", "b"]); other values are skipped.
inline std::vector<std::string> Strings(const nlohmann::json& object, const char* name) {
  std::vector<std::string> strings;
  auto found = object.find(name);
  if (found == object.end() || !found->is_array()) return strings;
  for (const nlohmann::json& value : *found) {
    if (value.is_string()) strings.push_back(value.get<std::string>());
  }
  return strings;
}

// Writes the article fields every JSON output shares (ArticleFields, manifest.h) into `object`
// (an nlohmann::json, whose keys sort, or an ordered_json, which keeps this order): the one
// writer of the schema. An unknown value (an empty string) is null; `authors` is always an array.
template <typename Json, typename Fields>
void PutArticleFields(Json& object, const Fields& fields) {
  auto put = [&](const char* key, const std::string& value) {
    if (value.empty()) {
      object[key] = nullptr;
    } else {
      object[key] = value;
    }
  };
  put("url", fields.url);
  put("canonical_url", fields.canonical_url);
  put("title", fields.title);
  put("date", fields.date);
  put("date_modified", fields.date_modified);
  object["authors"] = fields.authors;
  put("language", fields.language);
  put("language_source", fields.language_source);
  if (fields.page_type) {
    object["page_type"] = *fields.page_type;
  } else {
    object["page_type"] = nullptr;
  }
  if (fields.confidence) {
    object["confidence"] = *fields.confidence;
  } else {
    object["confidence"] = nullptr;
  }
  put("extractor", fields.extractor);
}

}  // namespace pressoir::corpus::json_fields

#endif  // PRESSOIR_STORE_JSON_FIELDS_H_

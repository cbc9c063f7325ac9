// Link scanning on the token stream (see link_scanner.h; section numbers are those of the
// WHATWG HTML standard, "13.2.5 Tokenization").
#include "extractors/link_scanner.h"

#include <cstdint>
#include <optional>

#include "base/ascii.h"
#include "extractors/charset.h"
#include "extractors/tag_tokenizer.h"

namespace pressoir::links {
namespace {

// True when `literal` is at text[at] (false past the end: never throws).
bool At(std::string_view text, size_t at, std::string_view literal) {
  return at <= text.size() && text.substr(at).starts_with(literal);
}

// §13.2.5.80 "Numeric character reference end state": the code point a number stands for.
uint32_t NumericReference(uint64_t value) {
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
  // C1 controls are read as windows-1252, as browsers always did.
  if (value >= 0x80 && value <= 0x9F) return charset::Windows1252C1(static_cast<unsigned char>(value));
  return static_cast<uint32_t>(value);
}

// Tries a character reference at text[i] == '&' inside an attribute value; appends its
// characters and returns the index after it, or nullopt when it is not one (the '&' is text).
std::optional<size_t> CharacterReference(std::string_view text, size_t i, std::string& out) {
  size_t j = i + 1;
  if (j < text.size() && text[j] == '#') {
    ++j;
    bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
    if (hex) ++j;
    size_t digits_start = j;
    uint64_t value = 0;
    while (j < text.size()) {
      char c = text[j];
      int digit = -1;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      }
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<uint64_t>(digit);
      if (value > 0x10FFFF) value = 0x110000;  // saturate: stays out of range
      ++j;
    }
    if (j == digits_start) return std::nullopt;  // "&#" or "&#x" without digits
    if (j < text.size() && text[j] == ';') ++j;
    charset::AppendUtf8(out, NumericReference(value));
    return j;
  }
  // The named references that occur in URLs. The first five also have legacy forms without
  // ';', which in an attribute are only references when not followed by '=' or an
  // alphanumeric (§13.2.5.73: "?a=1&lt=2" keeps its "&lt").
  struct Named {
    std::string_view name;
    uint32_t code_point;
    bool legacy;
  };
  static constexpr Named kNamed[] = {{"amp", '&', true},  {"lt", '<', true},    {"gt", '>', true},
                                     {"quot", '"', true}, {"nbsp", 0xA0, true}, {"apos", '\'', false}};
  for (const Named& named : kNamed) {
    if (!At(text, j, named.name)) continue;
    size_t end = j + named.name.size();
    if (end < text.size() && text[end] == ';') {
      charset::AppendUtf8(out, named.code_point);
      return end + 1;
    }
    if (!named.legacy) continue;
    if (end < text.size() && (ascii::IsAlnum(text[end]) || text[end] == '=')) return std::nullopt;
    charset::AppendUtf8(out, named.code_point);
    return end;
  }
  return std::nullopt;
}

// An attribute value as the tokenizer delivers it: newlines normalized (§13.2.3.5), NUL as
// U+FFFD, character references decoded.
std::string DecodeValue(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c == '&') {
      if (auto next = CharacterReference(raw, i, out)) {
        i = *next;
        continue;
      }
    } else if (c == '\r') {
      out.push_back('\n');
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? size_t{2} : size_t{1};
      continue;
    } else if (c == '\0') {
      charset::AppendUtf8(out, 0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

struct Attribute {
  std::string name;  // lower-cased
  std::string_view raw_value;
};

// Reads the attributes of a tag up to its '>', keeping href, rel and type (the first of
// duplicates, as the tokenizer does). Returns the index after the '>', or nullopt when the
// input ends first (the tag is then dropped, §13.2.5.32 "EOF in tag").
std::optional<size_t> ReadAttributes(html::TagReader& tag, std::vector<Attribute>* attributes) {
  while (tag.Next()) {
    // Only href, rel and type matter here; keeping nothing else also keeps the duplicate
    // check below short on a tag with 100,000 attributes.
    const std::string_view name = tag.attribute_name();
    if (name.size() > 4) continue;
    std::string lowered = ascii::ToLower(name);
    if (lowered != "href" && lowered != "rel" && lowered != "type") continue;
    bool duplicate = false;
    for (const Attribute& seen : *attributes) duplicate |= seen.name == lowered;
    if (!duplicate) attributes->push_back({std::move(lowered), tag.attribute_value()});
  }
  if (tag.end() == html::kNoEnd) return std::nullopt;
  return tag.end();
}

const Attribute* Find(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

// Elements whose content is text up to their end tag (§13.2.6.2, "generic raw text / RCDATA
// element parsing algorithm", and the script data state).
bool HasTextOnlyContent(std::string_view tag) {
  for (std::string_view name : {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}) {
    if (tag == name) return true;
  }
  return false;
}

}  // namespace

PageLinks ScanLinks(std::string_view text) {
  PageLinks links;
  bool have_base = false;
  std::vector<Attribute> attributes;
  const size_t n = text.size();
  size_t i = 0;
  while (true) {
    size_t lt = text.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    i = lt + 1;
    char next = text[i];
    if (next == '!') {
      if (At(text, i + 1, "--")) {
        // §13.2.5.43-52: an unclosed comment runs to the end.
        size_t end = html::CommentEnd(text, lt, html::CommentEndRule::kHtml5);
        if (end == html::kNoEnd) return links;
        i = end;
        continue;
      }
      // DOCTYPE, or a bogus comment (CDATA outside foreign content included): up to '>'.
      size_t end = html::PastNextGreaterThan(text, lt);
      if (end == html::kNoEnd) break;
      i = end;
      continue;
    }
    if (next == '?') {
      size_t end = html::PastNextGreaterThan(text, lt);
      if (end == html::kNoEnd) break;
      i = end;
      continue;
    }
    if (next == '/') {
      if (i + 1 < n && ascii::IsAlpha(text[i + 1])) {
        size_t end = html::TagReader(text, i + 1).SkipToEnd();  // quotes can hide a '>'
        if (end == html::kNoEnd) break;
        i = end;
      } else if (i + 1 < n && text[i + 1] == '>') {
        i += 2;  // "</>" is ignored
      } else {
        size_t end = html::PastNextGreaterThan(text, lt);
        if (end == html::kNoEnd) break;
        i = end;
      }
      continue;
    }
    if (!ascii::IsAlpha(next)) continue;  // a '<' in text
    html::TagReader reader(text, i);
    std::string tag = ascii::ToLower(reader.name());
    bool interesting = tag == "a" || tag == "area" || tag == "base" || tag == "link";
    attributes.clear();
    std::optional<size_t> after;
    if (interesting) {
      after = ReadAttributes(reader, &attributes);
    } else if (size_t end = reader.SkipToEnd(); end != html::kNoEnd) {
      after = end;
    }
    if (!after) break;
    i = *after;
    if (interesting) {
      const Attribute* href = Find(attributes, "href");
      if (tag == "a" || tag == "area") {
        if (href) links.hrefs.push_back(DecodeValue(href->raw_value));
      } else if (tag == "base") {
        if (href && !have_base) {
          links.base_href = DecodeValue(href->raw_value);
          have_base = true;
        }
      } else if (href) {
        const Attribute* rel = Find(attributes, "rel");
        if (ascii::ContainsIgnoreCase(DecodeValue(rel ? rel->raw_value : ""), "alternate")) {
          const Attribute* type = Find(attributes, "type");
          links.alternates.push_back(
              {type ? DecodeValue(type->raw_value) : std::string(), DecodeValue(href->raw_value)});
        }
      }
    } else if (tag == "plaintext") {
      break;  // §13.2.5.7: everything after it is text
    } else if (HasTextOnlyContent(tag)) {
      size_t end = html::FindEndTag(text, i, tag);
      if (end == html::kNoEnd) break;
      i = end;
    }
  }
  return links;
}

}  // namespace pressoir::links

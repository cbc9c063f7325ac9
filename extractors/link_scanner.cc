// Link scanning on the token stream (see link_scanner.h; section numbers are those of the
// WHATWG HTML standard, "13.2.5 Tokenization").
#include "extractors/link_scanner.h"

#include <cstdint>
#include <optional>

#include "extractors/charset.h"

namespace pressoir::links {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True when `literal` is at text[at] (false past the end: never throws).
bool At(std::string_view text, size_t at, std::string_view literal) {
  return at <= text.size() && text.substr(at).starts_with(literal);
}

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (Lower(text[at + k]) != prefix[k]) return false;
  }
  return true;
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
  static constexpr Named kNamed[] = {{"amp", '&', true},    {"lt", '<', true},     {"gt", '>', true},
                                     {"quot", '"', true},   {"nbsp", 0xA0, true},  {"apos", '\'', false}};
  for (const Named& named : kNamed) {
    if (!At(text, j, named.name)) continue;
    size_t end = j + named.name.size();
    if (end < text.size() && text[end] == ';') {
      charset::AppendUtf8(out, named.code_point);
      return end + 1;
    }
    if (!named.legacy) continue;
    if (end < text.size() && (IsAsciiAlnum(text[end]) || text[end] == '=')) return std::nullopt;
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
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
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

// Parses the attributes of a tag from text[i] (just after the tag name) to its '>'. Returns
// the index after the '>', or nullopt when the input ends first (the tag is then dropped,
// §13.2.5.32 "EOF in tag").
std::optional<size_t> ParseAttributes(std::string_view text, size_t i, std::vector<Attribute>* attributes) {
  const size_t n = text.size();
  while (true) {
    while (i < n && (IsSpace(text[i]) || text[i] == '/')) ++i;
    if (i >= n) return std::nullopt;
    if (text[i] == '>') return i + 1;
    // Attribute name (§13.2.5.33): a leading '=' belongs to the name.
    size_t name_start = i++;
    while (i < n && !IsSpace(text[i]) && text[i] != '/' && text[i] != '>' && text[i] != '=') ++i;
    std::string_view name = text.substr(name_start, i - name_start);
    while (i < n && IsSpace(text[i])) ++i;
    std::string_view value;
    if (i < n && text[i] == '=') {
      ++i;
      while (i < n && IsSpace(text[i])) ++i;
      if (i >= n) return std::nullopt;
      if (text[i] == '"' || text[i] == '\'') {
        char quote = text[i++];
        size_t end = text.find(quote, i);
        if (end == std::string_view::npos) return std::nullopt;
        value = text.substr(i, end - i);
        i = end + 1;
      } else if (text[i] != '>') {
        size_t start = i;
        while (i < n && !IsSpace(text[i]) && text[i] != '>') ++i;
        value = text.substr(start, i - start);
      }
    }
    // Only href, rel and type matter here; keeping nothing else also keeps the duplicate
    // check below short on a tag with 100,000 attributes.
    if (attributes == nullptr || name.size() > 4) continue;
    std::string lowered(name);
    for (char& c : lowered) c = Lower(c);
    if (lowered != "href" && lowered != "rel" && lowered != "type") continue;
    bool duplicate = false;
    for (const Attribute& seen : *attributes) duplicate |= seen.name == lowered;
    if (!duplicate) attributes->push_back({std::move(lowered), value});
  }
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

// The index of the "</tag" that ends a text-only element's content (an end tag named `tag`,
// followed by whitespace, '/' or '>'), or npos.
size_t FindEndTag(std::string_view text, size_t from, std::string_view tag) {
  for (size_t at = text.find("</", from); at != std::string_view::npos; at = text.find("</", at + 2)) {
    size_t after = at + 2 + tag.size();
    if (StartsWithNoCase(text, at + 2, tag) && after < text.size() &&
        (IsSpace(text[after]) || text[after] == '/' || text[after] == '>')) {
      return at;
    }
  }
  return std::string_view::npos;
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
        // §13.2.5.43-52: "<!-->" and "<!--->" are empty comments; otherwise "-->" or "--!>"
        // ends one, and an unclosed comment runs to the end.
        size_t body = i + 3;
        if (At(text, body, ">")) {
          i = body + 1;
          continue;
        }
        if (At(text, body, "->")) {
          i = body + 2;
          continue;
        }
        size_t end = body;
        while (true) {
          end = text.find("--", end);
          if (end == std::string_view::npos) return links;
          if (At(text, end + 2, ">")) {
            i = end + 3;
            break;
          }
          if (At(text, end + 2, "!>")) {
            i = end + 4;
            break;
          }
          ++end;
        }
        continue;
      }
      // DOCTYPE, or a bogus comment (CDATA outside foreign content included): up to '>'.
      size_t end = text.find('>', i);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (next == '?') {
      size_t end = text.find('>', i);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    if (next == '/') {
      if (i + 1 < n && IsAsciiAlpha(text[i + 1])) {
        size_t j = i + 1;
        while (j < n && !IsSpace(text[j]) && text[j] != '/' && text[j] != '>') ++j;
        std::optional<size_t> after = ParseAttributes(text, j, nullptr);  // quotes can hide a '>'
        if (!after) break;
        i = *after;
      } else if (i + 1 < n && text[i + 1] == '>') {
        i += 2;  // "</>" is ignored
      } else {
        size_t end = text.find('>', i);  // bogus comment
        if (end == std::string_view::npos) break;
        i = end + 1;
      }
      continue;
    }
    if (!IsAsciiAlpha(next)) continue;  // a '<' in text
    size_t name_end = i;
    while (name_end < n && !IsSpace(text[name_end]) && text[name_end] != '/' && text[name_end] != '>') ++name_end;
    std::string tag(text.substr(i, name_end - i));
    for (char& c : tag) c = Lower(c);
    bool interesting = tag == "a" || tag == "area" || tag == "base" || tag == "link";
    attributes.clear();
    std::optional<size_t> after = ParseAttributes(text, name_end, interesting ? &attributes : nullptr);
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
        std::string rel = DecodeValue(Find(attributes, "rel") ? Find(attributes, "rel")->raw_value : "");
        for (char& c : rel) c = Lower(c);
        if (rel.find("alternate") != std::string::npos) {
          const Attribute* type = Find(attributes, "type");
          links.alternates.push_back({type ? DecodeValue(type->raw_value) : std::string(), DecodeValue(href->raw_value)});
        }
      }
    } else if (tag == "plaintext") {
      break;  // §13.2.5.7: everything after it is text
    } else if (HasTextOnlyContent(tag)) {
      size_t end = FindEndTag(text, i, tag);
      if (end == std::string_view::npos) break;
      i = end;
    }
  }
  return links;
}

}  // namespace pressoir::links

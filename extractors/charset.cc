// Bytes to UTF-8: picks a page's encoding from the evidence listed in charset.h and converts.
// UTF-8 and windows-1252 (nearly every page we crawl) are decoded here without iconv; every
// other encoding goes through glibc iconv. All decoders replace bad input with U+FFFD the way
// the WHATWG Encoding Standard does, so the result is always valid UTF-8.
#include "extractors/charset.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/ascii.h"

namespace pressoir::charset {
namespace {

// WHATWG HTML §13.2.3.2 prescans 1024 bytes. Real pages often put scripts or long <link> lists
// before <meta charset>, and Chrome looks further, so we look a bit further too.
constexpr size_t kPrescanBytes = 4096;

// Output chunk for iconv. Large enough that any single character fits, which guarantees
// progress after E2BIG.
constexpr size_t kIconvChunk = 16384;

constexpr std::string_view kUtf8 = "utf-8";
constexpr std::string_view kWindows1252 = "windows-1252";
constexpr std::string_view kUtf16Le = "utf-16le";
constexpr std::string_view kUtf16Be = "utf-16be";
constexpr std::string_view kUserDefined = "x-user-defined";
constexpr char32_t kReplacement = 0xFFFD;

struct Label {
  std::string_view label;
  std::string_view name;  // WHATWG encoding name, lower-cased
};

// WHATWG Encoding Standard §4.2 "Names and labels". Notably iso-8859-1, latin1 and us-ascii
// mean windows-1252: browsers decode them that way, and French pages labelled ISO-8859-1
// routinely contain cp1252 quotes, œ and € in 0x80-0x9F.
// The "replacement" labels (iso-2022-kr, hz-gb-2312, iso-2022-cn...) are left out on purpose:
// browsers render such pages as a single U+FFFD to block script injection, which is no use to
// a text corpus. Leaving them out makes them unknown labels, so evidence falls through to
// detection, and uchardet recognises those encodings itself.
// Kept one encoding per row, so clang-format is off for the table.
// clang-format off
constexpr Label kLabels[] = {
    {"unicode-1-1-utf-8", "utf-8"}, {"unicode11utf8", "utf-8"}, {"unicode20utf8", "utf-8"},
    {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"x-unicode20utf8", "utf-8"},
    {"866", "ibm866"}, {"cp866", "ibm866"}, {"csibm866", "ibm866"}, {"ibm866", "ibm866"},
    {"csisolatin2", "iso-8859-2"}, {"iso-8859-2", "iso-8859-2"}, {"iso-ir-101", "iso-8859-2"},
    {"iso8859-2", "iso-8859-2"}, {"iso88592", "iso-8859-2"}, {"iso_8859-2", "iso-8859-2"},
    {"iso_8859-2:1987", "iso-8859-2"}, {"l2", "iso-8859-2"}, {"latin2", "iso-8859-2"},
    {"csisolatin3", "iso-8859-3"}, {"iso-8859-3", "iso-8859-3"}, {"iso-ir-109", "iso-8859-3"},
    {"iso8859-3", "iso-8859-3"}, {"iso88593", "iso-8859-3"}, {"iso_8859-3", "iso-8859-3"},
    {"iso_8859-3:1988", "iso-8859-3"}, {"l3", "iso-8859-3"}, {"latin3", "iso-8859-3"},
    {"csisolatin4", "iso-8859-4"}, {"iso-8859-4", "iso-8859-4"}, {"iso-ir-110", "iso-8859-4"},
    {"iso8859-4", "iso-8859-4"}, {"iso88594", "iso-8859-4"}, {"iso_8859-4", "iso-8859-4"},
    {"iso_8859-4:1988", "iso-8859-4"}, {"l4", "iso-8859-4"}, {"latin4", "iso-8859-4"},
    {"csisolatincyrillic", "iso-8859-5"}, {"cyrillic", "iso-8859-5"}, {"iso-8859-5", "iso-8859-5"},
    {"iso-ir-144", "iso-8859-5"}, {"iso8859-5", "iso-8859-5"}, {"iso88595", "iso-8859-5"},
    {"iso_8859-5", "iso-8859-5"}, {"iso_8859-5:1988", "iso-8859-5"},
    {"arabic", "iso-8859-6"}, {"asmo-708", "iso-8859-6"}, {"csiso88596e", "iso-8859-6"},
    {"csiso88596i", "iso-8859-6"}, {"csisolatinarabic", "iso-8859-6"}, {"ecma-114", "iso-8859-6"},
    {"iso-8859-6", "iso-8859-6"}, {"iso-8859-6-e", "iso-8859-6"}, {"iso-8859-6-i", "iso-8859-6"},
    {"iso-ir-127", "iso-8859-6"}, {"iso8859-6", "iso-8859-6"}, {"iso88596", "iso-8859-6"},
    {"iso_8859-6", "iso-8859-6"}, {"iso_8859-6:1987", "iso-8859-6"},
    {"csisolatingreek", "iso-8859-7"}, {"ecma-118", "iso-8859-7"}, {"elot_928", "iso-8859-7"},
    {"greek", "iso-8859-7"}, {"greek8", "iso-8859-7"}, {"iso-8859-7", "iso-8859-7"},
    {"iso-ir-126", "iso-8859-7"}, {"iso8859-7", "iso-8859-7"}, {"iso88597", "iso-8859-7"},
    {"iso_8859-7", "iso-8859-7"}, {"iso_8859-7:1987", "iso-8859-7"}, {"sun_eu_greek", "iso-8859-7"},
    {"csiso88598e", "iso-8859-8"}, {"csisolatinhebrew", "iso-8859-8"}, {"hebrew", "iso-8859-8"},
    {"iso-8859-8", "iso-8859-8"}, {"iso-8859-8-e", "iso-8859-8"}, {"iso-ir-138", "iso-8859-8"},
    {"iso8859-8", "iso-8859-8"}, {"iso88598", "iso-8859-8"}, {"iso_8859-8", "iso-8859-8"},
    {"iso_8859-8:1988", "iso-8859-8"}, {"visual", "iso-8859-8"},
    {"csiso88598i", "iso-8859-8-i"}, {"iso-8859-8-i", "iso-8859-8-i"}, {"logical", "iso-8859-8-i"},
    {"csisolatin6", "iso-8859-10"}, {"iso-8859-10", "iso-8859-10"}, {"iso-ir-157", "iso-8859-10"},
    {"iso8859-10", "iso-8859-10"}, {"iso885910", "iso-8859-10"}, {"l6", "iso-8859-10"},
    {"latin6", "iso-8859-10"},
    {"iso-8859-13", "iso-8859-13"}, {"iso8859-13", "iso-8859-13"}, {"iso885913", "iso-8859-13"},
    {"iso-8859-14", "iso-8859-14"}, {"iso8859-14", "iso-8859-14"}, {"iso885914", "iso-8859-14"},
    {"csisolatin9", "iso-8859-15"}, {"iso-8859-15", "iso-8859-15"}, {"iso8859-15", "iso-8859-15"},
    {"iso885915", "iso-8859-15"}, {"iso_8859-15", "iso-8859-15"}, {"l9", "iso-8859-15"},
    {"iso-8859-16", "iso-8859-16"},
    {"cskoi8r", "koi8-r"}, {"koi", "koi8-r"}, {"koi8", "koi8-r"}, {"koi8-r", "koi8-r"},
    {"koi8_r", "koi8-r"},
    {"koi8-ru", "koi8-u"}, {"koi8-u", "koi8-u"},
    {"csmacintosh", "macintosh"}, {"mac", "macintosh"}, {"macintosh", "macintosh"},
    {"x-mac-roman", "macintosh"},
    {"dos-874", "windows-874"}, {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    {"cp1250", "windows-1250"}, {"windows-1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"cp1251", "windows-1251"}, {"windows-1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"}, {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"}, {"l1", "windows-1252"}, {"latin1", "windows-1252"},
    {"us-ascii", "windows-1252"}, {"windows-1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"cp1253", "windows-1253"}, {"windows-1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"cp1254", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"iso_8859-9:1989", "windows-1254"}, {"l5", "windows-1254"},
    {"latin5", "windows-1254"}, {"windows-1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"cp1255", "windows-1255"}, {"windows-1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"cp1256", "windows-1256"}, {"windows-1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"cp1257", "windows-1257"}, {"windows-1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"cp1258", "windows-1258"}, {"windows-1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"x-mac-cyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"chinese", "gbk"}, {"csgb2312", "gbk"}, {"csiso58gb231280", "gbk"}, {"gb2312", "gbk"},
    {"gb_2312", "gbk"}, {"gb_2312-80", "gbk"}, {"gbk", "gbk"}, {"iso-ir-58", "gbk"},
    {"x-gbk", "gbk"},
    {"gb18030", "gb18030"},
    {"big5", "big5"}, {"big5-hkscs", "big5"}, {"cn-big5", "big5"}, {"csbig5", "big5"},
    {"x-x-big5", "big5"},
    {"cseucpkdfmtjapanese", "euc-jp"}, {"euc-jp", "euc-jp"}, {"x-euc-jp", "euc-jp"},
    {"csiso2022jp", "iso-2022-jp"}, {"iso-2022-jp", "iso-2022-jp"},
    {"csshiftjis", "shift_jis"}, {"ms932", "shift_jis"}, {"ms_kanji", "shift_jis"},
    {"shift-jis", "shift_jis"}, {"shift_jis", "shift_jis"}, {"sjis", "shift_jis"},
    {"windows-31j", "shift_jis"}, {"x-sjis", "shift_jis"},
    {"cseuckr", "euc-kr"}, {"csksc56011987", "euc-kr"}, {"euc-kr", "euc-kr"},
    {"iso-ir-149", "euc-kr"}, {"korean", "euc-kr"}, {"ks_c_5601-1987", "euc-kr"},
    {"ks_c_5601-1989", "euc-kr"}, {"ksc5601", "euc-kr"}, {"ksc_5601", "euc-kr"},
    {"windows-949", "euc-kr"},
    {"unicodefffe", "utf-16be"}, {"utf-16be", "utf-16be"},
    {"csunicode", "utf-16le"}, {"iso-10646-ucs-2", "utf-16le"}, {"ucs-2", "utf-16le"},
    {"unicode", "utf-16le"}, {"unicodefeff", "utf-16le"}, {"utf-16", "utf-16le"},
    {"utf-16le", "utf-16le"},
    {"x-user-defined", "x-user-defined"},
};
// clang-format on

struct IconvName {
  std::string_view name;        // WHATWG name
  std::string_view iconv_name;  // glibc iconv name for the same mapping
};

// Only the WHATWG names whose glibc name is not simply the upper-cased WHATWG name. The
// choices follow the WHATWG decoders: GBK decodes as gb18030, Big5 includes HKSCS, Shift_JIS
// is Microsoft's cp932 and EUC-KR is cp949 (UHC).
constexpr IconvName kIconvNames[] = {
    {"iso-8859-8-i", "ISO-8859-8"}, {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"gbk", "GB18030"},
    {"big5", "BIG5-HKSCS"},         {"shift_jis", "WINDOWS-31J"},       {"euc-kr", "CP949"},
};

// WHATWG index-windows-1252 for 0x80-0x9F; every other byte maps to the same code point.
// The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to C1 controls,
// as in browsers; glibc's CP1252 would reject them instead.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// Labels, MIME types and <meta> attributes are HTML and WHATWG text: "ASCII whitespace"
// (ascii::IsHtmlSpace) separates them.
using ascii::IsHtmlSpace;
using ascii::StartsWithIgnoreCase;
using ascii::ToLower;
using ascii::TrimHtmlSpace;

// WHATWG Encoding §4.2 "get an encoding": the encoding name for `label`, or nullopt when the
// label is unknown.
std::optional<std::string_view> EncodingForLabel(std::string_view label) {
  const std::string key = ToLower(TrimHtmlSpace(label));
  for (const Label& entry : kLabels) {
    if (entry.label == key) return entry.name;
  }
  return std::nullopt;
}

std::string IconvNameFor(std::string_view name) {
  for (const IconvName& entry : kIconvNames) {
    if (entry.name == name) return std::string(entry.iconv_name);
  }
  return ascii::ToUpper(name);
}

// ---------------------------------------------------------------------------------------------
// UTF-8

struct Utf8Step {
  size_t length;  // bytes consumed; when !valid, the "maximal subpart" that one U+FFFD replaces
  bool valid;
};

// One step of the WHATWG UTF-8 decoder (Encoding §8.1.1), which rejects overlong forms,
// surrogates and code points above U+10FFFF. On error it consumes the lead byte plus the
// continuation bytes accepted so far; a sequence cut off by the end of input is one error.
Utf8Step DecodeUtf8Step(std::string_view bytes, size_t pos) {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (lead < 0x80) return {1, true};
  size_t needed = 0;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    if (lead == 0xE0) lower = 0xA0;  // overlong
    if (lead == 0xED) upper = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    if (lead == 0xF0) lower = 0x90;  // overlong
    if (lead == 0xF4) upper = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};
  }
  for (size_t k = 1; k <= needed; ++k) {
    if (pos + k >= bytes.size()) return {k, false};
    const auto next = static_cast<unsigned char>(bytes[pos + k]);
    if (next < lower || next > upper) return {k, false};
    lower = 0x80;
    upper = 0xBF;
  }
  return {needed + 1, true};
}

// Offset of the first byte that starts an invalid UTF-8 sequence, or bytes.size().
size_t ValidUtf8Prefix(std::string_view bytes, size_t pos = 0) {
  while (pos < bytes.size()) {
    // Markup is mostly ASCII: skip eight ASCII bytes at a time.
    if (bytes.size() - pos >= 8) {
      uint64_t word;
      std::memcpy(&word, bytes.data() + pos, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    const Utf8Step step = DecodeUtf8Step(bytes, pos);
    if (!step.valid) return pos;
    pos += step.length;
  }
  return bytes.size();
}

bool IsValidUtf8Internal(std::string_view bytes) { return ValidUtf8Prefix(bytes) == bytes.size(); }

bool IsAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Valid input is returned as one plain copy; otherwise each maximal invalid subpart becomes
// U+FFFD (Unicode §3.9, "U+FFFD Substitution of Maximal Subparts", which WHATWG follows).
std::string DecodeUtf8(std::string_view bytes) {
  size_t bad = ValidUtf8Prefix(bytes);
  if (bad == bytes.size()) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  size_t pos = 0;
  while (bad < bytes.size()) {
    out.append(bytes.substr(pos, bad - pos));
    AppendUtf8(out, kReplacement);
    pos = bad + DecodeUtf8Step(bytes, bad).length;
    bad = ValidUtf8Prefix(bytes, pos);
  }
  out.append(bytes.substr(pos));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Single-byte decoders done by hand

std::string DecodeWindows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else if (byte < 0xA0) {
      AppendUtf8(out, kWindows1252High[byte - 0x80]);
    } else {
      AppendUtf8(out, byte);
    }
  }
  return out;
}

// WHATWG Encoding §14.5: bytes 0x80-0xFF map to U+F780-U+F7FF. Not in iconv.
std::string DecodeUserDefined(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    AppendUtf8(out, byte < 0x80 ? char32_t{byte} : char32_t{0xF780} + (byte - 0x80));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// iconv

class IconvHandle {
 public:
  explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// Converts with a fresh iconv descriptor (iconv_t holds shift state, so it is never shared
// between threads or calls). Returns nullopt when iconv does not know `iconv_name`.
// `unit` is the code unit size to skip past an invalid sequence: 2 for UTF-16 so that the
// decoder stays aligned, 1 otherwise (WHATWG decoders for multi-byte encodings resume at the
// byte after a bad lead byte too).
std::optional<std::string> DecodeWithIconv(std::string_view bytes, const std::string& iconv_name, size_t unit) {
  IconvHandle cd(iconv_name);
  if (!cd.ok()) return std::nullopt;

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char chunk[kIconvChunk];
  // glibc declares the input as char** but only reads through it.
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* out_ptr = chunk;
    size_t out_left = sizeof chunk;
    const size_t rc = iconv(cd.get(), &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    const size_t produced = static_cast<size_t>(out_ptr - chunk);
    out.append(chunk, produced);
    if (rc != static_cast<size_t>(-1)) continue;
    if (error == E2BIG && produced > 0) continue;
    if (error == EINVAL) {
      // An incomplete sequence at the end of input: one error, as in WHATWG.
      AppendUtf8(out, kReplacement);
      break;
    }
    // EILSEQ, or anything unexpected: replace and skip so the loop always advances.
    AppendUtf8(out, kReplacement);
    const size_t skip = unit < in_left ? unit : in_left;
    in += skip;
    in_left -= skip;
  }
  // Flush: stateful decoders (ISO-2022-JP) may still hold output.
  char* out_ptr = chunk;
  size_t out_left = sizeof chunk;
  iconv(cd.get(), nullptr, nullptr, &out_ptr, &out_left);
  out.append(chunk, static_cast<size_t>(out_ptr - chunk));

  // Belt and braces: the rest of the pipeline relies on valid UTF-8, whatever iconv did.
  if (!IsValidUtf8Internal(out)) return DecodeUtf8(out);
  return out;
}

// Decodes `bytes` as the WHATWG encoding `name` (or an encoding name reported by uchardet).
// Returns nullopt when we have no decoder for it, so the caller can try the next evidence.
std::optional<std::string> DecodeAs(std::string_view bytes, std::string_view name) {
  if (name == kUtf8) return DecodeUtf8(bytes);
  if (name == kWindows1252) return DecodeWindows1252(bytes);
  if (name == kUserDefined) return DecodeUserDefined(bytes);
  size_t unit = 1;
  if (name.starts_with("utf-16")) unit = 2;
  if (name.starts_with("utf-32") || name.starts_with("x-iso-10646-ucs-4")) unit = 4;  // uchardet
  return DecodeWithIconv(bytes, IconvNameFor(name), unit);
}

// ---------------------------------------------------------------------------------------------
// Evidence

struct Bom {
  std::string_view name;
  size_t length;
};

// WHATWG Encoding §6 "BOM sniff".
std::optional<Bom> SniffBom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) return Bom{kUtf8, 3};
  if (bytes.starts_with("\xFE\xFF")) return Bom{kUtf16Be, 2};
  if (bytes.starts_with("\xFF\xFE")) return Bom{kUtf16Le, 2};
  return std::nullopt;
}

// The charset parameter of a Content-Type value (RFC 9110 §8.3.1 and WHATWG MIME Sniffing
// "parse a MIME type"): parameters follow ';', names are case-insensitive, values may be
// quoted strings with backslash escapes. The first charset parameter wins.
std::optional<std::string> CharsetParameter(std::string_view content_type) {
  size_t pos = content_type.find(';');
  while (pos != std::string_view::npos && pos < content_type.size()) {
    ++pos;  // past ';'
    while (pos < content_type.size() && IsHtmlSpace(content_type[pos])) ++pos;
    const size_t name_end = content_type.find_first_of(";=", pos);
    if (name_end == std::string_view::npos) return std::nullopt;
    if (content_type[name_end] == ';') {  // a parameter without a value
      pos = name_end;
      continue;
    }
    const std::string name = ToLower(TrimHtmlSpace(content_type.substr(pos, name_end - pos)));
    pos = name_end + 1;
    while (pos < content_type.size() && IsHtmlSpace(content_type[pos])) ++pos;
    std::string value;
    if (pos < content_type.size() && content_type[pos] == '"') {
      ++pos;
      while (pos < content_type.size() && content_type[pos] != '"') {
        if (content_type[pos] == '\\' && pos + 1 < content_type.size()) ++pos;
        value.push_back(content_type[pos]);
        ++pos;
      }
      pos = content_type.find(';', pos);
    } else {
      const size_t end = content_type.find(';', pos);
      value = std::string(TrimHtmlSpace(content_type.substr(pos, end - pos)));
      pos = end;
    }
    if (name == "charset") return value;
  }
  return std::nullopt;
}

// WHATWG HTML "algorithm for extracting a character encoding from a meta element":
// finds charset=VALUE inside a content attribute such as "text/html; charset=iso-8859-1".
std::optional<std::string_view> CharsetFromMetaContent(std::string_view content) {
  size_t pos = 0;
  while (true) {
    size_t found = std::string_view::npos;
    for (size_t i = pos; i + 7 <= content.size(); ++i) {
      if (StartsWithIgnoreCase(content.substr(i), "charset")) {
        found = i;
        break;
      }
    }
    if (found == std::string_view::npos) return std::nullopt;
    pos = found + 7;
    while (pos < content.size() && IsHtmlSpace(content[pos])) ++pos;
    if (pos >= content.size()) return std::nullopt;
    if (content[pos] != '=') continue;  // "charset" was part of something else; look again
    ++pos;
    while (pos < content.size() && IsHtmlSpace(content[pos])) ++pos;
    if (pos >= content.size()) return std::nullopt;
    const char quote = content[pos];
    if (quote == '"' || quote == '\'') {
      const size_t close = content.find(quote, pos + 1);
      if (close == std::string_view::npos) return std::nullopt;
      return content.substr(pos + 1, close - pos - 1);
    }
    size_t end = pos;
    while (end < content.size() && !IsHtmlSpace(content[end]) && content[end] != ';') ++end;
    return content.substr(pos, end - pos);
  }
}

struct Attribute {
  std::string name;
  std::string value;
};

// WHATWG HTML §13.2.3.2 prescan: a tiny tokenizer that only understands enough markup to find
// <meta> attributes. Positions never go past `bytes`; running out of input ends the prescan.
class Prescanner {
 public:
  explicit Prescanner(std::string_view bytes) : bytes_(bytes) {}

  // The encoding name declared by the first usable <meta>, or nullopt.
  std::optional<std::string_view> Run() {
    while (pos_ < bytes_.size()) {
      const std::string_view rest = bytes_.substr(pos_);
      if (rest.starts_with("<!--")) {
        // "<!-->" counts as a whole comment: the "--" of "-->" may overlap the opening one.
        const size_t end = bytes_.find("-->", pos_ + 2);
        if (end == std::string_view::npos) return std::nullopt;
        pos_ = end + 3;
        continue;
      }
      if (StartsWithIgnoreCase(rest, "<meta") && rest.size() > 5 && (IsHtmlSpace(rest[5]) || rest[5] == '/')) {
        pos_ += 5;
        if (auto encoding = ReadMeta()) return encoding;
        if (pos_ >= bytes_.size()) return std::nullopt;
      } else if ((rest.size() > 1 && rest[0] == '<' && ascii::IsAlpha(rest[1])) ||
                 (rest.size() > 2 && rest[0] == '<' && rest[1] == '/' && ascii::IsAlpha(rest[2]))) {
        // Some other tag: step over its attributes so that a quoted ">" does not end it.
        while (pos_ < bytes_.size() && !IsHtmlSpace(bytes_[pos_]) && bytes_[pos_] != '>') ++pos_;
        while (ReadAttribute()) {
        }
        if (pos_ >= bytes_.size()) return std::nullopt;
      } else if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
        const size_t end = bytes_.find('>', pos_ + 2);
        if (end == std::string_view::npos) return std::nullopt;
        pos_ = end;
      }
      ++pos_;
    }
    return std::nullopt;
  }

 private:
  // Reads the attributes of a <meta> tag (pos_ just after "<meta") and applies the WHATWG
  // rules: charset="..." counts on its own; content="...charset=..." counts only alongside
  // http-equiv="content-type". The first occurrence of each attribute name wins.
  std::optional<std::string_view> ReadMeta() {
    bool seen_http_equiv = false;
    bool seen_content = false;
    bool seen_charset = false;
    bool got_pragma = false;
    std::optional<bool> need_pragma;
    std::optional<std::string_view> encoding;
    bool has_charset = false;  // WHATWG "charset is not null" (it may be a failed lookup)
    while (auto attribute = ReadAttribute()) {
      if (attribute->name == "http-equiv") {
        if (seen_http_equiv) continue;
        seen_http_equiv = true;
        if (attribute->value == "content-type") got_pragma = true;
      } else if (attribute->name == "content") {
        if (seen_content) continue;
        seen_content = true;
        if (has_charset) continue;
        if (auto label = CharsetFromMetaContent(attribute->value)) {
          encoding = EncodingForLabel(*label);
          has_charset = true;
          need_pragma = true;
        }
      } else if (attribute->name == "charset") {
        if (seen_charset) continue;
        seen_charset = true;
        encoding = EncodingForLabel(attribute->value);
        has_charset = true;
        need_pragma = false;
      }
    }
    if (pos_ >= bytes_.size()) return std::nullopt;  // WHATWG: input ran out mid-tag
    if (!need_pragma.has_value()) return std::nullopt;
    if (*need_pragma && !got_pragma) return std::nullopt;
    if (!encoding.has_value()) return std::nullopt;  // unknown label: keep scanning
    // A document that can be prescanned as ASCII cannot be UTF-16; authors who say so mean
    // UTF-8. x-user-defined in a <meta> means windows-1252. (Both WHATWG.)
    if (*encoding == kUtf16Le || *encoding == kUtf16Be) return kUtf8;
    if (*encoding == kUserDefined) return kWindows1252;
    return encoding;
  }

  // WHATWG "get an attribute". Names and unquoted/quoted values are ASCII-lower-cased, which is
  // what the spec does and all that comparisons with labels need. Returns nullopt at '>' or at
  // the end of input (pos_ then equals bytes_.size()).
  std::optional<Attribute> ReadAttribute() {
    while (pos_ < bytes_.size() && (IsHtmlSpace(bytes_[pos_]) || bytes_[pos_] == '/')) ++pos_;
    if (pos_ >= bytes_.size() || bytes_[pos_] == '>') return std::nullopt;
    Attribute attribute;
    // Name.
    while (true) {
      if (pos_ >= bytes_.size()) return std::nullopt;
      const char c = bytes_[pos_];
      if (c == '=' && !attribute.name.empty()) {
        ++pos_;
        return ReadValue(std::move(attribute));
      }
      if (IsHtmlSpace(c)) break;
      if (c == '/' || c == '>') return attribute;
      attribute.name.push_back(ToLower(c));
      ++pos_;
    }
    // Spaces between the name and a possible '='.
    while (pos_ < bytes_.size() && IsHtmlSpace(bytes_[pos_])) ++pos_;
    if (pos_ >= bytes_.size()) return std::nullopt;
    if (bytes_[pos_] != '=') return attribute;
    ++pos_;
    return ReadValue(std::move(attribute));
  }

  std::optional<Attribute> ReadValue(Attribute attribute) {
    while (pos_ < bytes_.size() && IsHtmlSpace(bytes_[pos_])) ++pos_;
    if (pos_ >= bytes_.size()) return std::nullopt;
    const char quote = bytes_[pos_];
    if (quote == '"' || quote == '\'') {
      ++pos_;
      while (pos_ < bytes_.size() && bytes_[pos_] != quote) {
        attribute.value.push_back(ToLower(bytes_[pos_]));
        ++pos_;
      }
      if (pos_ >= bytes_.size()) return std::nullopt;
      ++pos_;  // past the closing quote
      return attribute;
    }
    if (quote == '>') return attribute;
    while (pos_ < bytes_.size() && !IsHtmlSpace(bytes_[pos_]) && bytes_[pos_] != '>') {
      attribute.value.push_back(ToLower(bytes_[pos_]));
      ++pos_;
    }
    if (pos_ >= bytes_.size()) return std::nullopt;
    return attribute;
  }

  std::string_view bytes_;
  size_t pos_ = 0;
};

// uchardet's guess, or "" when it has none. A fresh detector per call keeps this thread-safe.
std::string DetectWithUchardet(std::string_view bytes) {
  const std::unique_ptr<uchardet, decltype(&uchardet_delete)> detector(uchardet_new(), &uchardet_delete);
  if (!detector) return "";
  if (uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return "";
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  return name == nullptr ? "" : ToLower(name);
}

DecodedText Make(std::string utf8, std::string_view charset, std::string_view evidence) {
  return DecodedText{std::move(utf8), std::string(charset), std::string(evidence)};
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  // 1. A BOM beats everything, the HTTP header included: WHATWG Encoding §6 "decode" and HTML
  // §13.2.3.1 step 1. Servers mislabel far more often than editors emit a wrong BOM.
  if (const auto bom = SniffBom(bytes)) {
    const std::string_view body = bytes.substr(bom->length);
    if (auto text = DecodeAs(body, bom->name)) return Make(std::move(*text), bom->name, "bom");
  }

  // A label naming another encoding than UTF-8 is overruled by bytes that are valid UTF-8 with
  // non-ASCII in them: legacy encodings almost never form valid UTF-8 by accident (a
  // windows-1252 "é" is one byte that no continuation byte follows), while pages saved or
  // re-served as UTF-8 that keep their old label are common; read as the label says, every
  // accented letter would turn into two ("MÃ¼nchen"). Checked once, and only for such a label.
  std::optional<bool> utf8_text;
  auto overruled = [&](std::string_view name) {
    if (name == kUtf8) return false;
    if (!utf8_text) utf8_text = !IsAscii(bytes) && IsValidUtf8Internal(bytes);
    return *utf8_text;
  };

  // 2. The transport layer: Content-Type's charset parameter.
  if (const auto label = CharsetParameter(content_type)) {
    if (const auto name = EncodingForLabel(*label)) {
      if (overruled(*name)) return Make(std::string(bytes), kUtf8, "detected");
      if (auto text = DecodeAs(bytes, *name)) return Make(std::move(*text), *name, "http");
    }
  }

  // 3. <meta> in the first few KB.
  if (const auto name = Prescanner(bytes.substr(0, kPrescanBytes)).Run()) {
    if (overruled(*name)) return Make(std::string(bytes), kUtf8, "detected");
    if (auto text = DecodeAs(bytes, *name)) return Make(std::move(*text), *name, "meta");
  }

  // 4. Detection. Pure ASCII needs none. Valid UTF-8 with non-ASCII bytes is UTF-8: other
  // encodings almost never form valid UTF-8 by accident, and uchardet can misread short
  // samples. Otherwise ask uchardet; its names go through the WHATWG labels (so its
  // "iso-8859-1" becomes windows-1252), and names outside them are tried with iconv as is.
  const bool valid_utf8 = IsValidUtf8Internal(bytes);
  if (valid_utf8 && !IsAscii(bytes)) return Make(std::string(bytes), kUtf8, "detected");
  if (!valid_utf8) {
    const std::string detected = DetectWithUchardet(bytes);
    if (!detected.empty() && detected != "ascii") {
      const auto name = EncodingForLabel(detected);
      const std::string_view charset = name ? *name : std::string_view(detected);
      if (auto text = DecodeAs(bytes, charset)) return Make(std::move(*text), charset, "detected");
    }
  }

  // 5. Default: the legacy encoding of Western European pages, unless the bytes are UTF-8.
  if (valid_utf8) return Make(std::string(bytes), kUtf8, "default");
  return Make(DecodeWindows1252(bytes), kWindows1252, "default");
}

bool IsValidUtf8(std::string_view bytes) { return IsValidUtf8Internal(bytes); }

std::string ReplaceInvalidUtf8(std::string_view bytes) { return DecodeUtf8(bytes); }

void AppendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

char32_t Windows1252C1(unsigned char byte) { return kWindows1252High[byte - 0x80]; }

}  // namespace pressoir::charset

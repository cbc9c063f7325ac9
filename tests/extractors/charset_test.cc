// Tests for charset::DecodeToUtf8: which evidence wins, how labels are read, and that the
// output is valid UTF-8 whatever the input. Rules cite the WHATWG HTML Standard ("HTML") and
// the WHATWG Encoding Standard ("Encoding").
#include "extractors/charset.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using pressoir::charset::DecodedText;
using pressoir::charset::DecodeToUtf8;

// French sample, as UTF-8 (expected output) and in the two legacy encodings. The cp1252 one
// uses bytes 0x80-0x9F (’ œ €), which ISO-8859-1 proper would map to C1 controls.
constexpr std::string_view kFrenchUtf8 =
    "L\xE2\x80\x99\xC3\xA9t\xC3\xA9 o\xC3\xB9 le c\xC5\x93ur de la gar\xC3\xA7on"
    "ni\xC3\xA8re \xC3\xA0 5 \xE2\x82\xAC \xC2\xAB voil\xC3\xA0 \xC2\xBB";
constexpr std::string_view kFrenchCp1252 =
    "L\x92\xE9t\xE9 o\xF9 le c\x9Cur de la gar\xE7onni\xE8re \xE0 5 \x80 \xAB voil\xE0 \xBB";
// Same text without the characters ISO-8859-1 lacks.
constexpr std::string_view kLatin1Utf8 =
    "L'\xC3\xA9t\xC3\xA9 o\xC3\xB9 le gar\xC3\xA7on est all\xC3\xA9 \xC3\xA0 la f\xC3\xAAte, "
    "tr\xC3\xA8s d\xC3\xA9\xC3\xA7u : \xC2\xAB d\xC3\xA9j\xC3\xA0 fini \xC2\xBB";
constexpr std::string_view kLatin1 =
    "L'\xE9t\xE9 o\xF9 le gar\xE7on est all\xE9 \xE0 la f\xEAte, tr\xE8s d\xE9\xE7u : "
    "\xAB d\xE9j\xE0 fini \xBB";

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// An independent UTF-8 check (Unicode Table 3-7, well-formed byte sequences), so the tests do
// not trust the implementation's own validator.
bool IsWellFormedUtf8(std::string_view s) {
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto in = [&](size_t k, unsigned lo, unsigned hi) { return k < s.size() && byte(k) >= lo && byte(k) <= hi; };
  while (i < s.size()) {
    const unsigned b = byte(i);
    if (b <= 0x7F) {
      i += 1;
    } else if (b >= 0xC2 && b <= 0xDF && in(i + 1, 0x80, 0xBF)) {
      i += 2;
    } else if (b == 0xE0 && in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (b == 0xED && in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF)) {
      i += 3;
    } else if (b == 0xF0 && in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else if (b >= 0xF1 && b <= 0xF3 && in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else if (b == 0xF4 && in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF)) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::string Html(std::string_view head, std::string_view body) {
  return "<!DOCTYPE html><html><head>" + std::string(head) + "</head><body><p>" + std::string(body) +
         "</p></body></html>";
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

// HTML §13.2.3.1 (encoding sniffing algorithm): the transport layer's charset comes before
// the <meta> prescan, so a header charset wins over a contradicting <meta>.
TEST_CASE("charset: HTTP header charset wins over meta", "[extractors]") {
  const std::string page = Html("<meta charset=\"utf-8\">", kFrenchCp1252);
  const DecodedText text = DecodeToUtf8(page, "text/html; charset=windows-1252");
  CHECK(text.evidence == "http");
  CHECK(text.charset == "windows-1252");
  CHECK(Contains(text.utf8, kFrenchUtf8));
}

// Not a browser's rule: a page saved or re-served as UTF-8 often keeps its old label. Bytes
// that are valid UTF-8 with non-ASCII in them are read as UTF-8 whatever a header or <meta>
// says; the label still decides for bytes that are not valid UTF-8, and for pure ASCII.
TEST_CASE("charset: valid UTF-8 bytes overrule a stale legacy label", "[extractors]") {
  SECTION("meta") {
    const char* meta = GENERATE("<meta charset=windows-1252>", "<meta charset=iso-8859-2>", "<meta charset=euc-kr>");
    CAPTURE(meta);
    const DecodedText text = DecodeToUtf8(Html(meta, kFrenchUtf8), "");
    CHECK(text.evidence == "detected");
    CHECK(text.charset == "utf-8");
    CHECK(Contains(text.utf8, kFrenchUtf8));
  }
  SECTION("HTTP header") {
    const DecodedText text = DecodeToUtf8(Html("", kFrenchUtf8), "text/html; charset=iso-8859-1");
    CHECK(text.evidence == "detected");
    CHECK(text.utf8 == Html("", kFrenchUtf8));
  }
  SECTION("legacy bytes keep their label") {
    const DecodedText text = DecodeToUtf8(Html("<meta charset=windows-1252>", kFrenchCp1252), "");
    CHECK(text.evidence == "meta");
    CHECK(Contains(text.utf8, kFrenchUtf8));
  }
  SECTION("ASCII keeps its label") {
    const DecodedText text = DecodeToUtf8(Html("<meta charset=windows-1252>", "plain text"), "");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
  }
}

// RFC 9110 §5.6.6 / §8.3.1: parameter names are case-insensitive and values may be quoted
// strings; WHATWG labels are case-insensitive and trimmed (Encoding §4.2 "get an encoding").
TEST_CASE("charset: HTTP charset parameter is read in its usual spellings", "[extractors]") {
  const std::string page = Html("", kFrenchCp1252);
  const char* content_type =
      GENERATE("text/html; charset=\"ISO-8859-1\"", "text/html;charset=iso-8859-1", "TEXT/HTML; CHARSET=Windows-1252",
               "text/html; q=\"a;b\"; charset=latin1", "text/html ;  charset = cp1252 ; foo=bar");
  CAPTURE(content_type);
  const DecodedText text = DecodeToUtf8(page, content_type);
  CHECK(text.evidence == "http");
  CHECK(text.charset == "windows-1252");
  CHECK(Contains(text.utf8, kFrenchUtf8));
}

// Encoding §6 ("decode", "BOM sniff") and HTML §13.2.3.1 step 1: a byte order mark beats
// every label, the HTTP header included, and is not part of the text.
TEST_CASE("charset: byte order marks pick the encoding and are stripped", "[extractors]") {
  SECTION("UTF-8 BOM") {
    const std::string page = "\xEF\xBB\xBF" + std::string(kFrenchUtf8);
    const DecodedText text = DecodeToUtf8(page, "");
    CHECK(text.evidence == "bom");
    CHECK(text.charset == "utf-8");
    CHECK(text.utf8 == kFrenchUtf8);
  }
  SECTION("UTF-8 BOM beats a contradicting header") {
    const std::string page = "\xEF\xBB\xBF" + std::string(kFrenchUtf8);
    const DecodedText text = DecodeToUtf8(page, "text/html; charset=iso-8859-1");
    CHECK(text.evidence == "bom");
    CHECK(text.utf8 == kFrenchUtf8);
  }
  SECTION("UTF-16LE BOM") {
    const std::string page("\xFF\xFE<\0p\0>\0\xE9\0\xAC\x20", 12);  // "<p>é€"
    const DecodedText text = DecodeToUtf8(page, "");
    CHECK(text.evidence == "bom");
    CHECK(text.charset == "utf-16le");
    CHECK(text.utf8 == "<p>\xC3\xA9\xE2\x82\xAC");
  }
  SECTION("UTF-16BE BOM") {
    const std::string page("\xFE\xFF\0<\0p\0>\0\xE9\x20\xAC", 12);
    const DecodedText text = DecodeToUtf8(page, "text/html; charset=utf-8");
    CHECK(text.evidence == "bom");
    CHECK(text.charset == "utf-16be");
    CHECK(text.utf8 == "<p>\xC3\xA9\xE2\x82\xAC");
  }
}

// HTML §13.2.3.2 (prescan a byte stream): <meta charset> counts on its own, with any quoting
// and case; attribute names and values are lower-cased by "get an attribute".
TEST_CASE("charset: meta charset is found by the prescan", "[extractors]") {
  const char* meta = GENERATE("<meta charset=iso-8859-1>", "<META CHARSET=\"ISO-8859-1\">", "<meta charset='latin1'/>",
                              "<meta\tname=x charset = cp1252 >", "<meta/charset=\"windows-1252\">");
  CAPTURE(meta);
  const DecodedText text = DecodeToUtf8(Html(meta, kFrenchCp1252), "");
  CHECK(text.evidence == "meta");
  CHECK(text.charset == "windows-1252");
  CHECK(Contains(text.utf8, kFrenchUtf8));
}

// HTML §13.2.3.2: content="...charset=..." counts only together with
// http-equiv="content-type", in either attribute order (the "need pragma" flag).
TEST_CASE("charset: meta http-equiv Content-Type is found by the prescan", "[extractors]") {
  SECTION("both attribute orders and quoting styles") {
    const char* meta = GENERATE("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\" />",
                                "<meta content='text/html;charset=ISO-8859-1' http-equiv='content-type'>",
                                "<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset = 'latin1'\">");
    CAPTURE(meta);
    const DecodedText text = DecodeToUtf8(Html(meta, kFrenchCp1252), "");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
    CHECK(Contains(text.utf8, kFrenchUtf8));
  }
  SECTION("content without http-equiv is ignored") {
    const std::string page =
        Html("<meta name=description content=\"charset=shift_jis\"><meta charset=latin1>", kFrenchCp1252);
    const DecodedText text = DecodeToUtf8(page, "");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
  }
}

// HTML §13.2.3.2: comments and attribute values of other tags are skipped, so a commented-out
// or quoted <meta> does not count.
TEST_CASE("charset: prescan skips comments and other tags' attributes", "[extractors]") {
  const std::string page = Html(
      "<!-- <meta charset=shift_jis> --><link title='<meta charset=euc-kr>'>"
      "<meta charset=windows-1252>",
      kFrenchCp1252);
  const DecodedText text = DecodeToUtf8(page, "");
  CHECK(text.evidence == "meta");
  CHECK(text.charset == "windows-1252");
}

// HTML §13.2.3.2: a prescanned <meta> claiming UTF-16 means UTF-8 (the bytes it was found in
// were ASCII-compatible, so it cannot be UTF-16).
TEST_CASE("charset: meta claiming UTF-16 means UTF-8", "[extractors]") {
  const DecodedText text = DecodeToUtf8(Html("<meta charset=utf-16>", kFrenchUtf8), "");
  CHECK(text.evidence == "meta");
  CHECK(text.charset == "utf-8");
  CHECK(Contains(text.utf8, kFrenchUtf8));
}

// Encoding §4.2 and index-windows-1252: "iso-8859-1", "latin1", "us-ascii" and "ascii" are
// labels of windows-1252, so 0x80-0x9F decode as ’ œ € (not C1 controls), as in browsers.
TEST_CASE("charset: ISO-8859-1 and ASCII labels decode as windows-1252", "[extractors]") {
  const char* label = GENERATE("iso-8859-1", "ISO_8859-1", "latin1", "us-ascii", "ascii", "l1");
  CAPTURE(label);
  const DecodedText text = DecodeToUtf8(kFrenchCp1252, std::string("text/html; charset=") + label);
  CHECK(text.charset == "windows-1252");
  CHECK(text.utf8 == kFrenchUtf8);
}

// Encoding index-windows-1252: the five bytes Microsoft left undefined (0x81, 0x8D, 0x8F,
// 0x90, 0x9D) map to the C1 code points of the same value, not to errors.
TEST_CASE("charset: undefined windows-1252 bytes map to C1 controls", "[extractors]") {
  const DecodedText text = DecodeToUtf8("a\x81z\x9D", "text/html; charset=windows-1252");
  CHECK(text.utf8 == "a\xC2\x81z\xC2\x9D");
}

// No label at all: statistical detection (uchardet) recognises French legacy text, and
// uchardet's "ISO-8859-1" is read as a WHATWG label, i.e. windows-1252.
TEST_CASE("charset: undeclared French legacy text is detected", "[extractors]") {
  SECTION("windows-1252 with curly quote, oe ligature and euro") {
    const DecodedText text = DecodeToUtf8(Html("<title>x</title>", kFrenchCp1252), "");
    CHECK(text.evidence == "detected");
    CHECK(text.charset == "windows-1252");
    CHECK(Contains(text.utf8, kFrenchUtf8));
  }
  SECTION("ISO-8859-1") {
    const DecodedText text = DecodeToUtf8(Html("<title>x</title>", kLatin1), "");
    CHECK(text.evidence == "detected");
    CHECK(text.charset == "windows-1252");
    CHECK(Contains(text.utf8, kLatin1Utf8));
  }
}

// Valid UTF-8 with non-ASCII bytes is taken as UTF-8 without a label: legacy encodings
// practically never form valid UTF-8 by accident. Pure ASCII needs no detection at all.
TEST_CASE("charset: undeclared UTF-8 and ASCII pass through unchanged", "[extractors]") {
  SECTION("UTF-8") {
    const std::string page = Html("", kFrenchUtf8);
    const DecodedText text = DecodeToUtf8(page, "text/html");
    CHECK(text.evidence == "detected");
    CHECK(text.charset == "utf-8");
    CHECK(text.utf8 == page);
  }
  SECTION("ASCII") {
    const std::string page = Html("", "plain text");
    const DecodedText text = DecodeToUtf8(page, "");
    CHECK(text.evidence == "default");
    CHECK(text.charset == "utf-8");
    CHECK(text.utf8 == page);
  }
}

// Encoding §8.1.1 (UTF-8 decoder) and Unicode §3.9 "U+FFFD substitution of maximal subparts":
// a page that claims UTF-8 but is not gets one U+FFFD per maximal invalid subpart, and the
// result is valid UTF-8.
TEST_CASE("charset: invalid UTF-8 labelled UTF-8 becomes U+FFFD", "[extractors]") {
  const std::string fffd(kReplacement);
  SECTION("Latin-1 bytes in a UTF-8 page") {
    const DecodedText text = DecodeToUtf8("caf\xE9 cr\xE8me", "text/html; charset=utf-8");
    CHECK(text.charset == "utf-8");
    CHECK(text.utf8 == "caf" + fffd + " cr" + fffd + "me");
  }
  SECTION("maximal subparts") {
    CHECK(DecodeToUtf8("a\xE2\x82z", "text/html; charset=utf8").utf8 == "a" + fffd + "z");
    CHECK(DecodeToUtf8("\xC0\xAF", "text/html; charset=utf8").utf8 == fffd + fffd);             // overlong
    CHECK(DecodeToUtf8("\xED\xA0\x80", "text/html; charset=utf8").utf8 == fffd + fffd + fffd);  // surrogate
    CHECK(DecodeToUtf8("\xF4\x90\x80\x80", "text/html; charset=utf8").utf8 ==
          fffd + fffd + fffd + fffd);  // above U+10FFFF
    CHECK(DecodeToUtf8("!\xFF\xFE!", "text/html; charset=utf8").utf8 == "!" + fffd + fffd + "!");
  }
  SECTION("output always validates") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
    const DecodedText text = DecodeToUtf8(garbage, "text/html; charset=utf-8");
    CHECK(IsWellFormedUtf8(text.utf8));
  }
}

// Encoding §4.2: a label that is not in the WHATWG table is ignored, and the next piece of
// evidence decides (HTML §13.2.3.1 / §13.2.3.2 "if charset is failure, continue").
TEST_CASE("charset: an unknown label falls through to the next evidence", "[extractors]") {
  SECTION("unknown header charset, then meta") {
    const DecodedText text = DecodeToUtf8(Html("<meta charset=latin1>", kFrenchCp1252), "text/html; charset=klingon");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
  }
  SECTION("unknown meta charset, then a later meta") {
    const DecodedText text = DecodeToUtf8(Html("<meta charset=x-unheard-of><meta charset=cp1252>", kFrenchCp1252), "");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
  }
  SECTION("unknown everywhere, then detection") {
    const DecodedText text = DecodeToUtf8(Html("<meta charset=bogus>", kFrenchUtf8), "text/html; charset=\"\"");
    CHECK(text.evidence == "detected");
    CHECK(text.charset == "utf-8");
  }
}

// Encoding §4.2 lists x-sjis among the Shift_JIS labels; Shift_JIS and friends go through
// iconv. Encoding §13.3.1: an invalid pair gives U+FFFD and an ASCII trail byte is kept.
TEST_CASE("charset: multi-byte legacy encodings decode through iconv", "[extractors]") {
  SECTION("Shift_JIS via its x-sjis label") {
    const DecodedText text = DecodeToUtf8("<p>\x93\xFA\x96\x7B</p>", "text/html; charset=x-sjis");
    CHECK(text.charset == "shift_jis");
    CHECK(text.utf8 == "<p>\xE6\x97\xA5\xE6\x9C\xAC</p>");  // 日本
  }
  SECTION("invalid Shift_JIS pair") {
    const DecodedText text = DecodeToUtf8("A\x85@B", "text/html; charset=shift_jis");
    CHECK(text.utf8 == std::string("A") + std::string(kReplacement) + "@B");
  }
  SECTION("single-byte non-Latin: ISO-8859-15 euro") {
    CHECK(DecodeToUtf8("\xA4", "text/html; charset=iso-8859-15").utf8 == "\xE2\x82\xAC");
  }
}

// Encoding §4.1 ("end-of-queue" inside a sequence is an error): a multi-byte sequence cut off
// by the end of the body (a truncated download) gives one U+FFFD, never a hang or overflow.
TEST_CASE("charset: a multi-byte sequence truncated at the end gives U+FFFD", "[extractors]") {
  const std::string fffd(kReplacement);
  CHECK(DecodeToUtf8("caf\xC3", "text/html; charset=utf-8").utf8 == "caf" + fffd);
  CHECK(DecodeToUtf8("x\xF0\x9F\x98", "text/html; charset=utf-8").utf8 == "x" + fffd);
  CHECK(DecodeToUtf8("<p>\x93", "text/html; charset=shift_jis").utf8 == "<p>" + fffd);
  CHECK(DecodeToUtf8("\xA4\xA2\xA4", "text/html; charset=euc-jp").utf8 ==
        "\xE3\x81\x82" + fffd);  // あ then a lone lead byte
  CHECK(DecodeToUtf8(std::string_view("a\0b", 3), "text/html; charset=utf-16le").utf8 == "a" + fffd);
}

// Empty bodies are valid input (HEAD-like responses, 204s): the result is empty.
TEST_CASE("charset: empty input gives empty output", "[extractors]") {
  SECTION("no header") {
    const DecodedText text = DecodeToUtf8("", "");
    CHECK(text.utf8.empty());
    CHECK(text.charset == "utf-8");
    CHECK(text.evidence == "default");
  }
  SECTION("with a header charset") {
    CHECK(DecodeToUtf8("", "text/html; charset=shift_jis").utf8.empty());
    CHECK(DecodeToUtf8("", "text/html; charset=iso-8859-1").utf8.empty());
  }
  SECTION("only a BOM") { CHECK(DecodeToUtf8("\xEF\xBB\xBF", "").utf8.empty()); }
}

// The output is a std::string with an explicit size: NUL bytes in the input are kept and do
// not cut off what follows, whatever decoder runs.
TEST_CASE("charset: NUL bytes do not truncate the text", "[extractors]") {
  const std::string_view input("a\0\xE9z", 4);
  CHECK(DecodeToUtf8(input, "text/html; charset=latin1").utf8 == std::string_view("a\0\xC3\xA9z", 5));
  CHECK(DecodeToUtf8(input, "text/html; charset=iso-8859-2").utf8 == std::string_view("a\0\xC3\xA9z", 5));
  CHECK(DecodeToUtf8(input, "text/html; charset=utf-8").utf8 == std::string_view("a\0\xEF\xBF\xBDz", 6));
}

// charset.h: thread-safe. Parsing runs on a thread pool, so concurrent calls through every
// decoder (in-house, iconv, uchardet) must not share state. Most useful under the tsan preset.
TEST_CASE("charset: concurrent calls give the same results", "[extractors]") {
  const std::string legacy = Html("<title>x</title>", kFrenchCp1252);
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      std::string out;
      for (int i = 0; i < 20; ++i) {
        out = DecodeToUtf8(legacy, "").utf8;
        out += DecodeToUtf8("\x93\xFA\x96\x7B", "text/html; charset=shift_jis").utf8;
        out += DecodeToUtf8(kFrenchUtf8, "text/html; charset=utf-8").utf8;
      }
      results[t] = out;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) CHECK(result == results[0]);
  CHECK(Contains(results[0], kFrenchUtf8));
}

// Real pages: lalibre.be and dhnet.be (2012) are ISO-8859-1 and declare it only in a
// <meta http-equiv> (see /work/shared/pages/SOURCES.md). They live outside the project, so the
// test is skipped when they are absent.
TEST_CASE("charset: real ISO-8859-1 Belgian pages decode", "[extractors]") {
#ifndef PRESSOIR_SOURCE_DIR
  WARN("PRESSOIR_SOURCE_DIR is not defined; skipping");
#else
  struct Page {
    const char* path;
    std::string_view word;
  };
  const Page pages[] = {
      {"/../shared/pages/lalibre.be/2012-accord-budget-2013.html", "n\xC3\xA9gociations"},
      {"/../shared/pages/dhnet.be/2012-budget-effort-2-milliards.html", "Comit\xC3\xA9"},
  };
  for (const Page& page : pages) {
    const std::filesystem::path path = std::string(PRESSOIR_SOURCE_DIR) + page.path;
    if (!std::filesystem::exists(path)) {
      WARN("fixture absent, skipping: " << path);
      continue;
    }
    std::ifstream file(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    REQUIRE(!bytes.empty());
    CAPTURE(path);
    const DecodedText text = DecodeToUtf8(bytes, "");
    CHECK(text.evidence == "meta");
    CHECK(text.charset == "windows-1252");
    CHECK(Contains(text.utf8, page.word));
    CHECK(IsWellFormedUtf8(text.utf8));
    // Without the <meta> (say, a server that strips it), detection must agree.
    const size_t head_end = bytes.find("</head>");
    REQUIRE(head_end != std::string::npos);
    const DecodedText detected = DecodeToUtf8(bytes.substr(head_end), "");
    CHECK(detected.evidence == "detected");
    CHECK(Contains(detected.utf8, page.word));
  }
#endif
}

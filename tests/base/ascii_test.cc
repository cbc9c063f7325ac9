// ASCII helpers (base/ascii.h): each format's whitespace set, case folding that leaves every
// byte >= 0x80 alone (UTF-8 stays valid, Latin-1 bytes are not guessed at), trimming and
// case-insensitive comparisons.
#include "base/ascii.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace ascii = pressoir::ascii;

namespace {

// The characters of 0x00..0xFF for which `predicate` holds, in byte order.
template <typename Predicate>
std::string Members(Predicate predicate) {
  std::string members;
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(static_cast<unsigned char>(byte));
    if (predicate(c)) members.push_back(c);
  }
  return members;
}

}  // namespace

// Each set is exactly the one its format defines, and no byte >= 0x80 (NBSP in Latin-1, UTF-8
// continuation bytes) is ever space.
TEST_CASE("whitespace sets are the formats' own", "[base]") {
  // WHATWG Infra "ASCII whitespace": TAB, LF, FF, CR, SPACE (HTML, URLs, MIME types, CSS).
  CHECK(Members(ascii::IsHtmlSpace) == "\t\n\f\r ");
  // C isspace() in the "C" locale: HTML's set plus VT.
  CHECK(Members(ascii::IsSpace) == "\t\n\v\f\r ");
  // RFC 9110 §5.6.3 OWS: SPACE and HTAB.
  CHECK(Members(ascii::IsBlank) == "\t ");
  // Whitespace within one line (robots.txt): no LF, no CR.
  CHECK(Members(ascii::IsLineSpace) == "\t\v\f ");
  // WHATWG URL "C0 control or space" and "ASCII tab or newline".
  std::string c0_and_space;
  for (char c = '\0'; c <= ' '; ++c) c0_and_space.push_back(c);
  CHECK(Members(ascii::IsC0ControlOrSpace) == c0_and_space);
  CHECK(Members(ascii::IsTabOrNewline) == "\t\n\r");
}

TEST_CASE("character classes are ASCII only", "[base]") {
  CHECK(Members(ascii::IsAlpha) == "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  CHECK(Members(ascii::IsDigit) == "0123456789");
  CHECK(Members(ascii::IsAlnum) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  CHECK(Members(ascii::IsHexDigit) == "0123456789ABCDEFabcdef");
  CHECK(Members(ascii::IsUpper) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  CHECK(Members(ascii::IsLower) == "abcdefghijklmnopqrstuvwxyz");
}

// Case folding changes A-Z (or a-z) only: unlike std::tolower, it never depends on the locale,
// and UTF-8 ("É" is C3 89) and Latin-1 ("É" is C9) bytes come out unchanged.
TEST_CASE("case folding touches ASCII letters only", "[base]") {
  CHECK(ascii::ToLower("Content-Type: TEXT/Html") == "content-type: text/html");
  CHECK(ascii::ToUpper("utf-8") == "UTF-8");
  CHECK(ascii::ToLower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89");  // ÉTÉ in UTF-8
  CHECK(ascii::ToLower("\xC9T\xC9") == "\xC9t\xC9");                  // ÉTÉ in Latin-1
  CHECK(ascii::ToUpper("\xC3\xA9t\xC3\xA9") == "\xC3\xA9T\xC3\xA9");  // été in UTF-8
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(static_cast<unsigned char>(byte));
    INFO("byte " << byte);
    CHECK(ascii::ToLower(c) == (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c));
    CHECK(ascii::ToUpper(c) == (c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c));
  }
  CHECK(ascii::ToLower(std::string_view("")).empty());
}

TEST_CASE("trimming removes the given set from the ends only", "[base]") {
  CHECK(ascii::Trim(" \t\v\f\r\n a b \n\v") == "a b");
  CHECK(ascii::TrimHtmlSpace(" \t\f\r\n a b \n") == "a b");
  CHECK(ascii::TrimHtmlSpace("\va\v") == "\va\v");  // VT is not HTML whitespace
  CHECK(ascii::TrimIf("\r\n value \r\n", ascii::IsBlank) == "\r\n value \r\n");
  CHECK(ascii::TrimIf("\t value  ", ascii::IsBlank) == "value");
  CHECK(ascii::TrimLeftIf("  a  ", ascii::IsBlank) == "a  ");
  CHECK(ascii::TrimRightIf("  a  ", ascii::IsBlank) == "  a");
  CHECK(ascii::TrimIf("\x01 http://a/ \x1F", ascii::IsC0ControlOrSpace) == "http://a/");
  CHECK(ascii::Trim("\xC2\xA0"
                    "a"
                    "\xC2\xA0") ==
        "\xC2\xA0"
        "a"
        "\xC2\xA0");  // NBSP is not ASCII space
  CHECK(ascii::Trim("") == "");
  CHECK(ascii::Trim(" \t\n ") == "");
}

TEST_CASE("case-insensitive comparisons fold ASCII letters on both sides", "[base]") {
  CHECK(ascii::EqualsIgnoreCase("Windows-1252", "WINDOWS-1252"));
  CHECK_FALSE(ascii::EqualsIgnoreCase("utf-8", "utf-16"));
  CHECK_FALSE(ascii::EqualsIgnoreCase("utf-8", "utf-8 "));
  CHECK_FALSE(ascii::EqualsIgnoreCase("\xC3\xA9", "\xC3\x89"));  // é and É: not ASCII
  CHECK(ascii::EqualsIgnoreCase("", ""));

  CHECK(ascii::StartsWithIgnoreCase("HTTPS://example.org", "https://"));
  CHECK(ascii::StartsWithIgnoreCase("https://example.org", "HTTPS://"));
  CHECK_FALSE(ascii::StartsWithIgnoreCase("http", "https://"));
  CHECK(ascii::StartsWithIgnoreCase("anything", ""));

  CHECK(ascii::EndsWithIgnoreCase("feed.XML", ".xml"));
  CHECK_FALSE(ascii::EndsWithIgnoreCase("xml", "feed.xml"));

  CHECK(ascii::ContainsIgnoreCase("mainArticleBody", "articlebody"));
  CHECK(ascii::ContainsIgnoreCase("x", ""));
  CHECK_FALSE(ascii::ContainsIgnoreCase("article-body", "articlebody"));
  CHECK_FALSE(ascii::ContainsIgnoreCase("", "a"));
}

// Hex digits: either case where others wrote them (percent-encoding), lower case only where
// pressoir wrote them (ids, digests, SimHashes), and 64-bit numbers of exactly 16 digits.
TEST_CASE("hex digits and 64-bit hex numbers", "[base]") {
  CHECK(ascii::HexDigitValue('0') == 0);
  CHECK(ascii::HexDigitValue('9') == 9);
  CHECK(ascii::HexDigitValue('a') == 10);
  CHECK(ascii::HexDigitValue('F') == 15);
  CHECK(ascii::HexDigitValue('g') == -1);
  CHECK(ascii::HexDigitValue('\xc3') == -1);
  CHECK(ascii::LowerHexDigitValue('f') == 15);
  CHECK(ascii::LowerHexDigitValue('F') == -1);
  CHECK(ascii::LowerHexDigitValue('G') == -1);

  CHECK(ascii::ParseHex64("0123456789abcdef", true) == 0x0123456789abcdefULL);
  CHECK(ascii::ParseHex64("ffffffffffffffff", true) == 0xffffffffffffffffULL);
  CHECK(ascii::ParseHex64("0123456789ABCDEF", false) == 0x0123456789abcdefULL);
  CHECK_FALSE(ascii::ParseHex64("0123456789ABCDEF", true));
  CHECK_FALSE(ascii::ParseHex64("0123456789abcde", true));    // 15 digits
  CHECK_FALSE(ascii::ParseHex64("0123456789abcdef0", true));  // 17 digits
  CHECK_FALSE(ascii::ParseHex64("0123456789abcdeg", false));
  CHECK_FALSE(ascii::ParseHex64("", false));
}

// The cases of google/robotstxt's robots_test.cc (Google's open-source robots.txt parser),
// checked against our matcher (crawler/robots.h). The file could not be downloaded here: the
// cases were written from memory of that suite, test by test (the names are Google's), and
// may differ from it in detail. Where our contract deliberately differs from Google's parser
// (RFC 9309's percent-encoding table, an agent given as a whole User-Agent string, no
// index.html rule, no line length limit) the case says so and checks our behaviour.
#include <catch2/catch.hpp>
#include <string>

#include "crawler/robots.h"

namespace pressoir::robots {
namespace {

// Google's IsUserAgentAllowed(robotstxt, user_agent, url).
bool IsUserAgentAllowed(std::string_view robotstxt, std::string_view user_agent, std::string_view url) {
  return RobotsTxt::Parse(robotstxt).IsAllowed(user_agent, url);
}

}  // namespace

TEST_CASE("google suite: ID_SystemTest (empty and degenerate inputs)", "[crawler][robots-google]") {
  CHECK(IsUserAgentAllowed("", "FooBot", ""));
  CHECK(IsUserAgentAllowed("", "", ""));
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /\n", "FooBot", "http://foo.bar/robots.txt"));
  CHECK_FALSE(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /\n", "FooBot", ""));  // "" is "/"
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /\n", "", ""));              // no group for ""
}

TEST_CASE("google suite: ID_LineSyntax_Line", "[crawler][robots-google]") {
  const std::string url = "http://foo.bar/x/y";
  CHECK_FALSE(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /\n", "FooBot", url));
  CHECK(IsUserAgentAllowed("foo: FooBot\nbar: /\n", "FooBot", url));
  // A missing colon is accepted when the value is one word (Google's "incorrect_accepted").
  CHECK_FALSE(IsUserAgentAllowed("user-agent FooBot\ndisallow /\n", "FooBot", url));
}

TEST_CASE("google suite: ID_LineSyntax_Groups", "[crawler][robots-google]") {
  const std::string robotstxt =
      "allow: /foo/bar/\n"
      "\n"
      "user-agent: FooBot\n"
      "disallow: /\n"
      "allow: /x/\n"
      "user-agent: BarBot\n"
      "disallow: /\n"
      "allow: /y/\n"
      "\n"
      "\n"
      "allow: /w/\n"
      "user-agent: BazBot\n"
      "\n"
      "user-agent: FooBot\n"
      "allow: /z/\n"
      "disallow: /\n";
  const std::string url_w = "http://foo.bar/w/a";
  const std::string url_x = "http://foo.bar/x/b";
  const std::string url_y = "http://foo.bar/y/c";
  const std::string url_z = "http://foo.bar/z/d";
  const std::string url_foo = "http://foo.bar/foo/bar/";

  CHECK(IsUserAgentAllowed(robotstxt, "FooBot", url_x));
  CHECK(IsUserAgentAllowed(robotstxt, "FooBot", url_z));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", url_y));
  CHECK(IsUserAgentAllowed(robotstxt, "BarBot", url_y));
  CHECK(IsUserAgentAllowed(robotstxt, "BarBot", url_w));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "BarBot", url_z));
  CHECK(IsUserAgentAllowed(robotstxt, "BazBot", url_z));
  // Rules before the first user-agent line belong to no group.
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", url_foo));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "BarBot", url_foo));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "BazBot", url_foo));
}

TEST_CASE("google suite: ID_LineSyntax_Groups_OtherRules", "[crawler][robots-google]") {
  const std::string url = "http://foo.bar/";
  // A Sitemap line between user-agent lines does not end the list of user agents.
  const std::string sitemap_between =
      "User-agent: BarBot\n"
      "Sitemap: https://foo.bar/sitemap\n"
      "User-agent: *\n"
      "Disallow: /\n";
  CHECK_FALSE(IsUserAgentAllowed(sitemap_between, "FooBot", url));
  CHECK_FALSE(IsUserAgentAllowed(sitemap_between, "BarBot", url));
  // Nor does an unknown line.
  const std::string unknown_between =
      "User-agent: FooBot\n"
      "Invalid-Unknown-Line: unknown\n"
      "User-agent: *\n"
      "Disallow: /\n";
  CHECK_FALSE(IsUserAgentAllowed(unknown_between, "FooBot", url));
  CHECK_FALSE(IsUserAgentAllowed(unknown_between, "BarBot", url));
}

TEST_CASE("google suite: ID_REPLineNamesCaseInsensitive", "[crawler][robots-google]") {
  const std::string url_allowed = "http://foo.bar/x/y";
  const std::string url_disallowed = "http://foo.bar/a/b";
  for (const char* robotstxt :
       {"USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n", "user-agent: FooBot\nallow: /x/\ndisallow: /\n",
        "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n"}) {
    INFO(robotstxt);
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", url_allowed));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", url_disallowed));
  }
}

// Google's IsValidUserAgentToObey() accepts only [a-zA-Z_-]+; our API takes a whole
// User-Agent string and reads its product token (ProductToken()), so the invalid ones of
// Google's list yield the token they start with, or none.
TEST_CASE("google suite: ID_VerifyValidUserAgentsToObey", "[crawler][robots-google]") {
  CHECK(ProductToken("Foobot") == "Foobot");
  CHECK(ProductToken("Foobot-Bar") == "Foobot-Bar");
  CHECK(ProductToken("Foo_Bar") == "Foo_Bar");
  CHECK(ProductToken("").empty());
  CHECK(ProductToken("\xE3\x83\x84").empty());
  CHECK(ProductToken("Foobot*") == "Foobot");
  CHECK(ProductToken(" Foobot ") == "Foobot");
  CHECK(ProductToken("Foobot/2.1") == "Foobot");
  CHECK(ProductToken("Foobot Bar") == "Foobot");
}

TEST_CASE("google suite: ID_UserAgentValueCaseInsensitive", "[crawler][robots-google]") {
  const std::string url_allowed = "http://foo.bar/x/y";
  const std::string url_disallowed = "http://foo.bar/a/b";
  for (const char* robotstxt :
       {"User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n", "User-Agent: foo bar\nAllow: /x/\nDisallow: /\n",
        "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n"}) {
    INFO(robotstxt);
    CHECK(IsUserAgentAllowed(robotstxt, "Foo", url_allowed));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "Foo", url_disallowed));
    CHECK(IsUserAgentAllowed(robotstxt, "foo", url_allowed));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "foo", url_disallowed));
  }
}

// Google reads a user-agent value up to its first space ("Foo Bar" names "Foo"). Google then
// compares the crawler's name as given, so its "Foo Bar" crawler does not match; ours reads
// the product token of the agent string too, so "Foo Bar" is the crawler "Foo".
TEST_CASE("google suite: GoogleOnly_AcceptUserAgentUpToFirstSpace", "[crawler][robots-google]") {
  const std::string robotstxt =
      "User-Agent: *\n"
      "Disallow: /\n"
      "User-Agent: Foo Bar\n"
      "Allow: /x/\n"
      "Disallow: /\n";
  const std::string url = "http://foo.bar/x/y";
  CHECK(IsUserAgentAllowed(robotstxt, "Foo", url));
  CHECK(IsUserAgentAllowed(robotstxt, "Foo Bar", url));  // Google: false (see above)
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "Bar", url));
}

TEST_CASE("google suite: ID_GlobalGroups_Secondary", "[crawler][robots-google]") {
  const std::string robotstxt_empty;
  const std::string robotstxt_global =
      "user-agent: *\n"
      "allow: /\n"
      "user-agent: FooBot\n"
      "disallow: /\n";
  const std::string robotstxt_only_specific =
      "user-agent: FooBot\n"
      "allow: /\n"
      "user-agent: BarBot\n"
      "disallow: /\n"
      "user-agent: BazBot\n"
      "disallow: /\n";
  const std::string url = "http://foo.bar/x/y";
  CHECK(IsUserAgentAllowed(robotstxt_empty, "FooBot", url));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt_global, "FooBot", url));
  CHECK(IsUserAgentAllowed(robotstxt_global, "BarBot", url));
  CHECK(IsUserAgentAllowed(robotstxt_only_specific, "QuxBot", url));
}

TEST_CASE("google suite: ID_AllowDisallow_Value_CaseSensitive", "[crawler][robots-google]") {
  const std::string url = "http://foo.bar/x/y";
  CHECK_FALSE(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /x/\n", "FooBot", url));
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /X/\n", "FooBot", url));
}

TEST_CASE("google suite: ID_LongestMatch", "[crawler][robots-google]") {
  const std::string url = "http://foo.bar/x/page.html";
  CHECK_FALSE(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n", "FooBot", url));
  {
    const std::string robotstxt = "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", url));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/x/"));
  }
  // Equivalent empty patterns; then equivalent "/" patterns: Allow wins.
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: \nallow: \n", "FooBot", url));
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /\nallow: /\n", "FooBot", url));
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /x\nallow: /x/\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/x"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/x/"));
  }
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "FooBot", url));
  {
    const std::string robotstxt = "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/page.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/page"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", url));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/x/y.html"));
  }
  {
    // The most specific group (FooBot's) replaces *: /x/page is allowed for FooBot.
    const std::string robotstxt = "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/x/page"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/y/page"));
  }
}

// Google's parser leaves the URL as given and %-encodes only the pattern, so its suite expects
// "/foo/bar/ツ" not to match "Allow: /foo/bar/ツ" and "/foo/bar/baz" not to match
// "/foo/bar/%62%61%7A". RFC 9309 §2.2.2's table says both match, and so does our matcher.
TEST_CASE("google suite: ID_Encoding", "[crawler][robots-google]") {
  CHECK(IsUserAgentAllowed("User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n",
                           "FooBot", "http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par"));
  {
    const std::string robotstxt = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/\xE3\x83\x84\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/%E3%83%84"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/\xE3\x83\x84"));  // Google: false
  }
  {
    const std::string robotstxt = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/%E3%83%84"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/\xE3\x83\x84"));  // Google: false
  }
  {
    const std::string robotstxt = "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/baz"));  // Google: false
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/%62%61%7A"));
  }
}

TEST_CASE("google suite: ID_SpecialCharacters", "[crawler][robots-google]") {
  {
    const std::string robotstxt = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/quz"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/quz"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo//quz"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bax/quz"));
  }
  {
    const std::string robotstxt = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/qux"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar/baz"));
  }
  {
    const std::string robotstxt = "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/bar"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/foo/quz"));
  }
}

// Google treats an allowed ".../index.html" as allowing its directory ".../"; RFC 9309 has no
// such rule and neither has our matcher: only the exact cases agree.
TEST_CASE("google suite: GoogleOnly_IndexHTMLisDirectory", "[crawler][robots-google]") {
  const std::string robotstxt = "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n";
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "foobot", "http://foo.com/allowed-slash/"));  // Google: true
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "foobot", "http://foo.com/allowed-slash/index.htm"));
  CHECK(IsUserAgentAllowed(robotstxt, "foobot", "http://foo.com/allowed-slash/index.html"));
  CHECK_FALSE(IsUserAgentAllowed(robotstxt, "foobot", "http://foo.com/anyother-url"));
}

// Google cuts lines at 2083 * 8 bytes and matches the cut pattern, which then matches more
// (or, for an Allow, opens more) than its author wrote. We keep long lines whole (robots.h).
TEST_CASE("google suite: GoogleOnly_LineTooLong", "[crawler][robots-google]") {
  constexpr std::size_t kGoogleMaxLineLength = 2083 * 8;
  std::string longline = "/x/";
  while (longline.size() < kGoogleMaxLineLength) longline += 'a';
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: " + longline + "/qux\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fux"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar" + longline + "/fux"));  // Google: false
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar" + longline + "/qux"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /\nallow: " + longline + "/qux\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fux"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar" + longline + "/fux"));  // Google: true
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar" + longline + "/qux"));
  }
}

// Google's examples of path matching
// (developers.google.com/search/reference/robots_txt#url-matching-based-on-path-values).
TEST_CASE("google suite: GoogleOnly_DocumentationChecks", "[crawler][robots-google]") {
  for (const char* robotstxt :
       {"user-agent: FooBot\ndisallow: /\nallow: /fish\n", "user-agent: FooBot\ndisallow: /\nallow: /fish*\n"}) {
    INFO(robotstxt);
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/salmon.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fishheads"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fishheads/yummy.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish.html?id=anything"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/Fish.asp"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/catfish"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/?id=fish"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /\nallow: /fish/\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/salmon"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/?salmon"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/salmon.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish/?id=anything"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish.html"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/Fish/Salmon.html"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /\nallow: /*.php\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/folder/filename.php"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/folder/filename.php?parameters"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar//folder/any.php.file.html"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php/"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/index?f=filename.php/"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/php/"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/index?php"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/windows.PHP"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/folder/filename.php"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php?parameters"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php/"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename.php5"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/php/"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/filename?php"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/aaaphpaaa"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar//windows.PHP"));
  }
  {
    const std::string robotstxt = "user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n";
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/bar"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fish.php"));
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/fishheads/catfish.php?parameters"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://foo.bar/Fish.PHP"));
  }
  // Order of precedence for group-member records.
  CHECK(IsUserAgentAllowed("user-agent: FooBot\nallow: /p\ndisallow: /\n", "FooBot", "http://example.com/page"));
  CHECK(IsUserAgentAllowed("user-agent: FooBot\nallow: /folder\ndisallow: /folder\n", "FooBot",
                           "http://example.com/folder/page"));
  CHECK_FALSE(IsUserAgentAllowed("user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n", "FooBot",
                                 "http://example.com/page.htm"));
  {
    const std::string robotstxt = "user-agent: FooBot\nallow: /$\ndisallow: /\n";
    CHECK(IsUserAgentAllowed(robotstxt, "FooBot", "http://example.com/"));
    CHECK_FALSE(IsUserAgentAllowed(robotstxt, "FooBot", "http://example.com/page.html"));
  }
}

// Google counts lines ending in LF, CRLF, CR or a mix of them alike; here the same file with
// each line end gives the same groups.
TEST_CASE("google suite: ID_LinesNumbersAreCountedCorrectly (line ends)", "[crawler][robots-google]") {
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    std::string robotstxt = "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n";
    std::string converted;
    for (char c : robotstxt) converted += c == '\n' ? std::string(eol) : std::string(1, c);
    INFO("line end " << (std::string(eol) == "\n" ? "LF" : std::string(eol) == "\r" ? "CR" : "CRLF"));
    CHECK(IsUserAgentAllowed(converted, "foo", "http://foo.bar/some/path"));
    CHECK(IsUserAgentAllowed(converted, "foo", "http://foo.bar/other"));
    CHECK_FALSE(IsUserAgentAllowed(converted, "bar", "http://foo.bar/some/path"));
  }
  const std::string mixed = "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /";
  CHECK(IsUserAgentAllowed(mixed, "foo", "http://foo.bar/other"));
  CHECK_FALSE(IsUserAgentAllowed(mixed, "bar", "http://foo.bar/other"));  // no final line end
}

TEST_CASE("google suite: ID_UTF8ByteOrderMarkIsSkipped", "[crawler][robots-google]") {
  const std::string rules = "User-Agent: foo\nDisallow: /AnyValue\n";
  const std::string url = "http://foo.bar/AnyValue";
  CHECK_FALSE(IsUserAgentAllowed("\xEF\xBB\xBF" + rules, "foo", url));
  // A cut-off BOM is skipped too.
  CHECK_FALSE(IsUserAgentAllowed("\xEF\xBB" + rules, "foo", url));
  CHECK_FALSE(IsUserAgentAllowed("\xEF" + rules, "foo", url));
  // Not a BOM: the first line is unreadable, so the Disallow belongs to no group.
  CHECK(IsUserAgentAllowed("\xEF\x11\xBF" + rules, "foo", url));
  // A BOM in the middle of the file is not skipped: that line is unreadable.
  CHECK(
      IsUserAgentAllowed("User-Agent: foo\n\xEF\xBB\xBF"
                         "Disallow: /AnyValue\n",
                         "foo", url));
}

TEST_CASE("google suite: ID_NonStandardLineExample_Sitemap", "[crawler][robots-google]") {
  const std::string sitemap_loc = "http://foo.bar/sitemap.xml";
  const std::string body = "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\n";
  CHECK(RobotsTxt::Parse(body + "Sitemap: " + sitemap_loc + "\n").sitemaps() == std::vector<std::string>{sitemap_loc});
  // A Sitemap line may appear anywhere.
  CHECK(RobotsTxt::Parse("Sitemap: " + sitemap_loc + "\n" + body).sitemaps() == std::vector<std::string>{sitemap_loc});
}

// Google's frequent typos (kAllowFrequentTypos) are accepted as keys.
TEST_CASE("google suite: frequent typos in keys", "[crawler][robots-google]") {
  const std::string url = "http://foo.bar/x";
  for (const char* disallow : {"disallow", "dissallow", "dissalow", "disalow", "diasllow", "disallaw"}) {
    INFO(disallow);
    CHECK_FALSE(IsUserAgentAllowed(std::string("user-agent: FooBot\n") + disallow + ": /x\n", "FooBot", url));
  }
  for (const char* user_agent : {"user-agent", "useragent", "user agent"}) {
    INFO(user_agent);
    CHECK_FALSE(IsUserAgentAllowed(std::string(user_agent) + ": FooBot\ndisallow: /x\n", "FooBot", url));
  }
  CHECK(RobotsTxt::Parse("site-map: http://foo.bar/s.xml\n").sitemaps() ==
        std::vector<std::string>{"http://foo.bar/s.xml"});
  // Not a typo Google accepts, and not one we accept: the line is ignored.
  CHECK(IsUserAgentAllowed("user-agent: FooBot\ndisalloww: /x\n", "FooBot", url));
}

// Google's GetPathParamsQuery: a URL is matched by its path, params and query, "/" when empty,
// without the fragment. (Google also reads a scheme-less "example.com/a" as a host and path;
// we read a string without "scheme://" or "//" as a path, robots.h.)
TEST_CASE("google suite: TestGetPathParamsQuery", "[crawler][robots-google]") {
  // Disallow only what equals the expected path ("$"), so a match proves the extraction.
  auto path_is = [](std::string_view url, std::string_view path) {
    const std::string robotstxt = "user-agent: *\ndisallow: " + std::string(path) + "$\n";
    return !IsUserAgentAllowed(robotstxt, "FooBot", url);
  };
  CHECK(path_is("", "/"));
  CHECK(path_is("http://www.example.com", "/"));
  CHECK(path_is("http://www.example.com/", "/"));
  CHECK(path_is("http://www.example.com/a", "/a"));
  CHECK(path_is("http://www.example.com/a/", "/a/"));
  CHECK(path_is("http://www.example.com/a/b?c=http://d.e/", "/a/b?c=http://d.e/"));
  CHECK(path_is("http://www.example.com/a/b?c=d&e=f#fragment", "/a/b?c=d&e=f"));
  CHECK(path_is("/a", "/a"));
  CHECK(path_is("//a/b/c", "/b/c"));
  CHECK(path_is("http://example.com?a", "/?a"));
  CHECK(path_is("http://example.com/a;b#c", "/a;b"));
}

// Google's MaybeEscapePattern: non-ASCII bytes are %-encoded, %xx gets upper-case hex.
TEST_CASE("google suite: TestMaybeEscapePattern", "[crawler][robots-google]") {
  CHECK_FALSE(IsUserAgentAllowed("user-agent: *\ndisallow: /\xC3\xA1$\n", "FooBot", "http://foo.bar/%C3%A1"));
  CHECK_FALSE(IsUserAgentAllowed("user-agent: *\ndisallow: /%aa$\n", "FooBot", "http://foo.bar/%AA"));
  CHECK_FALSE(IsUserAgentAllowed("user-agent: *\ndisallow: /a/b/c$\n", "FooBot", "http://foo.bar/a/b/c"));
}

}  // namespace pressoir::robots

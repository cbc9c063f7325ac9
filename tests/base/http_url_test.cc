// The syntax check for operator-written URLs (base/http_url.h): what it refuses, the reason
// it gives, and that everything it accepts is a URL the crawler's url::Normalize() accepts too.
#include "base/http_url.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crawler/url.h"

using pressoir::http_url::Problem;

namespace {

std::string ProblemOf(const std::string& text) { return Problem(text).value_or(""); }

}  // namespace

// The examples of issue 13, item 4, and their kin: each refused with its own reason.
TEST_CASE("only absolute http(s) URLs with a host pass", "[base]") {
  CHECK(ProblemOf("notaurl") == "no http:// or https:// scheme");
  CHECK(ProblemOf("example.com") == "no scheme; write https://example.com");
  CHECK(ProblemOf("www.example.com/news") == "no scheme; write https://www.example.com/news");
  CHECK(ProblemOf("ftp://x") == "scheme 'ftp' (only http and https are crawled)");
  CHECK(ProblemOf("mailto:a@example.com") == "no http:// or https:// scheme");
  CHECK(ProblemOf("/news/") == "no http:// or https:// scheme");
  CHECK(ProblemOf("") == "empty");
  CHECK(ProblemOf("https://") == "no host");
  CHECK(ProblemOf("https:///path") == "no host");
  CHECK(ProblemOf("http://user@/") == "no host");
  CHECK(ProblemOf("http://a@b@example.com/").rfind("more than one '@'", 0) == 0);
  CHECK(ProblemOf("https://exa mple.com/").find("space") != std::string::npos);
  CHECK(ProblemOf("https://example.com/\t").find("control") != std::string::npos);
  CHECK(ProblemOf("https://example.com:http/") == "bad port 'http'");
  CHECK(ProblemOf("https://example.com:0/") == "bad port '0'");
  CHECK(ProblemOf("https://example.com:65536/") == "bad port '65536'");
  CHECK(ProblemOf("https://example.com:/") == "bad port ''");
  CHECK(ProblemOf("https://exa%6dple.com/").rfind("bad host 'exa%6dple.com'", 0) == 0);
  CHECK(ProblemOf("https://liège.be/").rfind("bad host", 0) == 0);
  CHECK(ProblemOf("https://[::1/").rfind("bad", 0) == 0);
  CHECK(ProblemOf("https://[zz]/").rfind("bad IPv6 address", 0) == 0);
  CHECK(ProblemOf("https://.../") ==
        "bad host '...' (letters, digits, '-', '_' and '.'; internationalized names "
        "in punycode, xn--...)");

  CHECK_FALSE(Problem("https://example.com"));
  CHECK_FALSE(Problem("HTTP://Example.COM/News?a=1#top"));
  CHECK_FALSE(Problem("http://127.0.0.1:8080/feed.xml"));
  CHECK_FALSE(Problem("http://[::1]:8080/"));
  CHECK_FALSE(Problem("https://user:secret@example.com/"));
  CHECK_FALSE(Problem("https://xn--lige-dra.be/actualité"));  // raw UTF-8 in the path is encoded on fetch
}

// What passes here must also pass the crawler's curl-based normalization, or a start URL
// accepted at start-up would still be skipped during the crawl. Every combination of the
// parts below is tried.
TEST_CASE("every URL the check accepts, url::Normalize accepts", "[base]") {
  const std::vector<std::string> schemes = {"http://", "HTTPS://", "https:/", "ftp://", ""};
  const std::vector<std::string> userinfos = {"", "user@", "user:pw@", "@", "a@b@"};
  const std::vector<std::string> hosts = {"example.com",
                                          "EXAMPLE.com",
                                          "a",
                                          "x_y.example",
                                          "xn--lige-dra.be",
                                          "127.0.0.1",
                                          "[::1]",
                                          "[2001:db8::1]",
                                          "",
                                          "a..b",
                                          "-",
                                          ".",
                                          "é.fr",
                                          "a b",
                                          "[::1"};
  const std::vector<std::string> ports = {"", ":80", ":8080", ":65535", ":0", ":x", ":"};
  const std::vector<std::string> rests = {"", "/", "/news/", "?q=1", "#top", "/a b", "/été?x=é", "/%zz", "/a\\b"};
  int accepted = 0;
  for (const std::string& scheme : schemes) {
    for (const std::string& userinfo : userinfos) {
      for (const std::string& host : hosts) {
        for (const std::string& port : ports) {
          for (const std::string& rest : rests) {
            std::string text = scheme + userinfo + host + port + rest;
            if (Problem(text)) continue;
            ++accepted;
            INFO(text);
            CHECK(pressoir::url::Normalize(text));
          }
        }
      }
    }
  }
  CHECK(accepted > 1000);  // the combinations exercise the accepting side, not only refusals
}

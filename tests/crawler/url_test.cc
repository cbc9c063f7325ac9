// URL resolution and normalization (RFC 3986 §5 resolution, §6 normalization).
#include "crawler/url.h"

#include <catch2/catch.hpp>

using pressoir::url::Normalize;
using pressoir::url::Resolve;

// RFC 3986 §5.2: relative references resolve against the base; fragments are dropped.
TEST_CASE("links resolve against the page URL", "[crawler]") {
  std::string base = "http://news.test:8080/section/page.html?x=1";
  CHECK(Resolve(base, "other.html") == "http://news.test:8080/section/other.html");
  CHECK(Resolve(base, "../top.html") == "http://news.test:8080/top.html");
  CHECK(Resolve(base, "/abs?q=2#frag") == "http://news.test:8080/abs?q=2");
  CHECK(Resolve(base, "//cdn.test/a.html") == "http://cdn.test/a.html");
  CHECK(Resolve(base, "  https://OTHER.test/A  ") == "https://other.test/A");
  CHECK(Resolve(base, "/a\n/b") == "http://news.test:8080/a/b");  // browsers drop newlines
}

// Only http(s) links are crawled.
TEST_CASE("non-http links are refused", "[crawler]") {
  std::string base = "https://news.test/";
  CHECK_FALSE(Resolve(base, "mailto:someone@news.test"));
  CHECK_FALSE(Resolve(base, "javascript:void(0)"));
  CHECK_FALSE(Resolve(base, "ftp://news.test/file"));
  CHECK_FALSE(Resolve(base, "file:///etc/passwd"));
  CHECK_FALSE(Resolve(base, "#top"));
  CHECK_FALSE(Resolve(base, ""));
  CHECK_FALSE(Normalize("not a url"));
}

// RFC 3986 §6.2.2-6.2.3: case, default ports, percent-encoding of unreserved characters and
// empty paths are normalized; tracking parameters are removed so one article is one URL.
TEST_CASE("equivalent URLs normalize to one string", "[crawler]") {
  CHECK(Normalize("HTTP://News.Test:80/a") == "http://news.test/a");
  CHECK(Normalize("https://news.test:443") == "https://news.test/");
  CHECK(Normalize("https://news.test/%7Ejoe/") == "https://news.test/~joe/");
  CHECK(Normalize("https://news.test/a?utm_source=x&id=3&utm_medium=y&fbclid=z") == "https://news.test/a?id=3");
  CHECK(Normalize("https://news.test/a?utm_campaign=x") == "https://news.test/a");
  CHECK(Normalize("https://news.test/a#comments") == "https://news.test/a");
  CHECK(Normalize("https://user:pw@news.test/a") == "https://news.test/a");
  CHECK(Normalize("https://news.test/contrôle") == Normalize("https://news.test/contr%C3%B4le"));
  CHECK(Normalize("http://news.test:8080/") == "http://news.test:8080/");
}

TEST_CASE("host, origin and path of a URL", "[crawler]") {
  CHECK(pressoir::url::Host("https://WWW.News.Test:8443/a?b") == "www.news.test");
  CHECK(pressoir::url::Origin("https://www.news.test:8443/a?b") == "https://www.news.test:8443");
  CHECK(pressoir::url::Origin("https://www.news.test/a") == "https://www.news.test");
  CHECK(pressoir::url::PathAndQuery("https://www.news.test/a/b?c=d") == "/a/b?c=d");
  CHECK(pressoir::url::PathAndQuery("https://www.news.test") == "/");
  CHECK(pressoir::url::Host("::nonsense::").empty());
}

// Fuzz finding (issue 7): curl decodes %XX in host names; a host that decodes to control or
// non-ASCII bytes must not reach a stored URL. International names are accepted in punycode.
TEST_CASE("hosts are plain ASCII after normalization", "[crawler]") {
  CHECK_FALSE(Normalize("https://a%7fb.example.com/"));
  CHECK_FALSE(Normalize("https://a%ffb.example.com/"));
  CHECK_FALSE(Normalize("https://a%0ab.example.com/"));
  auto idn = Normalize("https://xn--exmple-cua.be/a");
  REQUIRE(idn);
  CHECK(*idn == "https://xn--exmple-cua.be/a");
  CHECK_FALSE(Normalize("https://\xC3\xA9t\xC3\xA9.be/"));
  CHECK(Normalize("http://[::1]:8080/x") == "http://[::1]:8080/x");
}

// Tests for robots.txt parsing and matching (crawler/robots.h); the `pressoir robots` command
// is tested in tests/cli/robots_command_test.cc. Each case names the RFC 9309 section it checks.
#include "crawler/robots.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pressoir::robots {
namespace {

constexpr char kAgent[] = "pressoir/0.1 (+https://example.org/bot)";

bool Allowed(std::string_view body, std::string_view url, std::string_view agent = kAgent) {
  return RobotsTxt::Parse(body).IsAllowed(agent, url);
}

}  // namespace

// RFC 9309 §2.2.1: the product token is the leading [a-zA-Z_-] run of the User-Agent.
TEST_CASE("ProductToken extracts the product token of a User-Agent", "[crawler]") {
  CHECK(ProductToken("pressoir/0.1 (+https://example.org/bot)") == "pressoir");
  CHECK(ProductToken("Googlebot-News") == "Googlebot-News");
  CHECK(ProductToken("  my_bot 2.0") == "my_bot");
  CHECK(ProductToken("/0.1").empty());
  CHECK(ProductToken("").empty());
}

// RFC 9309 §2.2.1: case-insensitive match of the product token selects the group; without
// a match the "*" group applies; without either, everything is allowed.
TEST_CASE("Group selection by product token with * fallback", "[crawler]") {
  const std::string body =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: PressOir\n"
      "Disallow: /private\n";

  SECTION("the agent's own group is used, case-insensitively, from a full UA string") {
    CHECK(Allowed(body, "/news/1"));
    CHECK_FALSE(Allowed(body, "/private/x"));
    CHECK(Allowed(body, "/news/1", "PRESSOIR"));
  }
  SECTION("other agents fall back to *") { CHECK_FALSE(Allowed(body, "/news/1", "otherbot/1.0")); }
  SECTION("an empty agent only gets *") { CHECK_FALSE(Allowed(body, "/news/1", "")); }
  SECTION("the specific group replaces * entirely, even when it has no rules") {
    const std::string lenient = "User-agent: *\nDisallow: /\n\nUser-agent: pressoir\nAllow: /x\n";
    CHECK(Allowed(lenient, "/anything"));
  }
  SECTION("no matching group and no * group allows everything") {
    CHECK(Allowed("User-agent: otherbot\nDisallow: /\n", "/a"));
    CHECK(Allowed("", "/a"));
  }
  SECTION("a versioned user-agent value names its product token") {
    CHECK_FALSE(Allowed("User-agent: pressoir/2.0\nDisallow: /\n", "/a"));
  }
}

// RFC 9309 §2.2.1 (issue 13, item 14): a group applies when its user-agent value, read up to
// its first character outside [a-zA-Z_-], equals the product token; a shorter value, or one
// with a trailing '*', is not a prefix pattern.
TEST_CASE("Group selection matches the whole product token, never a prefix", "[crawler]") {
  const std::string body =
      "User-agent: *\n"
      "Disallow: /star\n"
      "\n"
      "User-agent: press\n"
      "Disallow: /press\n"
      "\n"
      "User-agent: pressoir\n"
      "Disallow: /pressoir\n"
      "\n"
      "User-agent: pressoir-news\n"
      "Disallow: /news\n";

  CHECK_FALSE(Allowed(body, "/pressoir"));
  CHECK(Allowed(body, "/press"));  // "press" names another product
  CHECK(Allowed(body, "/star"));
  CHECK(Allowed(body, "/news"));  // a value longer than the token does not match

  SECTION("a prefix value alone does not match: the * group applies") {
    CHECK(Allowed("User-agent: *\nDisallow: /a\n\nUser-agent: press\nDisallow: /b\n", "/b"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a\n\nUser-agent: press\nDisallow: /b\n", "/a"));
  }
  SECTION("User-agent: barbarbot* names barbarbot, not barbarbot-prod") {
    const std::string starred = "User-agent: barbarbot*\nDisallow: /\n";
    CHECK(Allowed(starred, "/a", "barbarbot-prod"));
    CHECK(Allowed(starred, "/a", "barbarbot-prod/1.0 (+https://example.org/bot)"));
    CHECK_FALSE(Allowed(starred, "/a", "barbarbot"));
    CHECK_FALSE(Allowed(starred, "/a", "BarBarBot/2.1"));
    const std::string with_star_group = "User-agent: *\nDisallow: /star\n\nUser-agent: barbarbot*\nDisallow: /b\n";
    CHECK_FALSE(Allowed(with_star_group, "/star", "barbarbot-prod"));
    CHECK(Allowed(with_star_group, "/b", "barbarbot-prod"));
  }
}

// RFC 9309 §2.2.1: "If there is more than one group matching the user-agent, the matching
// groups' rules MUST be combined into one group".
TEST_CASE("Groups for the same agent are merged", "[crawler]") {
  const std::string body =
      "User-agent: pressoir\n"
      "Disallow: /a\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /star1\n"
      "\n"
      "user-agent: PRESSOIR\n"
      "Disallow: /b\n"
      "Allow: /a/open\n"
      "\n"
      "User-agent: *\n"
      "Disallow: /star2\n";

  CHECK_FALSE(Allowed(body, "/a/x"));
  CHECK_FALSE(Allowed(body, "/b"));
  CHECK(Allowed(body, "/a/open/1"));  // an Allow of one group beats a Disallow of another
  CHECK(Allowed(body, "/star1"));

  SECTION("* groups merge as well") {
    CHECK_FALSE(Allowed(body, "/star1", "otherbot"));
    CHECK_FALSE(Allowed(body, "/star2", "otherbot"));
    CHECK(Allowed(body, "/a", "otherbot"));
  }
}

// RFC 9309 §2.1: consecutive user-agent lines share one group; a user-agent line after a
// rule starts a new group; rules outside any group are ignored.
TEST_CASE("Group boundaries", "[crawler]") {
  SECTION("consecutive user-agent lines share the rules that follow") {
    const std::string body = "User-agent: alpha\nUser-agent: pressoir\nDisallow: /shared\n";
    CHECK_FALSE(Allowed(body, "/shared"));
    CHECK_FALSE(Allowed(body, "/shared", "alpha"));
  }
  SECTION("a user-agent line after a rule starts a new group") {
    const std::string body = "User-agent: alpha\nDisallow: /a\nUser-agent: pressoir\nDisallow: /p\n";
    CHECK(Allowed(body, "/a"));
    CHECK_FALSE(Allowed(body, "/p"));
    CHECK(Allowed(body, "/p", "alpha"));
  }
  SECTION("Sitemap, unknown lines and comments between user-agent lines do not split a group") {
    const std::string body =
        "User-agent: alpha\n"
        "Sitemap: https://example.org/sitemap.xml\n"
        "# comment\n"
        "Noindex: /x\n"
        "User-agent: pressoir\n"
        "Disallow: /shared\n";
    CHECK_FALSE(Allowed(body, "/shared"));
    CHECK_FALSE(Allowed(body, "/shared", "alpha"));
  }
  SECTION("rules before the first user-agent line are ignored") {
    CHECK(Allowed("Disallow: /\nUser-agent: other\nDisallow: /\n", "/a"));
  }
}

// RFC 9309 §2.2.2: "the most specific match found MUST be used. The most specific match is
// the match that has the most octets."
TEST_CASE("The longest matching rule wins, whatever its kind or position", "[crawler]") {
  SECTION("a longer Allow beats a shorter Disallow") {
    const std::string body = "User-agent: *\nDisallow: /a\nAllow: /a/b\n";
    CHECK(Allowed(body, "/a/b/c"));
    CHECK_FALSE(Allowed(body, "/a/c"));
  }
  SECTION("a longer Disallow beats a shorter Allow, in either order") {
    CHECK_FALSE(Allowed("User-agent: *\nAllow: /a\nDisallow: /a/b\n", "/a/b"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a/b\nAllow: /a\n", "/a/b"));
    CHECK(Allowed("User-agent: *\nDisallow: /a/b\nAllow: /a\n", "/a/c"));
  }
  SECTION("Allow: / with a narrower Disallow") {
    const std::string body = "User-agent: *\nAllow: /\nDisallow: /admin\n";
    CHECK(Allowed(body, "/"));
    CHECK_FALSE(Allowed(body, "/admin/login"));
  }
}

// RFC 9309 §2.2.2: "If an allow rule and a disallow rule are equivalent, then the allow rule
// SHOULD be used."
TEST_CASE("Equal-length Allow and Disallow: Allow wins", "[crawler]") {
  CHECK(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
  CHECK(Allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"));
  // Different patterns of the same length that both match.
  CHECK(Allowed("User-agent: *\nDisallow: /a$\nAllow: /a*\n", "/a"));
}

// RFC 9309 §2.2.3: "*" matches any sequence of characters, "$" ends the pattern.
TEST_CASE("Wildcards * and $", "[crawler]") {
  SECTION("* in the middle and a trailing * that changes nothing") {
    const std::string body = "User-agent: *\nDisallow: /*/private/\nDisallow: /fish*\n";
    CHECK_FALSE(Allowed(body, "/a/b/private/x"));
    CHECK(Allowed(body, "/private/x"));
    CHECK_FALSE(Allowed(body, "/fish"));
    CHECK_FALSE(Allowed(body, "/fish.html"));
    CHECK(Allowed(body, "/Fish"));  // paths are case-sensitive
  }
  SECTION("$ anchors the end of the path") {
    const std::string body = "User-agent: *\nDisallow: /*.php$\nDisallow: /exact$\n";
    CHECK_FALSE(Allowed(body, "/index.php"));
    CHECK_FALSE(Allowed(body, "/a/b.php"));
    CHECK(Allowed(body, "/index.php?x=1"));
    CHECK(Allowed(body, "/index.php5"));
    CHECK_FALSE(Allowed(body, "/exact"));
    CHECK(Allowed(body, "/exactly"));
  }
  SECTION("the segments before and after a * may not overlap") {
    const std::string body = "User-agent: *\nDisallow: /a*ab$\n";
    CHECK(Allowed(body, "/ab"));
    CHECK_FALSE(Allowed(body, "/aab"));
    CHECK_FALSE(Allowed(body, "/a/x/ab"));
  }
  SECTION("a $ that is not last is a literal character") {
    const std::string body = "User-agent: *\nDisallow: /a$b\n";
    CHECK_FALSE(Allowed(body, "/a$b"));
    CHECK(Allowed(body, "/a"));
  }
  SECTION("a literal * in the URL matches %2A in a pattern") {
    const std::string body = "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n";
    CHECK_FALSE(Allowed(body, "https://www.example.com/path/file-with-a-*.html"));
    CHECK(Allowed(body, "/path/file-with-a-b.html"));
  }
  SECTION("many wildcards on a long path do not blow up") {
    const std::string body = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n";
    const std::string path = "/" + std::string(200000, 'a');
    const auto start = std::chrono::steady_clock::now();
    CHECK(Allowed(body, path));
    CHECK_FALSE(Allowed(body, path + "b"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  }
}

// RFC 9309 §2.2.2: octets are compared after consistent percent-encoding; unreserved
// characters are equivalent to their %XX form, hex case does not matter, and UTF-8
// characters equal their %-encoded bytes.
TEST_CASE("Percent-encoding equivalence of patterns and paths", "[crawler]") {
  SECTION("hex digits are case-insensitive") {
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a%3cd\n", "/a%3Cd"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a%3Cd\n", "/a%3cd"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /a%3Cd\n", "/a<d"));
  }
  SECTION("%7E is ~") {
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /%7Ejoe\n", "/~joe/index.html"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /~joe\n", "/%7ejoe/index.html"));
  }
  SECTION("UTF-8 characters equal their encoded bytes") {
    // The RFC's own example: /foo/bar/ツ is /foo/bar/%E3%83%84.
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n", "https://example.com/foo/bar/%E3%83%84"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "/foo/bar/\xE3\x83\x84"));
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", "/foo/bar/\xE3\x83\x84"));
  }
  SECTION("reserved characters stay distinct from their encoded form") {
    CHECK(Allowed("User-agent: *\nDisallow: /a/b\n", "/a%2Fb"));
  }
  SECTION("equivalent rules have the same specificity") {
    // "/%7Ejoe" and "/~joe" are the same rule, so the tie goes to Allow.
    CHECK(Allowed("User-agent: *\nDisallow: /%7Ejoe\nAllow: /~joe\n", "/~joe"));
  }
}

// RFC 9309 §2.2.2: rules match the URI's path with its query (the fragment is not sent);
// scheme and host are not part of the match.
TEST_CASE("Matching uses path and query of the URL", "[crawler]") {
  const std::string body =
      "User-agent: *\n"
      "Disallow: /*?sessionid=\n"
      "Disallow: /search?\n"
      "Disallow: /$\n";
  CHECK_FALSE(Allowed(body, "https://example.com/a?sessionid=1"));
  CHECK_FALSE(Allowed(body, "/search?q=x"));
  CHECK(Allowed(body, "/search"));
  CHECK(Allowed(body, "https://example.com/page#?sessionid=1"));
  CHECK_FALSE(Allowed(body, "https://example.com"));  // empty path is "/"
  CHECK_FALSE(Allowed(body, "HTTPS://example.com/"));
  CHECK(Allowed(body, "https://example.com/?x"));
  CHECK(Allowed(body, "/redirect?to=http://example.com/"));
  CHECK_FALSE(Allowed(body, "//example.com/a?sessionid=2"));
}

// RFC 9309 §2.2.2: an empty Disallow value disallows nothing.
TEST_CASE("Empty Disallow allows everything", "[crawler]") {
  CHECK(Allowed("User-agent: *\nDisallow:\n", "/anything"));
  CHECK(Allowed("User-agent: *\nDisallow: \n", "/"));
  SECTION("it still ends the list of user-agent lines") {
    const std::string body = "User-agent: pressoir\nDisallow:\nUser-agent: other\nDisallow: /\n";
    CHECK(Allowed(body, "/a"));
    CHECK_FALSE(Allowed(body, "/a", "other"));
  }
}

// RFC 9309 §2.2.2: "The /robots.txt URI is implicitly allowed."
TEST_CASE("/robots.txt is always allowed", "[crawler]") {
  CHECK(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
  CHECK(Allowed("User-agent: *\nDisallow: /robots.txt\n", "https://example.com/robots.txt"));
  CHECK(RobotsTxt::DisallowAll().IsAllowed(kAgent, "/robots.txt"));
  CHECK_FALSE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt.bak"));
}

// RFC 9309 §2.3.1: 2xx is parsed; 4xx is "unavailable" (allow all); 5xx and network
// errors are "unreachable" (disallow all); redirects are followed by the fetcher (§2.3.1.2).
TEST_CASE("Fetch status decides the policy", "[crawler]") {
  const std::string body = "User-agent: *\nDisallow: /private\n";

  SECTION("2xx parses the body") {
    const RobotsTxt robots = RobotsTxt::ForStatus(200, body);
    CHECK_FALSE(robots.allow_all());
    CHECK_FALSE(robots.disallow_all());
    CHECK_FALSE(robots.IsAllowed(kAgent, "/private"));
    CHECK(robots.IsAllowed(kAgent, "/public"));
  }
  SECTION("4xx (including 401 and 403) allows everything") {
    for (int status : {400, 401, 403, 404, 410, 451}) {
      const RobotsTxt robots = RobotsTxt::ForStatus(status, body);
      CHECK(robots.allow_all());
      CHECK_FALSE(robots.disallow_all());
      CHECK(robots.IsAllowed(kAgent, "/private"));
    }
  }
  SECTION("5xx, 429 and network errors disallow everything but /robots.txt") {
    for (int status : {0, 429, 500, 502, 503, 599}) {
      const RobotsTxt robots = RobotsTxt::ForStatus(status, body);
      CHECK(robots.disallow_all());
      CHECK_FALSE(robots.allow_all());
      CHECK_FALSE(robots.IsAllowed(kAgent, "/public"));
      CHECK(robots.IsAllowed(kAgent, "/robots.txt"));
      CHECK_FALSE(robots.CrawlDelay(kAgent).has_value());
    }
  }
  SECTION("a 3xx left after the fetcher's redirect limit is unavailable") {
    CHECK(RobotsTxt::ForStatus(301, "").allow_all());
  }
  SECTION("Disallow: / in a 2xx body is a rule, not the unreachable state") {
    const RobotsTxt robots = RobotsTxt::ForStatus(200, "User-agent: *\nDisallow: /\n");
    CHECK_FALSE(robots.disallow_all());
    CHECK_FALSE(robots.IsAllowed(kAgent, "/a"));
  }
}

// Crawl-delay is not in RFC 9309; §2.2.4 lets crawlers interpret other records. It follows
// the group selection of §2.2.1.
TEST_CASE("Crawl-delay parsing", "[crawler]") {
  SECTION("integer and decimal seconds") {
    CHECK(RobotsTxt::Parse("User-agent: *\nCrawl-delay: 10\n").CrawlDelay(kAgent) == 10.0);
    CHECK(RobotsTxt::Parse("User-agent: *\ncrawl-delay: 1.5\n").CrawlDelay(kAgent) == 1.5);
    CHECK(RobotsTxt::Parse("User-agent: *\nCrawl-delay: .5\n").CrawlDelay(kAgent) == 0.5);
  }
  SECTION("huge values are clamped to one day") {
    const std::string body = "User-agent: *\nCrawl-delay: " + std::string(400, '9') + "\n";
    CHECK(RobotsTxt::Parse(body).CrawlDelay(kAgent) == kMaxCrawlDelaySeconds);
    CHECK(RobotsTxt::Parse("User-agent: *\nCrawl-delay: 100000\n").CrawlDelay(kAgent) == kMaxCrawlDelaySeconds);
    CHECK(RobotsTxt::Parse("User-agent: *\nCrawl-delay: 0086400.0\n").CrawlDelay(kAgent) == 86400.0);
  }
  SECTION("garbage is ignored") {
    for (const char* value : {"abc", "-1", "+1", "1e3", "10s", "1,5", "", ".", "1.2.3", "inf", "nan"}) {
      INFO(value);
      const std::string body = std::string("User-agent: *\nCrawl-delay: ") + value + "\n";
      CHECK_FALSE(RobotsTxt::Parse(body).CrawlDelay(kAgent).has_value());
    }
  }
  SECTION("follows the agent's group; none when that group sets none") {
    const std::string body =
        "User-agent: *\nCrawl-delay: 30\n\n"
        "User-agent: pressoir\nDisallow: /x\n\n"
        "User-agent: slowbot\nCrawl-delay: 7\nCrawl-delay: 5\n";
    const RobotsTxt robots = RobotsTxt::Parse(body);
    CHECK_FALSE(robots.CrawlDelay(kAgent).has_value());
    CHECK(robots.CrawlDelay("otherbot") == 30.0);
    CHECK(robots.CrawlDelay("slowbot") == 7.0);  // the largest value wins
  }
  SECTION("a Crawl-delay line ends the user-agent lines of its group") {
    const RobotsTxt robots = RobotsTxt::Parse("User-agent: a\nCrawl-delay: 2\nUser-agent: pressoir\nDisallow: /\n");
    CHECK_FALSE(robots.CrawlDelay(kAgent).has_value());
    CHECK(robots.IsAllowed("a", "/x"));
  }
}

// RFC 9309 §2.2.4: Sitemap records are not tied to any user agent.
TEST_CASE("Sitemap lines are collected from anywhere", "[crawler]") {
  const RobotsTxt robots = RobotsTxt::Parse(
      "Sitemap: https://example.com/sitemap-1.xml\n"
      "User-agent: otherbot\n"
      "Disallow: /\n"
      "SITEMAP: http://example.com/news.xml  # trailing comment\n"
      "Sitemap: /relative.xml\n"
      "Sitemap: https://example.com/sitemap-1.xml\n"
      "User-agent: *\n"
      "site-map: https://cdn.example.com/s.xml.gz\n");
  CHECK(robots.sitemaps() == std::vector<std::string>{"https://example.com/sitemap-1.xml",
                                                      "http://example.com/news.xml",
                                                      "https://cdn.example.com/s.xml.gz"});
  // The Sitemap line between "User-agent: otherbot" rules did not open a new group.
  CHECK(robots.IsAllowed(kAgent, "/a"));
  CHECK_FALSE(robots.IsAllowed("otherbot", "/a"));
}

// RFC 9309 §2.5: crawlers MUST parse at least 500 KiB and MAY ignore the rest.
TEST_CASE("Content beyond 500 KiB is ignored", "[crawler]") {
  std::string body = "User-agent: *\nDisallow: /early\n";
  const std::string filler = "# " + std::string(97, 'x') + "\n";  // 100 bytes
  while (body.size() + filler.size() <= kMaxRobotsBytes - 8) body += filler;

  SECTION("rules after the limit do not apply") {
    std::string padded = body;
    padded += std::string(kMaxRobotsBytes - padded.size(), '\n');
    padded += "Disallow: /late\n";
    const RobotsTxt robots = RobotsTxt::Parse(padded);
    CHECK(robots.truncated());
    CHECK_FALSE(robots.IsAllowed(kAgent, "/early"));
    CHECK(robots.IsAllowed(kAgent, "/late"));
  }
  SECTION("a line cut by the limit is dropped, not shortened") {
    // "Allow: /private" straddles the limit; parsed as "Allow: /" it would open everything.
    std::string cut = body + "Disallow: /\n";
    cut += std::string(kMaxRobotsBytes - cut.size() - 8, '\n');
    cut += "Allow: /private\n";
    REQUIRE(cut.size() > kMaxRobotsBytes);
    const RobotsTxt robots = RobotsTxt::Parse(cut);
    CHECK(robots.truncated());
    CHECK_FALSE(robots.IsAllowed(kAgent, "/p"));
    CHECK_FALSE(robots.IsAllowed(kAgent, "/private"));
  }
  SECTION("a body of exactly 500 KiB is read whole, up to its last line") {
    std::string exact = body;
    const std::string last = "Disallow: /last\n";
    exact += std::string(kMaxRobotsBytes - exact.size() - last.size(), '\n');
    exact += last;
    REQUIRE(exact.size() == kMaxRobotsBytes);
    const RobotsTxt robots = RobotsTxt::Parse(exact);
    CHECK_FALSE(robots.truncated());
    CHECK_FALSE(robots.IsAllowed(kAgent, "/last"));
  }
}

// RFC 9309 §2.2: lines end with CR, LF or CRLF; the file is UTF-8 and may start with a BOM;
// keys are case-insensitive; "#" starts a comment. Typos are accepted as google/robotstxt
// does (§2.2.4 leaves other records to the crawler).
TEST_CASE("Tolerant line parsing", "[crawler]") {
  SECTION("CRLF, lone CR and LF line ends, and a byte order mark") {
    const std::string body = "\xEF\xBB\xBFUser-agent: *\r\nDisallow: /a\rDisallow: /b\nDisallow: /c\r\n\r\nAllow: /d";
    CHECK_FALSE(Allowed(body, "/a"));
    CHECK_FALSE(Allowed(body, "/b"));
    CHECK_FALSE(Allowed(body, "/c"));
    CHECK(Allowed(body, "/e"));
  }
  SECTION("key case, typos and a missing colon") {
    CHECK_FALSE(Allowed("USER-AGENT: *\nDISALLOW: /a\n", "/a"));
    CHECK_FALSE(Allowed("useragent: *\ndisallow: /a\n", "/a"));
    CHECK_FALSE(Allowed("user agent: *\ndissallow: /a\n", "/a"));
    CHECK_FALSE(Allowed("User-agent *\nDisallow /a\n", "/a"));
  }
  SECTION("comments and surrounding whitespace") {
    const std::string body =
        "# robots for example.com\n"
        "  User-agent:\tpressoir   # us\n"
        "\tDisallow:   /tmp/   # scratch\n";
    CHECK_FALSE(Allowed(body, "/tmp/x"));
    CHECK(Allowed(body, "/tmp"));
  }
  SECTION("patterns without a leading slash are rooted") {
    CHECK_FALSE(Allowed("User-agent: *\nDisallow: private/\n", "/private/x"));
  }
  SECTION("binary garbage does not break parsing") {
    std::string body = "User-agent: *\n";
    body += std::string("\0\x01\xFF:\xFE\n", 6);
    body += "Disallow: /a\n";
    CHECK_FALSE(Allowed(body, "/a"));
  }
}

}  // namespace pressoir::robots

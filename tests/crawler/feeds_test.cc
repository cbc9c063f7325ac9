// Tests for feed and sitemap discovery (crawler/feeds.h): RSS 2.0 (rssboard.org), RSS 1.0
// (web.resource.org/rss/1.0/spec), Atom (RFC 4287), sitemaps.org 0.9, Google News sitemaps,
// and the limits that keep hostile documents (gzip bombs, billion laughs) harmless.
#include "crawler/feeds.h"

// zlib's next_in is const when ZLIB_CONST is defined.
#define ZLIB_CONST
#include <zlib.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace pressoir::feeds {
namespace {

// gzip (RFC 1952) of the concatenation of `repeat` copies of `text`, compressed as a stream
// so a huge input never sits in memory.
std::string Gzip(std::string_view text, std::size_t repeat = 1) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out;
  std::array<unsigned char, 64 * 1024> buffer;
  for (std::size_t i = 0; i < repeat; ++i) {
    bool last = i + 1 == repeat;
    stream.next_in = reinterpret_cast<const Bytef*>(text.data());
    stream.avail_in = static_cast<uInt>(text.size());
    int rc = Z_OK;
    do {
      stream.next_out = buffer.data();
      stream.avail_out = static_cast<uInt>(buffer.size());
      rc = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0 || (last && rc != Z_STREAM_END));
  }
  deflateEnd(&stream);
  return out;
}

std::vector<std::string> Urls(const Discovery& discovery) {
  std::vector<std::string> urls;
  for (const DiscoveredUrl& found : discovery.urls) urls.push_back(found.url);
  return urls;
}

using Strings = std::vector<std::string>;

constexpr char kRss2[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Le Journal</title>
    <link>https://news.test/</link>
    <item>
      <title>Grève &amp; manifestation</title>
      <link>https://news.test/politique/greve.html</link>
      <guid isPermaLink="false">urn:uuid:1234</guid>
      <pubDate>Tue, 05 Mar 2024 14:30:00 +0100</pubDate>
      <media:title>not the title</media:title>
    </item>
    <item>
      <title><![CDATA[Un <b>titre</b> en CDATA]]></title>
      <guid>https://news.test/economie/budget.html</guid>
      <pubDate>5 Mar 24 09:05 GMT</pubDate>
    </item>
    <item>
      <title>
        Sur
        deux lignes
      </title>
      <link>
        /culture/expo.html?utm_source=rss
      </link>
      <dc:date>2024-03-04T08:00:00Z</dc:date>
    </item>
    <item>
      <title>No URL: a non-permalink guid</title>
      <guid isPermaLink="false">https://news.test/not-a-permalink</guid>
    </item>
    <item>
      <title>Not http</title>
      <link>javascript:alert(1)</link>
    </item>
    <item>
      <link><![CDATA[https://news.test/sport/match.html?a=1&b=2]]></link>
      <pubDate>Wed, 06 Mar 2024 23:59:59 EST</pubDate>
    </item>
  </channel>
</rss>
)";

// RSS 2.0: an item's URL is its <link>, else its <guid> unless isPermaLink="false"; <pubDate>
// is an RFC 822 date (RSS 2.0 spec, "Elements of <item>"). The channel's own link is not an
// article.
TEST_CASE("RSS 2.0 items give their link, title and date", "[crawler]") {
  Discovery d = Parse(kRss2, "https://news.test/rss.xml");
  CHECK(d.kind == DocumentKind::kRss);
  CHECK(d.error.empty());
  CHECK(Urls(d) == Strings{"https://news.test/politique/greve.html", "https://news.test/economie/budget.html",
                           "https://news.test/culture/expo.html", "https://news.test/sport/match.html?a=1&b=2"});
  REQUIRE(d.urls.size() == 4);
  CHECK(d.urls[0].title == "Grève & manifestation");
  CHECK(d.urls[0].published == "2024-03-05T14:30:00+01:00");
  CHECK(d.urls[0].lastmod.empty());
  CHECK(d.urls[1].title == "Un <b>titre</b> en CDATA");
  CHECK(d.urls[1].published == "2024-03-05T09:05:00Z");  // RFC 2822 §4.3: "24" is 2024
  CHECK(d.urls[2].title == "Sur deux lignes");
  CHECK(d.urls[2].published == "2024-03-04T08:00:00Z");  // dc:date, ISO 8601 already
  CHECK(d.urls[3].title.empty());
  CHECK(d.urls[3].published == "2024-03-06T23:59:59-05:00");
}

// RFC 822 §5.1 and RFC 2822 §3.3 dates as feeds really write them.
TEST_CASE("RSS pubDate variants convert to ISO 8601", "[crawler]") {
  auto published = [](std::string_view pub_date) {
    std::string feed = "<rss><channel><item><link>https://news.test/a</link><pubDate>" + std::string(pub_date) +
                       "</pubDate></item></channel></rss>";
    Discovery d = Parse(feed, "https://news.test/");
    REQUIRE(d.urls.size() == 1);
    return d.urls[0].published;
  };
  CHECK(published("Tue, 05 Mar 2024 14:30:00 GMT") == "2024-03-05T14:30:00Z");
  CHECK(published("Tue,05 Mar 2024 14:30 +0000") == "2024-03-05T14:30:00+00:00");
  CHECK(published("mardi, 5 mars 2024 14:30:00 CET") == "2024-03-05T14:30:00+01:00");
  CHECK(published("Sun, 31 Dec 1999 23:59:60 -0330") == "1999-12-31T23:59:60-03:30");
  CHECK(published("Tue, 05 Mar 2024 14:30:00 +01:00") == "2024-03-05T14:30:00+01:00");
  CHECK(published("05 Mar 2024 14:30:00 -0000") == "2024-03-05T14:30:00");  // -0000: zone unknown
  CHECK(published("05 Mar 2024 14:30:00") == "2024-03-05T14:30:00");
  CHECK(published("2024-03-05T14:30:00+01:00") == "2024-03-05T14:30:00+01:00");  // ISO in pubDate
  CHECK(published("yesterday").empty());
  CHECK(published("Tue, 32 Mar 2024 14:30:00 GMT").empty());
  CHECK(published("Tue, 05 Foo 2024 14:30:00 GMT").empty());
  CHECK(published("Tue, 05 Mar 2024 25:30:00 GMT").empty());
}

// RSS 1.0: items are children of rdf:RDF, in the RSS 1.0 namespace; <link> is required, and
// rdf:about names the item (a URL by convention).
TEST_CASE("RSS 1.0 (RDF) items are found", "[crawler]") {
  constexpr char kRdf[] = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.test/rdf">
    <title>Le Journal</title>
    <link>https://news.test/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://news.test/a.html"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://news.test/a.html">
    <title>Premier</title>
    <link>https://news.test/a.html</link>
    <dc:date>2024-03-05T10:00:00+01:00</dc:date>
  </item>
  <item rdf:about="https://news.test/b.html">
    <title>Second, sans link</title>
  </item>
</rdf:RDF>
)";
  Discovery d = Parse(kRdf, "https://news.test/rdf");
  CHECK(d.kind == DocumentKind::kRss);
  CHECK(d.error.empty());
  CHECK(Urls(d) == Strings{"https://news.test/a.html", "https://news.test/b.html"});
  REQUIRE(d.urls.size() == 2);
  CHECK(d.urls[0].title == "Premier");
  CHECK(d.urls[0].published == "2024-03-05T10:00:00+01:00");
}

// RFC 4287 §4.2.7.2: a link with no rel is rel="alternate", the entry's page; self, edit,
// enclosure and related links are not. §2 and XML Base: xml:base sets the base of relative
// hrefs, nesting (feed, then entry). §4.2.9, §4.2.15: published and updated.
TEST_CASE("Atom entries give their alternate link, resolved with xml:base", "[crawler]") {
  constexpr char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<a:feed xmlns:a="http://www.w3.org/2005/Atom" xml:base="https://news.test/fr/">
  <a:title>Le Journal</a:title>
  <a:link rel="self" href="https://news.test/atom.xml"/>
  <a:link href="https://news.test/"/>
  <a:entry>
    <a:title type="html">Premier &lt;i&gt;article&lt;/i&gt;</a:title>
    <a:link rel="edit" href="/edit/1"/>
    <a:link rel="enclosure" type="audio/mpeg" href="/podcast.mp3"/>
    <a:link rel="alternate" type="application/pdf" href="premier.pdf"/>
    <a:link rel="alternate" type="text/html" href="premier.html"/>
    <a:id>tag:news.test,2024:1</a:id>
    <a:published>2024-03-05T10:00:00+01:00</a:published>
    <a:updated>2024-03-06T08:00:00Z</a:updated>
  </a:entry>
  <a:entry xml:base="/en/world/">
    <a:title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Second <b>one</b></div></a:title>
    <a:link href="second.html"/>
    <a:updated>2024-03-07</a:updated>
  </a:entry>
  <a:entry>
    <a:title>Only a self link</a:title>
    <a:link rel="self" href="/self/3"/>
  </a:entry>
  <a:entry>
    <a:title>Link with its own base</a:title>
    <a:link xml:base="https://other.test/x/" href="fourth.html"/>
  </a:entry>
</a:feed>
)";
  Discovery d = Parse(kAtom, "https://news.test/atom.xml");
  CHECK(d.kind == DocumentKind::kAtom);
  CHECK(d.error.empty());
  CHECK(Urls(d) == Strings{"https://news.test/fr/premier.html", "https://news.test/en/world/second.html",
                           "https://other.test/x/fourth.html"});
  REQUIRE(d.urls.size() == 3);
  CHECK(d.urls[0].title == "Premier <i>article</i>");
  CHECK(d.urls[0].published == "2024-03-05T10:00:00+01:00");
  CHECK(d.urls[0].lastmod == "2024-03-06T08:00:00Z");
  CHECK(d.urls[1].title == "Second one");
  CHECK(d.urls[1].published.empty());
  CHECK(d.urls[1].lastmod == "2024-03-07");
}

// sitemaps.org 0.9: <urlset><url><loc/><lastmod/></url>; <lastmod> is W3C datetime. The image
// and video extensions have their own <image:loc> and <video:*_loc>, which are not pages.
TEST_CASE("sitemap urlset gives locations and lastmod", "[crawler]") {
  constexpr char kUrlset[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <url>
    <loc>https://news.test/a.html</loc>
    <lastmod>2024-03-05T10:00:00+01:00</lastmod>
    <changefreq>daily</changefreq>
    <image:image><image:loc>https://cdn.news.test/a.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>  https://news.test/b.html
    </loc>
    <video:video><video:content_loc>https://cdn.news.test/b.mp4</video:content_loc>
      <video:title>video title</video:title></video:video>
  </url>
  <url><loc>relative/c.html</loc><lastmod>not a date</lastmod></url>
</urlset>
)";
  Discovery d = Parse(kUrlset, "https://news.test/sitemaps/sitemap.xml");
  CHECK(d.kind == DocumentKind::kSitemapUrlset);
  CHECK(d.error.empty());
  CHECK(Urls(d) ==
        Strings{"https://news.test/a.html", "https://news.test/b.html", "https://news.test/sitemaps/relative/c.html"});
  REQUIRE(d.urls.size() == 3);
  CHECK(d.urls[0].lastmod == "2024-03-05T10:00:00+01:00");
  CHECK(d.urls[1].lastmod.empty());
  CHECK(d.urls[1].title.empty());
  CHECK(d.urls[2].lastmod.empty());
  CHECK(d.sitemaps.empty());
}

// sitemaps.org 0.9 "Using Sitemap index files": <sitemapindex><sitemap><loc/></sitemap>.
TEST_CASE("sitemap index lists child sitemaps", "[crawler]") {
  constexpr char kIndex[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.test/sitemap-2024-03.xml.gz</loc><lastmod>2024-03-05</lastmod></sitemap>
  <sitemap><loc>/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>https://news.test/sitemap-2024-03.xml.gz</loc></sitemap>
</sitemapindex>
)";
  Discovery d = Parse(kIndex, "https://news.test/sitemap_index.xml");
  CHECK(d.kind == DocumentKind::kSitemapIndex);
  CHECK(d.error.empty());
  CHECK(d.urls.empty());
  CHECK(d.sitemaps == Strings{"https://news.test/sitemap-2024-03.xml.gz", "https://news.test/sitemap-news.xml"});
}

// Google News sitemaps (developers.google.com/search/docs/crawling-indexing/sitemaps/
// news-sitemap): <news:news><news:publication_date/><news:title/></news:news> inside <url>.
TEST_CASE("Google News sitemap gives titles and publication dates", "[crawler]") {
  constexpr char kNews[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:n="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.test/business/article55.html</loc>
    <n:news>
      <n:publication>
        <n:name>The Example Times</n:name>
        <n:language>en</n:language>
      </n:publication>
      <n:publication_date>2008-12-23</n:publication_date>
      <n:title>Companies A, B in Merger Talks</n:title>
    </n:news>
  </url>
</urlset>
)";
  Discovery d = Parse(kNews, "https://news.test/news-sitemap.xml");
  CHECK(d.kind == DocumentKind::kSitemapUrlset);
  CHECK(d.error.empty());
  REQUIRE(d.urls.size() == 1);
  CHECK(d.urls[0].url == "https://news.test/business/article55.html");
  CHECK(d.urls[0].title == "Companies A, B in Merger Talks");
  CHECK(d.urls[0].published == "2008-12-23");

  SECTION("an undeclared news: prefix is reported but still read") {
    constexpr char kUndeclared[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://news.test/a.html</loc>
    <news:news><news:publication_date>2024-03-05T10:00:00Z</news:publication_date>
      <news:title>Titre</news:title></news:news>
  </url>
</urlset>
)";
    Discovery lenient = Parse(kUndeclared, "https://news.test/news-sitemap.xml");
    CHECK(lenient.kind == DocumentKind::kSitemapUrlset);
    CHECK(lenient.error == "line 5: unbound prefix");
    REQUIRE(lenient.urls.size() == 1);
    CHECK(lenient.urls[0].title == "Titre");
    CHECK(lenient.urls[0].published == "2024-03-05T10:00:00Z");
  }
}

constexpr char kSmallSitemap[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.test/a.html</loc></url>
  <url><loc>https://news.test/b.html</loc></url>
</urlset>
)";

// sitemaps.org: "You can compress your Sitemap files using gzip"; servers send them as
// application/x-gzip with no Content-Encoding, so the body arrives compressed.
TEST_CASE("gzip sitemaps are inflated", "[crawler]") {
  std::string compressed = Gzip(kSmallSitemap);
  REQUIRE(static_cast<unsigned char>(compressed[0]) == 0x1f);
  Discovery d = Parse(compressed, "https://news.test/sitemap.xml.gz");
  CHECK(d.kind == DocumentKind::kSitemapUrlset);
  CHECK(d.error.empty());
  CHECK(Urls(d) == Strings{"https://news.test/a.html", "https://news.test/b.html"});

  SECTION("RFC 1952 §2.2: concatenated members form one document") {
    std::string_view text = kSmallSitemap;
    std::size_t half = text.find("<url><loc>https://news.test/b.html");
    std::string two = Gzip(text.substr(0, half)) + Gzip(text.substr(half));
    CHECK(Urls(Parse(two, "https://news.test/")) == Strings{"https://news.test/a.html", "https://news.test/b.html"});
  }
  SECTION("a truncated stream keeps the URLs before the cut") {
    std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (int i = 0; i < 1000; ++i) xml += "<url><loc>https://news.test/" + std::to_string(i * 7919) + "</loc></url>\n";
    xml += "</urlset>\n";
    std::string gzipped = Gzip(xml);
    Discovery partial = Parse(gzipped.substr(0, gzipped.size() / 2), "https://news.test/sitemap.xml.gz");
    CHECK(partial.kind == DocumentKind::kSitemapUrlset);
    CHECK(partial.error.starts_with("gzip: truncated stream; line "));
    CHECK(partial.urls.size() > 100);
    CHECK(partial.urls.size() < 1000);
    CHECK(partial.urls.front().url == "https://news.test/0");
  }
  SECTION("corrupt data is an error") {
    std::string corrupt = compressed;
    for (std::size_t i = 12; i < corrupt.size(); ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
    Discovery bad = Parse(corrupt, "https://news.test/sitemap.xml.gz");
    CHECK(bad.kind == DocumentKind::kUnknown);
    CHECK(bad.error.starts_with("gzip: "));
    CHECK(bad.urls.empty());
  }
}

// A gzip bomb (200 MB of zeros in ~200 KB) stops at max_bytes: memory is bounded by the cap,
// not by the compression ratio.
TEST_CASE("gzip bombs are refused", "[crawler]") {
  static const std::string bomb = Gzip(std::string(1 << 20, '\0'), 200);  // built once, not per section
  REQUIRE(bomb.size() < 1 << 20);
  SECTION("small cap") {
    Discovery d = Parse(bomb, "https://news.test/sitemap.xml.gz", 1 << 20);
    CHECK(d.kind == DocumentKind::kUnknown);
    CHECK(d.error == "gzip: decompressed size exceeds 1048576 bytes");
    CHECK(d.urls.empty());
  }
  SECTION("default cap of 50 MB") {
    Discovery d = Parse(bomb, "https://news.test/sitemap.xml.gz");
    CHECK(d.error == "gzip: decompressed size exceeds 52428800 bytes");
  }
  SECTION("an uncompressed document over the cap") {
    Discovery d = Parse(kSmallSitemap, "https://news.test/sitemap.xml", 100);
    CHECK(d.error == "document exceeds 100 bytes");
    CHECK(d.urls.empty());
  }
}

// Malformed feeds are reported and skipped, not fatal (issue #6): the error names the line,
// and the entries completed before it are kept.
TEST_CASE("malformed XML reports the line and keeps earlier URLs", "[crawler]") {
  SECTION("truncated document") {
    std::string_view text = kSmallSitemap;
    std::string truncated(text.substr(0, text.find("b.html") + 3));
    Discovery d = Parse(truncated, "https://news.test/sitemap.xml");
    CHECK(d.kind == DocumentKind::kSitemapUrlset);
    CHECK(d.error.starts_with("line 4: "));
    CHECK(Urls(d) == Strings{"https://news.test/a.html"});
  }
  SECTION("mismatched tag") {
    constexpr char kBroken[] =
        "<rss><channel>\n"
        "<item><link>https://news.test/1</link></item>\n"
        "<item><link>https://news.test/2</link></item>\n"
        "<item><link>https://news.test/3</lnk></item>\n"
        "<item><link>https://news.test/4</link></item>\n"
        "</channel></rss>\n";
    Discovery d = Parse(kBroken, "https://news.test/rss");
    CHECK(d.kind == DocumentKind::kRss);
    CHECK(d.error == "line 4: mismatched tag");
    CHECK(Urls(d) == Strings{"https://news.test/1", "https://news.test/2"});
  }
  SECTION("an HTML entity XML does not define") {
    Discovery d = Parse("<rss><channel><item><title>a&nbsp;b</title></item></channel></rss>", "https://news.test/");
    CHECK(d.error == "line 1: undefined entity");
  }
  SECTION("elements nested without end") {
    std::string deep = "<feed xmlns='http://www.w3.org/2005/Atom'>";
    for (int i = 0; i < 1000; ++i) deep += "<x>";
    Discovery d = Parse(deep, "https://news.test/");
    CHECK(d.error == "line 1: elements nested deeper than 256");
  }
}

// Billion laughs (CVE-2003-1564 and kin): entity declarations are refused outright, before
// any expansion, so the document costs nothing.
TEST_CASE("entity expansion attacks are refused quickly", "[crawler]") {
  constexpr char kLaughs[] = R"(<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss><channel><item><title>&lol9;</title><link>https://news.test/a</link></item></channel></rss>
)";
  auto start = std::chrono::steady_clock::now();
  Discovery d = Parse(kLaughs, "https://news.test/rss");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(d.error == "line 3: entity declarations are not allowed");
  CHECK(d.urls.empty());
  CHECK(elapsed < std::chrono::seconds(1));

  SECTION("external entities are not loaded either") {
    Discovery external = Parse(
        "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>&x;</title>"
        "</item></channel></rss>",
        "https://news.test/rss");
    CHECK(external.error == "line 1: entity declarations are not allowed");
  }
}

// An HTML page (a soft 404, a paywall page) where a feed was expected is no feed.
TEST_CASE("non-XML and non-feed input gives kUnknown with an error", "[crawler]") {
  SECTION("well-formed XHTML") {
    Discovery d = Parse("<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>Hi</p></body></html>",
                        "https://news.test/");
    CHECK(d.kind == DocumentKind::kUnknown);
    CHECK(d.error == "not a feed or sitemap: root element <html>");
  }
  SECTION("tag soup") {
    Discovery d = Parse("<!doctype html>\n<html lang=fr><body><p>Bonjour<br></body>", "https://news.test/");
    CHECK(d.kind == DocumentKind::kUnknown);
    CHECK(d.error.starts_with("line "));
  }
  SECTION("plain text and empty bodies") {
    CHECK(Parse("Service unavailable", "https://news.test/").error == "line 1: syntax error");
    CHECK(Parse("", "https://news.test/").error == "empty document");
    CHECK(Parse(" \n ", "https://news.test/").kind == DocumentKind::kUnknown);
  }
}

// One article is one URL: entries repeated, or equal after url::Normalize (tracking
// parameters, fragment, case of the host), are kept once, first occurrence first.
TEST_CASE("duplicate URLs are removed", "[crawler]") {
  constexpr char kDuplicates[] = R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.test/a.html</loc><lastmod>2024-03-01</lastmod></url>
  <url><loc>https://NEWS.test/a.html#top</loc><lastmod>2024-03-02</lastmod></url>
  <url><loc>https://news.test/a.html?utm_source=x</loc></url>
  <url><loc>https://news.test/b.html</loc></url>
  <url><loc>https://news.test/a.html</loc></url>
</urlset>)";
  Discovery d = Parse(kDuplicates, "https://news.test/sitemap.xml");
  CHECK(Urls(d) == Strings{"https://news.test/a.html", "https://news.test/b.html"});
  REQUIRE(d.urls.size() == 2);
  CHECK(d.urls[0].lastmod == "2024-03-01");
}

// sitemaps.org: "no more than 50,000 URLs" per sitemap. More are dropped and reported.
TEST_CASE("at most 50,000 URLs are kept per document", "[crawler]") {
  auto sitemap = [](std::size_t count) {
    std::string xml = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (std::size_t i = 0; i < count; ++i)
      xml += "<url><loc>https://news.test/" + std::to_string(i) + "</loc></url>\n";
    return xml + "</urlset>\n";
  };
  Discovery over = Parse(sitemap(kMaxUrls + 10), "https://news.test/sitemap.xml");
  CHECK(over.urls.size() == kMaxUrls);
  CHECK(over.error == "line 50002: more than 50000 URLs, the rest is ignored");
  CHECK(over.urls.back().url == "https://news.test/49999");
}

// expat reads UTF-8, UTF-16 and ISO-8859-1 only; windows-1252 and ISO-8859-15 are added.
TEST_CASE("legacy single-byte encodings are decoded", "[crawler]") {
  std::string feed =
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
      "<rss><channel><item><title>\x93"
      "Caf\xe9\x94 \x80 5</title><link>https://news.test/a</link></item>"
      "</channel></rss>";
  Discovery d = Parse(feed, "https://news.test/");
  CHECK(d.error.empty());
  REQUIRE(d.urls.size() == 1);
  CHECK(d.urls[0].title ==
        "\u201c"
        "Caf\u00e9\u201d \u20ac 5");

  std::string latin9 =
      "<?xml version='1.0' encoding='ISO-8859-15'?><rss><channel><item><title>\xa4\xbd</title>"
      "<link>https://news.test/a</link></item></channel></rss>";
  Discovery d15 = Parse(latin9, "https://news.test/");
  REQUIRE(d15.urls.size() == 1);
  CHECK(d15.urls[0].title == "\u20ac\u0153");

  CHECK(Parse("<?xml version='1.0' encoding='x-klingon'?><rss/>", "https://news.test/").error ==
        "line 1: unknown encoding");
}

TEST_CASE("feeds and sitemaps are recognized by content type or first bytes", "[crawler]") {
  CHECK(LooksLikeFeedOrSitemap("application/rss+xml; charset=utf-8", ""));
  CHECK(LooksLikeFeedOrSitemap("Application/Atom+XML", ""));
  CHECK(LooksLikeFeedOrSitemap("text/xml", ""));
  CHECK(LooksLikeFeedOrSitemap("application/xml", ""));
  CHECK(LooksLikeFeedOrSitemap("application/x-gzip", ""));
  CHECK(LooksLikeFeedOrSitemap("text/plain", "\xEF\xBB\xBF  \n<?xml version=\"1.0\"?><rss/>"));
  CHECK(LooksLikeFeedOrSitemap("", "<rss version=\"2.0\">"));
  CHECK(LooksLikeFeedOrSitemap("", "\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  CHECK(LooksLikeFeedOrSitemap("", "<urlset>"));
  CHECK(LooksLikeFeedOrSitemap("", "<sitemapindex>"));
  CHECK(LooksLikeFeedOrSitemap("application/octet-stream", Gzip("<urlset/>")));
  CHECK_FALSE(LooksLikeFeedOrSitemap("text/html; charset=utf-8", "<!DOCTYPE html><html>"));
  CHECK_FALSE(LooksLikeFeedOrSitemap("", ""));
  CHECK_FALSE(LooksLikeFeedOrSitemap("application/json", "{\"rss\": 1}"));
}

// RSS Autodiscovery (rssboard.org/rss-autodiscovery): <link rel="alternate"
// type="application/rss+xml" href>; the same for Atom (RFC 4287 §7.1 media type).
TEST_CASE("feeds advertised by an HTML page", "[crawler]") {
  std::vector<HtmlLink> links = {
      {"alternate", "application/rss+xml", "/rss.xml"},
      {"Alternate", "Application/Atom+XML; charset=utf-8", "https://news.test/atom.xml"},
      {"stylesheet", "text/css", "/style.css"},
      {"alternate", "text/html", "/en/"},
      {"alternate nofollow", "application/rss+xml", "comments/feed/"},
      {"alternate", "application/rss+xml", "/rss.xml#dup"},
      {"alternate", "application/rss+xml", "javascript:void(0)"},
      {"canonical", "application/rss+xml", "/not-alternate.xml"},
  };
  CHECK(AdvertisedFeeds(links, "https://news.test/section/page.html") ==
        Strings{"https://news.test/rss.xml", "https://news.test/atom.xml", "https://news.test/section/comments/feed/"});
  CHECK(AdvertisedFeeds({}, "https://news.test/").empty());
}

}  // namespace
}  // namespace pressoir::feeds

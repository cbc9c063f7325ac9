// Discovery of article URLs from syndication feeds and XML sitemaps: RSS 2.0, RSS 1.0 (RDF),
// Atom (RFC 4287), sitemaps.org 0.9 urlsets and sitemap indexes, and Google News sitemaps.
//
// Parsing uses expat with namespace processing, so prefixes may be anything the document
// declares. The parser never throws, never loads external entities, refuses entity
// declarations (billion laughs), inflates gzip bodies with a size cap (gzip bombs) and keeps
// at most kMaxUrls URLs per document, so memory stays bounded by the caller's `max_bytes`.
// Pure functions, no I/O: safe to call concurrently from several threads.
#ifndef PRESSOIR_CRAWLER_FEEDS_H_
#define PRESSOIR_CRAWLER_FEEDS_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::feeds {

// URLs (and child sitemaps) kept per document. sitemaps.org: "each Sitemap file that you
// provide must have no more than 50,000 URLs"; feeds are far smaller.
inline constexpr std::size_t kMaxUrls = 50'000;

// Default cap on the (decompressed) document size: the sitemaps.org limit of 50 MB.
inline constexpr std::size_t kDefaultMaxBytes = std::size_t{50} << 20;

enum class DocumentKind { kRss, kAtom, kSitemapUrlset, kSitemapIndex, kUnknown };

struct DiscoveredUrl {
  // Absolute, normalized http(s) URL (url::Resolve): RSS <link> (else a permalink <guid>,
  // else RSS 1.0 rdf:about), Atom <link rel="alternate">, sitemap <loc>.
  std::string url;
  // ISO 8601 as written by the document (W3C datetime), or "": sitemap <lastmod>, Atom
  // <updated>, atom:updated inside an RSS item.
  std::string lastmod;
  // Whitespace-collapsed text: RSS/Atom <title>, Google News <news:title>; "" when absent.
  std::string title;
  // ISO 8601 or "": RSS <pubDate> (RFC 822, converted to "2024-03-05T14:30:00+01:00", "Z" for
  // GMT/UT/UTC) or dc:date, Atom <published>, Google News <news:publication_date>.
  std::string published;
};

struct Discovery {
  DocumentKind kind = DocumentKind::kUnknown;
  // Articles in document order, duplicates (after normalization) removed.
  std::vector<DiscoveredUrl> urls;
  // Child sitemaps of a sitemap index (absolute, normalized, deduplicated).
  std::vector<std::string> sitemaps;
  // Empty when the whole document was understood. Otherwise one lower-case message, with the
  // line when it comes from the XML: "line 12: mismatched tag", "line 3: entity declarations
  // are not allowed", "gzip: decompressed size exceeds 1048576 bytes", "line 50003: more than
  // 50000 URLs, the rest is ignored", "not a feed or sitemap: root element <html>". URLs found
  // before the error are kept.
  std::string error;
};

// Parses a feed or a sitemap. `body` may be gzip-compressed (detected by its 1f 8b magic, as
// served for "sitemap.xml.gz"); it is inflated up to `max_bytes`, and a larger document
// (compressed or not) yields an error and no URLs. Relative links resolve against `base_url`
// (the document's final URL) and Atom/XML xml:base attributes. Links that are not http(s) are
// skipped. Encodings: those of expat (UTF-8, UTF-16, ISO-8859-1, US-ASCII) plus windows-1252
// and ISO-8859-15. Never throws: running out of memory gives the error "out of memory".
Discovery Parse(std::string_view body, std::string_view base_url, std::size_t max_bytes = kDefaultMaxBytes);

// True when the response looks like a feed or a sitemap: a content type of
// application/rss+xml, application/atom+xml, application/rdf+xml, application/xml, text/xml,
// application/x-gzip or application/gzip (parameters and case ignored), or a body that starts
// with gzip magic or, after an optional UTF-8 BOM and whitespace, with "<?xml", "<rss",
// "<feed", "<urlset", "<sitemapindex" or "<rdf:RDF". Cheap: looks at the first bytes only.
bool LooksLikeFeedOrSitemap(std::string_view content_type, std::string_view body);

// One <link> element of an HTML page, as the caller's DOM gives it. The views need to stay
// valid only during the call.
struct HtmlLink {
  std::string_view rel;
  std::string_view type;
  std::string_view href;
};

// The feeds an HTML page advertises (RSS Autodiscovery, rssboard.org; RFC 4287 §7.1 for
// Atom): links whose rel contains the token "alternate" and whose type is
// application/rss+xml, application/atom+xml or application/rdf+xml (case-insensitive), with
// `href` resolved against `page_url`. Absolute, normalized, deduplicated, in page order.
std::vector<std::string> AdvertisedFeeds(std::span<const HtmlLink> links, std::string_view page_url);

}  // namespace pressoir::feeds

#endif  // PRESSOIR_CRAWLER_FEEDS_H_

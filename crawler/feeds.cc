// Feed and sitemap discovery with expat (see feeds.h).
//
// One streaming pass with no tree: the handlers keep the entry being read (an RSS <item>, an
// Atom <entry>, a sitemap <url> or <sitemap>) and commit it at its end tag, so memory is the
// (capped) result plus a few strings, whatever the size of the document.
#include "crawler/feeds.h"

#include <expat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <new>
#include <optional>
#include <unordered_set>
#include <utility>

#include "base/ascii.h"
#include "base/gzip.h"
#include "crawler/url.h"

namespace pressoir::feeds {
namespace {

// Namespaces the parser looks at. Everything else (media:, image:, video:, content:, ...) is
// ignored, however it is prefixed.
constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

// Separates the namespace URI from the local name in the names expat reports
// (XML_ParserCreateNS). A space cannot occur in a URI or in an XML name.
constexpr char kNsSeparator = ' ';

// Nesting deeper than this is an attack or garbage, not a feed.
constexpr int kMaxDepth = 256;
// Text kept per field (a URL, a title, a date). sitemaps.org: <loc> "must be less than 2,048
// characters"; the rest of a longer field is dropped.
constexpr std::size_t kMaxFieldBytes = 8192;
// Input handed to expat per XML_Parse call (its length argument is an int).
constexpr std::size_t kParseChunkBytes = std::size_t{1} << 20;

// Whitespace is C isspace()'s set (ascii::IsSpace), for feed text as for the HTTP and HTML
// values (content types, link types) read here. XML's own set (XML 1.0 §2.3 S: SPACE, TAB, CR,
// LF) is narrower, but FF and VT are not XML characters at all: expat rejects them.
using ascii::EqualsIgnoreCase;
using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::IsSpace;
using ascii::StartsWithIgnoreCase;
using ascii::Trim;

// Runs of whitespace become one space; titles often span lines in feeds.
std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : Trim(text)) {
    if (IsSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// `href` resolved against `base` (url::Resolve); an absolute `href` is still accepted when
// `base` is empty or unusable.
std::optional<std::string> ResolveLink(std::string_view base, std::string_view href) {
  std::string_view trimmed = Trim(href);
  if (trimmed.empty()) return std::nullopt;
  // Fast path for the common absolute URL (every sitemap <loc>): no need to parse the base.
  if (StartsWithIgnoreCase(trimmed, "https://") || StartsWithIgnoreCase(trimmed, "http://")) {
    return url::Normalize(trimmed);
  }
  if (auto resolved = url::Resolve(base, href)) return resolved;
  return url::Normalize(href);
}

// ---- Dates ----

// W3C datetime (the ISO 8601 profile of sitemaps.org and RFC 3339, as used by Atom and
// Dublin Core): "YYYY-MM-DD" optionally followed by a time. Kept as written; "" otherwise.
std::string IsoDate(std::string_view text) {
  text = Trim(text);
  bool looks_iso = text.size() >= 10 && IsDigit(text[0]) && IsDigit(text[1]) && IsDigit(text[2]) && IsDigit(text[3]) &&
                   text[4] == '-' && IsDigit(text[5]) && IsDigit(text[6]) && text[7] == '-' && IsDigit(text[8]) &&
                   IsDigit(text[9]);
  if (!looks_iso || text.size() > 64) return "";
  return std::string(text);
}

int MonthNumber(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (EqualsIgnoreCase(token.substr(0, 3), kMonths[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Parses a run of 1 to `max_digits` digits making up the whole token; -1 otherwise.
int Number(std::string_view token, std::size_t max_digits) {
  if (token.empty() || token.size() > max_digits) return -1;
  int value = 0;
  for (char c : token) {
    if (!IsDigit(c)) return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

// RFC 2822 §3.3 zone as ISO 8601: "Z", "+01:00", or "" when unknown. Named zones are those of
// RFC 822 §5.1 plus the European ones French feeds write. RFC 2822 §4.3: military one-letter
// zones were defined wrongly and "-0000" means "no zone information": both become "".
std::string IsoZone(std::string_view zone) {
  if (zone.size() >= 5 && (zone[0] == '+' || zone[0] == '-')) {
    std::string digits;
    for (char c : zone.substr(1)) {
      if (c == ':') continue;  // "+01:00", seen in the wild
      if (!IsDigit(c)) return "";
      digits.push_back(c);
    }
    if (digits.size() != 4 || (zone[0] == '-' && digits == "0000")) return "";
    return std::string(1, zone[0]) + digits.substr(0, 2) + ":" + digits.substr(2);
  }
  struct NamedZone {
    std::string_view name;
    std::string_view iso;
  };
  static constexpr std::array<NamedZone, 15> kZones = {{{"gmt", "Z"},
                                                        {"ut", "Z"},
                                                        {"utc", "Z"},
                                                        {"z", "Z"},
                                                        {"est", "-05:00"},
                                                        {"edt", "-04:00"},
                                                        {"cst", "-06:00"},
                                                        {"cdt", "-05:00"},
                                                        {"mst", "-07:00"},
                                                        {"mdt", "-06:00"},
                                                        {"pst", "-08:00"},
                                                        {"pdt", "-07:00"},
                                                        {"cet", "+01:00"},
                                                        {"cest", "+02:00"},
                                                        {"bst", "+01:00"}}};
  for (const NamedZone& named : kZones) {
    if (EqualsIgnoreCase(zone, named.name)) return std::string(named.iso);
  }
  return "";
}

// RFC 822 §5.1 / RFC 2822 §3.3 date, as RSS 2.0 <pubDate> uses it:
// "[Tue,] 5 Mar 2024 14:30[:00] +0100" -> "2024-03-05T14:30:00+01:00". "" when unparsable.
std::string Rfc822ToIso(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || IsSpace(text[i]) || text[i] == ',') {
      if (i > start) tokens.push_back(text.substr(start, i - start));
      start = i + 1;
    }
    if (tokens.size() > 8) return "";
  }
  std::size_t next = 0;
  // The day of the week is optional, and often misspelt or localized ("mardi"): a leading
  // word is skipped, since the date proper starts with the day of the month.
  if (next < tokens.size() && IsAlpha(tokens[next][0])) ++next;
  if (tokens.size() < next + 4) return "";
  int day = Number(tokens[next], 2);
  int month = MonthNumber(tokens[next + 1]);
  int year = Number(tokens[next + 2], 4);
  std::string_view time = tokens[next + 3];
  std::string_view zone = tokens.size() > next + 4 ? tokens[next + 4] : std::string_view();
  if (day < 1 || day > 31 || month == 0 || year < 0) return "";
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, others 19xx.
  if (tokens[next + 2].size() == 2) year += year < 50 ? 2000 : 1900;
  if (tokens[next + 2].size() == 3) year += 1900;
  if (year < 1000) return "";

  int hour = -1;
  int minute = -1;
  int second = 0;
  std::size_t colon = time.find(':');
  if (colon == std::string_view::npos) return "";
  hour = Number(time.substr(0, colon), 2);
  std::string_view rest = time.substr(colon + 1);
  std::size_t colon2 = rest.find(':');
  minute = Number(rest.substr(0, colon2), 2);
  if (colon2 != std::string_view::npos) second = Number(rest.substr(colon2 + 1), 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return "";

  // Every field is range-checked above, but the buffer holds six ints of any value (11
  // characters each, with the separators and the NUL) so that nothing can ever be cut off.
  char buffer[6 * 11 + 5 + 1];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
  return std::string(buffer) + IsoZone(zone);
}

// ---- Encodings expat lacks ----

// windows-1252 bytes 0x80-0x9F (the WHATWG Encoding Standard's index; unassigned bytes map
// to the C1 control of the same value, as browsers do).
constexpr std::array<int, 32> kWindows1252High = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                                  0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

// expat knows UTF-8, UTF-16, ISO-8859-1 and US-ASCII. French sites still serve feeds in
// windows-1252 and ISO-8859-15; both are single-byte, so a map is enough (expat.h,
// XML_UnknownEncodingHandler).
int XMLCALL OnUnknownEncoding(void* /*data*/, const XML_Char* name, XML_Encoding* info) {
  std::string_view encoding(name);
  bool windows1252 = EqualsIgnoreCase(encoding, "windows-1252") || EqualsIgnoreCase(encoding, "cp1252") ||
                     EqualsIgnoreCase(encoding, "x-cp1252");
  bool latin9 = EqualsIgnoreCase(encoding, "iso-8859-15") || EqualsIgnoreCase(encoding, "iso8859-15") ||
                EqualsIgnoreCase(encoding, "latin-9") || EqualsIgnoreCase(encoding, "latin9");
  if (!windows1252 && !latin9) return XML_STATUS_ERROR;
  for (int byte = 0; byte < 256; ++byte) info->map[byte] = byte;
  if (windows1252) {
    for (int i = 0; i < 32; ++i) info->map[0x80 + i] = kWindows1252High[static_cast<std::size_t>(i)];
  } else {
    // ISO-8859-15 differs from ISO-8859-1 in eight places (the euro sign and friends).
    info->map[0xA4] = 0x20AC;
    info->map[0xA6] = 0x0160;
    info->map[0xA8] = 0x0161;
    info->map[0xB4] = 0x017D;
    info->map[0xB8] = 0x017E;
    info->map[0xBC] = 0x0152;
    info->map[0xBD] = 0x0153;
    info->map[0xBE] = 0x0178;
  }
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

// ---- XML ----

struct Name {
  std::string_view ns;
  std::string_view local;
};

// Conventional namespaces for prefixes, used only when a document uses a prefix it never
// declares (a common mistake in news sitemaps) and is re-parsed without namespace processing.
std::string_view ConventionalNamespace(std::string_view prefix) {
  if (prefix == "atom") return kAtomNs;
  if (prefix == "rdf") return kRdfNs;
  if (prefix == "dc") return kDcNs;
  if (prefix == "news") return kNewsNs;
  if (prefix == "xml") return kXmlNs;
  return prefix;  // never equal to a URI the parser compares with
}

// The entry being read: an RSS item, an Atom entry, a sitemap <url> or <sitemap>.
struct Entry {
  std::string link;       // RSS <link>, sitemap <loc> (text)
  std::string link_base;  // base in scope at that element
  std::string guid;
  bool guid_is_permalink = true;  // RSS 2.0: isPermaLink defaults to true
  std::string about;              // RSS 1.0 rdf:about
  std::string atom_link;          // resolved href of the best Atom link
  int atom_link_rank = 0;
  std::string title;
  std::string pub_date;  // RSS <pubDate> (RFC 822)
  std::string published;
  std::string updated;
};

class Parser {
 public:
  Parser(std::string_view base_url, bool namespaces) : base_url_(base_url), namespaces_(namespaces) {
    parser_ = namespaces ? XML_ParserCreateNS(nullptr, kNsSeparator) : XML_ParserCreate(nullptr);
  }
  ~Parser() {
    if (parser_ != nullptr) XML_ParserFree(parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses `xml` and returns the expat error that ended parsing (XML_ERROR_NONE when the
  // document was read to its end, or stopped on purpose). result() holds what was found.
  XML_Error Run(std::string_view xml) {
    if (parser_ == nullptr) {
      result_.error = "out of memory";
      return XML_ERROR_NO_MEMORY;
    }
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Parser::OnStart, &Parser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &Parser::OnText);
    // Billion laughs and quadratic blowup both need entity declarations; feeds and sitemaps
    // have no use for them. External entities are never loaded (no
    // XML_SetExternalEntityRefHandler, parameter entity parsing left at NEVER).
    XML_SetEntityDeclHandler(parser_, &Parser::OnEntityDecl);
    XML_SetUnknownEncodingHandler(parser_, &OnUnknownEncoding, nullptr);
#if defined(XML_DTD) && (XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4))
    // Defence in depth (expat >= 2.4.0): cap amplification at its default factor.
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(parser_, 100.0F);
#endif
    std::size_t offset = 0;
    do {
      std::size_t take = std::min(kParseChunkBytes, xml.size() - offset);
      bool last = offset + take == xml.size();
      XML_Status status = XML_Parse(parser_, xml.data() + offset, static_cast<int>(take), last ? 1 : 0);
      offset += take;
      if (stopped_) return XML_ERROR_NONE;
      if (status != XML_STATUS_OK) {
        XML_Error code = XML_GetErrorCode(parser_);
        SetError(LinePrefix() + XML_ErrorString(code));
        return code;
      }
    } while (offset < xml.size());
    return XML_ERROR_NONE;
  }

  Discovery& result() { return result_; }

 private:
  static void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* self = static_cast<Parser*>(data);
    // No exception may unwind through expat's C frames.
    try {
      self->Start(name, attributes);
    } catch (const std::bad_alloc&) {
      self->Stop("out of memory");
    }
  }
  static void XMLCALL OnEnd(void* data, const XML_Char* /*name*/) {
    auto* self = static_cast<Parser*>(data);
    try {
      self->End();
    } catch (const std::bad_alloc&) {
      self->Stop("out of memory");
    }
  }
  static void XMLCALL OnText(void* data, const XML_Char* text, int length) {
    auto* self = static_cast<Parser*>(data);
    if (self->capture_ == nullptr || length <= 0) return;
    try {
      std::size_t room = kMaxFieldBytes - std::min(kMaxFieldBytes, self->capture_->size());
      self->capture_->append(text, std::min(room, static_cast<std::size_t>(length)));
    } catch (const std::bad_alloc&) {
      self->Stop("out of memory");
    }
  }
  static void XMLCALL OnEntityDecl(void* data, const XML_Char* /*name*/, int /*is_parameter*/,
                                   const XML_Char* /*value*/, int /*value_length*/, const XML_Char* /*base*/,
                                   const XML_Char* /*system_id*/, const XML_Char* /*public_id*/,
                                   const XML_Char* /*notation*/) {
    auto* self = static_cast<Parser*>(data);
    try {
      self->Fail("entity declarations are not allowed");
    } catch (const std::bad_alloc&) {
      self->Stop("out of memory");
    }
  }

  Name Split(std::string_view name) const {
    if (namespaces_) {
      std::size_t separator = name.rfind(kNsSeparator);
      if (separator == std::string_view::npos) return {"", name};
      return {name.substr(0, separator), name.substr(separator + 1)};
    }
    std::size_t colon = name.find(':');
    if (colon == std::string_view::npos) return {"", name};
    return {ConventionalNamespace(name.substr(0, colon)), name.substr(colon + 1)};
  }

  // The value of attribute {ns}local, or "" when absent.
  std::string_view Attribute(const XML_Char** attributes, std::string_view ns, std::string_view local) const {
    for (const XML_Char** a = attributes; a[0] != nullptr && a[1] != nullptr; a += 2) {
      Name name = Split(a[0]);
      if (name.ns == ns && name.local == local) return a[1];
    }
    return "";
  }

  // Elements of the document's own vocabulary: the root's namespace, or for RSS 1.0 (whose
  // root is rdf:RDF) the RSS 1.0 or 0.90 namespace. A document re-parsed without namespace
  // processing has unprefixed names in "".
  bool IsOwn(std::string_view ns) const {
    if (ns == doc_ns_) return true;
    if (!rdf_) return false;
    return ns == kRss1Ns || ns == kRss090Ns || ns.empty();
  }

  const std::string& CurrentBase() const { return bases_.empty() ? base_url_ : bases_.back().second; }

  std::string LinePrefix() const { return "line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": "; }

  void SetError(std::string message) {
    if (result_.error.empty()) result_.error = std::move(message);
  }

  // Records `message` with the current line and stops parsing.
  void Fail(std::string_view message) { Stop(LinePrefix() + std::string(message)); }
  void Stop(std::string error) {
    if (stopped_) return;
    SetError(std::move(error));
    stopped_ = true;
    capture_ = nullptr;
    XML_StopParser(parser_, XML_FALSE);
  }

  void Capture(std::string* target) {
    if (capture_ != nullptr || !target->empty()) return;  // the first occurrence wins
    capture_ = target;
    capture_depth_ = depth_;
  }

  void Start(const XML_Char* raw_name, const XML_Char** attributes) {
    if (stopped_) return;
    if (++depth_ > kMaxDepth) {
      Fail("elements nested deeper than " + std::to_string(kMaxDepth));
      return;
    }
    Name name = Split(raw_name);
    // XML Base (W3C, 2009), used by Atom (RFC 4287 §2): xml:base on an element sets the base
    // of its attributes and content.
    std::string_view xml_base = Attribute(attributes, kXmlNs, "base");
    if (!Trim(xml_base).empty()) {
      if (auto base = ResolveLink(CurrentBase(), xml_base)) bases_.emplace_back(depth_, std::move(*base));
    }
    if (depth_ == 1) {
      StartRoot(name);
      return;
    }
    switch (result_.kind) {
      case DocumentKind::kRss:
        StartInRss(name, attributes);
        break;
      case DocumentKind::kAtom:
        StartInAtom(name, attributes);
        break;
      case DocumentKind::kSitemapUrlset:
      case DocumentKind::kSitemapIndex:
        StartInSitemap(name);
        break;
      case DocumentKind::kUnknown:
        break;
    }
  }

  void StartRoot(Name name) {
    doc_ns_ = std::string(name.ns);
    if (name.local == "rss") {
      result_.kind = DocumentKind::kRss;
    } else if (name.local == "RDF" && name.ns == kRdfNs) {
      result_.kind = DocumentKind::kRss;  // RSS 1.0 (and 0.90)
      rdf_ = true;
    } else if (name.local == "feed") {
      result_.kind = DocumentKind::kAtom;  // Atom 1.0, and 0.3 (http://purl.org/atom/ns#)
    } else if (name.local == "urlset") {
      result_.kind = DocumentKind::kSitemapUrlset;
    } else if (name.local == "sitemapindex") {
      result_.kind = DocumentKind::kSitemapIndex;
    } else {
      Stop("not a feed or sitemap: root element <" + std::string(name.local) + ">");
    }
  }

  void BeginEntry() {
    entry_ = Entry();
    entry_depth_ = depth_;
  }

  // RSS 2.0 (rssboard.org spec) and RSS 1.0 (web.resource.org/rss/1.0/spec): <item> under
  // <channel> (2.0) or the root (1.0); the fields are its children.
  void StartInRss(Name name, const XML_Char** attributes) {
    if (entry_depth_ == 0) {
      if (IsOwn(name.ns) && name.local == "item") {
        BeginEntry();
        entry_.about = Attribute(attributes, kRdfNs, "about");
      }
      return;
    }
    if (depth_ != entry_depth_ + 1) return;
    if (IsOwn(name.ns)) {
      if (name.local == "link") {
        if (entry_.link.empty()) entry_.link_base = CurrentBase();
        Capture(&entry_.link);
      } else if (name.local == "guid") {
        // "If the guid element has an attribute named isPermaLink with a value of true, the
        // reader may assume that it is a permalink"; the default is true.
        entry_.guid_is_permalink = !EqualsIgnoreCase(Trim(Attribute(attributes, "", "isPermaLink")), "false");
        Capture(&entry_.guid);
      } else if (name.local == "title") {
        Capture(&entry_.title);
      } else if (name.local == "pubDate") {
        Capture(&entry_.pub_date);
      }
    } else if (name.ns == kDcNs && name.local == "date") {
      Capture(&entry_.published);
    } else if (name.ns == kAtomNs && name.local == "updated") {
      Capture(&entry_.updated);
    }
  }

  // Atom (RFC 4287): <entry> children of <feed>.
  void StartInAtom(Name name, const XML_Char** attributes) {
    if (entry_depth_ == 0) {
      if (IsOwn(name.ns) && name.local == "entry") BeginEntry();
      return;
    }
    if (depth_ != entry_depth_ + 1 || !IsOwn(name.ns)) return;
    if (name.local == "link") {
      AtomLink(attributes);
    } else if (name.local == "title") {
      Capture(&entry_.title);
    } else if (name.local == "published" || name.local == "issued") {  // "issued": Atom 0.3
      Capture(&entry_.published);
    } else if (name.local == "updated" || name.local == "modified") {  // "modified": Atom 0.3
      Capture(&entry_.updated);
    }
  }

  // RFC 4287 §4.2.7.2: a link without rel is rel="alternate", the entry's own page. Others
  // (self, edit, enclosure, related, replies, via) are not the article. Among alternates, an
  // HTML one is preferred to, say, an alternate in another format.
  void AtomLink(const XML_Char** attributes) {
    std::string rel = ascii::ToLower(Trim(Attribute(attributes, "", "rel")));
    if (!rel.empty() && rel != "alternate" && rel != "http://www.iana.org/assignments/relation/alternate") return;
    std::string type = ascii::ToLower(Trim(Attribute(attributes, "", "type")));
    int rank = (type.empty() || type == "text/html" || type == "application/xhtml+xml") ? 2 : 1;
    if (rank <= entry_.atom_link_rank) return;
    if (auto link = ResolveLink(CurrentBase(), Attribute(attributes, "", "href"))) {
      entry_.atom_link = std::move(*link);
      entry_.atom_link_rank = rank;
    }
  }

  // sitemaps.org 0.9: <url><loc/><lastmod/></url> or <sitemap><loc/><lastmod/></sitemap>;
  // Google News sitemaps add <news:news><news:publication_date/><news:title/></news:news>.
  // Image and video extensions (image:loc, video:content_loc, ...) are ignored.
  void StartInSitemap(Name name) {
    std::string_view entry_name = result_.kind == DocumentKind::kSitemapIndex ? "sitemap" : "url";
    if (entry_depth_ == 0) {
      if (IsOwn(name.ns) && name.local == entry_name) BeginEntry();
      return;
    }
    if (depth_ == entry_depth_ + 1 && IsOwn(name.ns)) {
      if (name.local == "loc") {
        if (entry_.link.empty()) entry_.link_base = CurrentBase();
        Capture(&entry_.link);
      } else if (name.local == "lastmod") {
        Capture(&entry_.updated);
      }
    } else if (name.ns == kNewsNs && result_.kind == DocumentKind::kSitemapUrlset) {
      if (name.local == "publication_date") {
        Capture(&entry_.published);
      } else if (name.local == "title") {
        Capture(&entry_.title);
      }
    }
  }

  void End() {
    if (stopped_) return;
    if (capture_ != nullptr && depth_ == capture_depth_) capture_ = nullptr;
    if (entry_depth_ != 0 && depth_ == entry_depth_) {
      CommitEntry();
      entry_depth_ = 0;
    }
    if (!bases_.empty() && bases_.back().first == depth_) bases_.pop_back();
    --depth_;
  }

  void CommitEntry() {
    std::optional<std::string> link;
    switch (result_.kind) {
      case DocumentKind::kRss:
        link = ResolveLink(entry_.link_base, entry_.link);
        if (!link && entry_.guid_is_permalink) link = ResolveLink(CurrentBase(), entry_.guid);
        if (!link) link = ResolveLink(CurrentBase(), entry_.about);
        break;
      case DocumentKind::kAtom:
        if (!entry_.atom_link.empty()) link = entry_.atom_link;
        break;
      case DocumentKind::kSitemapUrlset:
      case DocumentKind::kSitemapIndex:
        link = ResolveLink(entry_.link_base, entry_.link);
        break;
      case DocumentKind::kUnknown:
        break;
    }
    if (!link || !seen_.insert(*link).second) return;

    std::size_t found = result_.urls.size() + result_.sitemaps.size();
    if (found >= kMaxUrls) {
      Fail("more than " + std::to_string(kMaxUrls) + " URLs, the rest is ignored");
      return;
    }
    if (result_.kind == DocumentKind::kSitemapIndex) {
      result_.sitemaps.push_back(std::move(*link));
      return;
    }
    DiscoveredUrl discovered;
    discovered.url = std::move(*link);
    discovered.lastmod = IsoDate(entry_.updated);
    discovered.title = CollapseWhitespace(entry_.title);
    discovered.published = Rfc822ToIso(entry_.pub_date);
    if (discovered.published.empty()) discovered.published = IsoDate(entry_.pub_date);
    if (discovered.published.empty()) discovered.published = IsoDate(entry_.published);
    result_.urls.push_back(std::move(discovered));
  }

  XML_Parser parser_ = nullptr;
  std::string base_url_;
  bool namespaces_;
  Discovery result_;
  bool stopped_ = false;

  int depth_ = 0;                                   // of the element being read; root is 1
  std::string doc_ns_;                              // namespace of the root element
  bool rdf_ = false;                                // RSS 1.0: root rdf:RDF
  std::vector<std::pair<int, std::string>> bases_;  // xml:base in scope: (depth, URL)
  Entry entry_;
  int entry_depth_ = 0;             // 0 when not inside an entry
  std::string* capture_ = nullptr;  // field receiving character data
  int capture_depth_ = 0;
  std::unordered_set<std::string> seen_;
};

Discovery ParseXml(std::string_view xml, std::string_view base_url) {
  Parser parser(base_url, /*namespaces=*/true);
  XML_Error error = parser.Run(xml);
  if (error != XML_ERROR_UNBOUND_PREFIX) return std::move(parser.result());
  // A prefix used without its xmlns declaration (news: in hand-written news sitemaps) is
  // fatal for a namespace-aware parser. Read such a document again with the prefixes as
  // written, and report the mistake.
  std::string first_error = std::move(parser.result().error);
  Parser lenient(base_url, /*namespaces=*/false);
  lenient.Run(xml);
  Discovery result = std::move(lenient.result());
  if (result.error.empty()) result.error = first_error;
  return result;
}

Discovery ParseOrThrow(std::string_view body, std::string_view base_url, std::size_t max_bytes) {
  Discovery result;
  std::string inflated_storage;
  std::string gzip_error;
  if (gzip::HasGzipMagic(body)) {
    gzip::Inflated inflated = gzip::Gunzip(body, max_bytes);
    if (!inflated.usable) {
      result.error = std::move(inflated.error);
      return result;
    }
    gzip_error = std::move(inflated.error);
    inflated_storage = std::move(inflated.data);
    body = inflated_storage;
  } else if (body.size() > max_bytes) {
    result.error = "document exceeds " + std::to_string(max_bytes) + " bytes";
    return result;
  }
  if (Trim(body).empty()) {
    result.error = gzip_error.empty() ? "empty document" : gzip_error;
    return result;
  }
  result = ParseXml(body, base_url);
  if (!gzip_error.empty()) result.error = result.error.empty() ? gzip_error : gzip_error + "; " + result.error;
  return result;
}

bool IsFeedContentType(std::string_view content_type) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  static constexpr std::array<std::string_view, 7> kTypes = {
      "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
      "application/x-gzip",  "application/gzip"};
  return std::any_of(kTypes.begin(), kTypes.end(), [&](std::string_view t) { return EqualsIgnoreCase(type, t); });
}

bool HasToken(std::string_view list, std::string_view token) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || IsSpace(list[i])) {
      if (EqualsIgnoreCase(list.substr(start, i - start), token)) return true;
      start = i + 1;
    }
  }
  return false;
}

}  // namespace

Discovery Parse(std::string_view body, std::string_view base_url, std::size_t max_bytes) {
  try {
    return ParseOrThrow(body, base_url, max_bytes);
  } catch (const std::bad_alloc&) {
    Discovery result;
    result.error = "out of memory";
    return result;
  }
}

bool LooksLikeFeedOrSitemap(std::string_view content_type, std::string_view body) {
  if (IsFeedContentType(content_type) || gzip::HasGzipMagic(body)) return true;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // UTF-8 byte order mark
  body = Trim(body.substr(0, 1024));
  static constexpr std::array<std::string_view, 6> kStarts = {"<?xml",   "<rss",          "<feed",
                                                              "<urlset", "<sitemapindex", "<rdf:RDF"};
  return std::any_of(kStarts.begin(), kStarts.end(),
                     [&](std::string_view start) { return StartsWithIgnoreCase(body, start); });
}

std::vector<std::string> AdvertisedFeeds(std::span<const HtmlLink> links, std::string_view page_url) {
  static constexpr std::array<std::string_view, 3> kFeedTypes = {"application/rss+xml", "application/atom+xml",
                                                                 "application/rdf+xml"};
  std::vector<std::string> feeds;
  for (const HtmlLink& link : links) {
    if (!HasToken(link.rel, "alternate")) continue;
    std::string_view type = Trim(link.type.substr(0, link.type.find(';')));
    bool is_feed = std::any_of(kFeedTypes.begin(), kFeedTypes.end(),
                               [&](std::string_view t) { return EqualsIgnoreCase(type, t); });
    if (!is_feed) continue;
    auto resolved = ResolveLink(page_url, link.href);
    if (!resolved || std::find(feeds.begin(), feeds.end(), *resolved) != feeds.end()) continue;
    feeds.push_back(std::move(*resolved));
  }
  return feeds;
}

}  // namespace pressoir::feeds

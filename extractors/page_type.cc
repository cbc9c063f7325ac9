// Page types and body confidence (see page_type.h).
#include "extractors/page_type.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "base/ascii.h"
#include "base/text_hash.h"
#include "extractors/service_page.h"

namespace pressoir::page_type {
namespace {

// ---- Thresholds -------------------------------------------------------------------------
// Sizes are bytes of text without whitespace (UTF-8: a French letter with an accent is two).

// Walk: a link's text this long or longer can be a teaser headline; shorter ones are menu
// items ("Sport", "Culture") whose text also occurs as words of ordinary paragraphs.
constexpr size_t kMinHeadlineLinkChars = 15;
// Walk: a heading holding a link counts as a teaser headline when the link sits at most this
// many levels below it (<h2><a>, <h2><span><a>).
constexpr int kHeadingLinkLevels = 3;
// Walk: a teaser card (a linked headline with its summary and date) holds at most this much
// text and sits at most this many levels above its headline; a bigger element around a
// linked heading is a page section or an article body.
constexpr size_t kMaxTeaserCardChars = 700;
constexpr int kTeaserCardLevels = 3;
// Body: a teaser card contributes a summary and a date (a kicker is a link); more paragraphs from one card
// make it an article body.
constexpr std::ptrdiff_t kMaxParagraphsPerCard = 2;
// Body: a paragraph whose text is mostly link text is a teaser or a list of links.
constexpr double kLinkParagraphDensity = 0.6;
// Body: a paragraph this many levels below a teaser card belongs to it.
constexpr int kTeaserParagraphLevels = 3;
// Walk: visible text kept for the phrase checks. Consent walls, challenges, error pages and
// paywall stubs are short pages; their text fits.
constexpr size_t kTextSampleBytes = 16 * 1024;

// Blocked pages are short: a body at least this long is an article's (or a listing's), and
// the phrase and marker checks are not even run. Also keeps their cost off ordinary pages.
constexpr size_t kSuspectBodyChars = 1500;
// A page with less visible text than this is an empty shell: with scripts, a JavaScript-only
// page (a challenge or an app shell that needs a browser).
constexpr size_t kShellMaxTextChars = 200;
// Consent: the extracted body of a wall is its consent text, or almost nothing.
constexpr size_t kConsentMaxBodyChars = 400;
// Consent: a page with this much visible text carries more than a wall (an article with a
// cookie banner that the server rendered).
constexpr size_t kConsentMaxPageChars = 8000;
// Consent: distinct consent phrases needed without a consent framework's marker in the page.
constexpr int kMinConsentPhrases = 2;
// Challenge pages are a sentence or two and a widget.
constexpr size_t kChallengeMaxTextChars = 2000;
// Error: a "not found" title or heading with a body this short (a 404 page may list a few
// popular articles; an article about a "404" has a long body).
constexpr size_t kErrorMaxBodyChars = 1200;
// Error: the body itself saying "not found", without such a title, must be this short.
constexpr size_t kErrorPhraseMaxBodyChars = 600;
// Paywall: a teaser is at most this long (news briefs are longer than most teasers but a
// free brief has no subscriber call).
constexpr size_t kPaywallMaxBodyChars = 1500;

// Listing: evidence is summed (weights below, positive for listing, negative for article);
// a page at or above this is a listing.
constexpr double kListingThreshold = 2.0;
// A JSON-LD CollectionPage, ItemList, SearchResultsPage or ProfilePage without an article
// type: the publisher says it is a list.
constexpr double kWeightListingJsonLd = 2.0;
// og:type "website" (home and section pages) without an article type: weak, many article
// pages of small sites say "website" too.
constexpr double kWeightWebsiteType = 0.5;
// An article type in JSON-LD or og:type "article": the publisher says it is an article, but
// CMSs stamp it on section pages too, so it does not settle the matter.
constexpr double kWeightDeclaresArticle = -1.5;
constexpr double kWeightDeclaresArticleNoMain = -0.5;
// Teaser paragraphs: share of body paragraphs that are link text or sit inside a link (a
// headline of a teaser). An article has next to none; a front chosen as "main" is made of them.
constexpr double kTeaserShareListing = 0.25;
constexpr int kMinTeaserParagraphs = 3;
constexpr double kWeightTeaserBody = 2.0;
// A body made mostly of teasers is a list whatever the page declares.
constexpr double kTeaserShareMostly = 0.6;
constexpr double kWeightTeaserBodyMostly = 3.5;
// A body that is one teaser card among sibling cards (cards under one parent, or each wrapped
// in its own <li>/<div> under one list) is one entry of a list, however few entries the list has
// (a tag or author page with two articles). A lone card is an article's own linked headline
// and summary (a blog's single-post page links its title to itself), so one sibling is needed.
constexpr int kMinSiblingCards = 1;
// Many linked headlines on the page and a body too short to dwarf them: a front. An article
// with a "related" box has a body several times longer than its few teaser headlines.
constexpr int kManyLinkedHeadings = 8;
constexpr size_t kBodyCharsPerLinkedHeading = 250;
constexpr double kWeightManyHeadings = 1.5;
// A body shorter than this says little by itself (an author's bio, a single teaser).
constexpr size_t kShortBodyChars = 300;
// Share of the page's text inside links: fronts are mostly headlines, articles mostly prose.
constexpr double kHighLinkDensity = 0.5;
constexpr double kWeightHighLinkDensity = 1.0;
// Almost nothing but links: a list of links.
constexpr double kVeryHighLinkDensity = 0.75;
constexpr double kWeightVeryHighLinkDensity = 1.5;
// Link density says nothing about a page with a handful of links (a bare error page).
constexpr int kMinListingLinks = 10;
constexpr double kLowLinkDensity = 0.3;
constexpr double kWeightLowLinkDensity = -0.5;
// The generic cascade found no main block (whole-page fallback or nothing): no article shape.
constexpr double kWeightNoMainContent = 1.0;
// A long body of prose with few teasers: an article.
constexpr size_t kLongProseBodyChars = 2500;
constexpr double kWeightLongProse = -1.5;
// The URL's path: a weak cue either way (many sites have neither shape).
constexpr double kWeightListingPath = 0.5;
constexpr double kWeightArticlePath = -0.5;
// Below this the page holds no text worth a type of its own: `other`.
constexpr size_t kMinArticleBodyChars = 150;
// A page without readable text and at least this many links, mostly links: an index.
constexpr int kMinIndexLinks = 2;

// Confidence: the base by extraction step (how often that step finds exactly the article on
// the development set: a rule was written for the page; "main" and "merged" miss some
// intros and endings; "relaxed" ignores the class hints; "fallback" is the page's prose).
constexpr double kBaseRule = 0.92;
constexpr double kBaseMain = 0.85;
constexpr double kBaseMerged = 0.8;
constexpr double kBaseRelaxed = 0.65;
constexpr double kBaseFallback = 0.35;
// A generic body inside <article>, [itemprop=articleBody] or <main>: anchored on the page's
// own article markup.
constexpr double kAnchoredBonus = 0.05;
constexpr double kUnanchoredPenalty = 0.05;
// A body shorter than this is less likely to be the whole article (a lede without its text).
constexpr size_t kConfidentBodyChars = 800;
// og:description words (this long or longer) that the body should contain: the lede.
constexpr size_t kMinDescriptionWordChars = 5;
constexpr double kDescriptionWeight = 0.15;
// JSON-LD articleBody: how far the body's length may be from it before confidence drops.
constexpr double kArticleBodyWeight = 0.4;
// Listing evidence on an article: each point of score costs this share of confidence.
constexpr double kListingMarginWeight = 0.1;

// ---- Marker and phrase lists --------------------------------------------------------------
// Markers are searched in the lower-cased raw page (ids, classes, script URLs, inline
// configuration); phrases in the lower-cased visible text outside links, as whole words.

// Consent management platforms and the IAB TCF API (their element ids, classes, script hosts
// and globals): generic markers of consent frameworks, not of any site.
constexpr std::array<std::string_view, 22> kConsentMarkers = {
    "didomi",       "onetrust", "optanon",    "cookielaw.org",  "sp_message",    "sourcepoint",
    "privacy-mgmt", "qc-cmp",   "quantcast",  "__tcfapi",       "cookiebot",     "usercentrics",
    "trustarc",     "truste-",  "cmpbox",     "consentmanager", "tarteaucitron", "axeptio",
    "iubenda",      "sirdata",  "fc-consent", "gdpr-consent"};

// What consent walls say (fr, en, de, nl, es, it).
constexpr std::array<std::string_view, 38> kConsentPhrases = {
    // fr
    "nous respectons votre vie privée", "utilisons des cookies", "utilise des cookies", "accepter et fermer",
    "tout accepter", "accepter & fermer", "paramétrer les cookies", "gérer mes choix", "continuer sans accepter",
    "nos partenaires",
    // en
    "we value your privacy", "we use cookies", "accept all cookies", "accept all", "manage preferences",
    "cookie settings", "your privacy choices", "our partners",
    // de
    "wir verwenden cookies", "wir nutzen cookies", "alle akzeptieren", "datenschutzeinstellungen", "ihre privatsphäre",
    "unsere partner",
    // nl
    "wij gebruiken cookies", "we gebruiken cookies", "alles accepteren", "cookie-instellingen",
    // es
    "utilizamos cookies", "usamos cookies", "aceptar todo", "aceptar y cerrar", "nuestros socios",
    // it
    "utilizziamo i cookie", "utilizziamo cookie", "usiamo i cookie", "accetta tutti", "accetta e chiudi"};

// Bot protection and captcha services (ids, classes, script hosts).
constexpr std::array<std::string_view, 15> kChallengeMarkers = {"cf-browser-verification",
                                                                "cf-challenge",
                                                                "challenge-platform",
                                                                "cf_chl_",
                                                                "cf-turnstile",
                                                                "captcha-delivery",
                                                                "g-recaptcha",
                                                                "h-captcha",
                                                                "hcaptcha",
                                                                "px-captcha",
                                                                "_incapsula_resource",
                                                                "ddos-guard",
                                                                "sucuri",
                                                                "awswaf",
                                                                "challenge-form"};

// Titles of challenge pages (Cloudflare and its translations, DDoS-Guard, Imperva, captchas).
constexpr std::array<std::string_view, 17> kChallengeTitlePhrases = {"just a moment",
                                                                     "attention required",
                                                                     "checking your browser",
                                                                     "access denied",
                                                                     "are you a robot",
                                                                     "are you human",
                                                                     "verify you are human",
                                                                     "pardon our interruption",
                                                                     "security check",
                                                                     "captcha",
                                                                     "ddos-guard",
                                                                     "un instant",
                                                                     "einen moment",
                                                                     "un momento",
                                                                     "even geduld",
                                                                     "bot protection",
                                                                     "has been denied"};

// What challenge pages and JavaScript-only shells say.
constexpr std::array<std::string_view, 14> kChallengeTextPhrases = {"checking your browser",
                                                                    "checking if the site connection is secure",
                                                                    "enable javascript and cookies",
                                                                    "verify you are human",
                                                                    "vérifier que vous êtes un humain",
                                                                    "vérification de votre navigateur",
                                                                    "please enable javascript",
                                                                    "you need to enable javascript",
                                                                    "activez javascript",
                                                                    "activer javascript",
                                                                    "javascript aktivieren",
                                                                    "javascript inschakelen",
                                                                    "habilita javascript",
                                                                    "abilita javascript"};

// Titles and headings of error pages served with 200.
constexpr std::array<std::string_view, 19> kErrorTitlePhrases = {"page not found",
                                                                 "not found",
                                                                 "404",
                                                                 "page introuvable",
                                                                 "introuvable",
                                                                 "n'existe pas",
                                                                 "n’existe pas",
                                                                 "n'existe plus",
                                                                 "n’existe plus",
                                                                 "erreur 404",
                                                                 "seite nicht gefunden",
                                                                 "nicht gefunden",
                                                                 "niet gevonden",
                                                                 "no encontrada",
                                                                 "no se encuentra",
                                                                 "non trovata",
                                                                 "page does not exist",
                                                                 "page doesn't exist",
                                                                 "page indisponible"};

// What error pages say in their body.
constexpr std::array<std::string_view, 8> kErrorTextPhrases = {
    "la page que vous recherchez", "la page demandée",           "the page you are looking for",
    "the page you requested",      "die angeforderte seite",     "de pagina die u zoekt",
    "la página que buscas",        "la pagina che stai cercando"};

// Subscriber calls that only a paywall prints (fr, en, de, nl, es, it).
constexpr std::array<std::string_view, 30> kPaywallPhrases = {
    // fr
    "réservé aux abonnés", "réservée aux abonnés", "article réservé", "contenu réservé", "pour lire la suite",
    "la suite est réservée", "abonnez-vous pour lire", "cet article est réservé",
    // en
    "subscribe to read", "subscribe to continue", "subscribers only", "subscriber-only", "for subscribers only",
    "this article is for subscribers", "subscribe to unlock",
    // de
    "exklusiv für abonnenten", "nur für abonnenten", "mit abo lesen", "weiterlesen mit", "abonnieren sie, um",
    // nl
    "alleen voor abonnees", "lees verder met", "exclusief voor abonnees",
    // es
    "contenido exclusivo para suscriptores", "exclusivo para suscriptores", "suscríbete para seguir leyendo",
    "para seguir leyendo",
    // it
    "riservato agli abbonati", "contenuto riservato", "abbonati per continuare"};

// Generic subscriber words that every page's header may print ("Abo", "Déjà abonné ?"):
// reported as evidence, never enough (a free brief's page prints them too).
constexpr std::array<std::string_view, 8> kWeakPaywallPhrases = {
    "abo",        "déjà abonné",       "already a subscriber", "bereits abonnent",
    "al abonnee", "ya soy suscriptor", "sei già abbonato",     "become a subscriber"};

// Markup of paywall components (class names, scripts): evidence only, free articles load
// them too.
constexpr std::array<std::string_view, 4> kPaywallMarkers = {"paywall", "premium-content", "article-locked",
                                                             "subscriber-only"};

// JSON-LD types of list pages (schema.org).
constexpr std::array<std::string_view, 4> kListingJsonLdTypes = {"CollectionPage", "ItemList", "SearchResultsPage",
                                                                 "ProfilePage"};

// JSON-LD types of a site's service pages (schema.org); see service_page.h.
constexpr std::array<std::string_view, 2> kServiceJsonLdTypes = {"AboutPage", "ContactPage"};

// Path segments of list pages and of articles (lower-case).
constexpr std::array<std::string_view, 16> kListingPathSegments = {"tag",      "tags",     "author",    "auteur",
                                                                   "authors",  "category", "categorie", "rubrique",
                                                                   "section",  "search",   "recherche", "archive",
                                                                   "archives", "topic",    "theme",     "page"};

// ---- Helpers ------------------------------------------------------------------------------

bool IsHeading(const dom::Node& node) {
  return node.tag.size() == 2 && node.tag[0] == 'h' && node.tag[1] >= '1' && node.tag[1] <= '6';
}

// The bytes of `word` (8 bytes, any order) that are ASCII whitespace (ascii::IsSpace: space,
// \t \n \v \f \r) marked by their high bit, computed for all eight at once: this count runs
// over all the text of every page. Each byte is handled without carries into its neighbours
// (its high bit is cleared first, and only values up to 0x7F + 0x7F are added).
uint64_t SpaceBytes(uint64_t word) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  const uint64_t low = word & kLow7;
  const uint64_t not_space = ((low ^ (kOnes * ' ')) + kLow7) | (low ^ (kOnes * ' '));  // high bit: byte != ' '
  const uint64_t at_least_tab = low + kOnes * (0x80 - '\t');                           // high bit: byte >= '\t'
  const uint64_t above_cr = low + kOnes * (0x80 - '\r' - 1);                           // high bit: byte > '\r'
  return ((~not_space | (at_least_tab & ~above_cr)) & ~word) & kHigh;
}

size_t NonSpaceBytes(std::string_view text) {
  size_t spaces = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    // One bit per whitespace byte; their count by multiplication (each byte adds 0 or 1).
    spaces += static_cast<size_t>(((SpaceBytes(word) >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < text.size(); ++i) spaces += ascii::IsSpace(text[i]) ? 1U : 0U;
  return text.size() - spaces;
}

bool IsWordByte(char c) { return ascii::IsAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }

// True when `phrase` occurs in `text` (both lower-case) as whole words: "abo" is not found in
// "abonnés", "404" not in "14045".
// The first occurrence of `needle` in `text` at or after `from`, or npos. glibc's memmem skips
// ahead by pairs of bytes; string_view::find stops at every byte equal to the needle's first,
// which, for phrases starting with a common letter, is most of a page's text.
size_t Find(std::string_view text, std::string_view needle, size_t from) {
  if (from > text.size()) return std::string_view::npos;
  const void* found = memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return found == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(found) - text.data());
}

bool ContainsPhrase(std::string_view text, std::string_view phrase) {
  for (size_t at = Find(text, phrase, 0); at != std::string_view::npos; at = Find(text, phrase, at + 1)) {
    bool starts_word = at == 0 || !IsWordByte(text[at - 1]) || !IsWordByte(phrase.front());
    size_t end = at + phrase.size();
    bool ends_word = end == text.size() || !IsWordByte(text[end]) || !IsWordByte(phrase.back());
    if (starts_word && ends_word) return true;
  }
  return false;
}

// The phrases of `list` found in `text`, each once.
template <size_t N>
std::vector<std::string_view> FindPhrases(std::string_view text, const std::array<std::string_view, N>& list) {
  std::vector<std::string_view> found;
  for (std::string_view phrase : list) {
    if (ContainsPhrase(text, phrase)) found.push_back(phrase);
  }
  return found;
}

// The markers of `list` found anywhere in `lower_html` (no word boundary: "didomi-host").
template <size_t N>
std::vector<std::string_view> FindMarkers(std::string_view lower_html, const std::array<std::string_view, N>& list) {
  std::vector<std::string_view> found;
  for (std::string_view marker : list) {
    if (Find(lower_html, marker, 0) != std::string_view::npos) found.push_back(marker);
  }
  return found;
}

std::string Join(const std::vector<std::string_view>& items) {
  std::string joined;
  for (std::string_view item : items) {
    if (!joined.empty()) joined += ", ";
    joined += "'";
    joined += item;
    joined += "'";
  }
  return joined;
}

std::string Fixed(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

size_t SkipSpace(std::string_view text, size_t at) {
  while (at < text.size() && ascii::IsSpace(text[at])) ++at;
  return at;
}

// Reads a JSON string starting at the quote at `at`; returns its raw length (escapes counted
// as written) and moves `at` past the closing quote.
std::string_view ReadJsonString(std::string_view text, size_t& at) {
  size_t start = at + 1;
  size_t i = start;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2U : 1U;
  std::string_view value = text.substr(start, std::min(i, text.size()) - start);
  at = std::min(i + 1, text.size());
  return value;
}

// The position just after `"key"` and its colon, or npos.
size_t ValueAfterKey(std::string_view json, size_t key_end) {
  size_t at = SkipSpace(json, key_end);
  if (at >= json.size() || json[at] != ':') return std::string_view::npos;
  return SkipSpace(json, at + 1);
}

// JSON-LD without a full parse (metadata.cc parses it for the fields it needs): a scan for
// "@type", "isAccessibleForFree" and "articleBody", tolerant of the malformed JSON that pages
// ship (trailing commas, raw newlines).
void ScanJsonLd(std::string_view json, PageSignals& signals) {
  auto add_type = [&](std::string_view type) {
    if (type.empty() || type.size() > 64) return;
    for (const std::string& known : signals.jsonld_types) {
      if (known == type) return;
    }
    signals.jsonld_types.emplace_back(type);
  };
  constexpr std::string_view kType = "\"@type\"";
  for (size_t key = json.find(kType); key != std::string_view::npos; key = json.find(kType, key + 1)) {
    size_t at = ValueAfterKey(json, key + kType.size());
    if (at >= json.size()) continue;
    if (json[at] == '"') {
      add_type(ReadJsonString(json, at));
    } else if (json[at] == '[') {
      at = SkipSpace(json, at + 1);
      while (at < json.size() && json[at] == '"') {
        add_type(ReadJsonString(json, at));
        at = SkipSpace(json, at);
        if (at < json.size() && json[at] == ',') at = SkipSpace(json, at + 1);
      }
    }
  }
  constexpr std::string_view kFree = "\"isAccessibleForFree\"";
  for (size_t key = json.find(kFree); key != std::string_view::npos; key = json.find(kFree, key + 1)) {
    size_t at = ValueAfterKey(json, key + kFree.size());
    if (at >= json.size()) continue;
    std::string_view value = json.substr(at, 7);
    if (ascii::StartsWithIgnoreCase(value, "false") || ascii::StartsWithIgnoreCase(value, "\"false")) {
      signals.jsonld_not_free = true;
    }
  }
  constexpr std::string_view kBody = "\"articleBody\"";
  for (size_t key = json.find(kBody); key != std::string_view::npos; key = json.find(kBody, key + 1)) {
    size_t at = ValueAfterKey(json, key + kBody.size());
    if (at >= json.size() || json[at] != '"') continue;
    signals.jsonld_article_body_chars =
        std::max(signals.jsonld_article_body_chars, NonSpaceBytes(ReadJsonString(json, at)));
  }
}

bool IsArticleJsonLdType(std::string_view type) {
  // schema.org Article and its subtypes (NewsArticle, ReportageNewsArticle, ScholarlyArticle,
  // ...), BlogPosting and LiveBlogPosting.
  return (type.size() >= 7 && type.substr(type.size() - 7) == "Article") || type == "BlogPosting" ||
         type == "LiveBlogPosting" || type == "Report";
}

// Text bytes (whitespace excluded) below `node`, counted up to `limit` (then it stops: the
// caller only needs to know whether the subtree is small). `link_bytes`, when not null, gets
// the part inside <a href>.
size_t BoundedTextBytes(const dom::Node* node, size_t limit, size_t* link_bytes = nullptr, int* headings = nullptr) {
  size_t bytes = 0;
  // (node, inside a link). One stack per thread, reused: this runs for every linked heading
  // and its ancestors, and a new vector each time cost more allocations than the walk itself.
  thread_local std::vector<std::pair<const dom::Node*, bool>> stack;
  stack.clear();
  stack.push_back({node, false});
  while (!stack.empty() && bytes <= limit) {
    auto [current, in_link] = stack.back();
    stack.pop_back();
    if (current->IsText()) {
      size_t chars = NonSpaceBytes(current->text);
      bytes += chars;
      if (in_link && link_bytes != nullptr) *link_bytes += chars;
      continue;
    }
    if (current->IsElement() && (current->Is("script") || current->Is("style"))) continue;
    if (headings != nullptr && current->IsElement() && IsHeading(*current)) ++*headings;
    bool link = in_link || (current->Is("a") && current->Attr("href") != nullptr);
    for (const dom::Node* child : current->children) stack.push_back({child, link});
  }
  return bytes;
}

// CollapseWhitespace(TextContent(node)), built in `buffer` with `stack` for the walk (both
// reused from call to call, so that the links of a page cost no allocation each).
const std::string& CollapsedTextContent(const dom::Node* node, std::string& buffer,
                                        std::vector<const dom::Node*>& stack) {
  buffer.clear();
  bool pending_space = false;
  stack.assign(1, node);
  while (!stack.empty()) {  // pre-order, as dom::Walk
    const dom::Node* current = stack.back();
    stack.pop_back();
    if (current->IsText()) text::AppendCollapsedWhitespace(current->text, buffer, pending_space);
    for (auto it = current->children.rbegin(); it != current->children.rend(); ++it) stack.push_back(*it);
  }
  return buffer;
}

// A linked heading is a teaser's headline when the element around it holds a little more
// text (a summary, a date) and not much: that element is a teaser card. Its paragraphs stay
// teaser text after the generic extractor drops the headline itself (a link-dense block).
// The card is the highest such element within kTeaserCardLevels (a blog entry's <header>
// holds the headline and a date, its <article> the excerpt too) that holds no other heading.
void MarkTeaserCard(const dom::Node& heading, PageSignals& signals) {
  size_t heading_bytes = BoundedTextBytes(&heading, kMaxTeaserCardChars);
  const dom::Node* card = nullptr;
  const dom::Node* ancestor = heading.parent;
  for (int level = 0; ancestor != nullptr && level < kTeaserCardLevels; ++level, ancestor = ancestor->parent) {
    if (!ancestor->IsElement() || ancestor->Is("body")) break;
    int headings = 0;
    size_t bytes = BoundedTextBytes(ancestor, kMaxTeaserCardChars, nullptr, &headings);
    // A card has one headline: an element holding two is the list (a short one fits the size).
    if (bytes > kMaxTeaserCardChars || headings > 1) break;
    if (bytes > heading_bytes) card = ancestor;  // more than the headline: a card so far
  }
  if (card != nullptr) signals.teaser_cards.push_back(card);
}

// The element delimiting a paragraph, or one of its ancestors, is a link.
bool IsInsideLink(const dom::Node* node) {
  for (int level = 0; node != nullptr && level < 8; node = node->parent, ++level) {
    if (node->Is("a") && node->Attr("href") != nullptr) return true;
  }
  return false;
}

// The body sits in the page's own article markup.
bool IsAnchoredOnArticleMarkup(const dom::Node* node) {
  for (; node != nullptr; node = node->parent) {
    if (node->Is("article") || node->Is("main")) return true;
    if (const std::string* itemprop = node->Attr("itemprop");
        itemprop != nullptr && ascii::ContainsIgnoreCase(*itemprop, "articlebody")) {
      return true;
    }
  }
  return false;
}

// The path of `url` (lower-case), without query and fragment; "" when there is no URL.
std::string LowerPath(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  size_t path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) return "/";
  size_t end = url.find_first_of("?#", path);
  return ascii::ToLower(url.substr(path, end == std::string_view::npos ? std::string_view::npos : end - path));
}

// The path of an absolute URL, a scheme-relative one or a root-relative link, percent-decoded
// and lower-cased, without query and fragment; "" for a document-relative link (which would
// need the page's URL to resolve: not worth it for a cue) or no URL.
std::string DecodedLinkPath(std::string_view link) {
  std::string_view path;
  if (size_t scheme = link.find("://"); scheme != std::string_view::npos || link.substr(0, 2) == "//") {
    size_t host = scheme != std::string_view::npos ? scheme + 3 : 2;
    size_t slash = link.find('/', host);
    path = slash == std::string_view::npos ? std::string_view("/") : link.substr(slash);
  } else if (!link.empty() && link.front() == '/') {
    path = link;
  } else {
    return "";
  }
  path = path.substr(0, path.find_first_of("?#"));
  std::string decoded;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && ascii::IsHexDigit(path[i + 1]) && ascii::IsHexDigit(path[i + 2])) {
      decoded += static_cast<char>(ascii::HexDigitValue(path[i + 1]) * 16 + ascii::HexDigitValue(path[i + 2]));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  return ascii::ToLower(decoded);
}

// The first link of a teaser card (its headline's) leads to another page than `page_url`:
// the card is a teaser of that page. False when either path is unknown.
bool CardLinksElsewhere(const dom::Node& card, std::string_view page_url) {
  std::string page_path = DecodedLinkPath(page_url);
  if (page_path.empty()) return false;
  std::vector<const dom::Node*> stack = {&card};
  while (!stack.empty()) {
    const dom::Node* node = stack.back();
    stack.pop_back();
    if (node->Is("a")) {
      if (const std::string* href = node->Attr("href")) {
        std::string link_path = DecodedLinkPath(*href);
        return !link_path.empty() && link_path != page_path;
      }
    }
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back(*it);
  }
  return false;
}

// +1 listing-like path (the root, /tag/x, /author/x, /page/2, a single section segment),
// -1 article-like (a long slug, a long number, a .html leaf with digits), 0 neither.
int PathShape(std::string_view url) {
  std::string path = LowerPath(url);
  if (path.empty()) return 0;
  if (path == "/") return 1;
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  for (std::string_view segment : segments) {
    size_t digits = 0, run = 0, hyphens = 0;
    for (char c : segment) {
      run = ascii::IsDigit(c) ? run + 1 : 0;
      digits = std::max(digits, run);
      hyphens += c == '-' || c == '_' ? 1U : 0U;
    }
    // Article ids (5+ digits) and headline slugs (4+ words).
    if (digits >= 5 || hyphens >= 4) return -1;
  }
  for (std::string_view segment : segments) {
    for (std::string_view listing : kListingPathSegments) {
      if (segment == listing) return 1;
    }
  }
  if (segments.size() == 1 && path.back() == '/') return 1;  // a section: /culture/
  return 0;
}

struct BodyStats {
  size_t chars = 0;
  int paragraphs = 0;
  int teaser_paragraphs = 0;              // link text, or inside a link
  int sibling_cards = 0;                  // teaser cards beside the card holding the body's first teaser paragraph
  const dom::Node* first_card = nullptr;  // that card, or null
  std::string lower_text;                 // built only when needed
};

// The teaser card (PageSignals::teaser_cards) that `block` belongs to, or null.
const dom::Node* CardOf(const dom::Node* block, const PageSignals& signals) {
  const dom::Node* ancestor = block;
  for (int level = 0; ancestor != nullptr && level <= kTeaserParagraphLevels; ++level, ancestor = ancestor->parent) {
    if (std::binary_search(signals.teaser_cards.begin(), signals.teaser_cards.end(), ancestor)) return ancestor;
  }
  return nullptr;
}

bool SameClass(const dom::Node& a, const dom::Node& b) {
  const std::string* class_a = a.Attr("class");
  const std::string* class_b = b.Attr("class");
  if (class_a == nullptr || class_b == nullptr) return class_a == class_b;
  return *class_a == *class_b;
}

// Teaser cards of `signals` that are siblings of `card`: the same parent, or parents of the
// same tag under one grandparent (each card wrapped in its own list item); entries of one list
// share their markup, so the cards must have the same tag and class.
int SiblingCards(const dom::Node* card, const PageSignals& signals) {
  const dom::Node* parent = card->parent;
  if (parent == nullptr) return 0;
  int siblings = 0;
  for (const dom::Node* other : signals.teaser_cards) {
    if (other == card || other->parent == nullptr) continue;
    if (other->tag != card->tag || !SameClass(*other, *card)) continue;
    bool cousin =
        other->parent->parent == parent->parent && parent->parent != nullptr && other->parent->tag == parent->tag;
    siblings += other->parent == parent || cousin ? 1 : 0;
  }
  return siblings;
}

BodyStats BodyStatsOf(const std::vector<text::Paragraph>& body, const PageSignals& signals) {
  BodyStats stats;
  // A card holds a summary, a date, a kicker: one that holds more of the body is a short
  // article around a linked heading, not a teaser.
  std::vector<const dom::Node*> cards;
  for (const text::Paragraph& paragraph : body) cards.push_back(CardOf(paragraph.block, signals));
  for (size_t i = 0; i < body.size(); ++i) {
    const text::Paragraph& paragraph = body[i];
    stats.chars += paragraph.text.size();
    ++stats.paragraphs;
    bool teaser = IsInsideLink(paragraph.block);
    if (!teaser && paragraph.text.size() >= kMinHeadlineLinkChars) {
      teaser = std::binary_search(signals.link_text_hashes.begin(), signals.link_text_hashes.end(),
                                  text_hash::Fnv1a(paragraph.text));
    }
    if (!teaser && cards[i] != nullptr) {
      teaser = std::count(cards.begin(), cards.end(), cards[i]) <= kMaxParagraphsPerCard;
      if (teaser && stats.first_card == nullptr) {
        stats.first_card = cards[i];
        stats.sibling_cards = SiblingCards(cards[i], signals);
      }
    }
    if (!teaser && paragraph.block != nullptr) {
      size_t link_bytes = 0;
      size_t bytes = BoundedTextBytes(paragraph.block, 4 * paragraph.text.size() + 64, &link_bytes);
      teaser = bytes > 0 && static_cast<double>(link_bytes) >= kLinkParagraphDensity * static_cast<double>(bytes);
    }
    stats.teaser_paragraphs += teaser ? 1 : 0;
  }
  return stats;
}

double BaseConfidence(std::string_view step) {
  if (step == "rule") return kBaseRule;
  if (step == "generic:main") return kBaseMain;
  if (step == "generic:merged") return kBaseMerged;
  if (step == "generic:relaxed") return kBaseRelaxed;
  if (step == "generic:fallback") return kBaseFallback;
  return 0;
}

// The body lower-cased, one line per paragraph, built on first use: most pages never need it.
class LowerBody {
 public:
  explicit LowerBody(const std::vector<text::Paragraph>& body) : body_(body) {}
  const std::string& Get() {
    if (!built_) {
      size_t size = 0;
      for (const text::Paragraph& paragraph : body_) size += paragraph.text.size() + 1;
      text_.reserve(size);
      for (const text::Paragraph& paragraph : body_) {
        size_t start = text_.size();
        text_ += paragraph.text;
        for (size_t i = start; i < text_.size(); ++i) text_[i] = ascii::ToLower(text_[i]);
        text_ += '\n';
      }
      built_ = true;
    }
    return text_;
  }

 private:
  const std::vector<text::Paragraph>& body_;
  std::string text_;
  bool built_ = false;
};

// The checks that only short pages need: consent, challenge, error, paywall, in that order (a
// wall hides whatever the page would have been). Returns kArticle when none applies.
PageType BlockedType(const PageSignals& signals, const BodyStats& body, const ExtractionFacts& facts,
                     LowerBody& lower_body, std::vector<std::string>& evidence) {
  // The whole page lower-cased, made only when a marker search needs it: most short pages are
  // decided by their text alone, and lower-casing and searching the raw HTML cost more than
  // the rest of the classification.
  std::string lower_html_storage;
  bool lowered = false;
  auto lower_html = [&]() -> const std::string& {
    if (!lowered) {
      lower_html_storage = ascii::ToLower(facts.html);
      lowered = true;
    }
    return lower_html_storage;
  };
  // The visible text lower-cased, also made on first use (a long page with a short body may
  // need no phrase search at all).
  std::string lower_sample_storage;
  bool sample_lowered = false;
  auto lower_sample = [&]() -> const std::string& {
    if (!sample_lowered) {
      lower_sample_storage = ascii::ToLower(text::CollapseWhitespace(signals.text_sample));
      sample_lowered = true;
    }
    return lower_sample_storage;
  };
  std::string lower_title = ascii::ToLower(signals.title + " | " + signals.first_h1);

  // Both consent tests below need a page with less text than kConsentMaxPageChars (the second
  // one, less than kShellMaxTextChars): on a longer page neither phrases nor markers can
  // make it a wall, and they are not looked for.
  if (signals.text_chars < kConsentMaxPageChars) {
    std::vector<std::string_view> consent_phrases = FindPhrases(lower_sample(), kConsentPhrases);
    // Markers matter only with a consent phrase, or on a nearly empty page (the two tests below).
    std::vector<std::string_view> consent_markers;
    if (!consent_phrases.empty() || signals.text_chars < kShellMaxTextChars) {
      consent_markers = FindMarkers(lower_html(), kConsentMarkers);
    }
    bool wall_text = static_cast<int>(consent_phrases.size()) >= kMinConsentPhrases ||
                     (!consent_phrases.empty() && !consent_markers.empty());
    // The body's own consent phrases are read only when the rest already says "wall".
    if (wall_text && (body.chars < kConsentMaxBodyChars || !FindPhrases(lower_body.Get(), kConsentPhrases).empty())) {
      evidence.push_back("consent: phrases " + Join(consent_phrases) +
                         (consent_markers.empty() ? "" : ", markers " + Join(consent_markers)) + ", body " +
                         std::to_string(body.chars) + " chars");
      return PageType::kConsent;
    }
    if (signals.text_chars < kShellMaxTextChars && !consent_markers.empty()) {
      evidence.push_back("consent: an empty page (" + std::to_string(signals.text_chars) +
                         " chars of text) loading a consent framework: " + Join(consent_markers));
      return PageType::kConsent;
    }
  }

  if (signals.text_chars < kChallengeMaxTextChars) {
    std::vector<std::string_view> title = FindPhrases(lower_title, kChallengeTitlePhrases);
    std::vector<std::string_view> text = FindPhrases(lower_sample(), kChallengeTextPhrases);
    std::vector<std::string_view> markers = FindMarkers(lower_html(), kChallengeMarkers);
    if (!title.empty() || !text.empty() || !markers.empty()) {
      evidence.push_back("challenge: title " + Join(title) + ", text " + Join(text) + ", markers " + Join(markers));
      return PageType::kChallenge;
    }
  }

  std::vector<std::string_view> error_title = FindPhrases(lower_title, kErrorTitlePhrases);
  if (!error_title.empty() && body.chars < kErrorMaxBodyChars) {
    evidence.push_back("error: title or heading says " + Join(error_title) + ", body " + std::to_string(body.chars) +
                       " chars");
    return PageType::kError;
  }
  if (body.chars < kErrorPhraseMaxBodyChars) {
    std::vector<std::string_view> error_text = FindPhrases(lower_sample(), kErrorTextPhrases);
    if (!error_text.empty()) {
      evidence.push_back("error: text says " + Join(error_text) + ", body " + std::to_string(body.chars) + " chars");
      return PageType::kError;
    }
  }

  if (body.chars < kPaywallMaxBodyChars) {
    std::vector<std::string_view> strong = FindPhrases(lower_sample(), kPaywallPhrases);
    // Only a subscriber call or the publisher's own flag decides; the weak cues are evidence.
    if (!strong.empty() || signals.jsonld_not_free) {
      std::vector<std::string_view> weak = FindPhrases(lower_sample(), kWeakPaywallPhrases);
      std::vector<std::string_view> markers = FindMarkers(lower_html(), kPaywallMarkers);
      evidence.push_back("paywall: (calls " + Join(strong) + ", weak " + Join(weak) + ", markers " + Join(markers) +
                         (signals.jsonld_not_free ? ", isAccessibleForFree false" : "") + "), body " +
                         std::to_string(body.chars) + " chars");
      return PageType::kPaywall;
    }
  }
  // Last: an empty page is a JavaScript-only shell only when nothing above explains it.
  if (signals.text_chars < kShellMaxTextChars && lower_html().find("<script") != std::string::npos) {
    bool asks_for_js = !FindPhrases(lower_html(), kChallengeTextPhrases).empty();
    evidence.push_back("challenge: a JavaScript-only page (" + std::to_string(signals.text_chars) +
                       " chars of text, scripts" + (asks_for_js ? ", asks to enable JavaScript)" : ")"));
    return PageType::kChallenge;
  }
  return PageType::kArticle;
}

}  // namespace

const char* PageTypeName(PageType type) {
  switch (type) {
    case PageType::kArticle:
      return "article";
    case PageType::kListing:
      return "listing";
    case PageType::kConsent:
      return "consent";
    case PageType::kChallenge:
      return "challenge";
    case PageType::kPaywall:
      return "paywall";
    case PageType::kError:
      return "error";
    case PageType::kOther:
      return "other";
  }
  return "other";  // not reached: every type is named above
}

bool IsBlocked(PageType type) {
  return type == PageType::kConsent || type == PageType::kChallenge || type == PageType::kPaywall ||
         type == PageType::kError;
}

PageSignals CollectSignals(const dom::Document& document) {
  PageSignals signals;
  std::string og_description, meta_description;
  // An explicit enter/leave walk: text must know whether it sits inside a link.
  struct Frame {
    const dom::Node* node;
    bool leaving;
  };
  std::vector<Frame> stack{{document.root(), false}};
  int link_depth = 0;
  const dom::Node* last_linked_heading = nullptr;
  std::string link_text;                     // the current link's collapsed text (one buffer for the page)
  std::vector<const dom::Node*> link_stack;  // and the walk that builds it
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    const dom::Node* node = frame.node;
    if (frame.leaving) {
      --link_depth;  // only links are pushed with a leave frame
      continue;
    }
    if (node->IsText()) {
      size_t chars = NonSpaceBytes(node->text);
      if (chars == 0) continue;
      signals.text_chars += chars;
      if (link_depth > 0) {
        signals.link_text_chars += chars;
      } else if (signals.text_sample.size() < kTextSampleBytes) {
        signals.text_sample += ' ';
        signals.text_sample.append(node->text, 0,
                                   kTextSampleBytes - std::min(kTextSampleBytes, signals.text_sample.size()));
      }
      continue;
    }
    if (node->IsElement()) {
      // string_view: compared by length first, the cheap test on every element of the page.
      const std::string_view tag = node->tag;
      if (tag == "script") {
        const std::string* type = node->Attr("type");
        if (type != nullptr && ascii::EqualsIgnoreCase(*type, "application/ld+json")) {
          ScanJsonLd(dom::TextContent(node), signals);
        }
        continue;
      }
      if (tag == "style" || tag == "template" || tag == "noscript" || tag == "svg") continue;
      if (tag == "title") {
        if (signals.title.empty()) signals.title = text::CollapseWhitespace(dom::TextContent(node));
        continue;
      }
      if (tag == "meta") {
        const std::string* content = node->Attr("content");
        const std::string* key = node->Attr("property");
        if (key == nullptr) key = node->Attr("name");
        if (content != nullptr && key != nullptr) {
          if (ascii::EqualsIgnoreCase(*key, "og:type")) signals.og_type = ascii::ToLower(*content);
          if (ascii::EqualsIgnoreCase(*key, "og:description")) og_description = *content;
          if (ascii::EqualsIgnoreCase(*key, "description")) meta_description = *content;
        }
        continue;
      }
      if (IsHeading(*node)) {
        if (tag == "h1" && signals.first_h1.empty()) {
          signals.first_h1 = text::CollapseWhitespace(dom::TextContent(node));
        }
        if (link_depth > 0) {
          ++signals.linked_headings;
          last_linked_heading = node;
          MarkTeaserCard(*node, signals);
        }
      }
      if (tag == "a" && node->Attr("href") != nullptr) {
        ++signals.links;
        if (link_depth == 0) {
          const std::string& text = CollapsedTextContent(node, link_text, link_stack);
          if (text.size() >= kMinHeadlineLinkChars) signals.link_text_hashes.push_back(text_hash::Fnv1a(text));
          const dom::Node* ancestor = node->parent;
          for (int level = 0; ancestor != nullptr && level < kHeadingLinkLevels; ++level, ancestor = ancestor->parent) {
            if (ancestor->IsElement() && IsHeading(*ancestor)) {
              if (ancestor != last_linked_heading) {
                ++signals.linked_headings;
                last_linked_heading = ancestor;
                MarkTeaserCard(*ancestor, signals);
              }
              break;
            }
          }
        }
        ++link_depth;
        stack.push_back({node, true});
      }
    }
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back({*it, false});
  }
  signals.description = text::CollapseWhitespace(og_description.empty() ? meta_description : og_description);
  std::sort(signals.link_text_hashes.begin(), signals.link_text_hashes.end());
  std::sort(signals.teaser_cards.begin(), signals.teaser_cards.end());
  return signals;
}

Verdict Classify(const PageSignals& signals, const ExtractionFacts& facts) {
  Verdict verdict;
  BodyStats body = BodyStatsOf(*facts.body, signals);
  bool rule = facts.step == "rule";
  bool main_content = facts.step != "generic:fallback" && facts.step != "generic:none";
  LowerBody lower_body(*facts.body);
  auto body_text = [&]() -> const std::string& { return lower_body.Get(); };

  // Blocked pages first: short pages only.
  if (body.chars < kSuspectBodyChars || !main_content || signals.jsonld_not_free) {
    PageType blocked = BlockedType(signals, body, facts, lower_body, verdict.evidence);
    if (blocked != PageType::kArticle) {
      verdict.type = blocked;
      verdict.evidence.insert(verdict.evidence.begin(), std::string("page type: ") + PageTypeName(blocked));
      verdict.evidence.push_back("confidence: 0.00 (not an article)");
      return verdict;
    }
  }

  // Listing or article: evidence summed.
  double score = 0;
  std::vector<std::string> reasons;
  auto add = [&](double weight, const std::string& why) {
    score += weight;
    reasons.push_back(why + " " + (weight >= 0 ? "+" : "") + Fixed(weight));
  };
  bool article_type = facts.declares_article || signals.og_type == "article";
  bool listing_type = false;
  std::string_view service_type;
  for (const std::string& type : signals.jsonld_types) {
    article_type = article_type || IsArticleJsonLdType(type);
    for (std::string_view listing : kListingJsonLdTypes) listing_type = listing_type || type == listing;
    for (std::string_view service : kServiceJsonLdTypes) {
      if (type == service) service_type = service;
    }
  }
  if (listing_type && !article_type) add(kWeightListingJsonLd, "JSON-LD list type");
  if (!listing_type && !article_type && signals.og_type == "website") add(kWeightWebsiteType, "og:type website");
  if (article_type) {
    // CMSs stamp article types on fronts too: the claim counts less when the page has no
    // main block to back it.
    add(main_content ? kWeightDeclaresArticle : kWeightDeclaresArticleNoMain, "declares an article");
  }
  double teaser_share = body.paragraphs > 0 ? static_cast<double>(body.teaser_paragraphs) / body.paragraphs : 0;
  if (body.teaser_paragraphs >= kMinTeaserParagraphs && teaser_share >= kTeaserShareListing) {
    add(teaser_share >= kTeaserShareMostly ? kWeightTeaserBodyMostly : kWeightTeaserBody,
        "teaser paragraphs " + std::to_string(body.teaser_paragraphs) + "/" + std::to_string(body.paragraphs) +
            " of the body");
  }
  if (teaser_share >= kTeaserShareMostly && body.teaser_paragraphs < kMinTeaserParagraphs &&
      body.first_card != nullptr) {
    if (body.sibling_cards >= kMinSiblingCards) {
      add(kWeightTeaserBodyMostly,
          "body is one teaser card of " + std::to_string(body.sibling_cards + 1) + " sibling cards");
    } else if (CardLinksElsewhere(*body.first_card, facts.url)) {
      add(kWeightTeaserBodyMostly, "body is a teaser card of another page");
    }
  }
  // The page around the body (its headline count and link density) speaks only when the body
  // does not: article pages are wrapped in link-heavy chrome too, and a body of prose decides.
  bool body_undecided = !main_content || teaser_share >= kTeaserShareListing || body.chars < kShortBodyChars;
  if (body_undecided && signals.linked_headings >= kManyLinkedHeadings &&
      body.chars < static_cast<size_t>(signals.linked_headings) * kBodyCharsPerLinkedHeading) {
    add(kWeightManyHeadings, std::to_string(signals.linked_headings) + " linked headings for a body of " +
                                 std::to_string(body.chars) + " chars");
  }
  double link_density = signals.text_chars > 0
                            ? static_cast<double>(signals.link_text_chars) / static_cast<double>(signals.text_chars)
                            : 0;
  if (body_undecided && signals.links >= kMinListingLinks && link_density >= kVeryHighLinkDensity) {
    add(kWeightVeryHighLinkDensity, "link density " + Fixed(link_density));
  } else if (body_undecided && signals.links >= kMinListingLinks && link_density >= kHighLinkDensity) {
    add(kWeightHighLinkDensity, "link density " + Fixed(link_density));
  }
  if (link_density < kLowLinkDensity) add(kWeightLowLinkDensity, "link density " + Fixed(link_density));
  if (!main_content) add(kWeightNoMainContent, "no main block (" + std::string(facts.step) + ")");
  if (body.chars >= kLongProseBodyChars && teaser_share < kTeaserShareListing) {
    add(kWeightLongProse, "long prose body (" + std::to_string(body.chars) + " chars)");
  }
  if (int shape = PathShape(facts.url); shape != 0) {
    add(shape > 0 ? kWeightListingPath : kWeightArticlePath,
        shape > 0 ? "list-like URL path" : "article-like URL path");
  }
  std::string listing_line = "listing score " + Fixed(score) + " (threshold " + Fixed(kListingThreshold) + ")";
  for (const std::string& reason : reasons) listing_line += "; " + reason;

  // Nothing to read but links: a page of links (a bare index).
  bool page_of_links =
      body.chars < kMinArticleBodyChars && signals.links >= kMinIndexLinks && link_density >= kHighLinkDensity;
  if (score >= kListingThreshold || page_of_links) {
    verdict.type = PageType::kListing;
    if (page_of_links && score < kListingThreshold) listing_line += "; nothing to read but links";
  } else if (body.chars < kMinArticleBodyChars) {
    verdict.type = PageType::kOther;
  } else {
    verdict.type = PageType::kArticle;
  }
  // A service page (about, contact, legal notice, ...) is prose like an article; its name and
  // the absence of any article evidence tell it apart. A rule's article_urls decide alone.
  if (verdict.type == PageType::kArticle && !rule && !article_type && !facts.has_date && !facts.has_authors) {
    std::string service = service_type.empty() ? service_page::MatchServiceName(facts.title, facts.url)
                                               : "JSON-LD " + std::string(service_type);
    if (!service.empty()) {
      verdict.type = PageType::kOther;
      listing_line += "; service page (" + service + "; no date, author or article markup)";
    }
  }
  verdict.evidence.push_back(std::string("page type: ") + PageTypeName(verdict.type));
  verdict.evidence.push_back(listing_line);
  if (verdict.type != PageType::kArticle) {
    verdict.evidence.push_back("confidence: 0.00 (not an article)");
    return verdict;
  }

  // Confidence that the body is the whole article and nothing else.
  std::string why;
  double confidence = BaseConfidence(facts.step);
  why += "step " + std::string(facts.step) + " " + Fixed(confidence);
  if (!rule && !facts.body->empty()) {
    if (IsAnchoredOnArticleMarkup(facts.body->front().block)) {
      confidence += kAnchoredBonus;
      why += ", anchored on article markup +" + Fixed(kAnchoredBonus);
    } else {
      confidence -= kUnanchoredPenalty;
      why += ", not in article markup -" + Fixed(kUnanchoredPenalty);
    }
  }
  if (body.chars < kConfidentBodyChars) {
    double factor = std::sqrt(static_cast<double>(body.chars) / static_cast<double>(kConfidentBodyChars));
    confidence *= factor;
    why += ", short body x" + Fixed(factor);
  }
  if (signals.jsonld_article_body_chars > 0) {
    size_t body_bytes = NonSpaceBytes(body_text());
    double ratio = static_cast<double>(std::min(body_bytes, signals.jsonld_article_body_chars)) /
                   static_cast<double>(std::max<size_t>(1, std::max(body_bytes, signals.jsonld_article_body_chars)));
    double factor = 1 - kArticleBodyWeight + kArticleBodyWeight * ratio;
    confidence *= factor;
    why += ", JSON-LD articleBody length ratio " + Fixed(ratio) + " x" + Fixed(factor);
  }
  if (!signals.description.empty()) {
    std::string description = ascii::ToLower(signals.description);
    int words = 0, found = 0;
    size_t start = 0;
    while (start < description.size()) {
      size_t end = description.find(' ', start);
      if (end == std::string::npos) end = description.size();
      std::string_view word = std::string_view(description).substr(start, end - start);
      while (!word.empty() && !IsWordByte(word.back())) word.remove_suffix(1);
      while (!word.empty() && !IsWordByte(word.front())) word.remove_prefix(1);
      if (word.size() >= kMinDescriptionWordChars) {
        ++words;
        found += body_text().find(word) != std::string::npos ? 1 : 0;
      }
      start = end + 1;
    }
    if (words > 0) {
      double overlap = static_cast<double>(found) / words;
      double factor = 1 - kDescriptionWeight + kDescriptionWeight * overlap;
      confidence *= factor;
      why += ", og:description words in body " + Fixed(overlap) + " x" + Fixed(factor);
    }
  }
  if (teaser_share > 0) {
    confidence *= 1 - teaser_share;
    why += ", teaser paragraphs x" + Fixed(1 - teaser_share);
  }
  if (score > 0) {
    double factor = std::max(0.0, 1 - kListingMarginWeight * score);
    confidence *= factor;
    why += ", listing evidence x" + Fixed(factor);
  }
  verdict.confidence = std::clamp(confidence, 0.0, 1.0);
  verdict.evidence.push_back("confidence: " + Fixed(verdict.confidence) + " (" + why + ")");
  return verdict;
}

}  // namespace pressoir::page_type

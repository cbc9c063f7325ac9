// Publication dates (see dates.h).
#include "extractors/dates.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

#include "base/ascii.h"
#include "extractors/text_serializer.h"

namespace pressoir::dates {
namespace {

// --- Heuristics (named, with the reason for each) ---

// Web news starts in the mid-1990s; earlier "dates" in pages are history, birth dates and
// founding years (htmldate's MIN_DATE is 1995-01-01 as well).
constexpr int kMinYear = 1995;
// A page fetched today can carry tomorrow's date: its time zone is ahead of the fetcher's.
constexpr std::time_t kFutureSlackSeconds = 24 * 3600;
// A title shorter than this is a logo or a section name in an <h1>, not the article's title.
constexpr size_t kMinTitleChars = 12;
// The header: what stands this many bytes of text before the title (kicker, breadcrumb, a date
// above the title) and after it (standfirst, byline, dateline; a long standfirst and an image
// caption can come before the byline).
constexpr size_t kHeaderBeforeTitle = 400;
constexpr size_t kHeaderAfterTitle = 1500;
// The text scanned for a date around the title: bounded, so that a long page costs nothing more.
constexpr size_t kNearTitleScanBytes = 2000;
// A date-like element (class "date", "byline", ...) with more text than this is a container
// (the whole article), not a date line.
constexpr size_t kMaxDateElementBytes = 200;
// Where a keyword that introduces a date may stand before it ("Publié le 7 juin", "Updated:
// June 7, 2020 at ..."): this many bytes back.
constexpr size_t kKeywordWindow = 40;

// <meta> names, properties and itemprops that hold the publication date (lower case), in the
// order they are trusted: htmldate's DATE_ATTRIBUTES, the specific before the generic ("date",
// "dc.date" and "timestamp" are sometimes the modification date).
constexpr std::array<std::string_view, 50> kPublishedMetaNames = {
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "datecreated",
    "date_published",
    "published_time",
    "published_date",
    "published-date",
    "publishdate",
    "publish_date",
    "publish-date",
    "publication_date",
    "publicationdate",
    "originalpublicationdate",
    "article_date_original",
    "article.published",
    "article.created",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dc.date.publication",
    "dcterms.created",
    "dc.created",
    "dc:created",
    "citation_publication_date",
    "citation_date",
    "rnews:datepublished",
    "bt:pubdate",
    "cxenseparse:recs:publishtime",
    "displaydate",
    "dateposted",
    "item-publish-date",
    "mediator_published_time",
    "shareaholic:article_published_time",
    "twt-published-at",
    "vr:published_time",
    "rbpubdate",
    "fechapublicacion",
    "content_create_date",
    "doc_date",
    "pdate",
    "ptime",
    "dc.date",
    "dcterms.date",
    "dc:date",
    "date",
};

// <meta> names of the modification date.
constexpr std::array<std::string_view, 11> kModifiedMetaNames = {
    "article:modified_time", "og:updated_time",  "datemodified", "article:modified", "modified_time",    "updated_time",
    "dc.modified",           "dcterms.modified", "lastmodified", "last-modified",    "modificationdate",
};

// Words that introduce a modification date in the text, lower case ("Mis à jour le ...").
constexpr std::array<std::string_view, 19> kModifiedKeywords = {
    "updated",     "update",         "mis à jour",   "mise à jour",   "modifié",    "actualisé",  "aktualisiert",
    "geändert",    "actualizado",    "actualizada",  "actualización", "aggiornato", "bijgewerkt", "atualizado",
    "atualização", "zaktualizowano", "aktualizacja", "last modified", "modified",
};

// Class or id fragments (lower case) of elements that hold a date line: htmldate's
// DATE_EXPRESSIONS, in several languages ("fecha", "datum", "data").
constexpr std::array<std::string_view, 15> kDateClassWords = {
    "date",  "time", "publish",   "posted", "byline", "dateline", "meta",  "fecha",
    "datum", "data", "submitted", "info",   "author", "updated",  "stamp",
};

// Containers whose dates are not the article's: reader comments (later), photo captions (when
// the photo was taken), related and recommended articles, sidebars (other articles' dates).
// Embedded posts (tweets, Instagram) and quotes carry their own dates too.
constexpr std::array<std::string_view, 11> kOtherDatesWords = {"comment",  "reply",  "caption",   "related",
                                                               "sidebar",  "widget", "recommend", "popular",
                                                               "trending", "tweet",  "instagram"};

// Words that introduce the publication date on a date line anywhere in the page ("First
// Published on Apr 8, 2020"), lower case.
constexpr std::array<std::string_view, 14> kPublishedKeywords = {
    "published",    "publié",       "publie le",   "veröffentlicht", "publicado",  "publicada", "pubblicato",
    "gepubliceerd", "opublikowano", "publikováno", "posted",         "erschienen", "publicat",  "yayınlanma",
};

// --- Calendar ---

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

bool IsCalendarDate(int year, int month, int day) {
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

std::string Pad2(int value) {
  std::string digits = std::to_string(value);
  if (digits.size() < 2) digits.insert(digits.begin(), '0');
  return digits;
}

Date MakeDate(int year, int month, int day) {
  return {year, month, day, std::to_string(year) + "-" + Pad2(month) + "-" + Pad2(day)};
}

std::optional<Date> Checked(int year, int month, int day) {
  if (!IsCalendarDate(year, month, day)) return std::nullopt;
  return MakeDate(year, month, day);
}

// --- Month names ---

struct MonthName {
  std::string_view name;
  int month;
};

// Full names and abbreviations, lower case (ASCII letters lowered; names that start with a
// non-ASCII capital are also listed capitalized). Matched whole, an abbreviation with or
// without its period, so that "mar" does not take "martes".
constexpr MonthName kMonthNames[] = {
    // English
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"sept", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
    // French
    {"janvier", 1},
    {"février", 2},
    {"fevrier", 2},
    {"mars", 3},
    {"avril", 4},
    {"mai", 5},
    {"juin", 6},
    {"juillet", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"décembre", 12},
    {"decembre", 12},
    {"janv", 1},
    {"févr", 2},
    {"fév", 2},
    {"fevr", 2},
    {"avr", 4},
    {"juil", 7},
    {"déc", 12},
    // German
    {"januar", 1},
    {"jänner", 1},
    {"februar", 2},
    {"märz", 3},
    {"maerz", 3},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"dezember", 12},
    {"jän", 1},
    {"mär", 3},
    {"mrz", 3},
    {"okt", 10},
    {"dez", 12},
    // Spanish
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"ene", 1},
    {"abr", 4},
    {"ago", 8},
    {"dic", 12},
    // Italian
    {"gennaio", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"giugno", 6},
    {"luglio", 7},
    {"settembre", 9},
    {"ottobre", 10},
    {"dicembre", 12},
    {"gen", 1},
    {"mag", 5},
    {"giu", 6},
    {"lug", 7},
    {"set", 9},
    {"ott", 10},
    // Dutch
    {"januari", 1},
    {"februari", 2},
    {"maart", 3},
    {"mei", 5},
    {"augustus", 8},
    {"mrt", 3},
    // Portuguese
    {"janeiro", 1},
    {"fevereiro", 2},
    {"março", 3},
    {"marco", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"novembro", 11},
    {"dezembro", 12},
    {"fev", 2},
    {"out", 10},
    // Polish (nominative and genitive)
    {"styczeń", 1},
    {"stycznia", 1},
    {"luty", 2},
    {"lutego", 2},
    {"marzec", 3},
    {"marca", 3},
    {"kwiecień", 4},
    {"kwietnia", 4},
    {"maj", 5},
    {"maja", 5},
    {"czerwiec", 6},
    {"czerwca", 6},
    {"lipiec", 7},
    {"lipca", 7},
    {"sierpień", 8},
    {"sierpnia", 8},
    {"wrzesień", 9},
    {"września", 9},
    {"październik", 10},
    {"października", 10},
    {"listopad", 11},
    {"listopada", 11},
    {"grudzień", 12},
    {"grudnia", 12},
    // Czech (genitive)
    {"ledna", 1},
    {"února", 2},
    {"března", 3},
    {"dubna", 4},
    {"května", 5},
    {"června", 6},
    {"července", 7},
    {"srpna", 8},
    {"září", 9},
    {"října", 10},
    {"listopadu", 11},
    {"prosince", 12},
    // Romanian
    {"ianuarie", 1},
    {"februarie", 2},
    {"martie", 3},
    {"aprilie", 4},
    {"iunie", 6},
    {"iulie", 7},
    {"septembrie", 9},
    {"octombrie", 10},
    {"noiembrie", 11},
    {"decembrie", 12},
    // Hungarian
    {"január", 1},
    {"február", 2},
    {"március", 3},
    {"április", 4},
    {"május", 5},
    {"június", 6},
    {"július", 7},
    {"augusztus", 8},
    {"szeptember", 9},
    {"október", 10},
    // Swedish, Danish, Norwegian
    {"augusti", 8},
    {"marts", 3},
    // Finnish (partitive, as in "7. kesäkuuta 2020")
    {"tammikuuta", 1},
    {"helmikuuta", 2},
    {"maaliskuuta", 3},
    {"huhtikuuta", 4},
    {"toukokuuta", 5},
    {"kesäkuuta", 6},
    {"heinäkuuta", 7},
    {"elokuuta", 8},
    {"syyskuuta", 9},
    {"lokakuuta", 10},
    {"marraskuuta", 11},
    {"joulukuuta", 12},
    // Indonesian
    {"maret", 3},
    {"agustus", 8},
    {"desember", 12},
    {"okt", 10},
    // Turkish
    {"ocak", 1},
    {"şubat", 2},
    {"Şubat", 2},
    {"mart", 3},
    {"nisan", 4},
    {"mayıs", 5},
    {"haziran", 6},
    {"temmuz", 7},
    {"ağustos", 8},
    {"eylül", 9},
    {"ekim", 10},
    {"kasım", 11},
    {"aralık", 12},
    // Russian (nominative and genitive, lower case as dates write them)
    {"январь", 1},
    {"января", 1},
    {"февраль", 2},
    {"февраля", 2},
    {"март", 3},
    {"марта", 3},
    {"апрель", 4},
    {"апреля", 4},
    {"май", 5},
    {"мая", 5},
    {"июнь", 6},
    {"июня", 6},
    {"июль", 7},
    {"июля", 7},
    {"август", 8},
    {"августа", 8},
    {"сентябрь", 9},
    {"сентября", 9},
    {"октябрь", 10},
    {"октября", 10},
    {"ноябрь", 11},
    {"ноября", 11},
    {"декабрь", 12},
    {"декабря", 12},
    // Ukrainian (genitive)
    {"січня", 1},
    {"лютого", 2},
    {"березня", 3},
    {"квітня", 4},
    {"травня", 5},
    {"червня", 6},
    {"липня", 7},
    {"серпня", 8},
    {"вересня", 9},
    {"жовтня", 10},
    {"листопада", 11},
    {"грудня", 12},
    // Bulgarian
    {"януари", 1},
    {"февруари", 2},
    {"април", 4},
    {"юни", 6},
    {"юли", 7},
    {"септември", 9},
    {"октомври", 10},
    {"ноември", 11},
    {"декември", 12},
    // Serbian, Bosnian (Latin)
    {"mart", 3},
    {"avgust", 8},
    {"septembar", 9},
    {"oktobar", 10},
    {"novembar", 11},
    {"decembar", 12},
    // Greek (genitive)
    {"Ιανουαρίου", 1},
    {"Φεβρουαρίου", 2},
    {"Μαρτίου", 3},
    {"Απριλίου", 4},
    {"Μαΐου", 5},
    {"Ιουνίου", 6},
    {"Ιουλίου", 7},
    {"Αυγούστου", 8},
    {"Σεπτεμβρίου", 9},
    {"Οκτωβρίου", 10},
    {"Νοεμβρίου", 11},
    {"Δεκεμβρίου", 12},
    // Arabic: the Egyptian and Gulf names, and the Levantine ones (two-word Levantine names
    // are matched by their first word when it is unambiguous: "آذار", "تشرين" is not).
    {"يناير", 1},
    {"فبراير", 2},
    {"مارس", 3},
    {"أبريل", 4},
    {"ابريل", 4},
    {"إبريل", 4},
    {"مايو", 5},
    {"يونيو", 6},
    {"يونيه", 6},
    {"يوليو", 7},
    {"يوليه", 7},
    {"أغسطس", 8},
    {"اغسطس", 8},
    {"سبتمبر", 9},
    {"أكتوبر", 10},
    {"اكتوبر", 10},
    {"نوفمبر", 11},
    {"ديسمبر", 12},
    {"شباط", 2},
    {"آذار", 3},
    {"نيسان", 4},
    {"أيار", 5},
    {"ايار", 5},
    {"حزيران", 6},
    {"تموز", 7},
    {"آب", 8},
    {"أيلول", 9},
    {"ايلول", 9},
};

int MonthFromWord(std::string_view word) {
  if (word.size() < 3 || word.size() > 28) return 0;
  // Lower-cased into a stack buffer: this runs for words next to numbers in every scanned text.
  char lower[28];
  for (size_t i = 0; i < word.size(); ++i) lower[i] = ascii::ToLower(word[i]);
  std::string_view key(lower, word.size());
  for (const MonthName& name : kMonthNames) {
    if (name.name.size() == key.size() && name.name == key) return name.month;
  }
  return 0;
}

// Words that may stand between the parts of a date: "7 de junio de 2020", "the 7th of June".
bool IsFillerWord(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kFillers = {"de", "del", "di", "of", "the", "den", "im"};
  return std::any_of(kFillers.begin(), kFillers.end(),
                     [&](std::string_view filler) { return ascii::EqualsIgnoreCase(word, filler); });
}

// Ordinal suffixes written right after the day: "7th", "1er", "1st", "7º", "7.".
bool IsOrdinalSuffix(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kSuffixes = {"st", "nd", "rd", "th", "er", "e", "o", "º", "ª"};
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view suffix) { return ascii::EqualsIgnoreCase(word, suffix); });
}

// --- Tokens ---

enum class TokenKind { kNumber, kWord, kPunct };

struct Token {
  TokenKind kind;
  std::string_view text;
  size_t begin, end;
  int Value() const {
    int value = 0;
    for (char c : text) value = value * 10 + (c - '0');
    return value;
  }
};

// The byte length of the UTF-8 character starting at text[i] when it is a space that ASCII does
// not know (no-break space U+00A0, narrow no-break space U+202F, thin space U+2009), else 0.
size_t UnicodeSpaceLength(std::string_view text, size_t i) {
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89") return 3;
  return 0;
}

// Splits into numbers (at most 8 digits; longer runs are skipped whole), words (ASCII letters
// and every non-ASCII character) and single punctuation marks; whitespace separates.
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (ascii::IsSpace(c)) {
      ++i;
      continue;
    }
    if (size_t space = UnicodeSpaceLength(text, i)) {
      i += space;
      continue;
    }
    size_t start = i;
    if (ascii::IsDigit(c)) {
      while (i < text.size() && ascii::IsDigit(text[i])) ++i;
      if (i - start <= 8) tokens.push_back({TokenKind::kNumber, text.substr(start, i - start), start, i});
      continue;
    }
    if (ascii::IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80) {
      while (i < text.size() && (ascii::IsAlpha(text[i]) || static_cast<unsigned char>(text[i]) >= 0x80) &&
             UnicodeSpaceLength(text, i) == 0) {
        ++i;
      }
      tokens.push_back({TokenKind::kWord, text.substr(start, i - start), start, i});
      continue;
    }
    tokens.push_back({TokenKind::kPunct, text.substr(start, 1), start, start + 1});
    ++i;
  }
  return tokens;
}

bool IsNumber(const std::vector<Token>& t, size_t i, size_t min_digits, size_t max_digits) {
  return i < t.size() && t[i].kind == TokenKind::kNumber && t[i].text.size() >= min_digits &&
         t[i].text.size() <= max_digits;
}
bool Adjacent(const std::vector<Token>& t, size_t i) { return i + 1 < t.size() && t[i].end == t[i + 1].begin; }
bool IsYear(const std::vector<Token>& t, size_t i) {
  if (!IsNumber(t, i, 4, 4)) return false;
  int year = t[i].Value();
  return year >= 1900 && year <= 2100;
}
// Skips punctuation in `marks` and filler words from `i`; returns the next index.
size_t SkipFillers(const std::vector<Token>& t, size_t i, std::string_view marks) {
  for (int guard = 0; guard < 4 && i < t.size(); ++guard) {
    if (t[i].kind == TokenKind::kPunct && marks.find(t[i].text[0]) != std::string_view::npos) {
      ++i;
    } else if (t[i].kind == TokenKind::kWord && IsFillerWord(t[i].text)) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}
// After a day number: its ordinal suffix, written right after it ("7th", "1er").
size_t SkipOrdinal(const std::vector<Token>& t, size_t i) {
  if (i < t.size() && t[i].kind == TokenKind::kWord && Adjacent(t, i - 1) && IsOrdinalSuffix(t[i].text)) return i + 1;
  return i;
}
bool StartsWith(std::string_view word, std::string_view prefix) { return word.substr(0, prefix.size()) == prefix; }

// A month given twice, in two calendars' names: "24 نيسان / أبريل 2020". Returns the index after
// the second name when it names the same month, else `i`.
size_t SkipAlternateMonth(const std::vector<Token>& t, size_t i, int month) {
  if (i + 1 < t.size() && t[i].kind == TokenKind::kPunct && (t[i].text[0] == '/' || t[i].text[0] == '-') &&
      t[i + 1].kind == TokenKind::kWord && MonthFromWord(t[i + 1].text) == month) {
    return i + 2;
  }
  return i;
}

// The date starting at token i, with the index after it in `next`.
std::optional<Date> DateAt(const std::vector<Token>& t, size_t i, DayOrder order, size_t& next) {
  // All-numeric dates, written without spaces: 2020-06-07, 07.06.2020, 06/07/2020.
  if (IsNumber(t, i, 1, 4) && Adjacent(t, i) && Adjacent(t, i + 1) && Adjacent(t, i + 2) && Adjacent(t, i + 3) &&
      i + 4 < t.size() && t[i + 1].kind == TokenKind::kPunct && t[i + 3].kind == TokenKind::kPunct &&
      t[i + 1].text == t[i + 3].text && std::string_view("-/.").find(t[i + 1].text[0]) != std::string_view::npos &&
      t[i + 2].kind == TokenKind::kNumber && t[i + 4].kind == TokenKind::kNumber) {
    // A fourth number glued on (a version "1.2.3.4", an IP address) is not a date.
    bool longer = i + 5 < t.size() && Adjacent(t, i + 4) && t[i + 5].kind == TokenKind::kPunct && i + 6 < t.size() &&
                  Adjacent(t, i + 5) && t[i + 6].kind == TokenKind::kNumber;
    bool glued_before = i > 0 && t[i - 1].end == t[i].begin && t[i - 1].kind != TokenKind::kWord;
    if (!longer && !glued_before) {
      next = i + 5;
      char mark = t[i + 1].text[0];
      if (IsYear(t, i) && IsNumber(t, i + 2, 1, 2) && IsNumber(t, i + 4, 1, 2)) {
        return Checked(t[i].Value(), t[i + 2].Value(), t[i + 4].Value());
      }
      if (IsNumber(t, i, 1, 2) && IsNumber(t, i + 2, 1, 2) && IsYear(t, i + 4)) {
        int a = t[i].Value(), b = t[i + 2].Value(), year = t[i + 4].Value();
        bool month_first = order == DayOrder::kMonthFirst && mark != '.';  // dots are day first everywhere
        if (a > 12) month_first = false;
        if (b > 12) month_first = true;
        return month_first ? Checked(year, a, b) : Checked(year, b, a);
      }
    }
  }
  // East Asian: 2020年6月7日, 2020년 6월 7일.
  if (IsYear(t, i) && i + 5 < t.size() && t[i + 1].kind == TokenKind::kWord && t[i + 3].kind == TokenKind::kWord &&
      t[i + 5].kind == TokenKind::kWord && IsNumber(t, i + 2, 1, 2) && IsNumber(t, i + 4, 1, 2) &&
      (StartsWith(t[i + 1].text, "年") || StartsWith(t[i + 1].text, "년")) &&
      (StartsWith(t[i + 3].text, "月") || StartsWith(t[i + 3].text, "월")) &&
      (StartsWith(t[i + 5].text, "日") || StartsWith(t[i + 5].text, "일"))) {
    next = i + 6;
    return Checked(t[i].Value(), t[i + 2].Value(), t[i + 4].Value());
  }
  // Day, month name, year: "7 juin 2020", "7. Juni 2020", "7 de junio de 2020", "07 Jun 2020".
  if (IsNumber(t, i, 1, 2)) {
    size_t j = SkipFillers(t, SkipOrdinal(t, i + 1), ".");
    if (j < t.size() && t[j].kind == TokenKind::kWord) {
      if (int month = MonthFromWord(t[j].text)) {
        size_t k = SkipAlternateMonth(t, j + 1, month);
        k = SkipFillers(t, k, ".,");
        if (IsYear(t, k)) {
          next = k + 1;
          return Checked(t[k].Value(), month, t[i].Value());
        }
      }
    }
  }
  // Month name, day, year: "June 7, 2020", "Jun. 7th 2020", "junio 7 de 2020".
  if (i < t.size() && t[i].kind == TokenKind::kWord && i + 1 < t.size()) {
    size_t j = SkipFillers(t, i + 1, ".");
    if (int month = IsNumber(t, j, 1, 2) ? MonthFromWord(t[i].text) : 0) {
      {
        size_t k = SkipFillers(t, SkipOrdinal(t, j + 1), ".,");
        if (IsYear(t, k)) {
          next = k + 1;
          return Checked(t[k].Value(), month, t[j].Value());
        }
      }
    }
  }
  // Year, month name, day (Hungarian, and some ISO-minded pages): "2020. június 7.".
  if (IsYear(t, i)) {
    size_t j = SkipFillers(t, i + 1, ".,");
    if (j < t.size() && t[j].kind == TokenKind::kWord) {
      if (int month = MonthFromWord(t[j].text); month != 0 && IsNumber(t, j + 1, 1, 2)) {
        next = j + 2;
        return Checked(t[i].Value(), month, t[j + 1].Value());
      }
    }
  }
  return std::nullopt;
}

std::optional<TextDate> FindInTokens(std::string_view, const std::vector<Token>& tokens, DayOrder order, size_t from) {
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].begin < from) continue;
    size_t next = i + 1;
    if (std::optional<Date> date = DateAt(tokens, i, order, next)) {
      return TextDate{*date, tokens[i].begin, tokens[next - 1].end};
    }
  }
  return std::nullopt;
}

// --- ISO 8601 and friends ---

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return ascii::IsDigit(c); });
}
int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "YYYY-MM-DD" with an optional time and offset, as ISO 8601 writes it. `text` is trimmed.
std::optional<Date> ParseIso(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return std::nullopt;
  }
  std::optional<Date> date = Checked(Number(text.substr(0, 4)), Number(text.substr(5, 2)), Number(text.substr(8, 2)));
  if (!date) return std::nullopt;
  // The time: "T10:12", "T10:12:00", "T10:12:00.000", then "Z", "+02:00", "+0200" or "-05".
  if (text.size() >= 16 && (text[10] == 'T' || text[10] == ' ') && AllDigits(text.substr(11, 2)) && text[13] == ':' &&
      AllDigits(text.substr(14, 2))) {
    size_t end = 16;
    std::string time(text.substr(11, 5));
    // Seconds, also written with one digit ("23:15:0Z", seen in JSON-LD).
    if (end + 2 <= text.size() && text[end] == ':' && ascii::IsDigit(text[end + 1])) {
      size_t digits = end + 3 <= text.size() && ascii::IsDigit(text[end + 2]) ? 2 : 1;
      time += ":" + std::string(digits == 1 ? "0" : "") + std::string(text.substr(end + 1, digits));
      end += 1 + digits;
    }
    if (end < text.size() && text[end] == '.') {
      size_t start = end;
      ++end;
      while (end < text.size() && ascii::IsDigit(text[end])) ++end;
      time += text.substr(start, end - start);
    }
    size_t zone_start = end;
    if (end < text.size() && text[end] == 'Z') {
      ++end;
    } else if (end < text.size() && (text[end] == '+' || text[end] == '-') && end + 3 <= text.size() &&
               AllDigits(text.substr(end + 1, 2))) {
      size_t zone = end + 3;
      if (zone + 3 <= text.size() && text[zone] == ':' && AllDigits(text.substr(zone + 1, 2))) {
        zone += 3;
      } else if (zone + 2 <= text.size() && AllDigits(text.substr(zone, 2))) {
        zone += 2;
      }
      end = zone;
    }
    time += text.substr(zone_start, end - zone_start);
    int hour = Number(text.substr(11, 2)), minute = Number(text.substr(14, 2));
    if (hour <= 23 && minute <= 59) date->iso += "T" + time;
  }
  return date;
}

// RFC 1123 and the like lose nothing by being read as prose; compact YYYYMMDD does.
std::optional<Date> ParseCompact(std::string_view text) {
  if (text.size() != 8 || !AllDigits(text)) return std::nullopt;
  return Checked(Number(text.substr(0, 4)), Number(text.substr(4, 2)), Number(text.substr(6, 2)));
}

std::string Lower(std::string_view text) { return ascii::ToLower(text); }

bool HasWordFrom(std::string_view lower_text, const auto& words) {
  for (std::string_view word : words) {
    if (lower_text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// True when a modification keyword stands in the kKeywordWindow bytes before `begin`.
bool IntroducedAsModified(std::string_view text, size_t begin) {
  size_t start = begin > kKeywordWindow ? begin - kKeywordWindow : 0;
  std::string before = Lower(text.substr(start, begin - start));
  // Only what follows the previous date-ending line break counts: "Published June 1 |
  // Updated June 2" has its keyword before the second date only.
  if (size_t cut = before.find_last_of("|\n"); cut != std::string::npos) before = before.substr(cut + 1);
  return HasWordFrom(before, kModifiedKeywords);
}

// --- The page walk ---

enum class Kind { kPublished, kModified };

struct Candidate {
  Date date;
  size_t position;  // bytes of text before the element, in document order
  Kind kind;
  std::string source;
};

struct DateLine {
  size_t begin, end;   // the element's text, a range of WalkResult::text
  std::string source;  // "<tag class=...>"
};

struct Heading {
  size_t begin, end;  // its text, a range of WalkResult::text
  bool h1;
};

struct WalkResult {
  std::string text;                   // the body's text, block elements on lines of their own
  std::vector<Candidate> structured;  // <time>, itemprop, abbr.published
  std::vector<DateLine> lines;        // date-like elements
  std::vector<Heading> headings;      // h1-h3 and itemprop=headline
  // Text ranges of comment sections, captions, related boxes: their dates are not the article's.
  // A range that holds the title is a page wrapper with an unlucky class, and is dropped.
  std::vector<std::pair<size_t, size_t>> other_dates;
  size_t title_begin = std::string::npos, title_end = std::string::npos;
};

// The attributes the walk reads, found in one pass over the element's attributes.
struct Attributes {
  const std::string* class_name = nullptr;
  const std::string* id = nullptr;
  const std::string* itemprop = nullptr;
  const std::string* datetime = nullptr;
  const std::string* content = nullptr;
  const std::string* title = nullptr;
};

Attributes ReadAttributes(const dom::Node& node) {
  Attributes found;
  for (const dom::Attribute& attribute : node.attributes) {
    std::string_view name = attribute.name;  // lower case (the parser's)
    if (name == "class") {
      found.class_name = &attribute.value;
    } else if (name == "id") {
      found.id = &attribute.value;
    } else if (name == "itemprop") {
      found.itemprop = &attribute.value;
    } else if (name == "datetime") {
      found.datetime = &attribute.value;
    } else if (name == "content") {
      found.content = &attribute.value;
    } else if (name == "title") {
      found.title = &attribute.value;
    }
  }
  return found;
}

// class, id and itemprop, lower case, into `words` (reused: no allocation per element).
void AttributeWords(const Attributes& attributes, std::string& words) {
  words.clear();
  for (const std::string* value : {attributes.class_name, attributes.id, attributes.itemprop}) {
    if (value == nullptr) continue;
    for (char c : *value) words.push_back(ascii::ToLower(c));
    words.push_back(' ');
  }
}

std::string Describe(const dom::Node& node) {
  std::string description = "<" + node.tag;
  for (const char* name : {"itemprop", "class", "id"}) {
    if (const std::string* value = node.Attr(name); value != nullptr && !value->empty()) {
      description += std::string(" ") + name + "=\"" + text::TruncateUtf8(*value, 40) + "\"";
      break;
    }
  }
  return description + ">";
}

bool IsSkippedTag(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "svg" ||
         tag == "select" || tag == "head";
}

// Inline elements do not break the text: "<b>7</b> juin" reads "7 juin".
bool IsInlineTag(std::string_view tag) {
  static constexpr std::array<std::string_view, 16> kInline = {"a",   "b",    "i",     "em",   "strong", "span",
                                                               "sup", "sub",  "small", "abbr", "time",   "font",
                                                               "u",   "mark", "bdi",   "label"};
  return std::find(kInline.begin(), kInline.end(), tag) != kInline.end();
}

// A modification context: the element or its parents up to two levels say "updated".
bool InModifiedContext(const dom::Node* node) {
  std::string words;
  for (int level = 0; level < 3 && node != nullptr && node->IsElement(); ++level, node = node->parent) {
    AttributeWords(ReadAttributes(*node), words);
    if (words.find("modif") != std::string::npos || words.find("updat") != std::string::npos) return true;
  }
  return false;
}

bool HasClassWord(const std::string* class_name, std::string_view word) {
  if (class_name == nullptr) return false;
  size_t at = class_name->find(word);
  while (at != std::string::npos) {
    size_t end = at + word.size();
    bool starts = at == 0 || ascii::IsSpace((*class_name)[at - 1]);
    bool ends = end == class_name->size() || ascii::IsSpace((*class_name)[end]);
    if (starts && ends) return true;
    at = class_name->find(word, at + 1);
  }
  return false;
}

// Letters and digits, lower case (ASCII), for comparing a heading with the page's title.
std::string Squeezed(std::string_view text) {
  std::string squeezed;
  for (char c : text) {
    if (ascii::IsAlnum(c) || static_cast<unsigned char>(c) >= 0x80) squeezed.push_back(ascii::ToLower(c));
  }
  return squeezed;
}

// The article's title among the headings: the first whose text the page's title (og:title,
// <title>) contains, else the first <h1> long enough to be a title.
// True when `heading` (its text in `walk`) is the page's title: one of `squeezed_titles`
// (og:title, <title>, squeezed) contains it.
bool NamedByTitles(const WalkResult& walk, const Heading& heading, const std::vector<std::string>& squeezed_titles) {
  std::string text = Squeezed(std::string_view(walk.text).substr(heading.begin, heading.end - heading.begin));
  if (text.size() < kMinTitleChars) return false;
  return std::any_of(squeezed_titles.begin(), squeezed_titles.end(),
                     [&](const std::string& title) { return title.find(text) != std::string::npos; });
}

// The article's title when no heading is named by the page's titles: the first <h1> long
// enough to be a title.
void ChooseFallbackTitle(WalkResult& walk) {
  for (const Heading& heading : walk.headings) {
    if (heading.h1 && heading.end - heading.begin >= kMinTitleChars) {
      walk.title_begin = heading.begin;
      walk.title_end = heading.end;
      return;
    }
  }
}

bool IsOther(const WalkResult& walk, size_t position) {
  for (const auto& [begin, end] : walk.other_dates) {
    if (begin <= position && position < end) return true;
  }
  return false;
}

WalkResult Walk(const dom::Document& document, DayOrder order, const std::vector<std::string>& titles) {
  WalkResult result;
  const dom::Node* body = document.body();
  if (body == nullptr) return result;
  struct Open {
    const dom::Node* node;
    size_t begin;
    enum { kNone, kLine, kHeading, kStructured } role;
    bool exiting;
    size_t candidate = 0;      // kStructured: its index in result.structured
    bool other_dates = false;  // a comment section, caption, related box (kOtherDatesWords)
    bool block = false;        // ends a line of WalkResult::text
  };
  std::vector<Open> stack{{body, 0, Open::kNone, false, 0, false, false}};
  std::string words;  // the element's class, id and itemprop, lower case
  std::vector<std::string> squeezed_titles;
  for (const std::string& title : titles) {
    if (!title.empty()) squeezed_titles.push_back(Squeezed(title));
  }
  // Once the title is known, the walk ends kNearTitleScanBytes after it: the header is all the
  // text scans read, and the rest of a long page would cost more than the whole date search.
  size_t stop_at = std::string::npos;
  while (!stack.empty()) {
    if (result.text.size() > stop_at) {
      // Boxes still open (a related-articles list that starts after the title) end here.
      for (const Open& open : stack) {
        if (open.exiting && open.other_dates) result.other_dates.push_back({open.begin, result.text.size()});
      }
      break;
    }
    Open open = stack.back();
    stack.pop_back();
    const dom::Node* node = open.node;
    if (open.exiting) {
      size_t end = result.text.size();
      if (open.other_dates) result.other_dates.push_back({open.begin, end});
      if (open.role == Open::kLine && end - open.begin <= kMaxDateElementBytes) {
        result.lines.push_back({open.begin, end, Describe(*node)});
      } else if (open.role == Open::kHeading) {
        result.headings.push_back({open.begin, end, std::string_view(node->tag) == "h1"});
        if (result.title_begin == std::string::npos && NamedByTitles(result, result.headings.back(), squeezed_titles)) {
          result.title_begin = open.begin;
          result.title_end = end;
          stop_at = end + kNearTitleScanBytes;
        }
      } else if (open.role == Open::kStructured && end - open.begin <= kMaxDateElementBytes) {
        // A structured date without a machine-readable value: its text. One that has none
        // keeps its empty source and is never used.
        if (std::optional<Date> date =
                ParseDateValue(std::string_view(result.text).substr(open.begin, end - open.begin), order)) {
          Candidate& candidate = result.structured[open.candidate];
          candidate.date = *date;
          candidate.source = Describe(*node) + " text";
        }
      }
      if (open.block) result.text += '\n';
      continue;
    }
    if (node->IsText()) {
      result.text += node->text;
      continue;
    }
    if (!node->IsElement() || IsSkippedTag(node->tag)) continue;
    const Attributes attributes = ReadAttributes(*node);
    AttributeWords(attributes, words);
    const std::string_view tag = node->tag;
    bool other_dates =
        (!words.empty() && HasWordFrom(words, kOtherDatesWords)) || tag == "figcaption" || tag == "blockquote";
    const bool block = !IsInlineTag(tag);
    if (block) result.text += '\n';
    Open entry{node, result.text.size(), Open::kNone, true, 0, other_dates, block};
    // Structured dates: <time datetime>, itemprop, microformats.
    std::string_view itemprop = attributes.itemprop != nullptr ? std::string_view(*attributes.itemprop) : "";
    bool published_prop =
        ascii::EqualsIgnoreCase(itemprop, "datepublished") || ascii::EqualsIgnoreCase(itemprop, "datecreated");
    bool modified_prop = ascii::EqualsIgnoreCase(itemprop, "datemodified");
    bool microformat =
        (tag == "abbr" || tag == "span" || tag == "time") &&
        (HasClassWord(attributes.class_name, "published") || HasClassWord(attributes.class_name, "dtstamp") ||
         HasClassWord(attributes.class_name, "dt-published"));
    if (tag == "time" || published_prop || modified_prop || microformat) {
      Kind kind = modified_prop || (!published_prop && InModifiedContext(node)) ? Kind::kModified : Kind::kPublished;
      const std::string* value = attributes.datetime;
      if (value == nullptr && tag != "time") value = attributes.content;
      if (value == nullptr) value = attributes.title;
      if (value != nullptr) {
        if (std::optional<Date> date = ParseDateValue(*value, order)) {
          result.structured.push_back({*date, result.text.size(), kind, Describe(*node)});
        }
      } else {
        // Read from its text when the element ends (an empty source marks it pending).
        entry.candidate = result.structured.size();
        result.structured.push_back({Date{}, result.text.size(), kind, ""});
        entry.role = Open::kStructured;
      }
    } else if (tag == "h1" || tag == "h2" || tag == "h3" || ascii::EqualsIgnoreCase(itemprop, "headline")) {
      entry.role = Open::kHeading;
    } else if (!words.empty() && HasWordFrom(words, kDateClassWords)) {
      entry.role = Open::kLine;
    }
    stack.push_back(entry);
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
      stack.push_back({*it, 0, Open::kNone, false, 0, false, false});
    }
  }
  if (result.title_begin == std::string::npos) ChooseFallbackTitle(result);
  if (result.title_begin != std::string::npos) {
    std::erase_if(result.other_dates, [&](const std::pair<size_t, size_t>& range) {
      return range.first <= result.title_begin && result.title_begin < range.second;
    });
  }
  // Only what lies inside one of them is skipped; the title's own position is outside all.
  std::erase_if(result.structured, [&](const Candidate& candidate) { return IsOther(result, candidate.position); });
  std::erase_if(result.lines, [&](const DateLine& line) { return IsOther(result, line.begin); });
  return result;
}

bool InHeader(const WalkResult& walk, size_t position) {
  if (walk.title_begin == std::string::npos) return false;
  size_t start = walk.title_begin > kHeaderBeforeTitle ? walk.title_begin - kHeaderBeforeTitle : 0;
  return position >= start && position <= walk.title_end + kHeaderAfterTitle;
}

const std::pair<std::string, std::string>* FindMeta(const HeadEvidence& head, std::string_view name) {
  for (const auto& meta : head.metas) {
    if (meta.first == name) return &meta;
  }
  return nullptr;
}

}  // namespace

DayOrder DayOrderFor(std::string_view language) {
  std::string lower = Lower(language);
  if (lower != "en" && !lower.starts_with("en-") && !lower.starts_with("en_")) return DayOrder::kDayFirst;
  for (std::string_view region : {"gb", "ie", "au", "nz", "in", "za", "ng", "uk"}) {
    if (lower.size() == 5 && lower.substr(3) == region) return DayOrder::kDayFirst;
  }
  return DayOrder::kMonthFirst;
}

std::optional<Date> ParseDateValue(std::string_view text, DayOrder order) {
  std::string trimmed = text::CollapseWhitespace(text.substr(0, 4 * kMaxDateElementBytes));
  if (std::optional<Date> iso = ParseIso(trimmed)) return iso;
  if (std::optional<Date> compact = ParseCompact(trimmed)) return compact;
  std::optional<TextDate> found = FindDateInText(trimmed, order);
  if (!found) return std::nullopt;
  return found->date;
}

std::optional<TextDate> FindDateInText(std::string_view text, DayOrder order, size_t from) {
  std::vector<Token> tokens = Tokenize(text);
  return FindInTokens(text, tokens, order, from);
}

std::optional<Date> DateFromUrl(std::string_view url) {
  // The path only: a host or a query with digits is not a date.
  size_t scheme = url.find("://");
  size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path_start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  std::vector<Token> tokens = Tokenize(path);
  for (size_t i = 0; i < tokens.size(); ++i) {
    // /2020/06/07/ and /2020-06-07: year, month and day separated by '/', '-' or '_'.
    if (IsYear(tokens, i) && i + 4 < tokens.size() && IsNumber(tokens, i + 2, 1, 2) && IsNumber(tokens, i + 4, 1, 2) &&
        Adjacent(tokens, i) && Adjacent(tokens, i + 1) && Adjacent(tokens, i + 2) && Adjacent(tokens, i + 3) &&
        tokens[i + 1].kind == TokenKind::kPunct && tokens[i + 3].kind == TokenKind::kPunct &&
        std::string_view("/-_").find(tokens[i + 1].text[0]) != std::string_view::npos &&
        std::string_view("/-_").find(tokens[i + 3].text[0]) != std::string_view::npos) {
      // The day must end its path part ("/2020/06/07/", "/2020/06/07-title"), not run on
      // into a longer number.
      if (std::optional<Date> date = Checked(tokens[i].Value(), tokens[i + 2].Value(), tokens[i + 4].Value())) {
        return date;
      }
    }
    // A compact /20200607/ or -20200607- as a whole path part.
    if (IsNumber(tokens, i, 8, 8)) {
      bool before = i > 0 && tokens[i - 1].kind == TokenKind::kPunct && Adjacent(tokens, i - 1);
      bool after = i + 1 == tokens.size() || (tokens[i + 1].kind == TokenKind::kPunct && Adjacent(tokens, i));
      if (before && after) {
        if (std::optional<Date> date = ParseCompact(tokens[i].text); date && date->year >= kMinYear) return date;
      }
    }
  }
  return std::nullopt;
}

bool IsPlausible(const Date& date, std::time_t reference_time) {
  if (date.year < kMinYear) return false;
  std::time_t reference = reference_time != 0 ? reference_time : std::time(nullptr) + 366 * 24 * 3600;
  const std::chrono::sys_days day =
      std::chrono::year_month_day{std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
                                  std::chrono::day{static_cast<unsigned>(date.day)}};
  const std::chrono::sys_days limit =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::from_time_t(reference + kFutureSlackSeconds));
  return day <= limit;
}

namespace {

std::chrono::sys_days DaysOf(const Date& date) {
  return std::chrono::year_month_day{std::chrono::year{date.year},
                                     std::chrono::month{static_cast<unsigned>(date.month)},
                                     std::chrono::day{static_cast<unsigned>(date.day)}};
}

// A timestamp in UTC ("...Z", "+00:00"): its day may not be the publisher's.
bool IsUtcTimestamp(std::string_view iso) {
  return iso.size() > 10 && (iso.ends_with("Z") || iso.ends_with("+00:00") || iso.ends_with("+0000"));
}

// The first date a reader sees in the header: a <time> or itemprop element's text or a date
// line (free text near the title is not enough: an embedded post has its own date).
std::optional<Date> VisibleHeaderDate(const WalkResult& walk, std::time_t reference_time, DayOrder order) {
  std::optional<std::pair<size_t, Date>> first;
  auto offer = [&](size_t position, const Date& date) {
    if (!IsPlausible(date, reference_time) || !InHeader(walk, position) || IsOther(walk, position)) return;
    if (!first || position < first->first) first = std::make_pair(position, date);
  };
  for (const Candidate& candidate : walk.structured) {
    if (candidate.source.ends_with(" text")) offer(candidate.position, candidate.date);
  }
  std::string_view page_text = walk.text;
  for (const DateLine& line : walk.lines) {
    if (std::optional<TextDate> found = FindDateInText(page_text.substr(line.begin, line.end - line.begin), order)) {
      offer(line.begin + found->begin, found->date);
    }
  }
  if (!first) return std::nullopt;
  return first->second;
}

}  // namespace

PageDates FindDates(const dom::Document& document, const HeadEvidence& head, const DateOptions& options) {
  PageDates dates;
  auto plausible = [&](const std::optional<Date>& date) {
    return date.has_value() && IsPlausible(*date, options.reference_time);
  };
  auto set = [](FoundDate& found, const Date& date, std::string source) {
    if (!found.value.empty()) return;
    found.value = date.iso;
    found.source = std::move(source);
  };
  // 1. JSON-LD.
  for (const auto& [key, value] : head.jsonld) {
    std::optional<Date> date = ParseDateValue(value, options.order);
    if (!plausible(date)) continue;
    set(key == "dateModified" ? dates.modified : dates.published, *date, "json-ld " + key);
  }
  // 2. <meta>.
  for (std::string_view name : kPublishedMetaNames) {
    if (!dates.published.value.empty()) break;
    for (const auto& [meta_name, content] : head.metas) {
      if (meta_name != name) continue;
      if (std::optional<Date> date = ParseDateValue(content, options.order); plausible(date)) {
        set(dates.published, *date, "meta " + meta_name);
        break;
      }
    }
  }
  for (std::string_view name : kModifiedMetaNames) {
    if (const auto* meta = FindMeta(head, name); meta != nullptr && dates.modified.value.empty()) {
      if (std::optional<Date> date = ParseDateValue(meta->second, options.order); plausible(date)) {
        set(dates.modified, *date, "meta " + meta->first);
      }
    }
  }
  // The head's evidence is enough when it gives the publication date with its offset (htmldate's
  // fast mode): the page itself is not walked, which saves most of this function's cost. A UTC
  // timestamp is checked against the header's printed day below.
  if (!dates.published.value.empty() && !IsUtcTimestamp(dates.published.value)) return dates;
  WalkResult walk = Walk(document, options.order, head.titles);
  // A UTC timestamp from the head names the UTC day, which is not the publisher's when it was
  // published in the evening west of Greenwich or after midnight east of it. The day printed in
  // the header is the publisher's: when it is the next or the previous day, it wins.
  if (IsUtcTimestamp(dates.published.value)) {
    std::optional<Date> stamped = ParseDateValue(dates.published.value);
    std::optional<Date> visible = VisibleHeaderDate(walk, options.reference_time, options.order);
    if (stamped && visible) {
      auto apart = (DaysOf(*visible) - DaysOf(*stamped)).count();
      if (apart == 1 || apart == -1) {
        dates.published.value = visible->iso;
        dates.published.source += ", read as the header's day " + visible->iso + " (the timestamp is UTC)";
      }
    }
  }
  // 3. Structured dates in the header.
  for (const Candidate& candidate : walk.structured) {
    if (candidate.source.empty() || !plausible(candidate.date) || !InHeader(walk, candidate.position)) continue;
    set(candidate.kind == Kind::kModified ? dates.modified : dates.published, candidate.date,
        candidate.source + " in the header");
  }
  // 4. The URL.
  for (const std::string& url : options.urls) {
    if (std::optional<Date> date = DateFromUrl(url); plausible(date)) set(dates.published, *date, "url " + url);
  }
  // 5. Date lines and text of the header.
  // Each text is scanned for its first publication date; dates introduced as updates before
  // it are modification dates.
  auto scan = [&](size_t offset, std::string_view text, const std::string& source) {
    for (size_t from = 0; dates.published.value.empty();) {
      std::optional<TextDate> found = FindDateInText(text, options.order, from);
      if (!found) break;
      from = found->end;
      if (!plausible(found->date) || IsOther(walk, offset + found->begin)) continue;
      bool modified = IntroducedAsModified(text, found->begin);
      set(modified ? dates.modified : dates.published, found->date,
          source + " \"" + std::string(text.substr(found->begin, found->end - found->begin)) + "\"");
    }
  };
  std::string_view page_text = walk.text;
  for (const DateLine& line : walk.lines) {
    if (!dates.published.value.empty()) break;
    if (!InHeader(walk, line.begin)) continue;
    scan(line.begin, page_text.substr(line.begin, line.end - line.begin), "text of " + line.source + " in the header");
  }
  if (walk.title_begin != std::string::npos && dates.published.value.empty()) {
    size_t start = walk.title_begin > kHeaderBeforeTitle ? walk.title_begin - kHeaderBeforeTitle : 0;
    scan(start, page_text.substr(start, walk.title_end - start + kNearTitleScanBytes), "text near the title");
  }
  // 6. Structured dates elsewhere: the earliest (later ones are updates, comments).
  if (dates.published.value.empty()) {
    const Candidate* earliest = nullptr;
    for (const Candidate& candidate : walk.structured) {
      if (candidate.source.empty() || candidate.kind != Kind::kPublished || !plausible(candidate.date)) continue;
      if (earliest == nullptr || candidate.date.iso < earliest->date.iso) earliest = &candidate;
    }
    if (earliest != nullptr) set(dates.published, earliest->date, earliest->source + " (earliest in the page)");
  }
  // 7. A date line anywhere that says it gives the publication date ("First Published on ...").
  for (const DateLine& line : walk.lines) {
    if (!dates.published.value.empty()) break;
    std::string_view text = page_text.substr(line.begin, line.end - line.begin);
    std::optional<TextDate> found = FindDateInText(text, options.order);
    if (!found || !plausible(found->date)) continue;
    std::string before = Lower(text.substr(0, found->begin));
    if (HasWordFrom(before, kPublishedKeywords) && !IntroducedAsModified(text, found->begin)) {
      set(dates.published, found->date,
          "text of " + line.source + " \"" + std::string(text.substr(found->begin, found->end - found->begin)) + "\"");
    }
  }
  return dates;
}

}  // namespace pressoir::dates

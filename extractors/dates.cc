// Publication dates (see dates.h).
#include "extractors/dates.h"

#include <algorithm>
#include <array>
#include <chrono>

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
    "article:modified_time", "og:updated_time", "datemodified",      "article:modified", "modified_time",
    "updated_time",          "dc.modified",     "dcterms.modified",  "lastmodified",     "last-modified",
    "modificationdate",
};

// Words that introduce a modification date in the text, lower case ("Mis à jour le ...").
constexpr std::array<std::string_view, 19> kModifiedKeywords = {
    "updated",  "update",     "mis à jour",  "mise à jour", "modifié",    "actualisé", "aktualisiert",
    "geändert", "actualizado", "actualizada", "actualización", "aggiornato", "bijgewerkt", "atualizado",
    "atualização", "zaktualizowano", "aktualizacja", "last modified", "modified",
};

// Class or id fragments (lower case) of elements that hold a date line: htmldate's
// DATE_EXPRESSIONS, in several languages ("fecha", "datum", "data").
constexpr std::array<std::string_view, 15> kDateClassWords = {
    "date",   "time",   "publish", "posted", "byline", "dateline", "meta", "fecha",
    "datum",  "data",   "submitted", "info",  "author", "updated", "stamp",
};

// Containers of reader comments: their dates are later than the article's.
constexpr std::array<std::string_view, 2> kCommentWords = {"comment", "reply"};

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
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
    {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9},
    {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    // French
    {"janvier", 1}, {"février", 2}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6},
    {"juillet", 7}, {"août", 8}, {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"décembre", 12}, {"decembre", 12}, {"janv", 1}, {"févr", 2}, {"fév", 2}, {"fevr", 2}, {"avr", 4},
    {"juil", 7}, {"déc", 12},
    // German
    {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"maerz", 3}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"dezember", 12}, {"jän", 1}, {"mär", 3}, {"mrz", 3}, {"okt", 10}, {"dez", 12},
    // Spanish
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
    {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
    {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    // Italian
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1}, {"mag", 5}, {"giu", 6}, {"lug", 7},
    {"set", 9}, {"ott", 10},
    // Dutch
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8}, {"mrt", 3},
    // Portuguese
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"marco", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12}, {"fev", 2}, {"out", 10},
    // Polish (nominative and genitive)
    {"styczeń", 1}, {"stycznia", 1}, {"luty", 2}, {"lutego", 2}, {"marzec", 3}, {"marca", 3},
    {"kwiecień", 4}, {"kwietnia", 4}, {"maj", 5}, {"maja", 5}, {"czerwiec", 6}, {"czerwca", 6},
    {"lipiec", 7}, {"lipca", 7}, {"sierpień", 8}, {"sierpnia", 8}, {"wrzesień", 9}, {"września", 9},
    {"październik", 10}, {"października", 10}, {"listopad", 11}, {"listopada", 11}, {"grudzień", 12},
    {"grudnia", 12},
    // Czech (genitive)
    {"ledna", 1}, {"února", 2}, {"března", 3}, {"dubna", 4}, {"května", 5}, {"června", 6},
    {"července", 7}, {"srpna", 8}, {"září", 9}, {"října", 10}, {"listopadu", 11}, {"prosince", 12},
    // Romanian
    {"ianuarie", 1}, {"februarie", 2}, {"martie", 3}, {"aprilie", 4}, {"iunie", 6}, {"iulie", 7},
    {"septembrie", 9}, {"octombrie", 10}, {"noiembrie", 11}, {"decembrie", 12},
    // Hungarian
    {"január", 1}, {"február", 2}, {"március", 3}, {"április", 4}, {"május", 5}, {"június", 6},
    {"július", 7}, {"augusztus", 8}, {"szeptember", 9}, {"október", 10},
    // Swedish, Danish, Norwegian
    {"augusti", 8}, {"marts", 3},
    // Finnish (partitive, as in "7. kesäkuuta 2020")
    {"tammikuuta", 1}, {"helmikuuta", 2}, {"maaliskuuta", 3}, {"huhtikuuta", 4}, {"toukokuuta", 5},
    {"kesäkuuta", 6}, {"heinäkuuta", 7}, {"elokuuta", 8}, {"syyskuuta", 9}, {"lokakuuta", 10},
    {"marraskuuta", 11}, {"joulukuuta", 12},
    // Indonesian
    {"maret", 3}, {"agustus", 8}, {"desember", 12}, {"okt", 10},
    // Turkish
    {"ocak", 1}, {"şubat", 2}, {"Şubat", 2}, {"mart", 3}, {"nisan", 4}, {"mayıs", 5}, {"haziran", 6},
    {"temmuz", 7}, {"ağustos", 8}, {"eylül", 9}, {"ekim", 10}, {"kasım", 11}, {"aralık", 12},
    // Russian (nominative and genitive, lower case as dates write them)
    {"январь", 1}, {"января", 1}, {"февраль", 2}, {"февраля", 2}, {"март", 3}, {"марта", 3},
    {"апрель", 4}, {"апреля", 4}, {"май", 5}, {"мая", 5}, {"июнь", 6}, {"июня", 6}, {"июль", 7},
    {"июля", 7}, {"август", 8}, {"августа", 8}, {"сентябрь", 9}, {"сентября", 9}, {"октябрь", 10},
    {"октября", 10}, {"ноябрь", 11}, {"ноября", 11}, {"декабрь", 12}, {"декабря", 12},
    // Ukrainian (genitive)
    {"січня", 1}, {"лютого", 2}, {"березня", 3}, {"квітня", 4}, {"травня", 5}, {"червня", 6},
    {"липня", 7}, {"серпня", 8}, {"вересня", 9}, {"жовтня", 10}, {"листопада", 11}, {"грудня", 12},
};

int MonthFromWord(std::string_view word) {
  if (word.size() < 3 || word.size() > 24) return 0;
  std::string lower = ascii::ToLower(word);
  for (const MonthName& name : kMonthNames) {
    if (lower == name.name) return name.month;
  }
  return 0;
}

// Words that may stand between the parts of a date: "7 de junio de 2020", "the 7th of June".
bool IsFillerWord(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kFillers = {"de", "del", "di", "of", "the", "den", "im"};
  std::string lower = ascii::ToLower(word);
  return std::find(kFillers.begin(), kFillers.end(), lower) != kFillers.end();
}

// Ordinal suffixes written right after the day: "7th", "1er", "1st", "7º", "7.".
bool IsOrdinalSuffix(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kSuffixes = {"st", "nd", "rd", "th", "er", "e", "o", "º", "ª"};
  std::string lower = ascii::ToLower(word);
  return std::find(kSuffixes.begin(), kSuffixes.end(), lower) != kSuffixes.end();
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
        size_t k = SkipFillers(t, j + 1, ".,");
        if (IsYear(t, k)) {
          next = k + 1;
          return Checked(t[k].Value(), month, t[i].Value());
        }
      }
    }
  }
  // Month name, day, year: "June 7, 2020", "Jun. 7th 2020", "junio 7 de 2020".
  if (i < t.size() && t[i].kind == TokenKind::kWord) {
    if (int month = MonthFromWord(t[i].text)) {
      size_t j = SkipFillers(t, i + 1, ".");
      if (IsNumber(t, j, 1, 2)) {
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

std::optional<TextDate> FindInTokens(std::string_view, const std::vector<Token>& tokens, DayOrder order,
                                     size_t from) {
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
    if (end + 3 <= text.size() && text[end] == ':' && AllDigits(text.substr(end + 1, 2))) end += 3;
    if (end < text.size() && text[end] == '.') {
      ++end;
      while (end < text.size() && ascii::IsDigit(text[end])) ++end;
    }
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
    int hour = Number(text.substr(11, 2)), minute = Number(text.substr(14, 2));
    if (hour <= 23 && minute <= 59) date->iso += "T" + std::string(text.substr(11, end - 11));
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
  std::string text;
  size_t position;
  std::string source;  // "<tag class=...>"
};

struct WalkResult {
  std::vector<Candidate> structured;  // <time>, itemprop, abbr.published
  std::vector<DateLine> lines;        // text of date-like elements
  std::string near_title;             // text around the title, bounded
  size_t title_begin = std::string::npos, title_end = std::string::npos;
};

std::string AttributeWords(const dom::Node& node) {
  std::string words;
  for (const char* name : {"class", "id", "itemprop"}) {
    if (const std::string* value = node.Attr(name)) {
      words += Lower(*value);
      words += ' ';
    }
  }
  return words;
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

bool IsSkippedTag(const std::string& tag) {
  return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "svg" ||
         tag == "select" || tag == "head";
}

// A modification context: the element or its parents up to two levels say "updated".
bool InModifiedContext(const dom::Node* node) {
  for (int level = 0; level < 3 && node != nullptr && node->IsElement(); ++level, node = node->parent) {
    std::string words = AttributeWords(*node);
    if (words.find("modif") != std::string::npos || words.find("updat") != std::string::npos) return true;
  }
  return false;
}

WalkResult Walk(const dom::Document& document, DayOrder order) {
  WalkResult result;
  size_t position = 0;
  std::string recent;  // the last kHeaderBeforeTitle bytes of text before the title is found
  bool title_done = false;
  const dom::Node* title = nullptr;
  // The element ends we need: the title's, to know where the header text stops counting.
  std::vector<std::pair<const dom::Node*, bool>> stack;  // node, exiting
  const dom::Node* body = document.body();
  if (body == nullptr) return result;
  stack.push_back({body, false});
  while (!stack.empty()) {
    auto [node, exiting] = stack.back();
    stack.pop_back();
    if (exiting) {
      if (node == title) {
        result.title_end = position;
        title_done = true;
      }
      continue;
    }
    if (node->IsText()) {
      const std::string& text = node->text;
      if (!title_done && title == nullptr) {
        recent += text;
        if (recent.size() > 2 * kHeaderBeforeTitle) recent.erase(0, recent.size() - kHeaderBeforeTitle);
      } else if (result.near_title.size() < kNearTitleScanBytes) {
        result.near_title += text;
        result.near_title += ' ';
      }
      position += text.size();
      continue;
    }
    if (!node->IsElement() || IsSkippedTag(node->tag)) continue;
    std::string words = AttributeWords(*node);
    if (HasWordFrom(words, kCommentWords)) continue;  // reader comments: their dates are theirs
    const std::string& tag = node->tag;
    if (title == nullptr && tag == "h1") {
      std::string heading = text::CollapseWhitespace(dom::TextContent(node));
      if (heading.size() >= kMinTitleChars) {
        title = node;
        result.title_begin = position;
        size_t keep = std::min(recent.size(), kHeaderBeforeTitle);
        result.near_title = recent.substr(recent.size() - keep) + " ";
      }
    }
    // Structured dates: <time datetime>, itemprop, microformats.
    const std::string* itemprop = node->Attr("itemprop");
    std::string itemprop_lower = itemprop ? Lower(*itemprop) : "";
    bool published_prop = itemprop_lower == "datepublished" || itemprop_lower == "datecreated";
    bool modified_prop = itemprop_lower == "datemodified";
    bool microformat = (tag == "abbr" || tag == "span" || tag == "time") &&
                       (node->HasClass("published") || node->HasClass("dtstamp") || node->HasClass("dt-published"));
    if (tag == "time" || published_prop || modified_prop || microformat) {
      const std::string* value = node->Attr("datetime");
      if (value == nullptr && tag != "time") value = node->Attr("content");
      if (value == nullptr) value = node->Attr("title");
      std::string content = value != nullptr ? *value : dom::TextContent(node);
      if (content.size() <= kMaxDateElementBytes) {
        if (std::optional<Date> date = ParseDateValue(content, order)) {
          Kind kind = modified_prop || (!published_prop && InModifiedContext(node)) ? Kind::kModified : Kind::kPublished;
          std::string source = Describe(*node) + (value != nullptr ? "" : " text");
          result.structured.push_back({*date, position, kind, source});
        }
      }
    } else if (HasWordFrom(words, kDateClassWords)) {
      std::string line = dom::TextContent(node);
      if (line.size() <= kMaxDateElementBytes) result.lines.push_back({line, position, Describe(*node)});
    }
    stack.push_back({node, true});
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back({*it, false});
  }
  if (title != nullptr && result.title_end == std::string::npos) result.title_end = position;
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
  const std::chrono::sys_days day = std::chrono::year_month_day{
      std::chrono::year{date.year}, std::chrono::month{static_cast<unsigned>(date.month)},
      std::chrono::day{static_cast<unsigned>(date.day)}};
  const std::chrono::sys_days limit = std::chrono::floor<std::chrono::days>(
      std::chrono::system_clock::from_time_t(reference + kFutureSlackSeconds));
  return day <= limit;
}

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
  WalkResult walk = Walk(document, options.order);
  // 3. Structured dates in the header.
  for (const Candidate& candidate : walk.structured) {
    if (!plausible(candidate.date) || !InHeader(walk, candidate.position)) continue;
    set(candidate.kind == Kind::kModified ? dates.modified : dates.published, candidate.date,
        candidate.source + " in the header");
  }
  // 4. The URL.
  for (const std::string& url : options.urls) {
    if (std::optional<Date> date = DateFromUrl(url); plausible(date)) set(dates.published, *date, "url " + url);
  }
  // 5. Date lines and text of the header.
  for (const DateLine& line : walk.lines) {
    if (!dates.published.value.empty() && !dates.modified.value.empty()) break;
    if (!InHeader(walk, line.position)) continue;
    for (size_t from = 0;;) {
      std::optional<TextDate> found = FindDateInText(line.text, options.order, from);
      if (!found) break;
      from = found->end;
      if (!plausible(found->date)) continue;
      bool modified = IntroducedAsModified(line.text, found->begin);
      set(modified ? dates.modified : dates.published, found->date, "text of " + line.source + " in the header");
      if (!modified) break;
    }
  }
  if (walk.title_begin != std::string::npos) {
    for (size_t from = 0; dates.published.value.empty();) {
      std::optional<TextDate> found = FindDateInText(walk.near_title, options.order, from);
      if (!found) break;
      from = found->end;
      if (!plausible(found->date)) continue;
      bool modified = IntroducedAsModified(walk.near_title, found->begin);
      set(modified ? dates.modified : dates.published, found->date,
          "text near the title \"" + text::TruncateUtf8(walk.near_title.substr(found->begin, found->end - found->begin), 40) +
              "\"");
    }
  }
  // 6. Structured dates elsewhere: the earliest (later ones are updates, comments).
  if (dates.published.value.empty()) {
    const Candidate* earliest = nullptr;
    for (const Candidate& candidate : walk.structured) {
      if (candidate.kind != Kind::kPublished || !plausible(candidate.date)) continue;
      if (earliest == nullptr || candidate.date.iso < earliest->date.iso) earliest = &candidate;
    }
    if (earliest != nullptr) set(dates.published, earliest->date, earliest->source + " (earliest in the page)");
  }
  return dates;
}

}  // namespace pressoir::dates

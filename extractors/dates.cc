// Publication dates (see dates.h).
#include "extractors/dates.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>

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
// A line of the header text this long or shorter is a dateline ("Publié le 7 juin 2020 à
// 10h12", "By Jane Doe | June 7, 2020 | 3 min read"); a longer one is prose.
constexpr size_t kMaxDatelineBytes = 120;
// The broad scan (BroadScan) reads at most this many bytes of the page's texts and attributes
// (a page is rarely larger; a huge one is not read to its end), and skips texts shorter than
// the shortest date ("7.6.2020").
constexpr size_t kMaxBroadScanBytes = 2'000'000;
constexpr size_t kMinBroadScanText = 8;
// Two head timestamps this close name the same instant (one may be rounded to the minute, or
// written when the other was saved).
constexpr std::int64_t kSameInstantSeconds = 120;
// Where a keyword that introduces a date may stand before it ("Publié le 7 juin", "Updated:
// June 7, 2020 at ..."): this many bytes back.
constexpr size_t kKeywordWindow = 40;

// <meta> names, properties and itemprops that hold the publication date (lower case), in the
// order they are trusted: htmldate's DATE_ATTRIBUTES and the names of other publishing systems
// (og:regDate of Korean portals, video and academic pages' names), the specific before the
// generic ("date", "dc.date" and "timestamp" are sometimes the modification date).
constexpr std::array<std::string_view, 70> kPublishedMetaNames = {
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
    "og:article:published_time",
    "article:published_date",
    "article:post_date",
    "publish_time",
    "publish-time",
    "published_at",
    "publication-date",
    "pub_date",
    "og:pubdate",
    "og:regdate",
    "dcsext.articlefirstpublished",
    "iso-8601-publish-date",
    "prism.publicationdate",
    "citation_online_date",
    "release_date",
    "video:release_date",
    "uploaddate",
    "date_created",
    "article_date",
    "dc.date",
    "dcterms.date",
    "dc:date",
    "date",
    "timestamp",
};

// <meta> names of the modification date.
constexpr std::array<std::string_view, 15> kModifiedMetaNames = {
    "article:modified_time", "og:updated_time",  "datemodified",         "article:modified", "modified_time",
    "updated_time",          "dc.modified",      "dcterms.modified",     "lastmodified",     "last-modified",
    "modificationdate",      "dc.date.modified", "article:updated_time", "og:moddate",       "last_updated",
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

// The kDateClassWords that name a date itself (class "post-date", id "fecha"), not a box of
// metadata that may hold one ("meta", "info", "byline"): such an element anywhere in the page
// is a date line (htmldate's fallback), when the header has none.
constexpr std::array<std::string_view, 6> kDateNamingWords = {"date", "publish", "posted", "fecha", "datum", "stamp"};

// Containers whose dates are not the article's: reader comments (later), photo captions (when
// the photo was taken), related and recommended articles, sidebars (other articles' dates).
// Embedded posts (tweets, Instagram) and quotes carry their own dates too.
constexpr std::array<std::string_view, 12> kOtherDatesWords = {"comment", "reply",    "caption",   "related",
                                                               "sidebar", "widget",   "recommend", "popular",
                                                               "recent",  "trending", "tweet",     "instagram"};

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

// Other calendars' years, read where a year is expected: the Solar Hijri (Persian) years of
// 1995 to 2041, and the Buddhist era's (Thai) years of 1995 to 2057. Neither range meets the
// Gregorian years the finder accepts.
constexpr int kMinJalaliYear = 1374, kMaxJalaliYear = 1420;
constexpr int kMinBuddhistYear = 2538, kMaxBuddhistYear = 2600;
constexpr int kBuddhistEraOffset = 543;
// Solar Hijri month names are numbered from here (MonthFromWord): kJalaliMonth + 1 is Farvardin.
constexpr int kJalaliMonth = 100;

bool IsJalaliYear(int year) { return year >= kMinJalaliYear && year <= kMaxJalaliYear; }

// The Gregorian day of a Solar Hijri date (1 Farvardin is the March equinox): the 33-year
// arithmetic approximation of the calendar, whose Nowruz days agree with the observed ones over
// the years kMinJalaliYear..kMaxJalaliYear (checked from 1995 to 2025).
std::optional<Date> FromJalali(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > (month <= 6 ? 31 : 30)) return std::nullopt;
  const int cycle_year = year + 1595;
  const int days = -355668 + 365 * cycle_year + (cycle_year / 33) * 8 + ((cycle_year % 33) + 3) / 4 + day +
                   (month < 7 ? (month - 1) * 31 : (month - 7) * 30 + 186);
  // The count starts 719,528 days before the Unix epoch (1399-01-01 is day 737,869, 2020-03-20).
  constexpr int kUnixEpoch = 719528;
  const std::chrono::year_month_day gregorian{std::chrono::sys_days{std::chrono::days{days - kUnixEpoch}}};
  return Checked(static_cast<int>(gregorian.year()), static_cast<int>(static_cast<unsigned>(gregorian.month())),
                 static_cast<int>(static_cast<unsigned>(gregorian.day())));
}

// The date of a year, month and day read from a page: a Solar Hijri month name
// (kJalaliMonth + month) or an all-numeric date with a Solar Hijri year is converted, a
// Buddhist-era year is shifted; a Gregorian month name with a Solar Hijri year is nothing.
std::optional<Date> Resolve(int year, int month, int day, bool numeric) {
  if (month > kJalaliMonth) return IsJalaliYear(year) ? FromJalali(year, month - kJalaliMonth, day) : std::nullopt;
  if (IsJalaliYear(year)) return numeric ? FromJalali(year, month, day) : std::nullopt;
  if (year >= kMinBuddhistYear && year <= kMaxBuddhistYear) year -= kBuddhistEraOffset;
  return Checked(year, month, day);
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
    // Greek (genitive; capitals are lowered before the look-up)
    {"ιανουαρίου", 1},
    {"φεβρουαρίου", 2},
    {"μαρτίου", 3},
    {"απριλίου", 4},
    {"μαΐου", 5},
    {"ιουνίου", 6},
    {"ιουλίου", 7},
    {"αυγούστου", 8},
    {"σεπτεμβρίου", 9},
    {"οκτωβρίου", 10},
    {"νοεμβρίου", 11},
    {"δεκεμβρίου", 12},
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
    // Persian: the Gregorian months as Iranian pages write them (the Solar Hijri months are
    // kJalaliMonthNames, below).
    {"ژانویه", 1},
    {"فوریه", 2},
    {"آوریل", 4},
    {"ژوئن", 6},
    {"ژوئیه", 7},
    {"سپتامبر", 9},
    {"اکتبر", 10},
    {"نوامبر", 11},
    {"دسامبر", 12},
    // Urdu
    {"جنوری", 1},
    {"فروری", 2},
    {"مارچ", 3},
    {"اپریل", 4},
    {"مئی", 5},
    {"جون", 6},
    {"جولائی", 7},
    {"اگست", 8},
    {"ستمبر", 9},
    {"اکتوبر", 10},
    {"نومبر", 11},
    {"دسمبر", 12},
    // Hebrew, also with the prefix "ב" ("in"): "7 ביוני 2020"
    {"ינואר", 1},
    {"בינואר", 1},
    {"פברואר", 2},
    {"בפברואר", 2},
    {"מרץ", 3},
    {"במרץ", 3},
    {"אפריל", 4},
    {"באפריל", 4},
    {"מאי", 5},
    {"במאי", 5},
    {"יוני", 6},
    {"ביוני", 6},
    {"יולי", 7},
    {"ביולי", 7},
    {"אוגוסט", 8},
    {"באוגוסט", 8},
    {"ספטמבר", 9},
    {"בספטמבר", 9},
    {"אוקטובר", 10},
    {"באוקטובר", 10},
    {"נובמבר", 11},
    {"בנובמבר", 11},
    {"דצמבר", 12},
    {"בדצמבר", 12},
    // Hindi
    {"जनवरी", 1},
    {"फरवरी", 2},
    {"फ़रवरी", 2},
    {"मार्च", 3},
    {"अप्रैल", 4},
    {"मई", 5},
    {"जून", 6},
    {"जुलाई", 7},
    {"अगस्त", 8},
    {"सितंबर", 9},
    {"सितम्बर", 9},
    {"अक्टूबर", 10},
    {"नवंबर", 11},
    {"नवम्बर", 11},
    {"दिसंबर", 12},
    {"दिसम्बर", 12},
    // Bengali
    {"জানুয়ারি", 1},
    {"ফেব্রুয়ারি", 2},
    {"মার্চ", 3},
    {"এপ্রিল", 4},
    {"মে", 5},
    {"জুন", 6},
    {"জুলাই", 7},
    {"আগস্ট", 8},
    {"সেপ্টেম্বর", 9},
    {"অক্টোবর", 10},
    {"নভেম্বর", 11},
    {"ডিসেম্বর", 12},
    // Thai (the year is the Buddhist era's: see kBuddhistEraOffset)
    {"มกราคม", 1},
    {"กุมภาพันธ์", 2},
    {"มีนาคม", 3},
    {"เมษายน", 4},
    {"พฤษภาคม", 5},
    {"มิถุนายน", 6},
    {"กรกฎาคม", 7},
    {"สิงหาคม", 8},
    {"กันยายน", 9},
    {"ตุลาคม", 10},
    {"พฤศจิกายน", 11},
    {"ธันวาคม", 12},
    // Georgian
    {"იანვარი", 1},
    {"თებერვალი", 2},
    {"მარტი", 3},
    {"აპრილი", 4},
    {"მაისი", 5},
    {"ივნისი", 6},
    {"ივლისი", 7},
    {"აგვისტო", 8},
    {"სექტემბერი", 9},
    {"ოქტომბერი", 10},
    {"ნოემბერი", 11},
    {"დეკემბერი", 12},
    // Russian abbreviations ("7 июн. 2020")
    {"янв", 1},
    {"фев", 2},
    {"мар", 3},
    {"июн", 6},
    {"июл", 7},
    {"февр", 2},
    {"апр", 4},
    {"авг", 8},
    {"сен", 9},
    {"сент", 9},
    {"окт", 10},
    {"ноя", 11},
    {"нояб", 11},
    {"дек", 12},
    // Ukrainian (nominative), Belarusian (genitive)
    {"січень", 1},
    {"лютий", 2},
    {"березень", 3},
    {"квітень", 4},
    {"травень", 5},
    {"червень", 6},
    {"липень", 7},
    {"серпень", 8},
    {"вересень", 9},
    {"жовтень", 10},
    {"листопад", 11},
    {"грудень", 12},
    {"студзеня", 1},
    {"лютага", 2},
    {"сакавіка", 3},
    {"красавіка", 4},
    {"чэрвеня", 6},
    {"ліпеня", 7},
    {"жніўня", 8},
    {"верасня", 9},
    {"кастрычніка", 10},
    {"лістапада", 11},
    {"снежня", 12},
    // Serbian and Macedonian (Cyrillic), Serbian, Croatian and Bosnian genitives (Latin):
    // "26. oktobra 2020". Croatian "listopada" (October) is left out: Polish reads it November.
    {"јануар", 1},
    {"јануара", 1},
    {"јануари", 1},
    {"фебруар", 2},
    {"фебруара", 2},
    {"априла", 4},
    {"мај", 5},
    {"маја", 5},
    {"јун", 6},
    {"јуна", 6},
    {"јуни", 6},
    {"јул", 7},
    {"јула", 7},
    {"јули", 7},
    {"септембар", 9},
    {"септембра", 9},
    {"октобар", 10},
    {"октобра", 10},
    {"новембар", 11},
    {"новембра", 11},
    {"децембар", 12},
    {"децембра", 12},
    {"januara", 1},
    {"februara", 2},
    {"marta", 3},
    {"aprila", 4},
    {"juna", 6},
    {"jula", 7},
    {"avgusta", 8},
    {"septembra", 9},
    {"oktobra", 10},
    {"novembra", 11},
    {"decembra", 12},
    {"siječnja", 1},
    {"veljače", 2},
    {"ožujka", 3},
    {"travnja", 4},
    {"svibnja", 5},
    {"lipnja", 6},
    {"srpnja", 7},
    {"kolovoza", 8},
    {"rujna", 9},
    {"studenoga", 11},
    {"studenog", 11},
    {"prosinca", 12},
    // Slovak (genitive), Czech (nominative), Slovene
    {"januára", 1},
    {"februára", 2},
    {"apríla", 4},
    {"mája", 5},
    {"júna", 6},
    {"júla", 7},
    {"augusta", 8},
    {"októbra", 10},
    {"leden", 1},
    {"únor", 2},
    {"březen", 3},
    {"duben", 4},
    {"květen", 5},
    {"červen", 6},
    {"červenec", 7},
    {"srpen", 8},
    {"říjen", 10},
    {"prosinec", 12},
    {"marec", 3},
    {"junij", 6},
    {"julij", 7},
    // Lithuanian (genitive: "2020 m. birželio 7 d.")
    {"sausio", 1},
    {"vasario", 2},
    {"kovo", 3},
    {"balandžio", 4},
    {"gegužės", 5},
    {"birželio", 6},
    {"liepos", 7},
    {"rugpjūčio", 8},
    {"rugsėjo", 9},
    {"spalio", 10},
    {"lapkričio", 11},
    {"gruodžio", 12},
    // Latvian (nominative and locative)
    {"janvāris", 1},
    {"janvārī", 1},
    {"februāris", 2},
    {"februārī", 2},
    {"martā", 3},
    {"aprīlis", 4},
    {"aprīlī", 4},
    {"maijs", 5},
    {"maijā", 5},
    {"jūnijs", 6},
    {"jūnijā", 6},
    {"jūlijs", 7},
    {"jūlijā", 7},
    {"augusts", 8},
    {"augustā", 8},
    {"septembris", 9},
    {"septembrī", 9},
    {"oktobris", 10},
    {"oktobrī", 10},
    {"novembris", 11},
    {"novembrī", 11},
    {"decembris", 12},
    {"decembrī", 12},
    // Estonian, Icelandic
    {"jaanuar", 1},
    {"veebruar", 2},
    {"märts", 3},
    {"aprill", 4},
    {"juuni", 6},
    {"juuli", 7},
    {"oktoober", 10},
    {"detsember", 12},
    {"janúar", 1},
    {"febrúar", 2},
    {"apríl", 4},
    {"maí", 5},
    {"júní", 6},
    {"júlí", 7},
    {"ágúst", 8},
    {"nóvember", 11},
    // Catalan, Galician
    {"gener", 1},
    {"febrer", 2},
    {"març", 3},
    {"maig", 5},
    {"juny", 6},
    {"juliol", 7},
    {"agost", 8},
    {"desembre", 12},
    {"xaneiro", 1},
    {"febreiro", 2},
    {"xuño", 6},
    {"xullo", 7},
    {"decembro", 12},
    // Albanian
    {"janar", 1},
    {"shkurt", 2},
    {"prill", 4},
    {"qershor", 6},
    {"korrik", 7},
    {"gusht", 8},
    {"shtator", 9},
    {"tetor", 10},
    {"nëntor", 11},
    {"dhjetor", 12},
    // Malay, Filipino, Swahili
    {"mac", 3},
    {"julai", 7},
    {"ogos", 8},
    {"disember", 12},
    {"pebrero", 2},
    {"marso", 3},
    {"hunyo", 6},
    {"hulyo", 7},
    {"setyembre", 9},
    {"oktubre", 10},
    {"nobyembre", 11},
    {"disyembre", 12},
    {"machi", 3},
    {"aprili", 4},
    {"agosti", 8},
    {"septemba", 9},
    {"oktoba", 10},
    {"novemba", 11},
    {"desemba", 12},
    // Azerbaijani, Uzbek (Latin)
    {"yanvar", 1},
    {"fevral", 2},
    {"aprel", 4},
    {"iyun", 6},
    {"iyul", 7},
    {"avqust", 8},
    {"sentyabr", 9},
    {"sentabr", 9},
    {"oktyabr", 10},
    {"oktabr", 10},
    {"noyabr", 11},
    {"dekabr", 12},
    // Kazakh
    {"қаңтар", 1},
    {"ақпан", 2},
    {"наурыз", 3},
    {"сәуір", 4},
    {"мамыр", 5},
    {"маусым", 6},
    {"шілде", 7},
    {"тамыз", 8},
    {"қыркүйек", 9},
    {"қазан", 10},
    {"қараша", 11},
    {"желтоқсан", 12},
};

// The Solar Hijri (Persian) months, as Iranian pages write them, with the Arabic and the
// Persian letter yeh. MonthFromWord returns them as kJalaliMonth + month: their year is not the
// Gregorian year (see FromJalali).
constexpr MonthName kJalaliMonthNames[] = {
    {"فروردین", 1}, {"فروردين", 1}, {"اردیبهشت", 2}, {"ارديبهشت", 2}, {"خرداد", 3},  {"تیر", 4},
    {"تير", 4},     {"مرداد", 5},   {"شهریور", 6},   {"شهريور", 6},   {"مهر", 7},    {"آبان", 8},
    {"آذر", 9},     {"دی", 10},     {"دي", 10},      {"بهمن", 11},    {"اسفند", 12},
};

// Lower-cases the capitals month names are written with, into `out` (at least word.size()
// bytes): ASCII, Latin-1 and Latin Extended-A, Greek and Cyrillic (Kazakh letters included).
// Other characters are copied. Returns the length written (the same or shorter: "İ" is "i").
size_t LowerWord(std::string_view word, char* out) {
  size_t length = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const unsigned char lead = static_cast<unsigned char>(word[i]);
    if (lead < 0xC2 || lead > 0xDF || i + 1 >= word.size()) {
      out[length++] = ascii::ToLower(word[i]);
      continue;
    }
    const unsigned char second = static_cast<unsigned char>(word[i + 1]);
    unsigned cp = ((lead & 0x1Fu) << 6) | (second & 0x3Fu);
    const bool even = cp % 2 == 0;
    if (cp == 0x130) {  // Turkish dotted capital I
      out[length++] = 'i';
      ++i;
      continue;
    }
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F)) {
      cp += 0x20;
    } else if (cp >= 0x400 && cp <= 0x40F) {
      cp += 0x50;
    } else if (cp == 0x386) {
      cp = 0x3AC;
    } else if (cp >= 0x388 && cp <= 0x38A) {
      cp += 0x25;
    } else if (cp == 0x38C) {
      cp = 0x3CC;
    } else if (cp == 0x38E || cp == 0x38F) {
      cp += 0x3F;
    } else if ((even && ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177) || (cp >= 0x48A && cp <= 0x4BF) ||
                         (cp >= 0x4D0 && cp <= 0x4FF))) ||
               (!even && ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)))) {
      cp += 1;
    }
    out[length++] = static_cast<char>(0xC0 | (cp >> 6));
    out[length++] = static_cast<char>(0x80 | (cp & 0x3F));
    ++i;
  }
  return length;
}

// The month a word names (1 to 12, or kJalaliMonth + 1 to 12), else 0.
int MonthFromWord(std::string_view word) {
  // The longest name is 33 bytes (Bengali "ফেব্রুয়ারি").
  constexpr size_t kMaxMonthBytes = 40;
  if (word.size() < 3 || word.size() > kMaxMonthBytes) return 0;
  // Lower-cased into a stack buffer: this runs for words next to numbers in every scanned text.
  char lower[kMaxMonthBytes];
  std::string_view key(lower, LowerWord(word, lower));
  for (const MonthName& name : kMonthNames) {
    if (name.name.size() == key.size() && name.name == key) return name.month;
  }
  if (static_cast<unsigned char>(key[0]) >= 0xD8) {  // Arabic letters
    for (const MonthName& name : kJalaliMonthNames) {
      if (name.name == key) return kJalaliMonth + name.month;
    }
  }
  return 0;
}

// Words that may stand between the parts of a date: "7 de junio de 2020", "the 7th of June",
// "2020 m. birželio 7 d." (Lithuanian), "2020. gada 7. jūnijs" (Latvian).
bool IsFillerWord(std::string_view word) {
  static constexpr std::array<std::string_view, 9> kFillers = {"de",  "del", "di", "of",  "the",
                                                               "den", "im",  "m",  "gada"};
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
  int digits = 0;  // kNumber: how many digits (ASCII or native, see DigitAt)
  int value = 0;   // kNumber: its value
  int Value() const { return value; }
};

// The byte length of the UTF-8 character starting at text[i] when it is a space that ASCII does
// not know (no-break space U+00A0, narrow no-break space U+202F, thin space U+2009), else 0.
size_t UnicodeSpaceLength(std::string_view text, size_t i) {
  // Called for every byte the tokenizer reads: the lead byte decides most of them.
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead != 0xC2 && lead != 0xE2) return 0;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  if (text.substr(i, 3) == "\xE2\x80\xAF" || text.substr(i, 3) == "\xE2\x80\x89") return 3;
  return 0;
}

// The byte length of the digit starting at text[i] (its value in `value`), else 0: ASCII, and
// the digits pages of other scripts write dates with: Arabic-Indic (U+0660), Persian (U+06F0),
// Devanagari (U+0966), Bengali (U+09E6) and full-width (U+FF10) digits.
size_t DigitAt(std::string_view text, size_t i, int& value) {
  const auto byte = [&](size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
  const unsigned lead = byte(i);
  if (lead >= '0' && lead <= '9') {
    value = static_cast<int>(lead - '0');
    return 1;
  }
  if (lead < 0xD9) return 0;  // every native digit starts with a byte from 0xD9 up
  const unsigned second = byte(i + 1), third = byte(i + 2);
  if (lead == 0xD9 && second >= 0xA0 && second <= 0xA9) {
    value = static_cast<int>(second - 0xA0);
    return 2;
  }
  if (lead == 0xDB && second >= 0xB0 && second <= 0xB9) {
    value = static_cast<int>(second - 0xB0);
    return 2;
  }
  if (lead == 0xE0 && (second == 0xA5 || second == 0xA7) && third >= 0xA6 && third <= 0xAF) {
    value = static_cast<int>(third - 0xA6);
    return 3;
  }
  if (lead == 0xEF && second == 0xBC && third >= 0x90 && third <= 0x99) {
    value = static_cast<int>(third - 0x90);
    return 3;
  }
  return 0;
}

// Splits into numbers (at most 8 digits; longer runs are skipped whole), words (ASCII letters
// and every non-ASCII character that is not a digit) and single punctuation marks; whitespace
// separates.
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  int digit = 0;
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
    if (size_t length = DigitAt(text, i, digit)) {
      int digits = 0, value = 0;
      while (length != 0) {
        // Past 8 digits the value is not used (the run is dropped): no overflow.
        if (digits < 9) value = value * 10 + digit;
        ++digits;
        i += length;
        length = DigitAt(text, i, digit);
      }
      if (digits <= 8) tokens.push_back({TokenKind::kNumber, text.substr(start, i - start), start, i, digits, value});
      continue;
    }
    if (ascii::IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80) {
      while (i < text.size() && (ascii::IsAlpha(text[i]) || static_cast<unsigned char>(text[i]) >= 0x80) &&
             UnicodeSpaceLength(text, i) == 0 && DigitAt(text, i, digit) == 0) {
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
  return i < t.size() && t[i].kind == TokenKind::kNumber && static_cast<size_t>(t[i].digits) >= min_digits &&
         static_cast<size_t>(t[i].digits) <= max_digits;
}
bool Adjacent(const std::vector<Token>& t, size_t i) { return i + 1 < t.size() && t[i].end == t[i + 1].begin; }
bool IsYear(const std::vector<Token>& t, size_t i) {
  if (!IsNumber(t, i, 4, 4)) return false;
  int year = t[i].Value();
  return (year >= 1900 && year <= 2100) || IsJalaliYear(year) || (year >= kMinBuddhistYear && year <= kMaxBuddhistYear);
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

// A number or a date separator glued before token i ("1.2.3.4", "id-2020-06-07"): a numeric
// date there is part of a longer run; a quote or a bracket is not ("showDate(\"2020/06/07\")").
bool GluedBefore(const std::vector<Token>& t, size_t i) {
  return i > 0 && t[i - 1].end == t[i].begin &&
         (t[i - 1].kind == TokenKind::kNumber ||
          (t[i - 1].kind == TokenKind::kPunct &&
           std::string_view("-/.:").find(t[i - 1].text[0]) != std::string_view::npos));
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
    if (!longer && !GluedBefore(t, i)) {
      next = i + 5;
      char mark = t[i + 1].text[0];
      if (IsYear(t, i) && IsNumber(t, i + 2, 1, 2) && IsNumber(t, i + 4, 1, 2)) {
        return Resolve(t[i].Value(), t[i + 2].Value(), t[i + 4].Value(), /*numeric=*/true);
      }
      // Two-digit years only with dots (day first everywhere: "07.06.20"; "06/07/20" is read
      // both ways by English pages that do not say which English) and with two-digit days and
      // months ("1.2.20" is more often a version than a date).
      const bool short_year =
          mark == '.' && IsNumber(t, i, 2, 2) && IsNumber(t, i + 2, 2, 2) && IsNumber(t, i + 4, 2, 2);
      if (IsNumber(t, i, 1, 2) && IsNumber(t, i + 2, 1, 2) && (IsYear(t, i + 4) || short_year)) {
        int a = t[i].Value(), b = t[i + 2].Value(), year = t[i + 4].Value();
        if (short_year) year += year >= kMinYear % 100 ? 1900 : 2000;
        bool month_first = order == DayOrder::kMonthFirst && mark != '.';  // dots are day first everywhere
        if (a > 12) month_first = false;
        if (b > 12) month_first = true;
        return month_first ? Resolve(year, a, b, /*numeric=*/true) : Resolve(year, b, a, /*numeric=*/true);
      }
    }
  }
  // Year first with dots and spaces (Hungarian, Korean): "2020. 06. 07.", "2020. 6. 7. 오전".
  if (IsYear(t, i) && !GluedBefore(t, i) && i + 4 < t.size() && t[i + 1].text == "." && Adjacent(t, i) &&
      IsNumber(t, i + 2, 1, 2) && t[i + 3].text == "." && Adjacent(t, i + 2) && IsNumber(t, i + 4, 1, 2) &&
      !(Adjacent(t, i + 4) && i + 6 < t.size() && t[i + 5].kind == TokenKind::kPunct && Adjacent(t, i + 5) &&
        t[i + 6].kind == TokenKind::kNumber)) {
    next = i + 5;
    return Resolve(t[i].Value(), t[i + 2].Value(), t[i + 4].Value(), /*numeric=*/true);
  }
  // Vietnamese: "7 tháng 6 năm 2020", "ngày 07 tháng 06, 2020" (tháng: month, năm: year).
  if (IsNumber(t, i, 1, 2) && i + 3 < t.size() && t[i + 1].kind == TokenKind::kWord &&
      ascii::EqualsIgnoreCase(t[i + 1].text, "tháng") && IsNumber(t, i + 2, 1, 2)) {
    size_t k = i + 3;
    if (k < t.size() && t[k].kind == TokenKind::kWord && ascii::EqualsIgnoreCase(t[k].text, "năm")) ++k;
    k = SkipFillers(t, k, ",");
    if (IsYear(t, k)) {
      next = k + 1;
      return Resolve(t[k].Value(), t[i + 2].Value(), t[i].Value(), /*numeric=*/false);
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
          return Resolve(t[k].Value(), month, t[i].Value(), /*numeric=*/false);
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
          return Resolve(t[k].Value(), month, t[j].Value(), /*numeric=*/false);
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
        return Resolve(t[i].Value(), month, t[j + 1].Value(), /*numeric=*/false);
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

// Every date of `text`, in order, from one tokenization (FindDateInText from each found date's
// end would tokenize the text again for each).
std::vector<TextDate> AllDatesInText(std::string_view text, DayOrder order) {
  std::vector<TextDate> found;
  std::vector<Token> tokens = Tokenize(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t next = i + 1;
    if (std::optional<Date> date = DateAt(tokens, i, order, next)) {
      found.push_back({*date, tokens[i].begin, tokens[next - 1].end});
      i = next - 1;
    }
  }
  return found;
}

// The dates of `text` that have a year (every date this finder reads has one), found by
// reading only the bytes around each number that may be a year: for a long text with few dates
// (a page's scripts), a fraction of AllDatesInText's cost, which tokenizes and tries every word.
// Every date form has a year: four digits, or two after a dot ("07.06.20").
std::vector<TextDate> DatesNearYears(std::string_view text, DayOrder order) {
  // A date reaches this far from its year: "Wednesday, 7 de septiembre de 2020", a Bengali or
  // Thai month name of 30 bytes and more before it, "2020年6月7日" after it.
  constexpr size_t kReachBefore = 56, kReachAfter = 24;
  // A window starts and ends at whitespace, this many bytes further at most: a day number cut
  // in two would be another day, and a date glued to a longer run must be seen glued.
  constexpr size_t kMaxWordBack = 16;
  // A year has four digits: in ASCII text without digits, one byte in four is enough to see
  // every year (native digits take 2 or 3 bytes each, all non-ASCII).
  constexpr size_t kYearDigits = 4;
  auto plain = [](unsigned char c) { return c < 0x80 && (c < '0' || c > '9'); };
  std::vector<TextDate> found;
  size_t counted_end = 0;  // dates before this were found in an earlier window
  size_t read_end = 0;     // the bytes before this were read one by one
  int digit = 0;
  for (size_t sample = 0; sample < text.size();) {
    if (plain(static_cast<unsigned char>(text[sample]))) {
      sample += kYearDigits;
      continue;
    }
    // Back to the start of this run of digits and non-ASCII bytes, then byte by byte to the
    // next ASCII byte that is no digit.
    size_t i = sample;
    while (i > read_end && !plain(static_cast<unsigned char>(text[i - 1]))) --i;
    while (i < text.size() && !plain(static_cast<unsigned char>(text[i]))) {
      const size_t run_start = i;
      int digits = 0, value = 0;
      while (size_t length = DigitAt(text, i, digit)) {
        if (digits < 9) value = value * 10 + digit;
        ++digits;
        i += length;
      }
      if (digits == 0) {
        ++i;
        continue;
      }
      const bool year = digits == 4 && ((value >= kMinYear && value <= 2100) || IsJalaliYear(value) ||
                                        (value >= kMinBuddhistYear && value <= kMaxBuddhistYear));
      // The two-digit year of a dotted date ("07.06.20"): two digits after a dot after a digit.
      const bool short_year =
          digits == 2 && run_start >= 2 && text[run_start - 1] == '.' && ascii::IsDigit(text[run_start - 2]);
      if (!year && !short_year) continue;
      size_t start = run_start > kReachBefore ? run_start - kReachBefore : 0;
      start = std::max(start, counted_end);
      for (size_t back = 0; back < kMaxWordBack && start > counted_end && !ascii::IsSpace(text[start - 1]); ++back) {
        --start;
      }
      size_t end = std::min(text.size(), i + kReachAfter);
      for (size_t ahead = 0; ahead < kMaxWordBack && end < text.size() && !ascii::IsSpace(text[end]); ++ahead) ++end;
      for (TextDate date : AllDatesInText(text.substr(start, end - start), order)) {
        date.begin += start;
        date.end += start;
        if (date.begin < counted_end || date.begin > run_start || date.end < i) continue;  // another year's
        counted_end = date.end;
        found.push_back(date);
      }
    }
    read_end = i;
    sample = i + 1;
  }
  return found;
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

// RFC 1123 and the like lose nothing by being read as prose; compact YYYYMMDD does, and so do
// YYYYMMDDhhmm and YYYYMMDDhhmmss (og:regDate "20200607101200"): their day is kept.
std::optional<Date> ParseCompact(std::string_view text) {
  if ((text.size() != 8 && text.size() != 12 && text.size() != 14) || !AllDigits(text)) return std::nullopt;
  return Checked(Number(text.substr(0, 4)), Number(text.substr(4, 2)), Number(text.substr(6, 2)));
}

std::string Lower(std::string_view text) { return ascii::ToLower(text); }

bool HasWordFrom(std::string_view lower_text, const auto& words) {
  for (std::string_view word : words) {
    if (lower_text.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// The length of the line of `text` (between line breaks) that holds the byte `at`, trimmed,
// a run of spaces counted once (the page's indentation is not text).
size_t LineLength(std::string_view text, size_t at) {
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  while (begin < end && ascii::IsSpace(text[begin])) ++begin;
  while (end > begin && ascii::IsSpace(text[end - 1])) --end;
  size_t length = 0;
  for (size_t i = begin; i < end; ++i) {
    if (!ascii::IsSpace(text[i]) || !ascii::IsSpace(text[i - 1])) ++length;
  }
  return length;
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
  const dom::Node* node;  // the element
};

struct DateLine {
  size_t begin, end;      // the element's text, a range of WalkResult::text
  std::string source;     // "<tag class=...>"
  bool named_date;        // its class or id names a date (kDateNamingWords), not just metadata
  const dom::Node* node;  // the element
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
    const size_t at = words.size();
    words.resize(at + value->size() + 1, ' ');
    std::transform(value->begin(), value->end(), words.begin() + static_cast<std::ptrdiff_t>(at),
                   [](char c) { return ascii::ToLower(c); });
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

// What an element's class, id and itemprop words (lower case) mention: kOtherDatesWords,
// kDateClassWords. Found in one pass over them, the words grouped by their first letter: this
// runs for every element the walk enters, where a search per word cost more than the rest of
// the walk.
struct ClassWords {
  bool other_dates = false;
  bool date_line = false;
};
ClassWords MatchClassWords(std::string_view words) {
  struct Needle {
    std::string_view word;
    bool other_dates;
  };
  struct Table {
    std::array<std::vector<Needle>, 26> by_first_letter;
    // Which two-letter starts some word has (26 x 26 bits): most positions of a class name
    // start no word, and one look-up tells.
    std::array<std::uint32_t, 26> second_letters{};
  };
  static const Table kTable = [] {
    Table table;
    auto add = [&](std::string_view word, bool other_dates) {
      const auto first = static_cast<size_t>(word[0] - 'a');
      table.by_first_letter[first].push_back({word, other_dates});
      table.second_letters[first] |= 1u << (word[1] - 'a');
    };
    for (std::string_view word : kOtherDatesWords) add(word, true);
    for (std::string_view word : kDateClassWords) add(word, false);
    return table;
  }();
  ClassWords found;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const char c = words[i], next = words[i + 1];
    if (c < 'a' || c > 'z' || next < 'a' || next > 'z') continue;
    const auto first = static_cast<size_t>(c - 'a');
    if ((kTable.second_letters[first] & (1u << (next - 'a'))) == 0) continue;
    for (const Needle& needle : kTable.by_first_letter[first]) {
      // Compared in place from the second letter (a library compare costs more than the
      // letters it usually reads: one or two).
      if (words.size() - i < needle.word.size()) continue;
      size_t k = 1;
      while (k < needle.word.size() && words[i + k] == needle.word[k]) ++k;
      if (k < needle.word.size()) continue;
      (needle.other_dates ? found.other_dates : found.date_line) = true;
      if (found.other_dates && found.date_line) return found;
    }
  }
  return found;
}

bool IsSkippedTag(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "noscript" || tag == "template" || tag == "svg" ||
         tag == "select" || tag == "head";
}

// Inline elements do not break the text: "<b>7</b> juin" reads "7 juin".
// a, b, i, u, em, sup, sub, bdi, span, abbr, time, font, mark, small, label, strong; chosen by
// length first (this runs for every element the walk enters).
bool IsInlineTag(std::string_view tag) {
  switch (tag.size()) {
    case 1:
      return tag[0] == 'a' || tag[0] == 'b' || tag[0] == 'i' || tag[0] == 'u';
    case 2:
      return tag == "em";
    case 3:
      return tag == "sup" || tag == "sub" || tag == "bdi";
    case 4:
      return tag == "span" || tag == "abbr" || tag == "time" || tag == "font" || tag == "mark";
    case 5:
      return tag == "small" || tag == "label";
    case 6:
      return tag == "strong";
    default:
      return false;
  }
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

// The page walk, resumable: Run(/*bounded=*/true) ends kNearTitleScanBytes of text after the
// title (the header is all the text scans read, and the rest of a long page would cost more
// than the whole date search); Run(false) goes on from there to the end of the page, for the
// pages whose header gave no date. Result() is what has been walked so far.
class Walker {
 public:
  Walker(const dom::Document& document, DayOrder order, const std::vector<std::string>& titles) : order_(order) {
    for (const std::string& title : titles) {
      if (!title.empty()) squeezed_titles_.push_back(Squeezed(title));
    }
    if (const dom::Node* body = document.body()) stack_.push_back({body, 0, Open::kNone, false, 0, false, false});
  }

  void Run(bool bounded);
  bool Finished() const { return stack_.empty(); }

  // The walk so far: the title (the first long <h1> when no heading is named by the titles),
  // and the structured dates and date lines outside the boxes of other articles' dates (a box
  // still open ends where the walk stopped; one that holds the title is a page wrapper).
  WalkResult Result() const;

 private:
  struct Open {
    const dom::Node* node;
    size_t begin;
    enum { kNone, kLine, kHeading, kStructured } role;
    bool exiting;
    size_t candidate = 0;      // kStructured: its index in walk_.structured
    bool other_dates = false;  // a comment section, caption, related box (kOtherDatesWords)
    bool block = false;        // ends a line of WalkResult::text
  };
  void Exit(const Open& open);
  void Enter(const dom::Node* node);

  DayOrder order_;
  WalkResult walk_;
  std::vector<Open> stack_;
  std::string words_;  // the element's class, id and itemprop, lower case
  std::vector<std::string> squeezed_titles_;
};

void Walker::Run(bool bounded) {
  const size_t stop_at =
      bounded && walk_.title_end != std::string::npos ? walk_.title_end + kNearTitleScanBytes : std::string::npos;
  while (!stack_.empty()) {
    if (walk_.text.size() > stop_at) return;
    Open open = stack_.back();
    stack_.pop_back();
    if (open.exiting) {
      Exit(open);
      // The title was just found: the bound starts counting from its end.
      if (bounded && walk_.title_end != std::string::npos && stop_at == std::string::npos) return Run(true);
      continue;
    }
    const dom::Node* node = open.node;
    if (node->IsText()) {
      // The source's line breaks are spaces: a line of the text is a block of the page.
      size_t from = walk_.text.size();
      walk_.text += node->text;
      std::replace(walk_.text.begin() + static_cast<std::ptrdiff_t>(from), walk_.text.end(), '\n', ' ');
      continue;
    }
    if (!node->IsElement() || IsSkippedTag(node->tag)) continue;
    Enter(node);
  }
}

void Walker::Exit(const Open& open) {
  const dom::Node* node = open.node;
  size_t end = walk_.text.size();
  if (open.other_dates) walk_.other_dates.push_back({open.begin, end});
  if (open.role == Open::kLine && end - open.begin <= kMaxDateElementBytes) {
    AttributeWords(ReadAttributes(*node), words_);
    walk_.lines.push_back({open.begin, end, Describe(*node), HasWordFrom(words_, kDateNamingWords), node});
  } else if (open.role == Open::kHeading) {
    walk_.headings.push_back({open.begin, end, std::string_view(node->tag) == "h1"});
    if (walk_.title_begin == std::string::npos && NamedByTitles(walk_, walk_.headings.back(), squeezed_titles_)) {
      walk_.title_begin = open.begin;
      walk_.title_end = end;
    }
  } else if (open.role == Open::kStructured && end - open.begin <= kMaxDateElementBytes) {
    // A structured date without a machine-readable value: its text. One that has none keeps
    // its empty source and is never used.
    if (std::optional<Date> date =
            ParseDateValue(std::string_view(walk_.text).substr(open.begin, end - open.begin), order_)) {
      Candidate& candidate = walk_.structured[open.candidate];
      candidate.date = *date;
      candidate.source = Describe(*node) + " text";
    }
  }
  if (open.block) walk_.text += '\n';
}

void Walker::Enter(const dom::Node* node) {
  const Attributes attributes = ReadAttributes(*node);
  AttributeWords(attributes, words_);
  const std::string_view tag = node->tag;
  const ClassWords class_words = MatchClassWords(words_);
  bool other_dates = class_words.other_dates || tag == "figcaption" || tag == "blockquote";
  const bool block = !IsInlineTag(tag);
  if (block) walk_.text += '\n';
  Open entry{node, walk_.text.size(), Open::kNone, true, 0, other_dates, block};
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
      if (std::optional<Date> date = ParseDateValue(*value, order_)) {
        walk_.structured.push_back({*date, walk_.text.size(), kind, Describe(*node), node});
      }
    } else {
      // Read from its text when the element ends (an empty source marks it pending).
      entry.candidate = walk_.structured.size();
      walk_.structured.push_back({Date{}, walk_.text.size(), kind, "", node});
      entry.role = Open::kStructured;
    }
  } else if (tag == "h1" || tag == "h2" || tag == "h3" || ascii::EqualsIgnoreCase(itemprop, "headline")) {
    entry.role = Open::kHeading;
  } else if (class_words.date_line) {
    entry.role = Open::kLine;
  }
  stack_.push_back(entry);
  for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
    stack_.push_back({*it, 0, Open::kNone, false, 0, false, false});
  }
}

WalkResult Walker::Result() const {
  WalkResult result = walk_;
  // Boxes still open (a related-articles list that starts after the title) end here.
  for (const Open& open : stack_) {
    if (open.exiting && open.other_dates) result.other_dates.push_back({open.begin, result.text.size()});
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

// A <meta> name (lower case) that says it holds a publication date without being one of
// kPublishedMetaNames: it names publishing or a pubdate, and not the publisher, a modification
// or an expiry.
bool IsPublicationMetaName(std::string_view name) {
  if (name.find("publi") == std::string_view::npos && name.find("pubdate") == std::string_view::npos) return false;
  for (std::string_view other : {"publisher", "modif", "updat", "expir", "end"}) {
    if (name.find(other) != std::string_view::npos) return false;
  }
  return true;
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

DayOrder DayOrderFor(std::string_view language, const std::vector<std::string>& urls) {
  // Country-code domains of countries whose English writes the day first.
  static constexpr std::array<std::string_view, 22> kDayFirstEnglishDomains = {".uk", ".ie", ".au", ".nz", ".in", ".za",
                                                                               ".ng", ".pk", ".ke", ".gh", ".sg", ".my",
                                                                               ".lk", ".bd", ".ug", ".tz", ".zw", ".zm",
                                                                               ".mt", ".cy", ".np", ".hk"};
  const DayOrder order = DayOrderFor(language);
  if (order == DayOrder::kDayFirst || Lower(language) != "en") return order;
  for (const std::string& url : urls) {
    size_t host_start = url.find("://");
    host_start = host_start == std::string::npos ? 0 : host_start + 3;
    const size_t host_end = url.find_first_of(":/?#", host_start);
    const std::string host = Lower(std::string_view(url).substr(host_start, host_end - host_start));
    for (std::string_view domain : kDayFirstEnglishDomains) {
      if (host.ends_with(domain)) return DayOrder::kDayFirst;
    }
  }
  return order;
}

std::optional<Date> ParseDateValue(std::string_view text, DayOrder order) {
  std::string trimmed = text::CollapseWhitespace(text.substr(0, 4 * kMaxDateElementBytes));
  if (std::optional<Date> iso = ParseIso(trimmed)) return iso;
  if (std::optional<Date> compact = ParseCompact(trimmed)) return compact;
  std::optional<TextDate> found = FindDateInText(trimmed, order);
  if (!found) return std::nullopt;
  return found->date;
}

std::vector<TextDate> DatesAroundYears(std::string_view text, DayOrder order) { return DatesNearYears(text, order); }

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
    // /2020/0607/: the year, then the month and day as one path part (Chinese portals).
    if (IsYear(tokens, i) && i + 2 < tokens.size() && tokens[i + 1].text == "/" && Adjacent(tokens, i) &&
        Adjacent(tokens, i + 1) && IsNumber(tokens, i + 2, 4, 4) &&
        (i + 3 == tokens.size() || (tokens[i + 3].kind == TokenKind::kPunct && Adjacent(tokens, i + 2)))) {
      const int month_day = tokens[i + 2].Value();
      if (std::optional<Date> date = Checked(tokens[i].Value(), month_day / 100, month_day % 100)) return date;
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

std::vector<std::pair<std::string, std::string>> JsonLdDatesInText(std::string_view text) {
  // A value longer than this is not a date (the text is broken: a quote is missing).
  constexpr size_t kMaxValueBytes = 64;
  std::vector<std::pair<std::string, std::string>> found;
  for (size_t at = text.find("\"date"); at != std::string_view::npos; at = text.find("\"date", at + 1)) {
    std::string_view rest = text.substr(at + 1);
    std::string_view key;
    for (std::string_view candidate : {"datePublished", "dateCreated", "dateModified"}) {
      if (rest.starts_with(candidate) && rest.substr(candidate.size()).starts_with("\"")) key = candidate;
    }
    if (key.empty()) continue;
    size_t i = at + 1 + key.size() + 1;
    while (i < text.size() && ascii::IsSpace(text[i])) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    while (i < text.size() && ascii::IsSpace(text[i])) ++i;
    if (i >= text.size() || text[i] != '"') continue;
    size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos || end - i - 1 > kMaxValueBytes) continue;
    found.emplace_back(std::string(key), std::string(text.substr(i + 1, end - i - 1)));
  }
  return found;
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

// A publication date of the head (<meta>, JSON-LD) and where it came from.
struct HeadDate {
  Date date;
  std::string source;
};

// Seconds since the epoch of an ISO 8601 timestamp with an offset ("...Z", "+02:00", "+0200",
// "-05"); nullopt for a day alone or a time without an offset.
std::optional<std::int64_t> InstantOf(const Date& date) {
  std::string_view iso = date.iso;
  if (iso.size() < 16 || iso[10] != 'T') return std::nullopt;
  const std::int64_t hour = Number(iso.substr(11, 2)), minute = Number(iso.substr(14, 2));
  size_t zone = iso.find_first_of("Z+-", 16);
  if (zone == std::string_view::npos) return std::nullopt;
  std::int64_t offset_minutes = 0;
  if (iso[zone] != 'Z') {
    std::string_view digits = iso.substr(zone + 1);
    if (digits.size() < 2 || !AllDigits(digits.substr(0, 2))) return std::nullopt;
    offset_minutes = Number(digits.substr(0, 2)) * 60;
    if (digits.size() == 5 && digits[2] == ':' && AllDigits(digits.substr(3, 2))) {
      offset_minutes += Number(digits.substr(3, 2));
    } else if (digits.size() == 4 && AllDigits(digits.substr(2, 2))) {
      offset_minutes += Number(digits.substr(2, 2));
    }
    if (iso[zone] == '-') offset_minutes = -offset_minutes;
  }
  const std::int64_t days = DaysOf(date).time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 - offset_minutes * 60;
}

// The head's publication date: the first of `found` (evidence order), unless it is a UTC
// timestamp and another names the same instant in the publisher's own offset ("23:59:50+00:00"
// in <meta>, "01:59:50+02:00" in JSON-LD): the day as the publisher writes it is the
// publication day (the UTC day is the publisher's own only where the clocks show UTC).
const HeadDate* ChooseHeadDate(const std::vector<HeadDate>& found) {
  if (found.empty()) return nullptr;
  const HeadDate& first = found.front();
  if (!IsUtcTimestamp(first.date.iso)) return &first;
  const std::optional<std::int64_t> instant = InstantOf(first.date);
  if (!instant) return &first;
  for (const HeadDate& other : found) {
    if (IsUtcTimestamp(other.date.iso)) continue;
    const std::optional<std::int64_t> other_instant = InstantOf(other.date);
    if (other_instant && std::llabs(*other_instant - *instant) <= kSameInstantSeconds) return &other;
  }
  return &first;
}

// The position of the next "<script" (or "</script" when `closing`) of `html` from `from`, in
// any case, else npos.
size_t FindScriptTag(std::string_view html, size_t from, bool closing = false) {
  const std::string_view tag = closing ? "</script" : "<script";
  for (size_t at = html.find('<', from); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (ascii::EqualsIgnoreCase(html.substr(at, tag.size()), tag)) return at;
  }
  return std::string_view::npos;
}

// The broad scan, when no evidence above gave a date (htmldate's "extensive" search): the
// page's text from the title on (before it stand the masthead's "today" and the menus) outside
// comment sections and related-article boxes, the attributes whose name says date or time
// ("data-date", "data-publish-time") and the page's scripts (a date handed to a script that
// prints it, a state object with the story's fields). The day found most often wins, the first
// counted on a tie: the story's own date is repeated (script, markup, share links), other
// stories' dates are not. Dates introduced as updates are not counted.
std::optional<std::pair<Date, std::string>> BroadScan(const dom::Document& document, const WalkResult& walk,
                                                      const DateOptions& options) {
  struct Tally {
    Date date;
    int count = 0;
    size_t first = 0;
    std::string where;
  };
  std::vector<Tally> tallies;
  size_t scanned = 0, order = 0;
  // `base`: the position of `text` in walk.text, for the boxes of other dates; npos outside it.
  auto count = [&](std::string_view text, std::string_view where, size_t base = std::string_view::npos) {
    if (text.size() < kMinBroadScanText) return;
    text = text.substr(0, kMaxBroadScanBytes - std::min(scanned, kMaxBroadScanBytes));
    scanned += text.size();
    for (const TextDate& found : DatesNearYears(text, options.order)) {
      if (!IsPlausible(found.date, options.reference_time) || IntroducedAsModified(text, found.begin)) continue;
      if (base != std::string_view::npos && IsOther(walk, base + found.begin)) continue;
      auto it = std::find_if(tallies.begin(), tallies.end(),
                             [&](const Tally& tally) { return tally.date.iso == found.date.iso; });
      if (it == tallies.end()) {
        tallies.push_back({found.date, 0, order, std::string(where)});
        it = tallies.end() - 1;
      }
      ++it->count;
      ++order;
    }
  };
  const size_t text_start = walk.title_begin == std::string::npos ? 0 : walk.title_begin;
  count(std::string_view(walk.text).substr(text_start), "the text", text_start);
  // The attributes of every element (those of the boxes of other dates too: finding the boxes
  // would cost more than the rare date attribute in them weighs).
  std::vector<const dom::Node*> stack;
  if (const dom::Node* root = document.html()) stack.push_back(root);
  while (!stack.empty() && scanned < kMaxBroadScanBytes) {
    const dom::Node* node = stack.back();
    stack.pop_back();
    if (!node->IsElement()) continue;
    for (const dom::Attribute& attribute : node->attributes) {
      std::string_view name = attribute.name;
      if (name.find("date") != std::string_view::npos || name.find("time") != std::string_view::npos) {
        count(attribute.value, "an attribute");
      }
    }
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back(*it);
  }
  // The scripts of the source, which the parsed document may not hold (the parse filter drops
  // them): from "<script" to "</script", JSON-LD included (its dates were read above unless
  // they were implausible, and then they are so here too).
  for (size_t at = FindScriptTag(options.html, 0); at != std::string_view::npos && scanned < kMaxBroadScanBytes;) {
    const size_t open_end = options.html.find('>', at);
    if (open_end == std::string_view::npos) break;
    const size_t close = FindScriptTag(options.html, open_end, /*closing=*/true);
    const size_t end = close == std::string_view::npos ? options.html.size() : close;
    count(options.html.substr(open_end + 1, end - open_end - 1), "a script");
    at = close == std::string_view::npos ? close : FindScriptTag(options.html, close + 2);
  }
  const Tally* best = nullptr;
  for (const Tally& tally : tallies) {
    if (best == nullptr || tally.count > best->count || (tally.count == best->count && tally.first < best->first)) {
      best = &tally;
    }
  }
  if (best == nullptr) return std::nullopt;
  return std::make_pair(best->date, "broad scan: the most frequent day (" + std::to_string(best->count) +
                                        " times, first in " + best->where + ")");
}

}  // namespace

PageDates FindDates(const dom::Document& document, const HeadEvidence& head, const DateOptions& options) {
  PageDates dates;
  auto plausible = [&](const std::optional<Date>& date) {
    return date.has_value() && IsPlausible(*date, options.reference_time);
  };
  auto set = [](FoundDate& found, const Date& date, std::string source, const dom::Node* element = nullptr) {
    if (!found.value.empty()) return;
    found.value = date.iso;
    found.source = std::move(source);
    found.element = element;
  };
  // 1. <meta> tags, the known names in the order they are trusted, then a name that says
  // "published" or "publication" in its own way ("dateofpublication", "article.publishedDate"),
  // the publisher's name and expiry aside (IsPublicationMetaName); 2. JSON-LD, then the date
  // keys of JSON-LD that is not valid JSON. <meta> first, as htmldate's header search: where
  // the two disagree, the JSON-LD is more often generated with a wrong zone ("Z" on a local
  // time) than the <meta> tag.
  std::vector<HeadDate> published;
  for (std::string_view name : kPublishedMetaNames) {
    for (const auto& [meta_name, content] : head.metas) {
      if (meta_name != name) continue;
      if (std::optional<Date> date = ParseDateValue(content, options.order); plausible(date)) {
        published.push_back({*date, "meta " + meta_name});
        break;
      }
    }
  }
  for (const auto& [meta_name, content] : head.metas) {
    if (!IsPublicationMetaName(meta_name) ||
        std::find(kPublishedMetaNames.begin(), kPublishedMetaNames.end(), meta_name) != kPublishedMetaNames.end()) {
      continue;
    }
    if (std::optional<Date> date = ParseDateValue(content, options.order); plausible(date)) {
      published.push_back({*date, "meta " + meta_name});
    }
  }
  auto take_jsonld = [&](const std::pair<std::string, std::string>& entry, const char* source) {
    const auto& [key, value] = entry;
    std::optional<Date> date = ParseDateValue(value, options.order);
    if (!plausible(date)) return;
    if (key == "dateModified") {
      set(dates.modified, *date, source + key);
    } else {
      published.push_back({*date, source + key});
    }
  };
  for (const auto& entry : head.jsonld) take_jsonld(entry, "json-ld ");
  for (const std::string& text : head.unparsed_jsonld) {
    for (const auto& entry : JsonLdDatesInText(text)) take_jsonld(entry, "json-ld (not valid JSON) ");
  }
  if (const HeadDate* chosen = ChooseHeadDate(published)) set(dates.published, chosen->date, chosen->source);
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
  Walker walker(document, options.order, head.titles);
  walker.Run(/*bounded=*/true);
  WalkResult walk = walker.Result();
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
        candidate.source + " in the header", candidate.node);
  }
  // 4. The URL.
  for (const std::string& url : options.urls) {
    if (std::optional<Date> date = DateFromUrl(url); plausible(date)) set(dates.published, *date, "url " + url);
  }
  // 5. Date lines and text of the header.
  // Each text is scanned for its first publication date; dates introduced as updates before
  // it are modification dates.
  // `max_line`: only dates on a line of at most this many bytes (a dateline, not a sentence).
  auto scan = [&](size_t offset, std::string_view text, const std::vector<TextDate>& found_dates,
                  const std::string& source, size_t max_line = std::string_view::npos,
                  const dom::Node* element = nullptr) {
    for (const TextDate& found : found_dates) {
      if (!dates.published.value.empty()) break;
      if (!plausible(found.date) || IsOther(walk, offset + found.begin)) continue;
      if (max_line != std::string_view::npos && LineLength(text, found.begin) > max_line) continue;
      bool modified = IntroducedAsModified(text, found.begin);
      set(modified ? dates.modified : dates.published, found.date,
          source + " \"" + std::string(text.substr(found.begin, found.end - found.begin)) + "\"", element);
    }
  };
  std::string_view page_text = walk.text;
  for (const DateLine& line : walk.lines) {
    if (!dates.published.value.empty()) break;
    if (!InHeader(walk, line.begin)) continue;
    std::string_view text = page_text.substr(line.begin, line.end - line.begin);
    scan(line.begin, text, DatesNearYears(text, options.order), "text of " + line.source + " in the header",
         std::string_view::npos, line.node);
  }
  if (walk.title_begin != std::string::npos && dates.published.value.empty()) {
    size_t start = walk.title_begin > kHeaderBeforeTitle ? walk.title_begin - kHeaderBeforeTitle : 0;
    std::string_view near_title = page_text.substr(start, walk.title_end - start + kNearTitleScanBytes);
    // A date on a line of its own first: one inside a sentence may be an event's, or a photo's
    // in an unmarked caption ("... near Orleans, France, January 16, 2020. REUTERS").
    std::vector<TextDate> found_dates = DatesNearYears(near_title, options.order);
    scan(start, near_title, found_dates, "text near the title", kMaxDatelineBytes);
    scan(start, near_title, found_dates, "text near the title");
  }
  // Steps 6 and 7 read the whole page: when the walk ended after the header and found nothing,
  // the page is walked again to its end (pages without a date in their header are few, and
  // those are the ones that pay for it).
  if (dates.published.value.empty() && !walker.Finished()) {
    walker.Run(/*bounded=*/false);
    walk = walker.Result();
    page_text = walk.text;
  }
  // 6. Structured dates elsewhere: the earliest (later ones are updates, comments).
  if (dates.published.value.empty()) {
    const Candidate* earliest = nullptr;
    for (const Candidate& candidate : walk.structured) {
      if (candidate.source.empty() || candidate.kind != Kind::kPublished || !plausible(candidate.date)) continue;
      if (earliest == nullptr || candidate.date.iso < earliest->date.iso) earliest = &candidate;
    }
    if (earliest != nullptr) {
      set(dates.published, earliest->date, earliest->source + " (earliest in the page)", earliest->node);
    }
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
          "text of " + line.source + " \"" + std::string(text.substr(found->begin, found->end - found->begin)) + "\"",
          line.node);
    }
  }
  // 8. The first element of the page whose class or id names a date (htmldate's fallback); when
  // the title is known, one after it only: what stands further before it than the header is the
  // masthead's "today" or a menu's.
  for (const DateLine& line : walk.lines) {
    if (!dates.published.value.empty()) break;
    if (!line.named_date || (walk.title_begin != std::string::npos && line.begin < walk.title_begin)) continue;
    std::string_view text = page_text.substr(line.begin, line.end - line.begin);
    std::optional<TextDate> found = FindDateInText(text, options.order);
    if (!found || !plausible(found->date) || IntroducedAsModified(text, found->begin)) continue;
    set(dates.published, found->date,
        "text of " + line.source + " \"" + std::string(text.substr(found->begin, found->end - found->begin)) + "\"",
        line.node);
  }
  // 9. The broad scan of the whole page, scripts included.
  if (dates.published.value.empty()) {
    if (auto found = BroadScan(document, walk, options)) set(dates.published, found->first, std::move(found->second));
  }
  return dates;
}

}  // namespace pressoir::dates

// Publication dates: the day (and, when the page gives it in ISO 8601, the time and UTC offset)
// an article was first published, and separately when it was last modified.
//
// The evidence is weighed the way htmldate (github.com/adbar/htmldate) does, from the
// strongest to the weakest, and the first that gives a plausible date wins:
//   1. <meta> tags: article:published_time and the many names sites use (kPublishedMetaNames),
//      then any name that says publication;
//   2. JSON-LD datePublished / dateCreated (article objects first, then any object, then the
//      date keys of JSON-LD that is not valid JSON). Of the head's dates (1 and 2) the first
//      wins, except that a UTC timestamp yields to the same instant written with the
//      publisher's own offset (its day is the publication day as the publisher writes it);
//   3. in the article header (around the title): <time datetime>, itemprop=datePublished,
//      microformats (abbr.published);
//   4. a full date in the URL path (/2020/06/07/, /20200607/, /2020-06-07-);
//   5. the visible text of the header: date-like elements (class or id "date", "byline",
//      "posted", ...) and the text near the title ("Publié le 7 juin 2020", "June 7, 2020",
//      "07/06/2020" read day-first or month-first from the page's language);
//   6. structured dates elsewhere in the page (<time>, itemprop), the earliest (htmldate's
//      "original date": later ones are comments and updates);
//   7. a date line that says it is the publication date ("First published on ...");
//   8. the first element after the title whose class or id names a date;
//   9. the broad scan (htmldate's "extensive" search): the day written most often in the text
//      from the title on, in attributes named for a date and in the page's scripts
//      (DateOptions::html), read only around the numbers that may be years (DatesAroundYears).
// A month-precise date in the URL (/2020/06/) is not used: a wrong day is worse than none for a
// corpus filed by day. Steps 3 to 9 walk the page, and only when steps 1 and 2 found nothing or
// a UTC timestamp (whose day is checked against the day the header prints: the publisher's time
// zone may put it on the day before or after). The walk skips comment sections, captions,
// related-article boxes and embedded posts, and ends 2,000 bytes of text after the title, so
// that its cost does not grow with the page; steps 6 to 9 go on to the end of the page, only
// for the pages whose header gave no date.
// Dates after the reference time (the fetch time) plus one day, and before 1995, are rejected:
// they are copyright notices, event dates, birth dates. A date introduced by "updated", "mis à
// jour", "aktualisiert"... is a modification date, never the publication date.
//
// Pure functions, no I/O; thread-safe.
#ifndef PRESSOIR_EXTRACTORS_DATES_H_
#define PRESSOIR_EXTRACTORS_DATES_H_

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::dates {

// How an all-numeric date with two small numbers ("07/06/2020") is read.
enum class DayOrder { kDayFirst, kMonthFirst };

// Month first for English pages other than British, Irish, Australian, New Zealand, Indian,
// South African and Nigerian English (BCP 47 "en", "en-us", ...), day first for everything else
// (and for an unknown language: most of the world writes the day first).
// With the page's URLs: an English page without a region (bare "en") on a host of a country
// that writes the day first in English (.uk, .ie, .au, .nz, .in, .za, .ng, .pk, .ke, ...) reads
// the day first; the template's "en" says nothing of the country.
DayOrder DayOrderFor(std::string_view language);
DayOrder DayOrderFor(std::string_view language, const std::vector<std::string>& urls);

// A date found in a page.
struct Date {
  int year = 0, month = 0, day = 0;
  std::string iso;  // "2020-06-07", or with the time and offset as given ("2020-06-07T10:12:00+02:00")
};

// A machine-readable date, as <meta content>, JSON-LD and <time datetime> hold them: ISO 8601
// (with or without time, 'T' or ' ', fractional seconds, offset or Z), compact "20200607",
// RFC 1123 ("Sun, 07 Jun 2020 10:12:00 GMT") and, failing those, the first human-written date
// of `text` (FindDateInText). nullopt when there is none or it is not a calendar date.
std::optional<Date> ParseDateValue(std::string_view text, DayOrder order = DayOrder::kDayFirst);

// A date written for people, found in prose: "7 juin 2020", "7. Juni 2020", "7 de junio de
// 2020", "June 7th, 2020", "2020年6月7日", "2020. június 7.", "07.06.2020", "2020-06-07",
// "07/06/2020" (`order` decides when both numbers are 12 or less). Month names of English,
// French, German, Spanish, Italian, Dutch, Portuguese, Polish, Czech, Romanian, Hungarian,
// Swedish, Danish, Norwegian, Finnish, Indonesian, Turkish, Russian and Ukrainian. The time
// of day in prose is not kept (its offset is unknown). `begin`/`end`: the byte range of the
// match in `text`.
struct TextDate {
  Date date;
  size_t begin = 0, end = 0;
};
std::optional<TextDate> FindDateInText(std::string_view text, DayOrder order, size_t from = 0);

// Every date of `text` that FindDateInText would find from each found date's end on, found by
// reading only the bytes around the numbers that may be years (every date form above has a
// year: four digits, or two after a dot in "07.06.20"): for a long text with few dates (a
// page's scripts), a fraction of the cost.
std::vector<TextDate> DatesAroundYears(std::string_view text, DayOrder order);

// The date of a URL's path: /2020/06/07/, /2020-06-07, /20200607/ (a compact date between
// separators), /2020/6/7/. nullopt for a year and month only.
std::optional<Date> DateFromUrl(std::string_view url);

// What the page's head says, gathered by metadata.cc in its own walk.
struct HeadEvidence {
  // JSON-LD date keys in evidence order: those of article objects first. The key is
  // "datePublished", "dateCreated" or "dateModified".
  std::vector<std::pair<std::string, std::string>> jsonld;
  // <meta> tags: (lower-case name, property or itemprop; content), in document order.
  std::vector<std::pair<std::string, std::string>> metas;
  // The page's titles (og:title or JSON-LD headline, <title>): the heading that matches one
  // is the article's title, around which the header is.
  std::vector<std::string> titles;
  // JSON-LD scripts that are not valid JSON (trailing commas, an extra brace, raw line breaks
  // in strings: common): their date keys are read as text (JsonLdDatesInText), after `jsonld`.
  std::vector<std::string> unparsed_jsonld;
};

// The "datePublished", "dateCreated" and "dateModified" values of a JSON-LD text that a JSON
// parser rejects, in text order: (key, value) pairs, values as written (escapes not decoded).
std::vector<std::pair<std::string, std::string>> JsonLdDatesInText(std::string_view text);

struct DateOptions {
  // Dates after this (seconds since the Unix epoch) plus a day are rejected: the fetch time.
  // 0: unknown, only years after the current year + 1 are rejected.
  std::time_t reference_time = 0;
  std::vector<std::string> urls;  // the page's URLs (canonical, fetched), for dates in the path
  DayOrder order = DayOrder::kDayFirst;
  // The page's HTML source (not owned), when the caller has it: the broad scan, the last
  // resort, reads the dates of its <script> elements (a date handed to a script that prints
  // it, a state object with the story's fields), which the parsed document may not hold.
  std::string_view html;
};

// A found date and where it came from, for --explain ("json-ld datePublished",
// "meta article:published_time", "<time datetime> in the header", "url", "text pattern ...").
struct FoundDate {
  std::string value;  // ISO 8601; empty when none was found
  std::string source;
  const dom::Node* element = nullptr;  // the page element it was read from, if one (not owned)
};

struct PageDates {
  FoundDate published;
  FoundDate modified;
};

// The publication and modification dates of `document` (see the top of this file). Reads the
// document only.
PageDates FindDates(const dom::Document& document, const HeadEvidence& head, const DateOptions& options);

// True when `date` is plausible for a page fetched at `reference_time` (see DateOptions).
bool IsPlausible(const Date& date, std::time_t reference_time);

}  // namespace pressoir::dates

#endif  // PRESSOIR_EXTRACTORS_DATES_H_

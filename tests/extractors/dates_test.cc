// Publication dates (issue 15, item 2): the evidence order of extractors/dates.h, the formats
// pages write in many languages, the plausibility bounds and the header's preference.
#include "extractors/dates.h"

#include <catch2/catch.hpp>

#include "extractors/html_parser.h"

namespace {

using pressoir::dates::DateFromUrl;
using pressoir::dates::DayOrder;
using pressoir::dates::FindDateInText;
using pressoir::dates::ParseDateValue;

// 2026-11-23T10:00:00Z: the fetch time of the pages below.
constexpr std::time_t kFetchTime = 1795428000;

std::string Day(std::string_view text, DayOrder order = DayOrder::kDayFirst) {
  auto found = FindDateInText(text, order);
  return found ? found->date.iso : "";
}

pressoir::dates::PageDates Find(const std::string& html, std::vector<std::string> urls = {},
                                DayOrder order = DayOrder::kDayFirst) {
  pressoir::dom::Document document = pressoir::html::ParseHtml(html);
  pressoir::dates::HeadEvidence head;
  // What metadata.cc hands over: the <meta> tags and JSON-LD are tested through it
  // (metadata_test.cc); here the page's body.
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  options.urls = std::move(urls);
  options.order = order;
  return pressoir::dates::FindDates(document, head, options);
}

}  // namespace

// Dates in prose, as the issue lists them, and in the languages the finder knows.
TEST_CASE("dates written for people, in many languages", "[extractors]") {
  CHECK(Day("Publié le 7 juin 2020 à 10h12") == "2020-06-07");
  CHECK(Day("Veröffentlicht am 07.06.2020") == "2020-06-07");
  CHECK(Day("7. Juni 2020, 10:12 Uhr") == "2020-06-07");
  CHECK(Day("Madrid, 7 de junio de 2020") == "2020-06-07");
  CHECK(Day("June 7, 2020") == "2020-06-07");
  CHECK(Day("Jun. 7th, 2020") == "2020-06-07");
  CHECK(Day("the 7th of June 2020") == "2020-06-07");
  CHECK(Day("7 giugno 2020") == "2020-06-07");
  CHECK(Day("7 juni 2020") == "2020-06-07");
  CHECK(Day("7 de junho de 2020") == "2020-06-07");
  CHECK(Day("7 czerwca 2020") == "2020-06-07");
  CHECK(Day("7 июня 2020 г.") == "2020-06-07");
  CHECK(Day("2020. június 7.") == "2020-06-07");
  CHECK(Day("2020年6月7日 10時") == "2020-06-07");
  CHECK(Day("2020년 6월 7일") == "2020-06-07");
  CHECK(Day("الجمعة 24 نيسان / أبريل 2020") == "2020-04-24");
  CHECK(Day("1er août 2019") == "2019-08-01");
  CHECK(Day("2020-06-07 10:12") == "2020-06-07");
  CHECK(Day("2020/06/07") == "2020-06-07");
  CHECK(Day("no date, 12 monkeys in 2020") == "");
  CHECK(Day("version 1.2.3.2020") == "");
  CHECK(Day("31 June 2020") == "");  // not a calendar date
}

// "07/06/2020" is day first or month first depending on the page's language; a number above 12
// decides by itself, and dotted dates are day first everywhere.
TEST_CASE("numeric dates read day-first or month-first from the language", "[extractors]") {
  using pressoir::dates::DayOrderFor;
  CHECK(DayOrderFor("en") == DayOrder::kMonthFirst);
  CHECK(DayOrderFor("en-US") == DayOrder::kMonthFirst);
  CHECK(DayOrderFor("en-GB") == DayOrder::kDayFirst);
  CHECK(DayOrderFor("fr") == DayOrder::kDayFirst);
  CHECK(DayOrderFor("") == DayOrder::kDayFirst);
  CHECK(Day("07/06/2020", DayOrder::kDayFirst) == "2020-06-07");
  CHECK(Day("07/06/2020", DayOrder::kMonthFirst) == "2020-07-06");
  CHECK(Day("13/06/2020", DayOrder::kMonthFirst) == "2020-06-13");
  CHECK(Day("06/13/2020", DayOrder::kDayFirst) == "2020-06-13");
  CHECK(Day("07.06.2020", DayOrder::kMonthFirst) == "2020-06-07");
}

// Machine-readable values keep their time and UTC offset (ISO 8601), normalized.
TEST_CASE("ISO 8601 values keep the time and offset", "[extractors]") {
  CHECK(ParseDateValue("2020-06-07T10:12:00+02:00")->iso == "2020-06-07T10:12:00+02:00");
  CHECK(ParseDateValue(" 2020-06-07T10:12:00.123Z ")->iso == "2020-06-07T10:12:00.123Z");
  CHECK(ParseDateValue("2020-06-07 10:12")->iso == "2020-06-07T10:12");
  CHECK(ParseDateValue("2020-12-05T23:15:0Z")->iso == "2020-12-05T23:15:00Z");  // one-digit seconds
  CHECK(ParseDateValue("2020-06-07")->iso == "2020-06-07");
  CHECK(ParseDateValue("20200607")->iso == "2020-06-07");
  CHECK(ParseDateValue("Sun, 07 Jun 2020 10:12:00 GMT")->iso == "2020-06-07");
  CHECK_FALSE(ParseDateValue("2020-02-30").has_value());
  CHECK_FALSE(ParseDateValue("soon").has_value());
}

// Dates in the URL path: full dates only.
TEST_CASE("dates in the URL path", "[extractors]") {
  CHECK(DateFromUrl("https://news.test/2020/06/07/a-title")->iso == "2020-06-07");
  CHECK(DateFromUrl("https://news.test/politics/2020-06-07-a-title.html")->iso == "2020-06-07");
  CHECK(DateFromUrl("https://news.test/a/20200607/title")->iso == "2020-06-07");
  CHECK_FALSE(DateFromUrl("https://news.test/2020/06/a-title").has_value());     // the month only
  CHECK_FALSE(DateFromUrl("https://news.test/a?date=2020/06/07").has_value());   // the query
  CHECK_FALSE(DateFromUrl("https://2020.06.07.news.test/a-title").has_value());  // the host
  CHECK_FALSE(DateFromUrl("https://news.test/article/120200622120908039").has_value());
  CHECK(DateFromUrl("http://portal.test/n1/2020/0607/c1002-31737101.html")->iso == "2020-06-07");
  CHECK_FALSE(DateFromUrl("http://portal.test/n1/2020/1307/c1002.html").has_value());  // no 13th month
  CHECK_FALSE(DateFromUrl("http://portal.test/n1/2020/0607123/").has_value());
}

// Two-digit years: with dots and two-digit days and months only.
TEST_CASE("dates with a two-digit year", "[extractors]") {
  CHECK(Day("29.06.20 10:15") == "2020-06-29");
  CHECK(Day("Stand: 07.06.99") == "1999-06-07");
  CHECK(Day("06/07/20", DayOrder::kMonthFirst) == "");  // which English writes it?
  CHECK(Day("version 1.2.20") == "");
  CHECK(Day("tel. 06.12.34.56.78") == "");  // a phone number
}

// Rejected: dates after the fetch time plus a day, and before 1995.
TEST_CASE("implausible dates are rejected", "[extractors]") {
  using pressoir::dates::IsPlausible;
  CHECK(IsPlausible(*ParseDateValue("2026-11-24"), kFetchTime));  // tomorrow: a time zone ahead
  CHECK_FALSE(IsPlausible(*ParseDateValue("2026-11-25"), kFetchTime));
  CHECK_FALSE(IsPlausible(*ParseDateValue("1994-12-31"), kFetchTime));
  CHECK(IsPlausible(*ParseDateValue("1995-01-01"), kFetchTime));
  // In a page: an event announced for next year and a copyright year are not its date.
  auto dates = Find(R"(<body><h1>Le festival revient l'an prochain</h1>
      <p class="date">Rendez-vous le 12 juillet 2027</p><p>Publié le 3 mars 2026</p>
      <footer>© 1990 Le Journal</footer></body>)");
  CHECK(dates.published.value == "2026-03-03");
}

// The header's date wins over dates found elsewhere: comments, related articles, captions.
TEST_CASE("the header's date is preferred over the rest of the page", "[extractors]") {
  auto dates = Find(R"(<body>
      <aside class="related-articles"><h3>Older story from last year</h3><time datetime="2019-01-02">2 janv.</time></aside>
      <article><h1>A title long enough to be the title</h1>
      <div class="byline">By Jane Doe, <time datetime="2020-06-07T10:12:00+02:00">June 7</time></div>
      <figure><img src="x.jpg"><figcaption>Photo taken on May 1, 2020</figcaption></figure>
      <p>Text of the article.</p></article>
      <section id="comments"><time datetime="2020-06-09">June 9</time></section></body>)");
  CHECK(dates.published.value == "2020-06-07T10:12:00+02:00");
  CHECK(dates.published.source.find("in the header") != std::string::npos);
  // Without a structured date, the text near the title; the caption's date is skipped.
  auto text = Find(R"(<body><h1>A title long enough to be the title</h1>
      <figure><figcaption>FILE PHOTO, May 1, 2020</figcaption></figure>
      <p>Publié le 7 juin 2020 à 10h12</p><p>Le texte.</p></body>)");
  CHECK(text.published.value == "2020-06-07");
}

// "Mis à jour le ..." is the modification date, kept apart; the publication date is the
// original one.
TEST_CASE("modification dates are kept separately", "[extractors]") {
  auto dates = Find(R"(<body><h1>A title long enough to be the title</h1>
      <p class="dates">Mis à jour le 9 juin 2020 | Publié le 7 juin 2020</p><p>Texte.</p></body>)");
  CHECK(dates.published.value == "2020-06-07");
  CHECK(dates.modified.value == "2020-06-09");
  auto itemprops = Find(R"(<body><h1>A title long enough to be the title</h1>
      <meta itemprop="dateModified" content="2020-06-09"><span itemprop="datePublished">7 June 2020</span></body>)");
  CHECK(itemprops.published.value == "2020-06-07");
  CHECK(itemprops.modified.value == "2020-06-09");
}

// A heading that the page's title names is the title, even when it is not an <h1>; a date in
// the URL comes before the free text of the header.
TEST_CASE("the title heading and the URL", "[extractors]") {
  pressoir::dom::Document document = pressoir::html::ParseHtml(
      R"(<body><h1>Site</h1><p>Menu</p><h2 class="sub_tit">Les dons affluent pour la recherche</h2>
         <p>Jean Dupont | 2020-03-04 16:52</p></body>)");
  pressoir::dates::HeadEvidence head;
  head.titles = {"Journal :: Les dons affluent pour la recherche"};
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-03-04");
  options.urls = {"https://news.test/2020/03/05/les-dons"};
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-03-05");
}

// <meta> before JSON-LD (htmldate's header search); a UTC timestamp yields to the same instant
// written in the publisher's offset, and to the header's printed day when they are one day apart
// (the publisher's time zone).
TEST_CASE("head evidence: meta, JSON-LD, and UTC timestamps", "[extractors]") {
  pressoir::dom::Document document = pressoir::html::ParseHtml(
      R"(<body><h1>A title long enough to be the title</h1><p class="date">Domenica 06 Dicembre 2020</p></body>)");
  pressoir::dates::HeadEvidence head;
  head.metas = {{"article:published_time", "2020-12-04"}, {"article:modified_time", "2020-12-07T08:00:00+01:00"}};
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  auto meta_only = pressoir::dates::FindDates(document, head, options);
  CHECK(meta_only.published.value == "2020-12-04");
  CHECK(meta_only.published.source == "meta article:published_time");
  CHECK(meta_only.modified.value == "2020-12-07T08:00:00+01:00");
  head.jsonld = {{"datePublished", "2020-12-03T10:00:00+01:00"}};
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-04");
  // JSON-LD alone: a UTC timestamp one day before the header's day is read as the header's day.
  head.metas.clear();
  head.jsonld = {{"datePublished", "2020-12-05T23:15:00Z"}};
  auto utc = pressoir::dates::FindDates(document, head, options);
  CHECK(utc.published.value == "2020-12-06");
  head.jsonld = {{"datePublished", "2020-12-05T23:15:00+01:00"}};
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-05T23:15:00+01:00");
  // A future date (a scheduled event) falls through to the next evidence.
  head.metas = {{"article:published_time", "2030-01-01"}};
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-05T23:15:00+01:00");
}

// A UTC <meta> timestamp and the same instant in JSON-LD with the publisher's offset: the
// publisher's day. Two UTC stamps that disagree, or a local time of another instant: the
// evidence order (the <meta> tag).
TEST_CASE("a UTC timestamp and the same instant in the publisher's offset", "[extractors]") {
  pressoir::dom::Document document = pressoir::html::ParseHtml("<body><p>Text.</p></body>");
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  pressoir::dates::HeadEvidence head;
  head.metas = {{"article:published_time", "2020-12-24T23:59:50+00:00"}};
  head.jsonld = {{"datePublished", "2020-12-25T01:59:50+02:00"}};
  auto local = pressoir::dates::FindDates(document, head, options);
  CHECK(local.published.value == "2020-12-25T01:59:50+02:00");
  CHECK(local.published.source == "json-ld datePublished");
  head.jsonld = {{"datePublished", "2020-12-24T18:59:50-0500"}};  // west of Greenwich, compact offset
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-24T18:59:50-0500");
  head.jsonld = {{"datePublished", "2020-12-25T09:59:50Z"}};  // both UTC, ten hours apart
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-24T23:59:50+00:00");
  head.jsonld = {{"datePublished", "2020-12-25T11:00:00+02:00"}};  // another instant
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-12-24T23:59:50+00:00");
}

// Digits of other scripts, and the calendars whose years are not Gregorian: the Solar Hijri
// (Iranian pages: month names and all-numeric dates) and the Buddhist era (Thai pages).
TEST_CASE("native digits, Solar Hijri and Buddhist-era dates", "[extractors]") {
  CHECK(Day("٢٤ أبريل ٢٠٢٠") == "2020-04-24");              // Arabic-Indic digits
  CHECK(Day("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹") == "2020-05-10");         // Persian digits, Solar Hijri year
  CHECK(Day("2 تير 1399 - 12:09:08 ب.ظ") == "2020-06-22");  // a Solar Hijri month name
  CHECK(Day("۱ فروردین ۱۴۰۳") == "2024-03-20");             // Nowruz of a Gregorian leap year
  CHECK(Day("1 فروردین 1375") == "1996-03-20");
  CHECK(Day("29 اسفند 1402") == "2024-03-19");
  CHECK(Day("७ जून २०२०") == "2020-06-07");           // Devanagari digits, Hindi month
  CHECK(Day("৭ জুন ২০২০") == "2020-06-07");           // Bengali
  CHECK(Day("２０２０年６月７日") == "2020-06-07");  // full-width digits
  CHECK(Day("7 มิถุนายน 2563") == "2020-06-07");       // Thai, Buddhist era
  CHECK(Day("07/06/2563") == "2020-06-07");
  // A Gregorian month with a Solar Hijri year is no date; Solar Hijri days stop at 31 and 30.
  CHECK(Day("7 June 1399") == "");
  CHECK(Day("31 مهر 1399") == "");
}

// Month names of more languages, capitalized or not (Latin, Greek and Cyrillic capitals are
// lowered before the look-up).
TEST_CASE("month names of more languages and their capitals", "[extractors]") {
  CHECK(Day("7 ביוני 2020") == "2020-06-07");  // Hebrew, "in June"
  CHECK(Day("Κυριακή 7 Ιουνίου 2020") == "2020-06-07");
  CHECK(Day("7 ΙΟΥΝΙΟΥ 2020") == "");  // capitals without the accent: not the written name
  CHECK(Day("7 ИЮНЯ 2020") == "2020-06-07");
  CHECK(Day("7 июн. 2020, 10:12") == "2020-06-07");
  CHECK(Day("26. oktobra 2020. u 18:10") == "2020-10-26");  // Bosnian, Serbian
  CHECK(Day("26. октобра 2020.") == "2020-10-26");
  CHECK(Day("7. lipnja 2020.") == "2020-06-07");        // Croatian
  CHECK(Day("2020 m. birželio 7 d.") == "2020-06-07");  // Lithuanian
  CHECK(Day("7 de juny de 2020") == "2020-06-07");      // Catalan
  CHECK(Day("7 Şubat 2020") == "2020-02-07");           // Turkish capital Ş
  CHECK(Day("7 червня 2020") == "2020-06-07");
  CHECK(Day("7 Hunyo 2020") == "2020-06-07");  // Filipino
  CHECK(Day("7 juni 2020 kl. 10.12") == "2020-06-07");
  CHECK(Day("7 ივნისი 2020") == "2020-06-07");  // Georgian
}

// JSON-LD that a JSON parser rejects still gives its date keys, after the valid JSON-LD.
TEST_CASE("dates of JSON-LD that is not valid JSON", "[extractors]") {
  using pressoir::dates::JsonLdDatesInText;
  auto found = JsonLdDatesInText(R"({"@type": "NewsArticle", "headline": "A",
      "datePublished" : "2020-10-26T18:10:00+01:00", "dateModified":"2020-10-26T18:13:30+01:00",
      "articleBody": "line one
line two", "date": "not a key we read"}})");
  REQUIRE(found.size() == 2);
  CHECK(found[0] == std::pair<std::string, std::string>{"datePublished", "2020-10-26T18:10:00+01:00"});
  CHECK(found[1].first == "dateModified");
  CHECK(JsonLdDatesInText(R"({"datePublished": 2020})").empty());  // not a string
  CHECK(JsonLdDatesInText(R"({"datePublishedLocal": "2020-10-26"})").empty());

  pressoir::dom::Document document = pressoir::html::ParseHtml("<body><p>Text.</p></body>");
  pressoir::dates::HeadEvidence head;
  head.unparsed_jsonld = {R"({"datePublished": "04:25:06 PM IST Apr 08, 2020",})"};
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  auto dates = pressoir::dates::FindDates(document, head, options);
  CHECK(dates.published.value == "2020-04-08");
  CHECK(dates.published.source == "json-ld (not valid JSON) datePublished");
  head.jsonld = {{"datePublished", "2020-04-07"}};  // valid JSON-LD comes first
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-04-07");
}

// <meta> names beyond the known list, when they say publication; compact stamps with a time.
TEST_CASE("meta names that say publication, compact stamps", "[extractors]") {
  pressoir::dom::Document document = pressoir::html::ParseHtml("<body><p>Text.</p></body>");
  pressoir::dates::HeadEvidence head;
  pressoir::dates::DateOptions options;
  options.reference_time = kFetchTime;
  head.metas = {{"dc.publisher", "Journal 2020"},
                {"content_publication_end", "2030-01-01"},
                {"dateofpublication", "Tuesday, January 8, 2008 03:20 AM"}};
  auto dates = pressoir::dates::FindDates(document, head, options);
  CHECK(dates.published.value == "2008-01-08");
  CHECK(dates.published.source == "meta dateofpublication");
  head.metas = {{"og:regdate", "20200607101200"}};
  CHECK(pressoir::dates::FindDates(document, head, options).published.value == "2020-06-07");
  CHECK(ParseDateValue("202006071012")->iso == "2020-06-07");
  CHECK_FALSE(ParseDateValue("2020060710").has_value());  // neither a day nor a stamp
}

// Near the title, a date on a line of its own comes before one inside a sentence (an unmarked
// photo caption, an event).
TEST_CASE("a dateline before a date in a sentence", "[extractors]") {
  auto dates = Find(R"(<body><h1>Protesters gather outside the theatre</h1>
      <div><img src="p.jpg"><br>FILE PHOTO: The minister delivers his new year wishes to the
      armed forces during a ceremony at the air base near Lyon, France, January 16, 2020.
      Photographer/Agency via Pool</div><p>January 18, 2020</p>
      <p>PARIS - Protesters tried to force their way into a theatre on Friday evening.</p></body>)",
                    {}, DayOrder::kMonthFirst);
  CHECK(dates.published.value == "2020-01-18");
  // Without a dateline, the sentence's date is still taken.
  auto prose = Find(R"(<body><h1>Protesters gather outside the theatre</h1>
      <p>MOSCOW, June 29, 2020. Traffic opens on the new section of the ring road on Monday, the city said.</p></body>)");
  CHECK(prose.published.value == "2020-06-29");
}

// When the header has no date, the whole page is walked: a date line that says "published"
// at the end of a long article, and then the first element named as a date after the title (a
// masthead's date before the title is not used).
TEST_CASE("dates beyond the header", "[extractors]") {
  std::string long_text;
  for (int i = 0; i < 60; ++i) long_text += "<p>A paragraph of the article that goes on for a while.</p>";
  auto published = Find(R"(<body><h1>A title long enough to be the title</h1>)" + long_text +
                        R"(<div class="article-meta">First published on 7 June 2020</div></body>)");
  CHECK(published.published.value == "2020-06-07");
  auto named = Find(R"(<body><div id="masthead"><span class="today-date">Tuesday 15 January 2008</span>)" + long_text +
                    R"(</div><h1>A title long enough to be the title</h1>)" + long_text +
                    R"(<div class="entry-date">8 January 2008</div></body>)");
  CHECK(named.published.value == "2008-01-08");
  auto masthead_only = Find(R"(<body><span class="today-date">Tuesday 15 January 2008</span>)" + long_text +
                            R"(<h1>A title long enough to be the title</h1>)" + long_text + "</body>");
  CHECK(masthead_only.published.value.empty());
}

// The last resort, when nothing above gave a date: the day written most often in the text from
// the title on, the date attributes and the page's scripts (from the source: the parse filter
// drops them), outside comment sections and related boxes; updates are not counted.
TEST_CASE("the broad scan of the page and its scripts", "[extractors]") {
  auto scan = [](const std::string& html, DayOrder order = DayOrder::kDayFirst) {
    pressoir::dom::Document document = pressoir::html::ParseHtml(html);
    pressoir::dates::DateOptions options;
    options.reference_time = kFetchTime;
    options.order = order;
    options.html = html;
    return pressoir::dates::FindDates(document, {}, options).published;
  };
  // A date a script prints, twice; the related box's date (three times) and the comments' are not
  // counted.
  auto script = scan(R"(<body><p>Texte de l'article.</p>
      <script>showDate("2020/04/17 01:43:09"); var stamp = '17.04.2020';</script>
      <div class="related"><p>Hier : 16 avril 2020</p><p>16 avril 2020</p><p>16 avril 2020</p></div>
      <div class="comments"><p>Le 18 avril 2020</p><p>18.04.2020</p><p>18/04/2020</p></div></body>)");
  CHECK(script.value == "2020-04-17");
  CHECK(script.source.starts_with("broad scan"));
  // The most frequent day wins: the story's state object names its day three times.
  CHECK(scan(R"(<body><p>Il 3 marzo 2019 era un altro giorno.</p>
      <script>window.story = {"created": "2020-03-05", "day": "2020-03-05", "print": "5 marzo 2020"};</script>
      </body>)")
            .value == "2020-03-05");
  // A tie: the first counted (the text before the scripts).
  CHECK(scan(R"(<body><p>Stand: 7. Juni 2020</p><script>var x = "2020-06-09";</script></body>)").value == "2020-06-07");
  // An attribute that says date; a date introduced as an update is not counted.
  CHECK(scan(R"(<body><div data-publish-date="2020-06-07"></div><script>var s = {"dateModified": "2020-06-09",
      "updated": "2020-06-09"};</script></body>)")
            .value == "2020-06-07");
  // Native digits and a month name in a script; month-first pages read theirs month first.
  CHECK(scan(R"(<body><script>var d = "٢٤ أبريل ٢٠٢٠";</script></body>)").value == "2020-04-24");
  CHECK(scan(R"(<body><script>var d = "06/07/2020";</script></body>)", DayOrder::kMonthFirst).value == "2020-06-07");
  // Before the title (further than its header) stands the masthead's "today": not counted; no
  // date at all: none.
  std::string menu;
  for (int i = 0; i < 20; ++i) menu += "<li><a href=\"/s\">A section of the site</a></li>";
  CHECK(scan(R"(<body><span>Tuesday 15 January 2008</span><ul>)" + menu +
             R"(</ul><h1>A title long enough to be the title</h1><p>Text without a date.</p></body>)")
            .value.empty());
  CHECK(
      scan(R"(<body><script>var version = "2.1.0"; var n = 20200617123; var y = 2020;</script></body>)").value.empty());
}

// The dates the broad scan reads in a long text are those around its years: the same as a scan
// of every word, also at the edges of the text and with a year far from its date's start.
TEST_CASE("dates around years, as every word would find them", "[extractors]") {
  auto days = [](std::string_view text) {
    std::vector<std::string> found;
    for (const auto& date : pressoir::dates::DatesAroundYears(text, DayOrder::kDayFirst))
      found.push_back(date.date.iso);
    return found;
  };
  CHECK(days("2020-06-07") == std::vector<std::string>{"2020-06-07"});
  CHECK(days("x = 1234567; y = '17 June 2020'; z = 'Wednesday, 7 de septiembre de 2020'") ==
        std::vector<std::string>{"2020-06-17", "2020-09-07"});
  CHECK(days("2020年6月7日 2020-06-08, 2020. 06. 09. 2021") ==
        std::vector<std::string>{"2020-06-07", "2020-06-08", "2020-06-09"});
  CHECK(days("  2020  1999 12345 ").empty());
  // A long text of many forms and scripts: the same dates as FindDateInText from each one's end.
  std::string mixed;
  for (std::string_view form :
       {"Publié le 7 juin 2020 à 10h12", "Wednesday, 7 de septiembre de 2020", "১৬ ফেব্রুয়ারি ২০২০ তারিখে",
        "7 กุมภาพันธ์ 2563", "2020年6月7日", "id-2020-06-07", "(07/06/2020)", "2020. 06. 07.", "1.2.3.2020",
        "٢٤ أبريل ٢٠٢٠", "7 tháng 6 năm 2020", "June 7th, 2020", "2 تير 1399", "x2020-06-07", "12345678 2021",
        "Last updated at 11:25am on 07.01.08", "11.09.12"}) {
    mixed += "Some words between the dates, 12 of them, and a number 31. ";
    mixed += form;
  }
  std::vector<std::string> expected;
  for (size_t from = 0;;) {
    auto found = FindDateInText(mixed, DayOrder::kDayFirst, from);
    if (!found) break;
    expected.push_back(found->date.iso);
    from = found->end;
  }
  CHECK(expected.size() >= 11);
  CHECK(days(mixed) == expected);
  // A window's end is not inside a number: "2020-06-15" is not read "2020-06-1".
  CHECK(days("2020 m. birželio 15 d. ir 2020-06-15") == std::vector<std::string>{"2020-06-15", "2020-06-15"});
}

// An English page without a region reads all-numeric dates month first, unless its host is in
// a country whose English writes the day first; a declared region wins over the host.
TEST_CASE("the day order of English pages from their host", "[extractors]") {
  using pressoir::dates::DayOrderFor;
  using Urls = std::vector<std::string>;
  CHECK(DayOrderFor("en", Urls{"https://www.news.test/story"}) == DayOrder::kMonthFirst);
  CHECK(DayOrderFor("en", Urls{"https://www.paper.co.uk/story"}) == DayOrder::kDayFirst);
  CHECK(DayOrderFor("EN", Urls{"http://news.example.com.au:8080/a?b=c"}) == DayOrder::kDayFirst);
  CHECK(DayOrderFor("en", Urls{"https://www.daily.test/", "https://m.daily.in/a"}) == DayOrder::kDayFirst);
  CHECK(DayOrderFor("en", Urls{"https://news.test/path.uk"}) == DayOrder::kMonthFirst);  // the host only
  CHECK(DayOrderFor("en-us", Urls{"https://www.paper.co.uk/story"}) == DayOrder::kMonthFirst);
  CHECK(DayOrderFor("fr", Urls{"https://www.journal.test/"}) == DayOrder::kDayFirst);
}

// Year-first dates with dots and spaces (Hungarian, Korean), Vietnamese "tháng"/"năm", and a
// numeric date after a quote or a bracket (in a script) but not glued to a longer number.
TEST_CASE("more written forms: dotted year first, Vietnamese, quoted", "[extractors]") {
  CHECK(Day("Frissítve: 2020. 06. 07. 10:12") == "2020-06-07");
  CHECK(Day("입력 2020. 6. 7. 오전 10:12") == "2020-06-07");
  CHECK(Day("2020. 13. 7.") == "");  // no 13th month
  CHECK(Day("in 2020. 6 of them") == "");
  CHECK(Day("Thứ bảy, 7 tháng 6 năm 2020") == "2020-06-07");
  CHECK(Day("ngày 07 Tháng 06, 2020") == "2020-06-07");
  CHECK(Day("showDate(\"2020/04/17 01:43:09\")") == "2020-04-17");
  CHECK(Day("[07.06.2020]") == "2020-06-07");
  CHECK(Day("3.2020.06.07") == "");
  CHECK(Day("id-2020-06-07") == "");  // a separator glued before: part of a longer run
}

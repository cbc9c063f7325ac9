// A synthetic news site for the rule-draft tests (tests/extractors/rule_draft_test.cc,
// tests/cli/rules_draft_command_test.cc): article pages built from one template, with the
// boilerplate a draft must find (navigation, a share bar and a "related" box inside the body,
// an ad line repeated in the text, a footer) and per-article text that never repeats.
#ifndef PRESSOIR_TESTS_SUPPORT_DRAFT_SITE_H_
#define PRESSOIR_TESTS_SUPPORT_DRAFT_SITE_H_

#include <array>
#include <string>

namespace pressoir::testing {

struct DraftSiteArticle {
  std::string url;
  std::string title;
  std::string date;  // ISO 8601 day
  std::string author;
  std::string lede;
  std::string body;  // the expected body text: paragraphs separated by blank lines
  std::string html;
};

// Article `i` (0 to 9) of the site; `canonical` false leaves out <link rel=canonical> and og:url.
inline DraftSiteArticle DraftSitePage(int i, bool canonical = true) {
  static constexpr std::array<const char*, 10> kTowns = {"Namur",   "Liège", "Mons",    "Arlon",     "Wavre",
                                                         "Hasselt", "Gand",  "Tournai", "Charleroi", "Louvain"};
  static constexpr std::array<const char*, 10> kTopics = {"the bridge",      "the library", "the tram line",
                                                          "the market",      "the school",  "the hospital",
                                                          "the river banks", "the station", "the old mill",
                                                          "the cycle paths"};
  static constexpr std::array<const char*, 10> kAuthors = {"Anne Dupont",  "Marc Leroy", "Sofia Peeters", "Jan Claes",
                                                           "Lina Haddad",  "Paul Simon", "Eva Janssens",  "Omar Benali",
                                                           "Julie Martin", "Tom Willems"};
  const std::string town = kTowns[static_cast<size_t>(i)];
  const std::string topic = kTopics[static_cast<size_t>(i)];
  DraftSiteArticle a;
  const std::string day = std::to_string(10 + i);
  a.url = "https://www.example-news.test/" + std::string(i % 2 == 0 ? "politique" : "societe") + "/2021/03/" + day +
          "/works-on-" + std::to_string(i) + "-in-town-" + std::to_string(1000 + 37 * i);
  a.title = "Works on " + topic + " in " + town + " will start in spring";
  a.date = "2021-03-" + day;
  a.author = kAuthors[static_cast<size_t>(i)];
  a.lede = "The council of " + town + " voted the plan for " + topic + " after a debate of " + std::to_string(3 + i) +
           " hours.";
  const std::string p1 = "In " + town + ", the council met on March " + day + " and discussed " + topic +
                         ", its budget of " + std::to_string(120 + 13 * i) +
                         " thousand euros, the calendar of the works, and the inconvenience for the residents.";
  const std::string p2 = "The mayor said that " + topic + " had waited for " + std::to_string(4 + i) +
                         " years, that the region would pay half of the cost, and that the works would end before "
                         "the summer of " +
                         std::to_string(2022 + i % 3) + ".";
  const std::string p3 = "The opposition in " + town + " asked for a second study, pointing to " +
                         std::to_string(2 + i) + " earlier projects whose costs had grown, and it voted against.";
  a.body = p1 + "\n\n" + p2 + "\n\n" + p3;
  std::string head = "<meta charset=\"utf-8\"><title>" + a.title + " - Example News</title>";
  if (canonical) {
    head += "<link rel=\"canonical\" href=\"" + a.url + "\"><meta property=\"og:url\" content=\"" + a.url + "\">";
  }
  head += "<meta property=\"og:title\" content=\"" + a.title + "\"><meta property=\"og:description\" content=\"" +
          a.lede + "\"><meta property=\"article:published_time\" content=\"" + a.date +
          "T08:00:00+01:00\"><meta name=\"author\" content=\"" + a.author + "\">";
  a.html =
      "<!DOCTYPE html><html lang=\"en\"><head>" + head +
      "</head><body><header class=\"site-header\"><nav class=\"menu\"><a href=\"/\">Home</a> "
      "<a href=\"/politique\">Politics</a> <a href=\"/societe\">Society</a> <a href=\"/sport\">Sport</a></nav>"
      "</header><div id=\"page\" class=\"layout-" +
      std::to_string(i) + "\"><main><article class=\"story\"><h1 class=\"story-title\">" + a.title +
      "</h1><div class=\"byline\"><span class=\"author-name\">" + a.author + "</span> <time datetime=\"" + a.date +
      "T08:00:00+01:00\">" + day + " March 2021</time></div><p class=\"standfirst\">" + a.lede +
      "</p><div class=\"story-body css-" + std::to_string(4711 + i) + "ab\"><p>" + p1 +
      "</p><div class=\"share-bar\"><a href=\"#fb\">Share on Facebook</a> <a href=\"#tw\">Share on Twitter</a> "
      "<a href=\"#mail\">Send by mail</a></div><p>" +
      p2 +
      "</p><p>Advertisement</p><aside class=\"related\"><h3>Read also</h3><ul><li><a href=\"/a\">The budget of the "
      "province is adopted</a></li><li><a href=\"/b\">" +
      kTowns[static_cast<size_t>((i + 1) % 10)] +
      " opens a new park</a></li><li><a href=\"/c\">Trains: the strike is over</a></li></ul></aside><p>" + p3 +
      "</p></div></article><div class=\"sidebar\"><h3>Most read</h3><ul><li><a href=\"/x\">A storm hits the "
      "coast</a></li><li><a href=\"/y\">Prices rise again</a></li></ul></div></main></div>"
      "<footer class=\"site-footer\"><p>Example News, all rights reserved. Contact, legal notice, "
      "cookies.</p></footer></body></html>";
  return a;
}

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_DRAFT_SITE_H_

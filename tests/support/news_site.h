// A generated news site for the page-type tests (issue 14): a home page, section fronts, tag,
// author, search and archive pages, each listing teasers of articles, and the articles
// themselves. The markup varies the way news CMSs do (teaser cards with a linked headline and
// a summary, whole cards inside one link, headline-only lists; JSON-LD, OpenGraph or neither;
// some fronts stamped og:type "article" by their CMS) so that no single cue decides. The text
// is French-like prose made of a fixed vocabulary; everything is deterministic for a seed.
#ifndef PRESSOIR_TESTS_SUPPORT_NEWS_SITE_H_
#define PRESSOIR_TESTS_SUPPORT_NEWS_SITE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace pressoir::testing {

struct GeneratedPage {
  std::string path;  // "/culture/", "/culture/2026/11/23/un-titre-123456.html", ...
  std::string html;
  bool is_article = false;  // false: a listing (front, tag, author, search, archive page)
};

struct NewsSiteOptions {
  uint64_t seed = 1;
  int sections = 4;  // section fronts ("Culture", "Économie", ...), at most 8
  int articles_per_section = 6;
  int tags = 3;     // tag pages
  int authors = 2;  // author pages (a bio and the author's articles)
};

// Every page of the site; the home page is "/". Links are root-relative, so the site can be
// served under any host.
std::vector<GeneratedPage> GenerateNewsSite(const NewsSiteOptions& options = {});

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_NEWS_SITE_H_

// The generated news site (see news_site.h).
#include "tests/support/news_site.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace pressoir::testing {
namespace {

// A small deterministic generator (SplitMix64): the standard distributions differ between
// standard libraries, and the pages must not.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  int Between(int low, int high) { return low + Below(high - low + 1); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(N)))];
  }

 private:
  uint64_t state_;
};

constexpr std::array<std::string_view, 8> kSections = {"Culture", "Économie", "Politique", "Sports",
                                                       "Monde",   "Société",  "Sciences",  "Régions"};
constexpr std::array<std::string_view, 8> kSectionSlugs = {"culture", "economie", "politique", "sports",
                                                           "monde",   "societe",  "sciences",  "regions"};
constexpr std::array<std::string_view, 6> kTags = {"budget", "climat", "elections", "sante", "transport", "ecole"};
constexpr std::array<std::string_view, 4> kAuthors = {"Jean Dupont", "Claire Martin", "Luc Lambert", "Sofia Peeters"};
constexpr std::array<std::string_view, 4> kAuthorSlugs = {"jean-dupont", "claire-martin", "luc-lambert",
                                                          "sofia-peeters"};

constexpr std::array<std::string_view, 16> kSubjects = {"Le conseil communal",
                                                        "La ministre de la Santé",
                                                        "Le gouvernement fédéral",
                                                        "Les syndicats",
                                                        "La commission européenne",
                                                        "Le bourgmestre",
                                                        "Les habitants du quartier",
                                                        "La direction de l'hôpital",
                                                        "Le parquet",
                                                        "Les agriculteurs",
                                                        "Le club de la capitale",
                                                        "Les chercheurs de l'université",
                                                        "La société de transport",
                                                        "Le tribunal",
                                                        "Les enseignants",
                                                        "L'opposition"};
constexpr std::array<std::string_view, 14> kVerbs = {"a présenté", "a annoncé", "prépare",   "conteste", "a approuvé",
                                                     "examine",    "défend",    "a rejeté",  "réclame",  "annonce",
                                                     "a dévoilé",  "soutient",  "a reporté", "négocie"};
constexpr std::array<std::string_view, 16> kObjects = {
    "un nouveau plan de mobilité",     "la réforme des pensions",       "le budget de l'année prochaine",
    "un projet de rénovation urbaine", "la fermeture de deux écoles",   "une hausse des tarifs",
    "un accord sur les salaires",      "le calendrier des travaux",     "une enquête sur les subsides",
    "la construction d'un stade",      "un programme de vaccination",   "les résultats de l'étude",
    "une aide pour les indépendants",  "le tracé de la nouvelle ligne", "la candidature de la ville",
    "un plan contre les inondations"};
constexpr std::array<std::string_view, 14> kComplements = {"après plusieurs mois de discussions",
                                                           "malgré les critiques de l'opposition",
                                                           "lors d'une conférence de presse",
                                                           "selon un document consulté par notre rédaction",
                                                           "dans un climat tendu",
                                                           "avant la fin de l'année",
                                                           "sous la pression des riverains",
                                                           "à la surprise générale",
                                                           "en présence de nombreux élus",
                                                           "pour la troisième fois cette année",
                                                           "faute d'accord entre les partenaires",
                                                           "au terme d'une longue séance",
                                                           "d'ici le printemps prochain",
                                                           "en réponse aux inquiétudes des familles"};
constexpr std::array<std::string_view, 10> kFollowUps = {
    "Le texte doit encore être voté en séance plénière",
    "Plusieurs associations ont déjà annoncé un recours",
    "Les détails du financement restent à préciser",
    "Une réunion de suivi est prévue dans les prochaines semaines",
    "Les chiffres avancés sont contestés par plusieurs experts",
    "Le dossier avait déjà fait l'objet de vifs débats l'an dernier",
    "Aucune date n'a encore été fixée pour la mise en œuvre",
    "Les riverains seront consultés lors d'une séance d'information",
    "La mesure concernerait plusieurs milliers de personnes",
    "Le porte-parole n'a pas souhaité commenter ces informations"};

struct ArticleInfo {
  std::string path;
  std::string headline;
  std::string summary;
  int section = 0;
  int author = 0;
  int tag = 0;
  std::string date;  // YYYY-MM-DD
};

std::string Sentence(Random& random) {
  std::string sentence = std::string(random.Pick(kSubjects)) + " " + std::string(random.Pick(kVerbs)) + " " +
                         std::string(random.Pick(kObjects)) + ", " + std::string(random.Pick(kComplements)) + ".";
  if (random.Chance(40)) sentence += " " + std::string(random.Pick(kFollowUps)) + ".";
  return sentence;
}

std::string Headline(Random& random) {
  std::string headline = std::string(random.Pick(kSubjects)) + " " + std::string(random.Pick(kVerbs)) + " " +
                         std::string(random.Pick(kObjects));
  if (random.Chance(30)) headline += " " + std::string(random.Pick(kComplements));
  return headline;
}

std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (byte < 0x80 && !slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() > 60) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string Head(Random& random, const std::string& title, std::string_view og_type, const std::string& jsonld) {
  std::string head = "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n<title>" + title +
                     " | Le Quotidien</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n";
  if (!og_type.empty()) head += "<meta property=\"og:type\" content=\"" + std::string(og_type) + "\">\n";
  if (!jsonld.empty()) head += "<script type=\"application/ld+json\">" + jsonld + "</script>\n";
  head += "<link rel=\"stylesheet\" href=\"/static/site.css\">\n<script src=\"/static/app.js\"></script>\n";
  if (random.Chance(50)) head += "<script>window.dataLayer=window.dataLayer||[];</script>\n";
  return head + "</head>\n";
}

std::string Header(int sections) {
  std::string header =
      "<body><header class=\"site-header\"><a class=\"logo\" href=\"/\">Le Quotidien</a>\n<nav class=\"main-nav\"><ul>";
  for (int i = 0; i < sections; ++i) {
    header += "<li><a href=\"/" + std::string(kSectionSlugs[static_cast<size_t>(i)]) + "/\">" +
              std::string(kSections[static_cast<size_t>(i)]) + "</a></li>";
  }
  header += "<li><a href=\"/recherche/\">Rechercher</a></li>";
  return header + "</ul></nav></header>\n";
}

std::string Footer() {
  return "<footer class=\"site-footer\"><p>© 2026 Le Quotidien. Tous droits réservés.</p><ul>"
         "<li><a href=\"/\">Accueil</a></li><li><a href=\"/recherche/\">Archives et recherche</a></li>"
         "</ul></footer>\n</body></html>\n";
}

// One teaser in one of the card shapes news CMSs use.
std::string Teaser(Random& random, const ArticleInfo& article, int shape) {
  switch (shape) {
    case 0:  // a card: linked headline, summary, date
      return "<article class=\"teaser\"><h2 class=\"teaser-title\"><a href=\"" + article.path + "\">" +
             article.headline + "</a></h2><p class=\"teaser-summary\">" + article.summary + "</p><time datetime=\"" +
             article.date + "\">" + article.date + "</time></article>\n";
    case 1:  // the whole card is one link
      return "<div class=\"card\"><a class=\"card-link\" href=\"" + article.path +
             "\"><img src=\"/img/x.jpg\" alt=\"\"><h3>" + article.headline + "</h3><p>" + article.summary +
             "</p></a><span class=\"rubric\">" + std::string(kSections[static_cast<size_t>(article.section)]) +
             "</span></div>\n";
    case 2:  // a headline only
      return "<li><a href=\"" + article.path + "\">" + article.headline + "</a> <span class=\"date\">" + article.date +
             "</span></li>\n";
    default:  // a headline, a kicker link to the section, a longer summary
      return "<div class=\"story\"><a class=\"kicker\" href=\"/" +
             std::string(kSectionSlugs[static_cast<size_t>(article.section)]) + "/\">" +
             std::string(kSections[static_cast<size_t>(article.section)]) + "</a><h3><a href=\"" + article.path +
             "\">" + article.headline + "</a></h3><p>" + article.summary +
             (random.Chance(50) ? " " + Sentence(random) : "") + "</p></div>\n";
  }
}

// `more`: the path of the next page of the list (a section's archives), or "".
std::string ListingPage(Random& random, const NewsSiteOptions& options, const std::string& title,
                        const std::string& intro, const std::vector<const ArticleInfo*>& items,
                        const std::string& more = "") {
  int metadata = random.Below(4);
  std::string og_type = metadata == 0 ? "website" : metadata == 3 ? "article" : "";  // 3: a CMS stamp
  std::string jsonld =
      metadata == 1 ? "{\"@context\":\"https://schema.org\",\"@type\":\"CollectionPage\",\"name\":\"" + title + "\"}"
                    : "";
  std::string html = Head(random, title, og_type, jsonld) + Header(options.sections);
  html += "<main id=\"main\"><h1 class=\"page-title\">" + title + "</h1>\n";
  if (!intro.empty()) html += "<div class=\"intro\"><p>" + intro + "</p></div>\n";
  int shape = random.Below(4);
  bool list = shape == 2;
  html += list ? "<ul class=\"archive-list\">\n" : "<section class=\"stories\">\n";
  for (const ArticleInfo* item : items) html += Teaser(random, *item, shape);
  html += list ? "</ul>\n" : "</section>\n";
  if (!more.empty()) html += "<nav class=\"pagination\"><a href=\"" + more + "\">Articles plus anciens</a></nav>\n";
  html += "</main>\n";
  return html + Footer();
}

std::string ArticlePage(Random& random, const NewsSiteOptions& options, const ArticleInfo& article,
                        const std::vector<ArticleInfo>& all) {
  int shape = random.Below(3);
  std::string jsonld;
  std::string og_type;
  if (shape == 0) {
    og_type = "article";
    jsonld = "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"" + article.headline +
             "\",\"datePublished\":\"" + article.date + "\"}";
  } else if (shape == 2) {
    og_type = "article";
    jsonld =
        "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"BreadcrumbList\"},"
        "{\"@type\":[\"BlogPosting\"],\"headline\":\"" +
        article.headline + "\"}]}";
  }
  std::string html = Head(random, article.headline, og_type, jsonld) + Header(options.sections);
  std::string body;
  int paragraphs = random.Between(4, 9);
  for (int i = 0; i < paragraphs; ++i) {
    std::string paragraph;
    int sentences = random.Between(2, 4);
    for (int j = 0; j < sentences; ++j) paragraph += (j > 0 ? " " : "") + Sentence(random);
    body += "<p>" + paragraph + "</p>\n";
    if (i == 2 && random.Chance(40)) body += "<h2>" + Headline(random) + "</h2>\n";
  }
  std::string byline = "<p class=\"byline\">Par <a href=\"/auteur/" +
                       std::string(kAuthorSlugs[static_cast<size_t>(article.author)]) + "/\">" +
                       std::string(kAuthors[static_cast<size_t>(article.author)]) + "</a>, le <time datetime=\"" +
                       article.date + "\">" + article.date + "</time></p>\n";
  std::string tags = "<ul class=\"tags\"><li><a href=\"/tag/" + std::string(kTags[static_cast<size_t>(article.tag)]) +
                     "/\">" + std::string(kTags[static_cast<size_t>(article.tag)]) + "</a></li></ul>\n";
  std::string related = "<aside class=\"related\"><h2>Lire aussi</h2><ul>\n";
  int related_count = random.Between(3, 8);
  for (int i = 0; i < related_count; ++i) {
    const ArticleInfo& other = all[static_cast<size_t>(random.Below(static_cast<int>(all.size())))];
    related += "<li><h3><a href=\"" + other.path + "\">" + other.headline + "</a></h3></li>\n";
  }
  related += "</ul></aside>\n";
  if (shape == 1) {
    html += "<div id=\"content\"><div class=\"post\"><h1>" + article.headline + "</h1>\n" + byline +
            "<div class=\"entry\"><p><strong>" + article.summary + "</strong></p>\n" + body + "</div>\n" + tags +
            "</div><div class=\"sidebar\">" + related + "</div></div>\n";
  } else {
    html += "<main><article class=\"article\"><h1>" + article.headline + "</h1>\n" + byline + "<p class=\"chapo\">" +
            article.summary + "</p>\n<div class=\"article-body\">\n" + body + "</div>\n" + tags + "</article>\n" +
            related + "</main>\n";
  }
  return html + Footer();
}

}  // namespace

std::vector<GeneratedPage> GenerateNewsSite(const NewsSiteOptions& options) {
  Random random(options.seed);
  int sections = std::clamp(options.sections, 1, static_cast<int>(kSections.size()));
  NewsSiteOptions site = options;
  site.sections = sections;
  std::vector<ArticleInfo> articles;
  for (int section = 0; section < sections; ++section) {
    for (int i = 0; i < options.articles_per_section; ++i) {
      ArticleInfo article;
      article.section = section;
      article.headline = Headline(random);
      article.summary = Sentence(random);
      article.author = random.Below(std::clamp(options.authors, 1, static_cast<int>(kAuthors.size())));
      article.tag = random.Below(std::clamp(options.tags, 1, static_cast<int>(kTags.size())));
      char date[16];
      std::snprintf(date, sizeof date, "2026-%02d-%02d", random.Between(1, 11), random.Between(1, 28));
      article.date = date;
      std::string slug = Slug(article.headline);
      std::string section_slug(kSectionSlugs[static_cast<size_t>(section)]);
      // Three URL shapes: dated with an id, an id only, a bare slug (no cue at all).
      int url = random.Below(3);
      if (url == 0) {
        article.path = "/" + section_slug + "/" + std::string(date).substr(0, 4) + "/" +
                       std::string(date).substr(5, 2) + "/" + slug + "-" +
                       std::to_string(100000 + random.Below(900000)) + ".html";
      } else if (url == 1) {
        article.path = "/" + section_slug + "/" + std::to_string(100000 + random.Below(900000)) + "/" + slug;
      } else {
        article.path = "/" + section_slug + "/" + slug.substr(0, slug.find('-', slug.find('-') + 1));
        article.path += "-" + std::to_string(articles.size());  // unique, short: no slug cue
      }
      articles.push_back(std::move(article));
    }
  }

  std::vector<GeneratedPage> pages;
  for (const ArticleInfo& article : articles)
    pages.push_back({article.path, ArticlePage(random, site, article, articles), true});

  std::vector<const ArticleInfo*> all;
  for (const ArticleInfo& article : articles) all.push_back(&article);
  pages.push_back({"/", ListingPage(random, site, "L'actualité en continu", "", all), false});
  for (int section = 0; section < sections; ++section) {
    std::vector<const ArticleInfo*> items;
    for (const ArticleInfo& article : articles) {
      if (article.section == section) items.push_back(&article);
    }
    std::string slug(kSectionSlugs[static_cast<size_t>(section)]);
    pages.push_back({"/" + slug + "/",
                     ListingPage(random, site, std::string(kSections[static_cast<size_t>(section)]), "", items,
                                 "/" + slug + "/archives/"),
                     false});
    pages.push_back(
        {"/" + slug + "/archives/",
         ListingPage(random, site, "Archives : " + std::string(kSections[static_cast<size_t>(section)]), "", items),
         false});
  }
  for (int tag = 0; tag < std::clamp(options.tags, 0, static_cast<int>(kTags.size())); ++tag) {
    std::vector<const ArticleInfo*> items;
    for (const ArticleInfo& article : articles) {
      if (article.tag == tag) items.push_back(&article);
    }
    std::string name(kTags[static_cast<size_t>(tag)]);
    pages.push_back({"/tag/" + name + "/", ListingPage(random, site, "Tag : " + name, "", items), false});
  }
  for (int author = 0; author < std::clamp(options.authors, 0, static_cast<int>(kAuthors.size())); ++author) {
    std::vector<const ArticleInfo*> items;
    for (const ArticleInfo& article : articles) {
      if (article.author == author) items.push_back(&article);
    }
    std::string name(kAuthors[static_cast<size_t>(author)]);
    std::string bio = name + " est journaliste à la rédaction depuis 2015. " + Sentence(random);
    pages.push_back({"/auteur/" + std::string(kAuthorSlugs[static_cast<size_t>(author)]) + "/",
                     ListingPage(random, site, name, bio, items), false});
  }
  std::vector<const ArticleInfo*> found(
      all.begin(), all.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(all.size()), 7));
  pages.push_back(
      {"/recherche/", ListingPage(random, site, "Résultats de recherche", "7 articles trouvés.", found), false});
  return pages;
}

}  // namespace pressoir::testing

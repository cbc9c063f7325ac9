// Service page names (service_page.h) and the page type they lead to (page_type.h): an about,
// contact or legal page without article evidence is `other`; a dated article named like one
// stays an article.
#include "extractors/service_page.h"

#include <catch2/catch.hpp>

#include <string>

#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/page_type.h"

namespace {

using pressoir::page_type::PageType;
using pressoir::service_page::MatchServiceName;

pressoir::extract::Article ExtractPage(const std::string& html, std::string_view url) {
  pressoir::extract::ExtractOptions options;
  options.page_url = url;
  options.explain = true;
  return pressoir::extract::Extract(pressoir::charset::DecodeToUtf8(html, "").utf8, nullptr, options);
}

// Three paragraphs of prose: long enough for an article.
std::string Prose() {
  std::string prose;
  for (int i = 0; i < 3; ++i) {
    prose +=
        "<p>The newsroom publishes every day online and prints a weekly edition that reaches more than thirty "
        "thousand homes in the towns of the lower valley, as it has done for a hundred years.</p>";
  }
  return prose;
}

}  // namespace

TEST_CASE("service pages: a title part names the service", "[extractors][service_page]") {
  CHECK(MatchServiceName("Mentions légales | Le Courrier", "") == "title \"Mentions légales\"");
  CHECK(MatchServiceName("MENTIONS LÉGALES", "") == "title \"MENTIONS LÉGALES\"");
  CHECK(MatchServiceName("Le Courrier - Qui sommes-nous ?", "") == "title \"Qui sommes-nous ?\"");
  CHECK(MatchServiceName("Impressum – Kreisbote", "") == "title \"Impressum\"");
  CHECK(MatchServiceName("Über uns", "") == "title \"Über uns\"");
  CHECK(MatchServiceName("Política de privacidad · El Diario", "") == "title \"Política de privacidad\"");
  CHECK(MatchServiceName("Chi siamo", "") == "title \"Chi siamo\"");
  CHECK(MatchServiceName("Over ons | De Krant", "") == "title \"Over ons\"");
  CHECK(MatchServiceName("Polityka prywatności", "") == "title \"Polityka prywatności\"");
  CHECK(MatchServiceName("Condizioni d’uso", "") == "title \"Condizioni d’uso\"");
  CHECK(MatchServiceName("Gazette: About us.", "") == "title \"About us.\"");
}

TEST_CASE("service pages: a name inside a longer title is not the service", "[extractors][service_page]") {
  CHECK(MatchServiceName("Contact tracing app launched", "").empty());
  CHECK(MatchServiceName("What the new privacy policy means for you", "").empty());
  CHECK(MatchServiceName("Le Courrier", "").empty());
  CHECK(MatchServiceName("", "").empty());
  // A hyphen without spaces does not split a title.
  CHECK(MatchServiceName("Kontakt-Verbot für Hooligans", "").empty());
}

TEST_CASE("service pages: the URL's last path segment names the service", "[extractors][service_page]") {
  CHECK(MatchServiceName("Le Courrier", "https://courrier.example/mentions-legales") == "URL path /mentions-legales");
  CHECK(MatchServiceName("", "https://news.example/info/about-us/") == "URL path /about-us");
  CHECK(MatchServiceName("", "https://news.example/Impressum.html?ref=footer") == "URL path /impressum");
  CHECK(MatchServiceName("", "https://news.example/de/datenschutz.php#cookies") == "URL path /datenschutz");
  CHECK(MatchServiceName("", "https://news.example/2026/03/privacy-rules-tightened").empty());
  CHECK(MatchServiceName("", "https://news.example/").empty());
  CHECK(MatchServiceName("", "https://news.example").empty());
  CHECK(MatchServiceName("", "/about").empty());  // not an absolute URL
  // The query and the fragment are not the path.
  CHECK(MatchServiceName("", "https://news.example/article?page=contact").empty());
}

TEST_CASE("service pages: named and without article evidence, the page is other", "[extractors][service_page]") {
  std::string about = "<html><head><title>About us | Gazette</title></head><body><main><h1>About us</h1>" + Prose() +
                      "</main></body></html>";
  pressoir::extract::Article article = ExtractPage(about, "https://gazette.example/about-us");
  CHECK(article.page_type == PageType::kOther);
  CHECK(article.confidence == 0);
  bool explained = false;
  for (const std::string& line : article.explain) {
    explained = explained || line.find("service page (title \"About us\"") != std::string::npos;
  }
  CHECK(explained);
  // The URL alone names it too.
  std::string untitled =
      "<html><head><title>Gazette</title></head><body><main><h1>Gazette</h1>" + Prose() + "</main></body></html>";
  CHECK(ExtractPage(untitled, "https://gazette.example/impressum").page_type == PageType::kOther);
  CHECK(ExtractPage(untitled, "https://gazette.example/news/river-flood").page_type == PageType::kArticle);
  // So does the page's JSON-LD type.
  std::string typed =
      "<html><head><title>Gazette</title><script type=\"application/ld+json\">"
      "{\"@type\":\"AboutPage\",\"name\":\"Gazette\"}</script></head><body><main><h1>Gazette</h1>" +
      Prose() + "</main></body></html>";
  CHECK(ExtractPage(typed, "https://gazette.example/news/river-flood").page_type == PageType::kOther);
}

TEST_CASE("service pages: article evidence keeps a page so named an article", "[extractors][service_page]") {
  std::string body = "<body><main><h1>Contact</h1>" + Prose() + "</main></body></html>";
  std::string dated =
      "<html><head><title>Contact</title><meta property=\"article:published_time\" "
      "content=\"2026-03-12T09:30:00+00:00\"></head>" +
      body;
  CHECK(ExtractPage(dated, "https://gazette.example/contact").page_type == PageType::kArticle);
  std::string authored =
      "<html><head><title>Contact</title><meta name=\"author\" content=\"Ann Walker\"></head>" + body;
  CHECK(ExtractPage(authored, "https://gazette.example/contact").page_type == PageType::kArticle);
  std::string declared =
      "<html><head><title>Contact</title><meta property=\"og:type\" content=\"article\"></head>" + body;
  CHECK(ExtractPage(declared, "https://gazette.example/contact").page_type == PageType::kArticle);
}

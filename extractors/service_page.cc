// Service page names (see service_page.h).
#include "extractors/service_page.h"

#include <array>
#include <vector>

#include "base/ascii.h"
#include "extractors/body_cleaner.h"

namespace pressoir::service_page {
namespace {

// Service pages' names as their titles give them, lower case (see Fold()). One entry per
// language form; en, fr, de, es, it, nl, pl, pt. Names that are also common article topics on
// their own ("jobs", "newsletter", "abonnement") are left out: the page type must stay
// article for a news piece that happens to have no date.
constexpr std::array<std::string_view, 128> kServiceTitles = {
    // en
    "about", "about us", "who we are", "our team", "meet the team", "contact", "contact us", "contacts", "get in touch",
    "imprint", "legal notice", "legal notices", "legal information", "privacy", "privacy policy", "privacy notice",
    "privacy statement", "cookie policy", "cookies policy", "cookie notice", "cookie settings", "terms of use",
    "terms of service", "terms and conditions", "terms & conditions", "conditions of use", "accessibility",
    "accessibility statement", "sitemap", "site map", "faq", "faqs", "frequently asked questions", "help",
    "help center", "advertise", "advertise with us", "work with us", "careers", "masthead",
    // fr
    "à propos", "a propos", "qui sommes-nous", "qui sommes nous", "nous contacter", "contactez-nous",
    "mentions légales", "politique de confidentialité", "confidentialité", "données personnelles",
    "protection des données", "politique de cookies", "politique cookies", "gestion des cookies",
    "conditions générales d'utilisation", "conditions générales de vente", "cgu", "cgv", "plan du site", "aide",
    "accessibilité", "nous rejoindre", "l'équipe", "la rédaction",
    // de
    "impressum", "über uns", "kontakt", "datenschutz", "datenschutzerklärung", "datenschutzhinweise", "agb",
    "nutzungsbedingungen", "allgemeine geschäftsbedingungen", "cookie-richtlinie", "barrierefreiheit", "hilfe",
    "mediadaten", "karriere",
    // es
    "aviso legal", "quiénes somos", "quienes somos", "sobre nosotros", "acerca de", "contacto", "contáctenos",
    "política de privacidad", "política de cookies", "términos y condiciones", "condiciones de uso", "mapa del sitio",
    "ayuda", "preguntas frecuentes", "trabaja con nosotros",
    // it
    "chi siamo", "contatti", "contattaci", "note legali", "informativa privacy", "informativa sulla privacy",
    "termini e condizioni", "condizioni d'uso", "mappa del sito", "lavora con noi",
    // nl
    "over ons", "colofon", "privacybeleid", "privacyverklaring", "cookiebeleid", "cookieverklaring",
    "algemene voorwaarden", "gebruiksvoorwaarden", "disclaimer", "veelgestelde vragen",
    // pl
    "o nas", "polityka prywatności", "polityka cookies", "regulamin", "stopka redakcyjna", "mapa strony",
    // pt
    "sobre nós", "quem somos", "contato", "fale conosco", "política de privacidade", "termos de uso",
    "termos e condições", "mapa do site", "expediente"};

// The same pages' usual URL slugs (the last path segment, lower case, extension removed).
constexpr std::array<std::string_view, 72> kServiceSlugs = {
    // en
    "about", "about-us", "aboutus", "contact", "contact-us", "contactus", "imprint", "legal", "legal-notice",
    "legal-notices", "privacy", "privacy-policy", "privacypolicy", "privacy-notice", "cookies", "cookie-policy",
    "cookies-policy", "terms", "terms-of-use", "terms-of-service", "terms-and-conditions", "tos", "accessibility",
    "sitemap", "faq", "faqs", "help", "advertise", "careers", "masthead",
    // fr
    "a-propos", "apropos", "qui-sommes-nous", "nous-contacter", "contactez-nous", "mentions-legales",
    "politique-de-confidentialite", "confidentialite", "donnees-personnelles", "cgu", "cgv", "plan-du-site",
    // de
    "impressum", "ueber-uns", "uber-uns", "kontakt", "datenschutz", "datenschutzerklaerung", "agb",
    "nutzungsbedingungen", "barrierefreiheit", "mediadaten",
    // es
    "aviso-legal", "quienes-somos", "sobre-nosotros", "contacto", "politica-de-privacidad", "politica-de-cookies",
    // it
    "chi-siamo", "contatti", "note-legali",
    // nl
    "over-ons", "colofon", "privacybeleid", "algemene-voorwaarden",
    // pl
    "o-nas", "polityka-prywatnosci", "regulamin",
    // pt
    "quem-somos", "contato", "politica-de-privacidade", "termos-de-uso"};

// File extensions a service page's URL may end with.
constexpr std::array<std::string_view, 7> kPageExtensions = {".html", ".htm", ".shtml", ".php",
                                                             ".aspx", ".asp", ".jsp"};

// Separators between a page's name and the site's in titles; the hyphen only between spaces,
// so that "Qui sommes-nous" stays whole.
constexpr std::array<std::string_view, 10> kTitleSeparators = {
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", ": "};

// `text` as the in-body cleaner matches phrases (lower case, apostrophes, whitespace; see
// clean::NormalizeForMatching), without the ASCII punctuation around it ("About us." and
// "Qui sommes-nous ?" are the names "about us" and "qui sommes-nous").
std::string Fold(std::string_view text) {
  std::string folded = clean::NormalizeForMatching(text);
  auto is_edge = [](char c) {
    return c == ' ' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',' || c == '"' || c == '\'';
  };
  size_t start = 0;
  size_t end = folded.size();
  while (start < end && is_edge(folded[start])) ++start;
  while (end > start && is_edge(folded[end - 1])) --end;
  return folded.substr(start, end - start);
}

// The parts of a title between separators (the whole title when it has none).
std::vector<std::string_view> TitleParts(std::string_view title) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= title.size()) {
    size_t cut = std::string_view::npos;
    size_t cut_size = 0;
    for (std::string_view separator : kTitleSeparators) {
      size_t at = title.find(separator, start);
      if (at < cut) {
        cut = at;
        cut_size = separator.size();
      }
    }
    if (cut == std::string_view::npos) {
      parts.push_back(title.substr(start));
      break;
    }
    parts.push_back(title.substr(start, cut - start));
    start = cut + cut_size;
  }
  return parts;
}

// The last non-empty segment of `url`'s path, lower case, without a page extension.
std::string LastPathSegment(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  size_t path_start = rest.find('/');
  if (path_start == std::string_view::npos) return "";
  std::string_view path = rest.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string segment = ascii::ToLower(path.substr(path.rfind('/') + 1));
  for (std::string_view extension : kPageExtensions) {
    if (segment.size() > extension.size() &&
        std::string_view(segment).substr(segment.size() - extension.size()) == extension) {
      segment.resize(segment.size() - extension.size());
      break;
    }
  }
  return segment;
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

}  // namespace

std::string MatchServiceName(std::string_view title, std::string_view url) {
  for (std::string_view part : TitleParts(title)) {
    std::string folded = Fold(part);
    if (!folded.empty() && Contains(kServiceTitles, folded)) return "title \"" + std::string(ascii::Trim(part)) + "\"";
  }
  std::string segment = LastPathSegment(url);
  if (!segment.empty() && Contains(kServiceSlugs, segment)) return "URL path /" + segment;
  return "";
}

}  // namespace pressoir::service_page

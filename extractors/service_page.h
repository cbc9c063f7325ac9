// A site's service pages: about, contact, legal notice and imprint, privacy and cookie
// policies, terms of use, help, advertising and job pages, in en, fr, de, es, it, nl, pl and pt.
//
// Why: every page's footer links them, so a crawl without a rule reaches each of them; they are
// prose, so nothing in their shape tells them from a short article (title, a few paragraphs).
// Their name does: the title or the URL's last path segment is the service's own name
// ("Mentions légales", "/impressum"). A name alone does not decide, since an article may be
// titled "Contact": page_type.h calls such a page `other` only when it also carries no article
// evidence (no publication date, no author, no article markup). schema.org's AboutPage and
// ContactPage JSON-LD types name a service page as well (page_type.cc).
//
// Matching: the title is split into its parts at the separators sites put between a page's
// name and the site's ("À propos | Le Site", "Impressum - Zeitung"), and a part matches when,
// lower-cased (ASCII and Latin-1) with its surrounding punctuation removed, it equals a name of
// the list. The URL's last path segment matches when, lower-cased and without an extension
// (".html", ".php", ...), it equals a slug of the list. Whole-part equality only: "Contact
// tracing app launched" or "/privacy-rules-tightened" do not match.
//
// Pure functions, no I/O; thread-safe.
#ifndef PRESSOIR_EXTRACTORS_SERVICE_PAGE_H_
#define PRESSOIR_EXTRACTORS_SERVICE_PAGE_H_

#include <string>
#include <string_view>

namespace pressoir::service_page {

// The service name that `title` (UTF-8) or `url` (absolute, or empty) matches, for --explain:
// "title \"Mentions légales\"" or "URL path /impressum"; empty when neither matches.
std::string MatchServiceName(std::string_view title, std::string_view url);

}  // namespace pressoir::service_page

#endif  // PRESSOIR_EXTRACTORS_SERVICE_PAGE_H_

// Article authors as a clean list of names, from what pages write: JSON-LD author objects and
// arrays, <meta name=author>, rel=author links, itemprop=author and the byline.
//
// A raw value is split into names ("A and B", "Par A et B", "A, B & C", "A; B", "A | B"), each
// name loses its lead-in ("By", "Par", "Von", "Por", "Door", "Di", "Przez", "Written by", ...)
// and what follows it on the byline (a date, "le 7 juin", "Updated"), and is dropped when it is
// not a person's name: an e-mail address, a URL, newsroom boilerplate ("Rédaction", "Staff",
// "Redacción", "Admin"), a sentence. The site's own name is dropped when it is the only author
// (pages that credit "Le Soir" or "example.com" name no author). Pure functions; thread-safe.
#ifndef PRESSOIR_EXTRACTORS_AUTHORS_H_
#define PRESSOIR_EXTRACTORS_AUTHORS_H_

#include <string>
#include <string_view>
#include <vector>

namespace pressoir::authors {

// The names in one raw author value, cleaned as above (the site name rule aside), in order,
// without duplicates (compared case-insensitively).
std::vector<std::string> SplitAuthors(std::string_view raw);

// The names of every raw value, in order, without duplicates; empty when the only name left
// is `site_name` (compared case-insensitively, ignoring spaces, punctuation and a leading
// "www."; `site_name` may be empty).
std::vector<std::string> CleanAuthors(const std::vector<std::string>& raw, std::string_view site_name);

}  // namespace pressoir::authors

#endif  // PRESSOIR_EXTRACTORS_AUTHORS_H_

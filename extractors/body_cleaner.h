// In-body cleaning: removes from an extracted article body the paragraphs that sit inside the
// article's container but are not its text. Runs on the generic extractor's output and on a
// site rule's body (unless the rule says `clean: false`).
//
// What goes, each a named reason in the --explain output:
//   caption    the text of <figcaption>, <caption>, or a short block whose class/id says
//              caption, credit or legend; photo credits ("Photo: ...", "Crédit : ...",
//              "Name / AFP", "(©Adobe Stock)") and media counters ("1 of 4", "3/12");
//   copyright  a short legal line ("© 2020 AFP", "Alle Rechte vorbehalten"), and ("after
//              copyright") what follows one in the last part of the body: the legal footer;
//   read-also  widget headings and teasers ("Lire aussi : ...", "Lesen Sie auch", "Te puede
//              interesar"), anywhere in the body;
//   service    comment-moderation, rating and share notices ("Vos commentaires seront
//              modérés");
//   label      a paragraph that is only an ad or share label ("Anzeige", "Publicité");
//   promotion  newsletter / follow / subscribe calls, when short and at the end of the body
//              or styled apart (the whole paragraph bold, italic or a link);
//   byline     a short "By Jane Doe" / "Par ..." line among the first paragraphs;
//   dateline   a short line with a year or a clock time and no sentence, among the first or
//              last paragraphs ("Updated Fri. Jan. 11 2008 10:56 PM ET"), or among the
//              first a line of short fields with a date and a source or photo credit
//              ("22/11/2020 - 04:30 - Fonte: Agência Brasil - Foto: ...");
//   about      the "About <company>" section that closes a press release;
//   link-list  a trailing run of paragraphs that are each one linked headline (related
//              articles after the text).
// Phrase lists are data in cleaning_phrases.h (en, fr, de, es, it, nl, pl, pt). The rules
// judge short paragraphs only, so that a real paragraph quoting a phrase stays.
//
// Pure function; Paragraph::block pointers are read (not owned) and must be valid during the
// call (null pointers are allowed: the structural rules then do not apply).
#ifndef PRESSOIR_EXTRACTORS_BODY_CLEANER_H_
#define PRESSOIR_EXTRACTORS_BODY_CLEANER_H_

#include <string>
#include <string_view>
#include <vector>

#include "extractors/text_serializer.h"

namespace pressoir::clean {

// The paragraphs of `body` that are article text, in order. When `explain` is not null, one
// line per removed paragraph is appended to it ("cleaned (reason): text").
std::vector<text::Paragraph> CleanBody(std::vector<text::Paragraph> body, std::vector<std::string>* explain = nullptr);

// The reason ("caption", "copyright", "read-also", "service", "label") for which CleanBody()
// removes a paragraph with this text wherever it stands, or null. Position- and
// structure-dependent rules (promotion, byline, about, link-list, caption boxes) are not
// judged here.
const char* TextReason(std::string_view paragraph);

// `text` as the cleaner's phrase lists are matched against it (cleaning_phrases.h): lower-cased
// (ASCII and the Latin-1 capitals À..Þ), typographic apostrophes as "'", whitespace collapsed,
// leading bullets, arrows, dashes and quotes removed.
std::string NormalizeForMatching(std::string_view text);

}  // namespace pressoir::clean

#endif  // PRESSOIR_EXTRACTORS_BODY_CLEANER_H_

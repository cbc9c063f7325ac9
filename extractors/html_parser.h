// HTML5 parsing: UTF-8 bytes in, an editable dom::Document out.
//
// This is the only module that includes Gumbo (gumbo.h); everything else sees dom.h.
#ifndef PRESSOIR_EXTRACTORS_HTML_PARSER_H_
#define PRESSOIR_EXTRACTORS_HTML_PARSER_H_

#include <string_view>

#include "extractors/dom.h"

namespace pressoir::html {

// Parses `utf8` (must be UTF-8; transcode first with charset::DecodeToUtf8) into a Document.
// Comments are dropped: they never carry article text. Never fails: broken markup is repaired the way browsers repair
// it (HTML5 tree construction). The returned tree does not reference `utf8`; the caller may free it afterwards. The
// input first goes through html::BoundTreeShape (bound_tree_shape.h), which bounds nesting depth, open formatting
// elements and attributes per tag, so that Gumbo's quadratic cases stay linear on hostile pages.
dom::Document ParseHtml(std::string_view utf8);

// ParseHtml of a page whose text StripNonText set aside in `runs` (text_runs.h): the
// placeholders of `utf8` are replaced by their text in the text nodes, so the tree is the one
// the page with its text in place gives. Null `runs`: ParseHtml(utf8).
struct TextRuns;
dom::Document ParseHtml(std::string_view utf8, const TextRuns* runs);

}  // namespace pressoir::html

#endif  // PRESSOIR_EXTRACTORS_HTML_PARSER_H_

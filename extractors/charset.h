// Bytes to text: finds a page's character encoding and converts it to valid UTF-8.
//
// Order of evidence (WHATWG "determine the character encoding", simplified): the charset of
// the HTTP Content-Type header, then a byte order mark, then <meta charset> or
// <meta http-equiv="Content-Type"> in the first 1024 bytes... , then statistical detection
// (uchardet). Conversion uses iconv; invalid or unmappable sequences become U+FFFD, so the
// output is always valid UTF-8 whatever the input.
#ifndef PRESSOIR_EXTRACTORS_CHARSET_H_
#define PRESSOIR_EXTRACTORS_CHARSET_H_

#include <string>
#include <string_view>

namespace pressoir::charset {

struct DecodedText {
  std::string utf8;       // always valid UTF-8
  std::string charset;    // the encoding used, lower-case canonical name, e.g. "windows-1252"
  std::string evidence;   // where it came from: "http", "bom", "meta", "detected", "default"
};

// Decodes `bytes` using `content_type` (the HTTP Content-Type header value; may be empty).
// Never throws for bad input: unknown charset names fall through to the next evidence.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type);

}  // namespace pressoir::charset

#endif  // PRESSOIR_EXTRACTORS_CHARSET_H_

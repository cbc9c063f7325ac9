// Bytes to text: finds a page's character encoding and converts it to valid UTF-8.
//
// Order of evidence (WHATWG HTML "encoding sniffing algorithm", simplified): a byte order mark
// (it beats everything, as in browsers), then the charset of the HTTP Content-Type header, then
// <meta charset> or <meta http-equiv="Content-Type"> in the first 4096 bytes (WHATWG scans
// 1024; pages often declare later), then statistical detection (uchardet), then a default:
// utf-8 if the bytes are valid UTF-8, windows-1252 otherwise. Unlike a browser, a header or
// <meta> label naming another encoding gives way to bytes that are valid UTF-8 and not all
// ASCII (evidence "detected"): saved and re-served pages keep stale labels far more often than
// a legacy encoding forms valid UTF-8. Labels are read as the WHATWG
// Encoding Standard says, so "iso-8859-1", "latin1" and "us-ascii" all mean windows-1252.
// UTF-8 and windows-1252 are decoded in-house, other encodings with iconv; invalid or
// unmappable sequences become U+FFFD, so the output is always valid UTF-8 whatever the input.
#ifndef PRESSOIR_EXTRACTORS_CHARSET_H_
#define PRESSOIR_EXTRACTORS_CHARSET_H_

#include <string>
#include <string_view>

namespace pressoir::charset {

struct DecodedText {
  std::string utf8;      // always valid UTF-8
  std::string charset;   // the encoding used, lower-case canonical name, e.g. "windows-1252"
  std::string evidence;  // where it came from: "http", "bom", "meta", "detected", "default"
};

// Decodes `bytes` using `content_type` (the HTTP Content-Type header value; may be empty).
// A BOM is stripped from the output. NUL bytes are kept. Never throws for bad input: unknown
// charset names fall through to the next evidence. Thread-safe: no shared mutable state
// (iconv and uchardet handles are per call).
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type);

// True when `bytes` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view bytes);
// `bytes` with each maximal invalid subpart replaced by U+FFFD (a plain copy when valid).
// The HTML parser applies it to text and attribute values: Gumbo 0.10 turns numeric character
// references that overflow (&#6666666666;) into invalid bytes.
std::string ReplaceInvalidUtf8(std::string_view bytes);

// Appends the UTF-8 encoding of `code_point` (at most U+10FFFF; no surrogate check).
void AppendUtf8(std::string& out, char32_t code_point);
// The character a byte 0x80-0x9F stands for in windows-1252 as browsers read it (WHATWG
// index-windows-1252; the five undefined bytes map to their C1 controls).
char32_t Windows1252C1(unsigned char byte);

}  // namespace pressoir::charset

#endif  // PRESSOIR_EXTRACTORS_CHARSET_H_

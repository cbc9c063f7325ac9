// libFuzzer target: charset detection and conversion. The input's first byte gives the length
// of the Content-Type header value that follows it (0-255 bytes); the rest is the body. The
// contract checked: the output is always valid UTF-8, and the charset and evidence are named.
// Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/charset.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t header_size = data[0];
  if (header_size > size - 1) header_size = size - 1;
  const std::string_view content_type = pressoir::fuzz::AsView(data + 1, header_size);
  const std::string_view body = pressoir::fuzz::AsView(data + 1 + header_size, size - 1 - header_size);
  pressoir::charset::DecodedText text = pressoir::charset::DecodeToUtf8(body, content_type);
  FUZZ_CHECK(pressoir::fuzz::IsValidUtf8(text.utf8), "DecodeToUtf8 output is valid UTF-8");
  FUZZ_CHECK(!text.charset.empty(), "a charset is named");
  FUZZ_CHECK(text.evidence == "http" || text.evidence == "bom" || text.evidence == "meta" ||
                 text.evidence == "detected" || text.evidence == "default",
             "evidence is one of the documented values");
  // Decoding the output again as UTF-8 must not change it (it is valid UTF-8 without a BOM
  // unless the page had two).
  pressoir::charset::DecodedText again = pressoir::charset::DecodeToUtf8(text.utf8, "text/html; charset=utf-8");
  FUZZ_CHECK(pressoir::fuzz::IsValidUtf8(again.utf8), "re-decoded output is valid UTF-8");
  return 0;
}

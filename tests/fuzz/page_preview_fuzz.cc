// libFuzzer target: the extraction preview (extractors/page_preview.h) on arbitrary pages, as
// `extract --html` builds it: numbering, extraction with the decisions recorded, rendering.
// Contracts checked: the preview of valid UTF-8 input is valid UTF-8, and parsed again it holds
// no <script>, <iframe>, <object>, <embed> or <base> element and no on* attribute (the
// preview must stay inert whatever the page). Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "extractors/charset.h"
#include "extractors/html_parser.h"
#include "extractors/page_preview.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pressoir;
  charset::DecodedText page = charset::DecodeToUtf8(fuzz::AsView(data, size), "text/html; charset=utf-8");
  std::string numbered = preview::NumberElements(page.utf8);
  extract::ExtractOptions options;
  options.explain = true;
  options.node_id_attribute = preview::kNodeIdAttribute;
  extract::Article article = extract::Extract(numbered, nullptr, options);
  preview::PreviewInfo info;
  info.text = article.Text();
  info.explain = article.explain;
  std::string html = preview::Render(numbered, article.decisions, info);
  FUZZ_CHECK(fuzz::IsValidUtf8(html), "the preview is valid UTF-8");
  dom::Document document = html::ParseHtml(html);
  dom::Walk(document.root(), [&](dom::Node* node) {
    if (!node->IsElement()) return true;
    for (const char* tag : {"script", "iframe", "object", "embed", "base"}) {
      FUZZ_CHECK(node->tag != tag, "no element that runs code or loads a document");
    }
    for (const dom::Attribute& attribute : node->attributes) {
      FUZZ_CHECK(!attribute.name.starts_with("on"), "no event handler attribute");
    }
    return true;
  });
  return 0;
}

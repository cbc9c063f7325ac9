// libFuzzer target: compiles the input as a selector in each syntax (auto, CSS, XPath); a
// compiled selector is matched with Select and SelectStrings against a small fixed document,
// from the document node and from <body>. Compile may only throw SelectorError; matching may
// not throw at all. Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "extractors/dom.h"
#include "extractors/html_parser.h"
#include "extractors/selector.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

constexpr char kDocument[] = R"(<!DOCTYPE html><html lang="fr"><head><title>Titre | Site</title>
<meta property="og:title" content="Og titre"><base href="/base/"></head>
<body class="article page"><header id="top"><nav><a href="/a">A</a><a href="/b" rel="author">B</a></nav></header>
<article class="article" itemscope><h1 itemprop="headline">Titre</h1>
<p class="chapo description-article">Chapô</p><time itemprop="datePublished" datetime="2020-01-02">2 janvier</time>
<div id="articleBody" data-x="1"><p>Un <b>deux</b> trois.</p><p></p><p class="lire">Lire aussi : x</p>
<ul class="related"><li>1</li><li>2</li><li>3</li></ul><table><tr><td>c</td></tr></table>
<span lang="en-GB">é</span><svg></svg><x-custom a=b>custom</x-custom></div></article>
<footer><p>© 2020</p></footer></body></html>)";

pressoir::dom::Document& Document() {
  static pressoir::dom::Document* document = new pressoir::dom::Document(pressoir::html::ParseHtml(kDocument));
  return *document;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using pressoir::selector::Selector;
  using pressoir::selector::SelectorError;
  const std::string_view expression = pressoir::fuzz::AsView(data, size);
  pressoir::dom::Document& document = Document();
  for (Selector::Syntax syntax : {Selector::Syntax::kAuto, Selector::Syntax::kCss, Selector::Syntax::kXPath}) {
    try {
      Selector selector = Selector::Compile(expression, syntax);
      FUZZ_CHECK(selector.source() == expression, "source() is the expression as written");
      for (pressoir::dom::Node* root : {document.root(), document.body(), static_cast<pressoir::dom::Node*>(nullptr)}) {
        for (pressoir::dom::Node* node : selector.Select(root)) FUZZ_CHECK(node != nullptr, "Select returns nodes");
        (void)selector.SelectStrings(root);
      }
    } catch (const SelectorError& e) {
      // The message quotes the expression, and CSS escapes ("\\a ") decode to any character,
      // so only messages of plain expressions are checked for being one line.
      FUZZ_CHECK(std::string_view(e.what()).find('\n') == std::string_view::npos ||
                     expression.find_first_of("\n\\") != std::string_view::npos,
                 "SelectorError is one line");
    }
  }
  return 0;
}

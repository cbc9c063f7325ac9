// The tag tokenizer shared by the link scanner and the pre-parse filters: tag names, attribute
// syntax (HTML §13.2.5.32-40), comments and bogus comments (§13.2.5.41-52), the end of raw-text
// content (§13.2.5.11-21), and its bounds: cut-off input is reported, never read past.
#include "extractors/tag_tokenizer.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using pressoir::html::CommentEnd;
using pressoir::html::CommentEndRule;
using pressoir::html::FindEndTag;
using pressoir::html::IsEndTagAt;
using pressoir::html::IsStartTagAt;
using pressoir::html::kNoEnd;
using pressoir::html::PastNextGreaterThan;
using pressoir::html::TagNameEnd;
using pressoir::html::TagReader;

struct ReadTag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // as written; "=" marks a value
  size_t end = kNoEnd;
  bool self_closing = false;
  size_t started = 0;
};

// Reads the tag whose '<' is the first character of `html`, skipping "</" for end tags.
// `html` is copied to a buffer of its exact size, so that ASan catches any read past its end.
ReadTag Read(std::string_view html) {
  auto buffer = std::make_unique<char[]>(html.size());
  std::copy(html.begin(), html.end(), buffer.get());
  const std::string_view exact(buffer.get(), html.size());
  const size_t name_begin = html.starts_with("</") ? 2 : 1;
  TagReader reader(exact, name_begin);
  ReadTag tag;
  tag.name = std::string(reader.name());
  while (reader.Next()) {
    std::string value = reader.attribute().has_value ? "=" + std::string(reader.attribute_value()) : "";
    tag.attributes.emplace_back(std::string(reader.attribute_name()), std::move(value));
  }
  tag.end = reader.end();
  tag.self_closing = reader.self_closing();
  tag.started = reader.attributes_started();
  return tag;
}

using Attributes = std::vector<std::pair<std::string, std::string>>;

}  // namespace

// §13.2.5.8: the name runs to whitespace, '/' or '>', and is returned as written.
TEST_CASE("the tag tokenizer reads tag names as written", "[extractors][tokenizer]") {
  CHECK(Read("<DiV class=x>").name == "DiV");
  CHECK(Read("<br/>").name == "br");
  CHECK(Read("<my-element\tx>").name == "my-element");
  CHECK(Read("</Script >").name == "Script");
  CHECK(TagNameEnd("<abc", 1) == 4);
  CHECK(TagNameEnd("<abc", 4) == 4);
}

// §13.2.5.33-38: double-quoted, single-quoted and unquoted values; '>' and '<' in quotes are
// text; whitespace around '='; a value-less attribute; every duplicate is returned.
TEST_CASE("the tag tokenizer reads quoted, unquoted and duplicated attributes", "[extractors][tokenizer]") {
  ReadTag tag = Read(R"(<a href="/a > b" title='it"s' data-x=1/2 hidden ID = "k" href=/dup>)");
  CHECK(tag.attributes == Attributes{{"href", "=/a > b"},
                                     {"title", "=it\"s"},
                                     {"data-x", "=1/2"},
                                     {"hidden", ""},
                                     {"ID", "=k"},
                                     {"href", "=/dup"}});
  CHECK(tag.end == std::string_view(R"(<a href="/a > b" title='it"s' data-x=1/2 hidden ID = "k" href=/dup>)").size());
  CHECK_FALSE(tag.self_closing);

  SECTION("a quote inside an unquoted value or a name is text") {
    CHECK(Read(R"(<a title=x"y>)").attributes == Attributes{{"title", "=x\"y"}});
    CHECK(Read(R"(<a x"y=1>)").attributes == Attributes{{"x\"y", "=1"}});
  }
  SECTION("a leading '=' belongs to the name; '/' separates attributes") {
    CHECK(Read("<a =x>").attributes == Attributes{{"=x", ""}});
    CHECK(Read("<a x/y>").attributes == Attributes{{"x", ""}, {"y", ""}});
  }
  SECTION("the empty quoted value is a value; '=' before '>' is not") {
    ReadTag empty = Read(R"(<a x="" y=>)");
    CHECK(empty.attributes == Attributes{{"x", "="}, {"y", ""}});
    CHECK(empty.end == 11);
  }
}

// §13.2.5.40, and the one difference kept on purpose (see tag_tokenizer.h).
TEST_CASE("the tag tokenizer reports self-closing tags", "[extractors][tokenizer]") {
  CHECK(Read("<br/>").self_closing);
  CHECK(Read("<svg x=\"1\"/>").self_closing);
  CHECK(Read("<svg x/>").self_closing);
  CHECK_FALSE(Read("<a href=/x/>").self_closing);  // the '/' is part of the unquoted value
  CHECK_FALSE(Read("<svg/x>").self_closing);
  CHECK(Read("<svg / >").self_closing);  // HTML5 would not; the filters rely on it
}

// Offsets let the filters cut attributes out: the cut starts before the whitespace that
// precedes the attribute, unless a '/' precedes that whitespace.
TEST_CASE("the tag tokenizer gives the span that removes an attribute", "[extractors][tokenizer]") {
  auto removed = [](std::string html, std::string_view name) {
    TagReader reader(html, 1);
    while (reader.Next()) {
      if (reader.attribute_name() != name) continue;
      html.erase(reader.RemovalBegin(), reader.attribute().end - reader.RemovalBegin());
      return html;
    }
    return std::string("not found");
  };
  CHECK(removed(R"(<img  src="x.png" alt=y>)", "src") == "<img alt=y>");
  CHECK(removed("<img src=x alt=y>", "alt") == "<img src=x>");
  CHECK(removed("<td nowrap class=x>", "nowrap") == "<td class=x>");
  CHECK(removed("<math/ x=1>", "x") == "<math/ >");
  CHECK(removed("<a x= >", "x") == "<a>");
}

// §13.2.5.32 "eof-in-tag": a tag cut off anywhere is reported with end() == kNoEnd, and its
// attributes are counted up to the cut; nothing is read past the input (ASan checks Read's
// exact-size buffers).
TEST_CASE("the tag tokenizer reports tags cut off by the end of the input", "[extractors][tokenizer]") {
  const std::string full = R"(<a b c=d e = 'f' g="h" i=j / >)";
  for (size_t size = 2; size < full.size(); ++size) {
    const std::string cut = full.substr(0, size);
    INFO(cut);
    ReadTag tag = Read(cut);
    CHECK(tag.end == kNoEnd);
    CHECK_FALSE(tag.self_closing);
    CHECK(tag.started <= 5);
  }
  CHECK(Read(full).end == full.size());
  CHECK(Read(full).started == 5);
  CHECK(Read("<a x").started == 1);
  CHECK(Read("<a x").attributes.empty());  // a cut-off attribute is counted, not returned
  CHECK(Read("<a x='unterminated>").end == kNoEnd);
  CHECK(Read("<a").end == kNoEnd);
  CHECK(Read("<a").name == "a");
}

// §13.2.5.43-52: "<!-->" and "<!--->" are complete; "--!>" ends a comment for HTML5 only.
TEST_CASE("the tag tokenizer finds where comments end", "[extractors][tokenizer]") {
  for (CommentEndRule rule : {CommentEndRule::kHtml5, CommentEndRule::kDashDashGreaterOnly}) {
    CHECK(CommentEnd("<!-->x", 0, rule) == 5);
    CHECK(CommentEnd("<!--->x", 0, rule) == 6);
    CHECK(CommentEnd("<!---->x", 0, rule) == 7);
    CHECK(CommentEnd("x<!-- <a> -- -->y", 1, rule) == 16);
    CHECK(CommentEnd("<!-- a ---> b", 0, rule) == 11);
    CHECK(CommentEnd("<!-- never closed --", 0, rule) == kNoEnd);
    CHECK(CommentEnd("<!--", 0, rule) == kNoEnd);
  }
  CHECK(CommentEnd("<!-- a --!> b -->", 0, CommentEndRule::kHtml5) == 11);
  CHECK(CommentEnd("<!-- a --!> b -->", 0, CommentEndRule::kDashDashGreaterOnly) == 17);
  CHECK(CommentEnd("<!-- a --!", 0, CommentEndRule::kHtml5) == kNoEnd);
}

// §13.2.5.41: bogus comments end at the first '>', quotes or not.
TEST_CASE("the tag tokenizer skips bogus comments to the first '>'", "[extractors][tokenizer]") {
  CHECK(PastNextGreaterThan("<!DOCTYPE html>x", 0) == 15);
  CHECK(PastNextGreaterThan("<?xml a='>'?>", 0) == 10);
  CHECK(PastNextGreaterThan("<! never", 0) == kNoEnd);
  CHECK(PastNextGreaterThan("<", 1) == kNoEnd);
}

// §13.2.5.11-21 "appropriate end tag": "</" + the name in any case, then whitespace, '/' or
// '>'; a longer name or the end of the input is not one.
TEST_CASE("the tag tokenizer finds the end tag of raw-text content", "[extractors][tokenizer]") {
  const std::string_view script = "var a = '</scripts>'; if (b</script) {} </SCRIPT\n>after";
  CHECK(FindEndTag(script, 0, "script") == script.find("</SCRIPT"));
  CHECK(FindEndTag("a </scriptx </script>", 0, "script") == 12);
  CHECK(FindEndTag("a </script>", 3, "script") == kNoEnd);
  CHECK(FindEndTag("a </script", 0, "script") == kNoEnd);  // cut off: not an end tag yet
  CHECK(FindEndTag("", 0, "script") == kNoEnd);
  CHECK(FindEndTag("</title/>", 0, "title") == 0);
  CHECK(IsEndTagAt("</TiTle >", 0, "title"));
  CHECK_FALSE(IsEndTagAt("<title>", 0, "title"));
  CHECK(IsStartTagAt("<SVG/>", 0, "svg"));
  CHECK_FALSE(IsStartTagAt("<svgx>", 0, "svg"));
  CHECK_FALSE(IsStartTagAt("<svg", 0, "svg"));
}

// The extraction preview (see page_preview.h).
#include "extractors/page_preview.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "base/ascii.h"
#include "extractors/html_parser.h"
#include "extractors/tag_tokenizer.h"

namespace pressoir::preview {
namespace {

// Elements whose content the HTML5 tokenizer reads as text up to their end tag (§13.2.5.2-3,
// RAWTEXT, RCDATA and script data): tags in there are not tags.
constexpr std::array<std::string_view, 9> kRawTextElements = {"script", "style",   "textarea", "title",   "xmp",
                                                              "iframe", "noembed", "noframes", "noscript"};

// Elements dropped with their content: they run code, load other documents, point relative
// URLs elsewhere or refresh the page, or show what only a browser without scripts shows.
constexpr std::array<std::string_view, 18> kDroppedElements = {
    "script", "noscript", "iframe",   "frame",  "frameset", "object",  "embed",         "applet",           "base",
    "link",   "meta",     "template", "portal", "param",    "animate", "animatemotion", "animatetransform", "set"};

// Attributes that hold a URL the browser may load or navigate to; the preview keeps their value
// under data-pressoir-<name> so that it can still be read.
constexpr std::array<std::string_view, 20> kUrlAttributes = {"src",     "srcset",     "href",        "xlink:href",
                                                             "action",  "formaction", "poster",      "background",
                                                             "data",    "codebase",   "cite",        "longdesc",
                                                             "lowsrc",  "dynsrc",     "ping",        "manifest",
                                                             "archive", "classid",    "imagesrcset", "srcdoc"};

// Elements written without an end tag (HTML §13.1.2 void elements).
constexpr std::array<std::string_view, 14> kVoidElements = {"area",  "base", "br",   "col",    "embed", "hr",  "img",
                                                            "input", "link", "meta", "source", "track", "wbr", "param"};

template <size_t N>
bool In(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string EscapeText(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  return escaped;
}

// Attribute and tag names the output writes as they are: anything else could end the tag or
// start another attribute when the file is parsed again.
bool IsSafeName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return ascii::IsAlnum(c) || c == '-' || c == '_' || c == ':' || c == '.'; });
}

// True when `value` is a URL that runs code or a whole document when followed.
bool IsScriptUrl(std::string_view value) {
  std::string squeezed;
  for (char c : value) {
    if (!ascii::IsHtmlSpace(c) && static_cast<unsigned char>(c) >= 0x20) squeezed.push_back(ascii::ToLower(c));
    if (squeezed.size() >= 16) break;
  }
  return squeezed.starts_with("javascript:") || squeezed.starts_with("vbscript:") ||
         squeezed.starts_with("data:text/html") || squeezed.starts_with("data:image/svg");
}

// `css` with every url(...) (but url(#fragment)) and image-set(...) replaced by `none` and @import made an unknown
// at-rule, so that a style loads nothing (the CSP is the second line of defence, for CSS
// escapes that spell these words differently).
std::string NeutraliseCss(std::string_view css) {
  std::string out;
  out.reserve(css.size());
  size_t i = 0;
  while (i < css.size()) {
    auto at = [&](std::string_view word) {
      return css.size() - i >= word.size() && ascii::EqualsIgnoreCase(css.substr(i, word.size()), word);
    };
    if (at("@import")) {
      out += "@pressoir-dropped-import";
      i += 7;
      continue;
    }
    size_t open = 0;
    for (std::string_view function : {"url(", "image-set(", "-webkit-image-set(", "src("}) {
      if (at(function) && (i == 0 || !(ascii::IsAlnum(css[i - 1]) || css[i - 1] == '-'))) open = function.size();
    }
    if (open == 0) {
      out.push_back(css[i++]);
      continue;
    }
    // url(#id) names an element of the document itself (SVG gradients, masks): kept.
    size_t argument = i + open;
    while (argument < css.size() &&
           (ascii::IsHtmlSpace(css[argument]) || css[argument] == '"' || css[argument] == '\'')) {
      ++argument;
    }
    if (open == 4 && argument < css.size() && css[argument] == '#') {
      out.append(css.substr(i, open));
      i += open;
      continue;
    }
    // Skip to the matching ')', quotes and nesting respected.
    size_t j = i + open;
    int depth = 1;
    char quote = 0;
    for (; j < css.size() && depth > 0; ++j) {
      char c = css[j];
      if (quote != 0) {
        if (c == '\\') {
          ++j;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      }
    }
    out += "none";
    i = j;
  }
  // A "</style" in the text would end the element early when the file is read again.
  std::string safe;
  safe.reserve(out.size());
  for (size_t k = 0; k < out.size(); ++k) {
    if (out[k] == '<' && k + 1 < out.size() && out[k + 1] == '/') {
      safe += "<\\/";
      ++k;
    } else {
      safe.push_back(out[k]);
    }
  }
  return safe;
}

struct Marks {
  std::set<std::string> kinds;
  std::vector<std::string> by;
};

// The id a marked element without one gets, so that the panel can link to it; an id the page
// does not use, so no style of the page applies to it.
std::string AnchorFor(const std::string& number) { return "pressoir-mark-" + number; }

// Writes the attributes of `element`, made inert, and its marks.
void WriteAttributes(const dom::Node& element, const std::map<std::string, Marks>& marks, std::string& out) {
  const std::string* number = element.Attr(kNodeIdAttribute);
  auto found = number != nullptr ? marks.find(*number) : marks.end();
  for (const dom::Attribute& attribute : element.attributes) {
    const std::string& name = attribute.name;
    if (!IsSafeName(name) || name.starts_with("on") || name.starts_with("data-pressoir-")) continue;
    std::string value = attribute.value;
    std::string written = name;
    if (name == "style") {
      value = NeutraliseCss(value);
    } else if (In(kUrlAttributes, name) || IsScriptUrl(value)) {
      bool inline_image = name == "src" && ascii::StartsWithIgnoreCase(value, "data:image/") && !IsScriptUrl(value);
      bool fragment = name == "href" && value.starts_with("#");
      if (!inline_image && !fragment)
        written = "data-pressoir-" + std::string(name == "xlink:href" ? "xlink-href" : name);
    } else if (ascii::ContainsIgnoreCase(value, "url(")) {  // SVG fill, filter, mask, ...
      value = NeutraliseCss(value);
    }
    out += " " + written + "=\"" + EscapeText(value) + "\"";
  }
  if (found == marks.end()) return;
  const std::string* id = element.Attr("id");
  if (id == nullptr || id->empty()) out += " id=\"" + EscapeText(AnchorFor(*number)) + "\"";
  std::string kinds;
  for (const std::string& kind : found->second.kinds) kinds += (kinds.empty() ? "" : " ") + kind;
  std::string by;
  for (const std::string& reason : found->second.by) by += (by.empty() ? "" : " | ") + reason;
  out += " data-pressoir-n=\"" + EscapeText(*number) + "\" data-pressoir-mark=\"" + EscapeText(kinds) +
         "\" data-pressoir-by=\"" + EscapeText(by) + "\"";
}

// The style of the marks and of the panel. Inline SVG icons are sized by the site's stylesheets,
// which the preview does not load; without a size of their own they would fill the page, so
// they are capped at 64 px. Marks use !important and attribute selectors so that
// the page's own styles, which come first, do not hide them.
constexpr char kPreviewStyle[] = R"CSS(
html { margin-right: 460px !important; }
[data-pressoir-mark~="body"] { outline: 3px solid #1f5fd6 !important; outline-offset: 2px; }
[data-pressoir-mark~="kept"] { background-color: rgba(40, 170, 60, 0.13) !important; }
[data-pressoir-mark~="lede"] { outline: 2px solid #8a3ab9 !important; }
[data-pressoir-mark~="title"], [data-pressoir-mark~="date"], [data-pressoir-mark~="author"] {
  outline: 2px solid #e08a00 !important; }
[data-pressoir-mark~="removed"] { outline: 2px dashed #d11 !important; background-color: rgba(220, 20, 20, 0.10) !important;
  opacity: 0.75; }
[data-pressoir-mark~="removed"]::before, [data-pressoir-mark~="title"]::before, [data-pressoir-mark~="date"]::before,
[data-pressoir-mark~="author"]::before, [data-pressoir-mark~="body"]::before, [data-pressoir-mark~="lede"]::before {
  content: attr(data-pressoir-by); display: block; font: 11px/1.3 monospace !important;
  color: #fff !important; background: #d11 !important; padding: 1px 4px; text-align: left; }
[data-pressoir-mark~="removed"]::before { content: "removed: " attr(data-pressoir-by); }
[data-pressoir-mark~="body"]::before { background: #1f5fd6 !important; }
[data-pressoir-mark~="lede"]::before { background: #8a3ab9 !important; }
[data-pressoir-mark~="title"]::before, [data-pressoir-mark~="date"]::before, [data-pressoir-mark~="author"]::before {
  background: #e08a00 !important; }
img:not([src]) { outline: 1px dotted #999; }
svg:not([width]):not([height]) { max-width: 64px; max-height: 64px; }
#pressoir-panel, #pressoir-panel * { all: revert; }
#pressoir-panel { position: fixed !important; top: 0; right: 0; width: 440px; height: 100vh; overflow: auto;
  z-index: 2147483647; background: #fafafa; color: #222; border-left: 2px solid #444; padding: 8px 12px;
  box-sizing: border-box; font: 13px/1.4 sans-serif; text-align: left; }
#pressoir-panel h1 { font-size: 16px; margin: 4px 0; }
#pressoir-panel h2 { font-size: 14px; margin: 12px 0 4px; }
#pressoir-panel table { border-collapse: collapse; width: 100%; font-size: 12px; }
#pressoir-panel td:first-child { white-space: nowrap; }
#pressoir-panel td { border-top: 1px solid #ddd; padding: 2px 4px; vertical-align: top; word-break: break-word; }
#pressoir-panel code, #pressoir-panel pre { font: 12px/1.35 monospace; }
#pressoir-panel pre { white-space: pre-wrap; background: #fff; border: 1px solid #ddd; padding: 6px; }
#pressoir-panel .warning { background: #fdd; border: 1px solid #d11; padding: 4px; }
#pressoir-panel .key { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
)CSS";

std::string Panel(const PreviewInfo& info, const std::vector<std::pair<std::string, const Marks*>>& marked) {
  std::string html = "<aside id=\"pressoir-panel\" data-pressoir-panel=\"\">";
  html += "<h1>pressoir preview</h1><div><code>" + EscapeText(info.file) + "</code></div>";
  html += "<div>rule: <code data-pressoir-rule=\"\">" +
          EscapeText(info.rule.empty() ? "none (generic extraction)" : info.rule) + "</code></div>";
  if (!info.faithful) {
    html +=
        "<p class=\"warning\" data-pressoir-warning=\"\">The numbered page used for the marks gave another text than "
        "the page itself: the marks may not match what extraction did.</p>";
  }
  html +=
      "<div><span class=\"key\" style=\"outline:3px solid #1f5fd6\"></span>body "
      "<span class=\"key\" style=\"background:rgba(40,170,60,.3)\"></span>kept "
      "<span class=\"key\" style=\"outline:2px dashed #d11\"></span>removed "
      "<span class=\"key\" style=\"outline:2px solid #8a3ab9\"></span>lede "
      "<span class=\"key\" style=\"outline:2px solid #e08a00\"></span>title/date/author</div>";
  html += "<h2>Metadata</h2><table>";
  for (const auto& [name, value] : info.fields) {
    html += "<tr><td><code>" + EscapeText(name) + "</code></td><td data-pressoir-field=\"" + EscapeText(name) + "\">" +
            EscapeText(value) + "</td></tr>";
  }
  html += "</table>";
  if (!info.selectors.empty()) {
    html += "<h2>Selectors</h2><table>";
    for (const selector_report::SelectorLine& line : info.selectors) {
      html += "<tr data-pressoir-selector=\"" + EscapeText(line.selector) + "\" data-pressoir-key=\"" +
              EscapeText(line.key) + "\" data-pressoir-count=\"" + std::to_string(line.matches) + "\"><td>" +
              EscapeText(line.key) + "</td><td><code>" + EscapeText(line.selector) + "</code></td><td>" +
              std::to_string(line.matches) + "</td><td>" + EscapeText(line.explanation) + "</td></tr>";
    }
    html += "</table>";
  }
  html += "<h2>Marks</h2><table>";
  for (const auto& [anchor, mark] : marked) {
    std::string kinds;
    for (const std::string& kind : mark->kinds) kinds += (kinds.empty() ? "" : " ") + kind;
    std::string by;
    for (const std::string& reason : mark->by) by += (by.empty() ? "" : " | ") + reason;
    html += "<tr><td><a href=\"#" + EscapeText(anchor) + "\">" + EscapeText(kinds) + "</a></td><td>" + EscapeText(by) +
            "</td></tr>";
  }
  html += "</table>";
  html += "<h2>Text</h2><pre data-pressoir-text=\"\">" + EscapeText(info.text) + "</pre>";
  html += "<h2>Decisions</h2><pre data-pressoir-explain=\"\">";
  for (const std::string& line : info.explain) html += EscapeText(line) + "\n";
  html += "</pre></aside>";
  return html;
}

// Writes `root`'s subtree (iteratively: pages can be deep).
void WriteTree(const dom::Node* root, const std::map<std::string, Marks>& marks, const PreviewInfo& info,
               std::string& out) {
  // The marked elements in document order, for the panel's list (collected while writing).
  std::vector<std::pair<std::string, const Marks*>> marked;
  struct Step {
    const dom::Node* node;
    bool close;
  };
  std::vector<Step> stack{{root, false}};
  while (!stack.empty()) {
    Step step = stack.back();
    stack.pop_back();
    const dom::Node* node = step.node;
    if (step.close) {
      if (node->tag == "head") out += "<style>" + std::string(kPreviewStyle) + "</style>";
      if (node->tag == "body") out += Panel(info, marked);
      out += "</" + node->tag + ">";
      continue;
    }
    if (node->IsText()) {
      const dom::Node* parent = node->parent;
      if (parent != nullptr && parent->tag == "style") {
        out += NeutraliseCss(node->text);
      } else {
        out += EscapeText(node->text);
      }
      continue;
    }
    if (!node->IsElement()) {  // the document
      for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back({*it, false});
      continue;
    }
    if (In(kDroppedElements, node->tag) || node->tag == "noembed" || node->tag == "noframes") continue;
    std::string tag = IsSafeName(node->tag) ? node->tag : "span";
    if (tag == "xmp" || tag == "plaintext") tag = "pre";  // raw text elements: written as escaped text
    out += "<" + tag;
    if (const std::string* number = node->Attr(kNodeIdAttribute)) {
      if (auto found = marks.find(*number); found != marks.end()) {
        const std::string* id = node->Attr("id");
        marked.emplace_back(id != nullptr && !id->empty() ? *id : AnchorFor(*number), &found->second);
      }
    }
    WriteAttributes(*node, marks, out);
    out += ">";
    if (tag == "head") {
      out += "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"" +
             EscapeText(kContentSecurityPolicy) + "\">";
    }
    if (In(kVoidElements, tag)) continue;
    stack.push_back({node, true});
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back({*it, false});
  }
}

}  // namespace

const char* MarkName(extract::NodeDecision::Kind kind) {
  using Kind = extract::NodeDecision::Kind;
  switch (kind) {
    case Kind::kBody:
      return "body";
    case Kind::kKept:
      return "kept";
    case Kind::kRemoved:
      return "removed";
    case Kind::kLede:
      return "lede";
    case Kind::kTitle:
      return "title";
    case Kind::kDate:
      return "date";
    case Kind::kAuthor:
      return "author";
  }
  return "kept";  // not reached: every kind is named above
}

std::string NumberElements(std::string_view html) {
  std::string out;
  out.reserve(html.size() + html.size() / 8);
  size_t number = 0;
  size_t i = 0;
  auto copy_to = [&](size_t end) {
    end = std::min(end, html.size());
    out.append(html.substr(i, end - i));
    i = end;
  };
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) {
      copy_to(html.size());
      break;
    }
    copy_to(lt);
    if (html.substr(lt, 4) == "<!--") {
      copy_to(html::CommentEnd(html, lt, html::CommentEndRule::kHtml5));
      continue;
    }
    const char next = lt + 1 < html.size() ? html[lt + 1] : '\0';
    if (next == '!' || next == '?' || next == '/') {  // doctype, bogus comment, end tag
      copy_to(html::PastNextGreaterThan(html, lt));
      continue;
    }
    if (!ascii::IsAlpha(next)) {
      copy_to(lt + 1);
      continue;
    }
    html::TagReader tag(html, lt + 1);
    std::string name = ascii::ToLower(tag.name());
    copy_to(tag.name_end());
    out += " ";
    out += kNodeIdAttribute;
    out += "=\"" + std::to_string(++number) + "\"";
    size_t end = tag.SkipToEnd();
    copy_to(end);  // kNoEnd: the rest of the input, as it is
    if (end == html::kNoEnd) break;
    if (name == "plaintext") {
      copy_to(html.size());
    } else if (In(kRawTextElements, name) && !tag.self_closing()) {
      copy_to(html::FindEndTag(html, i, name));
    }
  }
  return out;
}

std::string Render(std::string_view numbered_html, const std::vector<extract::NodeDecision>& decisions,
                   const PreviewInfo& info) {
  std::map<std::string, Marks> marks;
  for (const extract::NodeDecision& decision : decisions) {
    Marks& mark = marks[decision.node_id];
    mark.kinds.insert(MarkName(decision.kind));
    if (decision.kind != extract::NodeDecision::Kind::kKept &&
        std::find(mark.by.begin(), mark.by.end(), decision.by) == mark.by.end()) {
      mark.by.push_back(decision.by);
    }
  }
  dom::Document document = html::ParseHtml(numbered_html);
  std::string out = "<!DOCTYPE html>\n";
  out.reserve(numbered_html.size() + 16384);
  WriteTree(document.root(), marks, info, out);
  out += "\n";
  return out;
}

}  // namespace pressoir::preview

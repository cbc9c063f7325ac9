// BoundTreeShape (see bound_tree_shape.h): a model of the HTML5 tree builder's stack of open
// elements and list of active formatting elements, just precise enough to know how deep the
// parser's tree gets, fed by the shared tag tokenizer (tag_tokenizer.h). Section numbers are
// the HTML Living Standard's (§13.2).
#include "extractors/bound_tree_shape.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "extractors/tag_tokenizer.h"

namespace pressoir::html {
namespace {

enum TagFlag : uint32_t {
  kVoid = 1u << 0,             // never open: no content, no end tag (§13.1.2)
  kSpecial = 1u << 1,          // the "special" category (§13.2.4.2)
  kFormatting = 1u << 2,       // formatting elements (§13.2.4.3)
  kClosesP = 1u << 3,          // the start tag closes a <p> in button scope (§13.2.6.4.7)
  kScope = 1u << 4,            // ends "has an element in scope"
  kListScope = 1u << 5,        // ... also ends "in list item scope" (ol, ul)
  kButtonScope = 1u << 6,      // ... also ends "in button scope" (button)
  kTableScope = 1u << 7,       // ends "in table scope" (html, table, template)
  kMarker = 1u << 8,           // puts a marker in the list of active formatting elements
  kRawText = 1u << 9,          // content is text up to the end tag (RAWTEXT, RCDATA, script)
  kPlainText = 1u << 10,       // everything after the start tag is text
  kForeign = 1u << 11,         // <svg>, <math>: foreign content
  kIntegration = 1u << 12,     // HTML content again inside foreign content (§13.2.6.5)
  kBreakout = 1u << 13,        // the start tag ends foreign content (§13.2.6.5)
  kNotCounted = 1u << 14,      // html, head, body, frameset, frame: never nested by the parser
  kHeading = 1u << 15,         // h1-h6
  kNotItemStop = 1u << 16,     // address, div, p: special, yet <li>, <dd>, <dt> look past them
  kTableContext = 1u << 17,    // table, tbody, thead, tfoot, tr: a <table> here ends the table
  kTableScopedEnd = 1u << 18,  // end tags looked up in table scope
  kRuby = 1u << 19,            // rb, rp, rt, rtc: closed by the next one
};

struct KnownTag {
  std::string_view name;
  uint32_t flags;
};

constexpr uint32_t kSpecialVoid = kSpecial | kVoid;
constexpr uint32_t kBlock = kSpecial | kClosesP;         // address, div, section, ...
constexpr uint32_t kBlockBreakout = kBlock | kBreakout;  // div, p, ul, ...
constexpr uint32_t kFormattingBreakout = kFormatting | kBreakout;

constexpr KnownTag kKnownTags[] = {
    {"a", kFormatting},
    {"address", kBlock | kNotItemStop},
    {"annotation-xml", kIntegration},
    {"applet", kSpecial | kScope | kMarker},
    {"area", kSpecialVoid},
    {"article", kBlock},
    {"aside", kBlock},
    {"b", kFormattingBreakout},
    {"base", kSpecialVoid},
    {"basefont", kSpecialVoid},
    {"bgsound", kSpecialVoid},
    {"big", kFormattingBreakout},
    {"blockquote", kBlockBreakout},
    {"body", kSpecial | kNotCounted | kBreakout},
    {"br", kSpecialVoid | kBreakout},
    {"button", kSpecial | kButtonScope},
    {"caption", kSpecial | kScope | kMarker | kTableScopedEnd},
    {"center", kBlockBreakout},
    {"code", kFormattingBreakout},
    {"col", kSpecialVoid},
    {"colgroup", kSpecial | kTableScopedEnd},
    {"dd", kBlockBreakout},
    {"desc", kIntegration},
    {"details", kBlock},
    {"dialog", kClosesP},
    {"dir", kBlock},
    {"div", kBlockBreakout | kNotItemStop},
    {"dl", kBlockBreakout},
    {"dt", kBlockBreakout},
    {"em", kFormattingBreakout},
    {"embed", kSpecialVoid | kBreakout},
    {"fieldset", kBlock},
    {"figcaption", kBlock},
    {"figure", kBlock},
    {"font", kFormatting},
    {"footer", kBlock},
    {"foreignobject", kIntegration},
    {"form", kBlock},
    {"frame", kSpecialVoid | kNotCounted},
    {"frameset", kSpecial | kNotCounted},
    {"h1", kBlockBreakout | kHeading},
    {"h2", kBlockBreakout | kHeading},
    {"h3", kBlockBreakout | kHeading},
    {"h4", kBlockBreakout | kHeading},
    {"h5", kBlockBreakout | kHeading},
    {"h6", kBlockBreakout | kHeading},
    {"head", kSpecial | kNotCounted | kBreakout},
    {"header", kBlock},
    {"hgroup", kBlock},
    {"hr", kSpecialVoid | kClosesP | kBreakout},
    {"html", kSpecial | kNotCounted | kScope | kTableScope},
    {"i", kFormattingBreakout},
    {"iframe", kSpecial | kRawText},
    {"image", kVoid},
    {"img", kSpecialVoid | kBreakout},
    {"input", kSpecialVoid},
    {"keygen", kSpecialVoid},
    {"li", kBlockBreakout},
    {"link", kSpecialVoid},
    {"listing", kBlockBreakout},
    {"main", kBlock},
    {"marquee", kSpecial | kScope | kMarker},
    {"math", kForeign},
    {"menu", kBlockBreakout},
    {"meta", kSpecialVoid | kBreakout},
    {"mi", kIntegration},
    {"mn", kIntegration},
    {"mo", kIntegration},
    {"ms", kIntegration},
    {"mtext", kIntegration},
    {"nav", kBlock},
    {"nobr", kFormattingBreakout},
    {"noembed", kSpecial | kRawText},
    {"noframes", kSpecial | kRawText},
    {"noscript", kSpecial},  // Gumbo parses its content as markup (scripting disabled)
    {"object", kSpecial | kScope | kMarker},
    {"ol", kBlockBreakout | kListScope},
    {"optgroup", 0},
    {"option", 0},
    {"p", kBlockBreakout | kNotItemStop},
    {"param", kSpecialVoid},
    {"plaintext", kBlock | kPlainText},
    {"pre", kBlockBreakout},
    {"rb", kRuby},
    {"rp", kRuby},
    {"rt", kRuby},
    {"rtc", kRuby},
    {"ruby", kBreakout},
    {"s", kFormattingBreakout},
    {"script", kSpecial | kRawText},
    {"search", kBlock},
    {"section", kBlock},
    {"select", kSpecial},
    {"small", kFormattingBreakout},
    {"source", kSpecialVoid},
    {"span", kBreakout},
    {"strike", kFormattingBreakout},
    {"strong", kFormattingBreakout},
    {"style", kSpecial | kRawText},
    {"sub", kBreakout},
    {"summary", kBlock},
    {"sup", kBreakout},
    {"svg", kForeign},
    {"table", kSpecial | kClosesP | kScope | kTableScope | kTableContext | kTableScopedEnd | kBreakout},
    {"tbody", kSpecial | kTableContext | kTableScopedEnd},
    {"td", kSpecial | kScope | kMarker | kTableScopedEnd},
    {"template", kSpecial | kScope | kTableScope | kMarker},
    {"textarea", kSpecial | kRawText},
    {"tfoot", kSpecial | kTableContext | kTableScopedEnd},
    {"th", kSpecial | kScope | kMarker | kTableScopedEnd},
    {"thead", kSpecial | kTableContext | kTableScopedEnd},
    {"title", kSpecial | kRawText | kIntegration},
    {"tr", kSpecial | kTableContext | kTableScopedEnd},
    {"track", kSpecialVoid},
    {"tt", kFormattingBreakout},
    {"u", kFormattingBreakout},
    {"ul", kBlockBreakout | kListScope},
    {"var", kBreakout},
    {"wbr", kSpecialVoid},
    {"xmp", kBlock | kRawText},
};

constexpr uint32_t kKnownTagCount = static_cast<uint32_t>(std::size(kKnownTags));

// The longest known name ("annotation-xml"): longer names are looked up as other names only.
constexpr size_t kMaxKnownNameLength = [] {
  size_t longest = 0;
  for (const KnownTag& tag : kKnownTags) longest = std::max(longest, tag.name.size());
  return longest;
}();

constexpr uint32_t KnownId(std::string_view name) {
  for (uint32_t id = 0; id < kKnownTagCount; ++id) {
    if (kKnownTags[id].name == name) return id;
  }
  return kKnownTagCount;  // not reached for the names below (static_asserts)
}

constexpr uint32_t kIdA = KnownId("a");
constexpr uint32_t kIdButton = KnownId("button");
constexpr uint32_t kIdDd = KnownId("dd");
constexpr uint32_t kIdDt = KnownId("dt");
constexpr uint32_t kIdFont = KnownId("font");
constexpr uint32_t kIdForm = KnownId("form");
constexpr uint32_t kIdLi = KnownId("li");
constexpr uint32_t kIdNobr = KnownId("nobr");
constexpr uint32_t kIdOptgroup = KnownId("optgroup");
constexpr uint32_t kIdOption = KnownId("option");
constexpr uint32_t kIdP = KnownId("p");
constexpr uint32_t kIdRp = KnownId("rp");
constexpr uint32_t kIdRt = KnownId("rt");
constexpr uint32_t kIdRtc = KnownId("rtc");
constexpr uint32_t kIdRuby = KnownId("ruby");
constexpr uint32_t kIdSelect = KnownId("select");
constexpr uint32_t kIdTable = KnownId("table");
constexpr uint32_t kIdTbody = KnownId("tbody");
constexpr uint32_t kIdTd = KnownId("td");
constexpr uint32_t kIdTfoot = KnownId("tfoot");
constexpr uint32_t kIdTh = KnownId("th");
constexpr uint32_t kIdThead = KnownId("thead");
constexpr uint32_t kIdTr = KnownId("tr");
constexpr uint32_t kIdH1 = KnownId("h1");
static_assert(kIdA < kKnownTagCount && kIdButton < kKnownTagCount && kIdDd < kKnownTagCount &&
              kIdFont < kKnownTagCount && kIdDt < kKnownTagCount && kIdForm < kKnownTagCount &&
              kIdLi < kKnownTagCount && kIdNobr < kKnownTagCount && kIdOptgroup < kKnownTagCount &&
              kIdOption < kKnownTagCount && kIdP < kKnownTagCount && kIdRp < kKnownTagCount && kIdRt < kKnownTagCount &&
              kIdRtc < kKnownTagCount && kIdRuby < kKnownTagCount && kIdSelect < kKnownTagCount &&
              kIdTable < kKnownTagCount && kIdTbody < kKnownTagCount && kIdTd < kKnownTagCount &&
              kIdTfoot < kKnownTagCount && kIdTh < kKnownTagCount && kIdThead < kKnownTagCount &&
              kIdTr < kKnownTagCount && kIdH1 + 5 < kKnownTagCount);

// Tag names other than the known ones (custom elements, typos) get ids of their own, up to this
// many per document; further names share kOverflowId (they then close each other: harmless).
constexpr uint32_t kMaxOtherNames = 4096;
constexpr uint32_t kOverflowId = kKnownTagCount + kMaxOtherNames;
constexpr uint32_t kNoId = kOverflowId + 1;  // an end tag whose name was never opened
// Formatting elements closed implicitly (by the end of their block) stay active and the parser
// re-opens a copy of each in every later block (§13.2.4.3, "reconstruct the active formatting
// elements"): at most this many are left so; the end tag of any further one is inserted where
// it is closed implicitly, which is where the parser closes it anyway, minus the copies.
constexpr size_t kMaxDanglingFormatting = 4;
// Removed start tags (above kMaxOpenElements) are remembered as runs of one name, so that their
// end tags can be removed too; an end tag is matched against the last kVirtualSearch runs.
constexpr size_t kMaxVirtualRuns = 1024;
constexpr size_t kVirtualSearch = 8;

struct Tag {
  uint32_t id = kNoId;
  uint32_t flags = 0;
};

// The id of a known tag name (lower case), or kNoId: an open-addressing table looked up on
// every tag of every page, so a few instructions rather than a general-purpose hash map.
class KnownIds {
 public:
  KnownIds() {
    slots_.fill(kNoId);
    for (uint32_t id = 0; id < kKnownTagCount; ++id) {
      size_t slot = Hash(kKnownTags[id].name);
      while (slots_[slot] != kNoId) slot = (slot + 1) % kSlots;
      slots_[slot] = id;
    }
  }

  uint32_t Find(std::string_view lower) const { return Find(lower, Hash(lower)); }
  // With the name's Hash() already computed (Lookup computes it while lower-casing).
  uint32_t Find(std::string_view lower, size_t hash) const {
    for (size_t slot = hash;; slot = (slot + 1) % kSlots) {
      uint32_t id = slots_[slot];
      if (id == kNoId || kKnownTags[id].name == lower) return id;
    }
  }

 private:
  static constexpr size_t kSlots = 512;  // a quarter full: probes are short
  static_assert(kKnownTagCount * 4 <= kSlots);

 public:
  // Hash(name) = HashStep(...HashStep(name.size(), name[0])..., name[n - 1]) % kSlots.
  static constexpr size_t HashStep(size_t hash, char c) { return hash * 31 + static_cast<unsigned char>(c); }
  static size_t Hash(std::string_view name) {
    size_t hash = name.size();
    for (char c : name) hash = HashStep(hash, c);
    return hash % kSlots;
  }
  static constexpr size_t HashModulus() { return kSlots; }

 private:
  std::array<uint32_t, kSlots> slots_;
};

const KnownIds& Known() {
  static const KnownIds ids;
  return ids;
}

class TreeShape {
 public:
  struct Start {
    bool keep = true;
    bool text_content = false;  // raw text or plaintext: what follows is text up to the end tag
  };

  TreeShape() : top_(kNoId + 1, -1) { stack_.reserve(kMaxOpenElements); }

  Start StartTag(std::string_view name, bool self_closing, std::string_view attributes) {
    Tag tag = Lookup(name, /*intern=*/true);
    // §13.2.6.5: <font> breaks out of foreign content when it has a color, face or size
    // attribute (looked for in the raw attribute text: a false match only ends foreign
    // content early, which makes the model count more, never less).
    if (tag.id == kIdFont &&
        (ascii::ContainsIgnoreCase(attributes, "color") || ascii::ContainsIgnoreCase(attributes, "face") ||
         ascii::ContainsIgnoreCase(attributes, "size"))) {
      tag.flags |= kBreakout;
    }
    Start result;
    if (tag.flags & kNotCounted) {
      // <body> and <head> still end foreign content before the parser ignores them.
      if ((tag.flags & kBreakout) && virtual_.empty()) LeaveForeignContent();
      return result;
    }
    if (!virtual_.empty()) {
      // Above the cap: nothing new is kept open until the removed elements are closed.
      if (InForeignContent()) return self_closing ? result : Remove(tag);
      result.text_content = (tag.flags & (kRawText | kPlainText)) != 0;
      return (tag.flags & kVoid) || result.text_content ? result : Remove(tag);
    }
    if (InForeignContent()) {
      if (!(tag.flags & kBreakout)) {
        // A foreign element (§13.2.6.5 "any other start tag"): "/>" closes it, nothing else is
        // special about it, unless it is an integration point.
        if (self_closing) return result;
        uint32_t flags = tag.flags & (kForeign | kIntegration);
        if (flags & kIntegration) flags |= kSpecial | kScope;
        return Open({tag.id, flags}, attributes);
      }
      LeaveForeignContent();
    }
    tag.flags &= ~kIntegration;  // only in foreign content
    if (tag.flags & (kRawText | kPlainText)) {
      if (tag.flags & kClosesP) CloseP();
      result.text_content = true;
      return result;
    }
    if (tag.flags & kVoid) {
      if (tag.flags & kClosesP) CloseP();
      return result;
    }
    if ((tag.flags & kForeign) && self_closing) return result;
    if (CloseImplied(tag)) return result;
    return Open(tag, attributes);
  }

  // End tags to insert before the tag just read (see kMaxDanglingFormatting); the caller empties
  // it.
  std::string& inserted_end_tags() { return inserted_; }

  // False when the end tag must be removed (it closes a removed start tag).
  bool EndTag(std::string_view name) {
    Tag tag = Lookup(name, /*intern=*/false);
    if (tag.id == kNoId || (tag.flags & kNotCounted)) return true;
    for (size_t k = virtual_.size(); k > 0 && virtual_.size() - k < kVirtualSearch; --k) {
      if (virtual_[k - 1].id != tag.id) continue;
      virtual_.resize(k);
      if (--virtual_.back().count == 0) virtual_.pop_back();
      return false;
    }
    if (tag.id < kKnownTagCount && dropped_formatting_[tag.id] > 0) {
      --dropped_formatting_[tag.id];
      return false;
    }
    // An end tag that closes a kept element closes the removed ones above it too.
    if (Close(tag)) virtual_.clear();
    return true;
  }

 private:
  struct OpenElement {
    uint32_t id;
    uint32_t flags;
    int32_t prev_same;  // index of the next open element below with the same id, or -1
    // Index of the nearest element at or below this one that ends each kind of search, or -1.
    int32_t special;    // special element ("any other end tag")
    int32_t item_stop;  // special but not address, div, p (<li>, <dd>, <dt>)
    int32_t scope;
    int32_t list_scope;
    int32_t button_scope;
    int32_t table_scope;
    int32_t foreign;           // <svg>, <math> or integration point
    uint32_t formatting_mark;  // markers: size of formatting_ before the marker was added
    uint32_t serial;           // formatting elements: their entry in formatting_
  };
  struct FormattingEntry {
    uint32_t id;  // kNoId: a marker
    size_t attributes_hash;
    uint32_t serial;
    bool open;  // the element is in the stack (else the parser re-opens a copy of it)
  };
  struct Run {
    uint32_t id;
    size_t count;
  };

  Tag Lookup(std::string_view name, bool intern) {
    // Known names are short: lower-cased into a buffer with their hash, no string built.
    if (name.size() <= kMaxKnownNameLength) {
      char lower[kMaxKnownNameLength];
      size_t hash = name.size();
      for (size_t i = 0; i < name.size(); ++i) {
        lower[i] = ascii::ToLower(name[i]);
        hash = KnownIds::HashStep(hash, lower[i]);
      }
      std::string_view key(lower, name.size());
      if (uint32_t id = Known().Find(key, hash % KnownIds::HashModulus()); id != kNoId) {
        return {id, kKnownTags[id].flags};
      }
      lower_.assign(key);
    } else {
      lower_.assign(name);
      for (char& c : lower_) c = ascii::ToLower(c);
    }
    if (auto found = other_names_.find(lower_); found != other_names_.end()) return {found->second, 0};
    if (other_names_.size() >= kMaxOtherNames) return {kOverflowId, 0};
    if (!intern) return {kNoId, 0};
    uint32_t id = kKnownTagCount + static_cast<uint32_t>(other_names_.size());
    other_names_.emplace(lower_, id);
    return {id, 0};
  }

  int32_t Top(uint32_t id) const { return top_[id]; }
  // The nearest element of the given field's kind below the current node (or -1).
  int32_t Nearest(int32_t OpenElement::*field) const { return stack_.empty() ? -1 : stack_.back().*field; }

  bool InForeignContent() const {
    int32_t foreign = Nearest(&OpenElement::foreign);
    return foreign >= 0 && (stack_[static_cast<size_t>(foreign)].flags & kForeign);
  }

  // Pops foreign elements until the current node is HTML or an integration point.
  void LeaveForeignContent() {
    while (InForeignContent()) PopTo(stack_.back().foreign);
  }

  // True when an open element at `index` is found before the search's boundary.
  static bool Found(int32_t index, int32_t boundary) { return index >= 0 && index >= boundary; }

  Start Open(Tag tag, std::string_view attributes) {
    Start result;
    if ((tag.flags & kFormatting) && formatting_count_ >= kMaxActiveFormatting) {
      ++dropped_formatting_[tag.id];
      result.keep = false;
      return result;
    }
    if (stack_.size() >= kMaxOpenElements) return Remove(tag);
    Push(tag);
    if (tag.flags & kFormatting) {
      stack_.back().serial = ++serial_;
      AddFormatting(tag.id, std::hash<std::string_view>{}(ascii::TrimHtmlSpace(attributes)), serial_);
    }
    if (tag.flags & kMarker) {
      stack_.back().formatting_mark = static_cast<uint32_t>(formatting_.size());
      formatting_.push_back({kNoId, 0, 0, false});
    }
    return result;
  }

  Start Remove(Tag tag) {
    if (!virtual_.empty() && (virtual_.back().id == tag.id || virtual_.size() >= kMaxVirtualRuns)) {
      ++virtual_.back().count;
    } else {
      virtual_.push_back({tag.id, 1});
    }
    Start result;
    result.keep = false;
    return result;
  }

  void Push(Tag tag) {
    const int32_t index = static_cast<int32_t>(stack_.size());
    auto nearest = [&](bool is, int32_t OpenElement::*field) { return is ? index : Nearest(field); };
    const uint32_t f = tag.flags;
    OpenElement element{};
    element.id = tag.id;
    element.flags = f;
    element.prev_same = top_[tag.id];
    element.special = nearest(f & kSpecial, &OpenElement::special);
    element.item_stop = nearest((f & kSpecial) && !(f & kNotItemStop), &OpenElement::item_stop);
    element.scope = nearest(f & kScope, &OpenElement::scope);
    element.list_scope = nearest(f & (kScope | kListScope), &OpenElement::list_scope);
    element.button_scope = nearest(f & (kScope | kButtonScope), &OpenElement::button_scope);
    element.table_scope = nearest(f & kTableScope, &OpenElement::table_scope);
    element.foreign = nearest(f & (kForeign | kIntegration), &OpenElement::foreign);
    stack_.push_back(element);
    top_[tag.id] = index;
  }

  void Pop() {
    const OpenElement& element = stack_.back();
    top_[element.id] = element.prev_same;
    if (element.flags & kMarker) ClearFormattingTo(element.formatting_mark);
    if (element.flags & kFormatting) LeaveActive(element);
    stack_.pop_back();
  }

  // A formatting element closed other than by its own end tag stays in the list of active
  // formatting elements; past kMaxDanglingFormatting such entries, its end tag is inserted.
  void LeaveActive(const OpenElement& element) {
    size_t dangling = 0;
    int32_t entry = -1;
    for (size_t k = formatting_.size(); k > 0; --k) {
      const FormattingEntry& candidate = formatting_[k - 1];
      if (candidate.id == kNoId) break;
      if (candidate.serial == element.serial) {
        entry = static_cast<int32_t>(k - 1);
      } else if (!candidate.open) {
        ++dangling;
      }
    }
    if (entry < 0) return;  // no longer active (Noah's Ark, a marker, its end tag)
    if (dangling < kMaxDanglingFormatting) {
      formatting_[static_cast<size_t>(entry)].open = false;
      return;
    }
    inserted_ += "</";
    inserted_ += kKnownTags[element.id].name;
    inserted_ += ">";
    EraseFormatting(entry);
  }

  // Pops the element at `index` and every element above it.
  void PopTo(int32_t index) {
    while (static_cast<int32_t>(stack_.size()) > index) Pop();
  }

  // Takes the element at `index` out of the stack, keeping the ones above it (the adoption
  // agency with a "furthest block", §13.2.6.4.7, net effect on the depth).
  void RemoveAt(int32_t index) {
    std::vector<OpenElement> above(stack_.begin() + index + 1, stack_.end());
    // No marker lies above a formatting element in scope (markers are scope boundaries), so
    // popping and pushing again leaves the list of active formatting elements as it is.
    while (static_cast<int32_t>(stack_.size()) > index) {
      top_[stack_.back().id] = stack_.back().prev_same;
      stack_.pop_back();
    }
    for (const OpenElement& element : above) {
      Push({element.id, element.flags});
      stack_.back().serial = element.serial;
    }
  }

  void ClearFormattingTo(size_t size) {
    for (size_t k = size; k < formatting_.size(); ++k) {
      if (formatting_[k].id != kNoId) --formatting_count_;
    }
    formatting_.resize(size);
  }

  // Index in formatting_ of the last entry for `id` after the last marker, or -1.
  int32_t LastFormatting(uint32_t id) const {
    for (size_t k = formatting_.size(); k > 0; --k) {
      if (formatting_[k - 1].id == kNoId) return -1;
      if (formatting_[k - 1].id == id) return static_cast<int32_t>(k - 1);
    }
    return -1;
  }

  void EraseFormatting(int32_t index) {
    formatting_.erase(formatting_.begin() + index);
    --formatting_count_;
  }

  // §13.2.4.3 "push onto the list of active formatting elements", with Noah's Ark: at most three
  // entries with the same name and attributes after the last marker. Attributes are compared as
  // written, a little stricter than the parser (which compares them as a set).
  void AddFormatting(uint32_t id, size_t attributes_hash, uint32_t serial) {
    int32_t earliest = -1;
    int same = 0;
    for (size_t k = formatting_.size(); k > 0; --k) {
      const FormattingEntry& entry = formatting_[k - 1];
      if (entry.id == kNoId) break;
      if (entry.id == id && entry.attributes_hash == attributes_hash) {
        ++same;
        earliest = static_cast<int32_t>(k - 1);
      }
    }
    if (same >= 3) EraseFormatting(earliest);
    formatting_.push_back({id, attributes_hash, serial, true});
    ++formatting_count_;
  }

  // The end tag of a formatting element (§13.2.6.4.7 "adoption agency algorithm"), as far as
  // depth goes: the element leaves the stack and the list, the elements above it stay open
  // when one of them is special (they are reparented), else they are closed with it.
  bool AdoptionAgency(Tag tag) {
    int32_t entry = LastFormatting(tag.id);
    if (entry < 0) return CloseAnyOther(tag);
    int32_t index = Top(tag.id);
    if (index < 0) {
      EraseFormatting(entry);
      return false;
    }
    if (!Found(index, Nearest(&OpenElement::scope))) return false;
    EraseFormatting(entry);
    if (Nearest(&OpenElement::special) > index) {
      RemoveAt(index);
    } else {
      PopTo(index);
    }
    return true;
  }

  bool CloseAnyOther(Tag tag) {
    int32_t index = Top(tag.id);
    if (!Found(index, Nearest(&OpenElement::special))) return false;
    PopTo(index);
    return true;
  }

  void CloseP() {
    int32_t index = Top(kIdP);
    if (Found(index, Nearest(&OpenElement::button_scope))) PopTo(index);
  }

  // Closes what the start tag `tag` implies (§13.2.6.4.7, §13.2.6.4.9-15). True when the tag
  // opens nothing itself.
  bool CloseImplied(Tag tag) {
    const uint32_t id = tag.id;
    if (id == kIdLi || id == kIdDd || id == kIdDt) {
      int32_t index = id == kIdLi ? Top(kIdLi) : std::max(Top(kIdDd), Top(kIdDt));
      if (Found(index, Nearest(&OpenElement::item_stop))) PopTo(index);
    }
    if (tag.flags & kClosesP) CloseP();
    if ((tag.flags & kHeading) && !stack_.empty() && (stack_.back().flags & kHeading)) Pop();
    const int32_t table_scope = Nearest(&OpenElement::table_scope);
    if (id == kIdTd || id == kIdTh) {
      int32_t index = std::max(Top(kIdTd), Top(kIdTh));
      if (Found(index, table_scope)) PopTo(index);
    } else if (id == kIdTr) {
      if (Found(Top(kIdTr), table_scope)) PopTo(Top(kIdTr));
    } else if (id == kIdTbody || id == kIdThead || id == kIdTfoot) {
      int32_t index = std::max({Top(kIdTbody), Top(kIdThead), Top(kIdTfoot)});
      if (Found(index, table_scope)) PopTo(index);
    } else if (id == kIdTable) {
      // "in table" insertion mode: a <table> that is not inside a cell ends the open table.
      if (!stack_.empty() && (stack_.back().flags & kTableContext) && Top(kIdTable) >= 0) PopTo(Top(kIdTable));
    } else if (id == kIdOption || id == kIdOptgroup) {
      if (!stack_.empty() && stack_.back().id == kIdOption) Pop();
      if (id == kIdOptgroup && !stack_.empty() && stack_.back().id == kIdOptgroup) Pop();
    } else if (tag.flags & kRuby) {
      if (Found(Top(kIdRuby), Nearest(&OpenElement::scope))) {
        while (!stack_.empty() && (stack_.back().flags & kRuby) &&
               !((id == kIdRp || id == kIdRt) && stack_.back().id == kIdRtc)) {
          Pop();
        }
      }
    } else if (id == kIdButton) {
      if (Found(Top(kIdButton), Nearest(&OpenElement::scope))) PopTo(Top(kIdButton));
    } else if (id == kIdA) {
      if (LastFormatting(kIdA) >= 0) AdoptionAgency(tag);
    } else if (id == kIdNobr) {
      if (Found(Top(kIdNobr), Nearest(&OpenElement::scope))) AdoptionAgency(tag);
    } else if (id == kIdSelect) {
      // A <select> inside a <select> acts as its end tag.
      if (Top(kIdSelect) >= 0) {
        PopTo(Top(kIdSelect));
        return true;
      }
    } else if (id == kIdForm) {
      if (Top(kIdForm) >= 0) return true;  // a nested <form> is ignored by the parser
    }
    return false;
  }

  // Applies an end tag to the stack. True when it closed something.
  bool Close(Tag tag) {
    if (stack_.empty()) return false;
    const uint32_t id = tag.id;
    if (tag.flags & kVoid) return false;  // "</br>" is a <br>; other void end tags are ignored
    if (tag.flags & kFormatting) return AdoptionAgency(tag);
    if (tag.flags & kHeading) {
      // Any of h1-h6 closes the innermost open heading.
      int32_t index = -1;
      for (uint32_t h = kIdH1; h < kIdH1 + 6; ++h) index = std::max(index, Top(h));
      if (!Found(index, Nearest(&OpenElement::scope))) return false;
      PopTo(index);
      return true;
    }
    int32_t boundary;
    if (id == kIdP) {
      boundary = Nearest(&OpenElement::button_scope);
    } else if (id == kIdLi) {
      boundary = Nearest(&OpenElement::list_scope);
    } else if (tag.flags & kTableScopedEnd) {
      boundary = Nearest(&OpenElement::table_scope);
    } else if (tag.flags & kSpecial) {
      boundary = Nearest(&OpenElement::scope);
    } else {
      return CloseAnyOther(tag);
    }
    int32_t index = Top(id);
    if (!Found(index, boundary)) return false;
    PopTo(index);
    return true;
  }

  std::vector<OpenElement> stack_;
  std::vector<int32_t> top_;  // per id: index of the innermost open element, or -1
  std::vector<FormattingEntry> formatting_;
  size_t formatting_count_ = 0;                                // entries of formatting_ that are not markers
  std::array<uint32_t, kKnownTagCount> dropped_formatting_{};  // removed formatting start tags
  std::vector<Run> virtual_;                                   // removed start tags, innermost last
  std::unordered_map<std::string, uint32_t> other_names_;
  std::string lower_;  // scratch: the lower-cased name being looked up
  std::string inserted_;
  uint32_t serial_ = 0;
};

// The opening of a CDATA section. In foreign content (<svg>, <math>) it opens a section of text
// up to "]]>" (HTML §13.2.5.42); Gumbo 0.10 aborts on an assertion (handle_in_table:
// "_text_node._buffer.length == 0") when such a section is read inside an HTML integration
// point (<foreignObject>, <desc>, <title>, <mi>, ...) in a table: "<table><svg><foreignObject>
// <![CDATA[ ]]>x" kills the process. Outside foreign content it is a bogus comment up to the
// first '>', exactly as "<?[CDATA[" is everywhere; so that is what the parser is given.
constexpr std::string_view kCdataOpen = "<![CDATA[";

// A start or end tag as BoundTreeShape reads it: the tokenizer's tag and attribute states
// (§13.2.5.8-13.2.5.40), counting attributes.
struct TagShape {
  size_t end = kNoEnd;  // past '>', or kNoEnd when the input ends inside the tag
  std::string_view name;
  size_t attributes_begin = 0;  // just past the name
  bool self_closing = false;
  size_t attributes = 0;  // including one cut off by the end of the input
  // [excess_begin, excess_end): the attributes past kMaxAttributes, with the space before them.
  size_t excess_begin = kNoEnd;
  size_t excess_end = kNoEnd;
};

TagShape ScanTag(std::string_view html, size_t name_begin) {
  TagShape tag;
  TagReader reader(html, name_begin);
  tag.name = reader.name();
  tag.attributes_begin = reader.name_end();
  while (reader.Next()) {
    if (reader.attributes_started() <= kMaxAttributes) continue;
    // Never glue a '/' to the '>': "<x/ a>" must not become the self-closing "<x/>".
    if (reader.attributes_started() == kMaxAttributes + 1) tag.excess_begin = reader.RemovalBegin();
    tag.excess_end = reader.attribute().end;
  }
  tag.attributes = reader.attributes_started();
  tag.end = reader.end();
  tag.self_closing = reader.self_closing();
  return tag;
}

}  // namespace

std::optional<std::string> BoundTreeShape(std::string_view html) {
  const size_t n = html.size();
  std::string out;
  bool changed = false;
  size_t copied = 0;  // html[0, copied) is in `out` (or removed), once something changed
  auto drop = [&](size_t begin, size_t end) {
    if (!changed) {
      changed = true;
      out.reserve(n);
    }
    out.append(html.data() + copied, begin - copied);
    copied = end;
  };
  // End tags the model asks for, before the tag at `lt`.
  auto insert_end_tags = [&](TreeShape& model, size_t lt) {
    std::string& tags = model.inserted_end_tags();
    if (tags.empty()) return;
    drop(lt, lt);
    out += tags;
    tags.clear();
  };
  // The attributes past kMaxAttributes, or (cut off by the end of the input) the whole tag,
  // which the parser drops anyway (§13.2.5.32 "EOF in tag").
  auto drop_excess = [&](const TagShape& tag, size_t lt) {
    if (tag.end == kNoEnd) {
      if (tag.attributes > kMaxAttributes) drop(lt, n);
    } else if (tag.excess_begin != kNoEnd) {
      drop(tag.excess_begin, tag.excess_end);
    }
  };

  TreeShape shape;
  size_t i = 0;
  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) break;
    size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html.data());
    if (lt + 1 >= n) break;
    char next = html[lt + 1];
    if (next == '!' && html.substr(lt, 4) == "<!--") {
      size_t end = CommentEnd(html, lt, CommentEndRule::kDashDashGreaterOnly);
      if (end == kNoEnd) break;  // the rest is a comment
      i = end;
      continue;
    }
    bool end_tag = next == '/' && lt + 2 < n && ascii::IsAlpha(html[lt + 2]);
    if (next == '!' || next == '?' || (next == '/' && !end_tag)) {
      // <!DOCTYPE>, <![CDATA[...]]>, <?xml ...>, "</ x>": bogus comments up to '>' ("</>" too).
      // A CDATA section is written "<?[CDATA[": the bogus comment it already is outside
      // foreign content, and one inside it too, where Gumbo 0.10 would abort the process on
      // some (see kCdataOpen).
      if (html.substr(lt, kCdataOpen.size()) == kCdataOpen) {
        drop(lt, lt + 2);
        out += "<?";
      }
      size_t end = PastNextGreaterThan(html, lt);
      if (end == kNoEnd) break;
      i = end;
      continue;
    }
    if (end_tag) {
      TagShape tag = ScanTag(html, lt + 2);
      if (tag.end == kNoEnd) {
        drop_excess(tag, lt);
        break;
      }
      bool keep = shape.EndTag(tag.name);
      insert_end_tags(shape, lt);
      if (!keep) {
        drop(lt, tag.end);
      } else {
        drop_excess(tag, lt);
      }
      i = tag.end;
      continue;
    }
    if (!ascii::IsAlpha(next)) {
      i = lt + 1;  // a '<' in text
      continue;
    }
    TagShape tag = ScanTag(html, lt + 1);
    if (tag.end == kNoEnd) {
      drop_excess(tag, lt);
      break;
    }
    std::string_view attributes = html.substr(tag.attributes_begin, tag.end - 1 - tag.attributes_begin);
    TreeShape::Start start = shape.StartTag(tag.name, tag.self_closing, attributes);
    insert_end_tags(shape, lt);
    if (!start.keep) {
      drop(lt, tag.end);
      i = tag.end;
      continue;
    }
    drop_excess(tag, lt);
    i = tag.end;
    if (start.text_content) {
      const std::string lower_name = ascii::ToLower(tag.name);
      if (lower_name == "plaintext") break;
      // The end tag ends at its first '>', attributes unread (as StripNonText reads end tags).
      size_t end_tag_at = FindEndTag(html, i, lower_name);
      if (end_tag_at == kNoEnd) break;  // the rest is the element's text
      size_t end = PastNextGreaterThan(html, end_tag_at);
      if (end == kNoEnd) break;
      i = end;
    }
  }
  if (!changed) return std::nullopt;
  out.append(html.data() + copied, n - copied);
  return out;
}

}  // namespace pressoir::html

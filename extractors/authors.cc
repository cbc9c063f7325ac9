// Author lists (see authors.h).
#include "extractors/authors.h"

#include <algorithm>
#include <array>

#include "base/ascii.h"
#include "extractors/text_serializer.h"

namespace pressoir::authors {
namespace {

// A name has at most this many words and bytes; more is a sentence or a whole byline block.
constexpr size_t kMaxNameWords = 6;
constexpr size_t kMaxNameBytes = 80;
// "lesoir.be" is the site "Le Soir": a name equal to the site's but for this many trailing
// letters (the domain suffix, squeezed) is the site's name.
constexpr size_t kMaxDomainSuffix = 4;
// ... when the shorter one has at least this many letters ("Le" is not "Le Soir").
constexpr size_t kMinSiteNameChars = 4;

// Lead-ins that bylines put before the names (lower case, with their trailing space or colon).
constexpr std::array<std::string_view, 24> kLeadIns = {
    "written by ", "posted by ", "published by ", "publié par ", "publiée par ", "escrito por ", "texte : ", "texte: ",
    "text: ",      "texto: ",    "author: ",      "auteur : ",   "auteur: ",     "autor: ",      "by: ",     "by ",
    "par ",        "von ",       "por ",          "door ",       "di ",          "przez ",       "av ",      "da ",
};

// Words that join two names: "A and B", "A et B", "A und B", "A y B", ...
constexpr std::array<std::string_view, 13> kConjunctions = {"and", "et",  "und", "y",  "e",  "en", "i",
                                                            "og",  "och", "ve",  "ja", "és", "и"};

// Where a byline goes on after the names: "Jean Dupont le 7 juin", "Jane Doe | Updated ...".
constexpr std::array<std::string_view, 15> kNameEnders = {
    " le ",     " on ",        " am ",    " el ", " il ", " à ", " at ", " published",
    " updated", " mis à jour", " publié", " - ",  " – ",  " — ", "(",
};

// Names that are newsroom boilerplate, not people (lower case, whole name).
constexpr std::array<std::string_view, 22> kBoilerplate = {
    "rédaction", "la rédaction", "redaction", "la redaction", "redacción", "redação",       "redaktion", "redazione",
    "redactie",  "redakcja",     "staff",     "staff writer", "admin",     "administrator", "webmaster", "editor",
    "editors",   "the editors",  "newsroom",  "anonymous",    "unknown",   "guest",
};
// Name starts that mark boilerplate whatever follows ("Rédaction Le Soir", "Redacción EC").
constexpr std::array<std::string_view, 9> kBoilerplateStarts = {
    "rédaction ", "redaction ", "redacción ", "redação ", "redaktion ",
    "redazione ", "redactie ",  "redakcja ",  "staff ",
};

std::string Lower(std::string_view text) { return ascii::ToLower(text); }

std::string Trim(std::string_view text) {
  // ASCII marks byte by byte; multi-byte marks are compared whole.
  std::string value(text);
  bool changed = true;
  while (changed && !value.empty()) {
    changed = false;
    for (std::string_view mark : {"–", "—", "·", "•", "«", "»", "“", "”"}) {
      if (value.starts_with(mark)) {
        value.erase(0, mark.size());
        changed = true;
      }
      if (value.ends_with(mark)) {
        value.erase(value.size() - mark.size());
        changed = true;
      }
    }
    while (!value.empty() && std::string_view(" \t\n,;:|/&-*.\"'").find(value.front()) != std::string_view::npos) {
      value.erase(0, 1);
      changed = true;
    }
    // A final period stays after an initial ("John Q."): only runs of other marks go.
    while (!value.empty() && std::string_view(" \t\n,;:|/&-*\"'").find(value.back()) != std::string_view::npos) {
      value.pop_back();
      changed = true;
    }
  }
  return value;
}

std::string StripLeadIns(std::string name) {
  for (bool stripped = true; stripped;) {
    stripped = false;
    std::string lower = Lower(name);
    for (std::string_view lead_in : kLeadIns) {
      if (lower.starts_with(lead_in)) {
        name = Trim(std::string_view(name).substr(lead_in.size()));
        stripped = true;
        break;
      }
    }
  }
  return name;
}

// Cuts what follows the name on a byline: a date or time (the first digit), a connector word.
std::string CutAfterName(std::string name) {
  if (size_t digit = name.find_first_of("0123456789"); digit != std::string::npos) name.resize(digit);
  name = Trim(name);
  // Padded, so that a piece that is only a connector ("le" of "le 7 juin") or starts with a
  // keyword ("Updated June ...") is emptied; "Le Soir" keeps its article.
  std::string padded;
  padded.reserve(name.size() + 2);
  padded.push_back(' ');
  padded += Lower(name);
  padded.push_back(' ');
  size_t cut = name.size();
  for (std::string_view ender : kNameEnders) {
    size_t at = padded.find(ender);
    if (at == std::string::npos) continue;
    if (at > 0) {
      cut = std::min(cut, at - 1);
    } else if (ender.size() > 5 || padded.size() == ender.size()) {
      cut = 0;
    }
  }
  name.resize(cut);
  return Trim(name);
}

bool IsBoilerplate(const std::string& name) {
  std::string lower = Lower(name);
  if (std::find(kBoilerplate.begin(), kBoilerplate.end(), lower) != kBoilerplate.end()) return true;
  return std::any_of(kBoilerplateStarts.begin(), kBoilerplateStarts.end(),
                     [&](std::string_view start) { return lower.starts_with(start); });
}

bool IsName(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  if (name.find('@') != std::string::npos || name.find("://") != std::string::npos) return false;
  if (Lower(name).starts_with("www.")) return false;
  if (std::count(name.begin(), name.end(), ' ') + 1 > static_cast<long>(kMaxNameWords)) return false;
  bool has_letter = std::any_of(name.begin(), name.end(),
                                [](char c) { return ascii::IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80; });
  return has_letter && !IsBoilerplate(name);
}

// Splits at separator marks and at conjunctions standing as whole words.
std::vector<std::string> SplitPieces(const std::string& text) {
  std::vector<std::string> pieces;
  std::string current;
  size_t i = 0;
  auto flush = [&] {
    pieces.push_back(current);
    current.clear();
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == ',' || c == ';' || c == '|' || c == '&' || c == '/' || c == '\n') {
      flush();
      ++i;
      continue;
    }
    if (c == ' ') {
      size_t word_end = text.find(' ', i + 1);
      std::string_view word =
          std::string_view(text).substr(i + 1, (word_end == std::string::npos ? text.size() : word_end) - i - 1);
      if (word_end != std::string::npos &&
          std::find(kConjunctions.begin(), kConjunctions.end(), word) != kConjunctions.end()) {
        flush();
        i = word_end + 1;
        continue;
      }
    }
    current.push_back(c);
    ++i;
  }
  flush();
  return pieces;
}

void AddUnique(std::vector<std::string>& names, std::string name) {
  std::string lower = Lower(name);
  for (const std::string& existing : names) {
    if (Lower(existing) == lower) return;
  }
  names.push_back(std::move(name));
}

// Letters and digits only, lower case: "Le Soir" and "lesoir.be" compare as "lesoir"...
std::string Squeezed(std::string_view text) {
  std::string lower = Lower(text);
  if (lower.starts_with("www.")) lower.erase(0, 4);
  std::string squeezed;
  for (char c : lower) {
    if (ascii::IsAlnum(c) || static_cast<unsigned char>(c) >= 0x80) squeezed.push_back(c);
  }
  return squeezed;
}

bool IsSiteName(const std::string& name, std::string_view site_name) {
  if (site_name.empty()) return false;
  std::string a = Squeezed(name), b = Squeezed(site_name);
  if (a.empty() || b.empty()) return false;
  // "lesoir.be" against "Le Soir": one may carry the domain's suffix (at most 4 letters more).
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  if (a == b) return true;
  return shorter.size() >= kMinSiteNameChars && longer.starts_with(shorter) &&
         longer.size() - shorter.size() <= kMaxDomainSuffix;
}

}  // namespace

// `text` without its words that are e-mail addresses or URLs (split at '/' they would look
// like names).
std::string WithoutAddresses(std::string_view text) {
  std::string kept;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    bool address = word.find('@') != std::string_view::npos || word.find("://") != std::string_view::npos ||
                   ascii::StartsWithIgnoreCase(word, "www.");
    if (!address) {
      if (!kept.empty()) kept.push_back(' ');
      kept += word;
    }
    start = end + 1;
  }
  return kept;
}

std::vector<std::string> SplitAuthors(std::string_view raw) {
  std::vector<std::string> names;
  std::string text = StripLeadIns(Trim(WithoutAddresses(text::CollapseWhitespace(raw))));
  for (const std::string& piece : SplitPieces(text)) {
    std::string name = CutAfterName(StripLeadIns(Trim(piece)));
    if (IsName(name)) AddUnique(names, std::move(name));
  }
  return names;
}

std::vector<std::string> CleanAuthors(const std::vector<std::string>& raw, std::string_view site_name) {
  std::vector<std::string> names;
  for (const std::string& value : raw) {
    for (std::string& name : SplitAuthors(value)) AddUnique(names, std::move(name));
  }
  if (names.size() == 1 && IsSiteName(names.front(), site_name)) names.clear();
  return names;
}

}  // namespace pressoir::authors

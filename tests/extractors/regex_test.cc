// PCRE2-backed patterns of rule files.
#include "extractors/regex.h"

#include <catch2/catch.hpp>

using pressoir::regex::Regex;

TEST_CASE("patterns search anywhere in the subject", "[extractors]") {
  Regex regex = Regex::Compile("^Lire aussi\\s*:");
  CHECK(regex.Search("Lire aussi : la suite"));
  CHECK_FALSE(regex.Search("À lire aussi : la suite"));
  CHECK(Regex::Compile("/article/\\d+").Search("https://x.test/article/123?x"));
  CHECK(Regex::Compile("é").Search("café"));
  CHECK(Regex::Compile("ecoutez", true).Search("ÉCOUTEZ Ecoutez"));
}

// A syntax error is reported with its offset and the pattern.
TEST_CASE("bad patterns are reported", "[extractors]") {
  try {
    Regex::Compile("(unclosed");
    FAIL("no error");
  } catch (const pressoir::regex::RegexError& e) {
    CHECK(std::string(e.what()).find("'(unclosed'") != std::string::npos);
  }
}

// Catastrophic backtracking is bounded: the match gives up instead of hanging.
TEST_CASE("catastrophic patterns do not hang", "[extractors]") {
  Regex regex = Regex::Compile("(a+)+b");
  CHECK_FALSE(regex.Search(std::string(50000, 'a')));
  CHECK_FALSE(Regex::Compile("x").Search(std::string("\xff\xfe invalid utf-8")));
}

// `pressoir extract` on input that is not an HTML page (issue 13, item 10): binary data, a
// directory, an empty or missing file are an error for that file (one stderr line, exit 1, the
// other files still extracted); gzip-compressed pages are decompressed.
#define ZLIB_CONST
#include <zlib.h>

#include <catch2/catch.hpp>

#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "tests/support/run_command.h"

namespace {

using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

constexpr char kPage[] = R"(<!DOCTYPE html><html><head><meta charset="utf-8"><title>Un titre</title></head>
<body><article><h1>Un titre</h1>
<p>Le premier paragraphe de l'article raconte une histoire assez longue pour être retenue par
l'extracteur générique, avec plusieurs phrases et quelques détails.</p>
<p>Le second paragraphe poursuit le récit, lui aussi avec assez de mots pour compter comme du
texte d'article et non comme un menu ou un pied de page.</p></article></body></html>)";

// gzip (RFC 1952) of `text`.
std::string Gzip(std::string_view text) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out;
  std::array<unsigned char, 16 * 1024> buffer;
  stream.next_in = reinterpret_cast<const Bytef*>(text.data());
  stream.avail_in = static_cast<uInt>(text.size());
  int rc = Z_OK;
  do {
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    rc = deflate(&stream, Z_FINISH);
    out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - stream.avail_out);
  } while (rc != Z_STREAM_END);
  deflateEnd(&stream);
  return out;
}

// The start of a PNG file: signature, IHDR chunk, then bytes of image data.
std::string PngBytes() {
  static constexpr char kHeader[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06";
  std::string png(kHeader, sizeof kHeader - 1);
  for (int i = 0; i < 4000; ++i) png.push_back(static_cast<char>((i * 37 + 11) % 256));
  return png;
}

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

Run Extract(std::vector<std::string> args) {
  args.insert(args.begin(), "--generic");
  std::ostringstream out;
  std::ostringstream err;
  int code = pressoir::cli::RunExtractCommand(args, out, err);
  return {code, out.str(), err.str()};
}

size_t Lines(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

}  // namespace

TEST_CASE("extract refuses what is not a page, one stderr line and exit 1 each", "[cli]") {
  TempDir dir;
  const std::string binary = dir.path() + "/photo.html";
  WriteFile(binary, PngBytes());
  const std::string nul_page = dir.path() + "/nul.html";
  WriteFile(nul_page, std::string("<html\0<body>", 12));
  const std::string empty = dir.path() + "/empty.html";
  WriteFile(empty, "");
  const std::string directory = dir.path() + "/folder.html";
  std::filesystem::create_directory(directory);
  const std::string missing = dir.path() + "/missing.html";
  const std::string bad_gzip = dir.path() + "/cut.html.gz";
  const std::string gzipped = Gzip(kPage);
  WriteFile(bad_gzip, gzipped.substr(0, gzipped.size() / 2));

  struct Case {
    std::string path;
    std::string message;
  };
  const std::vector<Case> cases = {
      {binary, binary + ": binary data, not a page (control byte 0x1A at offset 6)"},
      {nul_page, nul_page + ": binary data, not a page (control byte 0x00 at offset 5)"},
      {empty, empty + ": empty file, not a page"},
      {directory, directory + ": is a directory, not a page"},
      {missing, missing + ": cannot read file: No such file or directory"},
      {bad_gzip, bad_gzip + ": gzip: truncated stream"},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    Run run = Extract({c.path});
    CHECK(run.code == 1);
    CHECK(run.out.empty());
    CHECK(run.err == "error: " + c.message + "\n");
  }
}

TEST_CASE("extract decompresses gzip pages, by their magic bytes", "[cli]") {
  TempDir dir;
  const std::string plain = dir.path() + "/page.html";
  WriteFile(plain, kPage);
  const std::string gz = dir.path() + "/page.html.gz";
  WriteFile(gz, Gzip(kPage));
  const std::string unnamed = dir.path() + "/page.saved";  // gzip data under another name
  WriteFile(unnamed, Gzip(kPage));

  Run expected = Extract({plain});
  REQUIRE(expected.code == 0);
  REQUIRE(expected.out.find("Le premier paragraphe") != std::string::npos);
  for (const std::string& path : {gz, unnamed}) {
    INFO(path);
    Run run = Extract({path});
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    CHECK(run.out == expected.out);
  }
}

// Some real pages have a stray NUL far into the page (two of the extraction benchmark's); the
// parser drops it. Only the start of a file tells binary data from a page.
TEST_CASE("extract reads pages with a stray NUL past their start", "[cli]") {
  TempDir dir;
  std::string page = kPage;
  page.insert(page.find("</article>"), std::string(9000, ' ') + std::string(1, '\0'));
  REQUIRE(page.find('\0') > 8000);
  const std::string path = dir.path() + "/stray.html";
  WriteFile(path, page);
  Run run = Extract({path});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("Le second paragraphe") != std::string::npos);
}

// UTF-16 pages are mostly NUL bytes before decoding: they are pages.
TEST_CASE("extract reads UTF-16 pages despite their NUL bytes", "[cli]") {
  TempDir dir;
  std::string utf16 = "\xff\xfe";  // BOM, little-endian
  for (char c : std::string("<html><body><p>Bonjour le monde, ceci est un texte.</p></body></html>")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const std::string path = dir.path() + "/utf16.html";
  WriteFile(path, utf16);
  Run run = Extract({path});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("Bonjour le monde") != std::string::npos);
}

TEST_CASE("extract --out goes on past files that are not pages", "[cli]") {
  TempDir dir;
  const std::string good = dir.path() + "/good.html";
  WriteFile(good, kPage);
  const std::string gz = dir.path() + "/zipped.html.gz";
  WriteFile(gz, Gzip(kPage));
  const std::string binary = dir.path() + "/binary.html";
  WriteFile(binary, PngBytes());
  const std::string empty = dir.path() + "/empty.html";
  WriteFile(empty, "");
  const std::string directory = dir.path() + "/folder";
  std::filesystem::create_directory(directory);
  const std::string out_dir = dir.path() + "/out";

  Run run = Extract({"--out", out_dir, "--jobs", "2", good, binary, directory, gz, empty});
  CHECK(run.code == 1);
  CHECK(Lines(run.err) == 3);
  CHECK(run.err.find(binary + ": binary data") != std::string::npos);
  CHECK(run.err.find(directory + ": is a directory") != std::string::npos);
  CHECK(run.err.find(empty + ": empty file") != std::string::npos);
  const std::string text = ReadFileOrEmpty(out_dir + "/good.txt");
  CHECK(text.find("Le premier paragraphe") != std::string::npos);
  CHECK(ReadFileOrEmpty(out_dir + "/zipped.txt") == text);
  CHECK_FALSE(std::filesystem::exists(out_dir + "/binary.txt"));
  CHECK_FALSE(std::filesystem::exists(out_dir + "/empty.txt"));
}

// --explain names the page's type and the body's confidence, with their evidence (issue 14).
TEST_CASE("extract --explain prints the page type and the confidence", "[cli][page_type]") {
  TempDir dir;
  const std::string page = dir.path() + "/page.html";
  WriteFile(page, kPage);
  Run run = Extract({"--explain", page});
  REQUIRE(run.code == 0);
  CHECK(run.out.find("\npage type: article\n") != std::string::npos);
  CHECK(run.out.find("\nlisting score ") != std::string::npos);
  CHECK(run.out.find("\nconfidence: 0.") != std::string::npos);
  CHECK(run.out.find("\npage_type: article, confidence: 0.") != std::string::npos);
}

// --format jsonl (issue 15, item 1): one JSON object per FILE and line, in FILE order, on stdout
// (several FILEs without --out) or in DIR/<stem>.json; --explain goes to stderr then.
TEST_CASE("extract --format jsonl writes one record per file", "[cli]") {
  TempDir dir;
  const std::string dated = dir.path() + "/dated.html";
  const std::string plain = dir.path() + "/plain.html";
  WriteFile(dated,
            std::string(kPage).replace(std::string(kPage).find("<title>"), 0,
                                       R"(<meta property="article:published_time" content="2020-06-07T10:12:00+02:00">)"
                                       R"(<meta name="author" content="Par Jean Dupont et Marie Martin">)"));
  WriteFile(plain, kPage);
  Run run = Extract({"--format", "jsonl", "--jobs", "2", dated, plain});
  REQUIRE(run.code == 0);
  REQUIRE(Lines(run.out) == 2);
  std::istringstream lines(run.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  nlohmann::json a = nlohmann::json::parse(first), b = nlohmann::json::parse(second);
  CHECK(a["file"] == dated);
  CHECK(b["file"] == plain);
  CHECK(a["date"] == "2020-06-07T10:12:00+02:00");
  CHECK(a["authors"] == nlohmann::json::array({"Jean Dupont", "Marie Martin"}));
  CHECK(a["title"] == "Un titre");
  CHECK(a["extractor"] == "generic:main");
  CHECK(a["text"].get<std::string>().rfind("Le premier paragraphe", 0) == 0);  // the body, without the title
  CHECK(b["date"].is_null());
  CHECK(b["page_type"] == "article");
  CHECK(b["confidence"].is_number());

  Run to_dir = Extract({"--format", "jsonl", "--out", dir.path() + "/out", dated});
  REQUIRE(to_dir.code == 0);
  CHECK(nlohmann::json::parse(ReadFileOrEmpty(dir.path() + "/out/dated.json"))["date"] == "2020-06-07T10:12:00+02:00");

  Run explained = Extract({"--format", "jsonl", "--explain", dated});
  REQUIRE(explained.code == 0);
  CHECK(Lines(explained.out) == 1);
  CHECK(explained.err.find(dated + ": metadata: date = 2020-06-07T10:12:00+02:00 from meta article:published_time") !=
        std::string::npos);

  Run bad = Extract({"--format", "xml", dated});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--format: 'xml' is not txt or jsonl") != std::string::npos);
  CHECK(Extract({dated, plain}).code == 2);  // txt to stdout stays one FILE
}

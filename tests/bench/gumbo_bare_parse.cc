// Baseline for the extraction benchmark: how fast bare Gumbo parses the same pages.
//
// Usage: gumbo_bare_parse [--repeat N] FILE...
// Reads every file into memory first, then times gumbo_parse_with_options +
// gumbo_destroy_output only (no DOM conversion, no extraction), with the same options the
// adapter uses (max_errors = 0), and prints one line:
//   gumbo_bare_parse files 871 bytes 47123456 seconds 3.210 MB/s 14.68
// MB = 10^6 bytes, as in extraction-bench/README.md. scripts/bench-extract.sh parses the line.
// Exit codes: 0 success, 1 bad usage, 2 a file could not be read.
#include <gumbo.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool ReadFile(const char* path, std::string& contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 1;
  std::vector<std::string> pages;
  size_t total_bytes = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
      if (repeat < 1) repeat = 1;
      continue;
    }
    std::string contents;
    if (!ReadFile(argv[i], contents)) {
      std::fprintf(stderr, "error: cannot read %s\n", argv[i]);
      return 2;
    }
    total_bytes += contents.size();
    pages.push_back(std::move(contents));
  }
  if (pages.empty()) {
    std::fprintf(stderr, "usage: gumbo_bare_parse [--repeat N] FILE...\n");
    return 1;
  }

  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // as extractors/html_parser.cc: errors are not recorded
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& page : pages) {
      GumboOutput* output = gumbo_parse_with_options(&options, page.data(), page.size());
      gumbo_destroy_output(&options, output);
    }
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  double seconds = elapsed.count();
  double bytes = static_cast<double>(total_bytes) * repeat;
  std::printf("gumbo_bare_parse files %zu bytes %.0f seconds %.3f MB/s %.2f\n", pages.size(), bytes, seconds,
              seconds > 0 ? bytes / 1e6 / seconds : 0.0);
  return 0;
}

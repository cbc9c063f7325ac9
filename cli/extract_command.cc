// `pressoir extract`: runs the extraction cascade on saved pages, in parallel across cores.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "base/gzip.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/html_parser.h"
#include "extractors/metadata.h"

namespace pressoir::cli {

constexpr char kExtractUsage[] =
    "usage: pressoir extract [--sites DIR] [--site NAME | --generic] [--url URL] [--out DIR]\n"
    "                        [--body-only] [--explain] [--jobs N] FILE...\n"
    "       pressoir extract --warc FILE.warc.gz... [--format txt|jsonl] [--out DIR] (see --warc --help)\n"
    "\n"
    "Extracts the article text of saved HTML pages. With one FILE and no --out, prints the\n"
    "text (title, blank line, body paragraphs); with --out, writes DIR/<stem>.txt per FILE.\n"
    "A gzip-compressed FILE (page.html.gz) is decompressed. A FILE that is not a page (a\n"
    "directory, an empty or unreadable file, binary data) is an error for that FILE: one\n"
    "line on stderr, the other FILEs are still extracted, and the exit code is 1.\n"
    "\n"
    "  --sites DIR   rule files (default: sites)\n"
    "  --site NAME   use this rule; default: the rule of the page's URL (--url, else the\n"
    "                page's <link rel=canonical> or og:url)\n"
    "  --generic     ignore rules: generic extraction only\n"
    "  --url URL     the page's URL, for choosing the rule\n"
    "  --out DIR     write one .txt per FILE into DIR\n"
    "  --body-only   leave the title out\n"
    "  --explain     print which rule and selector matched and why each block was removed\n"
    "  --jobs N      files extracted in parallel (default: one per core)\n"
    "\n"
    "Exit codes: 0 success, 1 some file could not be read, was not a page, or could not be\n"
    "written, 2 usage error.\n";

namespace {

// A gzip-compressed page may inflate to at most this much: a page is well below it (the crawler
// stores none above its 10 MiB max_body_bytes by default), and a gzip bomb stops there.
constexpr size_t kMaxInflatedPageBytes = size_t{256} << 20;

// How much of a file is looked at for binary data: git's window for the same question (its
// buffer_is_binary reads the first 8000 bytes). Images, archives and PDFs have control bytes in
// their first few hundred bytes; some real pages have a stray NUL much further on (two of the
// 871 extraction-benchmark pages, at 25 KB and 36 KB), which the HTML parser drops.
constexpr size_t kBinarySniffBytes = 8000;

// WHATWG MIME Sniffing §7.2 "binary data byte": control characters that text never holds
// (tab, line feed, form feed, carriage return and escape are not among them).
bool IsBinaryDataByte(unsigned char c) {
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
}

// The offset of the first binary data byte in the start of `page`, or npos. A page that starts
// with a UTF-16 or UTF-8 byte order mark is text (UTF-16 is mostly NUL bytes), as in the
// sniffing standard; UTF-16 without a BOM reads as binary.
size_t FirstBinaryByte(std::string_view page) {
  if (page.starts_with("\xFF\xFE") || page.starts_with("\xFE\xFF") || page.starts_with("\xEF\xBB\xBF")) {
    return std::string_view::npos;
  }
  const std::string_view start = page.substr(0, kBinarySniffBytes);
  for (size_t i = 0; i < start.size(); ++i) {
    if (IsBinaryDataByte(static_cast<unsigned char>(start[i]))) return i;
  }
  return std::string_view::npos;
}

// Reads the page saved at `path`, decompressed when it is gzip data (magic bytes 1f 8b, which
// .html.gz files have). Returns false with a message in `error` (one line, after "PATH: ") for
// what cannot be a page: a directory, an unreadable or empty file, corrupt or truncated gzip,
// binary data (FirstBinaryByte).
bool ReadPage(const std::string& path, std::string& contents, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "is a directory, not a page";
    return false;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot read file: ") + (errno != 0 ? std::strerror(errno) : "open failed");
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read file: read error";
    return false;
  }
  contents = buffer.str();
  if (contents.empty()) {
    error = "empty file, not a page";
    return false;
  }
  if (gzip::HasGzipMagic(contents)) {
    gzip::Inflated inflated = gzip::Gunzip(contents, kMaxInflatedPageBytes);
    if (!inflated.error.empty()) {  // a truncated page is not extracted as if it were whole
      error = inflated.error;
      return false;
    }
    contents = std::move(inflated.data);
    if (contents.empty()) {
      error = "empty page (gzip data that inflates to nothing)";
      return false;
    }
  }
  if (size_t binary = FirstBinaryByte(contents); binary != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(contents[binary])));
    error = "binary data, not a page (control byte " + std::string(byte) + " at offset " + std::to_string(binary) + ")";
    return false;
  }
  return true;
}

struct ExtractJob {
  const std::vector<rules::SiteRules>* all_rules = nullptr;
  const rules::SiteRules* forced = nullptr;  // --site
  bool generic = false;
  std::string url;
  bool body_only = false;
  bool explain = false;
};

const rules::SiteRules* ChooseRules(const ExtractJob& job, const std::string& utf8) {
  if (job.generic) return nullptr;
  if (job.forced != nullptr) return job.forced;
  std::string page_url = job.url;
  if (page_url.empty()) page_url = metadata::ExtractMetadata(html::ParseHtml(utf8)).canonical_url;
  if (page_url.empty()) return nullptr;
  return rules::FindRulesForHost(*job.all_rules, url::Host(page_url));
}

// Returns the text to write, or an error message in `error`.
std::string ExtractFile(const ExtractJob& job, const std::string& path, std::string& error) {
  std::string bytes;
  if (!ReadPage(path, bytes, error)) {
    error = path + ": " + error;
    return "";
  }
  charset::DecodedText decoded = charset::DecodeToUtf8(bytes, "");
  const rules::SiteRules* chosen = ChooseRules(job, decoded.utf8);
  extract::ExtractOptions options;
  options.explain = job.explain;
  extract::Article article = extract::Extract(decoded.utf8, chosen, options);
  std::string text = article.Text(!job.body_only);
  if (!job.explain) return text;
  std::string explained = "charset: " + decoded.charset + " (" + decoded.evidence + ")\n";
  for (const std::string& line : article.explain) explained += line + "\n";
  explained += std::string("extractor: ") + extract::ExtractorName(article.extractor) +
               (article.matched_selector.empty() ? "" : " '" + article.matched_selector + "'") + "\n";
  explained += "----\n";
  return explained + text;
}

}  // namespace

int RunExtractCommand(const Args& args, std::ostream& out, std::ostream& err) {
  // WARC input has its own options and output (extract_warc.cc).
  if (std::find(args.begin(), args.end(), "--warc") != args.end()) return RunExtractWarc(args, out, err);
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--sites", "--site", "--url", "--out", "--jobs"},
                       {"--help", "--generic", "--body-only", "--explain"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kExtractUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help")) {
    out << kExtractUsage;
    return kExitOk;
  }
  const std::vector<std::string>& files = parsed.positional;
  std::string out_dir = parsed.Value("--out");
  if (files.empty()) {
    err << "error: no FILE given\n" << kExtractUsage;
    return kExitUsage;
  }
  if (out_dir.empty() && files.size() > 1) {
    err << "error: several FILEs need --out DIR\n";
    return kExitUsage;
  }
  if (parsed.Has("--generic") && parsed.values.count("--site")) {
    err << "error: --site and --generic exclude each other\n";
    return kExitUsage;
  }

  ExtractJob job;
  std::vector<rules::SiteRules> all_rules;
  if (!parsed.Has("--generic")) {
    std::string sites_dir = parsed.Value("--sites", "sites");
    bool sites_given = parsed.values.count("--sites") > 0;
    if (sites_given || std::filesystem::is_directory(sites_dir)) {
      config::SiteRulesLoad load = config::LoadSiteRulesDirectory(sites_dir);
      if (!load.errors.empty()) {
        for (const std::string& error : load.errors) err << "error: " << error << "\n";
        return kExitUsage;
      }
      all_rules = std::move(load.rules);
    }
    if (parsed.values.count("--site")) {
      std::string name = parsed.Value("--site");
      for (const rules::SiteRules& rules : all_rules) {
        if (rules.name == name) job.forced = &rules;
      }
      if (job.forced == nullptr) {
        err << "error: no rule named '" << name << "' in " << sites_dir << "\n";
        return kExitUsage;
      }
    }
  }
  job.all_rules = &all_rules;
  job.generic = parsed.Has("--generic");
  job.url = parsed.Value("--url");
  job.body_only = parsed.Has("--body-only");
  job.explain = parsed.Has("--explain");

  if (out_dir.empty()) {
    std::string error;
    std::string text = ExtractFile(job, files.front(), error);
    if (!error.empty()) {
      err << "error: " << error << "\n";
      return kExitSomeFailed;
    }
    out << text << "\n";
    return kExitOk;
  }

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    err << "error: " << out_dir << ": cannot create directory: " << ec.message() << "\n";
    return kExitUsage;
  }
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (parsed.values.count("--jobs")) {
    try {
      jobs = std::clamp(std::stoi(parsed.Value("--jobs")), 1, 256);
    } catch (const std::exception&) {
      err << "error: --jobs needs a whole number\n";
      return kExitUsage;
    }
  }
  std::atomic<size_t> next{0};
  std::atomic<int> failed{0};
  std::mutex err_mutex;
  auto worker = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      std::string error;
      std::string text = ExtractFile(job, files[i], error);
      std::filesystem::path name = std::filesystem::path(files[i]).filename();
      if (name.extension() == ".gz") name = name.stem();  // page.html.gz -> page.txt
      std::filesystem::path target = std::filesystem::path(out_dir) / (name.stem().string() + ".txt");
      if (error.empty()) {
        std::ofstream output(target, std::ios::binary | std::ios::trunc);
        output << text << "\n";
        if (!output) error = target.string() + ": cannot write";
      }
      if (!error.empty()) {
        failed++;
        std::lock_guard<std::mutex> lock(err_mutex);
        err << "error: " << error << "\n";
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  return failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

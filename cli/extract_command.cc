// `pressoir extract`: runs the extraction cascade on saved pages, in parallel across cores.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "base/gzip.h"
#include "cli/args.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/html_parser.h"
#include "extractors/metadata.h"
#include "extractors/page_preview.h"
#include "extractors/page_type.h"
#include "extractors/selector_report.h"
#include "store/output_format.h"

namespace pressoir::cli {

constexpr char kExtractUsage[] =
    "usage: pressoir extract [--sites DIR] [--site NAME | --generic] [--url URL] [--out DIR]\n"
    "                        [--format txt|jsonl] [--body-only] [--explain] [--jobs N] FILE...\n"
    "       pressoir extract --explain --html OUT.html [--sites DIR] [--site NAME | --generic]\n"
    "                        [--url URL] FILE\n"
    "       pressoir extract --warc FILE.warc.gz... [--format txt|jsonl] [--out DIR] (see --warc --help)\n"
    "\n"
    "Extracts the article text of saved HTML pages. With one FILE and no --out, prints the\n"
    "text (title, blank line, body paragraphs); with --out, writes DIR/<stem>.txt per FILE.\n"
    "--format jsonl prints one JSON object per FILE and line instead (file, url,\n"
    "canonical_url, title, date, date_modified, authors, language, language_source,\n"
    "page_type, confidence, extractor, text; unknown values are null), in FILE order, or\n"
    "writes DIR/<stem>.json per FILE with --out.\n"
    "A gzip-compressed FILE (page.html.gz) is decompressed. A FILE that is not a page (a\n"
    "directory, an empty or unreadable file, binary data) is an error for that FILE: one\n"
    "line on stderr, the other FILEs are still extracted, and the exit code is 1.\n"
    "\n"
    "  --sites DIR   rule files (default: sites)\n"
    "  --site NAME   use this rule; default: the rule of the page's URL (--url, else the\n"
    "                page's <link rel=canonical> or og:url)\n"
    "  --generic     ignore rules: generic extraction only\n"
    "  --url URL     the page's URL, for choosing the rule (and a date in its path, a weak\n"
    "                cue of the page's type)\n"
    "  --out DIR     write one .txt (or .json) per FILE into DIR\n"
    "  --format F    txt (default) or jsonl\n"
    "  --body-only   leave the title out (txt)\n"
    "  --explain     print which rule and selector matched, why each block was removed, and\n"
    "                where each metadata value came from, the page's type and confidence\n"
    "                with their evidence (with jsonl: on stderr)\n"
    "  --jobs N      files extracted in parallel (default: one per core)\n"
    "  --html OUT    with one FILE: write a preview, one self-contained HTML file: the page as\n"
    "                it looks (scripts removed, nothing loaded from the network) with the body,\n"
    "                the kept blocks, each removed block (and the selector or heuristic that\n"
    "                removed it), the lede, title, date and author marked, and a side panel\n"
    "                with the extracted text, the metadata and the rule's selectors\n"
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
  // Read straight into `contents` (no stringstream and copy of it: the page is read once).
  contents.clear();
  if (std::uintmax_t size = std::filesystem::file_size(path, ec); !ec && size < kMaxInflatedPageBytes) {
    contents.reserve(static_cast<size_t>(size));
  }
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) contents.append(chunk, static_cast<size_t>(in.gcount()));
  if (in.bad()) {
    error = "cannot read file: read error";
    return false;
  }
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
  bool jsonl = false;
  std::time_t now = 0;  // the reference time for dates: a saved page was fetched before now
};

const rules::SiteRules* ChooseRules(const ExtractJob& job, const std::string& utf8) {
  if (job.generic) return nullptr;
  if (job.forced != nullptr) return job.forced;
  std::string page_url = job.url;
  if (page_url.empty()) page_url = metadata::ExtractMetadata(html::ParseHtml(utf8)).canonical_url;
  if (page_url.empty()) return nullptr;
  return rules::FindRulesForHost(*job.all_rules, url::Host(page_url));
}

// The jsonl record of an extracted page (store/output_format.h: the schema shared with the
// manifest and `dump --format jsonl`).
std::string JsonlRecord(const ExtractJob& job, const std::string& path, const extract::Article& article) {
  const metadata::Metadata& metadata = article.metadata;
  corpus::ArticleFields fields;
  fields.url = job.url;
  fields.canonical_url = metadata.canonical_url;
  if (!fields.canonical_url.empty() && !job.url.empty()) {
    fields.canonical_url = url::Resolve(job.url, fields.canonical_url).value_or(fields.canonical_url);
  }
  fields.title = metadata.title;
  fields.date = metadata.date;
  fields.date_modified = metadata.date_modified;
  fields.authors = metadata.authors;
  fields.language = metadata.language;
  fields.language_source = metadata.language_source;
  fields.page_type = page_type::PageTypeName(article.page_type);
  // Two decimals, as in the manifest: the figure is a judgement, not a measurement.
  fields.confidence = std::round(std::clamp(article.confidence, 0.0, 1.0) * 100) / 100;
  fields.extractor = extract::ExtractorName(article.extractor);
  return corpus::ExtractRecord(path, fields, article.Text(/*include_title=*/false));
}

// The --explain text of an extracted page, one decision per line.
std::string Explanation(const charset::DecodedText& decoded, const extract::Article& article) {
  std::string explained = "charset: " + decoded.charset + " (" + decoded.evidence + ")\n";
  for (const std::string& line : article.explain) explained += line + "\n";
  explained += std::string("extractor: ") + extract::ExtractorName(article.extractor) +
               (article.matched_selector.empty() ? "" : " '" + article.matched_selector + "'") + "\n";
  char confidence[16];
  std::snprintf(confidence, sizeof confidence, "%.2f", article.confidence);
  explained +=
      std::string("page_type: ") + page_type::PageTypeName(article.page_type) + ", confidence: " + confidence + "\n";
  return explained;
}

// A value of the jsonl record as the preview's panel shows it: strings as they are, lists
// joined with "; ", null as null.
std::string FieldText(const nlohmann::ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const nlohmann::ordered_json& item : value) joined += (joined.empty() ? "" : "; ") + FieldText(item);
    return joined;
  }
  return value.dump();
}

// `extract --html`: writes the preview of the page at `path` to `out_path` (page_preview.h).
// Returns the exit code; messages name the file.
int WritePreview(const ExtractJob& job, const std::string& path, const std::string& out_path, std::ostream& out,
                 std::ostream& err) {
  std::string bytes;
  std::string error;
  if (!ReadPage(path, bytes, error)) {
    err << "error: " << path << ": " << error << "\n";
    return kExitSomeFailed;
  }
  charset::DecodedText decoded = charset::DecodeToUtf8(bytes, "");
  const rules::SiteRules* chosen = ChooseRules(job, decoded.utf8);
  extract::ExtractOptions options;
  options.explain = true;
  options.fetch_time = job.now;
  options.page_url = job.url;
  // What `extract` gives for the page, and the same extraction on the numbered page, whose
  // decisions name the elements the marks go on.
  extract::Article article = extract::Extract(decoded.utf8, chosen, options);
  std::string numbered = preview::NumberElements(decoded.utf8);
  options.node_id_attribute = preview::kNodeIdAttribute;
  extract::Article marked = extract::Extract(numbered, chosen, options);

  preview::PreviewInfo info;
  info.file = path;
  if (chosen != nullptr) info.rule = chosen->name + " (" + chosen->file + ")";
  nlohmann::ordered_json record = nlohmann::ordered_json::parse(JsonlRecord(job, path, article));
  for (const auto& [name, value] : record.items()) {
    if (name != "text") info.fields.emplace_back(name, FieldText(value));
  }
  for (const metadata::Provenance& provenance : article.metadata.sources) {
    info.fields.emplace_back(provenance.field + " from", provenance.source);
  }
  info.text = article.Text(/*include_title=*/true);
  std::istringstream lines(Explanation(decoded, article));
  for (std::string line; std::getline(lines, line);) info.explain.push_back(line);
  if (chosen != nullptr) {
    dom::Document document = extract::ParseForRules(decoded.utf8, chosen);
    info.selectors = selector_report::Report(*chosen, {&document});
  }
  info.faithful = marked.Text() == article.Text();
  std::string html = preview::Render(numbered, marked.decisions, info);

  std::ofstream file(out_path, std::ios::binary | std::ios::trunc);
  file << html;
  file.close();
  if (!file) {
    err << "error: " << out_path << ": cannot write\n";
    return kExitSomeFailed;
  }
  out << out_path << ": preview of " << path << " (" << (chosen ? "rule " + chosen->name : std::string("no rule"))
      << ", " << extract::ExtractorName(article.extractor) << ", " << marked.decisions.size() << " marks)\n";
  if (!info.faithful) {
    err << "warning: " << path << ": the numbered page gave another text; the marks may be off\n";
  }
  return kExitOk;
}

// What a FILE gave: its output (text or jsonl record) and, with --explain in jsonl mode, the
// explanation for stderr.
struct FileOutput {
  std::string output;
  std::string explanation;
};

// Returns the output to write, or an error message in `error`.
FileOutput ExtractFile(const ExtractJob& job, const std::string& path, std::string& error) {
  std::string bytes;
  if (!ReadPage(path, bytes, error)) {
    error = path + ": " + error;
    return {};
  }
  charset::DecodedText decoded = charset::DecodeToUtf8(bytes, "");
  const rules::SiteRules* chosen = ChooseRules(job, decoded.utf8);
  extract::ExtractOptions options;
  options.explain = job.explain;
  options.fetch_time = job.now;
  options.page_url = job.url;
  extract::Article article = extract::Extract(decoded.utf8, chosen, options);
  FileOutput result;
  result.output = job.jsonl ? JsonlRecord(job, path, article) : article.Text(!job.body_only) + "\n";
  if (!job.explain) return result;
  std::string explained = Explanation(decoded, article);
  if (job.jsonl) {
    // stdout stays one JSON object per line; the explanation goes to stderr, named.
    std::string named;
    std::istringstream lines(explained);
    for (std::string line; std::getline(lines, line);) named += path + ": " + line + "\n";
    result.explanation = std::move(named);
    return result;
  }
  result.output = explained + "----\n" + result.output;
  return result;
}

}  // namespace

int RunExtractCommand(const Args& args, std::ostream& out, std::ostream& err) {
  // WARC input has its own options and output (extract_warc.cc).
  if (std::find(args.begin(), args.end(), "--warc") != args.end()) return RunExtractWarc(args, out, err);
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--sites", "--site", "--url", "--out", "--jobs", "--format", "--html"},
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
  std::optional<corpus::OutputFormat> format = FormatOption(parsed, err);
  if (!format) return kExitUsage;
  const bool jsonl = *format == corpus::OutputFormat::kJsonl;
  if (out_dir.empty() && files.size() > 1 && !jsonl) {
    err << "error: several FILEs need --out DIR (or --format jsonl)\n";
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
  job.jsonl = jsonl;
  job.now = std::time(nullptr);

  if (parsed.values.count("--html")) {
    if (files.size() != 1 || !out_dir.empty() || jsonl) {
      err << "error: --html takes one FILE, without --out or --format jsonl\n" << kExtractUsage;
      return kExitUsage;
    }
    return WritePreview(job, files[0], parsed.Value("--html"), out, err);
  }

  if (!out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) {
      err << "error: " << out_dir << ": cannot create directory: " << ec.message() << "\n";
      return kExitUsage;
    }
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
  std::mutex output_mutex;  // guards `out`, `err` and the ordered-output state below
  // Without --out, outputs go to stdout in FILE order: a finished FILE waits in `ready` until
  // every FILE before it is printed, so only the files extracted out of order are held.
  std::vector<std::optional<std::string>> ready(out_dir.empty() ? files.size() : 0);
  size_t next_to_print = 0;
  auto worker = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      std::string error;
      FileOutput result = ExtractFile(job, files[i], error);
      if (error.empty() && !out_dir.empty()) {
        std::filesystem::path name = std::filesystem::path(files[i]).filename();
        if (name.extension() == ".gz") name = name.stem();  // page.html.gz -> page.txt
        std::filesystem::path target =
            std::filesystem::path(out_dir) / (name.stem().string() + (jsonl ? ".json" : ".txt"));
        std::ofstream output(target, std::ios::binary | std::ios::trunc);
        output << result.output;
        if (!output) error = target.string() + ": cannot write";
      }
      std::lock_guard<std::mutex> lock(output_mutex);
      if (!result.explanation.empty()) err << result.explanation;
      if (!error.empty()) {
        failed++;
        err << "error: " << error << "\n";
      }
      if (out_dir.empty()) {
        ready[i] = error.empty() ? std::move(result.output) : std::string();
        for (; next_to_print < ready.size() && ready[next_to_print].has_value(); ++next_to_print) {
          out << *ready[next_to_print];
          ready[next_to_print].reset();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < std::min(static_cast<size_t>(jobs), files.size()); ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  return failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

// `pressoir extract --warc FILE...`: the article text of every HTML response record of WARC
// files (pressoir's archive, wget's, Common Crawl's CC-NEWS), without a crawl. Called by
// RunExtractCommand (extract_command.cc) when --warc is given.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cli/archived_pages.h"
#include "cli/args.h"
#include "cli/command_options.h"
#include "cli/commands.h"
#include "config/config.h"
#include "crawler/archiving.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/page_type.h"
#include "store/corpus.h"
#include "store/near_dup.h"
#include "store/output_format.h"
#include "warc/reader.h"

namespace pressoir::cli {

constexpr char kExtractWarcUsage[] =
    "usage: pressoir extract --warc FILE.warc.gz... [--format txt|jsonl] [--out DIR]\n"
    "                        [--sites DIR] [--site NAME | --generic] [--body-only] [--jobs N]\n"
    "\n"
    "Extracts the article text of every HTML response record (HTTP 2xx, Content-Type HTML)\n"
    "of WARC files (WARC 1.0 or 1.1, gzip per record or uncompressed); the rule is chosen by\n"
    "the record's WARC-Target-URI. Other records are skipped. Output: txt (one document per\n"
    "blank-line-separated block, title first) or jsonl (one JSON object per page: the\n"
    "manifest's fields and \"text\"), on stdout, or with --out in DIR/<file>.txt|.jsonl per\n"
    "WARC file.\n"
    "\n"
    "A corrupt or truncated file, a record with a wrong length, a body over max_body_size\n"
    "(10 MiB) or a response that cannot be decoded is one line on stderr naming the file\n"
    "and offset; reading goes on with the next record, and the exit code is 1.\n"
    "\n"
    "Exit codes: 0 success, 1 some record or file could not be read, 2 usage error.\n";

namespace {

// The crawler's default max_body_size: a WARC body larger than this is skipped, as a crawl
// would have refused it (config::CrawlConfig::max_body_bytes).
size_t MaxBodyBytes() { return static_cast<size_t>(config::DefaultCrawlConfig().max_body_bytes); }
// Pages extracted in parallel between two writes of the output: bounds memory to this many
// bodies while keeping every core busy, and keeps the output in file order.
constexpr size_t kBatchPages = 64;

struct Options {
  const std::vector<rules::SiteRules>* rules = nullptr;
  const rules::SiteRules* forced = nullptr;
  bool generic = false;
  bool body_only = false;
  corpus::OutputFormat format = corpus::OutputFormat::kTxt;
  int jobs = 1;
};

struct Page {
  ArchivedPage page;
  warc::RecordLocation location;
  std::string output;  // filled by the extraction
};

std::string Render(const Options& options, Page& item) {
  const rules::SiteRules* rule = options.generic ? nullptr
                                 : options.forced != nullptr
                                     ? options.forced
                                     : rules::FindRulesForHost(*options.rules, url::Host(item.page.url));
  charset::DecodedText decoded = charset::DecodeToUtf8(item.page.response.body, item.page.response.content_type);
  extract::ExtractOptions extract_options;
  extract_options.fetch_time = item.page.response.fetched_at;  // the WARC-Date: later dates are rejected
  extract_options.page_url = item.page.url;
  extract::Article article = extract::Extract(decoded.utf8, rule, extract_options);
  if (options.format == corpus::OutputFormat::kTxt) {
    return corpus::TxtBlock(article.Text(!options.body_only));
  }
  std::string text = article.Text(/*include_title=*/true);
  corpus::manifest::Entry entry;
  entry.url = item.page.url;
  entry.canonical_url = article.metadata.canonical_url.empty()
                            ? item.page.url
                            : url::Resolve(item.page.url, article.metadata.canonical_url).value_or(item.page.url);
  entry.id = corpus::ArticleId(entry.canonical_url);
  entry.site = rule != nullptr ? rule->name : url::Host(item.page.url);
  entry.title = article.metadata.title;
  entry.date = article.metadata.date;
  entry.authors = article.metadata.authors;
  entry.language = article.metadata.language;
  entry.date_modified = article.metadata.date_modified;
  entry.language_source = article.metadata.language_source;
  entry.page_type = page_type::PageTypeName(article.page_type);
  entry.confidence = article.confidence;
  entry.fetched_at = item.page.date;
  entry.extractor = extract::ExtractorName(article.extractor);
  entry.simhash = near_dup::ToHex(near_dup::ArticleSimHash(text));
  entry.warc_filename = item.location.filename;
  entry.warc_offset = item.location.offset;
  entry.warc_length = item.location.length;
  entry.rule_sha256 = rule != nullptr ? rule->file_sha256 : "";
  entry.pressoir_version = crawl::PressoirVersion();
  return corpus::JsonlRecord(entry, text);
}

// Extracts `batch` on `jobs` threads.
void ExtractBatch(const Options& options, std::vector<Page>& batch) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < batch.size(); i = next++) batch[i].output = Render(options, batch[i]);
  };
  std::vector<std::thread> threads;
  int extra = std::min<int>(options.jobs, static_cast<int>(batch.size())) - 1;
  for (int i = 0; i < extra; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
}

// Every page of `path`, extracted and written to `output` in file order. Returns the problems.
int ExtractFile(const Options& options, const std::string& path, corpus::AtomicOutput& output, std::ostream& err,
                bool& first_txt_block) {
  std::vector<Page> batch;
  auto flush = [&] {
    ExtractBatch(options, batch);
    for (Page& item : batch) {
      if (item.output.empty()) continue;
      if (options.format == corpus::OutputFormat::kTxt && !first_txt_block) output.Write("\n");
      first_txt_block = false;
      output.Write(item.output);
    }
    batch.clear();
  };
  warc::ReadOptions read_options;
  read_options.max_block_bytes = MaxBodyBytes() + 64 * 1024;  // the body plus its HTTP head
  int page_problems = 0;
  int problems = warc::ReadFile(
      path, read_options,
      [&](warc::Record&& record) {
        std::string error;
        std::optional<ArchivedPage> page = PageOf(record, MaxBodyBytes(), error);
        if (!error.empty()) {
          err << "error: " << path << ": offset " << record.offset << ": " << error << "\n";
          ++page_problems;
        }
        if (page) batch.push_back({std::move(*page), {path, record.offset, record.length}, ""});
        if (batch.size() >= kBatchPages) flush();
        return true;
      },
      [&](int64_t offset, const std::string& message) {
        err << "error: " << path << ": offset " << offset << ": " << message << "\n";
      });
  flush();
  return problems + page_problems;
}

}  // namespace

int RunExtractWarc(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--sites", "--site", "--out", "--jobs", "--format"},
                       {"--help", "--warc", "--generic", "--body-only"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kExtractWarcUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help")) {
    out << kExtractWarcUsage;
    return kExitOk;
  }
  const std::vector<std::string>& files = parsed.positional;
  if (files.empty()) {
    err << "error: no WARC FILE given\n" << kExtractWarcUsage;
    return kExitUsage;
  }
  Options options;
  std::optional<corpus::OutputFormat> format = FormatOption(parsed, err);
  if (!format) return kExitUsage;
  options.format = *format;
  if (parsed.Has("--generic") && parsed.values.count("--site")) {
    err << "error: --site and --generic exclude each other\n";
    return kExitUsage;
  }
  std::vector<rules::SiteRules> all_rules;
  if (!parsed.Has("--generic")) {
    std::string sites_dir = parsed.Value("--sites", "sites");
    if (parsed.values.count("--sites") > 0 || std::filesystem::is_directory(sites_dir)) {
      std::optional<std::vector<rules::SiteRules>> loaded = LoadRules(sites_dir, err);
      if (!loaded) return kExitUsage;
      all_rules = std::move(*loaded);
    }
    if (parsed.values.count("--site")) {
      for (const rules::SiteRules& rule : all_rules) {
        if (rule.name == parsed.Value("--site")) options.forced = &rule;
      }
      if (options.forced == nullptr) {
        err << "error: no rule named '" << parsed.Value("--site") << "' in " << sites_dir << "\n";
        return kExitUsage;
      }
    }
  }
  options.rules = &all_rules;
  options.generic = parsed.Has("--generic");
  options.body_only = parsed.Has("--body-only");
  options.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (parsed.values.count("--jobs")) {
    try {
      options.jobs = std::clamp(std::stoi(parsed.Value("--jobs")), 1, 256);
    } catch (const std::exception&) {
      err << "error: --jobs needs a whole number\n";
      return kExitUsage;
    }
  }
  const std::string out_dir = parsed.Value("--out");
  if (!out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) {
      err << "error: " << out_dir << ": cannot create directory: " << ec.message() << "\n";
      return kExitUsage;
    }
  }
  int problems = 0;
  bool first_txt_block = true;
  std::optional<corpus::AtomicOutput> shared;
  try {
    if (out_dir.empty()) shared.emplace("-", out);
    for (const std::string& file : files) {
      std::optional<corpus::AtomicOutput> own;
      if (!out_dir.empty()) {
        // FILE.warc.gz -> DIR/FILE.txt (or .jsonl)
        std::string stem = std::filesystem::path(file).filename().string();
        for (const char* suffix : {".gz", ".warc"}) {
          if (stem.ends_with(suffix)) stem.resize(stem.size() - std::string_view(suffix).size());
        }
        std::string target = (std::filesystem::path(out_dir) /
                              (stem + (options.format == corpus::OutputFormat::kTxt ? ".txt" : ".jsonl")))
                                 .string();
        own.emplace(target, out);
        first_txt_block = true;
      }
      corpus::AtomicOutput& output = own ? *own : *shared;
      problems += ExtractFile(options, file, output, err, first_txt_block);
      if (own) {
        if (std::string error = own->Commit(); !error.empty()) {
          err << "error: " << error << "\n";
          ++problems;
        }
      }
    }
    if (shared) {
      if (std::string error = shared->Commit(); !error.empty()) {
        err << "error: " << error << "\n";
        ++problems;
      }
    }
  } catch (const std::runtime_error& e) {
    err << "error: " << e.what() << "\n";
    return kExitSomeFailed;
  }
  return problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli

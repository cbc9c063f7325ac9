// Memory of the corpus writer's per-article index, measured by hand (not a test: RSS depends on
// the allocator and the build). Writes a manifest of N synthetic lines, as the crawler writes
// them, then opens a CorpusWriter on it (which loads every id, SHA-256 and SimHash) and prints
// VmRSS before and after, and VmHWM, from /proc/self/status. Use a release build: the
// sanitizers' allocator changes the figures.
//
// With WRITTEN, the writer then writes that many new articles (the way a run adds them, its
// index growing as it goes) and the resident growth per written article is printed too; put
// DIRECTORY on a tmpfs (/dev/shm) for speed: every write is fsynced.
//
// Usage: corpus_index_memory DIRECTORY [ARTICLES [WRITTEN]]
//        (DIRECTORY must not exist; ARTICLES 200000 by default, WRITTEN 0)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "base/digest.h"
#include "store/corpus.h"
#include "store/manifest.h"
#include "store/near_dup.h"

namespace {

constexpr long kDefaultArticles = 200000;

// The value of a "VmRSS:"-style field of /proc/self/status, in kB.
long StatusKilobytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::cerr << "usage: corpus_index_memory DIRECTORY [ARTICLES [WRITTEN]]\n";
    return 2;
  }
  const std::filesystem::path directory = argv[1];
  const long articles = argc >= 3 ? std::atol(argv[2]) : kDefaultArticles;
  const long written = argc >= 4 ? std::atol(argv[3]) : 0;
  if (articles <= 0 || written < 0 || std::filesystem::exists(directory)) {
    std::cerr << "corpus_index_memory: DIRECTORY must not exist, ARTICLES must be positive\n";
    return 2;
  }
  std::filesystem::create_directories(directory);
  {
    std::ofstream manifest(directory / pressoir::corpus::kManifestFileName, std::ios::binary);
    std::mt19937_64 random(static_cast<uint64_t>(articles));
    for (long i = 0; i < articles; ++i) {
      pressoir::corpus::ManifestLine line;
      line.url = "https://www.example-news.be/actualite/belgique/article-" + std::to_string(i) + ".html";
      line.canonical_url = line.url;
      line.id = pressoir::corpus::ArticleId(line.canonical_url);
      line.site = "example-news";
      line.title = "Titre de l'article numéro " + std::to_string(i);
      line.date = "2026-11-23T08:00:00+01:00";
      line.authors = {"Rédaction"};
      line.language = "fr";
      line.fetched_at = "2026-11-23T09:00:00Z";
      line.path = "example-news/2026/11/" + line.id + ".txt";
      line.sha256 = pressoir::digest::Sha256Hex(line.url);
      line.extractor = "rule";
      line.simhash = pressoir::near_dup::ToHex(random());
      manifest << pressoir::corpus::FormatManifestLine(line);
    }
  }
  const long rss_before = StatusKilobytes("VmRSS");
  long rss_loaded = 0;
  long rss_written = 0;
  {
    pressoir::corpus::CorpusWriter writer(directory.string());
    rss_loaded = StatusKilobytes("VmRSS");
    for (long i = 0; i < written; ++i) {
      pressoir::corpus::ArticleRecord record;
      record.url = "https://www.example-news.be/actualite/monde/nouvel-article-" + std::to_string(i) + ".html";
      record.site = "example-news";
      record.fetched_at = "2026-12-06T09:00:00Z";
      record.text = "Titre " + std::to_string(i) + "\n\nCorps de l'article " + std::to_string(i) + ", mot " +
                    std::to_string(i * 7919) + " et mot " + std::to_string(i * 104729) + ".";
      writer.Write(record);
    }
    rss_written = StatusKilobytes("VmRSS");
  }
  const long hwm = StatusKilobytes("VmHWM");
  std::printf("articles %ld\nVmRSS before %ld kB, with the writer %ld kB, VmHWM %ld kB\n", articles, rss_before,
              rss_loaded, hwm);
  std::printf("bytes per article: resident %.1f, peak %.1f\n",
              1024.0 * static_cast<double>(rss_loaded - rss_before) / static_cast<double>(articles),
              1024.0 * static_cast<double>(hwm - rss_before) / static_cast<double>(articles));
  if (written > 0) {
    std::printf("written %ld, VmRSS %ld kB: %.1f bytes per written article\n", written, rss_written,
                1024.0 * static_cast<double>(rss_written - rss_loaded) / static_cast<double>(written));
  }
  return 0;
}

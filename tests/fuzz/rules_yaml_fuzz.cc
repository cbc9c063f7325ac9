// libFuzzer target: the YAML loaders. config/ reads files only (YAML::LoadFile), so each input
// is written to one temporary file in /dev/shm (tmpfs: no disk I/O) and loaded both as a rule
// file and as a crawler config. The contract: any input either loads or throws ConfigError;
// any other exception escapes to libFuzzer as a crash. A rule file that loads is then used
// on a small page and a few URLs. Built by scripts/fuzz.sh.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "config/config.h"
#include "extractors/extract.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

const std::string& TempPath() {
  static const std::string* path = [] {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    auto* name = new std::string(std::string(dir) + "/pressoir-fuzz-rules-" + std::to_string(getpid()) + ".yaml");
    std::atexit([] { unlink(TempPath().c_str()); });
    return name;
  }();
  return *path;
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(file != nullptr, "temporary file can be written");
  FUZZ_CHECK(std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size(), "temporary file written whole");
  std::fclose(file);
}

constexpr char kPage[] =
    "<html><head><title>T | S</title></head><body><article class=article><h1>Titre</h1>"
    "<div id=articleBody><p>Lire aussi : x</p><p>Un deux trois quatre.</p></div></article></body></html>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pressoir;
  const std::string& path = TempPath();
  WriteFile(path, fuzz::AsView(data, size));
  try {
    rules::SiteRules site = config::LoadSiteRulesFile(path);
    FUZZ_CHECK(!site.name.empty() && !site.domains.empty(), "a loaded rule has a name and domains");
    (void)site.MatchesHost("www.example.com");
    (void)site.IsArticleUrl("https://www.example.com/article/2020/01/02/slug_1_2.html");
    (void)site.ShouldFollow("https://www.example.com/a/b?c=d");
    (void)extract::Extract(kPage, &site);
  } catch (const config::ConfigError& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with(path), "ConfigError names the file");
  }
  try {
    (void)config::LoadCrawlConfig(path);
  } catch (const config::ConfigError& e) {
    FUZZ_CHECK(std::string_view(e.what()).starts_with(path), "ConfigError names the file");
  }
  return 0;
}

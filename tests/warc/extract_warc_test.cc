// `pressoir extract --warc` (issue 16, items 5 and 6): WARC files written by Debian's wget
// (`wget --warc-file`, compressed and not) are read and their HTML responses extracted; bad
// records are reported with their file offset and the others still extracted.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "base/gzip.h"
#include "tests/support/fixture_server.h"
#include "tests/support/run_command.h"

namespace {

namespace fs = std::filesystem;
using pressoir::testing::FixtureServer;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::Response;
using pressoir::testing::RunCommand;
using pressoir::testing::TempDir;
using pressoir::testing::Which;
using pressoir::testing::WriteFile;

const std::string kFixtures = PRESSOIR_SOURCE_DIR "/tests/fixtures/e2e";

// The e2e site on 127.0.0.1; one article sent chunked and gzip-coded, which wget stores as
// received (pressoir must undo both).
struct WgetSite {
  TempDir dir;
  FixtureServer server;
  std::string sites = dir.path() + "/sites";

  WgetSite() {
    server.ServeDirectory(kFixtures + "/site");
    server.Route("/actualite/alep-treve.html",
                 Response{.headers = {{"Content-Type", "text/html"}},
                          .body = ReadFileOrEmpty(kFixtures + "/site/actualite/alep-treve.html"),
                          .chunked = true,
                          .content_encoding = "gzip"});
    WriteFile(sites + "/e2e-news.yaml", ReadFileOrEmpty(kFixtures + "/rules/e2e-news.yaml"));
  }

  // Runs wget on the two articles, robots.txt and an image-less 404; returns the WARC path.
  std::string Wget(bool compressed) {
    std::string prefix = dir.path() + (compressed ? "/wget" : "/wget-plain");
    const std::string wget = Which("wget");
    REQUIRE_FALSE(wget.empty());  // scripts/setup.sh installs it
    std::vector<std::string> argv = {
        wget,       "--quiet", "--warc-file=" + prefix, "--output-document=/dev/null", "--header=Accept-Encoding: gzip",
        "--tries=1"};
    if (!compressed) argv.push_back("--no-warc-compression");
    for (const char* path : {"/actualite/conseil-communal.html", "/actualite/alep-treve.html", "/missing.html"}) {
      argv.push_back(server.UrlFor("127.0.0.1", path));
    }
    auto result = RunCommand(argv);
    INFO("wget stderr: " << result.err);
    REQUIRE((result.exit_code == 0 || result.exit_code == 8));  // 8: the 404
    return prefix + (compressed ? ".warc.gz" : ".warc");
  }
};

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("extract --warc reads the WARC files wget writes", "[warc][cli]") {
  WgetSite site;
  bool compressed = GENERATE(true, false);
  INFO((compressed ? "gzip per record" : "uncompressed"));
  std::string warc = site.Wget(compressed);
  REQUIRE(fs::exists(warc));
  auto result = RunCommand(
      {PRESSOIR_BINARY, "extract", "--warc", warc, "--sites", site.sites, "--site", "e2e-news", "--format", "jsonl"});
  INFO("stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  std::vector<nlohmann::json> pages = JsonLines(result.out);
  REQUIRE(pages.size() == 2);  // the 404 and wget's own records are not pages
  for (const nlohmann::json& page : pages) {
    std::string url = page["url"];
    std::string stem = fs::path(url).stem().string();
    std::string expected = ReadFileOrEmpty(kFixtures + "/expected/" + stem + ".txt");
    INFO(url);
    REQUIRE_FALSE(expected.empty());
    // jsonl's "text" is the body without the title line.
    CHECK(page["title"].get<std::string>() + "\n\n" + page["text"].get<std::string>() + "\n" == expected);
    CHECK(page["site"] == "e2e-news");
    CHECK(page["warc_filename"] == warc);
  }
  // txt: one block per page, title first.
  auto txt = RunCommand({PRESSOIR_BINARY, "extract", "--warc", warc, "--sites", site.sites, "--site", "e2e-news"});
  REQUIRE(txt.exit_code == 0);
  CHECK(txt.out.find("Le conseil communal adopte le budget\n") != std::string::npos);
  CHECK(txt.out.find("Staffan de Mistura") != std::string::npos);
}

TEST_CASE("extract --warc reports a bad record with its offset and extracts the others", "[warc][cli]") {
  WgetSite site;
  std::string warc = site.Wget(/*compressed=*/true);
  std::string bytes = ReadFileOrEmpty(warc);
  TempDir out;
  SECTION("a truncated file") {
    std::string cut = out.path() + "/cut.warc.gz";
    WriteFile(cut, bytes.substr(0, bytes.size() - 200));
    auto result = RunCommand({PRESSOIR_BINARY, "extract", "--warc", cut, "--sites", site.sites, "--site", "e2e-news",
                              "--out", out.path() + "/texts"});
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("error: " + cut + ": offset ") != std::string::npos);
    CHECK(result.err.find("truncated gzip member") != std::string::npos);
    CHECK(ReadFileOrEmpty(out.path() + "/texts/cut.txt").find("Le conseil communal adopte le budget") !=
          std::string::npos);
  }
  SECTION("a record over max_body_size in an uncompressed file") {
    std::string big = out.path() + "/big.warc";
    std::string huge(11 << 20, 'a');
    std::string record =
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://news.test/huge\r\n"
        "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
        std::to_string(huge.size() + 19) + "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" + huge + "\r\n\r\n";
    std::string plain = pressoir::gzip::Gunzip(bytes, 1 << 26).data;
    WriteFile(big, record + plain);
    auto result = RunCommand({PRESSOIR_BINARY, "extract", "--warc", big, "--sites", site.sites, "--site", "e2e-news"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("error: " + big + ": offset 0: ") != std::string::npos);
    CHECK(result.out.find("Le conseil communal adopte le budget") != std::string::npos);
  }
}

// The warc module: records written by WarcWriter and read back by the reader (WARC 1.1,
// ISO 28500), torn files repaired, and bad input reported per record without stopping.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "base/digest.h"
#include "base/gzip.h"
#include "tests/support/run_command.h"
#include "warc/reader.h"
#include "warc/warc.h"
#include "warc/writer.h"

namespace {

namespace fs = std::filesystem;
namespace warc = pressoir::warc;
using pressoir::testing::ReadFileOrEmpty;
using pressoir::testing::TempDir;
using pressoir::testing::WriteFile;

warc::Exchange PageExchange(const std::string& url, const std::string& body) {
  warc::Exchange exchange;
  exchange.target_uri = url;
  exchange.peer_ip = "127.0.0.1";
  exchange.request_head = "GET / HTTP/1.1\r\nHost: news.test\r\nUser-Agent: pressoir\r\n\r\n";
  exchange.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  exchange.body = body;
  return exchange;
}

warc::WriterOptions In(const std::string& directory, int64_t max_file_bytes = int64_t{1} << 30) {
  warc::WriterOptions options;
  options.directory = directory;
  options.max_file_bytes = max_file_bytes;
  return options;
}

std::vector<warc::Record> ReadAll(const std::string& path, std::vector<std::string>* problems = nullptr,
                                  size_t max_block = size_t{10} << 20) {
  std::vector<warc::Record> records;
  warc::ReadOptions options;
  options.max_block_bytes = max_block;
  warc::ReadFile(
      path, options,
      [&](warc::Record&& record) {
        records.push_back(std::move(record));
        return true;
      },
      [&](int64_t offset, const std::string& message) {
        if (problems != nullptr) problems->push_back(std::to_string(offset) + ": " + message);
      });
  return records;
}

std::vector<std::string> WarcFiles(const std::string& directory) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".gz") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Header(const warc::Record& record, const std::string& name) {
  return std::string(warc::FindHeader(record.headers, name).value_or(""));
}

}  // namespace

// WARC 1.1 §6-§7: a warcinfo record first, then a request and a response per exchange, each
// with its id, date, target URI, IP address, digests ("sha1:" base32 of the block and of the
// payload) and the request naming its response in WARC-Concurrent-To; Write() returns where
// the response record is.
TEST_CASE("the writer's records are read back whole, with their headers and digests", "[warc]") {
  TempDir dir;
  std::vector<warc::RecordLocation> locations;
  {
    warc::WarcWriter writer(In(dir.path()));
    locations.push_back(writer.Write(PageExchange("http://news.test/a.html", "<p>first page</p>")));
    locations.push_back(writer.Write(PageExchange("http://news.test/b.html", std::string(5000, 'x'))));
    writer.Close();
  }
  std::vector<std::string> files = WarcFiles(dir.path());
  REQUIRE(files.size() == 1);
  CHECK(std::regex_match(fs::path(files[0]).filename().string(), std::regex(R"(pressoir-\d{14}-00000\.warc\.gz)")));
  std::vector<std::string> problems;
  std::vector<warc::Record> records = ReadAll(files[0], &problems);
  CHECK(problems.empty());
  REQUIRE(records.size() == 5);
  CHECK(records[0].Type() == "warcinfo");
  CHECK(records[0].version == "WARC/1.1");
  std::string warcinfo_id = Header(records[0], "WARC-Record-ID");
  for (size_t i = 1; i < records.size(); i += 2) {
    const warc::Record& request = records[i];
    const warc::Record& response = records[i + 1];
    CHECK(request.Type() == "request");
    CHECK(response.Type() == "response");
    CHECK(Header(request, "WARC-Concurrent-To") == Header(response, "WARC-Record-ID"));
    CHECK(Header(response, "WARC-Warcinfo-ID") == warcinfo_id);
    CHECK(Header(response, "WARC-IP-Address") == "127.0.0.1");
    CHECK(
        std::regex_match(Header(response, "WARC-Record-ID"),
                         std::regex("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>")));
    CHECK(Header(response, "WARC-Block-Digest") == pressoir::digest::Sha1Base32(response.block));
    std::string payload = response.block.substr(response.block.find("\r\n\r\n") + 4);
    CHECK(Header(response, "WARC-Payload-Digest") == pressoir::digest::Sha1Base32(payload));
    CHECK(response.offset == locations[i / 2].offset);
    CHECK(response.length == locations[i / 2].length);
  }
  CHECK(records[2].TargetUri() == "http://news.test/a.html");
  // The location alone finds the record (what the manifest keeps).
  std::string error;
  std::optional<warc::Record> at = warc::ReadRecordAt(files[0], locations[1].offset, locations[1].length, {}, error);
  REQUIRE(at);
  CHECK(at->TargetUri() == "http://news.test/b.html");
  std::string why;
  auto response = warc::ParseHttpResponse(at->block, 1 << 20, why);
  REQUIRE(response);
  CHECK(response->body == std::string(5000, 'x'));
}

// A known digest: SHA-1 of "abc" (FIPS 180 test vector a9993e36...9cd0d89d) in base32, as
// Python's base64.b32encode spells it.
TEST_CASE("block digests are SHA-1 in RFC 4648 base32", "[warc]") {
  CHECK(pressoir::digest::Sha1Base32("abc") == "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

// curl hands over decoded bodies: the stored head says so the way Common Crawl does
// (X-Crawler- prefix on the framing headers, the stored length in Content-Length), and a head
// that already frames the body is stored unchanged.
TEST_CASE("a decoded body keeps its original framing headers under X-Crawler-", "[warc]") {
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string stored = warc::ArchivedResponseHead(head, 1234);
  CHECK(stored ==
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Crawler-Content-Encoding: gzip\r\n"
        "X-Crawler-Transfer-Encoding: chunked\r\nContent-Length: 1234\r\n\r\n");
  std::string plain = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";
  CHECK(warc::ArchivedResponseHead(plain, 3) == plain);
  CHECK(warc::ArchivedResponseHead("HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n", 3) ==
        "HTTP/1.1 200 OK\r\nX-Crawler-Content-Length: 900\r\nContent-Length: 3\r\n\r\n");
  // The reader then takes the stored body as it is.
  std::string why;
  auto response = warc::ParseHttpResponse(stored + std::string(1234, 'a'), 1 << 20, why);
  REQUIRE(response);
  CHECK(response->body.size() == 1234);
}

// archive_max_size: a file ends near the limit and the next one starts with its own warcinfo.
TEST_CASE("archive files rotate at archive_max_size", "[warc]") {
  TempDir dir;
  {
    warc::WarcWriter writer(In(dir.path(), 4000));
    for (int i = 0; i < 12; ++i) {
      std::string body;
      for (int j = 0; j < 300; ++j) body += std::to_string(i * 7919 + j * 104729 % 9973);
      writer.Write(PageExchange("http://news.test/" + std::to_string(i), body));
    }
  }
  std::vector<std::string> files = WarcFiles(dir.path());
  REQUIRE(files.size() > 1);
  size_t responses = 0;
  for (const std::string& file : files) {
    std::vector<std::string> problems;
    std::vector<warc::Record> records = ReadAll(file, &problems);
    CHECK(problems.empty());
    REQUIRE_FALSE(records.empty());
    CHECK(records[0].Type() == "warcinfo");
    CHECK(Header(records[0], "WARC-Filename") == fs::path(file).filename().string());
    for (const warc::Record& record : records) responses += record.Type() == "response";
    CHECK(fs::file_size(file) < 4000 + 6000);
  }
  CHECK(responses == 12);
  CHECK(fs::is_empty(dir.path() + "/.open"));
}

// Crash safety: a writer killed mid-record leaves a torn gzip member and its marker; the next
// writer cuts the file back to its last whole member. A live writer's file is left alone.
TEST_CASE("a torn last record is cut off by the next writer, a live writer's file is not", "[warc]") {
  TempDir dir;
  std::string file;
  uintmax_t whole_size = 0;
  {
    warc::WarcWriter writer(In(dir.path()));
    file = dir.path() + "/" + writer.Write(PageExchange("http://news.test/a", "<p>a</p>")).filename;
    writer.Close();
    whole_size = fs::file_size(file);
  }
  std::string member = pressoir::gzip::GzipMember(std::string(3000, 'z'), 6);
  std::string contents = ReadFileOrEmpty(file) + member.substr(0, member.size() / 2);
  WriteFile(file, contents);
  std::string marker = dir.path() + "/.open/" + fs::path(file).filename().string() + ".lock";
  WriteFile(marker, "");

  SECTION("a crashed writer's file") {
    warc::WarcWriter next(In(dir.path()));
    REQUIRE(next.repairs().size() == 1);
    CHECK(fs::file_size(file) == whole_size);
    CHECK_FALSE(fs::exists(marker));
    std::vector<std::string> problems;
    CHECK(ReadAll(file, &problems).size() == 3);
    CHECK(problems.empty());
  }
  SECTION("a live writer's file") {
    std::optional<pressoir::file_lock::FileLock> held = pressoir::file_lock::FileLock::TryAcquire(marker).lock;
    REQUIRE(held);
    warc::WarcWriter next(In(dir.path()));
    CHECK(next.repairs().empty());
    CHECK(fs::file_size(file) == contents.size());
  }
}

// Bad input: one problem per bad record, naming its offset, and reading goes on (issue 16,
// item 5): a corrupt member, a truncated end, a wrong Content-Length, an oversized block.
TEST_CASE("the reader reports a bad record once and goes on with the next", "[warc]") {
  auto record = [](const std::string& uri, const std::string& body) {
    return warc::FormatRecord({{"WARC-Type", "response"}, {"WARC-Target-URI", uri}}, "HTTP/1.1 200 OK\r\n\r\n" + body);
  };
  std::string first = pressoir::gzip::GzipMember(record("http://a.test/1", "one"), 6);
  std::string second = pressoir::gzip::GzipMember(record("http://a.test/2", std::string(2000, 'q')), 6);
  std::string third = pressoir::gzip::GzipMember(record("http://a.test/3", "three"), 6);
  std::vector<std::string> problems;
  std::vector<std::string> uris;
  auto read = [&](std::string_view data, size_t max_block = 1 << 20) {
    problems.clear();
    uris.clear();
    warc::ReadOptions options;
    options.max_block_bytes = max_block;
    return warc::ReadRecords(
        data, options,
        [&](warc::Record&& r) {
          uris.push_back(r.TargetUri());
          return true;
        },
        [&](int64_t offset, const std::string& message) {
          problems.push_back(std::to_string(offset) + ": " + message);
        });
  };
  SECTION("a corrupt member in the middle") {
    std::string corrupt = second;
    for (size_t i = 20; i < corrupt.size() - 10; i += 7) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
    CHECK(read(first + corrupt + third) == 1);
    CHECK(uris == std::vector<std::string>{"http://a.test/1", "http://a.test/3"});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with(std::to_string(first.size()) + ": "));
  }
  SECTION("a truncated file") {
    CHECK(read(first + second.substr(0, 30)) == 1);
    CHECK(uris == std::vector<std::string>{"http://a.test/1"});
    CHECK(problems[0] == std::to_string(first.size()) + ": truncated gzip member");
  }
  SECTION("a block over max_body_size") {
    CHECK(read(first + second + third, 1000) == 1);
    CHECK(uris == std::vector<std::string>{"http://a.test/1", "http://a.test/3"});
  }
  SECTION("uncompressed WARC/1.0 with a wrong Content-Length") {
    std::string old =
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://a.test/old>\r\n"
        "Content-Length: 19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n";
    std::string wrong = "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n";
    CHECK(read(old + wrong + record("http://a.test/4", "four")) == 1);
    CHECK(uris == std::vector<std::string>{"http://a.test/old", "http://a.test/4"});
    CHECK(problems[0].starts_with(std::to_string(old.size()) + ": Content-Length 5"));
  }
  SECTION("garbage between records") {
    CHECK(read(first + "not a warc record at all\n" + third) == 1);
    CHECK(uris.size() == 2);
  }
}

// Readers must get the bytes the server meant: chunked framing and gzip coding are undone
// (what wget stores), and what cannot be decoded is an error, not a wrong body.
TEST_CASE("HTTP responses from WARC blocks are de-chunked and gunzipped", "[warc]") {
  std::string why;
  auto chunked = warc::ParseHttpResponse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n", 1000, why);
  REQUIRE(chunked);
  CHECK(chunked->body == "Wikipedia");
  CHECK(chunked->status == 200);
  std::string gz = pressoir::gzip::GzipMember("<p>packed</p>", 6);
  auto gzipped = warc::ParseHttpResponse("HTTP/1.1 404 Not Found\r\nContent-Encoding: gzip\r\n\r\n" + gz, 1000, why);
  REQUIRE(gzipped);
  CHECK(gzipped->status == 404);
  CHECK(gzipped->body == "<p>packed</p>");
  CHECK_FALSE(warc::ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx", 1000, why));
  CHECK(why == "content-encoding 'br' is not supported");
  CHECK_FALSE(warc::ParseHttpResponse("GET / HTTP/1.1\r\n\r\n", 1000, why));
  CHECK_FALSE(warc::ParseHttpResponse("HTTP/1.1 200 OK\r\n\r\n" + std::string(2000, 'a'), 1000, why));
}

// libFuzzer target: the WARC reader (gzip members, record framing, header parsing) and the
// HTTP response parser it feeds (status line, chunked framing, gzip coding). The input is a
// whole WARC file. Contracts checked: every record and problem lies inside the input, records
// come in file order, no block is over the cap, and each response body stays under the cap.
// Seeded with WARC files written by pressoir (scripts/fuzz.sh). Built by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_util.h"
#include "warc/reader.h"
#include "warc/warc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace warc = pressoir::warc;
  const std::string_view input = pressoir::fuzz::AsView(data, size);
  warc::ReadOptions options;
  options.max_block_bytes = 256 * 1024;
  int64_t last_offset = -1;
  size_t records = 0;
  int reported = 0;
  int problems = warc::ReadRecords(
      input, options,
      [&](warc::Record&& record) {
        FUZZ_CHECK(record.offset >= last_offset, "records come in file order");
        FUZZ_CHECK(record.offset >= 0 && record.length > 0 &&
                       static_cast<uint64_t>(record.offset + record.length) <= input.size(),
                   "a record lies inside the input");
        FUZZ_CHECK(record.block.size() <= options.max_block_bytes, "no block over the cap");
        last_offset = record.offset;
        ++records;
        std::string error;
        auto response = warc::ParseHttpResponse(record.block, options.max_block_bytes, error);
        FUZZ_CHECK(response || !error.empty(), "a refused response says why");
        if (response) FUZZ_CHECK(response->body.size() <= options.max_block_bytes, "no body over the cap");
        return records < 10000;
      },
      [&](int64_t offset, const std::string& message) {
        FUZZ_CHECK(offset >= 0 && static_cast<uint64_t>(offset) <= input.size(), "a problem lies inside the input");
        FUZZ_CHECK(!message.empty() && message.find('\n') == std::string::npos, "a problem is one line");
        ++reported;
      });
  FUZZ_CHECK(problems == reported, "every problem is reported once");
  return 0;
}

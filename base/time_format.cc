// ISO 8601 timestamps (see time_format.h).
#include "base/time_format.h"

namespace pressoir::time_format {

std::string Iso8601Utc(std::time_t time) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::string NowIso8601() { return Iso8601Utc(std::time(nullptr)); }

}  // namespace pressoir::time_format

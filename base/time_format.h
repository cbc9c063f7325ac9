// Timestamps as pressoir writes them (manifest, run log, log file): ISO 8601 in UTC to the
// second, "2026-11-23T13:45:00Z". Part of `base/`: standard library only.
#ifndef PRESSOIR_BASE_TIME_FORMAT_H_
#define PRESSOIR_BASE_TIME_FORMAT_H_

#include <ctime>
#include <string>

namespace pressoir::time_format {

// `time` (seconds since the Unix epoch) as ISO 8601 UTC.
std::string Iso8601Utc(std::time_t time);

// The current wall-clock time as ISO 8601 UTC.
std::string NowIso8601();

// The inverse of Iso8601Utc(): "2026-11-23T13:45:00Z" (a WARC-Date, a fetched_at; fractional
// seconds are ignored) as seconds since the Unix epoch, or 0 when `text` is not of that form.
std::time_t ParseIso8601Utc(const std::string& text);

}  // namespace pressoir::time_format

#endif  // PRESSOIR_BASE_TIME_FORMAT_H_

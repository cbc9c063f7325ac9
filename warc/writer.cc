// The crawl's WARC writer (see warc_writer.h).
#include "warc/writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "base/digest.h"
#include "base/gzip.h"
#include "base/time_format.h"
#include "warc/mapped_file.h"

namespace pressoir::warc {
namespace {

namespace fs = std::filesystem;

constexpr char kFilePrefix[] = "pressoir-";
constexpr char kFileSuffix[] = ".warc.gz";
constexpr int kMaxSerial = 99999;  // <NNNNN>: five digits

std::string ErrnoText() { return std::strerror(errno); }

// Writes all of `data` at the end of `fd` (O_APPEND). Throws ArchiveError naming `path`.
void WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ArchiveError(path + ": cannot write: " + ErrnoText());
    data.remove_prefix(static_cast<size_t>(n));
  }
}

std::string CompactTimestamp(std::time_t now) {
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y%m%d%H%M%S", &parts);
  return text;
}

std::string Hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

}  // namespace

struct WarcWriter::File {
  std::string path;
  std::string name;
  std::string warcinfo_id;
  int fd = -1;
  int64_t size = 0;           // bytes appended (under WarcWriter::mutex_)
  int64_t warcinfo_size = 0;  // the warcinfo member's bytes: a file holding only it is "empty"
  std::mutex sync_mutex;      // one fdatasync at a time; waiting threads share its result
  int64_t synced_size = 0;    // bytes known durable (under sync_mutex)
  std::optional<file_lock::FileLock> marker;
  std::string marker_path;
  ~File() {
    if (fd >= 0) ::close(fd);
  }
};

std::optional<int64_t> TruncateTornTail(const std::string& path) {
  int64_t whole = 0;
  int64_t size = 0;
  {
    MappedFile file(path);
    if (!file.ok()) throw ArchiveError(path + ": " + file.error());
    std::string_view data = file.data();
    size = static_cast<int64_t>(data.size());
    // Members are inflated only to find where they end: the output is dropped (cap 0).
    while (static_cast<size_t>(whole) < data.size()) {
      gzip::Member member = gzip::InflateMember(data.substr(static_cast<size_t>(whole)), 0);
      if (member.status != gzip::Member::Status::kOk) break;
      whole += static_cast<int64_t>(member.compressed_size);
    }
  }
  if (whole == size) return std::nullopt;
  if (::truncate(path.c_str(), whole) != 0) throw ArchiveError(path + ": cannot truncate: " + ErrnoText());
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fdatasync(fd);
    ::close(fd);
  }
  return whole;
}

WarcWriter::WarcWriter(WriterOptions options) : options_(std::move(options)) {
  std::error_code ec;
  fs::path markers = fs::path(options_.directory) / kOpenMarkerDirectory;
  fs::create_directories(markers, ec);
  if (ec) throw ArchiveError(markers.string() + ": cannot create: " + ec.message());
  // Files of writers that died (their marker's lock is free) may end in a torn record.
  std::vector<fs::path> entries;  // listed first: the loop removes markers
  for (const fs::directory_entry& entry : fs::directory_iterator(markers, ec)) entries.push_back(entry.path());
  if (ec) throw ArchiveError(markers.string() + ": cannot list: " + ec.message());
  for (const fs::path& entry : entries) {
    std::string marker = entry.string();
    if (!marker.ends_with(".lock")) continue;
    file_lock::Attempt attempt = file_lock::FileLock::TryAcquire(marker);
    if (!attempt.lock) continue;  // a live writer's file, or unreadable: left alone
    std::string name = entry.filename().string();
    name.resize(name.size() - std::string_view(".lock").size());
    fs::path file = fs::path(options_.directory) / name;
    if (fs::exists(file, ec)) {
      if (std::optional<int64_t> size = TruncateTornTail(file.string())) {
        repairs_.push_back(name + ": torn last record cut off (now " + std::to_string(*size) + " bytes)");
      }
    }
    fs::remove(marker, ec);
  }
}

WarcWriter::~WarcWriter() {
  try {
    Close();
  } catch (...) {
    // Reported only through Close(); the next writer repairs the file if it is torn.
  }
}

void WarcWriter::OpenNext() {
  auto file = std::make_shared<File>();
  std::string stamp = CompactTimestamp(std::time(nullptr));
  fs::path directory(options_.directory);
  for (int serial = 0;; ++serial) {
    if (serial > kMaxSerial) throw ArchiveError(options_.directory + ": no free file name for " + stamp);
    char number[16];
    std::snprintf(number, sizeof(number), "%05d", serial);
    file->name = std::string(kFilePrefix) + stamp + "-" + number + kFileSuffix;
    file->path = (directory / file->name).string();
    // The marker first: a writer starting meanwhile must not take this file for a crashed one.
    file->marker_path = (directory / kOpenMarkerDirectory / (file->name + ".lock")).string();
    file_lock::Attempt attempt = file_lock::FileLock::TryAcquire(file->marker_path);
    if (!attempt.lock) {
      if (attempt.held_elsewhere) continue;
      throw ArchiveError(attempt.error);
    }
    file->marker = std::move(attempt.lock);
    file->fd = ::open(file->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (file->fd >= 0) break;
    int error = errno;
    // The name is taken by a finished file (a live writer would have held the marker): the
    // marker we just made for it goes, or the next writer would scan that file for nothing.
    std::error_code ignored;
    fs::remove(file->marker_path, ignored);
    file->marker.reset();
    if (error != EEXIST) throw ArchiveError(file->path + ": cannot create: " + std::strerror(error));
  }
  file->warcinfo_id = NewRecordId();
  std::string fields = "software: " + options_.software + "\r\nformat: WARC File Format 1.1\r\n" +
                       "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
  if (std::string host = Hostname(); !host.empty()) fields += "hostname: " + host + "\r\n";
  if (!options_.operator_note.empty()) fields += "description: " + options_.operator_note + "\r\n";
  HeaderList headers = {{"WARC-Type", "warcinfo"},
                        {"WARC-Record-ID", file->warcinfo_id},
                        {"WARC-Date", time_format::NowIso8601()},
                        {"WARC-Filename", file->name},
                        {"WARC-Block-Digest", digest::Sha1Base32(fields)},
                        {"Content-Type", "application/warc-fields"}};
  std::string member = gzip::GzipMember(FormatRecord(headers, fields), options_.compression_level);
  WriteAll(file->fd, member, file->path);
  file->size = static_cast<int64_t>(member.size());
  file->warcinfo_size = file->size;
  current_ = std::move(file);
}

void WarcWriter::CloseCurrent() {
  if (!current_) return;
  std::shared_ptr<File> file = std::move(current_);
  std::lock_guard sync_lock(file->sync_mutex);
  if (::fdatasync(file->fd) != 0) {
    failure_ = file->path + ": cannot sync: " + ErrnoText();
    throw ArchiveError(failure_);
  }
  file->synced_size = file->size;
  if (::close(file->fd) != 0) {
    file->fd = -1;
    failure_ = file->path + ": cannot close: " + ErrnoText();
    throw ArchiveError(failure_);
  }
  file->fd = -1;
  std::error_code ec;
  fs::remove(file->marker_path, ec);
  file->marker.reset();
}

void WarcWriter::Close() {
  std::lock_guard lock(mutex_);
  CloseCurrent();
}

RecordLocation WarcWriter::Write(const Exchange& exchange) {
  std::string date = exchange.date.empty() ? time_format::NowIso8601() : exchange.date;
  std::string response_id = NewRecordId();
  std::string head = ArchivedResponseHead(exchange.response_head, exchange.body.size());
  std::string block = head + exchange.body;
  HeaderList response = {{"WARC-Type", "response"},
                         {"WARC-Record-ID", response_id},
                         {"WARC-Date", date},
                         {"WARC-Target-URI", exchange.target_uri}};
  if (!exchange.peer_ip.empty()) response.emplace_back("WARC-IP-Address", exchange.peer_ip);
  response.emplace_back("WARC-Block-Digest", digest::Sha1Base32(block));
  response.emplace_back("WARC-Payload-Digest", digest::Sha1Base32(exchange.body));
  if (!exchange.truncated.empty()) response.emplace_back("WARC-Truncated", exchange.truncated);
  response.emplace_back("Content-Type", "application/http; msgtype=response");
  // The warcinfo id is the file's, known only under the lock: records are formatted with a
  // placeholder of the same length and patched, so that compression stays outside the lock.
  const std::string placeholder(NewRecordId().size(), '#');
  response.insert(response.begin() + 3, {"WARC-Warcinfo-ID", placeholder});
  std::string response_record = FormatRecord(response, block);
  std::string request_record;
  if (!exchange.request_head.empty()) {
    HeaderList request = {{"WARC-Type", "request"},
                          {"WARC-Record-ID", NewRecordId()},
                          {"WARC-Date", date},
                          {"WARC-Warcinfo-ID", placeholder},
                          {"WARC-Target-URI", exchange.target_uri}};
    if (!exchange.peer_ip.empty()) request.emplace_back("WARC-IP-Address", exchange.peer_ip);
    request.emplace_back("WARC-Concurrent-To", response_id);
    request.emplace_back("WARC-Block-Digest", digest::Sha1Base32(exchange.request_head));
    request.emplace_back("Content-Type", "application/http; msgtype=request");
    request_record = FormatRecord(request, exchange.request_head);
  }
  std::unique_lock lock(mutex_);
  if (!failure_.empty()) throw ArchiveError(failure_);
  if (!current_ || (current_->size > current_->warcinfo_size &&
                    current_->size + static_cast<int64_t>(block.size()) / 3 > options_.max_file_bytes)) {
    // The compressed size is not known before compressing: a third of the block is what
    // news pages compress to at level 6, so files end near max_file_bytes.
    CloseCurrent();
    OpenNext();
  }
  std::shared_ptr<File> file = current_;
  const std::string warcinfo_id = file->warcinfo_id;
  lock.unlock();
  auto patch = [&](std::string& record) {
    size_t at = record.find(placeholder);
    if (at != std::string::npos) record.replace(at, placeholder.size(), warcinfo_id);
  };
  patch(response_record);
  std::string members;
  if (!request_record.empty()) {
    patch(request_record);
    members = gzip::GzipMember(request_record, options_.compression_level);
  }
  size_t request_size = members.size();
  members += gzip::GzipMember(response_record, options_.compression_level);
  lock.lock();
  if (file != current_) {
    // Rotated meanwhile by another thread: the warcinfo id must be this file's.
    lock.unlock();
    return Write(exchange);
  }
  RecordLocation location{file->name, file->size + static_cast<int64_t>(request_size),
                          static_cast<int64_t>(members.size() - request_size)};
  try {
    WriteAll(file->fd, members, file->path);
  } catch (const ArchiveError& e) {
    failure_ = e.what();
    throw;
  }
  file->size += static_cast<int64_t>(members.size());
  return location;
}

void WarcWriter::SyncWritten() {
  std::shared_ptr<File> file;
  int64_t size = 0;
  {
    std::lock_guard lock(mutex_);
    if (!failure_.empty()) throw ArchiveError(failure_);
    if (!current_) return;
    file = current_;
    size = file->size;
  }
  std::unique_lock sync_lock(file->sync_mutex);
  if (file->synced_size >= size) return;  // another thread's fdatasync covered it
  if (file->fd < 0) return;               // closed (and synced) meanwhile
  if (::fdatasync(file->fd) == 0) {
    file->synced_size = std::max(file->synced_size, size);
    return;
  }
  // After a failed fdatasync the kernel may drop the dirty pages and report success to the
  // next one: the records are not known durable, ever (see failure_). mutex_ is taken after
  // sync_mutex is released: CloseCurrent() takes them in the other order.
  std::string error = file->path + ": cannot sync: " + ErrnoText();
  sync_lock.unlock();
  std::lock_guard lock(mutex_);
  failure_ = error;
  throw ArchiveError(error);
}

}  // namespace pressoir::warc

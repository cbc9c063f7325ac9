// The Redis frontier (see redis_frontier.h for the key layout and why).
#include "crawler/redis_frontier.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <random>
#include <string_view>

#include "base/ascii.h"

namespace pressoir::frontier {
namespace {

using state::StateError;

constexpr const char* kDefaultPrefix = "pressoir:";
constexpr const char* kUrlForm = "redis://host:port/db[?prefix=NAME]";
constexpr int64_t kConnectTimeoutMs = 5000;
// Scripts are short, but the first touch of a large host in a new run merges its sets.
constexpr int64_t kCommandTimeoutMs = 10000;
// Hosts opened per script call at the start of a run (see nhosts): keeps each call short so
// that other workers' commands interleave.
constexpr int kOpenBatch = 100;
// AddIfNew() entries per script call: a sitemap of 50,000 links becomes 100 calls in one
// pipeline rather than one script that blocks the server.
constexpr size_t kAddChunk = 500;

// Shared by every script: ARGV[1] the key prefix, ARGV[2] the worker, ARGV[3] the lease and
// liveness TTL in ms; the script's own arguments follow.
constexpr const char* kPrelude = R"lua(
local P, W, TTL = ARGV[1], ARGV[2], tonumber(ARGV[3])
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local RUN = tonumber(redis.call('GET', P .. 'run') or '0')

local function k_url(url) return P .. 'u:' .. url end
local function k_queue(h, p) return P .. 'q:' .. h .. '#' .. p end
local function k_next(h, p) return P .. 'n:' .. h .. '#' .. p end
local function k_prios(h) return P .. 'prios:' .. h end
local function k_inflight(h) return P .. 'inflight:' .. h end
local function k_lease(h) return P .. 'lease:' .. h end

-- Every call proves the worker alive.
local function beat() redis.call('ZADD', P .. 'workers', NOW + TTL, W) end

-- An inflight value: "<due ms> <worker>".
local function split(value)
  local space = string.find(value, ' ', 1, true)
  return string.sub(value, 1, space - 1), string.sub(value, space + 1)
end

local function prios(h) return redis.call('ZRANGE', k_prios(h), 0, -1) end
local function add_prio(h, p) redis.call('ZADD', k_prios(h), -tonumber(p), p) end

-- The hosts index holds the earliest due time of the host's queues.
local function refresh_host(h)
  local best, best_text
  for _, p in ipairs(prios(h)) do
    local first = redis.call('ZRANGE', k_queue(h, p), 0, 0, 'WITHSCORES')
    if first[2] and (not best or tonumber(first[2]) < best) then best, best_text = tonumber(first[2]), first[2] end
  end
  if best then redis.call('ZADD', P .. 'hosts', best_text, h) else redis.call('ZREM', P .. 'hosts', h) end
end

-- Queues a URL (keeping an earlier due time if it is queued already).
local function enqueue(h, p, due, url)
  redis.call('ZADD', k_queue(h, p), 'LT', due, url)
  add_prio(h, p)
  redis.call('ZADD', P .. 'hosts', 'LT', due, h)
end

local function drop_inflight(h, url)
  redis.call('HDEL', k_inflight(h), url)
  if redis.call('EXISTS', k_inflight(h)) == 0 then redis.call('SREM', P .. 'ihosts', h) end
end

-- Moves every member of src into dst: the smaller set into the larger one.
local function merge_into(src, dst)
  local n_src = redis.call('ZCARD', src)
  if n_src == 0 then return end
  local n_dst = redis.call('ZCARD', dst)
  if n_dst == 0 then
    redis.call('RENAME', src, dst)
    return
  end
  local small, big = src, dst
  if n_src > n_dst then small, big = dst, src end
  local items = redis.call('ZRANGE', small, 0, -1, 'WITHSCORES')
  for i = 1, #items, 1000 do
    local args = {}
    for j = i, math.min(i + 998, #items - 1), 2 do
      args[#args + 1] = items[j + 1]
      args[#args + 1] = items[j]
    end
    redis.call('ZADD', big, 'LT', unpack(args))
  end
  redis.call('DEL', small)
  if big ~= dst then redis.call('RENAME', big, dst) end
end

-- The first touch of a host in a run: what it handed out in an earlier run for a later visit
-- (its n: sets) joins its queues.
local function open_host(h)
  if tonumber(redis.call('HGET', P .. 'hostrun', h) or '0') == RUN then return end
  local moved = false
  for _, p in ipairs(prios(h)) do
    if redis.call('EXISTS', k_next(h, p)) == 1 then
      merge_into(k_next(h, p), k_queue(h, p))
      moved = true
    end
  end
  redis.call('HSET', P .. 'hostrun', h, RUN)
  redis.call('ZREM', P .. 'nhosts', h)
  if moved then refresh_host(h) end
end

-- Opens up to `batch` hosts left over from earlier runs; true when more remain.
local function open_pending(batch)
  local pending = redis.call('ZRANGEBYSCORE', P .. 'nhosts', '-inf', '(' .. RUN, 'LIMIT', 0, batch)
  for _, h in ipairs(pending) do
    open_host(h)
    -- Already opened in this run (an entry left stale): drop it all the same, so that the
    -- caller's loop always ends.
    redis.call('ZREM', P .. 'nhosts', h)
  end
  return #pending == batch
end

-- A lease that expired while nobody acquired the host since (same epoch) is still its
-- holder's: it takes it back.
local function retake(h, epoch)
  local holder = redis.call('GET', k_lease(h))
  if not holder and epoch ~= '' and redis.call('HGET', P .. 'epoch', h) == epoch then
    redis.call('SET', k_lease(h), W, 'PX', TTL)
    redis.call('ZADD', P .. 'leases', NOW + TTL, h)
    return W
  end
  return holder
end
)lua";

enum Script {
  kRegister,
  kAddIfNew,
  kScheduleAt,
  kHostsWithDueUrls,
  kAcquireHost,
  kRenewHosts,
  kReleaseHost,
  kLeaseDue,
  kRecord,
  kRelease,
  kFleetIdle,
  kLiveWorkers,
  kScriptCount
};

// The scripts' own bodies, in Script order; each runs after the prelude.
constexpr const char* kBodies[kScriptCount] = {
    // kRegister: a worker starting while no other is alive begins a new fleet run.
    R"lua(
redis.call('ZREMRANGEBYSCORE', P .. 'workers', '-inf', NOW)
if RUN == 0 or redis.call('ZCARD', P .. 'workers') == 0 then RUN = redis.call('INCR', P .. 'run') end
beat()
return RUN
)lua",

    // kAddIfNew: ARGV[4] due; then per entry url, site, host, depth, kind, priority, hops.
    R"lua(
beat()
local due = ARGV[4]
local added = {}
for i = 5, #ARGV, 7 do
  local url, h, p = ARGV[i], ARGV[i + 2], ARGV[i + 5]
  if redis.call('EXISTS', k_url(url)) == 1 then
    added[#added + 1] = 0
  else
    redis.call('HSET', k_url(url), 's', ARGV[i + 1], 'h', h, 'd', ARGV[i + 3], 'k', ARGV[i + 4], 'p', p,
               'rh', ARGV[i + 6], 'a', 0, 'r', 0)
    enqueue(h, p, due, url)
    added[#added + 1] = 1
  end
end
return added
)lua",

    // kScheduleAt: ARGV[4] url, [5] due, [6] site, [7] host, [8] depth, [9] kind,
    // [10] priority, [11] hops.
    R"lua(
beat()
local url, due = ARGV[4], ARGV[5]
local h = redis.call('HGET', k_url(url), 'h')
if not h then
  h = ARGV[7]
  redis.call('HSET', k_url(url), 's', ARGV[6], 'h', h, 'd', ARGV[8], 'k', ARGV[9], 'p', ARGV[10],
             'rh', ARGV[11], 'a', 0, 'r', 0)
  enqueue(h, ARGV[10], due, url)
  return 1
end
open_host(h)
-- Handed out in this run (in flight, done, or waiting for the next run): left alone.
if tonumber(redis.call('HGET', k_url(url), 'r') or '0') == RUN then return 0 end
local p = redis.call('HGET', k_url(url), 'p') or '0'
local inflight = redis.call('HGET', k_inflight(h), url)
if inflight then
  -- Handed out in an earlier run by a worker gone since (the run changed): due again.
  local leased_due = split(inflight)
  drop_inflight(h, url)
  if tonumber(leased_due) < tonumber(due) then due = leased_due end
end
local current = redis.call('ZSCORE', k_queue(h, p), url)
if current and tonumber(current) <= tonumber(due) then return 0 end
enqueue(h, p, due, url)
return 1
)lua",

    // kHostsWithDueUrls: ARGV[4] now, [5] batch. Returns {1} when hosts of earlier runs remain
    // to be opened (call again), else {0, host...}.
    R"lua(
beat()
if open_pending(tonumber(ARGV[5])) then return {1} end
local result, listed = {0}, {}
for _, h in ipairs(redis.call('ZRANGEBYSCORE', P .. 'hosts', '-inf', ARGV[4])) do
  result[#result + 1] = h
  listed[h] = true
end
-- Hosts whose only work is what a dead worker had in flight.
for _, h in ipairs(redis.call('SMEMBERS', P .. 'ihosts')) do
  if not listed[h] and redis.call('EXISTS', k_lease(h)) == 0 then result[#result + 1] = h end
end
return result
)lua",

    // kAcquireHost: ARGV[4] host. Returns {0} when another worker holds it, else
    // {1, epoch, next request ms}.
    R"lua(
beat()
local h = ARGV[4]
local holder = redis.call('GET', k_lease(h))
local epoch
if holder == W then
  redis.call('PEXPIRE', k_lease(h), TTL)
  epoch = redis.call('HGET', P .. 'epoch', h) or '0'
elseif holder then
  return {0}
else
  redis.call('SET', k_lease(h), W, 'PX', TTL)
  epoch = redis.call('HINCRBY', P .. 'epoch', h, 1)
  open_host(h)
  -- Whatever is in flight here was handed out by an earlier holder whose lease is gone (dead,
  -- or stalled past its lease): back to the queue, due as it was.
  local inflight = redis.call('HGETALL', k_inflight(h))
  for i = 1, #inflight, 2 do
    local url = inflight[i]
    local due = split(inflight[i + 1])
    enqueue(h, redis.call('HGET', k_url(url), 'p') or '0', due, url)
  end
  if #inflight > 0 then
    redis.call('DEL', k_inflight(h))
    redis.call('SREM', P .. 'ihosts', h)
  end
end
redis.call('ZADD', P .. 'leases', NOW + TTL, h)
return {1, tostring(epoch), redis.call('HGET', P .. 'nextreq', h) or '0'}
)lua",

    // kRenewHosts: ARGV[4..] host, epoch, next request ms triples. Returns the lost hosts.
    R"lua(
beat()
local lost = {}
for i = 4, #ARGV, 3 do
  local h, next_ms = ARGV[i], ARGV[i + 2]
  if retake(h, ARGV[i + 1]) == W then
    redis.call('PEXPIRE', k_lease(h), TTL)
    redis.call('ZADD', P .. 'leases', NOW + TTL, h)
    redis.call('HSET', P .. 'nextreq', h, next_ms)
  else
    lost[#lost + 1] = h
  end
end
return lost
)lua",

    // kReleaseHost: ARGV[4] host, [5] next request ms.
    R"lua(
beat()
local h, next_ms = ARGV[4], ARGV[5]
local holder = redis.call('GET', k_lease(h))
if holder == W then
  redis.call('DEL', k_lease(h))
  redis.call('ZREM', P .. 'leases', h)
  redis.call('HSET', P .. 'nextreq', h, next_ms)
elseif not holder then
  -- Expired: keep the later of what this worker and any holder since knew.
  if tonumber(next_ms) > tonumber(redis.call('HGET', P .. 'nextreq', h) or '0') then
    redis.call('HSET', P .. 'nextreq', h, next_ms)
  end
end
return 0
)lua",

    // kLeaseDue: ARGV[4] host, [5] now, [6] limit, [7] this worker's epoch of the lease.
    // Returns url, fields, url, fields...
    R"lua(
beat()
local h, now, limit = ARGV[4], ARGV[5], tonumber(ARGV[6])
if retake(h, ARGV[7]) ~= W then return {} end
open_host(h)
local leased = {}
for _, p in ipairs(prios(h)) do
  if limit <= 0 then break end
  local due = redis.call('ZRANGEBYSCORE', k_queue(h, p), '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
  for i = 1, #due, 2 do
    local url = due[i]
    redis.call('ZREM', k_queue(h, p), url)
    redis.call('HSET', k_inflight(h), url, due[i + 1] .. ' ' .. W)
    redis.call('HSET', k_url(url), 'r', RUN)
    redis.call('ZREM', P .. 'retries', url)
    leased[#leased + 1] = url
    leased[#leased + 1] = redis.call('HGETALL', k_url(url))
    limit = limit - 1
  end
end
if #leased > 0 then
  redis.call('SADD', P .. 'ihosts', h)
  refresh_host(h)
end
return leased
)lua",

    // kRecord: ARGV[4] url, [5] outcome, [6] etag, [7] last modified, [8] content hash,
    // [9] article id, [10] next due ('' for never), [11] attempts, [12] retry ('1'/'0'),
    // [13] fetched at.
    R"lua(
beat()
local url = ARGV[4]
local h = redis.call('HGET', k_url(url), 'h')
if not h then return 0 end
local inflight = redis.call('HGET', k_inflight(h), url)
if inflight then
  local _, holder = split(inflight)
  -- Taken back and handed to another worker since (this one lost its lease): that worker's
  -- record will tell.
  if holder ~= W then return 0 end
  drop_inflight(h, url)
end
open_host(h)
local retry = ARGV[12] == '1'
local fields = {'o', ARGV[5], 'e', ARGV[6], 'lm', ARGV[7], 'ch', ARGV[8], 'a', ARGV[11], 'lf', ARGV[13]}
if ARGV[9] ~= '' then
  fields[#fields + 1] = 'ai'
  fields[#fields + 1] = ARGV[9]
end
if retry then
  fields[#fields + 1] = 'r'
  fields[#fields + 1] = 0
end
redis.call('HSET', k_url(url), unpack(fields))
local p = redis.call('HGET', k_url(url), 'p') or '0'
redis.call('ZREM', k_queue(h, p), url)
redis.call('ZREM', k_next(h, p), url)
redis.call('ZREM', P .. 'retries', url)
local next_due = ARGV[10]
if next_due ~= '' then
  if retry then
    enqueue(h, p, next_due, url)
    redis.call('ZADD', P .. 'retries', RUN, url)
  elseif tonumber(redis.call('HGET', k_url(url), 'r') or '0') == RUN then
    -- Handed out in this run: not again before the next one, however soon it is due.
    redis.call('ZADD', k_next(h, p), next_due, url)
    add_prio(h, p)
    redis.call('ZADD', P .. 'nhosts', RUN, h)
  else
    enqueue(h, p, next_due, url)
  end
end
refresh_host(h)
return 1
)lua",

    // kRelease: ARGV[4] url.
    R"lua(
beat()
local url = ARGV[4]
local h = redis.call('HGET', k_url(url), 'h')
if not h then return 0 end
local inflight = redis.call('HGET', k_inflight(h), url)
if not inflight then return 0 end
local due, holder = split(inflight)
if holder ~= W then return 0 end
drop_inflight(h, url)
redis.call('HSET', k_url(url), 'r', 0)
enqueue(h, redis.call('HGET', k_url(url), 'p') or '0', due, url)
return 1
)lua",

    // kFleetIdle: ARGV[4] now, [5] batch. Returns {1} when hosts of earlier runs remain to be
    // opened (call again), else {0, idle}.
    R"lua(
beat()
if open_pending(tonumber(ARGV[5])) then return {1} end
redis.call('ZREMRANGEBYSCORE', P .. 'leases', '-inf', NOW)
for _, h in ipairs(redis.call('ZRANGE', P .. 'leases', 0, -1)) do
  if redis.call('EXISTS', k_lease(h)) == 1 then return {0, 0} end
  redis.call('ZREM', P .. 'leases', h)
end
if #redis.call('ZRANGEBYSCORE', P .. 'hosts', '-inf', ARGV[4], 'LIMIT', 0, 1) > 0 then return {0, 0} end
-- Retries recorded by earlier runs do not hold this one.
redis.call('ZREMRANGEBYSCORE', P .. 'retries', '-inf', '(' .. RUN)
if redis.call('ZCARD', P .. 'retries') > 0 then return {0, 0} end
-- No lease is held, so URLs in flight anywhere are a dead worker's.
if redis.call('SCARD', P .. 'ihosts') > 0 then return {0, 0} end
return {0, 1}
)lua",

    // kLiveWorkers.
    R"lua(
beat()
return redis.call('ZCOUNT', P .. 'workers', '(' .. NOW, '+inf')
)lua",
};

struct ParsedUrl {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string prefix = kDefaultPrefix;
};

bool AllDigits(std::string_view text) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsNameChar(char c) { return ascii::IsAlnum(c) || c == '.' || c == '-' || c == '_'; }

// Parses a redis:// URL into `parsed`; returns why it is not one.
std::optional<std::string> ParseUrl(const std::string& url, ParsedUrl& parsed) {
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    return url + ": " + why + " (expected " + kUrlForm + ")";
  };
  constexpr std::string_view kScheme = "redis://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) return fail("not a redis:// URL");
  std::string_view rest(url);
  rest.remove_prefix(kScheme.size());
  std::string_view query;
  if (size_t mark = rest.find('?'); mark != std::string_view::npos) {
    query = rest.substr(mark + 1);
    rest = rest.substr(0, mark);
  }
  std::string_view path;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (rest.find('@') != std::string_view::npos) return fail("credentials in the URL are not supported");
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address");
    parsed.host = std::string(rest.substr(1, close - 1));
    for (char c : parsed.host) {
      if (!ascii::IsHexDigit(c) && c != ':' && c != '.') return fail("bad IPv6 address");
    }
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after the IPv6 address");
      port = after.substr(1);
      if (port.empty()) return fail("empty port");
    }
  } else {
    size_t colon = rest.find(':');
    parsed.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = rest.substr(colon + 1);
      if (port.empty()) return fail("empty port");
    }
    for (char c : parsed.host) {
      if (!IsNameChar(c)) return fail("bad host name");
    }
  }
  if (parsed.host.empty()) return fail("no host");
  if (!port.empty()) {
    if (!AllDigits(port)) return fail("the port must be a number");
    int value = std::stoi(std::string(port));
    if (value < 1 || value > 65535) return fail("the port must be between 1 and 65535");
    parsed.port = value;
  }
  if (!path.empty()) {
    if (!AllDigits(path)) return fail("the database must be a number");
    parsed.db = std::stoi(std::string(path));
  }
  if (!query.empty()) {
    constexpr std::string_view kPrefixKey = "prefix=";
    if (query.compare(0, kPrefixKey.size(), kPrefixKey) != 0) {
      return fail("unknown parameter '" + std::string(query.substr(0, query.find('='))) + "'");
    }
    std::string_view name = query.substr(kPrefixKey.size());
    if (name.empty()) return fail("empty prefix");
    for (char c : name) {
      if (!IsNameChar(c) && c != ':') return fail("the prefix may only have letters, digits and . - _ :");
    }
    parsed.prefix = std::string(name);
    if (parsed.prefix.back() != ':') parsed.prefix += ':';
  }
  return std::nullopt;
}

timeval ToTimeval(int64_t ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  return tv;
}

std::string Text(const redisReply* reply) {
  switch (reply->type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      return std::string(reply->str, reply->len);
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply->integer);
    default:
      return "";
  }
}

int64_t Integer(const redisReply* reply) {
  if (reply->type == REDIS_REPLY_INTEGER) return reply->integer;
  if (reply->type == REDIS_REPLY_STRING && reply->len > 0) {
    try {
      return std::stoll(std::string(reply->str, reply->len));
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

bool IsArray(const redisReply* reply) { return reply->type == REDIS_REPLY_ARRAY; }

// A URL's metadata hash (HGETALL: field, value, ...) as an entry.
FrontierEntry ReadEntry(const std::string& url, const redisReply* fields) {
  FrontierEntry entry;
  entry.url = url;
  for (size_t i = 0; i + 1 < fields->elements; i += 2) {
    std::string name = Text(fields->element[i]);
    const redisReply* value = fields->element[i + 1];
    if (name == "s") {
      entry.site = Text(value);
    } else if (name == "h") {
      entry.host = Text(value);
    } else if (name == "d") {
      entry.depth = static_cast<int>(Integer(value));
    } else if (name == "k") {
      entry.kind = Integer(value) == static_cast<int>(UrlKind::kFeed) ? UrlKind::kFeed : UrlKind::kPage;
    } else if (name == "p") {
      entry.priority = static_cast<int>(Integer(value));
    } else if (name == "a") {
      entry.attempts = static_cast<int>(Integer(value));
    } else if (name == "rh") {
      entry.redirect_hops = static_cast<int>(Integer(value));
    } else if (name == "e") {
      entry.etag = Text(value);
    } else if (name == "lm") {
      entry.last_modified = Text(value);
    } else if (name == "ch") {
      entry.content_hash = Text(value);
    } else if (name == "ai") {
      entry.article_id = Text(value);
    } else if (name == "lf") {
      entry.last_fetch_ms = Integer(value);
    }
  }
  return entry;
}

std::string RandomSuffix() {
  std::random_device device;
  uint64_t value = (static_cast<uint64_t>(device()) << 32) ^ device();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string suffix;
  for (int i = 0; i < 12; ++i, value >>= 4) suffix += kHex[value & 15];
  return suffix;
}

}  // namespace

void RedisFrontier::ReplyDeleter::operator()(redisReply* reply) const { freeReplyObject(reply); }
void RedisFrontier::ContextDeleter::operator()(redisContext* context) const { redisFree(context); }

std::optional<std::string> RedisFrontier::ValidateUrl(const std::string& url) {
  ParsedUrl parsed;
  return ParseUrl(url, parsed);
}

RedisFrontier::RedisFrontier(const std::string& url, const std::string& worker_id, int64_t lease_ttl_ms)
    : url_(url), lease_ttl_ms_(std::max<int64_t>(1, lease_ttl_ms)) {
  ParsedUrl parsed;
  if (auto error = ParseUrl(url, parsed)) throw StateError(*error);
  host_ = parsed.host;
  port_ = parsed.port;
  db_ = parsed.db;
  prefix_ = parsed.prefix;
  // Unique per object: a restarted worker with the same host name and pid (containers) must
  // not inherit its predecessor's leases and in-flight URLs.
  worker_ = (worker_id.empty() ? std::string("worker") : worker_id) + "/" + RandomSuffix();
  Connect();
  run_ = Integer(Call({kRegister, {}}).get());
}

RedisFrontier::~RedisFrontier() {
  try {
    if (context_ || !pending_.empty()) Execute({{-1, {"ZREM", prefix_ + "workers", worker_}}});
  } catch (const std::exception&) {
    // The server is gone: the worker's entry expires by itself.
  }
}

void RedisFrontier::Fail(const std::string& what) const { throw StateError(url_ + ": " + what); }

void RedisFrontier::Connect() {
  context_.reset();
  redisContext* context = redisConnectWithTimeout(host_.c_str(), port_, ToTimeval(kConnectTimeoutMs));
  if (context == nullptr) Fail("cannot allocate a connection");
  context_.reset(context);
  if (context->err != 0) {
    std::string why = context->errstr;
    context_.reset();
    Fail(why);
  }
  redisSetTimeout(context, ToTimeval(kCommandTimeoutMs));
  std::vector<Command> setup;
  if (db_ != 0) setup.push_back({-1, {"SELECT", std::to_string(db_)}});
  for (const char* body : kBodies) setup.push_back({-1, {"SCRIPT", "LOAD", std::string(kPrelude) + body}});
  std::string io_error;
  std::vector<Reply> replies = RunPipeline(setup, &io_error);
  if (!io_error.empty()) {
    context_.reset();
    Fail(io_error);
  }
  script_shas_.clear();
  for (const Reply& reply : replies) {
    if (reply->type == REDIS_REPLY_ERROR) {
      std::string why = Text(reply.get());
      context_.reset();
      Fail(why);
    }
    script_shas_.push_back(Text(reply.get()));
  }
  if (db_ != 0) script_shas_.erase(script_shas_.begin());
}

std::vector<RedisFrontier::Reply> RedisFrontier::RunPipeline(const std::vector<Command>& commands,
                                                             std::string* io_error) {
  std::vector<Reply> replies;
  std::string ttl = std::to_string(lease_ttl_ms_);
  for (const Command& command : commands) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    auto add = [&](const std::string& arg) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    };
    static const std::string kEvalSha = "EVALSHA", kNoKeys = "0";
    if (command.script >= 0) {
      add(kEvalSha);
      add(script_shas_[static_cast<size_t>(command.script)]);
      add(kNoKeys);
      add(prefix_);
      add(worker_);
      add(ttl);
    }
    for (const std::string& arg : command.args) add(arg);
    if (redisAppendCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
        REDIS_OK) {
      *io_error = context_->errstr;
      return replies;
    }
  }
  for (size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) {
      *io_error = context_->err != 0 ? context_->errstr : "connection lost";
      return replies;
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  return replies;
}

std::vector<RedisFrontier::Reply> RedisFrontier::Execute(std::vector<Command> commands) {
  std::vector<Command> all = std::move(pending_);
  pending_.clear();
  size_t own = all.size();
  for (Command& command : commands) all.push_back(std::move(command));

  std::vector<Reply> replies;
  for (int attempt = 0;; ++attempt) {
    std::string io_error;
    if (context_) {
      std::vector<Command> rest(all.begin() + static_cast<std::ptrdiff_t>(replies.size()), all.end());
      for (Reply& reply : RunPipeline(rest, &io_error)) replies.push_back(std::move(reply));
      if (io_error.empty()) break;
    }
    // A dropped connection (server restart, idle timeout, failover): reconnect once and send
    // again what got no reply.
    if (attempt > 0) {
      context_.reset();
      Fail(io_error);
    }
    Connect();
  }

  // NOSCRIPT: the server's script cache was flushed; those commands did not run.
  std::vector<Command> again;
  std::vector<size_t> again_at;
  for (size_t i = 0; i < replies.size(); ++i) {
    if (replies[i]->type == REDIS_REPLY_ERROR && Text(replies[i].get()).rfind("NOSCRIPT", 0) == 0) {
      again.push_back(all[i]);
      again_at.push_back(i);
    }
  }
  if (!again.empty()) {
    Connect();
    std::string io_error;
    std::vector<Reply> retried = RunPipeline(again, &io_error);
    if (!io_error.empty()) {
      context_.reset();
      Fail(io_error);
    }
    for (size_t i = 0; i < retried.size(); ++i) replies[again_at[i]] = std::move(retried[i]);
  }
  for (const Reply& reply : replies) {
    if (reply->type == REDIS_REPLY_ERROR) Fail(Text(reply.get()));
  }
  replies.erase(replies.begin(), replies.begin() + static_cast<std::ptrdiff_t>(own));
  return replies;
}

RedisFrontier::Reply RedisFrontier::Call(Command command) {
  std::vector<Command> commands;
  commands.push_back(std::move(command));
  return std::move(Execute(std::move(commands)).front());
}

void RedisFrontier::Write(Command command) {
  if (batching_) {
    pending_.push_back(std::move(command));
  } else {
    Call(std::move(command));
  }
}

void RedisFrontier::Commit() {
  batching_ = false;
  if (!pending_.empty()) Execute({});
}

std::vector<bool> RedisFrontier::AddIfNew(const std::vector<FrontierEntry>& entries, int64_t due_ms) {
  if (entries.empty()) return {};
  std::vector<Command> commands;
  for (size_t start = 0; start < entries.size(); start += kAddChunk) {
    Command& command = commands.emplace_back();
    command.script = kAddIfNew;
    command.args.push_back(std::to_string(due_ms));
    for (size_t i = start; i < std::min(entries.size(), start + kAddChunk); ++i) {
      const FrontierEntry& entry = entries[i];
      command.args.insert(command.args.end(), {entry.url, entry.site, entry.host, std::to_string(entry.depth),
                                               std::to_string(static_cast<int>(entry.kind)),
                                               std::to_string(entry.priority), std::to_string(entry.redirect_hops)});
    }
  }
  std::vector<bool> added;
  added.reserve(entries.size());
  for (const Reply& reply : Execute(std::move(commands))) {
    if (!IsArray(reply.get())) Fail("unexpected reply to AddIfNew");
    for (size_t i = 0; i < reply->elements; ++i) added.push_back(Integer(reply->element[i]) == 1);
  }
  if (added.size() != entries.size()) Fail("unexpected reply to AddIfNew");
  return added;
}

void RedisFrontier::ScheduleAt(const FrontierEntry& entry, int64_t due_ms) {
  Write({kScheduleAt,
         {entry.url, std::to_string(due_ms), entry.site, entry.host, std::to_string(entry.depth),
          std::to_string(static_cast<int>(entry.kind)), std::to_string(entry.priority),
          std::to_string(entry.redirect_hops)}});
}

std::optional<FrontierEntry> RedisFrontier::Lookup(const std::string& url) {
  Reply reply = Call({-1, {"HGETALL", prefix_ + "u:" + url}});
  if (!IsArray(reply.get()) || reply->elements == 0) return std::nullopt;
  return ReadEntry(url, reply.get());
}

std::vector<std::string> RedisFrontier::HostsWithDueUrls(int64_t now_ms) {
  while (true) {
    Reply reply = Call({kHostsWithDueUrls, {std::to_string(now_ms), std::to_string(kOpenBatch)}});
    if (!IsArray(reply.get()) || reply->elements == 0) Fail("unexpected reply to HostsWithDueUrls");
    if (Integer(reply->element[0]) == 1) continue;  // hosts of an earlier run were opened: again
    std::vector<std::string> hosts;
    for (size_t i = 1; i < reply->elements; ++i) hosts.push_back(Text(reply->element[i]));
    return hosts;
  }
}

std::optional<int64_t> RedisFrontier::AcquireHost(const std::string& host, int64_t /*now_ms*/) {
  Reply reply = Call({kAcquireHost, {host}});
  if (!IsArray(reply.get()) || reply->elements == 0) Fail("unexpected reply to AcquireHost");
  if (Integer(reply->element[0]) != 1 || reply->elements < 3) return std::nullopt;
  held_epochs_[host] = Text(reply->element[1]);
  return Integer(reply->element[2]);
}

std::vector<std::string> RedisFrontier::RenewHosts(const std::vector<std::pair<std::string, int64_t>>& held) {
  if (held.empty()) return {};
  Command command{kRenewHosts, {}};
  for (const auto& [host, next_request_ms] : held) {
    auto epoch = held_epochs_.find(host);
    command.args.insert(command.args.end(),
                        {host, epoch == held_epochs_.end() ? "" : epoch->second, std::to_string(next_request_ms)});
  }
  Reply reply = Call(std::move(command));
  if (!IsArray(reply.get())) Fail("unexpected reply to RenewHosts");
  std::vector<std::string> lost;
  for (size_t i = 0; i < reply->elements; ++i) {
    lost.push_back(Text(reply->element[i]));
    held_epochs_.erase(lost.back());
  }
  return lost;
}

void RedisFrontier::ReleaseHost(const std::string& host, int64_t next_request_ms) {
  held_epochs_.erase(host);
  Write({kReleaseHost, {host, std::to_string(next_request_ms)}});
}

std::vector<FrontierEntry> RedisFrontier::LeaseDue(const std::string& host, int64_t now_ms, int limit) {
  if (limit <= 0) return {};
  auto epoch = held_epochs_.find(host);
  Reply reply =
      Call({kLeaseDue,
            {host, std::to_string(now_ms), std::to_string(limit), epoch == held_epochs_.end() ? "" : epoch->second}});
  if (!IsArray(reply.get())) Fail("unexpected reply to LeaseDue");
  std::vector<FrontierEntry> entries;
  for (size_t i = 0; i + 1 < reply->elements; i += 2) {
    entries.push_back(ReadEntry(Text(reply->element[i]), reply->element[i + 1]));
  }
  return entries;
}

void RedisFrontier::Record(const FetchRecord& record) {
  Write({kRecord,
         {record.url, record.outcome, record.etag, record.last_modified, record.content_hash, record.article_id,
          record.next_due_ms ? std::to_string(*record.next_due_ms) : "", std::to_string(record.attempts),
          record.retry_this_run ? "1" : "0", std::to_string(record.fetched_ms.value_or(state::NowMs()))}});
}

void RedisFrontier::Release(const std::string& url) { Write({kRelease, {url}}); }

bool RedisFrontier::FleetIdle(int64_t now_ms) {
  while (true) {
    Reply reply = Call({kFleetIdle, {std::to_string(now_ms), std::to_string(kOpenBatch)}});
    if (!IsArray(reply.get()) || reply->elements == 0) Fail("unexpected reply to FleetIdle");
    if (Integer(reply->element[0]) == 1) continue;
    return reply->elements > 1 && Integer(reply->element[1]) == 1;
  }
}

int64_t RedisFrontier::LiveWorkers() { return Integer(Call({kLiveWorkers, {}}).get()); }

}  // namespace pressoir::frontier

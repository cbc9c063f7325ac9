// The Redis frontier: one frontier and seen set shared by many crawler processes (workers) on
// many machines, with host leases so that politeness holds fleet-wide (see frontier.h for the
// contract; this backend reproduces, fleet-wide, what the embedded SQLite one does in one
// process: crawler/state.cc).
//
// URL: redis://HOST[:PORT][/DB][?prefix=NAME]   (PORT 6379, DB 0 and prefix "pressoir:" by
// default; a NAME without a trailing ':' gets one). Every key lives under the prefix, so
// several independent crawls can share one server.
//
// Key layout (P = the prefix, H = a host as the crawler names it, scheme://host[:port],
// N = a priority as decimal text):
//
//   P u:<url>            hash, one per URL ever seen: the seen set *and* the URL's metadata:
//                        s site, h host, d depth, k kind, p priority, rh redirect hops,
//                        a attempts, e ETag, lm Last-Modified, ch content hash, ai article id,
//                        lf last fetch (unix ms; absent: never), o last outcome, r the fleet run
//                        that last handed the URL out (0: none since a retry or a release).
//                        One hash per URL rather than one JSON blob: validators are arbitrary
//                        bytes (Redis strings are binary-safe, JSON is not), and scripts read
//                        and update single fields without decoding anything.
//   P q:H#N              sorted set url -> due ms: the host's queue of priority N. Everything
//                        in it may be handed out in the current run once due. One set per
//                        priority because LeaseDue() orders by priority first and due time
//                        second, and must filter on due time: a combined score cannot do both.
//   P prios:H            sorted set N -> -N: the priorities the host ever used (a handful),
//                        best first; LeaseDue() walks them.
//   P n:H#N              sorted set url -> next due ms: URLs handed out in the current run and
//                        recorded for a later visit. They must not be handed out again in this
//                        run however soon they are due, so they wait outside the queue...
//   P hostrun            hash H -> the run in which the host's n: sets were filled. ...until the
//                        host is first touched in a later run ("opened"): its n: sets then
//                        merge into its q: sets (the smaller set is moved into the larger).
//   P nhosts             sorted set H -> run: hosts with URLs in n: sets. Those of earlier runs
//                        are opened by HostsWithDueUrls()/FleetIdle() (a bounded batch per
//                        script call), so that a new run finds them.
//   P hosts              sorted set H -> earliest due ms in the host's q: sets; absent when they
//                        are empty. HostsWithDueUrls() is one ZRANGEBYSCORE.
//   P inflight:H         hash url -> "<due ms> <worker>": URLs handed out and not yet recorded
//                        or released, with the due time they had (to put them back).
//   P ihosts             set of hosts with a non-empty inflight hash. A host whose lease is
//                        gone while it has URLs in flight was held by a dead worker: it is
//                        listed by HostsWithDueUrls() and keeps FleetIdle() false until a
//                        worker acquires it, which puts those URLs back in the queue.
//   P lease:H            string: the worker holding the host (SET NX PX ttl). Renewed and
//                        deleted only by its holder (compare-and-pexpire, compare-and-del in
//                        scripts), so a worker whose lease expired and was taken can never
//                        renew or delete the new holder's.
//   P leases             sorted set H -> lease expiry (server ms): the leases, enumerable for
//                        FleetIdle().
//   P epoch              hash H -> how many times the host was acquired afresh. A holder whose
//                        lease merely expired (nobody acquired the host since: same epoch) may
//                        take it back; otherwise the lease is lost.
//   P nextreq            hash H -> the unix ms at which the fleet may next ask the host (set by
//                        RenewHosts()/ReleaseHost(), returned by AcquireHost()).
//   P retries            sorted set url -> run: URLs recorded as retries of a run (they keep
//                        FleetIdle() false in that run until they are handed out again).
//   P workers            sorted set worker -> liveness expiry (server ms); every script call
//                        refreshes the caller's entry.
//   P run                the fleet run number: incremented by a worker that starts while no
//                        other worker is alive; the others join it.
//
// Every operation that changes several keys is one Lua script (atomic), sent with EVALSHA;
// AddIfNew() sends one page's links in one script call. Liveness and lease expiry use the
// server's clock (TIME, PX); due and next-request times are the workers' clocks, as given.
// Scripts compute per-host key names from the prefix and the stored host (they are not
// declared as KEYS), which a single Redis server (or primary) supports but Redis Cluster does
// not: sharding by host would need per-host scripts and hash-tagged keys.
//
// Between Begin() and Commit(), Record(), Release(), ScheduleAt() and ReleaseHost() are
// buffered; the next call that needs an answer (or Commit()) sends them ahead of it in the same
// pipeline, in order, so reads always see them. A dropped connection is reconnected once, and
// the commands whose replies were not received are sent again (they may then run twice: the
// scripts tolerate it, delivery being at least once).
//
// Threading: not thread-safe; one object per thread (the crawler uses it from its io thread).
#ifndef PRESSOIR_CRAWLER_REDIS_FRONTIER_H_
#define PRESSOIR_CRAWLER_REDIS_FRONTIER_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "crawler/frontier.h"

struct redisContext;
struct redisReply;

namespace pressoir::frontier {

class RedisFrontier final : public Frontier {
 public:
  // Why `url` is not a usable redis:// URL, or nullopt when it is (for the config loader).
  static std::optional<std::string> ValidateUrl(const std::string& url);

  // Connects, and registers this worker, starting a new fleet run when no other worker is
  // alive. `worker_id` names the worker in leases (e.g. "hostname:pid"); a random suffix makes
  // it unique per object. Host leases, and the worker's liveness, last `lease_ttl_ms` unless
  // renewed. Throws state::StateError for a bad URL or when the server cannot be reached
  // ("redis://127.0.0.1:6390/0: Connection refused").
  RedisFrontier(const std::string& url, const std::string& worker_id,
                int64_t lease_ttl_ms = config::DefaultCrawlConfig().host_lease.count());
  // Sends buffered writes and unregisters the worker (best effort, never throws). Held host
  // leases are left to expire: the next holder then waits out the host's delay from a
  // next-request time this object can no longer update.
  ~RedisFrontier() override;
  RedisFrontier(const RedisFrontier&) = delete;
  RedisFrontier& operator=(const RedisFrontier&) = delete;

  // The fleet run this worker joined, and its unique name in leases.
  int64_t run() const { return run_; }
  const std::string& worker() const { return worker_; }
  // How many workers are alive (this one included): for a crawler that holds no more than
  // its share of the hosts, so that workers started a moment later find hosts to crawl.
  int64_t LiveWorkers() override;

  std::string Describe() const override { return url_; }
  bool Shared() const override { return true; }
  std::vector<bool> AddIfNew(const std::vector<FrontierEntry>& entries, int64_t due_ms) override;
  void ScheduleAt(const FrontierEntry& entry, int64_t due_ms) override;
  std::optional<FrontierEntry> Lookup(const std::string& url) override;
  std::vector<std::string> HostsWithDueUrls(int64_t now_ms) override;
  std::optional<int64_t> AcquireHost(const std::string& host, int64_t now_ms) override;
  std::vector<std::string> RenewHosts(const std::vector<std::pair<std::string, int64_t>>& held) override;
  void ReleaseHost(const std::string& host, int64_t next_request_ms) override;
  int64_t LeaseRenewIntervalMs() const override { return std::max<int64_t>(1, lease_ttl_ms_ / 3); }
  std::vector<FrontierEntry> LeaseDue(const std::string& host, int64_t now_ms, int limit) override;
  void Record(const FetchRecord& record) override;
  void Release(const std::string& url) override;
  bool FleetIdle(int64_t now_ms) override;
  void Begin() override { batching_ = true; }
  void Commit() override;

 private:
  struct ReplyDeleter {
    void operator()(redisReply* reply) const;
  };
  using Reply = std::unique_ptr<redisReply, ReplyDeleter>;
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  // One command; `script` >= 0 makes it EVALSHA of that script with the common arguments
  // (prefix, worker, lease TTL) ahead of `args`.
  struct Command {
    int script = -1;
    std::vector<std::string> args;
  };

  void Connect();
  // Sends the buffered writes and `commands` in one pipeline; returns the replies of
  // `commands`. Throws StateError on an error reply or a connection that fails twice.
  std::vector<Reply> Execute(std::vector<Command> commands);
  Reply Call(Command command);
  void Write(Command command);
  // Sends `commands` and reads their replies; on a connection error, returns the replies
  // received before it and sets `io_error`.
  std::vector<Reply> RunPipeline(const std::vector<Command>& commands, std::string* io_error);
  [[noreturn]] void Fail(const std::string& what) const;

  std::string url_;
  std::string host_;
  int port_ = 6379;
  int db_ = 0;
  std::string prefix_;
  std::string worker_;
  int64_t lease_ttl_ms_;
  int64_t run_ = 0;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::vector<std::string> script_shas_;
  bool batching_ = false;
  std::vector<Command> pending_;
  std::map<std::string, std::string> held_epochs_;  // host -> epoch of this worker's lease
};

}  // namespace pressoir::frontier

#endif  // PRESSOIR_CRAWLER_REDIS_FRONTIER_H_

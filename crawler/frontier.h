// The frontier: which URLs the crawl has seen, which are due, and who may fetch from a host.
//
// Two backends implement it:
//  - the embedded one (EmbeddedFrontier, below): the SQLite crawl state of one process
//    (crawler/state.h). Hosts are never contended, so host leases always succeed.
//  - Redis (crawler/redis_frontier.h): one frontier shared by many crawler processes on many
//    machines. Host leases make at most one worker fetch from a host at a time, and the time
//    the host may next be asked travels with the lease, so per-host delays and Crawl-delay hold
//    fleet-wide.
//
// Runs. Both backends hand a URL out at most once per *run* unless it is recorded as a retry
// of that run: an index page re-scheduled "for the next run" is not fetched again by the same
// run however short its revisit interval. For the embedded backend a run is one process; for
// Redis it is one *fleet run*: it begins when a worker starts while no other worker is alive,
// and every worker that starts while one is alive joins it.
//
// Delivery is at least once: URLs handed to a worker that dies (SIGKILL, power loss) become
// due again (embedded: in the next run; Redis: as soon as the dead worker's host lease has
// expired). The corpus stays exactly once through its stable article ids.
//
// Threading: not thread-safe; the crawler calls it from its io thread only. Errors (the
// database or the Redis server failing) throw state::StateError with a message naming it.
#ifndef PRESSOIR_CRAWLER_FRONTIER_H_
#define PRESSOIR_CRAWLER_FRONTIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crawler/state.h"

namespace pressoir::frontier {

using state::FetchRecord;
using state::FrontierEntry;
using state::UrlKind;

class Frontier {
 public:
  virtual ~Frontier() = default;

  // "sqlite:<path>" or "redis://host:port/db", for logs.
  virtual std::string Describe() const = 0;
  // True when other processes may add work or hold hosts (the crawler then polls for hosts
  // that became due and ends only when the whole fleet is idle).
  virtual bool Shared() const = 0;

  // Each entry is added (due at `due_ms`) only when its URL was never seen by anyone; the
  // result says, per entry, whether it was new. Atomic per URL fleet-wide: of two workers
  // adding the same URL, exactly one gets true.
  virtual std::vector<bool> AddIfNew(const std::vector<FrontierEntry>& entries, int64_t due_ms) = 0;
  // Makes a URL due at `due_ms` (adding it when unknown) unless it is already due earlier or
  // was handed out in this run. Start URLs, feeds and sitemaps are scheduled this way.
  virtual void ScheduleAt(const FrontierEntry& entry, int64_t due_ms) = 0;
  // What is known of a URL (validators, last fetch), if it was ever seen.
  virtual std::optional<FrontierEntry> Lookup(const std::string& url) = 0;

  // Hosts (origins) with URLs due at or before `now_ms` that this run has not handed out yet.
  // May include hosts another worker holds; AcquireHost() tells.
  virtual std::vector<std::string> HostsWithDueUrls(int64_t now_ms) = 0;

  // Takes the right to fetch from `host`, which LeaseDue() requires. Returns nullopt when
  // another live worker holds it; otherwise the earliest unix ms at which the fleet allows
  // the next request to the host (0 when unknown). Holding a host you already hold is fine.
  virtual std::optional<int64_t> AcquireHost(const std::string& host, int64_t now_ms) = 0;
  // Keeps the held hosts (host, earliest next request in unix ms) alive; call at least every
  // LeaseRenewInterval(). Returns the hosts whose lease was lost (expired and taken): the
  // caller must stop fetching from them and forget what it leased there.
  virtual std::vector<std::string> RenewHosts(const std::vector<std::pair<std::string, int64_t>>& held) = 0;
  // Gives a held host back, with the earliest unix ms of its next request.
  virtual void ReleaseHost(const std::string& host, int64_t next_request_ms) = 0;
  // How often RenewHosts() must be called (0: leases never expire).
  virtual int64_t LeaseRenewIntervalMs() const = 0;

  // Up to `limit` URLs of a held host that are due at or before `now_ms`, best priority
  // first, earliest due next. They are in flight for this worker until Record() or Release().
  virtual std::vector<FrontierEntry> LeaseDue(const std::string& host, int64_t now_ms, int limit) = 0;
  // Records the result of a fetch (see state::FetchRecord: the next visit, a retry in this
  // run, or never again).
  virtual void Record(const FetchRecord& record) = 0;
  // Gives a URL back without a fetch (a run stopping early): due again as it was.
  virtual void Release(const std::string& url) = 0;

  // Workers alive in the fleet, this one included (embedded: 1). The crawler holds about its
  // fair share of the hosts that have work.
  virtual int64_t LiveWorkers() = 0;

  // True when no worker holds a host and nothing is due in this run, now or later (retries):
  // a worker of a shared frontier with no local work ends then. The embedded frontier has
  // no other workers: it always answers true (its process's own windows are the whole run).
  virtual bool FleetIdle(int64_t now_ms) = 0;

  // Groups writes (one SQLite transaction; one Redis pipeline). Commit() without Begin() is
  // a no-op; nesting is not supported.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
};

// The embedded backend: the SQLite crawl state of this process (which it does not own).
class EmbeddedFrontier final : public Frontier {
 public:
  explicit EmbeddedFrontier(state::CrawlState& state) : state_(state) {}

  std::string Describe() const override;
  bool Shared() const override { return false; }
  std::vector<bool> AddIfNew(const std::vector<FrontierEntry>& entries, int64_t due_ms) override;
  void ScheduleAt(const FrontierEntry& entry, int64_t due_ms) override { state_.ScheduleAt(entry, due_ms); }
  std::optional<FrontierEntry> Lookup(const std::string& url) override { return state_.Lookup(url); }
  std::vector<std::string> HostsWithDueUrls(int64_t now_ms) override { return state_.HostsWithDueUrls(now_ms); }
  std::optional<int64_t> AcquireHost(const std::string&, int64_t) override { return 0; }
  std::vector<std::string> RenewHosts(const std::vector<std::pair<std::string, int64_t>>&) override { return {}; }
  void ReleaseHost(const std::string&, int64_t) override {}
  int64_t LeaseRenewIntervalMs() const override { return 0; }
  std::vector<FrontierEntry> LeaseDue(const std::string& host, int64_t now_ms, int limit) override {
    return state_.LeaseDue(host, now_ms, limit);
  }
  void Record(const FetchRecord& record) override { state_.Record(record); }
  void Release(const std::string& url) override { state_.Release(url); }
  bool FleetIdle(int64_t) override { return true; }
  int64_t LiveWorkers() override { return 1; }
  void Begin() override { state_.Begin(); }
  void Commit() override { state_.Commit(); }

 private:
  state::CrawlState& state_;
};

}  // namespace pressoir::frontier

#endif  // PRESSOIR_CRAWLER_FRONTIER_H_

// The embedded frontier (see frontier.h).
#include "crawler/frontier.h"

namespace pressoir::frontier {

std::string EmbeddedFrontier::Describe() const { return "sqlite:" + state_.path(); }

std::vector<bool> EmbeddedFrontier::AddIfNew(const std::vector<FrontierEntry>& entries, int64_t due_ms) {
  std::vector<bool> added;
  added.reserve(entries.size());
  for (const FrontierEntry& entry : entries) added.push_back(state_.AddIfNew(entry, due_ms));
  return added;
}

}  // namespace pressoir::frontier

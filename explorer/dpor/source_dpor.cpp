// Source-DPOR's rule for a reversed race (Abdulla et al., POPL 2014,
// Algorithm 1): a source set, through the backtrack set at the race's node.
#include "explorer/dpor/dpor_tree.hpp"

namespace dcsim::explorer::dpor {

void RaceAnalysis::add_source(Node& at, const std::vector<std::size_t>& v) const {
  const Threads init = initials(v);
  ThreadId pick = sim::kNoThread;
  bool over_bound = false;
  for (ThreadId p : init) {
    if (at.backtrack[p]) return;
    if (!at.is_enabled(p) || at.sleep[p]) continue;
    if (!at.affordable(p, bound_))
      over_bound = true;  // the conservative point must do
    else if (pick == sim::kNoThread || p < pick)
      pick = p;
  }
  if (pick != sim::kNoThread) {
    at.backtrack[pick] = true;
    return;
  }
  if (over_bound) return;
  // No initial can go first here (all blocked or asleep): fall back on
  // every thread that can (Flanagan & Godefroid, POPL 2005).
  for (ThreadId t : at.enabled)
    if (!at.sleep[t] && at.affordable(t, bound_)) at.backtrack[t] = true;
}

}  // namespace dcsim::explorer::dpor

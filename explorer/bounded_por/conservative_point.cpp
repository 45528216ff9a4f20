// Bounded POR's own rule for a reversed race (bounded_por.hpp): the
// conservative backtrack point.
#include "explorer/dpor/dpor_tree.hpp"

namespace dcsim::explorer::dpor {

// BPOR's conservative point for the race e < e' (bounded_por.hpp): before
// the run of steps of e's thread that ends with e.
void RaceAnalysis::add_conservative(std::size_t e, ThreadId racer, const std::vector<std::size_t>& v) const {
  std::size_t j = e;
  while (j > 0 && events_[j - 1].thread == events_[e].thread) --j;
  if (j == e) return;  // e starts its run: the point before e is the one
  Node& at = stack_[j];
  std::vector<ThreadId> want{racer};
  for (ThreadId p : initials(v)) want.push_back(p);
  for (ThreadId p : want) {
    if (at.backtrack[p] && at.affordable(p, bound_)) return;
    if (at.is_enabled(p) && !at.sleep[p] && at.affordable(p, bound_)) {
      at.backtrack[p] = true;
      return;
    }
  }
  for (ThreadId t : at.enabled)
    if (!at.sleep[t] && at.affordable(t, bound_)) at.backtrack[t] = true;
}

}  // namespace dcsim::explorer::dpor

// Optimal DPOR's rule for a reversed race (Abdulla et al., POPL 2014,
// Algorithm 2): v inserted into the wakeup tree at the race's node.
#include <algorithm>

#include "explorer/dpor/dpor_tree.hpp"

namespace dcsim::explorer::dpor {

// Algorithm 2's insertion of v into the wakeup tree at `at`, unless a
// sleeping thread q is a weak initial of v. That skip leans on the whole
// search: the trace wanted (v and whatever follows) may still order q
// after a step it depends on, and then it is found from q's branch, by a
// race reversed at the node where q ran, which inserts it here. In a work
// unit such a node above the root is another unit's, and its insertions
// are dropped: a thread asleep since above the root covers nothing (it
// lost devfs-ls-rm 399 of its 1170 traces). What it does exclude are the
// traces it starts: v that runs it while it still sleeps (starts_asleep).
void RaceAnalysis::insert(Node& at, const std::vector<std::size_t>& v_in) const {
  std::vector<std::size_t>& v = s_.w;  // reused: v is cut down as the tree is walked
  v.assign(v_in.begin(), v_in.end());
  {
    const Threads init = initials(v);
    for (ThreadId q = 0; q < at.sleep.size(); ++q)
      if (at.sleep[q] && !at.unit.inherited[q] && at.next[q].thread != sim::kNoThread &&
          weak_initial(at.next[q], v, init))
        return;  // an explored branch already covers v
  }
  if (starts_asleep(at, v)) return;
  std::vector<WakeupNode>* level = &at.optimal.wakeup;
  while (!v.empty()) {
    const Threads init = initials(v);
    WakeupNode* match = nullptr;
    for (WakeupNode& w : *level)
      if (weak_initial(w.event, v, init)) {
        match = &w;
        break;
      }
    if (!match) break;
    if (match->children.empty()) return;  // a leaf: v is already there
    auto own = std::find_if(v.begin(), v.end(),
                            [&](std::size_t k) { return events_[k].thread == match->event.thread; });
    if (own != v.end()) v.erase(own);
    level = &match->children;
  }
  if (v.empty()) return;
  for (std::size_t k : v) {
    level->push_back(WakeupNode{events_[k], {}});
    level = &level->back().children;
  }
}

// v runs a thread asleep since above the unit's root before anything it
// depends on: that thread starts v's traces, which are its unit's. (Only
// running it proves this: a thread that merely commutes with v may still
// come after a step it depends on, and that trace is this unit's.)
bool RaceAnalysis::starts_asleep(const Node& at, const std::vector<std::size_t>& v) const {
  boost::container::small_vector<unsigned char, 16> asleep(at.sleep.size(), 0);
  bool any = false;
  for (ThreadId q = 0; q < at.sleep.size(); ++q) {
    asleep[q] = at.sleep[q] && at.unit.inherited[q] && at.next[q].thread != sim::kNoThread;
    any = any || asleep[q];
  }
  if (!any) return false;
  for (std::size_t k : v) {
    const Event& e = events_[k];
    if (e.thread < asleep.size() && asleep[e.thread]) return true;
    for (ThreadId q = 0; q < asleep.size(); ++q)
      if (asleep[q] && dependent(at.next[q], e)) asleep[q] = false;
  }
  return false;
}

}  // namespace dcsim::explorer::dpor

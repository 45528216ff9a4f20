// The race analysis every DPOR mode shares (dpor_tree.hpp): happens-before,
// the races, and v = notdep(e).e' of each, handed to the mode's rule.
#include <algorithm>

#include "explorer/dpor/dpor_tree.hpp"

namespace dcsim::explorer::dpor {

// Every race e < e' (e' possibly a blocked thread's pending step after
// the end, which must be able to overtake whatever disabled it): reverse it.
std::uint64_t RaceAnalysis::run() {
  std::vector<std::pair<std::size_t, std::size_t>> races;
  std::vector<std::size_t> mine;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    // Pending steps are unordered among themselves.
    const std::size_t limit = std::min({i, real_, events_[i].horizon});
    // Latest first: a step already ordered before i through a later one
    // is neither a race nor adds to i's past, and needs no dependence
    // test. What is left and dependent is an immediate predecessor.
    Bits& past = before_[i];
    mine.clear();
    for (std::size_t j = limit; j-- > 0;) {
      if (has(past, j)) continue;
      const bool same = events_[j].thread == events_[i].thread;
      if (!same && !dependent(events_[j], events_[i])) continue;
      unite(past, before_[j]);
      set(past, j);
      if (!same) mine.push_back(j);
    }
    for (auto j = mine.rbegin(); j != mine.rend(); ++j) races.emplace_back(*j, i);
    if (i >= real_ && real_ > 0 && events_[real_ - 1].ends_all && events_[i].horizon == real_ - 1)
      races.emplace_back(real_ - 1, i);
  }
  // Reversals need the whole happens-before relation.
  std::uint64_t reversed = 0;
  for (auto [e, e2] : races)
    if (e >= root_) {
      reverse(e, e2);
      ++reversed;
    }
  return reversed;
}

// v = notdep(e, E).e' from the state before e.
void RaceAnalysis::reverse(std::size_t e, std::size_t e2) {
  std::vector<std::size_t> v;
  for (std::size_t k = e + 1; k < std::min(real_, events_[e2].horizon); ++k)
    if (!has(before_[k], e)) v.push_back(k);
  // Once e' no longer sees what e touched, whether it fails is open again,
  // and so is what it is ordered after.
  const bool reopen = events_[e2].ends_all && conflict(events_[e], events_[e2]);
  const Bits saved_before = reopen ? before_[e2] : Bits{};
  if (reopen) {
    const Event& saved = events_[e2];
    events_[e2].ends_all = false;
    Bits& b = before_[e2];
    std::fill(b.begin(), b.end(), 0);
    for (std::size_t k : v)
      if (events_[k].thread == saved.thread || dependent(events_[k], events_[e2])) {
        unite(b, before_[k]);
        set(b, k);
      }
  }
  v.push_back(e2);
  // A race only because e failed: e' must overtake e while e still fails
  // (e' leaves what e read alone), so the failure belongs to v. Without it
  // v would be covered by any sleeping thread that commutes with e', though
  // running that thread first may keep e from failing (so no explored
  // execution has e' before the failure), and no thread that is asleep
  // past the failure could ever run there.
  if (events_[e].ends_all && !reopen && e < real_) v.push_back(e);
  Node& at = stack_[e];
  if (mode_ == DporMode::Source)
    add_source(at, v);
  else
    insert(at, v);
  if (bound_) add_conservative(e, events_[e2].thread, v);
  if (reopen) {
    events_[e2].ends_all = true;
    before_[e2] = saved_before;
  }
}

// Threads whose first step in v has no predecessor in v.
std::vector<ThreadId> RaceAnalysis::initials(const std::vector<std::size_t>& v) const {
  std::vector<ThreadId> out;
  for (std::size_t a = 0; a < v.size(); ++a) {
    bool first = true;
    // A failure ends v: whatever v runs before it happens before it.
    for (std::size_t b = 0; b < a && first; ++b)
      if (has(before_[v[a]], v[b]) || events_[v[a]].ends_all) first = false;
    if (first && std::find(out.begin(), out.end(), events_[v[a]].thread) == out.end())
      out.push_back(events_[v[a]].thread);
  }
  return out;
}

// Weak initial: an initial of v, or a thread absent from v whose next step
// commutes with all of v.
bool RaceAnalysis::weak_initial(const Event& next, const std::vector<std::size_t>& v,
                  const std::vector<ThreadId>& init) const {
  // A step known to fail here ends the execution at once: it covers v only
  // if v starts with it (otherwise what v runs first happens before it).
  if (next.ends_all) return !v.empty() && events_[v.front()].thread == next.thread;
  if (std::find(init.begin(), init.end(), next.thread) != init.end()) return true;
  for (std::size_t k : v)
    if (events_[k].thread == next.thread || dependent(events_[k], next)) return false;
  return true;
}

}  // namespace dcsim::explorer::dpor

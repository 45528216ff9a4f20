// The race analysis every DPOR mode shares (dpor_tree.hpp): happens-before,
// the races, and v = notdep(e).e' of each, handed to the mode's rule.
#include <algorithm>
#include <cstring>

#include "explorer/dpor/dpor_tree.hpp"

namespace dcsim::explorer::dpor {

RaceAnalysis::RaceAnalysis(std::vector<Node>& stack, DporMode mode, std::vector<Event>& events, std::size_t real,
                           std::optional<unsigned> bound, std::size_t root, RaceState& state)
    : stack_(stack), mode_(mode), events_(events), real_(real), bound_(bound), root_(root), s_(state) {
  words_ = (events.size() + 63) / 64;
  if (words_ > s_.stride) {
    // Longer than any execution before: a wider layout, every row anew.
    s_.stride = std::max(words_, 2 * s_.stride);
    s_.rows.assign(events.size() * s_.stride, 0);
    s_.valid = 0;
  } else if (events.size() * s_.stride > s_.rows.size()) {
    s_.rows.resize(events.size() * s_.stride, 0);
  }
  s_.valid = std::min(s_.valid, real_);
  if (s_.preds.size() < real_) s_.preds.resize(real_);
}

// Every race e < e' (e' possibly a blocked thread's pending step after
// the end, which must be able to overtake whatever disabled it): reverse it.
std::uint64_t RaceAnalysis::run() {
  auto& races = s_.races;
  races.clear();
  for (std::size_t i = 0; i < events_.size(); ++i) {
    // A step of the prefix kept from the execution before: its row and its
    // races are those found then.
    if (i < s_.valid) {
      for (std::size_t j : s_.preds[i]) races.emplace_back(j, i);
      continue;
    }
    // Pending steps are unordered among themselves.
    const std::size_t limit = std::min({i, real_, events_[i].horizon});
    // Latest first: a step already ordered before i through a later one
    // is neither a race nor adds to i's past, and needs no dependence
    // test. What is left and dependent is an immediate predecessor.
    std::uint64_t* past = row(i);
    std::memset(past, 0, s_.stride * sizeof(std::uint64_t));
    std::vector<std::size_t>& mine = i < real_ ? s_.preds[i] : s_.mine;
    mine.clear();
    for (std::size_t j = limit; j-- > 0;) {
      if (has(past, j)) continue;
      const bool same = events_[j].thread == events_[i].thread;
      if (!same && !dependent(events_[j], events_[i])) continue;
      unite(past, row(j), j / 64 + 1);
      set(past, j);
      if (!same) mine.push_back(j);
    }
    std::reverse(mine.begin(), mine.end());
    for (std::size_t j : mine) races.emplace_back(j, i);
    if (i >= real_ && real_ > 0 && events_[real_ - 1].ends_all && events_[i].horizon == real_ - 1)
      races.emplace_back(real_ - 1, i);
  }
  s_.valid = real_;
  // Reversals need the whole happens-before relation.
  std::uint64_t reversed = 0;
  for (std::size_t r = 0; r < races.size(); ++r) {
    const auto [e, e2] = races[r];
    if (e >= root_) {
      reverse(e, e2);
      ++reversed;
    }
  }
  return reversed;
}

// v = notdep(e, E).e' from the state before e.
void RaceAnalysis::reverse(std::size_t e, std::size_t e2) {
  std::vector<std::size_t>& v = s_.v;
  v.clear();
  for (std::size_t k = e + 1; k < std::min(real_, events_[e2].horizon); ++k)
    if (!before(k, e)) v.push_back(k);
  // Once e' no longer sees what e touched, whether it fails is open again,
  // and so is what it is ordered after.
  const bool reopen = events_[e2].ends_all && conflict(events_[e], events_[e2]);
  if (reopen) {
    s_.saved.assign(row(e2), row(e2) + s_.stride);
    const Event& saved = events_[e2];
    events_[e2].ends_all = false;
    std::uint64_t* b = row(e2);
    std::fill(b, b + s_.stride, 0);
    for (std::size_t k : v)
      if (events_[k].thread == saved.thread || dependent(events_[k], events_[e2])) {
        unite(b, row(k), k / 64 + 1);
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
    std::copy(s_.saved.begin(), s_.saved.end(), row(e2));
  }
}

// Threads whose first step in v has no predecessor in v.
Threads RaceAnalysis::initials(const std::vector<std::size_t>& v) const {
  Threads out;
  for (std::size_t a = 0; a < v.size(); ++a) {
    bool first = true;
    // A failure ends v: whatever v runs before it happens before it.
    for (std::size_t b = 0; b < a && first; ++b)
      if (before(v[a], v[b]) || events_[v[a]].ends_all) first = false;
    if (first && std::find(out.begin(), out.end(), events_[v[a]].thread) == out.end())
      out.push_back(events_[v[a]].thread);
  }
  return out;
}

// Weak initial: an initial of v, or a thread absent from v whose next step
// commutes with all of v.
bool RaceAnalysis::weak_initial(const Event& next, const std::vector<std::size_t>& v,
                  const Threads& init) const {
  // A step known to fail here ends the execution at once: it covers v only
  // if v starts with it (otherwise what v runs first happens before it).
  if (next.ends_all) return !v.empty() && events_[v.front()].thread == next.thread;
  if (std::find(init.begin(), init.end(), next.thread) != init.end()) return true;
  for (std::size_t k : v)
    if (events_[k].thread == next.thread || dependent(events_[k], next)) return false;
  return true;
}

}  // namespace dcsim::explorer::dpor

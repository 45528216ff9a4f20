// Before blame or bisect names a candidate fix, try to refute it: a search
// that found nothing within its bound says nothing past it. The preemption
// bound is raised step by step within a budget, then PCT and random walks
// (seeded) sample what the bound left out. A complete search with no bound
// proves and needs no refutation.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "explorer/verdicts.hpp"

namespace dcsim::explorer {

struct RefuteBudget {
  unsigned raise_by = 2;                // bounds tried past the candidate's own: K+1 .. K+raise_by
  std::uint64_t max_executions = 5000;  // per raised bound
  std::uint64_t pct_runs = 300;
  std::uint64_t random_runs = 300;
  std::uint64_t seed = 1;               // both samplers
  unsigned pct_depth = 3;
};

struct RefuteStep {
  std::string what;  // "bound 4", "pct", "random"
  SearchPlan plan;   // as it ran
  Outcome outcome;
};

struct Refutation {
  bool needed = false;   // false: the candidate's own search proves it
  bool refuted = false;
  std::vector<RefuteStep> steps;           // in the order run; the last refutes, if refuted
  std::optional<unsigned> holds_within;    // the highest bound explored completely, no failure
  std::string raising_stopped;             // why the bounds stopped rising before the budget's end
  std::uint64_t sampled_runs = 0;          // pct and random runs with no failure
  const RefuteStep* by() const { return refuted ? &steps.back() : nullptr; }
};

// `candidate` is the setup whose search found no failure (`found`).
Refutation refute(const Setup& candidate, const Outcome& found, const RefuteBudget& budget);

// "holds within bound 4 (5 executions), 300 pct runs (seed 1, depth 3), 300
// random runs (seed 1)" or "refuted at bound 4: bug after 12 executions";
// "proven: complete unbounded search" when no refutation was needed.
std::string refutation_summary(const Refutation& r, const Outcome& found);

}  // namespace dcsim::explorer

// The verdict of one scenario under many rule assignments, for bisect and
// blame. Each verdict is an exploration with the scenario's bounds, run once
// per distinct assignment; assignments asked for ahead are explored in
// parallel threads (one exploration per OS thread: sim's current-execution
// state is thread_local and each exploration owns its stack pool).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "explorer/session.hpp"
#include "explorer/verdict/bound.hpp"

namespace dcsim::explorer {

struct Outcome {
  bool fails = false;            // a failure (of setup.failure_kind, if set) was found
  sim::Verdict kind = sim::Verdict::Ok;
  bool complete = false;         // every execution within the bounds was explored
  std::string stopped_by;        // "" if complete; "failure", "max-executions"
  std::uint64_t executions = 0;
  std::optional<FoundFailure> failure;
  SearchBound bound;             // within which bound "no failure" holds
};

// One exploration of `setup`, stopping at the first failure that counts.
Outcome outcome_of(const SearchPlan& plan);
Outcome outcome_of(const Setup& setup);

struct Evaluation {
  model::RuleSet rules;
  Outcome outcome;
};

// A rule assignment as one string: the era and every rule's value.
std::string assignment_key(const model::RuleSet& rules);

class VerdictCache {
 public:
  // `base` gives the scenario, its bounds and the failure kind that counts.
  VerdictCache(Setup base, unsigned jobs);

  // The verdict under `rules`; explored on the first request only.
  const Outcome& evaluate(const model::RuleSet& rules);
  // Explores the assignments not yet known, `jobs` at a time, in order;
  // stops after a batch with a failure if `until_failure` (the caller will
  // stop there). Does not count as asking: the log is unchanged.
  void prefetch(const std::vector<model::RuleSet>& rules, bool until_failure);

  // The distinct assignments asked for through evaluate(), in order: what
  // the output reports, the same for any number of jobs.
  const std::vector<Evaluation>& log() const { return log_; }
  // Explorations actually run, including ones prefetched and never asked for.
  std::size_t explorations_run() const { return known_.size(); }
  Setup setup_with(const model::RuleSet& rules) const;
  // A new cache over the same scenario and bounds counting only `kind`.
  VerdictCache counting(sim::Verdict kind) const;
  unsigned jobs() const { return jobs_; }
  const Setup& base() const { return base_; }

 private:
  Setup base_;
  unsigned jobs_;
  std::map<std::string, Outcome> known_;
  std::map<std::string, std::size_t> logged_;  // key -> index in log_
  std::vector<Evaluation> log_;
};

}  // namespace dcsim::explorer

// Within which bound a search found nothing: an "ok" is a claim a kernel
// engineer acts on, so no report prints it without the bound it holds
// within. "ok" alone is kept for a complete search with no preemption bound.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/result/explore_result.hpp"

namespace dcsim::explorer {

struct SearchBound {
  std::string strategy;                 // as the result names it
  bool complete = false;                // every execution within `preemptions` was explored
  std::string stopped_by;               // "" if complete: "failure", "max-executions", ...
  std::optional<unsigned> preemptions;  // the preemption bound, if any
  bool sampled = false;                 // pct, random: a sample of runs, never complete
  std::optional<std::uint64_t> seed;    // samplers
  std::uint64_t executions = 0;
};

SearchBound bound_of(const ExploreResult& r);

// A complete search with no preemption bound: the only one that proves.
bool proves(const SearchBound& b);

// What a search that found no failure may claim: "ok", "ok within 3
// preemptions", "ok in 500 sampled runs (random, seed 1)", or "no failure
// found, search cut short by --max-executions after 100 executions".
std::string no_failure_text(const SearchBound& b);
// The bound alone, for a failure or a claim: "complete, unbounded",
// "complete within 3 preemptions", "500 sampled runs (pct, seed 1)",
// "cut short by --max-executions (within 3 preemptions)".
std::string bound_text(const SearchBound& b);

// {"complete", "proves", "preemptions", "sampled_runs", "seed", "stopped_by", "claim"}.
nlohmann::ordered_json bound_json(const SearchBound& b);
// An explore report's "verdict": the claim ("ok within 3 preemptions", or
// the first failure's kind), whether it is proven, and the bound.
nlohmann::ordered_json verdict_json(const ExploreResult& r);

}  // namespace dcsim::explorer

#include "explorer/verdict/bound.hpp"

#include <fmt/format.h>

namespace dcsim::explorer {

SearchBound bound_of(const ExploreResult& r) {
  SearchBound b;
  b.strategy = r.strategy;
  b.complete = r.complete;
  b.stopped_by = r.stopped_by;
  b.preemptions = r.preemption_bound;
  b.sampled = r.strategy == "pct" || r.strategy == "random";
  b.seed = r.seed;
  b.executions = r.executions;
  if (b.sampled) b.complete = false;  // a sample covers no space, whatever the units say
  return b;
}

bool proves(const SearchBound& b) { return b.complete && !b.preemptions && !b.sampled; }

namespace {
std::string plural(std::uint64_t n, const char* one) { return fmt::format("{} {}{}", n, one, n == 1 ? "" : "s"); }

std::string option_of(const std::string& stopped_by) {
  if (stopped_by == "failure") return "the first failure";
  if (stopped_by == "max-time") return "--max-time";
  return "--" + stopped_by;
}

std::string sampled_text(const SearchBound& b) {
  return fmt::format("{} ({}{})", plural(b.executions, "sampled run"), b.strategy,
                     b.seed ? fmt::format(", seed {}", *b.seed) : "");
}
}  // namespace

std::string no_failure_text(const SearchBound& b) {
  if (b.sampled) return "ok in " + sampled_text(b);
  if (b.complete)
    return b.preemptions ? fmt::format("ok within {}", plural(*b.preemptions, "preemption")) : "ok";
  return fmt::format("no failure found, search cut short by {} after {}{}", option_of(b.stopped_by),
                     plural(b.executions, "execution"),
                     b.preemptions ? fmt::format(" (within {})", plural(*b.preemptions, "preemption")) : "");
}

std::string bound_text(const SearchBound& b) {
  if (b.sampled) return sampled_text(b);
  const std::string within = b.preemptions ? fmt::format("within {}", plural(*b.preemptions, "preemption")) : "";
  if (b.complete) return b.preemptions ? "complete " + within : "complete, unbounded";
  return fmt::format("cut short by {}{}", option_of(b.stopped_by), within.empty() ? "" : " (" + within + ")");
}

nlohmann::ordered_json bound_json(const SearchBound& b) {
  nlohmann::ordered_json j;
  j["complete"] = b.complete;
  j["proves"] = proves(b);
  j["preemptions"] = b.preemptions ? nlohmann::ordered_json(*b.preemptions) : nlohmann::ordered_json(nullptr);
  j["sampled_runs"] = b.sampled ? nlohmann::ordered_json(b.executions) : nlohmann::ordered_json(nullptr);
  j["seed"] = b.sampled && b.seed ? nlohmann::ordered_json(*b.seed) : nlohmann::ordered_json(nullptr);
  j["stopped_by"] = b.stopped_by.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(b.stopped_by);
  j["claim"] = bound_text(b);
  return j;
}

nlohmann::ordered_json verdict_json(const ExploreResult& r) {
  const SearchBound b = bound_of(r);
  const bool failed = r.verdicts.failures() > 0;
  nlohmann::ordered_json j;
  if (r.first_failure)
    j["claim"] = std::string(sim::to_string(r.first_failure->failure.kind));
  else
    j["claim"] = failed ? "failures, none of the kind or site looked for" : no_failure_text(b);
  j["fails"] = failed;
  j["bound"] = bound_json(b);
  return j;
}

}  // namespace dcsim::explorer

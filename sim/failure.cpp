#include "sim/failure.hpp"

namespace dcsim::sim {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::Ok: return "ok";
    case Verdict::Deadlock: return "deadlock";
    case Verdict::Bug: return "bug";
    case Verdict::UseAfterFree: return "use-after-free";
    case Verdict::Expectation: return "expectation";
    case Verdict::StepBound: return "step-bound";
    case Verdict::Internal: return "internal";
  }
  return "?";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (Verdict v : kAllVerdicts)
    if (to_string(v) == s) return v;
  return std::nullopt;
}

}  // namespace dcsim::sim

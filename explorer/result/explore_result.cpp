#include "explorer/result/explore_result.hpp"

namespace dcsim::explorer {

std::uint64_t VerdictCounts::failures() const {
  std::uint64_t total = 0;
  for (sim::Verdict v : sim::kAllVerdicts)
    if (v != sim::Verdict::Ok) total += (*this)[v];
  return total;
}

}  // namespace dcsim::explorer

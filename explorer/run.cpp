#include "explorer/run.hpp"

#include "explorer/result/preemption.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim::explorer {

sim::ThreadId ReplayChooser::choose(const sim::Execution& ex,
                                    const std::vector<sim::ThreadId>& enabled) {
  sim::ThreadId pick;
  if (next_ < schedule_.size()) {
    pick = schedule_[next_];
    if (!std::binary_search(enabled.begin(), enabled.end(), pick)) {
      if (!error_) {
        std::string names;
        for (sim::ThreadId t : enabled)
          names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", t, ex.thread_name(t));
        error_ = pick < ex.thread_count()
                     ? fmt::format("schedule step {} names thread {} ({}), which is not enabled "
                                   "then; enabled: {}",
                                   next_ + 1, pick, ex.thread_name(pick), names)
                     : fmt::format("schedule step {} names thread {}, but the scenario has only "
                                   "{} thread{} (0..{})",
                                   next_ + 1, pick, ex.thread_count(), ex.thread_count() == 1 ? "" : "s",
                                   ex.thread_count() - 1);
      }
      pick = enabled.front();
    }
    ++next_;
  } else if (std::binary_search(enabled.begin(), enabled.end(), last_)) {
    pick = last_;
  } else {
    pick = enabled.front();
  }
  last_ = pick;
  return pick;
}

void PreemptionCount::chose(const std::vector<sim::ThreadId>& enabled, sim::ThreadId t) {
  count_ += preemption_cost(last_, std::binary_search(enabled.begin(), enabled.end(), last_), t);
  last_ = t;
}

}  // namespace dcsim::explorer

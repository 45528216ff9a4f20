// Running single executions: under a fixed schedule (replay), and the
// bookkeeping every strategy shares.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "explorer/schedule.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

// Follows a schedule; past its end, keeps running the thread that ran last
// while it can, else the lowest-numbered enabled thread (no preemptions).
class ReplayChooser : public sim::Chooser {
 public:
  explicit ReplayChooser(Schedule s) : schedule_(std::move(s)) {}
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override;
  // Set when the schedule named a thread that was not enabled at that step.
  const std::optional<std::string>& error() const { return error_; }

 private:
  Schedule schedule_;
  std::size_t next_ = 0;
  sim::ThreadId last_ = sim::kNoThread;
  std::optional<std::string> error_;
};

// Counts preemptions as a schedule is chosen: switching away from a thread
// that could have gone on costs one; blocking and finishing switch for free.
class PreemptionCount {
 public:
  void chose(const std::vector<sim::ThreadId>& enabled, sim::ThreadId t);
  unsigned value() const { return count_; }

 private:
  sim::ThreadId last_ = sim::kNoThread;
  unsigned count_ = 0;
};

}  // namespace dcsim::explorer

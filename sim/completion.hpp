// struct completion (kernel/sched/completion.c): wait_for_completion()
// sleeps until done > 0 and consumes one; complete() adds one,
// complete_all() lets every present and future waiter through.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "sim/execution.hpp"

namespace dcsim::sim {

class Completion : public Gate {
 public:
  Completion(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }
  unsigned done() const { return done_; }

  // Who is expected to complete it: the far end of a wait-for edge.
  void set_completers(std::vector<ThreadId> c) { completers_ = std::move(c); }

  void wait_for_completion();
  void complete();
  void complete_all();

  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  static constexpr unsigned kAll = std::numeric_limits<unsigned>::max();  // UINT_MAX, as complete_all sets
  Execution& ex_;
  ObjectId id_;
  unsigned done_ = 0;
  std::vector<ThreadId> completers_;
};

}  // namespace dcsim::sim

#include "sim/completion.hpp"
#include "sim/lockdep.hpp"

namespace dcsim::sim {

Completion::Completion(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("completion", std::move(name), container)) {}

void Completion::wait_for_completion() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->wait(ex_, id_);
  ex_.visible(Footprint("wait_for_completion", {id_, Access::Acquire}), this);
  ex_.access(id_, Made::Write, "done");
  if (done_ != kAll) --done_;
}

void Completion::complete() {
  ex_.visible(Footprint("complete", {id_, Access::Release}));
  if (LockdepTrace* ld = ex_.lockdep()) ld->wake(ex_, id_);
  ex_.access(id_, Made::Write, "done");
  if (done_ != kAll) ++done_;
}

void Completion::complete_all() {
  ex_.visible(Footprint("complete_all", {id_, Access::Release}));
  if (LockdepTrace* ld = ex_.lockdep()) ld->wake(ex_, id_);
  ex_.access(id_, Made::Write, "done");
  done_ = kAll;
}

bool Completion::open(const Execution&, ThreadId) const { return done_ > 0; }

void Completion::explain(const Execution& ex, ThreadId t, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "completed only by";
  for (ThreadId c : completers_)
    if (c != t && !ex.finished(c)) edge.waits_for.push_back(c);
}

}  // namespace dcsim::sim

#include "sim/rwsem.hpp"
#include "sim/lockdep.hpp"

#include <algorithm>

namespace dcsim::sim {

RwSemaphore::RwSemaphore(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("rw_semaphore", std::move(name), container)) {
  read_gate_.sem = this;
  write_gate_.sem = this;
}

void RwSemaphore::down_read() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->attempt(ex_, id_, LockRead::Read);
  ex_.visible(Footprint("down_read", {id_, Access::AcquireShared}), &read_gate_);
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::Read);
  ex_.access(id_, Made::AcquireShared, "readers");
  ex_.lock_event(EventKind::AcquireShared, id_);
  readers_.push_back(ex_.self());
}

void RwSemaphore::up_read() {
  ex_.visible(Footprint("up_read", {id_, Access::Release}));
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.access(id_, Made::Write, "readers");
  ex_.lock_event(EventKind::Release, id_);
  auto it = std::find(readers_.begin(), readers_.end(), ex_.self());
  if (it != readers_.end()) readers_.erase(it);
}

void RwSemaphore::down_write() {
  ex_.visible(Footprint("down_write", {id_, Access::Acquire}));
  LockdepTrace* ld = ex_.lockdep();
  if (ld) ld->writer(ex_, id_);
  ex_.access(id_, Made::Write, "writer");
  if (free_for_writer() && queued_.empty()) {
    if (ld) ld->acquire(ex_, id_, LockRead::Write);
    ex_.lock_event(EventKind::Acquire, id_);
    writer_ = ex_.self();
    return;
  }
  ex_.result("busy: queued");
  if (ld) ld->attempt(ex_, id_, LockRead::Write);
  queued_.push_back(ex_.self());
  ex_.visible(Footprint("down_write (sleep)", {id_, Access::Acquire}), &write_gate_);
  ex_.access(id_, Made::Write, "wait_list");
  queued_.erase(queued_.begin());
  if (ld) ld->acquire(ex_, id_, LockRead::Write);
  ex_.lock_event(EventKind::Acquire, id_);
  writer_ = ex_.self();
}

void RwSemaphore::up_write() {
  ex_.visible(Footprint("up_write", {id_, Access::Release}));
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.access(id_, Made::Write, "writer");
  ex_.lock_event(EventKind::Release, id_);
  writer_ = kNoThread;
}

bool RwSemaphore::ReadGate::open(const Execution&, ThreadId) const {
  return sem->writer_ == kNoThread && sem->queued_.empty();
}

void RwSemaphore::ReadGate::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = sem->id_;
  edge.relation = sem->writer_ != kNoThread ? "write-held by" : "queued behind the writer";
  if (sem->writer_ != kNoThread) edge.waits_for.push_back(sem->writer_);
  edge.waits_for.insert(edge.waits_for.end(), sem->queued_.begin(), sem->queued_.end());
}

bool RwSemaphore::WriteGate::open(const Execution&, ThreadId t) const {
  return sem->free_for_writer() && !sem->queued_.empty() && sem->queued_.front() == t;
}

void RwSemaphore::WriteGate::explain(const Execution&, ThreadId t, WaitEdge& edge) const {
  edge.object = sem->id_;
  edge.relation = "held by";
  edge.waits_for = sem->readers_;
  if (sem->writer_ != kNoThread) edge.waits_for.push_back(sem->writer_);
  for (ThreadId w : sem->queued_) {
    if (w == t) break;
    edge.waits_for.push_back(w);
  }
}

}  // namespace dcsim::sim

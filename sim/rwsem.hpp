// struct rw_semaphore (i_rwsem of E3) with the kernel's fairness: a writer
// that found the lock busy queues itself, and from then on new readers wait
// behind it (kernel/locking/rwsem-xadd.c: a reader fails the fast path while
// RWSEM_WAITING_BIAS is set and joins the wait list after the writer).
#pragma once
#include <string>
#include <vector>

#include "sim/execution.hpp"

namespace dcsim::sim {

class RwSemaphore {
 public:
  RwSemaphore(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }

  void down_read();
  void up_read();
  // Two visible steps when contended: the failed attempt, which queues the
  // writer, then the sleep until it is first in line and the lock is free.
  void down_write();
  void up_write();

  const std::vector<ThreadId>& readers() const { return readers_; }
  ThreadId writer() const { return writer_; }
  const std::vector<ThreadId>& queued_writers() const { return queued_; }

 private:
  struct ReadGate : Gate {
    const RwSemaphore* sem;
    bool open(const Execution& ex, ThreadId t) const override;
    void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;
  };
  struct WriteGate : Gate {
    const RwSemaphore* sem;
    bool open(const Execution& ex, ThreadId t) const override;
    void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;
  };
  bool free_for_writer() const { return writer_ == kNoThread && readers_.empty(); }

  Execution& ex_;
  ObjectId id_;
  std::vector<ThreadId> readers_;
  ThreadId writer_ = kNoThread;
  std::vector<ThreadId> queued_;  // writers that found the lock busy, in arrival order
  ReadGate read_gate_;
  WriteGate write_gate_;
};

}  // namespace dcsim::sim

// Work queues with the kernel's semantics (kernel/workqueue.c, 3.14-3.18):
// a workqueue_struct served by worker threads (daemons, "kworker/N"), work
// items that are queued at most once (queue_work() on a pending item is a
// no-op), flush_work() waiting for the last queued instance, and ordered
// (single-threaded) queues that run one item at a time in queueing order.
//
// A flusher's wait is a wait-for edge to the worker that runs (or must run)
// the item, so a deadlock report's cycle can run through a work item: "T
// waits for the completion of W on kworker/0; kworker/0, running W, waits
// for L held by T".
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "sim/execution.hpp"

namespace dcsim::sim {

class WorkQueue;

// struct work_struct. `fn` runs on a worker thread; it may block, queue and
// flush work like any kernel code.
class Work : public Gate {
 public:
  Work(Execution& ex, std::string name, std::function<void()> fn);
  ObjectId id() const { return id_; }
  const std::string& name() const { return name_; }
  bool pending() const { return pending_; }
  bool running() const { return runner_ != kNoThread; }
  // Instances queued and instances finished so far.
  std::uint64_t queued() const { return queued_; }
  std::uint64_t done() const { return done_; }

  // flush_work()'s wait.
  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  friend class WorkQueue;
  friend bool flush_work(Work& w);
  friend bool queue_work(WorkQueue& wq, Work& w, std::string_view op);
  ObjectId id_;
  std::string name_;
  std::function<void()> fn_;
  WorkQueue* wq_ = nullptr;  // where it was last queued
  bool pending_ = false;
  ThreadId runner_ = kNoThread;
  std::uint64_t queued_ = 0, done_ = 0, running_instance_ = 0;
  // The instance each flusher waits for (flush_work's barrier).
  std::vector<std::pair<ThreadId, std::uint64_t>> flushers_;
};

// struct workqueue_struct with its pool of worker threads. `ordered`
// (alloc_ordered_workqueue) runs one item at a time, so it has one worker.
class WorkQueue : public Gate {
 public:
  WorkQueue(Execution& ex, std::string name, unsigned workers, bool ordered = false);
  ObjectId id() const { return id_; }
  const std::string& name() const { return name_; }
  bool ordered() const { return ordered_; }
  const std::vector<ThreadId>& workers() const { return workers_; }
  bool idle() const;

  // worker_thread()'s wait for work.
  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  friend bool queue_work(WorkQueue& wq, Work& w, std::string_view op);
  friend class Work;
  void worker_thread(unsigned n);
  // The first queued item no other worker is running (non-reentrant since 3.7).
  std::deque<Work*>::const_iterator runnable() const;

  Execution& ex_;
  ObjectId id_;
  std::string name_;
  bool ordered_;
  std::deque<Work*> queue_;
  std::vector<ThreadId> workers_;
  unsigned busy_ = 0;
};

// queue_work(): one visible step; false (and nothing done) if `w` is pending.
bool queue_work(WorkQueue& wq, Work& w, std::string_view op = "queue_work");
// schedule_delayed_work(): the timer fires at some later point the scheduler
// picks, which is what a worker taking the item at any later step models; so
// it is queue_work() under another name.
bool schedule_delayed_work(WorkQueue& wq, Work& w);
// flush_work(): waits until the last queued instance of `w` (pending or
// running when called) has finished; false if there was none.
bool flush_work(Work& w);

}  // namespace dcsim::sim

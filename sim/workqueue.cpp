#include "sim/workqueue.hpp"
#include "sim/lockdep.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim::sim {

// ---- Work ----

Work::Work(Execution& ex, std::string name, std::function<void()> fn)
    : id_(ex.objects().add("work_struct", name)), name_(std::move(name)), fn_(std::move(fn)) {}

bool Work::open(const Execution&, ThreadId t) const {
  for (const auto& [flusher, instance] : flushers_)
    if (flusher == t) return done_ >= instance;
  return true;
}

// The flusher waits for whoever runs the instance it waits for: the worker
// running it now, else the queue's workers, all busy (an idle one would be
// runnable), and on an ordered queue busy with the items queued before it.
void Work::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = id_;
  if (runner_ != kNoThread && !pending_) {
    edge.relation = fmt::format("waiting for the completion of {}, run by", name_);
    edge.waits_for = {runner_};
    return;
  }
  edge.relation = fmt::format("waiting for the completion of {}, queued on {}, whose workers are", name_,
                              wq_ ? wq_->name() : std::string("?"));
  if (wq_) edge.waits_for = wq_->workers();
}

// ---- WorkQueue ----

WorkQueue::WorkQueue(Execution& ex, std::string name, unsigned workers, bool ordered)
    : ex_(ex), id_(ex.objects().add("workqueue_struct", name)), name_(std::move(name)), ordered_(ordered) {
  if (ordered_) workers = 1;
  for (unsigned n = 0; n < workers; ++n)
    workers_.push_back(ex.spawn(fmt::format("kworker/{}", n), [this, n] { worker_thread(n); },
                                /*daemon=*/true));
}

bool WorkQueue::idle() const { return queue_.empty() && busy_ == 0; }

std::deque<Work*>::const_iterator WorkQueue::runnable() const {
  if (ordered_ && busy_ > 0) return queue_.end();
  return std::find_if(queue_.begin(), queue_.end(), [](const Work* w) { return !w->running(); });
}

bool WorkQueue::open(const Execution&, ThreadId) const { return runnable() != queue_.end(); }

void WorkQueue::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "idle, waiting for work from";
}

// kernel/workqueue.c (3.14) worker_thread -> process_one_work: take the
// first item, clear its PENDING bit, run it, then complete its flushers.
void WorkQueue::worker_thread(unsigned) {
  for (;;) {
    Work* w = nullptr;
    {
      KernelFunction fn("worker_thread");
      ex_.visible(Footprint("worker_thread: dequeue", {id_, Access::Write}), this);
      ex_.access(id_, Made::Write, "worklist");
      auto it = runnable();
      w = *it;
      queue_.erase(it);
      ex_.access(w->id_, Made::Write, "PENDING");
      w->pending_ = false;
      w->runner_ = ex_.self();
      w->running_instance_ = w->queued_;
      ++busy_;
      if (ex_.tracing()) ex_.result(w->name_);
    }
    {
      KernelFunction fn("process_one_work");
      // lock_map_acquire(&work->lockdep_map) around the work function.
      if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, w->id_, LockRead::Write);
      w->fn_();
      if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, w->id_);
      // The queue too: a worker may be waiting for this item to stop
      // running before it can take its next instance.
      ex_.visible(Footprint("process_one_work: done", {w->id_, Access::Write}, {id_, Access::Write}));
      ex_.access(w->id_, Made::Write, "done");
      ex_.access(id_, Made::Write, "busy");
      w->done_ = w->running_instance_;
      w->runner_ = kNoThread;
      --busy_;
    }
  }
}

// kernel/workqueue.c (3.14) queue_work_on: test_and_set_bit(PENDING), then
// insert_work() under the pool's lock.
bool queue_work(WorkQueue& wq, Work& w, std::string_view op) {
  Execution& ex = Execution::current();
  ex.visible(Footprint(op, {w.id(), Access::Write}, {wq.id(), Access::Write}));
  ex.access(w.id(), Made::Write, "PENDING");
  ex.access(wq.id(), Made::Write, "worklist");
  if (w.pending_) {
    if (ex.tracing()) ex.result("already pending: no-op");
    return false;
  }
  w.pending_ = true;
  w.wq_ = &wq;
  ++w.queued_;
  wq.queue_.push_back(&w);
  if (ex.tracing()) ex.result(fmt::format("queued on {}", wq.name()));
  return true;
}

bool schedule_delayed_work(WorkQueue& wq, Work& w) { return queue_work(wq, w, "schedule_delayed_work"); }

// kernel/workqueue.c (3.14) flush_work: start_flush_work() inserts a barrier
// behind the pending or running instance; then wait_for_completion().
bool flush_work(Work& w) {
  Execution& ex = Execution::current();
  KernelFunction fn("flush_work");
  // lock_map_acquire(&work->lockdep_map); lock_map_release(): the flusher's
  // locks order before everything the work function takes.
  if (LockdepTrace* ld = ex.lockdep()) {
    ld->acquire(ex, w.id(), LockRead::Write);
    ld->release(ex, w.id());
  }
  ex.visible(Footprint("start_flush_work", {w.id(), Access::Read}));
  ex.access(w.id(), Made::Read, "PENDING");
  if (!w.pending_ && !w.running()) {
    if (ex.tracing()) ex.result("idle: nothing to wait for");
    return false;
  }
  const ThreadId me = ex.self();
  ex.access(w.id(), Made::Write, "barrier");
  w.flushers_.emplace_back(me, w.queued_);
  if (ex.tracing()) ex.result(fmt::format("waits for instance {}", w.queued_));
  ex.visible(Footprint("wait_for_completion", {w.id(), Access::Wait}), &w);
  w.flushers_.erase(std::find_if(w.flushers_.begin(), w.flushers_.end(),
                                 [me](const auto& f) { return f.first == me; }));
  return true;
}

}  // namespace dcsim::sim

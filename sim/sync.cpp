#include "sim/sync.hpp"
#include "sim/lockdep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

namespace dcsim::sim {

namespace {
void erase_one(std::vector<ThreadId>& v, ThreadId t) {
  auto it = std::find(v.begin(), v.end(), t);
  if (it != v.end()) v.erase(it);
}
}  // namespace

// ---- Semaphore ----

Semaphore::Semaphore(Execution& ex, std::string name, int count, ObjectId container)
    : ex_(ex), id_(ex.objects().add("semaphore", std::move(name), container)), count_(count) {}

void Semaphore::down() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->attempt(ex_, id_, LockRead::Write);
  ex_.visible(Footprint("down", {id_, Access::Acquire}), this);
  down_effect();
}

void Semaphore::up() {
  ex_.visible(Footprint("up", {id_, Access::Release}));
  up_effect();
}

void Semaphore::down_effect() {
  ex_.access(id_, Made::Write, "count");
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::Write);
  ex_.lock_event(EventKind::Acquire, id_);
  --count_;
  holders_.push_back(ex_.self());
}

void Semaphore::up_effect() {
  ex_.access(id_, Made::Write, "count");
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.lock_event(EventKind::Release, id_);
  ++count_;
  // A semaphore may be released by a task other than the one that took it.
  if (std::find(holders_.begin(), holders_.end(), ex_.self()) != holders_.end())
    erase_one(holders_, ex_.self());
  else if (!holders_.empty())
    holders_.erase(holders_.begin());
}

bool Semaphore::open(const Execution&, ThreadId) const { return count_ > 0; }

void Semaphore::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "held by";
  edge.waits_for = holders_;
}

// ---- Mutex ----

Mutex::Mutex(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("mutex", std::move(name), container)) {}

void Mutex::mutex_lock() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->attempt(ex_, id_, LockRead::Write);
  ex_.visible(Footprint("mutex_lock", {id_, Access::Acquire}), this);
  lock_effect();
}

void Mutex::mutex_unlock() {
  ex_.visible(Footprint("mutex_unlock", {id_, Access::Release}));
  unlock_effect();
}

void Mutex::lock_effect() {
  ex_.access(id_, Made::Write, "owner");
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::Write);
  ex_.lock_event(EventKind::Acquire, id_);
  owner_ = ex_.self();
}

void Mutex::unlock_effect() {
  ex_.access(id_, Made::Write, "owner");
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.lock_event(EventKind::Release, id_);
  if (owner_ != ex_.self())
    ex_.fail(Verdict::Bug,
             fmt::format("BUG: mutex_unlock of {} by {}, which does not own it (owner: {})",
                         ex_.objects().describe(id_), ex_.thread_name(ex_.self()),
                         owner_ == kNoThread ? std::string("none") : ex_.thread_name(owner_)),
             id_);
  owner_ = kNoThread;
}

bool Mutex::open(const Execution&, ThreadId) const { return owner_ == kNoThread; }

void Mutex::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "held by";
  if (owner_ != kNoThread) edge.waits_for = {owner_};
}

// ---- SpinLock ----

SpinLock::SpinLock(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("spinlock", std::move(name), container)) {}

void SpinLock::spin_lock() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->attempt(ex_, id_, LockRead::Write);
  ex_.visible(Footprint("spin_lock", {id_, Access::Acquire}), this);
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::Write);
  ex_.access(id_, Made::Write, "holder");
  ex_.lock_event(EventKind::Acquire, id_);
  holder_ = ex_.self();
}

void SpinLock::spin_unlock() {
  ex_.visible(Footprint("spin_unlock", {id_, Access::Release}));
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.access(id_, Made::Write, "holder");
  ex_.lock_event(EventKind::Release, id_);
  holder_ = kNoThread;
}

bool SpinLock::open(const Execution&, ThreadId) const { return holder_ == kNoThread; }

void SpinLock::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "held by";
  if (holder_ != kNoThread) edge.waits_for = {holder_};
}

// ---- RwLock ----

RwLock::RwLock(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("rwlock", std::move(name), container)) {
  read_gate_.lock = this;
  write_gate_.lock = this;
}

void RwLock::read_lock() {
  ex_.visible(Footprint("read_lock", {id_, Access::AcquireShared}), &read_gate_);
  read_lock_effect();
}
void RwLock::read_unlock() {
  ex_.visible(Footprint("read_unlock", {id_, Access::Release}));
  read_unlock_effect();
}
void RwLock::write_lock() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->attempt(ex_, id_, LockRead::Write);
  ex_.visible(Footprint("write_lock", {id_, Access::Acquire}), &write_gate_);
  write_lock_effect();
}
void RwLock::write_unlock() {
  ex_.visible(Footprint("write_unlock", {id_, Access::Release}));
  write_unlock_effect();
}
// read_lock is a recursive read for lockdep (rwlock_acquire_read, read == 2).
void RwLock::read_lock_effect() {
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::RecursiveRead);
  ex_.access(id_, Made::AcquireShared, "readers");
  ex_.lock_event(EventKind::AcquireShared, id_);
  readers_.push_back(ex_.self());
}
void RwLock::read_unlock_effect() {
  ex_.access(id_, Made::Write, "readers");
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.lock_event(EventKind::Release, id_);
  erase_one(readers_, ex_.self());
}
void RwLock::write_lock_effect() {
  ex_.access(id_, Made::Write, "writer");
  if (LockdepTrace* ld = ex_.lockdep()) ld->acquire(ex_, id_, LockRead::Write);
  ex_.lock_event(EventKind::Acquire, id_);
  writer_ = ex_.self();
}
void RwLock::write_unlock_effect() {
  ex_.access(id_, Made::Write, "writer");
  if (LockdepTrace* ld = ex_.lockdep()) ld->release(ex_, id_);
  ex_.lock_event(EventKind::Release, id_);
  writer_ = kNoThread;
}

bool RwLock::ReadGate::open(const Execution&, ThreadId) const {
  return lock->writer_ == kNoThread;
}
void RwLock::ReadGate::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = lock->id_;
  edge.relation = "write-held by";
  if (lock->writer_ != kNoThread) edge.waits_for = {lock->writer_};
}
bool RwLock::WriteGate::open(const Execution&, ThreadId) const {
  return lock->writer_ == kNoThread && lock->readers_.empty();
}
void RwLock::WriteGate::explain(const Execution&, ThreadId, WaitEdge& edge) const {
  edge.object = lock->id_;
  edge.relation = "held by";
  edge.waits_for = lock->readers_;
  if (lock->writer_ != kNoThread) edge.waits_for.push_back(lock->writer_);
}

// ---- WaitQueue ----

WaitQueue::WaitQueue(Execution& ex, std::string name, ObjectId container)
    : ex_(ex), id_(ex.objects().add("wait queue", std::move(name), container)) {}

void WaitQueue::add_wait_queue() {
  ex_.visible(Footprint("add_wait_queue", {id_, Access::Write}));
  add_effect();
}
void WaitQueue::remove_wait_queue() {
  ex_.visible(Footprint("remove_wait_queue", {id_, Access::Write}));
  remove_effect();
}
void WaitQueue::wake_up() {
  ex_.visible(Footprint("wake_up", {id_, Access::Wake}));
  wake_up_effect();
}
void WaitQueue::add_effect() {
  ex_.access(id_, Made::Write, "task_list");
  waiters_.push_back(ex_.self());
}
void WaitQueue::remove_effect() {
  ex_.access(id_, Made::Write, "task_list");
  erase_one(waiters_, ex_.self());
}
void WaitQueue::wake_up_effect() {
  ex_.access(id_, Made::Write, "task_list");
  if (LockdepTrace* ld = ex_.lockdep()) ld->wake(ex_, id_);
  for (ThreadId t : waiters_)
    if (ex_.task_state(t) != TaskState::Running) ex_.set_task_state(t, TaskState::Running);
  if (ex_.tracing()) ex_.result(waiters_.empty() ? "no sleepers" : "woke sleepers");
}

bool WaitQueue::open(const Execution& ex, ThreadId t) const {
  return ex.task_state(t) == TaskState::Running;
}

void WaitQueue::explain(const Execution&, ThreadId t, WaitEdge& edge) const {
  edge.object = id_;
  edge.relation = "woken only by";
  for (ThreadId w : wakers_)
    if (w != t) edge.waits_for.push_back(w);
}

void set_current_state(TaskState s) {
  Execution& ex = Execution::current();
  ex.set_task_state(ex.self(), s);
}

void schedule(WaitQueue& q) {
  Execution& ex = Execution::current();
  if (LockdepTrace* ld = ex.lockdep()) ld->wait(ex, q.id());
  ex.visible(Footprint("schedule", {q.id(), Access::Wait}), &q);
}

// ---- lifetimes ----

StackObject::StackObject(std::string kind, std::string name)
    : ex_(Execution::current()),
      id_(ex_.objects().add_stack(std::move(kind), std::move(name), ex_.self(),
                                  std::string(ex_.function(ex_.self())))) {}

void StackObject::frame_return() {
  if (ended_) return;
  ended_ = true;
  ex_.visible(Footprint("return", {id_, Access::Free}));
  ex_.end_lifetime(id_);
}

StackObject::~StackObject() noexcept(false) {
  // While a failing or abandoned thread unwinds, the execution is over and
  // no further step may be taken.
  if (std::uncaught_exceptions() > 0) return;
  frame_return();
}

ObjectId kmalloc(std::string kind, std::string name) {
  Execution& ex = Execution::current();
  ObjectId id = ex.objects().add(std::move(kind), std::move(name));
  ex.note("kmalloc", id, "");
  return id;
}

void kfree(ObjectId id) {
  Execution& ex = Execution::current();
  ex.visible(Footprint("kfree", {id, Access::Free}));
  ex.end_lifetime(id);
}

}  // namespace dcsim::sim

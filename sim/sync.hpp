// Synchronisation primitives with the kernel's semantics, each a simulated
// object. A blocking acquire is a visible operation whose gate stays shut
// while the lock is unavailable; a sleeper is shut out until woken.
//
// Each primitive offers its visible operation (down, spin_lock, wake_up, ...)
// and the bare effect (`*_effect`) for model code that folds a short
// lock-protected sequence into one visible step with a wider footprint.
#pragma once
#include <string>
#include <vector>

#include "sim/execution.hpp"

namespace dcsim::sim {

// struct semaphore used as a sleeping lock (i_sem): down() sleeps while the
// count is zero.
class Semaphore : public Gate {
 public:
  Semaphore(Execution& ex, std::string name, int count = 1, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }
  int count() const { return count_; }

  void down();
  void up();
  void down_effect();
  void up_effect();

  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  Execution& ex_;
  ObjectId id_;
  int count_;
  std::vector<ThreadId> holders_;
};

// struct mutex (i_mutex, wq_mutex): a sleeping lock with an owner. Only the
// owner may unlock it; anyone else doing so is a BUG, as DEBUG_MUTEXES says.
class Mutex : public Gate {
 public:
  Mutex(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }
  ThreadId owner() const { return owner_; }

  void mutex_lock();
  void mutex_unlock();
  void lock_effect();
  void unlock_effect();

  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  Execution& ex_;
  ObjectId id_;
  ThreadId owner_ = kNoThread;
};

class SpinLock : public Gate {
 public:
  SpinLock(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }
  void spin_lock();
  void spin_unlock();
  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  Execution& ex_;
  ObjectId id_;
  ThreadId holder_ = kNoThread;
};

// rwlock_t: readers share, a writer excludes everyone. No writer preference
// (the kernel's spinning rwlock lets new readers in while a writer spins).
class RwLock {
 public:
  RwLock(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }
  void read_lock();
  void read_unlock();
  void write_lock();
  void write_unlock();
  const Gate& read_gate() const { return read_gate_; }
  const Gate& write_gate() const { return write_gate_; }
  void read_lock_effect();
  void read_unlock_effect();
  void write_lock_effect();
  void write_unlock_effect();

 private:
  struct ReadGate : Gate {
    const RwLock* lock;
    bool open(const Execution& ex, ThreadId t) const override;
    void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;
  };
  struct WriteGate : Gate {
    const RwLock* lock;
    bool open(const Execution& ex, ThreadId t) const override;
    void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;
  };
  Execution& ex_;
  ObjectId id_;
  std::vector<ThreadId> readers_;
  ThreadId writer_ = kNoThread;
  ReadGate read_gate_;
  WriteGate write_gate_;
};

// wait_queue_head_t. Sleeping is the kernel's three-step protocol:
// set_current_state(), add_wait_queue(), schedule(); wake_up() makes every
// queued task runnable and, like default_wake_function, leaves its entry
// queued until the sleeper removes it.
class WaitQueue : public Gate {
 public:
  WaitQueue(Execution& ex, std::string name, ObjectId container = kNoObject);
  ObjectId id() const { return id_; }

  // Who is expected to wake sleepers here; names the far end of a
  // wait-for edge in deadlock reports.
  void set_wakers(std::vector<ThreadId> wakers) { wakers_ = std::move(wakers); }
  const std::vector<ThreadId>& waiters() const { return waiters_; }

  void add_wait_queue();
  void remove_wait_queue();
  void wake_up();
  void add_effect();
  void remove_effect();
  void wake_up_effect();

  bool open(const Execution& ex, ThreadId t) const override;
  void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const override;

 private:
  Execution& ex_;
  ObjectId id_;
  std::vector<ThreadId> waiters_;
  std::vector<ThreadId> wakers_;
};

// set_current_state(): the caller's own task state; not visible to others.
void set_current_state(TaskState s);
// schedule() after queueing on `q`: returns once the task is runnable again.
void schedule(WaitQueue& q);

// An object in a kernel function's stack frame: its lifetime ends, as a
// visible step, when the C++ scope (the modelled function) returns normally.
class StackObject {
 public:
  StackObject(std::string kind, std::string name);
  ~StackObject() noexcept(false);
  StackObject(const StackObject&) = delete;
  StackObject& operator=(const StackObject&) = delete;
  ObjectId id() const { return id_; }
  // The frame is going away now; the destructor then does nothing.
  void frame_return();

 private:
  Execution& ex_;
  ObjectId id_;
  bool ended_ = false;
};

// kmalloc()/kfree() of a heap object.
ObjectId kmalloc(std::string kind, std::string name);
void kfree(ObjectId id);

}  // namespace dcsim::sim

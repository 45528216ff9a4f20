// One execution: a fresh world, its simulated threads as fibers, and the
// scheduler loop that asks a Chooser which enabled thread takes the next
// visible step. The runtime records (trace, failure); it never prints.
#pragma once
#include <boost/context/fiber.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/failure.hpp"
#include "sim/footprint.hpp"
#include "sim/ids.hpp"
#include "sim/objects.hpp"
#include "sim/stack_pool.hpp"
#include "sim/trace.hpp"
#include "sim/trace_events.hpp"

namespace dcsim::sim {

class Execution;
class LockdepTrace;

// Decides whether a pending operation may run now, and, when it may not,
// who the thread is waiting for (an edge of the wait-for graph).
class Gate {
 public:
  virtual ~Gate() = default;
  virtual bool open(const Execution& ex, ThreadId t) const = 0;
  virtual void explain(const Execution& ex, ThreadId t, WaitEdge& edge) const = 0;
};

// The model's world for one execution. Destroyed after every fiber is gone.
class World {
 public:
  virtual ~World() = default;
  // The state worth showing of each model object ("hashed, negative"), asked
  // after every step when ExecutionOptions::events is set.
  virtual void describe_states(std::vector<std::pair<ObjectId, std::string>>& /*out*/) const {}
};

class Program {
 public:
  virtual ~Program() = default;
  // Builds a fresh world in `ex`: objects, threads, daemons.
  virtual std::unique_ptr<World> setup(Execution& ex) const = 0;
  // Checked once all threads are done (or idle daemons); may call ex.fail_at_end().
  virtual void at_end(Execution& /*ex*/, World& /*world*/) const {}
};

class Chooser {
 public:
  virtual ~Chooser() = default;
  // `enabled` is non-empty and sorted by thread id. Returns one of its
  // members, or kNoThread to end the execution here, cut short: a search
  // that has seen what it needs (a branch already explored, the depth it
  // expands to) stops it by return value, never by throwing through run().
  virtual ThreadId choose(const Execution& ex, const std::vector<ThreadId>& enabled) = 0;
};

struct ExecutionOptions {
  std::uint64_t max_steps = 10000;
  bool trace = false;
  StackPool* stacks = nullptr;  // nullptr: the execution keeps its own
  bool lockdep = false;         // record lock acquisitions (sim/lockdep.hpp)
  bool events = false;          // record the EventLog (sim/trace_events.hpp) for visual outputs
};

enum class TaskState : std::uint8_t { Running, Uninterruptible, Interruptible };

class Execution {
 public:
  Execution(const Program& program, ExecutionOptions options);
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Runs the program to its end under `chooser`; returns how it ended.
  const Failure& run(Chooser& chooser);

  // ---- building the world (from Program::setup) ----
  ObjectTable& objects() { return objects_; }
  const ObjectTable& objects() const { return objects_; }
  ThreadId spawn(std::string_view name, std::function<void()> body, bool daemon = false);

  // ---- inside a simulated thread ----
  static Execution& current();
  // The execution whose simulated thread runs now on this OS thread;
  // nullptr in set-up code, the scheduler and Program::at_end.
  static Execution* running();
  ThreadId self() const { return running_; }
  // Declares the next visible operation and yields to the scheduler; returns
  // when the scheduler picks this thread and `gate` (if any) is open.
  void visible(const Footprint& fp, const Gate* gate = nullptr);
  // The result of this thread's last visible operation (trace only).
  void result(std::string text);
  // A local event inside the current step (trace only).
  void note(std::string_view op, ObjectId object, std::string result);
  // Ends the execution with a failure found by this thread.
  [[noreturn]] void fail(Verdict kind, std::string message, ObjectId object = kNoObject);
  // Ends an object's lifetime now (as part of the current visible step).
  void end_lifetime(ObjectId id);
  // Checked footprints (sim/shared.hpp): the running thread makes `a` of
  // `object`'s `field`. When checking, an
  // access its current step's footprint does not cover ends the execution
  // as a model error (Verdict::Internal) naming the step, the function, the
  // object and the access; the thread runs on to its next yield.
  void access(ObjectId object, Made a, std::string_view field = {}) {
    if (check_footprints_) check_access(object, a, field);
  }
  bool checking_footprints() const { return check_footprints_; }
  bool tracing() const { return options_.trace; }
  // The lock acquisitions of this execution; nullptr unless options.lockdep.
  LockdepTrace* lockdep() { return lockdep_.get(); }
  const LockdepTrace* lockdep() const { return lockdep_.get(); }
  // The structured event log; nullptr unless options.events.
  const EventLog* events() const { return events_.get(); }
  // The running thread took or dropped a lock (a branch when not recording).
  void lock_event(EventKind kind, ObjectId lock) {
    if (events_) record_lock(kind, lock);
  }

  void enter(std::string_view function);
  void leave();
  std::string_view function(ThreadId t) const;

  TaskState task_state(ThreadId t) const { return thread(t).state; }
  void set_task_state(ThreadId t, TaskState s) { thread(t).state = s; }

  // ---- queries (reports, choosers, invariants) ----
  std::uint64_t step() const { return step_; }
  const Trace& trace() const { return trace_; }
  const Failure& failure() const { return failure_; }
  // The chooser ended the execution (kNoThread); its failure() is Ok.
  bool cut_short() const { return cut_short_; }
  const std::vector<ThreadId>& schedule() const { return schedule_; }
  std::size_t thread_count() const { return nthreads_; }
  const std::string& thread_name(ThreadId t) const { return thread(t).name; }
  bool is_daemon(ThreadId t) const { return thread(t).daemon; }
  bool finished(ThreadId t) const { return thread(t).finished; }
  // The pending operation's footprint; nullptr once the thread finished.
  const Footprint* pending(ThreadId t) const;
  bool enabled(ThreadId t) const;
  // Records a failure found outside any thread (Program::at_end).
  void fail_at_end(Verdict kind, std::string message, ObjectId object = kNoObject);

 private:
  struct Thread {
    std::string name;
    std::function<void()> body;
    bool daemon = false;
    bool finished = false;
    TaskState state = TaskState::Running;
    Footprint pending;
    // The step it runs now (checked footprints): its footprint and index.
    Footprint step;
    std::uint64_t step_index = 0;
    bool in_step = false;  // false until its first visible step
    const Gate* gate = nullptr;
    std::vector<std::string_view> functions;
    boost::context::fiber fiber;      // the thread itself, while suspended
    boost::context::fiber scheduler;  // where to go back to, while running
    const void* stack_bottom = nullptr;  // for AddressSanitizer's stack switches
    std::size_t stack_size = 0;
    void* tsan_fiber = nullptr;   // ThreadSanitizer's state of the fiber
    void* tsan_return = nullptr;  // and of who resumed it
  };
  struct Halt {};  // unwinds a failing thread to its fiber entry
  // What one execution leaves to the next on the same OS thread, so that the
  // steady state of a search allocates nothing here: thread records with
  // their strings and call stacks, the schedule, the enabled set.
  struct Scratch {
    std::vector<std::unique_ptr<Thread>> threads;
    std::vector<ThreadId> schedule;
    std::vector<ThreadId> enabled;
    void swap(Scratch& o) noexcept {
      threads.swap(o.threads);
      schedule.swap(o.schedule);
      enabled.swap(o.enabled);
    }
  };
  struct Spares;  // per OS thread, in execution.cpp
  static Spares& spares();

  const Thread& thread(ThreadId t) const {
    if (t >= nthreads_) throw std::out_of_range("dcsim: no such thread");
    return *threads_[t];
  }
  Thread& thread(ThreadId t) {
    if (t >= nthreads_) throw std::out_of_range("dcsim: no such thread");
    return *threads_[t];
  }

  void start_thread(ThreadId t);
  void resume(ThreadId t);
  void yield_to_scheduler();
  void abort_threads();
  void record_failure(Failure f);
  void find_deadlock();
  void record_visible(ThreadId t);
  void check_access(ObjectId object, Made a, std::string_view field);
  void publish(const Footprint& fp);
  void record_lock(EventKind kind, ObjectId lock);
  void observe_states();
  void observe_blocked(const std::vector<ThreadId>& enabled);

  const Program& program_;
  ExecutionOptions options_;
  std::unique_ptr<StackPool> own_stacks_;
  StackPool* stacks_;
  ObjectTable objects_;
  // Boxed: fibers keep references across spawns. Records [nthreads_, size)
  // are kept from an earlier execution for reuse.
  std::vector<std::unique_ptr<Thread>> threads_;
  std::size_t nthreads_ = 0;
  std::vector<ThreadId> enabled_now_;
  std::unique_ptr<World> world_;
  std::unique_ptr<LockdepTrace> lockdep_;
  std::unique_ptr<EventLog> events_;
  std::vector<char> was_enabled_;  // events: per thread, at the previous scheduling point
  std::vector<std::pair<ObjectId, std::string>> states_;  // events: scratch
  ThreadId running_ = kNoThread;
  std::uint64_t step_ = 0;
  std::vector<ThreadId> schedule_;
  Trace trace_;
  Failure failure_;
  bool failed_ = false;
  bool cut_short_ = false;
  bool aborting_ = false;  // teardown: every suspended thread unwinds itself
  bool check_footprints_ = false;
  const void* scheduler_stack_bottom_ = nullptr;
  std::size_t scheduler_stack_size_ = 0;
};

// Brackets a modelled kernel function, so traces and reports can name it.
class KernelFunction {
 public:
  explicit KernelFunction(std::string_view name) : ex_(Execution::current()) { ex_.enter(name); }
  ~KernelFunction() { ex_.leave(); }
  KernelFunction(const KernelFunction&) = delete;
  KernelFunction& operator=(const KernelFunction&) = delete;

 private:
  Execution& ex_;
};

}  // namespace dcsim::sim

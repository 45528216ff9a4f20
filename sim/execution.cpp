#include "sim/execution.hpp"
#include "sim/lockdep.hpp"
#include "sim/shared.hpp"

#include <fmt/format.h>

#include <boost/context/preallocated.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <stdexcept>

#include "sim/sanitizers.hpp"

#if defined(DCSIM_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif

namespace dcsim::sim {

namespace {
thread_local Execution* current_execution = nullptr;

// AddressSanitizer must be told of every switch between fiber stacks, or it
// mistakes one stack's frames for another's (Boost's fcontext fibers do not
// say it themselves).
void asan_start_switch(void** fake_stack, const void* bottom, std::size_t size) {
#if defined(DCSIM_ASAN)
  __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#else
  (void)fake_stack, (void)bottom, (void)size;
#endif
}

void asan_finish_switch(void* fake_stack, const void** bottom, std::size_t* size) {
#if defined(DCSIM_ASAN)
  __sanitizer_finish_switch_fiber(fake_stack, bottom, size);
#else
  (void)fake_stack, (void)bottom, (void)size;
#endif
}
}  // namespace

// A few, since executions can nest (a probe run inside a search).
struct Execution::Spares {
  std::array<Scratch, 4> slots;
  std::size_t count = 0;
};

Execution::Spares& Execution::spares() {
  thread_local Spares spares;
  return spares;
}

Execution::Execution(const Program& program, ExecutionOptions options)
    : program_(program), options_(options) {
  if (options_.stacks) {
    stacks_ = options_.stacks;
  } else {
    own_stacks_ = std::make_unique<StackPool>();
    stacks_ = own_stacks_.get();
  }
  if (options_.lockdep) lockdep_ = std::make_unique<LockdepTrace>();
  check_footprints_ = footprint_checks_on();
  if (options_.events) events_ = std::make_unique<EventLog>();
  Spares& sp = spares();
  if (sp.count != 0) {
    Scratch mine;
    mine.swap(sp.slots[--sp.count]);
    threads_.swap(mine.threads);
    schedule_.swap(mine.schedule);
    enabled_now_.swap(mine.enabled);
    schedule_.clear();
  }
}


Execution::~Execution() {
  abort_threads();
  world_.reset();
  Spares& sp = spares();
  if (sp.count == sp.slots.size()) return;
  for (std::size_t t = 0; t < nthreads_; ++t) {
    Thread& th = *threads_[t];
    th.body = nullptr;  // its captures point into the world, now gone
    th.gate = nullptr;
  }
  Scratch& slot = sp.slots[sp.count++];
  slot.threads.swap(threads_);
  slot.schedule.swap(schedule_);
  slot.enabled.swap(enabled_now_);
}

// Threads still suspended (deadlock, failure, step bound) unwind themselves:
// resumed with aborting_ set, visible() throws Halt on their own stack, so
// destructors run there and the fiber ends normally, before the world they
// point into goes away.
void Execution::abort_threads() {
  aborting_ = true;
  for (ThreadId t = 0; t < nthreads_; ++t)
    if (threads_[t]->fiber) resume(t);
}

Execution& Execution::current() {
  if (!current_execution) throw std::logic_error("dcsim: no simulated thread is running");
  return *current_execution;
}

Execution* Execution::running() {
  Execution* ex = current_execution;
  return ex && ex->running_ != kNoThread ? ex : nullptr;
}

ThreadId Execution::spawn(std::string_view name, std::function<void()> body, bool daemon) {
  if (nthreads_ == threads_.size()) threads_.push_back(std::make_unique<Thread>());
  Thread& t = *threads_[nthreads_];
  t.name.assign(name);  // into the capacity an earlier execution left
  t.body = std::move(body);
  t.daemon = daemon;
  t.finished = false;
  t.state = TaskState::Running;
  t.pending = Footprint();
  t.gate = nullptr;
  t.functions.clear();
  t.step = Footprint();
  t.step_index = 0;
  t.in_step = false;
  t.stack_bottom = nullptr;
  t.stack_size = 0;
  t.tsan_fiber = nullptr;  // destroyed when its fiber ended
  return static_cast<ThreadId>(nthreads_++);
}

const Footprint* Execution::pending(ThreadId t) const {
  const Thread& th = thread(t);
  return th.finished ? nullptr : &th.pending;
}

bool Execution::enabled(ThreadId t) const {
  const Thread& th = thread(t);
  if (th.finished) return false;
  return th.gate == nullptr || th.gate->open(*this, t);
}

void Execution::resume(ThreadId t) {
  Thread& th = *threads_[t];
  Execution* saved = current_execution;
  current_execution = this;
  running_ = t;
  objects_.set_creator(t);
  void* fake_stack = nullptr;
  th.tsan_return = tsan::current_fiber();
  tsan::switch_to_fiber(th.tsan_fiber);
  asan_start_switch(&fake_stack, th.stack_bottom, th.stack_size);
  th.fiber = std::move(th.fiber).resume();
  asan_finish_switch(fake_stack, nullptr, nullptr);
  if (th.finished && th.tsan_fiber) {
    tsan::destroy_fiber(th.tsan_fiber);
    th.tsan_fiber = nullptr;
  }
  objects_.set_creator(kNoThread);
  running_ = kNoThread;
  current_execution = saved;
}

void Execution::yield_to_scheduler() {
  Thread& th = *threads_[running_];
  void* fake_stack = nullptr;
  tsan::switch_to_fiber(th.tsan_return);
  asan_start_switch(&fake_stack, scheduler_stack_bottom_, scheduler_stack_size_);
  th.scheduler = std::move(th.scheduler).resume();
  asan_finish_switch(fake_stack, &scheduler_stack_bottom_, &scheduler_stack_size_);
}

void Execution::start_thread(ThreadId t) {
  boost::context::stack_context sctx = stacks_->allocate();
  threads_[t]->stack_bottom = static_cast<char*>(sctx.sp) - sctx.size;
  threads_[t]->stack_size = sctx.size;
  threads_[t]->tsan_fiber = tsan::create_fiber();
  threads_[t]->fiber = boost::context::fiber(
      std::allocator_arg, boost::context::preallocated(sctx.sp, sctx.size, sctx),
      PooledStack(*stacks_), [this, t](boost::context::fiber&& scheduler) {
        asan_finish_switch(nullptr, &scheduler_stack_bottom_, &scheduler_stack_size_);
        Thread& th = *threads_[t];
        th.scheduler = std::move(scheduler);
        try {
          th.body();
        } catch (const Halt&) {
          // A failure was recorded, or the execution is being torn down.
        } catch (const std::exception& e) {
          Failure f;
          f.kind = Verdict::Internal;
          f.message = fmt::format("internal error in the model: {}", e.what());
          f.thread = t;
          f.step = step_;
          record_failure(std::move(f));
        }
        th.finished = true;
        th.functions.clear();
        // This stack is done: no fake stack to keep.
        tsan::switch_to_fiber(th.tsan_return);
        asan_start_switch(nullptr, scheduler_stack_bottom_, scheduler_stack_size_);
        return std::move(th.scheduler);
      });
  resume(t);
}

const Failure& Execution::run(Chooser& chooser) {
  world_ = program_.setup(*this);
  // Each thread runs its local prologue up to its first visible operation.
  for (ThreadId t = 0; t < nthreads_ && !failed_; ++t) start_thread(t);
  if (events_) {
    was_enabled_.assign(nthreads_, 1);
    observe_states();
  }

  std::vector<ThreadId>& enabled_now = enabled_now_;
  while (!failed_) {
    enabled_now.clear();
    for (ThreadId t = 0; t < nthreads_; ++t)
      if (enabled(t)) enabled_now.push_back(t);
    if (events_) observe_blocked(enabled_now);
    if (enabled_now.empty()) {
      bool all_done = true;
      for (ThreadId t = 0; t < nthreads_; ++t)
        if (!threads_[t]->daemon && !threads_[t]->finished) all_done = false;
      if (all_done)
        program_.at_end(*this, *world_);
      else
        find_deadlock();
      break;
    }
    if (step_ >= options_.max_steps) {
      Failure f;
      f.kind = Verdict::StepBound;
      f.message = fmt::format("step bound hit: {} step{} without reaching an end", step_, step_ == 1 ? "" : "s");
      f.step = step_;
      record_failure(std::move(f));
      break;
    }
    ThreadId t = chooser.choose(*this, enabled_now);
    if (t == kNoThread) {
      cut_short_ = true;
      break;
    }
    if (!std::binary_search(enabled_now.begin(), enabled_now.end(), t))
      throw std::logic_error(fmt::format("dcsim: chooser picked thread {}, which is not enabled", t));
    ++step_;
    schedule_.push_back(t);
    resume(t);
    if (events_) observe_states();
  }
  return failure_;
}

void Execution::record_lock(EventKind kind, ObjectId lock) {
  if (!failed_ && running_ != kNoThread) events_->add(kind, step_, running_, lock);
}

// After the step that changed them, so a state is "as of the end of step N".
void Execution::observe_states() {
  if (!world_) return;
  states_.clear();
  world_->describe_states(states_);
  for (auto& [object, state] : states_) events_->set_state(step_, object, std::move(state));
}

// A thread that could run at the last scheduling point and cannot now is
// blocked from the coming step on; one that could not and now can was made
// runnable by the step just taken, i.e. by the thread that took it.
void Execution::observe_blocked(const std::vector<ThreadId>& enabled) {
  std::size_t next = 0;
  for (ThreadId t = 0; t < nthreads_; ++t) {
    const bool now = next < enabled.size() && enabled[next] == t;
    if (now) ++next;
    const Thread& th = *threads_[t];
    if (th.finished || bool(was_enabled_[t]) == now) {
      was_enabled_[t] = now;
      continue;
    }
    was_enabled_[t] = now;
    if (!now)
      events_->add(EventKind::Block, step_ + 1, t, th.pending.primary(), th.pending.op);
    else if (!schedule_.empty())
      events_->add(EventKind::Wake, step_, schedule_.back(), th.pending.primary(), th.pending.op, t);
  }
}

void Execution::visible(const Footprint& fp, const Gate* gate) {
  const ThreadId me = running_;
  Thread& th = *threads_[me];
  th.pending = fp;
  th.gate = gate;
  if (check_footprints_) publish(fp);
  yield_to_scheduler();
  if (aborting_) throw Halt{};
  th.gate = nullptr;
  if (check_footprints_) {
    th.step = fp;
    th.step_index = step_;
    th.in_step = true;
  }
  if (events_) {
    events_->add(EventKind::Step, step_, me, fp.primary(), fp.op);
    for (const Touch& touch : fp)
      if (touch.object != kNoObject) events_->add_touch(touch.object);
  }
  if (options_.trace) {
    TraceEvent ev;
    ev.step = step_;
    ev.thread = me;
    ev.function = std::string(function(me));
    ev.op = std::string(fp.op);
    ev.object = fp.primary();
    trace_.push_back(std::move(ev));
  }
  for (const Touch& touch : fp) {
    // A sleeper returning from schedule() does not dereference the queue it
    // slept on; only what it does next (remove_wait_queue) can.
    if (touch.object == kNoObject || touch.access == Access::Wait || !touch.lifetime_checked)
      continue;
    const ObjectId dead = objects_.dead_ancestor(touch.object);
    if (dead == kNoObject) continue;
    const ObjectInfo& d = objects_.at(dead);
    const std::string owner =
        d.owner == kNoThread ? std::string() : fmt::format(" of {}", thread_name(d.owner));
    const std::string ended =
        d.frame.empty()
            ? fmt::format("it was freed at step {} by {} in {}", d.freed_step,
                          thread_name(d.freed_by), d.freed_in)
            : fmt::format("it lived on the stack of {}{}, which returned at step {}", d.frame,
                          owner, d.freed_step);
    if (touch.access == Access::Free && dead == touch.object)
      fail(Verdict::Bug, fmt::format("double free of {}: {}", objects_.describe(dead), ended),
           touch.object);
    fail(Verdict::UseAfterFree,
         fmt::format("use-after-free: {} touched {} ({} in {}); {}", thread_name(me),
                     objects_.describe(touch.object), fp.op, function(me), ended),
         touch.object);
  }
}

void Execution::result(std::string text) {
  if (!options_.trace) return;
  for (auto it = trace_.rbegin(); it != trace_.rend(); ++it) {
    if (it->thread == running_ && it->visible) {
      it->result = std::move(text);
      return;
    }
  }
}

void Execution::note(std::string_view op, ObjectId object, std::string result) {
  if (!options_.trace) return;
  TraceEvent ev;
  ev.step = step_;
  ev.visible = false;
  ev.thread = running_;
  ev.function = std::string(function(running_));
  ev.op = std::string(op);
  ev.object = object;
  ev.result = std::move(result);
  trace_.push_back(std::move(ev));
}

void Execution::fail(Verdict kind, std::string message, ObjectId object) {
  Failure f;
  f.kind = kind;
  f.message = std::move(message);
  f.thread = running_;
  f.function = std::string(function(running_));
  f.object = object;
  f.step = step_;
  record_failure(std::move(f));
  throw Halt{};
}

void Execution::fail_at_end(Verdict kind, std::string message, ObjectId object) {
  Failure f;
  f.kind = kind;
  f.message = std::move(message);
  f.object = object;
  f.step = step_;
  record_failure(std::move(f));
}

void Execution::record_failure(Failure f) {
  if (failed_) return;  // the first failure ends the execution
  failed_ = true;
  failure_ = std::move(f);
}

void Execution::end_lifetime(ObjectId id) {
  access(id, Made::Write, "lifetime");
  objects_.end_lifetime(id, step_, running_, function(running_));
}


// Another thread names the object now: from here on, its creator's accesses
// must be declared too.
void Execution::publish(const Footprint& fp) {
  for (const Touch& t : fp) {
    if (t.object == kNoObject || t.object >= objects_.size()) continue;
    ObjectInfo& o = objects_.at(t.object);
    if (!o.shared && o.creator != running_) o.shared = true;
  }
}

void Execution::check_access(ObjectId object, Made a, std::string_view field) {
  if (object == kNoObject || running_ == kNoThread || failed_ || aborting_) return;
  Thread& th = *threads_[running_];
  if (!th.in_step) return;  // the thread's prologue: no other thread ran since it started
  ObjectInfo& o = objects_.at(object);
  if (!o.shared) {
    if (o.creator == running_) return;
    o.shared = true;
  }
  const Touch* weaker = nullptr;
  for (const Touch& t : th.step) {
    if (t.object != object) continue;
    if (covers(t.access, a)) return;
    weaker = &t;
  }
  std::string declared;
  for (const Touch& t : th.step) {
    if (!declared.empty()) declared += ", ";
    declared += fmt::format("{} {}", to_string(t.access), objects_.describe(t.object));
  }
  const std::string what =
      field.empty() ? objects_.describe(object) : fmt::format("{} of {}", field, objects_.describe(object));
  Failure f;
  f.kind = Verdict::Internal;
  f.message = fmt::format(
      "model error: wrong footprint: step {} \"{}\" of {} in {} makes a {} of {}, {} (footprint: {})",
      th.step_index, th.step.op, thread_name(running_), function(running_), to_string(a), what,
      weaker ? fmt::format("declared only as {}", to_string(weaker->access)) : std::string("undeclared"),
      declared.empty() ? std::string("empty") : declared);
  f.thread = running_;
  f.function = std::string(function(running_));
  f.object = object;
  f.step = th.step_index;
  // Not thrown: an access can happen in a destructor; the scheduler stops
  // at this thread's next yield.
  record_failure(std::move(f));
}

void Execution::enter(std::string_view fn) {
  if (running_ == kNoThread) return;
  threads_[running_]->functions.push_back(fn);
  if (events_ && !failed_) events_->add(EventKind::Enter, step_, running_, kNoObject, fn);
}

void Execution::leave() {
  if (running_ != kNoThread && !threads_[running_]->functions.empty()) {
    threads_[running_]->functions.pop_back();
    if (events_ && !failed_) events_->add(EventKind::Leave, step_, running_);
  }
}

std::string_view Execution::function(ThreadId t) const {
  if (t == kNoThread) return {};
  const auto& fns = thread(t).functions;
  return fns.empty() ? std::string_view() : fns.back();
}

void Execution::find_deadlock() {
  Failure f;
  f.kind = Verdict::Deadlock;
  f.step = step_;
  std::vector<std::vector<ThreadId>> out(nthreads_);
  for (ThreadId t = 0; t < nthreads_; ++t) {
    const Thread& th = *threads_[t];
    if (th.finished) continue;
    WaitEdge e;
    e.waiter = t;
    e.op = std::string(th.pending.op);
    e.function = std::string(function(t));
    e.object = th.pending.primary();
    if (th.gate) th.gate->explain(*this, t, e);
    out[t] = e.waits_for;
    f.blocked.push_back(std::move(e));
  }
  // The first cycle reachable from the lowest-numbered blocked thread.
  std::vector<int> color(nthreads_, 0);
  std::vector<ThreadId> path;
  std::function<bool(ThreadId)> dfs = [&](ThreadId u) -> bool {
    color[u] = 1;
    path.push_back(u);
    for (ThreadId v : out[u]) {
      if (color[v] == 1) {
        auto start = std::find(path.begin(), path.end(), v);
        path.erase(path.begin(), start);
        return true;
      }
      if (color[v] == 0 && dfs(v)) return true;
    }
    color[u] = 2;
    path.pop_back();
    return false;
  };
  for (const WaitEdge& e : f.blocked) {
    if (threads_[e.waiter]->daemon || color[e.waiter] != 0) continue;
    path.clear();
    if (dfs(e.waiter)) break;
    path.clear();
  }
  for (ThreadId t : path)
    for (const WaitEdge& e : f.blocked)
      if (e.waiter == t) f.cycle.push_back(e);
  std::size_t stuck = 0;
  for (const WaitEdge& e : f.blocked)
    if (!threads_[e.waiter]->daemon) ++stuck;
  if (!f.cycle.empty()) {
    f.thread = f.cycle.front().waiter;
    f.message = fmt::format("deadlock: {} thread{} in a wait-for cycle", f.cycle.size(),
                            f.cycle.size() == 1 ? "" : "s");
  } else {
    f.thread = f.blocked.empty() ? kNoThread : f.blocked.front().waiter;
    f.message = fmt::format("hang: {} thread{} blocked and nothing left to wake them", stuck, stuck == 1 ? "" : "s");
  }
  if (f.thread != kNoThread) f.function = std::string(function(f.thread));
  record_failure(std::move(f));
}

}  // namespace dcsim::sim

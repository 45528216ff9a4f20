#include "model/protocol/interpreter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "model/core/dcache.hpp"
#include "model/core/namei.hpp"

namespace dcsim::model::protocol {

using sim::Access;
using sim::Footprint;

namespace {

// A while loop that runs this often without a visible step would never
// yield: it is reported as the step bound, as a visible loop would be.
constexpr std::uint64_t kMaxLocalIterations = 100000;

std::int64_t wrap(std::uint64_t v) { return static_cast<std::int64_t>(v); }

// await(cond): enabled while the condition holds.
struct AwaitGate : sim::Gate {
  AwaitGate(const Runtime& r, const Runtime::Frame& f, const Stmt& s) : rt(r), frame(f), stmt(s) {}
  const Runtime& rt;
  const Runtime::Frame& frame;
  const Stmt& stmt;
  bool open(const sim::Execution&, sim::ThreadId) const override {
    std::string error;
    const Runtime::Value v = rt.eval(*stmt.value, frame, &error);
    return !error.empty() || v.i != 0;  // an error is reported once it runs
  }
  // Waits for the threads whose programs write what the condition reads.
  void explain(const sim::Execution& ex, sim::ThreadId t, sim::WaitEdge& edge) const override {
    edge.relation = fmt::format("until `{}` holds ({}); it is written by", stmt.text, stmt.where);
    for (const Stmt::Touch& touch : stmt.touches)
      if (touch.expr->ref == Ref::Shared && edge.object == sim::kNoObject) edge.object = rt.object_of(*touch.expr, frame);
    for (sim::ThreadId u = 0; u < ex.thread_count(); ++u) {
      if (u == t || ex.finished(u) || !rt.writes(u, stmt)) continue;
      edge.waits_for.push_back(u);
    }
  }
};

}  // namespace

Runtime::Runtime(Kernel& k, const Protocol& p) : k_(k), p_(p) {
  sim::Execution& ex = k.ex;
  for (const SharedVar& v : p.vars) {
    base_.push_back(values_.size());
    for (std::size_t i = 0; i < v.init.size(); ++i) {
      values_.push_back(v.init[i]);
      ids_.push_back(ex.objects().add("variable", v.array ? fmt::format("{}[{}]", v.name, i) : v.name));
    }
  }
  std::vector<std::vector<sim::ThreadId>> wakers(p.locks.size());
  for (std::size_t t = 0; t < p.threads.size(); ++t)
    if (p.threads[t])
      for (std::size_t l : p.threads[t]->wakes) wakers[l].push_back(static_cast<sim::ThreadId>(t));
  for (std::size_t i = 0; i < p.locks.size(); ++i) {
    const LockDecl& d = p.locks[i];
    const std::string name = fmt::format("{} {}", to_string(d.kind), d.name);  // "mutex a", for reports
    Lock l;
    switch (d.kind) {
      case LockKind::Mutex: l.mutex = std::make_unique<sim::Mutex>(ex, name); break;
      case LockKind::Semaphore: l.sem = std::make_unique<sim::Semaphore>(ex, name, d.count); break;
      case LockKind::SpinLock: l.spin = std::make_unique<sim::SpinLock>(ex, name); break;
      case LockKind::RwLock: l.rw = std::make_unique<sim::RwLock>(ex, name); break;
      case LockKind::RwSem: l.rwsem = std::make_unique<sim::RwSemaphore>(ex, name); break;
      case LockKind::WaitQueue:
        l.wq = std::make_unique<sim::WaitQueue>(ex, name);
        l.wq->set_wakers(wakers[i]);
        break;
      case LockKind::Completion:
        l.completion = std::make_unique<sim::Completion>(ex, name);
        l.completion->set_completers(wakers[i]);
        break;
    }
    locks_.push_back(std::move(l));
  }
  for (const std::string& path : p.paths) {
    Dentry* cur = k.root;
    for (const std::string& part : split_path(path)) {
      Dentry* next = nullptr;
      for (Dentry* d : k.chain(cur, part).entries)
        if (d->name == part) next = d;
      if (!next) throw std::logic_error("protocol: set-up path missing: " + path);
      cur = next;
    }
    paths_[path] = cur;
  }
}

sim::ObjectId Runtime::object_of(const Expr& e, const Frame& f) const {
  std::size_t i = base_[e.slot];
  if (e.kind == Expr::Kind::Index) {
    const std::int64_t at = eval(*e.args[0], f, nullptr).i;
    if (at < 0 || static_cast<std::size_t>(at) >= p_.vars[e.slot].init.size()) return sim::kNoObject;
    i += static_cast<std::size_t>(at);
  }
  return ids_[i];
}

bool Runtime::writes(sim::ThreadId t, const Stmt& s) const {
  if (t >= p_.threads.size() || !p_.threads[t]) return false;
  for (const Stmt::Touch& touch : s.touches)
    if (touch.expr->ref == Ref::Shared && p_.threads[t]->writes.count(touch.expr->slot)) return true;
  return false;
}

void Runtime::run(const ThreadProgram& prog) {
  sim::KernelFunction fn("program");
  Frame f;
  f.prog = &prog;
  for (Type t : prog.register_types) {
    Value v;
    v.type = t;
    f.regs.push_back(v);
  }
  exec(prog.body, f);
}

void Runtime::fail(const Stmt& s, sim::Verdict v, const std::string& what) {
  k_.ex.fail(v, fmt::format("{} in {} at {}: {}", what, k_.ex.thread_name(k_.ex.self()), s.where, s.text));
}

void Runtime::exec(const std::vector<std::unique_ptr<Stmt>>& body, Frame& f) {
  for (const auto& s : body) exec(*s, f);
}

void Runtime::exec(const Stmt& s, Frame& f) {
  switch (s.kind) {
    case Stmt::Kind::Block: exec(s.body, f); return;
    case Stmt::Kind::Local:
      if (s.value) store(s, *s.target, value(s, *s.value, f), f);
      return;
    case Stmt::Kind::Assign: store(s, *s.target, value(s, *s.value, f), f); return;
    case Stmt::Kind::Call: call(s, *s.value, f); return;
    case Stmt::Kind::If:
      exec(test(s, *s.value, f) ? s.body : s.orelse, f);
      return;
    case Stmt::Kind::While: {
      std::uint64_t idle = 0, last = k_.ex.step();
      while (test(s, *s.value, f)) {
        exec(s.body, f);
        if (k_.ex.step() != last) {
          last = k_.ex.step();
          idle = 0;
        } else if (++idle >= kMaxLocalIterations) {
          fail(s, sim::Verdict::StepBound,
               fmt::format("while loop ran {} times without a visible step", kMaxLocalIterations));
        }
      }
      return;
    }
    case Stmt::Kind::Assert:
      if (!test(s, *s.value, f)) fail(s, sim::Verdict::Bug, "assertion failed");
      return;
    case Stmt::Kind::Await: {
      const Footprint fp = footprint(s, f);
      const AwaitGate gate(*this, f, s);
      k_.ex.visible(fp, &gate);
      std::string error;
      const Value v = eval(*s.value, f, &error);
      if (!error.empty()) fail(s, sim::Verdict::Bug, error);
      if (!v.i) throw std::logic_error("await ran with its condition false");
      return;
    }
  }
}

sim::Footprint Runtime::footprint(const Stmt& s, const Frame& f) {
  Footprint fp;
  fp.op = s.text;
  for (const Stmt::Touch& t : s.touches) {
    sim::Touch touch;
    touch.access = t.write ? Access::Write : Access::Read;
    if (t.expr->kind == Expr::Kind::Call) {  // d_in_lookup / d_unhashed: reads the dentry
      const Value d = eval(*t.expr->args[0], f, nullptr);
      if (!d.d) fail(s, sim::Verdict::Bug, fmt::format("NULL pointer dereference: {} of a NULL dentry", t.expr->text));
      touch.object = d.d->id;
    } else {
      touch.object = ids_[element(s, *t.expr, f)];
    }
    auto same = std::find_if(fp.touches.begin(), fp.touches.begin() + fp.count,
                             [&](const sim::Touch& x) { return x.object == touch.object; });
    if (same != fp.touches.begin() + fp.count) {
      if (touch.access == Access::Write) same->access = Access::Write;
      continue;
    }
    fp.touches[fp.count++] = touch;  // the checker admits at most kMaxTouches
  }
  return fp;
}

void Runtime::step(const Stmt& s, Frame& f) {
  if (s.touches.empty()) return;
  k_.ex.visible(footprint(s, f));
}

bool Runtime::test(const Stmt& s, const Expr& cond, Frame& f) {
  step(s, f);
  std::string error;
  const Value v = eval(cond, f, &error);
  if (!error.empty()) fail(s, sim::Verdict::Bug, error);
  if (k_.ex.tracing() && !s.touches.empty()) k_.ex.result(v.i ? "true" : "false");
  return v.i != 0;
}

Runtime::Value Runtime::value(const Stmt& s, const Expr& e, Frame& f) {
  if (e.kind == Expr::Kind::Call && e.builtin && e.builtin->group != Group::Query) return call(s, e, f);
  step(s, f);
  std::string error;
  Value v = eval(e, f, &error);
  if (!error.empty()) fail(s, sim::Verdict::Bug, error);
  return v;
}

void Runtime::store(const Stmt& s, const Expr& target, Value v, Frame& f) {
  if (target.ref == Ref::Local) {
    v.type = f.regs[target.slot].type;
    f.regs[target.slot] = v;
    return;
  }
  const std::size_t i = element(s, target, f);
  values_[i] = v.i;
  if (k_.ex.tracing()) k_.ex.result(fmt::format("{} = {}", k_.ex.objects().at(ids_[i]).name, v.i));
}

std::size_t Runtime::element(const Stmt& s, const Expr& e, const Frame& f) {
  const std::size_t base = base_[e.slot];
  if (e.kind != Expr::Kind::Index) return base;
  const std::int64_t i = eval(*e.args[0], f, nullptr).i;
  const std::size_t n = p_.vars[e.slot].init.size();
  if (i < 0 || static_cast<std::uint64_t>(i) >= n)
    fail(s, sim::Verdict::Bug, fmt::format("index {} out of the bounds of {}[{}]", i, e.text, n));
  return base + static_cast<std::size_t>(i);
}

Runtime::Value Runtime::eval(const Expr& e, const Frame& f, std::string* error) const {
  Value v;
  switch (e.kind) {
    case Expr::Kind::Int: v.i = e.value; return v;
    case Expr::Kind::Null:
    case Expr::Kind::String: v.type = e.type; return v;
    case Expr::Kind::Name:
      if (e.ref == Ref::Local) return f.regs[e.slot];
      v.i = values_[base_[e.slot]];
      return v;
    case Expr::Kind::Index: {
      const std::int64_t i = eval(*e.args[0], f, error).i;
      const std::size_t n = p_.vars[e.slot].init.size();
      if (i >= 0 && static_cast<std::uint64_t>(i) < n) v.i = values_[base_[e.slot] + static_cast<std::size_t>(i)];
      return v;
    }
    case Expr::Kind::Unary: {
      const std::int64_t x = eval(*e.args[0], f, error).i;
      v.i = e.text == "!" ? !x : wrap(0 - static_cast<std::uint64_t>(x));
      return v;
    }
    case Expr::Kind::Binary: {
      const std::string& op = e.text;
      const Value l = eval(*e.args[0], f, error);
      if (op == "&&" && !l.i) return v;
      if (op == "||" && l.i) {
        v.i = 1;
        return v;
      }
      const Value r = eval(*e.args[1], f, error);
      const auto a = static_cast<std::uint64_t>(l.i), b = static_cast<std::uint64_t>(r.i);
      if (op == "&&" || op == "||") v.i = r.i != 0;
      else if (op == "==" || op == "!=") {
        const bool eq = l.type == Type::Int || r.type == Type::Int ? l.i == r.i : l.d == r.d && l.in == r.in;
        v.i = (op == "==") == eq;
      } else if (op == "<") v.i = l.i < r.i;
      else if (op == "<=") v.i = l.i <= r.i;
      else if (op == ">") v.i = l.i > r.i;
      else if (op == ">=") v.i = l.i >= r.i;
      else if (op == "+") v.i = wrap(a + b);
      else if (op == "-") v.i = wrap(a - b);
      else if (op == "*") v.i = wrap(a * b);
      else if (op == "/" || op == "%") {
        if (r.i == 0) {
          if (error && error->empty()) *error = "division by zero";
          return v;
        }
        if (r.i == -1) v.i = op == "/" ? wrap(0 - a) : 0;  // INT64_MIN / -1 wraps as in two's complement
        else v.i = op == "/" ? l.i / r.i : l.i % r.i;
      }
      return v;
    }
    case Expr::Kind::Call: {
      const std::string_view name = e.builtin->name;
      if (name == "dentry") {
        v.type = Type::Dentry;
        v.d = paths_.at(e.args[0]->text);
      } else if (name == "inode") {
        v.type = Type::Inode;
        v.in = paths_.at(e.args[0]->text)->d_inode;
      } else if (name == "new_inode") {
        // A private inode, not yet visible to anyone: no step.
        v.type = Type::Inode;
        v.in = k_.new_inode(fmt::format("(new inode of {})", f.prog->thread), false, nullptr, nullptr);
      } else if (name == "d_in_lookup" || name == "d_unhashed") {
        const Dentry* d = eval(*e.args[0], f, error).d;
        if (d) v.i = name == "d_unhashed" ? d_unhashed(d) : (d->d_flags & DCACHE_PAR_LOOKUP) != 0;
      }
      return v;
    }
  }
  return v;
}

Runtime::Value Runtime::call(const Stmt& s, const Expr& e, Frame& f) {
  switch (e.builtin->group) {
    case Group::Lock: lock_op(s, e, f); return {};
    case Group::Atomic: return atomic(s, e, f);
    case Group::Dcache: return dcache(s, e, f);
    default: throw std::logic_error("protocol: not a statement primitive: " + e.text);
  }
}

Runtime::Value Runtime::atomic(const Stmt& s, const Expr& e, Frame& f) {
  const std::string_view name = e.builtin->name;
  const std::size_t i = element(s, *e.args[0], f);
  std::int64_t a = 0, b = 0;
  if (e.args.size() > 1) a = eval(*e.args[1], f, nullptr).i;
  if (e.args.size() > 2) b = eval(*e.args[2], f, nullptr).i;
  k_.ex.visible(Footprint(name, {ids_[i], name == "atomic_read" ? Access::Read : Access::Write}));
  std::int64_t& x = values_[i];
  const std::int64_t old = x;
  const auto u = [](std::int64_t n) { return static_cast<std::uint64_t>(n); };
  Value v;
  if (name == "atomic_read") v.i = x;
  else if (name == "atomic_set") x = a;
  else if (name == "atomic_add") x = wrap(u(x) + u(a));
  else if (name == "atomic_inc") x = wrap(u(x) + 1);
  else if (name == "atomic_dec") x = wrap(u(x) - 1);
  else if (name == "atomic_add_return") v.i = x = wrap(u(x) + u(a));
  else if (name == "atomic_xchg") {
    v.i = old;
    x = a;
  } else if (name == "atomic_cmpxchg") {
    v.i = old;
    if (old == a) x = b;
  }
  if (k_.ex.tracing()) k_.ex.result(fmt::format("{}: {} -> {}", k_.ex.objects().at(ids_[i]).name, old, x));
  return v;
}

Dentry* Runtime::dentry_arg(const Stmt& s, const Expr& call, std::size_t i, Frame& f) {
  Dentry* d = eval(*call.args[i], f, nullptr).d;
  if (!d)
    fail(s, sim::Verdict::Bug, fmt::format("NULL pointer dereference: {} got a NULL dentry", call.text));
  return d;
}

Runtime::Value Runtime::dcache(const Stmt& s, const Expr& e, Frame& f) {
  const std::string_view name = e.builtin->name;
  const DcacheOps& ops = k_.era.dcache();
  Value v;
  v.type = Type::Dentry;
  auto inode_arg = [&](std::size_t i) { return eval(*e.args[i], f, nullptr).in; };
  // The checker refuses a primitive the scenario's era does not have.
  auto need = [&](auto* op) {
    if (!op) throw std::logic_error("protocol: the era has no dcache primitive " + e.text);
    return op;
  };
  if (name == "d_alloc") {
    Dentry* parent = dentry_arg(s, e, 0, f);
    v.d = need(ops.d_alloc)(k_, parent, e.args[1]->text);
  } else if (name == "d_alloc_parallel") {
    Dentry* parent = dentry_arg(s, e, 0, f);
    v.d = need(ops.d_alloc_parallel)(k_, parent, e.args[1]->text);
  } else if (name == "d_lookup") {
    v.d = model::d_lookup(k_, dentry_arg(s, e, 0, f), e.args[1]->text);
  } else if (name == "dget") {
    v.d = model::dget(k_, dentry_arg(s, e, 0, f));
  } else if (name == "d_add") {
    Dentry* d = dentry_arg(s, e, 0, f);
    need(ops.d_add)(k_, d, inode_arg(1));
  } else if (name == "d_instantiate") {
    Dentry* d = dentry_arg(s, e, 0, f);
    need(ops.d_instantiate)(k_, d, inode_arg(1));
  } else if (name == "d_drop") {
    model::d_drop(k_, dentry_arg(s, e, 0, f));
  } else if (name == "d_rehash") {
    Dentry* d = dentry_arg(s, e, 0, f);
    need(ops.d_rehash)(k_, d);
  } else if (name == "dput") {
    Dentry* d = dentry_arg(s, e, 0, f);
    need(ops.dput)(k_, d);
  } else if (name == "d_lookup_done") {
    need(ops.d_lookup_done)(k_, dentry_arg(s, e, 0, f));
  } else if (name == "d_splice_alias") {
    Inode* inode = inode_arg(0);
    ErrOr<Dentry*> r = need(ops.d_splice_alias)(k_, inode, dentry_arg(s, e, 1, f));
    v.d = r.is_err() ? nullptr : r.value;
  } else {
    throw std::logic_error("protocol: unknown dcache primitive " + e.text);
  }
  return v;
}

Runtime::LockRef Runtime::lock_of(const Expr& a) const {
  LockRef r;
  if (a.ref == Ref::Lock) {
    const Lock& l = locks_[a.slot];
    r.mutex = l.mutex.get();
    r.sem = l.sem.get();
    r.spin = l.spin.get();
    r.rw = l.rw.get();
    r.rwsem = l.rwsem.get();
    r.wq = l.wq.get();
    r.completion = l.completion.get();
    return r;
  }
  Inode* inode = paths_.at(a.args[0]->text)->d_inode;
  if (!inode) throw std::logic_error("protocol: no inode at " + a.args[0]->text);
  const InodeLock l = inode->i_era->lock_named(a.text);
  r.sem = l.sem;
  r.mutex = l.mutex;
  r.rwsem = l.rwsem;
  return r;
}

void Runtime::lock_op(const Stmt& s, const Expr& e, Frame& f) {
  const std::string_view name = e.builtin->name;
  const LockRef l = lock_of(*e.args[0]);
  auto need = [&](const void* p) {
    if (!p) throw std::logic_error("protocol: the era has no such lock for " + e.text);
  };
  if (name == "mutex_lock" || name == "mutex_unlock") {
    need(l.mutex);
    name == "mutex_lock" ? l.mutex->mutex_lock() : l.mutex->mutex_unlock();
  } else if (name == "down" || name == "up") {
    need(l.sem);
    name == "down" ? l.sem->down() : l.sem->up();
  } else if (name == "spin_lock" || name == "spin_unlock") {
    need(l.spin);
    name == "spin_lock" ? l.spin->spin_lock() : l.spin->spin_unlock();
  } else if (name == "read_lock") {
    need(l.rw);
    l.rw->read_lock();
  } else if (name == "read_unlock") {
    need(l.rw);
    l.rw->read_unlock();
  } else if (name == "write_lock") {
    need(l.rw);
    l.rw->write_lock();
  } else if (name == "write_unlock") {
    need(l.rw);
    l.rw->write_unlock();
  } else if (name == "down_read") {
    need(l.rwsem);
    l.rwsem->down_read();
  } else if (name == "up_read") {
    need(l.rwsem);
    l.rwsem->up_read();
  } else if (name == "down_write") {
    need(l.rwsem);
    l.rwsem->down_write();
  } else if (name == "up_write") {
    need(l.rwsem);
    l.rwsem->up_write();
  } else if (name == "wake_up") {
    need(l.wq);
    l.wq->wake_up();
  } else if (name == "wait_event") {
    // include/linux/wait.h wait_event(): prepare_to_wait, test, schedule,
    // until the condition holds; then finish_wait.
    need(l.wq);
    l.wq->add_wait_queue();
    sim::set_current_state(sim::TaskState::Uninterruptible);
    while (!test(s, *e.args[1], f)) {
      sim::schedule(*l.wq);
      sim::set_current_state(sim::TaskState::Uninterruptible);
    }
    sim::set_current_state(sim::TaskState::Running);
    l.wq->remove_wait_queue();
  } else if (name == "complete") {
    need(l.completion);
    l.completion->complete();
  } else if (name == "complete_all") {
    need(l.completion);
    l.completion->complete_all();
  } else if (name == "wait_for_completion") {
    need(l.completion);
    l.completion->wait_for_completion();
  } else {
    throw std::logic_error("protocol: unknown lock primitive " + e.text);
  }
}

}  // namespace dcsim::model::protocol

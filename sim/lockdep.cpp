#include "sim/lockdep.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>

#include "sim/execution.hpp"

namespace dcsim::sim {

std::string lock_class_of(const std::string& object_name) {
  const auto of = object_name.find(" of ");
  return of == std::string::npos ? object_name : object_name.substr(0, of);
}

// ---- one execution ----

// kernel/locking/lockdep.c (4.7) __lock_acquire -> validate_chain ->
// check_prevs_add: an edge from every held lock to the new one, unless the
// new one is a recursive read; check_deadlock: the same class again is
// recursion, allowed only for a recursive read over a read.
void LockdepTrace::acquire(Execution& ex, ObjectId object, LockRead read) {
  const ThreadId t = ex.self();
  Held h{object, lock_class_of(ex.objects().at(object).name), std::string(ex.function(t)),
         read != LockRead::Write};
  std::vector<Held>& mine = held_[t];
  if (read != LockRead::RecursiveRead)
    for (const Held& prev : mine) add_edge(ex, prev, h);
  taken_.push_back({t, seq_++, h});
  mine.push_back(std::move(h));
}

void LockdepTrace::attempt(Execution& ex, ObjectId object, LockRead read) {
  if (read == LockRead::RecursiveRead) return;
  const ThreadId t = ex.self();
  const Held h{object, lock_class_of(ex.objects().at(object).name), std::string(ex.function(t)),
               read != LockRead::Write};
  for (const Held& prev : held_[t]) add_edge(ex, prev, h);
}

void LockdepTrace::release(Execution& ex, ObjectId object) {
  // A semaphore may be released by another task (up() from a daemon): drop
  // it from whoever holds it, the caller first.
  auto drop = [object](std::vector<Held>& v) {
    for (auto it = v.rbegin(); it != v.rend(); ++it)
      if (it->object == object) {
        v.erase(std::next(it).base());
        return true;
      }
    return false;
  };
  if (drop(held_[ex.self()])) return;
  for (auto& [t, v] : held_)
    if (drop(v)) return;
}

void LockdepTrace::wait(Execution& ex, ObjectId object) {
  const std::string cls = lock_class_of(ex.objects().at(object).name);
  wait_began_.emplace(cls, seq_);
  acquire(ex, object, LockRead::Write);
  release(ex, object);
}

// The waker must get here for the waiter to go on: the wait class orders
// before what the waker holds now and what it took since the wait began.
void LockdepTrace::wake(Execution& ex, ObjectId object) {
  const ThreadId t = ex.self();
  Held w{object, lock_class_of(ex.objects().at(object).name), std::string(ex.function(t)), false};
  auto began = wait_began_.find(w.cls);
  for (const Held& h : held_[t]) add_edge(ex, w, h);
  if (began == wait_began_.end()) return;
  for (const Taken& k : taken_)
    if (k.thread == t && k.seq >= began->second && k.lock.object != object) add_edge(ex, w, k.lock);
}

void LockdepTrace::writer(Execution& ex, ObjectId object) {
  writers_.insert(lock_class_of(ex.objects().at(object).name));
}

void LockdepTrace::add_edge(Execution& ex, const Held& from, const Held& to) {
  if (!seen_.emplace(from.cls, to.cls).second) return;
  LockChain c;
  c.thread = ex.thread_name(ex.self());
  c.held_lock = ex.objects().describe(from.object);
  c.held_function = from.function;
  c.held_read = from.read;
  c.lock = ex.objects().describe(to.object);
  c.function = to.function;
  c.read = to.read;
  edges_.push_back({from.cls, to.cls, std::move(c)});
}

// ---- the union ----

void LockOrderGraph::add(const Execution& ex) {
  ++executions_;
  if (const LockdepTrace* t = ex.lockdep()) {
    for (const LockdepTrace::Edge& e : t->edges()) {
      auto [it, fresh] = edges_.try_emplace({e.from, e.to}, EdgeInfo{e.chain, true});
      it->second.all_read = it->second.all_read && e.chain.held_read && e.chain.read;
      (void)fresh;
    }
    writers_.insert(t->writer_classes().begin(), t->writer_classes().end());
  }
  const Failure& f = ex.failure();
  if (f.kind != Verdict::Deadlock) return;
  std::vector<std::string> classes;
  for (const WaitEdge& w : f.cycle)
    if (w.object != kNoObject) classes.push_back(lock_class_of(ex.objects().at(w.object).name));
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  if (!classes.empty()) deadlocked_.insert(std::move(classes));
}

LockOrderGraph::State LockOrderGraph::state() const {
  State s;
  s.edges = edge_list();
  s.deadlocked.assign(deadlocked_.begin(), deadlocked_.end());
  s.writers.assign(writers_.begin(), writers_.end());
  s.executions = executions_;
  return s;
}

LockOrderGraph LockOrderGraph::restore(const State& s) {
  LockOrderGraph g;
  for (const EdgeView& e : s.edges) g.edges_.insert_or_assign({e.from, e.to}, EdgeInfo{e.chain, e.all_read});
  g.deadlocked_.insert(s.deadlocked.begin(), s.deadlocked.end());
  g.writers_.insert(s.writers.begin(), s.writers.end());
  g.executions_ = s.executions;
  return g;
}

// The other's samples come later (a later work unit): ours stay first.
void LockOrderGraph::merge(const LockOrderGraph& other) {
  executions_ += other.executions_;
  for (const auto& [key, info] : other.edges_) {
    auto [it, fresh] = edges_.try_emplace(key, info);
    if (!fresh) it->second.all_read = it->second.all_read && info.all_read;
  }
  deadlocked_.insert(other.deadlocked_.begin(), other.deadlocked_.end());
  writers_.insert(other.writers_.begin(), other.writers_.end());
}

std::vector<PotentialDeadlock> LockOrderGraph::cycles(std::size_t limit) const {
  std::map<std::string, std::vector<std::string>> next;
  for (const auto& [key, info] : edges_) next[key.first].push_back(key.second);

  std::vector<PotentialDeadlock> out;
  std::vector<std::string> path;
  // Elementary cycles through `start`, visiting only classes after it (each
  // cycle is found once, from its least class).
  std::function<void(const std::string&, const std::string&)> walk = [&](const std::string& start,
                                                                          const std::string& at) {
    if (out.size() >= limit) return;
    auto it = next.find(at);
    if (it == next.end()) return;
    for (const std::string& to : it->second) {
      if (to == start) {
        PotentialDeadlock d;
        d.classes = path;
        out.push_back(std::move(d));
      } else if (to > start && std::find(path.begin(), path.end(), to) == path.end()) {
        path.push_back(to);
        walk(start, to);
        path.pop_back();
      }
    }
  };
  for (const auto& [start, unused] : next) {
    path = {start};
    walk(start, start);
  }

  for (PotentialDeadlock& d : out) {
    bool all_read = true;
    for (std::size_t i = 0; i < d.classes.size(); ++i) {
      const EdgeInfo& e = edges_.at({d.classes[i], d.classes[(i + 1) % d.classes.size()]});
      d.chains.push_back(e.chain);
      all_read = all_read && e.all_read;
    }
    std::vector<std::string> set = d.classes;
    std::sort(set.begin(), set.end());
    d.reached = deadlocked_.count(set) > 0;
    if (d.reached || !all_read) continue;
    std::vector<std::string> no_writer;
    for (const std::string& c : set)
      if (!writers_.count(c)) no_writer.push_back(c);
    const std::string writers =
        no_writer.empty() ? std::string("no explored execution queued one there")
                          : fmt::format("no writer of {} took part in any explored execution",
                                        fmt::join(no_writer, ", "));
    if (d.classes.size() == 1)
      d.why_not_reached = fmt::format(
          "{} is taken for read twice by one thread: down_read is not a recursive read, the "
          "second one sleeps behind a writer queued between the two (rwsem: new readers wait "
          "behind a queued writer), and that writer waits for the first; {}",
          d.classes[0], writers);
    else
      d.why_not_reached = fmt::format(
          "every lock of the cycle is taken for read: readers share, so it deadlocks only when a "
          "writer is queued on each lock, which the second readers then sleep behind; {}",
          writers);
  }
  return out;
}

std::vector<PotentialDeadlock> LockOrderGraph::potential_deadlocks(std::size_t limit) const {
  std::vector<PotentialDeadlock> all = cycles(limit);
  all.erase(std::remove_if(all.begin(), all.end(), [](const PotentialDeadlock& d) { return d.reached; }),
            all.end());
  return all;
}

std::string format_potential_deadlock(const PotentialDeadlock& d) {
  std::string out = d.classes.size() == 1 ? "WARNING: possible recursive locking detected\n"
                                          : "WARNING: possible circular locking dependency detected\n";
  out += fmt::format("  {} -> {}\n", fmt::join(d.classes, " -> "), d.classes.front());
  for (std::size_t i = 0; i < d.chains.size(); ++i) {
    const LockChain& c = d.chains[i];
    out += fmt::format("  #{}: {} holding {}{} (taken in {}) took {}{} in {}\n", i, c.thread, c.held_lock,
                       c.held_read ? " for read" : "", c.held_function, c.lock, c.read ? " for read" : "",
                       c.function);
  }
  out += d.reached ? "  an explored execution deadlocked on it\n"
                   : "  no explored execution deadlocked on it\n";
  if (!d.why_not_reached.empty()) out += "  why: " + d.why_not_reached + "\n";
  return out;
}

}  // namespace dcsim::sim

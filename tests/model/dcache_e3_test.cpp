// fs/dcache.c of E3: d_alloc_parallel()'s four outcomes, each forced by a
// fixed schedule of two threads on /d, and the rw-semaphore's fairness.
#include <catch2/catch.hpp>

#include <functional>

#include "explorer/run.hpp"
#include "explorer/schedule.hpp"
#include "model/e3/dcache.hpp"
#include "model/e3/objects.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/kernel.hpp"
#include "model/e3/namei.hpp"
#include "sim/rwsem.hpp"

namespace {

using namespace dcsim;
using namespace dcsim::model;

using Body = std::function<void(Kernel&, Dentry* d)>;

// Threads A, B, ... each run their body against a linux-4.7 kernel with "/"
// and a directory "/d".
class E3Program : public sim::Program {
 public:
  E3Program(std::vector<Body> bodies, std::map<std::string, std::string> rules)
      : bodies_(std::move(bodies)), rules_(std::move(rules)) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto k = std::make_unique<Kernel>(ex, *resolve_rules("linux-4.7", rules_).rules);
    k->root = d_alloc_setup(*k, nullptr, "", ramfs::new_inode(*k, "/", true));
    Dentry* d = d_alloc_setup(*k, k->root, "d", ramfs::new_inode(*k, "/d", true));
    Kernel* kp = k.get();
    for (std::size_t i = 0; i < bodies_.size(); ++i)
      ex.spawn(std::string(1, static_cast<char>('A' + i)), [this, kp, d, i] { bodies_[i](*kp, d); });
    return k;
  }

 private:
  std::vector<Body> bodies_;
  std::map<std::string, std::string> rules_;
};

struct Run {
  sim::Failure failure;
  std::vector<std::string> results;  // "thread: result" of every traced step
};

Run run(std::vector<Body> bodies, const std::string& schedule,
        std::map<std::string, std::string> rules = {}) {
  E3Program p(std::move(bodies), std::move(rules));
  sim::ExecutionOptions o;
  o.trace = true;
  sim::Execution ex(p, o);
  explorer::ReplayChooser c(explorer::parse_schedule(schedule));
  Run r;
  r.failure = ex.run(c);
  REQUIRE_FALSE(c.error());
  for (const sim::TraceEvent& e : ex.trace())
    r.results.push_back(ex.thread_name(e.thread) + ": " + e.op + ": " + e.result);
  return r;
}

bool has(const Run& r, const std::string& needle) {
  for (const std::string& s : r.results)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

// The owner's side: a lookup that finds nothing and hashes a negative dentry.
Body owner(Dentry** out) {
  return [out](Kernel& k, Dentry* dir) {
    sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
    Dentry* x = e3::d_alloc_parallel(k, dir, "x", wq);
    *out = x;
    e3::d_add(k, x, nullptr);
    e3::d_lookup_done(k, x);
  };
}

// What the second lookup saw; the kernel is gone once the run ends.
struct Seen {
  Dentry* dentry = nullptr;
  bool in_lookup = true;
  bool hashed = false;
  int d_count = 0;
  unsigned i_dir_seq = 0;
};

Body second(Dentry** out, bool* in_lookup, Seen* seen = nullptr) {
  return [out, in_lookup, seen](Kernel& k, Dentry* dir) {
    sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
    *out = e3::d_alloc_parallel(k, dir, "x", wq);
    *in_lookup = e3::d_in_lookup(*out);
    if (seen) *seen = {*out, *in_lookup, !d_unhashed(*out), (*out)->d_count, e3::part(dir->d_inode)->i_dir_seq};
  };
}

}  // namespace

TEST_CASE("d_alloc_parallel: nothing cached, the caller becomes the in-lookup owner",
          "[model][dcache_e3]") {
  auto r = run({[](Kernel& k, Dentry* dir) {
                 sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
                 Dentry* x = e3::d_alloc_parallel(k, dir, "x", wq);
                 CHECK(e3::d_in_lookup(x));
                 CHECK(d_unhashed(x));
                 CHECK(e3::part(x)->d_wait == wq);
                 CHECK(e3::part(x)->in_lookup_owner == k.current());
                 CHECK(k.in_lookup_chain(dir, "x").entries == std::vector<Dentry*>{x});
                 e3::d_lookup_done(k, x);
                 CHECK_FALSE(e3::d_in_lookup(x));
                 CHECK(k.in_lookup_chain(dir, "x").entries.empty());
                 e3::dput(k, x);
               }},
               "");
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK(has(r, "A: hlist_bl_lock; in-lookup hash walk: new in-lookup dentry /d/x"));
}

TEST_CASE("d_alloc_parallel: a hit in the primary hash is returned finished", "[model][dcache_e3]") {
  Dentry *a = nullptr, *b = nullptr;
  bool b_in_lookup = true;
  // A runs to the end, then B.
  Seen seen;
  auto r = run({owner(&a), second(&b, &b_in_lookup, &seen)}, "");
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK(b == a);
  CHECK_FALSE(b_in_lookup);
  CHECK(seen.hashed);
  CHECK(seen.i_dir_seq == 2);  // one start_dir_add/end_dir_add pair
  CHECK(has(r, "B: __d_lookup_rcu: hit dentry /d/x"));
}

TEST_CASE("d_alloc_parallel: an in-lookup twin is waited for, then returned hashed",
          "[model][dcache_e3]") {
  Dentry *a = nullptr, *b = nullptr;
  bool b_in_lookup = true;
  // A owns /d/x (2 steps); B misses the primary hash, finds A's dentry on the
  // in-lookup hash and sleeps in d_wait_lookup; A's d_add wakes it.
  Seen seen;
  auto r = run({owner(&a), second(&b, &b_in_lookup, &seen)}, "0x2,1x3");
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK(has(r, "B: hlist_bl_lock; in-lookup hash walk: in-lookup twin dentry /d/x"));
  CHECK(has(r, "B: d_wait_lookup: in-lookup by A: sleep"));
  CHECK(has(r, "B: d_wait_lookup: lookup done, hashed"));
  CHECK(b == a);
  CHECK_FALSE(b_in_lookup);
  CHECK(seen.hashed);
  CHECK(seen.d_count == 2);  // A kept its reference and B took one
}

TEST_CASE("d_alloc_parallel: a changed i_dir_seq makes it retry", "[model][dcache_e3]") {
  Dentry *a = nullptr, *b = nullptr;
  bool b_in_lookup = true;
  // B misses the primary hash; A's __d_add takes the dentry off the in-lookup
  // hash (i_dir_seq odd) before hashing it; B's in-lookup walk would find
  // nothing and make a second owner, but the i_dir_seq recheck sends it back
  // to the primary hash, where it waits for end_dir_add and then hits.
  auto r = run({owner(&a), second(&b, &b_in_lookup)}, "0x2,1,0,1");
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK(has(r, "A: start_dir_add; __d_lookup_done: i_dir_seq 1 (odd)"));
  CHECK(has(r, "B: hlist_bl_lock; in-lookup hash walk: i_dir_seq 1 != 0: retry"));
  CHECK(has(r, "B: __d_lookup_rcu: hit dentry /d/x"));
  CHECK(b == a);
  CHECK_FALSE(b_in_lookup);
}

TEST_CASE("d_alloc_parallel: with a split in-lookup -> hashed transition it hands out an "
          "unfinished dentry",
          "[model][dcache_e3]") {
  // dcache.in_lookup_to_hashed=split: A's d_add hashes the dentry and leaves
  // it in-lookup until d_lookup_done; B, between the two, gets it from the
  // primary hash still in-lookup (Oleg Drokin's objection).
  Dentry *a = nullptr, *b = nullptr;
  bool b_in_lookup = false;
  auto r = run({owner(&a), second(&b, &b_in_lookup)}, "0x3,1",
               {{"dcache.in_lookup_to_hashed", "split"}});
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK(has(r, "A: __d_rehash: hashed negative, still in-lookup"));
  CHECK(has(r, "B: __d_lookup_rcu: hit dentry /d/x, still in-lookup: A has not finished it"));
  CHECK(b == a);
  CHECK(b_in_lookup);
}

namespace {

// Three threads on one rw_semaphore, recording the order they get it.
class RwsemProgram : public sim::Program {
 public:
  mutable std::vector<std::string> order;
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto* sem = new sim::RwSemaphore(ex, "i_rwsem");
    sem_.reset(sem);
    auto reader = [this, sem, &ex](const char* name) {
      return [this, sem, &ex, name] {
        sem->down_read();
        order.push_back(name);
        ex.visible(sim::Footprint("read", {sem->id(), sim::Access::Read}));
        sem->up_read();
      };
    };
    ex.spawn("R1", reader("R1"));
    ex.spawn("W", [this, sem] {
      sem->down_write();
      order.push_back("W");
      sem->up_write();
    });
    ex.spawn("R2", reader("R2"));
    return std::make_unique<sim::World>();
  }

 private:
  mutable std::unique_ptr<sim::RwSemaphore> sem_;
};

// Follows a schedule and remembers which threads were enabled at each step.
class Recorder : public sim::Chooser {
 public:
  explicit Recorder(explorer::Schedule s) : inner_(std::move(s)) {}
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    seen.push_back(enabled);
    return inner_.choose(ex, enabled);
  }
  std::vector<std::vector<sim::ThreadId>> seen;

 private:
  explorer::ReplayChooser inner_;
};

}  // namespace

TEST_CASE("rw_semaphore: a queued writer blocks a second reader", "[sim][rwsem]") {
  RwsemProgram p;
  sim::Execution ex(p, {});
  // R1 takes it shared; W finds it busy and queues; then R2 may not enter
  // although only readers hold the lock.
  Recorder c(explorer::parse_schedule("0,1"));
  CHECK(ex.run(c).kind == sim::Verdict::Ok);
  REQUIRE(c.seen.size() > 2);
  CHECK(c.seen[2] == std::vector<sim::ThreadId>{0});  // only R1 can go on
  CHECK(p.order == std::vector<std::string>{"R1", "W", "R2"});
}

TEST_CASE("rw_semaphore: readers share it when no writer waits", "[sim][rwsem]") {
  RwsemProgram p;
  sim::Execution ex(p, {});
  Recorder c(explorer::parse_schedule("0,2"));
  CHECK(ex.run(c).kind == sim::Verdict::Ok);
  REQUIRE(c.seen.size() > 2);
  CHECK(c.seen[2] == std::vector<sim::ThreadId>{0, 1, 2});  // R2 holds it too; W may try
  CHECK(p.order.front() == "R1");
  CHECK(p.order[1] == "R2");
}

TEST_CASE("dcache E3: the final dput of an in-lookup dentry WARNs", "[model][dcache_e3]") {
  auto r = run({[](Kernel& k, Dentry* dir) {
                 sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
                 e3::dput(k, e3::d_alloc_parallel(k, dir, "x", wq));
               }},
               "");
  CHECK(r.failure.kind == sim::Verdict::Bug);
  CHECK(r.failure.function == "dput");
  CHECK(r.failure.message ==
        "WARN_ON(d_in_lookup(dentry)) in dput: dentry /d/x is still in-lookup (owned by A)");
}

TEST_CASE("dcache E3: d_add of a hashed dentry is the BUG in __d_rehash", "[model][dcache_e3]") {
  auto r = run({[](Kernel& k, Dentry* dir) {
                 Dentry* x = e3::d_alloc(k, dir, "x");
                 e3::d_add(k, x, nullptr);
                 e3::d_add(k, x, nullptr);
               }},
               "");
  CHECK(r.failure.kind == sim::Verdict::Bug);
  CHECK(r.failure.function == "__d_rehash");
  CHECK(r.failure.message.rfind("BUG_ON(!d_unhashed(entry)) in __d_rehash: dentry /d/x is already "
                                "hashed (by A at step ", 0) == 0);
  CHECK(r.failure.message.find("; A hashes it again") != std::string::npos);
}

TEST_CASE("dcache E3: d_instantiate of an in-lookup dentry WARNs", "[model][dcache_e3]") {
  auto r = run({[](Kernel& k, Dentry* dir) {
                 sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
                 e3::d_instantiate(k, e3::d_alloc_parallel(k, dir, "x", wq), nullptr);
               }},
               "");
  CHECK(r.failure.kind == sim::Verdict::Bug);
  CHECK(r.failure.function == "d_instantiate");
  CHECK(r.failure.message ==
        "WARN_ON(d_in_lookup(dentry)) in d_instantiate: dentry /d/x is still in-lookup (owned by A)");
}

TEST_CASE("dcache E3: __d_add ends the in-lookup state, so the owner's d_lookup_done is a no-op",
          "[model][dcache_e3]") {
  bool in_lookup_after_add = true;
  unsigned seq_during = 0, seq_after = 0;
  auto r = run({[&](Kernel& k, Dentry* dir) {
                 sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "test");
                 Dentry* x = e3::d_alloc_parallel(k, dir, "x", wq);
                 seq_during = e3::part(dir->d_inode)->i_dir_seq;
                 e3::d_add(k, x, nullptr);
                 in_lookup_after_add = e3::d_in_lookup(x);
                 seq_after = e3::part(dir->d_inode)->i_dir_seq;
                 e3::d_lookup_done(k, x);  // no step: already done
                 e3::dput(k, x);           // no WARN: not in-lookup
               }},
               "");
  CHECK(r.failure.kind == sim::Verdict::Ok);
  CHECK_FALSE(in_lookup_after_add);
  CHECK(seq_during == 0);
  CHECK(seq_after == 2);  // start_dir_add made it odd, end_dir_add even again
  CHECK(has(r, "A: start_dir_add; __d_lookup_done: "));  // inside __d_add
  CHECK_FALSE(has(r, "A: __d_lookup_done: "));  // d_lookup_done's own step never ran
}

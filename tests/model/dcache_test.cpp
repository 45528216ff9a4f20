// fs/dcache.c primitives of E1, one behaviour per test, each run in a
// single-threaded execution so the result is the kernel function's alone.
#include <catch2/catch.hpp>

#include <functional>

#include "explorer/run.hpp"
#include "model/core/dcache.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/kernel.hpp"

namespace {

using namespace dcsim;
using namespace dcsim::model;

// One thread runs `body` against a kernel with "/" and a directory "/d".
class KernelProgram : public sim::Program {
 public:
  explicit KernelProgram(std::function<void(Kernel&, Dentry* d)> body) : body_(std::move(body)) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto k = std::make_unique<Kernel>(ex, *resolve_rules("linux-2.5.74", {}).rules);
    k->root = d_alloc_setup(*k, nullptr, "", ramfs::new_inode(*k, "/", true));
    Dentry* d = d_alloc_setup(*k, k->root, "d", ramfs::new_inode(*k, "/d", true));
    Kernel* kp = k.get();
    ex.spawn("t", [this, kp, d] { body_(*kp, d); });
    return k;
  }

 private:
  std::function<void(Kernel&, Dentry*)> body_;
};

sim::Failure run(std::function<void(Kernel&, Dentry*)> body) {
  KernelProgram p(std::move(body));
  sim::ExecutionOptions o;
  o.trace = true;
  sim::Execution ex(p, o);
  explorer::ReplayChooser c({});
  return ex.run(c);
}

}  // namespace

TEST_CASE("dcache: d_alloc gives an unhashed negative dentry holding its parent", "[model][dcache]") {
  int parent_before = 0, parent_after = 0;
  Dentry* seen = nullptr;
  auto f = run([&](Kernel& k, Dentry* dir) {
    parent_before = dir->d_count;
    seen = d_alloc(k, dir, "x");
    parent_after = dir->d_count;
    CHECK(seen->d_count == 1);
    CHECK(d_unhashed(seen));
    CHECK(seen->d_inode == nullptr);
    CHECK(seen->d_parent == dir);
    CHECK(seen->path == "/d/x");
    CHECK(__d_lookup(k, dir, "x") == nullptr);
  });
  CHECK(f.kind == sim::Verdict::Ok);
  CHECK(parent_after == parent_before + 1);
}

TEST_CASE("dcache: d_add hashes; __d_lookup finds it and takes a reference", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    d_add(k, x, nullptr);
    CHECK_FALSE(d_unhashed(x));
    Dentry* hit = __d_lookup(k, dir, "x");
    CHECK(hit == x);
    CHECK(x->d_count == 2);
    CHECK(d_lookup(k, dir, "x") == x);
    CHECK(x->d_count == 3);
    CHECK(__d_lookup(k, dir, "y") == nullptr);
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("dcache: d_drop unhashes, is idempotent, and lookups stop finding it", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    d_add(k, x, nullptr);
    d_drop(k, x);
    CHECK(d_unhashed(x));
    d_drop(k, x);
    CHECK(d_unhashed(x));
    CHECK(__d_lookup(k, dir, "x") == nullptr);
    d_rehash(k, x);
    CHECK(__d_lookup(k, dir, "x") == x);
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("dcache: d_instantiate BUG()s on a dentry already on an alias list", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    Inode* inode = ramfs::new_inode(k, "/d/x", false);
    d_instantiate(k, x, inode);
    d_instantiate(k, x, inode);
  });
  CHECK(f.kind == sim::Verdict::Bug);
  CHECK(f.function == "d_instantiate");
  CHECK(f.message.find("BUG() in d_instantiate") != std::string::npos);
  CHECK(f.message.find("dentry /d/x") != std::string::npos);
}

TEST_CASE("dcache: E1 d_rehash of a hashed dentry is not caught", "[model][dcache]") {
  // 2.6.0 has no BUG_ON(!d_unhashed) in d_rehash (it came with the E3 dcache); only E3 has.
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    d_add(k, x, nullptr);
    d_rehash(k, x);
    CHECK_FALSE(d_unhashed(x));
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("dcache: the last dput of an unhashed dentry frees it", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    const int parent = dir->d_count;
    dput(k, x);
    CHECK(k.ex.objects().dead_ancestor(x->id) == x->id);
    CHECK(dir->d_count == parent - 1);
    d_instantiate(k, x, nullptr);  // any later touch is a use-after-free
  });
  CHECK(f.kind == sim::Verdict::UseAfterFree);
  CHECK(f.message.find("dentry /d/x") != std::string::npos);
  CHECK(f.message.find("freed") != std::string::npos);
}

TEST_CASE("dcache: the last dput of a hashed dentry keeps it in the cache", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* x = d_alloc(k, dir, "x");
    d_add(k, x, nullptr);
    dput(k, x);
    CHECK(x->d_count == 0);
    CHECK(k.ex.objects().dead_ancestor(x->id) == sim::kNoObject);
    CHECK(__d_lookup(k, dir, "x") == x);
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("dcache: d_delete turns a sole reference negative, else unhashes", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* a = d_alloc(k, dir, "a");
    d_add(k, a, ramfs::new_inode(k, "/d/a", false));
    d_delete(k, a);  // d_count 1: negative in place, still hashed
    CHECK(a->d_inode == nullptr);
    CHECK_FALSE(d_unhashed(a));

    Dentry* b = d_alloc(k, dir, "b");
    d_add(k, b, ramfs::new_inode(k, "/d/b", false));
    dget(k, b);
    d_delete(k, b);  // d_count 2: someone else holds it, unhash instead
    CHECK(b->d_inode != nullptr);
    CHECK(d_unhashed(b));
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("dcache: d_invalidate", "[model][dcache]") {
  auto f = run([](Kernel& k, Dentry* dir) {
    Dentry* a = d_alloc(k, dir, "a");
    CHECK(d_invalidate(k, a) == 0);  // already unhashed

    Dentry* sub = d_alloc(k, dir, "sub");
    d_add(k, sub, ramfs::new_inode(k, "/d/sub", true));
    dget(k, sub);
    CHECK(d_invalidate(k, sub) == -EBUSY);  // a busy directory stays
    CHECK_FALSE(d_unhashed(sub));

    Dentry* file = d_alloc(k, dir, "file");
    d_add(k, file, ramfs::new_inode(k, "/d/file", false));
    dget(k, file);
    CHECK(d_invalidate(k, file) == 0);  // a busy file is unhashed anyway
    CHECK(d_unhashed(file));
  });
  CHECK(f.kind == sim::Verdict::Ok);
}

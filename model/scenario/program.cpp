#include "model/scenario/program.hpp"

#include <fmt/format.h>

#include "model/core/dcache.hpp"
#include "model/core/errno.hpp"
#include "model/core/kernel.hpp"
#include "model/core/mount.hpp"
#include "model/core/namei.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/setup_tree.hpp"
#include "model/era_registry.hpp"
#include "model/protocol/interpreter.hpp"

namespace dcsim::model {

namespace {

std::string describe_op(const OpSpec& op) {
  if (op.era) return era_model(*op.era).describe_op(op);
  std::string flags;
  if (op.flags & O_CREAT) flags += "|O_CREAT";
  if (op.flags & O_EXCL) flags += "|O_EXCL";
  if (op.flags & O_DIRECTORY) flags += "|O_DIRECTORY";
  if (op.op == "open") return fmt::format("open({}, O_RDONLY{})", op.path, flags);
  return fmt::format("{}({})", op.op, op.path);
}

class ScenarioProgram : public sim::Program {
 public:
  ScenarioProgram(const Scenario& s, RuleSet rules) : s_(s), rules_(std::move(rules)) {}

  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto k = std::make_unique<Kernel>(ex, rules_);
    Kernel* kp = k.get();
    k->root = d_alloc_setup(*k, nullptr, "", ramfs::new_inode(*k, "/", true));
    for (const std::string& d : s_.dirs) {
      auto [parent, name] = parent_and_name(*k, d);
      d_alloc_setup(*k, parent, name, ramfs::new_inode(*k, d, true));
    }
    for (const std::string& f : s_.files) {
      auto [parent, name] = parent_and_name(*k, f);
      d_alloc_setup(*k, parent, name, ramfs::new_inode(*k, f, false));
    }
    // Scenario threads take the first ids, daemons the ones after.
    protocol::Runtime* rt = s_.protocol ? k->make<protocol::Runtime>(*k, *s_.protocol) : nullptr;
    for (const ThreadSpec& t : s_.threads) {
      if (t.program) {
        ex.spawn(t.name, [rt, &t] { rt->run(*t.program); });
        continue;
      }
      ex.spawn(t.name, [kp, &t] {
        for (const OpSpec& op : t.ops) {
          const int r = kp->era.run_syscall(*kp, op);
          const int err = r < 0 ? -r : r;
          kp->ex.note(op.op, sim::kNoObject,
                      fmt::format("{} returned {}", describe_op(op), errno_name(err)));
          // Why it failed, when the thread slept on something on the way.
          auto why = [&] {
            auto it = kp->waited_on.find(kp->current());
            return it == kp->waited_on.end() ? std::string() : "; " + it->second;
          };
          if (op.expect && *op.expect != err)
            kp->ex.fail(sim::Verdict::Expectation,
                        fmt::format("{}: {} returned {}, expected {} ({}){}", t.name, describe_op(op),
                                    errno_name(err), errno_name(*op.expect), op.json_path, why()));
          if (op.mounted && err == 0 && path_is_mounted(*kp, op.path) != *op.mounted)
            kp->ex.fail(sim::Verdict::Expectation,
                        fmt::format("{}: {} returned 0 with {} mounted on {}, expected {} ({}){}", t.name,
                                    describe_op(op), *op.mounted ? "nothing" : "a file system", op.path,
                                    *op.mounted ? "a mount" : "none", op.json_path, why()));
          kp->waited_on.erase(kp->current());
        }
      });
    }
    k->era.setup(*k, s_);
    return k;
  }

  void at_end(sim::Execution&, sim::World& world) const override {
    auto& k = static_cast<Kernel&>(world);
    k.era.at_end(k);
  }

 private:
  const Scenario& s_;
  RuleSet rules_;
};

}  // namespace

std::unique_ptr<sim::Program> make_program(const Scenario& scenario, const RuleSet& rules) {
  return std::make_unique<ScenarioProgram>(scenario, rules);
}

}  // namespace dcsim::model

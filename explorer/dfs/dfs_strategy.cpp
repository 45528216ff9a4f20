// dfs and bounded behind the Strategy interface (strategy/strategy.hpp).
#include <fmt/format.h>

#include "explorer/dfs/dfs.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/split.hpp"

namespace dcsim::explorer {

namespace {
class Dfs : public SearchStrategy {
 public:
  explicit Dfs(Strategy id) : id_(id) {}
  ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                        const RunHooks& hooks) const override {
    return explore_dfs(program, plan, hooks);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                               const RunHooks&) const override {
    return split_dfs(program, plan);
  }
  std::string describe(const SearchPlan& plan) const override {
    if (!plan.preemptions) return fmt::format("{}, no preemption bound", to_string(id_));
    return fmt::format("{}, preemption bound {} (raised from 0)", to_string(id_), *plan.preemptions);
  }
  std::string_view covers() const override { return "execution"; }
  std::string_view result_name() const override { return to_string(id_); }

 private:
  Strategy id_;
};
}  // namespace

const SearchStrategy& dfs_strategy() {
  static const Dfs s(Strategy::Dfs);
  return s;
}

const SearchStrategy& bounded_dfs_strategy() {
  static const Dfs s(Strategy::Bounded);
  return s;
}

}  // namespace dcsim::explorer

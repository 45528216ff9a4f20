// dpor and source-dpor behind the Strategy interface (strategy/strategy.hpp).
#include <fmt/format.h>

#include "explorer/dpor/dpor.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/split.hpp"

namespace dcsim::explorer {

namespace {
class Dpor : public SearchStrategy {
 public:
  Dpor(Strategy id, DporMode mode) : id_(id), mode_(mode) {}
  ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                        const RunHooks& hooks) const override {
    return explore_dpor(program, plan, hooks, mode_);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                               const RunHooks&) const override {
    return split_dpor(program, plan, mode_);
  }
  std::string describe(const SearchPlan&) const override { return fmt::format("{}, every trace", to_string(id_)); }
  std::string_view covers() const override { return "Mazurkiewicz trace"; }
  std::string_view result_name() const override { return to_string(id_); }

 private:
  Strategy id_;
  DporMode mode_;
};
}  // namespace

const SearchStrategy& dpor_strategy() {
  static const Dpor s(Strategy::Dpor, DporMode::Optimal);
  return s;
}

const SearchStrategy& source_dpor_strategy() {
  static const Dpor s(Strategy::SourceDpor, DporMode::Source);
  return s;
}

}  // namespace dcsim::explorer

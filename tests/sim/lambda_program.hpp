// What the sim tests share: a program built by a lambda, explored whole.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "explorer/dfs/dfs.hpp"
#include "sim/execution.hpp"
#include "tests/explorer/test_search.hpp"

namespace dcsim::testing {

// A program from a lambda that builds the world in the execution.
class Lambda : public sim::Program {
 public:
  explicit Lambda(std::function<void(sim::Execution&)> f) : f_(std::move(f)) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    f_(ex);
    return std::make_unique<sim::World>();
  }

 private:
  std::function<void(sim::Execution&)> f_;
};

// Every execution, failures included.
inline explorer::ExploreResult explore_all(const sim::Program& p, std::uint64_t max_steps = 1000) {
  testing::Search o;
  o.hooks.stop_on_failure = false;
  o.max_steps = max_steps;
  return explorer::explore_dfs(p, o, o.hooks);
}

}  // namespace dcsim::testing

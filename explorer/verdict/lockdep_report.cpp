#include "explorer/verdict/lockdep_report.hpp"

#include <fmt/format.h>

namespace dcsim::explorer {

std::string lockdep_text(const sim::LockOrderGraph& g) {
  const auto potential = g.potential_deadlocks();
  const std::size_t cycles = g.cycles().size();
  std::string out = fmt::format(
      "lockdep: {} lock-order edge{} over {} execution{}; {} cycle{}, {} of them no explored execution "
      "deadlocked on (potential deadlock{})\n",
      g.edge_count(), g.edge_count() == 1 ? "" : "s", g.executions(), g.executions() == 1 ? "" : "s", cycles,
      cycles == 1 ? "" : "s", potential.size(), potential.size() == 1 ? "" : "s");
  for (const sim::PotentialDeadlock& d : potential) out += "\n" + sim::format_potential_deadlock(d);
  return out;
}

nlohmann::ordered_json lockdep_json(const sim::LockOrderGraph& g) {
  using J = nlohmann::ordered_json;
  J list = J::array();
  for (const sim::PotentialDeadlock& d : g.potential_deadlocks()) {
    J chains = J::array();
    for (const sim::LockChain& c : d.chains)
      chains.push_back({{"thread", c.thread},
                        {"held_lock", c.held_lock},
                        {"held_function", c.held_function},
                        {"held_read", c.held_read},
                        {"lock", c.lock},
                        {"function", c.function},
                        {"read", c.read}});
    list.push_back({{"classes", d.classes},
                    {"chains", chains},
                    {"why_not_reached", d.why_not_reached.empty() ? J(nullptr) : J(d.why_not_reached)},
                    {"report", sim::format_potential_deadlock(d)}});
  }
  return {{"executions", g.executions()},
          {"edges", g.edge_count()},
          {"cycles", g.cycles().size()},
          {"potential_deadlocks", list}};
}

}  // namespace dcsim::explorer

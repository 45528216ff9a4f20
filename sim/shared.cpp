#include "sim/shared.hpp"

#include <atomic>

namespace dcsim::sim {

namespace {
// Process-wide, for tests; read once per execution, when it is created.
std::atomic<bool> forced_checks{false};
}  // namespace

bool footprint_checks_on() { return kFootprintChecksBuilt || forced_checks.load(std::memory_order_relaxed); }

FootprintChecks::FootprintChecks(bool on) : saved_(forced_checks.exchange(on)) {}
FootprintChecks::~FootprintChecks() { forced_checks.store(saved_); }

}  // namespace dcsim::sim

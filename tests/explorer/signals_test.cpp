// SIGTERM while work units run (explorer/units/signals.hpp): under Slurm one
// preemption brings two, the job's own and the batch script's forwarded
// one; the second must not kill the run while it writes its checkpoint.
#include <catch2/catch.hpp>

#include <csignal>

#include "explorer/units/signals.hpp"

namespace ex = dcsim::explorer;

TEST_CASE("signals: a second SIGTERM is ignored, the first is what the run reports", "[units][signals]") {
  ex::SignalGuard guard;
  REQUIRE(guard.signal() == 0);
  std::raise(SIGTERM);
  std::raise(SIGTERM);  // killed the process before: Slurm's requeue left PATH.tmp and no checkpoint
  CHECK(guard.signal() == SIGTERM);
  CHECK(*guard.flag() == SIGTERM);
  CHECK(ex::interrupted_status(guard.signal()) == 143);
}

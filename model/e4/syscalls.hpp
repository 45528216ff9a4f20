// The E4 scenario ops on the model of model/e4/vfs.hpp: set-up of the
// world a scenario describes, and each op as a user task's syscall (with
// the return to user mode, where task_work runs) or a kernel thread's call.
#pragma once
#include "model/core/kernel.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e4 {

// After the scenario's threads are spawned (they take ids 0..n-1).
void setup(Kernel& k, const Scenario& s);
// One op of the running thread; 0 or -errno. Checks `shut_down` itself.
int run_op(Kernel& k, const OpSpec& op);

}  // namespace dcsim::model::e4

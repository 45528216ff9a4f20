// SIGINT and SIGTERM while work units run and the checkpoint is written: the
// first asks the search to stop after saving the units done (a checkpoint);
// a second SIGINT kills at once, for a search that does not stop soon
// enough, a second SIGTERM is ignored (signals.cpp says why).
#pragma once
#include <csignal>

namespace dcsim::explorer {

// Installs the handlers for its lifetime (the old ones come back after);
// one at a time per process.
class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
  // Set to the signal's number when one came; what UnitPlan::interrupt reads.
  const volatile std::sig_atomic_t* flag() const;
  int signal() const;

 private:
  void (*old_int_)(int);
  void (*old_term_)(int);
};

// The exit status of a run stopped by `signal` (SIGINT also for a test's
// --stop-after-units): 128 + the signal's number.
int interrupted_status(int signal);

}  // namespace dcsim::explorer

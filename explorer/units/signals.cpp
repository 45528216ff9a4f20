#include "explorer/units/signals.hpp"

namespace dcsim::explorer {

namespace {
volatile std::sig_atomic_t g_signal = 0;

// A second SIGINT (Ctrl-C again) kills at once. A second SIGTERM does not:
// Slurm signals every process of a job and its batch script forwards the
// signal too, so one preemption brings two, and the second would kill the
// run while it writes its checkpoint; a scheduler escalates with SIGKILL.
extern "C" void on_signal(int sig) {
  if (g_signal && sig == SIGINT) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  if (!g_signal) g_signal = sig;
}
}  // namespace

SignalGuard::SignalGuard() {
  g_signal = 0;
  old_int_ = std::signal(SIGINT, on_signal);
  old_term_ = std::signal(SIGTERM, on_signal);
}

SignalGuard::~SignalGuard() {
  std::signal(SIGINT, old_int_);
  std::signal(SIGTERM, old_term_);
}

const volatile std::sig_atomic_t* SignalGuard::flag() const { return &g_signal; }
int SignalGuard::signal() const { return g_signal; }

int interrupted_status(int signal) { return 128 + (signal == SIGTERM ? SIGTERM : SIGINT); }

}  // namespace dcsim::explorer

// Graphviz DOT of the graphs a deadlock is read from: the wait-for graph of
// an execution (threads, the locks and queues they block on, who holds or
// must wake them) and lockdep's lock-order graph over lock classes.
#pragma once
#include <string>

#include "sim/execution.hpp"
#include "sim/lockdep.hpp"

namespace dcsim::explorer::visual {

// The wait-for graph at the end of `ex`: each blocked thread -> what it
// waits on ("waits: down in devfs_lookup") -> the threads that hold it or
// must wake it. The deadlock's cycle is drawn bold red. An execution that
// did not deadlock gives a graph with its verdict as the label.
std::string wait_for_dot(const sim::Execution& ex, const std::string& title);

// Lock classes and the order edges lockdep recorded (held -> taken next),
// each labelled with its first chain; edges on a cycle are drawn red.
std::string lock_order_dot(const sim::LockOrderGraph& graph, const std::string& title);

}  // namespace dcsim::explorer::visual

// Invariants the model checks where the kernel would silently break them.
// A violation ends the execution as a BUG naming the object
// and who is involved.
#pragma once
#include <string_view>

#include "model/core/kernel.hpp"

namespace dcsim::model {

// R8 (Al Viro, seed 001): a dentry that others hold references to is never
// turned negative by the file system. `who` is the kernel function about
// to do it; the current thread's own references do not count. Checked
// unless the scenario switches R8 off (RuleSet::check_r8).
void check_r8_turn_negative(Kernel& k, Dentry* dentry, std::string_view who);

}  // namespace dcsim::model

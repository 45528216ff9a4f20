// Finding the dentries of the initial tree while a world is being set up
// (no visible steps): for the eras' set-up of their file systems.
#pragma once
#include <string>
#include <utility>

#include "model/core/kernel.hpp"

namespace dcsim::model {

// The hashed dentry of a set-up path; the path must exist.
Dentry* lookup_setup(Kernel& k, const std::string& path);
// The set-up parent of `path` and its last component.
std::pair<Dentry*, std::string> parent_and_name(Kernel& k, const std::string& path);

}  // namespace dcsim::model

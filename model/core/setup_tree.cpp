#include "model/core/setup_tree.hpp"

#include <stdexcept>

#include "model/core/namei.hpp"

namespace dcsim::model {

Dentry* lookup_setup(Kernel& k, const std::string& path) {
  Dentry* cur = k.root;
  for (const std::string& part : split_path(path)) {
    Dentry* next = nullptr;
    for (Dentry* d : k.chain(cur, part).entries)
      if (d->name == part) next = d;
    if (!next) throw std::logic_error("setup path missing: " + path);
    cur = next;
  }
  return cur;
}

std::pair<Dentry*, std::string> parent_and_name(Kernel& k, const std::string& path) {
  std::vector<std::string> parts = split_path(path);
  std::string name = parts.back();
  parts.pop_back();
  std::string parent = "/";
  for (const auto& p : parts) parent += (parent == "/" ? "" : "/") + p;
  return {lookup_setup(k, parent), name};
}

}  // namespace dcsim::model

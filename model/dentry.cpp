#include "model/dentry.hpp"

namespace dcsim::model {

Inode::Inode(sim::Execution& ex, std::string p, bool dir)
    : id(ex.objects().add("inode", "inode " + p)),
      path(std::move(p)),
      is_dir(dir),
      i_nlink(dir ? 2 : 1),
      i_sem(ex, "i_sem of " + path, 1, id) {}

}  // namespace dcsim::model

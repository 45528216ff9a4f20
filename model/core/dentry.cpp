#include "model/core/dentry.hpp"

namespace dcsim::model {

Inode::Inode(sim::Execution& ex, std::string p, bool dir)
    : id(ex.objects().add("inode", "inode " + p)), path(std::move(p)), is_dir(dir), i_nlink(dir ? 2 : 1) {}

void lock_dir(Inode* dir) { dir->i_era->lock_dir(); }

void unlock_dir(Inode* dir) { dir->i_era->unlock_dir(); }

}  // namespace dcsim::model

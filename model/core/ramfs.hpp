// The plain in-memory file system of the initial tree (fs/ramfs + fs/libfs.c
// simple_* helpers of 2.6.0): lookups that miss leave a negative dentry.
#pragma once
#include "model/core/kernel.hpp"

namespace dcsim::model::ramfs {

const InodeOperations& dir_inode_operations();
Inode* new_inode(Kernel& k, const std::string& path, bool dir);

}  // namespace dcsim::model::ramfs

#include "model/core/dentry.hpp"

namespace dcsim::model {

Inode::Inode(sim::Execution& ex, std::string p, bool dir, Era era)
    : id(ex.objects().add("inode", "inode " + p)), path(std::move(p)), is_dir(dir), i_nlink(dir ? 2 : 1) {
  if (era == Era::E1)
    i_sem.emplace(ex, "i_sem of " + path, 1, id);
  else
    i_mutex.emplace(ex, "i_mutex of " + path, id);
}

void lock_dir(Inode* dir) {
  if (dir->i_sem)
    dir->i_sem->down();
  else
    dir->i_mutex->mutex_lock();
}

void unlock_dir(Inode* dir) {
  if (dir->i_sem)
    dir->i_sem->up();
  else
    dir->i_mutex->mutex_unlock();
}

}  // namespace dcsim::model

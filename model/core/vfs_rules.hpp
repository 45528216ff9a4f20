// The VFS rule of seed 003's "better fix", shared by the namei model of E1
// and E2: under which parent lock ->d_revalidate is called. Each era
// declares its own key (the lock is i_sem in E1, i_mutex in E2); the era
// registry reads the one of the era in force.
#pragma once

namespace dcsim::model {

enum class RevalidateDirLock {
  lookup_hash_only,  // held from lookup_hash(), not from a path walk (2.5.74 .. 2.6.37)
  never,             // the VFS never holds the parent's lock across ->d_revalidate
};

class RuleSet;
// The value of vfs.revalidate_i_sem (E1) or vfs.revalidate_i_mutex (E2);
// lookup_hash_only for the eras whose namei the model does not share.
RevalidateDirLock revalidate_dir_lock(const RuleSet& rules);

}  // namespace dcsim::model

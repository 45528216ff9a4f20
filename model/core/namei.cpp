#include "model/core/namei.hpp"

#include "model/core/dcache.hpp"
#include "model/core/mount.hpp"
#include "model/core/vfs_rules.hpp"

namespace dcsim::model {

using sim::KernelFunction;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(std::move(cur));
  return parts;
}

namespace {

// ->d_revalidate and what the caller does with its answer. 2.6.0 inlines
// this in do_lookup/real_lookup/cached_lookup and treats any non-zero
// status as valid; E2's do_revalidate (fs/namei.c, 2.6.22) turns a negative
// status into an error. 0 sends the caller to d_invalidate(): when that
// succeeds the dentry is dropped and NULL returned (look it up again).
ErrOr<Dentry*> do_revalidate(Kernel& k, Dentry* dentry) {
  const int status = dentry->d_op->d_revalidate(k, dentry);
  if (status > 0 || (status < 0 && k.era.revalidate_error_is_valid())) return {dentry, 0};
  if (status < 0) {
    dput(k, dentry);
    return ErrOr<Dentry*>::error(status);
  }
  if (d_invalidate(k, dentry)) return {dentry, 0};
  dput(k, dentry);
  return {nullptr, 0};
}

bool has_revalidate(const Dentry* d) { return d->d_op && d->d_op->d_revalidate; }

// fs/namei.c (2.6.0 and 2.6.22) real_lookup: the slow path of a path walk.
// Takes the parent's directory lock (i_sem, then i_mutex), redoes the
// lookup (the cache may have been filled while we slept on it), and calls
// ->lookup on a miss with the lock held. A hit is revalidated after the
// lock is dropped ("Uhhuh! Nasty case").
ErrOr<Dentry*> real_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("real_lookup");
  Inode* dir = parent->d_inode;
  lock_dir(dir);
  Dentry* result = d_lookup(k, parent, name);
  if (!result) {
    Dentry* dentry = d_alloc(k, parent, name);
    ErrOr<Dentry*> r = dir->i_op->lookup(k, dir, dentry);
    if (r.is_err()) {
      dput(k, dentry);
    } else if (r.value) {
      dput(k, dentry);
    } else {
      r.value = dentry;
    }
    unlock_dir(dir);
    return r;
  }
  unlock_dir(dir);
  if (has_revalidate(result)) {
    ErrOr<Dentry*> r = do_revalidate(k, result);
    if (!r.is_err() && !r.value) return ErrOr<Dentry*>::error(-ENOENT);
    return r;
  }
  return {result, 0};
}

// fs/namei.c (2.6.0 and 2.6.22) do_lookup: the fast path, __d_lookup and
// ->d_revalidate without any directory lock.
ErrOr<Dentry*> do_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("do_lookup");
  Dentry* dentry = __d_lookup(k, parent, name);
  if (dentry && has_revalidate(dentry)) {
    ErrOr<Dentry*> r = do_revalidate(k, dentry);
    if (r.is_err() || r.value) return r;
    dentry = nullptr;
  }
  if (dentry) return {dentry, 0};
  return real_lookup(k, parent, name);
}

// fs/namei.c (2.6.0 and 2.6.22) cached_lookup: called with the parent's
// directory lock held by lookup_hash()'s caller; ->d_revalidate therefore
// runs under that lock here.
// Under vfs.revalidate_i_sem / vfs.revalidate_i_mutex `never` (seed 003's
// "better fix", not historical) the lock is let go around ->d_revalidate;
// a dentry unhashed meanwhile is looked up again, as real_lookup() redoes
// its lookup after sleeping on the lock.
ErrOr<Dentry*> cached_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("cached_lookup");
  const bool unlocked = revalidate_dir_lock(k.rules) == RevalidateDirLock::never;
  for (;;) {
    Dentry* dentry = __d_lookup(k, parent, name);
    if (!dentry) dentry = d_lookup(k, parent, name);
    if (!dentry || !has_revalidate(dentry)) return {dentry, 0};
    if (!unlocked) return do_revalidate(k, dentry);
    unlock_dir(parent->d_inode);
    ErrOr<Dentry*> r = do_revalidate(k, dentry);
    lock_dir(parent->d_inode);
    if (r.is_err() || !r.value) return r;
    k.ex.visible(sim::Footprint("d_unhashed(dentry)", {r.value->id, sim::Access::Read}));
    if (!d_unhashed(r.value)) return r;
    dput(k, r.value);  // dropped while i_sem was free: look again
  }
}

}  // namespace

// fs/namei.c lookup_hash (2.6.0), __lookup_hash (2.6.22): "restricted form
// of lookup", the caller holds base's directory lock.
ErrOr<Dentry*> lookup_hash(Kernel& k, const std::string& name, Dentry* base) {
  KernelFunction fn(k.era.lookup_hash_name());
  Inode* inode = base->d_inode;
  ErrOr<Dentry*> cached = cached_lookup(k, base, name);
  if (cached.is_err() || cached.value) return cached;
  Dentry* fresh = d_alloc(k, base, name);
  ErrOr<Dentry*> r = inode->i_op->lookup(k, inode, fresh);
  if (r.is_err()) {
    dput(k, fresh);
    return r;
  }
  if (r.value) {
    dput(k, fresh);
    return r;
  }
  return {fresh, 0};
}

// fs/namei.c (2.6.0, 2.6.22) link_path_walk + path_lookup. The model has
// no symlinks, so LOOKUP_FOLLOW changes nothing; every component, the last
// included, crosses the mounts on it (__follow_mount in do_lookup).
int path_lookup(Kernel& k, const std::string& path, unsigned flags, NameiData* nd) {
  KernelFunction fn("path_lookup");
  std::vector<std::string> parts = split_path(path);
  Dentry* cur = dget(k, k.root);
  if (flags & LOOKUP_PARENT) {
    if (parts.empty()) {
      dput(k, cur);
      return -EINVAL;  // the root has no last component
    }
    nd->last = parts.back();
    parts.pop_back();
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!cur->d_inode || !cur->d_inode->is_dir) {
      dput(k, cur);
      return -ENOTDIR;
    }
    ErrOr<Dentry*> next = do_lookup(k, cur, parts[i]);
    dput(k, cur);
    if (next.is_err()) return next.err;
    cur = follow_mount(k, next.value);
    if (!cur->d_inode) {
      dput(k, cur);
      return -ENOENT;
    }
  }
  if ((flags & LOOKUP_PARENT) && (!cur->d_inode || !cur->d_inode->is_dir)) {
    dput(k, cur);
    return -ENOTDIR;
  }
  nd->dentry = cur;
  return 0;
}

namespace {
int stat_common(Kernel& k, const std::string& path, unsigned flags) {
  NameiData nd;
  int err = path_lookup(k, path, flags, &nd);
  if (err) return err;
  dput(k, nd.dentry);  // path_release
  return 0;
}
}  // namespace

// fs/stat.c (2.6.0) vfs_stat: user_path_walk with LOOKUP_FOLLOW.
int sys_stat(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_stat");
  return stat_common(k, path, LOOKUP_FOLLOW);
}

// fs/stat.c (2.6.0) vfs_lstat: user_path_walk_link (no LOOKUP_FOLLOW).
int sys_lstat(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_lstat");
  return stat_common(k, path, 0);
}

namespace {

// The shape every lookup_hash() caller of 2.6.0 shares (sys_unlink,
// sys_rmdir, lookup_create, open_namei with O_CREAT): walk to the parent,
// take its i_sem, lookup_hash() the last component, act on the dentry with
// i_sem held, and let everything go again.
template <typename Act>
int with_parent_locked(Kernel& k, const std::string& path, Act act) {
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_PARENT, &nd);
  if (err) return err;
  Inode* dir = nd.dentry->d_inode;
  lock_dir(dir);
  ErrOr<Dentry*> d = lookup_hash(k, nd.last, nd.dentry);
  int result = d.err;
  if (!d.is_err()) {
    result = act(dir, d.value);
    dput(k, d.value);
  }
  unlock_dir(dir);
  dput(k, nd.dentry);
  return result;
}

// vfs_unlink/vfs_rmdir (2.6.0): the victim's i_sem around the file system's
// operation, then d_delete() on success.
int vfs_remove(Kernel& k, Inode* dir, Dentry* dentry,
               int (*op)(Kernel&, Inode*, Dentry*)) {
  Inode* victim = dentry->d_inode;
  lock_dir(victim);
  const int result = op(k, dir, dentry);
  unlock_dir(victim);
  if (!result) d_delete(k, dentry);
  return result;
}

}  // namespace

// fs/namei.c (2.6.0) open_namei, then close. Without O_CREAT a path walk;
// with O_CREAT the parent's i_sem around lookup_hash and ->create.
int sys_open(Kernel& k, const std::string& path, unsigned flags) {
  KernelFunction fn("sys_open");
  if (!(flags & O_CREAT)) {
    NameiData nd;
    int err = path_lookup(k, path, LOOKUP_FOLLOW, &nd);
    if (err) return err;
    int result = 0;
    if ((flags & O_DIRECTORY) && !nd.dentry->d_inode->is_dir) result = -ENOTDIR;
    dput(k, nd.dentry);
    return result;
  }
  return with_parent_locked(k, path, [&](Inode* dir, Dentry* dentry) {
    if (!dentry->d_inode) return dir->i_op->create ? dir->i_op->create(k, dir, dentry) : -EACCES;
    if (flags & O_EXCL) return -EEXIST;
    if (dentry->d_inode->is_dir) return -EISDIR;
    return 0;
  });
}

// fs/namei.c (2.6.0) sys_unlink + vfs_unlink: the parent's i_sem across
// lookup_hash and ->unlink, the victim's i_sem around ->unlink, then
// d_delete().
int sys_unlink(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_unlink");
  return with_parent_locked(k, path, [&](Inode* dir, Dentry* dentry) {
    KernelFunction vfs("vfs_unlink");
    if (!dentry->d_inode) return -ENOENT;  // may_delete
    if (dentry->d_inode->is_dir) return -EISDIR;
    if (!dir->i_op->unlink) return -EPERM;
    return vfs_remove(k, dir, dentry, dir->i_op->unlink);
  });
}

// fs/namei.c (2.6.0) sys_mkdir: lookup_create (parent i_sem + lookup_hash,
// EEXIST on a positive dentry) then vfs_mkdir.
int sys_mkdir(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_mkdir");
  return with_parent_locked(k, path, [&](Inode* dir, Dentry* dentry) {
    if (dentry->d_inode) return -EEXIST;
    return dir->i_op->mkdir ? dir->i_op->mkdir(k, dir, dentry) : -EPERM;
  });
}

// fs/namei.c (2.6.0) sys_rmdir + vfs_rmdir: parent i_sem across lookup_hash
// and ->rmdir (victim i_sem inside), d_delete() on success.
int sys_rmdir(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_rmdir");
  return with_parent_locked(k, path, [&](Inode* dir, Dentry* dentry) {
    KernelFunction vfs("vfs_rmdir");
    if (!dentry->d_inode) return -ENOENT;
    if (!dentry->d_inode->is_dir) return -ENOTDIR;
    if (d_mountpoint(dentry)) return -EBUSY;
    if (!dir->i_op->rmdir) return -EPERM;
    return vfs_remove(k, dir, dentry, dir->i_op->rmdir);
  });
}

}  // namespace dcsim::model

#include "model/namei.hpp"

#include "model/dcache.hpp"

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

// fs/namei.c (2.6.0) real_lookup: the slow path of a path walk. Takes the
// parent's i_sem, redoes the lookup (the cache may have been filled while we
// slept on i_sem), and calls ->lookup on a miss with i_sem held. A hit is
// revalidated after i_sem is dropped ("Uhhuh! Nasty case").
ErrOr<Dentry*> real_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("real_lookup");
  Inode* dir = parent->d_inode;
  dir->i_sem.down();
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
    dir->i_sem.up();
    return r;
  }
  dir->i_sem.up();
  if (result->d_op && result->d_op->d_revalidate) {
    if (!result->d_op->d_revalidate(k, result) && !d_invalidate(k, result)) {
      dput(k, result);
      return ErrOr<Dentry*>::error(-ENOENT);
    }
  }
  return {result, 0};
}

// fs/namei.c (2.6.0) do_lookup: the fast path, __d_lookup and
// ->d_revalidate without any directory lock.
ErrOr<Dentry*> do_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("do_lookup");
  Dentry* dentry = __d_lookup(k, parent, name);
  while (dentry) {
    if (!dentry->d_op || !dentry->d_op->d_revalidate) return {dentry, 0};
    if (dentry->d_op->d_revalidate(k, dentry)) return {dentry, 0};
    if (d_invalidate(k, dentry)) return {dentry, 0};
    dput(k, dentry);
    dentry = nullptr;
  }
  return real_lookup(k, parent, name);
}

// fs/namei.c (2.6.0) cached_lookup: called with the parent's i_sem held by
// lookup_hash()'s caller; ->d_revalidate therefore runs under i_sem here.
Dentry* cached_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("cached_lookup");
  Dentry* dentry = __d_lookup(k, parent, name);
  if (!dentry) dentry = d_lookup(k, parent, name);
  if (dentry && dentry->d_op && dentry->d_op->d_revalidate) {
    if (!dentry->d_op->d_revalidate(k, dentry) && !d_invalidate(k, dentry)) {
      dput(k, dentry);
      dentry = nullptr;
    }
  }
  return dentry;
}

}  // namespace

// fs/namei.c (2.6.0) lookup_hash: "restricted form of lookup", the caller
// holds base->d_inode->i_sem.
ErrOr<Dentry*> lookup_hash(Kernel& k, const std::string& name, Dentry* base) {
  KernelFunction fn("lookup_hash");
  Inode* inode = base->d_inode;
  Dentry* dentry = cached_lookup(k, base, name);
  if (dentry) return {dentry, 0};
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

// fs/namei.c (2.6.0) link_path_walk + path_lookup. The model's tree has no
// symlinks or mount crossings in E1, so LOOKUP_FOLLOW changes nothing.
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
    cur = next.value;
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

// fs/namei.c (2.6.0) open_namei, then close. Without O_CREAT a path walk;
// with O_CREAT the parent's i_sem around lookup_hash and ->create.
int sys_open(Kernel& k, const std::string& path, unsigned flags) {
  KernelFunction fn("sys_open");
  NameiData nd;
  if (!(flags & O_CREAT)) {
    int err = path_lookup(k, path, LOOKUP_FOLLOW, &nd);
    if (err) return err;
    int result = 0;
    if ((flags & O_DIRECTORY) && !nd.dentry->d_inode->is_dir) result = -ENOTDIR;
    dput(k, nd.dentry);
    return result;
  }
  int err = path_lookup(k, path, LOOKUP_PARENT, &nd);
  if (err) return err;
  Dentry* dir = nd.dentry;
  dir->d_inode->i_sem.down();
  ErrOr<Dentry*> d = lookup_hash(k, nd.last, dir);
  int result = d.err;
  if (!d.is_err()) {
    Dentry* dentry = d.value;
    if (!dentry->d_inode) {
      result = dir->d_inode->i_op->create ? dir->d_inode->i_op->create(k, dir->d_inode, dentry)
                                          : -EACCES;
    } else if (flags & O_EXCL) {
      result = -EEXIST;
    } else if (dentry->d_inode->is_dir) {
      result = -EISDIR;
    }
    dput(k, dentry);
  }
  dir->d_inode->i_sem.up();
  dput(k, dir);
  return result;
}

// fs/namei.c (2.6.0) sys_unlink + vfs_unlink: the parent's i_sem across
// lookup_hash and ->unlink, the victim's i_sem around ->unlink, then
// d_delete().
int sys_unlink(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_unlink");
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_PARENT, &nd);
  if (err) return err;
  Inode* dir = nd.dentry->d_inode;
  dir->i_sem.down();
  ErrOr<Dentry*> d = lookup_hash(k, nd.last, nd.dentry);
  int result = d.err;
  if (!d.is_err()) {
    Dentry* dentry = d.value;
    KernelFunction vfs("vfs_unlink");
    if (!dentry->d_inode) {
      result = -ENOENT;  // may_delete
    } else if (dentry->d_inode->is_dir) {
      result = -EISDIR;
    } else if (!dir->i_op->unlink) {
      result = -EPERM;
    } else {
      Inode* victim = dentry->d_inode;
      victim->i_sem.down();
      result = dir->i_op->unlink(k, dir, dentry);
      victim->i_sem.up();
      if (!result) d_delete(k, dentry);
    }
    dput(k, dentry);
  }
  dir->i_sem.up();
  dput(k, nd.dentry);
  return result;
}

// fs/namei.c (2.6.0) sys_mkdir: lookup_create (parent i_sem + lookup_hash,
// EEXIST on a positive dentry) then vfs_mkdir.
int sys_mkdir(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_mkdir");
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_PARENT, &nd);
  if (err) return err;
  Inode* dir = nd.dentry->d_inode;
  dir->i_sem.down();
  ErrOr<Dentry*> d = lookup_hash(k, nd.last, nd.dentry);
  int result = d.err;
  if (!d.is_err()) {
    Dentry* dentry = d.value;
    if (dentry->d_inode)
      result = -EEXIST;
    else
      result = dir->i_op->mkdir ? dir->i_op->mkdir(k, dir, dentry) : -EPERM;
    dput(k, dentry);
  }
  dir->i_sem.up();
  dput(k, nd.dentry);
  return result;
}

// fs/namei.c (2.6.0) sys_rmdir + vfs_rmdir: parent i_sem across lookup_hash
// and ->rmdir (victim i_sem inside), d_delete() on success.
int sys_rmdir(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_rmdir");
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_PARENT, &nd);
  if (err) return err;
  Inode* dir = nd.dentry->d_inode;
  dir->i_sem.down();
  ErrOr<Dentry*> d = lookup_hash(k, nd.last, nd.dentry);
  int result = d.err;
  if (!d.is_err()) {
    Dentry* dentry = d.value;
    KernelFunction vfs("vfs_rmdir");
    if (!dentry->d_inode) {
      result = -ENOENT;
    } else if (!dentry->d_inode->is_dir) {
      result = -ENOTDIR;
    } else if (!dir->i_op->rmdir) {
      result = -EPERM;
    } else {
      Inode* victim = dentry->d_inode;
      victim->i_sem.down();
      result = dir->i_op->rmdir(k, dir, dentry);
      victim->i_sem.up();
      if (!result) d_delete(k, dentry);
    }
    dput(k, dentry);
  }
  dir->i_sem.up();
  dput(k, nd.dentry);
  return result;
}

}  // namespace dcsim::model

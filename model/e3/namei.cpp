#include "model/e3/namei.hpp"

#include <fmt/format.h>

#include "model/e3/dcache.hpp"
#include "model/e3/objects.hpp"

namespace dcsim::model::e3 {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;

sim::WaitQueue* on_stack_wait_queue(Kernel& k, std::string_view function) {
  auto* wq = k.make<sim::WaitQueue>(
      k.ex, fmt::format("wq of {} in {}", k.ex.thread_name(k.current()), function));
  wq->set_wakers({k.current()});
  return wq;
}

int finish_no_open(OpenFile* file, Dentry* dentry) {
  file->no_open = true;
  file->dentry = dentry;
  return 1;
}

namespace {

// fs/namei.c (4.7) d_revalidate.
int d_revalidate(Kernel& k, Dentry* dentry, unsigned flags) {
  const DentryOperations* d_op = part(dentry)->d_op;
  if (!d_op || !d_op->d_revalidate) return 1;
  return d_op->d_revalidate(k, dentry, flags);
}

// fs/libfs.c (4.7) simple_lookup, for the set-up tree's directories: a miss
// is a negative dentry.
ErrOr<Dentry*> simple_lookup(Kernel& k, Inode*, Dentry* dentry, unsigned) {
  KernelFunction fn("simple_lookup");
  e3::d_add(k, dentry, nullptr);
  return {nullptr, 0};
}

ErrOr<Dentry*> call_lookup(Kernel& k, Inode* dir, Dentry* dentry, unsigned flags) {
  if (part(dir)->i_op && part(dir)->i_op->lookup) return part(dir)->i_op->lookup(k, dir, dentry, flags);
  return simple_lookup(k, dir, dentry, flags);
}


// fs/namei.c (4.7) lookup_fast, ref-walk: the hash lookup and
// ->d_revalidate without any directory lock. NULL on a miss or an invalid
// dentry (which it invalidates).
ErrOr<Dentry*> lookup_fast(Kernel& k, Dentry* parent, const std::string& name, unsigned flags) {
  KernelFunction fn("lookup_fast");
  Dentry* dentry = __d_lookup(k, parent, name);
  if (!dentry) return {nullptr, 0};
  const int status = d_revalidate(k, dentry, flags);
  if (status > 0) return {dentry, 0};
  if (status == 0) e3::d_invalidate(k, dentry);
  e3::dput(k, dentry);
  return status < 0 ? ErrOr<Dentry*>::error(status) : ErrOr<Dentry*>{nullptr, 0};
}

// fs/namei.c (4.7) walk_component, without symlinks and mount crossings.
ErrOr<Dentry*> walk_component(Kernel& k, Dentry* parent, const std::string& name, unsigned flags) {
  ErrOr<Dentry*> r = lookup_fast(k, parent, name, flags);
  if (r.is_err() || r.value) return r;
  return lookup_slow(k, parent, name, flags);
}

// fs/namei.c (4.7) path_lookupat/path_parentat: walk every component but
// the last; returns the parent (a reference) and the last name.
int walk_to_parent(Kernel& k, const std::string& path, Dentry** parent, std::string* last) {
  std::vector<std::string> parts = split_path(path);
  if (parts.empty()) return -EINVAL;
  *last = parts.back();
  parts.pop_back();
  Dentry* cur = dget(k, k.root);
  for (const std::string& part : parts) {
    ErrOr<Dentry*> next = walk_component(k, cur, part, 0);
    e3::dput(k, cur);
    if (next.is_err()) return next.err;
    cur = next.value;
    if (!cur->d_inode || !cur->d_inode->is_dir) {
      const int err = cur->d_inode ? -ENOTDIR : -ENOENT;
      e3::dput(k, cur);
      return err;
    }
  }
  *parent = cur;
  return 0;
}

// fs/namei.c (4.7) atomic_open: the VFS side of ->atomic_open.
ErrOr<Dentry*> atomic_open(Kernel& k, Inode* dir, Dentry* dentry, unsigned open_flags) {
  KernelFunction fn("atomic_open");
  OpenFile file;
  const int error = part(dir)->i_op->atomic_open(k, dir, dentry, &file, open_flags);
  d_lookup_done(k, dentry);
  if (error < 0) {
    e3::dput(k, dentry);
    return ErrOr<Dentry*>::error(error);
  }
  if (file.no_open && file.dentry) {
    e3::dput(k, dentry);
    dentry = file.dentry;
  }
  return {dentry, 0};
}

// fs/namei.c (4.7) lookup_open, called with the parent's i_rwsem held
// (shared unless O_CREAT).
ErrOr<Dentry*> lookup_open(Kernel& k, Dentry* parent, const std::string& name, unsigned open_flags,
                           unsigned flags) {
  KernelFunction fn("lookup_open");
  Inode* dir = parent->d_inode;
  sim::WaitQueue* wq = on_stack_wait_queue(k, "lookup_open");
  Dentry* dentry = d_lookup(k, parent, name);
  for (;;) {
    if (!dentry) dentry = d_alloc_parallel(k, parent, name, wq);
    if (d_in_lookup(dentry)) break;
    const int error = d_revalidate(k, dentry, flags);
    if (error > 0) break;
    if (error < 0) {
      e3::dput(k, dentry);
      return ErrOr<Dentry*>::error(error);
    }
    e3::d_invalidate(k, dentry);
    e3::dput(k, dentry);
    dentry = nullptr;
  }
  if (dentry->d_inode) return {dentry, 0};  // cached positive: opened by f_op->open
  if (part(dir)->i_op && part(dir)->i_op->atomic_open) return atomic_open(k, dir, dentry, open_flags);
  if (d_in_lookup(dentry)) {
    ErrOr<Dentry*> res = call_lookup(k, dir, dentry, flags);
    d_lookup_done(k, dentry);
    if (res.is_err() || res.value) e3::dput(k, dentry);
    if (res.is_err()) return res;
    if (res.value) dentry = res.value;
  }
  if (!dentry->d_inode && (open_flags & O_CREAT)) {
    e3::dput(k, dentry);
    return ErrOr<Dentry*>::error(-EACCES);  // the set-up tree's directories are read-only here
  }
  return {dentry, 0};
}

// The lock do_last takes around lookup_open.
void lock_dir(Inode* dir, bool exclusive) {
  KernelFunction fn(exclusive ? "inode_lock" : "inode_lock_shared");
  if (exclusive) part(dir)->i_rwsem.down_write();
  else part(dir)->i_rwsem.down_read();
}
void unlock_dir(Inode* dir, bool exclusive) {
  KernelFunction fn(exclusive ? "inode_unlock" : "inode_unlock_shared");
  if (exclusive) part(dir)->i_rwsem.up_write();
  else part(dir)->i_rwsem.up_read();
}

// What stat() and open() do with the dentry at the end of the walk.
int finish_lookup(Kernel& k, ErrOr<Dentry*> r, unsigned open_flags) {
  if (r.is_err()) return r.err;
  Dentry* dentry = r.value;
  int err = 0;
  if (!dentry->d_inode) err = -ENOENT;
  else if ((open_flags & O_DIRECTORY) && !dentry->d_inode->is_dir) err = -ENOTDIR;
  else if ((open_flags & O_CREAT) && (open_flags & O_EXCL)) err = -EEXIST;
  e3::dput(k, dentry);
  return err;
}

int stat_common(Kernel& k, const std::string& path) {
  Dentry* parent = nullptr;
  std::string last;
  if (split_path(path).empty()) return 0;
  int err = walk_to_parent(k, path, &parent, &last);
  if (err) return err;
  ErrOr<Dentry*> r = walk_component(k, parent, last, 0);
  e3::dput(k, parent);
  return finish_lookup(k, r, 0);
}

}  // namespace

// fs/namei.c (4.7) lookup_slow.
ErrOr<Dentry*> lookup_slow(Kernel& k, Dentry* parent, const std::string& name, unsigned flags) {
  KernelFunction fn("lookup_slow");
  Inode* dir = parent->d_inode;
  sim::WaitQueue* wq = on_stack_wait_queue(k, "lookup_slow");
  lock_dir(dir, false);
  ErrOr<Dentry*> result;
  for (;;) {
    Dentry* dentry = d_alloc_parallel(k, parent, name, wq);
    if (!d_in_lookup(dentry)) {
      const int error = d_revalidate(k, dentry, flags);
      if (error == 0) {
        e3::d_invalidate(k, dentry);
        e3::dput(k, dentry);
        continue;
      }
      if (error < 0) {
        e3::dput(k, dentry);
        result = ErrOr<Dentry*>::error(error);
      } else {
        result = {dentry, 0};
      }
      break;
    }
    ErrOr<Dentry*> old = call_lookup(k, dir, dentry, flags);
    d_lookup_done(k, dentry);
    if (old.is_err() || old.value) e3::dput(k, dentry);
    result = old.is_err() || old.value ? old : ErrOr<Dentry*>{dentry, 0};
    break;
  }
  unlock_dir(dir, false);
  return result;
}

// fs/namei.c (4.7) __lookup_hash: the caller holds i_rwsem exclusive, so
// ->lookup runs on a dentry that is not in-lookup.
ErrOr<Dentry*> __lookup_hash(Kernel& k, const std::string& name, Dentry* base, unsigned flags) {
  KernelFunction fn("__lookup_hash");
  Dentry* dentry = d_lookup(k, base, name);
  if (dentry) {
    const int error = d_revalidate(k, dentry, flags);
    if (error > 0) return {dentry, 0};
    if (error == 0) e3::d_invalidate(k, dentry);
    e3::dput(k, dentry);
    if (error < 0) return ErrOr<Dentry*>::error(error);
  }
  dentry = e3::d_alloc(k, base, name);
  ErrOr<Dentry*> old = call_lookup(k, base->d_inode, dentry, flags);
  if (old.is_err() || old.value) e3::dput(k, dentry);
  return old.is_err() || old.value ? old : ErrOr<Dentry*>{dentry, 0};
}

int sys_stat(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_stat");
  return stat_common(k, path);
}

int sys_lstat(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_lstat");
  return stat_common(k, path);
}

// fs/namei.c (4.7) path_openat -> do_last, then close.
int sys_open(Kernel& k, const std::string& path, unsigned open_flags) {
  KernelFunction fn("sys_open");
  Dentry* parent = nullptr;
  std::string last;
  if (split_path(path).empty()) return (open_flags & O_CREAT) ? -EISDIR : 0;
  int err = walk_to_parent(k, path, &parent, &last);
  if (err) return err;
  KernelFunction last_fn("do_last");
  unsigned flags = LOOKUP_OPEN;
  if (open_flags & O_CREAT) flags |= LOOKUP_CREATE | ((open_flags & O_EXCL) ? LOOKUP_EXCL : 0);
  if (open_flags & O_DIRECTORY) flags |= LOOKUP_DIRECTORY;
  ErrOr<Dentry*> r{nullptr, 0};
  if (!(open_flags & O_CREAT)) r = lookup_fast(k, parent, last, flags);
  if (!r.is_err() && !r.value) {
    const bool exclusive = open_flags & O_CREAT;
    Inode* dir = parent->d_inode;
    lock_dir(dir, exclusive);
    r = lookup_open(k, parent, last, open_flags, flags);
    unlock_dir(dir, exclusive);
  }
  e3::dput(k, parent);
  return finish_lookup(k, r, open_flags);
}

}  // namespace dcsim::model::e3

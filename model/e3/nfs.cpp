#include "model/e3/nfs.hpp"

#include "model/e3/rules.hpp"

#include <fmt/format.h>

#include "model/e3/dcache.hpp"
#include "model/e3/namei.hpp"
#include "model/e3/objects.hpp"

namespace dcsim::model::nfs {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;

namespace {

// The server's export and the client's view of it.
struct Server {
  sim::ObjectId id;  // the exported directory on the server
  Config config;
  unsigned long change_attribute = 1;  // the directory's change attribute
  std::map<std::string, Inode*> inodes;  // nfs_fhget: one inode per file handle
  std::string root_path;
};

Server* server(Inode* dir) { return static_cast<Server*>(dir->i_sb->s_fs_info); }

Inode* nfs_fhget(Kernel& k, Inode* dir, const std::string& name, bool is_dir) {
  Server* s = server(dir);
  Inode*& inode = s->inodes[name];
  if (!inode) {
    inode = k.new_inode(child_path(dir->i_dentry.front(), name), is_dir, nullptr, dir->i_sb);
    if (is_dir) e3::part(inode)->i_op = nullptr;  // subdirectories are not walked into
  }
  return inode;
}

// NFSPROC4 LOOKUP: 0 and the entry's type, or -ENOENT.
int rpc_lookup(Kernel& k, Inode* dir, const std::string& name, bool* is_dir) {
  KernelFunction fn("nfs4_proc_lookup");
  Server* s = server(dir);
  k.ex.visible(Footprint("NFS4 LOOKUP", {s->id, Access::Read}));
  auto it = s->config.entries.find(name);
  if (it == s->config.entries.end()) {
    k.ex.result("ENOENT");
    return -ENOENT;
  }
  *is_dir = it->second;
  k.ex.result(it->second ? "directory" : "file");
  return 0;
}

// NFSPROC4 OPEN (nfs4_atomic_open -> nfs4_do_open): the opened file's inode,
// or -ENOENT, or -EISDIR for a directory (NFS4ERR_ISDIR).
ErrOr<Inode*> rpc_open(Kernel& k, Inode* dir, const std::string& name, unsigned open_flags) {
  KernelFunction fn("nfs4_do_open");
  Server* s = server(dir);
  const bool create = open_flags & O_CREAT;
  k.ex.visible(Footprint("NFS4 OPEN", {s->id, create ? Access::Write : Access::Read}));
  if (auto reply = s->config.open_replies.find(name); reply != s->config.open_replies.end()) {
    k.ex.result(errno_name(-reply->second));
    return ErrOr<Inode*>::error(reply->second);
  }
  auto it = s->config.entries.find(name);
  if (it == s->config.entries.end()) {
    if (!create) {
      k.ex.result("ENOENT");
      return ErrOr<Inode*>::error(-ENOENT);
    }
    it = s->config.entries.emplace(name, false).first;
    ++s->change_attribute;
    k.ex.result("created");
  } else if (create && (open_flags & O_EXCL)) {
    k.ex.result("EEXIST");
    return ErrOr<Inode*>::error(-EEXIST);
  }
  if (it->second) {
    k.ex.result("EISDIR");
    return ErrOr<Inode*>::error(-EISDIR);
  }
  k.ex.result("opened");
  return {nfs_fhget(k, dir, name, false), 0};
}

// fs/nfs/dir.c (4.7) nfs_set_verifier(dentry, nfs_save_change_attribute(dir)).
void nfs_set_verifier(Kernel& k, Dentry* dentry, Inode* dir) {
  e3::part(dentry)->d_time = server(dir)->change_attribute;
  (void)k;
}

// fs/nfs/dir.c (4.7) nfs_neg_need_reval: a negative dentry is trusted while
// its verifier matches the directory's change attribute.
bool nfs_neg_need_reval(Inode* dir, Dentry* dentry, unsigned flags) {
  if (flags & (e3::LOOKUP_EXCL | e3::LOOKUP_CREATE)) return true;
  return e3::part(dentry)->d_time != server(dir)->change_attribute;
}

// fs/nfs/dir.c (4.7) nfs_lookup_revalidate, reduced to what the server can
// change here: a negative dentry by nfs_neg_need_reval, a positive one by
// whether the name still exists.
int nfs_lookup_revalidate(Kernel& k, Dentry* dentry, unsigned flags) {
  KernelFunction fn("nfs_lookup_revalidate");
  Inode* dir = dentry->d_parent->d_inode;
  k.ex.visible(Footprint("nfs_lookup_revalidate", {dentry->id, Access::Read},
                         {server(dir)->id, Access::Read}));
  if (!dentry->d_inode) {
    const bool bad = nfs_neg_need_reval(dir, dentry, flags);
    k.ex.result(bad ? "negative, stale: invalid" : "negative, verified: valid");
    return bad ? 0 : 1;
  }
  const bool there = server(dir)->config.entries.count(dentry->name) != 0;
  k.ex.result(there ? "valid" : "gone: invalid");
  return there ? 1 : 0;
}

// fs/nfs/dir.c (4.7) nfs4_lookup_revalidate: for an open that is not
// O_DIRECTORY, a negative dentry is trusted without a round trip unless
// nfs_neg_need_reval() says so; ->atomic_open does the rest.
int nfs4_lookup_revalidate(Kernel& k, Dentry* dentry, unsigned flags) {
  KernelFunction fn("nfs4_lookup_revalidate");
  if (!(flags & e3::LOOKUP_OPEN) || (flags & e3::LOOKUP_DIRECTORY))
    return nfs_lookup_revalidate(k, dentry, flags);
  // NFS only supports OPEN on regular files: the rest is revalidated as
  // for a plain lookup.
  if (dentry->d_inode && dentry->d_inode->is_dir) return nfs_lookup_revalidate(k, dentry, flags);
  Inode* dir = dentry->d_parent->d_inode;
  k.ex.visible(Footprint("nfs4_lookup_revalidate", {dentry->id, Access::Read}));
  if (!dentry->d_inode) {
    const bool valid = !nfs_neg_need_reval(dir, dentry, flags);
    k.ex.result(valid ? "negative, verified: valid" : "negative: invalid");
    return valid ? 1 : 0;
  }
  k.ex.result("valid");  // f_op->open revalidates the file itself
  return 1;
}

// fs/nfs/dir.c (4.7) nfs_lookup: LOOKUP on the server, then
// d_splice_alias() of the result (NULL inode for ENOENT).
ErrOr<Dentry*> nfs_lookup(Kernel& k, Inode* dir, Dentry* dentry, unsigned) {
  KernelFunction fn("nfs_lookup");
  bool is_dir = false;
  const int error = rpc_lookup(k, dir, dentry->name, &is_dir);
  Inode* inode = error ? nullptr : nfs_fhget(k, dir, dentry->name, is_dir);
  ErrOr<Dentry*> res = e3::d_splice_alias(k, inode, dentry);
  if (res.is_err()) return res;
  nfs_set_verifier(k, res.value ? res.value : dentry, dir);
  return res;
}

// A test of the dentry's hash or in-lookup state: a read of shared state
// that a parallel d_drop()/d_add() may change just before or after.
bool test(Kernel& k, std::string_view predicate, Dentry* dentry) {
  k.ex.visible(Footprint(predicate, {dentry->id, Access::Read}));
  const bool r = predicate == "d_in_lookup" ? e3::d_in_lookup(dentry) : d_unhashed(dentry);
  k.ex.result(r ? "true" : "false");
  return r;
}

// What nfs.owned_test says "this dentry is mine to look up" means.
bool owned(Kernel& k, Dentry* dentry) {
  return test(k, k.rules.is(e3::nfs_owned_test, e3::NfsOwnedTest::d_in_lookup) ? "d_in_lookup" : "d_unhashed", dentry);
}

// fs/nfs/dir.c nfs_atomic_open, in the version nfs.atomic_open selects:
//   4.7-rc6        no switch: works on whatever dentry the VFS passed;
//   viro-proposed  Al's patch of 2016-07-03 (seed 002): a hashed dentry is
//                  dropped and replaced by d_alloc_parallel()'s, tested
//                  with !d_unhashed;
//   c94c0953       the fix as merged for 4.7: the same, tested with
//                  !d_in_lookup.
// The O_DIRECTORY test uses nfs.owned_test ("Use the right predicate in
// ->atomic_open() instances" changed it to d_in_lookup).
int nfs_atomic_open(Kernel& k, Inode* dir, Dentry* dentry, e3::OpenFile* file, unsigned open_flags) {
  KernelFunction fn("nfs_atomic_open");
  const e3::NfsAtomicOpen version = k.rules.get(e3::nfs_atomic_open);
  bool switched = false;
  unsigned lookup_flags = 0;
  int err = 0;

  if (dentry->d_inode) k.ex.fail(sim::Verdict::Bug, "BUG_ON(d_inode(dentry)) in nfs_atomic_open", dentry->id);

  if (open_flags & O_DIRECTORY) {
    // "Hashed negative dentry with O_DIRECTORY: dentry was revalidated and
    // is fine, no need to perform lookup again"
    if (!owned(k, dentry)) return -ENOENT;
    lookup_flags = e3::LOOKUP_OPEN | e3::LOOKUP_DIRECTORY;
  } else {
    const bool switch_now =
        !(open_flags & O_CREAT) &&
        ((version == e3::NfsAtomicOpen::viro_proposed && !test(k, "d_unhashed", dentry)) ||
         (version == e3::NfsAtomicOpen::c94c0953 && !test(k, "d_in_lookup", dentry)));
    if (switch_now) {
      e3::d_drop(k, dentry);
      switched = true;
      sim::WaitQueue* wq = e3::on_stack_wait_queue(k, "nfs_atomic_open");
      dentry = e3::d_alloc_parallel(k, dentry->d_parent, dentry->name, wq);
      if (!e3::d_in_lookup(dentry)) return e3::finish_no_open(file, dentry);
    }
    // ctx = create_nfs_open_context(); NFS_PROTO(dir)->open_context()
    ErrOr<Inode*> inode = rpc_open(k, dir, dentry->name, open_flags);
    if (!inode.is_err()) {
      // _nfs4_open_and_get_state: d_drop, then d_splice_alias the new inode.
      e3::d_drop(k, dentry);
      ErrOr<Dentry*> alias = e3::d_splice_alias(k, inode.value, dentry);
      nfs_set_verifier(k, dentry, dir);
      file->opened = true;  // finish_open()
      (void)alias;
    } else {
      err = inode.err;
      e3::d_drop(k, dentry);  // every error unhashes (the June 2016 nfs_atomic_open)
      if (err == -ENOENT) {
        e3::d_add(k, dentry, nullptr);
        nfs_set_verifier(k, dentry, dir);
      }
    }
    if (err != -EISDIR && err != -ENOTDIR) {
      if (switched) {
        e3::d_lookup_done(k, dentry);
        if (file->opened) {
          file->opened = false;  // the VFS finishes the open on the dentry handed back
          return e3::finish_no_open(file, dentry);
        }
        e3::dput(k, dentry);
      }
      return err;
    }
  }
  // no_open:
  ErrOr<Dentry*> res = nfs_lookup(k, dir, dentry, lookup_flags);
  if (switched) {
    e3::d_lookup_done(k, dentry);
    if (!res.is_err() && !res.value) res.value = dentry;
    else e3::dput(k, dentry);
  }
  if (res.is_err()) return res.err;
  return e3::finish_no_open(file, res.value);
}

const e3::DentryOperations& nfs4_dentry_operations() {
  static const e3::DentryOperations ops{nfs4_lookup_revalidate, "nfs4_dentry_operations"};
  return ops;
}

const e3::InodeOperations& nfs4_dir_inode_operations() {
  static const e3::InodeOperations ops{nfs_lookup, nfs_atomic_open};
  return ops;
}

}  // namespace

void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config) {
  auto* sb = k.make<SuperBlock>();
  sb->fs_type = "nfs4";
  auto* sb_part = k.make<e3::SuperBlockPart>();
  sb_part->s_d_op = &nfs4_dentry_operations();
  sb->s_era = sb_part;
  Server* s = k.make<Server>();
  s->config = config;
  s->root_path = child_path(parent, name);
  s->id = k.ex.objects().add("nfs server directory", "server directory " + s->root_path);
  sb->s_fs_info = s;
  Inode* root = k.new_inode(s->root_path, true, nullptr, sb);
  e3::part(root)->i_op = &nfs4_dir_inode_operations();
  d_alloc_setup(k, parent, name, root);
}

int server_create(Kernel& k, Dentry* root, const std::string& name) {
  KernelFunction fn("another client");
  Server* s = server(root->d_inode);
  k.ex.visible(Footprint("CREATE", {s->id, Access::Write}));
  if (!s->config.entries.emplace(name, false).second) {
    k.ex.result("EEXIST");
    return -EEXIST;
  }
  ++s->change_attribute;
  k.ex.result(fmt::format("created {}; change attribute {}", name, s->change_attribute));
  return 0;
}

}  // namespace dcsim::model::nfs

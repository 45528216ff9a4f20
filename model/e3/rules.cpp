#include "model/e3/rules.hpp"

namespace dcsim::model::e3 {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> rules = {
      describe(Era::E3, nfs_atomic_open,
       "Which dentry nfs_atomic_open() mutates. Under a shared i_rwsem several opens can be in "
       "->atomic_open on one hashed negative dentry that passed revalidation; whichever of them "
       "d_drop()s and d_add()s it races the others (seed 002, Race E).",
               {{NfsAtomicOpen::v4_7_rc6,
         "no switch: OPEN on the dentry the VFS passed; on ENOENT d_drop + d_add(dentry, NULL), "
         "on EISDIR/ENOTDIR nfs_lookup -> d_splice_alias on it",
         "linux-4.7-rc6 fs/nfs/dir.c"},
                {NfsAtomicOpen::viro_proposed,
         "Al Viro's patch of 2016-07-03: without O_CREAT, a dentry that is !d_unhashed is dropped "
         "and replaced by d_alloc_parallel()'s; not in-lookup -> finish_no_open",
         "seed 002 (LKML 2016-07-03, tested by Oleg Drokin on 4.7.0-rc6)"},
                {NfsAtomicOpen::c94c0953,
         "the same switch, tested with !d_in_lookup(dentry): ->atomic_open mutates hash state "
         "only on a dentry it owns in-lookup",
         "c94c09535c4d \"nfs_atomic_open(): prevent parallel nfs_lookup() on a negative hashed\" "
         "(4.7)"}}),
      describe(Era::E3, nfs_owned_test,
       "The predicate nfs_atomic_open()'s O_DIRECTORY branch uses for \"a fresh dentry that is "
       "mine to look up\". Under a shared i_rwsem an unhashed dentry may be one a parallel "
       "->atomic_open just dropped (seed 002, the ls variant).",
               {{NfsOwnedTest::d_unhashed, "if (!d_unhashed(dentry)) return -ENOENT; else nfs_lookup()",
         "linux-4.7-rc6 fs/nfs/dir.c"},
                {NfsOwnedTest::d_in_lookup, "if (!d_in_lookup(dentry)) return -ENOENT; else nfs_lookup()",
         "\"Use the right predicate in ->atomic_open() instances\" (parent of c94c09535c4d, 4.7)"}}),
      describe(Era::E3, dcache_in_lookup_to_hashed,
       "How __d_add() moves an in-lookup dentry onto the primary hash, relative to "
       "d_alloc_parallel(). If a dentry can be hashed while still in-lookup, d_alloc_parallel() "
       "finds it in the primary hash and hands out a lookup its owner has not finished (Oleg "
       "Drokin's objection in seed 002).",
               {{DcacheInLookupToHashed::atomic,
         "__d_add: start_dir_add(dir); __d_lookup_done(dentry); __d_rehash(dentry); "
         "end_dir_add(dir), under d_lock; d_alloc_parallel rechecks i_dir_seq",
         "linux-4.7 fs/dcache.c (parallel lookups, d9171b934526)"},
                {DcacheInLookupToHashed::split,
         "__d_add hashes the dentry and leaves it in-lookup until the owner's d_lookup_done() "
         "(not historical: the world Oleg's objection describes)",
         "none (model only)"}}),
  };
  return rules;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> profiles = {
      {"linux-4.7-rc6",
       "July 2016 (a99cde438de0): parallel lookups under a shared i_rwsem; nfs_atomic_open "
       "still tests d_unhashed and works on a shared hashed negative dentry",
       Era::E3,
       {fix(nfs_atomic_open, NfsAtomicOpen::v4_7_rc6),
        fix(nfs_owned_test, NfsOwnedTest::d_unhashed),
        fix(dcache_in_lookup_to_hashed, DcacheInLookupToHashed::atomic)}},
      {"linux-4.7",
       "4.7: nfs_atomic_open tests d_in_lookup and switches a hashed dentry for "
       "d_alloc_parallel()'s (c94c09535c4d and its parent)",
       Era::E3,
       {fix(nfs_atomic_open, NfsAtomicOpen::c94c0953),
        fix(nfs_owned_test, NfsOwnedTest::d_in_lookup),
        fix(dcache_in_lookup_to_hashed, DcacheInLookupToHashed::atomic)}},
  };
  return profiles;
}

}  // namespace dcsim::model::e3

// The rules era E2 reads: each rule's values declared once, as an enum
// and the names the command line, scenarios and reports use.
#pragma once
#include <vector>

#include "model/core/vfs_rules.hpp"
#include "model/rules/rule.hpp"

namespace dcsim::model::e2 {

enum class Autofs4HashInLookup { before_create, at_create };
inline constexpr RuleKey<Autofs4HashInLookup, 2> autofs4_hash_in_lookup{"autofs4.hash_in_lookup", {"before_create", "at_create"}};

enum class Autofs4UnhashedReuse { none, rehash_list, look_aside };
inline constexpr RuleKey<Autofs4UnhashedReuse, 3> autofs4_unhashed_reuse{"autofs4.unhashed_reuse", {"none", "rehash_list", "look_aside"}};

enum class Autofs4WaitMatch { name, name_and_type };
inline constexpr RuleKey<Autofs4WaitMatch, 2> autofs4_wait_match{"autofs4.wait_match", {"name", "name_and_type"}};

enum class Autofs4PendingLock { d_lock, fs_lock };
inline constexpr RuleKey<Autofs4PendingLock, 2> autofs4_pending_lock{"autofs4.pending_lock", {"d_lock", "fs_lock"}};

// Al Viro's "daemon mounts elsewhere, the kernel moves it in" (seed 001).
enum class Autofs4Mount { daemon_mkdir, move_in };
inline constexpr RuleKey<Autofs4Mount, 2> autofs4_mount{"autofs4.mount", {"daemon-mkdir", "move-in"}};

// The rule of seed 003's "better fix" in this era's namei: ->d_revalidate under i_mutex.
inline constexpr RuleKey<RevalidateDirLock, 2> vfs_revalidate_i_mutex{"vfs.revalidate_i_mutex", {"lookup_hash_only", "never"}};

// The documentation of each rule above, in the order `dcsim rules` lists them.
const std::vector<Rule>& rules();
// The kernel profiles of this era, oldest first.
const std::vector<Profile>& profiles();

}  // namespace dcsim::model::e2

// The rules era E1 reads: each rule's values declared once, as an enum
// and the names the command line, scenarios and reports use.
#pragma once
#include <vector>

#include "model/core/vfs_rules.hpp"
#include "model/rules/rule.hpp"

namespace dcsim::model::e1 {

enum class DevfsReacquireISem { before_wake, after_wake };
inline constexpr RuleKey<DevfsReacquireISem, 2> devfs_reacquire_i_sem{"devfs.reacquire_i_sem", {"before_wake", "after_wake"}};

enum class DevfsLookupInfo { stack, refcounted, no_touch_after_wake };
inline constexpr RuleKey<DevfsLookupInfo, 3> devfs_lookup_info{"devfs.lookup_info", {"stack", "refcounted", "no_touch_after_wake"}};

// seed 003's "better fix": ->d_revalidate always or never under the parent's i_sem.
inline constexpr RuleKey<RevalidateDirLock, 2> vfs_revalidate_i_sem{"vfs.revalidate_i_sem", {"lookup_hash_only", "never"}};

// The documentation of each rule above, in the order `dcsim rules` lists them.
const std::vector<Rule>& rules();
// The kernel profiles of this era, oldest first.
const std::vector<Profile>& profiles();

}  // namespace dcsim::model::e1

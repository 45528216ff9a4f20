// The rules era E3 reads: each rule's values declared once, as an enum
// and the names the command line, scenarios and reports use.
#pragma once
#include <vector>

#include "model/rules/rule.hpp"

namespace dcsim::model::e3 {

enum class NfsAtomicOpen { v4_7_rc6, viro_proposed, c94c0953 };
inline constexpr RuleKey<NfsAtomicOpen, 3> nfs_atomic_open{"nfs.atomic_open", {"4.7-rc6", "viro-proposed", "c94c0953"}};

enum class NfsOwnedTest { d_unhashed, d_in_lookup };
inline constexpr RuleKey<NfsOwnedTest, 2> nfs_owned_test{"nfs.owned_test", {"d_unhashed", "d_in_lookup"}};

enum class DcacheInLookupToHashed { atomic, split };
inline constexpr RuleKey<DcacheInLookupToHashed, 2> dcache_in_lookup_to_hashed{"dcache.in_lookup_to_hashed", {"atomic", "split"}};

// The documentation of each rule above, in the order `dcsim rules` lists them.
const std::vector<Rule>& rules();
// The kernel profiles of this era, oldest first.
const std::vector<Profile>& profiles();

}  // namespace dcsim::model::e3

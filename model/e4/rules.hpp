// The rules era E4 reads: each rule's values declared once, as an enum
// and the names the command line, scenarios and reports use.
#pragma once
#include <vector>

#include "model/rules/rule.hpp"

namespace dcsim::model::e4 {

enum class MntputCleanup { sync, workqueue_wait, delayed, delayed_all };
inline constexpr RuleKey<MntputCleanup, 4> mntput_cleanup{"mntput.cleanup", {"sync", "workqueue_wait", "delayed", "delayed_all"}};

enum class MntputFlushFilesystem { none, flush, flush_sync };
inline constexpr RuleKey<MntputFlushFilesystem, 3> mntput_flush_filesystem{"mntput.flush_filesystem", {"none", "flush", "flush_sync"}};

// The documentation of each rule above, in the order `dcsim rules` lists them.
const std::vector<Rule>& rules();
// The kernel profiles of this era, oldest first.
const std::vector<Profile>& profiles();

}  // namespace dcsim::model::e4

#include "model/era_registry.hpp"

#include "model/core/era.hpp"
#include "model/e1/era.hpp"
#include "model/e2/era.hpp"
#include "model/e3/era.hpp"
#include "model/e4/era.hpp"
#include "model/e1/rules.hpp"
#include "model/e2/rules.hpp"
#include "model/e3/rules.hpp"
#include "model/e4/rules.hpp"
#include "model/rules/rule_set.hpp"

namespace dcsim::model {

const std::vector<Era>& all_eras() {
  static const std::vector<Era> eras = {Era::E1, Era::E2, Era::E3, Era::E4};
  return eras;
}

const std::vector<Era>& eras_oldest_first() {
  static const std::vector<Era> eras = {Era::E1, Era::E2, Era::E4, Era::E3};
  return eras;
}

std::string_view to_string(Era e) {
  switch (e) {
    case Era::E1: return "E1 (2.5.74/2.6.0: i_sem, dcache_lock)";
    case Era::E2: return "E2 (2.6.2x: i_mutex, dcache_lock)";
    case Era::E3: return "E3 (4.7: i_rwsem, parallel lookups)";
    case Era::E4: return "E4 (3.13-3.18: mount refcounts, work queues)";
  }
  return "?";
}

const EraModel& era_model(Era era) {
  switch (era) {
    case Era::E1: return e1::era_model();
    case Era::E2: return e2::era_model();
    case Era::E3: return e3::era_model();
    case Era::E4: return e4::era_model();
  }
  throw std::logic_error("dcsim: unknown era");
}

const std::vector<Rule>& era_rules(Era era) {
  switch (era) {
    case Era::E1: return e1::rules();
    case Era::E2: return e2::rules();
    case Era::E3: return e3::rules();
    case Era::E4: return e4::rules();
  }
  throw std::logic_error("dcsim: unknown era");
}

const std::vector<Profile>& era_profiles(Era era) {
  switch (era) {
    case Era::E1: return e1::profiles();
    case Era::E2: return e2::profiles();
    case Era::E3: return e3::profiles();
    case Era::E4: return e4::profiles();
  }
  throw std::logic_error("dcsim: unknown era");
}

}  // namespace dcsim::model

namespace dcsim::model {

RevalidateDirLock revalidate_dir_lock(const RuleSet& rules) {
  switch (rules.era()) {
    case Era::E1: return rules.get(e1::vfs_revalidate_i_sem);
    case Era::E2: return rules.get(e2::vfs_revalidate_i_mutex);
    case Era::E3:
    case Era::E4: return RevalidateDirLock::lookup_hash_only;
  }
  return RevalidateDirLock::lookup_hash_only;
}

}  // namespace dcsim::model

// E2's part of a scenario: its autofs mounts (/setup/mounts with "fs":
// "autofs"), and the check of an expire op's path.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/scenario/scenario.hpp"

namespace dcsim::model::e2 {

struct AutofsMountSpec {
  std::string at;
  std::vector<std::string> map;
  std::vector<std::string> mounted;
  unsigned daemon_threads = 1;
  std::vector<std::string> symlinks;  // keys the daemon made as symlinks
};

struct Setup final : EraSpec {
  std::vector<AutofsMountSpec> autofs_mounts;
};

// The scenario's autofs mounts (none when it has no E2 set-up).
const std::vector<AutofsMountSpec>& autofs_mounts(const Scenario& s);
void read_autofs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s);
// An expire names a key directly below an autofs mount.
void check_expire_path(const Scenario& s, const OpSpec& op, const SpecReader& r);

}  // namespace dcsim::model::e2

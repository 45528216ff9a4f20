// E1's part of a scenario: its devfs mounts (/setup/mounts with "fs": "devfs").
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/scenario/scenario.hpp"

namespace dcsim::model::e1 {

struct DevfsMountSpec {
  std::string at;
  std::vector<std::string> entries;
  bool devfsd = true;
  std::vector<std::string> registers_on_lookup;
};

struct Setup final : EraSpec {
  std::vector<DevfsMountSpec> devfs_mounts;
};

// The scenario's devfs mounts (none when it has no E1 set-up).
const std::vector<DevfsMountSpec>& devfs_mounts(const Scenario& s);
void read_devfs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s);

}  // namespace dcsim::model::e1

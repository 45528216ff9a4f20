// E3's part of a scenario: its NFSv4 exports (/setup/mounts with "fs":
// "nfs"), and the check that a server_create names a name in one.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/scenario/scenario.hpp"

namespace dcsim::model::e3 {

// An NFSv4 export mounted at `at`: the server's names in its root.
struct NfsMountSpec {
  std::string at;
  std::vector<std::string> files, dirs;
  std::map<std::string, int> open_replies;  // name -> errno OPEN answers (positive)
};

struct Setup final : EraSpec {
  std::vector<NfsMountSpec> nfs_mounts;
};

// The scenario's NFS mounts (none when it has no E3 set-up).
const std::vector<NfsMountSpec>& nfs_mounts(const Scenario& s);
void read_nfs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s);
// Every server_create names a name directly in an nfs mount's directory.
void check_server_creates(const Scenario& s, const SpecReader& r);

}  // namespace dcsim::model::e3

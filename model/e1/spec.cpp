#include "model/e1/spec.hpp"

#include <nlohmann/json.hpp>

namespace dcsim::model::e1 {

const std::vector<DevfsMountSpec>& devfs_mounts(const Scenario& s) {
  static const std::vector<DevfsMountSpec> none;
  const Setup* setup = s.setup_of<Setup>(Era::E1);
  return setup ? setup->devfs_mounts : none;
}

void read_devfs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) {
  DevfsMountSpec d;
  d.at = m.at("at").get<std::string>();
  r.mount_point(d.at, base + "/at");
  d.entries = m.value("entries", std::vector<std::string>{});
  d.devfsd = m.value("devfsd", true);
  d.registers_on_lookup = m.value("registers_on_lookup", std::vector<std::string>{});
  r.check_distinct(d.entries, base + "/entries", "entry names");
  s.setup_for_loading<Setup>(Era::E1).devfs_mounts.push_back(std::move(d));
}

}  // namespace dcsim::model::e1

#include "model/e2/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace dcsim::model::e2 {

const std::vector<AutofsMountSpec>& autofs_mounts(const Scenario& s) {
  static const std::vector<AutofsMountSpec> none;
  const Setup* setup = s.setup_of<Setup>(Era::E2);
  return setup ? setup->autofs_mounts : none;
}

void read_autofs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) {
  AutofsMountSpec a;
  a.at = m.at("at").get<std::string>();
  r.mount_point(a.at, base + "/at");
  a.map = m.value("map", std::vector<std::string>{});
  a.mounted = m.value("mounted", std::vector<std::string>{});
  a.daemon_threads = m.value("daemon_threads", 1u);
  a.symlinks = m.value("symlinks", std::vector<std::string>{});
  r.check_distinct(a.symlinks, base + "/symlinks", "symlink keys");
  for (std::size_t j = 0; j < a.symlinks.size(); ++j)
    if (std::find(a.mounted.begin(), a.mounted.end(), a.symlinks[j]) != a.mounted.end())
      r.error(fmt::format("{}/symlinks/{}", base, j),
              fmt::format("a key that is not also mounted; \"{}\" is", a.symlinks[j]));
  r.check_distinct(a.map, base + "/map", "map keys");
  r.check_distinct(a.mounted, base + "/mounted", "mounted keys");
  for (std::size_t j = 0; j < a.mounted.size(); ++j)
    if (std::find(a.map.begin(), a.map.end(), a.mounted[j]) == a.map.end())
      r.error(fmt::format("{}/mounted/{}", base, j),
              fmt::format("a key of this mount's map; \"{}\" is not in it", a.mounted[j]));
  s.setup_for_loading<Setup>(Era::E2).autofs_mounts.push_back(std::move(a));
}

void check_expire_path(const Scenario& s, const OpSpec& op, const SpecReader& r) {
  if (op.op != "expire") return;
  const std::string& path = op.path;
  std::string mounts;
  for (const AutofsMountSpec& m : autofs_mounts(s)) {
    if (path.size() > m.at.size() + 1 && path.compare(0, m.at.size() + 1, m.at + "/") == 0 &&
        path.find('/', m.at.size() + 1) == std::string::npos)
      return;
    mounts += (mounts.empty() ? "" : ", ") + m.at;
  }
  r.error(op.json_path + "/path", fmt::format("a path directly below an autofs mount (mounts: {}), got {}",
                                              mounts.empty() ? "none" : mounts, path));
}

}  // namespace dcsim::model::e2

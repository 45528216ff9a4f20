#include "model/e3/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "model/core/errno.hpp"

namespace dcsim::model::e3 {

const std::vector<NfsMountSpec>& nfs_mounts(const Scenario& s) {
  static const std::vector<NfsMountSpec> none;
  const Setup* setup = s.setup_of<Setup>(Era::E3);
  return setup ? setup->nfs_mounts : none;
}

void read_nfs_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) {
  NfsMountSpec n;
  n.at = m.at("at").get<std::string>();
  n.files = m.value("files", std::vector<std::string>{});
  n.dirs = m.value("dirs", std::vector<std::string>{});
  if (m.contains("open_replies"))
    for (const auto& [name, reply] : m.at("open_replies").items()) {
      if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        r.error(fmt::format("{}/open_replies/{}", base, json_pointer_escape(name)),
                "a name in the export's root directory (no '/', not . or ..)");
      n.open_replies[name] = *errno_from_name(reply.get<std::string>());
    }
  std::set<std::string> seen;
  for (const auto& [key, names] : {std::pair{"files", &n.files}, std::pair{"dirs", &n.dirs}})
    for (std::size_t j = 0; j < names->size(); ++j)
      if (!seen.insert((*names)[j]).second)
        r.error(fmt::format("{}/{}/{}", base, key, j),
                fmt::format("distinct names on the server; \"{}\" is listed twice", (*names)[j]));
  const std::string at = n.at;
  s.setup_for_loading<Setup>(Era::E3).nfs_mounts.push_back(std::move(n));
  r.mount_point(at, base + "/at");
}

void check_server_creates(const Scenario& s, const SpecReader& r) {
  for (const ThreadSpec& t : s.threads)
    for (const OpSpec& op : t.ops) {
      if (op.op != "server_create") continue;
      const std::string parent = op.path.substr(0, std::max<std::size_t>(op.path.rfind('/'), 1));
      const std::vector<NfsMountSpec>& mounts = nfs_mounts(s);
      const bool on_export =
          std::any_of(mounts.begin(), mounts.end(), [&](const NfsMountSpec& m) { return m.at == parent; });
      if (!on_export)
        r.error(op.json_path + "/path",
                fmt::format("a name directly in an nfs mount's directory; {} is not one", parent));
    }
}

}  // namespace dcsim::model::e3

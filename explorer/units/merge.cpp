#include "explorer/units/merge.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "explorer/report.hpp"
#include "explorer/units/unit_files.hpp"

namespace dcsim::explorer {

Json shard_report_json(const SearchPlan& setup, const Shard& shard, const Json& key, const UnitResults& own) {
  Json j;
  j["dcsim_report"] = 1;
  j["command"] = "explore-shard";
  j["setup"] = setup_json(setup);
  j["shard"] = shard_json(shard);
  j["search"] = key;
  j["units"] = units_to_json(own);
  return j;
}

MergedShards read_shard_reports(const std::vector<std::string>& files) {
  if (files.empty()) throw UnitsError("merge: expected the shard reports (explore --shard I/N --json)");
  MergedShards m;
  std::map<std::size_t, std::string> seen;  // shard index -> file
  for (const std::string& f : files) {
    const Json j = parse_json_file(f);
    if (!j.is_object() || !j.contains("command") || j["command"] != "explore-shard" || !j.contains("shard") ||
        !j.contains("search") || !j.contains("units"))
      throw UnitsError(fmt::format("{}: not a shard report (expected the output of dcsim explore --shard I/N "
                                   "--json, with \"command\": \"explore-shard\")",
                                   f));
    const Shard sh = *shard_from_json(j.at("shard"), f, "/shard", false);
    if (seen.empty()) {
      m.key = j.at("search");
      m.count = sh.count;
    } else if (j.at("search") != m.key) {
      throw UnitsError(fmt::format("{}: a shard of another search than {}: the scenario, its options or "
                                   "--split differ",
                                   f, files.front()));
    } else if (sh.count != m.count) {
      throw UnitsError(fmt::format("{}: /shard/count is {}, but {} says {}", f, sh.count, files.front(), m.count));
    }
    if (auto it = seen.find(sh.index); it != seen.end())
      throw UnitsError(fmt::format("{}: shard {} again (also {})", f, to_string(sh), it->second));
    seen[sh.index] = f;
    for (auto& [k, r] : units_from_json(j.at("units"), f, "/units")) {
      if (!sh.has(k)) throw UnitsError(fmt::format("{}: /units: unit {} is not in shard {}", f, k, to_string(sh)));
      m.results.emplace(k, std::move(r));
    }
  }
  if (seen.size() != m.count) {
    // The first few missing only: a count of 10^18 must not be listed.
    std::string missing;
    std::size_t listed = 0;
    for (std::size_t i = 0; i < m.count && listed < 8; ++i)
      if (!seen.count(i)) missing += fmt::format("{}{}/{}", listed++ ? ", " : "", i, m.count);
    if (m.count - seen.size() > listed) missing += fmt::format(" and {} more", m.count - seen.size() - listed);
    throw UnitsError(fmt::format("merge: missing shard {}", missing));
  }
  check_totals(m.results, "merge");
  return m;
}

ShardSearch shard_search_of(const MergedShards& m, const std::string& report) {
  if (!m.key.is_object() || !m.key.contains("args"))
    throw UnitsError(fmt::format("{}: /search: expected {{\"args\": ..., \"scenario_hash\": ..., \"units\": N}}, "
                                 "found {}",
                                 report, excerpt(m.key)));
  const Json hash = m.key.value("scenario_hash", Json(nullptr));
  if (!hash.is_string())
    throw UnitsError(fmt::format("{}: /search/scenario_hash: expected a string, found {}", report, excerpt(hash)));
  const Json units = m.key.value("units", Json(nullptr));
  if (!units.is_number_unsigned())
    throw UnitsError(
        fmt::format("{}: /search/units: expected a number of work units, found {}", report, excerpt(units)));
  return ShardSearch{m.key.at("args"), hash.get<std::string>(), units.get<std::size_t>()};
}

void check_scenario_unchanged(const ShardSearch& key, const std::string& scenario_file, const std::string& report) {
  std::string now;
  try {
    now = content_hash(scenario_file);
  } catch (const UnitsError& e) {
    throw UnitsError(fmt::format("{}: /search/args/file: {}", report, e.what()));
  }
  if (now != key.scenario_hash)
    throw UnitsError(fmt::format("{}: changed since the shards explored it ({})", scenario_file, report));
}

Exploration merge_exploration(const MergedShards& m, const ShardSearch& key, const UnitSearch& search,
                              const std::vector<std::string>& files) {
  if (key.units != search.split->size())
    throw UnitsError(fmt::format("{}: the search now has {} work units, the shards had {} ({})",
                                 search.plan.scenario->file, search.split->size(), key.units, files.front()));
  try {
    return finish(search, m.results);
  } catch (const MissingUnit& e) {
    throw UnitsError(fmt::format("merge: {}: the shard reports are incomplete", e.what()));
  } catch (const ReplayMismatch&) {
    // Its text quotes the reports' failure messages, which may be long.
    throw UnitsError(fmt::format("{}: /units: the first failure does not replay as recorded: expected the "
                                 "reports of dcsim explore --shard I/N --json, unedited",
                                 fmt::join(files, ", ")));
  }
}

}  // namespace dcsim::explorer

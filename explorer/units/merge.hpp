// dcsim merge: the shard reports of one search (explore --shard I/N --json)
// read back, checked to be every shard of the same search once, and their
// units joined.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/session.hpp"
#include "explorer/units/run_units.hpp"
#include "explorer/units/shard.hpp"

namespace dcsim::explorer {

// The JSON report of one shard: the report's header (`setup`, setup_json),
// the shard, the search's key (search_key) and the shard's own units.
nlohmann::ordered_json shard_report_json(const SearchPlan& setup, const Shard& shard, const nlohmann::ordered_json& key,
                                         const UnitResults& own);

struct MergedShards {
  nlohmann::ordered_json key;  // the search's, as search_key wrote it
  std::size_t count = 0;       // its shards
  UnitResults results;         // every shard's units
};
// Reads the reports in `files`: UnitsError when one is not a shard report,
// is of another search, repeats a shard or holds a unit of another, or when
// a shard is missing.
MergedShards read_shard_reports(const std::vector<std::string>& files);

// The search the reports are of, as their /search says (search_key):
// UnitsError naming `report` (the first of them) and the JSON path when it
// is not that shape.
struct ShardSearch {
  nlohmann::ordered_json args;  // the explore options' codec, which the CLI reads back
  std::string scenario_hash;
  std::size_t units = 0;
};
ShardSearch shard_search_of(const MergedShards& m, const std::string& report);

// UnitsError when `scenario_file` is not the file the shards explored (its
// content_hash changed since), or cannot be read.
void check_scenario_unchanged(const ShardSearch& key, const std::string& scenario_file, const std::string& report);

// The unsharded search's exploration, its failure replayed, from the merged
// units; `search` is the search the reports' args ask for now. UnitsError
// when it is now cut into other units than the shards had, when a unit is
// missing, or when the first failure does not replay as recorded (the
// reports are not trusted: edited by hand, or from another build).
Exploration merge_exploration(const MergedShards& m, const ShardSearch& key, const UnitSearch& search,
                              const std::vector<std::string>& files);

}  // namespace dcsim::explorer

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

}  // namespace dcsim::explorer

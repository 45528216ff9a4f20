// The one JSON codec of ExploreResult (docs/report-format.md): the report's
// "result" object, and the work-unit form that shard reports and
// checkpoints carry (everything merge_units reads, exactly).
#pragma once
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "explorer/result/explore_result.hpp"

namespace dcsim::explorer {

// Bad unit JSON: the message names the JSON path and what was expected.
struct UnitJsonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The report's "result" object.
nlohmann::ordered_json result_json(const ExploreResult& r);
// One work unit's result, with its index and first failure.
nlohmann::ordered_json unit_json(std::size_t unit, const ExploreResult& r);
// Reads one unit_json object; `where` prefixes error messages (a JSON path).
std::pair<std::size_t, ExploreResult> unit_from_json(const nlohmann::ordered_json& j, const std::string& where);

}  // namespace dcsim::explorer

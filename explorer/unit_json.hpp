// Work-unit results as JSON, for shard reports and checkpoints
// (docs/report-format.md): everything merge_units reads, exactly.
#pragma once
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/units.hpp"

namespace dcsim::explorer {

// Bad unit JSON: the message names the JSON path and what was expected.
struct UnitJsonError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::ordered_json unit_json(std::size_t unit, const ExploreResult& r);
// Reads one unit_json object; `where` prefixes error messages (a JSON path).
std::pair<std::size_t, ExploreResult> unit_from_json(const nlohmann::ordered_json& j, const std::string& where);

}  // namespace dcsim::explorer

// What shard reports and checkpoints share: reading them as bad input
// (never trusted: a file the user edited, truncated or mixed up), and the
// work-unit list both carry.
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/units/run_units.hpp"

namespace dcsim::explorer {

// Bad input in a checkpoint, a shard report or a --checkpoint/--shard
// argument (exit 2): the message names the file, the JSON path and what was
// expected.
struct UnitsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A JSON value as a message quotes it: at most `limit` characters of it.
std::string excerpt(const nlohmann::ordered_json& v, std::size_t limit = 80);

// The text of a regular file (or what a path to one reads); UnitsError otherwise.
std::string read_regular_file(const std::string& path);
// The file parsed as JSON; UnitsError with the line and column otherwise.
nlohmann::ordered_json parse_json_file(const std::string& path);

// No count a search keeps comes near this (2^53: exact in a double, as JSON
// readers other than ours hold numbers); a unit or a total beyond it is bad
// input, never a wrapped sum.
inline constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 53;

// The work units in `list` (an array of unit_json objects at JSON path
// `path` of `file`): each unit once, each count and the totals within kMaxCount.
UnitResults units_from_json(const nlohmann::ordered_json& list, const std::string& file, const std::string& path);
// The units (those `keep` says, or all) as such an array.
nlohmann::ordered_json units_to_json(const UnitResults& results, const std::function<bool(std::size_t)>& keep = {});
// Refuses (UnitsError naming `file`) units whose counts add up beyond kMaxCount.
void check_totals(const UnitResults& results, const std::string& file);

// What identifies a search in its shard reports and checkpoints: the options
// that decide its result (`args`, as the caller writes them), a hash of the
// scenario file's text, and its number of work units.
nlohmann::ordered_json search_key(const nlohmann::ordered_json& args, const std::string& scenario_file,
                                  std::size_t units);
// FNV-1a of the file's bytes, as search_key records it.
std::string content_hash(const std::string& path);

}  // namespace dcsim::explorer

// Shards: the work units of a search dealt out to N processes (--shard I/N),
// unit k to shard k mod N, whatever the machine or its threads.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace dcsim::explorer {

struct Shard {
  std::size_t index = 0, count = 1;
  bool has(std::size_t unit) const { return unit % count == index; }
  bool operator==(const Shard&) const = default;
};

// "I/N" with 0 <= I < N; UnitsError naming `option` otherwise.
Shard parse_shard(const std::string& text, const std::string& option = "--shard");
std::string to_string(const Shard& s);  // "I/N"

// {"index": I, "count": N}; null for no shard.
nlohmann::ordered_json shard_json(const std::optional<Shard>& s);
// Reads shard_json's form at JSON path `path` of `file` (null only when
// `allow_null`); UnitsError naming the path and what was found otherwise.
std::optional<Shard> shard_from_json(const nlohmann::ordered_json& j, const std::string& file,
                                     const std::string& path, bool allow_null);

}  // namespace dcsim::explorer

// Checkpoints (--checkpoint, --resume): the work units a search has done,
// written so that no crash leaves half a file and nothing but a regular file
// of ours is ever replaced, and read back as untrusted input.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/units/run_units.hpp"
#include "explorer/units/shard.hpp"

namespace dcsim::explorer {

// Refuses (UnitsError) a checkpoint path that is there and is not a regular
// file: a directory, a device, a FIFO, a socket, a symbolic link.
void check_checkpoint_target(const std::string& path);

// Writes the checkpoint of search `key` (search_key) run as `shard`: the
// units done and those of the shard still to do. Through PATH.tmp, created
// with O_EXCL next to PATH, locked (flock) while written and renamed onto
// it; a PATH.tmp that no writer holds locked is one a killed run left, and is
// replaced. On any failure the temporary file is removed and UnitsError says
// why.
void write_checkpoint(const std::string& path, const nlohmann::ordered_json& key, const std::optional<Shard>& shard,
                      const UnitResults& results, std::size_t units);

// The units done of the checkpoint at `path`, refused (UnitsError: the file,
// the JSON path, what was expected) unless it is one of search `key` run
// as `shard`, with units below `units`.
UnitResults read_checkpoint(const std::string& path, const nlohmann::ordered_json& key,
                            const std::optional<Shard>& shard, std::size_t units);

}  // namespace dcsim::explorer

// Compiles a scenario's protocol programs: reads /shared and /locks, parses
// each thread's `program` and checks it (every name defined, every type
// right, primitives called with the arguments they take, no shared state
// where a footprint could not be known in advance). Every error names the
// JSON path of the program string and the line and column in it.
#pragma once
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/protocol/protocol.hpp"
#include "model/rules.hpp"

namespace dcsim::model::protocol {

struct CompileError {
  std::string path;     // JSON Pointer
  std::string message;  // what was expected, with the position in the program
};

// `setup_paths`: the paths dentry()/inode()/i_sem() may name ("/", the set-up
// dirs and files). Null when the scenario has no program and declares no
// shared state. Throws CompileError.
std::shared_ptr<const Protocol> compile(const nlohmann::json& doc, const std::set<std::string>& setup_paths);

// The first call of a primitive that `era` does not have: (JSON path, what
// was expected).
std::optional<std::pair<std::string, std::string>> era_error(const Protocol& p, Era era);

}  // namespace dcsim::model::protocol

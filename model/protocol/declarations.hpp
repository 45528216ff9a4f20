// /shared and /locks of a scenario with protocol programs: the shared
// integer variables and arrays and the named locks, read and checked.
#pragma once
#include <nlohmann/json.hpp>

#include "model/protocol/protocol.hpp"

namespace dcsim::model::protocol {

// Fills p.vars and p.locks; throws CompileError.
void read_declarations(const nlohmann::json& doc, Protocol& p);

}  // namespace dcsim::model::protocol

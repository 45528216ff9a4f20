// A hand-written recursive-descent parser for protocol programs (the grammar
// is in docs/scenarios.md). Throws ProgramError at the first token that does
// not fit, saying what was expected there.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "model/protocol/ast.hpp"

namespace dcsim::model::protocol {

std::vector<std::unique_ptr<Stmt>> parse(const std::vector<std::string>& segments);

}  // namespace dcsim::model::protocol

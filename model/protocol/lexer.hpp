// Tokens of a protocol program. A program is one string or an array of
// strings (one statement or a few per string, for readable JSON); tokens
// remember which string they came from, so errors name its JSON path.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/protocol/ast.hpp"

namespace dcsim::model::protocol {

// An error in a program's text, located by Pos; the loader adds the JSON path.
class ProgramError : public std::runtime_error {
 public:
  ProgramError(Pos pos, const std::string& message) : std::runtime_error(message), pos(pos) {}
  Pos pos;
};

struct Token {
  enum class Kind : std::uint8_t { Int, Ident, String, Punct, End };
  Kind kind = Kind::End;
  std::string text;  // Ident/Punct: as written; String: the contents
  std::int64_t value = 0;
  Pos pos;
  std::size_t begin = 0, end = 0;  // byte offsets in the segment, for statement texts
};

std::vector<Token> lex(const std::vector<std::string>& segments);

}  // namespace dcsim::model::protocol

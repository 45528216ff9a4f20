#include "model/protocol/lexer.hpp"

#include <fmt/format.h>

#include <cctype>
#include <limits>

namespace dcsim::model::protocol {

namespace {
bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
}  // namespace

std::vector<Token> lex(const std::vector<std::string>& segments) {
  static const char* const kTwo[] = {"==", "!=", "<=", ">=", "&&", "||"};
  std::vector<Token> out;
  for (std::size_t seg = 0; seg < segments.size(); ++seg) {
    const std::string& s = segments[seg];
    std::size_t line = 1, line_start = 0;
    std::size_t i = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '\n') {
        ++line;
        line_start = ++i;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {  // a comment to the end of the line
        while (i < s.size() && s[i] != '\n') ++i;
        continue;
      }
      Token t;
      t.pos = Pos{seg, line, i - line_start + 1};
      t.begin = i;
      if (std::isdigit(static_cast<unsigned char>(c))) {
        std::int64_t v = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
          const int d = s[i] - '0';
          if (v > (std::numeric_limits<std::int64_t>::max() - d) / 10)
            throw ProgramError(t.pos, "an integer that fits in 64 bits");
          v = v * 10 + d;
          ++i;
        }
        if (i < s.size() && ident_char(s[i]))
          throw ProgramError(t.pos, fmt::format("a number or a name, got \"{}\"", s.substr(t.begin, i + 1 - t.begin)));
        t.kind = Token::Kind::Int;
        t.value = v;
      } else if (ident_start(c)) {
        while (i < s.size() && ident_char(s[i])) ++i;
        t.kind = Token::Kind::Ident;
        t.text = s.substr(t.begin, i - t.begin);
      } else if (c == '"') {
        ++i;
        while (i < s.size() && s[i] != '"' && s[i] != '\n') t.text += s[i++];
        if (i >= s.size() || s[i] != '"') throw ProgramError(t.pos, "a closing \" on the same line");
        ++i;
        t.kind = Token::Kind::String;
      } else {
        t.kind = Token::Kind::Punct;
        bool two = false;
        for (const char* op : kTwo)
          if (i + 1 < s.size() && s[i] == op[0] && s[i + 1] == op[1]) two = true;
        if (two) {
          t.text = s.substr(i, 2);
          i += 2;
        } else if (std::string_view("(){}[];,=+-*/%<>!").find(c) != std::string_view::npos) {
          t.text = std::string(1, c);
          ++i;
        } else {
          throw ProgramError(t.pos, fmt::format("a statement, name, number or operator; got the character '{}'",
                                                std::isprint(static_cast<unsigned char>(c))
                                                    ? std::string(1, c)
                                                    : fmt::format("\\x{:02x}", static_cast<unsigned char>(c))));
        }
      }
      t.end = i;
      out.push_back(std::move(t));
    }
  }
  Token end;
  end.kind = Token::Kind::End;
  if (!segments.empty()) {
    const std::string& last = segments.back();
    std::size_t line = 1, col = 1;
    for (char c : last) {
      if (c == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    end.pos = Pos{segments.size() - 1, line, col};
  }
  out.push_back(end);
  return out;
}

}  // namespace dcsim::model::protocol

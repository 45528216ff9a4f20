#include "model/protocol/declarations.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <set>
#include <string>

#include "model/protocol/checker.hpp"

namespace dcsim::model::protocol {

using nlohmann::json;

namespace {

// Arrays stay small: each element is a simulated object.
constexpr std::size_t kMaxArray = 64;

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

bool is_keyword(const std::string& w) {
  return w == "if" || w == "else" || w == "while" || w == "assert" || w == "await" || w == "local" ||
         w == "null" || w == "true" || w == "false";
}

}  // namespace

void read_declarations(const json& doc, Protocol& p) {
  std::set<std::string> names;
  auto check_name = [&](const std::string& name, const std::string& where) {
    if (!is_identifier(name) || is_keyword(name) || find_builtin(name))
      throw CompileError{where, fmt::format("a name that is an identifier (letters, digits, _), not a keyword or "
                                            "a primitive; got \"{}\"",
                                            name)};
    if (!names.insert(name).second)
      throw CompileError{where, fmt::format("a name declared once in /shared and /locks; \"{}\" is taken", name)};
  };
  auto escape = [](const std::string& k) {
    std::string out;
    for (char c : k) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  };
  auto integer = [](const json& v, const std::string& where) {
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX))
      throw CompileError{where, "an integer that fits in 64 bits"};
    return v.get<std::int64_t>();
  };
  if (doc.contains("shared")) {
    for (const auto& [name, v] : doc["shared"].items()) {
      const std::string where = "/shared/" + escape(name);
      check_name(name, where);
      SharedVar var;
      var.name = name;
      if (v.is_array()) {
        var.array = true;
        if (v.empty() || v.size() > kMaxArray)
          throw CompileError{where, fmt::format("an array of 1 to {} integers, got {}", kMaxArray, v.size())};
        for (std::size_t i = 0; i < v.size(); ++i) var.init.push_back(integer(v[i], fmt::format("{}/{}", where, i)));
      } else {
        var.init.push_back(integer(v, where));
      }
      p.vars.push_back(std::move(var));
    }
  }
  if (doc.contains("locks")) {
    for (const auto& [name, v] : doc["locks"].items()) {
      const std::string where = "/locks/" + escape(name);
      check_name(name, where);
      const std::string kind = v.get<std::string>();
      LockDecl l;
      l.name = name;
      bool found = false;
      for (LockKind k : {LockKind::Mutex, LockKind::Semaphore, LockKind::SpinLock, LockKind::RwLock,
                         LockKind::RwSem, LockKind::WaitQueue, LockKind::Completion})
        if (kind == to_string(k)) {
          l.kind = k;
          found = true;
        }
      if (!found && kind.rfind("semaphore:", 0) == 0) {
        const std::string n = kind.substr(10);
        if (!n.empty() && n.size() <= 3 && n.find_first_not_of("0123456789") == std::string::npos) {
          l.kind = LockKind::Semaphore;
          l.count = std::stoi(n);
          found = true;
        }
      }
      if (!found)
        throw CompileError{where, fmt::format("one of mutex, semaphore, semaphore:N (N from 0 to 999), spinlock, "
                                              "rwlock, rwsem, waitqueue, completion; got \"{}\"",
                                              kind)};
      p.locks.push_back(std::move(l));
    }
  }
}

}  // namespace dcsim::model::protocol

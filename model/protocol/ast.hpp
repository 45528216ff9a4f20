// The syntax tree of a protocol program (docs/scenarios.md, "Protocol
// programs"): statements over shared integers, thread-local registers, locks
// and the dcache primitives. The parser builds it; the checker resolves every
// name and type in place; the interpreter walks it. Trees live as long as the
// Scenario, so footprints may point into them.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dcsim::model::protocol {

struct Builtin;

// Where a token is: which string of the `program` array (0 for a single
// string), and line and column (1-based) inside it.
struct Pos {
  std::size_t segment = 0;
  std::size_t line = 1;
  std::size_t column = 1;
};

enum class Type : std::uint8_t { Int, Dentry, Inode, Null, String, Lock, Void };
const char* to_string(Type t);

// What a name denotes, once the checker resolved it.
enum class Ref : std::uint8_t { None, Shared, Local, Lock };

struct Expr {
  enum class Kind : std::uint8_t { Int, String, Null, Name, Index, Unary, Binary, Call };
  Kind kind = Kind::Int;
  Pos pos;
  std::int64_t value = 0;  // Int
  std::string text;        // String: the text; Name/Index/Call: the name; Unary/Binary: the operator
  std::vector<std::unique_ptr<Expr>> args;  // Index: [index]; Unary: [x]; Binary: [l, r]; Call: arguments
  std::uint32_t height = 1;  // nodes on its longest path to a leaf: the parser bounds the walks' recursion by it

  // Filled in by the checker.
  Type type = Type::Void;
  Ref ref = Ref::None;
  std::size_t slot = 0;            // Shared: variable number; Local: register; Lock: lock number
  const Builtin* builtin = nullptr;  // Call
};

struct Stmt {
  enum class Kind : std::uint8_t { Local, Assign, Call, If, While, Assert, Await, Block };
  Kind kind = Kind::Block;
  Pos pos;
  std::string where;  // its JSON path and position, for errors and failure reports
  std::string text;   // its source text (one line), the op name of its visible step
  std::unique_ptr<Expr> target;  // Local/Assign: the name or element assigned
  std::unique_ptr<Expr> value;   // Local/Assign: the value (may be null for Local); Call: the call;
                                 // If/While/Assert/Await: the condition
  std::vector<std::unique_ptr<Stmt>> body;    // If (then), While, Block
  std::vector<std::unique_ptr<Stmt>> orelse;  // If (else)

  // Filled in by the checker: the shared objects its own step reads or
  // writes (a variable, an array element, a dentry a query reads). Empty:
  // the statement is local and not a visible operation. If/While/Assert/
  // Await: the condition's; Call: wait_event's condition.
  struct Touch {
    const Expr* expr;  // a Name or Index of a shared variable, or a d_in_lookup/d_unhashed call
    bool write;
  };
  std::vector<Touch> touches;
};

}  // namespace dcsim::model::protocol

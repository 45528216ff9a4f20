#include "model/protocol/checker.hpp"

#include <fmt/format.h>

#include <map>

#include "model/protocol/declarations.hpp"
#include "model/protocol/lexer.hpp"
#include "model/protocol/parser.hpp"

namespace dcsim::model::protocol {

using nlohmann::json;

std::size_t Protocol::program_threads() const {
  std::size_t n = 0;
  for (const auto& t : threads) n += t != nullptr;
  return n;
}

namespace {

std::string position(Pos pos, bool array_form) {
  if (array_form && pos.line == 1) return fmt::format("column {}", pos.column);
  return fmt::format("line {}, column {}", pos.line, pos.column);
}

class Checker {
 public:
  Checker(Protocol& p, const std::set<std::string>& paths, ThreadProgram& prog, bool array_form)
      : p_(p), paths_(paths), prog_(prog), array_form_(array_form) {
    for (std::size_t i = 0; i < p.vars.size(); ++i) vars_[p.vars[i].name] = i;
    for (std::size_t i = 0; i < p.locks.size(); ++i) locks_[p.locks[i].name] = i;
  }

  std::string where(Pos pos) const {
    return array_form_ ? fmt::format("{}/{}", prog_.where, pos.segment) : prog_.where;
  }
  std::string prefix(Pos pos) const { return position(pos, array_form_) + ": "; }
  [[noreturn]] void err(Pos pos, const std::string& message) const {
    throw CompileError{where(pos), prefix(pos) + message};
  }

  void statements(std::vector<std::unique_ptr<Stmt>>& body) {
    for (auto& s : body) statement(*s);
  }

 private:
  void statement(Stmt& s) {
    s.where = where(s.pos) + ", " + position(s.pos, array_form_);
    switch (s.kind) {
      case Stmt::Kind::Block: statements(s.body); return;
      case Stmt::Kind::If:
      case Stmt::Kind::While:
      case Stmt::Kind::Assert:
      case Stmt::Kind::Await:
        in_condition_ = true;
        want_int(*s.value, expr(*s.value, s, nullptr), "a condition");
        in_condition_ = false;
        break;
      case Stmt::Kind::Call: call(*s.value, s); break;
      case Stmt::Kind::Local: {
        check_new_register(*s.target);
        Type t = Type::Int;
        if (s.value) t = value(*s.value, s, true);
        declare(*s.target, t);
        break;
      }
      case Stmt::Kind::Assign: assign(s); break;
    }
    if (s.touches.size() > sim_max_touches())
      err(s.pos, fmt::format("a statement that touches at most {} shared objects (it is one visible "
                             "operation); this one touches {}: split it, through registers",
                             sim_max_touches(), s.touches.size()));
    statements(s.body);
    statements(s.orelse);
  }

  static std::size_t sim_max_touches() { return 4; }

  void check_new_register(const Expr& name) const {
    if (vars_.count(name.text) || locks_.count(name.text))
      err(name.pos, fmt::format("a register name not declared in /shared or /locks; '{}' is shared", name.text));
    if (find_builtin(name.text)) err(name.pos, fmt::format("a register name; '{}' is a primitive", name.text));
    if (registers_.count(name.text)) err(name.pos, fmt::format("register '{}' declared only once", name.text));
  }

  void declare(Expr& name, Type t) {
    if (t == Type::Null)
      err(name.pos, fmt::format("a value whose type gives register '{}' its type; null has none "
                                "(assign a dentry or inode first)",
                                name.text));
    if (t == Type::Void || t == Type::String || t == Type::Lock)
      err(name.pos, fmt::format("an int, dentry or inode value for register '{}', got {}", name.text, to_string(t)));
    name.ref = Ref::Local;
    name.slot = prog_.registers.size();
    name.type = t;
    registers_[name.text] = name.slot;
    prog_.registers.push_back(name.text);
    prog_.register_types.push_back(t);
  }

  // The value of a Local or Assign: a call of a state-changing primitive
  // (into a register only) or an expression.
  Type value(Expr& v, Stmt& s, bool into_register) {
    if (v.kind == Expr::Kind::Call) {
      const Builtin* b = find_builtin(v.text);
      if (b && (b->group == Group::Atomic || b->group == Group::Dcache || b->group == Group::Lock)) {
        if (!into_register)
          err(v.pos, fmt::format("the result of {} assigned to a register, not to shared state", v.text));
        const Type t = call(v, s);
        if (t == Type::Void) err(v.pos, fmt::format("a primitive with a result; {} returns nothing", v.text));
        return t;
      }
    }
    return expr(v, s, nullptr);
  }

  void assign(Stmt& s) {
    Expr& target = *s.target;
    if (target.kind == Expr::Kind::Index) {
      shared_element(target, s, true);
      want_int(*s.value, value(*s.value, s, false), "an int value for a shared array element");
      return;
    }
    if (auto v = vars_.find(target.text); v != vars_.end()) {
      if (p_.vars[v->second].array)
        err(target.pos, fmt::format("an element of array '{}', e.g. {}[0]", target.text, target.text));
      target.ref = Ref::Shared;
      target.slot = v->second;
      target.type = Type::Int;
      s.touches.push_back({&target, true});
      prog_.writes.insert(target.slot);
      want_int(*s.value, value(*s.value, s, false), fmt::format("an int value for shared '{}'", target.text));
      return;
    }
    if (locks_.count(target.text))
      err(target.pos, fmt::format("a variable to assign; '{}' is a lock", target.text));
    if (auto r = registers_.find(target.text); r != registers_.end()) {
      const Type t = value(*s.value, s, true);
      const Type have = prog_.register_types[r->second];
      target.ref = Ref::Local;
      target.slot = r->second;
      target.type = have;
      if (t != have && !(t == Type::Null && have != Type::Int))
        err(s.value->pos, fmt::format("a value of register '{}''s type {}, got {}", target.text, to_string(have),
                                      to_string(t)));
      return;
    }
    check_new_register(target);
    declare(target, value(*s.value, s, true));
  }

  void want_int(const Expr& e, Type t, const std::string& what) const {
    if (t != Type::Int) err(e.pos, fmt::format("{}: an int expression, got {}", what, to_string(t)));
  }

  // A shared array element; its index may read registers only, so the
  // footprint is known before the step runs.
  void shared_element(Expr& e, Stmt& s, bool write) {
    auto v = vars_.find(e.text);
    if (v == vars_.end() || !p_.vars[v->second].array)
      err(e.pos, registers_.count(e.text) || v != vars_.end()
                     ? fmt::format("an array declared in /shared; '{}' is not one", e.text)
                     : fmt::format("undefined array '{}' (declare it in /shared)", e.text));
    want_int(*e.args[0], expr(*e.args[0], s, "an index"), "an index");
    const std::size_t n = p_.vars[v->second].init.size();
    if (e.args[0]->kind == Expr::Kind::Int && static_cast<std::uint64_t>(e.args[0]->value) >= n)
      err(e.args[0]->pos, fmt::format("an index from 0 to {} of '{}', got {}", n - 1, e.text, e.args[0]->value));
    e.ref = Ref::Shared;
    e.slot = v->second;
    e.type = Type::Int;
    s.touches.push_back({&e, write});
    if (write) prog_.writes.insert(e.slot);
  }

  // `local_only`: non-null when the expression may read registers only (an
  // index, a primitive's argument); names the context for the error.
  Type expr(Expr& e, Stmt& s, const char* local_only) {
    auto no_shared = [&](const std::string& what) {
      if (local_only)
        err(e.pos, fmt::format("{} that reads registers only; {} is shared state (copy it to a register "
                               "in a statement of its own)",
                               local_only, what));
    };
    switch (e.kind) {
      case Expr::Kind::Int: return e.type = Type::Int;
      case Expr::Kind::String: return e.type = Type::String;
      case Expr::Kind::Null: return e.type = Type::Null;
      case Expr::Kind::Name: {
        if (auto r = registers_.find(e.text); r != registers_.end()) {
          e.ref = Ref::Local;
          e.slot = r->second;
          return e.type = prog_.register_types[r->second];
        }
        if (auto v = vars_.find(e.text); v != vars_.end()) {
          if (p_.vars[v->second].array)
            err(e.pos, fmt::format("an element of array '{}', e.g. {}[0]", e.text, e.text));
          no_shared(fmt::format("'{}'", e.text));
          e.ref = Ref::Shared;
          e.slot = v->second;
          s.touches.push_back({&e, false});
          return e.type = Type::Int;
        }
        if (locks_.count(e.text))
          err(e.pos, fmt::format("a value; '{}' is a lock (use it as the argument of a lock operation)", e.text));
        err(e.pos, fmt::format("undefined variable '{}' (declare it in /shared, or assign it before this use)",
                               e.text));
      }
      case Expr::Kind::Index:
        no_shared(fmt::format("'{}[...]'", e.text));
        shared_element(e, s, false);
        return Type::Int;
      case Expr::Kind::Unary: {
        want_int(*e.args[0], expr(*e.args[0], s, local_only), fmt::format("the operand of {}", e.text));
        return e.type = Type::Int;
      }
      case Expr::Kind::Binary: {
        const Type l = expr(*e.args[0], s, local_only);
        const Type r = expr(*e.args[1], s, local_only);
        if (e.text == "==" || e.text == "!=") {
          const bool ok = (l == r && (l == Type::Int || l == Type::Dentry || l == Type::Inode)) ||
                          (l == Type::Null && (r == Type::Dentry || r == Type::Inode || r == Type::Null)) ||
                          (r == Type::Null && (l == Type::Dentry || l == Type::Inode));
          if (!ok)
            err(e.pos, fmt::format("operands of {} of one type (int, dentry or inode, or null), got {} and {}",
                                   e.text, to_string(l), to_string(r)));
        } else {
          want_int(*e.args[0], l, fmt::format("the left operand of {}", e.text));
          want_int(*e.args[1], r, fmt::format("the right operand of {}", e.text));
        }
        return e.type = Type::Int;
      }
      case Expr::Kind::Call: {
        const Builtin* b = find_builtin(e.text);
        if (!b) err(e.pos, fmt::format("a known primitive; '{}' is not one (docs/scenarios.md lists them)", e.text));
        if (b->group == Group::LockRef)
          err(e.pos, fmt::format("a value; {}(...) names a lock (use it as the argument of a lock operation)", e.text));
        if (b->group != Group::Query)
          err(e.pos, fmt::format("a pure expression; {} changes state: call it as a statement or assign its "
                                 "result to a register",
                                 e.text));
        // A condition may be evaluated many times (an await's gate):
        // it must not allocate.
        if (b->name == "new_inode" && in_condition_)
          err(e.pos, "new_inode() outside a condition (assign it to a register first)");
        if (b->name == "d_in_lookup" || b->name == "d_unhashed") {
          no_shared(fmt::format("{}(...) (it reads the dentry)", e.text));
          s.touches.push_back({&e, false});
        }
        return call_args(e, *b, s);
      }
    }
    return Type::Void;
  }

  Type call(Expr& e, Stmt& s) {
    if (e.kind != Expr::Kind::Call) err(e.pos, "a call");
    const Builtin* b = find_builtin(e.text);
    if (!b) err(e.pos, fmt::format("a known primitive; '{}' is not one (docs/scenarios.md lists them)", e.text));
    if (b->group == Group::Query || b->group == Group::LockRef)
      err(e.pos, fmt::format("a statement; {}(...) alone does nothing (use it in an expression)", e.text));
    return call_args(e, *b, s);
  }

  void era_use(const Expr& e, const Builtin& b) {
    if (b.eras != kAllEras) p_.era_uses.push_back({where(e.pos), prefix(e.pos), std::string(b.name), b.eras});
  }

  Type call_args(Expr& e, const Builtin& b, Stmt& s) {
    e.builtin = &b;
    era_use(e, b);
    if (e.args.size() != b.args.size())
      err(e.pos, fmt::format("{} argument{} for {}, got {}", b.args.size(), b.args.size() == 1 ? "" : "s", b.name,
                             e.args.size()));
    for (std::size_t i = 0; i < b.args.size(); ++i) {
      Expr& a = *e.args[i];
      const std::string what = fmt::format("argument {} of {}", i + 1, b.name);
      switch (b.args[i]) {
        case Arg::Lock: lock_arg(a, b, s); break;
        case Arg::Var:
          if (a.kind == Expr::Kind::Index) {
            shared_element(a, s, false);
            s.touches.pop_back();  // the primitive's own step touches it
          } else if (auto v = vars_.find(a.text); a.kind == Expr::Kind::Name && v != vars_.end() &&
                                                   !p_.vars[v->second].array) {
            a.ref = Ref::Shared;
            a.slot = v->second;
            a.type = Type::Int;
          } else {
            err(a.pos, fmt::format("{}: a shared int variable or array element (declared in /shared)", what));
          }
          break;
        case Arg::Int: want_int(a, expr(a, s, "an argument"), what); break;
        case Arg::Dentry: {
          const Type t = expr(a, s, "an argument");
          if (t != Type::Dentry) err(a.pos, fmt::format("{}: a dentry, got {}", what, to_string(t)));
          break;
        }
        case Arg::Inode: {
          const Type t = expr(a, s, "an argument");
          if (t != Type::Inode && t != Type::Null)
            err(a.pos, fmt::format("{}: an inode or null, got {}", what, to_string(t)));
          break;
        }
        case Arg::Name: {
          const Type t = expr(a, s, "an argument");
          if (t != Type::String || a.kind != Expr::Kind::String || a.text.empty() ||
              a.text.find('/') != std::string::npos || a.text == "." || a.text == "..")
            err(a.pos, fmt::format("{}: a name as a string, one path component such as \"f\"", what));
          break;
        }
        case Arg::Path:
          if (a.kind != Expr::Kind::String)
            err(a.pos, fmt::format("{}: a path of the set-up tree as a string, such as \"/d\"", what));
          a.type = Type::String;
          if (!paths_.count(a.text))
            err(a.pos, fmt::format("{}: \"/\" or a path listed in /setup/dirs or /setup/files; \"{}\" is not one",
                                   what, a.text));
          p_.paths.insert(a.text);
          break;
        case Arg::Cond:
          in_condition_ = true;
          want_int(a, expr(a, s, nullptr), what);
          in_condition_ = false;
          break;
      }
    }
    if (b.group == Group::Atomic && b.name != "atomic_read") prog_.writes.insert(e.args[0]->slot);
    if ((b.name == "wake_up" || b.name == "complete" || b.name == "complete_all") &&
        e.args[0]->ref == Ref::Lock)
      prog_.wakes.insert(e.args[0]->slot);
    return e.type = b.result;
  }

  void lock_arg(Expr& a, const Builtin& b, Stmt& s) {
    const std::string kind = to_string(b.lock);
    std::string alt;
    for (const Builtin& r : all_builtins())
      if (r.group == Group::LockRef && r.lock == b.lock) alt = fmt::format(", or {}(PATH)", r.name);
    const std::string want = fmt::format("argument 1 of {}: a {} (a name in /locks declared \"{}\"{})", b.name,
                                         kind, kind, alt);
    if (a.kind == Expr::Kind::Name) {
      auto l = locks_.find(a.text);
      if (l == locks_.end()) {
        if (vars_.count(a.text) || registers_.count(a.text)) err(a.pos, fmt::format("{}; '{}' is a variable", want, a.text));
        err(a.pos, fmt::format("{}; '{}' is not declared in /locks", want, a.text));
      }
      if (p_.locks[l->second].kind != b.lock)
        err(a.pos, fmt::format("{}; '{}' is a {}", want, a.text, to_string(p_.locks[l->second].kind)));
      a.ref = Ref::Lock;
      a.slot = l->second;
      a.type = Type::Lock;
      return;
    }
    if (a.kind == Expr::Kind::Call) {
      const Builtin* r = find_builtin(a.text);
      if (r && r->group == Group::LockRef) {
        if (r->lock != b.lock) err(a.pos, fmt::format("{}; {}(...) is a {}", want, a.text, to_string(r->lock)));
        call_args(a, *r, s);
        return;
      }
    }
    err(a.pos, want);
  }

  Protocol& p_;
  const std::set<std::string>& paths_;
  ThreadProgram& prog_;
  bool array_form_;
  bool in_condition_ = false;
  std::map<std::string, std::size_t> vars_, locks_, registers_;
};

}  // namespace

std::shared_ptr<const Protocol> compile(const json& doc, const std::set<std::string>& setup_paths) {
  auto p = std::make_shared<Protocol>();
  read_declarations(doc, *p);
  const json& threads = doc.at("threads");
  bool any = !p->vars.empty() || !p->locks.empty();
  for (std::size_t i = 0; i < threads.size(); ++i) {
    if (!threads[i].contains("program")) {
      p->threads.push_back(nullptr);
      continue;
    }
    any = true;
    const json& src = threads[i]["program"];
    auto prog = std::make_shared<ThreadProgram>();
    prog->thread = threads[i].at("name").get<std::string>();
    prog->where = fmt::format("/threads/{}/program", i);
    const bool array_form = src.is_array();
    std::vector<std::string> segments;
    if (array_form)
      for (const json& line : src) segments.push_back(line.get<std::string>());
    else
      segments.push_back(src.get<std::string>());
    Checker checker(*p, setup_paths, *prog, array_form);
    try {
      prog->body = parse(segments);
    } catch (const ProgramError& e) {
      checker.err(e.pos, e.what());
    }
    checker.statements(prog->body);
    p->threads.push_back(std::move(prog));
  }
  return any ? p : nullptr;
}

std::optional<std::pair<std::string, std::string>> era_error(const Protocol& p, Era era) {
  for (const EraUse& u : p.era_uses)
    if (!(u.eras & era_bit(era)))
      return std::make_pair(u.where, fmt::format("{}a primitive of this scenario's era ({}); {} exists in era {} only",
                                                 u.message_prefix, era_list(era_bit(era)), u.builtin,
                                                 era_list(u.eras)));
  return std::nullopt;
}

}  // namespace dcsim::model::protocol

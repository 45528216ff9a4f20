#include "model/protocol/parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/protocol/lexer.hpp"

namespace dcsim::model::protocol {

const char* to_string(Type t) {
  switch (t) {
    case Type::Int: return "int";
    case Type::Dentry: return "dentry";
    case Type::Inode: return "inode";
    case Type::Null: return "null";
    case Type::String: return "string";
    case Type::Lock: return "lock";
    case Type::Void: return "nothing";
  }
  return "?";
}

namespace {

class Parser {
 public:
  Parser(const std::vector<std::string>& segments) : segments_(segments), toks_(lex(segments)) {}

  std::vector<std::unique_ptr<Stmt>> program() {
    std::vector<std::unique_ptr<Stmt>> out;
    while (peek().kind != Token::Kind::End) out.push_back(statement());
    return out;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  bool is(const char* punct, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == Token::Kind::Punct && t.text == punct;
  }
  bool is_word(const char* word) const {
    return peek().kind == Token::Kind::Ident && peek().text == word;
  }
  static std::string show(const Token& t) {
    switch (t.kind) {
      case Token::Kind::End: return "the end of the program";
      case Token::Kind::String: return fmt::format("\"{}\"", t.text);
      case Token::Kind::Int: return std::to_string(t.value);
      default: return fmt::format("'{}'", t.text);
    }
  }
  [[noreturn]] void expected(const std::string& what) const {
    throw ProgramError(peek().pos, fmt::format("{}, got {}", what, show(peek())));
  }
  const Token& expect(const char* punct, const char* context) {
    if (!is(punct)) expected(fmt::format("'{}' {}", punct, context));
    return toks_[pos_++];
  }

  // The statement's source from token `first` to the last one consumed.
  // Without the closing ';', which reads badly in traces and reports.
  std::string text_since(std::size_t first) const {
    const Token& a = toks_[first];
    std::size_t last = pos_ - 1;
    if (last > first && toks_[last].kind == Token::Kind::Punct && toks_[last].text == ";") --last;
    const Token& b = toks_[last];
    if (a.pos.segment == b.pos.segment) {
      std::string s = segments_[a.pos.segment].substr(a.begin, b.end - a.begin);
      for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
      return s;
    }
    std::string s;
    for (std::size_t i = first; i <= last; ++i)
      s += (s.empty() ? "" : " ") + (toks_[i].kind == Token::Kind::String ? show(toks_[i]) : toks_[i].text);
    return s;
  }

  std::unique_ptr<Stmt> make(Stmt::Kind kind) {
    auto s = std::make_unique<Stmt>();
    s->kind = kind;
    s->pos = peek().pos;
    return s;
  }

  std::vector<std::unique_ptr<Stmt>> block(const char* context) {
    expect("{", context);
    std::vector<std::unique_ptr<Stmt>> out;
    while (!is("}")) {
      if (peek().kind == Token::Kind::End) expected("'}' closing the block");
      out.push_back(statement());
    }
    ++pos_;
    return out;
  }

  std::unique_ptr<Expr> condition(const char* keyword) {
    expect("(", fmt::format("after {}", keyword).c_str());
    auto e = expr();
    expect(")", "closing the condition");
    return e;
  }

  // Blocks and expressions nest at most kMaxDepth deep: the checker and the
  // interpreter recurse on the tree, the interpreter on a fiber's small
  // stack. A flat chain `1+1+...+1` is a tree as deep as it is long, so an
  // operator counts as a level too, not only a parenthesis.
  static constexpr int kMaxDepth = 64;
  static std::string too_deep() {
    return fmt::format("blocks, parentheses and operators nested at most {} deep (each operator of a chain counts; "
                       "split a long expression over registers)",
                       kMaxDepth);
  }
  struct Nest {
    Parser& p;
    explicit Nest(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) p.expected(too_deep());
    }
    ~Nest() { --p.depth_; }
  };
  // An inner node's height from its children's, refused past the bound
  // where it is made, so that no tree taller than it is ever built.
  std::unique_ptr<Expr> bounded(std::unique_ptr<Expr> e) const {
    std::uint32_t h = 0;
    for (const auto& a : e->args) h = std::max(h, a->height);
    e->height = h + 1;
    if (static_cast<std::uint32_t>(depth_) + e->height > static_cast<std::uint32_t>(kMaxDepth))
      throw ProgramError(e->pos, fmt::format("{}, got a deeper expression at '{}'", too_deep(), e->text));
    return e;
  }

  std::unique_ptr<Stmt> statement() {
    const Nest nest(*this);
    const std::size_t first = pos_;
    if (is("{")) {
      auto s = make(Stmt::Kind::Block);
      s->body = block("opening a block");
      s->text = "{ ... }";
      return s;
    }
    if (is_word("if")) {
      auto s = make(Stmt::Kind::If);
      ++pos_;
      s->value = condition("if");
      s->text = text_since(first);
      s->body = block("opening the body of if (braces are required)");
      if (is_word("else")) {
        ++pos_;
        if (is_word("if"))
          s->orelse.push_back(statement());
        else
          s->orelse = block("or 'if' after else (braces are required)");
      }
      return s;
    }
    if (is_word("while")) {
      auto s = make(Stmt::Kind::While);
      ++pos_;
      s->value = condition("while");
      s->text = text_since(first);
      s->body = block("opening the body of while (braces are required)");
      return s;
    }
    if (is_word("assert") || is_word("await")) {
      auto s = make(is_word("assert") ? Stmt::Kind::Assert : Stmt::Kind::Await);
      const std::string word = peek().text;
      ++pos_;
      s->value = condition(word.c_str());
      expect(";", fmt::format("after {}(...)", word).c_str());
      s->text = text_since(first);
      return s;
    }
    if (is_word("local")) {
      auto s = make(Stmt::Kind::Local);
      ++pos_;
      if (peek().kind != Token::Kind::Ident) expected("a register name after local");
      s->target = name_expr();
      if (is("=")) {
        ++pos_;
        s->value = expr();
      }
      expect(";", "ending the declaration");
      s->text = text_since(first);
      return s;
    }
    if (peek().kind != Token::Kind::Ident || is_keyword(peek().text))
      expected("a statement (an assignment, a call, if, while, assert, await, local or a block)");
    if (is("(", 1)) {
      auto s = make(Stmt::Kind::Call);
      s->value = primary();
      expect(";", "ending the call");
      s->text = text_since(first);
      return s;
    }
    auto s = make(Stmt::Kind::Assign);
    s->target = name_expr();
    if (is("[")) {
      auto idx = std::make_unique<Expr>();
      idx->kind = Expr::Kind::Index;
      idx->pos = s->target->pos;
      idx->text = s->target->text;
      ++pos_;
      idx->args.push_back(expr());
      expect("]", "closing the index");
      s->target = bounded(std::move(idx));
    }
    expect("=", fmt::format("'=' or '(' after the name {}", s->target->text).c_str());
    s->value = expr();
    expect(";", "ending the assignment");
    s->text = text_since(first);
    return s;
  }

  static bool is_keyword(const std::string& w) {
    return w == "if" || w == "else" || w == "while" || w == "assert" || w == "await" || w == "local" ||
           w == "null" || w == "true" || w == "false";
  }

  std::unique_ptr<Expr> name_expr() {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Name;
    e->pos = peek().pos;
    e->text = peek().text;
    if (is_keyword(e->text)) expected("a name (not a keyword)");
    ++pos_;
    return e;
  }

  // Precedence climbing, loosest first: || && (== != < <= > >=) (+ -) (* / %) unary.
  std::unique_ptr<Expr> expr() { return binary(0); }

  std::unique_ptr<Expr> binary(int level) {
    static const std::vector<std::vector<std::string>> kLevels = {
        {"||"}, {"&&"}, {"==", "!=", "<", "<=", ">", ">="}, {"+", "-"}, {"*", "/", "%"}};
    if (level == static_cast<int>(kLevels.size())) return unary();
    auto left = binary(level + 1);
    for (;;) {
      const Token& t = peek();
      bool match = false;
      if (t.kind == Token::Kind::Punct)
        for (const std::string& op : kLevels[level]) match = match || t.text == op;
      if (!match) return left;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::Binary;
      e->pos = t.pos;
      e->text = t.text;
      ++pos_;
      e->args.push_back(std::move(left));
      e->args.push_back(binary(level + 1));
      e = bounded(std::move(e));
      // Comparisons do not chain: a < b < c is an error, as it is a bug in C.
      if (level == 2 && t.kind == Token::Kind::Punct) {
        for (const std::string& op : kLevels[2])
          if (is(op.c_str())) expected("no second comparison (use && to combine them)");
      }
      left = std::move(e);
    }
  }

  std::unique_ptr<Expr> unary() {
    const Nest nest(*this);
    if (is("!") || is("-")) {
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::Unary;
      e->pos = peek().pos;
      e->text = peek().text;
      ++pos_;
      e->args.push_back(unary());
      return bounded(std::move(e));
    }
    return primary();
  }

  std::unique_ptr<Expr> primary() {
    const Token& t = peek();
    auto e = std::make_unique<Expr>();
    e->pos = t.pos;
    if (t.kind == Token::Kind::Int) {
      e->kind = Expr::Kind::Int;
      e->value = t.value;
      ++pos_;
      return e;
    }
    if (t.kind == Token::Kind::String) {
      e->kind = Expr::Kind::String;
      e->text = t.text;
      ++pos_;
      return e;
    }
    if (is("(")) {
      ++pos_;
      auto inner = expr();
      expect(")", "closing the parenthesis");
      return inner;
    }
    if (t.kind == Token::Kind::Ident) {
      if (t.text == "null") {
        e->kind = Expr::Kind::Null;
        ++pos_;
        return e;
      }
      if (t.text == "true" || t.text == "false") {
        e->kind = Expr::Kind::Int;
        e->value = t.text == "true";
        ++pos_;
        return e;
      }
      if (is_keyword(t.text)) expected("an expression");
      e->text = t.text;
      ++pos_;
      if (is("(")) {
        e->kind = Expr::Kind::Call;
        ++pos_;
        if (!is(")")) {
          e->args.push_back(expr());
          while (is(",")) {
            ++pos_;
            e->args.push_back(expr());
          }
        }
        expect(")", fmt::format("or ',' in the arguments of {}", e->text).c_str());
        return bounded(std::move(e));
      }
      if (is("[")) {
        e->kind = Expr::Kind::Index;
        ++pos_;
        e->args.push_back(expr());
        expect("]", "closing the index");
        return bounded(std::move(e));
      }
      e->kind = Expr::Kind::Name;
      return e;
    }
    expected("an expression (a number, a name, a call, null or a parenthesis)");
  }

  const std::vector<std::string>& segments_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

std::vector<std::unique_ptr<Stmt>> parse(const std::vector<std::string>& segments) {
  return Parser(segments).program();
}

}  // namespace dcsim::model::protocol

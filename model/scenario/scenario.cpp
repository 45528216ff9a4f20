#include "model/scenario/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "model/core/era.hpp"
#include "model/core/errno.hpp"
#include "model/era_registry.hpp"
#include "model/core/namei.hpp"
#include "model/protocol/checker.hpp"
#include "model/scenario/json_schema.hpp"

namespace dcsim::model {

using nlohmann::json;

std::string cut_for_message(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  return fmt::format("{}... ({} characters)", text.substr(0, max), text.size());
}

// A hostile file's keys land in the path and its values in the message:
// both are cut, so that no error is longer than a few lines.
ScenarioError::ScenarioError(std::string file, std::string path, std::string expected)
    : std::runtime_error(fmt::format("{}: {}: {}", file, path.empty() ? "/" : cut_for_message(path),
                                     cut_for_message(expected, 2 * kMessageCut))),
      file_(std::move(file)),
      path_(cut_for_message(path)),
      expected_(cut_for_message(expected, 2 * kMessageCut)) {}

std::vector<std::string> Scenario::thread_names() const {
  std::vector<std::string> names;
  for (const ThreadSpec& t : threads) names.push_back(t.name);
  for (Era e : all_eras()) era_model(e).daemon_names(*this, names);
  return names;
}

void SpecReader::check_distinct(const std::vector<std::string>& names, const std::string& base,
                                const char* what) const {
  std::set<std::string> seen;
  for (std::size_t j = 0; j < names.size(); ++j)
    if (!seen.insert(names[j]).second)
      error(fmt::format("{}/{}", base, j), fmt::format("distinct {}; \"{}\" is listed twice", what, names[j]));
}

std::string json_pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace {

const JsonSchema& schema() {
  static const JsonSchema s([] {
    json j = json::parse(scenario_schema_text());
    // read_schedule() checks the schedule's syntax itself, in one pass:
    // libstdc++'s std::regex recurses once per character, and the pattern
    // overflows the stack on schedules a few thousand items long.
    if (j.contains("properties") && j["properties"].contains("schedule"))
      j["properties"]["schedule"].erase("pattern");
    return j;
  }());
  return s;
}

// What check_size() admits. The schema's paths and names never need more
// than PATH_MAX; scenario files never nest deeper than 6 levels.
constexpr std::size_t kMaxString = 4096;
constexpr std::size_t kMaxDepth = 64;
// A scenario's size (docs/scenarios.md, "Limits"). An execution's cost grows
// with the cube of its threads (each step's race analysis looks at every
// thread's clock): 50 DPOR executions of proto-lost-update's thread copied
// 64 times take 0.35 s, 400 times 23 s, 1,000 times minutes (slow, never
// stuck). Scenarios that reproduce a race need a handful of threads.
constexpr std::size_t kMaxThreads = 64;  // with the set-up's daemons
constexpr std::size_t kMaxMembers = 1024;  // of any array or object: ops, lines, set-up lists, variants
constexpr std::size_t kMaxProgram = 65536;  // bytes of one thread's program

// json::parse() with the position and wording of its errors our own: the
// library's text ("[json.exception.out_of_range.406] number overflow ...")
// names neither line nor column for a number out of range.
class JsonReader : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit JsonReader(json& doc) : json_sax_dom_parser(doc, false) {}
  template <class Exception>
  bool parse_error(std::size_t byte, const std::string& token, const Exception& e) {
    byte_ = byte;
    token_ = token;
    overflow_ = e.id == 406;
    message_ = e.what();
    return false;
  }
  std::string problem(std::string_view text) const {
    const std::size_t at = std::min(byte_, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    const std::size_t nl = text.substr(0, at).rfind('\n');
    const std::size_t column = nl == std::string_view::npos ? at : at - nl - 1;
    if (overflow_)
      return fmt::format("a number out of range (beyond a double) at line {}, column {}: {}", line, column,
                         cut_for_message(token_, 60));
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    std::string m = message_;
    if (const std::size_t b = m.find("] "); m.rfind("[json.exception.", 0) == 0 && b != std::string::npos)
      m.erase(0, b + 2);
    return cut_for_message(m);
  }

 private:
  std::size_t byte_ = 0;
  std::string token_, message_;
  bool overflow_ = false;
};

class Loader final : public SpecReader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void error(const std::string& path, const std::string& expected) const override {
    throw ScenarioError(file_, path, expected);
  }

  void mount_point(const std::string& at, const std::string& where) override {
    check_new(at, where);
    dirs_.insert(at);
  }

  Scenario load(std::string_view text) {
    json doc;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) error("", "not valid JSON: the file is empty (expected a JSON object)");
    JsonReader reader(doc);
    if (!json::sax_parse(text, &reader)) error("", fmt::format("not valid JSON: {}", reader.problem(text)));
    if (doc.is_object()) check_size(doc);
    std::vector<SchemaError> errors = schema().validate(doc);
    if (!errors.empty()) error(errors.front().path, errors.front().message);

    Scenario s;
    s.file = file_;
    s.name = doc.at("name").get<std::string>();
    s.description = doc.value("description", "");
    s.profile = doc.at("profile").get<std::string>();
    s.overrides = read_overrides(doc);
    s.rules = resolve(s.profile, s.overrides, "");
    s.rules.check_r8 = read_check_r8(doc).value_or(true);
    s.rules.check_pending_lock = read_invariant(doc, "pending_lock").value_or(false);
    read_setup(doc, s);
    read_threads(doc, s);
    if (const std::size_t n = s.thread_names().size(); n > kMaxThreads)
      error("/threads", fmt::format("at most {} threads with the set-up's daemons, got {}", kMaxThreads, n));
    read_programs(doc, s);
    read_bounds(doc, s);
    s.expect = read_expect(doc.at("expect"), "/expect");
    read_variants(doc, s);
    check_era(s, s.rules, "/profile");
    for (std::size_t i = 0; i < s.variants.size(); ++i)
      check_era(s, s.variants[i].rules, fmt::format("/variants/{}/profile", i));
    if (doc.contains("schedule")) read_schedule(doc.at("schedule").get<std::string>(), s);
    for (Era e : all_eras()) era_model(e).check_scenario(s, *this);
    return s;
  }

 private:
  // Runs before the schema, whose validator would overflow the stack on a
  // very long string (std::regex recurses once per character) or very deep
  // nesting (it dumps offending values recursively). Iterative.
  void check_size(const json& doc) const {
    struct Item {
      const json* value;
      std::string path;
      std::size_t depth;  // enclosing arrays and objects
    };
    std::vector<Item> todo{{&doc, "", 0}};
    while (!todo.empty()) {
      const Item item = std::move(todo.back());
      todo.pop_back();
      const json& v = *item.value;
      if (v.is_string()) {
        const std::size_t size = v.get_ref<const std::string&>().size();
        if (size > kMaxString && item.path != "/description" && item.path != "/schedule")
          error(item.path, fmt::format("a string of at most {} bytes, got {} bytes", kMaxString, size));
        continue;
      }
      if (!v.is_structured()) continue;
      const std::size_t most = item.path == "/threads" ? kMaxThreads : kMaxMembers;
      if (v.size() > most && item.path != "/description")
        error(item.path, fmt::format("at most {} {} (a scenario's size is bounded), got {}", most,
                                     item.path == "/threads" ? "threads" : v.is_array() ? "items" : "members",
                                     v.size()));
      if (v.is_array() && item.path.size() > 8 && item.path.compare(item.path.size() - 8, 8, "/program") == 0) {
        std::size_t bytes = 0;
        for (const json& line : v) bytes += line.is_string() ? line.get_ref<const std::string&>().size() : 0;
        if (bytes > kMaxProgram)
          error(item.path, fmt::format("a program of at most {} bytes in all, got {} bytes", kMaxProgram, bytes));
      }
      if (item.depth >= kMaxDepth)
        error(item.path, fmt::format("arrays and objects nested at most {} levels deep", kMaxDepth));
      // Pushed in reverse, so that they are checked in document order.
      if (v.is_array()) {
        for (std::size_t i = v.size(); i-- > 0;)
          todo.push_back({&v[i], fmt::format("{}/{}", item.path, i), item.depth + 1});
      } else {
        for (auto it = v.rbegin(); it != v.rend(); ++it)
          todo.push_back({&it.value(), item.path + "/" + json_pointer_escape(it.key()), item.depth + 1});
      }
    }
  }

  // Op paths and setup paths alike.
  void check_components(const std::string& path, const std::string& where) const {
    for (const auto& part : split_path(path))
      if (part == "." || part == "..") error(where, "a path without . or .. components");
  }

  std::map<std::string, std::string> read_overrides(const json& node) {
    std::map<std::string, std::string> out;
    if (!node.contains("rules")) return out;
    for (const auto& [rule, value] : node.at("rules").items()) out[rule] = value.get<std::string>();
    return out;
  }

  static std::optional<bool> read_invariant(const json& node, const char* name) {
    if (!node.contains("invariants") || !node["invariants"].contains(name)) return std::nullopt;
    return node["invariants"][name].get<bool>();
  }

  static std::optional<bool> read_check_r8(const json& node) {
    if (!node.contains("invariants") || !node["invariants"].contains("R8")) return std::nullopt;
    return node["invariants"]["R8"].get<bool>();
  }

  RuleSet resolve(const std::string& profile, const std::map<std::string, std::string>& overrides,
                  const std::string& base) {
    if (!find_profile(profile)) {
      RuleSetOrError r = resolve_rules(profile, {});
      error(base + "/profile", r.error);
    }
    for (const auto& [rule, value] : overrides) {
      RuleSetOrError r = resolve_rules(profile, {{rule, value}});
      if (!r.rules) error(base + "/rules/" + json_pointer_escape(rule), r.error);
    }
    return *resolve_rules(profile, overrides).rules;
  }

  static std::string parent_of(const std::string& p) {
    std::size_t slash = p.rfind('/');
    return slash == 0 ? std::string("/") : p.substr(0, slash);
  }

  void check_new(const std::string& p, const std::string& where) {
    check_components(p, where);
    if (!dirs_.count(parent_of(p)))
      error(where, fmt::format("a path whose parent directory {} exists (list it in /setup/dirs "
                               "before {})",
                               parent_of(p), p));
    if (taken_.count(p)) error(where, fmt::format("a path not already created; {} exists", p));
    taken_.insert(p);
  }

  void read_setup(const json& doc, Scenario& s) {
    if (!doc.contains("setup")) return;
    const json& setup = doc.at("setup");
    for (Era e : all_eras()) era_model(e).read_setup(setup, *this, s);
    if (setup.contains("dirs")) {
      for (std::size_t i = 0; i < setup["dirs"].size(); ++i) {
        std::string p = setup["dirs"][i].get<std::string>();
        check_new(p, fmt::format("/setup/dirs/{}", i));
        dirs_.insert(p);
        s.dirs.push_back(p);
      }
    }
    if (setup.contains("files")) {
      for (std::size_t i = 0; i < setup["files"].size(); ++i) {
        std::string p = setup["files"][i].get<std::string>();
        check_new(p, fmt::format("/setup/files/{}", i));
        s.files.push_back(p);
      }
    }
    if (setup.contains("mounts")) {
      for (std::size_t i = 0; i < setup["mounts"].size(); ++i) {
        const json& m = setup["mounts"][i];
        const std::string base = fmt::format("/setup/mounts/{}", i);
        const std::string fs = m.at("fs").get<std::string>();
        const EraModel* reader = nullptr;
        for (Era e : all_eras())
          if (era_model(e).reads_mount(fs)) reader = &era_model(e);
        if (!reader) error(base + "/fs", fmt::format("a file system some era models, got \"{}\"", fs));
        reader->read_mount(m, base, *this, s);
      }
    }
  }

  // The eras the model has each piece in: devfs and unlink/mkdir/rmdir in
  // E1, NFS and parallel lookups in E3.
  void check_era(const Scenario& s, const RuleSet& rules, const std::string& where) const {
    if (s.protocol)
      if (auto e = protocol::era_error(*s.protocol, rules.era())) error(e->first, e->second);
    if (auto why = era_mismatch(s, rules.era())) error(where, *why);
    const EraModel& era = era_model(rules.era());
    for (const ThreadSpec& t : s.threads)
      for (const OpSpec& op : t.ops) {
        if (op.era && *op.era != era.era()) error(op.json_path + "/op", era_model(*op.era).refuse_elsewhere(op));
        if (auto why = era.refuse_op(op)) error(op.json_path + "/op", *why);
      }
    for (Era e : all_eras()) era_model(e).check_ops(s, *this);
  }

  void read_threads(const json& doc, Scenario& s) {
    const json& threads = doc.at("threads");
    std::set<std::string> names;
    for (std::size_t i = 0; i < threads.size(); ++i) {
      ThreadSpec t;
      t.name = threads[i].at("name").get<std::string>();
      const std::string base = fmt::format("/threads/{}", i);
      const std::vector<std::string> daemons = s.thread_names();
      if (!names.insert(t.name).second ||
          std::find(daemons.begin(), daemons.end(), t.name) != daemons.end() || t.name == "devfsd")
        error(base + "/name", fmt::format("a thread name not used by another thread or daemon; "
                                          "\"{}\" is taken",
                                          t.name));
      if (threads[i].contains("ops") == threads[i].contains("program"))
        error(base, "a thread with either \"ops\" (syscalls) or \"program\" (a protocol program), not both");
      if (threads[i].contains("program")) {  // compiled by read_programs
        s.threads.push_back(std::move(t));
        continue;
      }
      for (Era e : all_eras()) era_model(e).read_thread(threads[i], t);
      const json& ops = threads[i].at("ops");
      for (std::size_t j = 0; j < ops.size(); ++j) {
        const std::string opath = fmt::format("{}/ops/{}", base, j);
        OpSpec op;
        op.json_path = opath;
        op.op = ops[j].at("op").get<std::string>();
        op.path = ops[j].value("path", std::string());
        for (Era e : all_eras())
          if (era_model(e).reads_op(op.op)) {
            op.era = e;
            era_model(e).read_op(ops[j], op);
          }
        check_components(op.path, opath + "/path");
        for (Era e : all_eras()) era_model(e).check_op(s, op, *this);
        if (ops[j].contains("mounted")) op.mounted = ops[j]["mounted"].get<bool>();
        if (ops[j].contains("flags")) {
          for (const auto& f : ops[j]["flags"]) {
            const std::string flag = f.get<std::string>();
            if (flag == "O_CREAT") op.flags |= O_CREAT;
            if (flag == "O_EXCL") op.flags |= O_EXCL;
            if (flag == "O_DIRECTORY") op.flags |= O_DIRECTORY;
          }
          if ((op.flags & O_EXCL) && !(op.flags & O_CREAT))
            error(opath + "/flags", "O_EXCL only together with O_CREAT");
        }
        if (ops[j].contains("expect")) {
          const json& e = ops[j]["expect"];
          std::optional<int> v;
          if (e.is_number_integer()) {
            if (e.get<long long>() == 0) v = 0;
          } else {
            v = errno_from_name(e.get<std::string>());
          }
          if (!v)
            error(opath + "/expect",
                  fmt::format("0 or an errno name (one of: {}), got {}", errno_names(), e.dump()));
          op.expect = v;
        }
        t.ops.push_back(std::move(op));
      }
      s.threads.push_back(std::move(t));
    }
  }

  // Protocol programs (model/protocol/), checked against the set-up tree.
  void read_programs(const json& doc, Scenario& s) {
    std::set<std::string> paths = {"/"};
    paths.insert(s.dirs.begin(), s.dirs.end());
    paths.insert(s.files.begin(), s.files.end());
    try {
      s.protocol = protocol::compile(doc, paths);
    } catch (const protocol::CompileError& e) {
      error(e.path, e.message);
    }
    if (s.protocol)
      for (std::size_t i = 0; i < s.threads.size(); ++i) s.threads[i].program = s.protocol->threads[i];
  }

  void read_bounds(const json& doc, Scenario& s) {
    if (!doc.contains("bounds")) return;
    const json& b = doc.at("bounds");
    if (b.contains("max_steps")) s.bounds.max_steps = b["max_steps"].get<std::uint64_t>();
    if (b.contains("max_executions"))
      s.bounds.max_executions = b["max_executions"].get<std::uint64_t>();
    if (b.contains("preemptions")) s.bounds.preemptions = b["preemptions"].get<unsigned>();
    if (b.contains("strategy")) s.bounds.strategy = b["strategy"].get<std::string>();
    if (b.contains("seed")) s.bounds.seed = b["seed"].get<std::uint64_t>();
  }

  Expectation read_expect(const json& e, const std::string& base) {
    Expectation x;
    x.verdict = *sim::verdict_from_string(e.at("verdict").get<std::string>());
    if (e.contains("never")) {
      for (std::size_t i = 0; i < e["never"].size(); ++i) {
        const sim::Verdict v = *sim::verdict_from_string(e["never"][i].get<std::string>());
        if (v == x.verdict || v == sim::Verdict::Ok)
          error(fmt::format("{}/never/{}", base, i),
                fmt::format("a failure verdict other than the expected one (\"{}\")",
                            sim::to_string(x.verdict)));
        x.never.push_back(v);
      }
    }
    if (e.contains("function")) {
      if (x.verdict == sim::Verdict::Ok)
        error(base + "/function", "no function with verdict \"ok\" (it names where a failure is raised)");
      x.function = e["function"].get<std::string>();
    }
    return x;
  }

  void read_variants(const json& doc, Scenario& s) {
    if (!doc.contains("variants")) return;
    std::set<std::string> names;
    for (std::size_t i = 0; i < doc["variants"].size(); ++i) {
      const json& v = doc["variants"][i];
      const std::string base = fmt::format("/variants/{}", i);
      Variant var;
      var.name = v.at("name").get<std::string>();
      if (!names.insert(var.name).second)
        error(base + "/name", fmt::format("distinct variant names; \"{}\" is used twice", var.name));
      var.profile = v.value("profile", s.profile);
      var.overrides = read_overrides(v);
      var.rules = resolve(var.profile, var.overrides, base);
      var.rules.check_r8 = read_check_r8(v).value_or(s.rules.check_r8);
      var.rules.check_pending_lock = read_invariant(v, "pending_lock").value_or(s.rules.check_pending_lock);
      if (v.contains("preemptions")) var.preemptions = v["preemptions"].get<unsigned>();
      var.expect = read_expect(v.at("expect"), base + "/expect");
      s.variants.push_back(std::move(var));
    }
  }

  // The schema's pattern ^([0-9]+(x[0-9]+)?(,[0-9]+(x[0-9]+)?)*)?$, checked
  // by hand (see schema()), then the thread numbers and repeat counts.
  void read_schedule(const std::string& text, Scenario& s) {
    const std::size_t n = s.thread_names().size();
    const auto digits = [](std::string_view d) {
      return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    std::size_t step = 0;
    std::size_t pos = 0;
    while (!text.empty()) {  // "" is an empty schedule
      std::size_t comma = text.find(',', pos);
      if (comma == std::string::npos) comma = text.size();
      const std::string_view item = std::string_view(text).substr(pos, comma - pos);
      ++step;
      const std::size_t x = item.find('x');
      const std::string_view thread_text = item.substr(0, x);
      const std::string_view repeat_text = x == std::string_view::npos ? "1" : item.substr(x + 1);
      if (!digits(thread_text) || !digits(repeat_text))
        error("/schedule", fmt::format("comma-separated items THREAD or THREADxCOUNT in decimal, e.g. "
                                       "\"0x9,1x4,2\"; item {} is \"{}\"",
                                       step, cut_for_message(item, 60)));
      std::uint32_t thread = 0, repeat = 0;
      if (std::from_chars(thread_text.data(), thread_text.data() + thread_text.size(), thread).ec !=
              std::errc() ||
          std::from_chars(repeat_text.data(), repeat_text.data() + repeat_text.size(), repeat).ec !=
              std::errc())
        error("/schedule", fmt::format("numbers that fit in 32 bits in item {} (\"{}\")", step, cut_for_message(item, 60)));
      if (thread >= n)
        error("/schedule",
              fmt::format("thread numbers 0..{} (the scenario's {} thread{} and daemons); item {} "
                          "(\"{}\") names thread {}",
                          n - 1, n, n == 1 ? "" : "s", step, item, thread));
      if (repeat == 0 || repeat > 10'000'000)
        error("/schedule", fmt::format("a repeat count from 1 to 10000000 in item {} (\"{}\")", step, item));
      if (comma == text.size()) break;
      pos = comma + 1;
    }
    s.schedule = text;
  }

  std::string file_;
  std::set<std::string> dirs_ = {"/"};   // the set-up tree's directories so far
  std::set<std::string> taken_ = {"/"};  // and every path it has
};

}  // namespace

std::optional<std::string> era_mismatch(const Scenario& s, Era era) {
  auto need = [&](Era e, const std::string& what, const std::string& why) -> std::optional<std::string> {
    if (era == e) return std::nullopt;
    std::string profiles;
    for (const Profile& p : all_profiles())
      if (p.era == e) profiles += (profiles.empty() ? "" : ", ") + p.name;
    return fmt::format("a profile of era {} ({}) for a scenario with {} ({}), got one of era {}",
                       to_string(e), profiles, what, why, to_string(era));
  };
  if (s.protocol)
    if (auto e = protocol::era_error(*s.protocol, era)) return fmt::format("{}: {}", e->first, e->second);
  // Set-up that one era models needs that era; a scenario with none needs
  // only what the profile's era asks of a bare scenario.
  bool claimed = false;
  for (Era e : all_eras())
    if (auto claim = era_model(e).claims(s)) {
      if (auto why = need(e, claim->what, claim->why)) return why;
      claimed = true;
    }
  if (claimed) return std::nullopt;
  return era_model(era).refuse_bare(s);
}

Scenario load_scenario_text(std::string_view text, const std::string& file) {
  return Loader(file).load(text);
}

Scenario load_scenario_file(const std::string& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status)) throw ScenarioError(file, "", "a scenario file; this is a directory");
  if (!std::filesystem::exists(status))
    throw ScenarioError(file, "", "a readable scenario file; there is no such file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(file, "", fmt::format("a readable scenario file; cannot open it ({})", std::strerror(errno)));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw ScenarioError(file, "", "a readable scenario file; reading it failed");
  return load_scenario_text(ss.str(), file);
}

}  // namespace dcsim::model

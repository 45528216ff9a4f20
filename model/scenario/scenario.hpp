// A scenario file, loaded and checked: first against scenarios/schema.json,
// then for what a schema cannot say (known profile and rules, paths that
// exist, a schedule naming real threads). Every error names the file, the
// JSON path and what was expected.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/protocol/protocol.hpp"
#include "model/rules.hpp"
#include "sim/failure.hpp"

namespace dcsim::model {

// What an error echoes of the input (a key, a value) is cut to this many
// characters, with an ellipsis and the full length.
inline constexpr std::size_t kMessageCut = 200;
std::string cut_for_message(std::string_view text, std::size_t max = kMessageCut);

// An era's part of a scenario: what its set-up, a thread or an op adds to
// the era-neutral one, defined and read by the era (model/eN/spec.hpp,
// through EraModel's read_* hooks), so that a new era's fields need no
// change here.
struct EraSpec {
  virtual ~EraSpec() = default;
};

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, std::string path, std::string expected);
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }  // JSON Pointer; "" is the whole document
  const std::string& expected() const { return expected_; }

 private:
  std::string file_, path_, expected_;
};

struct OpSpec {
  std::string op;    // stat, lstat, open, unlink, mkdir, rmdir, expire
  std::string path;
  unsigned flags = 0;              // open(2) flags
  std::optional<int> expect;       // 0 or a positive errno
  std::optional<bool> mounted;     // stat: whether the path must end on a mounted root
  std::string json_path;           // "/threads/1/ops/0", for reports
  // An op of one era's own (E4's mount ops: `path` is then ""), and its
  // fields, read by that era (EraModel::reads_op); unset for the syscalls.
  std::optional<Era> era;
  std::shared_ptr<const EraSpec> era_part;
};

struct ThreadSpec {
  std::string name;
  std::vector<OpSpec> ops;
  // A protocol program run instead of `ops` (docs/scenarios.md).
  std::shared_ptr<const protocol::ThreadProgram> program;
  // Each era's fields of the thread (E4: stack size and depth, kthread).
  std::map<Era, std::shared_ptr<const EraSpec>> era_parts;
};

struct Bounds {
  std::optional<std::uint64_t> max_steps;
  std::optional<std::uint64_t> max_executions;
  std::optional<unsigned> preemptions;
  std::optional<std::string> strategy;  // explorer::strategy_from_string names
  std::optional<std::uint64_t> seed;
};

struct Expectation {
  sim::Verdict verdict = sim::Verdict::Ok;
  std::vector<sim::Verdict> never;  // no execution may end so (needs an exhaustive run)
  // The kernel function the failure must be raised in ("d_splice_alias"):
  // exploration passes over failures elsewhere until it finds one there.
  std::optional<std::string> function;
};

struct Variant {
  std::string name;
  std::string profile;
  std::map<std::string, std::string> overrides;
  RuleSet rules;  // check_r8 from the variant's `invariants`, else the scenario's
  std::optional<unsigned> preemptions;  // else the scenario's bound
  Expectation expect;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::string profile;
  std::map<std::string, std::string> overrides;
  RuleSet rules;  // profile + overrides; check_r8 from `invariants`
  std::vector<std::string> dirs, files;
  // Each era's set-up (devfs, autofs and NFS mounts; E4's locks, file
  // system types and vfsmounts): read and used by that era only.
  std::map<Era, std::shared_ptr<EraSpec>> era_setup;
  std::vector<ThreadSpec> threads;
  Bounds bounds;
  std::optional<std::string> schedule;
  Expectation expect;
  std::vector<Variant> variants;
  // /shared, /locks and the threads' programs; null without any.
  std::shared_ptr<const protocol::Protocol> protocol;

  // Scenario threads first, then the daemons the setup starts, in thread-id order.
  std::vector<std::string> thread_names() const;

  // The era's set-up of type T, or null when the scenario has none.
  template <class T>
  const T* setup_of(Era e) const {
    auto it = era_setup.find(e);
    return it == era_setup.end() ? nullptr : dynamic_cast<const T*>(it->second.get());
  }
  // While loading: the era's set-up, made empty on first use.
  template <class T>
  T& setup_for_loading(Era e) {
    std::shared_ptr<EraSpec>& p = era_setup[e];
    if (!p) p = std::make_shared<T>();
    return dynamic_cast<T&>(*p);
  }
};

// What the loader lends an era reading its part of a scenario
// (EraModel::read_mount, ...): errors that name the file and the JSON path,
// and the set-up tree built so far.
class SpecReader {
 public:
  virtual ~SpecReader() = default;
  [[noreturn]] virtual void error(const std::string& path, const std::string& expected) const = 0;
  // A file system mounted at `at`, a new directory of the set-up tree
  // (its parent must exist); `where` is the JSON path of `at`.
  virtual void mount_point(const std::string& at, const std::string& where) = 0;
  // Each of `names` (the array at JSON path `base`) listed once.
  void check_distinct(const std::vector<std::string>& names, const std::string& base, const char* what) const;
};

// A JSON object key as a JSON Pointer token ("~" and "/" escaped).
std::string json_pointer_escape(const std::string& key);

// Why `s` cannot run under a profile of `era` (its file systems are modelled
// in another era), or nullopt when it can. The loader, the CLI's --profile
// and bisect's profile walk all ask this.
std::optional<std::string> era_mismatch(const Scenario& s, Era era);

// Throws ScenarioError.
Scenario load_scenario_file(const std::string& file);
Scenario load_scenario_text(std::string_view text, const std::string& file);

// The bundled JSON Schema text (scenarios/schema.json).
std::string_view scenario_schema_text();

}  // namespace dcsim::model

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
#include "model/scenario/mntput_spec.hpp"
#include "sim/failure.hpp"

namespace dcsim::model {

// What an error echoes of the input (a key, a value) is cut to this many
// characters, with an ellipsis and the full length.
inline constexpr std::size_t kMessageCut = 200;
std::string cut_for_message(std::string_view text, std::size_t max = kMessageCut);

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
  std::optional<MntOpSpec> mnt;    // E4 mount ops (mntput_spec.hpp); `path` is then ""
};

struct ThreadSpec {
  std::string name;
  std::vector<OpSpec> ops;
  // A protocol program run instead of `ops` (docs/scenarios.md).
  std::shared_ptr<const protocol::ThreadProgram> program;
  MntThreadSpec mnt;  // E4: stack size and depth, kthread
};

struct DevfsMountSpec {
  std::string at;
  std::vector<std::string> entries;
  bool devfsd = true;
  std::vector<std::string> registers_on_lookup;
};

struct AutofsMountSpec {
  std::string at;
  std::vector<std::string> map;
  std::vector<std::string> mounted;
  unsigned daemon_threads = 1;
  std::vector<std::string> symlinks;  // keys the daemon made as symlinks
};

// An NFSv4 export mounted at `at` (E3): the server's names in its root.
struct NfsMountSpec {
  std::string at;
  std::vector<std::string> files, dirs;
  std::map<std::string, int> open_replies;  // name -> errno OPEN answers (positive)
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
  std::vector<DevfsMountSpec> devfs_mounts;
  std::vector<AutofsMountSpec> autofs_mounts;
  std::vector<NfsMountSpec> nfs_mounts;
  MntSetupSpec mnt;  // E4: locks, file system types, vfsmounts
  std::vector<ThreadSpec> threads;
  Bounds bounds;
  std::optional<std::string> schedule;
  Expectation expect;
  std::vector<Variant> variants;
  // /shared, /locks and the threads' programs; null without any.
  std::shared_ptr<const protocol::Protocol> protocol;

  // Scenario threads first, then the daemons the setup starts, in thread-id order.
  std::vector<std::string> thread_names() const;
};

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

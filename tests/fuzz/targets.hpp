// What each libFuzzer target checks of one input, shared with the Catch2
// test that replays tests/fuzz/regressions/ (fuzz_regressions_test.cpp), so
// that a finding once fixed stays fixed in the ordinary build. A check
// returns normally for an input handled as dcsim must handle it (loaded and
// run, or refused with a ScenarioError: exit 2) and throws Finding
// otherwise: an exception dcsim would report as an internal error (exit 3),
// an Internal verdict, an error message that does not say where or says too
// much. Crashes, leaks and undefined behaviour the sanitizers catch.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "explorer/schedule.hpp"
#include "model/scenario/program.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/execution.hpp"

namespace dcsim_fuzz {

struct Finding : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Schedules from the input's hash, so that a finding reproduces from the
// input alone.
class SeededChooser : public dcsim::sim::Chooser {
 public:
  explicit SeededChooser(std::uint64_t seed) : state_(seed | 1) {}
  dcsim::sim::ThreadId choose(const dcsim::sim::Execution&,
                              const std::vector<dcsim::sim::ThreadId>& enabled) override {
    state_ ^= state_ << 13;  // xorshift64
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return enabled[state_ % enabled.size()];
  }

 private:
  std::uint64_t state_;
};

// A bad scenario's message: the file, a JSON path, what was expected, and
// never more than a couple of hundred characters of what was found.
// `input` is what was read: a quote of it may hold any text, the JSON
// library's too.
inline void check_message(const dcsim::model::ScenarioError& e, const std::string& file,
                          std::string_view input = {}) {
  const std::string_view what = e.what();
  if (what.rfind(file + ": /", 0) != 0)
    throw Finding(fmt::format("a scenario error without the file and a JSON path: {}", what.substr(0, 300)));
  if (what.size() > file.size() + 2 + 3 * dcsim::model::kMessageCut + 16)
    throw Finding(fmt::format("a scenario error of {} bytes: {}", what.size(), what.substr(0, 300)));
  if (what.find("[json.exception") != std::string_view::npos && input.find("[json.exception") == std::string_view::npos)
    throw Finding(fmt::format("the JSON library's text in a scenario error: {}", what.substr(0, 300)));
}

// A few executions of a loaded scenario under a small step bound (the
// first traced and recording lockdep, as replay and --lockdep do).
inline void run_bounded(const dcsim::model::Scenario& s, std::uint64_t seed, unsigned executions,
                        std::uint64_t max_steps) {
  const auto program = dcsim::model::make_program(s, s.rules);
  for (unsigned i = 0; i < executions; ++i) {
    dcsim::sim::ExecutionOptions options;
    options.max_steps = max_steps;
    options.trace = i == 0;
    options.lockdep = i == 0;
    dcsim::sim::Execution ex(*program, options);
    SeededChooser chooser(seed + i);
    const dcsim::sim::Failure& f = ex.run(chooser);
    if (f.kind == dcsim::sim::Verdict::Internal)
      throw Finding(fmt::format("an internal error (exit 3) in execution {}: {}", i, f.message));
  }
}

inline constexpr const char* kScenarioFile = "fuzz.json";

// The scenario loader and validator on arbitrary bytes, then a bounded run
// of what loads, under every variant's rules too.
inline void check_scenario(std::string_view text) {
  dcsim::model::Scenario s;
  try {
    s = dcsim::model::load_scenario_text(text, kScenarioFile);
  } catch (const dcsim::model::ScenarioError& e) {
    check_message(e, kScenarioFile, text);
    return;
  } catch (const std::exception& e) {
    throw Finding(fmt::format("the loader threw (exit 3): {}", e.what()));
  }
  try {
    const std::uint64_t h = fnv1a(text);
    run_bounded(s, h, 2, 200);
    for (const auto& v : s.variants) {
      (void)dcsim::model::era_mismatch(s, v.rules.era());
      dcsim::model::Scenario sv = s;
      sv.rules = v.rules;
      run_bounded(sv, h, 1, 200);
    }
  } catch (const Finding&) {
    throw;
  } catch (const std::exception& e) {
    throw Finding(fmt::format("a loaded scenario threw (exit 3): {}", e.what()));
  }
}

// The protocol parser, checker and interpreter: the input is thread T1's
// program (its NUL bytes cut it into the strings of the `program` array);
// T2 runs a fixed program over the same shared state and locks, so that
// T1's steps interleave with another thread's. The profile (era) comes from
// the input's hash.
inline void check_program(std::string_view text) {
  static const nlohmann::json base = nlohmann::json::parse(R"json({
    "name": "fuzz-program",
    "setup": {"dirs": ["/d"], "files": ["/d/f"]},
    "shared": {"x": 0, "y": 0, "flag": [0, 0, 0, 0]},
    "locks": {"m": "mutex", "s": "semaphore:2", "sp": "spinlock", "rw": "rwlock", "sem": "rwsem",
              "q": "waitqueue", "c": "completion"},
    "threads": [
      {"name": "T1", "program": []},
      {"name": "T2", "program": ["mutex_lock(m);", "r = x;", "x = r + 1;", "mutex_unlock(m);", "y = 1;"]}
    ],
    "bounds": {"max_steps": 200},
    "expect": {"verdict": "ok"}
  })json");
  static const char* const kProfiles[] = {"linux-4.7", "linux-2.6.27", "linux-2.5.74", "linux-3.14"};
  nlohmann::json doc = base;
  const std::uint64_t h = fnv1a(text);
  doc["profile"] = kProfiles[h % 4];
  nlohmann::json& lines = doc["threads"][0]["program"];
  std::size_t at = 0;
  for (;;) {
    const std::size_t nul = text.find('\0', at);
    lines.push_back(std::string(text.substr(at, nul == std::string_view::npos ? std::string_view::npos : nul - at)));
    if (nul == std::string_view::npos) break;
    at = nul + 1;
  }
  // Bytes that are not UTF-8 become U+FFFD, as a scenario file could hold.
  check_scenario(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The --schedule parser: bad text raises std::invalid_argument naming the
// item cut short; what parses prints back to text that parses to the same.
inline void check_schedule(std::string_view text) {
  dcsim::explorer::Schedule s;
  try {
    s = dcsim::explorer::parse_schedule(text);
  } catch (const std::invalid_argument& e) {
    if (std::string_view(e.what()).size() > 2 * dcsim::model::kMessageCut)
      throw Finding(fmt::format("a schedule error of {} bytes", std::string_view(e.what()).size()));
    return;
  } catch (const std::exception& e) {
    throw Finding(fmt::format("the schedule parser threw (exit 3): {}", e.what()));
  }
  if (s.size() > dcsim::explorer::kMaxScheduleSteps) throw Finding("a schedule past kMaxScheduleSteps");
  if (dcsim::explorer::parse_schedule(dcsim::explorer::format_schedule(s)) != s)
    throw Finding("a schedule that does not print back to itself");
}

}  // namespace dcsim_fuzz

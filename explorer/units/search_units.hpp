// A search's work units run the way explore --jobs, --shard, --checkpoint
// and --resume ask: this process's share, resumed from a checkpoint,
// checkpointed as it goes, stopped by SIGINT/SIGTERM with the units done
// kept. The CLI only parses these options and prints the outcome.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/session.hpp"
#include "explorer/units/run_units.hpp"
#include "explorer/units/shard.hpp"

namespace dcsim::explorer {

// How this process runs its units; the threads are the plan's (plan.jobs).
struct UnitsOptions {
  std::optional<Shard> shard;
  std::optional<std::string> checkpoint;  // written as units finish, and at the end
  std::optional<std::string> resume;      // read first; also the checkpoint when none is given
  // Acts as interrupted by SIGINT once this many units were explored (tests).
  std::optional<std::size_t> stop_after_units;
  nlohmann::ordered_json key;  // the search's search_key (unit_files.hpp)
  // Seconds between checkpoint writes while running (0: after every unit):
  // writing costs more than a small unit. The last is always written.
  double checkpoint_every = 2;
  bool signals = true;  // SIGINT and SIGTERM stop the run (signals.hpp)
  // Told a checkpoint write that failed while running (the run goes on).
  std::function<void(const std::string&)> warn;
};

struct UnitsOutcome {
  UnitRun run;                            // the units known: resumed and explored here
  bool interrupted = false;
  int status = 0;                         // when interrupted: 130 (SIGINT, stop_after_units) or 143 (SIGTERM)
  std::size_t units = 0;                  // of the search
  std::size_t mine = 0;                   // of this shard (all of them without one)
  std::optional<std::string> checkpoint;  // where the units done are
};

// The checkpoint path this run writes, if any.
std::optional<std::string> checkpoint_path(const UnitsOptions& o);

// Runs this process's units of `search`; UnitsError on a bad checkpoint or
// checkpoint path (checked before any unit runs).
UnitsOutcome run_search_units(const UnitSearch& search, const UnitsOptions& o);

// The --json report of a run interrupted: the search's setup, how many of
// this process's units were done, where they are kept and the command that
// resumes it (`resume`, when a checkpoint was written), and the totals so far.
nlohmann::ordered_json interrupted_report_json(const SearchPlan& plan, const UnitsOutcome& run,
                                               const std::string& resume);

// The units of `results` in `shard` (all without one).
UnitResults shard_units(const UnitResults& results, const std::optional<Shard>& shard);

}  // namespace dcsim::explorer

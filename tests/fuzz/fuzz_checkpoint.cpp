// libFuzzer target: the checkpoint reader, `dcsim explore --resume FILE`
// (cli_targets.hpp), on the search of scenarios/proto-lost-update.json --all
// --split 1.
#include "explorer/cli/explore_units.hpp"
#include "tests/fuzz/cli_targets.hpp"
#include "tests/fuzz/entry.hpp"

namespace {

struct Search {
  std::string dir = dcsim_fuzz::cli_target_init();
  dcsim::cli::SearchArgs args = [] {
    dcsim::cli::SearchArgs a;
    a.file = dcsim_fuzz::kSearchScenario;
    a.all = true;
    // One work unit, as the default split gives this search, without probing
    // the search on every input to find that out (tests/fuzz/README.md).
    a.request.split = 1;
    return a;
  }();
  dcsim::model::Scenario scenario = dcsim::model::load_scenario_file(args.file);
  dcsim::explorer::SearchPlan plan = dcsim::cli::plan_of(args, scenario);
};

void check_checkpoint(std::string_view text) {
  static Search search;
  const std::vector<std::string> files = dcsim_fuzz::write_files(search.dir, text, 1);
  dcsim::cli::UnitArgs u;
  u.resume = files[0];
  dcsim::cli::Progress progress(false);
  dcsim_fuzz::check_cli(files, [&] {
    (void)dcsim::cli::explore_units(search.args, u, search.scenario, search.plan, progress,
                                    [](const dcsim::explorer::Exploration&) { return 0; });
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dcsim_fuzz::run_input(check_checkpoint, data, size);
}

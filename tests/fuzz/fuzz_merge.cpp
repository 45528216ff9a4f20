// libFuzzer target: `dcsim merge`'s reader of shard reports (cli_targets.hpp):
// the input's NUL bytes cut it into up to three report files.
#include "explorer/cli/explore_units.hpp"
#include "tests/fuzz/cli_targets.hpp"
#include "tests/fuzz/entry.hpp"

namespace {

void check_merge(std::string_view text) {
  static const std::string dir = dcsim_fuzz::cli_target_init();
  dcsim::cli::MergeInput in;
  in.files = dcsim_fuzz::write_files(dir, text, 3);
  in.print = [](const dcsim::cli::SearchArgs&, const dcsim::model::Scenario&, const dcsim::explorer::SearchPlan&,
                const dcsim::explorer::Exploration&) { return 0; };
  dcsim_fuzz::check_cli(in.files, [&] { (void)dcsim::cli::merge_shards(in); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dcsim_fuzz::run_input(check_merge, data, size);
}

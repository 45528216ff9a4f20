// libFuzzer target: the scenario loader and validator on arbitrary bytes,
// then a bounded run of what loads (targets.hpp, check_scenario).
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dcsim_fuzz::run_input(dcsim_fuzz::check_scenario, data, size);
}

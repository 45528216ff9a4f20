// libFuzzer target: the --schedule parser (targets.hpp, check_schedule).
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dcsim_fuzz::run_input(dcsim_fuzz::check_schedule, data, size);
}

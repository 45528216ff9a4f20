// libFuzzer target: the protocol parser, checker and interpreter, on one
// thread's program (targets.hpp, check_program).
#include "tests/fuzz/entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return dcsim_fuzz::run_input(dcsim_fuzz::check_program, data, size);
}

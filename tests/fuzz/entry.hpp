// libFuzzer's entry point around a check of targets.hpp: a Finding aborts,
// which libFuzzer reports as a crash and saves the input.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/targets.hpp"

namespace dcsim_fuzz {

template <class Check>
int run_input(Check check, const std::uint8_t* data, std::size_t size) {
  try {
    check(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const Finding& f) {
    std::fprintf(stderr, "dcsim fuzz finding: %s\n", f.what());
    std::abort();
  }
  return 0;
}

}  // namespace dcsim_fuzz

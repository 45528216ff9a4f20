// Counts in text output: "1 execution", "2 executions".
#pragma once
#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace dcsim::explorer {

inline std::string counted(std::uint64_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace dcsim::explorer

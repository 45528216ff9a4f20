// Runs the dcsim binary as a user would, for the CLI tests.
#pragma once
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace dcsim_test {

struct Run {
  int status = -1;
  std::string out;
};

// Runs dcsim with `args` (already shell-quoted), capturing stdout; stderr
// goes to `err_file` when given, else is discarded.
inline Run dcsim(const std::string& args, const std::string& err_file = "/dev/null") {
  const std::string cmd = std::string("cd ") + DCSIM_SOURCE_DIR + " && " + DCSIM_BINARY + " " + args +
                          " 2>" + err_file;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace dcsim_test

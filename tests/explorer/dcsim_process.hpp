// Runs the dcsim binary as a user would, for the CLI tests.
#pragma once
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>
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

inline void write_file(const std::string& file, const std::string& text) {
  std::ofstream out(file);
  out << text;
}

// Runs the N shards of `explore args` with --json, each into the file
// `out_file(tag-I.json)`, and returns the files.
inline std::vector<std::string> run_shards(const std::string& args, int n, const std::string& tag,
                                           const std::function<std::string(const std::string&)>& out_file) {
  std::vector<std::string> files;
  for (int i = 0; i < n; ++i) {
    const Run r = dcsim("explore " + args + " --json --shard " + std::to_string(i) + "/" + std::to_string(n));
    REQUIRE((r.status == 0 || r.status == 1));
    files.push_back(out_file(tag + "-" + std::to_string(i) + ".json"));
    write_file(files.back(), r.out);
  }
  return files;
}

}  // namespace dcsim_test

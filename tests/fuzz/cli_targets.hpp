// What the checkpoint and merge targets share: they call the readers where
// they are today, explorer/cli/explore_units.cpp (explore_units with
// --resume, merge_shards), which the targets compile in, on files written
// from the input into a directory of their own. The search is the small
// bundled scenarios/proto-lost-update.json, named relative to the source
// tree as the seed corpus's checkpoints and shard reports name it.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "explorer/cli/common.hpp"
#include "model/scenario/scenario.hpp"
#include "tests/fuzz/targets.hpp"

namespace dcsim_fuzz {

inline constexpr const char* kSearchScenario = "scenarios/proto-lost-update.json";

// The working directory the readers resolve "scenarios/..." in; the files
// the input becomes, in a temporary directory; reports on stdout dropped.
inline std::string cli_target_init() {
  if (chdir(DCSIM_SOURCE_DIR) != 0) std::abort();
  char dir[] = "/tmp/dcsim-fuzz-XXXXXX";
  if (!mkdtemp(dir)) std::abort();
  // Removed at exit: fork mode starts a process per job.
  static std::string made;
  made = dir;
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(made, ec);
  });
  const int null = open("/dev/null", O_WRONLY);
  if (null < 0 || dup2(null, 1) < 0) std::abort();
  close(null);
  return dir;
}

// The input cut at NUL bytes into at most `most` files.
inline std::vector<std::string> write_files(const std::string& dir, std::string_view text, std::size_t most) {
  std::vector<std::string> files;
  std::size_t at = 0;
  for (;;) {
    std::size_t nul = text.find('\0', at);
    if (files.size() + 1 == most) nul = std::string_view::npos;
    const std::string file = fmt::format("{}/in{}.json", dir, files.size());
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        << text.substr(at, nul == std::string_view::npos ? std::string_view::npos : nul - at);
    files.push_back(file);
    if (nul == std::string_view::npos) break;
    at = nul + 1;
  }
  return files;
}

// A refusal (exit 2) says which file and is short; anything else is exit 3.
template <class Call>
void check_cli(const std::vector<std::string>& files, Call call) {
  try {
    call();
  } catch (const dcsim::cli::UsageError& e) {
    const std::string_view what = e.what();
    bool named = false;
    for (const std::string& f : files) named = named || what.find(f) != std::string_view::npos;
    if (!named && what.rfind("merge: ", 0) != 0)
      throw Finding(fmt::format("a refusal that names no file: {}", what.substr(0, 300)));
    if (what.size() > 3 * dcsim::model::kMessageCut + 200)
      throw Finding(fmt::format("a refusal of {} bytes: {}", what.size(), what.substr(0, 300)));
    if (what.find("[json.exception") != std::string_view::npos)
      throw Finding(fmt::format("the JSON library's text in a refusal: {}", what.substr(0, 300)));
  } catch (const dcsim::model::ScenarioError& e) {
    (void)e;  // the scenario a shard report names, refused as such
  } catch (const std::exception& e) {
    throw Finding(fmt::format("an internal error (exit 3): {}", e.what()));
  }
}

}  // namespace dcsim_fuzz

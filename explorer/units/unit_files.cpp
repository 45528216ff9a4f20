#include "explorer/units/unit_files.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "explorer/result/result_json.hpp"

namespace dcsim::explorer {

using Json = nlohmann::ordered_json;

std::string excerpt(const Json& v, std::size_t limit) {
  std::string s = v.dump();
  if (s.size() > limit) s = s.substr(0, limit) + fmt::format("... ({} characters)", s.size());
  return s;
}

std::string read_regular_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw UnitsError(fmt::format("{}: cannot read it (no such file)", path));
  if (!S_ISREG(st.st_mode)) throw UnitsError(fmt::format("{}: cannot read it: not a regular file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UnitsError(fmt::format("{}: cannot read it", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Json parse_json_file(const std::string& path) {
  const std::string text = read_regular_file(path);
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // The library's message is for its own developers; say where, in lines.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw UnitsError(fmt::format("{}: line {}, column {}: expected JSON (a dcsim checkpoint or shard report)",
                                 path, line, column));
  } catch (const nlohmann::json::exception&) {
    throw UnitsError(fmt::format("{}: expected JSON (a dcsim checkpoint or shard report)", path));
  }
}

namespace {
// Adds `n` to `total`, refusing what passes kMaxCount.
void add_count(std::uint64_t& total, std::uint64_t n, const std::string& file, std::size_t unit, const char* what) {
  if (n > kMaxCount || total > kMaxCount - n)
    throw UnitsError(fmt::format("{}: unit {}: {} {} brings the total beyond any search's ({}): expected "
                                 "the counts of a search dcsim ran",
                                 file, unit, what, n, kMaxCount));
  total += n;
}
}  // namespace

void check_totals(const UnitResults& results, const std::string& file) {
  std::uint64_t executions = 0, steps = 0, reexecuted = 0, blocked = 0, races = 0;
  for (const auto& [k, r] : results) {
    add_count(executions, r.executions, file, k, "executions");
    add_count(steps, r.steps, file, k, "steps");
    add_count(reexecuted, r.reexecuted, file, k, "reexecuted");
    add_count(blocked, r.blocked, file, k, "blocked");
    add_count(races, r.races, file, k, "races");
    std::uint64_t verdicts = 0;
    for (sim::Verdict v : sim::kAllVerdicts) add_count(verdicts, r.verdicts[v], file, k, "verdicts");
    if (verdicts != r.executions)
      throw UnitsError(fmt::format("{}: unit {}: its verdicts count {} executions, it says {}: expected one "
                                   "verdict per execution",
                                   file, k, verdicts, r.executions));
  }
}

UnitResults units_from_json(const Json& list, const std::string& file, const std::string& path) {
  UnitResults out;
  if (!list.is_array())
    throw UnitsError(fmt::format("{}: {}: expected an array of work units, found {}", file, path, excerpt(list)));
  for (std::size_t i = 0; i < list.size(); ++i) {
    try {
      auto [k, r] = unit_from_json(list[i], fmt::format("{}/{}", path, i));
      if (!out.emplace(k, std::move(r)).second)
        throw UnitsError(fmt::format("{}: {}/{}: unit {} appears twice", file, path, i, k));
    } catch (const UnitJsonError& e) {
      throw UnitsError(fmt::format("{}: {}", file, e.what()));
    }
  }
  check_totals(out, file);
  return out;
}

Json units_to_json(const UnitResults& results, const std::function<bool(std::size_t)>& keep) {
  Json a = Json::array();
  for (const auto& [k, r] : results)
    if (!keep || keep(k)) a.push_back(unit_json(k, r));
  return a;
}

std::string content_hash(const std::string& path) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : read_regular_file(path)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

Json search_key(const Json& args, const std::string& scenario_file, std::size_t units) {
  return Json{{"args", args}, {"scenario_hash", content_hash(scenario_file)}, {"units", units}};
}

}  // namespace dcsim::explorer

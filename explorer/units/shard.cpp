#include "explorer/units/shard.hpp"

#include <fmt/format.h>

#include <charconv>

#include "explorer/units/unit_files.hpp"

namespace dcsim::explorer {

using Json = nlohmann::ordered_json;

namespace {
bool parse_index(std::string_view s, std::size_t& out) {
  if (s.empty()) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}
}  // namespace

Shard parse_shard(const std::string& text, const std::string& option) {
  Shard s;
  const auto slash = text.find('/');
  const std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
  if (slash == std::string::npos || !parse_index(std::string_view(text).substr(0, slash), s.index) ||
      !parse_index(std::string_view(text).substr(slash + 1), s.count))
    throw UnitsError(fmt::format("{} {}: expected I/N, e.g. 0/4 (shard I of N, 0 <= I < N)", option, shown));
  if (s.count == 0 || s.index >= s.count)
    throw UnitsError(fmt::format("{} {}: expected I/N with 0 <= I < N", option, shown));
  return s;
}

std::string to_string(const Shard& s) { return fmt::format("{}/{}", s.index, s.count); }

Json shard_json(const std::optional<Shard>& s) {
  return s ? Json{{"index", s->index}, {"count", s->count}} : Json(nullptr);
}

std::optional<Shard> shard_from_json(const Json& j, const std::string& file, const std::string& path,
                                     bool allow_null) {
  if (allow_null && j.is_null()) return std::nullopt;
  const char* expected = allow_null ? "null or {\"index\": I, \"count\": N} with 0 <= I < N"
                                    : "{\"index\": I, \"count\": N} with 0 <= I < N";
  if (!j.is_object() || j.size() != 2 || !j.contains("index") || !j.contains("count") ||
      !j["index"].is_number_unsigned() || !j["count"].is_number_unsigned())
    throw UnitsError(fmt::format("{}: {}: expected {}, found {}", file, path, expected, excerpt(j)));
  Shard s{j["index"].get<std::size_t>(), j["count"].get<std::size_t>()};
  if (s.count == 0 || s.index >= s.count)
    throw UnitsError(fmt::format("{}: {}: expected {}, found {}", file, path, expected, excerpt(j)));
  return s;
}

}  // namespace dcsim::explorer

#include "explorer/schedule.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace dcsim::explorer {

std::string format_schedule(const Schedule& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] == s[i]) ++j;
    if (!out.empty()) out += ',';
    out += j - i == 1 ? fmt::format("{}", s[i]) : fmt::format("{}x{}", s[i], j - i);
    i = j;
  }
  return out;
}

namespace {

// An item is echoed in errors, but a hostile one may be megabytes long.
std::string shown(std::string_view item) {
  constexpr std::size_t kShown = 40;
  if (item.size() <= kShown) return std::string(item);
  return fmt::format("{}... ({} characters)", item.substr(0, kShown), item.size());
}

[[noreturn]] void bad(std::string_view item, const std::string& what) {
  throw std::invalid_argument(fmt::format("bad schedule item \"{}\": {}", shown(item), what));
}

// Parsed as 64 bits and range-checked by the caller: a narrower type would
// wrap silently on the cast (4294967296 read as thread 0).
std::uint64_t parse_number(std::string_view text, std::string_view item, const char* what) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec == std::errc::result_out_of_range)
    bad(item, fmt::format("expected {} as a decimal number{}", what, text.empty() ? "" : " (it is too large)"));
  if (ec != std::errc() || end != text.data() + text.size())
    bad(item, fmt::format("expected {} as a decimal number", what));
  return v;
}

}  // namespace

Schedule parse_schedule(std::string_view text) {
  Schedule s;
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.empty()) return s;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    std::size_t x = item.find('x');
    const std::uint64_t thread = parse_number(item.substr(0, x), item, "a thread number");
    // kNoThread itself means "no thread" inside the simulator.
    if (thread >= sim::kNoThread) bad(item, fmt::format("expected a thread number below {}", sim::kNoThread));
    std::uint64_t count = 1;
    if (x != std::string_view::npos) {
      count = parse_number(item.substr(x + 1), item, "a repeat count after 'x'");
      if (count == 0) bad(item, "the repeat count must be at least 1");
    }
    if (count > kMaxScheduleSteps)
      bad(item, fmt::format("repeat count too large (a schedule has at most {} steps)", kMaxScheduleSteps));
    if (s.size() + count > kMaxScheduleSteps)
      bad(item, fmt::format("the schedule is too long: at most {} steps in all", kMaxScheduleSteps));
    s.insert(s.end(), static_cast<std::size_t>(count), static_cast<sim::ThreadId>(thread));
    pos = comma + 1;
  }
  return s;
}

}  // namespace dcsim::explorer

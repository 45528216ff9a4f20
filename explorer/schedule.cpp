#include "explorer/schedule.hpp"

#include <fmt/format.h>

#include <charconv>
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
unsigned long parse_number(std::string_view text, std::string_view item, const char* what) {
  unsigned long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(
        fmt::format("bad schedule item \"{}\": expected {} as a decimal number", item, what));
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
    unsigned long thread = parse_number(item.substr(0, x), item, "a thread number");
    unsigned long count = 1;
    if (x != std::string_view::npos) {
      count = parse_number(item.substr(x + 1), item, "a repeat count after 'x'");
      if (count == 0)
        throw std::invalid_argument(
            fmt::format("bad schedule item \"{}\": the repeat count must be at least 1", item));
    }
    if (count > 10'000'000)
      throw std::invalid_argument(fmt::format("bad schedule item \"{}\": repeat count too large", item));
    s.insert(s.end(), count, static_cast<sim::ThreadId>(thread));
    pos = comma + 1;
  }
  return s;
}

}  // namespace dcsim::explorer

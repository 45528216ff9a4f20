#include "explorer/ddmin.hpp"

#include <algorithm>
#include <map>

namespace dcsim::explorer {

namespace {

// c split into n contiguous chunks whose sizes differ by at most one.
std::vector<Subset> split(const Subset& c, std::size_t n) {
  std::vector<Subset> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t size = c.size() / n + (i < c.size() % n ? 1 : 0);
    parts.emplace_back(c.begin() + start, c.begin() + start + size);
    start += size;
  }
  return parts;
}

Subset minus(const Subset& c, const Subset& part) {
  Subset out;
  std::set_difference(c.begin(), c.end(), part.begin(), part.end(), std::back_inserter(out));
  return out;
}

bool is_subset(const Subset& a, const Subset& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

}  // namespace

std::size_t ddmin_bound(std::size_t n) { return n * n + 3 * n; }

DdminResult ddmin(std::size_t n, const std::function<bool(const Subset&)>& fails,
                  const DdminOptions& options) {
  std::map<Subset, bool> tested;
  auto test = [&](const Subset& s) {
    auto it = tested.find(s);
    if (it == tested.end()) it = tested.emplace(s, fails(s)).first;
    return it->second;
  };

  Subset c(n);
  for (std::size_t i = 0; i < n; ++i) c[i] = i;
  std::size_t granularity = 2;
  while (c.size() >= 2) {
    const std::vector<Subset> parts = split(c, granularity);
    std::vector<Subset> candidates = parts;
    // With two parts each complement is the other part: already a candidate.
    if (granularity > 2)
      for (const Subset& p : parts) candidates.push_back(minus(c, p));
    if (options.prefetch) options.prefetch(candidates);

    std::size_t found = candidates.size();
    for (std::size_t i = 0; i < candidates.size() && found == candidates.size(); ++i)
      if (test(candidates[i])) found = i;
    if (found < parts.size()) {  // reduce to a subset
      c = candidates[found];
      granularity = 2;
    } else if (found < candidates.size()) {  // reduce to a complement
      c = candidates[found];
      granularity = std::max<std::size_t>(granularity - 1, 2);
    } else if (granularity < c.size()) {  // increase granularity
      granularity = std::min(granularity * 2, c.size());
    } else {
      break;
    }
  }

  DdminResult r;
  r.failing = c;
  r.evaluations = tested.size();
  r.one_minimal = true;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Subset without = minus(c, {c[i]});
    if (without.empty()) continue;
    auto it = tested.find(without);
    if (it == tested.end() || it->second) r.one_minimal = false;
  }
  for (const auto& [failing, failed] : tested)
    if (failed)
      for (const auto& [passing, passed_failed] : tested)
        if (!passed_failed && is_subset(failing, passing)) r.monotone = false;
  return r;
}

}  // namespace dcsim::explorer

// ddmin on synthetic predicates: what it finds, that it says whether the
// result is 1-minimal and whether the tests were monotone, and how many
// tests it needs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "explorer/ddmin.hpp"

using dcsim::explorer::ddmin;
using dcsim::explorer::ddmin_bound;
using dcsim::explorer::DdminOptions;
using dcsim::explorer::Subset;

namespace {
bool has(const Subset& s, std::size_t i) { return std::binary_search(s.begin(), s.end(), i); }

// Removing any one element of `s` makes `fails` pass, asked directly.
bool really_one_minimal(const Subset& s, const std::function<bool(const Subset&)>& fails) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    Subset without = s;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (!without.empty() && fails(without)) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("ddmin: a single culprit, wherever it is", "[ddmin]") {
  for (std::size_t n = 1; n <= 16; ++n)
    for (std::size_t culprit = 0; culprit < n; ++culprit) {
      INFO("n=" << n << " culprit=" << culprit);
      std::size_t calls = 0;
      auto fails = [&](const Subset& s) { ++calls; return has(s, culprit); };
      auto r = ddmin(n, fails);
      CHECK(r.failing == Subset{culprit});
      CHECK(r.one_minimal);
      CHECK(r.monotone);
      CHECK(r.evaluations == calls);  // each distinct subset asked once
      CHECK(r.evaluations <= ddmin_bound(n));
    }
}

TEST_CASE("ddmin: two culprits that only fail together", "[ddmin]") {
  for (std::size_t n = 2; n <= 12; ++n)
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) {
        INFO("n=" << n << " culprits " << a << "," << b);
        auto fails = [&](const Subset& s) { return has(s, a) && has(s, b); };
        auto r = ddmin(n, fails);
        CHECK(r.failing == Subset{a, b});
        CHECK(r.one_minimal);
        CHECK(r.monotone);
        CHECK(r.evaluations <= ddmin_bound(n));
      }
}

TEST_CASE("ddmin: either of two culprits gives a 1-minimal set of one", "[ddmin]") {
  auto fails = [](const Subset& s) { return has(s, 1) || has(s, 6); };
  auto r = ddmin(8, fails);
  REQUIRE(r.failing.size() == 1);
  CHECK((r.failing[0] == 1 || r.failing[0] == 6));
  CHECK(r.one_minimal);
}

TEST_CASE("ddmin: a non-monotone predicate still yields a 1-minimal failing set, flagged", "[ddmin]") {
  // {0,1} passes although its subset {1} fails: not monotone.
  auto fails = [](const Subset& s) { return s.size() == 4 || s == Subset{1}; };
  auto r = ddmin(4, fails);
  CHECK(r.failing == Subset{1});
  CHECK(fails(r.failing));
  CHECK(r.one_minimal);
  CHECK_FALSE(r.monotone);

  // Failing exactly on sets of even size: ddmin lands on some pair.
  auto even = [](const Subset& s) { return !s.empty() && s.size() % 2 == 0; };
  for (std::size_t n : {2u, 4u, 6u, 8u, 10u}) {
    INFO("n=" << n);
    auto e = ddmin(n, even);
    CHECK(even(e.failing));
    CHECK(e.one_minimal);
    CHECK(really_one_minimal(e.failing, even));
    CHECK(e.evaluations <= ddmin_bound(n));
  }
}

TEST_CASE("ddmin: prefetch sees every candidate before it is tested", "[ddmin]") {
  std::set<Subset> announced;
  std::size_t unannounced = 0;
  DdminOptions o;
  o.prefetch = [&](const std::vector<Subset>& cands) { announced.insert(cands.begin(), cands.end()); };
  auto fails = [&](const Subset& s) {
    if (!announced.count(s)) ++unannounced;
    return has(s, 2) && has(s, 9);
  };
  auto r = ddmin(11, fails, o);
  CHECK(r.failing == Subset{2, 9});
  CHECK(unannounced == 0);
  CHECK(announced.size() >= r.evaluations);
}

TEST_CASE("ddmin: the worst case stays within n^2 + 3n", "[ddmin]") {
  // Failing only on the full set: every granularity is tried down to single removals.
  for (std::size_t n = 1; n <= 24; ++n) {
    INFO("n=" << n);
    auto fails = [n](const Subset& s) { return s.size() == n; };
    auto r = ddmin(n, fails);
    CHECK(r.failing.size() == n);
    CHECK(r.one_minimal);
    CHECK(r.evaluations <= ddmin_bound(n));
  }
}

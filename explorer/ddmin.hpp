// Delta debugging (Zeller & Hildebrandt, "Simplifying and Isolating
// Failure-Inducing Input", IEEE TSE 28(2), 2002): given n changes that
// together make a test fail, find a 1-minimal subset that still fails,
// i.e. one from which removing any single change makes the test pass.
// Knows nothing of rules or kernels: elements are indices 0..n-1.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

namespace dcsim::explorer {

using Subset = std::vector<std::size_t>;  // ascending indices

struct DdminOptions {
  // Called before ddmin tests a round's candidates, in the order it will test
  // them (it stops at the first that fails), so a caller can evaluate them
  // ahead, e.g. in parallel, without changing which ones ddmin asks for.
  std::function<void(const std::vector<Subset>&)> prefetch;
};

struct DdminResult {
  Subset failing;                // 1-minimal if one_minimal
  std::size_t evaluations = 0;   // distinct subsets the predicate was asked about
  // Checked, not assumed: every one-element removal from `failing` was tested
  // and passes (the empty set is taken to pass, ddmin's precondition).
  bool one_minimal = false;
  // False when the tests contradict monotonicity: a subset failed while a
  // superset of it passed. ddmin's result is then 1-minimal but there may be
  // other, unrelated failing sets.
  bool monotone = true;
};

// Preconditions (the caller checks them): fails(all n) and !fails({}).
DdminResult ddmin(std::size_t n, const std::function<bool(const Subset&)>& fails,
                  const DdminOptions& options = {});

// ddmin's worst-case number of tests for n changes: n^2 + 3n (ibid., §4).
std::size_t ddmin_bound(std::size_t n);

}  // namespace dcsim::explorer

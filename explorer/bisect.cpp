#include "explorer/bisect.hpp"

#include <fmt/format.h>

namespace dcsim::explorer {

namespace {
// values() and not get(): get() records the rule as consulted.
const std::string& value_of(const model::RuleSet& rules, const model::Rule& r) {
  auto it = rules.values().find(r.name);
  return it != rules.values().end() ? it->second : r.values.front().name;
}
}  // namespace

std::vector<RuleChange> rule_diff(const model::RuleSet& good, const model::RuleSet& bad) {
  std::vector<RuleChange> out;
  for (const model::Rule& r : model::all_rules())
    if (value_of(good, r) != value_of(bad, r)) out.push_back({r.name, value_of(good, r), value_of(bad, r)});
  return out;
}

model::RuleSet apply_changes(model::RuleSet base, const std::vector<RuleChange>& changes,
                             const Subset& chosen) {
  for (std::size_t i : chosen) base.set(changes[i].rule, changes[i].to);
  return base;
}

RuleBisection bisect_rules(VerdictCache& cache, const model::RuleSet& good, const model::RuleSet& bad) {
  RuleBisection b;
  b.differing = rule_diff(good, bad);
  cache.prefetch({good, bad}, false);
  b.good = cache.evaluate(good);
  b.bad = cache.evaluate(bad);
  if (b.good.fails) {
    b.problem = "the good rules fail too: nothing to bisect";
    return b;
  }
  if (!b.bad.fails) {
    b.problem = "the bad rules do not fail: nothing to bisect";
    return b;
  }
  Subset all(b.differing.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  if (b.differing.empty() || !cache.evaluate(apply_changes(good, b.differing, all)).fails) {
    b.problem = fmt::format(
        "the bad rules' values on top of the good ones do not fail: the difference is not in the "
        "rules (eras {} and {})",
        model::to_string(good.era()), model::to_string(bad.era()));
    return b;
  }
  DdminOptions o;
  o.prefetch = [&](const std::vector<Subset>& candidates) {
    std::vector<model::RuleSet> sets;
    for (const Subset& s : candidates) sets.push_back(apply_changes(good, b.differing, s));
    cache.prefetch(sets, true);
  };
  b.ddmin = ddmin(
      b.differing.size(),
      [&](const Subset& s) { return cache.evaluate(apply_changes(good, b.differing, s)).fails; }, o);
  for (std::size_t i : b.ddmin.failing) b.culprits.push_back(b.differing[i]);
  b.culprit_rules = apply_changes(good, b.differing, b.ddmin.failing);
  b.culprit_outcome = cache.evaluate(b.culprit_rules);
  return b;
}

FirstChange first_change(std::size_t n, const std::function<bool(std::size_t)>& fails) {
  FirstChange fc;
  if (n == 0) return fc;
  auto eval = [&](std::size_t i) {
    const bool f = fails(i);
    fc.walked.emplace_back(i, f);
    return f;
  };
  const bool newest = eval(n - 1);
  std::size_t lo = 0, hi = n - 1;  // the first item with the newest's verdict is in [lo, hi]
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (eval(mid) == newest)
      hi = mid;
    else
      lo = mid + 1;
  }
  if (hi > 0) fc.index = hi;
  return fc;
}

model::RuleSet profile_rules(const model::Profile& p) { return model::RuleSet(p.era, p.values); }

std::vector<const model::Profile*> profiles_for(const model::Scenario& s) {
  std::vector<const model::Profile*> out;
  for (const model::Profile& p : model::all_profiles())
    if (!model::era_mismatch(s, p.era)) out.push_back(&p);
  return out;
}

ProfileBisection bisect_profiles(VerdictCache& cache, std::vector<const model::Profile*> range) {
  ProfileBisection pb;
  pb.range = std::move(range);
  pb.search = first_change(pb.range.size(), [&](std::size_t i) {
    return cache.evaluate(profile_rules(*pb.range[i])).fails;
  });
  if (pb.search.index) {
    const model::RuleSet before = profile_rules(*pb.range[*pb.search.index - 1]);
    const model::RuleSet after = profile_rules(*pb.range[*pb.search.index]);
    // The failing neighbour is "bad", whichever way the change goes.
    pb.why = cache.evaluate(after).fails ? bisect_rules(cache, before, after)
                                         : bisect_rules(cache, after, before);
  }
  return pb;
}

std::string_view to_string(Effect e) {
  switch (e) {
    case Effect::Fixes: return "fixes";
    case Effect::ChangesFailure: return "changes the failure into another one";
    case Effect::SameFailure: return "same failure";
    case Effect::Inconclusive: return "inconclusive (no failure, but the bounds stopped the search)";
  }
  return "?";
}

Blame blame(VerdictCache& cache, const model::RuleSet& base) {
  Blame bl;
  model::RuleSet tracked = base;
  tracked.record_consulted();
  // Runs here, in this thread, so the record sees every rule the model read.
  bl.base = cache.evaluate(tracked);
  const std::set<std::string> read = tracked.consulted();
  std::vector<model::RuleSet> sets;
  for (const model::Rule& r : model::all_rules()) {
    if (!read.count(r.name)) {
      bl.not_consulted.push_back(r.name);
      continue;
    }
    bl.consulted.push_back(r.name);
    for (const model::RuleValue& v : r.values)
      if (v.name != value_of(base, r)) {
        bl.changes.push_back({{r.name, value_of(base, r), v.name}, {}, Effect::SameFailure});
        model::RuleSet changed = base;
        changed.set(r.name, v.name);
        sets.push_back(changed);
      }
  }
  cache.prefetch(sets, false);
  for (std::size_t i = 0; i < sets.size(); ++i) {
    BlameEntry& e = bl.changes[i];
    e.outcome = cache.evaluate(sets[i]);
    if (!e.outcome.fails)
      e.effect = e.outcome.complete ? Effect::Fixes : Effect::Inconclusive;
    else
      e.effect = e.outcome.kind == bl.base.kind ? Effect::SameFailure : Effect::ChangesFailure;
  }
  return bl;
}

}  // namespace dcsim::explorer

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

std::string verdict_label(const Outcome& o) { return o.fails ? std::string(sim::to_string(o.kind)) : "ok"; }

ProfileBisection bisect_profiles(VerdictCache& cache, std::vector<const model::Profile*> range,
                                 const std::map<std::string, std::string>& keep,
                                 const std::optional<RefuteBudget>& refute_with) {
  ProfileBisection pb;
  pb.range = std::move(range);
  pb.kept = keep;
  for (const model::Profile* p : pb.range) {
    model::RuleSet r = profile_rules(*p);
    for (const auto& [rule, value] : keep) r.set(rule, value);
    r.check_r8 = cache.base().rules.check_r8;  // the scenario's invariants, too
    pb.rules.push_back(std::move(r));
  }
  cache.prefetch(pb.rules, false);
  for (const model::RuleSet& r : pb.rules) pb.verdicts.push_back(cache.evaluate(r));
  for (std::size_t i = 1; i < pb.range.size(); ++i) {
    const Outcome &before = pb.verdicts[i - 1], &after = pb.verdicts[i];
    if (verdict_label(before) == verdict_label(after)) continue;
    ProfileStep step;
    step.index = i;
    if (before.fails != after.fails) {
      // The failing neighbour is "bad", whichever way the change goes.
      step.why = after.fails ? bisect_rules(cache, pb.rules[i - 1], pb.rules[i])
                             : bisect_rules(cache, pb.rules[i], pb.rules[i - 1]);
      if (refute_with) {
        const std::size_t good = after.fails ? i - 1 : i;
        step.refutation = refute(cache.setup_with(pb.rules[good]), pb.verdicts[good], *refute_with);
      }
    } else {
      // Both fail, differently: the newer kind is what changed in; count it alone.
      for (sim::Verdict kind : {after.kind, before.kind}) {
        step.counted = kind;
        step.cache = std::make_shared<VerdictCache>(cache.counting(kind));
        const bool newer = kind == after.kind;
        step.why = newer ? bisect_rules(*step.cache, pb.rules[i - 1], pb.rules[i])
                         : bisect_rules(*step.cache, pb.rules[i], pb.rules[i - 1]);
        if (step.why.problem.empty()) break;
      }
    }
    pb.steps.push_back(std::move(step));
  }
  return pb;
}

std::string_view to_string(Effect e) {
  switch (e) {
    case Effect::Fixes: return "fixes";
    case Effect::ChangesFailure: return "changes the failure into another one";
    case Effect::SameFailure: return "same failure";
    case Effect::Inconclusive: return "inconclusive (no failure, but the bounds stopped the search)";
    case Effect::Refuted: return "refuted (no failure within the bound, one past it)";
  }
  return "?";
}

namespace {
Effect effect_of(const Outcome& base, const Outcome& o, const std::optional<Refutation>& refutation) {
  if (o.fails) return o.kind == base.kind ? Effect::SameFailure : Effect::ChangesFailure;
  if (refutation && refutation->refuted) return Effect::Refuted;
  return o.bound.complete || o.bound.sampled ? Effect::Fixes : Effect::Inconclusive;
}

void judge(VerdictCache& cache, const Outcome& base, BlameEntry& e, const model::RuleSet& rules,
           const BlameOptions& options) {
  e.outcome = cache.evaluate(rules);
  if (!e.outcome.fails && options.refute) e.refutation = refute(cache.setup_with(rules), e.outcome, *options.refute);
  e.effect = effect_of(base, e.outcome, e.refutation);
}
}  // namespace

Blame blame(VerdictCache& cache, const model::RuleSet& base, const BlameOptions& options) {
  Blame bl;
  model::RuleSet tracked = base;
  tracked.record_consulted();
  // Runs here, in this thread, so the record sees every rule the model read.
  bl.base = cache.evaluate(tracked);
  const std::set<std::string> read = tracked.consulted();
  std::vector<model::RuleSet> sets;
  std::vector<std::vector<RuleChange>> others;  // per consulted rule: its other values
  for (const model::Rule& r : model::all_rules()) {
    if (!read.count(r.name)) {
      bl.not_consulted.push_back(r.name);
      continue;
    }
    bl.consulted.push_back(r.name);
    others.emplace_back();
    for (const model::RuleValue& v : r.values)
      if (v.name != value_of(base, r)) {
        const RuleChange c{r.name, value_of(base, r), v.name};
        others.back().push_back(c);
        bl.changes.push_back({c, std::nullopt, {}, Effect::SameFailure, std::nullopt});
        model::RuleSet changed = base;
        changed.set(r.name, v.name);
        sets.push_back(changed);
      }
  }
  if (!bl.base.fails) return bl;
  cache.prefetch(sets, false);
  bool fixed = false;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    judge(cache, bl.base, bl.changes[i], sets[i], options);
    fixed = fixed || bl.changes[i].effect == Effect::Fixes;
  }
  if (fixed || !options.pairs) return bl;
  // No single change fixes it: two together may (devfs' F1 and F2).
  bl.pairs_tried = true;
  std::vector<model::RuleSet> pair_sets;
  for (std::size_t a = 0; a < others.size(); ++a)
    for (std::size_t b = a + 1; b < others.size(); ++b)
      for (const RuleChange& ca : others[a])
        for (const RuleChange& cb : others[b]) {
          bl.pairs.push_back({ca, cb, {}, Effect::SameFailure, std::nullopt});
          model::RuleSet changed = base;
          changed.set(ca.rule, ca.to);
          changed.set(cb.rule, cb.to);
          pair_sets.push_back(changed);
        }
  cache.prefetch(pair_sets, false);
  for (std::size_t i = 0; i < pair_sets.size(); ++i) judge(cache, bl.base, bl.pairs[i], pair_sets[i], options);
  return bl;
}

}  // namespace dcsim::explorer

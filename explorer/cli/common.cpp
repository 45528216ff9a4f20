#include "explorer/cli/common.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "explorer/plural.hpp"

namespace dcsim::cli {

void RuleOptions::add_to(CLI::App& app) {
  app.add_option("--profile", profile, "Start from this kernel profile instead of the scenario's");
  app.add_option("--rule", rules, "Override a rule, NAME=VALUE (repeatable); `dcsim rules` lists them");
  app.add_option("--variant", variant, "Use one of the scenario's variants (its profile, rules)");
  app.add_option("--max-steps", max_steps, "Visible steps per execution (default: the scenario's, else 10000)")
      ->check(CLI::PositiveNumber);
}

explorer::Setup RuleOptions::apply(const model::Scenario& s) const {
  explorer::Setup st = explorer::setup_for(s);
  if (variant) {
    const model::Variant* v = nullptr;
    for (const auto& x : s.variants)
      if (x.name == *variant) v = &x;
    if (!v) {
      std::string names;
      for (const auto& x : s.variants) names += (names.empty() ? "" : ", ") + x.name;
      throw UsageError(fmt::format("--variant {}: {} has no such variant; expected one of: {}",
                                   *variant, s.file, names.empty() ? "(none)" : names));
    }
    st = explorer::setup_for_variant(s, *v);
  }
  std::map<std::string, std::string> overrides;
  if (!profile) {
    // Keep the variant's or scenario's own overrides on top of its profile.
    for (const auto& [k, v] : st.rules.values()) overrides[k] = v;
  }
  for (const std::string& r : rules) {
    const auto eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size())
      throw UsageError(fmt::format("--rule {}: expected NAME=VALUE, e.g. devfs.reacquire_i_sem=after_wake", r));
    overrides[r.substr(0, eq)] = r.substr(eq + 1);
  }
  const std::string prof = profile.value_or(st.profile);
  model::RuleSetOrError resolved = model::resolve_rules(prof, overrides);
  if (!resolved.rules) throw UsageError(resolved.error);
  if (auto why = model::era_mismatch(s, resolved.rules->era()))
    throw UsageError(fmt::format("profile {}: {}: expected {}", prof, s.file, *why));
  st.profile = prof;
  const bool check_r8 = st.rules.check_r8;  // the scenario's `invariants`, not a rule
  const bool check_pending_lock = st.rules.check_pending_lock;
  st.rules = *resolved.rules;
  st.rules.check_r8 = check_r8;
  st.rules.check_pending_lock = check_pending_lock;
  if (max_steps) st.max_steps = *max_steps;
  return st;
}

std::string shell_quote(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s)
    if (!(isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-=,+:").find(c) != std::string_view::npos))
      plain = false;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RuleOptions::as_arguments() const {
  std::string out;
  if (variant) out += " --variant " + shell_quote(*variant);
  if (profile) out += " --profile " + shell_quote(*profile);
  for (const auto& r : rules) out += " --rule " + shell_quote(r);
  if (max_steps) out += fmt::format(" --max-steps {}", *max_steps);
  return out;
}

std::string wrap(const std::string& text, std::size_t indent, std::size_t width) {
  std::string out, line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t sp = text.find(' ', pos);
    if (sp == std::string::npos) sp = text.size();
    std::string word = text.substr(pos, sp - pos);
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    pos = sp + 1;
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

namespace {
double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Progress::Progress(bool enabled) : enabled_(enabled), start_(now_seconds()) {}

Progress::~Progress() {
  if (printed_) std::fputs("\n", stderr);
}

double Progress::seconds() const { return now_seconds() - start_; }

std::function<void(std::uint64_t, std::uint64_t)> Progress::callback() {
  if (!enabled_) return {};
  return [this](std::uint64_t executions, std::uint64_t failures) {
    if (executions % 64 != 0) return;
    const double t = seconds();
    if (t - last_ < 0.5) return;
    last_ = t;
    printed_ = true;
    std::string rest;
    if (estimate.fraction > 0 && estimate.runs > 0) {
      // The tree's size from the fraction explored (strategy.hpp), and the
      // time left at the rate so far.
      const double total = static_cast<double>(estimate.runs) / estimate.fraction;
      const double left = (total - static_cast<double>(estimate.runs)) * t / static_cast<double>(estimate.runs);
      rest = fmt::format(", ~{:.0f} executions in the tree{} ({:.1f}% done), ~{:.0f} s left",
                         total, estimate.scope.empty() ? "" : " at " + estimate.scope,
                         100 * estimate.fraction, left);
    }
    fmt::print(stderr, "\rexplored {}, {}, {:.0f} executions/s{}   ", explorer::counted(executions, "execution"),
               explorer::counted(failures, "failure"), executions / t, rest);
    std::fflush(stderr);
  };
}

}  // namespace dcsim::cli

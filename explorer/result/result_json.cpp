#include "explorer/result/result_json.hpp"

#include <fmt/format.h>

#include <limits>
#include <tuple>
#include <vector>

namespace dcsim::explorer {

using Json = nlohmann::ordered_json;

namespace {
// The fields both forms share, in the report's order.
void write_counts(Json& j, const ExploreResult& r) {
  j["executions"] = r.executions;
  j["steps"] = r.steps;
  j["reexecuted"] = r.reexecuted;
  j["blocked"] = r.blocked;
  j["races"] = r.races;
  j["seed"] = r.seed ? Json(*r.seed) : Json(nullptr);
  j["probability_bound"] = r.probability_bound ? Json(*r.probability_bound) : Json(nullptr);
  j["complete"] = r.complete;
  j["stopped_by"] = r.stopped_by.empty() ? Json(nullptr) : Json(r.stopped_by);
  Json v = Json::object();
  for (sim::Verdict k : sim::kAllVerdicts) v[std::string(sim::to_string(k))] = r.verdicts[k];
  j["verdicts"] = v;
  Json examples = Json::object();
  for (sim::Verdict k : sim::kAllVerdicts)
    if (const auto& s = r.example[static_cast<std::size_t>(k)])
      examples[std::string(sim::to_string(k))] = format_schedule(*s);
  j["schedules"] = examples;
}

// A unit's lock-order graph, whole (sim::LockOrderGraph::State), so that
// merged and resumed searches report what one process reports.
Json lock_order_json(const sim::LockOrderGraph& g) {
  const sim::LockOrderGraph::State s = g.state();
  Json edges = Json::array();
  for (const auto& e : s.edges)
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"all_read", e.all_read},
                     {"chain",
                      {{"thread", e.chain.thread},
                       {"held_lock", e.chain.held_lock},
                       {"held_function", e.chain.held_function},
                       {"held_read", e.chain.held_read},
                       {"lock", e.chain.lock},
                       {"function", e.chain.function},
                       {"read", e.chain.read}}}});
  Json j;
  j["executions"] = s.executions;
  j["edges"] = edges;
  j["deadlocked"] = s.deadlocked;
  j["writers"] = s.writers;
  return j;
}
}  // namespace

Json result_json(const ExploreResult& r) {
  Json j;
  j["strategy"] = r.strategy;
  write_counts(j, r);
  return j;
}

Json unit_json(std::size_t unit, const ExploreResult& r) {
  Json j;
  j["unit"] = unit;
  write_counts(j, r);
  if (r.first_failure) {
    const FoundFailure& f = *r.first_failure;
    j["failure"] = {{"kind", sim::to_string(f.failure.kind)},
                    {"message", f.failure.message},
                    {"schedule", format_schedule(f.schedule)},
                    {"preemptions", f.preemptions}};
  } else {
    j["failure"] = nullptr;
  }
  // Only with --lockdep: the units of other searches stay as they were.
  if (r.lock_order) j["lockdep"] = lock_order_json(*r.lock_order);
  return j;
}

namespace {
const Json& field(const Json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key))
    throw UnitJsonError(fmt::format("{}/{}: missing; expected a work unit's field", where, key));
  return j.at(key);
}

std::uint64_t count(const Json& j, const char* key, const std::string& where) {
  const Json& v = field(j, key, where);
  if (!v.is_number_unsigned())
    throw UnitJsonError(fmt::format("{}/{}: expected a non-negative integer", where, key));
  return v.get<std::uint64_t>();
}

std::string text(const Json& j, const char* key, const std::string& where) {
  const Json& v = field(j, key, where);
  if (!v.is_string()) throw UnitJsonError(fmt::format("{}/{}: expected a string", where, key));
  return v.get<std::string>();
}

bool flag(const Json& j, const char* key, const std::string& where) {
  const Json& v = field(j, key, where);
  if (!v.is_boolean()) throw UnitJsonError(fmt::format("{}/{}: expected true or false", where, key));
  return v.get<bool>();
}

const Json& array(const Json& j, const char* key, const std::string& where, const char* of) {
  const Json& v = field(j, key, where);
  if (!v.is_array()) throw UnitJsonError(fmt::format("{}/{}: expected an array of {}", where, key, of));
  return v;
}

std::vector<std::string> texts(const Json& a, const std::string& where) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) throw UnitJsonError(fmt::format("{}/{}: expected a lock class (a string)", where, i));
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

sim::LockOrderGraph lock_order_from_json(const Json& j, const std::string& where) {
  if (!j.is_object())
    throw UnitJsonError(fmt::format("{}: expected null or a lock-order graph (an object)", where));
  sim::LockOrderGraph::State s;
  s.executions = count(j, "executions", where);
  const Json& edges = array(j, "edges", where, "edges");
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const std::string ew = fmt::format("{}/edges/{}", where, i);
    sim::LockOrderGraph::EdgeView e;
    e.from = text(edges[i], "from", ew);
    e.to = text(edges[i], "to", ew);
    e.all_read = flag(edges[i], "all_read", ew);
    const Json& c = field(edges[i], "chain", ew);
    const std::string cw = ew + "/chain";
    e.chain.thread = text(c, "thread", cw);
    e.chain.held_lock = text(c, "held_lock", cw);
    e.chain.held_function = text(c, "held_function", cw);
    e.chain.held_read = flag(c, "held_read", cw);
    e.chain.lock = text(c, "lock", cw);
    e.chain.function = text(c, "function", cw);
    e.chain.read = flag(c, "read", cw);
    if (!s.edges.empty() && std::tie(s.edges.back().from, s.edges.back().to) >= std::tie(e.from, e.to))
      throw UnitJsonError(fmt::format("{}: expected edges sorted by (from, to), each once", ew));
    s.edges.push_back(std::move(e));
  }
  const Json& deadlocked = array(j, "deadlocked", where, "arrays of lock classes");
  for (std::size_t i = 0; i < deadlocked.size(); ++i) {
    const std::string dw = fmt::format("{}/deadlocked/{}", where, i);
    if (!deadlocked[i].is_array()) throw UnitJsonError(fmt::format("{}: expected an array of lock classes", dw));
    s.deadlocked.push_back(texts(deadlocked[i], dw));
  }
  s.writers = texts(array(j, "writers", where, "lock classes"), where + "/writers");
  return sim::LockOrderGraph::restore(s);
}
}  // namespace

std::pair<std::size_t, ExploreResult> unit_from_json(const Json& j, const std::string& where) {
  ExploreResult r;
  const std::size_t unit = count(j, "unit", where);
  r.executions = count(j, "executions", where);
  r.steps = count(j, "steps", where);
  r.reexecuted = count(j, "reexecuted", where);
  r.blocked = count(j, "blocked", where);
  r.races = count(j, "races", where);
  const Json& complete = field(j, "complete", where);
  if (!complete.is_boolean()) throw UnitJsonError(fmt::format("{}/complete: expected true or false", where));
  r.complete = complete.get<bool>();
  if (!field(j, "stopped_by", where).is_null()) r.stopped_by = text(j, "stopped_by", where);
  const Json& v = field(j, "verdicts", where);
  for (sim::Verdict k : sim::kAllVerdicts)
    r.verdicts[k] = count(v, std::string(sim::to_string(k)).c_str(), where + "/verdicts");
  if (!field(j, "seed", where).is_null()) r.seed = count(j, "seed", where);
  const Json& p = field(j, "probability_bound", where);
  if (!p.is_null()) {
    if (!p.is_number()) throw UnitJsonError(fmt::format("{}/probability_bound: expected a number", where));
    r.probability_bound = p.get<double>();
  }
  const Json& examples = field(j, "schedules", where);
  if (!examples.is_object())
    throw UnitJsonError(fmt::format("{}/schedules: expected an object of verdict: schedule", where));
  for (sim::Verdict k : sim::kAllVerdicts) {
    const std::string name(sim::to_string(k));
    if (!examples.contains(name)) continue;
    try {
      r.example[static_cast<std::size_t>(k)] = parse_schedule(text(examples, name.c_str(), where + "/schedules"));
    } catch (const std::invalid_argument& e) {
      throw UnitJsonError(fmt::format("{}/schedules/{}: {}", where, name, e.what()));
    }
  }
  const Json& f = field(j, "failure", where);
  if (!f.is_null()) {
    const std::string fw = where + "/failure";
    FoundFailure ff;
    const std::string kind = text(f, "kind", fw);
    auto k = sim::verdict_from_string(kind);
    if (!k || *k == sim::Verdict::Ok)
      throw UnitJsonError(fmt::format("{}/kind: \"{}\" is not a failure kind", fw, kind));
    ff.failure.kind = *k;
    ff.failure.message = text(f, "message", fw);
    try {
      ff.schedule = parse_schedule(text(f, "schedule", fw));
    } catch (const std::invalid_argument& e) {
      throw UnitJsonError(fmt::format("{}/schedule: {}", fw, e.what()));
    }
    const std::uint64_t preemptions = count(f, "preemptions", fw);
    if (preemptions > std::numeric_limits<unsigned>::max())  // never cut to unsigned
      throw UnitJsonError(fmt::format("{}/preemptions: expected at most {}, found {}", fw,
                                      std::numeric_limits<unsigned>::max(), preemptions));
    ff.preemptions = static_cast<unsigned>(preemptions);
    r.first_failure = std::move(ff);
  }
  if (j.contains("lockdep") && !j.at("lockdep").is_null())
    r.lock_order = lock_order_from_json(j.at("lockdep"), where + "/lockdep");
  return {unit, std::move(r)};
}

}  // namespace dcsim::explorer

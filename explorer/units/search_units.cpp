#include "explorer/units/search_units.hpp"

#include <chrono>
#include <optional>

#include "explorer/report.hpp"
#include "explorer/result/result_json.hpp"
#include "explorer/units/checkpoint.hpp"
#include "explorer/units/signals.hpp"
#include "explorer/units/unit_files.hpp"

namespace dcsim::explorer {

namespace {
// Only when checkpoints are written, never in what a search reports.
double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

nlohmann::ordered_json interrupted_report_json(const SearchPlan& plan, const UnitsOutcome& run,
                                               const std::string& resume) {
  using Json = nlohmann::ordered_json;
  Json j;
  j["dcsim_report"] = 1;
  j["command"] = "explore";
  j["setup"] = setup_json(plan);
  j["interrupted"] = {{"units", run.mine},
                      {"units_done", run.run.results.size()},
                      {"checkpoint", run.checkpoint ? Json(*run.checkpoint) : Json(nullptr)},
                      {"resume", run.checkpoint ? Json(resume) : Json(nullptr)}};
  Json r = result_json(sum_units(run.run.results));
  r["strategy"] = plan.name;  // what ran: bounded POR under a bound, as every report says
  j["result"] = r;
  return j;
}

std::optional<std::string> checkpoint_path(const UnitsOptions& o) { return o.checkpoint ? o.checkpoint : o.resume; }

UnitResults shard_units(const UnitResults& results, const std::optional<Shard>& shard) {
  UnitResults own;
  for (const auto& [k, r] : results)
    if (!shard || shard->has(k)) own.emplace(k, r);
  return own;
}

UnitsOutcome run_search_units(const UnitSearch& search, const UnitsOptions& o) {
  UnitsOutcome out;
  out.units = search.split->size();
  out.checkpoint = checkpoint_path(o);
  if (out.checkpoint) check_checkpoint_target(*out.checkpoint);
  for (std::size_t k = 0; k < out.units; ++k) out.mine += !o.shard || o.shard->has(k);

  UnitPlan plan;
  plan.jobs = search.plan.jobs;
  if (o.shard) plan.mine = [sh = *o.shard](std::size_t k) { return sh.has(k); };
  plan.stop_after_units = o.stop_after_units;
  if (o.resume) plan.known = read_checkpoint(*o.resume, o.key, o.shard, out.units);
  double last_write = now_seconds();
  if (out.checkpoint)
    plan.on_unit = [&](const UnitResults& results) {
      if (o.checkpoint_every > 0 && now_seconds() - last_write < o.checkpoint_every) return;
      last_write = now_seconds();
      try {
        write_checkpoint(*out.checkpoint, o.key, o.shard, results, out.units);
      } catch (const UnitsError& e) {
        if (o.warn) o.warn(e.what());
      }
    };

  // The guard stays up over the last checkpoint: a signal arriving while it
  // is written must not kill the run half way (a requeued shard would find
  // PATH.tmp and no checkpoint).
  int signal = 0;
  std::optional<SignalGuard> guard;
  if (o.signals) plan.interrupt = guard.emplace().flag();
  out.run = run_units(*search.split, search.plan, search.hooks, plan);
  if (out.checkpoint) write_checkpoint(*out.checkpoint, o.key, o.shard, out.run.results, out.units);
  if (guard) signal = guard->signal();
  out.interrupted = out.run.interrupted;
  if (out.interrupted) out.status = interrupted_status(signal);
  return out;
}

}  // namespace dcsim::explorer

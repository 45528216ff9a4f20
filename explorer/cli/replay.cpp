// dcsim replay: one execution, step by step.
#include <fmt/format.h>

#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/cli/visual_options.hpp"
#include "explorer/report.hpp"

namespace dcsim::cli {

namespace {
struct ReplayArgs {
  std::string file;
  std::optional<std::string> schedule;
  RuleOptions rules;
  bool json = false;
  std::string format = "table";
  VisualArgs visual;
};
}  // namespace

Action add_replay(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand(
      "replay", "Run one execution of a scenario and print it step by step, then the verdict");
  cmd->add_option("scenario", args->file, "Scenario JSON file")->required();
  cmd->add_option("--schedule", args->schedule,
                  "Schedule to follow, e.g. 0x13,1x6,2x7,0x2 (default: the scenario's, else run "
                  "each thread until it blocks, lowest number first)");
  args->rules.add_to(*cmd);
  cmd->add_flag("--json", args->json, "Print a JSON report instead of text");
  cmd->add_option("--format", args->format, "Text layout: table (one row per event) or columns (one column per thread)")
      ->check(CLI::IsMember({"table", "columns"}));
  args->visual.add_to(*cmd);
  return [args] {
    model::Scenario s = model::load_scenario_file(args->file);
    explorer::Setup setup = args->rules.apply(s);
    explorer::Schedule schedule;
    std::string source = "default";
    try {
      if (args->schedule) {
        schedule = explorer::parse_schedule(*args->schedule);
        source = "--schedule";
      } else if (s.schedule) {
        schedule = explorer::parse_schedule(*s.schedule);
        source = "scenario";
      }
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("--schedule: {}", e.what()));
    }
    const explorer::SearchPlan plan = explorer::resolve_plan(setup);
    explorer::Replay r = explorer::replay(plan, schedule);
    if (r.schedule_error) throw UsageError(fmt::format("{}: {}", source, *r.schedule_error));
    const sim::Execution& ex = *r.execution;
    const std::string taken = explorer::format_schedule(ex.schedule());
    args->visual.write(plan, ex.schedule(),
                       fmt::format("dcsim replay {}{} --schedule {}", shell_quote(s.file),
                                   args->rules.as_arguments(), taken));
    if (args->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "replay";
      j["setup"] = explorer::setup_json(plan);
      j["threads"] = explorer::threads_json(ex);
      j["schedule"] = taken;
      j["steps"] = ex.step();
      j["trace"] = explorer::trace_json(ex);
      j["verdict"] = sim::to_string(ex.failure().kind);
      j["failure"] = explorer::failure_json(ex);
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim replay: {} ({}){}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant);
      fmt::print("profile {}: {}\n", setup.profile, explorer::describe_rules(setup.rules));
      fmt::print("threads: {}\n", explorer::thread_legend(ex));
      fmt::print("schedule ({}): {}\n\n", source, taken.empty() ? "(none)" : taken);
      fmt::print("{}\n", args->format == "columns" ? explorer::trace_columns(ex) : explorer::trace_table(ex));
      fmt::print("{}", explorer::failure_text(ex));
    }
    return ex.failure().kind == sim::Verdict::Ok ? kOk
           : ex.failure().kind == sim::Verdict::Internal ? kInternal
                                                         : kFailure;
  };
}

}  // namespace dcsim::cli

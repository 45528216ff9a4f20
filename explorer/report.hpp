// Reports built from a replayed execution and an exploration: human text
// (a step table, per-thread columns, a lockdep-style deadlock report) and
// JSON (stable; docs/report-format.md). Nothing here reads a clock.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/result/result_json.hpp"
#include "explorer/session.hpp"

namespace dcsim::explorer {

using Json = nlohmann::ordered_json;

std::string describe_rules(const model::RuleSet& rules);
std::string thread_legend(const sim::Execution& ex);

// One row per trace event: step, thread, kernel function, operation, object, result.
std::string trace_table(const sim::Execution& ex);
// One column per thread, one row per visible step.
std::string trace_columns(const sim::Execution& ex);
// The verdict and, for a failure, what happened, who waits for whom.
std::string failure_text(const sim::Execution& ex);

Json setup_json(const SearchPlan& setup);
Json threads_json(const sim::Execution& ex);
Json trace_json(const sim::Execution& ex);
Json failure_json(const sim::Execution& ex);

}  // namespace dcsim::explorer

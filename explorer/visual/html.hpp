// A self-contained HTML report of one execution (docs/visualizing.md):
// swimlanes per thread drawn from the same Timeline as the Perfetto JSON,
// the failure, a deadlock's wait-for cycle as inline SVG, the rules and the
// replay command. Inline CSS and JS only: it opens from a file with no
// network. No time or generated ids in it, so the same schedule gives the
// same bytes.
#pragma once
#include <string>

#include "explorer/visual/perfetto.hpp"

namespace dcsim::explorer::visual {

std::string html_report(const sim::Execution& ex, const Context& ctx);

// Text for HTML element content and quoted attribute values.
std::string html_escape(const std::string& s);

}  // namespace dcsim::explorer::visual

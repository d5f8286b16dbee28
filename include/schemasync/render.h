// Plan -> text for people and machines: sql (psql-runnable), json, text, markdown (a pull-request
// comment: summary, hazards first, the SQL folded).
#pragma once

#include <string>

#include "schemasync/plan.h"

namespace schemasync {

enum class Format { kSql, kJson, kText, kMarkdown };

// `reverse` marks a plan produced by Plan::Reverse (for headers only). `color`: ANSI colours in
// text's definition diffs (the CLI asks for them on a terminal, never with NO_COLOR set).
std::string Render(const Plan& plan, Format format, bool reverse = false, bool color = false);

}  // namespace schemasync

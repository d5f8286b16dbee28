// PostgreSQL's choice of default names for constraints, indexes and serial sequences.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace schemasync::parse {

// makeObjectName() (commands/indexcmds.c): name1_name2_label, with name1/name2 shortened
// evenly so that the result fits NAMEDATALEN-1 = 63 bytes.
std::string MakeObjectName(const std::string& name1, const std::string& name2, const std::string& label);

// ChooseRelationName()/ChooseConstraintName(): MakeObjectName, then label1, label2, ... until
// the name is not in `taken`. The chosen name is added to `taken`.
std::string ChooseName(const std::string& name1, const std::string& name2, const std::string& label,
                       std::set<std::string>& taken);

// ChooseIndexNameAddition(): column names joined by "_", cut once NAMEDATALEN is reached.
std::string NameAddition(const std::vector<std::string>& columns);

}  // namespace schemasync::parse

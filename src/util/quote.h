// Quoting of identifiers and literals for the SQL schemasync generates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace schemasync {

// Mirrors PostgreSQL's quote_identifier(): bare only for [a-z_][a-z0-9_$]* that is not a
// reserved or type/function-name keyword; otherwise double-quoted with "" doubled.
std::string QuoteIdent(std::string_view ident);

// A role in GRANT/REVOKE/CREATE POLICY: PUBLIC as the keyword, other names as identifiers.
std::string QuoteRole(std::string_view role);

// A standard-conforming string literal: 'it''s'; E'' form when it holds a backslash.
std::string QuoteLiteral(std::string_view text);

// Collapses runs of whitespace to one space and drops trailing ';' and blanks: pg_get_viewdef
// pretty-prints over several lines.
std::string SquashSpace(std::string_view s);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// The parts of a dotted name as QuoteIdent writes them ("s"."a.b" -> s, a.b): dots inside
// double quotes belong to the part, "" is one quote.
std::vector<std::string> SplitQuotedName(std::string_view spelled);

}  // namespace schemasync

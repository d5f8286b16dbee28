// Quoting of identifiers and literals for the SQL schemasync generates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace schemasync {

// Mirrors PostgreSQL's quote_identifier(): bare only for [a-z_][a-z0-9_$]* that is not a
// reserved or type/function-name keyword; otherwise double-quoted with "" doubled.
std::string QuoteIdent(std::string_view ident);

// A standard-conforming string literal: 'it''s'; E'' form when it holds a backslash.
std::string QuoteLiteral(std::string_view text);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace schemasync

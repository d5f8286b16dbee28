// psql meta-commands in desired files: pg_dump writes `\restrict KEY` and `\unrestrict KEY`
// around its output (PostgreSQL 15.14 and later), which psql reads and the server never sees.
#pragma once

#include <cstddef>
#include <string>

namespace schemasync::parse {

// A meta-command line schemasync cannot read past (e.g. \connect): where and what.
struct MetaCommandError {
  size_t offset = std::string::npos;  // npos: none
  std::string message;
};

// Blanks out (with spaces, newlines kept, so every place keeps its line and column) each line
// that psql would read as a meta-command: a backslash first on the line, outside any quoted
// string, quoted identifier, dollar-quoted body or comment, as psql's lexer (psqlscan.l) sees it.
// \restrict and \unrestrict (pg_dump's) carry no schema and are blanked; any other meta-command
// changes what psql does with the rest of the file (\connect, \i, \set, \if), which schemasync
// cannot follow: the first one found is returned as an error, the text left as it was.
MetaCommandError BlankPsqlMetaCommands(std::string& text);

}  // namespace schemasync::parse

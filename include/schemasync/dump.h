// schemasync dump: the live schema written as desired-state SQL files, for adopting an existing
// database (dump, commit, and the first plan is empty).
#pragma once

#include <string>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

struct DumpFile {
  std::string path;  // relative to the output folder: "public/tables.sql"
  std::string text;
};

struct DumpOptions {
  bool single_file = false;  // everything in one "schema.sql"
  // As a person writes it: no constraint name PostgreSQL would choose anyway, no sequence
  // parameter that is CREATE SEQUENCE's default. (The CLI reads the dump back and, should a
  // name come out differently, writes it again with everything spelled out.)
  bool as_written = true;
};

// Writes `live` as the statements that create it on a new database (`fresh`: the desired
// schema of an empty folder, as a new database already has it: schema public), in dependency
// order, each object's comments, privileges, constraints, indexes, triggers and policies right
// after it; one file per schema and kind of object: schemas.sql (each schema, its comment,
// grants and default privileges), extensions.sql, database.sql (event triggers, publications,
// foreign-data wrappers, servers, user mappings, global default privileges), and under a folder
// per schema types.sql, sequences.sql, functions.sql, tables.sql, views.sql. The statements are
// the ones a plan from an empty database would run (plain ones, no online techniques), which
// the desired reader reads back to the same model.
Result<std::vector<DumpFile>> DumpSchema(const Schema& live, const Schema& fresh, const DumpOptions& options = {});

}  // namespace schemasync

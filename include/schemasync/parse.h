// Desired SQL -> model. Every statement either becomes part of the model or is an error naming
// file:line:col; nothing is skipped.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schemasync/model.h"
#include "schemasync/result.h"

namespace schemasync {

// Reads a .sql file, or every *.sql under a folder (recursively, lexical order of paths).
Result<Schema> LoadDesired(const std::string& path);
// The same for a script that sets up a schema and may also fill it (plan --from): statements that
// change only rows (INSERT, UPDATE, DELETE, TRUNCATE) are left out, their places (file:line:col)
// added to `data_skipped`; anything else is read as LoadDesired reads it.
Result<Schema> LoadSchemaScript(const std::string& path, std::vector<std::string>* data_skipped);

// LoadDesired in two halves, for a caller that reads the files on a thread of its own:
// ReadDesired is safe on any thread; the PL/pgSQL bodies it leaves to check fork a child
// process, which is safe only while no other thread of the process works (a lock held by
// another thread at the fork stays held in the child forever). Run them after joining.
class PendingBodyChecks {
 public:
  PendingBodyChecks();
  ~PendingBodyChecks();
  PendingBodyChecks(PendingBodyChecks&&) noexcept;
  PendingBodyChecks& operator=(PendingBodyChecks&&) noexcept;
  Status Run() const;  // the first body PostgreSQL would refuse, with its file:line:col

  struct Impl;
  explicit PendingBodyChecks(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};
struct DesiredRead {
  Schema schema;
  PendingBodyChecks bodies;
};
Result<DesiredRead> ReadDesired(const std::string& path);
// The schema of a read whose PL/pgSQL bodies pass (run them after joining the reading threads).
Result<Schema> Checked(Result<DesiredRead> read);

// ReadDesired shared among threads: every thread that calls Parse() parses files nobody has
// taken yet (libpg_query keeps its state per thread), and the one that calls Build() waits for
// the last file, then builds the model. A caller done with its own work (the catalog read) helps
// instead of waiting. Copies share the same files.
class DesiredFiles {
 public:
  explicit DesiredFiles(std::string path);  // lists the files; a listing error comes from Build
  void Parse();                             // until no file is left to take
  Result<DesiredRead> Build();              // once: after every file is parsed, by anyone

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// Parses SQL text as if it were the file `filename` (used by LoadDesired and tests).
Result<Schema> ParseDesired(std::string_view sql, const std::string& filename);

// Catalog helpers: the same transforms applied to the server's own DDL text, so that both sides
// go through one normalizer.
Result<Constraint> ParseConstraintDef(const QualifiedName& table, const std::string& name,
                                      const std::string& definition);
Result<Index> ParseIndexDef(const std::string& indexdef);
// An index from what pg_get_indexdef prints after "CREATE [UNIQUE] INDEX name ON [ONLY] table "
// (`tail`: "USING btree (a) WHERE ..."), its name and table left for the caller to set (ONLY,
// a partitioned table's, is not part of the model). The same tail on 10,000 tables is parsed once.
Result<Index> ParseIndexTail(bool unique, const std::string& tail);
Result<Function> ParseFunctionDef(const std::string& functiondef);
Result<Trigger> ParseTriggerDef(const std::string& triggerdef);
// pg_get_ruledef text; with `on`, the rule taken as written on that table instead of its own.
Result<Rule> ParseRuleDef(const std::string& ruledef, const QualifiedName* on = nullptr);
Result<Expr> ParseExpression(std::string_view expr);
// Partition key ("RANGE (logdate)", pg_get_partkeydef) and bound ("FOR VALUES FROM (...) TO
// (...)", pg_get_expr(relpartbound)) in the deparser's canonical spelling.
Result<std::string> CanonicalPartitionKey(std::string_view key);

// Returns the server's output spelling of `literal` as a value of `type` (format_type
// spelling), or nullopt when it cannot tell.
using LiteralSpeller = std::function<std::optional<std::string>(const std::string& literal, const std::string& type)>;

// The key of `e` with its typed literals ('1 hour'::interval; and the expression itself, taken
// as of `bare_type`, when it is a bare literal) in the type's output spelling, as the catalog
// stores them ('01:00:00'); e.key when nothing changes.
Result<std::string> RespellLiterals(const Expr& e, const std::string& bare_type, const LiteralSpeller& spell);
Result<std::string> CanonicalPartitionBound(std::string_view bound);

}  // namespace schemasync

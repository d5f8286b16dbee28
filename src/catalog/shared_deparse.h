// Server-side deparsing done once per distinct definition rather than once per object.
//
// pg_get_constraintdef, pg_get_indexdef and pg_get_expr(expr, table) print column references by
// name, so each call opens the table and, the first time in a session, builds its relation cache
// entry (ruleutils.c: deparse_context_for -> set_relation_column_names -> relation_open), and
// looks the object up in the system caches. At 10,000 tables that was most of the server's time
// for the whole introspection, though the same CHECK, policy or index is written on every table.
//
// What such a call prints depends only on the stored node tree (pg_node_tree: every operator,
// function, type and collation by OID) and on the names, types and collations of the table's
// columns; the `:location` fields in the tree are offsets into the statement that created the
// object and are never printed. So objects whose trees are equal, on tables whose columns are
// the same, print the same text: the server deparses one of them
// (the lowest id) and the others share its text. Two things print the table's own name and are
// never shared: a whole-row reference (`:varattno 0`) and a subquery (SubLink), whose column
// references to the outer table are qualified with it.
// The trees are compared with their `:location`s: equal when the same text made them at the
// same offset (one CHECK written the same way on many tables). Removing them first would share
// more, but regexp_replace over 30,000 constraint trees took 0.54 s where reading them took 0.08.
// (Grouping the trees by a hash instead of sorting them was tried: the joins that then compare
// each tree with its representative's cost what the sort had.)
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace schemasync {

// CTEs to append after the scope CTE (which opens with WITH): `tcols` (attrelid, cols), each
// table's columns as the deparser sees them, as a number per distinct list: `keys` pairs a
// table's oid with that number (the client makes them from the columns it has just read: the
// server aggregating pg_attribute again was a quarter of the statement at 10,000 tables). A
// relation without a number (a materialized view, a foreign table) shares nothing.
std::string TableColumnsCte(const std::vector<std::pair<std::string, int>>& keys);

// CTEs named `<name>_k` and `<name>`, `<name>` holding (id, def). `source` is a SELECT of
// (id, tree text, rel, extra) where tree text is the pg_node_tree(s) cast to text, rel the table
// the tree is read against (its columns join the key) and extra whatever else the printed text
// depends on. `deparse` prints the representative `s` (column id: the lowest id of its shape).
std::string SharedDeparseCte(const std::string& name, const std::string& source, const std::string& deparse);

}  // namespace schemasync

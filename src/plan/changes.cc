// What a plan changes, object by object, with old and new values (see plan.h: Change).
#include <dtl/dtl.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "diff/differ.h"
#include "schemasync/plan.h"
#include "util/quote.h"

namespace schemasync {
namespace {

// One attribute of an object as a person reads it (`shown`) and as it compares (`key`: the
// normalized spelling, so that `now()` written and `now()` printed by the server are equal).
struct Attr {
  std::string name, shown, key;
};
using Attrs = std::vector<Attr>;

void Add(Attrs& a, std::string name, std::string shown, std::string key) {
  a.push_back({std::move(name), std::move(shown), std::move(key)});
}
void Add(Attrs& a, std::string name, const std::string& value) { Add(a, std::move(name), value, value); }
void Add(Attrs& a, std::string name, const Expr& e) { Add(a, std::move(name), e.text, e.key); }
void Add(Attrs& a, const std::optional<std::string>& comment) { Add(a, "comment", comment ? *comment : ""); }
std::string YesNo(bool b) { return b ? "yes" : "no"; }
// pg_trigger.tgenabled / pg_rewrite.ev_enabled as ALTER TABLE ... ENABLE / DISABLE says it.
std::string Fires(char enabled) {
  switch (enabled) {
    case 'D': return "disabled";
    case 'R': return "on replicas only (ENABLE REPLICA)";
    case 'A': return "always (ENABLE ALWAYS)";
    default: return "enabled";
  }
}

// "privileges of ROLE": what each grantee holds beyond the owner.
void AddGrants(Attrs& a, const Grants& g) {
  for (const auto& [grantee, privs] : g) {
    Add(a, "privileges of " + grantee, Join(std::vector<std::string>(privs.begin(), privs.end()), ", "));
  }
}

const Table* TableOf(const Schema& s, const ObjectRef& r) {
  auto it = s.tables.find(QualifiedName{r.schema, r.name});
  return it == s.tables.end() ? nullptr : &it->second;
}

// The attributes of the object `r` names on one side, or nothing when that side lacks it.
std::optional<Attrs> AttributesOf(const Schema& s, const ObjectRef& r) {
  Attrs a;
  const QualifiedName name{r.schema, r.name};
  switch (r.kind) {
    case ObjectKind::kSchema: {
      if (r.name != "public" && !s.schemas.count(r.name)) return std::nullopt;
      auto c = s.schema_comments.find(r.name);
      Add(a, c == s.schema_comments.end() ? std::optional<std::string>() : std::optional<std::string>(c->second));
      if (auto g = s.schema_grants.find(r.name); g != s.schema_grants.end()) AddGrants(a, g->second);
      return a;
    }
    case ObjectKind::kTable: {
      const Table* t = TableOf(s, r);
      if (!t) return std::nullopt;
      Add(a, "unlogged", YesNo(t->unlogged));
      Add(a, "row level security", t->rls_enabled ? (t->rls_forced ? "enabled, forced" : "enabled") : "disabled");
      std::vector<std::string> options = t->options;
      std::sort(options.begin(), options.end());
      Add(a, "storage parameters", Join(options, ", "));
      Add(a, "replica identity", std::string(1, t->replica_identity) + (t->replica_index.empty() ? "" : " " + t->replica_index));
      Add(a, t->comment);
      if (auto g = s.grants.find(name); g != s.grants.end()) AddGrants(a, g->second);
      return a;
    }
    case ObjectKind::kColumn: {
      const Table* t = TableOf(s, r);
      const Column* c = t ? t->FindColumn(r.sub) : nullptr;
      if (!c) return std::nullopt;
      Add(a, "type", c->type + (c->collation.empty() ? "" : " COLLATE " + c->collation));
      Add(a, "default", c->default_expr);
      Add(a, "not null", YesNo(c->not_null));
      Add(a, "generated", c->generated);
      Add(a, "identity", c->identity == 'a' ? "ALWAYS" : c->identity == 'd' ? "BY DEFAULT" : "");
      Add(a, c->comment);
      return a;
    }
    case ObjectKind::kConstraint: {
      const Table* t = TableOf(s, r);
      auto c = t ? t->constraints.find(r.sub) : decltype(t->constraints.end()){};
      if (!t || c == t->constraints.end()) return std::nullopt;
      Add(a, "definition", c->second.Definition(), c->second.Definition(true));
      Add(a, "validated", YesNo(c->second.validated));
      auto cm = t->constraint_comments.find(r.sub);
      Add(a, cm == t->constraint_comments.end() ? std::optional<std::string>() : std::optional<std::string>(cm->second));
      return a;
    }
    case ObjectKind::kIndex: {
      auto ix = s.indexes.find(QualifiedName{r.schema, r.sub});
      if (ix == s.indexes.end()) return std::nullopt;
      Add(a, "definition", ix->second.CreateSql(), ix->second.CreateSql(false, true));
      std::vector<std::string> options = ix->second.options;
      std::sort(options.begin(), options.end());
      Add(a, "storage parameters", Join(options, ", "));
      Add(a, ix->second.comment);
      return a;
    }
    case ObjectKind::kPolicy: {
      const Table* t = TableOf(s, r);
      auto p = t ? t->policies.find(r.sub) : decltype(t->policies.end()){};
      if (!t || p == t->policies.end()) return std::nullopt;
      const Policy& pol = p->second;
      Add(a, "as", pol.permissive ? "PERMISSIVE" : "RESTRICTIVE");
      Add(a, "for", pol.command);
      Add(a, "to", Join(pol.roles, ", "));
      Add(a, "using", pol.using_expr);
      Add(a, "with check", pol.check_expr);
      auto cm = t->policy_comments.find(r.sub);
      Add(a, cm == t->policy_comments.end() ? std::optional<std::string>() : std::optional<std::string>(cm->second));
      return a;
    }
    case ObjectKind::kTrigger: {
      auto tr = s.triggers.find({name, r.sub});
      if (tr == s.triggers.end()) return std::nullopt;
      Add(a, "definition", tr->second.create_sql, tr->second.key);
      Add(a, "fires", Fires(tr->second.enabled));
      Add(a, tr->second.comment);
      return a;
    }
    case ObjectKind::kView: {
      auto v = s.views.find(name);
      if (v == s.views.end()) return std::nullopt;
      Add(a, "query", v->second.query, SquashSpace(v->second.query));
      std::vector<std::string> options = v->second.options;
      std::sort(options.begin(), options.end());
      Add(a, "options", Join(options, ", "));
      Add(a, v->second.comment);
      if (auto g = s.grants.find(name); g != s.grants.end()) AddGrants(a, g->second);
      return a;
    }
    case ObjectKind::kSequence: {
      auto q = s.sequences.find(name);
      if (q == s.sequences.end()) return std::nullopt;
      Add(a, "parameters", diff::SequenceParams(q->second));
      Add(a, "owned by", q->second.owned_by);
      Add(a, q->second.comment);
      if (auto g = s.grants.find(name); g != s.grants.end()) AddGrants(a, g->second);
      return a;
    }
    case ObjectKind::kFunction: {
      auto f = s.functions.find(QualifiedName{r.schema, r.name + "(" + r.sub + ")"});
      if (f == s.functions.end()) return std::nullopt;
      Add(a, "definition", f->second.create_sql, f->second.key);
      Add(a, f->second.comment);
      AddGrants(a, f->second.grants);
      return a;
    }
    case ObjectKind::kType: {
      if (auto e = s.enums.find(name); e != s.enums.end()) {
        Add(a, "values", Join(e->second.values, ", "));
        Add(a, e->second.comment);
        AddGrants(a, e->second.grants);
        return a;
      }
      if (auto d = s.domains.find(name); d != s.domains.end()) {
        Add(a, "base type", d->second.base_type + (d->second.collation.empty() ? "" : " COLLATE " + d->second.collation));
        Add(a, "default", d->second.default_expr);
        Add(a, "not null", YesNo(d->second.not_null));
        for (const auto& [cn, c] : d->second.checks) Add(a, "check " + cn, c.Definition(), c.Definition(true));
        Add(a, d->second.comment);
        AddGrants(a, d->second.grants);
        return a;
      }
      if (auto c = s.composites.find(name); c != s.composites.end()) {
        for (const auto& at : c->second.attributes) {
          Add(a, "attribute " + at.name, at.type + (at.collation.empty() ? "" : " COLLATE " + at.collation));
        }
        Add(a, c->second.comment);
        AddGrants(a, c->second.grants);
        return a;
      }
      if (s.ranges.count(name)) return a;
      return std::nullopt;
    }
    case ObjectKind::kExtension: {
      auto e = s.extensions.find(r.name);
      if (e == s.extensions.end()) return std::nullopt;
      // Versions and schemas the desired SQL leaves to PostgreSQL are not compared (empty there).
      return a;
    }
    default:
      return std::nullopt;  // described by its steps alone
  }
}

// A routine's body: the text inside its first dollar quote ($$ ... $$, $function$ ...
// $function$, as pg_get_functiondef writes it), or nothing when it has none.
std::optional<std::string> DollarBody(const std::string& sql) {
  for (size_t open = sql.find('$'); open != std::string::npos; open = sql.find('$', open + 1)) {
    size_t end = sql.find('$', open + 1);
    if (end == std::string::npos) return std::nullopt;
    const std::string tag = sql.substr(open, end - open + 1);
    bool word = std::all_of(tag.begin() + 1, tag.end() - 1, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!word) continue;
    size_t close = sql.find(tag, end + 1);
    if (close == std::string::npos) return std::nullopt;
    std::string body = sql.substr(end + 1, close - end - 1);
    // Where the quote opens and closes is layout (a line break after $$ or not).
    while (!body.empty() && (body.front() == '\n' || body.front() == '\r')) body.erase(0, 1);
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
    return body;
  }
  return std::nullopt;
}

// A changed routine shows what a reviewer reads: its body, when that is what changed (the live
// side's text is pg_get_functiondef's layout, the desired side's as written: their headers
// differ in spelling alone).
void BodiesOfRoutines(const ObjectRef& target, std::vector<AttributeChange>& attributes) {
  if (target.kind != ObjectKind::kFunction) return;
  for (auto& a : attributes) {
    if (a.name != "definition") continue;
    auto before = DollarBody(a.old_value), after = DollarBody(a.new_value);
    if (!before || !after || *before == *after) continue;
    a.name = "body";
    a.old_value = *before + "\n";
    a.new_value = *after + "\n";
  }
}

}  // namespace

std::vector<std::string> UnifiedDiff(const std::string& old_text, const std::string& new_text) {
  auto lines = [](const std::string& t) {
    std::vector<std::string> out;
    std::istringstream in(t);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  };
  std::vector<std::string> a = lines(old_text), b = lines(new_text);
  dtl::Diff<std::string> d(a, b);
  d.onHuge();
  d.compose();
  d.composeUnifiedHunks();
  std::ostringstream os;
  d.printUnifiedFormat(os);
  return lines(os.str());
}

std::vector<Change> DescribeChanges(const std::vector<Step>& steps, const Schema& live, const Schema& desired) {
  std::vector<Change> out;
  std::map<std::string, size_t> seen;  // object -> index in out
  for (const auto& s : steps) {
    auto [it, added] = seen.try_emplace(s.object, out.size());
    if (!added) {
      out[it->second].steps.push_back(s.kind);
      continue;
    }
    Change c;
    c.object = s.object;
    c.steps.push_back(s.kind);
    std::optional<Attrs> before = AttributesOf(live, s.target), after = AttributesOf(desired, s.target);
    if (before && !after) {
      c.kind = "drop";
    } else if (after && !before) {
      c.kind = "create";
    } else {
      c.kind = "alter";
    }
    if (before && after) {
      // Attributes in the desired side's order, then those only the live side has.
      std::map<std::string, const Attr*> old_by_name;
      for (const auto& at : *before) old_by_name[at.name] = &at;
      for (const auto& at : *after) {
        auto o = old_by_name.find(at.name);
        const Attr* was = o == old_by_name.end() ? nullptr : o->second;
        if (was) old_by_name.erase(o);
        if (was && was->key == at.key) continue;
        if (!was && at.key.empty()) continue;
        c.attributes.push_back({at.name, was ? was->shown : "", at.shown});
      }
      for (const auto& at : *before) {
        if (old_by_name.count(at.name) && !at.key.empty()) c.attributes.push_back({at.name, at.shown, ""});
      }
      BodiesOfRoutines(s.target, c.attributes);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Change> ReverseChanges(const std::vector<Change>& changes) {
  std::vector<Change> out = changes;
  for (auto& c : out) {
    c.kind = c.kind == "create" ? "drop" : c.kind == "drop" ? "create" : c.kind;
    for (auto& a : c.attributes) std::swap(a.old_value, a.new_value);
    for (auto& k : c.steps) k = "revert_" + k;
  }
  return out;
}

}  // namespace schemasync

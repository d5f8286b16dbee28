// The schema fingerprint (see model.h): one canonical line per compared fact, hashed.
#include <algorithm>

#include "schemasync/model.h"
#include "util/quote.h"
#include "util/sha256.h"

namespace schemasync {
namespace {

std::string Opt(const std::optional<std::string>& s) { return s ? QuoteLiteral(*s) : "-"; }

// An identity column's sequence parameters (none for other columns).
std::string IdentityLine(const Column& c) {
  if (!c.identity) return "";
  const Sequence& q = c.identity_sequence;
  return " (" + std::to_string(q.increment) + " " + std::to_string(q.min) + " " + std::to_string(q.max) + " " +
         std::to_string(q.start) + " " + std::to_string(q.cache) + (q.cycle ? " cycle" : "") + ")";
}

}  // namespace

std::set<QualifiedName> UnverifiedViews(const Schema& desired) {
  std::set<QualifiedName> out;
  for (const auto& [n, v] : desired.views) {
    if (!v.canonical) out.insert(n);
  }
  // A rule the server could not compile yet (its table is new) has no comparable body either:
  // its table's name stands for it (tables and views share one name space).
  for (const auto& [k, r] : desired.rules) {
    if (!r.canonical) out.insert(k.first);
  }
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string Fingerprint(const Schema& s, const std::set<QualifiedName>& unverified) {
  std::vector<std::string> lines;
  auto add = [&](std::string line) { lines.push_back(std::move(line)); };
  for (const auto& [n, _] : s.schemas) {
    auto c = s.schema_comments.find(n);
    add("schema " + QuoteIdent(n) + " comment " + (c == s.schema_comments.end() ? "-" : QuoteLiteral(c->second)));
  }
  // Extension versions and schemas are left to PostgreSQL when the desired SQL omits them.
  for (const auto& [n, _] : s.extensions) add("extension " + QuoteIdent(n));
  for (const auto& [n, e] : s.enums) add("enum " + n.Sql() + " " + Join(e.values, "\x1f") + " comment " + Opt(e.comment));
  for (const auto& [n, c] : s.composites) {
    std::string attrs;
    for (const auto& a : c.attributes) attrs += "\x1f" + a.name + " " + a.type + " " + a.collation;
    add("composite " + n.Sql() + attrs + " comment " + Opt(c.comment));
  }
  for (const auto& [n, r] : s.ranges) {
    add("range " + n.Sql() + " " + r.subtype + " opclass " + r.opclass + " collate " + r.collation + " canonical " +
        r.canonical + " diff " + r.subtype_diff + " multirange " + r.multirange.Sql() + " comment " + Opt(r.comment));
  }
  for (const auto& [n, d] : s.domains) {
    std::string checks;
    for (const auto& [cn, c] : d.checks) checks += "\x1f" + cn + "=" + c.Definition(true);
    add("domain " + n.Sql() + " " + d.base_type + " " + d.collation + " " + d.default_expr.key + " " +
        (d.not_null ? "t" : "f") + checks + " comment " + Opt(d.comment));
  }
  for (const auto& [n, c] : s.collations) {
    add("collation " + n.Sql() + " " + c.provider + " " + c.lc_collate + " " + c.lc_ctype + " " + c.icu_locale +
        (c.deterministic ? "" : " nondeterministic"));
  }
  for (const auto& [n, q] : s.sequences) {
    add("sequence " + n.Sql() + " " + q.type + " " + std::to_string(q.increment) + " " + std::to_string(q.min) + " " +
        std::to_string(q.max) + " " + std::to_string(q.start) + " " + std::to_string(q.cache) + " " +
        (q.cycle ? "cycle" : "") + " owned " + q.owned_by + " comment " + Opt(q.comment));
  }
  for (const auto& [n, t] : s.tables) {
    add("table " + n.Sql() + (t.unlogged ? " unlogged" : "") + (t.rls_enabled ? " rls" : "") +
        (t.rls_forced ? " force" : "") + " comment " + Opt(t.comment) + " partition by " + t.partition_by +
        " of " + (t.IsPartition() ? t.partition_of.Sql() + " " + t.partition_bound : "") + " replica identity " +
        t.replica_identity + QuoteIdent(t.replica_index) + " with " + Join(Sorted(t.options), ","));
    for (const auto& p : t.inherits) add("inherits " + n.Sql() + " " + p.Sql());
    for (const auto& [child, parent] : t.attached_indexes) add("attached " + n.Sql() + " " + QuoteIdent(child) + " to " + parent.Sql());
    for (const auto& c : t.columns) {
      // As the differ: a partition's columns are its parent's, inherited ones the parent's too.
      if (t.IsPartition() || c.inherited) continue;
      add("column " + n.Sql() + "." + QuoteIdent(c.name) + " " + c.type + " collate " + c.collation +
          (c.not_null ? " not null" : "") + " default " + c.default_expr.key + " identity " +
          (c.identity ? std::string(1, c.identity) : "") + IdentityLine(c) + " generated " + c.generated.key + " comment " +
          Opt(c.comment));
    }
    for (const auto& [cn, c] : t.constraints) add("constraint " + n.Sql() + "." + QuoteIdent(cn) + " " + c.Definition(true));
    for (const auto& [cn, text] : t.constraint_comments) add("constraint comment " + n.Sql() + "." + QuoteIdent(cn) + " " + QuoteLiteral(text));
    for (const auto& [pn, text] : t.policy_comments) add("policy comment " + n.Sql() + "." + QuoteIdent(pn) + " " + QuoteLiteral(text));
    for (const auto& [pn, p] : t.policies) {
      add("policy " + n.Sql() + "." + QuoteIdent(pn) + (p.permissive ? " permissive " : " restrictive ") + p.command +
          " to " + Join(p.roles, ",") + " using " + p.using_expr.key + " check " + p.check_expr.key);
    }
  }
  for (const auto& [n, ix] : s.indexes) add("index " + ix.CreateSql(false, true) + " comment " + Opt(ix.comment));
  for (const auto& [n, v] : s.views) {
    // Not whether a materialized view is populated: its rows are data (Differ::DiffViewState).
    bool body = v.canonical && !unverified.count(n);
    add(std::string(v.materialized ? "matview " : "view ") + n.Sql() + " comment " + Opt(v.comment) + " with " +
        Join(Sorted(v.options), ",") + (body ? " " + SquashSpace(v.query) : ""));
    for (const auto& [c, text] : v.column_comments) add("view column comment " + n.Sql() + "." + QuoteIdent(c) + " " + text);
  }
  for (const auto& [n, f] : s.functions) add("function " + n.Display() + " comment " + Opt(f.comment) + " " + f.key);
  for (const auto& [n, a] : s.aggregates) {
    add("aggregate " + a.name.Sql() + "(" + a.ArgsSql(true) + ") (" + a.OptionsSql() + ") comment " + Opt(a.comment));
    for (const auto& [grantee, privs] : a.grants) {
      if (grantee == s.current_role) continue;
      for (const auto& p : privs) add("grant aggregate " + n.Display() + " " + grantee + " " + p);
    }
  }
  for (const auto& [k, t] : s.triggers) {
    add("trigger " + k.first.Sql() + "." + QuoteIdent(k.second) + " " + t.key + " enabled " + t.enabled + " comment " + Opt(t.comment));
  }
  for (const auto& [k, r] : s.rules) {
    bool body = r.canonical && !unverified.count(k.first);
    add("rule " + k.first.Sql() + "." + QuoteIdent(k.second) + " " + (body ? r.key : "") + " enabled " + r.enabled + " comment " + Opt(r.comment));
  }
  for (const auto& [n, e] : s.event_triggers) {
    const std::set<std::string> tags = e.TagSet();
    add("event trigger " + QuoteIdent(n) + " on " + e.event + " tags " + Join({tags.begin(), tags.end()}, ",") + " execute " + e.function.Sql() +
        " enabled " + e.enabled + " comment " + Opt(e.comment));
  }
  for (const auto& [n, p] : s.publications) {
    add("publication " + QuoteIdent(n) + (p.all_tables ? " all tables" : "") + " publish " + p.PublishList() +
        (p.via_root ? " via root" : "") + " comment " + Opt(p.comment));
    for (const auto& [t, m] : p.tables) {
      add("publication table " + QuoteIdent(n) + " " + t.Sql() + " (" + Join(Sorted(m.columns), ",") + ") where " + m.where.key);
    }
    for (const auto& sc : p.schemas) add("publication schema " + QuoteIdent(n) + " " + QuoteIdent(sc));
  }
  // Foreign data: user mappings hold only options that are not secret (IsSecretOption).
  auto options = [](const FdwOptions& o) {
    std::string out;
    for (const auto& [k, v] : o) out += "\x1f" + QuoteIdent(k) + "=" + QuoteLiteral(v);
    return out;
  };
  for (const auto& [n, w] : s.foreign_data_wrappers) {
    // Functions by name alone: the desired SQL may leave their schema to search_path.
    add("fdw " + QuoteIdent(n) + " handler " + QuoteIdent(w.handler.name) + " validator " + QuoteIdent(w.validator.name) + options(w.options) +
        " comment " + Opt(w.comment));
  }
  for (const auto& [n, v] : s.foreign_servers) {
    add("server " + QuoteIdent(n) + " fdw " + QuoteIdent(v.wrapper) + " type " + Opt(v.type) + " version " + Opt(v.version) +
        options(v.options) + " comment " + Opt(v.comment));
  }
  for (const auto& [k, m] : s.user_mappings) add("user mapping " + QuoteIdent(k.first) + " " + QuoteIdent(k.second) + options(m.options));
  for (const auto& [n, t] : s.foreign_tables) {
    std::string cols;
    for (const auto& c : t.columns) {
      auto o = t.column_options.find(c.name);
      cols += "\x1f" + QuoteIdent(c.name) + " " + c.type + " collate " + c.collation + (c.not_null ? " not null" : "") +
              " default " + c.default_expr.key + " comment " + Opt(c.comment) + (o == t.column_options.end() ? "" : options(o->second));
    }
    std::string checks;
    for (const auto& [cn, c] : t.checks) checks += "\x1f" + QuoteIdent(cn) + "=" + c.Definition(true);
    add("foreign table " + n.Sql() + " server " + QuoteIdent(t.server) + options(t.options) + " comment " + Opt(t.comment) +
        " columns" + cols + " checks" + checks);
  }
  for (const auto& [n, g] : s.schema_grants) {
    for (const auto& [grantee, privs] : g) {
      if (grantee == s.current_role) continue;
      for (const auto& p : privs) add("grant schema " + QuoteIdent(n) + " " + grantee + " " + p);
    }
  }
  for (const auto& [n, f] : s.functions) {
    for (const auto& [grantee, privs] : f.grants) {
      if (grantee == s.current_role) continue;
      for (const auto& p : privs) add("grant function " + n.Display() + " " + grantee + " " + p);
    }
  }
  auto type_grants = [&](const QualifiedName& n, const Grants& g) {
    for (const auto& [grantee, privs] : g) {
      if (grantee == s.current_role) continue;
      for (const auto& p : privs) add("grant type " + n.Sql() + " " + grantee + " " + p);
    }
  };
  for (const auto& [n, e] : s.enums) type_grants(n, e.grants);
  for (const auto& [n, d] : s.domains) type_grants(n, d.grants);
  for (const auto& [n, c] : s.composites) type_grants(n, c.grants);
  for (const auto& [n, r] : s.ranges) type_grants(n, r.grants);
  // pg_default_acl as stored: the role's own entry counts (a global entry holds it).
  for (const auto& [k, g] : s.default_acls) {
    std::string entry = "default acl " + QuoteIdent(k.role) + " " + QuoteIdent(k.schema) + " " + k.objtype;
    add(entry);
    for (const auto& [grantee, privs] : g) {
      for (const auto& p : privs) add(entry + " " + grantee + " " + p);
    }
  }
  for (const auto& [rel, g] : s.grants) {
    for (const auto& [grantee, privs] : g) {
      if (grantee == s.current_role) continue;  // set by whoever compares; see Differ::DiffGrants
      for (const auto& p : privs) add("grant " + rel.Sql() + " " + grantee + " " + p);
    }
  }
  std::sort(lines.begin(), lines.end());
  Sha256 h;  // the lines joined by "\n", hashed as they come
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) h.Update("\n");
    h.Update(lines[i]);
  }
  return h.HexDigest();
}

}  // namespace schemasync

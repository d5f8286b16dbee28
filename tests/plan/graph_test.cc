// The planner's graph on small hand-built steps: edges, order, tie-break, cycles, reverse.
#include "plan/graph.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace schemasync::plan {
namespace {

ObjectRef Table(const std::string& n) { return ObjectRef::Of(ObjectKind::kTable, "public", n); }
ObjectRef View(const std::string& n) { return ObjectRef::Of(ObjectKind::kView, "public", n); }
ObjectRef Type(const std::string& n) { return ObjectRef::Of(ObjectKind::kType, "public", n); }
ObjectRef Column(const std::string& t, const std::string& c) { return ObjectRef::Of(ObjectKind::kColumn, "public", t, c); }
ObjectRef Function(const std::string& n, const std::string& args) {
  return ObjectRef::Of(ObjectKind::kFunction, "public", n, args);
}

Step Make(Action a, ObjectRef target, const std::string& kind) {
  Step s;
  s.action = a;
  s.target = std::move(target);
  s.kind = kind;
  s.object = s.target.Display();
  s.sql = kind + ";";
  s.reverse_sql = "undo " + kind + ";";
  return s;
}

std::vector<std::string> Kinds(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.kind);
  return out;
}

std::vector<std::string> Ordered(std::vector<Step> steps) {
  auto r = OrderSteps(std::move(steps));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? Kinds(*r) : std::vector<std::string>{};
}

TEST(GraphTest, CreationsFollowWhatTheyNeedWhateverTheEmissionOrder) {
  // A function returning SETOF a table written before the table; a view calling the function.
  Step view = Make(Action::kCreate, View("v"), "create_view");
  view.needs = {ObjectRef::Of(ObjectKind::kFunction, "public", "f")};  // any overload
  Step fn = Make(Action::kCreate, Function("f", ""), "create_function");
  fn.needs = {Type("users")};  // met by CREATE TABLE users: one name space
  Step table = Make(Action::kCreate, Table("users"), "create_table");
  Step schema = Make(Action::kCreate, ObjectRef::Schema("public"), "create_schema");
  EXPECT_EQ(Ordered({view, fn, table, schema}),
            (std::vector<std::string>{"create_schema", "create_table", "create_function", "create_view"}));
}

TEST(GraphTest, DropsComeBeforeWhatTheyReleaseIsDropped) {
  Step drop_type = Make(Action::kDrop, Type("mood"), "drop_type");
  Step drop_fn = Make(Action::kDrop, Function("f", "integer"), "drop_function");
  drop_fn.releases = {Type("mood")};
  Step drop_view = Make(Action::kDrop, View("v"), "drop_view");
  drop_view.releases = {ObjectRef::Of(ObjectKind::kFunction, "public", "f")};
  EXPECT_EQ(Ordered({drop_type, drop_fn, drop_view}),
            (std::vector<std::string>{"drop_view", "drop_function", "drop_type"}));
}

TEST(GraphTest, AReplacementDropsFirstAndDependentsGoAroundIt) {
  // A function replaced (new result type) under a view: the view goes first, comes back last.
  Step drop_fn = Make(Action::kDrop, Function("f", ""), "drop_function");
  Step create_fn = Make(Action::kCreate, Function("f", ""), "create_function");
  Step drop_view = Make(Action::kDrop, View("v"), "drop_view");
  drop_view.releases = {ObjectRef::Of(ObjectKind::kFunction, "public", "f")};
  Step create_view = Make(Action::kCreate, View("v"), "create_view");
  create_view.needs = {ObjectRef::Of(ObjectKind::kFunction, "public", "f")};
  EXPECT_EQ(Ordered({drop_fn, create_fn, drop_view, create_view}),
            (std::vector<std::string>{"drop_view", "drop_function", "create_function", "create_view"}));
}

TEST(GraphTest, DependentsGoAroundADisplacingStep) {
  Step alter = Make(Action::kAlter, Column("t", "a"), "alter_column_type");
  alter.displaces = true;
  Step create_view = Make(Action::kCreate, View("v"), "create_view");
  create_view.needs = {Table("t")};
  Step drop_view = Make(Action::kDrop, View("v"), "drop_view");
  drop_view.releases = {Table("t")};
  EXPECT_EQ(Ordered({create_view, alter, drop_view}),
            (std::vector<std::string>{"drop_view", "alter_column_type", "create_view"}));
}

TEST(GraphTest, AlterationsOfOneObjectKeepTheDifferOrder) {
  Step drop_default = Make(Action::kAlter, Column("t", "a"), "drop_default");
  Step retype = Make(Action::kAlter, Column("t", "a"), "alter_column_type");
  retype.displaces = true;
  Step set_default = Make(Action::kAlter, Column("t", "a"), "set_default");
  EXPECT_EQ(Ordered({drop_default, retype, set_default}),
            (std::vector<std::string>{"drop_default", "alter_column_type", "set_default"}));
}

TEST(GraphTest, FinalStateNeedsWaitForAlterations) {
  // A primary key after SET NOT NULL of its column; a plain need does not wait.
  Step pk = Make(Action::kCreate, ObjectRef::Of(ObjectKind::kConstraint, "public", "t", "t_pkey"), "add_constraint");
  pk.needs_final = {Column("t", "id")};
  Step not_null = Make(Action::kAlter, Column("t", "id"), "set_not_null");
  EXPECT_EQ(Ordered({pk, not_null}), (std::vector<std::string>{"set_not_null", "add_constraint"}));
  pk.needs = pk.needs_final;
  pk.needs_final.clear();
  EXPECT_EQ(Ordered({pk, not_null}), (std::vector<std::string>{"add_constraint", "set_not_null"}));
}

TEST(GraphTest, TiesKeepTheEmissionOrderAndTheTransactionStages) {
  Step a = Make(Action::kCreate, Table("a"), "create_a");
  Step b = Make(Action::kCreate, Table("b"), "create_b");
  Step index = Make(Action::kCreate, ObjectRef::Of(ObjectKind::kIndex, "public", "a", "i"), "create_index");
  index.transactional = false;  // after the transaction
  Step value = Make(Action::kAlter, Type("mood"), "add_enum_value");
  value.transactional = false;
  value.before_transaction = true;
  std::vector<Step> steps = {index, a, b, value};
  auto first = Ordered(steps);
  EXPECT_EQ(first, (std::vector<std::string>{"add_enum_value", "create_a", "create_b", "create_index"}));
  for (int k = 0; k < 5; ++k) EXPECT_EQ(Ordered(steps), first);
}

TEST(GraphTest, ACycleIsAnErrorNamingItsSteps) {
  Step f = Make(Action::kCreate, Function("f", ""), "create_function");
  f.needs = {Type("t")};
  Step t = Make(Action::kCreate, Table("t"), "create_table");
  t.needs = {ObjectRef::Of(ObjectKind::kFunction, "public", "f")};
  auto r = OrderSteps({f, t});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cycle"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("create_function function public.f()"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("create_table table public.t"), std::string::npos) << r.error().message;
}

TEST(GraphTest, SoftNeedsOrderWhenTheyCanAndGiveWayToACycle) {
  // A SQL function whose body reads a table, created after it when possible ...
  Step fn = Make(Action::kCreate, Function("next_id", ""), "create_function");
  fn.needs_soft = {Table("counters")};
  Step table = Make(Action::kCreate, Table("counters"), "create_table");
  EXPECT_EQ(Ordered({fn, table}), (std::vector<std::string>{"create_table", "create_function"}));
  // ... and before it when the table's default calls it (PostgreSQL creates the function
  // without checking its body).
  table.needs = {ObjectRef::Of(ObjectKind::kFunction, "public", "next_id")};
  EXPECT_EQ(Ordered({table, fn}), (std::vector<std::string>{"create_function", "create_table"}));
}

TEST(GraphTest, DependsOnPointsBackAndTheReverseInvertsIt) {
  Step schema = Make(Action::kCreate, ObjectRef::Schema("app"), "create_schema");
  Step table = Make(Action::kCreate, ObjectRef::Of(ObjectKind::kTable, "app", "t"), "create_table");
  Step other = Make(Action::kCreate, Table("x"), "create_x");
  auto r = OrderSteps({table, other, schema});
  ASSERT_TRUE(r.ok());
  Plan p;
  p.steps = *r;
  ASSERT_EQ(Kinds(p.steps), (std::vector<std::string>{"create_x", "create_schema", "create_table"}));
  EXPECT_EQ(p.steps[2].depends_on, std::vector<int>{1});
  Plan back = p.Reverse();
  EXPECT_EQ(Kinds(back.steps),
            (std::vector<std::string>{"revert_create_table", "revert_create_schema", "revert_create_x"}));
  EXPECT_EQ(back.steps[0].sql, "undo create_table;");
  EXPECT_EQ(back.steps[1].depends_on, std::vector<int>{0});
}

}  // namespace
}  // namespace schemasync::plan

namespace schemasync {
namespace {

// Step kinds and hazards are enums in the code and today's strings in plan files: every name
// is distinct, lower_snake_case, and not "unknown".
TEST(StepKindTest, NamesAreDistinctAndStable) {
  std::set<std::string> names;
#define SCHEMASYNC_CHECK(e, s)                                          \
  EXPECT_EQ(Name(StepKind::e), s);                                      \
  EXPECT_TRUE(names.insert(std::string(Name(StepKind::e))).second) << s;
  SCHEMASYNC_STEP_KINDS(SCHEMASYNC_CHECK)
#undef SCHEMASYNC_CHECK
  for (const auto& n : names) {
    EXPECT_EQ(n.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << n;
  }
  EXPECT_EQ(Name(StepKind::kCreateTable), "create_table");
  EXPECT_EQ(Name(Hazard::kDataLoss), "data_loss");
  EXPECT_EQ(Name(Hazard::kTableRewrite), "table_rewrite");
}

}  // namespace
}  // namespace schemasync

// The vocabulary of plan steps and hazards: enums in the code, their names (today's strings)
// in plan files, JSON and text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace schemasync {

#define SCHEMASYNC_STEP_KINDS(X) \
  X(kCreateSchema, "create_schema") \
  X(kDropSchema, "drop_schema") \
  X(kCreateExtension, "create_extension") \
  X(kAlterExtension, "alter_extension") \
  X(kDropExtension, "drop_extension") \
  X(kCreateType, "create_type") \
  X(kAddEnumValue, "add_enum_value") \
  X(kRebuildType, "rebuild_type") \
  X(kDropType, "drop_type") \
  X(kAlterDomain, "alter_domain") \
  X(kAlterType, "alter_type") \
  X(kCreateCollation, "create_collation") \
  X(kDropCollation, "drop_collation") \
  X(kComment, "comment") \
  X(kCreateTable, "create_table") \
  X(kDropTable, "drop_table") \
  X(kAddColumn, "add_column") \
  X(kDropColumn, "drop_column") \
  X(kAlterColumnType, "alter_column_type") \
  X(kSetDefault, "set_default") \
  X(kDropDefault, "drop_default") \
  X(kSetNotNull, "set_not_null") \
  X(kDropNotNull, "drop_not_null") \
  X(kAddIdentity, "add_identity") \
  X(kSetIdentity, "set_identity") \
  X(kAlterIdentity, "alter_identity") \
  X(kDropIdentity, "drop_identity") \
  X(kDropExpression, "drop_expression") \
  X(kSetPersistence, "set_persistence") \
  X(kSetStorageParameters, "set_storage_parameters") \
  X(kChangeOwner, "change_owner") \
  X(kSetReplicaIdentity, "set_replica_identity") \
  X(kEnableRls, "enable_rls") \
  X(kDisableRls, "disable_rls") \
  X(kForceRls, "force_rls") \
  X(kNoForceRls, "no_force_rls") \
  X(kAddConstraint, "add_constraint") \
  X(kDropConstraint, "drop_constraint") \
  X(kValidateConstraint, "validate_constraint") \
  X(kDetachPartition, "detach_partition") \
  X(kAttachPartition, "attach_partition") \
  X(kInherit, "inherit") \
  X(kNoInherit, "no_inherit") \
  X(kCreatePolicy, "create_policy") \
  X(kAlterPolicy, "alter_policy") \
  X(kDropPolicy, "drop_policy") \
  X(kCreateIndex, "create_index") \
  X(kDropIndex, "drop_index") \
  X(kAttachIndex, "attach_index") \
  X(kRenameIndex, "rename_index") \
  X(kRename, "rename") \
  X(kBackfill, "backfill_column") \
  X(kCreateView, "create_view") \
  X(kDropView, "drop_view") \
  X(kRefreshView, "refresh_view") \
  X(kCreateFunction, "create_function") \
  X(kReplaceFunction, "replace_function") \
  X(kDropFunction, "drop_function") \
  X(kCreateAggregate, "create_aggregate") \
  X(kReplaceAggregate, "replace_aggregate") \
  X(kDropAggregate, "drop_aggregate") \
  X(kCreateTrigger, "create_trigger") \
  X(kAlterTrigger, "alter_trigger") \
  X(kDropTrigger, "drop_trigger") \
  X(kCreateRule, "create_rule") \
  X(kReplaceRule, "replace_rule") \
  X(kAlterRule, "alter_rule") \
  X(kDropRule, "drop_rule") \
  X(kCreateEventTrigger, "create_event_trigger") \
  X(kAlterEventTrigger, "alter_event_trigger") \
  X(kDropEventTrigger, "drop_event_trigger") \
  X(kCreatePublication, "create_publication") \
  X(kAlterPublication, "alter_publication") \
  X(kDropPublication, "drop_publication") \
  X(kCreateForeignDataWrapper, "create_foreign_data_wrapper") \
  X(kAlterForeignDataWrapper, "alter_foreign_data_wrapper") \
  X(kDropForeignDataWrapper, "drop_foreign_data_wrapper") \
  X(kCreateServer, "create_server") \
  X(kAlterServer, "alter_server") \
  X(kDropServer, "drop_server") \
  X(kCreateUserMapping, "create_user_mapping") \
  X(kAlterUserMapping, "alter_user_mapping") \
  X(kDropUserMapping, "drop_user_mapping") \
  X(kCreateForeignTable, "create_foreign_table") \
  X(kAlterForeignTable, "alter_foreign_table") \
  X(kDropForeignTable, "drop_foreign_table") \
  X(kCreateSequence, "create_sequence") \
  X(kAlterSequence, "alter_sequence") \
  X(kDropSequence, "drop_sequence") \
  X(kGrant, "grant") \
  X(kRevoke, "revoke") \
  X(kDefaultPrivileges, "default_privileges")

enum class StepKind : unsigned char {
#define SCHEMASYNC_ENUM_ITEM(e, s) e,
  SCHEMASYNC_STEP_KINDS(SCHEMASYNC_ENUM_ITEM)
#undef SCHEMASYNC_ENUM_ITEM
};

// What a step risks. data_loss needs --allow-destructive.
#define SCHEMASYNC_HAZARDS(X) \
  X(kDataLoss, "data_loss") \
  X(kTableRewrite, "table_rewrite") \
  X(kIrreversible, "irreversible") \
  X(kTypeRebuildOnRevert, "type_rebuild_on_revert") \
  X(kBlocksWrites, "blocks_writes") \
  X(kBlocksReads, "blocks_reads") \
  X(kIndexBuild, "index_build") \
  X(kIndexDropped, "index_dropped") \
  X(kValidationScan, "validation_scan") \
  X(kAuthzChange, "authz_change") \
  X(kStatisticsReset, "statistics_reset") \
  X(kBackfill, "backfill")

enum class Hazard : unsigned char {
#define SCHEMASYNC_ENUM_ITEM(e, s) e,
  SCHEMASYNC_HAZARDS(SCHEMASYNC_ENUM_ITEM)
#undef SCHEMASYNC_ENUM_ITEM
};

std::string_view Name(StepKind k);
std::string_view Name(Hazard h);
// The step kind of a name ("create_table"); nullopt for any other text (a plan file's, say).
std::optional<StepKind> StepKindNamed(std::string_view name);
// Every hazard's name, in declaration order (for --allow-hazards / --deny-hazards).
std::vector<std::string> HazardNames();

}  // namespace schemasync

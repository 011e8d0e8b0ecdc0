//! The PostgreSQL corpus (`corpus/postgres/*.sql`), one test per case.

use schema_core::Dialect;

use crate::support::corpus;

corpus! { Dialect::Postgres;
    // CREATE TABLE
    create_table_basic,
    create_table_if_not_exists,
    create_table_inline_constraints,
    create_table_table_constraints,
    create_table_like,
    foreign_key_actions,
    implicit_names,
    quoted_mixed_case,
    schema_qualified,
    search_path,
    serial_columns,
    identity_columns,
    types_zoo,
    defaults_expressions,
    check_expressions,
    implicit_casts,
    deferrable_and_nulls,
    unlogged_and_temp_forms,
    partitioned_table,
    column_collation_and_generated,
    // DROP / RENAME / SET SCHEMA of tables
    drop_table,
    drop_and_recreate,
    rename_table,
    set_schema,
    drop_schema_cascade,
    // ALTER TABLE on columns
    add_column,
    drop_column,
    rename_column,
    alter_column_type,
    alter_column_nullability,
    alter_column_default,
    alter_table_several_actions,
    identity_alter,
    // Indexes
    create_index_basic,
    create_index_concurrently,
    create_index_if_not_exists,
    create_index_partial,
    create_index_expression,
    create_index_order,
    create_index_methods,
    drop_index,
    // Constraints
    add_constraint,
    drop_constraint,
    unique_index_and_constraint,
    rename_constraint_and_index,
    // Enums
    enum_create,
    enum_add_value,
    enum_rename_and_drop,
    enum_column_change,
    // Comments
    comments,
    comments_escapes,
    // Whole migration sets
    pg_dump_style,
    non_schema_statements,
    evolution,
}

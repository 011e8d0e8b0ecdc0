//! The SQLite corpus (`corpus/sqlite/*.sql`), one test per case.

use schema_core::Dialect;

use crate::support::corpus;

corpus! { Dialect::Sqlite;
    // CREATE TABLE
    create_table_basic,
    inline_constraints,
    table_constraints,
    autoincrement,
    primary_key_kinds,
    strict_without_rowid,
    foreign_key_actions,
    quoted_names,
    defaults_expressions,
    check_expressions,
    types_zoo,
    generated_columns,
    conflict_clauses,
    // ALTER TABLE
    add_column,
    drop_column,
    rename_column,
    rename_table,
    // Indexes, drops
    create_index,
    partial_expression_index,
    drop_index_and_table,
    // The table-rebuild recipe
    rebuild_recipe,
    rebuild_with_incoming_fk,
    // Whole migration sets
    non_schema_statements,
    evolution,
}

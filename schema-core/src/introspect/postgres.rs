//! PostgreSQL: the schema from `pg_catalog`, one query per kind of object
//! (tables, columns, constraints, indexes, enums) for the whole database.
//!
//! Every query casts what it selects to text (lists as JSON arrays), so
//! rows come back through one helper whatever the column types.

use std::collections::HashMap;

use crate::Dialect;
use crate::runner::{Database, RunError};
use crate::schema::{
    Check, Column, EnumType, FkAction, ForeignKey, Identity, Index, IndexKey, IndexPart,
    PrimaryKey, Schema, SqlType, Table, TableName, Unique, normalize_expr,
};

use super::{col, default_of, flag, string_list, text};

/// The namespaces that hold user objects: not the system's (`pg_catalog`,
/// `pg_toast`, temporary schemas: every `pg_*` name is reserved) nor
/// `information_schema`.
const USER_NAMESPACE: &str = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'";

/// Tables that are not members of an extension (PostGIS's
/// `spatial_ref_sys` is not the project's), and not partitions (their
/// partitioned table stands for them).
const USER_TABLE: &str = "c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
        WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')";

pub(super) async fn introspect(db: &mut Database) -> Result<Schema, RunError> {
    let mut schema = Schema::default();
    // oid → table name, to attach what the other queries find.
    let mut by_oid: HashMap<String, TableName> = HashMap::new();

    let sql = format!(
        "SELECT c.oid::text, n.nspname::text, c.relname::text, obj_description(c.oid, 'pg_class')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACE} AND {USER_TABLE}"
    );
    for row in db.text_rows(&sql).await? {
        let name = TableName::qualified(col(&row, 1), text(&row, 2));
        let mut table = Table::new(name.clone());
        table.comment = col(&row, 3).map(str::to_string);
        by_oid.insert(text(&row, 0), name.clone());
        schema.tables.insert(name, table);
    }

    columns(db, &mut schema, &by_oid).await?;
    constraints(db, &mut schema, &by_oid).await?;
    indexes(db, &mut schema, &by_oid).await?;
    enums(db, &mut schema).await?;
    Ok(schema)
}

async fn columns(
    db: &mut Database,
    schema: &mut Schema,
    by_oid: &HashMap<String, TableName>,
) -> Result<(), RunError> {
    // A serial column: its default calls nextval() on a sequence that the
    // column owns (`OWNED BY`, pg_depend type 'a'), exactly as `serial`
    // expands; the query lists the defaults that would mean that. An
    // identity column's sequence is an internal dependency ('i') and its
    // default is not in pg_attrdef at all.
    let sql = format!(
        "SELECT a.attrelid::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attnotnull::text, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text,
                a.attgenerated::text, col_description(a.attrelid, a.attnum),
                en.nspname::text, et.typname::text, (t.typcategory = 'A')::text,
                (SELECT json_agg(format('nextval(%L::regclass)', s.objid::regclass))::text
                 FROM pg_depend s
                 WHERE s.classid = 'pg_class'::regclass AND s.refclassid = 'pg_class'::regclass
                   AND s.refobjid = a.attrelid AND s.refobjsubid = a.attnum
                   AND s.deptype = 'a')
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_type et ON et.typtype = 'e'
              AND et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
         LEFT JOIN pg_namespace en ON en.oid = et.typnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE a.attnum > 0 AND NOT a.attisdropped AND {USER_NAMESPACE} AND {USER_TABLE}
         ORDER BY a.attrelid, a.attnum"
    );
    for row in db.text_rows(&sql).await? {
        let Some(table) = table_of(schema, by_oid, &row) else {
            continue;
        };
        let ty = match col(&row, 9) {
            Some(enum_name) => {
                let named = SqlType::Named(TableName::qualified(col(&row, 8), enum_name));
                if flag(&row, 10) {
                    SqlType::Array(Box::new(named))
                } else {
                    named
                }
            }
            None => SqlType::parse(&text(&row, 2), Dialect::Postgres),
        };
        let mut column = Column::new(text(&row, 1), ty);
        column.nullable = !flag(&row, 3);
        column.comment = col(&row, 7).map(str::to_string);
        let generated = !text(&row, 6).is_empty();
        column.identity = match col(&row, 5) {
            Some("a") => Some(Identity::Always),
            Some("d") => Some(Identity::ByDefault),
            _ if col(&row, 4).is_some_and(|d| string_list(&row, 11).iter().any(|s| s == d)) => {
                Some(Identity::Serial)
            }
            _ => None,
        };
        // A generated column's pg_attrdef entry is its expression, not a
        // default; the IR has no place for it.
        if column.identity.is_none() && !generated {
            column.default = default_of(col(&row, 4));
        }
        table.columns.push(column);
    }
    Ok(())
}

async fn constraints(
    db: &mut Database,
    schema: &mut Schema,
    by_oid: &HashMap<String, TableName>,
) -> Result<(), RunError> {
    // Key columns in key order (conkey is in key order, not attnum order).
    let keys = |array: &str, rel: &str| {
        format!(
            "(SELECT json_agg(a.attname ORDER BY k.ord)::text
              FROM unnest(con.{array}) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.attnum)"
        )
    };
    let sql = format!(
        "SELECT con.conrelid::text, con.conname::text, con.contype::text,
                {}, fn.nspname::text, fc.relname::text, {},
                con.confdeltype::text, con.confupdtype::text,
                CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class fc ON fc.oid = con.confrelid
         LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
         WHERE con.contype IN ('p', 'u', 'f', 'c') AND {USER_NAMESPACE} AND {USER_TABLE}
         ORDER BY con.conrelid, con.oid",
        keys("conkey", "conrelid"),
        keys("confkey", "confrelid"),
    );
    for row in db.text_rows(&sql).await? {
        let Some(table) = table_of(schema, by_oid, &row) else {
            continue;
        };
        let name = Some(text(&row, 1));
        let columns = string_list(&row, 3);
        match col(&row, 2) {
            Some("p") => table.primary_key = Some(PrimaryKey { name, columns }),
            Some("u") => table.uniques.push(Unique { name, columns }),
            Some("f") => table.foreign_keys.push(ForeignKey {
                name,
                columns,
                references: TableName::qualified(col(&row, 4), text(&row, 5)),
                referenced_columns: string_list(&row, 6),
                on_delete: fk_action(col(&row, 7)),
                on_update: fk_action(col(&row, 8)),
            }),
            Some("c") => table.checks.push(Check {
                name,
                expression: normalize_expr(&text(&row, 9)),
            }),
            _ => {}
        }
    }
    Ok(())
}

/// `pg_constraint.confdeltype` / `confupdtype`.
fn fk_action(code: Option<&str>) -> FkAction {
    match code {
        Some("r") => FkAction::Restrict,
        Some("c") => FkAction::Cascade,
        Some("n") => FkAction::SetNull,
        Some("d") => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// One key of an index as the query lists it: column, expression,
/// indoption, opclass (when not the default).
type IndexKeyRow = (Option<String>, Option<String>, Option<i64>, Option<String>);

async fn indexes(
    db: &mut Database,
    schema: &mut Schema,
    by_oid: &HashMap<String, TableName>,
) -> Result<(), RunError> {
    // One JSON array per key: [column or null, expression or null,
    // indoption, opclass when not the default]. `pg_get_indexdef(oid, k,
    // true)` gives the k-th key alone (no opclass, no ordering). INCLUDE
    // columns come after the indnkeyatts key columns and have no indoption.
    let sql = format!(
        "SELECT i.indrelid::text, ic.relname::text, i.indisunique::text, am.amname::text,
                pg_get_expr(i.indpred, i.indrelid),
                (SELECT json_agg(json_build_array(
                            CASE WHEN k.attnum <> 0 THEN a.attname::text END,
                            CASE WHEN k.attnum = 0
                                 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) END,
                            k.opt,
                            CASE WHEN NOT opc.opcdefault THEN opc.opcname::text END)
                        ORDER BY k.ord)::text
                 FROM unnest(i.indkey::int2[], i.indoption::int2[], i.indclass::oid[])
                      WITH ORDINALITY AS k(attnum, opt, cls, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 LEFT JOIN pg_opclass opc ON opc.oid = k.cls
                 WHERE k.ord <= i.indnkeyatts),
                (SELECT json_agg(a.attname::text ORDER BY k.ord)::text
                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE k.ord > i.indnkeyatts)
         FROM pg_index i
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_am am ON am.oid = ic.relam
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE {USER_NAMESPACE} AND {USER_TABLE}
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con
               WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid
                 AND con.contype IN ('p', 'u', 'x'))
         ORDER BY i.indrelid, ic.relname"
    );
    for row in db.text_rows(&sql).await? {
        let Some(table) = table_of(schema, by_oid, &row) else {
            continue;
        };
        let keys: Vec<IndexKeyRow> = col(&row, 5)
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let parts = keys
            .into_iter()
            .map(|(column, expression, option, opclass)| {
                let option = option.unwrap_or(0);
                // indoption bit 0: DESC; bit 1: NULLS FIRST. The default is
                // NULLS LAST ascending and NULLS FIRST descending.
                let descending = option & 1 != 0;
                let nulls_first = option & 2 != 0;
                IndexPart {
                    key: match column {
                        Some(c) => IndexKey::Column(c),
                        None => {
                            IndexKey::Expression(normalize_expr(&expression.unwrap_or_default()))
                        }
                    },
                    descending,
                    nulls_first: (nulls_first != descending).then_some(nulls_first),
                    opclass,
                }
            })
            .collect();
        let method = text(&row, 3);
        table.indexes.push(Index {
            name: text(&row, 1),
            unique: flag(&row, 2),
            parts,
            predicate: col(&row, 4).map(normalize_expr),
            method: (method != "btree").then_some(method),
            include: string_list(&row, 6),
        });
    }
    Ok(())
}

async fn enums(db: &mut Database, schema: &mut Schema) -> Result<(), RunError> {
    let sql = format!(
        "SELECT n.nspname::text, t.typname::text,
                coalesce(json_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                         FILTER (WHERE e.enumlabel IS NOT NULL), '[]')::text
         FROM pg_type t
         JOIN pg_namespace n ON n.oid = t.typnamespace
         LEFT JOIN pg_enum e ON e.enumtypid = t.oid
         WHERE t.typtype = 'e' AND {USER_NAMESPACE}
           AND NOT EXISTS (SELECT 1 FROM pg_depend x
               WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')
         GROUP BY n.nspname, t.typname"
    );
    for row in db.text_rows(&sql).await? {
        let name = TableName::qualified(col(&row, 0), text(&row, 1));
        schema.enums.insert(
            name.clone(),
            EnumType {
                name,
                values: string_list(&row, 2),
            },
        );
    }
    Ok(())
}

/// The table a row's first column (`…relid::text`) belongs to.
fn table_of<'s>(
    schema: &'s mut Schema,
    by_oid: &HashMap<String, TableName>,
    row: &[Option<String>],
) -> Option<&'s mut Table> {
    let name = by_oid.get(col(row, 0)?)?;
    schema.tables.get_mut(name)
}

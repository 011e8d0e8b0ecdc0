//! `revision --autogenerate`: the up and down SQL from the difference
//! between the models and the schema the new revision follows (replayed
//! from the migrations, or introspected with `--from-database`). `check`
//! uses the same comparison.

use std::collections::BTreeSet;
use std::io::IsTerminal;

use schema_core::diff::{self, Diff, DiffOptions};
use schema_core::graph::Graph;
use schema_core::schema::{Schema, TableName};
use schema_core::{Dialect, model, render, replay};

use crate::project::{CliError, Project};
use crate::shell::Shell;

/// The models of a package as a schema (enums are taken from `base`: models
/// name enum types, they don't declare them).
pub fn models_schema(
    project: &Project,
    dialect: Dialect,
    base: &Schema,
) -> Result<Option<Schema>, CliError> {
    let found = model::discover(&project.config.models, dialect)
        .map_err(|e| CliError::coded("schema::model::discover", e.to_string(), None))?;
    if found.is_empty() {
        return Ok(None);
    }
    let mut schema = Schema {
        tables: Default::default(),
        enums: base.enums.clone(),
    };
    for m in found {
        let mut table = m.table;
        for column in &mut table.columns {
            column.ty = schema_core::drift::named_type(&column.ty, base);
        }
        schema.tables.insert(table.name.clone(), table);
    }
    Ok(Some(schema))
}

/// The schema after `parents` (and everything they need), by replay.
pub fn replayed(graph: &Graph, parents: &[usize], dialect: Dialect, shell: &mut Shell) -> Schema {
    let set = graph.ancestors_or_self(parents.iter().copied());
    let order: Vec<usize> = (0..graph.len()).filter(|&i| set[i]).collect();
    let result = replay::replay_to(graph, &order, dialect);
    for w in result.problems() {
        shell.warn(w.to_string());
    }
    if shell.verbosity() > 0 {
        for n in result.notes() {
            shell.note(n.to_string());
        }
    }
    result.schema
}

/// The options autogenerate diffs with: the modelled tables, plus every
/// table when `manage-unmodelled-tables` is on.
pub fn options(project: &Project, models: &Schema) -> DiffOptions {
    DiffOptions {
        scope: if project.config.manage_unmodelled_tables {
            None
        } else {
            Some(
                models
                    .tables
                    .keys()
                    .cloned()
                    .collect::<BTreeSet<TableName>>(),
            )
        },
        renames: Vec::new(),
    }
}

/// The generated sections and what was found.
pub struct Generated {
    pub up: String,
    pub down: String,
    pub diff: Diff,
}

/// Diffs `head` against `models` both ways and renders the SQL. Probable
/// renames are asked about on a terminal; otherwise they stay drop + add
/// with a `-- review:` comment.
pub fn generate(
    head: &Schema,
    models: &Schema,
    mut opts: DiffOptions,
    dialect: Dialect,
    shell: &mut Shell,
) -> Generated {
    let mut up = diff::diff(head, models, &opts);
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive && !up.probable_renames.is_empty() {
        for (table, from, to) in up.probable_renames.clone() {
            shell.warn(format!(
                "column {table}.{from} is gone and {table}.{to} is new, with the same type: was it renamed? [y/N]"
            ));
            let mut answer = String::new();
            let _ = std::io::stdin().read_line(&mut answer);
            if matches!(answer.trim(), "y" | "Y" | "yes") {
                opts.renames.push((table, from, to));
            }
        }
        up = diff::diff(head, models, &opts);
    }
    let mut back = opts.clone();
    back.renames = opts
        .renames
        .iter()
        .map(|(t, a, b)| (t.clone(), b.clone(), a.clone()))
        .collect();
    let down = diff::diff(models, head, &back);

    let mut up_sql = String::new();
    for (table, from, to) in &up.probable_renames {
        if !opts
            .renames
            .iter()
            .any(|(t, a, b)| t == table && a == from && b == to)
        {
            up_sql.push_str(&format!(
                "-- review: {table}.{from} is dropped and {table}.{to} added with the same type; if it is a rename, replace both with\n-- review:   ALTER TABLE {} RENAME COLUMN {} TO {};\n",
                render::table_ident(table),
                render::ident(from),
                render::ident(to)
            ));
        }
    }
    up_sql.push_str(&render::render(&up.ops, head, models, dialect));
    let down_sql = render::render(&down.ops, models, head, dialect);
    Generated {
        up: up_sql,
        down: down_sql,
        diff: up,
    }
}

/// The up section with each lint finding as a comment above its statement:
/// the hazard and the safe recipe, for the review autogenerate asks for.
pub fn annotate(up: &str, findings: &[schema_core::lint::Finding]) -> String {
    let mut out = String::new();
    for (i, line) in up.lines().enumerate() {
        for f in findings.iter().filter(|f| f.line == i + 1) {
            out.push_str(&format!("-- lint {}[{}]: {}\n", f.level, f.code, f.message));
            out.push_str(&format!("--   hazard: {}\n", f.hazard()));
            out.push_str(&format!("--   recipe: {}\n", f.recipe()));
            out.push_str(&format!(
                "--   to keep the statement as it is, accept it: -- lint: allow {}\n",
                f.code
            ));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The comment that opens a generated up section.
pub fn preamble(generated: &Generated, source: &str) -> String {
    let mut s = format!("-- Generated by `cargo schema revision --autogenerate` ({source}).\n");
    s.push_str("-- Review it before applying. Detected:\n");
    for op in &generated.diff.ops {
        s.push_str(&format!("--   {}\n", op.describe()));
    }
    if !generated.diff.unmanaged.is_empty() {
        s.push_str(&format!(
            "-- Left alone (no model describes them; set manage-unmodelled-tables = true to manage them): {}\n",
            generated
                .diff
                .unmanaged
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    s.push_str(
        "-- Autogenerate cannot see: table renames (a rename shows as drop + create), data changes,\n\
         -- and columns renamed without a type match; views, functions and triggers are not compared.\n",
    );
    s
}

/// Parents' indices for `revision`'s --head, resolved as `revision` does.
pub fn indices(graph: &Graph, ids: &[schema_core::RevId]) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| graph.index_of(id.as_str()))
        .collect()
}

/// Used by `check`: how the models differ from the schema at head.
pub fn model_drift(
    project: &Project,
    graph: &Graph,
    dialect: Dialect,
    shell: &mut Shell,
) -> Result<Option<Diff>, CliError> {
    let heads = graph.heads();
    let head = replayed(graph, &heads, dialect, shell);
    let Some(models) = models_schema(project, dialect, &head)? else {
        return Ok(None);
    };
    let opts = options(project, &models);
    Ok(Some(diff::diff(&head, &models, &opts)))
}

/// The error when no model exists.
pub fn no_models(project: &Project) -> CliError {
    CliError::coded(
        "schema::model::none",
        format!(
            "no #[derive(Model)] struct found in {}",
            project
                .config
                .models
                .iter()
                .map(|p| project.display_path(p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some("autogenerate compares models with the migrations; set `models = [\"src\"]` in [package.metadata.schema] to where they live, or write the revision by hand without --autogenerate".into()),
    )
}

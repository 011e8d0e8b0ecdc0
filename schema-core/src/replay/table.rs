//! Tables: `CREATE TABLE` and `ALTER TABLE` applied to the IR with the
//! server's semantics.
//!
//! Both statements are first turned into [`Op`]s, then run
//! in the order PostgreSQL runs them: in `CREATE TABLE`, check constraints
//! are named first, then the primary key, the unique constraints (one
//! index per distinct key) and the foreign keys; in `ALTER TABLE`, actions
//! run by pass (drops, type changes, added columns, checks, column
//! attributes, keys, foreign keys and defaults), whatever order they were
//! written in. Both matter for implicit names and their collision numbers.

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateTable, Expr,
    GeneratedAs, Ident, ReferentialAction, RenameTableNameKind, Statement, TableConstraint,
};
use sqlparser::tokenizer::Token;

use super::Replayer;
use super::expr::{
    Printed, dedup_index_column_names, mentions, rename_column, stored_index_column_name,
};
use super::names::{Namespace, idents};
use super::stmt::{Stmt, parse};
use crate::Dialect;
use crate::schema::{
    Check, Column, FkAction, ForeignKey, Identity, Index, IndexKey, PrimaryKey, SqlType, Table,
    TableName, Unique, implicit_name,
};

/// One change to one table.
pub(super) enum Op {
    AddColumn {
        column: Column,
        if_not_exists: bool,
    },
    DropColumn {
        column: String,
        if_exists: bool,
    },
    RenameColumn {
        old: String,
        new: String,
    },
    RenameTable {
        new: String,
    },
    SetType {
        column: String,
        ty: SqlType,
    },
    SetNotNull(String),
    DropNotNull(String),
    SetDefault {
        column: String,
        default: Option<String>,
    },
    DropDefault(String),
    SetIdentity {
        column: String,
        identity: Option<Identity>,
    },
    PrimaryKey {
        name: Option<String>,
        columns: Vec<String>,
        autoincrement: bool,
    },
    Unique {
        name: Option<String>,
        columns: Vec<String>,
    },
    ForeignKey(Fk),
    Check {
        name: Option<String>,
        expr: Printed,
    },
    /// `ADD [CONSTRAINT name] { PRIMARY KEY | UNIQUE } USING INDEX index`.
    FromIndex {
        name: Option<String>,
        index: String,
        primary: bool,
    },
    /// An index copied by `LIKE … INCLUDING INDEXES` (named afresh).
    CopyIndex(Index),
    DropConstraint {
        name: String,
        if_exists: bool,
    },
    DropPrimaryKey,
    RenameConstraint {
        old: String,
        new: String,
    },
    Note(String),
    Warn(String),
}

pub(super) struct Fk {
    name: Option<String>,
    columns: Vec<String>,
    target: Vec<Ident>,
    referenced: Vec<String>,
    on_delete: FkAction,
    on_update: FkAction,
}

impl Op {
    /// PostgreSQL's `AlterTablePass` of the action.
    fn pass(&self) -> u8 {
        match self {
            Op::DropColumn { .. }
            | Op::DropConstraint { .. }
            | Op::DropPrimaryKey
            | Op::DropNotNull(_)
            | Op::DropDefault(_)
            | Op::SetIdentity { identity: None, .. } => 0,
            Op::SetType { .. } => 1,
            Op::AddColumn { .. } => 2,
            Op::Check { .. } => 6,
            Op::SetNotNull(_) | Op::SetIdentity { .. } => 7,
            Op::FromIndex { .. } => 8,
            Op::PrimaryKey { .. } | Op::Unique { .. } | Op::CopyIndex(_) => 9,
            Op::ForeignKey(_) | Op::SetDefault { .. } => 10,
            _ => 11,
        }
    }
}

/// What `LIKE source [INCLUDING …]` copies.
#[derive(Default, Clone, Copy)]
pub(super) struct LikeOptions {
    pub defaults: bool,
    pub constraints: bool,
    pub indexes: bool,
    pub identity: bool,
    pub comments: bool,
}

/// A `LIKE` element of a `CREATE TABLE`: where its columns go, the source
/// and what it copies.
pub(super) struct Like {
    pub position: usize,
    pub source: Vec<Ident>,
    pub options: LikeOptions,
}

fn action(a: &Option<ReferentialAction>) -> FkAction {
    match a {
        None | Some(ReferentialAction::NoAction) => FkAction::NoAction,
        Some(ReferentialAction::Restrict) => FkAction::Restrict,
        Some(ReferentialAction::Cascade) => FkAction::Cascade,
        Some(ReferentialAction::SetNull) => FkAction::SetNull,
        Some(ReferentialAction::SetDefault) => FkAction::SetDefault,
    }
}

pub(super) fn unnest(e: &Expr) -> &Expr {
    match e {
        Expr::Nested(x) => unnest(x),
        Expr::Collate { expr, .. } => unnest(expr),
        _ => e,
    }
}

impl Replayer<'_> {
    // ---- CREATE TABLE ----------------------------------------------------

    pub(super) fn create_table(&mut self, ct: &CreateTable, likes: Vec<Like>) {
        let parts = idents(&ct.name);
        let key = self.new_name(&parts);
        if ct.query.is_some() {
            return self.warn(format!(
                "CREATE TABLE {key} … AS: replay cannot know the columns of a query, so the table is missing from the replayed schema; create it with a column list instead"
            ));
        }
        if ct.partition_of.is_some() || ct.clone.is_some() {
            return self.warn(format!(
                "CREATE TABLE {key} PARTITION OF / CLONE: partitions and clones are not part of the schema model"
            ));
        }
        if !self.pg() && key.name.len() >= 7 && key.name[..7].eq_ignore_ascii_case("sqlite_") {
            return self.warn(format!(
                "table name {key} is reserved for SQLite's internal use; SQLite refuses this CREATE TABLE"
            ));
        }
        if ct.temporary {
            return self.note(format!(
                "temporary table {key} skipped: it lasts only as long as its session"
            ));
        }
        let exists = self.schema.tables.contains_key(&key)
            || (!self.pg()
                && self
                    .find_table(&parts)
                    .is_some_and(|k| k.schema == key.schema));
        if exists {
            if ct.if_not_exists {
                return self.note(format!(
                    "table {key} exists already; CREATE TABLE IF NOT EXISTS does nothing"
                ));
            }
            return self.warn(format!(
                "table {key} exists already in the replayed schema; the server refuses this CREATE TABLE"
            ));
        }
        let mut table = Table::new(key.clone());
        let mut ops = Vec::new();
        for cd in &ct.columns {
            let col = self.column(cd, &mut ops);
            if table.columns.iter().any(|c| self.same(&c.name, &col.name)) {
                self.warn(format!("column {} appears twice in table {key}", col.name));
                continue;
            }
            table.columns.push(col);
        }
        for c in &ct.constraints {
            ops.extend(self.table_constraint(c));
        }
        if let Some(like) = &ct.like {
            let (sqlparser::ast::CreateTableLikeKind::Parenthesized(l)
            | sqlparser::ast::CreateTableLikeKind::Plain(l)) = like;
            let options = LikeOptions {
                defaults: matches!(
                    l.defaults,
                    Some(sqlparser::ast::CreateTableLikeDefaults::Including)
                ),
                ..LikeOptions::default()
            };
            self.like_columns(&mut table, 0, &idents(&l.name), options, &mut ops);
        }
        // Columns of LIKE elements go where the element stood.
        for like in likes.iter().rev() {
            self.like_columns(
                &mut table,
                like.position,
                &like.source,
                like.options,
                &mut ops,
            );
        }
        if ct.inherits.as_ref().is_some_and(|v| !v.is_empty()) {
            self.warn(format!(
                "CREATE TABLE {key} … INHERITS: inherited columns are not replayed"
            ));
        }
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        self.schema.tables.insert(key.clone(), table);
        // In SQLite an `INTEGER PRIMARY KEY` is the rowid and has no index,
        // so a UNIQUE on it makes one of its own.
        let rowid = !self.pg()
            && !ct.without_rowid
            && ops.iter().any(|o| match o {
                Op::PrimaryKey { columns, .. } if columns.len() == 1 => {
                    ct.columns.iter().any(|cd| {
                        self.same(&self.ident(&cd.name), &columns[0])
                            && cd.data_type.to_string().eq_ignore_ascii_case("INTEGER")
                    })
                }
                _ => false,
            });
        let mut key = key;
        for op in create_order(ops, rowid) {
            self.exec(&mut key, op);
        }
        for c in names {
            self.serial_from_default(&key, &c);
        }
    }

    /// A column definition: the column, and its inline constraints as ops.
    fn column(&mut self, cd: &ColumnDef, ops: &mut Vec<Op>) -> Column {
        let name = self.ident(&cd.name);
        let (ty, serial) = self.column_type(&cd.data_type);
        let mut col = Column::new(name.clone(), ty);
        if serial {
            col.identity = Some(Identity::Serial);
            col.nullable = false;
        }
        let mut autoincrement = false;
        for def in &cd.options {
            let cname = def.name.as_ref().map(|n| self.ident(n));
            let named = |inner: &Option<Ident>, r: &Self| {
                cname.clone().or_else(|| inner.as_ref().map(|n| r.ident(n)))
            };
            match &def.option {
                ColumnOption::Null => col.nullable = true,
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Default(e) => {
                    let p = self.expr(e);
                    col.default = (!p.is_null).then_some(p.text);
                }
                ColumnOption::PrimaryKey(pk) => {
                    col.nullable = false;
                    ops.push(Op::PrimaryKey {
                        name: named(&pk.name, self),
                        columns: vec![name.clone()],
                        autoincrement: false,
                    });
                }
                ColumnOption::Unique(u) => ops.push(Op::Unique {
                    name: named(&u.name, self),
                    columns: vec![name.clone()],
                }),
                ColumnOption::ForeignKey(fk) => ops.push(Op::ForeignKey(Fk {
                    name: named(&fk.name, self),
                    columns: vec![name.clone()],
                    target: idents(&fk.foreign_table),
                    referenced: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
                    on_delete: action(&fk.on_delete),
                    on_update: action(&fk.on_update),
                })),
                ColumnOption::Check(ck) => ops.push(Op::Check {
                    name: named(&ck.name, self),
                    expr: self.expr(&ck.expr),
                }),
                ColumnOption::Generated {
                    generated_as,
                    generation_expr: None,
                    ..
                } => {
                    col.identity = Some(match generated_as {
                        GeneratedAs::ByDefault => Identity::ByDefault,
                        _ => Identity::Always,
                    });
                    col.nullable = false;
                }
                ColumnOption::Generated {
                    generation_expr: Some(_),
                    ..
                } => self.note(format!(
                    "column {name} is generated: its expression is not part of the schema model"
                )),
                ColumnOption::DialectSpecific(tokens) => {
                    autoincrement |= tokens.iter().any(
                        |t| matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("AUTOINCREMENT")),
                    );
                }
                _ => {}
            }
        }
        if autoincrement {
            col.identity = Some(Identity::Autoincrement);
            col.nullable = false;
        }
        col
    }

    fn index_columns(&mut self, cols: &[sqlparser::ast::IndexColumn]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for c in cols {
            match unnest(&c.column.expr) {
                Expr::Identifier(id) => out.push(self.ident(id)),
                Expr::CompoundIdentifier(p) if !p.is_empty() => {
                    out.push(self.ident(&p[p.len() - 1]))
                }
                other => {
                    self.warn(format!(
                        "a key on the expression `{other}` is not part of the schema model"
                    ));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn table_constraint(&mut self, c: &TableConstraint) -> Vec<Op> {
        let name = |n: &Option<Ident>, r: &Self| n.as_ref().map(|n| r.ident(n));
        match c {
            TableConstraint::PrimaryKey(pk) => {
                let autoincrement = pk.columns.iter().any(|c| {
                    c.operator_class
                        .as_ref()
                        .is_some_and(|o| o.to_string().eq_ignore_ascii_case("AUTOINCREMENT"))
                });
                match self.index_columns(&pk.columns) {
                    Some(columns) => vec![Op::PrimaryKey {
                        name: name(&pk.name, self),
                        columns,
                        autoincrement,
                    }],
                    None => Vec::new(),
                }
            }
            TableConstraint::Unique(u) => match self.index_columns(&u.columns) {
                Some(columns) => vec![Op::Unique {
                    name: name(&u.name, self),
                    columns,
                }],
                None => Vec::new(),
            },
            TableConstraint::ForeignKey(fk) => vec![Op::ForeignKey(Fk {
                name: name(&fk.name, self),
                columns: fk.columns.iter().map(|c| self.ident(c)).collect(),
                target: idents(&fk.foreign_table),
                referenced: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
                on_delete: action(&fk.on_delete),
                on_update: action(&fk.on_update),
            })],
            TableConstraint::Check(ck) => vec![Op::Check {
                name: name(&ck.name, self),
                expr: self.expr(&ck.expr),
            }],
            TableConstraint::PrimaryKeyUsingIndex(u) | TableConstraint::UniqueUsingIndex(u) => {
                vec![Op::FromIndex {
                    name: name(&u.name, self),
                    index: self.ident(&u.index_name),
                    primary: matches!(c, TableConstraint::PrimaryKeyUsingIndex(_)),
                }]
            }
            TableConstraint::Exclude(_) => vec![Op::Note(
                "EXCLUDE constraints are not part of the schema model".into(),
            )],
            other => vec![Op::Warn(format!(
                "table constraint `{other}` is not part of the schema model"
            ))],
        }
    }

    /// The columns (and, per `options`, defaults, checks and indexes) that
    /// `LIKE source` copies into `table` at column `position`.
    fn like_columns(
        &mut self,
        table: &mut Table,
        position: usize,
        source: &[Ident],
        o: LikeOptions,
        ops: &mut Vec<Op>,
    ) {
        let Some(src_key) = self.find_table(source) else {
            return self.warn(format!(
                "LIKE {}: no such table in the replayed schema",
                source
                    .iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".")
            ));
        };
        let src = self.schema.tables[&src_key].clone();
        let mut cols = Vec::new();
        for c in &src.columns {
            let mut n = Column::new(c.name.clone(), c.ty.clone());
            n.nullable = c.nullable;
            if o.defaults {
                n.default = c.default.clone();
                if c.identity == Some(Identity::Serial) {
                    // The copy shares the source's sequence: a plain
                    // `nextval` default, not a serial column of its own.
                    let seq = implicit_name(&src.name.name, &[&c.name], "seq");
                    let seq = match &src.name.schema {
                        Some(s) => format!("{s}.{seq}"),
                        None => seq,
                    };
                    n.default = Some(format!("nextval('{seq}')"));
                }
            }
            if o.identity && matches!(c.identity, Some(Identity::Always | Identity::ByDefault)) {
                n.identity = c.identity;
            }
            if o.comments {
                n.comment = c.comment.clone();
            }
            cols.push(n);
        }
        let at = position.min(table.columns.len());
        table.columns.splice(at..at, cols);
        if o.constraints {
            for ck in &src.checks {
                ops.push(Op::Check {
                    name: ck.name.clone(),
                    expr: Printed {
                        text: ck.expression.clone(),
                        columns: Vec::new(),
                        is_null: false,
                    },
                });
            }
        }
        if o.indexes {
            if let Some(pk) = &src.primary_key {
                ops.push(Op::PrimaryKey {
                    name: None,
                    columns: pk.columns.clone(),
                    autoincrement: false,
                });
            }
            for u in &src.uniques {
                ops.push(Op::Unique {
                    name: None,
                    columns: u.columns.clone(),
                });
            }
            for ix in &src.indexes {
                ops.push(Op::CopyIndex(ix.clone()));
            }
        }
        if o.comments {
            table.comment = table.comment.take().or(src.comment.clone());
        }
    }

    /// `CREATE TABLE t (LIKE s INCLUDING …, …)`: sqlparser reads `LIKE`
    /// only alone and without options, so the elements are taken apart here.
    /// `None` when the statement has no `LIKE` element.
    pub(super) fn create_table_like(&mut self, st: &Stmt, table_kw: usize) -> Option<()> {
        if !self.pg() {
            return None;
        }
        let mut i = table_kw + 1;
        if st.are(i, &["IF", "NOT", "EXISTS"]) {
            i += 3;
        }
        let (_, j) = st.name_at(i)?;
        if !matches!(st.tok(j), Token::LParen) {
            return None;
        }
        let close = st.skip_group(j);
        let elements = st.split_commas(j + 1, close - 1);
        if !elements.iter().any(|&(a, _)| st.is(a, "LIKE")) {
            return None;
        }
        let constraint_words = [
            "CONSTRAINT",
            "PRIMARY",
            "UNIQUE",
            "CHECK",
            "FOREIGN",
            "EXCLUDE",
        ];
        let mut likes = Vec::new();
        let mut kept = Vec::new();
        let mut columns_before = 0;
        for &(a, b) in &elements {
            if st.is(a, "LIKE") {
                let (source, mut k) = st.name_at(a + 1)?;
                let mut options = LikeOptions::default();
                while k + 1 < b + 1 && (st.is(k, "INCLUDING") || st.is(k, "EXCLUDING")) {
                    let on = st.is(k, "INCLUDING");
                    match st.word_upper(k + 1).as_str() {
                        "ALL" => {
                            options = LikeOptions {
                                defaults: on,
                                constraints: on,
                                indexes: on,
                                identity: on,
                                comments: on,
                            }
                        }
                        "DEFAULTS" => options.defaults = on,
                        "CONSTRAINTS" => options.constraints = on,
                        "INDEXES" => options.indexes = on,
                        "IDENTITY" => options.identity = on,
                        "COMMENTS" => options.comments = on,
                        _ => {}
                    }
                    k += 2;
                }
                likes.push(Like {
                    position: columns_before,
                    source,
                    options,
                });
            } else {
                if !constraint_words.iter().any(|w| st.is(a, w)) {
                    columns_before += 1;
                }
                kept.push((a, b));
            }
        }
        // The statement without its LIKE elements, for sqlparser.
        let mut tokens = st.pieces(&[(0, j + 1)]);
        for (n, &(a, b)) in kept.iter().enumerate() {
            if n > 0 {
                tokens.push(sqlparser::tokenizer::TokenWithSpan::wrap(Token::Comma));
            }
            tokens.extend(st.pieces(&[(a, b)]));
        }
        tokens.extend(st.pieces(&[(close - 1, st.len())]));
        match parse(tokens, self.dialect) {
            Ok(Statement::CreateTable(ct)) => self.create_table(&ct, likes),
            Ok(_) => self.warn(format!("cannot make sense of `{}`", super::short(st.text))),
            Err(f) => self.warn_at(
                f.line,
                format!(
                    "cannot parse `{}` ({}); replay skipped it",
                    super::short(st.text),
                    f.message
                ),
            ),
        }
        Some(())
    }

    // ---- ALTER TABLE -----------------------------------------------------

    /// The ops of one `ALTER TABLE` action sqlparser has read.
    pub(super) fn alter_op(&mut self, o: &AlterTableOperation) -> Vec<Op> {
        use AlterTableOperation as A;
        match o {
            A::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => {
                let mut ops = Vec::new();
                let column = self.column(column_def, &mut ops);
                ops.insert(
                    0,
                    Op::AddColumn {
                        column,
                        if_not_exists: *if_not_exists,
                    },
                );
                ops
            }
            A::DropColumn {
                column_names,
                if_exists,
                ..
            } => column_names
                .iter()
                .map(|c| Op::DropColumn {
                    column: self.ident(c),
                    if_exists: *if_exists,
                })
                .collect(),
            A::RenameColumn {
                old_column_name,
                new_column_name,
            } => vec![Op::RenameColumn {
                old: self.ident(old_column_name),
                new: self.ident(new_column_name),
            }],
            A::RenameTable { table_name } => {
                let (RenameTableNameKind::To(n) | RenameTableNameKind::As(n)) = table_name;
                match idents(n).last() {
                    Some(id) => vec![Op::RenameTable {
                        new: self.ident(id),
                    }],
                    None => vec![Op::Warn("RENAME TO without a name".into())],
                }
            }
            A::AlterColumn { column_name, op } => {
                let column = self.ident(column_name);
                match op {
                    AlterColumnOperation::SetNotNull => vec![Op::SetNotNull(column)],
                    AlterColumnOperation::DropNotNull => vec![Op::DropNotNull(column)],
                    AlterColumnOperation::SetDefault { value } => {
                        let p = self.expr(value);
                        vec![Op::SetDefault {
                            column,
                            default: (!p.is_null).then_some(p.text),
                        }]
                    }
                    AlterColumnOperation::DropDefault => vec![Op::DropDefault(column)],
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        let (ty, serial) = self.column_type(data_type);
                        if serial {
                            return vec![Op::Warn(format!(
                                "ALTER COLUMN {column} TYPE {data_type}: serial is not a type PostgreSQL accepts here"
                            ))];
                        }
                        vec![Op::SetType { column, ty }]
                    }
                    AlterColumnOperation::AddGenerated { generated_as, .. } => {
                        vec![Op::SetIdentity {
                            column,
                            identity: Some(match generated_as {
                                Some(GeneratedAs::ByDefault) => Identity::ByDefault,
                                _ => Identity::Always,
                            }),
                        }]
                    }
                }
            }
            A::AddConstraint { constraint, .. } => self.table_constraint(constraint),
            A::DropConstraint {
                if_exists, name, ..
            } => vec![Op::DropConstraint {
                name: self.ident(name),
                if_exists: *if_exists,
            }],
            A::DropPrimaryKey { .. } => vec![Op::DropPrimaryKey],
            A::DropForeignKey { name, .. } => vec![Op::DropConstraint {
                name: self.ident(name),
                if_exists: false,
            }],
            A::RenameConstraint { old_name, new_name } => vec![Op::RenameConstraint {
                old: self.ident(old_name),
                new: self.ident(new_name),
            }],
            A::ValidateConstraint { .. }
            | A::OwnerTo { .. }
            | A::EnableRowLevelSecurity
            | A::DisableRowLevelSecurity
            | A::ForceRowLevelSecurity
            | A::NoForceRowLevelSecurity
            | A::EnableTrigger { .. }
            | A::DisableTrigger { .. }
            | A::EnableAlwaysTrigger { .. }
            | A::EnableReplicaTrigger { .. }
            | A::EnableRule { .. }
            | A::DisableRule { .. }
            | A::EnableAlwaysRule { .. }
            | A::EnableReplicaRule { .. }
            | A::ReplicaIdentity { .. }
            | A::SetLogged
            | A::SetUnlogged
            | A::SetOptionsParens { .. }
            | A::SetTblProperties { .. } => {
                vec![Op::Note(format!("`{o}` does not change the schema model"))]
            }
            A::AttachPartition { .. } | A::DetachPartition { .. } => vec![Op::Warn(format!(
                "`{o}`: partitions are not part of the schema model"
            ))],
            other => vec![Op::Warn(format!(
                "replay does not understand the ALTER TABLE action `{other}`; the replayed schema may differ"
            ))],
        }
    }

    /// Runs the ops of one `ALTER TABLE` in PostgreSQL's pass order.
    pub(super) fn run_alter(&mut self, name: &[Ident], if_exists: bool, mut ops: Vec<Op>) {
        // `ALTER TABLE seq OWNER TO …` (pg_dump's spelling for sequences
        // and views): nothing to look up when nothing changes.
        if ops.iter().all(|o| matches!(o, Op::Note(_))) {
            for op in ops {
                if let Op::Note(m) = op {
                    self.note(m);
                }
            }
            return;
        }
        let Some(mut key) = self.find_table(name) else {
            let shown = self.new_name(name);
            if if_exists {
                return self.note(format!(
                    "ALTER TABLE IF EXISTS {shown}: no such table, nothing done"
                ));
            }
            return self.warn(format!(
                "ALTER TABLE {shown}: no such table in the replayed schema; the statement is not replayed"
            ));
        };
        if self.pg() {
            ops.sort_by_key(Op::pass);
        }
        for op in ops {
            self.exec(&mut key, op);
        }
    }

    /// The stored name of column `name` of table `key`.
    pub(super) fn col(&self, key: &TableName, name: &str) -> Option<String> {
        self.schema.tables.get(key).and_then(|t| {
            t.columns
                .iter()
                .find(|c| self.same(&c.name, name))
                .map(|c| c.name.clone())
        })
    }

    fn cols(&mut self, key: &TableName, names: &[String]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for n in names {
            match self.col(key, n) {
                Some(c) => out.push(c),
                None => {
                    self.warn(format!(
                        "table {key} has no column {n} in the replayed schema"
                    ));
                    return None;
                }
            }
        }
        Some(out)
    }

    fn column_mut(&mut self, key: &TableName, name: &str) -> Option<&mut Column> {
        let pg = self.pg();
        self.schema.tables.get_mut(key).and_then(|t| {
            t.columns.iter_mut().find(|c| {
                if pg {
                    c.name == name
                } else {
                    c.name.eq_ignore_ascii_case(name)
                }
            })
        })
    }

    /// Runs one op on table `key` (which a rename changes).
    fn exec(&mut self, key: &mut TableName, op: Op) {
        match op {
            Op::Note(m) => self.note(m),
            Op::Warn(m) => self.warn(m),
            Op::AddColumn {
                column,
                if_not_exists,
            } => {
                if self.col(key, &column.name).is_some() {
                    if if_not_exists {
                        return self.note(format!(
                            "column {} exists already in {key}; ADD COLUMN IF NOT EXISTS does nothing",
                            column.name
                        ));
                    }
                    return self.warn(format!("column {} exists already in {key}", column.name));
                }
                let name = column.name.clone();
                if let Some(t) = self.schema.tables.get_mut(key) {
                    t.columns.push(column);
                }
                self.serial_from_default(key, &name);
            }
            Op::DropColumn { column, if_exists } => match self.col(key, &column) {
                Some(c) => self.drop_column(key, &c),
                None if if_exists => self.note(format!(
                    "DROP COLUMN IF EXISTS {column}: {key} has no such column, nothing done"
                )),
                None => self.warn(format!(
                    "table {key} has no column {column} to drop in the replayed schema"
                )),
            },
            Op::RenameColumn { old, new } => match self.col(key, &old) {
                Some(c) => {
                    if self.col(key, &new).is_some() && !self.same(&c, &new) {
                        return self.warn(format!("column {new} exists already in {key}"));
                    }
                    self.rename_column(key, &c, &new)
                }
                None => self.warn(format!(
                    "table {key} has no column {old} to rename in the replayed schema"
                )),
            },
            Op::RenameTable { new } => self.rename_table(key, &new),
            Op::SetType { column, ty } => self.with_column(key, &column, |c| c.ty = ty),
            Op::SetNotNull(column) => self.with_column(key, &column, |c| c.nullable = false),
            Op::DropNotNull(column) => self.with_column(key, &column, |c| c.nullable = true),
            Op::SetDefault { column, default } => {
                self.with_column(key, &column, |c| {
                    if c.identity == Some(Identity::Serial) {
                        c.identity = None;
                    }
                    c.default = default;
                });
                self.serial_from_default(key, &column);
            }
            Op::DropDefault(column) => self.with_column(key, &column, |c| {
                if c.identity == Some(Identity::Serial) {
                    c.identity = None;
                }
                c.default = None;
            }),
            Op::SetIdentity { column, identity } => self.with_column(key, &column, |c| {
                if identity.is_some() {
                    c.nullable = false;
                }
                c.identity = identity;
            }),
            Op::PrimaryKey {
                name,
                columns,
                autoincrement,
            } => self.add_primary_key(key, name, &columns, autoincrement),
            Op::Unique { name, columns } => self.add_unique(key, name, &columns),
            Op::ForeignKey(fk) => self.add_foreign_key(key, fk),
            Op::Check { name, expr } => self.add_check(key, name, expr),
            Op::FromIndex {
                name,
                index,
                primary,
            } => self.constraint_from_index(key, name, &index, primary),
            Op::CopyIndex(ix) => {
                let cols: Vec<String> = ix
                    .parts
                    .iter()
                    .map(|p| match &p.key {
                        IndexKey::Column(c) => c.clone(),
                        IndexKey::Expression(e) => stored_index_column_name(self, e),
                    })
                    .chain(ix.include.iter().cloned())
                    .collect();
                let cols = dedup_index_column_names(cols);
                let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
                let name = self.choose_name(key, &refs, "idx", Namespace::Relations(false));
                if let Some(t) = self.schema.tables.get_mut(key) {
                    t.indexes.push(Index { name, ..ix });
                }
            }
            Op::DropConstraint { name, if_exists } => self.drop_constraint(key, &name, if_exists),
            Op::DropPrimaryKey => {
                if let Some(t) = self.schema.tables.get_mut(key) {
                    t.primary_key = None;
                }
            }
            Op::RenameConstraint { old, new } => self.rename_constraint(key, &old, &new),
        }
    }

    pub(super) fn with_column(
        &mut self,
        key: &TableName,
        column: &str,
        f: impl FnOnce(&mut Column),
    ) {
        match self.column_mut(key, column) {
            Some(c) => f(c),
            None => self.warn(format!(
                "table {key} has no column {column} in the replayed schema"
            )),
        }
    }

    fn add_primary_key(
        &mut self,
        key: &TableName,
        name: Option<String>,
        columns: &[String],
        autoincrement: bool,
    ) {
        let Some(columns) = self.cols(key, columns) else {
            return;
        };
        if self.schema.tables[key].primary_key.is_some() {
            return self.warn(format!(
                "table {key} has a primary key already; the server refuses a second one"
            ));
        }
        let name =
            if self.pg() {
                Some(name.unwrap_or_else(|| {
                    self.choose_name(key, &[], "pkey", Namespace::Relations(true))
                }))
            } else {
                None
            };
        let t = self.schema.tables.get_mut(key).expect("checked above");
        for c in t.columns.iter_mut().filter(|c| columns.contains(&c.name)) {
            c.nullable = false;
            if autoincrement && columns.len() == 1 {
                c.identity = Some(Identity::Autoincrement);
            }
        }
        t.primary_key = Some(PrimaryKey { name, columns });
    }

    fn add_unique(&mut self, key: &TableName, name: Option<String>, columns: &[String]) {
        let Some(columns) = self.cols(key, columns) else {
            return;
        };
        let name = if self.pg() {
            Some(name.unwrap_or_else(|| {
                let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                self.choose_name(key, &refs, "key", Namespace::Relations(true))
            }))
        } else {
            None
        };
        if let Some(t) = self.schema.tables.get_mut(key) {
            t.uniques.push(Unique { name, columns });
        }
    }

    fn add_foreign_key(&mut self, key: &TableName, fk: Fk) {
        let Some(columns) = self.cols(key, &fk.columns) else {
            return;
        };
        let found = self.find_table(&fk.target);
        let references = match (&found, self.pg()) {
            (Some(k), true) => k.clone(),
            _ => self.new_name(&fk.target),
        };
        if found.is_none() && self.pg() {
            self.warn(format!(
                "foreign key on {key} references {references}, which the replayed schema does not have"
            ));
        }
        let referenced_columns = if fk.referenced.is_empty() {
            let pk = found
                .as_ref()
                .and_then(|k| self.schema.tables[k].primary_key.as_ref())
                .map(|p| p.columns.clone());
            match pk {
                Some(c) => c,
                None => {
                    if found.is_some() {
                        self.warn(format!(
                            "foreign key on {key} references {references} without columns, and {references} has no primary key"
                        ));
                    }
                    Vec::new()
                }
            }
        } else {
            match &found {
                Some(k) if self.pg() => fk
                    .referenced
                    .iter()
                    .map(|c| self.col(k, c).unwrap_or_else(|| c.clone()))
                    .collect(),
                _ => fk.referenced.clone(),
            }
        };
        let name = if self.pg() {
            Some(fk.name.unwrap_or_else(|| {
                let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                self.choose_name(key, &refs, "fkey", Namespace::Constraints)
            }))
        } else {
            None
        };
        if let Some(t) = self.schema.tables.get_mut(key) {
            t.foreign_keys.push(ForeignKey {
                name,
                columns,
                references,
                referenced_columns,
                on_delete: fk.on_delete,
                on_update: fk.on_update,
            });
        }
    }

    fn add_check(&mut self, key: &TableName, name: Option<String>, expr: Printed) {
        let name = match name {
            Some(n) => Some(n),
            None if self.pg() => {
                // PostgreSQL names a check after its column when it refers
                // to exactly one (`t_a_check`), else after the table
                // (`t_check`).
                let t = &self.schema.tables[key];
                let refs: Vec<&str> = expr
                    .columns
                    .iter()
                    .filter_map(|c| {
                        t.columns
                            .iter()
                            .find(|tc| &tc.name == c)
                            .map(|tc| tc.name.as_str())
                    })
                    .collect();
                let cols: Vec<&str> = if refs.len() == 1 { refs } else { Vec::new() };
                let cols: Vec<String> = cols.iter().map(|s| s.to_string()).collect();
                let refs: Vec<&str> = cols.iter().map(String::as_str).collect();
                Some(self.choose_name(key, &refs, "check", Namespace::Constraints))
            }
            None => None,
        };
        if let Some(t) = self.schema.tables.get_mut(key) {
            t.checks.push(Check {
                name,
                expression: expr.text,
            });
        }
    }

    fn constraint_from_index(
        &mut self,
        key: &TableName,
        name: Option<String>,
        index: &str,
        primary: bool,
    ) {
        let pg = self.pg();
        let Some(t) = self.schema.tables.get_mut(key) else {
            return;
        };
        let Some(pos) = t.indexes.iter().position(|i| {
            if pg {
                i.name == index
            } else {
                i.name.eq_ignore_ascii_case(index)
            }
        }) else {
            return self.warn(format!(
                "table {key} has no index {index} in the replayed schema"
            ));
        };
        let ix = t.indexes.remove(pos);
        let columns: Vec<String> = ix
            .parts
            .iter()
            .filter_map(|p| match &p.key {
                IndexKey::Column(c) => Some(c.clone()),
                IndexKey::Expression(_) => None,
            })
            .collect();
        // The index takes the constraint's name, as on the server.
        let name = Some(name.unwrap_or(ix.name));
        if primary {
            for c in t.columns.iter_mut().filter(|c| columns.contains(&c.name)) {
                c.nullable = false;
            }
            t.primary_key = Some(PrimaryKey { name, columns });
        } else {
            t.uniques.push(Unique { name, columns });
        }
    }

    fn drop_constraint(&mut self, key: &TableName, name: &str, if_exists: bool) {
        let pg = self.pg();
        let same = |a: &Option<String>| {
            a.as_deref().is_some_and(|a| {
                if pg {
                    a == name
                } else {
                    a.eq_ignore_ascii_case(name)
                }
            })
        };
        let Some(t) = self.schema.tables.get_mut(key) else {
            return;
        };
        let mut dropped_key: Option<Vec<String>> = None;
        if t.primary_key.as_ref().is_some_and(|p| same(&p.name)) {
            dropped_key = t.primary_key.take().map(|p| p.columns);
        } else if let Some(i) = t.uniques.iter().position(|u| same(&u.name)) {
            dropped_key = Some(t.uniques.remove(i).columns);
        } else if let Some(i) = t.foreign_keys.iter().position(|f| same(&f.name)) {
            t.foreign_keys.remove(i);
        } else if let Some(i) = t.checks.iter().position(|c| same(&c.name)) {
            t.checks.remove(i);
        } else if if_exists {
            return self.note(format!(
                "DROP CONSTRAINT IF EXISTS {name}: {key} has no such constraint, nothing done"
            ));
        } else {
            return self.warn(format!(
                "table {key} has no constraint {name} in the replayed schema"
            ));
        }
        // Foreign keys that used the dropped key go with it (PostgreSQL
        // requires CASCADE for them, or refuses).
        if let Some(cols) = dropped_key
            && pg
        {
            for t in self.schema.tables.values_mut() {
                t.foreign_keys
                    .retain(|f| !(f.references == *key && f.referenced_columns == cols));
            }
        }
    }

    pub(super) fn rename_constraint(&mut self, key: &TableName, old: &str, new: &str) {
        let Some(t) = self.schema.tables.get_mut(key) else {
            return;
        };
        let names = t
            .primary_key
            .iter_mut()
            .map(|p| &mut p.name)
            .chain(t.uniques.iter_mut().map(|u| &mut u.name))
            .chain(t.foreign_keys.iter_mut().map(|f| &mut f.name))
            .chain(t.checks.iter_mut().map(|c| &mut c.name));
        for n in names {
            if n.as_deref() == Some(old) {
                *n = Some(new.to_string());
                return;
            }
        }
        self.warn(format!(
            "table {key} has no constraint {old} to rename in the replayed schema"
        ));
    }

    /// Drops a column and, as PostgreSQL does, every key, index and check
    /// that uses it, and the foreign keys elsewhere that reference it.
    pub(super) fn drop_column(&mut self, key: &TableName, column: &str) {
        let d = self.dialect;
        let same = |a: &str| {
            if d == Dialect::Postgres {
                a == column
            } else {
                a.eq_ignore_ascii_case(column)
            }
        };
        let Some(t) = self.schema.tables.get_mut(key) else {
            return;
        };
        t.columns.retain(|c| !same(&c.name));
        if t.primary_key
            .as_ref()
            .is_some_and(|p| p.columns.iter().any(|c| same(c)))
        {
            t.primary_key = None;
        }
        t.uniques.retain(|u| !u.columns.iter().any(|c| same(c)));
        t.foreign_keys
            .retain(|f| !f.columns.iter().any(|c| same(c)));
        t.checks.retain(|c| !mentions(&c.expression, column, d));
        t.indexes.retain(|ix| {
            !(ix.parts.iter().any(|p| match &p.key {
                IndexKey::Column(c) => same(c),
                IndexKey::Expression(e) => mentions(e, column, d),
            }) || ix.include.iter().any(|c| same(c))
                || ix
                    .predicate
                    .as_deref()
                    .is_some_and(|p| mentions(p, column, d)))
        });
        for t in self.schema.tables.values_mut() {
            t.foreign_keys.retain(|f| {
                !(points_at(&f.references, key, d) && f.referenced_columns.iter().any(|c| same(c)))
            });
        }
    }

    /// Renames a column and every reference to it: keys, indexes, checks,
    /// and foreign keys elsewhere that reference it. Constraint and index
    /// names stay, as on the server.
    fn rename_column(&mut self, key: &TableName, old: &str, new: &str) {
        let d = self.dialect;
        let swap = |c: &mut String| {
            let hit = if d == Dialect::Postgres {
                c == old
            } else {
                c.eq_ignore_ascii_case(old)
            };
            if hit {
                *c = new.to_string();
            }
        };
        let Some(t) = self.schema.tables.get_mut(key) else {
            return;
        };
        for c in t.columns.iter_mut() {
            swap(&mut c.name);
        }
        if let Some(p) = &mut t.primary_key {
            p.columns.iter_mut().for_each(swap);
        }
        for u in &mut t.uniques {
            u.columns.iter_mut().for_each(swap);
        }
        for f in &mut t.foreign_keys {
            f.columns.iter_mut().for_each(swap);
        }
        for c in &mut t.checks {
            c.expression = rename_column(&c.expression, old, new, d);
        }
        for ix in &mut t.indexes {
            for p in &mut ix.parts {
                match &mut p.key {
                    IndexKey::Column(c) => swap(c),
                    IndexKey::Expression(e) => *e = rename_column(e, old, new, d),
                }
            }
            ix.include.iter_mut().for_each(swap);
            if let Some(p) = &mut ix.predicate {
                *p = rename_column(p, old, new, d);
            }
        }
        for t in self.schema.tables.values_mut() {
            for f in &mut t.foreign_keys {
                if points_at(&f.references, key, d) {
                    f.referenced_columns.iter_mut().for_each(swap);
                }
            }
        }
    }

    fn rename_table(&mut self, key: &mut TableName, new: &str) {
        let new_key = TableName {
            schema: key.schema.clone(),
            name: new.to_string(),
        };
        let clash = self.schema.tables.contains_key(&new_key)
            || (!self.pg()
                && !self.same(&key.name, new)
                && self
                    .schema
                    .tables
                    .keys()
                    .any(|k| k.schema == new_key.schema && self.same(&k.name, new)));
        if clash {
            return self.warn(format!(
                "cannot rename {key} to {new}: {new_key} exists already"
            ));
        }
        self.retarget_table(key, &new_key);
        *key = new_key;
    }

    /// Moves table `old` to key `new` and points foreign keys at it there.
    pub(super) fn retarget_table(&mut self, old: &TableName, new: &TableName) {
        let Some(mut t) = self.schema.tables.remove(old) else {
            return;
        };
        t.name = new.clone();
        self.schema.tables.insert(new.clone(), t);
        let pg = self.pg();
        for t in self.schema.tables.values_mut() {
            for f in &mut t.foreign_keys {
                let hit = f.references.schema == old.schema
                    && if pg {
                        f.references.name == old.name
                    } else {
                        f.references.name.eq_ignore_ascii_case(&old.name)
                    };
                if hit {
                    f.references = new.clone();
                }
            }
        }
    }

    /// `ALTER TABLE … SET SCHEMA s`.
    pub(super) fn move_table(&mut self, name: &[Ident], if_exists: bool, to: &str) {
        let Some(key) = self.find_table(name) else {
            let shown = self.new_name(name);
            if if_exists {
                return self.note(format!(
                    "ALTER TABLE IF EXISTS {shown}: no such table, nothing done"
                ));
            }
            return self.warn(format!(
                "ALTER TABLE {shown} SET SCHEMA: no such table in the replayed schema"
            ));
        };
        let new = TableName::qualified(Some(to), key.name.clone());
        if self.schema.tables.contains_key(&new) {
            return self.warn(format!(
                "cannot move {key} to schema {to}: {new} exists already"
            ));
        }
        self.retarget_table(&key, &new);
    }

    /// A nextval default of the column's own sequence (`{table}_{col}_seq`,
    /// or one declared `OWNED BY` it) is how `pg_dump` writes a serial
    /// column: the column is serial, with no default.
    pub(super) fn serial_from_default(&mut self, key: &TableName, column: &str) {
        if !self.pg() {
            return;
        }
        let own = implicit_name(&key.name, &[column], "seq");
        let owned: Vec<TableName> = self
            .owned
            .iter()
            .filter(|(_, t, c)| t == key && c == column)
            .map(|(s, _, _)| s.clone())
            .collect();
        let Some(c) = self.column_mut(key, column) else {
            return;
        };
        if c.identity.is_some() {
            return;
        }
        let Some(seq) = c
            .default
            .as_deref()
            .and_then(|d| d.strip_prefix("nextval('"))
            .and_then(|d| d.strip_suffix("')"))
        else {
            return;
        };
        let (schema, name) = match seq.rsplit_once('.') {
            Some((s, n)) => (
                Some(s.trim_matches('"').to_string()),
                n.trim_matches('"').to_string(),
            ),
            None => (None, seq.trim_matches('"').to_string()),
        };
        let same_schema =
            TableName::qualified(schema.as_deref(), name.clone()).schema == key.schema;
        let seq_key = TableName::qualified(schema.as_deref(), name.clone());
        if (name == own && (schema.is_none() || same_schema)) || owned.contains(&seq_key) {
            c.identity = Some(Identity::Serial);
            c.default = None;
        }
    }

    // ---- indexes -----------------------------------------------------------

    // ---- DROP --------------------------------------------------------------

    // ---- enums -----------------------------------------------------------

    // ---- comments ----------------------------------------------------------
}

/// Whether a foreign key's target names table `key` (SQLite keeps the
/// target as the REFERENCES clause spells it, matched without case).
fn points_at(target: &TableName, key: &TableName, dialect: Dialect) -> bool {
    match dialect {
        Dialect::Postgres => target == key,
        _ => target.schema == key.schema && target.name.eq_ignore_ascii_case(&key.name),
    }
}

/// The ops of a `CREATE TABLE` in the order PostgreSQL creates them: checks,
/// then the primary key, the unique constraints, the foreign keys. A unique
/// constraint on the same columns as the primary key or an earlier unique
/// constraint makes no second index (`transformIndexConstraints`); its name
/// goes to the earlier one if that had none.
fn create_order(mut ops: Vec<Op>, rowid_key: bool) -> Vec<Op> {
    ops.sort_by_key(|op| match op {
        Op::Check { .. } => 0,
        Op::PrimaryKey { .. } => 1,
        Op::Unique { .. } | Op::FromIndex { .. } => 2,
        Op::CopyIndex(_) => 3,
        Op::ForeignKey(_) => 4,
        _ => 5,
    });
    let mut out: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops {
        if let Op::Unique { name, columns } = &op {
            let prior = out.iter_mut().find_map(|p| match p {
                Op::PrimaryKey {
                    name: n,
                    columns: c,
                    ..
                } if c == columns && !rowid_key => Some(n),
                Op::Unique {
                    name: n,
                    columns: c,
                } if c == columns => Some(n),
                _ => None,
            });
            if let Some(n) = prior {
                if n.is_none() {
                    *n = name.clone();
                }
                continue;
            }
        }
        out.push(op);
    }
    out
}

//! Targets, as Alembic spells them: `head`, `heads`, `base`, an id or unique
//! prefix, a branch label, `label@head`, `label@base`, `+N`, `-N`, `REV+N`,
//! `REV-N`, `label@+N`, `label@-N`; and ranges `START:END`.
//!
//! [`Target::parse`] only splits the text; what it means depends on the
//! graph and, for relative targets, on where the database is. Resolution
//! lives in [`crate::plan`] (for upgrades and downgrades) and in
//! [`Graph::resolve_point`] (for a single revision, as `show` and ranges need).

use std::fmt;
use std::str::FromStr;

use miette::Diagnostic;
use thiserror::Error;

use crate::graph::{Graph, Lookup};

/// A parsed target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `head`: the one head (an error when there are several).
    Head,
    /// `heads`: every head.
    Heads,
    /// `base`: before the first revision.
    Base,
    /// An id, a unique id prefix or a branch label.
    Rev(String),
    /// `label@head`.
    LabelHead(String),
    /// `label@base`.
    LabelBase(String),
    /// `+N` / `-N` (from the current revision), `REV+N`, `label@+N`.
    Relative { anchor: Anchor, steps: i64 },
}

/// What a relative target counts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The database's current revision.
    Current,
    /// A revision id, prefix or label: `REV+N`.
    Rev(String),
    /// The current position within a branch: `label@+N`.
    Branch(String),
}

impl Target {
    pub fn parse(s: &str) -> Result<Target, TargetError> {
        let s = s.trim();
        let bad = |why: &str| TargetError::Syntax {
            target: s.to_string(),
            reason: why.to_string(),
        };
        match s {
            "" => return Err(bad("the target is empty")),
            "head" => return Ok(Target::Head),
            "heads" => return Ok(Target::Heads),
            "base" => return Ok(Target::Base),
            "current" => {
                return Err(bad(
                    "`current` is only meaningful in a range, e.g. `-r current:head`",
                ));
            }
            _ => {}
        }
        if let Some(steps) = signed_steps(s) {
            return Ok(Target::Relative {
                anchor: Anchor::Current,
                steps: steps.map_err(|e| bad(&e))?,
            });
        }
        if let Some((label, rest)) = s.split_once('@') {
            if label.is_empty() {
                return Err(bad("a branch label is missing before `@`"));
            }
            return match rest {
                "head" => Ok(Target::LabelHead(label.to_string())),
                "base" => Ok(Target::LabelBase(label.to_string())),
                _ => match signed_steps(rest) {
                    Some(steps) => Ok(Target::Relative {
                        anchor: Anchor::Branch(label.to_string()),
                        steps: steps.map_err(|e| bad(&e))?,
                    }),
                    None => Err(bad("after `label@` comes `head`, `base`, `+N` or `-N`")),
                },
            };
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+'))
        {
            return Err(bad(
                "expected head, heads, base, a revision id or prefix, a branch label, label@head, +N, -N or REV+N",
            ));
        }
        Ok(Target::Rev(s.to_string()))
    }

    /// Whether the meaning depends on the database's current revision.
    pub fn needs_current(&self) -> bool {
        matches!(
            self,
            Target::Relative {
                anchor: Anchor::Current | Anchor::Branch(_),
                ..
            }
        )
    }
}

/// `+N` / `-N` with N > 0; `None` when `s` is not of that shape.
fn signed_steps(s: &str) -> Option<Result<i64, String>> {
    let (sign, digits) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match digits.parse::<i64>() {
        Ok(0) => Err("a relative step count must be at least 1".to_string()),
        Ok(n) => Ok(sign * n),
        Err(_) => Err("the step count is too large".to_string()),
    })
}

impl FromStr for Target {
    type Err = TargetError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::parse(s)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Head => f.write_str("head"),
            Target::Heads => f.write_str("heads"),
            Target::Base => f.write_str("base"),
            Target::Rev(r) => f.write_str(r),
            Target::LabelHead(l) => write!(f, "{l}@head"),
            Target::LabelBase(l) => write!(f, "{l}@base"),
            Target::Relative { anchor, steps } => {
                match anchor {
                    Anchor::Current => {}
                    Anchor::Rev(r) => f.write_str(r)?,
                    Anchor::Branch(l) => write!(f, "{l}@")?,
                }
                write!(f, "{steps:+}")
            }
        }
    }
}

/// A range `START:END` for `history` and offline `--sql`; either side may be
/// left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub start: Option<RangeEnd>,
    pub end: Option<RangeEnd>,
}

/// One side of a range: a target, or `current` (the database's revision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeEnd {
    Current,
    Target(Target),
}

impl Range {
    pub fn parse(s: &str) -> Result<Range, TargetError> {
        let Some((a, b)) = s.split_once(':') else {
            return Err(TargetError::Syntax {
                target: s.to_string(),
                reason:
                    "a range is START:END (either side may be empty), e.g. `base:head` or `ae1f:`"
                        .into(),
            });
        };
        let side = |t: &str| -> Result<Option<RangeEnd>, TargetError> {
            match t.trim() {
                "" => Ok(None),
                "current" => Ok(Some(RangeEnd::Current)),
                t => Target::parse(t).map(|t| Some(RangeEnd::Target(t))),
            }
        };
        Ok(Range {
            start: side(a)?,
            end: side(b)?,
        })
    }
}

impl Graph {
    /// Resolves a target that names revisions without reference to a
    /// database: ids, prefixes, labels, `head(s)`, `label@head`,
    /// `label@base`, `REV±N`. `base` resolves to no revision.
    pub fn resolve_point(&self, target: &Target) -> Result<Vec<usize>, TargetError> {
        match target {
            Target::Head => Ok(vec![self.single_head()?]),
            Target::Heads => Ok(self.heads()),
            Target::Base => Ok(Vec::new()),
            Target::Rev(s) => match self.normalize(target) {
                Target::Rev(_) => self.resolve_name(s).map(|i| vec![i]),
                relative => self.resolve_point(&relative),
            },
            Target::LabelHead(l) => self.label_head(l).map(|i| vec![i]),
            Target::LabelBase(l) => self.label_base(l).map(|i| vec![i]),
            Target::Relative {
                anchor: Anchor::Rev(r),
                steps,
            } => {
                let from = self.resolve_name(r)?;
                match self.walk(from, *steps, None, target)? {
                    Some(i) => Ok(vec![i]),
                    None => Ok(Vec::new()),
                }
            }
            Target::Relative { .. } => Err(TargetError::NeedsDatabase {
                target: target.to_string(),
            }),
        }
    }

    /// The single head; an error listing them when there are several.
    pub fn single_head(&self) -> Result<usize, TargetError> {
        let heads = self.heads();
        match heads.as_slice() {
            [] => Err(TargetError::NoRevisions),
            [h] => Ok(*h),
            _ => Err(TargetError::MultipleHeads {
                heads: self.describe(&heads),
            }),
        }
    }

    /// An exact id, a branch label or a unique id prefix; then `X+N` /
    /// `X-N` when the text ends in a signed number and isn't itself a name.
    pub fn resolve_rev(&self, s: &str) -> Result<usize, TargetError> {
        let target = Target::Rev(s.to_string());
        match self.normalize(&target) {
            Target::Relative {
                anchor: Anchor::Rev(anchor),
                steps,
            } => {
                let from = self.resolve_name(&anchor)?;
                self.walk(from, steps, None, &target)?
                    .ok_or_else(|| TargetError::PastBase {
                        target: target.to_string(),
                    })
            }
            _ => self.resolve_name(s),
        }
    }

    /// Turns `Rev("ae1f+2")` into `Relative { Rev("ae1f"), 2 }` unless the
    /// whole text names a revision or label; other targets are returned as
    /// they are.
    pub fn normalize(&self, target: &Target) -> Target {
        if let Target::Rev(s) = target {
            if !matches!(self.lookup_name(s), Lookup::NotFound) {
                return target.clone();
            }
            if let Some(pos) = s.rfind(['+', '-'])
                && let (anchor, Some(Ok(steps))) = (&s[..pos], signed_steps(&s[pos..]))
                && !anchor.is_empty()
            {
                return Target::Relative {
                    anchor: Anchor::Rev(anchor.to_string()),
                    steps,
                };
            }
        }
        target.clone()
    }

    fn lookup_name(&self, s: &str) -> Lookup {
        match self.label(s) {
            Some(i) => Lookup::Found(i),
            None => self.lookup(s),
        }
    }

    /// An exact id, a branch label or a unique id prefix.
    pub fn resolve_name(&self, s: &str) -> Result<usize, TargetError> {
        match self.lookup_name(s) {
            Lookup::Found(i) => Ok(i),
            Lookup::Ambiguous(v) => Err(TargetError::Ambiguous {
                prefix: s.to_string(),
                candidates: self.describe(&v),
            }),
            Lookup::NotFound => Err(TargetError::Unknown {
                target: s.to_string(),
                help: self.unknown_help(s),
            }),
        }
    }

    fn unknown_help(&self, s: &str) -> String {
        let labels: Vec<&str> = self.labels().keys().map(String::as_str).collect();
        let mut help = String::from("`cargo schema history` lists the revisions");
        if !labels.is_empty() {
            help.push_str(&format!("; branch labels: {}", labels.join(", ")));
        }
        if let Some(close) = labels
            .iter()
            .find(|l| crate::migration::edit_distance(l, s) <= 2)
        {
            help = format!("did you mean the branch `{close}`? {help}");
        }
        help
    }

    pub fn label_rev(&self, label: &str) -> Result<usize, TargetError> {
        self.label(label).ok_or_else(|| TargetError::UnknownLabel {
            label: label.to_string(),
            labels: if self.labels().is_empty() {
                "none (add one with `cargo schema revision --branch-label NAME`)".into()
            } else {
                self.labels().keys().cloned().collect::<Vec<_>>().join(", ")
            },
        })
    }

    pub fn label_head(&self, label: &str) -> Result<usize, TargetError> {
        let members = self.branch_members(self.label_rev(label)?);
        let heads: Vec<usize> = self.heads().into_iter().filter(|&h| members[h]).collect();
        match heads.as_slice() {
            [h] => Ok(*h),
            _ => Err(TargetError::MultipleHeads {
                heads: self.describe(&heads),
            }),
        }
    }

    /// The first revision of a branch.
    pub fn label_base(&self, label: &str) -> Result<usize, TargetError> {
        let members = self.branch_members(self.label_rev(label)?);
        Ok((0..self.len())
            .find(|&i| members[i])
            .expect("a branch has its labelled revision"))
    }

    /// Walks `steps` revisions from `from`: forward through children (there
    /// must be one to follow), backward through parents. Stepping back past
    /// a base gives `None` (base). `within` limits the walk to a branch.
    pub(crate) fn walk(
        &self,
        from: usize,
        steps: i64,
        within: Option<&crate::graph::RevSet>,
        target: &Target,
    ) -> Result<Option<usize>, TargetError> {
        let allowed = |i: &usize| within.is_none_or(|w| w[*i]);
        let mut cur = from;
        for done in 0..steps.unsigned_abs() {
            let next: Vec<usize> = if steps > 0 {
                self.children_of(cur)
                    .iter()
                    .copied()
                    .filter(allowed)
                    .collect()
            } else {
                self.parents_of(cur)
                    .iter()
                    .copied()
                    .filter(allowed)
                    .collect()
            };
            match next.as_slice() {
                [n] => cur = *n,
                [] if steps < 0 && done + 1 == steps.unsigned_abs() => return Ok(None),
                [] => {
                    return Err(TargetError::OutOfRange {
                        target: target.to_string(),
                        reason: if steps > 0 {
                            format!("{} is a head after {done} step(s)", self.get(cur).id())
                        } else {
                            format!("{} is a base after {done} step(s)", self.get(cur).id())
                        },
                    });
                }
                many => {
                    return Err(TargetError::AmbiguousWalk {
                        target: target.to_string(),
                        at: self.get(cur).id().to_string(),
                        options: self.describe(many),
                    });
                }
            }
        }
        Ok(Some(cur))
    }
}

/// A target that doesn't name anything in this graph, or names too much.
#[derive(Debug, Error, Diagnostic)]
pub enum TargetError {
    #[error("invalid target `{target}`: {reason}")]
    #[diagnostic(
        code(schema::target::syntax),
        help(
            "targets: head, heads, base, an id or unique prefix, a branch label, label@head, label@base, +N, -N, REV+N, REV-N, label@+N; ranges START:END"
        )
    )]
    Syntax { target: String, reason: String },

    #[error("the migrations directory has no revisions")]
    #[diagnostic(
        code(schema::target::no_revisions),
        help("create one with `cargo schema revision -m \"create users\"`")
    )]
    NoRevisions,

    #[error("multiple head revisions are present: {heads}")]
    #[diagnostic(
        code(schema::target::multiple_heads),
        help(
            "merge them with `cargo schema merge -m \"merge\" heads`, or name one head (an id or `label@head`), or use `heads` for all of them"
        )
    )]
    MultipleHeads { heads: String },

    #[error("no revision matches `{target}`")]
    #[diagnostic(code(schema::target::unknown), help("{help}"))]
    Unknown { target: String, help: String },

    #[error("`{prefix}` is ambiguous: it is a prefix of {candidates}")]
    #[diagnostic(code(schema::target::ambiguous), help("write more of the id"))]
    Ambiguous { prefix: String, candidates: String },

    #[error("unknown branch label `{label}`")]
    #[diagnostic(code(schema::target::unknown_label), help("branch labels: {labels}"))]
    UnknownLabel { label: String, labels: String },

    #[error("`{target}` is ambiguous: at {at} the walk can go to {options}")]
    #[diagnostic(
        code(schema::target::ambiguous_walk),
        help("name a revision id, or a branch with `label@+N` / `label@-N`")
    )]
    AmbiguousWalk {
        target: String,
        at: String,
        options: String,
    },

    #[error("`{target}` goes too far: {reason}")]
    #[diagnostic(code(schema::target::out_of_range))]
    OutOfRange { target: String, reason: String },

    #[error("`{target}` steps back past base")]
    #[diagnostic(code(schema::target::past_base))]
    PastBase { target: String },

    #[error("`{target}` is relative to the database's current revision")]
    #[diagnostic(
        code(schema::target::needs_database),
        help("name a revision instead, e.g. `REV+1`, or run against a database")
    )]
    NeedsDatabase { target: String },

    #[error("the database has several current heads ({heads}); `{target}` needs one")]
    #[diagnostic(
        code(schema::target::several_current),
        help("name the branch: `label@{steps:+}`, or a revision: `REV{steps:+}`")
    )]
    SeveralCurrent {
        target: String,
        heads: String,
        steps: i64,
    },

    #[error(
        "revision {rev} is not applied, so it can't be downgraded to (the database is at {current})"
    )]
    #[diagnostic(
        code(schema::target::not_applied),
        help(
            "`cargo schema current` shows where the database is; downgrade to an applied revision or `base`"
        )
    )]
    NotApplied { rev: String, current: String },

    #[error("`{target}` is a downgrade target; use `cargo schema downgrade {target}`")]
    #[diagnostic(code(schema::target::wrong_direction))]
    DowngradeTarget { target: String },

    #[error("`{target}` is an upgrade target; use `cargo schema upgrade {target}`")]
    #[diagnostic(code(schema::target::wrong_direction))]
    UpgradeTarget { target: String },

    #[error("revision {rev} is irreversible ({path}); the downgrade would have to go past it")]
    #[diagnostic(
        code(schema::target::irreversible),
        help(
            "downgrade to {rev} or a later revision; to go further, restore from a backup or write a new revision that undoes the change"
        )
    )]
    Irreversible { rev: String, path: String },

    #[error("the database is at {rev}, which no migration file has")]
    #[diagnostic(
        code(schema::target::unknown_current),
        help(
            "a revision file was deleted or renamed after it was applied; restore it, or stamp the database to a known revision (`cargo schema stamp REV --purge`) once you know its real schema"
        )
    )]
    UnknownCurrent { rev: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{graph, rev, rev_with};

    #[test]
    fn parses_every_form() {
        use Anchor::*;
        assert_eq!(Target::parse("head").unwrap(), Target::Head);
        assert_eq!(Target::parse("heads").unwrap(), Target::Heads);
        assert_eq!(Target::parse("base").unwrap(), Target::Base);
        assert_eq!(Target::parse("ae1f").unwrap(), Target::Rev("ae1f".into()));
        assert_eq!(
            Target::parse("billing@head").unwrap(),
            Target::LabelHead("billing".into())
        );
        assert_eq!(
            Target::parse("billing@base").unwrap(),
            Target::LabelBase("billing".into())
        );
        assert_eq!(
            Target::parse("+2").unwrap(),
            Target::Relative {
                anchor: Current,
                steps: 2
            }
        );
        assert_eq!(
            Target::parse("-1").unwrap(),
            Target::Relative {
                anchor: Current,
                steps: -1
            }
        );
        assert_eq!(
            Target::parse("billing@+3").unwrap(),
            Target::Relative {
                anchor: Branch("billing".into()),
                steps: 3
            }
        );
        assert_eq!(
            Target::parse("ae1f+2").unwrap(),
            Target::Rev("ae1f+2".into())
        );
        assert!(Target::parse("").is_err());
        assert!(Target::parse("+0").is_err());
        assert!(Target::parse("a b").is_err());
        assert!(Target::parse("@head").is_err());
        assert!(Target::parse("x@sideways").is_err());
        for s in [
            "head", "heads", "base", "ab12", "x@head", "x@base", "+2", "-1", "x@+1", "x@-2",
        ] {
            assert_eq!(Target::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn ranges() {
        let r = Range::parse("base:head").unwrap();
        assert_eq!(r.start, Some(RangeEnd::Target(Target::Base)));
        assert_eq!(r.end, Some(RangeEnd::Target(Target::Head)));
        let r = Range::parse(":ab").unwrap();
        assert_eq!(r.start, None);
        let r = Range::parse("current:").unwrap();
        assert_eq!(r.start, Some(RangeEnd::Current));
        assert!(Range::parse("head").is_err());
    }

    #[test]
    fn points() {
        let g = graph(&[("a1", ""), ("b2", "a1"), ("c3", "b2"), ("d4", "b2")]);
        let id = |v: Vec<usize>| {
            v.iter()
                .map(|&i| g.get(i).id().to_string())
                .collect::<Vec<_>>()
        };
        assert!(matches!(
            g.resolve_point(&Target::Head),
            Err(TargetError::MultipleHeads { .. })
        ));
        assert_eq!(id(g.resolve_point(&Target::Heads).unwrap()), ["c3", "d4"]);
        assert_eq!(
            id(g.resolve_point(&Target::parse("a1+1").unwrap()).unwrap()),
            ["b2"]
        );
        assert_eq!(
            id(g.resolve_point(&Target::parse("c3-2").unwrap()).unwrap()),
            ["a1"]
        );
        assert!(matches!(
            g.resolve_rev("a1+2"),
            Err(TargetError::AmbiguousWalk { .. })
        ));
        assert!(matches!(
            g.resolve_rev("zz"),
            Err(TargetError::Unknown { .. })
        ));
        assert!(
            g.resolve_point(&Target::parse("c3-3").unwrap())
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            g.resolve_point(&Target::parse("c3-4").unwrap()),
            Err(TargetError::OutOfRange { .. })
        ));
    }

    #[test]
    fn labels() {
        let g = crate::graph::Graph::new(vec![
            rev("a1", ""),
            rev("b2", "a1"),
            rev_with("x1", "", |h| h.branch_labels = vec!["billing".into()]),
            rev("x2", "x1"),
        ])
        .unwrap();
        let name = |i: usize| g.get(i).id().to_string();
        assert_eq!(name(g.label_head("billing").unwrap()), "x2");
        assert_eq!(name(g.label_base("billing").unwrap()), "x1");
        assert_eq!(name(g.resolve_rev("billing").unwrap()), "x1");
        assert!(matches!(
            g.label_head("bill"),
            Err(TargetError::UnknownLabel { .. })
        ));
        assert!(matches!(
            g.resolve_rev("billin"),
            Err(TargetError::Unknown { .. })
        ));
    }
}

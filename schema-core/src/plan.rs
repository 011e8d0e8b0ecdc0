//! Plans: which revisions an upgrade or downgrade runs, in which order, and
//! how the version table changes after each step.
//!
//! The database's state is the set of rows of its version table (one per
//! current head, as in Alembic). What is applied is those rows and
//! everything they need (parents and dependencies). An upgrade to a target
//! applies what the target needs that isn't applied yet, parents first. A
//! downgrade to a revision reverts everything applied that comes after it
//! (children and dependents, transitively), children first.

use serde::Serialize;

use crate::graph::{Graph, RevSet};
use crate::migration::RevId;
use crate::target::{Anchor, Target, TargetError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// One revision run in one direction, with the version-table rows it
/// removes and adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Index of the revision in the graph.
    #[serde(skip)]
    pub index: usize,
    pub revision: RevId,
    pub direction: Direction,
    pub rows_removed: Vec<RevId>,
    pub rows_added: Vec<RevId>,
}

/// An ordered list of steps from one state to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub direction: Direction,
    /// Version-table rows before the first step.
    pub before: Vec<RevId>,
    /// Version-table rows after the last step.
    pub after: Vec<RevId>,
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// The applied set for version-table rows; an unknown row is an error.
pub fn applied_set(graph: &Graph, rows: &[RevId]) -> Result<RevSet, TargetError> {
    let mut roots = Vec::with_capacity(rows.len());
    for row in rows {
        let i = graph
            .index_of(row.as_str())
            .ok_or_else(|| TargetError::UnknownCurrent {
                rev: row.to_string(),
            })?;
        roots.push(i);
    }
    Ok(graph.ancestors_or_self(roots))
}

/// The plan that upgrades a database at `current` to `target`.
pub fn upgrade(graph: &Graph, current: &[RevId], target: &Target) -> Result<Plan, TargetError> {
    let before = applied_set(graph, current)?;
    let target = graph.normalize(target);
    let wanted: Vec<usize> = match &target {
        Target::Relative { steps, .. } if *steps < 0 && target.needs_current() => {
            return Err(TargetError::DowngradeTarget {
                target: target.to_string(),
            });
        }
        Target::Relative {
            anchor: Anchor::Current,
            steps,
        } => {
            let rows = graph.rows_of(&before);
            let start = match rows.as_slice() {
                [] => None,
                [r] => Some(*r),
                many => {
                    return Err(TargetError::SeveralCurrent {
                        target: target.to_string(),
                        heads: graph.describe(many),
                        steps: *steps,
                    });
                }
            };
            vec![forward_from(graph, start, *steps, None, &target)?]
        }
        Target::Relative {
            anchor: Anchor::Branch(label),
            steps,
        } => {
            let members = graph.branch_members(graph.label_rev(label)?);
            let start = highest_applied(graph, &before, &members, &target, *steps)?;
            vec![forward_from(graph, start, *steps, Some(&members), &target)?]
        }
        other => graph.resolve_point(other)?,
    };
    let after = or(&before, &graph.ancestors_or_self(wanted));
    Ok(between(graph, &before, &after, Direction::Up))
}

/// The plan that downgrades a database at `current` to `target`.
pub fn downgrade(graph: &Graph, current: &[RevId], target: &Target) -> Result<Plan, TargetError> {
    let before = applied_set(graph, current)?;
    let target = graph.normalize(target);
    let applied_desc = |roots: Vec<usize>| and(&before, &graph.descendants_or_self(roots));
    let removed: RevSet = match &target {
        Target::Relative { steps, .. } if *steps > 0 => {
            return Err(TargetError::UpgradeTarget {
                target: target.to_string(),
            });
        }
        Target::Base => before.clone(),
        Target::LabelBase(label) => {
            let members = graph.branch_members(graph.label_rev(label)?);
            applied_desc((0..graph.len()).filter(|&i| members[i]).collect())
        }
        Target::Relative { anchor, steps } => {
            let start = match anchor {
                Anchor::Current => {
                    let rows = graph.rows_of(&before);
                    match rows.as_slice() {
                        [r] => *r,
                        [] => {
                            return Err(TargetError::OutOfRange {
                                target: target.to_string(),
                                reason: "the database is at base".into(),
                            });
                        }
                        many => {
                            return Err(TargetError::SeveralCurrent {
                                target: target.to_string(),
                                heads: graph.describe(many),
                                steps: *steps,
                            });
                        }
                    }
                }
                Anchor::Branch(label) => {
                    let members = graph.branch_members(graph.label_rev(label)?);
                    highest_applied(graph, &before, &members, &target, *steps)?.ok_or_else(
                        || TargetError::OutOfRange {
                            target: target.to_string(),
                            reason: format!("nothing of branch `{label}` is applied"),
                        },
                    )?
                }
                Anchor::Rev(r) => graph.resolve_name(r)?,
            };
            if !before[start] {
                return Err(not_applied(graph, &before, start));
            }
            // The revisions walked over (start and the ones below it) go,
            // with whatever came after them.
            let mut walked = vec![start];
            for _ in 1..steps.unsigned_abs() {
                let cur = *walked.last().expect("walk starts with one");
                match graph.parents_of(cur) {
                    [p] => walked.push(*p),
                    [] => {
                        return Err(TargetError::OutOfRange {
                            target: target.to_string(),
                            reason: format!(
                                "{} is a base after {} step(s)",
                                graph.get(cur).id(),
                                walked.len()
                            ),
                        });
                    }
                    many => {
                        return Err(TargetError::AmbiguousWalk {
                            target: target.to_string(),
                            at: graph.get(cur).id().to_string(),
                            options: graph.describe(many),
                        });
                    }
                }
            }
            applied_desc(walked)
        }
        point => {
            let points = graph.resolve_point(point)?;
            for &p in &points {
                if !before[p] {
                    return Err(not_applied(graph, &before, p));
                }
            }
            let mut removed = applied_desc(points.clone());
            for p in points {
                removed[p] = false;
            }
            removed
        }
    };
    let after: RevSet = before
        .iter()
        .zip(&removed)
        .map(|(&b, &r)| b && !r)
        .collect();
    let plan = between(graph, &before, &after, Direction::Down);
    if let Some(step) = plan
        .steps
        .iter()
        .find(|s| graph.get(s.index).header.irreversible)
    {
        let m = graph.get(step.index);
        return Err(TargetError::Irreversible {
            rev: m.id().to_string(),
            path: m.path.display().to_string(),
        });
    }
    Ok(plan)
}

/// The plan between two applied sets, which must be ancestor-closed and one
/// a subset of the other (`after ⊇ before` for up, `after ⊆ before` for
/// down).
pub fn between(graph: &Graph, before: &RevSet, after: &RevSet, direction: Direction) -> Plan {
    let ids = |v: Vec<usize>| {
        v.into_iter()
            .map(|i| graph.get(i).id().clone())
            .collect::<Vec<_>>()
    };
    let mut applied = before.clone();
    let mut rows: Vec<usize> = graph.rows_of(before);
    let mut steps = Vec::new();
    let order: Box<dyn Iterator<Item = usize>> = match direction {
        Direction::Up => Box::new(0..graph.len()),
        Direction::Down => Box::new((0..graph.len()).rev()),
    };
    for i in order {
        let (removed, added) = match direction {
            Direction::Up if after[i] && !applied[i] => {
                applied[i] = true;
                let removed: Vec<usize> = graph
                    .parents_of(i)
                    .iter()
                    .copied()
                    .filter(|p| rows.contains(p))
                    .collect();
                (removed, vec![i])
            }
            Direction::Down if applied[i] && !after[i] => {
                applied[i] = false;
                let added: Vec<usize> = graph
                    .parents_of(i)
                    .iter()
                    .copied()
                    .filter(|&p| !graph.children_of(p).iter().any(|&c| applied[c]))
                    .collect();
                (vec![i], added)
            }
            _ => continue,
        };
        rows.retain(|r| !removed.contains(r));
        for a in &added {
            if !rows.contains(a) {
                rows.push(*a);
            }
        }
        steps.push(Step {
            index: i,
            revision: graph.get(i).id().clone(),
            direction,
            rows_removed: ids(removed),
            rows_added: ids(added),
        });
    }
    Plan {
        direction,
        before: ids(graph.rows_of(before)),
        after: ids(graph.rows_of(&applied)),
        steps,
    }
}

fn or(a: &RevSet, b: &RevSet) -> RevSet {
    a.iter().zip(b).map(|(&x, &y)| x || y).collect()
}

fn and(a: &RevSet, b: &RevSet) -> RevSet {
    a.iter().zip(b).map(|(&x, &y)| x && y).collect()
}

fn not_applied(graph: &Graph, applied: &RevSet, rev: usize) -> TargetError {
    let rows = graph.rows_of(applied);
    TargetError::NotApplied {
        rev: graph.get(rev).id().to_string(),
        current: if rows.is_empty() {
            "base".into()
        } else {
            rows.iter()
                .map(|&i| graph.get(i).id().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        },
    }
}

/// The newest applied revision of a branch (`None` when none is applied).
fn highest_applied(
    graph: &Graph,
    applied: &RevSet,
    members: &RevSet,
    target: &Target,
    steps: i64,
) -> Result<Option<usize>, TargetError> {
    let tips: Vec<usize> = (0..graph.len())
        .filter(|&i| {
            applied[i]
                && members[i]
                && !graph
                    .children_of(i)
                    .iter()
                    .any(|&c| applied[c] && members[c])
        })
        .collect();
    match tips.as_slice() {
        [] => Ok(None),
        [t] => Ok(Some(*t)),
        many => Err(TargetError::SeveralCurrent {
            target: target.to_string(),
            heads: graph.describe(many),
            steps,
        }),
    }
}

/// `steps` forward from `start`, or from before the (single) base when
/// `start` is `None`.
fn forward_from(
    graph: &Graph,
    start: Option<usize>,
    steps: i64,
    within: Option<&RevSet>,
    target: &Target,
) -> Result<usize, TargetError> {
    let (from, steps) = match start {
        Some(s) => (s, steps),
        None => {
            let bases: Vec<usize> = (0..graph.len())
                .filter(|&i| within.is_none_or(|w| w[i]))
                .filter(|&i| {
                    graph
                        .parents_of(i)
                        .iter()
                        .all(|&p| within.is_some_and(|w| !w[p]))
                })
                .collect();
            match bases.as_slice() {
                [] => return Err(TargetError::NoRevisions),
                [b] => (*b, steps - 1),
                many => {
                    return Err(TargetError::AmbiguousWalk {
                        target: target.to_string(),
                        at: "base".into(),
                        options: graph.describe(many),
                    });
                }
            }
        }
    };
    Ok(graph
        .walk(from, steps, within, target)?
        .expect("a forward walk never reaches base"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::graph::tests::{graph, rev, rev_with};

    fn ids(v: &[&str]) -> Vec<RevId> {
        v.iter().map(|s| RevId::parse(s).unwrap()).collect()
    }

    fn steps(p: &Plan) -> Vec<&str> {
        p.steps.iter().map(|s| s.revision.as_str()).collect()
    }

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn linear() {
        let g = graph(&[("a", ""), ("b", "a"), ("c", "b"), ("d", "c")]);
        let p = upgrade(&g, &[], &t("head")).unwrap();
        assert_eq!(steps(&p), ["a", "b", "c", "d"]);
        assert_eq!(p.after, ids(&["d"]));
        assert_eq!(p.steps[1].rows_removed, ids(&["a"]));
        assert_eq!(p.steps[1].rows_added, ids(&["b"]));
        assert_eq!(steps(&upgrade(&g, &ids(&["b"]), &t("+1")).unwrap()), ["c"]);
        assert_eq!(steps(&upgrade(&g, &[], &t("+2")).unwrap()), ["a", "b"]);
        assert_eq!(
            steps(&upgrade(&g, &ids(&["b"]), &t("a")).unwrap()),
            Vec::<&str>::new()
        );
        assert_eq!(
            steps(&upgrade(&g, &ids(&["a"]), &t("a+2")).unwrap()),
            ["b", "c"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["d"]), &t("-1")).unwrap()),
            ["d"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["d"]), &t("-2")).unwrap()),
            ["d", "c"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["d"]), &t("b")).unwrap()),
            ["d", "c"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["d"]), &t("c-1")).unwrap()),
            ["d", "c"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["d"]), &t("base")).unwrap()),
            ["d", "c", "b", "a"]
        );
        assert_eq!(
            downgrade(&g, &ids(&["d"]), &t("base")).unwrap().after,
            Vec::<RevId>::new()
        );
        assert!(matches!(
            downgrade(&g, &ids(&["b"]), &t("c")),
            Err(TargetError::NotApplied { .. })
        ));
        assert!(matches!(
            upgrade(&g, &ids(&["b"]), &t("-1")),
            Err(TargetError::DowngradeTarget { .. })
        ));
        assert!(matches!(
            downgrade(&g, &ids(&["b"]), &t("+1")),
            Err(TargetError::UpgradeTarget { .. })
        ));
        assert!(matches!(
            downgrade(&g, &ids(&["b"]), &t("-3")),
            Err(TargetError::OutOfRange { .. })
        ));
        assert!(matches!(
            upgrade(&g, &ids(&["zz"]), &t("head")),
            Err(TargetError::UnknownCurrent { .. })
        ));
    }

    #[test]
    fn branches_and_merge() {
        // a - b - m, a - c - m (merge), x labelled `billing` from base.
        let g = Graph::new(vec![
            rev("a", ""),
            rev("b", "a"),
            rev("c", "a"),
            rev("m", "b, c"),
            rev_with("x", "", |h| h.branch_labels = vec!["billing".into()]),
            rev("y", "x"),
        ])
        .unwrap();
        assert!(matches!(
            upgrade(&g, &[], &t("head")),
            Err(TargetError::MultipleHeads { .. })
        ));
        let p = upgrade(&g, &[], &t("heads")).unwrap();
        assert_eq!(p.after, ids(&["m", "y"]));
        let p = upgrade(&g, &ids(&["b"]), &t("m")).unwrap();
        assert_eq!(steps(&p), ["c", "m"]);
        assert_eq!(p.steps[0].rows_added, ids(&["c"]));
        assert_eq!(p.steps[1].rows_removed, ids(&["b", "c"]));
        // Downgrading the merge brings both parents back as heads.
        let p = downgrade(&g, &ids(&["m", "y"]), &t("m-1")).unwrap();
        assert_eq!(steps(&p), ["m"]);
        assert_eq!(p.after, ids(&["b", "c", "y"]));
        assert!(matches!(
            downgrade(&g, &ids(&["m"]), &t("-2")),
            Err(TargetError::AmbiguousWalk { .. })
        ));
        assert!(matches!(
            downgrade(&g, &ids(&["m", "y"]), &t("-1")),
            Err(TargetError::SeveralCurrent { .. })
        ));
        // Branch-relative targets.
        assert_eq!(
            steps(&upgrade(&g, &ids(&["m"]), &t("billing@+1")).unwrap()),
            ["x"]
        );
        assert_eq!(
            steps(&upgrade(&g, &ids(&["m"]), &t("billing@head")).unwrap()),
            ["x", "y"]
        );
        assert_eq!(
            steps(&downgrade(&g, &ids(&["m", "y"]), &t("billing@-1")).unwrap()),
            ["y"]
        );
        let p = downgrade(&g, &ids(&["m", "y"]), &t("billing@base")).unwrap();
        assert_eq!(steps(&p), ["y", "x"]);
        assert_eq!(p.after, ids(&["m"]));
        // Downgrading one branch point leaves the other branch alone.
        let p = downgrade(&g, &ids(&["m", "y"]), &t("a")).unwrap();
        assert_eq!(steps(&p), ["m", "c", "b"]);
        assert_eq!(p.after, ids(&["a", "y"]));
    }

    #[test]
    fn irreversible_stops_downgrades() {
        let g = Graph::new(vec![
            rev("a", ""),
            rev_with("b", "a", |h| h.irreversible = true),
            rev("c", "b"),
        ])
        .unwrap();
        assert_eq!(steps(&downgrade(&g, &ids(&["c"]), &t("b")).unwrap()), ["c"]);
        assert!(matches!(
            downgrade(&g, &ids(&["c"]), &t("a")),
            Err(TargetError::Irreversible { .. })
        ));
    }

    #[test]
    fn dependencies_are_applied_first_and_reverted_after() {
        let g = Graph::new(vec![
            rev("a", ""),
            rev("b", "a"),
            rev_with("x", "", |h| h.depends_on = vec![RevId::parse("b").unwrap()]),
        ])
        .unwrap();
        let p = upgrade(&g, &[], &t("x")).unwrap();
        assert_eq!(steps(&p), ["a", "b", "x"]);
        // b stays a row: x depends on it but does not merge it.
        assert_eq!(p.after, ids(&["b", "x"]));
        let p = downgrade(&g, &ids(&["b", "x"]), &t("a")).unwrap();
        assert_eq!(steps(&p), ["x", "b"]);
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        /// A random DAG: revision i revises 0..=2 earlier revisions, and
        /// sometimes depends on one more.
        fn dag() -> impl Strategy<Value = Graph> {
            (2usize..40)
                .prop_flat_map(|n| {
                    let parents = proptest::collection::vec(
                        (any::<u8>(), any::<u16>(), any::<u16>(), any::<u16>()),
                        n,
                    );
                    (Just(n), parents)
                })
                .prop_map(|(n, spec)| {
                    let mut revs = Vec::new();
                    for (i, (kind, p1, p2, d)) in spec.into_iter().enumerate().take(n) {
                        let name = |k: usize| format!("r{k:03}");
                        let mut parents = Vec::new();
                        if i > 0 {
                            match kind % 8 {
                                0 => {}
                                1 | 2 => {
                                    parents.push(name(p1 as usize % i));
                                    let q = p2 as usize % i;
                                    if !parents.contains(&name(q)) {
                                        parents.push(name(q));
                                    }
                                }
                                _ => parents.push(name(p1 as usize % i)),
                            }
                        }
                        let dep = (i > 1 && kind % 16 == 3).then(|| name(d as usize % i));
                        let dep = dep.filter(|d| !parents.contains(d));
                        revs.push(rev_with(&name(i), &parents.join(","), |h| {
                            if let Some(d) = dep {
                                h.depends_on = vec![RevId::parse(&d).unwrap()];
                            }
                        }));
                    }
                    Graph::new(revs).unwrap()
                })
        }

        fn state(g: &Graph, picks: &[u16]) -> Vec<RevId> {
            let roots = picks.iter().map(|&p| p as usize % g.len());
            let set = g.ancestors_or_self(roots);
            g.rows_of(&set)
                .into_iter()
                .map(|i| g.get(i).id().clone())
                .collect()
        }

        /// Every step's parents and dependencies are applied before it (up)
        /// or reverted after it (down), and the rows after each step are the
        /// rows of the applied set.
        fn check_order(g: &Graph, start: &[RevId], plan: &Plan) {
            let mut applied = applied_set(g, start).unwrap();
            let mut rows: Vec<RevId> = start.to_vec();
            for s in &plan.steps {
                let i = s.index;
                match s.direction {
                    Direction::Up => {
                        assert!(!applied[i]);
                        for &p in g.parents_of(i).iter().chain(g.depends_of(i)) {
                            assert!(
                                applied[p],
                                "{} before its parent {}",
                                s.revision,
                                g.get(p).id()
                            );
                        }
                        applied[i] = true;
                    }
                    Direction::Down => {
                        assert!(applied[i]);
                        for &c in g.children_of(i).iter().chain(g.dependents_of(i)) {
                            assert!(
                                !applied[c],
                                "{} reverted before its child {}",
                                s.revision,
                                g.get(c).id()
                            );
                        }
                        applied[i] = false;
                    }
                }
                rows.retain(|r| !s.rows_removed.contains(r));
                rows.extend(s.rows_added.iter().cloned());
                let mut expect: Vec<RevId> = g
                    .rows_of(&applied)
                    .into_iter()
                    .map(|i| g.get(i).id().clone())
                    .collect();
                expect.sort();
                let mut got = rows.clone();
                got.sort();
                assert_eq!(got, expect, "rows after {}", s.revision);
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn upgrade_then_reverse_downgrade_returns_to_start(
                g in dag(),
                start in proptest::collection::vec(any::<u16>(), 0..3),
                target in any::<u16>(),
                all_heads in any::<bool>(),
            ) {
                let start = state(&g, &start);
                let target = if all_heads {
                    Target::Heads
                } else {
                    Target::Rev(g.get(target as usize % g.len()).id().to_string())
                };
                let up = upgrade(&g, &start, &target).unwrap();
                check_order(&g, &start, &up);
                let wanted = g.resolve_point(&target).unwrap();
                let after = applied_set(&g, &up.after).unwrap();
                for w in wanted {
                    prop_assert!(after[w]);
                }

                // The reverse: from `after` back to exactly `start`.
                let before = applied_set(&g, &start).unwrap();
                let down = between(&g, &after, &before, Direction::Down);
                check_order(&g, &up.after, &down);
                let mut a = down.after.clone();
                a.sort();
                let mut b = start.clone();
                b.sort();
                prop_assert_eq!(a, b);
                let mut up_ids: Vec<_> = steps(&up).into_iter().collect();
                let mut down_ids: Vec<_> = steps(&down).into_iter().collect();
                up_ids.sort();
                down_ids.sort();
                prop_assert_eq!(up_ids, down_ids);
            }

            #[test]
            fn downgrade_to_a_revision_keeps_it_and_its_ancestors(
                g in dag(),
                start in proptest::collection::vec(any::<u16>(), 1..3),
                pick in any::<u16>(),
            ) {
                let start = state(&g, &start);
                let applied = applied_set(&g, &start).unwrap();
                let candidates: Vec<usize> = (0..g.len()).filter(|&i| applied[i]).collect();
                let r = candidates[pick as usize % candidates.len()];
                let plan = downgrade(&g, &start, &Target::Rev(g.get(r).id().to_string())).unwrap();
                check_order(&g, &start, &plan);
                let after = applied_set(&g, &plan.after).unwrap();
                let keep = g.ancestors_or_self([r]);
                for i in 0..g.len() {
                    if keep[i] { prop_assert!(after[i]); }
                }
                // Nothing that came after r stays.
                let later = g.descendants_or_self([r]);
                for i in 0..g.len() {
                    if later[i] && i != r { prop_assert!(!after[i]); }
                }
                // Upgrading back to the old rows restores the start.
                let back = upgrade(&g, &plan.after, &Target::Heads).unwrap();
                check_order(&g, &plan.after, &back);
            }

            #[test]
            fn downgrade_base_reverts_everything(g in dag(), start in proptest::collection::vec(any::<u16>(), 0..3)) {
                let start = state(&g, &start);
                let plan = downgrade(&g, &start, &Target::Base).unwrap();
                check_order(&g, &start, &plan);
                prop_assert!(plan.after.is_empty());
            }
        }
    }
}

//! The merge ledger (`sources/merge.yaml`) as the engine applies it: editors' together /
//! apart decisions, and the editorial wording and order of cross-regional recommendations.
//!
//! Ids that name no recommendation are reported by the validate stage with their ledger
//! line; here they are skipped with a warning so that `merge` on a half-edited ledger
//! still shows the rest.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::model::{LedgerFile, RecId};

/// The ledger's decisions, as item indexes.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Groups forced into one cluster.
    pub together: Vec<Vec<u32>>,
    /// Pairs that must end in different clusters (`a < b`).
    pub apart: HashSet<(u32, u32)>,
    pub notes: Vec<Diagnostic>,
}

/// Looks a "region/id" up; a warning when it names nothing.
pub fn lookup(
    index: &HashMap<RecId, u32>,
    id: &str,
    what: &str,
    notes: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let found = RecId::parse(id).and_then(|r| index.get(&r).copied());
    if found.is_none() {
        notes.push(
            Diagnostic::warning(format!(
                "{what} names `{id}`, which is not a recommendation; the entry is ignored"
            ))
            .in_file("sources/merge.yaml")
            .with_help("use \"region/id\" of an existing recommendation"),
        );
    }
    found
}

pub fn decisions(ledger: &LedgerFile, index: &HashMap<RecId, u32>) -> Decisions {
    let mut d = Decisions::default();
    for group in &ledger.together {
        let ids: Vec<u32> = group
            .iter()
            .filter_map(|id| lookup(index, id, "a `together` decision", &mut d.notes))
            .collect();
        if ids.len() > 1 {
            d.together.push(ids);
        }
    }
    for group in &ledger.apart {
        let ids: Vec<u32> = group
            .iter()
            .filter_map(|id| lookup(index, id, "an `apart` decision", &mut d.notes))
            .collect();
        for (k, &x) in ids.iter().enumerate() {
            for &y in &ids[k + 1..] {
                if x != y {
                    d.apart.insert((x.min(y), x.max(y)));
                }
            }
        }
    }
    // A pair both together and apart: together wins (it is the explicit grouping), but say so.
    for group in &d.together {
        for (k, &x) in group.iter().enumerate() {
            for &y in &group[k + 1..] {
                if d.apart.contains(&(x.min(y), x.max(y))) {
                    d.notes.push(
                        Diagnostic::warning(
                            "the ledger puts two recommendations both together and apart; \
                             they stay together",
                        )
                        .in_file("sources/merge.yaml"),
                    );
                }
            }
        }
    }
    d
}

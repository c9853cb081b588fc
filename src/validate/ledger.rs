//! Checks of the merge ledger (`sources/merge.yaml`): every id it names must exist, since a
//! stale id would silently drop an editor's decision.

use std::collections::HashMap;

use super::{Known, did_you_mean, listing, suggestion};
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::{HighlightItem, LedgerFile, RecId};

pub(super) fn check(known: &Known, doc: &Document<LedgerFile>, problems: &mut Vec<Diagnostic>) {
    let ledger = &doc.value;
    for (i, entry) in ledger.synonyms.iter().enumerate() {
        let path = format!("synonyms[{i}]");
        if entry.len() < 2 {
            problems.push(
                doc.error_at(&path, format!("a synonyms entry with {} phrase{}", entry.len(), if entry.len() == 1 { "" } else { "s" }))
                    .with_help("list two or more phrases that mean the same, e.g. [GCM, global compact for migration]"),
            );
        }
        for (k, phrase) in entry.iter().enumerate() {
            if phrase.trim().is_empty() {
                problems.push(
                    doc.error_at(&format!("{path}[{k}]"), "empty synonym")
                        .with_help("remove it or write the phrase"),
                );
            }
        }
    }
    for (list, name) in [(&ledger.together, "together"), (&ledger.apart, "apart")] {
        for (i, group) in list.iter().enumerate() {
            if group.len() < 2 {
                problems.push(
                    doc.error_at(
                        &format!("{name}[{i}]"),
                        format!("a `{name}` group needs two or more ids"),
                    )
                    .with_help("list the ids (`region/id`) of the recommendations it concerns"),
                );
            }
            for (k, id) in group.iter().enumerate() {
                check_ref(doc, known, &format!("{name}[{i}][{k}]"), id, problems);
            }
        }
    }
    check_conflicts(doc, problems);
    // Two wordings for the same id: which one the documents use would be arbitrary.
    super::duplicates_with(
        doc,
        "recommendations",
        ledger
            .recommendations
            .iter()
            .map(|r| r.cluster.clone())
            .enumerate(),
        "cluster",
        problems,
        |id| {
            (
                format!("a second wording for `{id}`"),
                "keep one wording per cross-regional recommendation".to_owned(),
            )
        },
    );
    for (i, entry) in ledger.recommendations.iter().enumerate() {
        check_ref(
            doc,
            known,
            &format!("recommendations[{i}].cluster"),
            &entry.cluster,
            problems,
        );
        super::empty_text(
            doc,
            &format!("recommendations[{i}].title"),
            &entry.title,
            "title",
            problems,
        );
        for (k, h) in entry.highlights.iter().enumerate() {
            super::empty_text(
                doc,
                &format!("recommendations[{i}].highlights[{k}]"),
                h,
                "highlight",
                problems,
            );
        }
    }
    for (category, items) in &ledger.highlights {
        let path = format!("highlights.{category}");
        if !known.has_category(category) {
            problems.push(super::unknown_in_meeting(
                doc.error_at_key(&path, format!("unknown category `{category}`")),
                category,
                "categories",
                &known.categories,
            ));
        }
        for (k, item) in items.iter().enumerate() {
            let at = format!("{path}[{k}]");
            match item {
                HighlightItem::Cluster { cluster, part } => {
                    if check_ref(doc, known, &format!("{at}.cluster"), cluster, problems)
                        && let Some(actual) = known.recommendations.get(cluster)
                        && actual != category
                        && known.has_category(category)
                        && known.has_category(actual)
                    {
                        problems.push(
                            doc.error_at(&format!("{at}.cluster"), format!("`{cluster}` is a `{actual}` recommendation, listed under `{category}`"))
                                .with_help(format!("move the entry to `highlights.{actual}`")),
                        );
                    }
                    if *part == Some(0) {
                        problems.push(
                            doc.error_at(&format!("{at}.part"), "`part` is 0")
                                .with_help("parts count from 1: `part: 1` is the cluster's first highlight"),
                        );
                    }
                }
                HighlightItem::Text { text } => {
                    super::empty_text(doc, &format!("{at}.text"), text, "highlight", problems)
                }
            }
        }
    }
}

/// Checks a "region/id" reference; true when it names an existing recommendation.
fn check_ref(
    doc: &Document<LedgerFile>,
    known: &Known,
    path: &str,
    id: &str,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let Some(rec) = RecId::parse(id) else {
        problems.push(
            doc.error_at(path, format!("`{id}` is not a recommendation id"))
                .with_help("write `region/id`, e.g. `africa/af-rights`"),
        );
        return false;
    };
    if known.recommendations.contains_key(id) {
        return true;
    }
    if known.unloaded_regions.contains(&rec.region) {
        // The region's file is broken and reported already; its ids are unknown.
        return false;
    }
    let (message, help) = if !known.regions.contains(&rec.region) {
        (
            format!("unknown region `{}` in `{id}`", rec.region),
            format!(
                "{}regions are {}",
                suggestion(&rec.region, known.regions.iter().map(String::as_str)),
                listing(known.regions.iter().map(String::as_str))
            ),
        )
    } else {
        // Suggest only within the named region: a near-miss in another region is more
        // likely a different recommendation than a typo.
        let prefix = format!("{}/", rec.region);
        let mut local: Vec<&str> = known
            .recommendations
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .collect();
        local.sort_unstable();
        let hint = did_you_mean(&rec.id, local.iter().copied()).map_or_else(String::new, |c| {
            format!("did you mean `{}/{c}`? ", rec.region)
        });
        (
            format!("unknown recommendation `{id}`"),
            format!(
                "{hint}`{}` has {}; was it renamed or removed?",
                rec.region,
                listing(local.iter().copied())
            ),
        )
    };
    problems.push(doc.error_at(path, message).with_help(help));
    false
}

/// A pair of ids both kept together (directly or through shared members) and kept apart
/// is a contradiction the engine cannot resolve.
fn check_conflicts(doc: &Document<LedgerFile>, problems: &mut Vec<Diagnostic>) {
    let ledger = &doc.value;
    // Union-find over the `together` groups; remember where each id was first placed.
    let mut parent: HashMap<&str, &str> = HashMap::new();
    let mut placed: HashMap<&str, String> = HashMap::new();
    fn find<'a>(parent: &HashMap<&'a str, &'a str>, mut x: &'a str) -> &'a str {
        while let Some(&p) = parent.get(x) {
            if p == x {
                break;
            }
            x = p;
        }
        x
    }
    for (i, group) in ledger.together.iter().enumerate() {
        for (k, id) in group.iter().enumerate() {
            parent.entry(id).or_insert(id);
            placed
                .entry(id)
                .or_insert_with(|| format!("together[{i}][{k}]"));
            if k > 0 {
                let (a, b) = (find(&parent, &group[0]), find(&parent, id));
                if a != b {
                    parent.insert(b, a);
                }
            }
        }
    }
    for (i, group) in ledger.apart.iter().enumerate() {
        for (k, b) in group.iter().enumerate() {
            for a in &group[..k] {
                if a != b
                    && parent.contains_key(a.as_str())
                    && parent.contains_key(b.as_str())
                    && find(&parent, a) == find(&parent, b)
                {
                    let there = &placed[b.as_str()];
                    problems.push(
                        doc.error_at(
                            &format!("apart[{i}][{k}]"),
                            format!("`{a}` and `{b}` are kept both together and apart"),
                        )
                        .with_related(
                            &doc.source.path,
                            &doc.source.text,
                            doc.spans.value(there),
                            "kept together here",
                        )
                        .with_help("remove one of the two decisions"),
                    );
                }
            }
        }
    }
}

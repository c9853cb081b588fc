//! The merge report: a plain-text account of the synthesis for editors, printed by
//! `rapporteur merge` and written next to the PDFs by `rapporteur build`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Cluster, Synthesis};
use crate::model::{Meeting, RecId};

/// The report: cross-regional clusters, then the other clusters, each with its regions and
/// every member's own wording, then the review list.
pub fn report_text(meeting: &Meeting, synthesis: &Synthesis) -> String {
    let titles: HashMap<&RecId, &str> = meeting
        .recommendations()
        .map(|r| (&r.id, r.title.as_str()))
        .collect();
    let cross: Vec<&Cluster> = synthesis
        .clusters
        .iter()
        .filter(|c| c.cross_regional)
        .collect();
    let other: Vec<&Cluster> = synthesis
        .clusters
        .iter()
        .filter(|c| !c.cross_regional)
        .collect();
    let recs: usize = synthesis.clusters.iter().map(|c| c.members.len()).sum();
    let mut out = String::new();
    let _ = writeln!(out, "Merge report: {}", meeting.info.short_title);
    let _ = writeln!(
        out,
        "{recs} recommendations from {} regions in {} clusters: {} cross-regional \
         (supported by at least {} regions), {} others; {} pairs to review.",
        synthesis.regions.len(),
        synthesis.clusters.len(),
        cross.len(),
        meeting.cross_regional_min(),
        other.len(),
        synthesis.review.len()
    );
    let section = |heading: &str, clusters: &[&Cluster], out: &mut String| {
        let _ = writeln!(out, "\n{heading}\n");
        if clusters.is_empty() {
            out.push_str("  (none)\n");
        }
        for (n, c) in clusters.iter().enumerate() {
            let _ = writeln!(out, "{:>3}. [{}] {}", n + 1, c.category, c.title);
            let _ = writeln!(
                out,
                "     cluster {}; regions: {}",
                c.id,
                c.regions.join(", ")
            );
            for m in &c.members {
                let _ = writeln!(out, "     - {m}: {}", titles.get(m).copied().unwrap_or(""));
            }
        }
    };
    section("Cross-regional recommendations", &cross, &mut out);
    section("Other recommendations", &other, &mut out);
    let _ = writeln!(
        out,
        "\nReview: close pairs below the merge bar (decide with `together` or `apart` in \
         sources/merge.yaml)\n"
    );
    if synthesis.review.is_empty() {
        out.push_str("  (none)\n");
    }
    for p in &synthesis.review {
        let title = |id: &str| {
            RecId::parse(id)
                .and_then(|r| titles.get(&r).copied())
                .unwrap_or("")
                .to_owned()
        };
        let _ = writeln!(out, "  {:.3}  {} ~ {}", p.score, p.a, p.b);
        let _ = writeln!(out, "         {}: {}", p.a, title(&p.a));
        let _ = writeln!(out, "         {}: {}", p.b, title(&p.b));
    }
    out
}

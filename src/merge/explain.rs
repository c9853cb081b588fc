//! `rapporteur merge --explain ID`: the evidence behind a cluster and its review pairs.
//!
//! For each pair it lists the words, concepts and phrases both wordings share with their
//! share of the score, the cosine, the mutual-best-match bonus, what the semantic channel
//! added (when it is on) and any rule that vetoed the merge, so an editor can see why the engine proposed what it did.

use std::fmt::Write as _;

use super::features::{Doc, Kind};
use super::position::opposed;
use super::similarity::cosine;
use super::{Engine, Synthesis};
use crate::model::RecId;

/// One pair's evidence as text lines.
pub fn pair(engine: &Engine, x: u32, y: u32) -> String {
    let (dx, dy) = (&engine.docs[x as usize], &engine.docs[y as usize]);
    let (rx, ry) = (engine.recs[x as usize], engine.recs[y as usize]);
    let cos = cosine(dx, dy);
    let edge = engine.edge(x, y);
    let score = edge.map_or(cos, |e| e.score);
    let mut out = String::new();
    let _ = write!(
        out,
        "  {} ~ {}  score {:.3} (cosine {:.3}",
        rx.id, ry.id, score, cos
    );
    if let Some(e) = edge.filter(|e| e.mutual) {
        let _ = write!(out, " + mutual best match {:.3}", e.bonus);
    }
    if let Some(e) = edge.filter(|e| e.lift > 0.0) {
        let _ = write!(out, " + semantic {:.3}", e.lift);
    }
    out.push_str(")\n");
    let mut matched: Vec<(f32, String)> = Vec::new();
    let norm = dx.norm * dy.norm;
    let (mut i, mut j) = (0, 0);
    while i < dx.features.len() && j < dy.features.len() {
        let ((fa, wa), (fb, wb)) = (dx.features[i], dy.features[j]);
        match fa.cmp(&fb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let share = if norm > 0.0 { wa * wb / norm } else { 0.0 };
                matched.push((share, label(engine, fa, x, y)));
                i += 1;
                j += 1;
            }
        }
    }
    matched.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if matched.is_empty() {
        out.push_str("    shared: nothing\n");
    } else {
        let list: Vec<String> = matched.iter().map(|(s, l)| format!("{l} {s:.3}")).collect();
        let _ = writeln!(out, "    shared: {}", list.join(", "));
    }
    if let Some(v) = engine.vector_cosine(x, y) {
        let _ = writeln!(
            out,
            "    vectors: cosine {v:.3}, {}",
            match edge {
                Some(e) if e.lift > 0.0 => {
                    "each other's closest across their regions (lifts the score by its margin)"
                }
                Some(e) if e.review_only => {
                    "near the top of each other's lists across their regions (a review candidate, no lift)"
                }
                _ => "not each other's closest across their regions (no lift)",
            }
        );
        let w = engine.params.vector_weight;
        let words = edge.and_then(|e| engine.words_link(e)).unwrap_or(0.0);
        let _ = writeln!(
            out,
            "    affinity for clustering: {:.3} ({w:.2} × vector cosine + {:.2} × score; merge bar {:.2})",
            w * v + (1.0 - w) * words,
            1.0 - w,
            engine.params.semantic_threshold
        );
    }
    let against = opposed(dx, dy);
    if !against.is_empty() {
        // The words as written, and which side argues for them, rather than bare stems.
        let side = |doc: &Doc, stem: &str| {
            let k = doc.polarity.binary_search_by(|(s, _)| s.as_str().cmp(stem));
            k.ok().map(|k| {
                if doc.polarity[k].1 > 0 {
                    "for"
                } else {
                    "against"
                }
            })
        };
        let words: Vec<String> = against
            .iter()
            .map(|stem| {
                let word = engine
                    .vocab
                    .id(Kind::Stem, stem)
                    .map_or_else(|| format!("\"{stem}\""), |f| label(engine, f, x, y));
                match (side(dx, stem), side(dy, stem)) {
                    (Some(a), Some(b)) => format!("{word} ({} {a}, {} {b})", rx.id, ry.id),
                    _ => word,
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "    vetoed: opposite positions on {}",
            words.join(", ")
        );
    }
    if rx.id.region == ry.id.region {
        let _ = writeln!(
            out,
            "    same region: needs cosine {:.2} to merge",
            engine.params.same_region_min
        );
    }
    if engine.apart(x, y) {
        out.push_str("    the ledger keeps them apart\n");
    }
    if engine.vetoed(x, y) {
        out.push_str(
            "    the pair judge keeps them apart (it finds they ask for different things)\n",
        );
    }
    if rx.category != ry.category {
        out.push_str("    different categories: never merged\n");
    }
    out
}

fn label(engine: &Engine, feature: u32, x: u32, y: u32) -> String {
    let (kind, name) = &engine.vocab.names[feature as usize];
    let words = |item: u32| {
        let doc = &engine.docs[item as usize];
        doc.surface
            .binary_search_by_key(&feature, |(f, _)| *f)
            .map(|k| doc.surface[k].1.clone())
            .unwrap_or_default()
    };
    let (wx, wy) = (words(x), words(y));
    let both = if wx == wy { wx } else { format!("{wx}|{wy}") };
    // Features of the discussion texts carry a `text:` prefix.
    let (place, name) = match name.strip_prefix("text:") {
        Some(rest) => ("text ", rest),
        None => ("", name.as_str()),
    };
    match kind {
        Kind::Stem => format!("{place}\"{both}\""),
        Kind::Bigram => format!("{place}phrase \"{both}\""),
        Kind::Concept => format!("{place}concept {name} ({both})"),
        Kind::Phrase => {
            let group: usize = name.trim_start_matches('=').parse().unwrap_or(0);
            let display = engine
                .analyzer
                .group_names
                .get(group)
                .cloned()
                .unwrap_or_default();
            format!("{place}synonym \"{display}\" ({both})")
        }
    }
}

/// What the places step moved after clustering, told from both sides: each line with the
/// member whose cluster it is shown in.
fn moves<'e>(engine: &'e Engine) -> Vec<(&'e RecId, String)> {
    let id = |x: u32| &engine.recs[x as usize].id;
    let mut lines = Vec::new();
    for s in &engine.substitutions {
        let (joined, left) = (id(s.joined), id(s.left));
        let means = format!(
            "mean vector cosine with the other members {:.3} against {:.3}",
            s.joined_mean, s.left_mean
        );
        lines.push((
            joined,
            format!("{joined} took the place of {left}, of the same region: {means}"),
        ));
        lines.push((
            left,
            format!("{left} gave its place in the cluster of {joined} to that wording of the same region: {means}"),
        ));
    }
    for d in &engine.departures {
        let (left, stayed) = (id(d.left), id(d.cluster));
        let why = format!(
            "the other members found on average {:.2} wordings of its region closer",
            d.outranked
        );
        lines.push((left, format!("{left} left the cluster of {stayed}: {why}")));
        lines.push((stayed, format!("{left} left this cluster: {why}")));
    }
    lines
}

/// The explanation for a recommendation id ("region/id") or a cluster id.
pub fn explain(engine: &Engine, synthesis: &Synthesis, target: &str) -> Result<String, String> {
    RecId::parse(target)
        .filter(|r| engine.index.contains_key(r))
        .ok_or_else(|| {
            format!("`{target}` is not a recommendation or cluster id (use region/id)")
        })?;
    let cluster = synthesis
        .cluster_of(target)
        .ok_or_else(|| format!("`{target}` is in no cluster"))?;
    let item = |id: &RecId| engine.index[id];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "cluster {} ({}, {}; regions: {})",
        cluster.id,
        cluster.category,
        if cluster.cross_regional {
            "cross-regional"
        } else {
            "not cross-regional"
        },
        cluster.regions.join(", ")
    );
    let _ = writeln!(out, "  title: {}", cluster.title);
    // Average cosine of each member with the others: how a member joined by region-wise
    // completion (a cluster of other regions as its closest match) is held in.
    for m in &cluster.members {
        let x = item(m);
        let others: Vec<f32> = cluster
            .members
            .iter()
            .filter(|o| *o != m)
            .map(|o| cosine(&engine.docs[x as usize], &engine.docs[item(o) as usize]))
            .collect();
        let _ = write!(out, "  - {m}: {}", engine.recs[x as usize].title);
        if !others.is_empty() {
            let avg = others.iter().sum::<f32>() / others.len() as f32;
            let _ = write!(out, " (mean cosine with the others {avg:.3}");
            // With the semantic channel, a member may have joined by vectors alone.
            let vectors: Vec<f32> = cluster
                .members
                .iter()
                .filter(|o| *o != m)
                .filter_map(|o| engine.vector_cosine(x, item(o)))
                .collect();
            if !vectors.is_empty() {
                let mean = vectors.iter().sum::<f32>() / vectors.len() as f32;
                let _ = write!(out, ", by vector {mean:.3}");
            }
            out.push(')');
        }
        out.push('\n');
    }
    for (member, line) in moves(engine) {
        if cluster.members.contains(member) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str("\nmember pairs:\n");
    if cluster.members.len() < 2 {
        out.push_str("  (a single recommendation)\n");
    }
    for (k, a) in cluster.members.iter().enumerate() {
        for b in &cluster.members[k + 1..] {
            out.push_str(&pair(engine, item(a), item(b)));
        }
    }
    let focus: Vec<&RecId> = cluster.members.iter().collect();
    out.push_str("\nreview pairs:\n");
    let mut any = false;
    for p in &synthesis.review {
        let (a, b) = (RecId::parse(&p.a), RecId::parse(&p.b));
        let (Some(a), Some(b)) = (a, b) else { continue };
        if cluster.members.contains(&a) || cluster.members.contains(&b) {
            any = true;
            out.push_str(&pair(engine, item(&a), item(&b)));
        }
    }
    if !any {
        out.push_str("  (none)\n");
    }
    out.push_str("\nclosest wordings outside the cluster:\n");
    let mut outside: Vec<(f32, u32, u32)> = Vec::new();
    for f in &focus {
        let x = item(f);
        for e in engine.edges.iter().filter(|e| e.a == x || e.b == x) {
            let y = if e.a == x { e.b } else { e.a };
            if !cluster.members.contains(&engine.recs[y as usize].id) {
                outside.push((e.score, x, y));
            }
        }
    }
    outside.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    if outside.is_empty() {
        out.push_str("  (none)\n");
    }
    for &(_, x, y) in outside.iter().take(3) {
        out.push_str(&pair(engine, x, y));
    }
    Ok(out)
}

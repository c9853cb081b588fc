//! Pair scores: which recommendations are worth comparing, how alike they are, and the
//! evidence that lifts or vetoes a pair.
//!
//! Candidates come from an inverted index over features, skipping features so common that
//! their posting lists say nothing (and would make the work quadratic); each
//! recommendation keeps its best few candidates. Never all pairs by words; the semantic
//! channel, when on, adds pairs from its vector lists (`semantic::Neighbours`).

use std::collections::{HashMap, HashSet};

use super::features::Doc;
use super::position::opposed;
use super::{Params, semantic};

/// A scored pair of recommendations (indexes into the engine's sorted list, `a < b`).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    /// Weighted cosine of the two feature vectors, 0..1.
    pub cosine: f32,
    /// Mutual best match across two regions: each is the other's closest wording in the
    /// other's region.
    pub mutual: bool,
    /// What the mutual best match added to `score`.
    pub bonus: f32,
    /// The two wordings take opposite positions: never merged, never listed.
    pub opposed: bool,
    pub same_region: bool,
    /// The two share more than one idea, or the vectors confirm the one they share (or
    /// the channel is off): the pair counts as support when completion joins two clusters.
    pub solid: bool,
    /// What the semantic channel added to `score` (0 unless the two are each other's
    /// closest by vector).
    pub lift: f32,
    /// What ranks the pair for the review list: `score` plus the vector cosine above the
    /// semantic floor, so that a close paraphrase in other words still reaches an editor,
    /// discounted by how far down each other's lists by vector the two sit.
    pub review: f32,
    /// Listed by vector closeness alone: a review candidate, never evidence for clustering.
    pub review_only: bool,
    /// The affinity clustering uses: cosine plus the mutual-best-match bonus and the lift.
    pub score: f32,
}

/// Everything the clustering needs to know about one recommendation.
pub struct Item<'a> {
    pub doc: &'a Doc,
    /// Index of its region (sorted region ids) and category.
    pub region: u32,
    pub category: u32,
    /// Its sentence vector, when the semantic channel is on.
    pub vector: Option<&'a [f32]>,
}

/// Exact weighted cosine of two documents.
pub fn cosine(a: &Doc, b: &Doc) -> f32 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    dot(a, b) / (a.norm * b.norm)
}

fn dot(a: &Doc, b: &Doc) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.features.len() && j < b.features.len() {
        let (fa, wa) = a.features[i];
        let (fb, wb) = b.features[j];
        match fa.cmp(&fb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += wa * wb;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Scores candidate pairs within each category and marks mutual best matches.
pub fn edges(items: &[Item], n_features: usize, params: &Params) -> Vec<Edge> {
    // Inverted index: feature -> items carrying it, per category.
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_features];
    for (i, item) in items.iter().enumerate() {
        for &(f, w) in &item.doc.features {
            postings[f as usize].push((i as u32, w));
        }
    }
    let cap = params.posting_cap;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut acc: HashMap<u32, f32> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        acc.clear();
        for &(f, w) in &item.doc.features {
            let list = &postings[f as usize];
            if list.len() > cap {
                continue;
            }
            for &(j, wj) in list {
                if j as usize != i && items[j as usize].category == item.category {
                    *acc.entry(j).or_insert(0.0) += w * wj;
                }
            }
        }
        let mut best: Vec<(u32, f32)> = acc
            .iter()
            .map(|(&j, &d)| {
                (
                    j,
                    d / (item.doc.norm * items[j as usize].doc.norm).max(1e-9),
                )
            })
            .collect();
        best.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        for &(j, _) in best.iter().take(params.candidates) {
            pairs.push(((i as u32).min(j), (i as u32).max(j)));
        }
    }
    // Mutual closest pairs by vector are candidates even when they share no word.
    let has_vectors = items.iter().any(|i| i.vector.is_some());
    let neighbours = has_vectors.then(|| semantic::Neighbours::new(items));
    let lifts: HashMap<(u32, u32), semantic::Mutual> = neighbours
        .iter()
        .flat_map(|n| n.mutual_best(items))
        .filter(|m| m.cosine >= params.semantic_floor)
        .map(|m| ((m.a, m.b), m))
        .collect();
    pairs.extend(lifts.keys().copied());
    pairs.sort_unstable();
    pairs.dedup();

    // The vector cosine above the semantic floor counts towards the review ranking.
    let vector_review = |a: u32, b: u32| match (items[a as usize].vector, items[b as usize].vector)
    {
        (Some(va), Some(vb)) => {
            params.semantic_review * (semantic::cosine(va, vb) - params.semantic_floor).max(0.0)
        }
        _ => 0.0,
    };
    let rank_discount = |a: u32, b: u32| {
        neighbours
            .as_ref()
            .and_then(|n| n.rank(items, a, b))
            .map_or(1.0, |r| 1.0 / (1.0 + params.review_rank_weight * r as f32))
    };
    let mut edges: Vec<Edge> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (da, db) = (items[a as usize].doc, items[b as usize].doc);
            let cosine = cosine(da, db);
            let thin = shared_words(da, db) < 2;
            let lift = lifts
                .get(&(a, b))
                .map_or(0.0, |m| params.semantic_weight * m.margin);
            (cosine >= params.review_floor.min(params.min_edge) || lift > 0.0).then(|| Edge {
                a,
                b,
                cosine,
                mutual: false,
                bonus: 0.0,
                opposed: !opposed(da, db).is_empty(),
                same_region: items[a as usize].region == items[b as usize].region,
                // With the semantic channel on, a one-idea overlap supports a completion
                // only when the vectors confirm it.
                solid: !thin || lift > 0.0 || !has_vectors,
                lift,
                review: (cosine + lift + vector_review(a, b)) * rank_discount(a, b),
                review_only: false,
                score: cosine + lift,
            })
        })
        .collect();
    mark_mutual(items, &mut edges, params);
    // Pairs near the top of each other's lists by vector reach the review list even when
    // no shared word proposed them: a paraphrase in other words is what an editor most
    // needs to see.
    let listed: HashSet<(u32, u32)> = edges.iter().map(|e| (e.a, e.b)).collect();
    let near = neighbours
        .as_ref()
        .map(|n| n.near(items, params.review_rank_max))
        .unwrap_or_default();
    edges.extend(
        near.into_iter()
            .filter(|pair| !listed.contains(pair))
            .map(|(a, b)| {
                let (da, db) = (items[a as usize].doc, items[b as usize].doc);
                let cosine = cosine(da, db);
                Edge {
                    a,
                    b,
                    cosine,
                    mutual: false,
                    bonus: 0.0,
                    opposed: !opposed(da, db).is_empty(),
                    same_region: false,
                    solid: false,
                    lift: 0.0,
                    review: (cosine + vector_review(a, b)) * rank_discount(a, b),
                    review_only: true,
                    score: cosine,
                }
            }),
    );
    edges
}

/// How many distinct ideas (see `Doc::words`) two wordings share: a match on one word
/// alone ("vaccine", "sustainable") is too thin to merge on.
pub fn shared_words(a: &Doc, b: &Doc) -> usize {
    a.words
        .iter()
        .filter(|w| b.words.binary_search(w).is_ok())
        .count()
}

fn count_shared(a: &[u32], b: &[u32]) -> usize {
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// The titles' overlap lies mostly in one side's example or purpose phrase ("remove user
/// fees *so that primary health care is free*" against "integrate mental health into
/// primary care"): what that side asks for itself is something else, so however many words
/// they share, the two are no mutual best match.
pub fn overlap_off_core(a: &Doc, b: &Doc) -> bool {
    let shared = count_shared(&a.title_words, &b.title_words);
    if shared < 2 {
        return false;
    }
    let core = count_shared(&a.core, &b.title_words).min(count_shared(&b.core, &a.title_words));
    core <= 1 && core < shared
}

/// Enough shared evidence for a mutual best match to count: three ideas, or two that
/// also stand together as a word pair in both wordings. Two ideas used apart ("loans" and
/// "income" in different roles) are a coincidence more often than a paraphrase.
pub fn corroborated(a: &Doc, b: &Doc) -> bool {
    let shared = shared_words(a, b);
    shared >= 3 || (shared >= 2 && count_shared(&a.bigrams, &b.bigrams) >= 1)
}

/// Each recommendation's best partner in every other region; a pair that is best both
/// ways is strong evidence when each region states an idea once.
fn mark_mutual(items: &[Item], edges: &mut [Edge], params: &Params) {
    // (item, other region) -> (best cosine, partner, runner-up cosine)
    let mut best: HashMap<(u32, u32), (f32, u32, f32)> = HashMap::new();
    let mut offer = |x: u32, y: u32, c: f32| {
        let key = (x, items[y as usize].region);
        let e = best.entry(key).or_insert((f32::MIN, u32::MAX, 0.0));
        if c > e.0 || (c == e.0 && y < e.1) {
            e.2 = e.0.max(0.0);
            e.0 = c;
            e.1 = y;
        } else if c > e.2 {
            e.2 = c;
        }
    };
    for e in edges
        .iter()
        .filter(|e| !e.same_region && !e.opposed && e.cosine >= params.min_edge)
    {
        offer(e.a, e.b, e.cosine);
        offer(e.b, e.a, e.cosine);
    }
    for e in edges.iter_mut() {
        if e.same_region || e.opposed || e.cosine < params.min_edge {
            continue;
        }
        let ab = best[&(e.a, items[e.b as usize].region)];
        let ba = best[&(e.b, items[e.a as usize].region)];
        let (da, db) = (items[e.a as usize].doc, items[e.b as usize].doc);
        if ab.1 == e.b && ba.1 == e.a && corroborated(da, db) && !overlap_off_core(da, db) {
            // The clearer the win over the runner-up, the more the bonus counts.
            let runner_up = ab.2.max(ba.2);
            let margin = ((e.cosine - runner_up) / e.cosine).clamp(0.0, 1.0);
            e.mutual = true;
            e.bonus = params.mutual_bonus * margin;
            e.score += e.bonus;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::features::analyse;
    use crate::merge::text::Analyzer;

    /// Unrelated recommendations that go with the ones under test, so that word rarity
    /// is measured over a meeting-sized collection rather than two or three sentences.
    const BACKGROUND: [&str; 13] = [
        "Expand rental subsidies for tenants",
        "Tax vacant urban land",
        "Create a national housing fund",
        "Relax building codes",
        "Prohibit evictions without judicial order",
        "Register land titles jointly",
        "Protect the privacy of patient data",
        "Train community health workers",
        "Monitor animal markets",
        "Counter misinformation on social media",
        "Keep reserve stocks of masks",
        "Raise taxes on tobacco",
        "Link national surveillance systems",
    ];

    /// The analysed `texts`, in order, among the background recommendations.
    fn docs(texts: &[&str]) -> Vec<Doc> {
        let all: Vec<&str> = texts.iter().chain(BACKGROUND.iter()).copied().collect();
        analyse(&Analyzer::new(&[]), &all, &Params::default()).1
    }

    #[test]
    fn overlap_in_a_purpose_phrase_is_off_core() {
        let d = docs(&[
            "Upgrade public transport so that residents of informal settlements can reach jobs",
            "Upgrade informal settlements with water, instead of relocating residents",
            "Give residents of informal settlements secure land tenure through certificates",
        ]);
        assert!(overlap_off_core(&d[0], &d[1]));
        // The main asks share two ideas: not off-core, whatever the purpose phrase adds.
        assert!(!overlap_off_core(&d[1], &d[2]));
    }

    #[test]
    fn close_wordings_without_a_shared_word_are_review_candidates_only() {
        let doc = Doc::default();
        let item = |region: u32, vector: &'static [f32]| Item {
            doc: &doc,
            region,
            category: 0,
            vector: Some(vector),
        };
        // 0 and 2 are each other's closest; 1's closest is 2 as well, but 2 prefers 0;
        // 3 is far from everything, a little less from 1.
        let items = [
            item(0, &[1.0, 0.0, 0.0]),
            item(0, &[0.6, 0.8, 0.0]),
            item(1, &[0.9, 0.436, 0.0]),
            item(1, &[0.0, 0.1, 0.995]),
        ];
        let params = Params {
            review_rank_max: 1,
            ..Params::default()
        };
        let edges = edges(&items, 0, &params);
        let find = |a, b| edges.iter().find(|e| (e.a, e.b) == (a, b));
        // The closest pair is lifted evidence, not a review-only pair.
        assert!(find(0, 2).is_some_and(|e| !e.review_only && e.lift > 0.0));
        // One place down the list: reviewed, never used to cluster.
        let near = find(1, 2).expect("1~2 listed for review");
        assert!(near.review_only && near.score == 0.0 && near.review < find(0, 2).unwrap().review);
        // 0~3 is second on both lists: beyond `review_rank_max`.
        assert!(find(0, 3).is_none());
        assert!(find(1, 3).is_some_and(|e| e.review_only));
    }

    #[test]
    fn two_ideas_used_apart_do_not_corroborate() {
        let d = docs(&[
            "Provide small loans for home improvement to households without formal income",
            "Develop a mortgage market to lengthen loan terms for middle-income buyers",
            "Offer small loans for home improvement",
        ]);
        assert!(!corroborated(&d[0], &d[1]));
        assert!(corroborated(&d[0], &d[2]));
    }
}

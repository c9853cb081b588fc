//! The semantic channel: sentence vectors as evidence beside the words.
//!
//! Raw vector similarity is a poor merge signal on one meeting's text: every wording is
//! "about" the same subject, so unrelated recommendations score nearly as high as
//! paraphrases. So the vectors are first centred on the meeting's mean, and what counts is
//! relative closeness. Average link weighs each pair by its words' score and its vector
//! cosine together (`links`). Two wordings that are each other's closest across their two
//! regions become a candidate pair even when they share no word, and their score is lifted
//! in proportion to the margin over the runner-up. After clustering, one region's wording
//! joins a cluster of other regions when each is the other's closest by mean vector cosine,
//! by a clear margin. The review list also ranks pairs with their vector cosine, lists pairs
//! near the top of each other's lists even when they share no word, and discounts a pair
//! for every wording either side finds closer. The rules that veto a pair (category,
//! opposing positions, same region, the ledger) apply unchanged.

use std::collections::HashMap;

use super::cluster::{Constraints, Link, join};
use super::similarity::Item;
use crate::embed::Vectors;

/// A pair of items (`a < b`) that are each other's closest by vector across their regions.
#[derive(Debug, Clone, Copy)]
pub struct Mutual {
    pub a: u32,
    pub b: u32,
    /// Cosine of the two vectors.
    pub cosine: f32,
    /// How far it beats the better of the two runners-up (the whole cosine when nothing
    /// else competes).
    pub margin: f32,
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// How many of each wording's closest wordings per other region are kept: a pair further
/// down counts as this deep, which the review ranking hardly tells apart anyway.
const DEPTH: usize = 8;

/// Each wording's closest wordings in every other region, within its category, best first
/// (an equal cosine after the lower index). One pass compares all pairs of a category: the
/// channel is meant for meeting-sized inputs, where computing the vectors costs far more.
/// Only the first `DEPTH` of each list are kept, so memory grows with the wordings, not
/// with the pairs.
pub struct Neighbours {
    /// (item, other region) -> (cosine, item of that region), best first.
    lists: HashMap<(u32, u32), Vec<(f32, u32)>>,
}

impl Neighbours {
    pub fn new(items: &[Item]) -> Neighbours {
        let mut lists: HashMap<(u32, u32), Vec<(f32, u32)>> = HashMap::new();
        let mut offer = |x: u32, region: u32, y: u32, c: f32| {
            let list = lists.entry((x, region)).or_default();
            let at = list.partition_point(|&(o, z)| o > c || (o == c && z < y));
            if at < DEPTH {
                list.insert(at, (c, y));
                list.truncate(DEPTH);
            }
        };
        for (i, x) in items.iter().enumerate() {
            let Some(vx) = x.vector else { continue };
            for (j, y) in items.iter().enumerate().skip(i + 1) {
                let Some(vy) = y.vector else { continue };
                if x.category == y.category && x.region != y.region {
                    let c = cosine(vx, vy);
                    offer(i as u32, y.region, j as u32, c);
                    offer(j as u32, x.region, i as u32, c);
                }
            }
        }
        Neighbours { lists }
    }

    /// How far down each other's lists two wordings of different regions sit: the
    /// wordings of `b`'s region closer to `a` than `b` is, plus those of `a`'s region
    /// closer to `b` (each at most `DEPTH`). 0 for a mutual closest pair; `None` for a pair
    /// the lists do not cover (same region, other category, no vectors). An absolute
    /// cosine means little on its own (some subjects crowd together), while "the closest
    /// but one" says much the same on every meeting.
    pub fn rank(&self, items: &[Item], a: u32, b: u32) -> Option<u32> {
        let (x, y) = (&items[a as usize], &items[b as usize]);
        if x.category != y.category || x.region == y.region {
            return None;
        }
        let c = cosine(x.vector?, y.vector?);
        let closer = |item: u32, region: u32| {
            self.lists
                .get(&(item, region))
                .map_or(0, |l| l.iter().filter(|&&(o, _)| o > c).count() as u32)
        };
        Some(closer(a, y.region) + closer(b, x.region))
    }

    /// The pairs (`a < b`) whose `rank` is at most `max`, sorted.
    pub fn near(&self, items: &[Item], max: u32) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = self
            .lists
            .iter()
            .flat_map(|(&(x, _), list)| list.iter().take(max as usize + 1).map(move |e| (x, e.1)))
            .map(|(x, y)| (x.min(y), x.max(y)))
            .filter(|&(a, b)| self.rank(items, a, b).is_some_and(|r| r <= max))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The mutual closest pairs across regions, within each category, sorted by `(a, b)`.
    pub fn mutual_best(&self, items: &[Item]) -> Vec<Mutual> {
        let runner_up = |list: &[(f32, u32)]| list.get(1).map_or(f32::MIN, |e| e.0);
        let mut out: Vec<Mutual> = Vec::new();
        for (&(x, _), list) in &self.lists {
            let Some(&(c, y)) = list.first() else {
                continue;
            };
            let Some(back) = self.lists.get(&(y, items[x as usize].region)) else {
                continue;
            };
            if x > y || back[0].1 != x {
                continue;
            }
            out.push(Mutual {
                a: x,
                b: y,
                cosine: c,
                margin: (c - runner_up(list).max(runner_up(back))).clamp(0.0, c.max(0.0)),
            });
        }
        out.sort_by_key(|m| (m.a, m.b));
        out
    }
}

/// What average-link clustering weighs with the semantic channel on: for each pair of a
/// category, `weight` × its vector cosine + (1 − `weight`) × its words' score (`scored`,
/// 0 when the words did not score it). Neither channel alone is reliable: the words miss
/// paraphrases and merge wordings that share a frame but ask for different things, the
/// vectors confuse neighbouring asks on a narrow subject; a pair the words did not score
/// clears the bar only when its vectors are much closer than those of a pair they did. Such
/// a pair counts only when its vectors are at least `floor` close, so that the many
/// unrelated pairs add nothing. A pair without both vectors keeps its words' score.
pub fn links(
    scored: &[Link],
    vectors: &[Option<Vec<f32>>],
    category_of: &[u32],
    weight: f32,
    floor: f32,
) -> Vec<Link> {
    let words: HashMap<(u32, u32), f32> = scored
        .iter()
        .map(|l| ((l.a.min(l.b), l.a.max(l.b)), l.affinity))
        .collect();
    let mut out: Vec<Link> = scored
        .iter()
        .filter(|l| vectors[l.a as usize].is_none() || vectors[l.b as usize].is_none())
        .copied()
        .collect();
    for (a, va) in vectors.iter().enumerate() {
        let Some(va) = va else { continue };
        for (b, vb) in vectors.iter().enumerate().skip(a + 1) {
            let Some(vb) = vb else { continue };
            if category_of[a] != category_of[b] {
                continue;
            }
            let (a, b) = (a as u32, b as u32);
            let cosine = cosine(va, vb);
            let word = words.get(&(a, b));
            if word.is_some() || cosine >= floor {
                out.push(Link {
                    a,
                    b,
                    affinity: weight * cosine + (1.0 - weight) * word.copied().unwrap_or(0.0),
                });
            }
        }
    }
    out
}

/// The vectors less the meeting's mean vector, renormalised. What every wording of a
/// meeting shares (its subject, its register) dominates raw sentence vectors; taking it
/// away leaves what sets each wording apart, so that cosines compare asks, not topics.
/// The mean is summed in id order, so the result does not depend on the order of entries.
pub fn centered(vectors: &Vectors) -> Vectors {
    let mut keys: Vec<_> = vectors.keys().collect();
    keys.sort();
    let dim = vectors.values().next().map_or(0, Vec::len);
    let mut mean = vec![0.0f32; dim];
    for k in &keys {
        mean.iter_mut().zip(&vectors[*k]).for_each(|(m, x)| *m += x);
    }
    let n = keys.len().max(1) as f32;
    mean.iter_mut().for_each(|m| *m /= n);
    keys.into_iter()
        .map(|k| {
            let mut v: Vec<f32> = vectors[k].iter().zip(&mean).map(|(x, m)| x - m).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| *x /= norm);
            (k.clone(), v)
        })
        .collect()
}

/// Completes clusters by vector: a cluster that several regions already share and a
/// cluster of one region it lacks join when each is the other's closest by mean vector
/// cosine, by `margin` over both runners-up, and that mean reaches `floor`. A cluster's
/// members together say what the shared recommendation is far better than any one of
/// them, so a freely worded version that no single member resembles can still find it.
pub fn complete(
    mut clusters: Vec<Vec<u32>>,
    vectors: &[Option<Vec<f32>>],
    region_of: &[u32],
    category_of: &[u32],
    constraints: &dyn Constraints,
    floor: f32,
    margin: f32,
) -> Vec<Vec<u32>> {
    let dim = vectors.iter().flatten().next().map_or(0, Vec::len);
    if dim == 0 {
        return clusters;
    }
    loop {
        // Sum of member vectors, regions and category per cluster.
        let summary: Vec<(Vec<f32>, Vec<u32>, u32)> = clusters
            .iter()
            .map(|c| {
                let mut sum = vec![0.0; dim];
                for &m in c {
                    if let Some(v) = &vectors[m as usize] {
                        sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
                    }
                }
                let mut regions: Vec<u32> = c.iter().map(|&m| region_of[m as usize]).collect();
                regions.sort_unstable();
                regions.dedup();
                (sum, regions, category_of[c[0] as usize])
            })
            .collect();
        // (cluster) -> (best mean, partner, runner-up mean)
        let mut best: Vec<(f32, usize, f32)> =
            vec![(f32::MIN, usize::MAX, f32::MIN); clusters.len()];
        let offer = |x: usize, y: usize, c: f32, best: &mut Vec<(f32, usize, f32)>| {
            let e = &mut best[x];
            if c > e.0 {
                *e = (c, y, e.0);
            } else if c > e.2 {
                e.2 = c;
            }
        };
        for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                let ((sa, ra, ka), (sb, rb, kb)) = (&summary[a], &summary[b]);
                let shared = ra.iter().any(|r| rb.binary_search(r).is_ok());
                // One region's wording joining a cluster of others: two clusters that
                // several regions each formed do not merge on vectors alone.
                if ka != kb || shared || ra.len().min(rb.len()) != 1 {
                    continue;
                }
                // Two wordings of single regions do not join here, but one that opposes
                // the other is still its closest match: no runner-up may stand in for it.
                let rival = ra.len().max(rb.len()) < 2;
                if rival
                    && !clusters[a]
                        .iter()
                        .any(|&x| clusters[b].iter().any(|&y| constraints.opposes(x, y)))
                {
                    continue;
                }
                let mean = cosine(sa, sb) / (clusters[a].len() * clusters[b].len()) as f32;
                offer(a, b, mean, &mut best);
                offer(b, a, mean, &mut best);
            }
        }
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by(|&x, &y| best[y].0.total_cmp(&best[x].0).then(x.cmp(&y)));
        let pairs: Vec<(usize, usize)> = order
            .into_iter()
            .filter_map(|a| {
                let (mean, b, runner_up) = best[a];
                let clear = b != usize::MAX
                    && a < b
                    && best[b].1 == a
                    && mean >= floor
                    && mean - runner_up.max(best[b].2) >= margin;
                clear.then_some((a, b))
            })
            .collect();
        if !join(&mut clusters, &pairs, constraints) {
            return clusters;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::features::Doc;

    fn item<'a>(doc: &'a Doc, region: u32, category: u32, vector: &'a [f32]) -> Item<'a> {
        Item {
            doc,
            region,
            category,
            vector: Some(vector),
        }
    }

    #[test]
    fn pairs_closest_both_ways_across_regions_with_their_margin() {
        let doc = Doc::default();
        let s = 0.6_f32.sqrt();
        let t = 0.4_f32.sqrt();
        let vectors: [&[f32]; 5] = [
            &[1.0, 0.0, 0.0], // region 0
            &[0.0, 1.0, 0.0], // region 0
            &[s, t, 0.0],     // region 1: closest to 0 (0.77) over 1 (0.63)
            &[0.0, 0.0, 1.0], // region 1: close to nothing
            &[1.0, 0.0, 0.0], // region 0, another category: never paired
        ];
        let items = vec![
            item(&doc, 0, 0, vectors[0]),
            item(&doc, 0, 0, vectors[1]),
            item(&doc, 1, 0, vectors[2]),
            item(&doc, 1, 0, vectors[3]),
            item(&doc, 0, 1, vectors[4]),
        ];
        let found = Neighbours::new(&items).mutual_best(&items);
        let pairs: Vec<(u32, u32)> = found.iter().map(|m| (m.a, m.b)).collect();
        // 0~2 is closest both ways; 1's closest in region 1 is 2, which prefers 0; 3's
        // closest is a tie at 0, broken towards the lower index, which prefers 2.
        assert_eq!(pairs, vec![(0, 2)]);
        let m = found[0];
        assert!((m.cosine - s).abs() < 1e-6);
        // Runner-up: 1 for item 2 (cosine t), 3 for item 0 (cosine 0).
        assert!((m.margin - (s - t)).abs() < 1e-6);
    }

    #[test]
    fn items_without_vectors_and_same_region_pairs_are_ignored() {
        let doc = Doc::default();
        let v: &[f32] = &[1.0, 0.0];
        let items = vec![
            item(&doc, 0, 0, v),
            item(&doc, 0, 0, v),
            Item {
                doc: &doc,
                region: 1,
                category: 0,
                vector: None,
            },
        ];
        assert!(Neighbours::new(&items).mutual_best(&items).is_empty());
    }

    #[test]
    fn ranks_count_the_closer_wordings_on_both_sides() {
        let doc = Doc::default();
        let vectors: [&[f32]; 4] = [
            &[1.0, 0.0], // region 0
            &[0.0, 1.0], // region 0
            &[0.8, 0.6], // region 1: closer to 0 (0.8) than to 1 (0.6)
            &[0.6, 0.8], // region 1: closer to 1
        ];
        let items: Vec<Item> = [0, 0, 1, 1]
            .iter()
            .zip(vectors)
            .map(|(&region, v)| item(&doc, region, 0, v))
            .collect();
        let n = Neighbours::new(&items);
        // Same region: never ranked.
        assert_eq!(n.rank(&items, 0, 1), None);
        assert_eq!(n.rank(&items, 2, 3), None);
        // 0~2 and 1~3 are first both ways; 0~3: 2 is closer to 0, and 1 is closer to 3.
        assert_eq!(n.rank(&items, 0, 2), Some(0));
        assert_eq!(n.rank(&items, 1, 3), Some(0));
        assert_eq!(n.rank(&items, 0, 3), Some(2));
        assert_eq!(n.near(&items, 1), vec![(0, 2), (1, 3)]);
    }

    struct Rules(Vec<(u32, u32)>);

    impl Constraints for Rules {
        fn forbids(&self, x: u32, y: u32) -> bool {
            self.0.contains(&(x.min(y), x.max(y)))
        }
    }

    fn unit(v: [f32; 3]) -> Option<Vec<f32>> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        Some(v.iter().map(|x| x / n).collect())
    }

    /// The completion of clusters {0, 1} (regions 0 and 1), {2} and {3} (both region 2)
    /// at floor 0.45 and margin 0.1; item 3's vector is `third`.
    fn run(third: [f32; 3], categories: &[u32], rules: Rules) -> Vec<Vec<u32>> {
        let vectors = vec![
            unit([1.0, 0.1, 0.0]),
            unit([1.0, -0.1, 0.0]),
            unit([0.8, 0.0, 0.6]),
            unit(third),
        ];
        let regions = [0, 1, 2, 2];
        let clusters = vec![vec![0, 1], vec![2], vec![3]];
        complete(clusters, &vectors, &regions, categories, &rules, 0.45, 0.1)
    }

    #[test]
    fn a_region_missing_from_a_cluster_joins_it_when_clearly_closest() {
        let out = run([0.0, 0.0, 1.0], &[0; 4], Rules(vec![]));
        assert_eq!(out, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn no_join_without_a_clear_margin_or_against_a_rule() {
        let apart = vec![vec![0, 1], vec![2], vec![3]];
        // Item 3 is nearly as close as item 2: the cluster cannot tell them apart.
        assert_eq!(run([0.75, 0.0, 0.66], &[0; 4], Rules(vec![])), apart);
        // A clear winner, but a rule (opposing positions, the ledger) keeps it apart.
        assert_eq!(run([0.0, 0.0, 1.0], &[0; 4], Rules(vec![(1, 2)])), apart);
        // Another category never joins.
        assert_eq!(run([0.0, 0.0, 1.0], &[0, 0, 1, 1], Rules(vec![])), apart);
    }

    #[test]
    fn an_opposing_closest_wording_is_not_replaced_by_the_runner_up() {
        struct Opposing;
        impl Constraints for Opposing {
            fn forbids(&self, x: u32, y: u32) -> bool {
                self.opposes(x, y)
            }
            fn opposes(&self, x: u32, y: u32) -> bool {
                (x.min(y), x.max(y)) == (2, 3)
            }
        }
        // 2 (region 2) is clearly closest to {0, 1}, but closer still to 3 (region 3).
        let vectors = vec![
            unit([1.0, 0.1, 0.0]),
            unit([1.0, -0.1, 0.0]),
            unit([0.6, 0.0, 0.8]),
            unit([0.0, 0.0, 1.0]),
        ];
        let clusters = vec![vec![0, 1], vec![2], vec![3]];
        let run = |rules: &dyn Constraints| {
            complete(
                clusters.clone(),
                &vectors,
                &[0, 1, 2, 3],
                &[0; 4],
                rules,
                0.45,
                0.1,
            )
        };
        assert_eq!(run(&Rules(vec![])), vec![vec![0, 1, 2], vec![3]]);
        // When 3 takes the opposite position, 2 has no match here at all.
        assert_eq!(run(&Opposing), clusters);
    }

    #[test]
    fn links_blend_the_words_score_with_the_vector_cosine() {
        let link = |a, b, affinity| Link { a, b, affinity };
        let vectors = vec![
            unit([1.0, 0.0, 0.0]),
            unit([0.6, 0.8, 0.0]),
            unit([0.0, 1.0, 0.0]),
            unit([0.0, 0.0, 1.0]),
            None,
        ];
        // 0~1 by words; 1~2 close by vector alone; 3 is far from all; 4 has no vector;
        // 0, 1, 2 and 4 share a category.
        let scored = [link(0, 1, 0.4), link(1, 4, 0.3), link(0, 3, 0.2)];
        let out = links(&scored, &vectors, &[0, 0, 0, 1, 0], 0.5, 0.2);
        let expected = [
            link(1, 4, 0.3),
            link(0, 1, 0.5 * 0.6 + 0.5 * 0.4),
            link(1, 2, 0.5 * 0.8),
        ];
        assert_eq!(out.len(), expected.len(), "{out:?}");
        for (got, want) in out.iter().zip(&expected) {
            assert_eq!((got.a, got.b), (want.a, want.b));
            assert!((got.affinity - want.affinity).abs() < 1e-6, "{got:?}");
        }
    }

    #[test]
    fn centring_removes_what_every_wording_shares() {
        let id = |s: &str| crate::model::RecId::parse(s).unwrap();
        let vectors: Vectors = [
            (id("a/1"), unit([1.0, 0.3, 0.0]).unwrap()),
            (id("b/1"), unit([1.0, 0.0, 0.3]).unwrap()),
            (id("c/1"), unit([1.0, -0.3, -0.3]).unwrap()),
        ]
        .into_iter()
        .collect();
        let raw = cosine(&vectors[&id("a/1")], &vectors[&id("b/1")]);
        let c = centered(&vectors);
        let after = cosine(&c[&id("a/1")], &c[&id("b/1")]);
        // Raw: all close (a shared first axis); centred: only their differences remain.
        assert!(raw > 0.9 && after < 0.0, "{raw} -> {after}");
        for v in c.values() {
            assert!((cosine(v, v) - 1.0).abs() < 1e-5);
        }
    }
}

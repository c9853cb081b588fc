//! The semantic channel: sentence vectors as evidence beside the words.
//!
//! Raw vector similarity is a poor merge signal on one meeting's text: every wording is
//! "about" the same subject, so unrelated recommendations score nearly as high as
//! paraphrases. What carries information is the *relative* closeness: two wordings that
//! are each other's closest in the other's region, by a clear margin over the runner-up.
//! Such a pair becomes a candidate even when the two share no word, and its score is
//! lifted in proportion to that margin. The rules that veto a pair (category, opposing
//! positions, same region, the ledger) apply unchanged.

use std::collections::HashMap;

use super::similarity::Item;

/// A pair of items (`a < b`) that are each other's closest by vector across their regions.
#[derive(Debug, Clone, Copy)]
pub struct Mutual {
    pub a: u32,
    pub b: u32,
    /// Cosine of the two vectors.
    pub cosine: f32,
    /// How far it beats the better of the two runners-up (0 when nothing else competes).
    pub margin: f32,
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The mutual closest pairs across regions, within each category, sorted by `(a, b)`.
/// Compares all pairs of a category: the channel is meant for meeting-sized inputs, where
/// computing the vectors costs far more than this.
pub fn mutual_best(items: &[Item]) -> Vec<Mutual> {
    // (item, other region) -> (best cosine, partner, runner-up cosine)
    let mut best: HashMap<(u32, u32), (f32, u32, f32)> = HashMap::new();
    let mut offer = |x: u32, region: u32, y: u32, c: f32| {
        let e = best
            .entry((x, region))
            .or_insert((f32::MIN, u32::MAX, f32::MIN));
        if c > e.0 || (c == e.0 && y < e.1) {
            e.2 = e.0;
            *e = (c, y, e.2);
        } else if c > e.2 {
            e.2 = c;
        }
    };
    for (i, x) in items.iter().enumerate() {
        let Some(vx) = x.vector else { continue };
        for (j, y) in items.iter().enumerate().skip(i + 1) {
            let Some(vy) = y.vector else { continue };
            if x.category != y.category || x.region == y.region {
                continue;
            }
            let c = cosine(vx, vy);
            offer(i as u32, y.region, j as u32, c);
            offer(j as u32, x.region, i as u32, c);
        }
    }
    let mut out: Vec<Mutual> = Vec::new();
    for (&(x, region), &(c, y, runner_up)) in &best {
        if x > y {
            continue;
        }
        let Some(&(_, back, back_runner_up)) = best.get(&(y, items[x as usize].region)) else {
            continue;
        };
        if back != x || items[y as usize].region != region {
            continue;
        }
        out.push(Mutual {
            a: x,
            b: y,
            cosine: c,
            margin: (c - runner_up.max(back_runner_up)).clamp(0.0, c.max(0.0)),
        });
    }
    out.sort_by_key(|m| (m.a, m.b));
    out
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
        let found = mutual_best(&items);
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
        assert!(mutual_best(&items).is_empty());
    }
}

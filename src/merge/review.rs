//! The review list: close pairs of wordings in different clusters that an editor should
//! decide on, at most `review_per_rec` per recommendation.

use std::collections::{HashMap, HashSet};

use super::cluster::Constraints;
use super::semantic;
use super::{Engine, ReviewPair};

impl Engine<'_> {
    /// Close pairs across clusters that no decision covers: the best pair per pair of
    /// clusters, best first, at most `review_per_rec` per recommendation.
    ///
    /// A recommendation no other region shares comes first: its best cross-region
    /// candidates of its category are listed even at modest scores (down to
    /// `review_floor`), so that a freely worded version of a joint recommendation reaches an
    /// editor instead of the budget going to loose pairs of recommendations that already
    /// have partners. With the semantic channel on, its closest cluster of other regions by
    /// mean vector cosine (`closest_clusters`) heads those candidates.
    pub(super) fn review(&self, cluster_of: &[usize]) -> Vec<ReviewPair> {
        let mut apart_clusters: HashSet<(usize, usize)> = HashSet::new();
        for &(x, y) in &self.decisions.apart {
            let (cx, cy) = (cluster_of[x as usize], cluster_of[y as usize]);
            apart_clusters.insert((cx.min(cy), cx.max(cy)));
        }
        let lonely: Vec<bool> = (0..self.recs.len())
            .map(|x| {
                let region = self.region_of[x];
                self.clusters[cluster_of[x]]
                    .iter()
                    .all(|&m| self.region_of[m as usize] == region)
            })
            .collect();
        // A lonely recommendation's best few cross-region candidates, decided or not: once
        // the editors have settled them, weaker ones are not offered in their place.
        let mut ranked: HashMap<u32, Vec<(f32, u32)>> = HashMap::new();
        for e in self.edges.iter().filter(|e| {
            !e.same_region
                && !e.opposed
                && self.recs[e.a as usize].category == self.recs[e.b as usize].category
        }) {
            for (x, y) in [(e.a, e.b), (e.b, e.a)] {
                if lonely[x as usize] {
                    ranked.entry(x).or_default().push((e.review, y));
                }
            }
        }
        let mut offered: HashSet<(u32, u32)> = HashSet::new();
        for (x, mut list) in ranked {
            list.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
            for &(_, y) in list.iter().take(self.params.review_per_rec) {
                offered.insert((x.min(y), x.max(y)));
            }
        }
        let mut best: HashMap<(usize, usize), (f32, u32, u32)> = HashMap::new();
        for e in &self.edges {
            let (ca, cb) = (cluster_of[e.a as usize], cluster_of[e.b as usize]);
            let key = (ca.min(cb), ca.max(cb));
            let for_lonely = offered.contains(&(e.a, e.b));
            if ca == cb
                || e.opposed
                || (e.review < self.params.review_threshold && !for_lonely)
                || apart_clusters.contains(&key)
                || self.recs[e.a as usize].category != self.recs[e.b as usize].category
            {
                continue;
            }
            // Each region usually states an idea once: a pair from one region is worth an
            // editor's time only when it is nearly the same wording.
            if e.same_region && e.cosine < self.params.same_region_min * 0.6 {
                continue;
            }
            let entry = best.entry(key).or_insert((f32::MIN, e.a, e.b));
            if e.review > entry.0 || (e.review == entry.0 && (e.a, e.b) < (entry.1, entry.2)) {
                *entry = (e.review, e.a, e.b);
            }
        }
        let mut pairs: Vec<(f32, u32, u32)> = best.into_values().collect();
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let cross =
            |&(_, a, b): &(f32, u32, u32)| self.region_of[a as usize] != self.region_of[b as usize];
        // A lonely wording's closest cluster of other regions comes first on its list, as
        // the pair already ranked for those two clusters or as a new one.
        let mut closest: HashMap<u32, usize> = HashMap::new();
        for (x, cluster, y) in self.closest_clusters(&lonely, cluster_of, &apart_clusters) {
            let key = {
                let cx = cluster_of[x as usize];
                (cx.min(cluster), cx.max(cluster))
            };
            let ranked = pairs.iter().position(|&(_, a, b)| {
                let (ca, cb) = (cluster_of[a as usize], cluster_of[b as usize]);
                (ca.min(cb), ca.max(cb)) == key
            });
            let k = ranked.unwrap_or_else(|| {
                // Listed with its own review score, which no bar filtered in here.
                let score = self.edge(x, y).map_or(0.0, |e| e.review);
                pairs.push((score, x.min(y), x.max(y)));
                pairs.len() - 1
            });
            closest.insert(x, k);
        }
        let mut count = vec![0usize; self.recs.len()];
        let mut taken = vec![false; pairs.len()];
        let mut chosen = Vec::new();
        let mut take = |k: usize, count: &mut Vec<usize>, chosen: &mut Vec<(f32, u32, u32)>| {
            let (score, a, b) = pairs[k];
            if taken[k]
                || count[a as usize] >= self.params.review_per_rec
                || count[b as usize] >= self.params.review_per_rec
            {
                return false;
            }
            taken[k] = true;
            count[a as usize] += 1;
            count[b as usize] += 1;
            chosen.push((score, a, b));
            true
        };
        // Round by round, each recommendation without a partner region takes its best
        // cross-region candidate still open; recommendations with a strong best candidate
        // choose first.
        let mut own: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, p) in pairs.iter().enumerate().filter(|(_, p)| cross(p)) {
            for x in [p.1, p.2] {
                if lonely[x as usize] {
                    own.entry(x).or_default().push(k);
                }
            }
        }
        for (&x, &k) in &closest {
            let list = own.entry(x).or_default();
            list.retain(|&j| j != k);
            list.insert(0, k);
        }
        let mut order: Vec<(u32, Vec<usize>)> = own.into_iter().collect();
        order.sort_by(|x, y| {
            pairs[y.1[0]]
                .0
                .total_cmp(&pairs[x.1[0]].0)
                .then(x.0.cmp(&y.0))
        });
        for _ in 0..self.params.review_per_rec {
            for (x, list) in &order {
                if count[*x as usize] >= self.params.review_per_rec {
                    continue;
                }
                for &k in list {
                    if take(k, &mut count, &mut chosen) {
                        break;
                    }
                }
            }
        }
        // Then the rest: pairs that are each other's best first, so that a weak but clear
        // match is not crowded out by a recommendation with many loose neighbours.
        let mut first: HashMap<u32, (f32, u32)> = HashMap::new();
        for &(score, a, b) in pairs.iter().filter(|p| cross(p)) {
            first.entry(a).or_insert((score, b));
            first.entry(b).or_insert((score, a));
        }
        let mutual = |&(_, a, b): &(f32, u32, u32)| first[&a].1 == b && first[&b].1 == a;
        let rank = |p: &(f32, u32, u32)| {
            if !cross(p) {
                2
            } else if mutual(p) {
                0
            } else {
                1
            }
        };
        let mut rest: Vec<usize> = (0..pairs.len())
            .filter(|&k| pairs[k].0 >= self.params.review_threshold)
            .collect();
        rest.sort_by_key(|&k| (rank(&pairs[k]), k));
        for k in rest {
            take(k, &mut count, &mut chosen);
        }
        chosen.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        chosen
            .into_iter()
            .map(|(score, a, b)| ReviewPair {
                a: self.recs[a as usize].id.to_string(),
                b: self.recs[b as usize].id.to_string(),
                score: (f64::from(score) * 1000.0).round() / 1000.0,
            })
            .collect()
    }

    /// For each lonely wording with a vector, its closest cluster of other regions by mean
    /// vector cosine, as (wording, cluster, the member closest to it), when that mean
    /// reaches `review_join_floor`. It is the join the completion by vector refused for
    /// want of a clear enough mean: no single pair may rank it, yet an editor should see it.
    fn closest_clusters(
        &self,
        lonely: &[bool],
        cluster_of: &[usize],
        apart: &HashSet<(usize, usize)>,
    ) -> Vec<(u32, usize, u32)> {
        let regions: Vec<Vec<u32>> = self
            .clusters
            .iter()
            .map(|c| {
                let mut r: Vec<u32> = c.iter().map(|&m| self.region_of[m as usize]).collect();
                r.sort_unstable();
                r.dedup();
                r
            })
            .collect();
        let mut out = Vec::new();
        for x in (0..self.recs.len() as u32).filter(|&x| lonely[x as usize]) {
            let Some(vx) = &self.vectors[x as usize] else {
                continue;
            };
            let cx = cluster_of[x as usize];
            // (mean, cluster, closest member)
            let mut best: Option<(f32, usize, u32)> = None;
            for (c, members) in self.clusters.iter().enumerate() {
                let eligible = regions[c].len() >= 2
                    && !regions[c].contains(&self.region_of[x as usize])
                    && self.recs[members[0] as usize].category == self.recs[x as usize].category
                    && !apart.contains(&(c.min(cx), c.max(cx)))
                    && !members.iter().any(|&m| self.opposes(x, m));
                if !eligible {
                    continue;
                }
                let (mut sum, mut top) = (0.0, None::<(f32, u32)>);
                for &m in members {
                    let Some(vm) = &self.vectors[m as usize] else {
                        continue;
                    };
                    let cosine = semantic::cosine(vx, vm);
                    sum += cosine;
                    if top.is_none_or(|t| cosine > t.0) {
                        top = Some((cosine, m));
                    }
                }
                let mean = sum / members.len() as f32;
                if let Some((_, y)) = top.filter(|_| best.is_none_or(|b| mean > b.0)) {
                    best = Some((mean, c, y));
                }
            }
            if let Some((_, c, y)) = best.filter(|b| b.0 >= self.params.review_join_floor) {
                out.push((x, c, y));
            }
        }
        out
    }
}

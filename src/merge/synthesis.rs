//! From the engine's clusters to the `Synthesis`: provenance, the cross-regional rule, the
//! ledger's wording and order, the Highlights bullets and the review list.

use std::collections::{HashMap, HashSet};

use crate::model::HighlightItem;

use super::ledger::lookup;
use super::similarity::cosine;
use super::{Cluster, Engine, HighlightBullet, HighlightList, ReviewPair, Synthesis};

impl Engine<'_> {
    pub fn synthesis(&self) -> Synthesis {
        let meeting = self.meeting;
        let mut notes = self.decisions.notes.clone();
        let region_pos: HashMap<&str, usize> = meeting
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let category_pos: HashMap<&str, usize> = meeting
            .info
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let min_regions = meeting.cross_regional_min();

        // Which cluster each item is in, and the ledger's wording per cluster.
        let mut cluster_of = vec![0usize; self.recs.len()];
        for (k, members) in self.clusters.iter().enumerate() {
            for &m in members {
                cluster_of[m as usize] = k;
            }
        }
        let mut wording: HashMap<usize, (usize, &crate::model::LedgerRecommendation)> =
            HashMap::new();
        for (order, entry) in meeting.ledger.recommendations.iter().enumerate() {
            let what = "a ledger recommendation";
            let Some(item) = lookup(&self.index, &entry.cluster, what, &mut notes) else {
                continue;
            };
            let k = cluster_of[item as usize];
            if wording.contains_key(&k) {
                notes.push(
                    crate::diag::Diagnostic::warning(format!(
                        "two ledger recommendations name the same cluster (`{}`); \
                         the first one's wording is used",
                        entry.cluster
                    ))
                    .in_file("sources/merge.yaml"),
                );
                continue;
            }
            wording.insert(k, (order, entry));
        }

        let mut clusters: Vec<(Vec<usize>, Cluster)> = Vec::new();
        for (k, members) in self.clusters.iter().enumerate() {
            let mut ids: Vec<&crate::model::RecId> =
                members.iter().map(|&m| &self.recs[m as usize].id).collect();
            ids.sort_by(|a, b| {
                let pa = region_pos
                    .get(a.region.as_str())
                    .copied()
                    .unwrap_or(usize::MAX);
                let pb = region_pos
                    .get(b.region.as_str())
                    .copied()
                    .unwrap_or(usize::MAX);
                pa.cmp(&pb).then_with(|| a.cmp(b))
            });
            let mut regions: Vec<&str> = ids.iter().map(|r| r.region.as_str()).collect();
            regions.dedup();
            let cross_regional = regions.len() >= min_regions && regions.len() > 1;
            let category = self.majority_category(members);
            let (title, highlights, discussion, order) = match wording.get(&k) {
                Some((order, entry)) => {
                    let highlights = if entry.highlights.is_empty() {
                        vec![entry.title.clone()]
                    } else {
                        entry.highlights.clone()
                    };
                    (
                        entry.title.clone(),
                        highlights,
                        entry.discussion.clone(),
                        *order,
                    )
                }
                None => {
                    let title = self.representative(members).to_owned();
                    (title.clone(), vec![title], None, usize::MAX)
                }
            };
            let cat = category_pos
                .get(category.as_str())
                .copied()
                .unwrap_or(usize::MAX);
            let first_pos = region_pos
                .get(ids[0].region.as_str())
                .copied()
                .unwrap_or(usize::MAX);
            let key = if cross_regional {
                vec![0, order, cat, first_pos]
            } else {
                vec![1, cat, first_pos, 0]
            };
            clusters.push((
                key,
                Cluster {
                    id: members
                        .iter()
                        .map(|&m| self.recs[m as usize].id.to_string())
                        .min()
                        .unwrap_or_default(),
                    category,
                    cross_regional,
                    regions: regions.into_iter().map(str::to_owned).collect(),
                    title,
                    highlights,
                    discussion,
                    members: ids.into_iter().cloned().collect(),
                },
            ));
        }
        clusters.sort_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then_with(|| a.members[0].cmp(&b.members[0]))
                .then_with(|| a.id.cmp(&b.id))
        });
        let clusters: Vec<Cluster> = clusters.into_iter().map(|(_, c)| c).collect();
        let review = self.review(&cluster_of);
        let highlights = self.highlights(&clusters, &mut notes);
        Synthesis {
            regions: meeting.regions.iter().map(|r| r.id.clone()).collect(),
            clusters,
            highlights,
            review,
            notes,
        }
    }

    /// The category most members have (ties: the smallest id); only a ledger `together`
    /// can mix categories.
    fn majority_category(&self, members: &[u32]) -> String {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &m in members {
            *counts.entry(&self.recs[m as usize].category).or_insert(0) += 1;
        }
        let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts[0].0.to_owned()
    }

    /// The wording closest to all the others (ties: the smallest id).
    fn representative(&self, members: &[u32]) -> &str {
        let mut best = (f32::MIN, members[0]);
        for &m in members {
            let total: f32 = members
                .iter()
                .filter(|&&o| o != m)
                .map(|&o| cosine(&self.docs[m as usize], &self.docs[o as usize]))
                .sum();
            if total > best.0 + 1e-6 {
                best = (total, m);
            }
        }
        &self.recs[best.1 as usize].title
    }

    /// Close pairs across clusters that no decision covers: the best pair per pair of
    /// clusters, best first, at most `review_per_rec` per recommendation.
    ///
    /// A recommendation no other region shares comes first: its best cross-region
    /// candidates of its category are listed even at modest scores (down to
    /// `review_floor`), so that a freely worded version of a joint recommendation reaches an
    /// editor instead of the budget going to loose pairs of recommendations that already
    /// have partners.
    fn review(&self, cluster_of: &[usize]) -> Vec<ReviewPair> {
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

    /// The Highlights bullets per meeting category: the ledger's list resolved to
    /// cross-regional clusters, then the cross-regional clusters it does not mention.
    fn highlights(
        &self,
        clusters: &[Cluster],
        notes: &mut Vec<crate::diag::Diagnostic>,
    ) -> Vec<HighlightList> {
        let mut by_member = |id: &str| -> Option<&Cluster> {
            let item = lookup(&self.index, id, "a Highlights bullet", notes)?;
            let rec = &self.recs[item as usize].id;
            clusters.iter().find(|c| c.members.contains(rec))
        };
        let mut lists = Vec::new();
        let mut mentioned: HashSet<String> = HashSet::new();
        let mut resolved: Vec<(String, Vec<HighlightBullet>)> = Vec::new();
        for category in &self.meeting.info.categories {
            let mut bullets = Vec::new();
            if let Some(items) = self.meeting.ledger.highlights.get(&category.id) {
                for item in items {
                    match item {
                        HighlightItem::Text { text } => bullets.push(HighlightBullet {
                            text: text.clone(),
                            cluster: None,
                        }),
                        HighlightItem::Cluster { cluster, part } => {
                            let Some(c) = by_member(cluster) else {
                                continue;
                            };
                            mentioned.insert(c.id.clone());
                            if !c.cross_regional {
                                continue;
                            }
                            let texts: Vec<&String> = match part {
                                Some(p) => {
                                    c.highlights.get(p.saturating_sub(1)).into_iter().collect()
                                }
                                None => c.highlights.iter().collect(),
                            };
                            bullets.extend(texts.into_iter().map(|t| HighlightBullet {
                                text: t.clone(),
                                cluster: Some(c.id.clone()),
                            }));
                        }
                    }
                }
            }
            resolved.push((category.id.clone(), bullets));
        }
        for (category, mut bullets) in resolved {
            for c in clusters.iter().filter(|c| {
                c.cross_regional && c.category == category && !mentioned.contains(&c.id)
            }) {
                bullets.extend(c.highlights.iter().map(|t| HighlightBullet {
                    text: t.clone(),
                    cluster: Some(c.id.clone()),
                }));
            }
            lists.push(HighlightList { category, bullets });
        }
        lists
    }
}

//! From the engine's clusters to the `Synthesis`: provenance, the cross-regional rule, the
//! ledger's wording and order and the Highlights bullets (the review list is in `review`).

use std::collections::{HashMap, HashSet};

use crate::model::HighlightItem;

use super::ledger::lookup;
use super::similarity::cosine;
use super::{Cluster, Engine, HighlightBullet, HighlightList, Synthesis};

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

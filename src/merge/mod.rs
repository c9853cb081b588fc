//! Merge: groups the recommendations that several regions share into clusters.
//!
//! Pure and deterministic: no I/O, no clock, and the result does not depend on the order
//! of files or entries. The engine proposes; the ledger (`sources/merge.yaml`) decides.
//!
//! How: each wording is analysed into weighted features (`text`, `features`); candidate
//! pairs come from an inverted index and are scored by weighted cosine, lifted when two
//! wordings are each other's best match across their regions (`similarity`) and vetoed
//! when they take opposite positions (`position`); constrained average-link clustering groups them
//! (`cluster`); the ledger's decisions and wording are applied (`ledger`, `synthesis`).
//! With sentence vectors (`crate::embed`), the semantic channel blends the vector cosine
//! into the affinity average link weighs, and adds candidates, lifts and a completion step
//! for paraphrases that share no word (`semantic`), and then makes each region's place in a
//! cluster go to the wording the other members find closest (`places`). Pairs the pair judge
//! rejected (`crate::judge`, which reads the engine's `close_calls`) are kept apart like the
//! ledger's. `explain` shows the evidence behind any merge or review pair.

mod cluster;
pub mod eval;
pub mod explain;
mod features;
mod ledger;
mod lexicon;
mod params;
mod places;
mod position;
pub mod report;
mod review;
mod semantic;
mod similarity;
mod synthesis;
mod text;

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::embed::Vectors;
use crate::model::{Meeting, RecId, Recommendation};

pub use params::Params;

use cluster::Link;
use features::{Doc, Vocabulary};
use similarity::{Edge, Item};
use text::Analyzer;

/// What merging the meeting's recommendations gives the later stages.
#[derive(Debug, Clone, Serialize)]
pub struct Synthesis {
    /// Region ids in meeting order.
    pub regions: Vec<String>,
    /// Cross-regional clusters first, in the ledger's (report) order, then the others by
    /// category and first member. Every input recommendation is in exactly one cluster.
    pub clusters: Vec<Cluster>,
    /// The Highlights document's bullets per category, in meeting category order.
    pub highlights: Vec<HighlightList>,
    /// Close pairs below the merge bar that no ledger decision covers, best first.
    pub review: Vec<ReviewPair>,
    /// Ledger entries that could not be applied as written (warnings).
    #[serde(skip)]
    pub notes: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    /// Stable id: the smallest member id ("africa/af-rights").
    pub id: String,
    pub category: String,
    pub cross_regional: bool,
    /// Supporting regions, in meeting order.
    pub regions: Vec<String>,
    /// The ledger's editorial title, else the wording of a representative member.
    pub title: String,
    /// Highlights phrasing: one or more bullets (the ledger's, else the title).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    /// Markdown from the ledger: the report's discussion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discussion: Option<String>,
    /// In meeting region order, then by id (never file order, so that reordering a
    /// regional file changes nothing).
    pub members: Vec<RecId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HighlightList {
    pub category: String,
    pub bullets: Vec<HighlightBullet>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HighlightBullet {
    pub text: String,
    /// The cluster it phrases; `None` for a bullet that belongs to no single one.
    pub cluster: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewPair {
    /// "region/id", as the JSON contract has it.
    pub a: String,
    pub b: String,
    pub score: f64,
}

impl Synthesis {
    /// Review pairs no ledger decision covers yet: what `check --strict` fails on.
    pub fn undecided(&self) -> &[ReviewPair] {
        &self.review
    }

    /// One error per undecided review pair, for `check --strict`.
    pub fn strict_diagnostics(&self) -> Vec<Diagnostic> {
        self.review
            .iter()
            .map(|p| {
                Diagnostic::error(format!(
                    "undecided merge review pair `{}` ~ `{}` (score {:.2})",
                    p.a, p.b, p.score
                ))
                .in_file("sources/merge.yaml")
                .with_help(format!(
                    "add `together: [[{a}, {b}]]` or `apart: [[{a}, {b}]]` to sources/merge.yaml \
                     (see `rapporteur merge --explain {a}`)",
                    a = p.a,
                    b = p.b
                ))
            })
            .collect()
    }

    /// The cluster a recommendation ("region/id") or cluster id belongs to.
    pub fn cluster_of(&self, id: &str) -> Option<&Cluster> {
        let rec = RecId::parse(id)?;
        self.clusters
            .iter()
            .find(|c| c.id == id || c.members.contains(&rec))
    }
}

/// Merges the meeting's recommendations under its ledger with the default settings.
pub fn merge(meeting: &Meeting) -> Synthesis {
    Engine::new(meeting, Params::default(), None).synthesis()
}

/// `merge` with the semantic channel: `vectors` holds each recommendation's sentence
/// vector (see `crate::embed`).
pub fn merge_with(meeting: &Meeting, vectors: Option<&Vectors>) -> Synthesis {
    Engine::new(meeting, Params::default(), vectors).synthesis()
}

/// An acronym and its meaning as equivalent phrases. A meaning that ends in a qualifier
/// ("regional consultative process on migration") also counts without it, since running
/// text drops the qualifier the acronym list spells out.
fn acronym_group(term: &str, meaning: &str) -> Vec<String> {
    let mut group = vec![term.to_owned(), meaning.to_owned()];
    let words: Vec<&str> = meaning.split_whitespace().collect();
    if let Some(k) = words
        .iter()
        .rposition(|w| matches!(*w, "on" | "for" | "of" | "in"))
        .filter(|&k| k >= 2 && words.len() - k <= 3)
    {
        group.push(words[..k].join(" "));
    }
    group
}

/// The analysed meeting: everything the synthesis and the explanations are built from.
pub struct Engine<'m> {
    meeting: &'m Meeting,
    params: Params,
    analyzer: Analyzer,
    vocab: Vocabulary,
    /// Recommendations sorted by id: item `i` is `recs[i]`.
    recs: Vec<&'m Recommendation>,
    index: HashMap<RecId, u32>,
    docs: Vec<Doc>,
    region_of: Vec<u32>,
    /// Sentence vectors by item, when the semantic channel is on.
    vectors: Vec<Option<Vec<f32>>>,
    edges: Vec<Edge>,
    edge_at: HashMap<(u32, u32), usize>,
    decisions: ledger::Decisions,
    /// Pairs the pair judge rejected (`crate::judge`), as (smaller, larger) items.
    vetoes: HashSet<(u32, u32)>,
    clusters: Vec<Vec<u32>>,
    /// Members that gave their place to a closer wording of their region.
    substitutions: Vec<places::Substitution>,
    /// Members that left a cluster because other wordings of their region sit closer.
    departures: Vec<places::Departure>,
}

impl<'m> Engine<'m> {
    pub fn new(meeting: &'m Meeting, params: Params, vectors: Option<&Vectors>) -> Engine<'m> {
        Engine::with_vetoes(meeting, params, vectors, &BTreeSet::new())
    }

    /// `new`, with pairs that may not share a cluster because the pair judge rejected them.
    pub fn with_vetoes(
        meeting: &'m Meeting,
        params: Params,
        vectors: Option<&Vectors>,
        vetoes: &BTreeSet<(RecId, RecId)>,
    ) -> Engine<'m> {
        let mut recs: Vec<&Recommendation> = meeting.recommendations().collect();
        recs.sort_by(|a, b| a.id.cmp(&b.id));
        let index: HashMap<RecId, u32> = recs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i as u32))
            .collect();
        let mut groups: Vec<Vec<String>> = meeting
            .acronyms
            .iter()
            .map(|a| acronym_group(&a.term, &a.meaning))
            .collect();
        groups.extend(meeting.ledger.synonyms.iter().cloned());
        let analyzer = Analyzer::new(&groups);
        let texts: Vec<&str> = recs.iter().map(|r| r.title.as_str()).collect();
        let (vocab, docs) = features::analyse(&analyzer, &texts, &params);
        let discussions: Vec<&str> = recs
            .iter()
            .map(|r| r.text.as_deref().unwrap_or(""))
            .collect();
        let (vocab, docs) = if params.text_share > 0.0 && discussions.iter().any(|t| !t.is_empty())
        {
            let (text_vocab, text_docs) = features::analyse(&analyzer, &discussions, &params);
            features::with_text(vocab, docs, text_vocab, text_docs, params.text_share)
        } else {
            (vocab, docs)
        };
        let ordinal = |values: Vec<&str>| -> HashMap<String, u32> {
            let mut v: Vec<&str> = values;
            v.sort_unstable();
            v.dedup();
            v.into_iter()
                .enumerate()
                .map(|(i, s)| (s.to_owned(), i as u32))
                .collect()
        };
        let regions = ordinal(recs.iter().map(|r| r.id.region.as_str()).collect());
        let categories = ordinal(recs.iter().map(|r| r.category.as_str()).collect());
        let region_of: Vec<u32> = recs.iter().map(|r| regions[&r.id.region]).collect();
        let centered: Option<Vectors> = vectors.map(semantic::centered);
        let items: Vec<Item> = recs
            .iter()
            .zip(&docs)
            .zip(&region_of)
            .map(|((r, doc), &region)| Item {
                doc,
                region,
                category: categories[&r.category],
                vector: centered
                    .as_ref()
                    .and_then(|v| v.get(&r.id))
                    .map(Vec::as_slice),
            })
            .collect();
        let edges = similarity::edges(&items, vocab.names.len(), &params);
        let category_of: Vec<u32> = items.iter().map(|i| i.category).collect();
        let vectors: Vec<Option<Vec<f32>>> = items
            .iter()
            .map(|i| i.vector.map(<[f32]>::to_vec))
            .collect();
        let edge_at = edges
            .iter()
            .enumerate()
            .map(|(k, e)| ((e.a, e.b), k))
            .collect();
        let decisions = ledger::decisions(&meeting.ledger, &index);
        let vetoes = vetoes
            .iter()
            .filter_map(|(a, b)| Some((*index.get(a)?, *index.get(b)?)))
            .map(|(x, y)| (x.min(y), x.max(y)))
            .collect();
        let mut engine = Engine {
            meeting,
            params,
            analyzer,
            vocab,
            recs,
            index,
            docs,
            region_of,
            vectors,
            edges,
            edge_at,
            decisions,
            vetoes,
            clusters: Vec::new(),
            substitutions: Vec::new(),
            departures: Vec::new(),
        };
        let (links, threshold) = engine.links(&category_of);
        engine.clusters = cluster::cluster(
            engine.recs.len(),
            &links,
            &engine.decisions.together,
            &engine,
            threshold,
        );
        let strong: Vec<Edge> = engine
            .edges
            .iter()
            .filter(|e| engine.clusters_on(e))
            .copied()
            .collect();
        engine.clusters = cluster::complete(
            std::mem::take(&mut engine.clusters),
            &strong,
            &engine.region_of,
            &engine,
            engine.params.completion_threshold,
            &|a, b| engine.vectors_agree(a, b, engine.params.join_floor),
        );
        engine.clusters = semantic::complete(
            std::mem::take(&mut engine.clusters),
            &engine.vectors,
            &engine.region_of,
            &category_of,
            &engine,
            engine.params.join_floor,
            engine.params.join_margin,
        );
        let mut fixed = vec![false; engine.recs.len()];
        for &x in engine.decisions.together.iter().flatten() {
            fixed[x as usize] = true;
        }
        (engine.clusters, engine.substitutions) = places::substitute(
            std::mem::take(&mut engine.clusters),
            &engine.vectors,
            &engine.region_of,
            &category_of,
            &fixed,
            &engine,
        );
        (engine.clusters, engine.departures) = places::leave(
            std::mem::take(&mut engine.clusters),
            &engine.vectors,
            &engine.region_of,
            &category_of,
            &fixed,
        );
        engine
    }

    /// The scored pair of items `x` and `y`, if the candidate search found it.
    fn edge(&self, x: u32, y: u32) -> Option<&Edge> {
        self.edge_at
            .get(&(x.min(y), x.max(y)))
            .map(|&k| &self.edges[k])
    }

    /// Whether clustering weighs the words' score of a pair: pairs below the clustering
    /// floor are only review candidates.
    fn clusters_on(&self, e: &Edge) -> bool {
        !e.review_only && (e.cosine >= self.params.min_edge || e.lift > 0.0)
    }

    /// The words' score average link weighs a pair with: none for a review candidate or a
    /// pair taking opposite positions.
    fn words_link(&self, e: &Edge) -> Option<f32> {
        (self.clusters_on(e) && !e.opposed).then_some(e.score)
    }

    /// The pairs average link weighs and the bar it merges at: the words' scores alone, or
    /// with the semantic channel on, blended with the vector cosines (`semantic::links`).
    fn links(&self, category_of: &[u32]) -> (Vec<Link>, f64) {
        let scored: Vec<Link> = self
            .edges
            .iter()
            .filter_map(|e| {
                self.words_link(e).map(|affinity| Link {
                    a: e.a,
                    b: e.b,
                    affinity,
                })
            })
            .collect();
        if self.vectors.iter().all(Option::is_none) {
            return (scored, self.params.merge_threshold);
        }
        let mut links = semantic::links(
            &scored,
            &self.vectors,
            category_of,
            self.params.vector_weight,
            self.params.semantic_floor,
        );
        // Pairs taking opposite positions add no affinity, as in the words' graph.
        links.retain(|l| !cluster::Constraints::opposes(self, l.a, l.b));
        (links, self.params.semantic_threshold)
    }

    /// Cosine of the two items' sentence vectors, when the semantic channel is on.
    fn vector_cosine(&self, x: u32, y: u32) -> Option<f32> {
        match (&self.vectors[x as usize], &self.vectors[y as usize]) {
            (Some(a), Some(b)) => Some(semantic::cosine(a, b)),
            _ => None,
        }
    }

    /// With the semantic channel on, two clusters the words would join by completion also
    /// need a mean vector cosine of at least `floor`: wordings that share a few words but
    /// say something else are not merged. Always true without vectors.
    fn vectors_agree(&self, a: &[u32], b: &[u32], floor: f32) -> bool {
        let mut sum = 0.0;
        let mut n = 0;
        for &x in a {
            for &y in b {
                if let Some(c) = self.vector_cosine(x, y) {
                    sum += c;
                    n += 1;
                }
            }
        }
        n == 0 || sum / n as f32 >= floor
    }

    fn apart(&self, x: u32, y: u32) -> bool {
        self.decisions.apart.contains(&(x.min(y), x.max(y)))
    }

    fn vetoed(&self, x: u32, y: u32) -> bool {
        self.vetoes.contains(&(x.min(y), x.max(y)))
    }

    /// The merges the vectors are least sure of, for the pair judge to read: pairs of one
    /// cluster whose vectors' cosine is at most `judge_ceiling`, as (smaller, larger) ids,
    /// sorted. None without vectors, and none that an editor's `together` decided.
    pub fn close_calls(&self) -> Vec<(RecId, RecId)> {
        let decided = |x: u32, y: u32| {
            self.decisions
                .together
                .iter()
                .any(|group| group.contains(&x) && group.contains(&y))
        };
        let mut calls = Vec::new();
        for cluster in &self.clusters {
            for (i, &x) in cluster.iter().enumerate() {
                for &y in &cluster[i + 1..] {
                    let close = self
                        .vector_cosine(x, y)
                        .is_some_and(|c| c <= self.params.judge_ceiling);
                    if close && !decided(x, y) {
                        let (a, b) = (&self.recs[x as usize].id, &self.recs[y as usize].id);
                        calls.push((a.min(b).clone(), a.max(b).clone()));
                    }
                }
            }
        }
        calls.sort();
        calls
    }
}

impl cluster::Constraints for Engine<'_> {
    fn forbids(&self, x: u32, y: u32) -> bool {
        if self.apart(x, y) || self.vetoed(x, y) {
            return true;
        }
        if self.recs[x as usize].category != self.recs[y as usize].category {
            return true;
        }
        if self.opposes(x, y) {
            return true;
        }
        let (dx, dy) = (&self.docs[x as usize], &self.docs[y as usize]);
        if self.region_of[x as usize] == self.region_of[y as usize] {
            let cos = self
                .edge(x, y)
                .map_or_else(|| similarity::cosine(dx, dy), |e| e.cosine);
            return cos < self.params.same_region_min;
        }
        false
    }

    fn opposes(&self, x: u32, y: u32) -> bool {
        let (dx, dy) = (&self.docs[x as usize], &self.docs[y as usize]);
        !position::opposed(dx, dy).is_empty()
    }
}

#[cfg(test)]
mod tests;

//! Scoring the engine on labelled sets: consultations where every recommendation carries
//! the label (`truth`) of the idea it expresses.
//!
//! The file format is neutral (regions -> recommendations with `truth`), so sets can be
//! written without a whole project around them; `meeting` turns one into a `Meeting`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use serde::Deserialize;

use crate::model::{
    CrossRegionalRule, Dates, LedgerFile, Meeting, MeetingFile, Organisation, RecId,
    Recommendation, Region, Venue,
};

use super::{Params, Synthesis};
use crate::embed::Vectors;

/// A labelled set. Only ids, `truth` and `title` are required, and fields the format does
/// not know (a source, a note) are ignored, so that sets written elsewhere score as they
/// are: a region without a `name` is named by its id, a recommendation without a
/// `category` is in one category shared by all, and `categories` defaults to the
/// categories used, in order of first use.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledSet {
    #[serde(default)]
    pub categories: Vec<String>,
    pub regions: Vec<LabelledRegion>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledRegion {
    #[serde(deserialize_with = "scalar")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub recommendations: Vec<LabelledRec>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledRec {
    #[serde(deserialize_with = "scalar")]
    pub id: String,
    #[serde(default)]
    pub category: String,
    #[serde(deserialize_with = "scalar")]
    pub truth: String,
    pub title: String,
    /// The group's discussion, which the engine weighs below the title.
    #[serde(default)]
    pub text: Option<String>,
}

/// An id or label written as a string or as a number (`truth: 7`).
fn scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(b.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or a number, found {other:?}"
        ))),
    }
}

/// The category of recommendations that name none.
const ONE_CATEGORY: &str = "all";

impl LabelledSet {
    pub fn parse(text: &str) -> Result<LabelledSet, serde_yaml::Error> {
        let mut set: LabelledSet = serde_yaml::from_str(text)?;
        for region in &mut set.regions {
            if region.name.is_empty() {
                region.name = region.id.clone();
            }
            for rec in &mut region.recommendations {
                if rec.category.is_empty() {
                    rec.category = ONE_CATEGORY.to_owned();
                }
                if !set.categories.contains(&rec.category) {
                    set.categories.push(rec.category.clone());
                }
            }
        }
        Ok(set)
    }

    /// The truth label of every recommendation.
    pub fn truth(&self) -> HashMap<RecId, String> {
        self.regions
            .iter()
            .flat_map(|r| {
                r.recommendations.iter().map(|x| {
                    (
                        RecId {
                            region: r.id.clone(),
                            id: x.id.clone(),
                        },
                        x.truth.clone(),
                    )
                })
            })
            .collect()
    }

    /// The set as a meeting without ledger decisions.
    pub fn meeting(&self) -> Meeting {
        let regions = self
            .regions
            .iter()
            .map(|r| Region {
                id: r.id.clone(),
                name: r.name.clone(),
                prose_name: r.name.clone(),
                overview: None,
                recommendations: r
                    .recommendations
                    .iter()
                    .map(|x| Recommendation {
                        text: x.text.clone(),
                        ..recommendation(&r.id, &x.id, &x.category, &x.title)
                    })
                    .collect(),
            })
            .collect();
        meeting(&self.categories, regions, LedgerFile::default())
    }
}

/// A recommendation with only the required fields.
pub fn recommendation(region: &str, id: &str, category: &str, title: &str) -> Recommendation {
    Recommendation {
        id: RecId {
            region: region.to_owned(),
            id: id.to_owned(),
        },
        category: category.to_owned(),
        title: title.to_owned(),
        text: None,
        themes: Vec::new(),
        mechanisms: Vec::new(),
    }
}

/// A minimal meeting around the given regions, for evaluation, tests and benchmarks.
pub fn meeting(categories: &[String], regions: Vec<Region>, ledger: LedgerFile) -> Meeting {
    let info = MeetingFile {
        title: "Labelled consultation".into(),
        short_title: "Labelled".into(),
        edition: 1,
        theme: String::new(),
        dates: Dates {
            start: "2000-01-01".into(),
            end: "2000-01-01".into(),
        },
        venue: Venue {
            city: String::new(),
            country: String::new(),
        },
        host: Organisation {
            name: String::new(),
            short: String::new(),
            address: Vec::new(),
        },
        language: "en".into(),
        delegates: None,
        regions: regions
            .iter()
            .map(|r| crate::model::RegionRef {
                id: r.id.clone(),
                name: r.name.clone(),
                prose_name: None,
                file: format!("regions/{}.yaml", r.id),
            })
            .collect(),
        categories: categories
            .iter()
            .map(|c| crate::model::Category {
                id: c.clone(),
                title: c.clone(),
            })
            .collect(),
        cross_regional: CrossRegionalRule { min_regions: None },
        output: Default::default(),
    };
    Meeting {
        root: PathBuf::new(),
        info,
        regions,
        acronyms: Vec::new(),
        themes: Vec::new(),
        mechanisms: Vec::new(),
        survey: None,
        ledger,
        prose: BTreeMap::new(),
    }
}

/// How the engine did on one labelled set.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub recommendations: usize,
    pub true_pairs: usize,
    pub merged_pairs: usize,
    pub correct_pairs: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of true pairs that are merged, or whose two clusters a review pair joins
    /// (accepting that pair with a `together` decision would merge them).
    pub merged_or_reviewed: f64,
    /// The same, counting only review pairs that name exactly the true pair.
    pub merged_or_reviewed_exact: f64,
    pub review_len: usize,
    pub max_review_per_rec: usize,
}

/// The target a labelled set is held to: precision of the automatic merges, recall, the
/// share of true pairs merged or on the review list, and review pairs per recommendation
/// (an editor reads each pair, so the list must stay short).
pub const TARGET: &str = "P >= 0.95, R >= 0.8, m-or-r >= 95%, review <= 2 per recommendation";

impl Score {
    /// The parts of the target (`TARGET`) this score misses, in the target's order: "P",
    /// "R", "m-or-r", "review". Empty when the target is met.
    pub fn shortfalls(&self) -> Vec<&'static str> {
        [
            ("P", self.precision >= 0.95),
            ("R", self.recall >= 0.8),
            ("m-or-r", self.merged_or_reviewed >= 0.95),
            ("review", self.max_review_per_rec <= 2),
        ]
        .into_iter()
        .filter(|(_, met)| !met)
        .map(|(part, _)| part)
        .collect()
    }
}

/// Scores a synthesis against the truth labels.
pub fn score(synthesis: &Synthesis, truth: &HashMap<RecId, String>) -> Score {
    let mut cluster_of: HashMap<&RecId, usize> = HashMap::new();
    for (k, c) in synthesis.clusters.iter().enumerate() {
        for m in &c.members {
            cluster_of.insert(m, k);
        }
    }
    let mut ids: Vec<&RecId> = truth.keys().collect();
    ids.sort();
    let reviewed: HashSet<(String, String)> = synthesis
        .review
        .iter()
        .flat_map(|p| [(p.a.clone(), p.b.clone()), (p.b.clone(), p.a.clone())])
        .collect();
    let linked: HashSet<(usize, usize)> = synthesis
        .review
        .iter()
        .filter_map(|p| {
            let a = cluster_of.get(&RecId::parse(&p.a)?)?;
            let b = cluster_of.get(&RecId::parse(&p.b)?)?;
            Some((*a.min(b), *a.max(b)))
        })
        .collect();
    let (mut true_pairs, mut merged, mut correct, mut covered, mut exact) = (0, 0, 0, 0, 0);
    for (i, x) in ids.iter().enumerate() {
        for y in &ids[i + 1..] {
            let same_truth = truth[*x] == truth[*y];
            let (cx, cy) = (cluster_of[*x], cluster_of[*y]);
            let together = cx == cy;
            true_pairs += usize::from(same_truth);
            merged += usize::from(together);
            correct += usize::from(same_truth && together);
            if same_truth {
                let pair = (x.to_string(), y.to_string());
                covered += usize::from(together || linked.contains(&(cx.min(cy), cx.max(cy))));
                exact += usize::from(together || reviewed.contains(&pair));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let precision = ratio(correct, merged);
    let recall = ratio(correct, true_pairs);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let mut per_rec: HashMap<&str, usize> = HashMap::new();
    for p in &synthesis.review {
        *per_rec.entry(&p.a).or_insert(0) += 1;
        *per_rec.entry(&p.b).or_insert(0) += 1;
    }
    Score {
        recommendations: ids.len(),
        true_pairs,
        merged_pairs: merged,
        correct_pairs: correct,
        precision,
        recall,
        f1,
        merged_or_reviewed: ratio(covered, true_pairs),
        merged_or_reviewed_exact: ratio(exact, true_pairs),
        review_len: synthesis.review.len(),
        max_review_per_rec: per_rec.values().copied().max().unwrap_or(0),
    }
}

/// Truth labels for a whole project: label -> member ids ("region/id"); every other
/// recommendation of the meeting is its own label.
pub fn project_truth(
    meeting: &Meeting,
    labels: &BTreeMap<String, Vec<String>>,
) -> Result<HashMap<RecId, String>, String> {
    let mut truth: HashMap<RecId, String> = meeting
        .recommendations()
        .map(|r| (r.id.clone(), format!("own:{}", r.id)))
        .collect();
    for (label, ids) in labels {
        for id in ids {
            let rec = RecId::parse(id).filter(|r| truth.contains_key(r));
            let rec =
                rec.ok_or_else(|| format!("`{id}` is not a recommendation of the project"))?;
            truth.insert(rec, label.clone());
        }
    }
    Ok(truth)
}

/// Runs the engine on a labelled set and scores it.
pub fn evaluate(set: &LabelledSet, params: &Params, vectors: Option<&Vectors>) -> Score {
    let meeting = set.meeting();
    let synthesis = super::Engine::new(&meeting, params.clone(), vectors).synthesis();
    score(&synthesis, &set.truth())
}

/// The mistakes of a merge (`engine`), with the evidence for each: merged pairs with
/// different labels, and true pairs left apart (marked when on the review list).
pub fn mistakes(engine: &super::Engine, truth: &HashMap<RecId, String>) -> String {
    let synthesis = engine.synthesis();
    let cluster_of: HashMap<&RecId, usize> = synthesis
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(k, c)| c.members.iter().map(move |m| (m, k)))
        .collect();
    let reviewed: HashSet<(String, String)> = synthesis
        .review
        .iter()
        .flat_map(|p| [(p.a.clone(), p.b.clone()), (p.b.clone(), p.a.clone())])
        .collect();
    let mut ids: Vec<&RecId> = truth.keys().collect();
    ids.sort();
    let mut out = String::new();
    for (i, x) in ids.iter().enumerate() {
        for y in &ids[i + 1..] {
            let same = truth[*x] == truth[*y];
            let together = cluster_of[*x] == cluster_of[*y];
            if same == together {
                continue;
            }
            let tag = if together {
                "FALSE MERGE"
            } else if reviewed.contains(&(x.to_string(), y.to_string())) {
                "missed (on review)"
            } else {
                "MISSED"
            };
            out.push_str(&format!("{tag} [{} / {}]\n", truth[*x], truth[*y]));
            out.push_str(&super::explain::pair(
                engine,
                engine.index[*x],
                engine.index[*y],
            ));
        }
    }
    out.push_str("review list:\n");
    for p in &synthesis.review {
        let label = |id: &str| {
            RecId::parse(id)
                .and_then(|r| truth.get(&r).cloned())
                .unwrap_or_default()
        };
        out.push_str(&format!(
            "  {} ~ {}  {:.3}  [{} / {}]\n",
            p.a,
            p.b,
            p.score,
            label(&p.a),
            label(&p.b)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_with_only_ids_truth_and_titles_scores() {
        let text = r#"
source: written elsewhere, with fields this format does not know
regions:
  - id: north
    recommendations:
      - {id: n1, truth: A, title: "Expand legal pathways for labour migration", note: x}
      - {id: n2, truth: B, title: "Publish annual statistics on remittance costs"}
  - id: south
    recommendations:
      - {id: 1, truth: A, title: "Open more legal pathways for labour migration"}
      - {id: 2, truth: 3, title: "Train border officials in human rights law",
         text: "Officials at the border should know and apply human rights law."}
"#;
        let set = LabelledSet::parse(text).unwrap();
        assert_eq!(set.categories, vec![ONE_CATEGORY.to_owned()]);
        assert_eq!(set.regions[0].name, "north");
        assert_eq!(set.regions[1].recommendations[1].id, "2");
        assert_eq!(set.regions[1].recommendations[1].truth, "3");
        let score = evaluate(&set, &Params::default(), None);
        assert_eq!(
            (score.true_pairs, score.precision, score.recall),
            (1, 1.0, 1.0)
        );
    }

    #[test]
    fn shortfalls_name_each_missed_part_of_the_target() {
        let at_the_target = Score {
            recommendations: 40,
            true_pairs: 20,
            merged_pairs: 20,
            correct_pairs: 19,
            precision: 0.95,
            recall: 0.8,
            f1: 0.87,
            merged_or_reviewed: 0.95,
            merged_or_reviewed_exact: 0.9,
            review_len: 30,
            max_review_per_rec: 2,
        };
        assert!(at_the_target.shortfalls().is_empty());
        let below = Score {
            precision: 0.94,
            merged_or_reviewed: 0.9,
            max_review_per_rec: 3,
            ..at_the_target.clone()
        };
        assert_eq!(below.shortfalls(), ["P", "m-or-r", "review"]);
        let short_on_recall = Score {
            recall: 0.79,
            ..at_the_target
        };
        assert_eq!(short_on_recall.shortfalls(), ["R"]);
    }
}

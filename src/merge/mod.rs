//! Merge: groups the recommendations that several regions share into clusters.
//!
//! Pure and deterministic: no I/O, no clock, and the result does not depend on the order
//! of files or entries. The engine proposes; the ledger (`sources/merge.yaml`) decides.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::RecId;

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
    /// In meeting region order, then file order.
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

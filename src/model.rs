//! The shapes of the source files (what staff write) and of the checked meeting model.
//!
//! The `*File` structs mirror the YAML files one to one: they derive `Deserialize` with
//! `deny_unknown_fields`, so a misspelt key is an error, and `JsonSchema`, so editors can
//! validate and complete the files. `Meeting` is what the validate stage hands on: every
//! reference in it has been checked.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `sources/meeting.yaml`: the meeting's facts, its regions, categories and rules.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingFile {
    /// Full title, e.g. "Seventh Global Meeting of Chairs and Secretariats of ...".
    pub title: String,
    /// Short name used in running text and footers, e.g. "GRCP 7".
    pub short_title: String,
    /// Which meeting of the series this is (7 for GRCP 7).
    pub edition: u32,
    /// The overall theme of the meeting.
    pub theme: String,
    pub dates: Dates,
    pub venue: Venue,
    pub host: Organisation,
    /// BCP 47 language of the documents ("en").
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub delegates: Option<Delegates>,
    /// The breakout groups, in the order the documents list them.
    pub regions: Vec<RegionRef>,
    /// Categories of recommendations, in document order.
    pub categories: Vec<Category>,
    pub cross_regional: CrossRegionalRule,
    #[serde(default)]
    pub output: OutputSettings,
}

fn default_language() -> String {
    "en".to_owned()
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// First day, as YYYY-MM-DD.
    pub start: String,
    /// Last day, as YYYY-MM-DD (the same as `start` for a one-day meeting).
    pub end: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    /// Its acronym, e.g. "IOM".
    pub short: String,
    /// Postal address lines, for the publisher page.
    #[serde(default)]
    pub address: Vec<String>,
}

/// Who attended, as the report counts them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegates {
    pub total: u32,
    /// Delegates from the consultation mechanisms themselves.
    pub from_mechanisms: u32,
    /// How many mechanisms those delegates came from.
    pub mechanisms: u32,
    pub un_regional_commissions: u32,
    pub regional_economic_organisations: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRef {
    /// Lower-case id, e.g. "africa"; the regional file must carry the same id.
    pub id: String,
    /// Display name, e.g. "Asia, Pacific and the Middle East".
    pub name: String,
    /// How running text names the region ("the Americas"); defaults to `name`.
    #[serde(default)]
    pub prose_name: Option<String>,
    /// Path of the regional file, relative to `sources/`.
    pub file: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: String,
}

/// When a cluster of recommendations counts as cross-regional.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrossRegionalRule {
    /// Supported by at least this many regions; omit to require every region.
    #[serde(default)]
    pub min_regions: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSettings {
    /// PDF standards to enforce, e.g. ["a-2a", "ua-1"]. Empty: plain tagged PDF 1.7.
    #[serde(default)]
    pub pdf_standards: Vec<String>,
    /// Keywords written into the PDF metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// `sources/regions/<id>.yaml`: one breakout group's recommendations.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    pub id: String,
    pub name: String,
    /// Markdown: the group's overview of its discussion, for the regional annex.
    #[serde(default)]
    pub overview: Option<String>,
    pub recommendations: Vec<RecommendationSource>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationSource {
    /// Unique within the region; "region/id" globally.
    pub id: String,
    /// A category id from meeting.yaml.
    pub category: String,
    pub title: String,
    /// Markdown: the group's own discussion.
    #[serde(default)]
    pub text: Option<String>,
    /// Ids from sources/themes.yaml.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Ids from sources/mechanisms.yaml: who put it forward.
    #[serde(default)]
    pub mechanisms: Vec<String>,
}

/// `sources/acronyms.yaml`: the report's list of acronyms, also taught to the merge engine.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcronymsFile {
    pub acronyms: Vec<Acronym>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acronym {
    /// As written in the text: "GFMD", "2030 Agenda", "global compact for migration".
    pub term: String,
    /// What it stands for.
    pub meaning: String,
}

/// `sources/themes.yaml`: the thematic clusters and their elements.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemesFile {
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub elements: Vec<ThemeElement>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeElement {
    /// The element's letter in the New York Declaration, e.g. "i".
    pub letter: String,
    pub text: String,
}

/// `sources/mechanisms.yaml`: the inter-state consultation mechanisms and partners.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MechanismsFile {
    pub mechanisms: Vec<Mechanism>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// Its usual acronym or short name, e.g. "MIDSA", "Bali Process".
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: MechanismKind,
    /// A region id from meeting.yaml, where the mechanism belongs to one.
    #[serde(default)]
    pub region: Option<String>,
    /// Attended the meeting (false: contributed to the survey only).
    #[serde(default = "yes")]
    pub attended: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MechanismKind {
    /// Global process on migration (GFMD, IDM).
    GlobalProcess,
    /// Interregional forum on migration.
    Irf,
    /// Regional consultative process on migration.
    Rcp,
    /// Regional economic organisation.
    Reo,
    /// United Nations Regional Commission.
    UnRc,
}

/// `sources/survey.yaml`: figures of the survey run before the meeting.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyFile {
    /// Entities that answered.
    pub respondents: u32,
    /// Share of the entities asked that answered, in per cent.
    pub response_rate_percent: u32,
    /// Respondents by type; the counts add up to `respondents`.
    pub by_type: Vec<SurveyGroup>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyGroup {
    #[serde(rename = "type")]
    pub kind: MechanismKind,
    pub label: String,
    pub count: u32,
}

/// `sources/merge.yaml`: the editors' decisions that override the merge engine, and the
/// editorial wording and order of the cross-regional recommendations.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerFile {
    /// Words the engine should treat as the same: each entry lists equivalent phrases,
    /// e.g. ["GCM", "global compact for migration"]. Acronyms from acronyms.yaml are known
    /// already.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Groups of recommendation ids ("region/id") that belong in one cluster.
    #[serde(default)]
    pub together: Vec<Vec<String>>,
    /// Pairs (or groups) of ids that must stay in different clusters.
    #[serde(default)]
    pub apart: Vec<Vec<String>>,
    /// Editorial wording of cross-regional recommendations, in report order.
    #[serde(default)]
    pub recommendations: Vec<LedgerRecommendation>,
    /// The bullets of the Highlights document, per category id, in order. A category
    /// left out lists its cross-regional recommendations in report order.
    #[serde(default)]
    pub highlights: BTreeMap<String, Vec<HighlightItem>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerRecommendation {
    /// Any member id ("region/id") of the cluster this wording belongs to.
    pub cluster: String,
    pub title: String,
    /// Short phrasing for the Highlights document; more than one entry gives more than
    /// one bullet. Defaults to the title.
    #[serde(default)]
    pub highlights: Vec<String>,
    /// Markdown: the report's discussion of the recommendation.
    #[serde(default)]
    pub discussion: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged, deny_unknown_fields)]
pub enum HighlightItem {
    /// The Highlights phrasing of a cluster (all of its bullets, or the `part`-th, from 1).
    Cluster {
        cluster: String,
        #[serde(default)]
        part: Option<usize>,
    },
    /// A bullet that belongs to no single recommendation.
    Text { text: String },
}

/// Where a value came from, for diagnostics that point into the user's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
}

/// A recommendation's global id: region id and local id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct RecId {
    pub region: String,
    pub id: String,
}

impl std::fmt::Display for RecId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.region, self.id)
    }
}

impl RecId {
    /// Parses "region/id".
    pub fn parse(s: &str) -> Option<RecId> {
        let (region, id) = s.split_once('/')?;
        (!region.is_empty() && !id.is_empty() && !id.contains('/')).then(|| RecId {
            region: region.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// One checked recommendation.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: RecId,
    pub category: String,
    pub title: String,
    pub text: Option<String>,
    pub themes: Vec<String>,
    pub mechanisms: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// How running text names the region ("the Americas").
    pub prose_name: String,
    pub overview: Option<String>,
    pub recommendations: Vec<Recommendation>,
}

/// The checked meeting: what validate gives and every later stage takes.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// The project folder the sources were read from.
    pub root: PathBuf,
    pub info: MeetingFile,
    /// In meeting.yaml order.
    pub regions: Vec<Region>,
    pub acronyms: Vec<Acronym>,
    pub themes: Vec<Theme>,
    pub mechanisms: Vec<Mechanism>,
    pub survey: Option<SurveyFile>,
    pub ledger: LedgerFile,
    /// Markdown files under sources/prose/, by path relative to that folder without the
    /// `.md` extension ("report/introduction").
    pub prose: BTreeMap<String, String>,
}

impl Meeting {
    /// Every recommendation of every region, in region order then file order.
    pub fn recommendations(&self) -> impl Iterator<Item = &Recommendation> {
        self.regions.iter().flat_map(|r| r.recommendations.iter())
    }

    /// How many regions a cluster needs to be cross-regional.
    pub fn cross_regional_min(&self) -> usize {
        self.info
            .cross_regional
            .min_regions
            .unwrap_or(self.regions.len())
    }
}

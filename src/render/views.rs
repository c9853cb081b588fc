//! What the templates see: view structs built from the meeting and the synthesis.
//!
//! Templates never receive domain types. Plain strings in these views are data and are
//! escaped by the Typst auto-escape when printed; fields of type [`Markup`] hold Typst
//! markup already converted from Markdown (and escaped there), and print as they are.

use std::collections::{BTreeMap, HashMap};

use serde::{Serialize, Serializer};

use super::markdown;
use crate::merge::Synthesis;
use crate::model::{Meeting, MeetingFile};

/// Typst markup that is safe to print: converted from Markdown with every text escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup(pub String);

impl Markup {
    pub fn from_markdown(markdown: &str) -> Markup {
        Markup(markdown::to_typst(markdown))
    }
}

impl Serialize for Markup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Inside MiniJinja this round-trips as a safe string; elsewhere (snapshots) it is
        // an ordinary string.
        minijinja::Value::from_safe_string(self.0.clone()).serialize(serializer)
    }
}

/// Everything both documents are rendered from.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub meeting: MeetingView,
    pub regions: Vec<RegionView>,
    pub categories: Vec<CategoryView>,
    pub highlights: HighlightsView,
    /// Converted prose by path under sources/prose/ without `.md` ("report/introduction").
    pub prose: BTreeMap<String, Markup>,
    pub acronyms: Vec<AcronymView>,
    pub themes: Vec<ThemeView>,
    pub survey: Option<SurveyView>,
    pub convergence: ConvergenceView,
}

/// The facts of meeting.yaml as templates (and prose files) use them.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub title: String,
    pub short_title: String,
    pub edition: u32,
    pub theme: String,
    pub dates: DatesView,
    pub venue: VenueView,
    pub host: HostView,
    pub language: String,
    pub keywords: Vec<String>,
    pub delegates: Option<DelegatesView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatesView {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VenueView {
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HostView {
    pub name: String,
    pub short: String,
    pub address: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DelegatesView {
    pub total: u32,
    pub from_mechanisms: u32,
    pub mechanisms: u32,
    pub un_regional_commissions: u32,
    pub regional_economic_organisations: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub id: String,
    pub name: String,
    /// How running text names it ("the Americas").
    pub prose_name: String,
    pub overview: Option<Markup>,
    pub recommendations: Vec<RegionRecommendationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRecommendationView {
    pub id: String,
    pub category: String,
    /// The region's own wording.
    pub title: String,
    pub text: Option<Markup>,
    pub cross_regional: bool,
    /// The cross-regional recommendation it is part of, by its report title.
    pub cross_regional_title: Option<String>,
    pub mechanisms: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub title: String,
    /// The cross-regional recommendations of the category, in report order.
    pub cross_regional: Vec<ClusterView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterView {
    pub id: String,
    /// 1-based, within its category.
    pub number: usize,
    pub title: String,
    pub discussion: Option<Markup>,
    /// Prose names of the supporting regions, in meeting order.
    pub regions: Vec<String>,
    pub members: Vec<MemberView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub region: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HighlightsView {
    /// The numbered paragraphs (`highlights/NN.md`), in number order.
    pub paragraphs: Vec<ParagraphView>,
    /// The cross-regional bullets per category, in meeting category order.
    pub lists: Vec<BulletListView>,
    /// `highlights/closing.md`: place and date under the text.
    pub closing: Option<Markup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    pub number: u32,
    pub text: Markup,
    /// `highlights/NN-items.md`: a list the template letters a., b., c.
    pub items: Vec<Markup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulletListView {
    pub category: String,
    /// Plain text: the ledger's Highlights phrasing.
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AcronymView {
    pub term: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    pub title: String,
    pub elements: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyView {
    pub respondents: u32,
    pub response_rate_percent: u32,
    pub groups: Vec<SurveyGroupView>,
    /// The largest count, for scaling the chart.
    pub max: u32,
    /// The chart's description for readers who cannot see it.
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyGroupView {
    pub label: String,
    pub count: u32,
    /// Share of the respondents, in whole per cent.
    pub percent: u32,
}

/// Which region put forward each recommendation: one row per cluster, one column per
/// region.
#[derive(Debug, Clone, Serialize)]
pub struct ConvergenceView {
    pub regions: Vec<String>,
    pub rows: Vec<ConvergenceRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConvergenceRow {
    pub title: String,
    pub category: String,
    pub cross_regional: bool,
    /// One entry per region, in column order.
    pub marks: Vec<bool>,
    pub count: usize,
}

/// The meeting's facts in the shape prose files and templates share.
pub fn meeting_view(info: &MeetingFile) -> MeetingView {
    MeetingView {
        title: info.title.clone(),
        short_title: info.short_title.clone(),
        edition: info.edition,
        theme: info.theme.clone(),
        dates: DatesView {
            start: info.dates.start.clone(),
            end: info.dates.end.clone(),
        },
        venue: VenueView {
            city: info.venue.city.clone(),
            country: info.venue.country.clone(),
        },
        host: HostView {
            name: info.host.name.clone(),
            short: info.host.short.clone(),
            address: info.host.address.clone(),
        },
        language: info.language.clone(),
        keywords: info.output.keywords.clone(),
        delegates: info.delegates.as_ref().map(|d| DelegatesView {
            total: d.total,
            from_mechanisms: d.from_mechanisms,
            mechanisms: d.mechanisms,
            un_regional_commissions: d.un_regional_commissions,
            regional_economic_organisations: d.regional_economic_organisations,
        }),
    }
}

/// Builds the view of both documents. `prose` holds the prose files already rendered
/// with the meeting's facts and converted to markup.
pub fn document_view(
    meeting: &Meeting,
    synthesis: &Synthesis,
    prose: BTreeMap<String, Markup>,
    prose_markdown: &BTreeMap<String, String>,
) -> DocumentView {
    let prose_name: HashMap<&str, &str> = meeting
        .regions
        .iter()
        .map(|r| (r.id.as_str(), r.prose_name.as_str()))
        .collect();
    // Which cluster each recommendation ended up in.
    let mut cluster_of = HashMap::new();
    for cluster in &synthesis.clusters {
        for member in &cluster.members {
            cluster_of.insert(member.clone(), cluster);
        }
    }
    let member_title: HashMap<_, _> = meeting
        .recommendations()
        .map(|r| (r.id.clone(), r.title.as_str()))
        .collect();

    let categories = meeting
        .info
        .categories
        .iter()
        .map(|category| CategoryView {
            id: category.id.clone(),
            title: category.title.clone(),
            cross_regional: synthesis
                .clusters
                .iter()
                .filter(|c| c.cross_regional && c.category == category.id)
                .enumerate()
                .map(|(i, c)| ClusterView {
                    id: c.id.clone(),
                    number: i + 1,
                    title: c.title.clone(),
                    discussion: c.discussion.as_deref().map(Markup::from_markdown),
                    regions: c
                        .regions
                        .iter()
                        .map(|r| prose_name.get(r.as_str()).copied().unwrap_or(r).to_owned())
                        .collect(),
                    members: c
                        .members
                        .iter()
                        .map(|m| MemberView {
                            region: prose_name
                                .get(m.region.as_str())
                                .copied()
                                .unwrap_or(&m.region)
                                .to_owned(),
                            title: member_title.get(m).copied().unwrap_or_default().to_owned(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let regions = meeting
        .regions
        .iter()
        .map(|region| RegionView {
            id: region.id.clone(),
            name: region.name.clone(),
            prose_name: region.prose_name.clone(),
            overview: region.overview.as_deref().map(Markup::from_markdown),
            recommendations: region
                .recommendations
                .iter()
                .map(|r| {
                    let cluster = cluster_of.get(&r.id).filter(|c| c.cross_regional);
                    RegionRecommendationView {
                        id: r.id.id.clone(),
                        category: r.category.clone(),
                        title: r.title.clone(),
                        text: r.text.as_deref().map(Markup::from_markdown),
                        cross_regional: cluster.is_some(),
                        cross_regional_title: cluster.map(|c| c.title.clone()),
                        mechanisms: r.mechanisms.clone(),
                    }
                })
                .collect(),
        })
        .collect();

    DocumentView {
        meeting: meeting_view(&meeting.info),
        regions,
        categories,
        highlights: highlights_view(meeting, synthesis, &prose, prose_markdown),
        prose,
        acronyms: meeting
            .acronyms
            .iter()
            .map(|a| AcronymView {
                term: a.term.clone(),
                meaning: a.meaning.clone(),
            })
            .collect(),
        themes: meeting
            .themes
            .iter()
            .map(|t| ThemeView {
                title: t.title.clone(),
                elements: t.elements.iter().map(|e| e.text.clone()).collect(),
            })
            .collect(),
        survey: meeting.survey.as_ref().map(|s| SurveyView {
            respondents: s.respondents,
            response_rate_percent: s.response_rate_percent,
            max: s.by_type.iter().map(|g| g.count).max().unwrap_or(0),
            alt: format!(
                "Bar chart of the {} survey respondents by type: {}.",
                s.respondents,
                s.by_type
                    .iter()
                    .map(|g| format!("{} {}", g.label, g.count))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            groups: s
                .by_type
                .iter()
                .map(|g| SurveyGroupView {
                    label: g.label.clone(),
                    count: g.count,
                    percent: (g.count * 100 + s.respondents.max(1) / 2) / s.respondents.max(1),
                })
                .collect(),
        }),
        convergence: convergence_view(meeting, synthesis),
    }
}

fn highlights_view(
    meeting: &Meeting,
    synthesis: &Synthesis,
    prose: &BTreeMap<String, Markup>,
    prose_markdown: &BTreeMap<String, String>,
) -> HighlightsView {
    let paragraphs = prose
        .iter()
        .filter_map(|(key, text)| {
            let number: u32 = key.strip_prefix("highlights/")?.parse().ok()?;
            let items = prose_markdown
                .get(&format!("{}-items", key))
                .map(|md| markdown::list_items(md).into_iter().map(Markup).collect())
                .unwrap_or_default();
            Some(ParagraphView {
                number,
                text: text.clone(),
                items,
            })
        })
        .collect::<Vec<_>>();
    let mut paragraphs = paragraphs;
    paragraphs.sort_by_key(|p| p.number);

    // A bullet whose cluster is no longer cross-regional (a region dropped its version)
    // must not be listed, whatever the ledger still says.
    let cross_regional: HashMap<&str, bool> = synthesis
        .clusters
        .iter()
        .map(|c| (c.id.as_str(), c.cross_regional))
        .collect();
    let lists = meeting
        .info
        .categories
        .iter()
        .map(|category| BulletListView {
            category: category.id.clone(),
            bullets: synthesis
                .highlights
                .iter()
                .filter(|l| l.category == category.id)
                .flat_map(|l| &l.bullets)
                .filter(|b| match &b.cluster {
                    Some(id) => cross_regional.get(id.as_str()).copied().unwrap_or(false),
                    None => true,
                })
                .map(|b| b.text.clone())
                .collect(),
        })
        .collect();
    HighlightsView {
        paragraphs,
        lists,
        closing: prose.get("highlights/closing").cloned(),
    }
}

fn convergence_view(meeting: &Meeting, synthesis: &Synthesis) -> ConvergenceView {
    let order: Vec<&str> = meeting.regions.iter().map(|r| r.id.as_str()).collect();
    let mut rows: Vec<ConvergenceRow> = synthesis
        .clusters
        .iter()
        .map(|c| {
            let marks: Vec<bool> = order
                .iter()
                .map(|r| c.regions.iter().any(|x| x == r))
                .collect();
            ConvergenceRow {
                title: c.title.clone(),
                category: c.category.clone(),
                cross_regional: c.cross_regional,
                count: marks.iter().filter(|m| **m).count(),
                marks,
            }
        })
        .collect();
    // Widest agreement first, so the table shows convergence at a glance; ties keep the
    // synthesis order (report order, then category and first member).
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    ConvergenceView {
        regions: meeting.regions.iter().map(|r| r.name.clone()).collect(),
        rows,
    }
}

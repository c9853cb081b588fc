//! Builds the `Meeting` model from the raw documents once every check has passed.
//!
//! Apart from the checks so that what the later stages receive is visible in one place.

use crate::load::RawProject;
use crate::model::{Meeting, RecId, Recommendation, Region};

/// Builds the checked model; only called once every check has passed.
pub(super) fn build(raw: RawProject) -> Meeting {
    let info = raw.meeting.value;
    let regions = info
        .regions
        .iter()
        .zip(raw.regions)
        .filter_map(|(listed, doc)| {
            let file = doc?.value;
            Some(Region {
                id: listed.id.clone(),
                name: listed.name.clone(),
                prose_name: listed
                    .prose_name
                    .clone()
                    .unwrap_or_else(|| listed.name.clone()),
                overview: file.overview,
                recommendations: file
                    .recommendations
                    .into_iter()
                    .map(|r| Recommendation {
                        id: RecId {
                            region: listed.id.clone(),
                            id: r.id,
                        },
                        category: r.category,
                        title: r.title,
                        text: r.text,
                        themes: r.themes,
                        mechanisms: r.mechanisms,
                    })
                    .collect(),
            })
        })
        .collect();
    Meeting {
        root: raw.root,
        regions,
        acronyms: raw.acronyms.map(|d| d.value.acronyms).unwrap_or_default(),
        themes: raw.themes.map(|d| d.value.themes).unwrap_or_default(),
        mechanisms: raw
            .mechanisms
            .map(|d| d.value.mechanisms)
            .unwrap_or_default(),
        survey: raw.survey.map(|d| d.value),
        ledger: raw.ledger.map(|d| d.value).unwrap_or_default(),
        prose: raw
            .prose
            .into_iter()
            .map(|(key, source)| (key, source.text))
            .collect(),
        info,
    }
}

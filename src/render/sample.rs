//! A small meeting and synthesis for unit tests of the render and typeset stages, with
//! Typst syntax planted in every kind of field.

use std::collections::BTreeMap;
use std::path::Path;

use crate::merge::{Cluster, HighlightBullet, HighlightList, Synthesis};
use crate::model::*;

pub const NASTY: &str = r#"#read("/etc/passwd") $x$ <lbl> @ref [a] *b* _c_ `d` ~ \ = - +"#;

fn rec(region: &str, id: &str, category: &str, title: &str) -> Recommendation {
    Recommendation {
        id: RecId {
            region: region.into(),
            id: id.into(),
        },
        category: category.into(),
        title: title.into(),
        text: Some(format!("Text with *emphasis* and {NASTY}.")),
        themes: vec![],
        mechanisms: vec![],
    }
}

pub fn meeting(root: &Path) -> Meeting {
    let info: MeetingFile = serde_yaml::from_str(
        r#"
title: "Test Meeting #1 of $Chairs$"
short_title: "TM 1"
edition: 1
theme: "A theme with <angle> and @at"
dates: { start: "2017-10-10", end: "2017-10-11" }
venue: { city: Geneva, country: Switzerland }
host: { name: Host Organization, short: HO, address: ["1 Street", "Geneva"] }
regions:
  - { id: north, name: North, file: regions/north.yaml }
  - { id: south, name: South, prose_name: the South, file: regions/south.yaml }
categories:
  - { id: priority, title: Priorities for the compact }
  - { id: follow-up, title: Follow-up of the compact }
cross_regional: {}
output: { pdf_standards: [a-2a, ua-1], keywords: [test] }
"#,
    )
    .expect("sample meeting parses");
    let prose: BTreeMap<String, String> = [
        ("report/introduction", "The {{ meeting.title }} met on {{ meeting.dates | meeting_dates }}.[^1]\n\n[^1]: A footnote with #image(\"x\").\n"),
        ("highlights/01", "The {{ meeting.short_title }} met in {{ meeting.venue.city }}."),
        ("highlights/06", "The meeting agreed that the compact should:"),
        ("highlights/07", "In support of the compact, the mechanisms:"),
        ("highlights/08", "Partners include:"),
        ("highlights/08-items", "- first partner\n- second partner\n- third partner\n"),
        ("highlights/closing", "{{ meeting.venue.city }}, {{ meeting.dates.end | long_date }}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    Meeting {
        root: root.to_path_buf(),
        regions: vec![
            Region {
                id: "north".into(),
                name: "North".into(),
                prose_name: "North".into(),
                overview: Some("North's overview.".into()),
                recommendations: vec![
                    rec("north", "n1", "priority", "Protect rights #1"),
                    rec("north", "n2", "priority", "North only"),
                ],
            },
            Region {
                id: "south".into(),
                name: "South".into(),
                prose_name: "the South".into(),
                overview: None,
                recommendations: vec![rec("south", "s1", "priority", "Protect the rights")],
            },
        ],
        acronyms: vec![Acronym {
            term: "HO".into(),
            meaning: "Host Organization".into(),
        }],
        themes: vec![Theme {
            id: "t".into(),
            title: "Theme one".into(),
            elements: vec![],
        }],
        mechanisms: vec![],
        survey: None,
        ledger: LedgerFile::default(),
        prose,
        info,
    }
}

pub fn synthesis() -> Synthesis {
    let id = |r: &str, i: &str| RecId {
        region: r.into(),
        id: i.into(),
    };
    Synthesis {
        regions: vec!["north".into(), "south".into()],
        clusters: vec![
            Cluster {
                id: "north/n1".into(),
                category: "priority".into(),
                cross_regional: true,
                regions: vec!["north".into(), "south".into()],
                title: format!("Joint title {NASTY}"),
                highlights: vec![format!("bullet {NASTY}")],
                discussion: Some(format!("Discussion {NASTY}")),
                members: vec![id("north", "n1"), id("south", "s1")],
            },
            Cluster {
                id: "north/n2".into(),
                category: "priority".into(),
                cross_regional: false,
                regions: vec!["north".into()],
                title: "North only".into(),
                highlights: vec![],
                discussion: None,
                members: vec![id("north", "n2")],
            },
        ],
        highlights: vec![HighlightList {
            category: "priority".into(),
            bullets: vec![
                HighlightBullet {
                    text: format!("bullet {NASTY}"),
                    cluster: Some("north/n1".into()),
                },
                HighlightBullet {
                    text: "a bullet of no single recommendation".into(),
                    cluster: None,
                },
                HighlightBullet {
                    text: "dropped: not cross-regional".into(),
                    cluster: Some("north/n2".into()),
                },
            ],
        }],
        review: vec![],
        notes: vec![],
    }
}

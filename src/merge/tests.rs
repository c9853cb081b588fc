//! Behaviour of the whole merge stage on small meetings built in code.

use super::eval::{meeting, recommendation};
use super::*;
use crate::model::{LedgerFile, LedgerRecommendation, Region};

fn region(id: &str, recs: &[(&str, &str, &str)]) -> Region {
    Region {
        id: id.to_owned(),
        name: id.to_owned(),
        prose_name: id.to_owned(),
        overview: None,
        recommendations: recs
            .iter()
            .map(|(rid, cat, title)| recommendation(id, rid, cat, title))
            .collect(),
    }
}

fn categories() -> Vec<String> {
    vec!["priority".to_owned(), "follow-up".to_owned()]
}

/// Three regions; "rights" and "data" are joint, the rest regional, with a hard negative
/// (data protection vs data collection) and an opposing pair (detention).
fn regions() -> Vec<Region> {
    vec![
        region(
            "north",
            &[
                (
                    "n-rights",
                    "priority",
                    "Uphold the human rights of all migrants, whatever their status",
                ),
                (
                    "n-data",
                    "priority",
                    "Improve the collection and analysis of migration data and share it between countries",
                ),
                (
                    "n-detention",
                    "priority",
                    "Expand alternatives to immigration detention",
                ),
                (
                    "n-privacy",
                    "priority",
                    "Protect the privacy of migrants' personal data held by border agencies",
                ),
            ],
        ),
        region(
            "south",
            &[
                (
                    "s-rights",
                    "priority",
                    "Protect the human rights of migrants regardless of their migratory status",
                ),
                (
                    "s-data",
                    "priority",
                    "Strengthen the collection, analysis and exchange of migration data among countries",
                ),
                (
                    "s-detention",
                    "priority",
                    "Expand immigration detention capacity",
                ),
            ],
        ),
        region(
            "east",
            &[
                (
                    "e-rights",
                    "priority",
                    "Safeguard the rights of every migrant irrespective of status",
                ),
                (
                    "e-data",
                    "priority",
                    "Enhance collection and analysis of migration statistics and their exchange between countries",
                ),
                (
                    "e-return",
                    "follow-up",
                    "Support the sustainable reintegration of returning migrants",
                ),
            ],
        ),
    ]
}

fn synthesis(regions: Vec<Region>, ledger: LedgerFile) -> Synthesis {
    merge(&meeting(&categories(), regions, ledger))
}

fn members(s: &Synthesis, id: &str) -> Vec<String> {
    s.cluster_of(id)
        .map(|c| c.members.iter().map(ToString::to_string).collect())
        .unwrap_or_default()
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn joint_recommendations_merge_across_regions() {
    let s = synthesis(regions(), LedgerFile::default());
    assert_eq!(
        members(&s, "north/n-rights"),
        ids(&["north/n-rights", "south/s-rights", "east/e-rights"])
    );
    assert_eq!(
        members(&s, "north/n-data"),
        ids(&["north/n-data", "south/s-data", "east/e-data"])
    );
    let rights = s.cluster_of("north/n-rights").unwrap();
    assert!(rights.cross_regional);
    assert_eq!(rights.regions, ids(&["north", "south", "east"]));
    // Every recommendation is in exactly one cluster.
    let total: usize = s.clusters.iter().map(|c| c.members.len()).sum();
    assert_eq!(total, 10);
}

#[test]
fn hard_negative_sharing_words_stays_apart() {
    let s = synthesis(regions(), LedgerFile::default());
    assert_eq!(members(&s, "north/n-privacy"), ids(&["north/n-privacy"]));
}

#[test]
fn opposing_positions_never_merge() {
    let s = synthesis(regions(), LedgerFile::default());
    assert_eq!(
        members(&s, "north/n-detention"),
        ids(&["north/n-detention"])
    );
    // Nor are they offered for review.
    assert!(
        !s.review
            .iter()
            .any(|p| p.a.ends_with("detention") && p.b.ends_with("detention"))
    );
}

#[test]
fn same_region_needs_stronger_evidence() {
    let mut r = regions();
    // A second, looser northern version of the rights recommendation.
    r[0].recommendations.push(recommendation(
        "north",
        "n-rights-2",
        "priority",
        "Respect the rights of migrants in vulnerable situations",
    ));
    let s = synthesis(r.clone(), LedgerFile::default());
    let rights = members(&s, "north/n-rights");
    assert!(
        !rights.contains(&"north/n-rights-2".to_owned()),
        "{rights:?}"
    );
    // A near-verbatim duplicate from the same region does merge.
    r[0].recommendations.push(recommendation(
        "north",
        "n-rights-3",
        "priority",
        "Uphold the human rights of all migrants, whatever their migratory status",
    ));
    let s = synthesis(r, LedgerFile::default());
    assert!(members(&s, "north/n-rights").contains(&"north/n-rights-3".to_owned()));
}

#[test]
fn ledger_together_forces_a_cluster_even_within_a_region() {
    let ledger = LedgerFile {
        together: vec![ids(&["north/n-privacy", "north/n-data"])],
        ..LedgerFile::default()
    };
    let s = synthesis(regions(), ledger);
    assert!(members(&s, "south/s-data").contains(&"north/n-privacy".to_owned()));
}

#[test]
fn ledger_apart_splits_a_cluster() {
    let ledger = LedgerFile {
        apart: vec![ids(&["north/n-rights", "east/e-rights"])],
        ..LedgerFile::default()
    };
    let s = synthesis(regions(), ledger);
    let rights = members(&s, "north/n-rights");
    assert!(!rights.contains(&"east/e-rights".to_owned()), "{rights:?}");
    // The decided pair is no longer offered for review.
    assert!(!s.review.iter().any(|p| {
        let pair = [p.a.as_str(), p.b.as_str()];
        pair.contains(&"north/n-rights") && pair.contains(&"east/e-rights")
    }));
}

#[test]
fn ledger_names_clusters_by_any_member_and_sets_title_and_order() {
    let entry = |cluster: &str, title: &str| LedgerRecommendation {
        cluster: cluster.to_owned(),
        title: title.to_owned(),
        highlights: Vec::new(),
        discussion: Some("Discussed at length.".to_owned()),
    };
    let ledger = LedgerFile {
        recommendations: vec![
            entry("east/e-data", "Better migration data"),
            entry("south/s-rights", "Human rights for all migrants"),
        ],
        ..LedgerFile::default()
    };
    let s = synthesis(regions(), ledger);
    assert_eq!(s.clusters[0].title, "Better migration data");
    assert_eq!(s.clusters[0].id, "east/e-data");
    assert_eq!(s.clusters[1].title, "Human rights for all migrants");
    assert_eq!(
        s.clusters[1].discussion.as_deref(),
        Some("Discussed at length.")
    );
    assert_eq!(s.highlights[0].bullets.len(), 2);
    assert_eq!(s.highlights[0].bullets[0].text, "Better migration data");
}

#[test]
fn stale_ledger_ids_are_skipped_with_a_warning() {
    let ledger = LedgerFile {
        together: vec![ids(&["north/n-rights", "north/gone"])],
        ..LedgerFile::default()
    };
    let s = synthesis(regions(), ledger);
    assert!(s.notes.iter().any(|d| d.message.contains("north/gone")));
}

#[test]
fn output_does_not_depend_on_entry_or_region_order() {
    let base = synthesis(regions(), LedgerFile::default());
    let json = |s: &Synthesis| serde_json::to_string(s).unwrap();
    // Entries reversed within every region: identical output.
    let mut shuffled = regions();
    for r in &mut shuffled {
        r.recommendations.reverse();
        r.recommendations.rotate_left(1);
    }
    assert_eq!(
        json(&base),
        json(&synthesis(shuffled.clone(), LedgerFile::default()))
    );
    // Regions reordered too: the same clusters and review pairs (the display order of
    // regions follows meeting.yaml, which is the editor's choice).
    shuffled.rotate_left(1);
    let other = synthesis(shuffled, LedgerFile::default());
    let partition = |s: &Synthesis| {
        let mut p: Vec<Vec<String>> = s
            .clusters
            .iter()
            .map(|c| {
                let mut m: Vec<String> = c.members.iter().map(ToString::to_string).collect();
                m.sort();
                m
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(partition(&base), partition(&other));
    let pairs = |s: &Synthesis| {
        let mut v: Vec<String> = s
            .review
            .iter()
            .map(|p| format!("{} {} {}", p.a, p.b, p.score))
            .collect();
        v.sort();
        v
    };
    assert_eq!(pairs(&base), pairs(&other));
}

#[test]
fn undecided_review_pairs_become_strict_errors() {
    let s = synthesis(regions(), LedgerFile::default());
    let errors = s.strict_diagnostics();
    assert_eq!(errors.len(), s.undecided().len());
    assert!(
        errors
            .iter()
            .all(|d| d.is_error() && d.help.as_deref().unwrap_or("").contains("apart"))
    );
}

#[test]
fn project_synonyms_join_acronyms_and_their_meaning() {
    let mut r = regions();
    r[0].recommendations.push(recommendation(
        "north",
        "n1",
        "follow-up",
        "Implement the GCM through regional consultative processes",
    ));
    r[1].recommendations.push(recommendation(
        "south",
        "s1",
        "follow-up",
        "Carry out the global compact for migration with the RCPs",
    ));
    let mut m = meeting(
        &categories(),
        r,
        LedgerFile {
            synonyms: vec![ids(&["GCM", "global compact for migration"])],
            ..LedgerFile::default()
        },
    );
    m.acronyms.push(crate::model::Acronym {
        term: "RCP".into(),
        meaning: "regional consultative process on migration".into(),
    });
    let s = merge(&m);
    assert_eq!(members(&s, "north/n1"), ids(&["north/n1", "south/s1"]));
}

#[test]
fn a_recommendation_no_other_region_shares_gets_its_best_candidates_reviewed() {
    // Even with a review bar above every remaining pair, the lonely privacy recommendation
    // gets its best cross-region candidates (in its category) on the list, at most two.
    let m = meeting(&categories(), regions(), LedgerFile::default());
    let params = Params {
        review_threshold: 0.9,
        ..Params::default()
    };
    let s = Engine::new(&m, params, None).synthesis();
    let privacy: Vec<&ReviewPair> = s
        .review
        .iter()
        .filter(|p| p.a == "north/n-privacy" || p.b == "north/n-privacy")
        .collect();
    assert!(!privacy.is_empty(), "{:?}", s.review);
    assert!(privacy.len() <= 2);
    for p in &privacy {
        let other = if p.a == "north/n-privacy" { &p.b } else { &p.a };
        assert!(!other.starts_with("north/"), "{p:?}");
    }
    // Recommendations that already share a cluster across regions get no weak pairs.
    assert!(s.review.iter().all(|p| p.score >= 0.9
        || p.a == "north/n-privacy"
        || p.b == "north/n-privacy"
        || !s.cluster_of(&p.a).unwrap().cross_regional
        || !s.cluster_of(&p.b).unwrap().cross_regional));
}

/// A joint pair {south/s1, east/e1} in the same words and the same vector, a wording of
/// north whose vector is nearest theirs but not near enough to join, and lonely wordings.
fn nurses() -> (Vec<Region>, Vectors) {
    let regions = vec![
        region("north", &[("n1", "priority", "Expand school gardens")]),
        region(
            "south",
            &[
                (
                    "s1",
                    "priority",
                    "Train community nurses for remote clinics",
                ),
                ("s2", "priority", "Repair school roofs"),
                ("s9", "follow-up", "Report on progress"),
            ],
        ),
        region(
            "east",
            &[
                (
                    "e1",
                    "priority",
                    "Train community nurses for remote clinics",
                ),
                ("e2", "priority", "Hire school caretakers"),
            ],
        ),
    ];
    let vector = |id: &str, v: [f32; 4]| (RecId::parse(id).unwrap(), v.to_vec());
    // The follow-up wording balances the others, so the meeting's mean vector is zero and
    // centring leaves the cosines as they are: 0.2 from n1 to each member of the cluster.
    let vectors: Vectors = [
        vector("north/n1", [0.2, 0.0, 0.0, 0.98]),
        vector("south/s1", [1.0, 0.0, 0.0, 0.0]),
        vector("east/e1", [1.0, 0.0, 0.0, 0.0]),
        vector("south/s2", [0.0, 1.0, 0.0, 0.0]),
        vector("east/e2", [0.0, 0.0, 1.0, 0.0]),
        vector("south/s9", [-2.2, -1.0, -1.0, -0.98]),
    ]
    .into_iter()
    .collect();
    (regions, vectors)
}

#[test]
fn a_lonely_wording_sees_its_closest_cluster_by_vector_on_the_review_list() {
    // north/n1 shares a word with two lonely wordings and none with the joint cluster
    // {south/s1, east/e1}, but its vector is closest to that cluster, though not close
    // enough to join it.
    let (regions, vectors) = nurses();
    let m = meeting(&categories(), regions, LedgerFile::default());
    let to_cluster = |params: Params| {
        let s = Engine::new(&m, params, Some(&vectors)).synthesis();
        assert_eq!(members(&s, "north/n1"), ids(&["north/n1"]));
        assert_eq!(members(&s, "south/s1"), ids(&["south/s1", "east/e1"]));
        s.review.iter().any(|p| {
            let pair = [p.a.as_str(), p.b.as_str()];
            pair.contains(&"north/n1") && (pair.contains(&"south/s1") || pair.contains(&"east/e1"))
        })
    };
    assert!(to_cluster(Params::default()));
    let off = Params {
        review_join_floor: 2.0,
        ..Params::default()
    };
    assert!(!to_cluster(off));
}

#[test]
fn a_judges_veto_keeps_that_pair_apart_and_no_other() {
    let m = meeting(&categories(), regions(), LedgerFile::default());
    let id = |s: &str| RecId::parse(s).unwrap();
    let vetoes = BTreeSet::from([(id("north/n-rights"), id("south/s-rights"))]);
    let s = Engine::with_vetoes(&m, Params::default(), None, &vetoes).synthesis();
    let rights = members(&s, "north/n-rights");
    assert!(!rights.contains(&"south/s-rights".to_owned()), "{rights:?}");
    assert_eq!(
        members(&s, "north/n-data"),
        ids(&["north/n-data", "south/s-data", "east/e-data"])
    );
}

#[test]
fn close_calls_are_merged_pairs_up_to_the_ceiling_and_not_the_ledgers() {
    let (regions, vectors) = nurses();
    let calls = |ledger: LedgerFile, vectors: Option<&Vectors>, ceiling: f32| {
        let m = meeting(&categories(), regions.clone(), ledger);
        let params = Params {
            judge_ceiling: ceiling,
            ..Params::default()
        };
        let engine = Engine::new(&m, params, vectors);
        let s = engine.synthesis();
        assert_eq!(members(&s, "south/s1"), ids(&["south/s1", "east/e1"]));
        engine.close_calls()
    };
    let joint = (
        RecId::parse("east/e1").unwrap(),
        RecId::parse("south/s1").unwrap(),
    );
    assert_eq!(
        calls(LedgerFile::default(), Some(&vectors), 1.5),
        vec![joint]
    );
    assert_eq!(calls(LedgerFile::default(), Some(&vectors), 0.5), vec![]);
    assert_eq!(calls(LedgerFile::default(), None, 1.5), vec![]);
    let together = LedgerFile {
        together: vec![ids(&["south/s1", "east/e1"])],
        ..LedgerFile::default()
    };
    assert_eq!(calls(together, Some(&vectors), 1.5), vec![]);
}

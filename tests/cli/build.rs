//! `rapporteur build`: both PDFs from the bundled GRCP 7 project and from small fixtures,
//! checked by page count and extracted text (never against stored PDF bytes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::commands::build::{BuildOptions, BuildOutcome};
use rapporteur::diag::Error;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the bundled GRCP 7 project (sources and templates) in a temporary folder.
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("sources"), &dir.path().join("sources"));
    copy_tree(&root().join("templates"), &dir.path().join("templates"));
    dir
}

/// A copy of the small fixture project, which has no templates folder of its own (the
/// built-in templates are used).
fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/minimal"), dir.path());
    dir
}

fn build(project: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("build")
        .args(extra)
        .arg("--project")
        .arg(project)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Builds and gives the status lines (on stderr, like cargo's).
fn build_ok(project: &Path) -> String {
    let out = build(project, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{stderr}");
    stderr.into_owned()
}

/// Builds through the library function `watch` also uses; the PDFs land in output/.
fn build_lib(project: &Path) -> BuildOutcome {
    match rapporteur::commands::build::build(project, &BuildOptions::default()) {
        Ok(outcome) => outcome,
        Err(Error::Invalid(diagnostics)) => panic!(
            "build failed:\n{}",
            diagnostics
                .iter()
                .map(|d| d.render(false))
                .collect::<String>()
        ),
        Err(Error::Failed(message)) => panic!("build failed: {message}"),
    }
}

fn pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
}

fn text(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf).unwrap()
}

/// The text without any whitespace: line breaks and justification are layout, not text.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Asserts that `needles` occur in `haystack` in this order, whitespace ignored.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let hay = squeeze(haystack);
    let mut from = 0;
    for needle in needles {
        let n = squeeze(needle);
        match hay[from..].find(&n) {
            Some(at) => from += at + n.len(),
            None => panic!(
                "not found (in order) in the PDF text: {needle}\n--- text from there:\n{}",
                &hay[from..hay.len().min(from + 600)]
            ),
        }
    }
}

/// Annex 3 of the published GRCP 7 Summary Report, paragraph by paragraph. Three repairs
/// of the published text extraction: paragraph 9's number and the dashes around the
/// partners in paragraph 3, which the extraction lost, and the "and" before the fifth
/// bullet of paragraph 7, a slip of the original (the list punctuation puts "and" before
/// the last bullet only).
const ANNEX_3: &[&str] = &[
    "Inter-State Consultation Mechanisms on Migration and the Global Compact for Safe, Orderly and Regular Migration",
    "Seventh Global Meeting of Chairs and Secretariats of Regional, Interregional and Global Consultative Processes on Migration (GRCP 7)",
    "GRCP 7 Highlights Document",
    "1. The Seventh Global Meeting of Chairs and Secretariats of Regional, Interregional and Global Consultative Processes on Migration (GRCP 7) was hosted by the International Organization for Migration (IOM) on the theme Inter-State Consultation Mechanisms on Migration and the Global Compact for Safe, Orderly and Regular Migration on 10 and 11 October 2017 in Geneva, Switzerland.",
    "2. The objective was to gather perspectives of the many State-led consultation mechanisms on migration and other key relevant regional mechanisms and bodies on the global compact for migration and develop their joint recommendations for the global compact.",
    "3. These inter-state dialogue mechanisms on migration are pioneers at the forefront of migration governance. They are the principal mechanisms for regional dialogue and cooperation on migration and have deep expertise to share. Their work at the regional and cross-regional levels has laid the ground for the development of the global compact for migration. The compact is expected to build on existing systems of migration management and effective practices and partnership models developed through these mechanisms for addressing migration issues. The good practices developed by these forums and their main regional partners –",
    "Regional Economic Organizations (REOs) and UN Regional Commissions (UN RCs)",
    "– should be considered during the stocktaking phase of the global compact.",
    "4. To this end, in preparation for the GRCP 7, a survey of these State-led mechanisms and their partner organizations was conducted to collect their key inputs to the global compact for migration. Survey results showed a richness of experience and insight on all aspects of migration. The completed questionnaires will be submitted to the Special Representative of the UN Secretary-General for International Migration and the co-facilitators for their consideration. The survey results also served as the basis for regional breakout group discussions and the overall recommendations.",
    "5. GRCP 7 discussions revealed a number of shared principles, priority areas and actionable recommendations, as well as expectations for the focus of the global compact.",
    "6. On matters of substance, the inter-state consultation mechanisms highlighted that the global compact should:",
    "ensure the protection of the human rights of all migrants regardless of their migratory status, with particular attention to migrants in vulnerable situations;",
    "facilitate regular and combat irregular migration, including through promotion of circular labour migration schemes, recognition of qualifications and skills, and family reunification;",
    "promote social integration, including access to social services (such as health, education and social security);",
    "combat xenophobia, racism, discrimination and intolerance towards migrants and promote a positive image of migrants and highlight their contributions to development;",
    "and enhance collection and analysis of migration data and promote data exchange between countries.",
    "7. In support of the implementation of the global compact, the inter-state cooperation mechanisms on migration highlighted that they:",
    "constitute critical contributors to and mechanisms for migration governance at the regional and interregional level;",
    "will continue acting as the main platforms for policy dialogue on migration, peer learning, exchanges of good practices, innovation and capacity-building;",
    "promote whole-of-government approaches to migration governance among their members;",
    "encourage complementarities and synergies between and among the national, regional, interregional and global levels;",
    "promote partnerships with all stakeholders, including non-governmental and civil society organizations, the private sector, academia, migrants and diasporas;",
    "consider how to ensure the sustainability of inter-state consultation mechanisms on migration, including in bringing forward their outcomes and views in their national positions during the global compact negotiations;",
    "and ensure that their work contributes to the implementation of the global compact and the attainment of the Sustainable Development Goals (SDGs) by, among others: building the capacities of their Members; supporting exchange of data, statistics and analysis on migration among their Members and with regional partners.",
    "8. The importance of partnerships among all stakeholders at all levels was reiterated throughout the proceedings. These include:",
    "a. continued cooperation and synergies among the inter-state cooperation mechanisms themselves, particularly between the global processes on migration and the regional and interregional forums;",
    "b. partnerships with intergovernmental organizations such as IOM, the REOs and UN RCs; and",
    "c. cooperation with non-governmental partners, including civil society, the private sector, media, diaspora, migrants and academia.",
    "9. The GRCP 7 provided an important opportunity for inter-state consultation mechanisms on migration, particularly the regional consultative processes on migration and interregional forums, to convey their regional positions on and good practices relevant to the global compact for migration.",
    "10. This summary document, together with the fuller report summarizing the discussions at the proceedings, will be submitted to the Special Representative of the Secretary-General for International Migration and co-facilitators of the intergovernmental consultations and negotiations on issues related to the global compact for migration, in addition to the completed survey questionnaires as critical input for the stocktaking and subsequent negotiations of the global compact for safe, orderly and regular migration.",
    "Geneva, 11 October 2017",
];

/// The table of contents of the published report, in order.
const CONTENTS: &[&str] = &[
    "Table of contents",
    "List of acronyms",
    "Introduction",
    "1. Background to the GRCP 7 and the global compact for migration",
    "2. Summary of proceedings and highlights of the discussion",
    "2.1 Key outcomes of the GRCP 7 meeting",
    "3. Cross-regional recommendations for the global compact for migration and its follow-up and implementation",
    "3.1 Five cross-regional priorities for inclusion in the global compact for migration",
    "3.2 Five cross-regional recommendations for the follow-up and implementation of the global compact for migration",
    "Conclusions",
    "Annexes",
    "Annex 1: Definition of inter-state consultation mechanisms on migration",
    "Annex 2: The six thematic clusters established in the global compact for migration Modalities Resolution",
    "Annex 3: GRCP 7 Highlights",
    "Annex 4: GRCP 7 Background Note",
    "Annex 5: GRCP 7 Agenda",
    "Annex 6: GRCP 7 Session Objectives and Guiding Questions for Discussions",
    "Annex 7: GRCP 7 Participant List",
    "Annex 8: Questionnaire of the GRCP 7 Survey",
    "Annex 9: GRCP 7 Survey Results Summary. Cross-Regional Recommendations and Regional Overviews for",
];

#[test]
fn bundled_project_builds_both_documents_with_status_lines() {
    let project = bundled();
    let status = build_ok(project.path());
    let highlights = fs::read(project.path().join("output/highlights.pdf")).unwrap();
    let report = fs::read(project.path().join("output/summary-report.pdf")).unwrap();
    assert!(
        fs::read_to_string(project.path().join("output/merge-report.txt"))
            .unwrap()
            .len()
            > 100
    );
    assert_eq!(pages(&highlights), 2);
    let report_pages = pages(&report);
    assert!((40..=70).contains(&report_pages), "{report_pages} pages");
    assert!(
        status.contains("Built output/highlights.pdf (2 pages, "),
        "{status}"
    );
    assert!(
        status.contains(&format!(
            "Built output/summary-report.pdf ({report_pages} pages, "
        )),
        "{status}"
    );
}

#[test]
fn highlights_reproduce_annex_3_of_the_published_report() {
    let project = bundled();
    build_lib(project.path());
    let highlights = text(&fs::read(project.path().join("output/highlights.pdf")).unwrap());
    assert_in_order(&highlights, ANNEX_3);
    // Nothing else but the running footer: the whole text is Annex 3.
    let footer = "GRCP 7 Highlights Document";
    let rest = ANNEX_3
        .iter()
        .fold(squeeze(&highlights), |t, p| t.replacen(&squeeze(p), "", 1));
    let rest = rest
        .replace(&squeeze(footer), "")
        .replace(['1', '2', '•'], "");
    assert!(rest.is_empty(), "text beyond Annex 3: {rest}");
}

#[test]
fn report_follows_the_published_structure_and_includes_the_highlights_as_annex_3() {
    let project = bundled();
    build_lib(project.path());
    let report = text(&fs::read(project.path().join("output/summary-report.pdf")).unwrap());
    // The table of contents, then the same headings again in the body.
    assert_in_order(&report, &[CONTENTS, &CONTENTS[1..]].concat());
    // Annex 3 is the Highlights document itself.
    let annex3 = &report[report.rfind("Annex 3: GRCP 7 Highlights").unwrap()..];
    assert_in_order(annex3, ANNEX_3);
    // Section 3: each cross-regional recommendation with the regions that made it.
    assert_in_order(
        &report,
        &[
            "3.1 Five cross-regional priorities",
            "1. Uphold the human rights of all migrants regardless of their migratory status",
            "Supported by: Africa, the Americas, Europe, and Asia, Pacific and the Middle East",
            "3.2 Five cross-regional recommendations",
        ],
    );
    // Annex 9: convergence table and the survey chart's figures beside their table.
    assert_in_order(
        &report,
        &[
            "Where the regions agree",
            "Recommendation",
            "Africa",
            "Americas",
            "Europe",
        ],
    );
    assert_in_order(
        &report,
        &["Survey respondents", "Respondents by type", "Total", "27"],
    );
}

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let (a, b) = (bundled(), bundled());
    build_lib(a.path());
    build_lib(b.path());
    // A third build, in the same process and over the outputs of the second.
    build_lib(b.path());
    for file in [
        "output/highlights.pdf",
        "output/summary-report.pdf",
        "output/merge-report.txt",
    ] {
        let (x, y) = (
            fs::read(a.path().join(file)).unwrap(),
            fs::read(b.path().join(file)).unwrap(),
        );
        assert!(x == y, "{file} differs between two builds");
    }
}

/// Removes one recommendation (its `- id:` entry up to the next one) from a regional file.
fn remove_recommendation(file: &Path, id: &str) {
    let text = fs::read_to_string(file).unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("- id:") {
            skipping = line.trim_start() == format!("- id: {id}\n")
                || line.trim() == format!("- id: {id}");
        }
        if !skipping {
            out.push_str(line);
        }
    }
    assert_ne!(out, text, "{id} not found in {}", file.display());
    fs::write(file, out).unwrap();
}

/// Section 3.1 of the report (from its heading to 3.2), whitespace removed.
fn section_3_1(report: &str) -> String {
    let squeezed = squeeze(report);
    // The last "3.1 " is the heading in the body (the first is in the contents).
    let start = squeezed.rfind("3.1").unwrap();
    let end = start + squeezed[start..].find("3.2").unwrap();
    squeezed[start..end].to_owned()
}

#[test]
fn a_recommendation_one_region_drops_leaves_both_cross_regional_lists() {
    let bullet = squeeze("ensure the protection of the human rights of all migrants");
    let title =
        squeeze("Uphold the human rights of all migrants regardless of their migratory status");
    let (before, after) = (bundled(), bundled());
    remove_recommendation(
        &after.path().join("sources/regions/europe.yaml"),
        "eu-human-rights",
    );
    for (project, listed) in [(&before, true), (&after, false)] {
        build_lib(project.path());
        let highlights = squeeze(&text(
            &fs::read(project.path().join("output/highlights.pdf")).unwrap(),
        ));
        let report = text(&fs::read(project.path().join("output/summary-report.pdf")).unwrap());
        assert_eq!(
            highlights.contains(&bullet),
            listed,
            "Highlights, listed: {listed}"
        );
        assert_eq!(
            section_3_1(&report).contains(&title),
            listed,
            "report 3.1, listed: {listed}"
        );
        let annex3 = squeeze(&report[report.rfind("Annex 3: GRCP 7 Highlights").unwrap()..]);
        assert_eq!(
            annex3.contains(&bullet),
            listed,
            "report Annex 3, listed: {listed}"
        );
    }
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_untouched() {
    let project = minimal();
    build_ok(project.path());
    let before: Vec<Vec<u8>> = ["highlights.pdf", "summary-report.pdf", "merge-report.txt"]
        .iter()
        .map(|f| fs::read(project.path().join("output").join(f)).unwrap())
        .collect();
    // A template whose Typst is broken on line 4.
    fs::create_dir_all(project.path().join("templates")).unwrap();
    fs::write(
        project.path().join("templates/highlights.typ.j2"),
        "{% if document == \"highlights\" %}\n#set text(lang: \"en\")\n{% endif %}\n#table(columns: oops)[{{ meeting.short_title }}]\n",
    )
    .unwrap();
    // The merge report would change too: the build must still write nothing.
    fs::write(
        project.path().join("sources/prose/report/introduction.md"),
        "Changed.\n",
    )
    .unwrap();
    let out = build(project.path(), &["--emit-typst"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("templates/highlights.typ.j2:4:"),
        "{stderr}"
    );
    assert!(stderr.contains("output/highlights.typ:"), "{stderr}");
    let after: Vec<Vec<u8>> = ["highlights.pdf", "summary-report.pdf", "merge-report.txt"]
        .iter()
        .map(|f| fs::read(project.path().join("output").join(f)).unwrap())
        .collect();
    assert!(before == after, "a failed build changed the outputs");
    // The generated markup the message refers to is there to read.
    assert!(
        fs::read_to_string(project.path().join("output/highlights.typ"))
            .unwrap()
            .contains("#table(columns: oops)")
    );
}

#[test]
fn emit_typst_writes_the_generated_markup_beside_the_pdfs() {
    let project = minimal();
    let out = build(project.path(), &["--emit-typst"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markup = fs::read_to_string(project.path().join("output/summary-report.typ")).unwrap();
    assert!(markup.starts_with("#import \"/templates/style.typ\": *"));
    assert!(project.path().join("output/highlights.typ").is_file());
}

/// Typst syntax that must print as typed wherever it comes from.
const INJECTIONS: &[&str] = &[
    r#"#read("/etc/passwd")"#,
    r#"#include "x""#,
    r#"#image("x")"#,
    "$x$",
    "<lbl>",
    "@ref",
    "// comment",
    "*b* _i_ `c` ~ [a] \\ > / + = - #",
];

/// The same forms at the start of a line.
const LINE_STARTS: &[&str] = &["= heading", "- item", "+ item", "/ term: x", "1. one"];

fn yaml_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[test]
fn typst_syntax_in_titles_markdown_and_ledger_wording_prints_literally() {
    let project = minimal();
    let all: Vec<&str> = INJECTIONS.iter().chain(LINE_STARTS).copied().collect();
    let sources = project.path().join("sources");
    // A title: the theme, printed in the title block of both documents.
    let meeting = fs::read_to_string(sources.join("meeting.yaml")).unwrap();
    let theme = format!("theme: {}", yaml_string(&all.join(" | ")));
    let meeting = meeting
        .lines()
        .map(|l| {
            if l.starts_with("theme:") {
                theme.clone()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(sources.join("meeting.yaml"), meeting).unwrap();
    // Ledger wording: a Highlights bullet that belongs to no single recommendation, one
    // bullet per form so that line-start forms start a line of the generated markup.
    let ledger = fs::read_to_string(sources.join("merge.yaml")).unwrap();
    let bullets: String = all
        .iter()
        .map(|s| format!("    - text: {}\n", yaml_string(s)))
        .collect();
    let ledger = ledger.replace("  priority:\n", &format!("  priority:\n{bullets}"));
    fs::write(sources.join("merge.yaml"), ledger).unwrap();
    // Markdown text: Typst syntax is plain text in Markdown; Markdown's own syntax is
    // escaped the Markdown way, and must then print as typed too.
    let markdown: String = INJECTIONS[..7]
        .iter()
        .chain(["= heading", "/ term: x"].iter())
        .map(|s| format!("{s}\n\n"))
        .collect::<String>()
        + "\\*b\\* \\_i\\_ \\`c\\` ~ \\[a\\] \\\\ > / + = - #\n\n\\- item\n\n\\+ item\n\n1\\. one\n";
    fs::create_dir_all(sources.join("prose/highlights")).unwrap();
    fs::write(sources.join("prose/highlights/01.md"), &markdown).unwrap();
    fs::write(
        sources.join("prose/highlights/06.md"),
        "The regions agreed to:\n",
    )
    .unwrap();
    fs::write(sources.join("prose/report/introduction.md"), &markdown).unwrap();

    build_lib(project.path());
    let highlights = text(&fs::read(project.path().join("output/highlights.pdf")).unwrap());
    let report = text(&fs::read(project.path().join("output/summary-report.pdf")).unwrap());
    let theme = all.join(" | ");
    let mut markdown_forms: Vec<&str> = INJECTIONS[..7].to_vec();
    markdown_forms.extend(["= heading", "/ term: x", "*b* _i_ `c` ~ [a] \\ > / + = - #"]);
    markdown_forms.extend(["- item", "+ item", "1. one"]);
    let ledger_forms: Vec<String> = all.iter().map(|s| format!("{s};")).collect();
    // Highlights: the theme in the title block, paragraph 1 (Markdown), then the bullets
    // of paragraph 6 (ledger wording).
    let mut expected = vec![theme.as_str()];
    expected.extend(&markdown_forms);
    expected.extend(ledger_forms.iter().map(String::as_str));
    assert_in_order(&highlights, &expected);
    // The report: the theme on the cover, the introduction after the contents, and the
    // Highlights again as Annex 3.
    let mut expected = vec![
        theme.as_str(),
        "Table of contents",
        "Annex 9:",
        "Introduction",
    ];
    expected.extend(&markdown_forms);
    expected.push("Annex 3:");
    expected.extend(ledger_forms.iter().map(String::as_str));
    assert_in_order(&report, &expected);
}

/// The XMP metadata stream of a PDF, as text.
fn xmp(doc: &lopdf::Document) -> String {
    let id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn pdfs_claim_pdf_a_2a_and_pdf_ua_1_with_metadata_tags_and_embedded_fonts() {
    // The bundled meeting.yaml asks for both standards; Typst refuses to write a PDF that
    // breaks them, so this checks that the claim is made and its visible parts.
    let project = bundled();
    build_lib(project.path());
    for file in ["output/highlights.pdf", "output/summary-report.pdf"] {
        let doc = lopdf::Document::load_mem(&fs::read(project.path().join(file)).unwrap()).unwrap();
        let xmp = xmp(&doc);
        assert!(
            xmp.contains("<pdfaid:part>2</pdfaid:part>"),
            "{file}: {xmp}"
        );
        assert!(
            xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
            "{file}"
        );
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{file}");
        assert!(
            xmp.contains("International Organization for Migration"),
            "{file}: author"
        );
        assert!(xmp.contains("GRCP 7"), "{file}: title");
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
        let mark_info = catalog.get(b"MarkInfo").unwrap();
        let mark_info = match mark_info.as_reference() {
            Ok(id) => doc.get_dictionary(id).unwrap(),
            Err(_) => mark_info.as_dict().unwrap(),
        };
        assert!(
            mark_info.get(b"Marked").unwrap().as_bool().unwrap(),
            "{file}: tagged"
        );
        assert!(
            catalog.get(b"StructTreeRoot").is_ok(),
            "{file}: structure tree"
        );
        if file.ends_with("summary-report.pdf") {
            assert!(catalog.get(b"Outlines").is_ok(), "{file}: bookmarks");
        }
        // Every font the PDF describes carries its font program.
        let descriptors: Vec<&lopdf::Dictionary> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| {
                d.get(b"Type")
                    .and_then(|t| t.as_name())
                    .is_ok_and(|n| n == b"FontDescriptor")
            })
            .collect();
        assert!(!descriptors.is_empty(), "{file}: no fonts");
        for d in descriptors {
            assert!(
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                    .iter()
                    .any(|k| d.get(k).is_ok()),
                "{file}: a font is not embedded"
            );
        }
    }
}

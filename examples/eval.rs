//! Scores the merge engine on labelled consultation sets.
//!
//! `cargo run --release --example eval -- [FILES...]`; without files it scores
//! `eval/*.yaml` and, when present, `../shared/eval/*.yaml`. `--set name=value` changes an
//! engine setting (see `Params`), `--mistakes` prints the evidence for every wrong or missed
//! merge. `--project DIR TRUTH.yaml` scores a whole project's sources against truth labels
//! (label -> member ids), e.g. the bundled GRCP 7 sources with eval/projects/grcp7-truth.yaml.
//!
//! The semantic channel is on: `--model DIR`, else `RAPPORTEUR_MODEL`, else
//! the model in `models/`, which `scripts/fetch-model` installs on first use. `--lexical`
//! turns it off, to compare. So is the pair judge, which reads the close calls of the
//! semantic channel: `--judge DIR`, else `RAPPORTEUR_JUDGE`, else the judge in `judge/`
//! (installed by the same script); `--no-judge` turns it off.

use std::path::PathBuf;

use std::collections::BTreeMap;

use rapporteur::embed::{self, Model, Vectors};
use rapporteur::judge::{self, Judge};
use rapporteur::merge::eval::{LabelledSet, Score, TARGET, mistakes, project_truth, score};
use rapporteur::merge::{Engine, Params};
use rapporteur::model::Meeting;

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut params = Params::default();
    let mut show_mistakes = false;
    let mut project: Option<PathBuf> = None;
    let mut model_dir: Option<PathBuf> = None;
    let mut judge_dir: Option<PathBuf> = None;
    let mut lexical = false;
    let mut no_judge = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mistakes" => show_mistakes = true,
            "--project" => project = args.next().map(PathBuf::from),
            "--model" => model_dir = args.next().map(PathBuf::from),
            "--lexical" => lexical = true,
            "--judge" => judge_dir = args.next().map(PathBuf::from),
            "--no-judge" => no_judge = true,
            "--set" => {
                let value = args.next().unwrap_or_default();
                if let Err(e) = params.set(&value) {
                    eprintln!("error: {e}");
                    std::process::exit(2);
                }
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let model = if lexical { None } else { find_model(model_dir) };
    match &model {
        Some(m) => println!("semantic channel on: {} ({})", m.names(), m.dir.display()),
        None => println!(
            "semantic channel off: lexical evidence only{}",
            if lexical { "" } else { " (no model)" }
        ),
    }
    let mut judge = if model.is_none() || no_judge {
        None
    } else {
        find_judge(judge_dir)
    };
    match &judge {
        Some(j) => println!("pair judge on: {}", j.dir.display()),
        None => println!("pair judge off"),
    }
    let vectors = |meeting: &Meeting| -> Option<Vectors> {
        let model = model.as_ref()?;
        Some(model.vectors(meeting).unwrap_or_else(|e| fail(e)))
    };
    if let Some(dir) = project {
        score_project(&dir, &files, &params, show_mistakes, &vectors, &mut judge);
        return;
    }
    if files.is_empty() {
        files = yaml_files("eval");
        // The shared sets sit beside the project (or beside its worktree folder).
        for dir in ["../shared/eval", "../../shared/eval"] {
            let found = yaml_files(dir);
            if !found.is_empty() {
                files.extend(found);
                break;
            }
        }
    }
    println!(
        "{:<28} {:>5} {:>5} {:>6} {:>6} {:>6} {:>9} {:>9} {:>7} {:>7}  target",
        "set", "recs", "true", "P", "R", "F1", "m-or-r", "m-or-r=", "review", "max/rec"
    );
    let mut failed = false;
    let mut scores = Vec::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {} ({e})", file.display());
                failed = true;
                continue;
            }
        };
        let set = match LabelledSet::parse(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                failed = true;
                continue;
            }
        };
        let meeting = set.meeting();
        let v = vectors(&meeting);
        let engine = merge(&meeting, &params, v.as_ref(), &mut judge);
        let s = score(&engine.synthesis(), &set.truth());
        let name = file.file_stem().unwrap_or_default().to_string_lossy();
        println!(
            "{:<28} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>8.1}% {:>8.1}% {:>7} {:>7}  {}",
            name,
            s.recommendations,
            s.true_pairs,
            s.precision,
            s.recall,
            s.f1,
            s.merged_or_reviewed * 100.0,
            s.merged_or_reviewed_exact * 100.0,
            s.review_len,
            s.max_review_per_rec,
            target(&s)
        );
        if show_mistakes {
            println!("{}", mistakes(&engine, &set.truth()));
        }
        scores.push(s);
    }
    summary(&scores);
    println!(
        "\nP, R, F1: pairwise precision, recall and F1 of the automatic merges. m-or-r: share \
         of true pairs merged or whose clusters a review pair joins; m-or-r=: counting only \
         review pairs that name the true pair itself. target: {TARGET}; \"met\", or the parts \
         missed."
    );
    if failed {
        std::process::exit(2);
    }
}

/// "met", or the parts of the target the score misses ("P,m-or-r").
fn target(s: &Score) -> String {
    let missed = s.shortfalls();
    if missed.is_empty() {
        "met".to_owned()
    } else {
        missed.join(",")
    }
}

/// How many sets meet the target, how many miss each part of it, and the mean scores.
fn summary(scores: &[Score]) {
    if scores.is_empty() {
        return;
    }
    let met = scores.iter().filter(|s| s.shortfalls().is_empty()).count();
    let missed = |part: &str| {
        scores
            .iter()
            .filter(|s| s.shortfalls().contains(&part))
            .count()
    };
    let n = scores.len();
    let mean = |f: fn(&Score) -> f64| scores.iter().map(f).sum::<f64>() / n as f64;
    println!(
        "\ntarget met on {met} of {n} sets; P missed on {}, R on {}, m-or-r on {}, review on {}",
        missed("P"),
        missed("R"),
        missed("m-or-r"),
        missed("review")
    );
    println!(
        "mean over the {n} sets: P {:.3}, R {:.3}, F1 {:.3}, m-or-r {:.1}%",
        mean(|s| s.precision),
        mean(|s| s.recall),
        mean(|s| s.f1),
        mean(|s| s.merged_or_reviewed) * 100.0
    );
}

/// Scores the project's own sources (with its acronyms and ledger synonyms, without its
/// together/apart decisions) against each truth file.
fn score_project(
    dir: &std::path::Path,
    truth_files: &[PathBuf],
    params: &Params,
    show: bool,
    vectors: &dyn Fn(&Meeting) -> Option<Vectors>,
    judge: &mut Option<Judge>,
) {
    let (mut meeting, _) = match rapporteur::validate::load_project(dir) {
        Ok(m) => m,
        Err(_) => {
            eprintln!(
                "error: {} does not load; run `rapporteur check`",
                dir.display()
            );
            std::process::exit(2);
        }
    };
    meeting.ledger.together.clear();
    meeting.ledger.apart.clear();
    let v = vectors(&meeting);
    for file in truth_files {
        let labels: BTreeMap<String, Vec<String>> = std::fs::read_to_string(file)
            .ok()
            .and_then(|t| serde_yaml::from_str(&t).ok())
            .unwrap_or_else(|| {
                eprintln!("error: cannot read truth labels from {}", file.display());
                std::process::exit(2);
            });
        let truth = project_truth(&meeting, &labels).unwrap_or_else(|e| {
            eprintln!("error: {}: {e}", file.display());
            std::process::exit(2);
        });
        let engine = merge(&meeting, params, v.as_ref(), judge);
        let synthesis = engine.synthesis();
        let s = score(&synthesis, &truth);
        println!(
            "{}: P {:.3} R {:.3} F1 {:.3} merged-or-reviewed {:.1}% review {} max/rec {}",
            file.display(),
            s.precision,
            s.recall,
            s.f1,
            s.merged_or_reviewed * 100.0,
            s.review_len,
            s.max_review_per_rec
        );
        println!("target: {}", target(&s));
        let cross = synthesis
            .clusters
            .iter()
            .filter(|c| c.cross_regional)
            .count();
        println!("cross-regional clusters: {cross}");
        if show {
            println!("{}", mistakes(&engine, &truth));
        }
    }
}

/// The model named on the command line or in the environment, else the fetched one;
/// `scripts/fetch-model` installs it on first use and does nothing once it is there. When
/// the download fails (no network, no pip), the models already fetched are used, and
/// without any the engine is scored on lexical evidence alone; the first line says which.
fn find_model(dir: Option<PathBuf>) -> Option<Model> {
    let fetched = PathBuf::from(embed::DEFAULT_DIR);
    let named = dir.or_else(|| std::env::var_os(embed::ENV).map(PathBuf::from));
    if let Some(dir) = named {
        return Some(Model::load(&dir).unwrap_or_else(|e| fail(e)));
    }
    let installed = std::process::Command::new("scripts/fetch-model")
        .status()
        .is_ok_and(|s| s.success());
    // A failed download may still leave one model installed: score with what is there.
    match Model::load(&fetched) {
        Ok(model) if installed => Some(model),
        Ok(model) => {
            eprintln!(
                "warning: scripts/fetch-model failed; scoring with the models already in {}",
                fetched.display()
            );
            Some(model)
        }
        Err(_) => {
            eprintln!("warning: scripts/fetch-model failed; scoring without the semantic channel");
            None
        }
    }
}

/// The judge named on the command line or in the environment, else the one
/// `scripts/fetch-model` installed (which `find_model` has run), else none.
fn find_judge(dir: Option<PathBuf>) -> Option<Judge> {
    let named = dir.or_else(|| std::env::var_os(judge::ENV).map(PathBuf::from));
    match named {
        Some(dir) => Some(Judge::load(&dir).unwrap_or_else(|e| fail(e))),
        None => Judge::load(std::path::Path::new(judge::DEFAULT_DIR)).ok(),
    }
}

/// The merge of `meeting`: with the pair judge's vetoes when there are a judge and
/// vectors for it to read the close calls of, else by the engine alone.
fn merge<'m>(
    meeting: &'m Meeting,
    params: &Params,
    vectors: Option<&Vectors>,
    judge: &mut Option<Judge>,
) -> Engine<'m> {
    match (judge.as_mut(), vectors) {
        (Some(judge), Some(v)) => {
            judge::merge(meeting, params, v, judge)
                .unwrap_or_else(|e| fail(e))
                .engine
        }
        _ => Engine::new(meeting, params.clone(), vectors),
    }
}

fn fail(error: rapporteur::diag::Error) -> ! {
    match error {
        rapporteur::diag::Error::Failed(message) => eprintln!("error: {message}"),
        rapporteur::diag::Error::Invalid(d) => eprintln!("error: {d:?}"),
    }
    std::process::exit(2);
}

//! Scores the merge engine on labelled consultation sets.
//!
//! `cargo run --release --example eval -- [FILES...]`; without files it scores
//! `eval/*.yaml` and, when present, `../shared/eval/*.yaml`. `--set name=value` changes an
//! engine setting (see `Params`), `--mistakes` prints the evidence for every wrong or missed
//! merge.

use std::path::PathBuf;

use rapporteur::merge::Params;
use rapporteur::merge::eval::{LabelledSet, evaluate, mistakes};

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
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mistakes" => show_mistakes = true,
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
        "{:<28} {:>5} {:>5} {:>6} {:>6} {:>6} {:>9} {:>9} {:>7} {:>7}",
        "set", "recs", "true", "P", "R", "F1", "m-or-r", "m-or-r=", "review", "max/rec"
    );
    let mut failed = false;
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
        let s = evaluate(&set, &params);
        let name = file.file_stem().unwrap_or_default().to_string_lossy();
        println!(
            "{:<28} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>8.1}% {:>8.1}% {:>7} {:>7}",
            name,
            s.recommendations,
            s.true_pairs,
            s.precision,
            s.recall,
            s.f1,
            s.merged_or_reviewed * 100.0,
            s.merged_or_reviewed_exact * 100.0,
            s.review_len,
            s.max_review_per_rec
        );
        if show_mistakes {
            println!("{}", mistakes(&set, &params));
        }
    }
    println!(
        "\nP, R, F1: pairwise precision, recall and F1 of the automatic merges. m-or-r: share \
         of true pairs merged or whose clusters a review pair joins; m-or-r=: counting only \
         review pairs that name the true pair itself."
    );
    if failed {
        std::process::exit(2);
    }
}

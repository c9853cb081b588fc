//! Times `rapporteur build` on a project (default: this repository's GRCP 7 sources):
//! one cold build, then rebuilds in the same session as `watch` does them.
//!
//! cargo run --release --example build_bench -- [PROJECT] [REBUILDS]

use std::path::PathBuf;
use std::time::Instant;

use rapporteur::commands::build::{BuildOptions, BuildSession, build};

fn main() {
    let mut args = std::env::args().skip(1);
    let project = args
        .next()
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let rebuilds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let options = BuildOptions::default();

    let started = Instant::now();
    let outcome = build(&project, &options).unwrap_or_else(|e| panic!("build failed: {e:?}"));
    println!(
        "cold build (new session): {:.3} s",
        started.elapsed().as_secs_f64()
    );
    for doc in &outcome.documents {
        println!(
            "  {} {} pages {:.3} s",
            doc.path.display(),
            doc.pages,
            doc.time.as_secs_f64()
        );
    }

    let mut session = BuildSession::watching(&project, 10);
    let mut times = Vec::new();
    for _ in 0..=rebuilds {
        let started = Instant::now();
        session
            .build(&options)
            .unwrap_or_else(|e| panic!("build failed: {e:?}"));
        times.push(started.elapsed().as_secs_f64());
    }
    let first = times.remove(0);
    times.sort_by(f64::total_cmp);
    println!(
        "watch session: first build {first:.3} s; unchanged rebuilds over {rebuilds} runs: min {:.3} s, median {:.3} s, max {:.3} s",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

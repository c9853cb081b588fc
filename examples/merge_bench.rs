//! Benchmark of the merge stage on generated meetings of 1k, 10k and 50k recommendations.
//!
//! `cargo run --release --example merge_bench [-- [--vectors] SIZES...]`
//!
//! `--vectors` also gives every recommendation a sentence vector (its topic's direction
//! plus noise, 768 dimensions like the fetched model) and merges with the semantic
//! channel, to time the channel's own work; computing real vectors is not included.
//!
//! Each size runs in a fresh child process, so its peak memory (VmHWM) is its own. A
//! meeting has 10-100 regions; recommendations are drawn from shared "topics" (a joint
//! recommendation stated by several regions in varied words: words dropped, swapped for
//! others and reordered) plus regional ones, over a generated vocabulary with a skewed
//! word frequency, so that common words make long posting lists as in real text.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::process::Command;
use std::time::Instant;

use rapporteur::embed::Vectors;
use rapporteur::merge::eval::{meeting, recommendation};
use rapporteur::merge::merge_with;
use rapporteur::model::{Meeting, Region};

/// Deterministic pseudo-random numbers: a hash of (seed, counter).
struct Rng(u64, u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.1 += 1;
        let mut h = DefaultHasher::new();
        (self.0, self.1).hash(&mut h);
        h.finish()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards small values: word ranks follow a rough Zipf law.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn word(i: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ter", "van", "sol", "pre", "dun", "gra", "fi", "bel", "cor", "nu",
        "sta", "rin", "ho",
    ];
    let mut w = String::new();
    let mut n = i + 16;
    while n > 0 {
        w.push_str(SYL[n % 16]);
        n /= 16;
    }
    w
}

fn generate(size: usize) -> Meeting {
    let regions = (size / 100).clamp(10, 100);
    let vocabulary = 30_000;
    let mut rng = Rng(size as u64, 0);
    let fillers = [
        "ensure",
        "promote",
        "migration",
        "migrants",
        "strengthen",
        "support",
        "the",
        "of",
        "and",
    ];
    let mut per_region: Vec<Vec<(String, String)>> = vec![Vec::new(); regions];
    let mut count = 0;
    let mut topic = 0;
    while count < size {
        let words: Vec<String> = (0..6 + rng.below(4))
            .map(|_| word(rng.skewed(vocabulary)))
            .collect();
        let support = if rng.below(3) == 0 {
            1
        } else {
            2 + rng.below(regions.min(12) - 1)
        };
        let start = rng.below(regions);
        for k in 0..support.min(size - count) {
            let region = (start + k * 7) % regions;
            let mut text: Vec<String> = words
                .iter()
                .map(|w| {
                    if rng.below(4) == 0 {
                        word(rng.skewed(vocabulary))
                    } else {
                        w.clone()
                    }
                })
                .collect();
            if rng.below(2) == 0 {
                let other = 1 + rng.below(text.len() - 1);
                text.swap(0, other);
            }
            text.insert(0, fillers[rng.below(fillers.len())].to_owned());
            text.push(fillers[rng.below(fillers.len())].to_owned());
            per_region[region].push((format!("t{topic}-{k}"), text.join(" ")));
            count += 1;
        }
        topic += 1;
    }
    let categories = vec!["priority".to_owned(), "follow-up".to_owned()];
    let regions: Vec<Region> = per_region
        .into_iter()
        .enumerate()
        .map(|(r, recs)| {
            let id = format!("r{r:03}");
            Region {
                id: id.clone(),
                name: id.clone(),
                prose_name: id.clone(),
                overview: None,
                recommendations: recs
                    .iter()
                    .enumerate()
                    .map(|(k, (rid, title))| recommendation(&id, rid, &categories[k % 2], title))
                    .collect(),
            }
        })
        .collect();
    meeting(&categories, regions, Default::default())
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A unit vector per recommendation: its topic's direction (the id says the topic) plus
/// as much noise, so that a topic's wordings are close but not equal.
fn vectors(meeting: &Meeting) -> Vectors {
    const DIM: usize = 768;
    let gaussian = |rng: &mut Rng| {
        (0..12)
            .map(|_| rng.below(1000) as f32 / 1000.0)
            .sum::<f32>()
            - 6.0
    };
    meeting
        .recommendations()
        .map(|r| {
            let topic = r.id.id.split('-').next().unwrap_or_default();
            let mut h = DefaultHasher::new();
            topic.hash(&mut h);
            let mut base = Rng(h.finish(), 0);
            let mut h = DefaultHasher::new();
            r.id.to_string().hash(&mut h);
            let mut noise = Rng(h.finish(), 0);
            let mut v: Vec<f32> = (0..DIM)
                .map(|_| gaussian(&mut base) + gaussian(&mut noise))
                .collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| *x /= norm);
            (r.id.clone(), v)
        })
        .collect()
}

/// In the child: generate, merge `runs` times, print "median_seconds peak_mb clusters".
fn child(size: usize, runs: usize, with_vectors: bool) {
    let meeting = generate(size);
    let vectors = with_vectors.then(|| vectors(&meeting));
    let mut times = Vec::new();
    let mut clusters = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let s = merge_with(&meeting, vectors.as_ref());
        times.push(start.elapsed().as_secs_f64());
        clusters = s.clusters.len();
    }
    times.sort_by(f64::total_cmp);
    println!("{} {} {}", times[times.len() / 2], peak_mb(), clusters);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let size = args[1].parse().expect("size");
        let runs = args[2].parse().expect("runs");
        child(size, runs, args.get(3).is_some_and(|a| a == "--vectors"));
        return;
    }
    let with_vectors = args.iter().any(|a| a == "--vectors");
    let sizes: Vec<usize> = args
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect::<Vec<_>>();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 50_000]
    } else {
        sizes
    };
    let exe = std::env::current_exe().expect("own path");
    println!(
        "{:>8} {:>8} {:>12} {:>10} {:>9}",
        "recs", "regions", "median (s)", "peak MB", "clusters"
    );
    let mut results = Vec::new();
    for &size in &sizes {
        let runs = if size >= 50_000 { 3 } else { 5 };
        let mut child = Command::new(&exe);
        child.args(["--child", &size.to_string(), &runs.to_string()]);
        if with_vectors {
            child.arg("--vectors");
        }
        let out = child.output().expect("child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = text
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if v.len() < 3 {
            eprintln!(
                "size {size}: child failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            continue;
        }
        println!(
            "{:>8} {:>8} {:>12.3} {:>10.1} {:>9} (median of {runs})",
            size,
            (size / 100).clamp(10, 100),
            v[0],
            v[1],
            v[2]
        );
        results.push((size, v[0]));
    }
    for w in results.windows(2) {
        let ((n1, t1), (n2, t2)) = (w[0], w[1]);
        let exponent = (t2 / t1).ln() / (n2 as f64 / n1 as f64).ln();
        println!(
            "growth {n1} -> {n2}: time x{:.2} for size x{:.0}, exponent {exponent:.2} (1 = linear, 2 = quadratic)",
            t2 / t1,
            n2 as f64 / n1 as f64
        );
    }
}

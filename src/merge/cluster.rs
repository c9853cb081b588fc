//! Constrained average-link clustering over the sparse pair graph.
//!
//! Average link (the mean affinity over all member pairs, unscored pairs counting as 0)
//! does not chain: A~B and B~C do not drag an unrelated C into A's cluster, because C must
//! be close to A *and* B on average. Merges are taken best first; a merge is refused when
//! the ledger keeps two of the members apart, when two members take opposite positions, or
//! when two members come from the same region without very strong evidence.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::similarity::Edge;

/// Why two members may not share a cluster.
pub trait Constraints {
    /// `true` when `x` and `y` (item indexes) must stay in different clusters.
    fn forbids(&self, x: u32, y: u32) -> bool;
}

#[derive(PartialEq)]
struct Candidate {
    link: f64,
    a: u32,
    b: u32,
    stamp: (u32, u32),
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        // Best link first; ties go to the smallest ids, so the order is deterministic.
        self.link
            .total_cmp(&other.link)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Groups items `0..n` into clusters. `seeds` are groups that start (and stay) together.
/// Returns the clusters, each sorted, ordered by their smallest member.
pub fn cluster(
    n: usize,
    edges: &[Edge],
    seeds: &[Vec<u32>],
    constraints: &dyn Constraints,
    threshold: f64,
) -> Vec<Vec<u32>> {
    // Start from singletons merged by the seeds (union by smallest id).
    let mut owner: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    for seed in seeds {
        let Some(&first) = seed.iter().min() else {
            continue;
        };
        for &x in seed {
            let (ca, cb) = (owner[first as usize], owner[x as usize]);
            if ca != cb {
                let (keep, gone) = (ca.min(cb), ca.max(cb));
                let moved = std::mem::take(&mut members[gone as usize]);
                for &m in &moved {
                    owner[m as usize] = keep;
                }
                members[keep as usize].extend(moved);
            }
        }
    }
    // Sum of affinities between clusters.
    let mut links: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n];
    for e in edges.iter().filter(|e| !e.opposed) {
        let (ca, cb) = (owner[e.a as usize], owner[e.b as usize]);
        if ca != cb {
            *links[ca as usize].entry(cb).or_insert(0.0) += f64::from(e.score);
            *links[cb as usize].entry(ca).or_insert(0.0) += f64::from(e.score);
        }
    }
    let mut stamp: Vec<u32> = vec![0; n];
    let mut heap = BinaryHeap::new();
    let candidate = |a: u32, b: u32, sum: f64, members: &[Vec<u32>], stamp: &[u32]| {
        let (a, b) = (a.min(b), a.max(b));
        let size = (members[a as usize].len() * members[b as usize].len()) as f64;
        Candidate {
            link: sum / size,
            a,
            b,
            stamp: (stamp[a as usize], stamp[b as usize]),
        }
    };
    for a in 0..n as u32 {
        let mut neighbours: Vec<(&u32, &f64)> = links[a as usize].iter().collect();
        neighbours.sort_by_key(|(b, _)| **b);
        for (&b, &sum) in neighbours {
            if a < b {
                heap.push(candidate(a, b, sum, &members, &stamp));
            }
        }
    }
    while let Some(c) = heap.pop() {
        if c.link < threshold {
            break;
        }
        let (a, b) = (c.a as usize, c.b as usize);
        if members[a].is_empty()
            || members[b].is_empty()
            || c.stamp != (stamp[a], stamp[b])
        {
            continue;
        }
        let blocked = members[a]
            .iter()
            .any(|&x| members[b].iter().any(|&y| constraints.forbids(x, y)));
        if blocked {
            continue;
        }
        // Merge b into a.
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        stamp[a] += 1;
        stamp[b] += 1;
        let from_b = std::mem::take(&mut links[b]);
        links[a].remove(&(b as u32));
        for (k, sum) in from_b {
            if k as usize == a {
                continue;
            }
            *links[a].entry(k).or_insert(0.0) += sum;
        }
        let mut neighbours: Vec<(u32, f64)> = links[a].iter().map(|(&k, &s)| (k, s)).collect();
        neighbours.sort_by_key(|&(k, _)| k);
        for (k, sum) in neighbours {
            let other = &mut links[k as usize];
            other.remove(&(b as u32));
            other.insert(a as u32, sum);
            heap.push(candidate(a as u32, k, sum, &members, &stamp));
        }
    }
    let mut out: Vec<Vec<u32>> = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect();
    out.sort_by_key(|m| m[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Free;
    impl Constraints for Free {
        fn forbids(&self, _: u32, _: u32) -> bool {
            false
        }
    }

    fn edge(a: u32, b: u32, score: f32) -> Edge {
        Edge {
            a,
            b,
            cosine: score,
            mutual: false,
            opposed: false,
            same_region: false,
            score,
        }
    }

    #[test]
    fn average_link_does_not_chain() {
        // 0~1 and 1~2 are close, 0 and 2 are not: 2 must not join 0 and 1.
        let edges = [edge(0, 1, 0.9), edge(1, 2, 0.5)];
        let c = cluster(3, &edges, &[], &Free, 0.4);
        assert_eq!(c, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn constraints_block_merges() {
        struct Apart;
        impl Constraints for Apart {
            fn forbids(&self, x: u32, y: u32) -> bool {
                (x.min(y), x.max(y)) == (0, 1)
            }
        }
        let edges = [edge(0, 1, 0.9), edge(0, 2, 0.8), edge(1, 2, 0.7)];
        let c = cluster(3, &edges, &[], &Apart, 0.4);
        assert_eq!(c, vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn seeds_stay_together() {
        let c = cluster(3, &[], &[vec![2, 0]], &Free, 0.4);
        assert_eq!(c, vec![vec![0, 2], vec![1]]);
    }
}

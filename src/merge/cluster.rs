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

/// A pair of items and the affinity average-link clustering weighs it with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub a: u32,
    pub b: u32,
    pub affinity: f32,
}

/// Why two members may not share a cluster.
pub trait Constraints {
    /// `true` when `x` and `y` (item indexes) must stay in different clusters.
    fn forbids(&self, x: u32, y: u32) -> bool;

    /// `true` when `x` and `y` take opposite positions: a match that is closest yet may
    /// never merge, which no runner-up should then stand in for.
    fn opposes(&self, _x: u32, _y: u32) -> bool {
        false
    }
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

/// Groups items `0..n` into clusters by the affinities of `links`. `seeds` are groups that
/// start (and stay) together. Returns the clusters, each sorted, ordered by their smallest
/// member.
pub fn cluster(
    n: usize,
    links: &[Link],
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
    let mut sums: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n];
    for l in links {
        let (ca, cb) = (owner[l.a as usize], owner[l.b as usize]);
        if ca != cb {
            *sums[ca as usize].entry(cb).or_insert(0.0) += f64::from(l.affinity);
            *sums[cb as usize].entry(ca).or_insert(0.0) += f64::from(l.affinity);
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
        let mut neighbours: Vec<(&u32, &f64)> = sums[a as usize].iter().collect();
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
        if members[a].is_empty() || members[b].is_empty() || c.stamp != (stamp[a], stamp[b]) {
            continue;
        }
        if forbidden(&members[a], &members[b], constraints) {
            continue;
        }
        // Merge b into a.
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        stamp[a] += 1;
        stamp[b] += 1;
        let from_b = std::mem::take(&mut sums[b]);
        sums[a].remove(&(b as u32));
        for (k, sum) in from_b {
            if k as usize == a {
                continue;
            }
            *sums[a].entry(k).or_insert(0.0) += sum;
        }
        let mut neighbours: Vec<(u32, f64)> = sums[a].iter().map(|(&k, &s)| (k, s)).collect();
        neighbours.sort_by_key(|&(k, _)| k);
        for (k, sum) in neighbours {
            let other = &mut sums[k as usize];
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

/// Completes the clusters region by region: a cluster that several regions already share
/// and a cluster from regions it lacks join when each is the other's closest (average
/// cosine over all member pairs) and the average clears `threshold`. Evidence summed over
/// several members is far stronger than one pair, so this bar can sit below the pair bar;
/// it is how a region's freely worded version finds the cluster the others formed.
/// `agree` can still refuse a join (the semantic channel's vectors, when on).
pub fn complete(
    mut clusters: Vec<Vec<u32>>,
    edges: &[Edge],
    region_of: &[u32],
    constraints: &dyn Constraints,
    threshold: f64,
    agree: &dyn Fn(&[u32], &[u32]) -> bool,
) -> Vec<Vec<u32>> {
    loop {
        let mut owner = vec![0usize; region_of.len()];
        for (k, c) in clusters.iter().enumerate() {
            for &m in c {
                owner[m as usize] = k;
            }
        }
        let regions: Vec<Vec<u32>> = clusters
            .iter()
            .map(|c| {
                let mut r: Vec<u32> = c.iter().map(|&m| region_of[m as usize]).collect();
                r.sort_unstable();
                r.dedup();
                r
            })
            .collect();
        // Sum of cosines and count of supporting pairs between clusters: a pair that is not
        // `solid` adds to the average but supports nothing.
        // A pair taking opposite positions never joins, but it still counts as the closest
        // cluster: a wording whose nearest match it may not merge with has no match here,
        // and must not fall back on its runner-up.
        let mut sums: HashMap<(usize, usize), (f64, usize, bool)> = HashMap::new();
        for e in edges.iter().filter(|e| !e.same_region) {
            let (ca, cb) = (owner[e.a as usize], owner[e.b as usize]);
            if ca == cb {
                continue;
            }
            let s = sums
                .entry((ca.min(cb), ca.max(cb)))
                .or_insert((0.0, 0, false));
            s.0 += f64::from(e.cosine);
            // Only pairs that stand on their own count as support.
            s.1 += usize::from(e.solid && !e.opposed);
            s.2 |= e.opposed;
        }
        let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
        let mut links: Vec<(f64, usize, usize)> = Vec::new();
        for (&(a, b), &(sum, pairs, opposed)) in &sums {
            let (na, nb) = (clusters[a].len(), clusters[b].len());
            let disjoint = regions[a]
                .iter()
                .all(|r| regions[b].binary_search(r).is_err());
            if !disjoint || !opposed && (na.max(nb) < 2 || pairs < 2) {
                continue;
            }
            let avg = sum / (na * nb) as f64;
            if !opposed {
                links.push((avg, a, b));
            }
            for (x, y) in [(a, b), (b, a)] {
                let e = best.entry(x).or_insert((f64::MIN, usize::MAX));
                if avg > e.0 || (avg == e.0 && y < e.1) {
                    *e = (avg, y);
                }
            }
        }
        links.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let pairs: Vec<(usize, usize)> = links
            .into_iter()
            .filter(|&(avg, a, b)| {
                avg >= threshold
                    && best[&a].1 == b
                    && best[&b].1 == a
                    && agree(&clusters[a], &clusters[b])
            })
            .map(|(_, a, b)| (a, b))
            .collect();
        if !join(&mut clusters, &pairs, constraints) {
            return clusters;
        }
    }
}

/// Joins each pair of clusters in `pairs` (best first) unless one of them has already
/// joined another in this round or a constraint forbids it; then puts the clusters back in
/// their canonical order. `false` when nothing changed.
pub fn join(
    clusters: &mut Vec<Vec<u32>>,
    pairs: &[(usize, usize)],
    constraints: &dyn Constraints,
) -> bool {
    let mut joined = vec![false; clusters.len()];
    let mut changed = false;
    for &(a, b) in pairs {
        if joined[a] || joined[b] {
            continue;
        }
        if forbidden(&clusters[a], &clusters[b], constraints) {
            continue;
        }
        let moved = std::mem::take(&mut clusters[b]);
        clusters[a].extend(moved);
        joined[a] = true;
        joined[b] = true;
        changed = true;
    }
    clusters.retain(|c| !c.is_empty());
    for c in clusters.iter_mut() {
        c.sort_unstable();
    }
    clusters.sort_by_key(|c| c[0]);
    changed
}

/// Some rule keeps a member of `a` and a member of `b` apart, so the two cannot join.
fn forbidden(a: &[u32], b: &[u32], constraints: &dyn Constraints) -> bool {
    a.iter()
        .any(|&x| b.iter().any(|&y| constraints.forbids(x, y)))
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
            bonus: 0.0,
            lift: 0.0,
            review: score,
            review_only: false,
            opposed: false,
            same_region: false,
            solid: true,
            score,
        }
    }

    fn link(a: u32, b: u32, affinity: f32) -> Link {
        Link { a, b, affinity }
    }

    #[test]
    fn average_link_does_not_chain() {
        // 0~1 and 1~2 are close, 0 and 2 are not: 2 must not join 0 and 1.
        let links = [link(0, 1, 0.9), link(1, 2, 0.5)];
        let c = cluster(3, &links, &[], &Free, 0.4);
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
        let links = [link(0, 1, 0.9), link(0, 2, 0.8), link(1, 2, 0.7)];
        let c = cluster(3, &links, &[], &Apart, 0.4);
        assert_eq!(c, vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn a_region_completes_a_cluster_unless_refused() {
        // {0, 1} from regions 0 and 1; 2, from region 2, is close to both.
        let edges = [edge(0, 1, 0.9), edge(0, 2, 0.3), edge(1, 2, 0.3)];
        let clusters = || vec![vec![0, 1], vec![2]];
        let joined = complete(clusters(), &edges, &[0, 1, 2], &Free, 0.2, &|_, _| true);
        assert_eq!(joined, vec![vec![0, 1, 2]]);
        // Below the bar, or refused, it stays apart.
        let low = complete(clusters(), &edges, &[0, 1, 2], &Free, 0.4, &|_, _| true);
        assert_eq!(low, clusters());
        let refused = complete(clusters(), &edges, &[0, 1, 2], &Free, 0.2, &|_, _| false);
        assert_eq!(refused, clusters());
    }

    #[test]
    fn an_opposing_closest_match_is_not_replaced_by_the_runner_up() {
        // 2 is closer to 3 (region 3), which takes the opposite position, than to {0, 1}.
        let mut opposing = edge(2, 3, 0.6);
        opposing.opposed = true;
        let edges = [edge(0, 1, 0.9), edge(0, 2, 0.3), edge(1, 2, 0.3), opposing];
        let clusters = || vec![vec![0, 1], vec![2], vec![3]];
        let out = complete(clusters(), &edges, &[0, 1, 2, 3], &Free, 0.2, &|_, _| true);
        assert_eq!(out, clusters());
        // Without that rival, 2 completes {0, 1}.
        let out = complete(
            clusters(),
            &edges[..3],
            &[0, 1, 2, 3],
            &Free,
            0.2,
            &|_, _| true,
        );
        assert_eq!(out, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn seeds_stay_together() {
        let c = cluster(3, &[], &[vec![2, 0]], &Free, 0.4);
        assert_eq!(c, vec![vec![0, 2], vec![1]]);
    }
}

//! Which of a region's wordings holds its place in a cluster.
//!
//! A region usually says a shared recommendation once, and on the labelled sets nearly every
//! false merge is a region's specific recommendation taken into a shared one: average link
//! grows clusters best link first, so a neighbouring ask can get in before the region's own
//! version, or stay in although other wordings of its region sit closer. Two steps after
//! clustering, with the vectors, ask the cluster's other members which wording of the region
//! they find closest:
//!
//! - **Substitution.** When the same region has a lone wording of the category with a higher
//!   mean vector cosine to the other members, the two change places: the member stands alone
//!   and the lone wording joins.
//! - **Leaving.** A member stands alone when the other members find, on average, at least one
//!   other wording of its region and category closer than it (`OUTRANKED`): it is not what
//!   its region says on the subject.
//!
//! Only lone wordings join, so no other cluster is broken up; members the ledger puts together
//! stay, and the rules that veto a pair (category, opposing positions, same region, the
//! ledger's apart) still apply to the wording that joins.

use std::collections::HashMap;

use super::cluster::Constraints;
use super::semantic::cosine;

/// How many wordings of its own region the other members find closer, on average, before a
/// member leaves: at least one means it is not its region's closest to the cluster.
pub const OUTRANKED: f32 = 1.0;

/// One change of place: `joined` took the place of `left` in a cluster, with each one's
/// mean vector cosine to the cluster's other members.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Substitution {
    pub joined: u32,
    pub left: u32,
    pub joined_mean: f32,
    pub left_mean: f32,
}

/// Applies at most one substitution per cluster, the one that gains most, and returns the
/// clusters (each sorted, ordered by smallest member) with the substitutions made.
/// `fixed` marks the items the ledger places.
pub fn substitute(
    mut clusters: Vec<Vec<u32>>,
    vectors: &[Option<Vec<f32>>],
    region_of: &[u32],
    category_of: &[u32],
    fixed: &[bool],
    constraints: &dyn Constraints,
) -> (Vec<Vec<u32>>, Vec<Substitution>) {
    // The lone wordings that may move, as (cluster index, item), by region and category.
    let mut lone: HashMap<(u32, u32), Vec<(usize, u32)>> = HashMap::new();
    for (k, c) in clusters.iter().enumerate() {
        if let [y] = c[..]
            && !fixed[y as usize]
            && vectors[y as usize].is_some()
        {
            lone.entry((region_of[y as usize], category_of[y as usize]))
                .or_default()
                .push((k, y));
        }
    }
    let mut taken = vec![false; vectors.len()];
    let mut made = Vec::new();
    for k in 0..clusters.len() {
        if clusters[k].len() < 2 {
            continue;
        }
        // The best change for this cluster, with the lone wording's cluster index.
        let mut best: Option<(Substitution, usize)> = None;
        for &x in &clusters[k] {
            if fixed[x as usize] || vectors[x as usize].is_none() {
                continue;
            }
            let rest: Vec<u32> = clusters[k].iter().copied().filter(|&m| m != x).collect();
            let mean = |z: u32| {
                let v = vectors[z as usize].as_deref().unwrap_or_default();
                let sum: f32 = rest
                    .iter()
                    .filter_map(|&m| vectors[m as usize].as_deref())
                    .map(|w| cosine(v, w))
                    .sum();
                sum / rest.len() as f32
            };
            let left_mean = mean(x);
            let key = (region_of[x as usize], category_of[x as usize]);
            for &(home, y) in lone.get(&key).into_iter().flatten() {
                if taken[y as usize] || rest.iter().any(|&m| constraints.forbids(y, m)) {
                    continue;
                }
                let joined_mean = mean(y);
                let gain = joined_mean - left_mean;
                if gain > 0.0 && best.is_none_or(|(b, _)| gain > b.joined_mean - b.left_mean) {
                    let s = Substitution {
                        joined: y,
                        left: x,
                        joined_mean,
                        left_mean,
                    };
                    best = Some((s, home));
                }
            }
        }
        if let Some((s, home)) = best {
            for m in clusters[k].iter_mut().filter(|m| **m == s.left) {
                *m = s.joined;
            }
            clusters[k].sort_unstable();
            clusters[home] = vec![s.left];
            // The one that left is not offered to other clusters either: `lone` was taken
            // before any change.
            taken[s.joined as usize] = true;
            made.push(s);
        }
    }
    clusters.sort_by_key(|c| c[0]);
    (clusters, made)
}

/// A member that left a cluster: the other members found `outranked` wordings of its region
/// closer than it, on average. `cluster` is a member that stayed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Departure {
    pub left: u32,
    pub cluster: u32,
    pub outranked: f32,
}

/// Takes out of each cluster the member most outranked by other wordings of its region,
/// when that is at least `OUTRANKED` on average, and returns the clusters (each sorted,
/// ordered by smallest member) with the departures. `fixed` marks the items the ledger
/// places.
pub fn leave(
    mut clusters: Vec<Vec<u32>>,
    vectors: &[Option<Vec<f32>>],
    region_of: &[u32],
    category_of: &[u32],
    fixed: &[bool],
) -> (Vec<Vec<u32>>, Vec<Departure>) {
    // Each region's wordings by category: only how many beat a member counts, not their order.
    let mut pools: HashMap<(u32, u32), Vec<&[f32]>> = HashMap::new();
    for (z, v) in vectors.iter().enumerate() {
        if let Some(v) = v.as_deref() {
            pools
                .entry((region_of[z], category_of[z]))
                .or_default()
                .push(v);
        }
    }
    let mut made = Vec::new();
    for k in 0..clusters.len() {
        let mut worst: Option<(f32, u32)> = None;
        for &x in &clusters[k] {
            let Some(vx) = vectors[x as usize]
                .as_deref()
                .filter(|_| !fixed[x as usize])
            else {
                continue;
            };
            let region = region_of[x as usize];
            let others: Vec<&[f32]> = clusters[k]
                .iter()
                .filter(|&&m| region_of[m as usize] != region)
                .filter_map(|&m| vectors[m as usize].as_deref())
                .collect();
            if others.is_empty() {
                continue;
            }
            let pool = &pools[&(region, category_of[x as usize])];
            let closer: usize = others
                .iter()
                .map(|vm| {
                    let own = cosine(vm, vx);
                    pool.iter().filter(|vz| cosine(vm, vz) > own).count()
                })
                .sum();
            let outranked = closer as f32 / others.len() as f32;
            if outranked >= OUTRANKED && worst.is_none_or(|(w, _)| outranked > w) {
                worst = Some((outranked, x));
            }
        }
        if let Some((outranked, x)) = worst {
            clusters[k].retain(|&m| m != x);
            made.push(Departure {
                left: x,
                cluster: clusters[k][0],
                outranked,
            });
            clusters.push(vec![x]);
        }
    }
    clusters.sort_by_key(|c| c[0]);
    (clusters, made)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rules;
    impl Constraints for Rules {
        fn forbids(&self, x: u32, y: u32) -> bool {
            // Items 0 and 4 take opposite positions; categories are the caller's to check.
            (x.min(y), x.max(y)) == (0, 4)
        }
    }

    fn unit(v: [f32; 2]) -> Option<Vec<f32>> {
        let n = (v[0] * v[0] + v[1] * v[1]).sqrt();
        Some(vec![v[0] / n, v[1] / n])
    }

    /// Items 0 and 1 (regions 0 and 1) say the same; item 2 (region 2) is a neighbouring
    /// ask in the cluster; items 3 and 4 of region 2 stand alone, and item 4 sits closest.
    fn meeting(lone: [f32; 2]) -> Vec<Option<Vec<f32>>> {
        vec![
            unit([1.0, 0.1]),
            unit([1.0, -0.1]),
            unit([0.6, 0.8]),
            unit(lone),
            unit([0.9, 0.0]),
        ]
    }

    fn run(
        vectors: &[Option<Vec<f32>>],
        category_of: &[u32],
        fixed: &[bool],
    ) -> (Vec<Vec<u32>>, Vec<Substitution>) {
        substitute(
            vec![vec![0, 1, 2], vec![3], vec![4]],
            vectors,
            &[0, 1, 2, 2, 2],
            category_of,
            fixed,
            &Rules,
        )
    }

    const ONE: [u32; 5] = [0; 5];

    #[test]
    fn a_closer_lone_wording_of_the_same_region_takes_the_place() {
        let (clusters, made) = run(&meeting([1.0, 0.0]), &ONE, &[false; 5]);
        assert_eq!(clusters, vec![vec![0, 1, 3], vec![2], vec![4]]);
        assert_eq!(made.len(), 1);
        assert_eq!((made[0].joined, made[0].left), (3, 2));
        assert!(made[0].joined_mean > made[0].left_mean);
    }

    #[test]
    fn a_lone_wording_further_away_does_not() {
        let mut vectors = meeting([0.0, 1.0]);
        vectors[4] = unit([0.0, 1.0]);
        let (clusters, made) = run(&vectors, &ONE, &[false; 5]);
        assert_eq!(clusters, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert!(made.is_empty());
    }

    #[test]
    fn the_ledger_the_category_and_the_vetoes_hold() {
        let far = meeting([0.0, 1.0]);
        // Item 4, region 2's closest lone wording, opposes item 0: nothing moves.
        assert!(run(&far, &ONE, &[false; 5]).1.is_empty());
        // Item 3, as close, is of another category: nothing moves.
        assert!(
            run(&meeting([1.0, 0.0]), &[0, 0, 0, 1, 0], &[false; 5])
                .1
                .is_empty()
        );
        // The ledger placed item 2: no closer wording displaces it.
        let fixed = [false, false, true, false, false];
        assert!(run(&meeting([1.0, 0.0]), &ONE, &fixed).1.is_empty());
    }

    /// Item 0 (region 0) and item 1 (region 1) share a cluster; items 2 and 3 of region 1
    /// stand alone, at `others` from item 0.
    fn outranked(others: [f32; 2], fixed: &[bool]) -> (Vec<Vec<u32>>, Vec<Departure>) {
        let vectors = vec![
            unit([1.0, 0.0]),
            unit([0.6, 0.8]),
            unit(others),
            unit(others),
        ];
        leave(
            vec![vec![0, 1], vec![2], vec![3]],
            &vectors,
            &[0, 1, 1, 1],
            &[0; 4],
            fixed,
        )
    }

    #[test]
    fn a_member_its_region_outranks_leaves() {
        let (clusters, made) = outranked([1.0, 0.1], &[false; 4]);
        assert_eq!(clusters, vec![vec![0], vec![1], vec![2], vec![3]]);
        assert_eq!(made.len(), 1);
        assert_eq!((made[0].left, made[0].cluster), (1, 0));
        assert!((made[0].outranked - 2.0).abs() < 1e-6);
    }

    #[test]
    fn its_regions_closest_wording_stays() {
        let (clusters, made) = outranked([0.0, 1.0], &[false; 4]);
        assert_eq!(clusters, vec![vec![0, 1], vec![2], vec![3]]);
        assert!(made.is_empty());
    }

    #[test]
    fn a_member_the_ledger_placed_stays() {
        let (clusters, made) = outranked([1.0, 0.1], &[false, true, false, false]);
        assert_eq!(clusters, vec![vec![0, 1], vec![2], vec![3]]);
        assert!(made.is_empty());
    }

    #[test]
    fn without_vectors_nothing_moves() {
        let (clusters, made) = run(&[None, None, None, None, None], &ONE, &[false; 5]);
        assert_eq!(clusters, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert!(made.is_empty());
        let none = vec![None; 5];
        let (clusters, made) = leave(clusters, &none, &[0, 1, 2, 2, 2], &ONE, &[false; 5]);
        assert_eq!(clusters, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert!(made.is_empty());
    }
}

//! A region's closer wording takes a member's place.
//!
//! A region usually says a shared recommendation once. When a cluster holds one of its
//! wordings and the same region has a lone wording of the same category that sits closer to
//! the cluster's other members (mean vector cosine), the lone one is the region's version
//! of the shared recommendation and the member is a neighbouring ask that average link took
//! in first, because clusters grow best link first. The two change places: the member
//! stands alone and the lone wording joins. On the labelled sets nearly every false merge
//! is a region's specific recommendation taken into a shared one, and in about one in five
//! of them the region's own version of the shared one was left out.
//!
//! Only lone wordings are offered, so no other cluster is broken up; members the ledger
//! puts together stay, and the rules that veto a pair (category, opposing positions, same
//! region, the ledger's apart) still apply to the wording that joins.

use super::cluster::Constraints;
use super::semantic::cosine;

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
    // The lone wordings that may move: (cluster index, item), by region and category.
    let mut lone: Vec<(usize, u32)> = clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.len() == 1)
        .map(|(k, c)| (k, c[0]))
        .filter(|&(_, y)| !fixed[y as usize] && vectors[y as usize].is_some())
        .collect();
    lone.sort_by_key(|&(_, y)| (region_of[y as usize], category_of[y as usize], y));
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
            let from = lone
                .partition_point(|&(_, y)| (region_of[y as usize], category_of[y as usize]) < key);
            for &(home, y) in lone[from..]
                .iter()
                .take_while(|&&(_, y)| (region_of[y as usize], category_of[y as usize]) == key)
            {
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

    #[test]
    fn without_vectors_nothing_moves() {
        let (clusters, made) = run(&[None, None, None, None, None], &ONE, &[false; 5]);
        assert_eq!(clusters, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert!(made.is_empty());
    }
}

//! The engine's settings, with the defaults the labelled sets were scored with, and a way
//! to set one by name for evaluation sweeps.

/// The engine's settings. The defaults are what the evaluation sets were scored with.
#[derive(Debug, Clone)]
pub struct Params {
    /// Weight of generic policy verbs and filler nouns relative to content words.
    pub generic_weight: f32,
    /// Weight of a built-in concept relative to the word itself.
    pub concept_weight: f32,
    /// Weight of a bigram of adjacent content words.
    pub bigram_weight: f32,
    /// Weight of words in example or purpose phrases ("including ...", "so that ...").
    pub detail_weight: f32,
    /// Damping of features only one recommendation carries.
    pub unique_weight: f32,
    /// Share of a recommendation's discussion text (when it has one) in its features.
    pub text_share: f32,
    /// Features on more recommendations than this do not propose candidates.
    pub posting_cap: usize,
    /// Candidates kept per recommendation.
    pub candidates: usize,
    /// Pairs below this cosine take no part in clustering.
    pub min_edge: f32,
    /// Pairs from here up to `min_edge` are kept only as review candidates for
    /// recommendations no other region shares.
    pub review_floor: f32,
    /// Bonus for a mutual best match, scaled by its margin over the runner-up.
    pub mutual_bonus: f32,
    /// Average-link affinity two clusters need to merge.
    pub merge_threshold: f64,
    /// Average cosine a cluster and a cluster from other regions need to join when each is
    /// the other's closest.
    pub completion_threshold: f64,
    /// Cosine two recommendations of one region need to share a cluster.
    pub same_region_min: f32,
    /// Pairs from here up to the merge bar go to the review list.
    pub review_threshold: f32,
    /// Review pairs per recommendation, at most.
    pub review_per_rec: usize,
    /// Semantic channel, review list: mean vector cosine a recommendation no other region
    /// shares needs with a cluster of other regions for that cluster to head its review
    /// candidates.
    pub review_join_floor: f32,
    /// Semantic channel: score added per unit of margin by which two wordings are each
    /// other's closest by vector across their regions.
    pub semantic_weight: f32,
    /// Semantic channel: vector cosine (of centred vectors) a mutual closest pair needs to
    /// count at all; above it, the cosine also counts in the review ranking.
    pub semantic_floor: f32,
    /// Semantic channel, completion: mean vector cosine a cluster and a cluster from
    /// other regions need to join, by vector or by words.
    pub join_floor: f32,
    /// Semantic channel: share of the vector cosine in the affinity average-link clustering
    /// weighs (the rest is the words' score); see `semantic::links`. Three quarters: the
    /// vectors rank pairs better than the words do, but a pair no word links needs a cosine
    /// well above the bar's, so that neighbouring asks on a narrow subject stay apart.
    pub vector_weight: f32,
    /// Semantic channel: the blended affinity two clusters need to merge by average link
    /// (`merge_threshold` is the bar for the words alone).
    pub semantic_threshold: f64,
    /// Semantic channel, completion: how far that mean must beat both runners-up.
    pub join_margin: f32,
    /// Semantic channel, review list: weight of the vector cosine above `semantic_floor`
    /// in the score that ranks review pairs.
    pub semantic_review: f32,
    /// Semantic channel, review list: a pair's review score is divided by 1 + this × the
    /// number of wordings that either side finds closer by vector in the other's region.
    pub review_rank_weight: f32,
    /// Semantic channel, review list: pairs that no word links are still listed when they
    /// sit this close to the top of each other's lists (0: each other's closest).
    pub review_rank_max: u32,
    /// Pair judge (`crate::judge`): merged pairs whose vector cosine is at most this are
    /// read by the judge.
    pub judge_ceiling: f32,
    /// Pair judge: a pair it scores below this ("Yes" logit less "No" logit) may not share
    /// a cluster.
    pub judge_bar: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            generic_weight: 0.3,
            concept_weight: 0.7,
            bigram_weight: 0.6,
            unique_weight: 0.6,
            detail_weight: 0.6,
            text_share: 0.4,
            posting_cap: 200,
            candidates: 12,
            min_edge: 0.05,
            review_floor: 0.01,
            mutual_bonus: 0.3,
            merge_threshold: 0.28,
            completion_threshold: 0.09,
            same_region_min: 0.7,
            review_threshold: 0.08,
            review_per_rec: 2,
            review_join_floor: 0.1,
            semantic_weight: 0.5,
            semantic_floor: 0.2,
            join_floor: 0.25,
            vector_weight: 0.75,
            semantic_threshold: 0.32,
            join_margin: 0.05,
            semantic_review: 1.5,
            review_rank_weight: 1.5,
            review_rank_max: 1,
            judge_ceiling: 0.5,
            judge_bar: -1.4,
        }
    }
}

impl Params {
    /// Sets one setting by name, for evaluation sweeps (`merge_threshold=0.35`).
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (key, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("expected name=value, got `{assignment}`"))?;
        let float = || value.parse::<f32>().map_err(|e| format!("{key}: {e}"));
        let count = || value.parse::<usize>().map_err(|e| format!("{key}: {e}"));
        match key {
            "generic_weight" => self.generic_weight = float()?,
            "concept_weight" => self.concept_weight = float()?,
            "bigram_weight" => self.bigram_weight = float()?,
            "unique_weight" => self.unique_weight = float()?,
            "detail_weight" => self.detail_weight = float()?,
            "text_share" => self.text_share = float()?,
            "posting_cap" => self.posting_cap = count()?,
            "candidates" => self.candidates = count()?,
            "min_edge" => self.min_edge = float()?,
            "review_floor" => self.review_floor = float()?,
            "mutual_bonus" => self.mutual_bonus = float()?,
            "merge_threshold" => self.merge_threshold = f64::from(float()?),
            "completion_threshold" => self.completion_threshold = f64::from(float()?),
            "same_region_min" => self.same_region_min = float()?,
            "review_threshold" => self.review_threshold = float()?,
            "review_per_rec" => self.review_per_rec = count()?,
            "review_join_floor" => self.review_join_floor = float()?,
            "semantic_weight" => self.semantic_weight = float()?,
            "semantic_floor" => self.semantic_floor = float()?,
            "join_floor" => self.join_floor = float()?,
            "vector_weight" => self.vector_weight = float()?,
            "semantic_threshold" => self.semantic_threshold = f64::from(float()?),
            "join_margin" => self.join_margin = float()?,
            "semantic_review" => self.semantic_review = float()?,
            "review_rank_weight" => self.review_rank_weight = float()?,
            "review_rank_max" => {
                self.review_rank_max = u32::try_from(count()?).map_err(|e| format!("{key}: {e}"))?
            }
            "judge_ceiling" => self.judge_ceiling = float()?,
            "judge_bar" => self.judge_bar = float()?,
            _ => return Err(format!("unknown setting `{key}`")),
        }
        Ok(())
    }
}

//! Features of a recommendation and their weights over the meeting.
//!
//! A recommendation becomes a sparse vector of features: the stems of its content words,
//! the built-in concepts those words belong to, the project phrase groups, and bigrams of
//! adjacent content stems. Each feature weighs by its rarity in *this* meeting (inverse
//! document frequency), so words every region uses ("migration", "ensure") weigh next to
//! nothing while the words that tell recommendations apart carry the score.

use std::collections::HashMap;

use super::Params;
use super::position::{denied, polarity};
use super::text::{Analyzer, Token, WordClass};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Stem,
    Concept,
    Phrase,
    Bigram,
}

/// The meeting's feature vocabulary.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: HashMap<(Kind, String), u32>,
    pub names: Vec<(Kind, String)>,
    /// How many recommendations carry each feature.
    pub df: Vec<u32>,
}

impl Vocabulary {
    /// The id of a feature, if some wording has it.
    pub fn id(&self, kind: Kind, name: &str) -> Option<u32> {
        self.ids.get(&(kind, name.to_owned())).copied()
    }

    fn intern(&mut self, kind: Kind, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(&(kind, name.to_owned())) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert((kind, name.to_owned()), id);
        self.names.push((kind, name.to_owned()));
        self.df.push(0);
        id
    }
}

/// A recommendation's analysed wording.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Feature ids with weights, sorted by id.
    pub features: Vec<(u32, f32)>,
    /// Euclidean norm of the weights.
    pub norm: f32,
    /// Stems the wording argues for (+1) or against (-1); see `polarity`.
    pub polarity: Vec<(String, i8)>,
    /// Stems of a clause whose main verb is negated ("public funds should not be used to
    /// subsidise private schools"): what the wording asks *not* to happen, each marked when
    /// it follows the negation. Sorted.
    pub denied: Vec<(String, bool)>,
    /// Stems of the title's content words outside purpose phrases. Sorted.
    pub stems: Vec<String>,
    /// Feature id -> the words that produced it, for explanations.
    pub surface: Vec<(u32, String)>,
    /// The distinct ideas the wording names, for counting how many two wordings share: per
    /// content word its built-in concept if it has one, else its stem or project phrase.
    /// Generic policy words and words most of the meeting uses are left out. Sorted.
    pub words: Vec<u32>,
    /// The ideas of the title alone (`words` before the discussion text is added).
    pub title_words: Vec<u32>,
    /// The title's ideas outside purpose phrases ("so that ...", "in order to ..."): what
    /// the recommendation asks for itself rather than the goal it serves. Sorted.
    pub core: Vec<u32>,
    /// Bigram features of the wording: word pairs it uses together. Sorted.
    pub bigrams: Vec<u32>,
}

/// Adds each recommendation's discussion text (where it has one) to its title's features:
/// both parts are normalised and the text part weighs `share` of the combined vector, so
/// two recommendations with text score `(1 - share) * title cosine + share * text cosine`
/// and recommendations without text keep their title cosine. The text features are named
/// `text:...` so that explanations show where a match came from.
pub fn with_text(
    mut vocab: Vocabulary,
    mut docs: Vec<Doc>,
    text_vocab: Vocabulary,
    text_docs: Vec<Doc>,
    share: f32,
) -> (Vocabulary, Vec<Doc>) {
    let offset = vocab.names.len() as u32;
    for ((kind, name), df) in text_vocab.names.into_iter().zip(text_vocab.df) {
        vocab.names.push((kind, format!("text:{name}")));
        vocab.df.push(df);
    }
    for (doc, text) in docs.iter_mut().zip(text_docs) {
        if text.norm == 0.0 || doc.norm == 0.0 {
            continue;
        }
        let (wt, wx) = ((1.0 - share).sqrt() / doc.norm, share.sqrt() / text.norm);
        for f in &mut doc.features {
            f.1 *= wt;
        }
        doc.features
            .extend(text.features.iter().map(|&(f, w)| (f + offset, w * wx)));
        doc.surface
            .extend(text.surface.into_iter().map(|(f, s)| (f + offset, s)));
        // Ideas shared in the discussions count as evidence too.
        doc.words.extend(text.words.iter().map(|&f| f + offset));
        doc.norm = doc.features.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    }
    (vocab, docs)
}

/// Raw features (before weighting) of one wording.
struct Raw {
    features: Vec<(u32, f32)>,
    units: Vec<u32>,
    core: Vec<u32>,
    bigrams: Vec<u32>,
    surface: Vec<(u32, String)>,
    polarity: Vec<(String, i8)>,
    denied: Vec<(String, bool)>,
    stems: Vec<String>,
}

/// Analyses every wording and weighs the features over the whole set.
pub fn analyse(analyzer: &Analyzer, texts: &[&str], params: &Params) -> (Vocabulary, Vec<Doc>) {
    let mut vocab = Vocabulary::default();
    let raws: Vec<Raw> = texts
        .iter()
        .map(|t| raw_features(analyzer, &mut vocab, t, params))
        .collect();
    for raw in &raws {
        for &(f, _) in &raw.features {
            vocab.df[f as usize] += 1;
        }
    }
    let n = texts.len() as f32;
    // Positions on words much of the meeting uses ("migration") say nothing about what a
    // recommendation asks; only words at most a third of the wordings use can carry
    // opposing positions.
    let ubiquitous = |stem: &str| {
        vocab
            .id(Kind::Stem, stem)
            .is_some_and(|f| vocab.df[f as usize] as f32 > (n / 3.0).max(2.0))
    };
    let raws: Vec<Raw> = raws
        .into_iter()
        .map(|mut raw| {
            raw.polarity.retain(|(stem, _)| !ubiquitous(stem));
            raw.denied.retain(|(stem, _)| !ubiquitous(stem));
            raw.stems.retain(|stem| !ubiquitous(stem));
            let rare = |f: &u32| vocab.df[*f as usize] as f32 <= (n / 5.0).max(2.0);
            raw.units.retain(rare);
            raw.units.sort_unstable();
            raw.units.dedup();
            raw.core.retain(rare);
            raw.core.sort_unstable();
            raw.core.dedup();
            raw.bigrams.retain(|&f| vocab.df[f as usize] >= 2);
            raw.bigrams.sort_unstable();
            raw.bigrams.dedup();
            raw
        })
        .collect();
    let docs = raws
        .into_iter()
        .map(|raw| {
            let vocab = &vocab;
            let features: Vec<(u32, f32)> = raw
                .features
                .into_iter()
                .map(|(f, mult)| {
                    let df = vocab.df[f as usize] as f32;
                    let mut idf = ((n + 1.0) / (df + 1.0)).ln().max(0.0);
                    if df <= 1.0 {
                        // Words no other recommendation uses cannot match; they still count
                        // against a match, but less, since paraphrases add detail.
                        idf *= params.unique_weight;
                    }
                    (f, idf * mult)
                })
                .filter(|&(_, w)| w > 0.0)
                .collect();
            let norm = features.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            let words = raw.units;
            Doc {
                title_words: words.clone(),
                core: raw.core,
                bigrams: raw.bigrams,
                words,
                features,
                norm,
                polarity: raw.polarity,
                denied: raw.denied,
                stems: raw.stems,
                surface: raw.surface,
            }
        })
        .collect();
    (vocab, docs)
}

fn raw_features(analyzer: &Analyzer, vocab: &mut Vocabulary, text: &str, params: &Params) -> Raw {
    let tokens = analyzer.tokens(text);
    let mut features: HashMap<u32, f32> = HashMap::new();
    let mut surface: HashMap<u32, Vec<String>> = HashMap::new();
    let mut add = |vocab: &mut Vocabulary, kind: Kind, name: &str, mult: f32, word: &str| {
        let id = vocab.intern(kind, name);
        let w = features.entry(id).or_insert(0.0);
        *w = w.max(mult);
        let words = surface.entry(id).or_default();
        if !words.iter().any(|x| x == word) {
            words.push(word.to_owned());
        }
        id
    };
    let content: Vec<&Token> = tokens.iter().filter(|t| !t.stop).collect();
    let mut units = Vec::new();
    let mut core = Vec::new();
    let mut bigrams = Vec::new();
    for t in &content {
        let generic = analyzer.class(&t.key) == WordClass::Generic;
        let class_mult = match analyzer.class(&t.key) {
            WordClass::Content => 1.0,
            WordClass::Generic => params.generic_weight,
        } * if t.detail { params.detail_weight } else { 1.0 };
        if t.key.starts_with('=') {
            let id = add(vocab, Kind::Phrase, &t.key, 1.0, &t.surface);
            units.push(id);
            if !t.purpose {
                core.push(id);
            }
            continue;
        }
        let stem = add(vocab, Kind::Stem, &t.key, class_mult, &t.surface);
        let concept = analyzer.concept(&t.key).map(|concept| {
            add(
                vocab,
                Kind::Concept,
                concept,
                class_mult * params.concept_weight,
                &t.surface,
            )
        });
        if !generic {
            units.push(concept.unwrap_or(stem));
            if !t.purpose {
                core.push(concept.unwrap_or(stem));
            }
        }
    }
    for pair in content.windows(2) {
        if pair[0].clause != pair[1].clause {
            continue;
        }
        let generic = |t: &Token| analyzer.class(&t.key) == WordClass::Generic;
        if generic(pair[0]) || generic(pair[1]) {
            continue;
        }
        let name = format!("{} {}", pair[0].key, pair[1].key);
        let words = format!("{} {}", pair[0].surface, pair[1].surface);
        let mult = if pair[0].detail {
            params.detail_weight
        } else {
            1.0
        };
        bigrams.push(add(
            vocab,
            Kind::Bigram,
            &name,
            params.bigram_weight * mult,
            &words,
        ));
    }
    let mut features: Vec<(u32, f32)> = features.into_iter().collect();
    features.sort_by_key(|&(f, _)| f);
    let mut surface: Vec<(u32, String)> = surface
        .into_iter()
        .map(|(f, words)| (f, words.join("/")))
        .collect();
    surface.sort();
    let mut stems: Vec<String> = content
        .iter()
        .filter(|t| !t.purpose && !t.key.starts_with('='))
        .map(|t| t.key.clone())
        .collect();
    stems.sort();
    stems.dedup();
    Raw {
        features,
        units,
        core,
        bigrams,
        surface,
        polarity: polarity(&tokens),
        denied: denied(&tokens),
        stems,
    }
}

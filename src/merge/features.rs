//! Features of a recommendation and their weights over the meeting.
//!
//! A recommendation becomes a sparse vector of features: the stems of its content words,
//! the built-in concepts those words belong to, the project phrase groups, and bigrams of
//! adjacent content stems. Each feature weighs by its rarity in *this* meeting (inverse
//! document frequency), so words every region uses ("migration", "ensure") weigh next to
//! nothing while the words that tell recommendations apart carry the score.

use std::collections::HashMap;

use super::Params;
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
    /// subsidise private schools"): what the wording asks *not* to happen. Sorted.
    pub denied: Vec<String>,
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
    denied: Vec<String>,
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
    // Positions on words most of the meeting uses ("migration") say nothing about what a
    // recommendation asks; only rarer words can carry opposing positions.
    let ubiquitous = |stem: &str| {
        vocab
            .ids
            .get(&(Kind::Stem, stem.to_owned()))
            .is_some_and(|&f| vocab.df[f as usize] as f32 > (n / 5.0).max(2.0))
    };
    let raws: Vec<Raw> = raws
        .into_iter()
        .map(|mut raw| {
            raw.polarity.retain(|(stem, _)| !ubiquitous(stem));
            raw.denied.retain(|stem| !ubiquitous(stem));
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

/// The stems of every clause whose main verb is negated: "X should not ...", "do not ...",
/// "never ...". A negation after a relative or subordinating word ("migrants *who* do not
/// have documents", "households *that* the grid will not reach") or in a purpose phrase
/// ("so residents cannot be removed") qualifies something else, and "not only" negates
/// nothing.
pub fn denied(tokens: &[Token]) -> Vec<String> {
    let mut clauses: Vec<u32> = Vec::new();
    let mut subordinate: Option<u32> = None;
    for (i, t) in tokens.iter().enumerate() {
        if subordinate == Some(t.clause) {
            continue;
        }
        if t.purpose || t.detail || subordinating(&t.surface) {
            subordinate = Some(t.clause);
            continue;
        }
        let at = |k: usize| tokens.get(k).filter(|p| p.clause == t.clause);
        let previous = i.checked_sub(1).and_then(at).map(|p| p.surface.as_str());
        let next = at(i + 1).map(|p| p.surface.as_str());
        let main = match t.surface.as_str() {
            "not" => {
                !matches!(next, Some("only" | "least"))
                    && matches!(
                        previous,
                        Some(
                            "do" | "does"
                                | "should"
                                | "must"
                                | "shall"
                                | "will"
                                | "would"
                                | "can"
                                | "could"
                                | "may"
                                | "need"
                        )
                    )
            }
            "cannot" | "never" => true,
            _ => false,
        };
        if main {
            clauses.push(t.clause);
        }
    }
    let mut out: Vec<String> = tokens
        .iter()
        .filter(|t| !t.stop && !t.key.starts_with('=') && clauses.contains(&t.clause))
        .map(|t| t.key.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn subordinating(word: &str) -> bool {
    matches!(
        word,
        "who"
            | "which"
            | "that"
            | "whose"
            | "where"
            | "whom"
            | "when"
            | "if"
            | "unless"
            | "because"
            | "since"
            | "so"
            | "until"
            | "while"
            | "although"
            | "whether"
    )
}

/// Which content stems the wording argues for or against.
///
/// A direction cue ("expand", "increase", "retain" / "reduce", "phase out", "end") gives the
/// next few content words of its clause a sign ("mandatory" gives it to the words before);
/// "alternatives to", "instead of", "not" and "outside" flip it.
/// "expand alternatives to immigration detention" is thus *against* detention while
/// "expand immigration detention capacity" is *for* it. A stem with both signs in one
/// wording is left out: it is no clear position.
pub fn polarity(tokens: &[Token]) -> Vec<(String, i8)> {
    const WINDOW: usize = 3;
    let mut signs: HashMap<String, i8> = HashMap::new();
    let mut mixed: Vec<String> = Vec::new();
    let mut sign: i8 = 0;
    let mut left = 0usize;
    let mut clause = u32::MAX;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.clause != clause {
            clause = t.clause;
            sign = 0;
            left = 0;
        }
        let next = tokens.get(i + 1).map(|t| t.surface.as_str());
        let flip = match t.surface.as_str() {
            "alternative" | "alternatives" => next == Some("to"),
            "instead" => next == Some("of"),
            "rather" => next == Some("than"),
            "not" | "never" | "outside" => true,
            _ => false,
        };
        if flip {
            sign = if sign == 0 { -1 } else { -sign };
            left = WINDOW;
            i += if matches!(t.surface.as_str(), "not" | "never" | "outside") {
                1
            } else {
                2
            };
            continue;
        }
        // "make relocation mandatory": the cue follows what it applies to.
        if matches!(
            t.surface.as_str(),
            "mandatory" | "compulsory" | "obligatory"
        ) {
            let before = tokens[..i]
                .iter()
                .rev()
                .take_while(|p| p.clause == t.clause)
                .filter(|p| !p.stop)
                .take(2);
            for p in before {
                match signs.get(&p.key) {
                    Some(&s) if s != 1 => mixed.push(p.key.clone()),
                    _ => {
                        signs.insert(p.key.clone(), 1);
                    }
                }
            }
            i += 1;
            continue;
        }
        let cue = cue(&t.surface, next);
        if cue != 0 {
            sign = cue;
            left = WINDOW;
            i += if matches!(t.surface.as_str(), "phase" | "scale" | "rule") {
                2
            } else {
                1
            };
            continue;
        }
        // "end open defecation in rural villages": the cue's object ends where a phrase of
        // place, time or means begins; what follows is setting, not what is argued over.
        if matches!(
            t.surface.as_str(),
            "in" | "at"
                | "across"
                | "among"
                | "within"
                | "throughout"
                | "by"
                | "through"
                | "using"
                | "via"
                | "during"
                | "under"
                | "where"
                | "when"
                | "while"
        ) {
            left = 0;
        }
        if !t.stop && sign != 0 && left > 0 {
            let key = t.key.clone();
            match signs.get(&key) {
                Some(&s) if s != sign => mixed.push(key),
                _ => {
                    signs.insert(key, sign);
                }
            }
            left -= 1;
        }
        i += 1;
    }
    for key in mixed {
        signs.remove(&key);
    }
    let mut out: Vec<(String, i8)> = signs.into_iter().collect();
    out.sort();
    out
}

/// +1 for a word asking for more of what follows, -1 for less, 0 for neither.
fn cue(word: &str, next: Option<&str>) -> i8 {
    match word {
        "expand" | "expanding" | "increase" | "increasing" | "raise" | "raising" | "extend"
        | "extending" | "enlarge" | "boost" | "tighten" | "enforce" | "enforcing" | "intensify"
        | "grow" | "strengthen" | "strengthening" | "more" | "retain" | "retaining" | "keep"
        | "keeping" | "maintain" | "maintaining" | "preserve" | "preserving" | "require"
        | "requiring" => 1,
        "scale" => {
            if next == Some("down") {
                -1
            } else {
                i8::from(next == Some("up"))
            }
        }
        "reduce" | "reducing" | "decrease" | "limit" | "limiting" | "restrict" | "restricting"
        | "end" | "ending" | "abolish" | "abolishing" | "eliminate" | "ban" | "curb" | "cut"
        | "minimise" | "minimize" | "avoid" | "stop" | "halt" | "against" | "oppose" | "relax"
        | "relaxing" | "loosen" | "weaken" | "lower" | "lowering" | "fewer" | "less"
        | "prohibit" | "remove" | "removing" | "combat" | "combating" | "combatting" | "fight"
        | "tackle" | "counter" | "prevent" | "preventing" => -1,
        "phase" | "rule" => -i8::from(next == Some("out")),
        "allow" | "allowing" | "permit" | "permitting" | "legalise" | "legalize" => 1,
        "reject" | "rejecting" | "forbid" | "forbidding" | "exclude" | "excluding" | "refrain"
        | "discourage" | "discouraging" | "deter" | "deterring" => -1,
        _ => 0,
    }
}

/// Two wordings take opposite positions on a stem both of them carry: the stems they
/// disagree on (empty when they do not).
pub fn opposed(a: &Doc, b: &Doc) -> Vec<String> {
    let mut out = Vec::new();
    for (stem, sa) in &a.polarity {
        if let Ok(j) = b.polarity.binary_search_by(|(s, _)| s.as_str().cmp(stem))
            && b.polarity[j].1 != *sa
        {
            out.push(stem.clone());
        }
    }
    if out.is_empty() {
        out = denial(a, b);
    }
    if out.is_empty() {
        out = denial(b, a);
    }
    out
}

/// `a` asks that something not happen and `b`, which denies nothing, asks for it: two or
/// more of the stems `a` denies are in `b`'s main ask, and `b` argues against none of them.
fn denial(a: &Doc, b: &Doc) -> Vec<String> {
    if a.denied.is_empty() || !b.denied.is_empty() {
        return Vec::new();
    }
    let against = |stem: &str| {
        b.polarity
            .binary_search_by(|(s, _)| s.as_str().cmp(stem))
            .is_ok_and(|j| b.polarity[j].1 < 0)
    };
    let shared: Vec<String> = a
        .denied
        .iter()
        .filter(|s| b.stems.binary_search(s).is_ok())
        .cloned()
        .collect();
    if shared.len() >= 2 && !shared.iter().any(|s| against(s)) {
        shared
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        let a = Analyzer::new(&[]);
        let (_, mut docs) = analyse(&a, &[text], &Params::default());
        docs.remove(0)
    }

    #[test]
    fn a_negated_main_verb_opposes_asking_for_the_same() {
        let against = doc("Public money should not subsidise private clinics");
        let vouchers = doc("Channel public money to private clinics through vouchers");
        assert!(!opposed(&against, &vouchers).is_empty());
        // Both against: "end" argues against what the negation denies.
        let never = doc("Do not detain children for immigration reasons");
        let end = doc("End the immigration detention of children");
        assert!(opposed(&never, &end).is_empty());
        // A negation in a relative clause or a purpose phrase is not the main ask.
        let who = doc("Ensure that migrants who do not have documents can see a doctor");
        let plain = doc("Let migrants without documents see a doctor");
        assert!(opposed(&who, &plain).is_empty());
        let purpose = doc("Register land rights so that residents cannot be evicted");
        let register = doc("Register the land rights of residents");
        assert!(opposed(&purpose, &register).is_empty());
    }

    #[test]
    fn outside_argues_against_what_follows() {
        let home =
            doc("Let patients receive long-term care at home, outside psychiatric hospitals");
        let keep = doc("Keep psychiatric hospitals as the main form of long-term care");
        assert!(!opposed(&home, &keep).is_empty());
    }

    #[test]
    fn a_phrase_of_place_or_means_is_outside_the_cue() {
        // "in rural villages" says where open defecation should end, not that rural areas
        // should shrink: no opposition to scaling up rural sanitation.
        let end = doc("End open defecation in rural villages through community campaigns");
        let scale = doc("Scale up rural sanitation programmes");
        assert!(opposed(&end, &scale).is_empty());
        // Within the object itself the cue still applies.
        let grow = doc("Expand open defecation monitoring");
        assert!(!opposed(&end, &grow).is_empty());
    }

    #[test]
    fn keeping_or_requiring_something_opposes_ending_it() {
        let keep = doc("Retain rent controls in capital cities");
        let end = doc("Abolish rent controls to attract investment");
        assert!(!opposed(&keep, &end).is_empty());
        // "mandatory" signs the words before it.
        let must = doc("Make school attendance compulsory until the age of eighteen");
        let less = doc("Reduce school attendance requirements for working teenagers");
        let o = opposed(&must, &less);
        assert!(o.contains(&"attend".to_owned()), "{o:?}");
        // Two wordings that both keep it agree.
        let also = doc("Maintain rent controls for existing tenants");
        assert!(opposed(&keep, &also).is_empty());
    }

    #[test]
    fn alternatives_to_detention_oppose_more_detention() {
        let a = doc("Expand alternatives to immigration detention");
        let b = doc("Expand immigration detention capacity");
        let o = opposed(&a, &b);
        assert!(o.contains(&"detent".to_owned()), "{o:?}");
    }

    #[test]
    fn same_direction_is_not_opposed() {
        let a = doc("Phase out fossil fuel subsidies");
        let b = doc("Reduce subsidies for fossil fuels");
        assert!(opposed(&a, &b).is_empty());
        let c = doc("Expand fuel subsidies for poor households");
        assert!(!opposed(&a, &c).is_empty());
    }

    #[test]
    fn cue_reaches_only_a_few_words() {
        let a = doc("Remove user fees so that primary health care is free");
        let b = doc("Expand universal health coverage");
        assert!(opposed(&a, &b).is_empty());
    }
}

//! Text analysis for the merge engine: normalisation, stemming, phrase (synonym and acronym)
//! replacement and word classes. The built-in word lists it draws on live in `lexicon`.
//!
//! Everything here is about *one* recommendation's wording; how words weigh against the
//! rest of the meeting is `features`' job.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::lexicon::{CONCEPTS, GENERIC, STOP, UNSTEMMED};

/// One analysed word of a recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The stem ("protect" for "protection"), or `=N` for project phrase group N.
    pub key: String,
    /// The words as written (lower-case), for explanations.
    pub surface: String,
    /// A stop word: kept for phrase matching and polarity, never a feature.
    pub stop: bool,
    /// Position of the clause the token is in; polarity cues do not cross clauses.
    pub clause: u32,
    /// In an example or purpose phrase ("including ...", "such as ...", "so that ..."):
    /// detail, not the main ask.
    pub detail: bool,
    /// In a purpose phrase ("so that ...", "in order to ..."): the goal the ask serves,
    /// not the ask itself.
    pub purpose: bool,
}

/// Splits lower-cased text into words: letters and digits; hyphens, apostrophes and all
/// other punctuation separate words ("whole-of-government" is three words), and `;:.()`
/// also end a clause.
pub fn words(text: &str) -> Vec<(String, u32)> {
    words_cased(text)
        .into_iter()
        .map(|(w, _, clause)| (w, clause))
        .collect()
}

/// `words`, keeping each word as written too (acronyms match only in capitals, so that
/// the acronym "ADD" does not swallow the verb "add").
pub fn words_cased(text: &str) -> Vec<(String, String, u32)> {
    let mut out = Vec::new();
    let mut clause = 0;
    let mut current = String::new();
    let flush = |current: &mut String, clause: u32, out: &mut Vec<(String, String, u32)>| {
        if !current.is_empty() {
            let word = std::mem::take(current);
            out.push((word.to_lowercase(), word, clause));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        flush(&mut current, clause, &mut out);
        if matches!(c, ';' | ':' | '.' | '(' | ')' | '!' | '?') {
            clause += 1;
        }
    }
    flush(&mut current, clause, &mut out);
    out
}

/// A single word written with two or more capitals ("GCM", "RCPs"): an acronym.
fn acronym(phrase: &str) -> Option<String> {
    let trimmed = phrase.trim();
    let capitals = trimmed.chars().filter(char::is_ascii_uppercase).count();
    (capitals >= 2 && trimmed.chars().all(char::is_alphanumeric)).then(|| trimmed.to_owned())
}

/// The analyser: a stemmer plus the project's phrase groups.
pub struct Analyzer {
    stemmer: Stemmer,
    /// Phrase (as a stem sequence) -> group number and, for an acronym, its spelling;
    /// longest phrases first per first stem.
    phrases: HashMap<String, Vec<Phrase>>,
    /// Display name of each group (its first phrase).
    pub group_names: Vec<String>,
    /// Stem -> built-in concept.
    concepts: HashMap<String, &'static str>,
    /// Stem -> weight class.
    classes: HashMap<String, WordClass>,
}

struct Phrase {
    stems: Vec<String>,
    group: usize,
    acronym: Option<String>,
}

/// How much a word says about what a recommendation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// Ordinary content word.
    Content,
    /// A policy verb or filler noun that nearly every recommendation uses.
    Generic,
}

impl Analyzer {
    /// `groups`: lists of equivalent phrases (project synonyms and acronyms with their
    /// meanings). Groups that share a phrase are kept apart; the first one listed wins.
    pub fn new(groups: &[Vec<String>]) -> Analyzer {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut analyzer = Analyzer {
            stemmer,
            phrases: HashMap::new(),
            group_names: Vec::new(),
            concepts: HashMap::new(),
            classes: HashMap::new(),
        };
        for (name, members) in CONCEPTS {
            for word in *members {
                let stem = analyzer.stem(word);
                analyzer.concepts.entry(stem).or_insert(name);
            }
        }
        for word in GENERIC {
            let stem = analyzer.stem(word);
            analyzer.classes.insert(stem, WordClass::Generic);
        }
        // Groups that share a phrase are one group ("GCM" in the acronyms and in a ledger
        // synonym list): union-find over group numbers, smallest number as the root.
        let mut parent: Vec<usize> = (0..groups.len()).collect();
        fn root(parent: &mut [usize], mut g: usize) -> usize {
            while parent[g] != g {
                parent[g] = parent[parent[g]];
                g = parent[g];
            }
            g
        }
        for group in groups {
            let number = analyzer.group_names.len();
            let mut used = false;
            for phrase in group {
                let stems: Vec<String> = words(phrase)
                    .into_iter()
                    .map(|(w, _)| analyzer.stem(&w))
                    .collect();
                let Some(first) = stems.first().cloned() else {
                    continue;
                };
                let list = analyzer.phrases.entry(first).or_default();
                if let Some(existing) = list.iter().find(|p| p.stems == stems) {
                    let (a, b) = (root(&mut parent, existing.group), root(&mut parent, number));
                    parent[a.max(b)] = a.min(b);
                    continue;
                }
                list.push(Phrase {
                    stems,
                    group: number,
                    acronym: acronym(phrase),
                });
                used = true;
            }
            if used {
                analyzer
                    .group_names
                    .push(group.first().cloned().unwrap_or_default());
            } else {
                analyzer.group_names.push(String::new());
            }
        }
        for list in analyzer.phrases.values_mut() {
            for p in list.iter_mut() {
                p.group = root(&mut parent, p.group);
            }
            // Longest first, so "global compact for migration" beats "global compact".
            list.sort_by(|a, b| (b.stems.len().cmp(&a.stems.len())).then(a.group.cmp(&b.group)));
        }
        analyzer
    }

    pub fn stem(&self, word: &str) -> String {
        // The stemmer conflates a few words of different meaning ("informal" and
        // "information" both become "inform"); keep those whole.
        if UNSTEMMED.contains(&word) {
            return word.to_owned();
        }
        self.stemmer.stem(word).into_owned()
    }

    pub fn concept(&self, key: &str) -> Option<&'static str> {
        self.concepts.get(key).copied()
    }

    pub fn class(&self, key: &str) -> WordClass {
        self.classes.get(key).copied().unwrap_or(WordClass::Content)
    }

    /// Analyses a recommendation's wording into tokens, replacing project phrases by their
    /// group so that "GCM" and "global compact for migration" become the same token.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let cased = words_cased(text);
        let raw: Vec<(String, u32)> = cased.iter().map(|(w, _, c)| (w.clone(), *c)).collect();
        // An acronym's plural ("RCPs") stems to the acronym itself.
        let stems: Vec<String> = cased
            .iter()
            .map(|(w, orig, _)| match orig.strip_suffix('s') {
                Some(a) if acronym(a).is_some() && a.chars().all(|c| !c.is_lowercase()) => {
                    self.stem(&a.to_lowercase())
                }
                _ => self.stem(w),
            })
            .collect();
        let mut out = Vec::with_capacity(raw.len());
        let mut detail_clause = None;
        let mut purpose_clause = None;
        let mut i = 0;
        while i < raw.len() {
            let next = raw.get(i + 1).map(|(w, _)| w.as_str());
            let starts_detail = match raw[i].0.as_str() {
                "including" | "especially" | "particularly" | "notably" | "eg" => true,
                "such" => next == Some("as"),
                "so" => next == Some("that"),
                "in" => next == Some("order"),
                _ => false,
            };
            if starts_detail {
                detail_clause = Some(raw[i].1);
                if matches!(raw[i].0.as_str(), "so" | "in") {
                    purpose_clause = Some(raw[i].1);
                }
            }
            let detail = detail_clause == Some(raw[i].1);
            let purpose = purpose_clause == Some(raw[i].1);
            let matched = self.phrases.get(&stems[i]).and_then(|list| {
                list.iter().find(|p| {
                    let n = p.stems.len();
                    let spelt = match &p.acronym {
                        Some(a) => cased[i].1 == *a || cased[i].1 == format!("{a}s"),
                        None => true,
                    };
                    spelt && stems.len() >= i + n && stems[i..i + n] == p.stems[..]
                })
            });
            if let Some(Phrase {
                stems: phrase,
                group,
                ..
            }) = matched
            {
                let surface = raw[i..i + phrase.len()]
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(Token {
                    key: format!("={group}"),
                    surface,
                    stop: false,
                    clause: raw[i].1,
                    detail,
                    purpose,
                });
                i += phrase.len();
                continue;
            }
            let (word, clause) = &raw[i];
            let stop = is_stop(word) || word.chars().all(|c| c.is_ascii_digit()) && word.len() < 4;
            out.push(Token {
                key: stems[i].clone(),
                surface: word.clone(),
                stop,
                clause: *clause,
                detail,
                purpose,
            });
            i += 1;
        }
        out
    }
}

/// Function words and filler that never decide what a recommendation is about.
fn is_stop(word: &str) -> bool {
    STOP.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_hyphens_and_apostrophes() {
        let w: Vec<String> = words("Whole-of-government; migrants' rights")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(w, ["whole", "of", "government", "migrants", "rights"]);
        assert_eq!(words("a; b")[1].1, 1);
    }

    #[test]
    fn project_phrases_become_one_token() {
        let a = Analyzer::new(&[vec![
            "GCM".to_owned(),
            "global compact for migration".to_owned(),
        ]]);
        let long = a.tokens("Implement the Global Compact for Migration now");
        let short = a.tokens("implement the GCM now");
        let keys = |t: &[Token]| t.iter().map(|t| t.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&long), keys(&short));
        assert!(keys(&long).contains(&"=0".to_owned()));
    }

    #[test]
    fn groups_sharing_a_phrase_are_one_group() {
        let a = Analyzer::new(&[
            vec!["RCP".to_owned(), "regional consultative process".to_owned()],
            vec!["ISCM".to_owned(), "RCP".to_owned()],
        ]);
        let key = |t: &str| a.tokens(t)[0].key.clone();
        assert_eq!(key("ISCM"), key("regional consultative processes"));
        // Acronyms match only as written.
        assert_ne!(key("iscm work"), key("ISCM work"));
    }

    #[test]
    fn lexicon_maps_synonyms_to_one_concept() {
        let a = Analyzer::new(&[]);
        let c = |w: &str| a.concept(&a.stem(w));
        assert_eq!(c("racism"), c("xenophobia"));
        assert_eq!(c("uphold"), c("safeguard"));
        assert_ne!(c("racism"), c("uphold"));
        assert_eq!(c("migration"), None);
    }
}

//! Positions: which words a recommendation argues for or against, and when two
//! recommendations on one subject take opposite positions (they then never merge).
//!
//! "Expand alternatives to immigration detention" and "expand immigration detention
//! capacity" share their words but not their position; so do "public funds should not be
//! used to subsidise private schools" and "channel public funds to private schools".

use std::collections::HashMap;

use super::features::Doc;
use super::text::Token;
use words::{
    cue, flip, heads_compound, negated_quality, opens_setting, passive, refusal, subordinating,
};

mod words;

/// The stems of every clause whose main verb is negated: "X should not ...", "should no
/// longer ...", "do not ...", "never ...", "no central register", each marked when it
/// follows the negation (what is denied, rather than whom it concerns). A negation after a
/// relative or subordinating word ("migrants *who* do not have documents", "households
/// *that* the grid will not reach", "food they can no longer sell") or in a purpose phrase
/// ("so residents cannot be removed") qualifies something else, "not only" negates
/// nothing, and in "no child should ..." every word is whom it concerns. Sorted by stem.
pub fn denied(tokens: &[Token]) -> Vec<(String, bool)> {
    // (clause, position of its negation; past the end when every word is whom it concerns)
    let mut negations: Vec<(u32, usize)> = Vec::new();
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
            // "public money should no longer be used to build ..." denies as "not" does.
            "not" | "no" if t.surface == "not" || next == Some("longer") => {
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
            // A clause with no verb that opens with "no" denies what it names: "no
            // central register of fingerprints". "No licence without consent" only
            // sets a condition, and "no child should ..." states a right.
            "no" => opens_clause(tokens, i) && headline(tokens, t.clause),
            _ => false,
        };
        // "agents should never have to re-enter the same data" spares them a burden; it
        // denies nothing the other wording asks for.
        let burden = next == Some("have") && at(i + 2).is_some_and(|p| p.surface == "to");
        // "pass on food they can no longer sell": a pronoun after the clause's first word
        // opens a relative clause that has no "that".
        let relative = i >= 3
            && at(i - 2).is_some_and(|p| {
                matches!(
                    p.surface.as_str(),
                    "they" | "we" | "it" | "he" | "she" | "you"
                )
            })
            && at(i - 3).is_some();
        // "donors must never be refused insurance" asks for the insurance, and "victims
        // should not be punished" shields them: denying a refusal or a penalty refuses
        // nothing another wording asks for.
        let lifts = main
            && tokens[i + 1..]
                .iter()
                .take_while(|p| p.clause == t.clause)
                .find(|p| {
                    !matches!(p.surface.as_str(), "be" | "been" | "being")
                        && !p.surface.ends_with("ly")
                })
                .is_some_and(|p| passive(&p.surface) < 0 || refusal(&p.surface));
        if main && !burden && !relative && !lifts {
            negations.push((t.clause, i));
        } else if t.surface == "no" && opens_clause(tokens, i) {
            // "No person should face punishment for ...": a right stated as a negation.
            // It denies nothing another wording asks for (all its words are whom it
            // concerns), but it is no plain request either.
            negations.push((t.clause, usize::MAX));
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(&(_, at)) = negations.iter().find(|(c, _)| *c == t.clause) else {
            continue;
        };
        if !t.stop && !t.key.starts_with('=') {
            out.push((t.key.clone(), i > at));
        }
    }
    // A stem both before and after the negation counts as denied.
    out.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    out.dedup_by(|x, y| x.0 == y.0);
    out
}

/// The token is the first of its clause.
fn opens_clause(tokens: &[Token], i: usize) -> bool {
    i == 0 || tokens[i - 1].clause != tokens[i].clause
}

/// The clause names what it asks for with neither a modal verb ("no child should ...")
/// nor a condition ("no permit without ...", "no rollout before ...").
fn headline(tokens: &[Token], clause: u32) -> bool {
    !tokens.iter().any(|t| {
        t.clause == clause
            && matches!(
                t.surface.as_str(),
                "should"
                    | "must"
                    | "shall"
                    | "will"
                    | "can"
                    | "may"
                    | "need"
                    | "without"
                    | "unless"
                    | "until"
                    | "before"
                    | "except"
                    | "prior"
            )
    })
}

/// Which content stems the wording argues for or against.
///
/// A direction cue ("expand", "increase", "retain" / "reduce", "phase out", "end") gives the
/// next few content words of its clause a sign ("mandatory", and a participle after "be" as
/// in "logging should be prohibited", give it to the words before, or to what follows
/// "from": "be banned from building seawalls");
/// "alternatives to", "instead of", "not" and "outside" flip it, and a cue that is another
/// cue's object composes with it ("refrain from introducing", "end the ban on", "no caps
/// on", "keep attendance voluntary").
/// "expand alternatives to immigration detention" is thus *against* detention while
/// "expand immigration detention capacity" is *for* it. A clause with no cue of its own
/// argues for what it asks before "rather than" or "instead of" ("adopt a single law rather
/// than sectoral rules"). A reason ("because ...", "since ...") takes no position. A stem
/// with both signs in one wording is left out: it is no clear position.
pub fn polarity(tokens: &[Token]) -> Vec<(String, i8)> {
    const WINDOW: usize = 3;
    let mut signs = Signs::default();
    let mut sign: i8 = 0;
    let mut left = 0usize;
    // The last cue has signed no word yet, so a cue now is its object: "refrain from
    // introducing", "do not expand", "end the ban on" compose rather than replace.
    let mut governs = false;
    let mut signed_since = 0usize;
    // Where the last cue's object begins, and the last word it signed.
    let mut object = 0usize;
    let mut last_signed: Option<usize> = None;
    let mut clause = u32::MAX;
    let mut signed_in_clause = false;
    let mut reason = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.clause != clause {
            clause = t.clause;
            signed_in_clause = false;
            sign = 0;
            left = 0;
            governs = false;
            reason = false;
        }
        // "because people will not restore land they may lose" gives a reason for the
        // ask; it takes no position of its own.
        reason = reason || matches!(t.surface.as_str(), "because" | "since");
        if reason {
            i += 1;
            continue;
        }
        if matches!(t.surface.as_str(), "and" | "or") {
            governs = false;
        }
        let next = tokens.get(i + 1).map(|t| t.surface.as_str());
        // "approve no new coal plants": "no" opening a cue's object flips it.
        let denies_object = t.surface == "no" && governs && signed_since == 0 && i == object;
        let flips = flip(&t.surface, next)
            .or_else(|| denies_cue(tokens, i))
            .or_else(|| denies_object.then_some(1));
        // "so that residents are not forced to travel" states the goal negatively; a
        // negation in a purpose phrase only flips a cue, one in reach or one that follows
        // ("so that ships do not introduce pests").
        let goal_negated = t.purpose && (sign == 0 || left == 0);
        if let (Some(width), true) = (flips, goal_negated) {
            sign = -1;
            left = 0;
            governs = true;
            signed_since = 0;
            i += width;
            continue;
        }
        if let Some(width) = flips {
            if matches!(t.surface.as_str(), "rather" | "instead") {
                let asked: Vec<&Token> = tokens[..i]
                    .iter()
                    .filter(|p| p.clause == t.clause && !p.stop)
                    .collect();
                // "adopt a single law rather than sectoral rules": a clause that names no
                // direction of its own argues for what it asks before the contrast.
                if sign == 0 && !signed_in_clause {
                    for p in asked.iter().take(CONTRASTED) {
                        signs.mark(&p.key, 1);
                    }
                }
                // "employ moderators who know our languages instead of relying on
                // moderators based abroad": a stem on both sides of a contrast is what the
                // two sides share, not what the clause argues over.
                let shared = tokens[i + width..]
                    .iter()
                    .take_while(|p| p.clause == t.clause)
                    .filter(|p| !p.stop && asked.iter().any(|a| a.key == p.key));
                for p in shared {
                    signs.drop(&p.key);
                }
            }
            // "not" flips the cue it is in reach of; past that reach it negates afresh.
            let fresh = sign == 0 || left == 0 && matches!(t.surface.as_str(), "not" | "never");
            sign = if fresh { -1 } else { -sign };
            left = WINDOW;
            governs = true;
            signed_since = 0;
            object = i + width;
            i += width;
            continue;
        }
        if let Some(cue) = trailing_cue(tokens, i) {
            // "keep attendance voluntary": right after a cue's object, the state the cue
            // keeps it in is what it argues for, so the two signs compose.
            if sign != 0 && last_signed == Some(i.wrapping_sub(1)) {
                for p in tokens[object..i].iter().filter(|p| !p.stop) {
                    signs.restate(&p.key, sign * cue.sign);
                }
                i += cue.span;
                continue;
            }
            // "landowners should be prohibited from building seawalls" argues against
            // the seawalls, not the landowners: a passive followed by "from" acts on what
            // follows, as its active verb would.
            let passive = matches!(t.surface.as_str(), "be" | "is" | "are" | "been");
            let then = tokens
                .get(i + cue.span)
                .filter(|p| p.clause == t.clause)
                .map(|p| p.surface.as_str());
            if passive && then == Some("from") {
                sign = cue.sign;
                left = WINDOW;
                governs = true;
                signed_since = 0;
                object = i + cue.span + 1;
                i = object;
                continue;
            }
            let before: Vec<&Token> = tokens[..i]
                .iter()
                .rev()
                .take_while(|p| p.clause == t.clause && !subordinating(&p.surface))
                .filter(|p| !p.stop)
                .collect();
            let far = before.len().saturating_sub(cue.head).max(cue.reach);
            for p in before.iter().take(cue.reach).chain(before.iter().skip(far)) {
                signs.mark(&p.key, cue.sign);
                signed_in_clause = true;
            }
            i += cue.span;
            // "platforms should be obliged to verify each user's identity" argues for the
            // platforms' duty and for what it is, and "homes should continue to be heated
            // by gas" for the gas: an obligation, a permission or "continue" followed by
            // "to" also acts on what follows.
            let obliges = matches!(
                tokens[i - 1].surface.as_str(),
                "required" | "obliged" | "compelled" | "allowed" | "permitted"
            );
            let continues = matches!(t.surface.as_str(), "continue" | "continues");
            if (passive && obliges || continues) && then == Some("to") {
                sign = cue.sign;
                left = WINDOW;
                governs = true;
                signed_since = 0;
                object = i + 1;
                i = object;
            }
            continue;
        }
        // "exempt small firms from mandatory reporting" argues against the reporting, not
        // the firms: the sign starts after "from" ("open ... to": after "to").
        let past_object = acts_past_object(tokens, i);
        // "keep large trawlers out of coastal waters" argues against them.
        let out = tokens[i + 1..]
            .iter()
            .take(4)
            .any(|p| p.surface == "out" && p.clause == t.clause);
        // "discrimination against migrants": after a noun, "against" only says whom the
        // noun concerns.
        let after_noun = i > 0 && !tokens[i - 1].stop && tokens[i - 1].clause == t.clause;
        let cue = if let Some((_, sign)) = past_object {
            sign
        } else {
            match t.surface.as_str() {
                "keep" | "keeping" if out => -1,
                // "free of charge" says what it costs, not what to keep out.
                "free"
                    if tokens
                        .get(i + 2)
                        .is_some_and(|p| matches!(p.surface.as_str(), "charge" | "cost")) =>
                {
                    0
                }
                "against" if after_noun => 0,
                // "a one-stop shop" stops nothing.
                "stop" if i > 0 && matches!(tokens[i - 1].surface.as_str(), "one" | "non") => 0,
                // "end-of-life equipment" names a stage of its life, not an ask to end it;
                // "by end use" and "end users" name who or what comes last.
                "end"
                    if (next == Some("of")
                        && tokens.get(i + 2).is_some_and(|p| p.surface == "life"))
                        || matches!(next, Some("use" | "uses" | "user" | "users")) =>
                {
                    0
                }
                word => cue(word, next),
            }
        };
        if cue != 0 {
            // "avoid blanket import bans on goods", "remove trade barriers": a noun cue that
            // closes the object of the cue before it heads a compound whose first words are
            // its object too, so the two signs compose for them as for what follows.
            let compound = sign != 0
                && left > 0
                && heads_compound(&t.surface)
                && i > object
                && last_signed == Some(i - 1)
                && tokens[object..i]
                    .iter()
                    .all(|p| !p.stop && p.clause == t.clause);
            if compound {
                for p in &tokens[object..i] {
                    signs.restate(&p.key, sign * cue);
                }
            }
            sign = if (governs || compound) && sign != 0 {
                sign * cue
            } else {
                cue
            };
            left = WINDOW;
            governs = true;
            signed_since = 0;
            // The cue's object starts after it (after the preposition for "exempt ...
            // from"); two-word cues ("phase out", "subject to") skip their second word.
            let (start, next) = match past_object {
                Some((at, _)) => (at + 1, at + 1),
                None if matches!(
                    t.surface.as_str(),
                    "phase" | "phasing" | "scale" | "rule" | "hold" | "free" | "subject"
                ) =>
                {
                    (i + 1, i + 2)
                }
                None => (i + 1, i + 1),
            };
            object = start;
            i = next;
            continue;
        }
        // "end open defecation in rural villages": the cue's object ends where a phrase of
        // place, time, means or source begins; what follows is setting, not what is argued over.
        // Right after the cue it is the cue's own object or preposition: "stop using public
        // funds", "invest in fencing".
        if opens_setting(&t.surface) && !(governs && signed_since == 0 && i == object) {
            left = 0;
        }
        if !t.stop && sign != 0 && left > 0 {
            signed_since += 1;
            governs = governs && signed_since <= 1;
            signs.mark(&t.key, sign);
            signed_in_clause = true;
            last_signed = Some(i);
            left -= 1;
            if negated_quality(&t.surface) {
                left = 0;
            }
        }
        i += 1;
    }
    signs.into_sorted()
}

/// Signs given to stems; a stem given both signs is no clear position and is dropped.
#[derive(Default)]
struct Signs {
    signs: HashMap<String, i8>,
    mixed: Vec<String>,
}

impl Signs {
    fn mark(&mut self, key: &str, sign: i8) {
        match self.signs.get(key) {
            Some(&had) if had != sign => self.mixed.push(key.to_owned()),
            _ => {
                self.signs.insert(key.to_owned(), sign);
            }
        }
    }

    /// Leaves a stem out whatever sign it is given.
    fn drop(&mut self, key: &str) {
        self.mixed.push(key.to_owned());
    }

    /// Replaces the sign a word was given: a later cue said what the earlier one meant.
    fn restate(&mut self, key: &str, sign: i8) {
        self.signs.insert(key.to_owned(), sign);
    }

    fn into_sorted(mut self) -> Vec<(String, i8)> {
        for key in &self.mixed {
            self.signs.remove(key);
        }
        let mut out: Vec<(String, i8)> = self.signs.into_iter().collect();
        out.sort();
        out
    }
}

/// "no" flips a direction word it qualifies ("no statutory caps on fees" argues for the
/// fees); before anything else ("no new plants", "no faster than") it is left alone,
/// being too common a word to take a position on its own, unless it opens a cue's object.
fn denies_cue(tokens: &[Token], i: usize) -> Option<usize> {
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|t| t.clause == tokens[i].clause)
            .map(|t| t.surface.as_str())
    };
    let qualifies = |k: usize| word(k).is_some_and(|w| cue(w, word(k + 1)) != 0);
    (tokens[i].surface == "no" && (qualifies(i + 1) || qualifies(i + 2))).then_some(1)
}

/// A cue that follows what it applies to: "make relocation mandatory", "make public finance
/// available", "the family home should be disregarded".
struct Trailing {
    sign: i8,
    /// Content words right before it that it reaches.
    reach: usize,
    /// Content words it also reaches at the start of its clause: the head of a passive's
    /// subject ("intellectual property protections for vaccines, tests and treatments
    /// should be maintained").
    head: usize,
    /// Words it spans.
    span: usize,
}

fn trailing_cue(tokens: &[Token], i: usize) -> Option<Trailing> {
    let next = tokens.get(i + 1).map(|t| t.surface.as_str());
    let adjective = |sign| {
        Some(Trailing {
            sign,
            reach: 2,
            head: 0,
            span: 1,
        })
    };
    // Before a noun ("voluntary industry codes", "mandatory reporting rules") the adjective
    // only describes it; it takes a position on what it follows only as a predicate.
    let attributive = tokens
        .get(i + 1)
        .is_some_and(|t| !t.stop && t.clause == tokens[i].clause);
    match tokens[i].surface.as_str() {
        w if trailing_sign(w) != 0 && !attributive => adjective(trailing_sign(w)),
        // "live export by sea should continue as a legitimate trade" and "official
        // inspections must remain a public function" argue for their subject, as "should be
        // maintained" does; after "remain", an adjective or participle gives its own sign.
        word @ ("continue" | "continues" | "remain" | "stay")
            if i > 0
                && matches!(tokens[i - 1].surface.as_str(), "should" | "must" | "shall")
                && (matches!(word, "continue" | "continues")
                    || next.is_some_and(|w| passive(w) == 0 && trailing_sign(w) == 0)) =>
        {
            Some(Trailing {
                sign: 1,
                reach: PASSIVE_SUBJECT,
                head: 2,
                span: 1,
            })
        }
        "be" | "is" | "are" | "been" | "remain" | "remains" => {
            // "be required", "be legally required": one adverb may come between.
            let adverb = usize::from(next.is_some_and(|w| w.ends_with("ly")));
            let p = passive(&tokens.get(i + 1 + adverb)?.surface);
            let negated = i > 0 && tokens[i - 1].surface == "not";
            (p != 0).then_some(Trailing {
                sign: if negated { -p } else { p },
                reach: PASSIVE_SUBJECT,
                head: 2,
                span: 2 + adverb,
            })
        }
        _ => None,
    }
}

/// The sign a predicate adjective gives its subject: "attendance should be voluntary".
fn trailing_sign(word: &str) -> i8 {
    match word {
        "mandatory" | "compulsory" | "obligatory" | "available" => 1,
        "voluntary" | "optional" => -1,
        _ => 0,
    }
}

/// A verb whose sign falls on what follows its preposition rather than on its object:
/// "exempt small firms from reporting" argues against the reporting, "open water supply to
/// private operators" for the operators. The preposition's position and the sign.
fn acts_past_object(tokens: &[Token], i: usize) -> Option<(usize, i8)> {
    const REACH: usize = 6;
    let (preposition, sign) = match tokens[i].surface.as_str() {
        "exempt" | "exempting" | "exempted" | "exemption" | "exemptions" => ("from", -1),
        "open" | "opening" => ("to", 1),
        _ => return None,
    };
    (i + 1..tokens.len().min(i + 1 + REACH))
        .take_while(|&k| tokens[k].clause == tokens[i].clause)
        .find(|&k| tokens[k].surface == preposition)
        .map(|k| (k, sign))
}

/// Content words at the start of a clause that a contrast ("rather than") argues for.
const CONTRASTED: usize = 3;

/// Content words before "should be <participle>" that the participle's sign reaches: the
/// subject of a passive recommendation ("all commercial logging ... should be prohibited").
const PASSIVE_SUBJECT: usize = 4;

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
/// more stems of `a`'s negated clause are in `b`'s main ask, at least one of them from
/// what `a` denies rather than from whom it concerns ("primary schools should not charge
/// fees" does not oppose "make primary schools free"), and `b` argues against nothing: two
/// refusals ("no sale of parkland", "prohibit converting parks to housing") agree.
fn denial(a: &Doc, b: &Doc) -> Vec<String> {
    if a.denied.is_empty() || !b.denied.is_empty() {
        return Vec::new();
    }
    let shared: Vec<&(String, bool)> = a
        .denied
        .iter()
        .filter(|(s, _)| b.stems.binary_search(s).is_ok())
        .collect();
    if shared.len() >= 2
        && shared.iter().any(|(_, after)| *after)
        && !b.polarity.iter().any(|(_, s)| *s < 0)
    {
        shared.into_iter().map(|(s, _)| s.clone()).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests;

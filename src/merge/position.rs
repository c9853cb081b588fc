//! Positions: which words a recommendation argues for or against, and when two
//! recommendations on one subject take opposite positions (they then never merge).
//!
//! "Expand alternatives to immigration detention" and "expand immigration detention
//! capacity" share their words but not their position; so do "public funds should not be
//! used to subsidise private schools" and "channel public funds to private schools".

use std::collections::HashMap;

use super::features::Doc;
use super::text::Token;

/// The stems of every clause whose main verb is negated: "X should not ...", "should no
/// longer ...", "do not ...", "never ...", each marked when it follows the negation (what
/// is denied, rather than whom it concerns). A negation after a relative or subordinating word ("migrants *who*
/// do not have documents", "households *that* the grid will not reach") or in a purpose
/// phrase ("so residents cannot be removed") qualifies something else, and "not only"
/// negates nothing. Sorted by stem.
pub fn denied(tokens: &[Token]) -> Vec<(String, bool)> {
    // (clause, position of its negation)
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
        if main {
            negations.push((t.clause, i));
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
/// next few content words of its clause a sign ("mandatory", and a participle after "be" as
/// in "logging should be prohibited", give it to the words before);
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
        if let Some(width) = flips {
            // "adopt a single law rather than sectoral rules": a clause that names no
            // direction of its own argues for what it asks before the contrast.
            if sign == 0 && !signed_in_clause && matches!(t.surface.as_str(), "rather" | "instead")
            {
                let asked = tokens[..i]
                    .iter()
                    .filter(|p| p.clause == t.clause && !p.stop);
                for p in asked.take(CONTRASTED) {
                    signs.mark(&p.key, 1);
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
                "against" if after_noun => 0,
                // "a one-stop shop" stops nothing.
                "stop" if i > 0 && matches!(tokens[i - 1].surface.as_str(), "one" | "non") => 0,
                word => cue(word, next),
            }
        };
        if cue != 0 {
            sign = if governs && sign != 0 {
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
                    "phase" | "scale" | "rule" | "hold" | "free" | "subject"
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
        // place, time or means begins; what follows is setting, not what is argued over.
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

/// A word that flips the sign of what follows ("not", "alternatives to", "instead of"),
/// with the number of words it spans.
fn flip(word: &str, next: Option<&str>) -> Option<usize> {
    match word {
        "alternative" | "alternatives" if next == Some("to") => Some(2),
        "instead" if next == Some("of") => Some(2),
        "rather" if next == Some("than") => Some(2),
        "not" | "never" | "outside" => Some(1),
        _ => None,
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
        "mandatory" | "compulsory" | "obligatory" | "available" if !attributive => adjective(1),
        "voluntary" | "optional" if !attributive => adjective(-1),
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

/// A word that opens a phrase of place, time or means.
fn opens_setting(word: &str) -> bool {
    matches!(
        word,
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
    )
}

/// Content words at the start of a clause that a contrast ("rather than") argues for.
const CONTRASTED: usize = 3;

/// Content words before "should be <participle>" that the participle's sign reaches: the
/// subject of a passive recommendation ("all commercial logging ... should be prohibited").
const PASSIVE_SUBJECT: usize = 4;

/// The sign of a past participle or predicate adjective after "be": "prohibited" and
/// "advisory" argue against its subject, "expanded" and "binding" for it; 0 for any other
/// word.
fn passive(word: &str) -> i8 {
    match word {
        "expanded" | "increased" | "extended" | "retained" | "kept" | "maintained"
        | "preserved" | "required" | "allowed" | "permitted" | "introduced" | "included"
        | "strengthened" | "enforced" | "built" | "scaled" | "created" | "established"
        | "binding" => 1,
        "advisory" => -1,
        "prohibited" | "banned" | "abolished" | "disregarded" | "excluded" | "removed"
        | "restricted" | "limited" | "reduced" | "ended" | "eliminated" | "phased" | "scrapped"
        | "repealed" | "rejected" | "forbidden" | "outlawed" | "halted" | "stopped"
        | "discontinued" | "withdrawn" | "criminalised" | "criminalized" | "penalised"
        | "penalized" | "suspended" => -1,
        _ => 0,
    }
}

/// +1 for a word asking for more of what follows, -1 for less, 0 for neither.
fn cue(word: &str, next: Option<&str>) -> i8 {
    match word {
        "expand" | "expanding" | "increase" | "increasing" | "raise" | "raising" | "extend"
        | "extending" | "enlarge" | "boost" | "tighten" | "enforce" | "enforcing" | "intensify"
        | "grow" | "strengthen" | "strengthening" | "retain" | "retaining" | "keep" | "keeping"
        | "maintain" | "maintaining" | "preserve" | "preserving" | "require" | "requiring" => 1,
        "scale" => {
            if next == Some("down") {
                -1
            } else {
                i8::from(next == Some("up"))
            }
        }
        "reduce" | "reducing" | "decrease" | "limit" | "limiting" | "restrict" | "restricting"
        | "end" | "ending" | "abolish" | "abolishing" | "eliminate" | "ban" | "bans" | "curb"
        | "cut" | "minimise" | "minimize" | "avoid" | "stop" | "halt" | "against" | "oppose"
        | "relax" | "relaxing" | "loosen" | "weaken" | "lowering" | "prohibit" | "remove"
        | "removing" | "combat" | "combating" | "combatting" | "fight" | "restriction"
        | "restrictions" | "barrier" | "barriers" | "obstacle" | "obstacles" | "limits"
        | "tackle" | "counter" | "prevent" | "preventing" | "criminalise" | "criminalize"
        | "criminalising" | "criminalizing" | "penalise" | "penalize" | "outlaw" | "suspend"
        | "suspending" => -1,
        "phase" | "rule" => -i8::from(next == Some("out")),
        // "less than three per cent", "no lower than the poverty line" bound a number; they
        // take no position.
        "more" => i8::from(next != Some("than")),
        "fewer" | "less" | "lower" => -i8::from(next != Some("than")),
        "allow" | "allowing" | "permit" | "permitting" | "legalise" | "legalize" | "introduce"
        | "introducing" | "implement" | "implementing" | "accelerate" | "invest" | "investing"
        | "approve" | "approving" | "approval" | "authorise" | "authorize" | "authorising" => 1,
        "hold" => -i8::from(next == Some("off")),
        "reject" | "rejecting" | "forbid" | "forbidding" | "exclude" | "excluding" | "refrain"
        | "discourage" | "discouraging" | "deter" | "deterring" | "refuse" | "refusing"
        | "postpone" | "postponing" | "repeal" | "repealing" | "scrap" | "scrapping" | "revoke"
        | "rescind" | "dismantle" | "disregard" | "waive" | "waiving" | "moratorium"
        | "moratoria" | "cap" | "caps" | "capping" => -1,
        // "keep parks free of commercial concessions"
        "free" => -i8::from(next == Some("of")),
        "build" | "building" | "construct" | "constructing" | "construction" | "include" => 1,
        // "promotion of co-processing in cement kilns", "enable citizens abroad to vote"; the
        // verb "promote" is left out, being too often a mere policy verb ("promote a positive
        // image", "promoting growth").
        "promotion" | "enable" | "enabling" => 1,
        // "should be subject to the same reporting rules"
        "subject" => i8::from(next == Some("to")),
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
mod tests {
    use super::*;
    use crate::merge::Params;
    use crate::merge::features::analyse;
    use crate::merge::text::Analyzer;

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
        // Shared words only in whom the negation concerns.
        let fees = doc("Primary schools should not charge fees");
        let free = doc("Make primary schools free for every child");
        assert!(opposed(&fees, &free).is_empty());
        let purpose = doc("Register land rights so that residents cannot be evicted");
        let register = doc("Register the land rights of residents");
        assert!(opposed(&purpose, &register).is_empty());
    }

    #[test]
    fn a_verbless_clause_opening_with_no_denies_what_it_names() {
        let central = "Fingerprints should be kept in one national register";
        assert!(opposes(
            "Store fingerprints on the card; no national register",
            central
        ));
        // A condition or a right is no refusal.
        assert!(!opposes(
            "No national register of fingerprints without a data protection law",
            central
        ));
        assert!(!opposes(
            "No child should be kept out of school for lack of fees",
            "Let every child attend school whatever the family can pay in fees"
        ));
        // Two refusals agree.
        assert!(!opposes(
            "No sale of green space for private housing",
            "Prohibit the conversion of parks to other uses, including private housing"
        ));
    }

    #[test]
    fn criminalising_or_suspending_argues_against() {
        all_oppose(&[
            (
                "Criminalise the private sale of firearms",
                "Allow the private sale of firearms at licensed fairs",
            ),
            (
                "Suspend new logging permits in primary forest",
                "Issue more logging permits to local firms",
            ),
        ]);
    }

    #[test]
    fn investing_in_something_opposes_stopping_it() {
        assert!(opposes(
            "Invest in sea walls along the most exposed coast",
            "Stop building any new concrete sea walls"
        ));
    }

    #[test]
    fn approving_argues_for_what_it_names_and_approving_none_against() {
        let moratorium = "Keep the moratorium on GM maize";
        assert!(opposes("Approve GM maize for planting", moratorium));
        assert!(!opposes(
            "Close old coal mines and approve no new ones",
            "Refuse permits for new coal mines"
        ));
    }

    #[test]
    fn a_reason_takes_no_position() {
        assert!(!opposes(
            "Grant tenants secure leases, because families will not improve housing they may lose",
            "Invest in housing improvements for tenants"
        ));
    }

    #[test]
    fn no_longer_after_a_modal_negates_like_not() {
        let stop = "Public subsidies should no longer go to coal-fired power stations";
        assert!(opposes(
            stop,
            "Provide public subsidies to coal-fired power stations"
        ));
        // Not after a modal it describes whom the ask concerns.
        assert!(!opposes(
            "Offer second-chance classes to children no longer in school",
            "Offer second-chance classes to children"
        ));
    }

    #[test]
    fn outside_argues_against_what_follows() {
        assert!(opposes(
            "Let patients receive long-term care at home, outside psychiatric hospitals",
            "Keep psychiatric hospitals as the main form of long-term care"
        ));
    }

    #[test]
    fn a_phrase_of_place_or_means_is_outside_the_cue() {
        // "in rural villages" says where open defecation should end, not that rural areas
        // should shrink: no opposition to scaling up rural sanitation.
        let end = "End open defecation in rural villages through community campaigns";
        assert!(!opposes(end, "Scale up rural sanitation programmes"));
        // Within the object itself the cue still applies.
        assert!(opposes(end, "Expand open defecation monitoring"));
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

    /// The two wordings take opposite positions.
    fn opposes(a: &str, b: &str) -> bool {
        !opposed(&doc(a), &doc(b)).is_empty()
    }

    fn all_oppose(pairs: &[(&str, &str)]) {
        for (a, b) in pairs {
            assert!(opposes(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn a_cue_on_a_cue_composes() {
        let pairs = [
            (
                "Introduce a ceiling on interest rates for microloans",
                "Refrain from introducing interest rate ceilings on microloans",
            ),
            (
                "Ban street vending in the historic centre",
                "End the ban on street vending",
            ),
            (
                "Hold off on adopting the global minimum tax until its impact is assessed",
                "Implement the global minimum tax at once",
            ),
            // One modifier between the cues still leaves the second the first one's object.
            (
                "Ban social media accounts for children under 16",
                "We oppose blanket bans on social media for children",
            ),
            // "using" right after a cue is its object, not a means.
            (
                "Stop using public funds to finance incineration plants",
                "Make public finance available for incineration plants",
            ),
        ];
        all_oppose(&pairs);
        // Two cues joined by "and" each govern what follows, they do not compose.
        assert!(!opposes(
            "Phase out fuel subsidies",
            "Reduce and eventually end fuel subsidies"
        ));
    }

    #[test]
    fn waivers_moratoria_caps_and_freedom_from_something_argue_against_it() {
        let pairs = [
            (
                "Waive patent rights on pandemic vaccines during emergencies",
                "Maintain patent rights on pandemic vaccines",
            ),
            (
                "Impose a moratorium on salvage logging in burned forests",
                "Permit salvage logging of fire-killed timber",
            ),
            (
                "Cap rent increases in capital cities",
                "Allow rent increases in capital cities",
            ),
            (
                "Keep public parks free of commercial concessions",
                "Permit commercial concessions in larger parks",
            ),
            // "no" flips the cue it qualifies.
            (
                "Introduce statutory caps on remittance fees",
                "No statutory caps on remittance fees; rely on competition",
            ),
        ];
        all_oppose(&pairs);
        // Before anything but a cue, "no" takes no position.
        assert!(!opposes(
            "Phase out coal plants by 2035 and approve no new coal plants",
            "Stop building new coal plants"
        ));
    }

    #[test]
    fn the_state_a_cue_keeps_something_in_composes_with_it() {
        all_oppose(&[(
            "Keep school attendance voluntary for children under six",
            "Make school attendance compulsory for children under six",
        )]);
        assert!(!opposes(
            "Keep school attendance voluntary for children under six",
            "Reduce school attendance requirements for young children"
        ));
    }

    #[test]
    fn a_passive_cue_signs_its_subject() {
        let pairs = [
            (
                "All commercial logging should be prohibited in buffer zones",
                "Permit regulated selective logging in buffer zones",
            ),
            (
                "The family home should be disregarded when assessing ability to pay",
                "Include the value of the family home in the means assessment",
            ),
            (
                "Messaging providers should be legally required to give access",
                "Reject any legal obligation on messaging providers to give access",
            ),
            // A long subject's head is reached too.
            (
                "Patent protections for pandemic vaccines, tests and treatments should be maintained",
                "Temporarily waive patent protections during declared emergencies",
            ),
            (
                "A national ombudsman for older persons should be established",
                "Reject a separate ombudsman for older persons",
            ),
        ];
        all_oppose(&pairs);
        assert!(!opposes(
            "Fuel subsidies should be phased out",
            "Phase out fuel subsidies"
        ));
        assert!(!opposes(
            "A flood recovery fund should be created",
            "Expand the flood recovery fund"
        ));
    }

    #[test]
    fn repealing_or_halting_opposes_keeping_or_building() {
        assert!(opposes(
            "Repeal legal provisions that bar women from night work",
            "Retain legal limits on night work by women"
        ));
        assert!(opposes(
            "Build waste incinerators to end open dumping",
            "Halt the construction of new waste incinerators"
        ));
    }

    #[test]
    fn wordings_that_agree_are_not_opposed() {
        let pairs = [
            // A bound on a number takes no position.
            (
                "Bring remittance costs down to less than three per cent",
                "Migrant families should lose no more than three cents of every dollar sent",
            ),
            // Keeping something out argues against it.
            (
                "Keep large trawlers out of the waters nearest the shore",
                "Prohibit industrial trawlers from entering a coastal zone",
            ),
            // Removing restrictions on something argues for it.
            (
                "Allow refugees to take up formal employment",
                "Remove restrictions on refugees' access to the formal labour market",
            ),
            // A "not" out of reach of an earlier cue negates afresh.
            (
                "Refuse timber shipments unless traced to plots that were not recently cleared",
                "Products must not originate from recently deforested land",
            ),
        ];
        for (a, b) in pairs {
            assert!(!opposes(a, b), "{a} / {b}");
        }
        let floor = doc("Set the minimum pension no lower than the national poverty line");
        assert!(floor.polarity.is_empty(), "{:?}", floor.polarity);
        assert!(opposes(
            "Allow large trawlers in the waters nearest the shore",
            "Keep large trawlers out of the waters nearest the shore"
        ));
    }

    #[test]
    fn an_exemption_argues_against_what_it_exempts_from() {
        let exempt = "Exempt small firms from mandatory sustainability reporting";
        all_oppose(&[
            (
                exempt,
                "Extend mandatory sustainability reporting to small firms",
            ),
            // "subject to" argues for what follows.
            (
                exempt,
                "Small firms should be subject to the same sustainability reporting rules as large companies",
            ),
        ]);
        // The firms themselves are not argued against.
        assert!(!opposes(exempt, "Expand credit for small firms"));
    }

    #[test]
    fn a_word_that_only_describes_a_noun_takes_no_position() {
        // "voluntary industry codes" says nothing against the regulators before it.
        assert!(!opposes(
            "Rely on sectoral regulators and voluntary industry codes",
            "Strengthen sectoral regulators"
        ));
        // "discrimination against migrants" says nothing against the migrants.
        let record = doc("Record discrimination against migrants in public services");
        assert!(record.polarity.is_empty(), "{:?}", record.polarity);
    }

    #[test]
    fn binding_opposes_advisory_and_promotion_opposes_prohibition() {
        all_oppose(&[
            (
                "The resulting referendum should be legally binding on parliament",
                "Referendum results should remain advisory",
            ),
            (
                "Promotion of co-processing of hazardous waste in cement kilns",
                "Co-processing of hazardous waste in cement kilns should be prohibited",
            ),
        ]);
    }

    #[test]
    fn a_contrast_argues_for_what_a_clause_asks_before_it() {
        assert!(opposes(
            "Adopt a single binding law on artificial intelligence rather than a patchwork of sectoral rules",
            "Rely on sectoral regulators and industry codes rather than creating a single law on artificial intelligence"
        ));
        assert!(!opposes(
            "Invest in community-based care rather than institutions",
            "Close institutions and expand community-based care"
        ));
    }

    #[test]
    fn enabling_opposes_withholding() {
        assert!(opposes(
            "Enable citizens living abroad to vote in national elections",
            "Voting should remain reserved for residents rather than extended to citizens abroad"
        ));
    }

    #[test]
    fn opening_something_to_someone_argues_for_them() {
        let open = "Open urban water supply to private operators through concession contracts";
        assert!(opposes(
            open,
            "Keep water utilities in public ownership and rule out concessions to private companies"
        ));
        assert!(!opposes(
            open,
            "Reduce water losses in urban supply networks"
        ));
    }

    #[test]
    fn a_one_stop_shop_stops_nothing() {
        assert!(!opposes(
            "Create a one-stop shop for business registration and permits",
            "Let a new business register through one office instead of visiting several agencies"
        ));
    }

    #[test]
    fn positions_count_on_words_up_to_a_third_of_the_meeting_uses() {
        let meeting = |mentions: &[&'static str]| {
            let fillers = [
                "Train more early childhood teachers",
                "Fund free meals in nurseries",
                "Publish inspection reports for every nursery",
                "Raise the pay of childminders",
                "Offer parenting classes in health centres",
                "Translate enrolment forms into minority languages",
                "Build playgrounds in poor neighbourhoods",
            ];
            let mut texts = vec![
                "Make school attendance compulsory for all children from age four",
                "Keep school attendance voluntary for young children",
            ];
            texts.extend(mentions);
            texts.extend(&fillers[..10 - texts.len()]);
            let (_, docs) = analyse(&Analyzer::new(&[]), &texts, &Params::default());
            !opposed(&docs[0], &docs[1]).is_empty()
        };
        // Three wordings of ten speak of school attendance: it is what these two disagree on.
        assert!(meeting(&[
            "Record school attendance in a national register"
        ]));
        // Half of them do: it is the meeting's subject, and takes no position.
        assert!(!meeting(&[
            "Record school attendance in a national register",
            "Reward school attendance with cash transfers",
            "Report school attendance to parents weekly",
        ]));
    }

    #[test]
    fn cue_reaches_only_a_few_words() {
        let a = doc("Remove user fees so that primary health care is free");
        let b = doc("Expand universal health coverage");
        assert!(opposed(&a, &b).is_empty());
    }
}

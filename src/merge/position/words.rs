//! The words that take or turn a position: direction cues, the participles and adjectives
//! that sign a passive's subject, the words that flip a sign, and the words that open a
//! subordinate clause or a phrase of place, time or means. `super` reads them in context.

/// A word that opens a relative or subordinate clause.
pub(super) fn subordinating(word: &str) -> bool {
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

/// A word that flips the sign of what follows ("not", "alternatives to", "instead of"),
/// with the number of words it spans.
pub(super) fn flip(word: &str, next: Option<&str>) -> Option<usize> {
    match word {
        "alternative" | "alternatives" if next == Some("to") => Some(2),
        "instead" if next == Some("of") => Some(2),
        "rather" if next == Some("than") => Some(2),
        // "a criminal offence, not only a sporting rule violation" negates nothing.
        "not" if matches!(next, Some("only" | "least")) => None,
        "not" | "never" | "outside" => Some(1),
        _ => None,
    }
}

/// A word that opens a phrase of place, time, means or source ("remove political pressure
/// from judicial appointments").
pub(super) fn opens_setting(word: &str) -> bool {
    matches!(
        word,
        "in" | "at"
            | "from"
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

/// The sign of a past participle or predicate adjective after "be": "prohibited" and
/// "advisory" argue against its subject, "expanded" and "binding" for it; 0 for any other
/// word.
pub(super) fn passive(word: &str) -> i8 {
    match word {
        "expanded" | "increased" | "extended" | "retained" | "kept" | "maintained"
        | "preserved" | "required" | "obliged" | "compelled" | "allowed" | "permitted"
        | "introduced" | "included" | "strengthened" | "enforced" | "built" | "scaled"
        | "created" | "established" | "binding" | "raised" => 1,
        "advisory" => -1,
        "prohibited" | "banned" | "abolished" | "disregarded" | "excluded" | "removed"
        | "restricted" | "limited" | "reduced" | "ended" | "eliminated" | "phased" | "scrapped"
        | "repealed" | "rejected" | "forbidden" | "outlawed" | "halted" | "stopped"
        | "discontinued" | "withdrawn" | "criminalised" | "criminalized" | "penalised"
        | "penalized" | "suspended" | "lowered" | "cut" => -1,
        _ => 0,
    }
}

/// +1 for a word asking for more of what follows, -1 for less, 0 for neither.
pub(super) fn cue(word: &str, next: Option<&str>) -> i8 {
    match word {
        "expand" | "expanding" | "increase" | "increasing" | "raise" | "raising" | "extend"
        | "extending" | "enlarge" | "boost" | "tighten" | "enforce" | "enforcing" | "intensify"
        | "grow" | "strengthen" | "strengthening" | "retain" | "retaining" | "keep" | "keeping"
        | "maintain" | "maintaining" | "preserve" | "preserving" | "require" | "requiring"
        | "oblige" | "obliging" | "compel" | "compelling" | "requirement" | "requirements"
        | "obligation" | "obligations" | "mandate" | "mandates" | "reinforce" | "reinforcing"
        | "bolster" | "widen" | "widening" | "broaden" | "broadening" => 1,
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
        | "relax" | "relaxing" | "loosen" | "weaken" | "lowering" | "prohibit" | "prohibiting"
        | "remove" | "removing" | "combat" | "combating" | "combatting" | "fight"
        | "restriction" | "restrictions" | "barrier" | "barriers" | "obstacle" | "obstacles"
        | "limits" | "tackle" | "counter" | "prevent" | "preventing" | "criminalise"
        | "criminalize" | "criminalising" | "criminalizing" | "penalise" | "penalize"
        | "outlaw" | "suspend" | "suspending" | "delete" | "deleting" | "erase" | "erasing" => -1,
        "phase" | "phasing" | "rule" => -i8::from(next == Some("out")),
        // "less than three per cent", "no lower than the poverty line" bound a number; they
        // take no position.
        // "more predictable prices" asks for a quality of the prices, not for more of them.
        "more" => i8::from(next.is_none_or(|w| w != "than" && !quality(w))),
        "fewer" | "less" | "lower" => -i8::from(next.is_none_or(|w| w != "than" && !quality(w))),
        "allow" | "allowing" | "permit" | "permitting" | "legalise" | "legalize" | "introduce"
        | "introducing" | "implement" | "implementing" | "accelerate" | "invest" | "investing"
        | "approve" | "approving" | "approval" | "authorise" | "authorize" | "authorising"
        | "grant" | "granting" => 1,
        "hold" => -i8::from(next == Some("off")),
        // "lift restrictions on pumping"; "lift families out of poverty" takes no position.
        "lift" | "lifting" => -i8::from(next.is_some_and(heads_compound)),
        "reject" | "rejecting" | "forbid" | "forbidding" | "exclude" | "excluding" | "refrain"
        | "discourage" | "discouraging" | "deter" | "deterring" | "refuse" | "refusing"
        | "decline" | "declining" | "postpone" | "postponing" | "repeal" | "repealing"
        | "scrap" | "scrapping" | "revoke" | "rescind" | "dismantle" | "disregard" | "waive"
        | "waiving" | "moratorium" | "moratoria" | "cap" | "caps" | "capping" => -1,
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

/// A noun cue that can head a compound whose first words are its object ("import bans",
/// "trade barriers"). Caps and limits are left out: they set a level, and "reduce speed
/// limits" argues against speed, not for it.
pub(super) fn heads_compound(word: &str) -> bool {
    matches!(
        word,
        "ban"
            | "bans"
            | "restriction"
            | "restrictions"
            | "barrier"
            | "barriers"
            | "obstacles"
            | "moratorium"
            | "moratoria"
    )
}

/// An adjective of quality that "more" or "less" can grade: "more predictable", "less
/// affordable".
fn quality(word: &str) -> bool {
    ["able", "ible"]
        .iter()
        .any(|end| word.len() > end.len() + 2 && word.ends_with(end))
}

/// A participle that refuses or penalises: "refused", "denied", "prosecuted", "punished".
pub(super) fn refusal(word: &str) -> bool {
    matches!(word, "refused" | "denied" | "prosecuted" | "punished")
}

/// "unpaid", "unsafe": a cue on "unpaid internships" argues over their pay, not for or
/// against internships.
pub(super) fn negated_quality(word: &str) -> bool {
    word.len() > 5
        && word.starts_with("un")
        && !["under", "uni", "unit", "unless", "until", "unemploy"]
            .iter()
            .any(|p| word.starts_with(p))
}

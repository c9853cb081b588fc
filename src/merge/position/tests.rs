//! Unit tests of positions: each case is a pair of wordings that must, or must not, take
//! opposite positions.

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
fn granting_argues_for_what_it_grants() {
    assert!(opposes(
        "Grant a one-off licence amnesty to unlicensed street vendors",
        "Rule out any licence amnesty for street vendors"
    ));
}

#[test]
fn what_should_continue_is_argued_for() {
    assert!(opposes(
        "Night trains to the coast should continue, with newer carriages",
        "Night trains to the coast should be discontinued"
    ));
}

#[test]
fn not_only_negates_nothing() {
    assert!(opposes(
        "Make wage theft by employers a criminal offence, not only a civil matter",
        "Wage theft by employers should not be made a criminal offence"
    ));
}

#[test]
fn obliging_someone_to_accept_something_opposes_leaving_them_free_to_decline_it() {
    assert!(opposes(
        "Oblige pharmacies to accept paper prescriptions",
        "Pharmacies should stay free to decline paper prescriptions once e-prescribing works"
    ));
}

#[test]
fn being_obliged_allowed_continuing_or_remaining_argues_for_it() {
    assert!(opposes(
        "Banks should be obliged to verify the real identity of every customer opening an account",
        "Reject mandatory real-name registration for account holders"
    ));
    assert!(opposes(
        "Towns should be allowed to levy a tourist tax",
        "Abolish the tourist tax"
    ));
    assert!(opposes(
        "Rural bus routes should remain in public hands",
        "Reduce rural bus routes"
    ));
    assert!(opposes(
        "The scheme should continue to subsidise diesel",
        "Stop subsidising diesel"
    ));
    // "end-of-life" names a stage, not an ask to end something.
    assert!(!opposes(
        "Shops that sell batteries should be obliged to take back used batteries",
        "Sellers should be required to accept end-of-life batteries at no cost"
    ));
}

#[test]
fn phasing_out_and_prohibiting_argue_against_what_they_name() {
    assert!(opposes(
        "Begin phasing out fossil fuel subsidies this decade",
        "Retain fossil fuel subsidies for households"
    ));
    assert!(opposes(
        "Parliament should pass a law prohibiting fracking",
        "Allow fracking under licence"
    ));
}

#[test]
fn abolishing_a_requirement_argues_against_what_it_required() {
    assert!(opposes(
        "Abolish any requirement for vendors to hold municipal permits",
        "Introduce municipal trading permits"
    ));
}

#[test]
fn lifting_a_restriction_argues_for_what_it_restricted() {
    assert!(opposes(
        "Lift restrictions on night flights at regional airports",
        "Ban night flights at regional airports"
    ));
}

#[test]
fn a_cue_before_a_compound_with_a_noun_cue_composes_with_it() {
    // "avoid export bans" argues for the exports, as "do not ban exports" would.
    assert!(opposes(
        "Avoid blanket export bans on rice",
        "Ban rice exports during shortages"
    ));
    assert!(!opposes(
        "Remove import restrictions on generic medicines",
        "Allow generic medicines to be imported freely"
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

/// The wording argues for or against a stem that begins with `stem`.
fn argues_over(text: &str, stem: &str) -> bool {
    doc(text).polarity.iter().any(|(s, _)| s.starts_with(stem))
}

fn none_oppose(pairs: &[(&str, &str)]) {
    for (a, b) in pairs {
        assert!(!opposes(a, b), "{a} / {b}");
    }
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
fn a_passive_followed_by_from_acts_on_what_follows() {
    let banned = "Hotel owners should be banned from building seawalls on the beach";
    assert!(opposes(banned, "Permit private seawalls on the beach"));
    assert!(!opposes(banned, "Ban private seawalls on the beach"));
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
        // A stem on both sides of a contrast is what the sides share.
        (
            "Clinics should employ enough nurses who speak local languages instead of relying on agency nurses",
            "Hire more nurses fluent in local languages",
        ),
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
        // "Should never have to" spares a burden and denies nothing.
        (
            "Traders should never have to submit the same certificate to several agencies",
            "Create a single window through which traders submit each certificate to all agencies once",
        ),
        // A negation in a purpose phrase states the goal; it takes no position.
        (
            "Hold hearings in remote villages so that people are not forced to travel to the capital",
            "Require judges to travel to remote villages on a regular circuit",
        ),
        // A negation in a relative clause without "that" denies nothing.
        (
            "Shops should give clothes they can no longer sell to charities",
            "Require shops to donate unsold clothes to charities",
        ),
        // A right stated with "no" agrees with a plain negation.
        (
            "No worker should face dismissal for joining a union",
            "Employers should not dismiss workers for union membership",
        ),
        // ... but it still flips a cue that follows it.
        (
            "Inspect ships so that they do not introduce invasive pests",
            "Stop invasive pests from reaching island waters",
        ),
        // "Free of charge" says what it costs.
        (
            "Free of charge interpreting for patients in public clinics",
            "Make trained interpreting staff available in public clinics",
        ),
        // Raising a limit is no clear position on what it limits.
        (
            "Income limits for legal aid should be raised",
            "Extend legal aid to more low-income households",
        ),
        // A reason takes no position.
        (
            "Grant tenants secure leases, because families will not improve housing they may lose",
            "Invest in housing improvements for tenants",
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

#[test]
fn what_something_is_removed_from_is_not_argued_against() {
    // "from judicial appointments" says where the pressure is taken from.
    assert!(!argues_over(
        "Remove political pressure from judicial appointments",
        "judic"
    ));
    assert!(!opposes(
        "Remove political pressure from judicial appointments",
        "Judicial appointments should be made by an independent council"
    ));
}

#[test]
fn deleting_argues_against_what_it_deletes() {
    assert!(opposes(
        "Platforms should delete abusive posts promptly",
        "Platforms should keep abusive posts online"
    ));
}

#[test]
fn an_end_use_or_a_graded_quality_takes_no_position() {
    // "end use" names a use, "more predictable" grades a quality of the prices.
    for text in [
        "Set quality standards for reclaimed water by end use",
        "Negotiate more predictable prices with suppliers",
    ] {
        let d = doc(text);
        assert!(d.polarity.is_empty(), "{text}: {:?}", d.polarity);
    }
    // "more" before a noun still asks for more of it.
    assert!(argues_over("Hire more nurses in rural clinics", "nurs"));
}

#[test]
fn reinforcing_or_broadening_argues_for_what_it_names() {
    all_oppose(&[
        ("Reinforce border controls", "Relax border controls"),
        (
            "Broaden the tax base",
            "Narrow exemptions and limit the tax base",
        ),
    ]);
}

#[test]
fn denying_a_refusal_or_a_penalty_refuses_nothing() {
    none_oppose(&[
        (
            "Living donors must never be refused health insurance",
            "Guarantee health insurance cover for living donors",
        ),
        (
            "Victims should not be punished for offences committed as a direct result of exploitation",
            "Shield victims from penalties for acts that resulted directly from their exploitation",
        ),
    ]);
    // Denying what another wording asks for still opposes it.
    assert!(opposes(
        "Living donors should not receive payment for donating",
        "Pay living donors a fixed sum for donating"
    ));
}

#[test]
fn a_negated_quality_ends_what_a_cue_argues_over() {
    // "End unpaid internships" argues over their pay, not against internships.
    assert!(!argues_over(
        "End unpaid internships in the public sector",
        "intern"
    ));
    assert!(!opposes(
        "End unpaid internships in the public sector",
        "Require that all internships in the public sector be paid"
    ));
    // Without the quality the cue still reaches the noun.
    assert!(opposes(
        "End internships in the public sector",
        "Require internships in the public sector"
    ));
}

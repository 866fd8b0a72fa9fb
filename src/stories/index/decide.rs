//! How an item is scored against the candidates retrieval found, and
//! which story it joins.

use super::{CORE_WEIGHT, ItemRecord, LANG_BITS, LAUNCH, QueryTerm, StoryIndex, TITLE_WEIGHT};
use crate::stories::features::{Currency, Features, TermKind, ident_label};
use crate::stories::financing::{Financing, is_plant_key};
use crate::stories::follow_up::FOLLOW_UP_GAP_MS;
use crate::stories::guidance::Guidance;
use crate::stories::leadership::Leadership;
use crate::stories::oversight::Oversight;
use crate::stories::penalty::Penalty;
use crate::stories::prize::{add_field, field_of, fields_clash, is_prize_key};
use crate::stories::prosecution::Prosecution;
use crate::stories::stage::Stage;
use crate::stories::text::{Lang, is_field_name, is_state, is_ubiquitous_name};
use crate::stories::{
    Actors, Conflicts, Decision, Direction, FeedKey, Match, Miss, PollToken, StoryConfig,
};

/// A stored weight this high comes from the title (or from the lead and
/// the body together): where a prize's field is named.
const FIELD_WEIGHT: f32 = 0.95;

impl StoryIndex {
    pub(super) fn decide(
        &self,
        query: &[QueryTerm<'_>],
        features: &Features,
        feed: FeedKey,
        at: i64,
        poll: Option<PollToken>,
    ) -> Decision {
        if query.is_empty() || self.is_empty() || self.is_stale(at) {
            return Decision::New { nearest: None };
        }
        // The query's slots, sorted, for membership tests.
        let mut by_slot: Vec<(u32, usize)> = query
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.slot.map(|s| (s, i)))
            .collect();
        by_slot.sort_unstable();
        let by_slot = SlotSet::new(by_slot);
        let norms = QueryNorms::of(query, features);

        let candidates = self.retrieve(query, features.lang(), at);
        // Scoring a candidate takes more instructions than the processor
        // looks ahead: read every candidate's record first, so the cache
        // misses of all of them overlap instead of coming one by one.
        let touched = candidates
            .iter()
            .filter_map(|&position| self.items.get(position))
            .fold(0u64, |acc, record| acc ^ record.touch());
        std::hint::black_box(touched);
        let lang = features.lang();
        let mut best: Option<Scored> = None;
        let mut nearest: Option<Scored> = None;
        // Per story, its eligible members at or above the support floor:
        // the best of them, how many, and Π(1 − score).
        let floor = self.support_floor();
        let mut support: Vec<(Scored, u32, f32)> = Vec::new();
        // Stories a member of which is another government's measure this
        // report answers: the report is a second event, whichever member
        // it resembles most (a market reaction to the measure names no
        // government, and would carry the answer into its story).
        let mut answered: Vec<i64> = Vec::new();
        let mut joinable: Vec<Scored> = Vec::new();
        for position in candidates {
            let (Some(record), Some(posting)) =
                (self.items.get(position), self.postings.get(position))
            else {
                continue;
            };
            if record.is_pending() && !self.pending_visible(record.item, position, poll) {
                continue;
            }
            // A round-up lists several events: joining through it would
            // carry one event's reports into another's story.
            if record.is_roundup() {
                continue;
            }
            let dt = posting.at.abs_diff(at);
            let earlier = at.saturating_sub(posting.at) >= FOLLOW_UP_GAP_MS;
            let scored = self.score(
                query, &by_slot, &norms, lang, feed, dt, earlier, record, position,
            );
            if scored.conflicts.contains(Conflicts::RETALIATION)
                && !answered.contains(&scored.story)
            {
                answered.push(scored.story);
            }
            if scored.joins(&self.config) {
                joinable.push(scored.clone());
            }
            // A member that previews what this report tells done (or the
            // reverse) lends no support: several reports of a summit's
            // opening would otherwise carry its communique into their
            // story together. Nor does one that tells of another event
            // than a launch this report announces (or the reverse), unless
            // they share two actors: a compliance dashboard launched "on
            // the day EU rules bite" resembles every report of the rules a
            // little ("AI", "Act", "EU"); a model's launch told without a
            // launch word shares the lab and the model ("OpenAI",
            // "GPT-6").
            if scored.eligible
                && floor > 0.0
                && scored.score >= floor
                && !scored.conflicts.contains(Conflicts::STAGES)
                && (!scored.conflicts.contains(Conflicts::LAUNCH) || scored.shared_actors >= 2)
            {
                match support.iter_mut().find(|s| s.0.story == scored.story) {
                    Some((top, members, miss)) => {
                        *members += 1;
                        *miss *= 1.0 - scored.score;
                        if scored.beats(top) {
                            *top = scored.clone();
                        }
                    }
                    None => support.push((scored.clone(), 1, 1.0 - scored.score)),
                }
            }
            if nearest.as_ref().is_none_or(|b| scored.beats(b)) {
                nearest = Some(scored);
            }
        }
        for scored in joinable {
            if !answered.contains(&scored.story) && best.as_ref().is_none_or(|b| scored.beats(b)) {
                best = Some(scored);
            }
        }
        support.retain(|(top, _, _)| !answered.contains(&top.story));
        if features.roundup() {
            let nearest = nearest.map(|n| (self.to_match(&n, query, features), Miss::RoundUp));
            return Decision::New { nearest };
        }
        if let Some(best) = best {
            return Decision::Join(self.to_match(&best, query, features));
        }
        // The best-supported story (ties to the older one: deterministic).
        let bar = self.config.threshold * self.config.support_ratio;
        let supported = support
            .iter()
            .filter(|(_, members, miss)| *members >= 2 && 1.0 - miss >= bar)
            .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.story.cmp(&b.0.story)));
        if let Some((top, members, miss)) = supported {
            let mut joined = self.to_match(top, query, features);
            joined.support = Some((*members, 1.0 - miss));
            return Decision::Join(joined);
        }
        let nearest = nearest.map(|n| {
            let m = self.to_match(&n, query, features);
            let miss = if answered.contains(&n.story) {
                Miss::Answers
            } else if !n.anchored && n.cross_language {
                Miss::TooFewAnchors {
                    shared: n.anchors,
                    needed: n.needed_anchors,
                    strong: self.strong_score(),
                }
            } else if !n.anchored {
                Miss::NoSharedName
            } else if m.shared_terms < self.config.min_shared_terms {
                Miss::TooFewShared {
                    shared: m.shared_terms,
                    needed: self.config.min_shared_terms,
                }
            } else {
                Miss::BelowThreshold {
                    threshold: self.config.threshold,
                }
            };
            (m, miss)
        });
        Decision::New { nearest }
    }

    /// Scores one candidate item (see the module docs of `stories`).
    ///
    /// The shared terms count with their rarity now; the candidate's norm is
    /// the one computed when it was stored (rarity then), which saves a
    /// random access per stored term.
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        query: &[QueryTerm<'_>],
        by_slot: &SlotSet,
        norms: &QueryNorms,
        lang: Lang,
        feed: FeedKey,
        dt_ms: u64,
        // The candidate was published at least `FOLLOW_UP_GAP_MS` before.
        earlier: bool,
        record: &ItemRecord,
        position: u64,
    ) -> Scored {
        let cross_language = Lang::from_index(record.lang & LANG_BITS) != lang;
        let mut dot = 0.0f32;
        // Query terms also in the candidate; for the cross-language norms,
        // the shared terms that are not neutral on each side.
        let mut shared_mask = 0u64;
        let mut shared_word_sq_q = 0.0f32;
        let mut shared_word_sq_c = 0.0f32;
        let mut shared_names = 0u32;
        // Shared names that are not a whole country, bloc or field.
        let mut shared_actors = 0u32;
        // Shared names of whole countries, blocs and fields, or of cities
        // and regions (`Term::place`).
        let mut shared_places = 0u32;
        let mut shared_cities = 0u32;
        let mut shared_terms = 0u32;
        let mut candidate_amounts = false;
        let mut shared_amounts = false;
        let mut shared_amount_count = 0u32;
        // Amounts both state exactly (no rounding on either side).
        let mut shared_exact_amounts = 0u32;
        let mut candidate_own_title_name = false;
        // The same, for a name that is more than a whole country, bloc or
        // field: someone who acts.
        let mut candidate_own_title_actor = false;
        // The candidate's title names someone the query's title and lead
        // do not (the query may name them further down).
        let mut candidate_title_name_past_lead = false;
        // Bit i: query term i is in the candidate's title or lead.
        let mut shared_core_mask = 0u64;
        // An amount of the query's title is in the candidate's title or
        // lead.
        let mut shared_title_amount = false;
        // The candidate's title or lead names a US state the query lacks.
        let mut candidate_own_state = false;
        // Bits over `norms.ident_labels`: labels under which the candidate
        // has an identifier the query lacks, and under which both share one.
        let (mut ident_clash, mut ident_shared) = (0u32, 0u32);
        // The same over the titles and leads: labels under which the
        // candidate's title or lead has an identifier the query's lacks, and
        // under which both titles or leads share one.
        let (mut core_ident_clash, mut core_ident_shared) = (0u32, 0u32);
        // The prize fields the candidate's headline names (`stories/prize.rs`):
        // a word weighing a title's (or a lead's and a body's together).
        let (mut candidate_fields, mut candidate_prize) = (0u8, false);
        for (slot, kind, weight) in record.terms() {
            if norms.fields != 0 && weight >= FIELD_WEIGHT {
                let key = self.slots.get(slot as usize).map_or(0, |s| s.key);
                candidate_fields = add_field(candidate_fields, field_of(key));
                candidate_prize |= is_prize_key(key);
            }
            if kind == TermKind::Number && weight >= CORE_WEIGHT {
                candidate_amounts = true;
            }
            let Some(i) = by_slot.find(slot) else {
                if kind == TermKind::Name
                    && weight >= TITLE_WEIGHT
                    && !candidate_own_title_name
                    && !self
                        .slots
                        .get(slot as usize)
                        .is_some_and(|s| is_field_name(s.key))
                {
                    candidate_own_title_name = true;
                }
                if kind == TermKind::Name
                    && weight >= TITLE_WEIGHT
                    && !candidate_own_title_actor
                    && self
                        .slots
                        .get(slot as usize)
                        .is_some_and(|s| !is_field_name(s.key) && !is_ubiquitous_name(s.key))
                {
                    candidate_own_title_actor = true;
                }
                if kind == TermKind::Name
                    && weight >= CORE_WEIGHT
                    && !candidate_own_state
                    && norms.core_states != 0
                    && self
                        .slots
                        .get(slot as usize)
                        .is_some_and(|s| is_state(s.key))
                {
                    candidate_own_state = true;
                }
                if kind == TermKind::Name && !norms.ident_labels.is_empty() {
                    let label = self
                        .slots
                        .get(slot as usize)
                        .and_then(|s| ident_label(s.key));
                    ident_clash |= norms.ident_bit(label);
                    if weight >= CORE_WEIGHT {
                        core_ident_clash |= norms.ident_bit(label) & norms.core_idents;
                    }
                }
                continue;
            };
            let Some(q) = by_slot
                .sorted
                .get(i)
                .and_then(|&(_, qi)| Some((qi, query.get(qi)?)))
            else {
                continue;
            };
            let (qi, q) = q;
            // A rounded amount ("$1.07 trillion" as "$1 trillion") meets
            // the amount as written, not another's rounding: "$1.2bn" and
            // "$1.4bn" round alike and are two deals. (A small number's key
            // is never an amount's, so a small number here is a rounding.)
            if q.term.rounded && kind != TermKind::Number {
                continue;
            }
            if qi < 64 && weight >= CORE_WEIGHT {
                shared_core_mask |= 1 << qi;
            }
            shared_title_amount |=
                weight >= CORE_WEIGHT && q.term.kind == TermKind::Number && q.term.fields & 1 != 0;
            if kind == TermKind::Name
                && weight >= TITLE_WEIGHT
                && q.term.fields & 3 == 0
                && !q.term.ubiquitous
                && !is_field_name(q.term.key)
            {
                candidate_title_name_past_lead = true;
            }
            let amount = kind == TermKind::Number
                || q.term.rounded
                || (q.term.kind == TermKind::Number && kind == TermKind::SmallNumber);
            let qv = q.weight * q.idf;
            let cv = weight * q.idf;
            dot += qv * cv;
            if qi < 64 {
                shared_mask |= 1 << qi;
            }
            if !q.term.kind.is_neutral() {
                shared_word_sq_q += qv * qv;
            }
            if !kind.is_neutral() {
                shared_word_sq_c += cv * cv;
            }
            if kind == TermKind::Name || q.term.kind == TermKind::Name {
                shared_names += 1;
                shared_actors += u32::from(!q.term.ubiquitous);
                shared_places += u32::from(q.term.ubiquitous || q.term.place);
                shared_cities += u32::from(q.term.place);
                let bit = norms.ident_bit(ident_label(q.term.key)) & norms.core_idents;
                if weight >= CORE_WEIGHT && q.term.fields & 3 != 0 {
                    core_ident_shared |= bit;
                } else if weight >= CORE_WEIGHT {
                    core_ident_clash |= bit;
                }
                ident_shared |= norms.ident_bit(ident_label(q.term.key));
            }
            if amount {
                shared_amounts = true;
                shared_amount_count += 1;
                shared_exact_amounts += u32::from(q.exact_amount && kind == TermKind::Number);
            }
            if amount || (kind != TermKind::SmallNumber && q.term.kind != TermKind::SmallNumber) {
                shared_terms += 1;
            }
        }
        // Across languages, only neutral terms (and whatever else both
        // share) make up the vectors.
        let (norm_q, norm_c) = if cross_language {
            (
                norms.neutral + shared_word_sq_q,
                record.norm_neutral() + shared_word_sq_c,
            )
        } else {
            (norms.all, record.norm_all())
        };
        let similarity = if norm_c > 0.0 && norm_q > 0.0 {
            (dot / (norm_c.sqrt() * norm_q.sqrt())).clamp(0.0, 1.0)
        } else {
            0.0
        };
        // Gaussian decay: flat for the first hours of a story, then falling
        // fast, so a report a day or two later needs far more in common.
        let dt = dt_ms as f64 / self.time_scale_ms;
        let mut score = similarity * (-(dt * dt)).exp() as f32;
        if record.is_from(feed) {
            score *= self.config.same_feed_factor;
        }
        // Both lead with amounts, and none is shared: two different deals,
        // cases or results.
        let mut conflicts = Conflicts::default();
        let mut conflict = |applies: bool, factor: f32, rule: Conflicts| {
            if applies && factor < 1.0 {
                score *= factor;
                conflicts.add(rule);
            }
        };
        // Leading amounts in dollars and in euros may be one, converted;
        // in one language, a market's move in percent against any other
        // amount may be a move and its cause ("Saab shares jump 6% as Peru
        // picks Gripen").
        let candidate_currency = Currency::from_bits((record.lang >> 5) & 3);
        conflict(
            norms.core_amounts
                && candidate_amounts
                && !shared_amounts
                && !norms.currency.converts(candidate_currency)
                && (cross_language || !norms.currency.measures(candidate_currency)),
            self.config.amount_conflict_factor,
            Conflicts::AMOUNTS,
        );
        // Each headline names someone the other item never mentions: two
        // vendors, two clubs, two hospitals ("AI" is a field, no one). The
        // new report's name must also be more than a whole country or bloc
        // ("Smuggling ring relabeled servers to dodge U.S. curbs" names no
        // one "Four charged with funneling Nvidia processors to China"
        // lacks); the stored report's may be one: on both sides the rule
        // merged, on the labeled corpora, two US measures against China of
        // one day and a ministry's contract with another agency's ("France
        // Travail"), which only such names told apart.
        let names_clash = candidate_own_title_name
            && (0..query.len()).any(|i| names_someone_unshared(query, i, shared_mask, lang));
        conflict(
            names_clash,
            self.config.name_conflict_factor,
            Conflicts::NAMES,
        );
        // The new headline tells of an award with an amount and names
        // someone the other report's title and lead never name, the
        // other's headline names someone the new one's title and lead
        // never name, and the other's title or lead gives an amount but
        // not the new headline's: two contracts to two vendors, whose
        // reports cite each other past their lead ("came the same day the
        // service picked Shield AI for a separate $412 million deal"). One
        // award told by its vendor and by its product shares its amount.
        // Or its headline tells of an award without an amount, each
        // headline names someone the other report never mentions (the
        // other's more than a country: not "US Air Force taps ..." against
        // "Hivemind picked ...", the vendor's product), and both give
        // amounts, none shared: two vendors picked by one agency the
        // same day ("Scale AI wins NATO deal for ... assistant", "NATO's
        // NCIA taps Palantir for ... forecasting").
        conflict(
            norms.award
                && !cross_language
                && candidate_amounts
                && ((!shared_title_amount
                    && query
                        .iter()
                        .any(|q| q.term.kind == TermKind::Number && q.term.fields & 1 != 0)
                    && (candidate_own_title_name || candidate_title_name_past_lead)
                    && query.iter().enumerate().any(|(i, q)| {
                        q.headline_names_someone(lang)
                            && (i >= 64 || shared_core_mask & (1 << i) == 0)
                    }))
                    || (names_clash
                        && candidate_own_title_actor
                        && !shared_amounts
                        && query.iter().any(|q| q.term.kind == TermKind::Number))),
            self.config.award_conflict_factor,
            Conflicts::AWARDS,
        );
        // Each headline names a different prize's field: the Nobel prizes
        // of one week.
        conflict(
            candidate_prize && fields_clash(norms.fields, candidate_fields),
            self.config.field_conflict_factor,
            Conflicts::FIELDS,
        );
        // Each leads with a US state the other never mentions: the same
        // bill in two states, two attacks on two states' hospitals.
        conflict(
            candidate_own_state && norms.core_states & !shared_mask != 0,
            self.config.place_conflict_factor,
            Conflicts::STATES,
        );
        // One previews what the other reports done: the opening and the
        // close of a summit, a draft and its adoption.
        conflict(
            norms.stage.clashes(Stage::from_bits(record.event & 3)),
            self.config.stage_conflict_factor,
            Conflicts::STAGES,
        );
        // One announces a funding round, the other says nothing of one:
        // the same company's round and its launch, deal or lawsuit.
        conflict(
            norms
                .financing
                .clashes(Financing::from_bits((record.event >> 2) & 3)),
            self.config.financing_conflict_factor,
            Conflicts::FINANCING,
        );
        // One headline announces a launch, the other does not: a vendor's
        // product and its contract, or the attack its lead recalls; a
        // plant announced and the contract its lead recalls, unless both
        // speak of the plant.
        conflict(
            norms.launch != (record.actors & LAUNCH != 0) && norms.plant_terms & shared_mask == 0,
            self.config.financing_conflict_factor,
            Conflicts::LAUNCH,
        );
        // One tells of a criminal case, the other says nothing of one: an
        // export rule and the smuggling case that cites it. Or one tells of
        // charges, the other of a verdict: two cases.
        conflict(
            norms
                .prosecution
                .clashes(Prosecution::from_bits((record.event >> 4) & 3)),
            self.config.prosecution_conflict_factor,
            Conflicts::PROSECUTION,
        );
        // Each headline opens with a different government, neither naming
        // the other's country: two governments' parallel actions. Or each
        // names a different chamber: two chambers' votes.
        let candidate_actors = Actors::from_byte(record.actors);
        conflict(
            norms.actors.different_openers(candidate_actors)
                && !candidate_actors.opener_keys().iter().any(|&key| {
                    query.iter().any(|q| {
                        q.term.key == key && q.term.kind == TermKind::Name && q.term.fields & 1 != 0
                    })
                })
                && !norms
                    .actors
                    .opener_keys()
                    .iter()
                    .any(|&key| self.title_names(record, key)),
            self.config.actor_conflict_factor,
            Conflicts::GOVERNMENTS,
        );
        conflict(
            norms.actors.different_chambers(candidate_actors),
            self.config.actor_conflict_factor,
            Conflicts::CHAMBERS,
        );
        // One government answers the other's measure ("EU hits back at US
        // with tariffs"): each names the other, and they are two events.
        conflict(
            norms.actors.retaliation_against(candidate_actors),
            self.config.actor_conflict_factor,
            Conflicts::RETALIATION,
        );
        // One headline imposes a measure, the other lifts one: a listing
        // and a delisting, sanctions imposed and lifted.
        conflict(
            norms
                .direction
                .clashes(Direction::from_bits(record.event >> 6)),
            self.config.direction_conflict_factor,
            Conflicts::DIRECTIONS,
        );
        // One headline tells of a change of leaders, the other says nothing
        // of its leaders: a company's results and its chief's departure.
        conflict(
            norms
                .leadership
                .clashes(Leadership::from_bits((record.lang >> 3) & 3)),
            self.config.leadership_conflict_factor,
            Conflicts::LEADERSHIP,
        );
        // One title or lead tells of a forecast cut, the other says
        // nothing of forecasts or results: a rule and the forecast a
        // toolmaker cuts because of it.
        conflict(
            norms.guidance.clashes(record.guidance()),
            self.config.guidance_conflict_factor,
            Conflicts::GUIDANCE,
        );
        // One headline tells of a hearing, the other says nothing of
        // lawmakers: a contract and the hearing that questions it.
        conflict(
            norms.oversight.clashes(record.oversight()),
            self.config.oversight_conflict_factor,
            Conflicts::OVERSIGHT,
        );
        // One headline tells of a fine, the other says nothing of fines
        // or enforcement, or fights the fine: a regulator's fine and its
        // guidelines, a fine and its appeal.
        conflict(
            norms.penalty.clashes(record.penalty()),
            self.config.penalty_conflict_factor,
            Conflicts::PENALTY,
        );
        // The new headline dates its event days after another, and the
        // candidate came out six hours or more before: that other event.
        conflict(
            norms.follow_up && earlier,
            self.config.follow_up_conflict_factor,
            Conflicts::FOLLOW_UP,
        );
        // Both name a bill, a flight or a model version under one label,
        // and not the same one: two events.
        conflict(
            ident_clash & !ident_shared != 0,
            self.config.identifier_conflict_factor,
            Conflicts::IDENTIFIERS,
        );
        // Both titles or leads number a thing under one label, and neither
        // gives the other's number up front: "Atlas 2" prices cut, "Atlas
        // 3" launched, each text mentioning the other further down.
        conflict(
            core_ident_clash & !core_ident_shared != 0,
            self.config.core_identifier_conflict_factor,
            Conflicts::CORE_IDENTIFIERS,
        );
        // Across languages the anchors are the shared names and amounts
        // ("Oracle" and "17,9 Milliarden"), and one of them a name; the
        // names of whole countries, blocs or fields count once, so "US",
        // "China" and "AI" alone are not two anchors ("Spain" and an
        // amount are). With no name in common, two shared amounts are
        // anchors enough ("36 milliards" and "76 milliards" of one plan,
        // the French report saying "l'exécutif" where the English one says
        // "France"); one is not.
        let (anchors, needed_anchors) = if cross_language {
            score *= self.config.cross_language_factor;
            (
                if shared_names > 0 {
                    shared_actors + u32::from(shared_names > shared_actors) + shared_amount_count
                } else if shared_amount_count >= 2 {
                    shared_amount_count
                } else {
                    0
                },
                self.config.cross_language_min_names,
            )
        } else {
            (shared_names, u32::from(self.config.require_shared_name))
        };
        // Across languages, one anchor and a strong score: the shared
        // words (which count across languages only when both use them:
        // "Exporte", "exports") say what the single name cannot.
        let bar = self.strong_score();
        let strong = bar > 0.0 && score >= bar;
        // Two German reports: German capitalises every noun, so only
        // acronyms, mixed case and listed places are names, and two
        // reports of a Lufthansa strike may share none; a strong score
        // is anchor enough.
        let german_pair = !cross_language && lang == Lang::De;
        let anchored = anchors >= needed_anchors
            || (cross_language && anchors >= 1 && strong)
            || (german_pair && strong);
        // In one language, two exact amounts and a name in common (a whole
        // country will do: "France", "€64.2 billion", "€6.7 billion" are one
        // budget), and no rule scoring them as two events: the fingerprint
        // of one deal, round or budget ("Mistral", "€2.1 billion", "€31
        // billion"), which an analysis or a market angle shares while its
        // other words differ.
        let two_amounts = !cross_language
            && shared_exact_amounts >= 2
            && shared_names >= 1
            && conflicts.is_empty();
        // Across languages, the places two reports share, their cities and
        // their countries, are one term in common: a Munich firm's navy
        // order and Munich's snowed-in airport share "München", "Deutsche"
        // and a stray word.
        let terms_in_common = if cross_language && shared_cities > 0 && shared_places > 1 {
            shared_terms.saturating_sub(shared_places - 1)
        } else {
            shared_terms
        };
        Scored {
            position,
            story: record.story,
            item: record.item,
            score,
            similarity,
            conflicts,
            two_amounts,
            shared_mask,
            shared_names,
            shared_actors,
            shared_terms: terms_in_common,
            cross_language,
            anchors,
            needed_anchors,
            anchored,
            // A one-line brief may share only two terms: enough when both
            // are actors (no whole country) or an actor and an exact amount
            // ("TSMC" and "14,1 Milliarden" of one quarter's profit), and
            // the score is strong; or two names, one an actor, and a score
            // twice as strong ("Japans Regierungschef löst das Unterhaus
            // auf" shares "Japans" and "Morita" with "Morita dissolves lower
            // house, sets Feb. 11 snap election", at 0.62).
            eligible: anchored
                && (terms_in_common >= self.config.min_shared_terms
                    || (shared_actors + shared_exact_amounts >= 2 && strong)
                    || (shared_actors >= 1 && shared_names >= 2 && strong && score >= 2.0 * bar)),
        }
    }

    /// The score from which one anchor is enough across languages (0: the
    /// rule is off).
    pub(super) fn strong_score(&self) -> f32 {
        self.config.threshold * self.config.cross_language_strong_ratio
    }

    /// The query's terms that made the rules on names, amounts and states
    /// score a candidate as another event (as `score` applies them), at
    /// most four per rule, heaviest first.
    fn apart_terms(
        scored: &Scored,
        query: &[QueryTerm<'_>],
        features: &Features,
    ) -> Vec<(Conflicts, String)> {
        let unshared = |i: usize| i >= 64 || scored.shared_mask & (1 << i) == 0;
        let applies = |rule: Conflicts, i: usize, q: &QueryTerm<'_>| {
            let t = q.term;
            match rule {
                Conflicts::AMOUNTS => t.kind == TermKind::Number && t.fields & 3 != 0,
                Conflicts::NAMES => {
                    names_someone_unshared(query, i, scored.shared_mask, features.lang())
                }
                Conflicts::STATES => {
                    i < 64
                        && t.kind == TermKind::Name
                        && t.fields & 3 != 0
                        && is_state(t.key)
                        && unshared(i)
                }
                _ => false,
            }
        };
        let mut apart = Vec::new();
        for rule in [Conflicts::AMOUNTS, Conflicts::NAMES, Conflicts::STATES] {
            if !scored.conflicts.contains(rule) {
                continue;
            }
            apart.extend(
                query
                    .iter()
                    .enumerate()
                    .filter(|(i, q)| applies(rule, *i, q))
                    .take(4)
                    .map(|(_, q)| (rule, features.display(q.term).to_string())),
            );
        }
        apart
    }

    /// The full [`Match`] of a scored candidate: shared terms as written in
    /// the new item, most telling first.
    fn to_match(&self, scored: &Scored, query: &[QueryTerm<'_>], features: &Features) -> Match {
        let mut shared: Vec<&QueryTerm<'_>> = query
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && scored.shared_mask & (1 << i) != 0)
            .map(|(_, q)| q)
            .collect();
        // Query terms are already heaviest first; keep that order.
        shared.truncate(12);
        Match {
            apart: Self::apart_terms(scored, query, features),
            story: scored.story,
            item: scored.item,
            score: scored.score,
            similarity: scored.similarity,
            shared: shared
                .iter()
                .map(|q| features.display(q.term).to_string())
                .collect(),
            shared_names: scored.shared_names,
            shared_terms: scored.shared_terms,
            support: None,
            on_amounts: scored.joins_on_amounts(&self.config),
            conflicts: scored.conflicts,
        }
    }
}

/// Whether query term `i` names someone in the new item's headline whom
/// the candidate never mentions (`shared_mask`: bit j, query term j is
/// shared). A first name is nobody else when the name the title writes
/// right after it is shared: "Claire Vasseur veut ..." against "Vasseur
/// pitches ..." ("Claire" never written there).
fn names_someone_unshared(query: &[QueryTerm<'_>], i: usize, shared_mask: u64, lang: Lang) -> bool {
    let shared = |j: usize| j < 64 && shared_mask & (1 << j) != 0;
    let Some(q) = query.get(i) else {
        return false;
    };
    q.headline_names_someone(lang)
        && !shared(i)
        && !(q.term.before != 0
            && query.iter().enumerate().any(|(j, r)| {
                r.term.key == q.term.before && shared(j) && r.headline_names_someone(lang)
            }))
}

impl QueryTerm<'_> {
    /// Whether the new item's headline names someone with this term, for
    /// the rule on names: a name that is no field ("AI") and no whole
    /// country or bloc; in German, also a word some other item held as a
    /// name ("Helsings", where capitals mark every noun).
    fn headline_names_someone(&self, lang: Lang) -> bool {
        let t = self.term;
        (t.kind == TermKind::Name || (lang == Lang::De && t.kind == TermKind::Word && self.named))
            && t.fields & 1 != 0
            && !is_field_name(t.key)
            && !t.ubiquitous
    }
}

/// A candidate's score, before it is turned into a [`Match`].
#[derive(Clone)]
struct Scored {
    position: u64,
    story: i64,
    item: i64,
    score: f32,
    similarity: f32,
    /// Bit i: query term i is shared.
    shared_mask: u64,
    shared_names: u32,
    /// Shared names that are more than a whole country, bloc or field.
    shared_actors: u32,
    shared_terms: u32,
    cross_language: bool,
    /// Shared names (across languages, names and amounts) and how many
    /// are needed.
    anchors: u32,
    needed_anchors: u32,
    /// Enough anchors, or (across languages) one and a strong score.
    anchored: bool,
    eligible: bool,
    conflicts: Conflicts,
    /// Two exact amounts and a name in common, no conflict: the bar is
    /// lower (see [`StoryConfig::two_amounts_ratio`]).
    two_amounts: bool,
}

impl Scored {
    /// Whether it scores enough to join its story on its own.
    fn joins(&self, config: &StoryConfig) -> bool {
        self.eligible
            && (self.score >= config.threshold
                || (self.two_amounts && self.score >= config.threshold * config.two_amounts_ratio))
    }

    /// Whether it joins only because it shares two exact amounts.
    fn joins_on_amounts(&self, config: &StoryConfig) -> bool {
        self.score < config.threshold && self.joins(config)
    }

    /// Higher score first; ties to the older story (smaller id), then the
    /// older item: deterministic.
    fn beats(&self, other: &Scored) -> bool {
        self.score > other.score
            || (self.score == other.score
                && (self.story, self.item, self.position)
                    < (other.story, other.item, other.position))
    }
}

/// Squared norms of the query vector: all terms, and language-neutral ones.
/// The query's slots, for the membership test of every stored term of
/// every candidate: a 4,096-bit filter answers most "not in the query"
/// without a search.
struct SlotSet {
    /// (slot, query index), by slot.
    sorted: Vec<(u32, usize)>,
    filter: [u64; 64],
}

impl SlotSet {
    fn new(sorted: Vec<(u32, usize)>) -> SlotSet {
        let mut filter = [0u64; 64];
        for &(slot, _) in &sorted {
            let bit = (slot & 4095) as usize;
            if let Some(word) = filter.get_mut(bit >> 6) {
                *word |= 1 << (bit & 63);
            }
        }
        SlotSet { sorted, filter }
    }

    /// The position of `slot` in `sorted`.
    #[inline]
    fn find(&self, slot: u32) -> Option<usize> {
        let bit = (slot & 4095) as usize;
        let word = self.filter.get(bit >> 6).copied().unwrap_or(0);
        if word & (1 << (bit & 63)) == 0 {
            return None;
        }
        self.sorted.binary_search_by_key(&slot, |&(s, _)| s).ok()
    }
}

struct QueryNorms {
    all: f32,
    neutral: f32,
    /// The query has an amount in its title or lead.
    core_amounts: bool,
    /// The labels of the query's identifiers (see `features::ident_label`),
    /// at most 32.
    ident_labels: Vec<u32>,
    /// Bits over `ident_labels`: those with an identifier in the query's
    /// title or lead.
    core_idents: u32,
    /// The query's US states named in its title or lead, as bits of their
    /// positions (the first 64 terms, as `Scored::shared_mask`).
    core_states: u64,
    /// The query's words that name a plant, as bits of their positions (as
    /// `core_states`).
    plant_terms: u64,
    /// Whether the query item speaks of what is to come or of what was done.
    stage: Stage,
    /// What the query item says of a funding round.
    financing: Financing,
    /// Whether the query item's headline announces a launch.
    launch: bool,
    /// What the query item says of a criminal case.
    prosecution: Prosecution,
    /// Who acted, as the query item's headline says.
    actors: Actors,
    /// Whether the query item's headline imposes a measure or lifts one.
    direction: Direction,
    /// What the query item says of a change of leaders.
    leadership: Leadership,
    /// What the query item says of a forecast cut.
    guidance: Guidance,
    /// What the query item says of lawmakers.
    oversight: Oversight,
    /// What the query item says of a fine.
    penalty: Penalty,
    /// The currency of the query item's title and lead amounts.
    currency: Currency,
    /// Whether the query item's headline dates its event days after another.
    follow_up: bool,
    /// Whether the query item's headline tells of a contract or an award.
    award: bool,
    /// The prize fields its headline names (`stories/prize.rs`).
    fields: u8,
}

impl QueryNorms {
    fn of(query: &[QueryTerm<'_>], features: &Features) -> QueryNorms {
        let mut norms = QueryNorms {
            all: 0.0,
            neutral: 0.0,
            core_amounts: false,
            ident_labels: Vec::new(),
            core_idents: 0,
            core_states: 0,
            plant_terms: 0,
            stage: features.stage(),
            financing: features.financing(),
            launch: features.launch(),
            prosecution: features.prosecution(),
            actors: features.actors(),
            direction: features.direction(),
            leadership: features.leadership(),
            guidance: features.guidance(),
            oversight: features.oversight(),
            penalty: features.penalty(),
            currency: features.currency(),
            follow_up: features.follow_up(),
            award: features.award(),
            fields: 0,
        };
        // Fields count only in a headline that names a prize.
        let mut prize = false;
        for (i, q) in query.iter().enumerate() {
            if i < 64
                && q.term.kind == TermKind::Name
                && q.term.fields & 3 != 0
                && is_state(q.term.key)
            {
                norms.core_states |= 1 << i;
            }
            if q.term.fields & 1 != 0 {
                norms.fields = add_field(norms.fields, field_of(q.term.key));
                prize |= is_prize_key(q.term.key);
            }
            if i < 64 && is_plant_key(q.term.key) {
                norms.plant_terms |= 1 << i;
            }
            if let Some(label) = ident_label(q.term.key)
                && norms.ident_labels.len() < 32
                && !norms.ident_labels.contains(&label)
            {
                norms.ident_labels.push(label);
            }
            if q.term.fields & 3 != 0 {
                norms.core_idents |= norms.ident_bit(ident_label(q.term.key));
            }
            if q.term.kind == TermKind::Number && q.term.fields & 3 != 0 {
                norms.core_amounts = true;
            }
            let v = (q.weight * q.idf).powi(2);
            norms.all += v;
            if q.term.kind.is_neutral() {
                norms.neutral += v;
            }
        }
        if !prize {
            norms.fields = 0;
        }
        norms
    }

    /// The bit of an identifier label among the query's (0 if the query
    /// has no identifier under it).
    fn ident_bit(&self, label: Option<u32>) -> u32 {
        label
            .and_then(|l| self.ident_labels.iter().position(|&q| q == l))
            .map_or(0, |i| 1 << i)
    }
}

#[cfg(test)]
mod tests {
    use super::SlotSet;

    #[test]
    fn slot_set_finds_exactly_the_query_slots() {
        let sorted = vec![(3, 7), (4_099, 0), (70_000, 2)];
        let set = SlotSet::new(sorted);
        assert_eq!(set.find(3), Some(0));
        assert_eq!(set.find(4_099), Some(1));
        assert_eq!(set.find(70_000), Some(2));
        // 4,099 and 3 share a filter bit; 8,195 too, and is still absent.
        assert_eq!(set.find(8_195), None);
        assert_eq!(set.find(4), None);
        assert_eq!(SlotSet::new(Vec::new()).find(0), None);
    }
}

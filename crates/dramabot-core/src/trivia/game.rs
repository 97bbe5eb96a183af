//! The rules of `/trivia`, as plain functions and data, so they can be tested without Discord.
//!
//! A game is a run of rounds in one channel. Each round shows a question with four buttons (the
//! answer and three wrong choices in a seeded random order), or, for a typed-answer question (one
//! with no wrong choices, such as those imported from Red's lists), no buttons at all: members
//! type it with `/trivia answer`. A round collects at most one answer per member, and closes when
//! time is up or every player has answered; closing scores it once. This
//! module decides all of that and nothing else: it does no I/O, reads no clock and draws no
//! randomness of its own. Time comes in as [`Timestamp`], randomness as `&mut impl Rng`, and the
//! bot's store and edges persist and send what these functions return (the store keeps a live
//! round as columns, so it is picked up after a restart).
//!
//! Scoring (see [`points`]): 100 / 200 / 300 points for difficulty 1 / 2 / 3, plus a speed bonus
//! of up to half the base, linear in the time left, plus a streak bonus of a tenth of the base per
//! earlier consecutive right answer in this game, capped at half the base. A wrong answer or none
//! scores 0 and ends the streak.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;
use crate::names::{MAX_INPUT_CHARS, fold, variant_key};
use crate::text::damerau_levenshtein;

/// Rounds in a game when `/trivia start` does not say.
pub const DEFAULT_ROUNDS: u32 = 10;
/// The most rounds one game may have.
pub const MAX_ROUNDS: u32 = 30;
/// How long a question stays open when the server has not chosen.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(20);
/// The shortest time limit a server may choose.
pub const MIN_TIME_LIMIT: Duration = Duration::from_secs(10);
/// The longest time limit a server may choose.
pub const MAX_TIME_LIMIT: Duration = Duration::from_secs(120);
/// A game ends itself after this many rounds in a row that nobody answered.
pub const IDLE_ROUNDS: usize = 3;
/// Prefix of every trivia button's custom id, so the router can tell them from other buttons.
pub const BUTTON_PREFIX: &str = "trivia";
/// Typed answers are kept (for the close message) cut to this many characters.
pub const MAX_KEPT_TEXT_CHARS: usize = 100;

/// The pick that stands for "the answer" in a typed-answer round, which has no choices: a typed
/// answer that reads as the question's answer is recorded as this choice, anything else as text.
pub const TYPED_RIGHT: u8 = 0;

/// The letters on the four buttons, by choice index.
const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

/// One question as the store hands it to the game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionData {
    /// The store's primary key; what selection, rounds and results refer to.
    pub key: i64,
    /// The question as shown.
    pub question: String,
    /// The right answer, shown on its button.
    pub answer: String,
    /// Exactly three wrong choices, or none for a typed-answer question.
    pub wrong: Vec<String>,
    /// Other spellings a typed answer may use for the right answer.
    pub accept: Vec<String>,
    /// 1 (easy) to 3 (hard); sets the base points.
    pub difficulty: u8,
    /// The pack's category name ("cast", "production", ...).
    pub category: String,
    /// Shown when the question closes, if the pack has one.
    pub explanation: Option<String>,
    /// Where the fact comes from: "Outlet, date".
    pub source: String,
    /// The episode that reveals the answer, for the spoiler guard.
    pub episode: Option<i64>,
    /// The question in Korean, for Korean readers, where the pack gives it.
    pub question_ko: Option<String>,
    /// The right answer in Korean: shown to Korean readers, and a typed answer may give it.
    pub answer_ko: Option<String>,
    /// The wrong choices in Korean, in `wrong`'s order (all three or none).
    pub wrong_ko: Vec<String>,
    /// The explanation in Korean.
    pub explanation_ko: Option<String>,
}

impl QuestionData {
    /// The question as `locale`'s readers see it.
    pub fn question_in(&self, locale: Locale) -> &str {
        locale.pick(&self.question, self.question_ko.as_deref())
    }

    /// The explanation (if any) as `locale`'s readers see it.
    pub fn explanation_in(&self, locale: Locale) -> Option<&str> {
        let english = self.explanation.as_deref()?;
        Some(locale.pick(english, self.explanation_ko.as_deref()))
    }

    /// The right answer as `locale`'s readers see it.
    pub fn answer_in(&self, locale: Locale) -> &str {
        locale.pick(&self.answer, self.answer_ko.as_deref())
    }

    /// The other spellings a typed answer may use for the right answer: the pack's `accept`, and
    /// the Korean answer, so a member may type either language's.
    pub fn accepted(&self) -> Vec<String> {
        self.accept.iter().chain(&self.answer_ko).cloned().collect()
    }

    /// A choice of this question (its English text, as a round stores it) as `locale`'s readers
    /// see it: the Korean of the answer or of that wrong choice, where the pack gives it.
    pub fn choice_in<'a>(&'a self, text: &'a str, locale: Locale) -> &'a str {
        if !locale.is_korean() {
            return text;
        }
        if text == self.answer {
            return self.answer_in(locale);
        }
        let korean = self
            .wrong
            .iter()
            .position(|w| w == text)
            .and_then(|i| self.wrong_ko.get(i));
        locale.pick(text, korean.map(String::as_str))
    }

    /// Whether this question has no wrong choices, so it is asked without buttons and answered
    /// only by typing.
    pub fn is_typed(&self) -> bool {
        self.wrong.is_empty()
    }
}

/// What `/trivia start` asked for, beyond the drama (the store's query already picks the drama's
/// pack).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Only questions of this difficulty.
    pub difficulty: Option<u8>,
    /// Only questions of this category.
    pub category: Option<String>,
}

impl Filter {
    /// Whether `q` may be asked: it fits the filter and `guarded` (the server's spoiler guard,
    /// given the question's episode) does not hold it back.
    pub fn allows(&self, q: &QuestionData, guarded: impl Fn(Option<i64>) -> bool) -> bool {
        self.difficulty.is_none_or(|d| d == q.difficulty)
            && self.category.as_deref().is_none_or(|c| c == q.category)
            && !guarded(q.episode)
    }
}

/// The number of rounds `/trivia start` asked for, within 1..=[`MAX_ROUNDS`].
pub fn clamp_rounds(asked: Option<u32>) -> u32 {
    asked.unwrap_or(DEFAULT_ROUNDS).clamp(1, MAX_ROUNDS)
}

/// A server's time limit, within [`MIN_TIME_LIMIT`]..=[`MAX_TIME_LIMIT`].
pub fn clamp_time_limit(chosen: Option<Duration>) -> Duration {
    chosen
        .unwrap_or(DEFAULT_TIME_LIMIT)
        .clamp(MIN_TIME_LIMIT, MAX_TIME_LIMIT)
}

/// Whether `user` may stop a game: its starter or a moderator.
pub fn may_stop(starter: u64, user: u64, is_moderator: bool) -> bool {
    user == starter || is_moderator
}

// ---------------------------------------------------------------------------------------------
// Selection

/// The questions of a new game, in the order they will be asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Question keys, each at most once.
    pub questions: Vec<i64>,
    /// The server had seen every candidate, so this game starts a new cycle: the store forgets
    /// which candidates were seen before recording these (see `Selection::seen_after`, in tests).
    pub new_cycle: bool,
}

impl Selection {
    /// The server's seen set once this game's questions are recorded.
    ///
    /// On a new cycle the candidates' old marks are dropped, but every question of this game is
    /// marked, including the unseen ones that finished the old cycle: otherwise one of them could
    /// come straight back in the next game. Marks on questions outside these candidates (other
    /// filters) are kept, since their cycle has not ended. The store writes this as changes
    /// (`create_game`); tests check those against this.
    #[cfg(test)]
    pub fn seen_after(&self, seen: &HashSet<i64>, candidates: &[QuestionData]) -> HashSet<i64> {
        let mut after = seen.clone();
        if self.new_cycle {
            for q in candidates {
                after.remove(&q.key);
            }
        }
        after.extend(self.questions.iter().copied());
        after
    }
}

/// Picks up to `rounds` questions from `candidates` (already filtered, spoilers removed), unseen
/// ones first. When fewer than `rounds` are unseen, all of them are taken and the rest comes from
/// the seen ones, which starts a new cycle. The order is random; a game never repeats a question,
/// so it is shorter than `rounds` when there are fewer candidates.
pub fn pick_questions(
    candidates: &[QuestionData],
    seen: &HashSet<i64>,
    rounds: usize,
    rng: &mut impl Rng,
) -> Selection {
    let keys = candidates
        .iter()
        .map(|q| (q.key, seen.contains(&q.key)))
        .collect();
    pick_among(keys, rounds, rng)
}

/// [`pick_questions`] over candidates given as their keys, each with whether the server has seen
/// it this cycle: what the store reads when it need not read the questions themselves.
pub fn pick_among(mut keys: Vec<(i64, bool)>, rounds: usize, rng: &mut impl Rng) -> Selection {
    // Sorting first makes the draw depend only on the seed, not on the store's row order.
    keys.sort_unstable();
    keys.dedup_by_key(|(key, _)| *key);
    let (mut unseen, mut old): (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
    for (key, seen) in keys {
        if seen {
            old.push(key);
        } else {
            unseen.push(key);
        }
    }
    unseen.shuffle(rng);
    if unseen.len() >= rounds {
        unseen.truncate(rounds);
        return Selection {
            questions: unseen,
            new_cycle: false,
        };
    }
    old.shuffle(rng);
    old.truncate(rounds - unseen.len());
    // Only a repeat starts a new cycle; a game that merely used up the unseen ones leaves the
    // next game to start it.
    let new_cycle = !old.is_empty();
    let mut questions = unseen;
    questions.extend(old);
    // Mix the repeats in, so the last questions of a game are not always the familiar ones.
    questions.shuffle(rng);
    Selection {
        questions,
        new_cycle,
    }
}

/// Draws `rounds` distinct unseen questions without reading every candidate, for a pool too large
/// to read whole: keys are drawn uniformly from `ranges` (inclusive; together they hold every
/// candidate) and kept when `unseen_among` says they are candidates the server has not seen this
/// cycle. Each kept key is a uniform draw among the unseen ones not yet kept, so the game is a
/// uniformly random ordering of a uniformly random choice of them, as [`pick_questions`] makes.
///
/// Returns `None` after `budget` draws without enough (few unseen left, or few candidates in
/// `ranges`): the caller then reads the pool itself (its unseen keys, or all of them when a new
/// cycle starts) and uses [`pick_among`].
pub fn sample_unseen<E>(
    ranges: &[(i64, i64)],
    rounds: usize,
    budget: usize,
    rng: &mut impl Rng,
    mut unseen_among: impl FnMut(&[i64]) -> std::result::Result<HashSet<i64>, E>,
) -> std::result::Result<Option<Vec<i64>>, E> {
    /// The fewest keys asked about at once: one question to the store costs more than a few
    /// dozen keys in it.
    const MIN_BATCH: usize = 32;
    let ranges = merge_ranges(ranges);
    let total = ranges
        .iter()
        .fold(0u64, |sum, &(lo, hi)| sum.saturating_add(range_len(lo, hi)));
    let mut picked: Vec<i64> = Vec::with_capacity(rounds);
    if total == 0 || rounds == 0 {
        return Ok(None);
    }
    let (mut drawn, mut hits) = (0usize, 0usize);
    while picked.len() < rounds && drawn < budget {
        // Twice the draws that the rate of hits so far says the rest needs: most games take one
        // or two questions to the store, and a low rate is learnt from the first batch.
        let rate = (hits + 1) as f64 / (drawn + 1) as f64;
        let wanted = ((rounds - picked.len()) as f64 / rate * 2.0).ceil() as usize;
        let batch = wanted.max(MIN_BATCH).min(budget - drawn);
        let keys: Vec<i64> = (0..batch)
            .map(|_| key_at(&ranges, rng.random_range(0..total)))
            .collect();
        drawn += batch;
        let unseen = unseen_among(&keys)?;
        for key in keys {
            if unseen.contains(&key) {
                hits += 1;
                if picked.len() < rounds && !picked.contains(&key) {
                    picked.push(key);
                }
            }
        }
    }
    Ok((picked.len() == rounds).then_some(picked))
}

/// `ranges` sorted, empty ones dropped and overlapping ones joined, so no key is in two (it would
/// be drawn twice as often).
fn merge_ranges(ranges: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted: Vec<(i64, i64)> = ranges.iter().copied().filter(|(lo, hi)| lo <= hi).collect();
    sorted.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for (lo, hi) in sorted {
        match merged.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    merged
}

/// How many keys `lo..=hi` holds (`lo <= hi`); the whole of `i64` counts one short.
fn range_len(lo: i64, hi: i64) -> u64 {
    hi.abs_diff(lo).saturating_add(1)
}

/// The `offset`-th key of the merged `ranges` (`offset` below their total length).
fn key_at(ranges: &[(i64, i64)], mut offset: u64) -> i64 {
    for &(lo, hi) in ranges {
        let len = range_len(lo, hi);
        if offset < len {
            return lo.saturating_add_unsigned(offset);
        }
        offset -= len;
    }
    ranges.last().map_or(0, |&(_, hi)| hi)
}

// ---------------------------------------------------------------------------------------------
// Choices

/// Why a question cannot be asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BadQuestion {
    /// It has wrong choices, but not exactly three.
    WrongChoices {
        /// How many it has.
        found: usize,
    },
    /// Two choices read the same once folded (or one is empty), so buttons and typed answers
    /// could not tell them apart.
    AmbiguousChoices,
    /// The time limit does not fit after the opening time.
    TimeOutOfRange,
}

impl fmt::Display for BadQuestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadQuestion::WrongChoices { found } => {
                write!(
                    f,
                    "a trivia question needs 3 wrong choices (or none), this one has {found}"
                )
            }
            BadQuestion::AmbiguousChoices => {
                write!(f, "two choices of this trivia question read the same")
            }
            BadQuestion::TimeOutOfRange => write!(f, "the question's closing time is out of range"),
        }
    }
}

impl std::error::Error for BadQuestion {}

/// The four choices of a round as shown on buttons A-D.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    /// The texts, by button (0 is A).
    pub texts: [String; 4],
    /// Which of them is right (0-3).
    pub right: u8,
}

/// Shuffles the answer and the three wrong choices with `rng`.
pub fn shuffle_choices(q: &QuestionData, rng: &mut impl Rng) -> Result<Choices, BadQuestion> {
    let [w0, w1, w2] = q.wrong.as_slice() else {
        return Err(BadQuestion::WrongChoices {
            found: q.wrong.len(),
        });
    };
    // Compared word by word, as the pack validator compares an answer with its wrong choices:
    // "1.5 million" and "15 million" are different choices, though they fold alike.
    let mut folded: Vec<String> = [&q.answer, w0, w1, w2]
        .map(|t| crate::text::words(t).join(" "))
        .into();
    folded.sort_unstable();
    folded.dedup();
    if folded.len() != 4 || folded.iter().any(String::is_empty) {
        return Err(BadQuestion::AmbiguousChoices);
    }
    // Shuffle indices rather than texts, so the right one is found without comparing strings.
    let mut order: [usize; 4] = [0, 1, 2, 3];
    order.shuffle(rng);
    let texts = [&q.answer, w0, w1, w2];
    let right = order.iter().position(|&i| i == 0).unwrap_or(0);
    Ok(Choices {
        texts: order.map(|i| texts[i].clone()),
        right: right as u8,
    })
}

/// The letter of a choice (0 is 'A'); '?' for anything past 'D', which no button id accepts.
pub fn choice_letter(choice: u8) -> char {
    LETTERS.get(usize::from(choice)).copied().unwrap_or('?')
}

// ---------------------------------------------------------------------------------------------
// Button ids

/// A button press as its custom id names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ButtonPress {
    /// The game.
    pub game: i64,
    /// The round (0 is the first question).
    pub round: u32,
    /// The choice (0-3 for A-D).
    pub choice: u8,
}

/// A custom id that is not one [`button_id`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadButton;

impl fmt::Display for BadButton {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a trivia button")
    }
}

impl std::error::Error for BadButton {}

/// The custom id of a button: `trivia:{game}:{round}:{letter}`, at most 40 characters (Discord
/// allows 100).
pub fn button_id(game: i64, round: u32, choice: u8) -> String {
    format!("{BUTTON_PREFIX}:{game}:{round}:{}", choice_letter(choice))
}

/// Reads a custom id made by [`button_id`]. Custom ids come back from clients, so anything but
/// the exact form is refused: another prefix, a missing or extra part, a number that is not
/// written the way `button_id` writes it (sign, leading zero, overflow) or a letter other than
/// A-D.
pub fn parse_button_id(id: &str) -> Result<ButtonPress, BadButton> {
    if id.len() > 100 {
        return Err(BadButton);
    }
    let mut parts = id.split(':');
    if parts.next() != Some(BUTTON_PREFIX) {
        return Err(BadButton);
    }
    let game = canonical::<i64>(parts.next())?;
    let round = canonical::<u32>(parts.next())?;
    let choice = match parts.next() {
        Some("A") => 0,
        Some("B") => 1,
        Some("C") => 2,
        Some("D") => 3,
        _ => return Err(BadButton),
    };
    if parts.next().is_some() {
        return Err(BadButton);
    }
    Ok(ButtonPress {
        game,
        round,
        choice,
    })
}

/// A number written exactly as `Display` writes it; `parse` alone would take "+7" and "007", and
/// accepting two spellings of one id is how tampering goes unnoticed.
pub(crate) fn canonical<T: std::str::FromStr + fmt::Display>(
    part: Option<&str>,
) -> Result<T, BadButton> {
    let part = part.ok_or(BadButton)?;
    let n: T = part.parse().map_err(|_| BadButton)?;
    if n.to_string() == part {
        Ok(n)
    } else {
        Err(BadButton)
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// Points for a right answer given `answered_after` the question opened, with `time_limit` to
/// answer and `streak_before` right answers in a row just before it in this game.
///
/// - base: 100 × difficulty (difficulty outside 1-3 counts as the nearest of them);
/// - speed bonus: up to base / 2, linear in the time left (all of it at once, none at the close);
/// - streak bonus: base / 10 per earlier right answer in a row, at most base / 2 (5 in a row).
///
/// So a round is worth 100 to 600 points. Wrong answers are not scored here: they get 0.
pub fn points(
    difficulty: u8,
    answered_after: Duration,
    time_limit: Duration,
    streak_before: u32,
) -> u32 {
    let base = 100 * u32::from(difficulty.clamp(1, 3));
    let limit = time_limit.as_millis();
    let left = limit.saturating_sub(answered_after.as_millis());
    let speed = if limit == 0 {
        0
    } else {
        // Both factors are small (base ≤ 300, left ≤ limit), so this cannot overflow, and the
        // quotient is at most base / 2.
        u32::try_from(u128::from(base) * left / (2 * limit)).unwrap_or(base / 2)
    };
    let streak = base / 10 * streak_before.min(5);
    base + speed + streak
}

// ---------------------------------------------------------------------------------------------
// Typed answers

/// What a member answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A button, or typed text that reads as that choice (0-3 for A-D).
    Choice(u8),
    /// Typed text that reads as none of the choices (kept cut to [`MAX_KEPT_TEXT_CHARS`]).
    Text(String),
}

impl fmt::Display for Pick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pick::Choice(c) => write!(f, "{}", choice_letter(*c)),
            Pick::Text(t) => write!(f, "\u{201c}{t}\u{201d}"),
        }
    }
}

/// How close typed text is to a choice, lower is closer: 0 same folded text, 1 same name in
/// another romanisation (or Hangul), 2 or 3 one or two typos.
fn closeness(typed: &str, typed_key: &str, target: &str) -> Option<u32> {
    let folded = fold(target);
    if folded.is_empty() {
        return None;
    }
    if typed == folded {
        return Some(0);
    }
    let key = variant_key(target);
    if !key.is_empty() && key == typed_key {
        return Some(1);
    }
    // Numbers are right or wrong: "2019" is not a typo of "2018".
    if typed.chars().chain(folded.chars()).any(|c| c.is_numeric()) {
        return None;
    }
    let letters = typed.chars().count().min(folded.chars().count());
    let max = match letters {
        0..=3 => return None,
        4..=6 => 1,
        _ => 2,
    };
    damerau_levenshtein(typed, &folded, max).map(|d| 1 + d as u32)
}

/// The choice typed `text` reads as, if exactly one reads closest: the right one through the
/// answer or any accepted spelling, a wrong one through its text. Text as close to a wrong choice
/// as to the right one reads as none, so text that folds to a wrong choice is never right.
/// Empty (emoji only, punctuation only) and over-long text reads as nothing.
pub fn read_typed(text: &str, choices: &Choices, accept: &[String]) -> Option<u8> {
    read_among(text, &choices.texts, choices.right, accept)
}

/// Whether typed `text` reads as the answer of a typed-answer question (one without choices):
/// the same reading as [`read_typed`], with the answer as the only choice.
pub fn reads_as_answer(text: &str, question: &QuestionData) -> bool {
    read_among(
        text,
        std::slice::from_ref(&question.answer),
        0,
        &question.accepted(),
    ) == Some(0)
}

/// The choice of `texts` that `text` reads as; `right` is the one `accept` spells otherwise.
fn read_among(text: &str, texts: &[String], right: u8, accept: &[String]) -> Option<u8> {
    if text.chars().nth(MAX_INPUT_CHARS).is_some() {
        return None;
    }
    let typed = fold(text);
    if typed.is_empty() {
        return None;
    }
    // The text as typed, and without the small words people put around an answer ("in 2023",
    // "to Canada", "the Confession"): whichever reads closer counts.
    let mut readings = vec![(typed, variant_key(text))];
    let bare = without_filler_words(text);
    if bare != text.trim() && !fold(&bare).is_empty() {
        readings.push((fold(&bare), variant_key(&bare)));
    }
    let mut best: Option<(u32, u8)> = None;
    let mut tied = false;
    for (i, choice) in (0u8..).zip(texts) {
        let spellings = std::iter::once(choice.as_str())
            .chain(accept.iter().map(String::as_str).filter(|_| i == right));
        // A choice's own small words are optional too: "salesman" is "The Salesman".
        let targets: Vec<String> = spellings
            .flat_map(|s| {
                let bare = without_filler_words(s);
                let framed = (bare != s.trim()).then(|| s.to_string());
                framed.into_iter().chain([bare])
            })
            .collect();
        let Some(c) = targets
            .iter()
            .flat_map(|s| {
                readings
                    .iter()
                    .filter_map(move |(typed, key)| closeness(typed, key, s))
            })
            .min()
        else {
            continue;
        };
        match best {
            Some((b, _)) if c > b => {}
            Some((b, _)) if c == b => tied = true,
            _ => {
                best = Some((c, i));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, i)| i)
}

/// Words that frame an answer without being part of it, at either end of what was typed.
const FILLER_WORDS: [&str; 12] = [
    "a", "an", "the", "in", "on", "at", "to", "of", "by", "from", "it's", "its",
];

/// `text` without filler words at its start and end ("in 2023" → "2023"); never empties it.
fn without_filler_words(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let filler = |w: &str| FILLER_WORDS.contains(&w.to_lowercase().as_str());
    while words.len() > 1 && words.first().is_some_and(|w| filler(w)) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| filler(w)) {
        words.pop();
    }
    words.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Rounds

/// One member's answer in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// What they answered.
    pub pick: Pick,
    /// When they answered (or last changed it: the speed bonus must not reward hedging).
    pub at: Timestamp,
}

/// What a press or a typed answer did; the bot tells the member alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PressOutcome {
    /// The first answer of this member: "locked in: B".
    Locked {
        /// Their answer.
        pick: Pick,
    },
    /// The server allows changes and this member changed their answer.
    Changed {
        /// The answer before.
        from: Pick,
        /// The answer now.
        to: Pick,
    },
    /// They had answered already and the answer stands (changes not allowed, or the same again).
    AlreadyLocked {
        /// The answer that stands.
        pick: Pick,
    },
    /// The question is closed, its time is up, or the button belongs to another question or game.
    Closed,
    /// Not an answer: a choice past D, empty or over-long text, or text for another question.
    Unreadable,
}

/// One question being asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// The game.
    pub game: i64,
    /// The round's place in the game (0 is the first question; show `index + 1`).
    pub index: u32,
    /// The question's key.
    pub question: i64,
    /// The question's difficulty, kept so closing needs nothing else.
    pub difficulty: u8,
    /// The buttons and which is right; `None` for a typed-answer question, which has no buttons
    /// and whose right answer is recorded as choice [`TYPED_RIGHT`].
    pub choices: Option<Choices>,
    /// When the question was shown.
    pub opened_at: Timestamp,
    /// When time is up.
    pub closes_at: Timestamp,
    // Crate-visible so the store can rebuild a round from its columns; everything else goes
    // through the methods, which keep one answer per member and never reopen a closed round.
    pub(crate) answers: BTreeMap<u64, Answer>,
    pub(crate) closed: bool,
}

impl Round {
    /// Opens round `index` of `game` on `question` at `now`, shuffling its choices with `rng`.
    pub fn open(
        game: i64,
        index: u32,
        question: &QuestionData,
        now: Timestamp,
        time_limit: Duration,
        rng: &mut impl Rng,
    ) -> Result<Round, BadQuestion> {
        let choices = if question.is_typed() {
            None
        } else {
            Some(shuffle_choices(question, rng)?)
        };
        let closes_at = now
            .checked_add(time_limit)
            .map_err(|_| BadQuestion::TimeOutOfRange)?;
        Ok(Round {
            game,
            index,
            question: question.key,
            difficulty: question.difficulty,
            choices,
            opened_at: now,
            closes_at,
            answers: BTreeMap::new(),
            closed: false,
        })
    }

    /// The right choice (0-3); [`TYPED_RIGHT`] in a typed-answer round.
    pub fn right(&self) -> u8 {
        self.choices.as_ref().map_or(TYPED_RIGHT, |c| c.right)
    }

    /// Whether this round asks a typed-answer question: no buttons, answered with
    /// `/trivia answer` only.
    pub fn is_typed(&self) -> bool {
        self.choices.is_none()
    }

    /// The answers so far, by member.
    pub fn answers(&self) -> &BTreeMap<u64, Answer> {
        &self.answers
    }

    /// Whether [`Round::close`] has run.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Whether time is up at `now`.
    pub fn is_due(&self, now: Timestamp) -> bool {
        now >= self.closes_at
    }

    /// The time members had to answer.
    pub fn time_limit(&self) -> Duration {
        Duration::try_from(self.closes_at.duration_since(self.opened_at)).unwrap_or_default()
    }

    /// A press of a button with the id `press`: refused as [`PressOutcome::Closed`] when the id
    /// names another game or question (an old message's buttons).
    pub fn press_button(
        &mut self,
        press: ButtonPress,
        user: u64,
        now: Timestamp,
        allow_changes: bool,
    ) -> PressOutcome {
        if press.game != self.game || press.round != self.index {
            return PressOutcome::Closed;
        }
        self.press(user, press.choice, now, allow_changes)
    }

    /// `user` pressed button `choice` (0-3) at `now`.
    pub fn press(
        &mut self,
        user: u64,
        choice: u8,
        now: Timestamp,
        allow_changes: bool,
    ) -> PressOutcome {
        // A typed-answer round shows no buttons, so a press on it is a forged custom id; taking
        // it would score choice 0, which there stands for the right answer.
        if usize::from(choice) >= LETTERS.len() || self.is_typed() {
            return PressOutcome::Unreadable;
        }
        self.answer(user, Pick::Choice(choice), now, allow_changes)
    }

    /// `user` typed `text` (`/trivia answer`) at `now`; `question` is this round's question, for
    /// its accepted spellings. Text is read as in [`read_typed`].
    pub fn typed(
        &mut self,
        user: u64,
        text: &str,
        question: &QuestionData,
        now: Timestamp,
        allow_changes: bool,
    ) -> PressOutcome {
        if question.key != self.question
            || text.chars().nth(MAX_INPUT_CHARS).is_some()
            || fold(text).is_empty()
        {
            return PressOutcome::Unreadable;
        }
        let kept = || Pick::Text(text.trim().chars().take(MAX_KEPT_TEXT_CHARS).collect());
        let pick = match &self.choices {
            Some(choices) => match read_typed(text, choices, &question.accepted()) {
                Some(choice) => Pick::Choice(choice),
                None => kept(),
            },
            None if reads_as_answer(text, question) => Pick::Choice(TYPED_RIGHT),
            None => kept(),
        };
        self.answer(user, pick, now, allow_changes)
    }

    fn answer(
        &mut self,
        user: u64,
        pick: Pick,
        now: Timestamp,
        allow_changes: bool,
    ) -> PressOutcome {
        if self.closed || self.is_due(now) {
            return PressOutcome::Closed;
        }
        match self.answers.get_mut(&user) {
            None => {
                self.answers.insert(
                    user,
                    Answer {
                        pick: pick.clone(),
                        at: now,
                    },
                );
                PressOutcome::Locked { pick }
            }
            Some(old) if allow_changes && old.pick != pick => {
                let from = std::mem::replace(&mut old.pick, pick.clone());
                old.at = now;
                PressOutcome::Changed { from, to: pick }
            }
            Some(old) => PressOutcome::AlreadyLocked {
                pick: old.pick.clone(),
            },
        }
    }

    /// Whether every player of this game has answered, so the round may close early. `players` is
    /// who answered in earlier rounds (see [`players`]); with none yet (the first round) this is
    /// false, since nobody can know how many are still reading.
    pub fn everyone_answered(&self, players: &BTreeSet<u64>) -> bool {
        !players.is_empty() && players.iter().all(|p| self.answers.contains_key(p))
    }

    /// Closes the round at `now` and scores it, updating `streaks` (this game's, by member):
    /// right answers extend a streak, wrong answers and members who did not answer lose theirs.
    /// Closing again returns `None` and changes nothing, so a stop racing the timer cannot score
    /// a round twice.
    pub fn close(
        &mut self,
        now: Timestamp,
        streaks: &mut HashMap<u64, u32>,
    ) -> Option<RoundResult> {
        if self.closed {
            return None;
        }
        self.closed = true;
        let limit = self.time_limit();
        let right = Pick::Choice(self.right());
        for (user, streak) in streaks.iter_mut() {
            if !self.answers.contains_key(user) {
                *streak = 0;
            }
        }
        let mut answers = Vec::with_capacity(self.answers.len());
        for (&user, answer) in &self.answers {
            let streak = streaks.entry(user).or_insert(0);
            let correct = answer.pick == right;
            let points = if correct {
                let after = Duration::try_from(answer.at.duration_since(self.opened_at))
                    .unwrap_or_default();
                let p = points(self.difficulty, after, limit, *streak);
                *streak = streak.saturating_add(1);
                p
            } else {
                *streak = 0;
                0
            };
            answers.push(ScoredAnswer {
                user,
                pick: answer.pick.clone(),
                correct,
                points,
            });
        }
        Some(RoundResult::new(self, now, answers))
    }
}

/// One member's answer once the round is scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredAnswer {
    /// The member.
    pub user: u64,
    /// What they answered.
    pub pick: Pick,
    /// Whether it was right.
    pub correct: bool,
    /// What it scored (0 when wrong).
    pub points: u32,
}

/// A closed round: what the close message shows (with the question's explanation and source)
/// and what standings add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundResult {
    /// The game.
    pub game: i64,
    /// The round (0 is the first question).
    pub index: u32,
    /// The question's key.
    pub question: i64,
    /// The right choice (0-3); [`TYPED_RIGHT`] for a typed-answer round.
    pub right_choice: u8,
    /// When it closed.
    pub closed_at: Timestamp,
    /// Who had it right and what they scored, best first (ties by user id).
    pub winners: Vec<(u64, u32)>,
    /// Every answer, by user id.
    pub answers: Vec<ScoredAnswer>,
    /// Nobody answered at all (what ends an idle game).
    pub nobody_answered: bool,
}

impl RoundResult {
    /// The result of `round` closed at `closed_at` with these scored answers: the one place that
    /// ranks winners, used when a round closes and when the store reads a closed round back.
    pub(crate) fn new(round: &Round, closed_at: Timestamp, mut answers: Vec<ScoredAnswer>) -> Self {
        answers.sort_by_key(|a| a.user);
        let mut winners: Vec<(u64, u32)> = answers
            .iter()
            .filter(|a| a.correct)
            .map(|a| (a.user, a.points))
            .collect();
        winners.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        RoundResult {
            game: round.game,
            index: round.index,
            question: round.question,
            right_choice: round.right(),
            closed_at,
            nobody_answered: answers.is_empty(),
            winners,
            answers,
        }
    }
}

/// Everyone who has answered in these rounds: the players [`Round::everyone_answered`] waits for.
pub fn players(results: &[RoundResult]) -> BTreeSet<u64> {
    results
        .iter()
        .flat_map(|r| r.answers.iter().map(|a| a.user))
        .collect()
}

/// Whether the game should end itself: the last [`IDLE_ROUNDS`] rounds had no answer at all.
pub fn should_end_idle(results: &[RoundResult]) -> bool {
    results.len() >= IDLE_ROUNDS
        && results
            .iter()
            .rev()
            .take(IDLE_ROUNDS)
            .all(|r| r.nobody_answered)
}

/// One line of the standings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The member.
    pub user: u64,
    /// Their points over the game.
    pub points: u32,
    /// How many of their answers were right.
    pub correct: u32,
}

/// The standings after `results`: everyone who answered, most points first, then most right
/// answers, then lowest user id, so equal scores always list in the same order.
pub fn standings(results: &[RoundResult]) -> Vec<Standing> {
    let mut totals: BTreeMap<u64, Standing> = BTreeMap::new();
    for a in results.iter().flat_map(|r| &r.answers) {
        let s = totals.entry(a.user).or_insert(Standing {
            user: a.user,
            points: 0,
            correct: 0,
        });
        s.points = s.points.saturating_add(a.points);
        s.correct = s.correct.saturating_add(u32::from(a.correct));
    }
    let mut list: Vec<Standing> = totals.into_values().collect();
    list.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.correct.cmp(&a.correct))
            .then(a.user.cmp(&b.user))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + secs).expect("fixed test time")
    }

    fn ms(secs: i64, millis: i64) -> Timestamp {
        t(secs)
            .checked_add(jiff::SignedDuration::from_millis(millis))
            .expect("fixed test time")
    }

    fn question(key: i64) -> QuestionData {
        QuestionData {
            key,
            question: "Who plays Baek Kang-hyuk?".into(),
            answer: "Ju Ji-hoon".into(),
            wrong: vec![
                "Choo Young-woo".into(),
                "Ha Young".into(),
                "Yoon Kyung-ho".into(),
            ],
            accept: vec!["Joo Ji-hoon".into()],
            difficulty: 1,
            category: "cast".into(),
            explanation: None,
            source: "Outlet, 2025-01-24".into(),
            episode: None,
            question_ko: None,
            answer_ko: None,
            wrong_ko: Vec::new(),
            explanation_ko: None,
        }
    }

    fn questions(n: i64) -> Vec<QuestionData> {
        (1..=n).map(question).collect()
    }

    fn round(seed: u64) -> Round {
        Round::open(7, 0, &question(1), t(0), DEFAULT_TIME_LIMIT, &mut rng(seed))
            .expect("valid question")
    }

    // --- choices ---

    #[test]
    fn choices_hold_the_answer_once_and_the_three_wrong_ones() {
        let q = question(1);
        let mut r = rng(1);
        let mut positions = [0; 4];
        for _ in 0..200 {
            let c = shuffle_choices(&q, &mut r).expect("valid question");
            assert_eq!(c.texts[usize::from(c.right)], q.answer);
            assert_eq!(c.texts.iter().filter(|t| **t == q.answer).count(), 1);
            for w in &q.wrong {
                assert_eq!(c.texts.iter().filter(|t| *t == w).count(), 1);
            }
            positions[usize::from(c.right)] += 1;
        }
        // Every position comes up, so the answer is not stuck on one button.
        assert!(positions.iter().all(|&n| n > 20), "{positions:?}");
    }

    #[test]
    fn seeded_shuffle_is_reproducible() {
        let q = question(1);
        for seed in 0..20 {
            assert_eq!(
                shuffle_choices(&q, &mut rng(seed)),
                shuffle_choices(&q, &mut rng(seed))
            );
        }
    }

    #[test]
    fn malformed_questions_are_refused() {
        let mut q = question(1);
        q.wrong.pop();
        assert_eq!(
            shuffle_choices(&q, &mut rng(0)),
            Err(BadQuestion::WrongChoices { found: 2 })
        );
        let mut q = question(1);
        q.wrong[0] = "ju ji hoon".into();
        assert_eq!(
            shuffle_choices(&q, &mut rng(0)),
            Err(BadQuestion::AmbiguousChoices)
        );
        let mut q = question(1);
        q.wrong[1] = "🙂".into();
        assert_eq!(
            shuffle_choices(&q, &mut rng(0)),
            Err(BadQuestion::AmbiguousChoices)
        );
        // Choices that fold alike but read differently are fine, as the pack validator says.
        let mut q = question(1);
        q.answer = "15 million".into();
        q.wrong = vec![
            "1.5 million".into(),
            "50 million".into(),
            "150 million".into(),
        ];
        assert!(shuffle_choices(&q, &mut rng(0)).is_ok());
    }

    // --- selection ---

    #[test]
    fn selection_prefers_unseen_and_never_repeats() {
        let qs = questions(20);
        let seen: HashSet<i64> = (1..=12).collect();
        for seed in 0..50 {
            let s = pick_questions(&qs, &seen, 5, &mut rng(seed));
            assert_eq!(s.questions.len(), 5);
            assert!(!s.new_cycle);
            assert!(s.questions.iter().all(|k| !seen.contains(k)));
            let distinct: HashSet<i64> = s.questions.iter().copied().collect();
            assert_eq!(distinct.len(), 5);
        }
    }

    #[test]
    fn a_new_cycle_starts_when_unseen_run_out() {
        let qs = questions(10);
        let seen: HashSet<i64> = (1..=7).chain([99]).collect();
        let s = pick_questions(&qs, &seen, 6, &mut rng(3));
        assert!(s.new_cycle);
        assert_eq!(s.questions.len(), 6);
        let distinct: HashSet<i64> = s.questions.iter().copied().collect();
        assert_eq!(distinct.len(), 6);
        // All three unseen are asked.
        for k in 8..=10 {
            assert!(s.questions.contains(&k));
        }
        // After the game, only this game's questions count as seen among the candidates; the
        // mark on 99 (outside these candidates) stays.
        let after = s.seen_after(&seen, &qs);
        let expected: HashSet<i64> = s.questions.iter().copied().chain([99]).collect();
        assert_eq!(after, expected);
    }

    #[test]
    fn selection_without_repeats_is_no_new_cycle_and_small_pools_give_short_games() {
        let qs = questions(4);
        let s = pick_questions(&qs, &HashSet::new(), 10, &mut rng(0));
        assert_eq!(s.questions.len(), 4);
        assert!(!s.new_cycle);
        let seen = s.seen_after(&HashSet::new(), &qs);
        let s2 = pick_questions(&qs, &seen, 2, &mut rng(1));
        assert!(s2.new_cycle);
        assert_eq!(s2.questions.len(), 2);
        assert!(
            pick_questions(&[], &seen, 5, &mut rng(1))
                .questions
                .is_empty()
        );
    }

    #[test]
    fn selection_is_reproducible_and_ignores_duplicate_candidates() {
        let mut qs = questions(30);
        qs.extend(questions(30));
        let a = pick_questions(&qs, &HashSet::new(), 30, &mut rng(5));
        let b = pick_questions(&qs, &HashSet::new(), 30, &mut rng(5));
        assert_eq!(a, b);
        let distinct: HashSet<i64> = a.questions.iter().copied().collect();
        assert_eq!(distinct.len(), 30);
    }

    #[test]
    fn pick_among_keys_is_pick_questions() {
        let qs = questions(40);
        let seen: HashSet<i64> = (1..=25).collect();
        for rounds in [5, 15, 30] {
            let keys: Vec<(i64, bool)> = qs
                .iter()
                .rev()
                .map(|q| (q.key, seen.contains(&q.key)))
                .collect();
            assert_eq!(
                pick_among(keys, rounds, &mut rng(9)),
                pick_questions(&qs, &seen, rounds, &mut rng(9)),
                "the same draw whatever order the keys come in"
            );
        }
    }

    /// [`sample_unseen`] over `ranges` where `unseen` are the pool's unseen questions, counting
    /// the keys it asks about.
    fn sample(
        ranges: &[(i64, i64)],
        unseen: &HashSet<i64>,
        rounds: usize,
        budget: usize,
        seed: u64,
    ) -> (Option<Vec<i64>>, usize) {
        let mut asked = 0;
        let picked = sample_unseen(ranges, rounds, budget, &mut rng(seed), |keys| {
            asked += keys.len();
            Ok::<_, ()>(
                keys.iter()
                    .copied()
                    .filter(|k| unseen.contains(k))
                    .collect(),
            )
        })
        .expect("no error");
        (picked, asked)
    }

    #[test]
    fn sampling_takes_distinct_unseen_questions_only() {
        // Keys 1-1000 and 5000-5999; one in seven is an unseen question of the pool.
        let ranges = [(1, 1000), (5000, 5999)];
        let unseen: HashSet<i64> = (1..1000).chain(5000..6000).filter(|k| k % 7 == 0).collect();
        for seed in 0..50 {
            let (picked, asked) = sample(&ranges, &unseen, 30, 4096, seed);
            let picked = picked.expect("enough unseen");
            assert_eq!(picked.len(), 30);
            assert!(picked.iter().all(|k| unseen.contains(k)));
            let distinct: HashSet<i64> = picked.iter().copied().collect();
            assert_eq!(distinct.len(), 30);
            assert!(asked < 1_000, "{asked} keys asked about for 30 questions");
        }
        let (a, _) = sample(&ranges, &unseen, 10, 4096, 3);
        let (b, _) = sample(&ranges, &unseen, 10, 4096, 3);
        assert_eq!(a, b, "the same seed draws the same game");
    }

    #[test]
    fn sampling_is_uniform_over_the_unseen_and_over_the_order() {
        // Overlapping ranges and keys outside every pool, as lists interleave in the store.
        let ranges = [(10, 40), (30, 60), (100, 100)];
        let unseen: HashSet<i64> = [10, 11, 25, 39, 40, 41, 59, 60, 100].into_iter().collect();
        let runs = 9_000;
        let mut count: HashMap<i64, usize> = HashMap::new();
        let mut first: HashMap<i64, usize> = HashMap::new();
        for seed in 0..runs {
            let picked = sample(&ranges, &unseen, 3, 4096, seed).0.expect("enough");
            *first.entry(picked[0]).or_default() += 1;
            for key in picked {
                *count.entry(key).or_default() += 1;
            }
        }
        // Each of the 9 is in a third of the games and first in a ninth of them (within
        // 10% and 15%: five standard deviations).
        for key in &unseen {
            let n = count.get(key).copied().unwrap_or_default();
            assert!((2_700..=3_300).contains(&n), "{key} in {n} games of {runs}");
            let n = first.get(key).copied().unwrap_or_default();
            assert!(
                (850..=1_150).contains(&n),
                "{key} first in {n} games of {runs}"
            );
        }
    }

    #[test]
    fn sampling_gives_up_within_its_budget_when_too_few_are_unseen() {
        let ranges = [(1, 10_000)];
        let few: HashSet<i64> = [17, 4_242].into_iter().collect();
        let (picked, asked) = sample(&ranges, &few, 5, 3_000, 1);
        assert_eq!(picked, None, "two unseen cannot make five questions");
        assert!(asked <= 3_000, "{asked}");
        // Rare but enough: found within the budget.
        let rare: HashSet<i64> = (1..=10_000).filter(|k| k % 100 == 0).collect();
        let (picked, _) = sample(&ranges, &rare, 5, 4_096, 2);
        assert_eq!(picked.map(|p| p.len()), Some(5));
        assert_eq!(sample(&[], &rare, 5, 4_096, 2), (None, 0), "no lists");
        assert_eq!(sample(&[(5, 1)], &rare, 5, 4_096, 2), (None, 0));
    }

    #[test]
    fn ranges_are_merged_so_no_key_is_drawn_twice_as_often() {
        let merged = merge_ranges(&[(30, 60), (9, 3), (10, 40), (100, 100), (61, 61)]);
        assert_eq!(merged, [(10, 61), (100, 100)]);
        assert_eq!(key_at(&merged, 0), 10);
        assert_eq!(key_at(&merged, 51), 61);
        assert_eq!(key_at(&merged, 52), 100);
        assert_eq!(
            merge_ranges(&[(i64::MAX - 1, i64::MAX), (1, 2)]),
            [(1, 2), (i64::MAX - 1, i64::MAX)]
        );
        // Keys the store cannot hold (below 1, the whole of i64) draw without overflowing.
        let unseen: HashSet<i64> = [i64::MIN, 0, i64::MAX].into_iter().collect();
        let (picked, _) = sample(&[(i64::MIN, i64::MAX), (0, 0)], &unseen, 1, 64, 1);
        assert_eq!(picked, None, "three keys in 2^64 are not found in 64 draws");
    }

    #[test]
    fn filter_applies_difficulty_category_and_spoiler_guard() {
        let mut q = question(1);
        q.episode = Some(5);
        let watched = |e: Option<i64>| e.is_some_and(|e| e > 3);
        assert!(!Filter::default().allows(&q, watched));
        assert!(Filter::default().allows(&q, |_| false));
        let f = Filter {
            difficulty: Some(1),
            category: Some("cast".into()),
        };
        assert!(f.allows(&q, |_| false));
        let f = Filter {
            difficulty: Some(2),
            category: None,
        };
        assert!(!f.allows(&q, |_| false));
    }

    // --- button ids ---

    #[test]
    fn button_ids_round_trip() {
        for (game, round, choice) in [(0, 0, 0), (1, 29, 3), (i64::MAX, u32::MAX, 2), (-4, 7, 1)] {
            let id = button_id(game, round, choice);
            assert!(id.len() <= 100);
            assert_eq!(
                parse_button_id(&id),
                Ok(ButtonPress {
                    game,
                    round,
                    choice
                })
            );
        }
        assert_eq!(button_id(12, 3, 1), "trivia:12:3:B");
    }

    #[test]
    fn tampered_button_ids_are_refused() {
        for id in [
            "",
            "trivia",
            "trivia:1:2",
            "trivia:1:2:",
            "trivia:1:2:E",
            "trivia:1:2:a",
            "trivia:1:2:AB",
            "trivia:1:2:A:",
            "trivia:1:2:A:x",
            "Trivia:1:2:A",
            "quote:1:2:A",
            "trivia:x:2:A",
            "trivia:1:-2:A",
            "trivia:+1:2:A",
            "trivia:01:2:A",
            "trivia:1:02:A",
            "trivia:-0:2:A",
            "trivia: 1:2:A",
            "trivia:1:4294967296:A",
            "trivia:9223372036854775808:2:A",
            "trivia:1:2:?",
            "trivia:1:2:Ａ",
        ] {
            assert_eq!(parse_button_id(id), Err(BadButton), "{id:?}");
        }
        assert_eq!(parse_button_id(&"9".repeat(200)), Err(BadButton));
    }

    #[test]
    fn random_ids_parse_only_when_they_are_exactly_what_button_id_makes() {
        const ALPHABET: &[u8] = b"trivia:0123456789ABCDE-+ x";
        let mut r = rng(9);
        for i in 0..5_000 {
            let len = r.random_range(0..24);
            let mut id: String = (0..len)
                .map(|_| char::from(ALPHABET[r.random_range(0..ALPHABET.len())]))
                .collect();
            // Half start well, so the parser's later checks are reached too.
            if i % 2 == 0 {
                id.insert_str(0, "trivia:");
            }
            if let Ok(p) = parse_button_id(&id) {
                assert_eq!(button_id(p.game, p.round, p.choice), id);
            }
        }
    }

    // --- points ---

    #[test]
    fn points_examples() {
        let limit = Duration::from_secs(20);
        // Instant answer: base plus the whole speed bonus.
        assert_eq!(points(1, Duration::ZERO, limit, 0), 150);
        assert_eq!(points(2, Duration::ZERO, limit, 0), 300);
        assert_eq!(points(3, Duration::ZERO, limit, 0), 450);
        // Half the time gone: half the bonus.
        assert_eq!(points(2, Duration::from_secs(10), limit, 0), 250);
        // Last second and late: no speed bonus.
        assert_eq!(points(1, Duration::from_millis(19_999), limit, 0), 100);
        assert_eq!(points(1, Duration::from_secs(25), limit, 0), 100);
        // Streaks: +10% of base each, capped at +50%.
        assert_eq!(points(1, limit, limit, 1), 110);
        assert_eq!(points(3, limit, limit, 3), 390);
        assert_eq!(points(1, limit, limit, 5), 150);
        assert_eq!(points(1, limit, limit, 40), 150);
        assert_eq!(points(3, Duration::ZERO, limit, u32::MAX), 600);
        // Out-of-range inputs stay in range.
        assert_eq!(points(0, Duration::ZERO, Duration::ZERO, 0), 100);
        assert_eq!(points(9, Duration::ZERO, limit, 0), 450);
    }

    #[test]
    fn limits_are_clamped() {
        assert_eq!(clamp_rounds(None), 10);
        assert_eq!(clamp_rounds(Some(0)), 1);
        assert_eq!(clamp_rounds(Some(99)), 30);
        assert_eq!(clamp_time_limit(None), Duration::from_secs(20));
        assert_eq!(
            clamp_time_limit(Some(Duration::from_secs(1))),
            MIN_TIME_LIMIT
        );
        assert_eq!(
            clamp_time_limit(Some(Duration::from_secs(600))),
            MAX_TIME_LIMIT
        );
        assert!(may_stop(1, 1, false) && may_stop(1, 2, true) && !may_stop(1, 2, false));
    }

    // --- typed answers ---

    fn typed_right(text: &str) -> bool {
        let mut r = round(1);
        let q = question(1);
        r.typed(5, text, &q, t(1), false);
        let mut streaks = HashMap::new();
        r.close(t(2), &mut streaks)
            .is_some_and(|res| res.winners.iter().any(|w| w.0 == 5))
    }

    #[test]
    fn typed_answers_match_like_cast_names() {
        for text in [
            "Ju Ji-hoon",
            "ju ji hoon",
            "JU JIHOON",
            "joo jihoon",
            "주지훈",
            "Ju Jihon",
            "Ju Jiihoon",
            "Jo Ji-hoon",
            "Ｊｕ Ｊｉ－ｈｏｏｎ",
        ] {
            assert!(typed_right(text), "{text:?} should be right");
        }
        for text in [
            "Choo Young-woo",
            "choo youngwoo",
            "Ha Young",
            "😀😀😀",
            "",
            "   ",
            "Ju",
            "Lee Do-hyun",
        ] {
            assert!(!typed_right(text), "{text:?} should be wrong");
        }
        let long = "Ju Ji-hoon ".repeat(600);
        assert!(long.chars().count() >= 6_000);
        assert!(!typed_right(&long));
        assert!(!typed_right(&"a".repeat(6_000)));
    }

    #[test]
    fn typed_text_reads_as_a_choice_or_stays_text() {
        let mut r = round(2);
        let q = question(1);
        let choice_of = |r: &Round, text: &str| {
            r.choices
                .as_ref()
                .expect("a button round")
                .texts
                .iter()
                .position(|c| c == text)
                .and_then(|i| u8::try_from(i).ok())
                .expect("a choice")
        };
        let ha = choice_of(&r, "Ha Young");
        assert_eq!(
            r.typed(1, "ha-young", &q, t(1), false),
            PressOutcome::Locked {
                pick: Pick::Choice(ha)
            }
        );
        assert_eq!(
            r.typed(2, "Lee Do-hyun", &q, t(1), false),
            PressOutcome::Locked {
                pick: Pick::Text("Lee Do-hyun".into())
            }
        );
        assert_eq!(r.typed(3, "🙂", &q, t(1), false), PressOutcome::Unreadable);
        assert_eq!(
            r.typed(4, &"x".repeat(6_000), &q, t(1), false),
            PressOutcome::Unreadable
        );
        assert_eq!(
            r.typed(5, "Ju Ji-hoon", &question(2), t(1), false),
            PressOutcome::Unreadable
        );
        assert_eq!(r.answers().len(), 2);
    }

    #[test]
    fn text_as_close_to_a_wrong_choice_is_never_right() {
        let mut q = question(1);
        // A wrong choice that is a romanisation variant of the answer: each reads only as itself,
        // and text between them reads as neither.
        q.wrong[0] = "Jo Ji-hoon".into();
        let c = shuffle_choices(&q, &mut rng(0)).expect("valid question");
        let pos = |s: &str| c.texts.iter().position(|x| x == s).map(|i| i as u8);
        assert_eq!(read_typed("jo jihoon", &c, &q.accept), pos("Jo Ji-hoon"));
        assert_eq!(read_typed("ju jihoon", &c, &q.accept), pos("Ju Ji-hoon"));
        assert_eq!(read_typed("ja jihoon", &c, &q.accept), None);
        // Numbers are exact: a year one off is no typo.
        let mut q = question(1);
        q.answer = "2019".into();
        q.wrong = vec!["2016".into(), "2020".into(), "2022".into()];
        q.accept.clear();
        let c = shuffle_choices(&q, &mut rng(0)).expect("valid question");
        assert_eq!(read_typed("2019", &c, &[]), Some(c.right));
        assert_eq!(read_typed("2018", &c, &[]), None);
    }

    #[test]
    fn small_words_around_a_typed_answer_do_not_make_it_wrong() {
        let choices = |answer: &str, wrong: [&str; 3]| {
            let mut q = question(1);
            q.answer = answer.into();
            q.wrong = wrong.iter().map(|w| w.to_string()).collect();
            q.accept.clear();
            shuffle_choices(&q, &mut rng(0)).expect("valid question")
        };
        let c = choices("2023", ["2021", "2022", "2024"]);
        assert_eq!(read_typed("in 2023", &c, &[]), Some(c.right));
        let wrong_2022 = c.texts.iter().position(|t| t == "2022").map(|i| i as u8);
        assert_eq!(read_typed("In 2022", &c, &[]), wrong_2022);
        let c = choices("Canada", ["Japan", "Australia", "Germany"]);
        assert_eq!(read_typed("to Canada", &c, &[]), Some(c.right));
        assert_eq!(read_typed("Canada.", &c, &[]), Some(c.right));
        let c = choices("Confession", ["Tunnel", "Veteran", "Exhuma"]);
        assert_eq!(read_typed("the Confession", &c, &[]), Some(c.right));
        assert_eq!(read_typed("The confession film", &c, &[]), None);
        // An answer that begins with a small word still reads as itself.
        let c = choices("The Salesman", ["The Recruiter", "The Host", "The Guard"]);
        assert_eq!(read_typed("the salesman", &c, &[]), Some(c.right));
        assert_eq!(read_typed("salesman", &c, &[]), Some(c.right));
        // Small words alone are no answer.
        assert_eq!(read_typed("the", &c, &[]), None);
    }

    // --- typed-answer rounds ---

    /// A question with no wrong choices, as Red's lists give them.
    fn typed_question(key: i64) -> QuestionData {
        QuestionData {
            wrong: Vec::new(),
            ..question(key)
        }
    }

    #[test]
    fn a_typed_answer_round_has_no_choices_and_reads_answer_and_accepted_spellings() {
        let q = typed_question(1);
        let mut r = Round::open(7, 0, &q, t(0), DEFAULT_TIME_LIMIT, &mut rng(1)).expect("opens");
        assert!(r.is_typed() && r.choices.is_none());
        assert_eq!(r.right(), TYPED_RIGHT);
        for (user, text) in [(1, "ju jihoon"), (2, "Joo Ji-hoon"), (3, "it's Ju Ji-hoon")] {
            assert_eq!(
                r.typed(user, text, &q, t(1), false),
                PressOutcome::Locked {
                    pick: Pick::Choice(TYPED_RIGHT)
                },
                "{text:?}"
            );
        }
        assert_eq!(
            r.typed(4, "Choo Young-woo", &q, t(1), false),
            PressOutcome::Locked {
                pick: Pick::Text("Choo Young-woo".into())
            }
        );
        assert_eq!(r.typed(5, "🙂", &q, t(1), false), PressOutcome::Unreadable);
        // No buttons: a forged press is no answer, not least "A", which would read as right.
        for choice in 0..4 {
            assert_eq!(r.press(6, choice, t(1), false), PressOutcome::Unreadable);
        }
        let press = parse_button_id("trivia:7:0:A").expect("well-formed id");
        assert_eq!(
            r.press_button(press, 6, t(1), false),
            PressOutcome::Unreadable
        );
        let result = r.close(t(20), &mut HashMap::new()).expect("closes");
        let winners: Vec<u64> = result.winners.iter().map(|w| w.0).collect();
        assert_eq!(winners, [1, 2, 3]);
        assert_eq!(result.answers.len(), 4);
        assert_eq!(result.right_choice, TYPED_RIGHT);
        // Scored as any round: base and speed bonus for an answer after 1 of 20 seconds.
        assert_eq!(result.winners[0].1, 147);
    }

    #[test]
    fn one_or_two_wrong_choices_still_cannot_be_asked() {
        let mut q = question(1);
        q.wrong.truncate(1);
        assert_eq!(
            Round::open(7, 0, &q, t(0), DEFAULT_TIME_LIMIT, &mut rng(1)),
            Err(BadQuestion::WrongChoices { found: 1 })
        );
    }

    // --- presses ---

    #[test]
    fn press_semantics() {
        let mut r = round(3);
        assert_eq!(
            r.press(1, 1, t(1), false),
            PressOutcome::Locked {
                pick: Pick::Choice(1)
            }
        );
        // A second press keeps the first answer.
        assert_eq!(
            r.press(1, 2, t(2), false),
            PressOutcome::AlreadyLocked {
                pick: Pick::Choice(1)
            }
        );
        // Where the server allows changes, it changes, and the time moves with it.
        assert_eq!(
            r.press(1, 2, t(3), true),
            PressOutcome::Changed {
                from: Pick::Choice(1),
                to: Pick::Choice(2)
            }
        );
        assert_eq!(r.answers()[&1].at, t(3));
        assert_eq!(
            r.press(1, 2, t(4), true),
            PressOutcome::AlreadyLocked {
                pick: Pick::Choice(2)
            }
        );
        assert_eq!(r.press(2, 4, t(1), false), PressOutcome::Unreadable);
        // Time up (even before close runs), then closed.
        assert!(!r.is_due(ms(19, 999)));
        assert!(r.is_due(t(20)));
        assert_eq!(r.press(3, 0, t(20), false), PressOutcome::Closed);
        let mut r = round(3);
        r.close(t(5), &mut HashMap::new());
        assert_eq!(r.press(3, 0, t(6), false), PressOutcome::Closed);
    }

    #[test]
    fn buttons_of_other_questions_are_refused() {
        let mut r = round(3);
        for id in ["trivia:7:1:A", "trivia:8:0:A"] {
            let press = parse_button_id(id).expect("well-formed id");
            assert_eq!(r.press_button(press, 1, t(1), false), PressOutcome::Closed);
        }
        let press = parse_button_id("trivia:7:0:C").expect("well-formed id");
        assert_eq!(
            r.press_button(press, 1, t(1), false),
            PressOutcome::Locked {
                pick: Pick::Choice(2)
            }
        );
    }

    #[test]
    fn two_hundred_users_are_each_counted_once() {
        let mut r = round(4);
        let right = r.right();
        for pass in 0..3 {
            for user in 0..200u64 {
                r.press(user, ((user + pass) % 4) as u8, t(1), false);
            }
        }
        assert_eq!(r.answers().len(), 200);
        let players: BTreeSet<u64> = (0..200).collect();
        assert!(r.everyone_answered(&players));
        let res = r.close(t(2), &mut HashMap::new()).expect("first close");
        assert_eq!(res.answers.len(), 200);
        let expected = (0..200u64).filter(|u| (u % 4) as u8 == right).count();
        assert_eq!(res.winners.len(), expected);
        assert!(res.winners.iter().all(|&(_, p)| p == 147));
    }

    #[test]
    fn everyone_answered_waits_for_known_players() {
        let mut r = round(5);
        assert!(!r.everyone_answered(&BTreeSet::new()));
        r.press(1, 0, t(1), false);
        assert!(!r.everyone_answered(&BTreeSet::new()));
        assert!(!r.everyone_answered(&BTreeSet::from([1, 2])));
        r.press(2, 0, t(1), false);
        assert!(r.everyone_answered(&BTreeSet::from([1, 2])));
    }

    // --- closing, scoring, standings ---

    #[test]
    fn closing_twice_scores_once() {
        let mut r = round(6);
        r.press(1, r.right(), t(0), false);
        let mut streaks = HashMap::new();
        let first = r.close(t(3), &mut streaks).expect("first close");
        assert_eq!(first.winners, vec![(1, 150)]);
        assert!(r.is_closed());
        assert_eq!(r.close(t(4), &mut streaks), None);
        assert_eq!(streaks[&1], 1);
    }

    #[test]
    fn streaks_grow_with_right_answers_and_reset_otherwise() {
        let mut streaks = HashMap::new();
        let mut results = Vec::new();
        // User 1 is right every round; user 2 right, then wrong; user 3 right, then silent.
        for index in 0..4u32 {
            let opened = t(i64::from(index) * 30);
            let mut r = Round::open(
                7,
                index,
                &question(1),
                opened,
                DEFAULT_TIME_LIMIT,
                &mut rng(u64::from(index)),
            )
            .expect("valid question");
            let right = r.right();
            r.press(1, right, opened, false);
            r.press(
                2,
                if index == 0 { right } else { (right + 1) % 4 },
                opened,
                false,
            );
            if index == 0 {
                r.press(3, right, opened, false);
            }
            results.push(r.close(opened, &mut streaks).expect("first close"));
        }
        let of =
            |res: &RoundResult, u: u64| res.answers.iter().find(|a| a.user == u).map(|a| a.points);
        assert_eq!(
            results.iter().map(|r| of(r, 1)).collect::<Vec<_>>(),
            [Some(150), Some(160), Some(170), Some(180)]
        );
        assert_eq!(of(&results[1], 2), Some(0));
        assert_eq!(streaks.get(&1), Some(&4));
        assert_eq!(streaks.get(&2), Some(&0));
        assert_eq!(streaks.get(&3), Some(&0));
        assert_eq!(players(&results), BTreeSet::from([1, 2, 3]));

        let table = standings(&results);
        assert_eq!(
            table,
            vec![
                Standing {
                    user: 1,
                    points: 660,
                    correct: 4
                },
                Standing {
                    user: 2,
                    points: 150,
                    correct: 1
                },
                Standing {
                    user: 3,
                    points: 150,
                    correct: 1
                },
            ]
        );
    }

    #[test]
    fn standings_break_ties_by_right_answers_then_user_id() {
        let result = |answers: Vec<(u64, bool, u32)>| RoundResult {
            game: 1,
            index: 0,
            question: 1,
            right_choice: 0,
            closed_at: t(0),
            winners: Vec::new(),
            nobody_answered: answers.is_empty(),
            answers: answers
                .into_iter()
                .map(|(user, correct, points)| ScoredAnswer {
                    user,
                    pick: Pick::Choice(0),
                    correct,
                    points,
                })
                .collect(),
        };
        let results = vec![
            result(vec![
                (9, true, 100),
                (4, true, 200),
                (5, true, 100),
                (6, false, 0),
            ]),
            result(vec![(9, true, 100), (5, true, 100), (3, false, 0)]),
        ];
        let order: Vec<(u64, u32, u32)> = standings(&results)
            .iter()
            .map(|s| (s.user, s.points, s.correct))
            .collect();
        assert_eq!(
            order,
            [(5, 200, 2), (9, 200, 2), (4, 200, 1), (3, 0, 0), (6, 0, 0)]
        );
    }

    #[test]
    fn an_idle_game_ends_after_three_empty_rounds() {
        let mut streaks = HashMap::new();
        let mut results = Vec::new();
        let mut ended_after = None;
        for index in 0..6u32 {
            let mut r = Round::open(
                7,
                index,
                &question(1),
                t(0),
                DEFAULT_TIME_LIMIT,
                &mut rng(0),
            )
            .expect("valid question");
            if index == 1 {
                r.press(1, 0, t(1), false);
            }
            results.push(r.close(t(20), &mut streaks).expect("first close"));
            if should_end_idle(&results) {
                ended_after = Some(index);
                break;
            }
        }
        // Round 1 had an answer, so the idle run is rounds 2, 3 and 4.
        assert_eq!(ended_after, Some(4));
        assert!(!should_end_idle(&results[..2]));
    }

    #[test]
    fn round_open_refuses_times_past_the_end_of_time() {
        assert_eq!(
            Round::open(
                1,
                0,
                &question(1),
                Timestamp::MAX,
                DEFAULT_TIME_LIMIT,
                &mut rng(0)
            ),
            Err(BadQuestion::TimeOutOfRange)
        );
        assert_eq!(round(0).time_limit(), DEFAULT_TIME_LIMIT);
    }
}

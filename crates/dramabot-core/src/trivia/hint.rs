//! Trivia hints: `/trivia hint` during an open question shows part of its answer, and a right
//! answer given after a hint scores half.
//!
//! The game's starter gets a hint at once when they ask. Anyone else who has answered in this
//! game votes: their ask posts a public message with a **Hint** button, which the other players
//! press to vote, and a majority of the game's players gives the hint (in a mode with lives, the
//! members who are out neither vote nor count: the hint is for those still playing). A hint shows
//! some of the answer's letters (Hangul syllables count as letters), more with each hint, never
//! all of them; spaces and punctuation always show. It goes on the question's own message (edited)
//! and in the reply. Hints and votes are stored as they happen (`Store::give_hint`,
//! `Store::add_hint_vote`), so a restart keeps them.
//!
//! The first part is the rules, pure (what a hint shows, who may ask, how many votes give one,
//! the halving); the second plays them. Every text a member reads is in [`say`], from the
//! catalogues: private answers in the member's locale, the public vote and hint in the game's.

use std::collections::{BTreeSet, HashSet};

use jiff::Timestamp;

use super::game::{self, BadButton, QuestionData, Round, RoundResult, ScoredAnswer};
use super::{IN_A_SERVER, channel_message, question_card};
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::model::GameStatus;
use crate::reply::{Button, ButtonStyle, Reply, Response};
use crate::router::{Action, Ctx, Effect};

/// The router's prefix for hint vote buttons (the custom id is `trivia-hint:GAME:ROUND:HINT`).
pub const BUTTON_PREFIX: &str = "trivia-hint:";

/// The most hints one question gets: a quarter, a half and three quarters of its letters.
pub const MAX_HINTS: u32 = 3;

// ---------------------------------------------------------------------------------------------
// The rules

/// The positions of `chars`' letters, word by word (a word is a run of letters and digits).
fn words(chars: &[char]) -> Vec<Vec<usize>> {
    let mut words: Vec<Vec<usize>> = Vec::new();
    let mut in_word = false;
    for (i, c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if !in_word {
                words.push(Vec::new());
            }
            if let Some(word) = words.last_mut() {
                word.push(i);
            }
        }
        in_word = c.is_alphanumeric();
    }
    words
}

/// The letters of `words` in the order hints reveal them: the first letter of every word, then
/// the second of every word, and so on, so each hint reads as the starts of words.
fn reveal_order(words: &[Vec<usize>]) -> Vec<usize> {
    let longest = words.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|depth| words.iter().filter_map(move |w| w.get(depth).copied()))
        .collect()
}

/// How many of `letters` letters in `words` words hint `n` shows (none for `n` = 0): a quarter
/// more with each hint, rounded up, the first at least every word's first letter, and always at
/// least one letter short of all.
fn shown(letters: usize, words: usize, n: u32) -> usize {
    if n == 0 {
        return 0;
    }
    let quarters = n.min(MAX_HINTS) as usize;
    (letters * quarters)
        .div_ceil(4)
        .max(words)
        .min(letters.saturating_sub(1))
}

/// What a hidden letter shows as: a wide mark for Hangul and other wide scripts, so the blanks
/// take the room the letters would.
fn blank(c: char) -> char {
    let wide = matches!(u32::from(c),
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x9FFF | 0xAC00..=0xD7A3);
    if wide { '○' } else { '_' }
}

/// Hint `n` (1 is the first) of `answer`: its letters, some shown and the rest blank, with spaces
/// and punctuation as they are. `None` when hint `n` would show no letter more than the one
/// before (no hint is left, or the answer is too short to give any without giving it away).
pub fn reveal(answer: &str, n: u32) -> Option<String> {
    if n == 0 {
        return None;
    }
    let chars: Vec<char> = answer.trim().chars().collect();
    let words = words(&chars);
    let order = reveal_order(&words);
    let count = shown(order.len(), words.len(), n);
    if count <= shown(order.len(), words.len(), n - 1) {
        return None;
    }
    let open: HashSet<usize> = order[..count].iter().copied().collect();
    Some(
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if c.is_alphanumeric() && !open.contains(&i) {
                    blank(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// How many votes give a hint when `players` members play the game: a majority.
pub fn votes_needed(players: usize) -> usize {
    players / 2 + 1
}

/// What an ask for a hint does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The hint is given now: the starter asked, or this vote makes the majority.
    Give,
    /// The vote counts, and more are needed.
    Voted {
        /// Votes with this one.
        votes: usize,
        /// Votes that give the hint.
        needed: usize,
    },
    /// The member has not answered in this game and did not start it: no vote.
    NotAPlayer,
    /// The member voted for this hint already: nothing changes.
    AlreadyVoted {
        /// Votes so far.
        votes: usize,
        /// Votes that give the hint.
        needed: usize,
    },
}

/// What `user` asking for the next hint does, in a game started by `starter` whose `players`
/// (everyone who has answered in it and may still answer) have cast `votes` for that hint so far.
pub fn decide(starter: u64, user: u64, players: &BTreeSet<u64>, votes: &BTreeSet<u64>) -> Ask {
    if user == starter {
        return Ask::Give;
    }
    if !players.contains(&user) {
        return Ask::NotAPlayer;
    }
    let needed = votes_needed(players.len());
    let counted = votes.intersection(players).count();
    if votes.contains(&user) {
        return Ask::AlreadyVoted {
            votes: counted,
            needed,
        };
    }
    if counted + 1 >= needed {
        Ask::Give
    } else {
        Ask::Voted {
            votes: counted + 1,
            needed,
        }
    }
}

/// `result` with every right answer given at or after `first_hint` scoring half (rounded up) of
/// what it scored; unchanged when no hint was given.
pub fn halve_after_hint(result: &mut RoundResult, round: &Round, first_hint: Option<Timestamp>) {
    let Some(first_hint) = first_hint else {
        return;
    };
    let answers: Vec<ScoredAnswer> = result
        .answers
        .iter()
        .map(|a| {
            let hinted = round
                .answers()
                .get(&a.user)
                .is_some_and(|x| x.at >= first_hint);
            ScoredAnswer {
                points: if a.correct && hinted {
                    a.points.div_ceil(2)
                } else {
                    a.points
                },
                ..a.clone()
            }
        })
        .collect();
    // Rebuilt by the one rule that ranks winners, since halving can reorder them.
    *result = RoundResult::new(round, result.closed_at, answers);
}

/// The custom id of the button that votes for hint `n` of round `round` of `game`.
pub fn button_id(game: i64, round: u32, n: u32) -> String {
    format!("{BUTTON_PREFIX}{game}:{round}:{n}")
}

/// Reads what follows [`BUTTON_PREFIX`] in a custom id made by [`button_id`]: (game, round,
/// hint). Anything but the exact form is refused, as answer buttons are.
pub fn parse_button_id(rest: &str) -> std::result::Result<(i64, u32, u32), BadButton> {
    if rest.len() > 100 {
        return Err(BadButton);
    }
    let mut parts = rest.split(':');
    let game = game::canonical::<i64>(parts.next())?;
    let round = game::canonical::<u32>(parts.next())?;
    let n = game::canonical::<u32>(parts.next())?;
    if parts.next().is_some() || n == 0 {
        return Err(BadButton);
    }
    Ok((game, round, n))
}

// ---------------------------------------------------------------------------------------------
// Playing

/// `/trivia hint`: asks for a hint on this channel's open question, or votes for one.
pub fn ask(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.guild_for(IN_A_SERVER)?;
    let Some(game) = ctx.app.store().running_game_in(ctx.inv.channel)? else {
        return Err(Error::BadInput(say::no_question(ctx.locale())));
    };
    request(ctx, game.id, game.current, None)
}

/// A press of a hint vote button: the vote message shows the new count, or the hint once given.
pub fn press(ctx: &mut Ctx<'_>, rest: &str) -> Result<Response> {
    let (game, round, n) =
        parse_button_id(rest).map_err(|_| Error::BadInput(super::not_my_button(ctx.locale())))?;
    let asked = request(ctx, game, round, Some(n));
    // A press on a vote that is over (its hint given by the starter, its question closed) is
    // refused, and the vote's button is disabled, so nobody else presses a dead one.
    if asked.is_err()
        && let Action::Button { message, .. } = &ctx.inv.action
        && let Some((channel, locale)) = vote_over(&ctx.app.store(), game, round, n)?
    {
        let reply = Reply {
            buttons: vec![Button {
                custom_id: button_id(game, round, n),
                label: say::button(locale),
                style: ButtonStyle::Primary,
                disabled: true,
            }],
            ..Reply::default()
        };
        ctx.request(Effect::Send(channel_message(
            channel,
            reply,
            Some(*message),
        )));
    }
    asked.map(Response::Update)
}

/// The channel and language of game `game_id` when the vote for hint `n` of its round `index` is
/// over: the hint was given, the round closed, or the game moved on or ended.
fn vote_over(
    store: &crate::store::Store,
    game_id: i64,
    index: u32,
    n: u32,
) -> Result<Option<(crate::ids::ChannelId, Locale)>> {
    let Some(game) = store.game(game_id)? else {
        return Ok(None);
    };
    let open = game.status == GameStatus::Running
        && game.current == index
        && game.next_at.is_none()
        && store
            .round(game_id, index)?
            .is_some_and(|row| row.result.is_none());
    let given = store.hints_given(game_id, index)?.len() >= n as usize;
    Ok((!open || given).then_some((game.channel, game.locale)))
}

/// Asks for the next hint of round `index` of game `game_id` (by a press of the button for hint
/// `pressed`, or by the command): refused unless that round is open and has a hint left; then a
/// vote, or the hint itself, by [`decide`].
fn request(ctx: &mut Ctx<'_>, game_id: i64, index: u32, pressed: Option<u32>) -> Result<Reply> {
    let locale = ctx.locale();
    let (user, now) = (ctx.inv.user, ctx.inv.now);
    let refuse = |text: String| Err(Error::BadInput(text));
    let app = ctx.app;
    // One lock from the reads to the writes: two presses at once are decided one after the other.
    let store = app.store();
    let Some(game) = store.game(game_id)? else {
        return refuse(say::closed(locale));
    };
    if game.status != GameStatus::Running || game.current != index {
        return refuse(say::closed(locale));
    }
    // No round yet: before the first question (a teams game's join window) none was ever open;
    // in the pause after a question, that question is the one just closed.
    let Some(row) = store.round(game_id, index)? else {
        return refuse(if index == 0 {
            say::no_question(locale)
        } else {
            say::closed(locale)
        });
    };
    if game.next_at.is_some() || row.result.is_some() || row.round.is_due(now) {
        return refuse(say::closed(locale));
    }
    let Some(question) = store.trivia_question(row.round.question)? else {
        return refuse(say::closed(locale));
    };
    let given = u32::try_from(store.hints_given(game_id, index)?.len()).unwrap_or(u32::MAX);
    let n = given.saturating_add(1);
    match pressed {
        Some(p) if p < n => return refuse(say::given_already(locale)),
        Some(p) if p > n => return refuse(super::not_my_button(locale)),
        _ => {}
    }
    // The hint is read in the game's language, so it reveals that answer (the Korean one, where
    // the pack gives it).
    let Some(hint) = reveal(question.answer_in(game.locale), n) else {
        return refuse(say::nothing_left(locale));
    };
    // A mode's players who may no longer answer (out of lives) neither vote nor count towards
    // the majority: a hint cannot help them, and it would halve the points of those still in.
    // The starter asks without a vote, unless they are out themselves.
    let mode = store.game_mode(game_id)?;
    if let Err(refusal) = mode.may_answer(user.0)
        && (user != game.starter || refusal == super::modes::Refusal::Out)
    {
        return refuse(super::modes::refusal_text(refusal, locale));
    }
    let mut players = game::players(&store.game_results(game_id)?);
    players.extend(row.round.answers().keys().copied());
    players.retain(|&player| mode.may_answer(player).is_ok());
    let votes = store.hint_votes(game_id, index, n)?;
    let voter = crate::text::clip(&ctx.inv.user_name, 80);
    let question_no = index + 1;
    match decide(game.starter.0, user.0, &players, &votes) {
        Ask::NotAPlayer => refuse(say::not_a_player(locale)),
        Ask::AlreadyVoted { votes, needed } => refuse(say::voted_already(locale, votes, needed)),
        Ask::Voted { votes, needed } => {
            store.add_hint_vote(game_id, index, n, user, now)?;
            Ok(Reply {
                content: Some(say::vote(game.locale, &voter, question_no, votes, needed)),
                buttons: vec![Button {
                    custom_id: button_id(game_id, index, n),
                    label: say::button(game.locale),
                    style: ButtonStyle::Primary,
                    disabled: false,
                }],
                ..Reply::default()
            })
        }
        Ask::Give => {
            if !store.give_hint(game_id, index, n, now)? {
                return refuse(say::given_already(locale));
            }
            if user != game.starter {
                store.add_hint_vote(game_id, index, n, user, now)?;
            }
            let edit = row.message.map(|message| {
                let card = hinted_card(
                    &row.round,
                    &question,
                    game.questions.len(),
                    n,
                    &hint,
                    game.locale,
                );
                channel_message(game.channel, card, Some(message))
            });
            drop(store);
            // The question's own message shows the hint; one still on its way shows it only in
            // this reply.
            if let Some(edit) = edit {
                ctx.request(Effect::Send(edit));
            }
            let by_starter = user == game.starter;
            Ok(Reply::text(say::given(
                game.locale,
                question_no,
                n,
                &hint,
                by_starter,
            )))
        }
    }
}

/// The open question's card with its latest hint (which shows every letter the earlier ones did).
pub fn hinted_card(
    round: &Round,
    question: &QuestionData,
    total: usize,
    n: u32,
    hint: &str,
    locale: Locale,
) -> Reply {
    let mut card = question_card(round, question, total, locale);
    add_field(
        &mut card,
        say::field_name(locale, n),
        say::field_value(locale, hint),
    );
    card
}

/// Adds a field to a card's embed.
fn add_field(card: &mut Reply, name: String, value: String) {
    if let Some(embed) = card.embeds.first_mut() {
        embed.fields.push(crate::reply::Field {
            name,
            value,
            inline: false,
        });
    }
}

/// Says on a closed question's card how many hints were given, so the halved points read as
/// such; a question without hints keeps its card as it was.
pub fn note_on_closed(card: &mut Reply, hints: usize, locale: Locale) {
    if hints == 0 {
        return;
    }
    add_field(
        card,
        crate::i18n::text(locale, crate::i18n::msg::TRIVIA_HINT_CLOSED_FIELD),
        say::closed_note(locale, hints),
    );
}

/// Every text of hints a member reads: private answers in the member's locale, public ones (the
/// vote, the hint, the cards) in the game's.
pub mod say {
    use crate::i18n::{Locale, msg, text, tr};

    /// The vote button's label.
    pub fn button(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_BUTTON)
    }

    /// A hint as written on a card: in a code span, so blanks line up and are not read as
    /// Markdown (a backtick of the answer would end the span, so it shows as a prime), and cut
    /// to 300 characters, so that twice in a message it stays within Discord's limits.
    pub fn shown(hint: &str) -> String {
        format!("`{}`", crate::text::clip(&hint.replace('`', "′"), 300))
    }

    /// `/trivia hint` with no question open in the channel.
    pub fn no_question(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_NO_QUESTION)
    }

    /// A hint (or a vote) on a question that is closed.
    pub fn closed(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_CLOSED)
    }

    /// A vote for a hint that was given meanwhile.
    pub fn given_already(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_GIVEN_ALREADY)
    }

    /// A hint that would give the answer away.
    pub fn nothing_left(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_NOTHING_LEFT)
    }

    /// An ask from a member who neither started the game nor answered in it.
    pub fn not_a_player(locale: Locale) -> String {
        text(locale, msg::TRIVIA_HINT_NOT_A_PLAYER)
    }

    /// A second vote for the same hint.
    pub fn voted_already(locale: Locale, votes: usize, needed: usize) -> String {
        tr(
            locale,
            msg::TRIVIA_HINT_VOTED_ALREADY,
            &[("votes", votes.into()), ("needed", needed.into())],
        )
    }

    /// The public vote message (the latest voter's name: a press updates it).
    pub fn vote(locale: Locale, voter: &str, question: u32, votes: usize, needed: usize) -> String {
        tr(
            locale,
            msg::TRIVIA_HINT_VOTE,
            &[
                ("voter", voter.into()),
                ("number", question.into()),
                ("votes", votes.into()),
                ("needed", needed.into()),
            ],
        )
    }

    /// The public message of a hint given.
    pub fn given(locale: Locale, question: u32, n: u32, hint: &str, by_starter: bool) -> String {
        let why = text(
            locale,
            if by_starter {
                msg::TRIVIA_HINT_BY_STARTER
            } else {
                msg::TRIVIA_HINT_BY_VOTE
            },
        );
        let given = tr(
            locale,
            msg::TRIVIA_HINT_GIVEN,
            &[
                ("n", n.into()),
                ("number", question.into()),
                ("why", why.into()),
                ("hint", shown(hint).into()),
            ],
        );
        format!("{given}\n{}", text(locale, msg::TRIVIA_HINT_HALF))
    }

    /// The hints' field on a closed question's card.
    pub fn closed_note(locale: Locale, hints: usize) -> String {
        tr(
            locale,
            msg::TRIVIA_HINT_CLOSED_NOTE,
            &[("hints", hints.into())],
        )
    }

    /// The name of the hint's field on the question card.
    pub fn field_name(locale: Locale, n: u32) -> String {
        tr(locale, msg::TRIVIA_HINT_FIELD, &[("n", n.into())])
    }

    /// The hint's field on the question card.
    pub fn field_value(locale: Locale, hint: &str) -> String {
        format!("{}\n{}", shown(hint), text(locale, msg::TRIVIA_HINT_HALF))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ChannelId, MessageId};
    use crate::router::tests::{command, handle_checked, invocation, run};
    use crate::router::{Action, App};
    use crate::store::Store;
    use crate::store::tests::{SAMPLE, sample_pack};
    use crate::trivia::tests::{as_user, at, press_right, store, tick};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::time::Duration;

    fn asking(user: u64, seconds: i64) -> crate::router::Invocation {
        as_user(command("trivia", Some("hint"), &[]), user, seconds)
    }

    fn hint(app: &App, user: u64, seconds: i64) -> Reply {
        run(app, &asking(user, seconds))
    }

    fn pressing(custom_id: &str, user: u64, seconds: i64) -> crate::router::Invocation {
        let action = Action::Button {
            custom_id: custom_id.into(),
            message: MessageId(77),
        };
        as_user(invocation(action), user, seconds)
    }

    /// The text of a private refusal.
    fn refusal(reply: &Reply) -> String {
        assert!(reply.ephemeral, "a private answer: {reply:?}");
        reply.content.clone().unwrap_or_default()
    }

    /// The game running in the tests' channel, and its open round.
    fn open_round(app: &App) -> (crate::model::GameRow, Round) {
        let game = app
            .store()
            .running_game_in(ChannelId(2))
            .expect("read")
            .expect("a game");
        let round = app
            .store()
            .round(game.id, game.current)
            .expect("read")
            .expect("a round")
            .round;
        (game, round)
    }

    fn points_of(app: &App, game: i64, index: usize, user: u64) -> u32 {
        app.store().game_results(game).expect("results")[index]
            .answers
            .iter()
            .find(|a| a.user == user)
            .map(|a| a.points)
            .expect("an answer")
    }

    #[test]
    fn the_starter_gets_a_hint_at_once_and_a_right_answer_after_it_scores_half() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        assert_eq!(
            refusal(&hint(&app, 1, 0)),
            say::no_question(crate::i18n::Locale::English)
        );
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
        );
        assert_eq!(tick(&app, 0, &mut rng).len(), 1);
        let (game, round) = open_round(&app);
        press_right(&app, 1, 1, true);
        // Nobody else has answered in this game: a stranger gets no vote.
        assert_eq!(
            refusal(&hint(&app, 5, 2)),
            say::not_a_player(crate::i18n::Locale::English)
        );
        let asked = handle_checked(&app, &asking(1, 2), &mut rng);
        let Response::Message(reply) = &asked.response else {
            panic!("a message: {:?}", asked.response);
        };
        assert!(!reply.ephemeral);
        let text = reply.content.clone().unwrap_or_default();
        assert!(text.starts_with("💡 **Hint 1** for question 1"), "{text}");
        assert!(!text.contains("힌트"), "English only: {text}");
        // The question's own message gets the hint, its buttons still live.
        let [Effect::Send(edit)] = asked.effects.as_slice() else {
            panic!("one edit: {:?}", asked.effects);
        };
        assert_eq!(edit.edit, Some(MessageId(1000)));
        assert_eq!(edit.reply.buttons.len(), 4);
        assert!(edit.reply.buttons.iter().all(|b| !b.disabled));
        let field = &edit.reply.embeds[0].fields[0];
        assert_eq!(field.name, "💡 Hint 1");
        let question = app
            .store()
            .trivia_question(round.question)
            .expect("read")
            .expect("the question");
        let shown = reveal(&question.answer, 1).expect("a hint");
        assert!(field.value.starts_with(&format!("`{shown}`")), "{field:?}");
        press_right(&app, 2, 3, true);
        press_right(&app, 3, 4, false);
        let closed = tick(&app, 20, &mut rng);
        let fields = &closed[0].reply.embeds[0].fields;
        let note = fields.iter().find(|f| {
            f.name
                == crate::i18n::text(
                    crate::i18n::Locale::English,
                    crate::i18n::msg::TRIVIA_HINT_CLOSED_FIELD,
                )
        });
        assert_eq!(
            note.map(|f| f.value.clone()),
            Some(say::closed_note(crate::i18n::Locale::English, 1))
        );
        let limit = Duration::from_secs(20);
        let full = |after| game::points(round.difficulty, Duration::from_secs(after), limit, 0);
        assert_eq!(
            points_of(&app, game.id, 0, 1),
            full(1),
            "answered before the hint"
        );
        assert_eq!(points_of(&app, game.id, 0, 2), full(3).div_ceil(2));
        assert_eq!(points_of(&app, game.id, 0, 3), 0);
        // Between questions, and once the game is over, there is no question to hint.
        assert_eq!(
            refusal(&hint(&app, 1, 22)),
            say::closed(crate::i18n::Locale::English)
        );
        tick(&app, 25, &mut rng);
        tick(&app, 45, &mut rng);
        assert_eq!(
            refusal(&hint(&app, 1, 46)),
            say::no_question(crate::i18n::Locale::English)
        );
    }

    #[test]
    fn players_vote_by_button_and_a_majority_gives_the_hint() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
        );
        tick(&app, 0, &mut rng);
        for user in [2, 3, 4] {
            press_right(&app, user, 1, true);
        }
        tick(&app, 20, &mut rng);
        tick(&app, 25, &mut rng);
        let (game, _) = open_round(&app);
        // Players 2, 3 and 4 answered: two votes give a hint; the starter never answered.
        let asked = handle_checked(&app, &asking(2, 26), &mut rng);
        let Response::Message(vote) = &asked.response else {
            panic!("a message: {:?}", asked.response);
        };
        assert!(!vote.ephemeral && asked.effects.is_empty());
        let text = vote.content.clone().unwrap_or_default();
        assert!(text.contains("1 of 2 votes"), "{text}");
        assert_eq!(vote.buttons.len(), 1);
        let button = vote.buttons[0].custom_id.clone();
        assert_eq!(button, button_id(game.id, 1, 1));
        assert_eq!(
            refusal(&run(&app, &pressing(&button, 2, 27))),
            say::voted_already(crate::i18n::Locale::English, 1, 2)
        );
        assert_eq!(
            refusal(&hint(&app, 2, 27)),
            say::voted_already(crate::i18n::Locale::English, 1, 2)
        );
        assert_eq!(
            refusal(&run(&app, &pressing(&button, 9, 27))),
            say::not_a_player(crate::i18n::Locale::English)
        );
        // A Korean member is refused in Korean.
        let mut korean = asking(9, 27);
        korean.locale = "ko".into();
        assert_eq!(
            refusal(&run(&app, &korean)),
            say::not_a_player(crate::i18n::Locale::Korean)
        );
        assert!(
            app.store()
                .hints_given(game.id, 1)
                .expect("read")
                .is_empty()
        );
        // The second vote, by button: the vote message becomes the hint.
        let Response::Update(given) =
            handle_checked(&app, &pressing(&button, 3, 28), &mut rng).response
        else {
            panic!("the vote message is updated");
        };
        let text = given.content.clone().unwrap_or_default();
        assert!(
            text.contains("**Hint 1**") && text.contains("the players voted"),
            "{text}"
        );
        assert!(given.buttons.is_empty());
        assert_eq!(app.store().hints_given(game.id, 1).expect("read"), [at(28)]);
        // The old button now names a hint given; a forged one is refused.
        assert_eq!(
            refusal(&run(&app, &pressing(&button, 4, 29))),
            say::given_already(crate::i18n::Locale::English)
        );
        for forged in [
            button_id(game.id, 1, 3),
            "trivia-hint:x".to_string(),
            format!("trivia-hint:{}:1:1:1", game.id),
        ] {
            assert_eq!(
                refusal(&run(&app, &pressing(&forged, 4, 29))),
                crate::trivia::not_my_button(crate::i18n::Locale::English),
                "{forged}"
            );
        }
        assert_eq!(
            refusal(&run(&app, &pressing(&button_id(game.id, 0, 1), 4, 29))),
            say::closed(crate::i18n::Locale::English),
            "the first question's button"
        );
        // The starter takes the rest, until nothing is left to show.
        let mut given = 1;
        loop {
            let reply = hint(&app, 1, 30);
            if reply.ephemeral {
                assert_eq!(
                    refusal(&reply),
                    say::nothing_left(crate::i18n::Locale::English)
                );
                break;
            }
            given += 1;
            assert!(given <= MAX_HINTS as usize);
        }
        assert!(given >= 2, "answers like “Right 1” get more than one hint");
        assert_eq!(
            app.store().hints_given(game.id, 1).expect("read").len(),
            given
        );
        // None of it scored or changed an answer.
        assert!(open_round(&app).1.answers().is_empty());
    }

    #[test]
    fn a_typed_answer_question_gets_hints_and_a_restart_keeps_its_votes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("hints.db");
        let path = path.to_str().expect("utf-8");
        let text = format!(
            "{SAMPLE}\n[[question]]\nid = \"which-hospital\"\nquestion = \"Which hospital does the trauma team work at?\"\nanswer = \"Hankook University Hospital\"\naccept = [\"Hankook\", \"한국대병원\"]\ndifficulty = 2\ncategory = \"production\"\nsource = \"article\"\n"
        );
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // With this seed the button question comes first: players 1 and 2 answer it, so both
        // are players when the typed one is asked.
        let typed_round = |app: &App, rng: &mut ChaCha8Rng| {
            tick(app, 0, rng);
            assert!(!open_round(app).1.is_typed(), "the button question first");
            press_right(app, 1, 1, true);
            press_right(app, 2, 1, true);
            tick(app, 20, rng);
            tick(app, 25, rng);
            assert!(open_round(app).1.is_typed(), "then the typed one");
            25
        };
        let (game, opened) = {
            let mut store = Store::open(path).expect("store");
            store
                .import(&[sample_pack(&text)], Timestamp::UNIX_EPOCH, false)
                .expect("import");
            let app = App::new(store);
            run(
                &app,
                &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 7, 0),
            );
            let opened = typed_round(&app, &mut rng);
            let (game, _) = open_round(&app);
            assert!(!hint(&app, 1, opened + 1).ephemeral, "a vote");
            (game, opened)
        };
        let app = App::new(Store::open(path).expect("reopened"));
        assert_eq!(
            app.store()
                .hint_votes(game.id, game.current, 1)
                .expect("votes"),
            BTreeSet::from([1])
        );
        assert_eq!(
            refusal(&hint(&app, 1, opened + 2)),
            say::voted_already(crate::i18n::Locale::English, 1, 2)
        );
        let text = hint(&app, 2, opened + 2).content.unwrap_or_default();
        assert!(text.contains("`Han____ Un________ Ho______`"), "{text}");
        let answer = |user: u64, text: &str| {
            run(
                &app,
                &as_user(
                    command("trivia", Some("answer"), &[("text", text)]),
                    user,
                    opened + 3,
                ),
            )
        };
        answer(1, "Hankook University Hospital");
        answer(2, "hankook");
        tick(&app, opened + 20, &mut rng);
        let (limit, after) = (Duration::from_secs(20), Duration::from_secs(3));
        let results = app.store().game_results(game.id).expect("results");
        assert_eq!(results.len(), 2);
        assert_eq!(results[1].answers.len(), 2);
        for a in &results[1].answers {
            assert!(a.correct, "{a:?}");
            // Right in the first question too: a streak of one, then halved.
            assert_eq!(a.points, game::points(2, after, limit, 1).div_ceil(2));
        }
    }

    #[test]
    fn hints_show_more_letters_each_time_and_never_all() {
        let answer = "Ju Ji-hoon";
        assert_eq!(reveal(answer, 0), None);
        assert_eq!(reveal(answer, 1).as_deref(), Some("J_ J_-h___"));
        assert_eq!(reveal(answer, 2).as_deref(), Some("Ju J_-h___"));
        assert_eq!(reveal(answer, 3).as_deref(), Some("Ju Ji-ho__"));
        assert_eq!(reveal(answer, 4), None);
        for n in 1..=MAX_HINTS {
            let hint = reveal(answer, n).expect("a hint");
            assert_ne!(hint, answer);
            assert_eq!(hint.chars().count(), answer.chars().count());
        }
    }

    #[test]
    fn hangul_syllables_are_letters_and_punctuation_shows() {
        assert_eq!(reveal("한국대병원", 1).as_deref(), Some("한국○○○"));
        assert_eq!(reveal("한국대병원", 3).as_deref(), Some("한국대병○"));
        assert_eq!(reveal("백강혁 (주지훈)", 1).as_deref(), Some("백○○ (주○○)"));
        assert_eq!(reveal("1.5 million", 1).as_deref(), Some("1.5 m______"));
    }

    #[test]
    fn short_answers_get_fewer_hints_or_none() {
        assert_eq!(reveal("A", 1), None);
        assert_eq!(reveal("  ", 1), None);
        assert_eq!(reveal("?!", 1), None);
        assert_eq!(reveal("Go", 1).as_deref(), Some("G_"));
        assert_eq!(reveal("Go", 2), None);
        assert_eq!(reveal("Cat", 2).as_deref(), Some("Ca_"));
        assert_eq!(reveal("Cat", 3), None);
    }

    #[test]
    fn the_starter_gives_a_hint_and_players_vote_by_majority() {
        let players = BTreeSet::from([1, 2, 3, 4]);
        let none = BTreeSet::new();
        assert_eq!(decide(9, 9, &players, &none), Ask::Give);
        assert_eq!(decide(9, 5, &players, &none), Ask::NotAPlayer);
        assert_eq!(
            decide(9, 1, &players, &none),
            Ask::Voted {
                votes: 1,
                needed: 3
            }
        );
        let one = BTreeSet::from([1]);
        assert_eq!(
            decide(9, 1, &players, &one),
            Ask::AlreadyVoted {
                votes: 1,
                needed: 3
            }
        );
        assert_eq!(
            decide(9, 2, &players, &one),
            Ask::Voted {
                votes: 2,
                needed: 3
            }
        );
        assert_eq!(decide(9, 3, &players, &BTreeSet::from([1, 2])), Ask::Give);
        // A lone player is a majority of one; two need both.
        assert_eq!(decide(9, 1, &BTreeSet::from([1]), &none), Ask::Give);
        assert_eq!(votes_needed(2), 2);
        assert_eq!(votes_needed(3), 2);
    }

    #[test]
    fn a_long_answer_or_one_with_backticks_still_makes_a_card_discord_takes() {
        let long = "word ".repeat(400);
        let hint = reveal(&long, 1).expect("a hint");
        assert!(say::shown(&hint).chars().count() <= 302);
        assert!(
            say::given(crate::i18n::Locale::Korean, 1, 1, &hint, true)
                .chars()
                .count()
                <= 2000
        );
        assert!(
            say::field_value(crate::i18n::Locale::Korean, &hint)
                .chars()
                .count()
                <= 1024
        );
        assert_eq!(say::shown("a`b"), "`a′b`");
    }

    #[test]
    fn button_ids_read_back_exactly() {
        let id = button_id(12, 3, 1);
        assert_eq!(id, "trivia-hint:12:3:1");
        let rest = &id[BUTTON_PREFIX.len()..];
        assert_eq!(parse_button_id(rest), Ok((12, 3, 1)));
        for bad in [
            "12:3", "12:3:1:x", "12:03:1", "+12:3:1", "12:3:0", "x:3:1", "", "12:3:-1",
        ] {
            assert_eq!(parse_button_id(bad), Err(BadButton), "{bad}");
        }
        assert_eq!(parse_button_id(&"1".repeat(101)), Err(BadButton));
    }
}

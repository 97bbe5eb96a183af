//! Trivia games: members answer questions from the packs against each other, with buttons (four
//! choices) or, for a typed-answer question, with `/trivia answer`.
//!
//! `game` is the pure core: which questions a game asks (no repeat until a server has seen all),
//! the shuffled choices, the buttons' custom ids (tamper-checked), typed answers matched like cast
//! names, rounds, scoring and standings. This module plays it: the `/trivia` commands, button
//! presses, and [`run_job`], which the one scheduler (`crate::due`, driven by the bot's task or the
//! console's clock) calls when a game's round is due to open or close. Every press and every closed
//! round is committed as it happens, so a restart resumes a game at its current question and never
//! scores a round twice.
//!
//! `modes` holds the rules of the modes other than classic (teams, elimination, sudden death):
//! who may answer, lives, when a game is decided, and their text; this module applies them where
//! a game is started, answered, closed and shown.
//!
//! Every text comes from the catalogues (`locales/*/trivia.ftl`). What goes to the channel (the
//! start, questions, closed questions, hints, the line-up, standings and their card) is in the
//! game's language, fixed when it starts and kept with it: the server's `/settings language`, or
//! with `auto` the starter's locale. What one member reads alone is in their own locale. A pack
//! question's Korean (`question_ko`, `answer_ko`, `wrong_ko`, `explanation_ko`) is shown to
//! Korean readers, and a typed answer may give the English or the Korean answer.

pub mod game;
pub mod hint;
#[cfg(test)]
mod mode_tests;
pub mod modes;

use std::collections::BTreeSet;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use self::game::{Filter, PressOutcome, QuestionData, Round, RoundResult, choice_letter};
use self::modes::{GameMode, Mode};
use crate::args::{FromOptions, Options};
use crate::card;
use crate::error::{Error, Result};
use crate::i18n::{Arg, Locale, Msg, msg, text, tr};
use crate::ids::{ChannelId, MessageId, UserId};
use crate::model::{GameRow, GameStatus, Ranked, TriviaSettings, TriviaStep, Unsent};
use crate::quotes::daily;
use crate::reply::{
    Button, ButtonStyle, COLOUR, ChannelMessage, Embed, Reply, Response, SentRecord,
};
use crate::router::{Action, App, Ctx, Effect};
use crate::spoilers::SpoilerGuard;
use crate::store::{Closing, Job, Store, TriviaPool};
use crate::text::clip;

/// The router's prefix for trivia buttons (the custom id is `trivia:GAME:ROUND:LETTER`).
pub const BUTTON_PREFIX: &str = "trivia:";
/// The pause between a question's answer and the next question.
pub const PAUSE: SignedDuration = SignedDuration::from_secs(5);

/// A trivia message for a channel (the standings, a closed question's card), or an edit of one.
fn channel_message(channel: ChannelId, reply: Reply, edit: Option<MessageId>) -> ChannelMessage {
    ChannelMessage {
        channel,
        reply,
        edit,
        nonce: None,
        record: SentRecord::Nothing,
    }
}

/// The nonce of the `nth` message of a game's step: at most 25 characters, as Discord requires.
/// A step's messages resent after their sender died carry the same nonces, so Discord drops those
/// that did go out rather than show them twice.
fn nonce(game: i64, step: TriviaStep, nth: usize) -> String {
    let hash = crate::text::fnv1a(format!("trivia:{game}:{}:{nth}", step.to_text()).as_bytes());
    format!("triv{hash:016x}")
}

/// A step's messages as they are sent: each new message with its nonce, and the last one recording
/// the step's send (a question records its own, which counts as the step's).
fn as_step(game: i64, step: TriviaStep, mut out: Vec<ChannelMessage>) -> Vec<ChannelMessage> {
    for (nth, message) in out.iter_mut().enumerate() {
        if message.edit.is_none() {
            message.nonce = Some(nonce(game, step, nth));
        }
    }
    if let Some(last) = out.last_mut()
        && last.record == SentRecord::Nothing
    {
        last.record = SentRecord::TriviaStep { game, step };
    }
    out
}

/// A step taken at `now`, whose messages this process is about to send: nobody else sends them
/// before this process's lease ends.
fn unsent_from(step: TriviaStep, now: Timestamp) -> Unsent {
    Unsent {
        step,
        since: now,
        until: crate::due::lease_end(now),
    }
}

/// Why trivia needs a server, for [`Ctx::guild_for`].
const IN_A_SERVER: Msg = msg::TRIVIA_IN_A_SERVER;

/// The refusal of a custom id that none of trivia's buttons (answers, teams, hints) wrote.
pub(crate) fn not_my_button(locale: Locale) -> String {
    text(locale, msg::TRIVIA_NOT_MY_BUTTON)
}

/// A question's difficulty as stars and a word.
fn stars(locale: Locale, difficulty: u8) -> String {
    tr(
        locale,
        msg::TRIVIA_DIFFICULTY,
        &[("level", difficulty.clamp(1, 3).into())],
    )
}

/// The arguments of `/trivia start [rounds] [difficulty] [category] [drama]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StartArgs {
    /// How many questions (clamped to 1-30; 10 when not given).
    pub rounds: Option<u32>,
    /// Only questions of this difficulty (1-3).
    pub difficulty: Option<u8>,
    /// Only questions of this category.
    pub category: Option<String>,
    /// Only questions about this drama (an id, or words of its title).
    pub drama: Option<String>,
    /// How the game is played (classic when not given).
    pub mode: Mode,
    /// How many teams, in a teams game (2-4; 2 when not given).
    pub teams: Option<u8>,
}

impl FromOptions for StartArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(StartArgs {
            rounds: options
                .get::<i64>("rounds")?
                .and_then(|r| u32::try_from(r).ok()),
            difficulty: options
                .get::<i64>("difficulty")?
                .and_then(|d| u8::try_from(d).ok()),
            category: options.get("category")?,
            drama: options.get("drama")?,
            mode: options.choice("mode", &Mode::ALL)?.unwrap_or_default(),
            teams: options
                .get::<i64>("teams")?
                .and_then(|t| u8::try_from(t).ok()),
        })
    }
}

/// `/trivia start [rounds] [difficulty] [category] [drama] [mode] [teams]`.
pub fn start(ctx: &mut Ctx<'_>, args: StartArgs) -> Result<Reply> {
    let guild = ctx.guild_for(IN_A_SERVER)?;
    ctx.app.needs_timed_messages(ctx.korean())?;
    // The start is public and the game's messages follow it in the same language: the server's
    // fixed one, else the starter's.
    let locale = ctx.locale();
    let teams = match (args.mode, args.teams) {
        (Mode::Teams, teams) => teams.unwrap_or(modes::MIN_TEAMS),
        (_, None) => 0,
        (_, Some(_)) => {
            return Err(Error::BadInput(ctx.text(msg::TRIVIA_TEAMS_ONLY)));
        }
    };
    let channel = ctx.inv.channel;
    let mut server = ctx.settings()?;
    if let Some(drama) = args.drama {
        let packs = ctx.app.store().pack_summaries()?;
        let pack = crate::model::find_pack(&packs, &drama).ok_or_else(|| {
            Error::BadInput(ctx.tr(
                msg::TRIVIA_NO_DRAMA,
                &[("drama", clip(drama.trim(), 100).into())],
            ))
        })?;
        server.drama = Some(pack.id.clone());
    }
    let rounds = game::clamp_rounds(args.rounds);
    let filter = Filter {
        difficulty: args.difficulty,
        category: args.category,
    };
    let guard = SpoilerGuard::new(&server);
    let mut store = ctx.app.store();
    if let Some(running) = store.running_game_in(channel)? {
        return Err(Error::BadInput(tr(
            locale,
            msg::TRIVIA_ALREADY_RUNNING_AT,
            &[
                ("number", (running.current + 1).into()),
                ("total", running.questions.len().into()),
            ],
        )));
    }
    let pool = TriviaPool {
        scope: crate::model::Scope::new(Some(guild), &server),
        filter: &filter,
        watched: guard.watched(),
    };
    let selection = select(&store, &pool, rounds as usize, &mut ctx.rng)?;
    if selection.questions.is_empty() {
        return Err(Error::BadInput(text(locale, msg::TRIVIA_NO_QUESTIONS)));
    }
    let settings = store.trivia_settings(guild)?;
    // Only the game's own questions are read whole, for the note on those without buttons.
    let mut any_typed = false;
    if !settings.typed_answers {
        for &key in &selection.questions {
            any_typed |= store.trivia_question(key)?.is_some_and(|q| q.is_typed());
        }
    }
    let join_until = (args.mode == Mode::Teams)
        .then(|| ctx.inv.now.checked_add(ctx.app.join_window()).ok())
        .flatten();
    let created = store.create_game(
        guild,
        channel,
        ctx.inv.user,
        &selection.questions,
        &settings,
        selection.new_cycle.then_some(&pool),
        &GameMode::new(args.mode, teams, join_until),
        locale,
        ctx.inv.now,
    )?;
    let Some(game_id) = created else {
        return Err(Error::BadInput(text(locale, msg::TRIVIA_ALREADY_RUNNING)));
    };
    // The store queued the first question with the game; it opens as soon as the scheduler wakes.
    drop(store);
    let _ = ctx
        .app
        .store()
        .remember_member(ctx.inv.user, &ctx.inv.user_name);
    ctx.request(Effect::WakeScheduler);
    let n = selection.questions.len();
    let mut said = format!(
        "{} {}",
        tr(
            locale,
            msg::TRIVIA_START,
            &[
                ("count", n.into()),
                ("seconds", settings.time_limit_secs.into()),
                (
                    "typed",
                    if settings.typed_answers { "yes" } else { "no" }.into()
                ),
            ],
        ),
        text(
            locale,
            if args.mode == Mode::Teams {
                msg::TRIVIA_START_NEXT_TEAMS
            } else {
                msg::TRIVIA_START_NEXT
            }
        )
    );
    if any_typed {
        said.push('\n');
        said.push_str(&text(locale, msg::TRIVIA_START_TYPED_QUESTIONS));
    }
    if (n as u32) < rounds {
        said.push('\n');
        said.push_str(&tr(locale, msg::TRIVIA_START_ONLY, &[("count", n.into())]));
    }
    if let Some(line) = modes::start_text(args.mode, teams, ctx.app.join_window(), locale) {
        said.push_str("\n\n");
        said.push_str(&line);
    }
    let mut reply = Reply::text(said);
    // A teams game's join buttons; presses after the window are told the teams are closed.
    reply.buttons = team_buttons(game_id, teams, locale, false);
    Ok(reply)
}

/// A pool of at most this many questions is read whole (keys only) and picked from as
/// [`game::pick_questions`] does; a larger one is sampled ([`game::sample_unseen`]).
const READ_WHOLE_UP_TO: usize = 256;

/// The most keys one start draws while sampling a large pool before it reads the pool whole
/// instead: a few milliseconds of lookups at most. Only a pool whose unseen questions are a small
/// part of its lists' keys gets there (for ten questions, under about 1 in 400): the last games
/// of a cycle, and the start of the next.
const SAMPLE_BUDGET: usize = 4_096;

/// The questions of a new game from `pool`, by the no-repeat cycle of [`game::pick_questions`],
/// at a cost that does not grow with the pool: a small pool is read whole as keys; a large one is
/// sampled by key, unseen questions only. Only when sampling finds too few (the last games of a
/// cycle) is the pool read whole: its unseen keys, or, to start a new cycle, all of them.
fn select(
    store: &Store,
    pool: &TriviaPool<'_>,
    rounds: usize,
    rng: &mut impl Rng,
) -> Result<game::Selection> {
    select_within(store, pool, rounds, SAMPLE_BUDGET, rng)
}

/// [`select`], drawing at most `budget` keys while sampling.
fn select_within(
    store: &Store,
    pool: &TriviaPool<'_>,
    rounds: usize,
    budget: usize,
    rng: &mut impl Rng,
) -> Result<game::Selection> {
    let keys = store.trivia_pool(pool, READ_WHOLE_UP_TO + 1)?;
    if keys.len() <= READ_WHOLE_UP_TO {
        return Ok(game::pick_among(keys, rounds, rng));
    }
    let ranges = store.trivia_pool_ranges(pool)?;
    if let Some(questions) = game::sample_unseen(&ranges, rounds, budget, rng, |keys| {
        store.trivia_unseen_among(pool, keys)
    })? {
        return Ok(game::Selection {
            questions,
            new_cycle: false,
        });
    }
    // Late in a cycle: the few unseen questions are enough when there are `rounds` of them,
    // and `pick_among` draws from them just as it would with the seen ones beside them.
    let unseen = store.trivia_pool_unseen(pool)?;
    if unseen.len() >= rounds {
        let keys = unseen.into_iter().map(|key| (key, false)).collect();
        return Ok(game::pick_among(keys, rounds, rng));
    }
    let keys = store.trivia_pool(pool, usize::MAX)?;
    Ok(game::pick_among(keys, rounds, rng))
}

/// Question `number` of `total`, as a card's title says it.
fn numbered(locale: Locale, id: Msg, number: u32, total: usize) -> String {
    tr(
        locale,
        id,
        &[("number", number.into()), ("total", total.into())],
    )
}

/// The message showing an open question, in `locale` (the game's).
pub fn question_card(
    round: &Round,
    question: &QuestionData,
    total: usize,
    locale: Locale,
) -> Reply {
    let mut embed = Embed::titled(numbered(
        locale,
        msg::TRIVIA_QUESTION_TITLE,
        round.index + 1,
        total,
    ));
    embed.colour = Some(COLOUR);
    // A typed-answer question has no buttons, so the card says how to answer it.
    let how = if round.is_typed() {
        format!("\n\n{}", text(locale, msg::TRIVIA_TYPE_IT))
    } else {
        String::new()
    };
    let closes = tr(
        locale,
        msg::TRIVIA_CLOSES,
        &[(
            "when",
            format!("<t:{}:R>", round.closes_at.as_second()).into(),
        )],
    );
    embed.description = Some(format!("{}{how}\n\n{closes}", question.question_in(locale)));
    embed.footer = Some(format!(
        "{} · {}",
        stars(locale, question.difficulty),
        tr(
            locale,
            msg::TRIVIA_CATEGORY,
            &[("category", question.category.as_str().into())]
        )
    ));
    Reply {
        embeds: vec![embed],
        buttons: buttons(round, question, false, locale),
        ..Reply::default()
    }
}

/// A question's answer buttons, each choice in `locale` where the pack gives it.
fn buttons(round: &Round, question: &QuestionData, closed: bool, locale: Locale) -> Vec<Button> {
    let Some(choices) = &round.choices else {
        return Vec::new();
    };
    choices
        .texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let choice = i as u8;
            let text = question.choice_in(text, locale);
            Button {
                custom_id: game::button_id(round.game, round.index, choice),
                label: clip(&format!("{}. {text}", choice_letter(choice)), 80),
                style: if closed && choice == round.right() {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Secondary
                },
                disabled: closed,
            }
        })
        .collect()
}

fn name_of(store: &Store, user: u64, locale: Locale) -> String {
    store
        .member_name(UserId(user))
        .ok()
        .flatten()
        .unwrap_or_else(|| text(locale, msg::TRIVIA_SOMEONE))
}

/// The message of a closed question: the right answer, who had it, why, and the source.
pub fn closed_card(
    store: &Store,
    round: &Round,
    question: &QuestionData,
    result: &RoundResult,
    total: usize,
    locale: Locale,
) -> Reply {
    let mut embed = Embed::titled(numbered(
        locale,
        msg::TRIVIA_CLOSED_TITLE,
        round.index + 1,
        total,
    ));
    embed.colour = Some(COLOUR);
    let answer = match &round.choices {
        Some(choices) => {
            let right = choices.right;
            let text = choices
                .texts
                .get(usize::from(right))
                .map_or(question.answer.as_str(), String::as_str);
            format!(
                "{}. {}",
                choice_letter(right),
                question.choice_in(text, locale)
            )
        }
        None => question.answer_in(locale).to_string(),
    };
    embed.description = Some(format!(
        "{}\n\n✅ **{answer}**",
        question.question_in(locale)
    ));
    let who = if result.winners.is_empty() {
        text(
            locale,
            if result.nobody_answered {
                msg::TRIVIA_NOBODY_ANSWERED
            } else {
                msg::TRIVIA_NOBODY_HAD_IT
            },
        )
    } else {
        result
            .winners
            .iter()
            .map(|(user, points)| format!("{} (+{points})", name_of(store, *user, locale)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    embed = embed.field(text(locale, msg::TRIVIA_WHO_HAD_IT), who);
    if let Some(explanation) = question.explanation_in(locale) {
        embed = embed.field(text(locale, msg::TRIVIA_WHY), explanation);
    }
    embed.footer = Some(tr(
        locale,
        msg::TRIVIA_SOURCE,
        &[("source", question.source.as_str().into())],
    ));
    Reply {
        embeds: vec![embed],
        buttons: buttons(round, question, true, locale),
        ..Reply::default()
    }
}

/// The standings at the end of a game: by member, and in a mode by what the mode needs (the
/// teams' points first; lives left or when a member went out, with the last one standing).
pub fn standings_card(store: &Store, game: &GameRow, results: &[RoundResult]) -> Reply {
    let locale = game.locale;
    let title = text(
        locale,
        match game.status {
            GameStatus::Stopped => msg::TRIVIA_TITLE_STOPPED,
            GameStatus::Abandoned => msg::TRIVIA_TITLE_ABANDONED,
            _ => msg::TRIVIA_TITLE_FINAL,
        },
    );
    let mode = store.game_mode(game.id).unwrap_or_else(|e| {
        tracing::warn!(game = game.id, error = %e, "cannot read the game's mode for its standings");
        GameMode::default()
    });
    let table = game::standings(results);
    let lines = standing_lines(store, &mode, &table, locale);
    let footer = tr(
        locale,
        msg::TRIVIA_ASKED,
        &[
            ("asked", results.len().into()),
            ("total", game.questions.len().into()),
        ],
    );
    let mut embed = Embed::titled(title.clone());
    embed.colour = Some(COLOUR);
    let mut said: Vec<String> = lines.head.clone();
    if lines.members.is_empty() {
        said.push(text(locale, msg::TRIVIA_NOBODY_SCORED));
    } else {
        said.extend(lines.members.iter().take(20).map(|(line, _)| line.clone()));
    }
    embed.description = Some(said.join("\n"));
    embed.footer = Some(footer.clone());
    let mut reply = Reply::embed(embed);
    // The picture beside the embed (which stays, for screen readers); nobody scored, no picture.
    if !table.is_empty() {
        let rows = lines
            .card_head
            .into_iter()
            .chain(lines.members.into_iter().map(|(_, row)| row))
            .collect();
        reply.attachments.extend(card::attachment(&card::Standings {
            title,
            subtitle: Some(tr(
                locale,
                msg::TRIVIA_CARD_SUBTITLE,
                &[("mode", mode.mode.as_str().into())],
            )),
            rows,
            footer: Some(footer),
            locale,
        }));
    }
    reply
}

/// The standings' lines: what goes above the members (the winner, the teams), and one line and
/// card row per member, in the mode's order.
struct StandingLines {
    head: Vec<String>,
    card_head: Vec<card::Row>,
    members: Vec<(String, card::Row)>,
}

fn standing_lines(
    store: &Store,
    mode: &GameMode,
    table: &[game::Standing],
    locale: Locale,
) -> StandingLines {
    let name = |user: u64| name_of(store, user, locale);
    let member = |rank: u32, s: &game::Standing, note: Option<String>| {
        let name = name(s.user);
        let line = format!(
            "{}{}",
            tr(
                locale,
                msg::TRIVIA_STANDING,
                &[
                    ("rank", rank.into()),
                    ("name", name.as_str().into()),
                    ("points", s.points.into()),
                    ("correct", s.correct.into()),
                ],
            ),
            note.as_ref().map(|n| format!(" · {n}")).unwrap_or_default()
        );
        let right = tr(locale, msg::TRIVIA_RIGHT, &[("correct", s.correct.into())]);
        let detail = match note {
            Some(note) => format!("{right} · {note}"),
            None => right,
        };
        let row = card::Row {
            rank: Some(rank),
            name,
            value: points_short(locale, s.points),
            detail: Some(detail),
            heading: false,
        };
        (line, row)
    };
    let mut out = StandingLines {
        head: Vec::new(),
        card_head: Vec::new(),
        members: Vec::new(),
    };
    match mode.mode {
        Mode::Classic => {
            out.members = table
                .iter()
                .zip(shared_ranks(table, |s| s.points))
                .map(|(s, rank)| member(rank, s, None))
                .collect();
        }
        Mode::Teams => {
            let teams = modes::team_standings(mode, table);
            for (team, rank) in teams.iter().zip(shared_ranks(&teams, |t| t.points)) {
                let members = tr(
                    locale,
                    msg::TRIVIA_MEMBERS,
                    &[("count", team.members.len().into())],
                );
                let team_name = modes::team_name(team.team, locale);
                out.head.push(tr(
                    locale,
                    msg::TRIVIA_TEAM_STANDING,
                    &[
                        ("rank", rank.into()),
                        ("team", team_name.as_str().into()),
                        ("points", team.points.into()),
                        ("members", members.as_str().into()),
                    ],
                ));
                out.card_head.push(card::Row {
                    rank: Some(rank),
                    name: team_name,
                    value: points_short(locale, team.points),
                    detail: Some(members),
                    heading: false,
                });
            }
            let heading = text(locale, msg::TRIVIA_MEMBERS_HEADING);
            out.head.push(String::new());
            out.head.push(format!("**{heading}**"));
            out.card_head.push(card::Row::heading(heading));
            out.members = table
                .iter()
                .zip(shared_ranks(table, |s| s.points))
                .map(|(s, rank)| {
                    let team = mode.team_of(s.user).map(|t| modes::team_name(t, locale));
                    member(rank, s, team)
                })
                .collect();
        }
        Mode::Elimination | Mode::SuddenDeath => {
            out.head
                .extend(modes::winner_text(mode, name, locale, false));
            out.card_head
                .extend(modes::winner_text(mode, name, locale, true).map(card::Row::heading));
            let order = modes::survival_order(mode, table);
            let ranks = shared_ranks(&order, |(s, player)| {
                (modes::survival_place(player.as_ref()), s.points)
            });
            out.members = order
                .iter()
                .zip(ranks)
                .map(|((s, player), rank)| {
                    member(
                        rank,
                        s,
                        modes::lives_text(mode.mode, player.as_ref(), locale),
                    )
                })
                .collect();
        }
    }
    out
}

/// The places of a list already in standings order, where neighbours with the same `key` (their
/// points, mostly) share one and the next place skips: "1, 2, 2, 4", as leaderboards write it.
/// The list's order still breaks the tie for who is named first (and wins a season).
pub(crate) fn shared_ranks<T, K: PartialEq>(sorted: &[T], key: impl Fn(&T) -> K) -> Vec<u32> {
    let mut ranks: Vec<u32> = Vec::with_capacity(sorted.len());
    for (i, item) in sorted.iter().enumerate() {
        let place = match (i.checked_sub(1), ranks.last()) {
            (Some(before), Some(&rank)) if key(&sorted[before]) == key(item) => rank,
            _ => u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1),
        };
        ranks.push(place);
    }
    ranks
}

/// Points as a card's value column writes them ("120 pts").
fn points_short(locale: Locale, points: impl Into<Arg<'static>>) -> String {
    tr(
        locale,
        msg::TRIVIA_POINTS_SHORT,
        &[("points", points.into())],
    )
}

/// Closes a game's open round (if its time is up, everyone answered, or `force`) and decides what
/// comes next. Returns the messages to send; `None` when the game was written since it was read
/// (a `/trivia stop`, or another process's step), in which case `game` is read again and nothing
/// was changed or is to be sent: the caller decides afresh from what it now finds.
///
/// A press that another process recorded after the round was read, and before the close took the
/// round's lock, is counted: the close finds it, changes nothing, and is made again from a fresh
/// read (a few times; past that the game's job comes due again a moment later).
fn close_current(
    store: &mut Store,
    game: &mut GameRow,
    now: Timestamp,
    force: bool,
) -> Result<Option<Vec<ChannelMessage>>> {
    for _ in 0..3 {
        let read = game.clone();
        match try_close_current(store, game, now, force)? {
            Attempt::Done(out) => return Ok(Some(out)),
            Attempt::AnswersChanged => *game = read,
            Attempt::GameChanged => {
                if let Some(stored) = store.game(game.id)? {
                    *game = stored;
                }
                return Ok(None);
            }
        }
    }
    tracing::warn!(
        game = game.id,
        "answers keep arriving as the round closes; closing later"
    );
    Ok(Some(Vec::new()))
}

/// What one try of [`close_current`] came to.
enum Attempt {
    /// Done (or nothing to do): the messages to send.
    Done(Vec<ChannelMessage>),
    /// An answer arrived meanwhile: nothing changed, try again from the round.
    AnswersChanged,
    /// The game was written by another meanwhile: nothing changed, read it again.
    GameChanged,
}

/// One try of [`close_current`].
fn try_close_current(
    store: &mut Store,
    game: &mut GameRow,
    now: Timestamp,
    force: bool,
) -> Result<Attempt> {
    if game.next_at.is_some() {
        return Ok(Attempt::Done(Vec::new()));
    }
    let Some(row) = store.round(game.id, game.current)? else {
        // A game that lost its open round (it cannot happen by design): open the next one.
        game.next_at = Some(now);
        if !store.save_game(game, now)? {
            return Ok(Attempt::GameChanged);
        }
        return Ok(Attempt::Done(Vec::new()));
    };
    if row.result.is_some() {
        return Ok(Attempt::Done(Vec::new()));
    }
    let mut results = store.game_results(game.id)?;
    let mut mode = store.game_mode(game.id)?;
    let players: BTreeSet<u64> = mode.waiting_for(&results);
    let mut round = row.round;
    if !(force || round.is_due(now) || round.everyone_answered(&players)) {
        return Ok(Attempt::Done(Vec::new()));
    }
    let Some(mut result) = round.close(now, &mut game.streaks) else {
        return Ok(Attempt::Done(Vec::new()));
    };
    let hints = store.hints_given(game.id, round.index)?;
    hint::halve_after_hint(&mut result, &round, hints.first().copied());
    results.push(result.clone());
    let changed = mode.after_round(&result);
    let total = game.questions.len();
    if game.status == GameStatus::Running {
        if game::should_end_idle(&results) {
            game.status = GameStatus::Abandoned;
        } else if game.current as usize + 1 >= total || mode.is_decided() {
            game.status = GameStatus::Finished;
        } else {
            game.current += 1;
            game.next_at = now.checked_add(PAUSE).ok();
        }
    }
    // What the close shows is committed with it as the game's unsent step, until its send is
    // recorded: a process dying before then leaves it for another to send (`resend_unsent`).
    let step = TriviaStep::Closed(round.index);
    let shows = row.message.is_some() || game.status != GameStatus::Running;
    if shows {
        game.unsent = Some(unsent_from(step, now));
    }
    match store.close_round(game, &round, &result, &changed, now)? {
        Closing::Closed => {}
        // Closed by another pass or process, which also wrote the game: read it again.
        Closing::AlreadyClosed | Closing::GameChanged => return Ok(Attempt::GameChanged),
        Closing::AnswersChanged => return Ok(Attempt::AnswersChanged),
    }
    // Built from what the close committed (the standings read who is out from the store).
    let closing = RoundClose {
        round: &round,
        result: &result,
        results: &results,
        mode: &mode,
        hints: hints.len(),
        message: row.message,
        standings: game.status != GameStatus::Running,
    };
    let out = closing_messages(store, game, &closing)?;
    if shows && out.is_empty() {
        // Nothing to show after all (the question is gone from the store): nothing to wait for.
        store.trivia_step_sent(game.id, step)?;
        game.unsent = None;
    }
    Ok(Attempt::Done(out))
}

/// What a round's close shows, from the close being made or, for a resend, as it was committed.
struct RoundClose<'a> {
    round: &'a Round,
    result: &'a RoundResult,
    /// Every closed round's result, this one's included: the standings.
    results: &'a [RoundResult],
    /// The game's mode after the round: who is still in.
    mode: &'a GameMode,
    /// How many hints the round gave.
    hints: usize,
    /// The message showing the round's question, once its send is recorded.
    message: Option<MessageId>,
    /// Whether the game's final standings go with it (the close ended the game).
    standings: bool,
}

/// The messages of a round's close, as a step: the question's message edited closed, then the
/// standings if the close ended the game.
fn closing_messages(
    store: &Store,
    game: &GameRow,
    closing: &RoundClose<'_>,
) -> Result<Vec<ChannelMessage>> {
    let mut out = Vec::new();
    let round = closing.round;
    let total = game.questions.len();
    // The question's message is edited closed. One still on its way (its id not yet recorded) is
    // edited by `sent` once its id is known: a new message here would show the question twice.
    if let Some(message) = closing.message
        && let Some(question) = store.trivia_question(round.question)?
    {
        let locale = game.locale;
        let mut card = closed_card(store, round, &question, closing.result, total, locale);
        // In a game with lives, who is still in (and how many lives) shows under each question.
        if let (Some(embed), Some(lives)) = (
            card.embeds.first_mut(),
            modes::lives_line(closing.mode, |user| name_of(store, user, locale), locale),
        ) {
            *embed = embed
                .clone()
                .field(text(locale, msg::TRIVIA_LIVES_FIELD), clip(&lives, 1000));
        }
        hint::note_on_closed(&mut card, closing.hints, locale);
        out.push(channel_message(game.channel, card, Some(message)));
    }
    if closing.standings {
        out.push(channel_message(
            game.channel,
            standings_card(store, game, closing.results),
            None,
        ));
    }
    Ok(as_step(game.id, TriviaStep::Closed(round.index), out))
}

/// The messages of a round's opening, as a step: a teams game's line-up before its first
/// question (`teams`), then the question, which records the message showing it.
fn opening_messages(
    store: &Store,
    game: &GameRow,
    round: &Round,
    question: &QuestionData,
    teams: Option<&GameMode>,
) -> Vec<ChannelMessage> {
    let mut out = Vec::new();
    if let Some(teams) = teams {
        let locale = game.locale;
        let lineup = modes::lineup_text(teams, |user| name_of(store, user, locale), locale);
        out.push(channel_message(game.channel, Reply::text(lineup), None));
    }
    out.push(ChannelMessage {
        record: SentRecord::TriviaQuestion {
            game: game.id,
            round: round.index,
        },
        ..channel_message(
            game.channel,
            question_card(round, question, game.questions.len(), game.locale),
            None,
        )
    });
    as_step(game.id, TriviaStep::Opened(round.index), out)
}

/// A teams game's mode, when its round `index` is its first: that round's opening shows the teams.
fn teams_at(store: &Store, game: &GameRow, index: u32) -> Result<Option<GameMode>> {
    if index != 0 {
        return Ok(None);
    }
    Ok(Some(store.game_mode(game.id)?).filter(|m| m.mode == Mode::Teams))
}

/// The messages of a game that ran out of questions between rounds: its final standings.
fn ended_messages(store: &Store, game: &GameRow) -> Result<Vec<ChannelMessage>> {
    let results = store.game_results(game.id)?;
    let standings = channel_message(game.channel, standings_card(store, game, &results), None);
    Ok(as_step(game.id, TriviaStep::Ended, vec![standings]))
}

/// The message of a teams game that nobody joined: it is off.
fn nobody_joined_messages(game: &GameRow) -> Vec<ChannelMessage> {
    let notice = Reply::text(text(game.locale, msg::TRIVIA_NOBODY_JOINED));
    let notice = channel_message(game.channel, notice, None);
    as_step(game.id, TriviaStep::NobodyJoined, vec![notice])
}

/// The messages of a game's step, rebuilt from what the step committed (to send them again):
/// the same messages, with the same nonces. Empty when what they show is gone from the store.
fn step_messages(store: &Store, game: &GameRow, step: TriviaStep) -> Result<Vec<ChannelMessage>> {
    match step {
        TriviaStep::Opened(index) => {
            let Some(row) = store.round(game.id, index)? else {
                return Ok(Vec::new());
            };
            let Some(question) = store.trivia_question(row.round.question)? else {
                return Ok(Vec::new());
            };
            let teams = teams_at(store, game, index)?;
            Ok(opening_messages(
                store,
                game,
                &row.round,
                &question,
                teams.as_ref(),
            ))
        }
        TriviaStep::Closed(index) => {
            let Some(row) = store.round(game.id, index)? else {
                return Ok(Vec::new());
            };
            let Some(result) = &row.result else {
                return Ok(Vec::new());
            };
            let closing = RoundClose {
                round: &row.round,
                result,
                results: &store.game_results(game.id)?,
                mode: &store.game_mode(game.id)?,
                hints: store.hints_given(game.id, index)?.len(),
                message: row.message,
                // A game stopped since showed its standings in the stop's answer.
                standings: !matches!(game.status, GameStatus::Running | GameStatus::Stopped),
            };
            closing_messages(store, game, &closing)
        }
        TriviaStep::Ended => ended_messages(store, game),
        TriviaStep::NobodyJoined => Ok(nobody_joined_messages(game)),
    }
}

/// Sends again a game's step whose send was never recorded, once the lease of the process that
/// sent it (or last resent it) has ended: that process died between the step and the send, or is
/// stuck sending. Resent here by the one process that takes the step over, with the same nonces,
/// so messages that did go out are dropped by Discord rather than doubled; a step older than
/// [`daily::RESEND_WITHIN`] is too old for that (Discord forgets nonces), and only its edits
/// (which cannot double) are made again. Returns until when the game must wait for the send to be
/// recorded (no new step is taken before), or `None` when it may go on.
fn resend_unsent(
    store: &Store,
    game: &GameRow,
    unsent: Unsent,
    now: Timestamp,
    out: &mut Vec<ChannelMessage>,
) -> Result<Option<Timestamp>> {
    if now < unsent.until {
        return Ok(Some(unsent.until));
    }
    let messages = step_messages(store, game, unsent.step)?;
    let too_old = unsent.since.duration_until(now) > daily::RESEND_WITHIN;
    if messages.is_empty() || too_old {
        tracing::warn!(game = game.id, step = ?unsent.step, "a trivia step's send was lost");
        if store.trivia_step_sent(game.id, unsent.step)? {
            let edits = messages.into_iter().filter(|m| m.edit.is_some());
            out.extend(edits.map(|m| ChannelMessage {
                record: SentRecord::Nothing,
                ..m
            }));
        }
        return Ok(None);
    }
    let until = crate::due::lease_end(now);
    if !store.resend_trivia_step(game.id, &unsent, until)? {
        // Recorded as sent, or taken over by another process, since it was read: look again soon.
        return Ok(Some(
            now.checked_add(SignedDuration::from_secs(1)).unwrap_or(now),
        ));
    }
    tracing::warn!(game = game.id, step = ?unsent.step, "resending a trivia step whose send was never recorded");
    out.extend(messages);
    Ok(Some(until))
}

/// Opens a game's next round if its time has come.
fn open_next(
    store: &mut Store,
    game: &mut GameRow,
    now: Timestamp,
    rng: &mut impl Rng,
    out: &mut Vec<ChannelMessage>,
) -> Result<()> {
    // No step is taken while the last one's messages are on their way (`resend_unsent`).
    while game.status == GameStatus::Running
        && game.unsent.is_none()
        && game.next_at.is_some_and(|at| at <= now)
    {
        let Some(&key) = game.questions.get(game.current as usize) else {
            game.status = GameStatus::Finished;
            game.next_at = None;
            let standings = ended_messages(store, game)?;
            game.unsent = Some(unsent_from(TriviaStep::Ended, now));
            if !save_or_reread(store, game, now)? {
                continue;
            }
            out.extend(standings);
            break;
        };
        let limit = Duration::from_secs(game.time_limit_secs.clamp(10, 120) as u64);
        let question = store.trivia_question(key)?;
        match question
            .map(|q| Round::open(game.id, game.current, &q, now, limit, rng).map(|r| (r, q)))
        {
            Some(Ok((round, question))) => {
                // A teams game's first question closes the join window: the teams are shown
                // first, and a game nobody joined is off.
                let teams = teams_at(store, game, game.current)?;
                if teams
                    .as_ref()
                    .is_some_and(|m| !m.players.values().any(|p| p.team.is_some()))
                {
                    game.status = GameStatus::Abandoned;
                    game.next_at = None;
                    game.unsent = Some(unsent_from(TriviaStep::NobodyJoined, now));
                    if !save_or_reread(store, game, now)? {
                        continue;
                    }
                    out.extend(nobody_joined_messages(game));
                    break;
                }
                game.next_at = None;
                // The question is committed with the round as the game's unsent step, until its
                // send is recorded (`resend_unsent`).
                let opening = opening_messages(store, game, &round, &question, teams.as_ref());
                game.unsent = Some(unsent_from(TriviaStep::Opened(round.index), now));
                if !store.open_round(game, &round, now)? {
                    // Opened by another process sharing the database (it asks the question), or
                    // the game stopped meanwhile.
                    if let Some(stored) = store.game(game.id)? {
                        *game = stored;
                    }
                    break;
                }
                out.extend(opening);
            }
            // A question that can no longer be asked (gone from the store): skip it.
            _ => {
                tracing::warn!(
                    game = game.id,
                    question = key,
                    "skipping a question that cannot be asked"
                );
                game.current += 1;
                // Written by another meanwhile: the loop goes on from what it wrote.
                save_or_reread(store, game, now)?;
            }
        }
    }
    Ok(())
}

/// Saves where `game` stands if nobody wrote it since it was read ([`Store::save_game`]); when
/// somebody did, reads it again into `game` instead and returns `false`.
fn save_or_reread(store: &Store, game: &mut GameRow, now: Timestamp) -> Result<bool> {
    if store.save_game(game, now)? {
        return Ok(true);
    }
    if let Some(stored) = store.game(game.id)? {
        *game = stored;
    }
    Ok(false)
}

/// Does what is due at `now` for one game (close its round, open the next), and sets when it is
/// next due. The messages to send are pushed onto `out` as soon as what they show is committed, so
/// a later failure (retried by the scheduler) never loses them.
///
/// A step's messages are on their way until their send is recorded ([`step_sent`]): meanwhile the
/// game takes no new step, and its job is due at the end of the sender's lease; whoever claims it
/// then finds the step unsent and sends its messages again ([`resend_unsent`]) instead.
pub fn run_job(
    app: &App,
    game_id: i64,
    now: Timestamp,
    rng: &mut impl Rng,
    out: &mut Vec<ChannelMessage>,
) -> Result<()> {
    let mut store = app.store();
    let Some(mut game) = store.game(game_id)? else {
        return store.unschedule(Job::Trivia(game_id));
    };
    if let Some(unsent) = game.unsent {
        if let Some(wait) = resend_unsent(&store, &game, unsent, now, out)? {
            return store.schedule(Job::Trivia(game.id), wait);
        }
        game.unsent = None;
    }
    if game.status == GameStatus::Running {
        // A close that found the game written by another (stopped, or stepped) has read it
        // again: what comes next is decided from that.
        out.extend(close_current(&mut store, &mut game, now, false)?.unwrap_or_default());
        open_next(&mut store, &mut game, now, rng, out)?;
    }
    match next_due(&store, &game, now)? {
        // Stepping settles everything due now; anything still due at once would spin the
        // scheduler, so it waits a little (and the log says which game).
        Some(at) if at <= now => {
            tracing::warn!(game = game.id, "a trivia game is still due after its step");
            store.schedule(
                Job::Trivia(game.id),
                now.checked_add(SignedDuration::from_secs(1)).unwrap_or(now),
            )
        }
        at => store.schedule_or_forget(Job::Trivia(game.id), at),
    }
}

/// When a game next needs the scheduler: the end of its sender's lease while a step's messages are
/// unsent (even once it has ended: the standings), else its next round to open, or its open round
/// to close (at once if everyone answered). `None` once it has ended.
fn next_due(store: &Store, game: &GameRow, now: Timestamp) -> Result<Option<Timestamp>> {
    if let Some(unsent) = game.unsent {
        return Ok(Some(unsent.until));
    }
    if game.status != GameStatus::Running {
        return Ok(None);
    }
    if let Some(at) = game.next_at {
        return Ok(Some(at));
    }
    Ok(Some(match store.round(game.id, game.current)? {
        Some(row) if row.result.is_none() => {
            let players = store
                .game_mode(game.id)?
                .waiting_for(&store.game_results(game.id)?);
            if row.round.everyone_answered(&players) {
                now
            } else {
                row.round.closes_at
            }
        }
        _ => now,
    }))
}

/// Schedules every running game, and every ended one whose last step's messages are unsent: at
/// start-up, so that a game left running by the last process goes on (a round whose time ran out
/// during the downtime closes at once), and what it last showed is sent if it never was. A game
/// that fails is logged and the others go on.
pub fn reschedule_all(app: &App, now: Timestamp) -> Result<usize> {
    let store = app.store();
    let mut scheduled = 0;
    let ended_unsent = store
        .games_with_unsent_steps()?
        .into_iter()
        .filter(|game| game.status != GameStatus::Running);
    for game in store.running_games()?.into_iter().chain(ended_unsent) {
        let queued = next_due(&store, &game, now)
            .and_then(|at| store.schedule_or_forget(Job::Trivia(game.id), at));
        match queued {
            Ok(()) => scheduled += 1,
            Err(e) => tracing::error!(game = game.id, error = %e, "cannot schedule a trivia game"),
        }
    }
    Ok(scheduled)
}

/// Records the message that shows a round, once sent, and that its opening was sent (see
/// [`step_sent`]). A question that could not be sent (`Err`) is not sent again: its round still
/// closes on time.
///
/// If the round closed before its message was recorded (a `/trivia stop` while the question was
/// on its way), the message is edited closed at once: the edit is returned for sending.
pub fn sent(
    app: &App,
    round: (i64, u32),
    message: std::result::Result<MessageId, String>,
    now: Timestamp,
) -> Result<Vec<ChannelMessage>> {
    let store = app.store();
    if let Ok(message) = message {
        store.set_round_message(round.0, round.1, message)?;
    }
    step_sent(&store, round.0, TriviaStep::Opened(round.1), now)?;
    let Ok(message) = message else {
        return Ok(Vec::new());
    };
    let (Some(game), Some(row)) = (store.game(round.0)?, store.round(round.0, round.1)?) else {
        return Ok(Vec::new());
    };
    let (Some(result), Some(question)) = (row.result, store.trivia_question(row.round.question)?)
    else {
        return Ok(Vec::new());
    };
    let card = closed_card(
        &store,
        &row.round,
        &question,
        &result,
        game.questions.len(),
        game.locale,
    );
    Ok(vec![channel_message(game.channel, card, Some(message))])
}

/// Records that a game's step had its messages sent, or their send failed (a channel gone: not
/// retried, as before), and lets the game go on: its job is due when its next step is.
pub fn step_sent(store: &Store, game: i64, step: TriviaStep, now: Timestamp) -> Result<()> {
    if !store.trivia_step_sent(game, step)? {
        return Ok(());
    }
    let Some(game) = store.game(game)? else {
        return Ok(());
    };
    store.schedule_or_forget(Job::Trivia(game.id), next_due(store, &game, now)?)
}

/// What a member is told about their answer. In a typed-answer round the answer they typed is
/// echoed as typed, right or wrong alike, so the reply gives nothing away before the close.
fn outcome_text(outcome: &PressOutcome, typed_round: Option<&str>, locale: Locale) -> String {
    let pick = |id: Msg, pick: String| tr(locale, id, &[("pick", pick.into())]);
    if let Some(typed) = typed_round {
        let said = format!("\u{201c}{}\u{201d}", clip(typed.trim(), 100));
        match outcome {
            PressOutcome::Locked { .. } => return pick(msg::TRIVIA_LOCKED, said),
            PressOutcome::Changed { .. } => {
                return tr(
                    locale,
                    msg::TRIVIA_CHANGED_TYPED,
                    &[("answer", said.into())],
                );
            }
            PressOutcome::AlreadyLocked { .. } => {
                return text(locale, msg::TRIVIA_ALREADY_ANSWERED);
            }
            PressOutcome::Closed | PressOutcome::Unreadable => {}
        }
    }
    match outcome {
        PressOutcome::Locked { pick: p } => pick(msg::TRIVIA_LOCKED, p.to_string()),
        PressOutcome::Changed { from, to } => tr(
            locale,
            msg::TRIVIA_CHANGED,
            &[
                ("from", from.to_string().into()),
                ("to", to.to_string().into()),
            ],
        ),
        PressOutcome::AlreadyLocked { pick: p } => pick(msg::TRIVIA_ALREADY_LOCKED, p.to_string()),
        PressOutcome::Closed => text(locale, msg::TRIVIA_CLOSED),
        PressOutcome::Unreadable => text(locale, msg::TRIVIA_UNREADABLE),
    }
}

/// Applies an answer to a running game's open round, and wakes the timers if everyone answered.
///
/// The answer is judged against the round as read and recorded only if the round is still so
/// (`Store::save_answer`): when another process changed it meanwhile (closed it, or took this
/// member's other press), it is read and judged again, so the reply a member gets is what counts.
fn apply_answer(
    ctx: &mut Ctx<'_>,
    game_id: i64,
    index: u32,
    typed: Option<&str>,
    answer: impl Fn(&mut Round, &GameRow, &QuestionData) -> PressOutcome,
) -> Result<String> {
    let locale = ctx.locale();
    let closed = || Ok(text(locale, msg::TRIVIA_CLOSED));
    for _ in 0..3 {
        let store = ctx.app.store();
        let Some(game) = store.game(game_id)? else {
            return closed();
        };
        if game.status != GameStatus::Running || game.next_at.is_some() || game.current != index {
            return closed();
        }
        let Some(row) = store.round(game_id, index)? else {
            return closed();
        };
        if row.result.is_some() || row.round.is_due(ctx.inv.now) {
            return closed();
        }
        let Some(question) = store.trivia_question(row.round.question)? else {
            return closed();
        };
        let mode = store.game_mode(game_id)?;
        if let Err(refusal) = mode.may_answer(ctx.inv.user.0) {
            return Ok(modes::refusal_text(refusal, locale));
        }
        let mut round = row.round;
        let before = round.answers().get(&ctx.inv.user.0).cloned();
        let outcome = answer(&mut round, &game, &question);
        let typed = typed.filter(|_| round.is_typed());
        if matches!(
            outcome,
            PressOutcome::Locked { .. } | PressOutcome::Changed { .. }
        ) {
            if !store.save_answer(&round, ctx.inv.user, before.as_ref())? {
                continue;
            }
            store.remember_member(ctx.inv.user, &ctx.inv.user_name)?;
            let players = mode.waiting_for(&store.game_results(game_id)?);
            if round.everyone_answered(&players) {
                store.schedule(Job::Trivia(game_id), ctx.inv.now)?;
                drop(store);
                ctx.request(Effect::WakeScheduler);
            }
        }
        return Ok(outcome_text(&outcome, typed, locale));
    }
    // The round kept changing under this answer (it is closing): it was not recorded.
    closed()
}

/// A press of an answer button.
pub fn press(ctx: &mut Ctx<'_>, rest: &str) -> Result<Response> {
    let id = format!("{BUTTON_PREFIX}{rest}");
    let press =
        game::parse_button_id(&id).map_err(|_| Error::BadInput(not_my_button(ctx.locale())))?;
    let (user, now) = (ctx.inv.user.0, ctx.inv.now);
    let text = apply_answer(ctx, press.game, press.round, None, |round, game, _| {
        round.press_button(press, user, now, game.allow_changes)
    })?;
    Ok(Response::Message(Reply::private(text)))
}

/// A press of a team's join button (`trivia-team:GAME:TEAM`), before a teams game's first
/// question: the member joins that team, once.
pub fn join(ctx: &mut Ctx<'_>, rest: &str) -> Result<Response> {
    let locale = ctx.locale();
    let (game_id, team) =
        modes::parse_team_button(rest).map_err(|_| Error::BadInput(not_my_button(locale)))?;
    let store = ctx.app.store();
    let game = store
        .game(game_id)?
        .filter(|g| g.guild == ctx.inv.guild.unwrap_or(g.guild));
    let running = game.as_ref().filter(|g| g.status == GameStatus::Running);
    let outcome = match running {
        None => modes::Join::Closed,
        Some(_) => {
            let mode = store.game_mode(game_id)?;
            match modes::join(&mode, ctx.inv.user.0, team, ctx.inv.now) {
                modes::Join::Joined(team) => {
                    store.remember_member(ctx.inv.user, &ctx.inv.user_name)?;
                    match store.join_team(game_id, ctx.inv.user, team)? {
                        on if on == team => modes::Join::Joined(team),
                        // Another press of theirs got there first.
                        on => modes::Join::Already(on),
                    }
                }
                other => other,
            }
        }
    };
    // A press after the window closed (the buttons stay on the start message until then) also
    // disables the join buttons, so nobody else presses a dead one.
    if outcome == modes::Join::Closed
        && let (Some(game), Action::Button { message, .. }) = (&game, &ctx.inv.action)
    {
        let teams = store.game_mode(game.id)?.teams;
        let reply = Reply {
            buttons: team_buttons(game.id, teams, game.locale, true),
            ..Reply::default()
        };
        let edit = channel_message(game.channel, reply, Some(*message));
        drop(store);
        ctx.request(Effect::Send(edit));
    }
    Ok(Response::Message(Reply::private(modes::join_text(
        outcome, locale,
    ))))
}

/// A teams game's join buttons, one per team.
fn team_buttons(game: i64, teams: u8, locale: Locale, disabled: bool) -> Vec<Button> {
    (0..teams)
        .map(|team| Button {
            custom_id: modes::team_button_id(game, team),
            label: modes::team_name(team, locale),
            style: ButtonStyle::Primary,
            disabled,
        })
        .collect()
}

/// The arguments of `/trivia answer text:<answer>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerArgs {
    /// The answer as typed; matched like cast names.
    pub text: String,
}

impl FromOptions for AnswerArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(AnswerArgs {
            text: options.require("text")?,
        })
    }
}

/// `/trivia answer text:<answer>`: a typed answer to the open question in this channel.
pub fn answer(ctx: &mut Ctx<'_>, args: AnswerArgs) -> Result<Reply> {
    let guild = ctx.guild_for(IN_A_SERVER)?;
    let Some(game) = ctx.app.store().running_game_in(ctx.inv.channel)? else {
        return Err(Error::BadInput(ctx.text(msg::TRIVIA_NO_GAME)));
    };
    // A typed-answer question can only be answered by typing, whatever the server chose for the
    // questions with buttons.
    let typed_round = ctx
        .app
        .store()
        .round(game.id, game.current)?
        .is_some_and(|row| row.round.is_typed());
    if !typed_round && !ctx.app.store().trivia_settings(guild)?.typed_answers {
        return Err(Error::BadInput(ctx.text(msg::TRIVIA_TYPED_OFF)));
    }
    let text = args.text;
    let (user, now) = (ctx.inv.user.0, ctx.inv.now);
    let said = apply_answer(
        ctx,
        game.id,
        game.current,
        Some(&text),
        |round, game, question| round.typed(user, &text, question, now, game.allow_changes),
    )?;
    Ok(Reply::private(said))
}

/// How many times `/trivia stop` reads the game again when other processes keep changing it
/// first: each try is milliseconds, and each change a round's step, so a few always suffice.
const STOP_TRIES: usize = 5;

/// `/trivia stop`: the starter or a moderator ends the game; the open question is scored as it
/// stands and the standings are shown.
pub fn stop(ctx: &mut Ctx<'_>) -> Result<Reply> {
    ctx.guild_for(IN_A_SERVER)?;
    let locale = ctx.locale();
    let mut store = ctx.app.store();
    // The stop is made on the game as read, and made again from a fresh read whenever another
    // process changed the game first (closed the round, opened the next): it is never lost to a
    // round's change, nor does it undo one.
    let mut tries = 0;
    let (game, closing) = loop {
        let Some(mut game) = store.running_game_in(ctx.inv.channel)? else {
            return Err(Error::BadInput(text(locale, msg::TRIVIA_NO_GAME_TO_STOP)));
        };
        if !game::may_stop(game.starter.0, ctx.inv.user.0, ctx.inv.is_moderator) {
            return Err(Error::BadInput(text(locale, msg::TRIVIA_STOP_NOT_YOURS)));
        }
        tries += 1;
        if tries > STOP_TRIES {
            return Err(Error::Busy);
        }
        game.status = GameStatus::Stopped;
        let Some(closing) = close_current(&mut store, &mut game, ctx.inv.now, true)? else {
            continue;
        };
        game.next_at = None;
        // What the stop closed is shown by it (its answer, the edit it sends), and a question on
        // its way is of a game now over: neither is sent again. An earlier round's closing edit
        // still on its way is: the game's job stays due for it.
        if !closing.is_empty()
            || matches!(game.unsent, Some(u) if matches!(u.step, TriviaStep::Opened(_)))
        {
            game.unsent = None;
        }
        if store.save_game(&mut game, ctx.inv.now)? {
            break (game, closing);
        }
    };
    store.schedule_or_forget(Job::Trivia(game.id), game.unsent.map(|u| u.until))?;
    let results = store.game_results(game.id)?;
    let mut reply = standings_card(&store, &game, &results);
    drop(store);
    // The live question's message is edited closed, as when its time runs out, so that nobody
    // presses a dead button; its card also goes with the standings, for whoever missed it.
    let closed_card =
        |m: &ChannelMessage| m.edit.is_some() || m.reply.buttons.iter().any(|b| b.disabled);
    if let Some(closed) = closing.into_iter().find(closed_card) {
        reply.embeds.splice(0..0, closed.reply.embeds.clone());
        if closed.edit.is_some() {
            ctx.request(Effect::Send(closed));
        }
    }
    Ok(reply)
}

/// Which answers a leaderboard counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// The last seven days.
    Week,
    /// The last thirty days.
    Month,
    /// Every answer ever.
    #[default]
    All,
    /// The server's current trivia season (`/settings seasons`).
    Season,
}

/// Whose answers a leaderboard counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// This server's members.
    #[default]
    Server,
    /// Every server's.
    Global,
}

/// The arguments of `/trivia leaderboard [period] [scope]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeaderboardArgs {
    pub period: Period,
    pub scope: Scope,
}

impl FromOptions for LeaderboardArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(LeaderboardArgs {
            period: options
                .choice(
                    "period",
                    &[
                        ("week", Period::Week),
                        ("month", Period::Month),
                        ("all", Period::All),
                        ("season", Period::Season),
                    ],
                )?
                .unwrap_or_default(),
            scope: options
                .choice(
                    "scope",
                    &[("server", Scope::Server), ("global", Scope::Global)],
                )?
                .unwrap_or_default(),
        })
    }
}

/// `/trivia leaderboard [period] [scope]`.
pub fn leaderboard(ctx: &mut Ctx<'_>, args: LeaderboardArgs) -> Result<Reply> {
    let LeaderboardArgs { period, scope } = args;
    let since = match period {
        Period::Week => ctx
            .inv
            .now
            .checked_sub(SignedDuration::from_hours(24 * 7))
            .ok(),
        Period::Month => ctx
            .inv
            .now
            .checked_sub(SignedDuration::from_hours(24 * 30))
            .ok(),
        Period::All => None,
        Period::Season => Some(crate::seasons::current_start(ctx, scope == Scope::Global)?),
    };
    let guild = match scope {
        Scope::Global => None,
        Scope::Server => Some(ctx.guild_for(IN_A_SERVER)?),
    };
    let ranked = ctx
        .app
        .store()
        .leaderboard_between(guild, since, None, 10)?;
    let locale = ctx.locale();
    let whose_when = [
        (
            "scope",
            ctx.tr(
                msg::TRIVIA_SCOPE,
                &[(
                    "scope",
                    if guild.is_some() { "server" } else { "global" }.into(),
                )],
            )
            .into(),
        ),
        (
            "period",
            ctx.tr(
                msg::TRIVIA_PERIOD,
                &[(
                    "period",
                    match period {
                        Period::Week => "week",
                        Period::Month => "month",
                        Period::All => "all",
                        Period::Season => "season",
                    }
                    .into(),
                )],
            )
            .into(),
        ),
    ];
    Ok(ranking_reply(
        &ranked,
        tr(locale, msg::TRIVIA_LEADERBOARD_TITLE, &whose_when),
        &text(locale, msg::TRIVIA_LEADERBOARD_CARD),
        tr(locale, msg::TRIVIA_LEADERBOARD_SUBTITLE, &whose_when),
        None,
        locale,
    ))
}

/// A ranking as a reply: its lines in the embed titled `title` (or a word that nobody scored),
/// and the standings card headed `card_title` and `subtitle` beside it. The leaderboard and a
/// season's final standings both read this way; the card's `footer` (a season's winner) is plain
/// text. Its rows' words are in `locale`, as the titles given should be.
pub fn ranking_reply(
    ranked: &[Ranked],
    title: String,
    card_title: &str,
    subtitle: String,
    footer: Option<String>,
    locale: Locale,
) -> Reply {
    let figures = |r: &Ranked| -> [(&'static str, Arg<'static>); 3] {
        [
            ("points", r.points.into()),
            ("correct", r.correct.into()),
            ("answers", r.answers.into()),
        ]
    };
    let ranks = shared_ranks(ranked, |r| r.points);
    let lines: Vec<String> = ranked
        .iter()
        .zip(ranks.iter().copied())
        .map(|(r, rank)| {
            let mut args = vec![("rank", rank.into()), ("name", r.name.as_str().into())];
            args.extend(figures(r));
            tr(locale, msg::TRIVIA_RANKED, &args)
        })
        .collect();
    let mut embed = Embed::titled(title);
    embed.colour = Some(COLOUR);
    embed.description = Some(if lines.is_empty() {
        text(locale, msg::TRIVIA_NOBODY_YET)
    } else {
        lines.join("\n")
    });
    let mut reply = Reply::embed(embed);
    if !ranked.is_empty() {
        let rows = ranked
            .iter()
            .zip(ranks)
            .map(|(r, rank)| card::Row {
                rank: Some(rank),
                name: r.name.clone(),
                value: points_short(locale, r.points),
                detail: Some(tr(locale, msg::TRIVIA_RANKED_DETAIL, &figures(r))),
                heading: false,
            })
            .collect();
        reply.attachments.extend(card::attachment(&card::Standings {
            title: card_title.to_string(),
            subtitle: Some(subtitle),
            rows,
            footer,
            locale,
        }));
    }
    reply
}

/// The arguments of `/trivia stats [member]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatsArgs {
    /// Whose stats; the caller's when not given.
    pub member: Option<UserId>,
}

impl FromOptions for StatsArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(StatsArgs {
            member: options.get("member")?,
        })
    }
}

/// `/trivia stats [member]`.
pub fn stats(ctx: &mut Ctx<'_>, args: StatsArgs) -> Result<Reply> {
    let user = args.member.unwrap_or(ctx.inv.user);
    let locale = ctx.locale();
    let store = ctx.app.store();
    let stats = store.player_stats(ctx.inv.guild, user)?;
    let name = store
        .member_name(user)?
        .unwrap_or_else(|| text(locale, msg::TRIVIA_STATS_THAT_MEMBER));
    let accuracy = if stats.answers == 0 {
        0.0
    } else {
        100.0 * stats.correct as f64 / stats.answers as f64
    };
    let figures = [
        (msg::TRIVIA_STATS_GAMES, stats.games.to_string()),
        (
            msg::TRIVIA_STATS_ANSWERS,
            tr(
                locale,
                msg::TRIVIA_STATS_ANSWERS_VALUE,
                &[
                    ("answers", stats.answers.into()),
                    ("correct", stats.correct.into()),
                    // Written as before (no decimals), not as the catalogue writes numbers.
                    ("accuracy", format!("{accuracy:.0}").into()),
                ],
            ),
        ),
        (msg::TRIVIA_STATS_BEST_STREAK, stats.best_streak.to_string()),
        (msg::TRIVIA_STATS_POINTS, stats.points.to_string()),
    ]
    .map(|(label, value)| (text(locale, label), value));
    let embed = figures.iter().fold(
        Embed::titled(tr(
            locale,
            msg::TRIVIA_STATS_TITLE,
            &[("name", name.as_str().into())],
        )),
        |embed, (label, value)| embed.field(label.clone(), value.clone()),
    );
    let mut reply = Reply::embed(Embed {
        colour: Some(COLOUR),
        ..embed
    });
    reply.attachments.extend(card::attachment(&card::Standings {
        title: text(locale, msg::TRIVIA_STATS_CARD),
        subtitle: Some(name),
        rows: figures
            .into_iter()
            .map(|(label, value)| card::Row {
                rank: None,
                name: label,
                value,
                detail: None,
                heading: false,
            })
            .collect(),
        footer: None,
        locale,
    }));
    Ok(reply)
}

/// The arguments of `/settings trivia [seconds] [changes] [typed]`; what is not given stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SettingsArgs {
    /// Time per question, in seconds (10-120).
    pub seconds: Option<i64>,
    /// Whether members may change their answer.
    pub changes: Option<bool>,
    /// Whether members may type answers with `/trivia answer`.
    pub typed: Option<bool>,
}

impl FromOptions for SettingsArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(SettingsArgs {
            seconds: options.get("seconds")?,
            changes: options.get("changes")?,
            typed: options.get("typed")?,
        })
    }
}

/// `/settings trivia [seconds] [changes] [typed]` (Manage Server). The table puts it under the
/// moderators' `/settings`; the handler checks the permission again all the same.
pub fn settings(ctx: &mut Ctx<'_>, args: SettingsArgs) -> Result<Reply> {
    let guild = ctx.guild_for(IN_A_SERVER)?;
    if !ctx.inv.is_moderator {
        return Err(Error::NotModerator);
    }
    let store = ctx.app.store();
    let mut s: TriviaSettings = store.trivia_settings(guild)?;
    if let Some(seconds) = args.seconds {
        s.time_limit_secs = seconds;
    }
    if let Some(changes) = args.changes {
        s.allow_changes = changes;
    }
    if let Some(typed) = args.typed {
        s.typed_answers = typed;
    }
    store.save_trivia_settings(guild, &s, ctx.inv.now)?;
    let yes_no = |b: bool| ctx.text(if b { msg::TRIVIA_YES } else { msg::TRIVIA_NO });
    let embed = Embed::titled(ctx.text(msg::TRIVIA_SETTINGS_TITLE))
        .field(
            ctx.text(msg::TRIVIA_SETTINGS_TIME),
            ctx.tr(
                msg::TRIVIA_SETTINGS_SECONDS,
                &[("seconds", s.time_limit_secs.into())],
            ),
        )
        .field(
            ctx.text(msg::TRIVIA_SETTINGS_CHANGES),
            yes_no(s.allow_changes),
        )
        .field(
            ctx.text(msg::TRIVIA_SETTINGS_TYPED),
            yes_no(s.typed_answers),
        );
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(Embed {
            colour: Some(COLOUR),
            ..embed
        })
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ids::MessageId;
    use crate::router::tests::{command, handle_checked, invocation, run};
    use crate::router::{Action, Invocation};
    use crate::store::tests::{SAMPLE, sample_pack};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// The sample pack's text with `n` more questions.
    fn sample_with(n: usize) -> String {
        let mut text = SAMPLE.to_string();
        for i in 0..n {
            text.push_str(&format!(
                "\n[[question]]\nid = \"q{i}\"\nquestion = \"Question {i}?\"\nanswer = \"Right {i}\"\nwrong = [\"Wrong a{i}\", \"Wrong b{i}\", \"Wrong c{i}\"]\ndifficulty = 2\ncategory = \"production\"\nsource = \"article\"\n"
            ));
        }
        text
    }

    /// The sample pack with `n` more questions, imported into `store`.
    fn with_questions(mut store: Store, n: usize) -> Store {
        store
            .import(
                &[sample_pack(&sample_with(n))],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect("import");
        store
    }

    /// The sample pack with `n` more questions.
    pub(super) fn store(n: usize) -> Store {
        with_questions(Store::for_tests(), n)
    }

    /// The tests' clock: `seconds` after a fixed instant.
    pub(crate) fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + seconds).expect("a time")
    }

    pub(super) fn as_user(mut inv: Invocation, user: u64, seconds: i64) -> Invocation {
        inv.user = UserId(user);
        inv.user_name = format!("player{user}");
        inv.now = at(seconds);
        inv
    }

    /// Runs the timers at `seconds` and returns the messages they send (ids recorded as 1000+).
    /// What the scheduler sends at `seconds`; a question's message gets an id as if sent.
    pub(super) fn tick(app: &App, seconds: i64, rng: &mut ChaCha8Rng) -> Vec<ChannelMessage> {
        let out = crate::due::run_due(app, at(seconds), rng).expect("due");
        for (i, message) in out.iter().enumerate() {
            let id = MessageId(1000 + i as u64);
            crate::due::sent(app, message.record, Ok(id), at(seconds)).expect("recorded");
        }
        out
    }

    pub(super) fn press_right(app: &App, user: u64, seconds: i64, right: bool) -> Reply {
        let game = app
            .store()
            .running_game_in(crate::ids::ChannelId(2))
            .expect("read")
            .expect("a game");
        let round = app
            .store()
            .round(game.id, game.current)
            .expect("read")
            .expect("a round")
            .round;
        let choice = if right {
            round.right()
        } else {
            (round.right() + 1) % 4
        };
        let inv = as_user(
            invocation(Action::Button {
                custom_id: game::button_id(game.id, game.current, choice),
                message: MessageId(1),
            }),
            user,
            seconds,
        );
        let mut rng = ChaCha8Rng::seed_from_u64(user);
        match handle_checked(app, &inv, &mut rng).response {
            Response::Message(reply) => reply,
            other => panic!("a private answer, not {other:?}"),
        }
    }

    /// A game's step whose process died after committing it and before sending its messages (a
    /// round's question, a round's close, the final standings): the other process leaves it alone
    /// while the dead one's lease lives (its start-up included), then sends the same messages
    /// again, with the same nonces, once; the game then goes on as if nothing had happened, and
    /// never takes a step twice.
    #[test]
    fn a_step_left_unsent_is_sent_again_once_by_whoever_claims_the_game_after_the_lease() {
        let (first, second, _dir) = crate::store::two_processes();
        let first = with_questions(first, 1);
        let settings = TriviaSettings {
            time_limit_secs: 60,
            ..TriviaSettings::default()
        };
        first
            .save_trivia_settings(crate::ids::GuildId(1), &settings, at(0))
            .expect("settings");
        let (a, b) = (App::new(first), App::new(second));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let pass = |app: &App, seconds: i64, rng: &mut ChaCha8Rng| {
            crate::due::run_due(app, at(seconds), rng).expect("a pass")
        };
        let record = |app: &App, messages: &[ChannelMessage], id: u64, seconds: i64| {
            for message in messages {
                let more = crate::due::sent(app, message.record, Ok(MessageId(id)), at(seconds))
                    .expect("recorded");
                assert!(more.is_empty(), "{more:?}");
            }
        };
        // `dead` took a step at `step` and died unsent; `alive` resends it at the lease's end and
        // records it. Returns what was resent.
        let lost_and_resent = |dead: &App, alive: &App, step: i64, rng: &mut ChaCha8Rng| {
            let lost = pass(dead, step, rng);
            assert!(!lost.is_empty(), "a step at {step}");
            crate::due::reschedule_all(alive, at(step + 5)).expect("a start-up");
            for seconds in [step, step + 5, step + 20, step + 29] {
                assert!(
                    pass(alive, seconds, rng).is_empty(),
                    "nothing sent again at {seconds}, inside the lease"
                );
            }
            let resent = pass(alive, step + 30, rng);
            assert_eq!(resent, lost, "the same messages, nonces and records");
            assert!(pass(dead, step + 30, rng).is_empty(), "sent again once");
            assert!(pass(alive, step + 30, rng).is_empty(), "sent again once");
            resent
        };
        let started = run(
            &a,
            &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
        );
        assert!(!started.ephemeral, "{started:?}");

        // Question 1, lost by `a`, is asked by `b` with its nonce; its message is recorded.
        let asked = lost_and_resent(&a, &b, 0, &mut rng);
        assert_eq!(asked.len(), 1);
        assert!(matches!(
            asked[0].record,
            SentRecord::TriviaQuestion { round: 0, .. }
        ));
        assert!(asked[0].nonce.as_deref().is_some_and(|n| n.len() <= 25));
        record(&b, &asked, 10, 30);
        assert!(said_ok(&press_right(&b, 1, 31, true)));
        let game = b.store().running_game_in(ChannelId(2)).expect("read");
        let game = game.expect("the game");
        assert_eq!(game.unsent, None);
        assert_eq!(
            b.store()
                .round(game.id, 0)
                .expect("read")
                .expect("a round")
                .message,
            Some(MessageId(10))
        );

        // Its close (time runs out at 60), lost by `b`, is made by `a`: the edit of message 10.
        let closed = lost_and_resent(&b, &a, 60, &mut rng);
        assert_eq!(closed.len(), 1);
        assert_eq!(closed[0].edit, Some(MessageId(10)));
        assert_eq!(
            closed[0].record,
            SentRecord::TriviaStep {
                game: game.id,
                step: TriviaStep::Closed(0)
            }
        );
        record(&a, &closed, 10, 90);

        // The game goes on at once (its pause ended during the lease): question 2, sent normally.
        let second_question = pass(&a, 90, &mut rng);
        assert_eq!(second_question.len(), 1);
        assert!(matches!(
            second_question[0].record,
            SentRecord::TriviaQuestion { round: 1, .. }
        ));
        assert_ne!(second_question[0].nonce, asked[0].nonce);
        record(&a, &second_question, 11, 90);
        assert!(pass(&b, 100, &mut rng).is_empty());

        // Its close ends the game (time runs out at 150): the edit and the standings, lost by `a`.
        let ended = lost_and_resent(&a, &b, 150, &mut rng);
        assert_eq!(ended.len(), 2);
        assert_eq!(ended[0].edit, Some(MessageId(11)));
        assert_eq!(ended[1].edit, None);
        assert!(ended[1].nonce.is_some());
        assert!(description_of(&ended[1]).contains("player1"), "{ended:?}");
        record(&b, &ended, 12, 180);
        let game = b.store().game(game.id).expect("read").expect("the game");
        assert_eq!((game.status, game.unsent), (GameStatus::Finished, None));
        assert_eq!(crate::due::next_due(&b).expect("next"), None);
        // Each round was opened and closed once: one answer scored, in round 1.
        let results = b.store().game_results(game.id).expect("results");
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].answers.len(), 1);
    }

    /// A step whose send was lost longer ago than Discord keeps nonces (the whole fleet was down)
    /// is not sent again, for it might double: only its edits are made again, and the game goes
    /// on. A failed send (a channel gone) is not retried either, as before.
    #[test]
    fn a_step_lost_too_long_ago_is_not_sent_again_and_a_failed_send_is_not_retried() {
        let app = App::new(store(1));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
        );
        let asked = crate::due::run_due(&app, at(0), &mut rng).expect("due");
        assert_eq!(asked.len(), 1);
        // Down for ten minutes: question 1 is not asked again; its round closes with no message
        // to edit, and question 2 follows.
        crate::due::reschedule_all(&app, at(600)).expect("start-up");
        let late = tick(&app, 600, &mut rng);
        assert!(late.is_empty(), "{late:?}");
        let second = tick(&app, 605, &mut rng);
        assert_eq!(second.len(), 1, "{second:?}");
        assert!(matches!(
            second[0].record,
            SentRecord::TriviaQuestion { round: 1, .. }
        ));
        // Question 2's send fails: the game goes on without it, and it is never sent again.
        let failed = crate::due::run_due(&app, at(606), &mut rng).expect("due");
        assert!(failed.is_empty(), "{failed:?}");
        let game = app.store().running_game_in(ChannelId(2)).expect("read");
        let game = game.expect("the game");
        crate::due::sent(
            &app,
            second[0].record,
            Err("Unknown Channel".into()),
            at(606),
        )
        .expect("recorded");
        assert_eq!(
            app.store()
                .game(game.id)
                .expect("read")
                .expect("game")
                .unsent,
            None
        );
        for seconds in [640, 700] {
            let out = crate::due::run_due(&app, at(seconds), &mut rng).expect("due");
            assert!(
                out.iter().all(|m| m.record != second[0].record),
                "not sent again at {seconds}: {out:?}"
            );
        }
    }

    /// A `/trivia stop` shows what it closes itself, and a question still on its way is of a game
    /// over: neither is sent again. An earlier round's closing edit lost on its way still is, once
    /// the lease of the process that lost it ends.
    #[test]
    fn a_stop_drops_an_unsent_question_and_keeps_an_unsent_closing_edit() {
        let stop = |app: &App, seconds: i64| {
            let reply = run(
                app,
                &as_user(command("trivia", Some("stop"), &[]), 1, seconds),
            );
            assert!(!reply.ephemeral, "{reply:?}");
        };
        let start = |app: &App| {
            run(
                app,
                &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
            );
        };
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // The question is lost, then the game stopped: nothing is due, nothing is sent again.
        let app = App::new(store(1));
        start(&app);
        assert_eq!(
            crate::due::run_due(&app, at(0), &mut rng)
                .expect("due")
                .len(),
            1
        );
        stop(&app, 5);
        assert_eq!(crate::due::next_due(&app).expect("next"), None);
        // Question 1 is answered by time; its closing edit is lost; the game is stopped in the
        // pause: the edit alone is made again at the end of the lease (the stop showed the
        // standings), and then nothing is due.
        let app = App::new(store(1));
        start(&app);
        assert_eq!(tick(&app, 0, &mut rng).len(), 1);
        let lost = crate::due::run_due(&app, at(20), &mut rng).expect("due");
        assert_eq!(lost.len(), 1);
        assert!(lost[0].edit.is_some());
        stop(&app, 22);
        assert!(tick(&app, 49, &mut rng).is_empty());
        assert_eq!(tick(&app, 50, &mut rng), lost);
        assert_eq!(crate::due::next_due(&app).expect("next"), None);
    }

    fn said_ok(reply: &Reply) -> bool {
        reply
            .content
            .as_deref()
            .is_some_and(|c| c.starts_with("Locked in"))
    }

    fn description_of(message: &ChannelMessage) -> String {
        message.reply.embeds[0]
            .description
            .clone()
            .unwrap_or_default()
    }

    #[test]
    fn a_whole_game_with_three_members() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let started = run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "3")]), 1, 0),
        );
        assert!(
            started
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("**Trivia!** 3 questions")),
            "{started:?}"
        );
        let again = run(&app, &as_user(command("trivia", Some("start"), &[]), 2, 0));
        assert!(
            again.ephemeral
                && again
                    .content
                    .as_deref()
                    .is_some_and(|c| c.contains("already running"))
        );

        let opened = tick(&app, 0, &mut rng);
        assert_eq!(opened.len(), 1);
        assert_eq!(opened[0].reply.buttons.len(), 4);
        let first = press_right(&app, 1, 2, true);
        assert!(first.ephemeral);
        assert!(
            first
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("Locked in: ")),
            "{first:?}"
        );
        press_right(&app, 2, 5, false);
        press_right(&app, 3, 8, true);
        // Round 1 runs its full time (nobody has played yet), then closes and the next opens.
        assert!(tick(&app, 10, &mut rng).is_empty());
        let closed = tick(&app, 20, &mut rng);
        assert_eq!(closed.len(), 1);
        assert_eq!(
            closed[0].edit,
            Some(MessageId(1000)),
            "the question's message is edited"
        );
        assert!(closed[0].reply.buttons.iter().all(|b| b.disabled));
        let opened = tick(&app, 25, &mut rng);
        assert_eq!(opened.len(), 1);
        // Everyone who has played answers: the round closes at once.
        for user in 1..=3 {
            press_right(&app, user, 27, user != 2);
        }
        assert_eq!(crate::due::next_due(&app).expect("next"), Some(at(27)));
        assert_eq!(tick(&app, 27, &mut rng).len(), 1);
        tick(&app, 32, &mut rng);
        let end = tick(&app, 60, &mut rng);
        assert_eq!(end.len(), 2, "the last question closes, then the standings");
        let standings = end[1].reply.embeds[0]
            .description
            .clone()
            .unwrap_or_default();
        assert!(standings.starts_with("1. **player"), "{standings}");
        // The standings come as a picture too, beside the embed; the closed question does not.
        let files = &end[1].reply.attachments;
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].filename, card::FILENAME);
        assert!(files[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(end[0].reply.attachments.is_empty());
        assert_eq!(app.store().running_games().expect("games").len(), 0);
        // So do a member's stats and the leaderboard, which now has standings.
        for (sub, options) in [("stats", &[][..]), ("leaderboard", &[][..])] {
            let reply = run(&app, &as_user(command("trivia", Some(sub), options), 1, 70));
            assert_eq!(reply.embeds.len(), 1, "the text embed stays: {reply:?}");
            assert_eq!(reply.attachments.len(), 1, "{sub}: {reply:?}");
            assert!(reply.attachments[0].bytes.starts_with(b"\x89PNG"));
        }
        let stats = app.store().player_stats(None, UserId(2)).expect("stats");
        assert_eq!(
            (stats.games, stats.answers, stats.correct, stats.points),
            (1, 2, 0, 0)
        );
        let stats = app.store().player_stats(None, UserId(1)).expect("stats");
        assert_eq!((stats.answers, stats.correct, stats.best_streak), (2, 2, 2));
    }

    #[test]
    fn a_game_mixing_typed_answer_and_button_questions_with_typed_answers_off() {
        let text = format!(
            "{SAMPLE}\n[[question]]\nid = \"which-hospital\"\nquestion = \"Which hospital does the trauma team work at?\"\nanswer = \"Hankook University Hospital\"\naccept = [\"Hankook\", \"한국대병원\"]\ndifficulty = 2\ncategory = \"production\"\nsource = \"article\"\n"
        );
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(&text)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let off = TriviaSettings {
            typed_answers: false,
            ..TriviaSettings::default()
        };
        store
            .save_trivia_settings(crate::ids::GuildId(1), &off, at(0))
            .expect("settings");
        let app = App::new(store);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let started = run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
        );
        assert!(
            started.content.as_deref().is_some_and(
                |c| c.contains("Questions without buttons are answered with `/trivia answer`")
            ),
            "{started:?}"
        );
        let answer = |user: u64, seconds: i64, text: &str| {
            run(
                &app,
                &as_user(
                    command("trivia", Some("answer"), &[("text", text)]),
                    user,
                    seconds,
                ),
            )
        };
        let mut typed_seen = false;
        let mut button_seen = false;
        for (opens, closes) in [(0, 20), (25, 45)] {
            let opened = tick(&app, opens, &mut rng);
            assert_eq!(opened.len(), 1);
            let card = &opened[0].reply;
            let game = app.store().running_games().expect("games").remove(0);
            let round = app
                .store()
                .round(game.id, game.current)
                .expect("read")
                .expect("the round")
                .round;
            let description = card.embeds[0].description.clone().unwrap_or_default();
            if round.is_typed() {
                typed_seen = true;
                assert!(card.buttons.is_empty(), "no buttons: {card:?}");
                assert!(
                    description.contains(&crate::i18n::text(Locale::English, msg::TRIVIA_TYPE_IT)),
                    "{description}"
                );
                assert!(!description.contains("`/trivia answer`로"), "{description}");
                // A forged press on the question without buttons is no answer.
                let forged = press_right(&app, 4, opens + 1, true);
                assert_eq!(
                    forged.content.as_deref(),
                    Some("That is not an answer I can read.")
                );
                // Typed answers are off, yet this question takes them; the reply echoes what was
                // typed, right or wrong alike.
                let right = answer(1, opens + 2, "hankook");
                assert_eq!(right.content.as_deref(), Some("Locked in: “hankook”."));
                assert!(right.ephemeral);
                let wrong = answer(2, opens + 3, "Seoul National");
                assert_eq!(
                    wrong.content.as_deref(),
                    Some("Locked in: “Seoul National”.")
                );
                let again = answer(1, opens + 4, "Seoul National");
                assert_eq!(
                    again.content.as_deref(),
                    Some("You already answered this question; your first answer stands.")
                );
            } else {
                button_seen = true;
                assert_eq!(card.buttons.len(), 4);
                assert!(
                    !description.contains(&crate::i18n::text(Locale::English, msg::TRIVIA_TYPE_IT))
                );
                let refused = answer(1, opens + 2, "Ju Ji-hoon");
                assert_eq!(
                    refused.content.as_deref(),
                    Some("Typed answers are off in this server: press a button.")
                );
                press_right(&app, 1, opens + 2, true);
                press_right(&app, 2, opens + 3, false);
            }
            let closed = tick(&app, closes, &mut rng);
            let card = &closed[0].reply;
            let description = card.embeds[0].description.clone().unwrap_or_default();
            let who = &card.embeds[0].fields[0].value;
            assert!(who.starts_with("player1 (+"), "{who}");
            assert!(!who.contains("player2"), "{who}");
            if round.is_typed() {
                assert!(card.buttons.is_empty());
                assert!(
                    description.ends_with("✅ **Hankook University Hospital**"),
                    "{description}"
                );
            } else {
                assert!(description.contains("✅ **") && description.contains(". Ju Ji-hoon**"));
                assert!(card.buttons.iter().all(|b| b.disabled));
            }
        }
        assert!(typed_seen && button_seen, "the game asked both kinds");
        let stats = app.store().player_stats(None, UserId(1)).expect("stats");
        assert_eq!((stats.answers, stats.correct), (2, 2));
        let stats = app.store().player_stats(None, UserId(2)).expect("stats");
        assert_eq!((stats.answers, stats.correct, stats.points), (2, 0, 0));
        assert!(app.store().running_games().expect("games").is_empty());
    }

    #[test]
    fn a_pool_too_large_to_read_whole_still_asks_every_question_once_a_cycle() {
        // 331 questions: more than are read whole, so games are drawn by sampling keys, and the
        // twelfth game, with one question left unseen, reads the pool and starts a new cycle.
        let app = App::new(store(330));
        let total = 331;
        assert!(total > READ_WHOLE_UP_TO);
        let mut asked: BTreeSet<i64> = BTreeSet::new();
        let play = |seconds: i64| -> Vec<i64> {
            let start = as_user(
                command("trivia", Some("start"), &[("rounds", "30")]),
                1,
                seconds,
            );
            let reply = run(&app, &start);
            assert!(!reply.ephemeral, "{reply:?}");
            let game = app
                .store()
                .running_game_in(ChannelId(2))
                .expect("read")
                .expect("a game");
            run(
                &app,
                &as_user(command("trivia", Some("stop"), &[]), 1, seconds),
            );
            game.questions
        };
        for n in 0..11 {
            let questions = play(n * 100);
            assert_eq!(questions.len(), 30);
            for key in questions {
                assert!(asked.insert(key), "game {n} repeats question {key}");
            }
        }
        assert_eq!(asked.len(), 330);
        let last = app
            .store()
            .trivia_questions(crate::model::Scope::default())
            .expect("questions")
            .into_iter()
            .map(|q| q.key)
            .find(|key| !asked.contains(key))
            .expect("one unseen");
        let twelfth = play(1_200);
        assert_eq!(twelfth.len(), 30);
        assert!(twelfth.contains(&last), "the last unseen question is in it");
        let distinct: BTreeSet<i64> = twelfth.iter().copied().collect();
        assert_eq!(distinct.len(), 30);
        // A new cycle: only the twelfth game's questions count as seen now.
        let seen = app
            .store()
            .trivia_seen(crate::ids::GuildId(1))
            .expect("seen");
        assert_eq!(seen, twelfth.iter().copied().collect());
    }

    #[test]
    fn late_in_a_cycle_reading_only_the_unseen_draws_what_reading_the_pool_would() {
        let mut store = store(330);
        let guild = crate::ids::GuildId(1);
        let filter = Filter::default();
        let settings = crate::model::GuildSettings::default();
        let pool = TriviaPool {
            scope: crate::model::Scope::new(Some(guild), &settings),
            filter: &filter,
            watched: 0,
        };
        let mut keys: Vec<i64> = store
            .trivia_pool(&pool, usize::MAX)
            .expect("pool")
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        keys.sort_unstable();
        assert!(keys.len() > READ_WHOLE_UP_TO);
        // 40 unseen, then 20: enough for a game of 30, then a new cycle.
        for unseen in [40, 20] {
            store
                .mark_trivia_seen(guild, &keys[..keys.len() - unseen])
                .expect("mark");
            for seed in 0..5 {
                let whole = store.trivia_pool(&pool, usize::MAX).expect("pool");
                let expected = game::pick_among(whole, 30, &mut ChaCha8Rng::seed_from_u64(seed));
                // No sampling at all: straight to reading the pool.
                let read =
                    select_within(&store, &pool, 30, 0, &mut ChaCha8Rng::seed_from_u64(seed))
                        .expect("selection");
                assert_eq!(read, expected, "{unseen} unseen, seed {seed}");
                assert_eq!(read.new_cycle, unseen < 30);
            }
        }
    }

    #[test]
    fn a_card_still_renders_for_names_of_200_characters_all_emoji_or_hangul() {
        let app = App::new(store(1));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "1")]), 1, 0),
        );
        assert_eq!(tick(&app, 0, &mut rng).len(), 1);
        for user in 1..=3 {
            press_right(&app, user, 2, user != 3);
        }
        let long = "가나다Abc".repeat(34);
        for (user, name) in [(1, long.as_str()), (2, "🎉🎉🎉"), (3, "윤세리")] {
            app.store()
                .remember_member(UserId(user), name)
                .expect("name");
        }
        let end = tick(&app, 20, &mut rng);
        let standings = end.last().expect("the standings");
        let text = standings.reply.embeds[0]
            .description
            .clone()
            .unwrap_or_default();
        assert!(text.contains("윤세리") && text.contains("🎉🎉🎉"), "{text}");
        let files = &standings.reply.attachments;
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn a_game_nobody_answers_ends_itself_after_three_questions() {
        let app = App::new(store(6));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "6")]), 1, 0),
        );
        let mut messages = Vec::new();
        for second in (0..200).step_by(5) {
            messages.extend(tick(&app, second, &mut rng));
        }
        let last = messages.last().expect("messages");
        assert_eq!(
            last.reply.embeds[0].title.as_deref(),
            Some("Game over: nobody answered three questions in a row")
        );
        assert!(last.reply.attachments.is_empty(), "nobody scored: no card");
        assert_eq!(app.store().game_results(1).expect("results").len(), 3);
    }

    /// `/trivia stop` on one process while another steps the same game at the same instant (closes
    /// its round, or opens the next one), many times over, on two stores sharing one database:
    /// the stop always stands, no round is left open behind it, and each round is scored once.
    #[test]
    fn a_stop_racing_a_round_change_on_another_process_always_stands() {
        let (one, two, _dir) = crate::store::two_processes();
        let one = with_questions(one, 6);
        let (stopper, stepper) = (App::new(one), App::new(two));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for race in 0..40_u64 {
            let channel = crate::ids::ChannelId(100 + race);
            let base = race as i64 * 1000;
            let in_channel = |mut inv: Invocation| {
                inv.channel = channel;
                inv
            };
            let start = command("trivia", Some("start"), &[("rounds", "3")]);
            run(&stopper, &in_channel(as_user(start, 1, base)));
            let id = stopper
                .store()
                .running_game_in(channel)
                .expect("read")
                .expect("a game")
                .id;
            run_job(&stepper, id, at(base), &mut rng, &mut Vec::new()).expect("opened");
            let closes_at = stepper
                .store()
                .round(id, 0)
                .expect("read")
                .expect("round 0")
                .round
                .closes_at;
            // Even races: the stop meets round 0's close. Odd ones: round 0 is closed first, and
            // the stop meets the opening of round 1.
            let mut when = closes_at;
            if race % 2 == 1 {
                run_job(&stepper, id, when, &mut rng, &mut Vec::new()).expect("closed");
                when = when.checked_add(PAUSE).expect("a time");
            }
            let stop = in_channel(as_user(command("trivia", Some("stop"), &[]), 1, 0));
            let stop = Invocation { now: when, ..stop };
            let together = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                s.spawn(|| {
                    together.wait();
                    let reply = run(&stopper, &stop);
                    assert!(
                        !reply.ephemeral,
                        "race {race}: the stop was refused: {reply:?}"
                    );
                });
                s.spawn(|| {
                    let mut rng = ChaCha8Rng::seed_from_u64(race);
                    together.wait();
                    run_job(&stepper, id, when, &mut rng, &mut Vec::new()).expect("a step");
                });
            });
            let store = stopper.store();
            let game = store.game(id).expect("read").expect("the game");
            assert_eq!(
                game.status,
                GameStatus::Stopped,
                "race {race}: the stop stands"
            );
            for index in 0..3 {
                if let Some(row) = store.round(id, index).expect("read") {
                    assert!(
                        row.result.is_some(),
                        "race {race}: round {index} was left open behind the stop"
                    );
                }
            }
            let results = store.game_results(id).expect("results");
            let indices: Vec<u32> = results.iter().map(|r| r.index).collect();
            let mut once = indices.clone();
            once.dedup();
            assert_eq!(indices, once, "race {race}: each round is scored once");
        }
    }

    #[test]
    fn a_stop_while_a_question_closes_scores_it_once() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "3")]), 1, 0),
        );
        tick(&app, 0, &mut rng);
        press_right(&app, 1, 3, true);
        // The question's time is up and a stop arrives in the same instant, before the timers run.
        let refused = run(&app, &as_user(command("trivia", Some("stop"), &[]), 2, 20));
        assert!(
            refused.ephemeral,
            "only the starter or a moderator may stop"
        );
        let stop = as_user(command("trivia", Some("stop"), &[]), 1, 20);
        let outcome = handle_checked(&app, &stop, &mut rng);
        let crate::reply::Response::Message(stopped) = outcome.response else {
            panic!("a message: {:?}", outcome.response);
        };
        assert!(
            stopped
                .embeds
                .iter()
                .any(|e| e.title.as_deref() == Some("Game stopped: final standings"))
        );
        // The live question's message is edited closed: no button on it looks pressable.
        let [Effect::Send(edit)] = outcome.effects.as_slice() else {
            panic!("one edit of the question: {:?}", outcome.effects);
        };
        assert_eq!(edit.edit, Some(MessageId(1000)));
        assert!(!edit.reply.buttons.is_empty());
        assert!(edit.reply.buttons.iter().all(|b| b.disabled));
        assert_eq!(crate::due::next_due(&app).expect("next"), None);
        assert!(
            tick(&app, 20, &mut rng).is_empty(),
            "the timers find nothing left to close"
        );
        let stats = app.store().player_stats(None, UserId(1)).expect("stats");
        assert_eq!(stats.answers, 1, "scored once");
        assert!(stats.points > 0);
    }

    #[test]
    fn a_question_stopped_on_its_way_is_edited_closed_once_its_message_is_known() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "3")]), 1, 0),
        );
        // The scheduler opens the first question; before its message is recorded, a stop.
        let asked = crate::due::run_due(&app, at(0), &mut rng).expect("due");
        assert_eq!(asked.len(), 1);
        let stop = as_user(command("trivia", Some("stop"), &[]), 1, 1);
        let outcome = handle_checked(&app, &stop, &mut rng);
        assert!(outcome.effects.is_empty(), "no message to edit yet");
        // The question's message arrives: it is edited closed at once.
        let edits =
            crate::due::sent(&app, asked[0].record, Ok(MessageId(42)), at(2)).expect("sent");
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].edit, Some(MessageId(42)));
        assert!(!edits[0].reply.buttons.is_empty());
        assert!(edits[0].reply.buttons.iter().all(|b| b.disabled));
        // A question still open when its message arrives is left as it is.
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "3")]), 1, 10),
        );
        let asked = crate::due::run_due(&app, at(10), &mut rng).expect("due");
        let none =
            crate::due::sent(&app, asked[0].record, Ok(MessageId(43)), at(11)).expect("sent");
        assert!(none.is_empty());
    }

    #[test]
    fn without_a_scheduler_a_game_is_refused_with_a_plain_reason() {
        let app = App::new(store(3)).without_timed_messages();
        let reply = run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "3")]), 1, 0),
        );
        assert!(reply.ephemeral);
        assert!(
            reply
                .content
                .as_deref()
                .is_some_and(|c| c.contains("without its bot token")),
            "{reply:?}"
        );
        assert!(app.store().running_games().expect("games").is_empty());
    }

    #[test]
    fn two_hundred_members_pressing_at_once_are_each_counted_once() {
        let app = std::sync::Arc::new(App::new(store(1)));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "1")]), 1, 0),
        );
        tick(&app, 0, &mut rng);
        let threads: Vec<_> = (0..200u64)
            .map(|user| {
                let app = app.clone();
                std::thread::spawn(move || {
                    // Each member presses twice: the second press must not count.
                    press_right(&app, 100 + user, 3, user % 2 == 0);
                    press_right(&app, 100 + user, 3, user % 2 == 1)
                })
            })
            .collect();
        for thread in threads {
            let second = thread.join().expect("a press");
            assert!(
                second
                    .content
                    .as_deref()
                    .is_some_and(|c| c.starts_with("You already locked in"))
            );
        }
        let game = app.store().running_games().expect("games").remove(0);
        let round = app
            .store()
            .round(game.id, 0)
            .expect("read")
            .expect("round")
            .round;
        assert_eq!(round.answers().len(), 200);
        tick(&app, 20, &mut rng);
        let results = app.store().game_results(game.id).expect("results");
        assert_eq!(results[0].answers.len(), 200);
        assert_eq!(results[0].winners.len(), 100);
    }

    #[test]
    fn a_hundred_games_in_a_hundred_channels() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for channel in 0..100u64 {
            let mut inv = as_user(
                command("trivia", Some("start"), &[("rounds", "2")]),
                channel + 1,
                0,
            );
            inv.channel = crate::ids::ChannelId(10_000 + channel);
            assert!(!run(&app, &inv).ephemeral, "channel {channel}");
        }
        assert_eq!(
            tick(&app, 0, &mut rng).len(),
            100,
            "every game opens its first question"
        );
        assert_eq!(tick(&app, 20, &mut rng).len(), 100, "and closes it");
        assert_eq!(tick(&app, 25, &mut rng).len(), 100);
        assert_eq!(
            tick(&app, 45, &mut rng).len(),
            200,
            "the last questions close, with standings"
        );
        assert!(app.store().running_games().expect("games").is_empty());
    }

    #[test]
    fn a_restart_resumes_the_game_at_its_question() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("trivia.db");
        let path = path.to_str().expect("utf-8");
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        {
            let mut store = Store::open(path).expect("store");
            let text = format!(
                "{SAMPLE}\n[[question]]\nid = \"q\"\nquestion = \"Q?\"\nanswer = \"R\"\nwrong = [\"W1\", \"W2\", \"W3\"]\ndifficulty = 1\ncategory = \"cast\"\nsource = \"article\"\n"
            );
            store
                .import(&[sample_pack(&text)], Timestamp::UNIX_EPOCH, false)
                .expect("import");
            let app = App::new(store);
            run(
                &app,
                &as_user(command("trivia", Some("start"), &[("rounds", "2")]), 1, 0),
            );
            tick(&app, 0, &mut rng);
            press_right(&app, 1, 4, true);
        }
        // The bot was down past the question's time: on start, the timers close it with the
        // answers it had, and the game goes on.
        let app = App::new(Store::open(path).expect("reopened"));
        let messages = tick(&app, 60, &mut rng);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].reply.embeds[0].fields[0]
                .value
                .starts_with("player1")
        );
        assert_eq!(tick(&app, 65, &mut rng).len(), 1, "the next question opens");
    }

    #[test]
    fn bad_input_is_refused_and_changes_no_score() {
        let app = App::new(store(3));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for (options, expected) in [
            (vec![("rounds", "0")], "`rounds` must be between 1 and 30."),
            (vec![("rounds", "31")], "`rounds` must be between 1 and 30."),
            (
                vec![("category", "gossip")],
                "`category` must be one of: cast, characters, production, source-novel, reception, behind-the-scenes.",
            ),
        ] {
            let reply = run(
                &app,
                &as_user(command("trivia", Some("start"), &options), 1, 0),
            );
            assert_eq!(reply.content.as_deref(), Some(expected));
        }
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "1")]), 1, 0),
        );
        tick(&app, 0, &mut rng);
        for custom_id in [
            "trivia:1:0:E",
            "trivia:1:0:A:x",
            "trivia:x:0:A",
            "trivia:99:0:A",
            "trivia:1:5:A",
        ] {
            let inv = as_user(
                invocation(Action::Button {
                    custom_id: custom_id.into(),
                    message: MessageId(1),
                }),
                1,
                1,
            );
            let Response::Message(reply) = handle_checked(&app, &inv, &mut rng).response else {
                panic!("an answer")
            };
            assert!(reply.ephemeral, "{custom_id}");
        }
        let emoji = run(
            &app,
            &as_user(command("trivia", Some("answer"), &[("text", "🙂🙂")]), 1, 1),
        );
        assert_eq!(
            emoji.content.as_deref(),
            Some("That is not an answer I can read.")
        );
        let long = "x".repeat(6000);
        let long = run(
            &app,
            &as_user(command("trivia", Some("answer"), &[("text", &long)]), 1, 1),
        );
        assert!(long.ephemeral);
        let round = app.store().round(1, 0).expect("read").expect("round").round;
        assert!(round.answers().is_empty(), "no answer was recorded");
    }

    /// A store whose one question carries Korean (`question_ko`, `answer_ko`, `wrong_ko`) and
    /// whose other is typed with a Korean answer.
    fn korean_store(typed: bool) -> Store {
        let question = if typed {
            "\n[[question]]\nid = \"k\"\nquestion = \"Which hospital?\"\nquestion_ko = \"어느 병원일까요?\"\nanswer = \"Hankook University Hospital\"\nanswer_ko = \"한국대학교병원\"\ndifficulty = 1\ncategory = \"reception\"\nsource = \"article\"\n"
        } else {
            "\n[[question]]\nid = \"k\"\nquestion = \"What colour?\"\nquestion_ko = \"무슨 색일까요?\"\nanswer = \"Red\"\nanswer_ko = \"빨강\"\nwrong = [\"Blue\", \"Green\", \"Yellow\"]\nwrong_ko = [\"파랑\", \"초록\", \"노랑\"]\nexplanation = \"It is red.\"\nexplanation_ko = \"빨강이에요.\"\ndifficulty = 1\ncategory = \"reception\"\nsource = \"article\"\n"
        };
        let mut store = Store::open_in_memory().expect("store");
        store
            .import(
                &[sample_pack(&format!("{SAMPLE}{question}"))],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect("import");
        store
    }

    fn korean(mut inv: Invocation) -> Invocation {
        inv.locale = "ko".into();
        inv
    }

    #[test]
    fn a_game_a_korean_member_starts_speaks_korean_in_the_channel_and_to_each_member_in_theirs() {
        let app = App::new(korean_store(false));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let start = as_user(
            command(
                "trivia",
                Some("start"),
                &[("rounds", "1"), ("category", "reception")],
            ),
            1,
            0,
        );
        let started = run(&app, &korean(start));
        let said = started.content.clone().unwrap_or_default();
        assert!(said.starts_with("**퀴즈!** 1문제, 문제마다 "), "{said}");
        assert!(!said.contains("Trivia"), "{said}");
        // The question card: the pack's Korean question and choices, the card's words in Korean.
        let opened = tick(&app, 0, &mut rng);
        let card = &opened[0].reply;
        assert_eq!(card.embeds[0].title.as_deref(), Some("1문제 중 1번"));
        let description = card.embeds[0].description.clone().unwrap_or_default();
        assert!(description.starts_with("무슨 색일까요?"), "{description}");
        assert!(description.contains("마감: <t:"), "{description}");
        assert_eq!(card.embeds[0].footer.as_deref(), Some("★☆☆ 쉬움 · 반응"));
        let mut labels: Vec<String> = card
            .buttons
            .iter()
            .map(|b| b.label[3..].to_string())
            .collect();
        labels.sort();
        assert_eq!(labels, ["노랑", "빨강", "초록", "파랑"]);
        // The starter's hint reveals the answer Korean readers see.
        let hint = run(
            &app,
            &korean(as_user(command("trivia", Some("hint"), &[]), 1, 1)),
        );
        let said = hint.content.clone().unwrap_or_default();
        assert!(
            said.starts_with("💡 1번 문제 **힌트 1**") && said.contains("`빨○`"),
            "{said}"
        );
        // Private answers follow each member's own locale.
        let english = press_right(&app, 2, 1, true);
        assert!(
            english
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("Locked in: ")),
            "{english:?}"
        );
        let game = app.store().running_games().expect("games").remove(0);
        let round = app
            .store()
            .round(game.id, 0)
            .expect("read")
            .expect("round")
            .round;
        let press = |user: u64| {
            let inv = as_user(
                invocation(Action::Button {
                    custom_id: game::button_id(game.id, 0, round.right()),
                    message: MessageId(1),
                }),
                user,
                2,
            );
            match handle_checked(&app, &korean(inv), &mut ChaCha8Rng::seed_from_u64(user)).response
            {
                Response::Message(reply) => reply.content.unwrap_or_default(),
                other => panic!("a private answer, not {other:?}"),
            }
        };
        assert!(press(3).starts_with("답을 정했어요: "));
        assert!(
            press(3).starts_with("이미 "),
            "a second press is refused in Korean"
        );
        // A refusal: only the starter or a moderator may stop the game.
        let stop = run(
            &app,
            &korean(as_user(command("trivia", Some("stop"), &[]), 3, 3)),
        );
        assert!(stop.ephemeral);
        assert_eq!(
            stop.content.as_deref(),
            Some("퀴즈를 시작한 사람이나 관리자만 멈출 수 있어요.")
        );
        // The closed card and the standings, in the game's language.
        let end = tick(&app, 20, &mut rng);
        let closed = &end[0].reply.embeds[0];
        assert_eq!(closed.title.as_deref(), Some("1문제 중 1번: 마감"));
        assert!(
            closed
                .description
                .as_deref()
                .is_some_and(|d| d.ends_with(". 빨강**")),
            "{closed:?}"
        );
        assert_eq!(closed.fields[0].name, "맞힌 사람");
        assert_eq!(
            (
                closed.fields[1].name.as_str(),
                closed.fields[1].value.as_str()
            ),
            ("해설", "빨강이에요.")
        );
        let standings = &end[1].reply;
        assert_eq!(standings.embeds[0].title.as_deref(), Some("최종 순위"));
        let lines = standings.embeds[0].description.clone().unwrap_or_default();
        assert!(lines.starts_with("1. **player2**: "), "{lines}");
        assert!(lines.contains("점 (정답 1개)"), "{lines}");
        assert_eq!(
            standings.embeds[0].footer.as_deref(),
            Some("1문제 중 1문제 출제")
        );
        assert_eq!(standings.attachments.len(), 1, "the card");
    }

    #[test]
    fn a_servers_fixed_language_sets_the_games_and_english_readers_keep_english() {
        let app = App::new(korean_store(false));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        app.store()
            .set_guild_language(crate::ids::GuildId(1), Some(Locale::English), at(0))
            .expect("fixed");
        // A Korean member in a server fixed to English: the game is English.
        run(
            &app,
            &korean(as_user(
                command(
                    "trivia",
                    Some("start"),
                    &[("rounds", "1"), ("category", "reception")],
                ),
                1,
                0,
            )),
        );
        let card = &tick(&app, 0, &mut rng)[0].reply;
        assert_eq!(card.embeds[0].title.as_deref(), Some("Question 1 of 1"));
        let description = card.embeds[0].description.clone().unwrap_or_default();
        assert!(description.starts_with("What colour?"), "{description}");
        assert!(card.buttons.iter().any(|b| b.label.ends_with(". Red")));
        run(&app, &as_user(command("trivia", Some("stop"), &[]), 1, 1));
        // Fixed to Korean, an English member's game speaks Korean.
        app.store()
            .set_guild_language(crate::ids::GuildId(1), Some(Locale::Korean), at(2))
            .expect("fixed");
        let started = run(
            &app,
            &as_user(
                command(
                    "trivia",
                    Some("start"),
                    &[("rounds", "1"), ("category", "reception")],
                ),
                1,
                10,
            ),
        );
        assert!(
            started
                .content
                .as_deref()
                .is_some_and(|c| c.starts_with("**퀴즈!**"))
        );
        let card = &tick(&app, 10, &mut rng)[0].reply;
        assert_eq!(card.embeds[0].title.as_deref(), Some("1문제 중 1번"));
    }

    #[test]
    fn a_typed_answer_may_be_given_in_english_or_in_korean() {
        let app = App::new(korean_store(true));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(
                command(
                    "trivia",
                    Some("start"),
                    &[("rounds", "1"), ("category", "reception")],
                ),
                1,
                0,
            ),
        );
        let card = &tick(&app, 0, &mut rng)[0].reply;
        let description = card.embeds[0].description.clone().unwrap_or_default();
        assert!(
            description.starts_with("Which hospital?"),
            "English readers: {description}"
        );
        for (user, text) in [
            (1, "한국대학교병원"),
            (2, "Hankook University Hospital"),
            (3, "서울병원"),
        ] {
            run(
                &app,
                &as_user(
                    command("trivia", Some("answer"), &[("text", text)]),
                    user,
                    1,
                ),
            );
        }
        let end = tick(&app, 20, &mut rng);
        let results = app.store().game_results(1).expect("results");
        let winners: Vec<u64> = results[0].winners.iter().map(|(user, _)| *user).collect();
        assert_eq!(winners.len(), 2, "{winners:?}");
        assert!(winners.contains(&1) && winners.contains(&2));
        // English readers read the English answer on the closed card.
        let closed = end[0].reply.embeds[0]
            .description
            .clone()
            .unwrap_or_default();
        assert!(
            closed.ends_with("**Hankook University Hospital**"),
            "{closed}"
        );
    }

    #[test]
    fn korean_readers_get_the_leaderboard_stats_and_settings_in_korean() {
        let app = App::new(store(1));
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        run(
            &app,
            &as_user(command("trivia", Some("start"), &[("rounds", "1")]), 1, 0),
        );
        tick(&app, 0, &mut rng);
        press_right(&app, 1, 1, true);
        tick(&app, 20, &mut rng);
        let board = run(
            &app,
            &korean(as_user(command("trivia", Some("leaderboard"), &[]), 1, 30)),
        );
        assert_eq!(
            board.embeds[0].title.as_deref(),
            Some("퀴즈 순위: 이 서버, 전체 기간")
        );
        let line = board.embeds[0].description.clone().unwrap_or_default();
        assert!(
            line.starts_with("1. **player1**: ") && line.ends_with("(1개 중 1개 정답)"),
            "{line}"
        );
        let stats = run(
            &app,
            &korean(as_user(command("trivia", Some("stats"), &[]), 1, 30)),
        );
        assert_eq!(stats.embeds[0].title.as_deref(), Some("퀴즈: player1"));
        let names: Vec<&str> = stats.embeds[0]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["게임", "답", "최고 연속 정답", "점수"]);
        assert_eq!(stats.embeds[0].fields[1].value, "1개 (정답 1개, 100%)");
        let no_game = run(
            &app,
            &korean(as_user(
                command("trivia", Some("answer"), &[("text", "x")]),
                1,
                30,
            )),
        );
        assert_eq!(
            no_game.content.as_deref(),
            Some("이 채널에서 진행 중인 퀴즈가 없어요. `/trivia start`로 시작해 보세요.")
        );
    }
}

//! The store's side of trivia: games, their rounds (live state written at every press), scored
//! answers, what each server has seen, and the numbers behind leaderboards and stats.
//!
//! A round is stored as columns (`trivia_round`) with one row per member's answer
//! (`trivia_round_answer`), never as a serialised blob: a stored round must stay readable by the
//! next version, and a renamed Rust field must not silently lose a running game. A closed round's
//! result is not stored twice: it is rebuilt from the round and its scored answers
//! (`trivia_answer`, the rows leaderboards read) by [`RoundResult::new`], the rule closing uses.
//!
//! A new game's questions are chosen by key, never by reading every question a server may be
//! asked (a server's bank can hold 100,000): [`TriviaPool`] is that set as SQL, read whole only
//! when small, otherwise looked up key by key; and the seen list of the no-repeat cycle gains a
//! game's questions only, or loses a whole pool's marks in one statement when a cycle starts over.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;

use super::db::{self, Connection, OptionalExtension, params};
use super::{SCOPE_LISTS, Store, in_scope, stamp};
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::ids::{ChannelId, GuildId, MessageId, UserId};
use crate::model::{
    GameRow, GameStatus, PlayerStats, Ranked, Scope, TriviaSettings, TriviaStep, Unsent,
};
use crate::trivia::game::{
    Answer, Choices, Filter, Pick, QuestionData, Round, RoundResult, ScoredAnswer,
};
use crate::trivia::modes::{GameMode, Player};

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRow {
    pub round: Round,
    pub message: Option<MessageId>,
    pub result: Option<RoundResult>,
}

/// The questions a new game may ask: what the server plays, narrowed by `/trivia start`'s filter
/// and its spoiler guard. The store reads it in SQL, by the same rules as
/// [`Store::trivia_questions`] then [`Filter::allows`].
#[derive(Debug, Clone, Copy)]
pub struct TriviaPool<'a> {
    /// The server and its drama.
    pub scope: Scope<'a>,
    /// The difficulty and category asked for.
    pub filter: &'a Filter,
    /// The last episode the server has watched: a question revealed later is left out (see
    /// [`crate::spoilers::SpoilerGuard::watched`]).
    pub watched: i64,
}

impl TriviaPool<'_> {
    /// The condition on `question q` for a question in the pool, with the parameters of
    /// [`Self::params`] (`?1` to `?5`). A category is matched as an equality the `question_pick`
    /// index seeks to; without one, `?5` is still named so that the five parameters bind alike.
    fn condition(&self) -> String {
        let category = if self.filter.category.is_some() {
            "q.category = ?5"
        } else {
            "CAST(?5 AS TEXT) IS NULL"
        };
        format!(
            "q.retired = 0 AND {} AND {category}
             AND (CAST(?4 AS BIGINT) IS NULL OR q.difficulty = ?4) AND (q.episode IS NULL OR q.episode <= ?3)",
            in_scope("q")
        )
    }

    /// The parameters of [`Self::condition`].
    fn params(&self) -> (Option<GuildId>, Option<&str>, i64, Option<u8>, Option<&str>) {
        (
            self.scope.guild,
            self.scope.drama,
            self.watched,
            self.filter.difficulty,
            self.filter.category.as_deref(),
        )
    }
}

/// Whether the question `q.pk` is in the current cycle's seen list of the server bound as `?1`.
const SEEN: &str =
    "EXISTS (SELECT 1 FROM trivia_seen s WHERE s.guild_id = ?1 AND s.question_pk = q.pk)";

/// Marks `questions` seen by `guild` in its current cycle (those already marked stay as they are).
fn mark_seen(conn: &Connection, guild: GuildId, questions: &[i64]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO trivia_seen (guild_id, question_pk) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
    )?;
    for question in questions {
        insert.execute(params![guild, question])?;
    }
    Ok(())
}

/// Drops `guild`'s marks on the questions of `pool` (of that server), in one statement; marks on
/// other questions stay. Returns how many were dropped.
fn forget_seen(conn: &Connection, guild: GuildId, pool: &TriviaPool<'_>) -> Result<usize> {
    // `?1` is the server for both the marks and the pool's lists.
    let (_, drama, watched, difficulty, category) = pool.params();
    Ok(conn
        .prepare_cached(&format!(
            "DELETE FROM trivia_seen WHERE guild_id = ?1
                 AND question_pk IN (SELECT q.pk FROM question q WHERE {})",
            pool.condition()
        ))?
        .execute(params![guild, drama, watched, difficulty, category])?)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Encoding(format!("cannot encode trivia state: {e}")))
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> db::Result<T> {
    serde_json::from_str(text).map_err(|e| db::Error::conversion(0, e))
}

/// The columns [`question_row`] reads.
const QUESTION_QUERY: &str = "SELECT q.pk, q.question, q.answer, q.wrong, q.accept, q.difficulty,
    q.category, q.explanation, s.outlet, s.date, q.episode, q.data
    FROM question q JOIN source s ON s.pk = q.source_pk";

/// A question row of [`QUESTION_QUERY`] as the game reads it.
fn question_row(r: &db::Row<'_>) -> db::Result<QuestionData> {
    let outlet: String = r.get(8)?;
    let date: String = r.get(9)?;
    let korean: KoreanTexts = parse_json(&r.get::<_, String>(11)?)?;
    Ok(QuestionData {
        key: r.get(0)?,
        question: r.get(1)?,
        answer: r.get(2)?,
        wrong: parse_json(&r.get::<_, String>(3)?)?,
        accept: parse_json(&r.get::<_, String>(4)?)?,
        difficulty: r.get(5)?,
        category: r.get(6)?,
        explanation: r.get(7)?,
        source: format!("{outlet}, {date}"),
        episode: r.get(10)?,
        question_ko: korean.question_ko,
        answer_ko: korean.answer_ko,
        wrong_ko: korean.wrong_ko,
        explanation_ko: korean.explanation_ko,
    })
}

/// A question's Korean texts, read from its stored pack item in Rust: SQLite's `json_extract`
/// has no PostgreSQL twin of the same name, and the item is read whole anyway.
#[derive(serde::Deserialize)]
struct KoreanTexts {
    question_ko: Option<String>,
    answer_ko: Option<String>,
    #[serde(default)]
    wrong_ko: Vec<String>,
    explanation_ko: Option<String>,
}

/// A stored timestamp (see [`stamp`]) read back; a malformed one is a conversion error of column
/// `idx`, not a panic.
pub(super) fn parse_stamp(idx: usize, text: &str) -> db::Result<Timestamp> {
    text.parse()
        .map_err(|e: jiff::Error| db::Error::conversion(idx, e))
}

/// The columns [`round_columns`] reads, in its order.
const ROUND_COLUMNS: &str = "game_id, idx, question_pk, difficulty, choice_a, choice_b, choice_c,
    choice_d, right_choice, opened_at, closes_at, closed_at, message_id";

/// A round's own columns: the round without its answers, when it closed, and its message.
fn round_columns(r: &db::Row<'_>) -> db::Result<(Round, Option<Timestamp>, Option<MessageId>)> {
    let closed_at = r
        .get::<_, Option<String>>(11)?
        .map(|t| parse_stamp(11, &t))
        .transpose()?;
    let texts: [Option<String>; 4] = [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?];
    // A typed-answer round has no choices at all; the table's CHECK keeps the five together.
    let choices = match (texts, r.get::<_, Option<u8>>(8)?) {
        ([Some(a), Some(b), Some(c), Some(d)], Some(right)) => Some(Choices {
            texts: [a, b, c, d],
            right,
        }),
        ([None, None, None, None], None) => None,
        _ => {
            return Err(db::Error::conversion(
                8,
                "right_choice: choices and right choice disagree",
            ));
        }
    };
    let round = Round {
        game: r.get(0)?,
        index: r.get(1)?,
        question: r.get(2)?,
        difficulty: r.get(3)?,
        choices,
        opened_at: parse_stamp(9, &r.get::<_, String>(9)?)?,
        closes_at: parse_stamp(10, &r.get::<_, String>(10)?)?,
        answers: BTreeMap::new(),
        closed: closed_at.is_some(),
    };
    Ok((round, closed_at, r.get(12)?))
}

/// A pick as its two columns hold it: a choice, or else typed text.
fn pick_of(choice: Option<u8>, text: Option<String>) -> db::Result<Pick> {
    match (choice, text) {
        (Some(choice), _) => Ok(Pick::Choice(choice)),
        (None, Some(text)) => Ok(Pick::Text(text)),
        (None, None) => Err(db::Error::conversion(3, "choice: neither choice nor text")),
    }
}

/// A pick as its two columns store it.
fn pick_columns(pick: &Pick) -> (Option<u8>, Option<&str>) {
    match pick {
        Pick::Choice(choice) => (Some(*choice), None),
        Pick::Text(text) => (None, Some(text.as_str())),
    }
}

/// What [`Store::close_round`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The round is closed and scored now.
    Closed,
    /// It was closed already (by another pass or process): nothing changed.
    AlreadyClosed,
    /// An answer was recorded after the round was read, which its result did not count: nothing
    /// changed; read the round again and close it anew.
    AnswersChanged,
    /// The game was written after it was read (a `/trivia stop`, or another process's step):
    /// nothing changed; read the game again.
    GameChanged,
}

impl Closing {
    /// Whether the round was closed by this call.
    pub fn closed(self) -> bool {
        self == Closing::Closed
    }
}

const GAME_COLUMNS: &str =
    "id, guild_id, channel_id, starter_id, status, questions, time_limit_secs,
    allow_changes, current, next_at, streaks, language, version, unsent_step, unsent_since,
    unsent_until";

fn game_row(r: &db::Row<'_>) -> db::Result<GameRow> {
    let next_at: Option<String> = r.get(9)?;
    Ok(GameRow {
        id: r.get(0)?,
        guild: r.get(1)?,
        channel: r.get(2)?,
        starter: r.get(3)?,
        status: GameStatus::parse(&r.get::<_, String>(4)?),
        questions: parse_json(&r.get::<_, String>(5)?)?,
        time_limit_secs: r.get(6)?,
        allow_changes: r.get(7)?,
        current: r.get(8)?,
        next_at: next_at.and_then(|t| t.parse().ok()),
        streaks: parse_json(&r.get::<_, String>(10)?)?,
        locale: Locale::from_code(&r.get::<_, String>(11)?).unwrap_or_default(),
        version: r.get(12)?,
        unsent: unsent_columns(r, 13)?,
    })
}

/// A game's unsent step from its three columns, starting at `first`. A step this version does not
/// know reads as none: it cannot rebuild its messages.
fn unsent_columns(r: &db::Row<'_>, first: usize) -> db::Result<Option<Unsent>> {
    let (Some(step), Some(since), Some(until)) = (
        r.get::<_, Option<String>>(first)?,
        r.get::<_, Option<String>>(first + 1)?,
        r.get::<_, Option<String>>(first + 2)?,
    ) else {
        return Ok(None);
    };
    let Some(step) = TriviaStep::parse(&step) else {
        return Ok(None);
    };
    Ok(Some(Unsent {
        step,
        since: parse_stamp(first + 1, &since)?,
        until: parse_stamp(first + 2, &until)?,
    }))
}

impl Store {
    /// A server's trivia settings (defaults when it never changed them).
    pub fn trivia_settings(&self, guild: GuildId) -> Result<TriviaSettings> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT time_limit_secs, allow_changes, typed_answers FROM trivia_settings WHERE guild_id = ?1",
        )?;
        Ok(stmt
            .query_row([guild], |r| {
                Ok(TriviaSettings {
                    time_limit_secs: r.get(0)?,
                    allow_changes: r.get(1)?,
                    typed_answers: r.get(2)?,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Saves a server's trivia settings.
    pub fn save_trivia_settings(
        &self,
        guild: GuildId,
        s: &TriviaSettings,
        now: Timestamp,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO trivia_settings (guild_id, time_limit_secs, allow_changes, typed_answers, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(guild_id) DO UPDATE SET time_limit_secs = excluded.time_limit_secs,
                     allow_changes = excluded.allow_changes, typed_answers = excluded.typed_answers,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![guild, s.time_limit_secs, s.allow_changes, s.typed_answers, stamp(now)])?;
        Ok(())
    }

    /// Every current question in `scope`, as the game reads them.
    pub fn trivia_questions(&self, scope: Scope<'_>) -> Result<Vec<QuestionData>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{QUESTION_QUERY} WHERE q.retired = 0 AND {} ORDER BY q.pk",
            in_scope("q")
        ))?;
        let rows = stmt.query_map(params![scope.guild, scope.drama], question_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// One question by key (even if retired since: a running game keeps its questions).
    pub fn trivia_question(&self, key: i64) -> Result<Option<QuestionData>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{QUESTION_QUERY} WHERE q.pk = ?1"))?;
        Ok(stmt.query_row([key], question_row).optional()?)
    }

    /// The questions a server has seen in its current cycle. Only tests read the whole list: a
    /// game reads what it needs through [`Store::trivia_pool`] and its kin.
    #[cfg(test)]
    pub fn trivia_seen(&self, guild: GuildId) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT question_pk FROM trivia_seen WHERE guild_id = ?1")?;
        let rows = stmt.query_map([guild], |r| r.get(0))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Up to `limit` questions of `pool` (in no set order), each with whether its server has seen
    /// it this cycle: the whole pool when it has fewer. Only keys are read, from the
    /// `question_pick` index, so telling a small pool from a large one costs `limit` rows at most.
    pub fn trivia_pool(&self, pool: &TriviaPool<'_>, limit: usize) -> Result<Vec<(i64, bool)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.pk, {SEEN} FROM question q WHERE {} LIMIT ?6",
            pool.condition()
        ))?;
        let (guild, drama, watched, difficulty, category) = pool.params();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![guild, drama, watched, difficulty, category, limit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// The lowest and highest question key of each list `pool`'s server plays: together they hold
    /// every question of the pool, so drawing keys from them finds its questions.
    pub fn trivia_pool_ranges(&self, pool: &TriviaPool<'_>) -> Result<Vec<(i64, i64)>> {
        // Each bound is one seek in `question_by_pack`.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT (SELECT min(pk) FROM question WHERE pack = l.id),
                    (SELECT max(pk) FROM question WHERE pack = l.id)
             FROM ({SCOPE_LISTS}) l"
        ))?;
        let rows = stmt.query_map([pool.scope.guild], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        let mut ranges = Vec::new();
        for row in rows {
            // An empty list has no bounds.
            if let (Some(lo), Some(hi)) = row? {
                ranges.push((lo, hi));
            }
        }
        Ok(ranges)
    }

    /// Which of `keys` are questions of `pool` that their server has not seen this cycle: one
    /// lookup by key each, however large the pool.
    pub fn trivia_unseen_among(&self, pool: &TriviaPool<'_>, keys: &[i64]) -> Result<HashSet<i64>> {
        // CROSS JOIN keeps the given keys as the outer loop: each is one seek by primary key.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.pk FROM json_each(?6) j CROSS JOIN question q
             WHERE q.pk = CAST(j.value AS BIGINT) AND {} AND NOT {SEEN}",
            pool.condition()
        ))?;
        let (guild, drama, watched, difficulty, category) = pool.params();
        let rows = stmt.query_map(
            params![guild, drama, watched, difficulty, category, json(&keys)?],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// The keys of `pool`'s questions its server has not seen this cycle: all of them are read
    /// (and every seen one looked up), so this is for when sampling found too few, late in a
    /// cycle, where few rows come back.
    pub fn trivia_pool_unseen(&self, pool: &TriviaPool<'_>) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.pk FROM question q WHERE {} AND NOT {SEEN}",
            pool.condition()
        ))?;
        let (guild, drama, watched, difficulty, category) = pool.params();
        let rows = stmt.query_map(params![guild, drama, watched, difficulty, category], |r| {
            r.get(0)
        })?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Starts `pool`'s server on a new cycle of the pool: its marks on the pool's questions go,
    /// in one statement, and the others stay. Returns how many went.
    pub fn forget_trivia_seen(&mut self, pool: &TriviaPool<'_>) -> Result<usize> {
        let Some(guild) = pool.scope.guild else {
            return Ok(0);
        };
        forget_seen(&self.conn, guild, pool)
    }

    /// Marks `questions` seen by `guild` in its current cycle, as a game's start does.
    pub fn mark_trivia_seen(&mut self, guild: GuildId, questions: &[i64]) -> Result<()> {
        let tx = self.conn.transaction()?;
        mark_seen(&tx, guild, questions)?;
        tx.commit()?;
        Ok(())
    }

    /// Starts a game in `mode`: records it with its mode, and marks its questions seen, in one
    /// transaction. When the game starts a new cycle of `new_cycle`'s pool, the old marks on that
    /// pool's questions go first, in one statement (marks on questions outside it stay: their
    /// cycle has not ended). This is `Selection::seen_after` (the tests' reference), written as
    /// changes. A game that is not classic gets its mode written too, and a teams game's first
    /// question waits for its join window to close. Returns `None` when a game already runs in
    /// the channel.
    #[allow(clippy::too_many_arguments)]
    pub fn create_game(
        &mut self,
        guild: GuildId,
        channel: ChannelId,
        starter: UserId,
        questions: &[i64],
        settings: &TriviaSettings,
        new_cycle: Option<&TriviaPool<'_>>,
        mode: &GameMode,
        locale: Locale,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let first_at = mode.join_until.filter(|at| *at > now).unwrap_or(now);
        let tx = self.conn.transaction()?;
        let inserted: Option<i64> = tx
            .prepare_cached(
                "INSERT INTO trivia_game (guild_id, channel_id, starter_id, status, questions, time_limit_secs,
                                          allow_changes, next_at, started_at, language)
                 VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?6, ?8, ?7, ?9)
                 ON CONFLICT DO NOTHING RETURNING id",
            )?
            .query_row(
                params![
                    guild,
                    channel,
                    starter,
                    json(&questions)?,
                    settings.time_limit_secs,
                    settings.allow_changes,
                    stamp(now),
                    stamp(first_at),
                    locale.code()
                ],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = inserted else {
            return Ok(None);
        };
        super::trivia_modes::insert_mode(&tx, id, mode)?;
        // Queued in the same transaction: a game never exists without its first due work.
        super::due::schedule_on(&tx, super::Job::Trivia(id), first_at)?;
        if let Some(pool) = new_cycle {
            forget_seen(&tx, guild, pool)?;
        }
        mark_seen(&tx, guild, questions)?;
        tx.commit()?;
        Ok(Some(id))
    }

    /// The game running in a channel.
    pub fn running_game_in(&self, channel: ChannelId) -> Result<Option<GameRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {GAME_COLUMNS} FROM trivia_game WHERE channel_id = ?1 AND status = 'running'"
        ))?;
        Ok(stmt.query_row([channel], game_row).optional()?)
    }

    /// A game by id.
    pub fn game(&self, id: i64) -> Result<Option<GameRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {GAME_COLUMNS} FROM trivia_game WHERE id = ?1"
        ))?;
        Ok(stmt.query_row([id], game_row).optional()?)
    }

    /// Every running game, for the timers (and for resuming after a restart).
    pub fn running_games(&self) -> Result<Vec<GameRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {GAME_COLUMNS} FROM trivia_game WHERE status = 'running' ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![], game_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Every game with a step whose messages are not recorded as sent (running or not: a game's
    /// final standings are such a step), for the timers at start-up.
    pub fn games_with_unsent_steps(&self) -> Result<Vec<GameRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {GAME_COLUMNS} FROM trivia_game WHERE unsent_step IS NOT NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![], game_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Records that a game's `step` had its messages sent (or their send failed for good): it is
    /// not sent again. Returns `false`, changing nothing, when the game's unsent step is another
    /// (already recorded, or cleared by a `/trivia stop`).
    pub fn trivia_step_sent(&self, game: i64, step: TriviaStep) -> Result<bool> {
        let written = self
            .conn
            .prepare_cached(
                "UPDATE trivia_game SET unsent_step = NULL, unsent_since = NULL, unsent_until = NULL
                 WHERE id = ?1 AND unsent_step = ?2",
            )?
            .execute(params![game, step.to_text()])?;
        Ok(written > 0)
    }

    /// Takes over the sending of a game's unsent step, as it was read (`unsent`), until `until`
    /// (this process's lease): returns `false`, changing nothing, when it changed since it was read
    /// (recorded as sent, or taken over by another process first), so it is resent by one process.
    pub fn resend_trivia_step(&self, game: i64, unsent: &Unsent, until: Timestamp) -> Result<bool> {
        let written = self
            .conn
            .prepare_cached(
                "UPDATE trivia_game SET unsent_until = ?4
                 WHERE id = ?1 AND unsent_step = ?2 AND unsent_until = ?3",
            )?
            .execute(params![
                game,
                unsent.step.to_text(),
                stamp(unsent.until),
                stamp(until)
            ])?;
        Ok(written > 0)
    }

    /// Saves where a game stands, if it still stands where it was read (its version): returns
    /// `false`, writing nothing, when another write came first (a `/trivia stop`, or a round's
    /// change on another process); the caller reads the game again.
    pub fn save_game(&self, game: &mut GameRow, now: Timestamp) -> Result<bool> {
        update_game(&self.conn, game, now)
    }

    /// Saves a newly opened round and where its game stands, in one transaction: a crash leaves
    /// either both or neither, never a game waiting on a round that was never recorded. Returns
    /// `false`, writing nothing, when the stored game no longer waits to open this round (another
    /// process sharing the database opened it first): a question is asked once.
    pub fn open_round(
        &mut self,
        game: &mut GameRow,
        round: &Round,
        now: Timestamp,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let waiting: Option<(u32, Option<String>, String)> = tx
            // Locked until the commit: a second process opening the same round at once waits,
            // then reads the round opened (under READ COMMITTED, a plain read would not wait).
            .prepare_cached(
                "SELECT current, next_at, status FROM trivia_game WHERE id = ?1 FOR UPDATE",
            )?
            .query_row([game.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if !matches!(waiting, Some((current, Some(_), status))
            if current == round.index && status == GameStatus::Running.as_str())
        {
            return Ok(false);
        }
        // Opening the same index again replaces the round, answers and hints included.
        for table in ["trivia_round_answer", "trivia_hint_vote", "trivia_hint"] {
            tx.prepare_cached(&format!(
                "DELETE FROM {table} WHERE game_id = ?1 AND idx = ?2"
            ))?
            .execute(params![round.game, round.index])?;
        }
        write_round(&tx, round, true)?;
        if !update_game(&tx, game, now)? {
            // Written since it was read: nothing is committed (rolled back on drop).
            return Ok(false);
        }
        tx.commit()?;
        Ok(true)
    }

    /// Saves a round's live state (a new round, or one more answer).
    pub fn save_round(&self, round: &Round) -> Result<()> {
        // `&self` callers hold the store's lock, so no other statement runs on this connection
        // while the transaction is open.
        let tx = self.conn.transaction()?;
        write_round(&tx, round, false)?;
        tx.commit()?;
        Ok(())
    }

    /// Records one member's answer to an open round, if the round is still open and their stored
    /// answer is still `before` (what the answer was judged against). Returns `false`, writing
    /// nothing, when either changed since it was read (the round closed, or another press of
    /// theirs reached another process first): the caller reads the round again and judges anew,
    /// so a press that is acknowledged is one the round's close counts, and counts once.
    pub fn save_answer(
        &self,
        round: &Round,
        user: UserId,
        before: Option<&Answer>,
    ) -> Result<bool> {
        // Nothing to record: nothing that could have changed.
        let Some(answer) = round.answers().get(&user.0) else {
            return Ok(true);
        };
        let tx = self.conn.transaction()?;
        // The round's row is the lock a close takes too (`close_round`): a press and a close of
        // one round are done one after the other, never interleaved.
        let open = tx
            .prepare_cached(
                "SELECT 1 FROM trivia_round
                 WHERE game_id = ?1 AND idx = ?2 AND closed_at IS NULL FOR UPDATE",
            )?
            .exists(params![round.game, round.index])?;
        if !open {
            return Ok(false);
        }
        let stored = tx
            .prepare_cached(
                "SELECT choice, text, answered_at FROM trivia_round_answer
                 WHERE game_id = ?1 AND idx = ?2 AND user_id = ?3",
            )?
            .query_row(params![round.game, round.index, user], |r| answer_at(r, 0))
            .optional()?;
        if stored.as_ref() != before {
            return Ok(false);
        }
        let (choice, text) = pick_columns(&answer.pick);
        tx.prepare_cached(UPSERT_ANSWER)?.execute(params![
            round.game,
            round.index,
            user,
            choice,
            text,
            stamp(answer.at)
        ])?;
        tx.commit()?;
        Ok(true)
    }

    /// Records the message that shows a round.
    pub fn set_round_message(&self, game: i64, index: u32, message: MessageId) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE trivia_round SET message_id = ?3 WHERE game_id = ?1 AND idx = ?2",
            )?
            .execute(params![game, index, message])?;
        Ok(())
    }

    /// A round by game and index.
    pub fn round(&self, game: i64, index: u32) -> Result<Option<RoundRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROUND_COLUMNS} FROM trivia_round WHERE game_id = ?1 AND idx = ?2"
        ))?;
        let Some((mut round, closed_at, message)) = stmt
            .query_row(params![game, index], round_columns)
            .optional()?
        else {
            return Ok(None);
        };
        round.answers = self.round_answers(game, index)?;
        let result = match closed_at {
            Some(at) => Some(RoundResult::new(
                &round,
                at,
                self.scored_answers(game, Some(index))?
                    .remove(&index)
                    .unwrap_or_default(),
            )),
            None => None,
        };
        Ok(Some(RoundRow {
            round,
            message,
            result,
        }))
    }

    /// The answers given in one round so far, by member.
    fn round_answers(&self, game: i64, index: u32) -> Result<BTreeMap<u64, Answer>> {
        round_answers(&self.conn, game, index)
    }

    /// The scored answers of a game's closed rounds (or of one round), by round: what each member
    /// picked, whether it was right and what it scored.
    fn scored_answers(
        &self,
        game: i64,
        index: Option<u32>,
    ) -> Result<HashMap<u32, Vec<ScoredAnswer>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.idx, s.user_id, a.choice, a.text, s.correct, s.points
             FROM trivia_answer s
             JOIN trivia_round_answer a
               ON a.game_id = s.game_id AND a.idx = s.idx AND a.user_id = s.user_id
             WHERE s.game_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR s.idx = ?2)",
        )?;
        let rows = stmt.query_map(params![game, index], |r| {
            let user: UserId = r.get(1)?;
            let answer = ScoredAnswer {
                user: user.0,
                pick: pick_of(r.get(2)?, r.get(3)?)?,
                correct: r.get(4)?,
                points: r.get(5)?,
            };
            Ok((r.get::<_, u32>(0)?, answer))
        })?;
        let mut by_round: HashMap<u32, Vec<ScoredAnswer>> = HashMap::new();
        for row in rows {
            let (index, answer) = row?;
            by_round.entry(index).or_default().push(answer);
        }
        Ok(by_round)
    }

    /// Records a closed round, its scored answers, the game's new state and the `players` whose
    /// place in a mode's game the round changed (lives lost, members out), in one transaction: a
    /// round is scored exactly once, and never half, and a restart never finds a scored round
    /// whose lives were not taken. Changes nothing if the round was already closed, or if an
    /// answer was recorded since `round` was read (a press on another process): see [`Closing`].
    pub fn close_round(
        &mut self,
        game: &mut GameRow,
        round: &Round,
        result: &RoundResult,
        players: &[Player],
        now: Timestamp,
    ) -> Result<Closing> {
        let tx = self.conn.transaction()?;
        let closed = tx
            .prepare_cached(
                "UPDATE trivia_round SET closed_at = ?3
                 WHERE game_id = ?1 AND idx = ?2 AND closed_at IS NULL",
            )?
            .execute(params![round.game, round.index, stamp(result.closed_at)])?;
        if closed == 0 {
            // Already closed: nothing is committed (the transaction rolls back on drop).
            return Ok(Closing::AlreadyClosed);
        }
        // The row is now locked, so no press lands from here on (`save_answer` takes the same
        // lock); one that landed after `round` was read must be scored too: read it again.
        let stored = round_answers(&tx, round.game, round.index)?;
        if stored
            .iter()
            .any(|(user, answer)| round.answers().get(user) != Some(answer))
        {
            return Ok(Closing::AnswersChanged);
        }
        // The scored answers are read back joined with the picks, so the picks must be there.
        write_answers(&tx, round)?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO trivia_answer (game_id, idx, guild_id, user_id, correct, points, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            )?;
            for answer in &result.answers {
                let at = round.answers().get(&answer.user).map_or(now, |a| a.at);
                insert.execute(params![
                    round.game,
                    round.index,
                    game.guild,
                    UserId(answer.user),
                    answer.correct,
                    answer.points,
                    stamp(at)
                ])?;
            }
        }
        super::trivia_modes::write_players(&tx, game.id, players)?;
        if !update_game(&tx, game, now)? {
            // The game was written since it was read (stopped, or stepped on by another
            // process): nothing is committed, and the caller reads it again.
            return Ok(Closing::GameChanged);
        }
        tx.commit()?;
        Ok(Closing::Closed)
    }

    /// The results of a game's closed rounds, in order.
    pub fn game_results(&self, game: i64) -> Result<Vec<RoundResult>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ROUND_COLUMNS} FROM trivia_round
             WHERE game_id = ?1 AND closed_at IS NOT NULL ORDER BY idx"
        ))?;
        let rounds = stmt
            .query_map([game], round_columns)?
            .collect::<db::Result<Vec<_>>>()?;
        let mut scored = self.scored_answers(game, None)?;
        Ok(rounds
            .into_iter()
            .filter_map(|(round, closed_at, _)| {
                let answers = scored.remove(&round.index).unwrap_or_default();
                closed_at.map(|at| RoundResult::new(&round, at, answers))
            })
            .collect())
    }

    /// Remembers the name a member plays under.
    pub fn remember_member(&self, user: UserId, name: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO trivia_member (user_id, name) VALUES (?1, ?2)
                 ON CONFLICT(user_id) DO UPDATE SET name = excluded.name",
            )?
            .execute(params![user, name])?;
        Ok(())
    }

    /// The name a member last played under.
    pub fn member_name(&self, user: UserId) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM trivia_member WHERE user_id = ?1")?;
        Ok(stmt.query_row([user], |r| r.get(0)).optional()?)
    }

    /// The best players by points, in one server or all, since an instant or ever.
    pub fn leaderboard(
        &self,
        guild: Option<GuildId>,
        since: Option<Timestamp>,
        limit: usize,
    ) -> Result<Vec<Ranked>> {
        self.leaderboard_between(guild, since, None, limit)
    }

    /// A member's record, in one server or all.
    pub fn player_stats(&self, guild: Option<GuildId>, user: UserId) -> Result<PlayerStats> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT game_id, correct, points FROM trivia_answer
             WHERE user_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR guild_id = ?2) ORDER BY game_id, idx",
        )?;
        let rows = stmt.query_map(params![user, guild], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut stats = PlayerStats::default();
        let (mut last_game, mut streak) = (None, 0);
        for row in rows {
            let (game, correct, points) = row?;
            if last_game != Some(game) {
                stats.games += 1;
                last_game = Some(game);
                streak = 0;
            }
            stats.answers += 1;
            stats.points += points;
            if correct {
                stats.correct += 1;
                streak += 1;
                stats.best_streak = stats.best_streak.max(streak);
            } else {
                streak = 0;
            }
        }
        Ok(stats)
    }
}

/// Writes a round's columns and its answers. A new round is inserted; an existing one gets its
/// choices and times replaced only when `reopen`, since a press changes nothing but answers.
fn write_round(conn: &Connection, round: &Round, reopen: bool) -> Result<()> {
    let sql = if reopen {
        "INSERT INTO trivia_round (game_id, idx, question_pk, difficulty, choice_a, choice_b,
                                   choice_c, choice_d, right_choice, opened_at, closes_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(game_id, idx) DO UPDATE SET question_pk = excluded.question_pk,
             difficulty = excluded.difficulty, choice_a = excluded.choice_a,
             choice_b = excluded.choice_b, choice_c = excluded.choice_c,
             choice_d = excluded.choice_d, right_choice = excluded.right_choice,
             opened_at = excluded.opened_at, closes_at = excluded.closes_at"
    } else {
        "INSERT INTO trivia_round (game_id, idx, question_pk, difficulty, choice_a, choice_b,
                                   choice_c, choice_d, right_choice, opened_at, closes_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(game_id, idx) DO NOTHING"
    };
    let (texts, right) = match &round.choices {
        Some(c) => (c.texts.each_ref().map(|t| Some(t.as_str())), Some(c.right)),
        None => ([None; 4], None),
    };
    let [a, b, c, d] = texts;
    conn.prepare_cached(sql)?.execute(params![
        round.game,
        round.index,
        round.question,
        round.difficulty,
        a,
        b,
        c,
        d,
        right,
        stamp(round.opened_at),
        stamp(round.closes_at)
    ])?;
    write_answers(conn, round)
}

/// The answers given in one round so far, by member, on `conn` (which may be a transaction).
fn round_answers(conn: &Connection, game: i64, index: u32) -> Result<BTreeMap<u64, Answer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT user_id, choice, text, answered_at FROM trivia_round_answer
         WHERE game_id = ?1 AND idx = ?2",
    )?;
    let rows = stmt.query_map(params![game, index], |r| {
        let user: UserId = r.get(0)?;
        Ok((user.0, answer_at(r, 1)?))
    })?;
    Ok(rows.collect::<db::Result<_>>()?)
}

/// The answer in the three columns `choice, text, answered_at` starting at `first`.
fn answer_at(r: &db::Row<'_>, first: usize) -> db::Result<Answer> {
    Ok(Answer {
        pick: pick_of(r.get(first)?, r.get(first + 1)?)?,
        at: parse_stamp(first + 2, &r.get::<_, String>(first + 2)?)?,
    })
}

/// Adds a member's answer to a round, or replaces the one they gave.
const UPSERT_ANSWER: &str =
    "INSERT INTO trivia_round_answer (game_id, idx, user_id, choice, text, answered_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT(game_id, idx, user_id) DO UPDATE SET choice = excluded.choice,
         text = excluded.text, answered_at = excluded.answered_at";

/// Writes every answer of a round: new ones are added, changed ones updated. A round never loses
/// an answer, so nothing is deleted.
fn write_answers(conn: &Connection, round: &Round) -> Result<()> {
    let mut upsert = conn.prepare_cached(UPSERT_ANSWER)?;
    for (&user, answer) in round.answers() {
        let (choice, text) = pick_columns(&answer.pick);
        upsert.execute(params![
            round.game,
            round.index,
            UserId(user),
            choice,
            text,
            stamp(answer.at)
        ])?;
    }
    Ok(())
}

/// Writes where a game stands, on the store's connection or inside a transaction, if its stored
/// version is still the one `game` was read at (compare-and-set: the row's lock is taken by the
/// update, so two writers from one read never both succeed). Counts the version up, in the store
/// and in `game`; returns `false`, writing nothing, when another write came first.
fn update_game(conn: &Connection, game: &mut GameRow, now: Timestamp) -> Result<bool> {
    let ended = (game.status != GameStatus::Running).then(|| stamp(now));
    let written = conn
        .prepare_cached(
            "UPDATE trivia_game SET status = ?2, current = ?3, next_at = ?4, streaks = ?5,
                 ended_at = COALESCE(ended_at, ?6), version = version + 1, unsent_step = ?8,
                 unsent_since = ?9, unsent_until = ?10
             WHERE id = ?1 AND version = ?7",
        )?
        .execute(params![
            game.id,
            game.status.as_str(),
            game.current,
            game.next_at.map(stamp),
            json(&game.streaks)?,
            ended,
            game.version,
            game.unsent.map(|u| u.step.to_text()),
            game.unsent.map(|u| stamp(u.since)),
            game.unsent.map(|u| stamp(u.until))
        ])?;
    if written == 0 {
        return Ok(false);
    }
    game.version += 1;
    Ok(true)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::store::migrations::MIGRATIONS;
    use crate::store::tests::store_with_sample;
    use rand::SeedableRng;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millisecond(1_800_000_000_000 + ms).expect("a time")
    }

    /// Sets a store up for a race round: the sample pack (at the first round) and a game of
    /// its one question in a channel of the round's own, whose first round is opened if `open`.
    fn race_game(store: &mut Store, round: u64, open: bool) {
        if round == 0 {
            use crate::store::tests::{SAMPLE, sample_pack};
            store
                .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
                .expect("import");
        }
        // A question with buttons.
        let question = store
            .trivia_questions(Scope::default())
            .expect("questions")
            .into_iter()
            .find(|q| !q.is_typed())
            .expect("a multiple-choice question");
        let id = store
            .create_game(
                GuildId(1),
                ChannelId(round + 10),
                UserId(3),
                &[question.key],
                &TriviaSettings::default(),
                None,
                &GameMode::default(),
                Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a new game");
        if open {
            let mut game = store.game(id).expect("read").expect("the game");
            self::open(store, &mut game, &question);
        }
    }

    /// The game of a race round (see [`race_game`]).
    fn race_round_game(store: &Store, round: u64) -> GameRow {
        store
            .running_game_in(ChannelId(round + 10))
            .expect("read")
            .expect("the game")
    }

    /// Two processes opening a game's round at once (its timer run twice, by a process that
    /// outlived its lease): the question is asked once.
    #[test]
    fn two_processes_opening_one_round_open_it_once() {
        crate::store::race(
            30,
            |store, round| race_game(store, round, false),
            |store, round| {
                let mut game = race_round_game(store, round);
                let key = game.questions[0];
                let question = store.trivia_question(key).expect("read").expect("question");
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(round);
                let limit = std::time::Duration::from_secs(20);
                let opened =
                    Round::open(game.id, 0, &question, at(0), limit, &mut rng).expect("a round");
                game.next_at = None;
                usize::from(store.open_round(&mut game, &opened, at(0)).expect("open"))
            },
        );
    }

    /// A member's two presses reaching two processes at once, both judged as their first answer
    /// (answers locked): one is taken, and the other is judged again.
    #[test]
    fn two_presses_of_one_member_on_two_processes_are_taken_once() {
        crate::store::race(
            30,
            |store, round| race_game(store, round, true),
            |store, round| {
                let game = race_round_game(store, round);
                let mut read = store.round(game.id, 0).expect("read").expect("the round");
                let before = read.round.answers().get(&5).cloned();
                let choice = (read.round.right() + 1) % 4;
                // A press judged as already answered is not recorded (as `apply_answer` does).
                let outcome = read.round.press(5, choice, at(1_000), false);
                let judged_new =
                    matches!(outcome, crate::trivia::game::PressOutcome::Locked { .. });
                let taken = judged_new
                    && store
                        .save_answer(&read.round, UserId(5), before.as_ref())
                        .expect("save");
                usize::from(taken)
            },
        );
    }

    /// A press and the round's close on two processes at once: a press that is taken is scored.
    #[test]
    fn a_press_taken_as_its_round_closes_is_scored() {
        let (mut one, mut two, _dir) = crate::store::two_processes();
        for round in 0..30 {
            race_game(&mut one, round, true);
            let id = race_round_game(&one, round).id;
            let start = std::sync::Barrier::new(2);
            let start = &start;
            let (presser, closer) = (&mut one, &mut two);
            let (taken, closed) = std::thread::scope(|s| {
                let press = s.spawn(move || {
                    let one = presser;
                    start.wait();
                    let mut read = one.round(id, 0).expect("read").expect("the round");
                    // Judged against the round as read: a round read closed takes no press.
                    let outcome = read.round.press(5, read.round.right(), at(1_000), false);
                    matches!(outcome, crate::trivia::game::PressOutcome::Locked { .. })
                        && one.save_answer(&read.round, UserId(5), None).expect("save")
                });
                let close = s.spawn(move || {
                    let two = closer;
                    start.wait();
                    // As the scheduler does: read, close, and read again if answers came.
                    loop {
                        let mut game = two.game(id).expect("read").expect("game");
                        let mut read = two.round(id, 0).expect("read").expect("the round");
                        let result = read
                            .round
                            .close(at(2_000), &mut game.streaks)
                            .expect("close");
                        game.status = GameStatus::Finished;
                        match two
                            .close_round(&mut game, &read.round, &result, &[], at(2_000))
                            .expect("close")
                        {
                            Closing::AnswersChanged => continue,
                            closing => return (closing, result),
                        }
                    }
                });
                (press.join().expect("press"), close.join().expect("close"))
            });
            assert_eq!(closed.0, Closing::Closed);
            let scored = closed.1.answers.iter().any(|a| a.user == 5);
            assert_eq!(
                taken, scored,
                "round {round}: a press is taken exactly when it is scored"
            );
            let stored = one.game_results(id).expect("results");
            assert_eq!(stored[0].answers.iter().any(|a| a.user == 5), taken);
        }
    }

    /// The sample store with a game started in channel 2 on its one question, and that question.
    pub(in crate::store) fn started() -> (Store, GameRow, QuestionData) {
        let mut store = store_with_sample();
        let question = store
            .trivia_questions(Scope::default())
            .expect("questions")
            .remove(0);
        let id = store
            .create_game(
                GuildId(1),
                ChannelId(2),
                UserId(3),
                &[question.key],
                &TriviaSettings::default(),
                None,
                &GameMode::default(),
                Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a new game");
        let game = store.game(id).expect("read").expect("the game");
        (store, game, question)
    }

    #[test]
    fn a_game_keeps_the_language_it_started_in_and_its_questions_their_korean() {
        let (mut store, game, question) = started();
        assert_eq!(game.locale, Locale::English);
        assert_eq!(question.question_ko, None);
        let id = store
            .create_game(
                GuildId(1),
                ChannelId(5),
                UserId(3),
                &[question.key],
                &TriviaSettings::default(),
                None,
                &GameMode::default(),
                Locale::Korean,
                at(0),
            )
            .expect("create")
            .expect("a new game");
        assert_eq!(
            store.game(id).expect("read").expect("game").locale,
            Locale::Korean
        );
        assert_eq!(
            store.running_games().expect("games")[1].locale,
            Locale::Korean
        );
        // A question's Korean comes from its stored item.
        let data: String = store
            .conn
            .query_row(
                "SELECT data FROM question WHERE pk = ?1",
                params![question.key],
                |r| r.get(0),
            )
            .expect("item");
        let mut item: serde_json::Value = serde_json::from_str(&data).expect("json");
        item["question_ko"] = "질문".into();
        item["answer_ko"] = "답".into();
        item["wrong_ko"] = serde_json::json!(["가", "나", "다"]);
        store
            .conn
            .execute(
                "UPDATE question SET data = ?1 WHERE pk = ?2",
                params![item.to_string(), question.key],
            )
            .expect("korean");
        let read = store
            .trivia_question(question.key)
            .expect("read")
            .expect("question");
        assert_eq!(read.question_ko.as_deref(), Some("질문"));
        assert_eq!(read.answer_ko.as_deref(), Some("답"));
        assert_eq!(read.wrong_ko, ["가", "나", "다"]);
    }

    pub(in crate::store) fn open(
        store: &mut Store,
        game: &mut GameRow,
        question: &QuestionData,
    ) -> Round {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        let round = Round::open(
            game.id,
            0,
            question,
            at(0),
            std::time::Duration::from_secs(20),
            &mut rng,
        )
        .expect("a round");
        store.open_round(game, &round, at(0)).expect("open");
        round
    }

    #[test]
    fn a_live_round_reads_back_as_it_was_saved() {
        let (mut store, mut game, question) = started();
        assert_eq!(store.round(game.id, 0).expect("read"), None);
        let mut round = open(&mut store, &mut game, &question);
        let row = store.round(game.id, 0).expect("read").expect("the round");
        assert_eq!(
            (row.round.clone(), row.message, row.result),
            (round.clone(), None, None)
        );

        round.press(5, 2, at(1_234), true);
        round.typed(6, "  Somebody else  ", &question, at(2_500), true);
        store.save_round(&round).expect("save");
        assert_eq!(
            store.round(game.id, 0).expect("read").expect("round").round,
            round
        );
        // A changed answer replaces the old one; the others stay.
        round.press(5, 3, at(3_001), true);
        store.save_round(&round).expect("save");
        store
            .set_round_message(game.id, 0, MessageId(77))
            .expect("message");
        let row = store.round(game.id, 0).expect("read").expect("round");
        assert_eq!(row.round, round);
        assert_eq!(row.round.answers().len(), 2);
        assert_eq!(
            row.round.answers()[&6].pick,
            Pick::Text("Somebody else".into())
        );
        assert_eq!(row.message, Some(MessageId(77)));
        assert_eq!(store.round(game.id, 1).expect("read"), None);
        assert!(store.game_results(game.id).expect("results").is_empty());

        // Opening the same round again starts it afresh: new choices and times, no answers.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(99);
        let again = Round::open(
            game.id,
            0,
            &question,
            at(60_000),
            std::time::Duration::from_secs(30),
            &mut rng,
        )
        .expect("a round");
        store
            .open_round(&mut game, &again, at(60_000))
            .expect("reopen");
        let row = store.round(game.id, 0).expect("read").expect("round");
        assert_eq!(row.round, again);
        assert!(row.round.answers().is_empty());
    }

    /// A game's state is written only on the version it was read at: a write from a stale read
    /// (a stop made while another process changed the game) changes nothing, and says so.
    #[test]
    fn a_game_written_since_it_was_read_is_not_overwritten() {
        let (store, game, _) = started();
        let mut stopping = game.clone();
        let mut stepping = game.clone();
        stepping.current = 1;
        assert!(store.save_game(&mut stepping, at(1)).expect("save"));
        assert_eq!(stepping.version, game.version + 1);
        stopping.status = GameStatus::Stopped;
        assert!(!store.save_game(&mut stopping, at(2)).expect("save"));
        let stored = store.game(game.id).expect("read").expect("the game");
        assert_eq!((stored.status, stored.current), (GameStatus::Running, 1));
        assert_eq!(stored.version, stepping.version);
        // Read again, the stop is made.
        let mut stopping = stored;
        stopping.status = GameStatus::Stopped;
        assert!(store.save_game(&mut stopping, at(3)).expect("save"));
        let stored = store.game(game.id).expect("read").expect("the game");
        assert_eq!((stored.status, stored.current), (GameStatus::Stopped, 1));
    }

    /// A step's unsent messages are saved with the game, taken over by one resender at a time
    /// (on the lease it read), listed while unsent (ended games too), and cleared once recorded.
    #[test]
    fn a_step_unsent_is_stored_with_the_game_taken_over_once_and_cleared_when_sent() {
        let (store, mut game, _) = started();
        assert_eq!(game.unsent, None);
        assert!(store.games_with_unsent_steps().expect("list").is_empty());
        let unsent = Unsent {
            step: TriviaStep::Closed(0),
            since: at(1),
            until: at(30_001),
        };
        game.status = GameStatus::Finished;
        game.unsent = Some(unsent);
        assert!(store.save_game(&mut game, at(1)).expect("save"));
        let stored = store.game(game.id).expect("read").expect("the game");
        assert_eq!(stored.unsent, Some(unsent));
        let listed = store.games_with_unsent_steps().expect("list");
        assert_eq!(listed.iter().map(|g| g.id).collect::<Vec<_>>(), [game.id]);
        // Two resenders read the same lease: the first takes it over, the second changes nothing.
        assert!(
            store
                .resend_trivia_step(game.id, &unsent, at(60_000))
                .expect("take")
        );
        assert!(
            !store
                .resend_trivia_step(game.id, &unsent, at(60_500))
                .expect("take")
        );
        let stored = store.game(game.id).expect("read").expect("the game");
        assert_eq!(
            stored.unsent.map(|u| (u.since, u.until)),
            Some((at(1), at(60_000)))
        );
        // Recorded: a record of another step changes nothing; this step's clears it, once.
        assert!(
            !store
                .trivia_step_sent(game.id, TriviaStep::Ended)
                .expect("sent")
        );
        assert!(store.trivia_step_sent(game.id, unsent.step).expect("sent"));
        assert!(!store.trivia_step_sent(game.id, unsent.step).expect("sent"));
        assert_eq!(
            store.game(game.id).expect("read").expect("game").unsent,
            None
        );
        assert!(store.games_with_unsent_steps().expect("list").is_empty());
    }

    #[test]
    fn every_step_reads_back_as_written() {
        for step in [
            TriviaStep::Opened(0),
            TriviaStep::Opened(29),
            TriviaStep::Closed(7),
            TriviaStep::Ended,
            TriviaStep::NobodyJoined,
        ] {
            assert_eq!(TriviaStep::parse(&step.to_text()), Some(step));
        }
        assert_eq!(TriviaStep::parse("opened:x"), None);
        assert_eq!(TriviaStep::parse("reopened"), None);
    }

    #[test]
    fn a_round_is_opened_once_even_by_two_processes_sharing_the_database() {
        let (mut store, game, question) = started();
        let mut opening = GameRow {
            next_at: None,
            ..game.clone()
        };
        let mut stale = opening.clone();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(4);
        let mut round = || {
            Round::open(
                game.id,
                0,
                &question,
                at(0),
                std::time::Duration::from_secs(20),
                &mut rng,
            )
            .expect("a round")
        };
        let first = round();
        assert!(store.open_round(&mut opening, &first, at(0)).expect("open"));
        // A second process, which read the game before the first opened the round, opens it too.
        let second = round();
        assert!(
            !store
                .open_round(&mut stale, &second, at(1))
                .expect("open again")
        );
        let row = store.round(game.id, 0).expect("read").expect("round");
        assert_eq!(row.round, first, "the first opening stands");
    }

    #[test]
    fn a_closed_round_reads_back_its_result_once() {
        let (mut store, mut game, question) = started();
        let mut round = open(&mut store, &mut game, &question);
        let right = round.right();
        round.press(5, right, at(1_000), false);
        round.press(6, (right + 1) % 4, at(2_000), false);
        round.typed(7, "no idea", &question, at(3_000), false);
        store.save_round(&round).expect("save");
        let result = round.close(at(20_000), &mut game.streaks).expect("close");
        game.status = GameStatus::Finished;
        assert!(
            store
                .close_round(&mut game, &round, &result, &[], at(20_000))
                .expect("close")
                .closed()
        );
        assert!(
            !store
                .close_round(&mut game, &round, &result, &[], at(21_000))
                .expect("again")
                .closed(),
            "a round is scored once"
        );
        let row = store.round(game.id, 0).expect("read").expect("round");
        assert!(row.round.is_closed());
        assert_eq!(row.round, round);
        assert_eq!(row.result.as_ref(), Some(&result));
        assert_eq!(result.winners.len(), 1);
        assert_eq!(result.answers.len(), 3);
        assert_eq!(store.game_results(game.id).expect("results"), vec![result]);
        assert_eq!(store.game_results(game.id + 1).expect("results"), vec![]);
        assert_eq!(
            store.player_stats(None, UserId(5)).expect("stats").correct,
            1
        );
    }

    #[test]
    fn a_round_closed_with_no_answers_says_nobody_answered() {
        let (mut store, mut game, question) = started();
        let mut round = open(&mut store, &mut game, &question);
        let result = round.close(at(20_000), &mut game.streaks).expect("close");
        assert!(
            store
                .close_round(&mut game, &round, &result, &[], at(20_000))
                .expect("close")
                .closed()
        );
        let results = store.game_results(game.id).expect("results");
        assert_eq!(results, vec![result]);
        assert!(results[0].nobody_answered);
    }

    /// A question of a pack, as TOML.
    fn question_toml(
        id: &str,
        difficulty: u8,
        category: &str,
        episode: Option<i64>,
        source: &str,
    ) -> String {
        let episode = episode.map_or(String::new(), |e| format!("episode = {e}\n"));
        format!(
            "\n[[question]]\nid = \"{id}\"\nquestion = \"Question {id}?\"\nanswer = \"Right {id}\"\nwrong = [\"W1\", \"W2\", \"W3\"]\ndifficulty = {difficulty}\ncategory = \"{category}\"\nsource = \"{source}\"\n{episode}"
        )
    }

    /// Difficulty, category and episode of the questions each list below gets, so that every
    /// filter keeps some and leaves some out.
    const SHAPES: [(u8, &str, Option<i64>); 6] = [
        (1, "cast", None),
        (2, "cast", Some(2)),
        (3, "production", None),
        (1, "production", Some(5)),
        (2, "reception", Some(8)),
        (3, "cast", None),
    ];

    const OTHER: &str = "[drama]\nid = \"other\"\ntitle = \"Other Drama\"\ntitle_ko = \"다른\"\nnetwork = \"tvN\"\nyear = 2024\nepisodes = 12\n\n[[source]]\nid = \"article\"\noutlet = \"Other Outlet\"\ntitle = \"A review\"\ndate = \"2024-05-01\"\n";

    const BANK_HEADER: &str = "[drama]\nid = \"sample\"\ntitle = \"Sample Drama\"\ntitle_ko = \"샘플\"\nnetwork = \"Netflix\"\nyear = 2025\nepisodes = 8\n\n[[source]]\nid = \"fan\"\noutlet = \"Fan Wiki\"\ntitle = \"Trivia\"\ndate = \"2025-03-01\"\n";

    /// The sample pack with more questions, a second drama's pack, and the banks of servers 1 and
    /// 2 (one of server 1's items removed): every way a question can be in or out of a pool.
    fn store_with_pools() -> Store {
        pools_in(Store::for_tests())
    }

    fn pools_in(mut store: Store) -> Store {
        let mut sample = crate::store::tests::SAMPLE.to_string();
        let mut other = OTHER.to_string();
        for (i, &(difficulty, category, episode)) in SHAPES.iter().enumerate() {
            sample.push_str(&question_toml(
                &format!("s{i}"),
                difficulty,
                category,
                episode,
                "article",
            ));
            other.push_str(&question_toml(
                &format!("o{i}"),
                difficulty,
                category,
                episode,
                "article",
            ));
        }
        store
            .import(
                &[
                    crate::store::tests::sample_pack(&sample),
                    crate::store::tests::sample_pack(&other),
                ],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect("import");
        for guild in [GuildId(1), GuildId(2)] {
            for (i, &(difficulty, category, episode)) in SHAPES.iter().enumerate() {
                let text = format!(
                    "{BANK_HEADER}{}",
                    question_toml(
                        &format!("b{}-{i}", guild.0),
                        difficulty,
                        category,
                        episode,
                        "fan"
                    )
                );
                let drama = if i % 2 == 0 { "sample" } else { "other" };
                store
                    .add_to_bank(
                        guild,
                        drama,
                        &crate::store::tests::sample_pack(&text),
                        UserId(9),
                        at(0),
                    )
                    .expect("banked");
            }
        }
        store
            .remove_bank_item(GuildId(1), "b1-0", UserId(9), at(0))
            .expect("removed")
            .expect("an item");
        store
    }

    /// The pool as the game reads it from whole questions: [`Store::trivia_questions`] then
    /// [`Filter::allows`] under the spoiler guard, each with whether its server saw it.
    fn pool_from_questions(store: &Store, pool: &TriviaPool<'_>) -> Vec<(i64, bool)> {
        let seen = pool
            .scope
            .guild
            .map(|g| store.trivia_seen(g).expect("seen"))
            .unwrap_or_default();
        let mut keys: Vec<(i64, bool)> = store
            .trivia_questions(pool.scope)
            .expect("questions")
            .iter()
            .filter(|q| {
                pool.filter
                    .allows(q, |e| e.is_some_and(|e| e > pool.watched))
            })
            .map(|q| (q.key, seen.contains(&q.key)))
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Every filter `/trivia start` can ask for, for the tests to go through.
    fn filters() -> Vec<Filter> {
        let mut filters = Vec::new();
        for difficulty in [None, Some(1), Some(2), Some(3)] {
            for category in [None, Some("cast"), Some("production"), Some("characters")] {
                filters.push(Filter {
                    difficulty,
                    category: category.map(str::to_string),
                });
            }
        }
        filters
    }

    #[test]
    fn a_pool_read_by_key_is_the_pool_the_questions_give() {
        let mut store = store_with_pools();
        store
            .set_list_enabled(GuildId(2), "other", false)
            .expect("off");
        // Some marks, one on a question outside every pool of server 1 (server 2's bank).
        let all: Vec<i64> = (1..=40).collect();
        store
            .mark_trivia_seen(GuildId(1), &all[..20])
            .expect("mark");
        let filters = filters();
        let mut sizes = HashSet::new();
        for guild in [GuildId(1), GuildId(2)] {
            for drama in [None, Some("sample"), Some("other")] {
                for filter in &filters {
                    for watched in [0, 2, 8] {
                        let pool = TriviaPool {
                            scope: Scope {
                                guild: Some(guild),
                                drama,
                            },
                            filter,
                            watched,
                        };
                        let expected = pool_from_questions(&store, &pool);
                        let mut read = store.trivia_pool(&pool, usize::MAX).expect("pool");
                        read.sort_unstable();
                        assert_eq!(read, expected, "{pool:?}");
                        sizes.insert(expected.len());
                        // A limit reads no more than it says, and the whole pool when it is as
                        // large as the pool.
                        let limit = expected.len().saturating_sub(1);
                        assert_eq!(store.trivia_pool(&pool, limit).expect("pool").len(), limit);
                        assert_eq!(
                            store
                                .trivia_pool(&pool, expected.len())
                                .expect("pool")
                                .len(),
                            expected.len()
                        );

                        // Asked about every key there is (and some there are not), the lookup
                        // keeps exactly the pool's unseen questions.
                        let probe: Vec<i64> = (0..=60).chain([-5, i64::MAX]).collect();
                        let unseen: HashSet<i64> = expected
                            .iter()
                            .filter(|(_, seen)| !seen)
                            .map(|(key, _)| *key)
                            .collect();
                        assert_eq!(
                            store.trivia_unseen_among(&pool, &probe).expect("unseen"),
                            unseen,
                            "{pool:?}"
                        );

                        let mut all_unseen = store.trivia_pool_unseen(&pool).expect("unseen");
                        all_unseen.sort_unstable();
                        let mut expected_unseen: Vec<i64> = unseen.iter().copied().collect();
                        expected_unseen.sort_unstable();
                        assert_eq!(all_unseen, expected_unseen, "{pool:?}");

                        // Every question of the pool lies in one of the lists' ranges.
                        let ranges = store.trivia_pool_ranges(&pool).expect("ranges");
                        for (key, _) in &expected {
                            assert!(
                                ranges.iter().any(|(lo, hi)| lo <= key && key <= hi),
                                "{key} in {ranges:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(sizes.contains(&0) && sizes.len() > 5, "{sizes:?}");
    }

    #[test]
    fn the_pool_reads_seek_their_indexes_instead_of_scanning_the_questions() {
        // SQLite's query plans: on SQLite only, whatever the test database.
        let store = pools_in(Store::open_in_memory().expect("sqlite"));
        let plan = |sql: &str, params: &[&dyn db::ToSql]| -> String {
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("a plan");
            let rows = stmt
                .query_map(params, |r| r.get::<_, String>(3))
                .expect("rows");
            rows.collect::<db::Result<Vec<_>>>()
                .expect("plan")
                .join("\n")
        };
        for category in [None, Some("cast".to_string())] {
            let filter = Filter {
                difficulty: Some(2),
                category,
            };
            let pool = TriviaPool {
                scope: Scope {
                    guild: Some(GuildId(1)),
                    drama: None,
                },
                filter: &filter,
                watched: 0,
            };
            let cond = pool.condition();
            let (guild, drama, watched, difficulty, category) = pool.params();
            let params: [&dyn db::ToSql; 5] = [&guild, &drama, &watched, &difficulty, &category];
            let whole = plan(
                &format!("SELECT q.pk, {SEEN} FROM question q WHERE {cond} LIMIT 5"),
                &params,
            );
            assert!(
                whole.contains("COVERING INDEX question_pick (pack=?"),
                "{whole}"
            );
            let keys = plan(
                &format!(
                    "SELECT q.pk FROM json_each('[1]') j CROSS JOIN question q
                 WHERE q.pk = CAST(j.value AS BIGINT) AND {cond} AND NOT {SEEN}"
                ),
                &params,
            );
            assert!(
                keys.contains("SEARCH q USING INTEGER PRIMARY KEY"),
                "{keys}"
            );
        }
        let ranges = plan(
            &format!(
                "SELECT (SELECT min(pk) FROM question WHERE pack = l.id) FROM ({SCOPE_LISTS}) l"
            ),
            &[&1],
        );
        assert!(
            ranges.contains("COVERING INDEX question_by_pack (pack=?)"),
            "{ranges}"
        );
    }

    #[test]
    fn the_ranges_are_the_lists_a_server_plays() {
        let mut store = store_with_pools();
        let filter = Filter::default();
        let pool = |guild| TriviaPool {
            scope: Scope {
                guild: Some(guild),
                drama: None,
            },
            filter: &filter,
            watched: 0,
        };
        let bounds = |store: &Store, pack: &str| -> (i64, i64) {
            store
                .conn
                .query_row(
                    "SELECT min(pk), max(pk) FROM question WHERE pack = ?1",
                    [pack],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("bounds")
        };
        let (sample, other, bank) = (
            bounds(&store, "sample"),
            bounds(&store, "other"),
            bounds(&store, "bank-1"),
        );
        let mut ranges = store.trivia_pool_ranges(&pool(GuildId(1))).expect("ranges");
        ranges.sort_unstable();
        let mut expected = vec![sample, other, bank];
        expected.sort_unstable();
        assert_eq!(ranges, expected);
        store
            .set_list_enabled(GuildId(1), "other", false)
            .expect("off");
        let mut ranges = store.trivia_pool_ranges(&pool(GuildId(1))).expect("ranges");
        ranges.sort_unstable();
        let mut expected = vec![sample, bank];
        expected.sort_unstable();
        assert_eq!(ranges, expected, "a list turned off is not drawn from");
        // A server without a bank draws from the packs.
        let mut ranges = store.trivia_pool_ranges(&pool(GuildId(3))).expect("ranges");
        ranges.sort_unstable();
        let mut expected = vec![sample, other];
        expected.sort_unstable();
        assert_eq!(ranges, expected);
    }

    #[test]
    fn a_game_marks_only_its_questions_and_a_new_cycle_clears_only_its_pool() {
        use crate::trivia::game::Selection;
        let mut store = store_with_pools();
        let guild = GuildId(1);
        let cast = Filter {
            difficulty: None,
            category: Some("cast".into()),
        };
        let pool = TriviaPool {
            scope: Scope {
                guild: Some(guild),
                drama: None,
            },
            filter: &cast,
            watched: 8,
        };
        let in_pool: Vec<i64> = pool_from_questions(&store, &pool)
            .iter()
            .map(|(key, _)| *key)
            .collect();
        let outside: Vec<i64> = (1..=40).filter(|k| !in_pool.contains(k)).take(3).collect();
        store.mark_trivia_seen(guild, &outside).expect("mark");
        store.mark_trivia_seen(guild, &in_pool[1..]).expect("mark");
        // Server 2's marks are its own.
        store.mark_trivia_seen(GuildId(2), &in_pool).expect("mark");
        let before = store.trivia_seen(guild).expect("seen");
        let candidates: Vec<QuestionData> = store
            .trivia_questions(pool.scope)
            .expect("questions")
            .into_iter()
            .filter(|q| in_pool.contains(&q.key))
            .collect();

        // A game inside the cycle adds its questions and nothing else.
        let first = Selection {
            questions: vec![in_pool[0]],
            new_cycle: false,
        };
        let changes = store.total_changes();
        store
            .create_game(
                guild,
                ChannelId(2),
                UserId(3),
                &first.questions,
                &TriviaSettings::default(),
                None,
                &GameMode::default(),
                Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a game");
        assert_eq!(
            store.trivia_seen(guild).expect("seen"),
            first.seen_after(&before, &candidates)
        );
        // The game, its due work and one mark: the list was not written again.
        assert_eq!(store.total_changes() - changes, 3);

        // A game that starts a new cycle of the pool drops the pool's marks, keeps the others.
        let before = store.trivia_seen(guild).expect("seen");
        let second = Selection {
            questions: vec![in_pool[2], in_pool[0]],
            new_cycle: true,
        };
        store
            .create_game(
                guild,
                ChannelId(3),
                UserId(3),
                &second.questions,
                &TriviaSettings::default(),
                Some(&pool),
                &GameMode::default(),
                Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a game");
        let after = store.trivia_seen(guild).expect("seen");
        assert_eq!(after, second.seen_after(&before, &candidates));
        assert!(outside.iter().all(|k| after.contains(k)));
        assert_eq!(
            store.trivia_seen(GuildId(2)).expect("seen").len(),
            in_pool.len()
        );

        // The same, on its own: the pool's marks go, the others stay.
        assert_eq!(store.forget_trivia_seen(&pool).expect("forget"), 2);
        assert_eq!(
            store.trivia_seen(guild).expect("seen"),
            outside.iter().copied().collect()
        );
        let nowhere = TriviaPool {
            scope: Scope::default(),
            ..pool
        };
        assert_eq!(store.forget_trivia_seen(&nowhere).expect("forget"), 0);
    }

    #[test]
    fn a_typed_answer_round_without_choices_round_trips() {
        let mut store = store_with_sample();
        let text = format!(
            "{}\n[[question]]\nid = \"typed\"\nquestion = \"Which hospital?\"\nanswer = \"Hankook University Hospital\"\naccept = [\"Hankook\"]\ndifficulty = 2\ncategory = \"production\"\nsource = \"article\"\n",
            crate::store::tests::SAMPLE
        );
        store
            .import(
                &[crate::store::tests::sample_pack(&text)],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect("import");
        let question = store
            .trivia_questions(crate::model::Scope {
                guild: None,
                drama: None,
            })
            .expect("questions")
            .into_iter()
            .find(|q| q.is_typed())
            .expect("the typed-answer question");
        assert!(question.wrong.is_empty());
        assert_eq!(question.accept, ["Hankook"]);
        let id = store
            .create_game(
                GuildId(1),
                ChannelId(2),
                UserId(3),
                &[question.key],
                &TriviaSettings::default(),
                None,
                &GameMode::default(),
                Locale::English,
                at(0),
            )
            .expect("create")
            .expect("a new game");
        let mut game = store.game(id).expect("read").expect("the game");
        let mut round = open(&mut store, &mut game, &question);
        assert!(round.is_typed());
        assert_eq!(
            store.round(id, 0).expect("read").expect("the round").round,
            round
        );
        round.typed(5, "hankook", &question, at(1_000), false);
        round.typed(6, "Seoul National", &question, at(2_000), false);
        store.save_round(&round).expect("save");
        let read = store.round(id, 0).expect("read").expect("the round").round;
        assert_eq!(read, round);
        assert!(read.choices.is_none());
        let result = round.close(at(20_000), &mut game.streaks).expect("close");
        game.status = GameStatus::Finished;
        assert!(
            store
                .close_round(&mut game, &round, &result, &[], at(20_000))
                .expect("close")
                .closed()
        );
        let row = store.round(id, 0).expect("read").expect("the round");
        assert_eq!(row.result.as_ref(), Some(&result));
        assert_eq!(result.winners.len(), 1);
        assert_eq!(result.winners[0].0, 5);
        assert_eq!(store.game_results(id).expect("results"), vec![result]);
    }

    /// A round as versions 3 and 4 wrote it: JSON in `state` and `result`, times in milliseconds.
    const OLD_CLOSED_STATE: &str = r#"{"game":1,"index":0,"question":1,"difficulty":1,
        "choices":{"texts":["Yoon Kyung-ho","Ju Ji-hoon","Choo Young-woo","Jeong Jae-kwang"],"right":1},
        "opened_at":1800000000123,"closes_at":1800000020123,
        "answers":{"5":{"pick":{"Choice":1},"at":1800000001357},
                   "6":{"pick":{"Text":"Baek \"the\" doctor"},"at":1800000002999}},
        "closed":true}"#;
    const OLD_RESULT: &str = r#"{"game":1,"index":0,"question":1,"right_choice":1,
        "closed_at":1800000020123,"winners":[[5,146]],
        "answers":[{"user":5,"pick":{"Choice":1},"correct":true,"points":146},
                   {"user":6,"pick":{"Text":"Baek \"the\" doctor"},"correct":false,"points":0}],
        "nobody_answered":false}"#;
    const OLD_OPEN_STATE: &str = r#"{"game":1,"index":1,"question":1,"difficulty":1,
        "choices":{"texts":["Ju Ji-hoon","Choo Young-woo","Jeong Jae-kwang","Yoon Kyung-ho"],"right":0},
        "opened_at":1800000025001,"closes_at":1800000045001,
        "answers":{"5":{"pick":{"Choice":3},"at":1800000026999}},"closed":false}"#;

    /// A database at migration 4 with a game in its second round: the first closed and scored,
    /// the second open with one answer.
    fn version_4_database(path: &std::path::Path) {
        let conn = rusqlite::Connection::open(path).expect("open");
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).expect("migration");
        }
        conn.execute_batch(
            "INSERT INTO pack (id, title, title_ko, network, year, episodes, data, file, fingerprint, imported_at)
                 VALUES ('sample', 'Sample', '샘플', 'Netflix', 2025, 8, '{}', 'sample.toml', 'f', '2026-01-01T00:00:00.000Z');
             INSERT INTO source (pk, pack, slug, outlet, title, date, data)
                 VALUES (1, 'sample', 'article', 'Outlet', 'Title', '2025-01-01', '{}');
             INSERT INTO question (pk, pack, slug, question, answer, wrong, accept, difficulty, category, source_pk, data)
                 VALUES (1, 'sample', 'q', 'Who plays Baek Kang-hyuk?', 'Ju Ji-hoon',
                         '[\"Choo Young-woo\",\"Yoon Kyung-ho\",\"Jeong Jae-kwang\"]', '[]', 1, 'cast', 1, '{}');
             INSERT INTO trivia_game (id, guild_id, channel_id, starter_id, status, questions, time_limit_secs,
                                      allow_changes, current, next_at, streaks, started_at)
                 VALUES (1, 1, 2, 5, 'running', '[1,1]', 20, 0, 1, NULL, '{\"5\":1,\"6\":0}',
                         '2027-01-15T08:00:00.000Z');
             INSERT INTO trivia_answer (game_id, idx, guild_id, user_id, correct, points, answered_at)
                 VALUES (1, 0, 1, 5, 1, 146, '2027-01-15T08:00:01.357Z'),
                        (1, 0, 1, 6, 0, 0, '2027-01-15T08:00:02.999Z');",
        )
        .expect("rows");
        conn.execute(
            "INSERT INTO trivia_round (game_id, idx, question_pk, state, closes_at, message_id, result)
             VALUES (1, 0, 1, ?1, '2027-01-15T08:00:20.123Z', 1000, ?2),
                    (1, 1, 1, ?3, '2027-01-15T08:00:45.001Z', 1001, NULL)",
            rusqlite::params![OLD_CLOSED_STATE, OLD_RESULT, OLD_OPEN_STATE],
        )
        .expect("rounds");
        conn.pragma_update(None, "user_version", 4)
            .expect("version");
    }

    #[test]
    fn rounds_stored_as_json_by_version_4_are_converted_and_play_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v4.sqlite");
        version_4_database(&path);
        let mut store = Store::open(path.to_str().expect("utf-8")).expect("migrates");
        assert_eq!(
            store.schema_version().expect("version"),
            super::super::migrations::MIGRATIONS.len() as i64
        );
        let answer = |user: u64, pick: Pick, ms: i64| {
            (
                user,
                Answer {
                    pick,
                    at: Timestamp::from_millisecond(ms).expect("a time"),
                },
            )
        };
        let first = Round {
            game: 1,
            index: 0,
            question: 1,
            difficulty: 1,
            choices: Some(Choices {
                texts: [
                    "Yoon Kyung-ho",
                    "Ju Ji-hoon",
                    "Choo Young-woo",
                    "Jeong Jae-kwang",
                ]
                .map(String::from),
                right: 1,
            }),
            opened_at: Timestamp::from_millisecond(1_800_000_000_123).expect("a time"),
            closes_at: Timestamp::from_millisecond(1_800_000_020_123).expect("a time"),
            answers: BTreeMap::from([
                answer(5, Pick::Choice(1), 1_800_000_001_357),
                answer(
                    6,
                    Pick::Text("Baek \"the\" doctor".into()),
                    1_800_000_002_999,
                ),
            ]),
            closed: true,
        };
        let result = RoundResult {
            game: 1,
            index: 0,
            question: 1,
            right_choice: 1,
            closed_at: Timestamp::from_millisecond(1_800_000_020_123).expect("a time"),
            winners: vec![(5, 146)],
            answers: vec![
                ScoredAnswer {
                    user: 5,
                    pick: Pick::Choice(1),
                    correct: true,
                    points: 146,
                },
                ScoredAnswer {
                    user: 6,
                    pick: Pick::Text("Baek \"the\" doctor".into()),
                    correct: false,
                    points: 0,
                },
            ],
            nobody_answered: false,
        };
        assert_eq!(
            store.round(1, 0).expect("read"),
            Some(RoundRow {
                round: first,
                message: Some(MessageId(1000)),
                result: Some(result.clone()),
            })
        );
        let mut second = Round {
            game: 1,
            index: 1,
            question: 1,
            difficulty: 1,
            choices: Some(Choices {
                texts: [
                    "Ju Ji-hoon",
                    "Choo Young-woo",
                    "Jeong Jae-kwang",
                    "Yoon Kyung-ho",
                ]
                .map(String::from),
                right: 0,
            }),
            opened_at: Timestamp::from_millisecond(1_800_000_025_001).expect("a time"),
            closes_at: Timestamp::from_millisecond(1_800_000_045_001).expect("a time"),
            answers: BTreeMap::from([answer(5, Pick::Choice(3), 1_800_000_026_999)]),
            closed: false,
        };
        assert_eq!(
            store.round(1, 1).expect("read"),
            Some(RoundRow {
                round: second.clone(),
                message: Some(MessageId(1001)),
                result: None,
            })
        );
        assert_eq!(store.game_results(1).expect("results"), vec![result]);

        // The running game carries on: a late answer, then the close scores the round.
        let mut game = store.game(1).expect("read").expect("the game");
        let at = |ms: i64| Timestamp::from_millisecond(ms).expect("a time");
        second.press(6, 0, at(1_800_000_030_000), false);
        store.save_round(&second).expect("save");
        let closed = second
            .close(at(1_800_000_045_001), &mut game.streaks)
            .expect("close");
        game.status = GameStatus::Finished;
        assert!(
            store
                .close_round(&mut game, &second, &closed, &[], at(1_800_000_045_001))
                .expect("close")
                .closed()
        );
        let results = store.game_results(1).expect("results");
        assert_eq!(results.len(), 2);
        assert_eq!(results[1].winners.len(), 1);
        assert_eq!(results[1].winners[0].0, 6);
        assert_eq!(
            store.player_stats(None, UserId(6)).expect("stats").correct,
            1
        );
    }
}

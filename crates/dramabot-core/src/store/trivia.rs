//! The store's side of trivia: games, their rounds (live state written at every press), scored
//! answers, what each server has seen, and the numbers behind leaderboards and stats.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Store, stamp};
use crate::error::{Error, Result};
use crate::ids::{ChannelId, GuildId, MessageId, UserId};
use crate::trivia::game::{QuestionData, Round, RoundResult};

/// A server's trivia settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriviaSettings {
    pub time_limit_secs: i64,
    pub allow_changes: bool,
    pub typed_answers: bool,
}

impl Default for TriviaSettings {
    fn default() -> Self {
        TriviaSettings {
            time_limit_secs: 20,
            allow_changes: false,
            typed_answers: true,
        }
    }
}

/// How a game ended, or that it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameStatus {
    Running,
    Finished,
    Stopped,
    /// Nobody answered for several questions in a row.
    Abandoned,
}

impl GameStatus {
    fn as_str(self) -> &'static str {
        match self {
            GameStatus::Running => "running",
            GameStatus::Finished => "finished",
            GameStatus::Stopped => "stopped",
            GameStatus::Abandoned => "abandoned",
        }
    }

    fn parse(text: &str) -> GameStatus {
        match text {
            "finished" => GameStatus::Finished,
            "stopped" => GameStatus::Stopped,
            "abandoned" => GameStatus::Abandoned,
            _ => GameStatus::Running,
        }
    }
}

/// A game as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameRow {
    pub id: i64,
    pub guild: GuildId,
    pub channel: ChannelId,
    pub starter: UserId,
    pub status: GameStatus,
    /// The questions' keys, in the order they are asked.
    pub questions: Vec<i64>,
    pub time_limit_secs: i64,
    pub allow_changes: bool,
    /// The round being asked, or to be asked next.
    pub current: u32,
    /// When the next round opens; `None` while a round is open.
    pub next_at: Option<Timestamp>,
    pub streaks: HashMap<u64, u32>,
}

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundRow {
    pub round: Round,
    pub message: Option<MessageId>,
    pub result: Option<RoundResult>,
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub user: UserId,
    pub name: String,
    pub points: i64,
    pub correct: i64,
    pub answers: i64,
}

/// A member's trivia record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlayerStats {
    pub games: i64,
    pub answers: i64,
    pub correct: i64,
    pub points: i64,
    pub best_streak: i64,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Encoding(format!("cannot encode trivia state: {e}")))
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The columns [`question_row`] reads.
const QUESTION_QUERY: &str = "SELECT q.pk, q.question, q.answer, q.wrong, q.accept, q.difficulty,
    q.category, q.explanation, s.outlet, s.date, q.episode
    FROM question q JOIN source s ON s.pk = q.source_pk";

/// A question row of [`QUESTION_QUERY`] as the game reads it.
fn question_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuestionData> {
    let outlet: String = r.get(8)?;
    let date: String = r.get(9)?;
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
    })
}

const GAME_COLUMNS: &str =
    "id, guild_id, channel_id, starter_id, status, questions, time_limit_secs,
    allow_changes, current, next_at, streaks";

fn game_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GameRow> {
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
    })
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

    /// Every current question of one drama or of all, as the game reads them.
    pub fn trivia_questions(&self, drama: Option<&str>) -> Result<Vec<QuestionData>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{QUESTION_QUERY} WHERE q.retired = 0 AND (?1 IS NULL OR q.pack = ?1) ORDER BY q.pk"
        ))?;
        let rows = stmt.query_map([drama], question_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One question by key (even if retired since: a running game keeps its questions).
    pub fn trivia_question(&self, key: i64) -> Result<Option<QuestionData>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{QUESTION_QUERY} WHERE q.pk = ?1"))?;
        Ok(stmt.query_row([key], question_row).optional()?)
    }

    /// The questions a server has seen in its current cycle.
    pub fn trivia_seen(&self, guild: GuildId) -> Result<HashSet<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT question_pk FROM trivia_seen WHERE guild_id = ?1")?;
        let rows = stmt.query_map([guild], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Starts a game: records it (and what the server has now seen) in one transaction. Returns
    /// `None` when a game already runs in the channel.
    #[allow(clippy::too_many_arguments)]
    pub fn create_game(
        &mut self,
        guild: GuildId,
        channel: ChannelId,
        starter: UserId,
        questions: &[i64],
        settings: &TriviaSettings,
        seen: &HashSet<i64>,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let tx = self.conn.transaction()?;
        let inserted = tx
            .prepare_cached(
                "INSERT INTO trivia_game (guild_id, channel_id, starter_id, status, questions, time_limit_secs,
                                          allow_changes, next_at, started_at)
                 VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?6, ?7, ?7)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                guild,
                channel,
                starter,
                json(&questions)?,
                settings.time_limit_secs,
                settings.allow_changes,
                stamp(now)
            ])?;
        if inserted == 0 {
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        tx.prepare_cached("DELETE FROM trivia_seen WHERE guild_id = ?1")?
            .execute([guild])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO trivia_seen (guild_id, question_pk) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?;
            for question in seen {
                insert.execute(params![guild, question])?;
            }
        }
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
        let rows = stmt.query_map([], game_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves where a game stands.
    pub fn save_game(&self, game: &GameRow, now: Timestamp) -> Result<()> {
        update_game(&self.conn, game, now)
    }

    /// Saves a newly opened round and where its game stands, in one transaction: a crash leaves
    /// either both or neither, never a game waiting on a round that was never recorded.
    pub fn open_round(&mut self, game: &GameRow, round: &Round, now: Timestamp) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO trivia_round (game_id, idx, question_pk, state, closes_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(game_id, idx) DO UPDATE SET state = excluded.state, closes_at = excluded.closes_at",
        )?
        .execute(params![round.game, round.index, round.question, json(round)?, stamp(round.closes_at)])?;
        update_game(&tx, game, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves a round's live state (a new round, or one more answer).
    pub fn save_round(&self, round: &Round) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO trivia_round (game_id, idx, question_pk, state, closes_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(game_id, idx) DO UPDATE SET state = excluded.state",
            )?
            .execute(params![round.game, round.index, round.question, json(round)?, stamp(round.closes_at)])?;
        Ok(())
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT state, message_id, result FROM trivia_round WHERE game_id = ?1 AND idx = ?2",
        )?;
        Ok(stmt
            .query_row(params![game, index], |r| {
                let result: Option<String> = r.get(2)?;
                Ok(RoundRow {
                    round: parse_json(&r.get::<_, String>(0)?)?,
                    message: r.get(1)?,
                    result: result.map(|t| parse_json(&t)).transpose()?,
                })
            })
            .optional()?)
    }

    /// Records a closed round, its scored answers and the game's new state, in one transaction:
    /// a round is scored exactly once, and never half. Returns `false`, changing nothing, if the
    /// round was already closed.
    pub fn close_round(
        &mut self,
        game: &GameRow,
        round: &Round,
        result: &RoundResult,
        now: Timestamp,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let closed = tx
            .prepare_cached(
                "UPDATE trivia_round SET state = ?3, result = ?4
                 WHERE game_id = ?1 AND idx = ?2 AND result IS NULL",
            )?
            .execute(params![
                round.game,
                round.index,
                json(round)?,
                json(result)?
            ])?;
        if closed == 0 {
            // Already closed: nothing is committed (the transaction rolls back on drop).
            return Ok(false);
        }
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
        update_game(&tx, game, now)?;
        tx.commit()?;
        Ok(true)
    }

    /// The results of a game's closed rounds, in order.
    pub fn game_results(&self, game: i64) -> Result<Vec<RoundResult>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT result FROM trivia_round WHERE game_id = ?1 AND result IS NOT NULL ORDER BY idx",
        )?;
        let rows = stmt.query_map([game], |r| parse_json(&r.get::<_, String>(0)?))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.user_id, COALESCE(m.name, 'someone'), SUM(a.points), SUM(a.correct), COUNT(*)
             FROM trivia_answer a LEFT JOIN trivia_member m ON m.user_id = a.user_id
             WHERE (?1 IS NULL OR a.guild_id = ?1) AND (?2 IS NULL OR a.answered_at >= ?2)
             GROUP BY a.user_id ORDER BY SUM(a.points) DESC, SUM(a.correct) DESC, a.user_id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![guild, since.map(stamp), limit as i64], |r| {
            Ok(Ranked {
                user: r.get(0)?,
                name: r.get(1)?,
                points: r.get(2)?,
                correct: r.get(3)?,
                answers: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A member's record, in one server or all.
    pub fn player_stats(&self, guild: Option<GuildId>, user: UserId) -> Result<PlayerStats> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT game_id, correct, points FROM trivia_answer
             WHERE user_id = ?1 AND (?2 IS NULL OR guild_id = ?2) ORDER BY game_id, idx",
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

/// Writes where a game stands, on the store's connection or inside a transaction.
fn update_game(conn: &rusqlite::Connection, game: &GameRow, now: Timestamp) -> Result<()> {
    let ended = (game.status != GameStatus::Running).then(|| stamp(now));
    conn.prepare_cached(
        "UPDATE trivia_game SET status = ?2, current = ?3, next_at = ?4, streaks = ?5,
             ended_at = COALESCE(ended_at, ?6)
         WHERE id = ?1",
    )?
    .execute(params![
        game.id,
        game.status.as_str(),
        game.current,
        game.next_at.map(stamp),
        json(&game.streaks)?,
        ended
    ])?;
    Ok(())
}

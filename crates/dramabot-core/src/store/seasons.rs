//! The store's side of a server's time zone and of trivia seasons: the one zone the daily post and
//! seasons read, each server's season settings (length, channel, reward role and what its last
//! check found), and one row per season ended.
//!
//! A season's end is claimed (its row written and committed) before its final standings are sent,
//! keyed by (server, local date of the end), so neither a restart nor a second process can post a
//! season twice. The row also carries the reward: the winner and the role, and whether the edge
//! has given it yet (`pending` until an edge takes it, once).

use jiff::Timestamp;

use super::db::{self, OptionalExtension, params};
use super::trivia::parse_stamp;
use super::{Store, stamp};
use crate::error::Result;
use crate::ids::{ChannelId, GuildId, MessageId, RoleId, UserId};
use crate::model::Ranked;

/// How long a server's trivia seasons last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeasonLength {
    /// Monday 00:00 to Monday 00:00, local time.
    Week,
    /// The 1st 00:00 to the next 1st 00:00, local time.
    Month,
    /// No seasons.
    Off,
}

impl SeasonLength {
    /// The form the store writes.
    pub fn as_str(self) -> &'static str {
        match self {
            SeasonLength::Week => "week",
            SeasonLength::Month => "month",
            SeasonLength::Off => "off",
        }
    }

    fn parse(text: &str) -> SeasonLength {
        match text {
            "week" => SeasonLength::Week,
            "month" => SeasonLength::Month,
            _ => SeasonLength::Off,
        }
    }
}

/// A server's season settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonSettings {
    pub length: SeasonLength,
    /// Where the final standings are posted.
    pub channel: Option<ChannelId>,
    /// When the current season began (seasons turned on); a later season end moves it on.
    pub started_at: Timestamp,
    /// The role the season's winner gets (and the last winner loses).
    pub reward_role: Option<RoleId>,
    /// Why the bot cannot give the reward role, as its last check found; `None` when it can (or
    /// was never checked).
    pub reward_problem: Option<String>,
    /// When the reward role was last checked.
    pub reward_checked_at: Option<Timestamp>,
}

/// What became of a season's final standings post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeasonPostStatus {
    /// Waiting for the reward role to be given, so that the post can say how that went.
    Held,
    /// Committed before sending; the outcome is not recorded yet.
    Claimed,
    Sent,
    Failed,
    /// Nobody scored: nothing was posted.
    Empty,
}

impl SeasonPostStatus {
    fn as_str(self) -> &'static str {
        match self {
            SeasonPostStatus::Held => "held",
            SeasonPostStatus::Claimed => "claimed",
            SeasonPostStatus::Sent => "sent",
            SeasonPostStatus::Failed => "failed",
            SeasonPostStatus::Empty => "empty",
        }
    }

    fn parse(text: &str) -> SeasonPostStatus {
        match text {
            "sent" => SeasonPostStatus::Sent,
            "failed" => SeasonPostStatus::Failed,
            "empty" => SeasonPostStatus::Empty,
            "held" => SeasonPostStatus::Held,
            _ => SeasonPostStatus::Claimed,
        }
    }
}

/// Where a season's reward role stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RewardStatus {
    /// To give: no edge has taken it yet.
    Pending,
    /// An edge took it to give; its outcome is not recorded yet.
    Taken,
    Done,
    Failed,
}

impl RewardStatus {
    fn as_str(self) -> &'static str {
        match self {
            RewardStatus::Pending => "pending",
            RewardStatus::Taken => "taken",
            RewardStatus::Done => "done",
            RewardStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> RewardStatus {
        match text {
            "pending" => RewardStatus::Pending,
            "taken" => RewardStatus::Taken,
            "done" => RewardStatus::Done,
            _ => RewardStatus::Failed,
        }
    }
}

/// A season ended, as its row keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonEnd {
    pub guild: GuildId,
    /// The local date the season ended on (its end is that date's midnight): the dedupe key.
    pub ends_on: String,
    pub started_at: Timestamp,
    pub ended_at: Timestamp,
    pub channel: ChannelId,
    pub status: SeasonPostStatus,
    pub message: Option<MessageId>,
    pub error: Option<String>,
    pub claimed_at: Timestamp,
    pub winner: Option<UserId>,
    pub reward_role: Option<RoleId>,
    pub reward_status: Option<RewardStatus>,
    pub reward_error: Option<String>,
}

/// A stamp column of a row, read back.
fn stamp_at(r: &db::Row<'_>, idx: usize) -> db::Result<Timestamp> {
    parse_stamp(idx, &r.get::<_, String>(idx)?)
}

const SEASON_END_COLUMNS: &str = "guild_id, ends_on, started_at, ended_at, channel_id, status,
    message_id, error, claimed_at, winner_id, reward_role_id, reward_status, reward_error";

fn season_end_row(r: &db::Row<'_>) -> db::Result<SeasonEnd> {
    Ok(SeasonEnd {
        guild: r.get(0)?,
        ends_on: r.get(1)?,
        started_at: stamp_at(r, 2)?,
        ended_at: stamp_at(r, 3)?,
        channel: r.get(4)?,
        status: SeasonPostStatus::parse(&r.get::<_, String>(5)?),
        message: r.get(6)?,
        error: r.get(7)?,
        claimed_at: stamp_at(r, 8)?,
        winner: r.get(9)?,
        reward_role: r.get(10)?,
        reward_status: r
            .get::<_, Option<String>>(11)?
            .map(|s| RewardStatus::parse(&s)),
        reward_error: r.get(12)?,
    })
}

impl Store {
    /// A server's IANA time zone, if it set one (or had a daily post before zones were per server).
    pub fn server_zone(&self, guild: GuildId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT timezone FROM server_zone WHERE guild_id = ?1")?
            .query_row([guild], |r| r.get(0))
            .optional()?)
    }

    /// Sets a server's IANA time zone.
    pub fn set_server_zone(&self, guild: GuildId, zone: &str, now: Timestamp) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO server_zone (guild_id, timezone, set_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(guild_id) DO UPDATE SET timezone = ?2, set_at = ?3",
            )?
            .execute(params![guild, zone, stamp(now)])?;
        Ok(())
    }

    /// A server's season settings, or `None` if it never set them.
    pub fn season_settings(&self, guild: GuildId) -> Result<Option<SeasonSettings>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT length, channel_id, started_at, reward_role_id, reward_problem,
                        reward_checked_at
                 FROM season_settings WHERE guild_id = ?1",
            )?
            .query_row([guild], |r| {
                Ok(SeasonSettings {
                    length: SeasonLength::parse(&r.get::<_, String>(0)?),
                    channel: r.get(1)?,
                    started_at: stamp_at(r, 2)?,
                    reward_role: r.get(3)?,
                    reward_problem: r.get(4)?,
                    reward_checked_at: r
                        .get::<_, Option<String>>(5)?
                        .map(|t| parse_stamp(5, &t))
                        .transpose()?,
                })
            })
            .optional()?;
        Ok(row)
    }

    /// Saves a server's season settings.
    pub fn save_season_settings(
        &self,
        guild: GuildId,
        s: &SeasonSettings,
        now: Timestamp,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO season_settings (guild_id, length, channel_id, started_at,
                     reward_role_id, reward_problem, reward_checked_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(guild_id) DO UPDATE SET length = ?2, channel_id = ?3,
                     started_at = ?4, reward_role_id = ?5, reward_problem = ?6,
                     reward_checked_at = ?7, updated_at = ?8",
            )?
            .execute(params![
                guild,
                s.length.as_str(),
                s.channel,
                stamp(s.started_at),
                s.reward_role,
                s.reward_problem,
                s.reward_checked_at.map(stamp),
                stamp(now),
            ])?;
        Ok(())
    }

    /// Every server whose seasons are on, for the scheduler's start.
    pub fn servers_with_seasons(&self) -> Result<Vec<GuildId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT guild_id FROM season_settings
             WHERE length <> 'off' AND channel_id IS NOT NULL ORDER BY guild_id",
        )?;
        let rows = stmt.query_map(params![], |r| r.get(0))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// The latest season a server ended, if any.
    pub fn last_season_end(&self, guild: GuildId) -> Result<Option<SeasonEnd>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {SEASON_END_COLUMNS} FROM season_end WHERE guild_id = ?1
                 ORDER BY ended_at DESC LIMIT 1"
            ))?
            .query_row([guild], season_end_row)
            .optional()?)
    }

    /// One season ended, by server and local end date.
    pub fn season_end(&self, guild: GuildId, ends_on: &str) -> Result<Option<SeasonEnd>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {SEASON_END_COLUMNS} FROM season_end WHERE guild_id = ?1 AND ends_on = ?2"
            ))?
            .query_row(params![guild, ends_on], season_end_row)
            .optional()?)
    }

    /// The latest winner given a reward role before the season ending on `ends_on`: the member and
    /// the role to take back.
    pub fn last_rewarded(&self, guild: GuildId, ends_on: &str) -> Result<Option<(UserId, RoleId)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT winner_id, reward_role_id FROM season_end
                 WHERE guild_id = ?1 AND ends_on < ?2 AND winner_id IS NOT NULL
                   AND reward_role_id IS NOT NULL AND reward_status IN ('taken', 'done')
                 ORDER BY ends_on DESC LIMIT 1",
            )?
            .query_row(params![guild, ends_on], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Claims a season's end: writes (and, outside a transaction, commits) its row before anything
    /// is sent. Returns `false` if that season was already ended.
    pub fn claim_season_end(&self, end: &SeasonEnd) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(&format!(
                "INSERT INTO season_end ({SEASON_END_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT(guild_id, ends_on) DO NOTHING"
            ))?
            .execute(params![
                end.guild,
                end.ends_on,
                stamp(end.started_at),
                stamp(end.ended_at),
                end.channel,
                end.status.as_str(),
                end.message,
                end.error,
                stamp(end.claimed_at),
                end.winner,
                end.reward_role,
                end.reward_status.map(RewardStatus::as_str),
                end.reward_error,
            ])?;
        Ok(changed == 1)
    }

    /// Releases a season's post held for its reward: it is claimed for sending at `now`. Returns
    /// `false` if it was not held (already released by another pass or process).
    pub fn release_season_post(
        &self,
        guild: GuildId,
        ends_on: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE season_end SET status = 'claimed', claimed_at = ?3
                 WHERE guild_id = ?1 AND ends_on = ?2 AND status = 'held'",
            )?
            .execute(params![guild, ends_on, stamp(now)])?;
        Ok(changed == 1)
    }

    /// Records how a season's post ended.
    pub fn finish_season_post(
        &self,
        guild: GuildId,
        ends_on: &str,
        result: std::result::Result<MessageId, &str>,
        now: Timestamp,
    ) -> Result<()> {
        let (status, message, error) = match result {
            Ok(message) => (SeasonPostStatus::Sent, Some(message), None),
            Err(error) => (SeasonPostStatus::Failed, None, Some(error)),
        };
        self.conn
            .prepare_cached(
                "UPDATE season_end SET status = ?3, message_id = ?4, error = ?5, done_at = ?6
                 WHERE guild_id = ?1 AND ends_on = ?2",
            )?
            .execute(params![
                guild,
                ends_on,
                status.as_str(),
                message,
                error,
                stamp(now)
            ])?;
        Ok(())
    }

    /// Season posts claimed at or after `since` whose outcome was never recorded (the process
    /// stopped between the claim and the send), to resend with their nonce.
    pub fn unfinished_season_posts(&self, since: Timestamp) -> Result<Vec<SeasonEnd>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SEASON_END_COLUMNS} FROM season_end
             WHERE status = 'claimed' AND claimed_at >= ?1 ORDER BY claimed_at"
        ))?;
        let rows = stmt.query_map([stamp(since)], season_end_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Marks as failed the season posts claimed before `before` and never recorded: too old to
    /// resend safely (Discord forgets a nonce after a few minutes).
    pub fn abandon_season_posts(&self, before: Timestamp, reason: &str) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE season_end SET status = 'failed', error = ?2
                 WHERE status = 'claimed' AND claimed_at < ?1",
            )?
            .execute(params![stamp(before), reason])?)
    }

    /// Takes every reward still to give, marking it taken in the same statement, so that it is
    /// given once however many processes take at once: the edges give the role and report with
    /// [`Store::finish_reward`]. The ends come back as they were before the taking (pending).
    pub fn take_rewards(&self) -> Result<Vec<SeasonEnd>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "UPDATE season_end SET reward_status = 'taken' WHERE reward_status = 'pending'
             RETURNING {SEASON_END_COLUMNS}"
        ))?;
        let mut taken = stmt
            .query_map(params![], season_end_row)?
            .collect::<db::Result<Vec<_>>>()?;
        for end in &mut taken {
            end.reward_status = Some(RewardStatus::Pending);
        }
        taken.sort_by(|a, b| (a.guild, &a.ends_on).cmp(&(b.guild, &b.ends_on)));
        Ok(taken)
    }

    /// Records how giving a season's reward role ended.
    pub fn finish_reward(
        &self,
        guild: GuildId,
        ends_on: &str,
        result: std::result::Result<(), &str>,
    ) -> Result<()> {
        let (status, error) = match result {
            Ok(()) => (RewardStatus::Done, None),
            Err(error) => (RewardStatus::Failed, Some(error)),
        };
        self.conn
            .prepare_cached(
                "UPDATE season_end SET reward_status = ?3, reward_error = ?4
                 WHERE guild_id = ?1 AND ends_on = ?2",
            )?
            .execute(params![guild, ends_on, status.as_str(), error])?;
        Ok(())
    }

    /// The best players of one server (or all) by points scored from `since` (inclusive) until
    /// `until` (exclusive), either end open when `None`.
    pub fn leaderboard_between(
        &self,
        guild: Option<GuildId>,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
        limit: usize,
    ) -> Result<Vec<Ranked>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.user_id, COALESCE(max(m.name), 'someone'), CAST(SUM(a.points) AS BIGINT),
                    CAST(SUM(a.correct) AS BIGINT), COUNT(*)
             FROM trivia_answer a LEFT JOIN trivia_member m ON m.user_id = a.user_id
             WHERE (CAST(?1 AS BIGINT) IS NULL OR a.guild_id = ?1)
               AND (CAST(?2 AS TEXT) IS NULL OR a.answered_at >= ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR a.answered_at < ?3)
             GROUP BY a.user_id ORDER BY SUM(a.points) DESC, SUM(a.correct) DESC, a.user_id LIMIT ?4",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![guild, since.map(stamp), until.map(stamp), limit],
            |r| {
                Ok(Ranked {
                    user: r.get(0)?,
                    name: r.get(1)?,
                    points: r.get(2)?,
                    correct: r.get(3)?,
                    answers: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<db::Result<_>>()?)
    }
}

/// Writes one scored answer (and its game), as a finished game would: for tests that need points
/// at given instants without playing a game (the `test-support` feature).
#[cfg(any(test, feature = "test-support"))]
pub fn scored_for_tests(
    store: &Store,
    guild: GuildId,
    user: UserId,
    name: &str,
    points: i64,
    at: Timestamp,
) -> Result<()> {
    static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_000);
    let game = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    store.conn.execute(
        "INSERT INTO trivia_game (id, guild_id, channel_id, starter_id, status, questions,
             time_limit_secs, allow_changes, started_at)
         VALUES (?1, ?2, 1, ?3, 'finished', '[]', 20, 0, ?4)",
        params![game, guild, user, stamp(at)],
    )?;
    store.conn.execute(
        "INSERT INTO trivia_answer (game_id, idx, guild_id, user_id, correct, points, answered_at)
         VALUES (?1, 0, ?2, ?3, 1, ?4, ?5)",
        params![game, guild, user, points, stamp(at)],
    )?;
    store.remember_member(user, name)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn a_servers_zone_round_trips_and_migrates_from_its_daily_post() {
        let store = Store::for_tests();
        assert_eq!(store.server_zone(GuildId(7)).expect("read"), None);
        store
            .set_server_zone(GuildId(7), "Asia/Seoul", ts("2026-03-01T00:00:00Z"))
            .expect("set");
        store
            .set_server_zone(GuildId(7), "Europe/London", ts("2026-03-02T00:00:00Z"))
            .expect("set again");
        assert_eq!(
            store.server_zone(GuildId(7)).expect("read").as_deref(),
            Some("Europe/London")
        );

        // A database of the previous version: its daily post's zone becomes the server's zone.
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        let migrations = super::super::migrations::MIGRATIONS;
        // Later migrations come after it: split at the one that made the server's zone.
        let zone_migration = migrations
            .iter()
            .position(|m| m.contains("CREATE TABLE server_zone"))
            .expect("the zone's migration");
        let (old, new) = migrations.split_at(zone_migration);
        for sql in old {
            conn.execute_batch(sql).expect("old migration");
        }
        conn.execute(
            "INSERT INTO qotd_settings (guild_id, timezone, updated_at)
             VALUES (9, 'America/New_York', '2026-01-01T00:00:00.000Z')",
            [],
        )
        .expect("old settings");
        conn.execute_batch(new[0]).expect("this migration");
        let zone: String = conn
            .query_row(
                "SELECT timezone FROM server_zone WHERE guild_id = 9",
                [],
                |r| r.get(0),
            )
            .expect("migrated");
        assert_eq!(zone, "America/New_York");
    }

    fn settings() -> SeasonSettings {
        SeasonSettings {
            length: SeasonLength::Week,
            channel: Some(ChannelId(5)),
            started_at: ts("2026-03-01T00:00:00Z"),
            reward_role: Some(RoleId(99)),
            reward_problem: Some("the bot lacks Manage Roles".into()),
            reward_checked_at: Some(ts("2026-03-01T00:00:01Z")),
        }
    }

    #[test]
    fn season_settings_round_trip_and_list_the_servers_with_seasons() {
        let store = Store::for_tests();
        assert_eq!(store.season_settings(GuildId(1)).expect("read"), None);
        let mut s = settings();
        store
            .save_season_settings(GuildId(1), &s, ts("2026-03-01T00:00:00Z"))
            .expect("save");
        assert_eq!(
            store.season_settings(GuildId(1)).expect("read"),
            Some(s.clone())
        );
        assert_eq!(store.servers_with_seasons().expect("on"), vec![GuildId(1)]);
        s.length = SeasonLength::Off;
        store
            .save_season_settings(GuildId(1), &s, ts("2026-03-02T00:00:00Z"))
            .expect("save");
        assert!(store.servers_with_seasons().expect("on").is_empty());
    }

    fn end(ends_on: &str, winner: Option<u64>, reward: Option<RewardStatus>) -> SeasonEnd {
        SeasonEnd {
            guild: GuildId(1),
            ends_on: ends_on.into(),
            started_at: ts("2026-03-01T00:00:00Z"),
            ended_at: ts(&format!("{ends_on}T00:00:00Z")),
            channel: ChannelId(5),
            status: SeasonPostStatus::Claimed,
            message: None,
            error: None,
            claimed_at: ts(&format!("{ends_on}T00:00:00Z")),
            winner: winner.map(UserId),
            reward_role: winner.map(|_| RoleId(99)),
            reward_status: reward,
            reward_error: None,
        }
    }

    /// Two processes ending one season at once, then taking its reward at once: one ends it and
    /// one gives the role.
    #[test]
    fn two_processes_end_a_season_and_take_its_reward_once() {
        let ends_on = |round: u64| format!("2027-{:02}-{:02}", round / 28 + 1, round % 28 + 1);
        crate::store::race(
            40,
            |_, _| {},
            |store, round| {
                let claimed = store
                    .claim_season_end(&end(&ends_on(round), Some(3), Some(RewardStatus::Pending)))
                    .expect("claim");
                usize::from(claimed)
            },
        );
        crate::store::race(
            40,
            |store, round| {
                store
                    .claim_season_end(&end(&ends_on(round), Some(3), Some(RewardStatus::Pending)))
                    .expect("claim");
            },
            |store, _| store.take_rewards().expect("take").len(),
        );
    }

    #[test]
    fn a_season_ends_once_and_its_post_and_reward_are_recorded() {
        let store = Store::for_tests();
        let first = end("2026-03-09", Some(3), Some(RewardStatus::Pending));
        assert!(store.claim_season_end(&first).expect("claim"));
        assert!(
            !store.claim_season_end(&first).expect("again"),
            "claimed once"
        );
        assert_eq!(
            store.last_season_end(GuildId(1)).expect("last"),
            Some(first.clone())
        );
        assert_eq!(
            store
                .unfinished_season_posts(ts("2026-03-08T23:59:00Z"))
                .expect("unfinished"),
            vec![first.clone()]
        );
        store
            .finish_season_post(
                GuildId(1),
                "2026-03-09",
                Ok(MessageId(12)),
                ts("2026-03-09T00:00:01Z"),
            )
            .expect("sent");
        assert!(
            store
                .unfinished_season_posts(ts("2026-03-08T23:59:00Z"))
                .expect("unfinished")
                .is_empty()
        );
        // The reward is taken once.
        let taken = store.take_rewards().expect("take");
        assert_eq!(taken.len(), 1);
        assert!(store.take_rewards().expect("again").is_empty());
        assert_eq!(
            store.last_rewarded(GuildId(1), "2026-03-16").expect("last"),
            Some((UserId(3), RoleId(99)))
        );
        store
            .finish_reward(GuildId(1), "2026-03-09", Err("no Manage Roles"))
            .expect("failed");
        let read = store
            .season_end(GuildId(1), "2026-03-09")
            .expect("read")
            .expect("row");
        assert_eq!(read.status, SeasonPostStatus::Sent);
        assert_eq!(read.message, Some(MessageId(12)));
        assert_eq!(read.reward_status, Some(RewardStatus::Failed));
        assert_eq!(read.reward_error.as_deref(), Some("no Manage Roles"));
        // A failed reward was never given: there is nothing to take back.
        assert_eq!(
            store.last_rewarded(GuildId(1), "2026-03-16").expect("last"),
            None
        );

        // A held post is released once.
        let held = SeasonEnd {
            status: SeasonPostStatus::Held,
            ..end("2026-03-23", None, None)
        };
        assert!(store.claim_season_end(&held).expect("claim"));
        let later = ts("2026-03-23T00:00:10Z");
        assert!(
            store
                .release_season_post(GuildId(1), "2026-03-23", later)
                .expect("release")
        );
        assert!(
            !store
                .release_season_post(GuildId(1), "2026-03-23", later)
                .expect("again")
        );
        let read = store
            .season_end(GuildId(1), "2026-03-23")
            .expect("read")
            .expect("row");
        assert_eq!(
            (read.status, read.claimed_at),
            (SeasonPostStatus::Claimed, later)
        );
        store
            .finish_season_post(GuildId(1), "2026-03-23", Ok(MessageId(13)), later)
            .expect("sent");

        // A claim too old to resend is marked failed.
        let second = end("2026-03-16", None, None);
        assert!(store.claim_season_end(&second).expect("claim"));
        assert_eq!(
            store
                .abandon_season_posts(ts("2026-03-17T00:00:00Z"), "the bot stopped")
                .expect("abandon"),
            1
        );
        let read = store
            .season_end(GuildId(1), "2026-03-16")
            .expect("read")
            .expect("row");
        assert_eq!(read.status, SeasonPostStatus::Failed);
        assert_eq!(read.error.as_deref(), Some("the bot stopped"));
    }

    #[test]
    fn the_leaderboard_between_two_instants_counts_only_those_answers() {
        let store = Store::for_tests();
        let g = GuildId(1);
        scored_for_tests(&store, g, UserId(1), "Ann", 30, ts("2026-03-01T10:00:00Z")).expect("a");
        scored_for_tests(&store, g, UserId(2), "Bo", 20, ts("2026-03-05T10:00:00Z")).expect("b");
        scored_for_tests(&store, g, UserId(2), "Bo", 20, ts("2026-03-09T00:00:00Z")).expect("c");
        scored_for_tests(
            &store,
            GuildId(2),
            UserId(3),
            "Cy",
            99,
            ts("2026-03-05T10:00:00Z"),
        )
        .expect("d");
        let names = |since: Option<&str>, until: Option<&str>| -> Vec<(String, i64)> {
            store
                .leaderboard_between(Some(g), since.map(ts), until.map(ts), 10)
                .expect("board")
                .into_iter()
                .map(|r| (r.name, r.points))
                .collect()
        };
        assert_eq!(
            names(None, None),
            vec![("Bo".to_string(), 40), ("Ann".to_string(), 30)]
        );
        // The end is exclusive: an answer at the boundary belongs to the next season.
        assert_eq!(
            names(Some("2026-03-02T00:00:00Z"), Some("2026-03-09T00:00:00Z")),
            vec![("Bo".to_string(), 20)]
        );
        assert_eq!(
            names(Some("2026-03-09T00:00:00Z"), None),
            vec![("Bo".to_string(), 20)]
        );
    }
}

//! The store's side of quotes: the quotes themselves, each server's quote of the day, its daily-post
//! settings, and the claims that keep the daily post from ever doubling.

use jiff::Timestamp;

use super::db::{self, OptionalExtension, params};
use super::{Store, citation_at, in_scope, korean_texts, split_aliases, stamp};
use crate::error::Result;
use crate::ids::{GuildId, MessageId};
use crate::model::{PostRecord, PostStatus, QotdSettings, QuoteRecord, Scope};

/// The columns of `qotd_settings` that [`qotd_row`] reads, after `guild_id`.
/// The zone is the server's (`server_zone`), which the daily post shares with seasons; the
/// column of `qotd_settings` is read only where a server has none.
const QOTD_COLUMNS: &str = "q.channel_id, q.post_time, COALESCE(z.timezone, q.timezone), q.enabled,
    q.skip_date, q.last_error, q.last_error_at, q.schedule_changed_at";

/// The tables [`QOTD_COLUMNS`] reads.
const QOTD_FROM: &str = "qotd_settings q LEFT JOIN server_zone z ON z.guild_id = q.guild_id";

/// A `SELECT guild_id, {QOTD_COLUMNS}` row.
fn qotd_row(r: &db::Row<'_>) -> db::Result<(GuildId, QotdSettings)> {
    Ok((
        r.get(0)?,
        QotdSettings {
            channel: r.get(1)?,
            time: r.get(2)?,
            timezone: r.get(3)?,
            enabled: r.get(4)?,
            skip_date: r.get(5)?,
            last_error: r.get(6)?,
            last_error_at: r.get(7)?,
            schedule_changed_at: r.get(8)?,
        },
    ))
}

const QUOTE_COLUMNS: &str =
    "q.pk, q.slug, q.pack, q.text, COALESCE(p.name, c.name), q.kind, q.context,
    q.episode, s.outlet, s.title, s.date, s.url,
    COALESCE(p.name_ko, c.name_ko),
    (SELECT group_concat(a.text, char(31)) FROM alias a
      WHERE a.person_pk = q.speaker_person_pk OR a.character_pk = q.speaker_character_pk),
    COALESCE('person:' || p.slug, 'character:' || c.pack || '/' || c.slug),
    q.data";

const QUOTE_JOINS: &str = "FROM quote q
    JOIN source s ON s.pk = q.source_pk
    LEFT JOIN person p ON p.pk = q.speaker_person_pk
    LEFT JOIN character c ON c.pk = q.speaker_character_pk";

fn quote_row(r: &db::Row<'_>) -> db::Result<QuoteRecord> {
    let korean = korean_texts(r, 15)?;
    let speaker: String = r.get(4)?;
    let mut speaker_names = vec![speaker.clone(), r.get(12)?];
    speaker_names.extend(split_aliases(r.get(13)?));
    Ok(QuoteRecord {
        pk: r.get(0)?,
        slug: r.get(1)?,
        pack: r.get(2)?,
        text: r.get(3)?,
        speaker,
        speaker_names,
        speaker_key: r.get(14)?,
        kind: r.get(5)?,
        context: r.get(6)?,
        text_ko: korean.text_ko,
        context_ko: korean.context_ko,
        episode: r.get(7)?,
        citation: citation_at(r, 8)?,
    })
}

fn post_row(r: &db::Row<'_>) -> db::Result<PostRecord> {
    Ok(PostRecord {
        local_date: r.get(0)?,
        status: PostStatus::parse(&r.get::<_, String>(1)?),
        quote_pk: r.get(2)?,
        message: r.get(3)?,
        error: r.get(4)?,
        claimed_at: r.get(5)?,
        done_at: r.get(6)?,
    })
}

impl Store {
    /// Every current quote in `scope`, in pack order.
    pub fn quotes(&self, scope: Scope<'_>) -> Result<Vec<QuoteRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS} {QUOTE_JOINS}
             WHERE q.retired = 0 AND {} ORDER BY q.pack, q.pk",
            in_scope("q")
        ))?;
        let rows = stmt.query_map(params![scope.guild, scope.drama], quote_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Every current quote in `scope` as its key and the episode it reveals, in the order of
    /// [`Store::quotes`]: enough to choose one at random and read only that one.
    pub fn quote_episodes(&self, scope: Scope<'_>) -> Result<Vec<(i64, Option<i64>)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.pk, q.episode FROM quote q
             WHERE q.retired = 0 AND {} ORDER BY q.pack, q.pk",
            in_scope("q")
        ))?;
        let rows = stmt.query_map(params![scope.guild, scope.drama], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// One quote by its key, even if retired since (a posted quote stays quotable in history).
    pub fn quote(&self, pk: i64) -> Result<Option<QuoteRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {QUOTE_COLUMNS} {QUOTE_JOINS} WHERE q.pk = ?1"
        ))?;
        Ok(stmt.query_row([pk], quote_row).optional()?)
    }

    /// The quote of the day already chosen for a server and local date.
    pub fn quote_of_day(&self, guild: GuildId, date: &str) -> Result<Option<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT quote_pk FROM quote_of_day WHERE guild_id = ?1 AND local_date = ?2",
        )?;
        Ok(stmt
            .query_row(params![guild, date], |r| r.get(0))
            .optional()?)
    }

    /// The server's current cycle and the quotes already used in it.
    pub fn quote_cycle(&self, guild: GuildId) -> Result<(i64, Vec<i64>)> {
        let cycle: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(cycle), 1) FROM quote_of_day WHERE guild_id = ?1")?
            .query_row([guild], |r| r.get(0))?;
        let used = self
            .conn
            .prepare_cached("SELECT quote_pk FROM quote_of_day WHERE guild_id = ?1 AND cycle = ?2")?
            .query_map(params![guild, cycle], |r| r.get(0))?
            .collect::<db::Result<_>>()?;
        Ok((cycle, used))
    }

    /// Records the quote of the day for a server and local date, unless one is already recorded;
    /// returns the one that stands (so two racing choices agree).
    pub fn choose_quote_of_day(
        &self,
        guild: GuildId,
        date: &str,
        pk: i64,
        cycle: i64,
    ) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO quote_of_day (guild_id, local_date, quote_pk, cycle) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(guild_id, local_date) DO NOTHING",
            )?
            .execute(params![guild, date, pk, cycle])?;
        Ok(self.quote_of_day(guild, date)?.unwrap_or(pk))
    }

    /// A server's daily-post settings, or `None` if it never set them.
    pub fn qotd_settings(&self, guild: GuildId) -> Result<Option<QotdSettings>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.guild_id, {QOTD_COLUMNS} FROM {QOTD_FROM} WHERE q.guild_id = ?1"
        ))?;
        Ok(stmt
            .query_row([guild], |r| qotd_row(r).map(|(_, s)| s))
            .optional()?)
    }

    /// Saves a server's daily-post settings.
    pub fn save_qotd_settings(
        &self,
        guild: GuildId,
        s: &QotdSettings,
        now: Timestamp,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO qotd_settings (guild_id, channel_id, post_time, timezone, enabled, skip_date,
                                            last_error, last_error_at, updated_at, schedule_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id,
                     post_time = excluded.post_time, timezone = excluded.timezone,
                     enabled = excluded.enabled, skip_date = excluded.skip_date,
                     last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                     updated_at = excluded.updated_at,
                     schedule_changed_at = excluded.schedule_changed_at",
            )?
            .execute(params![
                guild,
                s.channel,
                s.time,
                s.timezone,
                s.enabled,
                s.skip_date,
                s.last_error,
                s.last_error_at,
                stamp(now),
                s.schedule_changed_at,
            ])?;
        Ok(())
    }

    /// Every server whose daily post is on, for the scheduler's start.
    pub fn enabled_qotd(&self) -> Result<Vec<(GuildId, QotdSettings)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.guild_id, {QOTD_COLUMNS} FROM {QOTD_FROM}
             WHERE q.enabled = 1 AND q.channel_id IS NOT NULL ORDER BY q.guild_id"
        ))?;
        let rows = stmt.query_map(params![], qotd_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Claims a server's post for a local date: writes (and, outside a transaction, commits) the
    /// claim before anything is sent. Returns `false` if the date was already dealt with.
    pub fn claim_post(
        &self,
        guild: GuildId,
        date: &str,
        status: PostStatus,
        quote: Option<i64>,
        now: Timestamp,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "INSERT INTO qotd_post (guild_id, local_date, status, quote_pk, claimed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(guild_id, local_date) DO NOTHING",
            )?
            .execute(params![guild, date, status.as_str(), quote, stamp(now)])?;
        Ok(changed == 1)
    }

    /// Records how a claimed post ended.
    pub fn finish_post(
        &self,
        guild: GuildId,
        date: &str,
        status: PostStatus,
        message: Option<MessageId>,
        error: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE qotd_post SET status = ?3, message_id = ?4, error = ?5, done_at = ?6
                 WHERE guild_id = ?1 AND local_date = ?2",
            )?
            .execute(params![
                guild,
                date,
                status.as_str(),
                message,
                error,
                stamp(now)
            ])?;
        Ok(())
    }

    /// The record of one day's post.
    pub fn post_record(&self, guild: GuildId, date: &str) -> Result<Option<PostRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, status, quote_pk, message_id, error, claimed_at, done_at
             FROM qotd_post WHERE guild_id = ?1 AND local_date = ?2",
        )?;
        Ok(stmt.query_row(params![guild, date], post_row).optional()?)
    }

    /// What the scheduler must know of a server's past posts: the latest local date dealt with (in
    /// any way), and when the latest post was claimed.
    pub fn post_ledger(&self, guild: GuildId) -> Result<(Option<String>, Option<String>)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT MAX(local_date),
                    MAX(CASE WHEN status IN ('claimed', 'sent', 'failed') THEN claimed_at END)
             FROM qotd_post WHERE guild_id = ?1",
        )?;
        Ok(stmt.query_row([guild], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// A server's latest post claimed but never recorded as sent or failed (a crash between the
    /// claim and the send, or a send still on its way): its date, its quote and when it was claimed.
    pub fn unfinished_post(
        &self,
        guild: GuildId,
    ) -> Result<Option<(String, Option<i64>, Timestamp)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, quote_pk, claimed_at FROM qotd_post
             WHERE guild_id = ?1 AND status = 'claimed' ORDER BY local_date DESC LIMIT 1",
        )?;
        let row = stmt
            .query_row([guild], |r| {
                let at: String = r.get(2)?;
                Ok((r.get(0)?, r.get(1)?, super::trivia::parse_stamp(2, &at)?))
            })
            .optional()?;
        Ok(row)
    }

    /// The latest day the daily post dealt with (sent, failed, missed or skipped).
    pub fn last_post_record(&self, guild: GuildId) -> Result<Option<PostRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, status, quote_pk, message_id, error, claimed_at, done_at
             FROM qotd_post WHERE guild_id = ?1 ORDER BY local_date DESC LIMIT 1",
        )?;
        Ok(stmt.query_row([guild], post_row).optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two processes claiming one server's post for one day at once: one of them posts.
    #[test]
    fn two_processes_claiming_one_post_never_both_get_it() {
        let now: Timestamp = "2026-03-01T08:00:00Z".parse().expect("a time");
        crate::store::race(
            60,
            |_, _| {},
            |store, round| {
                let date = format!("2026-03-{:02}", round % 28 + 1);
                let guild = GuildId(round / 28 + 1);
                usize::from(
                    store
                        .claim_post(guild, &date, PostStatus::Claimed, None, now)
                        .expect("claim"),
                )
            },
        );
    }
    use crate::ids::ChannelId;
    use crate::store::tests::store_with_sample;

    const GUILD: GuildId = GuildId(42);

    #[test]
    fn quotes_carry_speaker_names_and_citation() {
        let store = store_with_sample();
        let quotes = store.quotes(Scope::default()).expect("quotes");
        assert_eq!(quotes.len(), 1);
        let q = &quotes[0];
        assert_eq!(q.speaker, "Baek Kang-hyuk");
        assert!(q.speaker_names.contains(&"백강혁".to_string()));
        assert!(q.speaker_names.contains(&"Baek Kang Hyuk".to_string()));
        assert_eq!(q.citation.outlet, "Some Outlet");
        assert_eq!(store.quote(q.pk).expect("one quote").as_ref(), Some(q));
        assert_eq!(store.quote(-1).expect("no quote"), None);
    }

    #[test]
    fn the_first_choice_of_the_day_stands() {
        let store = store_with_sample();
        let pk = store.quotes(Scope::default()).expect("quotes")[0].pk;
        assert_eq!(store.quote_of_day(GUILD, "2026-11-22").expect("read"), None);
        assert_eq!(
            store
                .choose_quote_of_day(GUILD, "2026-11-22", pk, 1)
                .expect("choose"),
            pk
        );
        assert_eq!(
            store
                .choose_quote_of_day(GUILD, "2026-11-22", pk + 100, 1)
                .expect("again"),
            pk
        );
        assert_eq!(store.quote_cycle(GUILD).expect("cycle"), (1, vec![pk]));
        assert_eq!(store.quote_cycle(GuildId(7)).expect("cycle"), (1, vec![]));
    }

    #[test]
    fn qotd_settings_round_trip() {
        let store = store_with_sample();
        assert_eq!(store.qotd_settings(GUILD).expect("read"), None);
        let settings = QotdSettings {
            channel: Some(ChannelId(5)),
            time: "21:30".into(),
            timezone: "Asia/Seoul".into(),
            enabled: true,
            schedule_changed_at: Some("2025-06-10T01:00:00.000Z".into()),
            ..QotdSettings::default()
        };
        store
            .save_qotd_settings(GUILD, &settings, Timestamp::UNIX_EPOCH)
            .expect("save");
        assert_eq!(
            store.qotd_settings(GUILD).expect("read"),
            Some(settings.clone())
        );
        assert_eq!(
            store.enabled_qotd().expect("enabled"),
            vec![(GUILD, settings)]
        );
    }

    #[test]
    fn a_day_is_claimed_once() {
        let store = store_with_sample();
        let now = Timestamp::UNIX_EPOCH;
        assert!(
            store
                .claim_post(GUILD, "2026-11-22", PostStatus::Claimed, None, now)
                .expect("claim")
        );
        assert!(
            !store
                .claim_post(GUILD, "2026-11-22", PostStatus::Claimed, None, now)
                .expect("again")
        );
        store
            .finish_post(
                GUILD,
                "2026-11-22",
                PostStatus::Sent,
                Some(MessageId(9)),
                None,
                now,
            )
            .expect("finish");
        let record = store
            .post_record(GUILD, "2026-11-22")
            .expect("read")
            .expect("a record");
        assert_eq!(
            (record.status, record.message),
            (PostStatus::Sent, Some(MessageId(9)))
        );
        assert!(
            store
                .claim_post(GUILD, "2026-11-23", PostStatus::Missed, None, now)
                .expect("claim")
        );
        assert_eq!(
            store
                .last_post_record(GUILD)
                .expect("read")
                .map(|r| r.local_date),
            Some("2026-11-23".to_string())
        );
    }
}

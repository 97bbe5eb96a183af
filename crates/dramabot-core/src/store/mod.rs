//! The fact store: the one place that runs SQL.
//!
//! A `Store` owns one connection, to a SQLite file (the default) or to PostgreSQL (`database.url`),
//! through `db.rs`, which gives both one rusqlite-shaped interface: the queries are written once.
//! Opening a SQLite file applies the embedded migrations (see `migrations.rs`) in one transaction and
//! sets the pragmas every connection needs: WAL (readers never wait for the writer), foreign keys,
//! and a busy timeout so a second process waits instead of failing; PostgreSQL has its own list of
//! the same versions (`migrations_pg.rs`), applied under a database lock.
//! Queries return domain types, "not found" is an `Option`, and every statement goes through
//! `prepare_cached`. The store is synchronous; async callers run it on a blocking thread and never hold
//! it across an `.await`. Beside the one writer, [`Store::open_another_reader`] opens read-only
//! connections to the same database, so that reads run side by side (the router keeps a few:
//! `App::reader`).

mod bank;
mod cast;
mod changes;
pub(crate) mod db;
mod due;
mod exchange;
mod hints;
mod identify;
mod import;
mod language;
mod migrations;
#[cfg(feature = "postgres")]
mod migrations_pg;
#[cfg(feature = "postgres")]
mod pg;
mod quotes;
mod seasons;
mod submissions;
mod trivia;
mod trivia_modes;

use std::collections::HashMap;
use std::time::Duration;

use db::{Connection, OptionalExtension, params};
use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::ids::GuildId;
use crate::model::{
    Citation, FactRecord, GuildSettings, PackSummary, Scope, SourceSummary, SpoilerMode,
};

pub use bank::{ListChange, bank_id};
pub use changes::ChangeCounter;
pub use due::Job;
pub use exchange::ExportRow;
pub use import::{ImportReport, PackChange};
#[cfg(any(test, feature = "test-support"))]
pub use seasons::scored_for_tests;
pub use seasons::{RewardStatus, SeasonEnd, SeasonLength, SeasonPostStatus, SeasonSettings};
pub use submissions::{
    Decision, MAX_PENDING, NewSubmission, QueueCount, Refused, Submission, SubmissionKind,
    SubmissionState, SubmittedSource,
};
pub use trivia::{Closing, RoundRow, TriviaPool};

/// The fact store, on SQLite or PostgreSQL.
pub struct Store {
    conn: Connection,
    /// This process's name in the leases it takes on due work (`store/due.rs`): random, made when
    /// the store opens, so that every process of a fleet (and every test's "process") is told apart.
    process: String,
    /// The PostgreSQL pool this store's connection came from, which its readers share.
    #[cfg(feature = "postgres")]
    pool: Option<std::sync::Arc<PgShared>>,
}

/// What the stores on one PostgreSQL database share: the pool, and the throwaway schema a test
/// store lives in (dropped with the last store on it).
#[cfg(feature = "postgres")]
struct PgShared {
    pool: pg::Pool,
    scratch: Option<String>,
}

#[cfg(feature = "postgres")]
impl Drop for PgShared {
    fn drop(&mut self) {
        if let Some(schema) = &self.scratch
            && let Ok(mut client) = self.pool.get()
        {
            // A schema left behind is only clutter in a test database: nothing to do on failure.
            // The connection may have been a reader's, read-only for its session.
            let _ = client.batch_execute(&format!(
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;
                 DROP SCHEMA {schema} CASCADE"
            ));
        }
    }
}

/// A store used without the router (`dramabot import` beside a running bot, a test's second
/// process) says at its close that it changed the file, so that running processes read again what
/// they kept about servers (`store/changes.rs`); the router's stores say so after each change.
impl Drop for Store {
    fn drop(&mut self) {
        if self.conn.total_changes() == 0 {
            return;
        }
        if let Some(path) = self.path() {
            match ChangeCounter::beside(std::path::Path::new(path)) {
                Ok(changes) => changes.bump(),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot mark the database changed for other processes")
                }
            }
        }
    }
}

/// How many connections a process keeps to PostgreSQL at most: the writer and the readers
/// (`App::reader`, at most eight).
#[cfg(feature = "postgres")]
const PG_POOL_SIZE: u32 = 10;

/// A timestamp as the store writes it: fixed width (milliseconds, UTC), so that text order is time
/// order in SQL comparisons.
pub(crate) fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The citation in the four columns `outlet, title, date, url` of `source` starting at `first`:
/// every item's source is read by this one mapping.
pub(crate) fn citation_at(r: &db::Row<'_>, first: usize) -> db::Result<Citation> {
    Ok(Citation {
        outlet: r.get(first)?,
        title: r.get(first + 1)?,
        date: r.get(first + 2)?,
        url: r.get(first + 3)?,
    })
}

/// The condition that the item row aliased `x` (a fact, quote or question) is in the [`Scope`]
/// bound as `?1` (the server) and `?2` (the drama): every read that serves members goes through it,
/// so a server sees the file packs and its own bank, never another server's, less the lists it
/// turned off. A bank item names its drama in `drama`; a file pack's item is of its pack's drama.
pub(crate) fn in_scope(x: &str) -> String {
    format!(
        "{x}.pack IN ({SCOPE_LISTS})
         AND (CAST(?2 AS TEXT) IS NULL OR COALESCE({x}.drama, {x}.pack) = ?2)"
    )
}

/// The condition that the fact row aliased `f` is about the subject key bound as `?3` (the key as
/// [`Store::facts`] builds `about_keys`), is the fact bound as `?4` and is in the list bound as `?5`,
/// each unless NULL.
const FACT_FILTER: &str = "(CAST(?5 AS TEXT) IS NULL OR f.pack = ?5)
    AND (CAST(?4 AS BIGINT) IS NULL OR f.pk = ?4)
    AND (CAST(?3 AS TEXT) IS NULL OR f.pk IN (
    SELECT ka.fact_pk FROM fact_about ka
    LEFT JOIN person kp ON kp.pk = ka.person_pk
    LEFT JOIN character kc ON kc.pk = ka.character_pk
    WHERE COALESCE('person:' || kp.slug, 'character:' || kc.pack || '/' || kc.slug,
                   'drama:' || ka.drama) = ?3))";

/// The ids (column `id`) of the lists the server bound as `?1` plays: [`in_scope`]'s rule for
/// lists, on its own for a read that goes list by list.
pub(crate) const SCOPE_LISTS: &str = "SELECT l.id FROM pack l WHERE l.retired = 0
             AND (l.guild_id IS NULL OR l.guild_id = ?1)
             AND NOT EXISTS (SELECT 1 FROM list_off o WHERE o.guild_id = ?1 AND o.pack = l.id)";

/// The Korean texts of an item, which it keeps only in its canonical JSON (`data`): read here
/// rather than with SQL's JSON functions, which SQLite and PostgreSQL spell differently.
#[derive(serde::Deserialize, Default)]
pub(crate) struct KoreanTexts {
    pub text_ko: Option<String>,
    pub context_ko: Option<String>,
}

/// The [`KoreanTexts`] of the item whose `data` is column `idx`.
pub(crate) fn korean_texts(r: &db::Row<'_>, idx: usize) -> db::Result<KoreanTexts> {
    let data: String = r.get(idx)?;
    serde_json::from_str(&data).map_err(|e| db::Error::conversion(idx, e))
}

/// Names a person or character goes by besides its own, as `group_concat(.., char(31))` gives them.
pub(crate) fn split_aliases(text: Option<String>) -> Vec<String> {
    text.map(|t| t.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

/// A fact as [`Store::keyed_facts`] reads it: with its primary key (its order within its pack)
/// and the drama it is of (a bank fact names it; a file pack's fact is of its pack).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedFact {
    pub pk: i64,
    pub drama: String,
    pub fact: FactRecord,
}

/// What a fact is about: a display name, every name it goes by, and its stable key.
struct Subject {
    display: String,
    names: Vec<String>,
    key: String,
}

/// Runs `work` again while SQLite says the database is busy, for up to five seconds (the busy
/// timeout the connection waits elsewhere).
fn when_not_busy<T>(mut work: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match work() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            done => return done,
        }
    }
}

/// A name for this process in the leases it takes: 64 random bits, as hex.
fn new_process_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// Whether `database` names a PostgreSQL database (a URL) rather than a SQLite file.
pub fn is_database_url(database: &str) -> bool {
    database.starts_with("postgres://") || database.starts_with("postgresql://")
}

/// The version in PostgreSQL's version table (0 when it has no row).
#[cfg(feature = "postgres")]
fn pg_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT CAST(COALESCE(max(version), 0) AS BIGINT) FROM dramabot_schema",
        params![],
        |r| r.get(0),
    )?)
}

/// Two stores on one database, as two processes of a fleet: on the test database's fresh schema
/// when `DRAMABOT_TEST_DATABASE_URL` is set, else on a SQLite file in a folder that lives as long
/// as the returned guard.
#[cfg(test)]
#[allow(
    clippy::expect_used,
    reason = "test support: a failure is a failing test"
)]
pub(crate) fn two_processes() -> (Store, Store, Option<tempfile::TempDir>) {
    let first = Store::for_tests();
    if let Some(second) = first.open_another_process().expect("another process") {
        return (first, second, None);
    }
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("fleet.db");
    let path = path.to_str().expect("a UTF-8 path");
    let first = Store::open(path).expect("the first process");
    let second = Store::open(path).expect("the second process");
    (first, second, Some(dir))
}

/// Two processes doing the same step at once, `rounds` times: before each round `prepare` sets it
/// up on the first, then both run `act` (the round's number given) from two threads at the same
/// moment, and each says how many times it succeeded. Fails unless exactly one success is had in
/// every round. Returns the first process's store, for a last look.
#[cfg(test)]
#[allow(
    clippy::expect_used,
    reason = "test support: a failure is a failing test"
)]
pub(crate) fn race(
    rounds: u64,
    prepare: impl Fn(&mut Store, u64) + Sync,
    act: impl Fn(&mut Store, u64) -> usize + Sync,
) -> Store {
    let (mut one, mut two, _dir) = two_processes();
    let start = std::sync::Barrier::new(2);
    let (prepare, act, start) = (&prepare, &act, &start);
    let (one, wins) = std::thread::scope(|s| {
        let first = s.spawn(move || {
            let mut wins = Vec::new();
            for round in 0..rounds {
                prepare(&mut one, round);
                start.wait();
                wins.push(act(&mut one, round));
                start.wait();
            }
            (one, wins)
        });
        let second = s.spawn(move || {
            let mut wins = Vec::new();
            for round in 0..rounds {
                start.wait();
                wins.push(act(&mut two, round));
                start.wait();
            }
            wins
        });
        let (one, a) = first.join().expect("the first process");
        let b = second.join().expect("the second process");
        (one, a.into_iter().zip(b).collect::<Vec<_>>())
    });
    for (round, (a, b)) in wins.iter().enumerate() {
        assert_eq!(
            a + b,
            1,
            "round {round}: the processes won {a} and {b} times"
        );
    }
    one
}

/// The PostgreSQL database tests run on, from `DRAMABOT_TEST_DATABASE_URL`; `None` (SQLite
/// then) when it is not set.
#[cfg(all(feature = "postgres", any(test, feature = "test-support")))]
pub fn test_database_url() -> Option<String> {
    std::env::var("DRAMABOT_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory one for `:memory:`.
    pub fn open(path: &str) -> Result<Store> {
        let conn = if path == ":memory:" {
            rusqlite::Connection::open_in_memory()?
        } else {
            rusqlite::Connection::open(path)?
        };
        Store::init(conn, path != ":memory:")
    }

    /// A read-only connection to the database file at `path`, which a writer has already opened
    /// (and so migrated: a reader never migrates): one of the readers that let reads run side by side while the writer
    /// writes (WAL gives each read statement what was committed before it began). Any write through
    /// it fails.
    pub fn open_reader(path: &str) -> Result<Store> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        Ok(Store::on(Connection::Sqlite(conn)))
    }

    fn on(conn: Connection) -> Store {
        Store {
            conn,
            process: new_process_id(),
            #[cfg(feature = "postgres")]
            pool: None,
        }
    }

    /// Opens `database`: a PostgreSQL URL (`postgres://…`, `database.url`) or else a SQLite file
    /// (`database.path`, `:memory:` for none).
    pub fn open_database(database: &str) -> Result<Store> {
        if !is_database_url(database) {
            return Store::open(database);
        }
        #[cfg(feature = "postgres")]
        return Store::open_url(database);
        #[cfg(not(feature = "postgres"))]
        Err(Error::Config(
            "database.url: this dramabot was built without PostgreSQL".into(),
        ))
    }

    /// Opens the PostgreSQL database at `url` (`postgres://user:password@host/database`), creating
    /// or migrating its schema. A URL that does not parse, or a server that cannot be reached
    /// within a few seconds, is an error that says so.
    #[cfg(feature = "postgres")]
    pub fn open_url(url: &str) -> Result<Store> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| Error::Config(format!("database.url: {e}")))?;
        Store::open_postgres(config, None)
    }

    #[cfg(feature = "postgres")]
    fn open_postgres(mut config: postgres::Config, scratch: Option<String>) -> Result<Store> {
        if let Some(schema) = &scratch {
            config.options(&format!("-c search_path={schema}"));
        }
        // A server that cannot be reached is the configuration's fault, and says which key.
        let pool = pg::pool(config, PG_POOL_SIZE).map_err(|e| {
            Error::Config(format!("database.url: cannot connect to PostgreSQL: {e}"))
        })?;
        let conn = pg::PgConnection::from_pool(&pool)?;
        if let Some(schema) = &scratch {
            conn.batch(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))?;
        }
        let mut store = Store {
            conn: Connection::Postgres(Box::new(conn)),
            process: new_process_id(),
            pool: Some(std::sync::Arc::new(PgShared { pool, scratch })),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Another connection to this store's database, for reads only, beside this one (the
    /// writer): on a SQLite file a read-only connection to it ([`Store::open_reader`]), on
    /// PostgreSQL a connection of the same pool in read-only mode; `None` for an in-memory store.
    pub fn open_another_reader(&self) -> Result<Option<Store>> {
        #[cfg(feature = "postgres")]
        if let Some(shared) = &self.pool {
            let conn = pg::PgConnection::from_pool(&shared.pool)?;
            conn.batch("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")?;
            return Ok(Some(Store {
                conn: Connection::Postgres(Box::new(conn)),
                process: self.process.clone(),
                pool: Some(shared.clone()),
            }));
        }
        self.path().map(Store::open_reader).transpose()
    }

    /// This process's name in the leases it takes on due work: random, made when the store
    /// opened (the scheduler logs it at start).
    pub fn process(&self) -> &str {
        &self.process
    }

    /// Another writer on this store's database, as another process of a fleet would have: a
    /// connection of the same PostgreSQL pool, or a second connection to the same SQLite file,
    /// with a process name of its own. `None` for an in-memory store.
    #[cfg(any(test, feature = "test-support"))]
    pub fn open_another_process(&self) -> Result<Option<Store>> {
        #[cfg(feature = "postgres")]
        if let Some(shared) = &self.pool {
            let conn = pg::PgConnection::from_pool(&shared.pool)?;
            return Ok(Some(Store {
                conn: Connection::Postgres(Box::new(conn)),
                process: new_process_id(),
                pool: Some(shared.clone()),
            }));
        }
        self.path().map(Store::open).transpose()
    }

    /// A store for a test: on a fresh schema of the PostgreSQL database named by
    /// `DRAMABOT_TEST_DATABASE_URL` when it is set (dropped with the store), else a fresh
    /// in-memory SQLite database. Every test that does not test SQLite itself opens its store
    /// here, so that the one suite runs on both backends.
    #[cfg(any(test, feature = "test-support"))]
    #[allow(
        clippy::expect_used,
        reason = "test support: a failure is a failing test"
    )]
    pub fn for_tests() -> Store {
        #[cfg(feature = "postgres")]
        if let Some(url) = test_database_url() {
            let config: postgres::Config = url.parse().expect("DRAMABOT_TEST_DATABASE_URL parses");
            let schema = format!("t_{:016x}", rand::random::<u64>());
            return Store::open_postgres(config, Some(schema))
                .expect("a store on DRAMABOT_TEST_DATABASE_URL");
        }
        Store::open_in_memory().expect("an in-memory store")
    }

    /// The database file this store is open on; `None` for an in-memory store.
    pub fn path(&self) -> Option<&str> {
        self.conn.sqlite()?.path().filter(|p| !p.is_empty())
    }

    /// Whether the store is on PostgreSQL, whose client blocks its thread on the network: the
    /// router then runs no command on the async runtime's own threads.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_postgres()
    }

    /// A fresh in-memory store, for tests and the console.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(rusqlite::Connection::open_in_memory()?, false)
    }

    fn init(conn: rusqlite::Connection, on_disk: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        if on_disk {
            // WAL lets readers (a second `dramabot` process, a backup) proceed while the bot writes.
            // Switching a new file to WAL takes a lock that SQLite does not wait for (the busy
            // timeout does not apply): when another process is doing the same, try again.
            let mode: String =
                when_not_busy(|| conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)))?;
            if mode != "wal" {
                tracing::warn!(mode, "SQLite refused WAL mode; continuing in this mode");
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        // Every write transaction takes the write lock when it begins ([`db::Connection::transaction`]
        // is `BEGIN IMMEDIATE`), waiting out the busy timeout. A deferred one reads first and then
        // fails at once ("database is locked") when another process wrote in between, which no
        // busy timeout can help: two processes on one file would otherwise fail each other's
        // imports and game writes.
        let mut store = Store::on(Connection::Sqlite(conn));
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        #[cfg(feature = "postgres")]
        if self.conn.is_postgres() {
            return self.migrate_postgres();
        }
        let known = migrations::MIGRATIONS.len() as i64;
        // Immediate: the write lock is taken (waiting out the busy timeout) before the version is
        // read, so two processes opening one file at once migrate it one after the other.
        let tx = self.conn.transaction()?;
        let found: i64 = tx.query_row("PRAGMA user_version", params![], |r| r.get(0))?;
        if found > known {
            return Err(Error::SchemaTooNew { found, known });
        }
        for sql in &migrations::MIGRATIONS[found as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {known}"))?;
        tx.commit()?;
        Ok(())
    }

    /// PostgreSQL's migrations (`migrations_pg.rs`), in one transaction under a lock of the
    /// database (`pg_advisory_xact_lock`, per schema): processes starting together migrate once,
    /// one after the other. A database at a newer version is refused and nothing is written.
    #[cfg(feature = "postgres")]
    fn migrate_postgres(&mut self) -> Result<()> {
        let known = migrations_pg::MIGRATIONS.len() as i64;
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "SELECT pg_advisory_xact_lock(hashtext('dramabot-migrate:' || current_schema()));
             CREATE TABLE IF NOT EXISTS dramabot_schema (version BIGINT NOT NULL)",
        )?;
        let found = pg_version(&tx)?;
        if found > known {
            // The transaction rolls back as it drops: not even the version table is written.
            return Err(Error::SchemaTooNew { found, known });
        }
        if found == known {
            return Ok(());
        }
        for sql in &migrations_pg::MIGRATIONS[found as usize..] {
            if !sql.is_empty() {
                tx.execute_batch(sql)?;
            }
        }
        tx.execute("DELETE FROM dramabot_schema", params![])?;
        tx.execute(
            "INSERT INTO dramabot_schema (version) VALUES (?1)",
            params![known],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> Result<i64> {
        #[cfg(feature = "postgres")]
        if self.conn.is_postgres() {
            return pg_version(&self.conn);
        }
        Ok(self
            .conn
            .query_row("PRAGMA user_version", params![], |r| r.get(0))?)
    }

    /// How many rows the connection has changed since it opened; tests use it to prove a no-op.
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// A value the bot keeps for itself (such as the hash of the last registered command table).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }

    /// Sets a value the bot keeps for itself.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        )?;
        stmt.execute([key, value])?;
        Ok(())
    }

    /// A server's settings, or `None` if it never changed any.
    pub fn guild_settings(&self, guild: GuildId) -> Result<Option<GuildSettings>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT drama, spoiler_episode, spoiler_mode FROM guild_settings WHERE guild_id = ?1",
        )?;
        let row = stmt
            .query_row([guild], |r| {
                Ok(GuildSettings {
                    drama: r.get(0)?,
                    spoiler_episode: r.get(1)?,
                    spoiler_mode: SpoilerMode::parse(&r.get::<_, String>(2)?),
                })
            })
            .optional()?;
        Ok(row)
    }

    /// Saves a server's settings.
    pub fn save_guild_settings(
        &self,
        guild: GuildId,
        settings: &GuildSettings,
        now: Timestamp,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO guild_settings (guild_id, drama, spoiler_episode, spoiler_mode, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(guild_id) DO UPDATE SET drama = excluded.drama,
                 spoiler_episode = excluded.spoiler_episode, spoiler_mode = excluded.spoiler_mode,
                 updated_at = excluded.updated_at",
        )?;
        stmt.execute(params![
            guild,
            settings.drama,
            settings.spoiler_episode,
            settings.spoiler_mode.as_str(),
            stamp(now)
        ])?;
        Ok(())
    }

    /// Every loaded (not retired) file pack with its counts and sources, in id order; servers'
    /// banks are not dramas and are listed by [`Store::content_lists`].
    pub fn pack_summaries(&self) -> Result<Vec<PackSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.title, p.title_ko, p.network, p.year, p.episodes,
                (SELECT count(*) FROM person x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM character x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM fact x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM quote x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM question x WHERE x.pack = p.id AND x.retired = 0)
             FROM pack p WHERE p.retired = 0 AND p.guild_id IS NULL ORDER BY p.id",
        )?;
        let mut packs = stmt
            .query_map(params![], |r| {
                Ok(PackSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    title_ko: r.get(2)?,
                    network: r.get(3)?,
                    year: r.get(4)?,
                    episodes: r.get(5)?,
                    people: r.get(6)?,
                    characters: r.get(7)?,
                    facts: r.get(8)?,
                    quotes: r.get(9)?,
                    questions: r.get(10)?,
                    sources: Vec::new(),
                })
            })?
            .collect::<db::Result<Vec<_>>>()?;
        let mut sources = self.conn.prepare_cached(
            "SELECT slug, outlet, title, date, url FROM source
             WHERE pack = ?1 AND retired = 0 ORDER BY date, slug",
        )?;
        for pack in &mut packs {
            pack.sources = sources
                .query_map([&pack.id], |r| {
                    Ok(SourceSummary {
                        slug: r.get(0)?,
                        citation: citation_at(r, 1)?,
                    })
                })?
                .collect::<db::Result<Vec<_>>>()?;
        }
        Ok(packs)
    }

    /// Every current fact in `scope`, in pack order.
    pub fn facts(&self, scope: Scope<'_>) -> Result<Vec<FactRecord>> {
        self.facts_where(scope, None, None)
    }

    /// Every current fact in `scope` with its key and drama, in the order of [`Store::facts`];
    /// only those of the list `list` when given: the file packs' facts are read once this way
    /// (`FactIndex`), and a server's bank at each read.
    pub fn keyed_facts(&self, scope: Scope<'_>, list: Option<&str>) -> Result<Vec<KeyedFact>> {
        self.keyed_facts_where(scope, None, None, list)
    }

    /// The lists (file packs and the server's bank) a server plays, by id, each with whether it
    /// is a server's bank: [`in_scope`]'s rule for lists, for a read that filters items in memory.
    ///
    /// [`SCOPE_LISTS`]'s condition written out, not wrapped in `id IN (..)`: the wrapped form
    /// built a temporary index of the ids and looked each pack up again, most of the cost of a
    /// `/facts` (issue 14); a test keeps the two equal.
    pub fn lists_in_scope(&self, guild: Option<GuildId>) -> Result<Vec<(String, bool)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.id, l.guild_id IS NOT NULL FROM pack l WHERE l.retired = 0
             AND (l.guild_id IS NULL OR l.guild_id = ?1)
             AND NOT EXISTS (SELECT 1 FROM list_off o WHERE o.guild_id = ?1 AND o.pack = l.id)",
        )?;
        let rows = stmt.query_map(params![guild], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// Every current fact in `scope` as its key and the episode it reveals, in the order of
    /// [`Store::facts`]. Only tests read it now, as the reference a random fact from the fact
    /// index is checked against.
    #[cfg(test)]
    pub fn fact_episodes(&self, scope: Scope<'_>) -> Result<Vec<(i64, Option<i64>)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.pk, f.episode FROM fact f
             WHERE f.retired = 0 AND {} ORDER BY f.pack, f.pk",
            in_scope("f")
        ))?;
        let rows = stmt.query_map(params![scope.guild, scope.drama], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// The current facts in `scope` about the subject `key` (as [`FactRecord::about_keys`] names
    /// it: `person:<slug>`, `character:<pack>/<slug>`, `drama:<id>`), in pack order: a card reads
    /// these, not every fact. Only tests read it now, as the reference the fact index's cards are
    /// checked against.
    #[cfg(test)]
    pub fn facts_about(&self, scope: Scope<'_>, key: &str) -> Result<Vec<FactRecord>> {
        self.facts_where(scope, Some(key), None)
    }

    /// The facts in `scope`: all of them, or those about one subject (`about`), or one (`pk`).
    fn facts_where(
        &self,
        scope: Scope<'_>,
        about: Option<&str>,
        pk: Option<i64>,
    ) -> Result<Vec<FactRecord>> {
        Ok(self
            .keyed_facts_where(scope, about, pk, None)?
            .into_iter()
            .map(|k| k.fact)
            .collect())
    }

    /// As [`Store::facts_where`], each fact with its key and drama; of the list `list` only when
    /// given.
    fn keyed_facts_where(
        &self,
        scope: Scope<'_>,
        about: Option<&str>,
        pk: Option<i64>,
        list: Option<&str>,
    ) -> Result<Vec<KeyedFact>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.pk, f.slug, f.pack, f.text, f.episode, s.outlet, s.title, s.date, s.url,
                    COALESCE(f.drama, f.pack), f.data
             FROM fact f JOIN source s ON s.pk = f.source_pk
             WHERE f.retired = 0 AND {} AND {}
             ORDER BY f.pack, f.pk",
            in_scope("f"),
            FACT_FILTER
        ))?;
        let rows = stmt
            .query_map(params![scope.guild, scope.drama, about, pk, list], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(9)?,
                    FactRecord {
                        slug: r.get(1)?,
                        pack: r.get(2)?,
                        text: r.get(3)?,
                        text_ko: korean_texts(r, 10)?.text_ko,
                        episode: r.get(4)?,
                        citation: citation_at(r, 5)?,
                        about: Vec::new(),
                        about_names: Vec::new(),
                        about_keys: Vec::new(),
                    },
                ))
            })?
            .collect::<db::Result<Vec<_>>>()?;
        let subjects = self.fact_subjects(scope, about, pk, list)?;
        Ok(rows
            .into_iter()
            .map(|(pk, drama, mut fact)| {
                for subject in subjects.get(&pk).into_iter().flatten() {
                    fact.about.push(subject.display.clone());
                    fact.about_keys.push(subject.key.clone());
                    fact.about_names.extend(subject.names.iter().cloned());
                }
                KeyedFact { pk, drama, fact }
            })
            .collect())
    }

    /// The subjects of the facts [`Store::facts_where`] reads, by the fact's primary key.
    fn fact_subjects(
        &self,
        scope: Scope<'_>,
        about: Option<&str>,
        pk: Option<i64>,
        list: Option<&str>,
    ) -> Result<HashMap<i64, Vec<Subject>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT fa.fact_pk,
                    COALESCE(p.name, c.name, d.title),
                    COALESCE(p.name_ko, c.name_ko, d.title_ko),
                    -- A subject is exactly one of the three (a CHECK says so): one index
                    -- lookup for its aliases, where an OR of both costs two.
                    CASE WHEN fa.person_pk IS NOT NULL THEN
                        (SELECT group_concat(a.text, char(31)) FROM alias a
                          WHERE a.person_pk = fa.person_pk)
                    WHEN fa.character_pk IS NOT NULL THEN
                        (SELECT group_concat(a.text, char(31)) FROM alias a
                          WHERE a.character_pk = fa.character_pk)
                    END,
                    COALESCE('person:' || p.slug, 'character:' || c.pack || '/' || c.slug,
                             'drama:' || d.id)
             FROM fact_about fa
             JOIN fact f ON f.pk = fa.fact_pk
             LEFT JOIN person p ON p.pk = fa.person_pk
             LEFT JOIN character c ON c.pk = fa.character_pk
             LEFT JOIN pack d ON d.id = fa.drama
             WHERE f.retired = 0 AND {} AND {}
             ORDER BY fa.rowid",
            in_scope("f"),
            FACT_FILTER
        ))?;
        let mut subjects: HashMap<i64, Vec<Subject>> = HashMap::new();
        let rows = stmt.query_map(params![scope.guild, scope.drama, about, pk, list], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (fact, name, name_ko, aliases, key) = row?;
            let mut names = vec![name.clone(), name_ko];
            names.extend(split_aliases(aliases));
            subjects.entry(fact).or_default().push(Subject {
                display: name,
                names,
                key,
            });
        }
        Ok(subjects)
    }
}

/// A small sample pack and a store holding it, for the tests of this crate and of the edges
/// (the `test-support` feature).
#[cfg(any(test, feature = "test-support"))]
#[allow(
    clippy::expect_used,
    reason = "test support only: the sample pack is a constant, and a failure is a failing test"
)]
pub mod sample {
    use super::*;
    use crate::pack;

    /// A small but complete pack, used by the store's and the features' tests.
    pub const SAMPLE: &str = r#"
[drama]
id = "sample"
title = "Sample Drama"
title_ko = "샘플"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "article"
outlet = "Some Outlet"
title = "An interview"
date = "2025-02-19"

[[person]]
id = "ju-ji-hoon"
name = "Ju Ji-hoon"
name_ko = "주지훈"
aliases_general = ["Joo Ji-hoon"]

[[character]]
id = "baek-kang-hyuk"
name = "Baek Kang-hyuk"
name_ko = "백강혁"
aliases = ["Baek Kang Hyuk"]

[[credit]]
id = "ju-ji-hoon-as-baek-kang-hyuk"
person = "ju-ji-hoon"
role = "actor"
character = "baek-kang-hyuk"
source = "article"

[[fact]]
id = "height"
about = ["ju-ji-hoon", "baek-kang-hyuk"]
text = "Both are 188 cm tall."
text_ko = "두 사람 모두 키가 188cm예요."
source = "article"

[[fact]]
id = "finale"
about = ["sample"]
text = "The finale reveals a twist."
source = "article"
episode = 8

[[quote]]
id = "anyone"
text = "Severe trauma can happen to anyone."
text_ko = "중증 외상은 누구에게나 일어날 수 있어요."
speaker = "baek-kang-hyuk"
kind = "line"
context = "Baek Kang-hyuk to a colleague"
context_ko = "백강혁이 동료에게"
source = "article"

[[question]]
id = "who-plays-baek"
question = "Who plays Baek Kang-hyuk?"
answer = "Ju Ji-hoon"
wrong = ["Choo Young-woo", "Yoon Kyung-ho", "Jeong Jae-kwang"]
difficulty = 1
category = "cast"
source = "article"
"#;

    pub fn sample_pack(text: &str) -> pack::Pack {
        pack::parse("sample.toml", text.as_bytes()).expect("the sample pack parses")
    }

    pub fn store_with_sample() -> Store {
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        store
    }
}

#[cfg(test)]
pub(crate) mod tests {
    pub use super::sample::*;
    use super::*;

    #[test]
    fn opening_applies_the_migrations_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let path = path.to_str().expect("utf-8 path");
        let store = Store::open(path).expect("first open");
        assert_eq!(
            store.schema_version().expect("version"),
            migrations::MIGRATIONS.len() as i64
        );
        drop(store);
        let store = Store::open(path).expect("second open");
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", params![], |r| r.get(0))
            .expect("journal mode");
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", params![], |r| r.get(0))
            .expect("foreign keys");
        assert_eq!(fk, 1);
    }

    #[test]
    fn two_processes_opening_a_new_file_at_once_both_get_it_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shared.db");
        let path = path.to_str().expect("utf-8").to_string();
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version()))
            })
            .collect();
        for opener in openers {
            let version = opener
                .join()
                .expect("no panic")
                .expect("opened")
                .expect("version");
            assert_eq!(version, migrations::MIGRATIONS.len() as i64);
        }
    }

    #[test]
    fn the_lists_a_server_plays_are_those_of_the_scope_rule() {
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let bank_item = "[drama]\nid = \"sample\"\ntitle = \"Sample Drama\"\ntitle_ko = \"샘플\"\n\
            network = \"Netflix\"\nyear = 2025\nepisodes = 8\n\n[[source]]\nid = \"fan\"\n\
            outlet = \"Fan Wiki\"\ntitle = \"Trivia\"\ndate = \"2025-03-01\"\n\n[[question]]\n\
            id = \"b1\"\nquestion = \"Question?\"\nanswer = \"Right\"\n\
            wrong = [\"W1\", \"W2\", \"W3\"]\ndifficulty = 1\ncategory = \"cast\"\nsource = \"fan\"\n";
        store
            .add_to_bank(
                GuildId(1),
                "sample",
                &sample_pack(bank_item),
                crate::ids::UserId(9),
                Timestamp::UNIX_EPOCH,
            )
            .expect("banked");
        let reference = |store: &Store, guild: Option<GuildId>| {
            let mut ids: Vec<String> = store
                .conn
                .prepare(SCOPE_LISTS)
                .expect("prepare")
                .query_map(params![guild], |r| r.get(0))
                .expect("query")
                .collect::<db::Result<_>>()
                .expect("rows");
            ids.sort();
            ids
        };
        let read = |store: &Store, guild: Option<GuildId>| {
            let mut lists = store.lists_in_scope(guild).expect("lists");
            lists.sort();
            lists
        };
        let bank = bank_id(GuildId(1));
        let check = |store: &Store, guild: Option<GuildId>, want: Vec<(String, bool)>| {
            let got = read(store, guild);
            let ids: Vec<String> = got.iter().map(|(id, _)| id.clone()).collect();
            assert_eq!(ids, reference(store, guild), "{guild:?}");
            let mut want = want;
            want.sort();
            assert_eq!(got, want, "{guild:?}");
        };
        let sample = ("sample".to_string(), false);
        check(&store, None, vec![sample.clone()]);
        check(&store, Some(GuildId(2)), vec![sample.clone()]);
        check(
            &store,
            Some(GuildId(1)),
            vec![sample.clone(), (bank.clone(), true)],
        );
        store
            .set_list_enabled(GuildId(1), "sample", false)
            .expect("turned off");
        check(&store, Some(GuildId(1)), vec![(bank.clone(), true)]);
        check(&store, Some(GuildId(2)), vec![sample]);
    }

    #[test]
    fn a_reader_opens_on_the_writers_file_reads_it_and_refuses_to_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let path = path.to_str().expect("utf-8 path");
        let writer = Store::open(path).expect("writer");
        assert_eq!(writer.path(), Some(path));
        assert_eq!(Store::open_in_memory().expect("memory").path(), None);
        assert_eq!(Store::open(":memory:").expect("memory").path(), None);
        writer.set_meta("k", "1").expect("write");
        let reader = Store::open_reader(path).expect("reader");
        assert_eq!(reader.meta("k").expect("read"), Some("1".into()));
        assert!(reader.set_meta("k", "2").is_err(), "read-only");
        assert_eq!(writer.meta("k").expect("read"), Some("1".into()));
    }

    #[test]
    fn a_read_is_not_blocked_while_the_writer_holds_a_transaction() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let path = path.to_str().expect("utf-8 path");
        let writer = Store::open(path).expect("writer");
        writer.set_meta("k", "before").expect("write");
        let reader = Store::open_reader(path).expect("reader");
        let tx = writer.conn.transaction().expect("the write lock");
        tx.execute("UPDATE meta SET value = 'after' WHERE key = 'k'", params![])
            .expect("write in the transaction");
        // Another thread reads while the write is open: it gets an answer (not "busy" after the
        // busy timeout), and that answer is what was committed.
        let (read, reader) = std::thread::spawn(move || (reader.meta("k"), reader))
            .join()
            .expect("no panic");
        let read = read.expect("read while the writer holds its transaction");
        assert_eq!(read, Some("before".into()));
        tx.commit().expect("commit");
        assert_eq!(reader.meta("k").expect("read"), Some("after".into()));
    }

    #[test]
    fn a_write_transaction_takes_the_write_lock_when_it_begins() {
        // Deferred, the transaction below would only read at first, another process would
        // write, and this one's write would then fail at once with "database is locked".
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let path = path.to_str().expect("utf-8 path");
        let first = Store::open(path).expect("first process");
        let other = Store::open(path).expect("other process");
        other
            .conn
            .sqlite()
            .expect("sqlite")
            .busy_timeout(Duration::ZERO)
            .expect("no wait");
        let tx = first.conn.transaction().expect("begin");
        let read: i64 = tx
            .query_row("SELECT count(*) FROM meta", params![], |r| r.get(0))
            .expect("read");
        assert!(
            other.set_meta("k", "other").is_err(),
            "the other process must wait for the write lock"
        );
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('k', ?1)",
            [read.to_string()],
        )
        .expect("the write after the read");
        tx.commit().expect("commit");
        other.set_meta("k", "other").expect("its turn");
    }

    #[test]
    fn a_database_from_a_newer_dramabot_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 999)
            .expect("set version");
        drop(conn);
        let err = Store::open(path.to_str().expect("utf-8"))
            .err()
            .expect("refused");
        assert!(
            matches!(err, Error::SchemaTooNew { found: 999, .. }),
            "{err}"
        );
    }

    /// The PostgreSQL database of `DRAMABOT_TEST_DATABASE_URL` for a test that needs one: `None`
    /// (the test then says it is skipped) when it is not set, and a failure in CI, which must
    /// run these.
    #[cfg(feature = "postgres")]
    fn postgres_for(test: &str) -> Option<postgres::Config> {
        let Some(url) = test_database_url() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{test} needs PostgreSQL: CI must set DRAMABOT_TEST_DATABASE_URL"
            );
            eprintln!("{test}: skipped, set DRAMABOT_TEST_DATABASE_URL to run it on PostgreSQL");
            return None;
        };
        Some(url.parse().expect("DRAMABOT_TEST_DATABASE_URL parses"))
    }

    /// A store on a fresh schema (dropped with it), and the configuration that opens further
    /// stores on the same schema, as other processes would.
    #[cfg(feature = "postgres")]
    fn on_scratch_schema(mut config: postgres::Config) -> (Store, postgres::Config) {
        let schema = format!("t_{:016x}", rand::random::<u64>());
        let owner = Store::open_postgres(config.clone(), Some(schema.clone())).expect("owner");
        config.options(&format!("-c search_path={schema}"));
        (owner, config)
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_processes_opening_a_new_schema_at_once_migrate_it_once() {
        let Some(config) = postgres_for("postgres_processes_opening_a_new_schema_at_once") else {
            return;
        };
        let schema = format!("t_{:016x}", rand::random::<u64>());
        let mut shared = config.clone();
        shared.options(&format!("-c search_path={schema}"));
        // The first owns (and drops) the schema; three more open it at the same moment.
        let owner = Store::open_postgres(config, Some(schema)).expect("owner");
        let openers: Vec<_> = (0..3)
            .map(|_| {
                let config = shared.clone();
                std::thread::spawn(move || {
                    Store::open_postgres(config, None).and_then(|s| s.schema_version())
                })
            })
            .collect();
        for opener in openers {
            let version = opener.join().expect("no panic").expect("opened");
            assert_eq!(version, migrations_pg::MIGRATIONS.len() as i64);
        }
        let rows: i64 = owner
            .conn
            .query_row("SELECT count(*) FROM dramabot_schema", params![], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(rows, 1);
    }

    /// Server 1's daily post, in channel 77 at 08:00 UTC, set up at `t0`.
    #[cfg(feature = "postgres")]
    fn daily_post_at_eight(store: &Store, t0: Timestamp) {
        let settings = crate::model::QotdSettings {
            channel: Some(crate::ids::ChannelId(77)),
            time: "08:00".into(),
            timezone: "UTC".into(),
            enabled: true,
            ..crate::model::QotdSettings::default()
        };
        store
            .save_qotd_settings(GuildId(1), &settings, t0)
            .expect("settings");
    }

    /// Ends every connection to PostgreSQL whose application name is `name` (as a server restart or
    /// a failover would), from a connection of its own.
    #[cfg(feature = "postgres")]
    fn cut_connections(config: &postgres::Config, name: &str) -> i64 {
        let mut admin = config
            .connect(postgres::NoTls)
            .expect("an admin connection");
        let row = admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE application_name = $1",
                &[&name],
            )
            .expect("terminate");
        row.get(0)
    }

    /// The database going away mid-run: the statement that finds its connection gone fails with
    /// the friendly "try again" message, the next one runs on a fresh connection, and the
    /// scheduler's next pass sends the post that came due meanwhile, once.
    #[cfg(feature = "postgres")]
    #[test]
    fn a_lost_postgres_connection_is_replaced_and_due_work_goes_on_once() {
        use crate::i18n::{Locale, msg};
        let Some(config) = postgres_for("a_lost_postgres_connection_is_replaced") else {
            return;
        };
        let name = format!("dramabot-test-{:08x}", rand::random::<u32>());
        let mut named = config.clone();
        named.application_name(&name);
        let (mut store, _) = on_scratch_schema(named);
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let t0: Timestamp = "2026-03-01T00:00:00Z".parse().expect("a time");
        daily_post_at_eight(&store, t0);
        let app = crate::router::App::new(store);
        crate::due::reschedule_all(&app, t0).expect("scheduled");
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);

        // Every connection the app holds (writer and readers) is cut.
        assert!(cut_connections(&config, &name) >= 1);
        let due: Timestamp = "2026-03-01T08:00:00Z".parse().expect("a time");
        let mut sent = Vec::new();
        let mut failures = 0;
        for pass in 0..3 {
            let at = due
                .checked_add(jiff::SignedDuration::from_secs(pass))
                .expect("a time");
            match crate::due::run_due(&app, at, &mut rng) {
                Ok(posts) => sent.extend(posts),
                Err(e) => {
                    failures += 1;
                    assert!(e.to_string().contains("database"), "{e}");
                    assert_eq!(
                        e.user_message_in(Locale::English),
                        crate::i18n::text(Locale::English, msg::ERROR_UNAVAILABLE),
                        "{e}"
                    );
                }
            }
        }
        assert!(
            failures <= 1,
            "only the statement that found the connection gone fails"
        );
        assert_eq!(sent.len(), 1, "the post went out once: {sent:#?}");
        assert!(sent[0].nonce.is_some());

        // Cut again inside a transaction's work: nothing half-written, and the store goes on.
        assert!(cut_connections(&config, &name) >= 1);
        let game = crate::store::Job::Trivia(5);
        let first = app.store().schedule(game, due);
        if let Err(e) = &first {
            assert!(matches!(e, Error::Database(d) if d.is_unavailable()), "{e}");
        }
        app.store().schedule(game, due).expect("a fresh connection");
        assert_eq!(app.store().due_at(game).expect("read"), Some(due));
    }

    /// A TCP relay on loopback between the store and PostgreSQL, so that a test can stop the
    /// database as a cluster stopped (every relayed connection cut, new ones refused) and start it
    /// again, without touching the server the other tests share.
    #[cfg(feature = "postgres")]
    struct Relay {
        port: u16,
        up: std::sync::Arc<std::sync::atomic::AtomicBool>,
        open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
    }

    #[cfg(feature = "postgres")]
    impl Relay {
        /// A relay to `config`'s server, up. Its threads live as long as the test process.
        fn to(config: &postgres::Config) -> Relay {
            use std::net::{TcpListener, TcpStream};
            use std::sync::atomic::Ordering;
            let host = match config.get_hosts().first() {
                Some(postgres::config::Host::Tcp(host)) => host.clone(),
                other => panic!("the test database is not on TCP: {other:?}"),
            };
            let port = config.get_ports().first().copied().unwrap_or(5432);
            let target = format!("{host}:{port}");
            let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
            let relay = Relay {
                port: listener.local_addr().expect("an address").port(),
                up: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
                open: std::sync::Arc::default(),
            };
            let (up, open) = (relay.up.clone(), relay.open.clone());
            std::thread::spawn(move || {
                for client in listener.incoming() {
                    let Ok(client) = client else { continue };
                    // Stopped: the connection is closed at once, as a stopped server's port would.
                    if !up.load(Ordering::SeqCst) {
                        continue;
                    }
                    let Ok(server) = TcpStream::connect(&target) else {
                        continue;
                    };
                    let mut open = open.lock().expect("the relay's list");
                    for stream in [&client, &server] {
                        open.extend(stream.try_clone().ok());
                    }
                    for (from, to) in [(&client, &server), (&server, &client)] {
                        if let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) {
                            std::thread::spawn(move || {
                                let _ = std::io::copy(&mut from, &mut to);
                                let _ = to.shutdown(std::net::Shutdown::Both);
                            });
                        }
                    }
                }
            });
            relay
        }

        /// `config` with its server replaced by the relay.
        fn in_front_of(&self, config: &postgres::Config) -> postgres::Config {
            let mut through = postgres::Config::new();
            through.user(config.get_user().unwrap_or("postgres"));
            if let Some(password) = config.get_password() {
                through.password(password);
            }
            if let Some(dbname) = config.get_dbname() {
                through.dbname(dbname);
            }
            through.host("127.0.0.1").port(self.port);
            through
        }

        /// The database stops: every relayed connection is cut, and new ones are closed at once.
        fn stop(&self) {
            self.up.store(false, std::sync::atomic::Ordering::SeqCst);
            for stream in self.open.lock().expect("the relay's list").drain(..) {
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        }

        /// The database is back: connections are relayed again.
        fn start(&self) {
            self.up.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The database stopped for a minute mid-run and started again (a relay between the store
    /// and the server cuts every connection and refuses new ones meanwhile): members are told to
    /// try again, quickly; the scheduler's passes fail and nothing panics; once it is back, the
    /// pool has connections again, the daily post that fell due during the outage goes out once
    /// and the trivia round whose time ran out meanwhile is closed once.
    #[cfg(feature = "postgres")]
    #[test]
    fn a_database_stopped_and_started_mid_run_loses_and_doubles_nothing() {
        use crate::i18n::{Locale, msg};
        use crate::reply::{Response, SentRecord};
        let Some(config) = postgres_for("a_database_stopped_and_started_mid_run") else {
            return;
        };
        let relay = Relay::to(&config);
        let (mut store, _) = on_scratch_schema(relay.in_front_of(&config));
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        let ts = |text: &str| -> Timestamp { text.parse().expect("a time") };
        let t0 = ts("2026-03-01T07:59:00Z");
        daily_post_at_eight(&store, t0);
        let question = store
            .trivia_questions(Scope::default())
            .expect("questions")
            .remove(0);
        let game = store
            .create_game(
                GuildId(1),
                crate::ids::ChannelId(5),
                crate::ids::UserId(3),
                &[question.key],
                &crate::model::TriviaSettings::default(),
                None,
                &crate::trivia::modes::GameMode::default(),
                Locale::English,
                t0,
            )
            .expect("create")
            .expect("a game");
        let app = crate::router::App::new(store);
        crate::due::reschedule_all(&app, t0).expect("scheduled");
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        let asked = crate::due::run_due(&app, t0, &mut rng).expect("the question");
        assert_eq!(asked.len(), 1);
        crate::due::sent(&app, asked[0].record, Ok(crate::ids::MessageId(500)), t0)
            .expect("recorded");
        let at = |secs: i64| {
            t0.checked_add(jiff::SignedDuration::from_secs(secs))
                .expect("a time")
        };

        relay.stop();
        // A member's command meanwhile: the friendly answer, well inside Discord's 3 seconds,
        // the first (its connection found cut) and the next ones (no connection to be had).
        let unavailable = crate::i18n::text(Locale::English, msg::ERROR_UNAVAILABLE);
        let mut slowest = std::time::Duration::ZERO;
        for n in 0..3 {
            let mut inv = crate::router::tests::command("qotd", Some("status"), &[]);
            inv.is_moderator = true;
            inv.now = at(10 + n);
            let began = std::time::Instant::now();
            let outcome = crate::router::tests::handle_checked(&app, &inv, &mut rng);
            slowest = slowest.max(began.elapsed());
            let Response::Message(reply) = outcome.response else {
                panic!("a message: {:?}", outcome.response);
            };
            assert!(reply.ephemeral);
            assert_eq!(reply.content.as_deref(), Some(unavailable.as_str()));
        }
        assert!(
            slowest < std::time::Duration::from_millis(2_500),
            "an answer during the outage took {slowest:?}"
        );
        eprintln!("slowest answer during the outage: {slowest:?}");
        // The scheduler's passes through the outage (the round's time runs out at +20 s, the post
        // falls due at +60 s): each fails, and is tried again at the next.
        for secs in (20..=90).step_by(10) {
            let pass = crate::due::run_due(&app, at(secs), &mut rng);
            assert!(
                pass.as_ref().map_or(true, Vec::is_empty),
                "nothing can be sent while the database is away: {pass:?}"
            );
        }

        relay.start();
        // A pass a fifth of a second apart (on the wall clock): the first ones may still find the
        // database marked away; then the pool has connections again.
        let back = std::time::Instant::now();
        let mut recovered = None;
        let mut outbox = Vec::new();
        for secs in (95..=240).step_by(5) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let Ok(mut queue) = crate::due::run_due(&app, at(secs), &mut rng) else {
                assert!(
                    recovered.is_none(),
                    "a pass failed after the pool recovered"
                );
                continue;
            };
            recovered.get_or_insert_with(|| back.elapsed());
            while let Some(message) = queue.pop() {
                queue.extend(
                    crate::due::sent(
                        &app,
                        message.record,
                        Ok(crate::ids::MessageId(600)),
                        at(secs),
                    )
                    .expect("recorded"),
                );
                outbox.push(message);
            }
        }
        let posts = outbox
            .iter()
            .filter(|m| matches!(m.record, SentRecord::DailyPost { .. }))
            .count();
        let closed = outbox
            .iter()
            .filter(|m| m.edit == Some(crate::ids::MessageId(500)))
            .count();
        let recovered = recovered.expect("the pool recovered");
        eprintln!("the pool recovered {recovered:?} after the database was back");
        assert!(recovered < std::time::Duration::from_secs(5));
        assert_eq!(posts, 1, "the post went out once: {outbox:#?}");
        assert_eq!(closed, 1, "the question was closed once: {outbox:#?}");
        let store = app.store();
        assert_eq!(store.game_results(game).expect("results").len(), 1);
        assert_ne!(
            store.game(game).expect("read").expect("the game").status,
            crate::model::GameStatus::Running
        );
        assert_eq!(
            store
                .last_post_record(GuildId(1))
                .expect("read")
                .expect("a post")
                .status,
            crate::model::PostStatus::Sent
        );
    }

    /// Version N is the same schema on both backends: the same tables with the same columns
    /// (PostgreSQL's `fact_about` names the order column SQLite has implicitly, `rowid`).
    #[cfg(feature = "postgres")]
    #[test]
    fn both_backends_have_the_same_tables_and_columns() {
        let Some(config) = postgres_for("both_backends_have_the_same_tables_and_columns") else {
            return;
        };
        let (postgres, _) = on_scratch_schema(config);
        let sqlite = Store::open_in_memory().expect("sqlite");
        let columns = |store: &Store, sql: &str| -> Vec<(String, String)> {
            let mut stmt = store.conn.prepare(sql).expect("prepare");
            let mut rows: Vec<(String, String)> = stmt
                .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("columns")
                .collect::<db::Result<_>>()
                .expect("columns");
            rows.sort();
            rows
        };
        let on_sqlite = columns(
            &sqlite,
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table'",
        );
        let mut on_postgres = columns(
            &postgres,
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT)
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name <> 'dramabot_schema'",
        );
        on_postgres
            .retain(|(table, column)| (table.as_str(), column.as_str()) != ("fact_about", "rowid"));
        assert_eq!(on_sqlite, on_postgres);
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn a_postgres_database_from_a_newer_dramabot_is_refused_and_nothing_is_written() {
        let Some(config) = postgres_for("a_postgres_database_from_a_newer_dramabot_is_refused")
        else {
            return;
        };
        let (owner, config) = on_scratch_schema(config);
        owner
            .conn
            .execute("UPDATE dramabot_schema SET version = 999", params![])
            .expect("set version");
        owner.set_meta("k", "before").expect("write");
        let err = Store::open_postgres(config, None).err().expect("refused");
        assert!(
            matches!(err, Error::SchemaTooNew { found: 999, .. }),
            "{err}"
        );
        assert_eq!(owner.schema_version().expect("version"), 999);
        assert_eq!(owner.meta("k").expect("read"), Some("before".into()));
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn a_database_url_that_does_not_connect_is_a_configuration_error_naming_the_key() {
        // Nothing listens on port 1 of the loopback: no PostgreSQL is needed for this one.
        let err = Store::open_database("postgres://bot:hunter2@127.0.0.1:1/dramabot")
            .err()
            .expect("refused");
        let text = err.to_string();
        assert!(matches!(err, Error::Config(_)), "{text}");
        assert!(text.contains("database.url"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        let err = Store::open_database("postgres://bot@[::1")
            .err()
            .expect("bad URL");
        assert!(matches!(err, Error::Config(_)), "{err}");
    }

    #[test]
    fn meta_values_round_trip() {
        let store = Store::for_tests();
        assert_eq!(store.meta("k").expect("read"), None);
        store.set_meta("k", "1").expect("write");
        store.set_meta("k", "2").expect("overwrite");
        assert_eq!(store.meta("k").expect("read"), Some("2".into()));
    }

    #[test]
    fn guild_settings_round_trip() {
        let store = store_with_sample();
        let guild = GuildId(u64::MAX - 5);
        assert_eq!(store.guild_settings(guild).expect("read"), None);
        let settings = GuildSettings {
            drama: Some("sample".into()),
            spoiler_episode: Some(3),
            spoiler_mode: SpoilerMode::Hide,
        };
        store
            .save_guild_settings(guild, &settings, Timestamp::UNIX_EPOCH)
            .expect("save");
        assert_eq!(store.guild_settings(guild).expect("read"), Some(settings));
    }

    #[test]
    fn pack_summaries_count_current_items() {
        let store = store_with_sample();
        let packs = store.pack_summaries().expect("summaries");
        assert_eq!(packs.len(), 1);
        let p = &packs[0];
        assert_eq!(
            (p.people, p.characters, p.facts, p.quotes, p.questions),
            (1, 1, 2, 1, 1)
        );
        assert_eq!(p.sources.len(), 1);
        assert_eq!(p.sources[0].citation.outlet, "Some Outlet");
    }

    #[test]
    fn facts_carry_their_subjects_and_citation() {
        let store = store_with_sample();
        let facts = store
            .facts(Scope {
                drama: Some("sample"),
                ..Scope::default()
            })
            .expect("facts");
        assert_eq!(facts.len(), 2);
        assert_eq!(facts[0].about, vec!["Ju Ji-hoon", "Baek Kang-hyuk"]);
        assert_eq!(
            facts[0].about_keys,
            vec!["person:ju-ji-hoon", "character:sample/baek-kang-hyuk"]
        );
        assert!(facts[0].about_names.contains(&"Joo Ji-hoon".to_string()));
        assert!(facts[0].about_names.contains(&"백강혁".to_string()));
        assert_eq!(facts[1].about, vec!["Sample Drama"]);
        assert_eq!(facts[1].episode, Some(8));
        assert_eq!(facts[1].citation.date, "2025-02-19");
        assert!(
            store
                .facts(Scope {
                    drama: Some("other"),
                    ..Scope::default()
                })
                .expect("facts")
                .is_empty()
        );
    }
}

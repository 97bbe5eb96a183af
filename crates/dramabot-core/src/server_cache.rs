//! What nearly every interaction reads about its server, kept in memory while the database does not
//! change: the server's fixed language, its settings, its time zone and the lists it plays.
//!
//! Read from SQLite, these were the only database reads of `/cast`, `/quote today`, `/about` and
//! `/facts` (a server with a bank of its own still reads the bank's facts), and under load the read transactions queued the runtime's threads on SQLite's
//! process-wide lock (see `store/changes.rs`). A value is kept under the database's change counter
//! as it was read *before* the database was, and used only while the counter still reads the same:
//! a change committed by any process, this one or another on the same file, moves the counter after
//! its commit, so nothing read before that commit is used once its writer has given the store back:
//! the router's store guard ([`crate::router::App::store`]) moves the counter then, if the handler
//! changed rows. Any change moves it, to any table: a commit cannot tell which rows it changed
//! cheaply, and the values are small to read again.
//!
//! On PostgreSQL nothing is kept: processes on other hosts share no counter with this one.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::Result;
use crate::i18n::Locale;
use crate::ids::GuildId;
use crate::model::GuildSettings;
use crate::store::ChangeCounter;

/// The lists a server plays, as [`crate::store::Store::lists_in_scope`] reads them: each list's id,
/// and whether it is a server's bank.
pub type Lists = Arc<[(String, bool)]>;

/// The most servers each kind of value is kept for; past it, that kind starts again empty.
const KEPT_SERVERS: usize = 65_536;

/// The values kept, under one lock: see the module's header.
pub struct ServerCache {
    /// `None`: nothing is kept (PostgreSQL, or a counter file that could not be opened).
    changes: Option<ChangeCounter>,
    kept: Mutex<Kept>,
}

/// The kept values, all read while the change counter read `version`.
#[derive(Default)]
struct Kept {
    version: u64,
    languages: HashMap<GuildId, Option<Locale>>,
    settings: HashMap<GuildId, Option<GuildSettings>>,
    zones: HashMap<GuildId, Option<String>>,
    lists: HashMap<Option<GuildId>, Lists>,
}

impl Kept {
    fn clear(&mut self, version: u64) {
        *self = Kept {
            version,
            ..Kept::default()
        };
    }
}

impl ServerCache {
    /// A cache that keeps values while `changes` does not move.
    pub fn new(changes: ChangeCounter) -> ServerCache {
        ServerCache {
            changes: Some(changes),
            kept: Mutex::new(Kept::default()),
        }
    }

    /// A cache that keeps nothing: every value is read each time.
    pub fn off() -> ServerCache {
        ServerCache {
            changes: None,
            kept: Mutex::new(Kept::default()),
        }
    }

    /// Says that a change was committed: nothing kept (here or in another process on the same
    /// database) is used again.
    pub fn changed(&self) {
        if let Some(changes) = &self.changes {
            changes.bump();
        }
    }

    /// The server's fixed language, kept or read by `read`.
    pub fn language(
        &self,
        guild: GuildId,
        read: impl FnOnce() -> Result<Option<Locale>>,
    ) -> Result<Option<Locale>> {
        self.get(|k| &mut k.languages, guild, read)
    }

    /// The server's settings (`None`: it never changed any), kept or read by `read`.
    pub fn settings(
        &self,
        guild: GuildId,
        read: impl FnOnce() -> Result<Option<GuildSettings>>,
    ) -> Result<Option<GuildSettings>> {
        self.get(|k| &mut k.settings, guild, read)
    }

    /// The server's time zone name (`None`: it set none), kept or read by `read`.
    pub fn zone(
        &self,
        guild: GuildId,
        read: impl FnOnce() -> Result<Option<String>>,
    ) -> Result<Option<String>> {
        self.get(|k| &mut k.zones, guild, read)
    }

    /// The lists the server plays (`None`: a direct message), kept or read by `read`.
    pub fn lists(
        &self,
        guild: Option<GuildId>,
        read: impl FnOnce() -> Result<Vec<(String, bool)>>,
    ) -> Result<Lists> {
        self.get(|k| &mut k.lists, guild, || read().map(Lists::from))
    }

    fn lock(&self) -> MutexGuard<'_, Kept> {
        // Nothing kept can be half-written: a panic mid-insert at worst leaves a map without it.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value `pick` keeps for `key`, if it was read under the counter as it reads now; else
    /// read by `read`, and kept if the counter did not move while it was read.
    fn get<K: Eq + Hash, V: Clone>(
        &self,
        pick: impl Fn(&mut Kept) -> &mut HashMap<K, V>,
        key: K,
        read: impl FnOnce() -> Result<V>,
    ) -> Result<V> {
        let Some(changes) = &self.changes else {
            return read();
        };
        let version = changes.current();
        {
            let mut kept = self.lock();
            if kept.version == version
                && let Some(value) = pick(&mut kept).get(&key)
            {
                return Ok(value.clone());
            }
        }
        let value = read()?;
        // Moved while reading: what was read may be older than the change, so it is not kept.
        if changes.current() == version {
            let mut kept = self.lock();
            if kept.version != version {
                kept.clear(version);
            }
            let values = pick(&mut kept);
            if values.len() >= KEPT_SERVERS {
                values.clear();
            }
            values.insert(key, value.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const GUILD: GuildId = GuildId(7);

    fn counted(
        reads: &Cell<u32>,
        value: Option<Locale>,
    ) -> impl FnOnce() -> Result<Option<Locale>> {
        move || {
            reads.set(reads.get() + 1);
            Ok(value)
        }
    }

    #[test]
    fn a_value_is_read_once_until_a_change_then_read_again() {
        let cache = ServerCache::new(ChangeCounter::local());
        let reads = Cell::new(0);
        for _ in 0..3 {
            let got = cache.language(GUILD, counted(&reads, Some(Locale::Korean)));
            assert_eq!(got.expect("read"), Some(Locale::Korean));
        }
        assert_eq!(reads.get(), 1, "kept after the first read");
        cache.changed();
        let got = cache.language(GUILD, counted(&reads, None));
        assert_eq!(
            got.expect("read"),
            None,
            "the change's value, not the kept one"
        );
        assert_eq!(reads.get(), 2);
    }

    #[test]
    fn a_value_read_while_the_database_changed_is_not_kept() {
        let cache = ServerCache::new(ChangeCounter::local());
        let reads = Cell::new(0);
        let got = cache.language(GUILD, || {
            reads.set(reads.get() + 1);
            // Another thread commits a change and bumps while this read runs.
            cache.changed();
            Ok(Some(Locale::English))
        });
        assert_eq!(got.expect("read"), Some(Locale::English));
        let again = cache.language(GUILD, counted(&reads, Some(Locale::Korean)));
        assert_eq!(again.expect("read"), Some(Locale::Korean));
        assert_eq!(
            reads.get(),
            2,
            "read again: the first read may predate the change"
        );
    }

    #[test]
    fn a_failed_read_is_not_kept() {
        let cache = ServerCache::new(ChangeCounter::local());
        let failed = cache.zone(GUILD, || Err(crate::error::Error::Busy));
        assert!(failed.is_err());
        let zone = cache.zone(GUILD, || Ok(Some("Asia/Seoul".to_string())));
        assert_eq!(zone.expect("read").as_deref(), Some("Asia/Seoul"));
    }

    #[test]
    fn servers_and_kinds_are_kept_apart() {
        let cache = ServerCache::new(ChangeCounter::local());
        let lists = |ids: &[&str]| {
            let ids: Vec<(String, bool)> = ids.iter().map(|id| (id.to_string(), false)).collect();
            move || Ok(ids)
        };
        let one = cache.lists(Some(GuildId(1)), lists(&["a"])).expect("read");
        let two = cache.lists(Some(GuildId(2)), lists(&["b"])).expect("read");
        let direct = cache.lists(None, lists(&["a", "b"])).expect("read");
        assert_eq!((one.len(), two.len(), direct.len()), (1, 1, 2));
        let kept = cache.lists(Some(GuildId(2)), lists(&["x", "y", "z"]));
        assert_eq!(kept.expect("read")[0].0, "b");
        let settings = cache.settings(GuildId(1), || Ok(None)).expect("read");
        assert_eq!(settings, None);
    }

    #[test]
    fn a_cache_that_is_off_reads_every_time() {
        let cache = ServerCache::off();
        let reads = Cell::new(0);
        for _ in 0..3 {
            cache.language(GUILD, counted(&reads, None)).expect("read");
        }
        assert_eq!(reads.get(), 3);
    }
}

//! Whether the database may have changed since a value was read from it, known without reading it.
//!
//! Every interaction reads a few small things about its server (its language, settings, time zone,
//! which lists it plays). Kept in memory they cost nothing; read from SQLite they cost a read
//! transaction, whose WAL read lock every connection of the process takes under one process-wide
//! mutex, with a file-lock system call inside it. Under load the runtime's threads queued on that
//! mutex, and a thread descheduled while holding it stalled them all (issue 14: the stalls were the
//! benchmark's p99). So the router keeps those values ([`crate::router::App`]), and drops them
//! whenever this counter moves.
//!
//! Several processes may share one SQLite file (README, "Several processes on one SQLite file"), so
//! the counter lives beside the database, in `<database>-changes`: eight bytes that a process
//! rewrites with a fresh random value after it commits a change, and that a reader reads (one
//! `pread`, no lock) before it reads the database, again before it keeps what it read, and before
//! each use of a kept value. Made with the database file's permissions, as SQLite makes its `-wal`
//! and `-shm`, so that every process that may write the database may move the counter. Random
//! rather than counted: two processes bumping at once cannot write the same value back, so any bump
//! after a read moves the counter away from what that read was kept under. A torn read only reads
//! as a value nobody wrote: the kept values are dropped and read again. An in-memory store has no
//! other process, and keeps its counter in memory.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The database's change counter: see the module's header.
pub enum ChangeCounter {
    /// `<database>-changes`, shared with every process on the file.
    File(File),
    /// An in-memory database's, which no other process can open.
    Local(AtomicU64),
}

impl ChangeCounter {
    /// The counter of the SQLite file `database` (created empty, reading as 0, if it is not there,
    /// with the database's permissions).
    pub fn beside(database: &Path) -> std::io::Result<ChangeCounter> {
        let mut name = database.as_os_str().to_owned();
        name.push("-changes");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(name)?;
        if file.metadata()?.len() == 0
            && let Ok(database) = std::fs::metadata(database)
        {
            // Only its owner may change a file's mode: a process of another user leaves it be.
            let _ = file.set_permissions(database.permissions());
        }
        Ok(ChangeCounter::File(file))
    }

    /// A counter for a database only this process can open.
    pub fn local() -> ChangeCounter {
        ChangeCounter::Local(AtomicU64::new(0))
    }

    /// The counter now. A file that cannot be read reads as a fresh random value, which matches
    /// nothing kept: every value is read from the database again.
    pub fn current(&self) -> u64 {
        match self {
            ChangeCounter::File(file) => {
                let mut bytes = [0u8; 8];
                match read_at(file, &mut bytes) {
                    Ok(8) => u64::from_le_bytes(bytes),
                    // Never bumped yet.
                    Ok(0) => 0,
                    Ok(_) | Err(_) => rand::random(),
                }
            }
            ChangeCounter::Local(counter) => counter.load(Ordering::Acquire),
        }
    }

    /// Moves the counter, after a change has been committed. A failure is logged: the other
    /// processes then keep what they read until the next bump that succeeds.
    pub fn bump(&self) {
        match self {
            ChangeCounter::File(file) => {
                if let Err(e) = write_at(file, &rand::random::<u64>().to_le_bytes()) {
                    tracing::warn!(error = %e, "cannot mark the database changed for other processes");
                }
            }
            ChangeCounter::Local(counter) => {
                counter.fetch_add(1, Ordering::AcqRel);
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8; 8]) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, bytes, 0)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8; 8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, 0)
}

/// Elsewhere there is no positioned read: the counter reads as moved at each use, so nothing is
/// kept (the bot runs on Linux; this only keeps other systems building).
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8; 8]) -> std::io::Result<usize> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8; 8]) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_in_one_process_is_seen_by_another_on_the_same_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let database = dir.path().join("bot.db");
        let (here, there) = (
            ChangeCounter::beside(&database).expect("open"),
            ChangeCounter::beside(&database).expect("open"),
        );
        assert_eq!(here.current(), 0, "a new file reads as never bumped");
        let mut seen = vec![here.current()];
        for _ in 0..20 {
            there.bump();
            let now = here.current();
            assert!(
                !seen.contains(&now),
                "every bump is a value not seen before"
            );
            assert_eq!(now, there.current());
            seen.push(now);
        }
        assert!(dir.path().join("bot.db-changes").exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_counter_is_made_with_the_databases_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let database = dir.path().join("shared.db");
        std::fs::write(&database, b"").expect("a database file");
        std::fs::set_permissions(&database, std::fs::Permissions::from_mode(0o660))
            .expect("group-writable");
        ChangeCounter::beside(&database).expect("open").bump();
        let made = std::fs::metadata(dir.path().join("shared.db-changes")).expect("made");
        assert_eq!(made.permissions().mode() & 0o777, 0o660);
    }

    #[test]
    fn an_in_memory_counter_moves_at_each_bump() {
        let counter = ChangeCounter::local();
        let before = counter.current();
        counter.bump();
        assert_ne!(counter.current(), before);
    }
}

//! What every entry point does first: find the packs, check them, open the store and import them.
//!
//! Several processes may start on one database file at once (a restart that overlaps the old
//! process, `dramabot import` beside a running bot, a gateway process and HTTP workers): the
//! [`StartLock`] makes them open, migrate and import one after the other, so the later ones wait
//! their turn and find the work done instead of failing with "database is locked".

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::pack::{self, Pack, Problem};
use crate::store::{ImportReport, Store};

/// The pack files named by `paths`: files as they are, folders by their `*.toml` files. `None`
/// means the configured packs folder.
pub fn pack_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(pack::files_in(path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Reads and validates packs; returns them, or every problem found in any of them.
pub fn read_packs(files: &[PathBuf]) -> std::result::Result<Vec<Pack>, Vec<Problem>> {
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match pack::read_file(file) {
            Ok(p) => packs.push(p),
            Err(mut ps) => problems.append(&mut ps),
        }
    }
    problems.extend(pack::validate_set(&packs));
    if problems.is_empty() {
        Ok(packs)
    } else {
        Err(problems)
    }
}

/// What a start found: the store, what the import did, and the problems of a pack set that was
/// refused (then nothing was imported and the store keeps what it had).
pub struct Loaded {
    pub store: Store,
    pub reports: Vec<ImportReport>,
    pub refused: Vec<Problem>,
}

/// An exclusive lock on `<database>-start.lock`, held while a process opens, migrates and imports
/// into the database file, so processes starting together take turns. The operating system drops
/// it when the process ends, killed or not, so a crash never leaves a stale lock behind.
#[derive(Debug)]
pub struct StartLock {
    /// `None` for an in-memory database, which no other process can open.
    _file: Option<File>,
}

impl StartLock {
    /// Takes the lock for `database`, waiting for another process that holds it (and saying so in
    /// the log, since the wait may last as long as that process's import).
    pub fn acquire(database: &str) -> Result<StartLock> {
        // PostgreSQL takes its own locks (the migration's and the import's, in the database).
        if database == ":memory:" || crate::store::is_database_url(database) {
            return Ok(StartLock { _file: None });
        }
        let path = format!("{database}-start.lock");
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                tracing::info!(
                    lock = path,
                    "another dramabot process is starting on this database; waiting for it"
                );
                file.lock().map_err(io)?;
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }
        Ok(StartLock { _file: Some(file) })
    }
}

/// Opens the store at `database` and imports every pack of `packs_dir` (the full set: a pack whose
/// file is gone is retired). A bad pack is refused with the whole set, and the bot starts with the
/// content it had: a typo in a pack never takes a running community's bot offline. Another process
/// starting on the same file waits until this one is done ([`StartLock`]).
pub fn open_and_import(database: &str, packs_dir: &Path, now: Timestamp) -> Result<Loaded> {
    let files = pack_files(&[packs_dir.to_path_buf()])?;
    let _turn = StartLock::acquire(database)?;
    let mut store = Store::open_database(database)?;
    match read_packs(&files) {
        Ok(packs) => {
            let reports = store.import(&packs, now, true)?;
            Ok(Loaded {
                store,
                reports,
                refused: Vec::new(),
            })
        }
        Err(refused) => Ok(Loaded {
            store,
            reports: Vec::new(),
            refused,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "[drama]\nid = \"d\"\ntitle = \"D\"\ntitle_ko = \"디\"\nnetwork = \"N\"\nyear = 2025\nepisodes = 8\n";

    #[test]
    fn processes_starting_together_on_one_file_take_turns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("bot.db");
        let db = db.to_str().expect("utf-8 path").to_string();
        let packs = dir.path().join("packs");
        std::fs::create_dir(&packs).expect("mkdir");
        let questions: String = (0..200)
            .map(|n| format!("\n[[question]]\nid = \"q{n}\"\nquestion = \"Which word is right in round {n}?\"\nanswer = \"right{n}\"\nwrong = [\"a{n}\", \"b{n}\", \"c{n}\"]\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n"))
            .collect();
        let source = "\n[[source]]\nid = \"s\"\nurl = \"https://example.com/a\"\noutlet = \"Example\"\ntitle = \"A\"\ndate = \"2025-01-01\"\n";
        std::fs::write(packs.join("d.toml"), format!("{PACK}{source}{questions}")).expect("write");
        // Each thread opens the file on its own, as separate processes do (the start lock is per
        // open file, so threads contend for it as processes would).
        let starts: Vec<_> = (0..4)
            .map(|_| {
                let (db, packs) = (db.clone(), packs.clone());
                std::thread::spawn(move || {
                    let loaded = open_and_import(&db, &packs, Timestamp::UNIX_EPOCH)?;
                    assert!(
                        loaded.refused.is_empty(),
                        "{}",
                        Problem::list(&loaded.refused)
                    );
                    Ok::<_, Error>(loaded.reports[0].to_string())
                })
            })
            .collect();
        let mut reports: Vec<String> = starts
            .into_iter()
            .map(|start| {
                start
                    .join()
                    .expect("no panic")
                    .expect("every start succeeds")
            })
            .collect();
        reports.sort();
        // One of them imported the pack; the others waited their turn and found it done.
        assert_eq!(
            reports,
            [
                "d: 201 added, 0 updated, 0 retired",
                "d: unchanged",
                "d: unchanged",
                "d: unchanged",
            ]
        );
    }

    #[test]
    fn a_bad_pack_is_refused_and_the_store_keeps_what_it_had() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("bot.db");
        let db = db.to_str().expect("utf-8 path");
        let packs = dir.path().join("packs");
        std::fs::create_dir(&packs).expect("mkdir");
        std::fs::write(packs.join("d.toml"), PACK).expect("write");
        let first = open_and_import(db, &packs, Timestamp::UNIX_EPOCH).expect("start");
        assert!(first.refused.is_empty());
        assert_eq!(first.store.pack_summaries().expect("packs").len(), 1);
        drop(first);

        // The pack breaks (a question citing an undeclared source): the next start refuses it,
        // names the file, line and item, and keeps the pack as it was.
        let broken = format!(
            "{PACK}\n[[question]]\nid = \"q\"\nquestion = \"Who?\"\nanswer = \"A\"\nwrong = [\"B\", \"C\", \"D\"]\ndifficulty = 1\ncategory = \"cast\"\nsource = \"nowhere\"\n"
        );
        std::fs::write(packs.join("d.toml"), broken).expect("write");
        let second = open_and_import(db, &packs, Timestamp::UNIX_EPOCH).expect("start");
        assert!(second.reports.is_empty());
        let refused = Problem::list(&second.refused);
        assert!(
            refused.contains("d.toml:16: q: unknown source `nowhere`"),
            "{refused}"
        );
        let summaries = second.store.pack_summaries().expect("packs");
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].questions, 0);
    }
}

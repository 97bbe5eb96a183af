//! What every entry point does first: find the packs, check them, open the store and import them.

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

/// Opens the store at `database` and imports every pack of `packs_dir` (the full set: a pack whose
/// file is gone is retired). A bad pack is refused with the whole set, and the bot starts with the
/// content it had: a typo in a pack never takes a running community's bot offline.
pub fn open_and_import(database: &str, packs_dir: &Path, now: Timestamp) -> Result<Loaded> {
    let files = pack_files(&[packs_dir.to_path_buf()])?;
    let mut store = Store::open(database)?;
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

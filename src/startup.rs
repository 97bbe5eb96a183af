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

/// Opens the store at `database` and imports every pack of `packs_dir` (the full set: a pack whose
/// file is gone is retired). A bad pack stops here, and nothing is imported.
pub fn open_and_import(
    database: &str,
    packs_dir: &Path,
    now: Timestamp,
) -> Result<(Store, Vec<ImportReport>)> {
    let files = pack_files(&[packs_dir.to_path_buf()])?;
    let packs = read_packs(&files).map_err(Error::InvalidPacks)?;
    let mut store = Store::open(database)?;
    let reports = store.import(&packs, now, true)?;
    Ok((store, reports))
}

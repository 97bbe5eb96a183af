//! Importing fact packs into the store.
//!
//! All packs go in one transaction, after validation: a bad pack changes nothing. A pack whose file
//! fingerprint matches the last import is skipped without a single write. Otherwise each item is
//! matched to its row by (pack, slug): an unchanged item (same canonical JSON) is left alone, a changed
//! one is updated in place (so its primary key, and everything that refers to it, stays), a new one is
//! added, and a row whose item has left the pack is retired, never deleted.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use serde::Serialize;

use super::bank::BANK_PREFIX;
use super::db::ToSql;
use super::db::{self, OptionalExtension, Transaction, params};
use super::{Store, stamp};
use crate::error::{Error, Result};
use crate::pack::{self, Pack};

/// What an import did to one pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub pack: String,
    pub change: PackChange,
}

/// What an import did to one pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackChange {
    /// The file is the one imported last time: nothing was written.
    Unchanged,
    /// Items were added, updated in place or retired (counts over every kind of item).
    Imported {
        added: usize,
        updated: usize,
        retired: usize,
    },
    /// The pack's file is no longer among the packs: the pack and its items were retired.
    Retired,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.change {
            PackChange::Unchanged => write!(f, "{}: unchanged", self.pack),
            PackChange::Imported {
                added,
                updated,
                retired,
            } => write!(
                f,
                "{}: {added} added, {updated} updated, {retired} retired",
                self.pack
            ),
            PackChange::Retired => write!(f, "{}: retired (its file is gone)", self.pack),
        }
    }
}

/// The item tables, in an order where every table comes after those it refers to.
const ITEM_TABLES: [&str; 7] = [
    "source",
    "person",
    "character",
    "credit",
    "fact",
    "quote",
    "question",
];

impl Store {
    /// Validates `packs` together and imports them in one transaction. With `retire_missing_packs`,
    /// the packs are the whole set: a pack in the store but not among them is retired.
    pub fn import(
        &mut self,
        packs: &[Pack],
        now: Timestamp,
        retire_missing_packs: bool,
    ) -> Result<Vec<ImportReport>> {
        let problems = pack::validate_set(packs);
        if !problems.is_empty() {
            return Err(Error::InvalidPacks(problems));
        }
        // Servers' banks are pack rows with no file, `bank-<server id>`: a file pack may never
        // take such an id, or a server's approved items would land in it (or it in theirs).
        let banks: Vec<pack::Problem> = packs
            .iter()
            .filter(|pack| pack.drama.item.id.starts_with(BANK_PREFIX))
            .map(|pack| pack::Problem {
                file: pack.file.clone(),
                line: pack.drama.line_of("id"),
                item: pack.drama.item.id.clone(),
                message: format!(
                    "drama ids starting with `{BANK_PREFIX}` are kept for servers' own lists"
                ),
            })
            .collect();
        if !banks.is_empty() {
            return Err(Error::InvalidPacks(banks));
        }
        let tx = self.conn.transaction()?;
        if tx.is_postgres() {
            // Processes starting together on one PostgreSQL database import one after the other
            // (SQLite's `BEGIN IMMEDIATE` does the same on a file): the second, reading after the
            // first committed, finds every pack unchanged.
            tx.execute_batch(
                "SELECT pg_advisory_xact_lock(hashtext('dramabot-import:' || current_schema()))",
            )?;
        }
        let mut reports = Vec::new();
        for pack in packs {
            let change = import_pack(&tx, pack, now)?;
            reports.push(ImportReport {
                pack: pack.drama.item.id.clone(),
                change,
            });
        }
        if retire_missing_packs {
            let keep: HashSet<&str> = packs.iter().map(|p| p.drama.item.id.as_str()).collect();
            let current: Vec<String> = {
                // Banks have no file, so they are never "missing": only file packs retire here.
                let mut stmt = tx
                    .prepare_cached("SELECT id FROM pack WHERE retired = 0 AND guild_id IS NULL")?;
                stmt.query_map(params![], |r| r.get(0))?
                    .collect::<db::Result<_>>()?
            };
            for id in current.into_iter().filter(|id| !keep.contains(id.as_str())) {
                tx.execute("UPDATE pack SET retired = 1 WHERE id = ?1", [&id])?;
                for table in ITEM_TABLES {
                    tx.execute(
                        &format!("UPDATE {table} SET retired = 1 WHERE pack = ?1"),
                        [&id],
                    )?;
                }
                reports.push(ImportReport {
                    pack: id,
                    change: PackChange::Retired,
                });
            }
        }
        tx.commit()?;
        Ok(reports)
    }
}

#[derive(Default)]
struct Counts {
    added: usize,
    updated: usize,
    retired: usize,
}

#[derive(PartialEq, Eq)]
enum ItemChange {
    Added,
    Updated,
    Unchanged,
}

/// One item's row: its table, slug, canonical JSON and the columns queries read.
struct ItemRow<'a> {
    table: &'static str,
    pack: &'a str,
    slug: &'a str,
    data: String,
    columns: Vec<(&'static str, &'a dyn ToSql)>,
}

pub(super) fn canonical<T: Serialize>(item: &T) -> Result<String> {
    // Serializing our own plain structs cannot fail; map it anyway rather than unwrap.
    serde_json::to_string(item)
        .map_err(|e| Error::Encoding(format!("cannot serialize an item: {e}")))
}

fn import_pack(tx: &Transaction<'_>, pack: &Pack, now: Timestamp) -> Result<PackChange> {
    let drama = &pack.drama.item;
    let previous: Option<(String, i64)> = tx
        .prepare_cached("SELECT fingerprint, retired FROM pack WHERE id = ?1")?
        .query_row([&drama.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if previous == Some((pack.fingerprint.clone(), 0)) {
        return Ok(PackChange::Unchanged);
    }
    tx.prepare_cached(
        "INSERT INTO pack (id, title, title_ko, network, year, episodes, data, file, fingerprint,
                           imported_at, retired)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, title_ko = excluded.title_ko,
             network = excluded.network, year = excluded.year, episodes = excluded.episodes,
             data = excluded.data, file = excluded.file, fingerprint = excluded.fingerprint,
             imported_at = excluded.imported_at, retired = 0",
    )?
    .execute(params![
        drama.id,
        drama.title,
        drama.title_ko,
        drama.network,
        drama.year,
        drama.episodes,
        canonical(drama)?,
        pack.file,
        pack.fingerprint,
        stamp(now),
    ])?;

    let id = drama.id.as_str();
    let mut counts = Counts::default();

    let mut sources = HashMap::new();
    for s in &pack.sources {
        let s = &s.item;
        let (pk, _) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "source",
                pack: id,
                slug: &s.id,
                data: canonical(s)?,
                columns: vec![
                    ("outlet", &s.outlet),
                    ("title", &s.title),
                    ("date", &s.date),
                    ("url", &s.url),
                ],
            },
        )?;
        sources.insert(s.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "source", id, &sources)?;

    let mut people = HashMap::new();
    for p in &pack.people {
        let p = &p.item;
        let (pk, change) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "person",
                pack: id,
                slug: &p.id,
                data: canonical(p)?,
                columns: vec![
                    ("name", &p.name),
                    ("name_ko", &p.name_ko),
                    ("note", &p.note),
                ],
            },
        )?;
        if change != ItemChange::Unchanged {
            replace_aliases(tx, "person_pk", pk, &p.aliases, &p.aliases_general)?;
        }
        people.insert(p.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "person", id, &people)?;

    let mut characters = HashMap::new();
    for c in &pack.characters {
        let c = &c.item;
        let source = c.source.as_deref().and_then(|s| sources.get(s).copied());
        let (pk, change) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "character",
                pack: id,
                slug: &c.id,
                data: canonical(c)?,
                columns: vec![
                    ("name", &c.name),
                    ("name_ko", &c.name_ko),
                    ("description", &c.description),
                    ("source_pk", &source),
                    ("episode", &c.episode),
                ],
            },
        )?;
        if change != ItemChange::Unchanged {
            replace_aliases(tx, "character_pk", pk, &c.aliases, &c.aliases_general)?;
        }
        characters.insert(c.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "character", id, &characters)?;

    // Validation guarantees every reference below resolves; `None` cannot reach a NOT NULL column.
    let mut credits = HashMap::new();
    for c in &pack.credits {
        let c = &c.item;
        let person = people.get(c.person.as_str()).copied();
        let character = c
            .character
            .as_deref()
            .and_then(|ch| characters.get(ch).copied());
        let source = sources.get(c.source.as_str()).copied();
        let role = c.role.as_str();
        let (pk, _) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "credit",
                pack: id,
                slug: &c.id,
                data: canonical(c)?,
                columns: vec![
                    ("person_pk", &person),
                    ("role", &role),
                    ("character_pk", &character),
                    ("source_pk", &source),
                    ("note", &c.note),
                    ("episode", &c.episode),
                ],
            },
        )?;
        credits.insert(c.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "credit", id, &credits)?;

    let mut facts = HashMap::new();
    for f in &pack.facts {
        let f = &f.item;
        let source = sources.get(f.source.as_str()).copied();
        let (pk, change) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "fact",
                pack: id,
                slug: &f.id,
                data: canonical(f)?,
                columns: vec![
                    ("text", &f.text),
                    ("source_pk", &source),
                    ("episode", &f.episode),
                ],
            },
        )?;
        if change != ItemChange::Unchanged {
            tx.prepare_cached("DELETE FROM fact_about WHERE fact_pk = ?1")?
                .execute([pk])?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO fact_about (fact_pk, person_pk, character_pk, drama)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for subject in &f.about {
                let person = people.get(subject.as_str()).copied();
                let character = characters.get(subject.as_str()).copied();
                let drama = (person.is_none() && character.is_none()).then_some(id);
                // A slug used by both a person and a character: the person wins, exactly once.
                let character = character.filter(|_| person.is_none());
                insert.execute(params![pk, person, character, drama])?;
            }
        }
        facts.insert(f.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "fact", id, &facts)?;

    let mut quotes = HashMap::new();
    for q in &pack.quotes {
        let q = &q.item;
        let person = people.get(q.speaker.as_str()).copied();
        let character = characters
            .get(q.speaker.as_str())
            .copied()
            .filter(|_| person.is_none());
        let source = sources.get(q.source.as_str()).copied();
        let kind = q.kind.as_str();
        let (pk, _) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "quote",
                pack: id,
                slug: &q.id,
                data: canonical(q)?,
                columns: vec![
                    ("text", &q.text),
                    ("speaker_person_pk", &person),
                    ("speaker_character_pk", &character),
                    ("kind", &kind),
                    ("context", &q.context),
                    ("source_pk", &source),
                    ("episode", &q.episode),
                ],
            },
        )?;
        quotes.insert(q.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "quote", id, &quotes)?;

    let mut questions = HashMap::new();
    for q in &pack.questions {
        let q = &q.item;
        let source = sources.get(q.source.as_str()).copied();
        let wrong = canonical(&q.wrong)?;
        let accept = canonical(&q.accept)?;
        let category = q.category.as_str();
        let (pk, _) = upsert(
            tx,
            &mut counts,
            ItemRow {
                table: "question",
                pack: id,
                slug: &q.id,
                data: canonical(q)?,
                columns: vec![
                    ("question", &q.question),
                    ("answer", &q.answer),
                    ("wrong", &wrong),
                    ("accept", &accept),
                    ("difficulty", &q.difficulty),
                    ("category", &category),
                    ("explanation", &q.explanation),
                    ("source_pk", &source),
                    ("episode", &q.episode),
                ],
            },
        )?;
        questions.insert(q.id.as_str(), pk);
    }
    retire_missing(tx, &mut counts, "question", id, &questions)?;

    Ok(PackChange::Imported {
        added: counts.added,
        updated: counts.updated,
        retired: counts.retired,
    })
}

/// Inserts or updates one item's row by (pack, slug); returns its primary key and what changed.
fn upsert(
    tx: &Transaction<'_>,
    counts: &mut Counts,
    row: ItemRow<'_>,
) -> Result<(i64, ItemChange)> {
    let table = row.table;
    let existing: Option<(i64, String, i64)> = tx
        .prepare_cached(&format!(
            "SELECT pk, data, retired FROM {table} WHERE pack = ?1 AND slug = ?2"
        ))?
        .query_row([row.pack, row.slug], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let names: Vec<&str> = row.columns.iter().map(|(name, _)| *name).collect();
    let mut values: Vec<&dyn ToSql> = row.columns.iter().map(|(_, value)| *value).collect();
    match existing {
        Some((pk, data, 0)) if data == row.data => Ok((pk, ItemChange::Unchanged)),
        Some((pk, _, _)) => {
            let sets: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, name)| format!("{name} = ?{}", i + 3))
                .collect();
            let sql = format!(
                "UPDATE {table} SET data = ?1, retired = 0, {} WHERE pk = ?2",
                sets.join(", ")
            );
            let mut all: Vec<&dyn ToSql> = vec![&row.data, &pk];
            all.append(&mut values);
            tx.prepare_cached(&sql)?.execute(all.as_slice())?;
            counts.updated += 1;
            Ok((pk, ItemChange::Updated))
        }
        None => {
            let placeholders: Vec<String> = (4..names.len() + 4).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {table} (pack, slug, data, {}) VALUES (?1, ?2, ?3, {}) RETURNING pk",
                names.join(", "),
                placeholders.join(", ")
            );
            let mut all: Vec<&dyn ToSql> = vec![&row.pack, &row.slug, &row.data];
            all.append(&mut values);
            let pk = tx
                .prepare_cached(&sql)?
                .query_row(all.as_slice(), |r| r.get(0))?;
            counts.added += 1;
            Ok((pk, ItemChange::Added))
        }
    }
}

/// Retires the rows of `table` in `pack` whose slug is not among `present`.
fn retire_missing(
    tx: &Transaction<'_>,
    counts: &mut Counts,
    table: &str,
    pack: &str,
    present: &HashMap<&str, i64>,
) -> Result<()> {
    let current: Vec<(i64, String)> = tx
        .prepare_cached(&format!(
            "SELECT pk, slug FROM {table} WHERE pack = ?1 AND retired = 0"
        ))?
        .query_map([pack], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<db::Result<_>>()?;
    let mut retire = tx.prepare_cached(&format!("UPDATE {table} SET retired = 1 WHERE pk = ?1"))?;
    for (pk, slug) in current {
        if !present.contains_key(slug.as_str()) {
            retire.execute([pk])?;
            counts.retired += 1;
        }
    }
    Ok(())
}

fn replace_aliases(
    tx: &Transaction<'_>,
    owner_column: &str,
    owner: i64,
    from_sources: &[String],
    general: &[String],
) -> Result<()> {
    tx.prepare_cached(&format!("DELETE FROM alias WHERE {owner_column} = ?1"))?
        .execute([owner])?;
    let mut insert = tx.prepare_cached(&format!(
        "INSERT INTO alias ({owner_column}, text, origin) VALUES (?1, ?2, ?3)"
    ))?;
    for alias in from_sources {
        insert.execute(params![owner, alias, "source"])?;
    }
    for alias in general {
        insert.execute(params![owner, alias, "general"])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scope;
    use crate::store::tests::{SAMPLE, sample_pack};

    fn imported(reports: &[ImportReport]) -> Vec<String> {
        reports.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn a_first_import_adds_every_item() {
        let mut store = Store::for_tests();
        let reports = store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, true)
            .expect("import");
        assert_eq!(
            imported(&reports),
            vec!["sample: 8 added, 0 updated, 0 retired"]
        );
    }

    #[test]
    fn re_importing_an_unchanged_pack_writes_nothing() {
        let mut store = Store::for_tests();
        let pack = sample_pack(SAMPLE);
        store
            .import(std::slice::from_ref(&pack), Timestamp::UNIX_EPOCH, true)
            .expect("import");
        let before = store.total_changes();
        let reports = store
            .import(&[pack], Timestamp::UNIX_EPOCH, true)
            .expect("re-import");
        assert_eq!(imported(&reports), vec!["sample: unchanged"]);
        assert_eq!(store.total_changes(), before);
    }

    #[test]
    fn a_changed_pack_updates_in_place_and_retires_what_left() {
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, true)
            .expect("import");
        let pk_before: i64 = store
            .conn
            .query_row(
                "SELECT pk FROM fact WHERE slug = 'height'",
                params![],
                |r| r.get(0),
            )
            .expect("fact row");

        let changed = SAMPLE
            .replace("Both are 188 cm tall.", "Both stand 188 cm tall.")
            .replace("[[fact]]\nid = \"finale\"", "[[fact]]\nid = \"ending\"");
        let reports = store
            .import(&[sample_pack(&changed)], Timestamp::UNIX_EPOCH, true)
            .expect("import of the changed pack");
        assert_eq!(
            imported(&reports),
            vec!["sample: 1 added, 1 updated, 1 retired"]
        );

        let (pk_after, text): (i64, String) = store
            .conn
            .query_row(
                "SELECT pk, text FROM fact WHERE slug = 'height'",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("fact row");
        assert_eq!(pk_after, pk_before, "updated in place");
        assert_eq!(text, "Both stand 188 cm tall.");
        let slugs: Vec<String> = store
            .facts(Scope::default())
            .expect("facts")
            .into_iter()
            .map(|f| f.slug)
            .collect();
        assert_eq!(
            slugs,
            vec!["height", "ending"],
            "the retired fact is not shown"
        );
        let retired: i64 = store
            .conn
            .query_row(
                "SELECT retired FROM fact WHERE slug = 'finale'",
                params![],
                |r| r.get(0),
            )
            .expect("the retired row is kept");
        assert_eq!(retired, 1);

        // An item that comes back is revived in place.
        let reports = store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, true)
            .expect("import of the original again");
        assert_eq!(
            imported(&reports),
            vec!["sample: 0 added, 2 updated, 1 retired"]
        );
    }

    #[test]
    fn a_bad_pack_changes_nothing() {
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, true)
            .expect("import");
        let before = store.total_changes();
        let bad = SAMPLE
            .replace("Both are 188 cm tall.", "Changed.")
            .replace("speaker = \"baek-kang-hyuk\"", "speaker = \"nobody\"");
        let err = store
            .import(&[sample_pack(&bad)], Timestamp::UNIX_EPOCH, true)
            .expect_err("refused");
        assert!(
            err.to_string().contains("unknown speaker `nobody`"),
            "{err}"
        );
        assert_eq!(store.total_changes(), before);
        assert_eq!(
            store.facts(Scope::default()).expect("facts")[0].text,
            "Both are 188 cm tall."
        );
    }

    #[test]
    fn a_pack_whose_file_is_gone_is_retired_with_its_items() {
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, true)
            .expect("import");
        let reports = store
            .import(&[], Timestamp::UNIX_EPOCH, true)
            .expect("import");
        assert_eq!(
            imported(&reports),
            vec!["sample: retired (its file is gone)"]
        );
        assert!(store.pack_summaries().expect("summaries").is_empty());
        assert!(store.facts(Scope::default()).expect("facts").is_empty());
        // Importing a single file never retires the others.
        store
            .import(&[sample_pack(SAMPLE)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        assert_eq!(store.pack_summaries().expect("summaries").len(), 1);
    }
}

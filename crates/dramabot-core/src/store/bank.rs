//! The store's side of each server's bank and lists.
//!
//! A server's approved items live in the same tables as the packs' (so trivia, quotes and facts
//! read them with the same no-repeat cycles, spoiler guard and citations), under one pack row per
//! server: `bank-<server id>`, with `guild_id` set and no file. Each item brings its own source;
//! its speaker or subjects are resolved against the drama's pack, so a bank quote by a character
//! is found by the same names as the pack's. `bank_item` records who approved and removed what;
//! removing retires the rows, never deletes them, so history that points at an item stays valid.
//! `list_off` holds the lists a server turned off.

use jiff::Timestamp;

use super::db::{self, OptionalExtension, Transaction, params};
use super::import::canonical;
use super::{Store, stamp};
use crate::error::{Error, Result};
use crate::ids::{GuildId, UserId};
use crate::model::{BankItem, ContentList, ItemKind};
use crate::pack::Pack;

/// How every bank's pack id starts; file packs may not use it.
pub(crate) const BANK_PREFIX: &str = "bank-";

/// The pack id of a server's bank.
pub fn bank_id(guild: GuildId) -> String {
    format!("{BANK_PREFIX}{}", guild.0)
}

/// How a server's bank is titled where a title is needed; `/lists` names it in the member's
/// language.
const BANK_TITLE: &str = "This server's own";
const BANK_TITLE_KO: &str = "이 서버의 목록";

/// What [`Store::set_list_enabled`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListChange {
    /// The list is now on (or off).
    Changed,
    /// It already was.
    Unchanged,
    /// Turning it off would leave the server nothing to play: refused, nothing changed.
    LastOne,
    /// No such list for this server.
    Unknown,
}

/// A speaker or a subject, resolved against the drama's pack.
enum Subject {
    Person(i64),
    Character(i64),
    Drama,
}

impl Store {
    /// Adds `pack`'s one item (a question, quote or fact) and its source to `guild`'s bank, of
    /// `drama`, in one transaction: the bank's pack row is made on first use, the item's id is
    /// kept unless the bank already has it (then `-2`, `-3`...), and its speaker or subjects are
    /// resolved against `drama`'s pack (a person also by their id in any pack).
    pub fn add_to_bank(
        &mut self,
        guild: GuildId,
        drama: &str,
        pack: &Pack,
        decided_by: UserId,
        now: Timestamp,
    ) -> Result<BankItem> {
        let tx = self.conn.transaction()?;
        let item = insert_bank_item(&tx, guild, drama, pack, decided_by, now)?;
        tx.commit()?;
        Ok(item)
    }
}

/// [`Store::add_to_bank`]'s work inside a transaction the caller commits, so that approving a
/// submission can decide it and bank it in one.
pub(super) fn insert_bank_item(
    tx: &Transaction<'_>,
    guild: GuildId,
    drama: &str,
    pack: &Pack,
    decided_by: UserId,
    now: Timestamp,
) -> Result<BankItem> {
    let items = pack.questions.len() + pack.quotes.len() + pack.facts.len();
    if items != 1 {
        return Err(Error::BadInput(format!(
            "A bank takes one item at a time; this has {items}."
        )));
    }
    let bank = bank_id(guild);
    tx.prepare_cached(
        "INSERT INTO pack (id, title, title_ko, network, year, episodes, data, file, fingerprint,
                               imported_at, retired, guild_id)
             VALUES (?1, ?2, ?3, '', 0, 0, '{}', '', '', ?4, 0, ?5)
             ON CONFLICT(id) DO NOTHING",
    )?
    .execute(params![bank, BANK_TITLE, BANK_TITLE_KO, stamp(now), guild])?;
    let owner: Option<GuildId> = tx
        .prepare_cached("SELECT guild_id FROM pack WHERE id = ?1")?
        .query_row([&bank], |r| r.get(0))?;
    if owner != Some(guild) {
        // Only a database written before file packs were kept off `bank-` ids can get here.
        return Err(Error::Encoding(format!(
            "the pack `{bank}` is not this server's bank"
        )));
    }

    let (kind, base, source_id) = if let Some(q) = pack.questions.first() {
        (ItemKind::Question, &q.item.id, &q.item.source)
    } else if let Some(q) = pack.quotes.first() {
        (ItemKind::Quote, &q.item.id, &q.item.source)
    } else if let Some(f) = pack.facts.first() {
        (ItemKind::Fact, &f.item.id, &f.item.source)
    } else {
        return Err(Error::BadInput("There is no item to add.".into()));
    };
    let source = pack
        .sources
        .iter()
        .map(|s| &s.item)
        .find(|s| &s.id == source_id)
        .ok_or_else(|| Error::BadInput(format!("The source `{source_id}` is missing.")))?;
    let slug = free_slug(tx, guild, base)?;

    let source_pk: i64 = tx
        .prepare_cached(
            "INSERT INTO source (pack, slug, outlet, title, date, url, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING pk",
        )?
        .query_row(
            params![
                bank,
                slug,
                source.outlet,
                source.title,
                source.date,
                source.url,
                canonical(source)?
            ],
            |r| r.get(0),
        )?;

    let (pk, text) =
        match kind {
            ItemKind::Question => {
                let Some(q) = pack.questions.first().map(|q| &q.item) else {
                    return Err(Error::BadInput("There is no question to add.".into()));
                };
                let pk = tx
                .prepare_cached(
                "INSERT INTO question (pack, slug, question, answer, wrong, accept, difficulty,
                                           category, explanation, source_pk, episode, data, drama)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     RETURNING pk",
            )?
            .query_row(params![
                bank,
                slug,
                q.question,
                q.answer,
                canonical(&q.wrong)?,
                canonical(&q.accept)?,
                q.difficulty,
                q.category.as_str(),
                q.explanation,
                source_pk,
                q.episode,
                canonical(q)?,
                drama
            ], |r| r.get::<_, i64>(0))?;
                (pk, q.question.clone())
            }
            ItemKind::Quote => {
                let Some(q) = pack.quotes.first().map(|q| &q.item) else {
                    return Err(Error::BadInput("There is no quote to add.".into()));
                };
                let (person, character) = match resolve(tx, drama, &q.speaker)? {
                    Subject::Person(pk) => (Some(pk), None),
                    Subject::Character(pk) => (None, Some(pk)),
                    Subject::Drama => {
                        return Err(Error::BadInput(format!(
                            "The speaker `{}` is a drama, not a person or a character.",
                            q.speaker
                        )));
                    }
                };
                let pk = tx
                .prepare_cached(
                "INSERT INTO quote (pack, slug, text, speaker_person_pk, speaker_character_pk,
                                        kind, context, source_pk, episode, data, drama)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     RETURNING pk",
            )?
            .query_row(params![
                bank,
                slug,
                q.text,
                person,
                character,
                q.kind.as_str(),
                q.context,
                source_pk,
                q.episode,
                canonical(q)?,
                drama
            ], |r| r.get::<_, i64>(0))?;
                (pk, q.text.clone())
            }
            ItemKind::Fact => {
                let Some(f) = pack.facts.first().map(|f| &f.item) else {
                    return Err(Error::BadInput("There is no fact to add.".into()));
                };
                let pk: i64 = tx
                    .prepare_cached(
                        "INSERT INTO fact (pack, slug, text, source_pk, episode, data, drama)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING pk",
                    )?
                    .query_row(
                        params![
                            bank,
                            slug,
                            f.text,
                            source_pk,
                            f.episode,
                            canonical(f)?,
                            drama
                        ],
                        |r| r.get(0),
                    )?;
                let mut insert = tx.prepare_cached(
                    "INSERT INTO fact_about (fact_pk, person_pk, character_pk, drama)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for subject in &f.about {
                    let (person, character, of) = match resolve(tx, drama, subject)? {
                        Subject::Person(p) => (Some(p), None, None),
                        Subject::Character(c) => (None, Some(c), None),
                        Subject::Drama => (None, None, Some(drama)),
                    };
                    insert.execute(params![pk, person, character, of])?;
                }
                (pk, f.text.clone())
            }
        };
    tx.prepare_cached(
        "INSERT INTO bank_item (guild_id, slug, kind, item_pk, approved_by, approved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        guild,
        slug,
        kind.as_str(),
        pk,
        decided_by,
        stamp(now)
    ])?;
    Ok(BankItem {
        slug,
        kind,
        pk,
        text,
        removed: false,
    })
}

impl Store {
    /// Removes (retires) the item `slug` of `guild`'s bank, with its source: it is never shown
    /// again, and everything that points at it (a past quote of the day, trivia answers) stays.
    /// `None` if the bank has no such item; an item removed before is returned as it is, with
    /// `false` (nothing changed).
    pub fn remove_bank_item(
        &mut self,
        guild: GuildId,
        slug: &str,
        by: UserId,
        now: Timestamp,
    ) -> Result<Option<(BankItem, bool)>> {
        let tx = self.conn.transaction()?;
        let Some(item) = bank_item(&tx, guild, slug)? else {
            return Ok(None);
        };
        if item.removed {
            return Ok(Some((item, false)));
        }
        let table = item.kind.as_str();
        tx.prepare_cached(&format!("UPDATE {table} SET retired = 1 WHERE pk = ?1"))?
            .execute([item.pk])?;
        tx.prepare_cached("UPDATE source SET retired = 1 WHERE pack = ?1 AND slug = ?2")?
            .execute(params![bank_id(guild), slug])?;
        tx.prepare_cached(
            "UPDATE bank_item SET removed_by = ?3, removed_at = ?4 WHERE guild_id = ?1 AND slug = ?2",
        )?
        .execute(params![guild, slug, by, stamp(now)])?;
        tx.commit()?;
        Ok(Some((
            BankItem {
                removed: true,
                ..item
            },
            true,
        )))
    }

    /// The items of `guild`'s bank still in play whose id or text contains `typed` (ASCII case
    /// aside), newest first, at most `limit`: what `/content remove` suggests.
    pub fn bank_items(&self, guild: GuildId, typed: &str, limit: usize) -> Result<Vec<BankItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BANK_ITEM_COLUMNS} {BANK_ITEM_JOINS}
             WHERE b.guild_id = ?1 AND b.removed_at IS NULL
               AND (instr(lower(b.slug), lower(?2)) > 0
                    OR instr(lower(COALESCE(qu.question, qo.text, f.text)), lower(?2)) > 0)
             ORDER BY b.approved_at DESC, b.slug DESC LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![guild, typed, limit as i64], bank_item_row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// The lists `guild` can play: its own bank first (with zero counts before its first item;
    /// first, so that no number of packs pushes it out of a card or the suggestions), then every
    /// file pack, each with its counts of questions, quotes and facts in play and whether
    /// the server plays it.
    pub fn content_lists(&self, guild: GuildId) -> Result<Vec<ContentList>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.title, p.title_ko, p.guild_id IS NOT NULL,
                (SELECT count(*) FROM question x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM quote x WHERE x.pack = p.id AND x.retired = 0),
                (SELECT count(*) FROM fact x WHERE x.pack = p.id AND x.retired = 0),
                NOT EXISTS (SELECT 1 FROM list_off o WHERE o.guild_id = ?1 AND o.pack = p.id)
             FROM pack p WHERE p.retired = 0 AND (p.guild_id IS NULL OR p.guild_id = ?1)
             ORDER BY p.guild_id IS NULL, p.id",
        )?;
        let mut lists = stmt
            .query_map([guild], |r| {
                Ok(ContentList {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    title_ko: r.get(2)?,
                    bank: r.get(3)?,
                    questions: r.get(4)?,
                    quotes: r.get(5)?,
                    facts: r.get(6)?,
                    enabled: r.get(7)?,
                })
            })?
            .collect::<db::Result<Vec<_>>>()?;
        if !lists.iter().any(|l| l.bank) {
            let id = bank_id(guild);
            let enabled = !self
                .conn
                .prepare_cached("SELECT 1 FROM list_off WHERE guild_id = ?1 AND pack = ?2")?
                .exists(params![guild, id])?;
            lists.insert(
                0,
                ContentList {
                    id,
                    title: BANK_TITLE.into(),
                    title_ko: BANK_TITLE_KO.into(),
                    bank: true,
                    questions: 0,
                    quotes: 0,
                    facts: 0,
                    enabled,
                },
            );
        }
        Ok(lists)
    }

    /// Turns the list `id` (a pack id, or the server's bank's) on or off for `guild`, refusing
    /// to turn off the last list it plays; checked and written in one transaction, so two
    /// moderators turning off the last two lists at once cannot both succeed.
    pub fn set_list_enabled(&mut self, guild: GuildId, id: &str, on: bool) -> Result<ListChange> {
        let bank = bank_id(guild);
        let tx = self.conn.transaction()?;
        let known = id == bank
            || tx
                .prepare_cached(
                    "SELECT 1 FROM pack WHERE id = ?1 AND retired = 0 AND guild_id IS NULL",
                )?
                .exists([id])?;
        if !known {
            return Ok(ListChange::Unknown);
        }
        let changed = if on {
            tx.prepare_cached("DELETE FROM list_off WHERE guild_id = ?1 AND pack = ?2")?
                .execute(params![guild, id])?
        } else {
            tx.prepare_cached(
                "INSERT INTO list_off (guild_id, pack) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            )?
            .execute(params![guild, id])?
        };
        if changed == 0 {
            return Ok(ListChange::Unchanged);
        }
        if !on {
            let packs_on: i64 = tx
                .prepare_cached(
                    "SELECT count(*) FROM pack p WHERE p.retired = 0 AND p.guild_id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM list_off o
                                       WHERE o.guild_id = ?1 AND o.pack = p.id)",
                )?
                .query_row([guild], |r| r.get(0))?;
            let bank_on = !tx
                .prepare_cached("SELECT 1 FROM list_off WHERE guild_id = ?1 AND pack = ?2")?
                .exists(params![guild, bank])?;
            if packs_on == 0 && !bank_on {
                // Dropping the transaction rolls the change back.
                return Ok(ListChange::LastOne);
            }
        }
        tx.commit()?;
        Ok(ListChange::Changed)
    }
}

/// The columns [`bank_item_row`] reads, over [`BANK_ITEM_JOINS`].
const BANK_ITEM_COLUMNS: &str = "b.slug, b.kind, b.item_pk,
    COALESCE(qu.question, qo.text, f.text, ''), b.removed_at IS NOT NULL";

const BANK_ITEM_JOINS: &str = "FROM bank_item b
    LEFT JOIN question qu ON b.kind = 'question' AND qu.pk = b.item_pk
    LEFT JOIN quote qo ON b.kind = 'quote' AND qo.pk = b.item_pk
    LEFT JOIN fact f ON b.kind = 'fact' AND f.pk = b.item_pk";

fn bank_item_row(r: &db::Row<'_>) -> db::Result<BankItem> {
    let kind: String = r.get(1)?;
    Ok(BankItem {
        slug: r.get(0)?,
        // The table's CHECK admits only the three kinds.
        kind: ItemKind::parse(&kind).unwrap_or(ItemKind::Fact),
        pk: r.get(2)?,
        text: r.get(3)?,
        removed: r.get(4)?,
    })
}

fn bank_item(tx: &Transaction<'_>, guild: GuildId, slug: &str) -> Result<Option<BankItem>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {BANK_ITEM_COLUMNS} {BANK_ITEM_JOINS} WHERE b.guild_id = ?1 AND b.slug = ?2"
        ))?
        .query_row(params![guild, slug], bank_item_row)
        .optional()?)
}

/// `base`, or `base-2`, `base-3`... : the first id the server's bank has not used for any kind
/// of item (removed ones included, so an id always names one item).
fn free_slug(tx: &Transaction<'_>, guild: GuildId, base: &str) -> Result<String> {
    let mut used =
        tx.prepare_cached("SELECT 1 FROM bank_item WHERE guild_id = ?1 AND slug = ?2")?;
    let mut n = 1;
    loop {
        let slug = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        if !used.exists(params![guild, slug])? {
            return Ok(slug);
        }
        n += 1;
    }
}

/// A speaker's or a subject's id, as the drama's pack knows it: the drama itself, one of its
/// people or characters, or else a person of any pack (people are shared across packs by id).
fn resolve(tx: &Transaction<'_>, drama: &str, slug: &str) -> Result<Subject> {
    if slug == drama {
        return Ok(Subject::Drama);
    }
    let person = tx
        .prepare_cached(
            "SELECT pk FROM person WHERE slug = ?2 AND retired = 0 ORDER BY pack <> ?1, pk LIMIT 1",
        )?
        .query_row(params![drama, slug], |r| r.get(0))
        .optional()?;
    if let Some(pk) = person {
        return Ok(Subject::Person(pk));
    }
    let character = tx
        .prepare_cached("SELECT pk FROM character WHERE pack = ?1 AND slug = ?2 AND retired = 0")?
        .query_row(params![drama, slug], |r| r.get(0))
        .optional()?;
    match character {
        Some(pk) => Ok(Subject::Character(pk)),
        None => Err(Error::BadInput(format!(
            "`{slug}` is no person or character of this drama."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store_with_sample;

    #[test]
    fn a_server_switches_only_the_packs_and_its_own_bank() {
        let mut store = store_with_sample();
        let (one, two) = (GuildId(1), GuildId(2));
        assert_eq!(
            store.set_list_enabled(one, "bank-2", false).expect("set"),
            ListChange::Unknown,
            "another server's bank is no list of this one"
        );
        assert_eq!(
            store.set_list_enabled(one, "nothing", false).expect("set"),
            ListChange::Unknown
        );
        assert_eq!(
            store.set_list_enabled(one, "bank-1", true).expect("set"),
            ListChange::Unchanged,
            "every list starts on"
        );
        assert_eq!(
            store.set_list_enabled(one, "bank-1", false).expect("set"),
            ListChange::Changed
        );
        assert_eq!(
            store.set_list_enabled(one, "sample", false).expect("set"),
            ListChange::LastOne
        );
        // The refusal was rolled back: the pack is still on.
        let on = |store: &Store, guild| -> Vec<(String, bool)> {
            store
                .content_lists(guild)
                .expect("lists")
                .into_iter()
                .map(|l| (l.id, l.enabled))
                .collect()
        };
        assert_eq!(
            on(&store, one),
            vec![("bank-1".into(), false), ("sample".into(), true)]
        );
        assert_eq!(
            on(&store, two),
            vec![("bank-2".into(), true), ("sample".into(), true)]
        );
    }
}

//! The store's side of `/content import` and `/content export`.
//!
//! An import queues many submissions at once; it is written in one immediate transaction, so a
//! failure leaves nothing half-imported and two imports at once cannot queue the same item twice.
//! Imports are a moderator's act: the members' limit of pending items does not apply to them. An
//! export reads the server's approved, not removed, bank items with their sources, as the JSON the
//! bank stored them in (the pack's own types), for the caller to write as a pack.

use jiff::Timestamp;

use super::Store;
use super::db::{OptionalExtension, params};
use crate::error::{Error, Result};
use crate::ids::GuildId;
use crate::model::ItemKind;
use crate::store::{NewSubmission, Refused, SubmissionState};

/// One approved bank item, as the bank stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub kind: ItemKind,
    /// Its id in the server's bank.
    pub slug: String,
    /// The pack id of its drama.
    pub drama: String,
    /// The pack item (`pack::Question`, `Quote` or `Fact`) as JSON.
    pub item_json: String,
    /// Its `pack::Source` as JSON.
    pub source_json: String,
}

impl Store {
    /// Queues imported submissions in one transaction; each gets its id, or is refused as a
    /// duplicate of one already waiting or approved (this import's earlier items included).
    pub fn add_imported(
        &mut self,
        items: &[NewSubmission],
        now: Timestamp,
    ) -> Result<Vec<std::result::Result<i64, Refused>>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(items.len());
        {
            let mut duplicate = tx.prepare_cached(
                "SELECT id, state, reason FROM submission
                 WHERE guild_id = ?1 AND kind = ?2 AND folded = ?3 AND state <> 'rejected'
                 ORDER BY id LIMIT 1",
            )?;
            for new in items {
                let found = duplicate
                    .query_row(params![new.guild, new.kind.as_str(), new.folded], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            SubmissionState::read(&r.get::<_, String>(1)?, r.get(2)?)?,
                        ))
                    })
                    .optional()?;
                if let Some((id, state)) = found {
                    out.push(Err(Refused::Duplicate(id, state)));
                    continue;
                }
                out.push(Ok(super::submissions::insert_submission(&tx, new, now)?));
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// The server's approved bank items that are still in play, oldest first.
    pub fn bank_export(&self, guild: GuildId) -> Result<Vec<ExportRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.kind, b.slug,
                    COALESCE(q.drama, u.drama, f.drama),
                    COALESCE(q.data, u.data, f.data),
                    s.data
             FROM bank_item b
             LEFT JOIN question q ON b.kind = 'question' AND q.pk = b.item_pk
             LEFT JOIN quote u ON b.kind = 'quote' AND u.pk = b.item_pk
             LEFT JOIN fact f ON b.kind = 'fact' AND f.pk = b.item_pk
             JOIN source s ON s.pk = COALESCE(q.source_pk, u.source_pk, f.source_pk)
             WHERE b.guild_id = ?1 AND b.removed_at IS NULL
             ORDER BY b.approved_at, b.slug",
        )?;
        let rows = stmt.query_map([guild], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, slug, drama, item_json, source_json) = row?;
            let kind = ItemKind::parse(&kind)
                .ok_or_else(|| Error::Encoding(format!("a bank item of kind `{kind}`")))?;
            let Some(drama) = drama else {
                tracing::warn!(slug, "a bank item without a drama; not exported");
                continue;
            };
            out.push(ExportRow {
                kind,
                slug,
                drama,
                item_json,
                source_json,
            });
        }
        Ok(out)
    }
}

//! Members' submissions: the review queue's rows, and the only SQL that touches them.
//!
//! A submission is stored whole as the one-item pack TOML it was validated as, so the reviewer and
//! the server's bank parse and validate it again with the pack validator instead of trusting columns.
//! The limits that must hold under concurrent members (at most [`MAX_PENDING`] waiting items per
//! member, no item twice) are checked in the same transaction as the insert. Review claims expire,
//! so a reviewer who walks away does not hold an item forever, and a decision is written only on a
//! row that is still undecided, so an item is decided once.

use jiff::Timestamp;

use super::bank::insert_bank_item;
use super::db::{self, Connection, OptionalExtension, params};
use super::{Store, stamp};
use crate::error::{Error, Result};
use crate::ids::{GuildId, RoleId, UserId};
use crate::model::BankItem;
use crate::pack::Pack;

/// How many submissions of one member may wait for review in one server.
pub const MAX_PENDING: i64 = 10;

/// What a member submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmissionKind {
    Question,
    Quote,
    Fact,
}

impl SubmissionKind {
    /// Every kind, in the order lists show them.
    pub const ALL: [SubmissionKind; 3] = [
        SubmissionKind::Question,
        SubmissionKind::Quote,
        SubmissionKind::Fact,
    ];

    /// The name used in the store and in commands.
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionKind::Question => "question",
            SubmissionKind::Quote => "quote",
            SubmissionKind::Fact => "fact",
        }
    }

    fn parse(text: &str) -> db::Result<SubmissionKind> {
        SubmissionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| bad_column(text))
    }
}

/// Where a submission stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmissionState {
    /// Waiting for a reviewer.
    Pending,
    /// Waiting for a source before it can be approved (imported items without one).
    SourceNeeded,
    Approved,
    /// Refused, with the reviewer's reason.
    Rejected(String),
}

impl SubmissionState {
    pub(super) fn as_str(&self) -> &'static str {
        match self {
            SubmissionState::Pending => "pending",
            SubmissionState::SourceNeeded => "source-needed",
            SubmissionState::Approved => "approved",
            SubmissionState::Rejected(_) => "rejected",
        }
    }

    pub(super) fn read(state: &str, reason: Option<String>) -> db::Result<SubmissionState> {
        Ok(match state {
            "pending" => SubmissionState::Pending,
            "source-needed" => SubmissionState::SourceNeeded,
            "approved" => SubmissionState::Approved,
            "rejected" => SubmissionState::Rejected(reason.unwrap_or_default()),
            other => return Err(bad_column(other)),
        })
    }
}

fn bad_column(text: &str) -> db::Error {
    db::Error::conversion(0, format!("unknown value `{text}`"))
}

/// The source a member gave: a web address, or an outlet, title and date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmittedSource {
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// A submission to store, already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubmission {
    pub guild: GuildId,
    pub user: UserId,
    pub kind: SubmissionKind,
    /// The pack id of the drama it is about.
    pub drama: String,
    /// The question, the quote's words or the fact, as typed: what lists show.
    pub summary: String,
    /// `summary` folded, so that the same item typed differently is found.
    pub folded: String,
    /// The one-item pack it was validated as.
    pub pack_toml: String,
    pub source: SubmittedSource,
    /// `Pending`, or `SourceNeeded` for an item that has none yet.
    pub state: SubmissionState,
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: i64,
    pub guild: GuildId,
    pub user: UserId,
    pub kind: SubmissionKind,
    pub drama: String,
    pub summary: String,
    pub pack_toml: String,
    pub source: SubmittedSource,
    pub state: SubmissionState,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    /// Who approved or rejected it.
    pub decided_by: Option<UserId>,
}

/// Why a submission was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The member already has [`MAX_PENDING`] items waiting.
    TooMany,
    /// The same item is already waiting or approved in this server: its id and state.
    Duplicate(i64, SubmissionState),
}

/// A reviewer's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject(String),
}

/// Waiting items of one kind: how many, and since when the oldest waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    pub kind: SubmissionKind,
    pub waiting: i64,
    pub oldest: Option<Timestamp>,
}

const COLUMNS: &str = "id, guild_id, user_id, kind, drama, summary, pack_toml, source_url, \
     source_outlet, source_title, source_date, state, reason, created_at, decided_at, decided_by";

fn time(text: String) -> db::Result<Timestamp> {
    text.parse().map_err(|_| bad_column(&text))
}

fn row(r: &db::Row<'_>) -> db::Result<Submission> {
    Ok(Submission {
        id: r.get(0)?,
        guild: r.get(1)?,
        user: r.get(2)?,
        kind: SubmissionKind::parse(&r.get::<_, String>(3)?)?,
        drama: r.get(4)?,
        summary: r.get(5)?,
        pack_toml: r.get(6)?,
        source: SubmittedSource {
            url: r.get(7)?,
            outlet: r.get(8)?,
            title: r.get(9)?,
            date: r.get(10)?,
        },
        state: SubmissionState::read(&r.get::<_, String>(11)?, r.get(12)?)?,
        created_at: time(r.get(13)?)?,
        decided_at: r.get::<_, Option<String>>(14)?.map(time).transpose()?,
        decided_by: r.get(15)?,
    })
}

/// States that still wait for a reviewer.
const WAITING: &str = "('pending', 'source-needed')";

impl Store {
    /// Stores a submission unless the member has too many waiting or the same item (same kind and
    /// folded text) is already waiting or approved in the server; checked and written in one
    /// immediate transaction, so two submissions at once cannot both slip past the limits.
    pub fn add_submission(
        &mut self,
        new: &NewSubmission,
        now: Timestamp,
    ) -> Result<std::result::Result<i64, Refused>> {
        let tx = self.conn.transaction()?;
        let duplicate = tx
            .prepare_cached(
                "SELECT id, state, reason FROM submission
                 WHERE guild_id = ?1 AND kind = ?2 AND folded = ?3 AND state <> 'rejected'
                 ORDER BY id LIMIT 1",
            )?
            .query_row(params![new.guild, new.kind.as_str(), new.folded], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    SubmissionState::read(&r.get::<_, String>(1)?, r.get(2)?)?,
                ))
            })
            .optional()?;
        if let Some((id, state)) = duplicate {
            return Ok(Err(Refused::Duplicate(id, state)));
        }
        let waiting: i64 = tx
            .prepare_cached(&format!(
                "SELECT count(*) FROM submission
                 WHERE guild_id = ?1 AND user_id = ?2 AND state IN {WAITING}"
            ))?
            .query_row(params![new.guild, new.user], |r| r.get(0))?;
        if waiting >= MAX_PENDING {
            return Ok(Err(Refused::TooMany));
        }
        let id = insert_submission(&tx, new, now)?;
        tx.commit()?;
        Ok(Ok(id))
    }

    /// One submission by id, in the server it was made in.
    pub fn submission(&self, guild: GuildId, id: i64) -> Result<Option<Submission>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM submission WHERE guild_id = ?1 AND id = ?2"
            ))?
            .query_row(params![guild, id], row)
            .optional()?)
    }

    /// A member's submissions in a server, newest first: `limit` of them after skipping `skip`.
    pub fn submissions_of(
        &self,
        guild: GuildId,
        user: UserId,
        skip: i64,
        limit: i64,
    ) -> Result<Vec<Submission>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM submission WHERE guild_id = ?1 AND user_id = ?2
             ORDER BY id DESC LIMIT ?3 OFFSET ?4"
        ))?;
        let rows = statement.query_map(params![guild, user, limit, skip], row)?;
        Ok(rows.collect::<db::Result<_>>()?)
    }

    /// How many submissions a member made in a server.
    pub fn submission_count_of(&self, guild: GuildId, user: UserId) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM submission WHERE guild_id = ?1 AND user_id = ?2")?
            .query_row(params![guild, user], |r| r.get(0))?)
    }

    /// Claims the oldest pending submission of a server for `reviewer` until `until`: one nobody
    /// holds, or whose claim ran out, or that this reviewer already holds. The claim is written in
    /// an immediate transaction, with the item's row locked as it is picked (and items another
    /// reviewer is claiming skipped), so two reviewers asking at once, on one process or two, get
    /// different items.
    pub fn claim_next_submission(
        &mut self,
        guild: GuildId,
        reviewer: UserId,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Submission>> {
        self.claim_for_review(guild, reviewer, 0, ("pending", "pending"), now, until)
    }

    /// What `/review` shows: as [`Store::claim_next_submission`], but also items waiting for a
    /// source (a reviewer sees them, says why they cannot be approved yet, and may add one with
    /// Edit), and only items after `after` (the id a reviewer skipped; `0` for the oldest).
    pub fn claim_next_for_review(
        &mut self,
        guild: GuildId,
        reviewer: UserId,
        after: i64,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Submission>> {
        self.claim_for_review(
            guild,
            reviewer,
            after,
            ("pending", "source-needed"),
            now,
            until,
        )
    }

    fn claim_for_review(
        &mut self,
        guild: GuildId,
        reviewer: UserId,
        after: i64,
        states: (&str, &str),
        now: Timestamp,
        until: Timestamp,
    ) -> Result<Option<Submission>> {
        let tx = self.conn.transaction()?;
        let id: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM submission
                 WHERE guild_id = ?1 AND state IN (?4, ?5) AND id > ?6
                   AND (claimed_by IS NULL OR claimed_by = ?2 OR claim_until <= ?3)
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            )?
            .query_row(
                params![guild, reviewer, stamp(now), states.0, states.1, after],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        tx.prepare_cached("UPDATE submission SET claimed_by = ?2, claim_until = ?3 WHERE id = ?1")?
            .execute(params![id, reviewer, stamp(until)])?;
        let claimed = tx
            .prepare_cached(&format!("SELECT {COLUMNS} FROM submission WHERE id = ?1"))?
            .query_row(params![id], row)?;
        tx.commit()?;
        Ok(Some(claimed))
    }

    /// Decides a waiting submission once: `false` when it was already decided (by anyone), or is
    /// not in this server. Approving needs a source: an item waiting for one cannot be approved.
    pub fn decide_submission(
        &self,
        guild: GuildId,
        id: i64,
        reviewer: UserId,
        decision: &Decision,
        now: Timestamp,
    ) -> Result<bool> {
        let (state, reason, waiting) = match decision {
            Decision::Approve => ("approved", None, "('pending')"),
            Decision::Reject(reason) => ("rejected", Some(reason.as_str()), WAITING),
        };
        let changed = self
            .conn
            .prepare_cached(&format!(
                "UPDATE submission
                 SET state = ?3, reason = ?4, decided_by = ?5, decided_at = ?6,
                     claimed_by = NULL, claim_until = NULL
                 WHERE guild_id = ?1 AND id = ?2 AND state IN {waiting}"
            ))?
            .execute(params![guild, id, state, reason, reviewer, stamp(now)])?;
        Ok(changed == 1)
    }

    /// Lets go of `reviewer`'s claim on a submission (a skipped item goes back to the queue).
    pub fn release_submission(&self, guild: GuildId, id: i64, reviewer: UserId) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE submission SET claimed_by = NULL, claim_until = NULL
                 WHERE guild_id = ?1 AND id = ?2 AND claimed_by = ?3",
            )?
            .execute(params![guild, id, reviewer])?;
        Ok(())
    }

    /// Replaces a waiting submission with a reviewer's edit (validated by the caller): its text,
    /// its one-item pack and its source. An item waiting for a source that now has one becomes
    /// pending. `false` when it was decided meanwhile, or is not in this server.
    pub fn edit_submission(
        &self,
        guild: GuildId,
        id: i64,
        summary: &str,
        folded: &str,
        pack_toml: &str,
        source: &SubmittedSource,
    ) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(&format!(
                "UPDATE submission
                 SET summary = ?3, folded = ?4, pack_toml = ?5, source_url = ?6,
                     source_outlet = ?7, source_title = ?8, source_date = ?9, state = 'pending'
                 WHERE guild_id = ?1 AND id = ?2 AND state IN {WAITING}"
            ))?
            .execute(params![
                guild,
                id,
                summary,
                folded,
                pack_toml,
                source.url,
                source.outlet,
                source.title,
                source.date
            ])?;
        Ok(changed == 1)
    }

    /// Approves a pending submission and puts its item (`pack`, already validated) into the
    /// server's bank as `drama`, in one transaction: the item is banked exactly when the decision
    /// is written. `None` when it was already decided (by anyone), waits for a source, or is not
    /// in this server; then nothing changes.
    pub fn approve_submission(
        &mut self,
        guild: GuildId,
        id: i64,
        reviewer: UserId,
        drama: &str,
        pack: &Pack,
        now: Timestamp,
    ) -> Result<Option<BankItem>> {
        let tx = self.conn.transaction()?;
        let changed = tx
            .prepare_cached(
                "UPDATE submission
                 SET state = 'approved', reason = NULL, decided_by = ?3, decided_at = ?4,
                     claimed_by = NULL, claim_until = NULL
                 WHERE guild_id = ?1 AND id = ?2 AND state = 'pending'",
            )?
            .execute(params![guild, id, reviewer, stamp(now)])?;
        if changed != 1 {
            return Ok(None);
        }
        let item = insert_bank_item(&tx, guild, drama, pack, reviewer, now)?;
        tx.commit()?;
        Ok(Some(item))
    }

    /// The role a server lets review submissions besides Manage Server, if it set one.
    pub fn reviewer_role(&self, guild: GuildId) -> Result<Option<RoleId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT role_id FROM review_role WHERE guild_id = ?1")?
            .query_row(params![guild], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or, with `None`, clears) the role that may review a server's submissions.
    pub fn set_reviewer_role(
        &self,
        guild: GuildId,
        role: Option<RoleId>,
        now: Timestamp,
    ) -> Result<()> {
        match role {
            Some(role) => self
                .conn
                .prepare_cached(
                    "INSERT INTO review_role (guild_id, role_id, set_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(guild_id) DO UPDATE SET role_id = ?2, set_at = ?3",
                )?
                .execute(params![guild, role, stamp(now)])?,
            None => self
                .conn
                .prepare_cached("DELETE FROM review_role WHERE guild_id = ?1")?
                .execute(params![guild])?,
        };
        Ok(())
    }

    /// A server's waiting submissions by kind: how many, and the oldest one's time.
    pub fn submission_queue(&self, guild: GuildId) -> Result<Vec<QueueCount>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT kind, count(*), min(created_at) FROM submission
             WHERE guild_id = ?1 AND state IN {WAITING} GROUP BY kind"
        ))?;
        let found = statement
            .query_map(params![guild], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<db::Result<Vec<_>>>()?;
        SubmissionKind::ALL
            .into_iter()
            .map(|kind| {
                let hit = found.iter().find(|(k, _, _)| k == kind.as_str());
                Ok(QueueCount {
                    kind,
                    waiting: hit.map_or(0, |h| h.1),
                    oldest: hit
                        .and_then(|h| h.2.clone())
                        .map(time)
                        .transpose()
                        .map_err(|e| Error::Encoding(e.to_string()))?,
                })
            })
            .collect()
    }
}

/// Writes one new submission on `conn` (a transaction that checked it first); returns its id.
pub(super) fn insert_submission(
    conn: &Connection,
    new: &NewSubmission,
    now: Timestamp,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO submission (guild_id, user_id, kind, drama, summary, folded, pack_toml,
             source_url, source_outlet, source_title, source_date, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
        )?
        .query_row(
            params![
                new.guild,
                new.user,
                new.kind.as_str(),
                new.drama,
                new.summary,
                new.folded,
                new.pack_toml,
                new.source.url,
                new.source.outlet,
                new.source.title,
                new.source.date,
                new.state.as_str(),
                stamp(now),
            ],
            |r| r.get(0),
        )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId(1);
    const MEMBER: UserId = UserId(3);

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).expect("a time")
    }

    fn new(kind: SubmissionKind, text: &str) -> NewSubmission {
        NewSubmission {
            guild: GUILD,
            user: MEMBER,
            kind,
            drama: "trauma-code".into(),
            summary: text.into(),
            folded: crate::text::fold(text),
            pack_toml: format!("# {text}"),
            source: SubmittedSource {
                url: Some("https://example.com/a".into()),
                ..SubmittedSource::default()
            },
            state: SubmissionState::Pending,
        }
    }

    fn store() -> Store {
        Store::for_tests()
    }

    /// Two reviewers on two processes asking for the next item at once: one gets it.
    #[test]
    fn two_processes_never_hand_one_item_to_two_reviewers() {
        crate::store::race(
            40,
            |store, round| {
                // The last round's item is decided; a new one waits.
                if let Some(last) = store
                    .claim_next_submission(GUILD, UserId(1), at(1000), at(1001))
                    .expect("the last item")
                {
                    let rejected = Decision::Reject("done".into());
                    store
                        .decide_submission(GUILD, last.id, UserId(1), &rejected, at(0))
                        .expect("decided");
                }
                store
                    .add_submission(&new(SubmissionKind::Fact, &format!("item {round}")), at(0))
                    .expect("add")
                    .expect("accepted");
            },
            |store, _| {
                // Each process is another reviewer.
                let reviewer = UserId(u64::from_str_radix(&store.process()[..8], 16).expect("hex"));
                let claimed = store
                    .claim_next_submission(GUILD, reviewer, at(10), at(600))
                    .expect("claim");
                usize::from(claimed.is_some())
            },
        );
    }

    #[test]
    fn a_submission_is_stored_and_read_back_whole() {
        let mut store = store();
        let item = new(
            SubmissionKind::Quote,
            "Severe trauma can happen to @everyone.",
        );
        let id = store
            .add_submission(&item, at(100))
            .expect("add")
            .expect("accepted");
        let read = store.submission(GUILD, id).expect("read").expect("found");
        assert_eq!(read.kind, SubmissionKind::Quote);
        assert_eq!(read.summary, item.summary);
        assert_eq!(read.pack_toml, item.pack_toml);
        assert_eq!(read.source, item.source);
        assert_eq!(read.state, SubmissionState::Pending);
        assert_eq!(read.created_at, at(100));
        assert_eq!(read.decided_at, None);
        assert!(store.submission(GuildId(2), id).expect("read").is_none());
    }

    #[test]
    fn the_same_item_waiting_or_approved_is_refused_pointing_at_it() {
        let mut store = store();
        let first = store
            .add_submission(&new(SubmissionKind::Fact, "Ju Ji-hoon flew"), at(1))
            .expect("add")
            .expect("accepted");
        let again = new(SubmissionKind::Fact, "  JU ji-hoon   flew ");
        assert_eq!(
            store.add_submission(&again, at(2)).expect("add"),
            Err(Refused::Duplicate(first, SubmissionState::Pending))
        );
        // Another kind with the same words, or another server, is another item.
        assert!(
            store
                .add_submission(&new(SubmissionKind::Quote, "Ju Ji-hoon flew"), at(3))
                .expect("add")
                .is_ok()
        );
        let mut elsewhere = again.clone();
        elsewhere.guild = GuildId(2);
        assert!(
            store
                .add_submission(&elsewhere, at(3))
                .expect("add")
                .is_ok()
        );
        // A rejected item may be submitted again.
        assert!(
            store
                .decide_submission(
                    GUILD,
                    first,
                    UserId(9),
                    &Decision::Reject("no".into()),
                    at(4)
                )
                .expect("decide")
        );
        assert!(store.add_submission(&again, at(5)).expect("add").is_ok());
    }

    #[test]
    fn a_member_may_have_ten_items_waiting_per_server() {
        let mut store = store();
        for n in 0..MAX_PENDING {
            store
                .add_submission(&new(SubmissionKind::Fact, &format!("fact {n}")), at(n))
                .expect("add")
                .expect("accepted");
        }
        assert_eq!(
            store
                .add_submission(&new(SubmissionKind::Fact, "one more"), at(20))
                .expect("add"),
            Err(Refused::TooMany)
        );
        // A decided item no longer counts.
        assert!(
            store
                .decide_submission(GUILD, 1, UserId(9), &Decision::Approve, at(21))
                .expect("decide")
        );
        assert!(
            store
                .add_submission(&new(SubmissionKind::Fact, "one more"), at(22))
                .expect("add")
                .is_ok()
        );
    }

    #[test]
    fn a_members_submissions_list_newest_first_in_pages() {
        let mut store = store();
        for n in 0..5 {
            store
                .add_submission(&new(SubmissionKind::Quote, &format!("quote {n}")), at(n))
                .expect("add")
                .expect("accepted");
        }
        let mut other = new(SubmissionKind::Quote, "someone else's");
        other.user = UserId(4);
        store
            .add_submission(&other, at(9))
            .expect("add")
            .expect("accepted");
        assert_eq!(store.submission_count_of(GUILD, MEMBER).expect("count"), 5);
        let page = |skip| {
            store
                .submissions_of(GUILD, MEMBER, skip, 2)
                .expect("list")
                .iter()
                .map(|s| s.summary.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(page(0), ["quote 4", "quote 3"]);
        assert_eq!(page(2), ["quote 2", "quote 1"]);
        assert_eq!(page(4), ["quote 0"]);
        assert!(page(6).is_empty());
    }

    #[test]
    fn an_item_is_decided_once_and_a_source_is_needed_to_approve() {
        let mut store = store();
        let id = store
            .add_submission(&new(SubmissionKind::Quote, "words"), at(1))
            .expect("add")
            .expect("accepted");
        let reject = Decision::Reject("not said in the show".into());
        assert!(
            store
                .decide_submission(GUILD, id, UserId(8), &reject, at(2))
                .expect("decide")
        );
        assert!(
            !store
                .decide_submission(GUILD, id, UserId(9), &Decision::Approve, at(3))
                .expect("decide")
        );
        let read = store.submission(GUILD, id).expect("read").expect("found");
        assert_eq!(
            read.state,
            SubmissionState::Rejected("not said in the show".into())
        );
        assert_eq!(read.decided_at, Some(at(2)));
        // Another server cannot decide it.
        let mut waiting = new(SubmissionKind::Quote, "unsourced");
        waiting.state = SubmissionState::SourceNeeded;
        let unsourced = store
            .add_submission(&waiting, at(4))
            .expect("add")
            .expect("accepted");
        assert!(
            !store
                .decide_submission(GuildId(2), unsourced, UserId(9), &reject, at(5))
                .expect("decide")
        );
        assert!(
            !store
                .decide_submission(GUILD, unsourced, UserId(9), &Decision::Approve, at(5))
                .expect("decide")
        );
        assert!(
            store
                .decide_submission(GUILD, unsourced, UserId(9), &reject, at(5))
                .expect("decide")
        );
    }

    #[test]
    fn claims_hand_each_reviewer_a_different_item_until_they_expire() {
        let mut store = store();
        for n in 0..2 {
            store
                .add_submission(&new(SubmissionKind::Fact, &format!("fact {n}")), at(n))
                .expect("add")
                .expect("accepted");
        }
        let (a, b, c) = (UserId(7), UserId(8), UserId(9));
        let claim = |store: &mut Store, who, now| {
            store
                .claim_next_submission(GUILD, who, at(now), at(now + 600))
                .expect("claim")
                .map(|s| s.id)
        };
        assert_eq!(claim(&mut store, a, 10), Some(1));
        assert_eq!(claim(&mut store, b, 10), Some(2));
        assert_eq!(claim(&mut store, c, 10), None);
        // The same reviewer gets the same item back.
        assert_eq!(claim(&mut store, a, 20), Some(1));
        // A lapsed claim frees the item.
        assert_eq!(claim(&mut store, c, 700), Some(1));
        // A decided item is never handed out again.
        assert!(
            store
                .decide_submission(GUILD, 2, b, &Decision::Approve, at(701))
                .expect("decide")
        );
        assert_eq!(claim(&mut store, b, 2000), Some(1));
        assert_eq!(claim(&mut store, a, 2000), None);
    }

    #[test]
    fn two_reviewers_claiming_at_once_never_get_the_same_item() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db.sqlite");
        let path = path.to_str().expect("utf-8 path").to_string();
        let mut store = Store::open(&path).expect("open");
        for n in 0..40 {
            let mut item = new(SubmissionKind::Fact, &format!("fact {n}"));
            // Forty members, each within the limit of waiting items.
            item.user = UserId(1000 + n as u64);
            store
                .add_submission(&item, at(n))
                .expect("add")
                .expect("accepted");
        }
        drop(store);
        // Two connections, as two processes (or two blocking threads) hold them.
        let stores: Vec<Store> = (0..2).map(|_| Store::open(&path).expect("open")).collect();
        let claimers: Vec<_> = stores
            .into_iter()
            .zip(0..2u64)
            .map(|(mut store, n)| {
                std::thread::spawn(move || {
                    let mut got = Vec::new();
                    // Each claims, decides and moves on, as a reviewer does.
                    while let Some(item) = store
                        .claim_next_submission(GUILD, UserId(100 + n), at(100), at(700))
                        .expect("claim")
                    {
                        assert!(
                            store
                                .decide_submission(
                                    GUILD,
                                    item.id,
                                    UserId(100 + n),
                                    &Decision::Approve,
                                    at(101)
                                )
                                .expect("decide"),
                            "item {} decided twice",
                            item.id
                        );
                        got.push(item.id);
                    }
                    got
                })
            })
            .collect();
        let mut all: Vec<i64> = claimers
            .into_iter()
            .flat_map(|c| c.join().expect("a claimer"))
            .collect();
        all.sort_unstable();
        assert_eq!(all, (1..=40).collect::<Vec<_>>());
    }

    /// A one-item pack of the sample drama, as a submission stores it.
    const ONE_FACT: &str = r#"
[drama]
id = "sample"
title = "Sample Drama"
title_ko = "샘플"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "submitted-source"
outlet = "example.com"
title = "https://example.com/a"
date = "2026-01-01"
url = "https://example.com/a"

[[fact]]
id = "submitted"
about = ["sample"]
text = "Filming took a year."
source = "submitted-source"
"#;

    #[test]
    fn approving_banks_the_item_and_decides_it_in_one_and_only_once() {
        let mut store = crate::store::sample::store_with_sample();
        let pack = crate::pack::parse("one.toml", ONE_FACT.as_bytes()).expect("a pack");
        let mut item = new(SubmissionKind::Fact, "Filming took a year.");
        item.pack_toml = ONE_FACT.into();
        let id = store
            .add_submission(&item, at(1))
            .expect("add")
            .expect("accepted");
        let banked = store
            .approve_submission(GUILD, id, UserId(8), "sample", &pack, at(2))
            .expect("approve")
            .expect("banked");
        assert_eq!(banked.text, "Filming took a year.");
        let read = store.submission(GUILD, id).expect("read").expect("found");
        assert_eq!(read.state, SubmissionState::Approved);
        assert_eq!(read.decided_by, Some(UserId(8)));
        assert_eq!(read.decided_at, Some(at(2)));
        // A second approval changes nothing and banks nothing.
        assert_eq!(
            store
                .approve_submission(GUILD, id, UserId(9), "sample", &pack, at(3))
                .expect("approve"),
            None
        );
        let scope = crate::model::Scope {
            guild: Some(GUILD),
            drama: None,
        };
        let banked_facts = |store: &Store| {
            store
                .facts(scope)
                .expect("facts")
                .iter()
                .filter(|f| f.text == "Filming took a year.")
                .count()
        };
        assert_eq!(banked_facts(&store), 1);
        // An item waiting for a source is never approved, nor banked.
        let mut unsourced = item.clone();
        unsourced.summary = "Unsourced.".into();
        unsourced.folded = "unsourced.".into();
        unsourced.state = SubmissionState::SourceNeeded;
        let waiting = store
            .add_submission(&unsourced, at(4))
            .expect("add")
            .expect("accepted");
        assert_eq!(
            store
                .approve_submission(GUILD, waiting, UserId(8), "sample", &pack, at(5))
                .expect("approve"),
            None
        );
        assert_eq!(banked_facts(&store), 1);
        // A bank that refuses the item (an unknown drama) leaves the submission undecided.
        let mut other = item.clone();
        other.summary = "Other.".into();
        other.folded = "other.".into();
        let other = store
            .add_submission(&other, at(6))
            .expect("add")
            .expect("accepted");
        assert!(
            store
                .approve_submission(GUILD, other, UserId(8), "no-such-drama", &pack, at(7))
                .is_err()
        );
        let read = store
            .submission(GUILD, other)
            .expect("read")
            .expect("found");
        assert_eq!(read.state, SubmissionState::Pending);
    }

    #[test]
    fn an_edit_replaces_a_waiting_item_and_a_released_claim_frees_it() {
        let mut store = store();
        let mut unsourced = new(SubmissionKind::Fact, "old words");
        unsourced.state = SubmissionState::SourceNeeded;
        let id = store
            .add_submission(&unsourced, at(1))
            .expect("add")
            .expect("accepted");
        // Review shows items waiting for a source; the plain claim does not.
        assert_eq!(
            store
                .claim_next_submission(GUILD, UserId(7), at(2), at(600))
                .expect("claim"),
            None
        );
        let claimed = store
            .claim_next_for_review(GUILD, UserId(7), 0, at(2), at(600))
            .expect("claim")
            .map(|s| s.id);
        assert_eq!(claimed, Some(id));
        assert_eq!(
            store
                .claim_next_for_review(GUILD, UserId(8), 0, at(3), at(600))
                .expect("claim"),
            None
        );
        store
            .release_submission(GUILD, id, UserId(7))
            .expect("release");
        assert_eq!(
            store
                .claim_next_for_review(GUILD, UserId(8), 0, at(4), at(600))
                .expect("claim")
                .map(|s| s.id),
            Some(id)
        );
        let source = SubmittedSource {
            url: Some("https://example.com/b".into()),
            ..SubmittedSource::default()
        };
        assert!(
            store
                .edit_submission(GUILD, id, "new words", "new words", "# new", &source)
                .expect("edit")
        );
        let read = store.submission(GUILD, id).expect("read").expect("found");
        assert_eq!(read.summary, "new words");
        assert_eq!(read.pack_toml, "# new");
        assert_eq!(read.source, source);
        assert_eq!(read.state, SubmissionState::Pending);
        // A decided item is not edited.
        store
            .decide_submission(GUILD, id, UserId(8), &Decision::Reject("no".into()), at(5))
            .expect("decide");
        assert!(
            !store
                .edit_submission(GUILD, id, "again", "again", "# again", &source)
                .expect("edit")
        );
    }

    #[test]
    fn a_servers_reviewer_role_is_set_changed_and_cleared() {
        let store = store();
        assert_eq!(store.reviewer_role(GUILD).expect("read"), None);
        store
            .set_reviewer_role(GUILD, Some(RoleId(5)), at(1))
            .expect("set");
        store
            .set_reviewer_role(GUILD, Some(RoleId(6)), at(2))
            .expect("set");
        assert_eq!(store.reviewer_role(GUILD).expect("read"), Some(RoleId(6)));
        assert_eq!(store.reviewer_role(GuildId(2)).expect("read"), None);
        store.set_reviewer_role(GUILD, None, at(3)).expect("clear");
        assert_eq!(store.reviewer_role(GUILD).expect("read"), None);
    }

    #[test]
    fn the_queue_counts_waiting_items_by_kind_with_the_oldest() {
        let mut store = store();
        store
            .add_submission(&new(SubmissionKind::Fact, "a"), at(5))
            .expect("add")
            .expect("accepted");
        store
            .add_submission(&new(SubmissionKind::Fact, "b"), at(9))
            .expect("add")
            .expect("accepted");
        let q = store
            .add_submission(&new(SubmissionKind::Quote, "c"), at(7))
            .expect("add")
            .expect("accepted");
        store
            .decide_submission(GUILD, q, UserId(9), &Decision::Approve, at(10))
            .expect("decide");
        let counts = store.submission_queue(GUILD).expect("queue");
        assert_eq!(
            counts,
            vec![
                QueueCount {
                    kind: SubmissionKind::Question,
                    waiting: 0,
                    oldest: None
                },
                QueueCount {
                    kind: SubmissionKind::Quote,
                    waiting: 0,
                    oldest: None
                },
                QueueCount {
                    kind: SubmissionKind::Fact,
                    waiting: 2,
                    oldest: Some(at(5))
                },
            ]
        );
    }
}

//! The store's side of the one scheduler: every piece of timed work (a server's daily post, a
//! trivia game's next open or close, a season's end) as one row with the instant it is next due.
//!
//! Keeping due work in the store, not in a task's memory, is what lets a restart pick up exactly
//! where the last process stopped, and what lets a fleet of processes share it. The earliest due
//! instant is one indexed lookup, so the scheduler sleeps until then instead of scanning every
//! server.
//!
//! Leases: a process runs only the jobs it claimed ([`Store::claim_due`]). One statement picks
//! due rows that nobody holds, or whose holder's lease ran out, and marks them with the process's
//! name and the lease's end (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes claiming at
//! once each get other rows and neither waits; SQLite's one writer does the same by turns). A
//! claimed job is also *due* again at its lease's end: if its process dies, the job comes due for
//! the others then, and the scheduler's sleep until the earliest due instant wakes for it without
//! a second lookup. Finishing a job sets when it is next due (or forgets it) and releases the
//! lease. Leases compare the processes' wall clocks: a fleet's hosts keep them in step (NTP) to
//! well within a lease.

use jiff::Timestamp;

use super::db::{Connection, OptionalExtension, params};
use super::{Store, stamp};
use crate::error::{Error, Result};
use crate::ids::GuildId;

/// One piece of timed work: what is due, and for whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// A server's daily post: a post to send, or a missed day to record.
    DailyPost(GuildId),
    /// A trivia game's round to open or to close.
    Trivia(i64),
    /// The end of a server's trivia season: its final standings to post.
    SeasonEnd(GuildId),
}

impl Job {
    /// The job as the two key columns of `due_work`.
    fn columns(self) -> (&'static str, i64) {
        match self {
            // Discord ids fit in 63 bits; SQLite integers are signed 64-bit.
            Job::DailyPost(guild) => ("daily_post", guild.0 as i64),
            Job::Trivia(game) => ("trivia", game),
            Job::SeasonEnd(guild) => ("season_end", guild.0 as i64),
        }
    }

    fn from_columns(kind: &str, key: i64) -> Option<Job> {
        match kind {
            "daily_post" => Some(Job::DailyPost(GuildId(key as u64))),
            "trivia" => Some(Job::Trivia(key)),
            "season_end" => Some(Job::SeasonEnd(GuildId(key as u64))),
            _ => None,
        }
    }
}

/// The kinds this version knows, as SQL: rows of a kind from a newer version are left alone, not
/// read (they would be due for ever and keep the scheduler awake).
///
/// The `|| ''` keeps SQLite from answering the filter with the primary key's index: it would then
/// visit every queued row and sort them (7 ms with 100,000 servers queued, at every wake-up), where
/// walking the time index and stopping at the first known row takes microseconds.
const KNOWN_KINDS: &str = "kind || '' IN ('daily_post', 'trivia', 'season_end')";

/// Sets when `job` is next due on `conn`, which may be a transaction the job is created in.
pub(super) fn schedule_on(conn: &Connection, job: Job, at: Timestamp) -> Result<()> {
    let (kind, key) = job.columns();
    conn.prepare_cached(
        "INSERT INTO due_work (kind, key, due_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(kind, key) DO UPDATE SET due_at = excluded.due_at",
    )?
    .execute(params![kind, key, stamp(at)])?;
    Ok(())
}

impl Store {
    /// Claims for this process, until `until`, at most `limit` jobs due at `now` that no process
    /// holds (or whose holder's lease ran out), and returns them. Each job is claimed by one
    /// process however many claim at once; a claimed job is due again at `until`, for the others
    /// to take over should this process die before it [releases](Store::release) it.
    pub fn claim_due(&self, now: Timestamp, until: Timestamp, limit: usize) -> Result<Vec<Job>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "UPDATE due_work SET lease_owner = ?1, lease_until = ?2, due_at = ?2
             WHERE (kind, key) IN (
                 SELECT kind, key FROM due_work
                 WHERE due_at <= ?3 AND {KNOWN_KINDS}
                   AND (lease_until IS NULL OR lease_until <= ?3)
                 ORDER BY due_at, kind, key LIMIT ?4
                 FOR UPDATE SKIP LOCKED)
             RETURNING kind, key"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![self.process, stamp(until), stamp(now), limit],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        let mut jobs = Vec::new();
        for row in rows {
            let (kind, key) = row?;
            // Only known kinds are claimed (the filter above).
            jobs.extend(Job::from_columns(&kind, key));
        }
        // RETURNING gives no order: the jobs of one claim are all due, and go in a stable one.
        jobs.sort_unstable();
        Ok(jobs)
    }

    /// Releases this process's lease on `job`, once the job has set when it is next due (or
    /// forgotten it). A lease that ran out and was taken over is another's: left alone.
    pub fn release(&self, job: Job) -> Result<()> {
        let (kind, key) = job.columns();
        self.conn
            .prepare_cached(
                "UPDATE due_work SET lease_owner = NULL, lease_until = NULL
                 WHERE kind = ?1 AND key = ?2 AND lease_owner = ?3",
            )?
            .execute(params![kind, key, self.process])?;
        Ok(())
    }

    /// Who holds `job` and until when, if anyone does (the process's name, the lease's end).
    pub fn lease(&self, job: Job) -> Result<Option<(String, Timestamp)>> {
        let (kind, key) = job.columns();
        let held: Option<(Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT lease_owner, lease_until FROM due_work WHERE kind = ?1 AND key = ?2",
            )?
            .query_row(params![kind, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match held {
            Some((Some(owner), Some(until))) => Ok(Some((owner, parse_due(&until)?))),
            _ => Ok(None),
        }
    }

    /// Sets when `job` is next due (replacing any earlier setting).
    pub fn schedule(&self, job: Job, at: Timestamp) -> Result<()> {
        schedule_on(&self.conn, job, at)
    }

    /// Sets when `job` is next due, or forgets it when it has nothing more to do (`None`).
    pub fn schedule_or_forget(&self, job: Job, at: Option<Timestamp>) -> Result<()> {
        match at {
            Some(at) => self.schedule(job, at),
            None => self.unschedule(job),
        }
    }

    /// Forgets `job`: it has nothing more to do (a game ended, a daily post was turned off).
    pub fn unschedule(&self, job: Job) -> Result<()> {
        let (kind, key) = job.columns();
        self.conn
            .prepare_cached("DELETE FROM due_work WHERE kind = ?1 AND key = ?2")?
            .execute(params![kind, key])?;
        Ok(())
    }

    /// When `job` is next due, if it is scheduled.
    pub fn due_at(&self, job: Job) -> Result<Option<Timestamp>> {
        let (kind, key) = job.columns();
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT due_at FROM due_work WHERE kind = ?1 AND key = ?2")?
            .query_row(params![kind, key], |r| r.get(0))
            .optional()?;
        at.map(|at| parse_due(&at)).transpose()
    }

    /// The earliest instant any job is due, if any job is scheduled.
    pub fn next_due(&self) -> Result<Option<Timestamp>> {
        let at: Option<String> = self
            .conn
            .prepare_cached(&format!(
                "SELECT min(due_at) FROM due_work WHERE {KNOWN_KINDS}"
            ))?
            .query_row(params![], |r| r.get(0))?;
        at.map(|at| parse_due(&at)).transpose()
    }

    /// The jobs due at or before `now`, earliest first, at most `limit` of them.
    pub fn due_jobs(&self, now: Timestamp, limit: usize) -> Result<Vec<Job>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT kind, key FROM due_work WHERE due_at <= ?1 AND {KNOWN_KINDS}
             ORDER BY due_at, kind, key LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![stamp(now), limit], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut jobs = Vec::new();
        for row in rows {
            let (kind, key) = row?;
            match Job::from_columns(&kind, key) {
                Some(job) => jobs.push(job),
                None => tracing::warn!(kind, key, "due work of an unknown kind; ignored"),
            }
        }
        Ok(jobs)
    }
}

fn parse_due(text: &str) -> Result<Timestamp> {
    text.parse()
        .map_err(|e| Error::Encoding(format!("a due instant `{text}` does not parse: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn jobs_come_due_in_order_and_move_when_rescheduled() {
        let store = Store::for_tests();
        assert_eq!(store.next_due().expect("next"), None);
        let (a, b, c) = (Job::DailyPost(GuildId(7)), Job::Trivia(3), Job::Trivia(4));
        store.schedule(a, ts("2026-12-02T09:00:00Z")).expect("a");
        store.schedule(b, ts("2026-12-02T08:00:00Z")).expect("b");
        store.schedule(c, ts("2026-12-02T10:00:00Z")).expect("c");
        assert_eq!(
            store.next_due().expect("next"),
            Some(ts("2026-12-02T08:00:00Z"))
        );
        assert_eq!(
            store.due_jobs(ts("2026-12-02T09:00:00Z"), 10).expect("due"),
            vec![b, a]
        );
        assert_eq!(
            store.due_jobs(ts("2026-12-02T09:00:00Z"), 1).expect("due"),
            vec![b]
        );
        // Rescheduling replaces: the job is due once, at its new time.
        store
            .schedule(b, ts("2026-12-02T11:00:00Z"))
            .expect("b again");
        assert_eq!(
            store.due_at(b).expect("b"),
            Some(ts("2026-12-02T11:00:00Z"))
        );
        assert_eq!(
            store.due_jobs(ts("2026-12-02T12:00:00Z"), 10).expect("due"),
            vec![a, c, b]
        );
        store.unschedule(a).expect("unschedule");
        assert_eq!(store.due_at(a).expect("a"), None);
        assert_eq!(
            store.next_due().expect("next"),
            Some(ts("2026-12-02T10:00:00Z"))
        );
        // Unscheduling what is not scheduled is fine.
        store.unschedule(a).expect("again");
        store
            .schedule_or_forget(a, Some(ts("2026-12-02T07:00:00Z")))
            .expect("scheduled");
        assert_eq!(
            store.next_due().expect("next"),
            Some(ts("2026-12-02T07:00:00Z"))
        );
        store.schedule_or_forget(a, None).expect("forgotten");
        assert_eq!(store.due_at(a).expect("a"), None);
    }

    #[test]
    fn work_of_a_kind_this_version_does_not_know_is_never_due() {
        let store = Store::for_tests();
        store
            .conn
            .execute(
                "INSERT INTO due_work (kind, key, due_at) VALUES ('season', 1, '2000-01-01T00:00:00.000Z')",
                params![],
            )
            .expect("a row from a newer version");
        assert_eq!(store.next_due().expect("next"), None);
        assert!(
            store
                .due_jobs(ts("2026-12-02T09:00:00Z"), 10)
                .expect("due")
                .is_empty()
        );
    }

    /// The scheduler asks both questions at every wake-up: they must walk the time index and stop,
    /// not visit every queued row and sort them.
    #[test]
    fn the_next_due_work_is_read_from_the_time_index_without_a_sort() {
        // SQLite's query plans: on SQLite only, whatever the test database.
        let store = Store::open_in_memory().expect("sqlite");
        for sql in [
            format!("SELECT min(due_at) FROM due_work WHERE {KNOWN_KINDS}"),
            format!(
                "SELECT kind, key FROM due_work WHERE due_at <= '2026' AND {KNOWN_KINDS}
                 ORDER BY due_at, kind, key LIMIT 5"
            ),
            // The claim's pick (`Store::claim_due`).
            format!(
                "SELECT kind, key FROM due_work WHERE due_at <= '2026' AND {KNOWN_KINDS}
                   AND (lease_until IS NULL OR lease_until <= '2026')
                 ORDER BY due_at, kind, key LIMIT 5"
            ),
        ] {
            let plan: Vec<String> = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("plan")
                .query_map(params![], |r| r.get::<_, String>(3))
                .expect("rows")
                .collect::<crate::store::db::Result<_>>()
                .expect("plan rows");
            assert!(
                plan.iter().any(|step| step.contains("due_work_by_time"))
                    && !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{sql}: {plan:?}"
            );
        }
    }

    #[test]
    fn a_claimed_job_is_one_process_s_until_its_lease_runs_out() {
        let (one, two, _dir) = crate::store::two_processes();
        let job = Job::DailyPost(GuildId(7));
        let at = ts("2026-12-02T09:00:00Z");
        one.schedule(job, at).expect("schedule");
        let lease_end = ts("2026-12-02T09:00:30Z");
        assert_eq!(one.claim_due(at, lease_end, 10).expect("claim"), vec![job]);
        assert_eq!(
            one.lease(job).expect("lease"),
            Some((one.process().to_string(), lease_end))
        );
        // Held: the other process gets nothing, and the first does not get it twice.
        assert!(two.claim_due(at, lease_end, 10).expect("claim").is_empty());
        assert!(one.claim_due(at, lease_end, 10).expect("claim").is_empty());
        // A sleeping scheduler wakes when the lease ends, which is when the job comes due again.
        assert_eq!(two.next_due().expect("next"), Some(lease_end));
        // A handler moving the job meanwhile does not hand it to another process.
        two.schedule(job, at).expect("moved");
        assert!(two.claim_due(at, lease_end, 10).expect("claim").is_empty());
        // The first process died: at the lease's end the other takes over.
        let later = ts("2026-12-02T09:01:00Z");
        assert_eq!(
            two.claim_due(lease_end, later, 10).expect("claim"),
            vec![job]
        );
        // The first one's late release does not free the other's lease.
        one.release(job).expect("release");
        assert_eq!(
            one.lease(job).expect("lease"),
            Some((two.process().to_string(), later))
        );
        // Done: set when next due, and released.
        let tomorrow = ts("2026-12-03T09:00:00Z");
        two.schedule(job, tomorrow).expect("next day");
        two.release(job).expect("release");
        assert_eq!(one.lease(job).expect("lease"), None);
        assert_eq!(one.next_due().expect("next"), Some(tomorrow));
        assert_eq!(
            one.claim_due(tomorrow, ts("2026-12-03T09:00:30Z"), 10)
                .expect("claim"),
            vec![job]
        );
    }

    /// Two processes claiming the same due work at once, from two threads: every job is claimed
    /// by exactly one of them, round after round.
    #[test]
    fn two_processes_claiming_at_once_never_both_get_a_job() {
        let (mut one, mut two, _dir) = crate::store::two_processes();
        let at = ts("2026-12-02T09:00:00Z");
        let until = ts("2026-12-02T09:00:30Z");
        for round in 0..40_u64 {
            let jobs: Vec<Job> = (0..20)
                .map(|g| Job::DailyPost(GuildId(round * 100 + g)))
                .collect();
            for job in &jobs {
                one.schedule(*job, at).expect("schedule");
            }
            // Small batches, so that both keep claiming while the other does.
            let claim_all = move |store: Store| {
                let mut mine = Vec::new();
                loop {
                    let got = store.claim_due(at, until, 3).expect("claim");
                    if got.is_empty() {
                        return (mine, store);
                    }
                    mine.extend(got);
                }
            };
            let a = std::thread::spawn(move || claim_all(one));
            let b = std::thread::spawn(move || claim_all(two));
            let (a, b) = (a.join().expect("one"), b.join().expect("two"));
            let (a, b) = ((a.0, b.0), (a.1, b.1));
            (one, two) = b;
            let (a, b) = a;
            let mut all: Vec<Job> = a.iter().chain(&b).copied().collect();
            all.sort_unstable();
            assert_eq!(all, jobs, "round {round}: {a:?} and {b:?}");
            for job in &jobs {
                one.unschedule(*job).expect("done");
            }
        }
    }

    #[test]
    fn a_big_guild_id_round_trips() {
        let store = Store::for_tests();
        let job = Job::DailyPost(GuildId(1_234_567_890_123_456_789));
        store
            .schedule(job, ts("2026-12-02T09:00:00Z"))
            .expect("schedule");
        assert_eq!(
            store.due_jobs(ts("2026-12-03T00:00:00Z"), 5).expect("due"),
            vec![job]
        );
    }
}

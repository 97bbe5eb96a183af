//! Gateway login slots shared by a fleet: when each of Discord's identify buckets may next be used.
//!
//! Discord lets a bot identify `max_concurrency` shards per 5 seconds, one per bucket
//! (`shard_id % max_concurrency`), across all its processes. Processes on several hosts cannot
//! see each other's shard queues, so the bucket's next free instant is a row in the shared store,
//! and a shard takes its turn with one conditional statement: whoever writes first gets the earlier
//! instant, the next one an instant a spacing later, and no process ever reads and then writes (a
//! race between two of them could not hand out one instant twice).
//!
//! Instants are kept as milliseconds since the epoch, so that the spacing is plain integer
//! arithmetic on both backends.

use jiff::{SignedDuration, Timestamp};

use super::Store;
use super::db::params;
use crate::error::{Error, Result};

impl Store {
    /// Takes the next turn of identify bucket `bucket`: returns the instant at which its shard may
    /// identify (`now`, or later when the bucket was used less than `spacing` ago or others are
    /// queued before it), and moves the bucket's next free instant `spacing` past it. The caller
    /// waits until the returned instant, then identifies.
    pub fn take_identify_slot(
        &self,
        bucket: u32,
        now: Timestamp,
        spacing: SignedDuration,
    ) -> Result<Timestamp> {
        let now_ms = now.as_millisecond();
        let spacing_ms = i64::try_from(spacing.as_millis()).unwrap_or(i64::MAX);
        // One statement: SQLite's single writer and PostgreSQL's row lock on the conflicting row
        // both make the read of the old instant and the write of the new one one step.
        let slot_ms: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO identify_slot (bucket, free_at_ms)
                 VALUES (?1, CAST(?2 AS BIGINT) + CAST(?3 AS BIGINT))
                 ON CONFLICT(bucket) DO UPDATE SET free_at_ms =
                     CASE WHEN identify_slot.free_at_ms > CAST(?2 AS BIGINT)
                          THEN identify_slot.free_at_ms ELSE CAST(?2 AS BIGINT) END
                     + CAST(?3 AS BIGINT)
                 RETURNING free_at_ms - CAST(?3 AS BIGINT)",
            )?
            .query_row(params![i64::from(bucket), now_ms, spacing_ms], |r| r.get(0))?;
        Timestamp::from_millisecond(slot_ms)
            .map_err(|e| Error::Encoding(format!("an identify slot {slot_ms} ms: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACING: SignedDuration = SignedDuration::from_secs(5);

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + second).expect("an instant")
    }

    #[test]
    fn a_bucket_hands_out_turns_spaced_apart_and_is_free_again_after_a_pause() {
        let store = Store::for_tests();
        assert_eq!(
            store.take_identify_slot(0, at(0), SPACING).expect("1"),
            at(0)
        );
        // Asked again at once: the next turn is a spacing later, then another.
        assert_eq!(
            store.take_identify_slot(0, at(0), SPACING).expect("2"),
            at(5)
        );
        assert_eq!(
            store.take_identify_slot(0, at(1), SPACING).expect("3"),
            at(10)
        );
        // Another bucket is free at once: buckets identify side by side.
        assert_eq!(
            store.take_identify_slot(1, at(1), SPACING).expect("b1"),
            at(1)
        );
        // Long after the last turn, the bucket is free now, not at some instant in the past.
        assert_eq!(
            store.take_identify_slot(0, at(60), SPACING).expect("4"),
            at(60)
        );
        assert_eq!(
            store.take_identify_slot(0, at(62), SPACING).expect("5"),
            at(65)
        );
    }

    /// Two processes' stores on one database, both asking for bucket 0 at the same instant.
    #[test]
    fn two_stores_racing_for_one_bucket_get_turns_a_spacing_apart() {
        let (first, second, _dir) = super::super::two_processes();
        let barrier = std::sync::Barrier::new(2);
        let mut slots: Vec<Timestamp> = std::thread::scope(|s| {
            let race = |store: Store| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    store.take_identify_slot(0, at(0), SPACING).expect("a slot")
                })
            };
            let (a, b) = (race(first), race(second));
            vec![a.join().expect("first"), b.join().expect("second")]
        });
        slots.sort();
        assert_eq!(slots, vec![at(0), at(5)]);
    }
}

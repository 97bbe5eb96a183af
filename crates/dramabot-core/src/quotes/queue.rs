//! The daily-post scheduler's two small data structures, kept apart from the time rules so that
//! each can be tested on its own.
//!
//! - [`DueQueue`]: every server's next due instant in a min-heap, so the scheduler task sleeps
//!   until the earliest one instead of scanning every server every minute. A server that changes
//!   its settings is moved by pushing a fresh entry; the old one stays in the heap and is skipped
//!   when it surfaces (lazy deletion), so a move costs O(log n) and no search of the heap.
//! - [`RateLimiter`]: Discord allows 50 REST requests per second across the whole bot, and a
//!   popular time such as 09:00 makes many servers due in the same second. The limiter hands out
//!   send slots so that no window of one second holds more than the limit. Time is passed in,
//!   never read.

use std::cmp::Reverse;
use std::collections::hash_map::Entry;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::hash::Hash;

use jiff::{SignedDuration, Timestamp};

/// Stale heap entries tolerated before the heap is rebuilt from the live entries. Rebuilding is
/// O(n); doing it only once stale entries outnumber live ones keeps the amortised cost of a move
/// at O(log n) and the heap at most about twice the number of servers.
const COMPACT_SLACK: usize = 64;

/// Keys ordered by the instant they are due, each key present at most once.
///
/// `schedule` inserts or moves a key, `remove` drops it, `pop_due` hands out the earliest key whose
/// instant has come. Keys due at the same instant come out in key order, so runs are repeatable.
#[derive(Debug, Clone)]
pub struct DueQueue<K> {
    /// Min-heap on (due, key, generation). May hold stale entries: see `live`.
    heap: BinaryHeap<Reverse<(Timestamp, K, u64)>>,
    /// The one valid entry of each key. A heap entry whose generation differs is stale.
    live: HashMap<K, (Timestamp, u64)>,
    /// Source of generations; never reused, so an old entry can never look valid again.
    next_generation: u64,
}

impl<K> Default for DueQueue<K> {
    fn default() -> Self {
        Self {
            heap: BinaryHeap::new(),
            live: HashMap::new(),
            next_generation: 0,
        }
    }
}

impl<K: Clone + Eq + Hash + Ord> DueQueue<K> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty queue with room for `capacity` keys, for building it at start-up in one go.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
            live: HashMap::with_capacity(capacity),
            next_generation: 0,
        }
    }

    /// Puts `key` in the queue due at `at`, or moves it there if it is already queued. Returns the
    /// instant it was due before, if it was queued. O(log n).
    pub fn schedule(&mut self, key: K, at: Timestamp) -> Option<Timestamp> {
        let generation = self.next_generation;
        let previous = match self.live.entry(key.clone()) {
            // Same instant: keep the entry already in the heap rather than leave a stale one.
            Entry::Occupied(entry) if entry.get().0 == at => return Some(at),
            Entry::Occupied(mut entry) => Some(entry.insert((at, generation)).0),
            Entry::Vacant(entry) => {
                entry.insert((at, generation));
                None
            }
        };
        self.next_generation += 1;
        self.heap.push(Reverse((at, key, generation)));
        self.compact_if_sparse();
        previous
    }

    /// Takes `key` out of the queue; returns the instant it was due, if it was queued. O(1): its
    /// heap entry becomes stale and is dropped when it reaches the top.
    pub fn remove(&mut self, key: &K) -> Option<Timestamp> {
        let (at, _) = self.live.remove(key)?;
        self.compact_if_sparse();
        Some(at)
    }

    /// When `key` is due, if it is queued.
    pub fn due(&self, key: &K) -> Option<Timestamp> {
        self.live.get(key).map(|&(at, _)| at)
    }

    /// The earliest due instant of any key, or `None` when the queue is empty. Drops stale entries
    /// it finds on top, hence `&mut`.
    pub fn next_due(&mut self) -> Option<Timestamp> {
        self.drop_stale_top();
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Takes out the earliest key due at or before `now`, with the instant it was due; `None` when
    /// nothing is due yet. O(log n), plus the stale entries it skips.
    pub fn pop_due(&mut self, now: Timestamp) -> Option<(K, Timestamp)> {
        self.drop_stale_top();
        match self.heap.peek() {
            Some(Reverse((at, _, _))) if *at <= now => {}
            _ => return None,
        }
        let Reverse((at, key, _)) = self.heap.pop()?;
        self.live.remove(&key);
        Some((key, at))
    }

    /// How many keys are queued (stale heap entries not counted).
    pub fn len(&self) -> usize {
        self.live.len()
    }

    /// Whether no key is queued.
    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// Heap entries held, stale ones included: what the queue costs in memory, for benchmarks.
    pub fn heap_len(&self) -> usize {
        self.heap.len()
    }

    fn is_live(&self, key: &K, generation: u64) -> bool {
        self.live.get(key).is_some_and(|&(_, g)| g == generation)
    }

    fn drop_stale_top(&mut self) {
        while let Some(Reverse((_, key, generation))) = self.heap.peek() {
            if self.is_live(key, *generation) {
                return;
            }
            self.heap.pop();
        }
    }

    fn compact_if_sparse(&mut self) {
        if self.heap.len() <= 2 * self.live.len() + COMPACT_SLACK {
            return;
        }
        let live = &self.live;
        self.heap.retain(|Reverse((_, key, generation))| {
            live.get(key).is_some_and(|&(_, g)| g == *generation)
        });
    }
}

/// Spaces sends so that no window of `period` holds more than `limit` of them.
///
/// It remembers the slots of the last `limit` sends; the next slot is `now`, or one `period` after
/// the oldest of those if that is later. That is exact for any window, wherever it starts, so it
/// also keeps within a limit counted in fixed one-second buckets. Bursts up to `limit` go out at
/// once after a quiet spell.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    limit: usize,
    period: SignedDuration,
    /// Slots handed out, oldest first; at most `limit` of them.
    recent: VecDeque<Timestamp>,
}

impl RateLimiter {
    /// Discord's global limit: 50 requests per second for the whole bot.
    pub const DISCORD_GLOBAL_PER_SECOND: usize = 50;

    /// A limiter allowing `limit` sends per `period`. A `limit` of 0 is taken as 1 so that sends
    /// are slowed, never stopped; a negative `period` is taken as zero (no limit).
    pub fn new(limit: usize, period: SignedDuration) -> Self {
        let limit = limit.max(1);
        Self {
            limit,
            period: period.max(SignedDuration::ZERO),
            recent: VecDeque::with_capacity(limit),
        }
    }

    /// A limiter at `per_second` sends per second; use less than Discord's 50 to leave room for the
    /// bot's other requests.
    pub fn per_second(per_second: usize) -> Self {
        Self::new(per_second, SignedDuration::from_secs(1))
    }

    /// Reserves the next send slot at or after `now` and returns it. The caller waits until then
    /// and sends; a slot it does not use is simply lost.
    pub fn reserve(&mut self, now: Timestamp) -> Timestamp {
        let mut slot = now;
        if self.recent.len() >= self.limit
            && let Some(&oldest) = self.recent.front()
        {
            // An overflow here would be a timestamp near the end of time: send at once instead.
            slot = slot.max(oldest.checked_add(self.period).unwrap_or(oldest));
        }
        // Slots never go backwards, even if the clock does, or the window count would be off.
        if let Some(&last) = self.recent.back() {
            slot = slot.max(last);
        }
        if self.recent.len() >= self.limit {
            self.recent.pop_front();
        }
        self.recent.push_back(slot);
        slot
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self::per_second(Self::DISCORD_GLOBAL_PER_SECOND)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_750_000_000 + seconds).expect("in range")
    }

    fn drain(queue: &mut DueQueue<u32>, now: Timestamp) -> Vec<(u32, Timestamp)> {
        std::iter::from_fn(|| queue.pop_due(now)).collect()
    }

    #[test]
    fn pops_in_time_order_and_only_when_due() {
        let mut queue = DueQueue::new();
        queue.schedule(3, at(30));
        queue.schedule(1, at(10));
        queue.schedule(2, at(20));
        assert_eq!(queue.len(), 3);
        assert_eq!(queue.next_due(), Some(at(10)));
        assert_eq!(queue.pop_due(at(9)), None);
        assert_eq!(queue.pop_due(at(10)), Some((1, at(10))));
        assert_eq!(queue.pop_due(at(15)), None);
        assert_eq!(drain(&mut queue, at(100)), vec![(2, at(20)), (3, at(30))]);
        assert!(queue.is_empty());
        assert_eq!(queue.next_due(), None);
    }

    #[test]
    fn rescheduling_moves_a_key_and_leaves_no_duplicate() {
        let mut queue = DueQueue::new();
        queue.schedule(1, at(10));
        queue.schedule(2, at(20));
        // Later, then earlier again: only the last instant counts.
        assert_eq!(queue.schedule(1, at(30)), Some(at(10)));
        assert_eq!(queue.next_due(), Some(at(20)));
        assert_eq!(queue.schedule(1, at(5)), Some(at(30)));
        assert_eq!(queue.due(&1), Some(at(5)));
        assert_eq!(queue.len(), 2);
        assert_eq!(drain(&mut queue, at(100)), vec![(1, at(5)), (2, at(20))]);
        // The stale entries for key 1 at 10 and 30 were skipped, not handed out.
        assert_eq!(queue.pop_due(at(1_000)), None);
        assert_eq!(queue.heap_len(), 0);
    }

    #[test]
    fn scheduling_the_same_instant_twice_adds_no_stale_entry() {
        let mut queue = DueQueue::new();
        queue.schedule(1, at(10));
        assert_eq!(queue.schedule(1, at(10)), Some(at(10)));
        assert_eq!(queue.heap_len(), 1);
    }

    #[test]
    fn removed_keys_are_skipped_lazily() {
        let mut queue = DueQueue::new();
        for key in 0..5 {
            queue.schedule(key, at(i64::from(key)));
        }
        assert_eq!(queue.remove(&0), Some(at(0)));
        assert_eq!(queue.remove(&3), Some(at(3)));
        assert_eq!(queue.remove(&3), None);
        assert_eq!(queue.len(), 3);
        assert_eq!(queue.heap_len(), 5, "removal only forgets the key");
        assert_eq!(queue.next_due(), Some(at(1)), "the stale top is dropped");
        assert_eq!(
            drain(&mut queue, at(100)),
            vec![(1, at(1)), (2, at(2)), (4, at(4))]
        );
        // A removed key can come back.
        queue.schedule(3, at(50));
        assert_eq!(drain(&mut queue, at(100)), vec![(3, at(50))]);
    }

    #[test]
    fn many_keys_due_at_the_same_instant_come_out_in_key_order() {
        let mut queue = DueQueue::with_capacity(1_000);
        for key in (0..1_000u32).rev() {
            queue.schedule(key, at(60));
        }
        queue.schedule(5_000, at(59));
        let popped = drain(&mut queue, at(60));
        assert_eq!(popped.len(), 1_001);
        assert_eq!(popped[0], (5_000, at(59)));
        let keys: Vec<u32> = popped[1..].iter().map(|&(key, _)| key).collect();
        assert_eq!(keys, (0..1_000).collect::<Vec<_>>());
    }

    #[test]
    fn many_moves_keep_the_heap_bounded() {
        let mut queue = DueQueue::new();
        for key in 0..100u32 {
            queue.schedule(key, at(0));
        }
        for round in 1..=1_000 {
            queue.schedule(round % 100, at(i64::from(round)));
        }
        assert_eq!(queue.len(), 100);
        assert!(queue.heap_len() <= 2 * 100 + COMPACT_SLACK + 1);
        let popped = drain(&mut queue, at(10_000));
        assert_eq!(popped.len(), 100);
        assert!(popped.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    #[test]
    fn limiter_lets_a_burst_through_then_spaces_by_the_window() {
        let mut limiter = RateLimiter::per_second(50);
        let slots: Vec<Timestamp> = (0..120).map(|_| limiter.reserve(at(0))).collect();
        assert!(slots[..50].iter().all(|&s| s == at(0)));
        assert!(slots[50..100].iter().all(|&s| s == at(1)));
        assert!(slots[100..].iter().all(|&s| s == at(2)));
        assert_window_holds(&slots, 50);
    }

    #[test]
    fn limiter_never_exceeds_the_limit_in_any_window_with_uneven_arrivals() {
        let mut limiter = RateLimiter::per_second(50);
        let mut now = at(0);
        let mut slots = Vec::new();
        for i in 0..2_000u32 {
            // Arrivals every 7 ms with a stall now and then.
            let step = if i % 300 == 0 { 1_500 } else { 7 };
            now += SignedDuration::from_millis(step);
            let slot = limiter.reserve(now);
            assert!(slot >= now);
            slots.push(slot);
        }
        assert!(slots.windows(2).all(|w| w[0] <= w[1]));
        assert_window_holds(&slots, 50);
    }

    #[test]
    fn limiter_does_not_go_back_when_the_clock_does() {
        let mut limiter = RateLimiter::per_second(2);
        assert_eq!(limiter.reserve(at(10)), at(10));
        assert_eq!(limiter.reserve(at(5)), at(10));
        assert_eq!(limiter.reserve(at(5)), at(11));
        assert_eq!(
            RateLimiter::new(0, SignedDuration::from_secs(1)).reserve(at(0)),
            at(0)
        );
    }

    /// Every half-open window of one second, starting at any slot, holds at most `limit` slots.
    fn assert_window_holds(slots: &[Timestamp], limit: usize) {
        for (i, &start) in slots.iter().enumerate() {
            let end = start + SignedDuration::from_secs(1);
            let inside = slots[i..].iter().take_while(|&&s| s < end).count();
            assert!(inside <= limit, "{inside} sends in the second from {start}");
        }
    }
}

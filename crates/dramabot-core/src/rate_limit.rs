//! Spacing of the bot's own sends under Discord's global limit.
//!
//! Discord allows 50 REST requests per second across the whole bot, and a popular time such as
//! 09:00 makes many servers' daily posts due in the same second. [`RateLimiter`] hands out send
//! slots so that no window of one second holds more than the limit. Time is passed in, never read,
//! so the scheduler task and its tests share it.

use std::collections::VecDeque;

use jiff::{SignedDuration, Timestamp};

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

//! When a server's quote of the day is due: the time rules, as pure functions.
//!
//! A server asks for a post every day at a local time (HH:MM) in an IANA time zone. Everything
//! that decides *when* and *for which day* is a pure function of the plan, the instant `now` and
//! what the store remembers (the [`Ledger`]), so every rule below is tested without a clock, and a
//! restart (calling the same function fresh with the stored ledger) behaves exactly like a loop
//! that never stopped.
//!
//! # The rules
//!
//! - **Which instant.** The post for local date `D` is due at [`post_instant`]`(D, time, zone)`:
//!   - a wall time that occurs once: that instant;
//!   - a wall time that occurs twice (clocks go back): the first occurrence;
//!   - a wall time that does not exist (clocks go forward): the first instant after it, the
//!     moment the clocks jump (02:30 on a New York spring-forward day posts at 03:00 EDT). This
//!     is not jiff's `compatible` disambiguation, which would post at 03:30: it shifts by the
//!     length of the gap instead.
//!   - a date on which that wall time never shows (a whole day skipped, as Samoa did on
//!     2011-12-30): no post for that date.
//! - **The dedupe key is the local date** of the post in the server's zone *at the time*. The
//!   store commits the claim "posted for (server, date)" before sending, so a date is posted at
//!   most once.
//! - **Settled dates.** A date is settled once it was posted or recorded as missed, and so is
//!   every date before it ([`Ledger::last_date`]). So is the local date, *in the current zone*, of
//!   the last post's instant ([`Ledger::last_post_at`]). Only a date after both is ever posted.
//!   That gives both rules for a server that changes its zone or time mid-day: never a second
//!   post for a date already posted, and never two posts within one local day of the zone now in
//!   force. A date not yet settled whose time is still ahead today is posted today: changing the
//!   time or zone skips no day that had no post.
//! - **Late posts (grace).** When the most recent due instant at or before `now` is for a date
//!   not settled, the post goes out late ([`Action::PostNow`]) only if `now` is still on that
//!   same local date in the plan's zone **and** `now - due <= grace` (default 12 h, inclusive).
//!   Otherwise that date is [`Action::Missed`]: the caller records it and asks again.
//! - **Missed days.** After downtime, every unsettled date whose time passed is reported missed,
//!   oldest first, one per call, except the most recent one when it can still go out late. Only
//!   the last 7 due dates are considered, so a bot down for a month lists a week, not a month; a
//!   server with no history at all starts with the most recent due date.
//! - **Changing the time to earlier than now.** Catching up is for the bot's own downtime only:
//!   a post turned on, or moved to a time (or zone) already past today, waits for the next day
//!   ([`Ledger::changed_at`] settles the days whose time passed before the change).
//! - **Skip.** [`Ledger::skip`] names one date that is neither posted nor reported missed.
//!   [`date_to_skip`] picks the next post's date, ignoring any skip already set, so `/qotd skip`
//!   run twice skips the same day.
//!
//! # The task
//!
//! Each server with a daily post is one job of the one scheduler (`crate::due`): `quotes::daily`
//! puts the server in the queue at [`wake_at`] whenever its settings change, and asks
//! [`next_action`] when the job comes due.

use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Span, Timestamp};

mod zones;
pub use zones::{InputError, nearest_zones, parse_post_time, parse_zone, zone_suggestions};

/// How late a post may still go out after downtime, on the same local date: the default.
pub const DEFAULT_GRACE: SignedDuration = SignedDuration::from_hours(12);

/// After downtime, at most this many days, ending with the most recent due one, are reported
/// missed; older ones are not listed.
pub const MISSED_DAYS_LISTED: i32 = 7;

/// Days looked back for the most recent due instant. Two would do (today, or yesterday when
/// today's time is still ahead); the third covers a date on which the time never showed.
const LOOKBACK_DAYS: usize = 3;

/// Days looked ahead for the next due instant: past a settled today, a skipped day and a day on
/// which the time never shows, with room to spare.
const LOOKAHEAD_DAYS: usize = 6;

/// The instant the post for local `date` at wall-clock `time` is due in `zone`, or `None` when that
/// wall time never shows on that date (a skipped calendar day) or lies outside jiff's range.
///
/// A wall time inside a spring-forward gap gives the first instant after it (the jump itself); a
/// wall time inside a fall-back fold gives its first occurrence.
pub fn post_instant(date: Date, time: Time, zone: &TimeZone) -> Option<Timestamp> {
    let wall = date.to_datetime(time);
    let instant = match zone.to_ambiguous_timestamp(wall).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(wall).ok()?,
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(wall).ok()?,
        AmbiguousOffset::Gap { after, .. } => {
            // Read with the offset that follows the gap, the wall time names an instant just before
            // the jump; the next transition after it is the jump, the first instant whose wall time
            // is past the missing one.
            let before_jump = after.to_timestamp(wall).ok()?;
            zone.following(before_jump).next()?.timestamp()
        }
    };
    // A gap across midnight would move the post onto the next date, which has its own post.
    (zone.to_datetime(instant).date() == date).then_some(instant)
}

/// A server's daily post: where and when, and how late it may still go out.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyPlan {
    /// The server's IANA time zone.
    pub zone: TimeZone,
    /// The local wall-clock time of the post (seconds are taken as given; `/qotd` sets whole
    /// minutes).
    pub time: Time,
    /// How long after the due instant a post may still go out on the same local date, after
    /// downtime. A negative value counts as zero.
    pub grace: SignedDuration,
}

impl DailyPlan {
    /// A plan with the default grace of 12 hours.
    pub fn new(zone: TimeZone, time: Time) -> Self {
        Self {
            zone,
            time,
            grace: DEFAULT_GRACE,
        }
    }
}

/// What the store remembers of a server's posts: all that [`next_action`] needs to never post a
/// date twice, across restarts and changes of zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    /// The latest local date whose post was claimed or recorded as missed. No date up to it is
    /// posted again.
    pub last_date: Option<Date>,
    /// When the latest post was sent. Its local date in the *current* zone is settled too, so a
    /// zone change cannot give one local day two posts.
    pub last_post_at: Option<Timestamp>,
    /// One date a moderator asked to skip. Left in place once past: it is harmless there.
    pub skip: Option<Date>,
    /// When a moderator last turned the post on or moved its time or zone. A post whose time had
    /// already passed then is not caught up: the catch-up within grace is for the bot's own
    /// downtime, not for a schedule that did not exist yet.
    pub changed_at: Option<Timestamp>,
}

impl Ledger {
    /// The latest date that may not be posted any more in `zone`, if any.
    pub fn settled_through(&self, zone: &TimeZone) -> Option<Date> {
        let posted_on = self.last_post_at.map(|at| zone.to_datetime(at).date());
        self.last_date.max(posted_on)
    }

    /// Notes what the caller did with `action` at `at`: a post sent (claimed) or a day recorded as
    /// missed. The store should persist the same two facts.
    pub fn record(&mut self, action: &Action, at: Timestamp) {
        match *action {
            Action::PostNow { date, .. } => {
                self.last_date = self.last_date.max(Some(date));
                self.last_post_at = self.last_post_at.max(Some(at));
            }
            Action::Missed { date, .. } => self.last_date = self.last_date.max(Some(date)),
            Action::Sleep { .. } => {}
        }
    }
}

/// What to do for one server at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Post for `date` now: it was due at `due` (maybe late, within the grace).
    PostNow {
        /// The local date the post is for: the dedupe key.
        date: Date,
        /// When it was due.
        due: Timestamp,
    },
    /// The post for `date`, due at `due`, can no longer go out: record it as missed, then ask
    /// again.
    Missed {
        /// The local date that had no post.
        date: Date,
        /// When it was due.
        due: Timestamp,
    },
    /// Nothing to do before `until`, when the post for `date` is due.
    Sleep {
        /// When to ask again.
        until: Timestamp,
        /// The local date of the next post.
        date: Date,
    },
}

impl Action {
    /// The local date this action is about.
    pub fn date(&self) -> Date {
        match *self {
            Action::PostNow { date, .. }
            | Action::Missed { date, .. }
            | Action::Sleep { date, .. } => date,
        }
    }
}

/// Decides what to do for a server at `now`, given its plan and its ledger. Pure: the caller
/// applies the action ([`Ledger::record`], and the store) and calls again; calling it repeatedly
/// with `now` advanced to each `Sleep::until` gives exactly one post per local day.
///
/// See the module documentation for the rules (grace, settled dates, skip).
pub fn next_action(plan: &DailyPlan, now: Timestamp, ledger: &Ledger) -> Action {
    let zone = &plan.zone;
    let today = zone.to_datetime(now).date();
    let settled = ledger.settled_through(zone);
    let open = |date: Date| settled.is_none_or(|s| date > s) && ledger.skip != Some(date);

    if let Some((latest, _)) = latest_due(plan, today, now) {
        // Dates after the last settled one whose time has come, oldest first: all but the latest
        // are past their day, so missed; a server with no history starts at the latest.
        let window_start = latest
            .checked_sub(Span::new().days(MISSED_DAYS_LISTED - 1))
            .unwrap_or(latest);
        let mut next = match settled {
            Some(s) => s.tomorrow().ok().map(|d| d.max(window_start)),
            None => Some(latest),
        };
        while let Some(date) = next.filter(|&d| d <= latest) {
            if open(date)
                && let Some(due) = post_instant(date, plan.time, zone)
                && due <= now
                && ledger.changed_at.is_none_or(|changed| due > changed)
            {
                let late = now.duration_since(due);
                return if date == today && late <= plan.grace.max(SignedDuration::ZERO) {
                    Action::PostNow { date, due }
                } else {
                    Action::Missed { date, due }
                };
            }
            next = date.tomorrow().ok();
        }
    }

    let mut next = match settled {
        Some(s) if s >= today => s.tomorrow().ok(),
        _ => Some(today),
    };
    let mut tried = today;
    for _ in 0..LOOKAHEAD_DAYS {
        let Some(date) = next else { break };
        tried = date;
        if open(date)
            && let Some(due) = post_instant(date, plan.time, zone)
            && due > now
        {
            return Action::Sleep { until: due, date };
        }
        next = date.tomorrow().ok();
    }
    // Only reachable at the far end of jiff's calendar: ask again tomorrow rather than spin.
    let until = now
        .checked_add(SignedDuration::from_hours(24))
        .unwrap_or(now);
    Action::Sleep { until, date: tried }
}

/// When the scheduler should next look at this server: `now` if something is to be done now, else
/// the next due instant.
pub fn wake_at(plan: &DailyPlan, now: Timestamp, ledger: &Ledger) -> Timestamp {
    match next_action(plan, now, ledger) {
        Action::Sleep { until, .. } => until,
        Action::PostNow { .. } | Action::Missed { .. } => now,
    }
}

/// The date `/qotd skip` should store in [`Ledger::skip`]: the next post's date as if nothing were
/// skipped yet. Running the command twice before that post gives the same date, so it skips one
/// day, not two.
pub fn date_to_skip(plan: &DailyPlan, now: Timestamp, ledger: &Ledger) -> Date {
    let mut unskipped = Ledger {
        skip: None,
        ..*ledger
    };
    // Missed days are behind us: what follows them is the next post.
    for _ in 0..MISSED_DAYS_LISTED + 1 {
        let action = next_action(plan, now, &unskipped);
        match action {
            Action::Missed { .. } => unskipped.record(&action, now),
            Action::PostNow { date, .. } | Action::Sleep { date, .. } => return date,
        }
    }
    next_action(plan, now, &unskipped).date()
}

/// The most recent date whose due instant is at or before `now`, with that instant.
fn latest_due(plan: &DailyPlan, today: Date, now: Timestamp) -> Option<(Date, Timestamp)> {
    let mut date = today;
    for _ in 0..LOOKBACK_DAYS {
        if let Some(due) = post_instant(date, plan.time, &plan.zone)
            && due <= now
        {
            return Some((date, due));
        }
        date = date.yesterday().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {

    use jiff::civil::{DateTime, date, time};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn zone(name: &str) -> TimeZone {
        jiff::tz::db().get(name).expect("a zone in the database")
    }

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn plan(name: &str, hour: i8, minute: i8) -> DailyPlan {
        DailyPlan::new(zone(name), time(hour, minute, 0, 0))
    }

    fn at(name: &str, date: Date, hour: i8, minute: i8) -> Option<Timestamp> {
        post_instant(date, time(hour, minute, 0, 0), &zone(name))
    }

    // --- Which instant -------------------------------------------------------------------------

    #[test]
    fn new_york_spring_forward_posts_at_the_jump() {
        let day = date(2025, 3, 9);
        // 02:00-02:59 do not exist: the clocks go from 01:59:59 EST to 03:00:00 EDT (07:00Z).
        assert_eq!(
            at("America/New_York", day, 2, 30),
            Some(ts("2025-03-09T07:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 2, 0),
            Some(ts("2025-03-09T07:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 1, 59),
            Some(ts("2025-03-09T06:59:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 3, 0),
            Some(ts("2025-03-09T07:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 9, 0),
            Some(ts("2025-03-09T13:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", date(2025, 3, 8), 9, 0),
            Some(ts("2025-03-08T14:00:00Z"))
        );
        // jiff's `compatible` would post at 03:30 EDT: it shifts by the gap, it does not stop at
        // the first valid instant. That is why `post_instant` does not use it for gaps.
        let compatible = zone("America/New_York")
            .to_ambiguous_timestamp(day.at(2, 30, 0, 0))
            .compatible()
            .expect("in range");
        assert_eq!(compatible, ts("2025-03-09T07:30:00Z"));
    }

    #[test]
    fn new_york_fall_back_posts_at_the_first_occurrence() {
        let day = date(2025, 11, 2);
        // 01:00-01:59 happen twice: first in EDT (-4), then in EST (-5).
        assert_eq!(
            at("America/New_York", day, 1, 30),
            Some(ts("2025-11-02T05:30:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 1, 0),
            Some(ts("2025-11-02T05:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 0, 59),
            Some(ts("2025-11-02T04:59:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 2, 0),
            Some(ts("2025-11-02T07:00:00Z"))
        );
        assert_eq!(
            at("America/New_York", day, 9, 0),
            Some(ts("2025-11-02T14:00:00Z"))
        );
        // Here `compatible` agrees: the earlier of the two.
        let compatible = zone("America/New_York")
            .to_ambiguous_timestamp(day.at(1, 30, 0, 0))
            .compatible()
            .expect("in range");
        assert_eq!(compatible, ts("2025-11-02T05:30:00Z"));
    }

    #[test]
    fn london_both_changes() {
        // Spring: 01:00 GMT -> 02:00 BST on 30 March.
        let spring = date(2025, 3, 30);
        assert_eq!(
            at("Europe/London", spring, 1, 30),
            Some(ts("2025-03-30T01:00:00Z"))
        );
        assert_eq!(
            at("Europe/London", spring, 0, 30),
            Some(ts("2025-03-30T00:30:00Z"))
        );
        assert_eq!(
            at("Europe/London", spring, 9, 0),
            Some(ts("2025-03-30T08:00:00Z"))
        );
        // Autumn: 02:00 BST -> 01:00 GMT on 26 October; 01:30 happens first at 00:30Z.
        let autumn = date(2025, 10, 26);
        assert_eq!(
            at("Europe/London", autumn, 1, 30),
            Some(ts("2025-10-26T00:30:00Z"))
        );
        assert_eq!(
            at("Europe/London", autumn, 9, 0),
            Some(ts("2025-10-26T09:00:00Z"))
        );
    }

    #[test]
    fn sydney_southern_hemisphere_changes() {
        // April: 03:00 AEDT -> 02:00 AEST; 02:30 first happens at +11.
        let autumn = date(2025, 4, 6);
        assert_eq!(
            at("Australia/Sydney", autumn, 2, 30),
            Some(ts("2025-04-05T15:30:00Z"))
        );
        assert_eq!(
            at("Australia/Sydney", autumn, 9, 0),
            Some(ts("2025-04-05T23:00:00Z"))
        );
        // October: 02:00 AEST -> 03:00 AEDT; 02:30 does not exist.
        let spring = date(2025, 10, 5);
        assert_eq!(
            at("Australia/Sydney", spring, 2, 30),
            Some(ts("2025-10-04T16:00:00Z"))
        );
        assert_eq!(
            at("Australia/Sydney", spring, 9, 0),
            Some(ts("2025-10-04T22:00:00Z"))
        );
        // The post's local date is the date asked for, though the UTC date is the day before.
        let posted = at("Australia/Sydney", spring, 2, 30).expect("a post");
        assert_eq!(
            zone("Australia/Sydney").to_datetime(posted),
            spring.at(3, 0, 0, 0)
        );
    }

    #[test]
    fn seoul_and_kolkata_fixed_offsets() {
        let day = date(2025, 6, 10);
        assert_eq!(
            at("Asia/Seoul", day, 9, 0),
            Some(ts("2025-06-10T00:00:00Z"))
        );
        assert_eq!(
            at("Asia/Seoul", day, 0, 0),
            Some(ts("2025-06-09T15:00:00Z"))
        );
        assert_eq!(
            at("Asia/Kolkata", day, 9, 0),
            Some(ts("2025-06-10T03:30:00Z"))
        );
        assert_eq!(
            at("Asia/Kolkata", day, 0, 15),
            Some(ts("2025-06-09T18:45:00Z"))
        );
        assert_eq!(
            at("Asia/Kolkata", day, 23, 59),
            Some(ts("2025-06-10T18:29:00Z"))
        );
    }

    #[test]
    fn a_calendar_day_that_never_happened_gets_no_post() {
        // Samoa skipped 30 December 2011 when it crossed the date line.
        assert_eq!(at("Pacific/Apia", date(2011, 12, 30), 9, 0), None);
        assert_eq!(
            at("Pacific/Apia", date(2011, 12, 29), 9, 0),
            Some(ts("2011-12-29T19:00:00Z"))
        );
        assert_eq!(
            at("Pacific/Apia", date(2011, 12, 31), 9, 0),
            Some(ts("2011-12-30T19:00:00Z"))
        );
        let plan = plan("Pacific/Apia", 9, 0);
        let mut ledger = Ledger::default();
        let now = ts("2011-12-29T19:00:00Z");
        let action = next_action(&plan, now, &ledger);
        assert_eq!(action.date(), date(2011, 12, 29));
        ledger.record(&action, now);
        assert_eq!(
            next_action(&plan, now, &ledger),
            Action::Sleep {
                until: ts("2011-12-30T19:00:00Z"),
                date: date(2011, 12, 31)
            }
        );
    }

    // --- What to do, steady and after restarts -------------------------------------------------

    const D: Date = date(2025, 6, 10);

    fn seoul_posted_yesterday() -> (DailyPlan, Ledger) {
        let ledger = Ledger {
            last_date: Some(date(2025, 6, 9)),
            last_post_at: Some(ts("2025-06-09T00:00:00Z")),
            skip: None,
            changed_at: None,
        };
        (plan("Asia/Seoul", 9, 0), ledger)
    }

    #[test]
    fn restart_just_before_the_post_time_sleeps_until_it() {
        let (plan, ledger) = seoul_posted_yesterday();
        assert_eq!(
            next_action(&plan, ts("2025-06-09T23:59:59Z"), &ledger),
            Action::Sleep {
                until: ts("2025-06-10T00:00:00Z"),
                date: D
            }
        );
    }

    #[test]
    fn at_the_due_instant_it_posts_once() {
        let (plan, mut ledger) = seoul_posted_yesterday();
        let due = ts("2025-06-10T00:00:00Z");
        let action = next_action(&plan, due, &ledger);
        assert_eq!(action, Action::PostNow { date: D, due });
        ledger.record(&action, due);
        assert_eq!(ledger.last_date, Some(D));
        // Asked again at once, or later that day: nothing more today.
        for later in [
            "2025-06-10T00:00:00Z",
            "2025-06-10T05:00:00Z",
            "2025-06-10T14:59:59Z",
        ] {
            assert_eq!(
                next_action(&plan, ts(later), &ledger),
                Action::Sleep {
                    until: ts("2025-06-11T00:00:00Z"),
                    date: date(2025, 6, 11)
                }
            );
        }
    }

    #[test]
    fn a_schedule_set_after_todays_time_waits_for_tomorrow() {
        // Posted yesterday at 09:00 Seoul; at 10:00 today a moderator turns it on or moves it to a
        // time already past. Within grace a restart would post at once; a change must not.
        let (plan, mut ledger) = seoul_posted_yesterday();
        let changed = ts("2025-06-10T01:00:00Z");
        ledger.changed_at = Some(changed);
        let tomorrow = Action::Sleep {
            until: ts("2025-06-11T00:00:00Z"),
            date: date(2025, 6, 11),
        };
        for now in ["2025-06-10T01:00:00Z", "2025-06-10T02:00:00Z"] {
            assert_eq!(next_action(&plan, ts(now), &ledger), tomorrow, "at {now}");
        }
        // A brand-new server, turned on after its time: the same.
        let fresh = Ledger {
            changed_at: Some(changed),
            ..Ledger::default()
        };
        assert_eq!(next_action(&plan, changed, &fresh), tomorrow);
        // A change made before today's time leaves today's post due, and caught up within grace.
        ledger.changed_at = Some(ts("2025-06-09T23:00:00Z"));
        let due = ts("2025-06-10T00:00:00Z");
        assert_eq!(
            next_action(&plan, ts("2025-06-10T02:00:00Z"), &ledger),
            Action::PostNow { date: D, due }
        );
    }

    #[test]
    fn restart_within_grace_posts_late_and_grace_is_inclusive() {
        let (plan, ledger) = seoul_posted_yesterday();
        let due = ts("2025-06-10T00:00:00Z");
        for now in [
            "2025-06-10T00:00:01Z",
            "2025-06-10T06:00:00Z",
            "2025-06-10T12:00:00Z",
        ] {
            assert_eq!(
                next_action(&plan, ts(now), &ledger),
                Action::PostNow { date: D, due }
            );
        }
    }

    #[test]
    fn restart_beyond_grace_records_the_day_missed_then_sleeps() {
        let (plan, mut ledger) = seoul_posted_yesterday();
        let due = ts("2025-06-10T00:00:00Z");
        let now = ts("2025-06-10T12:00:01Z");
        let action = next_action(&plan, now, &ledger);
        assert_eq!(action, Action::Missed { date: D, due });
        ledger.record(&action, now);
        assert_eq!(
            ledger.last_post_at,
            Some(ts("2025-06-09T00:00:00Z")),
            "no post was made"
        );
        assert_eq!(
            next_action(&plan, now, &ledger),
            Action::Sleep {
                until: ts("2025-06-11T00:00:00Z"),
                date: date(2025, 6, 11)
            }
        );
    }

    #[test]
    fn restart_the_next_day_misses_yesterday_then_waits_for_today() {
        let (plan, mut ledger) = seoul_posted_yesterday();
        // 06:00 on the 11th in Seoul: the 10th was never posted.
        let now = ts("2025-06-10T21:00:00Z");
        let action = next_action(&plan, now, &ledger);
        assert_eq!(
            action,
            Action::Missed {
                date: D,
                due: ts("2025-06-10T00:00:00Z")
            }
        );
        ledger.record(&action, now);
        assert_eq!(
            next_action(&plan, now, &ledger),
            Action::Sleep {
                until: ts("2025-06-11T00:00:00Z"),
                date: date(2025, 6, 11)
            }
        );
    }

    #[test]
    fn grace_does_not_cross_local_midnight() {
        // Due 23:00 in Seoul; back at 00:30, 90 minutes late but on the next local date.
        let plan = plan("Asia/Seoul", 23, 0);
        let ledger = Ledger {
            last_date: Some(date(2025, 6, 9)),
            ..Ledger::default()
        };
        let due = ts("2025-06-10T14:00:00Z");
        assert_eq!(
            next_action(&plan, ts("2025-06-10T14:59:59Z"), &ledger),
            Action::PostNow { date: D, due }
        );
        assert_eq!(
            next_action(&plan, ts("2025-06-10T15:30:00Z"), &ledger),
            Action::Missed { date: D, due }
        );
    }

    #[test]
    fn after_a_long_outage_the_last_week_is_accounted_for() {
        let (plan, ledger) = seoul_posted_yesterday();
        let settle = |now: Timestamp| {
            let mut ledger = ledger;
            let mut actions = Vec::new();
            loop {
                let action = next_action(&plan, now, &ledger);
                actions.push(action);
                if let Action::Sleep { .. } = action {
                    return actions;
                }
                ledger.record(&action, now);
            }
        };
        // Back at 12:00 on the 20th: the 14th to the 19th missed, the 20th posted late; the
        // 10th to the 13th, over a week back, are not listed.
        let actions = settle(ts("2025-06-20T03:00:00Z"));
        let missed: Vec<Date> = actions
            .iter()
            .filter(|a| matches!(a, Action::Missed { .. }))
            .map(Action::date)
            .collect();
        assert_eq!(
            missed,
            (14..=19).map(|d| date(2025, 6, d)).collect::<Vec<_>>()
        );
        assert_eq!(
            actions[6],
            Action::PostNow {
                date: date(2025, 6, 20),
                due: ts("2025-06-20T00:00:00Z")
            }
        );
        assert_eq!(actions[7].date(), date(2025, 6, 21));
        // Back at 08:00 on the 20th: the 13th to the 19th missed, then wait for 09:00.
        let actions = settle(ts("2025-06-19T23:00:00Z"));
        assert_eq!(actions.len(), 8);
        assert_eq!(actions[0].date(), date(2025, 6, 13));
        assert_eq!(
            actions[7],
            Action::Sleep {
                until: ts("2025-06-20T00:00:00Z"),
                date: date(2025, 6, 20)
            }
        );
        // A server with no history at all does not look back.
        let fresh = next_action(&plan, ts("2025-06-20T03:00:00Z"), &Ledger::default());
        assert_eq!(fresh.date(), date(2025, 6, 20));
    }

    #[test]
    fn a_fold_posts_once_at_the_first_occurrence() {
        let plan = plan("America/New_York", 1, 30);
        let mut ledger = Ledger {
            last_date: Some(date(2025, 11, 1)),
            ..Ledger::default()
        };
        let first = ts("2025-11-02T05:30:00Z");
        let second = ts("2025-11-02T06:30:00Z");
        assert_eq!(
            next_action(&plan, first - SignedDuration::from_secs(1), &ledger),
            Action::Sleep {
                until: first,
                date: date(2025, 11, 2)
            }
        );
        let action = next_action(&plan, first, &ledger);
        assert!(matches!(action, Action::PostNow { .. }));
        ledger.record(&action, first);
        // At the second 01:30 the day is done; the next post is the next day's 01:30 EST.
        assert_eq!(
            next_action(&plan, second, &ledger),
            Action::Sleep {
                until: ts("2025-11-03T06:30:00Z"),
                date: date(2025, 11, 3)
            }
        );
    }

    // --- Changes of time or zone mid-day ------------------------------------------------------

    #[test]
    fn moving_the_time_later_after_todays_post_does_not_post_again() {
        let (nine, mut ledger) = seoul_posted_yesterday();
        let due = ts("2025-06-10T00:00:00Z");
        ledger.record(&next_action(&nine, due, &ledger), due);
        let nine_pm = DailyPlan {
            time: time(21, 0, 0, 0),
            ..nine
        };
        assert_eq!(
            next_action(&nine_pm, ts("2025-06-10T01:00:00Z"), &ledger),
            Action::Sleep {
                until: ts("2025-06-11T12:00:00Z"),
                date: date(2025, 6, 11)
            }
        );
    }

    #[test]
    fn moving_the_time_before_todays_post_keeps_today() {
        let (nine, ledger) = seoul_posted_yesterday();
        let eight_am = ts("2025-06-09T23:00:00Z");
        let nine_pm = DailyPlan {
            time: time(21, 0, 0, 0),
            ..nine.clone()
        };
        assert_eq!(
            next_action(&nine_pm, eight_am, &ledger),
            Action::Sleep {
                until: ts("2025-06-10T12:00:00Z"),
                date: D
            }
        );
        // To a time already past today (07:00 at 08:00): today has no post yet, and the time
        // passed within the grace, so today's post goes out at once.
        let seven = DailyPlan {
            time: time(7, 0, 0, 0),
            ..nine
        };
        assert_eq!(
            next_action(&seven, eight_am, &ledger),
            Action::PostNow {
                date: D,
                due: ts("2025-06-09T22:00:00Z")
            }
        );
    }

    #[test]
    fn zone_change_westward_after_posting_never_posts_that_date_again() {
        // Posted 09:00 Seoul on the 10th (00:00Z). At 01:00Z the server moves to Los Angeles,
        // where it is 18:00 on the 9th.
        let ledger = Ledger {
            last_date: Some(D),
            last_post_at: Some(ts("2025-06-10T00:00:00Z")),
            skip: None,
            changed_at: None,
        };
        let now = ts("2025-06-10T01:00:00Z");
        // 09:00 LA on the 9th passed 9 hours ago, within the grace, and 09:00 LA on the 10th is
        // ahead. Neither is posted: the 9th in LA already had the Seoul post (at 17:00 LA), and
        // the date 10 June is already posted. The next post is for the 11th.
        let la = plan("America/Los_Angeles", 9, 0);
        assert_eq!(
            next_action(&la, now, &ledger),
            Action::Sleep {
                until: ts("2025-06-11T16:00:00Z"),
                date: date(2025, 6, 11)
            }
        );
        // Same with a time still ahead in LA today (20:00 on the 9th).
        let la_evening = plan("America/Los_Angeles", 20, 0);
        assert_eq!(
            next_action(&la_evening, now, &ledger).date(),
            date(2025, 6, 11)
        );
    }

    #[test]
    fn zone_change_eastward_after_posting_never_gives_one_local_day_two_posts() {
        // Posted 09:00 LA on the 10th, which is 01:00 on the 11th in Seoul.
        let posted = ts("2025-06-10T16:00:00Z");
        let ledger = Ledger {
            last_date: Some(D),
            last_post_at: Some(posted),
            skip: None,
            changed_at: None,
        };
        let seoul = plan("Asia/Seoul", 9, 0);
        // At 02:00 Seoul on the 11th, the 11th already had a post there: the next is the 12th.
        assert_eq!(
            next_action(&seoul, ts("2025-06-10T17:00:00Z"), &ledger),
            Action::Sleep {
                until: ts("2025-06-12T00:00:00Z"),
                date: date(2025, 6, 12)
            }
        );
    }

    #[test]
    fn zone_change_with_the_new_time_still_ahead_today_skips_no_day() {
        // Posted 09:00 London (08:00Z) on the 10th; at 16:00Z moves to Tokyo, 01:00 on the 11th.
        let ledger = Ledger {
            last_date: Some(D),
            last_post_at: Some(ts("2025-06-10T08:00:00Z")),
            skip: None,
            changed_at: None,
        };
        assert_eq!(
            next_action(
                &plan("Asia/Tokyo", 9, 0),
                ts("2025-06-10T16:00:00Z"),
                &ledger
            ),
            Action::Sleep {
                until: ts("2025-06-11T00:00:00Z"),
                date: date(2025, 6, 11)
            }
        );
        // Not yet posted today: Seoul 09:00 moves at 08:00 to Tokyo 10:00, still ahead.
        let (_, yesterday) = seoul_posted_yesterday();
        assert_eq!(
            next_action(
                &plan("Asia/Tokyo", 10, 0),
                ts("2025-06-09T23:00:00Z"),
                &yesterday
            ),
            Action::Sleep {
                until: ts("2025-06-10T01:00:00Z"),
                date: D
            }
        );
    }

    // --- Skip ---------------------------------------------------------------------------------

    #[test]
    fn skipping_the_next_post() {
        let (plan, mut ledger) = seoul_posted_yesterday();
        let eight = ts("2025-06-09T23:00:00Z");
        assert_eq!(date_to_skip(&plan, eight, &ledger), D);
        ledger.skip = Some(D);
        // Asking again skips the same day, not the one after.
        assert_eq!(date_to_skip(&plan, eight, &ledger), D);
        let tomorrow = Action::Sleep {
            until: ts("2025-06-11T00:00:00Z"),
            date: date(2025, 6, 11),
        };
        assert_eq!(next_action(&plan, eight, &ledger), tomorrow);
        // Nothing at 09:00, and a restart at noon neither posts nor reports the day missed.
        assert_eq!(
            next_action(&plan, ts("2025-06-10T00:00:00Z"), &ledger),
            tomorrow
        );
        assert_eq!(
            next_action(&plan, ts("2025-06-10T03:00:00Z"), &ledger),
            tomorrow
        );
        // After today's post, "skip" means tomorrow.
        let (plan, mut posted) = seoul_posted_yesterday();
        let due = ts("2025-06-10T00:00:00Z");
        posted.record(&next_action(&plan, due, &posted), due);
        assert_eq!(
            date_to_skip(&plan, ts("2025-06-10T01:00:00Z"), &posted),
            date(2025, 6, 11)
        );
        // While a late post is due, "skip" means that post.
        let (plan, ledger) = seoul_posted_yesterday();
        assert_eq!(date_to_skip(&plan, ts("2025-06-10T02:00:00Z"), &ledger), D);
        // After a missed day, the next one.
        assert_eq!(
            date_to_skip(&plan, ts("2025-06-10T13:00:00Z"), &ledger),
            date(2025, 6, 11)
        );
    }

    #[test]
    fn wake_at_is_the_next_due_instant_or_now_when_overdue() {
        let (plan, ledger) = seoul_posted_yesterday();
        let early = ts("2025-06-09T23:00:00Z");
        assert_eq!(wake_at(&plan, early, &ledger), ts("2025-06-10T00:00:00Z"));
        let late = ts("2025-06-10T02:00:00Z");
        assert_eq!(wake_at(&plan, late, &ledger), late);
        let posted_today = Ledger {
            last_date: Some(D),
            ..ledger
        };
        assert_eq!(
            wake_at(&plan, late, &posted_today),
            ts("2025-06-11T00:00:00Z")
        );
    }

    // --- Two years, many zones ---------------------------------------------------------------

    /// Zones with every kind of change: northern and southern DST, none, half-hour offsets, a
    /// half-hour DST (Lord Howe), changes at midnight (Havana, Santiago), Ramadan changes
    /// (Casablanca), and a DST of 1 h at +12:45 (Chatham).
    const SIM_ZONES: &[&str] = &[
        "America/New_York",
        "Europe/London",
        "Australia/Sydney",
        "Asia/Seoul",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "America/Santiago",
        "America/St_Johns",
        "Pacific/Chatham",
        "America/Havana",
        "Africa/Casablanca",
        "Asia/Tehran",
    ];
    const SIM_START: &str = "2025-01-01T00:00:00Z";
    const SIM_END: &str = "2027-01-01T00:00:00Z";

    #[derive(Debug, Clone, Copy)]
    struct Post {
        date: Date,
        due: Timestamp,
        at: Timestamp,
    }

    #[derive(Debug, Default)]
    struct Run {
        posts: Vec<Post>,
        missed: Vec<(Date, Timestamp)>,
    }

    /// Whole-minute wall times inside each gap and each fold of `zone` in [from, to).
    fn transition_times(zone: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<Time> {
        let mut times: Vec<Time> = zone
            .following(from)
            .take_while(|t| t.timestamp() < to)
            .map(|transition| {
                let jump = transition.timestamp();
                let before = zone.to_offset(jump - SignedDuration::from_secs(1));
                let (a, b) = (
                    before.to_datetime(jump),
                    transition.offset().to_datetime(jump),
                );
                let (low, high) = if a < b { (a, b) } else { (b, a) };
                let middle: DateTime = low + low.duration_until(high) / 2;
                time(middle.hour(), middle.minute(), 0, 0)
            })
            .collect();
        times.sort();
        times.dedup();
        times
    }

    fn random_time(rng: &mut ChaCha8Rng) -> Time {
        time(rng.random_range(0..24), rng.random_range(0..60), 0, 0)
    }

    /// Runs the rules as the scheduler does, with the bot up during each `(up, down)`: it sleeps
    /// from due instant to due instant, and starts afresh from the ledger when it comes back.
    fn simulate(plan: &DailyPlan, ups: &[(Timestamp, Timestamp)]) -> Run {
        let mut ledger = Ledger::default();
        let mut run = Run::default();
        let mut steps = 0;
        for &(up, down) in ups {
            let mut now = up;
            loop {
                steps += 1;
                assert!(steps < 100_000, "the rules never settle");
                let action = next_action(plan, now, &ledger);
                match action {
                    Action::PostNow { date, due } => run.posts.push(Post { date, due, at: now }),
                    Action::Missed { date, due } => run.missed.push((date, due)),
                    Action::Sleep { until, .. } => {
                        assert!(until > now, "{action:?} at {now}");
                        if until >= down {
                            break;
                        }
                        now = until;
                        continue;
                    }
                }
                ledger.record(&action, now);
            }
        }
        run
    }

    /// `instant` is the first at which the wall clock in `zone` shows `time` on `date` or later.
    fn assert_first_instant(
        zone: &TimeZone,
        date: Date,
        time: Time,
        instant: Timestamp,
        ctx: &str,
    ) {
        let wall = date.to_datetime(time);
        let shown = zone.to_datetime(instant);
        assert_eq!(shown.date(), date, "{ctx}: on its own date");
        assert!(shown >= wall, "{ctx}: {shown} is before {wall}");
        let just_before = instant - SignedDuration::from_secs(1);
        assert!(
            zone.to_datetime(just_before) < wall,
            "{ctx}: {instant} is not the first"
        );
        match zone.to_ambiguous_timestamp(wall).offset() {
            AmbiguousOffset::Unambiguous { .. } => assert_eq!(shown, wall, "{ctx}"),
            AmbiguousOffset::Fold { .. } => {
                let first = zone
                    .to_ambiguous_timestamp(wall)
                    .earlier()
                    .expect("in range");
                assert_eq!(instant, first, "{ctx}: first of the fold");
            }
            AmbiguousOffset::Gap { .. } => assert_ne!(
                zone.to_offset(just_before),
                zone.to_offset(instant),
                "{ctx}: at the jump"
            ),
        }
    }

    #[test]
    fn two_years_of_days_each_posted_exactly_once_at_the_right_instant() {
        let (start, end) = (ts(SIM_START), ts(SIM_END));
        let mut rng = ChaCha8Rng::seed_from_u64(2025);
        let (mut runs, mut gap_days, mut fold_days) = (0, 0, 0);
        for name in SIM_ZONES {
            let zone = zone(name);
            let mut times = transition_times(&zone, start, end);
            times.truncate(4);
            times.extend([time(0, 0, 0, 0), time(23, 59, 0, 0)]);
            times.extend((0..3).map(|_| random_time(&mut rng)));
            for time in times {
                let plan = DailyPlan::new(zone.clone(), time);
                let ctx = format!("{name} at {time}");
                let run = simulate(&plan, &[(start, end)]);
                // One post per local date, no date skipped, from the start to the end.
                let (Some(first), Some(last)) = (run.posts.first(), run.posts.last()) else {
                    panic!("{ctx}: no post");
                };
                assert!(first.date <= zone.to_datetime(start).date().tomorrow().expect("date"));
                assert!(last.date >= zone.to_datetime(end).date().yesterday().expect("date"));
                for pair in run.posts.windows(2) {
                    let next = pair[0].date.tomorrow().expect("date");
                    assert_eq!(pair[1].date, next, "{ctx}: {pair:?}");
                }
                for post in &run.posts {
                    // Only the very first call may find a post already due.
                    if post.at != start {
                        assert_eq!(post.at, post.due, "{ctx}: on time");
                    }
                    assert_first_instant(&zone, post.date, time, post.due, &ctx);
                    match zone
                        .to_ambiguous_timestamp(post.date.to_datetime(time))
                        .offset()
                    {
                        AmbiguousOffset::Gap { .. } => gap_days += 1,
                        AmbiguousOffset::Fold { .. } => fold_days += 1,
                        AmbiguousOffset::Unambiguous { .. } => {}
                    }
                }
                assert!(
                    run.missed.iter().all(|&(_, due)| due < start),
                    "{ctx}: {:?}",
                    run.missed
                );
                runs += 1;
            }
        }
        assert!(runs >= 6 * 6, "{runs} runs");
        // The times taken from the transitions fell in a gap or a fold once a year each.
        assert!(
            gap_days >= 20 && fold_days >= 20,
            "{gap_days} in gaps, {fold_days} in folds"
        );
    }

    #[test]
    fn random_restarts_never_post_twice_and_post_late_only_within_grace() {
        let (start, end) = (ts(SIM_START), ts(SIM_END));
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut late_posts = 0;
        let mut missed = 0;
        for name in SIM_ZONES {
            let zone = zone(name);
            let mut times = transition_times(&zone, start, end);
            times.truncate(2);
            times.extend((0..2).map(|_| random_time(&mut rng)));
            for time in times {
                let plan = DailyPlan::new(zone.clone(), time);
                let ctx = format!("{name} at {time}");
                // Up for 1 hour to 3 days, then down for 1 minute to 2 days.
                let mut ups = Vec::new();
                let mut now = start;
                while now < end {
                    let down = now + SignedDuration::from_secs(rng.random_range(3_600..259_200));
                    ups.push((now, down.min(end)));
                    now = down + SignedDuration::from_secs(rng.random_range(60..172_800));
                }
                let run = simulate(&plan, &ups);
                let was_up = |t: Timestamp| ups.iter().any(|&(up, down)| up <= t && t < down);
                let restarts: Vec<Timestamp> = ups.iter().map(|&(up, _)| up).collect();

                for pair in run.posts.windows(2) {
                    assert!(pair[0].date < pair[1].date, "{ctx}: a date posted twice");
                    let (a, b) = (zone.to_datetime(pair[0].at), zone.to_datetime(pair[1].at));
                    assert!(a.date() < b.date(), "{ctx}: two posts on one local day");
                }
                for post in &run.posts {
                    assert!(post.at >= post.due, "{ctx}");
                    assert!(post.at.duration_since(post.due) <= plan.grace, "{ctx}");
                    assert_eq!(zone.to_datetime(post.at).date(), post.date, "{ctx}");
                    assert_first_instant(&zone, post.date, time, post.due, &ctx);
                    if post.at > post.due {
                        assert!(restarts.contains(&post.at), "{ctx}: late only on a restart");
                        late_posts += 1;
                    }
                }
                for &(date, due) in &run.missed {
                    assert!(!was_up(due), "{ctx}: {date} missed though the bot was up");
                    assert!(run.posts.iter().all(|p| p.date != date), "{ctx}");
                    missed += 1;
                }
                // Every day whose due instant found the bot up was posted right then; one that
                // found it down, with the bot back within six days, was posted late or missed.
                let mut date = zone.to_datetime(start).date();
                while date < zone.to_datetime(end).date() {
                    let posted = run.posts.iter().find(|p| p.date == date);
                    if let Some(due) = post_instant(date, time, &zone)
                        && due > start
                    {
                        if was_up(due) {
                            assert_eq!(posted.map(|p| p.at), Some(due), "{ctx}: {date}");
                        } else if restarts
                            .iter()
                            .any(|&r| r > due && r.duration_since(due).as_hours() < 6 * 24)
                        {
                            let missed = run.missed.iter().any(|m| m.0 == date);
                            assert!(
                                posted.is_some() != missed,
                                "{ctx}: {date} not accounted for"
                            );
                        }
                    }
                    date = date.tomorrow().expect("date");
                }
            }
        }
        assert!(
            late_posts > 50 && missed > 50,
            "{late_posts} late, {missed} missed"
        );
    }
}

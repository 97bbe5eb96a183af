//! The task that sends the daily posts, and the line by which the router's effects wake the
//! timed tasks.
//!
//! The rules of *when* live in the core (`quotes::schedule`); this is the runtime half:
//! [`run_scheduler`] keeps each server's next due instant in a [`DueQueue`] (no scan of every
//! server), sleeps until the earliest (or at most `max_nap`, so that a wall clock that jumps is
//! noticed), wakes at once when a server's settings change, asks [`next_action`] at the moment of
//! sending, and spaces the posts with a [`RateLimiter`] under Discord's global 50 requests per
//! second. The store and Discord sit behind [`Source`]; the time behind [`Clock`].

use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::{Notify, mpsc};
use tokio::time::Instant;

use crate::ids::GuildId;
use crate::quotes::queue::{DueQueue, RateLimiter};
use crate::quotes::schedule::{
    Action, DailyPlan, Ledger, MISSED_DAYS_LISTED, next_action, wake_at,
};
use crate::router::Effect;

/// Where the router's effects reach the timed tasks: applied by every edge after it answers.
#[derive(Default)]
pub struct Wake {
    daily: Mutex<Option<mpsc::UnboundedSender<GuildId>>>,
    trivia: Notify,
}

impl Wake {
    /// Applies what a handler asked for.
    pub fn apply(&self, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::WakeScheduler => self.trivia.notify_one(),
                Effect::DailyPostChanged(guild) => {
                    if let Some(tx) = self
                        .daily
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .as_ref()
                    {
                        // A stopped scheduler has nothing to wake.
                        let _ = tx.send(*guild);
                    }
                }
            }
        }
    }

    /// Where the daily-post task hears that a server changed its daily post (one listener).
    pub fn listen_daily(&self) -> mpsc::UnboundedReceiver<GuildId> {
        let (tx, rx) = mpsc::unbounded_channel();
        *self.daily.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
        rx
    }

    /// Completes when a trivia game changed (since the last wait).
    pub async fn trivia_woken(&self) {
        self.trivia.notified().await;
    }
}

/// Where "now" comes from. Injected so that tests, and the offline console, run on a virtual clock.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The system's wall clock, for the running bot.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// Tokio's clock read as wall time: a fixed `origin` plus the time tokio has let pass since the
/// clock was made. Under `tokio::time::pause()` it moves only when tokio's clock is advanced.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    origin: Timestamp,
    start: Instant,
}

impl TokioClock {
    /// A clock that reads `origin` now.
    pub fn starting_at(origin: Timestamp) -> Self {
        Self {
            origin,
            start: Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> Timestamp {
        self.origin
            .checked_add(self.start.elapsed())
            .unwrap_or(Timestamp::MAX)
    }
}

/// The store could not answer, or could not commit. The [`Source`] has logged why; the scheduler
/// looks at that server again [`RETRY_AFTER`] later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// How long the scheduler waits before trying a server again after [`Unavailable`].
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_mins(1);

/// The store and Discord, as the scheduler sees them. The bot implements it over its `Store` and
/// HTTP client; tests over memory.
pub trait Source: Sync {
    /// A server's id.
    type Key: Clone + Eq + Hash + Ord + Send + Sync;

    /// The server's plan and ledger, or `None` when it no longer has a daily post.
    fn load(
        &self,
        key: Self::Key,
    ) -> impl Future<Output = Result<Option<(DailyPlan, Ledger)>, Unavailable>> + Send;

    /// Commits the claim "posted for (key, date)" at `now`, then sends the post; when the claim
    /// already exists the date was posted, so nothing is sent. `Ok` means the date is settled
    /// (a send that fails after the claim is lost: never twice beats always), `Err` that nothing
    /// was committed nor sent. Should not wait on Discord for long: posts are spaced by the
    /// scheduler, so a slow send delays every server after it.
    fn post(
        &self,
        key: Self::Key,
        date: Date,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), Unavailable>> + Send;

    /// Records that the post for (key, date) was missed.
    fn missed(
        &self,
        key: Self::Key,
        date: Date,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), Unavailable>> + Send;
}

/// How the scheduler paces itself.
#[derive(Debug, Clone)]
pub struct LoopOptions {
    /// Spaces the posts; by default Discord's global 50 per second.
    pub limiter: RateLimiter,
    /// The longest the task sleeps before looking at the clock again, so that a wall clock that
    /// jumps (NTP, a suspended machine) is noticed. Looking costs one peek at the queue.
    pub max_nap: Duration,
}

impl Default for LoopOptions {
    fn default() -> Self {
        Self {
            limiter: RateLimiter::default(),
            max_nap: Duration::from_secs(60),
        }
    }
}

/// Runs the daily posts until `shutdown` completes, then returns the queue.
///
/// `queue` holds every server's next wake-up ([`build_queue`] at start-up). Send a server's key on
/// `changes` after committing a change of its plan (time, zone, channel, skip, disabled): the task
/// wakes at once and reschedules it. Each due server is loaded afresh and judged by
/// [`next_action`] at the moment its send slot comes, so a post held back by the rate limit past
/// its grace or its date is recorded as missed rather than sent for the wrong day. Shutdown is
/// honoured while waiting, never between a claim and its send.
pub async fn run_scheduler<S: Source, C: Clock>(
    source: &S,
    clock: &C,
    queue: DueQueue<S::Key>,
    mut changes: mpsc::UnboundedReceiver<S::Key>,
    options: LoopOptions,
    shutdown: impl Future<Output = ()>,
) -> DueQueue<S::Key> {
    let mut shutdown = std::pin::pin!(shutdown);
    let mut task = Task {
        source,
        clock,
        queue,
        limiter: options.limiter,
    };
    let mut changes_open = true;
    loop {
        // Changes first, so a server due now is judged on its new settings.
        while changes_open {
            match changes.try_recv() {
                Ok(key) => task.refresh(key).await,
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => changes_open = false,
            }
        }
        if let Some((key, _)) = task.queue.pop_due(clock.now()) {
            if !task.serve(key, shutdown.as_mut()).await {
                return task.queue;
            }
            continue;
        }
        let deadline = match task.queue.next_due() {
            Some(due) => instant_at(clock, due, options.max_nap),
            None => instant_after(options.max_nap),
        };
        tokio::select! {
            biased;
            () = shutdown.as_mut() => return task.queue,
            key = changes.recv(), if changes_open => match key {
                Some(key) => task.refresh(key).await,
                None => changes_open = false,
            },
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// The scheduler's state between wake-ups.
struct Task<'a, S: Source, C> {
    source: &'a S,
    clock: &'a C,
    queue: DueQueue<S::Key>,
    limiter: RateLimiter,
}

impl<S: Source, C: Clock> Task<'_, S, C> {
    /// Moves a server whose settings changed to its new wake-up, or drops it.
    async fn refresh(&mut self, key: S::Key) {
        let now = self.clock.now();
        match self.source.load(key.clone()).await {
            Ok(Some((plan, ledger))) => {
                self.queue.schedule(key, wake_at(&plan, now, &ledger));
            }
            Ok(None) => {
                self.queue.remove(&key);
            }
            // Whatever changed, it is read again soon; the old wake-up would be too late.
            Err(Unavailable) => self.retry(key, now),
        }
    }

    /// Does what is due for one server and queues its next wake-up. Returns `false` if shutdown
    /// came while it waited for a send slot (the server is queued again, due now).
    async fn serve<F: Future<Output = ()>>(
        &mut self,
        key: S::Key,
        mut shutdown: Pin<&mut F>,
    ) -> bool {
        let mut now = self.clock.now();
        let (plan, mut ledger) = match self.source.load(key.clone()).await {
            Ok(Some(found)) => found,
            Ok(None) => return true,
            Err(Unavailable) => {
                self.retry(key, now);
                return true;
            }
        };
        let mut have_slot = false;
        // At most: the missed days, a wait for a slot, a post, then sleep. The bound is a guard.
        for _ in 0..MISSED_DAYS_LISTED + 4 {
            let action = next_action(&plan, now, &ledger);
            let done = match action {
                Action::Sleep { until, .. } => {
                    self.queue.schedule(key, until);
                    return true;
                }
                Action::Missed { date, .. } => self.source.missed(key.clone(), date, now).await,
                Action::PostNow { date, .. } => {
                    if !have_slot {
                        have_slot = true;
                        let slot = self.limiter.reserve(now);
                        if slot > now {
                            let wake = instant_at(self.clock, slot, Duration::MAX);
                            tokio::select! {
                                biased;
                                () = shutdown.as_mut() => {
                                    self.queue.schedule(key, now);
                                    return false;
                                }
                                () = tokio::time::sleep_until(wake) => {}
                            }
                            // Judge again: while waiting, the post may have become missed.
                            now = self.clock.now();
                            continue;
                        }
                    }
                    have_slot = false;
                    self.source.post(key.clone(), date, now).await
                }
            };
            if done.is_err() {
                self.retry(key, now);
                return true;
            }
            ledger.record(&action, now);
        }
        self.retry(key, now);
        true
    }

    fn retry(&mut self, key: S::Key, now: Timestamp) {
        self.queue
            .schedule(key, now.checked_add(RETRY_AFTER).unwrap_or(now));
    }
}

/// `wait` from now on tokio's clock, or a year if that overflows.
fn instant_after(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365))
}

/// The tokio instant at which `clock` should read `at`, but no later than `cap` from now.
fn instant_at<C: Clock>(clock: &C, at: Timestamp, cap: Duration) -> Instant {
    // Negative means "already due": wake at once.
    let wait = Duration::try_from(clock.now().duration_until(at)).unwrap_or(Duration::ZERO);
    instant_after(wait.min(cap))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use jiff::civil::{date, time};
    use jiff::tz::TimeZone;

    use super::*;
    use crate::quotes::schedule::{build_queue, post_instant};

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn plan(name: &str, hour: i8, minute: i8) -> DailyPlan {
        let zone: TimeZone = jiff::tz::db().get(name).expect("a zone in the database");
        DailyPlan::new(zone, time(hour, minute, 0, 0))
    }

    /// The ledger of a server that has been posting every day up to `now`.
    fn steady(plan: &DailyPlan, now: Timestamp) -> Ledger {
        let mut day = plan.zone.to_datetime(now).date();
        let (date, due) = loop {
            match post_instant(day, plan.time, &plan.zone) {
                Some(due) if due <= now => break (day, due),
                _ => day = day.yesterday().expect("a date after year -9999"),
            }
        };
        Ledger {
            last_date: Some(date),
            last_post_at: Some(due),
            skip: None,
            changed_at: None,
        }
    }

    // --- The task, on tokio's paused clock ------------------------------------------------------

    /// The store and Discord in memory. `post` claims like the store: a date at or before the
    /// last one is refused and counted, which must never happen.
    struct Fake {
        clock: TokioClock,
        servers: Mutex<HashMap<u32, (DailyPlan, Ledger)>>,
        posts: Mutex<Vec<(u32, Date, Timestamp)>>,
        missed: Mutex<Vec<(u32, Date)>>,
        loads: Mutex<Vec<(u32, Timestamp)>>,
        refused: Mutex<usize>,
        failures: Mutex<u32>,
    }

    impl Fake {
        fn new(clock: TokioClock) -> Self {
            Self {
                clock,
                servers: Mutex::default(),
                posts: Mutex::default(),
                missed: Mutex::default(),
                loads: Mutex::default(),
                refused: Mutex::default(),
                failures: Mutex::default(),
            }
        }

        /// Adds a server that has posted every day so far.
        fn add(&self, key: u32, plan: DailyPlan) {
            let ledger = steady(&plan, self.clock.now());
            self.servers
                .lock()
                .expect("lock")
                .insert(key, (plan, ledger));
        }

        fn set(&self, key: u32, plan: Option<DailyPlan>) {
            let mut servers = self.servers.lock().expect("lock");
            match plan {
                Some(plan) => {
                    if let Some(entry) = servers.get_mut(&key) {
                        entry.0 = plan;
                    }
                }
                None => {
                    servers.remove(&key);
                }
            }
        }

        fn queue(&self) -> DueQueue<u32> {
            let servers = self.servers.lock().expect("lock");
            build_queue(
                servers.iter().map(|(k, (p, l))| (*k, p, l)),
                self.clock.now(),
            )
        }

        fn posts_of(&self, key: u32) -> Vec<(Date, Timestamp)> {
            let posts = self.posts.lock().expect("lock");
            posts
                .iter()
                .filter(|p| p.0 == key)
                .map(|p| (p.1, p.2))
                .collect()
        }

        fn refused(&self) -> usize {
            *self.refused.lock().expect("lock")
        }
    }

    impl Fake {
        /// Whether this call is one of the next `failures` that the store cannot answer.
        fn fails(&self) -> bool {
            let mut failures = self.failures.lock().expect("lock");
            let fail = *failures > 0;
            *failures = failures.saturating_sub(1);
            fail
        }
    }

    impl Source for Fake {
        type Key = u32;

        fn load(
            &self,
            key: u32,
        ) -> impl Future<Output = Result<Option<(DailyPlan, Ledger)>, Unavailable>> + Send {
            self.loads
                .lock()
                .expect("lock")
                .push((key, self.clock.now()));
            let found = self.servers.lock().expect("lock").get(&key).cloned();
            std::future::ready(if self.fails() {
                Err(Unavailable)
            } else {
                Ok(found)
            })
        }

        fn post(
            &self,
            key: u32,
            date: Date,
            now: Timestamp,
        ) -> impl Future<Output = Result<(), Unavailable>> + Send {
            if self.fails() {
                return std::future::ready(Err(Unavailable));
            }
            let mut servers = self.servers.lock().expect("lock");
            if let Some((_, ledger)) = servers.get_mut(&key) {
                if ledger.last_date.is_some_and(|last| last >= date) {
                    *self.refused.lock().expect("lock") += 1;
                } else {
                    ledger.record(&Action::PostNow { date, due: now }, now);
                    self.posts.lock().expect("lock").push((key, date, now));
                }
            }
            std::future::ready(Ok(()))
        }

        fn missed(
            &self,
            key: u32,
            date: Date,
            now: Timestamp,
        ) -> impl Future<Output = Result<(), Unavailable>> + Send {
            if self.fails() {
                return std::future::ready(Err(Unavailable));
            }
            if let Some((_, ledger)) = self.servers.lock().expect("lock").get_mut(&key) {
                ledger.record(&Action::Missed { date, due: now }, now);
            }
            self.missed.lock().expect("lock").push((key, date));
            std::future::ready(Ok(()))
        }
    }

    fn hours(n: u64) -> Duration {
        Duration::from_secs(n * 3_600)
    }

    #[tokio::test(start_paused = true)]
    async fn three_simulated_days_post_three_times_per_server() {
        // From noon UTC on 8 March 2025, across New York's spring-forward on the 9th.
        let clock = TokioClock::starting_at(ts("2025-03-08T12:00:00Z"));
        let fake = Fake::new(clock);
        let servers = [
            (1, "Asia/Seoul", 9, 0),
            (2, "America/New_York", 2, 30),
            (3, "Europe/London", 23, 59),
            (4, "Asia/Kolkata", 5, 30),
            (5, "Australia/Sydney", 2, 30),
        ];
        for (key, name, hour, minute) in servers {
            fake.add(key, plan(name, hour, minute));
        }
        let (_changes, rx) = mpsc::unbounded_channel();
        let three_days = tokio::time::sleep(hours(72));
        let queue = run_scheduler(
            &fake,
            &clock,
            fake.queue(),
            rx,
            LoopOptions::default(),
            three_days,
        )
        .await;

        assert_eq!(clock.now(), ts("2025-03-11T12:00:00Z"));
        for (key, ..) in servers {
            assert_eq!(
                fake.posts_of(key).len(),
                3,
                "server {key}: {:?}",
                fake.posts_of(key)
            );
        }
        assert_eq!(
            fake.posts_of(2),
            vec![
                (date(2025, 3, 9), ts("2025-03-09T07:00:00Z")),
                (date(2025, 3, 10), ts("2025-03-10T06:30:00Z")),
                (date(2025, 3, 11), ts("2025-03-11T06:30:00Z")),
            ]
        );
        assert_eq!(
            fake.posts_of(1)[0],
            (date(2025, 3, 9), ts("2025-03-09T00:00:00Z"))
        );
        assert_eq!(
            fake.posts_of(3)[0],
            (date(2025, 3, 8), ts("2025-03-08T23:59:00Z"))
        );
        assert_eq!(
            fake.posts_of(5)[0],
            (date(2025, 3, 9), ts("2025-03-08T15:30:00Z"))
        );
        assert_eq!(fake.refused(), 0);
        assert!(fake.missed.lock().expect("lock").is_empty());
        assert_eq!(
            queue.len(),
            servers.len(),
            "every server is queued for its next day"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_settings_change_wakes_the_loop_at_once() {
        // 07:00 in Seoul on the 11th; the post is at 09:00.
        let clock = TokioClock::starting_at(ts("2025-06-10T22:00:00Z"));
        let fake = Fake::new(clock);
        fake.add(1, plan("Asia/Seoul", 9, 0));
        fake.add(2, plan("Asia/Seoul", 9, 0));
        let (changes, rx) = mpsc::unbounded_channel();
        // Naps so long that only the change can wake the loop before 09:00.
        let options = LoopOptions {
            max_nap: hours(24 * 7),
            ..LoopOptions::default()
        };
        let script = async {
            tokio::time::sleep(hours(1)).await;
            // 08:00: server 1 moves to 08:30, server 2 turns its daily post off.
            fake.set(1, Some(plan("Asia/Seoul", 8, 30)));
            fake.set(2, None);
            changes.send(1).expect("the loop listens");
            changes.send(2).expect("the loop listens");
            tokio::time::sleep(hours(2)).await;
        };
        let queue = run_scheduler(&fake, &clock, fake.queue(), rx, options, script).await;

        let eight = ts("2025-06-10T23:00:00Z");
        let loads = fake.loads.lock().expect("lock").clone();
        assert!(
            loads.contains(&(1, eight)),
            "reloaded at the change itself: {loads:?}"
        );
        assert!(loads.contains(&(2, eight)), "{loads:?}");
        assert_eq!(
            fake.posts_of(1),
            vec![(date(2025, 6, 11), ts("2025-06-10T23:30:00Z"))]
        );
        assert!(fake.posts_of(2).is_empty(), "turned off before its time");
        assert_eq!(queue.len(), 1);
        assert_eq!(fake.refused(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn many_servers_due_at_once_are_sent_within_the_global_rate_limit() {
        let clock = TokioClock::starting_at(ts("2025-06-10T23:59:00Z"));
        let fake = Fake::new(clock);
        for key in 0..120 {
            fake.add(key, plan("Asia/Seoul", 9, 0));
        }
        let (_changes, rx) = mpsc::unbounded_channel();
        let queue = run_scheduler(
            &fake,
            &clock,
            fake.queue(),
            rx,
            LoopOptions::default(),
            tokio::time::sleep(hours(1)),
        )
        .await;

        let mut times: Vec<Timestamp> = fake
            .posts
            .lock()
            .expect("lock")
            .iter()
            .map(|p| p.2)
            .collect();
        assert_eq!(times.len(), 120);
        times.sort();
        let due = ts("2025-06-11T00:00:00Z");
        assert_eq!(times[0], due);
        assert_eq!(times[49], due);
        assert_eq!(times[50], due + SignedDuration::from_secs(1));
        assert_eq!(times[119], due + SignedDuration::from_secs(2));
        for (i, &start) in times.iter().enumerate() {
            let end = start + SignedDuration::from_secs(1);
            assert!(times[i..].iter().take_while(|&&t| t < end).count() <= 50);
        }
        assert_eq!(queue.len(), 120);
        assert_eq!(fake.refused(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_while_pacing_keeps_the_rest_queued_and_a_restart_finishes_them() {
        let clock = TokioClock::starting_at(ts("2025-06-10T23:59:00Z"));
        let fake = Fake::new(clock);
        for key in 0..120 {
            fake.add(key, plan("Asia/Seoul", 9, 0));
        }
        let (_changes, rx) = mpsc::unbounded_channel();
        // Stop half a second after 09:00: the first 50 are out, the rest wait for a slot.
        let stop = tokio::time::sleep(Duration::from_millis(60_500));
        let queue = run_scheduler(
            &fake,
            &clock,
            fake.queue(),
            rx,
            LoopOptions::default(),
            stop,
        )
        .await;
        assert_eq!(fake.posts.lock().expect("lock").len(), 50);
        assert_eq!(queue.len(), 120);

        // Restart from the store, as the bot would (the returned queue would do as well).
        let (_changes, rx) = mpsc::unbounded_channel();
        let queue = run_scheduler(
            &fake,
            &clock,
            fake.queue(),
            rx,
            LoopOptions::default(),
            tokio::time::sleep(hours(1)),
        )
        .await;
        let posts = fake.posts.lock().expect("lock").clone();
        assert_eq!(posts.len(), 120, "each server once");
        let mut keys: Vec<u32> = posts.iter().map(|p| p.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 120);
        assert!(posts.iter().all(|p| p.1 == date(2025, 6, 11)));
        assert_eq!(queue.len(), 120);
        assert_eq!(fake.refused(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_restart_after_downtime_records_the_missed_day_and_posts_today_late() {
        // The store says the last post was two days ago; it is 10:00 in Seoul, an hour late.
        let clock = TokioClock::starting_at(ts("2025-06-11T01:00:00Z"));
        let fake = Fake::new(clock);
        let ledger = Ledger {
            last_date: Some(date(2025, 6, 9)),
            last_post_at: Some(ts("2025-06-09T00:00:00Z")),
            skip: None,
            changed_at: None,
        };
        fake.servers
            .lock()
            .expect("lock")
            .insert(1, (plan("Asia/Seoul", 9, 0), ledger));
        let (_changes, rx) = mpsc::unbounded_channel();
        run_scheduler(
            &fake,
            &clock,
            fake.queue(),
            rx,
            LoopOptions::default(),
            tokio::time::sleep(hours(30)),
        )
        .await;
        assert_eq!(
            *fake.missed.lock().expect("lock"),
            vec![(1, date(2025, 6, 10))]
        );
        assert_eq!(
            fake.posts_of(1),
            vec![
                (date(2025, 6, 11), ts("2025-06-11T01:00:00Z")),
                (date(2025, 6, 12), ts("2025-06-12T00:00:00Z")),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_loop_runs_as_a_spawned_task() {
        // `tokio::spawn` needs the loop's future to be `Send`: this fails to compile otherwise.
        let clock = TokioClock::starting_at(ts("2025-06-10T23:00:00Z"));
        let fake = std::sync::Arc::new(Fake::new(clock));
        fake.add(7, plan("Asia/Seoul", 9, 0));
        let (changes, rx) = mpsc::unbounded_channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn({
            let fake = std::sync::Arc::clone(&fake);
            async move {
                let queue = fake.queue();
                let shutdown = async {
                    let _ = stopped.await;
                };
                run_scheduler(&*fake, &clock, queue, rx, LoopOptions::default(), shutdown).await
            }
        });
        tokio::time::sleep(hours(2)).await;
        stop.send(()).expect("the task is running");
        let queue = task.await.expect("the task ends cleanly");
        drop(changes);
        assert_eq!(
            fake.posts_of(7),
            vec![(date(2025, 6, 11), ts("2025-06-11T00:00:00Z"))]
        );
        assert_eq!(queue.due(&7), Some(ts("2025-06-12T00:00:00Z")));
    }

    #[tokio::test(start_paused = true)]
    async fn a_store_that_cannot_answer_is_tried_again_a_minute_later() {
        let clock = TokioClock::starting_at(ts("2025-06-10T23:00:00Z"));
        let fake = Fake::new(clock);
        fake.add(1, plan("Asia/Seoul", 9, 0));
        let queue = fake.queue();
        // At 09:00 the load fails; at 09:01 the claim fails; at 09:02 the post goes out.
        *fake.failures.lock().expect("lock") = 2;
        let (_changes, rx) = mpsc::unbounded_channel();
        let options = LoopOptions::default();
        run_scheduler(
            &fake,
            &clock,
            queue,
            rx,
            options,
            tokio::time::sleep(hours(2)),
        )
        .await;
        assert_eq!(
            fake.posts_of(1),
            vec![(date(2025, 6, 11), ts("2025-06-11T00:02:00Z"))]
        );
        assert_eq!(fake.refused(), 0);
    }
}

//! The one scheduler task: it sends everything timed (daily posts, trivia questions and their
//! closing) and the messages handlers ask for, and sleeps until the next due work.
//!
//! What is due, and when, is decided in the core (`dramabot_core::due`, over a queue kept in the
//! store); this is only the runtime half. One pass: send the messages handlers asked for, run the
//! work due now (on a blocking thread, since it is store work), send what it produced, then sleep
//! until the earliest due instant. A handler that changes timed work (a moderator moves the daily
//! post, a game starts, everyone answered) wakes the task through [`Wake`] at once, so nothing polls;
//! the task still looks at least every `max_nap` so that a wall clock that jumps (NTP, a suspended
//! machine) is noticed, which costs one indexed lookup.
//!
//! Sends are spaced by a [`RateLimiter`] under Discord's global 50 requests per second, counted on
//! tokio's monotonic clock. Each message is sent on a task of its own that first waits for the
//! channel's previous message, so a game's messages go out in order (a question's card is closed
//! before the next one is asked) while a slow channel holds up neither the queue nor any other
//! channel. A daily post is claimed in the store before it is sent and carries its nonce, so a
//! crash or a retry never doubles it. Several processes may run this task on one database: each
//! pass runs only the jobs this process claimed under a lease (`due::run_due`), and the sleep until
//! the earliest due instant also wakes when another process's lease runs out, since a claimed job
//! is due again then. Shutdown is honoured while waiting, never between a claim and
//! its send: the task ends once everything claimed or asked for is sent.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::due;
use crate::ids::{ChannelId, MessageId};
use crate::rate_limit::RateLimiter;
use crate::reply::{ChannelMessage, RoleChange, SentRecord};
use crate::router::{App, Effect};
use crate::seasons::{self, RoleRefusal};

/// Where "now" comes from. Injected so that tests run on tokio's paused clock.
pub trait Clock: Clone + Send + Sync + 'static {
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

/// The line from the edges to the scheduler task: every edge applies a handler's effects here
/// after answering.
#[derive(Default)]
pub struct Wake {
    notify: Notify,
    outbox: Mutex<VecDeque<ChannelMessage>>,
    /// Role changes handlers asked for (a reward role to check), for the task to make.
    roles: Mutex<Vec<RoleChange>>,
    /// A task runs (HTTP interactions without a bot token run none): messages are kept for it.
    listening: std::sync::atomic::AtomicBool,
}

impl Wake {
    /// Applies what a handler asked for: wakes the task, and queues the messages it is to send.
    pub fn apply(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::WakeScheduler => {}
                Effect::Send(message) => {
                    if self.listening.load(std::sync::atomic::Ordering::Relaxed) {
                        self.lock_outbox().push_back(message);
                    } else {
                        tracing::warn!(
                            channel = message.channel.0,
                            "no scheduler runs (no bot token): a channel message is not sent"
                        );
                    }
                }
                // A check no edge reports to the moderator (routed by `discord::route`, not
                // `route_reporting`): the task makes it like any role change, and records it.
                Effect::CheckRole(check) => self.apply(vec![Effect::Role(check.change())]),
                Effect::Role(change) => {
                    if self.listening.load(std::sync::atomic::Ordering::Relaxed) {
                        self.roles
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(change);
                    } else {
                        tracing::warn!(
                            guild = change.guild.0,
                            "no scheduler runs (no bot token): a role is not checked"
                        );
                    }
                }
            }
            self.notify.notify_one();
        }
    }

    fn take_outbox(&self) -> Vec<ChannelMessage> {
        self.lock_outbox().drain(..).collect()
    }

    fn take_roles(&self) -> Vec<RoleChange> {
        std::mem::take(&mut *self.roles.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn lock_outbox(&self) -> std::sync::MutexGuard<'_, VecDeque<ChannelMessage>> {
        // A queue of plain messages is consistent even if a holder panicked.
        self.outbox.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Where channel messages go: serenity's HTTP client in the bot (`posting`), memory in tests.
pub trait Sender: Send + Sync + 'static {
    /// Sends (or edits) the message; the new message's id, or a plain reason it failed that
    /// moderators may read (Discord's own words belong in the log).
    fn send(
        &self,
        message: &ChannelMessage,
    ) -> impl Future<Output = Result<MessageId, String>> + Send;

    /// Checks, gives or takes a member's role (a season's reward role): checking first that the
    /// bot may, and saying why not. A sender that cannot reach roles refuses.
    fn change_role(
        &self,
        change: &RoleChange,
    ) -> impl Future<Output = Result<(), RoleRefusal>> + Send {
        let _ = change;
        async {
            Err(RoleRefusal::Other(
                crate::i18n::msg::REASON_NO_ROLES_HERE.id().into(),
            ))
        }
    }
}

/// How the scheduler paces itself.
#[derive(Debug, Clone)]
pub struct Options {
    /// Spaces the sends; by default Discord's global 50 per second.
    pub limiter: RateLimiter,
    /// The longest the task sleeps before looking at the clock again.
    pub max_nap: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limiter: RateLimiter::default(),
            max_nap: Duration::from_secs(60),
        }
    }
}

/// What the task did before it stopped: for the log, and for tests that check it never polls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Passes over the due work.
    pub passes: u64,
    /// Messages handed to the sender.
    pub sent: u64,
}

/// Runs the scheduler until `shutdown` completes; returns what it did. At start it puts every
/// server's daily post and every running game in the queue; a post claimed just before a crash is
/// resent by whichever process claims its job once the dead one's lease has ended (with its nonce,
/// so Discord drops it if it did go out), not by every process that starts.
pub async fn run<S: Sender, C: Clock>(
    app: Arc<App>,
    wake: Arc<Wake>,
    sender: Arc<S>,
    clock: C,
    options: Options,
    shutdown: impl Future<Output = ()>,
) -> Stats {
    let mut shutdown = std::pin::pin!(shutdown);
    wake.listening
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let mut task = Task {
        app,
        sender,
        limiter: options.limiter,
        started: Instant::now(),
        channels: HashMap::new(),
        roles: Vec::new(),
        stats: Stats::default(),
        wake: wake.clone(),
    };
    // The name this process claims due work under (`due::LEASE`): in the log, to tell whose lease
    // a job was under when a fleet shares the database.
    let process = task.app.store().process().to_string();
    tracing::info!(process, "scheduler started");
    let now = clock.now();
    let scheduled = task
        .blocking(move |app| due::reschedule_all(app, now))
        .await;
    tracing::info!(jobs = scheduled.unwrap_or(0), "timed work scheduled");
    // A post claimed before a restart and never sent is not resent here: its job stays due until
    // the claimer's lease ends, and whichever process claims the job then resends it, once
    // (`daily::run_job`, `seasons::run_job`), however many processes of a fleet start.
    loop {
        for message in wake.take_outbox() {
            task.deliver(message, &clock);
        }
        for change in wake.take_roles() {
            task.change_role(change, &clock);
        }
        task.stats.passes += 1;
        let now = clock.now();
        let (messages, next, rewards) = task
            .blocking(move |app| {
                let messages = due::run_due(app, now, &mut rand::rng())?;
                // A season ended in this pass hands its reward role on (each once). A store that
                // cannot answer here must not lose the posts already claimed: they go out anyway.
                let rewards = seasons::take_rewards(app).unwrap_or_else(|e| {
                    tracing::error!(error = %e, "cannot take the seasons' rewards");
                    Vec::new()
                });
                Ok((messages, due::next_due(app)?, rewards))
            })
            .await
            // The store could not answer (logged): look again a little later.
            .unwrap_or_else(|()| {
                (
                    Vec::new(),
                    now.checked_add(due::RETRY_AFTER).ok(),
                    Vec::new(),
                )
            });
        let full_batch = messages.len() >= due::BATCH;
        for message in messages {
            task.deliver(message, &clock);
        }
        for effect in rewards {
            if let Effect::Role(change) = effect {
                task.change_role(change, &clock);
            }
        }
        // Forget the channels whose messages are all sent, so the map does not grow.
        task.channels.retain(|_, sending| !sending.is_finished());
        let now = clock.now();
        if full_batch && next.is_some_and(|at| at <= now) {
            continue;
        }
        // Work still due right after a pass could not be rescheduled (the store failed, logged):
        // wait a little rather than spin; a handler's wake-up still comes at once.
        let next = next.map(|at| at.max(now.checked_add(MIN_NAP).unwrap_or(at)));
        let deadline = instant_at(&clock, next, options.max_nap);
        tokio::select! {
            biased;
            () = shutdown.as_mut() => break,
            () = wake.notify.notified() => {}
            () = tokio::time::sleep_until(deadline) => {}
        }
    }
    // What handlers asked for and what was claimed is sent before the task ends: a claim is never
    // left unsent by a shutdown.
    for message in wake.take_outbox() {
        task.deliver(message, &clock);
    }
    for change in wake.take_roles() {
        task.change_role(change, &clock);
    }
    for sending in task.roles.drain(..) {
        let _ = sending.await;
    }
    for (_, sending) in task.channels.drain() {
        let _ = sending.await;
    }
    task.stats
}

/// The shortest wait between two passes when work is still due (see [`run`]).
const MIN_NAP: jiff::SignedDuration = jiff::SignedDuration::from_secs(1);

/// The task's state between passes.
struct Task<S> {
    app: Arc<App>,
    sender: Arc<S>,
    limiter: RateLimiter,
    /// The limiter counts on tokio's monotonic clock from here, so a wall clock set back (NTP)
    /// cannot hold every send back by as much.
    started: Instant,
    /// Each channel's latest send, which the next message to that channel waits for: a game's
    /// messages keep their order, while a slow channel holds up no other.
    channels: HashMap<ChannelId, tokio::task::JoinHandle<()>>,
    /// Role changes on their way, awaited before the task ends.
    roles: Vec<tokio::task::JoinHandle<()>>,
    stats: Stats,
    /// Woken when a trivia step's send is recorded: the game's job, due at the end of the lease
    /// until then, is due as soon as its next step is, which may be sooner than the task's nap.
    wake: Arc<Wake>,
}

impl<S: Sender> Task<S> {
    /// Runs store work on a blocking thread; an error is logged and becomes `Err(())`.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&App) -> crate::Result<T> + Send + 'static,
    ) -> Result<T, ()> {
        let app = self.app.clone();
        match tokio::task::spawn_blocking(move || work(&app)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "scheduler: the store failed");
                Err(())
            }
            Err(e) => {
                tracing::error!(error = %e, "scheduler: a store task failed");
                Err(())
            }
        }
    }

    /// Hands a message to its channel's sender: it goes out at its rate-limit slot, after the
    /// channel's earlier messages, and its outcome is recorded.
    fn deliver(&mut self, message: ChannelMessage, clock: &impl Clock) {
        let monotonic_now = || {
            Timestamp::UNIX_EPOCH
                .checked_add(self.started.elapsed())
                .unwrap_or(Timestamp::MAX)
        };
        let slot = self.limiter.reserve(monotonic_now());
        let wait = Duration::try_from(monotonic_now().duration_until(slot)).unwrap_or_default();
        self.stats.sent += 1;
        let channel = message.channel;
        let earlier = self.channels.remove(&channel);
        let (app, sender, clock) = (self.app.clone(), self.sender.clone(), clock.clone());
        let wake = self.wake.clone();
        let sending = tokio::spawn(async move {
            if let Some(earlier) = earlier {
                let _ = earlier.await;
            }
            tokio::time::sleep(wait).await;
            let mut queue = vec![message];
            while let Some(message) = queue.pop() {
                let result = sender.send(&message).await;
                let (record, now, app) = (message.record, clock.now(), app.clone());
                let recorded =
                    tokio::task::spawn_blocking(move || due::sent(&app, record, result, now)).await;
                if matches!(
                    record,
                    SentRecord::TriviaQuestion { .. } | SentRecord::TriviaStep { .. }
                ) {
                    wake.notify.notify_one();
                }
                match recorded {
                    // A question that closed while on its way is edited closed at once.
                    Ok(Ok(more)) => queue.extend(more),
                    _ => tracing::error!(?record, "could not record a sent message"),
                }
            }
        });
        self.channels.insert(channel, sending);
    }
}

impl<S: Sender> Task<S> {
    /// Makes a role change (rare: a season end, a moderator setting the role, so it takes no
    /// rate-limit slot) and records how it went; a refusal is logged
    /// and recorded, never retried.
    fn change_role(&mut self, change: RoleChange, clock: &impl Clock) {
        self.roles.retain(|sending| !sending.is_finished());
        let (app, sender, clock) = (self.app.clone(), self.sender.clone(), clock.clone());
        self.roles.push(tokio::spawn(async move {
            let result = sender.change_role(&change).await;
            let now = clock.now();
            let recorded = tokio::task::spawn_blocking(move || {
                seasons::role_changed(&app, change, result, now)
            })
            .await;
            if !matches!(recorded, Ok(Ok(()))) {
                tracing::error!(?change, "could not record a role change");
            }
        }));
    }
}

/// The tokio instant at which `clock` should read `at` (now if it is past), but no later than
/// `cap` from now; `None` means only the cap.
fn instant_at(clock: &impl Clock, at: Option<Timestamp>, cap: Duration) -> Instant {
    let wait = at.map_or(cap, |at| {
        Duration::try_from(clock.now().duration_until(at)).unwrap_or(Duration::ZERO)
    });
    let now = Instant::now();
    now.checked_add(wait.min(cap))
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use crate::ids::{ChannelId, GuildId, UserId};
    use crate::model::{PostStatus, QotdSettings};
    use crate::reply::SentRecord;
    use crate::router::{Action, Invocation, Value};
    use crate::store::sample::store_with_sample;

    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    /// Discord in memory: every message with the (virtual) time it was sent.
    struct Recorder {
        clock: TokioClock,
        sent: Mutex<Vec<(Timestamp, ChannelMessage)>>,
        refuse: Option<ChannelId>,
        /// Sends to this channel take this long (a Discord that is slow for one channel).
        slow: Option<(ChannelId, Duration)>,
        ids: AtomicU64,
    }

    impl Recorder {
        fn new(clock: TokioClock) -> Arc<Recorder> {
            Arc::new(Recorder {
                clock,
                sent: Mutex::new(Vec::new()),
                refuse: None,
                slow: None,
                ids: AtomicU64::new(5000),
            })
        }

        fn sent(&self) -> Vec<(Timestamp, ChannelMessage)> {
            self.sent.lock().expect("not poisoned").clone()
        }
    }

    impl Sender for Recorder {
        async fn send(&self, message: &ChannelMessage) -> Result<MessageId, String> {
            if let Some((channel, delay)) = self.slow
                && channel == message.channel
            {
                tokio::time::sleep(delay).await;
            }
            self.sent
                .lock()
                .expect("not poisoned")
                .push((self.clock.now(), message.clone()));
            if self.refuse == Some(message.channel) {
                return Err("the bot may not post in that channel".into());
            }
            Ok(message
                .edit
                .unwrap_or(MessageId(self.ids.fetch_add(1, Ordering::Relaxed))))
        }
    }

    /// A running scheduler on tokio's paused clock, and a way to stop it.
    struct Running {
        app: Arc<App>,
        wake: Arc<Wake>,
        clock: TokioClock,
        sender: Arc<Recorder>,
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<Stats>,
    }

    fn start(app: Arc<App>, sender: Arc<Recorder>, options: Options) -> Running {
        let wake = Arc::new(Wake::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let clock = sender.clock;
        let task = tokio::spawn(run(
            app.clone(),
            wake.clone(),
            sender.clone(),
            clock,
            options,
            async move {
                let _ = stopped.await;
            },
        ));
        Running {
            app,
            wake,
            clock,
            sender,
            stop,
            task,
        }
    }

    impl Running {
        /// What an edge does with an interaction: route it, then apply its effects.
        /// Fails the test if the handler panicked or failed inside (the internal-error reply).
        fn invoke(&self, inv: &Invocation) -> crate::reply::Response {
            let outcome = crate::router::handle(&self.app, inv, &mut rand::rng());
            if let crate::reply::Response::Message(reply) = &outcome.response {
                assert_ne!(
                    reply.content.as_deref(),
                    Some(crate::error::internal_error(crate::i18n::Locale::English).as_str()),
                    "{:?}",
                    inv.action
                );
            }
            self.wake.apply(outcome.effects);
            outcome.response
        }

        async fn stop(self) -> (Stats, Vec<(Timestamp, ChannelMessage)>) {
            let _ = self.stop.send(());
            let stats = self.task.await.expect("the task ends cleanly");
            (stats, self.sender.sent())
        }
    }

    fn invocation(now: Timestamp, user: u64, moderator: bool, action: Action) -> Invocation {
        Invocation {
            id: 0,
            guild: Some(GuildId(1)),
            channel: ChannelId(2),
            user: UserId(user),
            user_name: format!("member{user}"),
            locale: "en-US".into(),
            is_moderator: moderator,
            roles: Vec::new(),
            now,
            action,
        }
    }

    fn command(now: Timestamp, name: &str, sub: &str, options: Vec<(&str, Value)>) -> Invocation {
        invocation(
            now,
            3,
            true,
            Action::Command {
                name: name.into(),
                subcommand: Some(sub.into()),
                options: options
                    .into_iter()
                    .map(|(n, v)| (n.to_string(), v))
                    .collect(),
            },
        )
    }

    /// Sets the sample server's daily post to `time` London time, in channel 77.
    fn daily_post(running: &Running, time: &str) {
        let now = running.clock.now();
        let text = |s: &str| Value::String(s.into());
        running.invoke(&command(
            now,
            "qotd",
            "channel",
            vec![("channel", Value::Channel(ChannelId(77)))],
        ));
        running.invoke(&command(
            now,
            "qotd",
            "timezone",
            vec![("zone", text("Europe/London"))],
        ));
        running.invoke(&command(now, "qotd", "time", vec![("time", text(time))]));
        running.invoke(&command(now, "qotd", "on", vec![]));
    }

    fn never_naps() -> Options {
        Options {
            max_nap: Duration::from_secs(86_400 * 30),
            ..Options::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn three_days_post_three_times_and_the_task_wakes_only_when_work_is_due() {
        let app = Arc::new(App::new(store_with_sample()));
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T00:00:00Z")));
        let running = start(app.clone(), sender, never_naps());
        daily_post(&running, "08:00");
        tokio::time::sleep(72 * HOUR).await;
        let (stats, sent) = running.stop().await;
        let times: Vec<Timestamp> = sent.iter().map(|(at, _)| *at).collect();
        assert_eq!(
            times,
            [
                ts("2026-03-01T08:00:00Z"),
                ts("2026-03-02T08:00:00Z"),
                ts("2026-03-03T08:00:00Z")
            ]
        );
        assert!(
            sent.iter()
                .all(|(_, m)| m.nonce.is_some() && m.channel == ChannelId(77))
        );
        let last = app
            .store()
            .last_post_record(GuildId(1))
            .expect("read")
            .expect("a post");
        assert_eq!(
            (last.local_date.as_str(), last.status),
            ("2026-03-03", PostStatus::Sent)
        );
        // A pass at start, one per wake-up by the settings (four commands), one per post: no
        // polling in between.
        assert!(stats.passes <= 10, "{stats:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_task_looks_at_the_clock_once_a_minute_at_most() {
        let app = Arc::new(App::new(store_with_sample()));
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T00:00:00Z")));
        let running = start(app, sender, Options::default());
        tokio::time::sleep(HOUR).await;
        let (stats, sent) = running.stop().await;
        assert!(sent.is_empty());
        assert!((60..=62).contains(&stats.passes), "{stats:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_settings_change_wakes_the_task_at_once() {
        let app = Arc::new(App::new(store_with_sample()));
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T00:00:00Z")));
        let running = start(app, sender, never_naps());
        daily_post(&running, "08:00");
        tokio::time::sleep(Duration::from_secs(600)).await;
        // At 00:10 a moderator moves the post to 00:30: the task, asleep until 08:00, wakes now.
        let now = running.clock.now();
        running.invoke(&command(
            now,
            "qotd",
            "time",
            vec![("time", Value::String("00:30".into()))],
        ));
        tokio::time::sleep(HOUR).await;
        let (_, sent) = running.stop().await;
        let times: Vec<Timestamp> = sent.iter().map(|(at, _)| *at).collect();
        assert_eq!(times, [ts("2026-03-01T00:30:00Z")]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_trivia_game_is_asked_closed_and_scored_on_time() {
        let app = Arc::new(App::new(store_with_sample()));
        let t0 = ts("2026-03-01T12:00:00Z");
        let sender = Recorder::new(TokioClock::starting_at(t0));
        let running = start(app.clone(), sender, never_naps());
        running.invoke(&command(
            t0,
            "trivia",
            "start",
            vec![("rounds", Value::Integer(1))],
        ));
        tokio::time::sleep(Duration::from_secs(60)).await;
        let (stats, sent) = running.stop().await;
        // The question at once; 20 seconds later its card closed (an edit of that message) and
        // the standings.
        assert_eq!(sent.len(), 3, "{sent:#?}");
        assert_eq!(sent[0].0, t0);
        assert!(matches!(
            sent[0].1.record,
            SentRecord::TriviaQuestion { round: 0, .. }
        ));
        assert!(sent[0].1.reply.buttons.iter().all(|b| !b.disabled));
        let closes = ts("2026-03-01T12:00:20Z");
        assert_eq!(sent[1].0, closes);
        assert_eq!(
            sent[1].1.edit,
            Some(MessageId(5000)),
            "the question's own message"
        );
        assert!(sent[1].1.reply.buttons.iter().all(|b| b.disabled));
        assert_eq!(sent[2].0, closes);
        assert_eq!(sent[2].1.edit, None);
        assert!(app.store().running_games().expect("games").is_empty());
        // A pass at start, at the start's wake-up, at the question, at the close, and one at each
        // trivia send recorded (the game may go on at once): no polling in between.
        assert!(stats.passes <= 6, "{stats:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn stopping_a_game_closes_its_live_question() {
        let app = Arc::new(App::new(store_with_sample()));
        let t0 = ts("2026-03-01T12:00:00Z");
        let sender = Recorder::new(TokioClock::starting_at(t0));
        let running = start(app, sender, never_naps());
        running.invoke(&command(
            t0,
            "trivia",
            "start",
            vec![("rounds", Value::Integer(1))],
        ));
        tokio::time::sleep(Duration::from_secs(5)).await;
        let now = running.clock.now();
        running.invoke(&command(now, "trivia", "stop", vec![]));
        tokio::time::sleep(Duration::from_secs(60)).await;
        let (_, sent) = running.stop().await;
        assert_eq!(
            sent.len(),
            2,
            "the question, then its edit; nothing more: {sent:#?}"
        );
        assert_eq!(sent[1].0, ts("2026-03-01T12:00:05Z"));
        assert_eq!(sent[1].1.edit, Some(MessageId(5000)));
        assert!(!sent[1].1.reply.buttons.is_empty());
        assert!(sent[1].1.reply.buttons.iter().all(|b| b.disabled));
    }

    #[tokio::test(start_paused = true)]
    async fn many_servers_due_at_once_are_sent_within_the_global_rate_limit() {
        let store = store_with_sample();
        for guild in 1..=120 {
            let settings = QotdSettings {
                channel: Some(ChannelId(1000 + guild)),
                time: "08:00".into(),
                timezone: "UTC".into(),
                enabled: true,
                ..QotdSettings::default()
            };
            store
                .save_qotd_settings(GuildId(guild), &settings, ts("2026-03-01T00:00:00Z"))
                .expect("saved");
        }
        let app = Arc::new(App::new(store));
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T07:59:00Z")));
        let running = start(app, sender, Options::default());
        tokio::time::sleep(Duration::from_secs(120)).await;
        let (_, sent) = running.stop().await;
        assert_eq!(sent.len(), 120);
        let first = ts("2026-03-01T08:00:00Z");
        for (i, (at, _)) in sent.iter().enumerate() {
            assert!(*at >= first);
            // Any 50 sends in a row span at least one second.
            if i >= 50 {
                assert!(at.duration_since(sent[i - 50].0) >= jiff::SignedDuration::from_secs(1));
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_refused_post_is_recorded_with_its_plain_reason() {
        let app = Arc::new(App::new(store_with_sample()));
        let clock = TokioClock::starting_at(ts("2026-03-01T00:00:00Z"));
        let sender = Arc::new(Recorder {
            refuse: Some(ChannelId(77)),
            ..Arc::into_inner(Recorder::new(clock)).expect("one owner")
        });
        let running = start(app.clone(), sender, never_naps());
        daily_post(&running, "08:00");
        tokio::time::sleep(9 * HOUR).await;
        let (_, sent) = running.stop().await;
        assert_eq!(sent.len(), 1, "tried once, not in a loop");
        let last = app
            .store()
            .last_post_record(GuildId(1))
            .expect("read")
            .expect("a post");
        assert_eq!(last.status, PostStatus::Failed);
        let settings = app
            .store()
            .qotd_settings(GuildId(1))
            .expect("read")
            .expect("set");
        assert_eq!(
            settings.last_error.as_deref(),
            Some("the bot may not post in that channel")
        );
    }

    /// The previous process claimed the post in its pass at 08:00 and died before sending it; the
    /// next one starts ten seconds later, inside the dead one's lease: the post is resent when the
    /// lease ends, once, with its nonce (a fleet's other processes, which also start, do not all
    /// resend it).
    #[tokio::test(start_paused = true)]
    async fn a_post_claimed_before_a_crash_is_resent_with_its_nonce_once_its_lease_ends() {
        let app = Arc::new(App::new(store_with_sample()));
        let at = ts("2026-03-01T08:00:00Z");
        {
            let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T00:00:00Z")));
            let running = start(app.clone(), sender, never_naps());
            daily_post(&running, "08:00");
            let _ = running.stop().await;
            let claimed = due::run_due(&app, at, &mut rand::rng()).expect("a pass");
            assert!(claimed.len() == 1 && claimed[0].nonce.is_some());
        }
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T08:00:10Z")));
        let running = start(app.clone(), sender, never_naps());
        tokio::time::sleep(HOUR).await;
        let (_, sent) = running.stop().await;
        assert_eq!(sent.len(), 1, "resent once, not claimed again: {sent:#?}");
        assert!(
            sent[0].0 >= at.checked_add(due::LEASE).expect("a time"),
            "not resent before the dead process's lease ended: {}",
            sent[0].0
        );
        assert_eq!(
            sent[0].1.nonce,
            Some(crate::quotes::daily::nonce(
                GuildId(1),
                "2026-03-01".parse().expect("a date")
            ))
        );
        let last = app
            .store()
            .last_post_record(GuildId(1))
            .expect("read")
            .expect("a post");
        assert_eq!(last.status, PostStatus::Sent);
    }

    fn server(store: &crate::store::Store, guild: u64, channel: u64, time: &str) {
        let settings = QotdSettings {
            channel: Some(ChannelId(channel)),
            time: time.into(),
            timezone: "UTC".into(),
            enabled: true,
            ..QotdSettings::default()
        };
        store
            .save_qotd_settings(GuildId(guild), &settings, ts("2026-03-01T00:00:00Z"))
            .expect("saved");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_channel_holds_up_no_other() {
        let store = store_with_sample();
        server(&store, 1, 101, "08:00");
        server(&store, 2, 102, "08:00");
        server(&store, 3, 103, "08:00");
        let app = Arc::new(App::new(store));
        let clock = TokioClock::starting_at(ts("2026-03-01T07:59:00Z"));
        let sender = Arc::new(Recorder {
            slow: Some((ChannelId(101), Duration::from_secs(30))),
            ..Arc::into_inner(Recorder::new(clock)).expect("one owner")
        });
        let running = start(app, sender, never_naps());
        tokio::time::sleep(2 * HOUR).await;
        let (_, sent) = running.stop().await;
        let at = |channel: u64| {
            sent.iter()
                .find(|(_, m)| m.channel == ChannelId(channel))
                .map(|(at, _)| *at)
        };
        assert_eq!(
            at(102),
            Some(ts("2026-03-01T08:00:00Z")),
            "not held up by 101"
        );
        assert_eq!(at(103), Some(ts("2026-03-01T08:00:00Z")));
        assert_eq!(at(101), Some(ts("2026-03-01T08:00:30Z")), "slow, but sent");
    }

    #[tokio::test(start_paused = true)]
    async fn a_message_asked_for_just_before_shutdown_is_still_sent() {
        let app = Arc::new(App::new(store_with_sample()));
        let sender = Recorder::new(TokioClock::starting_at(ts("2026-03-01T12:00:00Z")));
        let running = start(app, sender, never_naps());
        tokio::time::sleep(Duration::from_secs(1)).await;
        running.wake.apply(vec![Effect::Send(ChannelMessage {
            channel: ChannelId(9),
            reply: crate::reply::Reply::text("closed"),
            edit: Some(MessageId(77)),
            nonce: None,
            record: SentRecord::Nothing,
        })]);
        let (_, sent) = running.stop().await;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].1.edit, Some(MessageId(77)));
    }
}

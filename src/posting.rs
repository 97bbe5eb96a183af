//! The edge that sends daily posts to Discord: the scheduler's [`Source`] over the store and
//! serenity's HTTP client.
//!
//! A post is claimed in the store (on a blocking thread, committed) before it is handed to a sender
//! task, so a slow Discord never holds up the queue and a crash can never post twice. The message
//! carries the (server, date) nonce with `enforce_nonce`, so the one retry this module makes (of a
//! post claimed moments before a crash) cannot make a second message either.

use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serenity::all::Http;

use crate::ids::{GuildId, MessageId};
use crate::quotes::daily::{self, Outgoing};
use crate::quotes::schedule::{self, DailyPlan, Ledger};
use crate::render;
use crate::router::App;
use crate::scheduler::{self, LoopOptions, Source, SystemClock, Unavailable, Wake};

/// How long after a claim a post may still be resent after a crash: well inside the window in
/// which Discord drops a second message with the same nonce.
pub const RESEND_WITHIN: SignedDuration = SignedDuration::from_mins(2);

/// The scheduler's view of the bot.
pub struct Poster {
    app: Arc<App>,
    wake: Arc<Wake>,
    http: Arc<Http>,
}

impl Poster {
    /// A poster sending through `http`.
    pub fn new(app: Arc<App>, wake: Arc<Wake>, http: Arc<Http>) -> Poster {
        Poster { app, wake, http }
    }

    /// Runs the daily posts until `shutdown` completes.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        let changes = self.wake.listen_daily();
        let now = Timestamp::now();
        self.resend_unfinished(now).await;
        let servers = self
            .blocking(move |app| {
                let store = app.store();
                let mut servers = Vec::new();
                for (guild, settings) in store.enabled_qotd()? {
                    if let Some(plan) = daily::plan_of(&settings, app.qotd_grace()) {
                        servers.push((guild, plan, daily::ledger_of(&store, guild, &settings)?));
                    }
                }
                Ok(servers)
            })
            .await
            .unwrap_or_default();
        let queue = schedule::build_queue(servers.iter().map(|(g, p, l)| (*g, p, l)), now);
        tracing::info!(servers = queue.len(), "daily posts scheduled");
        scheduler::run_scheduler(
            &self,
            &SystemClock,
            queue,
            changes,
            LoopOptions::default(),
            shutdown,
        )
        .await;
        tracing::info!("daily posts stopped");
    }

    /// Runs store work on a blocking thread; an error is logged and becomes [`Unavailable`].
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&App) -> crate::Result<T> + Send + 'static,
    ) -> Result<T, Unavailable> {
        let app = self.app.clone();
        match tokio::task::spawn_blocking(move || work(&app)).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                tracing::error!(error = %e, "daily posts: the store failed");
                Err(Unavailable)
            }
            Err(e) => {
                tracing::error!(error = %e, "daily posts: a store task failed");
                Err(Unavailable)
            }
        }
    }

    /// Posts claimed just before a crash, never recorded as sent: sent again with the same nonce.
    async fn resend_unfinished(&self, now: Timestamp) {
        let since = now.checked_sub(RESEND_WITHIN).unwrap_or(now);
        let unfinished = self
            .blocking(move |app| {
                let store = app.store();
                let mut posts = Vec::new();
                for (guild, date, quote) in store.unfinished_posts(since)? {
                    if let Ok(date) = date.parse::<Date>()
                        && let Some(post) = daily::rebuild(&store, guild, date, quote)?
                    {
                        posts.push(post);
                    }
                }
                Ok(posts)
            })
            .await
            .unwrap_or_default();
        for post in unfinished {
            tracing::warn!(guild = post.guild.0, date = %post.date, "resending a post claimed before a restart");
            send(self.app.clone(), self.http.clone(), post).await;
        }
    }
}

/// Sends one post and records the outcome.
async fn send(app: Arc<App>, http: Arc<Http>, post: Outgoing) {
    let channel = serenity::all::ChannelId::new(post.channel.0);
    let result = channel
        .send_message(&http, render::channel_post(&post.reply, &post.nonce))
        .await
        .map(|message| MessageId(message.id.get()))
        .map_err(|e| {
            // Discord's own words go to the log; moderators read a plain reason in /qotd status.
            tracing::warn!(
                guild = post.guild.0,
                channel = post.channel.0,
                error = %e,
                "daily post failed"
            );
            describe(&e)
        });
    let (guild, date) = (post.guild, post.date);
    let recorded = tokio::task::spawn_blocking(move || {
        daily::finished(&app.store(), guild, date, result, Timestamp::now())
    })
    .await;
    if !matches!(recorded, Ok(Ok(()))) {
        tracing::error!(guild = guild.0, %date, "could not record a daily post's outcome");
    }
}

/// A send failure as moderators should read it in `/qotd status`: a plain reason and what to do,
/// never Discord's raw error text (that goes to the log).
fn describe(error: &serenity::Error) -> String {
    use serenity::all::HttpError;
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            describe_status(response.status_code.as_u16())
        }
        _ => "Discord could not be reached; the bot will try again tomorrow".to_string(),
    }
}

/// The plain reason for an HTTP status Discord answered a post with.
fn describe_status(status: u16) -> String {
    match status {
        403 => "the bot may not post in that channel: give it View Channel, Send Messages and Embed Links there".to_string(),
        404 => "the channel no longer exists: pick another with /qotd channel".to_string(),
        429 => "Discord asked the bot to slow down; it will try again tomorrow".to_string(),
        500..=599 => "Discord had a problem of its own; the bot will try again tomorrow".to_string(),
        _ => "Discord refused the post; the moderators can find the details in the bot's log".to_string(),
    }
}

impl Source for Poster {
    type Key = GuildId;

    async fn load(&self, key: GuildId) -> Result<Option<(DailyPlan, Ledger)>, Unavailable> {
        self.blocking(move |app| {
            Ok(daily::load(&app.store(), key, app.qotd_grace())?
                .map(|(plan, ledger, _)| (plan, ledger)))
        })
        .await
    }

    async fn post(&self, key: GuildId, date: Date, now: Timestamp) -> Result<(), Unavailable> {
        let claimed = self
            .blocking(move |app| daily::claim(&app.store(), key, date, now, &mut rand::rng()))
            .await?;
        if let Some(post) = claimed {
            // The claim is committed: the send may take its time without holding up the queue.
            tokio::spawn(send(self.app.clone(), self.http.clone(), post));
        }
        Ok(())
    }

    async fn missed(&self, key: GuildId, date: Date, now: Timestamp) -> Result<(), Unavailable> {
        self.blocking(move |app| daily::missed(&app.store(), key, date, now))
            .await
    }
}

/// How long the trivia task sleeps at most before looking again (a wall clock may jump).
const TRIVIA_MAX_NAP: std::time::Duration = std::time::Duration::from_secs(30);
/// How long it sleeps at least between two passes.
const TRIVIA_MIN_NAP: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs the trivia timers until `shutdown` completes: opens and closes rounds when they fall due
/// (or at once when a game starts, stops, or everyone answered), and sends or edits the messages.
/// A restart picks every running game up where the store left it.
pub async fn run_trivia(
    app: Arc<App>,
    wake: Arc<Wake>,
    http: Arc<Http>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let worker = app.clone();
        let step = tokio::task::spawn_blocking(move || -> crate::Result<_> {
            let now = Timestamp::now();
            let messages = crate::trivia::due(&worker, now, &mut rand::rng())?;
            let wake = crate::trivia::next_wake(&worker, now)?;
            Ok((messages, wake))
        })
        .await;
        let next = match step {
            Ok(Ok((messages, next))) => {
                for message in messages {
                    send_trivia(&app, &http, message).await;
                }
                next
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "trivia timers: the store failed");
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "trivia timers: a store task failed");
                None
            }
        };
        // A wake-up already past (sending took longer than a pause) means "now", with a short
        // floor so that a game the store cannot move on never spins the loop.
        let nap = match next {
            Some(at) => std::time::Duration::try_from(at.duration_since(Timestamp::now()))
                .unwrap_or(std::time::Duration::ZERO)
                .max(TRIVIA_MIN_NAP),
            None => TRIVIA_MAX_NAP,
        }
        .min(TRIVIA_MAX_NAP);
        tokio::select! {
            () = shutdown.as_mut() => return,
            () = wake.trivia_woken() => {}
            () = tokio::time::sleep(nap) => {}
        }
    }
}

/// Sends (or edits) one trivia message and records a question's message id.
async fn send_trivia(app: &Arc<App>, http: &Http, message: crate::trivia::Outgoing) {
    let channel = serenity::all::ChannelId::new(message.channel.0);
    let sent = match message.edit {
        Some(id) => {
            channel
                .edit_message(
                    http,
                    serenity::all::MessageId::new(id.0),
                    render::edit_message(&message.reply),
                )
                .await
        }
        None => {
            channel
                .send_message(http, render::channel_message(&message.reply))
                .await
        }
    };
    match sent {
        Ok(sent) => {
            if let Some(round) = message.round {
                let app = app.clone();
                let id = MessageId(sent.id.get());
                let recorded =
                    tokio::task::spawn_blocking(move || crate::trivia::sent(&app, round, id)).await;
                if !matches!(recorded, Ok(Ok(()))) {
                    tracing::error!(
                        game = round.0,
                        round = round.1,
                        "could not record a question's message"
                    );
                }
            }
        }
        Err(e) => {
            tracing::warn!(channel = message.channel.0, error = %describe(&e), "a trivia message failed")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::describe_status;

    #[test]
    fn a_failed_post_reads_as_a_plain_reason_without_discords_own_words() {
        assert!(describe_status(403).starts_with("the bot may not post in that channel"));
        assert!(describe_status(404).contains("/qotd channel"));
        for status in [400, 401, 413, 429, 500, 502] {
            let reason = describe_status(status);
            assert!(!reason.contains(&status.to_string()), "{reason}");
            assert!(!reason.contains("Missing"), "{reason}");
        }
    }
}

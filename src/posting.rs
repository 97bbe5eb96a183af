//! The edge that sends the bot's own channel messages (daily posts, trivia questions and their
//! closing) to Discord: the scheduler's [`Sender`] over serenity's HTTP client.
//!
//! A daily post carries its (server, date) nonce with `enforce_nonce`, so a resend after a crash
//! cannot make a second message. A failure is logged with Discord's own words, and handed back as a
//! plain reason that moderators read in `/qotd status`.

use std::sync::Arc;

use serenity::all::Http;

use crate::ids::MessageId;
use crate::render;
use crate::reply::ChannelMessage;
use crate::router::App;
use crate::scheduler::{self, Sender, SystemClock, Wake};

/// Starts the scheduler for the running bot, in either mode (gateway or HTTP interactions): it
/// sends through `http` on the system clock until `stop` turns true, then finishes the posts it
/// claimed. Await the handle before closing the store.
pub fn launch(
    app: Arc<App>,
    wake: Arc<Wake>,
    http: Arc<Http>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let stats = scheduler::run(
            app,
            wake,
            Arc::new(DiscordSender::new(http)),
            SystemClock,
            scheduler::Options::default(),
            async move {
                let _ = stop.wait_for(|stop| *stop).await;
            },
        )
        .await;
        tracing::info!(
            passes = stats.passes,
            sent = stats.sent,
            "scheduler stopped"
        );
    })
}

/// Sends through serenity's HTTP client.
pub struct DiscordSender {
    http: Arc<Http>,
}

impl DiscordSender {
    /// A sender using `http` (the bot token's client).
    pub fn new(http: Arc<Http>) -> DiscordSender {
        DiscordSender { http }
    }
}

impl Sender for DiscordSender {
    async fn send(&self, message: &ChannelMessage) -> Result<MessageId, String> {
        let channel = serenity::all::ChannelId::new(message.channel.0);
        let files = !message.reply.attachments.is_empty();
        let sent = match (message.edit, &message.nonce) {
            // A new message with files (the standings card) goes up as multipart. (An edit never
            // carries files: the bot only edits a closed question's card.)
            (None, nonce) if files => {
                let (body, files) =
                    render::channel_message_with_files(&message.reply, nonce.as_deref());
                self.http.send_message(channel, files, &body).await
            }
            (Some(id), _) => {
                channel
                    .edit_message(
                        &self.http,
                        serenity::all::MessageId::new(id.0),
                        render::edit_message(&message.reply),
                    )
                    .await
            }
            (None, Some(nonce)) => {
                channel
                    .send_message(&self.http, render::channel_post(&message.reply, nonce))
                    .await
            }
            (None, None) => {
                channel
                    .send_message(&self.http, render::channel_message(&message.reply))
                    .await
            }
        };
        sent.map(|sent| MessageId(sent.id.get())).map_err(|e| {
            // Discord's own words go to the log; moderators read a plain reason.
            tracing::warn!(channel = message.channel.0, error = %e, "a channel message failed");
            describe(&e)
        })
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

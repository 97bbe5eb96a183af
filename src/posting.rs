//! The edge that sends the bot's own channel messages (daily posts, trivia questions and their
//! closing, season standings) to Discord, and gives and takes a season's reward role: the
//! scheduler's [`Sender`] over serenity's HTTP client. Before any role change it reads the
//! server's roles and the bot's own member, and says plainly what stops it (Manage Roles missing,
//! its highest role not above the reward role, a managed role, `@everyone`, a deleted role).
//!
//! A daily post carries its (server, date) nonce with `enforce_nonce`, so a resend after a crash
//! cannot make a second message. A failure is logged with Discord's own words, and handed back as a
//! plain reason that moderators read in `/qotd status` or `/settings show`: the id of a message in
//! `reasons.ftl`, stored as it is and read in each reader's language (`i18n::reason`).

use std::sync::Arc;

use serenity::all::Http;

use crate::i18n::{Msg, msg};
use crate::ids::MessageId;
use crate::render;
use crate::reply::{ChannelMessage, RoleAction, RoleChange, SentRecord};
use crate::router::App;
use crate::scheduler::{self, Sender, SystemClock, Wake};
use crate::seasons::RoleRefusal;

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
    /// Checks, then gives or takes the role. A member who left has nothing to take; giving to one
    /// is refused (logged, not the bot's permissions).
    async fn change_role(&self, change: &RoleChange) -> Result<(), RoleRefusal> {
        let guild = serenity::all::GuildId::new(change.guild.0);
        let role = serenity::all::RoleId::new(change.role.0);
        check_role(&self.http, change.guild, change.role).await?;
        let reason = Some("dramabot: trivia season reward");
        let done = match change.action {
            RoleAction::Check => return Ok(()),
            RoleAction::Give(user) => {
                let user = serenity::all::UserId::new(user.0);
                self.http.add_member_role(guild, user, role, reason).await
            }
            RoleAction::Take(user) => {
                let user = serenity::all::UserId::new(user.0);
                self.http
                    .remove_member_role(guild, user, role, reason)
                    .await
            }
        };
        let Err(e) = done else { return Ok(()) };
        tracing::warn!(guild = guild.get(), role = role.get(), action = ?change.action, error = %e, "a role change failed");
        let status = match &e {
            serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) => {
                Some(r.status_code.as_u16())
            }
            _ => None,
        };
        match (status, change.action) {
            (Some(403), _) => Err(RoleRefusal::Permission(
                msg::REASON_ROLE_REFUSED.id().into(),
            )),
            // A member who left the server has no role left to take.
            (Some(404), RoleAction::Take(_)) => Ok(()),
            (Some(404), _) => Err(RoleRefusal::Other(msg::REASON_WINNER_LEFT.id().into())),
            _ => Err(RoleRefusal::Other(msg::REASON_ROLE_NOT_CHANGED.id().into())),
        }
    }

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
            describe(&e, &message.record).id().to_string()
        })
    }
}

/// Why the bot may not give or take `role` in `guild`, read from the server's roles and the bot's
/// own member: `Ok(())` when it may. Discord's own words go to the log. Checked before every role
/// change, and when a moderator sets the reward role (`discord::report_checks`).
pub async fn check_role(
    http: &Http,
    guild: crate::ids::GuildId,
    role: crate::ids::RoleId,
) -> Result<(), RoleRefusal> {
    let guild = serenity::all::GuildId::new(guild.0);
    let role = serenity::all::RoleId::new(role.0);
    let failed = |e: serenity::Error| {
        tracing::warn!(guild = guild.get(), error = %e, "cannot read the server's roles");
        RoleRefusal::Other(msg::REASON_ROLES_UNREADABLE.id().into())
    };
    let roles = http.get_guild_roles(guild).await.map_err(failed)?;
    let me = http.get_current_user().await.map_err(failed)?;
    let member = http.get_member(guild, me.id).await.map_err(failed)?;
    let bot_roles: Vec<Facts> = roles
        .iter()
        .filter(|r| r.id.get() == guild.get() || member.roles.contains(&r.id))
        .map(Facts::of)
        .collect();
    let target = roles.iter().find(|r| r.id == role).map(Facts::of);
    reward_problem(guild.get(), target, &bot_roles).map_or(Ok(()), |why| {
        tracing::warn!(
            guild = guild.get(),
            role = role.get(),
            why = why.id(),
            "the bot cannot manage the reward role"
        );
        Err(RoleRefusal::Permission(why.id().to_string()))
    })
}

/// What the check needs of a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Facts {
    id: u64,
    position: u16,
    managed: bool,
    /// Manage Roles, or Administrator (which includes it).
    manages_roles: bool,
}

impl Facts {
    fn of(role: &serenity::all::Role) -> Facts {
        use serenity::all::Permissions;
        Facts {
            id: role.id.get(),
            position: role.position,
            managed: role.managed,
            manages_roles: role
                .permissions
                .intersects(Permissions::MANAGE_ROLES | Permissions::ADMINISTRATOR),
        }
    }
}

/// Why the bot (holding `bot_roles`, `@everyone` among them) cannot give `target` in the server
/// `guild`, as moderators read it (a reason's message id, stored and read in each reader's
/// language: [`crate::i18n::reason`]); `None` when it can. Discord lets a member with Manage
/// Roles give only roles below its own highest one, and never `@everyone` or a role an
/// integration manages.
fn reward_problem(guild: u64, target: Option<Facts>, bot_roles: &[Facts]) -> Option<Msg> {
    let Some(target) = target else {
        return Some(msg::REASON_ROLE_GONE);
    };
    if target.id == guild {
        return Some(msg::REASON_ROLE_EVERYONE);
    }
    if target.managed {
        return Some(msg::REASON_ROLE_MANAGED);
    }
    if !bot_roles.iter().any(|r| r.manages_roles) {
        return Some(msg::REASON_NO_MANAGE_ROLES);
    }
    let top = bot_roles.iter().map(|r| r.position).max().unwrap_or(0);
    if top <= target.position {
        return Some(msg::REASON_ROLE_TOO_HIGH);
    }
    None
}

/// A send failure as moderators should read it in `/qotd status` (or, for a season's standings,
/// `/settings show`): a plain reason and what to do (a reason's message id, read in each reader's
/// language), never Discord's raw error text (that goes to the log).
fn describe(error: &serenity::Error, record: &SentRecord) -> Msg {
    use serenity::all::HttpError;
    let season = matches!(record, SentRecord::SeasonPost { .. });
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            describe_status(response.status_code.as_u16(), season)
        }
        _ if season => msg::REASON_UNREACHABLE_SEASON,
        _ => msg::REASON_UNREACHABLE_DAILY,
    }
}

/// The plain reason for an HTTP status Discord answered a post with. After a failure a daily
/// post comes again the next day; a season's standings are not posted again (the season has
/// rolled over), the next season's are: each reason says which.
fn describe_status(status: u16, season: bool) -> Msg {
    let pick = |daily, seasons| if season { seasons } else { daily };
    match status {
        403 => msg::REASON_NO_ACCESS,
        404 => pick(
            msg::REASON_CHANNEL_GONE_DAILY,
            msg::REASON_CHANNEL_GONE_SEASON,
        ),
        429 => pick(msg::REASON_SLOW_DOWN_DAILY, msg::REASON_SLOW_DOWN_SEASON),
        500..=599 => pick(
            msg::REASON_DISCORD_DOWN_DAILY,
            msg::REASON_DISCORD_DOWN_SEASON,
        ),
        _ => msg::REASON_POST_REFUSED,
    }
}

#[cfg(test)]
mod tests {
    use super::{Facts, describe_status, reward_problem};
    use crate::i18n::{Locale, text};

    fn role(id: u64, position: u16, managed: bool, manages_roles: bool) -> Facts {
        Facts {
            id,
            position,
            managed,
            manages_roles,
        }
    }

    #[test]
    fn the_reward_role_check_names_each_reason_the_bot_cannot_give_it() {
        let everyone = role(1, 0, false, false);
        let bot = role(10, 5, true, true);
        let can = [everyone, bot];
        assert_eq!(
            reward_problem(1, Some(role(20, 2, false, false)), &can),
            None
        );
        for (target, roles, expected) in [
            (None, &can[..], "the role no longer exists"),
            (Some(everyone), &can[..], "@everyone cannot be given"),
            (
                Some(role(21, 1, true, false)),
                &can[..],
                "an integration manages that role",
            ),
            (
                Some(role(22, 9, false, false)),
                &can[..],
                "the bot's highest role is not above",
            ),
            (
                Some(role(23, 5, false, false)),
                &can[..],
                "the bot's highest role is not above",
            ),
            (
                Some(role(20, 2, false, false)),
                &[everyone, role(10, 5, true, false)][..],
                "the bot lacks the Manage Roles permission",
            ),
        ] {
            let problem = reward_problem(1, target, roles)
                .map(|id| text(Locale::English, id))
                .unwrap_or_default();
            assert!(problem.starts_with(expected), "{target:?}: {problem}");
        }
    }

    #[test]
    fn a_failed_post_reads_as_a_plain_reason_without_discords_own_words() {
        let reason = |status, season| text(Locale::English, describe_status(status, season));
        assert!(reason(403, false).starts_with("the bot may not post in that channel"));
        assert!(reason(404, false).contains("/qotd channel"));
        // A season's standings point at the season's own setting, and are not retried.
        assert!(reason(404, true).contains("/settings seasons"));
        assert!(reason(503, true).contains("not posted again"));
        // Korean readers read them in Korean.
        assert!(
            text(Locale::Korean, describe_status(404, true)).contains("/settings seasons로"),
            "{}",
            text(Locale::Korean, describe_status(404, true))
        );
        for status in [400, 401, 413, 429, 500, 502] {
            let reason = reason(status, false);
            assert!(!reason.contains(&status.to_string()), "{reason}");
            assert!(!reason.contains("Missing"), "{reason}");
        }
    }
}

//! The offline console: a Discord-like session in the terminal, over the same router as the bot.
//!
//! It reads one line at a time. `/about`, `/facts topic:helicopter` are typed as in Discord (an
//! option's value runs up to the next ` word:` or the end of the line); lines starting with `:` steer
//! the session (who is typing, in which channel, whether they moderate, the virtual clock). Replies
//! print as text, or with `--json` as the exact request bodies the real bot would send to Discord,
//! one JSON object per line, for `check-discord-requests`. Time and randomness are the session's own,
//! so a run with `--now` and `--seed` is reproducible.

use std::io::{self, Write};

use jiff::{Span, Timestamp};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage};

use crate::commands::{self, OptionKind};
use crate::due;
use crate::i18n::{self, Arg, Locale, Msg, msg};
use crate::ids::{ChannelId, GuildId, MessageId, RoleId, UserId};
use crate::render;
use crate::reply::{
    ChannelMessage, InputStyle, Modal, Reply, Response, RoleAction, RoleChange, RoleCheck,
};
use crate::router::{self, Action, App, Effect, Invocation, Value};
use crate::seasons::{self, RoleRefusal};

/// The console's stand-in for the bot's application id in request paths.
const APPLICATION_ID: u64 = 1_300_000_000_000_000_001;
/// The one server a console session plays in.
const GUILD: GuildId = GuildId(1_300_000_000_000_000_002);

/// The session lines `:help` lists after the commands.
const SESSION_LINES: &str = "\
Session lines:
  :user NAME        act as another member        :mod on|off   member has Manage Server
  :channel NAME     move to another channel       :click LABEL  press a button on the last message with it
  :advance 90s|10m|25h|3d   move the clock on (daily posts fall due)   :now   show the virtual time
  :locale ko|en     read the bot in Korean or English   :role NAME|none   give the member a role (or none)
  :fill FIELD=VALUE | FIELD=VALUE   fill in and send the open form (\\n in a value starts a new line)
  :fill             then one `FIELD: VALUE` per line (a line without `FIELD:` continues the last
                    field on a new line); a blank line sends the form   :cancel   close the form
  :attach PATH      attach a file to the next command (such as /content import)
  :botrole ok|low|nomanage   the bot may give roles, or its highest role is below them, or it
                    lacks Manage Roles (what its role checks find)
  :help             this text                     :quit         leave (or end of input)";

/// What `:help` prints: every command of the table (the one the bot registers), with its options,
/// then the session lines (English: they are the operator's). Names and descriptions in `locale`.
pub fn help(locale: Locale) -> String {
    let korean = locale.is_korean();
    let mut text = i18n::text(locale, msg::CONSOLE_HELP_INTRO);
    text.push('\n');
    let pick = |en: &'static str, ko: &'static str| if korean { ko } else { en };
    let usage = |options: &[commands::OptionSpec]| -> String {
        options
            .iter()
            .map(|o| {
                if o.kind == OptionKind::Attachment {
                    // A file is not typed: it is attached first, with `:attach PATH`.
                    format!(" {}:(:attach)", o.name)
                } else if o.required {
                    format!(" {}:…", o.name)
                } else {
                    format!(" [{}:…]", o.name)
                }
            })
            .collect()
    };
    for command in commands::COMMANDS {
        let marker = if command.moderator { " ⚑" } else { "" };
        if command.has_subcommands() {
            for sub in command.options {
                text.push_str(&format!(
                    "  /{} {}{}{marker} — {}\n",
                    command.name,
                    sub.name,
                    usage(sub.options),
                    pick(sub.description, sub.description_ko)
                ));
            }
        } else {
            text.push_str(&format!(
                "  /{}{}{marker} — {}\n",
                command.name,
                usage(command.options),
                pick(command.description, command.description_ko)
            ));
        }
    }
    text.push_str(&format!(
        "  {}\n",
        i18n::text(locale, msg::CONSOLE_HELP_MODERATOR)
    ));
    text.push_str(SESSION_LINES);
    text
}

/// The name the `n`th file called `name` is saved under: the name itself first, then numbered
/// before its extension (`standings.png`, `standings-2.png`, ...).
fn numbered(name: &str, n: u32) -> String {
    if n <= 1 {
        return name.to_string();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}-{n}.{ext}"),
        _ => format!("{name}-{n}"),
    }
}

/// A message the session has seen, so that its buttons can be pressed later.
struct Shown {
    id: MessageId,
    reply: Reply,
}

/// One console session.
pub struct Console<W: Write, E: Write> {
    app: App,
    out: W,
    /// Session notices in `--json` mode, so that `out` holds nothing but requests.
    notices: E,
    json: bool,
    now: Timestamp,
    rng: ChaCha8Rng,
    user: (UserId, String),
    moderator: bool,
    /// The roles each member of the session was given with `:role`.
    roles: std::collections::HashMap<UserId, Vec<RoleId>>,
    /// The member's Discord locale, as Discord sends it (`en-US`, `ko`).
    locale: String,
    channel: (ChannelId, String),
    shown: Vec<Shown>,
    next_id: u64,
    /// Interactions run so far: each gets the next number as its id, as Discord gives each one
    /// its own snowflake.
    interactions: u64,
    /// The names of the channels the session has seen, for posts that arrive in them.
    channel_names: std::collections::HashMap<ChannelId, String>,
    /// The names of the roles the session has named (`role:@NAME`, `:role NAME`), to show their
    /// mentions by name.
    role_names: std::collections::HashMap<RoleId, String>,
    /// The form the bot opened last, until it is sent or closed.
    modal: Option<Modal>,
    /// The fields of a form being filled line by line (after a bare `:fill`).
    filling: Option<Vec<(String, String)>>,
    /// The file `:attach` attached to the next command: its name and bytes.
    attached: Option<(String, Vec<u8>)>,
    /// Where files the bot sends are written (`--out`); without it they are only named.
    out_dir: Option<std::path::PathBuf>,
    /// How many files of each name this session wrote to `out_dir`: a name sent again (each
    /// game's `standings.png`) is saved numbered (`standings-2.png`), not over the last one.
    written: std::collections::HashMap<String, u32>,
    /// What stops the bot giving roles (`:botrole`), as its checks would find it: `None` when it
    /// may give any role.
    role_refusal: Option<Msg>,
    /// The last interaction answered, whose token a follow-up uses.
    last_interaction: u64,
}

/// A stable id for a name, so `:user mina` is the same member in every run.
fn id_for(name: &str) -> u64 {
    let hash = crate::text::fnv1a(name.to_lowercase().as_bytes());
    // Snowflake-sized, never zero.
    1_000_000_000_000_000 + hash % 1_000_000_000_000_000
}

impl<W: Write, E: Write> Console<W, E> {
    /// A session over `app`, starting at `now` with randomness from `seed`.
    pub fn new(app: App, out: W, notices: E, json: bool, now: Timestamp, seed: u64) -> Self {
        Console {
            app,
            out,
            notices,
            json,
            now,
            rng: ChaCha8Rng::seed_from_u64(seed),
            user: (UserId(id_for("fan")), "fan".into()),
            moderator: false,
            roles: std::collections::HashMap::new(),
            locale: "en-US".into(),
            channel: (channel_id("general"), "general".into()),
            shown: Vec::new(),
            next_id: 1_310_000_000_000_000_000,
            interactions: 0,
            channel_names: [(channel_id("general"), "general".to_string())].into(),
            role_names: std::collections::HashMap::new(),
            modal: None,
            filling: None,
            attached: None,
            out_dir: None,
            written: std::collections::HashMap::new(),
            role_refusal: None,
            last_interaction: 0,
        }
    }

    /// Writes the files the bot sends into `dir` (created if missing).
    pub fn with_out_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.out_dir = Some(dir);
        self
    }

    /// `:attach PATH`: reads the file for the next command, refusing it by size as the bot's edges
    /// do before downloading.
    fn attach(&mut self, path: &str) -> io::Result<()> {
        let path = std::path::Path::new(path);
        let size = match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => meta.len(),
            Ok(_) => return self.notice(&format!("{} is not a file.", path.display())),
            Err(e) => return self.notice(&format!("Cannot read {}: {e}", path.display())),
        };
        let max = router::ATTACHMENT_MAX_BYTES;
        if size > u64::try_from(max).unwrap_or(u64::MAX) {
            return self.notice(&format!(
                "{} is {} KiB; the bot reads attachments of at most {} KiB. Nothing is attached.",
                path.display(),
                size.div_ceil(1024),
                max / 1024
            ));
        }
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => return self.notice(&format!("Cannot read {}: {e}", path.display())),
        };
        let name = path
            .file_name()
            .map_or_else(|| "attachment".into(), |n| n.to_string_lossy().into_owned());
        let notice = format!(
            "{name} ({} bytes) is attached to your next command.",
            bytes.len()
        );
        self.attached = Some((name, bytes));
        self.notice(&notice)
    }

    /// Gives the attached file (if any) to the command's file option, as Discord does.
    fn with_attachment(&mut self, action: &mut Action) -> io::Result<()> {
        let Some((filename, bytes)) = self.attached.take() else {
            return Ok(());
        };
        let Action::Command {
            name,
            subcommand,
            options,
        } = action
        else {
            return Ok(());
        };
        let declared = commands::find(name).map(|spec| match subcommand {
            Some(sub) => spec.subcommand(sub).map_or(&[][..], |s| s.options),
            None => spec.options,
        });
        let slot = declared
            .unwrap_or(&[])
            .iter()
            .find(|o| o.kind == OptionKind::Attachment);
        match slot {
            Some(spec) => {
                options.retain(|(n, _)| n != spec.name);
                options.push((spec.name.to_string(), Value::Attachment { filename, bytes }));
                Ok(())
            }
            None => self.notice(&format!(
                "/{name} takes no file; {filename} is no longer attached."
            )),
        }
    }

    /// Shows the files a reply sends: named, and written to `--out` when it is given.
    fn show_files(&mut self, reply: &Reply) -> io::Result<()> {
        for file in &reply.attachments {
            // Only the file's own name: a reply never picks where it is written.
            let name = std::path::Path::new(&file.filename)
                .file_name()
                .map_or_else(|| "attachment".into(), |n| n.to_string_lossy().into_owned());
            let line = match &self.out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir)?;
                    let count = self.written.entry(name.clone()).or_insert(0);
                    *count += 1;
                    let path = dir.join(numbered(&name, *count));
                    std::fs::write(&path, &file.bytes)?;
                    format!(
                        "  📎 {name} ({} bytes), saved to {}",
                        file.bytes.len(),
                        path.display()
                    )
                }
                None => format!(
                    "  📎 {name} ({} bytes; run the console with --out DIR to save it)",
                    file.bytes.len()
                ),
            };
            if self.json {
                writeln!(self.notices, "{line}")?;
            } else {
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }

    /// Starts the session as the bot starts: timed work kept in the database (a `--db` file from
    /// an earlier session) is scheduled, and in `--json` mode the command registration the bot
    /// sends when it connects is shown.
    pub fn start(&mut self) -> io::Result<()> {
        if let Err(e) = due::reschedule_all(&self.app, self.now) {
            self.notice(&format!("The scheduler failed: {e}"))?;
        }
        if self.json {
            let body = serde_json::to_value(render::commands()).map_err(io::Error::other)?;
            self.request(
                "PUT",
                format!("/api/v10/applications/{APPLICATION_ID}/commands"),
                body,
            )?;
        }
        Ok(())
    }

    /// Handles one line; returns `false` when the session should end.
    pub fn line(&mut self, line: &str) -> io::Result<bool> {
        if self.filling.is_some() {
            return self.fill_line(line).map(|()| true);
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(true);
        }
        if let Some(command) = line.strip_prefix('/') {
            self.command(command)?;
            return Ok(true);
        }
        if let Some(session) = line.strip_prefix(':') {
            return self.session(session);
        }
        self.notice(&self.tr(
            msg::CONSOLE_NOT_A_LINE,
            &[("line", crate::text::clip(line, 40).into())],
        ))?;
        Ok(true)
    }

    /// A console text in the session's locale (`:locale`).
    fn tr(&self, id: Msg, args: &[(&str, Arg<'_>)]) -> String {
        i18n::tr(Locale::from_discord(&self.locale), id, args)
    }

    fn session(&mut self, line: &str) -> io::Result<bool> {
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        match (word, rest) {
            ("quit" | "exit" | "q", _) => return Ok(false),
            ("help" | "h", _) => self.notice(&help(Locale::from_discord(&self.locale)))?,
            ("locale", "ko" | "ko-KR") => {
                self.locale = "ko".into();
                self.notice(&self.tr(msg::CONSOLE_LOCALE_NOW, &[]))?;
            }
            ("locale", "en" | "en-US" | "en-GB") => {
                self.locale = "en-US".into();
                self.notice(&self.tr(msg::CONSOLE_LOCALE_NOW, &[]))?;
            }
            ("now", _) => self.notice(&format!("It is {} (UTC).", self.now))?,
            ("user", name) if !name.is_empty() => {
                self.user = (UserId(id_for(name)), name.to_string());
                self.notice(&format!("You are now {name}."))?;
            }
            ("mod", "on") => {
                self.moderator = true;
                self.notice(&format!("{} now has Manage Server.", self.user.1))?;
            }
            ("mod", "off") => {
                self.moderator = false;
                self.notice(&format!("{} no longer has Manage Server.", self.user.1))?;
            }
            ("role", "none") => {
                self.roles.remove(&self.user.0);
                self.notice(&format!("{} has no roles now.", self.user.1))?;
            }
            ("role", name) if !name.is_empty() => {
                let name = name.trim_start_matches('@');
                let roles = self.roles.entry(self.user.0).or_default();
                let role = RoleId(id_for(name));
                if !roles.contains(&role) {
                    roles.push(role);
                }
                self.role_names.insert(role, name.to_string());
                self.notice(&format!("{} now has the role @{name}.", self.user.1))?;
            }
            ("channel", name) if !name.is_empty() => {
                let name = name.trim_start_matches('#');
                self.channel = (channel_id(name), name.to_string());
                self.channel_names.insert(self.channel.0, name.to_string());
                self.notice(&format!("You are now in #{name}."))?;
            }
            ("botrole", "ok") => {
                self.role_refusal = None;
                self.notice("The bot may give any role now.")?;
            }
            ("botrole", "low") => {
                self.role_refusal = Some(msg::REASON_ROLE_TOO_HIGH);
                self.notice("The bot's highest role is now below every role it could give.")?;
            }
            ("botrole", "nomanage") => {
                self.role_refusal = Some(msg::REASON_NO_MANAGE_ROLES);
                self.notice("The bot no longer has Manage Roles.")?;
            }
            ("click", label) if !label.is_empty() => self.click(label)?,
            ("attach", path) if !path.is_empty() => self.attach(path)?,
            ("attach", _) => self.notice("Write :attach with a file's path.")?,
            ("fill", "") if self.modal.is_some() => {
                self.filling = Some(Vec::new());
                self.notice(&self.tr(msg::CONSOLE_FILL_LINES, &[]))?;
            }
            ("fill", text) if self.modal.is_some() => {
                let fields = self
                    .modal
                    .as_ref()
                    .map_or_else(Vec::new, |m| fill_fields(m, text));
                self.submit(fields)?;
            }
            ("fill", _) => self.notice(&self.tr(msg::CONSOLE_NO_FORM, &[]))?,
            ("cancel", _) if self.modal.is_some() => {
                self.modal = None;
                self.notice(&self.tr(msg::CONSOLE_FORM_CLOSED, &[]))?;
            }
            ("advance", amount) if !amount.is_empty() => match parse_duration(amount) {
                Some(span) => match self.now.checked_add(span) {
                    Ok(target) => {
                        self.advance_to(target)?;
                        self.notice(&format!("It is now {} (UTC).", self.now))?;
                    }
                    Err(_) => self.notice("That is too far into the future.")?,
                },
                None => self.notice("Write :advance with an amount like 90s, 10m, 25h or 3d.")?,
            },
            _ => self.notice(&format!(
                "I don't know the session line “:{}”. Type :help for the list.",
                crate::text::clip(line, 40)
            ))?,
        }
        Ok(true)
    }

    /// One line of a form filled line by line: `field: value`, a continuation of the last field,
    /// or the blank line that sends it.
    fn fill_line(&mut self, line: &str) -> io::Result<()> {
        let Some(mut fields) = self.filling.take() else {
            return Ok(());
        };
        if line.trim().is_empty() {
            return self.submit(fields);
        }
        let named = line.split_once(':').and_then(|(name, value)| {
            let known = self
                .modal
                .as_ref()
                .and_then(|m| input_named(m, name.trim()));
            known.map(|id| (id, value.trim().to_string()))
        });
        match (named, fields.last_mut()) {
            (Some(field), _) => fields.push(field),
            (None, Some((_, value))) => {
                value.push('\n');
                value.push_str(line.trim());
            }
            (None, None) => {
                self.notice(&self.tr(msg::CONSOLE_FILL_START, &[]))?;
            }
        }
        self.filling = Some(fields);
        Ok(())
    }

    /// Sends the open form with `fields` (named by custom id or label), as Discord would: every
    /// input is in the submission, and a required one left empty or a value too long is refused
    /// before it is sent.
    fn submit(&mut self, fields: Vec<(String, String)>) -> io::Result<()> {
        let Some(modal) = self.modal.clone() else {
            return self.notice(&self.tr(msg::CONSOLE_NO_FORM, &[]));
        };
        let mut values: Vec<(String, String)> = modal
            .inputs
            .iter()
            .map(|i| (i.custom_id.clone(), i.value.clone().unwrap_or_default()))
            .collect();
        for (name, value) in fields {
            let Some(id) = input_named(&modal, &name) else {
                return self.notice(&self.tr(
                    msg::CONSOLE_NO_SUCH_FIELD,
                    &[
                        ("field", crate::text::clip(&name, 40).into()),
                        ("fields", field_names(&modal).into()),
                    ],
                ));
            };
            if let Some(slot) = values.iter_mut().find(|(n, _)| *n == id) {
                slot.1 = value;
            }
        }
        for input in &modal.inputs {
            let value = values
                .iter()
                .find(|(n, _)| *n == input.custom_id)
                .map_or("", |(_, v)| v.as_str());
            let length = value.chars().count() as u64;
            if input.required && value.trim().is_empty() {
                return self.notice(&self.tr(
                    msg::CONSOLE_FIELD_REQUIRED,
                    &[("field", input.label.as_str().into())],
                ));
            }
            if let Some(max) = input.max_length
                && length > u64::from(max)
            {
                return self.notice(&self.tr(
                    msg::CONSOLE_FIELD_TOO_LONG,
                    &[("field", input.label.as_str().into()), ("max", max.into())],
                ));
            }
            if let Some(min) = input.min_length
                && !value.is_empty()
                && length < u64::from(min)
            {
                return self.notice(&self.tr(
                    msg::CONSOLE_FIELD_TOO_SHORT,
                    &[("field", input.label.as_str().into()), ("min", min.into())],
                ));
            }
        }
        self.modal = None;
        let inv = self.invocation(Action::ModalSubmit {
            custom_id: modal.custom_id,
            fields: values,
        });
        let outcome = router::handle(&self.app, &inv, &mut self.rng);
        self.respond(outcome.response, None)?;
        self.apply(outcome.effects)
    }

    /// Moves the virtual clock to `target`, stopping at every instant timed work falls due (a
    /// daily post, a trivia round), so messages appear in order and at their own time, as the
    /// bot's scheduler would send them: the same queue, driven by the session's clock.
    fn advance_to(&mut self, target: Timestamp) -> io::Result<()> {
        let mut last_wake = None;
        loop {
            let next = match due::next_due(&self.app) {
                Ok(next) => next,
                Err(e) => return self.notice(&format!("The scheduler failed: {e}")),
            };
            let Some(at) = next.filter(|at| *at <= target) else {
                break;
            };
            if last_wake == Some(at) {
                // Nothing came of the last wake-up at this instant: do not spin.
                break;
            }
            last_wake = Some(at);
            self.now = self.now.max(at);
            let messages = match due::run_due(&self.app, self.now, &mut self.rng) {
                Ok(messages) => messages,
                Err(e) => return self.notice(&format!("The scheduler failed: {e}")),
            };
            for message in messages {
                self.deliver(message)?;
            }
            // A season that ended hands its reward role on, as the bot's scheduler does.
            match seasons::take_rewards(&self.app) {
                Ok(rewards) => self.apply(rewards)?,
                Err(e) => self.notice(&format!("The scheduler failed: {e}"))?,
            }
        }
        self.now = self.now.max(target);
        Ok(())
    }

    /// Shows a message the bot sends on its own (a daily post, a trivia question, the standings,
    /// an edit closing a question) in its channel, or its request in `--json` mode, and records it
    /// as sent.
    fn deliver(&mut self, message: ChannelMessage) -> io::Result<()> {
        let channel = self
            .channel_names
            .get(&message.channel)
            .map_or_else(|| message.channel.to_string(), |name| name.clone());
        let id = match message.edit {
            Some(id) => {
                if self.json {
                    let body = serde_json::to_value(render::edit_message(&message.reply))
                        .map_err(io::Error::other)?;
                    self.request(
                        "PATCH",
                        format!("/api/v10/channels/{}/messages/{id}", message.channel),
                        body,
                    )?;
                } else {
                    writeln!(
                        self.out,
                        "[{} in #{channel}, {}] {}",
                        self.now,
                        self.tr(msg::CONSOLE_MESSAGE_EDITED, &[]),
                        self.show(&message.reply)
                    )?;
                }
                id
            }
            None => {
                if self.json && !message.reply.attachments.is_empty() {
                    // The body the bot sends beside the files, as `posting` builds it.
                    let (body, _) = render::channel_message_with_files(
                        &message.reply,
                        message.nonce.as_deref(),
                    );
                    self.request(
                        "POST",
                        format!("/api/v10/channels/{}/messages", message.channel),
                        body,
                    )?;
                } else if self.json {
                    let body = match &message.nonce {
                        Some(nonce) => {
                            serde_json::to_value(render::channel_post(&message.reply, nonce))
                        }
                        None => serde_json::to_value(render::channel_message(&message.reply)),
                    }
                    .map_err(io::Error::other)?;
                    self.request(
                        "POST",
                        format!("/api/v10/channels/{}/messages", message.channel),
                        body,
                    )?;
                } else {
                    writeln!(
                        self.out,
                        "[{} in #{channel}] {}",
                        self.now,
                        self.show(&message.reply)
                    )?;
                }
                self.show_files(&message.reply)?;
                MessageId(self.fresh_id())
            }
        };
        let follow_ups = match due::sent(&self.app, message.record, Ok(id), self.now) {
            Ok(follow_ups) => follow_ups,
            Err(e) => {
                self.notice(&format!("Could not record the message: {e}"))?;
                Vec::new()
            }
        };
        match self.shown.iter_mut().find(|s| s.id == id) {
            Some(shown) => shown.reply = message.reply,
            None => self.shown.push(Shown {
                id,
                reply: message.reply,
            }),
        }
        // A question whose round closed while it was on its way is edited closed at once.
        for message in follow_ups {
            self.deliver(message)?;
        }
        Ok(())
    }

    fn invocation(&mut self, action: Action) -> Invocation {
        self.interactions += 1;
        Invocation {
            id: self.interactions,
            guild: Some(GUILD),
            channel: self.channel.0,
            user: self.user.0,
            user_name: self.user.1.clone(),
            locale: self.locale.clone(),
            is_moderator: self.moderator,
            roles: self.roles.get(&self.user.0).cloned().unwrap_or_default(),
            now: self.now,
            action,
        }
    }

    fn command(&mut self, text: &str) -> io::Result<()> {
        let mut action = match parse_command(text) {
            Ok((action, Named { channels, roles })) => {
                self.channel_names.extend(channels);
                self.role_names.extend(roles);
                action
            }
            Err(stray) => {
                // Discord itself would not send a malformed command; answer as the bot would.
                self.attached = None;
                let message = self.tr(msg::CONSOLE_CANNOT_READ, &[("text", stray.into())]);
                return self.respond(Response::Message(Reply::private(message)), None);
            }
        };
        self.with_attachment(&mut action)?;
        let inv = self.invocation(action);
        let outcome = router::handle(&self.app, &inv, &mut self.rng);
        self.respond(outcome.response, None)?;
        self.apply(outcome.effects)
    }

    /// Terminal text for a reply, with channel mentions shown by name where the session knows it.
    fn show(&self, reply: &Reply) -> String {
        self.with_names(text_of(reply, Locale::from_discord(&self.locale)))
    }

    /// `text` with the mentions of channels and roles the session named shown by their names.
    fn with_names(&self, mut text: String) -> String {
        for (id, name) in &self.channel_names {
            text = text.replace(&format!("<#{id}>"), &format!("#{name}"));
        }
        for (id, name) in &self.role_names {
            text = text.replace(&format!("<@&{id}>"), &format!("@{name}"));
        }
        text
    }

    fn click(&mut self, label: &str) -> io::Result<()> {
        let wanted = label.to_lowercase();
        // The whole label, or else the start of exactly one label on that message.
        let found = self.shown.iter().rev().find_map(|shown| {
            let open = || shown.reply.buttons.iter().filter(|b| !b.disabled);
            let exact = open().find(|b| b.label.to_lowercase() == wanted);
            let starts: Vec<_> = open()
                .filter(|b| b.label.to_lowercase().starts_with(&wanted))
                .collect();
            exact
                .or(if starts.len() == 1 {
                    Some(starts[0])
                } else {
                    None
                })
                .map(|b| (shown.id, b.custom_id.clone()))
        });
        let Some((message, custom_id)) = found else {
            return self.notice(&self.tr(msg::CONSOLE_NO_BUTTON, &[("label", label.into())]));
        };
        let inv = self.invocation(Action::Button { custom_id, message });
        let outcome = router::handle(&self.app, &inv, &mut self.rng);
        self.respond(outcome.response, Some(message))?;
        self.apply(outcome.effects)
    }

    /// Applies a handler's effects as the bot's edges do: messages it asks for are sent, and the
    /// scheduler runs whatever became due.
    fn apply(&mut self, effects: Vec<Effect>) -> io::Result<()> {
        let mut wake = false;
        for effect in effects {
            match effect {
                Effect::WakeScheduler => wake = true,
                Effect::Send(message) => self.deliver(message)?,
                Effect::Role(change) => self.change_role(change)?,
                Effect::CheckRole(check) => self.check_role(check)?,
            }
        }
        if wake {
            self.advance_to(self.now)?;
        }
        Ok(())
    }

    /// Checks a reward role a moderator just set, as the bot's edges do after answering: shows the
    /// check, records what it found, and sends the moderator the private follow-up that says it
    /// (in `--json` mode, the follow-up's request).
    fn check_role(&mut self, check: RoleCheck) -> io::Result<()> {
        let result = self.show_role_change(check.change())?;
        let reply = match seasons::role_checked(&self.app, check, result, self.now) {
            Ok(reply) => reply,
            Err(e) => return self.notice(&format!("Could not record the role check: {e}")),
        };
        if self.json {
            let token = format!("console-token-{}", self.last_interaction);
            let (body, _) = render::follow_up_with_files(&reply);
            self.request(
                "POST",
                format!("/api/v10/webhooks/{APPLICATION_ID}/{token}"),
                body,
            )
        } else {
            let text = self.show(&reply);
            writeln!(self.out, "{text}")
        }
    }

    /// Shows a role change the bot would make and records it as made, or refused for the reason
    /// `:botrole` set.
    fn change_role(&mut self, change: RoleChange) -> io::Result<()> {
        let result = self.show_role_change(change)?;
        if let Err(e) = seasons::role_changed(&self.app, change, result, self.now) {
            self.notice(&format!("Could not record the role change: {e}"))?;
        }
        Ok(())
    }

    /// Shows a role change the bot would make (in `--json` mode, its request: no body, so the
    /// checker skips it), and what the check before it finds: the console has no server, so only
    /// what `:botrole` set can refuse it.
    fn show_role_change(&mut self, change: RoleChange) -> io::Result<Result<(), RoleRefusal>> {
        let result = match self.role_refusal {
            None => Ok(()),
            Some(why) => Err(RoleRefusal::Permission(why.id().to_string())),
        };
        let member = |user: UserId| {
            self.app
                .store()
                .member_name(user)
                .ok()
                .flatten()
                .unwrap_or_else(|| format!("<@{user}>"))
        };
        let (method, user, text) = match change.action {
            RoleAction::Check => (
                "GET",
                None,
                format!(
                    "checks that it may give <@&{}> (Manage Roles, its highest role above it): {}",
                    change.role,
                    match self.role_refusal {
                        None => "it may".to_string(),
                        Some(why) => format!("it may not ({})", i18n::text(Locale::English, why)),
                    }
                ),
            ),
            RoleAction::Give(user) => (
                "PUT",
                Some(user),
                format!("gives <@&{}> to {}", change.role, member(user)),
            ),
            RoleAction::Take(user) => (
                "DELETE",
                Some(user),
                format!("takes <@&{}> from {}", change.role, member(user)),
            ),
        };
        // A refused change is not made: only the check's request goes out.
        let (method, user) = match (&result, change.action) {
            (Err(_), RoleAction::Give(_) | RoleAction::Take(_)) => ("GET", None),
            _ => (method, user),
        };
        let text = match &result {
            Err(RoleRefusal::Permission(why)) if change.action != RoleAction::Check => format!(
                "would {text}, but cannot: {}",
                i18n::reason(Locale::English, why)
            ),
            _ => text,
        };
        if self.json {
            let path = match user {
                Some(user) => format!(
                    "/api/v10/guilds/{}/members/{user}/roles/{}",
                    change.guild, change.role
                ),
                None => format!("/api/v10/guilds/{}/roles", change.guild),
            };
            self.request(method, path, serde_json::Value::Null)?;
        } else {
            let season = change
                .season
                .map(|d| format!(" (the reward of the season that ended on {d})"))
                .unwrap_or_default();
            let text = self.with_names(text);
            writeln!(self.out, "[{}] The bot {text}{season}.", self.now)?;
        }
        Ok(result)
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Shows a response (as text, or as the callback request in `--json` mode) and remembers it.
    fn respond(&mut self, response: Response, clicked: Option<MessageId>) -> io::Result<()> {
        let interaction = self.fresh_id();
        self.last_interaction = interaction;
        let files = matches!(&response, Response::Message(r) | Response::Update(r) if !r.attachments.is_empty());
        if self.json && files {
            self.requests_with_files(interaction, &response)?;
        } else if self.json {
            let body = serde_json::to_value(render::interaction_response(&response))
                .map_err(io::Error::other)?;
            self.request(
                "POST",
                format!("/api/v10/interactions/{interaction}/console-token-{interaction}/callback"),
                body,
            )?;
        }
        match response {
            Response::Message(reply) => {
                let id = MessageId(self.fresh_id());
                if !self.json {
                    let text = self.show(&reply);
                    writeln!(self.out, "{text}")?;
                }
                self.show_files(&reply)?;
                self.shown.push(Shown { id, reply });
            }
            Response::Update(reply) => {
                if !self.json {
                    let edited = self.tr(msg::CONSOLE_MESSAGE_EDITED, &[]);
                    writeln!(self.out, "({edited})\n{}", self.show(&reply))?;
                }
                match clicked.and_then(|id| self.shown.iter_mut().find(|s| s.id == id)) {
                    Some(shown) => shown.reply = reply,
                    None => {
                        let id = MessageId(self.fresh_id());
                        self.shown.push(Shown { id, reply });
                    }
                }
            }
            Response::Autocomplete(choices) => {
                if !self.json {
                    for choice in choices {
                        writeln!(self.out, "  · {}", choice.name)?;
                    }
                }
            }
            Response::Modal(modal) => {
                if !self.json {
                    let form = form_of(&modal, Locale::from_discord(&self.locale));
                    writeln!(self.out, "{form}")?;
                }
                self.modal = Some(modal);
            }
        }
        Ok(())
    }

    /// The requests the bot's edges send for an answer with files (`discord::answer`): files go up
    /// as multipart with a REST call, so the interaction is deferred, then a private answer is a
    /// follow-up (the "thinking" message deleted) and a public one the deferred message's edit.
    fn requests_with_files(&mut self, interaction: u64, response: &Response) -> io::Result<()> {
        let (Response::Message(reply) | Response::Update(reply)) = response else {
            return Ok(());
        };
        let token = format!("console-token-{interaction}");
        let defer = serde_json::to_value(CreateInteractionResponse::Defer(
            CreateInteractionResponseMessage::new(),
        ))
        .map_err(io::Error::other)?;
        self.request(
            "POST",
            format!("/api/v10/interactions/{interaction}/{token}/callback"),
            defer,
        )?;
        let webhook = format!("/api/v10/webhooks/{APPLICATION_ID}/{token}");
        if reply.ephemeral {
            self.request(
                "DELETE",
                format!("{webhook}/messages/@original"),
                serde_json::Value::Null,
            )?;
            // The body the bot sends beside the files, as the edges build it.
            let (body, _) = render::follow_up_with_files(reply);
            self.request("POST", webhook, body)
        } else {
            let (body, _) = render::edit_response_with_files(reply);
            self.request("PATCH", format!("{webhook}/messages/@original"), body)
        }
    }

    fn request(&mut self, method: &str, path: String, body: serde_json::Value) -> io::Result<()> {
        let record =
            json!({"at": self.now.to_string(), "method": method, "path": path, "body": body});
        writeln!(self.out, "{record}")
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        if self.json {
            writeln!(self.notices, "{text}")
        } else {
            writeln!(self.out, "{text}")
        }
    }
}

/// The id of the channel called `name` (without `#`).
fn channel_id(name: &str) -> ChannelId {
    ChannelId(id_for(&format!("#{}", name.to_lowercase())))
}

/// `90s`, `10m`, `25h`, `3d` as a span of time.
fn parse_duration(text: &str) -> Option<Span> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let amount: i64 = text[..text.len() - unit.len_utf8()].trim().parse().ok()?;
    if !(0..=100_000).contains(&amount) {
        return None;
    }
    let seconds = match unit {
        's' => amount,
        'm' => amount * 60,
        'h' => amount * 3600,
        'd' => amount * 86_400,
        _ => return None,
    };
    Some(Span::new().seconds(seconds))
}

/// The channels and roles a command line named, with their names.
#[derive(Debug, Default)]
struct Named {
    channels: Vec<(ChannelId, String)>,
    roles: Vec<(RoleId, String)>,
}

/// Reads `name [subcommand] opt:value opt:value` into an action, checking names against the table;
/// also returns the channels and roles named in its options, with their names. Refused with the
/// text that is no option (see [`parse_options`]).
fn parse_command(text: &str) -> Result<(Action, Named), String> {
    let (name, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let name = name.to_lowercase();
    let mut rest = rest.trim();
    let mut subcommand = None;
    let Some(spec) = commands::find(&name) else {
        // Say the command is unknown rather than puzzle over its options.
        return Ok((
            Action::Command {
                name,
                subcommand,
                options: Vec::new(),
            },
            Named::default(),
        ));
    };
    if spec.has_subcommands() {
        let (first, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if !first.is_empty() && !first.contains(':') {
            subcommand = Some(first.to_lowercase());
            rest = after.trim();
        }
    }
    let mut options = parse_options(rest)?;
    // A channel is typed by name, as in Discord's picker: `channel:#quotes`.
    let declared = match &subcommand {
        Some(sub) => spec.subcommand(sub).map_or(&[][..], |s| s.options),
        None => spec.options,
    };
    let mut named = Named::default();
    for (name, value) in &mut options {
        let is_user = declared
            .iter()
            .any(|o| o.name == name && o.kind == OptionKind::User);
        if let (true, Value::String(text)) = (is_user, &value) {
            // A member is named as the session names them: `member:mina`.
            *value = Value::User(UserId(id_for(text.trim().trim_start_matches('@'))));
            continue;
        }
        let is_role = declared
            .iter()
            .any(|o| o.name == name && o.kind == OptionKind::Role);
        if let (true, Value::String(text)) = (is_role, &value) {
            // A role is named as `:role` names it: `role:@reviewers`.
            let role = text.trim().trim_start_matches('@').to_string();
            let id = RoleId(id_for(&role));
            *value = Value::Role(id);
            named.roles.push((id, role));
            continue;
        }
        let is_channel = declared
            .iter()
            .any(|o| o.name == name && o.kind == OptionKind::Channel);
        if let (true, Value::String(text)) = (is_channel, &value) {
            let channel = text.trim().trim_start_matches('#').to_string();
            let id = channel_id(&channel);
            *value = Value::Channel(id);
            named.channels.push((id, channel));
        }
    }
    Ok((
        Action::Command {
            name,
            subcommand,
            options,
        },
        named,
    ))
}

/// Splits `a:1 b:two words` into options. A value runs up to the next ` word:` or the end.
fn parse_options(text: &str) -> Result<Vec<(String, Value)>, String> {
    // Every position where an option name starts: at the beginning or after white space.
    let mut starts = Vec::new();
    let mut previous_is_space = true;
    for (i, c) in text.char_indices() {
        // Names start with a letter, so a value like `10:30` is never taken for an option.
        if previous_is_space && c.is_alphabetic() {
            let name_end = text[i..]
                .find(|c: char| !is_name_char(c))
                .map_or(text.len(), |n| i + n);
            if text[name_end..].starts_with(':') {
                starts.push((i, name_end));
            }
        }
        previous_is_space = c.is_whitespace();
    }
    // Whatever stands before the first option name is not an option.
    let stray = starts.first().map_or(text, |&(first, _)| &text[..first]);
    if !stray.trim().is_empty() {
        return Err(crate::text::clip(stray.trim(), 40));
    }
    let mut options = Vec::new();
    for (n, &(start, name_end)) in starts.iter().enumerate() {
        let value_end = starts.get(n + 1).map_or(text.len(), |&(next, _)| next);
        let name = text[start..name_end].to_lowercase();
        let value = text[name_end + 1..value_end].trim().to_string();
        options.push((name, Value::String(value)));
    }
    Ok(options)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Reads `field=value | field=value` for `modal`. A part that does not start with one of the
/// form's field names belongs to the value before it, so a source like `Outlet | Title | Date`
/// stays whole; `\\n` in a value is a line break.
fn fill_fields(modal: &Modal, text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for part in text.split('|') {
        let named = part
            .split_once('=')
            .filter(|(name, _)| input_named(modal, name).is_some() || fields.is_empty());
        match (named, fields.last_mut()) {
            (Some((name, value)), _) => {
                fields.push((name.trim().to_string(), value.trim().to_string()))
            }
            (None, Some((_, value))) => {
                value.push_str(" | ");
                value.push_str(part.trim());
            }
            (None, None) => fields.push((part.trim().to_string(), String::new())),
        }
    }
    for (_, value) in &mut fields {
        *value = value.trim().replace("\\n", "\n");
    }
    fields
}

/// The custom id of the form's input called `name` (its custom id or its label, any case).
fn input_named(modal: &Modal, name: &str) -> Option<String> {
    let name = name.trim().to_lowercase();
    modal
        .inputs
        .iter()
        .find(|i| i.custom_id.to_lowercase() == name || i.label.to_lowercase() == name)
        .map(|i| i.custom_id.clone())
}

fn field_names(modal: &Modal) -> String {
    modal
        .inputs
        .iter()
        .map(|i| i.custom_id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A form as terminal text: its title, then each field with its name for `:fill`, whether it is
/// required, its size and what is already in it.
pub fn form_of(modal: &Modal, locale: Locale) -> String {
    let text = |id| i18n::text(locale, id);
    let mut lines = vec![
        format!(
            "dramabot {} ({}):",
            text(msg::CONSOLE_OPENS_A_FORM),
            text(msg::CONSOLE_ONLY_YOU)
        ),
        format!("  ╔ {}", modal.title),
    ];
    for input in &modal.inputs {
        let mut about = vec![text(if input.required {
            msg::CONSOLE_REQUIRED
        } else {
            msg::CONSOLE_OPTIONAL
        })];
        if input.style == InputStyle::Paragraph {
            about.push(text(msg::CONSOLE_SEVERAL_LINES));
        }
        if let Some(max) = input.max_length {
            about.push(format!("≤{max}"));
        }
        lines.push(format!(
            "  ║ {} — {} ({})",
            input.custom_id,
            input.label,
            about.join(", ")
        ));
        if let Some(placeholder) = &input.placeholder {
            let example = text(msg::CONSOLE_EXAMPLE);
            lines.extend(
                placeholder
                    .lines()
                    .map(|l| format!("  ║     {example} {l}")),
            );
        }
        if let Some(value) = &input.value {
            lines.extend(value.lines().map(|l| format!("  ║     = {l}")));
        }
    }
    lines.push(format!(
        "  ╚ :fill {}=… | …   (or :fill, one `field: value` a line, then a blank line; :cancel)",
        modal
            .inputs
            .first()
            .map_or("field", |i| i.custom_id.as_str())
    ));
    lines.join("\n")
}

/// A reply as terminal text: embeds as indented blocks, buttons as `[LABEL]`.
pub fn text_of(reply: &Reply, locale: Locale) -> String {
    let mut lines = Vec::new();
    let who = if reply.ephemeral {
        format!("dramabot ({}):", i18n::text(locale, msg::CONSOLE_ONLY_YOU))
    } else {
        "dramabot:".to_string()
    };
    lines.push(who);
    if let Some(content) = &reply.content {
        lines.extend(content.lines().map(|l| format!("  {l}")));
    }
    for embed in &reply.embeds {
        if let Some(title) = &embed.title {
            lines.push(format!("  ┃ {title}"));
        }
        if let Some(description) = &embed.description {
            lines.extend(description.lines().map(|l| format!("  ┃ {l}")));
        }
        for field in &embed.fields {
            lines.push(format!("  ┃ ▸ {}", field.name));
            lines.extend(field.value.lines().map(|l| format!("  ┃   {l}")));
        }
        if let Some(footer) = &embed.footer {
            lines.push(format!("  ┃ ({footer})"));
        }
    }
    if !reply.buttons.is_empty() {
        let buttons: Vec<String> = reply
            .buttons
            .iter()
            .map(|b| {
                if b.disabled {
                    format!(
                        "[{}] ({})",
                        b.label,
                        i18n::text(locale, msg::CONSOLE_CLOSED)
                    )
                } else {
                    format!("[{}]", b.label)
                }
            })
            .collect();
        lines.push(format!("  {}", buttons.join(" ")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sample::store_with_sample;

    fn session(lines: &[&str], json: bool) -> (String, String) {
        let app = App::new(store_with_sample());
        let mut out = Vec::new();
        let mut notices = Vec::new();
        {
            let mut console = Console::new(
                app,
                &mut out,
                &mut notices,
                json,
                "2026-11-22T12:00:00Z".parse().expect("time"),
                1,
            );
            console.start().expect("start");
            for line in lines {
                if !console.line(line).expect("line") {
                    break;
                }
            }
        }
        (
            String::from_utf8(out).expect("utf-8"),
            String::from_utf8(notices).expect("utf-8"),
        )
    }

    #[test]
    fn a_reward_role_the_bot_cannot_give_is_told_to_the_moderator_in_their_language() {
        let lines = [
            ":mod on",
            ":botrole low",
            "/settings rewards role:@Champion",
            ":locale ko",
            "/settings rewards role:@Champion",
            ":botrole ok",
            "/settings rewards role:@Champion",
        ];
        let (out, _) = session(&lines, false);
        for told in [
            "dramabot (only you can see this):\n  Saved, but I cannot give @Champion now: the bot's highest role is not above the reward role",
            "dramabot (나만 볼 수 있어요):\n  저장했지만, 지금은 @Champion 역할을 줄 수 없어요: 봇의 가장 높은 역할이",
            "dramabot (나만 볼 수 있어요):\n  확인했어요: 시즌 우승자에게 @Champion 역할을 줄 수 있어요.",
        ] {
            assert!(out.contains(told), "{told}\n{out}");
        }
        // In `--json` mode, the follow-up to the command's own interaction, private.
        let (out, _) = session(&lines[..3], true);
        let requests: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        let callback = requests
            .iter()
            .rposition(|r| r["path"].as_str().is_some_and(|p| p.ends_with("/callback")))
            .expect("the answer");
        let token = requests[callback]["path"]
            .as_str()
            .and_then(|p| p.split('/').nth(5))
            .expect("a token");
        let told = requests.last().expect("the follow-up");
        assert_eq!(
            told["path"],
            format!("/api/v10/webhooks/{APPLICATION_ID}/{token}")
        );
        assert_eq!(told["body"]["flags"], 64);
        assert!(
            told["body"]["content"]
                .as_str()
                .is_some_and(|c| c.starts_with("Saved, but I cannot give")),
            "{told}"
        );
    }

    #[test]
    fn an_attached_file_goes_to_the_next_command_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("list.yaml");
        std::fs::write(&path, "What is the capital of Korea?:\n- Seoul\n").expect("written");
        let attach = format!(":attach {}", path.display());
        let (out, _) = session(&[":mod on", &attach, "/content import"], false);
        assert!(out.contains("list.yaml ("), "{out}");
        assert!(out.contains("1 read, 1 queued for review"), "{out}");
        let (out, _) = session(
            &[":mod on", &attach, "/content import", "/content import"],
            false,
        );
        assert!(out.contains("needs `file`"), "{out}");
        let (out, _) = session(&[":attach /no/such/file.yaml"], false);
        assert!(out.contains("Cannot read /no/such/file.yaml"), "{out}");
    }

    #[test]
    fn an_export_is_sent_as_the_bot_sends_files_and_saved_with_out() {
        let mut store = store_with_sample();
        let item = "[drama]\nid = \"sample\"\ntitle = \"Sample Drama\"\ntitle_ko = \"샘플\"\n\
            network = \"Netflix\"\nyear = 2025\nepisodes = 8\n\n[[source]]\nid = \"s\"\n\
            outlet = \"Outlet\"\ntitle = \"Title\"\ndate = \"2025-01-01\"\n\n[[fact]]\n\
            id = \"f\"\nabout = [\"sample\"]\ntext = \"A fact for the bank.\"\nsource = \"s\"\n";
        let pack = crate::pack::parse("item.toml", item.as_bytes()).expect("parses");
        dramabot_core::content::approve_into_bank(
            &mut store,
            GUILD,
            &pack,
            UserId(1),
            Timestamp::UNIX_EPOCH,
        )
        .expect("approved");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut out = Vec::new();
        let mut notices = Vec::new();
        {
            let mut console = Console::new(
                App::new(store),
                &mut out,
                &mut notices,
                true,
                "2026-11-22T12:00:00Z".parse().expect("time"),
                1,
            )
            .with_out_dir(dir.path().to_path_buf());
            for line in [":mod on", "/content export"] {
                console.line(line).expect("line");
            }
        }
        let out = String::from_utf8(out).expect("utf-8");
        let requests: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        let methods: Vec<&str> = requests
            .iter()
            .filter_map(|r| r["method"].as_str())
            .collect();
        assert_eq!(methods, ["POST", "DELETE", "POST"], "{out}");
        assert_eq!(requests[0]["body"]["type"], 5);
        let follow_up = &requests[2]["body"];
        assert_eq!(follow_up["flags"], 64);
        assert_eq!(
            follow_up["attachments"][0]["filename"], "sample-server.toml",
            "{follow_up}"
        );
        let saved = std::fs::read_to_string(dir.path().join("sample-server.toml")).expect("saved");
        let exported = crate::pack::parse("sample-server.toml", saved.as_bytes()).expect("parses");
        assert!(crate::pack::validate_set(&[exported]).is_empty());
        let notices = String::from_utf8(notices).expect("utf-8");
        assert!(notices.contains("📎 sample-server.toml ("), "{notices}");
    }

    #[test]
    fn a_file_sent_again_is_saved_numbered_not_over_the_last_one() {
        assert_eq!(numbered("standings.png", 1), "standings.png");
        assert_eq!(numbered("standings.png", 3), "standings-3.png");
        assert_eq!(numbered("README", 2), "README-2");
        assert_eq!(numbered(".hidden", 2), ".hidden-2");
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut out, mut notices) = (Vec::new(), Vec::new());
        {
            let mut console = Console::new(
                App::new(store_with_sample()),
                &mut out,
                &mut notices,
                false,
                "2026-11-22T12:00:00Z".parse().expect("time"),
                1,
            )
            .with_out_dir(dir.path().to_path_buf());
            for line in ["/trivia stats", ":locale ko", "/trivia stats"] {
                console.line(line).expect("line");
            }
        }
        let out = String::from_utf8(out).expect("utf-8");
        let first = std::fs::read(dir.path().join("standings.png")).expect("first card");
        let second = std::fs::read(dir.path().join("standings-2.png")).expect("second card");
        assert_ne!(first, second, "the English card, then the Korean one");
        assert!(out.contains("standings-2.png"), "{out}");
    }

    #[test]
    fn options_run_up_to_the_next_name() {
        assert_eq!(
            parse_options("name:Ju Ji-hoon rounds:3").expect("parses"),
            vec![
                ("name".to_string(), Value::String("Ju Ji-hoon".into())),
                ("rounds".to_string(), Value::String("3".into()))
            ]
        );
        assert_eq!(
            parse_options("topic:a time: 10:30").expect("parses"),
            vec![
                ("topic".to_string(), Value::String("a".into())),
                ("time".to_string(), Value::String("10:30".into()))
            ]
        );
        assert!(parse_options("stray words topic:x").is_err());
        assert!(parse_options("stray").is_err());
        assert_eq!(parse_options("  ").expect("empty"), vec![]);
    }

    #[test]
    fn subcommands_are_read_before_options() {
        let Action::Command {
            name,
            subcommand,
            options,
        } = parse_command("settings spoilers episode:3")
            .expect("parses")
            .0
        else {
            panic!("a command");
        };
        assert_eq!(
            (name.as_str(), subcommand.as_deref()),
            ("settings", Some("spoilers"))
        );
        assert_eq!(options.len(), 1);
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("90s").map(|s| s.get_seconds()), Some(90));
        assert_eq!(parse_duration("3d").map(|s| s.get_seconds()), Some(259_200));
        assert!(parse_duration("3w").is_none());
        assert!(parse_duration("-1h").is_none());
        assert!(parse_duration("").is_none());
    }

    #[test]
    fn a_text_session_answers_commands_and_session_lines() {
        let (out, _) = session(
            &[
                "/about",
                "/facts topic:ju ji-hoon",
                "/settings show",
                ":mod on",
                "/settings spoilers episode:8",
                "/facts topic:twist",
                ":advance 25h",
                ":now",
                ":bogus",
                "hello",
                "/nope",
                ":quit",
                "/about",
            ],
            false,
        );
        assert!(
            out.contains("┃ Sample Drama (샘플)") || out.contains("▸ Sample Drama (샘플)"),
            "{out}"
        );
        assert!(out.contains("Both are 188 cm tall."), "{out}");
        assert!(out.contains("Only members with the **Manage Server** permission can do that."));
        assert!(out.contains("fan now has Manage Server."));
        assert!(out.contains("  ┃   The finale reveals a twist."), "{out}");
        assert!(
            out.contains("It is now 2026-11-23T13:00:00Z (UTC)."),
            "{out}"
        );
        assert!(out.contains("I don't know the session line “:bogus”."));
        assert!(out.contains("I don't know `/nope`."));
        assert_eq!(
            out.matches("dramabot 0.").count(),
            1,
            ":quit ends the session"
        );
    }

    #[test]
    fn help_lists_every_command_of_the_table_and_locale_switches_to_korean() {
        let (out, _) = session(
            &[":help", ":locale ko", ":help", "/about", ":locale en"],
            false,
        );
        for command in commands::COMMANDS {
            if command.has_subcommands() {
                for sub in command.options {
                    let line = format!("/{} {}", command.name, sub.name);
                    assert!(out.contains(&line), "{line} missing from:\n{out}");
                }
            } else {
                assert!(out.contains(&format!("/{}", command.name)), "{out}");
            }
        }
        assert!(
            out.contains("/cast") && out.contains("/trivia start"),
            "{out}"
        );
        assert!(out.contains("  :locale ko|en"), "{out}");
        // After :locale ko, the help and the bot's answers are Korean.
        assert!(out.contains("명령은 Discord에서처럼"), "{out}");
        assert!(out.contains("드라마 팬 서버를 위한"), "{out}");
        assert!(out.contains("Answers are in English now."), "{out}");
    }

    #[test]
    fn a_form_is_shown_and_filled_on_one_line_or_line_by_line() {
        let (out, _) = session(
            &[
                "/submit fact",
                ":fill nope=1 | text=Filming took a year.",
                ":fill text=Filming took a year.\\nIn Seoul. | source=",
                ":fill text=Filming took a year.\\nIn Seoul. | source=https://example.com/a",
                "/submit mine",
                "/submit fact",
                ":cancel",
                ":fill text=x",
            ],
            false,
        );
        assert!(out.contains("  ╔ Submit a fact · Sample Drama"), "{out}");
        assert!(
            out.contains("  ║ text — The fact, in your own words (required, several lines, ≤1000)"),
            "{out}"
        );
        assert!(
            out.contains("The form has no field “nope”. Its fields: text, source."),
            "{out}"
        );
        assert!(out.contains("“Source” must be filled in."), "{out}");
        assert!(out.contains("Thank you! Your fact is #1"), "{out}");
        assert!(out.contains("┃ > Filming took a year. In Seoul."), "{out}");
        assert!(
            out.contains("The form is closed; nothing was sent."),
            "{out}"
        );
        assert!(
            out.contains("No form is open: run a command that opens one first."),
            "{out}"
        );
    }

    #[test]
    fn a_one_line_fill_keeps_a_source_with_bars_whole() {
        let modal = Modal {
            custom_id: "x".into(),
            title: "Form".into(),
            inputs: vec![
                crate::reply::TextInput::new("text", "Text", InputStyle::Paragraph),
                crate::reply::TextInput::new("source", "Source", InputStyle::Short),
            ],
        };
        assert_eq!(
            fill_fields(&modal, "text=a\\nb | source=Outlet | A title | 2025-01-29"),
            vec![
                ("text".to_string(), "a\nb".to_string()),
                (
                    "source".to_string(),
                    "Outlet | A title | 2025-01-29".to_string()
                )
            ]
        );
        assert_eq!(
            fill_fields(&modal, "nope=1 | text=x")[0],
            ("nope".to_string(), "1".to_string())
        );
    }

    #[test]
    fn a_form_filled_line_by_line_keeps_its_lines() {
        let (out, _) = session(
            &[
                "/submit quote speaker:baek",
                ":fill",
                "text: The golden hour",
                "waits for no one!",
                "context: To a colleague",
                "source: https://example.com/b",
                "",
                "/submit mine",
            ],
            false,
        );
        assert!(out.contains("Thank you! Your quote is #1"), "{out}");
        assert!(
            out.contains("┃ > The golden hour waits for no one!"),
            "{out}"
        );
    }

    #[test]
    fn json_mode_prints_a_form_and_its_answer_as_callbacks() {
        let (out, _) = session(
            &[
                "/submit fact",
                ":fill text=@everyone filming took a year. | source=https://example.com/a",
            ],
            true,
        );
        let records: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1]["body"]["type"], 9);
        assert_eq!(
            records[1]["body"]["data"]["components"][0]["components"][0]["type"],
            4
        );
        assert_eq!(records[2]["body"]["type"], 4);
        assert_eq!(
            records[2]["body"]["data"]["allowed_mentions"]["parse"],
            json!([])
        );
    }

    #[test]
    fn json_mode_prints_only_requests() {
        let (out, notices) = session(&["/about", ":now", "/facts topic:twist"], true);
        let records: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0]["method"], "PUT");
        assert_eq!(records[1]["method"], "POST");
        assert_eq!(records[1]["at"], "2026-11-22T12:00:00Z");
        assert!(
            records[1]["path"].as_str().is_some_and(
                |p| p.starts_with("/api/v10/interactions/") && p.ends_with("/callback")
            )
        );
        assert_eq!(records[1]["body"]["type"], 4);
        assert!(notices.contains("It is 2026-11-22T12:00:00Z (UTC)."));
    }
}

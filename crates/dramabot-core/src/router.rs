//! The router: one door into the core for every edge (gateway, HTTP interactions, console).
//!
//! An edge turns what it received into an [`Invocation`] (who, where, when, which command or button)
//! and gets back a [`Response`]. The router finds the command in the table, checks the member's
//! permission and every option against the table (type, range, length, choices), parses the options
//! once into the handler's typed arguments ([`crate::args`]), runs the handler, and turns any error
//! into a short private answer while the detail goes to the log.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError};

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::RngCore;

use crate::args::Options;
use crate::cast::CastIndex;
use crate::commands::{self, CommandSpec, OptionKind, OptionSpec};
use crate::error::{Error, Result};
use crate::fact_index::{FactIndex, ScopedFacts};
use crate::i18n::{self, Arg, Locale, Msg, msg};
use crate::ids::{ChannelId, GuildId, MessageId, RoleId, UserId, log_guild};
use crate::model::{GuildSettings, PackSummary, QuoteRecord, Scope};
use crate::reply::{ChannelMessage, Choice, Reply, Response, RoleChange, RoleCheck};
use crate::server_cache::{Lists, ServerCache};
use crate::store::{ChangeCounter, Store};
use crate::text::clip;

/// The shared state every handler reaches: the store, behind a lock that is never held across an
/// `.await` (handlers are synchronous); read-only connections to the same file, so that reads run
/// side by side instead of waiting for the one writer; and what never changes after the import
/// (the cast index, the packs' summaries), built once from the store.
pub struct App {
    /// Read-only connections to the writer's file (WAL: a read never waits for a write, and sees
    /// every transaction committed before it began). None for an in-memory store, whose reads go
    /// to the writer. Declared before the writer so that they close first: the last connection
    /// to close checkpoints the WAL into the file, and only the writer can.
    readers: Vec<Mutex<Store>>,
    store: Mutex<Store>,
    /// Where [`App::reader`] starts looking for a free reader, so that they take turns.
    next_reader: AtomicUsize,
    cast: CastIndex,
    /// The file packs' facts, folded once: a server's bank is read beside them at each answer.
    facts: FactIndex,
    /// The file packs as imported; a server's bank is not among them, so nothing at run time
    /// changes them (a new import is read at the next start, as the cast is).
    packs: Vec<PackSummary>,
    /// The `/about` card in each locale ([`Locale::ALL`]'s order), made from `packs` at its first
    /// use: nothing in it changes while the app runs, and formatting it took more instructions
    /// than the rest of answering the interaction.
    about: [OnceLock<Reply>; 2],
    /// Servers' quotes of the day once read, by server and local date ([`App::day_quote`]).
    day_quotes: Mutex<HashMap<(GuildId, Date), Arc<QuoteRecord>>>,
    /// What each interaction reads about its server, kept while the database does not change.
    servers: ServerCache,
    qotd_grace: SignedDuration,
    /// How long members have to join a team before a teams game's first question.
    join_window: SignedDuration,
    /// A scheduler runs to send timed messages (daily posts, trivia questions).
    timed_messages: bool,
    /// The store is on PostgreSQL, whose client blocks its thread on the network (and may not run
    /// on an async runtime's thread at all): no command is quick then ([`is_quick`]).
    blocking_store: bool,
}

impl App {
    /// An app over an opened, imported store.
    pub fn new(store: Store) -> App {
        // The packs are imported before the app exists, so the index is built once, here.
        let cast = CastIndex::from_store(&store).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot index the cast; /cast will find nobody");
            CastIndex::build(&[])
        });
        let facts = FactIndex::from_store(&store).unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot index the facts; /facts will find none of the packs'");
            FactIndex::default()
        });
        let packs = store.pack_summaries().unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot summarise the packs; /about will list none");
            Vec::new()
        });
        let servers = server_cache(&store);
        App {
            blocking_store: store.is_postgres(),
            readers: open_readers(&store),
            next_reader: AtomicUsize::new(0),
            store: Mutex::new(store),
            cast,
            facts,
            packs,
            about: [OnceLock::new(), OnceLock::new()],
            day_quotes: Mutex::new(HashMap::new()),
            servers,
            qotd_grace: crate::quotes::schedule::DEFAULT_GRACE,
            join_window: crate::trivia::modes::JOIN_WINDOW,
            timed_messages: true,
        }
    }

    /// Every person and character, indexed by all their names.
    pub fn cast(&self) -> &CastIndex {
        &self.cast
    }

    /// The file packs' facts, indexed when the app was built ([`FactIndex::in_scope`] adds a
    /// server's bank).
    pub fn facts(&self) -> &FactIndex {
        &self.facts
    }

    /// Every loaded file pack with its counts and sources, as [`Store::pack_summaries`] gave them
    /// when the app was built.
    pub fn packs(&self) -> &[PackSummary] {
        &self.packs
    }

    /// The `/about` reply in `locale`, made by `make` the first time it is asked for in that
    /// locale and kept: it depends only on [`App::packs`], which never change while the app runs.
    pub fn about(&self, locale: Locale, make: impl FnOnce() -> Reply) -> Reply {
        let slot = match locale {
            Locale::English => &self.about[0],
            Locale::Korean => &self.about[1],
        };
        slot.get_or_init(make).clone()
    }

    /// The quote of the day of `guild` on `date` if this app read it before, else the one `read`
    /// gives (kept when there is one). Safe to keep, whatever other processes do: a server's
    /// quote of a date is recorded once and never changed or removed (`quote_of_day` is only
    /// inserted into, and a race is settled by the insert), and a quote read by its key, retired
    /// or not, changes only with an import of its pack, which a running app reads at its next
    /// start (as the cast and the facts). Emptied when it holds [`DAY_QUOTES_KEPT`].
    pub fn day_quote(
        &self,
        guild: GuildId,
        date: Date,
        read: impl FnOnce() -> Result<Option<QuoteRecord>>,
    ) -> Result<Option<Arc<QuoteRecord>>> {
        let kept = || self.day_quotes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(quote) = kept().get(&(guild, date)) {
            return Ok(Some(quote.clone()));
        }
        let Some(quote) = read()? else {
            return Ok(None);
        };
        let quote = Arc::new(quote);
        let mut kept = kept();
        if kept.len() >= DAY_QUOTES_KEPT {
            kept.clear();
        }
        kept.insert((guild, date), quote.clone());
        Ok(Some(quote))
    }

    /// How late a daily post may still go out after downtime (on the same local day).
    pub fn with_qotd_grace(mut self, grace: SignedDuration) -> App {
        self.qotd_grace = grace;
        self
    }

    /// How late a daily post may still go out after downtime.
    pub fn qotd_grace(&self) -> SignedDuration {
        self.qotd_grace
    }

    /// How long members have to join a team before a teams game's first question (the config's
    /// `trivia.join_seconds`; [`crate::trivia::modes::JOIN_WINDOW`] by default).
    pub fn with_join_window(mut self, window: SignedDuration) -> App {
        self.join_window = window;
        self
    }

    /// See [`App::with_join_window`].
    pub fn join_window(&self) -> SignedDuration {
        self.join_window
    }

    /// No scheduler will send timed messages (HTTP interactions without a bot token): commands
    /// that need one (a trivia game, turning the daily post on) say so instead of doing nothing.
    pub fn without_timed_messages(mut self) -> App {
        self.timed_messages = false;
        self
    }

    /// Whether the store blocks its thread on the network (PostgreSQL): an async edge then calls
    /// it only from a thread that may block.
    pub fn store_blocks(&self) -> bool {
        self.blocking_store
    }

    /// Fails with a plain reason when no scheduler runs to send timed messages.
    pub fn needs_timed_messages(&self, korean: bool) -> Result<()> {
        if self.timed_messages {
            return Ok(());
        }
        Err(Error::BadInput(i18n::text(
            Locale::from_korean(korean),
            msg::ROUTER_NO_TIMED_MESSAGES,
        )))
    }

    /// The store. A handler that panicked while holding it cannot have left a transaction open
    /// (the store's transaction rolls back on drop), so a poisoned lock is still safe to use.
    pub fn store(&self) -> StoreGuard<'_> {
        StoreGuard::new(
            self.store.lock().unwrap_or_else(|e| e.into_inner()),
            &self.servers,
        )
    }

    /// A store for reads only: a free read-only connection when the store is a file (waiting for
    /// one only when every reader is busy), else the writer. A handler that reads something and
    /// then writes what depends on it does both through [`App::store`] instead: a reader sees what
    /// was committed when its statement began, not what the writer is about to change.
    pub fn reader(&self) -> StoreGuard<'_> {
        let count = self.readers.len();
        if count == 0 {
            return self.store();
        }
        let first = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let free = (0..count).find_map(|i| match self.readers[(first + i) % count].try_lock() {
            Ok(reader) => Some(reader),
            // As for the writer: no transaction is left open behind a panic.
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        });
        let reader = free.unwrap_or_else(|| {
            self.readers[first % count]
                .lock()
                .unwrap_or_else(|e| e.into_inner())
        });
        StoreGuard::new(reader, &self.servers)
    }

    /// The locale `guild` fixed with `/settings language`, if it fixed one.
    pub fn guild_language(&self, guild: GuildId) -> Result<Option<Locale>> {
        self.servers
            .language(guild, || self.reader().guild_language(guild))
    }

    /// `guild`'s settings, `None` if it never changed any ([`Store::guild_settings`]).
    pub fn guild_settings(&self, guild: GuildId) -> Result<Option<GuildSettings>> {
        self.servers
            .settings(guild, || self.reader().guild_settings(guild))
    }

    /// The IANA name of `guild`'s time zone, if it set one ([`Store::server_zone`]).
    pub fn server_zone(&self, guild: GuildId) -> Result<Option<String>> {
        self.servers
            .zone(guild, || self.reader().server_zone(guild))
    }

    /// The lists `guild` plays (`None`: a direct message), [`Store::lists_in_scope`].
    pub fn lists_in_scope(&self, guild: Option<GuildId>) -> Result<Lists> {
        self.servers
            .lists(guild, || self.reader().lists_in_scope(guild))
    }

    /// The facts in `scope` ([`FactIndex::in_scope`]): the lists its server plays as kept, then a
    /// reader for its bank. In that order: in memory the reader is the writer, which a miss of the
    /// lists takes as well.
    pub fn facts_in_scope(&self, scope: Scope<'_>) -> Result<ScopedFacts<'_>> {
        let lists = self.lists_in_scope(scope.guild)?;
        self.facts.in_scope(&self.reader(), &lists, scope)
    }

    /// The facts in `scope` about the subject `key` ([`FactIndex::about`]), read as
    /// [`App::facts_in_scope`] reads them.
    pub fn facts_about(&self, scope: Scope<'_>, key: &str) -> Result<ScopedFacts<'_>> {
        let lists = self.lists_in_scope(scope.guild)?;
        self.facts.about(&self.reader(), &lists, scope, key)
    }
}

/// The most quotes of the day [`App::day_quote`] keeps (a few a server: today's in each zone).
const DAY_QUOTES_KEPT: usize = 4096;

/// The server cache for `store`'s database: kept under the counter beside a SQLite file, or in
/// memory for an in-memory store; nothing kept on PostgreSQL. Moved once at the start, so that what
/// other processes kept is read again even if a process died between a commit and its bump.
fn server_cache(store: &Store) -> ServerCache {
    if store.is_postgres() {
        return ServerCache::off();
    }
    let Some(path) = store.path() else {
        return ServerCache::new(ChangeCounter::local());
    };
    match ChangeCounter::beside(std::path::Path::new(path)) {
        Ok(changes) => {
            let servers = ServerCache::new(changes);
            servers.changed();
            servers
        }
        Err(e) => {
            // Nothing is kept here then; but the changes this process makes are not announced to
            // the others on the file either, which keep what they read until another moves it.
            tracing::error!(error = %e, "cannot open the database's change counter (<database>-changes); \
                 server settings are read at each use here, and other processes on this file do not see this one's changes to them at once");
            ServerCache::off()
        }
    }
}

/// A connection of the app's store, lent to one handler (a [`MutexGuard`] for the writer or a
/// reader). Given back having changed rows, it says so to the server cache, after the change was
/// committed: a handler's transaction has ended by then (it rolls back when dropped).
pub struct StoreGuard<'a> {
    store: MutexGuard<'a, Store>,
    changes_at: u64,
    servers: &'a ServerCache,
}

impl<'a> StoreGuard<'a> {
    fn new(store: MutexGuard<'a, Store>, servers: &'a ServerCache) -> StoreGuard<'a> {
        StoreGuard {
            changes_at: store.total_changes(),
            store,
            servers,
        }
    }
}

impl std::ops::Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl std::ops::DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        if self.store.total_changes() != self.changes_at {
            self.servers.changed();
        }
    }
}

/// Read-only connections to `store`'s database (on a SQLite file, or further connections of the
/// PostgreSQL pool), one per core (at least two, at most eight): as many reads as can run at once.
/// None for an in-memory store, or when they cannot be opened (the writer then serves every read,
/// as it can).
fn open_readers(store: &Store) -> Vec<Mutex<Store>> {
    let count = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .clamp(2, 8);
    (0..count)
        .map_while(|_| store.open_another_reader().transpose())
        .map(|reader| reader.map(Mutex::new))
        .collect::<Result<Vec<_>>>()
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "cannot open read-only connections; reads share the writer");
            Vec::new()
        })
}

/// The largest attachment an edge fetches for a command, in bytes: it refuses a larger one by its
/// declared size before downloading, and stops reading one that turns out larger.
pub const ATTACHMENT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// An option's value as the member gave it.
#[derive(Clone, PartialEq)]
pub enum Value {
    /// Text; also what the console gives for every option before the router types it.
    String(String),
    Integer(i64),
    Boolean(bool),
    Channel(ChannelId),
    User(UserId),
    Role(RoleId),
    /// A file the member attached, already fetched by the edge (the core never fetches).
    Attachment {
        filename: String,
        bytes: Vec<u8>,
    },
}

// By hand, so that logging an invocation prints a file's name and size, never its bytes.
impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::String(s) => f.debug_tuple("String").field(s).finish(),
            Value::Integer(i) => f.debug_tuple("Integer").field(i).finish(),
            Value::Boolean(b) => f.debug_tuple("Boolean").field(b).finish(),
            Value::Channel(c) => f.debug_tuple("Channel").field(c).finish(),
            Value::User(u) => f.debug_tuple("User").field(u).finish(),
            Value::Role(r) => f.debug_tuple("Role").field(r).finish(),
            Value::Attachment { filename, bytes } => f
                .debug_struct("Attachment")
                .field("filename", filename)
                .field("bytes", &bytes.len())
                .finish(),
        }
    }
}

/// One interaction, as every edge describes it.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The interaction's id (Discord's; the console counts its own), so that the log lines of
    /// one interaction can be told from those of another.
    pub id: u64,
    pub guild: Option<GuildId>,
    pub channel: ChannelId,
    pub user: UserId,
    pub user_name: String,
    /// The member's Discord locale, such as `en-US` or `ko`.
    pub locale: String,
    /// The member has Manage Server in this channel.
    pub is_moderator: bool,
    /// The member's roles in this server (none in direct messages): a server may let a role
    /// review submissions without Manage Server.
    pub roles: Vec<RoleId>,
    pub now: Timestamp,
    pub action: Action,
}

/// What the member did.
#[derive(Debug, Clone)]
pub enum Action {
    /// Ran a slash command.
    Command {
        name: String,
        subcommand: Option<String>,
        options: Vec<(String, Value)>,
    },
    /// Is typing into an option that suggests values.
    Autocomplete {
        name: String,
        subcommand: Option<String>,
        focused: String,
        typed: String,
        options: Vec<(String, Value)>,
    },
    /// Pressed a button.
    Button {
        custom_id: String,
        message: MessageId,
    },
    /// Submitted a modal: its custom id, and each text input's custom id with what was typed.
    ModalSubmit {
        custom_id: String,
        fields: Vec<(String, String)>,
    },
}

/// Something a handler asks an edge to do besides answering: the core never reaches a runtime or
/// Discord itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Timed work changed in the store (a daily post was set up or moved, a game started, everyone
    /// answered a question): the scheduler should look at its queue again now.
    WakeScheduler,
    /// Send (or edit) a channel message besides the answer, such as closing the buttons of a
    /// stopped game's question.
    Send(ChannelMessage),
    /// Give, take or check a member's role (a season's reward role); the edge reports how it went
    /// with [`crate::seasons::role_changed`].
    Role(RoleChange),
    /// Check a reward role a moderator just set and tell them what the check found, privately, as
    /// a follow-up to their command; the edge reports with [`crate::seasons::role_checked`].
    CheckRole(RoleCheck),
}

/// What the router returns to an edge: the answer to send, and the effects to apply after it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub response: Response,
    pub effects: Vec<Effect>,
}

/// What a handler sees: the app, the invocation (who, where, `now`), the randomness to use, and the
/// effects it asks for. Options are not here: a handler gets them as its typed arguments
/// ([`crate::args`]), parsed once from the checked options.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub inv: &'a Invocation,
    pub rng: &'a mut dyn RngCore,
    effects: Vec<Effect>,
    /// The reader's locale, read when the context is made: before a handler takes the store,
    /// since an in-memory store's reader is the writer itself (a read under the handler's own
    /// lock would wait for ever).
    locale: Locale,
}

impl<'a> Ctx<'a> {
    /// A handler's view of one invocation, with no effects asked for yet and its locale read.
    pub fn new(app: &'a App, inv: &'a Invocation, rng: &'a mut dyn RngCore) -> Ctx<'a> {
        Ctx {
            app,
            inv,
            rng,
            effects: Vec::new(),
            locale: locale(app, inv),
        }
    }

    /// Asks the edge to apply `effect` once the answer is sent (each effect at most once).
    pub fn request(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    /// The server's settings (defaults where it never changed any, and in direct messages), read
    /// from a reader: for a handler that only reads them.
    pub fn settings(&self) -> Result<GuildSettings> {
        Ok(match self.inv.guild {
            Some(guild) => self.app.guild_settings(guild)?.unwrap_or_default(),
            None => GuildSettings::default(),
        })
    }

    /// The server's settings as [`Ctx::settings`], read from the writer: for a handler that changes
    /// them and saves them back.
    pub fn settings_to_change(&self) -> Result<GuildSettings> {
        Ok(match self.inv.guild {
            Some(guild) => self.app.store().guild_settings(guild)?.unwrap_or_default(),
            None => GuildSettings::default(),
        })
    }

    /// The server the command was used in, or, in a direct message, the answer that it only works
    /// in one: `why` says what belongs to a server ("Trivia is played in a server").
    pub fn guild(&self, why: &str) -> Result<GuildId> {
        self.inv
            .guild
            .ok_or_else(|| Error::BadInput(format!("{why}: use this command in one.")))
    }

    /// The server the command was used in, or, in a direct message, the answer `why` (a message
    /// saying what belongs to a server, in the reader's locale).
    pub fn guild_for(&self, why: Msg) -> Result<GuildId> {
        self.inv
            .guild
            .ok_or_else(|| Error::BadInput(self.text(why)))
    }

    /// The locale the answer is written in: the server's fixed language, else the member's Discord
    /// locale (see [`locale`]).
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The reader's locale is Korean.
    pub fn korean(&self) -> bool {
        self.locale().is_korean()
    }

    /// The message `id` in the reader's locale ([`i18n::tr`]).
    pub fn tr(&self, id: Msg, args: &[(&str, Arg<'_>)]) -> String {
        i18n::tr(self.locale(), id, args)
    }

    /// [`Ctx::tr`] of a message without placeholders.
    pub fn text(&self, id: Msg) -> String {
        i18n::text(self.locale(), id)
    }
}

/// Handles one interaction. Never fails: errors become answers, and even a bug that panics gets the
/// member an answer (an interaction left unanswered looks broken in Discord).
pub fn handle(app: &App, inv: &Invocation, rng: &mut dyn RngCore) -> Outcome {
    route(app, inv, rng).0
}

/// Whether `inv` runs a command the table marks quick ([`crate::args::quick`]): answered from
/// memory and a few indexed reads, so that an edge may run it where it is rather than on a thread
/// that may block. Anything else (a button, a modal, autocomplete, an unknown command) is not, and
/// nothing is when `app`'s store is on PostgreSQL: its reads wait on the network, and its sync
/// client must never run on an async runtime's thread.
pub fn is_quick(app: &App, inv: &Invocation) -> bool {
    if app.store_blocks() {
        return false;
    }
    let Action::Command {
        name, subcommand, ..
    } = &inv.action
    else {
        return false;
    };
    let Some(spec) = commands::find(name) else {
        return false;
    };
    let run = match subcommand {
        Some(sub) => spec.subcommand(sub).and_then(|s| s.run),
        None => spec.run,
    };
    run.is_some_and(|run| run.quick())
}

/// [`handle`], also telling whether a handler panicked: tests fail on that, where a member would
/// only see the internal-error answer.
fn route(app: &App, inv: &Invocation, rng: &mut dyn RngCore) -> (Outcome, bool) {
    // Every line a handler logs carries the interaction's id, command, server and member.
    let span = interaction_span(inv);
    let _entered = span.enter();
    let mut effects = Vec::new();
    let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        dispatch(app, inv, rng, &mut effects)
    }));
    let panicked = handled.is_err();
    let response = handled.unwrap_or_else(|_| {
        tracing::error!(action = ?inv.action, "a handler panicked");
        match inv.action {
            Action::Autocomplete { .. } => Response::Autocomplete(Vec::new()),
            _ => Response::Message(Reply::private(crate::error::internal_error(locale(
                app, inv,
            )))),
        }
    });
    (Outcome { response, effects }, panicked)
}

/// The span of one interaction: its id, what was used (`/trivia start`, a button's custom id, or
/// the option being autocompleted), the server ([`log_guild`]) and the member. What was used is
/// written only if the span is enabled (at `info` or finer), straight into the subscriber's
/// buffer: it used to be formatted into a string for every interaction, even at `warn`.
fn interaction_span(inv: &Invocation) -> tracing::Span {
    let kind = match &inv.action {
        Action::Command { .. } => "command",
        Action::Autocomplete { .. } => "autocomplete",
        Action::Button { .. } => "button",
        Action::ModalSubmit { .. } => "modal",
    };
    tracing::info_span!(
        "interaction",
        id = inv.id,
        kind,
        command = %Used(&inv.action),
        guild = log_guild(inv.guild),
        user = inv.user.0
    )
}

/// What an action used, as an interaction's span shows it (see [`interaction_span`]).
struct Used<'a>(&'a Action);

impl std::fmt::Display for Used<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = |f: &mut std::fmt::Formatter<'_>, name: &str, subcommand: &Option<String>| {
            match subcommand {
                Some(sub) => write!(f, "/{} {}", clip(name, 32), clip(sub, 32)),
                None => write!(f, "/{}", clip(name, 32)),
            }
        };
        match self.0 {
            Action::Command {
                name, subcommand, ..
            } => path(f, name, subcommand),
            Action::Autocomplete {
                name,
                subcommand,
                focused,
                ..
            } => {
                path(f, name, subcommand)?;
                write!(f, " {}", clip(focused, 32))
            }
            Action::Button { custom_id, .. } | Action::ModalSubmit { custom_id, .. } => {
                f.write_str(&clip(custom_id, 100))
            }
        }
    }
}

fn dispatch(
    app: &App,
    inv: &Invocation,
    rng: &mut dyn RngCore,
    effects: &mut Vec<Effect>,
) -> Response {
    match &inv.action {
        Action::Command {
            name,
            subcommand,
            options,
        } => {
            let mut ctx = Ctx::new(app, inv, rng);
            let locale = ctx.locale();
            let result = prepare(locale, inv, name, subcommand.as_deref(), options).and_then(
                |(spec, options)| {
                    let options = Options::new(spec.options, &options);
                    (spec.run.ok_or_else(|| unknown_command(locale, name)))
                        .and_then(|run| run.run(&mut ctx, &options))
                },
            );
            effects.append(&mut ctx.effects);
            match result {
                Ok(response) => response,
                Err(e) => Response::Message(answer(Err(e), locale)),
            }
        }
        Action::Autocomplete {
            name,
            subcommand,
            focused,
            typed,
            // Suggestions depend only on what is typed into the focused option.
            options: _,
        } => {
            let choices = complete(app, inv, rng, name, subcommand.as_deref(), focused, typed)
                .unwrap_or_else(|e| {
                    tracing::warn!(command = %name, error = %e, "autocomplete failed");
                    Vec::new()
                });
            Response::Autocomplete(choices)
        }
        Action::Button { custom_id, .. } => {
            tracing::info!("button");
            if let Some((prefix, press)) = commands::BUTTONS
                .iter()
                .chain(TEST_BUTTONS)
                .find(|(prefix, _)| custom_id.starts_with(prefix))
            {
                let mut ctx = Ctx::new(app, inv, rng);
                let pressed = press(&mut ctx, &custom_id[prefix.len()..]);
                effects.append(&mut ctx.effects);
                return match pressed {
                    Ok(response) => response,
                    Err(e) => Response::Message(answer(Err(e), ctx.locale())),
                };
            }
            Response::Message(Reply::private(i18n::text(
                locale(app, inv),
                msg::ROUTER_OLD_BUTTON,
            )))
        }
        Action::ModalSubmit { custom_id, fields } => {
            tracing::info!("modal submitted");
            if let Some((prefix, submit)) = commands::MODALS
                .iter()
                .find(|(prefix, _)| custom_id.starts_with(prefix))
            {
                let mut ctx = Ctx::new(app, inv, rng);
                let submitted = submit(&mut ctx, &custom_id[prefix.len()..], fields);
                effects.append(&mut ctx.effects);
                return match submitted {
                    Ok(response) => response,
                    Err(e) => Response::Message(answer(Err(e), ctx.locale())),
                };
            }
            Response::Message(Reply::private(i18n::text(
                locale(app, inv),
                msg::ROUTER_OLD_FORM,
            )))
        }
    }
}

/// The text typed into the modal input `name`, if the submission has it.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_str())
}

/// Buttons only tests press (none outside them): handlers that break, to prove the tests notice.
#[cfg(not(test))]
const TEST_BUTTONS: &[(&str, commands::PressFn)] = &[];
#[cfg(test)]
const TEST_BUTTONS: &[(&str, commands::PressFn)] = tests::BREAKING_BUTTONS;

/// The locale an answer to `inv` is written in: the server's `/settings language` where it fixed
/// one, else the member's Discord locale (also when the setting cannot be read; the log says why).
pub fn locale(app: &App, inv: &Invocation) -> Locale {
    locale_of(app, inv.guild, &inv.locale)
}

/// [`locale`] from the invocation's server and Discord locale tag alone: for an edge that answers
/// after the invocation was handed to the router.
pub fn locale_of(app: &App, guild: Option<GuildId>, discord: &str) -> Locale {
    let fixed = guild.map(|guild| app.guild_language(guild));
    match fixed {
        Some(Ok(Some(locale))) => locale,
        Some(Err(e)) => {
            tracing::warn!(error = %e, "cannot read the server's language");
            Locale::from_discord(discord)
        }
        Some(Ok(None)) | None => Locale::from_discord(discord),
    }
}

/// Turns a handler's result into what the member sees; errors are logged in full.
fn answer(result: Result<Reply>, locale: Locale) -> Reply {
    match result {
        Ok(reply) => reply,
        Err(e) => {
            match &e {
                Error::BadInput(_) | Error::NotModerator => tracing::info!(error = %e, "refused"),
                _ => tracing::error!(error = %e, "command failed"),
            }
            Reply::private(e.user_message_in(locale))
        }
    }
}

/// Where a command's options are declared, and what runs it.
struct Target {
    options: &'static [OptionSpec],
    run: Option<commands::RunFn>,
    display: String,
}

fn target(
    locale: Locale,
    name: &str,
    subcommand: Option<&str>,
) -> Result<(&'static CommandSpec, Target)> {
    let spec = commands::find(name).ok_or_else(|| unknown_command(locale, name))?;
    if !spec.has_subcommands() {
        return Ok((
            spec,
            Target {
                options: spec.options,
                run: spec.run,
                display: format!("/{name}"),
            },
        ));
    }
    let names = || {
        spec.options
            .iter()
            .map(|o| o.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sub = subcommand.ok_or_else(|| {
        Error::BadInput(i18n::tr(
            locale,
            msg::ROUTER_NEEDS_SUBCOMMAND,
            &[("command", name.into()), ("subcommands", names().into())],
        ))
    })?;
    let sub_spec = spec.subcommand(sub).ok_or_else(|| {
        Error::BadInput(i18n::tr(
            locale,
            msg::ROUTER_NO_SUBCOMMAND,
            &[
                ("command", name.into()),
                ("subcommand", clip(sub, 32).into()),
                ("subcommands", names().into()),
            ],
        ))
    })?;
    Ok((
        spec,
        Target {
            options: sub_spec.options,
            run: sub_spec.run,
            display: format!("/{name} {sub}"),
        },
    ))
}

fn unknown_command(locale: Locale, name: &str) -> Error {
    let known: Vec<String> = commands::COMMANDS
        .iter()
        .map(|c| format!("/{}", c.name))
        .collect();
    Error::BadInput(i18n::tr(
        locale,
        msg::ROUTER_UNKNOWN_COMMAND,
        &[
            ("command", clip(name, 32).into()),
            ("commands", known.join(", ").into()),
        ],
    ))
}

/// Checks the member's permission and every option; returns the command and the typed options.
fn prepare(
    locale: Locale,
    inv: &Invocation,
    name: &str,
    subcommand: Option<&str>,
    options: &[(String, Value)],
) -> Result<(Target, Vec<(String, Value)>)> {
    let (spec, target) = target(locale, name, subcommand)?;
    if spec.moderator && !inv.is_moderator {
        return Err(Error::NotModerator);
    }
    let typed = check_options(locale, &target, options)?;
    Ok((target, typed))
}

fn check_options(
    locale: Locale,
    target: &Target,
    given: &[(String, Value)],
) -> Result<Vec<(String, Value)>> {
    let mut typed = Vec::new();
    for (name, value) in given {
        let spec = target
            .options
            .iter()
            .find(|o| o.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = target.options.iter().map(|o| o.name).collect();
                Error::BadInput(if known.is_empty() {
                    i18n::tr(
                        locale,
                        msg::ROUTER_NO_OPTIONS,
                        &[("command", target.display.as_str().into())],
                    )
                } else {
                    i18n::tr(
                        locale,
                        msg::ROUTER_NO_SUCH_OPTION,
                        &[
                            ("command", target.display.as_str().into()),
                            ("option", clip(name, 32).into()),
                            ("options", known.join(", ").into()),
                        ],
                    )
                })
            })?;
        if typed.iter().any(|(n, _)| n == name) {
            return Err(Error::BadInput(i18n::tr(
                locale,
                msg::ROUTER_OPTION_TWICE,
                &[("option", name.as_str().into())],
            )));
        }
        typed.push((name.clone(), check_value(locale, spec, value)?));
    }
    if let Some(missing) = target
        .options
        .iter()
        .find(|o| o.required && !typed.iter().any(|(n, _)| n == o.name))
    {
        let description = if locale.is_korean() {
            missing.description_ko.to_string()
        } else {
            missing.description.to_lowercase()
        };
        return Err(Error::BadInput(i18n::tr(
            locale,
            msg::ROUTER_OPTION_MISSING,
            &[
                ("command", target.display.as_str().into()),
                ("option", missing.name.into()),
                ("description", description.into()),
            ],
        )));
    }
    Ok(typed)
}

fn check_value(locale: Locale, spec: &OptionSpec, value: &Value) -> Result<Value> {
    let name = spec.name;
    let refuse = |id: Msg, args: &[(&str, Arg<'_>)]| {
        let mut all = vec![("option", Arg::from(name))];
        all.extend_from_slice(args);
        Error::BadInput(i18n::tr(locale, id, &all))
    };
    let value = match (spec.kind, value) {
        (OptionKind::Integer, Value::Integer(i)) => Value::Integer(*i),
        (OptionKind::Integer, Value::String(s)) => Value::Integer(
            s.trim()
                .parse()
                .map_err(|_| refuse(msg::ROUTER_NOT_A_NUMBER, &[("value", clip(s, 40).into())]))?,
        ),
        (OptionKind::String, Value::String(s)) => {
            let max = usize::from(spec.max_length.unwrap_or(6000));
            if s.chars().count() > max {
                return Err(refuse(msg::ROUTER_TOO_LONG, &[("max", max.into())]));
            }
            Value::String(s.clone())
        }
        (OptionKind::Boolean, Value::Boolean(b)) => Value::Boolean(*b),
        (OptionKind::Boolean, Value::String(s)) => match s.trim() {
            "true" | "yes" | "on" => Value::Boolean(true),
            "false" | "no" | "off" => Value::Boolean(false),
            _ => {
                return Err(refuse(msg::ROUTER_NOT_A_BOOLEAN, &[]));
            }
        },
        (OptionKind::Channel, Value::Channel(c)) => Value::Channel(*c),
        (OptionKind::User, Value::User(u)) => Value::User(*u),
        (OptionKind::Attachment, Value::Attachment { filename, bytes }) => {
            if bytes.len() > ATTACHMENT_MAX_BYTES {
                return Err(refuse(
                    msg::ROUTER_FILE_TOO_BIG,
                    &[
                        ("size", bytes.len().div_ceil(1024).into()),
                        ("max", (ATTACHMENT_MAX_BYTES / 1024).into()),
                    ],
                ));
            }
            Value::Attachment {
                filename: filename.clone(),
                bytes: bytes.clone(),
            }
        }
        (OptionKind::Role, Value::Role(r)) => Value::Role(*r),
        _ => {
            return Err(refuse(msg::ROUTER_WRONG_KIND, &[]));
        }
    };
    if let Value::Integer(i) = value {
        let (min, max) = (spec.min.unwrap_or(i64::MIN), spec.max.unwrap_or(i64::MAX));
        if !(min..=max).contains(&i) {
            return Err(refuse(
                msg::ROUTER_OUT_OF_RANGE,
                &[("min", min.into()), ("max", max.into())],
            ));
        }
    }
    if let (false, Value::String(s)) = (spec.choices.is_empty(), &value)
        && !spec.choices.iter().any(|c| c.value == s)
    {
        let values: Vec<&str> = spec.choices.iter().map(|c| c.value).collect();
        return Err(refuse(
            msg::ROUTER_NOT_A_CHOICE,
            &[("choices", values.join(", ").into())],
        ));
    }
    Ok(value)
}

fn complete(
    app: &App,
    inv: &Invocation,
    rng: &mut dyn RngCore,
    name: &str,
    subcommand: Option<&str>,
    focused: &str,
    typed: &str,
) -> Result<Vec<Choice>> {
    let (_, target) = target(Locale::English, name, subcommand)?;
    let Some(complete) = target
        .options
        .iter()
        .find(|o| o.name == focused)
        .and_then(|o| o.autocomplete)
    else {
        return Ok(Vec::new());
    };
    let mut ctx = Ctx::new(app, inv, rng);
    let mut choices = complete(&mut ctx, typed)?;
    choices.truncate(25);
    for choice in &mut choices {
        choice.name = clip(&choice.name, 100);
        choice.value = clip(&choice.value, 100);
    }
    Ok(choices)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::commands::{Entry, entries};
    use crate::store::tests::store_with_sample;
    use rand::SeedableRng;

    pub fn invocation(action: Action) -> Invocation {
        Invocation {
            id: 0,
            guild: Some(GuildId(1)),
            channel: ChannelId(2),
            user: UserId(3),
            user_name: "fan".into(),
            locale: "en-US".into(),
            is_moderator: false,
            roles: Vec::new(),
            now: Timestamp::UNIX_EPOCH,
            action,
        }
    }

    pub fn command(name: &str, sub: Option<&str>, options: &[(&str, &str)]) -> Invocation {
        invocation(Action::Command {
            name: name.into(),
            subcommand: sub.map(str::to_string),
            options: options
                .iter()
                .map(|(n, v)| (n.to_string(), Value::String(v.to_string())))
                .collect(),
        })
    }

    /// Runs `inv` through the router as an edge does, and fails the test, naming the interaction,
    /// when a handler panicked or the member got the internal-error answer. The router turns both
    /// into a private reply, so a test that checks only `ephemeral` would pass on a crash: every
    /// handler test goes through here (or [`run`]) instead of calling [`handle`].
    pub fn handle_checked(app: &App, inv: &Invocation, rng: &mut dyn RngCore) -> Outcome {
        let (outcome, panicked) = route(app, inv, rng);
        if panicked {
            panic!("a handler panicked on {:?}", inv.action);
        }
        if let Response::Message(reply) | Response::Update(reply) = &outcome.response
            && let Some(content) = reply.content.as_deref()
            && (content == crate::error::internal_error(Locale::English)
                || content == crate::error::internal_error(Locale::Korean))
        {
            panic!(
                "the internal-error reply (see the error logged above) on {:?}",
                inv.action
            );
        }
        outcome
    }

    /// [`handle_checked`] with a fixed seed, for a message or an update.
    pub fn run(app: &App, inv: &Invocation) -> Reply {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        match handle_checked(app, inv, &mut rng).response {
            Response::Message(reply) | Response::Update(reply) => reply,
            Response::Autocomplete(choices) => panic!("autocomplete answer: {choices:?}"),
            Response::Modal(modal) => panic!("modal answer: {modal:?}"),
        }
    }

    /// An app over the sample pack imported into a store file in `dir`, as the bot runs.
    fn app_on_file(dir: &std::path::Path) -> App {
        let path = dir.join("readers.db");
        let mut store = Store::open(path.to_str().expect("utf-8 path")).expect("store");
        store
            .import(
                &[crate::store::tests::sample_pack(
                    crate::store::tests::SAMPLE,
                )],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect("import");
        App::new(store)
    }

    #[test]
    fn an_app_on_a_file_reads_through_read_only_connections_and_in_memory_through_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app_on_file(dir.path());
        assert!(app.readers.len() >= 2, "{} readers", app.readers.len());
        // A reader refuses writes: it is not the writer.
        assert!(app.reader().set_meta("k", "v").is_err());
        app.store().set_meta("k", "v").expect("the writer writes");
        assert_eq!(app.reader().meta("k").expect("read"), Some("v".into()));
        // As many readers as there are can be held at once: each is its own connection.
        let held: Vec<_> = (0..app.readers.len()).map(|_| app.reader()).collect();
        assert!(held.iter().all(|r| r.meta("k").is_ok_and(|v| v.is_some())));
        drop(held);
        assert_eq!(app.packs().len(), 1);
        assert_eq!(app.packs()[0].id, "sample");
        // In memory there is one connection: reads go to the writer, and see its writes. On a
        // PostgreSQL test database the readers are further connections of its pool, read-only.
        let app = App::new(store_with_sample());
        let postgres = app.store().is_postgres();
        assert_eq!(app.readers.is_empty(), !postgres);
        if postgres {
            assert!(app.reader().set_meta("k", "v").is_err());
        }
        app.store().set_meta("k", "w").expect("write");
        assert_eq!(app.reader().meta("k").expect("read"), Some("w".into()));
    }

    #[test]
    fn what_one_process_changes_about_a_server_another_on_the_same_file_answers_with_next() {
        let dir = tempfile::tempdir().expect("tempdir");
        let here = app_on_file(dir.path());
        let path = dir.path().join("readers.db");
        let there = App::new(Store::open(path.to_str().expect("utf-8 path")).expect("store"));
        let moderator = |sub: &str, options: &[(&str, &str)]| {
            let mut inv = command("settings", Some(sub), options);
            inv.is_moderator = true;
            inv
        };
        // An answer in the server's language: the refusal of a command nobody knows.
        let unknown = command("nope", None, &[]);
        let title = |app: &App| run(app, &unknown).content.unwrap_or_default();
        let english = title(&here);
        assert!(english.starts_with("I don't know"), "{english}");
        // Read (and kept) here, then changed there: the next answer here is in the new language.
        for _ in 0..3 {
            assert_eq!(title(&here), english);
        }
        run(&there, &moderator("language", &[("language", "ko")]));
        let korean = title(&here);
        assert_ne!(
            korean, english,
            "answered in Korean after the other process fixed it"
        );
        assert_eq!(title(&there), korean);
        run(&there, &moderator("language", &[("language", "auto")]));
        assert_eq!(title(&here), english);

        // The same for the time zone a quote of the day is dated by, and the server's settings.
        assert_eq!(here.server_zone(GuildId(1)).expect("zone"), None);
        there
            .store()
            .set_server_zone(GuildId(1), "Asia/Seoul", Timestamp::UNIX_EPOCH)
            .expect("zone set");
        assert_eq!(
            here.server_zone(GuildId(1)).expect("zone").as_deref(),
            Some("Asia/Seoul")
        );
        assert_eq!(here.guild_settings(GuildId(1)).expect("settings"), None);
        run(&there, &moderator("spoilers", &[("episode", "3")]));
        let settings = here.guild_settings(GuildId(1)).expect("settings");
        assert_eq!(settings.and_then(|s| s.spoiler_episode), Some(3));
        // A read-only use of the writer moves nothing: what was kept stays kept.
        let lists = here.lists_in_scope(Some(GuildId(1))).expect("lists");
        drop(here.store().meta("k"));
        let again = here.lists_in_scope(Some(GuildId(1))).expect("lists");
        assert!(Arc::ptr_eq(&lists, &again), "kept, not read again");
        here.store().set_meta("k", "v").expect("write");
        let after = here.lists_in_scope(Some(GuildId(1))).expect("lists");
        assert!(!Arc::ptr_eq(&lists, &after), "read again after a write");
    }

    #[test]
    fn the_writer_closes_last_and_folds_the_wal_back_into_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app_on_file(dir.path());
        app.store().set_meta("k", "v").expect("write");
        assert_eq!(app.reader().meta("k").expect("read"), Some("v".into()));
        let wal = dir.path().join("readers.db-wal");
        assert!(wal.exists());
        drop(app);
        assert!(
            !wal.exists(),
            "the WAL is checkpointed and removed on close"
        );
    }

    #[test]
    fn reads_are_answered_while_another_thread_holds_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app_on_file(dir.path());
        let writer = app.store();
        let (done, answered) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let replies: Vec<Reply> = [
                    command("about", None, &[]),
                    command("facts", None, &[("topic", "Ju Ji-hoon")]),
                    command("cast", None, &[("name", "Ju Ji-hoon")]),
                    command("quote", Some("random"), &[]),
                ]
                .iter()
                .map(|inv| run(&app, inv))
                .collect();
                done.send(replies).expect("the test waits");
            });
            // Reads waiting for the writer would never come back while it is held here; the
            // deadline only turns that hang into a failure.
            let replies = answered
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("reads answered while the writer is held");
            assert!(replies.iter().all(|r| !r.embeds.is_empty()), "{replies:?}");
            drop(writer);
        });
    }

    #[test]
    fn a_bank_item_committed_by_the_writer_is_read_by_the_readers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let app = app_on_file(dir.path());
        let topic = command("facts", None, &[("topic", "helicopter")]);
        assert!(run(&app, &topic).embeds.is_empty(), "no such fact yet");
        let item = format!(
            "{}{}",
            r#"
[drama]
id = "sample"
title = "Sample Drama"
title_ko = "샘플"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "fan-source"
outlet = "Fan Wiki"
title = "Episode 3 recap"
date = "2025-03-01"
"#,
            r#"
[[fact]]
id = "helicopter"
about = ["sample"]
text = "The cast trained for the helicopter scenes for a month."
source = "fan-source"
"#
        );
        let pack = crate::pack::parse("submission.toml", item.as_bytes()).expect("parses");
        crate::content::approve_into_bank(
            &mut app.store(),
            GuildId(1),
            &pack,
            UserId(7),
            Timestamp::UNIX_EPOCH,
        )
        .expect("approved");
        // Every reader sees it, through the store and through a member's command.
        let held: Vec<_> = (0..app.readers.len()).map(|_| app.reader()).collect();
        for reader in &held {
            let facts = reader
                .facts(crate::model::Scope::new(
                    Some(GuildId(1)),
                    &GuildSettings::default(),
                ))
                .expect("facts");
            assert!(facts.iter().any(|f| f.text.contains("helicopter")));
        }
        drop(held);
        let reply = run(&app, &topic);
        assert!(
            reply.embeds[0]
                .fields
                .iter()
                .any(|f| f.value.contains("helicopter")),
            "{reply:?}"
        );
    }

    /// Prefix of the test button whose handler panics.
    const PANIC_BUTTON: &str = "test-panic:";
    /// Prefix of the test button whose handler fails inside the bot.
    const FAIL_BUTTON: &str = "test-fail:";

    pub(super) const BREAKING_BUTTONS: &[(&str, commands::PressFn)] = &[
        (PANIC_BUTTON, |_, _| panic!("a test handler panics")),
        (FAIL_BUTTON, |_, _| {
            Err(Error::Encoding("a test handler fails".into()))
        }),
    ];

    fn press(custom_id: &str, locale: &str) -> Invocation {
        let mut inv = invocation(Action::Button {
            custom_id: custom_id.into(),
            message: MessageId(9),
        });
        inv.locale = locale.into();
        inv
    }

    /// What `f` panicked with.
    fn failure(f: impl FnOnce()) -> String {
        let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .expect_err("the checked runner fails the test");
        err.downcast_ref::<String>()
            .cloned()
            .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    }

    #[test]
    fn the_checked_runner_fails_on_a_panicking_handler_that_members_see_as_a_private_reply() {
        let app = App::new(store_with_sample());
        for (locale, expected) in [
            ("en-US", crate::error::internal_error(Locale::English)),
            ("ko", crate::error::internal_error(Locale::Korean)),
        ] {
            let inv = press(&format!("{PANIC_BUTTON}x"), locale);
            // The member gets a private answer, so a test looking at `ephemeral` alone passes...
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let Response::Message(reply) = handle(&app, &inv, &mut rng).response else {
                panic!("a message");
            };
            assert!(reply.ephemeral);
            assert_eq!(reply.content.as_deref(), Some(expected.as_str()));
            // ...and the checked runner does not.
            let message = failure(|| {
                run(&app, &inv);
            });
            assert!(
                message.contains("a handler panicked") && message.contains(PANIC_BUTTON),
                "{message}"
            );
        }
    }

    #[test]
    fn the_checked_runner_fails_on_the_internal_error_reply() {
        let app = App::new(store_with_sample());
        for locale in ["en-US", "ko"] {
            let message = failure(|| {
                run(&app, &press(&format!("{FAIL_BUTTON}x"), locale));
            });
            assert!(message.contains("internal-error reply"), "{message}");
        }
        // A refusal is an answer, not a failure.
        let reply = run(&app, &press("x", "en-US"));
        assert!(reply.ephemeral);
    }

    #[test]
    fn server_commands_in_a_direct_message_say_what_belongs_to_a_server() {
        let app = App::new(store_with_sample());
        for (name, sub, said) in [
            (
                "settings",
                "show",
                "Settings belong to a server: use this command in one.",
            ),
            (
                "trivia",
                "start",
                "Trivia is played in a server: use this command in one.",
            ),
            (
                "qotd",
                "status",
                "The daily quote belongs to a server: use this command in one.",
            ),
        ] {
            let mut inv = command(name, Some(sub), &[]);
            inv.guild = None;
            inv.is_moderator = true;
            let reply = run(&app, &inv);
            assert_eq!(reply.content.as_deref(), Some(said), "/{name} {sub}");
            assert!(reply.ephemeral, "/{name} {sub}");
        }
    }

    #[test]
    fn an_unknown_command_gets_a_friendly_private_answer() {
        let app = App::new(store_with_sample());
        let reply = run(&app, &command("dance", None, &[]));
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some(
                "I don't know `/dance`. My commands: /about, /cast, /facts, /lists, /quote, /qotd, /trivia, /settings, /content, /submit, /review."
            )
        );
    }

    #[test]
    fn the_members_everyday_reads_are_quick_and_writes_buttons_and_forms_are_not() {
        // On SQLite, whatever the test database: on PostgreSQL nothing is quick (below).
        let mut app = App::new(Store::open_in_memory().expect("sqlite"));
        for (name, sub) in [
            ("about", None),
            ("cast", None),
            ("facts", None),
            ("quote", Some("today")),
        ] {
            assert!(is_quick(&app, &command(name, sub, &[])), "/{name} {sub:?}");
        }
        for (name, sub) in [
            ("trivia", Some("start")),
            ("settings", Some("spoilers")),
            ("qotd", Some("channel")),
            ("submit", Some("question")),
            // A command with subcommands, named without one, and an unknown one.
            ("quote", None),
            ("dance", None),
        ] {
            assert!(!is_quick(&app, &command(name, sub, &[])), "/{name} {sub:?}");
        }
        let button = invocation(Action::Button {
            custom_id: format!("{}x", crate::cast::BUTTON_PREFIX),
            message: MessageId(9),
        });
        assert!(!is_quick(&app, &button));
        app.blocking_store = true;
        assert!(!is_quick(&app, &command("about", None, &[])));
    }

    #[test]
    fn bad_options_are_refused_with_the_reason() {
        let app = App::new(store_with_sample());
        let cases = [
            (
                command("about", None, &[("x", "1")]),
                "`/about` takes no options.",
            ),
            (
                command("facts", None, &[("topc", "a")]),
                "`/facts` has no option `topc`. Its options: topic.",
            ),
            (
                command("settings", None, &[]),
                "`/settings` needs one of: show, spoilers, drama, trivia, reviewer, language, timezone, seasons, rewards.",
            ),
            (
                command("settings", Some("dance"), &[]),
                "`/settings` has no `dance`. Try one of: show, spoilers, drama, trivia, reviewer, language, timezone, seasons, rewards.",
            ),
        ];
        for (inv, expected) in cases {
            let mut inv = inv;
            inv.is_moderator = true;
            let reply = run(&app, &inv);
            assert!(reply.ephemeral);
            assert_eq!(reply.content.as_deref(), Some(expected));
        }
        let mut inv = command("settings", Some("spoilers"), &[("episode", "nine")]);
        inv.is_moderator = true;
        assert_eq!(
            run(&app, &inv).content.as_deref(),
            Some("`episode` must be a whole number, not `nine`.")
        );
        let mut inv = command(
            "settings",
            Some("spoilers"),
            &[("episode", "3"), ("mode", "fog")],
        );
        inv.is_moderator = true;
        assert_eq!(
            run(&app, &inv).content.as_deref(),
            Some("`mode` must be one of: hide, blur.")
        );
        let long = "x".repeat(6000);
        assert_eq!(
            run(&app, &command("facts", None, &[("topic", &long)]))
                .content
                .as_deref(),
            Some("`topic` can be at most 100 characters long.")
        );
    }

    #[test]
    fn moderator_commands_are_refused_to_members() {
        let app = App::new(store_with_sample());
        let reply = run(&app, &command("settings", Some("show"), &[]));
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some("Only members with the **Manage Server** permission can do that.")
        );
    }

    #[test]
    fn korean_members_get_korean_refusals() {
        let app = App::new(store_with_sample());
        let mut inv = command("settings", Some("show"), &[]);
        inv.locale = "ko".into();
        assert_eq!(
            run(&app, &inv).content.as_deref(),
            Some("**서버 관리** 권한이 있는 멤버만 할 수 있어요.")
        );
        let mut inv = command("about", None, &[]);
        inv.locale = "ko".into();
        assert!(
            run(&app, &inv).embeds[0]
                .description
                .as_deref()
                .is_some_and(|d| d.starts_with("드라마 팬"))
        );
    }

    #[test]
    fn korean_readers_see_cards_and_refusals_of_the_moved_modules_in_korean() {
        let app = App::new(store_with_sample());
        let ko = |name: &str, sub: Option<&str>, options: &[(&str, &str)]| {
            let mut inv = command(name, sub, options);
            inv.locale = "ko".into();
            run(&app, &inv)
        };
        let about = ko("about", None, &[]);
        assert_eq!(about.embeds[0].fields[0].name, "샘플 (Sample Drama)");
        assert!(
            about.embeds[0].fields[0]
                .value
                .starts_with("Netflix, 2025년, 8부작\n인물 1명")
        );
        let facts = ko("facts", None, &[]);
        assert_eq!(facts.embeds[0].title.as_deref(), Some("알고 계셨나요?"));
        // A fact with Korean text in its pack reads in Korean; English readers keep `text`.
        let tall = ko("facts", None, &[("topic", "188 cm")]);
        assert_eq!(
            tall.embeds[0].fields[0].value,
            "두 사람 모두 키가 188cm예요.\n— *Some Outlet, 2025-02-19*"
        );
        let mut english = command("facts", None, &[("topic", "188 cm")]);
        english.locale = "en-US".into();
        assert!(
            run(&app, &english).embeds[0].fields[0]
                .value
                .starts_with("Both are 188 cm tall.")
        );
        let quote = ko("quote", Some("random"), &[]);
        assert_eq!(quote.embeds[0].title.as_deref(), Some("명대사"));
        assert_eq!(quote.embeds[0].fields[0].name, "맥락");
        assert_eq!(
            quote.embeds[0].description.as_deref(),
            Some("“중증 외상은 누구에게나 일어날 수 있어요.”\n— **Baek Kang-hyuk**")
        );
        assert_eq!(
            quote.embeds[0].fields[0].value,
            "드라마 속: 백강혁이 동료에게"
        );
        let cast = ko("cast", None, &[("drama", "zzz")]);
        assert!(
            cast.content
                .is_some_and(|c| c.starts_with("“zzz”라는 드라마는 없어요.")),
        );
        let lists = ko("lists", None, &[]);
        assert_eq!(
            lists.embeds[0].title.as_deref(),
            Some("이 서버가 쓰는 목록")
        );
        let missing = ko("quote", Some("search"), &[]);
        assert!(
            missing
                .content
                .is_some_and(|c| c.starts_with("`/quote search`에는 `text` 옵션이 필요해요")),
        );
        let range = ko("trivia", Some("start"), &[("rounds", "999")]);
        assert_eq!(
            range.content.as_deref(),
            Some("`rounds`은(는) 1에서 30 사이여야 해요.")
        );
    }

    #[test]
    fn an_old_button_is_answered_politely() {
        let app = App::new(store_with_sample());
        let reply = run(
            &app,
            &invocation(Action::Button {
                custom_id: "x".repeat(500),
                message: MessageId(9),
            }),
        );
        assert!(reply.ephemeral);
    }

    #[test]
    fn a_form_nobody_routes_is_answered_politely_and_modals_route_by_prefix() {
        let app = App::new(store_with_sample());
        for locale in ["en-US", "ko"] {
            let mut inv = invocation(Action::ModalSubmit {
                custom_id: "x".repeat(500),
                fields: vec![("a".into(), "b".into())],
            });
            inv.locale = locale.into();
            let reply = run(&app, &inv);
            assert!(reply.ephemeral);
            assert!(reply.content.is_some_and(|c| c.contains(if locale == "ko" {
                "양식"
            } else {
                "That form can no longer be sent."
            })));
        }
        // Every prefix is distinct from the buttons' and from each other's.
        let prefixes: Vec<&str> = commands::MODALS
            .iter()
            .map(|(p, _)| *p)
            .chain(commands::BUTTONS.iter().map(|(p, _)| *p))
            .collect();
        for (i, a) in prefixes.iter().enumerate() {
            for b in &prefixes[i + 1..] {
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} and {b}");
            }
        }
        assert_eq!(field(&[("x".into(), "1".into())], "x"), Some("1"));
        assert_eq!(field(&[], "x"), None);
    }

    /// Whether a member (not a moderator) who reaches this handler, with every option given, is
    /// refused for lack of the permission.
    fn refuses_members(options: &'static [OptionSpec], run: commands::RunFn) -> bool {
        let app = App::new(store_with_sample());
        let values = crate::args::sample_values(options, true);
        let inv = invocation(Action::Command {
            name: String::new(),
            subcommand: None,
            options: values.clone(),
        });
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut ctx = Ctx::new(&app, &inv, &mut rng);
        matches!(
            run.run(&mut ctx, &Options::new(options, &values)),
            Err(Error::NotModerator)
        )
    }

    #[test]
    fn members_commands_hold_no_moderator_only_subcommand() {
        // Discord hides only whole top-level commands from members, so a subcommand whose handler
        // refuses members belongs under a moderator command, never beside what members may use.
        for Entry {
            name,
            moderator,
            options,
            run,
        } in entries()
        {
            if !moderator {
                assert!(
                    !refuses_members(options, run),
                    "/{name} refuses members: move it under a moderator command"
                );
            }
        }
        // The probe does see a refusal: the trivia settings still check the permission themselves.
        let settings = entries()
            .into_iter()
            .find(|e| e.name == "settings trivia")
            .expect("/settings trivia is in the table");
        assert!(settings.moderator);
        assert!(refuses_members(settings.options, settings.run));
        assert!(entries().iter().all(|e| e.name != "trivia settings"));
    }

    #[test]
    fn every_moderator_subcommand_is_refused_to_members_by_the_router() {
        let app = App::new(store_with_sample());
        for Entry {
            name,
            moderator,
            options,
            ..
        } in entries()
        {
            if !moderator {
                continue;
            }
            let mut words = name.split(' ');
            let inv = invocation(Action::Command {
                name: words.next().unwrap_or_default().to_string(),
                subcommand: words.next().map(str::to_string),
                options: crate::args::sample_values(options, true),
            });
            assert_eq!(
                run(&app, &inv).content,
                Some(Error::NotModerator.user_message()),
                "/{name}"
            );
        }
    }

    #[test]
    fn the_trivia_settings_moved_under_settings_and_work_for_a_moderator() {
        let app = App::new(store_with_sample());
        let mut inv = command(
            "settings",
            Some("trivia"),
            &[("seconds", "30"), ("changes", "true"), ("typed", "false")],
        );
        inv.is_moderator = true;
        let reply = run(&app, &inv);
        assert!(reply.ephemeral);
        assert_eq!(reply.embeds[0].title.as_deref(), Some("Trivia settings"));
        let saved = app.store().trivia_settings(GuildId(1)).expect("read");
        assert_eq!(
            (
                saved.time_limit_secs,
                saved.allow_changes,
                saved.typed_answers
            ),
            (30, true, false)
        );
        assert_eq!(
            run(
                &app,
                &command("trivia", Some("settings"), &[("seconds", "30")])
            )
            .content
            .as_deref(),
            Some(
                "`/trivia` has no `settings`. Try one of: start, answer, hint, stop, leaderboard, stats."
            )
        );
    }
}

//! What the core answers with, in plain data: text, embeds and buttons, ephemeral or not.
//!
//! Features build these; the edges turn them into Discord's JSON (`render`) or into terminal text
//! (`console`). Discord's length limits are enforced once, when rendering, so a feature never has to
//! count characters.

/// Discord's limits, from its documentation. Rendering enforces them; a feature that lists a
/// variable number of things (such as `/about`'s packs) reads them to share the room fairly.
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const EMBEDS: usize = 10;
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const EMBED_TOTAL: usize = 6000;
    pub const BUTTONS_PER_ROW: usize = 5;
    pub const ROWS: usize = 5;
    pub const LABEL: usize = 80;
    pub const CUSTOM_ID: usize = 100;
    /// A modal's title.
    pub const MODAL_TITLE: usize = 45;
    /// Text inputs in one modal.
    pub const MODAL_INPUTS: usize = 5;
    /// A text input's label.
    pub const INPUT_LABEL: usize = 45;
    /// A text input's value, placeholder aside (and its min/max length).
    pub const INPUT_VALUE: usize = 4000;
    /// A text input's placeholder.
    pub const INPUT_PLACEHOLDER: usize = 100;
}

/// A message from the bot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    pub buttons: Vec<Button>,
    /// Only the member who asked sees it.
    pub ephemeral: bool,
    /// Files sent with the message (such as `/content export`'s pack).
    pub attachments: Vec<Attachment>,
}

/// A file: one a member attached to a command, or one the bot sends with a message.
#[derive(Clone, Default, PartialEq)]
pub struct Attachment {
    pub filename: String,
    pub bytes: Vec<u8>,
}

// By hand, so that logs show a file's name and size, never its bytes.
impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Reply {
    /// A plain text message everyone in the channel sees.
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: Some(content.into()),
            ..Reply::default()
        }
    }

    /// A plain text message only the member who asked sees.
    pub fn private(content: impl Into<String>) -> Reply {
        Reply {
            ephemeral: true,
            ..Reply::text(content)
        }
    }

    /// A message made of one embed.
    pub fn embed(embed: Embed) -> Reply {
        Reply {
            embeds: vec![embed],
            ..Reply::default()
        }
    }
}

/// A Discord embed: a titled card with fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub colour: Option<u32>,
}

impl Embed {
    /// An embed with a title.
    pub fn titled(title: impl Into<String>) -> Embed {
        Embed {
            title: Some(title.into()),
            ..Embed::default()
        }
    }

    /// Adds a field.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Embed {
        self.fields.push(Field {
            name: name.into(),
            value: value.into(),
            inline: false,
        });
        self
    }
}

/// One named block of an embed.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// A button under a message. Its `custom_id` comes back when a member presses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub custom_id: String,
    pub label: String,
    pub style: ButtonStyle,
    pub disabled: bool,
}

/// A button's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Success,
    Danger,
}

/// One autocomplete suggestion: what the member sees and the value the option gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub name: String,
    pub value: String,
}

/// The answer to one interaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A new message in reply.
    Message(Reply),
    /// Replace the message whose button was pressed.
    Update(Reply),
    /// Suggestions while the member types an option.
    Autocomplete(Vec<Choice>),
    /// A form the member fills in; its submission comes back as
    /// [`crate::router::Action::ModalSubmit`] with the modal's custom id.
    Modal(Modal),
}

/// A Discord modal: a titled form of at most five text inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Modal {
    /// Routed like a button's: by the prefix in [`crate::commands::MODALS`].
    pub custom_id: String,
    pub title: String,
    pub inputs: Vec<TextInput>,
}

/// One text input of a modal.
#[derive(Debug, Clone, PartialEq)]
pub struct TextInput {
    /// The field's name in the submission.
    pub custom_id: String,
    pub label: String,
    pub style: InputStyle,
    pub required: bool,
    pub min_length: Option<u16>,
    pub max_length: Option<u16>,
    /// Text already filled in (an edit of an earlier answer).
    pub value: Option<String>,
    pub placeholder: Option<String>,
}

impl TextInput {
    /// A required input of `style`, with no length limits, value or placeholder.
    pub fn new(custom_id: &str, label: &str, style: InputStyle) -> TextInput {
        TextInput {
            custom_id: custom_id.to_string(),
            label: label.to_string(),
            style,
            required: true,
            min_length: None,
            max_length: None,
            value: None,
            placeholder: None,
        }
    }
}

/// A text input's size: one line, or a box of several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputStyle {
    Short,
    Paragraph,
}

/// The colour of dramabot's embeds.
pub const COLOUR: u32 = 0xC8_1D_25;

/// A message the bot sends to a channel on its own, not as the answer to an interaction (a daily
/// post, a trivia question, a closed question's card), or an edit of one. The scheduler's due work
/// and handlers' effects both produce these; the edges send them and report back with
/// [`crate::due::sent`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelMessage {
    pub channel: crate::ids::ChannelId,
    pub reply: Reply,
    /// Edit this message instead of sending a new one.
    pub edit: Option<crate::ids::MessageId>,
    /// Sent with `enforce_nonce`, so that Discord drops a second message with the same nonce: for
    /// messages that must never appear twice even if sent twice (a daily post resent after a crash).
    pub nonce: Option<String>,
    /// What the store records once the message is sent (or failed).
    pub record: SentRecord,
}

/// What to remember about a [`ChannelMessage`] once the edge has sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentRecord {
    /// Nothing.
    Nothing,
    /// A server's daily post for a local date: sent, or failed with a reason for `/qotd status`.
    DailyPost {
        guild: crate::ids::GuildId,
        date: jiff::civil::Date,
    },
    /// The message showing a trivia round, which is edited when the round closes.
    TriviaQuestion { game: i64, round: u32 },
    /// The last message of a trivia game's step (a round's close, the standings): its send, or
    /// its failure, lets the game go on, and it is not sent again.
    TriviaStep {
        game: i64,
        step: crate::model::TriviaStep,
    },
    /// A server's final standings of the trivia season that ended on a local date: sent, or
    /// failed (logged; the season has rolled over all the same).
    SeasonPost {
        guild: crate::ids::GuildId,
        ends_on: jiff::civil::Date,
    },
}

/// A reward role a moderator just set: the edge checks that the bot can give it, as
/// [`RoleAction::Check`], and answers the moderator privately (a follow-up to their command) with
/// what it found ([`crate::seasons::role_checked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleCheck {
    pub guild: crate::ids::GuildId,
    pub role: crate::ids::RoleId,
    /// The language of the moderator's answer.
    pub locale: crate::i18n::Locale,
}

impl RoleCheck {
    /// The check as a role change, for an edge that cannot answer the moderator (it only records
    /// what it found, for `/settings show`).
    pub fn change(self) -> RoleChange {
        RoleChange {
            guild: self.guild,
            role: self.role,
            action: RoleAction::Check,
            season: None,
        }
    }
}

/// What an edge does with a member's role (a season's reward role), through Discord's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleAction {
    /// Only check that the bot could give the role: Manage Roles, its highest role above this
    /// one, and a role that can be given at all (not `@everyone`, not managed by an integration).
    Check,
    /// Give the role to the member (checking first, as [`RoleAction::Check`]).
    Give(crate::ids::UserId),
    /// Take the role from the member (checking first).
    Take(crate::ids::UserId),
}

/// A change to a member's roles that the core asks an edge to make, and report back with
/// [`crate::seasons::role_changed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleChange {
    pub guild: crate::ids::GuildId,
    pub role: crate::ids::RoleId,
    pub action: RoleAction,
    /// The season whose reward this is (the local date it ended on), if any.
    pub season: Option<jiff::civil::Date>,
}

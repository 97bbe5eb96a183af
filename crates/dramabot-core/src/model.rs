//! The bot's domain types: what features read and decide on, with no SQL in sight.
//!
//! The store maps rows to these and back; features, the router and the edges use them without
//! knowing how they are kept. Keeping them out of `store/` lets a second backend (PostgreSQL) return
//! the same types, and lets a feature test build them by hand.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::ids::{ChannelId, GuildId, MessageId, UserId};
use crate::text::fold;

// ------------------------------------------------------------------------------- servers

/// How a server wants spoilers handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpoilerMode {
    /// Leave out whatever lies past the server's watermark.
    Hide,
    /// Show it inside Discord spoiler bars.
    Blur,
}

impl SpoilerMode {
    /// The form the store writes.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SpoilerMode::Hide => "hide",
            SpoilerMode::Blur => "blur",
        }
    }

    /// Reads what [`Self::as_str`] wrote; anything else is the safe default.
    pub(crate) fn parse(text: &str) -> SpoilerMode {
        if text == "hide" {
            SpoilerMode::Hide
        } else {
            SpoilerMode::Blur
        }
    }
}

/// A server's settings. A server that never changed anything gets `GuildSettings::default()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSettings {
    /// The drama the server is about; `None` means every loaded pack.
    pub drama: Option<String>,
    /// The last episode the server has watched; anything revealed later is guarded. `None` means
    /// nothing watched yet, so every item that names an episode is guarded.
    pub spoiler_episode: Option<i64>,
    pub spoiler_mode: SpoilerMode,
}

impl Default for GuildSettings {
    fn default() -> Self {
        GuildSettings {
            drama: None,
            spoiler_episode: None,
            spoiler_mode: SpoilerMode::Blur,
        }
    }
}

/// Where a fact, quote or question comes from, ready to cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub outlet: String,
    pub title: String,
    pub date: String,
    pub url: Option<String>,
}

/// A source as listed by `/about`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    pub slug: String,
    pub citation: Citation,
}

/// A loaded pack with the number of items of each kind, for `/about`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSummary {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub network: String,
    pub year: i64,
    pub episodes: i64,
    pub people: i64,
    pub characters: i64,
    pub facts: i64,
    pub quotes: i64,
    pub questions: i64,
    pub sources: Vec<SourceSummary>,
}

/// A fact with what it is about and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRecord {
    pub slug: String,
    pub pack: String,
    pub text: String,
    /// The fact in Korean, where its pack gives one.
    pub text_ko: Option<String>,
    pub episode: Option<i64>,
    pub citation: Citation,
    /// The display names of its subjects (people, characters, the drama).
    pub about: Vec<String>,
    /// Every name its subjects go by (names, Hangul names, aliases), for topic matching.
    pub about_names: Vec<String>,
    /// Its subjects as stable keys: `person:SLUG`, `character:PACK/SLUG` or `drama:PACK`.
    pub about_keys: Vec<String>,
}

impl FactRecord {
    /// The fact as a reader in `locale` reads it: the pack's Korean text for a Korean reader where
    /// it gives one, else `text`.
    pub fn text_in(&self, locale: crate::i18n::Locale) -> &str {
        match &self.text_ko {
            Some(text_ko) if locale.is_korean() => text_ko,
            _ => &self.text,
        }
    }
}

// ------------------------------------------------------------------------------- content

/// What a read that serves members may see: the file packs and the server's own bank (never
/// another server's), less the lists the server turned off, and of one drama when it has one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope<'a> {
    /// The server asking; `None` (a direct message) sees the packs only.
    pub guild: Option<GuildId>,
    /// The drama; `None` means every drama.
    pub drama: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// The content a server (or a direct message) plays, of the drama its settings name.
    pub fn new(guild: Option<GuildId>, settings: &'a GuildSettings) -> Scope<'a> {
        Scope {
            guild,
            drama: settings.drama.as_deref(),
        }
    }
}

/// The kind of a bank item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Question,
    Quote,
    Fact,
}

impl ItemKind {
    /// The name the store writes and moderators read.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Question => "question",
            ItemKind::Quote => "quote",
            ItemKind::Fact => "fact",
        }
    }

    /// Reads what [`Self::as_str`] wrote.
    pub fn parse(text: &str) -> Option<ItemKind> {
        match text {
            "question" => Some(ItemKind::Question),
            "quote" => Some(ItemKind::Quote),
            "fact" => Some(ItemKind::Fact),
            _ => None,
        }
    }
}

/// An item of a server's bank, by the id moderators use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankItem {
    /// The id, unique within the server's bank across kinds.
    pub slug: String,
    pub kind: ItemKind,
    /// The item's row in its table (`question`, `quote` or `fact`).
    pub pk: i64,
    /// Its text: the question, the quote's words or the fact.
    pub text: String,
    /// It was removed (retired): never shown again, history still points at it.
    pub removed: bool,
}

/// A list a server can play: a pack, or the server's own bank, with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentList {
    /// The pack id (a bank's is `bank-<server id>`).
    pub id: String,
    pub title: String,
    pub title_ko: String,
    /// It is the server's own bank.
    pub bank: bool,
    pub questions: i64,
    pub quotes: i64,
    pub facts: i64,
    /// The server plays it.
    pub enabled: bool,
}

// ------------------------------------------------------------------------------- packs

impl PackSummary {
    /// Whether `folded` (from [`fold`], not empty) is part of the English or the Korean title.
    pub fn title_contains(&self, folded: &str) -> bool {
        !folded.is_empty()
            && (fold(&self.title).contains(folded) || fold(&self.title_ko).contains(folded))
    }
}

/// The pack a member means: by its id, or else the first whose title (English or Korean) contains
/// what was typed, case, accents and punctuation aside.
pub fn find_pack<'a>(packs: &'a [PackSummary], wanted: &str) -> Option<&'a PackSummary> {
    let folded = fold(wanted);
    packs
        .iter()
        .find(|p| p.id == wanted.trim())
        .or_else(|| packs.iter().find(|p| p.title_contains(&folded)))
}

// ------------------------------------------------------------------------------- cast

/// Whether an entry is a person or a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Character,
}

/// One person (in one pack) or one character, with every name it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEntry {
    pub kind: EntityKind,
    pub pack: String,
    pub slug: String,
    pub name: String,
    pub name_ko: String,
    /// Spellings the sources use and spellings from general knowledge.
    pub aliases: Vec<String>,
    /// The episode a character is revealed in, if the pack says.
    pub episode: Option<i64>,
}

/// A person's part in a drama.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditRow {
    pub pack: String,
    pub pack_title: String,
    pub role: String,
    pub person_slug: String,
    pub person_name: String,
    /// (slug, name) of the character an actor plays.
    pub character: Option<(String, String)>,
    /// The later of the credit's and the character's episode, if any.
    pub episode: Option<i64>,
    pub note: Option<String>,
    pub citation: Citation,
}

/// A character with its description and who plays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharacterRow {
    pub pack: String,
    pub pack_title: String,
    pub slug: String,
    pub name: String,
    pub name_ko: String,
    pub aliases: Vec<String>,
    pub description: Option<(String, Citation)>,
    pub episode: Option<i64>,
}

// ------------------------------------------------------------------------------- quotes

/// A quote with its speaker and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRecord {
    pub pk: i64,
    pub slug: String,
    pub pack: String,
    pub text: String,
    /// The speaker's display name.
    pub speaker: String,
    /// Every name the speaker goes by (name, Hangul name, aliases), for `/quote random who:`.
    pub speaker_names: Vec<String>,
    /// The speaker as a stable key: `person:SLUG` or `character:PACK/SLUG`.
    pub speaker_key: String,
    /// `line` (said in the show) or `interview`.
    pub kind: String,
    pub context: String,
    /// The words and the context in Korean, where the pack gives them.
    pub text_ko: Option<String>,
    pub context_ko: Option<String>,
    pub episode: Option<i64>,
    pub citation: Citation,
}

/// A server's daily-post settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QotdSettings {
    pub channel: Option<ChannelId>,
    /// The local time of the post, `HH:MM`.
    pub time: String,
    /// The IANA time zone the time is in.
    pub timezone: String,
    pub enabled: bool,
    /// A local date whose post is to be skipped.
    pub skip_date: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// When the post was last turned on or moved (time or zone): a post already due then is not
    /// caught up.
    pub schedule_changed_at: Option<String>,
}

impl Default for QotdSettings {
    fn default() -> Self {
        QotdSettings {
            channel: None,
            time: "09:00".to_string(),
            timezone: "UTC".to_string(),
            enabled: false,
            skip_date: None,
            last_error: None,
            last_error_at: None,
            schedule_changed_at: None,
        }
    }
}

/// What became of one day's post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostStatus {
    /// Committed before sending; the send's outcome is not recorded yet.
    Claimed,
    Sent,
    Failed,
    /// The bot was down past the grace period.
    Missed,
    Skipped,
}

impl PostStatus {
    /// The form the store writes.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PostStatus::Claimed => "claimed",
            PostStatus::Sent => "sent",
            PostStatus::Failed => "failed",
            PostStatus::Missed => "missed",
            PostStatus::Skipped => "skipped",
        }
    }

    /// Reads what [`Self::as_str`] wrote; anything else is the safe default.
    pub(crate) fn parse(text: &str) -> PostStatus {
        match text {
            "sent" => PostStatus::Sent,
            "failed" => PostStatus::Failed,
            "missed" => PostStatus::Missed,
            "skipped" => PostStatus::Skipped,
            _ => PostStatus::Claimed,
        }
    }
}

/// One day's post as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRecord {
    pub local_date: String,
    pub status: PostStatus,
    pub quote_pk: Option<i64>,
    pub message: Option<MessageId>,
    pub error: Option<String>,
    pub claimed_at: String,
    pub done_at: Option<String>,
}

// ------------------------------------------------------------------------------------ trivia

/// A server's trivia settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriviaSettings {
    pub time_limit_secs: i64,
    pub allow_changes: bool,
    pub typed_answers: bool,
}

impl Default for TriviaSettings {
    fn default() -> Self {
        TriviaSettings {
            time_limit_secs: 20,
            allow_changes: false,
            typed_answers: true,
        }
    }
}

/// How a game ended, or that it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameStatus {
    Running,
    Finished,
    Stopped,
    /// Nobody answered for several questions in a row.
    Abandoned,
}

impl GameStatus {
    /// The status as the store writes it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GameStatus::Running => "running",
            GameStatus::Finished => "finished",
            GameStatus::Stopped => "stopped",
            GameStatus::Abandoned => "abandoned",
        }
    }

    /// The status the store wrote; an unknown word reads as running.
    pub(crate) fn parse(text: &str) -> GameStatus {
        match text {
            "finished" => GameStatus::Finished,
            "stopped" => GameStatus::Stopped,
            "abandoned" => GameStatus::Abandoned,
            _ => GameStatus::Running,
        }
    }
}

/// A game as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameRow {
    pub id: i64,
    pub guild: GuildId,
    pub channel: ChannelId,
    pub starter: UserId,
    pub status: GameStatus,
    /// The questions' keys, in the order they are asked.
    pub questions: Vec<i64>,
    pub time_limit_secs: i64,
    pub allow_changes: bool,
    /// The round being asked, or to be asked next.
    pub current: u32,
    /// When the next round opens; `None` while a round is open.
    pub next_at: Option<Timestamp>,
    pub streaks: HashMap<u64, u32>,
    /// The language of the game's channel messages, fixed at its start.
    pub locale: crate::i18n::Locale,
    /// How many times the game's state was written when it was read. The store writes a game only
    /// on the version it read (and counts it up), so a write made from a stale read (a stop racing
    /// a round's change on another process) changes nothing and is made again from a fresh read.
    pub version: i64,
    /// The game's last step whose messages are not yet recorded as sent: committed with the step,
    /// cleared by the recorded send, so that a process dying in between leaves it for another to
    /// send again (`trivia::run_job`).
    pub unsent: Option<Unsent>,
}

/// A step of a trivia game that shows something in its channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriviaStep {
    /// A round opened: its question (after the teams, for a teams game's first round).
    Opened(u32),
    /// A round closed: its question's message edited closed, and the standings if the game ended.
    Closed(u32),
    /// The game ran out of questions between rounds: the standings.
    Ended,
    /// A teams game nobody joined is off: the notice saying so.
    NobodyJoined,
}

impl TriviaStep {
    /// The step as the store writes it.
    pub(crate) fn to_text(self) -> String {
        match self {
            TriviaStep::Opened(round) => format!("opened:{round}"),
            TriviaStep::Closed(round) => format!("closed:{round}"),
            TriviaStep::Ended => "ended".into(),
            TriviaStep::NobodyJoined => "nobody-joined".into(),
        }
    }

    /// The step the store wrote; `None` for a word this version does not know.
    pub(crate) fn parse(text: &str) -> Option<TriviaStep> {
        match text.split_once(':') {
            Some(("opened", round)) => round.parse().ok().map(TriviaStep::Opened),
            Some(("closed", round)) => round.parse().ok().map(TriviaStep::Closed),
            _ => match text {
                "ended" => Some(TriviaStep::Ended),
                "nobody-joined" => Some(TriviaStep::NobodyJoined),
                _ => None,
            },
        }
    }
}

/// A step whose messages are on their way, or were lost with the process sending them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsent {
    pub step: TriviaStep,
    /// When the step was taken: past a few minutes Discord forgets the messages' nonces, and a
    /// resend could double them.
    pub since: Timestamp,
    /// Until when the process that sent (or last resent) them may still be sending them: the end
    /// of its lease. Nobody resends them before.
    pub until: Timestamp,
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub user: UserId,
    pub name: String,
    pub points: i64,
    pub correct: i64,
    pub answers: i64,
}

/// A member's trivia record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlayerStats {
    pub games: i64,
    pub answers: i64,
    pub correct: i64,
    pub points: i64,
    pub best_streak: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(id: &str, title: &str, title_ko: &str) -> PackSummary {
        PackSummary {
            id: id.into(),
            title: title.into(),
            title_ko: title_ko.into(),
            network: "N".into(),
            year: 2025,
            episodes: 8,
            people: 0,
            characters: 0,
            facts: 0,
            quotes: 0,
            questions: 0,
            sources: Vec::new(),
        }
    }

    #[test]
    fn a_pack_is_found_by_id_first_then_by_either_title() {
        let packs = [
            pack(
                "trauma-code",
                "The Trauma Code: Heroes on Call",
                "중증외상센터",
            ),
            pack("code", "Code Blue", "코드 블루"),
        ];
        let id = |wanted: &str| find_pack(&packs, wanted).map(|p| p.id.as_str());
        // The id wins over a title that contains it.
        assert_eq!(id(" code "), Some("code"));
        assert_eq!(id("trauma code"), Some("trauma-code"));
        assert_eq!(id("TRAUMA-CODE"), Some("trauma-code"));
        assert_eq!(id("Heroes on call"), Some("trauma-code"));
        assert_eq!(id("외상"), Some("trauma-code"));
        assert_eq!(id("코드"), Some("code"));
        assert_eq!(id("Goblin"), None);
        // Nothing typed (or only punctuation) means no drama, not the first one.
        assert_eq!(id(""), None);
        assert_eq!(id(" - "), None);
    }
}

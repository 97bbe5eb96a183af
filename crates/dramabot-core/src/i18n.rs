//! Text members read, per locale: English and Korean message catalogues (Fluent).
//!
//! Texts used to be written inline, in English, with Korean beside them in a few places
//! (`if korean { .. } else { .. }`), so a Korean reader saw Korean only where someone remembered.
//! Now a feature asks for a message by id ([`msg`]) and the member's [`Locale`], and [`tr`] formats
//! it from the catalogues in `locales/<lang>/*.ftl`. The catalogues are embedded in the binary
//! (nothing to ship beside it, nothing to read at run time) and parsed once, on first use.
//!
//! A test fails when a message is in one locale and not the other, when a placeholder (`{ $name }`)
//! is used in one locale's text and not the other's, when a catalogue holds a message no code
//! names, or when code names one no catalogue has: the ids live in one list ([`msg`]), and only an
//! id from it can be passed to [`tr`].
//!
//! Discord shows Unicode isolation marks literally, so formatting never adds them. Numbers are
//! written as Rust writes them (no grouping), as before.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    English,
    Korean,
}

impl Locale {
    /// Every locale, English (the fallback) first.
    pub const ALL: [Locale; 2] = [Locale::English, Locale::Korean];

    /// The locale for a Discord locale tag (`ko` is Korean, anything else English).
    pub fn from_discord(tag: &str) -> Locale {
        if tag.starts_with("ko") {
            Locale::Korean
        } else {
            Locale::English
        }
    }

    /// Korean when `korean`, else English: for code that still passes a flag.
    pub fn from_korean(korean: bool) -> Locale {
        if korean {
            Locale::Korean
        } else {
            Locale::English
        }
    }

    /// The locale whose [`Locale::code`] is `code`.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    /// A pack text as this locale's readers read it: its Korean where the pack gives one and
    /// they read Korean, else the English.
    pub fn pick<'a>(self, english: &'a str, korean: Option<&'a str>) -> &'a str {
        match korean {
            Some(ko) if self.is_korean() => ko,
            _ => english,
        }
    }

    /// Whether this is Korean.
    pub fn is_korean(self) -> bool {
        self == Locale::Korean
    }

    /// The folder of this locale's catalogues under `locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::English => "en",
            Locale::Korean => "ko",
        }
    }

    fn index(self) -> usize {
        match self {
            Locale::English => 0,
            Locale::Korean => 1,
        }
    }
}

/// A value put into a message's placeholder: a text or a number (numbers choose plural forms).
pub type Arg<'a> = FluentValue<'a>;

/// A message id from the catalogues. Only [`msg`] makes them, so every id code uses is listed
/// there, and the completeness test checks that list against the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg(&'static str);

impl Msg {
    /// The id as the catalogues write it.
    pub fn id(self) -> &'static str {
        self.0
    }
}

/// The message `id` in `locale`, with `args` in its placeholders. A message missing from the
/// locale falls back to English; one missing everywhere, or a placeholder left without a value,
/// is logged and shows the id (the completeness test keeps both from shipping).
pub fn tr(locale: Locale, id: Msg, args: &[(&str, Arg<'_>)]) -> String {
    let bundles = bundles();
    let found = [locale, Locale::English].into_iter().find_map(|l| {
        let bundle = &bundles[l.index()];
        bundle
            .get_message(id.0)
            .and_then(|m| m.value())
            .map(|p| (bundle, p))
    });
    let Some((bundle, pattern)) = found else {
        tracing::error!(id = id.0, locale = locale.code(), "no such message");
        return id.0.to_string();
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    if !errors.is_empty() {
        tracing::error!(
            id = id.0,
            locale = locale.code(),
            ?errors,
            "message formatting failed"
        );
    }
    text.into_owned()
}

/// [`tr`] of a message without placeholders.
pub fn text(locale: Locale, id: Msg) -> String {
    tr(locale, id, &[])
}

/// A reason stored for moderators to read later (why a post or a role change failed): stored as
/// its message id, so each reader reads it in their own language. Text that is no reason's id (a
/// reason stored before reasons were ids, or written by a test) is shown as it is.
pub fn reason(locale: Locale, stored: &str) -> String {
    match msg::ALL
        .iter()
        .find(|m| m.0.starts_with("reason-") && m.0 == stored)
    {
        Some(id) => text(locale, *id),
        None => stored.to_string(),
    }
}

/// One catalogue file, in each locale: its name and its text per [`Locale::ALL`].
type Catalogue = (&'static str, [&'static str; 2]);

macro_rules! catalogues {
    ($($name:literal),* $(,)?) => {
        /// The catalogue files, embedded.
        const CATALOGUES: &[Catalogue] = &[$((
            $name,
            [
                include_str!(concat!("../locales/en/", $name, ".ftl")),
                include_str!(concat!("../locales/ko/", $name, ".ftl")),
            ],
        )),*];
    };
}

catalogues![
    "common", "errors", "router", "settings", "about", "content", "facts", "quotes", "cast",
    "console", "exchange", "submit", "review", "trivia", "card", "seasons", "daily", "reasons"
];

/// The bundles per [`Locale::ALL`], parsed on first use.
fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Locale::ALL.map(bundle))
}

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    // Plural rules come from the language; "en" and "ko" always parse.
    let lang: LanguageIdentifier = locale.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(false);
    for (name, texts) in CATALOGUES {
        // Embedded and checked by the tests; should one still be broken, what parsed is used and
        // the rest of the bot keeps working.
        let resource = match FluentResource::try_new(texts[locale.index()].to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                tracing::error!(
                    catalogue = name,
                    locale = locale.code(),
                    ?errors,
                    "bad catalogue"
                );
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                catalogue = name,
                locale = locale.code(),
                ?errors,
                "bad catalogue"
            );
        }
    }
    bundle
}

macro_rules! messages {
    ($($name:ident = $id:literal,)*) => {
        $(
            #[doc = concat!("`", $id, "`")]
            pub const $name: Msg = Msg($id);
        )*
        /// Every id code may use; the completeness test checks it against the catalogues.
        pub const ALL: &[Msg] = &[$($name),*];
    };
}

/// The message ids, one list for the whole bot. Names follow the catalogue ids.
pub mod msg {
    use super::Msg;

    messages! {
        // common.ftl
        COUNT_EPISODES = "count-episodes",
        COUNT_PEOPLE = "count-people",
        COUNT_CHARACTERS = "count-characters",
        COUNT_FACTS = "count-facts",
        COUNT_QUOTES = "count-quotes",
        COUNT_QUESTIONS = "count-questions",
        PACK_NAME = "pack-name",
        KIND_QUESTION = "kind-question",
        KIND_QUOTE = "kind-quote",
        KIND_FACT = "kind-fact",
        // errors.ftl
        ERROR_NOT_MODERATOR = "error-not-moderator",
        ERROR_INTERNAL = "error-internal",
        ERROR_MISCONFIGURED = "error-misconfigured",
        ERROR_UNAVAILABLE = "error-unavailable",
        ERROR_BUSY = "error-busy",
        ERROR_LATE_FORM = "error-late-form",
        // router.ftl
        ROUTER_NO_TIMED_MESSAGES = "router-no-timed-messages",
        ROUTER_OLD_BUTTON = "router-old-button",
        ROUTER_OLD_FORM = "router-old-form",
        ROUTER_NEEDS_SUBCOMMAND = "router-needs-subcommand",
        ROUTER_NO_SUBCOMMAND = "router-no-subcommand",
        ROUTER_UNKNOWN_COMMAND = "router-unknown-command",
        ROUTER_NO_OPTIONS = "router-no-options",
        ROUTER_NO_SUCH_OPTION = "router-no-such-option",
        ROUTER_OPTION_TWICE = "router-option-twice",
        ROUTER_OPTION_MISSING = "router-option-missing",
        ROUTER_NOT_A_NUMBER = "router-not-a-number",
        ROUTER_TOO_LONG = "router-too-long",
        ROUTER_NOT_A_BOOLEAN = "router-not-a-boolean",
        ROUTER_FILE_TOO_BIG = "router-file-too-big",
        ROUTER_FILE_NOT_FETCHED_TOO_LARGE = "router-file-not-fetched-too-large",
        ROUTER_FILE_NOT_FETCHED = "router-file-not-fetched",
        ROUTER_WRONG_KIND = "router-wrong-kind",
        ROUTER_OUT_OF_RANGE = "router-out-of-range",
        ROUTER_NOT_A_CHOICE = "router-not-a-choice",
        // settings.ftl
        SETTINGS_IN_A_SERVER = "settings-in-a-server",
        SETTINGS_LANGUAGE_FIXED = "settings-language-fixed",
        SETTINGS_LANGUAGE_AUTO = "settings-language-auto",
        SETTINGS_LANGUAGE_LABEL = "settings-language-label",
        SETTINGS_LANGUAGE_SHOW_AUTO = "settings-language-show-auto",
        SETTINGS_LANGUAGE_SHOW_EN = "settings-language-show-en",
        SETTINGS_LANGUAGE_SHOW_KO = "settings-language-show-ko",
        // about.ftl
        ABOUT_DESCRIPTION = "about-description",
        ABOUT_PACKS = "about-packs",
        ABOUT_NO_PACKS = "about-no-packs",
        ABOUT_COMMANDS = "about-commands",
        ABOUT_PACK_COUNTS = "about-pack-counts",
        ABOUT_SOURCES = "about-sources",
        ABOUT_MORE_SOURCES = "about-more-sources",
        // content.ftl
        CONTENT_IN_A_SERVER = "content-in-a-server",
        CONTENT_NO_DRAMA = "content-no-drama",
        CONTENT_BANK_NAME = "content-bank-name",
        LISTS_TITLE = "lists-title",
        LISTS_DESCRIPTION = "lists-description",
        LISTS_ON = "lists-on",
        LISTS_OFF = "lists-off",
        LISTS_COUNTS = "lists-counts",
        CONTENT_NO_LIST = "content-no-list",
        CONTENT_NOW_ON = "content-now-on",
        CONTENT_NOW_OFF = "content-now-off",
        CONTENT_ALREADY_ON = "content-already-on",
        CONTENT_ALREADY_OFF = "content-already-off",
        CONTENT_LAST_ONE = "content-last-one",
        CONTENT_LIST_GONE = "content-list-gone",
        CONTENT_NO_ITEM = "content-no-item",
        CONTENT_ALREADY_REMOVED = "content-already-removed",
        CONTENT_REMOVED = "content-removed",
        // facts.ftl
        FACTS_NO_TOPIC = "facts-no-topic",
        FACTS_TITLE_TOPIC = "facts-title-topic",
        FACTS_TITLE_RANDOM = "facts-title-random",
        FACTS_NONE_LOADED = "facts-none-loaded",
        FACTS_NONE_ABOUT = "facts-none-about",
        FACTS_ALL_GUARDED = "facts-all-guarded",
        FACTS_ALL_ABOUT_GUARDED = "facts-all-about-guarded",
        FACTS_FIELD_NAME = "facts-field-name",
        FACTS_MORE = "facts-more",
        FACTS_HIDDEN = "facts-hidden",
        // quotes.ftl
        QUOTE_GUARDED = "quote-guarded",
        QUOTE_CONTEXT_EPISODE = "quote-context-episode",
        QUOTE_CONTEXT_SHOW = "quote-context-show",
        QUOTE_CONTEXT_INTERVIEW = "quote-context-interview",
        QUOTE_SOURCE = "quote-source",
        QUOTE_CONTEXT = "quote-context",
        QUOTE_NONE_LOADED = "quote-none-loaded",
        QUOTE_TODAY_TITLE = "quote-today-title",
        QUOTE_RANDOM_TITLE = "quote-random-title",
        QUOTE_NO_NAME = "quote-no-name",
        QUOTE_NONE_BY = "quote-none-by",
        QUOTE_NO_WORDS = "quote-no-words",
        QUOTE_NONE_CONTAINS = "quote-none-contains",
        QUOTE_SEARCH_TITLE = "quote-search-title",
        QUOTE_SEARCH_MORE = "quote-search-more",
        // cast.ftl
        CAST_NO_DRAMA = "cast-no-drama",
        CAST_NO_QUERY = "cast-no-query",
        CAST_NO_LETTERS = "cast-no-letters",
        CAST_NOBODY = "cast-nobody",
        CAST_NOBODY_NEAREST = "cast-nobody-nearest",
        CAST_BEST_MATCH = "cast-best-match",
        CAST_GONE = "cast-gone",
        CAST_KIND_PERSON = "cast-kind-person",
        CAST_KIND_CHARACTER = "cast-kind-character",
        CAST_PLAYS = "cast-plays",
        CAST_ACTS = "cast-acts",
        CAST_ACTS_UNKNOWN = "cast-acts-unknown",
        CAST_DIRECTED = "cast-directed",
        CAST_WROTE = "cast-wrote",
        CAST_WROTE_ORIGINAL = "cast-wrote-original",
        CAST_OTHER_ROLE = "cast-other-role",
        CAST_FACT = "cast-fact",
        CAST_ALSO_WRITTEN = "cast-also-written",
        CAST_NO_CREDITS = "cast-no-credits",
        CAST_CHARACTER_UNKNOWN_PLAYER = "cast-character-unknown-player",
        CAST_PLAYED_BY = "cast-played-by",
        CAST_AND = "cast-and",
        CAST_GUARDED = "cast-guarded",
        CAST_SOURCES = "cast-sources",
        CAST_AS = "cast-as",
        CAST_ROLE_UNKNOWN = "cast-role-unknown",
        CAST_ORIGINAL_WORK = "cast-original-work",
        CAST_CREW_ROLE = "cast-crew-role",
        CAST_DRAMA_TITLE = "cast-drama-title",
        CAST_NO_CAST = "cast-no-cast",
        CAST_BEHIND_CAMERA = "cast-behind-camera",
        CAST_ROLE_DIRECTOR = "cast-role-director",
        CAST_ROLE_WRITER = "cast-role-writer",
        // console.ftl
        CONSOLE_HELP_INTRO = "console-help-intro",
        CONSOLE_HELP_MODERATOR = "console-help-moderator",
        CONSOLE_LOCALE_NOW = "console-locale-now",
        CONSOLE_FIELD_REQUIRED = "console-field-required",
        CONSOLE_FIELD_TOO_LONG = "console-field-too-long",
        CONSOLE_FIELD_TOO_SHORT = "console-field-too-short",
        CONSOLE_NOT_A_LINE = "console-not-a-line",
        // exchange.ftl
        EXCHANGE_IN_A_SERVER = "exchange-in-a-server",
        EXCHANGE_REFUSED = "exchange-refused",
        EXCHANGE_IMPORTED = "exchange-imported",
        EXCHANGE_SOURCE_NEEDED = "exchange-source-needed",
        EXCHANGE_REVIEW_THEM = "exchange-review-them",
        EXCHANGE_MORE_PROBLEMS = "exchange-more-problems",
        EXCHANGE_NOTHING_TO_EXPORT = "exchange-nothing-to-export",
        EXCHANGE_EXPORTED = "exchange-exported",
        // submit.ftl
        SUBMIT_IN_A_SERVER = "submit-in-a-server",
        SUBMIT_CHOOSE_DRAMA = "submit-choose-drama",
        SUBMIT_NO_DRAMA = "submit-no-drama",
        SUBMIT_NOBODY = "submit-nobody",
        SUBMIT_ID_TOO_LONG = "submit-id-too-long",
        SUBMIT_SOURCE_LABEL = "submit-source-label",
        SUBMIT_SOURCE_PLACEHOLDER = "submit-source-placeholder",
        SUBMIT_WRONG_LABEL = "submit-wrong-label",
        SUBMIT_WRONG_PLACEHOLDER = "submit-wrong-placeholder",
        SUBMIT_ACCEPT_LABEL = "submit-accept-label",
        SUBMIT_QUESTION_TITLE = "submit-question-title",
        SUBMIT_QUESTION_LABEL = "submit-question-label",
        SUBMIT_ANSWER_LABEL = "submit-answer-label",
        SUBMIT_CONTEXT_LABEL = "submit-context-label",
        SUBMIT_CONTEXT_PLACEHOLDER = "submit-context-placeholder",
        SUBMIT_QUOTE_TITLE = "submit-quote-title",
        SUBMIT_QUOTE_TEXT_LABEL = "submit-quote-text-label",
        SUBMIT_FACT_TITLE = "submit-fact-title",
        SUBMIT_FACT_TEXT_LABEL = "submit-fact-text-label",
        SUBMIT_FIELD_QUESTION = "submit-field-question",
        SUBMIT_FIELD_ANSWER = "submit-field-answer",
        SUBMIT_FIELD_WRONG = "submit-field-wrong",
        SUBMIT_FIELD_ACCEPT = "submit-field-accept",
        SUBMIT_FIELD_TEXT = "submit-field-text",
        SUBMIT_FIELD_CONTEXT = "submit-field-context",
        SUBMIT_FIELD_SOURCE = "submit-field-source",
        SUBMIT_FIELD_EPISODE = "submit-field-episode",
        SUBMIT_FIELD_SPEAKER = "submit-field-speaker",
        SUBMIT_FIELD_SUBJECT = "submit-field-subject",
        SUBMIT_FIELD_DRAMA = "submit-field-drama",
        SUBMIT_BAD_SOURCE = "submit-bad-source",
        SUBMIT_GONE = "submit-gone",
        SUBMIT_NOT_SUBMITTED = "submit-not-submitted",
        SUBMIT_CONTROL_CHARACTER = "submit-control-character",
        SUBMIT_ALREADY_IN_PACK = "submit-already-in-pack",
        SUBMIT_ALREADY_IN_BANK = "submit-already-in-bank",
        SUBMIT_TOO_MANY = "submit-too-many",
        SUBMIT_DUPLICATE = "submit-duplicate",
        SUBMIT_THANKS = "submit-thanks",
        SUBMIT_NONE_YET = "submit-none-yet",
        SUBMIT_MINE_TITLE = "submit-mine-title",
        SUBMIT_MINE_PAGE = "submit-mine-page",
        SUBMIT_MINE_PAGE_NEXT = "submit-mine-page-next",
        SUBMISSION_PENDING = "submission-pending",
        SUBMISSION_SOURCE_NEEDED = "submission-source-needed",
        SUBMISSION_APPROVED = "submission-approved",
        SUBMISSION_REJECTED = "submission-rejected",
        SUBMISSION_KIND_QUESTION = "submission-kind-question",
        SUBMISSION_KIND_QUOTE = "submission-kind-quote",
        SUBMISSION_KIND_FACT = "submission-kind-fact",
        // settings.ftl: the settings card and the replies moved after the first pass
        SETTINGS_SAVED = "settings-saved",
        SETTINGS_CARD_TITLE = "settings-card-title",
        SETTINGS_DRAMA_LABEL = "settings-drama-label",
        SETTINGS_SPOILERS_LABEL = "settings-spoilers-label",
        SETTINGS_REVIEWERS_LABEL = "settings-reviewers-label",
        SETTINGS_ALL_DRAMAS = "settings-all-dramas",
        SETTINGS_DRAMA_GONE = "settings-drama-gone",
        SETTINGS_NOTHING_WATCHED = "settings-nothing-watched",
        SETTINGS_WATCHED_UP_TO = "settings-watched-up-to",
        SETTINGS_MODE_HIDE = "settings-mode-hide",
        SETTINGS_MODE_BLUR = "settings-mode-blur",
        SETTINGS_REVIEWERS_ROLE = "settings-reviewers-role",
        SETTINGS_REVIEWERS_NONE = "settings-reviewers-none",
        SETTINGS_EPISODE_TOO_FAR = "settings-episode-too-far",
        SETTINGS_NO_SUCH_DRAMA = "settings-no-such-drama",
        SETTINGS_REVIEWER_SAVED = "settings-reviewer-saved",
        SETTINGS_REVIEWER_CLEARED = "settings-reviewer-cleared",
        SETTINGS_CHANNEL_UNSEEN = "settings-channel-unseen",
        // seasons.ftl
        SEASONS_IN_A_SERVER = "seasons-in-a-server",
        SEASONS_ZONE_NAME_NEEDED = "seasons-zone-name-needed",
        SEASONS_ZONE_SET = "seasons-zone-set",
        SEASONS_ZONE_LABEL = "seasons-zone-label",
        SEASONS_LABEL = "seasons-label",
        SEASONS_REWARD_LABEL = "seasons-reward-label",
        SEASONS_LAST_SEASON_LABEL = "seasons-last-season-label",
        SEASONS_SEASON_LABEL = "seasons-season-label",
        SEASONS_ARE_OFF = "seasons-are-off",
        SEASONS_IS_A_SERVERS = "seasons-is-a-servers",
        SEASONS_PICK_A_CHANNEL = "seasons-pick-a-channel",
        SEASONS_LENGTH_WEEK = "seasons-length-week",
        SEASONS_LENGTH_MONTH = "seasons-length-month",
        SEASONS_LENGTH_OFF = "seasons-length-off",
        SEASONS_ON = "seasons-on",
        SEASONS_OFF_NOW = "seasons-off-now",
        SEASONS_STATE = "seasons-state",
        SEASONS_NOT_EVERYONE = "seasons-not-everyone",
        SEASONS_REWARD_SAVED = "seasons-reward-saved",
        SEASONS_REWARD_SEASONS_OFF = "seasons-reward-seasons-off",
        SEASONS_REWARD_CLEARED = "seasons-reward-cleared",
        SEASONS_NO_REWARD = "seasons-no-reward",
        SEASONS_REWARD_READY = "seasons-reward-ready",
        SEASONS_REWARD_UNCHECKED = "seasons-reward-unchecked",
        SEASONS_REWARD_BLOCKED = "seasons-reward-blocked",
        SEASONS_CHECK_OK = "seasons-check-ok",
        SEASONS_CHECK_BLOCKED = "seasons-check-blocked",
        SEASONS_CHECK_FAILED = "seasons-check-failed",
        SEASONS_POST_TITLE = "seasons-post-title",
        SEASONS_CARD_TITLE = "seasons-card-title",
        SEASONS_DATES = "seasons-dates",
        SEASONS_WINNER = "seasons-winner",
        SEASONS_WINNER_GETS = "seasons-winner-gets",
        SEASONS_CARD_WINNER = "seasons-card-winner",
        SEASONS_TIE_CORRECT = "seasons-tie-correct",
        SEASONS_TIE_FIRST = "seasons-tie-first",
        SEASONS_LAST_SENT = "seasons-last-sent",
        SEASONS_LAST_POSTING = "seasons-last-posting",
        SEASONS_LAST_EMPTY = "seasons-last-empty",
        SEASONS_LAST_FAILED = "seasons-last-failed",
        SEASONS_SEE_THE_LOG = "seasons-see-the-log",
        SEASONS_REWARD_FAILED = "seasons-reward-failed",
        SEASONS_REWARD_DONE = "seasons-reward-done",
        SEASONS_LAST_SEASON = "seasons-last-season",
        // reasons.ftl
        REASON_ROLE_GONE = "reason-role-gone",
        REASON_ROLE_EVERYONE = "reason-role-everyone",
        REASON_ROLE_MANAGED = "reason-role-managed",
        REASON_NO_MANAGE_ROLES = "reason-no-manage-roles",
        REASON_ROLE_TOO_HIGH = "reason-role-too-high",
        REASON_ROLE_REFUSED = "reason-role-refused",
        REASON_ROLES_UNREADABLE = "reason-roles-unreadable",
        REASON_WINNER_LEFT = "reason-winner-left",
        REASON_ROLE_NOT_CHANGED = "reason-role-not-changed",
        REASON_NO_ROLES_HERE = "reason-no-roles-here",
        REASON_NO_ACCESS = "reason-no-access",
        REASON_CHANNEL_GONE_DAILY = "reason-channel-gone-daily",
        REASON_CHANNEL_GONE_SEASON = "reason-channel-gone-season",
        REASON_SLOW_DOWN_DAILY = "reason-slow-down-daily",
        REASON_SLOW_DOWN_SEASON = "reason-slow-down-season",
        REASON_DISCORD_DOWN_DAILY = "reason-discord-down-daily",
        REASON_DISCORD_DOWN_SEASON = "reason-discord-down-season",
        REASON_UNREACHABLE_DAILY = "reason-unreachable-daily",
        REASON_UNREACHABLE_SEASON = "reason-unreachable-season",
        REASON_POST_REFUSED = "reason-post-refused",
        REASON_STOPPED_DAILY = "reason-stopped-daily",
        REASON_STOPPED_SEASON = "reason-stopped-season",
        // console.ftl: the console's remaining texts a member would see in Discord
        CONSOLE_ONLY_YOU = "console-only-you",
        CONSOLE_OPENS_A_FORM = "console-opens-a-form",
        CONSOLE_REQUIRED = "console-required",
        CONSOLE_OPTIONAL = "console-optional",
        CONSOLE_SEVERAL_LINES = "console-several-lines",
        CONSOLE_EXAMPLE = "console-example",
        CONSOLE_CLOSED = "console-closed",
        CONSOLE_MESSAGE_EDITED = "console-message-edited",
        CONSOLE_CANNOT_READ = "console-cannot-read",
        CONSOLE_NO_BUTTON = "console-no-button",
        CONSOLE_NO_FORM = "console-no-form",
        CONSOLE_FORM_CLOSED = "console-form-closed",
        CONSOLE_FILL_LINES = "console-fill-lines",
        CONSOLE_FILL_START = "console-fill-start",
        CONSOLE_NO_SUCH_FIELD = "console-no-such-field",
        // daily.ftl
        DAILY_IN_A_SERVER = "daily-in-a-server",
        DAILY_PREVIEW_TITLE = "daily-preview-title",
        DAILY_GOES_TO = "daily-goes-to",
        DAILY_WILL_GO_TO = "daily-will-go-to",
        DAILY_POSTED_AT = "daily-posted-at",
        DAILY_CHANNEL_FIRST = "daily-channel-first",
        DAILY_IS_ON = "daily-is-on",
        DAILY_IS_OFF = "daily-is-off",
        DAILY_NOTHING_TO_SKIP = "daily-nothing-to-skip",
        DAILY_WILL_SKIP = "daily-will-skip",
        DAILY_STATUS_TITLE = "daily-status-title",
        DAILY_STATE_LABEL = "daily-state-label",
        DAILY_TIME_LABEL = "daily-time-label",
        DAILY_NEXT_LABEL = "daily-next-label",
        DAILY_SKIPPED_LABEL = "daily-skipped-label",
        DAILY_LAST_LABEL = "daily-last-label",
        DAILY_ERROR_LABEL = "daily-error-label",
        DAILY_STATE_ON = "daily-state-on",
        DAILY_STATE_OFF = "daily-state-off",
        DAILY_STATE_NO_CHANNEL = "daily-state-no-channel",
        DAILY_WHEN = "daily-when",
        DAILY_DUE_NOW = "daily-due-now",
        DAILY_WILL_MISS = "daily-will-miss",
        DAILY_IS_SKIPPED = "daily-is-skipped",
        DAILY_LAST_SENT = "daily-last-sent",
        DAILY_LAST_SENDING = "daily-last-sending",
        DAILY_LAST_FAILED = "daily-last-failed",
        DAILY_LAST_MISSED = "daily-last-missed",
        DAILY_LAST_SKIPPED = "daily-last-skipped",
        DAILY_NONE_YET = "daily-none-yet",
        DAILY_TIME_FORM = "daily-time-form",
        DAILY_TIME_RANGE = "daily-time-range",
        DAILY_ZONE_MISSING = "daily-zone-missing",
        DAILY_ZONE_UNKNOWN = "daily-zone-unknown",
        DAILY_ZONE_UNKNOWN_BLANK = "daily-zone-unknown-blank",
        DAILY_ZONE_USE = "daily-zone-use",
        DAILY_ZONE_DID_YOU_MEAN = "daily-zone-did-you-mean",
        // review.ftl
        REVIEW_IN_A_SERVER = "review-in-a-server",
        REVIEW_NOT_REVIEWER = "review-not-reviewer",
        REVIEW_AGE_DAYS = "review-age-days",
        REVIEW_AGE_HOURS = "review-age-hours",
        REVIEW_AGE_MINUTES = "review-age-minutes",
        REVIEW_NO_SOURCE_FROM_LIST = "review-no-source-from-list",
        REVIEW_NO_SOURCE = "review-no-source",
        REVIEW_TITLE = "review-title",
        REVIEW_ANSWER = "review-answer",
        REVIEW_WRONG = "review-wrong",
        REVIEW_ACCEPT = "review-accept",
        REVIEW_CATEGORY = "review-category",
        REVIEW_SPEAKER = "review-speaker",
        REVIEW_CONTEXT = "review-context",
        REVIEW_SUBJECT = "review-subject",
        REVIEW_EPISODE = "review-episode",
        REVIEW_SOURCE = "review-source",
        REVIEW_SUBMITTED = "review-submitted",
        REVIEW_DECISION = "review-decision",
        REVIEW_FOOTER_DECIDED = "review-footer-decided",
        REVIEW_FOOTER_SOURCE_NEEDED = "review-footer-source-needed",
        REVIEW_FOOTER_HELD = "review-footer-held",
        REVIEW_APPROVE = "review-approve",
        REVIEW_REJECT = "review-reject",
        REVIEW_EDIT = "review-edit",
        REVIEW_SKIP = "review-skip",
        REVIEW_NEXT = "review-next",
        REVIEW_NOTHING_WAITING = "review-nothing-waiting",
        REVIEW_ONLY_ONE = "review-only-one",
        REVIEW_QUEUE_TITLE = "review-queue-title",
        REVIEW_QUEUE_EMPTY = "review-queue-empty",
        REVIEW_QUEUE_WAITING = "review-queue-waiting",
        REVIEW_QUEUE_NONE = "review-queue-none",
        REVIEW_QUEUE_COUNT = "review-queue-count",
        REVIEW_QUEUE_QUESTIONS = "review-queue-questions",
        REVIEW_QUEUE_QUOTES = "review-queue-quotes",
        REVIEW_QUEUE_FACTS = "review-queue-facts",
        REVIEW_STALE = "review-stale",
        REVIEW_ALREADY_REJECTED = "review-already-rejected",
        REVIEW_ALREADY_APPROVED = "review-already-approved",
        REVIEW_REASON_LABEL = "review-reason-label",
        REVIEW_REJECT_TITLE = "review-reject-title",
        REVIEW_EDIT_TITLE = "review-edit-title",
        REVIEW_NO_SOURCE_YET = "review-no-source-yet",
        REVIEW_FAILS_CHECKS = "review-fails-checks",
        REVIEW_APPROVED = "review-approved",
        REVIEW_CANNOT_EDIT = "review-cannot-edit",
        REVIEW_GIVE_REASON = "review-give-reason",
        REVIEW_REJECTED = "review-rejected",
        REVIEW_SAVED = "review-saved",
        // trivia.ftl (trivia/*)
        TRIVIA_IN_A_SERVER = "trivia-in-a-server",
        TRIVIA_NOT_MY_BUTTON = "trivia-not-my-button",
        TRIVIA_DIFFICULTY = "trivia-difficulty",
        TRIVIA_CATEGORY = "trivia-category",
        TRIVIA_TEAMS_ONLY = "trivia-teams-only",
        TRIVIA_NO_DRAMA = "trivia-no-drama",
        TRIVIA_ALREADY_RUNNING_AT = "trivia-already-running-at",
        TRIVIA_NO_QUESTIONS = "trivia-no-questions",
        TRIVIA_ALREADY_RUNNING = "trivia-already-running",
        TRIVIA_START = "trivia-start",
        TRIVIA_START_NEXT = "trivia-start-next",
        TRIVIA_START_NEXT_TEAMS = "trivia-start-next-teams",
        TRIVIA_START_TYPED_QUESTIONS = "trivia-start-typed-questions",
        TRIVIA_START_ONLY = "trivia-start-only",
        TRIVIA_START_TEAMS = "trivia-start-teams",
        TRIVIA_START_ELIMINATION = "trivia-start-elimination",
        TRIVIA_START_SUDDEN_DEATH = "trivia-start-sudden-death",
        TRIVIA_TEAM_NAME = "trivia-team-name",
        TRIVIA_QUESTION_TITLE = "trivia-question-title",
        TRIVIA_TYPE_IT = "trivia-type-it",
        TRIVIA_CLOSES = "trivia-closes",
        TRIVIA_CLOSED_TITLE = "trivia-closed-title",
        TRIVIA_NOBODY_ANSWERED = "trivia-nobody-answered",
        TRIVIA_NOBODY_HAD_IT = "trivia-nobody-had-it",
        TRIVIA_WHO_HAD_IT = "trivia-who-had-it",
        TRIVIA_WHY = "trivia-why",
        TRIVIA_SOURCE = "trivia-source",
        TRIVIA_SOMEONE = "trivia-someone",
        TRIVIA_LOCKED = "trivia-locked",
        TRIVIA_CHANGED_TYPED = "trivia-changed-typed",
        TRIVIA_ALREADY_ANSWERED = "trivia-already-answered",
        TRIVIA_CHANGED = "trivia-changed",
        TRIVIA_ALREADY_LOCKED = "trivia-already-locked",
        TRIVIA_CLOSED = "trivia-closed",
        TRIVIA_UNREADABLE = "trivia-unreadable",
        TRIVIA_NO_GAME = "trivia-no-game",
        TRIVIA_TYPED_OFF = "trivia-typed-off",
        TRIVIA_NO_GAME_TO_STOP = "trivia-no-game-to-stop",
        TRIVIA_STOP_NOT_YOURS = "trivia-stop-not-yours",
        TRIVIA_TITLE_FINAL = "trivia-title-final",
        TRIVIA_TITLE_STOPPED = "trivia-title-stopped",
        TRIVIA_TITLE_ABANDONED = "trivia-title-abandoned",
        TRIVIA_ASKED = "trivia-asked",
        TRIVIA_NOBODY_SCORED = "trivia-nobody-scored",
        TRIVIA_CARD_SUBTITLE = "trivia-card-subtitle",
        TRIVIA_STANDING = "trivia-standing",
        TRIVIA_RIGHT = "trivia-right",
        TRIVIA_POINTS_SHORT = "trivia-points-short",
        TRIVIA_MEMBERS = "trivia-members",
        TRIVIA_TEAM_STANDING = "trivia-team-standing",
        TRIVIA_REFUSAL_NO_TEAM = "trivia-refusal-no-team",
        TRIVIA_REFUSAL_OUT = "trivia-refusal-out",
        TRIVIA_REFUSAL_TOO_LATE = "trivia-refusal-too-late",
        TRIVIA_JOIN_JOINED = "trivia-join-joined",
        TRIVIA_JOIN_ALREADY = "trivia-join-already",
        TRIVIA_JOIN_CLOSED = "trivia-join-closed",
        TRIVIA_LINEUP_TITLE = "trivia-lineup-title",
        TRIVIA_LINEUP_NOBODY = "trivia-lineup-nobody",
        TRIVIA_NOBODY_JOINED = "trivia-nobody-joined",
        TRIVIA_LIVES_FIELD = "trivia-lives-field",
        TRIVIA_LIVES_STILL_IN = "trivia-lives-still-in",
        TRIVIA_LIVES_LEFT = "trivia-lives-left",
        TRIVIA_LIVES_OUT_ON = "trivia-lives-out-on",
        TRIVIA_LIVES_OUT = "trivia-lives-out",
        TRIVIA_WINNER = "trivia-winner",
        TRIVIA_WINNER_NOBODY = "trivia-winner-nobody",
        TRIVIA_CARD_WINNER = "trivia-card-winner",
        TRIVIA_STILL_STANDING = "trivia-still-standing",
        TRIVIA_MEMBERS_HEADING = "trivia-members-heading",
        TRIVIA_HINT_BUTTON = "trivia-hint-button",
        TRIVIA_HINT_NO_QUESTION = "trivia-hint-no-question",
        TRIVIA_HINT_CLOSED = "trivia-hint-closed",
        TRIVIA_HINT_GIVEN_ALREADY = "trivia-hint-given-already",
        TRIVIA_HINT_NOTHING_LEFT = "trivia-hint-nothing-left",
        TRIVIA_HINT_NOT_A_PLAYER = "trivia-hint-not-a-player",
        TRIVIA_HINT_VOTED_ALREADY = "trivia-hint-voted-already",
        TRIVIA_HINT_VOTE = "trivia-hint-vote",
        TRIVIA_HINT_GIVEN = "trivia-hint-given",
        TRIVIA_HINT_BY_STARTER = "trivia-hint-by-starter",
        TRIVIA_HINT_BY_VOTE = "trivia-hint-by-vote",
        TRIVIA_HINT_HALF = "trivia-hint-half",
        TRIVIA_HINT_CLOSED_FIELD = "trivia-hint-closed-field",
        TRIVIA_HINT_CLOSED_NOTE = "trivia-hint-closed-note",
        TRIVIA_HINT_FIELD = "trivia-hint-field",
        TRIVIA_SCOPE = "trivia-scope",
        TRIVIA_PERIOD = "trivia-period",
        TRIVIA_LEADERBOARD_TITLE = "trivia-leaderboard-title",
        TRIVIA_LEADERBOARD_CARD = "trivia-leaderboard-card",
        TRIVIA_LEADERBOARD_SUBTITLE = "trivia-leaderboard-subtitle",
        TRIVIA_RANKED = "trivia-ranked",
        TRIVIA_RANKED_DETAIL = "trivia-ranked-detail",
        TRIVIA_NOBODY_YET = "trivia-nobody-yet",
        TRIVIA_STATS_THAT_MEMBER = "trivia-stats-that-member",
        TRIVIA_STATS_TITLE = "trivia-stats-title",
        TRIVIA_STATS_CARD = "trivia-stats-card",
        TRIVIA_STATS_GAMES = "trivia-stats-games",
        TRIVIA_STATS_ANSWERS = "trivia-stats-answers",
        TRIVIA_STATS_ANSWERS_VALUE = "trivia-stats-answers-value",
        TRIVIA_STATS_BEST_STREAK = "trivia-stats-best-streak",
        TRIVIA_STATS_POINTS = "trivia-stats-points",
        TRIVIA_SETTINGS_TITLE = "trivia-settings-title",
        TRIVIA_SETTINGS_TIME = "trivia-settings-time",
        TRIVIA_SETTINGS_SECONDS = "trivia-settings-seconds",
        TRIVIA_SETTINGS_CHANGES = "trivia-settings-changes",
        TRIVIA_SETTINGS_TYPED = "trivia-settings-typed",
        TRIVIA_YES = "trivia-yes",
        TRIVIA_NO = "trivia-no",
        // card.ftl (card.rs)
        CARD_MORE = "card-more",
        CARD_SYMBOLS_NAME = "card-symbols-name",
    }
}

#[cfg(test)]
mod tests;

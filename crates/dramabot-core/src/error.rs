//! The library's one error type.
//!
//! Every variant carries a short message that may be shown to a Discord member as it is; the detail
//! (SQL errors, file paths, pack problems) stays in the `Display` text for the log. Nothing here ever
//! holds the bot token.

use crate::i18n::{self, Locale, msg};
use crate::pack::Problem;

/// What can go wrong in dramabot's core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed: a bug, a full disk, a locked file or a lost connection.
    #[error("database error: {0}")]
    Database(#[from] crate::store::db::Error),

    /// The database was written by a newer dramabot than this one.
    #[error("the database schema is version {found}, newer than this dramabot knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },

    /// One or more fact packs are invalid; nothing was imported.
    #[error("{} problem(s) in the fact packs:\n{}", .0.len(), Problem::list(.0))]
    InvalidPacks(Vec<Problem>),

    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },

    /// Data the bot keeps could not be encoded or decoded: a bug, never the member's doing.
    #[error("stored data: {0}")]
    Encoding(String),

    /// The configuration is invalid; the message names the key.
    #[error("configuration: {0}")]
    Config(String),

    /// A member gave an option that does not make sense; the text is for them.
    #[error("{0}")]
    BadInput(String),

    /// A member asked for something only moderators may do.
    #[error("this command needs the Manage Server permission")]
    NotModerator,

    /// Other processes kept changing what a command was changing (a game stepped on at every
    /// try): nothing was done, and trying again a moment later will do.
    #[error("others kept changing it first")]
    Busy,

    /// A handler's argument struct and its command table entry disagree: a bug, which the table
    /// test catches before it ships.
    #[error("command table mismatch: {0}")]
    CommandTable(String),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Database(e.into())
    }
}

impl Error {
    /// A short text that can be shown to a Discord member, in English. It never contains internals.
    pub fn user_message(&self) -> String {
        self.user_message_in(Locale::English)
    }

    /// [`Error::user_message`] in the member's locale. Messages about a member's own input are
    /// already in their locale, as the handler wrote them.
    pub fn user_message_in(&self, locale: Locale) -> String {
        match self {
            Error::BadInput(text) => text.clone(),
            Error::NotModerator => i18n::text(locale, msg::ERROR_NOT_MODERATOR),
            Error::Busy => i18n::text(locale, msg::ERROR_BUSY),
            // The database went away for a while (a restart, a failover): worth trying again.
            Error::Database(e) if e.is_unavailable() => i18n::text(locale, msg::ERROR_UNAVAILABLE),
            Error::Database(_)
            | Error::SchemaTooNew { .. }
            | Error::Io { .. }
            | Error::Encoding(_)
            | Error::CommandTable(_) => internal_error(locale),
            Error::InvalidPacks(_) | Error::Config(_) => {
                i18n::text(locale, msg::ERROR_MISCONFIGURED)
            }
        }
    }
}

/// What a member sees when something failed inside the bot.
pub fn internal_error(locale: Locale) -> String {
    i18n::text(locale, msg::ERROR_INTERNAL)
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_data_that_cannot_be_encoded_is_an_internal_error_not_a_misconfiguration() {
        let error = Error::Encoding("cannot encode trivia state: key must be a string".into());
        assert_eq!(
            error.user_message(),
            "Something went wrong on my side. The moderators can find the details in the bot's log."
        );
        assert_eq!(
            error.user_message_in(Locale::Korean),
            "봇에 문제가 생겼어요. 관리자가 봇 로그에서 자세한 내용을 확인할 수 있어요."
        );
        assert!(error.to_string().contains("key must be a string"));
    }
}

//! The library's one error type.
//!
//! Every variant carries a short message that may be shown to a Discord member as it is; the detail
//! (SQL errors, file paths, pack problems) stays in the `Display` text for the log. Nothing here ever
//! holds the bot token.

use crate::pack::Problem;

/// What can go wrong in dramabot's core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed: a bug, a full disk or a locked file.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

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

    /// A handler's argument struct and its command table entry disagree: a bug, which the table
    /// test catches before it ships.
    #[error("command table mismatch: {0}")]
    CommandTable(String),
}

impl Error {
    /// A short text that can be shown to a Discord member. It never contains internals.
    pub fn user_message(&self) -> String {
        self.user_message_in(false)
    }

    /// [`Error::user_message`] in Korean where a Korean text exists (`korean`: the member's locale
    /// is Korean). Messages about a member's own input stay as written, naming the option.
    pub fn user_message_in(&self, korean: bool) -> String {
        match (self, korean) {
            (Error::BadInput(text), _) => text.clone(),
            (Error::NotModerator, false) => {
                "Only members with the **Manage Server** permission can do that.".to_string()
            }
            (Error::NotModerator, true) => {
                "**서버 관리** 권한이 있는 멤버만 할 수 있어요.".to_string()
            }
            (
                Error::Database(_)
                | Error::SchemaTooNew { .. }
                | Error::Io { .. }
                | Error::Encoding(_)
                | Error::CommandTable(_),
                korean,
            ) => if korean {
                INTERNAL_ERROR_KO
            } else {
                INTERNAL_ERROR
            }
            .to_string(),
            (Error::InvalidPacks(_) | Error::Config(_), false) => {
                "The bot is misconfigured. The moderators can find the details in the bot's log."
                    .to_string()
            }
            (Error::InvalidPacks(_) | Error::Config(_), true) => {
                "봇 설정에 문제가 있어요. 관리자가 봇 로그에서 자세한 내용을 확인할 수 있어요."
                    .to_string()
            }
        }
    }
}

/// What a member sees when something failed inside the bot.
pub const INTERNAL_ERROR: &str =
    "Something went wrong on my side. The moderators can find the details in the bot's log.";

/// [`INTERNAL_ERROR`] in Korean.
pub const INTERNAL_ERROR_KO: &str =
    "봇에 문제가 생겼어요. 관리자가 봇 로그에서 자세한 내용을 확인할 수 있어요.";

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_data_that_cannot_be_encoded_is_an_internal_error_not_a_misconfiguration() {
        let error = Error::Encoding("cannot encode trivia state: key must be a string".into());
        assert_eq!(error.user_message(), INTERNAL_ERROR);
        assert_eq!(error.user_message_in(true), INTERNAL_ERROR_KO);
        assert!(error.to_string().contains("key must be a string"));
    }
}

//! The language a server fixed with `/settings language` (none: each member's Discord locale).
//!
//! Its own table, like the reviewer role, so the settings row and its code stay as they are.

use jiff::Timestamp;

use super::db::{OptionalExtension, params};
use super::{Store, stamp};
use crate::error::Result;
use crate::i18n::Locale;
use crate::ids::GuildId;

impl Store {
    /// The locale a server fixed for its members, if it fixed one.
    pub fn guild_language(&self, guild: GuildId) -> Result<Option<Locale>> {
        let code: Option<String> = self
            .conn
            .prepare_cached("SELECT language FROM guild_language WHERE guild_id = ?1")?
            .query_row(params![guild], |r| r.get(0))
            .optional()?;
        Ok(code.and_then(|c| Locale::ALL.into_iter().find(|l| l.code() == c)))
    }

    /// Fixes a server's locale, or with `None` goes back to each member's Discord locale.
    pub fn set_guild_language(
        &self,
        guild: GuildId,
        locale: Option<Locale>,
        now: Timestamp,
    ) -> Result<()> {
        match locale {
            Some(locale) => self
                .conn
                .prepare_cached(
                    "INSERT INTO guild_language (guild_id, language, set_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(guild_id) DO UPDATE SET language = ?2, set_at = ?3",
                )?
                .execute(params![guild, locale.code(), stamp(now)])?,
            None => self
                .conn
                .prepare_cached("DELETE FROM guild_language WHERE guild_id = ?1")?
                .execute(params![guild])?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId(1);

    #[test]
    fn a_servers_language_is_fixed_changed_and_set_back_to_auto() {
        let store = Store::for_tests();
        let at = |s: i64| Timestamp::from_second(s).expect("time");
        assert_eq!(store.guild_language(GUILD).expect("read"), None);
        store
            .set_guild_language(GUILD, Some(Locale::Korean), at(1))
            .expect("set");
        assert_eq!(
            store.guild_language(GUILD).expect("read"),
            Some(Locale::Korean)
        );
        store
            .set_guild_language(GUILD, Some(Locale::English), at(2))
            .expect("change");
        assert_eq!(
            store.guild_language(GUILD).expect("read"),
            Some(Locale::English)
        );
        assert_eq!(store.guild_language(GuildId(2)).expect("read"), None);
        store.set_guild_language(GUILD, None, at(3)).expect("auto");
        assert_eq!(store.guild_language(GUILD).expect("read"), None);
    }
}

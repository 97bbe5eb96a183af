//! The spoiler guard: nothing a pack marks as revealed after the server's watermark is shown plainly.
//!
//! Every feature that shows pack items asks the guard first. A server that never set a watermark has
//! watched nothing, so anything tied to an episode is guarded by default; the server chooses whether
//! guarded items are left out or shown behind Discord's spoiler bars.

use crate::model::{GuildSettings, SpoilerMode};

/// The guard for one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpoilerGuard {
    watched: i64,
    mode: SpoilerMode,
}

impl SpoilerGuard {
    /// The guard a server's settings ask for.
    pub fn new(settings: &GuildSettings) -> SpoilerGuard {
        SpoilerGuard {
            watched: settings.spoiler_episode.unwrap_or(0),
            mode: settings.spoiler_mode,
        }
    }

    /// The last episode shown plainly (0 when the server set none): what [`Self::guards`]
    /// compares with, for a query that leaves guarded items out in SQL.
    pub fn watched(&self) -> i64 {
        self.watched
    }

    /// Whether an item revealed in `episode` lies past the watermark.
    pub fn guards(&self, episode: Option<i64>) -> bool {
        episode.is_some_and(|e| e > self.watched)
    }

    /// The text as this server may see it: unchanged, behind spoiler bars, or not at all.
    pub fn show(&self, episode: Option<i64>, text: &str) -> Option<String> {
        if !self.guards(episode) {
            return Some(text.to_string());
        }
        match self.mode {
            SpoilerMode::Hide => None,
            // A `||` inside the text would close the spoiler bars early.
            SpoilerMode::Blur => Some(format!("||{}||", text.replace("||", "| |"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(watched: Option<i64>, mode: SpoilerMode) -> SpoilerGuard {
        SpoilerGuard::new(&GuildSettings {
            drama: None,
            spoiler_episode: watched,
            spoiler_mode: mode,
        })
    }

    #[test]
    fn items_up_to_the_watermark_are_shown_plainly() {
        let g = guard(Some(3), SpoilerMode::Hide);
        assert_eq!(g.show(None, "a").as_deref(), Some("a"));
        assert_eq!(g.show(Some(3), "a").as_deref(), Some("a"));
        assert_eq!(g.show(Some(4), "a"), None);
        // What queries compare with: guarded exactly past it.
        assert_eq!(g.watched(), 3);
        assert!(!g.guards(Some(g.watched())) && g.guards(Some(g.watched() + 1)));
    }

    #[test]
    fn blur_wraps_later_items_in_spoiler_bars() {
        let g = guard(Some(3), SpoilerMode::Blur);
        assert_eq!(g.show(Some(4), "a || b").as_deref(), Some("||a | | b||"));
    }

    #[test]
    fn a_server_that_set_nothing_has_watched_nothing() {
        let g = SpoilerGuard::new(&GuildSettings::default());
        assert!(g.guards(Some(1)));
        assert!(!g.guards(None));
        assert_eq!(g.show(Some(1), "x").as_deref(), Some("||x||"));
        assert_eq!(g.watched(), 0);
    }
}

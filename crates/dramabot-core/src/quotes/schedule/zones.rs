//! The two `/qotd` options that need more than a type check: the post time (HH:MM) and the IANA
//! time zone, with suggestions while a moderator types and the nearest names when a zone is
//! unknown.

use std::sync::OnceLock;

use jiff::civil::Time;
use jiff::tz::TimeZone;

use crate::text::{FoldOptions, edit_distance, fold_with};

/// A `/qotd` option that does not make sense. `Display` is the short message for the member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The time is not written as HH:MM.
    TimeForm,
    /// The time is HH:MM but no time of day (25:00, 09:60).
    TimeRange,
    /// No time zone was given.
    ZoneMissing,
    /// The time zone is not in the database.
    UnknownZone {
        /// What was typed, cut short and stripped of markdown, to echo back.
        typed: String,
        /// The nearest names, best first.
        suggestions: Vec<String>,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::TimeForm => f.write_str(
                "Give the time as HH:MM on a 24-hour clock, for example 09:30 or 21:05.",
            ),
            InputError::TimeRange => f.write_str(
                "That is not a time of day: use 00:00 to 23:59 (HH:MM, 24-hour clock), \
                 for example 09:30 or 21:05.",
            ),
            InputError::ZoneMissing => {
                f.write_str("Give a time zone name such as Asia/Seoul or America/New_York.")
            }
            InputError::UnknownZone { typed, suggestions } => {
                if typed.is_empty() {
                    f.write_str("That is not a time zone I know.")?;
                } else {
                    write!(f, "`{typed}` is not a time zone I know.")?;
                }
                if suggestions.is_empty() {
                    f.write_str(" Use a name such as Asia/Seoul or America/New_York.")
                } else {
                    write!(f, " Did you mean {}?", suggestions.join(", "))
                }
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Reads the `/qotd time:` option: `H:MM` or `HH:MM` on a 24-hour clock (`9:30`, `09:30`, `21:05`).
pub fn parse_post_time(input: &str) -> Result<Time, InputError> {
    let (hour, minute) = input.trim().split_once(':').ok_or(InputError::TimeForm)?;
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&hour.len()) || minute.len() != 2 || !digits(hour) || !digits(minute) {
        return Err(InputError::TimeForm);
    }
    let hour: i8 = hour.parse().map_err(|_| InputError::TimeForm)?;
    let minute: i8 = minute.parse().map_err(|_| InputError::TimeForm)?;
    if hour > 23 || minute > 59 {
        return Err(InputError::TimeRange);
    }
    Time::new(hour, minute, 0, 0).map_err(|_| InputError::TimeRange)
}

/// Reads the `/qotd zone:` option: an IANA name, in any letter case, with spaces allowed for
/// underscores (`america/new york`). An unknown name is refused with the five nearest names.
/// Store `zone.iana_name()`, which has the database's spelling.
pub fn parse_zone(input: &str) -> Result<TimeZone, InputError> {
    let typed = input.trim();
    if typed.is_empty() {
        return Err(InputError::ZoneMissing);
    }
    let underscored = typed.replace(' ', "_");
    for name in [typed, underscored.as_str()] {
        if is_offered(name)
            && let Ok(zone) = jiff::tz::db().get(name)
        {
            return Ok(zone);
        }
    }
    Err(InputError::UnknownZone {
        typed: echo(typed),
        suggestions: nearest_zones(typed, 5),
    })
}

/// Time zone names for the `/qotd zone:` autocomplete, at most `limit` (Discord shows 25): those
/// whose city or full name starts with what was typed come first, then those containing it,
/// case and underscores ignored (`seoul` gives `Asia/Seoul`, `new york` `America/New_York`).
/// With nothing typed, a few common zones; with no match, the nearest names by edit distance.
pub fn zone_suggestions(typed: &str, limit: usize) -> Vec<String> {
    let query = normalize(typed);
    if query.is_empty() {
        return COMMON_ZONES
            .iter()
            .filter(|name| zone_names().iter().any(|z| z.name == **name))
            .take(limit)
            .map(|name| (*name).to_string())
            .collect();
    }
    let mut hits: Vec<(u8, bool, usize, &str)> = zone_names()
        .iter()
        .filter_map(|z| {
            let rank = if z.full == query || z.city == query {
                0
            } else if z.city.starts_with(&query) {
                1
            } else if z.full.starts_with(&query) {
                2
            } else if z
                .full
                .match_indices(&query)
                .any(|(i, _)| z.full[..i].ends_with(['/', ' ', '-']))
            {
                3
            } else if z.full.contains(&query) {
                4
            } else {
                return None;
            };
            Some((rank, z.legacy, z.name.len(), z.name.as_str()))
        })
        .collect();
    if hits.is_empty() {
        return nearest_zones(typed, limit);
    }
    hits.sort_unstable();
    hits.into_iter()
        .take(limit)
        .map(|(_, _, _, name)| name.to_string())
        .collect()
}

/// The `limit` zone names nearest to `typed` by edit distance (against the full name and against
/// its last part, whichever is nearer), case and underscores ignored; current names before old
/// aliases such as `US/Eastern` at equal distance.
pub fn nearest_zones(typed: &str, limit: usize) -> Vec<String> {
    // Long input would only cost time: no zone name is anywhere near this long.
    let query: String = normalize(typed).chars().take(48).collect();
    let mut ranked: Vec<(usize, bool, &str)> = zone_names()
        .iter()
        .map(|z| {
            let distance = edit_distance(&query, &z.full).min(edit_distance(&query, &z.city));
            (distance, z.legacy, z.name.as_str())
        })
        .collect();
    ranked.sort_unstable();
    ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, name)| name.to_string())
        .collect()
}

/// What the autocomplete offers with nothing typed: the drama's home first, then big fan bases.
const COMMON_ZONES: &[&str] = &[
    "Asia/Seoul",
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Manila",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// Names in the database that mean nothing to a member: the machine's own zone and build artefacts.
const NOT_OFFERED: &[&str] = &["localtime", "posixrules", "Factory"];

/// Old spellings kept in the database for compatibility; offered after the current ones.
const LEGACY_PREFIXES: &[&str] = &[
    "Etc/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/", "SystemV/",
];

/// One database name with the forms it is matched by.
struct ZoneName {
    name: String,
    /// The whole name, normalised: `america/new york`.
    full: String,
    /// Its last part, normalised: `new york`.
    city: String,
    legacy: bool,
}

/// The database's zone names, read once: the list does not change while the bot runs.
fn zone_names() -> &'static [ZoneName] {
    static NAMES: OnceLock<Vec<ZoneName>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<ZoneName> = jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_string())
            .filter(|name| is_offered(name))
            .map(|name| {
                let full = normalize(&name);
                let city = full.rsplit('/').next().unwrap_or(&full).to_string();
                let legacy = (!name.contains('/') && name != "UTC")
                    || LEGACY_PREFIXES.iter().any(|p| name.starts_with(p));
                ZoneName {
                    name,
                    full,
                    city,
                    legacy,
                }
            })
            .collect();
        names.sort_by(|a, b| a.name.cmp(&b.name));
        names
    })
}

fn is_offered(name: &str) -> bool {
    !NOT_OFFERED.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Lower case, underscores as spaces, runs of blanks as one space, punctuation kept: the text fold
/// with separators, since `/` and `-` divide a zone name's parts.
fn normalize(text: &str) -> String {
    fold_with(text, FoldOptions::WITH_SEPARATORS)
}

/// What the member typed, safe to put between backticks in a reply and short.
fn echo(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '/' | '_' | '-' | '+' | ' '))
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::time;

    use super::*;

    // --- Options -------------------------------------------------------------------------------

    #[test]
    fn post_times_that_are_accepted() {
        for (input, hour, minute) in [
            ("09:30", 9, 30),
            ("9:30", 9, 30),
            ("21:05", 21, 5),
            (" 7:05 ", 7, 5),
            ("00:00", 0, 0),
            ("23:59", 23, 59),
        ] {
            assert_eq!(
                parse_post_time(input),
                Ok(time(hour, minute, 0, 0)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn post_times_that_are_refused_say_the_expected_form() {
        for (input, error) in [
            ("25:00", InputError::TimeRange),
            ("24:00", InputError::TimeRange),
            ("09:60", InputError::TimeRange),
            ("9", InputError::TimeForm),
            ("9:5pm", InputError::TimeForm),
            ("9:5", InputError::TimeForm),
            ("", InputError::TimeForm),
            ("09:30:00", InputError::TimeForm),
            ("+9:30", InputError::TimeForm),
            ("-1:30", InputError::TimeForm),
            ("9.30", InputError::TimeForm),
            ("１０:３０", InputError::TimeForm),
            ("123:00", InputError::TimeForm),
        ] {
            assert_eq!(parse_post_time(input), Err(error.clone()), "{input:?}");
            let message = error.to_string();
            assert!(
                message.contains("HH:MM") && message.len() < 120,
                "{message}"
            );
        }
    }

    #[test]
    fn zones_that_are_accepted() {
        for (input, name) in [
            ("Asia/Seoul", "Asia/Seoul"),
            ("asia/seoul", "Asia/Seoul"),
            (" Europe/London ", "Europe/London"),
            ("America/New York", "America/New_York"),
            ("UTC", "UTC"),
            ("Asia/Kolkata", "Asia/Kolkata"),
        ] {
            let zone = parse_zone(input).expect(input);
            assert_eq!(zone.iana_name(), Some(name));
        }
    }

    #[test]
    fn unknown_zones_are_refused_with_the_nearest_names() {
        let Err(InputError::UnknownZone { typed, suggestions }) = parse_zone("Asia/Seol") else {
            panic!("refused");
        };
        assert_eq!(typed, "Asia/Seol");
        assert_eq!(suggestions.first().map(String::as_str), Some("Asia/Seoul"));
        assert_eq!(suggestions.len(), 5);
        let Err(InputError::UnknownZone { suggestions, .. }) = parse_zone("Amercia/New_York")
        else {
            panic!("refused");
        };
        assert_eq!(suggestions[0], "America/New_York");
        let Err(InputError::UnknownZone { suggestions, .. }) = parse_zone("Los Angles") else {
            panic!("refused");
        };
        assert_eq!(suggestions[0], "America/Los_Angeles");
        for bad in [
            "Mars/Olympus_Mons",
            "localtime",
            "posixrules",
            "../../etc/passwd",
            "+09:00",
        ] {
            let error = parse_zone(bad).expect_err(bad);
            assert!(matches!(error, InputError::UnknownZone { .. }), "{bad}");
        }
        assert_eq!(parse_zone("  "), Err(InputError::ZoneMissing));
        let message = parse_zone("Asia/Seol").expect_err("unknown").to_string();
        assert!(
            message.starts_with("`Asia/Seol` is not a time zone I know. Did you mean Asia/Seoul,")
        );
        // What is echoed cannot break out of its backticks.
        let message = parse_zone("Asia/`Seol @everyone")
            .expect_err("unknown")
            .to_string();
        assert!(
            message.starts_with("`Asia/Seol everyone` is not a time zone I know."),
            "{message}"
        );
    }

    #[test]
    fn zone_autocomplete() {
        let first = |typed: &str| zone_suggestions(typed, 25).first().cloned();
        assert_eq!(first("seoul").as_deref(), Some("Asia/Seoul"));
        assert_eq!(first("SEOUL").as_deref(), Some("Asia/Seoul"));
        assert_eq!(first("new york").as_deref(), Some("America/New_York"));
        assert_eq!(first("new_york").as_deref(), Some("America/New_York"));
        assert_eq!(first("york").as_deref(), Some("America/New_York"));
        assert_eq!(first("kolk").as_deref(), Some("Asia/Kolkata"));
        assert_eq!(first("asia/se").as_deref(), Some("Asia/Seoul"));
        assert_eq!(first("los").as_deref(), Some("America/Los_Angeles"));
        assert_eq!(first("").as_deref(), Some("Asia/Seoul"));
        // A typo that matches nothing falls back to the nearest names.
        assert!(zone_suggestions("seol", 5).contains(&"Asia/Seoul".to_string()));
        // Current names before old aliases.
        let eastern = zone_suggestions("eastern", 25);
        assert!(eastern.iter().all(|n| n.contains("Eastern")), "{eastern:?}");
        let america = zone_suggestions("america", 25);
        assert_eq!(america.len(), 25);
        assert!(america.iter().all(|n| n.starts_with("America/")));
        assert!(zone_suggestions("", 3).len() == 3);
        // Every suggestion is a zone that parses.
        for typed in ["seoul", "new york", "", "lond", "syd", "x"] {
            for name in zone_suggestions(typed, 25) {
                assert!(parse_zone(&name).is_ok(), "{name}");
            }
        }
    }
}

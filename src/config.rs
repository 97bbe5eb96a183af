//! Configuration: a TOML file, overridden key by key by environment variables.
//!
//! Every key is declared once in [`KEYS`]; that table drives parsing, the environment variable names
//! (`DRAMABOT_<SECTION>_<KEY>`), and the check that `config.example.toml` documents every key. An
//! unknown key or a bad value is an error that names the key and where it came from. The token is a
//! [`Secret`]: it prints as `[redacted]` and no error ever quotes it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ids::GuildId;

/// A value that must never reach a log or an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that needs it (logging in to Discord).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The whole configuration, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The bot token; only `dramabot run` needs it.
    pub token: Option<Secret>,
    /// Register commands to this one server (instant, for development) instead of globally.
    pub dev_guild_id: Option<GuildId>,
    /// Send REST requests here instead of to Discord (a rate-limit proxy); turns serenity's own
    /// rate limiter off, since serenity ignores the proxy while it is on.
    pub api_base_url: Option<String>,
    /// Run only these shards of the total (`START..END/TOTAL`); `None` means autosharding.
    pub shards: Option<ShardRange>,
    /// The application's public key (hex), to verify HTTP interactions in `serve-http`.
    pub public_key: Option<String>,
    /// The SQLite file; `:memory:` for a database that lives as long as the process.
    pub database_path: String,
    /// A PostgreSQL database (`postgres://…`) to keep everything in instead of the SQLite file.
    /// A secret: its password must reach no log.
    pub database_url: Option<Secret>,
    /// The folder of fact packs loaded at start.
    pub packs_dir: PathBuf,
    /// The log level: error, warn, info, debug or trace (`RUST_LOG`, when set, wins).
    pub log_level: String,
    /// How many hours late a daily post may still go out after downtime, on the same local day.
    pub qotd_grace_hours: i64,
    /// How many seconds members have to join a team before a teams game's first question.
    pub trivia_join_seconds: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            token: None,
            dev_guild_id: None,
            api_base_url: None,
            shards: None,
            public_key: None,
            database_path: "./dramabot.db".to_string(),
            database_url: None,
            packs_dir: PathBuf::from("./data/packs"),
            log_level: "info".to_string(),
            qotd_grace_hours: 12,
            trivia_join_seconds: dramabot_core::trivia::modes::JOIN_WINDOW.as_secs(),
        }
    }
}

/// A range of shards for one process: shards `start..end` (end excluded) of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub start: u32,
    pub end: u32,
    pub total: u32,
}

impl ShardRange {
    /// Reads `START..END/TOTAL`, such as `0..4/16` (shards 0, 1, 2 and 3 of 16).
    pub fn parse(text: &str) -> Option<ShardRange> {
        let (range, total) = text.trim().split_once('/')?;
        let (start, end) = range.split_once("..")?;
        let range = ShardRange {
            start: start.trim().parse().ok()?,
            end: end.trim().parse().ok()?,
            total: total.trim().parse().ok()?,
        };
        (range.start < range.end && range.end <= range.total).then_some(range)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Secret,
    Snowflake,
    Text,
    LogLevel,
    Url,
    Shards,
    PublicKey,
    Hours,
    JoinSeconds,
    DatabaseUrl,
}

/// One configuration key.
pub struct Key {
    pub section: &'static str,
    pub name: &'static str,
    kind: Kind,
}

impl Key {
    /// The environment variable that overrides this key.
    pub fn env_var(&self) -> String {
        format!(
            "DRAMABOT_{}_{}",
            self.section.to_ascii_uppercase(),
            self.name.to_ascii_uppercase()
        )
    }

    /// `section.name`, as errors name it.
    pub fn path(&self) -> String {
        format!("{}.{}", self.section, self.name)
    }
}

/// Every key dramabot knows.
pub const KEYS: &[Key] = &[
    Key {
        section: "discord",
        name: "token",
        kind: Kind::Secret,
    },
    Key {
        section: "discord",
        name: "dev_guild_id",
        kind: Kind::Snowflake,
    },
    Key {
        section: "discord",
        name: "api_base_url",
        kind: Kind::Url,
    },
    Key {
        section: "discord",
        name: "shards",
        kind: Kind::Shards,
    },
    Key {
        section: "discord",
        name: "public_key",
        kind: Kind::PublicKey,
    },
    Key {
        section: "database",
        name: "path",
        kind: Kind::Text,
    },
    Key {
        section: "database",
        name: "url",
        kind: Kind::DatabaseUrl,
    },
    Key {
        section: "data",
        name: "packs",
        kind: Kind::Text,
    },
    Key {
        section: "log",
        name: "level",
        kind: Kind::LogLevel,
    },
    Key {
        section: "quotes",
        name: "grace_hours",
        kind: Kind::Hours,
    },
    Key {
        section: "trivia",
        name: "join_seconds",
        kind: Kind::JoinSeconds,
    },
];

/// The environment variable that names the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "DRAMABOT_CONFIG";
/// The conventional name of the token variable, accepted beside `DRAMABOT_DISCORD_TOKEN`.
pub const TOKEN_ENV: &str = "DISCORD_TOKEN";

/// A raw value and where it came from, for error messages.
struct Raw {
    value: toml::Value,
    origin: String,
}

impl Config {
    /// The database to open: the PostgreSQL URL when `database.url` is set, else the SQLite file
    /// (see [`crate::store::Store::open_database`]).
    pub fn database(&self) -> &str {
        self.database_url
            .as_ref()
            .map_or(self.database_path.as_str(), Secret::expose)
    }

    /// Loads the configuration: defaults, then the file (if any), then the environment.
    /// `env` is the process environment (passed in so tests can give their own).
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config> {
        // Raw values by their key's index in `KEYS`.
        let mut raw: BTreeMap<usize, Raw> = BTreeMap::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
            read_file(&text, &path.display().to_string(), &mut raw)?;
        }
        read_env(env, &mut raw)?;
        let mut config = Config::default();
        for (index, key) in KEYS.iter().enumerate() {
            if let Some(value) = raw.get(&index) {
                config.set(key, value)?;
            }
        }
        Ok(config)
    }

    fn set(&mut self, key: &Key, raw: &Raw) -> Result<()> {
        let bad = |expected: &str, shown: Option<&toml::Value>| {
            let got = shown.map_or(String::new(), |v| format!(", got {v}"));
            Error::Config(format!(
                "{} (from {}): expected {expected}{got}",
                key.path(),
                raw.origin
            ))
        };
        match key.kind {
            Kind::Secret => {
                // Never show the value: it may be a token pasted into the wrong key.
                let text = raw.value.as_str().ok_or_else(|| bad("a string", None))?;
                let text = text.trim();
                self.token = (!text.is_empty()).then(|| Secret(text.to_string()));
            }
            Kind::Snowflake => {
                let id = match &raw.value {
                    toml::Value::Integer(n) => u64::try_from(*n).ok(),
                    toml::Value::String(s) if s.trim().is_empty() => {
                        self.dev_guild_id = None;
                        return Ok(());
                    }
                    toml::Value::String(s) => s.trim().parse::<u64>().ok(),
                    _ => None,
                };
                match id {
                    Some(id) if id > 0 => self.dev_guild_id = Some(GuildId(id)),
                    _ => {
                        return Err(bad(
                            "a Discord server id (a positive number)",
                            Some(&raw.value),
                        ));
                    }
                }
            }
            Kind::Text => {
                let text = raw
                    .value
                    .as_str()
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| bad("a non-empty string", Some(&raw.value)))?;
                match (key.section, key.name) {
                    ("database", "path") => self.database_path = text.to_string(),
                    ("data", "packs") => self.packs_dir = PathBuf::from(text),
                    _ => unreachable!("every text key is handled above"),
                }
            }
            Kind::DatabaseUrl => {
                // Never show the value: it may hold the database's password.
                let text = raw
                    .value
                    .as_str()
                    .map(str::trim)
                    .ok_or_else(|| bad("a postgres:// URL", None))?;
                self.database_url = match text {
                    "" => None,
                    url if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                        Some(Secret(url.to_string()))
                    }
                    _ => return Err(bad("a URL starting with postgres://", None)),
                };
            }
            Kind::Url => {
                let text = raw
                    .value
                    .as_str()
                    .map(str::trim)
                    .ok_or_else(|| bad("a URL", Some(&raw.value)))?;
                self.api_base_url = match text {
                    "" => None,
                    url if url.starts_with("http://") || url.starts_with("https://") => {
                        Some(url.trim_end_matches('/').to_string())
                    }
                    _ => {
                        return Err(bad(
                            "a URL starting with http:// or https://",
                            Some(&raw.value),
                        ));
                    }
                };
            }
            Kind::Shards => {
                let text = raw
                    .value
                    .as_str()
                    .map(str::trim)
                    .ok_or_else(|| bad("a shard range", Some(&raw.value)))?;
                self.shards = match text {
                    "" => None,
                    _ => Some(ShardRange::parse(text).ok_or_else(|| {
                        bad(
                            "START..END/TOTAL with START < END <= TOTAL, like 0..4/16",
                            Some(&raw.value),
                        )
                    })?),
                };
            }
            Kind::PublicKey => {
                let text = raw
                    .value
                    .as_str()
                    .map(str::trim)
                    .ok_or_else(|| bad("a hex key", Some(&raw.value)))?;
                self.public_key = match text {
                    "" => None,
                    key if key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        Some(key.to_ascii_lowercase())
                    }
                    _ => {
                        return Err(bad(
                            "64 hexadecimal digits (the Public Key on the General Information page)",
                            Some(&raw.value),
                        ));
                    }
                };
            }
            Kind::Hours => {
                let hours = match &raw.value {
                    toml::Value::Integer(n) => Some(*n),
                    toml::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                self.qotd_grace_hours = hours
                    .filter(|h| (0..=24).contains(h))
                    .ok_or_else(|| bad("a whole number of hours from 0 to 24", Some(&raw.value)))?;
            }
            Kind::JoinSeconds => {
                let seconds = match &raw.value {
                    toml::Value::Integer(n) => Some(*n),
                    toml::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                self.trivia_join_seconds =
                    seconds.filter(|s| (1..=300).contains(s)).ok_or_else(|| {
                        bad("a whole number of seconds from 1 to 300", Some(&raw.value))
                    })?;
            }
            Kind::LogLevel => {
                let level = raw
                    .value
                    .as_str()
                    .map(str::to_ascii_lowercase)
                    .filter(|l| ["error", "warn", "info", "debug", "trace"].contains(&l.as_str()))
                    .ok_or_else(|| {
                        bad("one of error, warn, info, debug, trace", Some(&raw.value))
                    })?;
                self.log_level = level;
            }
        }
        Ok(())
    }
}

fn find_key(section: &str, name: &str) -> Option<(usize, &'static Key)> {
    KEYS.iter()
        .enumerate()
        .find(|(_, k)| k.section == section && k.name == name)
}

fn read_file(text: &str, origin: &str, raw: &mut BTreeMap<usize, Raw>) -> Result<()> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::Config(format!("{origin}: {}", e.message())))?;
    for (section, value) in table {
        let Some(entries) = value.as_table() else {
            return Err(Error::Config(format!(
                "{origin}: `{section}` must be a section like [{section}]"
            )));
        };
        if !KEYS.iter().any(|k| k.section == section) {
            return Err(Error::Config(format!(
                "{origin}: unknown section [{section}]; known sections: {}",
                known_sections()
            )));
        }
        for (name, value) in entries {
            let (index, _) = find_key(&section, name).ok_or_else(|| {
                Error::Config(format!(
                    "{origin}: unknown key {section}.{name}; known keys in [{section}]: {}",
                    KEYS.iter()
                        .filter(|k| k.section == section)
                        .map(|k| k.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            raw.insert(
                index,
                Raw {
                    value: value.clone(),
                    origin: origin.to_string(),
                },
            );
        }
    }
    Ok(())
}

fn read_env(
    env: impl IntoIterator<Item = (String, String)>,
    raw: &mut BTreeMap<usize, Raw>,
) -> Result<()> {
    let mut token_fallback = None;
    for (name, value) in env {
        if name == TOKEN_ENV {
            token_fallback = Some(value);
            continue;
        }
        if name == CONFIG_ENV || !name.starts_with("DRAMABOT_") {
            continue;
        }
        let index = KEYS
            .iter()
            .position(|k| k.env_var() == name)
            .ok_or_else(|| {
                Error::Config(format!(
                    "unknown environment variable {name}; known: {CONFIG_ENV}, {}",
                    KEYS.iter().map(Key::env_var).collect::<Vec<_>>().join(", ")
                ))
            })?;
        raw.insert(
            index,
            Raw {
                value: toml::Value::String(value),
                origin: format!("environment variable {name}"),
            },
        );
    }
    // DISCORD_TOKEN fills in only where neither the file nor DRAMABOT_DISCORD_TOKEN set a token.
    if let (Some(value), Some((index, _))) = (token_fallback, find_key("discord", "token")) {
        raw.entry(index).or_insert(Raw {
            value: toml::Value::String(value),
            origin: format!("environment variable {TOKEN_ENV}"),
        });
    }
    Ok(())
}

fn known_sections() -> String {
    let mut sections: Vec<&str> = KEYS.iter().map(|k| k.section).collect();
    sections.dedup();
    sections.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn from_text(text: &str, pairs: &[(&str, &str)]) -> Result<Config> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("dramabot.toml");
        std::fs::write(&path, text).expect("write config");
        Config::load(Some(&path), env(pairs))
    }

    #[test]
    fn defaults_apply_without_file_or_environment() {
        let config = Config::load(None, env(&[("HOME", "/root")])).expect("defaults");
        assert_eq!(config, Config::default());
        assert_eq!(config.database_path, "./dramabot.db");
    }

    #[test]
    fn the_example_config_documents_every_key_and_loads() {
        let text = include_str!("../config.example.toml");
        for key in KEYS {
            let documented = text.lines().any(|line| {
                let line = line.trim_start_matches('#').trim_start();
                line.starts_with(&format!("{} =", key.name))
            });
            assert!(
                documented,
                "config.example.toml does not document {}",
                key.path()
            );
        }
        let config = from_text(text, &[]).expect("the example loads");
        assert_eq!(config.database_path, Config::default().database_path);
    }

    #[test]
    fn a_database_url_selects_postgresql_and_never_shows_in_an_error() {
        let config = Config::load(None, env(&[])).expect("defaults");
        assert_eq!(config.database(), "./dramabot.db");
        let url = "postgres://bot:hunter2@db.example:5432/dramabot";
        let config = Config::load(None, env(&[("DRAMABOT_DATABASE_URL", url)])).expect("loads");
        assert_eq!(config.database(), url);
        assert!(!format!("{config:?}").contains("hunter2"));
        let err = Config::load(
            None,
            env(&[("DRAMABOT_DATABASE_URL", "mysql://bot:hunter2@db/x")]),
        )
        .expect_err("not PostgreSQL");
        let text = err.to_string();
        assert!(text.contains("database.url"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        let config = from_text("[database]\nurl = \"\"\n", &[]).expect("empty is unset");
        assert_eq!(config.database_url, None);
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let config = from_text(
            "[database]\npath = \"a.db\"\n[discord]\ndev_guild_id = 42\n",
            &[
                ("DRAMABOT_DATABASE_PATH", "b.db"),
                ("DRAMABOT_LOG_LEVEL", "DEBUG"),
                ("DISCORD_TOKEN", "from-discord-token"),
            ],
        )
        .expect("loads");
        assert_eq!(config.database_path, "b.db");
        assert_eq!(config.dev_guild_id, Some(GuildId(42)));
        assert_eq!(config.log_level, "debug");
        assert_eq!(
            config.token.as_ref().map(Secret::expose),
            Some("from-discord-token")
        );

        let config = Config::load(
            None,
            env(&[
                ("DISCORD_TOKEN", "fallback"),
                ("DRAMABOT_DISCORD_TOKEN", "preferred"),
            ]),
        )
        .expect("loads");
        assert_eq!(config.token.as_ref().map(Secret::expose), Some("preferred"));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let err = from_text("[discord]\ntokn = \"x\"\n", &[]).expect_err("unknown key");
        assert!(
            err.to_string().contains("unknown key discord.tokn"),
            "{err}"
        );

        let err = from_text("[bot]\nx = 1\n", &[]).expect_err("unknown section");
        assert!(err.to_string().contains("unknown section [bot]"), "{err}");

        let err = Config::load(None, env(&[("DRAMABOT_DISCORD_DEV_GUILD_ID", "abc")]))
            .expect_err("bad id");
        assert_eq!(
            err.to_string(),
            "configuration: discord.dev_guild_id (from environment variable DRAMABOT_DISCORD_DEV_GUILD_ID): expected a Discord server id (a positive number), got \"abc\""
        );

        let err =
            Config::load(None, env(&[("DRAMABOT_DISCORD_SHARDZ", "1")])).expect_err("unknown env");
        assert!(
            err.to_string()
                .contains("unknown environment variable DRAMABOT_DISCORD_SHARDZ")
        );

        let err = from_text("[log]\nlevel = \"loud\"\n", &[]).expect_err("bad level");
        assert!(err.to_string().contains("log.level"), "{err}");
    }

    #[test]
    fn the_team_join_window_is_set_in_seconds_within_bounds() {
        assert_eq!(Config::default().trivia_join_seconds, 30);
        let config = from_text("[trivia]\njoin_seconds = 90\n", &[]).expect("loads");
        assert_eq!(config.trivia_join_seconds, 90);
        let config =
            Config::load(None, env(&[("DRAMABOT_TRIVIA_JOIN_SECONDS", "3")])).expect("loads");
        assert_eq!(config.trivia_join_seconds, 3);
        for bad in ["0", "301", "soon"] {
            let err = Config::load(None, env(&[("DRAMABOT_TRIVIA_JOIN_SECONDS", bad)]))
                .expect_err("out of bounds");
            assert!(err.to_string().contains("trivia.join_seconds"), "{err}");
        }
    }

    #[test]
    fn shard_ranges_parse_and_bad_ones_are_refused() {
        assert_eq!(
            ShardRange::parse("0..4/16"),
            Some(ShardRange {
                start: 0,
                end: 4,
                total: 16
            })
        );
        for bad in ["4..4/16", "0..17/16", "0-4/16", "a..b/c", "0..4"] {
            assert_eq!(ShardRange::parse(bad), None, "{bad}");
        }
        let config = Config::load(
            None,
            env(&[
                ("DRAMABOT_DISCORD_SHARDS", "2..4/8"),
                ("DRAMABOT_DISCORD_API_BASE_URL", "http://127.0.0.1:3000/"),
            ]),
        )
        .expect("loads");
        assert_eq!(
            config.shards,
            Some(ShardRange {
                start: 2,
                end: 4,
                total: 8
            })
        );
        assert_eq!(
            config.api_base_url.as_deref(),
            Some("http://127.0.0.1:3000")
        );
        let err = Config::load(None, env(&[("DRAMABOT_DISCORD_SHARDS", "8/2")])).expect_err("bad");
        assert!(err.to_string().contains("discord.shards"), "{err}");
        let err =
            Config::load(None, env(&[("DRAMABOT_DISCORD_PUBLIC_KEY", "xyz")])).expect_err("bad");
        assert!(err.to_string().contains("discord.public_key"), "{err}");
    }

    #[test]
    fn the_token_never_appears_in_errors_or_debug_output() {
        let err = from_text("[discord]\ntoken = 12345\n", &[]).expect_err("wrong type");
        assert!(!err.to_string().contains("12345"), "{err}");
        let config =
            Config::load(None, env(&[("DISCORD_TOKEN", "very-secret-token")])).expect("loads");
        assert!(!format!("{config:?}").contains("very-secret-token"));
    }
}

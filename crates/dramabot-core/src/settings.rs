//! `/settings`: a server's choices that every feature respects (its drama and its spoiler watermark).
//!
//! Moderators only: the command is registered with Manage Server and the router checks it again.
//! `/settings trivia` sits here in the table, since Discord sets permissions per top-level command,
//! but its handler lives with the game (`trivia::settings`).

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{self, Locale, msg};
use crate::ids::RoleId;
use crate::model::{GuildSettings, PackSummary, SpoilerMode, find_pack};
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::text::{clip, fold};

/// Why `/settings` needs a server, for [`Ctx::guild`].
const IN_A_SERVER: &str = "Settings belong to a server";

/// `/settings show`.
pub fn show(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild(IN_A_SERVER)?;
    let settings = ctx.settings()?;
    let packs = ctx.app.packs();
    let reviewers = match ctx.app.reader().reviewer_role(guild)? {
        Some(role) => format!("Manage Server, and members with <@&{role}>."),
        None => "Manage Server (a role can be added with `/settings reviewer`).".to_string(),
    };
    let language = match ctx.app.reader().guild_language(guild)? {
        None => msg::SETTINGS_LANGUAGE_SHOW_AUTO,
        Some(Locale::English) => msg::SETTINGS_LANGUAGE_SHOW_EN,
        Some(Locale::Korean) => msg::SETTINGS_LANGUAGE_SHOW_KO,
    };
    let embed = crate::seasons::settings_fields(ctx, guild)?
        .into_iter()
        .fold(
            card(&settings, packs)
                .field("Reviewers", reviewers)
                .field(ctx.text(msg::SETTINGS_LANGUAGE_LABEL), ctx.text(language)),
            |e, (name, value)| e.field(name, value),
        );
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(embed)
    })
}

/// The settings card.
pub fn card(settings: &GuildSettings, packs: &[PackSummary]) -> Embed {
    let drama = match &settings.drama {
        None => "All loaded dramas".to_string(),
        Some(id) => packs
            .iter()
            .find(|p| &p.id == id)
            .map_or_else(|| format!("{id} (no longer loaded)"), |p| p.title.clone()),
    };
    let spoilers = match settings.spoiler_episode {
        None | Some(0) => {
            "Nothing watched yet: everything tied to an episode is guarded.".to_string()
        }
        Some(n) => format!("Watched up to episode {n}: later episodes are guarded."),
    };
    let mode = match settings.spoiler_mode {
        SpoilerMode::Hide => "Guarded items are left out.",
        SpoilerMode::Blur => "Guarded items are shown behind spoiler bars.",
    };
    Embed {
        title: Some("Server settings".into()),
        colour: Some(COLOUR),
        ..Embed::default()
    }
    .field("Drama", drama)
    .field("Spoilers", format!("{spoilers}\n{mode}"))
}

/// The arguments of `/settings spoilers episode:<n> [mode:hide|blur]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoilersArgs {
    /// The last episode everyone has watched (0: none yet).
    pub episode: i64,
    /// How to treat later spoilers; unchanged when not given.
    pub mode: Option<SpoilerMode>,
}

impl FromOptions for SpoilersArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(SpoilersArgs {
            episode: options.require("episode")?,
            mode: options.choice(
                "mode",
                &[("hide", SpoilerMode::Hide), ("blur", SpoilerMode::Blur)],
            )?,
        })
    }
}

/// `/settings spoilers episode:<n> [mode:hide|blur]`.
pub fn spoilers(ctx: &mut Ctx<'_>, args: SpoilersArgs) -> Result<Reply> {
    let guild = ctx.guild(IN_A_SERVER)?;
    let mut settings = ctx.settings_to_change()?;
    let episode = args.episode;
    let packs = ctx.app.packs();
    let most = packs
        .iter()
        .filter(|p| settings.drama.as_ref().is_none_or(|d| d == &p.id))
        .map(|p| p.episodes)
        .max()
        .unwrap_or(0);
    if episode > most {
        return Err(Error::BadInput(format!(
            "`episode` can be at most {most}: no drama of this server has more episodes."
        )));
    }
    settings.spoiler_episode = Some(episode);
    if let Some(mode) = args.mode {
        settings.spoiler_mode = mode;
    }
    ctx.app
        .store()
        .save_guild_settings(guild, &settings, ctx.inv.now)?;
    tracing::info!(guild = guild.0, episode, "spoiler watermark changed");
    Ok(Reply {
        ephemeral: true,
        content: Some("Saved.".into()),
        ..Reply::embed(card(&settings, packs))
    })
}

/// The arguments of `/settings drama drama:<title or all>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DramaArgs {
    /// A drama's id or title, or `all`.
    pub drama: String,
}

impl FromOptions for DramaArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(DramaArgs {
            drama: options.require("drama")?,
        })
    }
}

/// `/settings drama drama:<title or all>`.
pub fn drama(ctx: &mut Ctx<'_>, args: DramaArgs) -> Result<Reply> {
    let guild = ctx.guild(IN_A_SERVER)?;
    let mut settings = ctx.settings_to_change()?;
    let wanted = args.drama;
    let packs = ctx.app.packs();
    settings.drama = if fold(&wanted) == "all" {
        None
    } else {
        let pack = find_pack(packs, &wanted).ok_or_else(|| {
            let titles: Vec<&str> = packs.iter().map(|p| p.title.as_str()).collect();
            Error::BadInput(format!(
                "I have no drama called “{}”. Loaded: {}, or `all`.",
                clip(wanted.trim(), 100),
                titles.join(", ")
            ))
        })?;
        Some(pack.id.clone())
    };
    ctx.app
        .store()
        .save_guild_settings(guild, &settings, ctx.inv.now)?;
    Ok(Reply {
        ephemeral: true,
        content: Some("Saved.".into()),
        ..Reply::embed(card(&settings, packs))
    })
}

/// The arguments of `/settings reviewer [role:]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerArgs {
    /// The role that may review; `None` clears it.
    pub role: Option<RoleId>,
}

impl FromOptions for ReviewerArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(ReviewerArgs {
            role: options.get("role")?,
        })
    }
}

/// `/settings reviewer [role:]`: the role that may use `/review` besides Manage Server.
pub fn reviewer(ctx: &mut Ctx<'_>, args: ReviewerArgs) -> Result<Reply> {
    let guild = ctx.guild(IN_A_SERVER)?;
    ctx.app
        .store()
        .set_reviewer_role(guild, args.role, ctx.inv.now)?;
    tracing::info!(guild = guild.0, role = ?args.role, "reviewer role changed");
    let ko = ctx.korean();
    Ok(Reply::private(match (args.role, ko) {
        (Some(role), false) => format!(
            "Saved. Members with <@&{role}> may now review submissions with `/review next`, as may anyone with Manage Server."
        ),
        (Some(role), true) => format!(
            "저장했어요. 이제 <@&{role}> 역할이 있는 멤버도 `/review next`로 제출을 검토할 수 있어요."
        ),
        (None, false) => {
            "Saved. Only members with Manage Server may review submissions now.".to_string()
        }
        (None, true) => {
            "저장했어요. 이제 서버 관리 권한이 있는 멤버만 제출을 검토할 수 있어요.".to_string()
        }
    }))
}

/// The arguments of `/settings language language:auto|en|ko`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageArgs {
    /// The locale to fix; `None` (auto) lets each member's Discord locale choose.
    pub language: Option<Locale>,
}

impl FromOptions for LanguageArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        let language = options.choice(
            "language",
            &[
                ("auto", None),
                ("en", Some(Locale::English)),
                ("ko", Some(Locale::Korean)),
            ],
        )?;
        Ok(LanguageArgs {
            language: language.flatten(),
        })
    }
}

/// `/settings language language:auto|en|ko`: the language the bot answers in on this server.
/// The answer is in the language just chosen.
pub fn language(ctx: &mut Ctx<'_>, args: LanguageArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SETTINGS_IN_A_SERVER)?;
    ctx.app
        .store()
        .set_guild_language(guild, args.language, ctx.inv.now)?;
    tracing::info!(guild = guild.0, language = ?args.language, "server language changed");
    let locale = args
        .language
        .unwrap_or_else(|| Locale::from_discord(&ctx.inv.locale));
    Ok(Reply::private(match args.language {
        Some(_) => i18n::text(locale, msg::SETTINGS_LANGUAGE_FIXED),
        None => i18n::text(locale, msg::SETTINGS_LANGUAGE_AUTO),
    }))
}

/// Suggests dramas (those `/cast` suggests) and `all` while a moderator types.
pub fn complete_drama(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let mut choices = crate::cast::complete_drama(ctx, typed)?;
    if "all".contains(&fold(typed)) {
        choices.push(Choice {
            name: "All loaded dramas".into(),
            value: "all".into(),
        });
    }
    Ok(choices)
}

#[cfg(test)]
mod tests {
    use crate::ids::GuildId;
    use crate::model::{GuildSettings, SpoilerMode};
    use crate::reply::{Choice, Response};
    use crate::router::App;
    use crate::router::tests::{command, invocation, run};
    use crate::router::{Action, handle};
    use crate::store::tests::store_with_sample;

    fn moderator(name: &str, sub: &str, options: &[(&str, &str)]) -> crate::router::Invocation {
        let mut inv = command(name, Some(sub), options);
        inv.is_moderator = true;
        inv
    }

    #[test]
    fn a_fixed_language_answers_everyone_in_it_and_auto_gives_each_member_theirs() {
        let app = App::new(store_with_sample());
        let refusal_ko = "`/nope`은(는) 모르는 명령어예요.";
        let refused = |locale: &str| {
            let mut inv = command("nope", None, &[]);
            inv.locale = locale.into();
            run(&app, &inv).content.unwrap_or_default()
        };
        assert!(refused("en-US").starts_with("I don't know `/nope`."));

        let reply = run(
            &app,
            &moderator("settings", "language", &[("language", "ko")]),
        );
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some("저장했어요. 이제 이 서버에서는 모두에게 한국어로 답해요.")
        );
        assert!(refused("en-US").starts_with(refusal_ko));
        let mut show = moderator("settings", "show", &[]);
        show.locale = "en-US".into();
        let card = &run(&app, &show).embeds[0];
        assert!(
            card.fields
                .iter()
                .any(|f| f.name == "언어" && f.value == "모두 한국어")
        );

        let reply = run(
            &app,
            &moderator("settings", "language", &[("language", "en")]),
        );
        assert_eq!(
            reply.content.as_deref(),
            Some("Saved. I answer everyone here in English now.")
        );
        assert!(refused("ko").starts_with("I don't know `/nope`."));

        let mut auto = moderator("settings", "language", &[("language", "auto")]);
        auto.locale = "ko".into();
        assert_eq!(
            run(&app, &auto).content.as_deref(),
            Some("저장했어요. 이제 멤버마다 디스코드 언어(한국어 또는 영어)로 답해요.")
        );
        assert!(refused("ko").starts_with(refusal_ko));
        assert!(refused("en-GB").starts_with("I don't know `/nope`."));

        let wrong = run(
            &app,
            &moderator("settings", "language", &[("language", "fr")]),
        );
        assert_eq!(
            wrong.content.as_deref(),
            Some("`language` must be one of: auto, en, ko.")
        );
        assert_eq!(app.store().guild_language(GuildId(1)).expect("read"), None);
    }

    #[test]
    fn a_moderator_sets_the_spoiler_watermark() {
        let app = App::new(store_with_sample());
        let reply = run(
            &app,
            &moderator(
                "settings",
                "spoilers",
                &[("episode", "5"), ("mode", "hide")],
            ),
        );
        assert_eq!(reply.content.as_deref(), Some("Saved."));
        assert_eq!(
            app.store().guild_settings(GuildId(1)).expect("read"),
            Some(GuildSettings {
                drama: None,
                spoiler_episode: Some(5),
                spoiler_mode: SpoilerMode::Hide
            })
        );
    }

    #[test]
    fn an_episode_past_the_drama_is_refused_and_nothing_changes() {
        let app = App::new(store_with_sample());
        let reply = run(
            &app,
            &moderator("settings", "spoilers", &[("episode", "9")]),
        );
        assert_eq!(
            reply.content.as_deref(),
            Some("`episode` can be at most 8: no drama of this server has more episodes.")
        );
        assert_eq!(app.store().guild_settings(GuildId(1)).expect("read"), None);
    }

    /// The drama the test server saved, if any.
    fn saved_drama(app: &App) -> Option<String> {
        app.store()
            .guild_settings(GuildId(1))
            .expect("read")
            .and_then(|s| s.drama)
    }

    #[test]
    fn the_drama_is_chosen_by_title_or_reset_with_all() {
        let app = App::new(store_with_sample());
        run(
            &app,
            &moderator("settings", "drama", &[("drama", "sample drama")]),
        );
        assert_eq!(saved_drama(&app).as_deref(), Some("sample"));
        let reply = run(
            &app,
            &moderator("settings", "drama", &[("drama", "Goblin")]),
        );
        assert_eq!(
            reply.content.as_deref(),
            Some("I have no drama called “Goblin”. Loaded: Sample Drama, or `all`.")
        );
        run(&app, &moderator("settings", "drama", &[("drama", "all")]));
        assert_eq!(saved_drama(&app), None);
    }

    fn drama_choices(app: &App, name: &str, sub: Option<&str>, typed: &str) -> Vec<Choice> {
        let inv = invocation(Action::Autocomplete {
            name: name.into(),
            subcommand: sub.map(str::to_string),
            focused: "drama".into(),
            typed: typed.into(),
            options: Vec::new(),
        });
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        match handle(app, &inv, &mut rng).response {
            Response::Autocomplete(choices) => choices,
            other => panic!("choices: {other:?}"),
        }
    }

    #[test]
    fn dramas_are_suggested_alike_everywhere_and_settings_adds_all() {
        let app = App::new(store_with_sample());
        let sample = Choice {
            name: "Sample Drama (샘플)".into(),
            value: "sample".into(),
        };
        let all = Choice {
            name: "All loaded dramas".into(),
            value: "all".into(),
        };
        for typed in ["sam", "DRAMA", "샘", ""] {
            assert_eq!(
                drama_choices(&app, "cast", None, typed),
                vec![sample.clone()],
                "{typed:?}"
            );
        }
        assert_eq!(
            drama_choices(&app, "trivia", Some("start"), "sample"),
            vec![sample.clone()]
        );
        assert!(drama_choices(&app, "cast", None, "goblin").is_empty());
        assert_eq!(
            drama_choices(&app, "settings", Some("drama"), "sam"),
            vec![sample.clone()]
        );
        assert_eq!(
            drama_choices(&app, "settings", Some("drama"), "al"),
            vec![all.clone()]
        );
        assert_eq!(
            drama_choices(&app, "settings", Some("drama"), ""),
            vec![sample, all]
        );
        // A suggestion's value (the pack id) is what the command then takes.
        run(
            &app,
            &moderator("settings", "drama", &[("drama", "sample")]),
        );
        assert_eq!(saved_drama(&app).as_deref(), Some("sample"));
    }
}

//! `/settings`: a server's choices that every feature respects (its drama and its spoiler watermark).
//!
//! Moderators only: the command is registered with Manage Server and the router checks it again.
//! `/settings trivia` sits here in the table, since Discord sets permissions per top-level command,
//! but its handler lives with the game (`trivia::settings`).
//!
//! `/settings language` also decides the language of what the bot posts in a channel for
//! everyone ([`channel_locale`]): the server's fixed language, English for `auto`, since no one
//! member's Discord locale can speak for a channel.

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{self, Locale, msg};
use crate::ids::RoleId;
use crate::model::{GuildSettings, PackSummary, SpoilerMode, find_pack};
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::text::{clip, fold};

/// `/settings show`.
pub fn show(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SETTINGS_IN_A_SERVER)?;
    let settings = ctx.settings()?;
    let packs = ctx.app.packs();
    let reviewers = match ctx.app.reader().reviewer_role(guild)? {
        Some(role) => ctx.tr(
            msg::SETTINGS_REVIEWERS_ROLE,
            &[("role", role.to_string().into())],
        ),
        None => ctx.text(msg::SETTINGS_REVIEWERS_NONE),
    };
    let language = match ctx.app.reader().guild_language(guild)? {
        None => msg::SETTINGS_LANGUAGE_SHOW_AUTO,
        Some(Locale::English) => msg::SETTINGS_LANGUAGE_SHOW_EN,
        Some(Locale::Korean) => msg::SETTINGS_LANGUAGE_SHOW_KO,
    };
    let embed = crate::seasons::settings_fields(ctx, guild)?
        .into_iter()
        .fold(
            card(&settings, packs, ctx.locale())
                .field(ctx.text(msg::SETTINGS_REVIEWERS_LABEL), reviewers)
                .field(ctx.text(msg::SETTINGS_LANGUAGE_LABEL), ctx.text(language)),
            |e, (name, value)| e.field(name, value),
        );
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(embed)
    })
}

/// The settings card, in `locale`. A Korean reader reads a drama's Korean title where the pack
/// gives one.
pub fn card(settings: &GuildSettings, packs: &[PackSummary], locale: Locale) -> Embed {
    let tr = |id, args: &[(&str, i18n::Arg<'_>)]| i18n::tr(locale, id, args);
    let drama = match &settings.drama {
        None => i18n::text(locale, msg::SETTINGS_ALL_DRAMAS),
        Some(id) => packs.iter().find(|p| &p.id == id).map_or_else(
            || tr(msg::SETTINGS_DRAMA_GONE, &[("drama", id.as_str().into())]),
            |p| title_in(p, locale).to_string(),
        ),
    };
    let spoilers = match settings.spoiler_episode {
        None | Some(0) => i18n::text(locale, msg::SETTINGS_NOTHING_WATCHED),
        Some(n) => tr(msg::SETTINGS_WATCHED_UP_TO, &[("episode", n.into())]),
    };
    let mode = i18n::text(
        locale,
        match settings.spoiler_mode {
            SpoilerMode::Hide => msg::SETTINGS_MODE_HIDE,
            SpoilerMode::Blur => msg::SETTINGS_MODE_BLUR,
        },
    );
    Embed {
        title: Some(i18n::text(locale, msg::SETTINGS_CARD_TITLE)),
        colour: Some(COLOUR),
        ..Embed::default()
    }
    .field(i18n::text(locale, msg::SETTINGS_DRAMA_LABEL), drama)
    .field(
        i18n::text(locale, msg::SETTINGS_SPOILERS_LABEL),
        format!("{spoilers}\n{mode}"),
    )
}

/// A drama's title as a reader in `locale` reads it: its Korean title where the pack gives one.
fn title_in(pack: &PackSummary, locale: Locale) -> &str {
    if locale.is_korean() && !pack.title_ko.is_empty() {
        &pack.title_ko
    } else {
        &pack.title
    }
}

/// The language of the messages the bot posts in `guild`'s channels (the daily quote, a season's
/// final standings), which no one member's Discord locale chooses: the server's `/settings
/// language`, and English when it left that to each member (`auto`). A setting that cannot be read
/// is logged and read as English.
pub fn channel_locale(store: &crate::store::Store, guild: crate::ids::GuildId) -> Locale {
    store.guild_language(guild).unwrap_or_else(|e| {
        tracing::warn!(guild = guild.0, error = %e, "cannot read the server's language; posting in English");
        None
    }).unwrap_or_default()
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
    let guild = ctx.guild_for(msg::SETTINGS_IN_A_SERVER)?;
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
        return Err(Error::BadInput(
            ctx.tr(msg::SETTINGS_EPISODE_TOO_FAR, &[("most", most.into())]),
        ));
    }
    settings.spoiler_episode = Some(episode);
    if let Some(mode) = args.mode {
        settings.spoiler_mode = mode;
    }
    ctx.app
        .store()
        .save_guild_settings(guild, &settings, ctx.inv.now)?;
    tracing::info!(guild = guild.0, episode, "spoiler watermark changed");
    Ok(saved(ctx, &settings))
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
    let guild = ctx.guild_for(msg::SETTINGS_IN_A_SERVER)?;
    let mut settings = ctx.settings_to_change()?;
    let wanted = args.drama;
    let packs = ctx.app.packs();
    settings.drama = if fold(&wanted) == "all" {
        None
    } else {
        let pack = find_pack(packs, &wanted).ok_or_else(|| {
            let titles: Vec<&str> = packs.iter().map(|p| title_in(p, ctx.locale())).collect();
            Error::BadInput(ctx.tr(
                msg::SETTINGS_NO_SUCH_DRAMA,
                &[
                    ("drama", clip(wanted.trim(), 100).into()),
                    ("loaded", titles.join(", ").into()),
                ],
            ))
        })?;
        Some(pack.id.clone())
    };
    ctx.app
        .store()
        .save_guild_settings(guild, &settings, ctx.inv.now)?;
    Ok(saved(ctx, &settings))
}

/// "Saved", privately, with the settings card as they now are.
fn saved(ctx: &Ctx<'_>, settings: &GuildSettings) -> Reply {
    Reply {
        ephemeral: true,
        content: Some(ctx.text(msg::SETTINGS_SAVED)),
        ..Reply::embed(card(settings, ctx.app.packs(), ctx.locale()))
    }
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
    let guild = ctx.guild_for(msg::SETTINGS_IN_A_SERVER)?;
    ctx.app
        .store()
        .set_reviewer_role(guild, args.role, ctx.inv.now)?;
    tracing::info!(guild = guild.0, role = ?args.role, "reviewer role changed");
    Ok(Reply::private(match args.role {
        Some(role) => ctx.tr(
            msg::SETTINGS_REVIEWER_SAVED,
            &[("role", role.to_string().into())],
        ),
        None => ctx.text(msg::SETTINGS_REVIEWER_CLEARED),
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
            name: ctx.text(msg::SETTINGS_ALL_DRAMAS),
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
    fn a_korean_moderator_reads_the_settings_and_their_answers_in_korean() {
        let app = App::new(store_with_sample());
        let korean = |sub: &str, options: &[(&str, &str)]| {
            let mut inv = moderator("settings", sub, options);
            inv.locale = "ko".into();
            run(&app, &inv)
        };
        let reply = korean("spoilers", &[("episode", "5"), ("mode", "blur")]);
        assert_eq!(reply.content.as_deref(), Some("저장했어요."));
        let card = &reply.embeds[0];
        assert_eq!(card.title.as_deref(), Some("서버 설정"));
        let fields: Vec<String> = card
            .fields
            .iter()
            .map(|f| format!("{}: {}", f.name, f.value))
            .collect();
        assert_eq!(
            fields,
            vec![
                "드라마: 불러온 모든 드라마".to_string(),
                "스포일러: 5화까지 봤어요: 그 뒤 회차의 내용은 가려요.\n가린 내용은 스포일러 막대 뒤에 보여 줘요.".to_string(),
            ]
        );
        assert_eq!(
            korean("spoilers", &[("episode", "9")]).content.as_deref(),
            Some(
                "`episode`는 최대 8까지예요: 이 서버의 드라마 중 그보다 회차가 많은 드라마는 없어요."
            )
        );
        assert_eq!(
            korean("drama", &[("drama", "Goblin")]).content.as_deref(),
            Some("“Goblin”(이)라는 드라마는 없어요. 불러온 드라마: 샘플, 또는 `all`.")
        );
        let names: Vec<String> = korean("show", &[]).embeds[0]
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect();
        assert_eq!(
            names,
            [
                "드라마",
                "스포일러",
                "검토자",
                "언어",
                "시간대",
                "퀴즈 시즌",
                "시즌 보상"
            ]
        );
        assert_eq!(
            korean("reviewer", &[]).content.as_deref(),
            Some("저장했어요. 이제 서버 관리 권한이 있는 멤버만 제출을 검토할 수 있어요.")
        );
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

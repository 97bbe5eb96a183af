//! `/about`: what the bot is, which packs it has loaded with their counts, and where they come from.

use crate::commands::COMMANDS;
use crate::i18n::{Locale, msg, text, tr};
use crate::model::PackSummary;
use crate::reply::{COLOUR, Embed, Reply, limits};
use crate::router::Ctx;
use crate::text::clip;

/// Runs `/about`.
pub fn run(ctx: &mut Ctx<'_>) -> crate::Result<Reply> {
    let (app, locale) = (ctx.app, ctx.locale());
    Ok(app.about(locale, || {
        Reply::embed(card(env!("CARGO_PKG_VERSION"), app.packs(), locale))
    }))
}

/// The `/about` card for these packs.
pub fn card(version: &str, packs: &[PackSummary], locale: Locale) -> Embed {
    let mut embed = Embed {
        title: Some(format!("dramabot {version}")),
        description: Some(text(locale, msg::ABOUT_DESCRIPTION)),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    if packs.is_empty() {
        embed = embed.field(
            text(locale, msg::ABOUT_PACKS),
            text(locale, msg::ABOUT_NO_PACKS),
        );
    }
    let commands_title = text(locale, msg::ABOUT_COMMANDS);
    let commands: Vec<String> = COMMANDS.iter().map(|c| format!("`/{}`", c.name)).collect();
    let commands = commands.join(" ");
    // Every pack gets an equal share of what the 6000-character message total leaves, so that a
    // long source list never pushes later packs (or the command list) out of the message.
    let shown = &packs[..packs.len().min(limits::FIELDS - 1)];
    let used = [&embed.title, &embed.description]
        .iter()
        .map(|t| t.as_deref().map_or(0, |t| t.chars().count()))
        .sum::<usize>()
        + commands_title.chars().count()
        + commands.chars().count();
    let share = limits::EMBED_TOTAL.saturating_sub(used) / shown.len().max(1);
    for pack in shown {
        let name = tr(
            locale,
            msg::PACK_NAME,
            &[
                ("title", pack.title.as_str().into()),
                ("title_ko", pack.title_ko.as_str().into()),
            ],
        );
        let room = share
            .saturating_sub(name.chars().count())
            .min(limits::FIELD_VALUE);
        embed = embed.field(name, pack_value(locale, pack, room));
    }
    embed.field(commands_title, commands)
}

/// A pack's counts and as many of its sources as fit in `room` characters; the rest are counted.
fn pack_value(locale: Locale, pack: &PackSummary, room: usize) -> String {
    let count = |id, n: i64| tr(locale, id, &[("count", n.into())]);
    let mut value = tr(
        locale,
        msg::ABOUT_PACK_COUNTS,
        &[
            ("network", pack.network.as_str().into()),
            ("year", pack.year.into()),
            ("episodes", count(msg::COUNT_EPISODES, pack.episodes).into()),
            ("people", count(msg::COUNT_PEOPLE, pack.people).into()),
            (
                "characters",
                count(msg::COUNT_CHARACTERS, pack.characters).into(),
            ),
            ("facts", count(msg::COUNT_FACTS, pack.facts).into()),
            ("quotes", count(msg::COUNT_QUOTES, pack.quotes).into()),
            (
                "questions",
                count(msg::COUNT_QUESTIONS, pack.questions).into(),
            ),
        ],
    );
    value.push('\n');
    value.push_str(&text(locale, msg::ABOUT_SOURCES));
    // Room kept for the last line, "• and 123 more".
    const MORE: usize = 20;
    for (i, source) in pack.sources.iter().enumerate() {
        let c = &source.citation;
        let line = clip(&format!("\n• {}, {}: {}", c.outlet, c.date, c.title), 120);
        let last = i + 1 == pack.sources.len();
        let reserve = if last { 0 } else { MORE };
        if value.chars().count() + line.chars().count() + reserve > room {
            value.push('\n');
            value.push_str(&tr(
                locale,
                msg::ABOUT_MORE_SOURCES,
                &[("count", (pack.sources.len() - i).into())],
            ));
            break;
        }
        value.push_str(&line);
    }
    clip(&value, room.max(1))
}

#[cfg(test)]
mod tests {
    use super::card;
    use crate::i18n::Locale;
    use crate::router::App;
    use crate::router::tests::{command, run};
    use crate::store::tests::store_with_sample;

    #[test]
    fn the_kept_card_is_the_one_made_for_each_locale() {
        let app = App::new(store_with_sample());
        let inv = command("about", None, &[]);
        let mut korean = command("about", None, &[]);
        korean.locale = "ko".into();
        let first = run(&app, &inv);
        assert_eq!(run(&app, &inv), first, "the second answer is the first");
        let in_korean = run(&app, &korean);
        assert_ne!(in_korean, first, "each locale has its own card");
        for (reply, locale) in [(first, Locale::English), (in_korean, Locale::Korean)] {
            let made = card(env!("CARGO_PKG_VERSION"), app.packs(), locale);
            assert_eq!(reply.embeds, vec![made], "{locale:?}");
        }
    }

    #[test]
    fn about_lists_each_pack_with_counts_and_sources() {
        let app = App::new(store_with_sample());
        let reply = run(&app, &command("about", None, &[]));
        assert!(!reply.ephemeral);
        let embed = &reply.embeds[0];
        assert_eq!(
            embed.title.as_deref(),
            Some(concat!("dramabot ", env!("CARGO_PKG_VERSION")))
        );
        assert_eq!(embed.fields[0].name, "Sample Drama (샘플)");
        assert_eq!(
            embed.fields[0].value,
            "Netflix, 2025, 8 episodes\n1 person · 1 character · 2 facts · 1 quote · 1 question\n**Sources**\n• Some Outlet, 2025-02-19: An interview"
        );
        assert_eq!(
            embed.fields[1].value,
            "`/about` `/cast` `/facts` `/lists` `/quote` `/qotd` `/trivia` `/settings` `/content` `/submit` `/review`"
        );
    }

    #[test]
    fn many_packs_with_many_sources_all_fit_in_one_message() {
        use crate::model::{Citation, PackSummary, SourceSummary};
        use crate::reply::limits;
        let pack = |n: usize| PackSummary {
            id: format!("drama-{n}"),
            title: format!("A drama with a rather long English title number {n}"),
            title_ko: "드라마".into(),
            network: "Netflix".into(),
            year: 2025,
            episodes: 16,
            people: 20,
            characters: 16,
            facts: 60,
            quotes: 27,
            questions: 77,
            sources: (0..50)
                .map(|i| SourceSummary {
                    slug: format!("s-{i}"),
                    citation: Citation {
                        outlet: "Some Outlet".into(),
                        title: "A headline that goes on and on about the drama and its cast "
                            .repeat(3),
                        date: "2025-01-01".into(),
                        url: None,
                    },
                })
                .collect(),
        };
        let packs: Vec<PackSummary> = (0..6).map(pack).collect();
        let embed = super::card("1.0.0", &packs, crate::i18n::Locale::English);
        let total: usize = [&embed.title, &embed.description]
            .iter()
            .map(|t| t.as_deref().map_or(0, |t| t.chars().count()))
            .sum::<usize>()
            + embed
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>();
        assert!(total <= limits::EMBED_TOTAL, "{total}");
        assert_eq!(embed.fields.len(), 7, "every pack and the command list");
        assert_eq!(embed.fields[6].name, "Commands");
        for field in &embed.fields[..6] {
            assert!(field.value.chars().count() <= limits::FIELD_VALUE);
            assert!(
                field.value.contains("20 people · 16 characters"),
                "{}",
                field.value
            );
            assert!(field.value.ends_with(" more"), "{}", field.value);
        }
    }
}

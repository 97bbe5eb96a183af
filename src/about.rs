//! `/about`: what the bot is, which packs it has loaded with their counts, and where they come from.

use crate::commands::COMMANDS;
use crate::reply::{COLOUR, Embed, Reply};
use crate::router::Ctx;
use crate::store::PackSummary;
use crate::text::{clip, count};

/// Runs `/about`.
pub fn run(ctx: &mut Ctx<'_>) -> crate::Result<Reply> {
    let packs = ctx.app.store().pack_summaries()?;
    Ok(Reply::embed(card(
        env!("CARGO_PKG_VERSION"),
        &packs,
        ctx.korean(),
    )))
}

/// The `/about` card for these packs.
pub fn card(version: &str, packs: &[PackSummary], korean: bool) -> Embed {
    let description = if korean {
        "드라마 팬 서버를 위한 퀴즈, 오늘의 명대사, 출연진 검색. 모든 내용은 출처가 있는 팩에서 나옵니다."
    } else {
        "Trivia, a quote of the day and cast lookup for drama fan servers. \
         Everything I say comes from the fact packs below, and every fact cites its source."
    };
    let mut embed = Embed {
        title: Some(format!("dramabot {version}")),
        description: Some(description.to_string()),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    if packs.is_empty() {
        embed = embed.field("Packs", "No fact packs are loaded.");
    }
    // Discord allows 25 fields; keep one for the command list.
    for pack in packs.iter().take(24) {
        let mut value = format!(
            "{}, {}, {}\n{} · {} · {} · {} · {}\n**Sources**",
            pack.network,
            pack.year,
            count(pack.episodes, "episode", "episodes"),
            count(pack.people, "person", "people"),
            count(pack.characters, "character", "characters"),
            count(pack.facts, "fact", "facts"),
            count(pack.quotes, "quote", "quotes"),
            count(pack.questions, "question", "questions"),
        );
        for source in &pack.sources {
            let c = &source.citation;
            value.push_str(&format!("\n• {}, {}: {}", c.outlet, c.date, c.title));
        }
        embed = embed.field(
            format!("{} ({})", pack.title, pack.title_ko),
            clip(&value, 1024),
        );
    }
    let commands: Vec<String> = COMMANDS.iter().map(|c| format!("`/{}`", c.name)).collect();
    embed.field("Commands", commands.join(" "))
}

#[cfg(test)]
mod tests {
    use crate::router::App;
    use crate::router::tests::{command, run};
    use crate::store::tests::store_with_sample;

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
            "`/about` `/cast` `/facts` `/quote` `/qotd` `/trivia` `/settings`"
        );
    }
}

//! Quotes: the quote of the day, a random quote, and quote search.
//!
//! The quote of the day belongs to a server and a local date (in the server's daily-post time
//! zone): chosen once, stored, and so the same for everyone all day and the same as the daily
//! post. Within a server no quote repeats until every quote of its drama has been used; then a
//! new cycle starts, in a new random order.

pub mod daily;
pub mod schedule;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rand::Rng;
use rand::seq::IndexedRandom;

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{Arg, Locale, msg, text, tr};
use crate::ids::GuildId;
use crate::model::{GuildSettings, QuoteRecord, Scope};
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::spoilers::SpoilerGuard;
use crate::store::Store;
use crate::text::{clip, fold};

/// How many quotes one search answer lists.
pub const SEARCH_RESULTS: usize = 5;

/// The quote of the day for a server and local date: the stored one, or a new choice among the
/// quotes not yet used in the current cycle (a new cycle when all are used). `None` when the
/// server's dramas have no quote it may see.
pub fn quote_of_day(
    store: &Store,
    guild: GuildId,
    settings: &GuildSettings,
    date: Date,
    rng: &mut impl Rng,
) -> Result<Option<QuoteRecord>> {
    let date = date.to_string();
    if let Some(pk) = store.quote_of_day(guild, &date)? {
        return store.quote(pk);
    }
    let guard = SpoilerGuard::new(settings);
    let quotes: Vec<QuoteRecord> = store
        .quotes(Scope {
            guild: Some(guild),
            drama: settings.drama.as_deref(),
        })?
        .into_iter()
        .filter(|q| guard.show(q.episode, "").is_some())
        .collect();
    let (mut cycle, used) = store.quote_cycle(guild)?;
    let mut fresh: Vec<&QuoteRecord> = quotes.iter().filter(|q| !used.contains(&q.pk)).collect();
    if fresh.is_empty() {
        cycle += 1;
        fresh = quotes.iter().collect();
    }
    let Some(choice) = fresh.choose(rng) else {
        return Ok(None);
    };
    let pk = store.choose_quote_of_day(guild, &date, choice.pk, cycle)?;
    store.quote(pk)
}

/// A quote as an embed, in English: the words, who said them, where, and the source.
pub fn card(quote: &QuoteRecord, guard: &SpoilerGuard, title: &str) -> Embed {
    card_in(quote, guard, title, Locale::English)
}

/// [`card`] with its labels in `locale`.
pub fn card_in(quote: &QuoteRecord, guard: &SpoilerGuard, title: &str, locale: Locale) -> Embed {
    // A Korean reader reads the pack's Korean words and context where it gives them.
    let korean = |english: &'_ str, korean: &'_ Option<String>| -> String {
        match korean {
            Some(ko) if locale.is_korean() => ko.clone(),
            _ => english.to_string(),
        }
    };
    let said = korean(&quote.text, &quote.text_ko);
    let words = guard
        .show(quote.episode, &format!("“{said}”"))
        .unwrap_or_else(|| text(locale, msg::QUOTE_GUARDED));
    let context = Arg::from(korean(&quote.context, &quote.context_ko));
    let context = match (quote.kind.as_str(), quote.episode) {
        ("line", Some(episode)) => tr(
            locale,
            msg::QUOTE_CONTEXT_EPISODE,
            &[("episode", episode.into()), ("context", context)],
        ),
        ("line", None) => tr(locale, msg::QUOTE_CONTEXT_SHOW, &[("context", context)]),
        _ => tr(
            locale,
            msg::QUOTE_CONTEXT_INTERVIEW,
            &[("context", context)],
        ),
    };
    let c = &quote.citation;
    let source = tr(
        locale,
        msg::QUOTE_SOURCE,
        &[
            ("outlet", c.outlet.as_str().into()),
            ("date", c.date.as_str().into()),
            ("title", c.title.as_str().into()),
        ],
    );
    Embed {
        title: Some(title.to_string()),
        description: Some(format!("{words}\n— **{}**", quote.speaker)),
        fields: Vec::new(),
        footer: Some(source),
        colour: Some(COLOUR),
    }
    .field(text(locale, msg::QUOTE_CONTEXT), context)
}

fn server_date(ctx: &Ctx<'_>) -> Result<Date> {
    let zone = match ctx.inv.guild {
        Some(guild) => crate::seasons::zone_named(guild, ctx.app.server_zone(guild)?),
        None => TimeZone::UTC,
    };
    Ok(ctx.inv.now.to_zoned(zone).date())
}

/// `/quote today`.
pub fn today(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let settings = ctx.settings()?;
    let date = server_date(ctx)?;
    // In a direct message there is no server: the day's quote is shared by all direct messages.
    let guild = ctx.inv.guild.unwrap_or(GuildId(0));
    // Once the day's quote is chosen, every other member's `/quote today` only reads it (and
    // this app keeps it: it never changes); the first of the day chooses it on the writer (and a
    // race between two choices is settled there).
    let app = ctx.app;
    let quote = app.day_quote(guild, date, || {
        let chosen = {
            let reader = app.reader();
            match reader.quote_of_day(guild, &date.to_string())? {
                Some(pk) => reader.quote(pk)?,
                None => None,
            }
        };
        match chosen {
            Some(quote) => Ok(Some(quote)),
            None => quote_of_day(&app.store(), guild, &settings, date, &mut ctx.rng),
        }
    })?;
    let Some(quote) = quote else {
        return Ok(Reply::private(ctx.text(msg::QUOTE_NONE_LOADED)));
    };
    let guard = SpoilerGuard::new(&settings);
    let title = ctx.tr(msg::QUOTE_TODAY_TITLE, &[("date", date.to_string().into())]);
    Ok(Reply::embed(card_in(&quote, &guard, &title, ctx.locale())))
}

/// Whether a quote's speaker goes by a name containing `who` (folded).
fn spoken_by(quote: &QuoteRecord, who: &str) -> bool {
    quote.speaker_names.iter().any(|n| fold(n).contains(who))
}

/// The arguments of `/quote random [who]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RandomArgs {
    /// Who said it: a person or a character.
    pub who: Option<String>,
}

impl FromOptions for RandomArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(RandomArgs {
            who: options.get("who")?,
        })
    }
}

/// `/quote random [who]`.
pub fn random(ctx: &mut Ctx<'_>, args: RandomArgs) -> Result<Reply> {
    let settings = ctx.settings()?;
    let guard = SpoilerGuard::new(&settings);
    let who = args.who;
    if who.is_none() {
        // Any quote: chosen among the keys as below among the quotes (the same draw), and only
        // that one read whole.
        let reader = ctx.app.reader();
        let visible: Vec<i64> = reader
            .quote_episodes(Scope::new(ctx.inv.guild, &settings))?
            .into_iter()
            .filter(|&(_, episode)| guard.show(episode, "").is_some())
            .map(|(key, _)| key)
            .collect();
        if let Some(&key) = visible.choose(&mut ctx.rng)
            && let Some(quote) = reader.quote(key)?
        {
            let title = ctx.text(msg::QUOTE_RANDOM_TITLE);
            return Ok(Reply::embed(card_in(&quote, &guard, &title, ctx.locale())));
        }
    }
    let quotes = ctx
        .app
        .reader()
        .quotes(Scope::new(ctx.inv.guild, &settings))?;
    let visible: Vec<&QuoteRecord> = quotes
        .iter()
        .filter(|q| guard.show(q.episode, "").is_some())
        .collect();
    let pool: Vec<&QuoteRecord> = match &who {
        Some(who) => {
            let folded = fold(who);
            if folded.is_empty() {
                return Err(Error::BadInput(ctx.text(msg::QUOTE_NO_NAME)));
            }
            // The best-matching speaker by cast lookup's rules (any spelling); failing that, any
            // speaker whose name contains the words.
            let index = ctx.app.cast();
            let by_name = index
                .lookup(who, |_| true, 8)
                .iter()
                .map(|m| index.entity(m).key())
                .map(|key| {
                    visible
                        .iter()
                        .copied()
                        .filter(|q| q.speaker_key == key)
                        .collect::<Vec<_>>()
                })
                .find(|quotes| !quotes.is_empty());
            by_name.unwrap_or_else(|| {
                visible
                    .into_iter()
                    .filter(|q| spoken_by(q, &folded))
                    .collect()
            })
        }
        None => visible,
    };
    let Some(quote) = pool.choose(&mut ctx.rng) else {
        let speakers = speakers(&quotes);
        return Ok(Reply::private(match who {
            Some(who) => ctx.tr(
                msg::QUOTE_NONE_BY,
                &[
                    ("who", clip(who.trim(), 100).into()),
                    (
                        "speakers",
                        speakers
                            .into_iter()
                            .take(5)
                            .collect::<Vec<_>>()
                            .join(", ")
                            .into(),
                    ),
                ],
            ),
            None => ctx.text(msg::QUOTE_NONE_LOADED),
        }));
    };
    let title = ctx.text(msg::QUOTE_RANDOM_TITLE);
    Ok(Reply::embed(card_in(quote, &guard, &title, ctx.locale())))
}

fn speakers(quotes: &[QuoteRecord]) -> Vec<String> {
    let mut names: Vec<String> = quotes.iter().map(|q| q.speaker.clone()).collect();
    names.sort();
    names.dedup();
    names
}

/// Suggests speakers while a member types `who`: names matched as `/cast` matches them, among
/// the people and characters that have quotes.
pub fn complete_who(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let settings = ctx.settings()?;
    let quotes = ctx
        .app
        .reader()
        .quotes(Scope::new(ctx.inv.guild, &settings))?;
    let speakers: std::collections::HashSet<&str> =
        quotes.iter().map(|q| q.speaker_key.as_str()).collect();
    let index = ctx.app.cast();
    Ok(index
        .autocomplete(typed, |e| speakers.contains(e.key().as_str()), 25)
        .iter()
        .map(|m| {
            let e = index.entity(m);
            Choice {
                name: clip(&format!("{} ({})", e.name, e.name_ko), 100),
                value: clip(&e.name, 100),
            }
        })
        .collect())
}

/// The arguments of `/quote search text:<words>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchArgs {
    /// The words to look for.
    pub text: String,
}

impl FromOptions for SearchArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(SearchArgs {
            text: options.require("text")?,
        })
    }
}

/// `/quote search text:<words>`: quotes whose words, speaker or context contain every word given.
pub fn search(ctx: &mut Ctx<'_>, args: SearchArgs) -> Result<Reply> {
    let settings = ctx.settings()?;
    let guard = SpoilerGuard::new(&settings);
    let text = args.text;
    let words: Vec<String> = text
        .split_whitespace()
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(Error::BadInput(ctx.text(msg::QUOTE_NO_WORDS)));
    }
    let quotes = ctx
        .app
        .reader()
        .quotes(Scope::new(ctx.inv.guild, &settings))?;
    let found: Vec<(&QuoteRecord, String)> = quotes
        .iter()
        .filter(|q| {
            let haystack = fold(&format!(
                "{} {} {}",
                q.text,
                q.context,
                q.speaker_names.join(" ")
            ));
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .filter_map(|q| guard.show(q.episode, &q.text).map(|shown| (q, shown)))
        .collect();
    if found.is_empty() {
        return Ok(Reply::private(ctx.tr(
            msg::QUOTE_NONE_CONTAINS,
            &[("text", clip(text.trim(), 100).into())],
        )));
    }
    let mut embed = Embed::titled(ctx.tr(
        msg::QUOTE_SEARCH_TITLE,
        &[("text", clip(text.trim(), 100).into())],
    ));
    embed.colour = Some(COLOUR);
    for (quote, shown) in found.iter().take(SEARCH_RESULTS) {
        let c = &quote.citation;
        embed = embed.field(
            quote.speaker.clone(),
            format!("“{}”\n— *{}, {}*", clip(shown, 900), c.outlet, c.date),
        );
    }
    if found.len() > SEARCH_RESULTS {
        embed.footer = Some(ctx.tr(
            msg::QUOTE_SEARCH_MORE,
            &[("count", (found.len() - SEARCH_RESULTS).into())],
        ));
    }
    Ok(Reply::embed(embed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::App;
    use crate::router::tests::{command, run};
    use crate::store::tests::{SAMPLE, sample_pack};
    use jiff::Timestamp;
    use rand::SeedableRng;

    /// The sample pack with `n` quotes.
    fn store_with_quotes(n: usize) -> Store {
        let mut text = SAMPLE.to_string();
        for i in 0..n {
            text.push_str(&format!(
                "\n[[quote]]\nid = \"q{i}\"\ntext = \"Line {i}\"\nspeaker = \"ju-ji-hoon\"\nkind = \"interview\"\ncontext = \"Talk {i}\"\nsource = \"article\"\n"
            ));
        }
        let mut store = Store::for_tests();
        store
            .import(&[sample_pack(&text)], Timestamp::UNIX_EPOCH, false)
            .expect("import");
        store
    }

    #[test]
    fn a_random_quote_is_drawn_as_among_all_quotes_but_only_the_chosen_is_read() {
        let app = crate::facts::tests::app_with_real_packs();
        let scope = Scope {
            guild: Some(GuildId(1)),
            drama: None,
        };
        let all = app.store().quotes(scope).expect("quotes");
        let keys = app.store().quote_episodes(scope).expect("keys");
        assert_eq!(
            keys,
            all.iter().map(|q| (q.pk, q.episode)).collect::<Vec<_>>()
        );
        let guard = SpoilerGuard::new(&GuildSettings::default());
        let visible: Vec<&QuoteRecord> = all
            .iter()
            .filter(|q| guard.show(q.episode, "").is_some())
            .collect();
        for seed in 0..20 {
            let mut router_rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let inv = command("quote", Some("random"), &[]);
            let crate::reply::Response::Message(got) =
                crate::router::tests::handle_checked(&app, &inv, &mut router_rng).response
            else {
                panic!("a message");
            };
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let expected = visible.choose(&mut rng).expect("a quote");
            assert_eq!(
                got.embeds,
                vec![card(expected, &guard, "A quote")],
                "seed {seed}"
            );
        }
    }

    fn date(text: &str) -> Date {
        text.parse().expect("a date")
    }

    #[test]
    fn the_quote_of_the_day_is_stable_within_a_day() {
        let store = store_with_quotes(5);
        let settings = GuildSettings::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let first =
            quote_of_day(&store, GuildId(1), &settings, date("2026-11-22"), &mut rng).expect("ok");
        for _ in 0..5 {
            let again = quote_of_day(&store, GuildId(1), &settings, date("2026-11-22"), &mut rng)
                .expect("ok");
            assert_eq!(again, first);
        }
    }

    #[test]
    fn no_quote_repeats_until_all_are_used_then_a_new_cycle_starts() {
        let store = store_with_quotes(5);
        let settings = GuildSettings::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let total = store.quotes(Scope::default()).expect("quotes").len();
        assert_eq!(total, 6);
        let mut day = date("2026-01-01");
        let mut seen = Vec::new();
        for _ in 0..total {
            let q = quote_of_day(&store, GuildId(1), &settings, day, &mut rng)
                .expect("ok")
                .expect("a quote");
            assert!(!seen.contains(&q.pk), "repeated within a cycle");
            seen.push(q.pk);
            day = day.tomorrow().expect("a date");
        }
        let next = quote_of_day(&store, GuildId(1), &settings, day, &mut rng)
            .expect("ok")
            .expect("a quote");
        assert!(seen.contains(&next.pk));
        assert_eq!(store.quote_cycle(GuildId(1)).expect("cycle").0, 2);
        // Another server keeps its own cycle.
        assert_eq!(store.quote_cycle(GuildId(2)).expect("cycle"), (1, vec![]));
    }

    #[test]
    fn the_quote_of_the_day_is_kept_once_read_and_is_the_one_the_store_holds() {
        let app = App::new(store_with_quotes(3));
        let day = date("1970-01-01");
        let reply = run(&app, &command("quote", Some("today"), &[]));
        let pk = app
            .store()
            .quote_of_day(GuildId(1), "1970-01-01")
            .expect("read")
            .expect("chosen");
        let kept = app
            .day_quote(GuildId(1), day, || panic!("read again"))
            .expect("kept")
            .expect("a quote");
        assert_eq!(kept.pk, pk);
        assert_eq!(Some(&*kept), app.store().quote(pk).expect("read").as_ref());
        assert_eq!(run(&app, &command("quote", Some("today"), &[])), reply);
        // Nothing chosen is nothing kept: the next read looks again.
        let none = app.day_quote(GuildId(9), day, || Ok(None)).expect("read");
        assert!(none.is_none());
        let read = app
            .day_quote(GuildId(9), day, || Ok(Some((*kept).clone())))
            .expect("read");
        assert_eq!(read.as_deref(), Some(&*kept));
        // Another date of the same server is another choice.
        let tomorrow = day.tomorrow().expect("a date");
        let later = app
            .day_quote(GuildId(1), tomorrow, || Ok(None))
            .expect("read");
        assert!(later.is_none());
    }

    #[test]
    fn quote_commands_answer_through_the_router() {
        let app = App::new(store_with_quotes(2));
        let reply = run(&app, &command("quote", Some("today"), &[]));
        assert!(
            reply.embeds[0]
                .title
                .as_deref()
                .is_some_and(|t| t.starts_with("Quote of the day · 1970-01-01"))
        );
        let again = run(&app, &command("quote", Some("today"), &[]));
        assert_eq!(reply, again);

        let reply = run(
            &app,
            &command("quote", Some("random"), &[("who", "백강혁")]),
        );
        assert_eq!(
            reply.embeds[0].description.as_deref(),
            Some("“Severe trauma can happen to anyone.”\n— **Baek Kang-hyuk**")
        );
        let reply = run(
            &app,
            &command("quote", Some("random"), &[("who", "Goblin")]),
        );
        assert_eq!(
            reply.content.as_deref(),
            Some("I have no quote by “Goblin”. Try Baek Kang-hyuk, Ju Ji-hoon.")
        );

        let reply = run(
            &app,
            &command("quote", Some("search"), &[("text", "severe TRAUMA")]),
        );
        assert_eq!(reply.embeds[0].fields[0].name, "Baek Kang-hyuk");
        let reply = run(&app, &command("quote", Some("search"), &[("text", "talk")]));
        assert_eq!(reply.embeds[0].fields.len(), 2);
        let reply = run(&app, &command("quote", Some("search"), &[("text", "🙂")]));
        assert!(reply.ephemeral);
    }
}

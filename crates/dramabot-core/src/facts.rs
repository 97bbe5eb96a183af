//! `/facts [topic]`: cited facts about the drama, its people and its making.
//!
//! With a topic, the facts about a matching person, character or drama, or whose text mentions the
//! words; without one, a few at random. Every fact carries its source, and the spoiler guard decides
//! what the server may see.

use std::collections::BTreeSet;

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::fact_index::IndexedFact;
use crate::i18n::{Locale, msg, text, tr};
use crate::model::{FactRecord, Scope};
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::spoilers::SpoilerGuard;
use crate::store::KeyedFact;
use crate::text::{clip, fold};

/// How many facts one answer shows.
pub const PER_ANSWER: usize = 5;
/// How many facts an answer without a topic shows.
pub const RANDOM_COUNT: usize = 3;

/// The arguments of `/facts [topic]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicArgs {
    /// A person, a character or a word; none for a few facts at random.
    pub topic: Option<String>,
}

impl FromOptions for TopicArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(TopicArgs {
            topic: options.get("topic")?,
        })
    }
}

/// Runs `/facts`.
pub fn run(ctx: &mut Ctx<'_>, args: TopicArgs) -> Result<Reply> {
    let settings = ctx.settings()?;
    let guard = SpoilerGuard::new(&settings);
    // The file packs' facts come folded from the index; only the server's bank is read.
    let scoped = ctx
        .app
        .facts_in_scope(Scope::new(ctx.inv.guild, &settings))?;
    let locale = ctx.locale();
    answer_in(
        &scoped.all(),
        args.topic.as_deref(),
        &guard,
        &mut ctx.rng,
        locale,
    )
}

/// Suggests topics (the people, characters and dramas facts are about) while the member types.
pub fn complete_topic(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let settings = ctx.settings()?;
    let scoped = ctx
        .app
        .facts_in_scope(Scope::new(ctx.inv.guild, &settings))?;
    Ok(topics_of(
        scoped.all().into_iter().map(|f| &f.record),
        typed,
    ))
}

/// The subjects whose names contain what was typed; names starting with it come first.
pub fn topics(facts: &[FactRecord], typed: &str) -> Vec<Choice> {
    topics_of(facts, typed)
}

/// [`topics`] over any facts.
fn topics_of<'a>(facts: impl IntoIterator<Item = &'a FactRecord>, typed: &str) -> Vec<Choice> {
    let typed = fold(typed);
    let names: BTreeSet<&str> = facts
        .into_iter()
        .flat_map(|f| f.about.iter().map(String::as_str))
        .collect();
    let mut hits: Vec<(bool, &str)> = names
        .into_iter()
        .filter_map(|name| {
            let folded = fold(name);
            folded
                .contains(&typed)
                .then(|| (!folded.starts_with(&typed), name))
        })
        .collect();
    hits.sort();
    hits.into_iter()
        .take(25)
        .map(|(_, name)| Choice {
            name: name.to_string(),
            value: name.to_string(),
        })
        .collect()
}

/// Whether a fact is about `topic` (folded): one of its subjects' names, or every word of the topic in
/// its text or names.
fn matches(fact: &IndexedFact, topic: &str, words: &[String]) -> bool {
    fact.name_contains(topic) || words.iter().all(|w| fact.contains(w))
}

/// The answer to `/facts` over these facts.
pub fn answer(
    facts: &[FactRecord],
    topic: Option<&str>,
    guard: &SpoilerGuard,
    rng: &mut impl Rng,
    locale: Locale,
) -> Result<Reply> {
    let indexed: Vec<IndexedFact> = facts
        .iter()
        .map(|fact| {
            IndexedFact::new(KeyedFact {
                pk: 0,
                drama: fact.pack.clone(),
                fact: fact.clone(),
            })
        })
        .collect();
    answer_in(
        &indexed.iter().collect::<Vec<_>>(),
        topic,
        guard,
        rng,
        locale,
    )
}

/// [`answer`] over facts already folded.
fn answer_in(
    facts: &[&IndexedFact],
    topic: Option<&str>,
    guard: &SpoilerGuard,
    rng: &mut impl Rng,
    locale: Locale,
) -> Result<Reply> {
    let (title, chosen, matched) = match topic {
        Some(topic) => {
            let folded = fold(topic);
            if folded.is_empty() {
                return Err(Error::BadInput(text(locale, msg::FACTS_NO_TOPIC)));
            }
            let words: Vec<String> = topic
                .split_whitespace()
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect();
            let found: Vec<&FactRecord> = facts
                .iter()
                .filter(|f| matches(f, &folded, &words))
                .map(|f| &f.record)
                .collect();
            let title = tr(
                locale,
                msg::FACTS_TITLE_TOPIC,
                &[("topic", clip(topic.trim(), 100).into())],
            );
            (title, found, true)
        }
        None => {
            let visible: Vec<&FactRecord> = facts
                .iter()
                .map(|f| &f.record)
                .filter(|f| guard.show(f.episode, "").is_some())
                .collect();
            let chosen = visible
                .choose_multiple(rng, RANDOM_COUNT)
                .copied()
                .collect();
            (text(locale, msg::FACTS_TITLE_RANDOM), chosen, false)
        }
    };
    if chosen.is_empty() {
        let mut suggestions: Vec<String> = topics_of(facts.iter().map(|f| &f.record), "")
            .into_iter()
            .map(|c| c.name)
            .collect();
        suggestions.truncate(5);
        let said = match (topic, suggestions.is_empty()) {
            (_, true) => text(locale, msg::FACTS_NONE_LOADED),
            (Some(topic), false) => tr(
                locale,
                msg::FACTS_NONE_ABOUT,
                &[
                    ("topic", clip(topic.trim(), 100).into()),
                    ("suggestions", suggestions.join(", ").into()),
                ],
            ),
            (None, false) => text(locale, msg::FACTS_ALL_GUARDED),
        };
        return Ok(Reply::private(said));
    }
    Ok(card(title, &chosen, matched, guard, locale))
}

/// The answer showing the facts `chosen` (up to [`PER_ANSWER`] the guard lets through); `matched`
/// when they matched a topic, so that the footer says how many more did.
fn card(
    title: String,
    chosen: &[&FactRecord],
    matched: bool,
    guard: &SpoilerGuard,
    locale: Locale,
) -> Reply {
    let mut embed = Embed {
        title: Some(title),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    let mut hidden = 0;
    let mut shown = 0;
    for fact in chosen {
        let Some(shown_text) = guard.show(fact.episode, fact.text_in(locale)) else {
            hidden += 1;
            continue;
        };
        if shown == PER_ANSWER {
            continue;
        }
        shown += 1;
        let c = &fact.citation;
        let name = if fact.about.is_empty() {
            text(locale, msg::FACTS_FIELD_NAME)
        } else {
            fact.about.join(" · ")
        };
        // Outlet and date identify the source; `/about` lists the full titles.
        let citation = format!("\n— *{}, {}*", c.outlet, c.date);
        let value = format!(
            "{}{}",
            clip(&shown_text, 1024 - citation.chars().count().min(1000)),
            citation
        );
        embed = embed.field(clip(&name, 256), clip(&value, 1024));
    }
    let more = chosen.len() - hidden - shown;
    let mut footer = Vec::new();
    if matched && more > 0 {
        footer.push(tr(locale, msg::FACTS_MORE, &[("count", more.into())]));
    }
    if hidden > 0 {
        let facts = tr(locale, msg::COUNT_FACTS, &[("count", hidden.into())]);
        footer.push(tr(locale, msg::FACTS_HIDDEN, &[("facts", facts.into())]));
    }
    if shown == 0 {
        return Reply::private(text(locale, msg::FACTS_ALL_ABOUT_GUARDED));
    }
    embed.footer = (!footer.is_empty()).then(|| footer.join(" "));
    Reply::embed(embed)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{GuildSettings, SpoilerMode};
    use crate::reply::Response;
    use crate::router::App;
    use crate::router::tests::{command, run};
    use crate::store::tests::store_with_sample;
    use rand::SeedableRng;

    fn facts() -> Vec<FactRecord> {
        store_with_sample().facts(Scope::default()).expect("facts")
    }

    fn rng() -> rand_chacha::ChaCha8Rng {
        rand_chacha::ChaCha8Rng::seed_from_u64(1)
    }

    fn guard(watched: i64, mode: SpoilerMode) -> SpoilerGuard {
        SpoilerGuard::new(&GuildSettings {
            drama: None,
            spoiler_episode: Some(watched),
            spoiler_mode: mode,
        })
    }

    /// An app over every pack in data/packs, as the bot serves them.
    pub(crate) fn app_with_real_packs() -> App {
        let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
        let loaded =
            crate::startup::open_and_import(":memory:", &packs, jiff::Timestamp::UNIX_EPOCH)
                .expect("the real packs");
        assert!(loaded.refused.is_empty());
        App::new(loaded.store)
    }

    #[test]
    fn facts_at_random_are_drawn_as_among_all_facts_but_only_the_chosen_are_read() {
        let app = app_with_real_packs();
        let scope = Scope {
            guild: Some(crate::ids::GuildId(1)),
            drama: None,
        };
        let all = app.store().facts(scope).expect("facts");
        let keys = app.store().fact_episodes(scope).expect("keys");
        assert_eq!(keys.len(), all.len());
        assert!(
            keys.iter()
                .zip(&all)
                .all(|((_, episode), fact)| *episode == fact.episode)
        );
        let g = SpoilerGuard::new(&GuildSettings::default());
        for seed in 0..20 {
            let mut router_rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let inv = command("facts", None, &[]);
            let Response::Message(got) =
                crate::router::tests::handle_checked(&app, &inv, &mut router_rng).response
            else {
                panic!("a message");
            };
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let expected = answer(&all, None, &g, &mut rng, Locale::English).expect("answer");
            assert_eq!(got.embeds, expected.embeds, "seed {seed}");
            assert_eq!(got.embeds[0].fields.len(), RANDOM_COUNT);
        }
    }

    /// `matches` as it was before the index: each name and the text folded on their own, each
    /// searched on its own (`folded` is `fold` of the fact's names and text; folded once here
    /// only to keep the test fast).
    fn matches_folding_each_time(
        folded: &(Vec<String>, String),
        topic: &str,
        words: &[String],
    ) -> bool {
        let (names, text) = folded;
        if names.iter().any(|n| n.contains(topic)) {
            return true;
        }
        words
            .iter()
            .all(|w| text.contains(w.as_str()) || names.iter().any(|n| n.contains(w.as_str())))
    }

    #[test]
    fn topics_find_the_same_facts_through_the_index_as_folding_each_fact_did() {
        let app = app_with_real_packs();
        let all = app.store().facts(Scope::default()).expect("facts");
        let indexed: Vec<IndexedFact> = all
            .iter()
            .map(|f| {
                IndexedFact::new(KeyedFact {
                    pk: 0,
                    drama: f.pack.clone(),
                    fact: f.clone(),
                })
            })
            .collect();
        let mut topics: Vec<String> = all.iter().flat_map(|f| f.about_names.clone()).collect();
        topics.extend(
            [
                "Ju Ji-hoon",
                "joo jihoon",
                "helicopter",
                "the",
                "season 2",
                "백강혁 doctor",
            ]
            .map(String::from),
        );
        topics.extend(all.iter().step_by(7).map(|f| {
            f.text
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        }));
        topics.sort();
        topics.dedup();
        let folded: Vec<(Vec<String>, String)> = all
            .iter()
            .map(|f| {
                (
                    f.about_names.iter().map(|n| fold(n)).collect(),
                    fold(&f.text),
                )
            })
            .collect();
        let mut matched = 0;
        for topic in &topics {
            let folded_topic = fold(topic);
            if folded_topic.is_empty() {
                continue;
            }
            let words: Vec<String> = topic
                .split_whitespace()
                .map(fold)
                .filter(|w| !w.is_empty())
                .collect();
            for ((fact, record), old_folded) in indexed.iter().zip(&all).zip(&folded) {
                let old = matches_folding_each_time(old_folded, &folded_topic, &words);
                assert_eq!(
                    matches(fact, &folded_topic, &words),
                    old,
                    "{topic}: {}",
                    record.slug
                );
                matched += usize::from(old);
            }
        }
        assert!(matched > topics.len(), "the topics find facts");
        // Through the router (the index and the server's lists) as over the facts read whole.
        let g = SpoilerGuard::new(&GuildSettings::default());
        let scope = Scope {
            guild: Some(crate::ids::GuildId(1)),
            drama: None,
        };
        let all = app.store().facts(scope).expect("facts");
        for topic in topics.iter().step_by(5) {
            let inv = command("facts", None, &[("topic", topic)]);
            let got = crate::router::tests::handle_checked(&app, &inv, &mut rng()).response;
            let expected = answer(&all, Some(topic), &g, &mut rng(), Locale::English);
            match (got, expected) {
                (Response::Message(got), Ok(expected)) => assert_eq!(got, expected, "{topic}"),
                (got, expected) => assert!(expected.is_err(), "{topic}: {got:?}"),
            }
        }
    }

    #[test]
    fn a_topic_finds_facts_by_name_alias_hangul_or_word() {
        let facts = facts();
        let g = guard(0, SpoilerMode::Hide);
        for topic in ["Ju Ji-hoon", "joo jihoon", "백강혁", "188 cm", "tall"] {
            let reply =
                answer(&facts, Some(topic), &g, &mut rng(), Locale::English).expect("answer");
            let embed = &reply.embeds[0];
            assert_eq!(embed.fields.len(), 1, "{topic}");
            assert_eq!(
                embed.fields[0].value,
                "Both are 188 cm tall.\n— *Some Outlet, 2025-02-19*"
            );
            assert_eq!(embed.fields[0].name, "Ju Ji-hoon · Baek Kang-hyuk");
        }
    }

    #[test]
    fn spoilers_are_hidden_or_blurred_as_the_server_chooses() {
        let facts = facts();
        let reply = answer(
            &facts,
            Some("twist"),
            &guard(7, SpoilerMode::Hide),
            &mut rng(),
            Locale::English,
        )
        .expect("answer");
        assert!(reply.ephemeral, "everything matching is hidden");
        let reply = answer(
            &facts,
            Some("twist"),
            &guard(7, SpoilerMode::Blur),
            &mut rng(),
            Locale::English,
        )
        .expect("answer");
        assert!(
            reply.embeds[0].fields[0]
                .value
                .starts_with("||The finale reveals a twist.||")
        );
        let reply = answer(
            &facts,
            Some("twist"),
            &guard(8, SpoilerMode::Hide),
            &mut rng(),
            Locale::English,
        )
        .expect("answer");
        assert!(reply.embeds[0].fields[0].value.starts_with("The finale"));
        let mut facts = facts;
        facts[1].about_names.push("Ju Ji-hoon".into());
        let reply = answer(
            &facts,
            Some("ju ji-hoon"),
            &guard(0, SpoilerMode::Hide),
            &mut rng(),
            Locale::English,
        )
        .expect("answer");
        assert_eq!(
            reply.embeds[0].footer.as_deref(),
            Some("1 fact hidden by the spoiler guard.")
        );
    }

    #[test]
    fn no_match_and_empty_topics_get_friendly_answers() {
        let facts = facts();
        let g = guard(0, SpoilerMode::Hide);
        let reply =
            answer(&facts, Some("dragons"), &g, &mut rng(), Locale::English).expect("answer");
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some("I know no facts about “dragons”. Try Baek Kang-hyuk, Ju Ji-hoon, Sample Drama.")
        );
        for topic in ["", "   ", "🙂🙂", "%_'\""] {
            let err =
                answer(&facts, Some(topic), &g, &mut rng(), Locale::English).expect_err("refused");
            assert!(matches!(err, Error::BadInput(_)), "{topic}");
        }
    }

    #[test]
    fn without_a_topic_a_random_visible_fact_is_shown() {
        let facts = facts();
        let reply = answer(
            &facts,
            None,
            &guard(0, SpoilerMode::Hide),
            &mut rng(),
            Locale::English,
        )
        .expect("answer");
        assert_eq!(reply.embeds[0].title.as_deref(), Some("Did you know?"));
        assert_eq!(
            reply.embeds[0].fields.len(),
            1,
            "the spoiler is never drawn"
        );
    }

    #[test]
    fn topics_complete_with_prefix_matches_first() {
        let mut facts = facts();
        facts[0].about = vec!["Ahn Kang".into(), "Kang Joon".into()];
        let names: Vec<String> = topics(&facts, "kang").into_iter().map(|c| c.name).collect();
        assert_eq!(names, vec!["Kang Joon", "Ahn Kang"]);
        let names: Vec<String> = topics(&facts, "").into_iter().map(|c| c.name).collect();
        assert_eq!(names, vec!["Ahn Kang", "Kang Joon", "Sample Drama"]);
    }

    #[test]
    fn facts_runs_through_the_router_with_server_settings() {
        let app = App::new(store_with_sample());
        let reply = run(&app, &command("facts", None, &[("topic", "twist")]));
        assert!(
            reply.embeds[0].fields[0].value.starts_with("||"),
            "blurred by default"
        );
    }
}

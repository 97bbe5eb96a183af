//! The Trauma Code pack holds what the Foundation issue and the fact-check ask of it, and nothing
//! the sources lack.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here is a failing test, it cannot crash the bot"
)]

use std::collections::HashMap;
use std::path::Path;

use dramabot_core::pack::{self, Category, Pack, QuoteKind, Role};

fn pack() -> Pack {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs/the-trauma-code.toml");
    let pack = pack::read_file(&path)
        .unwrap_or_else(|problems| panic!("{}", pack::Problem::list(&problems)));
    let problems = pack::validate_set(std::slice::from_ref(&pack));
    assert!(problems.is_empty(), "{}", pack::Problem::list(&problems));
    pack
}

/// The two seed articles in `../shared/seeds/`, by source id and date.
const SEED_SOURCES: [(&str, &str); 2] = [
    ("doctor-friends-2025-01-29", "2025-01-29"),
    ("honorary-reporters-2025-02-19", "2025-02-19"),
];

fn person<'a>(pack: &'a Pack, id: &str) -> &'a pack::Person {
    &pack
        .people
        .iter()
        .find(|p| p.item.id == id)
        .unwrap_or_else(|| panic!("no person {id}"))
        .item
}

#[test]
fn the_drama_and_its_two_seed_sources() {
    let pack = pack();
    let d = &pack.drama.item;
    assert_eq!(d.id, "the-trauma-code");
    assert_eq!(d.title, "The Trauma Code: Heroes on Call");
    assert_eq!(d.title_ko, "중증외상센터");
    assert_eq!(
        (d.network.as_str(), d.year, d.episodes),
        ("Netflix", 2025, 8)
    );
    // The two seed reports are Sportskeeda articles by unnamed writers, kept under their old ids.
    for (id, date) in SEED_SOURCES {
        let source = pack
            .sources
            .iter()
            .find(|s| s.item.id == *id)
            .unwrap_or_else(|| panic!("no source {id}"));
        assert_eq!(source.item.date, *date, "{id}");
        assert_eq!(source.item.outlet, "Sportskeeda", "{id}");
    }
    for s in &pack.sources {
        assert!(
            s.item.url.as_deref().is_some_and(|u| u.starts_with("http")),
            "{} is declared with its address",
            s.item.id
        );
    }
}

#[test]
fn the_leads_play_the_characters_the_reports_name() {
    let pack = pack();
    let cast: HashMap<&str, Option<&str>> = pack
        .credits
        .iter()
        .filter(|c| c.item.role == Role::Actor)
        .map(|c| (c.item.person.as_str(), c.item.character.as_deref()))
        .collect();
    assert_eq!(cast.get("ju-ji-hoon"), Some(&Some("baek-kang-hyuk")));
    assert_eq!(cast.get("choo-young-woo"), Some(&Some("yang-jae-won")));
    assert_eq!(cast.get("ahn-ha-young"), Some(&Some("cheon-jang-mi")));
    assert_eq!(cast.get("jeong-jae-kwang"), Some(&Some("park-gyeong-won")));
    assert_eq!(cast.get("yoon-kyung-ho"), Some(&Some("han-yu-rim")));
    assert_eq!(cast.get("kim-sun-young"), Some(&Some("kang-myung-hui")));
}

#[test]
fn each_actor_spelled_two_ways_is_one_person_with_both_spellings() {
    let pack = pack();
    let ha_young = person(&pack, "ahn-ha-young");
    assert_eq!(
        ha_young.name, "Ha Young",
        "she is credited as Ha Young (하영)"
    );
    assert_eq!(ha_young.name_ko, "하영");
    assert!(ha_young.aliases.contains(&"Ahn Ha-young".to_string()));
    let jae_kwang = person(&pack, "jeong-jae-kwang");
    assert_eq!(jae_kwang.name, "Jeong Jae-kwang");
    assert!(jae_kwang.aliases.contains(&"Jung Jae-kwang".to_string()));
    assert!(
        !pack
            .people
            .iter()
            .any(|p| p.item.id == "ha-young" || p.item.id == "jung-jae-kwang")
    );
}

#[test]
fn the_author_the_director_and_the_writer_are_credited() {
    let pack = pack();
    let role = |id: &str| {
        pack.credits
            .iter()
            .find(|c| c.item.person == id)
            .map(|c| c.item.role)
    };
    assert_eq!(role("lee-nak-jun"), Some(Role::OriginalAuthor));
    assert_eq!(role("lee-do-yun"), Some(Role::Director));
    assert_eq!(role("choi-tae-kang"), Some(Role::Writer));
    for id in ["lee-nak-jun", "lee-do-yun"] {
        assert!(
            pack.facts
                .iter()
                .filter(|f| f.item.about.iter().any(|a| a == id))
                .count()
                >= 3,
            "facts about {id}"
        );
    }
}

#[test]
fn every_person_and_character_has_a_hangul_name() {
    let pack = pack();
    let names = pack
        .people
        .iter()
        .map(|p| &p.item.name_ko)
        .chain(pack.characters.iter().map(|c| &c.item.name_ko));
    for name in names {
        assert!(
            name.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{name}"
        );
    }
}

#[test]
fn at_least_forty_questions_across_every_category() {
    let pack = pack();
    assert!(pack.questions.len() >= 40, "{}", pack.questions.len());
    for category in Category::ALL {
        let n = pack
            .questions
            .iter()
            .filter(|q| q.item.category == category)
            .count();
        assert!(n >= 4, "{} questions in {}", n, category.as_str());
    }
    for q in &pack.questions {
        assert!((1..=3).contains(&q.item.difficulty));
        assert!(
            q.item.explanation.is_some(),
            "{} explains its answer",
            q.item.id
        );
    }
}

#[test]
fn at_least_fifty_quotes_with_the_in_show_line() {
    let pack = pack();
    assert!(pack.quotes.len() >= 50, "{}", pack.quotes.len());
    let line = pack
        .quotes
        .iter()
        .find(|q| q.item.text == "Severe trauma can happen to anyone.")
        .expect("the in-show line");
    assert_eq!(line.item.kind, QuoteKind::Line);
    assert_eq!(line.item.speaker, "baek-kang-hyuk");
    for speaker in ["lee-nak-jun", "lee-do-yun"] {
        assert!(
            pack.quotes
                .iter()
                .any(|q| q.item.speaker == speaker && q.item.kind == QuoteKind::Interview),
            "{speaker} is quoted"
        );
    }
}

/// Quotes citing the two seed reports appear word for word in the seed files; quotes from other
/// reports are checked against the evidence file by a second reader, not here.
#[test]
fn every_seed_quote_appears_word_for_word_in_its_article() {
    let pack = pack();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("skipped: {} is not beside the checkout", seeds.display());
        return;
    };
    let mut articles = String::new();
    for entry in entries.flatten() {
        articles.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
    }
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let articles = squash(&articles);
    let seed_quotes: Vec<_> = pack
        .quotes
        .iter()
        .filter(|q| SEED_SOURCES.iter().any(|(id, _)| q.item.source == *id))
        .collect();
    assert!(seed_quotes.len() >= 12, "{} seed quotes", seed_quotes.len());
    for q in seed_quotes {
        for part in q.item.text.split('…') {
            let part = squash(part);
            assert!(
                part.is_empty() || articles.contains(&part),
                "quote {} is not word for word in the articles: {}",
                q.item.id,
                q.item.text
            );
        }
    }
}

//! Every pack in `data/packs` together: valid as one set, as large as the packs issue asks, cited
//! throughout, and sharing people across dramas so that `/cast` can show an actor's whole career.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic here is a failing test, it cannot crash the bot"
)]

use std::collections::{HashMap, HashSet};
use std::path::Path;

use dramabot_core::pack::{self, Pack};

fn packs() -> Vec<Pack> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let files = pack::files_in(&dir).expect("the packs folder");
    let packs: Vec<Pack> = files
        .iter()
        .map(|f| pack::read_file(f).unwrap_or_else(|p| panic!("{}", pack::Problem::list(&p))))
        .collect();
    let problems = pack::validate_set(&packs);
    assert!(problems.is_empty(), "{}", pack::Problem::list(&problems));
    packs
}

#[test]
fn six_dramas_each_as_large_as_asked() {
    let packs = packs();
    let ids: Vec<&str> = packs.iter().map(|p| p.drama.item.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "extraordinary-attorney-woo",
            "kingdom",
            "queen-of-tears",
            "squid-game",
            "the-trauma-code",
            "when-life-gives-you-tangerines"
        ]
    );
    for pack in &packs {
        let hard = pack
            .questions
            .iter()
            .filter(|q| q.item.difficulty == 3)
            .count();
        let (questions, hard_min, quotes, facts) = if pack.drama.item.id == "the-trauma-code" {
            (150, 30, 50, 100)
        } else {
            (60, 12, 20, 40)
        };
        let id = &pack.drama.item.id;
        assert!(pack.questions.len() >= questions, "{id}: questions");
        assert!(hard >= hard_min, "{id}: hard questions");
        assert!(pack.quotes.len() >= quotes, "{id}: quotes");
        assert!(pack.facts.len() >= facts, "{id}: facts");
        assert!(
            !pack.characters.is_empty() && !pack.credits.is_empty(),
            "{id}: cast"
        );
    }
}

#[test]
fn every_source_is_a_dated_web_report_and_every_one_is_cited() {
    for pack in packs() {
        for source in &pack.sources {
            let s = &source.item;
            let url = s.url.as_deref().unwrap_or_default();
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "{}: {} has no web address",
                pack.file,
                s.id
            );
            assert_eq!(s.date.len(), 10, "{}: {}", pack.file, s.id);
        }
    }
}

#[test]
fn people_are_shared_across_dramas_under_one_name() {
    let packs = packs();
    let mut dramas_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for pack in &packs {
        for credit in &pack.credits {
            dramas_of
                .entry(credit.item.person.as_str())
                .or_default()
                .insert(pack.drama.item.id.as_str());
        }
    }
    let ju = &dramas_of["ju-ji-hoon"];
    assert!(
        ju.contains("the-trauma-code") && ju.contains("kingdom"),
        "{ju:?}"
    );
}

#[test]
fn the_fact_check_corrections_hold() {
    let packs = packs();
    let trauma = packs
        .iter()
        .find(|p| p.drama.item.id == "the-trauma-code")
        .expect("the pack");
    let question = |id: &str| {
        &trauma
            .questions
            .iter()
            .find(|q| q.item.id == id)
            .unwrap_or_else(|| panic!("no question {id}"))
            .item
    };
    assert_eq!(
        question("web-novel-title").answer,
        "Trauma Center: Golden Hour"
    );
    let confession = question("earlier-drama-with-ju-ji-hoon");
    assert!(confession.question.contains("film"), "{confession:?}");
    // Chile, Indonesia and Malaysia were in the same Top-10 lists: never a wrong choice.
    for q in &trauma.questions {
        for wrong in &q.item.wrong {
            assert!(
                !["Chile", "Indonesia", "Malaysia"].contains(&wrong.as_str()),
                "{}: {wrong}",
                q.item.id
            );
        }
    }
    let ha_young = trauma
        .people
        .iter()
        .find(|p| p.item.id == "ahn-ha-young")
        .expect("Ha Young");
    assert_eq!(
        (ha_young.item.name.as_str(), ha_young.item.name_ko.as_str()),
        ("Ha Young", "하영")
    );
    for q in &trauma.questions {
        let text = format!(
            "{} {}",
            q.item.question,
            q.item.explanation.as_deref().unwrap_or_default()
        );
        assert!(
            !text.contains("Doctor Friends article"),
            "{}: the seed reports are not the show's articles",
            q.item.id
        );
    }
}

#[test]
fn every_question_of_every_pack_can_be_asked() {
    use dramabot_core::model::Scope;
    use dramabot_core::trivia::game;
    use rand::SeedableRng;

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/packs");
    let loaded =
        dramabot_core::startup::open_and_import(":memory:", &dir, jiff::Timestamp::UNIX_EPOCH)
            .expect("the packs import");
    let questions = loaded
        .store
        .trivia_questions(Scope {
            guild: None,
            drama: None,
        })
        .expect("questions");
    assert!(questions.len() > 400);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    // What the validator accepts, a game must be able to ask: a question the game refuses would be
    // skipped in the middle of a game, one question short.
    let refused: Vec<String> = questions
        .iter()
        .filter(|q| !q.is_typed())
        .filter_map(|q| {
            game::shuffle_choices(q, &mut rng)
                .err()
                .map(|e| format!("{}: {e}", q.question))
        })
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

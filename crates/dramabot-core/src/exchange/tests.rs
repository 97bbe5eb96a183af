use super::*;
use crate::ids::{GuildId, UserId};
use crate::model::Scope;
use crate::router::tests::{invocation, run};
use crate::router::{Action, App, Invocation, Value};
use crate::store::Submission;
use crate::store::sample::store_with_sample;

/// `/content import` by a moderator, with `file` attached and the other options as text.
fn import_inv(name: &str, bytes: &[u8], options: &[(&str, &str)]) -> Invocation {
    let mut opts = vec![(
        "file".to_string(),
        Value::Attachment {
            filename: name.into(),
            bytes: bytes.to_vec(),
        },
    )];
    opts.extend(
        options
            .iter()
            .map(|(n, v)| (n.to_string(), Value::String(v.to_string()))),
    );
    Invocation {
        is_moderator: true,
        ..invocation(Action::Command {
            name: "content".into(),
            subcommand: Some("import".into()),
            options: opts,
        })
    }
}

fn queued(app: &App) -> Vec<Submission> {
    app.store()
        .submissions_of(GuildId(1), UserId(3), 0, 100)
        .expect("read")
}

const RED: &str = "AUTHOR: A fan\n\
Who leads the trauma team?:\n- Baek Kang-hyuk\n\
What city is the hospital in?:\n- Seoul\n\
Who plays Baek Kang-hyuk?:\n- Ju Ji-hoon\n";

#[test]
fn a_red_list_without_a_source_waits_as_source_needed_and_nothing_is_played() {
    let app = App::new(store_with_sample());
    let before = app
        .store()
        .trivia_questions(Scope {
            guild: Some(GuildId(1)),
            drama: None,
        })
        .expect("questions")
        .len();
    let reply = run(&app, &import_inv("team.yaml", RED.as_bytes(), &[]));
    assert!(reply.ephemeral);
    let text = reply.content.unwrap_or_default();
    assert!(
        text.contains("3 read, 2 queued for review, 1 skipped as duplicates"),
        "{text}"
    );
    assert!(text.contains("source needed"), "{text}");
    let items = queued(&app);
    assert_eq!(items.len(), 2);
    for item in &items {
        assert_eq!(item.state, SubmissionState::SourceNeeded);
        assert_eq!(item.kind, SubmissionKind::Question);
        // Each is the same one-item pack a member's submission is, and passes the one validator.
        let pack = pack::parse("item.toml", item.pack_toml.as_bytes()).expect("parses");
        assert!(pack::validate_set(&[pack]).is_empty());
    }
    let after = app
        .store()
        .trivia_questions(Scope {
            guild: Some(GuildId(1)),
            drama: None,
        })
        .expect("questions")
        .len();
    assert_eq!(before, after, "imported items are not played before review");
    // Importing again finds every item already queued.
    let again = run(&app, &import_inv("team.yaml", RED.as_bytes(), &[]));
    assert!(
        again
            .content
            .unwrap_or_default()
            .contains("0 queued for review, 3 skipped as duplicates")
    );
    assert_eq!(queued(&app).len(), 2);
}

#[test]
fn a_list_with_a_source_is_pending_and_more_than_ten_items_are_allowed() {
    let app = App::new(store_with_sample());
    let mut red = String::new();
    for i in 0..12 {
        red.push_str(&format!("What is number {i} in the list?:\n- Answer {i}\n"));
    }
    let reply = run(
        &app,
        &import_inv(
            "numbers.yml",
            red.as_bytes(),
            &[("source", "https://example.com/list")],
        ),
    );
    assert!(
        reply
            .content
            .unwrap_or_default()
            .contains("12 read, 12 queued")
    );
    let items = queued(&app);
    assert_eq!(items.len(), 12);
    assert!(items.iter().all(|i| i.state == SubmissionState::Pending));
    assert!(
        items
            .iter()
            .all(|i| i.source.url.as_deref() == Some("https://example.com/list"))
    );
}

#[test]
fn bad_files_get_a_private_answer_and_change_nothing() {
    let app = App::new(store_with_sample());
    let bad_pack = "[drama]\nid = \"x\"\ntitle = \"X\"\ntitle_ko = \"엑스\"\nnetwork = \"N\"\n\
year = 2025\nepisodes = 1\n\n[[question]]\nid = \"q\"\nquestion = \"Is this cited?\"\n\
answer = \"No\"\nwrong = []\ndifficulty = 1\ncategory = \"cast\"\nsource = \"nowhere\"\n";
    let alias_bomb = "a: &a [\"lol\", \"lol\"]\nb: &b [*a, *a]\nc: [*b, *b]\n";
    let html = r#"{"response_code":0,"results":[{"category":"TV","type":"multiple","difficulty":"easy","question":"<script>alert(1)</script>Who?","correct_answer":"Me","incorrect_answers":["A","B","C"]}]}"#;
    let answer_is_wrong = r#"{"response_code":0,"results":[{"category":"TV","type":"multiple","difficulty":"easy","question":"Who is it?","correct_answer":"Me","incorrect_answers":["Me","B","C"]}]}"#;
    for (name, bytes, why) in [
        (
            "notes.txt",
            b"\x00\x01\x02 not a list".to_vec(),
            "Nothing was imported (nothing changed). I read Red-DiscordBot trivia lists (YAML), Open Trivia DB responses (JSON) and pack TOML files:\n• `notes.txt:1: not valid YAML",
        ),
        (
            "pack.toml",
            bad_pack.as_bytes().to_vec(),
            "• `pack.toml:16: unknown source 'nowhere': declare it in this pack`",
        ),
        (
            "bomb.yaml",
            alias_bomb.as_bytes().to_vec(),
            "Nothing was imported",
        ),
        (
            "big.yaml",
            vec![b'a'; 20 * 1024 * 1024],
            "the file is 20480 KiB; at most 2048 KiB is read.",
        ),
        (
            "html.json",
            html.as_bytes().to_vec(),
            "1 read, 0 queued for review, 0 skipped as duplicates, 1 refused.\n\n• `html.json:1: 'question' contains HTML (<script>); a question is plain text`",
        ),
        (
            "same.json",
            answer_is_wrong.as_bytes().to_vec(),
            "• `same.json:1: the right answer 'Me' is also a wrong choice`",
        ),
        (
            "bell.yaml",
            "A bell\u{7}?:\n- Ding\n".as_bytes().to_vec(),
            "• `bell.yaml:1: 'question' contains a control character`",
        ),
    ] {
        let reply = run(&app, &import_inv(name, &bytes, &[]));
        assert!(reply.ephemeral, "{name}");
        let text = reply.content.unwrap_or_default();
        assert!(text.contains(why), "{name}: {text}");
        assert!(queued(&app).is_empty(), "{name} queued something");
    }
}

#[test]
fn only_moderators_import() {
    let app = App::new(store_with_sample());
    let inv = Invocation {
        is_moderator: false,
        ..import_inv("team.yaml", RED.as_bytes(), &[])
    };
    let reply = run(&app, &inv);
    assert!(reply.ephemeral);
    assert!(queued(&app).is_empty());
}

/// A pack TOML with a question, a quote and a fact, about the sample drama.
const PACK: &str = r#"
[drama]
id = "sample"
title = "Sample Drama"
title_ko = "샘플"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "interview"
outlet = "A Magazine"
title = "On the set"
date = "2025-03-01"
url = "https://example.com/on-the-set"

[[character]]
id = "baek-kang-hyuk"
name = "Baek Kang-hyuk"
name_ko = "백강혁"

[[fact]]
id = "shot-in-winter"
about = ["sample"]
text = "The drama was shot in winter."
source = "interview"

[[quote]]
id = "my-patient"
text = "This patient is mine."
speaker = "baek-kang-hyuk"
kind = "line"
context = "In the emergency room"
source = "interview"

[[question]]
id = "where-shot"
question = "In which season was the drama shot?"
answer = "Winter"
wrong = ["Spring", "Summer", "Autumn"]
difficulty = 2
category = "production"
source = "interview"
"#;

#[test]
fn a_pack_is_queued_item_by_item_and_an_approved_bank_exports_as_a_valid_pack() {
    let app = App::new(store_with_sample());
    let reply = run(&app, &import_inv("community.toml", PACK.as_bytes(), &[]));
    assert!(
        reply
            .content
            .as_deref()
            .unwrap_or_default()
            .contains("3 read, 3 queued"),
        "{reply:?}"
    );
    let items = queued(&app);
    assert!(items.iter().all(|i| i.state == SubmissionState::Pending));
    // Approve them all, as a reviewer would.
    for item in &items {
        let pack = pack::parse("item.toml", item.pack_toml.as_bytes()).expect("parses");
        let mut store = app.store();
        crate::content::approve_into_bank(
            &mut store,
            GuildId(1),
            &pack,
            UserId(9),
            jiff::Timestamp::UNIX_EPOCH,
        )
        .expect("approved");
    }
    let export = Invocation {
        is_moderator: true,
        ..invocation(Action::Command {
            name: "content".into(),
            subcommand: Some("export".into()),
            options: Vec::new(),
        })
    };
    let reply = run(&app, &export);
    assert!(
        reply
            .content
            .as_deref()
            .unwrap_or_default()
            .contains("3 approved items")
    );
    // The command it gives checks the file on its own, which is what passes.
    assert!(
        reply
            .content
            .as_deref()
            .unwrap_or_default()
            .contains("`dramabot check-data sample-server.toml` checks it"),
        "{reply:?}"
    );
    assert_eq!(reply.attachments.len(), 1);
    let file = &reply.attachments[0];
    assert_eq!(file.filename, "sample-server.toml");
    let exported = pack::parse(&file.filename, &file.bytes).expect("the export parses");
    let problems = pack::validate_set(std::slice::from_ref(&exported));
    assert!(problems.is_empty(), "{}", pack::Problem::list(&problems));
    assert_eq!(exported.questions.len(), 1);
    assert_eq!(exported.quotes.len(), 1);
    assert_eq!(exported.facts.len(), 1);
    assert_eq!(exported.quotes[0].item.speaker, "baek-kang-hyuk");
    assert_eq!(exported.drama.item.id, "sample");
}

#[test]
fn an_empty_bank_exports_nothing() {
    let app = App::new(store_with_sample());
    let export = Invocation {
        is_moderator: true,
        ..invocation(Action::Command {
            name: "content".into(),
            subcommand: Some("export".into()),
            options: Vec::new(),
        })
    };
    let reply = run(&app, &export);
    assert!(reply.attachments.is_empty());
    assert!(
        reply
            .content
            .unwrap_or_default()
            .contains("no approved items")
    );
}

/// `inv` as moderator 50, in `locale`.
fn reviewer_inv(action: Action, locale: &str) -> Invocation {
    Invocation {
        is_moderator: true,
        user: UserId(50),
        locale: locale.into(),
        ..invocation(action)
    }
}

fn respond(app: &App, inv: &Invocation) -> crate::reply::Response {
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(7);
    crate::router::tests::handle_checked(app, inv, &mut rng).response
}

fn source_field(reply: &Reply, name: &str) -> String {
    reply.embeds[0]
        .fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.value.clone())
        .unwrap_or_default()
}

#[test]
fn an_item_imported_without_a_source_says_so_plainly_and_edit_asks_for_the_real_one() {
    let app = App::new(store_with_sample());
    run(&app, &import_inv("team.yaml", RED.as_bytes(), &[]));
    let next = |locale: &str| {
        reviewer_inv(
            Action::Command {
                name: "review".into(),
                subcommand: Some("next".into()),
                options: Vec::new(),
            },
            locale,
        )
    };
    // The card names no stand-in as if it were a source: it says there is none, and what to do.
    let card = run(&app, &next("en-US"));
    assert_eq!(
        card.embeds[0].title.as_deref(),
        Some("Submission #1 · question")
    );
    assert_eq!(
        source_field(&card, "Source"),
        "none yet — add one with Edit (imported from `team.yaml`)"
    );
    assert!(
        !format!("{card:?}").contains(LIST_SOURCE_ID),
        "the stand-in is shown: {card:?}"
    );
    let ko = run(&app, &next("ko"));
    assert_eq!(
        source_field(&ko, "출처"),
        "아직 없음 — 수정에서 출처를 넣어 주세요 (`team.yaml`에서 가져옴)"
    );

    // Edit's form is prefilled with the question, and its source is left for the reviewer.
    let press = |custom_id: &str| {
        reviewer_inv(
            Action::Button {
                custom_id: custom_id.into(),
                message: crate::ids::MessageId(9),
            },
            "en-US",
        )
    };
    let crate::reply::Response::Modal(form) = respond(&app, &press("review:edit:1")) else {
        panic!("Edit opens a form");
    };
    let value = |id: &str| {
        form.inputs
            .iter()
            .find(|i| i.custom_id == id)
            .and_then(|i| i.value.clone())
    };
    assert_eq!(
        value("question").as_deref(),
        Some("Who leads the trauma team?")
    );
    assert_eq!(value("answer").as_deref(), Some("Baek Kang-hyuk"));
    assert_eq!(value("source").as_deref(), Some(""));
    let source = form
        .inputs
        .iter()
        .find(|i| i.custom_id == "source")
        .expect("a source input");
    assert!(source.required, "the form cannot be sent without one");

    // The real source typed in: pending, approved, and the export cites it, not the stand-in.
    let mut fields: Vec<(String, String)> = form
        .inputs
        .iter()
        .map(|i| (i.custom_id.clone(), i.value.clone().unwrap_or_default()))
        .collect();
    for (name, value) in &mut fields {
        if name == "source" {
            *value = "https://example.com/trauma-team".into();
        }
    }
    let edited = run(
        &app,
        &reviewer_inv(
            Action::ModalSubmit {
                custom_id: "review-form:edit:1".into(),
                fields,
            },
            "en-US",
        ),
    );
    assert_eq!(
        source_field(&edited, "Source"),
        "https://example.com/trauma-team"
    );
    let item = |id: i64| {
        app.store()
            .submission(GuildId(1), id)
            .expect("read")
            .expect("stored")
    };
    assert_eq!(item(1).state, SubmissionState::Pending);
    assert!(!item(1).pack_toml.contains(LIST_SOURCE_ID));
    run(&app, &press("review:approve:1"));
    assert_eq!(item(1).state, SubmissionState::Approved);
    let export = reviewer_inv(
        Action::Command {
            name: "content".into(),
            subcommand: Some("export".into()),
            options: Vec::new(),
        },
        "en-US",
    );
    let reply = run(&app, &export);
    let file = &reply.attachments[0];
    let text = String::from_utf8_lossy(&file.bytes);
    assert!(text.contains("https://example.com/trauma-team"), "{text}");
    assert!(!text.contains(LIST_SOURCE_ID), "{text}");
    let exported = pack::parse(&file.filename, &file.bytes).expect("the export parses");
    let problems = pack::validate_set(std::slice::from_ref(&exported));
    assert!(problems.is_empty(), "{}", pack::Problem::list(&problems));
}

#[test]
fn an_item_of_a_pack_the_server_turned_off_is_still_a_duplicate() {
    let app = App::new(store_with_sample());
    let off = Invocation {
        is_moderator: true,
        ..crate::router::tests::command("content", Some("disable"), &[("list", "sample")])
    };
    run(&app, &off);
    let reply = run(&app, &import_inv("team.yaml", RED.as_bytes(), &[]));
    assert!(
        reply
            .content
            .unwrap_or_default()
            .contains("3 read, 2 queued for review, 1 skipped as duplicates")
    );
    assert!(
        queued(&app)
            .iter()
            .all(|i| i.summary != "Who plays Baek Kang-hyuk?")
    );
}

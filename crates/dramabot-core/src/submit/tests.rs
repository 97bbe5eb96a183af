use super::*;
use crate::ids::{GuildId, UserId};
use crate::router::tests::{command, handle_checked, invocation, run};
use crate::router::{Action, App, Invocation};
use crate::store::sample::store_with_sample;
use rand::SeedableRng;

/// Runs `inv` and returns the whole response (a modal, or a message).
fn respond(app: &App, inv: &Invocation) -> Response {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    handle_checked(app, inv, &mut rng).response
}

/// Opens the form of `/submit SUB` with `options`, as the member with id `user`.
fn open(app: &App, sub: &str, options: &[(&str, &str)]) -> Modal {
    match respond(app, &command("submit", Some(sub), options)) {
        Response::Modal(modal) => modal,
        other => panic!("a form, not {other:?}"),
    }
}

fn send(app: &App, modal: &Modal, fields: &[(&str, &str)]) -> Reply {
    run(app, &submission(modal, fields))
}

fn submission(modal: &Modal, fields: &[(&str, &str)]) -> Invocation {
    invocation(Action::ModalSubmit {
        custom_id: modal.custom_id.clone(),
        fields: fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    })
}

const URL: &str = "https://example.com/interview";

fn quote_form(app: &App) -> Modal {
    open(app, "quote", &[("speaker", "baek kang hyuk")])
}

#[test]
fn a_quote_goes_from_its_form_to_the_queue_and_the_member_is_told_its_id() {
    let app = App::new(store_with_sample());
    let modal = quote_form(&app);
    assert!(modal.custom_id.starts_with(MODAL_PREFIX));
    assert_eq!(
        modal
            .inputs
            .iter()
            .map(|i| i.custom_id.as_str())
            .collect::<Vec<_>>(),
        ["text", "context", "source"]
    );
    assert!(modal.title.contains("Baek Kang-hyuk"));
    let reply = send(
        &app,
        &modal,
        &[
            ("text", "Nobody dies on my table."),
            ("context", "Baek Kang-hyuk to the team"),
            ("source", URL),
        ],
    );
    assert!(reply.ephemeral);
    assert_eq!(
        reply.content.as_deref(),
        Some(
            "Thank you! Your quote is #1, waiting for a moderator's review. See `/submit mine` for its state."
        )
    );
    let stored = app
        .store()
        .submission(GuildId(1), 1)
        .expect("read")
        .expect("stored");
    assert_eq!(stored.kind, SubmissionKind::Quote);
    assert_eq!(stored.user, UserId(3));
    assert_eq!(stored.state, SubmissionState::Pending);
    assert_eq!(stored.source.url.as_deref(), Some(URL));
    // The stored TOML is a pack the validator accepts as it is, with the speaker in it.
    let pack = pack::parse("again.toml", stored.pack_toml.as_bytes()).expect("parses");
    assert!(pack::validate_set(std::slice::from_ref(&pack)).is_empty());
    assert_eq!(pack.quotes[0].item.text, "Nobody dies on my table.");
    assert_eq!(pack.quotes[0].item.speaker, "baek-kang-hyuk");
    assert_eq!(pack.characters[0].item.name_ko, "백강혁");
}

#[test]
fn a_question_needs_three_wrong_choices_and_none_may_be_the_answer() {
    let app = App::new(store_with_sample());
    let modal = open(
        &app,
        "question",
        &[("category", "production"), ("difficulty", "hard")],
    );
    let reply = send(
        &app,
        &modal,
        &[
            ("question", "Which network streams the drama?"),
            ("answer", "Netflix"),
            ("wrong", "Disney+\nnetflix"),
            ("accept", ""),
            ("source", "Some Outlet | An interview | 2025-02-19"),
        ],
    );
    let text = reply.content.expect("a refusal");
    assert!(text.starts_with("Not submitted. Please fix:"), "{text}");
    assert!(
        text.contains("Wrong choices: the right answer `Netflix` is also a wrong choice"),
        "{text}"
    );
    assert!(
        text.contains("Wrong choices: `wrong` must hold exactly 3 wrong choices, not 2"),
        "{text}"
    );
    assert!(
        app.store()
            .submission(GuildId(1), 1)
            .expect("read")
            .is_none()
    );
    // Fixed, it is stored with the options of its command.
    let reply = send(
        &app,
        &modal,
        &[
            ("question", "Which network streams the drama?"),
            ("answer", "Netflix"),
            ("wrong", "Disney+\r\nTving\n\nWavve"),
            ("accept", "넷플릭스"),
            ("source", "Some Outlet | An interview | 2025-02-19"),
        ],
    );
    assert!(reply.content.expect("text").contains("#1"));
    let stored = app
        .store()
        .submission(GuildId(1), 1)
        .expect("read")
        .expect("stored");
    let pack = pack::parse("again.toml", stored.pack_toml.as_bytes()).expect("parses");
    let q = &pack.questions[0].item;
    assert_eq!(q.wrong, ["Disney+", "Tving", "Wavve"]);
    assert_eq!(q.accept, ["넷플릭스"]);
    assert_eq!((q.difficulty, q.category), (3, Category::Production));
    assert_eq!(stored.source.outlet.as_deref(), Some("Some Outlet"));
}

#[test]
fn a_question_without_wrong_choices_is_a_typed_answer_question() {
    let app = App::new(store_with_sample());
    let modal = open(&app, "question", &[("category", "production")]);
    let wrong = modal.inputs.iter().find(|i| i.custom_id == "wrong");
    assert!(
        wrong.is_some_and(|i| !i.required),
        "the field may be left empty"
    );
    let reply = send(
        &app,
        &modal,
        &[
            ("question", "Which network streams the drama worldwide?"),
            ("answer", "Netflix"),
            ("wrong", ""),
            ("accept", ""),
            ("source", "Some Outlet | An interview | 2025-02-19"),
        ],
    );
    assert!(reply.content.expect("text").contains("#1"));
    let stored = app
        .store()
        .submission(GuildId(1), 1)
        .expect("read")
        .expect("stored");
    let pack = pack::parse("again.toml", stored.pack_toml.as_bytes()).expect("parses");
    assert!(pack.questions[0].item.wrong.is_empty());
}

#[test]
fn every_problem_names_its_field() {
    let app = App::new(store_with_sample());
    let modal = open(
        &app,
        "fact",
        &[("subject", "Ju Ji-hoon"), ("episode", "99")],
    );
    let long = "x".repeat(4000);
    let reply = send(
        &app,
        &modal,
        &[("text", &long), ("source", "Outlet | Title | yesterday")],
    );
    let text = reply.content.expect("a refusal");
    assert!(
        text.contains("Text: `text` is 4000 characters long; at most 1000 fit"),
        "{text}"
    );
    assert!(
        text.contains("Source: date `yesterday` is not a date like 2025-01-29"),
        "{text}"
    );
    assert!(
        text.contains("episode: episode 99 is out of range: the drama has episodes 1 to 8"),
        "{text}"
    );
}

#[test]
fn a_source_is_required_and_must_be_a_web_address_or_outlet_title_date() {
    let app = App::new(store_with_sample());
    let modal = open(&app, "fact", &[]);
    for source in [
        "",
        "my friend told me",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "https://",
        "a | b",
    ] {
        let reply = send(
            &app,
            &modal,
            &[("text", "Filming took a year."), ("source", source)],
        );
        assert_eq!(
            reply.content.as_deref(),
            Some(
                "Source: give a web address starting with https:// (or http://), or `Outlet | Title | 2025-01-29`."
            ),
            "{source}"
        );
    }
    assert_eq!(
        app.store()
            .submission_count_of(GuildId(1), UserId(3))
            .expect("count"),
        0
    );
}

#[test]
fn control_characters_are_refused_and_mentions_are_kept_as_typed() {
    let app = App::new(store_with_sample());
    let modal = open(&app, "fact", &[]);
    let reply = send(
        &app,
        &modal,
        &[("text", "Filming\u{7} took a year."), ("source", URL)],
    );
    assert_eq!(
        reply.content.as_deref(),
        Some("Text: contains a control character.")
    );
    let reply = send(
        &app,
        &modal,
        &[("text", "@everyone filming took a year."), ("source", URL)],
    );
    assert!(reply.content.expect("text").contains("#1"));
    let mine = run(&app, &command("submit", Some("mine"), &[]));
    assert!(
        mine.embeds[0]
            .description
            .as_deref()
            .is_some_and(|d| d.contains("@everyone filming took a year."))
    );
}

#[test]
fn the_same_item_is_refused_pointing_at_it() {
    let app = App::new(store_with_sample());
    // Already in a pack.
    let modal = open(&app, "fact", &[]);
    let reply = send(
        &app,
        &modal,
        &[("text", "the finale reveals a TWIST"), ("source", URL)],
    );
    assert_eq!(
        reply.content.as_deref(),
        Some("That is already in my packs: “The finale reveals a twist. (sample)”")
    );
    // Already waiting, from another member.
    send(
        &app,
        &modal,
        &[("text", "Filming took a year."), ("source", URL)],
    );
    let mut again = submission(&modal, &[("text", "Filming took a year!"), ("source", URL)]);
    again.user = UserId(4);
    assert_eq!(
        run(&app, &again).content.as_deref(),
        Some("The same fact was already submitted as #1 (⏳ pending).")
    );
}

#[test]
fn a_member_may_have_ten_submissions_waiting() {
    let app = App::new(store_with_sample());
    let modal = open(&app, "fact", &[]);
    for n in 0..10 {
        let text = format!("Filming took {n} months.");
        let reply = send(&app, &modal, &[("text", &text), ("source", URL)]);
        assert!(reply.content.expect("text").starts_with("Thank you!"));
    }
    let reply = send(&app, &modal, &[("text", "One more fact."), ("source", URL)]);
    assert_eq!(
        reply.content.as_deref(),
        Some(
            "You already have 10 submissions waiting for review. Please wait until some are reviewed."
        )
    );
}

#[test]
fn an_unknown_speaker_is_refused_before_the_form_opens() {
    let app = App::new(store_with_sample());
    let reply = run(
        &app,
        &command("submit", Some("quote"), &[("speaker", "Nobody At All")]),
    );
    assert!(reply.ephemeral);
    assert!(
        reply
            .content
            .expect("text")
            .starts_with("I know nobody called “Nobody At All” in Sample Drama."),
    );
}

#[test]
fn a_forged_or_stale_form_is_refused_politely() {
    let app = App::new(store_with_sample());
    for id in [
        "submit:quote:sample:line:0000000000000000:-",
        "submit:fact:gone:-:-",
        "submit:nonsense",
    ] {
        let modal = Modal {
            custom_id: id.into(),
            title: String::new(),
            inputs: Vec::new(),
        };
        let reply = send(&app, &modal, &[("text", "x"), ("source", URL)]);
        assert!(reply.ephemeral, "{id}");
        assert!(!reply.content.expect("text").contains("#"), "{id}");
    }
}

#[test]
fn mine_lists_the_members_submissions_newest_first_with_their_state() {
    let app = App::new(store_with_sample());
    let reply = run(&app, &command("submit", Some("mine"), &[]));
    assert!(reply.ephemeral);
    assert!(
        reply
            .content
            .expect("text")
            .starts_with("You have not submitted")
    );
    let modal = open(&app, "fact", &[]);
    for n in 0..12 {
        let text = format!("Filming took {n} months.");
        send(&app, &modal, &[("text", &text), ("source", URL)]);
        if n < 9 {
            // Decided ones no longer count towards the limit of waiting items.
            let decision = if n == 0 {
                crate::store::Decision::Reject("no source says so".into())
            } else {
                crate::store::Decision::Approve
            };
            assert!(
                app.store()
                    .decide_submission(GuildId(1), n + 1, UserId(9), &decision, ctx_now())
                    .expect("decide")
            );
        }
    }
    let reply = run(&app, &command("submit", Some("mine"), &[]));
    let embed = &reply.embeds[0];
    let text = embed.description.as_deref().expect("a list");
    assert!(
        text.starts_with("**#12** · fact · ⏳ pending · 1970-01-01\n> Filming took 11 months."),
        "{text}"
    );
    assert_eq!(text.matches("**#").count(), 10);
    assert_eq!(
        embed.footer.as_deref(),
        Some("Page 1 of 2 · 12 in all · /submit mine page:2")
    );
    let reply = run(&app, &command("submit", Some("mine"), &[("page", "2")]));
    let text = reply.embeds[0].description.clone().expect("a list");
    assert!(text.contains("**#2** · fact · ✅ approved"), "{text}");
    assert!(
        text.contains("**#1** · fact · ❌ rejected: no source says so"),
        "{text}"
    );
    // Another member, or another server, sees none of them.
    let mut other = command("submit", Some("mine"), &[]);
    other.guild = Some(GuildId(5));
    assert!(run(&app, &other).embeds.is_empty());
}

fn ctx_now() -> jiff::Timestamp {
    jiff::Timestamp::UNIX_EPOCH
}

#[test]
fn korean_members_get_a_korean_form() {
    let app = App::new(store_with_sample());
    let mut inv = command("submit", Some("quote"), &[("speaker", "백강혁")]);
    inv.locale = "ko".into();
    let Response::Modal(modal) = respond(&app, &inv) else {
        panic!("a form");
    };
    assert_eq!(modal.title, "명대사 제출 · 백강혁");
    assert_eq!(modal.inputs[2].label, "출처");
}

#[test]
fn submissions_belong_to_a_server() {
    let app = App::new(store_with_sample());
    let mut inv = command("submit", Some("fact"), &[]);
    inv.guild = None;
    assert_eq!(
        run(&app, &inv).content.as_deref(),
        Some("Submissions belong to a server's review queue: use this command in one.")
    );
}

#[test]
fn the_same_item_in_the_servers_own_list_or_a_pack_turned_off_is_refused_pointing_at_it() {
    let app = App::new(store_with_sample());
    let modal = open(&app, "fact", &[]);
    send(
        &app,
        &modal,
        &[("text", "Filming took a year."), ("source", URL)],
    );
    let mut approve = invocation(Action::Button {
        custom_id: "review:approve:1".into(),
        message: crate::ids::MessageId(1),
    });
    approve.is_moderator = true;
    approve.user = UserId(50);
    assert!(matches!(respond(&app, &approve), Response::Update(_)));
    // Another member sends it again: it is in the server's own list, not in a pack.
    let mut again = submission(&modal, &[("text", "Filming took a year!"), ("source", URL)]);
    again.user = UserId(4);
    let reply = run(&app, &again);
    assert!(reply.ephemeral);
    assert_eq!(
        reply.content.as_deref(),
        Some("That is already in this server's own list: “Filming took a year.”")
    );
    let ko = Invocation {
        locale: "ko".into(),
        ..again
    };
    assert_eq!(
        run(&app, &ko).content.as_deref(),
        Some("이미 이 서버의 목록에 있어요: “Filming took a year.”")
    );
    // A pack the server turned off still holds its items: sending one is refused all the same.
    let mut off = command("content", Some("disable"), &[("list", "sample")]);
    off.is_moderator = true;
    run(&app, &off);
    let mut twist = submission(
        &modal,
        &[("text", "the finale reveals a TWIST"), ("source", URL)],
    );
    twist.user = UserId(4);
    assert_eq!(
        run(&app, &twist).content.as_deref(),
        Some("That is already in my packs: “The finale reveals a twist. (sample)”")
    );
    // Nothing of member 4's was stored.
    assert!(
        app.store()
            .submissions_of(GuildId(1), UserId(4), 0, 10)
            .expect("read")
            .is_empty()
    );
}

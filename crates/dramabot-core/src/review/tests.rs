use super::*;
use crate::ids::{MessageId, UserId};
use crate::model::Scope;
use crate::router::tests::{command, handle_checked, invocation};
use crate::router::{Action, App, Invocation, Value};
use crate::store::sample::store_with_sample;
use crate::store::{NewSubmission, SubmittedSource};
use rand::SeedableRng;

const GUILD: GuildId = GuildId(1);
/// A member who submits.
const MEMBER: u64 = 3;
/// Two moderators.
const MOD_A: u64 = 50;
const MOD_B: u64 = 51;
const URL: &str = "https://example.com/making-of";

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).expect("a time")
}

fn respond(app: &App, inv: &Invocation) -> Response {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    handle_checked(app, inv, &mut rng).response
}

fn message(response: Response) -> Reply {
    match response {
        Response::Message(reply) => reply,
        other => panic!("a message, not {other:?}"),
    }
}

fn update(response: Response) -> Reply {
    match response {
        Response::Update(reply) => reply,
        other => panic!("an update of the card, not {other:?}"),
    }
}

fn modal(response: Response) -> Modal {
    match response {
        Response::Modal(modal) => modal,
        other => panic!("a form, not {other:?}"),
    }
}

/// `inv` as member `user`, a moderator or not, at `seconds`.
fn by(mut inv: Invocation, user: u64, moderator: bool, seconds: i64) -> Invocation {
    inv.user = UserId(user);
    inv.is_moderator = moderator;
    inv.now = at(seconds);
    inv
}

fn korean(mut inv: Invocation) -> Invocation {
    inv.locale = "ko".into();
    inv
}

/// Member `user` submits a fact through `/submit fact` and its form; returns the reply's text.
fn submit_fact(app: &App, user: u64, text: &str, seconds: i64) -> String {
    let form = modal(respond(
        app,
        &by(command("submit", Some("fact"), &[]), user, false, seconds),
    ));
    let sent = invocation(Action::ModalSubmit {
        custom_id: form.custom_id,
        fields: vec![("text".into(), text.into()), ("source".into(), URL.into())],
    });
    message(respond(app, &by(sent, user, false, seconds)))
        .content
        .unwrap_or_default()
}

fn review_next(app: &App, user: u64, moderator: bool, seconds: i64) -> Reply {
    message(respond(
        app,
        &by(
            command("review", Some("next"), &[]),
            user,
            moderator,
            seconds,
        ),
    ))
}

fn press_as(inv_user: u64, moderator: bool, custom_id: &str, seconds: i64) -> Invocation {
    by(
        invocation(Action::Button {
            custom_id: custom_id.into(),
            message: MessageId(900),
        }),
        inv_user,
        moderator,
        seconds,
    )
}

fn fill_as(
    user: u64,
    moderator: bool,
    custom_id: &str,
    fields: &[(&str, &str)],
    seconds: i64,
) -> Invocation {
    by(
        invocation(Action::ModalSubmit {
            custom_id: custom_id.into(),
            fields: fields
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }),
        user,
        moderator,
        seconds,
    )
}

fn field_value<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply.embeds[0]
        .fields
        .iter()
        .find(|f| f.name == name)
        .map_or("", |f| f.value.as_str())
}

fn labels(reply: &Reply) -> Vec<(String, bool)> {
    reply
        .buttons
        .iter()
        .map(|b| (b.label.clone(), b.disabled))
        .collect()
}

fn state(app: &App, id: i64) -> SubmissionState {
    app.store()
        .submission(GUILD, id)
        .expect("read")
        .expect("stored")
        .state
}

fn bank_facts(app: &App) -> Vec<String> {
    app.store()
        .facts(Scope {
            guild: Some(GUILD),
            drama: None,
        })
        .expect("facts")
        .into_iter()
        .map(|f| f.text)
        .collect()
}

const FILMING: &str = "The hospital scenes were filmed in a real trauma centre in Seoul.";

#[test]
fn a_moderator_sees_the_oldest_item_as_a_card_and_approving_puts_it_in_play() {
    let app = App::new(store_with_sample());
    assert!(submit_fact(&app, MEMBER, FILMING, 0).contains("#1"));
    // Two hours and a bit later, a moderator reviews.
    let card = review_next(&app, MOD_A, true, 2 * 3600 + 60);
    assert!(card.ephemeral);
    assert_eq!(
        card.embeds[0].title.as_deref(),
        Some("Submission #1 · fact")
    );
    assert_eq!(card.embeds[0].description.as_deref(), Some(FILMING));
    assert_eq!(field_value(&card, "Source"), URL);
    // A fact about the drama itself names the drama, not its id.
    assert_eq!(field_value(&card, "Subject"), "Sample Drama");
    assert_eq!(
        field_value(&card, "Submitted"),
        "<@3> · 2 h ago · ⏳ pending"
    );
    assert_eq!(
        labels(&card),
        [
            ("Approve".to_string(), false),
            ("Reject".to_string(), false),
            ("Edit".to_string(), false),
            ("Skip".to_string(), false)
        ]
    );
    assert!(!bank_facts(&app).contains(&FILMING.to_string()));

    let approved = update(respond(
        &app,
        &press_as(MOD_A, true, &card.buttons[0].custom_id, 2 * 3600 + 90),
    ));
    assert!(
        field_value(&approved, "Decision")
            .starts_with("✅ Approved by <@50>: in play in this server now"),
        "{approved:?}"
    );
    assert_eq!(
        labels(&approved),
        [
            ("Approve".to_string(), true),
            ("Reject".to_string(), true),
            ("Edit".to_string(), true),
            ("Next".to_string(), false)
        ]
    );
    assert_eq!(state(&app, 1), SubmissionState::Approved);
    // In play at once for this server, and only for it.
    assert!(bank_facts(&app).contains(&FILMING.to_string()));
    let elsewhere = app
        .store()
        .facts(Scope {
            guild: Some(GuildId(2)),
            drama: None,
        })
        .expect("facts");
    assert!(elsewhere.iter().all(|f| f.text != FILMING));
    // The member sees it approved; the queue is empty now.
    let mine = message(respond(
        &app,
        &by(command("submit", Some("mine"), &[]), MEMBER, false, 9000),
    ));
    assert!(
        mine.embeds[0]
            .description
            .as_deref()
            .is_some_and(|d| d.contains("✅ approved"))
    );
    assert_eq!(
        review_next(&app, MOD_A, true, 9000).content.as_deref(),
        Some(
            "Nothing is waiting for review. Items another reviewer holds come back if they leave them."
        )
    );
}

#[test]
fn a_member_is_refused_and_nothing_changes() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    let refusal = "Only members with **Manage Server** or this server's reviewer role can review submissions.";
    assert_eq!(
        review_next(&app, 4, false, 10).content.as_deref(),
        Some(refusal)
    );
    // Pressing Approve on a card (a forwarded custom id) changes nothing.
    let pressed = message(respond(&app, &press_as(4, false, "review:approve:1", 10)));
    assert_eq!(pressed.content.as_deref(), Some(refusal));
    assert!(pressed.ephemeral);
    let rejected = message(respond(
        &app,
        &fill_as(4, false, "review-form:reason:1", &[("reason", "no")], 10),
    ));
    assert_eq!(rejected.content.as_deref(), Some(refusal));
    assert_eq!(state(&app, 1), SubmissionState::Pending);
    assert!(!bank_facts(&app).contains(&FILMING.to_string()));
    // In Korean too.
    let ko = message(respond(
        &app,
        &korean(by(command("review", Some("queue"), &[]), 4, false, 10)),
    ));
    assert_eq!(
        ko.content.as_deref(),
        Some(
            "**서버 관리** 권한이 있거나 이 서버의 검토자 역할이 있는 멤버만 제출을 검토할 수 있어요."
        )
    );
}

#[test]
fn a_member_with_the_reviewer_role_may_review_once_a_moderator_sets_it() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    let role = RoleId(77);
    let mut reviewer = by(command("review", Some("next"), &[]), 4, false, 10);
    reviewer.roles = vec![role];
    assert!(message(respond(&app, &reviewer)).embeds.is_empty());
    // Only a moderator may set the role.
    let set = invocation(Action::Command {
        name: "settings".into(),
        subcommand: Some("reviewer".into()),
        options: vec![("role".into(), Value::Role(role))],
    });
    let refused = message(respond(&app, &by(set.clone(), 4, false, 10)));
    assert_eq!(
        refused.content.as_deref(),
        Some("Only members with the **Manage Server** permission can do that.")
    );
    let saved = message(respond(&app, &by(set, MOD_A, true, 10)));
    assert!(
        saved
            .content
            .as_deref()
            .is_some_and(|c| c.starts_with("Saved. Members with <@&77> may now review")),
        "{saved:?}"
    );
    let card = message(respond(&app, &reviewer));
    assert_eq!(
        card.embeds[0].title.as_deref(),
        Some("Submission #1 · fact")
    );
    // A member without the role is still refused; clearing the role takes it back.
    assert!(review_next(&app, 5, false, 10).embeds.is_empty());
    let clear = invocation(Action::Command {
        name: "settings".into(),
        subcommand: Some("reviewer".into()),
        options: vec![],
    });
    message(respond(&app, &by(clear, MOD_A, true, 20)));
    let pressed = message(respond(&app, &{
        let mut inv = press_as(4, false, "review:approve:1", 30);
        inv.roles = vec![role];
        inv
    }));
    assert!(pressed.embeds.is_empty());
    assert_eq!(state(&app, 1), SubmissionState::Pending);
}

#[test]
fn two_reviewers_get_different_items_and_a_second_decision_names_who_decided() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    submit_fact(
        &app,
        4,
        "The helicopter scenes used a real medical helicopter.",
        5,
    );
    let a = review_next(&app, MOD_A, true, 100);
    let b = review_next(&app, MOD_B, true, 100);
    assert_eq!(a.embeds[0].title.as_deref(), Some("Submission #1 · fact"));
    assert_eq!(b.embeds[0].title.as_deref(), Some("Submission #2 · fact"));
    // Asking again gives each the item they hold.
    assert_eq!(
        review_next(&app, MOD_B, true, 110).embeds[0]
            .title
            .as_deref(),
        Some("Submission #2 · fact")
    );
    update(respond(
        &app,
        &press_as(MOD_A, true, "review:approve:1", 120),
    ));
    // B approving (or rejecting) #1 from a stale card: refused, naming A.
    let again = message(respond(
        &app,
        &press_as(MOD_B, true, "review:approve:1", 130),
    ));
    assert_eq!(
        again.content.as_deref(),
        Some("#1 was already approved by <@50> (1970-01-01 00:02 UTC).")
    );
    let reject = message(respond(
        &app,
        &press_as(MOD_B, true, "review:reject:1", 130),
    ));
    assert_eq!(reject.content, again.content);
    let korean_again = message(respond(
        &app,
        &korean(press_as(MOD_B, true, "review:approve:1", 130)),
    ));
    assert_eq!(
        korean_again.content.as_deref(),
        Some("#1은(는) 이미 <@50>님이 승인했어요 (1970-01-01 00:02 UTC).")
    );
    // The item is in the bank once.
    let count = bank_facts(&app).iter().filter(|t| *t == FILMING).count();
    assert_eq!(count, 1);
}

#[test]
fn two_moderators_pressing_approve_at_the_same_moment_bank_the_item_once() {
    for round in 0..10 {
        let app = App::new(store_with_sample());
        submit_fact(&app, MEMBER, FILMING, 0);
        let start = std::sync::Barrier::new(2);
        let responses: Vec<Response> = std::thread::scope(|s| {
            let pressing: Vec<_> = [MOD_A, MOD_B]
                .into_iter()
                .map(|moderator| {
                    let (app, start) = (&app, &start);
                    s.spawn(move || {
                        let press = press_as(moderator, true, "review:approve:1", 100);
                        start.wait();
                        respond(app, &press)
                    })
                })
                .collect();
            pressing
                .into_iter()
                .map(|p| p.join().expect("no panic"))
                .collect()
        });
        // One closes the card; the other is told, privately, who approved it first.
        let (closed, told): (Vec<_>, Vec<_>) = responses
            .into_iter()
            .partition(|r| matches!(r, Response::Update(_)));
        assert_eq!((closed.len(), told.len()), (1, 1), "round {round}");
        let told = message(told.into_iter().next().expect("one"));
        assert!(told.ephemeral);
        assert!(
            told.content
                .as_deref()
                .is_some_and(|c| c.starts_with("#1 was already approved by <@5")),
            "round {round}: {told:?}"
        );
        let count = bank_facts(&app).iter().filter(|t| *t == FILMING).count();
        assert_eq!(count, 1, "round {round}");
        assert_eq!(state(&app, 1), SubmissionState::Approved);
    }
}

#[test]
fn reject_asks_a_reason_and_the_member_reads_it() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    review_next(&app, MOD_A, true, 10);
    let form = modal(respond(&app, &press_as(MOD_A, true, "review:reject:1", 20)));
    assert_eq!(form.custom_id, "review-form:reason:1");
    assert_eq!(form.inputs.len(), 1);
    assert_eq!(form.inputs[0].custom_id, "reason");
    // An empty reason is refused.
    let empty = message(respond(
        &app,
        &fill_as(MOD_A, true, "review-form:reason:1", &[("reason", "  ")], 30),
    ));
    assert_eq!(
        empty.content.as_deref(),
        Some("Give a reason, without control characters.")
    );
    let closed = update(respond(
        &app,
        &fill_as(
            MOD_A,
            true,
            "review-form:reason:1",
            &[("reason", "The article says Busan, not Seoul.")],
            40,
        ),
    ));
    assert_eq!(
        field_value(&closed, "Decision"),
        "❌ Rejected by <@50>: The article says Busan, not Seoul."
    );
    assert_eq!(
        state(&app, 1),
        SubmissionState::Rejected("The article says Busan, not Seoul.".into())
    );
    let mine = message(respond(
        &app,
        &by(command("submit", Some("mine"), &[]), MEMBER, false, 50),
    ));
    assert!(
        mine.embeds[0]
            .description
            .as_deref()
            .is_some_and(|d| d.contains("❌ rejected: The article says Busan, not Seoul.")),
        "{mine:?}"
    );
    assert!(bank_facts(&app).iter().all(|t| t != FILMING));
}

#[test]
fn edit_opens_the_form_prefilled_and_a_valid_edit_replaces_the_item() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    review_next(&app, MOD_A, true, 10);
    let form = modal(respond(&app, &press_as(MOD_A, true, "review:edit:1", 20)));
    assert_eq!(form.custom_id, "review-form:edit:1");
    assert_eq!(form.title, "Edit #1");
    let value = |name: &str| {
        form.inputs
            .iter()
            .find(|i| i.custom_id == name)
            .and_then(|i| i.value.clone())
    };
    assert_eq!(value("text").as_deref(), Some(FILMING));
    assert_eq!(value("source").as_deref(), Some(URL));
    // A bad edit is refused by the same checks as a submission, naming the field.
    let bad = message(respond(
        &app,
        &fill_as(
            MOD_A,
            true,
            "review-form:edit:1",
            &[("text", FILMING), ("source", "ftp://example.com")],
            30,
        ),
    ));
    assert!(
        bad.content
            .as_deref()
            .is_some_and(|c| c.starts_with("Source: give a web address")),
        "{bad:?}"
    );
    let long = "x".repeat(4000);
    let too_long = message(respond(
        &app,
        &fill_as(
            MOD_A,
            true,
            "review-form:edit:1",
            &[("text", &long), ("source", URL)],
            30,
        ),
    ));
    assert!(
        too_long
            .content
            .as_deref()
            .is_some_and(|c| c.contains("Text: ")),
        "{too_long:?}"
    );
    let fixed = "The hospital scenes were filmed in a real trauma centre in Busan.";
    let card = update(respond(
        &app,
        &fill_as(
            MOD_A,
            true,
            "review-form:edit:1",
            &[
                ("text", fixed),
                ("source", "Some Outlet | The making of | 2025-02-01"),
            ],
            40,
        ),
    ));
    assert_eq!(card.content.as_deref(), Some("Saved your edit."));
    assert_eq!(card.embeds[0].description.as_deref(), Some(fixed));
    assert_eq!(
        field_value(&card, "Source"),
        "Some Outlet | The making of | 2025-02-01"
    );
    assert!(!card.buttons[0].disabled);
    let stored = app
        .store()
        .submission(GUILD, 1)
        .expect("read")
        .expect("stored");
    assert_eq!(stored.summary, fixed);
    let pack = pack::parse("edited.toml", stored.pack_toml.as_bytes()).expect("parses");
    assert!(pack::validate_set(std::slice::from_ref(&pack)).is_empty());
    assert_eq!(pack.facts[0].item.text, fixed);
    // Approving banks the edited text.
    update(respond(
        &app,
        &press_as(MOD_A, true, "review:approve:1", 50),
    ));
    assert!(bank_facts(&app).contains(&fixed.to_string()));
}

#[test]
fn skip_releases_the_claim_and_shows_the_next_item() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    submit_fact(
        &app,
        4,
        "The helicopter scenes used a real medical helicopter.",
        5,
    );
    let first = review_next(&app, MOD_A, true, 10);
    assert_eq!(
        first.embeds[0].title.as_deref(),
        Some("Submission #1 · fact")
    );
    let second = update(respond(&app, &press_as(MOD_A, true, "review:skip:1", 20)));
    assert_eq!(
        second.embeds[0].title.as_deref(),
        Some("Submission #2 · fact")
    );
    // #1 is free again: another reviewer gets it.
    assert_eq!(
        review_next(&app, MOD_B, true, 30).embeds[0]
            .title
            .as_deref(),
        Some("Submission #1 · fact")
    );
    // Skipping the only item left for A shows it again, saying so.
    let only = update(respond(&app, &press_as(MOD_A, true, "review:skip:2", 40)));
    assert_eq!(
        only.embeds[0].title.as_deref(),
        Some("Submission #2 · fact")
    );
    assert_eq!(
        only.content.as_deref(),
        Some("This is the only item waiting.")
    );
    assert_eq!(state(&app, 1), SubmissionState::Pending);
    assert_eq!(state(&app, 2), SubmissionState::Pending);
}

/// A valid one-item pack waiting for a source, as an import without one leaves it.
fn source_needed(app: &App) -> i64 {
    let toml = app
        .store()
        .submission(GUILD, 1)
        .expect("read")
        .expect("stored")
        .pack_toml;
    app.store()
        .add_submission(
            &NewSubmission {
                guild: GUILD,
                user: UserId(9),
                kind: SubmissionKind::Fact,
                drama: "trauma-code".into(),
                summary: "Imported without a source.".into(),
                folded: fold("Imported without a source."),
                pack_toml: toml,
                source: SubmittedSource::default(),
                state: SubmissionState::SourceNeeded,
            },
            at(1),
        )
        .expect("add")
        .expect("accepted")
}

#[test]
fn an_item_without_a_source_cannot_be_approved_until_an_edit_adds_one() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    let id = source_needed(&app);
    // Reject #1 so that the unsourced item is the oldest waiting.
    app.store()
        .decide_submission(
            GUILD,
            1,
            UserId(MOD_B),
            &Decision::Reject("no".into()),
            at(2),
        )
        .expect("decide");
    let card = review_next(&app, MOD_A, true, 10);
    assert_eq!(
        card.embeds[0].title.as_deref(),
        Some(format!("Submission #{id} · fact").as_str())
    );
    assert_eq!(field_value(&card, "Source"), "none yet — add one with Edit");
    assert_eq!(
        card.embeds[0].footer.as_deref(),
        Some("It needs a source before it can be approved: add one with Edit.")
    );
    let refused = message(respond(
        &app,
        &press_as(MOD_A, true, &format!("review:approve:{id}"), 20),
    ));
    assert_eq!(
        refused.content.as_deref(),
        Some(
            format!("#{id} cannot be approved: it has no source yet, and everything the bot says is cited. Add one with Edit.")
                .as_str()
        )
    );
    assert_eq!(state(&app, id), SubmissionState::SourceNeeded);
    let ko = message(respond(
        &app,
        &korean(press_as(MOD_A, true, &format!("review:approve:{id}"), 20)),
    ));
    assert!(
        ko.content
            .as_deref()
            .is_some_and(|c| c.contains("출처가 없어서 승인할 수 없어요")),
        "{ko:?}"
    );
    // An edit with a source makes it pending; then it can be approved.
    update(respond(
        &app,
        &fill_as(
            MOD_A,
            true,
            &format!("review-form:edit:{id}"),
            &[
                (
                    "text",
                    "The second season was confirmed in a press release.",
                ),
                ("source", URL),
            ],
            30,
        ),
    ));
    assert_eq!(state(&app, id), SubmissionState::Pending);
    update(respond(
        &app,
        &press_as(MOD_A, true, &format!("review:approve:{id}"), 40),
    ));
    assert!(
        bank_facts(&app)
            .contains(&"The second season was confirmed in a press release.".to_string())
    );
}

#[test]
fn the_queue_counts_waiting_items_by_kind_with_the_oldest_age() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    submit_fact(
        &app,
        4,
        "The helicopter scenes used a real medical helicopter.",
        3600,
    );
    let queue = message(respond(
        &app,
        &by(
            command("review", Some("queue"), &[]),
            MOD_A,
            true,
            3 * 86_400,
        ),
    ));
    assert!(queue.ephemeral);
    assert_eq!(
        queue.embeds[0].description.as_deref(),
        Some("2 items wait for review. Review them with `/review next`.")
    );
    assert_eq!(field_value(&queue, "Questions"), "none waiting");
    assert_eq!(field_value(&queue, "Quotes"), "none waiting");
    assert_eq!(field_value(&queue, "Facts"), "2 waiting · oldest 3 d ago");
    let ko = message(respond(
        &app,
        &korean(by(command("review", Some("queue"), &[]), MOD_A, true, 7200)),
    ));
    assert_eq!(ko.embeds[0].title.as_deref(), Some("검토 대기열"));
    assert_eq!(
        field_value(&ko, "사실"),
        "2개 대기 · 가장 오래된 것 2시간 전"
    );
}

#[test]
fn a_korean_reviewer_reads_the_card_and_its_decision_in_korean() {
    let app = App::new(store_with_sample());
    submit_fact(&app, MEMBER, FILMING, 0);
    let card = message(respond(
        &app,
        &korean(by(command("review", Some("next"), &[]), MOD_A, true, 600)),
    ));
    assert_eq!(card.embeds[0].title.as_deref(), Some("제출 #1 · 사실"));
    assert_eq!(field_value(&card, "제출"), "<@3> · 10분 전 · ⏳검토 대기");
    assert_eq!(
        labels(&card)
            .into_iter()
            .map(|(l, _)| l)
            .collect::<Vec<_>>(),
        ["승인", "거절", "수정", "건너뛰기"]
    );
    let closed = update(respond(
        &app,
        &korean(press_as(MOD_A, true, "review:approve:1", 700)),
    ));
    assert!(
        field_value(&closed, "결정").starts_with("✅ <@50>님이 승인했어요."),
        "{closed:?}"
    );
    // Decided already: no form, but who decided it.
    let again = message(respond(
        &app,
        &korean(press_as(MOD_B, true, "review:reject:1", 800)),
    ));
    assert_eq!(
        again.content.as_deref(),
        Some("#1은(는) 이미 <@50>님이 승인했어요 (1970-01-01 00:11 UTC).")
    );
}

//! `/review next` and `/review queue`: a server's moderators (or the reviewer role it sets with
//! `/settings reviewer`) go through members' submissions.
//!
//! `/review next` claims the oldest waiting item for the reviewer (a claim expires, so a reviewer
//! who walks away holds nothing for long, and two reviewers never get the same item) and shows it
//! as a private card with Approve, Reject, Edit and Skip. Everything a button or a form does is
//! checked again when it arrives: the member must still be a reviewer, the item must still wait,
//! and its stored TOML is parsed and validated again by the packs' validator before it is approved
//! (a submission is stored as the one-item pack it was checked as; see [`crate::submit`]). An item
//! is decided once: the store writes a decision only on an undecided row, and approving banks the
//! item in the same transaction.
//!
//! Discord sets default permissions per top-level command, so `/review` is registered without
//! one (a reviewer-role member must see it) and the handlers check who may review.

use jiff::{SignedDuration, Timestamp};

use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::ids::{GuildId, RoleId};
use crate::pack::{self, Pack};
use crate::reply::{
    Button, ButtonStyle, COLOUR, Embed, InputStyle, Modal, Reply, Response, TextInput,
};
use crate::router::{Ctx, field};
use crate::store::{Decision, Submission, SubmissionKind, SubmissionState};
use crate::submit::{self, kind_text, state_text};
use crate::text::{clip, fold};

/// The prefix of the review card's buttons.
pub const PREFIX: &str = "review:";
/// The prefix of the review forms' custom ids (a rejection's reason, an edit).
pub const FORM_PREFIX: &str = "review-form:";
/// How long `/review` holds an item for one reviewer: long enough to read it and fix a typo.
pub const CLAIM: SignedDuration = SignedDuration::from_mins(15);
/// The longest reason a reviewer may give for a rejection (`/submit mine` shows it).
const REASON_MAX: u16 = 300;

/// The server, when the member may review its submissions: Manage Server, or the role the server
/// set with `/settings reviewer`.
fn reviewer(ctx: &Ctx<'_>) -> Result<GuildId> {
    let ko = ctx.korean();
    let guild = ctx.inv.guild.ok_or_else(|| {
        Error::BadInput(if ko {
            "검토는 서버마다 따로예요: 서버 안에서 써 주세요.".into()
        } else {
            "Reviews belong to a server: use this command in one.".into()
        })
    })?;
    if ctx.inv.is_moderator {
        return Ok(guild);
    }
    let role: Option<RoleId> = ctx.app.store().reviewer_role(guild)?;
    if role.is_some_and(|r| ctx.inv.roles.contains(&r)) {
        return Ok(guild);
    }
    Err(Error::BadInput(if ko {
        "**서버 관리** 권한이 있거나 이 서버의 검토자 역할이 있는 멤버만 제출을 검토할 수 있어요."
            .into()
    } else {
        "Only members with **Manage Server** or this server's reviewer role can review submissions."
            .into()
    }))
}

/// How long ago `then` was, shortly: `3 d`, `5 h`, `12 min`.
fn age(now: Timestamp, then: Timestamp, ko: bool) -> String {
    let minutes = now.duration_since(then).as_secs().max(0) / 60;
    let (n, en, kr) = match minutes {
        m if m >= 24 * 60 => (m / (24 * 60), "d", "일"),
        m if m >= 60 => (m / 60, "h", "시간"),
        m => (m, "min", "분"),
    };
    if ko {
        format!("{n}{kr} 전")
    } else {
        format!("{n} {en} ago")
    }
}

/// The stored one-item pack, parsed; `None` when it no longer parses (then the card shows the
/// summary alone and the item cannot be approved).
fn parsed(sub: &Submission) -> Option<Pack> {
    pack::parse("submission.toml", sub.pack_toml.as_bytes()).ok()
}

/// The name of the person or character `slug` of the one-item pack.
fn cast_name(pack: &Pack, slug: &str, ko: bool) -> Option<String> {
    let person = pack.people.iter().map(|p| &p.item).find(|p| p.id == slug);
    let character = pack
        .characters
        .iter()
        .map(|c| &c.item)
        .find(|c| c.id == slug);
    person
        .map(|p| (p.name.clone(), p.name_ko.clone()))
        .or_else(|| character.map(|c| (c.name.clone(), c.name_ko.clone())))
        .map(|(en, kr)| if ko { kr } else { en })
}

/// The source as the member gave it: a web address, or `outlet | title | date`.
fn source_text(sub: &Submission) -> Option<String> {
    let s = &sub.source;
    match (&s.url, &s.outlet, &s.title, &s.date) {
        (Some(url), _, _, _) => Some(url.clone()),
        (None, Some(outlet), Some(title), Some(date)) => {
            Some(format!("{outlet} | {title} | {date}"))
        }
        _ => None,
    }
}

/// The card's Source field when the item has none yet (an import without `source:`): plainly so,
/// what to do, and the list it came from, never the stand-in source the stored pack cites.
fn no_source_yet(pack: Option<&Pack>, ko: bool) -> String {
    let list = pack
        .and_then(|p| {
            p.sources
                .iter()
                .find(|s| s.item.id == crate::exchange::LIST_SOURCE_ID)
        })
        .map(|s| clip(&s.item.title.replace('`', "'"), 100))
        .filter(|t| !t.trim().is_empty());
    match (list, ko) {
        (Some(list), false) => format!("none yet — add one with Edit (imported from `{list}`)"),
        (Some(list), true) => {
            format!("아직 없음 — 수정에서 출처를 넣어 주세요 (`{list}`에서 가져옴)")
        }
        (None, false) => "none yet — add one with Edit".into(),
        (None, true) => "아직 없음 — 수정에서 출처를 넣어 주세요".into(),
    }
}

/// What a closed card says about the decision.
enum Closed {
    Open,
    Decided(String),
}

/// The review card of `sub`: its kind, text, the fields of its kind, source, submitter and age,
/// with Approve, Reject, Edit and Skip (closed once decided, with Next).
fn card(sub: &Submission, now: Timestamp, ko: bool, closed: Closed, note: Option<String>) -> Reply {
    let pack = parsed(sub);
    let mut embed = Embed::titled(if ko {
        format!("제출 #{} · {}", sub.id, kind_text(sub.kind, Locale::Korean))
    } else {
        format!(
            "Submission #{} · {}",
            sub.id,
            kind_text(sub.kind, Locale::English)
        )
    });
    embed.colour = Some(COLOUR);
    embed.description = Some(clip(&sub.summary, 1500));
    let pick = |en: &str, kr: &str| if ko { kr.to_string() } else { en.to_string() };
    let listed = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("• {}", clip(i, 100)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Some(pack) = &pack {
        if let Some(q) = pack.questions.first().map(|q| &q.item) {
            embed = embed.field(pick("Answer", "정답"), clip(&q.answer, 200));
            if !q.wrong.is_empty() {
                embed = embed.field(pick("Wrong choices", "오답"), listed(&q.wrong));
            }
            if !q.accept.is_empty() {
                embed = embed.field(
                    pick("Other accepted spellings", "다른 정답 표기"),
                    listed(&q.accept),
                );
            }
            embed = embed.field(
                pick("Category · difficulty", "분야 · 난이도"),
                format!("{} · {}", q.category.as_str(), q.difficulty),
            );
        }
        if let Some(q) = pack.quotes.first().map(|q| &q.item) {
            let speaker = cast_name(pack, &q.speaker, ko).unwrap_or_else(|| q.speaker.clone());
            embed = embed.field(
                pick("Speaker", "말한 사람"),
                format!("{speaker} ({})", q.kind.as_str()),
            );
            if !q.context.trim().is_empty() {
                embed = embed.field(pick("Context", "상황"), clip(&q.context, 300));
            }
        }
        if let Some(f) = pack.facts.first().map(|f| &f.item) {
            let about: Vec<String> = f
                .about
                .iter()
                .map(|a| {
                    let drama = &pack.drama.item;
                    match cast_name(pack, a, ko) {
                        Some(name) => name,
                        None if *a == drama.id && ko => drama.title_ko.clone(),
                        None if *a == drama.id => drama.title.clone(),
                        None => a.clone(),
                    }
                })
                .collect();
            embed = embed.field(pick("Subject", "주제"), about.join(", "));
        }
        let episode = pack
            .questions
            .first()
            .map(|q| q.item.episode)
            .or_else(|| pack.quotes.first().map(|q| q.item.episode))
            .or_else(|| pack.facts.first().map(|f| f.item.episode))
            .flatten();
        if let Some(episode) = episode {
            embed = embed.field(pick("Episode", "회차"), episode.to_string());
        }
    }
    embed = embed.field(
        pick("Source", "출처"),
        source_text(sub).map_or_else(|| no_source_yet(pack.as_ref(), ko), |s| clip(&s, 500)),
    );
    embed = embed.field(
        pick("Submitted", "제출"),
        format!(
            "<@{}> · {} · {}",
            sub.user,
            age(now, sub.created_at, ko),
            state_text(&sub.state, Locale::from_korean(ko))
        ),
    );
    let open = matches!(closed, Closed::Open);
    if let Closed::Decided(text) = &closed {
        embed = embed.field(pick("Decision", "결정"), text.clone());
    }
    embed.footer = Some(if !open {
        pick(
            "Decided. Next shows the next waiting item.",
            "결정했어요. 다음을 누르면 다음 항목을 보여 줘요.",
        )
    } else if sub.state == SubmissionState::SourceNeeded {
        pick(
            "It needs a source before it can be approved: add one with Edit.",
            "승인하려면 출처가 필요해요: 수정에서 출처를 넣어 주세요.",
        )
    } else {
        pick(
            "Held for you for 15 minutes.",
            "15분 동안 다른 검토자에게 보이지 않아요.",
        )
    });
    let button = |action: &str, en: &str, kr: &str, style, disabled| Button {
        custom_id: format!("{PREFIX}{action}:{}", sub.id),
        label: pick(en, kr),
        style,
        disabled,
    };
    let mut buttons = vec![
        button("approve", "Approve", "승인", ButtonStyle::Success, !open),
        button("reject", "Reject", "거절", ButtonStyle::Danger, !open),
        button("edit", "Edit", "수정", ButtonStyle::Primary, !open),
    ];
    buttons.push(if open {
        button("skip", "Skip", "건너뛰기", ButtonStyle::Secondary, false)
    } else {
        button("skip", "Next", "다음", ButtonStyle::Secondary, false)
    });
    Reply {
        content: note,
        embeds: vec![embed],
        buttons,
        ephemeral: true,
        attachments: Vec::new(),
    }
}

/// What the reviewer sees when nothing waits.
fn nothing_waiting(ko: bool) -> Reply {
    Reply::private(if ko {
        "검토를 기다리는 제출이 없어요. 다른 검토자가 보고 있는 항목은 잠시 뒤에 다시 나와요."
    } else {
        "Nothing is waiting for review. Items another reviewer holds come back if they leave them."
    })
}

/// Claims the next item after `after` (wrapping round to the oldest) and shows it.
fn show_next(ctx: &Ctx<'_>, guild: GuildId, after: i64, note: Option<String>) -> Result<Reply> {
    let ko = ctx.korean();
    let now = ctx.inv.now;
    let until = now.checked_add(CLAIM).unwrap_or(now);
    let claimed = {
        let mut store = ctx.app.store();
        match store.claim_next_for_review(guild, ctx.inv.user, after, now, until)? {
            Some(found) => Some(found),
            None if after > 0 => store.claim_next_for_review(guild, ctx.inv.user, 0, now, until)?,
            None => None,
        }
    };
    Ok(match claimed {
        Some(sub) => {
            let note = note.or_else(|| {
                (after > 0 && sub.id == after).then(|| {
                    if ko {
                        "기다리는 항목은 이것 하나예요.".to_string()
                    } else {
                        "This is the only item waiting.".to_string()
                    }
                })
            });
            card(&sub, now, ko, Closed::Open, note)
        }
        None => {
            let mut reply = nothing_waiting(ko);
            if let Some(note) = note {
                reply.content = Some(format!("{note}\n{}", reply.content.unwrap_or_default()));
            }
            reply
        }
    })
}

/// `/review next`: the oldest waiting item, claimed for this reviewer.
pub fn next(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = reviewer(ctx)?;
    show_next(ctx, guild, 0, None)
}

/// `/review queue`: how many items of each kind wait, and since when the oldest.
pub fn queue(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = reviewer(ctx)?;
    let ko = ctx.korean();
    let counts = ctx.app.store().submission_queue(guild)?;
    let total: i64 = counts.iter().map(|c| c.waiting).sum();
    let mut embed = Embed::titled(if ko {
        "검토 대기열"
    } else {
        "Review queue"
    });
    embed.colour = Some(COLOUR);
    embed.description = Some(if total == 0 {
        if ko {
            "검토를 기다리는 항목이 없어요.".to_string()
        } else {
            "Nothing is waiting for review.".to_string()
        }
    } else if ko {
        format!("검토를 기다리는 항목 {total}개. `/review next`로 검토해요.")
    } else if total == 1 {
        "1 item waits for review. Review it with `/review next`.".to_string()
    } else {
        format!("{total} items wait for review. Review them with `/review next`.")
    });
    for count in &counts {
        let value = match (count.oldest, ko) {
            (None, false) => "none waiting".to_string(),
            (None, true) => "없음".to_string(),
            (Some(oldest), false) => format!(
                "{} waiting · oldest {}",
                count.waiting,
                age(ctx.inv.now, oldest, false)
            ),
            (Some(oldest), true) => format!(
                "{}개 대기 · 가장 오래된 것 {}",
                count.waiting,
                age(ctx.inv.now, oldest, true)
            ),
        };
        let name = match (count.kind, ko) {
            (SubmissionKind::Question, false) => "Questions".to_string(),
            (SubmissionKind::Quote, false) => "Quotes".to_string(),
            (SubmissionKind::Fact, false) => "Facts".to_string(),
            (kind, true) => kind_text(kind, Locale::Korean),
        };
        embed = embed.field(name, value);
    }
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(embed)
    })
}

/// What a button or form names: the action and the submission id.
fn read_id(rest: &str) -> Option<(&str, i64)> {
    let (action, id) = rest.split_once(':')?;
    Some((action, id.parse().ok()?))
}

fn stale(ko: bool) -> Error {
    Error::BadInput(if ko {
        "이 버튼은 더 이상 작동하지 않아요. `/review next`를 다시 실행해 주세요.".into()
    } else {
        "That no longer works. Run `/review next` again.".into()
    })
}

/// The submission `id` as stored now, or the stale-card answer when it is gone.
fn stored(ctx: &Ctx<'_>, guild: GuildId, id: i64, ko: bool) -> Result<Submission> {
    ctx.app
        .store()
        .submission(guild, id)?
        .ok_or_else(|| stale(ko))
}

/// The submission `id` after this reviewer's write; when the write did not take (someone decided
/// it between our read and our write), the answer that says who did and how.
fn after_write(ctx: &Ctx<'_>, guild: GuildId, id: i64, took: bool, ko: bool) -> Result<Submission> {
    let sub = stored(ctx, guild, id, ko)?;
    if !took {
        return Err(already_decided(&sub, &sub.state, ko));
    }
    Ok(sub)
}

/// The submission `id`, if it still waits; otherwise why not (who decided it, and how).
fn waiting(ctx: &Ctx<'_>, guild: GuildId, id: i64) -> Result<Submission> {
    let ko = ctx.korean();
    let sub = stored(ctx, guild, id, ko)?;
    match &sub.state {
        SubmissionState::Pending | SubmissionState::SourceNeeded => Ok(sub),
        state => Err(already_decided(&sub, state, ko)),
    }
}

/// "#7 was already approved by @mina", naming the reviewer who decided it.
fn already_decided(sub: &Submission, state: &SubmissionState, ko: bool) -> Error {
    let by = sub
        .decided_by
        .map_or_else(|| "?".to_string(), |u| format!("<@{u}>"));
    let when = sub
        .decided_at
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    Error::BadInput(match (state, ko) {
        (SubmissionState::Rejected(_), true) => {
            format!("#{}은(는) 이미 {by}님이 거절했어요 ({when}).", sub.id)
        }
        (_, true) => format!("#{}은(는) 이미 {by}님이 승인했어요 ({when}).", sub.id),
        (SubmissionState::Rejected(_), false) => {
            format!("#{} was already rejected by {by} ({when}).", sub.id)
        }
        (_, false) => format!("#{} was already approved by {by} ({when}).", sub.id),
    })
}

/// A button of the review card.
pub fn press(ctx: &mut Ctx<'_>, rest: &str) -> Result<Response> {
    let guild = reviewer(ctx)?;
    let ko = ctx.korean();
    let (action, id) = read_id(rest).ok_or_else(|| stale(ko))?;
    match action {
        "approve" => approve(ctx, guild, id),
        "reject" => {
            waiting(ctx, guild, id)?;
            let mut reason = TextInput::new(
                "reason",
                if ko {
                    "거절 이유 (제출한 멤버가 봐요)"
                } else {
                    "Why (the member who sent it reads this)"
                },
                InputStyle::Paragraph,
            );
            reason.max_length = Some(REASON_MAX);
            Ok(Response::Modal(Modal {
                custom_id: format!("{FORM_PREFIX}reason:{id}"),
                title: if ko {
                    format!("#{id} 거절")
                } else {
                    format!("Reject #{id}")
                },
                inputs: vec![reason],
            }))
        }
        "edit" => {
            let sub = waiting(ctx, guild, id)?;
            let mut modal = edit_form(ctx, &sub)?;
            modal.custom_id = format!("{FORM_PREFIX}edit:{id}");
            modal.title = clip(
                &if ko {
                    format!("#{id} 수정")
                } else {
                    format!("Edit #{id}")
                },
                crate::reply::limits::MODAL_TITLE,
            );
            Ok(Response::Modal(modal))
        }
        "skip" => {
            ctx.app
                .store()
                .release_submission(guild, id, ctx.inv.user)?;
            Ok(Response::Update(show_next(ctx, guild, id, None)?))
        }
        _ => Err(stale(ko)),
    }
}

/// Approve: the stored TOML parsed and validated again, then banked (in play at once for this
/// server) and marked approved in one transaction; the card is closed.
fn approve(ctx: &mut Ctx<'_>, guild: GuildId, id: i64) -> Result<Response> {
    let ko = ctx.korean();
    let sub = waiting(ctx, guild, id)?;
    if sub.state == SubmissionState::SourceNeeded {
        return Err(Error::BadInput(if ko {
            format!("#{id}은(는) 출처가 없어서 승인할 수 없어요. 수정을 눌러 출처를 넣어 주세요.")
        } else {
            format!(
                "#{id} cannot be approved: it has no source yet, and everything the bot says is cited. Add one with Edit."
            )
        }));
    }
    let pack = match pack::parse("submission.toml", sub.pack_toml.as_bytes()) {
        Ok(pack) => {
            let problems = pack::validate_set(std::slice::from_ref(&pack));
            if problems.is_empty() {
                Ok(pack)
            } else {
                Err(problems)
            }
        }
        Err(problems) => Err(problems),
    };
    let pack = pack.map_err(|problems| {
        tracing::warn!(submission = id, problems = %pack::Problem::list(&problems), "a stored submission no longer validates");
        let first = problems
            .first()
            .map(|p| clip(&p.message, 200))
            .unwrap_or_default();
        Error::BadInput(if ko {
            format!("#{id}은(는) 팩 검사를 더 이상 통과하지 못해요: {first}. 수정해 주세요.")
        } else {
            format!("#{id} no longer passes the pack checks: {first}. Fix it with Edit.")
        })
    })?;
    let banked = {
        let mut store = ctx.app.store();
        let drama = crate::content::bank_drama(&store, guild, &pack, ctx.locale())?;
        store.approve_submission(guild, id, ctx.inv.user, &drama, &pack, ctx.inv.now)?
    };
    let sub = after_write(ctx, guild, id, banked.is_some(), ko)?;
    let Some(item) = banked else {
        // after_write refused: decided by someone else between our read and our write.
        return Err(stale(ko));
    };
    tracing::info!(
        guild = guild.0,
        submission = id,
        item = %item.slug,
        "submission approved"
    );
    let text = if ko {
        format!(
            "✅ <@{}>님이 승인했어요. 이 서버에서 바로 쓰여요 (`{}`).",
            ctx.inv.user, item.slug
        )
    } else {
        format!(
            "✅ Approved by <@{}>: in play in this server now, as `{}`.",
            ctx.inv.user, item.slug
        )
    };
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        ko,
        Closed::Decided(text),
        None,
    )))
}

/// The submission's own form (the one `/submit` opened), prefilled with what is stored.
fn edit_form(ctx: &mut Ctx<'_>, sub: &Submission) -> Result<Modal> {
    let ko = ctx.korean();
    let cannot = || {
        Error::BadInput(if ko {
            "이 항목은 여기서 고칠 수 없어요.".into()
        } else {
            "This item cannot be edited here.".into()
        })
    };
    let pack = parsed(sub).ok_or_else(cannot)?;
    let drama = Some(pack.drama.item.id.clone());
    let mut values: Vec<(&str, String)> = Vec::new();
    let opened = if let Some(q) = pack.questions.first().map(|q| &q.item) {
        values.extend([
            ("question", q.question.clone()),
            ("answer", q.answer.clone()),
            ("wrong", q.wrong.join("\n")),
            ("accept", q.accept.join("\n")),
        ]);
        submit::question(
            ctx,
            submit::QuestionArgs {
                drama,
                category: q.category,
                difficulty: q.difficulty,
                episode: q.episode,
            },
        )?
    } else if let Some(q) = pack.quotes.first().map(|q| &q.item) {
        values.extend([("text", q.text.clone()), ("context", q.context.clone())]);
        submit::quote(
            ctx,
            submit::QuoteArgs {
                drama,
                speaker: cast_name(&pack, &q.speaker, false).ok_or_else(cannot)?,
                kind: q.kind,
                episode: q.episode,
            },
        )?
    } else if let Some(f) = pack.facts.first().map(|f| &f.item) {
        values.push(("text", f.text.clone()));
        let subject = f
            .about
            .first()
            .and_then(|slug| cast_name(&pack, slug, false));
        submit::fact(
            ctx,
            submit::FactArgs {
                drama,
                subject,
                episode: f.episode,
            },
        )?
    } else {
        return Err(cannot());
    };
    values.push(("source", source_text(sub).unwrap_or_default()));
    let Response::Modal(mut modal) = opened else {
        return Err(cannot());
    };
    for input in &mut modal.inputs {
        if let Some((_, value)) = values.iter().find(|(n, _)| *n == input.custom_id) {
            input.value = Some(value.clone());
        }
    }
    Ok(modal)
}

/// A review form: a rejection's reason, or an edit.
pub fn submitted(ctx: &mut Ctx<'_>, rest: &str, fields: &[(String, String)]) -> Result<Response> {
    let guild = reviewer(ctx)?;
    let ko = ctx.korean();
    let (action, id) = read_id(rest).ok_or_else(|| stale(ko))?;
    match action {
        "reason" => reject(ctx, guild, id, field(fields, "reason").unwrap_or_default()),
        "edit" => edit(ctx, guild, id, fields),
        _ => Err(stale(ko)),
    }
}

/// Reject: the submission becomes rejected with the reason (`/submit mine` shows it).
fn reject(ctx: &mut Ctx<'_>, guild: GuildId, id: i64, reason: &str) -> Result<Response> {
    let ko = ctx.korean();
    let reason = reason.replace("\r\n", "\n").trim().to_string();
    if reason.is_empty() || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::BadInput(if ko {
            "거절 이유를 적어 주세요 (제어 문자 없이).".into()
        } else {
            "Give a reason, without control characters.".into()
        }));
    }
    let reason = clip(&reason, usize::from(REASON_MAX));
    waiting(ctx, guild, id)?;
    let decided = ctx.app.store().decide_submission(
        guild,
        id,
        ctx.inv.user,
        &Decision::Reject(reason.clone()),
        ctx.inv.now,
    )?;
    let sub = after_write(ctx, guild, id, decided, ko)?;
    tracing::info!(guild = guild.0, submission = id, "submission rejected");
    let text = if ko {
        format!("❌ <@{}>님이 거절했어요: {reason}", ctx.inv.user)
    } else {
        format!("❌ Rejected by <@{}>: {reason}", ctx.inv.user)
    };
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        ko,
        Closed::Decided(text),
        None,
    )))
}

/// Edit: the form checked exactly as a member's submission is (the packs' validator, problems
/// naming the field); a valid edit replaces the stored item and the card shows it.
fn edit(
    ctx: &mut Ctx<'_>,
    guild: GuildId,
    id: i64,
    fields: &[(String, String)],
) -> Result<Response> {
    let ko = ctx.korean();
    let sub = waiting(ctx, guild, id)?;
    // The member's form again, for the options its custom id carries (drama, kind, episode...).
    let form = edit_form(ctx, &sub)?;
    let options = form
        .custom_id
        .strip_prefix(submit::MODAL_PREFIX)
        .ok_or_else(|| stale(ko))?;
    let (_, checked) = submit::check_form(ctx, options, fields)?;
    let folded = fold(&checked.summary);
    let saved = ctx.app.store().edit_submission(
        guild,
        id,
        &checked.summary,
        &folded,
        &checked.pack_toml,
        &checked.source,
    )?;
    let sub = after_write(ctx, guild, id, saved, ko)?;
    tracing::info!(guild = guild.0, submission = id, "submission edited");
    let note = if ko {
        "수정했어요.".to_string()
    } else {
        "Saved your edit.".to_string()
    };
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        ko,
        Closed::Open,
        Some(note),
    )))
}

#[cfg(test)]
mod tests;

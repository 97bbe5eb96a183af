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
use crate::i18n::{Locale, msg, text, tr};
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
    let guild = ctx.guild_for(msg::REVIEW_IN_A_SERVER)?;
    if ctx.inv.is_moderator {
        return Ok(guild);
    }
    let role: Option<RoleId> = ctx.app.store().reviewer_role(guild)?;
    if role.is_some_and(|r| ctx.inv.roles.contains(&r)) {
        return Ok(guild);
    }
    Err(Error::BadInput(ctx.text(msg::REVIEW_NOT_REVIEWER)))
}

/// How long ago `then` was, shortly: `3 d`, `5 h`, `12 min`.
fn age(now: Timestamp, then: Timestamp, locale: Locale) -> String {
    let minutes = now.duration_since(then).as_secs().max(0) / 60;
    let (n, id) = match minutes {
        m if m >= 24 * 60 => (m / (24 * 60), msg::REVIEW_AGE_DAYS),
        m if m >= 60 => (m / 60, msg::REVIEW_AGE_HOURS),
        m => (m, msg::REVIEW_AGE_MINUTES),
    };
    tr(locale, id, &[("count", n.into())])
}

/// The stored one-item pack, parsed; `None` when it no longer parses (then the card shows the
/// summary alone and the item cannot be approved).
fn parsed(sub: &Submission) -> Option<Pack> {
    pack::parse("submission.toml", sub.pack_toml.as_bytes()).ok()
}

/// The name of the person or character `slug` of the one-item pack.
fn cast_name(pack: &Pack, slug: &str, locale: Locale) -> Option<String> {
    let person = pack.people.iter().map(|p| &p.item).find(|p| p.id == slug);
    let character = pack
        .characters
        .iter()
        .map(|c| &c.item)
        .find(|c| c.id == slug);
    person
        .map(|p| (p.name.clone(), p.name_ko.clone()))
        .or_else(|| character.map(|c| (c.name.clone(), c.name_ko.clone())))
        .map(|(en, kr)| if locale.is_korean() { kr } else { en })
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
fn no_source_yet(pack: Option<&Pack>, locale: Locale) -> String {
    let list = pack
        .and_then(|p| {
            p.sources
                .iter()
                .find(|s| s.item.id == crate::exchange::LIST_SOURCE_ID)
        })
        .map(|s| clip(&s.item.title.replace('`', "'"), 100))
        .filter(|t| !t.trim().is_empty());
    match list {
        Some(list) => tr(
            locale,
            msg::REVIEW_NO_SOURCE_FROM_LIST,
            &[("list", list.into())],
        ),
        None => text(locale, msg::REVIEW_NO_SOURCE),
    }
}

/// What a closed card says about the decision.
enum Closed {
    Open,
    Decided(String),
}

/// The review card of `sub`: its kind, text, the fields of its kind, source, submitter and age,
/// with Approve, Reject, Edit and Skip (closed once decided, with Next).
fn card(
    sub: &Submission,
    now: Timestamp,
    locale: Locale,
    closed: Closed,
    note: Option<String>,
) -> Reply {
    let pack = parsed(sub);
    let mut embed = Embed::titled(tr(
        locale,
        msg::REVIEW_TITLE,
        &[
            ("id", sub.id.into()),
            ("kind", kind_text(sub.kind, locale).into()),
        ],
    ));
    embed.colour = Some(COLOUR);
    embed.description = Some(clip(&sub.summary, 1500));
    let pick = |id| text(locale, id);
    let listed = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("• {}", clip(i, 100)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Some(pack) = &pack {
        if let Some(q) = pack.questions.first().map(|q| &q.item) {
            embed = embed.field(pick(msg::REVIEW_ANSWER), clip(&q.answer, 200));
            if !q.wrong.is_empty() {
                embed = embed.field(pick(msg::REVIEW_WRONG), listed(&q.wrong));
            }
            if !q.accept.is_empty() {
                embed = embed.field(pick(msg::REVIEW_ACCEPT), listed(&q.accept));
            }
            embed = embed.field(
                pick(msg::REVIEW_CATEGORY),
                format!("{} · {}", q.category.as_str(), q.difficulty),
            );
        }
        if let Some(q) = pack.quotes.first().map(|q| &q.item) {
            let speaker = cast_name(pack, &q.speaker, locale).unwrap_or_else(|| q.speaker.clone());
            embed = embed.field(
                pick(msg::REVIEW_SPEAKER),
                format!("{speaker} ({})", q.kind.as_str()),
            );
            if !q.context.trim().is_empty() {
                embed = embed.field(pick(msg::REVIEW_CONTEXT), clip(&q.context, 300));
            }
        }
        if let Some(f) = pack.facts.first().map(|f| &f.item) {
            let about: Vec<String> = f
                .about
                .iter()
                .map(|a| {
                    let drama = &pack.drama.item;
                    match cast_name(pack, a, locale) {
                        Some(name) => name,
                        None if *a == drama.id && locale.is_korean() => drama.title_ko.clone(),
                        None if *a == drama.id => drama.title.clone(),
                        None => a.clone(),
                    }
                })
                .collect();
            embed = embed.field(pick(msg::REVIEW_SUBJECT), about.join(", "));
        }
        let episode = pack
            .questions
            .first()
            .map(|q| q.item.episode)
            .or_else(|| pack.quotes.first().map(|q| q.item.episode))
            .or_else(|| pack.facts.first().map(|f| f.item.episode))
            .flatten();
        if let Some(episode) = episode {
            embed = embed.field(pick(msg::REVIEW_EPISODE), episode.to_string());
        }
    }
    embed = embed.field(
        pick(msg::REVIEW_SOURCE),
        source_text(sub).map_or_else(|| no_source_yet(pack.as_ref(), locale), |s| clip(&s, 500)),
    );
    embed = embed.field(
        pick(msg::REVIEW_SUBMITTED),
        format!(
            "<@{}> · {} · {}",
            sub.user,
            age(now, sub.created_at, locale),
            state_text(&sub.state, locale)
        ),
    );
    let open = matches!(closed, Closed::Open);
    if let Closed::Decided(text) = &closed {
        embed = embed.field(pick(msg::REVIEW_DECISION), text.clone());
    }
    embed.footer = Some(if !open {
        pick(msg::REVIEW_FOOTER_DECIDED)
    } else if sub.state == SubmissionState::SourceNeeded {
        pick(msg::REVIEW_FOOTER_SOURCE_NEEDED)
    } else {
        pick(msg::REVIEW_FOOTER_HELD)
    });
    let button = |action: &str, label, style, disabled| Button {
        custom_id: format!("{PREFIX}{action}:{}", sub.id),
        label: pick(label),
        style,
        disabled,
    };
    let mut buttons = vec![
        button("approve", msg::REVIEW_APPROVE, ButtonStyle::Success, !open),
        button("reject", msg::REVIEW_REJECT, ButtonStyle::Danger, !open),
        button("edit", msg::REVIEW_EDIT, ButtonStyle::Primary, !open),
    ];
    buttons.push(if open {
        button("skip", msg::REVIEW_SKIP, ButtonStyle::Secondary, false)
    } else {
        button("skip", msg::REVIEW_NEXT, ButtonStyle::Secondary, false)
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
fn nothing_waiting(locale: Locale) -> Reply {
    Reply::private(text(locale, msg::REVIEW_NOTHING_WAITING))
}

/// Claims the next item after `after` (wrapping round to the oldest) and shows it.
fn show_next(ctx: &Ctx<'_>, guild: GuildId, after: i64, note: Option<String>) -> Result<Reply> {
    let locale = ctx.locale();
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
                (after > 0 && sub.id == after).then(|| text(locale, msg::REVIEW_ONLY_ONE))
            });
            card(&sub, now, locale, Closed::Open, note)
        }
        None => {
            let mut reply = nothing_waiting(locale);
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
    let locale = ctx.locale();
    let counts = ctx.app.store().submission_queue(guild)?;
    let total: i64 = counts.iter().map(|c| c.waiting).sum();
    let mut embed = Embed::titled(text(locale, msg::REVIEW_QUEUE_TITLE));
    embed.colour = Some(COLOUR);
    embed.description = Some(if total == 0 {
        text(locale, msg::REVIEW_QUEUE_EMPTY)
    } else {
        tr(
            locale,
            msg::REVIEW_QUEUE_WAITING,
            &[("count", total.into())],
        )
    });
    for count in &counts {
        let value = match count.oldest {
            None => text(locale, msg::REVIEW_QUEUE_NONE),
            Some(oldest) => tr(
                locale,
                msg::REVIEW_QUEUE_COUNT,
                &[
                    ("count", count.waiting.into()),
                    ("age", age(ctx.inv.now, oldest, locale).into()),
                ],
            ),
        };
        let name = text(
            locale,
            match count.kind {
                SubmissionKind::Question => msg::REVIEW_QUEUE_QUESTIONS,
                SubmissionKind::Quote => msg::REVIEW_QUEUE_QUOTES,
                SubmissionKind::Fact => msg::REVIEW_QUEUE_FACTS,
            },
        );
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

fn stale(locale: Locale) -> Error {
    Error::BadInput(text(locale, msg::REVIEW_STALE))
}

/// The submission `id` as stored now, or the stale-card answer when it is gone.
fn stored(ctx: &Ctx<'_>, guild: GuildId, id: i64, locale: Locale) -> Result<Submission> {
    ctx.app
        .store()
        .submission(guild, id)?
        .ok_or_else(|| stale(locale))
}

/// The submission `id` after this reviewer's write; when the write did not take (someone decided
/// it between our read and our write), the answer that says who did and how.
fn after_write(
    ctx: &Ctx<'_>,
    guild: GuildId,
    id: i64,
    took: bool,
    locale: Locale,
) -> Result<Submission> {
    let sub = stored(ctx, guild, id, locale)?;
    if !took {
        return Err(already_decided(&sub, &sub.state, locale));
    }
    Ok(sub)
}

/// The submission `id`, if it still waits; otherwise why not (who decided it, and how).
fn waiting(ctx: &Ctx<'_>, guild: GuildId, id: i64) -> Result<Submission> {
    let locale = ctx.locale();
    let sub = stored(ctx, guild, id, locale)?;
    match &sub.state {
        SubmissionState::Pending | SubmissionState::SourceNeeded => Ok(sub),
        state => Err(already_decided(&sub, state, locale)),
    }
}

/// "#7 was already approved by @mina", naming the reviewer who decided it.
fn already_decided(sub: &Submission, state: &SubmissionState, locale: Locale) -> Error {
    let by = sub
        .decided_by
        .map_or_else(|| "?".to_string(), |u| format!("<@{u}>"));
    let when = sub
        .decided_at
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    let id = match state {
        SubmissionState::Rejected(_) => msg::REVIEW_ALREADY_REJECTED,
        _ => msg::REVIEW_ALREADY_APPROVED,
    };
    Error::BadInput(tr(
        locale,
        id,
        &[
            ("id", sub.id.into()),
            ("by", by.into()),
            ("when", when.into()),
        ],
    ))
}

/// A button of the review card.
pub fn press(ctx: &mut Ctx<'_>, rest: &str) -> Result<Response> {
    let guild = reviewer(ctx)?;
    let locale = ctx.locale();
    let (action, id) = read_id(rest).ok_or_else(|| stale(locale))?;
    match action {
        "approve" => approve(ctx, guild, id),
        "reject" => {
            waiting(ctx, guild, id)?;
            let mut reason = TextInput::new(
                "reason",
                &text(locale, msg::REVIEW_REASON_LABEL),
                InputStyle::Paragraph,
            );
            reason.max_length = Some(REASON_MAX);
            Ok(Response::Modal(Modal {
                custom_id: format!("{FORM_PREFIX}reason:{id}"),
                title: tr(locale, msg::REVIEW_REJECT_TITLE, &[("id", id.into())]),
                inputs: vec![reason],
            }))
        }
        "edit" => {
            let sub = waiting(ctx, guild, id)?;
            let mut modal = edit_form(ctx, &sub)?;
            modal.custom_id = format!("{FORM_PREFIX}edit:{id}");
            modal.title = clip(
                &tr(locale, msg::REVIEW_EDIT_TITLE, &[("id", id.into())]),
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
        _ => Err(stale(locale)),
    }
}

/// Approve: the stored TOML parsed and validated again, then banked (in play at once for this
/// server) and marked approved in one transaction; the card is closed.
fn approve(ctx: &mut Ctx<'_>, guild: GuildId, id: i64) -> Result<Response> {
    let locale = ctx.locale();
    let sub = waiting(ctx, guild, id)?;
    if sub.state == SubmissionState::SourceNeeded {
        return Err(Error::BadInput(tr(
            locale,
            msg::REVIEW_NO_SOURCE_YET,
            &[("id", id.into())],
        )));
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
        Error::BadInput(tr(
            locale,
            msg::REVIEW_FAILS_CHECKS,
            &[("id", id.into()), ("problem", first.into())],
        ))
    })?;
    let banked = {
        let mut store = ctx.app.store();
        let drama = crate::content::bank_drama(&store, guild, &pack, locale)?;
        store.approve_submission(guild, id, ctx.inv.user, &drama, &pack, ctx.inv.now)?
    };
    let sub = after_write(ctx, guild, id, banked.is_some(), locale)?;
    let Some(item) = banked else {
        // after_write refused: decided by someone else between our read and our write.
        return Err(stale(locale));
    };
    tracing::info!(
        guild = guild.0,
        submission = id,
        item = %item.slug,
        "submission approved"
    );
    let decided = tr(
        locale,
        msg::REVIEW_APPROVED,
        &[
            ("by", format!("<@{}>", ctx.inv.user).into()),
            ("item", item.slug.as_str().into()),
        ],
    );
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        locale,
        Closed::Decided(decided),
        None,
    )))
}

/// The submission's own form (the one `/submit` opened), prefilled with what is stored.
fn edit_form(ctx: &mut Ctx<'_>, sub: &Submission) -> Result<Modal> {
    let locale = ctx.locale();
    let cannot = || Error::BadInput(text(locale, msg::REVIEW_CANNOT_EDIT));
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
                speaker: cast_name(&pack, &q.speaker, Locale::English).ok_or_else(cannot)?,
                kind: q.kind,
                episode: q.episode,
            },
        )?
    } else if let Some(f) = pack.facts.first().map(|f| &f.item) {
        values.push(("text", f.text.clone()));
        let subject = f
            .about
            .first()
            .and_then(|slug| cast_name(&pack, slug, Locale::English));
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
    let locale = ctx.locale();
    let (action, id) = read_id(rest).ok_or_else(|| stale(locale))?;
    match action {
        "reason" => reject(ctx, guild, id, field(fields, "reason").unwrap_or_default()),
        "edit" => edit(ctx, guild, id, fields),
        _ => Err(stale(locale)),
    }
}

/// Reject: the submission becomes rejected with the reason (`/submit mine` shows it).
fn reject(ctx: &mut Ctx<'_>, guild: GuildId, id: i64, reason: &str) -> Result<Response> {
    let locale = ctx.locale();
    let reason = reason.replace("\r\n", "\n").trim().to_string();
    if reason.is_empty() || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::BadInput(text(locale, msg::REVIEW_GIVE_REASON)));
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
    let sub = after_write(ctx, guild, id, decided, locale)?;
    tracing::info!(guild = guild.0, submission = id, "submission rejected");
    let decided = tr(
        locale,
        msg::REVIEW_REJECTED,
        &[
            ("by", format!("<@{}>", ctx.inv.user).into()),
            ("reason", reason.into()),
        ],
    );
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        locale,
        Closed::Decided(decided),
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
    let locale = ctx.locale();
    let sub = waiting(ctx, guild, id)?;
    // The member's form again, for the options its custom id carries (drama, kind, episode...).
    let form = edit_form(ctx, &sub)?;
    let options = form
        .custom_id
        .strip_prefix(submit::MODAL_PREFIX)
        .ok_or_else(|| stale(locale))?;
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
    let sub = after_write(ctx, guild, id, saved, locale)?;
    tracing::info!(guild = guild.0, submission = id, "submission edited");
    let note = text(locale, msg::REVIEW_SAVED);
    Ok(Response::Update(card(
        &sub,
        ctx.inv.now,
        locale,
        Closed::Open,
        Some(note),
    )))
}

#[cfg(test)]
mod tests;

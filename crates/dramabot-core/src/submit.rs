//! `/submit question|quote|fact` and `/submit mine`: members offer content, with a source, for their
//! server's moderators to review.
//!
//! The short fields are command options (with autocomplete where a list exists); the long ones come
//! from a modal the command opens, whose custom id carries the options so the submission needs no
//! state between the two steps. A submission is checked by the packs' own validator, not a second
//! one: it is written as a one-item pack (the drama, the member's source, the speaker or subject, the
//! item), parsed and validated, and each problem is reported under the modal field whose line it
//! points at. What passes is stored as that TOML text, pending review.

use crate::args::{FromOptions, Options};
use crate::cast::Entity;
use crate::error::{Error, Result};
use crate::i18n::{self, Arg, Locale, msg, text, tr};
use crate::model::{EntityKind, PackSummary, find_pack};
use crate::pack::{self, Category};
use crate::reply::{COLOUR, Embed, InputStyle, Modal, Reply, Response, TextInput};
use crate::router::{Ctx, field};
use crate::store::{
    MAX_PENDING, NewSubmission, Refused, SubmissionKind, SubmissionState, SubmittedSource,
};
use crate::text::{clip, fold};

/// The prefix of submission modals' custom ids.
pub const MODAL_PREFIX: &str = "submit:";
/// Submissions listed per page of `/submit mine`.
pub const PAGE: i64 = 10;
/// How many of a submission's problems the answer lists.
const PROBLEMS_SHOWN: usize = 8;
/// The longest source a member may type (a URL, or outlet | title | date).
const SOURCE_MAX: u16 = 500;

/// The arguments of `/submit question`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionArgs {
    pub drama: Option<String>,
    pub category: Category,
    pub difficulty: i64,
    pub episode: Option<i64>,
}

impl FromOptions for QuestionArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        let categories: Vec<(&str, Category)> =
            Category::ALL.iter().map(|c| (c.as_str(), *c)).collect();
        Ok(QuestionArgs {
            drama: options.get("drama")?,
            category: options
                .choice("category", &categories)?
                .ok_or_else(|| Error::CommandTable("`category` is required".into()))?,
            difficulty: options
                .choice("difficulty", &[("easy", 1), ("medium", 2), ("hard", 3)])?
                .unwrap_or(2),
            episode: options.get("episode")?,
        })
    }
}

/// The arguments of `/submit quote`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteArgs {
    pub drama: Option<String>,
    pub speaker: String,
    pub kind: pack::QuoteKind,
    pub episode: Option<i64>,
}

impl FromOptions for QuoteArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(QuoteArgs {
            drama: options.get("drama")?,
            speaker: options.require("speaker")?,
            kind: options
                .choice(
                    "kind",
                    &[
                        ("line", pack::QuoteKind::Line),
                        ("interview", pack::QuoteKind::Interview),
                    ],
                )?
                .unwrap_or(pack::QuoteKind::Line),
            episode: options.get("episode")?,
        })
    }
}

/// The arguments of `/submit fact`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactArgs {
    pub drama: Option<String>,
    pub subject: Option<String>,
    pub episode: Option<i64>,
}

impl FromOptions for FactArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(FactArgs {
            drama: options.get("drama")?,
            subject: options.get("subject")?,
            episode: options.get("episode")?,
        })
    }
}

/// The arguments of `/submit mine`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MineArgs {
    pub page: Option<i64>,
}

impl FromOptions for MineArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(MineArgs {
            page: options.get("page")?,
        })
    }
}

/// The drama a submission is about: the one named, else the server's, else the only pack, else
/// the one drama of the person or character `who` the submission names.
pub(crate) fn drama(ctx: &Ctx<'_>, named: Option<&str>, who: Option<&str>) -> Result<PackSummary> {
    let packs = ctx.app.store().pack_summaries()?;
    let wanted = match named {
        Some(named) => Some(named.to_string()),
        None => ctx.settings()?.drama,
    };
    let index = ctx.app.cast();
    let only_pack_of_who = || {
        let hit = index.lookup(who?, |_| true, 1);
        let packs_of = &index.entity(hit.first()?).packs;
        match packs_of.as_slice() {
            [one] => packs.iter().find(|p| &p.id == one),
            _ => None,
        }
    };
    let found = match &wanted {
        Some(wanted) => find_pack(&packs, wanted),
        None if packs.len() == 1 => packs.first(),
        None if only_pack_of_who().is_some() => only_pack_of_who(),
        None => {
            return Err(Error::BadInput(ctx.text(msg::SUBMIT_CHOOSE_DRAMA)));
        }
    };
    found.cloned().ok_or_else(|| {
        let wanted = clip(wanted.as_deref().unwrap_or_default(), 60);
        Error::BadInput(ctx.tr(msg::SUBMIT_NO_DRAMA, &[("drama", wanted.into())]))
    })
}

/// The person or character of `drama` called `name` (any spelling).
fn cast_member<'a>(ctx: &'a Ctx<'_>, drama: &PackSummary, name: &str) -> Result<&'a Entity> {
    let index = ctx.app.cast();
    index
        .lookup(name, |e| e.packs.contains(&drama.id), 1)
        .first()
        .map(|m| index.entity(m))
        .ok_or_else(|| {
            Error::BadInput(ctx.tr(
                msg::SUBMIT_NOBODY,
                &[
                    ("name", clip(name, 60).into()),
                    (
                        "drama",
                        title(ctx.locale(), &drama.title, &drama.title_ko).into(),
                    ),
                ],
            ))
        })
}

fn episode_part(episode: Option<i64>) -> String {
    episode.map_or_else(|| "-".to_string(), |e| e.to_string())
}

/// A name as the reader's locale writes it: the Korean one for Korean readers.
fn title<'a>(locale: Locale, english: &'a str, korean: &'a str) -> &'a str {
    if locale.is_korean() { korean } else { english }
}

fn modal_id(locale: Locale, parts: &[&str]) -> Result<String> {
    let id = format!("{MODAL_PREFIX}{}", parts.join(":"));
    if id.chars().count() > crate::reply::limits::CUSTOM_ID {
        return Err(Error::BadInput(text(locale, msg::SUBMIT_ID_TOO_LONG)));
    }
    Ok(id)
}

fn input(id: &str, label: String, style: InputStyle, max: usize) -> TextInput {
    let mut input = TextInput::new(id, &label, style);
    input.max_length = u16::try_from(max).ok();
    input
}

fn source_input(locale: Locale) -> TextInput {
    let mut source = input(
        "source",
        text(locale, msg::SUBMIT_SOURCE_LABEL),
        InputStyle::Short,
        usize::from(SOURCE_MAX),
    );
    source.placeholder = Some(text(locale, msg::SUBMIT_SOURCE_PLACEHOLDER));
    source
}

/// `/submit question`: opens the question's form.
pub fn question(ctx: &mut Ctx<'_>, args: QuestionArgs) -> Result<Response> {
    ctx.guild_for(msg::SUBMIT_IN_A_SERVER)?;
    let drama = drama(ctx, args.drama.as_deref(), None)?;
    let locale = ctx.locale();
    let difficulty = args.difficulty.to_string();
    let episode = episode_part(args.episode);
    let custom_id = modal_id(
        locale,
        &[
            "question",
            &drama.id,
            args.category.as_str(),
            &difficulty,
            &episode,
        ],
    )?;
    let mut wrong = input(
        "wrong",
        text(locale, msg::SUBMIT_WRONG_LABEL),
        InputStyle::Paragraph,
        3 * (pack::CHOICE_MAX + 1),
    );
    // None makes a typed-answer question, answered with `/trivia answer`: the validator decides.
    wrong.required = false;
    wrong.placeholder = Some(text(locale, msg::SUBMIT_WRONG_PLACEHOLDER));
    let mut accept = input(
        "accept",
        text(locale, msg::SUBMIT_ACCEPT_LABEL),
        InputStyle::Paragraph,
        4 * (pack::CHOICE_MAX + 1),
    );
    accept.required = false;
    Ok(Response::Modal(Modal {
        custom_id,
        title: clip(
            &tr(
                locale,
                msg::SUBMIT_QUESTION_TITLE,
                &[("drama", title(locale, &drama.title, &drama.title_ko).into())],
            ),
            crate::reply::limits::MODAL_TITLE,
        ),
        inputs: vec![
            input(
                "question",
                text(locale, msg::SUBMIT_QUESTION_LABEL),
                InputStyle::Paragraph,
                pack::QUESTION_MAX,
            ),
            input(
                "answer",
                text(locale, msg::SUBMIT_ANSWER_LABEL),
                InputStyle::Short,
                pack::CHOICE_MAX,
            ),
            wrong,
            accept,
            source_input(locale),
        ],
    }))
}

/// `/submit quote`: opens the quote's form.
pub fn quote(ctx: &mut Ctx<'_>, args: QuoteArgs) -> Result<Response> {
    ctx.guild_for(msg::SUBMIT_IN_A_SERVER)?;
    let drama = drama(ctx, args.drama.as_deref(), Some(&args.speaker))?;
    let speaker = cast_member(ctx, &drama, &args.speaker)?;
    let locale = ctx.locale();
    let custom_id = modal_id(
        locale,
        &[
            "quote",
            &drama.id,
            args.kind.as_str(),
            &speaker.token,
            &episode_part(args.episode),
        ],
    )?;
    let mut context = input(
        "context",
        text(locale, msg::SUBMIT_CONTEXT_LABEL),
        InputStyle::Short,
        pack::TITLE_MAX,
    );
    context.placeholder = Some(text(locale, msg::SUBMIT_CONTEXT_PLACEHOLDER));
    Ok(Response::Modal(Modal {
        custom_id,
        title: clip(
            &tr(
                locale,
                msg::SUBMIT_QUOTE_TITLE,
                &[(
                    "speaker",
                    title(locale, &speaker.name, &speaker.name_ko).into(),
                )],
            ),
            crate::reply::limits::MODAL_TITLE,
        ),
        inputs: vec![
            input(
                "text",
                text(locale, msg::SUBMIT_QUOTE_TEXT_LABEL),
                InputStyle::Paragraph,
                pack::LONG_TEXT_MAX,
            ),
            context,
            source_input(locale),
        ],
    }))
}

/// `/submit fact`: opens the fact's form.
pub fn fact(ctx: &mut Ctx<'_>, args: FactArgs) -> Result<Response> {
    ctx.guild_for(msg::SUBMIT_IN_A_SERVER)?;
    let drama = drama(ctx, args.drama.as_deref(), args.subject.as_deref())?;
    let subject = match &args.subject {
        Some(name) => cast_member(ctx, &drama, name)?.token.clone(),
        None => "-".to_string(),
    };
    let locale = ctx.locale();
    let custom_id = modal_id(
        locale,
        &["fact", &drama.id, &subject, &episode_part(args.episode)],
    )?;
    Ok(Response::Modal(Modal {
        custom_id,
        title: clip(
            &tr(
                locale,
                msg::SUBMIT_FACT_TITLE,
                &[("drama", title(locale, &drama.title, &drama.title_ko).into())],
            ),
            crate::reply::limits::MODAL_TITLE,
        ),
        inputs: vec![
            input(
                "text",
                text(locale, msg::SUBMIT_FACT_TEXT_LABEL),
                InputStyle::Paragraph,
                pack::LONG_TEXT_MAX,
            ),
            source_input(locale),
        ],
    }))
}

/// What the modal's custom id carries: the options of the command that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Draft {
    Question {
        category: Category,
        difficulty: i64,
    },
    Quote {
        kind: pack::QuoteKind,
        speaker: String,
    },
    Fact {
        subject: Option<String>,
    },
}

/// Reads `KIND:DRAMA:…:EPISODE` back into the drama id, the draft and the episode.
fn read_modal_id(id: &str) -> Option<(String, Draft, Option<i64>)> {
    let parts: Vec<&str> = id.split(':').collect();
    let episode = |text: &str| match text {
        "-" => Some(None),
        n => n.parse().ok().map(Some),
    };
    match parts.as_slice() {
        ["question", drama, category, difficulty, ep] => Some((
            drama.to_string(),
            Draft::Question {
                category: *Category::ALL.iter().find(|c| c.as_str() == *category)?,
                difficulty: difficulty.parse().ok()?,
            },
            episode(ep)?,
        )),
        ["quote", drama, kind, speaker, ep] => Some((
            drama.to_string(),
            Draft::Quote {
                kind: match *kind {
                    "line" => pack::QuoteKind::Line,
                    "interview" => pack::QuoteKind::Interview,
                    _ => return None,
                },
                speaker: speaker.to_string(),
            },
            episode(ep)?,
        )),
        ["fact", drama, subject, ep] => Some((
            drama.to_string(),
            Draft::Fact {
                subject: (*subject != "-").then(|| subject.to_string()),
            },
            episode(ep)?,
        )),
        _ => None,
    }
}

/// A modal field's name as members read it, for problem reports.
fn label(field: &str, locale: Locale) -> String {
    text(
        locale,
        match field {
            "question" => msg::SUBMIT_FIELD_QUESTION,
            "answer" => msg::SUBMIT_FIELD_ANSWER,
            "wrong" => msg::SUBMIT_FIELD_WRONG,
            "accept" => msg::SUBMIT_FIELD_ACCEPT,
            "text" => msg::SUBMIT_FIELD_TEXT,
            "context" => msg::SUBMIT_FIELD_CONTEXT,
            "source" => msg::SUBMIT_FIELD_SOURCE,
            "episode" => msg::SUBMIT_FIELD_EPISODE,
            "speaker" => msg::SUBMIT_FIELD_SPEAKER,
            "subject" => msg::SUBMIT_FIELD_SUBJECT,
            _ => msg::SUBMIT_FIELD_DRAMA,
        },
    )
}

/// A TOML basic string: one line whatever the text holds, so every key stays on its own line.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A one-item pack written line by line, remembering which modal field each line came from.
#[derive(Default)]
struct PackText {
    text: String,
    /// `(line, field)`: the field whose value (or section) starts at that line.
    lines: Vec<(usize, &'static str)>,
}

impl PackText {
    fn line(&mut self, text: &str, field: &'static str) {
        self.text.push_str(text);
        self.text.push('\n');
        self.lines.push((self.lines.len() + 1, field));
    }

    fn key(&mut self, key: &str, value: String, field: &'static str) {
        self.line(&format!("{key} = {value}"), field);
    }

    /// The field a problem on `line` is about.
    fn field_at(&self, line: usize) -> &'static str {
        self.lines
            .iter()
            .find(|(l, _)| *l == line)
            .map_or("drama", |(_, f)| f)
    }
}

/// The id every submitted item has in its one-item pack.
pub const ITEM_ID: &str = "submitted";
/// The id of the submitted item's source in its one-item pack.
pub const SOURCE_ID: &str = "submitted-source";

/// Parses the member's source: a web address, or `outlet | title | date`.
pub(crate) fn read_source(
    text: &str,
    now: jiff::Timestamp,
    locale: Locale,
) -> Result<(pack::Source, SubmittedSource)> {
    let text = text.trim();
    let refuse = || Error::BadInput(i18n::text(locale, msg::SUBMIT_BAD_SOURCE));
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    match parts.as_slice() {
        [url] => {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .ok_or_else(refuse)?;
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || url.chars().any(char::is_whitespace) {
                return Err(refuse());
            }
            let date = now.to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
            Ok((
                pack::Source {
                    id: SOURCE_ID.into(),
                    outlet: clip(host, pack::NAME_MAX),
                    title: clip(url, pack::TITLE_MAX),
                    date,
                    url: Some(url.to_string()),
                    note: Some("A member's link; its title and date are to be checked.".into()),
                },
                SubmittedSource {
                    url: Some(url.to_string()),
                    ..SubmittedSource::default()
                },
            ))
        }
        [outlet, title, date] => Ok((
            pack::Source {
                id: SOURCE_ID.into(),
                outlet: outlet.to_string(),
                title: title.to_string(),
                date: date.to_string(),
                url: None,
                note: None,
            },
            SubmittedSource {
                url: None,
                outlet: Some(outlet.to_string()),
                title: Some(title.to_string()),
                date: Some(date.to_string()),
            },
        )),
        _ => Err(refuse()),
    }
}

/// A modal field's lines, blank ones dropped.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The person or character a draft names, written into its one-item pack.
fn cast_section(out: &mut PackText, entity: &Entity, field: &'static str) {
    out.line("", field);
    out.line(
        match entity.kind {
            EntityKind::Person => "[[person]]",
            EntityKind::Character => "[[character]]",
        },
        field,
    );
    out.key("id", toml_string(&entity.slug), field);
    out.key("name", toml_string(&entity.name), field);
    out.key("name_ko", toml_string(&entity.name_ko), field);
}

/// A validated submission: its one-item pack, what lists show, and its source.
pub(crate) struct Checked {
    pub(crate) kind: SubmissionKind,
    pub(crate) summary: String,
    pub(crate) pack_toml: String,
    pub(crate) source: SubmittedSource,
}

/// Writes the submission as a one-item pack and runs the packs' validator on it; every problem is
/// named by the modal field it concerns.
fn check(
    ctx: &Ctx<'_>,
    drama: &PackSummary,
    draft: &Draft,
    episode: Option<i64>,
    fields: &[(String, String)],
) -> Result<Checked> {
    let locale = ctx.locale();
    let value = |name: &str| field(fields, name).unwrap_or_default().trim().to_string();
    let (source, submitted) = read_source(&value("source"), ctx.inv.now, locale)?;
    let mut out = PackText::default();
    out.line("[drama]", "drama");
    out.key("id", toml_string(&drama.id), "drama");
    out.key("title", toml_string(&drama.title), "drama");
    out.key("title_ko", toml_string(&drama.title_ko), "drama");
    out.key("network", toml_string(&drama.network), "drama");
    out.key("year", drama.year.to_string(), "drama");
    out.key("episodes", drama.episodes.to_string(), "drama");
    out.line("", "source");
    out.line("[[source]]", "source");
    out.key("id", toml_string(&source.id), "source");
    out.key("outlet", toml_string(&source.outlet), "source");
    out.key("title", toml_string(&source.title), "source");
    out.key("date", toml_string(&source.date), "source");
    if let Some(url) = &source.url {
        out.key("url", toml_string(url), "source");
    }
    if let Some(note) = &source.note {
        out.key("note", toml_string(note), "source");
    }
    let index = ctx.app.cast();
    let gone = || Error::BadInput(text(locale, msg::SUBMIT_GONE));
    let (kind, summary) = match draft {
        Draft::Question {
            category,
            difficulty,
        } => {
            let question = value("question");
            out.line("", "question");
            out.line("[[question]]", "question");
            out.key("id", toml_string(ITEM_ID), "question");
            out.key("question", toml_string(&question), "question");
            out.key("answer", toml_string(&value("answer")), "answer");
            out.key("wrong", toml_list(&lines_of(&value("wrong"))), "wrong");
            out.key("accept", toml_list(&lines_of(&value("accept"))), "accept");
            out.key("difficulty", difficulty.to_string(), "drama");
            out.key("category", toml_string(category.as_str()), "drama");
            (SubmissionKind::Question, question)
        }
        Draft::Quote { kind, speaker } => {
            let speaker = index.by_token(speaker).ok_or_else(gone)?;
            cast_section(&mut out, speaker, "speaker");
            let text = value("text");
            out.line("", "text");
            out.line("[[quote]]", "text");
            out.key("id", toml_string(ITEM_ID), "text");
            out.key("text", toml_string(&text), "text");
            out.key("speaker", toml_string(&speaker.slug), "speaker");
            out.key("kind", toml_string(kind.as_str()), "text");
            out.key("context", toml_string(&value("context")), "context");
            (SubmissionKind::Quote, text)
        }
        Draft::Fact { subject } => {
            let about = match subject {
                Some(token) => {
                    let subject = index.by_token(token).ok_or_else(gone)?;
                    cast_section(&mut out, subject, "subject");
                    subject.slug.clone()
                }
                None => drama.id.clone(),
            };
            let text = value("text");
            out.line("", "text");
            out.line("[[fact]]", "text");
            out.key("id", toml_string(ITEM_ID), "text");
            out.key("about", toml_list(&[about]), "subject");
            out.key("text", toml_string(&text), "text");
            (SubmissionKind::Fact, text)
        }
    };
    out.key("source", toml_string(SOURCE_ID), "source");
    if let Some(episode) = episode {
        out.key("episode", episode.to_string(), "episode");
    }
    let file = "submission.toml";
    let problems = match pack::parse(file, out.text.as_bytes()) {
        Ok(parsed) => pack::validate_set(std::slice::from_ref(&parsed)),
        Err(problems) => problems,
    };
    if !problems.is_empty() {
        let mut lines: Vec<String> = Vec::new();
        for problem in &problems {
            let line = format!(
                "{}: {}",
                label(out.field_at(problem.line), locale),
                problem.message
            );
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
        tracing::info!(problems = %pack::Problem::list(&problems), "a submission was refused");
        let shown: Vec<String> = lines
            .iter()
            .take(PROBLEMS_SHOWN)
            .map(|l| format!("• {}", clip(l, 200)))
            .collect();
        return Err(Error::BadInput(format!(
            "{}\n{}",
            text(locale, msg::SUBMIT_NOT_SUBMITTED),
            shown.join("\n")
        )));
    }
    Ok(Checked {
        kind,
        summary,
        pack_toml: out.text,
        source: submitted,
    })
}

/// Refuses control characters (other than line breaks) in any field, naming it.
fn no_control_characters(fields: &[(String, String)], locale: Locale) -> Result<()> {
    if let Some((name, _)) = fields
        .iter()
        .find(|(_, v)| v.chars().any(|c| c.is_control() && c != '\n'))
    {
        return Err(Error::BadInput(tr(
            locale,
            msg::SUBMIT_CONTROL_CHARACTER,
            &[("field", label(name, locale).into())],
        )));
    }
    Ok(())
}

/// Where an item a member sends is already: a pack, or this server's own list.
enum Already {
    /// In a pack: the text, with the pack's id.
    Pack(String),
    /// In this server's own list: the text.
    Bank(String),
}

/// Where a [`KnownItem`] was found.
pub(crate) enum Place {
    /// A file pack, with its id where the record carries one (quotes and facts).
    Pack(Option<String>),
    /// The server's own list.
    Bank,
}

/// An item in play that a new one would duplicate: its kind, its text as members read it, that
/// text folded, and where it is.
pub(crate) struct KnownItem {
    pub kind: SubmissionKind,
    pub text: String,
    pub folded: String,
    pub place: Place,
}

/// Every item of `kinds` in the file packs (all of them, even one this server turned off: an item
/// would be a duplicate once the pack is on again), then in this server's scope, whose items not
/// already found among the packs are its bank: so the first item found for a text says where it
/// is. This reads every item in scope (O(bank)), so through a reader, which does not hold up the
/// writer; the store checks the queue and the approved items again when it writes.
pub(crate) fn known_items(ctx: &Ctx<'_>, kinds: &[SubmissionKind]) -> Result<Vec<KnownItem>> {
    let store = ctx.app.reader();
    let mut known = Vec::new();
    for guild in [None, ctx.inv.guild] {
        let scope = || crate::model::Scope { guild, drama: None };
        let mut add = |kind, text: String, pack: Option<String>| {
            known.push(KnownItem {
                kind,
                folded: fold(&text),
                text,
                place: match guild {
                    Some(_) => Place::Bank,
                    None => Place::Pack(pack),
                },
            });
        };
        if kinds.contains(&SubmissionKind::Question) {
            for q in store.trivia_questions(scope())? {
                add(SubmissionKind::Question, q.question, None);
            }
        }
        if kinds.contains(&SubmissionKind::Quote) {
            for q in store.quotes(scope())? {
                add(SubmissionKind::Quote, q.text, Some(q.pack));
            }
        }
        if kinds.contains(&SubmissionKind::Fact) {
            for f in store.facts(scope())? {
                add(SubmissionKind::Fact, f.text, Some(f.pack));
            }
        }
    }
    Ok(known)
}

/// The same item already in a pack or in this server's own list, and where.
fn in_packs(ctx: &Ctx<'_>, kind: SubmissionKind, folded: &str) -> Result<Option<Already>> {
    let found = known_items(ctx, &[kind])?
        .into_iter()
        .find(|item| item.folded == folded);
    Ok(found.map(|item| match item.place {
        Place::Bank => Already::Bank(item.text),
        Place::Pack(Some(pack)) => Already::Pack(format!("{} ({pack})", item.text)),
        Place::Pack(None) => Already::Pack(item.text),
    }))
}

/// A submission's state as members read it.
pub(crate) fn state_text(state: &SubmissionState, locale: Locale) -> String {
    match state {
        SubmissionState::Pending => text(locale, msg::SUBMISSION_PENDING),
        SubmissionState::SourceNeeded => text(locale, msg::SUBMISSION_SOURCE_NEEDED),
        SubmissionState::Approved => text(locale, msg::SUBMISSION_APPROVED),
        SubmissionState::Rejected(reason) => tr(
            locale,
            msg::SUBMISSION_REJECTED,
            &[("reason", clip(reason, 200).into())],
        ),
    }
}

/// A submission's kind as members read it.
pub(crate) fn kind_text(kind: SubmissionKind, locale: Locale) -> String {
    text(
        locale,
        match kind {
            SubmissionKind::Question => msg::SUBMISSION_KIND_QUESTION,
            SubmissionKind::Quote => msg::SUBMISSION_KIND_QUOTE,
            SubmissionKind::Fact => msg::SUBMISSION_KIND_FACT,
        },
    )
}

/// A submitted form checked as a submission: `id` is the modal's custom id after
/// [`MODAL_PREFIX`], which carries the command's options. The drama it is about, and the item
/// validated as a one-item pack; a problem names the form's field. A reviewer's edit is checked
/// by this same function.
pub(crate) fn check_form(
    ctx: &Ctx<'_>,
    id: &str,
    fields: &[(String, String)],
) -> Result<(PackSummary, Checked)> {
    let locale = ctx.locale();
    let stale = || Error::BadInput(text(locale, msg::ROUTER_OLD_FORM));
    let (drama_id, draft, episode) = read_modal_id(id).ok_or_else(stale)?;
    let drama = ctx
        .app
        .store()
        .pack_summaries()?
        .into_iter()
        .find(|p| p.id == drama_id)
        .ok_or_else(stale)?;
    // Discord sends line breaks as typed; a pasted \r\n is one break.
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(n, v)| (n.clone(), v.replace("\r\n", "\n")))
        .collect();
    no_control_characters(&fields, locale)?;
    let checked = check(ctx, &drama, &draft, episode, &fields)?;
    Ok((drama, checked))
}

/// A submitted form: checked by the pack validator, refused when it would be one too many or a
/// duplicate, otherwise stored as pending; the member is told its id.
pub fn submitted(ctx: &mut Ctx<'_>, id: &str, fields: &[(String, String)]) -> Result<Response> {
    let guild = ctx.guild_for(msg::SUBMIT_IN_A_SERVER)?;
    let locale = ctx.locale();
    let (drama, checked) = check_form(ctx, id, fields)?;
    let folded = fold(&checked.summary);
    if let Some(there) = in_packs(ctx, checked.kind, &folded)? {
        let (where_, found) = match &there {
            Already::Pack(found) => (msg::SUBMIT_ALREADY_IN_PACK, found),
            Already::Bank(found) => (msg::SUBMIT_ALREADY_IN_BANK, found),
        };
        return Err(Error::BadInput(tr(
            locale,
            where_,
            &[("text", clip(found, 300).into())],
        )));
    }
    let new = NewSubmission {
        guild,
        user: ctx.inv.user,
        kind: checked.kind,
        drama: drama.id.clone(),
        summary: checked.summary,
        folded,
        pack_toml: checked.pack_toml,
        source: checked.source,
        state: SubmissionState::Pending,
    };
    let added = ctx.app.store().add_submission(&new, ctx.inv.now)?;
    let id = match added {
        Ok(id) => id,
        Err(Refused::TooMany) => {
            return Err(Error::BadInput(tr(
                locale,
                msg::SUBMIT_TOO_MANY,
                &[("max", MAX_PENDING.into())],
            )));
        }
        Err(Refused::Duplicate(id, state)) => {
            return Err(Error::BadInput(tr(
                locale,
                msg::SUBMIT_DUPLICATE,
                &[
                    ("kind", kind_text(new.kind, locale).into()),
                    ("id", id.into()),
                    ("state", state_text(&state, locale).into()),
                ],
            )));
        }
    };
    tracing::info!(
        submission = id,
        kind = new.kind.as_str(),
        "submission stored"
    );
    Ok(Response::Message(Reply::private(tr(
        locale,
        msg::SUBMIT_THANKS,
        &[
            ("kind", kind_text(new.kind, locale).into()),
            ("id", id.into()),
        ],
    ))))
}

/// `/submit mine`: the member's submissions in this server, newest first, a page at a time.
pub fn mine(ctx: &mut Ctx<'_>, args: MineArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::SUBMIT_IN_A_SERVER)?;
    let locale = ctx.locale();
    let store = ctx.app.store();
    let total = store.submission_count_of(guild, ctx.inv.user)?;
    if total == 0 {
        return Ok(Reply::private(text(locale, msg::SUBMIT_NONE_YET)));
    }
    let pages = (total + PAGE - 1) / PAGE;
    let page = args.page.unwrap_or(1).clamp(1, pages);
    let items = store.submissions_of(guild, ctx.inv.user, (page - 1) * PAGE, PAGE)?;
    let lines: Vec<String> = items
        .iter()
        .map(|s| {
            format!(
                "**#{}** · {} · {} · {}\n> {}",
                s.id,
                kind_text(s.kind, locale),
                state_text(&s.state, locale),
                s.created_at.strftime("%Y-%m-%d"),
                clip(&s.summary.replace('\n', " "), 120)
            )
        })
        .collect();
    let mut embed = Embed::titled(text(locale, msg::SUBMIT_MINE_TITLE));
    embed.description = Some(lines.join("\n"));
    embed.colour = Some(COLOUR);
    let counts = [
        ("page", Arg::from(page)),
        ("pages", pages.into()),
        ("total", total.into()),
    ];
    embed.footer = Some(if page < pages {
        let mut args = counts.to_vec();
        args.push(("next", (page + 1).into()));
        tr(locale, msg::SUBMIT_MINE_PAGE_NEXT, &args)
    } else {
        tr(locale, msg::SUBMIT_MINE_PAGE, &counts)
    });
    Ok(Reply {
        ephemeral: true,
        ..Reply::embed(embed)
    })
}

#[cfg(test)]
mod tests;

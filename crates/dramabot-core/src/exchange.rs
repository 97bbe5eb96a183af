//! `/content import` and `/content export`: a server's content in and out as files.
//!
//! Fan communities keep their questions in other bots' formats, and a server's approved bank is
//! worth giving back to the packs. Import reads a Red-DiscordBot list or an Open Trivia DB response
//! ([`crate::trivia_lists`]) or a pack TOML (parsed and checked by the one pack validator), writes
//! every item as the same one-item pack a member's submission is, and queues it for review: nothing
//! imported is played before a moderator approves it. Without a source, list items wait as "source
//! needed". Imports are a moderator's act, so the members' limit of pending items does not apply;
//! the file's own limits (size, item count) bound them. The whole import is written in one
//! transaction: a file refused as a whole changes nothing.
//!
//! Export writes the server's approved, not removed, items as one pack TOML per drama, with their
//! sources and the cast they name, that `dramabot check-data` accepts as it is.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{Locale, msg, text, tr};
use crate::model::{EntityKind, ItemKind, PackSummary};
use crate::pack::{self, Category};
use crate::reply::{Attachment, Reply};
use crate::router::Ctx;
use crate::store::{NewSubmission, Refused, SubmissionKind, SubmissionState, SubmittedSource};
use crate::text::{clip, fold};
use crate::trivia_lists::{self, Format, Imported};

/// Why import and export need a server, for [`Ctx::guild`].
/// How many problems an import's answer lists.
const PROBLEMS_SHOWN: usize = 10;
/// The id of the stand-in source written for list items imported without one: it keeps the
/// one-item pack whole, and the review card names the list from it instead of showing it as a
/// source.
pub(crate) const LIST_SOURCE_ID: &str = "imported-list";

/// The arguments of `/content import`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportArgs {
    pub file: Attachment,
    /// A URL, or `outlet | title | date`, for every item of a list.
    pub source: Option<String>,
    pub drama: Option<String>,
}

impl FromOptions for ImportArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(ImportArgs {
            file: options.require("file")?,
            source: options.get("source")?,
            drama: options.get("drama")?,
        })
    }
}

/// A pack as written to a file: the sections `pack::parse` reads, in its order.
#[derive(Serialize)]
struct PackOut<'a> {
    drama: &'a pack::Drama,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    source: Vec<pack::Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    person: Vec<pack::Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    character: Vec<pack::Character>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fact: Vec<pack::Fact>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quote: Vec<pack::Quote>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    question: Vec<pack::Question>,
}

impl<'a> PackOut<'a> {
    fn new(drama: &'a pack::Drama) -> PackOut<'a> {
        PackOut {
            drama,
            source: Vec::new(),
            person: Vec::new(),
            character: Vec::new(),
            fact: Vec::new(),
            quote: Vec::new(),
            question: Vec::new(),
        }
    }

    fn to_toml(&self) -> Result<String> {
        toml::to_string(self).map_err(|e| Error::Encoding(format!("cannot write a pack: {e}")))
    }
}

/// A loaded pack's drama section.
fn drama_of(summary: &PackSummary) -> pack::Drama {
    pack::Drama {
        id: summary.id.clone(),
        title: summary.title.clone(),
        title_ko: summary.title_ko.clone(),
        network: summary.network.clone(),
        year: summary.year,
        episodes: summary.episodes,
        aliases: Vec::new(),
    }
}

/// One item read from the file, written as its one-item pack and ready to queue.
struct Candidate {
    kind: SubmissionKind,
    summary: String,
    pack_toml: String,
    source: SubmittedSource,
    state: SubmissionState,
}

/// What an import read from the file.
struct Read {
    /// What the file is, for the answer.
    format: &'static str,
    /// How many items the file held.
    read: usize,
    candidates: Vec<Candidate>,
    /// Items refused, as `FILE:LINE: what`.
    problems: Vec<String>,
}

/// The file's name as it may be shown: its last path part, without control characters.
fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clip(clean.trim(), 80);
    if clean.is_empty() {
        "attachment".into()
    } else {
        clean
    }
}

/// A pack TOML is told by its name, or by a `[drama]` line (other formats never have one).
fn is_pack_toml(name: &str, bytes: &[u8]) -> bool {
    name.to_ascii_lowercase().ends_with(".toml")
        || std::str::from_utf8(bytes).is_ok_and(|t| t.lines().any(|l| l.trim() == "[drama]"))
}

/// The format a list's name promises, if it promises one.
fn list_format(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Some(Format::Red)
    } else if lower.ends_with(".json") {
        Some(Format::OpenTdb)
    } else {
        None
    }
}

/// A file refused as a whole: why, with its first problems.
fn refused(locale: Locale, problems: &[String]) -> Error {
    let shown: Vec<String> = problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| format!("• `{}`", clip(p, 180).replace('`', "'")))
        .collect();
    Error::BadInput(format!(
        "{}\n{}",
        text(locale, msg::EXCHANGE_REFUSED),
        shown.join("\n")
    ))
}

/// The source every item of a list is queued with, and the state it waits in: the moderator's
/// source makes items pending; without one they wait as "source needed", citing only the list.
fn list_source(
    ctx: &Ctx<'_>,
    list: &Imported,
    given: Option<&str>,
) -> Result<(pack::Source, SubmittedSource, SubmissionState)> {
    if let Some(text) = given {
        let (source, submitted) = crate::submit::read_source(text, ctx.inv.now, ctx.locale())?;
        return Ok((source, submitted, SubmissionState::Pending));
    }
    let today = ctx
        .inv
        .now
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let (outlet, url) = match list.format {
        Format::OpenTdb => (
            "Open Trivia Database".to_string(),
            Some("https://opentdb.com/"),
        ),
        Format::Red => (
            list.author
                .as_deref()
                .map(|a| clip(a.trim(), pack::NAME_MAX))
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| "A Red-DiscordBot trivia list".into()),
            None,
        ),
    };
    let source = pack::Source {
        id: LIST_SOURCE_ID.into(),
        outlet,
        title: clip(&list.file, pack::TITLE_MAX),
        date: today,
        url: url.map(str::to_string),
        note: Some("Imported from a list; a source is needed before approval.".into()),
    };
    Ok((
        source,
        SubmittedSource::default(),
        SubmissionState::SourceNeeded,
    ))
}

/// Reads a Red list or an Open Trivia DB response into candidates.
fn read_a_list(
    ctx: &Ctx<'_>,
    file: &str,
    bytes: &[u8],
    drama: &PackSummary,
    source: Option<&str>,
) -> Result<Read> {
    let locale = ctx.locale();
    let list = trivia_lists::read_list(file, bytes, list_format(file)).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        refused(locale, &lines)
    })?;
    let (src, submitted, state) = list_source(ctx, &list, source)?;
    let drama_section = drama_of(drama);
    let ids = trivia_lists::question_ids(&list.drafts);
    let category = Category::Production;
    let mut problems: Vec<String> = list.problems.iter().map(ToString::to_string).collect();
    let mut candidates = Vec::with_capacity(list.drafts.len());
    for (draft, id) in list.drafts.iter().zip(ids) {
        let mut out = PackOut::new(&drama_section);
        out.source.push(src.clone());
        out.question.push(pack::Question {
            id,
            question: draft.question.clone(),
            question_ko: None,
            answer: draft.answer.clone(),
            answer_ko: None,
            wrong: draft.wrong.clone(),
            wrong_ko: Vec::new(),
            accept: draft.accept.clone(),
            difficulty: draft.difficulty,
            category,
            explanation: None,
            explanation_ko: None,
            source: src.id.clone(),
            episode: None,
        });
        match checked(&out, file, draft.line) {
            Ok(pack_toml) => candidates.push(Candidate {
                kind: SubmissionKind::Question,
                summary: draft.question.clone(),
                pack_toml,
                source: submitted.clone(),
                state: state.clone(),
            }),
            Err(why) => problems.push(why),
        }
    }
    Ok(Read {
        format: list.format.describe(),
        read: list.read,
        candidates,
        problems,
    })
}

/// Writes a one-item pack and checks it with the one validator; a problem is reported at `line`
/// of the imported file.
fn checked(out: &PackOut<'_>, file: &str, line: usize) -> std::result::Result<String, String> {
    let text = out.to_toml().map_err(|e| format!("{file}:{line}: {e}"))?;
    let problems = match pack::parse("import.toml", text.as_bytes()) {
        Ok(parsed) => pack::validate_set(std::slice::from_ref(&parsed)),
        Err(problems) => problems,
    };
    match problems.first() {
        None => Ok(text),
        Some(p) => Err(format!("{file}:{line}: {}", p.message)),
    }
}

/// Reads a pack TOML: parsed and validated whole (a bad pack is refused whole, as at start-up),
/// then each question, quote and fact becomes a candidate citing its own source.
fn read_a_pack(ctx: &Ctx<'_>, file: &str, bytes: &[u8], drama: &PackSummary) -> Result<Read> {
    let locale = ctx.locale();
    let as_lines = |problems: &[pack::Problem]| -> Vec<String> {
        problems
            .iter()
            .map(|p| format!("{}:{}: {}", p.file, p.line, p.message))
            .collect()
    };
    let parsed = pack::parse(file, bytes).map_err(|p| refused(locale, &as_lines(&p)))?;
    let problems = pack::validate_set(std::slice::from_ref(&parsed));
    if !problems.is_empty() {
        return Err(refused(locale, &as_lines(&problems)));
    }
    let read = parsed.questions.len() + parsed.quotes.len() + parsed.facts.len();
    if read > trivia_lists::MAX_ITEMS {
        return Err(refused(
            locale,
            &[format!(
                "{file}:1: {read} items; at most {} are read",
                trivia_lists::MAX_ITEMS
            )],
        ));
    }
    let drama_section = drama_of(drama);
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    for q in &parsed.questions {
        let mut out = PackOut::new(&drama_section);
        out.question.push(q.item.clone());
        let item = PackItem {
            kind: SubmissionKind::Question,
            summary: &q.item.question,
            line: q.line,
            source: &q.item.source,
        };
        queue_item(&parsed, out, &item, &mut candidates, &mut problems);
    }
    for q in &parsed.quotes {
        let mut out = PackOut::new(&drama_section);
        bring_cast(&mut out, &parsed, &q.item.speaker);
        out.quote.push(q.item.clone());
        let item = PackItem {
            kind: SubmissionKind::Quote,
            summary: &q.item.text,
            line: q.line,
            source: &q.item.source,
        };
        queue_item(&parsed, out, &item, &mut candidates, &mut problems);
    }
    for f in &parsed.facts {
        let mut fact = f.item.clone();
        // A fact about the file's own drama is about the chosen drama.
        for about in &mut fact.about {
            if *about == parsed.drama.item.id {
                about.clone_from(&drama_section.id);
            }
        }
        let mut out = PackOut::new(&drama_section);
        for about in &fact.about {
            bring_cast(&mut out, &parsed, about);
        }
        out.fact.push(fact);
        let item = PackItem {
            kind: SubmissionKind::Fact,
            summary: &f.item.text,
            line: f.line,
            source: &f.item.source,
        };
        queue_item(&parsed, out, &item, &mut candidates, &mut problems);
    }
    Ok(Read {
        format: "a pack TOML",
        read,
        candidates,
        problems,
    })
}

/// One item of an imported pack, for [`queue_item`].
struct PackItem<'a> {
    kind: SubmissionKind,
    summary: &'a str,
    line: usize,
    /// The id of the source it cites in the file.
    source: &'a str,
}

/// Adds the source `item` cites to its one-item pack `out`, checks the pack, and keeps it as a
/// candidate (pending: it cites its own source) or reports why not.
fn queue_item(
    parsed: &pack::Pack,
    mut out: PackOut<'_>,
    item: &PackItem<'_>,
    candidates: &mut Vec<Candidate>,
    problems: &mut Vec<String>,
) {
    let Some(source) = parsed
        .sources
        .iter()
        .map(|s| &s.item)
        .find(|s| s.id == item.source)
    else {
        problems.push(format!(
            "{}:{}: the source `{}` is missing",
            parsed.file, item.line, item.source
        ));
        return;
    };
    out.source.push(source.clone());
    match checked(&out, &parsed.file, item.line) {
        Ok(pack_toml) => candidates.push(Candidate {
            kind: item.kind,
            summary: item.summary.to_string(),
            pack_toml,
            source: SubmittedSource {
                url: source.url.clone(),
                outlet: Some(source.outlet.clone()),
                title: Some(source.title.clone()),
                date: Some(source.date.clone()),
            },
            state: SubmissionState::Pending,
        }),
        Err(why) => problems.push(why),
    }
}

/// Brings the person or character `id` names from the imported pack into the one-item pack, so
/// that it is whole; a character's own source is left behind (the item cites its own).
fn bring_cast(out: &mut PackOut<'_>, parsed: &pack::Pack, id: &str) {
    if let Some(p) = parsed.people.iter().find(|p| p.item.id == id) {
        out.person.push(p.item.clone());
    } else if let Some(c) = parsed.characters.iter().find(|c| c.item.id == id) {
        let mut c = c.item.clone();
        c.source = None;
        out.character.push(c);
    }
}

/// The folded texts already in the packs (every pack, even one this server turned off) and this
/// server's bank, by kind.
fn known_texts(ctx: &Ctx<'_>) -> Result<HashSet<(SubmissionKind, String)>> {
    let kinds = [
        SubmissionKind::Question,
        SubmissionKind::Quote,
        SubmissionKind::Fact,
    ];
    Ok(crate::submit::known_items(ctx, &kinds)?
        .into_iter()
        .map(|item| (item.kind, item.folded))
        .collect())
}

/// `/content import file: [source:] [drama:]`: reads the file and queues every item for review.
pub fn import(ctx: &mut Ctx<'_>, args: ImportArgs) -> Result<Reply> {
    let guild = ctx.guild_for(msg::EXCHANGE_IN_A_SERVER)?;
    let locale = ctx.locale();
    let file = shown_name(&args.file.filename);
    let bytes = &args.file.bytes;
    let pack_file = is_pack_toml(&file, bytes);
    // A pack about one of our dramas goes to that drama; else the one chosen as for submissions.
    let loaded_drama = if pack_file {
        pack::parse(&file, bytes).ok().and_then(|p| {
            let packs = ctx.app.store().pack_summaries().ok()?;
            packs.into_iter().find(|s| s.id == p.drama.item.id)
        })
    } else {
        None
    };
    let drama = match (loaded_drama, &args.drama) {
        (Some(d), None) => d,
        _ => crate::submit::drama(ctx, args.drama.as_deref(), None)?,
    };
    let read = if pack_file {
        read_a_pack(ctx, &file, bytes, &drama)?
    } else {
        read_a_list(ctx, &file, bytes, &drama, args.source.as_deref())?
    };
    let known = known_texts(ctx)?;
    let mut duplicates = 0usize;
    let mut batch = Vec::with_capacity(read.candidates.len());
    for c in read.candidates {
        let folded = fold(&c.summary);
        if known.contains(&(c.kind, folded.clone())) {
            duplicates += 1;
            continue;
        }
        batch.push(NewSubmission {
            guild,
            user: ctx.inv.user,
            kind: c.kind,
            drama: drama.id.clone(),
            summary: c.summary,
            folded,
            pack_toml: c.pack_toml,
            source: c.source,
            state: c.state,
        });
    }
    let results = ctx.app.store().add_imported(&batch, ctx.inv.now)?;
    let mut queued = 0usize;
    let mut source_needed = 0usize;
    for (new, result) in batch.iter().zip(&results) {
        match result {
            Ok(_) => {
                queued += 1;
                if new.state == SubmissionState::SourceNeeded {
                    source_needed += 1;
                }
            }
            Err(Refused::Duplicate(..)) | Err(Refused::TooMany) => duplicates += 1,
        }
    }
    tracing::info!(
        file = %file,
        read = read.read,
        queued,
        duplicates,
        problems = read.problems.len(),
        "imported a file for review"
    );
    Ok(Reply::private(import_report(
        &file,
        read.format,
        read.read,
        queued,
        source_needed,
        duplicates,
        &read.problems,
        locale,
    )))
}

/// The answer to an import: the counts, then the first problems.
#[allow(clippy::too_many_arguments)]
fn import_report(
    file: &str,
    format: &str,
    read: usize,
    queued: usize,
    source_needed: usize,
    duplicates: usize,
    problems: &[String],
    locale: Locale,
) -> String {
    let mut said = tr(
        locale,
        msg::EXCHANGE_IMPORTED,
        &[
            ("file", file.into()),
            ("format", format.into()),
            ("read", read.into()),
            ("queued", queued.into()),
            ("duplicates", duplicates.into()),
            ("refused", problems.len().into()),
        ],
    );
    if source_needed > 0 {
        said.push('\n');
        said.push_str(&tr(
            locale,
            msg::EXCHANGE_SOURCE_NEEDED,
            &[("count", source_needed.into())],
        ));
    }
    if queued > 0 {
        said.push('\n');
        said.push_str(&text(locale, msg::EXCHANGE_REVIEW_THEM));
    }
    if !problems.is_empty() {
        said.push('\n');
        for p in problems.iter().take(PROBLEMS_SHOWN) {
            said.push_str(&format!("\n• `{}`", clip(p, 160).replace('`', "'")));
        }
        if problems.len() > PROBLEMS_SHOWN {
            said.push('\n');
            said.push_str(&tr(
                locale,
                msg::EXCHANGE_MORE_PROBLEMS,
                &[("count", (problems.len() - PROBLEMS_SHOWN).into())],
            ));
        }
    }
    said
}

/// `/content export`: the server's approved bank as pack TOML files, one per drama.
pub fn export(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = ctx.guild_for(msg::EXCHANGE_IN_A_SERVER)?;
    let locale = ctx.locale();
    let files = export_files(ctx)?;
    let items: usize = files.iter().map(|(_, n)| n).sum();
    if files.is_empty() {
        return Ok(Reply::private(text(
            locale,
            msg::EXCHANGE_NOTHING_TO_EXPORT,
        )));
    }
    tracing::info!(
        guild = guild.0,
        items,
        files = files.len(),
        "exported a bank"
    );
    let names: Vec<String> = files
        .iter()
        .map(|(a, _)| format!("`{}`", a.filename))
        .collect();
    // The command checks the file on its own: beside the drama's own pack, the drama id is taken
    // twice, so a contribution moves the items into that pack.
    let check = files
        .first()
        .map_or_else(|| "FILE".to_string(), |(a, _)| a.filename.clone());
    let said = tr(
        locale,
        msg::EXCHANGE_EXPORTED,
        &[
            ("count", items.into()),
            ("files", names.join(", ").into()),
            ("check", check.into()),
        ],
    );
    Ok(Reply {
        attachments: files.into_iter().map(|(a, _)| a).collect(),
        ..Reply::private(said)
    })
}

/// Adds the person or character `slug` (of `drama`'s pack, or a person of any pack) to the
/// exported pack once, so that a quote's speaker or a fact's subject is defined where it is used.
fn add_cast(
    out: &mut PackOut<'_>,
    names: &[crate::model::NameEntry],
    drama: &str,
    added: &mut Vec<String>,
    slug: &str,
) {
    if slug == drama || added.iter().any(|c| c == slug) {
        return;
    }
    let entry = names
        .iter()
        .find(|e| e.kind == EntityKind::Character && e.pack == drama && e.slug == slug)
        .or_else(|| {
            names
                .iter()
                .find(|e| e.kind == EntityKind::Person && e.slug == slug)
        });
    let Some(entry) = entry else { return };
    added.push(slug.to_string());
    match entry.kind {
        EntityKind::Person => out.person.push(pack::Person {
            id: entry.slug.clone(),
            name: entry.name.clone(),
            name_ko: entry.name_ko.clone(),
            aliases: Vec::new(),
            aliases_general: Vec::new(),
            note: None,
        }),
        EntityKind::Character => out.character.push(pack::Character {
            id: entry.slug.clone(),
            name: entry.name.clone(),
            name_ko: entry.name_ko.clone(),
            aliases: Vec::new(),
            aliases_general: Vec::new(),
            description: None,
            source: None,
            episode: entry.episode,
        }),
    }
}

/// The bank's files, each with how many items it holds.
fn export_files(ctx: &Ctx<'_>) -> Result<Vec<(Attachment, usize)>> {
    let guild = ctx.guild_for(msg::EXCHANGE_IN_A_SERVER)?;
    let store = ctx.app.store();
    let rows = store.bank_export(guild)?;
    let packs = store.pack_summaries()?;
    let names = store.name_entries()?;
    drop(store);
    let mut by_drama: BTreeMap<&str, Vec<&crate::store::ExportRow>> = BTreeMap::new();
    for row in &rows {
        by_drama.entry(row.drama.as_str()).or_default().push(row);
    }
    let mut files = Vec::new();
    for (drama_id, rows) in by_drama {
        let Some(summary) = packs.iter().find(|p| p.id == drama_id) else {
            tracing::warn!(
                drama = drama_id,
                "bank items of a drama no longer loaded; not exported"
            );
            continue;
        };
        let drama = drama_of(summary);
        let mut out = PackOut::new(&drama);
        let mut cast: Vec<String> = Vec::new();
        for row in &rows {
            let mut source: pack::Source = serde_json::from_str(&row.source_json)
                .map_err(|e| Error::Encoding(format!("a bank source: {e}")))?;
            let same = out.source.iter().find(|s| {
                (&s.outlet, &s.title, &s.date, &s.url)
                    == (&source.outlet, &source.title, &source.date, &source.url)
            });
            let source_id = match same {
                Some(s) => s.id.clone(),
                None => {
                    source.id = format!("source-{}", out.source.len() + 1);
                    let id = source.id.clone();
                    out.source.push(source);
                    id
                }
            };
            let bad = |e: serde_json::Error| Error::Encoding(format!("a bank item: {e}"));
            match row.kind {
                ItemKind::Question => {
                    let mut q: pack::Question =
                        serde_json::from_str(&row.item_json).map_err(bad)?;
                    q.id.clone_from(&row.slug);
                    q.source = source_id;
                    out.question.push(q);
                }
                ItemKind::Quote => {
                    let mut q: pack::Quote = serde_json::from_str(&row.item_json).map_err(bad)?;
                    q.id.clone_from(&row.slug);
                    q.source = source_id;
                    add_cast(&mut out, &names, drama_id, &mut cast, &q.speaker);
                    out.quote.push(q);
                }
                ItemKind::Fact => {
                    let mut f: pack::Fact = serde_json::from_str(&row.item_json).map_err(bad)?;
                    f.id.clone_from(&row.slug);
                    f.source = source_id;
                    for about in &f.about {
                        add_cast(&mut out, &names, drama_id, &mut cast, about);
                    }
                    out.fact.push(f);
                }
            }
        }
        let header = format!(
            "# This server's own list for {} ({}), exported by dramabot's /content export:\n\
             # {} approved item{}, each with its source. Check it with `dramabot check-data FILE`.\n\n",
            summary.title.replace('\n', " "),
            drama_id,
            rows.len(),
            if rows.len() == 1 { "" } else { "s" },
        );
        let text = format!("{header}{}", out.to_toml()?);
        files.push((
            Attachment {
                filename: format!("{drama_id}-server.toml"),
                bytes: text.into_bytes(),
            },
            rows.len(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests;

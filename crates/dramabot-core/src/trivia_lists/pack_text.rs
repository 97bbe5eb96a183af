//! A list's drafts written as a pack TOML, for `dramabot convert` (and for checking the drafts
//! with the one pack validator). The drama and the source are placeholders marked
//! [`PLACEHOLDER_MARK`] that the operator fills in; the questions are ready as they are.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Draft, Format, Imported};
use crate::pack::{ID_MAX, LONG_TEXT_MAX};

/// What marks every value the operator must fill in. None of them passes `check-data` as it is.
pub const PLACEHOLDER_MARK: &str = "FILL-IN";

/// The id of the one source every converted question cites.
const SOURCE_ID: &str = "imported-list";

/// Pack categories are about a drama; a list's are not, so every question gets this one and its
/// list category is kept in a comment.
const CATEGORY: &str = "production";

/// The drama and source values written around the questions.
pub(super) struct Fill {
    drama_id: &'static str,
    title: &'static str,
    title_ko: &'static str,
    network: &'static str,
    year: &'static str,
    episodes: &'static str,
    outlet: &'static str,
    source_title: &'static str,
    date: &'static str,
}

impl Fill {
    /// The placeholders `convert` prints.
    fn placeholders() -> Fill {
        Fill {
            drama_id: "FILL-IN-drama-id",
            title: "FILL-IN the drama's title",
            title_ko: "FILL-IN the title in Hangul",
            network: "FILL-IN the network",
            year: "0",
            episodes: "0",
            outlet: "FILL-IN where the list was published",
            source_title: "FILL-IN the list's title",
            date: "FILL-IN YYYY-MM-DD",
        }
    }

    /// Values that pass the validator, so that only the questions are judged.
    pub(super) fn valid() -> Fill {
        Fill {
            drama_id: "imported",
            title: "Imported",
            title_ko: "가져온 목록",
            network: "Network",
            year: "2025",
            episodes: "1",
            outlet: "Outlet",
            source_title: "Title",
            date: "2025-01-01",
        }
    }
}

/// A TOML basic string holding `text`.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn quoted_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// One id per draft, in order: a slug of the question's first words, made unique with a number.
pub fn question_ids(drafts: &[Draft]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::from([SOURCE_ID.to_string()]);
    drafts
        .iter()
        .map(|d| {
            let mut base = String::new();
            for word in crate::text::words(&d.question) {
                let word: String = word
                    .chars()
                    .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    .collect();
                if word.is_empty() {
                    continue;
                }
                if !base.is_empty() && base.len() + 1 + word.len() > 48 {
                    break;
                }
                if !base.is_empty() {
                    base.push('-');
                }
                base.push_str(&word);
                if base.len() >= 48 {
                    break;
                }
            }
            base.truncate(48);
            let base = base.trim_matches('-').to_string();
            let base = if base.is_empty() {
                "question".to_string()
            } else {
                base
            };
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            debug_assert!(id.len() <= ID_MAX);
            used.insert(id.clone());
            id
        })
        .collect()
}

/// The pack TOML for a list around the given drama and source values.
pub(super) fn pack_toml(list: &Imported, fill: &Fill) -> String {
    pack_toml_with(list, fill)
}

impl Imported {
    /// The pack TOML `dramabot convert` prints: the drafts with the drama and source to fill in.
    pub fn to_pack_toml(&self) -> String {
        pack_toml_with(self, &Fill::placeholders())
    }
}

fn pack_toml_with(list: &Imported, fill: &Fill) -> String {
    let mut out = String::new();
    let n = list.drafts.len();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "# Converted by `dramabot convert --from {}` from {} ({}): {n} question{}.",
        list.format.as_str(),
        list.file.replace('\n', " "),
        list.format.describe(),
        if n == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "# Before this goes in data/packs/, replace every value marked {PLACEHOLDER_MARK} (the drama and\n\
         # where the questions come from; the url is optional), name the file after the drama id, and\n\
         # run `dramabot check-data`. Every question is in category `{CATEGORY}`; the list's own category,\n\
         # if any, is in a comment above it."
    );
    if list.format == Format::Red {
        let _ = writeln!(
            out,
            "# Red lists rate no question, so every difficulty is 2 (medium), and they have no wrong\n\
             # choices, so every question is a typed-answer question (answered with `/trivia answer`)."
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "[drama]");
    let _ = writeln!(
        out,
        "id = {}  # the drama id: a slug such as \"my-drama\"",
        quoted(fill.drama_id)
    );
    let _ = writeln!(out, "title = {}", quoted(fill.title));
    let _ = writeln!(out, "title_ko = {}", quoted(fill.title_ko));
    let _ = writeln!(out, "network = {}", quoted(fill.network));
    let _ = writeln!(out, "year = {}  # the year it first aired", fill.year);
    let _ = writeln!(out, "episodes = {}  # how many episodes", fill.episodes);
    let _ = writeln!(out);
    let _ = writeln!(out, "[[source]]");
    let _ = writeln!(out, "id = {}", quoted(SOURCE_ID));
    let (outlet, url) = match list.format {
        Format::OpenTdb => ("Open Trivia Database", Some("https://opentdb.com/")),
        Format::Red => (fill.outlet, None),
    };
    let _ = writeln!(out, "outlet = {}", quoted(outlet));
    let _ = writeln!(out, "title = {}", quoted(fill.source_title));
    let _ = writeln!(
        out,
        "date = {}  # when the list was published or fetched",
        quoted(fill.date)
    );
    match url {
        Some(url) => {
            let _ = writeln!(out, "url = {}", quoted(url));
        }
        None => {
            let _ = writeln!(
                out,
                "# url = \"https://…\"  # where the list can be found, if online"
            );
        }
    }
    let note: Vec<String> = [
        list.author
            .as_ref()
            .map(|a| format!("List by {}.", a.trim())),
        list.description.as_ref().map(|d| d.trim().to_string()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    if !note.is_empty() {
        let note = crate::text::clip(&note.join(" "), LONG_TEXT_MAX);
        // Notes are one line of text: control characters would fail the pack.
        let note: String = note
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "note = {}", quoted(&note));
    }
    for (draft, id) in list.drafts.iter().zip(question_ids(&list.drafts)) {
        let _ = writeln!(out);
        let _ = writeln!(out, "[[question]]");
        let _ = writeln!(out, "id = {}", quoted(&id));
        match &draft.topic {
            Some(topic) => {
                let _ = writeln!(
                    out,
                    "# line {} of the list; its category: {}",
                    draft.line,
                    topic.replace(['\n', '\r'], " ")
                );
            }
            None => {
                let _ = writeln!(out, "# line {} of the list", draft.line);
            }
        }
        let _ = writeln!(out, "question = {}", quoted(&draft.question));
        let _ = writeln!(out, "answer = {}", quoted(&draft.answer));
        if !draft.wrong.is_empty() {
            let _ = writeln!(out, "wrong = {}", quoted_list(&draft.wrong));
        }
        if !draft.accept.is_empty() {
            let _ = writeln!(out, "accept = {}", quoted_list(&draft.accept));
        }
        let _ = writeln!(out, "difficulty = {}", draft.difficulty);
        let _ = writeln!(out, "category = {}", quoted(CATEGORY));
        let _ = writeln!(out, "source = {}", quoted(SOURCE_ID));
    }
    out
}

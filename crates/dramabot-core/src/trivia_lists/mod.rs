//! Trivia lists made for other bots, read into draft questions: Red-DiscordBot's YAML lists and
//! Open Trivia DB's JSON responses.
//!
//! Fan communities already keep their questions in these formats; reading them lets a server
//! import its list for review and lets an operator turn one into a pack (`dramabot convert`).
//! Everything here is a pure function of the file's bytes and name: no I/O, no clock. The files
//! are untrusted, so every limit is enforced before or while parsing (size, item count, text
//! lengths, nesting), YAML aliases are refused rather than expanded (a "billion laughs" file costs
//! nothing), and every problem is reported as `FILE:LINE: what`. Each draft is checked by the one
//! pack validator ([`crate::pack::validate_set`]) through the pack text `convert` prints, so
//! an imported question obeys exactly the rules a pack's does.

mod html;
mod opentdb;
mod pack_text;
mod red;

use std::collections::HashMap;
use std::fmt;

pub use pack_text::{PLACEHOLDER_MARK, question_ids};

/// The largest file read, in bytes: a 20,000-question list fits in far less.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// The most items (questions, answers included or not) one file may hold.
pub const MAX_ITEMS: usize = 20_000;
/// The deepest nesting of lists and mappings a file may use; trivia lists need 3.
pub const MAX_DEPTH: usize = 8;

/// The formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Red-DiscordBot trivia list (YAML).
    Red,
    /// An Open Trivia DB API response (JSON).
    OpenTdb,
}

impl Format {
    /// The name `dramabot convert --from` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Red => "red",
            Format::OpenTdb => "opentdb",
        }
    }

    /// What the format is, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Red => "a Red-DiscordBot trivia list",
            Format::OpenTdb => "an Open Trivia DB response",
        }
    }

    /// The format named `name` (`red` or `opentdb`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "red" => Some(Format::Red),
            "opentdb" => Some(Format::OpenTdb),
            _ => None,
        }
    }
}

/// One thing wrong with a list, located as `FILE:LINE: what`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A question read from a list, not yet in any pack or bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Where the question starts in its file.
    pub line: usize,
    pub question: String,
    pub answer: String,
    /// Three wrong choices, or none: a typed-answer question.
    pub wrong: Vec<String>,
    /// Other accepted spellings of the answer.
    pub accept: Vec<String>,
    /// 1 (easy) to 3 (hard); a guess (2) where the list does not say.
    pub difficulty: i64,
    /// The list's own category for the question, if it has one (kept as a note: pack categories
    /// are about a drama, list categories are not).
    pub topic: Option<String>,
}

/// Items a list held that were left out on purpose, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub reason: &'static str,
    pub count: usize,
}

/// A list as read: its questions that passed every check, and what did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub file: String,
    pub format: Format,
    /// Red's `AUTHOR`.
    pub author: Option<String>,
    /// Red's `DESCRIPTION`.
    pub description: Option<String>,
    /// How many questions the file held.
    pub read: usize,
    /// The questions that passed every check, in file order.
    pub drafts: Vec<Draft>,
    /// Questions left out on purpose (not problems), by reason.
    pub skipped: Vec<Skipped>,
    /// Questions refused, one problem (or more) each, in file order.
    pub problems: Vec<ListProblem>,
}

/// Reads a list from its bytes; `file` names it in problems. `format` is the one the caller
/// expects, or `None` to tell by the content. A file that cannot be read at all (too large, not
/// UTF-8, broken syntax, neither format, too many items, aliases) is an `Err`; problems with
/// single questions leave those out and are listed in [`Imported::problems`].
pub fn read_list(
    file: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Imported, Vec<ListProblem>> {
    let fail = |line: usize, message: String| {
        vec![ListProblem {
            file: file.to_string(),
            line,
            message,
        }]
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(fail(
            1,
            format!(
                "the file is {} KiB; at most {} KiB is read",
                bytes.len().div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        fail(line, format!("invalid UTF-8 at byte {}", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let looks_like_json = text.trim_start().starts_with('{');
    let format = match format {
        Some(f) => f,
        None if looks_like_json => Format::OpenTdb,
        None => Format::Red,
    };
    // JSON is also YAML, but a Red list is never written as one JSON object.
    if format == Format::Red && looks_like_json {
        return Err(fail(
            1,
            "this is JSON, not a Red-DiscordBot trivia list (YAML); an Open Trivia DB response is read as `opentdb`".into(),
        ));
    }
    let mut list = match format {
        Format::OpenTdb => opentdb::read(file, text, looks_like_json)?,
        Format::Red => red::read(file, text)?,
    };
    check_drafts(&mut list);
    Ok(list)
}

/// Runs the one pack validator over the drafts, through the pack text that `convert` prints, and
/// moves every draft it finds fault with into the problems, at the draft's own line.
fn check_drafts(list: &mut Imported) {
    if list.drafts.is_empty() {
        return;
    }
    let text = pack_text::pack_toml(list, &pack_text::Fill::valid());
    let problems = match crate::pack::parse(&list.file, text.as_bytes()) {
        Ok(pack) => crate::pack::validate_set(&[pack]),
        Err(problems) => problems,
    };
    let ids = question_ids(&list.drafts);
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut refused: HashMap<usize, Vec<String>> = HashMap::new();
    for p in problems {
        match index.get(p.item.as_str()) {
            Some(&i) => refused.entry(i).or_default().push(p.message),
            // Not about a question: the pack around them, which `Fill::valid` makes valid. Were it
            // ever not, no draft could be trusted.
            None => {
                list.problems.push(ListProblem {
                    file: list.file.clone(),
                    line: 1,
                    message: format!("internal check failed: {}", p.message),
                });
                list.drafts.clear();
                return;
            }
        }
    }
    if refused.is_empty() {
        return;
    }
    let drafts = std::mem::take(&mut list.drafts);
    for (i, draft) in drafts.into_iter().enumerate() {
        match refused.remove(&i) {
            Some(messages) => {
                for message in messages {
                    list.problems.push(ListProblem {
                        file: list.file.clone(),
                        line: draft.line,
                        message,
                    });
                }
            }
            None => list.drafts.push(draft),
        }
    }
    list.problems.sort_by_key(|p| p.line);
}

/// The line (1-based) of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Answers compared as a member would type them: case and spacing aside.
fn same_text(a: &str, b: &str) -> bool {
    crate::text::fold(a) == crate::text::fold(b)
}

/// `accept` without empty entries and without spellings that read as the answer or as each other.
fn distinct_spellings(answer: &str, accept: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for a in accept {
        let a = a.trim().to_string();
        if a.is_empty() || same_text(&a, answer) || kept.iter().any(|k| same_text(k, &a)) {
            continue;
        }
        kept.push(a);
    }
    kept
}

#[cfg(test)]
mod tests;

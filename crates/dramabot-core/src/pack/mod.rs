//! Fact packs: the TOML files in `data/packs/` that everything dramabot says comes from.
//!
//! A pack is read in two steps so that a bad pack reports *every* problem with its line, not just the
//! first: the file is parsed into a spanned TOML tree, then each item is deserialized on its own (an
//! unknown key, a missing key or a wrong type in one item does not hide the problems of the others),
//! and finally the pack as a whole is checked (`validate`): references, duplicates, limits.
//! `data/README.md` is the format's documentation; keep the two in step.

mod lint;
mod validate;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue, ValueDeserializer};

pub use lint::lint_set;
pub use validate::{
    CHOICE_MAX, ID_MAX, LONG_TEXT_MAX, NAME_MAX, QUESTION_MAX, TITLE_MAX, validate_set,
};

/// One thing wrong with a pack, located as `FILE:LINE: ITEM-ID: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    /// The id of the item at fault, or a label such as `[drama]` or `(file)` where there is none.
    pub item: String,
    pub message: String,
}

impl Problem {
    /// All problems, one per line, for an error message or the terminal.
    pub fn list(problems: &[Problem]) -> String {
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.item, self.message
        )
    }
}

/// The drama a pack is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drama {
    pub id: String,
    pub title: String,
    pub title_ko: String,
    pub network: String,
    pub year: i64,
    pub episodes: i64,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Where facts come from: an article, an interview, a video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub outlet: String,
    pub title: String,
    pub date: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// An actor, writer or director.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub name_ko: String,
    /// Other spellings the pack's sources use.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Other spellings from general knowledge, not from the sources.
    #[serde(default)]
    pub aliases_general: Vec<String>,
    pub note: Option<String>,
}

/// A character of the drama.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    pub id: String,
    pub name: String,
    pub name_ko: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub aliases_general: Vec<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub episode: Option<i64>,
}

/// What a person did for the drama.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Actor,
    Director,
    Writer,
    OriginalAuthor,
}

impl Role {
    /// The name used in packs and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Actor => "actor",
            Role::Director => "director",
            Role::Writer => "writer",
            Role::OriginalAuthor => "original-author",
        }
    }
}

/// A person's part in the drama: an actor playing a character, or a creator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    pub id: String,
    pub person: String,
    pub role: Role,
    pub character: Option<String>,
    pub source: String,
    pub note: Option<String>,
    pub episode: Option<i64>,
}

/// A cited statement about people, characters or the drama.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub about: Vec<String>,
    pub text: String,
    /// The fact in Korean, for Korean readers; they read `text` where it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_ko: Option<String>,
    pub source: String,
    pub episode: Option<i64>,
}

/// Whether a quote was said in the show or about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteKind {
    Line,
    Interview,
}

impl QuoteKind {
    /// The name used in packs and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Line => "line",
            QuoteKind::Interview => "interview",
        }
    }
}

/// A line from the show or from an interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub id: String,
    pub text: String,
    /// The words in Korean (said in Korean, or translated), for Korean readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_ko: Option<String>,
    pub speaker: String,
    pub kind: QuoteKind,
    pub context: String,
    /// The context in Korean, for Korean readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_ko: Option<String>,
    pub source: String,
    pub episode: Option<i64>,
}

/// What a trivia question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Cast,
    Characters,
    Production,
    SourceNovel,
    Reception,
    BehindTheScenes,
}

impl Category {
    /// Every category, in the order menus show them.
    pub const ALL: [Category; 6] = [
        Category::Cast,
        Category::Characters,
        Category::Production,
        Category::SourceNovel,
        Category::Reception,
        Category::BehindTheScenes,
    ];

    /// The name used in packs, in the store and as a command choice.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Cast => "cast",
            Category::Characters => "characters",
            Category::Production => "production",
            Category::SourceNovel => "source-novel",
            Category::Reception => "reception",
            Category::BehindTheScenes => "behind-the-scenes",
        }
    }
}

/// A trivia question: multiple-choice with exactly 3 wrong choices, or, with none, a typed-answer
/// question (asked without buttons, answered with `/trivia answer`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub question: String,
    /// The question in Korean, for Korean readers; they read `question` where it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_ko: Option<String>,
    pub answer: String,
    /// The answer in Korean: shown to Korean readers, and a typed answer may give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_ko: Option<String>,
    #[serde(default)]
    pub wrong: Vec<String>,
    /// The wrong choices in Korean, in `wrong`'s order: all of them or none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrong_ko: Vec<String>,
    #[serde(default)]
    pub accept: Vec<String>,
    pub difficulty: i64,
    pub category: Category,
    pub explanation: Option<String>,
    /// The explanation in Korean, for Korean readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation_ko: Option<String>,
    pub source: String,
    pub episode: Option<i64>,
}

/// An item together with where it stands in its file, for problem reports.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub item: T,
    /// The line of the item's `id` (or of its header when it has none).
    pub line: usize,
    key_lines: HashMap<String, usize>,
}

impl<T> Located<T> {
    /// The line of `key` in this item, or the item's own line when the key is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).copied().unwrap_or(self.line)
    }
}

/// A whole pack as read from one file.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The file, as given on the command line or found in the packs folder.
    pub file: String,
    /// A fingerprint of the file's bytes: an unchanged file need not be imported again.
    pub fingerprint: String,
    pub drama: Located<Drama>,
    pub sources: Vec<Located<Source>>,
    pub people: Vec<Located<Person>>,
    pub characters: Vec<Located<Character>>,
    pub credits: Vec<Located<Credit>>,
    pub facts: Vec<Located<Fact>>,
    pub quotes: Vec<Located<Quote>>,
    pub questions: Vec<Located<Question>>,
}

/// The sections a pack may have, in the order the documentation lists them.
const SECTIONS: [&str; 8] = [
    "drama",
    "source",
    "person",
    "character",
    "credit",
    "fact",
    "quote",
    "question",
];

/// Reads and parses one pack file. Problems of form (syntax, keys, types) are returned; the pack as a
/// whole is checked by [`validate_set`].
pub fn read_file(path: &Path) -> Result<Pack, Vec<Problem>> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Problem {
            file: file.clone(),
            line: 1,
            item: "(file)".into(),
            message: format!("cannot read the file: {e}"),
        }]
    })?;
    parse(&file, &bytes)
}

/// Parses a pack from its bytes; `file` names it in problem reports.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Pack, Vec<Problem>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = line_at(bytes, e.valid_up_to());
        vec![Problem {
            file: file.to_string(),
            line,
            item: "(file)".into(),
            message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        }]
    })?;
    let mut reader = Reader {
        file,
        text,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        problems: Vec::new(),
    };
    let pack = reader.read(fingerprint(bytes));
    match pack {
        Some(pack) if reader.problems.is_empty() => Ok(pack),
        _ => Err(reader.problems),
    }
}

/// Lists the `*.toml` files of a folder, sorted so that imports and reports are repeatable.
pub fn files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A stable fingerprint of the file's bytes.
fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", crate::text::fnv1a(bytes))
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    1 + bytes[..end].iter().filter(|&&b| b == b'\n').count()
}

struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    /// The byte offset where each line starts, so a span's line is a binary search away.
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    fn problem(&mut self, line: usize, item: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            item: item.to_string(),
            message: message.into(),
        });
    }

    fn line(&self, span: Range<usize>) -> usize {
        self.line_starts
            .partition_point(|&start| start <= span.start)
    }

    fn read(&mut self, fingerprint: String) -> Option<Pack> {
        let (root, errors) = DeTable::parse_recoverable(self.text);
        if !errors.is_empty() {
            for e in errors {
                let line = e.span().map_or(1, |s| self.line(s));
                self.problem(line, "(syntax)", e.message().to_string());
            }
            return None;
        }
        let root = root.into_inner();
        for (key, _) in root.iter() {
            if !SECTIONS.contains(&key.get_ref().as_ref()) {
                let line = self.line(key.span());
                self.problem(
                    line,
                    "(file)",
                    format!(
                        "unknown section `{}`; expected one of {}",
                        key.get_ref(),
                        SECTIONS.join(", ")
                    ),
                );
            }
        }
        let drama = match root.get("drama") {
            Some(value) if value.get_ref().is_table() => self.item::<Drama>(value, "[drama]"),
            Some(value) => {
                let line = self.line(value.span());
                self.problem(line, "[drama]", "`drama` must be a table: write `[drama]`");
                None
            }
            None => {
                self.problem(1, "[drama]", "missing the `[drama]` section");
                None
            }
        };
        let sources = self.section(&root, "source");
        let people = self.section(&root, "person");
        let characters = self.section(&root, "character");
        let credits = self.section(&root, "credit");
        let facts = self.section(&root, "fact");
        let quotes = self.section(&root, "quote");
        let questions = self.section(&root, "question");
        Some(Pack {
            file: self.file.to_string(),
            fingerprint,
            drama: drama?,
            sources,
            people,
            characters,
            credits,
            facts,
            quotes,
            questions,
        })
    }

    /// Reads every item of an array-of-tables section, keeping the good ones and reporting the bad.
    fn section<T: DeserializeOwned>(&mut self, root: &DeTable<'_>, name: &str) -> Vec<Located<T>> {
        let Some(value) = root.get(name) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            let line = self.line(value.span());
            self.problem(
                line,
                &format!("[[{name}]]"),
                format!("`{name}` must be a list of tables: write `[[{name}]]` before each item"),
            );
            return Vec::new();
        };
        let label = format!("[[{name}]]");
        items
            .iter()
            .filter_map(|item| self.item(item, &label))
            .collect()
    }

    fn item<T: DeserializeOwned>(
        &mut self,
        value: &toml::Spanned<DeValue<'_>>,
        label: &str,
    ) -> Option<Located<T>> {
        let Some(table) = value.get_ref().as_table() else {
            let line = self.line(value.span());
            self.problem(line, label, "expected a table");
            return None;
        };
        let key_lines: HashMap<String, usize> = table
            .iter()
            .map(|(k, _)| (k.get_ref().to_string(), self.line(k.span())))
            .collect();
        let id = table
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string);
        let line = key_lines
            .get("id")
            .copied()
            .unwrap_or_else(|| self.line(value.span()));
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(item) => Some(Located {
                item,
                line,
                key_lines,
            }),
            Err(e) => {
                let at = e.span().map_or(line, |s| self.line(s));
                self.problem(at, id.as_deref().unwrap_or(label), e.message().to_string());
                None
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A drama and one source: the smallest pack that checks, for tests to build on.
    pub(crate) const MINIMAL: &str = r#"
[drama]
id = "d"
title = "D"
title_ko = "디"
network = "N"
year = 2025
episodes = 8

[[source]]
id = "s"
outlet = "O"
title = "T"
date = "2025-01-29"
"#;

    fn problems(text: &str) -> Vec<String> {
        match parse("p.toml", text.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(ps) => ps.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_minimal_pack_parses() {
        let pack = parse("p.toml", MINIMAL.as_bytes()).expect("parses");
        assert_eq!(pack.drama.item.id, "d");
        assert_eq!(pack.sources.len(), 1);
        assert_eq!(pack.sources[0].line, 11);
        assert_eq!(pack.sources[0].line_of("date"), 14);
    }

    #[test]
    fn every_bad_item_is_reported_with_its_line() {
        let text = format!(
            "{MINIMAL}\n[[person]]\nid = \"a\"\nname = \"A\"\nname_ko = \"에이\"\nnickname = \"x\"\n\n[[person]]\nid = \"b\"\nname = 3\nname_ko = \"비\"\n\n[[person]]\nid = \"c\"\n"
        );
        let found = problems(&text);
        assert_eq!(
            found,
            vec![
                "p.toml:20: a: unknown field `nickname`, expected one of `id`, `name`, `name_ko`, `aliases`, `aliases_general`, `note`",
                "p.toml:24: b: invalid type: integer `3`, expected a string",
                "p.toml:27: c: missing field `name`",
            ]
        );
    }

    #[test]
    fn unknown_sections_and_a_missing_drama_are_reported() {
        let found = problems("[[sources]]\nid = \"x\"\n");
        assert!(found.contains(&"p.toml:1: (file): unknown section `sources`; expected one of drama, source, person, character, credit, fact, quote, question".to_string()), "{found:?}");
        assert!(found.contains(&"p.toml:1: [drama]: missing the `[drama]` section".to_string()));
    }

    #[test]
    fn syntax_errors_and_invalid_utf8_name_the_line() {
        let found = problems("[drama]\nid = \"d\"\ntitle = \n");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("p.toml:3: (syntax): "), "{found:?}");

        let mut bytes = b"[drama]\n# ok\nid = \"".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        let err = parse("p.toml", &bytes).expect_err("invalid UTF-8");
        assert_eq!(
            err[0].to_string(),
            "p.toml:3: (file): invalid UTF-8 at byte 19"
        );
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
    }
}

//! Red-DiscordBot trivia lists: a YAML mapping whose keys are questions and whose values are lists
//! of accepted answers (the first is shown as the answer), beside the optional `AUTHOR`,
//! `DESCRIPTION`, `CONFIG` and `$schema` keys (Red's `redbot/cogs/trivia/schema.py`).
//!
//! The YAML is read as a stream of events (saphyr-parser), never built into a tree, and aliases
//! are refused: the parser does not expand them and neither do we, so an anchor bomb is a
//! one-line problem, not gigabytes. Red loads lists with PyYAML (YAML 1.1), where an unquoted
//! `yes` or `true` is a boolean; Red then turns a true answer into "True", "Yes", "On" and a false
//! one into "False", "No", "Off" (`_parse_answers` in `session.py`). We do the same, so a list
//! plays as it did under Red.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::{Draft, Format, Imported, ListProblem, MAX_DEPTH, MAX_ITEMS, distinct_spellings};

/// Red does not rate its questions: imported ones are medium until someone says otherwise.
const RED_DIFFICULTY: i64 = 2;

/// Keys of a Red list that are not questions.
const META_KEYS: [&str; 4] = ["AUTHOR", "DESCRIPTION", "CONFIG", "$schema"];

/// A YAML value as far as a trivia list needs it: scalars kept, collections only counted.
enum Node {
    Scalar {
        text: String,
        plain: bool,
        line: usize,
    },
    List {
        items: Vec<Node>,
        line: usize,
    },
    /// A mapping (only `CONFIG` is one), skipped whole.
    Mapping {
        line: usize,
    },
}

impl Node {
    fn line(&self) -> usize {
        match self {
            Node::Scalar { line, .. } | Node::List { line, .. } | Node::Mapping { line } => *line,
        }
    }
}

struct Events<'a> {
    file: &'a str,
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// Scalars and collections seen so far: bounded by [`MAX_ITEMS`] several times over.
    nodes: usize,
}

type Fail = Vec<ListProblem>;

impl<'a> Events<'a> {
    fn fail(&self, line: usize, message: impl Into<String>) -> Fail {
        vec![ListProblem {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }]
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), Fail> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err(self.fail(
                e.marker().line().max(1),
                format!("not valid YAML: {}", e.info()),
            )),
            None => Err(self.fail(1, "the YAML ends too early")),
        }
    }

    /// Reads one value whose first event is `event`, refusing aliases and deep nesting.
    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, Fail> {
        let line = span.start.line().max(1);
        self.nodes += 1;
        // A list of N questions has about N × (answers + 1) nodes; ten answers each is plenty.
        if self.nodes > MAX_ITEMS * 12 {
            return Err(self.fail(
                line,
                format!("the file holds too many values; at most {MAX_ITEMS} questions are read"),
            ));
        }
        if depth > MAX_DEPTH {
            return Err(self.fail(line, "the YAML is nested too deeply for a trivia list"));
        }
        match event {
            Event::Alias(_) => Err(self.fail(
                line,
                "YAML aliases (`*name`) are not accepted in a trivia list: write each value out",
            )),
            Event::Scalar(text, style, _, _) => Ok(Node::Scalar {
                text: text.into_owned(),
                plain: style == ScalarStyle::Plain,
                line,
            }),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, span, depth + 1)?);
                }
                Ok(Node::List { items, line })
            }
            Event::MappingStart(..) => {
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    self.node(event, span, depth + 1)?;
                }
                Ok(Node::Mapping { line })
            }
            _ => Err(self.fail(line, "unexpected YAML structure")),
        }
    }
}

/// Reads a Red list.
pub(super) fn read(file: &str, text: &str) -> Result<Imported, Fail> {
    let mut events = Events {
        file,
        parser: Parser::new_from_str(text),
        nodes: 0,
    };
    let neither = |line: usize| {
        vec![ListProblem {
            file: file.to_string(),
            line,
            message: "this is neither a Red-DiscordBot trivia list (YAML: `question: [answers]`) nor an Open Trivia DB response (JSON with `results`)".into(),
        }]
    };
    // StreamStart, DocumentStart, then the top-level mapping.
    let mut first = events.next()?;
    while matches!(
        first.0,
        Event::StreamStart | Event::DocumentStart(_) | Event::Nothing
    ) {
        first = events.next()?;
    }
    if !matches!(first.0, Event::MappingStart(..)) {
        return Err(neither(first.1.start.line().max(1)));
    }
    let mut list = Imported {
        file: file.to_string(),
        format: Format::Red,
        author: None,
        description: None,
        read: 0,
        drafts: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    let problem = |list: &mut Imported, line: usize, message: String| {
        list.problems.push(ListProblem {
            file: file.to_string(),
            line,
            message,
        });
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    loop {
        let (event, span) = events.next()?;
        if matches!(event, Event::MappingEnd) {
            break;
        }
        let key = events.node(event, span, 1)?;
        let (value_event, value_span) = events.next()?;
        let value = events.node(value_event, value_span, 1)?;
        let Node::Scalar {
            text: key, line, ..
        } = key
        else {
            problem(
                &mut list,
                key.line(),
                "a question must be text, not a list or mapping".into(),
            );
            continue;
        };
        if META_KEYS.contains(&key.as_str()) {
            let text = match value {
                Node::Scalar { text, .. } => Some(text),
                _ => None,
            };
            match key.as_str() {
                "AUTHOR" => list.author = text,
                "DESCRIPTION" => list.description = text,
                _ => {}
            }
            continue;
        }
        list.read += 1;
        if list.read > MAX_ITEMS {
            return Err(events.fail(
                line,
                format!("the list holds more than {MAX_ITEMS} questions"),
            ));
        }
        let question = key.trim().to_string();
        if let Some(first) = seen.get(&question) {
            problem(
                &mut list,
                line,
                format!("the question is also asked on line {first}; YAML keeps only one of them"),
            );
            continue;
        }
        seen.insert(question.clone(), line);
        let answers = match value {
            Node::List { items, .. } => {
                let mut answers = Vec::new();
                let mut nested = false;
                for item in items {
                    match item {
                        Node::Scalar { text, plain, .. } => {
                            answers.extend(red_answer(&text, plain))
                        }
                        _ => nested = true,
                    }
                }
                if nested {
                    problem(
                        &mut list,
                        line,
                        "an answer must be text, not a list or mapping".into(),
                    );
                    continue;
                }
                answers
            }
            Node::Scalar { .. } | Node::Mapping { .. } => {
                problem(
                    &mut list,
                    line,
                    "the answers must be a list, such as `- Answer`".into(),
                );
                continue;
            }
        };
        let mut answers = answers.into_iter().filter(|a| !a.trim().is_empty());
        let Some(answer) = answers.next() else {
            problem(&mut list, line, "the question has no answer".into());
            continue;
        };
        let answer = answer.trim().to_string();
        list.drafts.push(Draft {
            line,
            accept: distinct_spellings(&answer, answers.collect()),
            question,
            answer,
            wrong: Vec::new(),
            difficulty: RED_DIFFICULTY,
            topic: None,
        });
    }
    Ok(list)
}

/// The answers one YAML scalar stands for under Red: a YAML 1.1 boolean (unquoted only) expands
/// as Red's `_parse_answers` does, an unquoted whole number is written as Python would print it,
/// and anything else is the text as written.
fn red_answer(text: &str, plain: bool) -> Vec<String> {
    if !plain {
        return vec![text.to_string()];
    }
    const TRUE: [&str; 9] = [
        "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    ];
    const FALSE: [&str; 9] = [
        "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    ];
    let expand = |words: [&str; 3]| words.map(String::from).to_vec();
    if TRUE.contains(&text) {
        return expand(["True", "Yes", "On"]);
    }
    if FALSE.contains(&text) {
        return expand(["False", "No", "Off"]);
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let decimal = !digits.is_empty()
        && !digits.starts_with('_')
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && (digits == "0" || !digits.starts_with('0'));
    if decimal && let Ok(n) = text.replace('_', "").parse::<i64>() {
        return vec![n.to_string()];
    }
    vec![text.to_string()]
}

#[cfg(test)]
mod tests {
    use super::red_answer;

    #[test]
    fn answers_read_as_red_reads_them() {
        assert_eq!(red_answer("yes", true), ["True", "Yes", "On"]);
        assert_eq!(red_answer("True", true), ["True", "Yes", "On"]);
        assert_eq!(red_answer("off", true), ["False", "No", "Off"]);
        // Quoted, it is text.
        assert_eq!(red_answer("yes", false), ["yes"]);
        assert_eq!(red_answer("1_000", true), ["1000"]);
        assert_eq!(red_answer("+42", true), ["42"]);
        assert_eq!(red_answer("1988", true), ["1988"]);
        // Not plain decimals: kept as written.
        assert_eq!(red_answer("007", true), ["007"]);
        assert_eq!(red_answer("3.14", true), ["3.14"]);
        assert_eq!(red_answer("Seoul", true), ["Seoul"]);
    }
}

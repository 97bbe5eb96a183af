//! Open Trivia DB responses: `{"response_code": 0, "results": [{"type", "difficulty",
//! "category", "question", "correct_answer", "incorrect_answers"}, …]}` with HTML entities in
//! every text (the API's default encoding).
//!
//! True/false questions are skipped and counted: as a typed answer, "True" or "False" is a coin
//! toss, and with buttons they would have one wrong choice where a question needs three.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::html::{decode, first_tag};
use super::{Draft, Format, Imported, ListProblem, MAX_ITEMS, Skipped, line_at};

#[derive(Deserialize)]
struct Response<'a> {
    response_code: Option<i64>,
    #[serde(borrow)]
    results: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(rename = "type")]
    kind: String,
    difficulty: String,
    category: Option<String>,
    question: String,
    correct_answer: String,
    incorrect_answers: Vec<String>,
}

type Fail = Vec<ListProblem>;

pub(super) fn read(file: &str, text: &str, looks_like_json: bool) -> Result<Imported, Fail> {
    let fail = |line: usize, message: String| {
        vec![ListProblem {
            file: file.to_string(),
            line,
            message,
        }]
    };
    let neither = "this is neither a Red-DiscordBot trivia list (YAML: `question: [answers]`) nor an Open Trivia DB response (JSON with `results`)";
    if !looks_like_json {
        return Err(fail(1, neither.into()));
    }
    // The item count is checked before the items are read: the list of raw slices is small.
    let response: Response<'_> = serde_json::from_str(text)
        .map_err(|e| fail(e.line().max(1), format!("not valid JSON: {e}")))?;
    let Some(results) = response.results else {
        return Err(fail(
            1,
            format!("{neither}: the JSON has no `results` list"),
        ));
    };
    if let Some(code) = response.response_code.filter(|&c| c != 0) {
        return Err(fail(
            1,
            format!(
                "the response reports code {code}, not 0: Open Trivia DB returned no questions"
            ),
        ));
    }
    if results.len() > MAX_ITEMS {
        return Err(fail(
            1,
            format!(
                "the response holds {} questions; at most {MAX_ITEMS} are read",
                results.len()
            ),
        ));
    }
    let mut list = Imported {
        file: file.to_string(),
        format: Format::OpenTdb,
        author: None,
        description: None,
        read: results.len(),
        drafts: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    let mut booleans = 0;
    for raw in results {
        let raw_text = raw.get();
        let offset = raw_text.as_ptr() as usize - text.as_ptr() as usize;
        let line = line_at(text, offset);
        let problem = |list: &mut Imported, message: String| {
            list.problems.push(ListProblem {
                file: file.to_string(),
                line,
                message,
            });
        };
        let item: Item = match serde_json::from_str(raw_text) {
            Ok(item) => item,
            Err(e) => {
                problem(&mut list, format!("not an Open Trivia DB question: {e}"));
                continue;
            }
        };
        match item.kind.as_str() {
            "multiple" => {}
            "boolean" => {
                booleans += 1;
                continue;
            }
            other => {
                problem(
                    &mut list,
                    format!("unknown question type `{other}`; expected `multiple` or `boolean`"),
                );
                continue;
            }
        }
        let difficulty = match item.difficulty.as_str() {
            "easy" => 1,
            "medium" => 2,
            "hard" => 3,
            other => {
                problem(
                    &mut list,
                    format!("unknown difficulty `{other}`; expected easy, medium or hard"),
                );
                continue;
            }
        };
        let texts = std::iter::once(("question", &item.question))
            .chain(std::iter::once(("correct_answer", &item.correct_answer)))
            .chain(
                item.incorrect_answers
                    .iter()
                    .map(|w| ("incorrect_answers", w)),
            )
            .chain(item.category.iter().map(|c| ("category", c)));
        let mut decoded = Vec::new();
        let mut bad = None;
        for (key, raw) in texts {
            match decode(raw) {
                Err(entity) => {
                    bad = Some(format!(
                        "`{key}` has an HTML entity I do not know: {entity}"
                    ));
                    break;
                }
                Ok(text) => {
                    if let Some(tag) = first_tag(&text) {
                        bad = Some(format!(
                            "`{key}` contains HTML ({tag}); a question is plain text"
                        ));
                        break;
                    }
                    decoded.push(text.trim().to_string());
                }
            }
        }
        if let Some(message) = bad {
            problem(&mut list, message);
            continue;
        }
        let mut decoded = decoded.into_iter();
        let (Some(question), Some(answer)) = (decoded.next(), decoded.next()) else {
            continue;
        };
        let wrong: Vec<String> = decoded
            .by_ref()
            .take(item.incorrect_answers.len())
            .collect();
        let topic = decoded.next();
        if wrong.len() != 3 {
            problem(
                &mut list,
                format!(
                    "a multiple-choice question needs 3 incorrect answers, this one has {}",
                    wrong.len()
                ),
            );
            continue;
        }
        list.drafts.push(Draft {
            line,
            accept: Vec::new(),
            question,
            answer,
            wrong,
            difficulty,
            topic,
        });
    }
    if booleans > 0 {
        list.skipped.push(Skipped {
            reason: "true/false questions (a coin toss as a typed answer, and one wrong choice where buttons need three)",
            count: booleans,
        });
    }
    Ok(list)
}

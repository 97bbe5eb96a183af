//! Judgment calls on a pack: what a fact-check found wrong before, and what is probably wrong again,
//! but may be right. `check-data` prints these as warnings; they never stop an import.
//!
//! The errors (what is certainly wrong) are in `validate`.

use super::{Located, Pack, Problem, Question};
use crate::text::{contains_words, words};

/// Every warning for a set of packs, in file order.
pub fn lint_set(packs: &[Pack]) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for pack in packs {
        answers_given_away(pack, &mut warnings);
        for q in &pack.questions {
            choice_shapes(pack, q, &mut warnings);
        }
    }
    warnings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    warnings
}

fn warn<T>(pack: &Pack, at: &Located<T>, key: &str, item: &str, message: String) -> Problem {
    Problem {
        file: pack.file.clone(),
        line: at.line_of(key),
        item: item.to_string(),
        message,
    }
}

/// An answer that another question of the pack spells out: in one game, that question gives this
/// one away (the fact-check found pairs such as "Who plays X?" beside "Whom does Y play?").
fn answers_given_away(pack: &Pack, warnings: &mut Vec<Problem>) {
    let texts: Vec<Vec<String>> = pack
        .questions
        .iter()
        .map(|q| words(&q.item.question))
        .collect();
    // Each word, with the questions whose text holds it (in order, each once).
    let mut holding: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (j, text) in texts.iter().enumerate() {
        for word in text {
            let questions = holding.entry(word.as_str()).or_default();
            if questions.last() != Some(&j) {
                questions.push(j);
            }
        }
    }
    for (i, q) in pack.questions.iter().enumerate() {
        let item = &q.item;
        let mut seen = Vec::new();
        for (key, choice) in std::iter::once(("answer", &item.answer))
            .chain(item.accept.iter().map(|a| ("accept", a)))
        {
            let needle = words(choice);
            if !worth_matching(&needle) || seen.contains(&needle) {
                continue;
            }
            // Only the questions holding the needle's rarest word can spell it out: a converted
            // list of thousands of questions is checked in moments, not in the square of its size.
            let candidates = needle
                .iter()
                .map(|word| holding.get(word.as_str()).map_or(&[][..], Vec::as_slice))
                .min_by_key(|questions| questions.len())
                .unwrap_or(&[]);
            let found: Vec<&str> = candidates
                .iter()
                .filter(|&&j| j != i && contains_words(&texts[j], &needle))
                .map(|&j| pack.questions[j].item.id.as_str())
                .collect();
            if let Some(first) = found.first() {
                let more = match found.len() {
                    1 => String::new(),
                    n => format!(" and {} other question(s)", n - 1),
                };
                warnings.push(warn(
                    pack,
                    q,
                    key,
                    &item.id,
                    format!(
                        "warning: `{choice}` is given away by the text of question `{first}`{more}"
                    ),
                ));
            }
            seen.push(needle);
        }
    }
}

/// Short numbers ("2", "8") are everywhere in question texts and give nothing away by themselves.
fn worth_matching(needle: &[String]) -> bool {
    let letters: usize = needle.iter().map(|w| w.chars().count()).sum();
    let all_digits = needle.iter().all(|w| w.chars().all(|c| c.is_ascii_digit()));
    letters >= if all_digits { 3 } else { 2 }
}

/// What kind of thing a choice is, as a player sees it at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Year,
    Date,
    Number,
    Sentence,
    Name,
}

impl Shape {
    fn of(choice: &str) -> Shape {
        let choice = choice.trim();
        let ws = words(choice);
        let is_year = choice.len() == 4
            && choice.bytes().all(|b| b.is_ascii_digit())
            && (1800..=2100).contains(&choice.parse::<u32>().unwrap_or(0));
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        if is_year {
            Shape::Year
        } else if ws.iter().any(|w| MONTHS.contains(&w.as_str()))
            && choice.chars().any(|c| c.is_ascii_digit())
        {
            Shape::Date
        } else if choice.starts_with(|c: char| c.is_ascii_digit()) {
            Shape::Number
        } else if ws.len() >= 7 || choice.ends_with(['.', '!', '?']) {
            Shape::Sentence
        } else {
            Shape::Name
        }
    }

    fn label(self) -> &'static str {
        match self {
            Shape::Year => "a year",
            Shape::Date => "a date",
            Shape::Number => "a number",
            Shape::Sentence => "a sentence",
            Shape::Name => "a name or short phrase",
        }
    }
}

/// The right answer should not stand out among the choices by its kind or its length. A
/// typed-answer question shows no choices, so there is nothing to compare.
fn choice_shapes(pack: &Pack, q: &Located<Question>, warnings: &mut Vec<Problem>) {
    let item = &q.item;
    if item.wrong.is_empty() {
        return;
    }
    let answer = Shape::of(&item.answer);
    if let Some(odd) = item.wrong.iter().find(|w| Shape::of(w) != answer) {
        warnings.push(warn(
            pack,
            q,
            "wrong",
            &item.id,
            format!(
                "warning: the choices are of different kinds: the answer `{}` is {}, `{odd}` is {}",
                item.answer,
                answer.label(),
                Shape::of(odd).label()
            ),
        ));
    }
    let choices: Vec<&String> = std::iter::once(&item.answer).chain(&item.wrong).collect();
    for (i, choice) in choices.iter().enumerate() {
        let length = choice.chars().count();
        let longest_other = choices
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c.chars().count())
            .max()
            .unwrap_or(length);
        if length >= 10 + longest_other && length * 10 > longest_other * 18 {
            warnings.push(warn(
                pack,
                q,
                if i == 0 { "answer" } else { "wrong" },
                &item.id,
                format!(
                    "warning: `{choice}` is much longer than the other choices ({length} characters against at most {longest_other})"
                ),
            ));
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lint_set;
    use crate::pack::parse;
    use crate::pack::tests::MINIMAL;

    fn question(id: &str, question: &str, answer: &str, wrong: [&str; 3]) -> String {
        format!(
            "\n[[question]]\nid = \"{id}\"\nquestion = \"{question}\"\nanswer = \"{answer}\"\nwrong = [\"{}\", \"{}\", \"{}\"]\ndifficulty = 1\ncategory = \"cast\"\nsource = \"s\"\n",
            wrong[0], wrong[1], wrong[2]
        )
    }

    fn lint(questions: &[String]) -> Vec<String> {
        let text = format!("{MINIMAL}{}", questions.concat());
        let pack = parse("p.toml", text.as_bytes()).expect("parses");
        lint_set(&[pack]).iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn well_made_questions_raise_nothing() {
        let found = lint(&[
            question(
                "a",
                "Who plays the surgeon?",
                "Ju Ji-hoon",
                ["Choo Young-woo", "Ha Young", "Yoon Kyung-ho"],
            ),
            question(
                "b",
                "In which year did it premiere?",
                "2025",
                ["2019", "2021", "2023"],
            ),
        ]);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn a_typed_answer_question_is_not_warned_about_its_missing_choices() {
        let typed = "\n[[question]]\nid = \"typed\"\nquestion = \"What did he say to the interns on day one?\"\nanswer = \"I wanted to become a doctor myself, long before any of you.\"\ndifficulty = 1\ncategory = \"cast\"\nsource = \"s\"\n";
        assert_eq!(lint(&[typed.to_string()]), Vec::<String>::new());
    }

    #[test]
    fn a_pair_that_answers_each_other_is_flagged_both_ways() {
        let found = lint(&[
            question(
                "who-plays",
                "Who plays Baek Kang-hyuk?",
                "Ju Ji-hoon",
                ["Choo Young-woo", "Ha Young", "Yoon Kyung-ho"],
            ),
            question(
                "plays-whom",
                "Whom does Ju Ji-hoon play?",
                "Baek Kang-hyuk",
                ["Yang Jae-won", "Cheon Jang-mi", "Han Yu-rim"],
            ),
        ]);
        assert_eq!(
            found,
            vec![
                "p.toml:19: who-plays: warning: `Ju Ji-hoon` is given away by the text of question `plays-whom`",
                "p.toml:28: plays-whom: warning: `Baek Kang-hyuk` is given away by the text of question `who-plays`",
            ]
        );
    }

    #[test]
    fn choices_of_other_kinds_or_lengths_are_flagged() {
        let found = lint(&[
            question(
                "mixed",
                "When did it premiere?",
                "2025",
                ["Ju Ji-hoon", "2019", "2021"],
            ),
            question(
                "long",
                "Why was the scene a worry?",
                "Shot in the air",
                ["Rain", "Cold", "Noise"],
            ),
            question(
                "sentence",
                "What did he say?",
                "I wanted to become a doctor myself.",
                ["Fire", "Water", "Earth"],
            ),
        ]);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].contains("mixed: warning: the choices are of different kinds: the answer `2025` is a year, `Ju Ji-hoon` is a name"));
        assert!(found[1].contains("long: warning: `Shot in the air` is much longer"));
        // In line order: the answer's line (its length) comes before the wrong choices' line.
        assert!(
            found[2].contains(
                "sentence: warning: `I wanted to become a doctor myself.` is much longer"
            )
        );
        assert!(found[3].contains("sentence: warning: the choices are of different kinds: the answer `I wanted to become a doctor myself.` is a sentence"));
    }
}

//! Checks of a pack as a whole, after every item has been read: ids, references between items,
//! episode numbers, and the lengths that keep every text inside Discord's limits.

use std::collections::{HashMap, HashSet};

use super::{Located, Pack, Problem, Role};
use crate::text::{contains_words, words};

/// Names, aliases, outlets: they must fit an autocomplete choice (100 characters).
pub const NAME_MAX: usize = 100;
/// A source title or a quote's context: an embed title (256).
pub const TITLE_MAX: usize = 256;
/// A trivia question, shown in an embed description.
pub const QUESTION_MAX: usize = 300;
/// An answer or a wrong choice: a button label (80).
pub const CHOICE_MAX: usize = 80;
/// Facts, quotes, explanations, notes: an embed field value (1024), with room for a citation.
pub const LONG_TEXT_MAX: usize = 1000;
/// A slug id.
pub const ID_MAX: usize = 64;

/// Checks a set of packs that are to be loaded together; returns every problem found.
pub fn validate_set(packs: &[Pack]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut dramas: HashMap<&str, &str> = HashMap::new();
    // A person is shared across packs by id, so every pack must agree on who they are.
    let mut people: HashMap<&str, (&str, &super::Person)> = HashMap::new();
    for pack in packs {
        let mut check = Check {
            pack,
            problems: &mut problems,
        };
        check.pack();
        let drama = &pack.drama;
        if let Some(first) = dramas.insert(&drama.item.id, &pack.file) {
            check.report(
                drama.line_of("id"),
                &drama.item.id,
                format!("the drama id is also used by {first}"),
            );
        }
        for p in &pack.people {
            let person = &p.item;
            match people.get(person.id.as_str()) {
                None => {
                    people.insert(&person.id, (&pack.file, person));
                }
                Some((file, first)) => {
                    for (key, here, there) in [
                        ("name", &person.name, &first.name),
                        ("name_ko", &person.name_ko, &first.name_ko),
                    ] {
                        if here != there {
                            check.report(
                                p.line_of(key),
                                &person.id,
                                format!("`{key}` is `{here}` here but `{there}` in {file}: a person shared across packs must be named alike"),
                            );
                        }
                    }
                }
            }
        }
    }
    // Reports read best in file order, whatever order the checks ran in.
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    problems
}

struct Check<'a> {
    pack: &'a Pack,
    problems: &'a mut Vec<Problem>,
}

impl Check<'_> {
    fn report(&mut self, line: usize, item: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.pack.file.clone(),
            line,
            item: item.to_string(),
            message: message.into(),
        });
    }

    fn pack(&mut self) {
        let pack = self.pack;
        let d = &pack.drama;
        let id = d.item.id.as_str();
        self.slug(d, "id", id);
        self.text(d, id, "title", &d.item.title, NAME_MAX);
        self.text(d, id, "title_ko", &d.item.title_ko, NAME_MAX);
        self.text(d, id, "network", &d.item.network, NAME_MAX);
        for alias in &d.item.aliases {
            self.text(d, id, "aliases", alias, NAME_MAX);
        }
        if !(1900..=2100).contains(&d.item.year) {
            self.report(d.line_of("year"), id, "year must be between 1900 and 2100");
        }
        if !(1..=1000).contains(&d.item.episodes) {
            self.report(
                d.line_of("episodes"),
                id,
                "episodes must be between 1 and 1000",
            );
        }

        let sources = self.ids("source", &pack.sources, |s| &s.id);
        let people = self.ids("person", &pack.people, |p| &p.id);
        let characters = self.ids("character", &pack.characters, |c| &c.id);
        self.ids("credit", &pack.credits, |c| &c.id);
        self.ids("fact", &pack.facts, |f| &f.id);
        self.ids("quote", &pack.quotes, |q| &q.id);
        self.ids("question", &pack.questions, |q| &q.id);
        self.ids_across_kinds();
        self.unused_sources();

        for s in &pack.sources {
            let id = s.item.id.as_str();
            self.text(s, id, "outlet", &s.item.outlet, NAME_MAX);
            self.text(s, id, "title", &s.item.title, TITLE_MAX);
            if jiff::civil::Date::strptime("%Y-%m-%d", &s.item.date).is_err() {
                self.report(
                    s.line_of("date"),
                    id,
                    format!("date `{}` is not a date like 2025-01-29", s.item.date),
                );
            }
            if let Some(url) = &s.item.url {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    self.report(
                        s.line_of("url"),
                        id,
                        "url must be a web address starting with http:// or https://",
                    );
                }
                self.text(s, id, "url", url, TITLE_MAX * 2);
            }
            if let Some(note) = &s.item.note {
                self.text(s, id, "note", note, LONG_TEXT_MAX);
            }
        }

        for p in &pack.people {
            let id = p.item.id.as_str();
            self.names(
                p,
                id,
                &p.item.name,
                &p.item.name_ko,
                &p.item.aliases,
                &p.item.aliases_general,
            );
            if let Some(note) = &p.item.note {
                self.text(p, id, "note", note, LONG_TEXT_MAX);
            }
        }

        for c in &pack.characters {
            let item = &c.item;
            let id = item.id.as_str();
            self.names(
                c,
                id,
                &item.name,
                &item.name_ko,
                &item.aliases,
                &item.aliases_general,
            );
            if let Some(description) = &item.description {
                self.text(c, id, "description", description, LONG_TEXT_MAX);
                if item.source.is_none() {
                    self.report(
                        c.line_of("description"),
                        id,
                        "a description needs a `source`",
                    );
                }
            }
            if let Some(source) = &item.source {
                self.reference(c, id, "source", source, &sources);
            }
            self.episode(c, id, item.episode);
        }

        for c in &pack.credits {
            let item = &c.item;
            let id = item.id.as_str();
            self.reference(c, id, "person", &item.person, &people);
            match (&item.character, item.role) {
                (Some(character), Role::Actor) => {
                    self.reference(c, id, "character", character, &characters);
                }
                (Some(_), role) => self.report(
                    c.line_of("character"),
                    id,
                    format!(
                        "only an actor credit names a character, not a `{}` credit",
                        role.as_str()
                    ),
                ),
                (None, _) => {}
            }
            self.reference(c, id, "source", &item.source, &sources);
            if let Some(note) = &item.note {
                self.text(c, id, "note", note, LONG_TEXT_MAX);
            }
            self.episode(c, id, item.episode);
        }

        let mut subjects: HashSet<&str> = people.union(&characters).copied().collect();
        subjects.insert(&pack.drama.item.id);
        for f in &pack.facts {
            let item = &f.item;
            let id = item.id.as_str();
            if item.about.is_empty() {
                self.report(
                    f.line_of("about"),
                    id,
                    "`about` must name at least one person, character or the drama",
                );
            }
            for subject in &item.about {
                if !subjects.contains(subject.as_str()) {
                    self.report(
                        f.line_of("about"),
                        id,
                        format!("`about` names `{subject}`, which is no person, character or drama of this pack"),
                    );
                }
            }
            self.text(f, id, "text", &item.text, LONG_TEXT_MAX);
            if let Some(text_ko) = &item.text_ko {
                self.text(f, id, "text_ko", text_ko, LONG_TEXT_MAX);
            }
            self.reference(f, id, "source", &item.source, &sources);
            self.episode(f, id, item.episode);
        }

        let speakers: HashSet<&str> = people.union(&characters).copied().collect();
        for q in &pack.quotes {
            let item = &q.item;
            let id = item.id.as_str();
            self.text(q, id, "text", &item.text, LONG_TEXT_MAX);
            self.text(q, id, "context", &item.context, TITLE_MAX);
            if let Some(text_ko) = &item.text_ko {
                self.text(q, id, "text_ko", text_ko, LONG_TEXT_MAX);
            }
            if let Some(context_ko) = &item.context_ko {
                self.text(q, id, "context_ko", context_ko, TITLE_MAX);
            }
            if !speakers.contains(item.speaker.as_str()) {
                self.report(
                    q.line_of("speaker"),
                    id,
                    format!(
                        "unknown speaker `{}`: no person or character has that id",
                        item.speaker
                    ),
                );
            }
            self.reference(q, id, "source", &item.source, &sources);
            self.episode(q, id, item.episode);
        }

        for q in &pack.questions {
            self.question(q, &sources);
        }
    }

    fn question(&mut self, q: &Located<super::Question>, sources: &HashSet<&str>) {
        let item = &q.item;
        let id = item.id.as_str();
        self.text(q, id, "question", &item.question, QUESTION_MAX);
        self.text(q, id, "answer", &item.answer, CHOICE_MAX);
        for wrong in &item.wrong {
            self.text(q, id, "wrong", wrong, CHOICE_MAX);
        }
        for accept in &item.accept {
            self.text(q, id, "accept", accept, CHOICE_MAX);
        }
        if let Some(question_ko) = &item.question_ko {
            self.text(q, id, "question_ko", question_ko, QUESTION_MAX);
        }
        if let Some(answer_ko) = &item.answer_ko {
            self.text(q, id, "answer_ko", answer_ko, CHOICE_MAX);
        }
        if let Some(explanation_ko) = &item.explanation_ko {
            self.text(q, id, "explanation_ko", explanation_ko, LONG_TEXT_MAX);
        }
        for wrong_ko in &item.wrong_ko {
            self.text(q, id, "wrong_ko", wrong_ko, CHOICE_MAX);
        }
        // Korean wrong choices stand beside the English ones, one each, in the same order.
        if !item.wrong_ko.is_empty() && item.wrong_ko.len() != item.wrong.len() {
            self.report(
                q.line_of("wrong_ko"),
                id,
                format!(
                    "`wrong_ko` must hold one Korean text per wrong choice ({}), not {}",
                    item.wrong.len(),
                    item.wrong_ko.len()
                ),
            );
        }
        if !item.wrong_ko.is_empty() && item.answer_ko.is_none() {
            self.report(
                q.line_of("wrong_ko"),
                id,
                "`wrong_ko` needs `answer_ko`: Korean readers would see one choice in English"
                    .to_string(),
            );
        }
        // None at all makes a typed-answer question; one or two is a question half written.
        if !matches!(item.wrong.len(), 0 | 3) {
            self.report(
                q.line_of("wrong"),
                id,
                format!(
                    "`wrong` must hold exactly 3 wrong choices, not {} (leave it out for a typed-answer question)",
                    item.wrong.len()
                ),
            );
        }
        // Compared word by word, not folded whole: "45.6 billion" and "4.56 billion" differ.
        let answer = words(&item.answer);
        let mut seen = HashSet::new();
        for wrong in &item.wrong {
            let folded = words(wrong);
            if folded == answer {
                self.report(
                    q.line_of("wrong"),
                    id,
                    format!("the right answer `{}` is also a wrong choice", item.answer),
                );
            } else if !seen.insert(folded) {
                self.report(
                    q.line_of("wrong"),
                    id,
                    format!("the wrong choice `{wrong}` is given twice"),
                );
            }
        }
        for accept in &item.accept {
            if seen.contains(&words(accept)) {
                self.report(
                    q.line_of("accept"),
                    id,
                    format!("`{accept}` is accepted as right but is also a wrong choice"),
                );
            }
        }
        let question_words = words(&item.question);
        for (key, choice) in std::iter::once(("answer", &item.answer))
            .chain(item.accept.iter().map(|a| ("accept", a)))
        {
            let choice_words = words(choice);
            // A yes/no answer names no fact: "True or false: …" or "Did he work on Sundays?"
            // spells out `true` or `on` without telling which is right (Red's lists accept
            // True, Yes and On for one answer).
            let yes_or_no = matches!(
                choice_words.as_slice(),
                [w] if ["true", "false", "yes", "no", "on", "off"].contains(&w.as_str())
            );
            if !yes_or_no && contains_words(&question_words, &choice_words) {
                self.report(
                    q.line_of(key),
                    id,
                    format!("the question gives its own answer away: it contains `{choice}`"),
                );
            }
        }
        if !(1..=3).contains(&item.difficulty) {
            self.report(
                q.line_of("difficulty"),
                id,
                "difficulty must be 1 (easy), 2 (medium) or 3 (hard)",
            );
        }
        if let Some(explanation) = &item.explanation {
            self.text(q, id, "explanation", explanation, LONG_TEXT_MAX);
        }
        self.reference(q, id, "source", &item.source, sources);
        self.episode(q, id, item.episode);
    }

    /// One id names one item: a fact and a question (or a person and a character) may not share it,
    /// since history, subjects and speakers refer to items by id.
    fn ids_across_kinds(&mut self) {
        let pack = self.pack;
        let all = tagged("source", &pack.sources, |s| &s.id)
            .chain(tagged("person", &pack.people, |p| &p.id))
            .chain(tagged("character", &pack.characters, |c| &c.id))
            .chain(tagged("credit", &pack.credits, |c| &c.id))
            .chain(tagged("fact", &pack.facts, |f| &f.id))
            .chain(tagged("quote", &pack.quotes, |q| &q.id))
            .chain(tagged("question", &pack.questions, |q| &q.id));
        let mut owners: HashMap<&str, (&str, usize)> = HashMap::new();
        for (kind, id, line) in all {
            match owners.get(id) {
                None => {
                    owners.insert(id, (kind, line));
                }
                Some(&(first_kind, first_line)) if first_kind != kind => self.report(
                    line,
                    id,
                    format!("the id is also used by the {first_kind} on line {first_line}: give each item its own id"),
                ),
                // The same id twice in one section is reported by `ids`.
                Some(_) => {}
            }
        }
    }

    /// A declared source that nothing cites is a sign of an item dropped or miscited.
    fn unused_sources(&mut self) {
        let pack = self.pack;
        let cited: HashSet<&str> = std::iter::empty()
            .chain(
                pack.characters
                    .iter()
                    .filter_map(|c| c.item.source.as_deref()),
            )
            .chain(pack.credits.iter().map(|c| c.item.source.as_str()))
            .chain(pack.facts.iter().map(|f| f.item.source.as_str()))
            .chain(pack.quotes.iter().map(|q| q.item.source.as_str()))
            .chain(pack.questions.iter().map(|q| q.item.source.as_str()))
            .collect();
        for s in &pack.sources {
            if !cited.contains(s.item.id.as_str()) {
                self.report(
                    s.line,
                    &s.item.id,
                    "the source is declared but no item cites it",
                );
            }
        }
    }

    /// Checks the ids of one section: slugs, and no id twice. Returns the set of ids.
    fn ids<'p, T>(
        &mut self,
        kind: &str,
        items: &'p [Located<T>],
        id_of: impl Fn(&T) -> &String,
    ) -> HashSet<&'p str> {
        let mut first_line: HashMap<&str, usize> = HashMap::new();
        for located in items {
            let id = id_of(&located.item).as_str();
            self.slug(located, "id", id);
            if let Some(first) = first_line.insert(id, located.line) {
                self.report(
                    located.line,
                    id,
                    format!("duplicate {kind} id: also used on line {first}"),
                );
                first_line.insert(id, first);
            }
        }
        first_line.into_keys().collect()
    }

    fn slug<T>(&mut self, at: &Located<T>, key: &str, id: &str) {
        let well_formed = !id.is_empty()
            && id.len() <= ID_MAX
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !well_formed {
            self.report(
                at.line_of(key),
                if id.is_empty() { "(no id)" } else { id },
                format!("`{key}` must be a slug of at most {ID_MAX} lower-case letters, digits and single hyphens, like `ju-ji-hoon`"),
            );
        }
    }

    fn names<T>(
        &mut self,
        at: &Located<T>,
        id: &str,
        name: &str,
        name_ko: &str,
        aliases: &[String],
        aliases_general: &[String],
    ) {
        self.text(at, id, "name", name, NAME_MAX);
        self.text(at, id, "name_ko", name_ko, NAME_MAX);
        if !name_ko.chars().any(is_hangul_syllable) {
            self.report(
                at.line_of("name_ko"),
                id,
                "`name_ko` must be the name in Hangul",
            );
        }
        for alias in aliases {
            self.text(at, id, "aliases", alias, NAME_MAX);
        }
        for alias in aliases_general {
            self.text(at, id, "aliases_general", alias, NAME_MAX);
        }
    }

    fn text<T>(&mut self, at: &Located<T>, id: &str, key: &str, value: &str, max: usize) {
        let line = at.line_of(key);
        if value.trim().is_empty() {
            self.report(line, id, format!("`{key}` is empty"));
        }
        let length = value.chars().count();
        if length > max {
            self.report(
                line,
                id,
                format!(
                    "`{key}` is {length} characters long; at most {max} fit in a Discord message"
                ),
            );
        }
        if value.chars().any(|c| c.is_control() && c != '\n') {
            self.report(line, id, format!("`{key}` contains a control character"));
        }
    }

    fn reference<T>(
        &mut self,
        at: &Located<T>,
        id: &str,
        key: &str,
        target: &str,
        known: &HashSet<&str>,
    ) {
        if !known.contains(target) {
            let kind = if key == "source" { "source" } else { key };
            self.report(
                at.line_of(key),
                id,
                format!("unknown {kind} `{target}`: declare it in this pack"),
            );
        }
    }

    fn episode<T>(&mut self, at: &Located<T>, id: &str, episode: Option<i64>) {
        let episodes = self.pack.drama.item.episodes;
        if let Some(n) = episode
            && !(1..=episodes).contains(&n)
        {
            self.report(
                at.line_of("episode"),
                id,
                format!("episode {n} is out of range: the drama has episodes 1 to {episodes}"),
            );
        }
    }
}

/// The items of one section as (kind, id, line).
fn tagged<'p, T>(
    kind: &'static str,
    items: &'p [Located<T>],
    id_of: impl Fn(&'p T) -> &'p String + 'p,
) -> impl Iterator<Item = (&'static str, &'p str, usize)> + 'p {
    items
        .iter()
        .map(move |located| (kind, id_of(&located.item).as_str(), located.line))
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use crate::pack::{parse, validate_set};

    const BASE: &str = r#"
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

[[person]]
id = "ju-ji-hoon"
name = "Ju Ji-hoon"
name_ko = "주지훈"

[[character]]
id = "baek"
name = "Baek Kang-hyuk"
name_ko = "백강혁"
source = "s"
"#;

    fn check(extra: &str) -> Vec<String> {
        let text = format!("{BASE}{extra}");
        let pack = parse("p.toml", text.as_bytes()).expect("parses");
        validate_set(&[pack])
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn the_base_pack_is_valid() {
        assert_eq!(check(""), Vec::<String>::new());
    }

    #[test]
    fn references_must_exist() {
        let found = check(
            "\n[[credit]]\nid = \"c\"\nperson = \"nobody\"\nrole = \"actor\"\ncharacter = \"baek\"\nsource = \"missing\"\n",
        );
        assert_eq!(
            found,
            vec![
                "p.toml:29: c: unknown person `nobody`: declare it in this pack",
                "p.toml:32: c: unknown source `missing`: declare it in this pack",
            ]
        );
    }

    #[test]
    fn duplicate_ids_and_bad_slugs_are_reported() {
        let found = check(
            "\n[[source]]\nid = \"s\"\noutlet = \"O\"\ntitle = \"T\"\ndate = \"2025-02-30\"\n\n[[person]]\nid = \"Ju_Ji\"\nname = \"X\"\nname_ko = \"Ju\"\n",
        );
        assert_eq!(
            found,
            vec![
                "p.toml:28: s: duplicate source id: also used on line 11",
                "p.toml:31: s: date `2025-02-30` is not a date like 2025-01-29",
                "p.toml:34: Ju_Ji: `id` must be a slug of at most 64 lower-case letters, digits and single hyphens, like `ju-ji-hoon`",
                "p.toml:36: Ju_Ji: `name_ko` must be the name in Hangul",
            ]
        );
    }

    #[test]
    fn a_question_whose_answer_is_a_wrong_choice_is_refused() {
        let found = check(
            "\n[[question]]\nid = \"q\"\nquestion = \"Who?\"\nanswer = \"Ju Ji-hoon\"\nwrong = [\"ju ji-hoon\", \"B\"]\naccept = [\"B\"]\ndifficulty = 4\ncategory = \"cast\"\nsource = \"s\"\nepisode = 9\n",
        );
        assert_eq!(
            found,
            vec![
                "p.toml:31: q: `wrong` must hold exactly 3 wrong choices, not 2 (leave it out for a typed-answer question)",
                "p.toml:31: q: the right answer `Ju Ji-hoon` is also a wrong choice",
                "p.toml:32: q: `B` is accepted as right but is also a wrong choice",
                "p.toml:33: q: difficulty must be 1 (easy), 2 (medium) or 3 (hard)",
                "p.toml:36: q: episode 9 is out of range: the drama has episodes 1 to 8",
            ]
        );
    }

    #[test]
    fn a_question_without_wrong_choices_is_a_typed_answer_question() {
        let q = |id: &str, wrong: &str| {
            format!(
                "\n[[question]]\nid = \"{id}\"\nquestion = \"Which hospital?\"\nanswer = \"Hankook\"\n{wrong}accept = [\"Hankook University\"]\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n"
            )
        };
        // Absent or empty: both are typed-answer questions, and valid.
        assert_eq!(
            check(&format!(
                "{}{}",
                q("absent", ""),
                q("empty", "wrong = []\n")
            )),
            Vec::<String>::new()
        );
        // One or two wrong choices is neither shape.
        let found = check(&format!(
            "{}{}",
            q("one", "wrong = [\"Seoul\"]\n"),
            q("two", "wrong = [\"Seoul\", \"Busan\"]\n")
        ));
        assert_eq!(
            found,
            vec![
                "p.toml:31: one: `wrong` must hold exactly 3 wrong choices, not 1 (leave it out for a typed-answer question)",
                "p.toml:41: two: `wrong` must hold exactly 3 wrong choices, not 2 (leave it out for a typed-answer question)",
            ]
        );
        // A yes/no answer in a yes/no question gives nothing away, as Red's lists expand it.
        assert_eq!(
            check(
                "\n[[question]]\nid = \"yes-no\"\nquestion = \"True or false: did he work on Sundays?\"\nanswer = \"True\"\naccept = [\"Yes\", \"On\"]\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n",
            ),
            Vec::<String>::new()
        );
        // The other rules still hold for a typed-answer question.
        let found = check(
            "\n[[question]]\nid = \"t\"\nquestion = \"Is it Hankook?\"\nanswer = \"Hankook\"\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n",
        );
        assert_eq!(
            found,
            vec!["p.toml:30: t: the question gives its own answer away: it contains `Hankook`"]
        );
    }

    #[test]
    fn korean_texts_of_facts_and_quotes_are_checked_like_their_english() {
        let long = "가".repeat(1001);
        let found = check(&format!(
            "\n[[fact]]\nid = \"f\"\nabout = [\"baek\"]\ntext = \"Fine.\"\ntext_ko = \"{long}\"\nsource = \"s\"\n\n[[fact]]\nid = \"g\"\nabout = [\"baek\"]\ntext = \"Fine.\"\ntext_ko = \" \"\nsource = \"s\"\n"
        ));
        assert!(
            found
                .iter()
                .any(|p| p.contains("`text_ko` is 1001 characters long")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`text_ko` is empty")),
            "{found:?}"
        );
        let found = check(
            "\n[[quote]]\nid = \"q\"\ntext = \"Fine.\"\ntext_ko = \"a\\u0007b\"\nspeaker = \"baek\"\nkind = \"line\"\ncontext = \"Fine\"\ncontext_ko = \"\"\nsource = \"s\"\n",
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("`text_ko` contains a control character")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`context_ko` is empty")),
            "{found:?}"
        );
    }

    #[test]
    fn korean_texts_of_questions_are_checked_and_their_wrong_choices_match_the_english() {
        let fine = check(
            "\n[[question]]\nid = \"k\"\nquestion = \"Which hospital?\"\nquestion_ko = \"어느 병원일까요?\"\nanswer = \"Hankook\"\nanswer_ko = \"한국대\"\nwrong = [\"Seoul\", \"Busan\", \"Incheon\"]\nwrong_ko = [\"서울\", \"부산\", \"인천\"]\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n",
        );
        assert_eq!(fine, Vec::<String>::new());
        let found = check(
            "\n[[question]]\nid = \"k\"\nquestion = \"Which hospital?\"\nquestion_ko = \" \"\nanswer = \"Hankook\"\nwrong = [\"Seoul\", \"Busan\", \"Incheon\"]\nwrong_ko = [\"서울\", \"a\\u0007b\"]\ndifficulty = 1\ncategory = \"production\"\nsource = \"s\"\n",
        );
        for expected in [
            "`question_ko` is empty",
            "`wrong_ko` contains a control character",
            "`wrong_ko` must hold one Korean text per wrong choice (3), not 2",
            "`wrong_ko` needs `answer_ko`",
        ] {
            assert!(
                found.iter().any(|p| p.contains(expected)),
                "{expected}: {found:?}"
            );
        }
    }

    #[test]
    fn texts_past_discords_limits_are_refused() {
        let long = "x".repeat(1001);
        let found = check(&format!(
            "\n[[fact]]\nid = \"f\"\nabout = [\"baek\", \"nobody\"]\ntext = \"{long}\"\nsource = \"s\"\n\n[[quote]]\nid = \"q\"\ntext = \"a\\u0007b\"\nspeaker = \"someone\"\nkind = \"line\"\ncontext = \" \"\nsource = \"s\"\n"
        ));
        assert_eq!(
            found,
            vec![
                "p.toml:29: f: `about` names `nobody`, which is no person, character or drama of this pack",
                "p.toml:30: f: `text` is 1001 characters long; at most 1000 fit in a Discord message",
                "p.toml:35: q: `text` contains a control character",
                "p.toml:36: q: unknown speaker `someone`: no person or character has that id",
                "p.toml:38: q: `context` is empty",
            ]
        );
    }

    #[test]
    fn an_answer_in_its_own_question_is_refused() {
        let found = check(
            "\n[[question]]\nid = \"q\"\nquestion = \"Is Ju Ji-hoon the lead?\"\nanswer = \"Ju Ji-hoon\"\nwrong = [\"A\", \"B\", \"C\"]\naccept = [\"the lead\", \"lea\"]\ndifficulty = 1\ncategory = \"cast\"\nsource = \"s\"\n",
        );
        assert_eq!(
            found,
            vec![
                "p.toml:30: q: the question gives its own answer away: it contains `Ju Ji-hoon`",
                "p.toml:32: q: the question gives its own answer away: it contains `the lead`",
            ]
        );
    }

    #[test]
    fn an_unused_source_a_non_web_url_and_an_id_of_two_kinds_are_refused() {
        let found = check(
            "\n[[source]]\nid = \"unused\"\noutlet = \"O\"\ntitle = \"T\"\ndate = \"2025-01-29\"\nurl = \"ftp://example.com/a\"\n\n[[fact]]\nid = \"baek\"\nabout = [\"baek\"]\ntext = \"A surgeon.\"\nsource = \"s\"\n",
        );
        assert_eq!(
            found,
            vec![
                "p.toml:28: unused: the source is declared but no item cites it",
                "p.toml:32: unused: url must be a web address starting with http:// or https://",
                "p.toml:35: baek: the id is also used by the character on line 22: give each item its own id",
            ]
        );
    }

    #[test]
    fn two_packs_must_name_a_shared_person_alike() {
        let a = parse("a.toml", BASE.as_bytes()).expect("parses");
        let other = BASE
            .replace("id = \"d\"", "id = \"e\"")
            .replace("주지훈", "주지운");
        let b = parse("b.toml", other.as_bytes()).expect("parses");
        let found: Vec<String> = validate_set(&[a, b])
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            found,
            vec![
                "b.toml:19: ju-ji-hoon: `name_ko` is `주지운` here but `주지훈` in a.toml: a person shared across packs must be named alike"
            ]
        );
    }

    #[test]
    fn two_packs_may_not_share_a_drama_id() {
        let a = parse("a.toml", BASE.as_bytes()).expect("parses");
        let b = parse("b.toml", BASE.as_bytes()).expect("parses");
        let found: Vec<String> = validate_set(&[a, b])
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            found,
            vec!["b.toml:3: d: the drama id is also used by a.toml"]
        );
    }
}

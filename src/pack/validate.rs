//! Checks of a pack as a whole, after every item has been read: ids, references between items,
//! episode numbers, and the lengths that keep every text inside Discord's limits.

use std::collections::{HashMap, HashSet};

use super::{Located, Pack, Problem, Role};
use crate::text::fold;

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
                    self.report(s.line_of("url"), id, "url must start with https://");
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
            self.reference(f, id, "source", &item.source, &sources);
            self.episode(f, id, item.episode);
        }

        let speakers: HashSet<&str> = people.union(&characters).copied().collect();
        for q in &pack.quotes {
            let item = &q.item;
            let id = item.id.as_str();
            self.text(q, id, "text", &item.text, LONG_TEXT_MAX);
            self.text(q, id, "context", &item.context, TITLE_MAX);
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
        if item.wrong.len() != 3 {
            self.report(
                q.line_of("wrong"),
                id,
                format!(
                    "`wrong` must hold exactly 3 wrong choices, not {}",
                    item.wrong.len()
                ),
            );
        }
        let answer = fold(&item.answer);
        let mut seen = HashSet::new();
        for wrong in &item.wrong {
            let folded = fold(wrong);
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
            if seen.contains(&fold(accept)) {
                self.report(
                    q.line_of("accept"),
                    id,
                    format!("`{accept}` is accepted as right but is also a wrong choice"),
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
                "p.toml:28: c: unknown person `nobody`: declare it in this pack",
                "p.toml:31: c: unknown source `missing`: declare it in this pack",
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
                "p.toml:27: s: duplicate source id: also used on line 11",
                "p.toml:30: s: date `2025-02-30` is not a date like 2025-01-29",
                "p.toml:33: Ju_Ji: `id` must be a slug of at most 64 lower-case letters, digits and single hyphens, like `ju-ji-hoon`",
                "p.toml:35: Ju_Ji: `name_ko` must be the name in Hangul",
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
                "p.toml:30: q: `wrong` must hold exactly 3 wrong choices, not 2",
                "p.toml:30: q: the right answer `Ju Ji-hoon` is also a wrong choice",
                "p.toml:31: q: `B` is accepted as right but is also a wrong choice",
                "p.toml:32: q: difficulty must be 1 (easy), 2 (medium) or 3 (hard)",
                "p.toml:35: q: episode 9 is out of range: the drama has episodes 1 to 8",
            ]
        );
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
                "p.toml:28: f: `about` names `nobody`, which is no person, character or drama of this pack",
                "p.toml:29: f: `text` is 1001 characters long; at most 1000 fit in a Discord message",
                "p.toml:34: q: `text` contains a control character",
                "p.toml:35: q: unknown speaker `someone`: no person or character has that id",
                "p.toml:37: q: `context` is empty",
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

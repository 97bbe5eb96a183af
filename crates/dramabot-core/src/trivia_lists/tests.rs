use super::*;

const RED: &str = r#"AUTHOR: Some Fan
DESCRIPTION: Questions about the hospital drama.
CONFIG:
  max_score: 10
  delay: 20
  bot_plays: false
Which hospital does the trauma team work at?:
- Hankook University Hospital
- Hankook
- hankook university hospital
Is Baek Kang-hyuk a surgeon?:
- yes
How many episodes does the first season have?:
- 8
- eight
"Quoted: is the answer text?":
- 'no'
"#;

fn problems(list: &Imported) -> Vec<String> {
    list.problems.iter().map(|p| p.to_string()).collect()
}

fn refused(result: Result<Imported, Vec<ListProblem>>) -> Vec<String> {
    match result {
        Ok(list) => panic!("expected a refusal, read {} drafts", list.drafts.len()),
        Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn a_red_list_reads_into_typed_answer_drafts() {
    let list = read_list("hospital.yaml", RED.as_bytes(), None).expect("reads");
    assert_eq!(list.format, Format::Red);
    assert_eq!(list.author.as_deref(), Some("Some Fan"));
    assert_eq!(
        list.description.as_deref(),
        Some("Questions about the hospital drama.")
    );
    assert_eq!(list.read, 4);
    assert_eq!(problems(&list), Vec::<String>::new());
    let drafts: Vec<(usize, &str, &str, Vec<&str>)> = list
        .drafts
        .iter()
        .map(|d| {
            assert!(d.wrong.is_empty(), "Red questions have no wrong choices");
            assert_eq!(d.difficulty, 2);
            (
                d.line,
                d.question.as_str(),
                d.answer.as_str(),
                d.accept.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        drafts,
        vec![
            (
                7,
                "Which hospital does the trauma team work at?",
                "Hankook University Hospital",
                vec!["Hankook"]
            ),
            // An unquoted `yes` is a YAML 1.1 boolean, which Red expands.
            (
                11,
                "Is Baek Kang-hyuk a surgeon?",
                "True",
                vec!["Yes", "On"]
            ),
            (
                13,
                "How many episodes does the first season have?",
                "8",
                vec!["eight"]
            ),
            // Quoted, `no` is just text.
            (16, "Quoted: is the answer text?", "no", vec![]),
        ]
    );
}

#[test]
fn bad_red_questions_are_left_out_with_their_line() {
    let long = "x".repeat(301);
    let text = format!(
        "Good question?:\n- Fine\n{long}?:\n- A\nNo answers?: []\nNot a list?: Answer\nNested?:\n- [a, b]\nGood question?:\n- Again\nWhat is Hankook?:\n- Hankook\nA bell\u{7}?:\n- Ding\n"
    );
    let list = read_list("bad.yml", text.as_bytes(), Some(Format::Red)).expect("reads");
    assert_eq!(list.read, 8);
    assert_eq!(list.drafts.len(), 1);
    assert_eq!(
        problems(&list),
        vec![
            "bad.yml:3: `question` is 302 characters long; at most 300 fit in a Discord message",
            "bad.yml:5: the question has no answer",
            "bad.yml:6: the answers must be a list, such as `- Answer`",
            "bad.yml:7: an answer must be text, not a list or mapping",
            "bad.yml:9: the question is also asked on line 1; YAML keeps only one of them",
            "bad.yml:11: the question gives its own answer away: it contains `Hankook`",
            "bad.yml:13: `question` contains a control character",
        ]
    );
}

#[test]
fn a_yaml_anchor_bomb_is_refused_without_expanding_it() {
    // Nine levels of nine aliases each: a billion strings if expanded.
    let mut text = String::from("a0: &a0 [\"lol\"]\n");
    for i in 1..10 {
        let refs: Vec<String> = (0..9).map(|_| format!("*a{}", i - 1)).collect();
        text.push_str(&format!("a{i}: &a{i} [{}]\n", refs.join(", ")));
    }
    text.push_str("Who?: *a9\n");
    let found = refused(read_list("bomb.yaml", text.as_bytes(), None));
    assert_eq!(
        found,
        vec![
            "bomb.yaml:2: YAML aliases (`*name`) are not accepted in a trivia list: write each value out"
        ]
    );
    // Deep nesting is refused as well, before the parser's stack grows with it.
    let deep = format!("Q?: {}\n", "[".repeat(10_000));
    let found = refused(read_list("deep.yaml", deep.as_bytes(), None));
    assert_eq!(found.len(), 1);
    assert!(
        found[0] == "deep.yaml:1: the YAML is nested too deeply for a trivia list"
            || found[0] == "deep.yaml:1: not valid YAML: recursion limit exceeded",
        "{found:?}"
    );
}

#[test]
fn files_past_the_limits_are_refused_before_reading_them() {
    let big = vec![b'#'; MAX_FILE_BYTES + 1];
    assert_eq!(
        refused(read_list("big.yaml", &big, None)),
        vec!["big.yaml:1: the file is 2049 KiB; at most 2048 KiB is read"]
    );
    let mut many = String::new();
    for i in 0..=MAX_ITEMS {
        many.push_str(&format!("Q{i}?: [A]\n"));
    }
    assert!(many.len() < MAX_FILE_BYTES);
    assert_eq!(
        refused(read_list("many.yaml", many.as_bytes(), None)),
        vec!["many.yaml:20001: the list holds more than 20000 questions"]
    );
    assert_eq!(
        refused(read_list("bin.yaml", b"Q?:\n- \xff\n", None)),
        vec!["bin.yaml:2: invalid UTF-8 at byte 6"]
    );
}

#[test]
fn a_file_of_neither_format_is_named_so() {
    let neither = "bin.yaml:1: this is neither a Red-DiscordBot trivia list (YAML: `question: [answers]`) nor an Open Trivia DB response (JSON with `results`)";
    assert_eq!(
        refused(read_list("bin.yaml", b"- just\n- a list\n", None)),
        vec![neither]
    );
    assert_eq!(
        refused(read_list("bin.yaml", b"plain words", None)),
        vec![neither]
    );
    let found = refused(read_list("pack.toml", b"[drama]\nid = \"x\"\n", None));
    assert!(found[0].starts_with("pack.toml:"), "{found:?}");
    assert_eq!(
        refused(read_list("bin.yaml", br#"{"questions": []}"#, None)),
        vec![format!("{neither}: the JSON has no `results` list")]
    );
    assert_eq!(
        refused(read_list("bin.yaml", b"Q?: [A]\n", Some(Format::OpenTdb))),
        vec![neither]
    );
    assert_eq!(
        refused(read_list(
            "l.json",
            br#"{"results": []}"#,
            Some(Format::Red)
        )),
        vec![
            "l.json:1: this is JSON, not a Red-DiscordBot trivia list (YAML); an Open Trivia DB response is read as `opentdb`"
        ]
    );
}

const OPENTDB: &str = r#"{
  "response_code": 0,
  "results": [
    {
      "type": "multiple",
      "difficulty": "hard",
      "category": "Entertainment: Television",
      "question": "Which show&#039;s doctor says &quot;Severe trauma can happen to anyone&quot;?",
      "correct_answer": "The Trauma Code",
      "incorrect_answers": ["Hospital Playlist", "Dr. Romantic", "Good Doctor &amp; Co"]
    },
    {
      "type": "boolean",
      "difficulty": "easy",
      "category": "General Knowledge",
      "question": "Seoul is the capital of South Korea.",
      "correct_answer": "True",
      "incorrect_answers": ["False"]
    },
    {
      "type": "multiple",
      "difficulty": "medium",
      "category": "Science",
      "question": "Which <b>organ</b> pumps blood?",
      "correct_answer": "Heart",
      "incorrect_answers": ["Liver", "Lung", "Kidney"]
    },
    {
      "type": "multiple",
      "difficulty": "extreme",
      "category": "Science",
      "question": "Which bone is longest?",
      "correct_answer": "Femur",
      "incorrect_answers": ["Tibia", "Ulna", "Radius"]
    },
    {
      "type": "multiple",
      "difficulty": "easy",
      "category": "Science",
      "question": "Which is a &bogus; entity?",
      "correct_answer": "A",
      "incorrect_answers": ["B", "C", "D"]
    }
  ]
}"#;

#[test]
fn an_open_trivia_db_response_decodes_entities_and_refuses_html() {
    let list = read_list("otdb.json", OPENTDB.as_bytes(), None).expect("reads");
    assert_eq!(list.format, Format::OpenTdb);
    assert_eq!(list.read, 5);
    assert_eq!(
        list.drafts,
        vec![Draft {
            line: 4,
            question: "Which show's doctor says \"Severe trauma can happen to anyone\"?".into(),
            answer: "The Trauma Code".into(),
            wrong: vec![
                "Hospital Playlist".into(),
                "Dr. Romantic".into(),
                "Good Doctor & Co".into()
            ],
            accept: vec![],
            difficulty: 3,
            topic: Some("Entertainment: Television".into()),
        }]
    );
    assert_eq!(list.skipped.len(), 1);
    assert_eq!(list.skipped[0].count, 1);
    assert!(list.skipped[0].reason.starts_with("true/false questions"));
    assert_eq!(
        problems(&list),
        vec![
            "otdb.json:20: `question` contains HTML (<b>); a question is plain text",
            "otdb.json:28: unknown difficulty `extreme`; expected easy, medium or hard",
            "otdb.json:36: `question` has an HTML entity I do not know: &bogus;",
        ]
    );
    let broken = refused(read_list("x.json", b"{\"results\": [", None));
    assert!(
        broken[0].starts_with("x.json:1: not valid JSON: "),
        "{broken:?}"
    );
    assert_eq!(
        refused(read_list(
            "x.json",
            br#"{"response_code": 1, "results": []}"#,
            None
        )),
        vec!["x.json:1: the response reports code 1, not 0: Open Trivia DB returned no questions"]
    );
}

#[test]
fn converted_lists_pass_check_data_once_the_placeholders_are_filled() {
    for (file, text) in [("hospital.yaml", RED), ("otdb.json", OPENTDB)] {
        let list = read_list(file, text.as_bytes(), None).expect("reads");
        let toml = list.to_pack_toml();
        // Unfilled, the pack is refused: the placeholders are not values.
        let unfilled = crate::pack::parse("converted.toml", toml.as_bytes())
            .map(|pack| crate::pack::validate_set(&[pack]))
            .unwrap_or_else(|e| e);
        assert!(!unfilled.is_empty(), "{toml}");
        assert!(toml.contains(PLACEHOLDER_MARK));
        let filled = toml
            .replace("\"FILL-IN-drama-id\"", "\"trauma-code\"")
            .replace("FILL-IN the drama's title", "The Trauma Code")
            .replace("FILL-IN the title in Hangul", "중증외상센터")
            .replace("FILL-IN the network", "Netflix")
            .replace("year = 0", "year = 2025")
            .replace("episodes = 0", "episodes = 8")
            .replace("FILL-IN where the list was published", "A fan wiki")
            .replace("FILL-IN the list's title", "Hospital questions")
            .replace("FILL-IN YYYY-MM-DD", "2026-01-05");
        assert!(
            !filled
                .lines()
                .any(|l| !l.starts_with('#') && l.contains(PLACEHOLDER_MARK)),
            "{filled}"
        );
        let pack = crate::pack::parse("trauma-code.toml", filled.as_bytes()).expect("parses");
        assert_eq!(
            crate::pack::validate_set(std::slice::from_ref(&pack)),
            vec![],
            "{filled}"
        );
        assert_eq!(pack.questions.len(), list.drafts.len());
        for (q, d) in pack.questions.iter().zip(&list.drafts) {
            assert_eq!(
                (
                    &q.item.question,
                    &q.item.answer,
                    &q.item.wrong,
                    &q.item.accept
                ),
                (&d.question, &d.answer, &d.wrong, &d.accept)
            );
        }
    }
}

#[test]
fn question_ids_are_unique_slugs_from_the_question() {
    let draft = |q: &str| Draft {
        line: 1,
        question: q.into(),
        answer: "A".into(),
        wrong: vec![],
        accept: vec![],
        difficulty: 2,
        topic: None,
    };
    let ids = question_ids(&[
        draft("Who plays Baek Kang-hyuk?"),
        draft("Who plays Baek Kang-hyuk?!"),
        draft("백강혁 역은 누구?"),
        draft("누구?"),
        draft("Imported list"),
        draft(&"Supercalifragilistic expialidocious ".repeat(10)),
        draft("Café au lait — c'est quoi?"),
    ]);
    assert_eq!(
        ids,
        vec![
            "who-plays-baek-kang-hyuk",
            "who-plays-baek-kang-hyuk-2",
            "question",
            "question-2",
            "imported-list-2",
            "supercalifragilistic-expialidocious",
            "cafe-au-lait-c-est-quoi",
        ]
    );
}

//! The catalogues are complete: every message in both locales with the same placeholders, every
//! id code names in them, no message nobody names, and every file parses.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::*;

/// Each catalogue's messages in one locale, with the placeholders each uses.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for (name, texts) in CATALOGUES {
        let text = texts[locale.index()];
        let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errors)| {
            panic!(
                "locales/{}/{name}.ftl does not parse: {errors:?}",
                locale.code()
            )
        });
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    for a in &m.attributes {
                        pattern_vars(&a.value, &mut vars);
                    }
                    let id = m.id.name.to_string();
                    assert!(
                        all.insert(id.clone(), vars).is_none(),
                        "`{id}` is written twice in locales/{}",
                        locale.code()
                    );
                }
                ast::Entry::Junk { content } => {
                    panic!(
                        "locales/{}/{name}.ftl: cannot read {content:?}",
                        locale.code()
                    )
                }
                _ => {}
            }
        }
    }
    all
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_message_is_in_both_locales_with_the_same_placeholders() {
    let english = messages(Locale::English);
    let korean = messages(Locale::Korean);
    let only = |a: &BTreeMap<String, BTreeSet<String>>, b: &BTreeMap<String, BTreeSet<String>>| {
        a.keys()
            .filter(|k| !b.contains_key(*k))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        only(&english, &korean),
        Vec::<String>::new(),
        "only in English"
    );
    assert_eq!(
        only(&korean, &english),
        Vec::<String>::new(),
        "only in Korean"
    );
    for (id, vars) in &english {
        assert_eq!(Some(vars), korean.get(id), "`{id}`: placeholders differ");
    }
}

#[test]
fn every_id_code_names_is_in_the_catalogues_and_every_message_is_named() {
    let english = messages(Locale::English);
    let named: BTreeSet<&str> = msg::ALL.iter().map(|m| m.id()).collect();
    assert_eq!(
        named.len(),
        msg::ALL.len(),
        "an id is listed twice in `msg`"
    );
    let missing: Vec<&str> = named
        .iter()
        .filter(|id| !english.contains_key(**id))
        .copied()
        .collect();
    assert_eq!(
        missing,
        Vec::<&str>::new(),
        "named in code, in no catalogue"
    );
    let unused: Vec<&String> = english
        .keys()
        .filter(|id| !named.contains(id.as_str()))
        .collect();
    assert_eq!(
        unused,
        Vec::<&String>::new(),
        "in the catalogues, named by no code"
    );
}

#[test]
fn every_catalogue_file_is_embedded() {
    for locale in Locale::ALL {
        let dir = format!("{}/locales/{}", env!("CARGO_MANIFEST_DIR"), locale.code());
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("locale folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> =
            CATALOGUES.iter().map(|(n, _)| format!("{n}.ftl")).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "{dir}");
    }
}

#[test]
fn every_message_formats_in_every_locale_without_isolation_marks() {
    for locale in Locale::ALL {
        let catalogue = messages(locale);
        for m in msg::ALL {
            // Every placeholder gets a value; numbers where a plural needs one are tried too.
            for value in [Arg::from("x"), Arg::from(2)] {
                let args: Vec<(&str, Arg<'_>)> = catalogue[m.id()]
                    .iter()
                    .map(|v| (v.as_str(), value.clone()))
                    .collect();
                let text = tr(locale, *m, &args);
                assert!(!text.is_empty(), "`{}` is empty", m.id());
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "`{}` has isolation marks",
                    m.id()
                );
            }
        }
    }
}

#[test]
fn the_locale_follows_discord_and_numbers_choose_the_plural() {
    assert_eq!(Locale::from_discord("ko"), Locale::Korean);
    assert_eq!(Locale::from_discord("en-GB"), Locale::English);
    assert_eq!(Locale::from_discord("ja"), Locale::English);
    assert_eq!(Locale::from_discord(""), Locale::English);
    let facts = |locale, n: i64| tr(locale, msg::COUNT_FACTS, &[("count", n.into())]);
    assert_eq!(facts(Locale::English, 1), "1 fact");
    assert_eq!(facts(Locale::English, 2), "2 facts");
    assert_eq!(facts(Locale::English, 1234), "1234 facts");
    assert_eq!(facts(Locale::Korean, 1), "사실 1개");
}

//! Community content: each server's own bank of approved items, and the lists a server plays.
//!
//! An approved item goes into the server's bank, beside the packs and in the same tables, so that
//! trivia, the quote of the day, `/quote` and `/facts` use it at once, for that server only, with
//! the same no-repeat cycles, spoiler guard and citations ([`approve_into_bank`]). `/lists` (every
//! member) shows each pack and the server's bank with their counts and whether the server plays
//! them; `/content enable|disable|remove` (Manage Server) choose what it plays and retire an
//! item. Discord sets permissions per top-level command, so the members' list is its own command
//! and the moderators' subcommands sit under `/content`.

use jiff::Timestamp;

use crate::args::{FromOptions, Options};
use crate::error::{Error, Result};
use crate::i18n::{Arg, Locale, msg, text, tr};
use crate::ids::{GuildId, UserId};
use crate::model::{BankItem, ContentList, ItemKind};
use crate::pack::Pack;
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::store::{ListChange, Store};
use crate::text::{clip, fold};

/// Adds `pack`'s one item (a question, quote or fact, already validated) to `guild`'s bank, in play
/// at once for that server only. Its drama is the pack's when that is a loaded pack, else the
/// server's; speakers and subjects are resolved against that drama's pack.
pub fn approve_into_bank(
    store: &mut Store,
    guild: GuildId,
    pack: &Pack,
    decided_by: UserId,
    now: Timestamp,
) -> Result<BankItem> {
    // Used where no member waits for an answer (imports, tests): a refusal goes to the log.
    let drama = bank_drama(store, guild, pack, Locale::English)?;
    store.add_to_bank(guild, &drama, pack, decided_by, now)
}

/// The drama a one-item pack goes into the bank as: the pack's when that is a loaded pack, else
/// the server's. A refusal is written in `locale`.
pub fn bank_drama(store: &Store, guild: GuildId, pack: &Pack, locale: Locale) -> Result<String> {
    let named = &pack.drama.item.id;
    let packs = store.pack_summaries()?;
    Ok(match packs.iter().find(|p| &p.id == named) {
        Some(p) => p.id.clone(),
        None => store
            .guild_settings(guild)?
            .and_then(|s| s.drama)
            .ok_or_else(|| {
                Error::BadInput(tr(
                    locale,
                    msg::CONTENT_NO_DRAMA,
                    &[("drama", clip(named, 100).into())],
                ))
            })?,
    })
}

/// The server's guild id, or the answer (in the member's language) that lists belong to one.
fn server(ctx: &Ctx<'_>) -> Result<GuildId> {
    ctx.guild_for(msg::CONTENT_IN_A_SERVER)
}

/// A list's name as members read it: a pack's title, or the server's own bank.
fn list_name(list: &ContentList, locale: Locale) -> String {
    if list.bank {
        return text(locale, msg::CONTENT_BANK_NAME);
    }
    tr(
        locale,
        msg::PACK_NAME,
        &[
            ("title", list.title.as_str().into()),
            ("title_ko", list.title_ko.as_str().into()),
        ],
    )
}

/// `/lists`: every pack and the server's bank, with counts and whether the server plays them.
pub fn lists(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = server(ctx)?;
    let lists = ctx.app.store().content_lists(guild)?;
    Ok(Reply::embed(lists_card(&lists, ctx.locale())))
}

/// The `/lists` card.
pub fn lists_card(lists: &[ContentList], locale: Locale) -> Embed {
    let mut embed = Embed {
        title: Some(text(locale, msg::LISTS_TITLE)),
        description: Some(text(locale, msg::LISTS_DESCRIPTION)),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    for list in lists.iter().take(crate::reply::limits::FIELDS) {
        let count = |id, n: i64| Arg::from(tr(locale, id, &[("count", n.into())]));
        let state = if list.enabled {
            msg::LISTS_ON
        } else {
            msg::LISTS_OFF
        };
        let value = tr(
            locale,
            msg::LISTS_COUNTS,
            &[
                ("state", text(locale, state).into()),
                ("questions", count(msg::COUNT_QUESTIONS, list.questions)),
                ("quotes", count(msg::COUNT_QUOTES, list.quotes)),
                ("facts", count(msg::COUNT_FACTS, list.facts)),
            ],
        );
        embed = embed.field(list_name(list, locale), value);
    }
    embed
}

/// The arguments of `/content enable|disable list:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListArgs {
    /// A pack id or title, or the server's bank (`bank`, or its id).
    pub list: String,
}

impl FromOptions for ListArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(ListArgs {
            list: options.require("list")?,
        })
    }
}

/// The list a moderator means: by id (`bank` for the server's own), else by title.
fn find_list<'a>(lists: &'a [ContentList], wanted: &str) -> Option<&'a ContentList> {
    let wanted = wanted.trim();
    let folded = fold(wanted);
    lists
        .iter()
        .find(|l| {
            l.id == wanted
                || (l.bank
                    && (wanted == "bank"
                        || Locale::ALL
                            .iter()
                            .any(|l| folded == fold(&text(*l, msg::CONTENT_BANK_NAME)))))
        })
        .or_else(|| {
            lists.iter().find(|l| {
                !folded.is_empty()
                    && (fold(&l.title).contains(&folded) || fold(&l.title_ko).contains(&folded))
                    && !l.bank
            })
        })
}

/// `/content enable list:`.
pub fn enable(ctx: &mut Ctx<'_>, args: ListArgs) -> Result<Reply> {
    switch(ctx, args, true)
}

/// `/content disable list:`.
pub fn disable(ctx: &mut Ctx<'_>, args: ListArgs) -> Result<Reply> {
    switch(ctx, args, false)
}

fn switch(ctx: &mut Ctx<'_>, args: ListArgs, on: bool) -> Result<Reply> {
    let guild = server(ctx)?;
    if !ctx.inv.is_moderator {
        return Err(Error::NotModerator);
    }
    let locale = ctx.locale();
    let mut store = ctx.app.store();
    let lists = store.content_lists(guild)?;
    let Some(list) = find_list(&lists, &args.list) else {
        return Err(Error::BadInput(ctx.tr(
            msg::CONTENT_NO_LIST,
            &[("list", clip(args.list.trim(), 100).into())],
        )));
    };
    let name = list_name(list, locale);
    let said = |id| tr(locale, id, &[("list", name.as_str().into())]);
    let text = match (store.set_list_enabled(guild, &list.id, on)?, on) {
        (ListChange::Changed, true) => said(msg::CONTENT_NOW_ON),
        (ListChange::Changed, false) => said(msg::CONTENT_NOW_OFF),
        (ListChange::Unchanged, true) => said(msg::CONTENT_ALREADY_ON),
        (ListChange::Unchanged, false) => said(msg::CONTENT_ALREADY_OFF),
        (ListChange::LastOne, _) => return Err(Error::BadInput(said(msg::CONTENT_LAST_ONE))),
        (ListChange::Unknown, _) => {
            return Err(Error::BadInput(text(locale, msg::CONTENT_LIST_GONE)));
        }
    };
    Ok(Reply::private(text))
}

/// Suggests the lists (the packs and the server's bank) while a moderator types.
pub fn complete_list(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let Some(guild) = ctx.inv.guild else {
        return Ok(Vec::new());
    };
    let locale = ctx.locale();
    let folded = fold(typed);
    Ok(ctx
        .app
        .store()
        .content_lists(guild)?
        .iter()
        .map(|l| (l, list_name(l, locale)))
        .filter(|(l, name)| {
            folded.is_empty() || fold(name).contains(&folded) || l.id.contains(typed.trim())
        })
        .take(25)
        .map(|(l, name)| Choice {
            name: clip(&name, 100),
            value: if l.bank {
                "bank".to_string()
            } else {
                l.id.clone()
            },
        })
        .collect())
}

/// The arguments of `/content remove id:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveArgs {
    /// The bank item's id, as the suggestions give it.
    pub id: String,
}

impl FromOptions for RemoveArgs {
    fn from_options(options: &Options<'_>) -> Result<Self> {
        Ok(RemoveArgs {
            id: options.require("id")?,
        })
    }
}

/// A kind of item as members read it ("question", "문제").
pub fn kind_name(kind: ItemKind, locale: Locale) -> String {
    text(
        locale,
        match kind {
            ItemKind::Question => msg::KIND_QUESTION,
            ItemKind::Quote => msg::KIND_QUOTE,
            ItemKind::Fact => msg::KIND_FACT,
        },
    )
}

/// `/content remove id:`: retires one item of the server's bank. It is never shown again; what
/// points at it (a past quote of the day, trivia answers) stays valid.
pub fn remove(ctx: &mut Ctx<'_>, args: RemoveArgs) -> Result<Reply> {
    let guild = server(ctx)?;
    if !ctx.inv.is_moderator {
        return Err(Error::NotModerator);
    }
    let locale = ctx.locale();
    let id = args.id.trim();
    let removed = ctx
        .app
        .store()
        .remove_bank_item(guild, id, ctx.inv.user, ctx.inv.now)?;
    let Some((item, now_removed)) = removed else {
        return Err(Error::BadInput(
            ctx.tr(msg::CONTENT_NO_ITEM, &[("id", clip(id, 64).into())]),
        ));
    };
    let kind = kind_name(item.kind, locale);
    if !now_removed {
        return Ok(Reply::private(ctx.tr(
            msg::CONTENT_ALREADY_REMOVED,
            &[("kind", kind.into()), ("id", item.slug.as_str().into())],
        )));
    }
    Ok(Reply::private(ctx.tr(
        msg::CONTENT_REMOVED,
        &[
            ("kind", kind.into()),
            ("id", item.slug.as_str().into()),
            ("text", clip(&item.text, 200).into()),
        ],
    )))
}

/// Suggests the server's bank items (by id or words) while a moderator types.
pub fn complete_item(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let Some(guild) = ctx.inv.guild else {
        return Ok(Vec::new());
    };
    let locale = ctx.locale();
    Ok(ctx
        .app
        .store()
        .bank_items(guild, typed.trim(), 25)?
        .into_iter()
        .map(|item| Choice {
            name: clip(
                &format!(
                    "{} · {}: {}",
                    item.slug,
                    kind_name(item.kind, locale),
                    item.text
                ),
                100,
            ),
            value: item.slug,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scope;
    use crate::pack;
    use crate::reply::Response;
    use crate::router::tests::{command, handle_checked, invocation, run};
    use crate::router::{Action, App, Invocation};
    use crate::store::tests::store_with_sample;
    use rand::SeedableRng;

    const A: GuildId = GuildId(1);
    const B: GuildId = GuildId(2);
    const MODERATOR: UserId = UserId(40);

    /// The drama and source a member's submission is built on, as a one-item pack.
    const HEADER: &str = r#"
[drama]
id = "sample"
title = "Sample Drama"
title_ko = "샘플"
network = "Netflix"
year = 2025
episodes = 8

[[source]]
id = "fan-source"
outlet = "Fan Wiki"
title = "Episode 3 recap"
date = "2025-03-01"
url = "https://example.com/recap"
"#;

    const QUOTE: &str = r#"
[[character]]
id = "baek-kang-hyuk"
name = "Baek Kang-hyuk"
name_ko = "백강혁"

[[quote]]
id = "golden"
text = "The golden hour belongs to the patient."
speaker = "baek-kang-hyuk"
kind = "line"
context = "Baek Kang-hyuk in the trauma bay"
source = "fan-source"
"#;

    const FACT: &str = r#"
[[person]]
id = "ju-ji-hoon"
name = "Ju Ji-hoon"
name_ko = "주지훈"

[[fact]]
id = "helicopter"
about = ["ju-ji-hoon"]
text = "He trained for the helicopter scenes for a month."
source = "fan-source"
"#;

    const QUESTION: &str = r#"
[[question]]
id = "golden-hour"
question = "What does the team call the first hour after an injury?"
answer = "The golden hour"
wrong = ["The silver hour", "The quiet hour", "The last hour"]
difficulty = 2
category = "behind-the-scenes"
source = "fan-source"
"#;

    /// A one-item pack as a submission makes it, checked by the one validator.
    fn one_item(item: &str) -> Pack {
        let pack = pack::parse("submission.toml", format!("{HEADER}{item}").as_bytes())
            .expect("the one-item pack parses");
        let problems = pack::validate_set(std::slice::from_ref(&pack));
        assert!(problems.is_empty(), "{problems:?}");
        pack
    }

    fn approve(app: &App, guild: GuildId, item: &str) -> BankItem {
        approve_into_bank(
            &mut app.store(),
            guild,
            &one_item(item),
            MODERATOR,
            Timestamp::UNIX_EPOCH,
        )
        .expect("approved")
    }

    fn in_guild(mut inv: Invocation, guild: Option<GuildId>) -> Invocation {
        inv.guild = guild;
        inv
    }

    fn moderator(mut inv: Invocation) -> Invocation {
        inv.is_moderator = true;
        inv
    }

    fn korean(mut inv: Invocation) -> Invocation {
        inv.locale = "ko".into();
        inv
    }

    /// Everything a reply shows, as one text to search.
    fn shown(app: &App, inv: &Invocation) -> String {
        format!("{:?}", run(app, inv))
    }

    fn autocomplete(app: &App, name: &str, sub: &str, focused: &str, typed: &str) -> Vec<Choice> {
        let inv = moderator(invocation(Action::Autocomplete {
            name: name.into(),
            subcommand: Some(sub.into()),
            focused: focused.into(),
            typed: typed.into(),
            options: Vec::new(),
        }));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        match handle_checked(app, &inv, &mut rng).response {
            Response::Autocomplete(choices) => choices,
            other => panic!("not suggestions: {other:?}"),
        }
    }

    #[test]
    fn an_approved_item_is_played_in_its_own_server_only() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        approve(&app, A, FACT);
        let quote = command("quote", Some("search"), &[("text", "golden hour")]);
        assert!(shown(&app, &in_guild(quote.clone(), Some(A))).contains("The golden hour belongs"));
        assert!(
            shown(&app, &in_guild(quote.clone(), Some(A))).contains("Fan Wiki"),
            "cited"
        );
        assert!(!shown(&app, &in_guild(quote.clone(), Some(B))).contains("golden hour belongs"));
        assert!(!shown(&app, &in_guild(quote, None)).contains("golden hour belongs"));

        // Its speaker is the pack's character, found by every name the pack gives them.
        let by = command("quote", Some("random"), &[("who", "백강혁")]);
        let seen: Vec<String> = (0..8)
            .map(|_| shown(&app, &in_guild(by.clone(), Some(A))))
            .collect();
        assert!(seen.iter().all(|s| s.contains("Baek Kang-hyuk")));

        // The quote of the day (and so the daily post) draws from the server's own lists: over
        // two cycles of days, server B never gets A's quote and A gets both.
        let settings = crate::model::GuildSettings::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut days = |guild| -> Vec<String> {
            (1..=4)
                .map(|d| {
                    let date = jiff::civil::date(2025, 3, d);
                    crate::quotes::quote_of_day(&app.store(), guild, &settings, date, &mut rng)
                        .expect("read")
                        .expect("a quote")
                        .slug
                })
                .collect()
        };
        assert!(days(B).iter().all(|s| s == "anyone"));
        let in_a = days(A);
        assert!(in_a.contains(&"golden".to_string()) && in_a.contains(&"anyone".to_string()));

        let facts = command("facts", None, &[("topic", "helicopter")]);
        assert!(
            shown(&app, &in_guild(facts.clone(), Some(A))).contains("trained for the helicopter")
        );
        assert!(!shown(&app, &in_guild(facts, Some(B))).contains("trained for the helicopter"));
        // A fact about a person is on their card, in that server only.
        let cast = command("cast", None, &[("name", "Ju Ji-hoon")]);
        assert!(
            shown(&app, &in_guild(cast.clone(), Some(A))).contains("trained for the helicopter")
        );
        assert!(!shown(&app, &in_guild(cast, Some(B))).contains("trained for the helicopter"));
    }

    #[test]
    fn trivia_asks_a_servers_bank_questions_in_that_server_only() {
        let app = App::new(store_with_sample());
        let question = approve(&app, A, QUESTION);
        let sample: Vec<i64> = app
            .store()
            .trivia_questions(Scope::default())
            .expect("questions")
            .iter()
            .map(|q| q.key)
            .collect();
        assert!(
            !sample.contains(&question.pk),
            "not in the packs' questions"
        );

        // Server A plays only its own list; server B plays the packs.
        let off = command("content", Some("disable"), &[("list", "sample")]);
        assert!(run(&app, &moderator(in_guild(off, Some(A)))).ephemeral);
        let start = command("trivia", Some("start"), &[("rounds", "30")]);
        for (guild, channel, expected) in [(A, 20, vec![question.pk]), (B, 21, sample)] {
            let mut inv = in_guild(start.clone(), Some(guild));
            inv.channel = crate::ids::ChannelId(channel);
            let reply = run(&app, &inv);
            assert!(!reply.ephemeral, "{reply:?}");
            let game = app
                .store()
                .running_game_in(inv.channel)
                .expect("read")
                .expect("a game");
            assert_eq!(game.questions, expected, "server {guild}");
        }
    }

    #[test]
    fn removing_an_item_retires_it_and_keeps_the_history_that_points_at_it() {
        let app = App::new(store_with_sample());
        let item = approve(&app, A, QUOTE);
        assert_eq!(item.slug, "golden");
        let off = command("content", Some("disable"), &[("list", "sample")]);
        run(&app, &moderator(in_guild(off, Some(A))));
        let today = in_guild(command("quote", Some("today"), &[]), Some(A));
        assert!(
            shown(&app, &today).contains("golden hour belongs"),
            "the day's quote"
        );

        let remove = moderator(command("content", Some("remove"), &[("id", "golden")]));
        assert_eq!(
            run(&app, &remove).content.as_deref(),
            Some(
                "Removed the quote `golden`: “The golden hour belongs to the patient.”. It will not be shown again."
            )
        );
        assert_eq!(
            run(&app, &korean(remove.clone())).content.as_deref(),
            Some("명대사 `golden`은(는) 이미 뺐어요.")
        );
        assert_eq!(
            run(&app, &remove).content.as_deref(),
            Some("The quote `golden` was already removed.")
        );
        let search = in_guild(
            command("quote", Some("search"), &[("text", "golden")]),
            Some(A),
        );
        assert!(!shown(&app, &search).contains("golden hour belongs"));
        // Today's quote was chosen before: it stays what it was all day.
        assert!(shown(&app, &today).contains("golden hour belongs"));

        // Another approval of the same id gets a new one: an id names one item forever.
        assert_eq!(approve(&app, A, QUOTE).slug, "golden-2");
        let missing = moderator(command("content", Some("remove"), &[("id", "nope")]));
        let reply = run(&app, &missing);
        assert!(reply.ephemeral);
        assert_eq!(
            reply.content.as_deref(),
            Some("This server's own list has no item `nope`. Start typing to pick one.")
        );
        // Another server cannot remove A's items.
        let elsewhere = in_guild(
            moderator(command("content", Some("remove"), &[("id", "golden-2")])),
            Some(B),
        );
        assert!(
            run(&app, &elsewhere)
                .content
                .unwrap_or_default()
                .contains("has no item")
        );
    }

    #[test]
    fn lists_show_each_pack_and_the_servers_bank_with_counts_in_english_and_korean() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        approve(&app, A, QUESTION);
        let lists = command("lists", None, &[]);
        let reply = run(&app, &lists);
        assert!(!reply.ephemeral);
        let fields: Vec<(String, String)> = reply.embeds[0]
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect();
        assert_eq!(
            fields,
            vec![
                (
                    "This server's own".into(),
                    "On · 1 question, 1 quote, 0 facts".into()
                ),
                (
                    "Sample Drama (샘플)".into(),
                    "On · 1 question, 1 quote, 2 facts".into()
                ),
            ]
        );
        let other = run(&app, &in_guild(lists.clone(), Some(B)));
        assert_eq!(
            other.embeds[0].fields[0].value, "On · 0 questions, 0 quotes, 0 facts",
            "another server's bank is its own"
        );
        let ko = run(&app, &korean(lists.clone()));
        assert_eq!(ko.embeds[0].title.as_deref(), Some("이 서버가 쓰는 목록"));
        assert_eq!(ko.embeds[0].fields[1].name, "샘플 (Sample Drama)");
        assert_eq!(
            ko.embeds[0].fields[0].value,
            "켜짐 · 문제 1개, 명대사 1개, 사실 0개"
        );
        let dm = run(&app, &in_guild(lists, None));
        assert_eq!(
            dm.content.as_deref(),
            Some("Lists belong to a server: use this command in one.")
        );
    }

    #[test]
    fn a_server_chooses_its_lists_and_cannot_turn_off_the_last_one() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        let set =
            |sub: &str, list: &str| moderator(command("content", Some(sub), &[("list", list)]));
        assert_eq!(
            run(&app, &set("disable", "bank")).content.as_deref(),
            Some("**This server's own** is off: this server no longer plays it.")
        );
        let search = command("quote", Some("search"), &[("text", "golden")]);
        assert!(!shown(&app, &search).contains("golden hour belongs"));
        let reply = run(&app, &set("disable", "Sample Drama"));
        assert_eq!(
            reply.content.as_deref(),
            Some(
                "**Sample Drama (샘플)** is the last list this server plays: turn another one on first."
            )
        );
        assert!(reply.ephemeral);
        assert_eq!(
            run(&app, &korean(set("disable", "sample")))
                .content
                .as_deref(),
            Some(
                "**샘플 (Sample Drama)**은(는) 이 서버가 쓰는 마지막 목록이에요: 다른 목록을 먼저 켜 주세요."
            )
        );
        // Nothing changed: the pack still plays.
        let facts = app
            .store()
            .facts(Scope {
                guild: Some(A),
                drama: None,
            })
            .expect("facts");
        assert_eq!(facts.len(), 2);

        assert_eq!(
            run(&app, &korean(set("enable", "bank"))).content.as_deref(),
            Some("**이 서버의 목록** 켰어요: 이 서버에서 씁니다.")
        );
        assert_eq!(
            run(&app, &set("enable", "bank")).content.as_deref(),
            Some("**This server's own** was already on.")
        );
        run(&app, &set("disable", "sample"));
        assert!(shown(&app, &search).contains("golden hour belongs"));
        assert!(
            shown(&app, &command("lists", None, &[]))
                .contains("Off · 1 question, 1 quote, 2 facts")
        );
        // Another server still plays the pack.
        let facts = app
            .store()
            .facts(Scope {
                guild: Some(B),
                drama: None,
            })
            .expect("facts");
        assert_eq!(facts.len(), 2);

        assert_eq!(
            run(&app, &set("enable", "nothing")).content.as_deref(),
            Some("I have no list called “nothing”. `/lists` shows them.")
        );
        // Members see the lists but may not change them.
        let mut member = set("enable", "sample");
        member.is_moderator = false;
        assert_eq!(
            run(&app, &member).content.as_deref(),
            Some("Only members with the **Manage Server** permission can do that.")
        );
    }

    #[test]
    fn the_lists_and_the_items_are_suggested_while_a_moderator_types() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        approve(&app, A, FACT);
        approve(&app, B, QUESTION);
        let lists = autocomplete(&app, "content", "disable", "list", "");
        let values: Vec<&str> = lists.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, vec!["bank", "sample"]);
        assert_eq!(lists[0].name, "This server's own");

        let items = autocomplete(&app, "content", "remove", "id", "heli");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].value, "helicopter");
        assert_eq!(
            items[0].name,
            "helicopter · fact: He trained for the helicopter scenes for a month."
        );
        // Server B's question is not among server A's items.
        let all = autocomplete(&app, "content", "remove", "id", "");
        let values: Vec<&str> = all.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values.len(), 2);
        assert!(!values.contains(&"golden-hour"));
    }

    #[test]
    fn a_file_import_never_touches_a_bank_nor_takes_its_id() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        let sample = crate::store::tests::sample_pack(crate::store::tests::SAMPLE);
        let reports = app
            .store()
            .import(&[sample], Timestamp::UNIX_EPOCH, true)
            .expect("import of the whole set");
        assert!(
            reports.iter().all(|r| !r.pack.starts_with("bank-")),
            "{reports:?}"
        );
        let scope = Scope {
            guild: Some(A),
            drama: Some("sample"),
        };
        let quotes = app.store().quotes(scope).expect("quotes");
        assert_eq!(
            quotes.len(),
            2,
            "the bank's quote is still in play, of its drama"
        );

        let squatter = crate::store::tests::SAMPLE.replace("\"sample\"", "\"bank-1\"");
        let err = app
            .store()
            .import(
                &[crate::store::tests::sample_pack(&squatter)],
                Timestamp::UNIX_EPOCH,
                false,
            )
            .expect_err("refused");
        assert!(
            err.to_string().contains("kept for servers' own lists"),
            "{err}"
        );
        // The banks are no dramas: /about, the drama suggestions and /settings never list them.
        assert!(
            app.store()
                .pack_summaries()
                .expect("packs")
                .iter()
                .all(|p| p.id == "sample")
        );
    }

    #[test]
    fn an_item_of_a_drama_the_server_does_not_play_stays_out_and_an_unknown_speaker_is_refused() {
        let app = App::new(store_with_sample());
        approve(&app, A, QUOTE);
        let other = Scope {
            guild: Some(A),
            drama: Some("other"),
        };
        assert!(app.store().quotes(other).expect("quotes").is_empty());

        let stranger = QUOTE.replace("baek-kang-hyuk", "someone-else");
        let err = approve_into_bank(
            &mut app.store(),
            A,
            &one_item(&stranger.replace("Baek Kang-hyuk\"", "Someone\"")),
            MODERATOR,
            Timestamp::UNIX_EPOCH,
        )
        .expect_err("refused");
        assert_eq!(
            err.user_message(),
            "`someone-else` is no person or character of this drama."
        );
        assert!(
            app.store().bank_items(A, "", 25).expect("items").len() == 1,
            "nothing half-written"
        );

        let unknown = HEADER.replace("id = \"sample\"", "id = \"unknown\"");
        let pack = pack::parse("s.toml", format!("{unknown}{FACT}").as_bytes()).expect("parses");
        let err = approve_into_bank(&mut app.store(), B, &pack, MODERATOR, Timestamp::UNIX_EPOCH)
            .expect_err("no drama");
        assert_eq!(
            err.user_message(),
            "I have no drama `unknown`, and this server has chosen none with `/settings drama`."
        );
    }

    #[test]
    fn the_fact_index_reads_a_servers_bank_and_lists_as_the_store_does() {
        let app = App::new(store_with_sample());
        approve(&app, A, FACT);
        let index = crate::fact_index::FactIndex::from_store(&app.store()).expect("index");
        let same = |guild: Option<GuildId>, drama: Option<&str>| {
            let store = app.store();
            let scope = Scope { guild, drama };
            let got: Vec<_> = index
                .in_scope(&store, &store.lists_in_scope(guild).expect("lists"), scope)
                .expect("scoped")
                .all()
                .into_iter()
                .map(|f| f.record.clone())
                .collect();
            let expected = store.facts(scope).expect("facts");
            assert_eq!(got, expected, "{scope:?}");
            got.len()
        };
        assert_eq!(same(Some(A), None), 3, "the pack's two and the bank's one");
        assert_eq!(same(Some(A), Some("sample")), 3);
        assert_eq!(same(Some(A), Some("other")), 0);
        assert_eq!(same(Some(B), None), 2, "another server's bank is not read");
        assert_eq!(same(None, None), 2);
        let change = app
            .store()
            .set_list_enabled(A, "sample", false)
            .expect("turned off");
        assert!(!matches!(change, crate::store::ListChange::Unknown));
        assert_eq!(same(Some(A), None), 1, "only the bank's");
        assert_eq!(same(Some(B), None), 2);
    }
}

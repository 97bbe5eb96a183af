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
use crate::ids::{GuildId, UserId};
use crate::model::{BankItem, ContentList, ItemKind};
use crate::pack::Pack;
use crate::reply::{COLOUR, Choice, Embed, Reply};
use crate::router::Ctx;
use crate::store::{ListChange, Store};
use crate::text::{clip, fold};

/// Why the lists need a server, for [`Ctx::guild`].
const IN_A_SERVER: &str = "Lists belong to a server";
/// [`IN_A_SERVER`] in Korean, with the same advice.
const IN_A_SERVER_KO: &str = "목록은 서버마다 따로예요: 서버 안에서 써 주세요.";

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
    let named = &pack.drama.item.id;
    let packs = store.pack_summaries()?;
    let drama = match packs.iter().find(|p| &p.id == named) {
        Some(p) => p.id.clone(),
        None => store
            .guild_settings(guild)?
            .and_then(|s| s.drama)
            .ok_or_else(|| {
                Error::BadInput(format!(
                    "I have no drama `{}`, and this server has chosen none with `/settings drama`.",
                    clip(named, 100)
                ))
            })?,
    };
    store.add_to_bank(guild, &drama, pack, decided_by, now)
}

/// The server's guild id, or the answer (in the member's language) that lists belong to one.
fn server(ctx: &Ctx<'_>) -> Result<GuildId> {
    if ctx.korean() {
        ctx.inv
            .guild
            .ok_or_else(|| Error::BadInput(IN_A_SERVER_KO.into()))
    } else {
        ctx.guild(IN_A_SERVER)
    }
}

/// A list's name as members read it: a pack's title, or the server's own bank.
fn list_name(list: &ContentList, korean: bool) -> String {
    match (list.bank, korean) {
        (true, false) => "This server's own".to_string(),
        (true, true) => "이 서버의 목록".to_string(),
        (false, false) => format!("{} ({})", list.title, list.title_ko),
        (false, true) => format!("{} ({})", list.title_ko, list.title),
    }
}

/// `/lists`: every pack and the server's bank, with counts and whether the server plays them.
pub fn lists(ctx: &mut Ctx<'_>) -> Result<Reply> {
    let guild = server(ctx)?;
    let lists = ctx.app.store().content_lists(guild)?;
    Ok(Reply::embed(lists_card(&lists, ctx.korean())))
}

/// The `/lists` card.
pub fn lists_card(lists: &[ContentList], korean: bool) -> Embed {
    let (title, description) = if korean {
        (
            "이 서버의 목록",
            "퀴즈, 오늘의 명대사, `/quote`, `/facts`는 켜진 목록만 씁니다. 관리자는 `/content enable`과 `/content disable`로 바꿀 수 있어요.",
        )
    } else {
        (
            "What this server plays",
            "Trivia, the quote of the day, `/quote` and `/facts` use the lists that are on. Moderators choose with `/content enable` and `/content disable`.",
        )
    };
    let mut embed = Embed {
        title: Some(title.into()),
        description: Some(description.into()),
        colour: Some(COLOUR),
        ..Embed::default()
    };
    for list in lists.iter().take(crate::reply::limits::FIELDS) {
        let value = if korean {
            format!(
                "{} · 문제 {}개, 명대사 {}개, 사실 {}개",
                if list.enabled { "켜짐" } else { "꺼짐" },
                list.questions,
                list.quotes,
                list.facts
            )
        } else {
            format!(
                "{} · {} questions, {} quotes, {} facts",
                if list.enabled { "On" } else { "Off" },
                list.questions,
                list.quotes,
                list.facts
            )
        };
        embed = embed.field(list_name(list, korean), value);
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
        .find(|l| l.id == wanted || (l.bank && (wanted == "bank" || folded == fold("this server's own"))))
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
    let korean = ctx.korean();
    let mut store = ctx.app.store();
    let lists = store.content_lists(guild)?;
    let Some(list) = find_list(&lists, &args.list) else {
        return Err(Error::BadInput(if korean {
            format!(
                "“{}”라는 목록이 없어요. `/lists`에서 목록을 확인해 주세요.",
                clip(args.list.trim(), 100)
            )
        } else {
            format!(
                "I have no list called “{}”. `/lists` shows them.",
                clip(args.list.trim(), 100)
            )
        }));
    };
    let name = list_name(list, korean);
    let text = match (store.set_list_enabled(guild, &list.id, on)?, on, korean) {
        (ListChange::Changed, true, false) => format!("**{name}** is on: this server plays it."),
        (ListChange::Changed, true, true) => format!("**{name}** 목록을 켰어요."),
        (ListChange::Changed, false, false) => {
            format!("**{name}** is off: this server no longer plays it.")
        }
        (ListChange::Changed, false, true) => format!("**{name}** 목록을 껐어요."),
        (ListChange::Unchanged, true, false) => format!("**{name}** was already on."),
        (ListChange::Unchanged, true, true) => format!("**{name}** 목록은 이미 켜져 있어요."),
        (ListChange::Unchanged, false, false) => format!("**{name}** was already off."),
        (ListChange::Unchanged, false, true) => format!("**{name}** 목록은 이미 꺼져 있어요."),
        (ListChange::LastOne, _, false) => {
            return Err(Error::BadInput(format!(
                "**{name}** is the last list this server plays: turn another one on first."
            )));
        }
        (ListChange::LastOne, _, true) => {
            return Err(Error::BadInput(format!(
                "**{name}** 목록은 이 서버가 쓰는 마지막 목록이에요: 다른 목록을 먼저 켜 주세요."
            )));
        }
        (ListChange::Unknown, _, false) => {
            return Err(Error::BadInput("That list is gone. `/lists` shows them.".into()));
        }
        (ListChange::Unknown, _, true) => {
            return Err(Error::BadInput(
                "그 목록은 이제 없어요. `/lists`에서 확인해 주세요.".into(),
            ));
        }
    };
    Ok(Reply::private(text))
}

/// Suggests the lists (the packs and the server's bank) while a moderator types.
pub fn complete_list(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let Some(guild) = ctx.inv.guild else {
        return Ok(Vec::new());
    };
    let korean = ctx.korean();
    let folded = fold(typed);
    Ok(ctx
        .app
        .store()
        .content_lists(guild)?
        .iter()
        .map(|l| (l, list_name(l, korean)))
        .filter(|(l, name)| folded.is_empty() || fold(name).contains(&folded) || l.id.contains(typed.trim()))
        .take(25)
        .map(|(l, name)| Choice {
            name: clip(&name, 100),
            value: if l.bank { "bank".to_string() } else { l.id.clone() },
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

fn kind_name(kind: ItemKind, korean: bool) -> &'static str {
    match (kind, korean) {
        (ItemKind::Question, false) => "question",
        (ItemKind::Quote, false) => "quote",
        (ItemKind::Fact, false) => "fact",
        (ItemKind::Question, true) => "문제",
        (ItemKind::Quote, true) => "명대사",
        (ItemKind::Fact, true) => "사실",
    }
}

/// `/content remove id:`: retires one item of the server's bank. It is never shown again; what
/// points at it (a past quote of the day, trivia answers) stays valid.
pub fn remove(ctx: &mut Ctx<'_>, args: RemoveArgs) -> Result<Reply> {
    let guild = server(ctx)?;
    if !ctx.inv.is_moderator {
        return Err(Error::NotModerator);
    }
    let korean = ctx.korean();
    let id = args.id.trim();
    let removed = ctx
        .app
        .store()
        .remove_bank_item(guild, id, ctx.inv.user, ctx.inv.now)?;
    let Some(item) = removed else {
        return Err(Error::BadInput(if korean {
            format!(
                "이 서버의 목록에 `{}` 항목이 없어요. 입력하면 항목을 골라 드려요.",
                clip(id, 64)
            )
        } else {
            format!(
                "This server's own list has no item `{}`. Start typing to pick one.",
                clip(id, 64)
            )
        }));
    };
    let what = kind_name(item.kind, korean);
    let text = clip(&item.text, 200);
    Ok(Reply::private(if korean {
        format!("{what} `{}`을(를) 뺐어요: “{text}”. 다시는 나오지 않아요.", item.slug)
    } else {
        format!(
            "Removed the {what} `{}`: “{text}”. It will not be shown again.",
            item.slug
        )
    }))
}

/// Suggests the server's bank items (by id or words) while a moderator types.
pub fn complete_item(ctx: &mut Ctx<'_>, typed: &str) -> Result<Vec<Choice>> {
    let Some(guild) = ctx.inv.guild else {
        return Ok(Vec::new());
    };
    let korean = ctx.korean();
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
                    kind_name(item.kind, korean),
                    item.text
                ),
                100,
            ),
            value: item.slug,
        })
        .collect())
}


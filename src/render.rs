//! Turns the core's replies and the command table into serenity's request builders.
//!
//! Both the gateway edge and the console use these functions, so the console's `--json` output is
//! exactly what serenity sends. This is also the one place that enforces Discord's limits (lengths,
//! counts, the 6000-character embed total) and that every message pings nobody.

use serenity::all::{
    ButtonStyle as DiscordButtonStyle, ChannelType, CommandOptionType, CreateActionRow,
    CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse, CreateButton,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateEmbedFooter, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, CreateModal, EditInteractionResponse, EditMessage, InputTextStyle, Nonce,
    Permissions,
};

use crate::commands::{COMMANDS, CommandSpec, OptionKind, OptionSpec};
use crate::reply::{ButtonStyle, Embed, InputStyle, Modal, Reply, Response};
use crate::text::clip;

pub use crate::reply::limits;

/// An embed's texts cut to Discord's limits, with the message-wide total applied.
fn fit_embeds(embeds: &[Embed]) -> Vec<Embed> {
    let mut budget = limits::EMBED_TOTAL;
    let mut fitted = Vec::new();
    for embed in embeds.iter().take(limits::EMBEDS) {
        let mut e = Embed {
            title: embed.title.as_deref().map(|t| clip(t, limits::TITLE)),
            description: embed
                .description
                .as_deref()
                .map(|d| clip(d, limits::DESCRIPTION)),
            fields: Vec::new(),
            footer: embed.footer.as_deref().map(|f| clip(f, limits::FOOTER)),
            colour: embed.colour,
        };
        let fixed = [&e.title, &e.description, &e.footer]
            .iter()
            .map(|t| t.as_deref().map_or(0, |t| t.chars().count()))
            .sum::<usize>();
        if fixed > budget {
            break;
        }
        budget -= fixed;
        for field in embed.fields.iter().take(limits::FIELDS) {
            // Discord refuses empty field names and values.
            let name = non_empty(clip(&field.name, limits::FIELD_NAME));
            let value = non_empty(clip(&field.value, limits::FIELD_VALUE));
            let size = name.chars().count() + value.chars().count();
            if size > budget {
                break;
            }
            budget -= size;
            e.fields.push(crate::reply::Field {
                name,
                value,
                inline: field.inline,
            });
        }
        fitted.push(e);
    }
    fitted
}

fn non_empty(text: String) -> String {
    if text.trim().is_empty() {
        "\u{200b}".to_string()
    } else {
        text
    }
}

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new();
    if let Some(title) = &e.title {
        out = out.title(title);
    }
    if let Some(description) = &e.description {
        out = out.description(description);
    }
    for field in &e.fields {
        out = out.field(&field.name, &field.value, field.inline);
    }
    if let Some(footer) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(colour) = e.colour {
        out = out.colour(colour);
    }
    out
}

fn rows(reply: &Reply) -> Vec<CreateActionRow> {
    reply
        .buttons
        .chunks(limits::BUTTONS_PER_ROW)
        .take(limits::ROWS)
        .map(|chunk| {
            CreateActionRow::Buttons(
                chunk
                    .iter()
                    .map(|b| {
                        CreateButton::new(clip(&b.custom_id, limits::CUSTOM_ID))
                            .label(clip(&b.label, limits::LABEL))
                            .style(match b.style {
                                ButtonStyle::Primary => DiscordButtonStyle::Primary,
                                ButtonStyle::Secondary => DiscordButtonStyle::Secondary,
                                ButtonStyle::Success => DiscordButtonStyle::Success,
                                ButtonStyle::Danger => DiscordButtonStyle::Danger,
                            })
                            .disabled(b.disabled)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Mentions that ping nobody: no @everyone, no roles, no members, whatever the text says.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// Fills one of serenity's message builders with a reply's content, embeds and buttons, pinging
/// nobody. The five builders share these methods but no trait, so this is a macro: the rules are
/// written once for every kind of message the bot sends.
macro_rules! with_reply {
    ($builder:expr, $reply:expr) => {{
        let reply: &Reply = $reply;
        let out = $builder
            .allowed_mentions(no_pings())
            .embeds(fit_embeds(&reply.embeds).iter().map(embed).collect())
            .components(rows(reply));
        match &reply.content {
            Some(content) => out.content(clip(content, limits::CONTENT)),
            None => out,
        }
    }};
}

/// A reply's files as serenity uploads them (multipart, beside the JSON body).
fn files(reply: &Reply) -> impl Iterator<Item = CreateAttachment> + '_ {
    reply
        .attachments
        .iter()
        .map(|a| CreateAttachment::bytes(a.bytes.clone(), a.filename.clone()))
}

/// A reply as an interaction response message.
pub fn message(reply: &Reply) -> CreateInteractionResponseMessage {
    with_reply!(CreateInteractionResponseMessage::new(), reply)
        .ephemeral(reply.ephemeral)
        .add_files(files(reply))
}

/// A reply as the edit that completes a deferred interaction.
pub fn edit_response(reply: &Reply) -> EditInteractionResponse {
    files(reply).fold(
        with_reply!(EditInteractionResponse::new(), reply),
        |out, file| out.new_attachment(file),
    )
}

/// A reply with files, for the REST calls that carry both (editing the original answer, a
/// follow-up): the JSON body and the files to upload beside it. The body lists each new file as
/// `{"id": "N", "filename": …}` with its index as a string, as Discord's API description types a
/// snowflake; serenity's own builders write the index as a number, which that description refuses.
pub fn with_files(
    reply: &Reply,
    body: serde_json::Value,
) -> (serde_json::Value, Vec<CreateAttachment>) {
    let mut body = body;
    if let Some(map) = body.as_object_mut() {
        let listed = reply
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| serde_json::json!({"id": i.to_string(), "filename": a.filename}))
            .collect::<Vec<_>>();
        map.insert("attachments".into(), serde_json::Value::Array(listed));
    }
    (body, files(reply).collect())
}

/// The JSON body of the edit that completes a deferred interaction, with its files (see
/// [`with_files`]).
pub fn edit_response_with_files(reply: &Reply) -> (serde_json::Value, Vec<CreateAttachment>) {
    let bare = Reply {
        attachments: Vec::new(),
        ..reply.clone()
    };
    let body = serde_json::to_value(edit_response(&bare)).unwrap_or_default();
    with_files(reply, body)
}

/// The JSON body of a follow-up message, with its files (see [`with_files`]).
pub fn follow_up_with_files(reply: &Reply) -> (serde_json::Value, Vec<CreateAttachment>) {
    let bare = Reply {
        attachments: Vec::new(),
        ..reply.clone()
    };
    let body = serde_json::to_value(follow_up(&bare)).unwrap_or_default();
    with_files(reply, body)
}

/// A reply as a follow-up message of an interaction (a deferred answer that must stay private).
pub fn follow_up(reply: &Reply) -> CreateInteractionResponseFollowup {
    with_reply!(CreateInteractionResponseFollowup::new(), reply)
        .ephemeral(reply.ephemeral)
        .add_files(files(reply))
}

/// A scheduled post: a new channel message with a nonce Discord enforces, so a retry of the same
/// post cannot make a second message.
pub fn channel_post(reply: &Reply, nonce: &str) -> CreateMessage {
    channel_message(reply)
        .nonce(Nonce::String(nonce.to_string()))
        .enforce_nonce(true)
}

/// A reply as the new content of a channel message the bot sent (a closed trivia question).
pub fn edit_message(reply: &Reply) -> EditMessage {
    with_reply!(EditMessage::new(), reply)
}

/// A reply as a new message in a channel.
pub fn channel_message(reply: &Reply) -> CreateMessage {
    with_reply!(CreateMessage::new(), reply)
}

/// The JSON body of a new channel message with its files (see [`with_files`]), with `nonce` as
/// [`channel_post`] sets it: a channel message with files (the standings card) is sent through
/// `Http::send_message` with this body, since serenity's own builder numbers the files' ids.
pub fn channel_message_with_files(
    reply: &Reply,
    nonce: Option<&str>,
) -> (serde_json::Value, Vec<CreateAttachment>) {
    let bare = Reply {
        attachments: Vec::new(),
        ..reply.clone()
    };
    let body = match nonce {
        Some(nonce) => serde_json::to_value(channel_post(&bare, nonce)),
        None => serde_json::to_value(channel_message(&bare)),
    }
    .unwrap_or_default();
    with_files(reply, body)
}

/// A response as the body of an interaction callback.
pub fn interaction_response(response: &Response) -> CreateInteractionResponse {
    match response {
        Response::Message(reply) => CreateInteractionResponse::Message(message(reply)),
        Response::Update(reply) => CreateInteractionResponse::UpdateMessage(message(reply)),
        Response::Autocomplete(choices) => {
            let mut out = CreateAutocompleteResponse::new();
            for choice in choices.iter().take(25) {
                out = out.add_string_choice(clip(&choice.name, 100), clip(&choice.value, 100));
            }
            CreateInteractionResponse::Autocomplete(out)
        }
        Response::Modal(m) => CreateInteractionResponse::Modal(modal(m)),
    }
}

/// A modal cut to Discord's limits: title and labels of 45 characters, values of 4000, at most
/// five inputs (one per action row), lengths within 0-4000 with the minimum not above the maximum.
pub fn modal(m: &Modal) -> CreateModal {
    let value_max = limits::INPUT_VALUE as u16;
    let rows = m
        .inputs
        .iter()
        .take(limits::MODAL_INPUTS)
        .map(|input| {
            let style = match input.style {
                InputStyle::Short => InputTextStyle::Short,
                InputStyle::Paragraph => InputTextStyle::Paragraph,
            };
            let max = input.max_length.map(|m| m.clamp(1, value_max));
            let mut out = CreateInputText::new(
                style,
                non_empty(clip(&input.label, limits::INPUT_LABEL)),
                clip(&input.custom_id, limits::CUSTOM_ID),
            )
            .required(input.required);
            if let Some(min) = input.min_length {
                out = out.min_length(min.min(max.unwrap_or(value_max)));
            }
            if let Some(max) = max {
                out = out.max_length(max);
            }
            if let Some(value) = &input.value {
                let room = usize::from(max.unwrap_or(value_max));
                out = out.value(clip(value, room));
            }
            if let Some(placeholder) = &input.placeholder {
                out = out.placeholder(clip(placeholder, limits::INPUT_PLACEHOLDER));
            }
            CreateActionRow::InputText(out)
        })
        .collect();
    CreateModal::new(
        clip(&m.custom_id, limits::CUSTOM_ID),
        non_empty(clip(&m.title, limits::MODAL_TITLE)),
    )
    .components(rows)
}

fn option(spec: &OptionSpec) -> CreateCommandOption {
    let kind = match spec.kind {
        OptionKind::SubCommand => CommandOptionType::SubCommand,
        OptionKind::String => CommandOptionType::String,
        OptionKind::Integer => CommandOptionType::Integer,
        OptionKind::Boolean => CommandOptionType::Boolean,
        OptionKind::Channel => CommandOptionType::Channel,
        OptionKind::User => CommandOptionType::User,
        OptionKind::Attachment => CommandOptionType::Attachment,
        OptionKind::Role => CommandOptionType::Role,
    };
    let mut out = CreateCommandOption::new(kind, spec.name, spec.description)
        .name_localized("ko", spec.name_ko)
        .description_localized("ko", spec.description_ko);
    if spec.kind != OptionKind::SubCommand {
        out = out.required(spec.required);
    }
    if spec.kind == OptionKind::Channel {
        out = out.channel_types(vec![ChannelType::Text, ChannelType::News]);
    }
    if let Some(min) = spec.min {
        out = out.min_int_value(min as u64);
    }
    if let Some(max) = spec.max {
        out = out.max_int_value(max as u64);
    }
    if let Some(max_length) = spec.max_length {
        out = out.max_length(max_length);
    }
    for choice in spec.choices {
        out = out.add_string_choice_localized(choice.name, choice.value, [("ko", choice.name_ko)]);
    }
    if spec.autocomplete.is_some() {
        out = out.set_autocomplete(true);
    }
    for sub in spec.options {
        out = out.add_sub_option(option(sub));
    }
    out
}

/// One command as registered with Discord.
pub fn command(spec: &CommandSpec) -> CreateCommand {
    let mut out = CreateCommand::new(spec.name)
        .description(spec.description)
        .name_localized("ko", spec.name_ko)
        .description_localized("ko", spec.description_ko)
        .set_options(spec.options.iter().map(option).collect());
    if spec.moderator {
        out = out.default_member_permissions(Permissions::MANAGE_GUILD);
    }
    out
}

/// The whole command table as registered with Discord.
pub fn commands() -> Vec<CreateCommand> {
    COMMANDS.iter().map(command).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Button, Field};
    use serde_json::json;

    fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).expect("serializes")
    }

    #[test]
    fn every_message_pings_nobody() {
        let body = to_json(&interaction_response(&Response::Message(Reply::text(
            "@everyone look",
        ))));
        assert_eq!(body["type"], 4);
        assert_eq!(
            body["data"]["allowed_mentions"],
            json!({"parse": [], "users": [], "roles": []})
        );
        let body = to_json(&channel_message(&Reply::text("@here")));
        assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    }

    #[test]
    fn files_are_named_in_every_kind_of_answer() {
        let reply = Reply {
            attachments: vec![crate::reply::Attachment {
                filename: "bank.toml".into(),
                bytes: b"[drama]".to_vec(),
            }],
            ..Reply::private("here")
        };
        for body in [
            to_json(&message(&reply)),
            to_json(&follow_up(&reply)),
            to_json(&edit_response(&reply)),
        ] {
            assert_eq!(body["attachments"][0]["filename"], "bank.toml", "{body}");
            assert_eq!(body["allowed_mentions"]["parse"], json!([]));
        }
    }

    #[test]
    fn ephemeral_replies_carry_the_flag() {
        let body = to_json(&interaction_response(&Response::Message(Reply::private(
            "x",
        ))));
        assert_eq!(body["data"]["flags"], 64);
    }

    #[test]
    fn oversized_replies_are_cut_to_discords_limits() {
        let long = "x".repeat(5000);
        let mut embed = Embed::titled(long.clone());
        embed.description = Some(long.clone());
        embed.fields = (0..40)
            .map(|_| Field {
                name: String::new(),
                value: long.clone(),
                inline: false,
            })
            .collect();
        let reply = Reply {
            content: Some(long.clone()),
            embeds: vec![embed],
            buttons: (0..40)
                .map(|i| Button {
                    custom_id: format!("{i}{long}"),
                    label: long.clone(),
                    style: ButtonStyle::Primary,
                    disabled: false,
                })
                .collect(),
            ephemeral: false,
            attachments: Vec::new(),
        };
        let body = to_json(&message(&reply));
        assert_eq!(
            body["content"].as_str().map(|s| s.chars().count()),
            Some(2000)
        );
        let e = &body["embeds"][0];
        let total: usize = ["title", "description"]
            .iter()
            .map(|k| e[k].as_str().map_or(0, |s| s.chars().count()))
            .sum::<usize>()
            + e["fields"].as_array().map_or(0, |fields| {
                fields
                    .iter()
                    .map(|f| {
                        f["name"].as_str().map_or(0, |s| s.chars().count())
                            + f["value"].as_str().map_or(0, |s| s.chars().count())
                    })
                    .sum()
            });
        assert!(total <= 6000, "{total}");
        assert_eq!(e["title"].as_str().map(|s| s.chars().count()), Some(256));
        let rows = body["components"].as_array().expect("rows");
        assert_eq!(rows.len(), 5);
        let button = &rows[0]["components"][0];
        assert_eq!(
            button["label"].as_str().map(|s| s.chars().count()),
            Some(80)
        );
        assert_eq!(
            button["custom_id"].as_str().map(|s| s.chars().count()),
            Some(100)
        );
    }

    #[test]
    fn a_modal_is_cut_to_discords_limits() {
        use crate::reply::TextInput;
        let long = "x".repeat(5000);
        let mut input = TextInput::new(&long, &long, InputStyle::Paragraph);
        input.value = Some(long.clone());
        input.placeholder = Some(long.clone());
        input.min_length = Some(9000);
        input.max_length = Some(9000);
        let m = Modal {
            custom_id: long.clone(),
            title: long.clone(),
            inputs: vec![input; 7],
        };
        let body = to_json(&interaction_response(&Response::Modal(m)));
        assert_eq!(body["type"], 9);
        let data = &body["data"];
        let chars = |v: &serde_json::Value| v.as_str().map(|s| s.chars().count());
        assert_eq!(chars(&data["title"]), Some(45));
        assert_eq!(chars(&data["custom_id"]), Some(100));
        let rows = data["components"].as_array().expect("rows");
        assert_eq!(rows.len(), 5);
        let input = &rows[0]["components"][0];
        assert_eq!(input["type"], 4);
        assert_eq!(input["style"], 2);
        assert_eq!(chars(&input["label"]), Some(45));
        assert_eq!(chars(&input["value"]), Some(4000));
        assert_eq!(chars(&input["placeholder"]), Some(100));
        assert_eq!(input["max_length"], 4000);
        assert_eq!(input["min_length"], 4000);
    }

    #[test]
    fn moderator_commands_are_registered_with_manage_server() {
        let commands = to_json(&commands());
        let settings = commands
            .as_array()
            .and_then(|all| all.iter().find(|c| c["name"] == "settings"))
            .expect("settings is registered");
        assert_eq!(settings["default_member_permissions"], "32");
        assert_eq!(settings["name_localizations"]["ko"], "설정");
        // The trivia settings are registered under /settings, so members never see them.
        let subcommands = |command: &serde_json::Value| -> Vec<String> {
            command["options"].as_array().map_or_else(Vec::new, |all| {
                all.iter()
                    .filter_map(|o| o["name"].as_str().map(str::to_string))
                    .collect()
            })
        };
        assert!(subcommands(settings).contains(&"trivia".to_string()));
        let trivia = commands
            .as_array()
            .and_then(|all| all.iter().find(|c| c["name"] == "trivia"))
            .expect("trivia is registered");
        assert!(trivia["default_member_permissions"].is_null());
        assert!(!subcommands(trivia).contains(&"settings".to_string()));
        let about = commands
            .as_array()
            .and_then(|all| all.iter().find(|c| c["name"] == "about"))
            .expect("about is registered");
        assert!(about["default_member_permissions"].is_null());
    }

    #[test]
    fn a_channel_message_with_files_lists_them_with_string_ids_beside_its_embed() {
        let reply = Reply {
            embeds: vec![crate::reply::Embed::titled("Final standings")],
            attachments: vec![crate::reply::Attachment {
                filename: "standings.png".into(),
                bytes: b"\x89PNG".to_vec(),
            }],
            ..Reply::default()
        };
        let (body, files) = channel_message_with_files(&reply, None);
        assert_eq!(files.len(), 1);
        assert_eq!(body["attachments"][0]["id"], "0", "{body}");
        assert_eq!(body["attachments"][0]["filename"], "standings.png");
        assert_eq!(body["embeds"][0]["title"], "Final standings");
        let (body, _) = channel_message_with_files(&reply, Some("post-1"));
        assert_eq!(body["nonce"], "post-1", "{body}");
        assert_eq!(body["enforce_nonce"], true);
    }
}

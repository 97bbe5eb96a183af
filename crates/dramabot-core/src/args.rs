//! Typed arguments: a command's options read once, by the router, into the handler's own struct.
//!
//! Handlers used to look options up by name (`ctx.string("drama")`) wherever they needed them, so a
//! misspelt name or a wrong kind was a silent `None` at run time. Now each (sub)command that takes
//! options has a struct that implements [`FromOptions`]; its one parser reads the checked options
//! through an [`Options`] view, which knows the table's specs and refuses a name the table does not
//! declare or a kind it does not give. The table names a handler with [`handler`] (or [`no_args`]),
//! which parses the struct and then calls the plain function `fn(&mut Ctx, Args)`.
//!
//! A test in `commands` walks the whole table and parses every entry's struct from sample values,
//! so a struct and its table entry cannot drift apart unnoticed.

use std::cell::RefCell;

use crate::commands::{OptionKind, OptionSpec};
use crate::error::{Error, Result};
use crate::ids::{ChannelId, RoleId, UserId};
use crate::reply::{Attachment, Reply, Response};
use crate::router::{Ctx, Value};

/// A handler's arguments, built from the options the router already checked against the table.
pub trait FromOptions: Sized {
    /// Reads the arguments; fails only when the struct and the table disagree (a bug).
    fn from_options(options: &Options<'_>) -> Result<Self>;
}

/// A type an option's value can be read as, with the option kind the table must give it.
pub trait OptionValue: Sized {
    /// The kind of option this type is read from.
    const KIND: OptionKind;
    /// The value, if it is of this kind.
    fn from_value(value: &Value) -> Option<Self>;
}

impl OptionValue for String {
    const KIND: OptionKind = OptionKind::String;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl OptionValue for i64 {
    const KIND: OptionKind = OptionKind::Integer;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

impl OptionValue for bool {
    const KIND: OptionKind = OptionKind::Boolean;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }
}

impl OptionValue for ChannelId {
    const KIND: OptionKind = OptionKind::Channel;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Channel(c) => Some(*c),
            _ => None,
        }
    }
}

impl OptionValue for UserId {
    const KIND: OptionKind = OptionKind::User;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::User(u) => Some(*u),
            _ => None,
        }
    }
}

impl OptionValue for Attachment {
    const KIND: OptionKind = OptionKind::Attachment;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Attachment { filename, bytes } => Some(Attachment {
                filename: filename.clone(),
                bytes: bytes.clone(),
            }),
            _ => None,
        }
    }
}

impl OptionValue for RoleId {
    const KIND: OptionKind = OptionKind::Role;
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Role(r) => Some(*r),
            _ => None,
        }
    }
}

/// The checked options of one (sub)command, readable only by names its table entry declares.
pub struct Options<'a> {
    specs: &'static [OptionSpec],
    values: &'a [(String, Value)],
    /// The names a parser asked for, so the table test can tell an option nobody reads.
    read: RefCell<Vec<&'static str>>,
}

impl<'a> Options<'a> {
    /// A view of `values` (already checked by the router) under the table's `specs`.
    pub fn new(specs: &'static [OptionSpec], values: &'a [(String, Value)]) -> Options<'a> {
        Options {
            specs,
            values,
            read: RefCell::new(Vec::new()),
        }
    }

    /// The table's spec for `name`, which must be of `kind`.
    fn spec(&self, name: &str, kind: OptionKind) -> Result<&'static OptionSpec> {
        let spec = self
            .specs
            .iter()
            .find(|s| s.name == name && s.kind != OptionKind::SubCommand)
            .ok_or_else(|| {
                Error::CommandTable(format!("reads option `{name}`, which the table lacks"))
            })?;
        if spec.kind != kind {
            return Err(Error::CommandTable(format!(
                "reads option `{name}` as {kind:?}, the table says {:?}",
                spec.kind
            )));
        }
        let mut read = self.read.borrow_mut();
        if !read.contains(&spec.name) {
            read.push(spec.name);
        }
        Ok(spec)
    }

    /// An optional option's value, if the member gave it.
    pub fn get<T: OptionValue>(&self, name: &str) -> Result<Option<T>> {
        let spec = self.spec(name, T::KIND)?;
        match self.values.iter().find(|(n, _)| n == spec.name) {
            None => Ok(None),
            Some((_, value)) => T::from_value(value).map(Some).ok_or_else(|| {
                Error::CommandTable(format!("option `{name}` was not checked as {:?}", T::KIND))
            }),
        }
    }

    /// A required option's value (the router has made sure it is there).
    pub fn require<T: OptionValue>(&self, name: &str) -> Result<T> {
        if !self.spec(name, T::KIND)?.required {
            return Err(Error::CommandTable(format!(
                "requires option `{name}`, which the table lets members leave out"
            )));
        }
        self.get(name)?.ok_or_else(|| {
            Error::CommandTable(format!("required option `{name}` reached a handler unset"))
        })
    }

    /// A text option with fixed choices, as the value `map` pairs with the chosen one. Every choice
    /// the table offers must be in `map`.
    pub fn choice<T: Copy>(&self, name: &str, map: &[(&str, T)]) -> Result<Option<T>> {
        let spec = self.spec(name, OptionKind::String)?;
        let lookup = |value: &str| {
            map.iter()
                .find(|(v, _)| *v == value)
                .map(|(_, t)| *t)
                .ok_or_else(|| {
                    Error::CommandTable(format!("option `{name}` has no meaning for `{value}`"))
                })
        };
        if let Some(missing) = spec.choices.iter().find(|c| lookup(c.value).is_err()) {
            return Err(Error::CommandTable(format!(
                "option `{name}` cannot read the table's choice `{}`",
                missing.value
            )));
        }
        self.get::<String>(name)?.map(|v| lookup(&v)).transpose()
    }

    /// The declared options no parser asked for.
    pub fn unread(&self) -> Vec<&'static str> {
        let read = self.read.borrow();
        self.specs
            .iter()
            .filter(|s| s.kind != OptionKind::SubCommand && !read.contains(&s.name))
            .map(|s| s.name)
            .collect()
    }
}

/// What the command table calls: parses the arguments, then runs the plain handler.
pub trait Handler: Sync {
    /// Parses the handler's arguments from `options` and runs it.
    fn run(&self, ctx: &mut Ctx<'_>, options: &Options<'_>) -> Result<Response>;
    /// Only parses the arguments: how the table test checks a struct against its entry.
    fn parse(&self, options: &Options<'_>) -> Result<()>;
    /// Marked [`quick`] in the table: see [`crate::router::is_quick`].
    fn quick(&self) -> bool {
        false
    }
}

/// A handler marked quick; made by [`quick`].
pub struct Quick<H>(H);

impl<H: Handler> Handler for Quick<H> {
    fn run(&self, ctx: &mut Ctx<'_>, options: &Options<'_>) -> Result<Response> {
        self.0.run(ctx, options)
    }

    fn parse(&self, options: &Options<'_>) -> Result<()> {
        self.0.parse(options)
    }

    fn quick(&self) -> bool {
        true
    }
}

/// Marks a table entry quick, `&quick(no_args(about::run))`: it answers from what the app holds in
/// memory and a few indexed reads, in tens of microseconds, and writes at most rarely (the first
/// `/quote today` of a day). An edge may then run it where it is, instead of handing it to a
/// thread that may block. Only a hint about cost: what the handler does is the same either way.
pub const fn quick<H: Handler>(handler: H) -> Quick<H> {
    Quick(handler)
}

/// A handler with typed arguments; made by [`handler`].
pub struct Typed<A>(fn(&mut Ctx<'_>, A) -> Result<Reply>);

impl<A: FromOptions> Handler for Typed<A> {
    fn run(&self, ctx: &mut Ctx<'_>, options: &Options<'_>) -> Result<Response> {
        let args = A::from_options(options)?;
        (self.0)(ctx, args).map(Response::Message)
    }

    fn parse(&self, options: &Options<'_>) -> Result<()> {
        A::from_options(options).map(drop)
    }
}

/// A handler that takes no options; made by [`no_args`].
pub struct NoArgs(fn(&mut Ctx<'_>) -> Result<Reply>);

impl Handler for NoArgs {
    fn run(&self, ctx: &mut Ctx<'_>, _options: &Options<'_>) -> Result<Response> {
        (self.0)(ctx).map(Response::Message)
    }

    fn parse(&self, _options: &Options<'_>) -> Result<()> {
        Ok(())
    }
}

/// A handler with typed arguments that may answer with something other than a message (a modal);
/// made by [`responder`].
pub struct Responding<A>(fn(&mut Ctx<'_>, A) -> Result<Response>);

impl<A: FromOptions> Handler for Responding<A> {
    fn run(&self, ctx: &mut Ctx<'_>, options: &Options<'_>) -> Result<Response> {
        let args = A::from_options(options)?;
        (self.0)(ctx, args)
    }

    fn parse(&self, options: &Options<'_>) -> Result<()> {
        A::from_options(options).map(drop)
    }
}

/// The table's entry for a handler that answers with a [`Response`]: `&responder(submit::quote)`.
pub const fn responder<A: FromOptions>(
    run: fn(&mut Ctx<'_>, A) -> Result<Response>,
) -> Responding<A> {
    Responding(run)
}

/// The table's entry for a handler of typed arguments: `&handler(trivia::start)`.
pub const fn handler<A: FromOptions>(run: fn(&mut Ctx<'_>, A) -> Result<Reply>) -> Typed<A> {
    Typed(run)
}

/// The table's entry for a handler without options: `&no_args(about::run)`.
pub const fn no_args(run: fn(&mut Ctx<'_>) -> Result<Reply>) -> NoArgs {
    NoArgs(run)
}

/// Values that pass the router's checks for every option in `specs` (only the required ones when
/// `all` is false); the table tests parse every struct from them.
#[cfg(test)]
pub(crate) fn sample_values(specs: &[OptionSpec], all: bool) -> Vec<(String, Value)> {
    specs
        .iter()
        .filter(|s| all || s.required)
        .filter_map(|s| {
            let value = match s.kind {
                OptionKind::String => Value::String(
                    s.choices
                        .first()
                        .map_or_else(|| "x".to_string(), |c| c.value.to_string()),
                ),
                OptionKind::Integer => Value::Integer(s.min.unwrap_or(1)),
                OptionKind::Boolean => Value::Boolean(true),
                OptionKind::Channel => Value::Channel(ChannelId(1)),
                OptionKind::User => Value::User(UserId(1)),
                OptionKind::Attachment => Value::Attachment {
                    filename: "x.yaml".into(),
                    bytes: b"x".to_vec(),
                },
                OptionKind::Role => Value::Role(RoleId(1)),
                OptionKind::SubCommand => return None,
            };
            Some((s.name.to_string(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    static SPECS: &[OptionSpec] = &[
        OptionSpec::integer("rounds", "How many", "문제수", "몇 개").range(1, 30),
        OptionSpec::string("mode", "Which", "방식", "어느 것")
            .required()
            .choices(&[
                crate::commands::ChoiceSpec {
                    name: "hide",
                    name_ko: "숨기기",
                    value: "hide",
                },
                crate::commands::ChoiceSpec {
                    name: "blur",
                    name_ko: "가리기",
                    value: "blur",
                },
            ]),
    ];

    fn values() -> Vec<(String, Value)> {
        vec![("mode".into(), Value::String("blur".into()))]
    }

    #[test]
    fn a_parser_reads_declared_options_by_their_kind() {
        let values = values();
        let options = Options::new(SPECS, &values);
        assert_eq!(options.get::<i64>("rounds").ok(), Some(None));
        assert_eq!(options.require::<String>("mode").ok(), Some("blur".into()));
        assert_eq!(
            options.choice("mode", &[("hide", 1), ("blur", 2)]).ok(),
            Some(Some(2))
        );
        assert!(options.unread().is_empty());
    }

    #[test]
    fn reading_an_undeclared_option_or_the_wrong_kind_is_a_table_error() {
        let values = values();
        let options = Options::new(SPECS, &values);
        for result in [
            options.get::<String>("round").map(drop),
            options.get::<String>("rounds").map(drop),
            options.require::<i64>("rounds").map(drop),
            options.choice("mode", &[("hide", 1)]).map(drop),
        ] {
            assert!(matches!(result, Err(Error::CommandTable(_))), "{result:?}");
        }
        assert_eq!(
            Options::new(SPECS, &values).unread(),
            vec!["rounds", "mode"]
        );
    }
}

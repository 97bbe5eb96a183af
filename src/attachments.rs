//! Attachments in: the files members attach to a command, fetched by the edge before routing.
//!
//! The core never fetches anything (it has no runtime and no network); a command's file option
//! reaches it as [`Value::Attachment`], bytes and all. Discord gives the file's URL, name and size;
//! the file is untrusted, so it is refused by its declared size before any download, the download
//! stops as soon as it grows past [`ATTACHMENT_MAX_BYTES`] (a declared size can lie), and it must
//! finish within [`FETCH_TIMEOUT`]. The fetch runs inside the answer's future, so an interaction
//! whose file is slow to come is deferred like any slow answer.

use std::sync::OnceLock;
use std::time::Duration;

use serenity::all::{CommandDataOptionValue, CommandInteraction};

use crate::i18n::{Locale, msg, tr};
use crate::reply::{Reply, Response};
use crate::router::{self, ATTACHMENT_MAX_BYTES, Action, App, Invocation, Value};

/// How long fetching one attachment may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// An attachment option still to fetch: what Discord resolved it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The option it is the value of.
    pub option: String,
    pub url: String,
    pub filename: String,
    /// The size Discord declares, in bytes.
    pub size: u64,
}

/// Why an attachment could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Larger than the limit (by its declared size, or by what arrived).
    TooLarge,
    TimedOut,
    /// Not an http(s) address, a refused request or a broken download.
    Failed(String),
}

/// The attachment options of a command (of its subcommand, if it has one), resolved.
pub fn pending_of(cmd: &CommandInteraction) -> Vec<Pending> {
    let mut list = cmd.data.options.as_slice();
    if let Some(first) = list.first()
        && let CommandDataOptionValue::SubCommand(inner) = &first.value
    {
        list = inner;
    }
    list.iter()
        .filter_map(|option| match &option.value {
            CommandDataOptionValue::Attachment(id) => {
                let resolved = cmd.data.resolved.attachments.get(id)?;
                Some(Pending {
                    option: option.name.clone(),
                    url: resolved.url.clone(),
                    filename: resolved.filename.clone(),
                    size: u64::from(resolved.size),
                })
            }
            _ => None,
        })
        .collect()
}

/// One HTTP client for every fetch (it keeps its connection pool and TLS roots).
fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .build()
            .unwrap_or_default()
    })
}

/// Fetches one file, at most `max` bytes, within `timeout`.
pub async fn fetch(
    pending: &Pending,
    max: usize,
    timeout: Duration,
) -> Result<Vec<u8>, FetchError> {
    let limit = u64::try_from(max).unwrap_or(u64::MAX);
    if pending.size > limit {
        return Err(FetchError::TooLarge);
    }
    if !(pending.url.starts_with("https://") || pending.url.starts_with("http://")) {
        return Err(FetchError::Failed("not an http(s) address".into()));
    }
    let failed = |e: reqwest::Error| FetchError::Failed(e.without_url().to_string());
    let download = async {
        let mut response = client()
            .get(&pending.url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(failed)?;
        if response
            .content_length()
            .is_some_and(|length| length > limit)
        {
            return Err(FetchError::TooLarge);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if bytes.len() + chunk.len() > max {
                return Err(FetchError::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    };
    tokio::time::timeout(timeout, download)
        .await
        .map_err(|_| FetchError::TimedOut)?
}

/// What the member is told when their file could not be fetched (nothing was run), in `locale`.
fn refusal(error: &FetchError, filename: &str, locale: Locale) -> Response {
    let id = match error {
        FetchError::TooLarge => msg::ROUTER_FILE_NOT_FETCHED_TOO_LARGE,
        FetchError::TimedOut | FetchError::Failed(_) => msg::ROUTER_FILE_NOT_FETCHED,
    };
    let text = tr(
        locale,
        id,
        &[
            ("file", crate::text::clip(filename, 80).into()),
            ("max", (ATTACHMENT_MAX_BYTES / 1024).into()),
        ],
    );
    Response::Message(Reply::private(text))
}

/// Fetches every pending attachment into the invocation's options, or answers why one could not
/// be fetched, in the reader's language ([`router::locale`], read only when refusing).
pub async fn with_attachments(
    app: &App,
    mut inv: Invocation,
    pending: Vec<Pending>,
) -> Result<Invocation, Response> {
    for file in pending {
        match fetch(&file, ATTACHMENT_MAX_BYTES, FETCH_TIMEOUT).await {
            Ok(bytes) => {
                if let Action::Command { options, .. } = &mut inv.action {
                    options.push((
                        file.option,
                        Value::Attachment {
                            filename: file.filename,
                            bytes,
                        },
                    ));
                }
            }
            Err(e) => {
                tracing::info!(id = inv.id, file = %file.filename, size = file.size, error = ?e, "refused an attachment");
                return Err(refusal(&e, &file.filename, router::locale(app, &inv)));
            }
        }
    }
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;

    /// A loopback server with `/small` (3 bytes) and `/big` (a body larger than it declares).
    async fn server() -> String {
        let app = Router::new()
            .route("/small", get(|| async { "abc" }))
            .route("/big", get(|| async { "x".repeat(5000) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}")
    }

    fn pending(url: String, size: u64) -> Pending {
        Pending {
            option: "file".into(),
            url,
            filename: "list.yaml".into(),
            size,
        }
    }

    #[tokio::test]
    async fn a_small_file_is_fetched() {
        let base = server().await;
        let bytes = fetch(&pending(format!("{base}/small"), 3), 100, FETCH_TIMEOUT).await;
        assert_eq!(bytes, Ok(b"abc".to_vec()));
    }

    #[tokio::test]
    async fn a_file_declared_too_large_is_refused_before_downloading() {
        // Nothing listens here: a download attempt would fail otherwise than TooLarge.
        let refused = fetch(
            &pending("http://127.0.0.1:9/never".into(), 20 * 1024 * 1024),
            ATTACHMENT_MAX_BYTES,
            FETCH_TIMEOUT,
        )
        .await;
        assert_eq!(refused, Err(FetchError::TooLarge));
    }

    #[tokio::test]
    async fn a_file_larger_than_it_declares_is_cut_off() {
        let base = server().await;
        let refused = fetch(&pending(format!("{base}/big"), 10), 1000, FETCH_TIMEOUT).await;
        assert_eq!(refused, Err(FetchError::TooLarge));
    }

    #[tokio::test]
    async fn a_slow_file_times_out() {
        let base = server().await;
        let refused = fetch(
            &pending(format!("{base}/slow"), 4),
            100,
            Duration::from_millis(200),
        )
        .await;
        assert_eq!(refused, Err(FetchError::TimedOut));
    }

    #[tokio::test]
    async fn a_refused_file_is_answered_privately_and_nothing_runs() {
        let inv = crate::router::Invocation {
            id: 1,
            guild: None,
            channel: crate::ids::ChannelId(1),
            user: crate::ids::UserId(1),
            user_name: "mod".into(),
            locale: "en-US".into(),
            is_moderator: true,
            roles: Vec::new(),
            now: jiff::Timestamp::UNIX_EPOCH,
            action: Action::Command {
                name: "content".into(),
                subcommand: Some("import".into()),
                options: Vec::new(),
            },
        };
        let app = App::new(dramabot_core::store::sample::store_with_sample());
        for (tag, said) in [("en-US", "too large"), ("ko", "파일이 너무 커요")] {
            let inv = Invocation {
                locale: tag.into(),
                ..inv.clone()
            };
            let answer = with_attachments(
                &app,
                inv,
                vec![pending("http://127.0.0.1:9/x".into(), 30 * 1024 * 1024)],
            )
            .await;
            match answer {
                Err(Response::Message(reply)) => {
                    assert!(reply.ephemeral);
                    assert!(reply.content.unwrap_or_default().contains(said));
                }
                other => panic!("a refusal, not {other:?}"),
            }
        }
    }
}

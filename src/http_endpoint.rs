//! HTTP interactions mode: Discord POSTs each interaction to us instead of using the gateway.
//!
//! Every request must carry a valid Ed25519 signature of its timestamp and body, made with the
//! application's key, and a timestamp no more than five minutes old; bodies over 1 MiB are refused
//! before they are read whole. A valid interaction goes through the same router and the same
//! [`answer`] as the gateway edge, so it is answered within 3 seconds (deferred when slower) and
//! renders exactly as it would there.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response as HttpResponse};
use axum::routing::post;
use jiff::Timestamp;
use serenity::all::{CreateInteractionResponse, Http, Interaction};
use serenity::async_trait;
use serenity::interactions_endpoint::Verifier;
use tokio::sync::oneshot;

use crate::discord::{
    DEFER_AFTER, Deferral, Responder, answer, button_invocation, command_invocation,
    modal_invocation, report_checks, route_reporting,
};
use crate::ids::log_guild;
use crate::render;
use crate::reply::Reply;
use crate::router::App;
use crate::scheduler::Wake;

/// The largest body accepted.
pub const MAX_BODY: usize = 1 << 20;
/// How old (or how far in the future) a signed timestamp may be.
pub const MAX_SKEW_SECONDS: i64 = 300;

/// What the endpoint needs: the app, the key check, and a REST client for deferred answers.
#[derive(Clone)]
pub struct Endpoint {
    app: Arc<App>,
    wake: Arc<Wake>,
    verifier: Arc<Verifier>,
    http: Arc<Http>,
}

impl Endpoint {
    /// An endpoint for the application with this public key (64 hex digits). `http` sends the
    /// edits that complete deferred answers.
    pub fn new(
        app: Arc<App>,
        wake: Arc<Wake>,
        public_key_hex: &str,
        http: Arc<Http>,
    ) -> Result<Endpoint, String> {
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = public_key_hex
                .get(2 * i..2 * i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or("the public key must be 64 hexadecimal digits")?;
        }
        let verifier =
            Verifier::try_new(key).map_err(|_| "the public key is not a valid Ed25519 key")?;
        Ok(Endpoint {
            app,
            wake,
            verifier: Arc::new(verifier),
            http,
        })
    }

    /// The routes: interactions are accepted at `/` and at `/interactions`.
    pub fn router(self) -> Router {
        Router::new()
            .route("/", post(interactions))
            .route("/interactions", post(interactions))
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(self)
    }
}

fn refuse(status: StatusCode, why: &'static str) -> HttpResponse {
    (status, why).into_response()
}

/// Checks the signature headers against the body; `now` is the current Unix time in seconds.
fn verify(
    verifier: &Verifier,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> Result<(), &'static str> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return Err("missing signature");
    };
    let sent: i64 = timestamp.parse().map_err(|_| "bad timestamp")?;
    // `abs_diff`: the header is not verified yet, and any i64 may arrive.
    if now.abs_diff(sent) > MAX_SKEW_SECONDS.unsigned_abs() {
        return Err("stale timestamp");
    }
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| "bad signature")
}

async fn interactions(
    State(endpoint): State<Endpoint>,
    headers: HeaderMap,
    body: Bytes,
) -> HttpResponse {
    if let Err(why) = verify(
        &endpoint.verifier,
        &headers,
        &body,
        Timestamp::now().as_second(),
    ) {
        tracing::info!(why, "refused an HTTP interaction");
        return refuse(StatusCode::UNAUTHORIZED, why);
    }
    // Only the type is read first (a ping is answered at once); the body is then read as the
    // interaction itself, with no JSON tree built on the way.
    let kind: Kind = match serde_json::from_slice(&body) {
        Ok(kind) => kind,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "the body is not JSON"),
    };
    if kind.kind.is_some_and(|kind| kind == 1) {
        return json_response(r#"{"type":1}"#.to_string());
    }
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(interaction) => interaction,
        Err(e) => {
            tracing::info!(error = %e, "refused a malformed HTTP interaction");
            return refuse(
                StatusCode::BAD_REQUEST,
                "not an interaction this bot understands",
            );
        }
    };
    let (inv, token, application, deferral) = match &interaction {
        Interaction::Command(cmd) => (
            command_invocation(cmd, false),
            cmd.token.clone(),
            cmd.application_id,
            Deferral::Command,
        ),
        Interaction::Autocomplete(cmd) => (
            command_invocation(cmd, true),
            cmd.token.clone(),
            cmd.application_id,
            Deferral::Autocomplete,
        ),
        Interaction::Component(press) => (
            button_invocation(press),
            press.token.clone(),
            press.application_id,
            Deferral::Button,
        ),
        Interaction::Modal(submit) => (
            modal_invocation(submit),
            submit.token.clone(),
            submit.application_id,
            Deferral::Command,
        ),
        _ => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "not an interaction this bot understands",
            );
        }
    };
    let files = match &interaction {
        Interaction::Command(cmd) => crate::attachments::pending_of(cmd),
        _ => Vec::new(),
    };
    endpoint.http.set_application_id(application);
    let (tx, rx) = oneshot::channel();
    let responder = HttpResponder {
        callback: Mutex::new(Some(tx)),
        http: endpoint.http.clone(),
        token,
    };
    let (app, wake) = (endpoint.app.clone(), endpoint.wake.clone());
    let (id, guild, user) = (inv.id, log_guild(inv.guild), inv.user.0);
    let late = crate::discord::late_locale(&app, &inv);
    // The answer may outlive this request (a deferral is followed by an edit), so it runs on its own.
    tokio::spawn(async move {
        let checks = Mutex::new(Vec::new());
        let found = &checks;
        let response = async {
            match crate::attachments::with_attachments(&app, inv, files).await {
                Ok(inv) => {
                    let (response, checks) = route_reporting(app.clone(), wake, inv).await;
                    *found.lock().unwrap_or_else(|e| e.into_inner()) = checks;
                    response
                }
                Err(refusal) => refusal,
            }
        };
        if let Err(e) = answer(&responder, response, DEFER_AFTER, deferral, late).await {
            tracing::error!(id, guild, user, error = %e, "could not complete an HTTP interaction");
        }
        let checks = checks.into_inner().unwrap_or_else(|e| e.into_inner());
        report_checks(&app, &responder.http, &responder, checks).await;
    });
    let encoded = match rx.await {
        Ok(Callback::Json(json)) => Ok(json.get().to_string()),
        Ok(Callback::Built(response)) => serde_json::to_string(&response),
        Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no answer"),
    };
    match encoded {
        Ok(body) => json_response(body),
        Err(_) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "cannot encode the answer",
        ),
    }
}

/// The one field of an interaction read before the rest: 1 is Discord's ping.
#[derive(serde::Deserialize)]
struct Kind {
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
}

fn json_response(body: String) -> HttpResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// The callback an HTTP interaction is answered with: built by the edge, or the JSON of an answer
/// (the same as one sent lately is the JSON already made, as on the gateway).
enum Callback {
    Built(Box<CreateInteractionResponse>),
    Json(Arc<serde_json::value::RawValue>),
}

/// Answers an HTTP interaction: the first response is the HTTP response itself; a deferred answer
/// is completed through REST with the interaction's token.
struct HttpResponder {
    callback: Mutex<Option<oneshot::Sender<Callback>>>,
    http: Arc<Http>,
    token: String,
}

impl HttpResponder {
    /// Hands the callback to the waiting request, once.
    fn call_back(&self, callback: Callback) {
        let sender = self
            .callback
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(sender) = sender {
            // The request may have been dropped by the client; nothing more can be done then.
            let _ = sender.send(callback);
        }
    }
}

#[async_trait]
impl Responder for HttpResponder {
    async fn respond(&self, response: CreateInteractionResponse) -> serenity::Result<()> {
        self.call_back(Callback::Built(Box::new(response)));
        Ok(())
    }

    async fn respond_with(&self, response: &crate::reply::Response) -> serenity::Result<()> {
        self.call_back(Callback::Json(crate::discord::rendered_json(response)?));
        Ok(())
    }

    async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
        let (body, files) = render::edit_response_with_files(reply);
        self.http
            .edit_original_interaction_response(&self.token, &body, files)
            .await
            .map(|_| ())
    }

    async fn follow_up(&self, reply: &Reply) -> serenity::Result<()> {
        let (body, files) = render::follow_up_with_files(reply);
        self.http
            .create_followup_message(&self.token, &body, files)
            .await
            .map(|_| ())
    }

    async fn delete_original(&self) -> serenity::Result<()> {
        self.http
            .delete_original_interaction_response(&self.token)
            .await
    }
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    endpoint: Endpoint,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, endpoint.router())
        .with_graceful_shutdown(shutdown)
        .await
}

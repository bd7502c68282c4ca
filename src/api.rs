//! The one typed HTTP client of the panel (gloo-net): the only place that builds URLs. It
//! speaks every cloud's privatelink (Azure, AWS, Google).
//! Methods take core's types (`approve(&ConnectionId)`, `set_ip(&ConnectionId, EndpointIp)`,
//! `create(&[SubscriptionId])`), so nothing unchecked reaches the wire.
//!
//! Every call returns `Result<T, ApiError>` up to the view. Each request carries an
//! `AbortController`: it is aborted after the timeout ([`DEFAULT_TIMEOUT_MS`] unless the host
//! sets `requestTimeoutMs`), so no spinner runs forever, and
//! when the panel unmounts ([`Client::abort_all`]).

use leptos::prelude::{RwSignal, Set};
use privatelink_core::roles::PERMISSION_DENIED;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use privatelink_core::access::AccessChange;
use privatelink_core::wire::{
    AwsConnection, AwsConnectionList, AwsPrivatelink, AzurePrivatelink, AzurePrivatelinkConnection,
    ConnectionList, GoogleConnection, GoogleConnectionList, GooglePrivatelink, ServiceEnvelope,
};
use privatelink_core::{Cloud, ConnectionId, EndpointIp, PrincipalList, Service, SubscriptionId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use crate::decode::{self, obj, strings, FromJs};

/// A request taking longer than this is aborted and reported as a timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// Why a call failed, as the view needs to tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The API answered with its error body.
    Api {
        status: u16,
        message: String,
        /// The body's `errors[0].error_code`, when it has one.
        code: Option<String>,
    },
    /// 401: the token was refused.
    Unauthorized { message: String },
    /// 403: the token lacks access to the project.
    Forbidden {
        message: String,
        code: Option<String>,
    },
    /// No answer: network down, DNS, CORS.
    Network(String),
    /// The host page's token provider threw, rejected or gave no string. The person sees
    /// a sentence; the details went to the console (they hold the host's script URLs).
    TokenProvider,
    /// No answer within this many milliseconds.
    Timeout(u32),
    /// The panel was unmounted while the call was in flight; never shown.
    Aborted,
    /// The answer was not in the expected shape.
    Decode(String),
    /// The request body could not be built; nothing was sent.
    Encode(String),
    /// A multi-step action stopped before its end; the sentence says why.
    Stopped(String),
}

impl ApiError {
    /// The API's `error_code`, when its error body had one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Api { code, .. } | ApiError::Forbidden { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// Whether the API said the member's role lacks the permission.
    pub fn permission_denied(&self) -> bool {
        self.code() == Some(PERMISSION_DENIED)
    }

    /// Whose side failed, as a stable word for the host (`privatelink-error`'s `code`).
    pub fn kind(&self) -> &'static str {
        match self {
            ApiError::Api { .. } | ApiError::Unauthorized { .. } | ApiError::Forbidden { .. } => {
                "http"
            }
            ApiError::TokenProvider => "token-provider",
            ApiError::Network(_) => "network",
            ApiError::Timeout(_) => "timeout",
            ApiError::Aborted => "aborted",
            ApiError::Decode(_) => "decode",
            ApiError::Encode(_) => "encode",
            ApiError::Stopped(_) => "stopped",
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } => Some(*status),
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Api { message, .. } | ApiError::Stopped(message) => f.write_str(message),
            ApiError::Unauthorized { message } => write!(
                f,
                "The API refused the token (401): {message} Check the token the panel was given."
            ),
            // A member whose role lacks the permission: what to do, not the API's wording.
            ApiError::Forbidden { code: Some(c), .. } if c == PERMISSION_DENIED => {
                f.write_str(crate::components::read_only::READ_ONLY_SENTENCE)
            }
            ApiError::Forbidden { message, .. } => write!(
                f,
                "The token lacks access to this project (403): {message} It needs service:configuration:write."
            ),
            ApiError::TokenProvider => f.write_str(
                "The page could not provide a sign-in token. Try again, or reload the page.",
            ),
            ApiError::Network(e) => write!(
                f,
                "Could not reach the API ({e}). Check the connection and try again."
            ),
            // Integer arithmetic: formatting an f64 links ~14 kB of float printing.
            ApiError::Timeout(ms) => write!(
                f,
                "The API did not answer within {}.{} seconds. Try again.",
                ms / 1000,
                ms % 1000 / 100
            ),
            ApiError::Aborted => f.write_str("The request was cancelled."),
            ApiError::Decode(e) => write!(f, "The API answered in an unexpected shape: {e}"),
            ApiError::Encode(e) => write!(f, "The request could not be prepared ({e}); nothing was sent."),
        }
    }
}

/// The requests the define module (`src/define.js`, `startEarly`) started while the wasm
/// was still loading: the service GET, then that service's privatelink and connections,
/// each with its own token, timer and abort controller. The panel's call for the same URL
/// adopts one ([`Client::with_early`]); the panel's first load ends the rest
/// ([`Client::end_early`]).
#[derive(Clone)]
pub struct Early(JsValue);

impl Early {
    /// `{take(url), abort()}` as the define module gives it; `None` for anything else.
    pub fn from_js(v: JsValue) -> Option<Early> {
        let is_fn = |k: &str| js_sys::Reflect::get(&v, &k.into()).is_ok_and(|f| f.is_function());
        (v.is_object() && is_fn("take") && is_fn("abort")).then(|| Early(v.clone()))
    }

    fn call(&self, name: &str, arg: &JsValue) -> Option<JsValue> {
        js_sys::Reflect::get(&self.0, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(&self.0, arg).ok())
    }
}

/// An adopted early request: its answer to come, its controller (now the panel's), and
/// whether its timer ran out before the panel took it.
struct Adopted {
    response: js_sys::Promise,
    controller: AbortController,
    timed_out: bool,
    /// Milliseconds left of its timeout when the panel took it.
    left_ms: u32,
}

/// A request's place in its client's in-flight lists and its timeout, given up when the call
/// ends however it ends: with its answer, or dropped unfinished (a load that calls off a
/// list it asked for ahead), so no timer or list entry outlives it.
struct InFlight<'a> {
    client: &'a Client,
    controller: AbortController,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl InFlight<'_> {
    /// (Re)starts the timeout: after `ms`, `timed_out` is set and the request aborted.
    fn arm(&mut self, ms: u32, timed_out: &Rc<std::cell::Cell<bool>>) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
        let controller = self.controller.clone();
        let timed_out = timed_out.clone();
        self.timer = leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            std::time::Duration::from_millis(u64::from(ms)),
        )
        .ok();
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.client.forget(&self.controller, self.timer.take());
    }
}

/// Where the token comes from: a fixed string or a JS function returning a string or a
/// Promise of one (called for every request, so a host can refresh tokens).
#[derive(Clone)]
pub enum TokenSource {
    Fixed(String),
    Provider(js_sys::Function),
}

impl TokenSource {
    /// The token for one request. A provider's promise is raced with `signal`, so the
    /// request's timeout (and an unmount) also covers a provider that never answers.
    async fn get(&self, signal: &web_sys::AbortSignal) -> Result<String, ApiError> {
        // `onabort` never fires for a signal aborted already.
        if signal.aborted() {
            return Err(ApiError::Aborted);
        }
        match self {
            TokenSource::Fixed(t) => Ok(t.clone()),
            TokenSource::Provider(f) => {
                let v = f.call0(&JsValue::NULL).map_err(token_provider_failed)?;
                let v = match v.dyn_into::<js_sys::Promise>() {
                    Ok(p) => {
                        let aborted = js_sys::Promise::new(&mut |_, reject| {
                            signal.set_onabort(Some(&reject));
                        });
                        let r = JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(
                            &p, &aborted,
                        )))
                        .await;
                        signal.set_onabort(None);
                        r.map_err(|e| {
                            // An abort (unmount, timeout) is not the provider's failure.
                            if signal.aborted() {
                                ApiError::Aborted
                            } else {
                                token_provider_failed(e)
                            }
                        })?
                    }
                    Err(v) => v,
                };
                v.as_string().ok_or_else(|| {
                    token_provider_failed(JsValue::from_str("it returned no string"))
                })
            }
        }
    }
}

/// The token provider's failure: its details (an error with the host's stack and script
/// URLs) to the console for the page's developers, a sentence for the person.
fn token_provider_failed(e: JsValue) -> ApiError {
    web_sys::console::error_2(
        &JsValue::from_str("privatelink-panel: the token provider failed:"),
        &e,
    );
    ApiError::TokenProvider
}

/// The client of one panel: API base, token, project and service.
#[derive(Clone)]
pub struct Client {
    base: String,
    token: TokenSource,
    pub project: String,
    pub service: String,
    timeout_ms: u32,
    in_flight: Rc<RefCell<Vec<AbortController>>>,
    /// For a [`Client::scoped`] client, the panel's list too: its requests end on unmount.
    parent: Option<Rc<RefCell<Vec<AbortController>>>>,
    /// Where `privatelink-error` events go (the mount element).
    events: Option<web_sys::HtmlElement>,
    /// The define module's early requests, until the first load ends.
    early: Rc<RefCell<Option<Early>>>,
    /// Set by [`Client::close`] (unmount): every later call ends at once as aborted.
    /// Shared with the [`Client::scoped`] clients of the same panel.
    closed: Rc<std::cell::Cell<bool>>,
    /// Set when the API says the member's role lacks the permission (the panel's
    /// read-only view).
    denied: Option<RwSignal<bool>>,
}

fn enc(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}

enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Client {
    /// `base` is the API origin or a same-origin proxy path; `""` means this origin.
    pub fn new(base: &str, token: TokenSource, project: &str, service: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_owned(),
            token,
            project: project.to_owned(),
            service: service.to_owned(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            in_flight: Rc::default(),
            parent: None,
            events: None,
            early: Rc::default(),
            closed: Rc::default(),
            denied: None,
        }
    }

    /// Adopts `early`'s requests for the calls to their URLs.
    pub fn with_early(self, early: Option<Early>) -> Client {
        *self.early.borrow_mut() = early;
        self
    }

    /// Sets `signal` whenever the API refuses a call for want of a permission.
    pub fn with_denied(mut self, signal: RwSignal<bool>) -> Client {
        self.denied = Some(signal);
        self
    }

    /// Reports failed requests as `privatelink-error` events on `target`.
    pub fn with_events(mut self, target: web_sys::HtmlElement) -> Client {
        self.events = Some(target);
        self
    }

    fn report<T>(&self, r: Result<T, ApiError>) -> Result<T, ApiError> {
        if let (Err(e), Some(target)) = (&r, &self.events) {
            crate::events::failed(target, e);
        }
        if let (Err(e), Some(denied)) = (&r, self.denied) {
            if e.permission_denied() {
                let _ = denied.try_set(true);
            }
        }
        r
    }

    /// The same client, saying nothing of its failures (no event, no read-only switch):
    /// for a request asked ahead of knowing whether it is wanted.
    pub fn quiet(&self) -> Client {
        Client {
            events: None,
            denied: None,
            ..self.clone()
        }
    }

    /// Sets how long a request may take before it is aborted as a timeout.
    pub fn with_timeout_ms(mut self, ms: u32) -> Client {
        self.timeout_ms = ms;
        self
    }

    /// The same client with a request list of its own, so one task's requests can be
    /// aborted alone ([`Client::abort_all`] on it); the panel's unmount still ends them.
    pub fn scoped(&self) -> Client {
        Client {
            in_flight: Rc::default(),
            parent: Some(self.in_flight.clone()),
            ..self.clone()
        }
    }

    /// Aborts every request in flight (on unmount; on a scoped client, its own only).
    /// The project and service, as the `avn` commands name them.
    pub fn target(&self) -> privatelink_core::commands::Target<'_> {
        privatelink_core::commands::Target {
            project: &self.project,
            service: &self.service,
        }
    }

    /// Ends the panel's client for good (unmount): aborts what is in flight, scoped
    /// clients' requests included, and refuses whatever a task still tries to send.
    pub fn close(&self) {
        self.closed.set(true);
        self.end_early();
        self.abort_all();
    }

    /// Aborts the define module's early requests no call has taken (the end of the first
    /// load: what it did not ask for is not wanted).
    pub fn end_early(&self) {
        if let Some(e) = self.early.borrow_mut().take() {
            e.call("abort", &JsValue::UNDEFINED);
        }
    }

    pub fn abort_all(&self) {
        for c in self.in_flight.borrow_mut().drain(..) {
            c.abort();
        }
    }

    fn service_url(&self) -> String {
        format!(
            "{}/v1/project/{}/service/{}",
            self.base,
            enc(&self.project),
            enc(&self.service)
        )
    }

    fn azure_url(&self) -> String {
        self.cloud_url(Cloud::Azure)
    }

    /// `…/privatelink/{aws|azure|google}`.
    fn cloud_url(&self, cloud: Cloud) -> String {
        format!("{}/privatelink/{}", self.service_url(), cloud.as_str())
    }

    fn azure_connection_url(&self, id: &ConnectionId) -> String {
        format!("{}/connections/{}", self.azure_url(), enc(id.as_str()))
    }

    /// One request; the answer's parsed JSON on 2xx, the API's error otherwise. Not
    /// generic, so its code exists once in the wasm; [`Client::call`] decodes.
    async fn call_raw(
        &self,
        method: Method,
        url: String,
        body: Option<JsValue>,
    ) -> Result<JsValue, ApiError> {
        // Serialised before anything is sent: a body that cannot be built is an error,
        // never a request without it.
        let body = match body {
            Some(b) => Some(
                js_sys::JSON::stringify(&b)
                    .map_err(|e| ApiError::Encode(format!("{e:?}")))?
                    .as_string()
                    .unwrap_or_default(),
            ),
            None => None,
        };
        // Nothing more once the panel is gone (a load's next step after an unmount).
        if self.closed.get() {
            return Err(ApiError::Aborted);
        }
        // A GET the define module started while the wasm loaded, if this is one.
        let early = match (&method, &body) {
            (Method::Get, None) => self.adopt_early(&url),
            _ => None,
        };
        // The timer starts before the token is asked for: a token provider that never
        // answers ends as a timeout like a server that never answers.
        let controller = match &early {
            Some(e) => e.controller.clone(),
            None => AbortController::new().map_err(js_error)?,
        };
        self.in_flight.borrow_mut().push(controller.clone());
        if let Some(p) = &self.parent {
            p.borrow_mut().push(controller.clone());
        }
        let timed_out = Rc::new(std::cell::Cell::new(false));
        let mut flight = InFlight {
            client: self,
            controller: controller.clone(),
            timer: None,
        };
        // An adopted request keeps the deadline it started with.
        flight.arm(
            early
                .as_ref()
                .map_or(self.timeout_ms, |e| e.left_ms.clamp(100, self.timeout_ms)),
            &timed_out,
        );
        let outcome = match early {
            Some(e) if e.timed_out => Err(ApiError::Timeout(self.timeout_ms)),
            Some(e) => match JsFuture::from(e.response).await {
                Ok(r) => match r.dyn_into::<web_sys::Response>() {
                    Ok(r) => read(Response::from(r)).await,
                    // Aborted meanwhile (the mapping below says by whom).
                    Err(_) if controller.signal().aborted() => Err(ApiError::Aborted),
                    // Not sent (the token provider failed there): asked here, where a
                    // failure is reported as any other, with the whole time of a request
                    // of the panel's own.
                    Err(_) => {
                        flight.arm(self.timeout_ms, &timed_out);
                        self.send(method, &url, body, &controller).await
                    }
                },
                Err(e) => Err(js_error(e)),
            },
            None => self.send(method, &url, body, &controller).await,
        };
        // Only now, with the body read (or failed): until then unmount, a cancel and the
        // timeout all reach the request, a slow body included.
        drop(flight);
        match outcome {
            // The early request's own timer ran out before the panel took it.
            Err(e @ ApiError::Timeout(_)) => Err(e),
            Err(_) if timed_out.get() => Err(ApiError::Timeout(self.timeout_ms)),
            Err(_) if controller.signal().aborted() => Err(ApiError::Aborted),
            other => other,
        }
    }

    /// Takes the define module's early request for `url`, if it started one (once).
    fn adopt_early(&self, url: &str) -> Option<Adopted> {
        let early = self.early.borrow().clone()?;
        let taken = early.call("take", &JsValue::from_str(url))?;
        if !taken.is_object() {
            return None;
        }
        let get = |k: &str| js_sys::Reflect::get(&taken, &k.into()).ok();
        Some(Adopted {
            response: get("response")?.dyn_into().ok()?,
            controller: get("controller")?.dyn_into().ok()?,
            timed_out: get("timedOut").and_then(|t| t.as_bool()).unwrap_or(false),
            left_ms: get("left")
                .and_then(|t| t.as_f64())
                .map_or(self.timeout_ms, |t| t as u32),
        })
    }

    /// Asks for the token, sends the request and reads its body, all under `controller`.
    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        controller: &AbortController,
    ) -> Result<JsValue, ApiError> {
        let token = self.token.get(&controller.signal()).await?;
        // The panel may have gone while the token was asked for.
        if self.closed.get() {
            return Err(ApiError::Aborted);
        }
        let builder: RequestBuilder = match method {
            Method::Get => Request::get(url),
            Method::Post => Request::post(url),
            Method::Put => Request::put(url),
            Method::Delete => Request::delete(url),
        }
        .header("Authorization", &format!("aivenv1 {token}"))
        .abort_signal(Some(&controller.signal()));
        let request = match body {
            Some(b) => builder.header("Content-Type", "application/json").body(b),
            None => builder.build(),
        }
        .map_err(network)?;
        let response = request.send().await.map_err(network)?;
        read(response).await
    }

    async fn call<T: FromJs>(
        &self,
        method: Method,
        url: String,
        body: Option<JsValue>,
    ) -> Result<T, ApiError> {
        let r = match self.call_raw(method, url, body).await {
            Ok(v) => T::from_js(&v).map_err(ApiError::Decode),
            Err(e) => Err(e),
        };
        self.report(r)
    }

    fn forget(&self, c: &AbortController, timer: Option<leptos::prelude::TimeoutHandle>) {
        if let Some(t) = timer {
            t.clear();
        }
        let other = |x: &AbortController| !JsValue::from(x).loose_eq(&JsValue::from(c));
        self.in_flight.borrow_mut().retain(other);
        if let Some(p) = &self.parent {
            p.borrow_mut().retain(other);
        }
    }

    pub async fn service(&self) -> Result<Service, ApiError> {
        let env: ServiceEnvelope = self.call(Method::Get, self.service_url(), None).await?;
        Ok(env.service)
    }

    /// `Ok(None)` when the service has no privatelink (404).
    pub async fn azure_privatelink(&self) -> Result<Option<AzurePrivatelink>, ApiError> {
        self.get_optional(self.azure_url()).await
    }

    /// A GET whose 404 means "there is none": not reported as a failure.
    async fn get_optional<T: FromJs>(&self, url: String) -> Result<Option<T>, ApiError> {
        let r = match self.call_raw(Method::Get, url, None).await {
            Ok(v) => T::from_js(&v).map(Some).map_err(ApiError::Decode),
            Err(ApiError::Api { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        };
        self.report(r)
    }

    /// The AWS PrivateLink; `Ok(None)` when the service has none.
    pub async fn aws_privatelink(&self) -> Result<Option<AwsPrivatelink>, ApiError> {
        self.get_optional(self.cloud_url(Cloud::Aws)).await
    }

    /// `principals`, and `supported_regions` only when some are given (as avn sends it).
    fn principals_body(principals: &PrincipalList, regions: &[String]) -> JsValue {
        let arns: Vec<&str> = principals.iter().map(|p| p.as_str()).collect();
        let mut fields = vec![("principals", strings(&arns))];
        if !regions.is_empty() {
            fields.push(("supported_regions", strings(regions)));
        }
        obj(&fields)
    }

    /// Creates the AWS PrivateLink; `regions` are the additional regions endpoints may
    /// connect from (none: only the service's own).
    pub async fn aws_create(
        &self,
        principals: &PrincipalList,
        regions: &[String],
    ) -> Result<AwsPrivatelink, ApiError> {
        let body = Self::principals_body(principals, regions);
        self.call(Method::Post, self.cloud_url(Cloud::Aws), Some(body))
            .await
    }

    /// Replaces the principals (the whole list, as the API does).
    pub async fn aws_update(&self, principals: &PrincipalList) -> Result<AwsPrivatelink, ApiError> {
        let body = Self::principals_body(principals, &[]);
        self.call(Method::Put, self.cloud_url(Cloud::Aws), Some(body))
            .await
    }

    pub async fn aws_delete(&self) -> Result<AwsPrivatelink, ApiError> {
        self.call(Method::Delete, self.cloud_url(Cloud::Aws), None)
            .await
    }

    pub async fn aws_connections(&self) -> Result<Vec<AwsConnection>, ApiError> {
        let url = format!("{}/connections", self.cloud_url(Cloud::Aws));
        let list: AwsConnectionList = self.call(Method::Get, url, None).await?;
        Ok(list.connections)
    }

    /// The Google Private Service Connect; `Ok(None)` when the service has none.
    pub async fn google_privatelink(&self) -> Result<Option<GooglePrivatelink>, ApiError> {
        self.get_optional(self.cloud_url(Cloud::Google)).await
    }

    /// Creates it; the API takes no fields (the body is `{}`, as avn sends).
    pub async fn google_create(&self) -> Result<GooglePrivatelink, ApiError> {
        self.call(Method::Post, self.cloud_url(Cloud::Google), Some(obj(&[])))
            .await
    }

    pub async fn google_delete(&self) -> Result<GooglePrivatelink, ApiError> {
        self.call(Method::Delete, self.cloud_url(Cloud::Google), None)
            .await
    }

    /// Asks Aiven to look for VPC endpoints AWS has not told it of (avn's fallback, not in
    /// the OpenAPI document). Not reported as a `privatelink-error`: the panel carries on
    /// without it, so a host should not show a failure.
    pub async fn aws_refresh(&self) -> Result<(), ApiError> {
        let url = format!("{}/refresh", self.cloud_url(Cloud::Aws));
        self.call_raw(Method::Post, url, None).await.map(|_| ())
    }

    pub async fn google_refresh(&self) -> Result<(), ApiError> {
        let url = format!("{}/refresh", self.cloud_url(Cloud::Google));
        let _: decode::Ignored = self.call(Method::Post, url, None).await?;
        Ok(())
    }

    pub async fn google_connections(&self) -> Result<Vec<GoogleConnection>, ApiError> {
        let url = format!("{}/connections", self.cloud_url(Cloud::Google));
        let list: GoogleConnectionList = self.call(Method::Get, url, None).await?;
        Ok(list.connections)
    }

    /// Approves a pending connection with its endpoint's IP, in one call.
    pub async fn google_approve(
        &self,
        id: &ConnectionId,
        ip: EndpointIp,
    ) -> Result<GoogleConnection, ApiError> {
        let url = format!(
            "{}/connections/{}/approve",
            self.cloud_url(Cloud::Google),
            enc(id.as_str())
        );
        let body = obj(&[("user_ip_address", JsValue::from_str(&ip.to_string()))]);
        self.call(Method::Post, url, Some(body)).await
    }

    fn allowlist_body(subs: &[SubscriptionId]) -> JsValue {
        obj(&[("user_subscription_ids", strings(subs))])
    }

    pub async fn azure_create(
        &self,
        subs: &[SubscriptionId],
    ) -> Result<AzurePrivatelink, ApiError> {
        let body = Self::allowlist_body(subs);
        self.call(Method::Post, self.azure_url(), Some(body)).await
    }

    pub async fn azure_update(
        &self,
        subs: &[SubscriptionId],
    ) -> Result<AzurePrivatelink, ApiError> {
        let body = Self::allowlist_body(subs);
        self.call(Method::Put, self.azure_url(), Some(body)).await
    }

    pub async fn azure_delete(&self) -> Result<AzurePrivatelink, ApiError> {
        self.call(Method::Delete, self.azure_url(), None).await
    }

    pub async fn azure_refresh(&self) -> Result<(), ApiError> {
        let url = format!("{}/refresh", self.azure_url());
        let _: decode::Ignored = self.call(Method::Post, url, None).await?;
        Ok(())
    }

    pub async fn azure_connections(&self) -> Result<Vec<AzurePrivatelinkConnection>, ApiError> {
        let url = format!("{}/connections", self.azure_url());
        let list: ConnectionList = self.call(Method::Get, url, None).await?;
        Ok(list.connections)
    }

    pub async fn azure_approve(
        &self,
        id: &ConnectionId,
    ) -> Result<AzurePrivatelinkConnection, ApiError> {
        let url = format!("{}/approve", self.azure_connection_url(id));
        self.call(Method::Post, url, None).await
    }

    pub async fn azure_set_ip(
        &self,
        id: &ConnectionId,
        ip: EndpointIp,
    ) -> Result<AzurePrivatelinkConnection, ApiError> {
        let body = obj(&[("user_ip_address", JsValue::from_str(&ip.to_string()))]);
        self.call(Method::Put, self.azure_connection_url(id), Some(body))
            .await
    }

    /// Saves `privatelink_access` changes (only the keys that change; the API merges).
    pub async fn set_access(&self, changes: &[AccessChange]) -> Result<Service, ApiError> {
        let access: Vec<(&str, JsValue)> = changes
            .iter()
            .map(|c| (c.key.as_str(), JsValue::from_bool(c.enabled)))
            .collect();
        let body = obj(&[("user_config", obj(&[("privatelink_access", obj(&access))]))]);
        let env: ServiceEnvelope = self
            .call(Method::Put, self.service_url(), Some(body))
            .await?;
        Ok(env.service)
    }
}

/// A request the browser could not make or read, from its JS error: the error's name and
/// message ("TypeError: Failed to fetch"), never its stack.
fn js_error(e: JsValue) -> ApiError {
    ApiError::Network(match e.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => "the browser could not make the request".to_owned(),
    })
}

/// A request the browser could not make or read. Matched, not `to_string()`: gloo-net's
/// error also holds a `serde_json::Error` (never made here: bodies are read as text),
/// whose `Display` would link serde_json's message table (≈1.4 kB of wasm).
fn network(e: gloo_net::Error) -> ApiError {
    ApiError::Network(match e {
        gloo_net::Error::JsError(j) => j.to_string(),
        gloo_net::Error::GlooError(s) => s,
        _ => "the browser could not read the answer".to_owned(),
    })
}

/// Reads a response: its parsed body on 2xx (an empty body reads as `{}`), the Aiven
/// error body otherwise.
async fn read(r: Response) -> Result<JsValue, ApiError> {
    let status = r.status();
    let text = r.text().await.map_err(network)?;
    let parsed = if text.trim().is_empty() {
        Ok(js_sys::Object::new().into())
    } else {
        js_sys::JSON::parse(&text)
    };
    if (200..300).contains(&status) {
        return parsed.map_err(|_| ApiError::Decode("the body is not JSON".into()));
    }
    let body = parsed.ok();
    let message = body
        .as_ref()
        .and_then(decode::error_message)
        .unwrap_or_else(|| format!("The API answered {status} without an error message."));
    let code = body.as_ref().and_then(decode::error_code);
    Err(match status {
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message, code },
        _ => ApiError::Api {
            status,
            message,
            code,
        },
    })
}

//! The one typed HTTP client of the panel (gloo-net): the only place that builds URLs.
//!
//! Every call returns `Result<T, ApiError>` up to the view. Each request carries an
//! `AbortController`: it is aborted after the timeout ([`DEFAULT_TIMEOUT_MS`] unless the host
//! sets `requestTimeoutMs`), so no spinner runs forever, and
//! when the panel unmounts ([`Client::abort_all`]).

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use privatelink_core::wire::{
    ApiErrorBody, AzurePrivatelink, AzurePrivatelinkConnection, ConnectionList,
    ConnectionUpdateRequest, PrivatelinkRequest, ServiceEnvelope, ServiceUpdateRequest,
};
use privatelink_core::Service;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// A request taking longer than this is aborted and reported as a timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// Why a call failed, as the view needs to tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The API answered with its error body.
    Api { status: u16, message: String },
    /// 401: the token was refused.
    Unauthorized { message: String },
    /// 403: the token lacks access to the project.
    Forbidden { message: String },
    /// No answer: network down, DNS, CORS.
    Network(String),
    /// No answer within this many milliseconds.
    Timeout(u32),
    /// The panel was unmounted while the call was in flight; never shown.
    Aborted,
    /// The answer was not in the expected shape.
    Decode(String),
}

impl ApiError {
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
            ApiError::Api { message, .. } => f.write_str(message),
            ApiError::Unauthorized { message } => write!(
                f,
                "The API refused the token (401): {message} Check the token the panel was given."
            ),
            ApiError::Forbidden { message } => write!(
                f,
                "The token lacks access to this project (403): {message} It needs service:configuration:write."
            ),
            ApiError::Network(e) => write!(
                f,
                "Could not reach the API ({e}). Check the connection and try again."
            ),
            ApiError::Timeout(ms) => write!(
                f,
                "The API did not answer within {:.1} seconds. Try again.",
                f64::from(*ms) / 1000.0
            ),
            ApiError::Aborted => f.write_str("The request was cancelled."),
            ApiError::Decode(e) => write!(f, "The API answered in an unexpected shape: {e}"),
        }
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
    async fn get(&self) -> Result<String, ApiError> {
        match self {
            TokenSource::Fixed(t) => Ok(t.clone()),
            TokenSource::Provider(f) => {
                let v = f
                    .call0(&JsValue::NULL)
                    .map_err(|e| ApiError::Network(format!("token provider failed: {e:?}")))?;
                let v = match v.dyn_into::<js_sys::Promise>() {
                    Ok(p) => JsFuture::from(p)
                        .await
                        .map_err(|e| ApiError::Network(format!("token provider failed: {e:?}")))?,
                    Err(v) => v,
                };
                v.as_string()
                    .ok_or_else(|| ApiError::Network("token provider returned no string".into()))
            }
        }
    }
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
        }
    }

    /// Sets how long a request may take before it is aborted as a timeout.
    pub fn with_timeout_ms(mut self, ms: u32) -> Client {
        self.timeout_ms = ms;
        self
    }

    /// Aborts every request in flight (on unmount).
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

    fn privatelink_url(&self) -> String {
        format!("{}/privatelink/azure", self.service_url())
    }

    fn connection_url(&self, id: &str) -> String {
        format!("{}/connections/{}", self.privatelink_url(), enc(id))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let token = self.token.get().await?;
        let controller = AbortController::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
        self.in_flight.borrow_mut().push(controller.clone());
        let timed_out = Rc::new(std::cell::Cell::new(false));
        let timer = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            leptos::prelude::set_timeout_with_handle(
                move || {
                    timed_out.set(true);
                    controller.abort();
                },
                std::time::Duration::from_millis(u64::from(self.timeout_ms)),
            )
            .ok()
        };
        let builder: RequestBuilder = match method {
            Method::Get => Request::get(&url),
            Method::Post => Request::post(&url),
            Method::Put => Request::put(&url),
            Method::Delete => Request::delete(&url),
        }
        .header("Authorization", &format!("aivenv1 {token}"))
        .abort_signal(Some(&controller.signal()));
        let request = match body {
            Some(b) => builder.header("Content-Type", "application/json").body(b),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()));
        let result = match request {
            Ok(r) => r.send().await,
            Err(e) => {
                self.forget(&controller, timer);
                return Err(e);
            }
        };
        self.forget(&controller, timer);
        let response = match result {
            Ok(r) => r,
            Err(_) if timed_out.get() => return Err(ApiError::Timeout(self.timeout_ms)),
            Err(_) if controller.signal().aborted() => return Err(ApiError::Aborted),
            Err(e) => return Err(ApiError::Network(e.to_string())),
        };
        decode(response).await
    }

    fn forget(&self, c: &AbortController, timer: Option<leptos::prelude::TimeoutHandle>) {
        if let Some(t) = timer {
            t.clear();
        }
        self.in_flight
            .borrow_mut()
            .retain(|x| !JsValue::from(x).loose_eq(&JsValue::from(c)));
    }

    fn json<B: Serialize>(body: &B) -> Option<String> {
        serde_json::to_string(body).ok()
    }

    pub async fn service(&self) -> Result<Service, ApiError> {
        let env: ServiceEnvelope = self.call(Method::Get, self.service_url(), None).await?;
        Ok(env.service)
    }

    /// `Ok(None)` when the service has no privatelink (404).
    pub async fn privatelink(&self) -> Result<Option<AzurePrivatelink>, ApiError> {
        match self.call(Method::Get, self.privatelink_url(), None).await {
            Ok(p) => Ok(Some(p)),
            Err(ApiError::Api { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn create(&self, subs: Vec<String>) -> Result<AzurePrivatelink, ApiError> {
        let body = Self::json(&PrivatelinkRequest {
            user_subscription_ids: subs,
        });
        self.call(Method::Post, self.privatelink_url(), body).await
    }

    pub async fn update_allowlist(&self, subs: Vec<String>) -> Result<AzurePrivatelink, ApiError> {
        let body = Self::json(&PrivatelinkRequest {
            user_subscription_ids: subs,
        });
        self.call(Method::Put, self.privatelink_url(), body).await
    }

    pub async fn delete(&self) -> Result<AzurePrivatelink, ApiError> {
        self.call(Method::Delete, self.privatelink_url(), None)
            .await
    }

    pub async fn refresh(&self) -> Result<(), ApiError> {
        let url = format!("{}/refresh", self.privatelink_url());
        let _: serde_json::Value = self.call(Method::Post, url, None).await?;
        Ok(())
    }

    pub async fn connections(&self) -> Result<Vec<AzurePrivatelinkConnection>, ApiError> {
        let url = format!("{}/connections", self.privatelink_url());
        let list: ConnectionList = self.call(Method::Get, url, None).await?;
        Ok(list.connections)
    }

    pub async fn approve(&self, id: &str) -> Result<AzurePrivatelinkConnection, ApiError> {
        let url = format!("{}/approve", self.connection_url(id));
        self.call(Method::Post, url, None).await
    }

    pub async fn set_ip(&self, id: &str, ip: &str) -> Result<AzurePrivatelinkConnection, ApiError> {
        let body = Self::json(&ConnectionUpdateRequest {
            user_ip_address: Some(ip.to_owned()),
        });
        self.call(Method::Put, self.connection_url(id), body).await
    }

    pub async fn set_access(
        &self,
        access: std::collections::BTreeMap<String, bool>,
    ) -> Result<Service, ApiError> {
        let mut cfg = serde_json::Map::new();
        cfg.insert(
            "privatelink_access".into(),
            serde_json::to_value(access).unwrap_or_default(),
        );
        let body = Self::json(&ServiceUpdateRequest {
            plan: None,
            user_config: Some(cfg),
        });
        let env: ServiceEnvelope = self.call(Method::Put, self.service_url(), body).await?;
        Ok(env.service)
    }
}

/// Reads a response: the body on 2xx, the Aiven error body otherwise.
async fn decode<T: DeserializeOwned>(r: Response) -> Result<T, ApiError> {
    let status = r.status();
    let text = r
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_str(if text.trim().is_empty() { "{}" } else { &text })
            .map_err(|e| ApiError::Decode(e.to_string()));
    }
    let message = serde_json::from_str::<ApiErrorBody>(&text)
        .map(|b| b.message)
        .unwrap_or_else(|_| format!("The API answered {status} without an error message."));
    Err(match status {
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message },
        _ => ApiError::Api { status, message },
    })
}

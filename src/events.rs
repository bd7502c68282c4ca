//! The events a host page listens to, dispatched on the panel's mount element (bubbling
//! and composed, so they leave a shadow root too):
//! - `privatelink-change`: the privatelink or its connections changed. `detail` is
//!   `{project, service, cloud: "azure" | "aws" | "google" | null, privatelink: <wire object>
//!   | null, connections: [<wire objects>]}`, the API's own JSON shapes for that cloud;
//!   `cloud` is null for a service in a cloud without private connectivity.
//! - `privatelink-error`: a request failed. `detail` is `{code, status, message,
//!   error_code}`: `code` says whose side failed (`"http"`, `"network"`, `"timeout"`,
//!   `"token-provider"`, `"decode"`, `"encode"`: `ApiError::kind`); `status` is the HTTP
//!   status for `"http"`, else null (no answer came); `message` is the sentence the panel
//!   shows; `error_code` is the API's `error_code` (`permission_denied`, …) or null.
//!   (The custom element sends one more, `code: "load"`, when the panel's code cannot be
//!   loaded: src/define.js.)
//!
//! Details are plain JS objects made by serde-wasm-bindgen from core's wire types.

use privatelink_core::Cloud;
use serde::ser::SerializeSeq;
use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::api::ApiError;
use crate::state::{Connections, Privatelink};

pub const CHANGE: &str = "privatelink-change";
pub const ERROR: &str = "privatelink-error";

#[derive(Serialize)]
struct Change<'a> {
    project: &'a str,
    service: &'a str,
    cloud: Option<&'static str>,
    privatelink: Option<&'a Privatelink>,
    connections: ListOrEmpty<'a>,
}

/// The connections as a list; an empty one while the cloud is not known (a host reads
/// `connections.filter(…)` without a check).
struct ListOrEmpty<'a>(Option<&'a Connections>);

impl Serialize for ListOrEmpty<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(c) => c.serialize(s),
            None => s.serialize_seq(Some(0))?.end(),
        }
    }
}

#[derive(Serialize)]
struct Failure<'a> {
    /// Whose side failed: `http`, `network`, `timeout`, `token-provider`, …
    code: &'static str,
    status: Option<u16>,
    message: &'a str,
    /// The API's `error_code` (`permission_denied`, …), when its body had one.
    error_code: Option<&'a str>,
}

fn dispatch(target: &HtmlElement, name: &str, detail: impl Serialize) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(detail) = detail.serialize(&serializer) else {
        return;
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
        // A listener that throws is the host's problem, not a reason to stop the panel.
        let _ = target.dispatch_event(&ev);
    }
}

/// `privatelink-change` with the current privatelink (none when deleted) and connections.
pub fn changed(
    target: &HtmlElement,
    project: &str,
    service: &str,
    cloud: Option<Cloud>,
    privatelink: Option<&Privatelink>,
    connections: Option<&Connections>,
) {
    dispatch(
        target,
        CHANGE,
        Change {
            project,
            service,
            cloud: cloud.map(Cloud::as_str),
            privatelink,
            connections: ListOrEmpty(connections),
        },
    );
}

/// `privatelink-error` for a failed request (never for a request the panel cancelled).
pub fn failed(target: &HtmlElement, error: &ApiError) {
    if *error == ApiError::Aborted {
        return;
    }
    dispatch(
        target,
        ERROR,
        Failure {
            code: error.kind(),
            status: error.status(),
            message: &error.to_string(),
            error_code: error.code(),
        },
    );
}

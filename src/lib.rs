//! The private link panel (Azure PrivateLink, AWS PrivateLink, Google Private Service
//! Connect; Leptos, compiled to wasm32), and its embedding API.
//!
//! - `mount(element, options)` from JavaScript returns a [`PanelHandle`]; its `unmount()`
//!   stops every request, poll and timer of that panel.
//! - The custom element `<privatelink-panel api-base project service poll-interval-ms
//!   request-timeout-ms approve-deadline-ms>`, registered by the plain-JS define module
//!   (`src/define.js`, which loads this module when the first element connects), does the
//!   same from HTML. Its token is the JS property `token` or `tokenProvider`; a `token`
//!   attribute is read once and removed from the DOM, so it does not stay in the page.
//!
//! Options: `apiBase` (an origin such as `https://api.aiven.io`, or a same-origin proxy
//! path, `""` for this origin), `token` or `tokenProvider` (a function returning a string
//! or a Promise of one), `project`, `service`, `pollIntervalMs`, `requestTimeoutMs`,
//! `approveDeadlineMs`. Each mount has its own state, so several panels on one page do
//! not interfere. The panel reports changes and failed requests as DOM events on its
//! element (see [`events`]).

pub mod api;
pub mod approve;
pub mod clock;
pub mod components;
pub mod decode;
pub mod dom;
pub mod events;
pub mod state;
pub mod timeline_store;

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Reflect;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::{Client, TokenSource};
use crate::clock::Clock;
use crate::components::panel::Panel;
use crate::state::{Ctx, Settings};

/// Default polling interval while something is transitional.
pub const DEFAULT_POLL_MS: u32 = 2000;

/// The options of one panel, as Rust sees them.
#[derive(Clone)]
pub struct Options {
    pub api_base: String,
    pub token: TokenSource,
    pub project: String,
    pub service: String,
    pub poll_interval_ms: u32,
    /// How long one request may take before it is reported as a timeout.
    pub request_timeout_ms: u32,
    /// How long "approve and set IP" waits for Azure to connect before it gives up.
    pub approve_deadline_ms: u32,
    /// The clock of long waits; [`Clock::manual`] in tests.
    pub clock: Clock,
    /// The GETs the define module started while the wasm loaded (issue 18).
    pub early: Option<api::Early>,
}

/// The options as JavaScript gives them, read by serde-wasm-bindgen. The token provider
/// is a function, which serde cannot carry: [`Options::from_js`] reads it beside.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsOptions {
    api_base: Option<String>,
    token: Option<String>,
    project: Option<String>,
    service: Option<String>,
    poll_interval_ms: Option<Millis>,
    request_timeout_ms: Option<Millis>,
    approve_deadline_ms: Option<Millis>,
}

/// A duration in milliseconds, given as a number (`mount`) or a string of digits (an
/// element attribute). Strings are read as integers: parsing them as f64 would link
/// ~13 kB of float parsing tables. Another string (or NaN, null) reads as unset, so the
/// default applies; a boolean, an array or an object is refused (serde's "expected
/// milliseconds").
struct Millis(Option<u32>);

impl<'de> serde::Deserialize<'de> for Millis {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Millis;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("milliseconds")
            }
            fn visit_u64<E>(self, n: u64) -> Result<Millis, E> {
                Ok(Millis(Some(u32::try_from(n).unwrap_or(u32::MAX))))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Millis, E> {
                Ok(Millis(Some(u32::try_from(n.max(0)).unwrap_or(u32::MAX))))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Millis, E> {
                // A saturating cast: NaN reads as unset, fractions are dropped.
                Ok(Millis((!n.is_nan()).then_some(n as u32)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Millis, E> {
                // Digits only, as the define module reads the attribute (`+5` is not a
                // number of milliseconds there either); more than a u32 holds saturates,
                // then clamps to the maximum as it does there.
                let digits = s.trim_matches(is_js_space);
                let all = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                Ok(Millis(
                    all.then(|| digits.parse::<u32>().unwrap_or(u32::MAX)),
                ))
            }
            fn visit_unit<E>(self) -> Result<Millis, E> {
                Ok(Millis(None))
            }
            fn visit_none<E>(self) -> Result<Millis, E> {
                Ok(Millis(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// JavaScript's `\s` (what the define module's `/^\s*\d+\s*$/` trims): Unicode's White_Space
/// without U+0085, plus U+FEFF. Rust's `trim()` differs in those two, so an attribute padded
/// with either was read one way for the define module's early request and another here.
fn is_js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

fn millis(m: Option<Millis>, default: u32, min: u32, max: u32) -> u32 {
    m.and_then(|m| m.0).map_or(default, |n| n.clamp(min, max))
}

impl Options {
    /// Reads `{apiBase, token | tokenProvider, project, service, pollIntervalMs,
    /// requestTimeoutMs, approveDeadlineMs}`.
    pub fn from_js(o: &JsValue) -> Result<Options, String> {
        let raw: JsOptions = if o.is_object() {
            serde_wasm_bindgen::from_value(o.clone()).map_err(|e| {
                // serde-wasm-bindgen's error is a JS `Error`: its message, without the
                // `Error: ` its `Display` puts before it.
                let e: js_sys::Error = JsValue::from(e).unchecked_into();
                format!(
                    "privatelink-panel: bad options: {}",
                    String::from(e.message())
                )
            })?
        } else {
            return Err("privatelink-panel: give an options object".into());
        };
        let early = Reflect::get(o, &JsValue::from_str("early"))
            .ok()
            .and_then(api::Early::from_js);
        let provider = Reflect::get(o, &JsValue::from_str("tokenProvider"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let token = match (provider, raw.token) {
            (Some(f), _) => TokenSource::Provider(f),
            (None, Some(t)) if !t.is_empty() => TokenSource::Fixed(t),
            _ => return Err("privatelink-panel: give `token` or `tokenProvider`".into()),
        };
        let project = raw
            .project
            .filter(|s| !s.is_empty())
            .ok_or("privatelink-panel: `project` is required")?;
        let service = raw
            .service
            .filter(|s| !s.is_empty())
            .ok_or("privatelink-panel: `service` is required")?;
        Ok(Options {
            api_base: raw.api_base.unwrap_or_default(),
            token,
            project,
            service,
            poll_interval_ms: millis(raw.poll_interval_ms, DEFAULT_POLL_MS, 50, 600_000),
            request_timeout_ms: millis(
                raw.request_timeout_ms,
                api::DEFAULT_TIMEOUT_MS,
                100,
                600_000,
            ),
            approve_deadline_ms: millis(
                raw.approve_deadline_ms,
                approve::DEFAULT_DEADLINE_MS,
                1000,
                24 * 3_600_000,
            ),
            clock: Clock::system(),
            early,
        })
    }
}

/// What a mounted panel holds: Leptos's unmount handle, its client (to abort requests)
/// and the flag its polling loop watches.
struct Mounted {
    handle: Box<dyn std::any::Any>,
    client: Client,
    alive: Rc<Cell<bool>>,
    /// Stops the width watch of the narrow layout.
    unwatch: js_sys::Function,
}

/// A mounted panel; `unmount()` removes it and stops all its work.
#[wasm_bindgen]
pub struct PanelHandle {
    inner: Option<Mounted>,
}

#[wasm_bindgen]
impl PanelHandle {
    /// Removes the panel, aborts its requests and ends its polling. Safe to call twice.
    pub fn unmount(&mut self) {
        if let Some(m) = self.inner.take() {
            m.alive.set(false);
            m.client.close();
            let _ = m.unwatch.call0(&JsValue::NULL);
            drop(m.handle);
        }
    }

    /// Whether the panel is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.inner.is_some()
    }
}

/// A handle that goes away without `unmount()` (a host that did not keep what `mount()`
/// returned, collected by the garbage collector through wasm-bindgen's finalizer) leaves its
/// panel running for the page's lifetime, as an element's is: dropping Leptos's handle would
/// take the view away at some later collection while its requests went on.
impl Drop for PanelHandle {
    fn drop(&mut self) {
        if let Some(m) = self.inner.take() {
            std::mem::forget(m);
        }
    }
}

/// Mounts a panel into `element` from Rust.
pub fn mount_panel(element: HtmlElement, options: Options) -> PanelHandle {
    let client = Client::new(
        &options.api_base,
        options.token,
        &options.project,
        &options.service,
    )
    .with_timeout_ms(options.request_timeout_ms)
    .with_events(element.clone())
    .with_early(options.early);
    let alive = Rc::new(Cell::new(true));
    let ctx_client = client.clone();
    let ctx_alive = alive.clone();
    let settings = Settings {
        poll_ms: options.poll_interval_ms,
        clock: options.clock,
        approve_deadline_ms: options.approve_deadline_ms,
        host: Some(element.clone()),
    };
    let unwatch = watch_width(&element, NARROW_PX);
    let handle = mount_to(element, move || {
        let ctx = Ctx::new(ctx_client, ctx_alive, settings);
        ctx.start_polling();
        ctx.report_changes();
        view! { <Panel ctx=ctx /> }
    });
    PanelHandle {
        inner: Some(Mounted {
            handle: Box::new(handle),
            client,
            alive,
            unwatch,
        }),
    }
}

/// `mount(element, options)` for JavaScript hosts.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<PanelHandle, JsValue> {
    let options = Options::from_js(&options).map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
    Ok(mount_panel(element, options))
}

/// The width watcher and the element's registration hook, in their own JavaScript file.
#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    fn define_element();
    fn watch_width(el: &HtmlElement, px: u32) -> js_sys::Function;
}

/// Below this width (46rem) the panel lays its tables out as cards (see panel.css).
const NARROW_PX: u32 = 736;

/// When the module starts: makes sure `<privatelink-panel>` is registered (by the define
/// module, `src/define.js`, which is usually what loaded this module).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    define_element();
}

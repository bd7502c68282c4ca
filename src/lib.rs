//! The Azure PrivateLink panel (Leptos, compiled to wasm32), and its embedding API.
//!
//! - `mount(element, options)` from JavaScript returns a [`PanelHandle`]; its `unmount()`
//!   stops every request, poll and timer of that panel.
//! - The custom element `<privatelink-panel api-base project service token
//!   poll-interval-ms request-timeout-ms>`, registered when the module starts, does the same from HTML.
//!
//! Options: `apiBase` (an origin such as `https://api.aiven.io`, or a same-origin proxy
//! path, `""` for this origin), `token` or `tokenProvider` (a function returning a string
//! or a Promise of one), `project`, `service`, `pollIntervalMs`, `requestTimeoutMs`. Each mount has its own
//! state, so several panels on one page do not interfere.

pub mod api;
pub mod components;
pub mod state;

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Reflect;
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::api::{Client, TokenSource};
use crate::components::panel::Panel;
use crate::state::Ctx;

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
}

impl Options {
    /// Reads `{apiBase, token | tokenProvider, project, service, pollIntervalMs}`.
    pub fn from_js(o: &JsValue) -> Result<Options, String> {
        let get = |k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let string = |k: &str| get(k).as_string();
        let token = match (
            get("tokenProvider").dyn_into::<js_sys::Function>(),
            string("token"),
        ) {
            (Ok(f), _) => TokenSource::Provider(f),
            (Err(_), Some(t)) if !t.is_empty() => TokenSource::Fixed(t),
            _ => return Err("privatelink-panel: give `token` or `tokenProvider`".into()),
        };
        let project = string("project")
            .filter(|s| !s.is_empty())
            .ok_or("privatelink-panel: `project` is required")?;
        let service = string("service")
            .filter(|s| !s.is_empty())
            .ok_or("privatelink-panel: `service` is required")?;
        let poll = get("pollIntervalMs")
            .as_f64()
            .or_else(|| string("pollIntervalMs").and_then(|s| s.parse().ok()))
            .map(|n| n.clamp(50.0, 600_000.0) as u32)
            .unwrap_or(DEFAULT_POLL_MS);
        let timeout = get("requestTimeoutMs")
            .as_f64()
            .or_else(|| string("requestTimeoutMs").and_then(|s| s.parse().ok()))
            .map(|n| n.clamp(100.0, 600_000.0) as u32)
            .unwrap_or(api::DEFAULT_TIMEOUT_MS);
        Ok(Options {
            api_base: string("apiBase").unwrap_or_default(),
            token,
            project,
            service,
            poll_interval_ms: poll,
            request_timeout_ms: timeout,
        })
    }
}

/// What a mounted panel holds: Leptos's unmount handle, its client (to abort requests)
/// and the flag its polling loop watches.
struct Mounted {
    handle: Box<dyn std::any::Any>,
    client: Client,
    alive: Rc<Cell<bool>>,
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
            m.client.abort_all();
            drop(m.handle);
        }
    }

    /// Whether the panel is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.inner.is_some()
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
    .with_timeout_ms(options.request_timeout_ms);
    let alive = Rc::new(Cell::new(true));
    let ctx_client = client.clone();
    let ctx_alive = alive.clone();
    let poll = options.poll_interval_ms;
    let handle = mount_to(element, move || {
        let ctx = Ctx::new(ctx_client, ctx_alive, poll);
        ctx.start_polling();
        view! { <Panel ctx=ctx /> }
    });
    PanelHandle {
        inner: Some(Mounted {
            handle: Box::new(handle),
            client,
            alive,
        }),
    }
}

/// `mount(element, options)` for JavaScript hosts.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<PanelHandle, JsValue> {
    let options = Options::from_js(&options).map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
    Ok(mount_panel(element, options))
}

#[wasm_bindgen(inline_js = r#"
export function define_element(mount) {
  if (customElements.get('privatelink-panel')) return;
  class PrivatelinkPanel extends HTMLElement {
    static get observedAttributes() { return ['api-base', 'token', 'project', 'service', 'poll-interval-ms', 'request-timeout-ms']; }
    connectedCallback() { this._schedule(); }
    disconnectedCallback() { this._pending = false; if (this._handle) { this._handle.unmount(); this._handle = null; } this._key = null; }
    attributeChangedCallback() { if (this.isConnected) this._schedule(); }
    // Attribute changes arrive one by one (all of them at upgrade): render once after them.
    _schedule() {
      if (this._pending) return;
      this._pending = true;
      queueMicrotask(() => { if (this._pending && this.isConnected) { this._pending = false; this._render(); } });
    }
    _render() {
      const key = ['api-base', 'token', 'project', 'service', 'poll-interval-ms', 'request-timeout-ms'].map((a) => this.getAttribute(a)).join('\n');
      if (this._handle && key === this._key) return;
      this._key = key;
      if (this._handle) { this._handle.unmount(); this._handle = null; }
      this.replaceChildren();
      const opts = {
        apiBase: this.getAttribute('api-base') || '',
        project: this.getAttribute('project') || '',
        service: this.getAttribute('service') || '',
        pollIntervalMs: this.getAttribute('poll-interval-ms') || undefined,
        requestTimeoutMs: this.getAttribute('request-timeout-ms') || undefined,
      };
      if (typeof this.tokenProvider === 'function') opts.tokenProvider = this.tokenProvider;
      else opts.token = this.getAttribute('token') || '';
      try { this._handle = mount(this, opts); }
      catch (e) { this.textContent = String(e && e.message || e); }
    }
  }
  customElements.define('privatelink-panel', PrivatelinkPanel);
}
"#)]
extern "C" {
    fn define_element(mount: &js_sys::Function);
}

/// Registers `<privatelink-panel>` when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let f = Closure::<dyn Fn(HtmlElement, JsValue) -> Result<PanelHandle, JsValue>>::new(mount);
    define_element(f.as_ref().unchecked_ref());
    // The element calls it for the page's lifetime.
    f.forget();
}

//! The panel mounted in a real document (headless Chromium), talking to a real server
//! started for the run with `--test-controls --manual-clock` (see `cargo xtask test`).
//! Each test makes its own service, moves the server's clock instead of sleeping for the
//! simulated Azure, and injects faults through the simulator.

use crate::api::TokenSource;
use crate::clock::Clock;
use crate::state::sleep;
use crate::{mount_panel, Options, PanelHandle};
use gloo_net::http::Request;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

const API: &str = match option_env!("PRIVATELINK_TEST_API") {
    Some(a) => a,
    None => "http://127.0.0.1:18765",
};
const TOKEN: &str = "test-token";
const SUB: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";

async fn call(method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{API}{path}");
    let b = match method {
        "GET" => Request::get(&url),
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::post(&url),
    }
    .header("Authorization", &format!("aivenv1 {TOKEN}"));
    let req = match body {
        Some(v) => b.json(&v).unwrap(),
        None => b.build().unwrap(),
    };
    let res = req.send().await.expect("test server reachable");
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Makes the server fail or delay its next matching requests (`/sim/faults`).
async fn inject_fault(fault: Value) {
    let (s, v) = call("POST", "/sim/faults", Some(fault)).await;
    assert_eq!(s, 200, "{v}");
}

async fn advance(seconds: f64) {
    let (s, _) = call(
        "POST",
        "/sim/clock/advance",
        Some(json!({"seconds": seconds})),
    )
    .await;
    assert_eq!(s, 200, "the test server runs with --manual-clock");
}

fn pl_path(service: &str) -> String {
    format!("/v1/project/demo-project/service/{service}/privatelink/azure")
}

/// A new pg service that meets the preconditions.
async fn fresh_service() -> String {
    fresh_service_in("azure-eastus", "pg").await
}

/// A fresh service of `service_type` in `cloud` (in a VPC), through the test controls; with
/// static IPs in Azure, whose privatelink needs them.
async fn fresh_service_in(cloud: &str, service_type: &str) -> String {
    let name = format!("wt-{:x}", (js_sys::Math::random() * 1e12) as u64);
    let (s, v) = call(
        "POST",
        "/sim/services",
        Some(
            json!({"project": "demo-project", "service_name": name, "service_type": service_type,
                    "cloud_name": cloud, "project_vpc_id": "vpc-1",
                    "static_ips": cloud.starts_with("azure-")}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    name
}

/// A new service whose privatelink has just been created (`creating`).
async fn service_creating() -> String {
    let service = fresh_service().await;
    let (s, v) = call(
        "POST",
        &pl_path(&service),
        Some(json!({"user_subscription_ids": [SUB]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    service
}

/// A new service whose privatelink is active (the server's clock moved past its creation),
/// with no connections yet.
async fn service_active() -> String {
    let service = service_creating().await;
    advance(60.0).await;
    service
}

/// The alias of `service`'s active privatelink, which private endpoints are addressed to.
async fn azure_alias(service: &str) -> Value {
    let (_, pl) = call("GET", &pl_path(service), None).await;
    Value::from(pl["azure_service_alias"].as_str().unwrap())
}

/// The customer creating (`POST`) or deleting (`DELETE`) a private endpoint `name` in
/// resource group `rg` of `SUB`, addressed to `alias`, through the simulator; asserts `want`.
async fn sim_endpoint(method: &str, alias: &Value, name: &str, want: u16) {
    let body =
        json!({"subscription_id": SUB, "resource_group": "rg", "name": name, "target": alias});
    let (s, v) = call(method, "/sim/endpoints", Some(body)).await;
    assert_eq!(s, want, "{method} /sim/endpoints {name}: {v}");
}

/// The customer creating a private endpoint to `alias` for each of `names` (as
/// [`sim_endpoint`]), then a refresh of `service`'s privatelink: each is listed,
/// `pending-user-approval`.
async fn endpoints_listed(service: &str, alias: &Value, names: &[&str]) {
    for name in names {
        sim_endpoint("POST", alias, name, 201).await;
    }
    call("POST", &format!("{}/refresh", pl_path(service)), None).await;
}

/// The API approving `service`'s connection `id` (`user-approved`).
async fn approve_connection(service: &str, id: &str) {
    let (s, v) = call(
        "POST",
        &format!("{}/connections/{id}/approve", pl_path(service)),
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

/// A service whose privatelink is active, with one listed connection (endpoint `pe-1`,
/// `pending-user-approval`); returns its ID.
async fn service_with_connection() -> (String, String) {
    let service = service_active().await;
    let alias = azure_alias(&service).await;
    endpoints_listed(&service, &alias, &["pe-1"]).await;
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    let id = list["connections"][0]["privatelink_connection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (service, id)
}

/// A service whose one connection the API has approved (`user-approved`); returns its ID.
async fn service_with_approved_connection() -> (String, String) {
    let (service, id) = service_with_connection().await;
    approve_connection(&service, &id).await;
    (service, id)
}

struct Mounted {
    root: HtmlElement,
    handle: PanelHandle,
}

fn mount_with(service: &str, token: &str) -> Mounted {
    mount_opts(service, token, 15_000)
}

fn mount_opts(service: &str, token: &str, request_timeout_ms: u32) -> Mounted {
    let mut o = options(service);
    o.token = TokenSource::Fixed(token.to_owned());
    o.request_timeout_ms = request_timeout_ms;
    mount_options(o)
}

fn options(service: &str) -> Options {
    Options {
        api_base: API.to_owned(),
        token: TokenSource::Fixed(TOKEN.to_owned()),
        project: "demo-project".to_owned(),
        service: service.to_owned(),
        poll_interval_ms: 50,
        request_timeout_ms: 15_000,
        approve_deadline_ms: crate::approve::DEFAULT_DEADLINE_MS,
        clock: Clock::system(),
        early: None,
    }
}

fn mount_options(options: Options) -> Mounted {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = mount_panel(root.clone(), options);
    Mounted { root, handle }
}

/// Mounted with a manual clock for approve-and-set-IP's waits; returns the clock too.
fn mount_manual_clock(service: &str) -> (Mounted, Clock) {
    let clock = Clock::manual();
    let mut o = options(service);
    o.clock = clock.clone();
    (mount_options(o), clock)
}

/// Collects the `detail` of every `name` event dispatched on (or bubbling to) `target`.
fn record_events(target: &HtmlElement, name: &str) -> js_sys::Array {
    let seen = js_sys::Array::new();
    let push = seen.clone();
    let f = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
        move |e: web_sys::CustomEvent| {
            push.push(&e.detail());
        },
    );
    target
        .add_event_listener_with_callback(name, f.as_ref().unchecked_ref())
        .unwrap();
    f.forget();
    seen
}

fn get(v: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

fn mount(service: &str) -> Mounted {
    mount_with(service, TOKEN)
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }
    fn text(&self, selector: &str) -> String {
        self.find(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }
    fn by_id(&self, id: &str) -> Option<HtmlElement> {
        self.find(&format!("[data-testid=\"{id}\"]"))
            .map(|e| e.unchecked_into())
    }
    fn click(&self, selector: &str) {
        let e: HtmlElement = self
            .find(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into();
        e.click();
    }
    fn disabled(&self, selector: &str) -> bool {
        self.find(selector)
            .is_some_and(|e| e.has_attribute("disabled"))
    }
    /// Types into an input or textarea as a user would (value, then an input event).
    fn type_into(&self, selector: &str, value: &str) {
        let e = self
            .find(selector)
            .unwrap_or_else(|| panic!("no {selector}"));
        js_sys::Reflect::set(&e, &"value".into(), &value.into()).unwrap();
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        e.dispatch_event(&ev).unwrap();
    }
    async fn wait_for(&self, what: &str, cond: impl Fn(&Mounted) -> bool) {
        for _ in 0..250 {
            if cond(self) {
                return;
            }
            sleep(20).await;
        }
        panic!(
            "timed out waiting for {what}; panel text: {}",
            self.root.text_content().unwrap_or_default()
        );
    }
    /// [`Mounted::wait_for`] on a panel with a manual clock: each look moves the panel's
    /// clock on by a second, so its polls come without waiting for them in real time.
    async fn wait_polling(&self, clock: &Clock, what: &str, cond: impl Fn(&Mounted) -> bool) {
        self.wait_for(what, |m| {
            clock.advance(1000);
            cond(m)
        })
        .await;
    }
    async fn wait_text(&self, selector: &str, want: &str) {
        self.wait_for(&format!("{selector} to contain {want:?}"), |m| {
            m.text(selector).contains(want)
        })
        .await;
    }
    /// Waits for the row's Save to be enabled, clicks it, and waits for `shown` in the row.
    async fn save_ip(&self, row: &str, shown: &str) {
        self.wait_for("save enabled", |m| {
            !m.disabled(&format!("{row} [data-testid=save-ip]"))
        })
        .await;
        self.click(&format!("{row} [data-testid=save-ip]"));
        self.wait_text(row, shown).await;
    }
    fn unmount(mut self) {
        self.handle.unmount();
        self.root.remove();
    }
}

const CARD_BADGE: &str = "[data-testid=resource-card] [data-testid=state-badge]";

/// A service whose privatelink has just been created, and a panel on it with a manual
/// clock (returned too) that shows it `creating`.
async fn mounted_creating() -> (String, Mounted, Clock) {
    let service = service_creating().await;
    let (m, clock) = mount_manual_clock(&service);
    m.wait_text(CARD_BADGE, "creating").await;
    (service, m, clock)
}

#[wasm_bindgen_test]
async fn create_is_refused_for_invalid_ids_and_accepted_for_valid_ones() {
    let service = fresh_service().await;
    let m = mount(&service);
    m.wait_for("the create form", |m| m.by_id("create-form").is_some())
        .await;
    m.type_into("[data-testid=subscription-input]", "not-a-guid");
    m.wait_text("[data-testid=create-blocked]", "not a hexadecimal digit")
        .await;
    assert!(m.disabled("[data-testid=create]"));
    m.type_into(
        "[data-testid=subscription-input]",
        &format!("{SUB}\n{}", SUB.to_uppercase()),
    );
    m.wait_text("[data-testid=create-blocked]", "more than once")
        .await;
    assert!(m.disabled("[data-testid=create]"));
    m.type_into(
        "[data-testid=subscription-input]",
        &format!("{{{}}}", SUB.to_uppercase()),
    );
    m.wait_for("create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_text(CARD_BADGE, "creating").await;
    let (_, pl) = call("GET", &pl_path(&service), None).await;
    assert_eq!(pl["user_subscription_ids"], json!([SUB]));
    m.unmount();
}

#[wasm_bindgen_test]
async fn polling_carries_creating_to_active_and_stops_when_nothing_is_transitional() {
    let (service, m, clock) = mounted_creating().await;
    advance(60.0).await;
    m.wait_polling(&clock, "the card to show active", |m| {
        m.text(CARD_BADGE).contains("active")
    })
    .await;
    m.wait_text("[data-testid=alias]", ".azure.privatelinkservice")
        .await;
    // Nothing is transitional: however far the panel's clock moves, no poll is sent (a
    // poll would use up the fault armed here).
    let svc_path = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "status": 503})).await;
    for _ in 0..5 {
        clock.advance(60_000);
        sleep(20).await;
    }
    let (status, _) = call("GET", &svc_path, None).await;
    assert_eq!(status, 503, "the panel polled with nothing transitional");
    m.unmount();
}

#[wasm_bindgen_test]
async fn approve_shows_the_endpoint_identity_and_moves_the_row_to_user_approved() {
    let (service, id) = service_with_connection().await;
    let m = mount(&service);
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "pending-user-approval").await;
    let approve = format!("{row} button[aria-label='Approve {id}']");
    m.find(&approve)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();
    m.click(&approve);
    m.wait_text("[data-testid=approve-identity]", "pe-1").await;
    assert!(m.text("[data-testid=approve-identity]").contains(SUB));
    m.click("[role=alertdialog] .plp-btn--primary");
    m.wait_text(&row, "user-approved").await;
    // The Approve button that had the focus is gone: focus moved on to the row's IP field.
    let field = m.find(&format!("{row} [data-testid=ip-input]")).unwrap();
    m.wait_for("focus on the row's IP field", |_| {
        let doc = web_sys::window().unwrap().document().unwrap();
        doc.active_element()
            .is_some_and(|a| a.is_same_node(Some(field.as_ref())))
    })
    .await;
    // The row's avn equivalent, now that it is approved: setting the IP.
    assert!(
        m.find(&format!("{row} [data-testid=avn-command]"))
            .is_none(),
        "built only when opened"
    );
    m.click(&format!("{row} [data-testid=avn-toggle]"));
    m.wait_text(
        &format!("{row} [data-testid=avn-command]"),
        &format!("avn service privatelink azure connection update --project demo-project --endpoint-ip-address <ip> {service} {id}"),
    )
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn ip_entry_refuses_bad_addresses_and_saves_good_ones() {
    let (service, id) = service_with_approved_connection().await;
    advance(60.0).await;
    let m = mount(&service);
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "connected").await;
    m.type_into(&format!("{row} [data-testid=ip-input]"), "10.0.0.256");
    m.wait_text(&format!("{row} [data-testid=ip-error]"), "above 255")
        .await;
    assert!(m.disabled(&format!("{row} [data-testid=save-ip]")));
    m.type_into(&format!("{row} [data-testid=ip-input]"), "8.8.8.8");
    m.wait_text(
        &format!("{row} [data-testid=ip-warning]"),
        "not a private address",
    )
    .await;
    // Pasted with spaces and a line break: the panel sends the address alone (the
    // server refuses anything else, as the real API would).
    m.type_into(&format!("{row} [data-testid=ip-input]"), " 10.0.0.9 \n");
    m.save_ip(&row, "10.0.0.9").await;
    advance(60.0).await;
    m.wait_text(&row, "active").await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_user_action_brings_the_next_poll_within_the_base_interval() {
    let (service, id) = service_with_approved_connection().await;
    // `user-approved` is transitional and the server's clock stands still, so the panel
    // keeps polling and backs off (50 ms × 1.5ⁿ, up to 30 s): its clock is moved on by
    // hand until the back-off is at its longest.
    let (m, clock) = mount_manual_clock(&service);
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "user-approved").await;
    for _ in 0..20 {
        clock.advance(30_000);
        sleep(20).await;
    }
    // Saving the IP is a user action: it kicks the polling back to the base interval.
    m.type_into(&format!("{row} [data-testid=ip-input]"), "10.0.0.9");
    m.save_ip(&row, "10.0.0.9").await;
    // Azure connects and the DNS name is registered on the server; only a poll shows it.
    advance(60.0).await;
    // A few base intervals of the panel's clock, not the 30 s it had backed off to.
    for _ in 0..4 {
        clock.advance(100);
        sleep(50).await;
    }
    m.wait_for("a poll within the base interval after a user action", |m| {
        m.text(&row).contains("active")
    })
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn switches_are_staged_and_saved_together() {
    let (service, _) = service_with_connection().await;
    let m = mount(&service);
    m.wait_for("the switches", |m| m.by_id("switch-pgbouncer").is_some())
        .await;
    m.click("[data-testid=switch-pg]");
    m.click("[data-testid=switch-pgbouncer]");
    m.wait_text("[data-testid=access-diff]", "pgbouncer: off → on")
        .await;
    let (_, before) = call(
        "GET",
        &format!("/v1/project/demo-project/service/{service}"),
        None,
    )
    .await;
    assert_eq!(
        before["service"]["user_config"].get("privatelink_access"),
        None,
        "nothing sent before Save"
    );
    m.click("[data-testid=save-access]");
    m.wait_for("the diff to clear", |m| m.by_id("access-diff").is_none())
        .await;
    let (_, after) = call(
        "GET",
        &format!("/v1/project/demo-project/service/{service}"),
        None,
    )
    .await;
    assert_eq!(
        after["service"]["user_config"]["privatelink_access"],
        json!({"pg": true, "pgbouncer": true})
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn connection_info_appears_for_an_active_connection_with_a_component_on() {
    let (service, id) = service_with_connection().await;
    let pl = pl_path(&service);
    call("POST", &format!("{pl}/connections/{id}/approve"), None).await;
    advance(60.0).await;
    call(
        "PUT",
        &format!("{pl}/connections/{id}"),
        Some(json!({"user_ip_address": "10.0.0.7"})),
    )
    .await;
    advance(60.0).await;
    call(
        "PUT",
        &format!("/v1/project/demo-project/service/{service}"),
        Some(json!({"user_config": {"privatelink_access": {"pg": true}}})),
    )
    .await;
    let m = mount(&service);
    m.wait_text(
        "[data-testid=info-uri]",
        "postgres://avnadmin@privatelink-1-",
    )
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn delete_needs_the_service_name_and_returns_to_the_create_state() {
    let service = service_active().await;
    let m = mount(&service);
    m.wait_text(CARD_BADGE, "active").await;
    m.click("[data-testid=delete]");
    m.wait_for("the dialog", |m| m.find("[role=alertdialog]").is_some())
        .await;
    assert!(m.disabled("[role=alertdialog] .plp-btn--danger"));
    m.type_into("[data-testid=delete-confirm-input]", &service);
    m.wait_for("delete enabled", |m| {
        !m.disabled("[role=alertdialog] .plp-btn--danger")
    })
    .await;
    m.click("[role=alertdialog] .plp-btn--danger");
    m.wait_text(CARD_BADGE, "deleting").await;
    advance(60.0).await;
    m.wait_for("the create form", |m| m.by_id("create-form").is_some())
        .await;
    m.unmount();
}

/// Counts every DOM mutation under `target` (subtree, attributes, text) until dropped.
struct Mutations {
    seen: std::rc::Rc<std::cell::Cell<u32>>,
    observer: web_sys::MutationObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Mutations {
    fn watch(target: &Element) -> Mutations {
        let seen = std::rc::Rc::new(std::cell::Cell::new(0));
        let count = seen.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |records: js_sys::Array| count.set(count.get() + records.length()),
        );
        let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
        let init = web_sys::MutationObserverInit::new();
        init.set_subtree(true);
        init.set_child_list(true);
        init.set_attributes(true);
        init.set_character_data(true);
        observer.observe_with_options(target, &init).unwrap();
        Mutations {
            seen,
            observer,
            _callback: callback,
        }
    }
    /// Mutations so far, including records not yet delivered to the callback.
    fn count(&self) -> u32 {
        self.seen.get() + self.observer.take_records().length()
    }
}

#[wasm_bindgen_test]
async fn polls_leave_an_unchanged_row_alone_and_a_changed_row_keeps_its_typed_ip_and_focus() {
    let (service, id) = service_with_approved_connection().await;
    let (m, clock) = mount_manual_clock(&service);
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "user-approved").await;
    // `user-approved` is transitional and the server's clock stands still: the panel polls
    // on its own (manual) clock, here ten times, and nothing in the row changes.
    let tr = m.find(&row).unwrap();
    let watched = Mutations::watch(&tr);
    for _ in 0..10 {
        clock.advance(30_000);
        sleep(30).await;
    }
    assert_eq!(
        watched.count(),
        0,
        "polls that changed nothing wrote to the row"
    );

    // Someone is typing an IP (not finished) when Azure connects the endpoint.
    let input: HtmlElement = m
        .find(&format!("{row} [data-testid=ip-input]"))
        .unwrap()
        .unchecked_into();
    input.focus().unwrap();
    m.type_into(&format!("{row} [data-testid=ip-input]"), "10.0.0");
    m.wait_text(&format!("{row} [data-testid=ip-error]"), "")
        .await;
    advance(60.0).await;
    m.wait_for("the row to show a later state", |m| {
        // The next poll comes when the panel's clock says so.
        clock.advance(30_000);
        let badge = m.text(&format!("{row} [data-testid=state-badge]"));
        badge == "connected" || badge == "active"
    })
    .await;
    assert!(
        watched.count() > 0,
        "the state change was written to the row"
    );
    let said = m.text("[data-testid=live-status]");
    assert!(
        said.starts_with(&format!("{id} is now ")),
        "the state change was announced: {said:?}"
    );
    let now: HtmlElement = m
        .find(&format!("{row} [data-testid=ip-input]"))
        .unwrap()
        .unchecked_into();
    assert!(
        now.is_same_node(Some(&input)),
        "the IP field was kept, not rebuilt"
    );
    assert_eq!(
        js_sys::Reflect::get(&now, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("10.0.0")
    );
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert!(
        active.is_some_and(|a| a.is_same_node(Some(&input))),
        "focus stayed in the IP field"
    );
    assert!(m.find(&format!("{row} [data-testid=ip-error]")).is_some());
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_removed_connection_takes_only_its_row_and_the_others_keep_focus_and_typing() {
    let (service, first) = service_with_connection().await;
    let alias = azure_alias(&service).await;
    endpoints_listed(&service, &alias, &["pe-2", "pe-3"]).await;
    let m = mount(&service);
    let rows = "[data-testid=connections] tr[data-testid^=connection-plc]";
    m.wait_for("three rows", |m| {
        m.root.query_selector_all(rows).unwrap().length() == 3
    })
    .await;
    // Someone is typing in the last row when the customer deletes the first endpoint.
    let last: Element = m
        .root
        .query_selector_all(rows)
        .unwrap()
        .item(2)
        .unwrap()
        .unchecked_into();
    let input: HtmlElement = last
        .query_selector("[data-testid=ip-input]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.focus().unwrap();
    js_sys::Reflect::set(&input, &"value".into(), &"10.0.0".into()).unwrap();
    let body = last.parent_element().unwrap();
    let watched = Mutations::watch(&body);
    sim_endpoint("DELETE", &alias, "pe-1", 200).await;
    m.click("[data-testid=refresh]");
    m.wait_for("two rows", |m| {
        m.root.query_selector_all(rows).unwrap().length() == 2
    })
    .await;
    assert!(m
        .find(&format!("[data-testid=connection-{first}]"))
        .is_none());
    // One record: the first row taken out; nothing moved (a move drops the focus).
    assert_eq!(
        watched.count(),
        1,
        "rows other than the removed one were moved"
    );
    assert!(last.is_connected(), "the last row was kept");
    let doc = web_sys::window().unwrap().document().unwrap();
    assert!(
        doc.active_element()
            .is_some_and(|a| a.is_same_node(Some(input.as_ref()))),
        "focus stayed in the last row's IP field"
    );
    assert_eq!(
        js_sys::Reflect::get(&input, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("10.0.0")
    );
    // The others' states were found in the shorter list: nothing announced as changed.
    let said = m.text("[data-testid=live-status]");
    assert!(!said.contains(" is now "), "{said:?}");
    assert!(!said.contains("New connection"), "{said:?}");
    // A connection that was not listed before is announced as new.
    sim_endpoint("POST", &alias, "pe-4", 201).await;
    m.click("[data-testid=refresh]");
    m.wait_for("three rows again", |m| {
        m.root.query_selector_all(rows).unwrap().length() == 3
    })
    .await;
    let said = m.text("[data-testid=live-status]");
    assert!(
        said.starts_with("Checked for new connections: 3 listed. New connection plc")
            && said.ends_with(" found."),
        "the refresh's count and what it found: {said:?}"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn one_poll_announces_every_change_and_sums_up_a_burst() {
    // Two connections, both approved: one poll sees both connect.
    let (service, first) = service_with_approved_connection().await;
    let alias = azure_alias(&service).await;
    endpoints_listed(&service, &alias, &["pe-2"]).await;
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    let second = list["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["privatelink_connection_id"].as_str().unwrap().to_owned())
        .find(|id| *id != first)
        .unwrap();
    approve_connection(&service, &second).await;
    let m = mount(&service);
    for id in [&first, &second] {
        m.wait_text(
            &format!("[data-testid=connection-{id}] [data-testid=state-badge]"),
            "user-approved",
        )
        .await;
    }
    advance(60.0).await;
    m.wait_for("both rows to show a later state", |m| {
        [&first, &second].iter().all(|id| {
            m.text(&format!(
                "[data-testid=connection-{id}] [data-testid=state-badge]"
            )) != "user-approved"
        })
    })
    .await;
    let said = m.text("[data-testid=live-status]");
    assert!(
        said.contains(&format!("{first} is now ")) && said.contains(&format!("{second} is now ")),
        "both changes of the poll were announced: {said:?}"
    );

    // Five endpoints found at once: three named, the rest counted.
    for i in 3..8 {
        sim_endpoint("POST", &alias, &format!("pe-{i}"), 201).await;
    }
    m.click("[data-testid=refresh]");
    m.wait_for("the refresh to be announced", |m| {
        m.text("[data-testid=live-status]")
            .starts_with("Checked for new connections: 7 listed.")
    })
    .await;
    let said = m.text("[data-testid=live-status]");
    assert_eq!(said.matches("New connection plc").count(), 3, "{said:?}");
    assert!(said.ends_with(" And 2 more changes."), "{said:?}");
    m.unmount();
}

#[wasm_bindgen_test]
async fn an_injected_500_is_shown_beside_the_action_and_retried() {
    let service = fresh_service().await;
    inject_fault(json!({"path": pl_path(&service), "method": "POST", "count": 1, "status": 500, "message": "Simulated outage"})).await;
    let m = mount(&service);
    m.wait_for("the create form", |m| m.by_id("create-form").is_some())
        .await;
    m.type_into("[data-testid=subscription-input]", SUB);
    m.wait_for("create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_text("[data-testid=action-error]", "Simulated outage")
        .await;
    assert!(
        !m.disabled("[data-testid=create]"),
        "no spinner left running"
    );
    m.click("[data-testid=action-error] button");
    m.wait_text(CARD_BADGE, "creating").await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_401_says_the_token_was_refused() {
    let service = fresh_service().await;
    let m = mount_with(&service, "wrong-token");
    m.wait_text("[data-testid=load-error]", "401").await;
    assert!(m.find("[role=alert]").is_some());
    m.unmount();
}

#[wasm_bindgen_test]
async fn unmount_stops_all_polling() {
    let (service, m, clock) = mounted_creating().await;
    m.unmount();
    // Armed after the unmount: a poll from the panel would use it up.
    let svc_path = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "status": 503})).await;
    for _ in 0..5 {
        clock.advance(60_000);
        sleep(20).await;
    }
    let (status, _) = call("GET", &svc_path, None).await;
    assert_eq!(status, 503, "the panel kept polling after unmount");
}

#[wasm_bindgen_test]
async fn two_panels_on_one_page_work_independently() {
    let a = fresh_service().await;
    let b = fresh_service().await;
    let ma = mount(&a);
    let mb = mount(&b);
    ma.wait_for("form a", |m| m.by_id("create-form").is_some())
        .await;
    mb.wait_for("form b", |m| m.by_id("create-form").is_some())
        .await;
    ma.type_into("[data-testid=subscription-input]", SUB);
    ma.wait_for("create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    ma.click("[data-testid=create]");
    ma.wait_text(CARD_BADGE, "creating").await;
    sleep(300).await;
    assert!(
        mb.by_id("create-form").is_some(),
        "panel b still offers create"
    );
    assert!(mb.find(CARD_BADGE).is_none());
    // Each panel's IDs are its own: labels and aria-labelledby resolve inside it.
    let doc = web_sys::window().unwrap().document().unwrap();
    let all = doc.query_selector_all("[id]").unwrap();
    let mut ids: Vec<String> = (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.id())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate element IDs on the page");
    let label = mb.find("label[for]").expect("panel b has a label");
    let target = doc
        .get_element_by_id(&label.get_attribute("for").unwrap())
        .expect("the label's target exists");
    assert!(
        mb.root.contains(Some(&target)),
        "panel b's label points into panel b"
    );
    let (s, _) = call("GET", &pl_path(&b), None).await;
    assert_eq!(s, 404);
    ma.unmount();
    mb.unmount();
}

#[wasm_bindgen_test]
async fn a_request_that_times_out_is_reported_and_leaves_no_spinner() {
    let service = fresh_service().await;
    inject_fault(
        json!({"path": pl_path(&service), "method": "POST", "count": 1, "delay_ms": 2000}),
    )
    .await;
    let m = mount_opts(&service, TOKEN, 500);
    m.wait_for("the create form", |m| m.by_id("create-form").is_some())
        .await;
    m.type_into("[data-testid=subscription-input]", SUB);
    m.wait_for("create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_for("create disabled while in flight", |m| {
        m.disabled("[data-testid=create]")
    })
    .await;
    m.wait_text(
        "[data-testid=action-error]",
        "did not answer within 0.5 seconds",
    )
    .await;
    assert!(!m.disabled("[data-testid=create]"));
    assert_eq!(m.text("[data-testid=create]"), "Create");
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_double_click_sends_one_request() {
    let service = fresh_service().await;
    // Keeps the first create in flight long enough for a second click.
    inject_fault(json!({"path": pl_path(&service), "method": "POST", "count": 2, "delay_ms": 300}))
        .await;
    let m = mount(&service);
    m.wait_for("the create form", |m| m.by_id("create-form").is_some())
        .await;
    m.type_into("[data-testid=subscription-input]", SUB);
    m.wait_for("create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    let button: HtmlElement = m.by_id("create").unwrap();
    button.click();
    button.click();
    m.wait_text(CARD_BADGE, "creating").await;
    sleep(600).await;
    // A second POST would have answered 409 "already exists" and shown an error.
    assert!(
        m.by_id("action-error").is_none(),
        "{}",
        m.text("[data-testid=action-error]")
    );
    m.unmount();
}

/// Types an IP into the row of a pending connection and presses "Approve and set IP".
async fn start_approve_and_set_ip(m: &Mounted, row: &str) {
    m.wait_text(row, "pending-user-approval").await;
    m.type_into(&format!("{row} [data-testid=ip-input]"), "10.0.0.9");
    m.wait_for("save enabled", |m| {
        !m.disabled(&format!("{row} [data-testid=save-ip]"))
    })
    .await;
    m.click(&format!("{row} [data-testid=save-ip]"));
    // An approval: confirmed in the dialog first.
    m.wait_for("the dialog", |m| m.find("[role=alertdialog]").is_some())
        .await;
    m.click("[role=alertdialog] .plp-btn--primary");
    m.wait_text(&format!("{row} [data-testid=step]"), "2/3 waiting")
        .await;
}

/// A panel on a manual clock (the server's clock stands still too) whose one connection is
/// in the middle of "Approve and set IP": approved, its step at "2/3 waiting". Returns the
/// service, the connection's ID, the panel, its clock and the row's selector.
async fn approve_and_set_ip_under_way() -> (String, String, Mounted, Clock, String) {
    let (service, id) = service_with_connection().await;
    let (m, clock) = mount_manual_clock(&service);
    let row = format!("[data-testid=connection-{id}]");
    start_approve_and_set_ip(&m, &row).await;
    (service, id, m, clock, row)
}

#[wasm_bindgen_test]
async fn approve_and_set_ip_gives_up_at_the_deadline_and_frees_the_row() {
    let (_service, _id, m, clock, row) = approve_and_set_ip_under_way().await;
    // The server's clock stands still: Azure never connects the approved endpoint.
    clock.advance(19 * 60 * 1000);
    // Real time for its poll of the connections to come back and its next sleep to start.
    sleep(300).await;
    assert!(
        m.find(&format!("{row} [data-testid=step]")).is_some(),
        "still waiting before the deadline"
    );
    assert!(m.by_id("action-error").is_none());
    clock.advance(60 * 1000);
    m.wait_text(
        &format!("{row} [data-testid=action-error]"),
        "did not connect",
    )
    .await;
    assert!(m
        .text(&format!("{row} [data-testid=action-error]"))
        .contains("20 minutes"));
    assert!(m.find(&format!("{row} [data-testid=step]")).is_none());
    assert!(
        !m.disabled(&format!("{row} [data-testid=save-ip]")),
        "the row is not left busy"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn cancel_ends_approve_and_set_ip_at_once_without_an_error() {
    let (service, _id, m, _clock, row) = approve_and_set_ip_under_way().await;
    m.click(&format!("{row} [data-testid=cancel-step]"));
    m.wait_for("the row freed", |m| {
        m.find(&format!("{row} [data-testid=step]")).is_none()
            && !m.disabled(&format!("{row} [data-testid=save-ip]"))
    })
    .await;
    assert!(m.by_id("action-error").is_none());
    assert!(m.text("[data-testid=live-status]").contains("cancelled"));
    // The approval itself stands; no IP was sent.
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    assert_eq!(list["connections"][0]["state"], "user-approved");
    assert_eq!(list["connections"][0]["user_ip_address"], Value::Null);
    m.unmount();
}

#[wasm_bindgen_test]
async fn approve_and_set_ip_sets_its_ip_once_azure_connects_even_if_already_active() {
    let (service, id, m, clock, row) = approve_and_set_ip_under_way().await;
    // Meanwhile someone else set another IP and Azure went all the way to active.
    advance(60.0).await;
    call(
        "PUT",
        &format!("{}/connections/{id}", pl_path(&service)),
        Some(json!({"user_ip_address": "10.0.0.50"})),
    )
    .await;
    advance(60.0).await;
    clock.advance(1000);
    m.wait_for("the run to end", |m| {
        m.find(&format!("{row} [data-testid=step]")).is_none()
    })
    .await;
    assert!(
        m.by_id("action-error").is_none(),
        "{}",
        m.text("[data-testid=action-error]")
    );
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    assert_eq!(list["connections"][0]["user_ip_address"], "10.0.0.9");
    m.unmount();
}

#[wasm_bindgen_test]
async fn approve_and_set_ip_stops_with_the_reason_when_the_connection_cannot_be_read() {
    let (service, _id, m, clock, row) = approve_and_set_ip_under_way().await;
    // Enough faults for the panel's own polls too, which may ask first.
    inject_fault(json!({"path": format!("{}/connections", pl_path(&service)), "method": "GET", "count": 20, "status": 404, "message": "Privatelink connection not found"})).await;
    clock.advance(1000);
    m.wait_text(&format!("{row} [data-testid=action-error]"), "not found")
        .await;
    assert!(m.find(&format!("{row} [data-testid=step]")).is_none());
    m.unmount();
    call("DELETE", "/sim/faults", None).await;
}

#[wasm_bindgen_test]
async fn changes_and_failed_requests_are_dispatched_as_events_on_the_mount_element() {
    let (service, id) = service_with_connection().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    // Listened for on the body: the events bubble out of the host element.
    let changes = record_events(&doc.body().unwrap(), "privatelink-change");
    let errors = record_events(&root, "privatelink-error");
    let m = Mounted {
        handle: mount_panel(root.clone(), options(&service)),
        root,
    };
    m.wait_for("a change event", |_| changes.length() > 0).await;
    let first = changes.get(0);
    assert_eq!(get(&first, "project").as_string().unwrap(), "demo-project");
    assert_eq!(get(&first, "service").as_string().unwrap(), service);
    assert_eq!(get(&first, "cloud").as_string().unwrap(), "azure");
    assert_eq!(
        get(&get(&first, "privatelink"), "state")
            .as_string()
            .unwrap(),
        "active"
    );
    let conns = js_sys::Array::from(&get(&first, "connections"));
    assert_eq!(
        get(&conns.get(0), "privatelink_connection_id")
            .as_string()
            .unwrap(),
        id
    );
    assert_eq!(
        get(&conns.get(0), "state").as_string().unwrap(),
        "pending-user-approval"
    );
    // Nothing changes while the connection waits for approval: no further event.
    let before = changes.length();
    sleep(300).await;
    assert_eq!(changes.length(), before, "an event without a change");
    call(
        "POST",
        &format!("{}/connections/{id}/approve", pl_path(&service)),
        None,
    )
    .await;
    m.click("[data-testid=refresh]");
    m.wait_for("a second change event", |_| changes.length() > before)
        .await;
    let last = changes.get(changes.length() - 1);
    let conns = js_sys::Array::from(&get(&last, "connections"));
    assert_eq!(
        get(&conns.get(0), "state").as_string().unwrap(),
        "user-approved"
    );
    assert_eq!(errors.length(), 0, "no request failed yet");
    inject_fault(json!({"path": format!("/v1/project/demo-project/service/{service}"), "method": "GET", "count": 1, "status": 503, "message": "Simulated outage"})).await;
    m.click("[data-testid=refresh]");
    m.wait_for("an error event", |_| errors.length() > 0).await;
    let e = errors.get(0);
    assert_eq!(get(&e, "status").as_f64(), Some(503.0));
    assert!(get(&e, "message")
        .as_string()
        .unwrap()
        .contains("Simulated outage"));
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_service_without_a_privatelink_sends_a_change_with_null_and_no_error() {
    let service = fresh_service().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let changes = record_events(&root, "privatelink-change");
    let errors = record_events(&root, "privatelink-error");
    let m = Mounted {
        handle: mount_panel(root.clone(), options(&service)),
        root,
    };
    m.wait_for("a change event", |_| changes.length() > 0).await;
    assert!(get(&changes.get(0), "privatelink").is_null());
    assert_eq!(
        errors.length(),
        0,
        "the 404 of a missing privatelink is an answer, not a failure"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_token_provider_that_never_answers_ends_as_a_timeout() {
    let service = fresh_service().await;
    let mut o = options(&service);
    o.request_timeout_ms = 500;
    o.token = TokenSource::Provider(js_sys::Function::new_no_args(
        "return new Promise(() => {})",
    ));
    let m = mount_options(o);
    m.wait_text(
        "[data-testid=load-error]",
        "did not answer within 0.5 seconds",
    )
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_timeline_survives_a_remount_in_the_same_tab() {
    let (service, id) = service_with_connection().await;
    let row = format!("[data-testid=connection-{id}]");
    let m = mount(&service);
    m.wait_text(
        &format!("{row} [data-testid=timeline]"),
        "pending-user-approval",
    )
    .await;
    let seen = m.text(&format!("{row} [data-testid=timeline]"));
    m.unmount();
    call(
        "POST",
        &format!("{}/connections/{id}/approve", pl_path(&service)),
        None,
    )
    .await;
    let m = mount(&service);
    m.wait_text(&format!("{row} [data-testid=timeline]"), "user-approved")
        .await;
    let after = m.text(&format!("{row} [data-testid=timeline]"));
    assert!(after.starts_with(&seen), "{seen:?} kept before {after:?}");
    m.unmount();
}

#[wasm_bindgen_test]
async fn approving_an_endpoint_outside_the_allowlist_needs_its_name_typed() {
    // An endpoint created while its subscription was allowed, then the list narrowed.
    let service = fresh_service().await;
    let other = "11111111-2222-4333-8444-555555555555";
    let (s, v) = call(
        "POST",
        &pl_path(&service),
        Some(json!({"user_subscription_ids": [SUB, other]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    advance(60.0).await;
    let alias = azure_alias(&service).await;
    let (s, v) = call(
        "POST",
        "/sim/endpoints",
        Some(json!({"subscription_id": other, "resource_group": "rg", "name": "stranger-pe", "target": alias})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    call("POST", &format!("{}/refresh", pl_path(&service)), None).await;
    let (s, v) = call(
        "PUT",
        &pl_path(&service),
        Some(json!({"user_subscription_ids": [SUB]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let m = mount(&service);
    m.wait_for("the flagged row", |m| m.by_id("not-allowed").is_some())
        .await;
    // "Approve and set IP" asks the same: no way around the typed name.
    m.type_into("[data-testid=ip-input]", "10.0.0.9");
    m.wait_for("save enabled", |m| !m.disabled("[data-testid=save-ip]"))
        .await;
    m.click("[data-testid=save-ip]");
    m.wait_for("the dialog", |m| m.find("[role=alertdialog]").is_some())
        .await;
    assert!(m.disabled("[role=alertdialog] .plp-btn--primary"));
    m.click("[role=alertdialog] .plp-btn:not(.plp-btn--primary)");
    m.wait_for("the dialog closed", |m| {
        m.find("[role=alertdialog]").is_none()
    })
    .await;
    m.click("button[aria-label^='Approve plc']");
    m.wait_for("the dialog", |m| m.find("[role=alertdialog]").is_some())
        .await;
    let confirm = "[role=alertdialog] .plp-btn--primary";
    assert!(
        m.disabled(confirm),
        "one click must not approve a stranger's endpoint"
    );
    m.type_into("[data-testid=approve-confirm-input]", "stranger");
    sleep(50).await;
    assert!(m.disabled(confirm));
    m.type_into("[data-testid=approve-confirm-input]", "stranger-pe");
    m.wait_for("approve enabled", |m| !m.disabled(confirm))
        .await;
    m.click(confirm);
    m.wait_text("[data-testid=connections]", "user-approved")
        .await;
    m.unmount();
}

fn client(service: &str) -> crate::api::Client {
    crate::api::Client::new(
        API,
        TokenSource::Fixed(TOKEN.to_owned()),
        "demo-project",
        service,
    )
}

/// A new pg service in AWS whose privatelink, allowing the account `012345678901`
/// (`arn:aws:iam::012345678901:root`), has just been created (`creating`).
async fn aws_service_creating() -> String {
    let service = fresh_service_in("aws-us-east-1", "pg").await;
    let principals =
        privatelink_core::PrincipalList::parse_pasted("arn:aws:iam::012345678901:root").unwrap();
    client(&service).aws_create(&principals, &[]).await.unwrap();
    service
}

/// Moves the server's clock past the creation of `c`'s AWS privatelink (`active` after)
/// and returns its endpoint service name, which VPC endpoints are addressed to.
async fn aws_service_name_once_active(c: &crate::api::Client) -> String {
    advance(60.0).await;
    c.aws_privatelink()
        .await
        .unwrap()
        .unwrap()
        .aws_service_name
        .unwrap()
}

/// The customer creating an endpoint in their cloud through the simulator (`path`:
/// `/sim/vpc-endpoints` for AWS, `/sim/psc-endpoints` for Google, with that route's
/// `body`); returns it as the simulator made it (its IDs, a PSC endpoint's `ip_address`).
async fn sim_create(path: &str, body: Value) -> Value {
    let (s, v) = call("POST", path, Some(body)).await;
    assert_eq!(s, 201, "POST {path}: {v}");
    v
}

/// Moves the server's clock past the creation of `c`'s Private Service Connect (`active`
/// after) and returns its service attachment, which PSC endpoints are addressed to.
async fn google_attachment_once_active(c: &crate::api::Client) -> String {
    advance(60.0).await;
    c.google_privatelink()
        .await
        .unwrap()
        .unwrap()
        .google_service_attachment
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_client_speaks_aws_privatelink() {
    use privatelink_core::{ConnectionState, PrincipalList, PrivatelinkState};
    let service = fresh_service_in("aws-us-east-1", "pg").await;
    let c = client(&service);
    assert_eq!(c.aws_privatelink().await.unwrap(), None);
    let root = "arn:aws:iam::012345678901:root";
    let principals = PrincipalList::parse_pasted(&format!(" {root}\n")).unwrap();
    let pl = c.aws_create(&principals, &[]).await.unwrap();
    assert_eq!(pl.state, PrivatelinkState::Creating);
    let name = aws_service_name_once_active(&c).await;
    let v = sim_create(
        "/sim/vpc-endpoints",
        json!({"principal": "arn:aws:iam::012345678901:role/app", "name": "pe", "service_name": name}),
    )
    .await;
    advance(60.0).await;
    let conns = c.aws_connections().await.unwrap();
    assert_eq!(conns.len(), 1);
    assert_eq!(conns[0].state, ConnectionState::Active);
    assert_eq!(
        conns[0].vpc_endpoint_id,
        v["vpc_endpoint_id"].as_str().unwrap()
    );
    let two = PrincipalList::parse_pasted(&format!("{root}, arn:aws:iam::210987654321:user/ops"))
        .unwrap();
    assert_eq!(c.aws_update(&two).await.unwrap().principals, two);
    assert_eq!(
        c.aws_delete().await.unwrap().state,
        PrivatelinkState::Deleting
    );
}

#[wasm_bindgen_test]
async fn the_client_speaks_google_private_service_connect() {
    use privatelink_core::{ConnectionState, EndpointIp, PrivatelinkState};
    let service = fresh_service_in("google-europe-west1", "kafka").await;
    let c = client(&service);
    assert_eq!(c.google_privatelink().await.unwrap(), None);
    assert_eq!(
        c.google_create().await.unwrap().state,
        PrivatelinkState::Creating
    );
    let attachment = google_attachment_once_active(&c).await;
    let e = sim_create(
        "/sim/psc-endpoints",
        json!({"project_id": "my-project", "name": "psc", "service_attachment": attachment}),
    )
    .await;
    c.google_refresh().await.unwrap();
    let conns = c.google_connections().await.unwrap();
    assert_eq!(conns[0].state, ConnectionState::PendingUserApproval);
    let ip = EndpointIp::parse(e["ip_address"].as_str().unwrap()).unwrap();
    let approved = c
        .google_approve(&conns[0].privatelink_connection_id, ip)
        .await
        .unwrap();
    assert_eq!(approved.state, ConnectionState::UserApproved);
    assert_eq!(approved.user_ip_address, Some(ip));
    // Approving twice is the API's 409, as an error the panel can show.
    let again = c
        .google_approve(&conns[0].privatelink_connection_id, ip)
        .await;
    assert!(
        matches!(again, Err(crate::api::ApiError::Api { status: 409, .. })),
        "{again:?}"
    );
    assert_eq!(
        c.google_delete().await.unwrap().state,
        PrivatelinkState::Deleting
    );
}

/// Mounts a panel on a fresh element whose `privatelink-change` events are recorded.
fn mount_recording(service: &str) -> (Mounted, js_sys::Array) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let changes = record_events(&root, "privatelink-change");
    let m = Mounted {
        handle: mount_panel(root.clone(), options(service)),
        root,
    };
    (m, changes)
}

#[wasm_bindgen_test]
async fn a_service_in_aws_gets_the_aws_form_and_its_events_say_aws() {
    let service = fresh_service_in("aws-us-east-1", "pg").await;
    let (m, changes) = mount_recording(&service);
    m.wait_text("h2", "AWS PrivateLink").await;
    m.wait_text("[data-testid=preflight]", "Runs in AWS").await;
    m.type_into(
        "[data-testid=principal-input]",
        "arn:aws:iam::123456789012:root arn:aws:iam::12345:root",
    );
    m.wait_text(
        "[data-testid=principal-entries]",
        "an AWS account ID is exactly 12 digits",
    )
    .await;
    assert!(m.disabled("[data-testid=create]"));
    m.type_into(
        "[data-testid=principal-input]",
        " arn:aws:iam::123456789012:root\n",
    );
    m.wait_for("Create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_text("[data-testid=resource-card]", "VPC endpoint service")
        .await;
    m.wait_for("a change event with the AWS privatelink", |_| {
        (0..changes.length()).any(|i| {
            let e = changes.get(i);
            get(&e, "cloud").as_string().as_deref() == Some("aws")
                && !get(&e, "privatelink").is_null()
        })
    })
    .await;
    let last = changes.get(changes.length() - 1);
    let principals = js_sys::Array::from(&get(&get(&last, "privatelink"), "principals"));
    assert_eq!(
        principals.get(0).as_string().unwrap(),
        "arn:aws:iam::123456789012:root"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_service_in_google_cloud_creates_with_no_input_and_its_events_say_google() {
    let service = fresh_service_in("google-europe-west1", "kafka").await;
    let (m, changes) = mount_recording(&service);
    m.wait_text("h2", "Google Private Service Connect").await;
    m.wait_text("[data-testid=create-form]", "172.24.0.0/16")
        .await;
    m.wait_for("Create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_text("[data-testid=resource-card]", "Service attachment")
        .await;
    m.wait_for("a change event with the Google privatelink", |_| {
        (0..changes.length()).any(|i| {
            let e = changes.get(i);
            get(&e, "cloud").as_string().as_deref() == Some("google")
                && !get(&e, "privatelink").is_null()
        })
    })
    .await;
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_service_in_a_cloud_without_private_connectivity_says_so_and_reports_no_cloud() {
    let service = fresh_service_in("do-nyc", "pg").await;
    let (m, changes) = mount_recording(&service);
    m.wait_text("h2", "Private connectivity").await;
    m.wait_text("[data-testid=no-private-cloud]", "runs in do-nyc")
        .await;
    assert!(m.find("[data-testid=create-form]").is_none());
    m.wait_for("a change event", |_| changes.length() > 0).await;
    let first = changes.get(0);
    assert!(get(&first, "cloud").is_null());
    assert!(get(&first, "privatelink").is_null());
    m.unmount();
}

/// Makes `document.hidden` true (as in a background tab) for this page, or gives the
/// browser's own value back.
fn set_tab_hidden(hidden: bool) {
    let doc = web_sys::window().unwrap().document().unwrap();
    if hidden {
        let desc = js_sys::Object::new();
        js_sys::Reflect::set(&desc, &"value".into(), &true.into()).unwrap();
        js_sys::Reflect::set(&desc, &"configurable".into(), &true.into()).unwrap();
        js_sys::Object::define_property(&doc, &"hidden".into(), &desc);
    } else {
        js_sys::Reflect::delete_property(&doc, &"hidden".into()).unwrap();
    }
}

#[wasm_bindgen_test]
async fn approve_and_set_ip_sends_nothing_while_the_tab_is_hidden() {
    let (service, _id, m, clock, row) = approve_and_set_ip_under_way().await;
    set_tab_hidden(true);
    // Azure connects meanwhile; a visible tab would now set the IP on its next look.
    advance(60.0).await;
    for _ in 0..3 {
        clock.advance(10_000);
        sleep(100).await;
    }
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    let hidden_ip = list["connections"][0]["user_ip_address"].clone();
    let step_shown = m.find(&format!("{row} [data-testid=step]")).is_some();
    set_tab_hidden(false);
    assert_eq!(hidden_ip, Value::Null, "no request while hidden");
    assert!(step_shown, "still waiting while hidden");
    // Visible again: the next look finds it connected and sets the IP.
    clock.advance(10_000);
    m.wait_for("the run to end", |m| {
        m.find(&format!("{row} [data-testid=step]")).is_none()
    })
    .await;
    let (_, list) = call("GET", &format!("{}/connections", pl_path(&service)), None).await;
    assert_eq!(list["connections"][0]["user_ip_address"], "10.0.0.9");
    m.unmount();
}

#[wasm_bindgen_test]
async fn cancel_aborts_a_look_already_in_flight() {
    let (service, _id, m, clock, row) = approve_and_set_ip_under_way().await;
    // The next looks at the connections hang for 5 s (the panel's own polls too).
    inject_fault(json!({"path": format!("{}/connections", pl_path(&service)), "method": "GET", "count": 20, "delay_ms": 5000})).await;
    clock.advance(1000);
    sleep(300).await;
    let start = js_sys::Date::now();
    m.click(&format!("{row} [data-testid=cancel-step]"));
    m.wait_for("the row freed", |m| {
        m.find(&format!("{row} [data-testid=step]")).is_none()
            && !m.disabled(&format!("{row} [data-testid=save-ip]"))
    })
    .await;
    let took = js_sys::Date::now() - start;
    assert!(took < 2000.0, "the row stayed busy {took} ms after Cancel");
    assert!(m.by_id("action-error").is_none());
    m.unmount();
    call("DELETE", "/sim/faults", None).await;
}

/// The element that has the focus (none: the page).
fn focused_element() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

#[wasm_bindgen_test]
async fn an_aws_row_keeps_its_nodes_and_the_focus_on_its_copy_button_as_its_state_changes() {
    let service = aws_service_creating().await;
    let name = aws_service_name_once_active(&client(&service)).await;
    let v = sim_create(
        "/sim/vpc-endpoints",
        json!({"principal": "arn:aws:iam::012345678901:root", "name": "pe", "service_name": name}),
    )
    .await;
    // Available (listed `connected`), its DNS name not yet registered.
    advance(3.2).await;
    let m = mount(&service);
    let row = format!(
        "[data-testid=connection-{}]",
        v["vpc_endpoint_id"].as_str().unwrap()
    );
    m.wait_text(&format!("{row} [data-testid=state-badge]"), "connected")
        .await;
    let copy: HtmlElement = m
        .find(&format!("{row} [data-act=copy-dns]"))
        .unwrap()
        .unchecked_into();
    copy.focus().unwrap();
    advance(60.0).await;
    m.wait_text(&format!("{row} [data-testid=state-badge]"), "active")
        .await;
    let now = m.find(&format!("{row} [data-act=copy-dns]")).unwrap();
    assert!(now.is_same_node(Some(&copy)), "the row was rebuilt");
    assert!(
        focused_element().is_some_and(|a| a.is_same_node(Some(&copy))),
        "the focus left the row's Copy button"
    );
    m.unmount();
}

/// A Kafka service in Google Cloud with an active Private Service Connect and one PSC
/// endpoint per name, discovered by a refresh (`pending-user-approval`); returns the
/// service and each endpoint as the simulator created it.
async fn google_service_with_endpoints(names: &[&str]) -> (String, Vec<Value>) {
    let service = fresh_service_in("google-europe-west1", "kafka").await;
    let c = client(&service);
    c.google_create().await.unwrap();
    let attachment = google_attachment_once_active(&c).await;
    let mut created = Vec::new();
    for name in names {
        created.push(
            sim_create(
                "/sim/psc-endpoints",
                json!({"project_id": "p", "name": name, "service_attachment": attachment}),
            )
            .await,
        );
    }
    c.google_refresh().await.unwrap();
    (service, created)
}

#[wasm_bindgen_test]
async fn a_google_row_keeps_the_focus_on_its_header_as_its_approved_connection_moves_on() {
    let (service, _) = google_service_with_endpoints(&["psc-a", "psc-b"]).await;
    let c = client(&service);
    let conns = c.google_connections().await.unwrap();
    let approved = &conns[0].privatelink_connection_id;
    let ip = privatelink_core::EndpointIp::parse("10.1.0.10").unwrap();
    c.google_approve(approved, ip).await.unwrap();
    let m = mount(&service);
    let row = format!("[data-testid=connection-{approved}]");
    let other = format!(
        "[data-testid=connection-{}]",
        conns[1].privatelink_connection_id
    );
    m.wait_text(&format!("{row} [data-testid=state-badge]"), "user-approved")
        .await;
    // Someone types an IP in the other (pending) row, and the focus is on the approved
    // row's header, where the panel puts it after an approval.
    m.type_into(&format!("{other} [data-testid=ip-input]"), "10.1.0");
    let th: HtmlElement = m.find(&format!("{row} th")).unwrap().unchecked_into();
    th.focus().unwrap();
    advance(60.0).await;
    m.wait_text(&format!("{row} [data-testid=state-badge]"), "active")
        .await;
    assert!(
        m.find(&format!("{row} th"))
            .unwrap()
            .is_same_node(Some(&th)),
        "the row was rebuilt"
    );
    assert!(
        focused_element().is_some_and(|a| a.is_same_node(Some(&th))),
        "the focus left the row"
    );
    let typed = m.find(&format!("{other} [data-testid=ip-input]")).unwrap();
    assert_eq!(
        js_sys::Reflect::get(&typed, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("10.1.0"),
        "the other row lost what was typed"
    );
    m.unmount();
}

/// Opens the Terraform disclosure and returns the HCL shown once it holds `want`.
async fn terraform_text(m: &Mounted, want: &str) -> String {
    m.wait_for("the Terraform disclosure", |m| {
        m.find("[data-testid=terraform-toggle]").is_some()
    })
    .await;
    if m.find("[data-testid=terraform-hcl]").is_none() {
        m.click("[data-testid=terraform-toggle]");
    }
    m.wait_text("[data-testid=terraform-hcl]", want).await;
    m.text("[data-testid=terraform-hcl]")
}

#[wasm_bindgen_test]
async fn the_terraform_disclosure_shows_each_clouds_resource_with_its_import() {
    let (service, _) = service_with_connection().await;
    let m = mount(&service);
    let toggle = "[data-testid=terraform-toggle]";
    m.wait_for("the disclosure", |m| m.find(toggle).is_some())
        .await;
    assert_eq!(
        m.find(toggle)
            .unwrap()
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("false")
    );
    let hcl = terraform_text(&m, "resource \"aiven_azure_privatelink\"").await;
    assert_eq!(
        m.find(toggle)
            .unwrap()
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    assert!(
        hcl.contains(&format!("id = \"demo-project/{service}\"")),
        "{hcl}"
    );
    // One connection, pending: the provider's approval can take it.
    assert!(
        hcl.contains("resource \"aiven_azure_privatelink_connection_approval\""),
        "{hcl}"
    );
    m.click("[data-testid=terraform] button[aria-label='Copy Terraform configuration']");
    m.wait_text(
        "[data-testid=live-status]",
        "Copied Terraform configuration.",
    )
    .await;
    m.unmount();

    let service = aws_service_creating().await;
    let m = mount(&service);
    let hcl = terraform_text(&m, "resource \"aiven_aws_privatelink\"").await;
    assert!(hcl.contains("arn:aws:iam::012345678901:root"), "{hcl}");
    assert!(hcl.contains("# supported_regions"), "{hcl}");
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_terraform_disclosure_follows_a_google_approval_with_its_approval_resource() {
    let (service, created) = google_service_with_endpoints(&["psc"]).await;
    let (c, e) = (client(&service), &created[0]);
    let m = mount(&service);
    let hcl = terraform_text(&m, "resource \"aiven_gcp_privatelink\"").await;
    assert!(
        !hcl.contains("resource \"aiven_gcp_privatelink_connection_approval\""),
        "a pending connection has no approval resource: {hcl}"
    );
    let psc = e["psc_connection_id"].as_str().unwrap();
    let id = c.google_connections().await.unwrap()[0]
        .privatelink_connection_id
        .clone();
    // Approved in the panel, with the endpoint's IP: the open disclosure follows.
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "pending-user-approval").await;
    m.type_into(&format!("{row} [data-testid=ip-input]"), "10.1.0.10");
    m.wait_for("Approve enabled", |m| {
        !m.disabled(&format!("{row} [data-testid=approve]"))
    })
    .await;
    m.click(&format!("{row} [data-testid=approve]"));
    m.wait_text("[data-testid=approve-identity]", psc).await;
    m.click("[role=alertdialog] .plp-btn--primary");
    let hcl = terraform_text(&m, "resource \"aiven_gcp_privatelink_connection_approval\"").await;
    assert!(
        hcl.contains(&format!("psc_connection_id = \"{psc}\"")),
        "{hcl}"
    );
    assert!(
        hcl.contains(&format!("id = \"demo-project/{service}/{psc}\"")),
        "{hcl}"
    );
    m.unmount();
}

/// An element's markup as a person and a screen reader meet it: tags, classes, roles, test
/// IDs, `aria-*`, `type` and button text, children in order; other text only as "text".
/// Leaves out what wiring differs by (`data-act`, `id`, Leptos's comment markers).
fn skeleton(e: &Element) -> String {
    let mut out = format!("<{}", e.tag_name().to_lowercase());
    let mut names: Vec<String> = e
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
        .filter(|n| n != "data-act" && n != "id" && n != "aria-describedby")
        .collect();
    names.sort();
    for n in names {
        let v = e.get_attribute(&n).unwrap_or_default();
        // A command's or a message's text differs from place to place; its shape does not.
        let v = if n == "aria-label" {
            v.split(" for ").next().unwrap_or("").to_owned()
        } else {
            v
        };
        out.push_str(&format!(" {n}={v:?}"));
    }
    out.push('>');
    let kids = e.child_nodes();
    for i in 0..kids.length() {
        let Some(k) = kids.item(i) else { continue };
        if let Some(el) = k.dyn_ref::<Element>() {
            out.push_str(&skeleton(el));
        } else if k.node_type() == web_sys::Node::TEXT_NODE {
            let t = k.text_content().unwrap_or_default();
            if e.tag_name() == "BUTTON" {
                out.push_str(t.trim());
            } else if !t.trim().is_empty() {
                out.push_str("text");
            }
        }
    }
    out.push_str("</>");
    out
}

#[wasm_bindgen_test]
async fn a_rows_badge_error_line_and_avn_disclosure_have_the_shared_components_markup() {
    let (service, id) = service_with_connection().await;
    let m = mount(&service);
    let row = format!("[data-testid=connection-{id}]");
    m.wait_text(&row, "pending-user-approval").await;
    // The badge: the card's (`Badge`) and the row's.
    let card_badge = m.find(CARD_BADGE).unwrap();
    let row_badge = m.find(&format!("{row} [data-testid=state-badge]")).unwrap();
    assert_eq!(
        skeleton(&card_badge).replace("--ok", "--TONE"),
        skeleton(&row_badge).replace("--wait", "--TONE")
    );
    // The avn disclosure, open: the allowlist editor's (`AvnCommand`) and the row's.
    m.click("[data-testid=edit-allowlist]");
    m.wait_for("the editor", |m| {
        m.find("[data-testid=allowlist-editor]").is_some()
    })
    .await;
    m.click("[data-testid=allowlist-editor] [data-testid=avn-toggle]");
    m.click(&format!("{row} [data-testid=avn-toggle]"));
    m.wait_for("both commands", |m| {
        m.find("[data-testid=allowlist-editor] [data-testid=avn-command]")
            .is_some()
            && m.find(&format!("{row} [data-testid=avn-command]"))
                .is_some()
    })
    .await;
    let shared = m.find("[data-testid=allowlist-editor] .plp-avn").unwrap();
    let own = m.find(&format!("{row} .plp-avn")).unwrap();
    assert_eq!(skeleton(&shared), skeleton(&own));
    // The error line with Retry: the editor's save (`ErrorLine`) and the row's approval.
    inject_fault(json!({"path": pl_path(&service), "method": "PUT", "count": 1, "status": 500, "message": "Simulated outage"})).await;
    inject_fault(json!({"path": format!("{}/connections/{id}/approve", pl_path(&service)), "method": "POST", "count": 1, "status": 500, "message": "Simulated outage"})).await;
    m.type_into("[data-testid=allowlist-input]", SUB);
    m.wait_for("save enabled", |m| {
        !m.disabled("[data-testid=save-allowlist]")
    })
    .await;
    m.click("[data-testid=save-allowlist]");
    m.click(&format!("{row} button[aria-label='Approve {id}']"));
    m.wait_text("[data-testid=approve-identity]", "pe-1").await;
    m.click("[role=alertdialog] .plp-btn--primary");
    m.wait_for("both errors", |m| {
        m.find("[data-testid=allowlist-editor] [data-testid=action-error]")
            .is_some()
            && m.find(&format!("{row} [data-testid=action-error]"))
                .is_some()
    })
    .await;
    let shared = m
        .find("[data-testid=allowlist-editor] [data-testid=action-error]")
        .unwrap();
    let own = m
        .find(&format!("{row} [data-testid=action-error]"))
        .unwrap();
    assert_eq!(skeleton(&shared), skeleton(&own));
    call("DELETE", "/sim/faults", None).await;
    m.unmount();
}

/// A token of a demo-project member with `role` (through the test controls).
async fn member_token(role: &str) -> String {
    let token = format!("{role}-{:x}", (js_sys::Math::random() * 1e12) as u64);
    let (s, v) = call(
        "POST",
        "/sim/tokens",
        Some(json!({"token": token, "projects": ["demo-project"], "role": role})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    token
}

#[wasm_bindgen_test]
async fn a_read_only_member_gets_a_calm_view_on_every_cloud_and_the_panel_stops_asking() {
    let token = member_token("read_only").await;
    for cloud in ["azure-eastus", "aws-us-east-1", "google-europe-west1"] {
        let service = fresh_service_in(cloud, "pg").await;
        let clock = Clock::manual();
        let mut o = options(&service);
        o.token = TokenSource::Fixed(token.clone());
        o.clock = clock.clone();
        let m = mount_options(o);
        let errors = record_events(&m.root, "privatelink-error");
        m.wait_text(
            "[data-testid=read-only-why]",
            "Your role in this project can't view or change private links. Ask a project admin or operator.",
        )
        .await;
        m.wait_text("[data-testid=read-only-cloud]", cloud).await;
        // What the service says, read only: the switches are there and cannot be used.
        let switch = m.find("[data-testid=read-only] [role=switch]").unwrap();
        assert!(switch.has_attribute("disabled"), "{cloud}");
        assert!(switch.get_attribute("aria-checked").is_some());
        // No write control and no error line.
        for write in [
            "create",
            "delete",
            "save-access",
            "refresh-error",
            "load-error",
        ] {
            assert!(m.by_id(write).is_none(), "{cloud}: {write} shown");
        }
        // The API's refusal reached the host once per look, with Aiven's code.
        let last = errors.get(errors.length() - 1);
        assert_eq!(get(&last, "status").as_f64(), Some(403.0));
        assert_eq!(
            get(&last, "error_code").as_string().as_deref(),
            Some("permission_denied")
        );
        // Read-only, the panel sends nothing on its own: a fault armed now stays unused.
        let svc_path = format!("/v1/project/demo-project/service/{service}");
        inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "status": 503})).await;
        let seen = errors.length();
        for _ in 0..5 {
            clock.advance(60_000);
            sleep(20).await;
        }
        let (status, _) = call("GET", &svc_path, None).await;
        assert_eq!(status, 503, "{cloud}: the read-only panel polled");
        assert_eq!(errors.length(), seen, "{cloud}: errors repeated");
        m.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_write_refused_mid_session_says_why_and_switches_to_the_read_only_view() {
    let service = fresh_service().await;
    let token = member_token("operator").await;
    let m = mount_with(&service, &token);
    m.wait_for("the create form", |m| m.by_id("create").is_some())
        .await;
    // The member's role becomes read_only while the panel is open (same token).
    let (s, v) = call(
        "POST",
        "/sim/tokens",
        Some(json!({"token": token, "projects": ["demo-project"], "role": "read_only"})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    // A write through the server: its read cache of the token ends with it, no waiting.
    m.type_into("[data-testid=subscription-input]", SUB);
    m.wait_for("Create enabled", |m| !m.disabled("[data-testid=create]"))
        .await;
    m.click("[data-testid=create]");
    m.wait_text(
        "[data-testid=read-only-why]",
        "Your role in this project can't view or change private links.",
    )
    .await;
    assert!(m.by_id("create").is_none(), "the create form stayed");
    let (_, pl) = call("GET", &pl_path(&service), None).await;
    assert!(
        pl.get("state").is_none(),
        "the refused create made something: {pl}"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_failing_token_provider_is_named_in_a_short_sentence_without_stack_or_urls() {
    let service = fresh_service().await;
    let mut o = options(&service);
    o.token = TokenSource::Provider(js_sys::Function::new_no_args(
        "return Promise.reject(new Error('session expired at https://host.example/app.js:16:76'))",
    ));
    let m = mount_options(o);
    let errors = record_events(&m.root, "privatelink-error");
    let sentence = "The page could not provide a sign-in token. Try again, or reload the page.";
    m.wait_text("[data-testid=load-error]", sentence).await;
    let shown = m.text("[data-testid=load-error]");
    for leak in ["http", "JsValue", "Error:", ".js", "reach the API"] {
        assert!(!shown.contains(leak), "{leak:?} shown: {shown}");
    }
    // Nothing was checked: the header does not say when.
    assert_eq!(m.text("[data-testid=last-checked]").trim(), "Not loaded");
    let first = errors.get(0);
    assert_eq!(
        get(&first, "code").as_string().as_deref(),
        Some("token-provider")
    );
    assert_eq!(
        get(&first, "message").as_string().as_deref(),
        Some(sentence)
    );
    assert!(get(&first, "status").is_null());
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_panel_without_a_box_sends_no_polls_and_looks_at_once_when_shown_again() {
    let (service, m, clock) = mounted_creating().await;
    // Hidden by its host (`display: none`, as React's hidden <Activity> does).
    m.root.set_attribute("style", "display: none").unwrap();
    sleep(50).await;
    let svc_path = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "status": 503})).await;
    for _ in 0..5 {
        clock.advance(60_000);
        sleep(20).await;
    }
    assert!(
        m.by_id("load-error").is_none(),
        "a poll was sent while the panel had no box"
    );
    // Shown again: it looks at once (the fault armed above is what it meets), without
    // waiting for its back-off.
    m.root.remove_attribute("style").unwrap();
    m.wait_text("[data-testid=load-error]", "503").await;
    m.unmount();
    call("DELETE", "/sim/faults", None).await;
}

#[path = "panel/lifecycle.rs"]
mod lifecycle;

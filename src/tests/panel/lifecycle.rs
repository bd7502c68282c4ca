//! The panel's manners in someone else's page (issue 17): nothing sent after it is removed,
//! even in the middle of a load or of "Approve and set IP"; a slow body is under the
//! request timeout; dialogs keep and give back the focus inside a shadow root; a hidden tab
//! sends no polls and looks at once when it is shown again; the privatelink and its
//! connections are asked for together (issue 18). Helpers from `panel.rs`.

use super::*;

/// Every fetch the page starts from now on, with its URL, when it started and when its
/// answer's head came (`performance.now()`), until dropped. gloo-net calls `window.fetch` at each request, so
/// wrapping it sees the panel's requests.
struct Fetches {
    log: js_sys::Array,
    restore: js_sys::Function,
}

impl Fetches {
    fn record() -> Fetches {
        let install = js_sys::Function::new_no_args(
            "const orig = window.fetch, log = [];
             window.fetch = function (input, init) {
               const rec = { url: (input && input.url) || String(input), start: performance.now(), head: null };
               log.push(rec);
               const p = orig.apply(this, arguments);
               p.then(() => { rec.head = performance.now(); }, () => { rec.head = performance.now(); });
               return p;
             };
             return [log, () => { window.fetch = orig; }];",
        );
        let pair: js_sys::Array = install.call0(&JsValue::NULL).unwrap().unchecked_into();
        Fetches {
            log: pair.get(0).unchecked_into(),
            restore: pair.get(1).unchecked_into(),
        }
    }

    /// (url, start, head) of each request whose URL contains `part`.
    fn of(&self, part: &str) -> Vec<(String, f64, Option<f64>)> {
        self.log
            .iter()
            .map(|r| {
                (
                    get(&r, "url").as_string().unwrap_or_default(),
                    get(&r, "start").as_f64().unwrap_or_default(),
                    get(&r, "head").as_f64(),
                )
            })
            .filter(|(u, _, _)| u.contains(part))
            .collect()
    }
}

impl Drop for Fetches {
    fn drop(&mut self) {
        let _ = self.restore.call0(&JsValue::NULL);
    }
}

use wasm_bindgen::JsValue;

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
async fn removal_while_a_body_is_still_arriving_sends_nothing_afterwards() {
    let service = service_active().await;
    // The service's answer: its head at once, its body 800 ms later.
    let svc_path = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "body_delay_ms": 800}))
        .await;
    let fetches = Fetches::record();
    let m = mount(&service);
    // The head is in; the body is not.
    sleep(300).await;
    assert_eq!(
        fetches.of(&service).len(),
        1,
        "only the service was asked for"
    );
    let removed = now();
    m.unmount();
    sleep(1500).await;
    let after: Vec<_> = fetches
        .of(&service)
        .into_iter()
        .filter(|(_, start, _)| *start > removed)
        .collect();
    assert!(after.is_empty(), "requests after removal: {after:?}");
}

#[wasm_bindgen_test]
async fn a_body_slower_than_the_request_timeout_ends_as_a_timeout() {
    let service = fresh_service().await;
    let svc_path = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc_path, "method": "GET", "count": 1, "body_delay_ms": 5000}))
        .await;
    let m = mount_opts(&service, TOKEN, 600);
    let errors = record_events(&m.root, "privatelink-error");
    let started = js_sys::Date::now();
    m.wait_for("the load error", |m| m.by_id("load-error").is_some())
        .await;
    let took = js_sys::Date::now() - started;
    assert!(took < 4000.0, "the slow body held the panel {took} ms");
    assert_eq!(get(&errors.get(0), "code"), "timeout");
    m.unmount();
}

#[wasm_bindgen_test]
async fn unmount_during_approve_and_set_ip_sends_nothing_afterwards() {
    let (service, _id, m, clock, _row) = approve_and_set_ip_under_way().await;
    // The next look at the connections has a slow body: unmount while it arrives.
    let list = format!("{}/connections", pl_path(&service));
    inject_fault(json!({"path": list, "method": "GET", "count": 1, "body_delay_ms": 800})).await;
    let fetches = Fetches::record();
    clock.advance(10_000);
    sleep(300).await;
    let removed = now();
    m.unmount();
    // Azure connects meanwhile: a run still going would set the IP on its next look.
    advance(60.0).await;
    for _ in 0..5 {
        clock.advance(60_000);
        sleep(200).await;
    }
    let after: Vec<_> = fetches
        .of(&service)
        .into_iter()
        .filter(|(_, start, _)| *start > removed)
        .collect();
    assert!(after.is_empty(), "requests after removal: {after:?}");
    let (_, list) = call("GET", &list, None).await;
    assert_eq!(list["connections"][0]["user_ip_address"], Value::Null);
    call("DELETE", "/sim/faults", None).await;
}

/// The panel mounted in an open shadow root of a host element (as a Lit or Stencil host
/// has it); returns the panel and the shadow root.
fn mount_in_shadow_root(service: &str) -> (Mounted, JsValue) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"mode".into(), &"open".into()).unwrap();
    let attach: js_sys::Function = get(&host, "attachShadow").unchecked_into();
    let shadow = attach.call1(&host, &init).unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    let append: js_sys::Function = get(&shadow, "appendChild").unchecked_into();
    append.call1(&shadow, &root).unwrap();
    let handle = mount_panel(root.clone(), options(service));
    (Mounted { root, handle }, shadow)
}

fn key(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn in_a_shadow_root_tab_stays_in_the_dialog_and_escape_gives_the_focus_back() {
    let service = service_active().await;
    let (m, shadow) = mount_in_shadow_root(&service);
    let active = || -> Option<Element> { get(&shadow, "activeElement").dyn_into().ok() };
    m.wait_text(CARD_BADGE, "active").await;
    let opener: HtmlElement = m.by_id("delete").expect("the delete button");
    opener.focus().unwrap();
    opener.click();
    m.wait_for("the dialog with the focus inside", |m| {
        let dialog = m.find("[role=alertdialog]");
        dialog.is_some_and(|d| active().is_some_and(|a| d.contains(Some(&a))))
    })
    .await;
    let dialog = m.find("[role=alertdialog]").unwrap();
    let buttons = dialog.query_selector_all("button:not([disabled])").unwrap();
    let first: HtmlElement = m
        .find("[role=alertdialog] [data-testid=delete-confirm-input]")
        .unwrap()
        .unchecked_into();
    let cancel: HtmlElement = buttons.item(0).unwrap().unchecked_into();
    // Tab from the last focusable control (Cancel: the confirm button is disabled until the
    // name is typed) wraps to the first, inside the dialog.
    cancel.focus().unwrap();
    key(&dialog, "Tab");
    assert_eq!(active(), Some(first.clone().into()), "Tab left the dialog");
    // Shift+Tab from the first wraps to the last.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_shift_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    dialog.dispatch_event(&ev).unwrap();
    assert_eq!(active(), Some(cancel.into()), "Shift+Tab left the dialog");
    key(&dialog, "Escape");
    m.wait_for("the dialog closed", |m| {
        m.find("[role=alertdialog]").is_none()
    })
    .await;
    sleep(50).await;
    assert_eq!(
        active(),
        Some(opener.into()),
        "the focus did not come back to the button that opened the dialog"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_hidden_tab_sends_no_polls_and_looks_at_once_when_shown_again() {
    let (service, m, clock) = mounted_creating().await;
    let fetches = Fetches::record();
    set_tab_hidden(true);
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    for _ in 0..5 {
        clock.advance(60_000);
        sleep(30).await;
    }
    let hidden = fetches.of(&service).len();
    set_tab_hidden(false);
    assert_eq!(hidden, 0, "polls while the tab was hidden");
    // Shown again: a look at once, without waiting out the back-off (the clock stays).
    advance(60.0).await;
    doc.dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
        .unwrap();
    m.wait_text(CARD_BADGE, "active").await;
    assert!(!fetches.of(&service).is_empty());
    m.unmount();
}

#[wasm_bindgen_test]
async fn the_privatelink_and_its_connections_are_asked_for_together() {
    let (service, _) = service_with_connection().await;
    // The privatelink's answer takes 500 ms: the connections are asked for meanwhile.
    inject_fault(json!({"path": pl_path(&service), "method": "GET", "count": 1, "delay_ms": 500}))
        .await;
    let fetches = Fetches::record();
    let m = mount(&service);
    m.wait_for("the connection row", |m| {
        m.find("[data-testid^=connection-plc]").is_some()
    })
    .await;
    let pl = format!("{service}/privatelink/azure");
    let first = |suffix: &str| {
        fetches
            .of(&format!("{pl}{suffix}"))
            .into_iter()
            .find(|(u, _, _)| u.ends_with(&format!("{pl}{suffix}")))
            .unwrap_or_else(|| panic!("no request for {pl}{suffix}"))
    };
    let (_, _, pl_head) = first("");
    let (_, list_start, _) = first("/connections");
    let pl_head = pl_head.expect("the privatelink answered");
    assert!(
        list_start < pl_head,
        "the connections were asked for only after the privatelink answered"
    );
    m.unmount();
}

#[wasm_bindgen_test]
async fn a_handle_dropped_without_unmount_leaves_its_panel_working() {
    let (_, m, clock) = mounted_creating().await;
    let Mounted { root, handle } = m;
    // What the garbage collector does to a handle the host did not keep.
    drop(handle);
    advance(60.0).await;
    let badge = || {
        root.query_selector(CARD_BADGE)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    for _ in 0..250 {
        if badge().contains("active") {
            break;
        }
        clock.advance(1000);
        sleep(20).await;
    }
    assert!(badge().contains("active"), "the panel stopped: {}", badge());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_slow_list_asked_beside_a_privatelink_being_created_does_not_hold_the_load() {
    let service = service_creating().await;
    // The connections list asked for beside the privatelink would take 4 s (and be refused:
    // the privatelink is being created); the load must not wait for it.
    let list = format!("{}/connections", pl_path(&service));
    inject_fault(json!({"path": list, "method": "GET", "count": 1, "delay_ms": 4000})).await;
    let started = js_sys::Date::now();
    let m = mount(&service);
    m.wait_text(CARD_BADGE, "creating").await;
    let took = js_sys::Date::now() - started;
    assert!(
        took < 2500.0,
        "the load waited {took} ms for a list it did not need"
    );
    m.unmount();
    call("DELETE", "/sim/faults", None).await;
}

#[wasm_bindgen_test]
async fn nothing_more_is_asked_about_a_privatelink_while_its_delete_is_in_flight() {
    // A user-approved connection keeps the panel polling. A poll whose service answer takes
    // 400 ms is under way when Delete is confirmed; the DELETE itself takes 800 ms. What that
    // load would ask next (the privatelink and its connections), or a poll started meanwhile,
    // would list the connections of a privatelink being deleted: a 409 in the host's console
    // (seen in CI).
    let (service, _) = service_with_approved_connection().await;
    let (m, clock) = mount_manual_clock(&service);
    m.wait_text(CARD_BADGE, "active").await;
    m.click("[data-testid=delete]");
    m.wait_for("the dialog", |m| m.find("[role=alertdialog]").is_some())
        .await;
    m.type_into("[data-testid=delete-confirm-input]", &service);
    m.wait_for("delete enabled", |m| {
        !m.disabled("[role=alertdialog] .plp-btn--danger")
    })
    .await;
    let svc = format!("/v1/project/demo-project/service/{service}");
    inject_fault(json!({"path": svc, "method": "GET", "count": 1, "delay_ms": 400})).await;
    inject_fault(
        json!({"path": pl_path(&service), "method": "DELETE", "count": 1, "delay_ms": 800}),
    )
    .await;
    let fetches = Fetches::record();
    clock.advance(60_000);
    m.wait_for("a poll under way", |_| !fetches.of(&service).is_empty())
        .await;
    m.click("[role=alertdialog] .plp-btn--danger");
    // The held service answer comes; the poll loop's waits run out while the DELETE is held.
    for _ in 0..10 {
        clock.advance(60_000);
        sleep(50).await;
    }
    let sent = fetches.of(&service);
    let pl = pl_path(&service);
    let lists: Vec<_> = sent
        .iter()
        .filter(|(u, _, _)| u.ends_with("/connections"))
        .collect();
    let privatelink: Vec<_> = sent.iter().filter(|(u, _, _)| u.ends_with(&pl)).collect();
    assert!(
        lists.is_empty(),
        "connections asked for during the DELETE: {sent:?}"
    );
    assert_eq!(
        privatelink.len(),
        1,
        "only the DELETE at the privatelink: {sent:?}"
    );
    assert!(
        privatelink[0].2.is_none(),
        "the DELETE was answered too soon for the test"
    );
    m.wait_text(CARD_BADGE, "deleting").await;
    m.unmount();
}

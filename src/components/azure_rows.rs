//! The rows of the Azure connections table, built and updated by hand (`crate::dom`)
//! rather than with `view!`: a service may list a thousand connections, and a `view!` row
//! costs about fifteen reactive effects and their generic code. Here a row is plain DOM
//! plus what it last showed; one effect of the table reconciles the rows by connection ID
//! and writes only what changed. A row gets reactive state (its action, its step, its own
//! effect) only once someone acts on it.
//!
//! What a row shows and does is the same as before: the endpoint ID split into its parts,
//! the not-allowed flag, the state badge, the IP, Approve (through the table's dialog),
//! the IP field with core's check and the one-step "Approve and set IP" with its step and
//! Cancel, the error with Retry, the avn command and the states seen so far. Events reach
//! the rows through three listeners on their `<tbody>` (delegation), not one per button.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::commands;
use privatelink_core::wire::{AzurePrivatelinkConnection, ConnectionState};
use privatelink_core::{
    Cloud, ConnectionAction, ConnectionId, EndpointIp, PrivateEndpointId, SubscriptionId,
};
use rustc_hash::FxHashMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, HtmlElement, HtmlInputElement, KeyboardEvent, Node};

use super::dialog::Confirm;
use super::ip_message;
use crate::approve::{approve_and_set_ip, Cancel, Step, WAITING};
use crate::dom::{child, el, place, set_attr, text, toggle_attr};
use crate::state::{Ctx, UserAction};

/// The table's one approval dialog: which connection it asks about, and the row's
/// approve to run on confirm.
#[derive(Clone, Copy)]
pub struct ApproveDialog {
    pub confirm: Confirm,
    pub target: RwSignal<Option<ConnectionId>>,
    /// The endpoint name typed to approve one outside the allowed subscriptions.
    pub typed: RwSignal<String>,
}

impl ApproveDialog {
    fn ask(&self, id: &ConnectionId, on_confirm: Callback<()>) {
        self.typed.set(String::new());
        self.target.set(Some(id.clone()));
        self.confirm.ask(on_confirm);
    }
}

/// What the row's one action does when it runs: approve, or save the IP (approving first
/// when the connection still waits for approval).
#[derive(Clone, Copy, PartialEq)]
enum RowOp {
    Approve,
    SaveIp,
}

/// A row's reactive part, made on its first action and disposed with the row.
#[derive(Clone, Copy)]
struct Live {
    action: UserAction,
    step: Step,
    cancel: StoredValue<Option<Cancel>, LocalStorage>,
    /// Runs the action as an approval / as a save of the IP (the dialog's confirm).
    approve: Callback<()>,
    save: Callback<()>,
}

/// Everything a row shows that can change; compared field by field before writing.
#[derive(Clone, Default, PartialEq)]
struct Shown {
    flagged: bool,
    state: String,
    tone: &'static str,
    ip: String,
    can_approve: bool,
    busy: bool,
    ip_ok: bool,
    note: Option<(bool, String)>,
    step: Option<&'static str>,
    error: Option<String>,
    avn: Option<String>,
    timeline: String,
}

struct Row {
    id: ConnectionId,
    /// The last [`Rows::sync`] that listed this row.
    pass: u64,
    conn: AzurePrivatelinkConnection,
    allowed: bool,
    timeline: String,
    /// What is in the IP field (its value, kept as typed).
    typed: String,
    avn_open: bool,
    note_id: String,
    live: Option<(Live, Owner)>,
    shown: Shown,
    // The row's nodes that change.
    tr: HtmlElement,
    timeline_el: HtmlElement,
    subscription: HtmlElement,
    flag: Option<HtmlElement>,
    badge: HtmlElement,
    ip_td: HtmlElement,
    actions: HtmlElement,
    approve_btn: Option<HtmlElement>,
    ip_box: HtmlElement,
    input: HtmlInputElement,
    save_btn: HtmlElement,
    note: Option<HtmlElement>,
    step: Option<HtmlElement>,
    error: Option<HtmlElement>,
    avn: HtmlElement,
    avn_toggle: HtmlElement,
    avn_body: Option<HtmlElement>,
}

type RowRef = Rc<RefCell<Row>>;

/// The table's rows by connection ID, and what their handlers need.
pub struct Rows {
    ctx: Ctx,
    dialog: ApproveDialog,
    /// The table's owner: row state is made under it and goes with it.
    owner: WeakOwner,
    /// Keyed by the connection ID's text, which is also in each row's `data-testid`.
    rows: FxHashMap<String, RowRef>,
    /// Which `sync` last listed each row (rows it did not list are removed).
    pass: u64,
    /// A parsed row without its per-row values ([`ROW_HTML`]), cloned for each new row.
    template: HtmlElement,
}

/// What every row has in common. Not a <form>: with one per row, Chromium's autofill
/// scans every row's form after the first paint (~0.4 s for 1,000 rows, measured); Enter
/// saves instead.
const ROW_HTML: &str = concat!(
    r#"<tr><th scope="row"><code></code><div class="plp-muted plp-timeline" data-testid="timeline"></div></th>"#,
    r#"<td data-label="Subscription"></td><td data-label="Resource group"></td><td data-label="Endpoint"></td>"#,
    r#"<td data-label="State"><span data-testid="state-badge"></span></td><td data-label="Endpoint IP"></td>"#,
    r#"<td class="plp-actions"><div class="plp-ip">"#,
    r#"<input class="plp-input plp-input--ip" type="text" inputmode="decimal" placeholder="10.0.0.5" autocomplete="off" data-testid="ip-input" data-act="ip">"#,
    r#"<button type="button" class="plp-btn" data-testid="save-ip" data-act="save" disabled></button></div>"#,
    r#"<div class="plp-avn"><button type="button" class="plp-disclosure" data-testid="avn-toggle" data-act="avn" aria-expanded="false">avn command</button></div>"#,
    r#"</td></tr>"#
);

/// Whether `e` has the focus and the person is using the keyboard (`:focus-visible`): after
/// a tap, moving the focus into a text field would open a touch keyboard unasked. A
/// selector, so it also holds inside a host's shadow root (where `document.activeElement`
/// is the shadow host).
fn focused(e: &HtmlElement) -> bool {
    e.matches(":focus-visible").unwrap_or(false)
}

fn first(e: &HtmlElement) -> HtmlElement {
    e.first_element_child()
        .expect("the row template has this child")
        .unchecked_into()
}

fn next(e: &HtmlElement) -> HtmlElement {
    e.next_element_sibling()
        .expect("the row template has this sibling")
        .unchecked_into()
}

pub type RowsRef = Rc<RefCell<Rows>>;

impl Rows {
    pub fn new(ctx: Ctx, dialog: ApproveDialog) -> RowsRef {
        Rc::new(RefCell::new(Rows {
            ctx,
            dialog,
            owner: Owner::current()
                .expect("rows are made inside the table component")
                .downgrade(),
            rows: FxHashMap::default(),
            pass: 0,
            template: {
                let body = el(&crate::dom::document(), "tbody", "", &[]);
                body.set_inner_html(ROW_HTML);
                first(&body)
            },
        }))
    }

    /// Makes `body`'s rows those of `list`, in its order: new rows built, gone ones removed,
    /// changed ones updated; nothing written for a row whose connection, flag and timeline
    /// are unchanged.
    pub fn sync(
        &mut self,
        body: &HtmlElement,
        list: &[AzurePrivatelinkConnection],
        allowlist: &[SubscriptionId],
        timelines: &std::collections::BTreeMap<ConnectionId, Vec<crate::state::Seen>>,
    ) {
        let doc = crate::dom::document();
        self.pass += 1;
        let mut ordered = Vec::with_capacity(list.len());
        for c in list {
            let id = &c.privatelink_connection_id;
            let allowed = connection_allowed(c, allowlist);
            let timeline = super::timeline_text(timelines.get(id));
            let row = match self.rows.get(id.as_str()) {
                Some(row) => {
                    let mut r = row.borrow_mut();
                    if r.conn != *c || r.allowed != allowed || r.timeline != timeline {
                        r.conn = c.clone();
                        r.allowed = allowed;
                        r.timeline = timeline;
                        r.patch(&self.ctx);
                    }
                    drop(r);
                    row.clone()
                }
                None => {
                    let row = Rc::new(RefCell::new(Row::build(
                        &doc,
                        &self.template,
                        &self.ctx,
                        c,
                        allowed,
                        timeline,
                    )));
                    self.rows.insert(id.as_str().to_string(), row.clone());
                    row
                }
            };
            row.borrow_mut().pass = self.pass;
            ordered.push(row);
        }
        // Gone rows first, so the rows after them stay where they are (a moved row would
        // lose the focus and whatever is being typed in it).
        let pass = self.pass;
        self.rows.retain(|_, row| {
            let row = row.borrow();
            let keep = row.pass == pass;
            if !keep {
                row.tr.remove();
                if let Some((l, owner)) = &row.live {
                    // A run of the removed row (waiting for Azure) ends with it.
                    l.cancel.with_value(|c| c.as_ref().map(Cancel::cancel));
                    owner.cleanup();
                }
            }
            keep
        });
        let mut cursor: Option<Node> = body.first_child();
        for row in ordered {
            let tr: Node = row.borrow().tr.clone().into();
            if cursor.as_ref() == Some(&tr) {
                cursor = tr.next_sibling();
            } else {
                let _ = body.insert_before(&tr, cursor.as_ref());
            }
        }
    }

    /// The row an event of the rows' `<tbody>` came from, and the `data-act` of the
    /// control in that row it reached (none for a click on a row's text). Nothing outside
    /// this `<tbody>`'s own rows counts, so a host page's markup around the panel is inert.
    fn row_of(&self, ev: &Event) -> Option<(RowRef, Option<String>)> {
        let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let tr = el.closest("tr").ok()??;
        let body: Node = ev.current_target()?.dyn_into().ok()?;
        if tr.parent_node().as_ref() != Some(&body) {
            return None;
        }
        let testid = tr.get_attribute("data-testid")?;
        let row = self
            .rows
            .get(testid.strip_prefix("connection-")?)
            .cloned()?;
        let act = el
            .closest("[data-act]")
            .ok()
            .flatten()
            .filter(|a| tr.contains(Some(a.as_ref())))
            .and_then(|a| a.get_attribute("data-act"));
        Some((row, act))
    }
}

impl Row {
    fn build(
        doc: &Document,
        template: &HtmlElement,
        ctx: &Ctx,
        c: &AzurePrivatelinkConnection,
        allowed: bool,
        timeline: String,
    ) -> Row {
        let id = c.privatelink_connection_id.clone();
        let raw = c.private_endpoint_id.as_str();
        let (subscription, group, name) = match PrivateEndpointId::parse(raw) {
            Ok(p) => (p.subscription_id.to_string(), p.resource_group, p.name),
            Err(_) => (raw.to_string(), String::new(), String::new()),
        };
        // One deep clone of the parsed row, then only what differs per row: far fewer
        // calls into the page than building it node by node.
        let tr: HtmlElement = template
            .clone_node_with_deep(true)
            .expect("a row template clones")
            .unchecked_into();
        set_attr(&tr, "data-testid", &["connection-", id.as_str()].concat());
        let th = first(&tr);
        first(&th).set_text_content(Some(id.as_str()));
        let timeline_div = next(&first(&th));
        let sub_td = next(&th);
        set_attr(&sub_td, "title", raw);
        text(doc, &sub_td, &subscription);
        let group_td = next(&sub_td);
        group_td.set_text_content(Some(&group));
        let name_td = next(&group_td);
        set_attr(&name_td, "title", raw);
        name_td.set_text_content(Some(&name));
        let state_td = next(&name_td);
        let badge = first(&state_td);
        let ip_td = next(&state_td);
        let actions = next(&ip_td);
        let ip_box = first(&actions);
        let input: HtmlInputElement = first(&ip_box).unchecked_into();
        set_attr(
            &input,
            "aria-label",
            &["Endpoint IP of ", id.as_str()].concat(),
        );
        let save_btn = next(&input);
        let avn = next(&ip_box);
        let avn_toggle = first(&avn);
        let mut row = Row {
            pass: 0,
            note_id: ctx.id(&["ip-note-", id.as_str()].concat()),
            id,
            conn: c.clone(),
            allowed,
            timeline,
            typed: String::new(),
            avn_open: false,
            live: None,
            shown: Shown::default(),
            tr,
            timeline_el: timeline_div,
            subscription: sub_td,
            flag: None,
            badge,
            ip_td,
            actions,
            approve_btn: None,
            ip_box,
            input,
            save_btn,
            note: None,
            step: None,
            error: None,
            avn,
            avn_toggle,
            avn_body: None,
        };
        // Everything that can change is written by `patch`, from an empty `Shown`.
        row.patch(ctx);
        row
    }

    fn can(&self, a: ConnectionAction) -> bool {
        a.check(Cloud::Azure, &self.conn.state).is_ok()
    }

    fn ip_check(&self) -> Option<Result<EndpointIp, privatelink_core::EndpointIpError>> {
        (!self.typed.trim().is_empty()).then(|| EndpointIp::parse(&self.typed))
    }

    /// What the row should show now (reads the live signals without tracking them).
    fn wanted(&self, ctx: &Ctx) -> Shown {
        let can_approve = self.can(ConnectionAction::Approve);
        let check = self.ip_check();
        let ip_ok = matches!(check, Some(Ok(_)));
        let (busy, step, error) = match &self.live {
            Some((l, _)) => untrack(|| (l.action.busy(), l.step.get(), l.action.error())),
            None => (false, None, None),
        };
        let avn = self.avn_open.then(|| {
            let t = ctx.client();
            if can_approve {
                commands::azure_approve(t.target(), self.id.as_str())
            } else {
                let ip = match &check {
                    Some(Ok(ip)) => ip.to_string(),
                    _ => "<ip>".to_string(),
                };
                commands::azure_set_ip(t.target(), self.id.as_str(), &ip)
            }
        });
        Shown {
            flagged: !self.allowed,
            state: self.conn.state.to_string(),
            tone: self.conn.state.tone().as_str(),
            ip: self
                .conn
                .user_ip_address
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| "—".into()),
            can_approve,
            busy,
            ip_ok,
            note: ip_message(check, Cloud::Azure),
            step,
            error,
            avn,
            timeline: self.timeline.clone(),
        }
    }

    /// Writes what differs between what the row shows and what it should show.
    fn patch(&mut self, ctx: &Ctx) {
        let new = self.wanted(ctx);
        let old = std::mem::take(&mut self.shown);
        let doc = crate::dom::document();
        let id = self.id.as_str();
        if new.timeline != old.timeline {
            self.timeline_el.set_text_content(Some(&new.timeline));
        }
        if new.flagged != old.flagged {
            // The row's only class.
            self.tr
                .set_class_name(if new.flagged { "plp-row--flagged" } else { "" });
            let flag = new.flagged.then(|| {
                let s = el(&doc, "span", "plp-flag", &[("data-testid", "not-allowed")]);
                s.set_text_content(Some(" ⚠ not in the allowed subscriptions"));
                s
            });
            place(&self.subscription, &mut self.flag, flag, &[]);
        }
        if new.state != old.state {
            self.badge.set_text_content(Some(&new.state));
        }
        if new.tone != old.tone {
            self.badge
                .set_class_name(&["plp-badge plp-badge--", new.tone].concat());
        }
        if new.ip != old.ip {
            self.ip_td.set_text_content(Some(&new.ip));
        }
        if new.can_approve != old.can_approve || old.tone.is_empty() {
            let approve = new.can_approve.then(|| {
                let b = el(
                    &doc,
                    "button",
                    "plp-btn plp-btn--primary",
                    &[
                        ("type", "button"),
                        ("aria-label", &["Approve ", id].concat()),
                        ("data-act", "approve"),
                    ],
                );
                b.set_text_content(Some("Approve"));
                b
            });
            let ip_box = Some(self.ip_box.clone());
            if let Some(b) = &approve {
                toggle_attr(b, "disabled", new.busy);
            }
            let had_focus = self.approve_btn.as_ref().is_some_and(focused);
            place(&self.actions, &mut self.approve_btn, approve, &[&ip_box]);
            if had_focus {
                let _ = self.input.focus();
            }
            // Each name starts with the button's visible words (WCAG 2.5.3), then the row.
            let (label, words) = if new.can_approve {
                ("Approve and set IP for ", "Approve and set IP")
            } else {
                ("Save IP for ", "Save IP")
            };
            set_attr(&self.save_btn, "aria-label", &[label, id].concat());
            self.save_btn.set_text_content(Some(words));
        }
        if new.busy != old.busy {
            if let Some(b) = &self.approve_btn {
                // A disabled button drops the focus to the page: when the approval it
                // started runs (and when the button goes), focus moves on to the IP field,
                // the row's next step.
                if new.busy && focused(b) {
                    let _ = self.input.focus();
                }
                toggle_attr(b, "disabled", new.busy);
            }
        }
        // The template's save button starts disabled, as an empty `Shown` has it.
        let save_off = new.busy || !new.ip_ok;
        if save_off != (old.busy || !old.ip_ok) {
            toggle_attr(&self.save_btn, "disabled", save_off);
        }
        let avn = Some(self.avn.clone());
        if new.note != old.note {
            let note = new.note.as_ref().map(|(bad, msg)| {
                let (class, testid) = if *bad {
                    ("plp-error", "ip-error")
                } else {
                    ("plp-warning", "ip-warning")
                };
                let p = el(
                    &doc,
                    "p",
                    class,
                    &[("id", &self.note_id), ("data-testid", testid)],
                );
                p.set_text_content(Some(msg));
                p
            });
            place(
                &self.actions,
                &mut self.note,
                note,
                &[&self.step, &self.error, &avn],
            );
            let input: &web_sys::Element = self.input.unchecked_ref();
            match &new.note {
                Some(_) => set_attr(input, "aria-describedby", &self.note_id),
                None => toggle_attr(input, "aria-describedby", false),
            }
            match &new.note {
                Some((true, _)) => set_attr(input, "aria-invalid", "true"),
                _ => toggle_attr(input, "aria-invalid", false),
            }
        }
        if new.step != old.step {
            let step = new.step.map(|step| {
                let p = el(&doc, "p", "plp-step", &[("data-testid", "step")]);
                text(&doc, &p, step);
                text(&doc, &p, " ");
                // Only the wait can be cancelled: the other steps are one request each.
                let b = child(
                    &doc,
                    &p,
                    "button",
                    "plp-btn plp-btn--small",
                    &[
                        ("type", "button"),
                        ("data-testid", "cancel-step"),
                        ("data-act", "cancel"),
                        (
                            "aria-label",
                            &["Cancel approve and set IP for ", id].concat(),
                        ),
                    ],
                    "Cancel",
                );
                toggle_attr(&b, "hidden", step != WAITING);
                p
            });
            place(&self.actions, &mut self.step, step, &[&self.error, &avn]);
        }
        if new.error != old.error {
            let error = new.error.as_ref().map(|e| {
                let p = el(
                    &doc,
                    "p",
                    "plp-error",
                    &[("role", "alert"), ("data-testid", "action-error")],
                );
                child(&doc, &p, "span", "", &[], e);
                text(&doc, &p, " ");
                child(
                    &doc,
                    &p,
                    "button",
                    "plp-btn plp-btn--small",
                    &[("type", "button"), ("data-act", "retry")],
                    "Retry",
                );
                p
            });
            place(&self.actions, &mut self.error, error, &[&avn]);
        }
        if new.avn != old.avn {
            match (&self.avn_body, &new.avn) {
                // Open, and the command changed with the state or the IP: the text in
                // place, so a focused Copy button keeps the focus.
                (Some(body), Some(cmd)) => first(body).set_text_content(Some(cmd)),
                _ => {
                    set_attr(
                        &self.avn_toggle,
                        "aria-expanded",
                        if new.avn.is_some() { "true" } else { "false" },
                    );
                    let body = new.avn.as_ref().map(|cmd| {
                        let d = el(&doc, "div", "", &[]);
                        child(&doc, &d, "code", "", &[("data-testid", "avn-command")], cmd);
                        child(
                            &doc,
                            &d,
                            "button",
                            "plp-btn plp-btn--small",
                            &[
                                ("type", "button"),
                                ("aria-label", "Copy avn command"),
                                ("data-act", "copy"),
                            ],
                            "Copy",
                        );
                        d
                    });
                    place(&self.avn, &mut self.avn_body, body, &[]);
                }
            }
        }
        self.shown = new;
    }
}

/// The row's reactive part, made on first use under the table's owner (none once the
/// table is gone).
fn live(rows: &Rows, row: &RowRef) -> Option<Live> {
    if let Some((l, _)) = &row.borrow().live {
        return Some(*l);
    }
    let ctx = rows.ctx;
    let owner = rows.owner.upgrade()?.child();
    let weak: Weak<RefCell<Row>> = Rc::downgrade(row);
    let id = row.borrow().id.clone();
    let l = owner.with(|| {
        let step: Step = RwSignal::new(None);
        let cancel = StoredValue::new_local(None::<Cancel>);
        let op = StoredValue::new(RowOp::Approve);
        let w = weak.clone();
        let action = UserAction::new(move || {
            let id = id.clone();
            let op = op.get_value();
            let (ip, pending) = w
                .upgrade()
                .map(|r| {
                    let r = r.borrow();
                    let ip = r.ip_check().and_then(Result::ok);
                    (ip, r.conn.state == ConnectionState::PendingUserApproval)
                })
                .unwrap_or((None, false));
            let run_cancel = Cancel::new(&ctx.client());
            cancel.set_value(Some(run_cancel.clone()));
            Box::pin(async move {
                match (op, ip) {
                    (RowOp::Approve, _) => {
                        let c = ctx.client().approve(&id).await?;
                        ctx.announce(format!("{id} approved."));
                        ctx.put_connection(c);
                    }
                    // Pending: approve, wait for Azure to connect, then set the IP. Once
                    // approved the API takes the IP directly.
                    (RowOp::SaveIp, Some(ip)) => {
                        if pending {
                            approve_and_set_ip(ctx, id.clone(), ip, step, run_cancel).await?;
                        } else {
                            let c = ctx.client().set_ip(&id, ip).await?;
                            ctx.put_connection(c);
                        }
                        ctx.announce(format!("Endpoint IP of {id} saved."));
                    }
                    (RowOp::SaveIp, None) => {}
                }
                Ok(())
            })
        });
        let approve = Callback::new(move |_| {
            op.set_value(RowOp::Approve);
            action.run();
        });
        let save = Callback::new(move |_| {
            op.set_value(RowOp::SaveIp);
            action.run();
        });
        // The row's busy state, error and step, shown as they change.
        let w = weak.clone();
        Effect::new(move |_| {
            action.busy();
            action.error();
            step.track();
            if let Some(r) = w.upgrade() {
                untrack(|| r.borrow_mut().patch(&ctx));
            }
        });
        Live {
            action,
            step,
            cancel,
            approve,
            save,
        }
    });
    row.borrow_mut().live = Some((l, owner));
    Some(l)
}

/// The `click` listener of the rows' `<tbody>`.
pub fn on_click(rows: &RowsRef, ev: Event) {
    let r = rows.borrow();
    let Some((row, Some(act))) = r.row_of(&ev) else {
        return;
    };
    let ctx = r.ctx;
    match act.as_str() {
        "approve" => {
            let Some(l) = live(&r, &row) else {
                return;
            };
            let id = row.borrow().id.clone();
            r.dialog.ask(&id, l.approve);
        }
        "save" => save_ip(&r, &row),
        "cancel" => {
            let Some(l) = row.borrow().live.as_ref().map(|(l, _)| *l) else {
                return;
            };
            l.cancel.with_value(|c| c.as_ref().map(Cancel::cancel));
            let row = row.borrow();
            ctx.announce(format!("Approve and set IP for {} cancelled.", row.id));
            // The Cancel button goes away with the step: keep the keyboard in the row.
            let _ = row.input.focus();
        }
        "retry" => {
            let l = row.borrow().live.as_ref().map(|(l, _)| *l);
            if let Some(l) = l {
                l.action.run();
            }
        }
        "avn" => {
            let mut row = row.borrow_mut();
            row.avn_open = !row.avn_open;
            row.patch(&ctx);
        }
        "copy" => {
            let cmd = row.borrow().shown.avn.clone().unwrap_or_default();
            super::copy_text(ctx, cmd, "avn command");
        }
        _ => {}
    }
}

/// The `input` listener: the IP field's text, checked by core as it is typed.
pub fn on_input(rows: &RowsRef, ev: Event) {
    let r = rows.borrow();
    let Some((row, Some(act))) = r.row_of(&ev) else {
        return;
    };
    if act == "ip" {
        let mut row = row.borrow_mut();
        row.typed = row.input.value();
        row.patch(&r.ctx);
    }
}

/// The `keydown` listener: Enter in the IP field saves it.
pub fn on_keydown(rows: &RowsRef, ev: KeyboardEvent) {
    if ev.key() != "Enter" {
        return;
    }
    let r = rows.borrow();
    let Some((row, Some(act))) = r.row_of(&ev) else {
        return;
    };
    if act == "ip" {
        ev.prevent_default();
        save_ip(&r, &row);
    }
}

/// Saves the IP when it is valid: through the dialog while the connection still needs
/// approval (every approval is confirmed), else at once.
fn save_ip(rows: &Rows, row: &RowRef) {
    let (ok, can_approve, id) = {
        let r = row.borrow();
        (
            matches!(r.ip_check(), Some(Ok(_))),
            r.can(ConnectionAction::Approve),
            r.id.clone(),
        )
    };
    if !ok {
        return;
    }
    let Some(l) = live(rows, row) else {
        return;
    };
    if can_approve {
        rows.dialog.ask(&id, l.save);
    } else {
        l.save.run(());
    }
}

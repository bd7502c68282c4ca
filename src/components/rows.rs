//! The rows of every connections table (Azure, AWS, Google), built and updated by hand
//! (`crate::dom`) rather than with `view!`: a service may list a thousand connections, and
//! a `view!` row costs about fifteen reactive effects and their generic code. Here a row is
//! plain DOM plus what it last showed; one effect of the table reconciles the rows by their
//! data key (`data-key`: the connection's [`Connection::key`]) and writes only what
//! changed, so a poll keeps what is typed in a row and where the focus is. A row gets
//! reactive state (its action, its step, its own effect) only once someone acts on it.
//!
//! One renderer for every cloud: a cloud is its [`Col`] list (which also makes the
//! `<thead>` and the narrow layout's labels) and its [`Acts`] (AWS: none; Google: approve
//! with the endpoint's IP in one call; Azure: approve, then the IP, or both in one step
//! with a deadline and Cancel). The parts a row shows (state badge, IP note, error with
//! Retry, `avn` disclosure with Copy, timeline) are written once here; a browser test pins
//! their markup to the shared `view!` components'. Events reach the rows through three
//! listeners on their `<tbody>` (delegation), not one per button.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::commands;
use privatelink_core::wire::{AwsConnection, AzurePrivatelinkConnection, GoogleConnection};
use privatelink_core::{
    Cloud, Connection, ConnectionAction, ConnectionId, Connections, EndpointIp, EndpointIpError,
    PrivateEndpointId, SubscriptionId,
};
use rustc_hash::FxHashMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, HtmlElement, HtmlInputElement, KeyboardEvent, Node};

use super::dialog::Confirm;
use super::ip_message;
use crate::approve::{approve_and_set_ip, Cancel, Step, WAITING};
use crate::dom::{child, el, place, set_attr, text, toggle_attr};
use crate::state::{Ctx, Seen, UserAction};

/// One column of a connections table after the row header (the connection's ID and the
/// states it was seen in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Azure: the endpoint's subscription, flagged when it is not in the allowlist.
    Subscription,
    ResourceGroup,
    /// Azure: the private endpoint's name.
    EndpointName,
    /// AWS: the customer's `vpce-…`.
    VpcEndpoint,
    /// AWS: the endpoint's DNS name, with Copy.
    DnsName,
    /// Google: the PSC connection ID.
    PscConnection,
    State,
    Ip,
    Actions,
}

impl Col {
    /// The column's header, which is also its cells' label in the narrow (card) layout.
    pub fn header(self) -> &'static str {
        match self {
            Col::Subscription => "Subscription",
            Col::ResourceGroup => "Resource group",
            Col::EndpointName => "Endpoint",
            Col::VpcEndpoint => "VPC endpoint",
            Col::DnsName => "DNS name",
            Col::PscConnection => "PSC connection ID",
            Col::State => "State",
            Col::Ip => "Endpoint IP",
            Col::Actions => "Actions",
        }
    }
}

/// The columns of `cloud`'s connections table.
pub fn columns(cloud: Cloud) -> &'static [Col] {
    match cloud {
        Cloud::Azure => &[
            Col::Subscription,
            Col::ResourceGroup,
            Col::EndpointName,
            Col::State,
            Col::Ip,
            Col::Actions,
        ],
        Cloud::Aws => &[Col::VpcEndpoint, Col::DnsName, Col::State],
        Cloud::Google => &[Col::PscConnection, Col::State, Col::Ip, Col::Actions],
    }
}

/// What a person can do to a cloud's connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acts {
    /// AWS: nothing (an allowed principal's endpoint is accepted on its own).
    Nothing,
    /// Azure: approve, then set the endpoint's IP, or both in one step.
    ApproveThenIp,
    /// Google: approve with the endpoint's IP, in one call.
    ApproveWithIp,
}

impl Acts {
    pub fn of(cloud: Cloud) -> Acts {
        match cloud {
            Cloud::Aws => Acts::Nothing,
            Cloud::Azure => Acts::ApproveThenIp,
            Cloud::Google => Acts::ApproveWithIp,
        }
    }
}

/// A connection of any cloud, as a row holds it.
#[derive(Clone, PartialEq)]
enum Conn {
    Azure(AzurePrivatelinkConnection),
    Aws(AwsConnection),
    Google(GoogleConnection),
}

/// A connection of a list, borrowed.
#[derive(Clone, Copy)]
enum ConnRef<'a> {
    Azure(&'a AzurePrivatelinkConnection),
    Aws(&'a AwsConnection),
    Google(&'a GoogleConnection),
}

impl<'a> ConnRef<'a> {
    fn get(self) -> &'a dyn Connection {
        match self {
            ConnRef::Azure(c) => c,
            ConnRef::Aws(c) => c,
            ConnRef::Google(c) => c,
        }
    }

    fn owned(self) -> Conn {
        match self {
            ConnRef::Azure(c) => Conn::Azure(c.clone()),
            ConnRef::Aws(c) => Conn::Aws(c.clone()),
            ConnRef::Google(c) => Conn::Google(c.clone()),
        }
    }
}

impl Conn {
    fn get(&self) -> &dyn Connection {
        match self {
            Conn::Azure(c) => c,
            Conn::Aws(c) => c,
            Conn::Google(c) => c,
        }
    }

    /// Whether `r` is this connection unchanged.
    fn same(&self, r: ConnRef<'_>) -> bool {
        match (self, r) {
            (Conn::Azure(a), ConnRef::Azure(b)) => a == b,
            (Conn::Aws(a), ConnRef::Aws(b)) => a == b,
            (Conn::Google(a), ConnRef::Google(b)) => a == b,
            (Conn::Azure(_) | Conn::Aws(_) | Conn::Google(_), _) => false,
        }
    }
}

fn refs(list: &Connections) -> Vec<ConnRef<'_>> {
    match list {
        Connections::Azure(l) => l.iter().map(ConnRef::Azure).collect(),
        Connections::Aws(l) => l.iter().map(ConnRef::Aws).collect(),
        Connections::Google(l) => l.iter().map(ConnRef::Google).collect(),
    }
}

/// The table's one approval dialog: which connection it asks about, the IP the approval
/// sends (Google), and the row's action to run on confirm.
#[derive(Clone, Copy)]
pub struct ApproveDialog {
    pub confirm: Confirm,
    pub target: RwSignal<Option<ConnectionId>>,
    /// The endpoint name typed to approve one outside the allowed subscriptions (Azure).
    pub typed: RwSignal<String>,
    /// The endpoint IP the approval sends with it (Google); empty otherwise.
    pub ip: RwSignal<String>,
}

impl Default for ApproveDialog {
    fn default() -> ApproveDialog {
        ApproveDialog {
            confirm: Confirm::default(),
            target: RwSignal::new(None),
            typed: RwSignal::new(String::new()),
            ip: RwSignal::new(String::new()),
        }
    }
}

impl ApproveDialog {
    fn ask(&self, id: &ConnectionId, ip: String, on_confirm: Callback<()>) {
        self.typed.set(String::new());
        self.ip.set(ip);
        self.target.set(Some(id.clone()));
        self.confirm.ask(on_confirm);
    }
}

/// What the row's one action does when it runs: approve (Azure's separate button), or save
/// the IP (approving first, or with it, when the connection still waits for approval).
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
    id: String,
    flagged: bool,
    state: String,
    tone: &'static str,
    ip: String,
    dns: String,
    /// Azure's separate Approve button.
    can_approve: bool,
    /// The IP field and its button (and the `avn` disclosure with them).
    takes_ip: bool,
    busy: bool,
    ip_ok: bool,
    note: Option<(bool, String)>,
    step: Option<&'static str>,
    error: Option<String>,
    avn: Option<String>,
    timeline: String,
}

struct Row {
    key: String,
    /// The last [`Rows::sync`] that listed this row.
    pass: u64,
    conn: Conn,
    acts: Acts,
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
    th: HtmlElement,
    id_el: HtmlElement,
    timeline_el: HtmlElement,
    subscription: Option<HtmlElement>,
    flag: Option<HtmlElement>,
    badge: Option<HtmlElement>,
    ip_td: Option<HtmlElement>,
    dns_el: Option<HtmlElement>,
    actions: Option<HtmlElement>,
    approve_btn: Option<HtmlElement>,
    /// The IP field with its button, and the `avn` disclosure: kept while detached, and
    /// placed (`ip_box`, `avn`) while the connection takes an IP.
    ip_box_el: HtmlElement,
    ip_box: Option<HtmlElement>,
    input: HtmlInputElement,
    save_btn: HtmlElement,
    note: Option<HtmlElement>,
    step: Option<HtmlElement>,
    error: Option<HtmlElement>,
    avn_el: HtmlElement,
    avn: Option<HtmlElement>,
    avn_toggle: HtmlElement,
    avn_body: Option<HtmlElement>,
}

type RowRef = Rc<RefCell<Row>>;

/// The table's rows by data key, and what their handlers need.
pub struct Rows {
    ctx: Ctx,
    cloud: Cloud,
    dialog: ApproveDialog,
    /// The table's owner: row state is made under it and goes with it.
    owner: WeakOwner,
    /// Keyed by the connection's key, which is also each row's `data-key`.
    rows: FxHashMap<String, RowRef>,
    /// Which `sync` last listed each row (rows it did not list are removed).
    pass: u64,
    /// A parsed row without its per-row values ([`row_html`]), cloned for each new row.
    template: HtmlElement,
    /// The IP field with its button, and the `avn` disclosure, cloned for each row that
    /// can take them.
    ip_template: HtmlElement,
    avn_template: HtmlElement,
}

/// What every row of `cloud` has in common. Not a <form>: with one per row, Chromium's
/// autofill scans every row's form after the first paint (~0.4 s for 1,000 rows,
/// measured); Enter saves instead.
fn row_html(cloud: Cloud) -> String {
    let mut h = String::from(
        r#"<tr><th scope="row" tabindex="-1"><code></code><div class="plp-muted plp-timeline" data-testid="timeline"></div></th>"#,
    );
    for col in columns(cloud) {
        let inner = match col {
            Col::State => r#"<span data-testid="state-badge"></span>"#,
            Col::DnsName => {
                r#"<code data-testid="dns-name"></code> <button type="button" class="plp-btn plp-btn--small" data-act="copy-dns">Copy</button>"#
            }
            Col::VpcEndpoint | Col::PscConnection => "<code></code>",
            Col::Subscription | Col::ResourceGroup | Col::EndpointName | Col::Ip | Col::Actions => {
                ""
            }
        };
        if *col == Col::Actions {
            h.push_str(r#"<td class="plp-actions">"#);
        } else {
            h.push_str(r#"<td data-label=""#);
            h.push_str(col.header());
            h.push_str(r#"">"#);
        }
        h.push_str(inner);
        h.push_str("</td>");
    }
    h.push_str("</tr>");
    h
}

const IP_BOX_HTML: &str = concat!(
    r#"<div class="plp-ip">"#,
    r#"<input class="plp-input plp-input--ip" type="text" inputmode="decimal" placeholder="10.0.0.5" autocomplete="off" data-testid="ip-input" data-act="ip">"#,
    r#"<button type="button" class="plp-btn" data-act="save" disabled></button></div>"#,
);

const AVN_HTML: &str = r#"<div class="plp-avn"><button type="button" class="plp-disclosure" data-testid="avn-toggle" data-act="avn" aria-expanded="false">avn command</button></div>"#;

/// Whether `e` has the focus and the person is using the keyboard (`:focus-visible`): after
/// a tap, moving the focus into a text field would open a touch keyboard unasked. A
/// selector, so it also holds inside a host's shadow root (where `document.activeElement`
/// is the shadow host).
fn focused(e: &HtmlElement) -> bool {
    e.matches(":focus-visible").unwrap_or(false)
}

/// Whether the focus is in `e` (by any means).
fn focus_within(e: &HtmlElement) -> bool {
    e.matches(":focus-within").unwrap_or(false)
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

/// A template element parsed from `html` (its first element).
fn parse(doc: &Document, parent: &str, html: &str) -> HtmlElement {
    let holder = el(doc, parent, "", &[]);
    holder.set_inner_html(html);
    first(&holder)
}

pub type RowsRef = Rc<RefCell<Rows>>;

impl Rows {
    pub fn new(ctx: Ctx, cloud: Cloud, dialog: ApproveDialog) -> RowsRef {
        let doc = crate::dom::document();
        Rc::new(RefCell::new(Rows {
            ctx,
            cloud,
            dialog,
            owner: Owner::current()
                .expect("rows are made inside the table component")
                .downgrade(),
            rows: FxHashMap::default(),
            pass: 0,
            template: parse(&doc, "tbody", &row_html(cloud)),
            ip_template: parse(&doc, "div", IP_BOX_HTML),
            avn_template: parse(&doc, "div", AVN_HTML),
        }))
    }

    /// Makes `body`'s rows those of `list`, in its order: new rows built, gone ones removed,
    /// changed ones updated; nothing written for a row whose connection, flag and timeline
    /// are unchanged. `allowlist` flags Azure endpoints of other subscriptions.
    pub fn sync(
        &mut self,
        body: &HtmlElement,
        list: Option<&Connections>,
        allowlist: &[SubscriptionId],
        timelines: &BTreeMap<ConnectionId, Vec<Seen>>,
    ) {
        let doc = crate::dom::document();
        self.pass += 1;
        // Another cloud's list (while the panel switches) shows no rows here.
        let items = list
            .filter(|l| l.cloud() == self.cloud)
            .map(refs)
            .unwrap_or_default();
        let mut ordered = Vec::with_capacity(items.len());
        for c in items {
            let conn = c.get();
            let key = conn.key();
            let allowed = match c {
                ConnRef::Azure(a) => connection_allowed(a, allowlist),
                ConnRef::Aws(_) | ConnRef::Google(_) => true,
            };
            let timeline = super::timeline_text(conn.id().and_then(|id| timelines.get(id)));
            let row = match self.rows.get(key) {
                Some(row) => {
                    let mut r = row.borrow_mut();
                    if !r.conn.same(c) || r.allowed != allowed || r.timeline != timeline {
                        r.conn = c.owned();
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
                        self,
                        c.owned(),
                        allowed,
                        timeline,
                    )));
                    self.rows.insert(key.to_string(), row.clone());
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
        let row = self.rows.get(&tr.get_attribute("data-key")?).cloned()?;
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
    fn build(doc: &Document, rows: &Rows, conn: Conn, allowed: bool, timeline: String) -> Row {
        let c = conn.get();
        let key = c.key().to_owned();
        // One deep clone of the parsed row, then only what differs per row: far fewer
        // calls into the page than building it node by node.
        let tr: HtmlElement = rows
            .template
            .clone_node_with_deep(true)
            .expect("a row template clones")
            .unchecked_into();
        set_attr(&tr, "data-key", &key);
        // The test ID names the row as a person would look it up: Aiven's ID, or AWS's
        // endpoint (listed before Aiven gives it an ID).
        let named = match &conn {
            Conn::Aws(a) => a.vpc_endpoint_id.as_str(),
            Conn::Azure(_) | Conn::Google(_) => key.as_str(),
        };
        set_attr(&tr, "data-testid", &["connection-", named].concat());
        let th = first(&tr);
        let id_el = first(&th);
        let timeline_el = next(&id_el);
        let ip_box_el: HtmlElement = rows
            .ip_template
            .clone_node_with_deep(true)
            .expect("a template clones")
            .unchecked_into();
        let input: HtmlInputElement = first(&ip_box_el).unchecked_into();
        let save_btn = next(&input);
        let avn_el: HtmlElement = rows
            .avn_template
            .clone_node_with_deep(true)
            .expect("a template clones")
            .unchecked_into();
        let avn_toggle = first(&avn_el);
        let mut row = Row {
            pass: 0,
            note_id: rows.ctx.id(&["ip-note-", &key].concat()),
            acts: Acts::of(rows.cloud),
            allowed,
            timeline,
            typed: String::new(),
            avn_open: false,
            live: None,
            shown: Shown::default(),
            tr,
            th,
            id_el,
            timeline_el,
            subscription: None,
            flag: None,
            badge: None,
            ip_td: None,
            dns_el: None,
            actions: None,
            approve_btn: None,
            ip_box_el,
            ip_box: None,
            input,
            save_btn,
            note: None,
            step: None,
            error: None,
            avn_el,
            avn: None,
            avn_toggle,
            avn_body: None,
            key,
            conn,
        };
        // The cells, in the column order of the template.
        let mut td = next(&row.th);
        let cols = columns(rows.cloud);
        for (i, col) in cols.iter().enumerate() {
            row.fill(doc, *col, &td);
            if i + 1 < cols.len() {
                td = next(&td);
            }
        }
        // Everything that can change is written by `patch`, from an empty `Shown`.
        row.patch(&rows.ctx);
        row
    }

    /// Writes a cell's fixed values, and keeps the nodes that change.
    fn fill(&mut self, doc: &Document, col: Col, td: &HtmlElement) {
        let endpoint = self.conn.get().endpoint().to_owned();
        match col {
            Col::Subscription | Col::ResourceGroup | Col::EndpointName => {
                let (subscription, group, name) = match PrivateEndpointId::parse(&endpoint) {
                    Ok(p) => (p.subscription_id.to_string(), p.resource_group, p.name),
                    Err(_) => (endpoint.clone(), String::new(), String::new()),
                };
                match col {
                    Col::Subscription => {
                        set_attr(td, "title", &endpoint);
                        text(doc, td, &subscription);
                        self.subscription = Some(td.clone());
                    }
                    Col::ResourceGroup => td.set_text_content(Some(&group)),
                    _ => {
                        set_attr(td, "title", &endpoint);
                        td.set_text_content(Some(&name));
                    }
                }
            }
            Col::VpcEndpoint | Col::PscConnection => first(td).set_text_content(Some(&endpoint)),
            Col::DnsName => {
                let code = first(td);
                set_attr(
                    &next(&code),
                    "aria-label",
                    &["Copy DNS name of ", &endpoint].concat(),
                );
                self.dns_el = Some(code);
            }
            Col::State => self.badge = Some(first(td)),
            Col::Ip => self.ip_td = Some(td.clone()),
            Col::Actions => {
                let id = self.conn.get().key().to_owned();
                set_attr(
                    &self.input,
                    "aria-label",
                    &["Endpoint IP of ", &id].concat(),
                );
                if self.acts == Acts::ApproveWithIp {
                    // Google's one action: approve, with the IP.
                    set_attr(&self.save_btn, "data-testid", "approve");
                    // The row's one action, irreversible: styled as the primary one.
                    self.save_btn.set_class_name("plp-btn plp-btn--primary");
                    set_attr(&self.save_btn, "aria-label", &["Approve ", &id].concat());
                    self.save_btn.set_text_content(Some("Approve"));
                } else {
                    set_attr(&self.save_btn, "data-testid", "save-ip");
                }
                self.actions = Some(td.clone());
            }
        }
    }

    fn can(&self, a: ConnectionAction) -> bool {
        self.conn.get().actions().contains(&a)
    }

    fn ip_check(&self) -> Option<Result<EndpointIp, EndpointIpError>> {
        (!self.typed.trim().is_empty()).then(|| EndpointIp::parse(&self.typed))
    }

    /// What the row should show now (reads the live signals without tracking them).
    fn wanted(&self, ctx: &Ctx) -> Shown {
        let c = self.conn.get();
        let id = c.key();
        let approvable = self.can(ConnectionAction::Approve);
        let (can_approve, takes_ip) = match self.acts {
            Acts::Nothing => (false, false),
            Acts::ApproveThenIp => (approvable, true),
            Acts::ApproveWithIp => (false, approvable),
        };
        let check = self.ip_check();
        let ip_ok = matches!(check, Some(Ok(_)));
        let (busy, step, error) = match &self.live {
            Some((l, _)) => untrack(|| (l.action.busy(), l.step.get(), l.action.error())),
            None => (false, None, None),
        };
        let typed_ip = match &check {
            Some(Ok(ip)) => ip.to_string(),
            _ => "<ip>".to_string(),
        };
        let avn = (self.avn_open && takes_ip).then(|| {
            let t = ctx.client();
            match self.acts {
                Acts::ApproveThenIp if can_approve => commands::azure_approve(t.target(), id),
                Acts::ApproveThenIp => commands::azure_set_ip(t.target(), id, &typed_ip),
                Acts::ApproveWithIp => commands::google_approve(t.target(), id, &typed_ip),
                Acts::Nothing => String::new(),
            }
        });
        Shown {
            id: c.id().map_or("—", ConnectionId::as_str).to_owned(),
            flagged: !self.allowed,
            state: c.state().to_string(),
            tone: c.tone().as_str(),
            ip: c.ip().map_or_else(|| "—".into(), ToString::to_string),
            dns: match &self.conn {
                Conn::Aws(a) => a.dns_name.clone(),
                Conn::Azure(_) | Conn::Google(_) => String::new(),
            },
            can_approve,
            takes_ip,
            busy,
            ip_ok,
            note: takes_ip.then(|| ip_message(check, c.cloud())).flatten(),
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
        let id = self.key.clone();
        let id = id.as_str();
        if new.id != old.id {
            self.id_el.set_text_content(Some(&new.id));
        }
        if new.timeline != old.timeline {
            self.timeline_el.set_text_content(Some(&new.timeline));
        }
        if new.flagged != old.flagged {
            // The row's only class.
            self.tr
                .set_class_name(if new.flagged { "plp-row--flagged" } else { "" });
            if let Some(sub) = &self.subscription {
                let flag = new.flagged.then(|| {
                    let s = el(&doc, "span", "plp-flag", &[("data-testid", "not-allowed")]);
                    s.set_text_content(Some(" ⚠ not in the allowed subscriptions"));
                    s
                });
                place(sub, &mut self.flag, flag, &[]);
            }
        }
        if let Some(badge) = &self.badge {
            if new.state != old.state {
                badge.set_text_content(Some(&new.state));
            }
            if new.tone != old.tone {
                badge.set_class_name(&["plp-badge plp-badge--", new.tone].concat());
            }
        }
        if let Some(td) = &self.ip_td {
            if new.ip != old.ip {
                td.set_text_content(Some(&new.ip));
            }
        }
        if let Some(dns) = &self.dns_el {
            if new.dns != old.dns {
                dns.set_text_content(Some(&new.dns));
            }
        }
        let Some(actions) = self.actions.clone() else {
            self.shown = new;
            return;
        };
        if new.takes_ip != old.takes_ip {
            // Google's field goes with the approval: the focus, if it was there, moves to
            // the row's header rather than falling to the page.
            let had_focus = self.ip_box.as_ref().is_some_and(focus_within);
            let ip_box = new.takes_ip.then(|| self.ip_box_el.clone());
            let avn = new.takes_ip.then(|| self.avn_el.clone());
            place(
                &actions,
                &mut self.ip_box,
                ip_box,
                &[&self.note, &self.step, &self.error],
            );
            place(&actions, &mut self.avn, avn, &[]);
            if had_focus && !new.takes_ip {
                let _ = self.th.focus();
            }
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
            if let Some(b) = &approve {
                toggle_attr(b, "disabled", new.busy);
            }
            let had_focus = self.approve_btn.as_ref().is_some_and(focused);
            place(&actions, &mut self.approve_btn, approve, &[&self.ip_box]);
            if had_focus {
                let _ = self.input.focus();
            }
            if self.acts == Acts::ApproveThenIp {
                // Each name starts with the button's visible words (WCAG 2.5.3), then the row.
                let (label, words) = if new.can_approve {
                    ("Approve and set IP for ", "Approve and set IP")
                } else {
                    ("Save IP for ", "Save IP")
                };
                set_attr(&self.save_btn, "aria-label", &[label, id].concat());
                self.save_btn.set_text_content(Some(words));
            }
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
                &actions,
                &mut self.note,
                note,
                &[&self.step, &self.error, &self.avn],
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
            place(&actions, &mut self.step, step, &[&self.error, &self.avn]);
        }
        if new.error != old.error {
            let error = new.error.as_ref().map(|e| error_line(&doc, e));
            place(&actions, &mut self.error, error, &[&self.avn]);
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
                    let body = new.avn.as_ref().map(|cmd| avn_body(&doc, cmd));
                    place(&self.avn_el, &mut self.avn_body, body, &[]);
                }
            }
        }
        self.shown = new;
    }
}

/// The error of a failed action with Retry, as [`super::ErrorLine`] draws it.
fn error_line(doc: &Document, e: &str) -> HtmlElement {
    let p = el(
        doc,
        "p",
        "plp-error",
        &[("role", "alert"), ("data-testid", "action-error")],
    );
    child(doc, &p, "span", "", &[], e);
    text(doc, &p, " ");
    child(
        doc,
        &p,
        "button",
        "plp-btn plp-btn--small",
        &[("type", "button"), ("data-act", "retry")],
        "Retry",
    );
    p
}

/// The open `avn` disclosure's command with Copy, as [`super::AvnCommand`] draws it.
fn avn_body(doc: &Document, cmd: &str) -> HtmlElement {
    let d = el(doc, "div", "", &[]);
    child(doc, &d, "code", "", &[("data-testid", "avn-command")], cmd);
    child(
        doc,
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
}

/// The row's reactive part, made on first use under the table's owner (none once the
/// table is gone).
fn live(rows: &Rows, row: &RowRef) -> Option<Live> {
    if let Some((l, _)) = &row.borrow().live {
        return Some(*l);
    }
    let ctx = rows.ctx;
    let (id, acts) = {
        let r = row.borrow();
        (r.conn.get().id().cloned(), r.acts)
    };
    let id = id?;
    let owner = rows.owner.upgrade()?.child();
    let weak: Weak<RefCell<Row>> = Rc::downgrade(row);
    let l = owner.with(|| {
        let step: Step = RwSignal::new(None);
        let cancel = StoredValue::new_local(None::<Cancel>);
        let op = StoredValue::new(RowOp::Approve);
        let w = weak.clone();
        let action = UserAction::new(move || {
            let id = id.clone();
            let op = op.get_value();
            let row = w.clone();
            let (ip, pending) = w
                .upgrade()
                .map(|r| {
                    let r = r.borrow();
                    let ip = r.ip_check().and_then(Result::ok);
                    (ip, r.can(ConnectionAction::Approve))
                })
                .unwrap_or((None, false));
            let run_cancel = Cancel::new(&ctx.client());
            cancel.set_value(Some(run_cancel.clone()));
            Box::pin(async move {
                match (acts, op, ip) {
                    (Acts::ApproveThenIp, RowOp::Approve, _) => {
                        let c = ctx.client().azure_approve(&id).await?;
                        ctx.announce(format!("{id} approved."));
                        ctx.put_connection(c.into());
                    }
                    // Pending: approve, wait for Azure to connect, then set the IP. Once
                    // approved the API takes the IP directly.
                    (Acts::ApproveThenIp, RowOp::SaveIp, Some(ip)) => {
                        if pending {
                            approve_and_set_ip(ctx, id.clone(), ip, step, run_cancel).await?;
                        } else {
                            let c = ctx.client().azure_set_ip(&id, ip).await?;
                            ctx.put_connection(c.into());
                        }
                        ctx.announce(format!("Endpoint IP of {id} saved."));
                    }
                    (Acts::ApproveWithIp, RowOp::SaveIp, Some(ip)) => {
                        let c = ctx.client().google_approve(&id, ip).await?;
                        ctx.announce(format!("{id} approved with endpoint IP {ip}."));
                        ctx.put_connection(c.into());
                        // The field and its button go with the pending state (the button,
                        // disabled while the request ran, has already dropped the focus):
                        // the keyboard continues from the row's header.
                        if let Some(r) = row.upgrade() {
                            let _ = r.borrow().th.focus();
                        }
                    }
                    // Nothing else is offered: no button runs it.
                    (Acts::ApproveThenIp | Acts::ApproveWithIp, RowOp::SaveIp, None)
                    | (Acts::ApproveWithIp, RowOp::Approve, _)
                    | (Acts::Nothing, _, _) => {}
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
            let Some(id) = row.borrow().conn.get().id().cloned() else {
                return;
            };
            r.dialog.ask(&id, String::new(), l.approve);
        }
        "save" => save_ip(&r, &row),
        "cancel" => {
            let Some(l) = row.borrow().live.as_ref().map(|(l, _)| *l) else {
                return;
            };
            l.cancel.with_value(|c| c.as_ref().map(Cancel::cancel));
            let row = row.borrow();
            ctx.announce(format!("Approve and set IP for {} cancelled.", row.key));
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
        "copy-dns" => {
            let row = row.borrow();
            let what = ["DNS name of ", row.conn.get().endpoint()].concat();
            super::copy_text(ctx, row.shown.dns.clone(), &what);
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
    let (ip, can_approve, id) = {
        let r = row.borrow();
        (
            r.ip_check().and_then(Result::ok),
            r.can(ConnectionAction::Approve),
            r.conn.get().id().cloned(),
        )
    };
    let (Some(ip), Some(id)) = (ip, id) else {
        return;
    };
    let Some(l) = live(rows, row) else {
        return;
    };
    if can_approve {
        rows.dialog.ask(&id, ip.to_string(), l.save);
    } else {
        l.save.run(());
    }
}

//! The panel's shared state and its loading: one [`Ctx`] of signals per mounted panel,
//! handed to each component as a prop (a `Copy` handle: a component that needs it cannot
//! be built without it, where a missing Leptos context would panic at run time, and the
//! context map's code stays out of the wasm). The cloud comes from the service's
//! `cloud_name`: the load asks that cloud's privatelink (Azure, AWS or Google) and its
//! connections. Loads are numbered so an answer older than the newest load never
//! overwrites newer state; polling runs while anything is transitional, backs off, and
//! pauses while the tab is hidden.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures_util::future::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use privatelink_core::wire::{AzurePrivatelinkConnection, ConnectionState};
use privatelink_core::{Cloud, ConnectionId, PrivatelinkAction, PrivatelinkState, Service};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::api::{ApiError, Client};
use crate::clock::Clock;
use crate::timeline_store;

/// How long the panel waits before asking again after a 403 on the privatelink.
const FORBIDDEN_RETRY_MS: u32 = 400;

/// The service's cloud's privatelink (`None`: it has none, or the cloud has no private
/// connectivity).
async fn privatelink_of(
    client: &Client,
    cloud: Option<Cloud>,
) -> Result<Option<Privatelink>, ApiError> {
    match cloud {
        Some(Cloud::Aws) => client
            .aws_privatelink()
            .await
            .map(|p| p.map(Privatelink::Aws)),
        Some(Cloud::Google) => client
            .google_privatelink()
            .await
            .map(|p| p.map(Privatelink::Google)),
        Some(Cloud::Azure) => client
            .azure_privatelink()
            .await
            .map(|p| p.map(Privatelink::Azure)),
        // A cloud without private connectivity: nothing to ask, the panel says why.
        None => Ok(None),
    }
}

/// Ends the define module's early requests when a load is over, however it ends, if it is
/// still the newest: what it did not take is not wanted. A load overtaken by a newer one
/// (a Refresh during "Loading…") leaves them to that one; an unmount ends them itself.
struct EndEarly {
    client: Client,
    generation: StoredValue<u64>,
    gen: u64,
}

impl Drop for EndEarly {
    fn drop(&mut self) {
        if self.generation.try_get_value() == Some(self.gen) {
            self.client.end_early();
        }
    }
}

/// Upper bound of the polling back-off.
const MAX_POLL_MS: u32 = 30_000;

/// Whether the privatelink has been looked up yet.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<T> {
    Loading,
    Ready(T),
}

pub use privatelink_core::connection::{Connections, Privatelink};

/// The connections that have an Aiven ID, with their states: the ones a timeline follows
/// (every cloud's).
fn timeline_states(list: &Connections) -> Vec<(ConnectionId, &ConnectionState)> {
    list.iter()
        .filter_map(|c| Some((c.id()?.clone(), c.state())))
        .collect()
}

/// Each connection's key and state, for announcements (an AWS endpoint that has no Aiven
/// ID yet goes by its VPC endpoint ID).
fn key_states(list: &Connections) -> Vec<(String, String)> {
    list.iter()
        .map(|c| (c.key().to_owned(), c.state().to_string()))
        .collect()
}

/// Finds each connection's previous state in the last list, which the API gives in the
/// same order from one poll to the next: the next entry first, a scan only after a
/// connection came or went. The answer does not depend on that order, only the cost (a
/// reordered list of 1,000 costs ≈ 500,000 string comparisons, a few milliseconds). Not a
/// map: `collect()` into one links a sort (≈1.5 kB of wasm).
struct InOrder<'a> {
    list: &'a [(String, String)],
    next: usize,
}

impl<'a> InOrder<'a> {
    fn new(list: &'a [(String, String)]) -> Self {
        InOrder { list, next: 0 }
    }

    fn find(&mut self, id: &str) -> Option<&'a String> {
        let at = match self.list.get(self.next) {
            Some((k, _)) if k == id => self.next,
            _ => self.list.iter().position(|(k, _)| k == id)?,
        };
        self.next = at + 1;
        Some(&self.list[at].1)
    }
}

/// A state change the panel has seen, for the per-connection timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub state: String,
    pub at: String,
}

/// Everything a component of one panel reads or changes. `Copy`: every field is a handle.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub client: StoredValue<Client, LocalStorage>,
    /// The member's role may not see or change private links (the API said 403): the
    /// panel shows the read-only view and does not poll.
    pub read_only: RwSignal<bool>,
    pub service: RwSignal<Option<Service>>,
    /// The service's cloud: a memo, so views chosen by cloud are not rebuilt by each poll.
    cloud: Memo<Option<Cloud>>,
    pub privatelink: RwSignal<Loaded<Option<Privatelink>>>,
    /// The connections of the service's cloud as last loaded (one list, of one cloud);
    /// `None` before the first load and for a cloud without private connectivity.
    pub connections: RwSignal<Option<Connections>>,
    /// The last load's failure, shown at the top with a retry.
    pub load_error: RwSignal<Option<ApiError>>,
    pub last_checked: RwSignal<Option<String>>,
    /// The polite live region's text.
    pub status: RwSignal<String>,
    pub timeline: RwSignal<BTreeMap<ConnectionId, Vec<Seen>>>,
    generation: StoredValue<u64>,
    /// Loads and refreshes in flight ([`Ctx::hold_polls`]).
    loading: StoredValue<u32>,
    alive: StoredValue<Rc<Cell<bool>>, LocalStorage>,
    poll_base_ms: u32,
    poll_delay_ms: StoredValue<u32>,
    /// Resolves the polling loop's current sleep early (set while it sleeps).
    wake: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Unique per mount, so element IDs (label `for`, aria-labelledby) never collide
    /// when a page holds several panels.
    id_prefix: StoredValue<String>,
    clock: StoredValue<Clock, LocalStorage>,
    approve_deadline_ms: u32,
    /// The element the panel is mounted in: its events are dispatched there.
    host: StoredValue<Option<HtmlElement>, LocalStorage>,
}

/// What a panel is set up with besides its client.
pub struct Settings {
    pub poll_ms: u32,
    /// The clock of polls and long waits (approve and set IP); a manual one in tests.
    pub clock: Clock,
    pub approve_deadline_ms: u32,
    pub host: Option<HtmlElement>,
}

thread_local! {
    static MOUNTS: Cell<u32> = const { Cell::new(0) };
}

pub fn now_label() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// Resolves after `ms` milliseconds (a JS timer; no busy wait).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether `host` has no box at all (`display: none` on it or a parent, React's hidden
/// `<Activity>`): then the panel sends no polls either.
fn boxless(host: &HtmlElement) -> bool {
    host.get_client_rects().length() == 0
}

/// Whether the page is in a background tab (then the panel sends no polls).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

impl Ctx {
    pub fn new(client: Client, alive: Rc<Cell<bool>>, settings: Settings) -> Ctx {
        let poll_ms = settings.poll_ms;
        let read_only = RwSignal::new(false);
        // A call refused for want of a permission (a role changed while the panel was
        // open) switches the panel to its read-only view.
        let client = client.with_denied(read_only);
        let timeline = timeline_store::load(&client.project, &client.service);
        let service = RwSignal::new(None::<Service>);
        Ctx {
            client: StoredValue::new_local(client),
            read_only,
            service,
            cloud: Memo::new(move |_| {
                service.with(|s| s.as_ref().and_then(|s| Cloud::of_cloud_name(&s.cloud_name)))
            }),
            privatelink: RwSignal::new(Loaded::Loading),
            connections: RwSignal::new(None),
            load_error: RwSignal::new(None),
            last_checked: RwSignal::new(None),
            status: RwSignal::new(String::new()),
            timeline: RwSignal::new(timeline),
            generation: StoredValue::new(0),
            loading: StoredValue::new(0),
            alive: StoredValue::new_local(alive),
            poll_base_ms: poll_ms.max(50),
            poll_delay_ms: StoredValue::new(poll_ms.max(50)),
            wake: StoredValue::new_local(None),
            id_prefix: StoredValue::new(MOUNTS.with(|n| {
                n.set(n.get() + 1);
                format!("plp{}", n.get())
            })),
            clock: StoredValue::new_local(settings.clock),
            approve_deadline_ms: settings.approve_deadline_ms,
            host: StoredValue::new_local(settings.host),
        }
    }

    /// The clock of polls and long waits (the system clock once the panel is gone).
    pub fn clock(&self) -> Clock {
        self.clock.try_with_value(Clock::clone).unwrap_or_default()
    }

    pub fn approve_deadline_ms(&self) -> u32 {
        self.approve_deadline_ms
    }

    /// The element the panel is mounted in, if still mounted.
    pub fn host(&self) -> Option<HtmlElement> {
        self.host.try_with_value(Clone::clone).flatten()
    }

    /// The service's cloud (tracked); `None` until the service is loaded, and for a cloud
    /// without private connectivity.
    pub fn cloud(&self) -> Option<Cloud> {
        self.cloud.get()
    }

    /// The state of the privatelink, if there is one (tracked).
    pub fn privatelink_state(&self) -> Option<PrivatelinkState> {
        self.privatelink.with(|p| match p {
            Loaded::Ready(Some(p)) => Some(p.state().clone()),
            _ => None,
        })
    }

    /// The connections of the service's cloud as last loaded (tracked); `None` before the
    /// cloud is known, and for a cloud without private connectivity.
    pub fn current_connections(&self) -> Option<Connections> {
        self.connections.get()
    }

    /// How many connections are listed (tracked).
    pub fn connection_count(&self) -> usize {
        self.connections
            .with(|c| c.as_ref().map_or(0, Connections::len))
    }

    /// Azure's connections as last loaded (tracked); empty on another cloud.
    pub fn with_azure<R>(&self, f: impl FnOnce(&[AzurePrivatelinkConnection]) -> R) -> R {
        self.connections.with(|c| match c {
            Some(Connections::Azure(l)) => f(l),
            Some(Connections::Aws(_) | Connections::Google(_)) | None => f(&[]),
        })
    }

    /// The IDs of active connections, whatever the cloud (tracked): connection
    /// information is listed for each.
    pub fn active_connection_ids(&self) -> Vec<ConnectionId> {
        self.current_connections()
            .map(|c| c.active_ids())
            .unwrap_or_default()
    }

    /// A connection's state as last loaded (untracked), whatever its cloud.
    pub fn connection_state(&self, id: &ConnectionId) -> Option<ConnectionState> {
        self.connections.with_untracked(|list| {
            list.as_ref()?
                .iter()
                .find(|c| c.id() == Some(id))
                .map(|c| c.state().clone())
        })
    }

    /// An element ID unique to this panel.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix.get_value())
    }

    pub fn client(&self) -> Client {
        self.client.with_value(Client::clone)
    }

    /// False once the panel is unmounted (also when its state is already disposed, so
    /// async code resuming after an unmount can ask safely).
    pub fn alive(&self) -> bool {
        self.alive.try_with_value(|a| a.get()).unwrap_or(false)
    }

    /// Why `check` (one of core's preflight rules) refuses the loaded service, if it does;
    /// nothing before the service is loaded. Read in place: the service is not cloned.
    pub fn preflight_refusal(&self, check: fn(&Service) -> Result<(), String>) -> Option<String> {
        self.service
            .with(|s| s.as_ref().and_then(|s| check(s).err()))
    }

    /// Says something in the polite live region.
    pub fn announce(&self, text: impl Into<String>) {
        self.status.set(text.into());
    }

    /// Whether something changes on its own, so the panel should keep polling: a
    /// transitional state, or an active AWS PrivateLink, whose new VPC endpoints AWS
    /// announces to Aiven by itself (at the backed-off pace once nothing else changes).
    pub fn transitional(&self) -> bool {
        if self.read_only.get_untracked() {
            return false;
        }
        let pl = self.privatelink.with_untracked(|p| match p {
            Loaded::Ready(Some(p)) => {
                p.state().is_transitional()
                    || (p.cloud() == Cloud::Aws && *p.state() == PrivatelinkState::Active)
            }
            _ => false,
        });
        let conns = untrack(|| self.current_connections()).is_some_and(|c| c.any_transitional());
        let svc = self
            .service
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.state.is_transitional()));
        pl || conns || svc
    }

    /// Starts polling quickly again (after a user action): the back-off returns to the
    /// base interval and a sleep in progress ends now, so the next poll comes within one
    /// base interval instead of after the longer delay the loop was sleeping.
    pub fn kick(&self) {
        let _ = self.poll_delay_ms.try_set_value(self.poll_base_ms);
        if let Some(Some(wake)) = self.wake.try_update_value(Option::take) {
            let _ = wake.call0(&JsValue::NULL);
        }
    }

    /// Polls are skipped while the returned guard lives. Every load holds one, so a poll
    /// never races a load already under way, and Refresh holds one from its request to the
    /// end of its load, so no poll takes the news of what it found (or replaces its load,
    /// leaving an out-of-date count).
    pub fn hold_polls(&self) -> PollHold {
        let _ = self.loading.try_update_value(|n| *n += 1);
        PollHold(self.loading)
    }

    /// A change to the privatelink is being sent: polls wait until the returned hold is
    /// dropped, and a load already in flight asks for nothing more (its next step would ask
    /// about the privatelink as it was: the connections of one being deleted are a 409).
    pub fn begin_change(&self) -> PollHold {
        self.generation.update_value(|g| *g += 1);
        self.hold_polls()
    }

    /// Sleeps `ms` on the panel's clock (a manual one in tests, so they move polling on by
    /// hand instead of sleeping), or less if [`Ctx::kick`] is called meanwhile.
    async fn sleep_unless_kicked(&self, ms: u32) {
        let wake = self.wake;
        let kicked = js_sys::Promise::new(&mut |resolve, _| {
            let _ = wake.try_set_value(Some(resolve));
        });
        let slept = self.clock().sleep(ms);
        let first = js_sys::Promise::race(&js_sys::Array::of2(&slept, &kicked));
        let _ = wasm_bindgen_futures::JsFuture::from(first).await;
        let _ = wake.try_set_value(None);
    }

    /// Loads the service, its privatelink and connections, and shows them; the answers of
    /// a load older than the newest one are dropped. Returns what the load announced (a
    /// state change, a new connection), for a caller that says more; none when nothing
    /// changed, the load failed or a newer load replaced it.
    pub async fn reload(self) -> Option<String> {
        // After an unmount the context's values are gone: touching them would panic.
        if !self.alive() {
            return None;
        }
        let _hold = self.hold_polls();
        let gen = self.generation.get_value() + 1;
        self.generation.set_value(gen);
        let client = self.client();
        let _end_early = EndEarly {
            client: client.clone(),
            generation: self.generation,
            gen,
        };
        let service = client.service().await;
        // Between awaits: the panel may be gone (nothing of `self` may be touched then), or
        // a newer load may have started; either way this one asks for nothing more.
        if !self.alive() || self.generation.get_value() != gen {
            return None;
        }
        let cloud = service
            .as_ref()
            .ok()
            .and_then(|s| Cloud::of_cloud_name(&s.cloud_name));
        // Once the cloud is known, the privatelink and its connections are asked for
        // together (one round trip, not two) unless this panel last saw a privatelink whose
        // connections cannot be listed (being created or deleted, or none): asked quietly,
        // the list is used only if core allows listing for the privatelink that came back.
        let together = match (&service, cloud) {
            (Ok(_), Some(c)) if self.may_list_connections() => Some(c),
            _ => None,
        };
        let (mut privatelink, mut early) = match (&service, together) {
            (Err(e), _) => (Err(e.clone()), None),
            (Ok(_), Some(c)) => {
                // Its own request list, so it can be called off alone.
                let quiet = client.quiet().scoped();
                let pl = std::pin::pin!(privatelink_of(&client, cloud));
                let list = std::pin::pin!(self.connections_of(&quiet, c));
                match futures_util::future::select(pl, list).await {
                    Either::Left((p, list)) => {
                        // The list is waited for only if this privatelink has one; else
                        // it is called off, so a slow list never holds this load.
                        let listable = matches!(&p, Ok(Some(p)) if PrivatelinkAction::ListConnections
                            .check(p.cloud(), Some(p.state()))
                            .is_ok());
                        if listable {
                            (p, Some(list.await))
                        } else {
                            quiet.abort_all();
                            (p, None)
                        }
                    }
                    Either::Right((l, pl)) => (pl.await, Some(l)),
                }
            }
            (Ok(_), None) => (privatelink_of(&client, cloud).await, None),
        };
        // A 403 right after a project is created can be transient: one more look after a
        // short wait before deciding that the member may not see private links.
        if matches!(privatelink, Err(ApiError::Forbidden { .. })) {
            sleep(FORBIDDEN_RETRY_MS).await;
            if !self.alive() || self.generation.get_value() != gen {
                return None;
            }
            privatelink = privatelink_of(&client, cloud).await;
            early = None;
        }
        if !self.alive() || self.generation.get_value() != gen {
            return None;
        }
        // Still 403: the member's role may not see private links. A calm read-only view, no
        // error line and no polling (so no error event each poll either).
        let denied = matches!(privatelink, Err(ApiError::Forbidden { .. }));
        if denied {
            privatelink = Ok(None);
        }
        let connections = match &privatelink {
            // Connections are listed when core allows it (an active privatelink). The list
            // asked for beside the privatelink is taken when it came; if it failed, asked
            // again now, reported as any request is.
            Ok(Some(p))
                if PrivatelinkAction::ListConnections
                    .check(p.cloud(), Some(p.state()))
                    .is_ok() =>
            {
                Some(match early.take() {
                    Some(Ok(list)) => Ok(list),
                    _ => self.connections_of(&client, p.cloud()).await,
                })
            }
            _ => None,
        };
        // Checked first: after an unmount nothing else of `self` may be touched.
        if !self.alive() || self.generation.get_value() != gen {
            return None;
        }
        let result = (|| -> Result<Option<String>, ApiError> {
            let service = service?;
            let privatelink = privatelink?;
            let connections = connections.transpose()?;
            Ok(self.apply(service, privatelink, connections))
        })();
        // After the service is in place, so the view shows it at once.
        self.read_only.set(denied);
        match result {
            Ok(said) => {
                self.load_error.set(None);
                // "Last checked" says when a check succeeded, never when one failed.
                self.last_checked.set(Some(now_label()));
                said
            }
            Err(ApiError::Aborted) => None,
            Err(e) => {
                self.load_error.set(Some(e));
                None
            }
        }
    }

    /// Whether a load should ask for the connections beside the privatelink: on the first
    /// load (nothing known yet) and while the privatelink last seen may list them.
    fn may_list_connections(&self) -> bool {
        self.privatelink
            .try_with_untracked(|p| match p {
                Loaded::Loading => true,
                Loaded::Ready(Some(p)) => PrivatelinkAction::ListConnections
                    .check(p.cloud(), Some(p.state()))
                    .is_ok(),
                Loaded::Ready(None) => false,
            })
            .unwrap_or(false)
    }

    /// The service's connections in `cloud`.
    async fn connections_of(&self, client: &Client, cloud: Cloud) -> Result<Connections, ApiError> {
        match cloud {
            Cloud::Azure => client.azure_connections().await.map(Connections::Azure),
            Cloud::Aws => client.aws_connections().await.map(Connections::Aws),
            Cloud::Google => {
                // Google's accept list is not updated at once after an approval: as
                // Terraform does, ask for a refresh on each look until it is active.
                // `try_`: the panel may have been unmounted during the awaits before.
                let approved = self
                    .connections
                    .try_with_untracked(|l| {
                        l.iter().flat_map(|l| l.iter()).any(|c| {
                            matches!(
                                c.state(),
                                ConnectionState::UserApproved | ConnectionState::Connected
                            )
                        })
                    })
                    .unwrap_or(false);
                if approved {
                    let _ = client.google_refresh().await;
                }
                client.google_connections().await.map(Connections::Google)
            }
        }
    }

    fn apply(
        &self,
        service: Service,
        privatelink: Option<Privatelink>,
        connections: Option<Connections>,
    ) -> Option<String> {
        // One announcement for the whole poll: a live region reads only its last text, so
        // two changes announced one after the other would lose the first.
        let mut said: Vec<String> = Vec::new();
        let before_pl = self.privatelink.get_untracked();
        if let Loaded::Ready(Some(old)) = &before_pl {
            let product = old.cloud().product();
            match &privatelink {
                Some(p) if p.state() != old.state() => {
                    said.push(format!("The {product} is now {}.", p.state()))
                }
                None => said.push(format!("The {product} has been deleted.")),
                _ => {}
            }
        }
        let before = untrack(|| self.current_connections())
            .map(|c| key_states(&c))
            .unwrap_or_default();
        // No list (no privatelink, or not active yet) is an empty one of the service's cloud.
        let now = connections
            .or_else(|| Cloud::of_cloud_name(&service.cloud_name).map(Connections::empty));
        let seen = now.as_ref().map(timeline_states).unwrap_or_default();
        let listed = seen.iter().map(|(id, _)| id.clone()).collect();
        self.record_timeline(&seen, listed);
        let mut old_states = InOrder::new(&before);
        for (id, state) in now.as_ref().map(key_states).unwrap_or_default() {
            match old_states.find(&id) {
                Some(old) if *old != state => said.push(format!("{id} is now {state}.")),
                None if !before.is_empty() || matches!(before_pl, Loaded::Ready(Some(_))) => {
                    said.push(format!("New connection {id} found."))
                }
                _ => {}
            }
        }
        // A burst (many endpoints found at once) is summed up after the first few; one
        // change more is said in full rather than as "1 more".
        const SAID_IN_FULL: usize = 3;
        if said.len() > SAID_IN_FULL + 1 {
            let more = said.len() - SAID_IN_FULL;
            said.truncate(SAID_IN_FULL);
            said.push(format!("And {more} more changes."));
        }
        let said = (!said.is_empty()).then(|| said.join(" "));
        if let Some(text) = &said {
            self.announce(text.clone());
        }
        self.service.set(Some(service));
        // Unchanged, it notifies nothing: the rows' sync (which reads the allowlist) and
        // every view of the privatelink stay as they are on a poll that changed nothing.
        let privatelink = Loaded::Ready(privatelink);
        self.privatelink.maybe_update(|p| {
            let changed = *p != privatelink;
            if changed {
                *p = privatelink;
            }
            changed
        });
        // Equal lists notify nothing: a poll that changed nothing touches no row.
        self.connections.maybe_update(|c| {
            let changed = *c != now;
            if changed {
                *c = now;
            }
            changed
        });
        said
    }

    /// Adds each connection's new state to its timeline; the timelines of `listed` are
    /// kept in sessionStorage.
    fn record_timeline(
        &self,
        connections: &[(ConnectionId, &ConnectionState)],
        listed: Vec<ConnectionId>,
    ) {
        let at = now_label();
        let mut changed = false;
        // Notifies (and so recomputes every row's timeline) only on a new state.
        self.timeline.maybe_update(|t| {
            for (id, state) in connections {
                let seen = t.entry(id.clone()).or_default();
                if seen.last().map(|s| s.state.as_str()) != Some(state.as_str()) {
                    seen.push(Seen {
                        state: state.to_string(),
                        at: at.clone(),
                    });
                    changed = true;
                }
            }
            changed
        });
        if changed {
            let client = self.client();
            self.timeline.with_untracked(|t| {
                timeline_store::save(&client.project, &client.service, t, &listed)
            });
        }
    }

    /// Dispatches `privatelink-change` on the host element whenever the privatelink or its
    /// connections differ from what was last reported (not while the first load runs).
    pub fn report_changes(self) {
        type Reported = Option<(Option<Privatelink>, Option<Connections>)>;
        Effect::new(move |last: Option<Reported>| {
            let last = last.flatten();
            let now = match self.privatelink.get() {
                Loaded::Loading => None,
                Loaded::Ready(p) => Some((p, self.current_connections())),
            };
            match (&now, self.host()) {
                (Some((p, c)), Some(host)) if now != last => {
                    let client = self.client();
                    let cloud = p
                        .as_ref()
                        .map(Privatelink::cloud)
                        .or_else(|| untrack(|| self.cloud()));
                    crate::events::changed(
                        &host,
                        &client.project,
                        &client.service,
                        cloud,
                        p.as_ref(),
                        c.as_ref(),
                    );
                }
                _ => {}
            }
            now.or(last)
        });
    }

    /// Replaces the connection an action answered with (`c.into()`: a list of one), and
    /// records the state it answered with.
    pub fn put_connection(&self, c: Connections) {
        // An action's answer is newer than any load in flight.
        self.generation.update_value(|g| *g += 1);
        let listed: Vec<ConnectionId> = self.connections.with_untracked(|l| {
            l.iter()
                .flat_map(|l| l.iter())
                .filter_map(|x| x.id().cloned())
                .collect()
        });
        // The answer's state is a state seen: the next poll may already find a later one.
        self.record_timeline(&timeline_states(&c), listed);
        self.connections.update(|l| {
            if let Some(l) = l {
                l.put(c);
            }
        });
        self.kick();
    }

    /// Sets the privatelink after an action answered with it.
    pub fn put_privatelink(&self, p: Option<Privatelink>) {
        self.generation.update_value(|g| *g += 1);
        self.privatelink.set(Loaded::Ready(p));
        self.kick();
    }

    pub fn put_service(&self, s: Service) {
        self.generation.update_value(|g| *g += 1);
        self.service.set(Some(s));
        self.kick();
    }

    /// The polling loop: runs until the panel unmounts. One loop owns the back-off; a
    /// kick ends its sleep and resets the delay, and the delay grows from whatever it is
    /// after a poll, so a kick during a poll is not overwritten by an older delay.
    pub fn start_polling(self) {
        // Shown again (the tab comes back to the front, or the panel gets a box again after
        // `display: none`): look now rather than at the end of the back-off.
        let targets: [Option<web_sys::EventTarget>; 2] = [
            self.host().map(Into::into),
            web_sys::window().and_then(|w| w.document()).map(Into::into),
        ];
        for (target, event) in targets.into_iter().zip(["plp-visible", "visibilitychange"]) {
            let Some(target) = target else { continue };
            let on_visible = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if !tab_hidden() {
                    self.kick();
                }
            });
            let listener: js_sys::Function = on_visible
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone();
            let _ = target.add_event_listener_with_callback(event, &listener);
            let kept = StoredValue::new_local(Some(on_visible));
            on_cleanup(move || {
                let _ = target.remove_event_listener_with_callback(event, &listener);
                kept.dispose();
            });
        }
        spawn_local(async move {
            self.reload().await;
            while let Some(delay) = self.poll_delay_ms.try_get_value() {
                self.sleep_unless_kicked(delay).await;
                if !self.alive() {
                    break;
                }
                let loading = self.loading.try_get_value().unwrap_or(0) > 0;
                let hidden = tab_hidden() || self.host().is_some_and(|h| boxless(&h));
                if hidden || !self.transitional() || loading {
                    continue;
                }
                self.reload().await;
                let _ = self
                    .poll_delay_ms
                    .try_update_value(|d| *d = (d.saturating_mul(3) / 2).min(MAX_POLL_MS));
            }
        });
    }
}

/// Holds polls off until dropped ([`Ctx::hold_polls`]); nothing after an unmount.
pub struct PollHold(StoredValue<u32>);

impl Drop for PollHold {
    fn drop(&mut self) {
        let _ = self.0.try_update_value(|n| *n = n.saturating_sub(1));
    }
}

/// The future of a user action. Boxed, so every action of the panel shares one
/// instantiation of the code that runs it.
pub type ActionFuture = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// A user action (a mutation): one request at a time, its outcome kept for the error
/// line beside the control, and a retry that runs it again.
///
/// Not `Action::new_local`: measured in the release panel, Leptos's action (its
/// `select!`/oneshot abort machinery and mapped signals) costs 3.9 kB of brotli-compressed
/// wasm more than these two signals, and the panel needs none of what it adds (actions
/// are never aborted from outside; unmount aborts the requests themselves).
#[derive(Clone, Copy)]
pub struct UserAction {
    f: StoredValue<Box<dyn Fn() -> ActionFuture>, LocalStorage>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
}

impl UserAction {
    pub fn new(f: impl Fn() -> ActionFuture + 'static) -> UserAction {
        UserAction {
            f: StoredValue::new_local(Box::new(f)),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Starts the action unless it is already running (a double click sends one request).
    pub fn run(&self) {
        if self.busy.get_untracked() {
            return;
        }
        let Some(fut) = self.f.try_with_value(|f| f()) else {
            return;
        };
        self.busy.set(true);
        self.error.set(None);
        let (busy, error) = (self.busy, self.error);
        spawn_local(async move {
            let r = fut.await;
            // The panel may be gone: writing to disposed signals is a no-op with try_set.
            let _ = busy.try_set(false);
            if let Err(e) = r {
                if e != ApiError::Aborted {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    }

    /// Whether a request of this action is in flight.
    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    /// The last run's error as a sentence; none after success, or when the panel
    /// cancelled the request itself.
    pub fn error(&self) -> Option<String> {
        self.error.with(|e| e.as_ref().map(ApiError::to_string))
    }
}

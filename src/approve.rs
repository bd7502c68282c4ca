//! "Approve and set IP" in one step: approve, wait for Azure to connect, set the IP. The
//! wait has a deadline (20 minutes by default, as Terraform's), backs off from 1 s to 10 s,
//! sends nothing while the tab is hidden (but looks once more at the deadline), rides out
//! failed looks (no answer, 5xx) until the deadline, ends at once when cancelled, and stops
//! with a reason on a state it cannot carry on from (core's [`ApproveAndSetIpStep`]), so
//! the row never stays busy.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use leptos::prelude::*;
use privatelink_core::wire::{AzurePrivatelinkConnection, ConnectionState};
use privatelink_core::{ApproveAndSetIpStep, ConnectionId, EndpointIp};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, Client};
use crate::state::{tab_hidden, Ctx};

/// How long "approve and set IP" waits for Azure before it gives up (Terraform's default).
pub const DEFAULT_DEADLINE_MS: u32 = 20 * 60 * 1000;
const FIRST_WAIT_MS: u32 = 1000;
const LONGEST_WAIT_MS: u32 = 10_000;

/// The steps a run shows; only the wait can be cancelled (the others are one request each,
/// bounded by the request timeout).
pub const APPROVING: &str = "1/3 approving";
pub const WAITING: &str = "2/3 waiting for Azure to connect";
pub const SETTING_IP: &str = "3/3 setting the IP";

/// A failure worth another look before the deadline: no answer, or the server's own trouble.
fn retryable(e: &ApiError) -> bool {
    match e {
        ApiError::Network(_) | ApiError::Timeout(_) => true,
        ApiError::Api { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Cancels a run: a flag the run checks, the resolver of its current sleep, and the run's
/// own client, whose requests in flight are aborted.
#[derive(Clone)]
pub struct Cancel {
    cancelled: Rc<Cell<bool>>,
    wake: Rc<RefCell<Option<Function>>>,
    client: Client,
}

impl Cancel {
    /// A run's cancel, with its requests sent by a [`Client::scoped`] copy of `client`.
    pub fn new(client: &Client) -> Cancel {
        Cancel {
            cancelled: Rc::default(),
            wake: Rc::default(),
            client: client.scoped(),
        }
    }

    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.client.abort_all();
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    fn check(&self) -> Result<(), ApiError> {
        if self.cancelled.get() {
            Err(ApiError::Aborted)
        } else {
            Ok(())
        }
    }

    /// Waits for `sleep`, or less if cancelled meanwhile.
    async fn wait(&self, sleep: Promise) -> Result<(), ApiError> {
        let cancelled = Promise::new(&mut |resolve, _| {
            *self.wake.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(Promise::race(&Array::of2(&sleep, &cancelled))).await;
        self.wake.borrow_mut().take();
        self.check()
    }
}

/// The visible step of a run ("1/3 approving", …), `None` when none runs.
pub type Step = RwSignal<Option<&'static str>>;

/// Runs "approve and set IP" for connection `id`. Cancelling ends it with
/// [`ApiError::Aborted`], which the row shows as nothing (it announces the cancel itself).
pub async fn approve_and_set_ip(
    ctx: Ctx,
    id: ConnectionId,
    ip: EndpointIp,
    step: Step,
    cancel: Cancel,
) -> Result<(), ApiError> {
    let result = run(ctx, &id, ip, step, &cancel).await;
    let _ = step.try_set(None);
    result
}

async fn run(
    ctx: Ctx,
    id: &ConnectionId,
    ip: EndpointIp,
    step: Step,
    cancel: &Cancel,
) -> Result<(), ApiError> {
    let client = cancel.client.clone();
    let clock = ctx.clock();
    let deadline = clock.now_ms() + f64::from(ctx.approve_deadline_ms());
    let mut approved = false;
    let mut state = ctx.connection_state(id);
    let mut delay = FIRST_WAIT_MS;
    // At the deadline, one last look even from a hidden tab, so it never gives up unseen.
    let mut last_look = false;
    loop {
        cancel.check()?;
        let Some(current) = state.clone() else {
            return Err(ApiError::Stopped(format!(
                "Connection {id} is no longer listed."
            )));
        };
        match ApproveAndSetIpStep::next(&current, approved) {
            ApproveAndSetIpStep::Approve => {
                let _ = step.try_set(Some(APPROVING));
                let c = client.azure_approve(id).await?;
                state = Some(c.state.clone());
                ctx.put_connection(c.into());
                approved = true;
                continue;
            }
            ApproveAndSetIpStep::SetIp => break,
            ApproveAndSetIpStep::Stop(why) => return Err(ApiError::Stopped(why.to_string())),
            ApproveAndSetIpStep::Wait => {}
        }
        approved = true;
        let _ = step.try_set(Some(WAITING));
        let left = deadline - clock.now_ms();
        if left <= 0.0 {
            if !last_look {
                last_look = true;
                if let Ok(list) = client.azure_connections().await {
                    state = look(&ctx, id, list, state);
                    continue;
                }
            }
            return Err(ApiError::Stopped(format!(
                "Azure did not connect {id} within {}. It stays approved: set the IP once it is connected.",
                duration_text(ctx.approve_deadline_ms())
            )));
        }
        cancel.wait(clock.sleep(delay.min(left as u32))).await?;
        delay = (delay.saturating_mul(3) / 2).min(LONGEST_WAIT_MS);
        if !ctx.alive() {
            return Err(ApiError::Aborted);
        }
        // A hidden tab sends nothing; the deadline still runs.
        if tab_hidden() {
            continue;
        }
        match client.azure_connections().await {
            Ok(list) => state = look(&ctx, id, list, state),
            // Looked at again after the next wait, until the deadline.
            Err(e) if retryable(&e) => {}
            Err(e) => return Err(e),
        }
    }
    cancel.check()?;
    let _ = step.try_set(Some(SETTING_IP));
    let c = client.azure_set_ip(id, ip).await?;
    ctx.put_connection(c.into());
    Ok(())
}

/// The connection's state in a fresh list (`None`: no longer listed). The panel's copy is
/// updated only when the state changed: an update kicks the panel's own polling.
fn look(
    ctx: &Ctx,
    id: &ConnectionId,
    list: Vec<AzurePrivatelinkConnection>,
    before: Option<ConnectionState>,
) -> Option<ConnectionState> {
    let found = list
        .into_iter()
        .find(|c| &c.privatelink_connection_id == id)?;
    let now = found.state.clone();
    if Some(&now) != before.as_ref() {
        ctx.put_connection(found.into());
    }
    Some(now)
}

/// "20 minutes", "90 seconds": whole units, integer maths (no float formatting).
fn duration_text(ms: u32) -> String {
    if ms >= 120_000 {
        format!("{} minutes", ms / 60_000)
    } else {
        format!("{} seconds", ms / 1000)
    }
}

//! The connections table: one row per private endpoint connection, its endpoint ID split
//! into subscription / resource group / name, a flag when the subscription is not allowed,
//! approve (with the endpoint's identity in the confirmation), the endpoint IP, the
//! one-step "Approve and set IP" with a step indicator and Cancel, and the states seen so
//! far. Approving an endpoint whose subscription is not in the allowed list needs its name
//! typed in the dialog; one in the list is a single confirmation.
//!
//! Rows are keyed by connection ID and cheap: each reads its own connection through a
//! memo, so a poll that changes one connection touches only that row's nodes, and one
//! that changes nothing touches none. The approval dialog is one per table, not per row.

use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::commands;
use privatelink_core::wire::{AzurePrivatelinkConnection, ConnectionState};
use privatelink_core::{
    Cloud, ConnectionAction, ConnectionId, EndpointIp, PrivateEndpointId, Tone,
};

use super::dialog::{Confirm, Dialog};
use super::{ip_message, AvnCommand, Badge, ErrorLine, IpMessage, Timeline};
use crate::approve::{approve_and_set_ip, Cancel, WAITING};
use crate::state::{Ctx, Loaded, Privatelink, UserAction};

/// The table's one approval dialog: which connection it asks about, and the row's
/// approve to run on confirm.
#[derive(Clone, Copy)]
struct ApproveDialog {
    confirm: Confirm,
    target: RwSignal<Option<ConnectionId>>,
    /// The endpoint name typed to approve one outside the allowed subscriptions.
    typed: RwSignal<String>,
}

#[component]
pub fn ConnectionsTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let ids = move || {
        ctx.connections.with(|list| {
            list.iter()
                .map(|c| c.privatelink_connection_id.clone())
                .collect::<Vec<_>>()
        })
    };
    let dialog = ApproveDialog {
        confirm: Confirm::default(),
        target: RwSignal::new(None),
        typed: RwSignal::new(String::new()),
    };
    provide_context(dialog);
    let target = move || {
        dialog
            .target
            .get()
            .and_then(|id| find(&ctx, &id))
            .and_then(|c| PrivateEndpointId::parse(&c.private_endpoint_id).ok())
    };
    let target_allowed = move || {
        dialog
            .target
            .get()
            .and_then(|id| find(&ctx, &id))
            .is_none_or(|c| connection_allowed(&c, &allowlist(&ctx)))
    };
    // Outside the allowed list, the endpoint's name must be typed (as delete asks for the
    // service's): approving someone else's endpoint would expose the service to them.
    let confirm_enabled = move || {
        target_allowed() || target().is_some_and(|p| dialog.typed.with(|t| t.trim() == p.name))
    };
    let on_confirm = Callback::new(move |_| {
        if !untrack(confirm_enabled) {
            return;
        }
        dialog.confirm.confirm();
    });
    view! {
        <div class="plp-card">
            <table class="plp-table plp-table--cards" data-testid="connections">
                <caption>"Private endpoint connections"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Connection"</th>
                        <th scope="col">"Subscription"</th>
                        <th scope="col">"Resource group"</th>
                        <th scope="col">"Endpoint"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Endpoint IP"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || ctx.connections.with(Vec::is_empty)>
                        <tr><td colspan="7" class="plp-muted" data-testid="no-connections">
                            "No connections yet. Create a private endpoint in Azure against the alias above, then press Refresh."
                        </td></tr>
                    </Show>
                    <For each=ids key=|id| id.clone() let:id>
                        <ConnectionRow id=id />
                    </For>
                </tbody>
            </table>
            <Dialog open=dialog.confirm.open title="Approve this private endpoint?"
                confirm_label=Signal::derive(|| "Approve".to_string()) confirm_enabled=Signal::derive(confirm_enabled)
                on_confirm=on_confirm>
                <p>"Approve only endpoints you own. This endpoint is:"</p>
                <dl class="plp-fields" data-testid="approve-identity">
                    <dt>"Subscription"</dt><dd>{move || target().map(|p| p.subscription_id.to_string()).unwrap_or_default()}</dd>
                    <dt>"Resource group"</dt><dd>{move || target().map(|p| p.resource_group).unwrap_or_default()}</dd>
                    <dt>"Endpoint name"</dt><dd>{move || target().map(|p| p.name).unwrap_or_default()}</dd>
                </dl>
                <Show when=move || !target_allowed()>
                    <p class="plp-warning">"This subscription is not in the allowed list. Approve only if you know whose endpoint this is."</p>
                    <label class="plp-label" for=ctx.id("approve-name")>
                        "Type the endpoint name " <code>{move || target().map(|p| p.name).unwrap_or_default()}</code> " to approve"
                    </label>
                    <input id=ctx.id("approve-name") class="plp-input" type="text" autocomplete="off"
                        data-testid="approve-confirm-input"
                        prop:value=move || dialog.typed.get() on:input=move |ev| dialog.typed.set(event_target_value(&ev)) />
                </Show>
            </Dialog>
        </div>
    }
}

fn find(ctx: &Ctx, id: &ConnectionId) -> Option<AzurePrivatelinkConnection> {
    ctx.connections.with(|list| {
        list.iter()
            .find(|c| &c.privatelink_connection_id == id)
            .cloned()
    })
}

fn allowlist(ctx: &Ctx) -> Vec<privatelink_core::SubscriptionId> {
    ctx.privatelink.with(|p| match p {
        Loaded::Ready(Some(Privatelink::Azure(p))) => p.user_subscription_ids.0.clone(),
        _ => vec![],
    })
}

/// What the row's one action does when it runs: approve, or save the IP (approving first
/// when the connection still waits for approval).
#[derive(Clone, Copy, PartialEq)]
enum RowOp {
    Approve,
    SaveIp,
}

#[component]
fn ConnectionRow(id: ConnectionId) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dialog = expect_context::<ApproveDialog>();
    let row_id = id.clone();
    let conn = Memo::new(move |_| find(&ctx, &row_id));
    // The endpoint ID of a connection never changes: parsed once.
    let raw_endpoint = conn
        .get_untracked()
        .map(|c| c.private_endpoint_id)
        .unwrap_or_default();
    let parsed = PrivateEndpointId::parse(&raw_endpoint).ok();
    let allowed = Memo::new(move |_| {
        conn.with(|c| {
            c.as_ref()
                .is_some_and(|c| connection_allowed(c, &allowlist(&ctx)))
        })
    });
    // Read through `conn`, which changes only when this row's connection does.
    let state = move || conn.with(|c| c.as_ref().map(|c| c.state.clone()));
    let can = move |a: ConnectionAction| {
        conn.with(|c| c.as_ref().is_some_and(|c| a.check(&c.state).is_ok()))
    };
    let ip_text = RwSignal::new(String::new());
    let ip_check = move || ip_text.with(|t| (!t.trim().is_empty()).then(|| EndpointIp::parse(t)));
    let step = RwSignal::new(None::<&'static str>);
    let cancel = StoredValue::new_local(None::<Cancel>);
    let op = StoredValue::new(RowOp::Approve);
    let action_id = id.clone();
    let action = UserAction::new(move || {
        let id = action_id.clone();
        let op = op.get_value();
        let ip = untrack(ip_check).and_then(Result::ok);
        // Pending: approve, wait for Azure to connect, then set the IP. Once approved the
        // API takes the IP directly.
        let pending = untrack(state) == Some(ConnectionState::PendingUserApproval);
        let run_cancel = Cancel::new(&ctx.client());
        cancel.set_value(Some(run_cancel.clone()));
        Box::pin(async move {
            match (op, ip) {
                (RowOp::Approve, _) => {
                    let c = ctx.client().approve(&id).await?;
                    ctx.announce(format!("{id} approved."));
                    ctx.put_connection(c);
                }
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
    let approve_and_save = Callback::new(move |_| {
        op.set_value(RowOp::SaveIp);
        action.run();
    });
    // Every approval goes through the dialog (and its typed name outside the allowlist),
    // whichever button starts it.
    let dialog_id = id.clone();
    let ask = move |confirm: Callback<()>| {
        dialog.typed.set(String::new());
        dialog.target.set(Some(dialog_id.clone()));
        dialog.confirm.ask(confirm);
    };
    let open_dialog = {
        let ask = ask.clone();
        move |_| ask(approve)
    };
    let save_ip = move || {
        if !matches!(untrack(ip_check), Some(Ok(_))) {
            return;
        }
        if untrack(move || can(ConnectionAction::Approve)) {
            ask(approve_and_save);
        } else {
            approve_and_save.run(());
        }
    };
    let save_ip_on_enter = save_ip.clone();
    let ip_input = NodeRef::<leptos::html::Input>::new();
    let cancel_id = id.clone();
    let cancel_run = move |_| {
        cancel.with_value(|c| c.as_ref().map(Cancel::cancel));
        ctx.announce(format!("Approve and set IP for {cancel_id} cancelled."));
        // The Cancel button goes away with the step: keep the keyboard in the row.
        if let Some(input) = ip_input.get_untracked() {
            let _ = input.focus();
        }
    };
    let avn_id = id.clone();
    let avn = move || {
        let c = ctx.client();
        let ip = ip_check()
            .and_then(Result::ok)
            .map(|i| i.to_string())
            .unwrap_or_else(|| "<ip>".into());
        if can(ConnectionAction::Approve) {
            commands::azure_approve(c.target(), avn_id.as_str())
        } else {
            commands::azure_set_ip(c.target(), avn_id.as_str(), &ip)
        }
    };
    let (subscription, group, name) = match &parsed {
        Some(p) => (
            p.subscription_id.to_string(),
            p.resource_group.clone(),
            p.name.clone(),
        ),
        None => (raw_endpoint.clone(), String::new(), String::new()),
    };
    let label_approve = format!("Approve {id}");
    let label_ip = format!("Endpoint IP of {id}");
    let ip_note = move || ip_message(ip_check(), Cloud::Azure);
    let note_id = ctx.id(&["ip-note-", id.as_str()].concat());
    let note_id2 = note_id.clone();
    // Each name starts with the button's visible words (WCAG 2.5.3), then says which row.
    let label_save = format!("Save IP for {id}");
    let label_both = format!("Approve and set IP for {id}");
    let label_cancel = format!("Cancel approve and set IP for {id}");
    view! {
        <tr data-testid=format!("connection-{id}") class:plp-row--flagged=move || !allowed.get()>
            <th scope="row"><code>{id.to_string()}</code>
                <Timeline id=id.clone() />
            </th>
            <td title=raw_endpoint.clone() data-label="Subscription">
                {subscription}
                <Show when=move || !allowed.get()>
                    <span class="plp-flag" data-testid="not-allowed">" ⚠ not in the allowed subscriptions"</span>
                </Show>
            </td>
            <td data-label="Resource group">{group}</td>
            <td title=raw_endpoint data-label="Endpoint">{name}</td>
            <td data-label="State">
                <Badge
                    label=Signal::derive(move || state().map(|s| s.to_string()).unwrap_or_default())
                    tone=Signal::derive(move || state().map_or(Tone::Bad, |s| s.tone()))
                />
            </td>
            <td data-label="Endpoint IP">{move || conn.with(|c| c.as_ref().and_then(|c| c.user_ip_address).map(|ip| ip.to_string()).unwrap_or_else(|| "—".into()))}</td>
            <td class="plp-actions">
                <Show when=move || can(ConnectionAction::Approve)>
                    <button type="button" class="plp-btn plp-btn--primary" aria-label=label_approve.clone()
                        disabled=move || action.busy() on:click=open_dialog.clone()>
                        "Approve"
                    </button>
                </Show>
                // Not a <form>: with one per row, Chromium's autofill scans every row's form
                // after the first paint (~0.4 s for 1,000 rows, measured); Enter saves instead.
                <div class="plp-ip">
                    <input class="plp-input plp-input--ip" type="text" inputmode="decimal" placeholder="10.0.0.5"
                        autocomplete="off" aria-label=label_ip data-testid="ip-input" node_ref=ip_input
                        aria-describedby=move || ip_note().map(|_| note_id.clone())
                        aria-invalid=move || ip_note().is_some_and(|n| n.0).then_some("true")
                        prop:value=move || ip_text.get() on:input=move |ev| ip_text.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); save_ip_on_enter(); } />
                    <button type="button" class="plp-btn" data-testid="save-ip"
                        aria-label=move || if can(ConnectionAction::Approve) { label_both.clone() } else { label_save.clone() }
                        disabled=move || action.busy() || !matches!(ip_check(), Some(Ok(_)))
                        on:click=move |_| save_ip()>
                        {move || if can(ConnectionAction::Approve) { "Approve and set IP" } else { "Save IP" }}
                    </button>
                </div>
                <IpMessage id=note_id2 message=Signal::derive(ip_note) />
                <Show when=move || step.with(Option::is_some)>
                    <p class="plp-step" data-testid="step">
                        {move || step.get().unwrap_or_default()} " "
                        // Only the wait can be cancelled: the other steps are one request each.
                        <button type="button" class="plp-btn plp-btn--small" data-testid="cancel-step"
                            hidden=move || step.get() != Some(WAITING)
                            aria-label=label_cancel.clone() on:click=cancel_run.clone()>"Cancel"</button>
                    </p>
                </Show>
                <ErrorLine action=action />
                <AvnCommand command=Signal::derive(avn) />
            </td>
        </tr>
    }
}

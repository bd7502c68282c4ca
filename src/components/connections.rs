//! The connections table: one row per private endpoint connection, its endpoint ID split
//! into subscription / resource group / name, a flag when the subscription is not allowed,
//! approve (with the endpoint's identity in the confirmation), the endpoint IP, the
//! one-step "Approve and set IP" with a step indicator and Cancel, and the states seen so
//! far. Approving an endpoint whose subscription is not in the allowed list needs its name
//! typed in the dialog; one in the list is a single confirmation.
//!
//! The frame and the approval dialog (one per table) are `view!`; the rows are built by
//! hand in [`super::azure_rows`], keyed by connection ID, so a poll that changes one
//! connection touches only that row's nodes and one that changes nothing touches none.

use leptos::html;
use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::wire::AzurePrivatelinkConnection;
use privatelink_core::{ConnectionId, PrivateEndpointId};

use super::azure_rows::{self, ApproveDialog, Rows};
use super::dialog::{Confirm, Dialog};
use crate::state::{Ctx, Loaded, Privatelink};

#[component]
pub fn ConnectionsTable(ctx: Ctx) -> impl IntoView {
    let dialog = ApproveDialog {
        confirm: Confirm::default(),
        target: RwSignal::new(None),
        typed: RwSignal::new(String::new()),
    };
    let rows = Rows::new(ctx, dialog);
    let body = NodeRef::<html::Tbody>::new();
    {
        let rows = rows.clone();
        Effect::new(move |_| {
            let Some(body) = body.get() else {
                return;
            };
            let allow = allowlist(&ctx);
            ctx.timeline.with(|timelines| {
                ctx.connections
                    .with(|list| rows.borrow_mut().sync(&body, list, &allow, timelines))
            });
        });
    }
    let (click, input, keydown) = (rows.clone(), rows.clone(), rows);
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
                </tbody>
                // The rows: built and updated by `azure_rows`; their events arrive here.
                <tbody node_ref=body
                    on:click=move |ev| azure_rows::on_click(&click, ev.into())
                    on:input=move |ev| azure_rows::on_input(&input, ev)
                    on:keydown=move |ev| azure_rows::on_keydown(&keydown, ev)>
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

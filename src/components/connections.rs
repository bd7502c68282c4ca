//! The connections table of every cloud: one row per connection, its columns from the
//! cloud's [`Col`] list (the `<thead>`, the narrow layout's labels and the rows all read
//! it), and the cloud's one approval dialog. Azure: the endpoint ID split into subscription
//! / resource group / name, a flag when the subscription is not allowed, approve (an
//! endpoint outside the allowed list needs its name typed), the endpoint IP, and the
//! one-step "Approve and set IP" with a step indicator and Cancel. Google: approve with
//! the endpoint's IP, the endpoint named in the confirmation. AWS: read-only, with each
//! endpoint's DNS name to copy.
//!
//! The frame and the dialog are `view!`; the rows are built by hand in [`super::rows`],
//! keyed by connection, so a poll that changes one connection touches only that row's
//! nodes and one that changes nothing touches none.

use leptos::html;
use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::wire::AzurePrivatelinkConnection;
use privatelink_core::{Cloud, ConnectionId, PrivateEndpointId};

use super::dialog::Dialog;
use super::rows::{self, columns, ApproveDialog, Rows};
use crate::state::{Ctx, Loaded, Privatelink};

/// What a cloud's table says before anything is listed, and its caption.
fn caption_and_empty(cloud: Cloud) -> (&'static str, &'static str) {
    match cloud {
        Cloud::Azure => (
            "Private endpoint connections",
            "No connections yet. Create a private endpoint in Azure against the alias above, then press Refresh.",
        ),
        Cloud::Aws => (
            "VPC endpoint connections",
            "No connections yet. Create a VPC endpoint to the service name above; it is listed once AWS has accepted it.",
        ),
        Cloud::Google => (
            "Private Service Connect connections",
            "No connections yet. Create an endpoint in Google Cloud targeting the attachment above, then press Refresh.",
        ),
    }
}

#[component]
pub fn ConnectionsTable(ctx: Ctx, cloud: Cloud) -> impl IntoView {
    let dialog = ApproveDialog::default();
    let rows = Rows::new(ctx, cloud, dialog);
    let body = NodeRef::<html::Tbody>::new();
    {
        let rows = rows.clone();
        Effect::new(move |_| {
            let Some(body) = body.get() else {
                return;
            };
            let allow = allowlist(&ctx);
            ctx.timeline.with(|timelines| {
                ctx.connections.with(|list| {
                    rows.borrow_mut()
                        .sync(&body, list.as_ref(), &allow, timelines)
                })
            });
        });
    }
    let (click, input, keydown) = (rows.clone(), rows.clone(), rows);
    let (caption, empty) = caption_and_empty(cloud);
    let cols = columns(cloud);
    let span = (cols.len() + 1).to_string();
    view! {
        <div class="plp-card">
            <table class="plp-table plp-table--cards" data-testid="connections">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Connection"</th>
                        {cols.iter().map(|c| view! { <th scope="col">{c.header()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || ctx.connection_count() == 0>
                        <tr><td colspan=span.clone() class="plp-muted" data-testid="no-connections">{empty}</td></tr>
                    </Show>
                </tbody>
                // The rows: built and updated by `rows`; their events arrive here.
                <tbody node_ref=body
                    on:click=move |ev| rows::on_click(&click, ev.into())
                    on:input=move |ev| rows::on_input(&input, ev)
                    on:keydown=move |ev| rows::on_keydown(&keydown, ev)>
                </tbody>
            </table>
            {match cloud {
                Cloud::Azure => view! { <AzureApproveDialog ctx=ctx dialog=dialog /> }.into_any(),
                Cloud::Google => view! { <GoogleApproveDialog ctx=ctx dialog=dialog /> }.into_any(),
                // Nothing to approve on AWS.
                Cloud::Aws => ().into_any(),
            }}
        </div>
    }
}

/// Azure's approval: the endpoint's identity; outside the allowed list, its name typed.
#[component]
fn AzureApproveDialog(ctx: Ctx, dialog: ApproveDialog) -> impl IntoView {
    let target = move || {
        dialog
            .target
            .get()
            .and_then(|id| find_azure(&ctx, &id))
            .and_then(|c| PrivateEndpointId::parse(&c.private_endpoint_id).ok())
    };
    let target_allowed = move || {
        dialog
            .target
            .get()
            .and_then(|id| find_azure(&ctx, &id))
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
    }
}

/// Google's approval, Private Service Connect's only gate (it has no allowlist): the
/// endpoint is named and compared before anything is sent.
#[component]
fn GoogleApproveDialog(ctx: Ctx, dialog: ApproveDialog) -> impl IntoView {
    let psc = move || {
        let id = dialog.target.get()?;
        ctx.connections.with(|l| {
            l.as_ref()?
                .iter()
                .find(|c| c.id() == Some(&id))
                .map(|c| c.endpoint().to_owned())
        })
    };
    let on_confirm = Callback::new(move |_| dialog.confirm.confirm());
    view! {
        <Dialog open=dialog.confirm.open title="Approve this Private Service Connect endpoint?"
            confirm_label=Signal::derive(|| "Approve".to_string()) confirm_enabled=Signal::derive(|| true)
            on_confirm=on_confirm>
            <p>"Approving lets this endpoint reach the service. Approve only an endpoint you own: compare the PSC connection ID with your forwarding rule's (gcloud compute forwarding-rules describe … --format='value(pscConnectionId)')."</p>
            <dl class="plp-fields" data-testid="approve-identity">
                <dt>"Connection"</dt><dd>{move || dialog.target.get().map(|id| id.to_string()).unwrap_or_default()}</dd>
                <dt>"PSC connection ID"</dt><dd>{move || psc().unwrap_or_default()}</dd>
                <dt>"Endpoint IP"</dt><dd>{move || dialog.ip.get()}</dd>
            </dl>
        </Dialog>
    }
}

fn find_azure(ctx: &Ctx, id: &ConnectionId) -> Option<AzurePrivatelinkConnection> {
    ctx.with_azure(|list| {
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

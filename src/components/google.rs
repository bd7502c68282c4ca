//! Google Private Service Connect: create with no input, the service attachment with Copy
//! and the customer's `gcloud` step, and the connections, each approved with its
//! endpoint's IP address in one step (the API takes both in one call). Google Cloud sends
//! no notification of new endpoints, so new ones show after Refresh.

use leptos::prelude::*;
use privatelink_core::commands;
use privatelink_core::preflight::preflight_error;
use privatelink_core::wire::GooglePrivatelink;
use privatelink_core::Cloud;

use super::{AssignedValue, CopyButton, CreateCard, PrivatelinkBadge};
use crate::state::{Ctx, Loaded, Privatelink, UserAction};

/// Aiven's reserved range on Google Cloud, said wherever endpoints are planned.
const RESERVED_NOTE: &str = "Aiven reserves 172.24.0.0/16 on Google Cloud: keep your VPC network and the endpoint's subnet outside that range.";

fn current(ctx: &Ctx) -> Option<GooglePrivatelink> {
    match ctx.privatelink.get() {
        Loaded::Ready(Some(Privatelink::Google(p))) => Some(p),
        _ => None,
    }
}

#[component]
pub fn GoogleCreateForm(ctx: Ctx) -> impl IntoView {
    let blocked = move || ctx.preflight_refusal(|s| preflight_error(Cloud::Google, s));
    let create = UserAction::new(move || {
        let ready = untrack(blocked).is_none();
        Box::pin(async move {
            if !ready {
                return Ok(());
            }
            let pl = ctx.client().google_create().await?;
            ctx.announce("Creating the Google Private Service Connect…");
            ctx.put_privatelink(Some(Privatelink::Google(pl)));
            Ok(())
        })
    });
    let avn = move || commands::google_create(ctx.client().target());
    view! {
        <CreateCard ctx=ctx title="Create a Google Private Service Connect" blocked=Signal::derive(blocked) action=create avn=Signal::derive(avn)>
            <p>"Aiven publishes the service through a service attachment, usually within a minute or two. Nothing to fill in: who may connect is decided when you approve each endpoint."</p>
            <p class="plp-note">{RESERVED_NOTE}</p>
            // Aiven's documentation: PostgreSQL needs Aiven to activate it first.
            <Show when=move || ctx.service.with(|s| s.as_ref().is_some_and(|s| s.service_type == "pg"))>
                <p class="plp-muted" data-testid="pg-activation">"For PostgreSQL, Aiven support activates Private Service Connect for the project first; ask them if Create is refused."</p>
            </Show>
        </CreateCard>
    }
}

/// The service attachment: state, the attachment with Copy, and the customer's steps.
#[component]
pub fn GoogleCard(ctx: Ctx) -> impl IntoView {
    let attachment = Signal::derive(move || {
        current(&ctx)
            .and_then(|p| p.google_service_attachment)
            .unwrap_or_default()
    });
    let snippet = Signal::derive(move || commands::gcloud_create_endpoint(&attachment.get()));
    view! {
        <div class="plp-card" data-testid="resource-card">
            <h3 class="plp-card__title">"Service attachment " <PrivatelinkBadge ctx=ctx /></h3>
            <dl class="plp-fields">
                <dt>"Service attachment"</dt>
                <dd><AssignedValue ctx=ctx value=attachment label="service attachment" testid="service-attachment" /></dd>
            </dl>
            <Show when=move || !attachment.get().is_empty()>
                <ol class="plp-steps" data-testid="google-steps">
                    <li>
                        "In Google Cloud, create a Private Service Connect endpoint targeting this attachment (Network services › Private Service Connect › Connect endpoint, target “Published service”), or run:"
                        <p><code data-testid="gcloud-snippet">{move || snippet.get()}</code>
                            <CopyButton ctx=ctx text=snippet label="gcloud command" /></p>
                    </li>
                    <li>"Press Refresh: Google Cloud does not tell Aiven of new endpoints."</li>
                    <li>"Approve the connection below with the endpoint's IP address. Clients then connect through the privatelink host names under Connection information, not the IP."</li>
                </ol>
            </Show>
            <p class="plp-note" data-testid="reserved-range">{RESERVED_NOTE}</p>
        </div>
    }
}

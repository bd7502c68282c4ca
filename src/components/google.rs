//! Google Private Service Connect: create with no input, the service attachment with Copy
//! and the customer's `gcloud` step, and the connections, each approved with its
//! endpoint's IP address in one step (the API takes both in one call). Google Cloud sends
//! no notification of new endpoints, so new ones show after Refresh.

use leptos::prelude::*;
use privatelink_core::commands;
use privatelink_core::preflight::preflight_error;
use privatelink_core::wire::{GoogleConnection, GooglePrivatelink};
use privatelink_core::{Cloud, ConnectionAction, ConnectionId, EndpointIp};

use wasm_bindgen::JsCast;

use super::dialog::{Confirm, Dialog};
use super::{
    content_key, ip_message, AssignedValue, AvnCommand, Badge, CopyButton, CreateCard, ErrorLine,
    IpMessage, PrivatelinkBadge, Timeline,
};
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

/// The table's one approval dialog: what it asks about, and the row's approve to run.
#[derive(Clone, Copy)]
struct ApproveAsk {
    confirm: Confirm,
    /// The connection, its PSC connection ID and the IP the approval sends.
    what: RwSignal<(String, String, String)>,
}

#[component]
pub fn GoogleConnectionsTable(ctx: Ctx) -> impl IntoView {
    let ask = ApproveAsk {
        confirm: Confirm::default(),
        what: RwSignal::new(Default::default()),
    };
    let on_confirm = Callback::new(move |_| ask.confirm.confirm());
    view! {
        <div class="plp-card">
            <table class="plp-table plp-table--cards" data-testid="connections">
                <caption>"Private Service Connect connections"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Connection"</th>
                        <th scope="col">"PSC connection ID"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Endpoint IP"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || ctx.google_connections.with(Vec::is_empty)>
                        <tr><td colspan="5" class="plp-muted" data-testid="no-connections">
                            "No connections yet. Create an endpoint in Google Cloud targeting the attachment above, then press Refresh."
                        </td></tr>
                    </Show>
                    // Keyed by content: a row is rebuilt only when its own connection changes.
                    <For each=move || ctx.google_connections.get()
                        key=|c| content_key(&[
                            c.privatelink_connection_id.as_str(),
                            c.state.as_str(),
                            &c.user_ip_address.map(|i| i.to_string()).unwrap_or_default(),
                        ])
                        let:c>
                        <GoogleRow ctx=ctx ask=ask c=c />
                    </For>
                </tbody>
            </table>
            // Approving is Private Service Connect's only gate (it has no allowlist): the
            // endpoint is named and compared before anything is sent.
            <Dialog open=ask.confirm.open title="Approve this Private Service Connect endpoint?"
                confirm_label=Signal::derive(|| "Approve".to_string()) confirm_enabled=Signal::derive(|| true)
                on_confirm=on_confirm>
                <p>"Approving lets this endpoint reach the service. Approve only an endpoint you own: compare the PSC connection ID with your forwarding rule's (gcloud compute forwarding-rules describe … --format='value(pscConnectionId)')."</p>
                <dl class="plp-fields" data-testid="approve-identity">
                    <dt>"Connection"</dt><dd>{move || ask.what.get().0}</dd>
                    <dt>"PSC connection ID"</dt><dd>{move || ask.what.get().1}</dd>
                    <dt>"Endpoint IP"</dt><dd>{move || ask.what.get().2}</dd>
                </dl>
            </Dialog>
        </div>
    }
}

/// Moves focus to a connection's row header once its row is rebuilt (after an approval
/// the button that had focus is gone).
fn focus_row(ctx: Ctx, id: String) {
    set_timeout(
        move || {
            let th = ctx
                .host()
                .and_then(|h| {
                    h.query_selector(&format!("[data-testid=\"connection-{id}\"] th"))
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(th) = th {
                let _ = th.focus();
            }
        },
        std::time::Duration::from_millis(0),
    );
}

/// One connection; while it waits for approval, the endpoint IP and Approve, which sends
/// both in one call.
#[component]
fn GoogleRow(ctx: Ctx, ask: ApproveAsk, c: GoogleConnection) -> impl IntoView {
    let id: ConnectionId = c.privatelink_connection_id.clone();
    let pending = ConnectionAction::Approve
        .check(Cloud::Google, &c.state)
        .is_ok();
    let ip_text = RwSignal::new(String::new());
    let ip_check = move || ip_text.with(|t| (!t.trim().is_empty()).then(|| EndpointIp::parse(t)));
    let action_id = id.clone();
    let approve = UserAction::new(move || {
        let id = action_id.clone();
        let ip = untrack(ip_check).and_then(Result::ok);
        Box::pin(async move {
            let Some(ip) = ip else { return Ok(()) };
            let c = ctx.client().google_approve(&id, ip).await?;
            ctx.announce(format!("{id} approved with endpoint IP {ip}."));
            ctx.put_google_connection(c);
            focus_row(ctx, id.to_string());
            Ok(())
        })
    });
    let avn_id = id.clone();
    let avn = move || {
        let ip = ip_check()
            .and_then(Result::ok)
            .map_or_else(|| "<ip>".to_string(), |i| i.to_string());
        commands::google_approve(ctx.client().target(), avn_id.as_str(), &ip)
    };
    let psc = c.psc_connection_id.clone();
    let ask_id = id.to_string();
    let run = move || {
        let Some(Ok(ip)) = untrack(ip_check) else {
            return;
        };
        ask.what.set((ask_id.clone(), psc.clone(), ip.to_string()));
        ask.confirm.ask(Callback::new(move |_| approve.run()));
    };
    let label = c.state.to_string();
    let tone = c.state.tone();
    let ip_shown = c
        .user_ip_address
        .map_or_else(|| "—".to_string(), |i| i.to_string());
    let label_ip = format!("Endpoint IP of {id}");
    let ip_note = move || ip_message(ip_check(), Cloud::Google);
    let note_id = ctx.id(&["ip-note-", id.as_str()].concat());
    let note_id2 = note_id.clone();
    let label_approve = format!("Approve {id}");
    view! {
        <tr data-testid=format!("connection-{id}")>
            <th scope="row" tabindex="-1"><code>{id.to_string()}</code><Timeline ctx=ctx id=id.clone() /></th>
            <td data-label="PSC connection ID"><code>{c.psc_connection_id}</code></td>
            <td data-label="State"><Badge label=Signal::stored(label) tone=Signal::stored(tone) /></td>
            <td data-label="Endpoint IP">{ip_shown}</td>
            <td class="plp-actions">
                {pending.then(|| view! {
                    <div class="plp-ip">
                        <input class="plp-input plp-input--ip" type="text" inputmode="decimal" placeholder="10.0.0.5"
                            autocomplete="off" aria-label=label_ip data-testid="ip-input"
                            aria-describedby=move || ip_note().map(|_| note_id.clone())
                            aria-invalid=move || ip_note().is_some_and(|n| n.0).then_some("true")
                            prop:value=move || ip_text.get() on:input=move |ev| ip_text.set(event_target_value(&ev))
                            on:keydown={let run = run.clone(); move |ev| if ev.key() == "Enter" { ev.prevent_default(); run(); }} />
                        <button type="button" class="plp-btn plp-btn--primary" data-testid="approve"
                            aria-label=label_approve
                            disabled=move || approve.busy() || !matches!(ip_check(), Some(Ok(_)))
                            on:click=move |_| run()>
                            "Approve"
                        </button>
                    </div>
                    <IpMessage id=note_id2 message=Signal::derive(ip_note) />
                    <ErrorLine action=approve />
                    <AvnCommand ctx=ctx command=Signal::derive(avn) />
                })}
            </td>
        </tr>
    }
}

//! The connections table: one row per private endpoint connection, its endpoint ID split
//! into subscription / resource group / name, a flag when the subscription is not allowed,
//! approve (with the endpoint's identity in the confirmation), the endpoint IP, the
//! one-step "Approve and set IP" with a step indicator, and the states seen so far.

use leptos::prelude::*;
use privatelink_core::allowlist::connection_allowed;
use privatelink_core::wire::{AzurePrivatelinkConnection, ConnectionState};
use privatelink_core::{ConnectionAction, EndpointIp, PrivateEndpointId};

use super::dialog::Dialog;
use super::{AvnCommand, Badge, ErrorLine};
use crate::api::ApiError;
use crate::state::{run_action, sleep, Ctx, Loaded};

#[component]
pub fn ConnectionsTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let ids = move || {
        ctx.connections
            .get()
            .into_iter()
            .map(|c| c.privatelink_connection_id)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="plp-card">
            <table class="plp-table" data-testid="connections">
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
        </div>
    }
}

fn find(ctx: &Ctx, id: &str) -> Option<AzurePrivatelinkConnection> {
    ctx.connections.with(|list| {
        list.iter()
            .find(|c| c.privatelink_connection_id == id)
            .cloned()
    })
}

/// Approve, then wait for Azure to connect, then set the IP.
async fn approve_and_set_ip(
    ctx: Ctx,
    id: String,
    ip: String,
    step: RwSignal<Option<String>>,
) -> Result<(), ApiError> {
    let client = ctx.client();
    let _ = step.try_set(Some("1/3 approving".into()));
    let c = client.approve(&id).await?;
    ctx.put_connection(c);
    let _ = step.try_set(Some("2/3 waiting for Azure to connect".into()));
    loop {
        if !ctx.alive() {
            return Err(ApiError::Aborted);
        }
        let list = client.connections().await?;
        let Some(c) = list.into_iter().find(|c| c.privatelink_connection_id == id) else {
            return Err(ApiError::Api {
                status: 404,
                message: format!("Connection {id} is no longer listed."),
            });
        };
        let connected = c.state == ConnectionState::Connected;
        ctx.put_connection(c);
        if connected {
            break;
        }
        sleep(1000).await;
    }
    let _ = step.try_set(Some("3/3 setting the IP".into()));
    let c = client.set_ip(&id, &ip).await?;
    ctx.put_connection(c);
    let _ = step.try_set(Some("done".into()));
    Ok(())
}

#[component]
fn ConnectionRow(id: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let row_id = id.clone();
    let conn = Memo::new(move |_| find(&ctx, &row_id));
    let parsed = move || {
        conn.get()
            .and_then(|c| PrivateEndpointId::parse(&c.private_endpoint_id).ok())
    };
    let allowed = move || {
        let subs = match ctx.privatelink.get() {
            Loaded::Ready(Some(p)) => p.user_subscription_ids,
            _ => vec![],
        };
        conn.get().is_some_and(|c| connection_allowed(&c, &subs))
    };
    let state = Signal::derive(move || conn.get().map(|c| c.state.to_string()).unwrap_or_default());
    let can = move |a: ConnectionAction| conn.get().is_some_and(|c| a.check(&c.state).is_ok());
    let ip_text = RwSignal::new(String::new());
    let ip_check = Memo::new(move |_| {
        let t = ip_text.get();
        (!t.trim().is_empty()).then(|| EndpointIp::parse(&t))
    });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let step = RwSignal::new(None::<String>);
    let confirm_open = RwSignal::new(false);

    let approve_id = id.clone();
    let approve = Callback::new(move |_| {
        let id = approve_id.clone();
        confirm_open.set(false);
        run_action(busy, error, move || async move {
            let c = ctx.client().approve(&id).await?;
            ctx.announce(format!("{id} approved."));
            ctx.put_connection(c);
            Ok(())
        });
    });
    let ip_id = id.clone();
    let save_ip = Callback::new(move |_| {
        let id = ip_id.clone();
        let Some(Ok(ip)) = ip_check.get_untracked() else {
            return;
        };
        let ip = ip.to_string();
        let pending = conn
            .get_untracked()
            .is_some_and(|c| c.state == ConnectionState::PendingUserApproval);
        run_action(busy, error, move || async move {
            if pending {
                approve_and_set_ip(ctx, id.clone(), ip, step).await?;
            } else {
                let c = ctx.client().set_ip(&id, &ip).await?;
                ctx.put_connection(c);
            }
            ctx.announce(format!("Endpoint IP of {id} saved."));
            Ok(())
        });
    });
    let avn_id = id.clone();
    let avn = move || {
        let c = ctx.client();
        let ip = ip_check
            .get()
            .and_then(Result::ok)
            .map(|i| i.to_string())
            .unwrap_or_else(|| "<ip>".into());
        if can(ConnectionAction::Approve) {
            format!(
                "avn service privatelink azure connection approve --project {} {} {avn_id}",
                c.project, c.service
            )
        } else {
            format!("avn service privatelink azure connection update --project {} --endpoint-ip-address {ip} {} {avn_id}", c.project, c.service)
        }
    };
    let timeline_id = id.clone();
    let timeline = move || {
        ctx.timeline
            .with(|t| t.get(&timeline_id).cloned().unwrap_or_default())
            .into_iter()
            .map(|s| format!("{} {}", s.at, s.state))
            .collect::<Vec<_>>()
            .join(" → ")
    };
    let full_id = move || {
        conn.get()
            .map(|c| c.private_endpoint_id)
            .unwrap_or_default()
    };
    let label_approve = format!("Approve {id}");
    let label_ip = format!("Endpoint IP of {id}");
    let label_save = format!("Save endpoint IP of {id}");
    let label_both = format!("Approve {id} and set IP");
    view! {
        <tr data-testid=format!("connection-{id}") class:plp-row--flagged=move || !allowed()>
            <th scope="row"><code>{id.clone()}</code>
                <div class="plp-muted plp-timeline" data-testid="timeline">{timeline}</div>
            </th>
            <td title=full_id>
                {move || parsed().map(|p| p.subscription_id.to_string()).unwrap_or_else(full_id)}
                <Show when=move || !allowed()>
                    <span class="plp-flag" data-testid="not-allowed">" ⚠ not in the allowed subscriptions"</span>
                </Show>
            </td>
            <td>{move || parsed().map(|p| p.resource_group).unwrap_or_default()}</td>
            <td title=full_id>{move || parsed().map(|p| p.name).unwrap_or_default()}</td>
            <td><Badge state=state /></td>
            <td>{move || conn.get().and_then(|c| c.user_ip_address).unwrap_or_else(|| "—".into())}</td>
            <td class="plp-actions">
                <Show when=move || can(ConnectionAction::Approve)>
                    <button type="button" class="plp-btn plp-btn--primary" aria-label=label_approve.clone()
                        disabled=move || busy.get() on:click=move |_| confirm_open.set(true)>
                        "Approve"
                    </button>
                </Show>
                <form class="plp-ip" on:submit=move |ev| { ev.prevent_default(); save_ip.run(()); }>
                    <input class="plp-input plp-input--ip" type="text" inputmode="decimal" placeholder="10.0.0.5"
                        aria-label=label_ip.clone() data-testid="ip-input"
                        prop:value=move || ip_text.get() on:input=move |ev| ip_text.set(event_target_value(&ev)) />
                    <button type="submit" class="plp-btn" data-testid="save-ip"
                        aria-label=move || if can(ConnectionAction::Approve) { label_both.clone() } else { label_save.clone() }
                        disabled=move || busy.get() || !matches!(ip_check.get(), Some(Ok(_)))>
                        {move || if can(ConnectionAction::Approve) { "Approve and set IP" } else { "Save IP" }}
                    </button>
                </form>
                {move || match ip_check.get() {
                    Some(Err(e)) => Some(view! { <p class="plp-error" data-testid="ip-error">{e.to_string()}</p> }.into_any()),
                    Some(Ok(ip)) => ip.warning().map(|w| view! { <p class="plp-warning" data-testid="ip-warning">{w}</p> }.into_any()),
                    None => None,
                }}
                <Show when=move || step.with(Option::is_some)>
                    <p class="plp-step" data-testid="step">{move || step.get().unwrap_or_default()}</p>
                </Show>
                <ErrorLine error=error retry=save_ip />
                <AvnCommand command=Signal::derive(avn) />
                <Dialog open=confirm_open title="Approve this private endpoint?"
                    confirm_label=Signal::derive(|| "Approve".to_string()) confirm_enabled=Signal::derive(|| true)
                    on_confirm=approve>
                    <p>"Approve only endpoints you own. This endpoint is:"</p>
                    <dl class="plp-fields" data-testid="approve-identity">
                        <dt>"Subscription"</dt><dd>{move || parsed().map(|p| p.subscription_id.to_string()).unwrap_or_default()}</dd>
                        <dt>"Resource group"</dt><dd>{move || parsed().map(|p| p.resource_group).unwrap_or_default()}</dd>
                        <dt>"Endpoint name"</dt><dd>{move || parsed().map(|p| p.name).unwrap_or_default()}</dd>
                    </dl>
                    <Show when=move || !allowed()>
                        <p class="plp-warning">"This subscription is not in the allowed list."</p>
                    </Show>
                </Dialog>
            </td>
        </tr>
    }
}

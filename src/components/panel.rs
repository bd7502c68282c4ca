//! The panel's root: header with refresh and "last checked", the live region, the load
//! error, and either the create flow (preflight + form) or the privatelink's parts, those
//! of the service's cloud (Azure, AWS or Google); access switches, connection information
//! and delete are the same for every cloud.

use leptos::prelude::*;
use leptos::task::spawn_local;
use privatelink_core::preflight::preflight;
use privatelink_core::{Cloud, PrivatelinkAction};

use super::access::AccessSwitches;
use super::aws::{AwsCard, AwsCreateForm};
use super::connections::ConnectionsTable;
use super::create::CreateForm;
use super::delete::DeleteButton;
use super::google::{GoogleCard, GoogleCreateForm};
use super::info::ConnectionInfoList;
use super::read_only::ReadOnlyView;
use super::resource::ResourceCard;
use super::terraform::TerraformExport;
use super::{content_key, ErrorLine};
use crate::state::{Ctx, Loaded, UserAction};

#[component]
pub fn Panel(ctx: Ctx) -> impl IntoView {
    let client = ctx.client();
    let service_name = client.service.clone();
    // The views follow the service's cloud; none is assumed before it is known.
    let cloud = move || ctx.cloud();
    let loaded = move || ctx.service.with(Option::is_some);
    let title = move || {
        let product = match (loaded(), ctx.cloud()) {
            (false, _) => "Private link",
            (true, Some(c)) => c.product(),
            (true, None) => "Private connectivity",
        };
        format!("{product} · {service_name}")
    };
    let refresh = UserAction::new(move || {
        Box::pin(async move {
            let _hold = ctx.hold_polls();
            let refreshable = untrack(move || {
                ctx.cloud()
                    .zip(ctx.privatelink_state())
                    .is_some_and(|(c, s)| PrivatelinkAction::Refresh.check(c, Some(&s)).is_ok())
            });
            if refreshable {
                let c = ctx.client();
                match untrack(cloud) {
                    Some(Cloud::Azure) => c.azure_refresh().await?,
                    // A fallback on AWS (which tells Aiven of endpoints itself): the list
                    // below is worth showing even when the refresh is refused.
                    Some(Cloud::Aws) => {
                        let _ = c.aws_refresh().await;
                    }
                    Some(Cloud::Google) => c.google_refresh().await?,
                    None => {}
                }
            }
            // The panel may have been unmounted meanwhile (an aborted AWS refresh is not
            // an error): then nothing of it is touched.
            if !ctx.alive() {
                return Ok(());
            }
            let found = ctx.reload().await;
            if !ctx.alive() {
                return Ok(());
            }
            // After the load, so the count is this load's; the kick brings polling back to
            // its base interval.
            ctx.kick();
            let listed = untrack(|| ctx.connection_count());
            // What the load found (a new connection, say) is said after the count, not
            // replaced by it.
            let found = found.map(|f| [" ", &f].concat()).unwrap_or_default();
            ctx.announce(format!(
                "Checked for new connections: {listed} listed.{found}"
            ));
            Ok(())
        })
    });
    let load_error = ctx.load_error;
    let has_pl =
        move || matches!(ctx.privatelink.get(), Loaded::Ready(Some(_))) && !ctx.read_only.get();
    // The connections and what follows them show when core lets them be listed.
    let active = move || {
        ctx.cloud()
            .zip(ctx.privatelink_state())
            .is_some_and(|(c, s)| {
                PrivatelinkAction::ListConnections
                    .check(c, Some(&s))
                    .is_ok()
            })
    };
    let hint = move || {
        match cloud() {
            Some(Cloud::Azure) => "Azure sends no notification when a customer creates a private endpoint: Refresh asks Aiven to look for new ones.",
            Some(Cloud::Aws) => "AWS tells Aiven of new VPC endpoints itself; Refresh asks again if one you created is not listed yet.",
            Some(Cloud::Google) => "Google Cloud sends no notification when a customer creates an endpoint: Refresh asks Aiven to look for new ones.",
            None => "Refresh asks Aiven to look for new connections.",
        }
    };
    view! {
        <section class="plp" data-testid="privatelink-panel" aria-labelledby=ctx.id("title")>
            <header class="plp-header">
                <h2 class="plp-title" id=ctx.id("title")>{title}</h2>
                <div class="plp-header__tools">
                    <span class="plp-muted" data-testid="last-checked">
                        {move || match (ctx.last_checked.get(), load_error.with(Option::is_some)) {
                            (Some(t), _) => format!("Last checked {t}"),
                            (None, true) => "Not loaded".into(),
                            (None, false) => "Loading…".into(),
                        }}
                    </span>
                    <button type="button" class="plp-btn" data-testid="refresh"
                        disabled=move || refresh.busy()
                        title=hint
                        on:click=move |_| refresh.run()>
                        {move || if refresh.busy() { "Refreshing…" } else { "Refresh" }}
                    </button>
                </div>
            </header>
            <p class="plp-muted plp-hint">
                {hint} " While something is changing, the panel checks on its own."
            </p>
            <div class="plp-sr-only" role="status" aria-live="polite" data-testid="live-status">
                {move || ctx.status.get()}
            </div>
            <ErrorLine action=refresh />
            <Show when=move || load_error.with(Option::is_some)>
                <p class="plp-error" role="alert" data-testid="load-error">
                    {move || load_error.get().map(|e| e.to_string()).unwrap_or_default()}
                    " "
                    <button type="button" class="plp-btn plp-btn--small"
                        on:click=move |_| spawn_local(async move { ctx.reload().await; })>"Retry"</button>
                </p>
            </Show>
            <Show when=move || matches!(ctx.privatelink.get(), Loaded::Loading) && load_error.with(Option::is_none)>
                <p class="plp-muted" data-testid="loading">"Loading…"</p>
            </Show>
            <Show when=move || ctx.read_only.get()>
                <ReadOnlyView ctx=ctx />
            </Show>
            <Show when=move || matches!(ctx.privatelink.get(), Loaded::Ready(None)) && !ctx.read_only.get()>
                {move || match ctx.cloud() {
                    Some(c @ Cloud::Azure) => view! { <Preflight ctx=ctx cloud=c /><CreateForm ctx=ctx /> }.into_any(),
                    Some(c @ Cloud::Aws) => view! { <Preflight ctx=ctx cloud=c /><AwsCreateForm ctx=ctx /> }.into_any(),
                    Some(c @ Cloud::Google) => view! { <Preflight ctx=ctx cloud=c /><GoogleCreateForm ctx=ctx /> }.into_any(),
                    None => view! { <NoPrivateCloud ctx=ctx /> }.into_any(),
                }}
            </Show>
            <Show when=has_pl>
                {move || cloud().map(|c| view! {
                    {match c {
                        Cloud::Azure => view! { <ResourceCard ctx=ctx /> }.into_any(),
                        Cloud::Aws => view! { <AwsCard ctx=ctx /> }.into_any(),
                        Cloud::Google => view! { <GoogleCard ctx=ctx /> }.into_any(),
                    }}
                    <TerraformExport ctx=ctx cloud=c />
                })}
                <Show when=active>
                    {move || cloud().map(|c| view! { <ConnectionsTable ctx=ctx cloud=c /> })}
                    <AccessSwitches ctx=ctx />
                    <ConnectionInfoList ctx=ctx />
                </Show>
                {move || cloud().map(|c| view! { <DeleteButton ctx=ctx cloud=c /> })}
            </Show>
        </section>
    }
}

/// A service in a cloud where Aiven has no private connectivity (DigitalOcean, UpCloud…):
/// says so, and where it would need to be.
#[component]
fn NoPrivateCloud(ctx: Ctx) -> impl IntoView {
    let text = move || {
        ctx.service.with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "{} runs in {}, where Aiven offers no private connectivity: AWS PrivateLink, Azure PrivateLink and Google Private Service Connect need the service in AWS, Azure or Google Cloud.",
                    s.service_name, s.cloud_name
                )
            })
        })
    };
    view! {
        <div class="plp-card" data-testid="preflight">
            <h3 class="plp-card__title">"Not available for this cloud"</h3>
            <p class="plp-note" data-testid="no-private-cloud">{text}</p>
        </div>
    }
}

/// Whether the service can have a privatelink of its cloud, each check with its reason.
#[component]
fn Preflight(ctx: Ctx, cloud: Cloud) -> impl IntoView {
    let checks = move || {
        ctx.service
            .with(|s| s.as_ref().map(|s| preflight(cloud, s)))
            .unwrap_or_default()
    };
    view! {
        <div class="plp-card" data-testid="preflight">
            <h3 class="plp-card__title">"Before you create"</h3>
            <ul class="plp-checks">
                <For each=checks key=|c| content_key(&[&c.check.label(), c.outcome.as_ref().err().map_or("", String::as_str)]) let:c>
                    {
                        let ok = c.outcome.is_ok();
                        view! {
                            <li class=if ok { "plp-check plp-check--ok" } else { "plp-check plp-check--fail" }>
                                <span aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span>
                                <span>{c.check.label()}</span>
                                <span class="plp-sr-only">{if ok { ": passed" } else { ": failed" }}</span>
                                {c.outcome.err().map(|why| view! { <span class="plp-check__why">" — " {why}</span> })}
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

//! The panel's root: header with refresh and "last checked", the live region, the load
//! error, and either the create flow (preflight + form) or the privatelink's parts.

use leptos::prelude::*;
use leptos::task::spawn_local;
use privatelink_core::preflight::preflight;
use privatelink_core::{Cloud, PrivatelinkState};

use super::access::AccessSwitches;
use super::connections::ConnectionsTable;
use super::create::CreateForm;
use super::delete::DeleteButton;
use super::info::ConnectionInfoList;
use super::resource::ResourceCard;
use super::ErrorLine;
use crate::state::{Ctx, Loaded, UserAction};

#[component]
pub fn Panel(ctx: Ctx) -> impl IntoView {
    provide_context(ctx);
    let client = ctx.client();
    let title = format!("Azure PrivateLink · {}", client.service);
    let refresh = UserAction::new(move || {
        Box::pin(async move {
            let active = ctx.privatelink.with_untracked(
                |p| matches!(p, Loaded::Ready(Some(p)) if p.state == PrivatelinkState::Active),
            );
            if active {
                ctx.client().refresh().await?;
            }
            ctx.kick();
            ctx.reload().await;
            ctx.announce(format!(
                "Checked for new connections: {} listed.",
                ctx.connections.with_untracked(Vec::len)
            ));
            Ok(())
        })
    });
    let load_error = ctx.load_error;
    let has_pl = move || matches!(ctx.privatelink.get(), Loaded::Ready(Some(_)));
    let pl_state = move || match ctx.privatelink.get() {
        Loaded::Ready(Some(p)) => Some(p.state),
        _ => None,
    };
    view! {
        <section class="plp" data-testid="privatelink-panel" aria-labelledby=ctx.id("title")>
            <header class="plp-header">
                <h2 class="plp-title" id=ctx.id("title")>{title}</h2>
                <div class="plp-header__tools">
                    <span class="plp-muted" data-testid="last-checked">
                        {move || ctx.last_checked.get().map(|t| format!("Last checked {t}")).unwrap_or_else(|| "Loading…".into())}
                    </span>
                    <button type="button" class="plp-btn" data-testid="refresh"
                        disabled=move || refresh.busy()
                        title="Azure sends no notification when a customer creates a private endpoint: Refresh asks Aiven to look for new ones."
                        on:click=move |_| refresh.run()>
                        {move || if refresh.busy() { "Refreshing…" } else { "Refresh" }}
                    </button>
                </div>
            </header>
            <p class="plp-muted plp-hint">
                "Refresh looks for private endpoints created since the last check: Azure sends no notification of new endpoints. "
                "While something is changing, the panel checks on its own."
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
                        on:click=move |_| spawn_local(ctx.reload())>"Retry"</button>
                </p>
            </Show>
            <Show when=move || matches!(ctx.privatelink.get(), Loaded::Loading) && load_error.with(Option::is_none)>
                <p class="plp-muted" data-testid="loading">"Loading…"</p>
            </Show>
            <Show when=move || matches!(ctx.privatelink.get(), Loaded::Ready(None))>
                <Preflight />
                <CreateForm />
            </Show>
            <Show when=has_pl>
                <ResourceCard />
                <Show when=move || pl_state() == Some(PrivatelinkState::Active)>
                    <ConnectionsTable />
                    <AccessSwitches />
                    <ConnectionInfoList />
                </Show>
                <DeleteButton />
            </Show>
        </section>
    }
}

/// Whether the service can have a privatelink, each check with its reason.
#[component]
fn Preflight() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let checks = move || ctx.service.get().map(|s| preflight(&s)).unwrap_or_default();
    // A service in AWS or Google Cloud: say which product it needs, and how to get it today.
    let other_cloud = move || {
        ctx.service.with(|s| {
            let s = s.as_ref()?;
            let cloud = Cloud::of_cloud_name(&s.cloud_name).filter(|c| *c != Cloud::Azure)?;
            Some(format!(
                "{} runs in {}: its private connectivity is {}, which this panel does not manage yet. Use avn service privatelink {} meanwhile.",
                s.service_name,
                s.cloud_name,
                cloud.product(),
                cloud.as_str()
            ))
        })
    };
    view! {
        <div class="plp-card" data-testid="preflight">
            <h3 class="plp-card__title">"Before you create"</h3>
            <ul class="plp-checks">
                <For each=checks key=|c| format!("{}{:?}", c.check.label(), c.outcome) let:c>
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
            {move || other_cloud().map(|text| view! { <p class="plp-note" data-testid="other-cloud">{text}</p> })}
        </div>
    }
}

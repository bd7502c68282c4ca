//! The `privatelink_access` switches of this service type (WAI-ARIA switches in a
//! fieldset), staged and saved together after showing what changes; while the service
//! rebuilds, the panel says so. With Kafka on, the security-group port note is shown.

use std::collections::BTreeMap;

use leptos::prelude::*;
use privatelink_core::access::{access_diff, AccessChange};
use privatelink_core::commands;
use privatelink_core::service_types::service_type;
use privatelink_core::Cloud;

use super::{AvnCommand, ErrorLine, Line, TextList};
use crate::state::{Ctx, UserAction};

#[component]
pub fn AccessSwitches(ctx: Ctx) -> impl IntoView {
    let kind = move || {
        ctx.service
            .with(|s| s.as_ref().and_then(|s| service_type(&s.service_type)))
    };
    let keys = move || kind().map_or(&[][..], |t| t.components);
    let ports = move || kind().and_then(|t| t.privatelink_ports);
    let current = move || {
        ctx.service.with(|s| {
            s.as_ref()
                .map(|s| s.privatelink_access())
                .unwrap_or_default()
        })
    };
    // Staged values; a key not staged shows its saved value.
    let staged = RwSignal::new(BTreeMap::<String, bool>::new());
    let value = move |k: &str| {
        staged
            .with(|s| s.get(k).copied())
            .unwrap_or_else(|| current().get(k).copied().unwrap_or(false))
    };
    let changes = move || staged.with(|s| access_diff(&current(), s));
    let rebuilding = move || {
        ctx.service
            .with(|s| s.as_ref().is_some_and(|s| s.state.is_transitional()))
    };
    let save = UserAction::new(move || {
        let diff: Vec<AccessChange> = untrack(changes);
        Box::pin(async move {
            if diff.is_empty() {
                return Ok(());
            }
            let s = ctx.client().set_access(&diff).await?;
            ctx.put_service(s);
            staged.set(BTreeMap::new());
            ctx.announce(
                "Access settings saved; the service is rebuilding its load-balancer rules.",
            );
            Ok(())
        })
    });
    let avn = move || commands::access_update(ctx.client().target(), &changes());
    view! {
        <form class="plp-card" data-testid="access" on:submit=move |ev| { ev.prevent_default(); save.run(); }>
            <fieldset class="plp-fieldset">
                <legend>"Access through the privatelink, per component"</legend>
                <For each=move || keys().iter().copied() key=|k| k.to_string() let:k>
                    {view! {
                        <div class="plp-switch-row">
                            <button type="button" role="switch" class="plp-switch" data-testid=format!("switch-{k}")
                                aria-checked=move || value(k).to_string() id=ctx.id(&format!("sw-{k}"))
                                on:click=move |_| {
                                    // Read before writing: the staged map is read by value().
                                    let next = !value(k);
                                    staged.update(|s| { s.insert(k.to_owned(), next); });
                                }>
                                <span class="plp-switch__knob" aria-hidden="true"></span>
                                <span class="plp-switch__text">{move || if value(k) { "On" } else { "Off" }}</span>
                            </button>
                            <label for=ctx.id(&format!("sw-{k}")) class="plp-switch__label">{k}</label>
                        </div>
                    }}
                </For>
            </fieldset>
            <Show when=move || value("kafka") && ports().is_some()>
                <p class="plp-note" data-testid="kafka-note">
                    {move || ports().map(|(from, to)| {
                        let filter = ctx.cloud().map_or("your network's filter", Cloud::endpoint_filter);
                        format!("Kafka through a private link uses broker ports {from}–{to}: allow ingress on them in {filter}.")
                    }).unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || !changes().is_empty()>
                <ul class="plp-diff" data-testid="access-diff">
                    <TextList lines=Signal::derive(move || changes().into_iter().map(|c| Line {
                        class: "",
                        lead: "",
                        code: c.key,
                        tail: if c.enabled { ": off → on" } else { ": on → off" }.into(),
                    }).collect::<Vec<_>>()) />
                </ul>
            </Show>
            <Show when=rebuilding>
                <p class="plp-note" data-testid="rebuilding">"The service is rebuilding to apply the access settings…"</p>
            </Show>
            <div class="plp-row">
                <button type="submit" class="plp-btn plp-btn--primary" data-testid="save-access"
                    disabled=move || save.busy() || changes().is_empty()>
                    {move || if save.busy() { "Saving…" } else { "Save access settings" }}
                </button>
            </div>
            <ErrorLine action=save />
            <AvnCommand ctx=ctx command=Signal::derive(avn) />
        </form>
    }
}

//! The privatelink's card: state badge, alias and resource ID with copy buttons, and the
//! subscription allowlist with its editor. A save replaces the whole list, so the editor
//! shows what is added and removed and which existing connections would be cut off.

use leptos::prelude::*;
use privatelink_core::allowlist::{allowlist_diff, connections_cut_off};
use privatelink_core::commands;
use privatelink_core::subscription::parse_pasted_list;
use privatelink_core::wire::AzurePrivatelink;
use privatelink_core::{SubscriptionId, Tone};

use super::{AvnCommand, Badge, CopyButton, ErrorLine, Line, TextList};
use crate::state::{Ctx, Loaded, Privatelink, UserAction};

fn current(ctx: &Ctx) -> Option<AzurePrivatelink> {
    match ctx.privatelink.get() {
        Loaded::Ready(Some(Privatelink::Azure(p))) => Some(p),
        _ => None,
    }
}

#[component]
pub fn ResourceCard() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = move || ctx.privatelink_state();
    let label = Signal::derive(move || state().map(|s| s.to_string()).unwrap_or_default());
    let tone = Signal::derive(move || state().map_or(Tone::Bad, |s| s.tone()));
    let alias = Signal::derive(move || {
        current(&ctx)
            .and_then(|p| p.azure_service_alias)
            .unwrap_or_default()
    });
    let id = Signal::derive(move || {
        current(&ctx)
            .and_then(|p| p.azure_service_id)
            .unwrap_or_default()
    });
    let subs = move || {
        current(&ctx)
            .map(|p| p.user_subscription_ids.0)
            .unwrap_or_default()
    };
    view! {
        <div class="plp-card" data-testid="resource-card">
            <h3 class="plp-card__title">"Private Link service " <Badge label=label tone=tone /></h3>
            <dl class="plp-fields">
                <dt>"Alias"</dt>
                <dd>
                    <Show when=move || !alias.get().is_empty()
                        fallback=|| view! { <span class="plp-muted">"Assigned when the service is active"</span> }>
                        <code data-testid="alias">{move || alias.get()}</code>
                        <CopyButton text=alias label="alias" />
                    </Show>
                </dd>
                <dt>"Resource ID"</dt>
                <dd>
                    <Show when=move || !id.get().is_empty()
                        fallback=|| view! { <span class="plp-muted">"Assigned when the service is active"</span> }>
                        <code data-testid="service-id">{move || id.get()}</code>
                        <CopyButton text=id label="resource ID" />
                    </Show>
                </dd>
                <dt>"Allowed subscriptions"</dt>
                <dd data-testid="allowlist">
                    {move || {
                        let s = subs();
                        if s.is_empty() {
                            "None: no endpoint can connect".to_string()
                        } else {
                            s.iter().map(SubscriptionId::as_str).collect::<Vec<_>>().join(", ")
                        }
                    }}
                </dd>
            </dl>
            <AllowlistEditor />
        </div>
    }
}

#[component]
fn AllowlistEditor() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let old = move || {
        current(&ctx)
            .map(|p| p.user_subscription_ids.0)
            .unwrap_or_default()
    };
    let parsed = move || text.with(|t| parse_pasted_list(t));
    let diff = move || parsed().ok().map(|new| allowlist_diff(&old(), &new));
    let cut_off = move || match parsed() {
        Ok(new) => ctx.connections.with(|conns| {
            connections_cut_off(conns, &old(), &new)
                .into_iter()
                .map(|c| c.privatelink_connection_id.to_string())
                .collect::<Vec<_>>()
        }),
        Err(_) => vec![],
    };
    // What the save adds, removes and cuts off, as lines of one keyed list.
    let lines = move || {
        let mut out = Vec::new();
        if let Some(d) = diff() {
            for s in d.added {
                out.push(Line {
                    class: "plp-diff--added",
                    lead: "+ added ",
                    code: s,
                    tail: String::new(),
                });
            }
            for s in d.removed {
                out.push(Line {
                    class: "plp-diff--removed",
                    lead: "− removed ",
                    code: s,
                    tail: String::new(),
                });
            }
        }
        for id in cut_off() {
            out.push(Line {
                class: "plp-warning",
                lead: "Connection ",
                code: id,
                tail: " belongs to a removed subscription and will stop working.".into(),
            });
        }
        out
    };
    let save = UserAction::new(move || {
        let list = untrack(parsed);
        Box::pin(async move {
            // The button is disabled while the list is invalid; a stale click sends nothing.
            let Ok(list) = list else { return Ok(()) };
            let pl = ctx.client().update_allowlist(&list).await?;
            ctx.put_privatelink(Some(Privatelink::Azure(pl)));
            ctx.announce("Allowed subscriptions saved.");
            editing.set(false);
            Ok(())
        })
    });
    let avn = move || {
        let c = ctx.client();
        commands::azure_allowlist("update", c.target(), &parsed().unwrap_or_default())
    };
    view! {
        <Show when=move || editing.get()
            fallback=move || view! {
                <button type="button" class="plp-btn" data-testid="edit-allowlist"
                    on:click=move |_| {
                        text.set(old().iter().map(SubscriptionId::as_str).collect::<Vec<_>>().join("\n"));
                        editing.set(true);
                    }>
                    "Edit allowed subscriptions"
                </button>
            }>
            <div class="plp-editor" data-testid="allowlist-editor">
                <label class="plp-label" for=ctx.id("allow")>"Allowed subscription IDs (one per line)"</label>
                <textarea id=ctx.id("allow") class="plp-input plp-textarea" rows="3" data-testid="allowlist-input"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="plp-warning">"Saving replaces the whole list: subscriptions not listed here can no longer connect."</p>
                <Show when=move || parsed().is_err()
                    fallback=move || view! {
                        <ul class="plp-diff" data-testid="allowlist-diff">
                            <TextList lines=Signal::derive(lines) />
                        </ul>
                    }>
                    <p class="plp-error" role="alert">{move || parsed().err().map(|e| e.to_string())}</p>
                </Show>
                <div class="plp-row">
                    <button type="button" class="plp-btn plp-btn--primary" data-testid="save-allowlist"
                        disabled=move || save.busy() || parsed().is_err()
                        on:click=move |_| save.run()>
                        {move || if save.busy() { "Saving…" } else { "Save allowed subscriptions" }}
                    </button>
                    <button type="button" class="plp-btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
                <ErrorLine action=save />
                <AvnCommand command=Signal::derive(avn) />
            </div>
        </Show>
    }
}

//! The privatelink's card: state badge, alias and resource ID with copy buttons, and the
//! subscription allowlist with its editor. A save replaces the whole list, so the editor
//! shows what is added and removed and which existing connections would be cut off.

use leptos::prelude::*;
use privatelink_core::allowlist::{allowlist_diff, connections_cut_off};
use privatelink_core::subscription::parse_pasted_list;
use privatelink_core::wire::AzurePrivatelink;

use super::{AvnCommand, Badge, CopyButton, ErrorLine};
use crate::state::{run_action, Ctx, Loaded};

fn current(ctx: &Ctx) -> Option<AzurePrivatelink> {
    match ctx.privatelink.get() {
        Loaded::Ready(p) => p,
        Loaded::Loading => None,
    }
}

#[component]
pub fn ResourceCard() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = Signal::derive(move || {
        current(&ctx)
            .map(|p| p.state.to_string())
            .unwrap_or_default()
    });
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
            .map(|p| p.user_subscription_ids)
            .unwrap_or_default()
    };
    view! {
        <div class="plp-card" data-testid="resource-card">
            <h3 class="plp-card__title">"Private Link service " <Badge state=state /></h3>
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
                        if s.is_empty() { "None: no endpoint can connect".to_string() } else { s.join(", ") }
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
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let old = move || {
        current(&ctx)
            .map(|p| p.user_subscription_ids)
            .unwrap_or_default()
    };
    let parsed = Memo::new(move |_| parse_pasted_list(&text.get()));
    let diff = move || match parsed.get() {
        Ok(new) => Some(allowlist_diff(
            &old(),
            &new.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        )),
        Err(_) => None,
    };
    let cut_off = move || match parsed.get() {
        Ok(new) => {
            let new: Vec<String> = new.into_iter().map(|s| s.into_string()).collect();
            let conns = ctx.connections.get();
            connections_cut_off(&conns, &old(), &new)
                .into_iter()
                .map(|c| c.privatelink_connection_id.clone())
                .collect::<Vec<_>>()
        }
        Err(_) => vec![],
    };
    let save = Callback::new(move |_| {
        let Ok(list) = parsed.get_untracked() else {
            return;
        };
        run_action(busy, error, move || async move {
            let subs = list.into_iter().map(|s| s.into_string()).collect();
            let pl = ctx.client().update_allowlist(subs).await?;
            ctx.put_privatelink(Some(pl));
            ctx.announce("Allowed subscriptions saved.");
            editing.set(false);
            Ok(())
        });
    });
    let avn = move || {
        let c = ctx.client();
        let subs: String = parsed
            .get()
            .unwrap_or_default()
            .iter()
            .map(|s| format!(" --user-subscription-id {s}"))
            .collect();
        format!(
            "avn service privatelink azure update --project {}{subs} {}",
            c.project, c.service
        )
    };
    view! {
        <Show when=move || editing.get()
            fallback=move || view! {
                <button type="button" class="plp-btn" data-testid="edit-allowlist"
                    on:click=move |_| { text.set(old().join("\n")); editing.set(true); }>
                    "Edit allowed subscriptions"
                </button>
            }>
            <div class="plp-editor" data-testid="allowlist-editor">
                <label class="plp-label" for=ctx.id("allow")>"Allowed subscription IDs (one per line)"</label>
                <textarea id=ctx.id("allow") class="plp-input plp-textarea" rows="3" data-testid="allowlist-input"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="plp-warning">"Saving replaces the whole list: subscriptions not listed here can no longer connect."</p>
                {move || match parsed.get() {
                    Err(e) => view! { <p class="plp-error" role="alert">{e.to_string()}</p> }.into_any(),
                    Ok(_) => view! {
                        <ul class="plp-diff" data-testid="allowlist-diff">
                            {diff().map(|d| view! {
                                {d.added.into_iter().map(|s| view! { <li class="plp-diff--added">"+ added " <code>{s}</code></li> }).collect_view()}
                                {d.removed.into_iter().map(|s| view! { <li class="plp-diff--removed">"− removed " <code>{s}</code></li> }).collect_view()}
                            })}
                            {cut_off().into_iter().map(|id| view! {
                                <li class="plp-warning">"Connection " <code>{id}</code> " belongs to a removed subscription and will stop working."</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
                <div class="plp-row">
                    <button type="button" class="plp-btn plp-btn--primary" data-testid="save-allowlist"
                        disabled=move || busy.get() || parsed.with(Result::is_err)
                        on:click=move |_| save.run(())>
                        {move || if busy.get() { "Saving…" } else { "Save allowed subscriptions" }}
                    </button>
                    <button type="button" class="plp-btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
                <ErrorLine error=error retry=save />
                <AvnCommand command=Signal::derive(avn) />
            </div>
        </Show>
    }
}

//! The privatelink's card: state badge, alias and resource ID with copy buttons, and the
//! subscription allowlist with its editor. A save replaces the whole list, so the editor
//! shows what is added and removed and which existing connections would be cut off.

use leptos::prelude::*;
use privatelink_core::allowlist::{connections_cut_off, AZURE_EMPTY_CUTS_OFF_ALL};
use privatelink_core::commands;
use privatelink_core::subscription::parse_pasted_list;
use privatelink_core::wire::AzurePrivatelink;
use privatelink_core::SubscriptionId;

use super::{AssignedValue, Line, ListEditor, ListRules, PrivatelinkBadge};
use crate::state::{Ctx, Loaded, Privatelink};

fn current(ctx: &Ctx) -> Option<AzurePrivatelink> {
    match ctx.privatelink.get() {
        Loaded::Ready(Some(Privatelink::Azure(p))) => Some(p),
        _ => None,
    }
}

#[component]
pub fn ResourceCard(ctx: Ctx) -> impl IntoView {
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
            <h3 class="plp-card__title">"Private Link service " <PrivatelinkBadge ctx=ctx /></h3>
            <dl class="plp-fields">
                <dt>"Alias"</dt>
                <dd><AssignedValue ctx=ctx value=alias label="alias" testid="alias" /></dd>
                <dt>"Resource ID"</dt>
                <dd><AssignedValue ctx=ctx value=id label="resource ID" testid="service-id" /></dd>
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
            <AllowlistEditor ctx=ctx />
        </div>
    }
}

fn strings(list: &[SubscriptionId]) -> Vec<String> {
    list.iter().map(|s| s.as_str().to_owned()).collect()
}

/// The subscription allowlist's editor; it also says which existing connections a save
/// would cut off.
#[component]
fn AllowlistEditor(ctx: Ctx) -> impl IntoView {
    let old = Signal::derive(move || {
        current(&ctx)
            .map(|p| strings(&p.user_subscription_ids.0))
            .unwrap_or_default()
    });
    let rules = ListRules {
        check: Box::new(|t| {
            parse_pasted_list(t)
                .map(|l| strings(&l))
                .map_err(|e| e.to_string())
        }),
        extra: Box::new(move |new| {
            let old = old.get();
            let mut lines: Vec<Line> = ctx.with_azure(|conns| {
                connections_cut_off(conns, &old, new)
                    .into_iter()
                    .map(|c| Line {
                        class: "plp-warning",
                        lead: "Connection ",
                        code: c.privatelink_connection_id.to_string(),
                        tail: " belongs to a removed subscription and will stop working.".into(),
                    })
                    .collect()
            });
            if new.is_empty() && !old.is_empty() {
                lines.push(Line {
                    class: "plp-warning",
                    lead: "",
                    code: String::new(),
                    tail: AZURE_EMPTY_CUTS_OFF_ALL.into(),
                });
            }
            lines
        }),
        save: Box::new(move |text| {
            Box::pin(async move {
                // Save is disabled while the list is invalid; a stale click sends nothing.
                let Ok(list) = parse_pasted_list(&text) else {
                    return Ok(());
                };
                let pl = ctx.client().azure_update(&list).await?;
                ctx.put_privatelink(Some(Privatelink::Azure(pl)));
                Ok(())
            })
        }),
        avn: Box::new(move |new| commands::azure_allowlist("update", ctx.client().target(), new)),
    };
    view! {
        <ListEditor ctx=ctx name="allowlist" what="subscriptions"
            field_label="Allowed subscription IDs (one per line)"
            warning="Saving replaces the whole list: subscriptions not listed here can no longer connect."
            old=old rules=rules />
    }
}

//! Creating the privatelink: subscription IDs pasted or typed (comma, space or newline
//! separated), each checked as you type by the core rules; Create stays disabled with a
//! stated reason until the preflight passes and the list is valid.

use leptos::prelude::*;
use privatelink_core::allowlist::AZURE_CREATE_NEEDS_ONE;
use privatelink_core::preflight::preflight_error;
use privatelink_core::subscription::{parse_pasted_list, split_pasted, MAX_SUBSCRIPTIONS};
use privatelink_core::{commands, Cloud};

use super::{pasted_lines, CreateCard, PastedListInput};
use crate::state::{Ctx, Privatelink, UserAction};

#[component]
pub fn CreateForm(ctx: Ctx) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let entries = move || text.with(|t| split_pasted(t));
    let blocked = move || -> Option<String> {
        if let Some(e) = ctx.preflight_refusal(|s| preflight_error(Cloud::Azure, s)) {
            return Some(e);
        }
        match parse_pasted_list(&text.get()) {
            Err(e) => Some(e.to_string()),
            Ok(list) if list.is_empty() => Some(AZURE_CREATE_NEEDS_ONE.into()),
            Ok(_) => None,
        }
    };
    let create = UserAction::new(move || {
        // What the person typed is tidied by core (spaces, braces, case) before it is sent.
        let list = text.with_untracked(|t| parse_pasted_list(t));
        let ready = untrack(blocked).is_none();
        Box::pin(async move {
            let Ok(list) = list else { return Ok(()) };
            if !ready {
                return Ok(());
            }
            let pl = ctx.client().azure_create(&list).await?;
            ctx.announce("Creating the Azure PrivateLink…");
            ctx.put_privatelink(Some(Privatelink::Azure(pl)));
            Ok(())
        })
    });
    let avn = move || {
        let c = ctx.client();
        let subs: Vec<_> = entries()
            .into_iter()
            .filter_map(|e| e.result.ok())
            .collect();
        commands::azure_allowlist("create", c.target(), &subs)
    };
    view! {
        <CreateCard ctx=ctx title="Create an Azure PrivateLink" blocked=Signal::derive(blocked) action=create avn=Signal::derive(avn)>
            <PastedListInput ctx=ctx name="subscription" text=text
                label=format!("Azure subscription IDs allowed to connect (up to {MAX_SUBSCRIPTIONS}; paste several separated by commas, spaces or new lines)")
                lines=Signal::derive(move || pasted_lines(entries())) />
        </CreateCard>
    }
}

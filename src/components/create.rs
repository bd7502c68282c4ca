//! Creating the privatelink: subscription IDs pasted or typed (comma, space or newline
//! separated), each checked as you type by the core rules; Create stays disabled with a
//! stated reason until the preflight passes and the list is valid.

use leptos::prelude::*;
use privatelink_core::commands;
use privatelink_core::preflight::preflight_error;
use privatelink_core::subscription::{parse_pasted_list, split_pasted, MAX_SUBSCRIPTIONS};

use super::{AvnCommand, ErrorLine, Line, TextList};
use crate::state::{Ctx, Privatelink, UserAction};

#[component]
pub fn CreateForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let entries = move || text.with(|t| split_pasted(t));
    let blocked = move || -> Option<String> {
        let service = ctx.service.get()?;
        if let Err(e) = preflight_error(&service) {
            return Some(e);
        }
        match parse_pasted_list(&text.get()) {
            Err(e) => Some(e.to_string()),
            Ok(list) if list.is_empty() => {
                Some("Enter at least one Azure subscription ID that may connect.".into())
            }
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
            let pl = ctx.client().create(&list).await?;
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
        <form class="plp-card" data-testid="create-form"
            on:submit=move |ev| { ev.prevent_default(); create.run(); }>
            <h3 class="plp-card__title">"Create an Azure PrivateLink"</h3>
            <label class="plp-label" for=ctx.id("subs")>
                {format!("Azure subscription IDs allowed to connect (up to {MAX_SUBSCRIPTIONS}; paste several separated by commas, spaces or new lines)")}
            </label>
            <textarea id=ctx.id("subs") class="plp-input plp-textarea" rows="3" data-testid="subscription-input"
                aria-describedby=ctx.id("subs-check")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <ul class="plp-entries" id=ctx.id("subs-check") data-testid="subscription-entries">
                // Keyed by content: typing changes only the entry being typed.
                <TextList lines=Signal::derive(move || entries().into_iter().map(|e| {
                    let (class, note) = match (&e.result, e.duplicate) {
                        (Ok(_), true) => ("plp-entry plp-entry--bad", "listed twice".to_string()),
                        (Ok(id), false) => ("plp-entry plp-entry--ok", format!("ok: {id}")),
                        (Err(err), _) => ("plp-entry plp-entry--bad", err.to_string()),
                    };
                    Line { class, lead: "", code: e.raw, tail: [" — ", note.as_str()].concat() }
                }).collect::<Vec<_>>()) />
            </ul>
            <Show when=move || blocked().is_some()>
                <p class="plp-muted" data-testid="create-blocked">{move || blocked().unwrap_or_default()}</p>
            </Show>
            <div class="plp-row">
                <button type="submit" class="plp-btn plp-btn--primary" data-testid="create"
                    disabled=move || create.busy() || blocked().is_some()>
                    {move || if create.busy() { "Creating…" } else { "Create" }}
                </button>
            </div>
            <ErrorLine action=create />
            <AvnCommand command=Signal::derive(avn) />
        </form>
    }
}

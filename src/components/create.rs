//! Creating the privatelink: subscription IDs pasted or typed (comma, space or newline
//! separated), each checked as you type by the core rules; Create stays disabled with a
//! stated reason until the preflight passes and the list is valid.

use leptos::prelude::*;
use privatelink_core::preflight::preflight_error;
use privatelink_core::subscription::{parse_pasted_list, split_pasted, MAX_SUBSCRIPTIONS};

use super::{AvnCommand, ErrorLine};
use crate::state::{run_action, Ctx};

#[component]
pub fn CreateForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let entries = Memo::new(move |_| split_pasted(&text.get()));
    let blocked = Memo::new(move |_| -> Option<String> {
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
    });
    let create = Callback::new(move |_| {
        let Ok(list) = parse_pasted_list(&text.get_untracked()) else {
            return;
        };
        if blocked.get_untracked().is_some() {
            return;
        }
        run_action(busy, error, move || async move {
            let subs: Vec<String> = list.into_iter().map(|s| s.into_string()).collect();
            let pl = ctx.client().create(subs).await?;
            ctx.announce("Creating the Azure PrivateLink…");
            ctx.put_privatelink(Some(pl));
            Ok(())
        });
    });
    let avn = move || {
        let c = ctx.client();
        let subs: String = entries
            .get()
            .iter()
            .filter_map(|e| e.result.as_ref().ok())
            .map(|s| format!(" --user-subscription-id {s}"))
            .collect();
        format!(
            "avn service privatelink azure create --project {}{subs} {}",
            c.project, c.service
        )
    };
    view! {
        <form class="plp-card" data-testid="create-form"
            on:submit=move |ev| { ev.prevent_default(); create.run(()); }>
            <h3 class="plp-card__title">"Create an Azure PrivateLink"</h3>
            <label class="plp-label" for=ctx.id("subs")>
                {format!("Azure subscription IDs allowed to connect (up to {MAX_SUBSCRIPTIONS}; paste several separated by commas, spaces or new lines)")}
            </label>
            <textarea id=ctx.id("subs") class="plp-input plp-textarea" rows="3" data-testid="subscription-input"
                aria-describedby=ctx.id("subs-check")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <ul class="plp-entries" id=ctx.id("subs-check") data-testid="subscription-entries">
                {move || entries.get().into_iter().map(|e| {
                    let (cls, note) = match (&e.result, e.duplicate) {
                        (Ok(_), true) => ("plp-entry plp-entry--bad", "listed twice".to_string()),
                        (Ok(id), false) => ("plp-entry plp-entry--ok", format!("ok: {id}")),
                        (Err(err), _) => ("plp-entry plp-entry--bad", err.to_string()),
                    };
                    view! { <li class=cls><code>{e.raw.clone()}</code>" — "{note}</li> }
                }).collect_view()}
            </ul>
            <Show when=move || blocked.with(Option::is_some)>
                <p class="plp-muted" data-testid="create-blocked">{move || blocked.get().unwrap_or_default()}</p>
            </Show>
            <div class="plp-row">
                <button type="submit" class="plp-btn plp-btn--primary" data-testid="create"
                    disabled=move || busy.get() || blocked.with(Option::is_some)>
                    {move || if busy.get() { "Creating…" } else { "Create" }}
                </button>
            </div>
            <ErrorLine error=error retry=create />
            <AvnCommand command=Signal::derive(avn) />
        </form>
    }
}

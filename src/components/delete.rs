//! Deleting the privatelink: a confirmation that says what stops working and asks for the
//! service name to be typed. The badge then shows `deleting` until the panel returns to the
//! create state.

use leptos::prelude::*;
use privatelink_core::PrivatelinkAction;

use super::dialog::Dialog;
use super::ErrorLine;
use crate::state::{Ctx, Loaded, UserAction};

#[component]
pub fn DeleteButton() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let service = ctx.client().service;
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let allowed = move || {
        ctx.privatelink.with(|p| match p {
            Loaded::Ready(Some(p)) => PrivatelinkAction::Delete.check(Some(&p.state)).is_ok(),
            _ => false,
        })
    };
    let matches_name = {
        let service = service.clone();
        move || typed.get().trim() == service
    };
    let delete = UserAction::new(move || {
        Box::pin(async move {
            let pl = ctx.client().delete().await?;
            ctx.put_privatelink(Some(pl));
            ctx.announce("Deleting the Azure PrivateLink…");
            Ok(())
        })
    });
    let confirm = Callback::new(move |_| {
        open.set(false);
        delete.run();
    });
    view! {
        <div class="plp-card plp-card--danger">
            <button type="button" class="plp-btn plp-btn--danger" data-testid="delete"
                disabled=move || delete.busy() || !allowed()
                on:click=move |_| { typed.set(String::new()); open.set(true); }>
                "Delete Azure PrivateLink"
            </button>
            <ErrorLine action=delete />
            <Dialog open=open title="Delete the Azure PrivateLink?" danger=true
                confirm_label=Signal::derive(|| "Delete".to_string())
                confirm_enabled=Signal::derive(matches_name)
                on_confirm=confirm>
                <p>"Every private endpoint connection stops working, and clients that reach the service through the privatelink lose access. This cannot be undone."</p>
                <label class="plp-label" for=ctx.id("del-name")>{format!("Type the service name ({service}) to confirm")}</label>
                <input id=ctx.id("del-name") class="plp-input" type="text" data-testid="delete-confirm-input"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
            </Dialog>
        </div>
    }
}

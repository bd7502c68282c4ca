//! Deleting the privatelink of any cloud: a confirmation that says what stops working and asks for the
//! service name to be typed. The badge then shows `deleting` until the panel returns to the
//! create state.

use leptos::prelude::*;
use privatelink_core::{Cloud, PrivatelinkAction};

use super::dialog::Dialog;
use super::ErrorLine;
use crate::state::{Ctx, Privatelink, UserAction};

#[component]
pub fn DeleteButton(ctx: Ctx, cloud: Cloud) -> impl IntoView {
    let service = ctx.client().service;
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let allowed = move || {
        ctx.privatelink_state()
            .is_some_and(|s| PrivatelinkAction::Delete.check(cloud, Some(&s)).is_ok())
    };
    // The dialog's title is a fixed text per cloud.
    let title = match cloud {
        Cloud::Azure => "Delete the Azure PrivateLink?",
        Cloud::Aws => "Delete the AWS PrivateLink?",
        Cloud::Google => "Delete the Google Private Service Connect?",
    };
    let matches_name = {
        let service = service.clone();
        move || typed.get().trim() == service
    };
    let delete = UserAction::new(move || {
        Box::pin(async move {
            // No poll, and no next step of a load in flight, while the DELETE is: they would
            // list the connections of a privatelink being deleted, a 409 in the host's console.
            let _hold = ctx.begin_change();
            let c = ctx.client();
            let pl = match cloud {
                Cloud::Azure => Privatelink::Azure(c.azure_delete().await?),
                Cloud::Aws => Privatelink::Aws(c.aws_delete().await?),
                Cloud::Google => Privatelink::Google(c.google_delete().await?),
            };
            ctx.announce(format!("Deleting the {}…", pl.cloud().product()));
            ctx.put_privatelink(Some(pl));
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
                "Delete " {cloud.product()}
            </button>
            <ErrorLine action=delete />
            <Dialog open=open title=title danger=true
                confirm_label=Signal::derive(|| "Delete".to_string())
                confirm_enabled=Signal::derive(matches_name)
                on_confirm=confirm>
                <p>"Every connection stops working, and clients that reach the service through the privatelink lose access. This cannot be undone."</p>
                <label class="plp-label" for=ctx.id("del-name")>{format!("Type the service name ({service}) to confirm")}</label>
                <input id=ctx.id("del-name") class="plp-input" type="text" data-testid="delete-confirm-input"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
            </Dialog>
        </div>
    }
}

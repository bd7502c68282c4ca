//! The calm view for a project member whose role may not see or change private links
//! (Aiven's `read_only` and `developer`: every privatelink call needs
//! `service:configuration:write`). It shows what the service itself tells (its cloud, and
//! whether each component is switched onto the private route), says in one sentence what
//! is missing and whom to ask, and offers no write control. The panel does not poll then.

use leptos::prelude::*;
use privatelink_core::service_types::service_type;
use privatelink_core::Cloud;

use crate::state::Ctx;

/// What a member without the permission is told, here and beside a refused action.
pub const READ_ONLY_SENTENCE: &str =
    "Your role in this project can't view or change private links. Ask a project admin or operator.";

#[component]
pub fn ReadOnlyView(ctx: Ctx) -> impl IntoView {
    let cloud_name = move || {
        ctx.service
            .with(|s| s.as_ref().map(|s| s.cloud_name.clone()))
            .unwrap_or_default()
    };
    let product = move || ctx.cloud().map_or("none in this cloud", Cloud::product);
    let keys = move || {
        ctx.service.with(|s| {
            s.as_ref()
                .and_then(|s| service_type(&s.service_type))
                .map_or(&[][..], |t| t.components)
        })
    };
    let on = move |k: &str| {
        ctx.service.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.privatelink_access().get(k).copied().unwrap_or(false))
        })
    };
    view! {
        <div class="plp-card" data-testid="read-only">
            <h3 class="plp-card__title">"View only"</h3>
            <p class="plp-note" data-testid="read-only-why">{READ_ONLY_SENTENCE}</p>
            <dl class="plp-fields">
                <dt>"Cloud"</dt><dd data-testid="read-only-cloud">{cloud_name}</dd>
                <dt>"Private link product"</dt><dd>{product}</dd>
            </dl>
            <fieldset class="plp-fieldset" disabled>
                <legend>"Access through the private link, per component (as the service reports it)"</legend>
                <For each=move || keys().iter().copied() key=|k| k.to_string() let:k>
                    <div class="plp-switch-row">
                        <button type="button" role="switch" class="plp-switch" disabled
                            data-testid=format!("switch-{k}") aria-checked=move || on(k).to_string()
                            id=ctx.id(&format!("ro-{k}"))>
                            <span class="plp-switch__knob" aria-hidden="true"></span>
                            <span class="plp-switch__text">{move || if on(k) { "On" } else { "Off" }}</span>
                        </button>
                        <label for=ctx.id(&format!("ro-{k}")) class="plp-switch__label">{k}</label>
                    </div>
                </For>
            </fieldset>
        </div>
    }
}

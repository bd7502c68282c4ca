//! The visible parts of the panel, one file each, plus small shared pieces (state badge,
//! copy button, error line with retry).

pub mod access;
pub mod connections;
pub mod create;
pub mod delete;
pub mod dialog;
pub mod info;
pub mod panel;
pub mod resource;

use leptos::prelude::*;

/// A state badge: green only for `active`, amber for transitional states, grey otherwise.
/// The state is always written out, so colour is never the only signal.
#[component]
pub fn Badge(#[prop(into)] state: Signal<String>) -> impl IntoView {
    let class = move || {
        let s = state.get();
        let kind = match s.as_str() {
            "active" | "RUNNING" => "ok",
            "creating" | "deleting" | "user-approved" | "connected" | "REBUILDING" => "busy",
            "pending-user-approval" => "wait",
            _ => "neutral",
        };
        format!("plp-badge plp-badge--{kind}")
    };
    view! { <span class=class data-testid="state-badge">{move || state.get()}</span> }
}

/// Writes text to the clipboard and says so in the live region.
pub fn copy_text(text: String, what: &'static str) {
    let ctx = expect_context::<crate::state::Ctx>();
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&text);
        ctx.announce(format!("Copied {what}."));
    }
}

/// A button copying `text`; its accessible name says what it copies.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="plp-btn plp-btn--small" aria-label=format!("Copy {label}")
            on:click=move |_| copy_text(text.get_untracked(), label)>
            "Copy"
        </button>
    }
}

/// The error of a failed action, beside it, with a retry.
#[component]
pub fn ErrorLine(error: RwSignal<Option<String>>, retry: Callback<()>) -> impl IntoView {
    view! {
        <Show when=move || error.with(Option::is_some)>
            <p class="plp-error" role="alert" data-testid="action-error">
                <span>{move || error.get().unwrap_or_default()}</span>
                " "
                <button type="button" class="plp-btn plp-btn--small" on:click=move |_| retry.run(())>
                    "Retry"
                </button>
            </p>
        </Show>
    }
}

/// The `avn` command equivalent to an action, with a copy button.
#[component]
pub fn AvnCommand(#[prop(into)] command: Signal<String>) -> impl IntoView {
    view! {
        <details class="plp-avn">
            <summary>"Copy as avn command"</summary>
            <code data-testid="avn-command">{move || command.get()}</code>
            <CopyButton text=command label="avn command" />
        </details>
    }
}

//! The visible parts of the panel, one file each (AWS's and Google's in one file per
//! cloud), plus small shared pieces (state badge,
//! copy button, error line with retry).

pub mod access;
pub mod aws;
pub mod connections;
pub mod create;
pub mod delete;
pub mod dialog;
pub mod google;
pub mod info;
pub mod panel;
pub mod resource;

use leptos::prelude::*;
use privatelink_core::Tone;

use crate::state::UserAction;

/// A state badge; its colour comes from core's tone for the state. The state is always
/// written out, so colour is never the only signal.
#[component]
pub fn Badge(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] tone: Signal<Tone>,
) -> impl IntoView {
    view! {
        <span class=move || ["plp-badge plp-badge--", tone.get().as_str()].concat() data-testid="state-badge">
            {move || label.get()}
        </span>
    }
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
        <button type="button" class="plp-btn plp-btn--small" aria-label=["Copy ", label].concat()
            on:click=move |_| copy_text(text.get_untracked(), label)>
            "Copy"
        </button>
    }
}

/// The error of a failed action, beside it, with a retry.
#[component]
pub fn ErrorLine(action: UserAction) -> impl IntoView {
    view! {
        <Show when=move || action.error().is_some()>
            <p class="plp-error" role="alert" data-testid="action-error">
                <span>{move || action.error().unwrap_or_default()}</span>
                " "
                <button type="button" class="plp-btn plp-btn--small" on:click=move |_| action.run()>
                    "Retry"
                </button>
            </p>
        </Show>
    }
}

/// The `avn` command equivalent to an action, behind a disclosure button, with a copy
/// button. The command is built only while open, so a table of many rows carries no command
/// text. A button with `aria-expanded`, not `<details>`: each `<details>` brings a shadow
/// tree, which cost ~0.5 s of first render in a 1,000-row table (measured).
#[component]
pub fn AvnCommand(#[prop(into)] command: Signal<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class="plp-avn">
            <button type="button" class="plp-disclosure" data-testid="avn-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)>
                "avn command"
            </button>
            <Show when=move || open.get()>
                <div>
                    <code data-testid="avn-command">{move || command.get()}</code>
                    <CopyButton text=command label="avn command" />
                </div>
            </Show>
        </div>
    }
}

/// One line of a [`TextList`]: `lead`, then `code` in monospace, then `tail`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Line {
    pub class: &'static str,
    pub lead: &'static str,
    pub code: String,
    pub tail: String,
}

/// A keyed list of text lines (diffs, checks as you type). Every short list of the panel
/// goes through this one component, so the keyed-list code exists once in the wasm; a
/// line is rebuilt only when its own content changes.
#[component]
pub fn TextList(#[prop(into)] lines: Signal<Vec<Line>>) -> impl IntoView {
    view! {
        // Keyed by position and content: the same line twice (a repeated paste) stays two.
        <For each=move || lines.get().into_iter().enumerate() key=|l| l.clone() let:l>
            <li class=l.1.class>{l.1.lead}<code>{l.1.code}</code>{l.1.tail}</li>
        </For>
    }
}

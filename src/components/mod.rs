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
pub mod read_only;
pub mod resource;
pub mod rows;
pub mod terraform;

use std::fmt::Display;

use leptos::prelude::*;
use privatelink_core::paste::Pasted;
use privatelink_core::{Cloud, EndpointIp, EndpointIpError, Tone};

use crate::state::{ActionFuture, Ctx, UserAction};

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

/// The privatelink's state badge, whatever its cloud.
#[component]
pub fn PrivatelinkBadge(ctx: Ctx) -> impl IntoView {
    let state = move || ctx.privatelink_state();
    view! {
        <Badge
            label=Signal::derive(move || state().map(|s| s.to_string()).unwrap_or_default())
            tone=Signal::derive(move || state().map_or(Tone::Bad, |s| s.tone()))
        />
    }
}

/// A value the API assigns once the privatelink is active (alias, service name, service
/// attachment…): in monospace with Copy, or a note until it is assigned.
#[component]
pub fn AssignedValue(
    ctx: Ctx,
    #[prop(into)] value: Signal<String>,
    label: &'static str,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || !value.get().is_empty()
            fallback=|| view! { <span class="plp-muted">"Assigned when the service is active"</span> }>
            <code data-testid=testid>{move || value.get()}</code>
            <CopyButton ctx=ctx text=value label=label />
        </Show>
    }
}

/// The as-you-type check of a pasted list, one line per entry: the token as typed, then
/// "ok" (with the value it tidies to, if that differs), "listed twice", or why it is refused.
pub fn pasted_lines<T: Display, E: Display>(entries: Vec<Pasted<T, E>>) -> Vec<Line> {
    entries
        .into_iter()
        .map(|e| {
            let (class, note) = match (&e.result, e.duplicate) {
                (Ok(_), true) => ("plp-entry plp-entry--bad", "listed twice".to_string()),
                (Ok(v), false) => {
                    // The tidied value only when tidying changed something.
                    let v = v.to_string();
                    let note = if v == e.raw {
                        "ok".to_string()
                    } else {
                        ["ok: ", &v].concat()
                    };
                    ("plp-entry plp-entry--ok", note)
                }
                (Err(err), _) => ("plp-entry plp-entry--bad", err.to_string()),
            };
            Line {
                class,
                lead: "",
                code: e.raw,
                tail: [" — ", note.as_str()].concat(),
            }
        })
        .collect()
}

/// A create form's frame, the same for every cloud: title, the cloud's fields
/// (`children`), why Create is disabled, Create, its error and its `avn` command.
#[component]
pub fn CreateCard(
    ctx: Ctx,
    title: &'static str,
    #[prop(into)] blocked: Signal<Option<String>>,
    action: UserAction,
    #[prop(into)] avn: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <form class="plp-card" data-testid="create-form"
            on:submit=move |ev| { ev.prevent_default(); action.run(); }>
            <h3 class="plp-card__title">{title}</h3>
            {children()}
            <Show when=move || blocked.with(Option::is_some)>
                <p class="plp-muted" data-testid="create-blocked">{move || blocked.get().unwrap_or_default()}</p>
            </Show>
            <div class="plp-row">
                <button type="submit" class="plp-btn plp-btn--primary" data-testid="create"
                    disabled=move || action.busy() || blocked.with(Option::is_some)>
                    {move || if action.busy() { "Creating…" } else { "Create" }}
                </button>
            </div>
            <ErrorLine action=action />
            <AvnCommand ctx=ctx command=avn />
        </form>
    }
}

/// A textarea taking a pasted list, with each entry checked below it as it is typed.
#[component]
pub fn PastedListInput(
    ctx: Ctx,
    /// Names the element IDs and test IDs (`{name}-input`, `{name}-entries`).
    name: &'static str,
    label: String,
    text: RwSignal<String>,
    #[prop(into)] lines: Signal<Vec<Line>>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let check_id = ctx.id(&[name, "-check"].concat());
    view! {
        <label class="plp-label" for=ctx.id(name)>{label}</label>
        <textarea id=ctx.id(name) class="plp-input plp-textarea" rows="3" data-testid=[name, "-input"].concat()
            placeholder=placeholder aria-describedby=check_id.clone()
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <ul class="plp-entries" id=check_id data-testid=[name, "-entries"].concat()>
            // Keyed by content: typing changes only the entry being typed.
            <TextList lines=lines />
        </ul>
    }
}

/// Reads pasted text as a list (tidied), or says why it cannot be saved.
pub type CheckList = Box<dyn Fn(&str) -> Result<Vec<String>, String>>;
/// Something made from the new list: extra lines, the `avn` command.
pub type FromList<T> = Box<dyn Fn(&[String]) -> T>;

/// How a [`ListEditor`] reads and saves its list; boxed, so every editor shares one copy
/// of the editor's code.
pub struct ListRules {
    pub check: CheckList,
    /// Lines after the diff (Azure: the connections the save would cut off).
    pub extra: FromList<Vec<Line>>,
    /// Saves the text (parsed again into the cloud's own types).
    pub save: Box<dyn Fn(String) -> ActionFuture>,
    /// The `avn` command of the save.
    pub avn: FromList<String>,
}

/// Editing an allowlist (Azure subscriptions, AWS principals): a save replaces the whole
/// list, so the editor shows what is added and removed before anything is sent.
#[component]
pub fn ListEditor(
    ctx: Ctx,
    /// Names the test IDs: `edit-{name}`, `{name}-editor`, `{name}-input`, `{name}-diff`,
    /// `save-{name}`.
    name: &'static str,
    /// What is allowed, in the buttons: "subscriptions", "principals".
    what: &'static str,
    field_label: &'static str,
    warning: &'static str,
    #[prop(into)] old: Signal<Vec<String>>,
    rules: ListRules,
) -> impl IntoView {
    let rules = StoredValue::new_local(rules);
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let parsed = move || text.with(|t| rules.with_value(|r| (r.check)(t)));
    let lines = move || {
        let Ok(new) = parsed() else { return vec![] };
        let d = privatelink_core::allowlist::allowlist_diff(&old.get(), &new);
        let added = d
            .added
            .into_iter()
            .map(|s| ("plp-diff--added", "+ added ", s));
        let removed = d
            .removed
            .into_iter()
            .map(|s| ("plp-diff--removed", "− removed ", s));
        let mut out: Vec<Line> = added
            .chain(removed)
            .map(|(class, lead, code)| Line {
                class,
                lead,
                code,
                tail: String::new(),
            })
            .collect();
        out.extend(rules.with_value(|r| (r.extra)(&new)));
        out
    };
    let saved = ["Allowed ", what, " saved."].concat();
    let save = UserAction::new(move || {
        // Save is disabled while the list is invalid, but Retry under an earlier error is
        // not: an invalid list sends nothing, says nothing and keeps the editor open.
        let valid = untrack(parsed).is_ok();
        let saving = valid.then(|| rules.with_value(|r| (r.save)(text.get_untracked())));
        let saved = saved.clone();
        Box::pin(async move {
            let Some(saving) = saving else { return Ok(()) };
            saving.await?;
            ctx.announce(saved);
            editing.set(false);
            Ok(())
        })
    });
    let avn = move || rules.with_value(|r| (r.avn)(&parsed().unwrap_or_default()));
    let save_label = ["Save allowed ", what].concat();
    view! {
        <Show when=move || editing.get()
            fallback=move || view! {
                <button type="button" class="plp-btn" data-testid=["edit-", name].concat()
                    on:click=move |_| { text.set(old.get_untracked().join("\n")); editing.set(true); }>
                    "Edit allowed " {what}
                </button>
            }>
            <div class="plp-editor" data-testid=[name, "-editor"].concat()>
                <label class="plp-label" for=ctx.id(name)>{field_label}</label>
                <textarea id=ctx.id(name) class="plp-input plp-textarea" rows="3" data-testid=[name, "-input"].concat()
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="plp-warning">{warning}</p>
                <Show when=move || parsed().is_err()
                    fallback=move || view! {
                        <ul class="plp-diff" data-testid=[name, "-diff"].concat()>
                            <TextList lines=Signal::derive(lines) />
                        </ul>
                    }>
                    <p class="plp-error" role="alert">{move || parsed().err()}</p>
                </Show>
                <div class="plp-row">
                    <button type="button" class="plp-btn plp-btn--primary" data-testid=["save-", name].concat()
                        disabled=move || save.busy() || parsed().is_err()
                        on:click=move |_| save.run()>
                        {let label = save_label.clone(); move || if save.busy() { "Saving…".to_string() } else { label.clone() }}
                    </button>
                    <button type="button" class="plp-btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
                <ErrorLine action=save />
                <AvnCommand ctx=ctx command=Signal::derive(avn) />
            </div>
        </Show>
    }
}

/// A connection's states seen so far, with their times: "10:01:02 pending-user-approval →
/// 10:03:04 user-approved".
pub fn timeline_text(seen: Option<&Vec<crate::state::Seen>>) -> String {
    let mut out = String::new();
    for s in seen.into_iter().flatten() {
        if !out.is_empty() {
            out.push_str(" → ");
        }
        out.push_str(&s.at);
        out.push(' ');
        out.push_str(&s.state);
    }
    out
}

/// What to say under a typed endpoint IP: `(true, why)` when it is refused, `(false,
/// warning)` when it is unusual for `cloud`, nothing when it is fine or empty.
pub fn ip_message(
    check: Option<Result<EndpointIp, EndpointIpError>>,
    cloud: Cloud,
) -> Option<(bool, String)> {
    match check? {
        Err(e) => Some((true, e.to_string())),
        Ok(ip) => ip.warning_on(cloud).map(|w| (false, w)),
    }
}

/// Writes text to the clipboard and says so in the live region.
pub fn copy_text(ctx: Ctx, text: String, what: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&text);
        ctx.announce(format!("Copied {what}."));
    }
}

/// A button copying `text`; its accessible name says what it copies (and, in a table,
/// of which row).
#[component]
pub fn CopyButton(
    ctx: Ctx,
    #[prop(into)] text: Signal<String>,
    #[prop(into)] label: String,
) -> impl IntoView {
    let name = ["Copy ", &label].concat();
    view! {
        <button type="button" class="plp-btn plp-btn--small" aria-label=name
            on:click=move |_| copy_text(ctx, text.get_untracked(), &label)>
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
pub fn AvnCommand(ctx: Ctx, #[prop(into)] command: Signal<String>) -> impl IntoView {
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
                    <CopyButton ctx=ctx text=command label="avn command" />
                </div>
            </Show>
        </div>
    }
}

/// The key of a keyed list's row that is rebuilt whenever any of `parts` changes; the
/// first part tells rows apart. One key type (`String`) for every `<For>`: each key type
/// brings its own copy of Leptos's keyed diff and index set (≈3 kB of wasm each).
pub fn content_key(parts: &[&str]) -> String {
    parts.join("\u{1f}")
}

/// One line of a [`TextList`]: `lead`, then `code` in monospace, then `tail`.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        <For each=move || lines.get().into_iter().enumerate()
            key=|(i, l)| content_key(&[&i.to_string(), l.class, l.lead, &l.code, &l.tail])
            let:l>
            <li class=l.1.class>{l.1.lead}<code>{l.1.code}</code>{l.1.tail}</li>
        </For>
    }
}

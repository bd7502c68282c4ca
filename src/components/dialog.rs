//! A modal `alertdialog`: focus moves into it when it opens, Tab and Shift+Tab stay inside,
//! Escape cancels, and focus returns to what had it before.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), textarea, [href], [tabindex]:not([tabindex='-1'])";

fn focusables(root: &web_sys::HtmlDivElement) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return vec![];
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The element with the focus in `node`'s own root: its shadow root when the panel is in
/// one (there `document.activeElement` is only the shadow host), else the document.
fn active_element(node: &web_sys::Node) -> Option<HtmlElement> {
    js_sys::Reflect::get(&node.get_root_node(), &"activeElement".into())
        .ok()?
        .dyn_into::<HtmlElement>()
        .ok()
}

/// The focused element seen from the document, through open shadow roots: for when the
/// dialog is not in the DOM yet to ask its own root.
fn deep_active_element() -> Option<HtmlElement> {
    let mut a: HtmlElement = web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()?;
    // `shadowRoot` is null for none and for a closed one (read without web-sys's type).
    while let Some(inner) = js_sys::Reflect::get(&a, &"shadowRoot".into())
        .ok()
        .filter(JsValue::is_object)
        .and_then(|r| js_sys::Reflect::get(&r, &"activeElement".into()).ok())
        .and_then(|x| x.dyn_into::<HtmlElement>().ok())
    {
        a = inner;
    }
    Some(a)
}

/// A table's one confirmation dialog: whether it is open, and the action its confirm button
/// runs, set by the row that opens it.
#[derive(Clone, Copy)]
pub struct Confirm {
    pub open: RwSignal<bool>,
    action: StoredValue<Option<Callback<()>>>,
}

impl Default for Confirm {
    fn default() -> Confirm {
        Confirm {
            open: RwSignal::new(false),
            action: StoredValue::new(None),
        }
    }
}

impl Confirm {
    /// Opens the dialog to run `action` if it is confirmed.
    pub fn ask(&self, action: Callback<()>) {
        self.action.set_value(Some(action));
        self.open.set(true);
    }

    /// Closes the dialog and runs the action it was opened for; nothing when that action
    /// is gone (its row was removed by a poll while the dialog was open).
    pub fn confirm(&self) {
        // Closed first: the dialog's effect then gives the focus back to the opener before
        // the action's own effects run, so a row can pass it on (the Azure row moves it
        // from its Approve button to its IP field when the approval starts).
        self.open.set(false);
        if let Some(cb) = self.action.get_value() {
            let _ = cb.try_run(());
        }
    }
}

/// The dialog; `children` is its body, the buttons are its own.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    title: &'static str,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] confirm_enabled: Signal<bool>,
    on_confirm: Callback<()>,
    #[prop(optional)] danger: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let root = NodeRef::<html::Div>::new();
    let opener = StoredValue::new_local(None::<HtmlElement>);
    let id = format!("plp-dialog-{}", js_sys::Math::random().to_bits());
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open != Some(true) {
            // The dialog is in the DOM by now (effects run after rendering), in the same
            // root as the control that opened it, which still has the focus.
            opener.set_value(match root.get_untracked() {
                Some(r) => active_element(&r),
                None => deep_active_element(),
            });
            set_timeout(
                move || {
                    let Some(r) = root.get_untracked() else {
                        return;
                    };
                    // Someone quick (a keyboard user, a test) may already have moved focus
                    // into the dialog; taking it back to the first button would make their
                    // next Enter press Cancel.
                    let inside = active_element(&r).is_some_and(|a| r.contains(Some(&a)));
                    if let (false, Some(first)) = (inside, focusables(&r).into_iter().next()) {
                        let _ = first.focus();
                    }
                },
                std::time::Duration::from_millis(0),
            );
        } else if !is_open && was_open == Some(true) {
            if let Some(el) = opener.get_value() {
                let _ = el.focus();
            }
        }
        is_open
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            open.set(false);
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(r) = root.get_untracked() else {
            return;
        };
        let items = focusables(&r);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let active = active_element(&r);
        if ev.shift_key() && active.as_ref() == Some(first) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && active.as_ref() == Some(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };
    let title_id = format!("{id}-title");
    view! {
        <Show when=move || open.get()>
            <div class="plp-backdrop">
                <div class="plp-dialog" role="alertdialog" aria-modal="true"
                    aria-labelledby=title_id.clone() node_ref=root on:keydown=on_keydown>
                    <h3 class="plp-dialog__title" id=title_id.clone()>{title}</h3>
                    {children()}
                    <div class="plp-dialog__buttons">
                        <button type="button" class="plp-btn" on:click=move |_| open.set(false)>
                            "Cancel"
                        </button>
                        <button type="button"
                            class=if danger { "plp-btn plp-btn--danger" } else { "plp-btn plp-btn--primary" }
                            disabled=move || !confirm_enabled.get()
                            on:click=move |_| on_confirm.run(())>
                            {move || confirm_label.get()}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

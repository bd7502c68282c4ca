//! A few non-generic DOM helpers for the views that are built by hand instead of with
//! `view!`: the rows of every cloud's connections table, which a service may have by the
//! thousand. Each `view!` node is a generic instantiation with its own reactive effect;
//! these are plain calls, shared by every row, that write only what changed (so a poll
//! that changes nothing touches no node, and a change touches only its own).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node, Text};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the panel runs in a page with a document")
}

/// A new element with a class (none when `class` is empty) and attributes.
pub fn el(doc: &Document, tag: &str, class: &str, attrs: &[(&str, &str)]) -> HtmlElement {
    let e: HtmlElement = doc
        .create_element(tag)
        .expect("a valid tag name")
        .unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    for (k, v) in attrs {
        set_attr(&e, k, v);
    }
    e
}

pub fn set_attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// Sets a boolean attribute (`disabled`, `hidden`, …) on or off.
pub fn toggle_attr(e: &Element, name: &str, on: bool) {
    if on {
        set_attr(e, name, "");
    } else {
        let _ = e.remove_attribute(name);
    }
}

/// Appends a text node and returns it.
pub fn text(doc: &Document, parent: &Node, value: &str) -> Text {
    let t = doc.create_text_node(value);
    let _ = parent.append_child(&t);
    t
}

/// An element and its text, appended to `parent`.
pub fn child(
    doc: &Document,
    parent: &Node,
    tag: &str,
    class: &str,
    attrs: &[(&str, &str)],
    value: &str,
) -> HtmlElement {
    let e = el(doc, tag, class, attrs);
    if !value.is_empty() {
        e.set_text_content(Some(value));
    }
    let _ = parent.append_child(&e);
    e
}

/// Puts `new` (or nothing) where `slot`'s element was: the old one is removed, the new
/// one inserted before the first of `before` that is present (else at the end). For the
/// parts of a row that come and go.
pub fn place(
    parent: &Node,
    slot: &mut Option<HtmlElement>,
    new: Option<HtmlElement>,
    before: &[&Option<HtmlElement>],
) {
    if let Some(old) = slot.take() {
        old.remove();
    }
    if let Some(e) = &new {
        let anchor = before.iter().find_map(|b| b.as_ref()).map(|b| b.as_ref());
        let _ = parent.insert_before(e, anchor);
    }
    *slot = new;
}

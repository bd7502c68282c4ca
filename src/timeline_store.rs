//! The per-connection timeline kept across reloads of the tab: in `sessionStorage`, one
//! entry per project and service, bounded (the listed connections only, at most
//! [`MAX_CONNECTIONS`] of them and the last [`MAX_STEPS`] states each). Storage that is
//! missing, full or refused (a sandboxed frame) only means the timeline starts empty.

use std::collections::BTreeMap;

use js_sys::{Array, Object, Reflect, JSON};
use privatelink_core::ConnectionId;
use wasm_bindgen::{JsCast, JsValue};

use crate::state::Seen;

pub const MAX_CONNECTIONS: usize = 200;
pub const MAX_STEPS: usize = 20;

fn key(project: &str, service: &str) -> String {
    ["privatelink-panel/timeline/", project, "/", service].concat()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The stored timeline of `project`/`service`; empty when there is none or it is unreadable.
pub fn load(project: &str, service: &str) -> BTreeMap<ConnectionId, Vec<Seen>> {
    let mut out = BTreeMap::new();
    let Some(text) = storage().and_then(|s| s.get_item(&key(project, service)).ok().flatten())
    else {
        return out;
    };
    let Ok(v) = JSON::parse(&text) else {
        return out;
    };
    let Ok(o) = v.dyn_into::<Object>() else {
        return out;
    };
    for entry in Object::entries(&o).iter().take(MAX_CONNECTIONS) {
        let entry: Array = entry.unchecked_into();
        let Some(id) = entry.get(0).as_string() else {
            continue;
        };
        let Ok(id) = ConnectionId::parse(&id) else {
            continue;
        };
        let steps = entry.get(1);
        if !Array::is_array(&steps) {
            continue;
        }
        let steps: Vec<Seen> = Array::from(&steps)
            .iter()
            .filter_map(|step| {
                if !Array::is_array(&step) {
                    return None;
                }
                let step = Array::from(&step);
                Some(Seen {
                    state: step.get(0).as_string()?,
                    at: step.get(1).as_string()?,
                })
            })
            .collect();
        let skip = steps.len().saturating_sub(MAX_STEPS);
        out.insert(id, steps.into_iter().skip(skip).collect());
    }
    out
}

/// Stores the timeline of the connections in `listed`, bounded.
pub fn save(
    project: &str,
    service: &str,
    timeline: &BTreeMap<ConnectionId, Vec<Seen>>,
    listed: &[ConnectionId],
) {
    let Some(storage) = storage() else { return };
    let o = Object::new();
    for id in listed.iter().take(MAX_CONNECTIONS) {
        let Some(steps) = timeline.get(id) else {
            continue;
        };
        let arr = Array::new();
        for s in &steps[steps.len().saturating_sub(MAX_STEPS)..] {
            arr.push(&Array::of2(
                &JsValue::from_str(&s.state),
                &JsValue::from_str(&s.at),
            ));
        }
        let _ = Reflect::set(&o, &JsValue::from_str(id.as_str()), &arr);
    }
    if let Some(text) = JSON::stringify(&o).ok().and_then(|t| t.as_string()) {
        // Full or refused storage: the timeline is then only kept for this page's life.
        let _ = storage.set_item(&key(project, service), &text);
    }
}

//! The bench's floor: what `bench/plain.js` does (the service, the privatelink and its
//! connections asked for one after another; the same connections table with the same
//! attributes, though Leptos fills it in place where plain.js inserts it whole) as a small Leptos
//! app, measured beside the panel and the plain page by `bench/frontend.mjs`. It tells the
//! cost of wasm and Leptos on the machine apart from the panel's own code. Not shipped, and
//! only as careful as a benchmark page needs: no errors shown.

use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// One connection row, as the plain page shows it.
#[derive(Clone)]
struct Row {
    id: String,
    subscription: String,
    group: String,
    name: String,
    full: String,
    state: String,
    ip: String,
}

impl Row {
    fn of(c: &serde_json::Value) -> Row {
        let text = |k: &str| c[k].as_str().unwrap_or("").to_owned();
        let full = text("private_endpoint_id");
        // /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/privateEndpoints/{n}
        let part = |i: usize| full.split('/').nth(i).unwrap_or("").to_owned();
        Row {
            id: text("privatelink_connection_id"),
            subscription: part(2),
            group: part(4),
            name: part(8),
            state: text("state"),
            ip: c["user_ip_address"].as_str().unwrap_or("—").to_owned(),
            full,
        }
    }
}

async fn get(url: &str, token: &str) -> Option<serde_json::Value> {
    let r = Request::get(url)
        .header("Authorization", &format!("aivenv1 {token}"))
        .send()
        .await
        .ok()?;
    serde_json::from_str(&r.text().await.ok()?).ok()
}

fn badge(state: &str) -> &'static str {
    match state {
        "active" => "plp-badge plp-badge--ok",
        "user-approved" | "connected" => "plp-badge plp-badge--busy",
        "pending-user-approval" => "plp-badge plp-badge--wait",
        _ => "plp-badge plp-badge--neutral",
    }
}

/// Renders into the body and loads: the page's module calls it once the wasm is in.
#[wasm_bindgen]
pub fn run() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // As plain.js reads them: `service` (and `project`) in the query, `token` in the
    // fragment.
    let location = window.location();
    let param = |text: Result<String, JsValue>, skip: usize, key: &str| {
        let text = text.unwrap_or_default();
        web_sys::UrlSearchParams::new_with_str(text.get(skip..).unwrap_or(""))
            .ok()
            .and_then(|p| p.get(key))
    };
    let token = param(location.hash(), 1, "token").unwrap_or_default();
    let service = param(location.search(), 0, "service").unwrap_or_else(|| "demo-pg".into());
    let project = param(location.search(), 0, "project").unwrap_or_else(|| "demo-project".into());
    let rows = RwSignal::new(Vec::<Row>::new());
    let status = RwSignal::new("Loading…".to_owned());
    let title = format!("Azure PrivateLink · {service}");
    mount_to_body(move || {
        view! {
            <main><section class="plp">
                <header class="plp-header"><h2 class="plp-title">{title}</h2></header>
                <p class="plp-muted" role="status">{move || status.get()}</p>
                <div class="plp-card">
                    <table class="plp-table" data-testid="connections">
                        <caption>"Private endpoint connections"</caption>
                        <thead><tr>
                            <th scope="col">"Connection"</th><th scope="col">"Subscription"</th>
                            <th scope="col">"Resource group"</th><th scope="col">"Endpoint"</th>
                            <th scope="col">"State"</th><th scope="col">"Endpoint IP"</th>
                            <th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.id.clone() let:r>
                                <tr data-testid=format!("connection-{}", r.id)>
                                    <th scope="row"><code>{r.id.clone()}</code></th>
                                    <td title=r.full.clone()>{r.subscription.clone()}</td>
                                    <td>{r.group.clone()}</td>
                                    <td title=r.full.clone()>{r.name.clone()}</td>
                                    <td><span class=badge(&r.state) data-testid="state-badge">{r.state.clone()}</span></td>
                                    <td>{r.ip.clone()}</td>
                                    <td class="plp-actions">
                                        {(r.state == "pending-user-approval").then(|| view! {
                                            <button type="button" class="plp-btn plp-btn--primary"
                                                aria-label=format!("Approve {}", r.id) data-action="approve"
                                                data-id=r.id.clone()>"Approve"</button>
                                        })}
                                        <form class="plp-ip" data-id=r.id.clone()>
                                            <input class="plp-input plp-input--ip" type="text" inputmode="decimal"
                                                placeholder="10.0.0.5" aria-label=format!("Endpoint IP of {}", r.id)
                                                data-testid="ip-input" />
                                            <button type="submit" class="plp-btn" data-testid="save-ip"
                                                aria-label=format!("Save IP for {}", r.id)>"Save IP"</button>
                                        </form>
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </section></main>
        }
    });
    // After the mount, which sets up Leptos's executor.
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let base = format!("/v1/project/{}/service/{}", enc(&project), enc(&service));
    leptos::task::spawn_local(async move {
        let _ = get(&base, &token).await;
        let privatelink = format!("{base}/privatelink/azure");
        let _ = get(&privatelink, &token).await;
        let list = get(&format!("{privatelink}/connections"), &token).await;
        let list = list
            .as_ref()
            .and_then(|l| l["connections"].as_array())
            .map(|l| l.iter().map(Row::of).collect::<Vec<_>>())
            .unwrap_or_default();
        status.set(format!("{} connections", list.len()));
        rows.set(list);
    });
}
